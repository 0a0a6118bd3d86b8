//! Scenarios that teach judgement, through the binary: the participants' pack (`handouts`),
//! exhibits and placeholders in `play` and `report`, private notes shown nowhere, content
//! lints in `check` (never failing `--strict`) and `analyze --library`.

mod common;
use common::{EXAMPLE, code, rapport, stderr, stdout};

const DIR: &str = "tests/fixtures/judgement";
const SECRET: &str = "SECRET-NOTE";

fn temp(name: &str) -> std::path::PathBuf {
    common::temp("handouts", name)
}

fn ok(o: std::process::Output) -> String {
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

#[test]
fn handouts_write_a_self_contained_pack_of_the_briefing_and_exhibits() {
    let d = temp("pack");
    let out = d.join("pack.html");
    let o = rapport(&[
        "handouts",
        "invoice-dispute",
        "--scenarios",
        DIR,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "-o prints nothing to stdout");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external requests"
    );
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"));
    assert!(html.contains("@media print") && html.contains("size: A4"));
    assert!(html.contains("<h2>Invoice 4471 from Northwind Print</h2>"));
    assert!(html.contains("Toner, Q3: £8,200<br>Toner, Q3 (resupply): £8,200"));
    assert!(
        html.contains("<th>Toner cartridges</th>") && html.contains("<td>41,000</td>"),
        "the table as a table"
    );
    assert!(
        html.contains("The print contract&#39;s cost this year"),
        "what the player is accountable for"
    );
    assert!(html.contains("Mira Castell"));
    // Never the answer key: objectives, what opening scores, private notes.
    assert!(!html.contains("Check the evidence before you agree a number"));
    assert!(!html.contains("business_acumen") && !html.contains("Business Acumen"));
    assert!(!html.contains(SECRET));
    // The same bytes on standard output.
    let again = ok(rapport(&["handouts", "invoice-dispute", "--scenarios", DIR]));
    assert_eq!(again, html);
}

#[test]
fn handouts_escape_text_and_refuse_broken_scenarios() {
    let d = temp("escape");
    let text = std::fs::read_to_string(format!("{DIR}/invoice-dispute.ron")).unwrap();
    let text = text.replacen(
        "title: \"Printer usage, Q3\"",
        "title: \"Usage <b>&</b> \\\"pages\\\"\"",
        1,
    );
    std::fs::write(d.join("invoice-dispute.ron"), &text).unwrap();
    let html = ok(rapport(&[
        "handouts",
        "invoice-dispute",
        "--scenarios",
        d.to_str().unwrap(),
    ]));
    assert!(
        html.contains("<h2>Usage &lt;b&gt;&amp;&lt;/b&gt; &quot;pages&quot;</h2>"),
        "{html}"
    );
    assert!(!html.contains("<b>&</b>"));
    let broken = text.replacen(
        "exhibits: [\"invoice\", \"usage\"]",
        "exhibits: [\"invoce\", \"usage\"]",
        1,
    );
    std::fs::write(d.join("invoice-dispute.ron"), broken).unwrap();
    let o = rapport(&["handouts", "invoice-dispute", "--scenarios", d.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("there is no exhibit `invoce`"),
        "{}",
        stderr(&o)
    );
    let o = rapport(&["handouts", "no-such-scenario", "--scenarios", DIR]);
    assert_eq!(code(&o), 2);
}

#[test]
fn play_opens_exhibits_fills_placeholders_and_picks_the_paragraphs_of_the_path() {
    let d = temp("play");
    let rec = d.join("run.ron");
    let out = ok(rapport(&[
        "play",
        "invoice-dispute",
        "--scenarios",
        DIR,
        "--choices",
        "read:invoice,2",
        "--save",
        rec.to_str().unwrap(),
    ]));
    assert!(
        out.contains("Mira Castell here. It is £16,400 and you have £40k left."),
        "{out}"
    );
    assert!(out.contains("exhibits here: read:invoice"), "{out}");
    assert!(
        out.contains("Total due: £16,400"),
        "the exhibit is shown when opened: {out}"
    );
    assert!(
        out.contains("> Ask Northwind why the Q3 toner appears twice."),
        "2 is the query once offered: {out}"
    );
    assert!(
        out.contains("Querying it cost Mira a day; her trust is at 45."),
        "{out}"
    );
    assert!(!out.contains("You paid without opening"), "{out}");
    assert!(!out.contains('{'), "no placeholder is left: {out}");

    let v: serde_json::Value = serde_json::from_str(&ok(rapport(&[
        "report",
        rec.to_str().unwrap(),
        "--scenarios",
        DIR,
        "--format",
        "json",
    ])))
    .unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["reads"][0]["exhibit"], "invoice");
    assert_eq!(run["reads"][0]["before"], 1);
    assert_eq!(run["reads"][0]["evidence"][0]["points"], 1);
    assert_eq!(run["path"][0]["choice_id"], "read:invoice");
    assert_eq!(run["path"][1]["choice_id"], "query");
    assert_eq!(
        run["ending"]["debrief"],
        "You opened the invoice and caught the toner billed twice before any money left.\n\nQuerying it cost Mira a day; her trust is at 45."
    );
    assert_eq!(v["best_path"][0]["choice_id"], "read:invoice");
    assert_eq!(run["overall"], 100, "reading and querying is the best path");

    let md = ok(rapport(&[
        "report",
        rec.to_str().unwrap(),
        "--scenarios",
        DIR,
        "--format",
        "md",
    ]));
    assert!(md.contains("## Exhibits opened\n\n- Invoice 4471 from Northwind Print (before decision 1; Business Acumen +1)"), "{md}");
    assert!(
        md.contains("### Learning objectives\n\n- Check the evidence before you agree a number."),
        "{md}"
    );

    let o = rapport(&[
        "play",
        "invoice-dispute",
        "--scenarios",
        DIR,
        "--choices",
        "read:usage,read:contract",
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o)
            .contains("exhibit `contract` is not available at node `desk`; available here: invoice, usage"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_private_note_is_shown_by_no_view() {
    let d = temp("private");
    let rec = d.join("run.ron");
    let mut seen = String::new();
    seen += &ok(rapport(&[
        "play",
        "invoice-dispute",
        "--scenarios",
        DIR,
        "--choices",
        "1,1",
        "--coach",
        "--save",
        rec.to_str().unwrap(),
    ]));
    for format in ["html", "md", "csv", "json"] {
        seen += &ok(rapport(&[
            "report",
            rec.to_str().unwrap(),
            "--scenarios",
            DIR,
            "--format",
            format,
        ]));
    }
    for format in ["ink", "yarn"] {
        seen += &ok(rapport(&[
            "export",
            "invoice-dispute",
            "--scenarios",
            DIR,
            "--format",
            format,
        ]));
    }
    seen += &ok(rapport(&["handouts", "invoice-dispute", "--scenarios", DIR]));
    seen += &ok(rapport(&["analyze", "invoice-dispute", "--scenarios", DIR]));
    assert!(seen.contains("Mira Castell"), "the views did show the character");
    assert!(!seen.contains(SECRET), "a private note leaked");
    // The saved run is data, not a view, and holds no scenario text either.
    assert!(!std::fs::read_to_string(&rec).unwrap().contains(SECRET));
}

#[test]
fn check_reports_content_lints_apart_and_strict_does_not_fail_on_them() {
    let out = ok(rapport(&["check", EXAMPLE]));
    assert_eq!(out.matches("lint[free-answer]").count(), 2, "{out}");
    assert!(
        out.contains("printer-budget.ron: ok (5 nodes, 5 choices, 2 endings, 1 timed, 1 random); 2 lints"),
        "{out}"
    );
    assert!(out.contains("0 errors, 0 warnings, 2 lints"), "{out}");
    let o = rapport(&["check", "--strict", EXAMPLE]);
    assert_eq!(code(&o), 0, "--strict does not fail on lints: {}", stdout(&o));
    let o = rapport(&["check", "--deny-lints", EXAMPLE]);
    assert_eq!(code(&o), 1, "--deny-lints does: {}", stdout(&o));
    assert!(stdout(&o).contains("--deny-lints: lints count as errors"));
    let v: serde_json::Value =
        serde_json::from_slice(&rapport(&["check", "--format", "json", EXAMPLE]).stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    let lints = v["lints"].as_array().unwrap();
    assert_eq!(lints.len(), 2);
    assert_eq!(lints[0]["severity"], "lint");
    assert_eq!(lints[0]["code"], "free-answer");
    // A scenario without lints says nothing about them.
    let out = ok(rapport(&["check", DIR]));
    assert!(
        out.contains("invoice-dispute.ron: ok (4 nodes, 4 choices, 2 endings, 0 timed, 0 random)\n"),
        "{out}"
    );
    assert!(!out.contains("lint"), "{out}");
}

#[test]
fn analyze_lists_lints_and_the_library_table_counts_them() {
    let out = ok(rapport(&["analyze", EXAMPLE]));
    assert!(
        out.contains("content lints (2; `rapport check` shows where):"),
        "{out}"
    );
    let table = ok(rapport(&[
        "analyze",
        "--library",
        "--scenarios",
        "tests/fixtures/valid",
    ]));
    let lines: Vec<&str> = table.lines().collect();
    let head: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        head,
        [
            "scenario",
            "free-answer",
            "dominated-option",
            "decorative-trust",
            "unread-flag",
            "total"
        ]
    );
    let row: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(row, ["printer-budget", "2", "0", "0", "0", "2"]);
    assert!(lines[2].starts_with("total"), "{table}");
    let v: serde_json::Value = serde_json::from_slice(
        &rapport(&["analyze", "--library", "--scenarios", DIR, "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(v["scenarios"][0]["id"], "invoice-dispute");
    assert_eq!(v["scenarios"][0]["total"], 0);
    assert_eq!(v["totals"]["free-answer"], 0);
    // A scenario and --library together is a usage error; so is neither.
    assert_eq!(code(&rapport(&["analyze", EXAMPLE, "--library"])), 2);
    assert_eq!(code(&rapport(&["analyze"])), 2);
}

#[test]
fn the_guide_prints_the_facilitation_notes_in_html_and_markdown() {
    let d = temp("guide");
    let out = d.join("guide.html");
    let o = rapport(&["guide", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("warning"),
        "a scenario with notes gets no warning: {}",
        stderr(&o)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    for section in [
        "Who it is for",
        "Timing plan",
        "The briefing players see",
        "For your eyes only",
        "Decision by decision",
        "Where trainers disagree",
        "Hot wash",
        "Using the turning points",
    ] {
        assert!(html.contains(&format!("<h2>{section}</h2>")), "{section} missing");
    }
    // The timing plan adds up: 5 + 10 minutes.
    assert!(html.contains("<td>0:05</td><td>Hot wash</td>"), "{html}");
    assert!(html.contains("15 min in all"));
    // A contested side is printed with its choice's text, not its id.
    assert!(html.contains("For “Hold the fleet as it is and promise to review next year.”"));
    assert!(html.contains("Cutting printers in the last weeks of the year risks the clinics."));
    // The timed decision names what happens when time runs out.
    assert!(
        html.contains("30 seconds; when they run out: “You hesitate.”"),
        "{html}"
    );
    // The objectives are there, under the warning to keep them off the projector.
    let eyes = html.find("For your eyes only").unwrap();
    let objective = html
        .find("Translate a technical constraint into money and risk.")
        .unwrap();
    assert!(objective > eyes);

    let md = ok(rapport(&["guide", EXAMPLE, "--format", "md"]));
    assert!(md.starts_with("# The Printer Budget — facilitator's guide"));
    assert!(md.contains("## Where trainers disagree"));
    assert!(md.contains("| 0:05 | Hot wash | 10 min |"));
    assert!(md.contains("**Listen for:** Who asks what Mira's number is before defending the printers."));
}

#[test]
fn a_guide_without_facilitation_notes_warns_and_prints_the_exhibits_as_handouts() {
    let o = rapport(&["guide", "invoice-dispute", "--scenarios", DIR]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("has no `facilitation` section"),
        "{}",
        stderr(&o)
    );
    let html = stdout(&o);
    assert!(html.contains("no facilitation notes yet"));
    assert!(html.contains("<h2>Handouts</h2>"));
    assert!(html.contains("class=\"exhibit\""));
    // The facilitator sees the people's private notes, but only in the marked section.
    let eyes = html.find("<h2>For your eyes only</h2>").unwrap();
    let next = eyes + html[eyes + 1..].find("<h2>").unwrap();
    let secret = html.find(SECRET).expect("the private note is in the guide");
    assert!(
        secret > eyes && secret < next,
        "private notes only under For your eyes only"
    );
    assert_eq!(html.matches(SECRET).count(), 1);
}
