//! The real `rapport` binary as a process: every subcommand, its output and its exit code.

mod common;
use common::{EXAMPLE, code, rapport, stderr, stdout};

use std::path::Path;
use std::process::Command;

fn temp(name: &str) -> std::path::PathBuf {
    common::temp("cli", name)
}

#[test]
fn check_clean_file_exits_0() {
    let o = rapport(&["check", EXAMPLE]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("printer-budget.ron: ok (5 nodes, 5 choices, 2 endings, 1 timed, 1 random)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_broken_file_prints_compiler_style_and_exits_1() {
    let o = rapport(&["check", "tests/fixtures/broken/missing-target.ron"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains("error[missing-target]: there is no node `dta`"),
        "{out}"
    );
    assert!(
        out.contains("--> tests/fixtures/broken/missing-target.ron:48:27"),
        "{out}"
    );
    assert!(
        out.contains("48 |                     next: \"dta\","),
        "the source line is quoted: {out}"
    );
    assert!(out.contains("= help: did you mean `data`?"), "{out}");
}

#[test]
fn check_folder_reports_every_file_and_all_problems() {
    let o = rapport(&["check", "tests/fixtures/broken"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    for f in std::fs::read_dir("tests/fixtures/broken").unwrap() {
        let name = f.unwrap().path().display().to_string();
        assert!(out.contains(&format!("{name}: ")), "{name} has a status line");
    }
}

#[test]
fn check_strict_turns_warnings_into_failure() {
    let f = "tests/fixtures/broken/no-evidence.ron";
    assert_eq!(code(&rapport(&["check", f])), 0, "warnings alone pass");
    let o = rapport(&["check", "--strict", f]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("--strict"));
}

#[test]
fn check_json_has_the_documented_shape() {
    let o = rapport(&[
        "check",
        "--format",
        "json",
        EXAMPLE,
        "tests/fixtures/broken/missing-target.ron",
    ]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let sc = &v["scenarios"][0];
    assert_eq!(sc["id"], "printer-budget");
    assert_eq!(sc["path"], EXAMPLE);
    assert_eq!(
        (
            sc["nodes"].as_u64(),
            sc["endings"].as_u64(),
            sc["choices"].as_u64()
        ),
        (Some(5), Some(2), Some(5))
    );
    assert_eq!(
        (sc["timed_nodes"].as_u64(), sc["random_branches"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        sc["skills"],
        serde_json::json!(["business_acumen", "negotiation"])
    );
    let d = &v["diagnostics"][0];
    for key in ["severity", "file", "line", "column", "code", "message", "help"] {
        assert!(!d[key].is_null(), "diagnostic has `{key}`: {d}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(48), Some(27)));
}

#[test]
fn check_missing_path_cannot_run() {
    let o = rapport(&["check", "no/such/place.ron"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("does not exist"));
}

#[test]
fn check_huge_and_binary_files_fail_cleanly() {
    let d = temp("huge");
    let huge = d.join("huge.ron");
    std::fs::write(&huge, vec![b'('; 5 * 1024 * 1024]).unwrap();
    let bin = d.join("binary.ron");
    std::fs::write(&bin, (0..=255u8).cycle().take(4096).collect::<Vec<_>>()).unwrap();
    let deep = d.join("deep.ron");
    std::fs::write(&deep, "[".repeat(100_000)).unwrap();
    for f in [&huge, &bin, &deep] {
        let o = rapport(&["check", f.to_str().unwrap()]);
        assert_eq!(code(&o), 1, "{}: {}", f.display(), stderr(&o));
        assert!(stdout(&o).contains("error["), "{}", stdout(&o));
    }
    std::fs::remove_dir_all(d).unwrap();
}

#[test]
fn play_scripted_prints_transcript_ending_and_scores() {
    let o = rapport(&["play", EXAMPLE, "--choices", "1,1", "--coach"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Mira Castell, Finance Director: \"Forty-one printers"),
        "{out}"
    );
    assert!(out.contains("[coach] Her real goal is the 8%"), "{out}");
    assert!(
        out.contains("== Ending: A plan both sides can sign (success) =="),
        "{out}"
    );
    assert!(out.contains("Overall: 100/100 (exemplary)"), "{out}");
}

#[test]
fn play_json_is_the_run_record_and_ids_work_like_numbers() {
    let by_number = rapport(&[
        "play",
        EXAMPLE,
        "--choices",
        "2,1",
        "--format",
        "json",
        "--seed",
        "5",
    ]);
    let by_id = rapport(&[
        "play",
        EXAMPLE,
        "--choices",
        "ask_refuse,deal_hold",
        "--format",
        "json",
        "--seed",
        "5",
    ]);
    assert_eq!(code(&by_number), 0, "{}", stderr(&by_number));
    assert_eq!(stdout(&by_number), stdout(&by_id));
    let v: serde_json::Value = serde_json::from_slice(&by_number.stdout).unwrap();
    assert_eq!(v["scenario"], "printer-budget");
    assert_eq!(v["seed"], 5);
    assert_eq!(v["choices"], serde_json::json!(["ask_refuse", "deal_hold"]));
    assert_eq!(v["ending"], "overruled");
    assert_eq!(v["outcome"], "failure");
    assert_eq!(v["scores"]["overall"], 0);
    assert_eq!(v["scores"]["skills"]["business_acumen"], 0);
}

#[test]
fn play_timeout_is_a_choice() {
    let o = rapport(&["play", EXAMPLE, "--choices", "timeout,1", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["choices"][0], "ask_silence");
    assert_eq!(v["run"]["decisions"][0]["timed_out"], true);
}

#[test]
fn play_is_identical_across_runs() {
    let a = rapport(&["play", EXAMPLE, "--choices", "1,1", "--seed", "77"]);
    let b = rapport(&["play", EXAMPLE, "--choices", "1,1", "--seed", "77"]);
    assert_eq!(code(&a), 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn play_bad_choice_says_which_are_valid() {
    let o = rapport(&["play", EXAMPLE, "--choices", "7"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("there is no choice 7 at node `ask`: choose 1–2 or timeout"),
        "{}",
        stderr(&o)
    );
    let o = rapport(&["play", EXAMPLE, "--choices", "ask_refuse,deal_share"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("`deal_share` is not a choice at node `deal`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("deal_hold"), "{}", stderr(&o));
    let o = rapport(&["play", EXAMPLE, "--choices", "1"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("the choices ran out at node `deal`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn play_unknown_scenario_names_the_available_ones() {
    let d = temp("lib");
    std::fs::copy(EXAMPLE, d.join("printer-budget.ron")).unwrap();
    let o = rapport(&[
        "--scenarios",
        d.to_str().unwrap(),
        "play",
        "printer-budgte",
        "--choices",
        "1",
    ]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("there is no scenario `printer-budgte`. Did you mean `printer-budget`?"),
        "{err}"
    );
    assert!(err.contains("Available: printer-budget"), "{err}");
    // And by id from that folder it plays.
    let o = rapport(&[
        "--scenarios",
        d.to_str().unwrap(),
        "play",
        "printer-budget",
        "--choices",
        "1,1",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::fs::remove_dir_all(d).unwrap();
}

#[test]
fn play_refuses_a_broken_scenario_with_its_errors() {
    let o = rapport(&[
        "play",
        "tests/fixtures/broken/missing-target.ron",
        "--choices",
        "1",
    ]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[missing-target]"), "{}", stderr(&o));
}

#[test]
fn play_interactive_reads_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["play", EXAMPLE, "--seed", "3"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"9\n1\ndeal_share\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("there is no choice 9"),
        "a wrong number is explained, then asked again"
    );
    assert!(stdout(&o).contains("(success)"), "{}", stdout(&o));
}

#[test]
fn play_save_writes_a_ron_run_record() {
    let d = temp("save");
    let f = d.join("run.ron");
    let o = rapport(&["play", EXAMPLE, "--choices", "1,2", "--save", f.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let rec: rapport::engine::record::RunRecord =
        ron::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(rec.choices, ["ask_usage", "deal_hold"]);
    assert_eq!(rec.scores.overall, 54);
    assert_eq!(
        std::fs::read_dir(&d).unwrap().count(),
        1,
        "no temporary file left behind"
    );
    std::fs::remove_dir_all(d).unwrap();
}

/// Plays the example (seed 6) with ask_usage then deal_hold and saves it in `d`.
fn saved_run(d: &Path) -> String {
    let f = d.join("run.ron");
    let f = f.to_str().unwrap().to_string();
    let o = rapport(&["play", EXAMPLE, "--seed", "6", "--choices", "1,2", "--save", &f]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    f
}

#[test]
fn play_what_if_replays_to_decision_n_and_compares_the_two_runs() {
    let d = temp("what-if");
    let run = saved_run(&d);
    let before = std::fs::read_to_string(&run).unwrap();
    let wi = d.join("what-if.ron");
    let o = rapport(&[
        "play",
        EXAMPLE,
        "--from",
        &run,
        "--at",
        "2",
        "--choices",
        "1",
        "--save",
        wi.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("== What if: The Printer Budget (printer-budget) — seed 6,"),
        "{out}"
    );
    assert!(
        out.contains("Decision 1 as in the run:\n  1. Ask which number she needs to hit"),
        "{out}"
    );
    assert!(
        out.contains("2. Hold the fleet as it is and promise to review next year.  (the run's choice)"),
        "{out}"
    );
    // Holding scored 5 - 4 = 1 weighted point (54 on -6..7); pooling 5 + 2 = 7 (100).
    assert!(
        out.contains("Your run ended: The decision was made without you (failure)\n"),
        "{out}"
    );
    assert!(
        out.contains("The what-if ended: A plan both sides can sign (success)\n"),
        "{out}"
    );
    assert!(
        out.contains("Overall          54 (competent)  100 (exemplary)\n"),
        "{out}"
    );
    assert!(out.contains("saved the what-if to "), "{out}");
    assert_eq!(
        std::fs::read_to_string(&run).unwrap(),
        before,
        "the run itself is untouched"
    );
    let of: rapport::engine::record::RunRecord = ron::from_str(&before).unwrap();
    let rec: rapport::engine::record::RunRecord =
        ron::from_str(&std::fs::read_to_string(&wi).unwrap()).unwrap();
    let w = rec.what_if.as_ref().expect("recorded as a what-if");
    assert_eq!((w.at, w.choice.as_str()), (2, "deal_share"));
    assert_eq!(*w.of, of.run);
    assert_eq!(rec.seed, 6);
    assert_eq!(rec.choices, ["ask_usage", "deal_share"]);
    assert_eq!(
        rec.run.decisions[0], of.run.decisions[0],
        "decision 1 replayed as it was"
    );
    assert_eq!(rec.run.rolls, of.run.rolls, "the same draw with the same seed");
    assert!(
        of.what_if.is_none() && !before.contains("what_if"),
        "plain runs record no what-if"
    );
    // The JSON output is the what-if's record with the comparison beside it.
    let o = rapport(&[
        "play",
        EXAMPLE,
        "--from",
        &run,
        "--at",
        "1",
        "--choices",
        "2,1",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["what_if"]["at"], 1);
    assert_eq!(v["what_if"]["choice"], "ask_refuse");
    assert_eq!(v["comparison"]["original"]["overall"], 54);
    assert_eq!(v["comparison"]["what_if"]["choice_id"], "ask_refuse");
    // A saved what-if makes a report like any run.
    let o = rapport(&[
        "report",
        wi.to_str().unwrap(),
        "--scenarios",
        "tests/fixtures/valid",
        "--format",
        "md",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.contains("## What if\n\nThis run is a what-if: at decision 2 it took “Propose pooling"),
        "{md}"
    );
    assert!(
        md.contains("| Overall | 54 (competent) | 100 (exemplary) |"),
        "{md}"
    );
    // A plain run's report has no such section.
    let o = rapport(&[
        "report",
        &run,
        "--scenarios",
        "tests/fixtures/valid",
        "--format",
        "md",
    ]);
    assert!(!stdout(&o).contains("## What if"), "{}", stdout(&o));
}

#[test]
fn play_what_if_errors_are_clear_usage_errors() {
    let d = temp("what-if-errors");
    let run = saved_run(&d);
    let what_if = |at: &str, choices: &str| {
        rapport(&["play", EXAMPLE, "--from", &run, "--at", at, "--choices", choices])
    };
    for (at, choices, says) in [
        (
            "3",
            "1",
            "the run has no decision 3: choose a decision from 1 to 2",
        ),
        (
            "0",
            "1",
            "the run has no decision 0: choose a decision from 1 to 2",
        ),
        (
            "2",
            "2",
            "decision 2 already chose `deal_hold`; a what-if takes another option",
        ),
        (
            "1",
            "deal_share",
            "`deal_share` is not offered at decision 1; choose one of: ask_refuse",
        ),
        ("1", "9", "there is no choice 9 at decision 1: choose 1–2"),
    ] {
        let o = what_if(at, choices);
        assert_eq!(code(&o), 2, "--at {at} --choices {choices}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    // After the what-if's own decision, a bad choice is what it is in any play.
    let o = what_if("1", "2,7");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    // Another scenario, another version, no file, not a record.
    let o = rapport(&["play", "outage-briefing", "--from", &run, "--at", "1"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("the run was played on `printer-budget`, not on `outage-briefing`"),
        "{}",
        stderr(&o)
    );
    let old = d.join("old.ron");
    std::fs::write(
        &old,
        std::fs::read_to_string(&run)
            .unwrap()
            .replace("version: 1,", "version: 4,"),
    )
    .unwrap();
    let o = rapport(&["play", EXAMPLE, "--from", old.to_str().unwrap(), "--at", "1"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("version 4 of `printer-budget`, which is now version 1"),
        "{}",
        stderr(&o)
    );
    let o = rapport(&["play", EXAMPLE, "--from", "/nonexistent/run.ron", "--at", "1"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("cannot read `/nonexistent/run.ron`"),
        "{}",
        stderr(&o)
    );
    let junk = d.join("junk.ron");
    std::fs::write(&junk, "(scenario: 7)").unwrap();
    let o = rapport(&["play", EXAMPLE, "--from", junk.to_str().unwrap(), "--at", "1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("junk.ron:1:"), "{}", stderr(&o));
    // --at needs --from, and a what-if keeps the run's seed.
    assert_eq!(code(&rapport(&["play", EXAMPLE, "--at", "1"])), 2);
    assert_eq!(
        code(&rapport(&[
            "play", EXAMPLE, "--from", &run, "--at", "1", "--seed", "3"
        ])),
        2
    );
    let help = stdout(&rapport(&["play", "--help"]));
    assert!(
        help.contains("--from <RUN>") && help.contains("counted from 1"),
        "{help}"
    );
}

#[test]
fn analyze_json_has_the_documented_shape() {
    let o = rapport(&["analyze", EXAMPLE, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], "printer-budget");
    assert_eq!(v["overall"], serde_json::json!({"min": -6, "max": 7}));
    assert_eq!(
        v["skills"]["negotiation"],
        serde_json::json!({"min": -1, "max": 3})
    );
    assert_eq!(v["best_path"], serde_json::json!(["ask_usage", "deal_share"]));
    assert_eq!(v["worst_path"], serde_json::json!(["ask_refuse", "deal_hold"]));
    assert_eq!(
        v["endings"],
        serde_json::json!([{"id": "agreed", "reachable": true}, {"id": "overruled", "reachable": true}])
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("1st option"))
    );
}

#[test]
fn analyze_lists_the_routes_into_each_ending() {
    // Asking for the data keeps both endings open; refusing or hesitating leaves only
    // `overruled` (sharing needs trust 50): so the first decision decides, and after the
    // data so does the second. Into `overruled`: refuse, hesitate, or data then hold.
    let o = rapport(&["analyze", EXAMPLE]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("  agreed — 1 route\n    every route: ask_usage, deal_share\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  overruled — 3 routes\n    - ask_refuse\n    - ask_silence\n    - ask_usage, deal_hold\n"
        ),
        "{out}"
    );
    let o = rapport(&["analyze", EXAMPLE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["routes"]["complete"], true);
    assert_eq!(v["routes"]["endings"][1]["ending"], "overruled");
    assert_eq!(
        v["routes"]["endings"][1]["routes"],
        serde_json::json!([["ask_refuse"], ["ask_silence"], ["ask_usage", "deal_hold"]])
    );
}

#[test]
fn analyze_text_and_unknown_scenario() {
    let o = rapport(&["analyze", EXAMPLE]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains("best path (7 points, ending `agreed`)"),
        "{}",
        stdout(&o)
    );
    let o = rapport(&["analyze", "nope.ron"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("there is no file `nope.ron`"));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(code(&rapport(&["play"])), 2);
    assert_eq!(code(&rapport(&["check", "--format", "xml"])), 2);
    assert_eq!(code(&rapport(&["frobnicate"])), 2);
}

#[test]
fn embedded_library_is_used_outside_the_repository() {
    let d = temp("elsewhere");
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("check")
        .current_dir(&d)
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.contains("<embedded>/assets/skills.ron"), "{out}");
    let bundled = std::fs::read_dir("scenarios").map(|d| d.count()).unwrap_or(0);
    assert!(out.contains(&format!("checked {bundled} scenario")), "{out}");
    assert!(Path::new(&d).read_dir().unwrap().next().is_none());
    std::fs::remove_dir_all(d).unwrap();
}

#[test]
fn game_with_an_unknown_scenario_fails_before_opening_a_window() {
    let o = rapport(&["--scenario", "no-such-thing", "--seed", "4"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("there is no playable scenario `no-such-thing`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("outage-briefing"),
        "names the ones that exist: {}",
        stderr(&o)
    );
}

#[test]
fn simulate_reports_ending_frequencies_as_json() {
    let o = rapport(&[
        "simulate", EXAMPLE, "--runs", "500", "--seed", "2", "--format", "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runs"], 500);
    let endings = v["endings"].as_object().unwrap();
    assert_eq!(endings.keys().collect::<Vec<_>>(), ["agreed", "overruled"]);
    assert_eq!(endings.values().map(|n| n.as_u64().unwrap()).sum::<u64>(), 500);
    let again = rapport(&[
        "simulate", EXAMPLE, "--runs", "500", "--seed", "2", "--format", "json",
    ]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn simulate_with_no_runs_is_a_usage_error() {
    for format in ["text", "json"] {
        let o = rapport(&["simulate", EXAMPLE, "--runs", "0", "--format", format]);
        assert_eq!(code(&o), 2, "bad usage, like clap's own errors");
        assert!(o.stdout.is_empty(), "no empty table: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.starts_with("error: --runs 0"), "says what is wrong: {err}");
        assert!(
            err.contains("pass --runs N with N at least 1"),
            "says how to fix it: {err}"
        );
    }
}

/// The `NN-<ending>.md` transcripts in `dir`, sorted.
fn transcripts_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "index.md")
        .collect();
    names.sort();
    names
}

#[test]
fn transcripts_cover_writes_a_script_per_playthrough_and_an_index() {
    let d = temp("transcripts").join("review");
    let o = rapport(&["transcripts", EXAMPLE, "--cover", "-o", d.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("wrote index.md and 3 transcripts to"),
        "{}",
        stderr(&o)
    );
    // Three playthroughs: the three answers at the first, timed decision each need one.
    let names = transcripts_in(&d);
    assert_eq!(names, ["01-agreed.md", "02-overruled.md", "03-overruled.md"]);
    let index = std::fs::read_to_string(d.join("index.md")).unwrap();
    assert!(
        index.starts_with("# Review transcripts: The Printer Budget (`printer-budget`)"),
        "{index}"
    );
    for n in &names {
        assert!(
            index.contains(&format!("[{n}]({n})")),
            "the index links {n}: {index}"
        );
    }
    assert!(
        index.contains("- **Random branches:** `usage_high` at `data`"),
        "{index}"
    );
    assert!(index.contains("Nothing: every scene, beat, choice"), "{index}");
    let all: String = names
        .iter()
        .map(|n| std::fs::read_to_string(d.join(n)).unwrap())
        .collect();
    for line in [
        "# 1. A plan both sides can sign (success)",
        "## Briefing",
        "## 1 · `ask`",
        "**Mira Castell** (Finance Director): \u{201c}Forty-one printers for sixty staff. Halve it and I can sign tonight.\u{201d}",
        "**Mira Castell** (Finance Director): \u{201c}Friday, then. Don't make me chase you.\u{201d} *(if Flag(\"offered_data\"))*",
        "**Decision 1** · timed, 30 s",
        "1. **Ask which number she needs to hit, and offer the usage data by Friday.** ← taken",
        "*The time ran out (30 s):* **You hesitate.** ← taken **[new]**",
        "Lines marked **[new]** are shown here for the first time",
        "*Random draw at `data`:* **`usage_high`** (weights `usage_low` 3, **`usage_high` 1**).",
        "*Changes:* Mira Castell trust 50 → 60.",
        "*On entering:* Saving agreed (£k) 0 → 5.",
        "## Ending: The decision was made without you (failure)",
        "### What a strong leader would have done",
        "**Overall 100/100** (exemplary)",
        "--choices ask_usage,deal_share`",
    ] {
        assert!(all.contains(line), "missing `{line}` in:\n{all}");
    }
    // Every transcript ends with its scores, and the same scenario gives the same bytes.
    let again = temp("transcripts").join("again");
    assert_eq!(
        code(&rapport(&[
            "transcripts",
            EXAMPLE,
            "--cover",
            "-o",
            again.to_str().unwrap()
        ])),
        0
    );
    for n in names.iter().chain(["index.md".to_string()].iter()) {
        assert_eq!(
            std::fs::read(d.join(n)).unwrap(),
            std::fs::read(again.join(n)).unwrap(),
            "{n} is byte-identical"
        );
    }
}

#[test]
fn transcripts_print_every_file_without_output_and_refuse_bad_usage() {
    let o = rapport(&["transcripts", EXAMPLE, "--cover"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("<!-- file: index.md -->\n\n# Review transcripts:"),
        "{out}"
    );
    for n in ["01-agreed.md", "02-overruled.md", "03-overruled.md"] {
        assert!(out.contains(&format!("<!-- file: {n} -->\n\n# ")), "{n} in {out}");
    }
    assert!(stderr(&o).contains("pass -o DIR"), "{}", stderr(&o));
    // --cover is the one selection, and required.
    let o = rapport(&["transcripts", EXAMPLE]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--cover"), "{}", stderr(&o));
    assert_eq!(
        code(&rapport(&["transcripts", EXAMPLE, "--cover", "--max", "0"])),
        2
    );
    assert_eq!(
        code(&rapport(&["transcripts", EXAMPLE, "--cover", "--format", "html"])),
        2
    );
    let o = rapport(&["transcripts", "no-such-scenario", "--cover"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    // A file where the folder should be: a clear error, no panic.
    let d = temp("transcripts-file");
    let file = d.join("taken");
    std::fs::write(&file, "x").unwrap();
    let o = rapport(&["transcripts", EXAMPLE, "--cover", "-o", file.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot make the folder"), "{}", stderr(&o));
    let o = rapport(&[
        "transcripts",
        "tests/fixtures/broken/missing-target.ron",
        "--cover",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
}

#[test]
fn transcripts_cap_says_what_it_left_out_and_earlier_files_are_left_alone() {
    let d = temp("transcripts-cap");
    std::fs::write(d.join("07-old.md"), "an earlier cover").unwrap();
    let o = rapport(&[
        "transcripts",
        EXAMPLE,
        "--cover",
        "--max",
        "1",
        "-o",
        d.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("listed in the index"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("07-old.md from an earlier run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("07-old.md")).unwrap(),
        "an earlier cover"
    );
    let index = std::fs::read_to_string(d.join("index.md")).unwrap();
    assert!(
        index.contains("left out: the cap of 1 playthrough came first (try --max)"),
        "{index}"
    );
}

#[test]
fn transcripts_index_says_what_no_playthrough_can_show_and_why() {
    let d = temp("transcripts-unreachable");
    let file = d.join("small.ron");
    std::fs::write(
        &file,
        r#"Scenario(
    id: "small", version: 1, title: "Small", summary: "S", role: "R", setting: "Here.",
    minutes: 1, difficulty: Introductory, objectives: ["O"], assesses: [("negotiation", 1)],
    characters: [(id: "mira", name: "Mira Castell", title: "Finance Director", profile: "P", trust: 50)],
    variables: [Flag(id: "warned", initial: false)],
    start: "desk",
    nodes: [
        (id: "desk", beats: [Narrate(text: "Mira waits.")], then: Choices([
            (id: "warn", text: "Warn her.", effects: [Flag("warned", true)],
             skills: [(skill: "negotiation", points: 1, why: "W.")], next: "end", coach: "C"),
            (id: "quiet", text: "Say nothing.", effects: [Trust("mira", -5)],
             skills: [(skill: "negotiation", points: -1, why: "Q.")], next: "end", coach: "C"),
        ])),
        (id: "end", beats: [
            Narrate(text: "It is over."),
            Say(who: "mira", text: "Told you so.", when: All([Chose("quiet"), Flag("warned")])),
        ], then: End("done")),
    ],
    endings: [(id: "done", title: "Done", outcome: Success, debrief: "Fine.", strong_leader: "Warns.")],
)"#,
    )
    .unwrap();
    let out = d.join("review");
    let o = rapport(&[
        "transcripts",
        file.to_str().unwrap(),
        "--cover",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 thing no playthrough shows is listed in the index"),
        "{}",
        stderr(&o)
    );
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(
        index.contains(
            "- `end` beat 2 \u{201c}Told you so.\u{201d}: its condition `All([Chose(\"quiet\"), Flag(\"warned\")])` \
             never holds where it is evaluated."
        ),
        "{index}"
    );
    assert!(index.contains("so what it calls unreachable is"), "{index}");
    assert_eq!(transcripts_in(&out), ["01-done.md", "02-done.md"]);
}
