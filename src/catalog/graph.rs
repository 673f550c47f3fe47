//! Bounded neighbourhoods of the requisite graph, for `/api/v1/graph`.

use std::collections::{BTreeMap, HashMap, VecDeque};

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

/// Edge positions of the projection, indexed both ways.
#[derive(Debug, Default)]
pub(super) struct Adjacency {
    /// Edge positions by their `to` course (what a course requires).
    into: HashMap<String, Vec<usize>>,
    /// Edge positions by their `from` course (what a course leads to).
    out_of: HashMap<String, Vec<usize>>,
}

impl Adjacency {
    /// Indexes the prerequisite and corequisite edges of `edges`.
    pub(super) fn new(edges: &[GraphEdge]) -> Adjacency {
        let mut adjacency = Adjacency::default();
        for (position, edge) in edges.iter().enumerate() {
            if edge.kind == EdgeKind::Antirequisite {
                continue;
            }
            adjacency.into.entry(edge.to.clone()).or_default().push(position);
            adjacency.out_of.entry(edge.from.clone()).or_default().push(position);
        }
        adjacency
    }
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

impl Catalog {
    /// Walks up to `depth` steps from `centre` (a canonical code in the index).
    pub fn neighbourhood<'a>(&'a self, centre: &'a str, direction: Direction, depth: u32) -> Neighbourhood<'a> {
        let mut distances: BTreeMap<&'a str, i32> = BTreeMap::from([(centre, 0)]);
        let mut edge_positions: Vec<usize> = Vec::new();
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
                    edge_positions.push(position);
                }
            }
        }

        edge_positions.sort_unstable();
        edge_positions.dedup();
        let mut nodes: Vec<NeighbourNode<'a>> = distances
            .into_iter()
            .map(|(code, distance)| NeighbourNode { code, title: self.course(code).map(|c| c.title.as_str()), distance })
            .collect();
        nodes.sort_by_key(|node| (node.distance.abs(), node.distance, node.code));
        Neighbourhood {
            course: centre,
            nodes,
            edges: edge_positions.into_iter().map(|position| &self.graph.edges[position]).collect(),
            truncated,
        }
    }
}
