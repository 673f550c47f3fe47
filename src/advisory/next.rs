//! "What can I take next": every course a record is eligible for, ranked by
//! how many courses it opens the way to.
//!
//! A course "unlocks" every course whose prerequisite or corequisite names it
//! (directly) and, through those, their successors (transitively). Naming is
//! not sufficiency: a course inside an `any` group counts although another
//! branch could replace it.

use serde::Serialize;

use super::eligibility::{course_eligibility, Status};
use super::evaluate::{Evaluated, Evaluator, Outcome};
use super::reason::Reason;
use super::record::StudentRecord;
use crate::catalog::Catalog;
use crate::model::{Course, Term};

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size.
pub const MAX_LIMIT: usize = 500;

/// Filters and paging of a next-courses query.
#[derive(Debug, Clone, Default)]
pub struct NextQuery {
    /// Only courses of this subject (upper case).
    pub subject: Option<String>,
    /// Only courses of this level in hundreds.
    pub level: Option<u16>,
    /// Only courses offered in this term.
    pub term: Option<Term>,
    /// Courses skipped from the start of each list.
    pub offset: usize,
    /// Page size.
    pub limit: usize,
    /// Count in-progress courses as completed (plan the following term).
    pub in_progress_as_completed: bool,
}

/// One course the record may take.
#[derive(Debug, Clone, Serialize)]
pub struct NextCourse<'a> {
    /// Course code.
    pub code: &'a str,
    /// Title.
    pub title: &'a str,
    /// Units of credit.
    pub units: f32,
    /// Terms offered.
    pub terms_offered: &'a [Term],
    /// Courses whose requisites name this one.
    pub unlocks_direct: usize,
    /// Courses reachable from this one through requisites, at any depth.
    pub unlocks_total: usize,
    /// Corequisites to take in the same term, when not yet met.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub take_with: Vec<String>,
    /// For `maybe` courses, what could not be checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unchecked: Vec<String>,
}

/// Eligible courses and those that depend on unchecked conditions, paged.
#[derive(Debug, Clone, Serialize)]
pub struct NextAnswer<'a> {
    /// Courses the record is eligible for, most useful first.
    pub eligible: Vec<NextCourse<'a>>,
    /// Eligible courses before paging.
    pub eligible_total: usize,
    /// Courses nothing rules out but something cannot be checked
    /// (consent, an average, unparsed text), most useful first.
    pub maybe: Vec<NextCourse<'a>>,
    /// `maybe` courses before paging.
    pub maybe_total: usize,
    /// The offset of this page.
    pub offset: usize,
    /// The page size.
    pub limit: usize,
    /// Offset of the next page, when either list has more.
    pub next_offset: Option<usize>,
}

/// Lists the courses `record` may take next.
pub fn next_courses<'a>(catalog: &'a Catalog, record: &StudentRecord, query: &NextQuery) -> NextAnswer<'a> {
    let mut evaluator = Evaluator::new(catalog, record);
    evaluator.in_progress_as_completed = query.in_progress_as_completed;

    let mut eligible = Vec::new();
    let mut maybe = Vec::new();
    for course in catalog.courses.iter().filter(|course| matches_filters(course, query)) {
        if record.has_taken(&course.code) {
            continue;
        }
        let answer = course_eligibility(&evaluator, course);
        match answer.status {
            Status::Eligible => eligible.push(next_course(catalog, course, answer.take_with, Vec::new())),
            Status::Unknown => {
                let mut unchecked = Vec::new();
                if let Some(tree) = &answer.tree {
                    collect_unknown(tree, &mut unchecked);
                }
                if let Some(by) = answer.consent_required {
                    unchecked.push(Reason::NeedsConsent { by }.message());
                }
                maybe.push(next_course(catalog, course, answer.take_with, unchecked));
            }
            Status::NotEligible => {}
        }
    }

    for list in [&mut eligible, &mut maybe] {
        list.sort_by(|a, b| {
            (b.unlocks_total, b.unlocks_direct).cmp(&(a.unlocks_total, a.unlocks_direct)).then(a.code.cmp(b.code))
        });
    }
    let (eligible_total, maybe_total) = (eligible.len(), maybe.len());
    let more = query.offset + query.limit < eligible_total.max(maybe_total);
    NextAnswer {
        eligible: eligible.into_iter().skip(query.offset).take(query.limit).collect(),
        eligible_total,
        maybe: maybe.into_iter().skip(query.offset).take(query.limit).collect(),
        maybe_total,
        offset: query.offset,
        limit: query.limit,
        next_offset: more.then_some(query.offset + query.limit),
    }
}

fn matches_filters(course: &Course, query: &NextQuery) -> bool {
    query.subject.as_ref().is_none_or(|subject| course.subject.eq_ignore_ascii_case(subject))
        && query.level.is_none_or(|level| course.level == level)
        && query.term.is_none_or(|term| course.terms_offered.contains(&term))
}

fn next_course<'a>(catalog: &'a Catalog, course: &'a Course, take_with: Vec<String>, unchecked: Vec<String>) -> NextCourse<'a> {
    NextCourse {
        code: &course.code,
        title: &course.title,
        units: course.units,
        terms_offered: &course.terms_offered,
        unlocks_direct: catalog.leads_to(&course.code).count(),
        unlocks_total: unlock_count(catalog, &course.code),
        take_with,
        unchecked,
    }
}

/// Courses reachable from `code` through "leads to" edges, `code` excluded.
pub fn unlock_count(catalog: &Catalog, code: &str) -> usize {
    let Some(start) = catalog.course_position(code) else { return 0 };
    let mut seen = vec![false; catalog.courses.len()];
    seen[start] = true;
    let mut stack = vec![start];
    let mut count = 0;
    while let Some(position) = stack.pop() {
        for next in catalog.leads_to(&catalog.courses[position].code) {
            let Some(next_position) = catalog.course_position(&next.code) else { continue };
            if !seen[next_position] {
                seen[next_position] = true;
                count += 1;
                stack.push(next_position);
            }
        }
    }
    count
}

/// Messages of the unknown leaves of `tree`.
fn collect_unknown(tree: &Evaluated<'_>, messages: &mut Vec<String>) {
    match tree {
        Evaluated::Group { outcome: Outcome::Unknown, children, .. } => {
            for child in children {
                collect_unknown(child, messages);
            }
        }
        Evaluated::Leaf { outcome: Outcome::Unknown, message, .. } if !messages.contains(message) => {
            messages.push(message.clone());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::advisory::record::RecordInput;
    use crate::advisory::testing::sample_catalog;

    fn record(catalog: &Catalog, json: serde_json::Value) -> StudentRecord {
        let input: RecordInput = serde_json::from_value(json).unwrap();
        StudentRecord::validate(&input, catalog).unwrap()
    }

    fn query() -> NextQuery {
        NextQuery { limit: DEFAULT_LIMIT, ..NextQuery::default() }
    }

    fn codes<'a>(list: &'a [NextCourse<'a>]) -> Vec<&'a str> {
        list.iter().map(|course| course.code).collect()
    }

    #[test]
    fn next_lists_unlocked_courses_and_skips_taken() {
        let catalog = sample_catalog();
        let record = record(&catalog, json!({"completed": [{"code": "CS 135", "grade": 82}], "programs": ["Computer Science"]}));
        let answer = next_courses(&catalog, &record, &query());
        let eligible = codes(&answer.eligible);
        assert!(eligible.contains(&"CS 136L"), "{eligible:?}");
        assert!(!eligible.contains(&"CS 135"));
        // CS 136 is eligible with its corequisite CS 136L taken alongside.
        let cs136 = answer.eligible.iter().find(|course| course.code == "CS 136").unwrap();
        assert_eq!(cs136.take_with, vec!["CS 136L".to_string()]);
        // CS 115 and CS 145 are antirequisites of the completed CS 135.
        assert!(!eligible.contains(&"CS 115"));
        assert!(!codes(&answer.maybe).contains(&"CS 145"));
    }

    #[test]
    fn next_ranks_by_transitive_unlocks() {
        let catalog = sample_catalog();
        let answer = next_courses(&catalog, &record(&catalog, json!({"programs": ["Honours Mathematics"]})), &query());
        for pair in answer.eligible.windows(2) {
            assert!(pair[0].unlocks_total >= pair[1].unlocks_total, "{} before {}", pair[0].code, pair[1].code);
        }
        let cs135 = answer.eligible.iter().find(|course| course.code == "CS 135").unwrap();
        assert!(cs135.unlocks_total > cs135.unlocks_direct);
    }

    #[test]
    fn consent_and_unparsed_courses_go_to_maybe() {
        let catalog = sample_catalog();
        let answer = next_courses(&catalog, &record(&catalog, json!({"programs": ["Honours Mathematics"]})), &query());
        let maybe = codes(&answer.maybe);
        assert!(maybe.contains(&"MATH 145"), "{maybe:?}");
        assert!(maybe.contains(&"MATH 137"), "{maybe:?}");
        let math145 = answer.maybe.iter().find(|course| course.code == "MATH 145").unwrap();
        assert!(math145.unchecked[0].contains("consent"), "{:?}", math145.unchecked);
    }

    #[test]
    fn filters_and_paging_apply() {
        let catalog = sample_catalog();
        let record = record(&catalog, json!({"programs": ["Honours Mathematics"]}));
        let filtered = next_courses(&catalog, &record, &NextQuery { subject: Some("cs".into()), term: Some(Term::F), ..query() });
        assert!(filtered.eligible.iter().all(|course| course.code.starts_with("CS ") && course.terms_offered.contains(&Term::F)));
        assert!(!filtered.eligible.is_empty());

        let first = next_courses(&catalog, &record, &NextQuery { limit: 2, ..query() });
        assert_eq!(first.eligible.len(), 2);
        assert_eq!(first.next_offset, Some(2));
        let second = next_courses(&catalog, &record, &NextQuery { limit: 2, offset: 2, ..query() });
        assert_ne!(first.eligible[0].code, second.eligible[0].code);
    }

    #[test]
    fn in_progress_counts_when_planning_next_term() {
        let catalog = sample_catalog();
        let record = record(&catalog, json!({"in_progress": ["CS 115"]}));
        let now = next_courses(&catalog, &record, &query());
        assert!(!codes(&now.eligible).contains(&"CS 116"));
        let after = next_courses(&catalog, &record, &NextQuery { in_progress_as_completed: true, ..query() });
        assert!(codes(&after.eligible).contains(&"CS 116"));
    }
}
