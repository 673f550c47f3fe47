//! Course leaves of the path search: what meeting one adds to a plan, and
//! the memoised closure-cost estimates that order the options of a choice.

use std::rc::Rc;

use super::{Chain, Obligation, Search, State};
use crate::advisory::eligibility::consent_in_notes;
use crate::advisory::evaluate::Mode;
use crate::advisory::path::plan::{Cost, Edge, Issue, Plan, Severity};
use crate::model::{ProgramMode, Requisite};

/// The record's match for a course leaf.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RecordMatch {
    /// Completed (with the grade, or no grade given) or in progress.
    Met,
    /// Completed with a grade under the minimum.
    GradeTooLow { have: f32, need: u8 },
    /// Not in the record.
    Missing,
}

impl<'a> Search<'a> {
    /// Matches `code` with `min_grade` against the record. In-progress courses
    /// count as met: a plan starts after the current term.
    pub(crate) fn record_match(&self, code: &str, min_grade: Option<u8>) -> RecordMatch {
        let crosslistings = self.catalog.course(code).map(|course| course.crosslistings.as_slice()).unwrap_or(&[]);
        let aliases = || std::iter::once(code).chain(crosslistings.iter().map(String::as_str));
        for alias in aliases() {
            if let Some(grade) = self.record.completed.get(alias) {
                return match (grade, min_grade) {
                    (Some(have), Some(need)) if *have < f32::from(need) => RecordMatch::GradeTooLow { have: *have, need },
                    _ => RecordMatch::Met,
                };
            }
        }
        if aliases().any(|alias| self.record.in_progress.contains(alias)) {
            return RecordMatch::Met;
        }
        RecordMatch::Missing
    }

    /// Meets a course leaf: from the record, from the plan, or by adding the
    /// course and its own requisites.
    pub(super) fn course(&mut self, state: &mut State<'a>, obligation: &Obligation<'a>, code: &str, min_grade: Option<u8>, strict: bool) {
        let owner = obligation.owner_code().map(str::to_string);
        let plan = &mut state.plan;
        match self.record_match(code, min_grade) {
            RecordMatch::Met => {
                if owner.is_none() && !plan.already_done.iter().any(|done| done == code) {
                    plan.already_done.push(code.to_string());
                }
                return;
            }
            RecordMatch::GradeTooLow { have, need } => {
                let message = format!("{code} was completed with {have}%, below the {need}% required; retake it or take another route.");
                plan.push_issue(Issue::new("grade_too_low", owner.as_deref(), Severity::Blocking, message));
                return;
            }
            RecordMatch::Missing => {}
        }

        if strict && Chain::contains(&obligation.owner, code) {
            let message = format!("Prerequisite cycle: {}.", Chain::path(&obligation.owner, code));
            plan.push_issue(Issue::new("cycle", owner.as_deref(), Severity::Blocking, message));
            return;
        }
        let edge = |requires: &str| owner.clone().map(|course| Edge { course, requires: requires.to_string(), strict });
        if plan.has_chosen(code) {
            plan.edges.extend(edge(code));
            return;
        }
        if self.settings.avoid.contains(code) {
            let message = format!("{code} is required here but is in the avoid list.");
            plan.push_issue(Issue::new("avoided", owner.as_deref(), Severity::Blocking, message));
            return;
        }
        let Some(course) = self.catalog.course(code) else {
            let message = format!("{code} is required here but is not in this index.");
            plan.push_issue(Issue::new("unknown_course", owner.as_deref(), Severity::Blocking, message));
            return;
        };
        if let Some(conflict) = self.antireq_conflict(plan, code) {
            let message = format!("{code} and {conflict} are antirequisites; credit cannot be received for both.");
            plan.push_issue(Issue::new("antirequisite", Some(code), Severity::Blocking, message));
        }

        if let Some(by) = consent_in_notes(course) {
            plan.push_issue(self.consent_issue(by, Some(code)));
        }
        plan.chosen.push(code.to_string());
        plan.edges.extend(edge(code));
        let chain = Some(Rc::new(Chain { code: code.to_string(), parent: obligation.owner.clone() }));
        if let Some(coreq) = &course.coreq {
            state.pending.push(Obligation { tree: coreq, owner: chain.clone(), mode: Mode::Corequisite });
        }
        if let Some(prereq) = &course.prereq {
            state.pending.push(Obligation { tree: prereq, owner: chain, mode: Mode::Prerequisite });
        }
    }

    /// Finds a course of the record or plan that `code` conflicts with, either way round.
    fn antireq_conflict(&self, plan: &Plan, code: &str) -> Option<String> {
        let lists = |from: &str, other: &str| {
            self.catalog.course(from).is_some_and(|course| course.antireqs.iter().any(|antireq| antireq == other))
        };
        let taken = self.record.completed.keys().chain(self.record.in_progress.iter()).chain(plan.chosen.iter());
        taken.filter(|other| other.as_str() != code).find(|other| lists(code, other) || lists(other, code)).cloned()
    }

    /// Estimated cost of meeting `tree` on top of `plan`. Courses shared
    /// between branches are counted once per branch, so this is a guide for
    /// ordering options, not a bound.
    pub(super) fn estimate(&mut self, tree: &Requisite, plan: &Plan) -> Cost {
        match tree {
            Requisite::All { children } => children.iter().fold(Cost::ZERO, |sum, child| sum.plus(self.estimate(child, plan))),
            Requisite::Any { children } => {
                children.iter().map(|child| self.estimate(child, plan)).min().unwrap_or(Cost::ZERO)
            }
            Requisite::NOf { n, children } => {
                let mut costs: Vec<Cost> = children.iter().map(|child| self.estimate(child, plan)).collect();
                costs.sort();
                let missing = (*n as usize).saturating_sub(costs.len()) as u32;
                let chosen = costs.into_iter().take(*n as usize).fold(Cost::ZERO, Cost::plus);
                chosen.plus(Cost { blocked: missing, ..Cost::ZERO })
            }
            Requisite::Course { code, min_grade, .. } => self.course_estimate(code, *min_grade, plan),
            Requisite::Program { mode, groups, .. } => {
                let matches = groups.iter().any(|group| self.record.groups.contains(group));
                let decided = self.record.programs_given && !groups.is_empty();
                match mode {
                    ProgramMode::Enrolled if decided && !matches => Cost::BLOCKED,
                    ProgramMode::NotOpen if decided && matches => Cost::BLOCKED,
                    _ => Cost::ZERO,
                }
            }
            Requisite::NoCredit { codes } if codes.iter().any(|code| self.record.has_taken(code) || plan.has_chosen(code)) => {
                Cost::BLOCKED
            }
            Requisite::NoCredit { .. } => Cost::ZERO,
            Requisite::Consent { .. } if self.settings.assume_consent => Cost::ASSUMED,
            Requisite::Consent { .. } => Cost::BLOCKED,
            Requisite::Unparsed { .. } | Requisite::Average { .. } => Cost::ASSUMED,
            Requisite::Level { .. } | Requisite::Units { .. } => Cost::ZERO,
        }
    }

    fn course_estimate(&mut self, code: &str, min_grade: Option<u8>, plan: &Plan) -> Cost {
        match self.record_match(code, min_grade) {
            RecordMatch::Met => return Cost::ZERO,
            RecordMatch::GradeTooLow { .. } => return Cost::BLOCKED,
            RecordMatch::Missing => {}
        }
        if plan.has_chosen(code) {
            return Cost::ZERO;
        }
        if self.settings.avoid.contains(code) || self.catalog.course(code).is_none() {
            return Cost::BLOCKED;
        }
        if let Some(cost) = self.estimates.get(code) {
            return *cost;
        }
        if !self.estimating.insert(code.to_string()) {
            // A cycle (or a corequisite pair): the search proper decides it.
            return Cost::ZERO;
        }

        let catalog = self.catalog;
        let course = catalog.course(code).expect("checked above");
        let empty = Plan::default();
        let mut cost = Cost::COURSE;
        if consent_in_notes(course).is_some() {
            cost = cost.plus(if self.settings.assume_consent { Cost::ASSUMED } else { Cost::BLOCKED });
        }
        for tree in course.prereq.iter().chain(course.coreq.iter()) {
            cost = cost.plus(self.estimate(tree, &empty));
        }
        self.estimating.remove(code);
        self.estimates.insert(code.to_string(), cost);
        cost
    }
}
