//! Workshop mode, headless: a room vote and team rounds through to the debrief, driven by the
//! facilitator's actions and keys, with the session file checked after the actions that matter.
//!
//! The example scenario: `ask` (timed, 30 s; options `ask_usage`, `ask_refuse`; the hidden
//! timeout `ask_silence`), then a random node, then `deal` (`deal_share`, `deal_hold`).

mod common;

use bevy::prelude::*;
use common::headless::{app, folders, go, press, screen, send, wait};
use rapport::engine::workshop::{Discussion, Mode, Settled, Workshop};
use rapport::game::debrief::SaveReport;
use rapport::game::screen::Screen;
use rapport::game::workshop::{Live, WorkshopAction as A};
use rapport::game::workshop_debrief::{HotWash, HotWashView};
use rapport::game::workshop_setup::Draft;
use std::path::Path;

fn live(app: &App) -> &Live {
    app.world().resource::<Live>()
}

fn saved(app: &App) -> Workshop {
    let text = std::fs::read_to_string(&live(app).file).expect("the session is saved");
    ron::from_str(&text).expect("the saved session reads back")
}

/// From the title screen to a started session.
fn start(app: &mut App, mode: Mode, teams: usize, seed: u64) {
    press(app, KeyCode::KeyW);
    assert_eq!(screen(app), Screen::WorkshopSetup);
    {
        let mut d = app.world_mut().resource_mut::<Draft>();
        assert_eq!(d.scenario, "printer-budget");
        d.seed = seed;
        d.session = "Ops leads, March".into();
        d.facilitator = "Priya".into();
    }
    press(
        app,
        if mode == Mode::RoomVote {
            KeyCode::KeyR
        } else {
            KeyCode::KeyT
        },
    );
    for _ in 2..teams {
        press(app, KeyCode::Equal);
    }
    press(app, KeyCode::Enter);
    app.update(); // the screen change
    let notices = &app.world().resource::<rapport::game::notice::Notices>().0;
    assert_eq!(screen(app), Screen::Workshop, "{notices:?}");
    let w = &live(app).workshop;
    assert_eq!(w.setup.mode, mode);
    assert_eq!(w.setup.seed, seed);
    assert_eq!(w.teams.len(), if mode == Mode::RoomVote { 1 } else { teams });
}

/// Reveals the current team's scene line by line with Space.
fn show_scene(app: &mut App) {
    let mut guard = 0;
    while !live(app).scene_done() {
        press(app, KeyCode::Space);
        guard += 1;
        assert!(guard < 50, "the scene never finished");
    }
}

fn node(app: &App) -> String {
    live(app).workshop.team().run.node.clone()
}

#[test]
fn a_room_vote_with_a_tie_an_override_and_a_note_reaches_the_debrief() {
    let (data, scenarios) = folders("workshop", "room");
    let mut app = app(&data, &scenarios);
    start(&mut app, Mode::RoomVote, 0, 42);
    assert_eq!(node(&app), "ask");
    show_scene(&mut app);

    // Votes by keys: option 1 gets three, option 2 gets three (one too many, taken back).
    press(&mut app, KeyCode::Digit1);
    for _ in 0..3 {
        press(&mut app, KeyCode::ArrowUp);
    }
    press(&mut app, KeyCode::Digit2);
    for _ in 0..4 {
        press(&mut app, KeyCode::ArrowUp);
    }
    press(&mut app, KeyCode::ArrowDown);
    assert_eq!(live(&app).workshop.current.votes, vec![3, 3]);
    assert!(
        !live(&app).workshop.current.revealed,
        "votes stay hidden until revealed"
    );
    assert_eq!(
        saved(&app).current.votes,
        vec![3, 3],
        "every vote is saved as it is entered"
    );

    // Enter before the reveal is refused, with a reason on screen.
    press(&mut app, KeyCode::Enter);
    assert_eq!(node(&app), "ask");
    assert!(live(&app).message.as_deref().unwrap_or("").contains("reveal"));

    press(&mut app, KeyCode::KeyR);
    assert!(live(&app).workshop.current.revealed);
    // A tie: the facilitator highlights option 1 and settles it with Enter.
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    let log = &live(&app).workshop.log;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].chosen, "ask_usage");
    assert_eq!(
        log[0].settled,
        Settled::Tie {
            tied: vec!["ask_usage".into(), "ask_refuse".into()]
        }
    );
    assert_eq!(log[0].votes, vec![3, 3]);

    // After the random node, `deal`: 5 to 2 for sharing; the facilitator overrides to holding,
    // with a note on what the room said.
    assert_eq!(node(&app), "deal");
    show_scene(&mut app);
    send(&mut app, A::SetVotes(0, 5));
    send(&mut app, A::SetVotes(1, 2));
    send(
        &mut app,
        A::Note("Two people thought sharing data gives away leverage.".into()),
    );
    send(&mut app, A::Reveal);
    send(&mut app, A::Override(1, "   ".into()));
    assert_eq!(live(&app).workshop.log.len(), 1, "an override needs a reason");
    send(
        &mut app,
        A::Override(1, "Let the room see what holding out costs".into()),
    );
    assert_eq!(live(&app).message, None);
    let w = saved(&app);
    assert_eq!(w.log.len(), 2);
    assert_eq!(w.log[1].chosen, "deal_hold");
    assert_eq!(w.log[1].votes, vec![5, 2]);
    assert_eq!(
        w.log[1].note,
        "Two people thought sharing data gives away leverage."
    );
    assert_eq!(
        w.log[1].settled,
        Settled::Override {
            majority: vec!["deal_share".into()],
            reason: "Let the room see what holding out costs".into()
        }
    );
    assert!(w.is_over());
    assert_eq!(w.teams[0].run.ending.as_deref(), Some("overruled"));

    show_scene(&mut app);
    press(&mut app, KeyCode::Enter);
    app.update();
    assert_eq!(screen(&app), Screen::WorkshopDebrief);

    // The hot wash: the room's path with its votes, and the override's reason.
    let h = app.world().resource::<HotWash>();
    let run = &h.report.runs[0];
    let chosen: Vec<&str> = run.decisions.iter().map(|d| d.choice_id.as_str()).collect();
    assert_eq!(chosen, ["ask_usage", "deal_hold"]);
    assert_eq!(
        run.decisions[1].override_reason.as_deref(),
        Some("Let the room see what holding out costs")
    );
    assert_eq!(
        (run.decisions[1].total_votes(), run.decisions[1].chosen_votes()),
        (7, 2)
    );
    // 3–3 splits the room, and so does 5–2 (the runner-up has over a fifth of the votes and
    // over a third of the leader's); the unit tests cover a 10–1–1 that does not.
    assert_eq!(h.report.splits, vec![1, 2]);
    assert_eq!(h.report.questions.len(), 2);
    // The room held at decision 2 (overridden): sharing would have kept success.
    let turns: Vec<(usize, &str)> = run
        .turning
        .points
        .iter()
        .map(|p| (p.number, p.keep_id.as_str()))
        .collect();
    assert_eq!(turns, [(2, "deal_share")]);
    // One page and one question at a time: number keys pick the page, arrows the question.
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::ArrowRight);
    let view = *app.world().resource::<HotWashView>();
    assert_eq!((view.page, view.question), (2, 1));

    // Save report writes the session's HTML report.
    send(&mut app, SaveReport);
    let reports: Vec<_> = std::fs::read_dir(data.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1);
    let name = reports[0].file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, "printer-budget-ops-leads-march-seed42.html");
    let html = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(html.contains("Let the room see what holding out costs"));
    assert!(html.contains("Two people thought sharing data gives away leverage."));
}

#[test]
fn team_rounds_take_turns_and_a_paused_countdown_does_not_run_out() {
    let (data, scenarios) = folders("workshop", "teams");
    let mut app = app(&data, &scenarios);
    start(&mut app, Mode::TeamRounds, 3, 7);
    let names: Vec<String> = live(&app).workshop.teams.iter().map(|t| t.name.clone()).collect();
    assert_eq!(names, ["Blue", "Orange", "Green"]);

    // Blue: option 1 at `ask`.
    assert_eq!(live(&app).workshop.turn, 0);
    show_scene(&mut app);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(live(&app).workshop.turn, 1, "Orange's turn after Blue decided");
    assert_eq!(node(&app), "ask", "Orange is still at the first decision");

    // Orange: the scene is shown, the countdown starts; the session is paused mid-countdown.
    show_scene(&mut app);
    wait(&mut app, 10);
    press(&mut app, KeyCode::Escape);
    assert!(live(&app).workshop.paused);
    let left = live(&app).workshop.current.countdown_ms.unwrap();
    assert!(
        (19_000..=21_000).contains(&left),
        "{left} ms left after 10 s of 30"
    );
    wait(&mut app, 60);
    assert_eq!(
        live(&app).workshop.current.countdown_ms,
        Some(left),
        "paused: the countdown holds"
    );
    assert!(saved(&app).paused, "the pause itself is saved");
    press(&mut app, KeyCode::Digit2);
    press(&mut app, KeyCode::Enter);
    assert_eq!(live(&app).workshop.log.len(), 1, "no decision while paused");
    press(&mut app, KeyCode::Escape);
    wait(&mut app, 25);
    let w = &live(&app).workshop;
    assert_eq!(w.log.len(), 2);
    assert_eq!((w.log[1].team, w.log[1].chosen.as_str()), (1, "ask_silence"));
    assert_eq!(w.log[1].settled, Settled::TimedOut);
    assert_eq!(w.turn, 2, "Green's turn");

    // Green: option 2 (the arrow moves the highlight in team rounds).
    show_scene(&mut app);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(live(&app).workshop.log[2].chosen, "ask_refuse");
    assert_eq!(live(&app).workshop.turn, 0, "round the table to Blue");

    // Second round at `deal`, each team taking option 1. Only Blue kept Mira's trust at 50 or
    // more (usage +10; silence -5 and refusal -10 from 50), so only Blue is offered sharing.
    let mut guard = 0;
    while !live(&app).workshop.is_over() {
        show_scene(&mut app);
        press(&mut app, KeyCode::Digit1);
        press(&mut app, KeyCode::Enter);
        guard += 1;
        assert!(guard < 10);
    }
    let w = saved(&app);
    assert_eq!(w.log.len(), 6, "three teams, two decisions each");
    let second: Vec<(usize, &str)> = w.log[3..].iter().map(|l| (l.team, l.chosen.as_str())).collect();
    assert_eq!(second, [(0, "deal_share"), (1, "deal_hold"), (2, "deal_hold")]);
    assert!(
        w.log[3..]
            .iter()
            .all(|l| l.settled == Settled::TeamChoice && l.votes.is_empty())
    );
    let endings: Vec<_> = w.teams.iter().map(|t| t.run.ending.as_deref()).collect();
    assert_eq!(endings, [Some("agreed"), Some("overruled"), Some("overruled")]);
    show_scene(&mut app);
    press(&mut app, KeyCode::Enter);
    app.update();
    assert_eq!(screen(&app), Screen::WorkshopDebrief);

    // The leaderboard: Blue, the only team to reach the agreement, first. The teams diverged
    // at the first decision (usage, silence, refusal).
    let h = app.world().resource::<HotWash>();
    let board: Vec<&str> = h.report.leaderboard.iter().map(|s| s.team.as_str()).collect();
    assert_eq!(board[0], "Blue");
    let d = h.report.divergence.as_ref().expect("the teams diverged");
    assert_eq!((d.number, d.node.as_str()), (1, "ask"));
    assert_eq!(d.choices.len(), 3);
    // The hot wash's turning points: Blue played the best path; Orange's silence (trust 45)
    // and Green's refusal (trust 40) lost sharing, so success, at decision 1.
    let turns: Vec<Vec<(usize, &str)>> = h
        .report
        .runs
        .iter()
        .map(|r| {
            r.turning
                .points
                .iter()
                .map(|p| (p.number, p.keep_id.as_str()))
                .collect()
        })
        .collect();
    assert_eq!(turns, [vec![], vec![(1, "ask_usage")], vec![(1, "ask_usage")]]);
}

#[test]
fn a_session_survives_the_app_dying_mid_decision() {
    let (data, scenarios) = folders("workshop", "crash");
    let before = {
        let mut app = app(&data, &scenarios);
        start(&mut app, Mode::RoomVote, 0, 99);
        show_scene(&mut app);
        send(&mut app, A::SetVotes(0, 4));
        send(&mut app, A::Reveal);
        send(&mut app, A::Decide);
        assert_eq!(node(&app), "deal");
        show_scene(&mut app);
        send(&mut app, A::SetVotes(1, 6));
        send(&mut app, A::Note("Half the room wanted to walk away.".into()));
        press(&mut app, KeyCode::KeyD);
        wait(&mut app, 5);
        assert!(matches!(
            live(&app).workshop.current.discussion,
            Discussion::Running { .. }
        ));
        let w = live(&app).workshop.clone();
        // The app is dropped here without any goodbye: as if the laptop died.
        w
    };
    let path = data.join("workshops");
    assert_eq!(
        std::fs::read_dir(&path).unwrap().count(),
        1,
        "one session file, no temporaries"
    );

    let mut app = app(&data, &scenarios);
    assert_eq!(screen(&app), Screen::Title);
    let resumed = live(&app).workshop.clone();
    assert_eq!(resumed.log, before.log, "every settled decision is back");
    assert_eq!(resumed.current.votes, vec![0, 6], "the votes in hand are back");
    assert_eq!(resumed.current.note, "Half the room wanted to walk away.");
    assert_eq!(resumed.teams, before.teams);
    // The discussion timer comes back within the last second's save.
    let left = |w: &Workshop| w.current.discussion.left_ms();
    assert!(left(&resumed) >= left(&before) && left(&resumed) <= left(&before) + 1_000);
    assert!(live(&app).scene_done(), "the scene comes back fully shown");
    let transcript = live(&app).transcript().shown.len();
    assert!(transcript > 3, "the transcript is rebuilt ({transcript} lines)");

    go(&mut app, Screen::Workshop);
    send(&mut app, A::Reveal);
    send(&mut app, A::Decide);
    let w = saved(&app);
    assert!(w.is_over());
    assert_eq!(w.log.len(), 2);
    assert_eq!(w.log[1].chosen, "deal_hold");
    assert_eq!(w.log[1].note, "Half the room wanted to walk away.");
}

#[test]
fn a_damaged_session_file_is_moved_aside_not_resumed() {
    let (data, scenarios) = folders("workshop", "damaged");
    std::fs::create_dir_all(data.join("workshops")).unwrap();
    std::fs::write(data.join("workshops/broken.ron"), "(format: 1, setup: (").unwrap();
    let app = app(&data, &scenarios);
    assert!(app.world().get_resource::<Live>().is_none());
    assert!(Path::new(&data.join("workshops/broken.ron.corrupt-1")).exists());
}

#[test]
fn the_workshop_keys_do_nothing_on_other_screens() {
    use rapport::game::workshop_setup::DraftAction;
    let (data, scenarios) = folders("workshop", "keys-elsewhere");
    let mut app = app(&data, &scenarios);
    start(&mut app, Mode::RoomVote, 0, 5);
    show_scene(&mut app);
    send(&mut app, A::Leave);
    assert_eq!(screen(&app), Screen::Title);
    let (workshop, cursor, shown) = {
        let l = live(&app);
        (l.workshop.clone(), l.cursor, l.transcript().shown.len())
    };
    let draft = app.world().resource::<Draft>().clone();
    // The session's and the set-up's keys, on the title screen and the library.
    let keys = [
        KeyCode::Space,
        KeyCode::Digit2,
        KeyCode::ArrowUp,
        KeyCode::KeyR,
        KeyCode::KeyD,
        KeyCode::KeyE,
        KeyCode::KeyP,
        KeyCode::KeyT,
        KeyCode::Equal,
    ];
    for at in [Screen::Title, Screen::Library] {
        go(&mut app, at);
        for key in keys {
            press(&mut app, key);
            assert_eq!(screen(&app), at, "{key:?} on {at:?}");
        }
    }
    let l = live(&app);
    assert_eq!(l.workshop, workshop, "the session is untouched");
    assert_eq!((l.cursor, l.transcript().shown.len()), (cursor, shown));
    assert_eq!(*app.world().resource::<Draft>(), draft, "so is the set-up");

    // On the set-up screen its keys and the view's edits change the draft, through DraftAction.
    go(&mut app, Screen::Library);
    go(&mut app, Screen::Title);
    press(&mut app, KeyCode::KeyW);
    assert_eq!(screen(&app), Screen::WorkshopSetup);
    press(&mut app, KeyCode::KeyT);
    press(&mut app, KeyCode::Equal);
    send(&mut app, DraftAction::TeamName(0, "Ops".into()));
    send(&mut app, DraftAction::SeedText("77".into()));
    send(&mut app, DraftAction::DiscussionMinutes(3));
    let d = app.world().resource::<Draft>();
    assert_eq!(d.mode, Mode::TeamRounds);
    assert_eq!(d.teams, ["Ops", "Orange", "Green"]);
    assert_eq!((d.seed, d.discussion_seconds), (77, 180));
}

/// A room vote on the judgement fixture `invoice-dispute` (its `desk` lists the exhibits
/// `invoice` and `usage`; `query` is offered once the invoice is open).
fn start_with_exhibits(name: &str, mode: Mode) -> App {
    let (data, scenarios) = folders("workshop", name);
    std::fs::copy(
        "tests/fixtures/judgement/invoice-dispute.ron",
        scenarios.join("invoice-dispute.ron"),
    )
    .unwrap();
    let mut app = app(&data, &scenarios);
    press(&mut app, KeyCode::KeyW);
    {
        let mut d = app.world_mut().resource_mut::<Draft>();
        d.scenario = "invoice-dispute".into();
        d.seed = 7;
        d.session = "Finance leads".into();
    }
    press(
        &mut app,
        if mode == Mode::RoomVote {
            KeyCode::KeyR
        } else {
            KeyCode::KeyT
        },
    );
    press(&mut app, KeyCode::Enter);
    app.update();
    assert_eq!(screen(&app), Screen::Workshop);
    app
}

#[test]
fn the_facilitator_opens_an_exhibit_on_the_projector_and_the_session_records_it() {
    use rapport::game::exhibits::Drawer;
    let drawer = |app: &App| app.world().resource::<Drawer>().clone();
    let mut app = start_with_exhibits("exhibit-room", Mode::RoomVote);
    show_scene(&mut app);
    press(&mut app, KeyCode::Digit2); // highlight `later`
    press(&mut app, KeyCode::ArrowUp); // one vote for it
    assert_eq!(live(&app).workshop.current.votes, vec![0, 1]);
    press(&mut app, KeyCode::KeyX);
    assert!(drawer(&app).open);
    // The drawer's keys: no vote changes, nothing settled, no pause.
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::ArrowUp);
    press(&mut app, KeyCode::Digit1);
    assert_eq!(
        live(&app).workshop.current.votes,
        vec![0, 1],
        "arrows move the drawer, not votes"
    );
    press(&mut app, KeyCode::Enter);
    let w = &live(&app).workshop;
    assert!(w.log.is_empty(), "Enter in the drawer opens, it does not settle");
    assert!(!w.paused);
    assert_eq!(w.teams[0].run.reads.len(), 1);
    assert_eq!(w.teams[0].run.reads[0].exhibit, "invoice");
    assert_eq!(w.options(&live(&app).scenario), ["pay", "query", "later"]);
    assert_eq!(w.current.votes, vec![0, 0, 1], "the vote stays with `later`");
    assert_eq!(live(&app).cursor, 2, "so does the highlight");
    assert_eq!(drawer(&app).shown.as_deref(), Some("invoice"));
    let on_disk = saved(&app);
    assert_eq!(
        on_disk.teams[0].run.reads, w.teams[0].run.reads,
        "saved after the opening"
    );
    on_disk.verify(&live(&app).scenario).unwrap();

    // Esc closes the drawer (the session is not paused); then the room votes for `query`.
    press(&mut app, KeyCode::Escape);
    assert!(!drawer(&app).open);
    assert!(
        !live(&app).workshop.paused,
        "Esc closed the drawer, it did not pause"
    );
    send(&mut app, A::SetVotes(1, 6));
    send(&mut app, A::Reveal);
    send(&mut app, A::Decide);
    let w = &live(&app).workshop;
    assert_eq!(w.log[0].chosen, "query");
    assert!(w.is_over());

    // The session resumes (verify replays the reading) and its report lists it.
    let on_disk = saved(&app);
    on_disk.verify(&live(&app).scenario).unwrap();
    show_scene(&mut app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::WorkshopDebrief);
    let report = &app.world().resource::<HotWash>().report;
    let reads: Vec<&str> = report.runs[0].reads.iter().map(|r| r.exhibit.as_str()).collect();
    assert_eq!(reads, ["invoice"]);
}

#[test]
fn in_team_rounds_the_projector_opens_exhibits_for_the_team_whose_turn_it_is() {
    let mut app = start_with_exhibits("exhibit-teams", Mode::TeamRounds);
    show_scene(&mut app);
    send(&mut app, rapport::game::exhibits::DrawerAction::Open(1)); // usage, for the first team
    assert_eq!(live(&app).workshop.teams[0].run.reads.len(), 1);
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Enter); // the first team pays
    assert_eq!(live(&app).workshop.turn, 1);
    assert!(
        !app.world().resource::<rapport::game::exhibits::Drawer>().open,
        "another team's turn closes the drawer"
    );
    assert!(live(&app).workshop.teams[1].run.reads.is_empty());
    saved(&app).verify(&live(&app).scenario).unwrap();
}
