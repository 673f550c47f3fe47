//! The requisite parser: the calendar's "Prereq:" and "Coreq:" text into
//! [`Requisite`] trees, plus antirequisite and cross-listing course lists and
//! the "[Offered: F,W,S]" marker.
//!
//! Guarantee: every word of the input ends in a leaf. Courses, levels,
//! programs, units, averages, consent and credit exclusions become structured
//! leaves, and any fragment the grammar cannot read becomes an
//! [`Requisite::Unparsed`] leaf with the exact source text. Filler words
//! ("students only", a leading "Prereq:") and punctuation are consumed without
//! a leaf. The property tests check that the parser does not panic on
//! arbitrary input.

mod conditions;
mod courses;
mod grammar;
mod lexer;
mod lists;
mod modifiers;
mod phrases;
mod tree;

#[cfg(test)]
mod coverage_tests;
#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod tests;

pub use lists::{parse_course_list, strip_offered_marker, terms_offered, CourseList};

use crate::index::taxonomy::Taxonomy;
use crate::model::{ParseStatus, Requisite};

use grammar::Parser;

/// A parsed requisite text and how much of it was understood.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRequisite {
    /// The tree; `None` when the text is empty or only punctuation and labels.
    pub tree: Option<Requisite>,
    /// `full`, `partial` or `none`; `None` exactly when `tree` is `None`.
    pub status: Option<ParseStatus>,
}

/// Parses prerequisite text such as `Prereq: MATH 137 or 147; Level at least 2A`.
///
/// `own_subject` is the course's subject, which a bare catalog number takes
/// when it appears before any subject ("Prereq: 135 or 145").
pub fn parse_prerequisites(text: &str, own_subject: &str, taxonomy: &Taxonomy) -> ParsedRequisite {
    parse(text, own_subject, taxonomy, false)
}

/// Parses corequisite text such as `Coreq: STAT 230 or 240`; every course
/// leaf is marked `concurrent`, since a corequisite may be taken in the same term.
pub fn parse_corequisites(text: &str, own_subject: &str, taxonomy: &Taxonomy) -> ParsedRequisite {
    parse(text, own_subject, taxonomy, true)
}

fn parse(text: &str, own_subject: &str, taxonomy: &Taxonomy, coreq: bool) -> ParsedRequisite {
    let tokens = lexer::tokenize(text);
    let mut parser = Parser::new(text, tokens, own_subject, taxonomy, coreq);
    let parts = parser.parse_all();
    if parts.is_empty() {
        return ParsedRequisite { tree: None, status: None };
    }
    let tree = tree::simplify(tree::all(parts));
    let status = tree::status(&tree);
    ParsedRequisite { tree: Some(tree), status: Some(status) }
}
