//! Past the state budget: ranges, paths and reachable endings as bounds on the node graph
//! alone, every condition taken as true.

use super::paths::{Summaries, edge_pts, follow};
use super::solve::{Step, solve};
use super::{Analysis, fill_paths, fill_ranges, reach};
use crate::engine::compiled::{Compiled, Kind, arm_ids};
use crate::engine::model::Scenario;
use crate::engine::space::{Edge, Expansion, GOTO, Graph};

/// Node `n` of the node graph (states are nodes, every condition taken as true): an ending,
/// or its options (the goto, or every arm that leads somewhere) recorded in `graph` and
/// pushed to `out`. Also the turning points' bounds.
pub(in crate::engine::analysis) fn node_options(
    c: &Compiled,
    graph: &mut Graph,
    n: u32,
    out: &mut Vec<Edge>,
) -> Expansion {
    let node = &c.nodes[n as usize];
    if let Kind::End(e) = node.kind {
        return Expansion::End(e);
    }
    let first = graph.edges.len();
    if let Kind::Goto(Some(t)) = node.kind {
        graph.edges.push(Edge { child: t, arm: GOTO });
    }
    for arm in node.arms.range() {
        if let Some(next) = c.arms[arm].next {
            graph.edges.push(Edge {
                child: next,
                arm: arm as u32,
            });
        }
    }
    graph.record(n, first, 0);
    out.extend_from_slice(graph.edges(n));
    Expansion::Options
}

/// Past the state budget: bounds on the node graph alone, every condition taken as true.
pub(super) fn structural(a: &mut Analysis, s: &Scenario, c: &Compiled, budget: usize) {
    let mut reached = vec![false; s.endings.len()];
    let Some(start) = c.start else { return };
    let zero = vec![0; c.metrics()];
    let mut sums = Summaries::new(c.metrics());
    let mut graph = Graph::default();
    let result = solve(
        start,
        usize::MAX,
        |n, out| match node_options(c, &mut graph, n, out) {
            Expansion::End(e) => {
                if let Some(r) = e.and_then(|e| reached.get_mut(e as usize)) {
                    *r = true;
                }
                Step::Leaf(Summaries::ENDING)
            }
            Expansion::Options => Step::Options,
        },
        |_, done, opts| sums.fold(done, opts, |e| edge_pts(c, &zero, e)),
    );
    if let Ok(solved) = result
        && let Some(&root) = solved.value(start)
    {
        a.states = solved.states;
        fill_ranges(a, c, sums.max(root), sums.min(root));
        // Paths on the node graph, following the recorded arms.
        let ids = arm_ids(s);
        let path = |metric, best| follow(s, &ids, &graph, &solved, &sums, start, |n| n, metric, best);
        fill_paths(a, c, path);
    }
    a.endings = reach(s, &reached);
    a.warnings.push(format!(
        "more than {budget} distinct states: ranges, paths and reachable endings are bounds computed on the node graph with every condition taken as true, and fixed strategies were not checked"
    ));
}
