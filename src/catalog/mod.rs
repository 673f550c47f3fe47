//! The loaded catalog: one immutable, in-memory copy of a published index,
//! shared by every catalog worker through an `Arc`.
//!
//! Invariant: a [`Catalog`] only exists for an artefact that passed every
//! start-up check in [`load`]; nothing mutates it afterwards. A new index
//! means a restart.

pub mod actor;
pub mod graph;
pub mod known;
pub mod load;
pub mod messages;
mod search;
pub mod views;

use std::collections::HashMap;

use serde::Serialize;

use crate::format::{BuildMetadata, GraphProjection, ReleaseDecision, ValidationSummary};
use crate::model::{Course, CourseCode, Credential, ProgramGroup};

pub use load::{load_index, LoadError};
pub use search::SearchHit;

/// The whole published index in memory.
#[derive(Debug)]
pub struct Catalog {
    /// `build-metadata.json`.
    pub metadata: BuildMetadata,
    /// `release-decision.json`.
    pub decision: ReleaseDecision,
    /// `validation-summary.json`.
    pub summary: ValidationSummary,
    /// `graph-projection.json`.
    pub graph: GraphProjection,
    /// Every course, sorted by code.
    pub courses: Vec<Course>,
    /// Every credential, sorted by id.
    pub credentials: Vec<Credential>,
    /// The program taxonomy, sorted by name.
    pub groups: Vec<ProgramGroup>,
    /// Subjects with their course counts, sorted by subject.
    pub subjects: Vec<(String, u64)>,
    /// Position in `courses` by canonical code.
    course_positions: HashMap<String, usize>,
    /// Position in `credentials` by id.
    credential_positions: HashMap<String, usize>,
    /// For each course, the positions of courses whose prerequisite or
    /// corequisite names it ("leads to"), sorted and deduplicated.
    postrequisites: Vec<Vec<usize>>,
    /// For each course code, the positions of credentials that name it.
    credentials_by_course: HashMap<String, Vec<usize>>,
    /// Prefix tables over codes and words for search.
    search_index: search::SearchIndex,
    /// Graph edges indexed by course, both ways.
    adjacency: graph::Adjacency,
}

/// Size figures reported by `/api/v1/index` and the start-up log.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogCounts {
    /// Courses loaded.
    pub courses: usize,
    /// Credentials loaded.
    pub credentials: usize,
    /// Nodes of the graph projection.
    pub graph_courses: u64,
}

impl Catalog {
    /// Builds the lookup tables over loaded rows.
    pub fn new(
        metadata: BuildMetadata,
        decision: ReleaseDecision,
        summary: ValidationSummary,
        graph: GraphProjection,
        courses: Vec<Course>,
        credentials: Vec<Credential>,
        groups: Vec<ProgramGroup>,
    ) -> Catalog {
        let course_positions: HashMap<String, usize> =
            courses.iter().enumerate().map(|(position, course)| (course.code.clone(), position)).collect();
        let credential_positions =
            credentials.iter().enumerate().map(|(position, credential)| (credential.id.clone(), position)).collect();

        let mut postrequisites = vec![Vec::new(); courses.len()];
        for (position, course) in courses.iter().enumerate() {
            for tree in course.prereq.iter().chain(course.coreq.iter()) {
                for code in tree.course_codes() {
                    if let Some(&required) = course_positions.get(code) {
                        postrequisites[required].push(position);
                    }
                }
            }
        }
        for list in &mut postrequisites {
            list.sort_unstable();
            list.dedup();
        }

        let mut credentials_by_course: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, credential) in credentials.iter().enumerate() {
            for code in credential.requirements.course_codes() {
                let list = credentials_by_course.entry(code.to_string()).or_default();
                if list.last() != Some(&position) {
                    list.push(position);
                }
            }
        }

        let mut subject_counts: std::collections::BTreeMap<String, u64> = Default::default();
        for course in &courses {
            *subject_counts.entry(course.subject.clone()).or_default() += 1;
        }

        let search_index = search::SearchIndex::new(&courses);
        let adjacency = graph::Adjacency::new(&graph.edges, &courses, &course_positions);
        Catalog {
            metadata,
            decision,
            summary,
            graph,
            courses,
            credentials,
            groups,
            subjects: subject_counts.into_iter().collect(),
            course_positions,
            credential_positions,
            postrequisites,
            credentials_by_course,
            search_index,
            adjacency,
        }
    }

    /// The course with this code, in any spelling `CourseCode::parse` accepts.
    pub fn course(&self, code: &str) -> Option<&Course> {
        self.course_position(code).map(|position| &self.courses[position])
    }

    /// Position of a course in `courses`.
    pub fn course_position(&self, code: &str) -> Option<usize> {
        if let Some(&position) = self.course_positions.get(code) {
            return Some(position);
        }
        let canonical = CourseCode::parse(code).ok()?.to_string();
        self.course_positions.get(&canonical).copied()
    }

    /// Courses whose prerequisite or corequisite names `code`.
    pub fn leads_to(&self, code: &str) -> impl Iterator<Item = &Course> {
        let positions = self.course_position(code).map(|position| self.postrequisites[position].as_slice());
        positions.unwrap_or(&[]).iter().map(|&position| &self.courses[position])
    }

    /// Credentials whose requirements name `code` (canonical form).
    pub fn credentials_naming(&self, code: &str) -> impl Iterator<Item = &Credential> {
        let positions = self.credentials_by_course.get(code).map(Vec::as_slice).unwrap_or(&[]);
        positions.iter().map(|&position| &self.credentials[position])
    }

    /// The credential with this id.
    pub fn credential(&self, id: &str) -> Option<&Credential> {
        self.credential_positions.get(id).map(|&position| &self.credentials[position])
    }

    /// The program group with this name or alias, ignoring case.
    pub fn group(&self, name: &str) -> Option<&ProgramGroup> {
        let wanted = name.trim();
        self.groups.iter().find(|group| {
            group.name.eq_ignore_ascii_case(wanted) || group.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(wanted))
        })
    }

    /// Size figures for reports and logs.
    pub fn counts(&self) -> CatalogCounts {
        CatalogCounts {
            courses: self.courses.len(),
            credentials: self.credentials.len(),
            graph_courses: self.graph.course_count,
        }
    }
}
