//! One entry of a requirement list as the requirement CSV writes it:
//! `MATH 237 Calculus 3 for Honours Mathematics`, `ENGL 378/MTHEL 300 Title`
//! (either course), `CS 480 Title or CS 485 Title` (either course),
//! `PHYS 111 Physics 1 with a grade of at least 70%` (a minimum grade), or a
//! comma-separated list of such entries in one string.

use super::parse_additional;
use crate::model::{CourseCode, Requirement};

/// Maps one list entry to requirements: a course, an `any` group over
/// alternatives, or an `additional` rule when the entry names no course first.
pub fn parse_requirement_item(item: &str) -> Vec<Requirement> {
    let item = item.trim();
    if item.is_empty() {
        return Vec::new();
    }
    let pieces = split_listed_entries(item);
    if pieces.len() > 1 {
        return pieces.iter().flat_map(|piece| parse_requirement_item(piece)).collect();
    }

    let codes = alternative_codes(item);
    if codes.is_empty() {
        return vec![parse_additional(item, None, Vec::new())];
    }
    let min_grade = min_grade(item);
    let mut courses: Vec<Requirement> = codes.into_iter().map(|code| Requirement::Course { code, min_grade }).collect();
    if courses.len() == 1 {
        return courses;
    }
    courses.dedup();
    vec![Requirement::Any { label: None, children: courses }]
}

/// Splits "ANTH 201/CLAS 221, ANTH 202, ANTH 204" at commas that are followed
/// by a course code; an entry whose title contains a comma stays whole.
fn split_listed_entries(item: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for piece in item.split(',') {
        match pieces.last_mut() {
            Some(last) if leading_code(piece.trim()).is_none() => {
                last.push(',');
                last.push_str(piece);
            }
            _ => pieces.push(piece.trim().to_string()),
        }
    }
    if leading_code(&pieces[0]).is_none() {
        return vec![item.to_string()];
    }
    pieces
}

/// Splits off the code an entry opens with, returning it and the rest of the entry.
fn leading_code(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    let subject_end = text.find(|c: char| !c.is_ascii_uppercase())?;
    if subject_end < 2 {
        return None;
    }
    let after_subject = &text[subject_end..];
    let number_start = after_subject.len() - after_subject.trim_start().len();
    let rest = &after_subject[number_start..];
    let number_end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let number = &rest[..number_end];
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let code = CourseCode::from_parts(&text[..subject_end], number).ok()?;
    Some((code.to_string(), &rest[number_end..]))
}

/// Codes at the start joined by `/` ("ENGL 378/MTHEL 300") and codes after
/// " or " ("CS 480 … or CS 485 …"), in order.
fn alternative_codes(item: &str) -> Vec<String> {
    let Some((first, mut rest)) = leading_code(item) else { return Vec::new() };
    let mut codes = vec![first];
    while let Some(after_slash) = rest.strip_prefix('/') {
        match leading_code(after_slash) {
            Some((code, remainder)) => {
                codes.push(code);
                rest = remainder;
            }
            None => break,
        }
    }
    for (index, _) in rest.match_indices(" or ") {
        if let Some((code, _)) = leading_code(&rest[index + 4..]) {
            codes.push(code);
        }
    }
    codes
}

/// Percent in "with a grade of at least 70%" or "minimum grade of 60%".
fn min_grade(item: &str) -> Option<u8> {
    let lower = item.to_lowercase();
    let at = lower.find("grade")?;
    let after = &lower[at..];
    let percent = after.find('%')?;
    let digits: String = after[..percent].chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    digits.parse().ok().filter(|grade: &u8| *grade <= 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course(code: &str, min_grade: Option<u8>) -> Requirement {
        Requirement::Course { code: code.into(), min_grade }
    }

    #[test]
    fn titled_course_is_one_course() {
        assert_eq!(parse_requirement_item("MATH 237 Calculus 3 for Honours Mathematics"), [course("MATH 237", None)]);
        assert_eq!(parse_requirement_item("CS 136L Tools and Techniques"), [course("CS 136L", None)]);
    }

    #[test]
    fn slash_and_or_give_any_groups() {
        let expected = Requirement::Any { label: None, children: vec![course("ENGL 378", None), course("MTHEL 300", None)] };
        assert_eq!(parse_requirement_item("ENGL 378/MTHEL 300 Professional Communications"), [expected]);
        let expected = Requirement::Any { label: None, children: vec![course("CS 480", None), course("CS 485", None)] };
        assert_eq!(parse_requirement_item("CS 480 Introduction to Machine Learning or CS 485 Statistical Learning"), [expected]);
    }

    #[test]
    fn grade_condition_sets_min_grade() {
        assert_eq!(parse_requirement_item("PHYS 111 Physics 1 with a grade of at least 70%"), [course("PHYS 111", Some(70))]);
    }

    #[test]
    fn comma_lists_split_and_free_text_is_additional() {
        let parsed = parse_requirement_item("ANTH 201/CLAS 221, ANTH 202, ANTH 204");
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[1], course("ANTH 202", None));
        let parsed = parse_requirement_item("Research methods course (0.5 unit): HLTH 205, HLTH 333");
        assert!(matches!(&parsed[..], [Requirement::Additional { courses, .. }] if courses == &["HLTH 205", "HLTH 333"]));
    }

    #[test]
    fn title_with_comma_stays_whole() {
        assert_eq!(parse_requirement_item("STAT 443 Forecasting, Time Series"), [course("STAT 443", None)]);
    }
}
