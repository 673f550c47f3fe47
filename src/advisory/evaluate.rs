//! Three-valued evaluation of a requisite tree against a student record.
//!
//! Every node comes out `satisfied`, `not_satisfied` or `unknown`. Groups
//! combine their children as Kleene logic does: `all` is false when any child
//! is false, else unknown when any child is unknown; `any` is true when any
//! child is true, else unknown when any child is unknown; `n_of` is true with
//! `n` true children and false when even the unknown ones could not reach
//! `n`. Every leaf of the returned tree carries its [`Reason`].

use serde::Serialize;

use super::reason::Reason;
use super::record::StudentRecord;
use crate::catalog::Catalog;
use crate::model::{ProgramMode, Requisite};

/// Which requisite a tree is: in-progress courses count for corequisites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// "Prereq:" text: courses must be completed, unless a leaf allows
    /// "or concurrently".
    Prerequisite,
    /// "Coreq:" text: completed or in-progress courses count.
    Corequisite,
}

/// The outcome of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The record meets the condition.
    Satisfied,
    /// The record does not meet it.
    NotSatisfied,
    /// The record cannot show it either way (consent, free text, no grade).
    Unknown,
}

impl Outcome {
    /// Kleene conjunction of `outcomes`.
    pub fn all(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
        Outcome::at_least(usize::MAX, outcomes)
    }

    /// Kleene disjunction of `outcomes`.
    pub fn any(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
        Outcome::at_least(1, outcomes)
    }

    /// `n` or more of `outcomes` satisfied; `usize::MAX` means all of them.
    pub fn at_least(n: usize, outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
        let (mut satisfied, mut unknown, mut total) = (0, 0, 0);
        for outcome in outcomes {
            total += 1;
            match outcome {
                Outcome::Satisfied => satisfied += 1,
                Outcome::Unknown => unknown += 1,
                Outcome::NotSatisfied => {}
            }
        }
        let needed = n.min(total);
        if satisfied >= needed {
            Outcome::Satisfied
        } else if satisfied + unknown >= needed {
            Outcome::Unknown
        } else {
            Outcome::NotSatisfied
        }
    }
}

/// An evaluated requisite node, serialised as the requisite with `outcome`
/// added (and `reason` and `message` on leaves).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Evaluated<'a> {
    /// An `all`, `any` or `n_of` group.
    Group {
        /// `all`, `any` or `n_of`.
        #[serde(rename = "type")]
        kind: &'static str,
        /// How many children `n_of` needs.
        #[serde(skip_serializing_if = "Option::is_none")]
        n: Option<u32>,
        /// The combined outcome.
        outcome: Outcome,
        /// The evaluated children.
        children: Vec<Evaluated<'a>>,
    },
    /// A leaf with the reason for its outcome.
    Leaf {
        /// The leaf as the index stores it.
        #[serde(flatten)]
        requisite: &'a Requisite,
        /// The outcome.
        outcome: Outcome,
        /// Why.
        reason: Reason,
        /// The reason as a sentence.
        message: String,
    },
}

impl Evaluated<'_> {
    /// The node's outcome.
    pub fn outcome(&self) -> Outcome {
        match self {
            Evaluated::Group { outcome, .. } | Evaluated::Leaf { outcome, .. } => *outcome,
        }
    }
}

/// Evaluates requisite trees for one record.
#[derive(Debug, Clone, Copy)]
pub struct Evaluator<'a> {
    /// The catalog, for units, cross-listings and whether a course exists.
    pub catalog: &'a Catalog,
    /// The validated record.
    pub record: &'a StudentRecord,
    /// When `true`, in-progress courses count as completed (planning for
    /// the term after the current one).
    pub in_progress_as_completed: bool,
}

impl<'a> Evaluator<'a> {
    /// An evaluator that counts in-progress courses only where a requisite allows it.
    pub fn new(catalog: &'a Catalog, record: &'a StudentRecord) -> Evaluator<'a> {
        Evaluator { catalog, record, in_progress_as_completed: false }
    }

    /// Evaluates `tree` as a requisite of kind `mode`.
    pub fn evaluate<'t>(&self, tree: &'t Requisite, mode: Mode) -> Evaluated<'t> {
        match tree {
            Requisite::All { children } => self.group("all", None, children, usize::MAX, mode),
            Requisite::Any { children } => self.group("any", None, children, 1, mode),
            Requisite::NOf { n, children } => self.group("n_of", Some(*n), children, *n as usize, mode),
            leaf => {
                let (outcome, reason) = self.leaf(leaf, mode);
                Evaluated::Leaf { requisite: leaf, outcome, message: reason.message(), reason }
            }
        }
    }

    fn group<'t>(&self, kind: &'static str, n: Option<u32>, children: &'t [Requisite], needed: usize, mode: Mode) -> Evaluated<'t> {
        let children: Vec<Evaluated<'t>> = children.iter().map(|child| self.evaluate(child, mode)).collect();
        let outcome = Outcome::at_least(needed, children.iter().map(Evaluated::outcome));
        Evaluated::Group { kind, n, outcome, children }
    }

    /// The outcome and reason of one leaf.
    pub fn leaf(&self, leaf: &Requisite, mode: Mode) -> (Outcome, Reason) {
        match leaf {
            Requisite::Course { code, min_grade, concurrent } => self.course(code, *min_grade, *concurrent || mode == Mode::Corequisite),
            Requisite::Level { min } => match self.record.level {
                None => (Outcome::Unknown, Reason::LevelNotGiven { need: *min }),
                Some(have) if have >= *min => (Outcome::Satisfied, Reason::LevelMet { have, need: *min }),
                Some(have) => (Outcome::NotSatisfied, Reason::LevelTooLow { have, need: *min }),
            },
            Requisite::Program { mode: program_mode, name, groups } => self.program(*program_mode, name, groups),
            Requisite::Units { min_units, subjects, min_course_level, .. } => {
                self.units(*min_units, subjects, *min_course_level, mode)
            }
            Requisite::Average { min_percent, .. } => (Outcome::Unknown, Reason::AverageNotChecked { min_percent: *min_percent }),
            Requisite::NoCredit { codes } => {
                let courses: Vec<String> = codes.iter().filter(|code| self.record.has_taken(code)).cloned().collect();
                if courses.is_empty() {
                    (Outcome::Satisfied, Reason::NoExcludedCredit { excluded: codes.clone() })
                } else {
                    (Outcome::NotSatisfied, Reason::CreditExcluded { courses })
                }
            }
            Requisite::Consent { by } => (Outcome::Unknown, Reason::NeedsConsent { by: *by }),
            Requisite::Unparsed { text } => (Outcome::Unknown, Reason::UnparsedText { text: text.clone() }),
            Requisite::All { .. } | Requisite::Any { .. } | Requisite::NOf { .. } => {
                unreachable!("groups are evaluated by Evaluator::evaluate")
            }
        }
    }

    /// A course leaf; `same_term_allowed` when in-progress courses count.
    fn course(&self, code: &str, min_grade: Option<u8>, same_term_allowed: bool) -> (Outcome, Reason) {
        let course = code.to_string();
        let mut aliases = vec![code];
        if let Some(known) = self.catalog.course(code) {
            aliases.extend(known.crosslistings.iter().map(String::as_str));
        }

        for alias in &aliases {
            if let Some(grade) = self.record.completed.get(*alias) {
                return grade_outcome(course, alias, *grade, min_grade);
            }
        }
        if aliases.iter().any(|alias| self.record.in_progress.contains(*alias)) {
            if same_term_allowed || self.in_progress_as_completed {
                return (Outcome::Satisfied, Reason::CourseInProgress { course });
            }
            return (Outcome::NotSatisfied, Reason::InProgressNotComplete { course });
        }
        let in_index = self.catalog.course(code).is_some();
        (Outcome::NotSatisfied, Reason::MissingCourse { course, concurrent_allowed: same_term_allowed, in_index })
    }

    fn program(&self, mode: ProgramMode, name: &str, groups: &[String]) -> (Outcome, Reason) {
        if groups.is_empty() {
            return (Outcome::Unknown, Reason::ProgramUnresolved { name: name.to_string() });
        }
        if !self.record.programs_given {
            return (Outcome::Unknown, Reason::ProgramsNotGiven { groups: groups.to_vec() });
        }
        let matching: Vec<String> = groups.iter().filter(|group| self.record.groups.contains(*group)).cloned().collect();
        match (mode, matching.is_empty()) {
            (ProgramMode::Enrolled, false) => (Outcome::Satisfied, Reason::InProgram { groups: matching }),
            (ProgramMode::Enrolled, true) => (
                Outcome::NotSatisfied,
                Reason::NotInProgram { required: groups.to_vec(), have: self.record.groups.iter().cloned().collect() },
            ),
            (ProgramMode::NotOpen, false) => (Outcome::NotSatisfied, Reason::ProgramExcluded { groups: matching }),
            (ProgramMode::NotOpen, true) => (Outcome::Satisfied, Reason::ProgramNotExcluded { excluded: groups.to_vec() }),
        }
    }

    fn units(&self, need: f32, subjects: &[String], min_level: Option<u16>, mode: Mode) -> (Outcome, Reason) {
        let counts_in_progress = mode == Mode::Corequisite || self.in_progress_as_completed;
        let taken = self
            .record
            .completed
            .keys()
            .chain(self.record.in_progress.iter().filter(|_| counts_in_progress));
        let mut have = 0.0;
        let mut courses = Vec::new();
        for code in taken {
            let Some(course) = self.catalog.course(code) else { continue };
            let subject_matches = subjects.is_empty() || subjects.iter().any(|subject| subject.eq_ignore_ascii_case(&course.subject));
            if subject_matches && course.level >= min_level.unwrap_or(0) && !courses.contains(code) {
                have += course.units;
                courses.push(code.clone());
            }
        }
        // Unit figures are multiples of 0.25, so a small tolerance absorbs float sums.
        let outcome = if have + 1e-4 >= need { Outcome::Satisfied } else { Outcome::NotSatisfied };
        (outcome, Reason::UnitsCounted { have, need, courses })
    }
}

/// The outcome of a completed course against a minimum grade.
fn grade_outcome(course: String, satisfied_by: &str, grade: Option<f32>, min_grade: Option<u8>) -> (Outcome, Reason) {
    let satisfied_by = satisfied_by.to_string();
    match (grade, min_grade) {
        (_, None) => (Outcome::Satisfied, Reason::CourseCompleted { course, satisfied_by, grade }),
        (None, Some(need)) => (Outcome::Unknown, Reason::GradeNotGiven { course, need }),
        (Some(have), Some(need)) if have >= f32::from(need) => {
            (Outcome::Satisfied, Reason::CourseCompleted { course, satisfied_by, grade })
        }
        (Some(have), Some(need)) => (Outcome::NotSatisfied, Reason::GradeTooLow { course, have, need }),
    }
}
