//! Credential audit: which requirements a record meets, with which courses,
//! and what remains.
//!
//! No course counts twice. Within an `all` group the most constrained parts
//! take their courses first: named courses, then groups with the fewest
//! matching record courses, then `additional` rules from what is left. An
//! `any` group counts its best child; an `n_of` group counts its best `n`.
//! The credential model has no flag for requirements that may share
//! courses, so none do.
//!
//! `progress` is completed units over required units. A course leaf
//! requires the course's units; an `additional` rule for `n` courses
//! requires `n × 0.5` units (one-term courses), and an `any` or `n_of`
//! group requires what its counted children require.

mod node;

use std::collections::BTreeSet;

use serde::Serialize;

use super::record::StudentRecord;
use crate::catalog::Catalog;
use crate::model::Credential;
pub use node::{AuditNode, AuditStatus};

/// Lowest passing grade in percent; a completed course under it earns no credit.
pub const PASSING_GRADE: f32 = 50.0;

/// The answer to an audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditAnswer {
    /// Credential id.
    pub credential: String,
    /// Credential name.
    pub name: String,
    /// Status of the whole credential.
    pub status: AuditStatus,
    /// Completed units over required units, 0.0 to 1.0.
    pub progress: f64,
    /// The same, counting in-progress courses as completed.
    pub progress_with_in_progress: f64,
    /// Units the counted requirements need.
    pub units_required: f32,
    /// Units completed towards them.
    pub units_completed: f32,
    /// Units in progress towards them.
    pub units_in_progress: f32,
    /// The requirement tree with each node's status.
    pub requirements: AuditNode,
    /// Courses still to take for the cheapest completion of each group.
    pub remaining_courses: Vec<String>,
    /// `additional` rules still short, with how many courses they need.
    pub remaining_rules: Vec<String>,
    /// Record courses no requirement counted.
    pub unused_courses: Vec<String>,
    /// Completed courses under the passing grade, which count for nothing.
    pub failed_courses: Vec<String>,
}

/// Audits `record` against `credential`.
pub fn audit(catalog: &Catalog, record: &StudentRecord, credential: &Credential) -> AuditAnswer {
    let auditor = node::Auditor::new(catalog, record);
    let mut used = BTreeSet::new();
    let root = auditor.audit(&credential.requirements, &mut used);

    let mut remaining_courses = Vec::new();
    let mut remaining_rules = Vec::new();
    root.collect_remaining(&mut remaining_courses, &mut remaining_rules);
    let taken = record.completed.keys().chain(record.in_progress.iter());
    let unused_courses: BTreeSet<String> = taken.filter(|code| !used.contains(*code)).cloned().collect();
    let failed_courses = record
        .completed
        .iter()
        .filter(|(_, grade)| grade.is_some_and(|grade| grade < PASSING_GRADE))
        .map(|(code, _)| code.clone())
        .collect();

    let ratio = |done: f32| if root.units_required > 0.0 { f64::from((done / root.units_required).min(1.0)) } else { 1.0 };
    AuditAnswer {
        credential: credential.id.clone(),
        name: credential.name.clone(),
        status: root.status,
        progress: ratio(root.units_completed),
        progress_with_in_progress: ratio(root.units_completed + root.units_in_progress),
        units_required: root.units_required,
        units_completed: root.units_completed,
        units_in_progress: root.units_in_progress,
        remaining_courses,
        remaining_rules,
        unused_courses: unused_courses.into_iter().collect(),
        failed_courses,
        requirements: root,
    }
}

#[cfg(test)]
mod tests;
