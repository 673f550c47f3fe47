//! Auditing one requirement node against the record's courses, consuming
//! each course it counts so no other node counts it again.

use std::collections::BTreeSet;

use serde::Serialize;

use super::PASSING_GRADE;
use crate::advisory::record::StudentRecord;
use crate::advisory::rules::rule_count;
use crate::catalog::Catalog;
use crate::model::Requirement;

/// Units an `additional` rule requires per course.
const UNITS_PER_RULE_COURSE: f32 = 0.5;

/// Status of a requirement node, ordered from best to worst so a group's
/// status is the worst of its counted parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    /// Met by completed courses.
    Complete,
    /// Met once the in-progress courses are completed.
    InProgress,
    /// A rule that names no count, subject, level or course, so a course
    /// list cannot check it.
    Unknown,
    /// Not met.
    Missing,
}

/// One audited requirement node.
#[derive(Debug, Clone, Serialize)]
pub struct AuditNode {
    /// `all`, `any`, `n_of`, `course` or `additional`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Heading as the calendar writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How many children `n_of` needs, or courses an `additional` rule needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// The course of a course leaf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The text of an `additional` rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The node's status.
    pub status: AuditStatus,
    /// For a child of `any` or `n_of`: whether the parent counts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted: Option<bool>,
    /// Record courses this node counts (its counted descendants' included).
    pub satisfied_by: Vec<String>,
    /// Courses or rules still missing here.
    pub missing: Vec<String>,
    /// Units this node requires.
    pub units_required: f32,
    /// Units completed towards it.
    pub units_completed: f32,
    /// Units in progress towards it.
    pub units_in_progress: f32,
    /// Audited children, in calendar order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<AuditNode>,
}

impl AuditNode {
    fn leaf(kind: &'static str, status: AuditStatus) -> AuditNode {
        AuditNode {
            kind,
            label: None,
            n: None,
            code: None,
            text: None,
            status,
            counted: None,
            satisfied_by: Vec::new(),
            missing: Vec::new(),
            units_required: 0.0,
            units_completed: 0.0,
            units_in_progress: 0.0,
            children: Vec::new(),
        }
    }

    /// Adds the counted parts' figures and courses to this group node.
    fn absorb(&mut self, child: &AuditNode) {
        self.units_required += child.units_required;
        self.units_completed += child.units_completed;
        self.units_in_progress += child.units_in_progress;
        self.satisfied_by.extend(child.satisfied_by.iter().cloned());
        self.missing.extend(child.missing.iter().cloned());
    }

    /// Gathers the missing courses and rules of the counted parts.
    pub fn collect_remaining(&self, courses: &mut Vec<String>, rules: &mut Vec<String>) {
        if self.status == AuditStatus::Complete || self.status == AuditStatus::InProgress {
            return;
        }
        match self.kind {
            "course" => courses.extend(self.missing.iter().filter(|code| !courses.contains(code)).cloned().collect::<Vec<_>>()),
            "additional" => rules.extend(self.missing.iter().cloned()),
            _ => {
                for child in self.children.iter().filter(|child| child.counted != Some(false)) {
                    child.collect_remaining(courses, rules);
                }
            }
        }
    }

    /// Rank for choosing among alternatives: better status, then more progress.
    fn rank(&self) -> (AuditStatus, i64, i64) {
        let done = ((self.units_completed + self.units_in_progress) * 100.0) as i64;
        (self.status, -done, (self.units_required * 100.0) as i64)
    }
}

/// Audits requirement trees for one record.
pub struct Auditor<'a> {
    catalog: &'a Catalog,
    record: &'a StudentRecord,
}

impl<'a> Auditor<'a> {
    /// Creates an auditor over `record`.
    pub fn new(catalog: &'a Catalog, record: &'a StudentRecord) -> Auditor<'a> {
        Auditor { catalog, record }
    }

    /// Audits `node`, adding the courses it counts to `used`.
    pub fn audit(&self, node: &Requirement, used: &mut BTreeSet<String>) -> AuditNode {
        match node {
            Requirement::Course { code, min_grade } => self.course(code, *min_grade, used),
            Requirement::All { label, children } => self.all(label, children, used),
            Requirement::Any { label, children } => self.choose("any", label, None, children, 1, used),
            Requirement::NOf { label, n, children } => self.choose("n_of", label, Some(*n), children, *n as usize, used),
            Requirement::Additional { text, n, subjects, min_course_level, courses } => {
                self.additional(text, *n, subjects, *min_course_level, courses, used)
            }
        }
    }

    /// Finds an unused record course for `code` (or a cross-listing): its
    /// code and whether it is completed (`true`) or in progress (`false`).
    fn holding(&self, code: &str, min_grade: Option<u8>, used: &BTreeSet<String>) -> Option<(String, bool)> {
        let mut aliases = vec![code.to_string()];
        if let Some(course) = self.catalog.course(code) {
            aliases.extend(course.crosslistings.iter().cloned());
        }
        let need = min_grade.map_or(PASSING_GRADE, f32::from);
        let passed = |alias: &String| self.record.completed.get(alias).is_some_and(|grade| grade.is_none_or(|grade| grade >= need));
        let completed = aliases.iter().find(|alias| !used.contains(*alias) && passed(alias));
        if let Some(alias) = completed {
            return Some((alias.clone(), true));
        }
        let in_progress = aliases.iter().find(|alias| !used.contains(*alias) && self.record.in_progress.contains(*alias));
        in_progress.map(|alias| (alias.clone(), false))
    }

    fn course(&self, code: &str, min_grade: Option<u8>, used: &mut BTreeSet<String>) -> AuditNode {
        let units = self.catalog.course(code).map_or(UNITS_PER_RULE_COURSE, |course| course.units);
        let mut node = AuditNode::leaf("course", AuditStatus::Missing);
        node.code = Some(code.to_string());
        node.units_required = units;
        match self.holding(code, min_grade, used) {
            Some((alias, completed)) => {
                used.insert(alias.clone());
                node.satisfied_by.push(alias);
                if completed {
                    node.status = AuditStatus::Complete;
                    node.units_completed = units;
                } else {
                    node.status = AuditStatus::InProgress;
                    node.units_in_progress = units;
                }
            }
            None => node.missing.push(code.to_string()),
        }
        node
    }

    fn all(&self, label: &Option<String>, children: &[Requirement], used: &mut BTreeSet<String>) -> AuditNode {
        // Most constrained first: named courses, then groups with the fewest
        // matching record courses, then `additional` rules.
        let mut order: Vec<usize> = (0..children.len()).collect();
        order.sort_by_key(|&index| self.constraint_rank(&children[index]));
        let mut audited: Vec<Option<AuditNode>> = vec![None; children.len()];
        for index in order {
            audited[index] = Some(self.audit(&children[index], used));
        }

        let mut node = AuditNode::leaf("all", AuditStatus::Complete);
        node.label = label.clone();
        for child in audited.into_iter().flatten() {
            node.absorb(&child);
            node.status = node.status.max(child.status);
            node.children.push(child);
        }
        node
    }

    fn constraint_rank(&self, node: &Requirement) -> (u8, usize) {
        match node {
            Requirement::Course { .. } => (0, 0),
            Requirement::Additional { .. } => (2, 0),
            group => {
                let taken = group.course_codes().into_iter().filter(|code| self.record.has_taken(code)).count();
                (1, taken)
            }
        }
    }

    /// Counts the best `n` of `children`; the rest are shown uncounted.
    fn choose(&self, kind: &'static str, label: &Option<String>, n: Option<u32>, children: &[Requirement], needed: usize, used: &mut BTreeSet<String>) -> AuditNode {
        let mut ranked: Vec<(usize, (AuditStatus, i64, i64))> =
            children.iter().enumerate().map(|(index, child)| (index, self.audit(child, &mut used.clone()).rank())).collect();
        ranked.sort_by_key(|(index, rank)| (*rank, *index));
        let counted: Vec<usize> = ranked.iter().take(needed).map(|(index, _)| *index).collect();

        let mut audited: Vec<Option<AuditNode>> = vec![None; children.len()];
        for &index in &counted {
            let mut child = self.audit(&children[index], used);
            child.counted = Some(true);
            audited[index] = Some(child);
        }
        let mut node = AuditNode::leaf(kind, if counted.len() < needed { AuditStatus::Missing } else { AuditStatus::Complete });
        node.label = label.clone();
        node.n = n;
        for (index, slot) in audited.into_iter().enumerate() {
            let child = match slot {
                Some(child) => {
                    node.absorb(&child);
                    node.status = node.status.max(child.status);
                    child
                }
                None => {
                    let mut shown = self.audit(&children[index], &mut used.clone());
                    shown.counted = Some(false);
                    shown
                }
            };
            node.children.push(child);
        }
        node
    }

    fn additional(
        &self,
        text: &str,
        n: Option<u32>,
        subjects: &[String],
        min_level: Option<u16>,
        listed: &[String],
        used: &mut BTreeSet<String>,
    ) -> AuditNode {
        let mut node = AuditNode::leaf("additional", AuditStatus::Missing);
        node.text = Some(text.to_string());
        let n = rule_count(n, text);
        node.n = n;
        if n.is_none() && subjects.is_empty() && listed.is_empty() && min_level.is_none() {
            node.status = AuditStatus::Unknown;
            node.missing.push(format!("{text} (cannot be checked from a course list)"));
            return node;
        }

        let required_count = n.unwrap_or(1) as usize;
        node.units_required = required_count as f32 * UNITS_PER_RULE_COURSE;
        let matches = |code: &String| {
            if !listed.is_empty() {
                return listed.contains(code);
            }
            let Some(course) = self.catalog.course(code) else { return false };
            (subjects.is_empty() || subjects.iter().any(|subject| subject.eq_ignore_ascii_case(&course.subject)))
                && course.level >= min_level.unwrap_or(0)
        };
        let passed = |code: &&String| self.record.completed.get(*code).is_some_and(|grade| grade.is_none_or(|grade| grade >= PASSING_GRADE));
        let completed: Vec<String> = self.record.completed.keys().filter(passed).filter(|code| !used.contains(*code) && matches(code)).cloned().collect();
        let in_progress: Vec<String> = self.record.in_progress.iter().filter(|code| !used.contains(*code) && matches(code)).cloned().collect();

        let candidates = completed.into_iter().map(|code| (code, true)).chain(in_progress.into_iter().map(|code| (code, false)));
        for (code, is_completed) in candidates.take(required_count) {
            used.insert(code.clone());
            node.satisfied_by.push(code);
            if is_completed {
                node.units_completed += UNITS_PER_RULE_COURSE;
            } else {
                node.units_in_progress += UNITS_PER_RULE_COURSE;
            }
        }
        let done = node.satisfied_by.len();
        let completed_count = (node.units_completed / UNITS_PER_RULE_COURSE).round() as usize;
        node.status = if completed_count >= required_count {
            AuditStatus::Complete
        } else if done >= required_count {
            AuditStatus::InProgress
        } else {
            node.missing.push(format!("{} more course(s) for: {text}", required_count - done));
            AuditStatus::Missing
        };
        node
    }
}
