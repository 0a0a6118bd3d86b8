//! The scenario as a state space for exhaustive search (`analyze`).
//!
//! A state is a node and what the run must still remember there, as `abstraction` decides:
//! item values reduced to their class between cuts (or kept exactly), and formula bits. The
//! key of a state packs one byte per class and eight per exact value; states are interned to
//! dense `u32` ids (each key stored once, in a flat arena, and found again through a hash
//! table of ids), so the search works on integers. Expanding a state records
//! its options in an explicit graph that later passes (fixed strategies, paths) replay.

use crate::engine::abstraction::{Abstract, Abstraction};
use crate::engine::compiled::{Compiled, Kind, Values};
use foldhash::fast::FixedState;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use std::hash::{BuildHasher, Hasher};

mod keys;
use keys::{Layout, Transfers};

/// An option out of a state: the child state and the arm taken (`GOTO` for a goto).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edge {
    pub child: u32,
    pub arm: u32,
}

/// `Edge::arm` of a goto.
pub(crate) const GOTO: u32 = u32::MAX;

/// The interned states: node and key of each, and a hash table to find them.
pub(crate) struct States {
    pub node: Vec<u32>,
    key_start: Vec<u32>,
    keys: Vec<u8>,
    /// State ids, found by the hash of their node and key (hashbrown's table, foldhash).
    table: HashTable<u32>,
}

fn hash(node: u32, key: &[u8]) -> u64 {
    let mut h = FixedState::default().build_hasher();
    h.write_u32(node);
    h.write(key);
    h.finish()
}

/// The key of state `s` in the arena.
fn key_of<'k>(key_start: &[u32], keys: &'k [u8], s: u32) -> &'k [u8] {
    let s = s as usize;
    &keys[key_start[s] as usize..key_start[s + 1] as usize]
}

impl States {
    fn new() -> Self {
        States {
            node: Vec::new(),
            key_start: vec![0],
            keys: Vec::new(),
            table: HashTable::with_capacity(1024),
        }
    }

    pub fn key(&self, s: u32) -> &[u8] {
        key_of(&self.key_start, &self.keys, s)
    }

    /// The id of state `(node, key)`, added if new.
    fn intern(&mut self, node: u32, key: &[u8]) -> u32 {
        let States {
            node: nodes,
            key_start,
            keys,
            table,
        } = self;
        let entry = table.entry(
            hash(node, key),
            |&s| nodes[s as usize] == node && key_of(key_start, keys, s) == key,
            |&s| hash(nodes[s as usize], key_of(key_start, keys, s)),
        );
        match entry {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let id = u32::try_from(nodes.len()).expect("fewer than 2^32 states");
                e.insert(id);
                nodes.push(node);
                keys.extend_from_slice(key);
                key_start.push(u32::try_from(keys.len()).expect("keys under 4 GiB"));
                id
            }
        }
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

    /// The state at node `n` (already entered) whose items have the values `items`, as play
    /// would have reached it: a run's position, to search from.
    pub fn at(&mut self, n: u32, items: &[i64]) -> u32 {
        self.vals[..items.len()].copy_from_slice(items);
        let base = self.ab.items as u32;
        let mut k = 0;
        while let Some((f, v)) = self.formula_step(n, &Plan::Full, k) {
            self.vals[(base + f) as usize] = i64::from(v);
            k += 1;
        }
        self.key.clear();
        self.layout.encode(n, &self.vals, &mut self.key);
        let s = self.states.intern(n, &self.key);
        self.vals.copy_from_slice(&self.baseline);
        s
    }

    /// Whether the node graph has no cycle (then a state's value is the same whichever
    /// search reached it).
    pub fn acyclic(&self) -> bool {
        self.ab.acyclic
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
