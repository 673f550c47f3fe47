//! The structure of requisite text: clauses, `and`, commas, `or`, brackets,
//! "one of" lists and slash-separated course alternatives.
//!
//! Precedence, loosest first: `;` and sentence ends, `and`, commas, `or`, then
//! a single term. A comma list is `all` unless it is closed by ", or" ("CS
//! 115, 135, or 145"). Every path through the grammar consumes at least one
//! token or stops at a terminator, so parsing always ends.

use crate::index::taxonomy::Taxonomy;
use crate::model::Requisite;

use super::lexer::{Tok, Token};
use super::tree::{all, any};

/// Deepest bracket nesting parsed as structure; deeper text stays unparsed.
const MAX_DEPTH: usize = 32;

/// Words that name a requisite section ("Prereq:", "Antirequisite:").
pub(super) const LABELS: [&str; 11] = [
    "prereq", "prerequisite", "prerequisites", "coreq", "corequisite", "corequisites", "co-requisite", "co-requisites",
    "antireq", "antirequisite", "antirequisites",
];

/// Recursive-descent parser over the tokens of one requisite text.
pub(super) struct Parser<'a> {
    /// The source text the token spans point into.
    pub src: &'a str,
    /// Tokens of `src`.
    pub toks: Vec<Token>,
    /// Index of the next token.
    pub pos: usize,
    /// Subject that a bare catalog number ("or 147") inherits.
    pub subject: String,
    /// Program groups that program phrases resolve through.
    pub taxonomy: &'a Taxonomy,
    /// `true` while reading corequisites, whose courses may be taken concurrently.
    pub coreq: bool,
    /// Current bracket and recursion depth.
    pub depth: usize,
}

impl<'a> Parser<'a> {
    /// Creates a parser over `src`.
    pub fn new(src: &'a str, toks: Vec<Token>, own_subject: &str, taxonomy: &'a Taxonomy, coreq: bool) -> Self {
        let subject = own_subject.trim().to_ascii_uppercase();
        Parser { src, toks, pos: 0, subject, taxonomy, coreq, depth: 0 }
    }

    /// Returns the token `offset` places ahead.
    pub fn tok(&self, offset: usize) -> Option<&Tok> {
        self.toks.get(self.pos + offset).map(|token| &token.tok)
    }

    /// Returns the word `offset` places ahead, in lower case.
    pub fn word(&self, offset: usize) -> Option<String> {
        self.toks.get(self.pos + offset).and_then(Token::word)
    }

    /// `true` when the word `offset` places ahead is one of `words`.
    pub fn word_in(&self, offset: usize, words: &[&str]) -> bool {
        self.word(offset).is_some_and(|word| words.contains(&word.as_str()))
    }

    /// Consumes `words` when the text continues with exactly them.
    pub fn eat_words(&mut self, words: &[&str]) -> bool {
        let matches = words.iter().enumerate().all(|(offset, expected)| self.word(offset).as_deref() == Some(*expected));
        if matches {
            self.pos += words.len();
        }
        matches
    }

    /// Returns the source text of tokens `from..to`.
    pub fn span(&self, from: usize, to: usize) -> &'a str {
        if from >= to || to > self.toks.len() {
            return "";
        }
        self.src[self.toks[from].start..self.toks[to - 1].end].trim()
    }

    /// Builds an unparsed leaf with the text of tokens `from..to`.
    pub fn unparsed(&self, from: usize, to: usize) -> Requisite {
        Requisite::Unparsed { text: self.span(from, to).to_string() }
    }

    /// `true` at the end of a clause: the end of text, `;`, a sentence end,
    /// a closing bracket or a section label.
    pub fn at_terminator(&self) -> bool {
        match self.tok(0) {
            None | Some(Tok::Semi | Tok::Period | Tok::Close) => true,
            _ => self.at_label(),
        }
    }

    /// `true` at a section label followed by a colon ("Coreq:").
    pub fn at_label(&self) -> bool {
        self.word_in(0, &LABELS) && self.tok(1) == Some(&Tok::Colon)
    }

    /// Parses the whole text into its top-level parts.
    pub fn parse_all(&mut self) -> Vec<Requisite> {
        let mut parts = Vec::new();
        while self.pos < self.toks.len() {
            if matches!(self.tok(0), Some(Tok::Semi | Tok::Period | Tok::Close | Tok::Comma | Tok::Colon)) {
                self.pos += 1;
                continue;
            }
            if self.at_label() {
                parts.extend(self.labelled_section());
                continue;
            }
            if self.word_in(0, &["and", "&"]) {
                self.pos += 1;
                continue;
            }
            // "…; or (AFM 341 and …)" and "… only. All others require permission …"
            // offer the clause as an alternative to the one before.
            let all_others = self.word_in(0, &["all"]) && self.word_in(1, &["others"]) && self.word_in(2, &["require", "requires"]);
            if (self.word_in(0, &["or"]) || all_others) && !parts.is_empty() {
                self.pos += if all_others { 3 } else { 1 };
                if let Some(previous) = parts.pop() {
                    let alternative = self.progressing(Self::and_expr);
                    parts.push(any(vec![previous, alternative]));
                }
                continue;
            }
            parts.push(self.progressing(Self::and_expr));
        }
        parts
    }

    /// Runs `parse` and, if it consumed nothing, turns one token into an
    /// unparsed leaf so that the caller always advances.
    pub fn progressing(&mut self, parse: fn(&mut Self) -> Requisite) -> Requisite {
        let before = self.pos;
        let node = parse(self);
        if self.pos > before {
            return node;
        }
        self.pos += 1;
        self.unparsed(before, self.pos)
    }

    /// Reads a label and the clause it opens. Courses after "Coreq:" may be
    /// taken concurrently, and courses after "Antireq:" become a `no_credit` leaf.
    fn labelled_section(&mut self) -> Option<Requisite> {
        let label = self.word(0).unwrap_or_default();
        self.pos += 2;
        if label.starts_with("anti") {
            let start = self.pos;
            if self.at_terminator() {
                return None;
            }
            let node = self.progressing(Self::and_expr);
            return Some(no_credit_from(node).unwrap_or_else(|| self.unparsed(start, self.pos)));
        }
        self.coreq = label.starts_with("co");
        None
    }

    /// Parses parts joined by "and".
    pub fn and_expr(&mut self) -> Requisite {
        let mut parts = vec![self.segment()];
        while self.word_in(0, &["and", "&", "plus"]) {
            let save = self.pos;
            self.pos += 1;
            if self.at_terminator() {
                self.pos = save;
                break;
            }
            parts.push(self.progressing(Self::segment));
        }
        all(parts)
    }

    /// Parses a comma list of alternatives-expressions, and any conditions
    /// written one after another without a separator.
    fn segment(&mut self) -> Requisite {
        let mut items = vec![self.or_expr()];
        let mut any_list = false;
        loop {
            if self.tok(0) == Some(&Tok::Comma) {
                self.pos += 1;
                if self.eat_words(&["or"]) {
                    any_list = true;
                } else if self.word_in(0, &["and"]) {
                    break;
                }
                if self.at_terminator() {
                    break;
                }
                items.push(self.progressing(Self::or_expr));
            } else if !self.at_terminator() && !self.word_in(0, &["and", "&", "plus"]) {
                items.push(self.progressing(Self::or_expr));
            } else {
                break;
            }
        }
        if any_list {
            any(items)
        } else {
            all(items)
        }
    }

    /// Parses terms joined by "or".
    pub fn or_expr(&mut self) -> Requisite {
        let mut alternatives = vec![self.term()];
        while self.word_in(0, &["or"]) || self.at_all_others() {
            self.pos += if self.at_all_others() { 4 } else { 1 };
            if self.at_terminator() {
                break;
            }
            alternatives.push(self.progressing(Self::term));
        }
        any(alternatives)
    }

    /// `true` at "- All others require", which offers what follows as an
    /// alternative ("CS Graduate Level Plans - All others require permission").
    pub fn at_all_others(&self) -> bool {
        self.tok(0) == Some(&Tok::Other('-'))
            && self.word_in(1, &["all"])
            && self.word_in(2, &["others"])
            && self.word_in(3, &["require", "requires", "need"])
    }

    /// Parses one term with the grade and concurrency modifiers after it.
    pub fn term(&mut self) -> Requisite {
        if self.depth >= MAX_DEPTH {
            let start = self.pos;
            self.pos = self.toks.len();
            return self.unparsed(start, self.pos);
        }
        self.depth += 1;
        self.eat_words(&["either"]);
        let node = self.term_inner();
        let node = self.modifiers(node);
        self.depth -= 1;
        node
    }

    fn term_inner(&mut self) -> Requisite {
        if let Some(grade) = self.grade_prefix() {
            let mut node = self.progressing(Self::term);
            super::tree::push_grade(&mut node, grade);
            return node;
        }
        if self.concurrent_prefix() {
            let mut node = self.progressing(Self::or_expr);
            super::tree::push_concurrent(&mut node);
            return node;
        }
        if self.tok(0) == Some(&Tok::Open) {
            return self.bracketed();
        }
        if let Some(node) = self.course_alternatives() {
            return node;
        }
        if let Some(node) = self.list_term() {
            return node;
        }
        if let Some(node) = self.condition() {
            return node;
        }
        self.unparsed_phrase()
    }

    /// Parses `( … )`; text left before the closing bracket becomes an
    /// unparsed leaf beside what was read.
    fn bracketed(&mut self) -> Requisite {
        self.pos += 1;
        let mut parts = Vec::new();
        loop {
            match self.tok(0) {
                None => break,
                Some(Tok::Close) => {
                    self.pos += 1;
                    break;
                }
                Some(Tok::Semi | Tok::Period | Tok::Comma) => self.pos += 1,
                _ if self.at_label() => {
                    let start = self.pos;
                    self.pos += 2;
                    parts.push(self.unparsed(start, self.pos));
                }
                _ => parts.push(self.progressing(Self::and_expr)),
            }
        }
        all(parts)
    }

    /// Consumes the phrase ahead as an unparsed leaf.
    fn unparsed_phrase(&mut self) -> Requisite {
        let start = self.pos;
        let end = self.phrase_end(start).max(start + 1).min(self.toks.len());
        self.pos = end;
        self.unparsed(start, end)
    }
}

/// Turns a tree of only courses into a `no_credit` leaf.
fn no_credit_from(node: Requisite) -> Option<Requisite> {
    let mut only_courses = true;
    node.walk(&mut |child| {
        only_courses &= matches!(child, Requisite::Course { .. } | Requisite::All { .. } | Requisite::Any { .. })
    });
    let codes: Vec<String> = node.course_codes().into_iter().map(str::to_string).collect();
    (only_courses && !codes.is_empty()).then_some(Requisite::NoCredit { codes })
}
