//! Tokens of requisite text, each with the byte span it came from so that
//! unread fragments can be copied out of the source exactly.

use crate::model::AcademicLevel;

/// Token kind with its value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A subject and a catalog number, written together or apart ("CS 246", "STAT202").
    Code { subject: String, number: String },
    /// A catalog number of three or four digits with an optional letter suffix ("136L").
    Number(String),
    /// A whole number of one or two digits ("2 of", "Year 4").
    Small(u32),
    /// A number with a decimal point ("0.50", "1.0").
    Decimal(f32),
    /// An academic level such as `2A`.
    Level(AcademicLevel),
    /// A percentage ("70%").
    Percent(u8),
    /// Any other word, as written ("Honours", "and", "PSYCH").
    Word(String),
    /// `(` or `[`.
    Open,
    /// `)` or `]`.
    Close,
    /// `,`.
    Comma,
    /// `;`.
    Semi,
    /// `.` that ends a sentence.
    Period,
    /// `/`.
    Slash,
    /// `:`.
    Colon,
    /// Any other punctuation.
    Other(char),
}

/// A token and the byte range of the source it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    /// The token.
    pub tok: Tok,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

impl Token {
    /// Returns the word in lower case, when the token is a word.
    pub fn word(&self) -> Option<String> {
        match &self.tok {
            Tok::Word(text) => Some(text.to_lowercase()),
            _ => None,
        }
    }

    /// `true` for an all-capitals word of two to eight letters that could be a subject.
    pub fn subject(&self) -> Option<&str> {
        match &self.tok {
            Tok::Word(text) if is_subject(text) => Some(text),
            _ => None,
        }
    }
}

/// Words after which a four-digit number is a year, not a catalog number.
const YEAR_CONTEXT: [&str; 9] = ["fall", "winter", "spring", "summer", "in", "before", "after", "since", "of"];

fn is_subject(text: &str) -> bool {
    (2..=8).contains(&text.len()) && text.chars().all(|c| c.is_ascii_uppercase())
}

/// Splits `text` into tokens. Unknown characters become [`Tok::Other`], so
/// every input gives a token list.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            let (end_index, word_end) = read_word(text, &chars, i);
            push_word(&mut tokens, text, start, word_end);
            i = end_index;
            continue;
        }
        let tok = match c {
            '(' | '[' => Tok::Open,
            ')' | ']' => Tok::Close,
            ',' => Tok::Comma,
            ';' => Tok::Semi,
            '.' => Tok::Period,
            '/' => Tok::Slash,
            ':' => Tok::Colon,
            '&' => Tok::Word("&".to_string()),
            '%' => {
                i += 1;
                continue;
            }
            other => Tok::Other(other),
        };
        tokens.push(Token { tok, start, end: start + c.len_utf8() });
        i += 1;
    }
    attach_percent(&mut tokens, text);
    join_codes(tokens)
}

/// Reads a run of letters and digits, with hyphens, apostrophes and a decimal
/// point allowed inside it. Returns the next char index and the end byte.
fn read_word(text: &str, chars: &[(usize, char)], from: usize) -> (usize, usize) {
    let mut j = from;
    while j < chars.len() {
        let c = chars[j].1;
        let inner = matches!(c, '-' | '\'' | '\u{2019}' | '.');
        let next_alnum = chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_alphanumeric());
        let level_range = c == '-' && j > from && chars[j - 1].1.is_ascii_digit() && !next_alnum;
        let joined_inside = inner && next_alnum && (c != '.' || decimal_point(chars, j));
        if c.is_ascii_alphanumeric() || level_range || joined_inside {
            j += 1;
        } else {
            break;
        }
    }
    let end = chars.get(j).map_or(text.len(), |(offset, _)| *offset);
    (j, end)
}

fn decimal_point(chars: &[(usize, char)], at: usize) -> bool {
    at > 0
        && chars[at - 1].1.is_ascii_digit()
        && chars.get(at + 1).is_some_and(|(_, n)| n.is_ascii_digit())
}

/// Classifies one word and pushes its token or tokens.
fn push_word(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize) {
    let word = &text[start..end];
    let digits = word.chars().take_while(|c| c.is_ascii_digit()).count();
    let letters = word.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    let token = |tok| Token { tok, start, end };

    if let Some((left, connective, right)) = glued_connective(word, digits) {
        // A typo that glues a connective between numbers ("230or240", "1of").
        let middle = start + left.len();
        push_word(tokens, text, start, middle);
        tokens.push(Token { tok: Tok::Word(connective.to_string()), start: middle, end: middle + connective.len() });
        if !right.is_empty() {
            push_word(tokens, text, middle + connective.len(), end);
        }
    } else if digits > 0 {
        tokens.push(token(classify_numeric(word, digits, tokens.last())));
    } else if letters < word.len() && is_subject(&word[..letters]) && is_glued_number(&word[..letters], &word[letters..]) {
        // A code written without its space ("STAT202").
        let tok = Tok::Code { subject: word[..letters].to_string(), number: word[letters..].to_string() };
        tokens.push(token(tok));
    } else if let Some(split) = glued_subject(word) {
        // A typo that glues a word to a subject ("inCS 135").
        tokens.push(Token { tok: Tok::Word(word[..split].to_string()), start, end: start + split });
        tokens.push(Token { tok: Tok::Word(word[split..].to_string()), start: start + split, end });
    } else {
        tokens.push(token(Tok::Word(word.to_string())));
    }
}

/// Splits "230or240", "274orAFM" and "1of" at a connective written
/// straight after the digits.
fn glued_connective(word: &str, digits: usize) -> Option<(&str, &'static str, &str)> {
    if digits == 0 {
        return None;
    }
    let rest = &word[digits..];
    for connective in ["or", "and", "of"] {
        if let Some(right) = rest.strip_prefix(connective) {
            let right_ok = right.is_empty() || right.chars().next().is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
            if right_ok {
                return Some((&word[..digits], connective, right));
            }
        }
    }
    None
}

fn classify_numeric(word: &str, digits: usize, previous: Option<&Token>) -> Tok {
    if let Ok(value) = word.parse::<f32>() {
        if word.contains('.') {
            return Tok::Decimal(value);
        }
    }
    if digits == 1 && word.len() == 2 {
        if let Ok(level) = AcademicLevel::parse(word) {
            return Tok::Level(level);
        }
    }
    let year_context = previous.and_then(Token::word).is_some_and(|w| YEAR_CONTEXT.contains(&w.as_str()));
    if digits == word.len() && digits <= 2 {
        return Tok::Small(word.parse().unwrap_or(0));
    }
    if digits == 4 && word.len() == 4 && year_context && (word.starts_with("19") || word.starts_with("20")) {
        return Tok::Word(word.to_string());
    }
    if is_catalog_number(word) {
        return Tok::Number(word.to_string());
    }
    Tok::Word(word.to_string())
}

/// `true` for the number part of a glued code ("STAT202", "PDARCH1").
fn is_glued_number(subject: &str, number: &str) -> bool {
    let pd_number = subject.starts_with("PD") && (1..=2).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit());
    pd_number || is_catalog_number(number)
}

/// Three or four digits and at most two upper-case letters.
fn is_catalog_number(text: &str) -> bool {
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    let suffix = &text[digits..];
    (3..=4).contains(&digits) && suffix.len() <= 2 && suffix.chars().all(|c| c.is_ascii_uppercase())
}

/// Byte index where a lower-case prefix meets a subject ("in|CS").
fn glued_subject(word: &str) -> Option<usize> {
    let lower = word.chars().take_while(|c| c.is_ascii_lowercase()).count();
    (lower > 0 && lower < word.len() && is_subject(&word[lower..])).then_some(lower)
}

/// Turns a number followed by `%` into a percentage token.
fn attach_percent(tokens: &mut [Token], text: &str) {
    for token in tokens.iter_mut() {
        let value = match &token.tok {
            Tok::Small(value) => *value as f32,
            Tok::Number(number) => number.parse::<f32>().unwrap_or(f32::NAN),
            Tok::Decimal(value) => *value,
            _ => continue,
        };
        let rest = text[token.end..].trim_start();
        if rest.starts_with('%') && (0.0..=100.0).contains(&value) {
            token.end = token.end + (text[token.end..].len() - rest.len()) + 1;
            token.tok = Tok::Percent(value.round() as u8);
        }
    }
}

/// Joins a subject word and the catalog number after it into one code token.
fn join_codes(tokens: Vec<Token>) -> Vec<Token> {
    let mut joined: Vec<Token> = Vec::with_capacity(tokens.len());
    for mut token in tokens {
        // Professional development courses are the only ones numbered below
        // 100 ("PD 1", "PDENG 15"), so a small number joins only a PD subject.
        if let (Tok::Small(value), Some(previous)) = (&token.tok, joined.last()) {
            if previous.subject().is_some_and(|subject| subject.starts_with("PD")) {
                token.tok = Tok::Number(value.to_string());
            }
        }
        if let (Tok::Number(number), Some(previous)) = (&token.tok, joined.last()) {
            if let Some(subject) = previous.subject() {
                let tok = Tok::Code { subject: subject.to_string(), number: number.clone() };
                let start = previous.start;
                joined.pop();
                joined.push(Token { tok, start, end: token.end });
                continue;
            }
        }
        joined.push(token);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        tokenize(text).into_iter().map(|token| token.tok).collect()
    }

    #[test]
    fn codes_join_subject_and_number() {
        let toks = kinds("CS 136L or STAT202");
        assert_eq!(toks[0], Tok::Code { subject: "CS".into(), number: "136L".into() });
        assert_eq!(toks[2], Tok::Code { subject: "STAT".into(), number: "202".into() });
    }

    #[test]
    fn glued_word_splits_before_subject() {
        let toks = kinds("inCS 135");
        assert_eq!(toks[0], Tok::Word("in".into()));
        assert_eq!(toks[1], Tok::Code { subject: "CS".into(), number: "135".into() });
    }

    #[test]
    fn numbers_classify_by_shape() {
        let toks = kinds("2A 70% 0.50 2 fall 2010 136");
        assert_eq!(toks[0], Tok::Level(AcademicLevel::parse("2A").unwrap()));
        assert_eq!(toks[1], Tok::Percent(70));
        assert_eq!(toks[2], Tok::Decimal(0.5));
        assert_eq!(toks[3], Tok::Small(2));
        assert_eq!(toks[5], Tok::Word("2010".into()));
        assert_eq!(toks[6], Tok::Number("136".into()));
    }

    #[test]
    fn professional_development_codes_take_small_numbers() {
        assert_eq!(kinds("PD 10")[0], Tok::Code { subject: "PD".into(), number: "10".into() });
        assert_eq!(kinds("PDARCH1")[0], Tok::Code { subject: "PDARCH".into(), number: "1".into() });
        assert_eq!(kinds("OAC 12")[1], Tok::Small(12));
    }

    #[test]
    fn glued_connectives_split() {
        let toks = kinds("STAT 230or240 1of");
        assert_eq!(toks[0], Tok::Code { subject: "STAT".into(), number: "230".into() });
        assert_eq!(toks[1], Tok::Word("or".into()));
        assert_eq!(toks[2], Tok::Number("240".into()));
        assert_eq!(toks[3], Tok::Small(1));
        assert_eq!(toks[4], Tok::Word("of".into()));
    }

    #[test]
    fn spans_cover_source_text() {
        let text = "MATH 135 with 60 %.";
        let tokens = tokenize(text);
        assert_eq!(&text[tokens[0].start..tokens[0].end], "MATH 135");
        assert_eq!(&text[tokens[2].start..tokens[2].end], "60 %");
        assert_eq!(tokens[3].tok, Tok::Period);
    }
}
