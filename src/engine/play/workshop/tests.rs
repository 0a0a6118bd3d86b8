//! Unit tests of the workshop rules: tie rule and splits, Enter, set-up problems.

use super::*;

#[test]
fn leaders_and_splits() {
    assert_eq!(leaders(&[3, 7, 7]), vec![1, 2]);
    assert_eq!(leaders(&[0, 0]), vec![0, 1]);
    assert_eq!(leaders(&[5, 1]), vec![0]);
    assert!(split(&[6, 5, 1]));
    assert!(!split(&[10, 1, 1]));
    assert!(!split(&[4]));
    assert!(!split(&[0, 0]));
}

#[test]
fn the_lead_and_what_enter_does() {
    assert_eq!(Lead::of(&[3, 7, 2]), Lead::Majority(1));
    assert_eq!(Lead::of(&[3, 7, 7]), Lead::Tied(vec![1, 2]));
    assert_eq!(
        Lead::of(&[0, 0]),
        Lead::Tied(vec![0, 1]),
        "nobody voted: all level"
    );
    assert!(Lead::of(&[3, 7, 7]).includes(2) && !Lead::of(&[3, 7, 7]).includes(0));
    assert_eq!(Lead::of(&[5]).leaders(), &[0]);

    let s = crate::engine::tests::example();
    let setup = |mode| Setup {
        scenario: s.id.clone(),
        version: s.version,
        seed: 1,
        session: "S".into(),
        facilitator: String::new(),
        mode,
        teams: vec!["Red".into(), "Blue".into()],
        discussion_seconds: 0,
    };
    let (mut w, _) = Workshop::start(setup(Mode::RoomVote), &s).unwrap();
    let n = w.current.votes.len();
    assert!(n >= 2, "the example's first decision offers a choice");
    assert_eq!(w.on_enter(0), OnEnter::BreakTie(0));
    w.set_votes(1, 4).unwrap();
    assert_eq!(w.on_enter(0), OnEnter::Majority(1));
    w.set_votes(0, 4).unwrap();
    assert_eq!(w.on_enter(1), OnEnter::BreakTie(1));
    if n > 2 {
        assert_eq!(w.on_enter(2), OnEnter::PickATied(vec![0, 1]));
    }
    assert_eq!(
        w.enter(&s, 0).unwrap_err(),
        WorkshopError::NotRevealed,
        "votes stay hidden until revealed"
    );
    w.reveal().unwrap();
    w.enter(&s, 1).unwrap();
    assert_eq!(w.log[0].settled.kind(), SettledKind::Tie);
    assert_eq!(w.log[0].settled.label(), "tie broken by the facilitator");

    let (w, _) = Workshop::start(setup(Mode::TeamRounds), &s).unwrap();
    assert_eq!(w.on_enter(1), OnEnter::TeamChoice(1));
}

#[test]
fn setup_problems_name_what_to_fix() {
    let mut s = Setup {
        scenario: "x".into(),
        version: 1,
        seed: 1,
        session: " ".into(),
        facilitator: String::new(),
        mode: Mode::TeamRounds,
        teams: vec!["Red".into(), "Red ".into()],
        discussion_seconds: 60,
    };
    let p = s.problems().join("\n");
    assert!(p.contains("Give the session a name"), "{p}");
    assert!(p.contains("Two teams are called \u{201c}Red\u{201d}"), "{p}");
    s.session = "Ops leads".into();
    s.teams = vec!["Red".into()];
    assert_eq!(
        s.problems(),
        vec!["Team rounds need 2 to 8 teams; there are 1.".to_string()]
    );
    s.mode = Mode::RoomVote;
    assert!(s.problems().is_empty());
    assert_eq!(s.team_names(), vec!["The room".to_string()]);
}

/// The judgement fixture: `desk` lists `invoice` and `usage`; `query` is offered once the
/// invoice is open (between `pay` and `later`).
fn invoice_dispute() -> Story {
    let text = std::fs::read("tests/fixtures/judgement/invoice-dispute.ron").unwrap();
    let checked = crate::engine::check_scenario("invoice-dispute.ron", &text, None);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    Story::new(checked.scenario.unwrap())
}

fn setup_for(s: &Story, mode: Mode) -> Setup {
    Setup {
        scenario: s.id.clone(),
        version: s.version,
        seed: 3,
        session: "S".into(),
        facilitator: String::new(),
        mode,
        teams: vec!["Red".into(), "Blue".into()],
        discussion_seconds: 60,
    }
}

#[test]
fn an_exhibit_opened_on_the_projector_is_the_rooms_reading() {
    let s = invoice_dispute();
    let (mut w, _) = Workshop::start(setup_for(&s, Mode::RoomVote), &s).unwrap();
    let ids: Vec<&str> = w.exhibits(&s).iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["invoice", "usage"]);
    assert_eq!(w.options(&s), ["pay", "later"]);
    w.set_votes(0, 2).unwrap();
    w.set_votes(1, 5).unwrap();
    w.toggle_discussion().unwrap();
    let discussion = w.current.discussion;
    assert!(w.read(&s, "invoice").unwrap(), "the first opening counts");
    assert_eq!(
        w.options(&s),
        ["pay", "query", "later"],
        "the gated option is offered"
    );
    assert_eq!(w.current.votes, [2, 0, 5], "votes stay with their options");
    assert_eq!(w.current.discussion, discussion, "the timers are not touched");
    assert!(
        !w.read(&s, "invoice").unwrap(),
        "a second opening changes nothing"
    );
    assert_eq!(w.current.votes, [2, 0, 5]);
    assert!(matches!(
        w.read(&s, "nope"),
        Err(WorkshopError::Run(crate::engine::run::RunError::NotHere(_)))
    ));
    w.set_paused(true);
    assert_eq!(w.read(&s, "usage"), Err(WorkshopError::Paused));
    w.set_paused(false);
    assert_eq!(w.teams[0].run.reads.len(), 1);
    assert_eq!(w.teams[0].run.reads[0].before, 0);
    w.verify(&s).unwrap();

    // Saved and loaded, the session still verifies: the reading replays before `query`.
    w.set_votes(1, 9).unwrap();
    w.reveal().unwrap();
    w.decide(&s, Decide::Majority).unwrap();
    assert_eq!(w.log[0].chosen, "query");
    assert!(w.is_over());
    let back: Workshop = ron::from_str(&ron::to_string(&w).unwrap()).unwrap();
    back.verify(&s).unwrap();
    assert_eq!(w.exhibits(&s).len(), 0, "nothing to open once it is over");
    // Without its reading, the run does not replay: `query` was not on offer.
    let mut forged = back.clone();
    forged.teams[0].run.reads.clear();
    forged.teams[0].run.state.read = Default::default();
    let e = forged.verify(&s).unwrap_err();
    assert!(
        matches!(&e, VerifyError::Replay { choice, .. } if choice == "query"),
        "{e:?}"
    );
}

#[test]
fn in_team_rounds_an_opening_is_the_team_whose_turn_it_is() {
    let s = invoice_dispute();
    let (mut w, _) = Workshop::start(setup_for(&s, Mode::TeamRounds), &s).unwrap();
    assert_eq!(w.turn, 0);
    w.read(&s, "usage").unwrap();
    assert_eq!(w.options(&s), ["pay", "later"], "the table gates nothing");
    w.decide(&s, Decide::Pick(0)).unwrap();
    assert_eq!(w.turn, 1);
    assert_eq!(w.teams[0].run.reads.len(), 1);
    assert!(w.teams[1].run.reads.is_empty(), "Blue has opened nothing");
    w.read(&s, "invoice").unwrap();
    assert_eq!(w.options(&s), ["pay", "query", "later"]);
    assert_eq!(w.current.votes.len(), 3, "the options in hand follow the opening");
    w.verify(&s).unwrap();
}
