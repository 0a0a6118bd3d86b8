//! The values turning points compare, read off a searched tree: exactly on the state space
//! (`space`, the one search `analyze` runs, from a run's own position), chance fixed as the
//! run had it; or, past the state budget, upper bounds on the node graph.

use crate::engine::abstraction::Abstraction;
use crate::engine::analysis::analyze::bounds::node_options;
use crate::engine::analysis::analyze::solve::{OverBudget, Solved, Step, solve};
use crate::engine::compiled::{Compiled, Kind};
use crate::engine::space::{Edge, Expansion, GOTO, Graph, Space};

/// The best future below a state: the best outcome rank (2 success, 1 partial, 0 failure)
/// with the best weighted points among the futures reaching it, and the best weighted points
/// whatever the outcome; with the option (index into the state's edges) achieving each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Value {
    pub lex: (u8, i64),
    pub total: i64,
    pub arg_lex: u32,
    pub arg_total: u32,
}

impl Value {
    fn ending(rank: u8) -> Value {
        Value {
            lex: (rank, 0),
            total: 0,
            arg_lex: 0,
            arg_total: 0,
        }
    }
}

/// How chance is counted: the run's own draws (`drawn[arm]`: the run drew that branch) and
/// otherwise the worst branch, or (for bounds) the best branch.
pub(super) enum Chance<'a> {
    AsDrawn(&'a [bool]),
    Best,
}

/// A state's value from its finished options: the best option at a decision or a goto; at a
/// random node the worst of the branches the run drew there that are open (all open branches
/// if none is), or the best under `Chance::Best`. First best (or worst) wins ties.
fn fold(c: &Compiled, chance: &Chance, done: &[(u32, Value)], opts: &[Edge]) -> Option<Value> {
    let pts = |i: u32| {
        let e = opts[i as usize];
        if e.arm == GOTO {
            0
        } else {
            c.arm_pts(e.arm as usize)[0]
        }
    };
    let random = opts
        .first()
        .is_some_and(|e| e.arm != GOTO && c.arms[e.arm as usize].weight > 0);
    let worst = match (random, chance) {
        (true, Chance::AsDrawn(drawn)) => Some(*drawn),
        _ => None,
    };
    let drawn_done = |&&(i, _): &&(u32, Value)| worst.is_some_and(|d| d[opts[i as usize].arm as usize]);
    let counted: Vec<&(u32, Value)> = if done.iter().any(|d| drawn_done(&d)) {
        done.iter().filter(drawn_done).collect()
    } else {
        done.iter().collect()
    };
    let (&&(first, v), rest) = counted.split_first()?;
    let p = pts(first);
    let mut out = Value {
        lex: (v.lex.0, v.lex.1 + p),
        total: v.total + p,
        arg_lex: first,
        arg_total: first,
    };
    for &&(i, v) in rest {
        let p = pts(i);
        let (lex, total) = ((v.lex.0, v.lex.1 + p), v.total + p);
        let (better_lex, better_total) = if worst.is_some() {
            (lex < out.lex, total < out.total)
        } else {
            (lex > out.lex, total > out.total)
        };
        if better_lex {
            out.lex = lex;
            out.arg_lex = i;
        }
        if better_total {
            out.total = total;
            out.arg_total = i;
        }
    }
    Some(out)
}

/// A searched tree: its graph, each state's node, and the values.
pub(super) struct Tree {
    pub graph: Graph,
    /// Per state its node (`None`: states are nodes, the node graph).
    nodes: Option<Vec<u32>>,
    solved: Solved<Value>,
}

impl Tree {
    pub fn node(&self, st: u32) -> u32 {
        self.nodes.as_ref().map_or(st, |n| n[st as usize])
    }
    pub fn value(&self, st: u32) -> Option<Value> {
        self.solved.value(st).copied()
    }
    /// The option of `st` with arm `arm`.
    pub fn edge(&self, st: u32, arm: u32) -> Option<Edge> {
        self.graph.edges(st).iter().copied().find(|e| e.arm == arm)
    }

    /// The arms (choices and branches) and the ending along the best path below `st`, by
    /// outcome first (`by_lex`) or by points.
    pub fn follow(&self, c: &Compiled, mut st: u32, by_lex: bool) -> (Vec<u32>, Option<u32>) {
        let mut arms = Vec::new();
        for _ in 0..=self.solved.states {
            if let Kind::End(e) = c.nodes[self.node(st) as usize].kind {
                return (arms, e);
            }
            let Some(v) = self.value(st) else { break };
            let want = if by_lex { v.arg_lex } else { v.arg_total };
            let Some(e) = self.graph.edges(st).get(want as usize) else {
                break;
            };
            if e.arm != GOTO {
                arms.push(e.arm);
            }
            st = e.child;
        }
        (arms, None)
    }
}

/// Each ending's outcome rank: 2 success, 1 partial, 0 failure (and a missing ending).
pub(super) type Ranks = [u8];

/// Searches the state space from run positions `roots` (node and item values; the search
/// starts at the first, the others are interned first so that their ids are known), chance
/// as the run drew it. The tree, each root's state id and whether the node graph is acyclic;
/// or `OverBudget`.
pub(super) fn exact(
    c: &Compiled,
    ranks: &Ranks,
    drawn: &[bool],
    budget: usize,
    roots: &[(u32, &[i64])],
) -> Result<(Tree, Vec<u32>, bool), OverBudget> {
    let mut space = Space::new(c, Abstraction::Cuts);
    let ids: Vec<u32> = roots.iter().map(|&(n, vals)| space.at(n, vals)).collect();
    let acyclic = space.acyclic();
    let Some(&root) = ids.first() else {
        return Err(OverBudget);
    };
    let chance = Chance::AsDrawn(drawn);
    let solved = solve(
        root,
        budget,
        |st, out| match space.expand(st) {
            Expansion::End(e) => Step::Leaf(Value::ending(rank(ranks, e))),
            Expansion::Options => {
                out.extend_from_slice(space.graph.edges(st));
                Step::Options
            }
        },
        |_, done, opts| fold(c, &chance, done, opts),
    )?;
    let tree = Tree {
        graph: std::mem::take(&mut space.graph),
        nodes: Some(std::mem::take(&mut space.states.node)),
        solved,
    };
    Ok((tree, ids, acyclic))
}

/// Upper bounds below every node reachable from `from` on the node graph alone: every
/// choice and branch open, chance at its best for the player.
/// (On a cyclic graph, options returning to a node on the current path are left out, as in
/// `analyze`'s bounds.) `None` only if the search could not run.
pub(super) fn bounds(c: &Compiled, ranks: &Ranks, from: u32) -> Option<Tree> {
    let mut graph = Graph::default();
    let solved = solve(
        from,
        usize::MAX,
        |n, out| match node_options(c, &mut graph, n, out) {
            Expansion::End(e) => Step::Leaf(Value::ending(rank(ranks, e))),
            Expansion::Options => Step::Options,
        },
        |_, done, opts| fold(c, &Chance::Best, done, opts),
    )
    .ok()?;
    Some(Tree {
        graph,
        nodes: None,
        solved,
    })
}

fn rank(ranks: &Ranks, e: Option<u32>) -> u8 {
    e.and_then(|e| ranks.get(e as usize)).copied().unwrap_or(0)
}
