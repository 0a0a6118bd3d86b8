//! A scenario compiled to flat integers, shared by the fast paths (`simulate`, `analyze`).
//!
//! Only what conditions on choices and branches read is tracked: these are the *items*
//! (variables, trust, visited nodes, taken choices), each an `i64` in a flat vector. Beats'
//! conditions change what is shown, never where play goes, so they are left out. Nodes,
//! arms (choices and branches), effects and conditions refer to each other by index into
//! flat arrays, and every choice's evidence is summed per metric up front.
//!
//! The semantics are exactly those of `state::State` and `run::Run`: a flag reads as 0 or 1,
//! an unknown variable or character as 0, trust is clamped to 0–100, `Add` saturates.

use crate::engine::analysis::exhibits::read_flag;
use crate::engine::model::{Cmp, Condition, Effect, Scenario, Then, Value};
use crate::engine::score::weighted;
use crate::engine::state::{State, TRUST_MAX, TRUST_MIN};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A contiguous run of entries in one of `Compiled`'s arrays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Slice {
    pub start: u32,
    pub len: u32,
}

impl Slice {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// Item values as the compiled rules read and write them.
pub(crate) trait Values {
    fn get(&self, item: u32) -> i64;
    fn set(&mut self, item: u32, value: i64);
}

impl Values for [i64] {
    #[inline]
    fn get(&self, item: u32) -> i64 {
        self[item as usize]
    }
    #[inline]
    fn set(&mut self, item: u32, value: i64) {
        self[item as usize] = value;
    }
}

impl Values for Vec<i64> {
    #[inline]
    fn get(&self, item: u32) -> i64 {
        self[item as usize]
    }
    #[inline]
    fn set(&mut self, item: u32, value: i64) {
        self[item as usize] = value;
    }
}

/// What an item stands for; decides the values it can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// An integer variable or a flag: any `i64`.
    Var,
    /// A character's trust: 0–100.
    Trust,
    /// A visited node or a taken choice: 0 or 1.
    Seen,
}

/// A condition over item values, as a node in `Compiled::conds`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CCond {
    Cmp(u32, Cmp, i64),
    NonZero(u32),
    Const(bool),
    /// Children are `Compiled::cond_kids[slice]`.
    All(Slice),
    Any(Slice),
    Not(u32),
}

/// An effect on an item value (effects on items no condition reads are dropped).
#[derive(Debug, Clone, Copy)]
pub(crate) enum CFx {
    Add(u32, i64),
    Set(u32, i64),
    Trust(u32, i64),
}

impl CFx {
    pub fn item(self) -> u32 {
        match self {
            CFx::Add(i, _) | CFx::Set(i, _) | CFx::Trust(i, _) => i,
        }
    }
    /// The item's value after the effect.
    pub fn apply(self, v: i64) -> i64 {
        match self {
            CFx::Add(_, d) => v.saturating_add(d),
            CFx::Set(_, n) => n,
            CFx::Trust(_, d) => v.saturating_add(d).clamp(TRUST_MIN, TRUST_MAX),
        }
    }
}

/// How a node continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Choices,
    Random,
    /// The target node, if it exists.
    Goto(Option<u32>),
    /// The ending's index in `Scenario::endings`, if it exists.
    End(Option<u32>),
}

#[derive(Debug, Clone)]
pub(crate) struct CNode {
    /// The item recording that this node was entered, if any condition reads it.
    pub visit: Option<u32>,
    /// Effects applied on entering.
    pub fx: Slice,
    pub kind: Kind,
    /// The node's choices or branches, in `Compiled::arms`.
    pub arms: Slice,
    /// The node has a timer.
    pub timed: bool,
    /// The timer's timeout choice (absolute index in `arms`), if it names one.
    pub timeout: Option<u32>,
    /// No arm has a condition or is `timeout_only`: every choice is always offered and every
    /// branch with weight is always open.
    pub unconditional: bool,
    /// The sum of the branches' weights.
    pub weight: u64,
}

/// A choice or a branch.
#[derive(Debug, Clone)]
pub(crate) struct CArm {
    pub when: Option<u32>,
    pub fx: Slice,
    /// The item recording that this choice was taken, if any condition reads it.
    pub chosen: Option<u32>,
    pub next: Option<u32>,
    /// A branch's weight (0 for choices).
    pub weight: u32,
    pub timeout_only: bool,
    /// The choice's text length in characters (for the "longest option" strategies).
    pub text_chars: u32,
    /// Opening an exhibit (`read:<exhibit>`, see `exhibits::expand`), not a decision.
    pub read: bool,
}

/// The compiled scenario.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub kinds: Vec<ItemKind>,
    pub initial: Vec<i64>,
    pub nodes: Vec<CNode>,
    pub arms: Vec<CArm>,
    pub fx: Vec<CFx>,
    pub conds: Vec<CCond>,
    pub cond_kids: Vec<u32>,
    /// Items each node's conditions (on its choices and branches) read.
    pub reads: Vec<Vec<u32>>,
    pub start: Option<u32>,
    /// Metric names after the weighted overall: the assessed skills in order, then any other
    /// skill a choice scores (sorted).
    pub skills: Vec<String>,
    /// Points per metric (`[overall, skills…]`) for every arm; all zero for branches.
    pub pts: Vec<i64>,
    /// What each item stands for, by name (to read a run's `State` as item values).
    pub names: Vec<Named>,
}

/// What an item stands for, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Named {
    Var(String),
    Trust(String),
    Visited(String),
    Chosen(String),
}

/// Every arm's id as written (choice or branch), in `Compiled::arms` order.
pub(crate) fn arm_ids(s: &Scenario) -> Vec<&str> {
    s.nodes
        .iter()
        .flat_map(|n| match &n.then {
            Then::Choices(cs) => cs.iter().map(|c| c.id.as_str()).collect(),
            Then::Random(bs) => bs.iter().map(|b| b.id.as_str()).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Item slots by what they stand for, while compiling.
#[derive(Default)]
struct Items {
    var: HashMap<String, u32>,
    trust: HashMap<String, u32>,
    visited: HashMap<String, u32>,
    chosen: HashMap<String, u32>,
    kinds: Vec<ItemKind>,
}

impl Items {
    /// Every item's name, by slot.
    fn names(&self) -> Vec<Named> {
        let mut out = vec![Named::Var(String::new()); self.kinds.len()];
        let mut put = |map: &HashMap<String, u32>, named: fn(String) -> Named| {
            for (k, &i) in map {
                out[i as usize] = named(k.clone());
            }
        };
        put(&self.var, Named::Var);
        put(&self.trust, Named::Trust);
        put(&self.visited, Named::Visited);
        put(&self.chosen, Named::Chosen);
        out
    }

    /// Registers what a condition reads, pushing the items it uses to `out`.
    fn collect(&mut self, c: &Condition, out: &mut Vec<u32>) {
        let flag: String;
        let (map, key, kind) = match c {
            Condition::Var(v, _, _) | Condition::Flag(v) => (&mut self.var, v, ItemKind::Var),
            Condition::Trust(w, _, _) => (&mut self.trust, w, ItemKind::Trust),
            Condition::Visited(n) => (&mut self.visited, n, ItemKind::Seen),
            Condition::Chose(x) => (&mut self.chosen, x, ItemKind::Seen),
            // Opening an exhibit is played as a choice setting the flag `read:<id>`
            // (`exhibits::expand`); this is that flag.
            Condition::Read(x) => {
                flag = read_flag(x);
                (&mut self.var, &flag, ItemKind::Var)
            }
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| self.collect(c, out));
                return;
            }
            Condition::Not(c) => return self.collect(c, out),
        };
        let next = self.kinds.len() as u32;
        let slot = *map.entry(key.clone()).or_insert(next);
        if slot == next {
            self.kinds.push(kind);
        }
        out.push(slot);
    }

    fn effect(&self, e: &Effect) -> Option<CFx> {
        match e {
            Effect::Trust(w, d) => self.trust.get(w).map(|&i| CFx::Trust(i, *d)),
            Effect::Add(v, d) => self.var.get(v).map(|&i| CFx::Add(i, *d)),
            Effect::Set(v, n) => self.var.get(v).map(|&i| CFx::Set(i, *n)),
            Effect::Flag(v, b) => self.var.get(v).map(|&i| CFx::Set(i, i64::from(*b))),
        }
    }
}

/// One arm as written: condition, effects, chosen item, next node, weight, timeout only, text,
/// and a choice's id.
struct ArmSource<'a> {
    id: Option<&'a str>,
    when: Option<&'a Condition>,
    effects: &'a [Effect],
    chosen: Option<u32>,
    next: &'a str,
    weight: u32,
    timeout_only: bool,
    text: &'a str,
}

impl Compiled {
    pub fn new(s: &Scenario) -> Self {
        let mut items = Items::default();
        let mut reads: Vec<Vec<u32>> = Vec::with_capacity(s.nodes.len());
        for n in &s.nodes {
            let mut mine = Vec::new();
            let whens: Vec<&Condition> = match &n.then {
                Then::Choices(cs) => cs.iter().filter_map(|c| c.when.as_ref()).collect(),
                Then::Random(bs) => bs.iter().filter_map(|b| b.when.as_ref()).collect(),
                _ => Vec::new(),
            };
            whens.into_iter().for_each(|c| items.collect(c, &mut mine));
            mine.sort_unstable();
            mine.dedup();
            reads.push(mine);
        }
        let mut initial = vec![0i64; items.kinds.len()];
        for v in &s.variables {
            if let Some(&i) = items.var.get(v.id()) {
                initial[i as usize] = match v.initial() {
                    Value::Int(n) => n,
                    Value::Flag(b) => i64::from(b),
                };
            }
        }
        for c in &s.characters {
            if let Some(&i) = items.trust.get(&c.id) {
                initial[i as usize] = c.trust.clamp(TRUST_MIN, TRUST_MAX);
            }
        }
        // Metrics: the weighted overall, then each skill.
        let mut skills: Vec<String> = s.assesses.iter().map(|(k, _)| k.clone()).collect();
        let extra: BTreeSet<String> = s
            .choices()
            .flat_map(|(_, c)| c.skills.iter().map(|e| e.skill.clone()))
            .filter(|k| !skills.contains(k))
            .collect();
        skills.extend(extra);
        let index = s.index();
        let endings: HashMap<&str, u32> = s
            .endings
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();
        let to = |t: &str| index.get(t).map(|&i| i as u32);
        let mut c = Compiled {
            kinds: items.kinds.clone(),
            initial,
            nodes: Vec::with_capacity(s.nodes.len()),
            arms: Vec::new(),
            fx: Vec::new(),
            conds: Vec::new(),
            cond_kids: Vec::new(),
            reads,
            start: to(&s.start),
            skills,
            pts: Vec::new(),
            names: items.names(),
        };
        let metrics = c.metrics();
        for n in &s.nodes {
            let arms: Vec<ArmSource> = match &n.then {
                Then::Choices(cs) => cs
                    .iter()
                    .map(|ch| ArmSource {
                        id: Some(&ch.id),
                        when: ch.when.as_ref(),
                        effects: &ch.effects,
                        chosen: items.chosen.get(&ch.id).copied(),
                        next: &ch.next,
                        weight: 0,
                        timeout_only: ch.timeout_only,
                        text: &ch.text,
                    })
                    .collect(),
                Then::Random(bs) => bs
                    .iter()
                    .map(|b| ArmSource {
                        id: None,
                        when: b.when.as_ref(),
                        effects: &b.effects,
                        chosen: None,
                        next: &b.next,
                        weight: b.weight,
                        timeout_only: false,
                        text: "",
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let first = c.arms.len() as u32;
            for a in &arms {
                let when = a.when.map(|w| c.condition(&items, w));
                let fx = c.effects(&items, a.effects);
                c.arms.push(CArm {
                    when,
                    fx,
                    chosen: a.chosen,
                    next: to(a.next),
                    weight: a.weight,
                    timeout_only: a.timeout_only,
                    text_chars: a.text.chars().count() as u32,
                    read: a
                        .id
                        .is_some_and(|id| crate::engine::analysis::exhibits::exhibit_step(id).is_some()),
                });
            }
            // Points per metric, per arm (zero for branches).
            match &n.then {
                Then::Choices(cs) => {
                    for ch in cs {
                        let mut per: BTreeMap<String, i64> = BTreeMap::new();
                        for e in &ch.skills {
                            *per.entry(e.skill.clone()).or_insert(0) += i64::from(e.points);
                        }
                        c.pts.push(weighted(s, &per));
                        c.pts
                            .extend(c.skills.iter().map(|k| per.get(k).copied().unwrap_or(0)));
                    }
                }
                _ => c.pts.extend(std::iter::repeat_n(0, arms.len() * metrics)),
            }
            let timeout = match (&n.timer, &n.then) {
                (Some(t), Then::Choices(cs)) => cs
                    .iter()
                    .position(|ch| ch.id == t.timeout)
                    .map(|j| first + j as u32),
                _ => None,
            };
            let kind = match &n.then {
                Then::Choices(_) => Kind::Choices,
                Then::Random(_) => Kind::Random,
                Then::Goto(t) => Kind::Goto(to(t)),
                Then::End(e) => Kind::End(endings.get(e.as_str()).copied()),
            };
            let fx = c.effects(&items, &n.effects);
            let mine = &c.arms[first as usize..];
            let unconditional = mine.iter().all(|a| a.when.is_none() && !a.timeout_only);
            let weight = mine.iter().map(|a| u64::from(a.weight)).sum();
            c.nodes.push(CNode {
                visit: items.visited.get(&n.id).copied(),
                fx,
                kind,
                arms: Slice {
                    start: first,
                    len: arms.len() as u32,
                },
                timed: n.timer.is_some(),
                timeout,
                unconditional,
                weight,
            });
        }
        c
    }

    /// A run's state as item values, read exactly as the compiled rules would have kept them.
    pub fn values_of(&self, st: &State) -> Vec<i64> {
        self.names
            .iter()
            .map(|n| match n {
                Named::Var(v) => st.int(v),
                Named::Trust(w) => st.trust(w),
                Named::Visited(x) => i64::from(st.visited.contains(x)),
                Named::Chosen(x) => i64::from(st.chosen.contains(x)),
            })
            .collect()
    }

    /// Number of metrics: the weighted overall and one per skill.
    pub fn metrics(&self) -> usize {
        self.skills.len() + 1
    }

    /// The points an arm scores, per metric.
    pub fn arm_pts(&self, arm: usize) -> &[i64] {
        let m = self.metrics();
        &self.pts[arm * m..(arm + 1) * m]
    }

    fn effects(&mut self, items: &Items, effects: &[Effect]) -> Slice {
        let start = self.fx.len() as u32;
        self.fx.extend(effects.iter().filter_map(|e| items.effect(e)));
        Slice {
            start,
            len: self.fx.len() as u32 - start,
        }
    }

    fn condition(&mut self, items: &Items, c: &Condition) -> u32 {
        let get = |m: &HashMap<String, u32>, k: &str| m.get(k).copied();
        let node = match c {
            Condition::Var(v, cmp, n) => {
                get(&items.var, v).map_or(CCond::Const(cmp.holds(0, *n)), |i| CCond::Cmp(i, *cmp, *n))
            }
            Condition::Flag(v) => get(&items.var, v).map_or(CCond::Const(false), CCond::NonZero),
            Condition::Trust(w, cmp, n) => {
                get(&items.trust, w).map_or(CCond::Const(cmp.holds(0, *n)), |i| CCond::Cmp(i, *cmp, *n))
            }
            Condition::Visited(x) => get(&items.visited, x).map_or(CCond::Const(false), CCond::NonZero),
            Condition::Chose(x) => get(&items.chosen, x).map_or(CCond::Const(false), CCond::NonZero),
            Condition::Read(x) => get(&items.var, &read_flag(x)).map_or(CCond::Const(false), CCond::NonZero),
            Condition::All(cs) | Condition::Any(cs) => {
                let kids: Vec<u32> = cs.iter().map(|c| self.condition(items, c)).collect();
                let slice = Slice {
                    start: self.cond_kids.len() as u32,
                    len: kids.len() as u32,
                };
                self.cond_kids.extend(kids);
                if matches!(c, Condition::All(_)) {
                    CCond::All(slice)
                } else {
                    CCond::Any(slice)
                }
            }
            Condition::Not(c) => CCond::Not(self.condition(items, c)),
        };
        self.conds.push(node);
        self.conds.len() as u32 - 1
    }

    /// Whether condition `c` holds for item values `vals`.
    pub fn holds(&self, c: u32, vals: &[i64]) -> bool {
        match self.conds[c as usize] {
            CCond::Cmp(i, cmp, n) => cmp.holds(vals[i as usize], n),
            CCond::NonZero(i) => vals[i as usize] != 0,
            CCond::Const(b) => b,
            CCond::All(kids) => self.cond_kids[kids.range()].iter().all(|&k| self.holds(k, vals)),
            CCond::Any(kids) => self.cond_kids[kids.range()].iter().any(|&k| self.holds(k, vals)),
            CCond::Not(k) => !self.holds(k, vals),
        }
    }

    /// True when the arm has no condition or it holds.
    #[inline]
    pub fn allows(&self, arm: &CArm, vals: &[i64]) -> bool {
        let Some(c) = arm.when else { return true };
        // Most conditions are a single test: evaluate those without the recursive call.
        match self.conds[c as usize] {
            CCond::Cmp(i, cmp, n) => cmp.holds(vals[i as usize], n),
            CCond::NonZero(i) => vals[i as usize] != 0,
            CCond::Const(b) => b,
            _ => self.holds(c, vals),
        }
    }

    /// Entering node `n`: the visit is recorded, then its effects apply. The one rule for
    /// entering a node of the compiled form, shared by the simulator (values in place) and
    /// the state-space search (values with undo).
    #[inline]
    pub fn enter(&self, n: usize, vals: &mut impl Values) {
        let node = &self.nodes[n];
        if let Some(v) = node.visit {
            vals.set(v, 1);
        }
        self.apply(node.fx, vals);
    }

    /// Taking arm `a` (a choice or a branch): its effects, then the choice taken is recorded.
    #[inline]
    pub fn take(&self, a: usize, vals: &mut impl Values) {
        let arm = &self.arms[a];
        self.apply(arm.fx, vals);
        if let Some(ch) = arm.chosen {
            vals.set(ch, 1);
        }
    }

    #[inline]
    fn apply(&self, fx: Slice, vals: &mut impl Values) {
        for e in &self.fx[fx.range()] {
            let i = e.item();
            vals.set(i, e.apply(vals.get(i)));
        }
    }

    /// The atomic tests (`Cmp` and `NonZero`) under condition `c`.
    pub fn atoms(&self, c: u32, out: &mut Vec<CCond>) {
        match self.conds[c as usize] {
            a @ (CCond::Cmp(..) | CCond::NonZero(_)) => out.push(a),
            CCond::Const(_) => {}
            CCond::All(kids) | CCond::Any(kids) => {
                for &k in &self.cond_kids[kids.range()] {
                    self.atoms(k, out);
                }
            }
            CCond::Not(k) => self.atoms(k, out),
        }
    }
}
