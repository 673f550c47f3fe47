//! Bounded neighbourhoods of the requisite graph, for `/api/v1/graph`.
//!
//! Every node and edge is rendered to JSON once, when the catalog loads. A
//! response is then the walk plus a concatenation of those fragments, because
//! serialising the titles and edges on each request was most of its cost.

use std::collections::{HashMap, VecDeque};
use std::io::Write;

use serde::Serialize;

use super::Catalog;
use crate::format::{EdgeKind, GraphEdge};
use crate::model::Course;

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

/// The requisite graph as numbered nodes, with the JSON of each node and
/// edge.
///
/// A node's number is its code's position in code order, so sorting numbers
/// sorts codes, and a walk compares no strings.
#[derive(Debug)]
pub(super) struct Adjacency {
    /// Every course code and every code an edge names, sorted.
    codes: Vec<String>,
    /// Node number by code.
    numbers: HashMap<String, u32>,
    /// For each node, its prerequisite and corequisite edges as (edge
    /// position, the node it requires).
    into: Vec<Vec<(u32, u32)>>,
    /// For each node, the same edges from the other end: (edge position,
    /// the node that requires it).
    out_of: Vec<Vec<(u32, u32)>>,
    /// Each node as JSON up to its distance (`{"code":…,"title":…,"distance":`).
    node_json: Vec<Box<str>>,
    /// Each edge as JSON, parallel to the projection's edges.
    edge_json: Vec<Box<str>>,
}

impl Adjacency {
    /// Numbers the nodes (every course and every code an edge names),
    /// indexes the prerequisite and corequisite edges both ways, and renders
    /// the nodes and edges. `positions` gives a course's place in `courses`.
    pub(super) fn new(edges: &[GraphEdge], courses: &[Course], positions: &HashMap<String, usize>) -> Adjacency {
        let named = edges.iter().flat_map(|edge| [edge.from.as_str(), edge.to.as_str()]);
        let mut all: Vec<&str> = courses.iter().map(|course| course.code.as_str()).chain(named).collect();
        all.sort_unstable();
        all.dedup();
        let numbers: HashMap<String, u32> = all.iter().enumerate().map(|(number, code)| (code.to_string(), number as u32)).collect();

        let mut into = vec![Vec::new(); all.len()];
        let mut out_of = vec![Vec::new(); all.len()];
        for (position, edge) in edges.iter().enumerate() {
            if edge.kind == EdgeKind::Antirequisite {
                continue;
            }
            let (from, to) = (numbers[&edge.from], numbers[&edge.to]);
            into[to as usize].push((position as u32, from));
            out_of[from as usize].push((position as u32, to));
        }

        let node_json = all
            .iter()
            .map(|&code| {
                let title = positions.get(code).map(|&position| courses[position].title.as_str());
                let json = to_json(&NeighbourNode { code, title, distance: 0 });
                // Cut the rendered `0}` to leave the prefix before the distance.
                json.strip_suffix("0}").expect("distance is the last field of a node").into()
            })
            .collect();
        Adjacency {
            codes: all.into_iter().map(str::to_string).collect(),
            numbers,
            into,
            out_of,
            node_json,
            edge_json: edges.iter().map(|edge| to_json(edge).into_boxed_str()).collect(),
        }
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
struct Walk {
    /// Node numbers with their distances, in response order: nearest first,
    /// prerequisites before postrequisites at the same distance, then by code.
    nodes: Vec<(u32, i32)>,
    /// Edge positions, ascending.
    edges: Vec<u32>,
    /// `true` when [`MAX_NODES`] cut the walk short.
    truncated: bool,
}

impl Catalog {
    /// Walks up to `depth` steps from `centre` (a canonical code in the index).
    fn walk(&self, centre: &str, direction: Direction, depth: u32) -> Walk {
        let tables = &self.adjacency;
        let centre = tables.numbers[centre];
        let mut distances: HashMap<u32, i32> = HashMap::from([(centre, 0)]);
        let mut edges: Vec<u32> = Vec::new();
        let mut truncated = false;

        let walks: &[(bool, i32)] = match direction {
            Direction::Prereqs => &[(true, -1)],
            Direction::Postreqs => &[(false, 1)],
            Direction::Both => &[(true, -1), (false, 1)],
        };
        for &(towards_prereqs, step) in walks {
            let adjacent = if towards_prereqs { &tables.into } else { &tables.out_of };
            let mut queue = VecDeque::from([(centre, 0u32)]);
            while let Some((node, steps)) = queue.pop_front() {
                if steps == depth {
                    continue;
                }
                for &(edge, next) in &adjacent[node as usize] {
                    if !distances.contains_key(&next) {
                        if distances.len() >= MAX_NODES {
                            truncated = true;
                            continue;
                        }
                        distances.insert(next, step * (steps as i32 + 1));
                        queue.push_back((next, steps + 1));
                    }
                    edges.push(edge);
                }
            }
        }

        edges.sort_unstable();
        edges.dedup();
        let mut nodes: Vec<(u32, i32)> = distances.into_iter().collect();
        nodes.sort_unstable_by_key(|&(node, distance)| (distance.abs(), distance, node));
        Walk { nodes, edges, truncated }
    }

    /// Returns the neighbourhood of `centre` (a canonical code in the index).
    pub fn neighbourhood<'a>(&'a self, centre: &'a str, direction: Direction, depth: u32) -> Neighbourhood<'a> {
        let walk = self.walk(centre, direction, depth);
        let nodes = walk.nodes.into_iter().map(|(node, distance)| {
            let code = self.adjacency.codes[node as usize].as_str();
            NeighbourNode { code, title: self.course(code).map(|course| course.title.as_str()), distance }
        });
        Neighbourhood {
            course: centre,
            nodes: nodes.collect(),
            edges: walk.edges.into_iter().map(|position| &self.graph.edges[position as usize]).collect(),
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
        for (number, &(node, distance)) in walk.nodes.iter().enumerate() {
            if number > 0 {
                out.push(b',');
            }
            out.extend_from_slice(tables.node_json[node as usize].as_bytes());
            write!(out, "{distance}}}").expect("writing to memory succeeds");
        }
        out.extend_from_slice(b"],\"edges\":[");
        for (number, &position) in walk.edges.iter().enumerate() {
            if number > 0 {
                out.push(b',');
            }
            out.extend_from_slice(tables.edge_json[position as usize].as_bytes());
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
