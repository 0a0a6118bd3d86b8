//! Cuts on an item: those a test needs, merged into a node's slots, and carried back through
//! a run of effects (an `Add` moves them, a `Set` removes them, clamping drops the useless).

use super::{Cuts, Slot};
use crate::engine::compiled::{CCond, CFx, Compiled, ItemKind};
use crate::engine::model::Cmp;

/// Whether a cut separates any two values an item of this kind can take.
pub(super) fn separates(kind: ItemKind, c: i64) -> bool {
    match kind {
        ItemKind::Var => c > i64::MIN,
        ItemKind::Trust => (1..=100).contains(&c),
        ItemKind::Seen => c == 1,
    }
}

/// The cuts a test on one item needs.
pub(super) fn test_cuts(c: &Compiled, test: CCond, out: &mut Vec<Slot>) {
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
pub(super) fn add(slots: &mut Vec<Slot>, item: u32, cuts: Cuts) {
    match slots.binary_search_by_key(&item, |s| s.0) {
        Ok(i) => slots[i].1.union(&cuts),
        Err(i) => slots.insert(i, (item, cuts)),
    }
}

/// The cuts on `item` before a run of effects, given those after it (`None`: none needed).
pub(super) fn preimage(c: &Compiled, fx: &[CFx], item: u32, mut cuts: Cuts) -> Option<Cuts> {
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
