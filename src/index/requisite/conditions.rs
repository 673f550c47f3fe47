//! Conditions that are not courses: academic level, program enrolment or
//! exclusion, credit exclusions, consent, units and averages.
//!
//! A condition is recognised only from its key words: "Level at least",
//! "Not open to", "consent", "units", "average", or a program word such as
//! "students" or "Honours". Other free text stays unparsed. Phrase-level
//! readers (programs, units, averages) live in `phrases.rs`.

use crate::model::{AcademicLevel, ConsentBy, ProgramMode, Requisite};

use super::grammar::Parser;
use super::lexer::Tok;
use super::tree::{all, any};

/// Words a consent phrase may contain besides the giver.
const CONSENT_WORDS: [&str; 18] = [
    "consent", "permission", "approval", "approved", "of", "the", "by", "with", "written", "required", "is",
    "needed", "from", "and", "or", "prior", "an", "a",
];

impl Parser<'_> {
    /// Parses a non-course condition at the cursor, if one starts here.
    pub(super) fn condition(&mut self) -> Option<Requisite> {
        if let Some(node) = self.level() {
            return Some(node);
        }
        if let Some(node) = self.not_open() {
            return Some(node);
        }
        if let Some(node) = self.open_to() {
            return Some(node);
        }
        if let Some(node) = self.consent() {
            return Some(node);
        }
        if let Some(node) = self.units() {
            return Some(node);
        }
        if let Some(node) = self.average() {
            return Some(node);
        }
        self.program_phrase()
    }

    /// Reads "Level at least 2A", "2B", "Year 3" or "third year", with the
    /// program that may follow ("Level at least 2A Software Engineering").
    fn level(&mut self) -> Option<Requisite> {
        let start = self.pos;
        self.eat_words(&["at", "least"]);
        let worded = self.eat_words(&["level"]) || self.eat_words(&["levels"]) || self.eat_words(&["lev"]);
        if worded {
            let _ = self.eat_words(&["at", "least"]) || self.eat_words(&["of", "at", "least"]) || self.eat_words(&["minimum"]);
        }
        let level = match self.tok(0).cloned() {
            Some(Tok::Level(level)) => {
                self.pos += 1;
                level
            }
            _ => match self.year_level() {
                Some(level) => level,
                None => {
                    self.pos = start;
                    return None;
                }
            },
        };
        let _ = self.eat_words(&["or", "higher"]) || self.eat_words(&["or", "above"]) || self.eat_words(&["and", "above"]);
        self.eat_words(&["standing"]);

        let leaf = Requisite::Level { min: level };
        let program_follows = matches!(self.tok(0), Some(Tok::Word(_)) | Some(Tok::Open))
            && !self.word_in(0, &["and", "or", "&", "with"])
            && !self.starts_condition(self.pos);
        if !program_follows {
            return Some(leaf);
        }
        match self.forced_program(ProgramMode::Enrolled) {
            Some(program) => Some(all(vec![leaf, program])),
            None => {
                // Only filler such as "students" follows the level.
                self.pos = self.phrase_end(self.pos);
                Some(leaf)
            }
        }
    }

    /// Reads "Year 3", "third year", "third-year" as the A term of that year.
    fn year_level(&mut self) -> Option<AcademicLevel> {
        let year = if self.word_in(0, &["year"]) {
            match self.tok(1) {
                Some(Tok::Small(year)) => Some(*year),
                _ => None,
            }
            .map(|year| (year, 2))
        } else {
            let word = self.word(0)?;
            let (ordinal, rest) = word.split_once('-').unwrap_or((word.as_str(), ""));
            let year = ["first", "second", "third", "fourth", "fifth"].iter().position(|o| *o == ordinal)? as u32 + 1;
            if rest == "year" {
                Some((year, 1))
            } else if rest.is_empty() && self.word_in(1, &["year"]) {
                Some((year, 2))
            } else {
                None
            }
        };
        let (year, consumed) = year?;
        let level = AcademicLevel::parse(&format!("{year}A")).ok()?;
        self.pos += consumed;
        Some(level)
    }

    /// Reads "Not open to … students" and "Not open to students who have
    /// received credit for ACTSC 232".
    fn not_open(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let opened = self.eat_words(&["not", "open", "to"])
            || self.eat_words(&["not", "available", "to"])
            || self.eat_words(&["not", "for"]);
        if !opened {
            return None;
        }
        if let Some(node) = self.credit_exclusion() {
            return Some(node);
        }
        let node = self.forced_program(ProgramMode::NotOpen);
        if node.is_none() {
            self.pos = start;
        }
        node
    }

    /// Reads "students who have received credit for X, Y" after "Not open to".
    fn credit_exclusion(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let mut offset = 0;
        while offset < 8 && matches!(self.tok(offset), Some(Tok::Word(_))) && !self.word_in(offset, &["credit", "taken"]) {
            offset += 1;
        }
        if !self.word_in(offset, &["credit", "taken"]) {
            return None;
        }
        self.pos += offset + 1;
        let _ = self.eat_words(&["for"]) || self.eat_words(&["in"]);
        if !matches!(self.tok(0), Some(Tok::Code { .. } | Tok::Number(_))) {
            self.pos = start;
            return None;
        }
        let list = self.and_expr();
        let mut codes = Vec::new();
        let mut only_courses = true;
        list.walk(&mut |node| match node {
            Requisite::Course { code, .. } => codes.push(code.clone()),
            Requisite::All { .. } | Requisite::Any { .. } | Requisite::NOf { .. } => {}
            _ => only_courses = false,
        });
        if only_courses {
            Some(Requisite::NoCredit { codes })
        } else {
            Some(all(vec![Requisite::NoCredit { codes }, list]))
        }
    }

    /// Reads "Open only to …", "Restricted to …" as a program enrolment.
    fn open_to(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let opened = self.eat_words(&["open", "only", "to"])
            || self.eat_words(&["only", "open", "to"])
            || self.eat_words(&["open", "to"])
            || self.eat_words(&["enrolment", "is", "restricted", "to"])
            || self.eat_words(&["enrollment", "is", "restricted", "to"])
            || self.eat_words(&["restricted", "to"])
            || self.eat_words(&["limited", "to"]);
        if !opened {
            return None;
        }
        let node = self.forced_program(ProgramMode::Enrolled);
        if node.is_none() {
            self.pos = start;
        }
        node
    }

    /// Reads "consent of instructor", "Department consent required",
    /// "permission of the instructor".
    fn consent(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let leads = ["consent", "permission", "approval", "written", "by", "with", "the", "instructor", "instructor's", "department", "departmental", "dept"];
        if !self.word_in(0, &leads) {
            return None;
        }
        let mut end = self.phrase_end(start);
        while self.word_at(end).is_some_and(|w| w == "or" || w == "and")
            && self.word_at(end + 1).is_some_and(|w| consent_giver(&w).is_some() || w == "the")
        {
            end = self.phrase_end(end + 1);
        }

        let words: Vec<String> = (start..end).filter_map(|at| self.word_at(at)).collect();
        let keyed = words.iter().any(|w| matches!(w.as_str(), "consent" | "permission" | "approval" | "approved"));
        // Any other word ("consent of instructor for non-majors") would be lost in a consent leaf.
        let only_consent_words = words.iter().all(|w| CONSENT_WORDS.contains(&w.as_str()) || consent_giver(w).is_some());
        if !keyed || !only_consent_words {
            return None;
        }

        let mut givers: Vec<ConsentBy> = Vec::new();
        for giver in words.iter().filter_map(|w| consent_giver(w)) {
            if !givers.contains(&giver) {
                givers.push(giver);
            }
        }
        if givers.is_empty() {
            // NOTE: "consent required" without a giver is read as the instructor's.
            givers.push(ConsentBy::Instructor);
        }
        self.pos = end;
        Some(any(givers.into_iter().map(|by| Requisite::Consent { by }).collect()))
    }
}

/// Returns the giver a consent word names, if any.
fn consent_giver(word: &str) -> Option<ConsentBy> {
    match word {
        "instructor" | "instructor's" | "instructors" | "professor" | "coordinator" | "teacher" => Some(ConsentBy::Instructor),
        "department" | "departmental" | "dept" | "school" | "program" | "faculty" | "director" | "advisor" | "chair" => {
            Some(ConsentBy::Department)
        }
        _ => None,
    }
}
