//! The engine on its own: runs, timeouts, determinism, resuming a saved run, scoring and
//! analysis of the documented example, whose numbers were worked out by hand:
//! best = ask_usage (BA +2×2, negotiation +1) then deal_share (negotiation +2) = 7;
//! worst = ask_refuse (BA −1×2) then deal_hold (BA −2×2) = −6.

use rapport::engine::analyze::analyze;
use rapport::engine::record::RunRecord;
use rapport::engine::run::{Run, RunError};
use rapport::engine::score::{Band, score};
use rapport::engine::{self, Story};

fn example() -> Story {
    let bytes = std::fs::read("tests/fixtures/valid/printer-budget.ron").unwrap();
    let checked = engine::check_scenario("printer-budget.ron", &bytes, None);
    assert!(!checked.has_errors());
    Story::new(checked.scenario.unwrap())
}

fn play(s: &Story, seed: u64, choices: &[&str]) -> Run {
    let (mut run, _) = Run::start(s, seed).unwrap();
    for c in choices {
        if *c == "timeout" {
            run.timeout(s, 0).unwrap();
        } else {
            run.choose(s, c, 0).unwrap();
        }
    }
    run
}

#[test]
fn analysis_matches_the_hand_worked_numbers() {
    let s = example();
    let a = analyze(&s, 10_000);
    assert!(a.exact);
    assert_eq!((a.ranges.overall.min, a.ranges.overall.max), (-6, 7));
    let ba = a.ranges.skills["business_acumen"];
    let neg = a.ranges.skills["negotiation"];
    assert_eq!((ba.min, ba.max), (-3, 2));
    assert_eq!((neg.min, neg.max), (-1, 3));
    assert_eq!(a.best.choices, ["ask_usage", "deal_share"]);
    assert_eq!(a.best.ending, "agreed");
    assert_eq!(a.worst.choices, ["ask_refuse", "deal_hold"]);
    assert_eq!(a.worst.ending, "overruled");
    assert!(a.endings.iter().all(|e| e.reachable));
    // The example puts the best answer first every time, and analysis notices.
    assert!(
        a.warnings.iter().any(|w| w.contains("always the 1st option")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn trust_gates_a_later_choice() {
    let s = example();
    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.choose(&s, "ask_refuse", 0).unwrap(); // trust 50 → 40: deal_share is no longer offered
    let ids: Vec<_> = run.options(&s).iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["deal_hold"]);
    let err = run.choose(&s, "deal_share", 0).unwrap_err();
    assert_eq!(
        err,
        RunError::UnknownChoice {
            given: "deal_share".into(),
            valid: vec!["deal_hold".into()]
        }
    );
}

#[test]
fn timeout_takes_the_hidden_choice_and_is_recorded() {
    let s = example();
    let (mut run, _) = Run::start(&s, 1).unwrap();
    assert_eq!(run.timer(&s).map(|t| t.seconds), Some(30));
    assert!(
        run.options(&s).iter().all(|c| c.id != "ask_silence"),
        "timeout-only choices are not offered"
    );
    run.timeout(&s, 30_000).unwrap();
    let d = &run.decisions[0];
    assert_eq!(
        (d.choice.as_str(), d.timed_out, d.at_ms),
        ("ask_silence", true, 30_000)
    );
    assert_eq!(run.state.trust("mira"), 45);
    assert_eq!(run.timer(&s), None, "the next node is not timed");
    assert_eq!(run.timeout(&s, 0).unwrap_err(), RunError::NoTimer("deal".into()));
}

#[test]
fn same_seed_and_choices_give_the_same_run_byte_for_byte() {
    let s = example();
    let a = ron::to_string(&play(&s, 42, &["ask_usage", "deal_share"])).unwrap();
    let b = ron::to_string(&play(&s, 42, &["ask_usage", "deal_share"])).unwrap();
    assert_eq!(a, b);
    // Different seeds draw different branches at least sometimes (weights 3:1).
    let branches: std::collections::BTreeSet<String> = (0..64)
        .map(|seed| play(&s, seed, &["ask_usage"]).rolls[0].branch.to_string())
        .collect();
    assert_eq!(branches.len(), 2, "both branches occur over 64 seeds");
    let high = (0..4000)
        .filter(|&seed| play(&s, seed, &["ask_usage"]).rolls[0].branch == "usage_high")
        .count();
    assert!(
        (800..1200).contains(&high),
        "weight 1 of 4 should be drawn about 1000 times in 4000, got {high}"
    );
}

#[test]
fn a_saved_run_resumes_identically() {
    let s = example();
    let (mut run, _) = Run::start(&s, 9).unwrap();
    run.choose(&s, "ask_usage", 1_500).unwrap();
    let saved = ron::to_string(&run).unwrap();
    let mut resumed: Run = ron::from_str(&saved).unwrap();
    assert_eq!(resumed, run);
    resumed.choose(&s, "deal_share", 4_000).unwrap();
    run.choose(&s, "deal_share", 4_000).unwrap();
    assert_eq!(resumed, run);
    assert_eq!(run.ending.as_deref(), Some("agreed"));
    assert_eq!(run.draws, 1);
    assert_eq!(run.choose(&s, "deal_share", 0).unwrap_err(), RunError::Over);
}

#[test]
fn scores_normalise_against_the_scenario_range() {
    let s = example();
    let ranges = analyze(&s, 10_000).ranges;
    let best = score(&s, &play(&s, 1, &["ask_usage", "deal_share"]), &ranges);
    assert_eq!((best.overall, best.band), (100, Band::Exemplary));
    let worst = score(&s, &play(&s, 1, &["ask_refuse", "deal_hold"]), &ranges);
    assert_eq!((worst.overall, worst.band), (0, Band::Developing));
    // ask_usage then deal_hold: BA 2−2 = 0, negotiation 1: weighted 1 → (1+6)/13 = 54.
    let mixed = score(&s, &play(&s, 1, &["ask_usage", "deal_hold"]), &ranges);
    assert_eq!((mixed.overall, mixed.band), (54, Band::Competent));
    assert_eq!(mixed.skills["business_acumen"], Some(60)); // (0+3)/5
    assert_eq!(mixed.skills["negotiation"], Some(50)); // (1+1)/4
    let record = RunRecord::of(&s, &play(&s, 1, &["ask_usage", "deal_hold"]), &ranges);
    assert_eq!(record.outcome.as_deref(), Some("failure"));
    assert_eq!(record.choices, ["ask_usage", "deal_hold"]);
}

#[test]
fn past_the_state_budget_analysis_says_it_gives_bounds() {
    let s = example();
    let a = analyze(&s, 3);
    assert!(!a.exact);
    assert!(
        a.warnings.iter().any(|w| w.contains("bounds")),
        "{:?}",
        a.warnings
    );
    // Bounds ignore conditions, so they contain the exact range.
    assert!(a.ranges.overall.max >= 7 && a.ranges.overall.min <= -6);
    assert!(a.strategies.is_empty(), "strategies are not checked on bounds");
}

#[test]
fn a_loop_with_a_way_out_validates_analyses_and_plays() {
    let text = std::fs::read_to_string("tests/fixtures/valid/printer-budget.ron")
        .unwrap()
        .replace("next: \"stalled\",", "next: \"ask\",");
    // `stalled` is now unreachable: give it back a way in from the random node.
    let text = text.replace(
        "(id: \"usage_high\", weight: 1, next: \"deal\",",
        "(id: \"usage_high\", weight: 1, next: \"stalled\",",
    );
    let checked = engine::check_scenario("printer-budget.ron", text.as_bytes(), None);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let s = Story::new(checked.scenario.unwrap());
    let a = analyze(&s, 10_000);
    assert!(a.exact);
    assert_eq!(a.best.ending, "agreed");
    // Going round the loop repeatedly is possible but never needed for the extremes.
    let mut run = play(&s, 1, &["ask_refuse", "deal_hold"]);
    assert_eq!(run.node, "ask", "deal_hold leads back to the start");
    run.choose(&s, "ask_usage", 0).unwrap();
    assert!(!run.is_over() || run.ending.is_some());
}

#[test]
fn simulation_counts_every_run_and_repeats_for_the_same_seed() {
    use rapport::engine::simulate::simulate;
    let s = example();
    let ranges = analyze(&s, 10_000).ranges;
    let a = simulate(&s, &ranges, 3000, 7);
    assert_eq!(a.unfinished, 0);
    assert_eq!(a.endings.values().sum::<u64>(), 3000);
    assert_eq!(a.outcomes.values().sum::<u64>(), 3000);
    assert_eq!(a.histogram.iter().sum::<u64>(), 3000);
    assert!(
        a.endings.values().all(|&n| n > 0),
        "random play reaches both endings: {:?}",
        a.endings
    );
    // `agreed` needs ask_usage first (1 of 3: two choices plus letting the timer run out; the
    // others leave trust below 50) and then deal_share (1 of 2, no timer): about 1/6.
    let agreed = a.endings["agreed"] as f64 / 3000.0;
    assert!(
        (0.13..0.21).contains(&agreed),
        "agreed in {agreed:.3} of runs, expected about 1/6"
    );
    assert!(a.overall.p10 <= a.overall.median && a.overall.median <= a.overall.p90);
    assert_eq!(simulate(&s, &ranges, 3000, 7), a, "same seed, same result");
    assert_ne!(
        simulate(&s, &ranges, 3000, 100_000).endings,
        a.endings,
        "another seed draws differently"
    );
}
