//! `rapport xapi`: the statements of a solo run, a room vote and team rounds, read as an LRS
//! would — the profile's verbs in cmi5's order, ids that are UUIDs, unique and the same on
//! every export, responses that are the choices taken, scores against the mastery score, group
//! actors for workshops — and the queue that keeps everything when the LRS cannot be reached.
//! `.ci/xapi` sends the same files to a real LRS.

mod common;
use common::{EXAMPLE, code, rapport, stderr, stdout, temp};
use rapport::engine::Story;
use rapport::engine::workshop::{Decide, Mode, Setup, Workshop};
use serde_json::Value;
use std::path::Path;

const SESSIONS: &str = "tests/fixtures/sessions";
const STARTED: &str = "2026-12-04T09:30:00Z";

fn example() -> Story {
    let bytes = std::fs::read(EXAMPLE).unwrap();
    let checked = rapport::engine::check_scenario("printer-budget.ron", &bytes, None);
    Story::new(checked.scenario.unwrap())
}

fn setup(s: &Story, mode: Mode, teams: &[&str]) -> Setup {
    Setup {
        scenario: s.id.clone(),
        version: s.version,
        seed: 11,
        session: "Service leads, autumn".into(),
        facilitator: "Rosa Lindqvist".into(),
        mode,
        teams: teams.iter().map(|t| t.to_string()).collect(),
        discussion_seconds: 90,
    }
}

/// The sessions `.ci/xapi` sends, as the engine plays them: a room that votes 7–3 for asking
/// about usage and 6–4 for sharing the saving; two teams that part at the second decision.
fn sessions() -> Vec<(&'static str, Workshop)> {
    let s = example();
    let (mut room, _) = Workshop::start(setup(&s, Mode::RoomVote, &[]), &s).unwrap();
    for (at, votes) in [(6_000, [7, 3]), (21_000, [6, 4])] {
        room.tick(&s, at, false).unwrap();
        room.set_votes(0, votes[0]).unwrap();
        room.set_votes(1, votes[1]).unwrap();
        room.reveal().unwrap();
        room.decide(&s, Decide::Majority).unwrap();
    }
    assert!(room.is_over());
    let (mut teams, _) = Workshop::start(setup(&s, Mode::TeamRounds, &["Harbour", "Quay"]), &s).unwrap();
    for pick in [0, 0, 0, 1] {
        teams.tick(&s, 4_000, false).unwrap();
        teams.decide(&s, Decide::Pick(pick)).unwrap();
    }
    assert!(teams.is_over());
    vec![("room-vote.ron", room), ("team-rounds.ron", teams)]
}

#[test]
fn the_session_fixtures_are_what_the_engine_plays() {
    // `RAPPORT_BLESS_SESSIONS=1 cargo test --test xapi` writes them.
    for (name, w) in sessions() {
        let text = ron::ser::to_string_pretty(&w, ron::ser::PrettyConfig::default()).unwrap();
        let path = Path::new(SESSIONS).join(name);
        if std::env::var_os("RAPPORT_BLESS_SESSIONS").is_some() {
            std::fs::create_dir_all(SESSIONS).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{name}");
    }
}

fn solo_run(dir: &Path) -> String {
    let file = dir.join("run.ron").display().to_string();
    let o = rapport(&[
        "play",
        "printer-budget",
        "--scenarios",
        "tests/fixtures/valid",
        "--seed",
        "6",
        "--choices",
        "1,1",
        "--save",
        &file,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    file
}

fn statements(file: &str) -> Vec<Value> {
    let o = rapport(&[
        "xapi",
        file,
        "--scenarios",
        "tests/fixtures/valid",
        "--started",
        STARTED,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn verb(s: &Value) -> &str {
    s["verb"]["id"].as_str().unwrap().rsplit('/').next().unwrap()
}

/// One run's statements in cmi5's order, and what each carries.
fn check_run(run: &[Value], choices: &[&str]) {
    let verbs: Vec<&str> = run.iter().map(verb).collect();
    let mut want = vec!["initialized"];
    want.extend(std::iter::repeat_n("selected", choices.len()));
    let scaled = run[choices.len() + 2]["result"]["score"]["scaled"]
        .as_f64()
        .unwrap();
    let pass = if scaled >= 0.7 { "passed" } else { "failed" };
    want.extend(["completed", pass, "scored", "scored", "terminated"]);
    assert_eq!(verbs, want);
    let registration = run[0]["context"]["registration"].as_str().unwrap();
    assert!(run.iter().all(|s| s["context"]["registration"] == registration));
    assert!(uuid::Uuid::parse_str(registration).is_ok());
    let responses: Vec<&str> = run[1..=choices.len()]
        .iter()
        .map(|s| s["result"]["response"].as_str().unwrap())
        .collect();
    assert_eq!(responses, choices);
    for s in &run[1..=choices.len()] {
        let offered: Vec<&str> = s["object"]["definition"]["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert!(offered.contains(&s["result"]["response"].as_str().unwrap()));
        assert_eq!(s["object"]["definition"]["interactionType"], "choice");
    }
    let completed = &run[choices.len() + 1];
    assert_eq!(completed["result"]["completion"], true);
    assert!(
        completed["result"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
    let judged = &run[choices.len() + 2];
    assert_eq!(judged["result"]["success"], scaled >= 0.7);
    let mastery = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
    assert_eq!(judged["context"]["extensions"][mastery], 0.7);
    let times: Vec<&str> = run.iter().map(|s| s["timestamp"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(times[0], "2026-12-04T09:30:00.000Z");
}

fn ids_are_unique_uuids(all: &[Value]) {
    let ids: std::collections::BTreeSet<&str> = all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len());
    assert!(ids.iter().all(|id| uuid::Uuid::parse_str(id).is_ok()));
}

#[test]
fn a_solo_runs_statements_follow_cmi5_and_name_the_choices() {
    let d = temp("xapi", "solo");
    let file = solo_run(&d);
    let all = statements(&file);
    // 1,1 at seed 6: ask_usage then deal_share, the best path (100: passed).
    check_run(&all, &["ask_usage", "deal_share"]);
    assert_eq!(verb(&all[4]), "passed");
    assert_eq!(all[4]["result"]["score"]["raw"], 100);
    assert_eq!(all[0]["actor"]["objectType"], "Agent");
    assert_eq!(
        all[0]["object"]["id"],
        "https://rapport.example.org/xapi/scenarios/printer-budget/1"
    );
    let skills: Vec<&str> = all[5..7]
        .iter()
        .map(|s| s["object"]["id"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(skills, ["business_acumen", "negotiation"]);
    ids_are_unique_uuids(&all);
    // The same file gives the same statements, ids and all.
    assert_eq!(statements(&file), all);
}

#[test]
fn workshops_are_groups_in_their_session() {
    let room = statements(&format!("{SESSIONS}/room-vote.ron"));
    check_run(&room, &["ask_usage", "deal_share"]);
    assert_eq!(room[0]["actor"]["objectType"], "Group");
    assert_eq!(room[0]["actor"]["name"], "The room (Service leads, autumn)");
    let grouping = &room[1]["context"]["contextActivities"]["grouping"][0]["id"];
    assert_eq!(
        grouping,
        "https://rapport.example.org/xapi/sessions/service-leads-autumn"
    );
    let votes = "https://rapport.example.org/xapi/extensions/votes";
    assert_eq!(room[1]["result"]["extensions"][votes], 10);
    ids_are_unique_uuids(&room);

    let teams = statements(&format!("{SESSIONS}/team-rounds.ron"));
    let (harbour, quay) = teams.split_at(teams.len() / 2);
    check_run(harbour, &["ask_usage", "deal_share"]);
    check_run(quay, &["ask_usage", "deal_hold"]);
    assert_ne!(
        harbour[0]["context"]["registration"],
        quay[0]["context"]["registration"]
    );
    assert_eq!(
        quay[0]["actor"]["account"]["name"],
        "sessions/service-leads-autumn/quay"
    );
    ids_are_unique_uuids(&teams);
}

#[test]
fn an_unreachable_lrs_keeps_every_queued_statement() {
    let d = temp("xapi", "queue");
    let data = d.join("data");
    std::fs::create_dir_all(&data).unwrap();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    std::fs::write(
        data.join("records.ron"),
        r#"(endpoint: "http://127.0.0.1:9/xAPI", username: "u", password: "p")"#,
    )
    .unwrap();
    let file = solo_run(&d);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .env("RAPPORT_DATA_DIR", &data)
            .output()
            .unwrap()
    };
    let o = run(&["xapi", &file, "--scenarios", "tests/fixtures/valid", "--queue"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("queued 8 statement(s)"), "{}", stderr(&o));
    // Queuing the same run again adds nothing.
    let o = run(&["xapi", &file, "--scenarios", "tests/fixtures/valid", "--queue"]);
    assert!(stderr(&o).contains("queued 0 statement(s)"), "{}", stderr(&o));
    let o = run(&["xapi", "--send"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stdout(&o).contains("sent 0 statement(s)") && stdout(&o).contains("8 waiting"));
    assert!(stderr(&o).contains("unreachable"), "{}", stderr(&o));
    // records.ron stays the user's; the queue holds the statements exactly as exported.
    let batch = std::fs::read_dir(data.join("records/queue"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let queued: Vec<Value> = serde_json::from_slice(&std::fs::read(batch).unwrap()).unwrap();
    let o = run(&["xapi", &file, "--scenarios", "tests/fixtures/valid"]);
    let exported: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(queued, exported);
}

#[test]
fn records_settings_are_private_and_a_broken_one_is_named() {
    let d = temp("xapi", "config");
    let path = d.join("records.ron");
    let cfg = rapport::records::config::RecordsConfig {
        password: "s3cret".into(),
        ..Default::default()
    };
    cfg.save(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert_eq!(rapport::records::config::RecordsConfig::load(&path).unwrap(), cfg);
    std::fs::write(&path, "(endpoint: \"x\",\n mastery: \"high\")").unwrap();
    let e = rapport::records::config::RecordsConfig::load(&path).unwrap_err();
    assert!(e.contains("records.ron:2:"), "{e}");
}
