//! Calendar terms such as `2025F`, the unit a plan is laid out in.

use std::fmt;

use crate::model::Term;

/// A term of a given calendar year: `2025F` is Fall 2025, `2026W` Winter 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermLabel {
    /// Calendar year the term falls in.
    pub year: u16,
    /// Fall, Winter or Spring.
    pub term: Term,
}

impl TermLabel {
    /// Parses `2025F`, `2026w` or `2026 S`; years 2000 to 2099.
    pub fn parse(input: &str) -> Option<TermLabel> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() != 5 || !compact.is_ascii() {
            return None;
        }
        let (year, term) = compact.split_at(4);
        let year: u16 = year.parse().ok().filter(|year| (2000..=2099).contains(year))?;
        Some(TermLabel { year, term: Term::parse(term)? })
    }

    /// The term after this one; Winter starts a new year.
    pub fn next(self) -> TermLabel {
        let term = self.term.next();
        let year = if term == Term::W { self.year + 1 } else { self.year };
        TermLabel { year, term }
    }

    /// The first term that starts after the given month (1 to 12) of `year`:
    /// Fall starts in September, Winter in January, Spring in May.
    pub fn upcoming(year: u16, month: u32) -> TermLabel {
        match month {
            1..=4 => TermLabel { year, term: Term::S },
            5..=8 => TermLabel { year, term: Term::F },
            _ => TermLabel { year: year + 1, term: Term::W },
        }
    }
}

impl fmt::Display for TermLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:?}", self.year, self.term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        let label = TermLabel::parse("2025f").unwrap();
        assert_eq!(label.to_string(), "2025F");
        for bad in ["", "2025", "2025X", "25F", "1999F", "2025FF"] {
            assert!(TermLabel::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn next_wraps_into_the_next_year() {
        let fall = TermLabel::parse("2025F").unwrap();
        assert_eq!(fall.next().to_string(), "2026W");
        assert_eq!(fall.next().next().to_string(), "2026S");
        assert_eq!(fall.next().next().next().to_string(), "2026F");
    }

    #[test]
    fn upcoming_term_follows_the_month() {
        assert_eq!(TermLabel::upcoming(2025, 2).to_string(), "2025S");
        assert_eq!(TermLabel::upcoming(2025, 6).to_string(), "2025F");
        assert_eq!(TermLabel::upcoming(2025, 10).to_string(), "2026W");
    }
}
