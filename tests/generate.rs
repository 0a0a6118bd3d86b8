//! Generated scenarios (`engine::generate`): valid with no diagnostics at all, deterministic,
//! and analysable — exactly at 1k and 10k nodes; past the state budget (100k nodes) the
//! analysis falls back to bounds on the node graph and says so.

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::generate::generate;
use rapport::engine::model::Scenario;
use rapport::engine::{self};

/// Writes the scenario as RON and checks it like a file from the library.
fn check(s: &Scenario) -> Vec<String> {
    let text = ron::ser::to_string_pretty(s, ron::ser::PrettyConfig::default()).unwrap();
    let skills = std::fs::read("assets/skills.ron").unwrap();
    let (framework, d) = engine::check_skills("skills.ron", &skills);
    assert!(d.is_empty());
    let checked = engine::check_scenario(&format!("{}.ron", s.id), text.as_bytes(), framework.as_ref());
    assert!(checked.scenario.is_some());
    checked.diagnostics.iter().map(|d| format!("{d:?}")).collect()
}

#[test]
fn small_generated_scenarios_check_clean_for_many_seeds() {
    for seed in 0..20 {
        for n in [12, 13, 40, 97] {
            let s = generate(n, seed);
            let d = check(&s);
            assert!(d.is_empty(), "{n} nodes, seed {seed}: {d:#?}");
            let a = analyze(&s, DEFAULT_STATE_BUDGET);
            assert!(a.exact);
            assert!(a.stuck.is_empty(), "{:?}", a.stuck);
            let unreachable: Vec<_> = a.endings.iter().filter(|e| !e.reachable).collect();
            assert!(unreachable.is_empty(), "{n} nodes, seed {seed}: {unreachable:?}");
        }
    }
}

/// Every ending is reached and no node leaves play stuck.
fn complete(a: &rapport::engine::analyze::Analysis) -> bool {
    a.endings.iter().all(|e| e.reachable) && a.stuck.is_empty()
}

#[test]
fn a_thousand_nodes_check_clean_analyse_exactly_and_play_through() {
    let s = generate(1_000, 1);
    assert_eq!(s.nodes.len(), 1_000);
    let d = check(&s);
    assert!(d.is_empty(), "{d:#?}");
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    assert!(a.exact && complete(&a), "{:?}", a.warnings);
    assert!(a.ranges.overall.max > a.ranges.overall.min);
    let sim = rapport::engine::simulate::simulate(&s, &a.ranges, 300, 5);
    assert_eq!(sim.unfinished, 0);
    assert_eq!(sim.endings.values().sum::<u64>(), 300);
}

#[test]
fn ten_thousand_nodes_analyse_exactly_and_bounds_contain_the_exact_answer() {
    let s = generate(10_000, 2);
    assert_eq!(s.nodes.len(), 10_000);
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    assert!(a.exact && complete(&a), "{:?}", a.warnings);
    assert!(a.states < DEFAULT_STATE_BUDGET);
    // The best path is a real path: a decision in every chapter, ending where analysis says.
    assert_eq!(a.best.choices.len(), 2 * ((10_000 - 7) / 5));
    assert!(!a.best.ending.is_empty());
    // Past a smaller budget the same scenario gets bounds on the node graph, which contain
    // the exact ranges, and says so.
    let b = analyze(&s, 5_000);
    assert!(!b.exact);
    assert!(
        b.warnings.iter().any(|w| w.contains("bounds")),
        "{:?}",
        b.warnings
    );
    assert!(b.strategies.is_empty());
    assert_eq!(b.states, 10_000, "the bounds search visits each node once");
    assert!(b.ranges.overall.min <= a.ranges.overall.min && b.ranges.overall.max >= a.ranges.overall.max);
    for (k, r) in &a.ranges.skills {
        let bound = b.ranges.skills[k];
        assert!(
            bound.min <= r.min && bound.max >= r.max,
            "{k}: {bound:?} vs {r:?}"
        );
    }
    assert!(b.endings.iter().all(|e| e.reachable));
}

#[test]
fn a_hundred_thousand_nodes_are_valid_and_past_the_budget_give_bounds() {
    let s = generate(100_000, 3);
    assert_eq!(s.nodes.len(), 100_000);
    // Too big for a scenario file (over the 4 MB limit), so checked on the model: ids are
    // unique and every target exists.
    let nodes: std::collections::HashSet<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(nodes.len(), s.nodes.len());
    assert!(
        s.nodes
            .iter()
            .all(|n| n.targets().iter().all(|t| nodes.contains(t)))
    );
    // A budget below its state space: bounds on the node graph, every node visited once.
    let a = analyze(&s, 20_000);
    assert!(!a.exact);
    assert_eq!(a.states, 100_000);
    assert!(a.endings.iter().all(|e| e.reachable));
    assert!(a.ranges.overall.max > a.ranges.overall.min);
    assert_eq!(a.best.ending, "triumph");
}
