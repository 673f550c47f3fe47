//! Prerequisite cycles: strongly connected components of the "requires"
//! graph, each reported with one concrete cycle path.
//!
//! Edges run from a course to every course leaf of its prerequisite tree,
//! whatever group the leaf sits in, so a cycle through an `any` alternative
//! is reported too. Leaves marked `concurrent` ("or concurrently") and
//! self-references are left out: the first may be taken in the same term and
//! the second is reported on its own.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::model::Course;

/// Finds every cycle, each as a path that starts and ends at the smallest
/// code of its component. The list is sorted.
pub fn find_cycles(courses: &[Course]) -> Vec<Vec<String>> {
    let known: BTreeSet<&str> = courses.iter().map(|course| course.code.as_str()).collect();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for course in courses {
        let mut targets = BTreeSet::new();
        if let Some(tree) = &course.prereq {
            tree.walk(&mut |node| {
                if let crate::model::Requisite::Course { code, concurrent: false, .. } = node {
                    if code != &course.code && known.contains(code.as_str()) {
                        targets.insert(code.as_str());
                    }
                }
            });
        }
        graph.insert(course.code.as_str(), targets);
    }

    let mut cycles: Vec<Vec<String>> = strongly_connected(&graph)
        .into_iter()
        .filter(|component| component.len() > 1)
        .filter_map(|component| shortest_cycle(&graph, &component))
        .collect();
    cycles.sort();
    cycles
}

/// Tarjan's algorithm, iterative so a long prerequisite chain cannot
/// overflow the stack.
fn strongly_connected<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<BTreeSet<&'a str>> {
    let mut index_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;

    for &root in graph.keys() {
        if index_of.contains_key(root) {
            continue;
        }
        // Each frame is a node and the successors it has yet to visit.
        let mut frames: Vec<(&str, Vec<&str>)> = vec![(root, graph[root].iter().rev().copied().collect())];
        index_of.insert(root, next_index);
        low.insert(root, next_index);
        next_index += 1;
        stack.push(root);
        on_stack.insert(root);

        while let Some((node, pending)) = frames.last_mut() {
            let node = *node;
            if let Some(next) = pending.pop() {
                if !index_of.contains_key(next) {
                    index_of.insert(next, next_index);
                    low.insert(next, next_index);
                    next_index += 1;
                    stack.push(next);
                    on_stack.insert(next);
                    frames.push((next, graph[next].iter().rev().copied().collect()));
                } else if on_stack.contains(next) {
                    let lowest = low[node].min(index_of[next]);
                    low.insert(node, lowest);
                }
                continue;
            }
            frames.pop();
            if let Some((parent, _)) = frames.last() {
                let lowest = low[*parent].min(low[node]);
                low.insert(parent, lowest);
            }
            if low[node] == index_of[node] {
                let mut component = BTreeSet::new();
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// Shortest cycle through the component's smallest code, found breadth-first.
fn shortest_cycle(graph: &BTreeMap<&str, BTreeSet<&str>>, component: &BTreeSet<&str>) -> Option<Vec<String>> {
    let start = *component.iter().next()?;
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &graph[node] {
            if !component.contains(next) {
                continue;
            }
            if next == start {
                // Walk the parents back from `node` to `start`, then turn the walk around.
                let mut back = Vec::new();
                let mut at = node;
                while at != start {
                    back.push(at.to_string());
                    at = parent[at];
                }
                back.reverse();
                let mut path = vec![start.to_string()];
                path.extend(back);
                path.push(start.to_string());
                return Some(path);
            }
            if next != start && !parent.contains_key(next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Requisite;

    fn course(code: &str, requires: &[&str]) -> Course {
        let children = requires.iter().map(|code| Requisite::Course { code: code.to_string(), min_grade: None, concurrent: false }).collect();
        Course {
            code: code.into(),
            subject: code.split(' ').next().unwrap().into(),
            number: code.split(' ').nth(1).unwrap().into(),
            level: 100,
            title: "T".into(),
            description: String::new(),
            units: 0.5,
            terms_offered: vec![],
            notes: None,
            prereq_text: None,
            prereq: (!requires.is_empty()).then_some(Requisite::Any { children }),
            parse_status: None,
            coreq_text: None,
            coreq: None,
            antireq_text: None,
            antireqs: vec![],
            antireq_notes: None,
            crosslistings: vec![],
        }
    }

    #[test]
    fn three_course_cycle_is_reported_in_walking_order() {
        let courses = vec![course("A 100", &["B 100"]), course("B 100", &["C 100"]), course("C 100", &["A 100", "D 100"]), course("D 100", &[])];
        assert_eq!(find_cycles(&courses), vec![vec!["A 100", "B 100", "C 100", "A 100"]]);
    }

    #[test]
    fn acyclic_graph_and_self_reference_give_no_cycle() {
        let courses = vec![course("A 100", &["A 100", "B 100"]), course("B 100", &[])];
        assert!(find_cycles(&courses).is_empty());
    }

    #[test]
    fn two_course_cycle() {
        let courses = vec![course("X 200", &["Y 200"]), course("Y 200", &["X 200"])];
        assert_eq!(find_cycles(&courses), vec![vec!["X 200", "Y 200", "X 200"]]);
    }
}
