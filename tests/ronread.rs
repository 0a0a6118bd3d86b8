//! The fast RON reader (`engine::ronread`) against `ron` itself: on every bundled file and on
//! generated scenarios it reads the same value; on thousands of seeded mutations of them, and
//! on hand-picked edge cases, whatever it accepts `ron` accepts with an equal value.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport::engine::generate::{MIN_NODES, generate};
use rapport::engine::load::{MAX_NESTING, read_with_ron};
use rapport::engine::model::{Scenario, SkillFramework};
use rapport::engine::ronread;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::path::PathBuf;

fn bundled() -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn fast<T: DeserializeOwned>(text: &str) -> Result<T, ronread::Rejected> {
    ronread::from_str(text, MAX_NESTING)
}

/// What happened to one text: whether each reader accepted it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    fast: bool,
    ron: bool,
}

/// Reads `text` both ways; panics if the fast reader accepts something `ron` does not, or
/// reads it differently.
fn compare<T: DeserializeOwned + PartialEq + Debug>(text: &str, what: &str) -> Outcome {
    let slow = read_with_ron::<T>(text);
    match fast::<T>(text) {
        Ok(value) => {
            match &slow {
                Ok(expected) => assert!(value == *expected, "{what}: the readers disagree on\n{text}"),
                Err(e) => panic!("{what}: the fast reader accepted what ron refuses ({e}):\n{text}"),
            }
            Outcome {
                fast: true,
                ron: true,
            }
        }
        Err(e) => {
            if slow.is_ok() && std::env::var_os("RONREAD_SHOW").is_some() {
                let at = e.at.min(text.len());
                let from = text.floor_char_boundary(at.saturating_sub(40));
                let to = text.ceil_char_boundary((at + 40).min(text.len()));
                eprintln!("{what}: only ron reads it ({e}): {:?}", &text[from..to]);
            }
            Outcome {
                fast: false,
                ron: slow.is_ok(),
            }
        }
    }
}

/// Reads `text` both ways and insists that both accept it with equal values.
fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str, what: &str) -> T {
    let expected = read_with_ron::<T>(text).unwrap_or_else(|e| panic!("{what}: ron refuses it: {e}"));
    let value = fast::<T>(text).unwrap_or_else(|e| panic!("{what}: the fast reader refuses it: {e}"));
    assert!(value == expected, "{what}: the readers disagree");
    value
}

#[test]
fn every_bundled_file_reads_the_same() {
    for (path, text) in bundled() {
        same::<Scenario>(&text, &path.display().to_string());
    }
    let skills = std::fs::read_to_string("assets/skills.ron").unwrap();
    same::<SkillFramework>(&skills, "assets/skills.ron");
    let example = std::fs::read_to_string("tests/fixtures/valid/printer-budget.ron").unwrap();
    same::<Scenario>(&example, "printer-budget.ron");
}

#[test]
fn broken_fixtures_are_never_read_differently() {
    let mut dir: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/broken")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dir.sort();
    for path in dir {
        if let Ok(text) = std::fs::read_to_string(&path) {
            compare::<Scenario>(&text, &path.display().to_string());
        }
    }
}

#[test]
fn generated_scenarios_read_back_exactly() {
    for (n, seed) in [(MIN_NODES, 0), (40, 1), (97, 2), (300, 3), (1_000, 4)] {
        let g = generate(n, seed);
        let pretty = ron::ser::to_string_pretty(&g, ron::ser::PrettyConfig::default()).unwrap();
        assert_eq!(same::<Scenario>(&pretty, &format!("pretty {n}/{seed}")), g);
        let compact = ron::ser::to_string(&g).unwrap();
        assert_eq!(same::<Scenario>(&compact, &format!("compact {n}/{seed}")), g);
        let config = ron::ser::PrettyConfig::default()
            .struct_names(true)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        let named = ron::ser::to_string_pretty(&g, config).unwrap();
        assert_eq!(same::<Scenario>(&named, &format!("named {n}/{seed}")), g);
    }
}

/// A small scenario with `{}` where an edge case goes (a node's `prompt`, an `Option<String>`)
/// and `[]` where a beat list goes.
const TEMPLATE: &str = r#"Scenario(id: "t", version: 1, title: "T", summary: "S", role: "R", setting: "X",
    minutes: 1, difficulty: Introductory, objectives: [], assesses: [("a", 1)],
    characters: [(id: "c", name: "C", title: "T", profile: "P", trust: 50)],
    start: "n",
    nodes: [(id: "n", prompt: {}, beats: [], then: End("e"))],
    endings: [(id: "e", title: "E", outcome: Success, debrief: "D", strong_leader: "L")])"#;

fn with_prompt(prompt: &str) -> String {
    TEMPLATE.replacen("{}", prompt, 1)
}

fn with_beats(beats: &str) -> String {
    with_prompt("None").replacen("beats: []", &format!("beats: [{beats}]"), 1)
}

fn prompt_of(text: &str) -> Option<String> {
    same::<Scenario>(text, text).nodes[0].prompt.clone()
}

#[test]
fn strings_escapes_and_unicode() {
    let cases: [(&str, &str); 12] = [
        (r#""plain""#, "plain"),
        (r#""""#, ""),
        (r#""tab\there""#, "tab\there"),
        (r#""q\"uote\\ back""#, "q\"uote\\ back"),
        (r#""nl\nline\r0\0""#, "nl\nline\r0\0"),
        (r#""it\'s""#, "it's"),
        (r#""\u{e9}\u{1F600}\u{0}""#, "\u{e9}\u{1F600}\u{0}"),
        (r#""\x41\x7f""#, "A\x7f"),
        ("\"£2.77m — ünïcödé 日本\"", "£2.77m — ünïcödé 日本"),
        ("\"multi\nline\r\nraw\"", "multi\nline\r\nraw"),
        ("\"joined \\\n     here\"", "joined here"),
        (r###"r#"raw "quoted" \n"#"###, "raw \"quoted\" \\n"),
    ];
    for (literal, value) in cases {
        assert_eq!(
            prompt_of(&with_prompt(literal)).as_deref(),
            Some(value),
            "{literal}"
        );
    }
    assert_eq!(
        prompt_of(&with_prompt(r#"r"no hashes""#)).as_deref(),
        Some("no hashes")
    );
    assert_eq!(
        prompt_of(&with_prompt(r####"r##"a"#b"##"####)).as_deref(),
        Some("a\"#b")
    );
    // Escapes left to ron (multi-byte \x) and escapes ron refuses.
    for literal in [
        r#""\xc3\xa9""#,
        r#""\q""#,
        r#""\u{}""#,
        r#""\u{110000}""#,
        r#""\u{1234567}""#,
        r#""\x4""#,
    ] {
        compare::<Scenario>(&with_prompt(literal), literal);
    }
}

#[test]
fn options_explicit_implicit_and_none() {
    assert_eq!(prompt_of(&with_prompt(r#"Some("x")"#)).as_deref(), Some("x"));
    assert_eq!(prompt_of(&with_prompt(r#"Some ( "x" , )"#)).as_deref(), Some("x"));
    assert_eq!(prompt_of(&with_prompt(r#""x""#)).as_deref(), Some("x"));
    assert_eq!(prompt_of(&with_prompt("None")), None);
    assert_eq!(prompt_of(&with_prompt("/* c */ None /* d */")), None);
    for text in [
        r#"Some"x""#,
        r#"Some "x""#,
        "Some()",
        r#"Some("x" "y")"#,
        "Nonex",
        r#"Some(Some("x"))"#,
        "None()",
    ] {
        compare::<Scenario>(&with_prompt(text), text);
    }
    let when = with_beats(
        r#"Narrate(text: "t", when: Some(Not(Flag("f")))), Narrate(text: "u", when: All([Flag("f"), Var("v", Ge, -3),]))"#,
    );
    let s = same::<Scenario>(&when, "conditions");
    assert!(s.nodes[0].beats.iter().all(|b| b.when().is_some()));
}

#[test]
fn comments_whitespace_and_trailing_commas() {
    let text = "// leading\n#![enable(implicit_some)]\n/* a /* nested */ b */ Scenario /* here */ ( // line\n"
        .to_string()
        + &TEMPLATE["Scenario(".len()..]
            .replacen("{}", "\"p\" /* after */", 1)
            .replace(", ", " /**/ ,\t\x0b\x0c") + " // trailing comment without a newline";
    assert_eq!(prompt_of(&text).as_deref(), Some("p"));
    let trailing = with_prompt("Some(\"p\",)")
        .replace("\")", "\",)")
        .replace("50)", "50,)")
        .replace("1)", "1,)")
        .replace(")]", "),]");
    assert_eq!(prompt_of(&trailing).as_deref(), Some("p"), "{trailing}");
    same::<Scenario>(&with_beats("Narrate(text: \"a\",),"), "trailing comma in a list");
    for text in [
        "/* unclosed",
        "/* a /* b */",
        "/ not a comment",
        "/*/",
        "#![enable(implicit_some, unwrap_newtypes)]",
        "#![enable(unwrap_variant_newtypes)]",
        "#![type = \"x\"]",
    ] {
        compare::<Scenario>(&format!("{text}\n{}", with_prompt("\"p\"")), text);
        compare::<Scenario>(&with_prompt(&format!("{text}\n\"p\"")), text);
    }
}

#[test]
fn integers_at_their_bounds() {
    let trust = |n: &str| {
        TEMPLATE
            .replacen("trust: 50", &format!("trust: {n}"), 1)
            .replacen("{}", "None", 1)
    };
    for (n, v) in [
        ("0", 0),
        ("-0", 0),
        ("+7", 7),
        ("007", 7),
        ("9223372036854775807", i64::MAX),
        ("-9223372036854775808", i64::MIN),
    ] {
        assert_eq!(same::<Scenario>(&trust(n), n).characters[0].trust, v, "{n}");
    }
    for n in [
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999",
        "1_000",
        "0x10",
        "0b11",
        "0o7",
        "5i64",
        "5i32",
        "5.0",
        "5e3",
        "1.",
        "- 5",
        "--5",
        "+-5",
        "inf",
        "NaN",
        "b'a'",
        "5u8",
    ] {
        compare::<Scenario>(&trust(n), n);
    }
    let minutes = |n: &str| {
        TEMPLATE
            .replacen("minutes: 1", &format!("minutes: {n}"), 1)
            .replacen("{}", "None", 1)
    };
    for (n, v) in [("4294967295", u32::MAX), ("-0", 0)] {
        assert_eq!(same::<Scenario>(&minutes(n), n).minutes, v);
    }
    for n in ["4294967296", "-1", "+4294967296"] {
        compare::<Scenario>(&minutes(n), n);
    }
}

/// Compares the readers on the template with `from` replaced by each of `texts`.
fn compare_replacing(from: &str, texts: &[&str]) -> Vec<Outcome> {
    let base = with_prompt("None");
    assert!(base.contains(from), "{from}");
    texts
        .iter()
        .map(|text| compare::<Scenario>(&base.replacen(from, text, 1), text))
        .collect()
}

#[test]
fn lists_tuples_and_enums() {
    let empty = with_prompt("None").replacen("objectives: []", "objectives: [ /* none */ ]", 1);
    assert!(same::<Scenario>(&empty, "empty").objectives.is_empty());
    let beats = compare_replacing(
        "beats: []",
        &[
            "beats: [Narrate (text: \"a\")]",
            "beats: [,]",
            "beats: [Narrate(text: \"a\") Narrate(text: \"b\")]",
            "beats: [Narrate(text: \"a\"),,]",
            "beats: [Narrate(text: \"a\", extra: 1)]",
            "beats: [Narrate(text: \"a\", text: \"b\")]",
            "beats: [Narrate(\"a\")]",
            "beats: [Narrate { text: \"a\" }]",
            "beats: [Shout(text: \"a\")]",
            "beats: [r#Narrate(text: \"a\")]",
            "beats: [Narrate(text: \"a\"))]",
            "beats: (Narrate(text: \"a\"))",
        ],
    );
    assert!(beats[0].fast);
    let thens = compare_replacing(
        "then: End(\"e\")",
        &[
            "then: End(\"e\",)",
            "then: End ( \"e\" )",
            "then: Goto(\"n\")",
            "then: Choices([])",
            "then: Random([(id: \"b\", weight: 1, next: \"n\", effects: [Trust(\"c\", -5), Flag(\"f\", true),],)])",
            "then: End(\"e\", \"f\")",
            "then: End()",
            "then: End",
            "then: Random([(id: \"b\", weight: 1, next: \"n\", effects: [Trust(\"c\")])])",
            "then: Random([(id: \"b\", weight: 1, next: \"n\", effects: [Trust(\"c\", 1, 2)])])",
        ],
    );
    assert!(thens[..5].iter().all(|o| o.fast), "{thens:?}");
    let difficulties = compare_replacing(
        "difficulty: Introductory",
        &[
            "difficulty: Advanced",
            "difficulty: Advanced()",
            "difficulty: \"Advanced\"",
            "difficulty: Difficulty::Advanced",
        ],
    );
    assert!(difficulties[0].fast);
    let names = compare_replacing(
        "(id: \"c\"",
        &[
            "Character(id: \"c\"",
            "Character (id: \"c\"",
            "Character/**/(id: \"c\"",
            "Characte(id: \"c\"",
        ],
    );
    assert!(names[..3].iter().all(|o| o.fast), "{names:?}");
}

/// `Not(` nested `depth` times inside a beat's condition.
fn nested(depth: usize) -> String {
    with_beats(&format!(
        "Narrate(text: \"t\", when: {}Flag(\"f\"){})",
        "Not(".repeat(depth),
        ")".repeat(depth)
    ))
}

#[test]
fn nesting_limit_matches_ron_exactly() {
    let mut accepted = 0;
    for depth in 0..40 {
        let o = compare::<Scenario>(&nested(depth), &format!("depth {depth}"));
        assert_eq!(o.fast, o.ron, "depth {depth}");
        accepted += usize::from(o.fast);
    }
    assert!(accepted > 5 && accepted < 40, "{accepted}");
    let o = compare::<Scenario>(&nested(5_000), "very deep");
    assert_eq!(
        o,
        Outcome {
            fast: false,
            ron: false
        }
    );
}

// ---- mutations ----------------------------------------------------------------------------

/// `n` uniformly in `0..n` (`n > 0`), by a multiply-shift like `engine::generate`.
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

const SNIPPETS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "/",
    "*",
    "#",
    "r",
    "-",
    "+",
    "_",
    ".",
    "0",
    "9",
    " ",
    "\n",
    "// c\n",
    "/* c */",
    "/* /* n */ */",
    "/*",
    "*/",
    "None",
    "Some(",
    "Some",
    "true",
    "false",
    "r#\"x\"#",
    "\"\\u{41}\"",
    "\"\\n\"",
    "\\u{e9}",
    "\\x41",
    "\\q",
    "\\\n  ",
    "0x1",
    "1_0",
    "1.5",
    "99999999999999999999",
    "-0",
    "5i64",
    "é",
    "\u{2028}",
    "\u{feff}",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "()",
    "[]",
    "Narrate",
    "Say",
    "Flag",
    "Not(",
    "Choices",
    "id",
    "extra",
    "when:",
    "label:",
];

const FIELDS: &[&str] = &[
    "id",
    "text",
    "who",
    "when",
    "then",
    "next",
    "beats",
    "effects",
    "skills",
    "coach",
    "label",
    "initial",
    "trust",
    "prompt",
    "timer",
    "seconds",
    "timeout",
    "timeout_only",
    "weight",
    "debrief_questions",
    "idd",
    "Id",
    "r#id",
];

/// Byte ranges of "tokens": identifiers, numbers, strings (roughly), single punctuation.
fn tokens(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let start = i;
        let b = text[i];
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] == b'_' || text[i] == b'-') {
                i += 1;
            }
        } else if b == b'"' {
            i += 1;
            while i < text.len() && text[i] != b'"' {
                i += if text[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(text.len());
        } else if b.is_ascii_whitespace() {
            i += 1;
            continue;
        } else {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// One random edit of `text`.
fn mutate(rng: &mut ChaCha8Rng, text: &[u8], toks: &[(usize, usize)]) -> Vec<u8> {
    let mut t = text.to_vec();
    let at = below(rng, t.len() + 1);
    let tok = toks[below(rng, toks.len())];
    let snippet = SNIPPETS[below(rng, SNIPPETS.len())].as_bytes();
    match below(rng, 12) {
        0 if at < t.len() => {
            t.remove(at);
        }
        1 => {
            let end = (at + 1 + below(rng, 8)).min(t.len());
            let piece = t[at.min(end)..end].to_vec();
            t.splice(at..at, piece);
        }
        2 if at < t.len() => {
            t.splice(at..at + 1, snippet.iter().copied());
        }
        3 => {
            t.splice(at..at, snippet.iter().copied());
        }
        4 => {
            t.splice(tok.0..tok.1, std::iter::empty());
        }
        5 => {
            t.splice(tok.0..tok.1, snippet.iter().copied());
        }
        6 => {
            let field = FIELDS[below(rng, FIELDS.len())].as_bytes();
            if let Some((s, e)) = toks
                .iter()
                .copied()
                .find(|&(s, e)| s >= tok.0 && t.get(e) == Some(&b':') && t[s].is_ascii_alphabetic())
            {
                t.splice(s..e, field.iter().copied());
            }
        }
        7 => {
            if let Some(p) = t[at..].iter().position(|&b| b == b',') {
                t.remove(at + p);
            }
        }
        8 => {
            if let Some(p) = t[at..].iter().position(|&b| b"()[]".contains(&b)) {
                if below(rng, 2) == 0 {
                    t.remove(at + p);
                } else {
                    let b = t[at + p];
                    t.insert(at + p, b);
                }
            }
        }
        9 => {
            if let Some((s, e)) = toks
                .iter()
                .copied()
                .find(|&(s, _)| s >= tok.0 && t[s].is_ascii_digit())
            {
                let numbers: [&[u8]; 8] = [
                    b"1.0",
                    b"99999999999999999999",
                    b"-1",
                    b"4294967296",
                    b"-0",
                    b"+5",
                    b"0x1f",
                    b"1e3",
                ];
                t.splice(s..e, numbers[below(rng, numbers.len())].iter().copied());
            }
        }
        10 => {
            let comments: [&[u8]; 4] = [b"/* c */", b"// c\n", b"/* /* n */ */", b" \t\r\n"];
            t.splice(tok.0..tok.0, comments[below(rng, comments.len())].iter().copied());
        }
        _ => {
            t.truncate(at);
        }
    }
    t
}

/// Applies `cases` random edits (one to three at a time) to `text` and compares the readers.
fn mutations<T: DeserializeOwned + PartialEq + Debug>(text: &str, seed: u64, cases: usize) -> (usize, usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let toks = tokens(text.as_bytes());
    let (mut fast_ok, mut ron_ok) = (0, 0);
    for case in 0..cases {
        let mut t = text.as_bytes().to_vec();
        for _ in 0..=below(&mut rng, 3) {
            let toks = if t.len() == text.len() {
                toks.clone()
            } else {
                tokens(&t)
            };
            if toks.is_empty() {
                break;
            }
            t = mutate(&mut rng, &t, &toks);
        }
        let Ok(t) = String::from_utf8(t) else { continue };
        let o = compare::<T>(&t, &format!("seed {seed}, case {case}"));
        fast_ok += usize::from(o.fast);
        ron_ok += usize::from(o.ron);
    }
    (fast_ok, ron_ok)
}

#[test]
fn mutations_of_the_example_are_never_read_differently() {
    let text = std::fs::read_to_string("tests/fixtures/valid/printer-budget.ron").unwrap();
    let (fast_ok, ron_ok) = mutations::<Scenario>(&text, 0x5eed, 6_000);
    // Not vacuous: many mutants still read, and the fast reader reads most of those.
    assert!(ron_ok > 900, "{ron_ok}");
    assert!(fast_ok * 10 > ron_ok * 9, "{fast_ok} of {ron_ok}");
}

#[test]
fn mutations_of_generated_and_skills_are_never_read_differently() {
    let g = generate(MIN_NODES, 7);
    let pretty = ron::ser::to_string_pretty(&g, ron::ser::PrettyConfig::default()).unwrap();
    let (fast_ok, ron_ok) = mutations::<Scenario>(&pretty, 0xface, 3_000);
    assert!(ron_ok > 400 && fast_ok * 10 > ron_ok * 9, "{fast_ok} of {ron_ok}");
    let skills = std::fs::read_to_string("assets/skills.ron").unwrap();
    let (fast_ok, ron_ok) = mutations::<SkillFramework>(&skills, 0xbead, 2_000);
    assert!(ron_ok > 300 && fast_ok * 10 > ron_ok * 9, "{fast_ok} of {ron_ok}");
}

#[test]
fn mutations_of_the_bundled_scenarios_are_never_read_differently() {
    let (mut fast_ok, mut ron_ok) = (0, 0);
    for (i, (_, text)) in bundled().iter().enumerate() {
        let (f, r) = mutations::<Scenario>(text, 0xab0 + i as u64, 100);
        fast_ok += f;
        ron_ok += r;
    }
    assert!(ron_ok > 150 && fast_ok * 10 > ron_ok * 9, "{fast_ok} of {ron_ok}");
}
