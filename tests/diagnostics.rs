//! Every broken fixture yields its expected diagnostic at the expected place; the valid
//! fixture (the documented example) yields none; no input of any shape panics.

use rapport::engine::{self, Severity, SkillFramework};
use std::path::Path;

fn skills() -> SkillFramework {
    let bytes = std::fs::read("assets/skills.ron").expect("assets/skills.ron");
    let (f, diags) = engine::check_skills("assets/skills.ron", &bytes);
    assert!(diags.is_empty(), "{diags:?}");
    f.expect("the skill framework loads")
}

/// (fixture, severity, code, line, column) — each checked by hand against the fixture.
const EXPECTED: &[(&str, Severity, &str, usize, usize)] = &[
    ("dead-end", Severity::Error, "dead-end", 107, 90),
    ("duplicate-id", Severity::Error, "duplicate-id", 52, 25),
    ("empty", Severity::Error, "empty-file", 1, 1),
    ("id-mismatch-file", Severity::Error, "id-mismatch", 2, 9),
    ("invalid-utf8", Severity::Error, "invalid-utf8", 19, 29),
    ("missing-comma", Severity::Error, "syntax", 5, 5),
    ("missing-field", Severity::Error, "missing-field", 129, 1),
    ("missing-target", Severity::Error, "missing-target", 48, 27),
    (
        "missing-timeout-choice",
        Severity::Error,
        "missing-timeout-choice",
        38,
        43,
    ),
    ("never-holds", Severity::Warning, "never-holds", 92, 27),
    ("no-evidence", Severity::Warning, "no-evidence", 99, 25),
    ("no-rationale", Severity::Warning, "no-rationale", 65, 38),
    ("no-way-out", Severity::Error, "no-way-out", 108, 14),
    ("not-assessed", Severity::Warning, "not-assessed", 65, 38),
    (
        "one-sided-contest",
        Severity::Warning,
        "one-sided-contest",
        140,
        23,
    ),
    ("too-deep", Severity::Error, "too-deep", 92, 127),
    ("trailing-characters", Severity::Error, "syntax", 130, 2),
    ("truncated", Severity::Error, "unexpected-end", 65, 5),
    (
        "trust-out-of-range",
        Severity::Error,
        "trust-out-of-range",
        22,
        20,
    ),
    ("unknown-field", Severity::Error, "unknown-field", 3, 5),
    ("unknown-skill", Severity::Error, "missing-target", 45, 33),
    ("unknown-speaker", Severity::Error, "missing-target", 107, 41),
    ("unknown-variant", Severity::Error, "unknown-variant", 9, 17),
    ("unreachable", Severity::Error, "unreachable", 108, 14),
    ("unused-ending", Severity::Warning, "unused-ending", 119, 17),
    ("wrong-type", Severity::Error, "wrong-type", 8, 13),
    (
        "wrong-variable-type",
        Severity::Error,
        "wrong-variable-type",
        74,
        27,
    ),
];

#[test]
fn every_broken_fixture_has_its_diagnostic() {
    let skills = skills();
    let dir = Path::new("tests/fixtures/broken");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        EXPECTED.len(),
        "every fixture has an expectation: {files:?}"
    );
    for (name, severity, code, line, column) in EXPECTED {
        let file = format!("tests/fixtures/broken/{name}.ron");
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let checked = engine::check_scenario(&file, &bytes, Some(&skills));
        let found = checked.diagnostics.iter().any(|d| {
            d.severity == *severity
                && d.code == *code
                && d.line == *line
                && d.column == *column
                && d.file == file
        });
        assert!(
            found,
            "{file}: expected {code} at {line}:{column}, got {:#?}",
            checked.diagnostics
        );
        assert!(
            checked
                .diagnostics
                .iter()
                .all(|d| !d.help.is_empty() && !d.message.is_empty()),
            "{file}: every diagnostic says what is wrong and how to fix it"
        );
    }
}

#[test]
fn the_documented_example_is_the_valid_fixture_and_is_clean() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let start = doc.find("```ron\n").expect("a ron block") + "```ron\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let fixture = std::fs::read_to_string("tests/fixtures/valid/printer-budget.ron").unwrap();
    assert_eq!(
        &doc[start..end],
        fixture,
        "docs/scenario-format.md's example and the fixture must match"
    );
    let checked = engine::check_scenario("printer-budget.ron", fixture.as_bytes(), Some(&skills()));
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

/// Tiny deterministic generator so the mutation test needs no extra crates.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn no_mutation_of_a_valid_file_panics() {
    let skills = skills();
    let base = std::fs::read("tests/fixtures/valid/printer-budget.ron").unwrap();
    let mut rng = Lcg(7);
    // Every truncation point (step 7) and 2,000 random byte edits.
    let mut inputs: Vec<Vec<u8>> = (0..base.len()).step_by(7).map(|n| base[..n].to_vec()).collect();
    for _ in 0..2000 {
        let mut m = base.clone();
        for _ in 0..=(rng.next() % 3) {
            let i = (rng.next() as usize) % m.len();
            match rng.next() % 3 {
                0 => m[i] = (rng.next() % 256) as u8,
                1 => {
                    m.remove(i);
                }
                _ => m.insert(i, b"()[],:\"{}"[(rng.next() % 9) as usize]),
            }
        }
        inputs.push(m);
    }
    let mut rejected = 0;
    for input in &inputs {
        let checked = engine::check_scenario("m.ron", input, Some(&skills));
        if checked.scenario.is_none() {
            rejected += 1;
            assert!(checked.has_errors(), "a file that does not load must say why");
        }
        for d in &checked.diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "{d}");
        }
        if let Some(s) = checked.scenario.as_ref().filter(|_| !checked.has_errors()) {
            // Anything that validates cleanly must also analyse and play without panicking.
            let a = engine::analyze::analyze(s, 10_000);
            let s = &engine::Story::new(s.clone());
            let _ = engine::run::Run::start(s, 1).map(|(r, _)| r.options(s).len());
            assert!(a.ranges.overall.max >= a.ranges.overall.min);
        }
    }
    assert!(
        rejected > inputs.len() / 2,
        "most mutations break the file ({rejected} of {})",
        inputs.len()
    );
}
