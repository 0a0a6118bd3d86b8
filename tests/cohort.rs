//! `rapport cohort` over 200 generated learners (one to three attempts each, getting better)
//! of a bundled scenario, read as a trainer would: every learner and attempt counted, the
//! endings and each decision's split adding up to what was played, the weak option the
//! cohort chose most named, and each learner's change from first to latest attempt.
//! With RAPPORT_COHORT_DIR set the learners' folders are also left there (for `.ci/guide`,
//! which renders the report in Chromium).

mod common;
use common::{code, rapport, stderr, stdout, temp};
use rand::{RngExt, SeedableRng};
use rapport::engine::Story;
use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::record::RunRecord;
use rapport::engine::run::Run;
use rapport::engine::score::choice_weighted;
use rapport::game::data::{PastRun, Progress, SAVE_FORMAT};
use std::collections::BTreeMap;
use std::path::Path;

const SCENARIO: &str = "scenarios/shadow-tools.ron";
const LEARNERS: usize = 200;

fn story() -> Story {
    let bytes = std::fs::read(SCENARIO).unwrap();
    let checked = rapport::engine::check_scenario(SCENARIO, &bytes, None);
    Story::new(checked.scenario.unwrap())
}

/// Plays one attempt: at each decision the best-weighted option with probability `skill`,
/// else any option.
fn play(s: &Story, seed: u64, skill: f64, rng: &mut rand_chacha::ChaCha8Rng) -> Run {
    let (mut run, _) = Run::start(s, seed).unwrap();
    let mut t = 0;
    while !run.is_over() {
        t += 20_000;
        let offered = run.options(s);
        if offered.is_empty() {
            run.timeout(s, t).unwrap();
            continue;
        }
        let pick = if rng.random_bool(skill) {
            offered
                .iter()
                .max_by_key(|c| choice_weighted(s, c))
                .unwrap()
                .id
                .clone()
        } else {
            offered[rng.random_range(0..offered.len())].id.clone()
        };
        run.choose(s, &pick, t).unwrap();
    }
    run
}

/// Writes the learners' progress files; returns every attempt's record by learner.
fn generate(dir: &Path) -> BTreeMap<String, Vec<RunRecord>> {
    let s = story();
    let ranges = analyze(&s, DEFAULT_STATE_BUDGET).ranges;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let mut all = BTreeMap::new();
    for i in 0..LEARNERS {
        let learner = format!("learner-{i:03}");
        let attempts = 1 + i % 3;
        let base = rng.random_range(0.1..0.6);
        let mut runs = Vec::new();
        for a in 0..attempts {
            let run = play(&s, rng.random(), (base + 0.2 * a as f64).min(0.95), &mut rng);
            runs.push(PastRun {
                finished_at: 1_796_000_000 + (i * 10 + a) as u64 * 3600,
                coach: a == 0,
                record: RunRecord::of(&s, &run, &ranges),
                started_ms: None,
            });
        }
        all.insert(learner.clone(), runs.iter().map(|r| r.record.clone()).collect());
        let p = Progress {
            format: SAVE_FORMAT,
            runs,
        };
        let folder = dir.join(&learner);
        std::fs::create_dir_all(&folder).unwrap();
        let text = ron::ser::to_string_pretty(&p, ron::ser::PrettyConfig::default()).unwrap();
        std::fs::write(folder.join("progress.ron"), text).unwrap();
    }
    all
}

#[test]
fn a_cohort_of_two_hundred_learners_adds_up() {
    let dir = match std::env::var_os("RAPPORT_COHORT_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => temp("cohort", "learners"),
    };
    let played = generate(&dir);
    let o = rapport(&["cohort", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let c: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let attempts: usize = played.values().map(Vec::len).sum();
    assert_eq!(c["learners"], LEARNERS);
    assert_eq!(c["attempts"], attempts);
    assert_eq!(c["skipped"].as_array().unwrap().len(), 0, "{}", c["skipped"]);
    let sc = &c["scenarios"][0];
    assert_eq!(sc["id"], "shadow-tools");
    assert_eq!(sc["learners"], LEARNERS);
    // Endings: every attempt counted at the ending it reached.
    let mut endings: BTreeMap<String, u64> = BTreeMap::new();
    for r in played.values().flatten() {
        *endings.entry(r.ending.clone().unwrap()).or_default() += 1;
    }
    for e in sc["endings"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        assert_eq!(
            e["count"].as_u64().unwrap(),
            endings.get(id).copied().unwrap_or(0),
            "{id}"
        );
    }
    // Splits: over each learner's latest attempt, every choice counted where it was taken.
    let mut taken: BTreeMap<(String, String), u64> = BTreeMap::new();
    let latest: Vec<&RunRecord> = played.values().map(|v| v.last().unwrap()).collect();
    for r in &latest {
        for d in &r.run.decisions {
            *taken
                .entry((d.node.to_string(), d.choice.to_string()))
                .or_default() += 1;
        }
    }
    let decisions = sc["decisions"].as_array().unwrap();
    assert!(decisions.len() >= 10);
    assert!(decisions.iter().filter(|d| d["common_weak"].is_string()).count() >= 5);
    for d in decisions {
        let node = d["node"].as_str().unwrap();
        let options = d["options"].as_array().unwrap();
        let sum: u64 = options.iter().map(|o| o["count"].as_u64().unwrap()).sum();
        assert_eq!(sum, d["reached"].as_u64().unwrap(), "{node}");
        for o in options {
            let id = o["choice_id"].as_str().unwrap();
            let want = taken
                .get(&(node.to_string(), id.to_string()))
                .copied()
                .unwrap_or(0);
            assert_eq!(o["count"].as_u64().unwrap(), want, "{node}/{id}");
        }
        // The most common weak option mostly lowered what the learner could still reach, and
        // no other such option lowered it more often.
        if let Some(w) = d["common_weak"].as_str() {
            let weak = options.iter().find(|o| o["choice_id"] == w).unwrap();
            let lost = weak["lost"].as_u64().unwrap();
            assert!(lost > 0 && lost * 2 >= weak["count"].as_u64().unwrap(), "{node}");
            let mostly = |o: &&serde_json::Value| {
                let l = o["lost"].as_u64().unwrap();
                l > 0 && l * 2 >= o["count"].as_u64().unwrap()
            };
            assert!(
                options
                    .iter()
                    .filter(mostly)
                    .all(|o| o["lost"].as_u64().unwrap() <= lost),
                "{node}"
            );
        }
    }
    assert!(decisions.iter().filter(|d| d["common_weak"].is_string()).count() >= 5);
    // The overall spread is of the latest attempts, and learners' change is latest − first.
    let mut overall: Vec<u32> = latest.iter().map(|r| r.scores.overall).collect();
    overall.sort();
    // With an even count the median is the upper of the middle two (nearest rank).
    assert_eq!(sc["overall"]["median"], overall[overall.len() / 2]);
    assert_eq!(sc["overall"]["min"], overall[0]);
    assert_eq!(sc["overall"]["max"], *overall.last().unwrap());
    let progress = sc["progress"].as_array().unwrap();
    assert_eq!(progress.len(), LEARNERS);
    for p in progress {
        let runs = &played[p["learner"].as_str().unwrap()];
        let (first, last) = (runs[0].scores.overall, runs.last().unwrap().scores.overall);
        assert_eq!(p["attempts"].as_u64().unwrap() as usize, runs.len());
        assert_eq!(p["change"].as_i64().unwrap(), i64::from(last) - i64::from(first));
    }
    let improved = progress
        .iter()
        .filter(|p| p["attempts"].as_u64().unwrap() > 1 && p["change"].as_i64().unwrap() > 0)
        .count();
    assert!(improved > 60, "learners who practise get better: {improved}");
    // The HTML draws charts and names the cohort.
    let o = rapport(&["cohort", dir.to_str().unwrap()]);
    let html = stdout(&o);
    assert!(html.contains("<h1>Cohort report</h1>") && html.contains("200 learners"));
    assert!(html.matches("<svg").count() > decisions.len());
}
