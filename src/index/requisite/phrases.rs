//! Free-text phrases: where a phrase ends, and the conditions read from a
//! whole phrase (program names, units and averages).

use crate::model::{ProgramMode, Requisite};

use super::grammar::Parser;
use super::lexer::{Tok, Token};

/// Words that mark a phrase as naming a program.
const PROGRAM_MARKERS: [&str; 24] = [
    "stdts", "stdnts",
    "students", "student", "student's", "students'", "majors", "major", "plan", "plans", "program", "programs",
    "option", "options", "specialization", "minor", "minors", "diploma", "honours", "faculty", "co-op", "coop",
    "school", "degree",
];

/// Words that may open a program phrase without naming the program.
const PROGRAM_LEAD: [&str; 17] = [
    "students", "student", "in", "the", "for", "standing", "an", "a", "enrolled", "who", "are", "registered", "to",
    "of", "only", "pursuing", "within",
];

/// Words that show a phrase is an instruction or a note, not a program name.
const NOT_PROGRAM_WORDS: [&str; 20] = [
    "milestone", "requirement", "requirements", "skills", "passed", "must", "require", "requires", "required", "consult", "see", "obtain", "consent", "permission", "should", "may",
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
    /// Reads "at least 1.0 units of CS", "0.50 unit in PHIL", "Four PSCI
    /// courses", "one 200-level PSCI course".
    pub(super) fn units(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let _ = self.eat_words(&["at", "least"])
            || self.eat_words(&["a", "minimum", "of"])
            || self.eat_words(&["minimum", "of"])
            || self.eat_words(&["minimum"])
            || self.eat_words(&["min"]);
        if self.tok(0) == Some(&Tok::Period) && self.pos > start {
            self.pos += 1;
        }
        let word = self.word(0).unwrap_or_default();
        let quantity = match self.tok(0) {
            Some(Tok::Decimal(value)) => Some(*value),
            Some(Tok::Small(value)) => Some(*value as f32),
            // "200-level STAT course" requires one course.
            _ if course_level(&word).is_some() => Some(1.0),
            _ => number_word(&word),
        };
        let Some(quantity) = quantity else {
            self.pos = start;
            return None;
        };

        let end = self.phrase_end(self.pos);
        let unit_at = (self.pos..end.min(self.pos + 10)).find(|at| {
            self.word_at(*at).is_some_and(|w| matches!(w.as_str(), "unit" | "units" | "course" | "courses"))
        });
        let (subjects, min_course_level) = self.units_scope(self.pos, end);
        // "any probability course" names no subject or level, which a units leaf cannot express.
        let vague = word == "any" && subjects.is_empty() && min_course_level.is_none();
        let Some(unit_at) = unit_at.filter(|_| !vague) else {
            self.pos = start;
            return None;
        };
        let per_course = self.word_at(unit_at).is_some_and(|w| w.starts_with("course"));

        self.pos = end;
        Some(Requisite::Units {
            min_units: if per_course { quantity * 0.5 } else { quantity },
            subjects,
            min_course_level,
            text: self.span(start, end).to_string(),
        })
    }

    /// Collects the subjects and the lowest course level named in tokens `from..to`.
    fn units_scope(&self, from: usize, to: usize) -> (Vec<String>, Option<u16>) {
        let mut subjects: Vec<String> = Vec::new();
        let mut min_course_level: Option<u16> = None;
        for token in &self.toks[from..to] {
            if let Some(subject) = token.subject() {
                if !subjects.iter().any(|s| s == subject) {
                    subjects.push(subject.to_string());
                }
            }
            if let Some(level) = token.word().as_deref().and_then(course_level) {
                min_course_level = Some(min_course_level.map_or(level, |current| current.min(level)));
            }
        }
        (subjects, min_course_level)
    }

    /// Reads a phrase with "average" and a percentage ("cumulative
    /// Psychology average of 82%").
    pub(super) fn average(&mut self) -> Option<Requisite> {
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
    pub(super) fn program_phrase(&mut self) -> Option<Requisite> {
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
    pub(super) fn forced_program(&mut self, mode: ProgramMode) -> Option<Requisite> {
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
                Tok::Comma if depth == 0 && at > from && self.starts_condition(self.after_connective(at + 1)) => break,
                Tok::Word(_) if depth == 0 && at > from && self.is_connective(at) && self.starts_condition(at + 1) => break,
                Tok::Word(_) if at > from && self.is_label_at(at) => break,
                Tok::Other('-') if depth == 0 && at > from && self.word_at(at + 1).is_some_and(|w| w == "all") => break,
                _ => {}
            }
            at += 1;
        }
        at
    }

    /// `true` when token `at` is "or", "and" or "&".
    fn is_connective(&self, at: usize) -> bool {
        self.word_at(at).is_some_and(|w| matches!(w.as_str(), "or" | "and" | "&"))
    }

    /// Index after an "or" or "and" at `at`, or `at` itself.
    fn after_connective(&self, at: usize) -> usize {
        if self.word_at(at).is_some_and(|w| w == "or" || w == "and") {
            at + 1
        } else {
            at
        }
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

fn count_like(word: &str) -> bool {
    matches!(word, "one" | "two" | "three" | "four" | "five" | "six" | "both" | "all" | "either" | "any")
}

/// Returns the course level of "200-level" or of "100-" in "100- or 200-level".
fn course_level(word: &str) -> Option<u16> {
    let digits = word.strip_suffix("-level").or_else(|| word.strip_suffix('-'))?;
    digits.parse().ok().filter(|level| level % 100 == 0)
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
