//! `graph-projection.json`: the requisite graph as nodes and typed edges, for
//! clients that draw or traverse it without reading SQLite.

use serde::{Deserialize, Serialize};

use crate::model::{Course, Requisite};

/// The whole projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphProjection {
    /// Id of the artefact the projection belongs to.
    pub index_id: String,
    /// Number of nodes; start-up checks it against the course table.
    pub course_count: u64,
    /// One node per course, sorted by code.
    pub nodes: Vec<GraphNode>,
    /// Requisite edges, sorted by target, kind and group.
    pub edges: Vec<GraphEdge>,
}

/// A course in the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    /// Course code.
    pub code: String,
    /// Course title.
    pub title: String,
    /// Course level in hundreds.
    pub level: u16,
}

/// Kind of a requisite edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// `from` must be taken before `to`.
    Prerequisite,
    /// `from` must be taken before or with `to`.
    Corequisite,
    /// `from` and `to` cannot both count.
    Antirequisite,
}

/// An edge from a required course to the course that requires it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphEdge {
    /// The required course (may be absent from the index; validation reports it).
    pub from: String,
    /// The course whose requisite names `from`.
    pub to: String,
    /// Prerequisite, corequisite or antirequisite.
    pub kind: EdgeKind,
    /// Path of the requisite group the edge sits in, as child indexes from the
    /// root joined by `.` ("" for the root, "1.0" for the first child of the
    /// second child).
    pub group: String,
    /// Kind of that group: `all`, `any`, `n_of` or `leaf` (the root is a course).
    pub group_kind: String,
    /// Minimum grade on the leaf, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_grade: Option<u8>,
}

impl GraphProjection {
    /// Projects courses (sorted by code) onto nodes and edges.
    pub fn from_courses(index_id: &str, courses: &[Course]) -> GraphProjection {
        let nodes = courses
            .iter()
            .map(|course| GraphNode { code: course.code.clone(), title: course.title.clone(), level: course.level })
            .collect();

        let mut edges = Vec::new();
        for course in courses {
            if let Some(tree) = &course.prereq {
                push_tree_edges(&mut edges, &course.code, EdgeKind::Prerequisite, tree, String::new(), "leaf");
            }
            if let Some(tree) = &course.coreq {
                push_tree_edges(&mut edges, &course.code, EdgeKind::Corequisite, tree, String::new(), "leaf");
            }
            for antireq in &course.antireqs {
                edges.push(GraphEdge {
                    from: antireq.clone(),
                    to: course.code.clone(),
                    kind: EdgeKind::Antirequisite,
                    group: String::new(),
                    group_kind: "any".to_string(),
                    min_grade: None,
                });
            }
        }

        GraphProjection { index_id: index_id.to_string(), course_count: courses.len() as u64, nodes, edges }
    }
}

/// Adds one edge per course leaf of `tree`, labelled with the enclosing group.
fn push_tree_edges(edges: &mut Vec<GraphEdge>, to: &str, kind: EdgeKind, tree: &Requisite, path: String, group_kind: &str) {
    let (children, child_kind) = match tree {
        Requisite::All { children } => (children, "all"),
        Requisite::Any { children } => (children, "any"),
        Requisite::NOf { children, .. } => (children, "n_of"),
        Requisite::Course { code, min_grade, .. } => {
            let group = path.rsplit_once('.').map(|(parent, _)| parent.to_string()).unwrap_or_default();
            edges.push(GraphEdge {
                from: code.clone(),
                to: to.to_string(),
                kind,
                group,
                group_kind: group_kind.to_string(),
                min_grade: *min_grade,
            });
            return;
        }
        _ => return,
    };
    for (index, child) in children.iter().enumerate() {
        let child_path = if path.is_empty() { index.to_string() } else { format!("{path}.{index}") };
        push_tree_edges(edges, to, kind, child, child_path, child_kind);
    }
}
