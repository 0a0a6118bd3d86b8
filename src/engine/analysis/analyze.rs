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

use crate::engine::abstraction::Abstraction;
use crate::engine::compiled::{Compiled, Kind, arm_ids};
use crate::engine::model::{Scenario, Then};
use crate::engine::score::{Range, Ranges};
use crate::engine::space::{Edge, Expansion, GOTO, Graph, Space};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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

// ---- the generic solver ------------------------------------------------------------------

struct OverBudget;

/// What expanding a state gave the solver.
enum Step<V> {
    /// An ending, with its value.
    Leaf(V),
    /// Options were pushed (none: stuck).
    Options,
}

/// Every explored state's value (`None`: no complete path from it) and how many there were.
struct Solved<V> {
    values: Vec<Option<V>>,
    states: usize,
}

impl<V> Solved<V> {
    fn value(&self, s: u32) -> Option<&V> {
        self.values.get(s as usize).and_then(Option::as_ref)
    }
}

/// Depth-first, post-order, iterative (no recursion, so any depth is safe) evaluation of
/// every state reachable from `start`, states being dense ids. `expand` pushes a state's
/// options; `fold` turns the finished options of a state (option index and value, in option
/// order) into its value (`None`: no complete path); options on the current path (cycles)
/// are left out. More than `budget` states gives up.
fn solve<V: Clone>(
    start: u32,
    budget: usize,
    mut expand: impl FnMut(u32, &mut Vec<Edge>) -> Step<V>,
    mut fold: impl FnMut(u32, &[(u32, V)], &[Edge]) -> Option<V>,
) -> Result<Solved<V>, OverBudget> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Status {
        New,
        OnStack,
        Done,
    }
    struct Frame {
        state: u32,
        /// This state's options are `opts[first..first + len]`; `next` is the next to look at.
        first: usize,
        len: usize,
        next: usize,
        /// This state's finished options are `done[done_from..]`.
        done_from: usize,
    }
    let mut status: Vec<Status> = Vec::new();
    let mut values: Vec<Option<V>> = Vec::new();
    let mut finished = 0usize;
    let mut stack: Vec<Frame> = Vec::new();
    let mut opts: Vec<Edge> = Vec::new();
    let mut done: Vec<(u32, V)> = Vec::new();
    let mut push = |s: u32,
                    status: &mut Vec<Status>,
                    values: &mut Vec<Option<V>>,
                    finished: &mut usize,
                    stack: &mut Vec<Frame>,
                    opts: &mut Vec<Edge>,
                    done_len: usize|
     -> Result<(), OverBudget> {
        if *finished + stack.len() >= budget {
            return Err(OverBudget);
        }
        let first = opts.len();
        match expand(s, opts) {
            Step::Leaf(v) => {
                values[s as usize] = Some(v);
                status[s as usize] = Status::Done;
                *finished += 1;
            }
            Step::Options => {
                status[s as usize] = Status::OnStack;
                stack.push(Frame {
                    state: s,
                    first,
                    len: opts.len() - first,
                    next: 0,
                    done_from: done_len,
                });
            }
        }
        Ok(())
    };
    let ensure = |s: u32, status: &mut Vec<Status>, values: &mut Vec<Option<V>>| {
        if status.len() <= s as usize {
            status.resize(s as usize + 1, Status::New);
            values.resize(s as usize + 1, None);
        }
    };
    ensure(start, &mut status, &mut values);
    push(
        start,
        &mut status,
        &mut values,
        &mut finished,
        &mut stack,
        &mut opts,
        0,
    )?;
    while let Some(top) = stack.last_mut() {
        if top.next < top.len {
            let i = top.next;
            top.next += 1;
            let child = opts[top.first + i].child;
            ensure(child, &mut status, &mut values);
            match status[child as usize] {
                Status::Done => {
                    if let Some(v) = &values[child as usize] {
                        done.push((i as u32, v.clone()));
                    }
                }
                Status::OnStack => {}
                Status::New => {
                    // Come back to this option once the child is done.
                    top.next -= 1;
                    let done_len = done.len();
                    push(
                        child,
                        &mut status,
                        &mut values,
                        &mut finished,
                        &mut stack,
                        &mut opts,
                        done_len,
                    )?;
                }
            }
        } else {
            let frame = stack.pop().expect("non-empty");
            let value = fold(
                frame.state,
                &done[frame.done_from..],
                &opts[frame.first..frame.first + frame.len],
            );
            values[frame.state as usize] = value;
            status[frame.state as usize] = Status::Done;
            finished += 1;
            opts.truncate(frame.first);
            done.truncate(frame.done_from);
        }
    }
    Ok(Solved {
        values,
        states: finished,
    })
}

/// The best and worst total of every metric below each state, with the option achieving
/// each, stored flat: summary `h` is `max[h * m..(h + 1) * m]` and so on. Summary 0 is an
/// ending's (nothing more to score).
struct Summaries {
    m: usize,
    max: Vec<i64>,
    min: Vec<i64>,
    argmax: Vec<u32>,
    argmin: Vec<u32>,
}

impl Summaries {
    const ENDING: u32 = 0;

    fn new(m: usize) -> Self {
        Summaries {
            m,
            max: vec![0; m],
            min: vec![0; m],
            argmax: vec![0; m],
            argmin: vec![0; m],
        }
    }

    fn max(&self, h: u32) -> &[i64] {
        &self.max[h as usize * self.m..(h as usize + 1) * self.m]
    }
    fn min(&self, h: u32) -> &[i64] {
        &self.min[h as usize * self.m..(h as usize + 1) * self.m]
    }

    /// A state's summary from its finished options' summaries (first best wins ties).
    fn fold<'p>(
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
fn edge_pts<'c>(c: &'c Compiled, zero: &'c [i64], e: Edge) -> &'c [i64] {
    if e.arm == GOTO {
        zero
    } else {
        c.arm_pts(e.arm as usize)
    }
}

/// Follows the recorded best (or worst) option for `metric` from `start` to an ending.
#[allow(clippy::too_many_arguments)]
fn follow(
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

/// Analyses a scenario that passed validation (without errors).
pub fn analyze(s: &Scenario, budget: usize) -> Analysis {
    analyze_with(s, budget, Abstraction::Cuts)
}

/// `analyze`, telling states apart as `abstraction` says.
fn analyze_with(s: &Scenario, budget: usize, abstraction: Abstraction) -> Analysis {
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
                    stuck.insert(s.nodes[space.states.node[st as usize] as usize].id.clone());
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
            a.best = path(0, true);
            a.worst = path(0, false);
            for (k, skill) in c.skills.iter().enumerate() {
                a.skill_paths
                    .insert(skill.clone(), (path(k + 1, true), path(k + 1, false)));
            }
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

/// Expected overall score (0–100) of each fixed strategy, averaging over random branches;
/// replayed on the explored graph, whose options include every choice a strategy can take.
fn strategies(c: &Compiled, space: &Space, start: u32, ranges: &Ranges, budget: usize) -> Vec<Strategy> {
    let graph = &space.graph;
    let kind = |st: u32| c.nodes[space.states.node[st as usize] as usize].kind;
    let mut chars: Vec<u32> = Vec::new();
    // The options a strategy has at a state, pushed to `out`; false for an ending.
    let mut options = |strategy: usize, st: u32, out: &mut Vec<Edge>| -> bool {
        match kind(st) {
            Kind::End(_) => return false,
            Kind::Choices => {
                let offered = graph.offered(st);
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

/// Past the state budget: bounds on the node graph alone, every condition taken as true.
fn structural(a: &mut Analysis, s: &Scenario, c: &Compiled, budget: usize) {
    let mut reached = vec![false; s.endings.len()];
    let Some(start) = c.start else { return };
    let zero = vec![0; c.metrics()];
    let mut sums = Summaries::new(c.metrics());
    let mut graph = Graph::default();
    let result = solve(
        start,
        usize::MAX,
        |n, out| {
            let node = &c.nodes[n as usize];
            if let Kind::End(e) = node.kind {
                if let Some(r) = e.and_then(|e| reached.get_mut(e as usize)) {
                    *r = true;
                }
                return Step::Leaf(Summaries::ENDING);
            }
            let first = graph.edges.len();
            if let Kind::Goto(Some(t)) = node.kind {
                graph.edges.push(Edge { child: t, arm: GOTO });
            }
            for arm in node.arms.range() {
                if let Some(next) = c.arms[arm].next {
                    graph.edges.push(Edge {
                        child: next,
                        arm: arm as u32,
                    });
                }
            }
            graph.record(n, first, 0);
            out.extend_from_slice(graph.edges(n));
            Step::Options
        },
        |_, done, opts| sums.fold(done, opts, |e| edge_pts(c, &zero, e)),
    );
    if let Ok(solved) = result
        && let Some(&root) = solved.value(start)
    {
        a.states = solved.states;
        fill_ranges(a, c, sums.max(root), sums.min(root));
        // Paths on the node graph, following the recorded arms.
        let ids = arm_ids(s);
        let path = |metric, best| follow(s, &ids, &graph, &solved, &sums, start, |n| n, metric, best);
        a.best = path(0, true);
        a.worst = path(0, false);
        for (k, skill) in c.skills.iter().enumerate() {
            a.skill_paths
                .insert(skill.clone(), (path(k + 1, true), path(k + 1, false)));
        }
    }
    a.endings = reach(s, &reached);
    a.warnings.push(format!(
        "more than {budget} distinct states: ranges, paths and reachable endings are bounds computed on the node graph with every condition taken as true, and fixed strategies were not checked"
    ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::generate::generate;

    /// Everything but the number of states.
    fn results(mut a: Analysis) -> Analysis {
        a.states = 0;
        a
    }

    #[test]
    fn merging_states_by_cuts_changes_no_result() {
        let bundled = [
            include_str!("../../../scenarios/honest-feedback.ron"),
            include_str!("../../../scenarios/outage-briefing.ron"),
            include_str!("../../../scenarios/mentoring-lead.ron"),
            include_str!("../../../tests/fixtures/valid/printer-budget.ron"),
        ];
        let mut all: Vec<Scenario> = bundled
            .iter()
            .map(|text| {
                crate::engine::load::scenario("x.ron", text.as_bytes())
                    .value
                    .unwrap()
            })
            .collect();
        all.extend((0..30).map(|seed| generate(40 + 7 * seed as usize, seed)));
        let (mut merged, mut kept) = (0, 0);
        for s in &all {
            let cuts = analyze_with(s, DEFAULT_STATE_BUDGET, Abstraction::Cuts);
            let live = analyze_with(s, DEFAULT_STATE_BUDGET, Abstraction::Liveness);
            assert!(cuts.exact && live.exact, "{}", s.id);
            assert!(cuts.states <= live.states, "{}", s.id);
            merged += cuts.states;
            kept += live.states;
            assert_eq!(results(cuts), results(live), "{}", s.id);
        }
        assert!(merged * 2 < kept, "cuts merge many states: {merged} of {kept}");
    }
}
