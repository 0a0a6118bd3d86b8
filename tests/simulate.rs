//! The fast simulation path (`simulate::Simulator`, on the compiled scenario) against the
//! run state machine (`run::Run`): driven with the same choices, `Run` must draw the same
//! branches with the same draw numbers, reach the same ending and score the same points —
//! on every bundled scenario, the documented example and generated scenarios, for many seeds.

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::generate::generate;
use rapport::engine::model::Scenario;
use rapport::engine::run::Run;
use rapport::engine::score::score;
use rapport::engine::simulate::Simulator;
use std::path::Path;

fn scenarios() -> Vec<Scenario> {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).unwrap();
    let mut all: Vec<Scenario> = lib.entries.iter().filter_map(|e| e.playable().cloned()).collect();
    assert!(all.len() >= 12);
    let bytes = std::fs::read("tests/fixtures/valid/printer-budget.ron").unwrap();
    all.push(
        rapport::engine::check_scenario("printer-budget.ron", &bytes, None)
            .scenario
            .unwrap(),
    );
    all.push(generate(300, 4));
    all
}

/// Replays a fast playthrough through `Run` and lists every difference.
fn compare(s: &Scenario, sim: &Simulator, seed: u64, ranges: &rapport::engine::score::Ranges) -> Vec<String> {
    let s = &rapport::engine::Story::new(s.clone());
    let fast = sim.trace(ranges, seed).expect("a valid scenario always finishes");
    let (mut run, _) = Run::start(s, seed).unwrap();
    for (k, (choice, timed_out)) in fast.decisions.iter().enumerate() {
        // The exhibits the playthrough opened in this scene, before deciding.
        for r in fast.reads.iter().filter(|r| r.before == k) {
            if let Err(e) = run.read(s, &r.exhibit) {
                return vec![format!(
                    "{}: seed {seed}: reading `{}` refused: {e}",
                    s.id, r.exhibit
                )];
            }
        }
        let step = if *timed_out {
            run.timeout(s, 0)
        } else {
            run.choose(s, choice, 0)
        };
        if let Err(e) = step {
            return vec![format!("{}: seed {seed}: `{choice}` refused: {e}", s.id)];
        }
    }
    let mut diffs = Vec::new();
    let mut differ = |what: &str, slow: String, fast: String| {
        if slow != fast {
            diffs.push(format!("{}: seed {seed}: {what}: Run {slow}, fast {fast}", s.id));
        }
    };
    let decisions: Vec<(String, bool)> = run
        .decisions
        .iter()
        .map(|d| (d.choice.to_string(), d.timed_out))
        .collect();
    differ(
        "decisions",
        format!("{decisions:?}"),
        format!("{:?}", fast.decisions),
    );
    differ("rolls", format!("{:?}", run.rolls), format!("{:?}", fast.rolls));
    differ("reads", format!("{:?}", run.reads), format!("{:?}", fast.reads));
    differ(
        "ending",
        format!("{:?}", run.ending),
        format!("{:?}", Some(&fast.ending)),
    );
    let scores = score(s, &run, ranges);
    differ("overall", scores.overall.to_string(), fast.overall.to_string());
    differ(
        "skills",
        format!("{:?}", scores.skills),
        format!("{:?}", fast.skills),
    );
    for (k, v) in &scores.points {
        let fast = fast.points.get(k).map_or("missing".into(), |p| p.to_string());
        differ(&format!("points `{k}`"), v.to_string(), fast);
    }
    for (k, v) in &fast.points {
        let slow = scores.points.get(k).copied().unwrap_or(0);
        differ(&format!("points `{k}`"), slow.to_string(), v.to_string());
    }
    diffs
}

#[test]
fn fast_playthroughs_match_the_run_state_machine() {
    let mut diffs = Vec::new();
    let mut rolls = 0;
    for s in scenarios() {
        let ranges = analyze(&s, DEFAULT_STATE_BUDGET).ranges;
        let sim = Simulator::new(&s);
        for seed in (0..200).chain([u64::MAX - 1, 1 << 40]) {
            rolls += sim.trace(&ranges, seed).unwrap().rolls.len();
            diffs.extend(compare(&s, &sim, seed, &ranges));
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    assert!(
        rolls > 10_000,
        "the comparison covers many random branches ({rolls})"
    );
}

#[test]
fn the_simulation_counts_what_the_traces_show() {
    // `simulate` aggregates exactly the playthroughs `trace` shows, one run seed after another.
    let s = &scenarios()[0];
    let ranges = analyze(s, DEFAULT_STATE_BUDGET).ranges;
    let sim = Simulator::new(s);
    let result = sim.simulate(&ranges, 500, 77);
    let mut endings = std::collections::BTreeMap::new();
    let mut overall = 0u64;
    for i in 0..500 {
        let t = sim.trace(&ranges, 77 + i).unwrap();
        *endings.entry(t.ending).or_insert(0u64) += 1;
        overall += u64::from(t.overall);
    }
    for (id, n) in &result.endings {
        assert_eq!(endings.get(id).copied().unwrap_or(0), *n, "ending `{id}`");
    }
    assert_eq!(result.overall.mean, overall as f64 / 500.0);
}
