//! Bounded neighbourhoods of the requisite graph, for `/api/v1/graph`.
//!
//! Every node and edge is rendered to JSON once, at load; a response is then
//! the walk plus a concatenation of those fragments. Serialising the titles
//! and edges on each request was most of a neighbourhood's cost.

use std::collections::{HashMap, VecDeque};
use std::io::Write;

use serde::Serialize;

use super::Catalog;
use crate::format::{EdgeKind, GraphEdge};

/// Deepest neighbourhood a client may ask for.
pub const MAX_DEPTH: u32 = 4;
/// Maximum nodes in one response; the response sets `truncated` when the walk stopped there.
pub const MAX_NODES: usize = 300;

/// Which way to walk from the centre course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards what the course requires.
    Prereqs,
    /// Towards what the course leads to.
    Postreqs,
    /// Both ways.
    Both,
}

/// Edge positions of the projection, indexed both ways, with the JSON of
/// each node and edge.
#[derive(Debug, Default)]
pub(super) struct Adjacency {
    /// Edge positions by their `to` course (what a course requires).
    into: HashMap<String, Vec<usize>>,
    /// Edge positions by their `from` course (what a course leads to).
    out_of: HashMap<String, Vec<usize>>,
    /// Each edge as JSON, parallel to the projection's edges.
    edge_json: Vec<Box<str>>,
    /// Each node as JSON up to its distance (`{"code":…,"title":…,"distance":`),
    /// by code, for every course and every code an edge names.
    node_json: HashMap<String, Box<str>>,
}

impl Adjacency {
    /// Indexes the prerequisite and corequisite edges of `edges` and renders
    /// the nodes (titles from `title_of`) and edges.
    pub(super) fn new<'a>(edges: &'a [GraphEdge], codes: impl Iterator<Item = &'a str>, title_of: impl Fn(&str) -> Option<&'a str>) -> Adjacency {
        let mut adjacency = Adjacency::default();
        for (position, edge) in edges.iter().enumerate() {
            if edge.kind == EdgeKind::Antirequisite {
                continue;
            }
            adjacency.into.entry(edge.to.clone()).or_default().push(position);
            adjacency.out_of.entry(edge.from.clone()).or_default().push(position);
        }
        adjacency.edge_json = edges.iter().map(|edge| to_json(edge).into_boxed_str()).collect();
        let named = edges.iter().flat_map(|edge| [edge.from.as_str(), edge.to.as_str()]);
        for code in codes.chain(named) {
            if !adjacency.node_json.contains_key(code) {
                let node = NeighbourNode { code, title: title_of(code), distance: 0 };
                let json = to_json(&node);
                // Cut the rendered `0}` to leave the prefix before the distance.
                let prefix = json.strip_suffix("0}").expect("distance is the last field of a node");
                adjacency.node_json.insert(code.to_string(), prefix.into());
            }
        }
        adjacency
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("graph views serialise to JSON")
}

/// A node of a neighbourhood.
#[derive(Debug, Serialize)]
pub struct NeighbourNode<'a> {
    /// Course code.
    pub code: &'a str,
    /// Title; `null` for a course the index does not have.
    pub title: Option<&'a str>,
    /// Steps from the centre; negative towards prerequisites.
    pub distance: i32,
}

/// A neighbourhood response.
#[derive(Debug, Serialize)]
pub struct Neighbourhood<'a> {
    /// The centre course.
    pub course: &'a str,
    /// Nodes, the centre first.
    pub nodes: Vec<NeighbourNode<'a>>,
    /// Edges between the nodes, with their requirement group.
    pub edges: Vec<&'a GraphEdge>,
    /// `true` when [`MAX_NODES`] cut the walk short.
    pub truncated: bool,
}

/// The result of a walk: node distances and edge positions.
struct Walk<'a> {
    /// Nodes in response order: nearest first, prerequisites before
    /// postrequisites at the same distance, then by code.
    nodes: Vec<(&'a str, i32)>,
    /// Edge positions, ascending.
    edges: Vec<usize>,
    truncated: bool,
}

impl Catalog {
    /// Walks up to `depth` steps from `centre` (a canonical code in the index).
    fn walk<'a>(&'a self, centre: &'a str, direction: Direction, depth: u32) -> Walk<'a> {
        let mut distances: HashMap<&'a str, i32> = HashMap::from([(centre, 0)]);
        let mut edges: Vec<usize> = Vec::new();
        let mut truncated = false;

        let walks: &[(bool, i32)] = match direction {
            Direction::Prereqs => &[(true, -1)],
            Direction::Postreqs => &[(false, 1)],
            Direction::Both => &[(true, -1), (false, 1)],
        };
        for &(towards_prereqs, step) in walks {
            let mut queue = VecDeque::from([(centre, 0u32)]);
            while let Some((code, steps)) = queue.pop_front() {
                if steps == depth {
                    continue;
                }
                let index = if towards_prereqs { &self.adjacency.into } else { &self.adjacency.out_of };
                for &position in index.get(code).map(Vec::as_slice).unwrap_or(&[]) {
                    let edge = &self.graph.edges[position];
                    let next = if towards_prereqs { edge.from.as_str() } else { edge.to.as_str() };
                    if !distances.contains_key(next) {
                        if distances.len() >= MAX_NODES {
                            truncated = true;
                            continue;
                        }
                        distances.insert(next, step * (steps as i32 + 1));
                        queue.push_back((next, steps + 1));
                    }
                    edges.push(position);
                }
            }
        }

        edges.sort_unstable();
        edges.dedup();
        let mut nodes: Vec<(&str, i32)> = distances.into_iter().collect();
        nodes.sort_unstable_by_key(|&(code, distance)| (distance.abs(), distance, code));
        Walk { nodes, edges, truncated }
    }

    /// Returns the neighbourhood of `centre` (a canonical code in the index).
    pub fn neighbourhood<'a>(&'a self, centre: &'a str, direction: Direction, depth: u32) -> Neighbourhood<'a> {
        let walk = self.walk(centre, direction, depth);
        Neighbourhood {
            course: centre,
            nodes: walk
                .nodes
                .into_iter()
                .map(|(code, distance)| NeighbourNode { code, title: self.course(code).map(|c| c.title.as_str()), distance })
                .collect(),
            edges: walk.edges.into_iter().map(|position| &self.graph.edges[position]).collect(),
            truncated: walk.truncated,
        }
    }

    /// Renders [`Catalog::neighbourhood`] as JSON from the fragments rendered
    /// at load, byte for byte what serialising it gives.
    pub fn neighbourhood_json(&self, centre: &str, direction: Direction, depth: u32) -> Vec<u8> {
        let walk = self.walk(centre, direction, depth);
        let tables = &self.adjacency;
        let mut out = Vec::with_capacity(64 + 80 * walk.nodes.len() + 100 * walk.edges.len());
        out.extend_from_slice(b"{\"course\":");
        serde_json::to_writer(&mut out, centre).expect("writing to memory succeeds");
        out.extend_from_slice(b",\"nodes\":[");
        for (number, (code, distance)) in walk.nodes.iter().enumerate() {
            if number > 0 {
                out.push(b',');
            }
            out.extend_from_slice(tables.node_json[*code].as_bytes());
            write!(out, "{distance}}}").expect("writing to memory succeeds");
        }
        out.extend_from_slice(b"],\"edges\":[");
        for (number, &position) in walk.edges.iter().enumerate() {
            if number > 0 {
                out.push(b',');
            }
            out.extend_from_slice(tables.edge_json[position].as_bytes());
        }
        write!(out, "],\"truncated\":{}}}", walk.truncated).expect("writing to memory succeeds");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::testing::{catalog_with, extra_course};

    #[test]
    fn assembled_json_matches_serialising_the_neighbourhood() {
        // A title that needs escaping, a minimum grade, and a code the index lacks.
        let mut unusual = extra_course(
            "CS 499",
            Some(serde_json::json!({"type": "all", "children": [
                {"type": "course", "code": "CS 136", "min_grade": 70},
                {"type": "course", "code": "CS 999"},
            ]})),
            None,
        );
        unusual.title = "Quotes \"and\" back\\slash, café\u{7}".to_string();
        let catalog = catalog_with(vec![unusual]);
        assert!(catalog.graph.edges.iter().any(|edge| edge.min_grade.is_some()));
        for course in &catalog.courses {
            for direction in [Direction::Prereqs, Direction::Postreqs, Direction::Both] {
                for depth in 1..=MAX_DEPTH {
                    let expected = serde_json::to_vec(&catalog.neighbourhood(&course.code, direction, depth)).unwrap();
                    let assembled = catalog.neighbourhood_json(&course.code, direction, depth);
                    assert_eq!(
                        String::from_utf8(assembled).unwrap(),
                        String::from_utf8(expected).unwrap(),
                        "{} {direction:?} {depth}",
                        course.code
                    );
                }
            }
        }
    }
}
