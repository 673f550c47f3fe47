//! Grade and concurrency phrases around a term: "with a grade of at least
//! 70%", "at least 60% in", "(minimum grade 70%)", "or concurrently",
//! "a corequisite of".

use crate::model::Requisite;

use super::grammar::Parser;
use super::lexer::Tok;
use super::tree::{push_concurrent, push_grade};

/// Words that may sit between "with" and the percentage of a grade phrase.
const GRADE_WORDS: [&str; 21] = [
    "with", "a", "an", "the", "grade", "grades", "final", "minimum", "min", "mark", "marks", "of", "at", "least", "minimal",
    "overall", "score", "obtained", "achieved", "earned", "must",
];

/// Words that may follow the percentage ("or higher").
const HIGHER_WORDS: [&str; 6] = ["higher", "better", "above", "greater", "more", "over"];

/// Words of a concurrency phrase before its key word ("may be taken concurrently").
const CONCURRENT_LEAD: [&str; 7] = ["or", "may", "can", "be", "taken", "as", "a"];

/// Key words of a concurrency phrase.
const CONCURRENT_KEYS: [&str; 6] = ["concurrently", "concurrent", "corequisite", "co-requisite", "coreq", "co-req"];

/// Maximum number of grade words searched before the percentage.
const MAX_GRADE_WORDS: usize = 8;

impl Parser<'_> {
    /// Applies every grade or concurrency phrase that follows a term.
    pub(super) fn modifiers(&mut self, mut node: Requisite) -> Requisite {
        loop {
            if let Some(grade) = self.grade_suffix() {
                push_grade(&mut node, grade);
            } else if self.concurrent_suffix() {
                push_concurrent(&mut node);
            } else if let Some(alternative) = self.alternative_suffix() {
                node = super::tree::any(vec![node, alternative]);
            } else if let Some(restriction) = self.term_restriction() {
                node = super::tree::all(vec![node, restriction]);
            } else {
                return node;
            }
        }
    }

    /// Reads "taken fall 2010 or earlier" or "(winter 2019 or later)" after a
    /// course. No leaf can express a restriction on when the course was taken,
    /// so it becomes an unparsed leaf beside the course.
    fn term_restriction(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let bracketed = self.tok(0) == Some(&Tok::Open);
        let mut offset = usize::from(bracketed);
        let taken = self.word_in(offset, &["taken"]);
        offset += usize::from(taken);
        offset += usize::from(self.word_in(offset, &["in", "after", "before", "since", "during"]));
        let seasons = ["fall", "winter", "spring", "summer"];
        if !self.word_in(offset, &seasons) || !(taken || bracketed) {
            return None;
        }
        offset += 1;
        let year = self.word(offset).is_some_and(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()));
        if !year {
            return None;
        }
        offset += 1;
        if self.word_in(offset, &["or"]) && self.word_in(offset + 1, &["earlier", "later", "before", "after"]) {
            offset += 2;
        }
        if bracketed {
            if self.tok(offset) != Some(&Tok::Close) {
                return None;
            }
            offset += 1;
        }
        self.pos += offset;
        let (from, to) = if bracketed { (start + 1, self.pos - 1) } else { (start, self.pos) };
        Some(self.unparsed(from, to))
    }

    /// Reads "with a grade of at least 70%", "(minimum grade 70%)" or ">70%".
    fn grade_suffix(&mut self) -> Option<u8> {
        if let (Some(Tok::Other('>' | '\u{2265}')), Some(Tok::Percent(grade))) = (self.tok(0), self.tok(1)) {
            let grade = *grade;
            self.pos += 2;
            return Some(grade);
        }
        let bracketed = self.tok(0) == Some(&Tok::Open);
        let introduced = self.word_in(0, &["with"]) || (self.tok(0) == Some(&Tok::Comma) && self.word_in(1, &["with"]));
        if !bracketed && !introduced {
            return None;
        }
        let lead = if self.tok(0) == Some(&Tok::Comma) { 2 } else { 1 };
        let (grade, mut offset) = self.percentage_after(lead)?;
        if bracketed {
            if self.tok(offset) != Some(&Tok::Close) {
                return None;
            }
            offset += 1;
        }
        self.pos += offset;
        Some(grade)
    }

    /// Reads "at least 60% in", "a grade of 60% or higher in", "minimum 60% in".
    pub(super) fn grade_prefix(&mut self) -> Option<u8> {
        let (grade, offset) = self.percentage_after(0)?;
        if !self.word_in(offset, &["in", "on", "for"]) {
            return None;
        }
        self.pos += offset + 1;
        Some(grade)
    }

    /// Finds a percentage after grade words starting `lead` tokens ahead;
    /// returns it and the offset just past it and any "or higher".
    fn percentage_after(&self, lead: usize) -> Option<(u8, usize)> {
        let mut offset = lead;
        while offset < lead + MAX_GRADE_WORDS && self.word_in(offset, &GRADE_WORDS) {
            offset += 1;
        }
        let Some(Tok::Percent(grade)) = self.tok(offset) else {
            return None;
        };
        let grade = *grade;
        offset += 1;
        if self.word_in(offset, &["or"]) && self.word_in(offset + 1, &HIGHER_WORDS) {
            offset += 2;
        }
        Some((grade, offset))
    }

    /// Reads a bracketed alternative after a term: "KIN 354 (or HLTH 348)",
    /// "CHEM 140 (formerly CHEM 140L)".
    fn alternative_suffix(&mut self) -> Option<Requisite> {
        if self.tok(0) != Some(&Tok::Open) || !self.word_in(1, &["or", "formerly"]) {
            return None;
        }
        let start = self.pos;
        self.pos += 2;
        if self.at_terminator() {
            self.pos = start;
            return None;
        }
        let inner = self.progressing(Self::and_expr);
        if self.tok(0) == Some(&Tok::Close) {
            self.pos += 1;
            return Some(inner);
        }
        // Without its closing bracket the phrase is left to the caller.
        self.pos = start;
        None
    }

    /// Reads "or concurrently", "(may be taken concurrently)", "or corequisite".
    fn concurrent_suffix(&mut self) -> bool {
        let bracketed = self.tok(0) == Some(&Tok::Open);
        let mut offset = usize::from(bracketed);
        let lead_start = offset;
        while offset < lead_start + 4 && self.word_in(offset, &CONCURRENT_LEAD) {
            offset += 1;
        }
        if !self.word_in(offset, &CONCURRENT_KEYS) {
            return false;
        }
        // "a corequisite of STAT 230" after a course starts a new term, not a suffix.
        let bare_key = offset == lead_start && !self.word_in(offset, &["concurrently"]);
        if !bracketed && (bare_key || self.word_in(offset + 1, &["of", "in"])) {
            return false;
        }
        offset += 1;
        if self.word_in(offset, &["enrolment", "enrollment", "registration"]) {
            offset += 1;
        }
        if bracketed {
            if self.tok(offset) != Some(&Tok::Close) {
                return false;
            }
            offset += 1;
        }
        self.pos += offset;
        true
    }

    /// Reads "a corequisite of", "concurrent enrolment in", "Coreq", which
    /// make the courses that follow concurrent.
    pub(super) fn concurrent_prefix(&mut self) -> bool {
        let start = self.pos;
        self.eat_words(&["a"]);
        let concurrent_enrolment = self.word_in(0, &["concurrent", "concurrently"])
            && self.word_in(1, &["enrolment", "enrollment", "enrolled", "registration"]);
        if concurrent_enrolment {
            self.pos += 2;
        } else if self.word_in(0, &["corequisite", "co-requisite", "coreq", "co-req"]) {
            self.pos += 1;
        } else {
            self.pos = start;
            return false;
        }
        let _ = self.eat_words(&["of"]) || self.eat_words(&["in"]);
        while self.tok(0) == Some(&Tok::Colon) {
            self.pos += 1;
        }
        if self.at_terminator() {
            self.pos = start;
            return false;
        }
        true
    }
}
