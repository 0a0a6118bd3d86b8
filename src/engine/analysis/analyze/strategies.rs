//! Fixed strategies (always the first option, always the longest, ...) and the overall
//! score each one expects over the random branches, for the balance warnings.

use super::Strategy;
use super::solve::{Step, solve};
use crate::engine::compiled::{Compiled, Kind};
use crate::engine::score::{Range, Ranges};
use crate::engine::space::{Edge, GOTO, Space};

/// The strategies checked for balance.
const STRATEGIES: &[&str] = &[
    "always the 1st option",
    "always the 2nd option",
    "always the 3rd option",
    "always the 4th option",
    "always the last option",
    "always the longest option",
    "always the shortest option",
];

/// The option a fixed strategy takes, given the offered options' text lengths in characters.
fn pick(strategy: usize, chars: &[u32]) -> usize {
    let last = chars.len() - 1;
    match strategy {
        0..=3 => strategy.min(last),
        4 => last,
        5 => (0..chars.len())
            .max_by_key(|&i| (chars[i], usize::MAX - i))
            .unwrap_or(0),
        _ => (0..chars.len()).min_by_key(|&i| (chars[i], i)).unwrap_or(0),
    }
}

/// Expected overall score (0–100) of each fixed strategy, averaging over random branches;
/// replayed on the explored graph, whose options include every choice a strategy can take.
pub(super) fn strategies(
    c: &Compiled,
    space: &Space,
    start: u32,
    ranges: &Ranges,
    budget: usize,
) -> Vec<Strategy> {
    let graph = &space.graph;
    let kind = |st: u32| c.nodes[space.states.node[st as usize] as usize].kind;
    let mut chars: Vec<u32> = Vec::new();
    let mut decisions: Vec<u32> = Vec::new();
    // The options a strategy has at a state, pushed to `out`; false for an ending.
    let mut options = |strategy: usize, st: u32, out: &mut Vec<Edge>| -> bool {
        match kind(st) {
            Kind::End(_) => return false,
            Kind::Choices => {
                // A fixed strategy decides; it opens an exhibit only when nothing else is offered.
                let all = graph.offered(st);
                decisions.clear();
                decisions.extend(all.iter().copied().filter(|&a| !c.arms[a as usize].read));
                let offered = if decisions.is_empty() { all } else { &decisions[..] };
                if !offered.is_empty() {
                    chars.clear();
                    chars.extend(offered.iter().map(|&a| c.arms[a as usize].text_chars));
                    let arm = offered[pick(strategy, &chars)];
                    out.extend(graph.edges(st).iter().filter(|e| e.arm == arm).take(1));
                }
            }
            _ => out.extend_from_slice(graph.edges(st)),
        }
        true
    };
    // The expected points below a state from its options' (index, value) in order.
    let fold = |st: u32, done: &[(u32, f64)], opts: &[Edge]| -> Option<f64> {
        let weight = |e: Edge| match kind(st) {
            Kind::Random => c.arms[e.arm as usize].weight,
            _ => 1,
        };
        let total_w: u32 = done.iter().map(|&(i, _)| weight(opts[i as usize])).sum();
        if done.is_empty() || total_w == 0 {
            return None;
        }
        Some(
            done.iter()
                .map(|&(i, v)| {
                    let e = opts[i as usize];
                    let pts = if e.arm == GOTO {
                        0
                    } else {
                        c.arm_pts(e.arm as usize)[0]
                    };
                    f64::from(weight(e)) / f64::from(total_w) * (pts as f64 + v)
                })
                .sum(),
        )
    };
    (0..STRATEGIES.len())
        .map(|strategy| {
            let value = solve(
                start,
                budget,
                |st, out| {
                    if options(strategy, st, out) {
                        Step::Options
                    } else {
                        Step::Leaf(0.0f64)
                    }
                },
                fold,
            )
            .ok()
            .and_then(|v| v.value(start).copied());
            let expected = value.and_then(|v| {
                let Range { min, max } = ranges.overall;
                (max > min).then(|| {
                    (((v - min as f64) * 100.0 / (max - min) as f64)
                        .round()
                        .clamp(0.0, 100.0)) as u32
                })
            });
            Strategy {
                name: STRATEGIES[strategy].to_string(),
                expected,
            }
        })
        .collect()
}
