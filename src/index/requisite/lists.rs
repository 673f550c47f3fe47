//! Flat course lists (antirequisites, cross-listings) and the offering terms
//! the calendar writes inside descriptions and notes ("[Offered: F,W,S]").

use crate::model::{CourseCode, Term};

use super::lexer::{tokenize, Tok, Token};

/// Course codes read from a list, and the list's text when it contains more.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CourseList {
    /// Canonical codes in order of appearance, without duplicates.
    pub codes: Vec<String>,
    /// The text without its label, kept when it has words besides the codes
    /// ("ACTSC 431 (taken in or before spring 2020)"); `None` otherwise.
    pub notes: Option<String>,
}

/// Words that may sit between codes without making the list need a note.
const LIST_CONNECTIVES: [&str; 4] = ["and", "or", "&", "antireq"];

/// Reads course codes from antirequisite or cross-listing text such as
/// `Antireq: AFM 101,102, BUS 127W/227W`. Bare numbers take the subject
/// before them, or `own_subject` at the start.
pub fn parse_course_list(text: &str, own_subject: &str) -> CourseList {
    let body = strip_label(text);
    let tokens = tokenize(body);
    let mut subject = own_subject.trim().to_ascii_uppercase();
    let mut codes: Vec<String> = Vec::new();
    let mut pending_subjects: Vec<String> = Vec::new();
    let mut has_words = false;

    for (index, token) in tokens.iter().enumerate() {
        match &token.tok {
            Tok::Code { subject: code_subject, number } => {
                for extra in pending_subjects.drain(..) {
                    push_code(&mut codes, &extra, number);
                }
                subject = code_subject.clone();
                push_code(&mut codes, &subject, number);
            }
            Tok::Number(number) => push_code(&mut codes, &subject, number),
            Tok::Word(_) if slash_subject(&tokens, index) => pending_subjects.push(token.subject().unwrap_or_default().to_string()),
            Tok::Word(word) if !LIST_CONNECTIVES.contains(&word.to_lowercase().as_str()) => has_words = true,
            Tok::Small(_) | Tok::Decimal(_) | Tok::Level(_) | Tok::Percent(_) => has_words = true,
            _ => {}
        }
    }

    let notes = (has_words || codes.is_empty()).then(|| body.trim().to_string()).filter(|note| !note.is_empty());
    CourseList { codes, notes }
}

/// `true` when the token is a subject written before a slash and a code ("PHIL/PSYCH 256").
fn slash_subject(tokens: &[Token], index: usize) -> bool {
    tokens[index].subject().is_some()
        && matches!(tokens.get(index + 1).map(|t| &t.tok), Some(Tok::Slash))
        && matches!(tokens.get(index + 2).map(|t| &t.tok), Some(Tok::Code { .. } | Tok::Word(_)))
}

fn push_code(codes: &mut Vec<String>, subject: &str, number: &str) {
    if let Ok(code) = CourseCode::from_parts(subject, number) {
        let code = code.to_string();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
}

/// Returns the text after a leading "Antireq:", "Prereq:", "Coreq:" or
/// "Cross-listed as" label and any stray punctuation before it.
fn strip_label(text: &str) -> &str {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '.' || c == ',');
    let Some(colon) = trimmed.find(':') else {
        return trimmed;
    };
    let label = trimmed[..colon].trim().to_lowercase();
    let known = ["antireq", "prereq", "coreq", "cross-listed", "crosslisted", "cross-listings"];
    if known.iter().any(|prefix| label.starts_with(prefix)) {
        &trimmed[colon + 1..]
    } else {
        trimmed
    }
}

/// Terms named by every "Offered: …" marker in `text`, in the order F, W, S
/// and without duplicates. Reads "[Offered: F,W,S]", "Offered: W]",
/// "Offered: W and/or S" and "Offered in the fall".
pub fn terms_offered(text: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("offered") {
        let start = from + found + "offered".len();
        let end = lower[start..].find(']').map_or(text.len(), |close| start + close);
        for word in text[start..end].split(|c: char| !c.is_ascii_alphabetic()) {
            let term = match word {
                "F" | "W" | "S" => Term::parse(word),
                _ => match word.to_lowercase().as_str() {
                    "fall" => Some(Term::F),
                    "winter" => Some(Term::W),
                    "spring" | "summer" => Some(Term::S),
                    _ => None,
                },
            };
            if let Some(term) = term.filter(|term| !terms.contains(term)) {
                terms.push(term);
            }
        }
        from = end;
    }
    terms.sort();
    terms
}

/// Removes the "[Offered: …]" marker from a description and trims the result.
pub fn strip_offered_marker(description: &str) -> String {
    let mut result = String::with_capacity(description.len());
    let mut rest = description;
    while let Some(open) = find_marker(rest) {
        result.push_str(rest[..open].trim_end());
        rest = match rest[open..].find(']') {
            Some(close) => rest[open + close + 1..].trim_start(),
            None => "",
        };
        if !result.is_empty() && !rest.is_empty() {
            result.push(' ');
        }
    }
    result.push_str(rest);
    result.trim().to_string()
}

/// Byte index of a `[` that opens an "Offered" marker.
fn find_marker(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find('[') {
        let open = from + open;
        let after = text[open + 1..].trim_start().to_lowercase();
        if after.starts_with("offered") {
            return Some(open);
        }
        from = open + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str, subject: &str) -> CourseList {
        parse_course_list(text, subject)
    }

    #[test]
    fn antireq_list_inherits_subjects() {
        let parsed = list("Antireq: AFM 101,102,121, BUS 127W/227W,247W, MSCI 262", "AFM");
        assert_eq!(parsed.codes, ["AFM 101", "AFM 102", "AFM 121", "BUS 127W", "BUS 227W", "BUS 247W", "MSCI 262"]);
        assert_eq!(parsed.notes, None);
    }

    #[test]
    fn antireq_with_words_keeps_notes() {
        let parsed = list("Antireq: ACTSC 231; (For Mathematics students only - CIVE 292/392)", "ACTSC");
        assert_eq!(parsed.codes, ["ACTSC 231", "CIVE 292", "CIVE 392"]);
        assert_eq!(parsed.notes.as_deref(), Some("ACTSC 231; (For Mathematics students only - CIVE 292/392)"));
    }

    #[test]
    fn stray_punctuation_before_label_is_skipped() {
        let parsed = list(".Antireq:ACTSC 372,AFM 275/AFM 372/ACTSC 391,ECON 371", "AFM");
        assert_eq!(parsed.codes, ["ACTSC 372", "AFM 275", "AFM 372", "ACTSC 391", "ECON 371"]);
        assert_eq!(parsed.notes, None);
    }

    #[test]
    fn unlabelled_list_and_slash_subjects() {
        assert_eq!(list("PHIL/PSYCH 256, CS 136L", "PHIL").codes, ["PHIL 256", "PSYCH 256", "CS 136L"]);
        assert_eq!(list("AFM 272", "ACTSC").codes, ["AFM 272"]);
    }

    #[test]
    fn list_without_codes_is_a_note() {
        let parsed = list("Antireq: All first-year ENGL courses", "ENGL");
        assert!(parsed.codes.is_empty());
        assert_eq!(parsed.notes.as_deref(), Some("All first-year ENGL courses"));
        assert_eq!(list("", "CS"), CourseList::default());
    }

    #[test]
    fn terms_offered_reads_markers() {
        assert_eq!(terms_offered("Yield rates. [Offered: F,W,S]"), [Term::F, Term::W, Term::S]);
        assert_eq!(terms_offered("[Note: contact your advisor. Offered: W]"), [Term::W]);
        assert_eq!(terms_offered("[Offered: S, F]"), [Term::F, Term::S]);
        assert_eq!(terms_offered("[Offered: W and/or S]"), [Term::W, Term::S]);
        assert_eq!(terms_offered("[Offered in the fall of odd years.]"), [Term::F]);
        assert_eq!(terms_offered("[Offered: F,W,S; online: F,W,S]"), [Term::F, Term::W, Term::S]);
    }

    #[test]
    fn terms_offered_empty_without_marker() {
        assert!(terms_offered("Sorting. Pointers. Spring is not a marker here.").is_empty());
        assert!(terms_offered("[Offered: As permitted by demand and available resources.]").is_empty());
    }

    #[test]
    fn strip_marker_keeps_rest_of_description() {
        assert_eq!(strip_offered_marker("Yield rates. [Offered: F,W,S]"), "Yield rates.");
        assert_eq!(strip_offered_marker("Intro. [Offered: W] More text."), "Intro. More text.");
        assert_eq!(strip_offered_marker("No marker  here. [Note: keep]"), "No marker  here. [Note: keep]");
        assert_eq!(strip_offered_marker("Open [Offered: F"), "Open");
    }
}
