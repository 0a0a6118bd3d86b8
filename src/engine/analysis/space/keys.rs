//! How a state's key is laid out, node by node (one byte per class, eight per exact value),
//! and how a transition builds the next state's key from the last one's.

use crate::engine::abstraction::{Abstract, Cuts, Slot};
use crate::engine::compiled::{Compiled, Kind, Slice};

/// How one slot goes into a state's key: the item, and either its cuts (the key holds the
/// class, one byte) or none (exact: the key holds the value, eight bytes). The first two
/// cuts are kept inline, as most items have one or two.
#[derive(Debug, Clone, Copy)]
pub(super) struct Code {
    pub(super) item: u32,
    /// Number of cuts; 0 means exact.
    pub(super) len: u32,
    /// Where the cuts are in `Layout::cuts` when there are more than two.
    pub(super) start: u32,
    pub(super) first: i64,
    pub(super) second: i64,
}

impl Code {
    /// Bytes the slot takes in a key.
    pub(super) fn bytes(&self) -> u32 {
        if self.len == 0 { 8 } else { 1 }
    }

    /// The class of value `v`: how many cuts lie at or below it (at most `MAX_CUTS`).
    #[inline]
    pub(super) fn class(&self, v: i64, cuts: &[i64]) -> u8 {
        match self.len {
            1 => u8::from(v >= self.first),
            2 => u8::from(v >= self.first) + u8::from(v >= self.second),
            n => cuts[self.start as usize..(self.start + n) as usize].partition_point(|&c| c <= v) as u8,
        }
    }

    /// The canonical value of a class: class 0 lies below the first cut (always above
    /// `i64::MIN`); class `k` starts at cut `k - 1`.
    #[inline]
    pub(super) fn value(&self, class: u8, cuts: &[i64]) -> i64 {
        match class {
            0 => self.first - 1,
            1 => self.first,
            2 if self.len == 2 => self.second,
            k => cuts[(self.start + u32::from(k) - 1) as usize],
        }
    }
}

/// How states' keys are laid out, node by node.
pub(super) struct Layout {
    /// Per node: its slots' range in `codes`.
    pub(super) nodes: Vec<(u32, u32)>,
    pub(super) codes: Vec<Code>,
    /// Cuts of slots with more than two.
    pub(super) cuts: Vec<i64>,
}

impl Layout {
    pub(super) fn new(per_node: &[Vec<Slot>]) -> Self {
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
    pub(super) fn same(&self, a: &Code, b: &Code) -> bool {
        let cuts =
            |c: &Code| &self.cuts[c.start as usize..(c.start + if c.len > 2 { c.len } else { 0 }) as usize];
        a.item == b.item && a.len == b.len && a.first == b.first && a.second == b.second && cuts(a) == cuts(b)
    }

    pub(super) fn codes(&self, n: u32) -> &[Code] {
        let (first, len) = self.nodes[n as usize];
        &self.codes[first as usize..(first + len) as usize]
    }

    /// Appends the key of node `n`'s state with item values `vals`.
    #[inline]
    pub(super) fn encode(&self, n: u32, vals: &[i64], key: &mut Vec<u8>) {
        for code in self.codes(n) {
            self.put(code, vals, key);
        }
    }

    /// Appends one slot's part of a key: its class, or its value when kept exactly.
    #[inline]
    pub(super) fn put(&self, code: &Code, vals: &[i64], key: &mut Vec<u8>) {
        let v = vals[code.item as usize];
        if code.len == 0 {
            key.extend_from_slice(&v.to_le_bytes());
        } else {
            key.push(code.class(v, &self.cuts));
        }
    }

    /// Appends the key built by `ops` from the values and the key of the state left.
    #[inline]
    pub(super) fn transfer(&self, ops: &[Op], vals: &[i64], from: &[u8], key: &mut Vec<u8>) {
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
    pub(super) fn decode(&self, n: u32, key: &[u8], vals: &mut [i64]) {
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
pub(super) enum Op {
    /// Bytes copied from the key of the state the transition leaves: slots the transition
    /// cannot change, coded alike at both nodes.
    Copy { from: u32, len: u32 },
    /// A slot encoded afresh from the values (`Layout::codes` index).
    Encode(u32),
}

/// For every transition (per arm, and per goto node), how the next state's key is built.
pub(super) struct Transfers {
    pub(super) ops: Vec<Op>,
    pub(super) arm: Vec<Slice>,
    pub(super) goto: Vec<Slice>,
}

impl Transfers {
    pub(super) fn new(c: &Compiled, ab: &Abstract, layout: &Layout) -> Self {
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
