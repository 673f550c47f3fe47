//! Course terms: a code with its slash alternatives ("CS 246/246E",
//! "PHIL/PSYCH 256", "ISS 250A/B") and counted lists ("one of …", "two of …").

use crate::model::{CourseCode, Requisite};

use super::grammar::Parser;
use super::lexer::{Tok, Token};
use super::tree::{all, any};

impl Parser<'_> {
    /// Parses a course and its slash alternatives ("CS 246/246E",
    /// "AMATH 242/CS 371", "PHIL/PSYCH 256").
    pub(super) fn course_alternatives(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let mut subjects: Vec<String> = Vec::new();
        while let (Some(subject), Some(Tok::Slash)) = (self.toks.get(self.pos).and_then(Token::subject), self.tok(1)) {
            subjects.push(subject.to_string());
            self.pos += 2;
        }

        let mut alternatives = Vec::new();
        loop {
            match self.tok(0).cloned() {
                Some(Tok::Code { subject, number }) => {
                    for extra in subjects.drain(..) {
                        alternatives.push(self.course(&extra, &number));
                    }
                    self.subject = subject.clone();
                    alternatives.push(self.course(&subject, &number));
                }
                Some(Tok::Number(number)) if subjects.is_empty() => {
                    let subject = self.subject.clone();
                    alternatives.push(self.course(&subject, &number));
                }
                _ => break,
            }
            self.pos += 1;
            while let Some(number) = self.suffix_alternative(&alternatives) {
                let subject = self.subject.clone();
                alternatives.push(self.course(&subject, &number));
            }
            let next_is_course = matches!(self.tok(1), Some(Tok::Code { .. } | Tok::Number(_)));
            if self.tok(0) == Some(&Tok::Slash) && next_is_course {
                self.pos += 1;
            } else {
                break;
            }
        }

        if alternatives.is_empty() {
            self.pos = start;
            return None;
        }
        let node = any(alternatives);

        // "SWREN 441A and B" requires both parts of a two-term course.
        if let Requisite::Course { code, .. } = &node {
            if let Some(second) = self.second_part(code) {
                return Some(all(vec![node, second]));
            }
        }
        Some(node)
    }

    /// Reads "and B" after a lettered course such as "SWREN 441A" and builds
    /// the course with the other letter.
    fn second_part(&mut self, code: &str) -> Option<Requisite> {
        let letter = match (self.word(0).as_deref(), self.tok(1)) {
            (Some("and"), Some(Tok::Word(letter))) if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_uppercase()) => letter.clone(),
            _ => return None,
        };
        let (subject, number) = code.split_once(' ')?;
        let digits: String = number.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == number.len() {
            return None;
        }
        self.pos += 2;
        Some(self.course(subject, &format!("{digits}{letter}")))
    }

    /// Reads "/B" after "ISS 250A": the same number with another letter
    /// suffix; returns the new catalog number.
    fn suffix_alternative(&mut self, alternatives: &[Requisite]) -> Option<String> {
        let Some(Requisite::Course { code, .. }) = alternatives.last() else {
            return None;
        };
        let number = code.rsplit(' ').next()?;
        let digits: String = number.chars().take_while(|c| c.is_ascii_digit()).collect();
        let letter = match (self.tok(0), self.tok(1)) {
            (Some(Tok::Slash), Some(Tok::Word(letter))) if digits.len() < number.len() => letter.clone(),
            _ => return None,
        };
        if letter.len() != 1 || !letter.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        self.pos += 2;
        Some(format!("{digits}{letter}"))
    }

    /// Builds a course leaf, or an unparsed leaf if the parts do not form a code.
    pub(super) fn course(&self, subject: &str, number: &str) -> Requisite {
        match CourseCode::from_parts(subject, number) {
            Ok(code) => Requisite::Course { code: code.to_string(), min_grade: None, concurrent: self.coreq },
            Err(_) => Requisite::Unparsed { text: format!("{subject} {number}") },
        }
    }

    /// Parses "one of …", "two of …", "both of …" and "all of …" lists.
    pub(super) fn list_term(&mut self) -> Option<Requisite> {
        let start = self.pos;
        let any_of = self.word_in(0, &["any"]) && self.word_in(1, &["of"]);
        let _ = any_of || self.eat_words(&["any"]) || self.eat_words(&["at", "least"]);
        let count = match self.tok(0) {
            _ if any_of => Some(1),
            Some(Tok::Small(n)) => Some(*n),
            _ => self.word(0).and_then(|word| count_word(&word)),
        };
        let Some(count) = count.filter(|_| self.word_in(1, &["of"])) else {
            self.pos = start;
            return None;
        };
        self.pos += 2;
        self.eat_words(&["the", "following"]);
        while self.tok(0) == Some(&Tok::Colon) {
            self.pos += 1;
        }

        let mut items = vec![self.progressing(Self::term)];
        loop {
            let separator = match (self.tok(0), self.word(1)) {
                (Some(Tok::Comma), Some(word)) if word == "or" => 2,
                (Some(Tok::Comma), _) => 1,
                _ if self.word_in(0, &["or"]) => 1,
                _ => break,
            };
            let save = self.pos;
            self.pos += separator;
            if !self.at_list_item() {
                self.pos = save;
                break;
            }
            items.push(self.progressing(Self::term));
        }

        Some(match count {
            0 => all(items),
            1 => any(items),
            n => Requisite::NOf { n, children: items },
        })
    }

    /// `true` where a list item can start: a course, a bracket, or a
    /// subject with slash alternatives.
    fn at_list_item(&self) -> bool {
        match self.tok(0) {
            Some(Tok::Code { .. } | Tok::Number(_) | Tok::Open) => true,
            _ => self.toks.get(self.pos).and_then(Token::subject).is_some() && self.tok(1) == Some(&Tok::Slash),
        }
    }
}

/// Returns how many items a count word requires, with 0 for "all" and "both".
fn count_word(word: &str) -> Option<u32> {
    let count = match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "both" | "all" | "each" => 0,
        "either" => 1,
        _ => return None,
    };
    Some(count)
}
