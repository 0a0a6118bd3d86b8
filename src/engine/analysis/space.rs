//! The scenario as a state space for exhaustive search (`analyze`).
//!
//! A state is a node and what the run must still remember there, as `abstraction` decides:
//! item values reduced to their class between cuts (or kept exactly), and formula bits. The
//! key of a state packs one byte per class and eight per exact value; states are interned to
//! dense `u32` ids (each key stored once, in a flat arena, and found again through an
//! open-addressing hash table), so the search works on integers. Expanding a state records
//! its options in an explicit graph that later passes (fixed strategies, paths) replay.

use crate::engine::abstraction::{Abstract, Abstraction, Cuts, Slot};
use crate::engine::compiled::{Compiled, Kind, Slice, Values};

/// How one slot goes into a state's key: the item, and either its cuts (the key holds the
/// class, one byte) or none (exact: the key holds the value, eight bytes). The first two
/// cuts are kept inline, as most items have one or two.
#[derive(Debug, Clone, Copy)]
struct Code {
    item: u32,
    /// Number of cuts; 0 means exact.
    len: u32,
    /// Where the cuts are in `Layout::cuts` when there are more than two.
    start: u32,
    first: i64,
    second: i64,
}

impl Code {
    /// Bytes the slot takes in a key.
    fn bytes(&self) -> u32 {
        if self.len == 0 { 8 } else { 1 }
    }

    /// The class of value `v`: how many cuts lie at or below it (at most `MAX_CUTS`).
    #[inline]
    fn class(&self, v: i64, cuts: &[i64]) -> u8 {
        match self.len {
            1 => u8::from(v >= self.first),
            2 => u8::from(v >= self.first) + u8::from(v >= self.second),
            n => cuts[self.start as usize..(self.start + n) as usize].partition_point(|&c| c <= v) as u8,
        }
    }

    /// The canonical value of a class: class 0 lies below the first cut (always above
    /// `i64::MIN`); class `k` starts at cut `k - 1`.
    #[inline]
    fn value(&self, class: u8, cuts: &[i64]) -> i64 {
        match class {
            0 => self.first - 1,
            1 => self.first,
            2 if self.len == 2 => self.second,
            k => cuts[(self.start + u32::from(k) - 1) as usize],
        }
    }
}

/// How states' keys are laid out, node by node.
struct Layout {
    /// Per node: its slots' range in `codes`.
    nodes: Vec<(u32, u32)>,
    codes: Vec<Code>,
    /// Cuts of slots with more than two.
    cuts: Vec<i64>,
}

impl Layout {
    fn new(per_node: &[Vec<Slot>]) -> Self {
        let mut l = Layout {
            nodes: Vec::with_capacity(per_node.len()),
            codes: Vec::new(),
            cuts: Vec::new(),
        };
        for slots in per_node {
            let first = l.codes.len() as u32;
            for (item, cuts) in slots {
                let cs = match cuts {
                    Cuts::Exact => &[][..],
                    Cuts::At(cs) => &cs[..],
                };
                l.codes.push(Code {
                    item: *item,
                    len: cs.len() as u32,
                    start: l.cuts.len() as u32,
                    first: cs.first().copied().unwrap_or(0),
                    second: cs.get(1).copied().unwrap_or(0),
                });
                if cs.len() > 2 {
                    l.cuts.extend_from_slice(cs);
                }
            }
            l.nodes.push((first, l.codes.len() as u32 - first));
        }
        l
    }

    /// Whether two slots code values alike (same item, same cuts).
    fn same(&self, a: &Code, b: &Code) -> bool {
        let cuts =
            |c: &Code| &self.cuts[c.start as usize..(c.start + if c.len > 2 { c.len } else { 0 }) as usize];
        a.item == b.item && a.len == b.len && a.first == b.first && a.second == b.second && cuts(a) == cuts(b)
    }

    fn codes(&self, n: u32) -> &[Code] {
        let (first, len) = self.nodes[n as usize];
        &self.codes[first as usize..(first + len) as usize]
    }

    /// Appends the key of node `n`'s state with item values `vals`.
    #[inline]
    fn encode(&self, n: u32, vals: &[i64], key: &mut Vec<u8>) {
        for code in self.codes(n) {
            self.put(code, vals, key);
        }
    }

    /// Appends one slot's part of a key: its class, or its value when kept exactly.
    #[inline]
    fn put(&self, code: &Code, vals: &[i64], key: &mut Vec<u8>) {
        let v = vals[code.item as usize];
        if code.len == 0 {
            key.extend_from_slice(&v.to_le_bytes());
        } else {
            key.push(code.class(v, &self.cuts));
        }
    }

    /// Appends the key built by `ops` from the values and the key of the state left.
    #[inline]
    fn transfer(&self, ops: &[Op], vals: &[i64], from: &[u8], key: &mut Vec<u8>) {
        for op in ops {
            match *op {
                // Byte by byte: most copies are a few bytes, cheaper than a call to `memcpy`.
                Op::Copy { from: f, len } => key.extend(from[f as usize..(f + len) as usize].iter().copied()),
                Op::Encode(j) => self.put(&self.codes[j as usize], vals, key),
            }
        }
    }

    /// Writes the canonical item values of node `n`'s state with `key` into `vals`.
    #[inline]
    fn decode(&self, n: u32, key: &[u8], vals: &mut [i64]) {
        let mut at = 0;
        for code in self.codes(n) {
            vals[code.item as usize] = if code.len == 0 {
                at += 8;
                i64::from_le_bytes(key[at - 8..at].try_into().expect("eight bytes"))
            } else {
                at += 1;
                code.value(key[at - 1], &self.cuts)
            };
        }
    }
}

/// One step in building a state's key on a transition.
#[derive(Debug, Clone, Copy)]
enum Op {
    /// Bytes copied from the key of the state the transition leaves: slots the transition
    /// cannot change, coded alike at both nodes.
    Copy { from: u32, len: u32 },
    /// A slot encoded afresh from the values (`Layout::codes` index).
    Encode(u32),
}

/// For every transition (per arm, and per goto node), how the next state's key is built.
struct Transfers {
    ops: Vec<Op>,
    arm: Vec<Slice>,
    goto: Vec<Slice>,
}

impl Transfers {
    fn new(c: &Compiled, ab: &Abstract, layout: &Layout) -> Self {
        let mut t = Transfers {
            ops: Vec::new(),
            arm: vec![Slice::default(); c.arms.len()],
            goto: vec![Slice::default(); c.nodes.len()],
        };
        let base = ab.items as u32;
        for (n, node) in c.nodes.iter().enumerate() {
            // Where each slot of this node sits in its key.
            let mut at = 0u32;
            let here: Vec<(Code, u32)> = layout
                .codes(n as u32)
                .iter()
                .map(|code| {
                    at += code.bytes();
                    (*code, at - code.bytes())
                })
                .collect();
            let arms = node.arms.range().map(|a| (Some(a), c.arms[a].next));
            let goto = match node.kind {
                Kind::Goto(next) => Some((None, next)),
                _ => None,
            };
            for (arm, next) in arms.chain(goto) {
                let Some(m) = next else { continue };
                let target = &c.nodes[m as usize];
                let mut changed: Vec<u32> = c.fx[target.fx.range()].iter().map(|e| e.item()).collect();
                changed.extend(target.visit);
                let plan = match arm {
                    Some(a) => {
                        let arm = &c.arms[a];
                        changed.extend(c.fx[arm.fx.range()].iter().map(|e| e.item()));
                        changed.extend(arm.chosen);
                        &ab.arm_plan[a]
                    }
                    None => &ab.goto_plan[n],
                };
                changed.extend(plan.iter().map(|&(f, _)| base + f));
                let start = t.ops.len() as u32;
                let (first, _) = layout.nodes[m as usize];
                for (j, code) in layout.codes(m).iter().enumerate() {
                    let same = here
                        .iter()
                        .find(|(h, _)| h.item == code.item)
                        .filter(|(h, _)| !changed.contains(&code.item) && layout.same(h, code));
                    let op = match same {
                        Some(&(h, from)) => Op::Copy { from, len: h.bytes() },
                        None => Op::Encode(first + j as u32),
                    };
                    // Adjacent copies become one.
                    let mine = t.ops.len() as u32 > start;
                    match (t.ops.last_mut(), op) {
                        (Some(Op::Copy { from, len }), Op::Copy { from: f, len: l })
                            if mine && *from + *len == f =>
                        {
                            *len += l;
                        }
                        _ => t.ops.push(op),
                    }
                }
                let slice = Slice {
                    start,
                    len: t.ops.len() as u32 - start,
                };
                match arm {
                    Some(a) => t.arm[a] = slice,
                    None => t.goto[n] = slice,
                }
            }
        }
        t
    }
}

/// An option out of a state: the child state and the arm taken (`GOTO` for a goto).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edge {
    pub child: u32,
    pub arm: u32,
}

/// `Edge::arm` of a goto.
pub(crate) const GOTO: u32 = u32::MAX;

/// An empty slot of the hash table.
const EMPTY: u64 = u64::MAX;

/// The interned states: node and key of each, and a hash table to find them.
pub(crate) struct States {
    pub node: Vec<u32>,
    key_start: Vec<u32>,
    keys: Vec<u8>,
    /// Open addressing, linear probing; each entry is the key's hash (high half) and the
    /// state's id (low half), so most mismatches are rejected without touching the key.
    table: Vec<u64>,
}

fn hash(node: u32, key: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = u64::from(node).wrapping_mul(K);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        h = (h.rotate_left(26) ^ v).wrapping_mul(K);
    }
    let tail = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |t, &b| t << 8 | u64::from(b));
    h = (h.rotate_left(26) ^ tail).wrapping_mul(K);
    h ^ (h >> 29)
}

impl States {
    fn new() -> Self {
        States {
            node: Vec::new(),
            key_start: vec![0],
            keys: Vec::new(),
            table: vec![EMPTY; 1024],
        }
    }

    pub fn key(&self, s: u32) -> &[u8] {
        let s = s as usize;
        &self.keys[self.key_start[s] as usize..self.key_start[s + 1] as usize]
    }

    /// The id of state `(node, key)`, added if new.
    fn intern(&mut self, node: u32, key: &[u8]) -> u32 {
        let h = hash(node, key);
        let tag = h & !u64::from(u32::MAX);
        let mask = self.table.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            let e = self.table[i];
            if e == EMPTY {
                break;
            }
            let s = e as u32;
            if e & !u64::from(u32::MAX) == tag && self.node[s as usize] == node && self.key(s) == key {
                return s;
            }
            i = (i + 1) & mask;
        }
        let id = self.node.len() as u32;
        self.node.push(node);
        self.keys.extend_from_slice(key);
        self.key_start.push(self.keys.len() as u32);
        self.table[i] = tag | u64::from(id);
        if self.node.len() * 2 > self.table.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let mut table = vec![EMPTY; self.table.len() * 2];
        let mask = table.len() - 1;
        for s in 0..self.node.len() as u32 {
            let h = hash(self.node[s as usize], self.key(s));
            let mut i = (h as usize) & mask;
            while table[i] != EMPTY {
                i = (i + 1) & mask;
            }
            table[i] = (h & !u64::from(u32::MAX)) | u64::from(s);
        }
        self.table = table;
    }
}

/// The explicit graph the search builds: each expanded state's options and, for decisions,
/// the arms offered (for replaying fixed strategies).
#[derive(Default)]
pub(crate) struct Graph {
    /// Per state: the range of its options in `edges` (empty until expanded).
    pub options: Vec<(u32, u32)>,
    pub edges: Vec<Edge>,
    /// Per state: the range of its offered choices in `offered_arms`.
    pub offered: Vec<(u32, u32)>,
    pub offered_arms: Vec<u32>,
}

impl Graph {
    pub fn edges(&self, s: u32) -> &[Edge] {
        let (start, len) = self.options.get(s as usize).copied().unwrap_or_default();
        &self.edges[start as usize..(start + len) as usize]
    }
    pub fn offered(&self, s: u32) -> &[u32] {
        let (start, len) = self.offered.get(s as usize).copied().unwrap_or_default();
        &self.offered_arms[start as usize..(start + len) as usize]
    }
    /// Records that state `s`'s options (and offered choices) are the ones pushed since
    /// `first_edge` (and `first_offered`).
    pub fn record(&mut self, s: u32, first_edge: usize, first_offered: usize) {
        let s = s as usize;
        if self.options.len() <= s {
            self.options.resize(s + 1, (0, 0));
            self.offered.resize(s + 1, (0, 0));
        }
        self.options[s] = (first_edge as u32, (self.edges.len() - first_edge) as u32);
        self.offered[s] = (
            first_offered as u32,
            (self.offered_arms.len() - first_offered) as u32,
        );
    }
}

/// What expanding a state found.
pub(crate) enum Expansion {
    /// An ending (its index, if the ending exists).
    End(Option<u32>),
    /// Options were recorded (possibly none: the state is stuck).
    Options,
}

/// The state space of a compiled scenario, explored on demand.
pub(crate) struct Space<'c> {
    pub c: &'c Compiled,
    ab: Abstract,
    layout: Layout,
    transfers: Transfers,
    pub states: States,
    pub graph: Graph,
    /// Item values then formula bits of the state being expanded; outside its slots (and
    /// between expansions) as in `baseline`.
    vals: Vec<i64>,
    /// Every item at its initial value, every formula 0. An item a node does not keep is
    /// either dead there (any value will do) or never changed on the way (the initial value).
    baseline: Vec<i64>,
    /// `(index, old value)` for undoing a transition.
    undo: Vec<(u32, i64)>,
    key: Vec<u8>,
}

/// The search's values with every write recorded as `(item, old value)`, so a transition can
/// be undone.
struct Undoable<'a> {
    vals: &'a mut Vec<i64>,
    undo: &'a mut Vec<(u32, i64)>,
}

impl Values for Undoable<'_> {
    #[inline]
    fn get(&self, item: u32) -> i64 {
        self.vals[item as usize]
    }
    #[inline]
    fn set(&mut self, item: u32, value: i64) {
        self.undo.push((item, self.vals[item as usize]));
        self.vals[item as usize] = value;
    }
}

/// Which formulas entering a node computes, and how.
enum Plan {
    /// From the items themselves (the start, where every item is at hand).
    Full,
    /// From a transition's plan: `(formula, tree)` pairs (see `Abstract::arm_plan`).
    Arm(u32),
    Goto(u32),
}

impl<'c> Space<'c> {
    pub fn new(c: &'c Compiled, abstraction: Abstraction) -> Self {
        let ab = Abstract::new(c, abstraction);
        let layout = Layout::new(&ab.slots);
        let transfers = Transfers::new(c, &ab, &layout);
        let mut baseline = c.initial.clone();
        baseline.resize(ab.items + ab.formulas(), 0);
        Space {
            c,
            ab,
            layout,
            transfers,
            states: States::new(),
            graph: Graph::default(),
            vals: baseline.clone(),
            baseline,
            undo: Vec::new(),
            key: Vec::new(),
        }
    }

    /// The start state, if the start node exists.
    pub fn start(&mut self) -> Option<u32> {
        let start = self.c.start?;
        let s = self.enter(start, Plan::Full, None);
        while let Some((i, v)) = self.undo.pop() {
            self.vals[i as usize] = v;
        }
        Some(s)
    }

    #[inline]
    fn set(&mut self, i: u32, v: i64) {
        self.undoable().set(i, v);
    }

    /// The values, every write recorded for undoing.
    fn undoable(&mut self) -> Undoable<'_> {
        Undoable {
            vals: &mut self.vals,
            undo: &mut self.undo,
        }
    }

    /// Enters node `n` from the current values: visit, effects, the formulas `plan` says,
    /// then the key (from state `from`'s key where the transition leaves slots alone).
    /// Leaves the values changed (see `undo`).
    fn enter(&mut self, mut n: u32, mut plan: Plan, mut from: Option<u32>) -> u32 {
        let c = self.c;
        loop {
            let node = &c.nodes[n as usize];
            c.enter(n as usize, &mut self.undoable());
            let base = self.ab.items as u32;
            let mut k = 0;
            while let Some((f, v)) = self.formula_step(n, &plan, k) {
                self.set(base + f, i64::from(v));
                k += 1;
            }
            // On an acyclic graph a goto is passed straight through: its state would have one
            // option, scoring nothing, so the search loses nothing by not keeping it.
            match node.kind {
                Kind::Goto(Some(t)) if self.ab.acyclic => {
                    plan = Plan::Goto(n);
                    from = None;
                    n = t;
                }
                _ => break,
            }
        }
        self.key.clear();
        let ops = match plan {
            Plan::Full => None,
            Plan::Arm(a) => Some(self.transfers.arm[a as usize]),
            Plan::Goto(g) => Some(self.transfers.goto[g as usize]),
        };
        match (ops, from) {
            (Some(ops), Some(from)) => self.layout.transfer(
                &self.transfers.ops[ops.range()],
                &self.vals,
                self.states.key(from),
                &mut self.key,
            ),
            _ => self.layout.encode(n, &self.vals, &mut self.key),
        }
        self.states.intern(n, &self.key)
    }

    /// The `k`th formula entering node `n` computes under `plan`, with its value.
    fn formula_step(&self, n: u32, plan: &Plan, k: usize) -> Option<(u32, bool)> {
        let (c, ab) = (self.c, &self.ab);
        let (f, l) = match *plan {
            Plan::Full => {
                // Every formula the node keeps (they follow its items).
                let base = ab.items as u32;
                let slots = &ab.slots[n as usize];
                let first = slots.partition_point(|s| s.0 < base);
                let f = slots.get(first + k)?.0 - base;
                return Some((f, ab.formula(c, f, &self.vals)));
            }
            Plan::Arm(a) => *ab.arm_plan[a as usize].get(k)?,
            Plan::Goto(g) => *ab.goto_plan[g as usize].get(k)?,
        };
        Some((f, ab.holds(l, &self.vals)))
    }

    /// The state reached from the state being expanded (at node `from`) by taking arm `a`
    /// (or its goto, `GOTO`) to node `next`.
    fn transition(&mut self, state: u32, from: u32, a: u32, next: u32) -> u32 {
        let c = self.c;
        let plan = if a == GOTO {
            Plan::Goto(from)
        } else {
            c.take(a as usize, &mut self.undoable());
            Plan::Arm(a)
        };
        let s = self.enter(next, plan, Some(state));
        while let Some((i, v)) = self.undo.pop() {
            self.vals[i as usize] = v;
        }
        s
    }

    /// Whether arm `a` is open in the state being expanded.
    #[inline]
    fn allows(&self, a: usize) -> bool {
        match self.ab.arm_when[a] {
            Some(l) => self.ab.holds(l, &self.vals),
            None => self.c.allows(&self.c.arms[a], &self.vals),
        }
    }

    /// Expands state `s`: records its options (and offered choices) in the graph.
    pub fn expand(&mut self, s: u32) -> Expansion {
        let c = self.c;
        let n = self.states.node[s as usize];
        let node = &c.nodes[n as usize];
        if let Kind::End(e) = node.kind {
            return Expansion::End(e);
        }
        self.layout.decode(n, self.states.key(s), &mut self.vals);
        let first_edge = self.graph.edges.len();
        let first_offered = self.graph.offered_arms.len();
        match node.kind {
            Kind::Goto(Some(t)) => {
                let child = self.transition(s, n, GOTO, t);
                self.graph.edges.push(Edge { child, arm: GOTO });
            }
            Kind::Random => {
                for a in node.arms.range() {
                    if c.arms[a].weight > 0
                        && self.allows(a)
                        && let Some(next) = c.arms[a].next
                    {
                        let child = self.transition(s, n, a as u32, next);
                        self.graph.edges.push(Edge { child, arm: a as u32 });
                    }
                }
            }
            Kind::Choices => {
                for a in node.arms.range() {
                    if !c.arms[a].timeout_only && self.allows(a) {
                        self.graph.offered_arms.push(a as u32);
                    }
                }
                // The options: every offered choice, then letting the timer run out.
                let offered = self.graph.offered_arms.len() - first_offered;
                let timeout = node
                    .timeout
                    .filter(|t| !self.graph.offered_arms[first_offered..].contains(t));
                for k in 0..=offered {
                    let a = match (k < offered, timeout) {
                        (true, _) => self.graph.offered_arms[first_offered + k],
                        (false, Some(t)) => t,
                        (false, None) => break,
                    };
                    if let Some(next) = c.arms[a as usize].next {
                        let child = self.transition(s, n, a, next);
                        self.graph.edges.push(Edge { child, arm: a });
                    }
                }
            }
            Kind::Goto(None) | Kind::End(_) => {}
        }
        for code in self.layout.codes(n) {
            self.vals[code.item as usize] = self.baseline[code.item as usize];
        }
        self.graph.record(s, first_edge, first_offered);
        Expansion::Options
    }
}
