//! Routes into each ending, for authors writing a debrief paragraph per route.
//!
//! A **deciding choice** is one taken where the options on offer differ in which endings
//! they can still reach: it changes what is still possible. The other choices are free as
//! far as endings go. A **route** into an ending is the set of deciding choices of a path
//! that reaches it; two paths taking the same deciding choices are one route, however they
//! differ in free choices and random branches. Each ending lists the deciding choices on
//! every route into it (`common`) and each route by the ones that tell it apart (`key`).
//!
//! Exact on the state space `analyze` searches (conditions and trust hold), within the state
//! budget; past it, nothing is listed. Routes are kept per state up to [`MAX_ROUTES`]; past
//! that, `complete` is false and the routes are some of them. Options that return to a state
//! already on the path (loops) are left out, as in `analyze`. Endings past the 64th are not
//! told apart.

use crate::engine::abstraction::Abstraction;
use crate::engine::analysis::analyze::solve::{Step, solve};
use crate::engine::compiled::{Compiled, Kind, arm_ids};
use crate::engine::model::Scenario;
use crate::engine::space::{Expansion, Space};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

/// Distinct routes kept below any one state (and so listed per ending) at most.
pub const MAX_ROUTES: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routes {
    /// Every route is listed: within the state budget and `MAX_ROUTES`.
    pub complete: bool,
    /// One per ending, in the scenario's order.
    pub endings: Vec<EndingRoutes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndingRoutes {
    pub ending: String,
    /// Every route into it is listed (false past `MAX_ROUTES`: then `common` is empty, as
    /// it cannot be told from some of the routes).
    pub complete: bool,
    /// Deciding choices on every route into it (in file order).
    pub common: Vec<String>,
    /// The routes, each by the deciding choices that tell it apart (in file order); sorted.
    pub routes: Vec<Vec<String>>,
}

/// A set of deciding choices (arms), sorted.
type Route = Vec<u32>;

/// The routes into every ending of `s` (a scenario without errors).
pub fn routes(s: &Scenario, budget: usize) -> Routes {
    let c = Compiled::new(s);
    let ids = arm_ids(s);
    let mut out = Routes {
        complete: true,
        endings: s
            .endings
            .iter()
            .map(|e| EndingRoutes {
                ending: e.id.clone(),
                complete: true,
                common: Vec::new(),
                routes: Vec::new(),
            })
            .collect(),
    };
    let mut space = Space::new(&c, Abstraction::Cuts);
    let Some(start) = space.start() else { return out };
    let bit = |e: Option<u32>| e.filter(|&e| e < 64).map_or(0, |e| 1u64 << e);
    // Which endings each state can still reach (one bit each).
    let reach = solve(
        start,
        budget,
        |st, out| match space.expand(st) {
            Expansion::End(e) => Step::Leaf(bit(e)),
            Expansion::Options => {
                out.extend_from_slice(space.graph.edges(st));
                Step::Options
            }
        },
        |_, done, _| done.iter().map(|&(_, m)| m).reduce(|a, b| a | b),
    );
    let Ok(reach) = reach else {
        out.complete = false;
        return out;
    };
    let mask = |st: u32| reach.value(st).copied().unwrap_or(0);
    let (graph, nodes) = (&space.graph, &space.states.node);
    let kind = |st: u32| c.nodes[nodes[st as usize] as usize].kind;
    for (e, er) in out.endings.iter_mut().enumerate().take(64) {
        let want = 1u64 << e;
        let mut capped = false;
        // Per state, the routes from it into ending `e` (`None`: it cannot reach it).
        let solved = solve(
            start,
            usize::MAX,
            |st, out| match kind(st) {
                Kind::End(x) => Step::Leaf((bit(x) == want).then(|| vec![Route::new()])),
                _ => {
                    out.extend_from_slice(graph.edges(st));
                    Step::Options
                }
            },
            |st, done, opts| {
                let deciding = kind(st) == Kind::Choices && {
                    let m = |i: usize| mask(opts[i].child);
                    (1..opts.len()).any(|i| m(i) != m(0))
                };
                let mut routes: Vec<Route> = Vec::new();
                let mut seen: HashSet<Route> = HashSet::new();
                for (i, below) in done {
                    for r in below.iter().flatten() {
                        let mut r = r.clone();
                        if deciding {
                            let arm = opts[*i as usize].arm;
                            if let Err(k) = r.binary_search(&arm) {
                                r.insert(k, arm);
                            }
                        }
                        if seen.len() == MAX_ROUTES {
                            capped |= !seen.contains(&r);
                            continue;
                        }
                        if seen.insert(r.clone()) {
                            routes.push(r);
                        }
                    }
                }
                Some((!routes.is_empty()).then_some(routes))
            },
        );
        out.complete &= !capped;
        er.complete = !capped;
        let Some(Some(mut all)) = solved.ok().and_then(|s| s.value(start).cloned()) else {
            continue;
        };
        all.sort();
        let common: BTreeSet<u32> = if capped {
            BTreeSet::new()
        } else {
            let sets: Vec<BTreeSet<u32>> = all.iter().map(|r| r.iter().copied().collect()).collect();
            sets.iter()
                .skip(1)
                .fold(sets[0].clone(), |acc, r| acc.intersection(r).copied().collect())
        };
        let names = |r: &mut dyn Iterator<Item = &u32>| -> Vec<String> {
            r.map(|&a| ids[a as usize].to_string()).collect()
        };
        er.common = names(&mut common.iter());
        er.routes = all
            .iter()
            .map(|r| names(&mut r.iter().filter(|a| !common.contains(a))))
            .collect();
        er.routes.sort();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze::DEFAULT_STATE_BUDGET;

    /// Two decisions. At `open`: `warm` (sets `rapport`), `cold`, or `skip` (straight to
    /// `late`). At `close`: `ask` (only with `rapport`, to `deal`), `wait` (to `late`).
    ///
    /// Which endings each option can still reach: at `open`, warm {deal, late}, cold {late},
    /// skip {late}: they differ, so all three are deciding. At `close` after warm, ask {deal}
    /// and wait {late}: deciding. After cold, wait is the only option: free.
    /// Into `deal`: {warm, ask}, one route. Into `late`: {warm, wait}, {cold}, {skip}; no
    /// deciding choice is on all three.
    fn scenario() -> Scenario {
        let text = r#"Scenario(
    id: "routes", version: 1, title: "T", summary: "S", role: "R", setting: "Here.",
    minutes: 1, difficulty: Introductory, objectives: ["O"],
    assesses: [("a", 1)],
    characters: [],
    variables: [Flag(id: "rapport", initial: false)],
    start: "open",
    nodes: [
        (id: "open", then: Choices([
            (id: "warm", text: "W", effects: [Flag("rapport", true)], next: "close"),
            (id: "cold", text: "C", next: "close"),
            (id: "skip", text: "S", next: "late_end"),
        ])),
        (id: "close", then: Choices([
            (id: "ask", text: "A", when: Flag("rapport"), next: "deal_end"),
            (id: "wait", text: "Wt", next: "late_end"),
        ])),
        (id: "deal_end", then: End("deal")),
        (id: "late_end", then: End("late")),
    ],
    endings: [
        (id: "deal", title: "Deal", outcome: Success, debrief: "D", strong_leader: "L"),
        (id: "late", title: "Late", outcome: Failure, debrief: "D", strong_leader: "L"),
    ],
)"#;
        crate::engine::load::scenario("routes.ron", text.as_bytes())
            .value
            .unwrap()
    }

    #[test]
    fn every_ending_lists_its_routes_by_the_deciding_choices() {
        let r = routes(&scenario(), DEFAULT_STATE_BUDGET);
        assert!(r.complete);
        let deal = &r.endings[0];
        assert_eq!(deal.ending, "deal");
        assert_eq!(deal.common, ["warm", "ask"]);
        assert_eq!(
            deal.routes,
            [Vec::<String>::new()],
            "one route: nothing tells it apart"
        );
        let late = &r.endings[1];
        assert!(late.common.is_empty());
        assert_eq!(late.routes, [vec!["cold"], vec!["skip"], vec!["warm", "wait"]]);
    }

    #[test]
    fn past_the_budget_nothing_is_listed_and_it_says_so() {
        let r = routes(&scenario(), 2);
        assert!(!r.complete);
        assert!(r.endings.iter().all(|e| e.routes.is_empty()));
    }

    #[test]
    fn free_choices_and_random_branches_make_no_new_route() {
        // The example: at `ask`, usage keeps both endings, refusal and silence only
        // `overruled` (sharing needs trust 50): deciding. At `deal` after usage, share
        // (`agreed`) and hold (`overruled`): deciding; after refusal or silence, hold alone:
        // free. The usage report's two draws lead to the same routes.
        let s = crate::engine::tests::example();
        let r = routes(&s, DEFAULT_STATE_BUDGET);
        assert!(r.complete);
        let agreed = r.endings.iter().find(|e| e.ending == "agreed").unwrap();
        assert_eq!(agreed.common, ["ask_usage", "deal_share"]);
        assert_eq!(agreed.routes.len(), 1);
        let over = r.endings.iter().find(|e| e.ending == "overruled").unwrap();
        assert!(over.common.is_empty());
        assert_eq!(
            over.routes,
            [
                vec!["ask_refuse"],
                vec!["ask_silence"],
                vec!["ask_usage", "deal_hold"]
            ]
        );
    }
}
