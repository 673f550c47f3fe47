//! Laying a plan's courses out term by term.
//!
//! List scheduling: each term takes the ready courses with the longest chain
//! of dependants first, up to the per-term maximum. A course is ready when
//! its strict prerequisites sit in earlier terms and it is offered that term
//! (when offerings are respected and the index lists them). Its minimum
//! level must also be met, with the student's level rising one step per
//! term from the start level. Courses that may share a term (corequisites, "or
//! concurrently") are placed together as one group.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::plan::Plan;
use super::term::TermLabel;
use crate::catalog::Catalog;
use crate::model::AcademicLevel;

/// Maximum number of terms a plan spans; courses that do not fit are reported unscheduled.
pub const MAX_TERMS: usize = 30;

/// How to lay the plan out.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleSettings {
    /// The first term of the plan.
    pub start: TermLabel,
    /// The student's level in the first term.
    pub start_level: AcademicLevel,
    /// Maximum number of courses in one term.
    pub max_per_term: usize,
    /// Place courses only in the terms the index lists for them.
    pub respect_terms_offered: bool,
}

/// One term of a laid-out plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedTerm {
    /// The term, for example `2025F`.
    pub term: String,
    /// The student's level that term.
    pub level: AcademicLevel,
    /// Courses to take, in code order.
    pub courses: Vec<PlannedCourse>,
}

/// One course of a term.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedCourse {
    /// Course code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Units of credit.
    pub units: f32,
    /// Planned courses whose requisites this one meets.
    pub required_by: Vec<String>,
}

/// A chosen course that could not be placed.
#[derive(Debug, Clone, Serialize)]
pub struct Unscheduled {
    /// Course code.
    pub code: String,
    /// Why, in a sentence.
    pub message: String,
}

/// The plan laid out in terms.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    /// Terms from the start term to the last one with a course.
    pub terms: Vec<PlannedTerm>,
    /// Courses that could not be placed within [`MAX_TERMS`] terms.
    pub unscheduled: Vec<Unscheduled>,
}

/// Ordering facts about the chosen courses.
struct Constraints<'p> {
    strict: HashMap<&'p str, Vec<&'p str>>,
    loose: HashMap<&'p str, Vec<&'p str>>,
    min_level: HashMap<&'p str, AcademicLevel>,
}

/// Lays `plan` out from `settings.start`.
pub fn lay_out(catalog: &Catalog, plan: &Plan, settings: &ScheduleSettings) -> Layout {
    let constraints = constraints(plan);
    let heights = heights(plan, &constraints);
    let mut order: Vec<&str> = plan.chosen.iter().map(String::as_str).collect();
    order.sort_by(|a, b| heights[b].cmp(&heights[a]).then(a.cmp(b)));

    let mut placed: HashMap<&str, usize> = HashMap::new();
    let mut terms = Vec::new();
    let (mut label, mut level) = (settings.start, settings.start_level);
    for term_index in 0..MAX_TERMS {
        if placed.len() == order.len() {
            break;
        }
        let mut in_term: Vec<&str> = Vec::new();
        for &code in &order {
            if placed.contains_key(code) {
                continue;
            }
            let context = TermContext { catalog, settings, constraints: &constraints, placed: &placed, term_index, label, level };
            if let Some(group) = context.group(code) {
                if in_term.len() + group.len() <= settings.max_per_term {
                    for member in group {
                        placed.insert(member, term_index);
                        in_term.push(member);
                    }
                }
            }
        }
        in_term.sort_unstable();
        terms.push(PlannedTerm { term: label.to_string(), level, courses: in_term.iter().map(|code| planned(catalog, plan, code)).collect() });
        label = label.next();
        level = level.next();
    }

    let unscheduled = order
        .iter()
        .filter(|code| !placed.contains_key(*code))
        .map(|code| Unscheduled {
            code: code.to_string(),
            message: format!(
                "{code} could not be placed within {MAX_TERMS} terms: its requisites form a cycle, its corequisite group exceeds {} courses a term, or it is never offered when ready.",
                settings.max_per_term
            ),
        })
        .collect();
    while terms.last().is_some_and(|term| term.courses.is_empty()) {
        terms.pop();
    }
    Layout { terms, unscheduled }
}

/// The state of one term while it is being filled.
struct TermContext<'c, 'p> {
    catalog: &'c Catalog,
    settings: &'c ScheduleSettings,
    constraints: &'c Constraints<'p>,
    placed: &'c HashMap<&'p str, usize>,
    term_index: usize,
    label: TermLabel,
    level: AcademicLevel,
}

impl<'p> TermContext<'_, 'p> {
    /// `code` with the unplaced courses it must share the term with, when
    /// all of them can be taken this term.
    fn group(&self, code: &'p str) -> Option<Vec<&'p str>> {
        let mut group = vec![code];
        let mut seen: HashSet<&str> = HashSet::from([code]);
        let mut index = 0;
        while index < group.len() {
            let member = group[index];
            if !self.ready(member) {
                return None;
            }
            for &partner in self.constraints.loose.get(member).map(Vec::as_slice).unwrap_or(&[]) {
                if !self.placed.contains_key(partner) && seen.insert(partner) {
                    group.push(partner);
                }
            }
            index += 1;
        }
        Some(group)
    }

    fn ready(&self, code: &str) -> bool {
        let strict_done = self.constraints.strict.get(code).is_none_or(|required| {
            required.iter().all(|other| self.placed.get(other).is_some_and(|&term| term < self.term_index))
        });
        let level_ok = self.constraints.min_level.get(code).is_none_or(|min| self.level >= *min);
        let offered = !self.settings.respect_terms_offered
            || self.catalog.course(code).is_none_or(|course| {
                course.terms_offered.is_empty() || course.terms_offered.contains(&self.label.term)
            });
        strict_done && level_ok && offered
    }
}

fn constraints(plan: &Plan) -> Constraints<'_> {
    let chosen: HashSet<&str> = plan.chosen.iter().map(String::as_str).collect();
    let mut result = Constraints { strict: HashMap::new(), loose: HashMap::new(), min_level: HashMap::new() };
    for edge in &plan.edges {
        if edge.course == edge.requires || !chosen.contains(edge.requires.as_str()) {
            continue;
        }
        let map = if edge.strict { &mut result.strict } else { &mut result.loose };
        let list = map.entry(edge.course.as_str()).or_default();
        if !list.contains(&edge.requires.as_str()) {
            list.push(edge.requires.as_str());
        }
    }
    for (code, level) in &plan.level_needs {
        let entry = result.min_level.entry(code.as_str()).or_insert(*level);
        *entry = (*entry).max(*level);
    }
    result
}

/// Length of the longest chain of strict dependants above each course.
fn heights<'p>(plan: &'p Plan, constraints: &Constraints<'p>) -> HashMap<&'p str, usize> {
    let mut dependants: HashMap<&str, Vec<&str>> = HashMap::new();
    for (course, required) in &constraints.strict {
        for requirement in required {
            dependants.entry(*requirement).or_default().push(*course);
        }
    }
    let mut heights: HashMap<&str, usize> = HashMap::new();
    for code in &plan.chosen {
        height(code, &dependants, &mut heights, &mut HashSet::new());
    }
    heights
}

fn height<'p>(code: &'p str, dependants: &HashMap<&'p str, Vec<&'p str>>, heights: &mut HashMap<&'p str, usize>, visiting: &mut HashSet<&'p str>) -> usize {
    if let Some(&known) = heights.get(code) {
        return known;
    }
    if !visiting.insert(code) {
        return 0;
    }
    let above = dependants.get(code).map(Vec::as_slice).unwrap_or(&[]);
    let value = above.iter().map(|next| 1 + height(next, dependants, heights, visiting)).max().unwrap_or(0);
    visiting.remove(code);
    heights.insert(code, value);
    value
}

fn planned(catalog: &Catalog, plan: &Plan, code: &str) -> PlannedCourse {
    let course = catalog.course(code);
    let mut required_by: Vec<String> = plan.edges.iter().filter(|edge| edge.requires == code && edge.course != code).map(|edge| edge.course.clone()).collect();
    required_by.sort_unstable();
    required_by.dedup();
    PlannedCourse {
        code: code.to_string(),
        title: course.map(|course| course.title.clone()).unwrap_or_default(),
        units: course.map_or(0.5, |course| course.units),
        required_by,
    }
}
