//! Reading the parts of a free-text program rule ("Two additional 400-level
//! ACTSC courses") that a planner can use: how many courses, from which
//! subjects, from which level up, and any course codes it lists.

use crate::model::{CourseCode, Requirement};

/// Upper-case words that look like subjects but are not.
const NOT_SUBJECTS: [&str; 12] = ["OR", "AND", "OF", "ALL", "ANY", "II", "III", "IV", "GPA", "BCS", "BMATH", "UNIT"];

/// Number words the calendar spells out.
const NUMBER_WORDS: [(&str, u32); 12] = [
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8),
    ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12),
];

/// Builds an `additional` requirement from its text, with `n` from the
/// source when it states one and `listed` courses given beside the text.
pub fn parse_additional(text: &str, n: Option<u32>, listed: Vec<String>) -> Requirement {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == '(' || c == ')').filter(|w| !w.is_empty()).collect();
    let mut courses = listed;
    courses.extend(codes_in_text(&words));
    courses.sort();
    courses.dedup();

    Requirement::Additional {
        text: text.trim().to_string(),
        n: n.or_else(|| course_count(&words)),
        subjects: subjects_in_text(&words),
        min_course_level: min_level(&words),
        courses,
    }
}

/// Reads the number before "course(s)", which words like "additional" or
/// "400-level" may separate from it. A number followed by "unit(s)" is not a count.
fn course_count(words: &[&str]) -> Option<u32> {
    for (index, word) in words.iter().enumerate() {
        let Some(value) = number_value(word) else { continue };
        for next in words.iter().skip(index + 1).take(5) {
            let next = next.to_lowercase();
            if next.starts_with("unit") {
                break;
            }
            if next.starts_with("course") {
                return Some(value);
            }
        }
    }
    None
}

fn number_value(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    NUMBER_WORDS.iter().find(|(name, _)| *name == lower).map(|(_, value)| *value).or_else(|| lower.parse().ok())
}

/// Lowest level named as `400-level`, `300-` (in "300- or 400-level") or `400 level`.
fn min_level(words: &[&str]) -> Option<u16> {
    let mentions_level = words.iter().any(|word| word.to_lowercase().contains("level"));
    if !mentions_level {
        return None;
    }
    words
        .iter()
        .filter_map(|word| {
            let digits = word.trim_end_matches("-level").trim_end_matches('-');
            let value: u16 = digits.parse().ok()?;
            (digits.len() == 3 && value.is_multiple_of(100) && (100..=900).contains(&value)).then_some(value)
        })
        .min()
}

/// Subject codes named on their own ("ACTSC courses"), not as part of a code.
fn subjects_in_text(words: &[&str]) -> Vec<String> {
    let mut subjects: Vec<String> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let word = word.trim_end_matches(['.', ';']);
        let letters_only = (2..=8).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
        let followed_by_number = words.get(index + 1).is_some_and(|next| next.starts_with(|c: char| c.is_ascii_digit()));
        if letters_only && !followed_by_number && !NOT_SUBJECTS.contains(&word) {
            subjects.push(word.to_string());
        }
    }
    subjects.sort();
    subjects.dedup();
    subjects
}

/// Course codes in the text (`CS 480`, `CS480`), leaving out range bounds
/// such as `CS340-CS398`.
fn codes_in_text(words: &[&str]) -> Vec<String> {
    let mut codes = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let word = words[index].trim_end_matches(['.', ';']);
        if word.contains('-') {
            index += 1;
            continue;
        }
        let next = words.get(index + 1).map(|next| next.trim_end_matches(['.', ';']));
        let in_range = words.get(index + 2).is_some_and(|after| after.starts_with('-')) || next.is_some_and(|next| next.contains('-'));
        if let Some(next) = next.filter(|next| next.starts_with(|c: char| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_uppercase())) {
            if let (Ok(code), false) = (CourseCode::from_parts(word, next), in_range) {
                codes.push(code.to_string());
                index += 2;
                continue;
            }
        }
        if word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && word.chars().any(|c| c.is_ascii_digit()) {
            if let Ok(code) = CourseCode::parse(word) {
                codes.push(code.to_string());
            }
        }
        index += 1;
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(requirement: Requirement) -> (Option<u32>, Vec<String>, Option<u16>, Vec<String>) {
        match requirement {
            Requirement::Additional { n, subjects, min_course_level, courses, .. } => (n, subjects, min_course_level, courses),
            other => panic!("expected an additional rule, got {other:?}"),
        }
    }

    #[test]
    fn count_subject_and_level_are_read() {
        let (n, subjects, level, courses) = parts(parse_additional("Two additional 400-level ACTSC courses", None, vec![]));
        assert_eq!(n, Some(2));
        assert_eq!(subjects, ["ACTSC"]);
        assert_eq!(level, Some(400));
        assert!(courses.is_empty());
    }

    #[test]
    fn several_subjects_and_lowest_level() {
        let text = "Complete 4 additional courses at the 300- or 400-level from: ACTSC, AMATH, CO, CS, MATBUS, MATH, PMATH, STAT";
        let (n, subjects, level, _) = parts(parse_additional(text, None, vec![]));
        assert_eq!(n, Some(4));
        assert_eq!(subjects, ["ACTSC", "AMATH", "CO", "CS", "MATBUS", "MATH", "PMATH", "STAT"]);
        assert_eq!(level, Some(300));
    }

    #[test]
    fn units_are_not_a_course_count_and_ranges_are_not_courses() {
        let (n, _, _, courses) = parts(parse_additional("Complete 1.5 additional units from the approved courses list", None, vec![]));
        assert_eq!(n, None);
        assert!(courses.is_empty());
        let (n, subjects, _, courses) = parts(parse_additional("Complete 3 additional CS courses chosen from CS340-CS398, CS440-CS489", None, vec![]));
        assert_eq!(n, Some(3));
        assert_eq!(subjects, ["CS"]);
        assert!(courses.is_empty(), "{courses:?}");
    }

    #[test]
    fn listed_codes_are_kept() {
        let (n, _, _, courses) = parts(parse_additional("One of CS 480 or CS 485", Some(1), vec!["STAT 441".into()]));
        assert_eq!(n, Some(1));
        assert_eq!(courses, ["CS 480", "CS 485", "STAT 441"]);
    }
}
