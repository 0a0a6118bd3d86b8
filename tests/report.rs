//! `rapport report`: a saved solo run turned into HTML, Markdown, CSV and JSON, through the
//! real binary, checked against the numbers of the run.

mod common;
use common::{EXAMPLE, code, rapport, stderr, stdout};

use std::path::Path;
use std::process::Output;

const EXAMPLE_DIR: &str = "tests/fixtures/valid";

fn temp(name: &str) -> std::path::PathBuf {
    common::temp("report", name)
}

/// Plays the example with `ask_usage` then `deal_hold` (choices 1,2) and saves the record.
fn saved_run(dir: &Path) -> String {
    let rec = dir.join("run.ron");
    let rec = rec.to_str().unwrap().to_string();
    let o = rapport(&["play", EXAMPLE, "--choices", "1,2", "--save", &rec]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    rec
}

fn report(rec: &str, format: &str) -> Output {
    rapport(&["report", rec, "--scenarios", EXAMPLE_DIR, "--format", format])
}

fn ok(o: Output) -> String {
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// A minimal RFC 4180 reader: rows of fields, quotes doubled inside quoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn json_report_matches_the_run() {
    let d = temp("json");
    let rec = saved_run(&d);
    let v: serde_json::Value = serde_json::from_str(&ok(report(&rec, "json"))).unwrap();
    assert_eq!(v["kind"], "solo");
    assert_eq!(v["scenario"]["id"], "printer-budget");
    assert_eq!(v["scenario"]["title"], "The Printer Budget");
    assert_eq!(v["seed"], 1);
    assert!(v["session"].is_null());
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "a solo report has one run");
    let run = &runs[0];
    assert!(run["team"].is_null());
    assert_eq!(run["overall"], 54);
    assert_eq!(run["band"], "competent");
    assert_eq!(run["ending"]["id"], "overruled");
    assert_eq!(run["ending"]["outcome"], "failure");
    assert!(
        run["ending"]["strong_leader"]
            .as_str()
            .unwrap()
            .contains("smaller saving")
    );
    let skills = run["skills"].as_array().unwrap();
    assert_eq!(skills.len(), 2);
    assert_eq!(skills[0]["id"], "business_acumen");
    assert_eq!(skills[0]["name"], "Business Acumen");
    assert_eq!(skills[0]["score"], 60);
    assert_eq!(skills[1]["id"], "negotiation");
    assert_eq!(skills[1]["score"], 50);
    let ds = run["decisions"].as_array().unwrap();
    assert_eq!(ds.len(), 2);
    assert_eq!(ds[0]["node"], "ask");
    assert_eq!(ds[0]["choice_id"], "ask_usage");
    assert_eq!(ds[0]["timed_out"], false);
    assert_eq!(ds[0]["time"], "0:00");
    assert_eq!(ds[0]["evidence"][0]["points"], 2);
    assert!(!ds[0]["evidence"][0]["why"].as_str().unwrap().is_empty());
    // The options offered, found by replaying the run: the timeout choice is never offered,
    // and deal_share is (trust 50 + 10 ≥ 50). A solo run has no votes and nothing settled.
    let offered = |d: &serde_json::Value| -> Vec<String> {
        d["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["choice_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(offered(&ds[0]), ["ask_usage", "ask_refuse"]);
    assert_eq!(offered(&ds[1]), ["deal_share", "deal_hold"]);
    assert!(ds[0]["options"][0]["votes"].is_null());
    assert!(ds[0]["settled"].is_null() && ds[0]["note"].is_null());
    assert_eq!(ds[1]["choice_id"], "deal_hold");
    assert_eq!(
        ds[1]["coach"],
        "A review next year is a no she has to absorb now."
    );
    assert_eq!(run["trust"][0]["id"], "mira");
    assert_eq!(run["trust"][0]["values"], serde_json::json!([50, 60, 60]));
    let ids = |p: &serde_json::Value| -> Vec<String> {
        p.as_array()
            .unwrap()
            .iter()
            .map(|p| p["choice_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&run["path"]), ["ask_usage", "deal_hold"]);
    assert_eq!(ids(&v["best_path"])[0], "ask_usage");
    assert_ne!(ids(&v["best_path"]), ids(&run["path"]));
    for (obj, expected) in [
        (
            &v,
            &[
                "kind",
                "scenario",
                "seed",
                "session",
                "runs",
                "leaderboard",
                "divergence",
                "closest",
                "splits",
                "against_rationale",
                "best_path",
                "best_ending",
            ][..],
        ),
        (
            run,
            &[
                "team",
                "ending",
                "overall",
                "band",
                "skills",
                "decisions",
                "trust",
                "path",
            ][..],
        ),
    ] {
        let keys: Vec<&String> = obj.as_object().unwrap().keys().collect();
        for k in expected {
            assert!(keys.iter().any(|x| x == k), "JSON has `{k}`");
        }
    }
}

/// The CSV header: fixed columns, one per skill the example assesses, then the turning-point
/// columns.
const CSV_HEADER: [&str; 21] = [
    "team",
    "node",
    "choice_id",
    "choice_text",
    "timed_out",
    "at_ms",
    "options",
    "votes",
    "chosen",
    "settled",
    "override_reason",
    "note",
    "business_acumen",
    "negotiation",
    "best_outcome_before",
    "best_score_before",
    "best_outcome_after",
    "best_score_after",
    "turning_point",
    "keep_choice",
    "exact",
];

#[test]
fn csv_has_a_header_and_one_parsable_row_per_decision() {
    let d = temp("csv");
    let rec = saved_run(&d);
    let out = ok(report(&rec, "csv"));
    let rows = parse_csv(&out);
    assert_eq!(rows.len(), 3, "header + 2 decisions:\n{out}");
    assert_eq!(rows[0], CSV_HEADER);
    for r in &rows {
        assert_eq!(r.len(), 21, "{r:?}");
    }
    // The first choice's text holds a comma, so it must have been quoted to parse back whole.
    assert_eq!(
        rows[1][3],
        "Ask which number she needs to hit, and offer the usage data by Friday."
    );
    assert_eq!(
        rows[1],
        [
            "",
            "ask",
            "ask_usage",
            rows[1][3].as_str(),
            "false",
            "0",
            "ask_usage|ask_refuse",
            "",
            "1",
            "",
            "",
            "",
            "2",
            "1",
            "success",
            "100",
            "success",
            "100",
            "",
            "",
            "true"
        ]
    );
    assert_eq!(rows[2][2], "deal_hold");
    assert_eq!(rows[2][6], "deal_share|deal_hold");
    assert_eq!(rows[2][8], "2", "deal_hold is the second option offered");
    assert_eq!(&rows[2][12..14], ["-2", "0"]);
    // Holding the fleet lost success (100) for failure (1 point of -6..7: 54); pooling
    // would have kept it.
    assert_eq!(
        &rows[2][14..],
        ["success", "100", "failure", "54", "outcome", "deal_share", "true"]
    );
}

#[test]
fn markdown_has_the_scores_tables_and_paths() {
    let d = temp("md");
    let rec = saved_run(&d);
    let md = ok(report(&rec, "md"));
    assert!(md.starts_with("# Run report: The Printer Budget\n"), "{md}");
    assert!(md.contains("- **Overall score:** 54/100 (competent)"), "{md}");
    assert!(md.contains("| Business Acumen | 60 | 0 |"), "{md}");
    assert!(md.contains("| Negotiation | 50 | 1 |"), "{md}");
    assert!(md.contains("| 2 | `deal` | Hold the fleet as it is"), "{md}");
    assert!(md.contains("- **Mira Castell:** 50 → 60 → 60"), "{md}");
    assert!(md.contains("## Best path"), "{md}");
    assert!(md.contains("### What a strong leader would have done"), "{md}");
}

#[test]
fn html_is_self_contained_with_two_charts_and_the_numbers() {
    let d = temp("html");
    let rec = saved_run(&d);
    let html = ok(report(&rec, "html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 2, "a radar and a trust chart");
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script") && !html.contains("<link"));
    assert!(html.contains("@media print") && html.contains("size: A4"));
    assert!(html.contains(">54<small>/100</small>"), "overall score shown");
    assert!(html.contains("Business Acumen") && html.contains("Mira Castell"));
    assert!(html.contains("The decision was made without you"));
}

#[test]
fn html_escapes_text_from_the_scenario() {
    let d = temp("escape");
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let title = "title: \"The Printer Budget\"";
    assert!(text.contains(title));
    let text = text.replace(title, "title: \"Printers <b>&</b> \\\"Budget\\\"\"");
    std::fs::write(d.join("printer-budget.ron"), text).unwrap();
    let dir = d.to_str().unwrap();
    let rec = d.join("run.ron");
    let rec = rec.to_str().unwrap();
    let o = rapport(&[
        "play",
        "printer-budget",
        "--scenarios",
        dir,
        "--choices",
        "1,2",
        "--save",
        rec,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let html = ok(rapport(&["report", rec, "--scenarios", dir]));
    assert!(
        html.contains("<h1>Printers &lt;b&gt;&amp;&lt;/b&gt; &quot;Budget&quot;</h1>"),
        "{html}"
    );
    assert!(!html.contains("<b>&</b>"));
}

#[test]
fn output_is_byte_identical_and_written_with_dash_o() {
    let d = temp("same");
    let rec = saved_run(&d);
    for format in ["html", "md", "csv", "json"] {
        let a = report(&rec, format);
        let b = report(&rec, format);
        assert_eq!(code(&a), 0, "{}", stderr(&a));
        assert_eq!(a.stdout, b.stdout, "{format} twice");
        let out = d.join(format!("report.{format}"));
        let o = rapport(&[
            "report",
            &rec,
            "--scenarios",
            EXAMPLE_DIR,
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(o.stdout.is_empty(), "-o prints nothing to stdout");
        assert_eq!(std::fs::read(&out).unwrap(), a.stdout, "{format} file");
    }
}

#[test]
fn corrupt_record_exits_1_with_line_and_column() {
    let d = temp("corrupt");
    let rec = saved_run(&d);
    let text = std::fs::read_to_string(&rec).unwrap();
    // Break the third line (`    version: 1,`); RON points just before the bad value.
    let broken = text.replacen("    version: 1,", "    version: \"one\",", 1);
    assert_ne!(broken, text);
    std::fs::write(&rec, broken).unwrap();
    let o = report(&rec, "html");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("{rec}:3:13:")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty());

    std::fs::write(&rec, b"\xff\xfe not text").unwrap();
    assert_eq!(code(&report(&rec, "json")), 1);
}

#[test]
fn unknown_scenario_exits_1_naming_it() {
    let d = temp("unknown");
    let rec = saved_run(&d);
    let text = std::fs::read_to_string(&rec)
        .unwrap()
        .replace("\"printer-budget\"", "\"no-such-scenario\"");
    std::fs::write(&rec, text).unwrap();
    let o = report(&rec, "md");
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("`no-such-scenario`"), "{}", stderr(&o));
}

#[test]
fn other_scenario_version_exits_1() {
    let d = temp("version");
    let rec = saved_run(&d);
    let text = std::fs::read_to_string(&rec)
        .unwrap()
        .replace("version: 1,", "version: 4,");
    std::fs::write(&rec, text).unwrap();
    let o = report(&rec, "csv");
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("version 4"), "{}", stderr(&o));
}

#[test]
fn missing_file_exits_2_and_help_mentions_workshops() {
    let o = report("/nonexistent/run.ron", "html");
    assert_eq!(code(&o), 2);
    let help = ok(rapport(&["report", "--help"]));
    assert!(help.contains("workshop sessions"), "{help}");
    assert!(help.contains("html") && help.contains("csv"), "{help}");
}

#[test]
fn turning_points_show_in_every_format() {
    // ask_usage then deal_hold: at decision 2 pooling (deal_share, offered at trust 60) still
    // reached success at 5 + 2 = 7 weighted points (100 on -6..7); holding ends in failure at
    // 5 - 4 = 1 (54). Pooling scores Negotiation +2 and Business Acumen 0 from there; holding
    // Business Acumen -2.
    let d = temp("turning");
    let rec = saved_run(&d);
    let v: serde_json::Value = serde_json::from_str(&ok(report(&rec, "json"))).unwrap();
    let t = &v["runs"][0]["turning"];
    assert_eq!(t["exact"], true);
    assert_eq!(t["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(t["decisions"][0]["after"]["outcome"], "success");
    let points = t["points"].as_array().unwrap();
    assert_eq!(points.len(), 1, "{t}");
    let p = &points[0];
    assert_eq!(p["number"], 2);
    assert_eq!(p["fell"], "outcome");
    assert_eq!(
        p["before"],
        serde_json::json!({"outcome": "success", "score": 100})
    );
    assert_eq!(p["after"], serde_json::json!({"outcome": "failure", "score": 54}));
    assert_eq!(p["keep_id"], "deal_share");
    assert_eq!(p["keep_ending"], "A plan both sides can sign");
    assert_eq!(p["skills"][0]["skill"], "business_acumen");
    assert_eq!(
        (&p["skills"][0]["keep"], &p["skills"][0]["chosen"]),
        (&0.into(), &(-2).into())
    );
    assert_eq!(
        (&p["skills"][1]["keep"], &p["skills"][1]["chosen"]),
        (&2.into(), &0.into())
    );

    let md = ok(report(&rec, "md"));
    assert!(md.contains("## Turning points\n"), "{md}");
    assert!(
        md.contains("**Decision 2** (`deal`): Hold the fleet as it is"),
        "{md}"
    );
    assert!(
        md.contains("Before this choice a success ending was still within reach (100/100); after it, failure (54/100)."),
        "{md}"
    );
    assert!(
        md.contains(
            "would have kept a success ending: its best path ends in “A plan both sides can sign” (100/100)."
        ),
        "{md}"
    );
    assert!(
        md.contains("Business Acumen 0 vs -2; Negotiation +2 vs 0."),
        "{md}"
    );
    let html = ok(report(&rec, "html"));
    assert!(html.contains("<h2>Turning points</h2>"), "{html}");
    assert!(html.contains("<span class=\"tag\">ending lost</span>"), "{html}");
    assert_eq!(html.matches("<svg").count(), 2, "no new chart");

    // The best path (ask_usage, deal_share) has none, and says so.
    let best = d.join("best.ron");
    let best = best.to_str().unwrap();
    let o = rapport(&["play", EXAMPLE, "--choices", "1,1", "--save", best]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = ok(report(best, "md"));
    assert!(
        md.contains("None: every decision kept the best ending and score"),
        "{md}"
    );
    let rows = parse_csv(&ok(report(best, "csv")));
    assert!(
        rows[1..].iter().all(|r| r[18].is_empty() && r[20] == "true"),
        "{rows:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Workshop sessions, built with the engine's API on the example and saved as the game saves
// them (pretty RON). Every expected number below is worked out by hand from the example:
// ask_usage BA +2 N +1 (trust +10), ask_refuse BA −1 (trust −10), ask_silence (the 30 s
// timeout) N −1 (trust −5); deal_share N +2 (only offered at trust ≥ 50), deal_hold BA −2.
// Ranges: BA −3..2, N −1..3, overall (BA×2 + N) −6..7. So usage→share scores 100 (BA 100,
// N 100); usage→hold 54 (BA 60, N 50); refuse→hold 0 (BA 0, N 25); silence→hold 8
// (−5 → 1/13; BA 20, N 0).

use rapport::engine::Story;
use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::record::RunRecord;
use rapport::engine::workshop::{Decide, Mode, Settled, Setup, Workshop, WorkshopError};

fn example() -> Story {
    let bytes = std::fs::read(EXAMPLE).unwrap();
    let checked = rapport::engine::check_scenario("printer-budget.ron", &bytes, None);
    assert!(!checked.has_errors());
    Story::new(checked.scenario.unwrap())
}

fn workshop(s: &Story, mode: Mode, teams: &[&str], seed: u64) -> Workshop {
    let setup = Setup {
        scenario: s.id.clone(),
        version: s.version,
        seed,
        session: "Ops leads, spring".into(),
        facilitator: "Dana Whitfield".into(),
        mode,
        teams: teams.iter().map(|t| t.to_string()).collect(),
        discussion_seconds: 60,
    };
    Workshop::start(setup, s).unwrap().0
}

/// Saves the session as the game does and returns the file's path.
fn save(dir: &Path, name: &str, w: &Workshop) -> String {
    let path = dir.join(name);
    let text = ron::ser::to_string_pretty(w, ron::ser::PrettyConfig::default()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn json(file: &str) -> serde_json::Value {
    serde_json::from_str(&ok(report(file, "json"))).unwrap()
}

/// The overall score the engine gives each team's run, straight from `RunRecord::of`.
fn engine_overall(s: &Story, w: &Workshop) -> Vec<u32> {
    let a = analyze(s, DEFAULT_STATE_BUDGET);
    w.teams
        .iter()
        .map(|t| RunRecord::of(s, &t.run, &a.ranges).scores.overall)
        .collect()
}

const REASON: &str = "Pooling keeps two printers in the clinic, so the worry is covered";
const NOTE: &str = "Half the room worried about the clinic's printers & prescriptions.";

/// A room vote: a 5–5 tie at `ask` broken by the facilitator for ask_usage (at 0:04), then at
/// `deal` the room votes 2 for deal_share and 9 for deal_hold, and the facilitator overrides
/// for deal_share with a reason and a note (at 0:14).
fn room_vote(s: &Story) -> Workshop {
    let mut w = workshop(s, Mode::RoomVote, &[], 7);
    w.tick(s, 4_000, false).unwrap();
    assert_eq!(w.options(s), ["ask_usage", "ask_refuse"]);
    w.set_votes(0, 5).unwrap();
    w.set_votes(1, 5).unwrap();
    w.reveal().unwrap();
    assert_eq!(w.decide(s, Decide::Majority), Err(WorkshopError::Tie(vec![0, 1])));
    w.decide(s, Decide::Pick(0)).unwrap();
    w.tick(s, 10_000, true).unwrap(); // `deal` has no timer
    assert_eq!(w.options(s), ["deal_share", "deal_hold"]);
    w.set_votes(0, 2).unwrap();
    w.set_votes(1, 9).unwrap();
    w.reveal().unwrap();
    w.set_note(NOTE);
    assert_eq!(w.decide(s, Decide::Pick(0)), Err(WorkshopError::NeedsOverride));
    w.decide(s, Decide::Override(0, REASON.into())).unwrap();
    assert!(w.is_over());
    assert!(matches!(w.log[0].settled, Settled::Tie { .. }));
    assert!(matches!(w.log[1].settled, Settled::Override { .. }));
    w
}

#[test]
fn room_vote_report_shows_votes_ties_overrides_and_notes() {
    let s = example();
    let d = temp("room-vote");
    let w = room_vote(&s);
    let file = save(&d, "room.ron", &w);

    let v = json(&file);
    assert_eq!(v["kind"], "room-vote");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["session"]["name"], "Ops leads, spring");
    assert_eq!(v["session"]["facilitator"], "Dana Whitfield");
    assert_eq!(v["session"]["mode"], "Room vote");
    assert_eq!(v["session"]["decisions"], 2);
    assert_eq!(v["session"]["duration"], "0:14");
    assert_eq!(v["session"]["finished"], true);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["team"], "The room");
    // usage → share is the best path: 100 overall and on both skills.
    assert_eq!(run["overall"], 100);
    assert_eq!(engine_overall(&s, &w), [100]);
    assert_eq!(run["band"], "exemplary");
    assert_eq!(run["ending"]["id"], "agreed");
    assert_eq!(run["skills"][0]["score"], 100);
    assert_eq!(run["skills"][1]["score"], 100);
    let ds = run["decisions"].as_array().unwrap();
    assert_eq!(ds[0]["choice_id"], "ask_usage");
    assert_eq!(ds[0]["at_ms"], 4_000);
    assert_eq!(ds[0]["time"], "0:04");
    assert_eq!(ds[0]["settled"], "tie broken by the facilitator");
    assert_eq!(ds[0]["tied"], serde_json::json!(["ask_usage", "ask_refuse"]));
    assert_eq!(ds[0]["options"][0]["votes"], 5);
    assert_eq!(ds[0]["options"][1]["votes"], 5);
    assert!(ds[0]["override_reason"].is_null() && ds[0]["note"].is_null());
    assert_eq!(ds[1]["choice_id"], "deal_share");
    assert_eq!(ds[1]["at_ms"], 14_000);
    assert_eq!(ds[1]["settled"], "facilitator override");
    assert_eq!(ds[1]["override_reason"], REASON);
    assert_eq!(ds[1]["note"], NOTE);
    assert_eq!(ds[1]["options"][0]["choice_id"], "deal_share");
    assert_eq!(ds[1]["options"][0]["votes"], 2);
    assert_eq!(ds[1]["options"][1]["votes"], 9);
    assert_eq!(run["trust"][0]["values"], serde_json::json!([50, 60, 60]));
    // 5–5 splits the room; 2–9 does not (2 is less than a third of 9).
    assert_eq!(v["splits"], serde_json::json!([1]));
    // At `ask` the tied leaders include ask_usage, the option with the most points, so only
    // `deal` went against the evidence: deal_hold weighs −2×2 = −4, deal_share +2×1 = +2.
    let against = v["against_rationale"].as_array().unwrap();
    assert_eq!(against.len(), 1, "{against:?}");
    assert_eq!(against[0]["number"], 2);
    assert_eq!(against[0]["room_choice_id"], "deal_hold");
    assert_eq!(against[0]["room_votes"], 9);
    assert_eq!(against[0]["room_points"], -4);
    assert_eq!(against[0]["better_choice_id"], "deal_share");
    assert_eq!(against[0]["better_points"], 2);
    assert_eq!(
        against[0]["why"],
        "A split that meets both needs is easier to sign than a win."
    );
    assert!(v["leaderboard"].as_array().unwrap().is_empty());
    assert!(v["divergence"].is_null());

    let rows = parse_csv(&ok(report(&file, "csv")));
    assert_eq!(rows[0], CSV_HEADER);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "The room");
    assert_eq!(
        &rows[1][4..10],
        [
            "false",
            "4000",
            "ask_usage|ask_refuse",
            "5|5",
            "1",
            "tie broken by the facilitator"
        ]
    );
    assert_eq!(&rows[1][10..14], ["", "", "2", "1"]);
    assert_eq!(
        rows[2][1..10],
        [
            "deal",
            "deal_share",
            "Propose pooling printers by floor, with two kept in the clinic rooms.",
            "false",
            "14000",
            "deal_share|deal_hold",
            "2|9",
            "1",
            "facilitator override"
        ]
    );
    assert_eq!(&rows[2][10..14], [REASON, NOTE, "0", "2"]);

    let md = ok(report(&file, "md"));
    assert!(md.starts_with("# Workshop report: The Printer Budget\n"), "{md}");
    assert!(md.contains("- **Session:** Ops leads, spring"), "{md}");
    assert!(md.contains("- **Facilitator:** Dana Whitfield"), "{md}");
    assert!(md.contains("- **Mode:** Room vote"), "{md}");
    assert!(md.contains("- **Overall score:** 100/100 (exemplary)"), "{md}");
    assert!(
        md.contains("| Hold the fleet as it is and promise to review next year. | 9 |  |"),
        "{md}"
    );
    assert!(
        md.contains("| Propose pooling printers by floor, with two kept in the clinic rooms. | 2 | ✓ |"),
        "{md}"
    );
    assert!(md.contains(&format!("Reason: \u{201c}{REASON}\u{201d}")), "{md}");
    assert!(md.contains(&format!("> **Facilitator's note:** {NOTE}")), "{md}");
    assert!(md.contains("(5 votes each), broken by the facilitator"), "{md}");
    assert!(md.contains("## Where the room split"), "{md}");
    assert!(md.contains("- **Decision 1** (`ask`)"), "{md}");
    assert!(md.contains("## Against the rationale"), "{md}");
    assert!(
        md.contains("| 2 | Hold the fleet as it is and promise to review next year. | 9 | -4 |"),
        "{md}"
    );

    let html = ok(report(&file, "html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script") && !html.contains("<link"));
    // The room's radar, one vote chart per decision, the trust chart.
    assert_eq!(html.matches("<svg").count(), 4, "{html}");
    assert_eq!(html.matches("class=\"chart votes\"").count(), 2);
    assert!(
        html.contains(
            "Session <strong>Ops leads, spring</strong> · facilitated by Dana Whitfield · Room vote"
        )
    );
    assert!(html.contains(">100<small>/100</small>"));
    assert!(
        html.contains(
            "Reason: \u{201c}Pooling keeps two printers in the clinic, so the worry is covered\u{201d}"
        ),
        "{html}"
    );
    assert!(
        html.contains("Half the room worried about the clinic&#39;s printers &amp; prescriptions."),
        "{html}"
    );
    assert!(
        html.contains(">5 · 50%</text>")
            && html.contains(">9 · 82%</text>")
            && html.contains(">2 · 18%</text>")
    );
    assert!(html.contains("Against the rationale") && html.contains("Where the room split"));
}

#[test]
fn room_vote_timeout_keeps_the_votes_cast() {
    let s = example();
    let d = temp("room-timeout");
    let mut w = workshop(&s, Mode::RoomVote, &[], 1);
    w.set_votes(0, 3).unwrap();
    w.set_votes(1, 4).unwrap();
    // The countdown only runs while the scene is shown; 30 s of it takes ask_silence.
    assert!(w.tick(&s, 20_000, false).unwrap().is_none());
    assert!(w.tick(&s, 30_000, true).unwrap().is_some());
    assert_eq!(w.teams[0].run.decisions[0].choice, "ask_silence");
    assert_eq!(w.options(&s), ["deal_hold"], "trust 45 hides deal_share");
    w.set_votes(0, 6).unwrap();
    w.reveal().unwrap();
    w.decide(&s, Decide::Majority).unwrap();
    let file = save(&d, "room.ron", &w);

    let v = json(&file);
    let run = &v["runs"][0];
    assert_eq!(run["overall"], 8);
    assert_eq!(engine_overall(&s, &w), [8]);
    assert_eq!(run["band"], "developing");
    let ds = run["decisions"].as_array().unwrap();
    assert_eq!(ds[0]["timed_out"], true);
    assert_eq!(ds[0]["at_ms"], 50_000);
    assert_eq!(ds[0]["settled"], "time ran out");
    assert_eq!(ds[1]["settled"], "majority");
    // 3–4 splits the room; a lone option with 6 votes does not.
    assert_eq!(v["splits"], serde_json::json!([1]));
    // The room's top vote at `ask` was ask_refuse (−1×2 = −2), below ask_usage (2×2 + 1 = 5).
    let against = v["against_rationale"].as_array().unwrap();
    assert_eq!(against.len(), 1);
    assert_eq!(against[0]["room_choice_id"], "ask_refuse");
    assert_eq!(against[0]["room_points"], -2);
    assert_eq!(against[0]["better_choice_id"], "ask_usage");
    assert_eq!(against[0]["better_points"], 5);

    let rows = parse_csv(&ok(report(&file, "csv")));
    // The timeout choice is not among the options, so `chosen` is empty.
    assert_eq!(
        &rows[1][2..10],
        [
            "ask_silence",
            "You hesitate.",
            "true",
            "50000",
            "ask_usage|ask_refuse",
            "3|4",
            "",
            "time ran out"
        ]
    );
    assert_eq!(&rows[1][12..14], ["0", "-1"]);
    assert_eq!(&rows[2][6..10], ["deal_hold", "6", "1", "majority"]);

    let html = ok(report(&file, "html"));
    assert!(html.contains("Time ran out before a decision, so the scenario&#39;s timeout choice was taken (7 votes had been cast)."), "{html}");
    assert!(html.contains("<span class=\"tag\">timed out</span>"));
    assert!(html.contains("The room&#39;s majority: 6 of 6 votes."));
}

/// Team rounds on seed 3: Red asks for the usage then shares (best path, 100); Blue refuses
/// then holds (0); Green lets the 30 s timer run out at `ask` (`tick`) then holds (8).
fn team_rounds(s: &Story) -> Workshop {
    let mut w = workshop(s, Mode::TeamRounds, &["Red", "Blue", "Green"], 3);
    w.tick(s, 2_000, false).unwrap();
    w.decide(s, Decide::Pick(0)).unwrap(); // Red: ask_usage
    w.tick(s, 3_000, false).unwrap();
    w.decide(s, Decide::Pick(1)).unwrap(); // Blue: ask_refuse
    assert_eq!(w.turn, 2);
    assert!(w.tick(s, 29_999, true).unwrap().is_none());
    assert!(w.tick(s, 1, true).unwrap().is_some()); // Green: timed out → ask_silence
    w.tick(s, 1_000, false).unwrap();
    w.decide(s, Decide::Pick(0)).unwrap(); // Red: deal_share
    assert_eq!(w.options(s), ["deal_hold"]);
    w.decide(s, Decide::Pick(0)).unwrap(); // Blue: deal_hold
    w.decide(s, Decide::Pick(0)).unwrap(); // Green: deal_hold
    assert!(w.is_over());
    w
}

#[test]
fn team_rounds_report_ranks_teams_and_finds_divergence_and_closest() {
    let s = example();
    let d = temp("team-rounds");
    let w = team_rounds(&s);
    let file = save(&d, "teams.ron", &w);

    let v = json(&file);
    assert_eq!(v["kind"], "team-rounds");
    assert_eq!(v["session"]["mode"], "Team rounds");
    assert_eq!(v["session"]["decisions"], 6);
    assert_eq!(v["session"]["duration"], "0:36");
    let runs = v["runs"].as_array().unwrap();
    let teams: Vec<&str> = runs.iter().map(|r| r["team"].as_str().unwrap()).collect();
    assert_eq!(teams, ["Red", "Blue", "Green"], "set-up order");
    let overall: Vec<u64> = runs.iter().map(|r| r["overall"].as_u64().unwrap()).collect();
    assert_eq!(overall, [100, 0, 8]);
    let engine: Vec<u64> = engine_overall(&s, &w).into_iter().map(u64::from).collect();
    assert_eq!(overall, engine);
    assert_eq!(runs[0]["ending"]["id"], "agreed");
    assert_eq!(runs[1]["ending"]["id"], "overruled");
    assert_eq!(runs[2]["decisions"][0]["timed_out"], true);
    assert_eq!(runs[2]["decisions"][0]["choice_id"], "ask_silence");
    assert_eq!(runs[2]["decisions"][0]["at_ms"], 35_000);
    assert_eq!(runs[1]["decisions"][0]["settled"], "team's choice");
    assert!(runs[1]["decisions"][0]["options"][0]["votes"].is_null());
    // Trust: Blue 50 → 40 → 40, Green 50 → 45 → 45.
    assert_eq!(runs[1]["trust"][0]["values"], serde_json::json!([50, 40, 40]));
    assert_eq!(runs[2]["trust"][0]["values"], serde_json::json!([50, 45, 45]));

    let board: Vec<(&str, u64)> = v["leaderboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["team"].as_str().unwrap(), b["overall"].as_u64().unwrap()))
        .collect();
    assert_eq!(board, [("Red", 100), ("Green", 8), ("Blue", 0)]);
    assert_eq!(v["leaderboard"][0]["ending"], "A plan both sides can sign");

    // Everyone starts at `ask` and chose differently there.
    assert_eq!(v["divergence"]["number"], 1);
    assert_eq!(v["divergence"]["node"], "ask");
    let div: Vec<(&str, &str)> = v["divergence"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["team"].as_str().unwrap(), c["choice_id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        div,
        [
            ("Red", "ask_usage"),
            ("Blue", "ask_refuse"),
            ("Green", "ask_silence")
        ]
    );

    // The best path scores 100 on both skills, and Red took it.
    let closest: Vec<(&str, &str, u64, u64)> = v["closest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["skill"].as_str().unwrap(),
                c["team"].as_str().unwrap(),
                c["team_score"].as_u64().unwrap(),
                c["best_score"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        closest,
        [
            ("business_acumen", "Red", 100, 100),
            ("negotiation", "Red", 100, 100)
        ]
    );
    assert!(v["splits"].as_array().unwrap().is_empty());

    let rows = parse_csv(&ok(report(&file, "csv")));
    assert_eq!(rows.len(), 7, "header + 2 decisions for each of 3 teams");
    let col = |i: usize| -> Vec<&str> { rows[1..].iter().map(|r| r[i].as_str()).collect() };
    assert_eq!(col(0), ["Red", "Red", "Blue", "Blue", "Green", "Green"]);
    assert_eq!(
        col(2),
        [
            "ask_usage",
            "deal_share",
            "ask_refuse",
            "deal_hold",
            "ask_silence",
            "deal_hold"
        ]
    );
    assert_eq!(col(5), ["2000", "36000", "5000", "36000", "35000", "36000"]);
    assert_eq!(
        col(6),
        [
            "ask_usage|ask_refuse",
            "deal_share|deal_hold",
            "ask_usage|ask_refuse",
            "deal_hold",
            "ask_usage|ask_refuse",
            "deal_hold"
        ]
    );
    assert!(col(7).iter().all(|v| v.is_empty()), "no votes in team rounds");
    assert_eq!(col(8), ["1", "1", "2", "1", "", "1"]);
    assert_eq!(col(9)[4], "time ran out");
    assert_eq!(col(9)[0], "team's choice");
    // Skill deltas per row, and per team they add up to the points behind the scores.
    assert_eq!(col(12), ["2", "0", "-1", "-2", "0", "-2"]);
    assert_eq!(col(13), ["1", "2", "0", "0", "-1", "0"]);

    let md = ok(report(&file, "md"));
    assert!(
        md.contains("| 1 | Red | 100 | exemplary | A plan both sides can sign |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | Green | 8 | developing | The decision was made without you |"),
        "{md}"
    );
    assert!(md.contains("| 3 | Blue | 0 | developing |"), "{md}");
    assert!(md.contains("| Skill | Red | Blue | Green |"), "{md}");
    assert!(md.contains("| Business Acumen | 100 | 0 | 20 |"), "{md}");
    assert!(md.contains("| Negotiation | 100 | 25 | 0 |"), "{md}");
    assert!(
        md.contains("The teams first chose differently at decision 1 (`ask`):"),
        "{md}"
    );
    assert!(md.contains("- **Green:** You hesitate."), "{md}");
    assert!(md.contains("| Negotiation | 100 | Red | 100 |"), "{md}");
    assert!(md.contains("## Team: Blue"), "{md}");

    let html = ok(report(&file, "html"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script") && !html.contains("<link"));
    // One overlaid radar, one trust chart per team; no vote charts.
    assert_eq!(html.matches("<svg").count(), 4);
    assert_eq!(
        html.matches("<polygon class=\"series\"").count(),
        3,
        "one polygon per team"
    );
    assert!(!html.contains("chart votes"));
    assert!(html.contains("<h2>Leaderboard</h2>") && html.contains("Team: Green</h2>"));
    let red = html.find("Team: Red</h2>").unwrap();
    let blue = html.find("Team: Blue</h2>").unwrap();
    assert!(red < blue, "teams in set-up order");
    assert!(html.contains("first chose differently at decision 1 (node <code>ask</code>)"));
}

#[test]
fn team_rounds_report_each_teams_turning_points() {
    // Red played the best path; Blue's refusal (trust 40, so no pooling later) and Green's
    // silence (trust 45) each lost success at decision 1, where ask_usage would have kept it.
    let s = example();
    let d = temp("team-turning");
    let file = save(&d, "teams.ron", &team_rounds(&s));
    let v = json(&file);
    let turns: Vec<Vec<(u64, String)>> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["turning"]["points"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["number"].as_u64().unwrap(),
                        p["keep_id"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .collect();
    assert_eq!(
        turns,
        [
            vec![],
            vec![(1, "ask_usage".to_string())],
            vec![(1, "ask_usage".to_string())]
        ]
    );
    let md = ok(report(&file, "md"));
    assert_eq!(md.matches("### Turning points").count(), 3, "{md}");
}

#[test]
fn team_rounds_divergence_is_the_first_decision_that_differs() {
    let s = example();
    let d = temp("diverge");
    let mut w = workshop(&s, Mode::TeamRounds, &["North", "South"], 1);
    w.decide(&s, Decide::Pick(0)).unwrap(); // North: ask_usage
    w.decide(&s, Decide::Pick(0)).unwrap(); // South: ask_usage
    w.decide(&s, Decide::Pick(0)).unwrap(); // North: deal_share
    w.decide(&s, Decide::Pick(1)).unwrap(); // South: deal_hold
    let file = save(&d, "teams.ron", &w);
    let v = json(&file);
    assert_eq!(v["divergence"]["number"], 2);
    assert_eq!(v["divergence"]["node"], "deal");
    assert_eq!(v["divergence"]["choices"][0]["team"], "North");
    assert_eq!(v["divergence"]["choices"][0]["choice_id"], "deal_share");
    assert_eq!(v["divergence"]["choices"][1]["team"], "South");
    assert_eq!(v["divergence"]["choices"][1]["choice_id"], "deal_hold");
    // usage→share 100, usage→hold 54 (as the solo run above).
    assert_eq!(v["leaderboard"][0]["team"], "North");
    assert_eq!(v["leaderboard"][1]["overall"], 54);
    assert_eq!(engine_overall(&s, &w), [100, 54]);
}

#[test]
fn closest_team_per_skill_and_leaderboard_ties() {
    let s = example();
    let d = temp("closest");
    // Nobody takes the best path (100 on both skills). East and Central refuse then hold
    // (BA 0, N 25, overall 0); West lets the timer run out then holds (BA 20, N 0, overall 8).
    let mut w = workshop(&s, Mode::TeamRounds, &["East", "West", "Central"], 5);
    w.decide(&s, Decide::Pick(1)).unwrap(); // East: ask_refuse
    w.time_out(&s).unwrap(); // West: ask_silence
    w.decide(&s, Decide::Pick(1)).unwrap(); // Central: ask_refuse
    for _ in 0..3 {
        w.decide(&s, Decide::Pick(0)).unwrap(); // deal_hold, the only option left
    }
    assert!(w.is_over());
    let file = save(&d, "teams.ron", &w);
    let v = json(&file);
    assert_eq!(engine_overall(&s, &w), [0, 8, 0]);
    let board: Vec<&str> = v["leaderboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["team"].as_str().unwrap())
        .collect();
    assert_eq!(
        board,
        ["West", "East", "Central"],
        "equal scores keep set-up order"
    );
    // BA: West's 20 is nearest 100. N: East and Central tie on 25, so set-up order: East.
    assert_eq!(v["closest"][0]["skill"], "business_acumen");
    assert_eq!(v["closest"][0]["team"], "West");
    assert_eq!(v["closest"][0]["team_score"], 20);
    assert_eq!(v["closest"][1]["skill"], "negotiation");
    assert_eq!(v["closest"][1]["team"], "East");
    assert_eq!(v["closest"][1]["team_score"], 25);
    assert_eq!(v["closest"][1]["best_score"], 100);
    let md = ok(report(&file, "md"));
    // Tied scores share a rank.
    assert!(
        md.contains("| 2 | East | 0 |") && md.contains("| 2 | Central | 0 |"),
        "{md}"
    );
}

#[test]
fn unfinished_session_reports_what_was_played() {
    let s = example();
    let d = temp("unfinished");
    let mut w = workshop(&s, Mode::TeamRounds, &["Red", "Blue"], 2);
    w.decide(&s, Decide::Pick(0)).unwrap(); // Red: ask_usage; Blue has not decided yet
    let file = save(&d, "teams.ron", &w);
    let v = json(&file);
    assert_eq!(v["session"]["finished"], false);
    assert_eq!(v["session"]["decisions"], 1);
    assert!(v["runs"][0]["ending"].is_null() && v["runs"][1]["ending"].is_null());
    assert!(v["runs"][1]["decisions"].as_array().unwrap().is_empty());
    // Nobody has chosen differently yet.
    assert!(v["divergence"].is_null());
    let html = ok(report(&file, "html"));
    assert!(html.contains("in progress") && html.contains("not reached"));
    assert_eq!(parse_csv(&ok(report(&file, "csv"))).len(), 2);
}

#[test]
fn workshop_reports_are_byte_identical() {
    let s = example();
    let d = temp("ws-same");
    for (name, w) in [("room.ron", room_vote(&s)), ("teams.ron", team_rounds(&s))] {
        let file = save(&d, name, &w);
        for format in ["html", "md", "csv", "json"] {
            let a = report(&file, format);
            assert_eq!(code(&a), 0, "{}", stderr(&a));
            assert_eq!(a.stdout, report(&file, format).stdout, "{name} {format} twice");
        }
    }
}

#[test]
fn corrupt_workshop_file_exits_1_with_line_and_column() {
    let s = example();
    let d = temp("ws-corrupt");
    let file = save(&d, "teams.ron", &team_rounds(&s));
    let text = std::fs::read_to_string(&file).unwrap();
    // A wrong type deep in the file: RON points just after the field's colon.
    let (line, prefix) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.strip_suffix(" 36000,")
                .filter(|p| p.ends_with("elapsed_ms:"))
                .map(|p| (i + 1, p.len()))
        })
        .unwrap();
    let broken = text.replacen("elapsed_ms: 36000,", "elapsed_ms: \"soon\",", 1);
    std::fs::write(&file, broken).unwrap();
    let o = report(&file, "md");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("{file}:{line}:{}:", prefix + 1)), "{err}");
    assert!(
        err.contains("not a valid run record or workshop session"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty());

    // Cut off half way: still a line and column, still exit 1.
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let o = report(&file, "html");
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).starts_with(&format!("error: {file}:")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tampered_workshop_is_rejected_by_verify() {
    let s = example();
    let d = temp("ws-tampered");
    let file = save(&d, "teams.ron", &team_rounds(&s));
    let text = std::fs::read_to_string(&file).unwrap();
    // Red's log says deal_hold, its run says deal_share.
    assert_eq!(text.matches("chosen: \"deal_share\"").count(), 1);
    std::fs::write(
        &file,
        text.replace("chosen: \"deal_share\"", "chosen: \"deal_hold\""),
    )
    .unwrap();
    let o = report(&file, "json");
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains(&file), "{err}");
    assert!(
        err.contains("\u{201c}Ops leads, spring\u{201d} does not check out"),
        "{err}"
    );
    assert!(err.contains("Red's log and run disagree at `deal`"), "{err}");
    assert!(o.stdout.is_empty());

    // A run whose trust was edited no longer replays to the saved state.
    let edited = text.replacen("\"mira\": 40", "\"mira\": 90", 1);
    assert_ne!(edited, text);
    std::fs::write(&file, edited).unwrap();
    let err = stderr(&report(&file, "csv"));
    assert!(
        err.contains("replaying Blue's decisions does not lead to the same place"),
        "{err}"
    );
}

#[test]
fn workshop_on_another_scenario_or_version_exits_1() {
    let s = example();
    let d = temp("ws-other");
    let file = save(&d, "room.ron", &room_vote(&s));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\"printer-budget\"", "\"no-such-scenario\"")).unwrap();
    let o = report(&file, "md");
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("the workshop session was played on scenario `no-such-scenario`"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&file, text.replace("version: 1,", "version: 4,")).unwrap();
    let o = report(&file, "md");
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("version 4"), "{}", stderr(&o));
}
