//! Branch-and-bound choice of the courses a plan needs.
//!
//! The search walks the requisite trees of the goal from the top. `all`
//! groups add every child, course leaves add the course and then its own
//! requisites, and each `any` or `n_of` group the record does not already
//! meet is a decision. Options are tried cheapest first by a memoised
//! estimate of each course's closure cost (the course plus the cheapest
//! way to meet its requisites, ignoring courses shared between branches),
//! so the first complete descent is the greedy plan. Later branches are cut
//! as soon as their cost reaches the best plan found so far.
//!
//! A plan's cost is compared as (blocking issues, assumptions, courses):
//! a route that needs no consent or unchecked text beats a shorter one that
//! does. Past the deadline the search stops and keeps its best plan; if it
//! has none yet it finishes the greedy descent without branching.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Instant;

use super::describe::describe;
use super::plan::{Cost, Issue, Plan, Severity, UnitsCheck};
use crate::advisory::evaluate::Mode;
use crate::advisory::record::StudentRecord;
use crate::catalog::Catalog;
use crate::model::Requisite;

/// Maximum number of combinations of an `n_of` group the search tries.
const MAX_COMBINATIONS: usize = 32;
/// Deepest nesting of branches the search explores by recursion; past it,
/// choices take their first option, so the worker thread's stack stays bounded.
const MAX_BRANCH_DEPTH: u32 = 64;

/// Settings of one search.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Courses the plan must not contain.
    pub avoid: HashSet<String>,
    /// Treat consent leaves as granted (with an assumption) rather than blocking.
    pub assume_consent: bool,
    /// When the search stops branching.
    pub deadline: Instant,
}

/// Courses from a goal down to the course whose requisite is being met,
/// used to detect prerequisite cycles.
#[derive(Debug)]
struct Chain {
    code: String,
    parent: Option<Rc<Chain>>,
}

impl Chain {
    fn contains(chain: &Option<Rc<Chain>>, code: &str) -> bool {
        let mut link = chain.as_deref();
        while let Some(node) = link {
            if node.code == code {
                return true;
            }
            link = node.parent.as_deref();
        }
        false
    }

    fn path(chain: &Option<Rc<Chain>>, last: &str) -> String {
        let mut codes = vec![last.to_string()];
        let mut link = chain.as_deref();
        while let Some(node) = link {
            codes.push(node.code.clone());
            link = node.parent.as_deref();
        }
        codes.reverse();
        codes.join(" → ")
    }
}

/// A requisite still to be met, and for which course (`None` for the goal).
#[derive(Debug, Clone)]
struct Obligation<'a> {
    tree: &'a Requisite,
    owner: Option<Rc<Chain>>,
    mode: Mode,
}

impl Obligation<'_> {
    fn owner_code(&self) -> Option<&str> {
        self.owner.as_deref().map(|chain| chain.code.as_str())
    }
}

/// A partial plan and the requisites it has yet to meet.
#[derive(Debug, Clone)]
struct State<'a> {
    plan: Plan,
    pending: Vec<Obligation<'a>>,
    /// Nested branches above this state, bounded by [`MAX_BRANCH_DEPTH`].
    depth: u32,
}

/// The result of a search.
#[derive(Debug)]
pub struct Outcome {
    /// The cheapest plan found.
    pub plan: Plan,
    /// Search nodes expanded.
    pub explored: u64,
    /// `true` when the deadline cut the search short.
    pub stopped_early: bool,
    /// `true` when some options were never tried: an `n_of` group with more
    /// than [`MAX_COMBINATIONS`] combinations, or choices below [`MAX_BRANCH_DEPTH`].
    pub options_skipped: bool,
}

/// One search over a catalog and record.
pub struct Search<'a> {
    catalog: &'a Catalog,
    record: &'a StudentRecord,
    settings: Settings,
    /// Closure cost estimates by course, relative to the record alone.
    estimates: HashMap<String, Cost>,
    /// Courses whose estimate is being computed, to stop on cycles.
    estimating: HashSet<String>,
    best: Option<Plan>,
    explored: u64,
    stopped_early: bool,
    options_skipped: bool,
}

impl<'a> Search<'a> {
    /// Creates a search for `record` under `settings`.
    pub fn new(catalog: &'a Catalog, record: &'a StudentRecord, settings: Settings) -> Search<'a> {
        Search {
            catalog,
            record,
            settings,
            estimates: HashMap::new(),
            estimating: HashSet::new(),
            best: None,
            explored: 0,
            stopped_early: false,
            options_skipped: false,
        }
    }

    /// Finds the cheapest plan that meets `goal`.
    pub fn run(mut self, goal: &'a Requisite) -> Outcome {
        let pending = vec![Obligation { tree: goal, owner: None, mode: Mode::Prerequisite }];
        let start = State { plan: Plan::default(), pending, depth: 0 };
        self.expand(start);
        Outcome {
            plan: self.best.unwrap_or_default(),
            explored: self.explored,
            stopped_early: self.stopped_early,
            options_skipped: self.options_skipped,
        }
    }

    fn expand(&mut self, mut state: State<'a>) {
        loop {
            if let Some(best) = &self.best {
                if self.lower_bound(&state) >= best.cost() {
                    return;
                }
            }
            self.explored += 1;
            if !self.stopped_early && self.explored.is_multiple_of(64) && Instant::now() >= self.settings.deadline {
                self.stopped_early = true;
            }
            let Some(obligation) = state.pending.pop() else {
                self.finish(state);
                return;
            };
            match obligation.tree {
                Requisite::All { children } => {
                    for child in children.iter().rev() {
                        state.pending.push(Obligation { tree: child, ..obligation.clone() });
                    }
                }
                Requisite::Any { children } => match self.branch(state, &obligation, children, 1) {
                    Some(next) => state = next,
                    None => return,
                },
                Requisite::NOf { n, children } => match self.branch(state, &obligation, children, *n as usize) {
                    Some(next) => state = next,
                    None => return,
                },
                leaf => self.leaf(&mut state, &obligation, leaf),
            }
        }
    }

    /// Chooses `n` of `children`. Returns the state to continue with when
    /// no real choice exists or the search only follows its first option
    /// (past the deadline without a plan, or at [`MAX_BRANCH_DEPTH`]);
    /// otherwise explores every option itself and returns `None`.
    fn branch(&mut self, mut state: State<'a>, obligation: &Obligation<'a>, children: &'a [Requisite], n: usize) -> Option<State<'a>> {
        if n > children.len() {
            let message = format!("Needs {n} of {} options, but only {} exist.", describe(obligation.tree), children.len());
            let owner = obligation.owner_code();
            state.plan.push_issue(Issue::new("not_enough_options", owner, Severity::Blocking, message));
        }
        let mut scored: Vec<(Cost, usize)> =
            children.iter().enumerate().map(|(index, child)| (self.estimate(child, &state.plan), index)).collect();
        scored.sort();
        let n = n.min(children.len());
        if n == 0 || scored[..n].iter().all(|(cost, _)| *cost == Cost::ZERO) {
            for &(_, index) in scored[..n].iter().rev() {
                state.pending.push(Obligation { tree: &children[index], ..obligation.clone() });
            }
            return Some(state);
        }

        let mut all_options = combinations(scored.len(), n);
        let options: Vec<Vec<usize>> = all_options
            .by_ref()
            .take(MAX_COMBINATIONS)
            .map(|picked| picked.iter().map(|&position| scored[position].1).collect())
            .collect();
        let choice = Choice { obligation, children, labels: children.iter().map(describe).collect() };
        if all_options.next().is_some() {
            self.options_skipped = true;
        }
        if state.depth >= MAX_BRANCH_DEPTH || (self.stopped_early && self.best.is_none()) {
            self.options_skipped |= state.depth >= MAX_BRANCH_DEPTH && options.len() > 1;
            return Some(choice.apply(state, &options[0]));
        }
        for chosen in &options {
            if self.stopped_early {
                break;
            }
            let mut next = choice.apply(state.clone(), chosen);
            next.depth += 1;
            self.expand(next);
        }
        None
    }
}

impl Search<'_> {
    /// A cost no completion of `state` can beat: its cost so far plus one
    /// course for each distinct pending course leaf that neither the record
    /// nor the plan has (each must be added, whatever else is chosen).
    fn lower_bound(&self, state: &State<'_>) -> Cost {
        let mut missing: Vec<&str> = Vec::new();
        for obligation in &state.pending {
            if let Requisite::Course { code, min_grade, .. } = obligation.tree {
                let needed = self.record_match(code, *min_grade) == RecordMatch::Missing && !state.plan.has_chosen(code);
                if needed && !missing.contains(&code.as_str()) {
                    missing.push(code);
                }
            }
        }
        state.plan.cost().plus(Cost { courses: missing.len() as u32, ..Cost::ZERO })
    }

    /// Checks the plan's deferred unit conditions and keeps it if it is the best so far.
    fn finish(&mut self, mut state: State<'_>) {
        let checks = std::mem::take(&mut state.plan.units_checks);
        for check in checks {
            let have = self.planned_units(&state.plan, &check);
            if have + 1e-4 < check.min_units {
                state.plan.push_issue(Issue::new(
                    "units_short",
                    check.course.as_deref(),
                    Severity::Assumption,
                    format!("Needs {}: the record and plan give {have} units; add courses that count.", check.text),
                ));
            }
        }
        if self.best.as_ref().is_none_or(|best| state.plan.cost() < best.cost()) {
            self.best = Some(state.plan);
        }
    }

    fn planned_units(&self, plan: &Plan, check: &UnitsCheck) -> f32 {
        let taken = self.record.completed.keys().chain(self.record.in_progress.iter()).chain(plan.chosen.iter());
        let mut counted: HashSet<&str> = HashSet::new();
        let mut units = 0.0;
        for code in taken {
            let Some(course) = self.catalog.course(code) else { continue };
            let subject_ok = check.subjects.is_empty() || check.subjects.iter().any(|subject| subject.eq_ignore_ascii_case(&course.subject));
            if subject_ok && course.level >= check.min_course_level.unwrap_or(0) && counted.insert(code.as_str()) {
                units += course.units;
            }
        }
        units
    }
}

mod choice;
mod closure;
mod conditions;

use choice::{combinations, Choice};
use closure::RecordMatch;
