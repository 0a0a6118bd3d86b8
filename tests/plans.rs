//! Data-driven test plans: each `tests/plans/*.ron` names a scenario, a seed and the choices
//! to make, and says which ending and score band must follow.

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::record::RunRecord;
use rapport::engine::run::Run;
use rapport::engine::score::Band;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Plan {
    /// An id in `scenarios/`, or a path to a `.ron` file.
    scenario: String,
    seed: u64,
    /// Choice ids, `timeout`, or `read:<exhibit>` to open an exhibit in the current scene.
    choices: Vec<String>,
    ending: String,
    band: Band,
}

#[test]
fn every_plan_reaches_its_ending_and_band() {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).expect("the scenarios folder loads");
    let mut plans: Vec<_> = std::fs::read_dir("tests/plans")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    plans.sort();
    assert!(!plans.is_empty());
    let mut failures = Vec::new();
    for path in &plans {
        let plan: Plan = ron::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let entry = lib
            .resolve(&plan.scenario)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let s = &rapport::engine::Story::new(
            entry
                .playable()
                .unwrap_or_else(|| panic!("{}: {:#?}", path.display(), entry.checked.diagnostics))
                .clone(),
        );
        let (mut run, _) = Run::start(s, plan.seed).unwrap();
        for (i, c) in plan.choices.iter().enumerate() {
            let fail = |e: rapport::engine::run::RunError| -> ! {
                panic!("{}: choice {} `{c}`: {e}", path.display(), i + 1)
            };
            if let Some(exhibit) = c.strip_prefix("read:") {
                run.read(s, exhibit).unwrap_or_else(|e| fail(e));
                continue;
            }
            let step = if c == "timeout" {
                run.timeout(s, 0)
            } else {
                run.choose(s, c, 0)
            };
            step.unwrap_or_else(|e| fail(e));
        }
        let record = RunRecord::of(s, &run, &analyze(s, DEFAULT_STATE_BUDGET).ranges);
        if record.ending.as_deref() != Some(plan.ending.as_str()) || record.scores.band != plan.band {
            failures.push(format!(
                "{}: expected ending `{}` with band {:?}, got {:?} with {:?} ({}/100)",
                path.display(),
                plan.ending,
                plan.band,
                record.ending,
                record.scores.band,
                record.scores.overall
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
