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
    assert_eq!(v["overall"], 54);
    assert_eq!(v["band"], "competent");
    assert_eq!(v["ending"]["id"], "overruled");
    assert_eq!(v["ending"]["outcome"], "failure");
    assert!(
        v["ending"]["strong_leader"]
            .as_str()
            .unwrap()
            .contains("smaller saving")
    );
    let skills = v["skills"].as_array().unwrap();
    assert_eq!(skills.len(), 2);
    assert_eq!(skills[0]["id"], "business_acumen");
    assert_eq!(skills[0]["name"], "Business Acumen");
    assert_eq!(skills[0]["score"], 60);
    assert_eq!(skills[1]["id"], "negotiation");
    assert_eq!(skills[1]["score"], 50);
    let ds = v["decisions"].as_array().unwrap();
    assert_eq!(ds.len(), 2);
    assert_eq!(ds[0]["node"], "ask");
    assert_eq!(ds[0]["choice_id"], "ask_usage");
    assert_eq!(ds[0]["timed_out"], false);
    assert_eq!(ds[0]["time"], "0:00");
    assert_eq!(ds[0]["evidence"][0]["points"], 2);
    assert!(!ds[0]["evidence"][0]["why"].as_str().unwrap().is_empty());
    assert_eq!(ds[1]["choice_id"], "deal_hold");
    assert_eq!(
        ds[1]["coach"],
        "A review next year is a no she has to absorb now."
    );
    assert_eq!(v["trust"][0]["id"], "mira");
    assert_eq!(v["trust"][0]["values"], serde_json::json!([50, 60, 60]));
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|p| p["choice_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("player_path"), ["ask_usage", "deal_hold"]);
    assert_eq!(ids("best_path")[0], "ask_usage");
    assert_ne!(ids("best_path"), ids("player_path"));
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    for k in [
        "kind",
        "scenario",
        "seed",
        "ending",
        "overall",
        "band",
        "skills",
        "decisions",
        "trust",
        "player_path",
        "best_path",
        "best_ending",
    ] {
        assert!(keys.iter().any(|x| *x == k), "JSON has `{k}`");
    }
}

#[test]
fn csv_has_a_header_and_one_parsable_row_per_decision() {
    let d = temp("csv");
    let rec = saved_run(&d);
    let out = ok(report(&rec, "csv"));
    let rows = parse_csv(&out);
    assert_eq!(rows.len(), 3, "header + 2 decisions:\n{out}");
    assert_eq!(
        rows[0],
        [
            "team",
            "node",
            "choice_id",
            "choice_text",
            "timed_out",
            "at_ms",
            "votes",
            "chosen",
            "business_acumen",
            "negotiation"
        ]
    );
    for r in &rows {
        assert_eq!(r.len(), 10, "{r:?}");
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
            "",
            "true",
            "2",
            "1"
        ]
    );
    assert_eq!(rows[2][2], "deal_hold");
    assert_eq!(&rows[2][8..], ["-2", "0"]);
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
