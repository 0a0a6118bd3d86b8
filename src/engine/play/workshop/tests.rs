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
