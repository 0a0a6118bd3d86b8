//! `Run` against its own past: walks through every bundled scenario, the documented example,
//! generated scenarios and deliberately broken variants of them — choosing, letting timers
//! run out, naming choices that are not offered, reseeding mid-run as the benchmark does and
//! carrying on past the ending — must give exactly the output recorded in
//! `tests/fixtures/runs/` when those files were written: the same offered choices, entered
//! nodes and beats, errors, and final `Run`, down to its serialised text. `walks.txt` holds
//! one digest per walk; `runs.ron` holds a few whole runs, which must also still load.
//!
//! The fixtures are the engine's behaviour, not a snapshot to refresh: rewrite them
//! (`RAPPORT_BLESS_RUNS=1 cargo test --test run_replay`) only for a change meant to alter
//! what a run does, and say so in the commit.

use rapport::engine::generate::generate;
use rapport::engine::model::{Condition, Scenario, Then};
use rapport::engine::run::Run;
use std::fmt::Write as _;
use std::path::Path;

const WALKS: &str = "tests/fixtures/runs/walks.txt";
const RUNS: &str = "tests/fixtures/runs/runs.ron";
/// Walks per scenario (seeds `0..SEEDS`).
const SEEDS: u64 = 12;
/// Scenarios whose seed-1 walk is also kept whole in `runs.ron`.
const WHOLE: [&str; 4] = [
    "printer-budget",
    "outage-briefing",
    "generated-60-1",
    "broken-loop",
];

fn bless() -> bool {
    std::env::var_os("RAPPORT_BLESS_RUNS").is_some()
}

fn checked(file: &str) -> Scenario {
    let bytes = std::fs::read(file).unwrap();
    let checked = rapport::engine::check_scenario(file, &bytes, None);
    assert!(!checked.has_errors(), "{file}: {:#?}", checked.diagnostics);
    checked.scenario.unwrap()
}

/// Every scenario walked, by name: the library, the example, generated ones and broken ones.
fn scenarios() -> Vec<(String, Scenario)> {
    let mut files = rapport::library::ron_files(Path::new("scenarios")).unwrap();
    files.sort();
    assert!(files.len() >= 12);
    let mut all: Vec<(String, Scenario)> = files
        .iter()
        .map(|p| {
            let s = checked(&p.display().to_string());
            (s.id.clone(), s)
        })
        .collect();
    let example = checked("tests/fixtures/valid/printer-budget.ron");
    all.push(("printer-budget".into(), example.clone()));
    for (n, seed) in [(60, 1), (120, 3), (300, 4)] {
        all.push((format!("generated-{n}-{seed}"), generate(n, seed)));
    }
    all.extend(broken(&example, &generate(60, 1)));
    all
}

/// Scenarios that go wrong during a run in each way `RunError` names.
fn broken(example: &Scenario, generated: &Scenario) -> Vec<(String, Scenario)> {
    let mut out = Vec::new();
    let mut first_goto = |name: &str, to: Option<&str>| {
        let mut s = generated.clone();
        let start = s.start.clone();
        let n = s
            .nodes
            .iter_mut()
            .filter(|n| n.id != start && matches!(n.then, Then::Goto(_)))
            .nth(2)
            .expect("a third goto");
        let own = n.id.clone();
        n.then = Then::Goto(to.map_or(own, str::to_string));
        out.push((name.to_string(), s));
    };
    first_goto("broken-missing-node", Some("nowhere"));
    first_goto("broken-loop", None);
    let mut s = example.clone();
    for n in &mut s.nodes {
        if let Then::End(e) = &mut n.then {
            *e = format!("{e}_gone");
        }
    }
    out.push(("broken-missing-ending".into(), s));
    let mut s = example.clone();
    for n in &mut s.nodes {
        if let Then::Random(bs) = &mut n.then {
            bs.iter_mut().for_each(|b| b.weight = 0);
        }
    }
    out.push(("broken-no-weight".into(), s));
    // Every choice after the first decision closed, and no timer to fall back on.
    let mut s = generated.clone();
    for n in s.nodes.iter_mut().filter(|n| n.id != "start").skip(3) {
        if let Then::Choices(cs) = &mut n.then {
            n.timer = None;
            cs.iter_mut()
                .for_each(|c| c.when = Some(Condition::Any(Vec::new())));
        }
    }
    out.push(("broken-closed".into(), s));
    out
}

/// A small fixed generator, so the walk is the same whatever the engine does inside.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Plays `s` from `seed`, writing down everything the run says; returns the transcript and
/// the final run (if it started).
fn walk(s: &Scenario, seed: u64) -> (String, Option<Run>) {
    let s = &rapport::engine::Story::new(s.clone());
    let mut log = String::new();
    let (mut run, entered) = match Run::start(s, seed) {
        Ok(started) => started,
        Err(e) => {
            writeln!(log, "start: {e:?}").unwrap();
            return (log, None);
        }
    };
    writeln!(log, "start: {entered:?}").unwrap();
    let mut dice = Dice(seed ^ 0x5eed);
    let mut at_ms = 0;
    for _ in 0..400 {
        let offered: Vec<String> = run.options(s).iter().map(|c| c.id.clone()).collect();
        let timer = run.timer(s).map(|t| (t.seconds, t.timeout.clone()));
        writeln!(log, "at {}: offered {offered:?}, timer {timer:?}", run.node).unwrap();
        at_ms += dice.roll(9_000);
        if dice.roll(4) == 0 {
            // What the benchmark does to steer random branches.
            run.seed = dice.roll(1 << 40);
            writeln!(log, "reseed {}", run.seed).unwrap();
        }
        let step = match dice.roll(12) {
            0 => {
                let r = run.choose(s, "not-a-choice", at_ms);
                writeln!(log, "choose not-a-choice: {r:?}").unwrap();
                continue;
            }
            1 => {
                let r = run.timeout(s, at_ms);
                writeln!(log, "timeout: {r:?}").unwrap();
                r
            }
            2 if timer.is_some() => {
                let id = timer.unwrap().1;
                let r = run.choose(s, &id, at_ms);
                writeln!(log, "choose {id} (the timer's): {r:?}").unwrap();
                r
            }
            _ if offered.is_empty() => {
                let r = run.timeout(s, at_ms);
                writeln!(log, "timeout (nothing offered): {r:?}").unwrap();
                r
            }
            _ => {
                let id = &offered[dice.roll(offered.len() as u64) as usize];
                let r = run.choose(s, id, at_ms);
                writeln!(log, "choose {id}: {r:?}").unwrap();
                r
            }
        };
        if step.is_err() && run.options(s).is_empty() && run.timer(s).is_none() {
            break;
        }
    }
    writeln!(log, "after: {:?} {:?}", run.choose(s, "x", 0), run.timeout(s, 0)).unwrap();
    writeln!(log, "run: {}", ron::ser::to_string(&run).unwrap()).unwrap();
    (log, Some(run))
}

/// FNV-1a, 64 bits: a digest that cannot change with the standard library.
fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[test]
fn walks_match_the_recorded_behaviour() {
    let mut digests = String::new();
    let mut whole: Vec<(String, Run)> = Vec::new();
    let mut seen = String::new();
    for (name, s) in scenarios() {
        for seed in 0..SEEDS {
            let (log, run) = walk(&s, seed);
            seen.push_str(&log);
            writeln!(digests, "{name} {seed} {} {}", digest(&log), log.lines().count()).unwrap();
            if seed == 1 && WHOLE.contains(&name.as_str()) {
                whole.push((name.clone(), run.expect("the kept walks start")));
            }
        }
    }
    // The walks reach every error and every kind of step.
    for what in [
        "MissingNode",
        "MissingEnding",
        "UnknownChoice",
        "Over",
        "NoTimer",
        "Stuck",
        "Runaway",
        "timed_out:true",
        "(the timer's): Ok",
        "reseed",
        "rolls:[(",
        "ending:Some(",
    ] {
        assert!(seen.contains(what), "no walk shows `{what}`");
    }
    let whole_text = ron::ser::to_string_pretty(&whole, ron::ser::PrettyConfig::default()).unwrap() + "\n";
    if bless() {
        std::fs::create_dir_all(Path::new(WALKS).parent().unwrap()).unwrap();
        std::fs::write(WALKS, &digests).unwrap();
        std::fs::write(RUNS, &whole_text).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(WALKS).unwrap();
    let differ: Vec<&str> = digests
        .lines()
        .zip(recorded.lines())
        .filter(|(now, then)| now != then)
        .map(|(now, _)| now)
        .collect();
    assert!(
        differ.is_empty() && digests.lines().count() == recorded.lines().count(),
        "walks that no longer match {WALKS} ({} of {}):\n{}",
        differ.len(),
        recorded.lines().count(),
        differ.join("\n")
    );
    // The kept runs load from the recorded text and equal today's, field by field.
    let then: Vec<(String, Run)> = ron::from_str(&std::fs::read_to_string(RUNS).unwrap()).unwrap();
    assert_eq!(then, whole);
    assert_eq!(
        whole_text,
        std::fs::read_to_string(RUNS).unwrap(),
        "serialised form"
    );
}

#[test]
fn runs_round_trip_through_ron() {
    for (name, s) in scenarios() {
        for seed in [2, 7] {
            let Some(run) = walk(&s, seed).1 else {
                continue;
            };
            for text in [
                ron::ser::to_string(&run).unwrap(),
                ron::ser::to_string_pretty(&run, ron::ser::PrettyConfig::default()).unwrap(),
            ] {
                let back: Run = ron::from_str(&text).unwrap();
                assert_eq!(back, run, "{name} seed {seed}");
                assert_eq!(
                    ron::ser::to_string(&back).unwrap(),
                    ron::ser::to_string(&run).unwrap()
                );
            }
        }
    }
}

#[test]
fn a_reloaded_run_carries_on_like_the_original() {
    // Resuming mid-walk from the serialised run gives the same remainder as never stopping.
    let s = rapport::engine::Story::new(checked("scenarios/outage-briefing.ron"));
    for seed in 0..SEEDS {
        let (mut a, _) = Run::start(&s, seed).unwrap();
        let mut dice = Dice(seed);
        let mut steps = 0;
        while !a.is_over() && steps < 100 {
            steps += 1;
            let mut b: Run = ron::from_str(&ron::ser::to_string(&a).unwrap()).unwrap();
            let offered: Vec<String> = a.options(&s).iter().map(|c| c.id.clone()).collect();
            let (ra, rb) = if offered.is_empty() {
                (a.timeout(&s, steps), b.timeout(&s, steps))
            } else {
                let id = &offered[dice.roll(offered.len() as u64) as usize];
                (a.choose(&s, id, steps), b.choose(&s, id, steps))
            };
            assert_eq!(ra, rb);
            assert_eq!(a, b);
        }
        assert!(a.is_over(), "seed {seed}");
    }
}
