//! The coverage search: the scenario's state space (`space`, the one `analyze` searches),
//! on a copy where reading exhibits is a choice (`exhibits::expand`) and every condition on
//! a beat or a paragraph a probe branch (`probes`), so its states tell apart everything that
//! changes what is shown, and merge only states that show the same from there on. Every
//! reachable state is expanded once (up to a budget) into an explicit graph whose edges say
//! what taking them shows; each round of the cover then finds, with the analyses' solver,
//! the complete path showing the most of what is still wanted.

use super::probes::{self, Probes};
use super::{Item, Items};
use crate::engine::abstraction::Abstraction;
use crate::engine::analysis::analyze::solve::{Step, solve};
use crate::engine::analysis::exhibits::{self, exhibit_step};
use crate::engine::compiled::{Compiled, Kind, arm_ids};
use crate::engine::space::{Edge, Expansion, GOTO, Space};
use crate::engine::story::Story;

/// One random draw a path needs: a draw below `total` (the open branches' weight) that
/// falls in `lo..hi` takes the branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Draw {
    pub lo: u64,
    pub hi: u64,
    pub total: u64,
}

/// What following an edge asks of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Action {
    /// Take the choice with this id.
    Choose(String),
    /// Let the timer run out.
    Timeout,
    /// Open the exhibit with this id.
    Read(String),
    /// A random draw the seed must make.
    Draw(Draw),
    /// Nothing (a goto, or a probe: decided by the state).
    None,
}

/// The explored state space, as an explicit graph.
pub(super) struct Graph {
    pub start: u32,
    /// Per state: it is an ending.
    ended: Vec<bool>,
    /// Per state: its edges, `start..end` in `edges` (expanded states only).
    out: Vec<(u32, u32)>,
    pub edges: Vec<Edge>,
    pub actions: Vec<Action>,
    /// Per edge: the node of the state it leaves (for a goto's items).
    goto_node: Vec<u32>,
    /// Per arm (and `goto_items` per node, `start_items` from the start): the items taking
    /// it shows, the nodes passed up to the next state included.
    arm_items: Vec<Vec<u32>>,
    goto_items: Vec<Vec<u32>>,
    pub start_items: Vec<u32>,
    /// Every reachable state was expanded.
    pub exact: bool,
    pub states: usize,
    /// Per item: some edge shows it.
    pub reachable: Vec<bool>,
}

impl Graph {
    /// The items edge `e` shows.
    pub fn items(&self, e: u32) -> &[u32] {
        match self.edges[e as usize].arm {
            GOTO => &self.goto_items[self.goto_node[e as usize] as usize],
            a => &self.arm_items[a as usize],
        }
    }

    fn out(&self, s: u32) -> std::ops::Range<u32> {
        let (a, b) = self.out.get(s as usize).copied().unwrap_or_default();
        a..b
    }

    /// Per state: some ending can be reached from it (a state the start cannot reach, or
    /// reaches only through a loop, counts as not).
    fn completes(&self) -> Vec<bool> {
        let mut out = vec![false; self.states];
        let solved = solve(
            self.start,
            usize::MAX,
            |s, opts| {
                if self.ended[s as usize] {
                    return Step::Leaf(());
                }
                opts.extend(self.out(s).map(|e| self.edges[e as usize]));
                Step::Options
            },
            |_, done, _| (!done.is_empty()).then_some(()),
        );
        if let Ok(solved) = solved {
            for (s, o) in out.iter_mut().enumerate() {
                *o = solved.value(s as u32).is_some();
            }
        }
        out
    }

    /// The complete path from the start (edge indexes) whose items weigh the most (each
    /// counted once per edge), the fewest edges among equals; `None` when no complete path
    /// weighs anything. Edges back onto the path are left out (the solver's rule).
    pub fn best(&self, weight: impl Fn(u32) -> u64) -> Option<Vec<u32>> {
        let first = |s: u32| self.out(s).start;
        let solved = solve(
            self.start,
            usize::MAX,
            |s, opts| {
                if self.ended[s as usize] {
                    return Step::Leaf((0u64, 0u32, u32::MAX));
                }
                opts.extend(self.out(s).map(|e| self.edges[e as usize]));
                Step::Options
            },
            |s, done, _| {
                let mut best: Option<(u64, u32, u32)> = None;
                for &(k, (w, len, _)) in done {
                    let e = first(s) + k;
                    let w = w + self.items(e).iter().map(|&i| weight(i)).sum::<u64>();
                    if best.is_none_or(|(bw, bl, _)| w > bw || (w == bw && len + 1 < bl)) {
                        best = Some((w, len + 1, e));
                    }
                }
                best
            },
        )
        .ok()?;
        let start_weight: u64 = self.start_items.iter().map(|&i| weight(i)).sum();
        let &(w, _, _) = solved.value(self.start)?;
        if w + start_weight == 0 {
            return None;
        }
        let mut path = Vec::new();
        let mut s = self.start;
        while let Some(&(_, _, e)) = solved.value(s).filter(|v| v.2 != u32::MAX) {
            path.push(e);
            s = self.edges[e as usize].child;
        }
        Some(path)
    }
}

/// Explores `s`'s state space, with probes at the `site`s asked for (see `probes`), up to
/// `budget` states.
pub(super) fn explore(s: &Story, items: &Items, site: &dyn Fn(Item) -> bool, budget: usize) -> Graph {
    let with_reads = exhibits::expand(s.scenario());
    let (x, probes) = probes::expand(s, &with_reads, site);
    let c = Compiled::new(&x);
    let ids = arm_ids(&x);
    let mut space = Space::new(&c, Abstraction::Cuts);
    let acyclic = space.acyclic();
    let mut g = Graph {
        start: 0,
        ended: Vec::new(),
        out: Vec::new(),
        edges: Vec::new(),
        actions: Vec::new(),
        goto_node: Vec::new(),
        arm_items: Vec::new(),
        goto_items: Vec::new(),
        start_items: Vec::new(),
        exact: true,
        states: 0,
        reachable: vec![false; items.len()],
    };
    // What entering node `m` (and the gotos passed after it) shows.
    let entering = |mut m: Option<u32>, out: &mut Vec<u32>| {
        let mut steps = 0;
        while let Some(n) = m {
            // The scene and its beats without a condition (those with one are the probes').
            if let Some(id) = s.node_id(&x.nodes[n as usize].id) {
                out.push(items.index(Item::Scene(id)));
                let beats = s.at(id).beats.iter().enumerate();
                out.extend(
                    beats
                        .filter(|(_, b)| b.when().is_none())
                        .map(|(i, _)| items.index(Item::Beat(id, i))),
                );
            }
            match c.nodes[n as usize].kind {
                Kind::End(Some(e)) => out.push(items.index(Item::Ending(ending_id(s, e)))),
                Kind::Goto(t) if acyclic && steps < x.nodes.len() => {
                    m = t;
                    steps += 1;
                    continue;
                }
                _ => {}
            }
            break;
        }
    };
    g.arm_items = (0..c.arms.len())
        .map(|a| {
            let mut out = arm_item(s, items, &probes, ids[a]).into_iter().collect();
            entering(c.arms[a].next, &mut out);
            clean(out)
        })
        .collect();
    g.goto_items = (0..c.nodes.len())
        .map(|n| match c.nodes[n].kind {
            Kind::Goto(t) => {
                let mut out = Vec::new();
                entering(t, &mut out);
                clean(out)
            }
            _ => Vec::new(),
        })
        .collect();
    let mut start = Vec::new();
    entering(c.start, &mut start);
    g.start_items = clean(start);
    let Some(root) = space.start() else {
        return g;
    };
    g.start = root;
    let mut next = 0u32;
    while (next as usize) < space.states.node.len() {
        if next as usize >= budget {
            g.exact = false;
            break;
        }
        let st = next;
        next += 1;
        let node = space.states.node[st as usize] as usize;
        g.ended.resize(st as usize + 1, false);
        g.out.resize(st as usize + 1, (0, 0));
        if let Expansion::End(_) = space.expand(st) {
            g.ended[st as usize] = true;
            continue;
        }
        let first = g.edges.len() as u32;
        let edges = space.graph.edges(st).to_vec();
        let total: u64 = edges.iter().map(|e| weight(&c, e.arm)).sum();
        let mut lo = 0;
        for e in &edges {
            let action = match (c.nodes[node].kind, e.arm) {
                (_, GOTO) => Action::None,
                (Kind::Random, a) if probes.contains_key(ids[a as usize]) => Action::None,
                (Kind::Random, a) => {
                    let w = weight(&c, a);
                    lo += w;
                    Action::Draw(Draw {
                        lo: lo - w,
                        hi: lo,
                        total,
                    })
                }
                (_, a) => match exhibit_step(ids[a as usize]) {
                    Some(x) => Action::Read(x.to_string()),
                    None if space.graph.offered(st).contains(&a) => {
                        Action::Choose(ids[a as usize].to_string())
                    }
                    None => Action::Timeout,
                },
            };
            g.edges.push(*e);
            g.actions.push(action);
            g.goto_node.push(node as u32);
        }
        g.out[st as usize] = (first, g.edges.len() as u32);
    }
    g.states = space.states.node.len();
    g.ended.resize(g.states, false);
    g.out.resize(g.states, (0, 0));
    // Shown on the way to an ending: every edge into a state some ending can be reached from.
    let ends = g.completes();
    let mut reachable = std::mem::take(&mut g.reachable);
    let shown = (0..g.edges.len() as u32)
        .filter(|&e| ends.get(g.edges[e as usize].child as usize) == Some(&true))
        .flat_map(|e| g.items(e));
    let start = if ends.get(g.start as usize) == Some(&true) {
        &g.start_items[..]
    } else {
        &[]
    };
    for &i in start.iter().chain(shown) {
        reachable[i as usize] = true;
    }
    g.reachable = reachable;
    g
}

fn weight(c: &Compiled, arm: u32) -> u64 {
    u64::from(c.arms[arm as usize].weight)
}

fn clean(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v.dedup();
    v
}

fn ending_id(s: &Story, e: u32) -> crate::engine::story::EndingId {
    s.ending_id(&s.endings[e as usize].id)
        .expect("the compiled form's endings are the story's")
}

/// The item an arm of the probed copy shows by itself: a choice, a branch, an exhibit
/// opened, or what a probe branch stands for.
fn arm_item(s: &Story, items: &Items, probes: &Probes, id: &str) -> Option<u32> {
    if let Some(p) = probes.get(id) {
        return p.map(|i| items.index(i));
    }
    if let Some(x) = exhibit_step(id) {
        return s
            .exhibits
            .iter()
            .position(|e| e.id == x)
            .map(|k| items.index(Item::Exhibit(k)));
    }
    if let Some(at) = s.choice_id(id).map(|c| s.choice_at(c)) {
        return Some(items.index(Item::Choice(at.node, at.index)));
    }
    s.nodes.iter().find_map(|n| match &n.then {
        crate::engine::model::Then::Random(bs) => {
            let k = bs.iter().position(|b| b.id == id)?;
            Some(items.index(Item::Branch(s.node_id(&n.id)?, k)))
        }
        _ => None,
    })
}
