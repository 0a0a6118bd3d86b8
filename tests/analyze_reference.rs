//! `analyze` against a reference written from the model alone: every complete playthrough of
//! small scenarios enumerated one by one (every option, the timeout where a node is timed,
//! every open random branch), with `State`'s semantics and no memoisation, merging or
//! compiling. The search's ranges, best and worst totals and reachable endings must match.

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, Path, analyze};
use rapport::engine::generate::generate;
use rapport::engine::model::{Scenario, Then};
use rapport::engine::state::State;
use std::collections::{BTreeMap, BTreeSet};

/// Scenarios with more complete playthroughs than this are left to the other tests.
const MAX_PATHS: usize = 400_000;

/// What every complete playthrough adds up to.
#[derive(Default)]
struct Totals {
    paths: usize,
    /// Per assessed skill: the lowest and highest raw points.
    skills: BTreeMap<String, (i64, i64)>,
    /// The lowest and highest weighted totals.
    overall: Option<(i64, i64)>,
    endings: BTreeSet<String>,
    /// Too many paths to finish.
    gave_up: bool,
}

/// Points per skill collected along a path so far.
type Points = BTreeMap<String, i64>;

fn node<'s>(s: &'s Scenario, id: &str) -> &'s rapport::engine::model::Node {
    s.nodes
        .iter()
        .find(|n| n.id == id)
        .expect("validated: the node exists")
}

/// Enters `id` (as `Run` does: visited, then the node's effects) and follows every way on.
fn enter(s: &Scenario, id: &str, mut state: State, points: Points, depth: usize, t: &mut Totals) {
    if t.gave_up || depth > 10_000 {
        t.gave_up = true;
        return;
    }
    let n = node(s, id);
    state.visited.insert(n.id.clone());
    state.apply_all(&n.effects);
    match &n.then {
        Then::End(e) => finish(s, e, &points, t),
        Then::Goto(next) => enter(s, next, state, points, depth + 1, t),
        Then::Random(branches) => {
            for b in branches
                .iter()
                .filter(|b| b.weight > 0 && state.allows(b.when.as_ref()))
            {
                let mut next = state.clone();
                next.apply_all(&b.effects);
                enter(s, &b.next, next, points.clone(), depth + 1, t);
            }
        }
        Then::Choices(cs) => {
            let timeout = n.timer.as_ref().map(|tm| tm.timeout.as_str());
            let mut offered: Vec<_> = cs
                .iter()
                .filter(|c| !c.timeout_only && state.allows(c.when.as_ref()))
                .collect();
            // Letting the timer run out is always a way on, whatever the choice's condition.
            if let Some(id) = timeout
                && !offered.iter().any(|c| c.id == id)
            {
                offered.extend(cs.iter().find(|c| c.id == id));
            }
            for c in offered {
                let mut next = state.clone();
                next.apply_all(&c.effects);
                next.chosen.insert(c.id.clone());
                let mut p = points.clone();
                for e in &c.skills {
                    *p.entry(e.skill.clone()).or_insert(0) += i64::from(e.points);
                }
                enter(s, &c.next, next, p, depth + 1, t);
            }
        }
    }
}

fn finish(s: &Scenario, ending: &str, points: &Points, t: &mut Totals) {
    t.paths += 1;
    if t.paths > MAX_PATHS {
        t.gave_up = true;
    }
    t.endings.insert(ending.to_string());
    let mut overall = 0;
    for (skill, weight) in &s.assesses {
        let v = points.get(skill).copied().unwrap_or(0);
        overall += v * i64::from(*weight);
        let r = t.skills.entry(skill.clone()).or_insert((v, v));
        *r = (r.0.min(v), r.1.max(v));
    }
    let r = t.overall.get_or_insert((overall, overall));
    *r = (r.0.min(overall), r.1.max(overall));
}

fn reference(s: &Scenario) -> Totals {
    let mut t = Totals::default();
    enter(s, &s.start, State::initial(s), Points::new(), 0, &mut t);
    t
}

/// Follows `path` (its choices, and its random branches in order) with the reference rules;
/// returns the ending and the weighted total.
fn replay(s: &Scenario, path: &Path) -> (String, i64) {
    let (mut choices, mut branches) = (path.choices.iter(), path.branches.iter());
    let mut state = State::initial(s);
    let mut total = 0;
    let mut at = s.start.clone();
    loop {
        let n = node(s, &at);
        state.visited.insert(n.id.clone());
        state.apply_all(&n.effects);
        at = match &n.then {
            Then::End(e) => return (e.clone(), total),
            Then::Goto(next) => next.clone(),
            Then::Random(bs) => {
                let want = branches.next().expect("the path names this branch");
                let b = bs.iter().find(|b| &b.id == want).expect("a branch of this node");
                assert!(b.weight > 0 && state.allows(b.when.as_ref()), "{want} is open");
                state.apply_all(&b.effects);
                b.next.clone()
            }
            Then::Choices(cs) => {
                let want = choices.next().expect("the path names this choice");
                let c = cs.iter().find(|c| &c.id == want).expect("a choice of this node");
                let timed_out = n.timer.as_ref().is_some_and(|t| &t.timeout == want);
                assert!(
                    timed_out || (!c.timeout_only && state.allows(c.when.as_ref())),
                    "{want} is offered"
                );
                state.apply_all(&c.effects);
                state.chosen.insert(c.id.clone());
                total += rapport::engine::score::choice_weighted(s, c);
                c.next.clone()
            }
        };
    }
}

fn compare(s: &Scenario) -> bool {
    let t = reference(s);
    if t.gave_up {
        return false;
    }
    let a = analyze(s, DEFAULT_STATE_BUDGET);
    let name = format!("{} ({} nodes, {} paths)", s.id, s.nodes.len(), t.paths);
    assert!(a.exact, "{name}: the search is exact");
    let (min, max) = t.overall.expect("at least one complete path");
    assert_eq!(
        (a.ranges.overall.min, a.ranges.overall.max),
        (min, max),
        "{name}: overall range"
    );
    for (skill, r) in &a.ranges.skills {
        let want = t.skills.get(skill).copied().unwrap_or((0, 0));
        assert_eq!((r.min, r.max), want, "{name}: range of {skill}");
    }
    assert_eq!(
        a.ranges.skills.len(),
        s.assesses.len(),
        "{name}: a range per assessed skill"
    );
    let reachable: BTreeSet<String> = a
        .endings
        .iter()
        .filter(|e| e.reachable)
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(reachable, t.endings, "{name}: reachable endings");
    for (path, want, what) in [(&a.best, max, "best"), (&a.worst, min, "worst")] {
        assert_eq!(path.total, want, "{name}: the {what} path's total");
        assert_eq!(
            replay(s, path),
            (path.ending.clone(), want),
            "{name}: the {what} path replays to its ending and total"
        );
    }
    true
}

#[test]
fn analysis_matches_every_playthrough_enumerated() {
    let mut compared = 0;
    let mut paths = 0;
    for seed in 0..40u64 {
        for nodes in [rapport::engine::generate::MIN_NODES, 20, 24] {
            let s = generate(nodes, seed);
            if compare(&s) {
                compared += 1;
                paths += reference(&s).paths;
            }
        }
    }
    eprintln!("{compared} scenarios, {paths} playthroughs enumerated");
    assert!(
        compared >= 100,
        "only {compared} scenarios were small enough to enumerate"
    );
    assert!(paths > 100_000, "{paths} playthroughs compared");
}

#[test]
fn analysis_matches_enumeration_on_the_documented_example() {
    let text = std::fs::read("tests/fixtures/valid/printer-budget.ron").unwrap();
    let s = rapport::engine::check_scenario("printer-budget.ron", &text, None)
        .scenario
        .unwrap();
    assert!(compare(&s), "the example is small enough to enumerate");
}
