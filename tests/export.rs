//! `rapport export`: every bundled scenario and the documented example, exported to Ink and
//! Yarn Spinner, compile in the peers' own compilers with the same number of nodes, choices
//! and endings, and our best and worst paths reach the same endings in the peers' runtimes.

mod common;

#[path = "../benches/support/peers.rs"]
mod peers;

use bladeink::story::Story;
use common::{EXAMPLE, code, rapport, stderr, stdout, temp};
use peers::{compile_ink, compile_yarn, play_ink, play_yarn, yarn_runner};
use rapport::engine::Scenario;
use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::model::{Beat, Then};
use rapport::export::{Format, Playback, export, playback};
use std::path::Path;
use yarnspinner::prelude::Compilation;

/// The bundled scenarios and the documented example.
fn scenarios() -> Vec<Scenario> {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).expect("the library loads");
    let mut all: Vec<Scenario> = lib
        .entries
        .iter()
        .map(|e| e.playable().expect("bundled scenarios are valid").clone())
        .collect();
    assert!(all.len() >= 12, "{} bundled scenarios", all.len());
    let example = rapport::library::check_file(Path::new(EXAMPLE), lib.skills.framework.as_ref());
    all.push(example.playable().expect("the example is valid").clone());
    all
}

fn example() -> Scenario {
    let bytes = std::fs::read(EXAMPLE).unwrap();
    rapport::engine::check_scenario(EXAMPLE, &bytes, None)
        .scenario
        .expect("the example parses")
}

/// `s` resolved, for playback.
fn story(s: &Scenario) -> rapport::engine::Story {
    rapport::engine::Story::new(s.clone())
}

/// The lines shown and the ending reached playing `pb` in a fresh Ink story.
fn in_ink(json: &str, pb: &Playback) -> (Vec<String>, String) {
    let mut story = Story::new(json).unwrap();
    let mut lines = Vec::new();
    let ending = play_ink(&mut story, pb, &mut |l| lines.push(l));
    (lines, ending)
}

/// The lines shown and the ending reached playing `pb` in Yarn Spinner from node `start`.
fn in_yarn(c: &Compilation, start: &str, pb: &Playback) -> (Vec<String>, String) {
    let mut lines = Vec::new();
    let ending = play_yarn(&mut yarn_runner(c), start, pb, &mut |l| lines.push(l));
    (lines, ending)
}

/// Lines of `src` (trimmed) that start with `prefix`.
fn count(src: &str, prefix: &str) -> usize {
    src.lines().filter(|l| l.trim_start().starts_with(prefix)).count()
}

/// Exports `s` to both formats, checks the counts in the peers' compilers, and plays our best
/// and worst paths in both runtimes.
fn round_trip(s: &Scenario) {
    let s = &rapport::engine::Story::new(s.clone());
    let choices = s.choices().count();
    let (nodes, endings) = (s.nodes.len(), s.endings.len());
    let a = analyze(s, DEFAULT_STATE_BUDGET);
    assert!(a.exact, "{}", s.id);

    let ink = export(s, Format::Ink);
    let stats = bladeink_compiler::Compiler::new()
        .compile_to_stats(&ink)
        .unwrap_or_else(|e| panic!("{}: {e}", s.id));
    assert_eq!(stats.knots, nodes + endings, "{}: Ink knots", s.id);
    assert_eq!(stats.choices, choices, "{}: Ink choices", s.id);
    assert_eq!(count(&ink, "=== Ending_"), endings, "{}: Ink endings", s.id);
    let json = compile_ink(&ink);

    let yarn = export(s, Format::Yarn);
    let compiled = compile_yarn(&yarn);
    let titles = &compiled.program.as_ref().unwrap().nodes;
    let ending_nodes = titles.keys().filter(|t| t.starts_with("Ending_")).count();
    assert_eq!(titles.len() - ending_nodes, nodes, "{}: Yarn nodes", s.id);
    assert_eq!(ending_nodes, endings, "{}: Yarn endings", s.id);
    assert_eq!(count(&yarn, "-> "), choices, "{}: Yarn options", s.id);

    let start = rapport::export::Names::new(s).knot(&s.start);
    for path in [&a.best, &a.worst] {
        let pb = playback(s, path).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        let (_, ink_ending) = in_ink(&json, &pb);
        assert_eq!(ink_ending, path.ending, "{}: Ink, path {:?}", s.id, path.choices);
        let (_, yarn_ending) = in_yarn(&compiled, &start, &pb);
        assert_eq!(
            yarn_ending, path.ending,
            "{}: Yarn, path {:?}",
            s.id, path.choices
        );
    }
}

#[test]
fn every_scenario_keeps_its_shape_and_its_paths_endings_in_both_peers() {
    let all = scenarios();
    // Two workers: analysis and Yarn's compiler are slow in the dev profile.
    let (even, odd): (Vec<_>, Vec<_>) = all.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    std::thread::scope(|scope| {
        for half in [even, odd] {
            scope.spawn(move || half.into_iter().for_each(|(_, s)| round_trip(s)));
        }
    });
}

#[test]
fn random_branches_can_be_forced_and_otherwise_draw_among_open_branches() {
    let s = example();
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    let json = compile_ink(&export(&s, Format::Ink));
    let yarn = compile_yarn(&export(&s, Format::Yarn));
    // The example's only random node has two branches; force each in turn.
    for branch in ["usage_low", "usage_high"] {
        let mut path = a.best.clone();
        path.branches = vec![branch.into()];
        let pb = playback(&story(&s), &path).unwrap();
        assert_eq!(
            pb.decisions[0].1,
            vec![(
                "force_data".to_string(),
                if branch == "usage_low" { 1 } else { 2 }
            )]
        );
        assert_eq!(in_ink(&json, &pb).1, "agreed");
        assert_eq!(in_yarn(&yarn, "ask", &pb).1, "agreed");
    }
    // Without the hook the peers draw for themselves and still reach an ending.
    let mut unforced = playback(&story(&s), &a.best).unwrap();
    unforced.decisions[0].1.clear();
    assert_eq!(in_ink(&json, &unforced).1, "agreed");
    assert_eq!(in_yarn(&yarn, "ask", &unforced).1, "agreed");
    // A path naming a branch of the wrong node is refused.
    let mut wrong = a.best.clone();
    wrong.branches = vec!["ask_usage".into()];
    assert!(playback(&story(&s), &wrong).is_err());
}

#[test]
fn timed_decisions_export_the_timeout_as_a_marked_option_taken_whatever_its_condition() {
    let s = example();
    let ink = export(&s, Format::Ink);
    let yarn = export(&s, Format::Yarn);
    for src in [&ink, &yarn] {
        assert!(src.contains("(Time runs out after 30 s) You hesitate."), "{src}");
        assert!(src.contains("Timed decision: after 30 s"), "{src}");
    }
    let mut path = analyze(&s, DEFAULT_STATE_BUDGET).best;
    path.choices = vec!["ask_silence".into(), "deal_hold".into()];
    path.ending = "overruled".into();
    let pb = playback(&story(&s), &path).unwrap();
    assert_eq!(pb.decisions[0].0, "(Time runs out after 30 s) You hesitate.");
    assert_eq!(in_ink(&compile_ink(&ink), &pb).1, "overruled");
    assert_eq!(in_yarn(&compile_yarn(&yarn), "ask", &pb).1, "overruled");
}

#[test]
fn text_with_every_special_character_survives_both_peers_verbatim() {
    let tricky = [
        "-> not a divert {x} [y] | z # tag // no comment /* none */ \\ back <> glue <- thread",
        "* starts like a choice",
        "+ sticky? = heading? ~ logic? - gather?",
        "<<command>> and $var and {expr} and [b]bold[/b] #hashtag >> <",
        "=== not the end",
        "=> a line group?",
        "VAR x = 1",
        "TODO: not a note",
        "---",
        "title: not a header",
        "Line one\nline two",
    ];
    // Characters that need no escape in either peer, in a choice.
    let plain = "50% off / 3 * 2 > 1 - 0 < 5 + = ~ $x 'single' \"double\" (parens): colon";
    let mut s = example();
    let node = &mut s.nodes[0];
    node.beats = tricky
        .iter()
        .map(|t| Beat::Narrate {
            text: t.to_string(),
            when: None,
        })
        .collect();
    let Then::Choices(cs) = &mut node.then else {
        unreachable!()
    };
    cs[0].text = plain.into();
    cs[1].text = tricky[0].into();
    let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected: Vec<String> = tricky.iter().map(|t| one_line(t)).collect();
    let a = analyze(&s, DEFAULT_STATE_BUDGET);
    assert_eq!(a.best.choices[0], "ask_usage");
    let best = playback(&story(&s), &a.best).unwrap();
    assert_eq!(best.decisions[0].0, plain);

    let ink = export(&s, Format::Ink);
    let (lines, ending) = in_ink(&compile_ink(&ink), &best);
    assert_eq!(&lines[..expected.len()], &expected[..], "Ink:\n{ink}");
    assert_eq!(ending, a.best.ending);

    let yarn = compile_yarn(&export(&s, Format::Yarn));
    let (lines, ending) = in_yarn(&yarn, "ask", &best);
    assert_eq!(&lines[..expected.len()], &expected[..], "Yarn");
    assert_eq!(ending, a.best.ending);
    // bladeink-compiler keeps the backslashes of escapes inside choice text (inklecate does
    // not), so only Yarn is played through the choice with every special character.
    let worst = playback(&story(&s), &a.worst).unwrap();
    assert_eq!(worst.decisions[0].0, expected[0]);
    assert_eq!(in_yarn(&yarn, "ask", &worst).1, a.worst.ending);
}

#[test]
fn names_stay_unique_when_ids_collide_after_mangling() {
    let mut s = example();
    // `saving-k` and `saving_k` both become `saving_k`; `trust_mira` collides with trust.
    s.variables.push(rapport::engine::model::Variable::Int {
        id: "saving-k".into(),
        initial: 3,
        label: None,
    });
    s.variables.push(rapport::engine::model::Variable::Int {
        id: "trust_mira".into(),
        initial: 7,
        label: None,
    });
    let ink = export(&s, Format::Ink);
    compile_ink(&ink);
    for decl in [
        "VAR saving_k = 0",
        "VAR saving_k_2 = 3",
        "VAR trust_mira = 7",
        "VAR trust_mira_2 = 50",
    ] {
        assert!(ink.contains(decl), "{decl}:\n{ink}");
    }
    compile_yarn(&export(&s, Format::Yarn));
}

#[test]
fn export_writes_stdout_or_a_file_and_refuses_unknown_scenarios() {
    let o = rapport(&["export", EXAMPLE, "--format", "ink"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let ink = stdout(&o);
    assert!(ink.contains("=== ask ===") && ink.contains("-> ask"), "{ink}");
    assert_eq!(ink, export(&example(), Format::Ink));

    let dir = temp("export", "file");
    let out = dir.join("nested").join("printer.yarn");
    let o = rapport(&["export", EXAMPLE, "--format", "yarn", "-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("wrote"), "{}", stderr(&o));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, export(&example(), Format::Yarn));
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let o = rapport(&["export", "no-such-scenario", "--format", "ink"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("Available:") && stderr(&o).contains("outage-briefing"),
        "{}",
        stderr(&o)
    );

    let o = rapport(&["export", "tests/fixtures/broken/dead-end.ron", "--format", "ink"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));

    let o = rapport(&["export", EXAMPLE]);
    assert_eq!(code(&o), 2, "--format is required");
    let o = rapport(&["export", EXAMPLE, "--format", "twine"]);
    assert_eq!(code(&o), 2);
}
