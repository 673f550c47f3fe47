//! Property tests: the parser and the list readers never panic, and every
//! tree they return keeps the status contract.

use proptest::prelude::*;

use crate::index::taxonomy::Taxonomy;
use crate::model::{ParseStatus, Requisite};

use super::{parse_corequisites, parse_course_list, parse_prerequisites, strip_offered_marker, terms_offered};

/// Pieces of real requisite text that the generated inputs are built from.
const TOKENS: [&str; 40] = [
    "Prereq:", "Coreq:", "Antireq:", "CS 135", "MATH 137", "147", "246E", "/", "CS 246/246E", "PHIL/PSYCH", "(", ")",
    "((", "))", ",", ";", ".", "or", "and", "One of", "two of", "2 of", "with a grade of at least", "70%",
    "at least 60% in", "a corequisite of", "or concurrently", "Level at least", "2A", "Not open to", "students",
    "students only", "Honours Mathematics", "Computer Science", "consent of instructor", "at least 1.0 units of",
    "average of", "inCS", "Year", "4U Calculus",
];

fn requisite_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS.to_vec()), 0..40).prop_map(|tokens| tokens.join(" "))
}

fn check_contract(text: &str) {
    let taxonomy = Taxonomy::builtin();
    for parsed in [parse_prerequisites(text, "CS", &taxonomy), parse_corequisites(text, "CS", &taxonomy)] {
        assert_eq!(parsed.tree.is_some(), parsed.status.is_some(), "tree and status disagree for {text:?}");
        if let (Some(tree), Some(status)) = (parsed.tree, parsed.status) {
            let only_unparsed = matches!(tree, Requisite::Unparsed { .. });
            assert_eq!(status == ParseStatus::Full, !tree.has_unparsed(), "status {status:?} for {text:?}");
            if only_unparsed {
                assert_eq!(status, ParseStatus::None, "{text:?}");
            }
        }
    }
    let _ = parse_course_list(text, "CS");
    let _ = terms_offered(text);
    let _ = strip_offered_marker(text);
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_contract(&text);
    }

    #[test]
    fn requisite_like_text_never_panics(text in requisite_like()) {
        check_contract(&text);
    }

    #[test]
    fn glued_requisite_tokens_never_panic(text in requisite_like().prop_map(|t| t.replace(' ', ""))) {
        check_contract(&text);
    }
}

#[test]
fn deep_brackets_do_not_overflow() {
    let text = format!("{}CS 135{}", "(".repeat(5000), ")".repeat(5000));
    check_contract(&text);
}
