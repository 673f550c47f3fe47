//! Building and simplifying requisite trees: group constructors, pushing a
//! group's grade or concurrency down to its course leaves, and flattening.

use crate::model::{ParseStatus, Requisite};

/// Builds an `all` group, or returns the single child when there is only one.
pub(super) fn all(children: Vec<Requisite>) -> Requisite {
    group(children, |children| Requisite::All { children })
}

/// Builds an `any` group, or returns the single child when there is only one.
pub(super) fn any(children: Vec<Requisite>) -> Requisite {
    group(children, |children| Requisite::Any { children })
}

fn group(mut children: Vec<Requisite>, make: fn(Vec<Requisite>) -> Requisite) -> Requisite {
    if children.len() == 1 {
        children.remove(0)
    } else {
        make(children)
    }
}

/// Sets `min_grade` on every course leaf below `node` that has none of its own.
pub(super) fn push_grade(node: &mut Requisite, grade: u8) {
    for_each_course(node, &mut |min_grade, _| {
        if min_grade.is_none() {
            *min_grade = Some(grade);
        }
    });
}

/// Marks every course leaf below `node` as one that may be taken concurrently.
pub(super) fn push_concurrent(node: &mut Requisite) {
    for_each_course(node, &mut |_, concurrent| *concurrent = true);
}

fn for_each_course(node: &mut Requisite, visit: &mut dyn FnMut(&mut Option<u8>, &mut bool)) {
    match node {
        Requisite::Course { min_grade, concurrent, .. } => visit(min_grade, concurrent),
        Requisite::All { children } | Requisite::Any { children } | Requisite::NOf { children, .. } => {
            for child in children {
                for_each_course(child, visit);
            }
        }
        _ => {}
    }
}

/// Flattens nested groups of the same kind and collapses one-child groups,
/// bottom up. An `n_of` group keeps its children as they are.
pub(super) fn simplify(node: Requisite) -> Requisite {
    match node {
        Requisite::All { children } => all(flatten(children, true)),
        Requisite::Any { children } => any(flatten(children, false)),
        Requisite::NOf { n, children } => {
            let children: Vec<Requisite> = children.into_iter().map(simplify).collect();
            if n == 1 {
                any(flatten(children, false))
            } else {
                Requisite::NOf { n, children }
            }
        }
        leaf => leaf,
    }
}

fn flatten(children: Vec<Requisite>, into_all: bool) -> Vec<Requisite> {
    let mut flat = Vec::with_capacity(children.len());
    for child in children.into_iter().map(simplify) {
        match child {
            Requisite::All { children } if into_all => flat.extend(children),
            Requisite::Any { children } if !into_all => flat.extend(children),
            other => flat.push(other),
        }
    }
    flat
}

/// Returns how much of a tree is understood: `full` without unparsed leaves, `none`
/// when every leaf is unparsed, `partial` otherwise.
pub(super) fn status(tree: &Requisite) -> ParseStatus {
    let (mut unparsed, mut leaves) = (0, 0);
    tree.walk(&mut |node| match node {
        Requisite::All { .. } | Requisite::Any { .. } | Requisite::NOf { .. } => {}
        Requisite::Unparsed { .. } => {
            unparsed += 1;
            leaves += 1;
        }
        _ => leaves += 1,
    });
    if unparsed == 0 {
        ParseStatus::Full
    } else if unparsed == leaves {
        ParseStatus::None
    } else {
        ParseStatus::Partial
    }
}
