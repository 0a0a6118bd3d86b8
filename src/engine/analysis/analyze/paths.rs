//! The best and worst total of every metric below each state ([`Summaries`]), and the best
//! and worst paths read off them.

use super::Path;
use super::solve::Solved;
use crate::engine::compiled::Compiled;
use crate::engine::model::{Scenario, Then};
use crate::engine::space::{Edge, GOTO, Graph};

/// The best and worst total of every metric below each state, with the option achieving
/// each, stored flat: summary `h` is `max[h * m..(h + 1) * m]` and so on. Summary 0 is an
/// ending's (nothing more to score).
pub(super) struct Summaries {
    m: usize,
    max: Vec<i64>,
    min: Vec<i64>,
    argmax: Vec<u32>,
    argmin: Vec<u32>,
}

impl Summaries {
    pub(super) const ENDING: u32 = 0;

    pub(super) fn new(m: usize) -> Self {
        Summaries {
            m,
            max: vec![0; m],
            min: vec![0; m],
            argmax: vec![0; m],
            argmin: vec![0; m],
        }
    }

    pub(super) fn max(&self, h: u32) -> &[i64] {
        &self.max[h as usize * self.m..(h as usize + 1) * self.m]
    }
    pub(super) fn min(&self, h: u32) -> &[i64] {
        &self.min[h as usize * self.m..(h as usize + 1) * self.m]
    }

    /// A state's summary from its finished options' summaries (first best wins ties).
    pub(super) fn fold<'p>(
        &mut self,
        done: &[(u32, u32)],
        opts: &[Edge],
        pts: impl Fn(Edge) -> &'p [i64],
    ) -> Option<u32> {
        let (&(first, child), rest) = done.split_first()?;
        let m = self.m;
        let h = self.max.len() / m;
        let p = pts(opts[first as usize]);
        for (k, &pk) in p.iter().enumerate().take(m) {
            self.max.push(pk + self.max[child as usize * m + k]);
            self.min.push(pk + self.min[child as usize * m + k]);
        }
        self.argmax.extend(std::iter::repeat_n(first, m));
        self.argmin.extend(std::iter::repeat_n(first, m));
        for &(i, child) in rest {
            let p = pts(opts[i as usize]);
            for (k, &pk) in p.iter().enumerate().take(m) {
                let hi = pk + self.max[child as usize * m + k];
                if hi > self.max[h * m + k] {
                    self.max[h * m + k] = hi;
                    self.argmax[h * m + k] = i;
                }
                let lo = pk + self.min[child as usize * m + k];
                if lo < self.min[h * m + k] {
                    self.min[h * m + k] = lo;
                    self.argmin[h * m + k] = i;
                }
            }
        }
        Some(h as u32)
    }
}

/// The points an option scores, per metric (zero for branches and gotos).
pub(super) fn edge_pts<'c>(c: &'c Compiled, zero: &'c [i64], e: Edge) -> &'c [i64] {
    if e.arm == GOTO {
        zero
    } else {
        c.arm_pts(e.arm as usize)
    }
}

/// Follows the recorded best (or worst) option for `metric` from `start` to an ending.
#[allow(clippy::too_many_arguments)]
pub(super) fn follow(
    s: &Scenario,
    ids: &[&str],
    graph: &Graph,
    solved: &Solved<u32>,
    sums: &Summaries,
    start: u32,
    node_of: impl Fn(u32) -> u32,
    metric: usize,
    best: bool,
) -> Path {
    let mut path = Path::default();
    if let Some(&h) = solved.value(start) {
        path.total = if best {
            sums.max(h)[metric]
        } else {
            sums.min(h)[metric]
        };
    }
    let mut state = start;
    for _ in 0..=solved.states {
        let Some(&h) = solved.value(state) else { break };
        let node = &s.nodes[node_of(state) as usize];
        if matches!(node.then, Then::End(_)) {
            break;
        }
        let arg = if best { &sums.argmax } else { &sums.argmin };
        let want = arg[h as usize * sums.m + metric] as usize;
        let Some(e) = graph.edges(state).get(want) else {
            break;
        };
        if e.arm != GOTO {
            match &node.then {
                Then::Choices(_) => path.choices.push(ids[e.arm as usize].to_string()),
                Then::Random(_) => path.branches.push(ids[e.arm as usize].to_string()),
                _ => {}
            }
        }
        state = e.child;
        if let Then::End(ending) = &s.nodes[node_of(state) as usize].then {
            path.ending = ending.clone();
            break;
        }
    }
    path
}
