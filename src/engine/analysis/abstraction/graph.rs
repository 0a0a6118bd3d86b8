//! The node graph: successors, a topological order (none on a cycle), and plain liveness,
//! the abstraction used on cyclic graphs.

use super::{Cuts, Slot};
use crate::engine::compiled::{Compiled, Kind};

/// Every node's successors (arms' targets and gotos), as indices.
pub(super) fn successors(c: &Compiled) -> Vec<Vec<u32>> {
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
pub(super) fn topological(succ: &[Vec<u32>]) -> Option<Vec<u32>> {
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
pub(super) fn live_slots(c: &Compiled, succ: &[Vec<u32>]) -> Vec<Vec<Slot>> {
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
