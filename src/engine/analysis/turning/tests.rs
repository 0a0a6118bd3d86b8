//! Turning points on small hand-worked scenarios: every expected number is worked out by hand
//! in the comments, not by running the code.

use super::*;
use crate::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};

/// A scenario around `nodes` and `endings`, assessing `a` (weight 2) and `b` (weight 1).
fn story(nodes: &str) -> Story {
    let text = format!(
        r#"Scenario(
    id: "turns", version: 1, title: "T", summary: "S", role: "R", setting: "Here.",
    minutes: 1, difficulty: Introductory, objectives: ["O"],
    assesses: [("a", 2), ("b", 1)],
    characters: [(id: "x", name: "X", title: "T", profile: "P", trust: 50)],
    variables: [Flag(id: "stalled", initial: false), Flag(id: "cold", initial: false)],
    start: "one",
    nodes: [{nodes}],
    endings: [
        (id: "won", title: "Won", outcome: Success, debrief: "D", strong_leader: "L"),
        (id: "half", title: "Half", outcome: Partial, debrief: "D", strong_leader: "L"),
        (id: "lost", title: "Lost", outcome: Failure, debrief: "D", strong_leader: "L"),
    ],
)"#
    );
    let checked = crate::engine::check_scenario("turns.ron", text.as_bytes(), None);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    Story::new(checked.scenario.unwrap())
}

fn choice(id: &str, skills: &str, extra: &str, next: &str) -> String {
    let skills: Vec<String> = skills
        .split_whitespace()
        .map(|e| {
            let (k, p) = e.split_at(1);
            let p = p.trim_start_matches('+');
            format!("(skill: \"{k}\", points: {p}, why: \"W\")")
        })
        .collect();
    format!(
        "(id: \"{id}\", text: \"Say {id}.\", skills: [{}], {extra} next: \"{next}\")",
        skills.join(", ")
    )
}

/// Three decisions. Weighted points (a counts 2, b 1): listen 4, rush 1, commit 2, stall 1
/// (and sets `stalled`), close 2 (only while not stalled, to `won`), settle 1 (`half`),
/// quit -2 (`lost`).
///
/// Every path: listen-commit-close 8 (success), listen-commit-settle 7, listen-commit-quit 4,
/// listen-stall-settle 6 (partial), listen-stall-quit 3, rush-commit-close 5 (success),
/// rush-commit-settle 4, rush-commit-quit 1, rush-stall-settle 3, rush-stall-quit 0.
/// So the overall range is 0–8 and a score is round(points × 100 / 8): 8 → 100, 6 → 75,
/// 5 → 63 (62.5 rounds up), 4 → 50.
fn three() -> Story {
    let one = [
        choice("one_listen", "a+2", "", "two"),
        choice("one_rush", "b+1", "", "two"),
    ];
    let two = [
        choice("two_commit", "a+1", "", "three"),
        choice("two_stall", "b+1", "effects: [Flag(\"stalled\", true)],", "three"),
    ];
    let three = [
        choice("three_close", "a+1", "when: Not(Flag(\"stalled\")),", "won_end"),
        choice("three_settle", "b+1", "", "half_end"),
        choice("three_quit", "a-1", "", "lost_end"),
    ];
    story(&format!(
        r#"(id: "one", then: Choices([{}])),
        (id: "two", then: Choices([{}])),
        (id: "three", then: Choices([{}])),
        (id: "won_end", then: End("won")),
        (id: "half_end", then: End("half")),
        (id: "lost_end", then: End("lost"))"#,
        one.join(", "),
        two.join(", "),
        three.join(", ")
    ))
}

fn play(s: &Story, seed: u64, choices: &[&str]) -> Run {
    let (mut run, _) = Run::start(s, seed).unwrap();
    for c in choices {
        run.choose(s, c, 0).unwrap();
    }
    run
}

fn judge(s: &Story, run: &Run, budget: usize) -> Turning {
    let ranges = analyze(s, DEFAULT_STATE_BUDGET).ranges;
    turning_points(s, run, &ranges, budget).unwrap()
}

fn reach(outcome: Outcome, points: i64, score: u32) -> Option<Reach> {
    Some(Reach {
        outcome,
        points,
        score,
    })
}

#[test]
fn the_best_path_has_no_turning_point() {
    let s = three();
    let t = judge(
        &s,
        &play(&s, 1, &["one_listen", "two_commit", "three_close"]),
        DEFAULT_STATE_BUDGET,
    );
    assert!(t.exact);
    assert_eq!(t.decisions.len(), 3);
    // Success and 8 points are reachable throughout, and the run got exactly that.
    for d in &t.decisions {
        assert_eq!(d.before, reach(Outcome::Success, 8, 100), "decision {}", d.number);
        assert_eq!(d.after, d.before, "decision {}", d.number);
        assert!(d.turn.is_none());
    }
    assert_eq!(t.turns().count(), 0);
    // Decision 1's options: rush still reaches success, at 1 + 2 + 2 = 5 points (63).
    let o = &t.decisions[0].options;
    assert_eq!(o.len(), 2);
    assert_eq!(o[1].choice, "one_rush");
    assert_eq!(o[1].reach, reach(Outcome::Success, 5, 63));
}

#[test]
fn success_becomes_impossible_at_decision_two() {
    let s = three();
    let t = judge(
        &s,
        &play(&s, 1, &["one_listen", "two_stall", "three_settle"]),
        DEFAULT_STATE_BUDGET,
    );
    let d = &t.decisions;
    // Decision 1: listen keeps success at 8.
    assert_eq!(d[0].before, reach(Outcome::Success, 8, 100));
    assert_eq!(d[0].after, reach(Outcome::Success, 8, 100));
    assert!(d[0].turn.is_none());
    // Decision 2: before, commit-close reaches success at 4 + 2 + 2 = 8. After stall, close
    // is closed: the best is settle, partial, at 4 + 1 + 1 = 6 (75).
    assert_eq!(d[1].before, reach(Outcome::Success, 8, 100));
    assert_eq!(d[1].after, reach(Outcome::Partial, 6, 75));
    let turn = d[1].turn.as_ref().expect("decision 2 is a turning point");
    assert_eq!(turn.fell, Fell::Outcome);
    assert_eq!(turn.keep, "two_commit");
    assert!(!turn.keep_timeout);
    assert_eq!(turn.reach, reach(Outcome::Success, 8, 100).unwrap());
    assert_eq!(turn.path.choices, ["two_commit", "three_close"]);
    assert_eq!(turn.path.ending, "won");
    assert_eq!(turn.path.total, 4, "commit 2 + close 2");
    // From decision 2 on: commit-close scores a 1 + 1 = 2, b 0; stall-settle a 0, b 1 + 1 = 2.
    assert_eq!(
        turn.skills,
        [
            SkillDiff {
                skill: "a".into(),
                keep: 2,
                chosen: 0
            },
            SkillDiff {
                skill: "b".into(),
                keep: 0,
                chosen: 2
            },
        ]
    );
    // Decision 3: only settle (partial, 6) and quit (failure, 3) are offered; settle keeps it.
    assert_eq!(d[2].before, reach(Outcome::Partial, 6, 75));
    assert_eq!(d[2].after, reach(Outcome::Partial, 6, 75));
    assert_eq!(d[2].options.len(), 2);
    assert_eq!(d[2].options[1].reach, reach(Outcome::Failure, 3, 38));
    assert_eq!(t.turns().map(|(d, _)| d.number).collect::<Vec<_>>(), [2]);
}

#[test]
fn a_score_only_drop_names_the_option_that_kept_the_score() {
    let s = three();
    let t = judge(
        &s,
        &play(&s, 1, &["one_rush", "two_commit", "three_close"]),
        DEFAULT_STATE_BUDGET,
    );
    let d = &t.decisions[0];
    // Rush still reaches success, but at best 1 + 2 + 2 = 5 (63) instead of 8.
    assert_eq!(d.before, reach(Outcome::Success, 8, 100));
    assert_eq!(d.after, reach(Outcome::Success, 5, 63));
    let turn = d.turn.as_ref().unwrap();
    assert_eq!(turn.fell, Fell::Score);
    assert_eq!(turn.keep, "one_listen");
    assert_eq!(turn.path.choices, ["one_listen", "two_commit", "three_close"]);
    // listen-commit-close: a 2 + 1 + 1 = 4, b 0; rush-commit-close: a 0 + 1 + 1 = 2, b 1.
    let diff: Vec<(&str, i64, i64)> = turn
        .skills
        .iter()
        .map(|d| (d.skill.as_str(), d.keep, d.chosen))
        .collect();
    assert_eq!(diff, [("a", 4, 2), ("b", 0, 1)]);
    // Nothing else fell: 5 stays reachable to the end.
    assert!(t.decisions[1].turn.is_none() && t.decisions[2].turn.is_none());
    assert_eq!(t.decisions[2].after, reach(Outcome::Success, 5, 63));
}

/// One decision, a coin, one decision. Weighted points: bold 4 (a+2), safe 1 (b+1),
/// ask 2 (a+1, only while the coin did not come up `cold`, to `won`), wait 1 (b+1, `half`).
/// Bold leads to the coin (`warm` or `cold`, weight 1 each), safe straight to the close.
///
/// Paths: bold-warm-ask 6 (success), bold-warm-wait 5, bold-cold-wait 5 (partial),
/// safe-ask 3 (success), safe-wait 2. Range 2–6: 6 → 100, 5 → 75, 3 → 25.
fn coin() -> Story {
    let pitch = [
        choice("pitch_bold", "a+2", "", "coin"),
        choice("pitch_safe", "b+1", "", "close"),
    ];
    let close = [
        choice("close_ask", "a+1", "when: Not(Flag(\"cold\")),", "won_end"),
        choice("close_wait", "b+1", "", "half_end"),
    ];
    story(&format!(
        r#"(id: "one", then: Choices([{}])),
        (id: "coin", then: Random([
            (id: "warm", weight: 1, next: "close"),
            (id: "cold", weight: 1, effects: [Flag("cold", true)], next: "close"),
        ])),
        (id: "close", then: Choices([{}])),
        (id: "won_end", then: End("won")),
        (id: "half_end", then: End("half"))"#,
        pitch.join(", "),
        close.join(", ")
    ))
}

/// The first seed whose run, choosing `first`, draws `branch` at the coin.
fn seed_drawing(s: &Story, branch: &str) -> u64 {
    (1..100)
        .find(|&seed| play(s, seed, &["pitch_bold"]).rolls[0].branch == branch)
        .expect("both sides of a fair coin come up within 100 seeds")
}

#[test]
fn chance_is_fixed_as_the_run_drew_it() {
    let s = coin();
    // Cold: with that luck, bold can only wait (partial, 4 + 1 = 5), while safe still asks
    // (success, 1 + 2 = 3). Success fell at decision 1; safe would have kept it.
    let cold = seed_drawing(&s, "cold");
    let t = judge(
        &s,
        &play(&s, cold, &["pitch_bold", "close_wait"]),
        DEFAULT_STATE_BUDGET,
    );
    let d = &t.decisions[0];
    assert_eq!(
        d.before,
        reach(Outcome::Success, 5, 75),
        "success via safe, 5 points via bold"
    );
    assert_eq!(d.after, reach(Outcome::Partial, 5, 75));
    let turn = d.turn.as_ref().unwrap();
    assert_eq!((turn.fell, turn.keep.as_str()), (Fell::Outcome, "pitch_safe"));
    assert_eq!(turn.path.choices, ["pitch_safe", "close_ask"]);
    assert!(turn.path.branches.is_empty());
    assert_eq!(turn.reach, reach(Outcome::Success, 3, 25).unwrap());
    // Warm: bold-warm-ask is success at 6, and nothing fell (the worst case over the coin
    // would have said bold gives up success; the run did not have that luck).
    let warm = seed_drawing(&s, "warm");
    let t = judge(
        &s,
        &play(&s, warm, &["pitch_bold", "close_ask"]),
        DEFAULT_STATE_BUDGET,
    );
    assert_eq!(t.decisions[0].before, reach(Outcome::Success, 6, 100));
    assert_eq!(t.decisions[0].after, reach(Outcome::Success, 6, 100));
    assert_eq!(t.turns().count(), 0);
}

#[test]
fn chance_the_run_never_met_counts_at_its_worst() {
    let s = coin();
    // Safe never reaches the coin, so bold is counted at the coin's worst: by outcome, cold
    // (partial); by points, cold too (bold-cold-wait 5 < bold-warm-ask 6). Before: success
    // (via safe-ask) and 5 points (via bold); after safe: success at 3.
    let t = judge(
        &s,
        &play(&s, 1, &["pitch_safe", "close_ask"]),
        DEFAULT_STATE_BUDGET,
    );
    let d = &t.decisions[0];
    assert_eq!(d.before, reach(Outcome::Success, 5, 75));
    assert_eq!(d.after, reach(Outcome::Success, 3, 25));
    let turn = d.turn.as_ref().unwrap();
    assert_eq!((turn.fell, turn.keep.as_str()), (Fell::Score, "pitch_bold"));
    assert_eq!(turn.path.choices, ["pitch_bold", "close_wait"]);
    assert_eq!(turn.path.branches, ["cold"]);
    assert_eq!(turn.path.ending, "half");
}

#[test]
fn past_the_budget_the_values_are_bounds_and_say_so() {
    let s = three();
    let run = play(&s, 1, &["one_listen", "two_stall", "three_settle"]);
    let t = judge(&s, &run, 1);
    assert!(!t.exact);
    assert!(t.decisions.iter().all(|d| !d.exact));
    // On the node graph every condition holds, so after stall, close counts again: at most
    // success at 4 + 1 + 2 = 7 (88), against at most 8 before: a score drop, not proven.
    let d = &t.decisions[1];
    assert_eq!(d.before, reach(Outcome::Success, 8, 100));
    assert_eq!(d.after, reach(Outcome::Success, 7, 88));
    assert_eq!(
        d.turn.as_ref().map(|t| (t.fell, t.keep.as_str())),
        Some((Fell::Score, "two_commit"))
    );
    // At decision 3 only the options offered count: settle, at most 6.
    assert_eq!(t.decisions[2].before, reach(Outcome::Partial, 6, 75));
    // With the whole budget the same run is exact (and decision 2 lost success).
    let exact = judge(&s, &run, DEFAULT_STATE_BUDGET);
    assert!(exact.exact);
    assert_eq!(
        exact.decisions[1].turn.as_ref().map(|t| t.fell),
        Some(Fell::Outcome)
    );
}

#[test]
fn only_the_largest_score_drops_are_turning_points() {
    // Five decisions in a row, each "good" (a+1, 2 points) or "poor" (0); all paths end in
    // success. Played poor, poor, poor, good, poor: four drops of 2 points each. Only the
    // first three (the earlier among equals) are kept.
    let mut nodes = Vec::new();
    for k in 1..=5 {
        let next = if k == 5 {
            "won_end".to_string()
        } else {
            format!("n{}", k + 1)
        };
        let id = if k == 1 {
            "one".to_string()
        } else {
            format!("n{k}")
        };
        let cs = [
            choice(&format!("good{k}"), "a+1", "", &next),
            choice(&format!("poor{k}"), "", "", &next),
        ];
        nodes.push(format!("(id: \"{id}\", then: Choices([{}]))", cs.join(", ")));
    }
    nodes.push("(id: \"won_end\", then: End(\"won\"))".into());
    let s = story(&nodes.join(",\n"));
    let run = play(&s, 1, &["poor1", "poor2", "poor3", "good4", "poor5"]);
    let t = judge(&s, &run, DEFAULT_STATE_BUDGET);
    // Before decision 1 the best is 10; each poor choice loses 2; the run ends at 2.
    let points: Vec<i64> = t.decisions.iter().map(|d| d.after.unwrap().points).collect();
    assert_eq!(points, [8, 6, 4, 4, 2]);
    assert_eq!(t.turns().map(|(d, _)| d.number).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn on_the_library_the_best_reachable_only_falls_and_ends_at_the_run() {
    // Without loops the run's own path is always counted: each decision's "before" is the
    // last one's "after", and the last "after" is exactly the run's ending and points.
    for text in [
        include_str!("../../../../scenarios/outage-briefing.ron"),
        include_str!("../../../../scenarios/honest-feedback.ron"),
        include_str!("../../../../tests/fixtures/valid/printer-budget.ron"),
    ] {
        let s = Story::new(
            crate::engine::load::scenario("x.ron", text.as_bytes())
                .value
                .unwrap(),
        );
        let a = analyze(&s, DEFAULT_STATE_BUDGET);
        for seed in 1..4u64 {
            let (mut run, _) = Run::start(&s, seed).unwrap();
            let mut k = seed as usize;
            while !run.is_over() {
                let options = run.options(&s);
                let id = options[k % options.len()].id.clone();
                k = k * 7 + 3;
                run.choose(&s, &id, 0).unwrap();
            }
            let t = turning_points(&s, &run, &a.ranges, DEFAULT_STATE_BUDGET).unwrap();
            assert!(t.exact, "{}", s.id);
            let d = &t.decisions;
            assert_eq!(d.len(), run.decisions.len());
            for w in d.windows(2) {
                assert_eq!(
                    w[0].after, w[1].before,
                    "{} seed {seed} decision {}",
                    s.id, w[1].number
                );
            }
            for j in d {
                let (b, a) = (j.before.unwrap(), j.after.unwrap());
                assert!(rank(b.outcome) >= rank(a.outcome) && b.points >= a.points);
                assert_eq!(
                    j.turn.is_some() && j.turn.as_ref().unwrap().fell == Fell::Outcome,
                    b.outcome != a.outcome
                );
            }
            let last = d.last().unwrap().after.unwrap();
            let ending = s.ending(run.ending.as_deref().unwrap()).unwrap();
            assert_eq!(last.outcome, ending.outcome, "{} seed {seed}", s.id);
            let rec = crate::engine::score::score(&s, &run, &a.ranges);
            assert_eq!(last.score, rec.overall, "{} seed {seed}", s.id);
        }
    }
}

#[test]
fn a_run_that_does_not_replay_is_an_error() {
    let s = three();
    let mut run = play(&s, 1, &["one_listen", "two_commit"]);
    run.decisions[1].choice = "nope".into();
    let ranges = analyze(&s, DEFAULT_STATE_BUDGET).ranges;
    let e = turning_points(&s, &run, &ranges, DEFAULT_STATE_BUDGET).unwrap_err();
    assert!(matches!(e, ReplayError::Decision { index: 1, .. }), "{e:?}");
}
