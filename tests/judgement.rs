//! Scenarios that teach judgement, in the engine: debrief paragraphs chosen by the path,
//! placeholders and their diagnostics, exhibits (reading, conditions, evidence, replay,
//! analysis), and the content lints firing and not firing on small hand-written scenarios.

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::diagnostic::{Code, Diagnostic, Severity};
use rapport::engine::model::{Condition, Paragraphs};
use rapport::engine::replay::{ReplayError, ReplayEvent, replay, replay_exact};
use rapport::engine::run::{Reading, Run, RunError};
use rapport::engine::score::points;
use rapport::engine::text::debrief;
use rapport::engine::{self, Story};
use std::collections::BTreeSet;

const FIXTURE: &str = "tests/fixtures/judgement/invoice-dispute.ron";

fn fixture_text() -> String {
    std::fs::read_to_string(FIXTURE).unwrap()
}

fn skills() -> rapport::engine::SkillFramework {
    let text = std::fs::read("assets/skills.ron").unwrap();
    let (f, d) = engine::check_skills("assets/skills.ron", &text);
    assert!(d.is_empty(), "{d:#?}");
    f.unwrap()
}

/// All diagnostics of `text` (parse and check, with the skill framework), then its lints.
fn diagnose(text: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let c = engine::check_scenario("invoice-dispute.ron", text.as_bytes(), Some(&skills()));
    let lints = match &c.scenario {
        Some(s) => engine::lint_scenario("invoice-dispute.ron", text.as_bytes(), s),
        None => Vec::new(),
    };
    (c.diagnostics, lints)
}

/// `text` checked (as the file its id names) and resolved; it must have no errors.
fn story(text: &str) -> Story {
    let id = text
        .split("id: \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    let c = engine::check_scenario(&format!("{id}.ron"), text.as_bytes(), Some(&skills()));
    assert!(!c.has_errors(), "{:#?}", c.diagnostics);
    Story::new(c.scenario.unwrap())
}

/// The 1-based line and column where `needle` starts in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    text.replacen(from, to, 1)
}

fn with_code(ds: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    ds.iter().filter(|d| d.code == code).collect()
}

#[test]
fn the_fixture_checks_clean_without_lints() {
    let (d, lints) = diagnose(&fixture_text());
    assert!(d.is_empty(), "{d:#?}");
    assert!(lints.is_empty(), "{lints:#?}");
}

#[test]
fn an_old_single_string_debrief_is_one_unconditional_paragraph_and_writes_back_as_a_string() {
    let text = std::fs::read_to_string("tests/fixtures/valid/printer-budget.ron").unwrap();
    let s = story(&text);
    let e = s.ending("agreed").unwrap();
    let written =
        "You started from Mira's target and brought evidence, so the cut landed where it hurt least.";
    assert_eq!(e.debrief, Paragraphs::plain(written));
    let fast = engine::ronread::from_str::<rapport::engine::Scenario>(&text, 64).unwrap();
    assert_eq!(
        &fast,
        s.scenario(),
        "the fast reader reads the string form as ron does"
    );
    let (run, _) = Run::start(&s, 1).unwrap();
    assert_eq!(debrief(&s, e, &run.state).debrief, [written]);
    let back = ron::to_string(s.scenario()).unwrap();
    assert!(
        back.contains("debrief:\"You started from Mira"),
        "written back as a string: {back}"
    );
    assert_eq!(
        &ron::from_str::<rapport::engine::Scenario>(&back).unwrap(),
        s.scenario()
    );
}

#[test]
fn debrief_paragraphs_are_those_true_of_the_path_with_placeholders_filled() {
    let s = story(&fixture_text());
    // Paid without opening the invoice.
    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.choose(&s, "pay", 0).unwrap();
    run.choose(&s, "close", 0).unwrap();
    let paid = s.ending("paid").unwrap();
    let shown = debrief(&s, paid, &run.state);
    assert_eq!(
        shown.debrief,
        [
            "The month closed with £24k of the print budget left.",
            "You paid without opening the invoice."
        ]
    );
    // Opened it, then paid anyway: the other paragraph.
    let (mut run, _) = Run::start(&s, 1).unwrap();
    assert_eq!(run.read(&s, "invoice"), Ok(true));
    run.choose(&s, "pay", 0).unwrap();
    run.choose(&s, "close", 0).unwrap();
    let shown = debrief(&s, paid, &run.state);
    assert_eq!(
        shown.debrief[1],
        "You opened the invoice and still paid it as it stood."
    );
    assert_eq!(shown.debrief.len(), 2);
    // Put it off.
    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.choose(&s, "later", 0).unwrap();
    run.choose(&s, "close", 0).unwrap();
    assert_eq!(
        debrief(&s, paid, &run.state).debrief,
        [
            "The month closed with £40k of the print budget left.",
            "You put it off, and Mira closed the month without you."
        ]
    );
    // Caught it: a Flag paragraph with trust filled in, and conditional strong-leader text.
    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.read(&s, "invoice").unwrap();
    run.choose(&s, "query", 0).unwrap();
    let held = debrief(&s, s.ending("held").unwrap(), &run.state);
    assert_eq!(
        held.debrief[1],
        "Querying it cost Mira a day; her trust is at 45."
    );
    assert_eq!(held.strong_leader.len(), 2);
}

#[test]
fn beats_are_filled_in_from_the_state_on_entering() {
    let s = story(&fixture_text());
    let (mut run, entered) = Run::start(&s, 1).unwrap();
    let desk = s.node("desk").unwrap();
    assert_eq!(
        entered[0].text(desk, 0),
        "Mira Castell here. It is £16,400 and you have £40k left. Can I pay it?"
    );
    let entered = run.choose(&s, "later", 0).unwrap();
    let after = s.node("after").unwrap();
    assert_eq!(entered[0].beats, [0, 1], "trust fell below 50: Mira's line shows");
    assert_eq!(entered[0].text(after, 0), "Budget left: £40k. Mira's trust: 40.");
    assert_eq!(entered[0].text(after, 1), "Fine. But I needed this today.");
}

#[test]
fn placeholders_that_name_nothing_are_errors_at_the_brace_with_a_hint() {
    let base = fixture_text();
    let cases = [
        (
            "you have £{budget_k}k left",
            "you have £{budgt_k}k left",
            "{budgt_k}",
            "did you mean `{budget_k}`?",
        ),
        (
            "Mira's trust: {trust:mira}",
            "Mira's trust: {trust:mra}",
            "{trust:mra}",
            "did you mean `{trust:mira}`?",
        ),
        (
            "{name:mira} here",
            "{mira} here",
            "{mira}",
            "`mira` is a character: write `{name:mira}`",
        ),
        (
            "her trust is at {trust:mira}",
            "her trust is at {name:nobody_at_all}",
            "{name:nobody_at_all}",
            "declare it in `characters`, or use one of: mira",
        ),
    ];
    for (from, to, placeholder, hint) in cases {
        let text = replace_once(&base, from, to);
        let (d, _) = diagnose(&text);
        let found = with_code(&d, Code::UnknownPlaceholder);
        assert_eq!(found.len(), 1, "{to}: {d:#?}");
        let (line, column) = position_of(&text, placeholder);
        assert_eq!((found[0].line, found[0].column), (line, column), "{to}");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message.contains(placeholder), "{}", found[0].message);
        assert!(found[0].help.contains(hint), "{to}: {}", found[0].help);
    }
}

#[test]
fn malformed_placeholders_point_past_escapes_and_say_how_to_write_a_brace() {
    let base = fixture_text();
    // An escaped quote before the brace: the column is the brace's in the file.
    let text = replace_once(
        &base,
        "\"Tell her to pay it today.\"",
        "\"Tell her \\\"pay it\\\" { today.\"",
    );
    let (d, _) = diagnose(&text);
    let found = with_code(&d, Code::BadPlaceholder);
    assert_eq!(found.len(), 1, "{d:#?}");
    let (line, column) = position_of(&text, "{ today");
    assert_eq!((found[0].line, found[0].column), (line, column));
    assert!(found[0].help.contains("`{{`"), "{}", found[0].help);
    // Escaped braces are fine.
    let text = replace_once(
        &base,
        "Tell her to pay it today.",
        "Tell her {{to}} pay it today.",
    );
    let (d, _) = diagnose(&text);
    assert!(d.is_empty(), "{d:#?}");
    let s = story(&text);
    let (run, _) = Run::start(&s, 1).unwrap();
    assert_eq!(
        rapport::engine::text::interpolate(&s, &run.state, &run.options(&s)[0].text),
        "Tell her {to} pay it today."
    );
}

#[test]
fn paragraph_conditions_are_checked_like_every_condition() {
    let base = fixture_text();
    let text = replace_once(&base, "when: Chose(\"later\")", "when: Chose(\"latter\")");
    let (d, _) = diagnose(&text);
    let missing = with_code(&d, Code::MissingTarget);
    assert_eq!(missing.len(), 1, "{d:#?}");
    assert_eq!(missing[0].help, "did you mean `later`?");
    assert_eq!(
        (missing[0].line, missing[0].column),
        position_of(&text, "\"latter\"")
    );

    let text = replace_once(&base, "when: Chose(\"later\")", "when: Trust(\"mira\", Gt, 200)");
    let (d, _) = diagnose(&text);
    let never = with_code(&d, Code::NeverHolds);
    assert_eq!(never.len(), 1, "{d:#?}");
    assert!(
        never[0]
            .message
            .contains("`debrief` paragraph 4 of ending `paid`"),
        "{}",
        never[0].message
    );
}

#[test]
fn an_ending_whose_every_paragraph_is_conditional_is_warned_about() {
    let base = fixture_text();
    let text = replace_once(
        &base,
        "(text: \"The month closed with £{budget_k}k of the print budget left.\"),\n",
        "",
    );
    let (d, _) = diagnose(&text);
    let found = with_code(&d, Code::ConditionalDebrief);
    assert_eq!(found.len(), 1, "{d:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].message.contains("ending `paid`"), "{}", found[0].message);
    // `held`'s strong_leader starts with an unconditional paragraph: no warning for it.
    assert!(!found[0].message.contains("held"));
}

#[test]
fn exhibits_are_checked_unknown_unused_misplaced_and_ragged() {
    let base = fixture_text();
    let text = replace_once(
        &base,
        "exhibits: [\"invoice\", \"usage\"]",
        "exhibits: [\"invoce\", \"usage\"]",
    );
    let (d, _) = diagnose(&text);
    let missing = with_code(&d, Code::MissingTarget);
    assert_eq!(missing.len(), 1, "{d:#?}");
    assert_eq!(missing[0].message, "there is no exhibit `invoce`");
    assert_eq!(missing[0].help, "did you mean `invoice`?");
    assert_eq!(
        (missing[0].line, missing[0].column),
        position_of(&text, "\"invoce\"")
    );
    assert!(
        with_code(&d, Code::UnusedExhibit).len() == 1,
        "and `invoice` is now in no scene: {d:#?}"
    );

    let text = replace_once(&base, "when: Read(\"invoice\")", "when: Read(\"invoices\")");
    let (d, _) = diagnose(&text);
    let missing = with_code(&d, Code::MissingTarget);
    assert_eq!(missing.len(), 1, "{d:#?}");
    assert_eq!(missing[0].help, "did you mean `invoice`?");

    let text = replace_once(
        &base,
        "exhibits: [\"invoice\", \"usage\"]",
        "exhibits: [\"invoice\"]",
    );
    let (d, _) = diagnose(&text);
    let unused = with_code(&d, Code::UnusedExhibit);
    assert_eq!(unused.len(), 1, "{d:#?}");
    assert_eq!(unused[0].severity, Severity::Warning);
    assert!(unused[0].message.contains("`usage`"));
    assert_eq!(
        (unused[0].line, unused[0].column),
        position_of(&text, "\"usage\"")
    );

    let text = replace_once(
        &base,
        "(id: \"closed\", then",
        "(id: \"closed\", exhibits: [\"usage\"], then",
    );
    let (d, _) = diagnose(&text);
    let outside = with_code(&d, Code::ExhibitOutsideDecision);
    assert_eq!(outside.len(), 1, "{d:#?}");
    assert!(outside[0].is_error());

    let text = replace_once(&base, "2 | 38,500 | 11", "2 | 38,500");
    let (d, _) = diagnose(&text);
    let ragged = with_code(&d, Code::RaggedTable);
    assert_eq!(ragged.len(), 1, "{d:#?}");
    assert!(
        ragged[0]
            .message
            .contains("row 3 of table `usage` has 2 cells; the header has 3")
    );

    let text = replace_once(
        &base,
        "evidence: [(\"business_acumen\", 1)]",
        "evidence: [(\"busines_acumen\", 1)]",
    );
    let (d, _) = diagnose(&text);
    let missing = with_code(&d, Code::MissingTarget);
    assert_eq!(missing.len(), 1, "{d:#?}");
    assert_eq!(missing[0].help, "did you mean `business_acumen`?");
}

#[test]
fn reading_is_valid_only_for_the_scene_s_exhibits_and_counts_once() {
    let s = story(&fixture_text());
    let (mut run, _) = Run::start(&s, 1).unwrap();
    let offered = |run: &Run| run.options(&s).iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        offered(&run),
        ["pay", "later"],
        "the query needs the invoice read"
    );
    assert!(!run.state.holds(&Condition::Read("invoice".into())));
    assert_eq!(
        run.read(&s, "contract"),
        Err(RunError::not_here(
            "contract",
            "desk",
            &["invoice".into(), "usage".into()]
        ))
    );
    assert_eq!(run.read(&s, "invoice"), Ok(true));
    assert_eq!(
        run.read(&s, "invoice"),
        Ok(false),
        "a second opening changes nothing"
    );
    assert_eq!(
        run.reads,
        [Reading {
            exhibit: "invoice".into(),
            before: 0
        }]
    );
    assert!(run.state.holds(&Condition::Read("invoice".into())));
    assert_eq!(offered(&run), ["pay", "query", "later"]);
    run.choose(&s, "query", 0).unwrap();
    let p = points(&s, &run);
    assert_eq!(p["business_acumen"], 1 + 2, "the invoice's point and the query's");
    assert_eq!(p["negotiation"], -1);
    assert_eq!(run.read(&s, "usage"), Err(RunError::Over));

    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.choose(&s, "later", 0).unwrap();
    let e = run.read(&s, "invoice").unwrap_err();
    assert_eq!(
        e.to_string(),
        "exhibit `invoice` is not available at node `after` (this scene has no exhibits)"
    );
}

#[test]
fn saved_runs_without_reads_are_unchanged_and_reads_replay_in_order() {
    let s = story(&fixture_text());
    let (mut plain, _) = Run::start(&s, 1).unwrap();
    plain.choose(&s, "pay", 100).unwrap();
    let text = ron::to_string(&plain).unwrap();
    assert!(!text.contains("reads") && !text.contains("read:"), "{text}");
    assert_eq!(ron::from_str::<Run>(&text).unwrap(), plain);

    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.read(&s, "usage").unwrap();
    run.read(&s, "invoice").unwrap();
    run.choose(&s, "query", 2_000).unwrap();
    let text = ron::to_string(&run).unwrap();
    let back: Run = ron::from_str(&text).unwrap();
    assert_eq!(back, run);
    let mut events = Vec::new();
    replay_exact(&s, 1, &back, |e| {
        events.push(match e {
            ReplayEvent::Started { .. } => "start".to_string(),
            ReplayEvent::Read { index, exhibit, .. } => format!("read {exhibit} at {index}"),
            ReplayEvent::Offered { index, offered, .. } => format!("offered {index}: {}", offered.len()),
            ReplayEvent::Decided { index, .. } => format!("decided {index}"),
        })
    })
    .unwrap();
    assert_eq!(
        events,
        [
            "start",
            "read usage at 0",
            "read invoice at 0",
            "offered 0: 3",
            "decided 0"
        ]
    );

    // A reading recorded where that scene has no exhibits does not replay, and says which.
    let (mut later, _) = Run::start(&s, 1).unwrap();
    later.choose(&s, "later", 0).unwrap();
    later.choose(&s, "close", 0).unwrap();
    let reads = [Reading {
        exhibit: "usage".into(),
        before: 1,
    }];
    let e = replay(&s, 1, &later.decisions, &reads, |_| {}).unwrap_err();
    assert!(
        matches!(&e, ReplayError::Read { index: 0, exhibit, .. } if exhibit == "usage"),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("reading 1 (`usage`): exhibit `usage` is not available at node `after`"),
        "{e}"
    );
    // Without the reading the query is never offered: the decision fails.
    let e = replay(&s, 1, &run.decisions, &[], |_| {}).unwrap_err();
    assert!(matches!(e, ReplayError::Decision { index: 0, .. }), "{e:?}");
}

/// Every complete play of `s` from `seed` (readings in any combination before each decision,
/// every offered choice), as (weighted total, ending). The fixture has no random nodes.
fn every_play(s: &Story, run: Run, out: &mut Vec<(i64, String)>) {
    if let Some(e) = &run.ending {
        let p = points(s, &run);
        let total = rapport::engine::score::weighted(s, &p);
        out.push((total, e.clone()));
        return;
    }
    for x in run.exhibits(s) {
        if !run.state.read.contains(&x.id) {
            let mut r = run.clone();
            r.read(s, &x.id).unwrap();
            every_play(s, r, out);
        }
    }
    for c in run.options(s) {
        let mut r = run.clone();
        r.choose(s, &c.id, 0).unwrap();
        every_play(s, r, out);
    }
}

#[test]
fn analysis_treats_reading_as_a_free_action_and_agrees_with_every_play() {
    let s = story(&fixture_text());
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    assert!(a.exact);
    let mut plays = Vec::new();
    every_play(&s, Run::start(&s, 1).unwrap().0, &mut plays);
    let min = plays.iter().map(|p| p.0).min().unwrap();
    let max = plays.iter().map(|p| p.0).max().unwrap();
    // By hand: best is invoice (+1 BA) and query (+2 BA, -1 N) = 3×2 - 1; worst pay, close.
    assert_eq!((min, max), (-1, 5));
    assert_eq!((a.ranges.overall.min, a.ranges.overall.max), (min, max));
    assert_eq!(
        (
            a.ranges.skills["business_acumen"].min,
            a.ranges.skills["business_acumen"].max
        ),
        (-1, 3)
    );
    let reachable: BTreeSet<String> = plays.iter().map(|p| p.1.clone()).collect();
    for e in &a.endings {
        assert_eq!(e.reachable, reachable.contains(&e.id), "{}", e.id);
    }
    assert!(
        a.endings.iter().all(|e| e.reachable),
        "`held` is only reached through a reading"
    );
    assert_eq!(a.best.choices, ["read:invoice", "query"]);
    assert!(a.stuck.is_empty(), "{:?}", a.stuck);
    assert!(
        !a.warnings.iter().any(|w| w.contains("cannot be reached")),
        "{:?}",
        a.warnings
    );

    let sim = rapport::engine::simulate::simulate(&s, &a.ranges, 400, 3);
    assert_eq!(sim.unfinished, 0);
    assert!(
        sim.endings.get("held").copied().unwrap_or(0) > 0,
        "{:?}",
        sim.endings
    );
}

#[test]
fn a_decision_whose_only_choice_needs_a_reading_is_not_stuck() {
    let text = replace_once(
        &fixture_text(),
        "(id: \"closed\", then: End(\"paid\")),",
        "(id: \"closed\", then: End(\"paid\")),\n(id: \"gate\", exhibits: [\"usage\"], then: Choices([(id: \"go\", text: \"Go on.\", when: Read(\"usage\"), skills: [(skill: \"negotiation\", points: 1, why: \"Reading first.\")], next: \"closed\", coach: \"c\")])),",
    );
    let text = replace_once(
        &text,
        "next: \"closed\",\n                    coach: \"The month",
        "next: \"gate\",\n                    coach: \"The month",
    );
    let s = story(&text);
    let (mut run, _) = Run::start(&s, 1).unwrap();
    run.choose(&s, "pay", 0).unwrap();
    run.choose(&s, "close", 0)
        .expect("the gate waits for a reading, it is not stuck");
    assert_eq!(run.node, "gate");
    assert!(run.options(&s).is_empty());
    run.read(&s, "usage").unwrap();
    assert_eq!(run.options(&s).len(), 1);
    run.choose(&s, "go", 0).unwrap();
    assert_eq!(run.ending.as_deref(), Some("paid"));
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    assert!(a.stuck.is_empty(), "{:?}", a.stuck);
    assert!(a.endings.iter().all(|e| e.reachable));
}

// ---- content lints on small hand-written scenarios ----

/// A one-decision scenario: `vars` declared, a beat with `beat_when`, the decision's
/// `choices` (leading to `x` or `y`), one ending with `debrief`.
fn tiny(vars: &str, beat_when: &str, choices: &str, debrief: &str) -> String {
    format!(
        r#"Scenario(
    id: "t", version: 1, title: "T", summary: "S", role: "R", setting: "S", minutes: 1,
    difficulty: Introductory, objectives: ["O"],
    assesses: [("negotiation", 1), ("business_acumen", 1)],
    characters: [(id: "ann", name: "Ann Lee", title: "CFO", profile: "P", trust: 50)],
    variables: [{vars}],
    start: "d",
    nodes: [
        (id: "d", beats: [Narrate(text: "Go."{beat_when})], then: Choices([{choices}])),
        (id: "x", then: Goto("y")),
        (id: "y", then: End("e")),
    ],
    endings: [(id: "e", title: "E", outcome: Success, debrief: {debrief}, strong_leader: "S")],
    debrief_questions: ["Q"],
)"#
    )
}

/// One choice: its points per skill, its effects, where it leads.
fn choice(id: &str, points: &[(&str, i32)], effects: &str, next: &str) -> String {
    let skills: Vec<String> = points
        .iter()
        .map(|(k, p)| format!("(skill: \"{k}\", points: {p}, why: \"Because.\")"))
        .collect();
    format!(
        "(id: \"{id}\", text: \"{id}\", skills: [{}], effects: [{effects}], next: \"{next}\", coach: \"c\"),",
        skills.join(", ")
    )
}

const READS_TRUST: &str = ", when: Trust(\"ann\", Ge, 10)";

/// The codes of the lints of `text` (which must check without errors), in order.
fn lints(text: &str) -> Vec<(Code, String)> {
    let c = engine::check_scenario("t.ron", text.as_bytes(), Some(&skills()));
    assert!(!c.has_errors(), "{:#?}", c.diagnostics);
    assert!(c.diagnostics.iter().all(|d| !d.is_lint()), "lints are kept apart");
    let ls = engine::lint_scenario("t.ron", text.as_bytes(), c.scenario.as_ref().unwrap());
    assert!(ls.iter().all(|d| d.severity == Severity::Lint));
    ls.into_iter().map(|d| (d.code, d.message)).collect()
}

fn codes(text: &str) -> Vec<Code> {
    lints(text).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn free_answer_fires_when_one_option_scores_and_costs_nothing() {
    let a = choice("a", &[("negotiation", 2)], "", "x");
    let b = choice("b", &[("negotiation", -1)], "", "y");
    let found = lints(&tiny("", READS_TRUST, &(a.clone() + &b), "\"D\""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::FreeAnswer);
    assert!(
        found[0].1.contains("`a` is the only option that scores"),
        "{}",
        found[0].1
    );
    // A price in trust, in a negative point, or spent from a variable: not free.
    for costly in [
        choice("a", &[("negotiation", 2)], "Trust(\"ann\", -5)", "x"),
        choice("a", &[("negotiation", 2), ("business_acumen", -1)], "", "x"),
        choice("a", &[("negotiation", 2)], "Add(\"hours_left\", -2)", "x"),
    ] {
        let text = tiny(
            "Int(id: \"hours_left\", initial: 8, label: \"Hours left\")",
            READS_TRUST,
            &(costly + &b),
            "\"D\"",
        );
        assert!(!codes(&text).contains(&Code::FreeAnswer), "{text}");
    }
    // Two options that score: a dilemma, not a free answer.
    let b_scores = choice("b", &[("business_acumen", 1)], "", "y");
    assert!(codes(&tiny("", READS_TRUST, &(a.clone() + &b_scores), "\"D\"")).is_empty());
    // A single option is no decision to judge.
    assert!(codes(&tiny("", READS_TRUST, &a, "\"D\"")).is_empty());
}

#[test]
fn dominated_option_fires_only_for_the_same_consequences_and_no_better_anywhere() {
    let a = choice("a", &[("negotiation", 1)], "", "x");
    let b = choice("b", &[("negotiation", 2)], "", "x");
    let found = lints(&tiny("", READS_TRUST, &(a.clone() + &b), "\"D\""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::DominatedOption);
    assert!(found[0].1.contains("`a` is dominated by `b`"), "{}", found[0].1);
    // Trust counts as an effect that can be worse.
    let a_trust = choice("a", &[("negotiation", 2)], "Trust(\"ann\", -5)", "x");
    let found = codes(&tiny("", READS_TRUST, &(a_trust + &b), "\"D\""));
    assert_eq!(found, [Code::DominatedOption]);
    // Not when it leads elsewhere, is better on one skill, or is equal everywhere.
    for (other, why) in [
        (choice("b", &[("negotiation", 2)], "", "y"), "another place"),
        (
            choice("b", &[("negotiation", 2), ("business_acumen", -1)], "", "x"),
            "a strength",
        ),
        (choice("b", &[("negotiation", 1)], "", "x"), "equal"),
    ] {
        assert!(
            !codes(&tiny("", READS_TRUST, &(a.clone() + &other), "\"D\"")).contains(&Code::DominatedOption),
            "{why}"
        );
    }
    // Not when a later condition tells the two apart.
    let text = tiny(
        "",
        READS_TRUST,
        &(a + &b),
        "[(text: \"D\"), (text: \"Took a.\", when: Chose(\"a\"))]",
    );
    assert!(!codes(&text).contains(&Code::DominatedOption));
}

#[test]
fn decorative_trust_fires_when_no_condition_reads_a_character_s_trust() {
    let a = choice("a", &[("negotiation", 1)], "Trust(\"ann\", 5)", "x");
    let b = choice("b", &[("business_acumen", 1)], "", "y");
    let found = lints(&tiny("", "", &(a.clone() + &b), "\"D\""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::DecorativeTrust);
    assert!(found[0].1.contains("`ann`"));
    assert!(codes(&tiny("", READS_TRUST, &(a.clone() + &b), "\"D\"")).is_empty());
    // A debrief paragraph reading it counts too.
    let text = tiny(
        "",
        "",
        &(a + &b),
        "[(text: \"D\"), (text: \"Ann trusts you.\", when: Trust(\"ann\", Ge, 55))]",
    );
    assert!(codes(&text).is_empty(), "{:?}", lints(&text));
}

#[test]
fn unread_flag_fires_for_a_variable_set_that_nothing_reads_or_shows() {
    let set = choice("a", &[("negotiation", 1)], "Flag(\"noted\", true)", "x");
    let b = choice("b", &[("business_acumen", 1)], "", "y");
    let vars = "Flag(id: \"noted\", initial: false)";
    let found = lints(&tiny(vars, READS_TRUST, &(set.clone() + &b), "\"D\""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::UnreadFlag);
    assert!(found[0].1.contains("`noted` is set but never read"));
    // Shown with a label, read by a condition, or shown through a placeholder: not unread.
    let labelled = "Flag(id: \"noted\", initial: false, label: \"Noted\")";
    assert!(codes(&tiny(labelled, READS_TRUST, &(set.clone() + &b), "\"D\"")).is_empty());
    let read = tiny(
        vars,
        READS_TRUST,
        &(set.clone() + &b),
        "[(text: \"D\"), (text: \"N.\", when: Flag(\"noted\"))]",
    );
    assert!(codes(&read).is_empty());
    let shown = tiny(vars, READS_TRUST, &(set + &b), "\"Noted: {noted}.\"");
    assert!(codes(&shown).is_empty(), "{:?}", lints(&shown));
    // Declared but never set: nothing to lint (no effect writes it).
    assert!(
        codes(&tiny(
            vars,
            READS_TRUST,
            &(choice("a", &[("negotiation", 1)], "", "x") + &b),
            "\"D\""
        ))
        .is_empty()
    );
}

#[test]
fn the_documented_example_has_two_free_answers_at_their_choices() {
    let text = std::fs::read_to_string("tests/fixtures/valid/printer-budget.ron").unwrap();
    let c = engine::check_scenario("printer-budget.ron", text.as_bytes(), Some(&skills()));
    assert!(c.diagnostics.is_empty());
    let ls = engine::lint_scenario(
        "printer-budget.ron",
        text.as_bytes(),
        c.scenario.as_ref().unwrap(),
    );
    let at: Vec<(Code, usize, usize)> = ls.iter().map(|d| (d.code, d.line, d.column)).collect();
    let pos = |needle: &str| {
        let (l, c) = position_of(&text, needle);
        (l, c + "id: ".len())
    };
    let (l1, c1) = pos("id: \"ask_usage\"");
    let (l2, c2) = pos("id: \"deal_share\"");
    assert_eq!(at, [(Code::FreeAnswer, l1, c1), (Code::FreeAnswer, l2, c2)]);
}

#[test]
fn simulated_playthroughs_replay_with_their_readings_through_run() {
    let s = story(&fixture_text());
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    let sim = rapport::engine::simulate::Simulator::new(&s);
    let mut read_some = 0;
    for seed in 0..200 {
        let t = sim.trace(&a.ranges, seed).unwrap();
        assert!(t.decisions.iter().all(|(c, _)| !c.starts_with("read:")), "{t:?}");
        read_some += usize::from(!t.reads.is_empty());
        let decisions: Vec<rapport::engine::run::Decision> = {
            // Drive a run with the trace's decisions and readings, as a saved run would replay.
            let (mut run, _) = Run::start(&s, seed).unwrap();
            let mut reads = t.reads.iter().peekable();
            for (i, (c, _)) in t.decisions.iter().enumerate() {
                while let Some(r) = reads.next_if(|r| r.before == i) {
                    run.read(&s, &r.exhibit).unwrap();
                }
                run.choose(&s, c, 0)
                    .unwrap_or_else(|e| panic!("seed {seed}: `{c}`: {e}"));
            }
            assert_eq!(run.ending.as_deref(), Some(t.ending.as_str()), "seed {seed}");
            assert_eq!(run.reads, t.reads, "seed {seed}");
            let p = points(&s, &run);
            for (k, v) in &t.points {
                assert_eq!(p.get(k).copied().unwrap_or(0), *v, "seed {seed}: `{k}`");
            }
            run.decisions
        };
        let replayed = replay(&s, seed, &decisions, &t.reads, |_| {}).unwrap();
        assert_eq!(replayed.ending.as_deref(), Some(t.ending.as_str()));
    }
    assert!(
        read_some > 20,
        "the random player opens exhibits ({read_some} of 200)"
    );
}

#[test]
fn fixed_strategies_decide_and_do_not_spend_their_pick_on_reading() {
    // The usage table now scores 3 negotiation points. A strategy that treated opening it as
    // an option would take it as its "4th option" at the desk; a fixed strategy decides.
    let text = replace_once(
        &fixture_text(),
        "body: \"Floor | Pages | Toner cartridges\\n1 | 41,000 | 12\\n2 | 38,500 | 11\",",
        "body: \"Floor | Pages | Toner cartridges\\n1 | 41,000 | 12\\n2 | 38,500 | 11\",\n            evidence: [(\"negotiation\", 3)],",
    );
    let s = story(&text);
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    // By hand: best opens both and queries (BA 1 + 2, N 3 - 1: 3×2 + 2 = 8), worst pays (-1).
    assert_eq!((a.ranges.overall.min, a.ranges.overall.max), (-1, 8));
    assert_eq!(a.best.choices, ["read:invoice", "read:usage", "query"]);
    let expected = |name: &str| a.strategies.iter().find(|st| st.name == name).unwrap().expected;
    // "always the 4th option" of [pay, later] is `later`, then `close`: 0 points, 1/9 = 11/100
    // (reading first would have made it 2×1 + 3 = 5 points, 67/100).
    assert_eq!(expected("always the 4th option"), Some(11));
    assert_eq!(expected("always the 1st option"), Some(0), "pay: the worst path");
}
