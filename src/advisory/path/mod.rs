//! Path search: the fewest courses, term by term, that take a record to a
//! set of target courses or through a credential's requirements.
//!
//! [`search`] chooses the courses (branch and bound over `any` and `n_of`
//! choices, bounded by a deadline), then [`schedule`] lays them out in
//! terms. Conditions the plan cannot meet or check are returned as issues
//! beside the plan rather than as errors, so an impossible target is
//! explained (a cycle, an unknown course, a course in `avoid`, a program
//! the record is not in, a consent that may not be assumed).

pub mod describe;
pub mod plan;
pub mod schedule;
pub mod search;
pub mod term;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::record::{check_size, known_code, InputError, StudentRecord};
use crate::catalog::Catalog;
use crate::model::{AcademicLevel, Requisite};
use plan::{Decision, Issue, Severity};
use schedule::{lay_out, PlannedTerm, ScheduleSettings, Unscheduled};
use search::{Search, Settings};
use term::TermLabel;

/// Default of `max_per_term`.
pub const DEFAULT_MAX_PER_TERM: usize = 5;
/// Largest `max_per_term`.
pub const MAX_PER_TERM_LIMIT: usize = 8;
/// Default search deadline in milliseconds.
pub const DEFAULT_DEADLINE_MS: u64 = 300;
/// Largest search deadline in milliseconds.
pub const MAX_DEADLINE_MS: u64 = 2_000;
/// Maximum number of courses an `avoid` list may name.
pub const MAX_AVOID: usize = 100;

/// Planning constraints as the client sends them; every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintsInput {
    /// Maximum number of courses in one term, 1 to 8 (default 5).
    pub max_per_term: Option<i64>,
    /// First term of the plan, such as `2025F` (default: the next term to start).
    pub start_term: Option<String>,
    /// Place courses only in the terms they are offered (default `true`).
    pub respect_terms_offered: Option<bool>,
    /// Courses the plan must not use.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// Search time budget in milliseconds, 1 to 2000 (default 300).
    pub deadline_ms: Option<i64>,
    /// Treat consent requirements as granted, flagged as assumptions (default `true`).
    pub assume_consent: Option<bool>,
}

/// Validated planning constraints.
#[derive(Debug, Clone)]
pub struct Constraints {
    /// Maximum number of courses in one term.
    pub max_per_term: usize,
    /// First term of the plan.
    pub start_term: TermLabel,
    /// Place courses only in the terms they are offered.
    pub respect_terms_offered: bool,
    /// Canonical codes the plan must not use.
    pub avoid: HashSet<String>,
    /// Search time budget.
    pub deadline: Duration,
    /// Treat consent as granted.
    pub assume_consent: bool,
}

impl Constraints {
    /// Validates `input`; `upcoming` is the start term used when none is given.
    pub fn validate(input: &ConstraintsInput, catalog: &Catalog, upcoming: TermLabel) -> Result<Constraints, InputError> {
        let max_per_term = match input.max_per_term {
            None => DEFAULT_MAX_PER_TERM,
            Some(value) if (1..=MAX_PER_TERM_LIMIT as i64).contains(&value) => value as usize,
            Some(value) => {
                return Err(InputError::new(
                    "constraints.max_per_term",
                    format!("max_per_term is {value}; use a whole number from 1 to {MAX_PER_TERM_LIMIT}."),
                ))
            }
        };
        let deadline_ms = match input.deadline_ms {
            None => DEFAULT_DEADLINE_MS,
            Some(value) if (1..=MAX_DEADLINE_MS as i64).contains(&value) => value as u64,
            Some(value) => {
                return Err(InputError::new(
                    "constraints.deadline_ms",
                    format!("deadline_ms is {value}; use a number of milliseconds from 1 to {MAX_DEADLINE_MS}."),
                ))
            }
        };
        let start_term = match &input.start_term {
            None => upcoming,
            Some(text) => TermLabel::parse(text).ok_or_else(|| {
                InputError::new("constraints.start_term", "start_term is a year and a term letter, such as 2025F, 2026W or 2026S.")
            })?,
        };
        check_size("constraints.avoid", input.avoid.len(), MAX_AVOID)?;
        let mut avoid = HashSet::new();
        for (index, text) in input.avoid.iter().enumerate() {
            avoid.insert(known_code(catalog, text, &format!("constraints.avoid[{index}]"))?);
        }
        Ok(Constraints {
            max_per_term,
            start_term,
            respect_terms_offered: input.respect_terms_offered.unwrap_or(true),
            avoid,
            deadline: Duration::from_millis(deadline_ms),
            assume_consent: input.assume_consent.unwrap_or(true),
        })
    }
}

/// What a plan leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goal {
    /// Canonical codes of target courses.
    Courses(Vec<String>),
    /// A credential id.
    Credential(String),
}

/// Search figures of one answer.
#[derive(Debug, Clone, Serialize)]
pub struct SearchStats {
    /// Search nodes expanded.
    pub explored: u64,
    /// Time spent, in milliseconds.
    pub elapsed_ms: u64,
    /// The deadline, in milliseconds.
    pub deadline_ms: u64,
}

/// The answer to a path request.
#[derive(Debug, Clone, Serialize)]
pub struct PathAnswer {
    /// Target courses, when the goal is courses.
    pub targets: Vec<String>,
    /// Credential id, when the goal is a credential.
    pub credential: Option<String>,
    /// `true` when the plan has no blocking issue and every course is placed.
    pub feasible: bool,
    /// `true` when the search explored or pruned every option, so no plan of
    /// lower cost exists under its cost model; `false` when it stopped early
    /// or skipped options (see [`search::Outcome::options_skipped`]).
    pub complete: bool,
    /// `true` when the deadline cut the search short.
    pub stopped_early: bool,
    /// Courses in the plan.
    pub total_courses: usize,
    /// Units of those courses.
    pub total_units: f32,
    /// The plan, term by term.
    pub terms: Vec<PlannedTerm>,
    /// Chosen courses that could not be placed in a term.
    pub unscheduled: Vec<Unscheduled>,
    /// Goal courses the record already has (completed or in progress).
    pub already_completed: Vec<String>,
    /// Each `any` or `n_of` choice: the options taken and the others.
    pub alternatives: Vec<Decision>,
    /// Blocking issues, assumptions and notes.
    pub issues: Vec<Issue>,
    /// Credential rules that name no courses, left to the student.
    pub unplanned_rules: Vec<String>,
    /// Search figures.
    pub search: SearchStats,
}

/// Plans `goal` for `record` under `constraints`.
pub fn find_path(catalog: &Catalog, record: &StudentRecord, goal: &Goal, constraints: &Constraints) -> PathAnswer {
    let started = Instant::now();
    let (tree, unplanned_rules, targets, credential) = match goal {
        Goal::Courses(codes) => {
            let leaves = codes.iter().map(|code| Requisite::Course { code: code.clone(), min_grade: None, concurrent: false });
            (Requisite::All { children: leaves.collect() }, Vec::new(), codes.clone(), None)
        }
        Goal::Credential(id) => {
            let credential = catalog.credential(id).expect("credential ids are validated before planning");
            let (tree, unplanned) = describe::credential_tree(credential);
            (tree, unplanned, Vec::new(), Some(id.clone()))
        }
    };

    let settings = Settings {
        avoid: constraints.avoid.clone(),
        assume_consent: constraints.assume_consent,
        deadline: started + constraints.deadline,
    };
    let outcome = Search::new(catalog, record, settings).run(&tree);
    let mut plan = outcome.plan;

    let start_level = record.level.unwrap_or_else(|| {
        if !plan.level_needs.is_empty() {
            plan.push_issue(Issue::new(
                "level_assumed",
                None,
                Severity::Note,
                "The record gives no level, so the plan starts at level 1A.".to_string(),
            ));
        }
        AcademicLevel::parse("1A").expect("1A is a level")
    });
    let schedule_settings = ScheduleSettings {
        start: constraints.start_term,
        start_level,
        max_per_term: constraints.max_per_term,
        respect_terms_offered: constraints.respect_terms_offered,
    };
    let layout = lay_out(catalog, &plan, &schedule_settings);

    let total_units = plan.chosen.iter().filter_map(|code| catalog.course(code)).map(|course| course.units).sum();
    let blocked = plan.issues.iter().any(|issue| issue.severity == Severity::Blocking);
    PathAnswer {
        targets,
        credential,
        feasible: !blocked && layout.unscheduled.is_empty(),
        complete: !outcome.stopped_early && !outcome.options_skipped,
        stopped_early: outcome.stopped_early,
        total_courses: plan.chosen.len(),
        total_units,
        terms: layout.terms,
        unscheduled: layout.unscheduled,
        already_completed: plan.already_done,
        alternatives: plan.decisions,
        issues: plan.issues,
        unplanned_rules,
        search: SearchStats {
            explored: outcome.explored,
            elapsed_ms: started.elapsed().as_millis() as u64,
            deadline_ms: constraints.deadline.as_millis() as u64,
        },
    }
}

#[cfg(test)]
mod tests;
