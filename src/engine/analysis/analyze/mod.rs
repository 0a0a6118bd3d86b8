//! Analysis: the best and worst paths overall and per skill, each skill's score range, which
//! endings can be reached, and balance warnings. Exact (every reachable state is explored)
//! up to a state budget; past it, bounds computed on the node graph alone (conditions
//! treated as always true, variables ignored), and the result says `exact: false`.
//!
//! The search runs on the scenario's state space (`space`: the compiled scenario, states
//! that differ only in values no later condition can tell apart merged, interned to dense
//! ids). One depth-first, post-order, iterative pass explores every reachable state, records
//! the explicit graph, and folds the best and worst totals of every metric below each state;
//! fixed strategies and the best and worst paths are then read off that graph without
//! expanding anything again.
//!
//! One concern per file: `solve` (the generic solver), `paths` (summaries and the paths read
//! off them), `strategies` (fixed strategies), `bounds` (past the budget).

pub(in crate::engine::analysis) mod bounds;
mod paths;
pub(in crate::engine::analysis) mod solve;
mod strategies;
#[cfg(test)]
mod tests;

use crate::engine::abstraction::Abstraction;
use crate::engine::compiled::{Compiled, arm_ids};
use crate::engine::model::Scenario;
use crate::engine::score::{Range, Ranges};
use crate::engine::space::{Expansion, Space};
use bounds::structural;
use paths::{Summaries, edge_pts, follow};
use serde::Serialize;
use solve::{OverBudget, Step, solve};
use std::collections::{BTreeMap, BTreeSet};
use strategies::strategies;

/// States explored before giving up on an exact answer.
pub const DEFAULT_STATE_BUDGET: usize = 250_000;
/// A fixed strategy scoring at or above this (0–100) on average is flagged.
pub const STRATEGY_WARNING: u32 = 80;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub id: String,
    /// True when every reachable state was explored.
    pub exact: bool,
    pub states: usize,
    pub ranges: Ranges,
    pub best: Path,
    pub worst: Path,
    /// Per skill: the path that scores it highest and lowest.
    pub skill_paths: BTreeMap<String, (Path, Path)>,
    pub endings: Vec<EndingReach>,
    pub strategies: Vec<Strategy>,
    pub stuck: Vec<String>,
    pub warnings: Vec<String>,
}

/// One complete path: the player's choices, the random branches that fell their way, the ending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Path {
    pub choices: Vec<String>,
    pub branches: Vec<String>,
    pub ending: String,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndingReach {
    pub id: String,
    pub reachable: bool,
}

/// A fixed way of choosing and its expected overall score (0–100) over the random branches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strategy {
    pub name: String,
    /// `None` when the strategy can get stuck or loop.
    pub expected: Option<u32>,
}

/// Analyses a scenario that passed validation (without errors).
pub fn analyze(s: &Scenario, budget: usize) -> Analysis {
    analyze_with(s, budget, Abstraction::Cuts)
}

/// `analyze`, telling states apart as `abstraction` says.
fn analyze_with(s: &Scenario, budget: usize, abstraction: Abstraction) -> Analysis {
    // Reading exhibits played as choices (`exhibits::expand`; the scenario itself without any).
    let expanded = crate::engine::analysis::exhibits::expand(s);
    let s: &Scenario = &expanded;
    let c = Compiled::new(s);
    let mut a = Analysis {
        id: s.id.clone(),
        exact: true,
        states: 0,
        ranges: Ranges {
            overall: Range { min: 0, max: 0 },
            skills: BTreeMap::new(),
        },
        best: Path::default(),
        worst: Path::default(),
        skill_paths: BTreeMap::new(),
        endings: Vec::new(),
        strategies: Vec::new(),
        stuck: Vec::new(),
        warnings: Vec::new(),
    };
    let mut space = Space::new(&c, abstraction);
    let Some(start) = space.start() else {
        a.warnings
            .push(format!("the start node `{}` does not exist", s.start));
        return a;
    };
    let zero = vec![0; c.metrics()];
    let mut sums = Summaries::new(c.metrics());
    let mut reached = vec![false; s.endings.len()];
    let mut stuck: BTreeSet<String> = BTreeSet::new();
    let result = solve(
        start,
        budget,
        |st, out| match space.expand(st) {
            Expansion::End(e) => {
                if let Some(r) = e.and_then(|e| reached.get_mut(e as usize)) {
                    *r = true;
                }
                Step::Leaf(Summaries::ENDING)
            }
            Expansion::Options => {
                let edges = space.graph.edges(st);
                if edges.is_empty() {
                    let id = &s.nodes[space.states.node[st as usize] as usize].id;
                    stuck.insert(crate::engine::analysis::exhibits::source_node(id).to_string());
                }
                out.extend_from_slice(edges);
                Step::Options
            }
        },
        |_, done, opts| sums.fold(done, opts, |e| edge_pts(&c, &zero, e)),
    );
    match result {
        Ok(solved) => {
            a.states = solved.states;
            let Some(&root) = solved.value(start) else {
                a.warnings.push("no complete path reaches an ending".into());
                a.stuck = stuck.into_iter().collect();
                return a;
            };
            fill_ranges(&mut a, &c, sums.max(root), sums.min(root));
            let ids = arm_ids(s);
            let node_of = |st: u32| space.states.node[st as usize];
            let path = |metric, best| {
                follow(
                    s,
                    &ids,
                    &space.graph,
                    &solved,
                    &sums,
                    start,
                    node_of,
                    metric,
                    best,
                )
            };
            fill_paths(&mut a, &c, path);
            a.endings = reach(s, &reached);
            a.strategies = strategies(&c, &space, start, &a.ranges, budget);
        }
        Err(OverBudget) => {
            a.exact = false;
            structural(&mut a, s, &c, budget);
        }
    }
    a.stuck = stuck.into_iter().collect();
    warnings(&mut a, s);
    a
}

/// Which endings were reached during the search.
fn reach(s: &Scenario, reached: &[bool]) -> Vec<EndingReach> {
    s.endings
        .iter()
        .zip(reached)
        .map(|(e, r)| EndingReach {
            id: e.id.clone(),
            reachable: *r,
        })
        .collect()
}

/// The best and worst paths, overall and per skill; `path(metric, best)` follows one.
fn fill_paths(a: &mut Analysis, c: &Compiled, path: impl Fn(usize, bool) -> Path) {
    a.best = path(0, true);
    a.worst = path(0, false);
    for (k, skill) in c.skills.iter().enumerate() {
        a.skill_paths
            .insert(skill.clone(), (path(k + 1, true), path(k + 1, false)));
    }
}

fn fill_ranges(a: &mut Analysis, c: &Compiled, max: &[i64], min: &[i64]) {
    a.ranges.overall = Range {
        min: min[0],
        max: max[0],
    };
    for (k, skill) in c.skills.iter().enumerate() {
        a.ranges.skills.insert(
            skill.clone(),
            Range {
                min: min[k + 1],
                max: max[k + 1],
            },
        );
    }
}

fn warnings(a: &mut Analysis, s: &Scenario) {
    for (skill, r) in &a.ranges.skills {
        if r.min == r.max && s.assesses.iter().any(|(k, _)| k == skill) {
            a.warnings.push(format!(
                "no path can move `{skill}`: every complete path scores it {}",
                r.min
            ));
        }
    }
    if a.ranges.overall.max <= a.ranges.overall.min {
        a.warnings
            .push("every complete path has the same overall score".into());
    }
    for st in &a.strategies {
        if let Some(e) = st.expected
            && e >= STRATEGY_WARNING
        {
            a.warnings.push(format!(
                "choosing {} scores {e}/100 on average: vary where the strongest answer sits",
                st.name
            ));
        }
    }
    for e in &a.endings {
        if !e.reachable {
            a.warnings
                .push(format!("ending `{}` cannot be reached by any play", e.id));
        }
    }
    for n in &a.stuck {
        a.warnings.push(format!(
            "play can reach node `{n}` with no choice available (every condition false)"
        ));
    }
}
