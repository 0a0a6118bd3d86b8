//! Which states the exhaustive search (`analyze`, through `space`) must tell apart.
//!
//! A state is a node and what the run still needs to remember there. That is decided per
//! node, backwards over the node graph, as *requirements*:
//!
//! - **Cuts on an item.** A cut `c` separates values below `c` from values at or above it.
//!   The cuts at a node are those of the tests at the node, plus those of every successor
//!   carried back through the effects in between (an `Add` of `d` moves a cut `c` to `c - d`;
//!   a `Set`, a visit or a choice taken removes it; clamping and saturation drop cuts every
//!   value falls on the same side of). Two values between the same cuts make the same tests
//!   hold on every path from here on, so a value is replaced by a canonical one in its
//!   interval, and an item with no cuts is dead and dropped. This is liveness analysis
//!   refined to intervals. An item with more than [`MAX_CUTS`] cuts is kept exactly.
//! - **Formulas over frozen items.** An item is *frozen* at a node when no effect changes it
//!   any more before it is read. A condition over frozen items only (or, in an `All`/`Any`,
//!   the group of its children over frozen items) will have the same truth value whenever it
//!   is tested, so the state keeps that one bit, a *formula*, instead of the items: flags set
//!   early and tested together at the end cost one bit rather than one each.
//!
//! Conditions are evaluated in the form the node's requirements allow (`Local` trees: tests
//! on items, formula bits, and `Not`/`All`/`Any`), and when a transition reaches a node that
//! keeps a formula the state it came from did not, the formula is computed from what that
//! state had (a `Plan`). The futures of merged states are identical, so every result of the
//! search is what it would be without merging.
//!
//! When the node graph has a cycle the search skips children already on its path, and then
//! what a state's value is can depend on which states are told apart; so on cyclic graphs the
//! abstraction is plain liveness (every value of every item a later condition reads), which
//! is also the reference the tests compare against.

use crate::engine::compiled::{CCond, CFx, Compiled, ItemKind, Kind, Slice};
use crate::engine::model::Cmp;
use std::collections::HashMap;

/// More cuts than this on one item at one node and its values are kept exactly.
pub(crate) const MAX_CUTS: usize = 64;

/// Which states the search tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abstraction {
    /// Cuts and formulas on an acyclic graph, liveness on a cyclic one (what `analyze` uses).
    Cuts,
    /// Liveness alone: every value of every live item (the reference for tests).
    #[cfg(test)]
    Liveness,
}

/// How an item's values are told apart at a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cuts {
    /// Every value is its own class.
    Exact,
    /// Sorted, distinct, non-empty: the classes are the intervals between them.
    At(Vec<i64>),
}

impl Cuts {
    fn union(&mut self, other: &Cuts) {
        match (&mut *self, other) {
            (Cuts::Exact, _) => {}
            (_, Cuts::Exact) => *self = Cuts::Exact,
            (Cuts::At(mine), Cuts::At(theirs)) => {
                mine.extend_from_slice(theirs);
                mine.sort_unstable();
                mine.dedup();
                if mine.len() > MAX_CUTS {
                    *self = Cuts::Exact;
                }
            }
        }
    }
}

/// A value the key of a state holds: an item's class (or exact value), by index into the
/// values vector (items first, then one entry per formula).
pub(crate) type Slot = (u32, Cuts);

/// A condition evaluated in a node's terms, as a node in `Abstract::locals`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Local {
    /// A test on an item: `CCond::Cmp` or `CCond::NonZero`.
    Test(CCond),
    /// A formula's bit.
    Bit(u32),
    Const(bool),
    Not(u32),
    /// Children are `Abstract::local_kids[slice]`.
    All(Slice),
    Any(Slice),
}

/// A formula: one condition (`kids.len() == 1`) or the `All`/`Any` of several, by condition
/// index, over items that are frozen wherever the formula is kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Formula {
    all: bool,
    kids: Vec<u32>,
}

/// The abstraction of a compiled scenario: what each node keeps and how to evaluate and
/// carry it.
pub(crate) struct Abstract {
    /// The node graph has no cycle.
    pub acyclic: bool,
    /// Items in the values vector; formula `f`'s bit is at `items + f`.
    pub items: usize,
    /// Per node: the slots its states keep, items first (sorted), then formulas.
    pub slots: Vec<Vec<Slot>>,
    /// Per arm: its condition in its node's terms (`None`: evaluate `CArm::when` directly).
    pub arm_when: Vec<Option<u32>>,
    /// Per arm: formulas of the next node to compute on taking it, each with its tree in the
    /// terms of the arm's node (evaluated after the transition's effects).
    pub arm_plan: Vec<Vec<(u32, u32)>>,
    /// The same for a goto node's transition.
    pub goto_plan: Vec<Vec<(u32, u32)>>,
    pub locals: Vec<Local>,
    pub local_kids: Vec<u32>,
    formulas: Vec<Formula>,
}

impl Abstract {
    pub fn new(c: &Compiled, abstraction: Abstraction) -> Self {
        let succ = successors(c);
        let order = topological(&succ);
        let mut ab = Abstract {
            acyclic: order.is_some(),
            items: c.kinds.len(),
            slots: Vec::new(),
            arm_when: vec![None; c.arms.len()],
            arm_plan: vec![Vec::new(); c.arms.len()],
            goto_plan: vec![Vec::new(); c.nodes.len()],
            locals: Vec::new(),
            local_kids: Vec::new(),
            formulas: Vec::new(),
        };
        match (abstraction, order) {
            (Abstraction::Cuts, Some(order)) => Builder::new(c).run(&mut ab, &order),
            _ => ab.slots = live_slots(c, &succ),
        }
        ab
    }

    /// Number of formulas (their bits follow the items in the values vector).
    pub fn formulas(&self) -> usize {
        self.formulas.len()
    }

    /// Whether local condition `l` holds for `vals` (items, then formula bits).
    pub fn holds(&self, l: u32, vals: &[i64]) -> bool {
        match self.locals[l as usize] {
            Local::Test(CCond::Cmp(i, cmp, n)) => cmp.holds(vals[i as usize], n),
            Local::Test(CCond::NonZero(i)) => vals[i as usize] != 0,
            Local::Test(_) => unreachable!("tests are comparisons"),
            Local::Bit(f) => vals[self.items + f as usize] != 0,
            Local::Const(b) => b,
            Local::Not(k) => !self.holds(k, vals),
            Local::All(kids) => self.local_kids[kids.range()].iter().all(|&k| self.holds(k, vals)),
            Local::Any(kids) => self.local_kids[kids.range()].iter().any(|&k| self.holds(k, vals)),
        }
    }

    /// Formula `f`'s value from the items themselves (where every item is at hand).
    pub fn formula(&self, c: &Compiled, f: u32, vals: &[i64]) -> bool {
        let formula = &self.formulas[f as usize];
        if formula.all {
            formula.kids.iter().all(|&k| c.holds(k, vals))
        } else {
            formula.kids.iter().any(|&k| c.holds(k, vals))
        }
    }
}

/// Whether a cut separates any two values an item of this kind can take.
fn separates(kind: ItemKind, c: i64) -> bool {
    match kind {
        ItemKind::Var => c > i64::MIN,
        ItemKind::Trust => (1..=100).contains(&c),
        ItemKind::Seen => c == 1,
    }
}

/// The cuts a test on one item needs.
fn test_cuts(c: &Compiled, test: CCond, out: &mut Vec<Slot>) {
    let (item, cuts): (u32, [Option<i64>; 2]) = match test {
        CCond::NonZero(i) => (i, [Some(0), Some(1)]),
        CCond::Cmp(i, cmp, n) => match cmp {
            Cmp::Lt | Cmp::Ge => (i, [Some(n), None]),
            Cmp::Le | Cmp::Gt => (i, [n.checked_add(1), None]),
            Cmp::Eq | Cmp::Ne => (i, [Some(n), n.checked_add(1)]),
        },
        _ => return,
    };
    let kind = c.kinds[item as usize];
    let cs: Vec<i64> = cuts
        .into_iter()
        .flatten()
        .filter(|&x| separates(kind, x))
        .collect();
    if !cs.is_empty() {
        add(out, item, Cuts::At(cs));
    }
}

/// Adds `(item, cuts)` to a slot list sorted by item.
fn add(slots: &mut Vec<Slot>, item: u32, cuts: Cuts) {
    match slots.binary_search_by_key(&item, |s| s.0) {
        Ok(i) => slots[i].1.union(&cuts),
        Err(i) => slots.insert(i, (item, cuts)),
    }
}

/// The cuts on `item` before a run of effects, given those after it (`None`: none needed).
fn preimage(c: &Compiled, fx: &[CFx], item: u32, mut cuts: Cuts) -> Option<Cuts> {
    let kind = c.kinds[item as usize];
    for e in fx.iter().rev().filter(|e| e.item() == item) {
        let d = match *e {
            CFx::Set(..) => return None,
            CFx::Add(_, d) | CFx::Trust(_, d) => d,
        };
        if let Cuts::At(cs) = &mut cuts {
            // {v : clamp(v + d) >= c} = {v >= c - d} over the item's values.
            cs.retain_mut(|x| match x.checked_sub(d) {
                Some(y) if separates(kind, y) => {
                    *x = y;
                    true
                }
                _ => false,
            });
            if cs.is_empty() {
                return None;
            }
        }
    }
    Some(cuts)
}

/// Every node's successors (arms' targets and gotos), as indices.
fn successors(c: &Compiled) -> Vec<Vec<u32>> {
    c.nodes
        .iter()
        .map(|n| {
            let mut out: Vec<u32> = c.arms[n.arms.range()].iter().filter_map(|a| a.next).collect();
            if let Kind::Goto(Some(t)) = n.kind {
                out.push(t);
            }
            out
        })
        .collect()
}

/// Nodes in an order where every node comes before its successors, or `None` on a cycle.
fn topological(succ: &[Vec<u32>]) -> Option<Vec<u32>> {
    let mut indegree = vec![0usize; succ.len()];
    for ss in succ {
        for &j in ss {
            indegree[j as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..succ.len() as u32)
        .filter(|&i| indegree[i as usize] == 0)
        .collect();
    let mut k = 0;
    while k < order.len() {
        let i = order[k] as usize;
        k += 1;
        for &j in &succ[i] {
            indegree[j as usize] -= 1;
            if indegree[j as usize] == 0 {
                order.push(j);
            }
        }
    }
    (order.len() == succ.len()).then_some(order)
}

/// Liveness: an item is live at a node if a condition there or at any node after it reads it.
fn live_slots(c: &Compiled, succ: &[Vec<u32>]) -> Vec<Vec<Slot>> {
    let n = c.nodes.len();
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ss) in succ.iter().enumerate() {
        for &j in ss {
            pred[j as usize].push(i);
        }
    }
    let mut live: Vec<Vec<u32>> = c.reads.clone();
    let mut work: Vec<usize> = (0..n).collect();
    let mut queued = vec![true; n];
    while let Some(j) = work.pop() {
        queued[j] = false;
        for &i in &pred[j] {
            let before = live[i].len();
            let mut merged = live[i].clone();
            merged.extend_from_slice(&live[j]);
            merged.sort_unstable();
            merged.dedup();
            if merged.len() != before {
                live[i] = merged;
                if !queued[i] {
                    queued[i] = true;
                    work.push(i);
                }
            }
        }
    }
    live.into_iter()
        .map(|items| items.into_iter().map(|i| (i, Cuts::Exact)).collect())
        .collect()
}

/// More items than this changed later before being read, and every item counts as changed
/// (nothing frozen): a bound on the work per node in very long scenarios.
const MAX_CHANGED: usize = 256;

/// What a node's states must keep: cuts on items, formulas, and which items are changed
/// later before being read (all others are frozen).
#[derive(Debug, Clone, Default)]
struct Needs {
    /// Sorted by item.
    items: Vec<Slot>,
    /// Sorted, distinct.
    formulas: Vec<u32>,
    /// Sorted, distinct; `None`: too many to list, take every item as changed.
    changed: Option<Vec<u32>>,
}

/// The backward pass that builds an `Abstract` on an acyclic graph.
struct Builder<'c> {
    c: &'c Compiled,
    /// Items each condition reads (sorted, distinct), by condition index.
    reads: Vec<Vec<u32>>,
    index: HashMap<Formula, u32>,
    /// Items each formula reads.
    formula_reads: Vec<Vec<u32>>,
    /// Each node's place in the topological order.
    rank: Vec<u32>,
    /// Per item: the earliest place in the order where it can have been changed.
    first_change: Vec<u32>,
}

impl<'c> Builder<'c> {
    fn new(c: &'c Compiled) -> Self {
        let mut tests = Vec::new();
        let reads = (0..c.conds.len() as u32)
            .map(|k| {
                tests.clear();
                c.atoms(k, &mut tests);
                let mut items: Vec<u32> = tests
                    .iter()
                    .filter_map(|t| match *t {
                        CCond::Cmp(i, ..) | CCond::NonZero(i) => Some(i),
                        _ => None,
                    })
                    .collect();
                items.sort_unstable();
                items.dedup();
                items
            })
            .collect();
        Builder {
            c,
            reads,
            index: HashMap::new(),
            formula_reads: Vec::new(),
            rank: Vec::new(),
            first_change: Vec::new(),
        }
    }

    fn intern(&mut self, ab: &mut Abstract, formula: Formula) -> u32 {
        if let Some(&f) = self.index.get(&formula) {
            return f;
        }
        let mut reads: Vec<u32> = formula
            .kids
            .iter()
            .flat_map(|&k| self.reads[k as usize].iter().copied())
            .collect();
        reads.sort_unstable();
        reads.dedup();
        let f = ab.formulas.len() as u32;
        ab.formulas.push(formula.clone());
        self.index.insert(formula, f);
        self.formula_reads.push(reads);
        f
    }

    fn local(ab: &mut Abstract, l: Local) -> u32 {
        ab.locals.push(l);
        ab.locals.len() as u32 - 1
    }

    fn list(ab: &mut Abstract, all: bool, parts: Vec<u32>) -> u32 {
        let kids = Slice {
            start: ab.local_kids.len() as u32,
            len: parts.len() as u32,
        };
        ab.local_kids.extend(parts);
        Self::local(ab, if all { Local::All(kids) } else { Local::Any(kids) })
    }

    /// Condition `k` in the terms of a node where `frozen` says which items are frozen:
    /// parts over two or more frozen items only become formula bits (an `All`'s or `Any`'s
    /// frozen children together, as one formula). A part over one item stays a test: the cuts
    /// of all the tests on an item already tell apart exactly what their bits would.
    fn decompose(&mut self, ab: &mut Abstract, k: u32, frozen: &impl Fn(u32) -> bool) -> u32 {
        match self.c.conds[k as usize] {
            CCond::Const(b) => Self::local(ab, Local::Const(b)),
            _ if self.reads[k as usize].len() >= 2 && self.reads[k as usize].iter().all(|&i| frozen(i)) => {
                let f = self.intern(
                    ab,
                    Formula {
                        all: true,
                        kids: vec![k],
                    },
                );
                Self::local(ab, Local::Bit(f))
            }
            test @ (CCond::Cmp(..) | CCond::NonZero(_)) => Self::local(ab, Local::Test(test)),
            CCond::Not(x) => {
                let x = self.decompose(ab, x, frozen);
                Self::local(ab, Local::Not(x))
            }
            CCond::All(kids) | CCond::Any(kids) => {
                let all = matches!(self.c.conds[k as usize], CCond::All(_));
                let kids = self.c.cond_kids[kids.range()].to_vec();
                self.group(ab, all, &kids, frozen)
            }
        }
    }

    /// An `All` (or `Any`) of conditions `kids`, its frozen children grouped into one formula
    /// when together they read two or more items.
    fn group(&mut self, ab: &mut Abstract, all: bool, kids: &[u32], frozen: &impl Fn(u32) -> bool) -> u32 {
        let (mut still, mut moving): (Vec<u32>, Vec<u32>) = kids
            .iter()
            .partition(|&&k| self.reads[k as usize].iter().all(|&i| frozen(i)));
        let mut reads: Vec<u32> = still
            .iter()
            .flat_map(|&k| self.reads[k as usize].clone())
            .collect();
        reads.sort_unstable();
        reads.dedup();
        if reads.len() < 2 {
            moving.append(&mut still);
            moving.sort_unstable_by_key(|k| kids.iter().position(|x| x == k));
        }
        let mut parts = Vec::new();
        if !still.is_empty() {
            let f = self.intern(ab, Formula { all, kids: still });
            parts.push(Self::local(ab, Local::Bit(f)));
        }
        for k in moving {
            parts.push(self.decompose(ab, k, frozen));
        }
        match parts[..] {
            [one] => one,
            _ => Self::list(ab, all, parts),
        }
    }

    /// What local tree `l` needs at the node it is evaluated at: cuts for its tests, its
    /// formulas.
    fn needs_of(&self, ab: &Abstract, l: u32, items: &mut Vec<Slot>, formulas: &mut Vec<u32>) {
        match ab.locals[l as usize] {
            Local::Test(test) => test_cuts(self.c, test, items),
            Local::Bit(f) => formulas.push(f),
            Local::Const(_) => {}
            Local::Not(x) => self.needs_of(ab, x, items, formulas),
            Local::All(kids) | Local::Any(kids) => {
                for &x in &ab.local_kids[kids.range()] {
                    self.needs_of(ab, x, items, formulas);
                }
            }
        }
    }

    /// Items a transition (arm `a`, or a goto, into node `m`) changes, sorted.
    fn changes(&self, arm: Option<u32>, m: u32) -> Vec<u32> {
        let c = self.c;
        let node = &c.nodes[m as usize];
        let mut out: Vec<u32> = c.fx[node.fx.range()].iter().map(|e| e.item()).collect();
        out.extend(node.visit);
        if let Some(a) = arm {
            let arm = &c.arms[a as usize];
            out.extend(c.fx[arm.fx.range()].iter().map(|e| e.item()));
            out.extend(arm.chosen);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Cuts needed after a transition (arm `a`, or a goto, into node `m`), carried back to
    /// before it.
    fn carry_back(&self, arm: Option<u32>, m: u32, after: &[Slot], out: &mut Vec<Slot>) {
        let c = self.c;
        let node = &c.nodes[m as usize];
        let arm = arm.map(|a| &c.arms[a as usize]);
        for (item, cuts) in after {
            if node.visit == Some(*item) || arm.is_some_and(|a| a.chosen == Some(*item)) {
                continue;
            }
            let Some(cuts) = preimage(c, &c.fx[node.fx.range()], *item, cuts.clone()) else {
                continue;
            };
            let cuts = match arm {
                Some(a) => preimage(c, &c.fx[a.fx.range()], *item, cuts),
                None => Some(cuts),
            };
            if let Some(cuts) = cuts {
                add(out, *item, cuts);
            }
        }
    }

    fn run(mut self, ab: &mut Abstract, order: &[u32]) {
        let c = self.c;
        // Where each node comes in the order, and the earliest place each item can have
        // changed: a node before it in the order cannot be reached after a change, as every
        // path runs forwards in the order.
        self.rank = vec![0; c.nodes.len()];
        for (k, &i) in order.iter().enumerate() {
            self.rank[i as usize] = k as u32;
        }
        self.first_change = vec![u32::MAX; c.kinds.len()];
        for (i, node) in c.nodes.iter().enumerate() {
            let mut changes: Vec<(u32, u32)> = c.fx[node.fx.range()]
                .iter()
                .map(|e| e.item())
                .chain(node.visit)
                .map(|item| (item, self.rank[i]))
                .collect();
            for arm in &c.arms[node.arms.range()] {
                if let Some(next) = arm.next {
                    let at = self.rank[next as usize];
                    changes.extend(c.fx[arm.fx.range()].iter().map(|e| (e.item(), at)));
                    changes.extend(arm.chosen.map(|item| (item, at)));
                }
            }
            for (item, at) in changes {
                let first = &mut self.first_change[item as usize];
                *first = (*first).min(at);
            }
        }
        let mut needs: Vec<Needs> = vec![Needs::default(); c.nodes.len()];
        for &i in order.iter().rev() {
            let node = &c.nodes[i as usize];
            let transitions: Vec<(Option<u32>, u32)> = node
                .arms
                .range()
                .filter_map(|a| Some((Some(a as u32), c.arms[a].next?)))
                .chain(match node.kind {
                    Kind::Goto(Some(t)) => Some((None, t)),
                    _ => None,
                })
                .collect();
            // Items changed before a later read.
            let mut changed: Option<Vec<u32>> = Some(Vec::new());
            for &(arm, m) in &transitions {
                let later = &needs[m as usize];
                let read_later = |item: &u32| {
                    later.items.binary_search_by_key(item, |s| s.0).is_ok()
                        || later
                            .formulas
                            .iter()
                            .any(|&f| self.formula_reads[f as usize].binary_search(item).is_ok())
                };
                let here = self.changes(arm, m).into_iter().filter(read_later);
                changed = match (changed, &later.changed) {
                    (Some(mut all), Some(theirs)) => {
                        all.extend(here);
                        all.extend_from_slice(theirs);
                        Some(all)
                    }
                    _ => None,
                };
            }
            if let Some(all) = &mut changed {
                all.sort_unstable();
                all.dedup();
                if all.len() > MAX_CHANGED {
                    changed = None;
                }
            }
            let frozen = |item: u32| {
                changed
                    .as_ref()
                    .is_some_and(|all| all.binary_search(&item).is_err())
            };
            let mut items: Vec<Slot> = Vec::new();
            let mut formulas: Vec<u32> = Vec::new();
            // The node's own conditions.
            for a in node.arms.range() {
                if let Some(w) = c.arms[a].when {
                    let l = self.decompose(ab, w, &frozen);
                    ab.arm_when[a] = Some(l);
                    self.needs_of(ab, l, &mut items, &mut formulas);
                }
            }
            // What the successors need.
            for &(arm, m) in &transitions {
                let later = needs[m as usize].clone();
                let mut after = later.items;
                for f in later.formulas {
                    if self.formula_reads[f as usize].iter().all(|&i| frozen(i)) {
                        formulas.push(f);
                        continue;
                    }
                    // Computed on the way in, from what this node keeps.
                    let formula = ab.formulas[f as usize].clone();
                    let l = self.group(ab, formula.all, &formula.kids, &frozen);
                    match arm {
                        Some(a) => ab.arm_plan[a as usize].push((f, l)),
                        None => ab.goto_plan[i as usize].push((f, l)),
                    }
                    self.needs_of(ab, l, &mut after, &mut formulas);
                }
                self.carry_back(arm, m, &after, &mut items);
            }
            formulas.sort_unstable();
            formulas.dedup();
            // Items no path to here has changed are at their initial value: nothing to keep.
            items.retain(|(item, _)| self.first_change[*item as usize] <= self.rank[i as usize]);
            needs[i as usize] = Needs {
                items,
                formulas,
                changed,
            };
        }
        let base = ab.items as u32;
        ab.slots = needs
            .into_iter()
            .map(|n| {
                let mut slots = n.items;
                slots.extend(n.formulas.into_iter().map(|f| (base + f, Cuts::At(vec![1]))));
                slots
            })
            .collect();
    }
}
