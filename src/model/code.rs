//! Course codes in their canonical form, `SUBJECT NUMBER` ("CS 246", "CS 136L").

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest subject the calendar uses is six letters ("MATBUS"); eight leaves room.
const MAX_SUBJECT_LEN: usize = 8;

/// A validated course code such as `CS 246` or `PSYCH 101R`.
///
/// Parsing accepts the spellings people type (`CS246`, `cs 246`, `CS-246`)
/// and always displays as `SUBJECT NUMBER` with one space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CourseCode {
    /// Upper-case subject letters, for example `CS`.
    subject: String,
    /// Catalog number: one to four digits and an optional upper-case letter suffix.
    number: String,
}

/// Why a string is not a course code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The input does not look like `SUBJECT NUMBER`.
    #[error("`{0}` is not a course code; write it as a subject and a number, for example `CS 246`")]
    Malformed(String),
}

impl CourseCode {
    /// Parses a course code, ignoring case, spaces, hyphens and underscores
    /// between the subject and the number.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let malformed = || CodeError::Malformed(input.trim().chars().take(40).collect());
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_' | '\u{a0}'))
            .collect::<String>()
            .to_ascii_uppercase();

        let split = compact
            .find(|c: char| c.is_ascii_digit())
            .ok_or_else(malformed)?;
        let (subject, number) = compact.split_at(split);
        if subject.is_empty()
            || subject.len() > MAX_SUBJECT_LEN
            || !subject.chars().all(|c| c.is_ascii_uppercase())
        {
            return Err(malformed());
        }

        let digits = number.chars().take_while(|c| c.is_ascii_digit()).count();
        let suffix = &number[digits..];
        if !(1..=4).contains(&digits)
            || suffix.len() > 2
            || !suffix.chars().all(|c| c.is_ascii_uppercase())
        {
            return Err(malformed());
        }

        Ok(CourseCode {
            subject: subject.to_string(),
            number: number.to_string(),
        })
    }

    /// Builds a code from a subject and a number that are parsed together.
    pub fn from_parts(subject: &str, number: &str) -> Result<Self, CodeError> {
        Self::parse(&format!("{subject} {number}"))
    }

    /// Subject letters, for example `CS`.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// Catalog number with its suffix, for example `136L`.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// Code without the space, for example `CS246`, as used in URLs.
    pub fn compact(&self) -> String {
        format!("{}{}", self.subject, self.number)
    }

    /// Course level in hundreds (`CS 246` is 200); 0 for a number under 100.
    pub fn level(&self) -> u16 {
        let digits: String = self.number.chars().take_while(|c| c.is_ascii_digit()).collect();
        let value: u16 = digits.parse().unwrap_or(0);
        if digits.len() >= 3 {
            value / 100 * 100
        } else {
            0
        }
    }
}

impl fmt::Display for CourseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.subject, self.number)
    }
}

impl TryFrom<String> for CourseCode {
    type Error = CodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        CourseCode::parse(&value)
    }
}

impl From<CourseCode> for String {
    fn from(code: CourseCode) -> String {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_common_spellings() {
        for input in ["CS246", "cs 246", "CS-246", " Cs_246 ", "CS\u{a0}246"] {
            assert_eq!(CourseCode::parse(input).unwrap().to_string(), "CS 246", "{input}");
        }
    }

    #[test]
    fn parse_keeps_letter_suffix() {
        assert_eq!(CourseCode::parse("cs136l").unwrap().to_string(), "CS 136L");
        assert_eq!(CourseCode::parse("PSYCH 101R").unwrap().compact(), "PSYCH101R");
    }

    #[test]
    fn parse_rejects_non_codes() {
        for input in ["", "246", "CS", "CS 2468X9", "C$ 246", "COMPUTERSC 246"] {
            assert!(CourseCode::parse(input).is_err(), "{input}");
        }
    }

    #[test]
    fn level_is_hundreds_digit() {
        assert_eq!(CourseCode::parse("CS 341").unwrap().level(), 300);
        assert_eq!(CourseCode::parse("ENGL 109").unwrap().level(), 100);
        assert_eq!(CourseCode::parse("MATH 10").unwrap().level(), 0);
    }
}
