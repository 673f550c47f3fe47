//! Academic levels `1A` … `4B`, the unit the calendar uses for "Level at least 2A".

use std::fmt;

use serde::{Deserialize, Serialize};

/// A student's academic level: a year from 1 to 5 and a term `A` or `B`.
///
/// Ordered so that `1A < 1B < 2A < … < 4B`. Year 5 exists for students who
/// take longer than four years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AcademicLevel {
    /// Year of study, 1 to 5.
    year: u8,
    /// `false` for the A term, `true` for the B term.
    second_term: bool,
}

/// Why a string is not an academic level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an academic level; use a year and a term such as `1A`, `2B` or `4A`")]
pub struct LevelError(pub String);

impl AcademicLevel {
    /// Parses `2A`, `2a` or ` 2B `.
    pub fn parse(input: &str) -> Result<Self, LevelError> {
        let text = input.trim().to_ascii_uppercase();
        let bytes = text.as_bytes();
        if bytes.len() != 2 {
            return Err(LevelError(input.trim().chars().take(20).collect()));
        }
        let year = match bytes[0] {
            b'1'..=b'5' => bytes[0] - b'0',
            _ => return Err(LevelError(text)),
        };
        let second_term = match bytes[1] {
            b'A' => false,
            b'B' => true,
            _ => return Err(LevelError(text)),
        };
        Ok(AcademicLevel { year, second_term })
    }

    /// Year of study, 1 to 5.
    pub fn year(self) -> u8 {
        self.year
    }

    /// The level one term later (`2B` after `2A`), capped at `5B`.
    pub fn next(self) -> Self {
        match (self.year, self.second_term) {
            (5, true) => self,
            (year, false) => AcademicLevel { year, second_term: true },
            (year, true) => AcademicLevel { year: year + 1, second_term: false },
        }
    }
}

impl fmt::Display for AcademicLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.year, if self.second_term { 'B' } else { 'A' })
    }
}

impl TryFrom<String> for AcademicLevel {
    type Error = LevelError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        AcademicLevel::parse(&value)
    }
}

impl From<AcademicLevel> for String {
    fn from(level: AcademicLevel) -> String {
        level.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_order_by_year_then_term() {
        let levels: Vec<_> = ["1A", "1b", "2A", "4B"].iter().map(|l| AcademicLevel::parse(l).unwrap()).collect();
        assert!(levels.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn parse_rejects_unknown_levels() {
        for input in ["", "0A", "6A", "2C", "2AA", "A2"] {
            assert!(AcademicLevel::parse(input).is_err(), "{input}");
        }
    }

    #[test]
    fn next_advances_one_term() {
        assert_eq!(AcademicLevel::parse("2A").unwrap().next().to_string(), "2B");
        assert_eq!(AcademicLevel::parse("2B").unwrap().next().to_string(), "3A");
    }
}
