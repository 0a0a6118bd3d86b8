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
//!
//! Here the types and evaluation; `builder` is the backward pass on an acyclic graph, `cuts`
//! what tests need and effects carry back, `graph` the node order and plain liveness.

mod builder;
mod cuts;
mod graph;

use crate::engine::compiled::{CCond, Compiled, Slice};
use builder::Builder;
use graph::{live_slots, successors, topological};

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
