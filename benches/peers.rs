//! Rapport against Ink (`bladeink` + `bladeink-compiler`) and Yarn Spinner (`yarnspinner`) on
//! the same content, plus the engine's own analysis and simulation at scale.
//!
//! `cargo bench --bench peers` runs every group, then writes `peers.json` beside criterion's
//! own output (`$CARGO_TARGET_DIR/criterion/peers.json`): one row per task and peer with the
//! median time per iteration from criterion's `estimates.json`. docs/performance.md explains
//! the method and records a run.

#[path = "support/peers.rs"]
mod peers;

use criterion::{Criterion, Throughput};
use peers::{compile_yarn, ink_story, play_ink, play_yarn, yarn_runner};
use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, Path, analyze};
use rapport::engine::model::SkillFramework;
use rapport::engine::run::Run;
use rapport::engine::{Story, check_scenario};
use rapport::export::{Format, Names, Playback, export, playback};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::SystemTime;

/// Sizes of the generated scenarios `analyze` is measured on, unless `RAPPORT_BENCH_SIZES`
/// (comma-separated node counts) says otherwise. 100,000 nodes is past the default state
/// budget: what is measured there is the search up to the budget plus the bounds fallback.
const GENERATED: [usize; 3] = [1_000, 10_000, 100_000];
/// The generated scenario measured against the peers.
const PEER_GENERATED: usize = 500;
/// Playthroughs per iteration of the simulation benchmark.
const SIM_RUNS: u64 = 10_000;

/// One scenario, ready for every benchmark.
struct Case {
    id: String,
    file: String,
    ron: String,
    scenario: Story,
    ink: String,
    yarn: String,
    path: Path,
    ours: OurPlan,
    peers: Playback,
}

/// How our engine replays `path`: the seed to start with and, for each decision, the choice
/// and the seed to switch to just before it, so the draws that follow take the path's
/// branches (the counterpart of the exports' `force_<node>` hooks).
struct OurPlan {
    start_seed: u64,
    steps: Vec<Step>,
}

/// One step of a path as our engine takes it.
enum Step {
    /// Switch to the seed, then take the choice.
    Choose(String, u64),
    /// Open an exhibit in the current scene.
    Read(String),
}

/// Finds seeds under which our run follows `path` exactly.
fn plan_ours(s: &Story, path: &Path) -> OurPlan {
    let follows = |run: &Run, from: usize| {
        let rolls: Vec<&str> = run.rolls[from..].iter().map(|r| r.branch.as_str()).collect();
        path.branches
            .get(from..run.rolls.len())
            .is_some_and(|want| want == rolls.as_slice())
    };
    let start_seed = (0..1_000_000)
        .find(|&seed| Run::start(s, seed).is_ok_and(|(run, _)| follows(&run, 0)))
        .expect("some seed starts on the path");
    let (mut run, _) = Run::start(s, start_seed).unwrap();
    let mut steps = Vec::new();
    for choice in &path.choices {
        if let Some(x) = choice.strip_prefix("read:") {
            run.read(s, x).unwrap();
            steps.push(Step::Read(x.to_string()));
            continue;
        }
        let from = run.rolls.len();
        let seed = (0..1_000_000u64)
            .find(|&seed| {
                let mut trial = run.clone();
                trial.seed = seed;
                trial.choose(s, choice, 0).is_ok() && follows(&trial, from)
            })
            .unwrap_or_else(|| panic!("{}: no seed follows the path at `{choice}`", s.id));
        run.seed = seed;
        run.choose(s, choice, 0).unwrap();
        steps.push(Step::Choose(choice.clone(), seed));
    }
    assert_eq!(run.ending.as_deref(), Some(path.ending.as_str()), "{}", s.id);
    assert_eq!(run.rolls.len(), path.branches.len(), "{}", s.id);
    OurPlan { start_seed, steps }
}

fn case(id: &str, file: String, ron: String, skills: &SkillFramework) -> Case {
    let checked = check_scenario(&file, ron.as_bytes(), Some(skills));
    assert!(!checked.has_errors(), "{file}: {:#?}", checked.diagnostics);
    let scenario = Story::new(checked.scenario.unwrap());
    let path = analyze(&scenario, DEFAULT_STATE_BUDGET).best;
    let ours = plan_ours(&scenario, &path);
    let peers = playback(&scenario, &path).unwrap();
    Case {
        id: id.to_string(),
        file,
        ink: export(&scenario, Format::Ink),
        yarn: export(&scenario, Format::Yarn),
        ron,
        scenario,
        path,
        ours,
        peers,
    }
}

fn skills() -> SkillFramework {
    let text = std::fs::read("assets/skills.ron").unwrap();
    rapport::engine::check_skills("assets/skills.ron", &text)
        .0
        .unwrap()
}

/// The bundled library, then a generated scenario of `PEER_GENERATED` nodes.
fn cases(skills: &SkillFramework) -> Vec<Case> {
    let mut files = rapport::library::ron_files(std::path::Path::new("scenarios")).unwrap();
    files.sort();
    let mut cases: Vec<Case> = files
        .iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            let ron = std::fs::read_to_string(p).unwrap();
            case(&id, p.display().to_string(), ron, skills)
        })
        .collect();
    let g = rapport::engine::generate::generate(PEER_GENERATED, 1);
    let ron = ron::ser::to_string_pretty(&g, ron::ser::PrettyConfig::default()).unwrap();
    cases.push(case(
        &format!("generated-{PEER_GENERATED}"),
        format!("{}.ron", g.id),
        ron,
        skills,
    ));
    cases
}

/// Our path from the start: returns the ending.
fn play_ours(s: &Story, plan: &OurPlan) -> Option<String> {
    let (mut run, _) = Run::start(s, plan.start_seed).unwrap();
    for step in &plan.steps {
        match step {
            Step::Choose(choice, seed) => {
                run.seed = *seed;
                black_box(run.choose(s, choice, 0).unwrap());
            }
            Step::Read(x) => {
                black_box(run.read(s, x).unwrap());
            }
        }
    }
    run.ending
}

fn bench_load(c: &mut Criterion, cases: &[Case], skills: &SkillFramework) {
    for k in cases {
        let mut g = c.benchmark_group(format!("load_{}", k.id));
        if k.scenario.nodes.len() > 200 {
            g.sample_size(10);
        }
        g.bench_function("ours", |b| {
            // Ready to run: checked and resolved into a Story.
            b.iter(|| {
                check_scenario(&k.file, black_box(k.ron.as_bytes()), Some(skills))
                    .scenario
                    .map(Story::new)
            })
        });
        g.bench_function("ink", |b| b.iter(|| ink_story(black_box(&k.ink))));
        g.bench_function("yarn", |b| {
            b.iter(|| yarn_runner(&compile_yarn(black_box(&k.yarn))).dialogue)
        });
        g.finish();
    }
}

fn bench_play(c: &mut Criterion, cases: &[Case]) {
    for k in cases {
        let start = Names::new(&k.scenario).knot(&k.scenario.start);
        let mut story = ink_story(&k.ink);
        let mut yarn = yarn_runner(&compile_yarn(&k.yarn));
        let mut shown = |line: String| {
            black_box(line);
        };
        // Every runtime must reach the path's ending before it is timed.
        assert_eq!(
            play_ours(&k.scenario, &k.ours).as_deref(),
            Some(k.path.ending.as_str())
        );
        let ending = play_ink(&mut story, &k.peers, &mut shown);
        assert_eq!(ending, k.path.ending, "{}: Ink", k.id);
        let ending = play_yarn(&mut yarn, &start, &k.peers, &mut shown);
        assert_eq!(ending, k.path.ending, "{}: Yarn", k.id);
        let mut g = c.benchmark_group(format!("play_{}", k.id));
        g.throughput(Throughput::Elements(k.path.choices.len() as u64));
        g.bench_function("ours", |b| b.iter(|| play_ours(&k.scenario, &k.ours)));
        g.bench_function("ink", |b| b.iter(|| play_ink(&mut story, &k.peers, &mut shown)));
        g.bench_function("yarn", |b| {
            b.iter(|| play_yarn(&mut yarn, &start, &k.peers, &mut shown))
        });
        g.finish();
    }
}

fn bench_analyze(c: &mut Criterion, cases: &[Case]) {
    let mut g = c.benchmark_group("analyze");
    g.sample_size(10);
    for k in cases.iter().filter(|k| !k.id.starts_with("generated")) {
        g.bench_function(&k.id, |b| {
            b.iter(|| analyze(black_box(&k.scenario), DEFAULT_STATE_BUDGET))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("analyze_generated");
    g.sample_size(10);
    let sizes: Vec<usize> = match std::env::var("RAPPORT_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("a node count"))
            .collect(),
        Err(_) => GENERATED.to_vec(),
    };
    for n in sizes {
        let s = rapport::engine::generate::generate(n, 1);
        let t = std::time::Instant::now();
        let a = analyze(&s, DEFAULT_STATE_BUDGET);
        println!(
            "generated {n}: exact {}, {} states, first analysis {:.0?}",
            a.exact,
            a.states,
            t.elapsed()
        );
        g.bench_function(n.to_string(), |b| {
            b.iter(|| analyze(black_box(&s), DEFAULT_STATE_BUDGET))
        });
    }
    g.finish();
}

fn bench_simulate(c: &mut Criterion, cases: &[Case]) {
    let k = cases.iter().find(|k| k.id == "outage-briefing").unwrap();
    let ranges = analyze(&k.scenario, DEFAULT_STATE_BUDGET).ranges;
    let mut g = c.benchmark_group("simulate");
    g.throughput(Throughput::Elements(SIM_RUNS));
    g.bench_function("outage-briefing", |b| {
        b.iter(|| rapport::engine::simulate::simulate(&k.scenario, &ranges, SIM_RUNS, 1))
    });
    g.finish();
}

/// Where criterion writes: `$CRITERION_HOME`, `$CARGO_TARGET_DIR/criterion` or `target/criterion`.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
        .join("criterion")
}

/// The median time per iteration, in nanoseconds, of a benchmark measured in this process.
fn median_ns(dir: &std::path::Path, group: &str, bench: &str, since: SystemTime) -> Option<f64> {
    let file = dir.join(group).join(bench).join("new").join("estimates.json");
    if std::fs::metadata(&file).ok()?.modified().ok()? < since {
        return None; // left over from an earlier run (filtered out of this one)
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn write_peers_json(cases: &[Case], since: SystemTime) {
    let dir = criterion_dir();
    let mut rows = Vec::new();
    for task in ["load", "play"] {
        for k in cases {
            let group = format!("{task}_{}", k.id);
            let Some(ours) = median_ns(&dir, &group, "ours", since) else {
                continue;
            };
            for peer in ["ink", "yarn"] {
                if let Some(theirs) = median_ns(&dir, &group, peer, since) {
                    rows.push(serde_json::json!({
                        "task": format!("{task}/{}", k.id),
                        "ours_ns": ours.round() as u64,
                        "peer": peer,
                        "peer_ns": theirs.round() as u64,
                        "ratio": (theirs / ours * 10.0).round() / 10.0,
                    }));
                }
            }
        }
    }
    if rows.is_empty() {
        return;
    }
    let out = dir.join("peers.json");
    let text = serde_json::to_string_pretty(&rows).unwrap() + "\n";
    rapport::store::write_atomic(&out, text.as_bytes()).unwrap();
    println!("wrote {} ({} rows)", out.display(), rows.len());
}

fn main() {
    let since = SystemTime::now();
    let mut c = Criterion::default().configure_from_args();
    let skills = skills();
    let cases = cases(&skills);
    bench_load(&mut c, &cases, &skills);
    bench_play(&mut c, &cases);
    bench_analyze(&mut c, &cases);
    bench_simulate(&mut c, &cases);
    c.final_summary();
    write_peers_json(&cases, since);
}
