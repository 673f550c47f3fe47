//! Eligibility of one course: its prerequisite and corequisite trees
//! evaluated against a record, and its antirequisite conflicts.

use serde::Serialize;

use super::evaluate::{Evaluated, Evaluator, Mode, Outcome};
use super::reason::Reason;
use super::record::StudentRecord;
use crate::model::{ConsentBy, Course};

/// Whether a student may take a course, judged on its prerequisites and
/// antirequisites. An unmet corequisite does not change it: the corequisite
/// can be taken in the same term, so it is reported in `take_with` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every prerequisite is met and no antirequisite conflicts.
    Eligible,
    /// Some prerequisite is not met, or an antirequisite conflicts.
    NotEligible,
    /// Nothing rules the course out, but something cannot be checked
    /// (consent, an average, unparsed text, a missing grade or level).
    Unknown,
}

impl From<Outcome> for Status {
    fn from(outcome: Outcome) -> Status {
        match outcome {
            Outcome::Satisfied => Status::Eligible,
            Outcome::NotSatisfied => Status::NotEligible,
            Outcome::Unknown => Status::Unknown,
        }
    }
}

/// A course in the record that the target course excludes, or that excludes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AntireqConflict {
    /// The record's course.
    pub course: String,
    /// `completed` or `in_progress`.
    pub state: &'static str,
    /// A sentence explaining the conflict.
    pub message: String,
}

/// The eligibility result for one course.
#[derive(Debug, Clone, Serialize)]
pub struct CourseEligibility<'a> {
    /// Course code.
    pub course: &'a str,
    /// Title.
    pub title: &'a str,
    /// Overall status.
    pub status: Status,
    /// `completed` or `in_progress` when the record already has the course.
    pub already: Option<&'static str>,
    /// The raw prerequisite text.
    pub prereq_text: Option<&'a str>,
    /// The evaluated prerequisite tree; `null` when the course has none.
    pub tree: Option<Evaluated<'a>>,
    /// The raw corequisite text.
    pub coreq_text: Option<&'a str>,
    /// The evaluated corequisite tree, where in-progress courses count.
    pub coreq_tree: Option<Evaluated<'a>>,
    /// Courses of an unmet corequisite, to take in the same term (one of
    /// them where the corequisite is an `any` group).
    pub take_with: Vec<String>,
    /// Record courses that conflict as antirequisites.
    pub antirequisite_conflicts: Vec<AntireqConflict>,
    /// Consent the calendar's notes require ("Department Consent Required"),
    /// which no record can show, so an otherwise eligible course is `unknown`.
    pub consent_required: Option<ConsentBy>,
}

/// Consent a course's notes require. The calendar states it in the notes
/// rather than the prerequisite, so the requisite tree does not carry it.
pub fn consent_in_notes(course: &Course) -> Option<ConsentBy> {
    let notes = course.notes.as_deref()?.to_ascii_lowercase();
    if !notes.contains("consent") {
        return None;
    }
    if notes.contains("instructor consent") || notes.contains("consent of the instructor") || notes.contains("consent of instructor") {
        Some(ConsentBy::Instructor)
    } else {
        Some(ConsentBy::Department)
    }
}

/// Evaluates `course` for the evaluator's record.
pub fn course_eligibility<'a>(evaluator: &Evaluator<'a>, course: &'a Course) -> CourseEligibility<'a> {
    let tree = course.prereq.as_ref().map(|tree| evaluator.evaluate(tree, Mode::Prerequisite));
    let coreq_tree = course.coreq.as_ref().map(|tree| evaluator.evaluate(tree, Mode::Corequisite));
    let conflicts = antireq_conflicts(evaluator, course);

    let prerequisites = tree.as_ref().map_or(Outcome::Satisfied, Evaluated::outcome);
    let consent_required = consent_in_notes(course);
    let mut status = if conflicts.is_empty() { Status::from(prerequisites) } else { Status::NotEligible };
    if status == Status::Eligible && consent_required.is_some() {
        status = Status::Unknown;
    }
    let mut take_with = Vec::new();
    if let Some(coreq) = &coreq_tree {
        missing_courses(coreq, &mut take_with);
    }
    let record = evaluator.record;
    let already = if record.completed.contains_key(&course.code) {
        Some("completed")
    } else if record.in_progress.contains(&course.code) {
        Some("in_progress")
    } else {
        None
    };

    CourseEligibility {
        course: &course.code,
        title: &course.title,
        status,
        already,
        prereq_text: course.prereq_text.as_deref(),
        tree,
        coreq_text: course.coreq_text.as_deref(),
        coreq_tree,
        take_with,
        antirequisite_conflicts: conflicts,
        consent_required,
    }
}

/// Codes of the missing course leaves under the unmet groups of `tree`.
fn missing_courses(tree: &Evaluated<'_>, codes: &mut Vec<String>) {
    match tree {
        Evaluated::Group { outcome: Outcome::NotSatisfied, children, .. } => {
            for child in children {
                missing_courses(child, codes);
            }
        }
        Evaluated::Leaf { reason: Reason::MissingCourse { course, in_index: true, .. }, .. } if !codes.contains(course) => {
            codes.push(course.clone());
        }
        _ => {}
    }
}

/// Record courses that `course` lists as antirequisites or that list it,
/// checked both ways because the calendar does not always list both sides.
pub fn antireq_conflicts(evaluator: &Evaluator<'_>, course: &Course) -> Vec<AntireqConflict> {
    let record: &StudentRecord = evaluator.record;
    let taken = record
        .completed
        .keys()
        .map(|code| (code, "completed"))
        .chain(record.in_progress.iter().map(|code| (code, "in_progress")));

    let mut conflicts: Vec<AntireqConflict> = Vec::new();
    for (code, state) in taken {
        if code == &course.code || conflicts.iter().any(|conflict| &conflict.course == code) {
            continue;
        }
        let listed_here = course.antireqs.iter().any(|antireq| antireq == code);
        let listed_there = evaluator
            .catalog
            .course(code)
            .is_some_and(|other| other.antireqs.iter().any(|antireq| antireq == &course.code));
        if listed_here || listed_there {
            let verb = if state == "completed" { "completed" } else { "is taking" };
            conflicts.push(AntireqConflict {
                course: code.clone(),
                state,
                message: format!(
                    "{} and {code} are antirequisites: the record {verb} {code}, and credit cannot be received for both.",
                    course.code
                ),
            });
        }
    }
    conflicts
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::advisory::record::RecordInput;
    use crate::advisory::testing::sample_catalog;
    use crate::catalog::Catalog;

    fn check(catalog: &Catalog, record: Value, code: &str) -> Value {
        let input: RecordInput = serde_json::from_value(record).unwrap();
        let record = StudentRecord::validate(&input, catalog).unwrap();
        let evaluator = Evaluator::new(catalog, &record);
        serde_json::to_value(course_eligibility(&evaluator, catalog.course(code).unwrap())).unwrap()
    }

    #[test]
    fn cs341_eligible_with_both_prerequisites() {
        let catalog = sample_catalog();
        let answer = check(
            &catalog,
            json!({"completed": [{"code": "CS 240", "grade": 75}, {"code": "MATH 239", "grade": 68}], "programs": ["Computer Science"]}),
            "CS 341",
        );
        assert_eq!(answer["status"], "eligible");
        assert_eq!(answer["tree"]["outcome"], "satisfied");
        assert_eq!(answer["tree"]["children"][0]["reason"]["code"], "course_completed");
        assert_eq!(answer["tree"]["children"][0]["reason"]["grade"], 75.0);
        assert_eq!(answer["tree"]["children"][2]["reason"]["code"], "in_program");
    }

    #[test]
    fn cs341_not_eligible_names_missing_course_and_program() {
        let catalog = sample_catalog();
        let answer = check(&catalog, json!({"completed": [{"code": "CS 240"}], "programs": ["Statistics"]}), "CS 341");
        assert_eq!(answer["status"], "not_eligible");
        let alternatives = &answer["tree"]["children"][1];
        assert_eq!(alternatives["outcome"], "not_satisfied");
        assert_eq!(alternatives["children"][0]["reason"]["code"], "missing_course");
        assert_eq!(answer["tree"]["children"][2]["reason"]["code"], "not_in_program");
        assert_eq!(answer["tree"]["children"][2]["reason"]["required"], json!(["Computer Science", "Data Science"]));
    }

    #[test]
    fn stat230_grade_on_group_checks_threshold() {
        let catalog = sample_catalog();
        let program = json!(["Honours Mathematics"]);
        let under = check(&catalog, json!({"completed": [{"code": "MATH 137", "grade": 79}], "programs": program}), "STAT 230");
        assert_eq!(under["status"], "not_eligible");
        let leaf = &under["tree"]["children"][0]["children"][0]["children"][2];
        assert_eq!(leaf["reason"]["code"], "grade_too_low");
        assert_eq!(leaf["reason"]["have"], 79.0);
        assert_eq!(leaf["reason"]["need"], 80);

        let at = check(&catalog, json!({"completed": [{"code": "MATH 137", "grade": 80}], "programs": program}), "STAT 230");
        assert_eq!(at["status"], "eligible");

        let no_grade = check(&catalog, json!({"completed": [{"code": "MATH 137"}], "programs": program}), "STAT 230");
        assert_eq!(no_grade["status"], "unknown");
    }

    #[test]
    fn math239_branch_by_level_and_program() {
        let catalog = sample_catalog();
        let honours = check(
            &catalog,
            json!({"completed": [{"code": "MATH 135", "grade": 65}, {"code": "MATH 136"}], "programs": ["Honours Mathematics"], "level": "1B"}),
            "MATH 239",
        );
        assert_eq!(honours["status"], "eligible");

        let engineering = check(&catalog, json!({"programs": ["Software Engineering"], "level": "2A"}), "MATH 239");
        let branches = &engineering["tree"]["children"][0];
        assert_eq!(branches["children"][1]["outcome"], "satisfied", "{branches}");
        assert_eq!(engineering["tree"]["children"][1]["reason"]["code"], "not_in_program");
        assert_eq!(engineering["status"], "not_eligible");

        let first_year = check(&catalog, json!({"programs": ["Software Engineering"], "level": "1B"}), "MATH 239");
        assert_eq!(first_year["tree"]["children"][0]["children"][1]["children"][0]["reason"]["code"], "level_too_low");
    }

    #[test]
    fn consent_course_is_unknown_not_ineligible() {
        let catalog = sample_catalog();
        let answer = check(&catalog, json!({"programs": ["Honours Mathematics"]}), "MATH 145");
        assert_eq!(answer["status"], "unknown");
        assert_eq!(answer["tree"]["reason"]["code"], "needs_consent");
        assert_eq!(answer["tree"]["reason"]["by"], "department");
    }

    #[test]
    fn consent_in_notes_makes_course_unknown() {
        let mut catalog_courses = sample_catalog().courses;
        let course = catalog_courses.iter_mut().find(|course| course.code == "CS 115").unwrap();
        course.notes = Some("Instructor Consent Required".to_string());
        assert_eq!(consent_in_notes(course), Some(ConsentBy::Instructor));
        let record = StudentRecord::default();
        let catalog = sample_catalog();
        let evaluator = Evaluator::new(&catalog, &record);
        let answer = course_eligibility(&evaluator, course);
        assert_eq!(answer.status, Status::Unknown);
        assert_eq!(answer.consent_required, Some(ConsentBy::Instructor));
    }

    #[test]
    fn antirequisite_conflict_makes_course_ineligible() {
        let catalog = sample_catalog();
        let answer = check(&catalog, json!({"completed": [{"code": "MATH 145"}], "programs": ["Honours Mathematics"]}), "MATH 135");
        assert_eq!(answer["status"], "not_eligible");
        assert_eq!(answer["antirequisite_conflicts"][0]["course"], "MATH 145");
        assert_eq!(answer["antirequisite_conflicts"][0]["state"], "completed");

        // Only MATH 136 lists MATH 106, so this conflict is found from the record's side.
        let reverse = check(&catalog, json!({"in_progress": ["MATH 136"]}), "MATH 106");
        assert_eq!(reverse["antirequisite_conflicts"][0]["course"], "MATH 136");
        assert_eq!(reverse["antirequisite_conflicts"][0]["state"], "in_progress");
        assert_eq!(reverse["status"], "not_eligible");
    }

    #[test]
    fn corequisite_counts_in_progress_course() {
        let catalog = sample_catalog();
        let answer = check(&catalog, json!({"completed": [{"code": "CS 135", "grade": 70}], "in_progress": ["CS 136L"]}), "CS 136");
        assert_eq!(answer["coreq_tree"]["reason"]["code"], "course_in_progress");
        assert_eq!(answer["status"], "eligible");

        let missing = check(&catalog, json!({"completed": [{"code": "CS 135", "grade": 70}]}), "CS 136");
        assert_eq!(missing["coreq_tree"]["reason"]["code"], "missing_course");
        assert_eq!(missing["coreq_tree"]["reason"]["concurrent_allowed"], true);
        assert_eq!(missing["status"], "eligible");
        assert_eq!(missing["take_with"], json!(["CS 136L"]));
    }

    #[test]
    fn concurrent_leaf_accepts_in_progress_only_there() {
        let catalog = sample_catalog();
        let record = json!({"completed": [{"code": "MATH 137"}], "in_progress": ["STAT 230"], "level": "2A", "programs": ["Statistics"]});
        let answer = check(&catalog, record, "ACTSC 231");
        assert_eq!(answer["tree"]["children"][1]["children"][1]["reason"]["code"], "course_in_progress");
        assert_eq!(answer["tree"]["children"][3]["reason"]["code"], "no_excluded_credit");
        assert_eq!(answer["status"], "eligible");

        let with_credit = json!({"completed": [{"code": "MATH 137"}, {"code": "ACTSC 232"}], "in_progress": ["STAT 230"], "level": "2A"});
        let closed = check(&catalog, with_credit, "ACTSC 231");
        assert_eq!(closed["tree"]["children"][3]["reason"]["code"], "credit_excluded");
        assert_eq!(closed["status"], "not_eligible");

        let stat333 = check(&catalog, json!({"in_progress": ["STAT 230"], "completed": [{"code": "MATH 237"}]}), "STAT 333");
        assert_eq!(stat333["tree"]["children"][0]["children"][0]["reason"]["code"], "in_progress_not_complete");
    }

    #[test]
    fn units_level_average_and_unparsed_leaves() {
        let catalog = sample_catalog();
        let record = json!({"completed": [{"code": "STAT 330"}, {"code": "STAT 333"}, {"code": "STAT 230"}], "level": "3A"});
        let answer = check(&catalog, record, "STAT 440");
        assert_eq!(answer["tree"]["children"][0]["reason"]["have"], 1.0);
        assert_eq!(answer["tree"]["children"][0]["outcome"], "satisfied");
        assert_eq!(answer["tree"]["children"][1]["reason"]["code"], "level_too_low");
        assert_eq!(answer["status"], "not_eligible");

        let co250 = check(&catalog, json!({"completed": [{"code": "MATH 136"}]}), "CO 250");
        assert_eq!(co250["tree"]["children"][1]["reason"]["code"], "average_not_checked");
        assert_eq!(co250["status"], "unknown");

        let math137 = check(&catalog, json!({}), "MATH 137");
        assert_eq!(math137["tree"]["reason"]["code"], "unparsed_text");
        assert_eq!(math137["status"], "unknown");
    }

    #[test]
    fn kleene_combination_rules() {
        use Outcome::*;
        assert_eq!(Outcome::all([Satisfied, Unknown]), Unknown);
        assert_eq!(Outcome::all([NotSatisfied, Unknown]), NotSatisfied);
        assert_eq!(Outcome::any([NotSatisfied, Unknown]), Unknown);
        assert_eq!(Outcome::any([Satisfied, NotSatisfied]), Satisfied);
        assert_eq!(Outcome::at_least(2, [Satisfied, Unknown, NotSatisfied]), Unknown);
        assert_eq!(Outcome::at_least(2, [Satisfied, NotSatisfied, NotSatisfied]), NotSatisfied);
        assert_eq!(Outcome::at_least(2, [Satisfied, Satisfied, Unknown]), Satisfied);
    }
}
