//! Short readable renderings of requisite trees, for the alternatives a
//! plan lists ("MATH 239 or MATH 249").

use crate::advisory::rules::rule_count;
use crate::model::{ConsentBy, Credential, ProgramMode, Requirement, Requisite};

/// Longest rendering, in characters; longer ones end in "…".
const MAX_CHARS: usize = 240;

/// Renders `tree` as one line.
pub fn describe(tree: &Requisite) -> String {
    let text = render(tree, false);
    if text.chars().count() > MAX_CHARS {
        let cut: String = text.chars().take(MAX_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn render(tree: &Requisite, nested: bool) -> String {
    let joined = |children: &[Requisite], word: &str| {
        let parts: Vec<String> = children.iter().map(|child| render(child, true)).collect();
        let text = parts.join(word);
        if nested && children.len() > 1 {
            format!("({text})")
        } else {
            text
        }
    };
    match tree {
        Requisite::All { children } => joined(children, " and "),
        Requisite::Any { children } => joined(children, " or "),
        Requisite::NOf { n, children } => {
            let parts: Vec<String> = children.iter().map(|child| render(child, true)).collect();
            format!("{n} of ({})", parts.join(", "))
        }
        Requisite::Course { code, min_grade, concurrent } => {
            let mut text = code.clone();
            if let Some(grade) = min_grade {
                text.push_str(&format!(" (at least {grade}%)"));
            }
            if *concurrent {
                text.push_str(" (or concurrently)");
            }
            text
        }
        Requisite::Level { min } => format!("level at least {min}"),
        Requisite::Program { mode: ProgramMode::Enrolled, name, .. } => format!("enrolled in: {name}"),
        Requisite::Program { mode: ProgramMode::NotOpen, name, .. } => format!("not open to: {name}"),
        Requisite::Units { text, .. } | Requisite::Average { text, .. } => text.clone(),
        Requisite::NoCredit { codes } => format!("no credit for {}", codes.join(", ")),
        Requisite::Consent { by: ConsentBy::Instructor } => "consent of the instructor".to_string(),
        Requisite::Consent { by: ConsentBy::Department } => "consent of the department".to_string(),
        Requisite::Unparsed { text } => format!("\"{text}\""),
    }
}

/// Course codes of the course leaves of `tree`, deduplicated, in tree order.
pub fn leaf_courses(tree: &Requisite) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for code in tree.course_codes() {
        if !codes.iter().any(|known| known == code) {
            codes.push(code.to_string());
        }
    }
    codes
}

/// A credential's requirement tree as a requisite tree the path search can
/// plan, with the `additional` rules it cannot plan returned beside it.
///
/// An `additional` rule that lists its courses becomes an `n_of` over them;
/// one that lists none (such as "two 400-level STAT courses") is returned
/// as text, because choosing courses for it is the student's decision.
pub fn credential_tree(credential: &Credential) -> (Requisite, Vec<String>) {
    let mut unplanned = Vec::new();
    let tree = convert(&credential.requirements, &mut unplanned);
    (tree, unplanned)
}

fn convert(node: &Requirement, unplanned: &mut Vec<String>) -> Requisite {
    let mut children_of = |children: &[Requirement]| -> Vec<Requisite> {
        children.iter().map(|child| convert(child, unplanned)).collect()
    };
    match node {
        Requirement::All { children, .. } => Requisite::All { children: children_of(children) },
        Requirement::Any { children, .. } => Requisite::Any { children: children_of(children) },
        Requirement::NOf { n, children, .. } => Requisite::NOf { n: *n, children: children_of(children) },
        Requirement::Course { code, .. } => Requisite::Course { code: code.clone(), min_grade: None, concurrent: false },
        Requirement::Additional { text, n, courses, .. } if !courses.is_empty() => Requisite::NOf {
            n: rule_count(*n, text).unwrap_or(1),
            children: courses
                .iter()
                .map(|code| Requisite::Course { code: code.clone(), min_grade: None, concurrent: false })
                .collect(),
        },
        Requirement::Additional { text, .. } => {
            unplanned.push(text.clone());
            Requisite::All { children: Vec::new() }
        }
    }
}
