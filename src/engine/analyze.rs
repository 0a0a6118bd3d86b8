//! Analysis: the best and worst paths overall and per skill, each skill's score range, which
//! endings can be reached, and balance warnings. Exact (every reachable state is explored)
//! up to a state budget; past it, bounds computed on the node graph alone (conditions
//! treated as always true, variables ignored), and the result says `exact: false`.

use super::model::{Choice, Cmp, Condition, Effect, Scenario, Then};
use super::score::{Range, Ranges, weighted};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::rc::Rc;

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

fn pick(strategy: usize, options: &[&Choice]) -> usize {
    let last = options.len() - 1;
    match strategy {
        0..=3 => strategy.min(last),
        4 => last,
        5 => (0..options.len())
            .max_by_key(|&i| (options[i].text.chars().count(), usize::MAX - i))
            .unwrap_or(0),
        _ => (0..options.len())
            .min_by_key(|&i| (options[i].text.chars().count(), i))
            .unwrap_or(0),
    }
}

// ---- the generic solver ------------------------------------------------------------------

/// What an option does: a player choice, a random branch (with weight) or a goto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arm {
    Choice(usize),
    Branch(usize, u32),
    Goto,
}

struct Opt<K> {
    key: K,
    arm: Arm,
    /// Points per metric: [weighted overall, skill 1, skill 2, ...].
    pts: Rc<[i64]>,
}

enum Expansion<K> {
    End(usize),
    Options(Vec<Opt<K>>),
}

struct OverBudget;

/// The start state's value and every explored state's value.
type Solved<K, V> = (Option<V>, HashMap<K, Option<V>>);

/// Depth-first, post-order, iterative (no recursion, so any depth is safe) evaluation of
/// every state reachable from `start`. `fold` turns the finished children of a state into its
/// value (`None`: no complete path); children on the current path (cycles) are left out.
fn solve<K, V>(
    start: K,
    budget: usize,
    mut expand: impl FnMut(&K) -> Expansion<K>,
    leaf: impl Fn(usize) -> V,
    fold: impl Fn(&[(usize, &Opt<K>, &V)]) -> Option<V>,
) -> Result<Solved<K, V>, OverBudget>
where
    K: Hash + Eq + Clone,
    V: Clone,
{
    struct Frame<K, V> {
        key: K,
        opts: Vec<Opt<K>>,
        next: usize,
        done: Vec<(usize, V)>,
    }
    let mut memo: HashMap<K, Option<V>> = HashMap::new();
    let mut on_stack: std::collections::HashSet<K> = std::collections::HashSet::new();
    let mut stack: Vec<Frame<K, V>> = Vec::new();
    let mut push = |key: K,
                    memo: &mut HashMap<K, Option<V>>,
                    stack: &mut Vec<Frame<K, V>>,
                    on_stack: &mut std::collections::HashSet<K>|
     -> Result<(), OverBudget> {
        if memo.len() + stack.len() >= budget {
            return Err(OverBudget);
        }
        match expand(&key) {
            Expansion::End(e) => {
                memo.insert(key, Some(leaf(e)));
            }
            Expansion::Options(opts) => {
                on_stack.insert(key.clone());
                stack.push(Frame {
                    key,
                    opts,
                    next: 0,
                    done: Vec::new(),
                });
            }
        }
        Ok(())
    };
    push(start.clone(), &mut memo, &mut stack, &mut on_stack)?;
    while let Some(top) = stack.last_mut() {
        if top.next < top.opts.len() {
            let i = top.next;
            top.next += 1;
            let child = &top.opts[i].key;
            if let Some(v) = memo.get(child) {
                if let Some(v) = v {
                    top.done.push((i, v.clone()));
                }
            } else if !on_stack.contains(child) {
                // Revisit this option once the child is done.
                top.next -= 1;
                let child = child.clone();
                push(child, &mut memo, &mut stack, &mut on_stack)?;
            }
        } else {
            let frame = stack.pop().expect("non-empty");
            let children: Vec<(usize, &Opt<K>, &V)> =
                frame.done.iter().map(|(i, v)| (*i, &frame.opts[*i], v)).collect();
            let value = fold(&children);
            on_stack.remove(&frame.key);
            memo.insert(frame.key, value);
        }
    }
    let root = memo.get(&start).cloned().flatten();
    Ok((root, memo))
}

/// Max and min of every metric below a state, with the option achieving each.
struct Summary {
    max: Vec<i64>,
    min: Vec<i64>,
    argmax: Vec<usize>,
    argmin: Vec<usize>,
}

fn fold_extremes<K>(children: &[(usize, &Opt<K>, &Rc<Summary>)]) -> Option<Rc<Summary>> {
    let (first, rest) = children.split_first()?;
    let m = first.1.pts.len();
    let mut s = Summary {
        max: (0..m).map(|k| first.1.pts[k] + first.2.max[k]).collect(),
        min: (0..m).map(|k| first.1.pts[k] + first.2.min[k]).collect(),
        argmax: vec![first.0; m],
        argmin: vec![first.0; m],
    };
    for (i, opt, c) in rest {
        for k in 0..m {
            let hi = opt.pts[k] + c.max[k];
            if hi > s.max[k] {
                s.max[k] = hi;
                s.argmax[k] = *i;
            }
            let lo = opt.pts[k] + c.min[k];
            if lo < s.min[k] {
                s.min[k] = lo;
                s.argmin[k] = *i;
            }
        }
    }
    Some(Rc::new(s))
}

// ---- the scenario as a state space ---------------------------------------------------------

struct Space<'a> {
    s: &'a Scenario,
    c: Compiled,
    index: HashMap<&'a str, usize>,
    endings: HashMap<&'a str, usize>,
    skills: Vec<String>,
    /// Points per metric for each (node, choice) pair.
    choice_pts: Vec<Vec<Rc<[i64]>>>,
    zero: Rc<[i64]>,
}

/// A state in the search: the node and the values of the live items (see `Compiled`).
type Key = (usize, Box<[i64]>);

/// A condition over item values.
enum CCond {
    Cmp(usize, Cmp, i64),
    NonZero(usize),
    Const(bool),
    All(Vec<CCond>),
    Any(Vec<CCond>),
    Not(Box<CCond>),
}

/// One arm as written: condition, effects, the item its choice sets, the next node's id.
type ArmSource<'a> = (Option<&'a Condition>, &'a [Effect], Option<usize>, &'a str);

/// An effect on an item value (effects on items no condition reads are dropped).
enum CFx {
    Add(usize, i64),
    Set(usize, i64),
    Trust(usize, i64),
}

/// The scenario compiled for search. Only what conditions on choices and branches read is
/// tracked ("items": variables, trust, visited nodes, taken choices), as a flat vector of
/// integers; and at each node only the items some condition at or after it may still read
/// (live items, computed backwards over the node graph like live variables in a compiler).
/// Everything else cannot change the future, so dropping it keeps the search exact and small.
struct Compiled {
    initial: Box<[i64]>,
    live: Vec<Vec<u64>>,
    node_fx: Vec<Vec<CFx>>,
    node_visit: Vec<Option<usize>>,
    /// Per node, per arm (choice or branch): condition, effects, chosen item, next node.
    arm_when: Vec<Vec<Option<CCond>>>,
    arm_fx: Vec<Vec<Vec<CFx>>>,
    arm_chosen: Vec<Vec<Option<usize>>>,
    arm_next: Vec<Vec<Option<usize>>>,
    goto: Vec<Option<usize>>,
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}
fn has_bit(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

#[derive(Default)]
struct Items {
    var: HashMap<String, usize>,
    trust: HashMap<String, usize>,
    visited: HashMap<String, usize>,
    chosen: HashMap<String, usize>,
    count: usize,
}

impl Items {
    fn slot(map: &mut HashMap<String, usize>, count: &mut usize, key: &str) -> usize {
        *map.entry(key.to_string()).or_insert_with(|| {
            *count += 1;
            *count - 1
        })
    }
    /// Registers what a condition reads; returns the item bits it uses.
    fn collect(&mut self, c: &Condition, out: &mut Vec<usize>) {
        let (map, key) = match c {
            Condition::Var(v, _, _) | Condition::Flag(v) => (&mut self.var, v),
            Condition::Trust(w, _, _) => (&mut self.trust, w),
            Condition::Visited(n) => (&mut self.visited, n),
            Condition::Chose(x) => (&mut self.chosen, x),
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| self.collect(c, out));
                return;
            }
            Condition::Not(c) => return self.collect(c, out),
        };
        out.push(Self::slot(map, &mut self.count, key));
    }
    fn cond(&self, c: &Condition) -> CCond {
        let get = |m: &HashMap<String, usize>, k: &str| m.get(k).copied();
        match c {
            Condition::Var(v, cmp, n) => {
                get(&self.var, v).map_or(CCond::Const(cmp.holds(0, *n)), |i| CCond::Cmp(i, *cmp, *n))
            }
            Condition::Flag(v) => get(&self.var, v).map_or(CCond::Const(false), CCond::NonZero),
            Condition::Trust(w, cmp, n) => {
                get(&self.trust, w).map_or(CCond::Const(cmp.holds(0, *n)), |i| CCond::Cmp(i, *cmp, *n))
            }
            Condition::Visited(x) => get(&self.visited, x).map_or(CCond::Const(false), CCond::NonZero),
            Condition::Chose(x) => get(&self.chosen, x).map_or(CCond::Const(false), CCond::NonZero),
            Condition::All(cs) => CCond::All(cs.iter().map(|c| self.cond(c)).collect()),
            Condition::Any(cs) => CCond::Any(cs.iter().map(|c| self.cond(c)).collect()),
            Condition::Not(c) => CCond::Not(Box::new(self.cond(c))),
        }
    }
    fn effects(&self, fx: &[Effect]) -> Vec<CFx> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Trust(w, d) => self.trust.get(w).map(|&i| CFx::Trust(i, *d)),
                Effect::Add(v, d) => self.var.get(v).map(|&i| CFx::Add(i, *d)),
                Effect::Set(v, n) => self.var.get(v).map(|&i| CFx::Set(i, *n)),
                Effect::Flag(v, b) => self.var.get(v).map(|&i| CFx::Set(i, i64::from(*b))),
            })
            .collect()
    }
}

impl Compiled {
    fn of(s: &Scenario, index: &HashMap<&str, usize>) -> Self {
        let mut items = Items::default();
        let mut reads: Vec<Vec<usize>> = Vec::with_capacity(s.nodes.len());
        for n in &s.nodes {
            let mut mine = Vec::new();
            match &n.then {
                Then::Choices(cs) => cs
                    .iter()
                    .filter_map(|c| c.when.as_ref())
                    .for_each(|c| items.collect(c, &mut mine)),
                Then::Random(bs) => bs
                    .iter()
                    .filter_map(|b| b.when.as_ref())
                    .for_each(|c| items.collect(c, &mut mine)),
                _ => {}
            }
            reads.push(mine);
        }
        let words = items.count.div_ceil(64).max(1);
        let mut initial = vec![0i64; items.count];
        for v in &s.variables {
            if let Some(&i) = items.var.get(v.id()) {
                initial[i] = match v.initial() {
                    super::model::Value::Int(n) => n,
                    super::model::Value::Flag(b) => i64::from(b),
                };
            }
        }
        for c in &s.characters {
            if let Some(&i) = items.trust.get(&c.id) {
                initial[i] = c.trust.clamp(0, 100);
            }
        }
        let to = |t: &str| index.get(t).copied();
        let mut c = Compiled {
            initial: initial.into(),
            live: Vec::new(),
            node_fx: s.nodes.iter().map(|n| items.effects(&n.effects)).collect(),
            node_visit: s
                .nodes
                .iter()
                .map(|n| items.visited.get(&n.id).copied())
                .collect(),
            arm_when: Vec::new(),
            arm_fx: Vec::new(),
            arm_chosen: Vec::new(),
            arm_next: Vec::new(),
            goto: s
                .nodes
                .iter()
                .map(|n| if let Then::Goto(t) = &n.then { to(t) } else { None })
                .collect(),
        };
        for n in &s.nodes {
            // (condition, effects, chosen item, next node) per arm.
            let arms: Vec<ArmSource> = match &n.then {
                Then::Choices(cs) => cs
                    .iter()
                    .map(|ch| {
                        (
                            ch.when.as_ref(),
                            &ch.effects[..],
                            items.chosen.get(&ch.id).copied(),
                            ch.next.as_str(),
                        )
                    })
                    .collect(),
                Then::Random(bs) => bs
                    .iter()
                    .map(|b| (b.when.as_ref(), &b.effects[..], None, b.next.as_str()))
                    .collect(),
                _ => Vec::new(),
            };
            c.arm_when
                .push(arms.iter().map(|a| a.0.map(|w| items.cond(w))).collect());
            c.arm_fx.push(arms.iter().map(|a| items.effects(a.1)).collect());
            c.arm_chosen.push(arms.iter().map(|a| a.2).collect());
            c.arm_next.push(arms.iter().map(|a| to(a.3)).collect());
        }
        // live(n) = reads(n) ∪ live(successors), to a fixpoint.
        let succ: Vec<Vec<usize>> = (0..s.nodes.len())
            .map(|i| c.arm_next[i].iter().flatten().copied().chain(c.goto[i]).collect())
            .collect();
        let mut pred: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
        for (i, ss) in succ.iter().enumerate() {
            for &j in ss {
                pred[j].push(i);
            }
        }
        let mut live: Vec<Vec<u64>> = reads
            .iter()
            .map(|bits| {
                let mut v = vec![0u64; words];
                bits.iter().for_each(|&b| set_bit(&mut v, b));
                v
            })
            .collect();
        let mut work: Vec<usize> = (0..s.nodes.len()).collect();
        let mut queued = vec![true; s.nodes.len()];
        while let Some(j) = work.pop() {
            queued[j] = false;
            for &i in &pred[j] {
                let from = live[j].clone();
                let mut changed = false;
                for (mine, theirs) in live[i].iter_mut().zip(from) {
                    changed |= *mine | theirs != *mine;
                    *mine |= theirs;
                }
                if changed && !queued[i] {
                    queued[i] = true;
                    work.push(i);
                }
            }
        }
        c.live = live;
        c
    }

    fn holds(vals: &[i64], c: &CCond) -> bool {
        match c {
            CCond::Cmp(i, cmp, n) => cmp.holds(vals[*i], *n),
            CCond::NonZero(i) => vals[*i] != 0,
            CCond::Const(b) => *b,
            CCond::All(cs) => cs.iter().all(|c| Self::holds(vals, c)),
            CCond::Any(cs) => cs.iter().any(|c| Self::holds(vals, c)),
            CCond::Not(c) => !Self::holds(vals, c),
        }
    }

    fn allows(vals: &[i64], c: Option<&CCond>) -> bool {
        c.is_none_or(|c| Self::holds(vals, c))
    }

    fn apply(vals: &mut [i64], fx: &[CFx]) {
        for e in fx {
            match *e {
                CFx::Add(i, d) => vals[i] = vals[i].saturating_add(d),
                CFx::Set(i, n) => vals[i] = n,
                CFx::Trust(i, d) => vals[i] = vals[i].saturating_add(d).clamp(0, 100),
            }
        }
    }
}

impl<'a> Space<'a> {
    fn new(s: &'a Scenario) -> Self {
        let mut skills: Vec<String> = s.assesses.iter().map(|(k, _)| k.clone()).collect();
        let extra: BTreeSet<String> = s
            .choices()
            .flat_map(|(_, c)| c.skills.iter().map(|e| e.skill.clone()))
            .filter(|k| !skills.contains(k))
            .collect();
        skills.extend(extra);
        let choice_pts = s
            .nodes
            .iter()
            .map(|n| match &n.then {
                Then::Choices(cs) => cs
                    .iter()
                    .map(|c| {
                        let mut per: BTreeMap<String, i64> = BTreeMap::new();
                        for e in &c.skills {
                            *per.entry(e.skill.clone()).or_insert(0) += i64::from(e.points);
                        }
                        let mut v = vec![weighted(s, &per)];
                        v.extend(skills.iter().map(|k| per.get(k).copied().unwrap_or(0)));
                        Rc::from(v)
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let index = s.index();
        Space {
            s,
            c: Compiled::of(s, &index),
            index,
            endings: s
                .endings
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect(),
            zero: Rc::from(vec![0; skills.len() + 1]),
            skills,
            choice_pts,
        }
    }

    /// The summary of an ending: nothing more to score.
    fn ending_summary(&self) -> Rc<Summary> {
        let m = self.zero.len();
        Rc::new(Summary {
            max: vec![0; m],
            min: vec![0; m],
            argmax: vec![0; m],
            argmin: vec![0; m],
        })
    }

    /// Enters node `i` with item values `vals`: marks it visited, applies its effects, and
    /// clears the items nothing from here on can read.
    fn enter(&self, i: usize, mut vals: Vec<i64>) -> Key {
        if let Some(v) = self.c.node_visit[i] {
            vals[v] = 1;
        }
        Compiled::apply(&mut vals, &self.c.node_fx[i]);
        let live = &self.c.live[i];
        for (k, v) in vals.iter_mut().enumerate() {
            if !has_bit(live, k) {
                *v = 0;
            }
        }
        (i, vals.into_boxed_slice())
    }

    fn start(&self) -> Option<Key> {
        let i = *self.index.get(self.s.start.as_str())?;
        Some(self.enter(i, self.c.initial.to_vec()))
    }

    /// Options that play can take from a state. `strategy` fixes the player's choice.
    fn expand(&self, key: &Key, strategy: Option<usize>) -> Expansion<Key> {
        let (i, vals) = key;
        let i = *i;
        let node = &self.s.nodes[i];
        let arm = |j: usize, arm: Arm, pts: Rc<[i64]>| -> Option<Opt<Key>> {
            let next = self.c.arm_next[i][j]?;
            let mut v = vals.to_vec();
            Compiled::apply(&mut v, &self.c.arm_fx[i][j]);
            if let Some(ch) = self.c.arm_chosen[i][j] {
                v[ch] = 1;
            }
            Some(Opt {
                key: self.enter(next, v),
                arm,
                pts,
            })
        };
        match &node.then {
            Then::End(e) => Expansion::End(self.endings.get(e.as_str()).copied().unwrap_or(usize::MAX)),
            Then::Goto(_) => Expansion::Options(
                self.c.goto[i]
                    .map(|t| Opt {
                        key: self.enter(t, vals.to_vec()),
                        arm: Arm::Goto,
                        pts: self.zero.clone(),
                    })
                    .into_iter()
                    .collect(),
            ),
            Then::Random(bs) => Expansion::Options(
                bs.iter()
                    .enumerate()
                    .filter(|(j, b)| b.weight > 0 && Compiled::allows(vals, self.c.arm_when[i][*j].as_ref()))
                    .filter_map(|(j, b)| arm(j, Arm::Branch(j, b.weight), self.zero.clone()))
                    .collect(),
            ),
            Then::Choices(cs) => {
                let offered: Vec<usize> = (0..cs.len())
                    .filter(|&j| {
                        !cs[j].timeout_only && Compiled::allows(vals, self.c.arm_when[i][j].as_ref())
                    })
                    .collect();
                let mut picks: Vec<usize> = match strategy {
                    Some(st) if !offered.is_empty() => {
                        let refs: Vec<&Choice> = offered.iter().map(|&j| &cs[j]).collect();
                        vec![offered[pick(st, &refs)]]
                    }
                    _ => offered,
                };
                if strategy.is_none()
                    && let Some(t) = &node.timer
                    && let Some(j) = cs.iter().position(|c| c.id == t.timeout)
                    && !picks.contains(&j)
                {
                    picks.push(j);
                }
                Expansion::Options(
                    picks
                        .into_iter()
                        .filter_map(|j| arm(j, Arm::Choice(j), self.choice_pts[i][j].clone()))
                        .collect(),
                )
            }
        }
    }

    /// Follows the recorded best (or worst) option for `metric` from the start.
    fn path(&self, memo: &HashMap<Key, Option<Rc<Summary>>>, metric: usize, best: bool) -> Path {
        match self.start() {
            Some(start) => follow(
                self.s,
                start,
                memo,
                metric,
                best,
                |k| self.expand(k, None),
                |k| k.0,
            ),
            None => Path::default(),
        }
    }
}

/// Follows the recorded best (or worst) option for `metric` from `start` to an ending.
fn follow<K: Hash + Eq + Clone>(
    s: &Scenario,
    start: K,
    memo: &HashMap<K, Option<Rc<Summary>>>,
    metric: usize,
    best: bool,
    expand: impl Fn(&K) -> Expansion<K>,
    node_of: impl Fn(&K) -> usize,
) -> Path {
    let mut path = Path::default();
    if let Some(Some(sum)) = memo.get(&start) {
        path.total = if best { sum.max[metric] } else { sum.min[metric] };
    }
    let mut key = start;
    for _ in 0..=memo.len() {
        let Some(Some(summary)) = memo.get(&key) else {
            break;
        };
        let want = if best {
            summary.argmax[metric]
        } else {
            summary.argmin[metric]
        };
        let Expansion::Options(mut opts) = expand(&key) else {
            break;
        };
        if want >= opts.len() {
            break;
        }
        let opt = opts.swap_remove(want);
        match (opt.arm, &s.nodes[node_of(&key)].then) {
            (Arm::Choice(j), Then::Choices(cs)) => path.choices.push(cs[j].id.clone()),
            (Arm::Branch(j, _), Then::Random(bs)) => path.branches.push(bs[j].id.clone()),
            _ => {}
        }
        key = opt.key;
        if let Then::End(e) = &s.nodes[node_of(&key)].then {
            path.ending = e.clone();
            break;
        }
    }
    path
}

/// Analyses a scenario that passed validation (without errors).
pub fn analyze(s: &Scenario, budget: usize) -> Analysis {
    let space = Space::new(s);
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
    let Some(start) = space.start() else {
        a.warnings
            .push(format!("the start node `{}` does not exist", s.start));
        return a;
    };
    let mut reached = vec![false; s.endings.len()];
    let mut stuck: BTreeSet<String> = BTreeSet::new();
    let result = solve(
        start.clone(),
        budget,
        |k| {
            let e = space.expand(k, None);
            match &e {
                Expansion::End(i) => {
                    if let Some(r) = reached.get_mut(*i) {
                        *r = true;
                    }
                }
                Expansion::Options(o) if o.is_empty() => {
                    stuck.insert(s.nodes[k.0].id.clone());
                }
                _ => {}
            }
            e
        },
        |_| space.ending_summary(),
        fold_extremes,
    );
    match result {
        Ok((root, memo)) => {
            a.states = memo.len();
            let Some(root) = root else {
                a.warnings.push("no complete path reaches an ending".into());
                a.stuck = stuck.into_iter().collect();
                return a;
            };
            fill_ranges(&mut a, &space, &root.max, &root.min);
            a.best = space.path(&memo, 0, true);
            a.worst = space.path(&memo, 0, false);
            for (k, skill) in space.skills.iter().enumerate() {
                a.skill_paths.insert(
                    skill.clone(),
                    (space.path(&memo, k + 1, true), space.path(&memo, k + 1, false)),
                );
            }
            a.endings = reach(s, &reached);
            a.strategies = strategies(&space, &start, &a.ranges, budget);
        }
        Err(OverBudget) => {
            a.exact = false;
            structural(&mut a, &space, budget);
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

fn fill_ranges(a: &mut Analysis, space: &Space, max: &[i64], min: &[i64]) {
    a.ranges.overall = Range {
        min: min[0],
        max: max[0],
    };
    for (k, skill) in space.skills.iter().enumerate() {
        a.ranges.skills.insert(
            skill.clone(),
            Range {
                min: min[k + 1],
                max: max[k + 1],
            },
        );
    }
}

/// Expected overall score (0–100) of each fixed strategy, averaging over random branches.
fn strategies(space: &Space, start: &Key, ranges: &Ranges, budget: usize) -> Vec<Strategy> {
    (0..STRATEGIES.len())
        .map(|st| {
            let value = solve(
                start.clone(),
                budget,
                |k| space.expand(k, Some(st)),
                |_| 0.0f64,
                |children| {
                    let total_w: u32 = children
                        .iter()
                        .map(|(_, o, _)| match o.arm {
                            Arm::Branch(_, w) => w,
                            _ => 1,
                        })
                        .sum();
                    if children.is_empty() || total_w == 0 {
                        return None;
                    }
                    Some(
                        children
                            .iter()
                            .map(|(_, o, v)| {
                                let w = match o.arm {
                                    Arm::Branch(_, w) => w,
                                    _ => 1,
                                };
                                f64::from(w) / f64::from(total_w) * (o.pts[0] as f64 + **v)
                            })
                            .sum(),
                    )
                },
            );
            let expected = value.ok().and_then(|(v, _)| v).and_then(|v| {
                let Range { min, max } = ranges.overall;
                (max > min).then(|| {
                    (((v - min as f64) * 100.0 / (max - min) as f64)
                        .round()
                        .clamp(0.0, 100.0)) as u32
                })
            });
            Strategy {
                name: STRATEGIES[st].to_string(),
                expected,
            }
        })
        .collect()
}

/// Past the state budget: bounds on the node graph alone, every condition taken as true.
fn structural(a: &mut Analysis, space: &Space, budget: usize) {
    let s = space.s;
    let mut reached = vec![false; s.endings.len()];
    let start = space.index.get(s.start.as_str()).copied();
    let Some(start) = start else { return };
    let expand = |i: &usize| -> Expansion<usize> {
        let node = &s.nodes[*i];
        let to = |t: &str| space.index.get(t).copied();
        match &node.then {
            Then::End(e) => Expansion::End(space.endings.get(e.as_str()).copied().unwrap_or(usize::MAX)),
            Then::Goto(t) => Expansion::Options(
                to(t)
                    .map(|key| Opt {
                        key,
                        arm: Arm::Goto,
                        pts: space.zero.clone(),
                    })
                    .into_iter()
                    .collect(),
            ),
            Then::Random(bs) => Expansion::Options(
                bs.iter()
                    .enumerate()
                    .filter_map(|(j, b)| {
                        Some(Opt {
                            key: to(&b.next)?,
                            arm: Arm::Branch(j, b.weight),
                            pts: space.zero.clone(),
                        })
                    })
                    .collect(),
            ),
            Then::Choices(cs) => Expansion::Options(
                cs.iter()
                    .enumerate()
                    .filter_map(|(j, c)| {
                        Some(Opt {
                            key: to(&c.next)?,
                            arm: Arm::Choice(j),
                            pts: space.choice_pts[*i][j].clone(),
                        })
                    })
                    .collect(),
            ),
        }
    };
    let result = solve(
        start,
        usize::MAX,
        |k| {
            let e = expand(k);
            if let Expansion::End(i) = e
                && let Some(r) = reached.get_mut(i)
            {
                *r = true;
            }
            e
        },
        |_| space.ending_summary(),
        fold_extremes,
    );
    if let Ok((Some(root), memo)) = result {
        a.states = memo.len();
        fill_ranges(a, space, &root.max, &root.min);
        // Paths on the node graph, following the recorded arms.
        let follow = |metric: usize, best: bool| follow(s, start, &memo, metric, best, expand, |i| *i);
        a.best = follow(0, true);
        a.worst = follow(0, false);
        for (k, skill) in space.skills.iter().enumerate() {
            a.skill_paths
                .insert(skill.clone(), (follow(k + 1, true), follow(k + 1, false)));
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
