//! A course as the index stores it and the API returns it.

use serde::{Deserialize, Serialize};

use super::Requisite;

/// One course of the calendar with its raw and parsed requisites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Canonical code, for example `CS 246`.
    pub code: String,
    /// Subject letters, for example `CS`.
    pub subject: String,
    /// Catalog number with any suffix, for example `136L`.
    pub number: String,
    /// Course level in hundreds (200 for `CS 246`).
    pub level: u16,
    /// Calendar title.
    pub title: String,
    /// Calendar description, without the "[Offered: …]" marker.
    pub description: String,
    /// Units of credit; a one-term course is 0.5.
    pub units: f32,
    /// Terms the course is normally offered in.
    pub terms_offered: Vec<Term>,
    /// Calendar notes, verbatim.
    pub notes: Option<String>,
    /// Raw "Prereq:" text, verbatim.
    pub prereq_text: Option<String>,
    /// Parsed prerequisite tree; `None` when the course has no prerequisite.
    pub prereq: Option<Requisite>,
    /// How much of `prereq_text` the parser understood; `None` without text.
    pub parse_status: Option<ParseStatus>,
    /// Raw "Coreq:" text, verbatim.
    pub coreq_text: Option<String>,
    /// Parsed corequisite tree.
    pub coreq: Option<Requisite>,
    /// Raw "Antireq:" text, verbatim.
    pub antireq_text: Option<String>,
    /// Antirequisite course codes parsed from `antireq_text`.
    pub antireqs: Vec<String>,
    /// Antirequisite text that is not a course code, kept verbatim.
    pub antireq_notes: Option<String>,
    /// Codes of cross-listed courses (the same course under another subject).
    pub crosslistings: Vec<String>,
}

/// A term of the academic year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Term {
    /// Fall, September to December.
    F,
    /// Winter, January to April.
    W,
    /// Spring, May to August.
    S,
}

impl Term {
    /// Parses `F`, `W` or `S`, ignoring case.
    pub fn parse(input: &str) -> Option<Term> {
        match input.trim().to_ascii_uppercase().as_str() {
            "F" | "FALL" => Some(Term::F),
            "W" | "WINTER" => Some(Term::W),
            "S" | "SPRING" => Some(Term::S),
            _ => None,
        }
    }

    /// The term after this one (F, W, S, F, …).
    pub fn next(self) -> Term {
        match self {
            Term::F => Term::W,
            Term::W => Term::S,
            Term::S => Term::F,
        }
    }
}

/// How much of a course's prerequisite text the parser understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseStatus {
    /// Every fragment became a structured leaf.
    Full,
    /// Some fragments are `unparsed` leaves.
    Partial,
    /// Nothing was understood; the tree is a single `unparsed` leaf.
    None,
}

impl ParseStatus {
    /// Stable lower-case name used in the index and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ParseStatus::Full => "full",
            ParseStatus::Partial => "partial",
            ParseStatus::None => "none",
        }
    }
}
