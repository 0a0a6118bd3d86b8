//! The quality bar every bundled scenario must meet, asserted from the loaded files (not from
//! a hand-kept list): size, decisions, endings, timed and random beats, trust that matters,
//! exact analysis, best path to success, worst to failure, and no fixed strategy near the best.

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::model::{Condition, Outcome, Scenario, Then};
use std::path::Path;

fn reads_trust(c: &Condition) -> bool {
    match c {
        Condition::Trust(..) => true,
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(reads_trust),
        Condition::Not(c) => reads_trust(c),
        _ => false,
    }
}

fn gates_on_trust(s: &Scenario) -> bool {
    s.nodes.iter().any(|n| match &n.then {
        Then::Choices(cs) => cs.iter().filter_map(|c| c.when.as_ref()).any(reads_trust),
        Then::Random(bs) => bs.iter().filter_map(|b| b.when.as_ref()).any(reads_trust),
        _ => false,
    })
}

#[test]
fn every_bundled_scenario_meets_the_quality_bar() {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).unwrap();
    assert!(lib.entries.len() >= 2);
    let mut problems = Vec::new();
    for e in &lib.entries {
        let Some(s) = e.playable() else {
            problems.push(format!("{}: does not load cleanly", e.file));
            continue;
        };
        let mut bad = |what: String| problems.push(format!("{}: {what}", s.id));
        if s.nodes.len() < 25 {
            bad(format!("{} nodes, need 25", s.nodes.len()));
        }
        for outcome in [Outcome::Success, Outcome::Partial, Outcome::Failure] {
            if !s.endings.iter().any(|e| e.outcome == outcome) {
                bad(format!("no {} ending", outcome.label()));
            }
        }
        if !s.nodes.iter().any(|n| n.timer.is_some()) {
            bad("no timed decision".into());
        }
        if !s
            .nodes
            .iter()
            .any(|n| matches!(&n.then, Then::Random(bs) if bs.len() >= 2))
        {
            bad("no random branch".into());
        }
        if !gates_on_trust(s) {
            bad("no choice or branch depends on trust".into());
        }
        let a = analyze(s, DEFAULT_STATE_BUDGET);
        if !a.exact {
            bad("analysis is not exact".into());
            continue;
        }
        let decisions = a
            .best
            .choices
            .iter()
            .filter(|c| {
                s.choice(c)
                    .is_some_and(|(n, _)| matches!(&n.then, Then::Choices(cs) if cs.len() >= 2))
            })
            .count();
        if decisions < 8 {
            bad(format!("{decisions} real decisions on the best path, need 8"));
        }
        let outcome = |ending: &str| s.ending(ending).map(|e| e.outcome);
        if outcome(&a.best.ending) != Some(Outcome::Success) {
            bad(format!("best path ends in `{}`, not a success", a.best.ending));
        }
        if outcome(&a.worst.ending) != Some(Outcome::Failure) {
            bad(format!("worst path ends in `{}`, not a failure", a.worst.ending));
        }
        if !a.warnings.is_empty() {
            bad(format!("balance warnings: {:?}", a.warnings));
        }
        for (skill, _) in &s.assesses {
            let r = a.ranges.skills[skill];
            if r.max - r.min < 4 {
                bad(format!("`{skill}` can only move {} points", r.max - r.min));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_library_covers_every_skill_at_least_three_times() {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).unwrap();
    let framework = lib.skills.framework.as_ref().expect("the skill framework loads");
    let scenarios: Vec<&Scenario> = lib.entries.iter().filter_map(|e| e.playable()).collect();
    assert!(
        scenarios.len() >= 12,
        "{} playable scenarios, the library needs twelve",
        scenarios.len()
    );
    let ids: std::collections::BTreeSet<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), scenarios.len(), "scenario ids are unique");
    assert_eq!(framework.skills.len(), 12);
    let mut thin = Vec::new();
    for skill in &framework.skills {
        let by: Vec<&str> = scenarios
            .iter()
            .filter(|s| s.assesses.iter().any(|(k, _)| *k == skill.id))
            .map(|s| s.id.as_str())
            .collect();
        if by.len() < 3 {
            thin.push(format!(
                "`{}` is assessed by {} scenario(s): {by:?}",
                skill.id,
                by.len()
            ));
        }
    }
    assert!(thin.is_empty(), "{}", thin.join("\n"));
}

#[test]
fn no_two_scenarios_share_a_character() {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).unwrap();
    let mut seen: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    let mut repeats = Vec::new();
    for s in lib.entries.iter().filter_map(|e| e.playable()) {
        for c in &s.characters {
            if let Some(other) = seen.insert(&c.name, &s.id) {
                repeats.push(format!("{} appears in both `{other}` and `{}`", c.name, s.id));
            }
        }
    }
    assert!(repeats.is_empty(), "{}", repeats.join("\n"));
}

/// The bar's library-wide parts (issue 12): a progression of difficulty, a library that is not
/// only British, exhibits where information should be found, every skill assessed by at least
/// four scenarios, and a facilitator's notes with two contested decisions wherever the bar is met.
#[test]
fn the_library_mixes_difficulty_and_setting_and_covers_every_skill_four_times() {
    use rapport::engine::bar::measure;
    use rapport::engine::model::{Difficulty, Region};
    let lib = rapport::library::load(Some(Path::new("scenarios"))).unwrap();
    let measured: Vec<_> = lib
        .entries
        .iter()
        .filter_map(|e| e.playable())
        .map(|s| {
            let story = rapport::engine::Story::new(s.clone());
            measure(s, &analyze(&story, DEFAULT_STATE_BUDGET))
        })
        .collect();
    let count =
        |f: &dyn Fn(&rapport::engine::bar::Measured) -> bool| measured.iter().filter(|m| f(m)).count();
    assert!(
        count(&|m| m.difficulty == Difficulty::Introductory) >= 3,
        "three introductory scenarios"
    );
    assert!(
        count(&|m| m.difficulty == Difficulty::Advanced) >= 3,
        "three advanced scenarios"
    );
    assert!(
        count(&|m| m.region == Region::UnitedStates) >= 4,
        "four set in the United States"
    );
    assert!(count(&|m| m.exhibits > 0) >= 8, "exhibits in eight scenarios");
    let framework = lib.skills.framework.as_ref().unwrap();
    for skill in &framework.skills {
        let by = count(&|m| m.skills.contains(&skill.id));
        assert!(
            by >= 4,
            "`{}` is assessed by {by} scenarios, the bar is four",
            skill.id
        );
    }
    // Every scenario meets the per-scenario bar: no more than a fifth of its decisions free
    // answers, three costly options on its best path, two exhibits, two contested decisions.
    let mut short = Vec::new();
    for m in &measured {
        if m.free_share() > 20 {
            short.push(format!("{}: {}% free answers", m.id, m.free_share()));
        }
        if m.costly_best < 3 {
            short.push(format!(
                "{}: {} costly options on the best path",
                m.id, m.costly_best
            ));
        }
        if m.exhibits < 2 {
            short.push(format!("{}: {} exhibits", m.id, m.exhibits));
        }
        if m.contested < 2 {
            short.push(format!("{}: {} contested decisions", m.id, m.contested));
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}
