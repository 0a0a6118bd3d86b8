//! The backward pass that builds an [`Abstract`] on an acyclic graph: per node, the cuts its
//! states keep, the formulas over frozen items, and the plans that compute them on the way in.

use super::cuts::{add, preimage, test_cuts};
use super::{Abstract, Cuts, Formula, Local, Slot};
use crate::engine::compiled::{CCond, Compiled, Kind, Slice};
use std::collections::HashMap;

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
pub(super) struct Builder<'c> {
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
    pub(super) fn new(c: &'c Compiled) -> Self {
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

    pub(super) fn run(mut self, ab: &mut Abstract, order: &[u32]) {
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
