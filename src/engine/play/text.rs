//! What the player reads, resolved against the run: placeholders filled in from the run's
//! state ([`interpolate`], the one function every view uses for beats, choices and debrief
//! paragraphs) and the debrief paragraphs whose conditions hold at the end ([`debrief`]).

use crate::engine::model::{Ending, Paragraphs, Value};
use crate::engine::state::State;
use crate::engine::story::Story;
use crate::engine::template::{Piece, has_braces, parse};
use std::borrow::Cow;

/// `text` with its placeholders filled in from `state`: `{var}` is the variable's value (a
/// flag reads `yes` or `no`; see [`number`] for integers), `{trust:c}` the character's trust, `{name:c}` their name, `{{`
/// and `}}` literal braces. A placeholder that names nothing (the check reports it) and a
/// malformed text are left as written. Texts without braces are returned as they are.
pub fn interpolate<'t>(s: &Story, state: &State, text: &'t str) -> Cow<'t, str> {
    if !has_braces(text) {
        return Cow::Borrowed(text);
    }
    let Ok(pieces) = parse(text) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    for p in pieces {
        match p.piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(v) => match state.vars.get(v) {
                Some(Value::Int(n)) => out.push_str(&number(*n)),
                Some(Value::Flag(b)) => out.push_str(if *b { "yes" } else { "no" }),
                None => out.push_str(p.written),
            },
            Piece::Trust(c) => match state.trust.get(c) {
                Some(t) => out.push_str(&t.to_string()),
                None => out.push_str(p.written),
            },
            Piece::Name(c) => match s.character(c) {
                Some(ch) => out.push_str(&ch.name),
                None => out.push_str(p.written),
            },
        }
    }
    Cow::Owned(out)
}

/// An integer as prose shows it: five digits or more grouped in thousands with commas
/// (`38,300`, `-12,000`), shorter ones as they are (`2024`, `450`).
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    if digits.len() < 5 {
        return n.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The debrief of an ending for a finished run: the paragraphs of `debrief` and of
/// `strong_leader` whose condition holds in the run's final state, in order, interpolated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Debrief {
    pub debrief: Vec<String>,
    pub strong_leader: Vec<String>,
}

/// What `ending`'s debrief says to a run that ended in `state` (see [`Debrief`]).
pub fn debrief(s: &Story, ending: &Ending, state: &State) -> Debrief {
    Debrief {
        debrief: paragraphs(s, &ending.debrief, state),
        strong_leader: paragraphs(s, &ending.strong_leader, state),
    }
}

/// The paragraphs of `list` that apply in `state`, interpolated.
pub fn paragraphs(s: &Story, list: &Paragraphs, state: &State) -> Vec<String> {
    shown(list, state)
        .map(|i| interpolate(s, state, &list.0[i].text).into_owned())
        .collect()
}

/// The positions in `list` of the paragraphs that apply in `state` (the one selection:
/// those without a condition and those whose condition holds), in order.
pub fn shown<'a>(list: &'a Paragraphs, state: &'a State) -> impl Iterator<Item = usize> + 'a {
    list.iter()
        .enumerate()
        .filter(|(_, p)| state.allows(p.when.as_ref()))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::run::Run;

    fn story(text: &str) -> Story {
        let c = crate::engine::check_scenario("t.ron", text.as_bytes(), None);
        assert!(!c.has_errors(), "{:#?}", c.diagnostics);
        Story::new(c.scenario.unwrap())
    }

    const SCENARIO: &str = r#"Scenario(
        id: "t", version: 1, title: "T", summary: "S", role: "R", setting: "Set", minutes: 1,
        difficulty: Introductory, objectives: ["O"], assesses: [("negotiation", 1)],
        characters: [(id: "mira", name: "Mira Castell", title: "CFO", profile: "P", trust: 40)],
        variables: [Int(id: "saving_k", initial: 5), Flag(id: "warned", initial: false)],
        start: "a",
        nodes: [
            (id: "a", beats: [Say(who: "mira", text: "I need {saving_k}k, {{not}} less.")],
             then: Choices([
                (id: "warn", text: "Warn {name:mira} (trust {trust:mira})", effects: [Flag("warned", true), Trust("mira", 10), Add("saving_k", 3)], next: "b"),
                (id: "quiet", text: "Say nothing", next: "b"),
             ])),
            (id: "b", then: End("done")),
        ],
        endings: [(id: "done", title: "Done", outcome: Success,
            debrief: [
                (text: "Always: {saving_k}k, warned: {warned}."),
                (text: "You warned {name:mira}.", when: Chose("warn")),
                (text: "You said nothing.", when: Not(Chose("warn"))),
                (text: "You passed through a.", when: Visited("a")),
            ],
            strong_leader: "Warns early.")],
    )"#;

    #[test]
    fn placeholders_are_filled_from_the_state_and_braces_unescaped() {
        let s = story(SCENARIO);
        let (run, _) = Run::start(&s, 1).unwrap();
        let beat = s.nodes[0].beats[0].text();
        assert_eq!(interpolate(&s, &run.state, beat), "I need 5k, {not} less.");
        let choice = &run.options(&s)[0].text;
        assert_eq!(
            interpolate(&s, &run.state, choice),
            "Warn Mira Castell (trust 40)"
        );
        assert!(matches!(
            interpolate(&s, &run.state, "no braces"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            interpolate(&s, &run.state, "{nobody} and {"),
            "{nobody} and {",
            "left as written"
        );
    }

    #[test]
    fn numbers_of_five_digits_or_more_are_grouped() {
        let cases = [
            (0, "0"),
            (2024, "2024"),
            (-9999, "-9999"),
            (10_000, "10,000"),
            (38_300, "38,300"),
            (-1_234_567, "-1,234,567"),
            (i64::MIN, "-9,223,372,036,854,775,808"),
        ];
        for (n, shown) in cases {
            assert_eq!(number(n), shown);
        }
    }

    #[test]
    fn the_debrief_shows_the_paragraphs_true_of_the_path_taken() {
        let s = story(SCENARIO);
        let ending = s.ending("done").unwrap();
        let (mut warned, _) = Run::start(&s, 1).unwrap();
        warned.choose(&s, "warn", 0).unwrap();
        assert_eq!(
            debrief(&s, ending, &warned.state),
            Debrief {
                debrief: vec![
                    "Always: 8k, warned: yes.".into(),
                    "You warned Mira Castell.".into(),
                    "You passed through a.".into()
                ],
                strong_leader: vec!["Warns early.".into()],
            }
        );
        let (mut quiet, _) = Run::start(&s, 1).unwrap();
        quiet.choose(&s, "quiet", 0).unwrap();
        assert_eq!(
            debrief(&s, ending, &quiet.state).debrief,
            [
                "Always: 5k, warned: no.",
                "You said nothing.",
                "You passed through a."
            ]
        );
    }
}
