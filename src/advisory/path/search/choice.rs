//! Deciding one `any` or `n_of` group: the options in cost order and the
//! record of the choice taken.

use super::{Obligation, State};
use crate::advisory::path::describe::describe;
use crate::advisory::path::plan::Decision;
use crate::model::Requisite;

/// One `any` or `n_of` group being decided.
pub(super) struct Choice<'o, 'a> {
    pub(super) obligation: &'o Obligation<'a>,
    pub(super) children: &'a [Requisite],
    /// Each child rendered, for the decision record.
    pub(super) labels: Vec<String>,
}

impl<'a> Choice<'_, 'a> {
    /// Records the decision to take `chosen` and adds those children to meet.
    pub(super) fn apply(&self, mut state: State<'a>, chosen: &[usize]) -> State<'a> {
        state.plan.decisions.push(Decision {
            course: self.obligation.owner_code().map(str::to_string),
            requirement: describe(self.obligation.tree),
            chosen: chosen.iter().map(|&index| self.labels[index].clone()).collect(),
            others: (0..self.children.len()).filter(|index| !chosen.contains(index)).map(|index| self.labels[index].clone()).collect(),
        });
        for &index in chosen.iter().rev() {
            state.pending.push(Obligation { tree: &self.children[index], ..self.obligation.clone() });
        }
        state
    }
}

/// Index combinations of `k` out of `n` in lexicographic order, so the first
/// is `0..k` (the `k` cheapest options when the options are sorted by cost).
pub(super) fn combinations(n: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    let mut current: Option<Vec<usize>> = (k <= n).then(|| (0..k).collect());
    std::iter::from_fn(move || {
        let result = current.clone()?;
        let mut next = result.clone();
        let mut position = k;
        let advanced = loop {
            if position == 0 {
                break false;
            }
            position -= 1;
            if next[position] < n - k + position {
                next[position] += 1;
                for later in position + 1..k {
                    next[later] = next[later - 1] + 1;
                }
                break true;
            }
        };
        current = advanced.then_some(next);
        Some(result)
    })
}

#[cfg(test)]
mod tests {
    use super::combinations;

    #[test]
    fn combinations_start_with_the_cheapest() {
        let all: Vec<Vec<usize>> = combinations(4, 2).collect();
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], vec![0, 1]);
        assert_eq!(all[5], vec![2, 3]);
        assert_eq!(combinations(2, 3).count(), 0);
    }
}
