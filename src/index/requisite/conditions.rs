//! Conditions that are not courses: academic level, program enrolment or
//! exclusion, credit exclusions, consent, units and averages.
//!
//! A condition is recognised only from its key words: "Level at least",
//! "Not open to", "consent", "units", "average", or a program word such as
//! "students" or "Honours". Other free text stays unparsed.

use crate::model::{AcademicLevel, ConsentBy, ProgramMode, Requisite};

use super::grammar::Parser;
use super::lexer::{Tok, Token};
use super::tree::{all, any};

/// Words that mark a phrase as naming a program.
const PROGRAM_MARKERS: [&str; 24] = [
    "stdts", "stdnts",
    "students", "student", "student's", "students'", "majors", "major", "plan", "plans", "program", "programs",
    "option", "options", "specialization", "minor", "minors", "diploma", "honours", "faculty", "co-op", "coop",
    "school", "degree",
];

/// Words that may open a program phrase without naming the program.
const PROGRAM_LEAD: [&str; 16] = [
    "students", "student", "in", "the", "for", "standing", "an", "a", "enrolled", "who", "are", "registered", "to",
    "of", "only", "pursuing",
];

/// Words that show a phrase is an instruction or a note, not a program name.
const NOT_PROGRAM_WORDS: [&str; 16] = [
    "milestone", "must", "require", "requires", "required", "consult", "see", "obtain", "consent", "permission", "should", "may",
    "recommended", "equivalent", "year", "grade",
];

/// Words that may close a program phrase without naming the program.
const PROGRAM_TRAIL: [&str; 7] = ["students", "student", "student's", "students'", "only", "stdts", "stdnts"];

/// Words that start a new condition after "and", "or" or a comma.
const CONDITION_STARTS: [&str; 12] = [
    "level", "levels", "consent", "permission", "instructor", "instructor's", "department", "departmental", "prereq",
    "coreq", "antireq", "corequisite",
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
        if !keyed || words.len() > 12 {
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

    /// Reads "at least 1.0 units of CS", "0.50 unit in PHIL", "Four PSCI
    /// courses", "one 200-level PSCI course".
    fn units(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let _ = self.eat_words(&["at", "least"])
            || self.eat_words(&["a", "minimum", "of"])
            || self.eat_words(&["minimum", "of"])
            || self.eat_words(&["minimum"])
            || self.eat_words(&["min"]);
        if self.tok(0) == Some(&Tok::Period) && self.pos > start {
            self.pos += 1;
        }
        let quantity = match self.tok(0) {
            Some(Tok::Decimal(value)) => Some(*value),
            Some(Tok::Small(value)) => Some(*value as f32),
            _ => self.word(0).and_then(|w| number_word(&w)),
        };
        let Some(quantity) = quantity else {
            self.pos = start;
            return None;
        };
        let end = self.phrase_end(self.pos + 1);
        let unit_at = (self.pos + 1..end.min(self.pos + 6)).find(|at| {
            self.word_at(*at).is_some_and(|w| matches!(w.as_str(), "unit" | "units" | "course" | "courses"))
        });
        let Some(unit_at) = unit_at else {
            self.pos = start;
            return None;
        };
        let per_course = self.word_at(unit_at).is_some_and(|w| w.starts_with("course"));

        let mut subjects: Vec<String> = Vec::new();
        let mut min_course_level = None;
        for token in &self.toks[self.pos + 1..end] {
            if let Some(subject) = token.subject() {
                if !subjects.iter().any(|s| s == subject) {
                    subjects.push(subject.to_string());
                }
            }
            if let Some(level) = token.word().and_then(|w| w.strip_suffix("-level").and_then(|n| n.parse::<u16>().ok())) {
                min_course_level = Some(level);
            }
        }

        self.pos = end;
        Some(Requisite::Units {
            min_units: if per_course { quantity * 0.5 } else { quantity },
            subjects,
            min_course_level,
            text: self.span(start, end).to_string(),
        })
    }

    /// Reads a phrase with "average" and a percentage ("cumulative
    /// Psychology average of 82%").
    fn average(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let end = self.phrase_end(start);
        let has_average = (start..end).any(|at| self.word_at(at).is_some_and(|w| w == "average" || w == "averages"));
        let percent = self.toks[start..end].iter().find_map(|token| match token.tok {
            Tok::Percent(value) => Some(value),
            _ => None,
        });
        let percent = percent.filter(|_| has_average)?;
        self.pos = end;
        Some(Requisite::Average { min_percent: f32::from(percent), text: self.span(start, end).to_string() })
    }

    /// Reads a phrase that names a program by a marker word ("Honours
    /// Mathematics students only") or only by known program names.
    fn program_phrase(&mut self) -> Option<Requisite> {
        let end = self.phrase_end(self.pos);
        let marked = (self.pos..end).any(|at| self.word_at(at).is_some_and(|w| PROGRAM_MARKERS.contains(&w.as_str())));
        let note = (self.pos..end).any(|at| self.word_at(at).is_some_and(|w| NOT_PROGRAM_WORDS.contains(&w.as_str())));
        if note {
            return None;
        }
        if !marked && !self.taxonomy.names_only_programs(self.span(self.pos, end)) {
            return None;
        }
        self.forced_program(ProgramMode::Enrolled)
    }

    /// Reads the phrase ahead as a program name without checking for marker
    /// words; `None` when the phrase is only filler such as "students".
    fn forced_program(&mut self, mode: ProgramMode) -> Option<Requisite> {
        let end = self.phrase_end(self.pos);
        let (mut from, mut to) = (self.pos, end);
        while from < to && self.word_at(from).is_some_and(|w| PROGRAM_LEAD.contains(&w.as_str())) {
            from += 1;
        }
        while to > from && self.word_at(to - 1).is_some_and(|w| PROGRAM_TRAIL.contains(&w.as_str())) {
            to -= 1;
        }
        if from == to {
            return None;
        }
        self.pos = end;
        let name = self.span(from, to).to_string();
        let groups = self.taxonomy.resolve_phrase(&name);
        Some(Requisite::Program { mode, name, groups })
    }

    /// Index just past the free-text phrase that starts at `from`: it runs
    /// to a terminator, a course, or a connective that starts a new condition.
    pub(super) fn phrase_end(&self, from: usize) -> usize {
        let mut depth = 0usize;
        let mut outer_open = from;
        let mut at = from;
        while let Some(token) = self.toks.get(at) {
            match &token.tok {
                Tok::Semi | Tok::Period if depth == 0 => break,
                Tok::Open => {
                    if depth == 0 {
                        outer_open = at;
                    }
                    depth += 1;
                }
                Tok::Close if depth == 0 => break,
                Tok::Close => depth -= 1,
                Tok::Code { .. } | Tok::Number(_) if depth == 0 => break,
                // A course inside brackets ends the phrase before the bracket.
                Tok::Code { .. } | Tok::Number(_) => return outer_open,
                Tok::Comma if depth == 0 && at > from => {
                    let next = if self.word_at(at + 1).is_some_and(|w| w == "or" || w == "and") { at + 2 } else { at + 1 };
                    if self.starts_condition(next) {
                        break;
                    }
                }
                Tok::Word(_) if depth == 0 && at > from && self.word_at(at).is_some_and(|w| matches!(w.as_str(), "or" | "and" | "&")) => {
                    if self.starts_condition(at + 1) {
                        break;
                    }
                }
                Tok::Word(_) if at > from && self.is_label_at(at) => break,
                Tok::Other('-') if depth == 0 && at > from && self.word_at(at + 1).is_some_and(|w| w == "all") => break,
                _ => {}
            }
            at += 1;
        }
        at
    }

    /// `true` when a new condition or course starts at token `at`.
    pub(super) fn starts_condition(&self, at: usize) -> bool {
        let Some(token) = self.toks.get(at) else {
            return false;
        };
        if matches!(token.tok, Tok::Code { .. } | Tok::Number(_) | Tok::Level(_)) {
            return true;
        }
        if token.subject().is_some() && matches!(self.toks.get(at + 1).map(|t| &t.tok), Some(Tok::Slash)) {
            return self.toks.get(at + 2).is_some_and(|t| matches!(t.tok, Tok::Code { .. }));
        }
        let word = token.word().unwrap_or_default();
        let next = self.word_at(at + 1).unwrap_or_default();
        CONDITION_STARTS.contains(&word.as_str())
            || (next == "of" && (count_like(&word) || matches!(self.toks.get(at).map(|t| &t.tok), Some(Tok::Small(_)))))
            || (word == "not" && next == "open")
            || (word == "open" && (next == "to" || next == "only"))
            || (word == "at" && next == "least")
            || (word == "a" && matches!(next.as_str(), "grade" | "minimum" | "corequisite"))
            || (word == "year" && matches!(self.toks.get(at + 1).map(|t| &t.tok), Some(Tok::Small(_))))
            || (word == "by" && matches!(next.as_str(), "consent" | "permission"))
    }

    /// Returns the word at token index `at`, in lower case.
    pub(super) fn word_at(&self, at: usize) -> Option<String> {
        self.toks.get(at).and_then(Token::word)
    }

    fn is_label_at(&self, at: usize) -> bool {
        let label = self.word_at(at).is_some_and(|w| super::grammar::LABELS.contains(&w.as_str()));
        label && matches!(self.toks.get(at + 1).map(|t| &t.tok), Some(Tok::Colon))
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

fn count_like(word: &str) -> bool {
    matches!(word, "one" | "two" | "three" | "four" | "five" | "six" | "both" | "all" | "either" | "any")
}

/// Returns the value of a small number written as a word.
fn number_word(word: &str) -> Option<f32> {
    let value = match word {
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "any" => 1.0,
        _ => return None,
    };
    Some(value)
}
