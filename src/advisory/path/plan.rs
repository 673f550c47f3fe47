//! What a path search builds: the chosen courses, the order they impose,
//! the decisions taken and the issues found on the way.

use serde::Serialize;

use crate::model::AcademicLevel;

/// The cost of a (partial) plan, compared field by field in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Cost {
    /// Issues that make the plan impossible as it stands.
    pub blocked: u32,
    /// Conditions the plan assumes without being able to check them.
    pub assumed: u32,
    /// Courses the plan adds.
    pub courses: u32,
}

impl Cost {
    /// Nothing to add.
    pub const ZERO: Cost = Cost { blocked: 0, assumed: 0, courses: 0 };
    /// One blocking issue.
    pub const BLOCKED: Cost = Cost { blocked: 1, assumed: 0, courses: 0 };
    /// One assumption.
    pub const ASSUMED: Cost = Cost { blocked: 0, assumed: 1, courses: 0 };
    /// One course.
    pub const COURSE: Cost = Cost { blocked: 0, assumed: 0, courses: 1 };

    /// Field-wise saturating sum.
    pub fn plus(self, other: Cost) -> Cost {
        Cost {
            blocked: self.blocked.saturating_add(other.blocked),
            assumed: self.assumed.saturating_add(other.assumed),
            courses: self.courses.saturating_add(other.courses),
        }
    }
}

/// How much an issue weighs on a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be followed as it stands.
    Blocking,
    /// The plan assumes a condition it cannot check (consent, free text).
    Assumption,
    /// For information; does not count against the plan.
    Note,
}

/// A problem or assumption found while planning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Stable snake_case kind, for example `cycle` or `consent_assumed`.
    pub code: &'static str,
    /// The course whose requisite raised it; `null` for the goal itself.
    pub course: Option<String>,
    /// How much it weighs.
    pub severity: Severity,
    /// What it means, in a sentence.
    pub message: String,
}

impl Issue {
    /// An issue about `course`.
    pub fn new(code: &'static str, course: Option<&str>, severity: Severity, message: String) -> Issue {
        Issue { code, course: course.map(str::to_string), severity, message }
    }
}

/// One `any` or `n_of` choice the plan made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The course whose requisite holds the group; `null` for the goal.
    pub course: Option<String>,
    /// The whole group, rendered.
    pub requirement: String,
    /// The options taken.
    pub chosen: Vec<String>,
    /// The options not taken.
    pub others: Vec<String>,
}

/// An ordering constraint between two planned courses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The course with the requisite.
    pub course: String,
    /// The course it requires.
    pub requires: String,
    /// `true` when `requires` must come in an earlier term; `false` when the
    /// same term is allowed (corequisites, "or concurrently").
    pub strict: bool,
}

/// A units condition, checked once the plan is complete.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitsCheck {
    /// The course with the condition.
    pub course: Option<String>,
    /// Units required.
    pub min_units: f32,
    /// Subjects that count; empty for any.
    pub subjects: Vec<String>,
    /// Lowest course level that counts.
    pub min_course_level: Option<u16>,
    /// The condition as written.
    pub text: String,
}

/// A set of courses that meets a goal, before it is laid out in terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Courses to take, in the order the search added them.
    pub chosen: Vec<String>,
    /// Ordering constraints between chosen courses.
    pub edges: Vec<Edge>,
    /// Minimum levels by chosen course.
    pub level_needs: Vec<(String, AcademicLevel)>,
    /// The `any` and `n_of` choices taken.
    pub decisions: Vec<Decision>,
    /// Problems and assumptions, without duplicates.
    pub issues: Vec<Issue>,
    /// Goal courses the record already has.
    pub already_done: Vec<String>,
    /// Units conditions still to check.
    pub units_checks: Vec<UnitsCheck>,
}

impl Plan {
    /// The plan's cost.
    pub fn cost(&self) -> Cost {
        let mut cost = Cost { courses: self.chosen.len() as u32, ..Cost::ZERO };
        for issue in &self.issues {
            match issue.severity {
                Severity::Blocking => cost = cost.plus(Cost::BLOCKED),
                Severity::Assumption => cost = cost.plus(Cost::ASSUMED),
                Severity::Note => {}
            }
        }
        cost
    }

    /// Adds `issue` unless the same kind is already recorded for the same course.
    pub fn push_issue(&mut self, issue: Issue) {
        if !self.issues.iter().any(|known| known.code == issue.code && known.course == issue.course && known.message == issue.message) {
            self.issues.push(issue);
        }
    }

    /// `true` when the plan contains `code`.
    pub fn has_chosen(&self, code: &str) -> bool {
        self.chosen.iter().any(|chosen| chosen == code)
    }
}
