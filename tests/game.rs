//! The game flow, headless: `MinimalPlugins + StatesPlugin` and the game's logic plugins,
//! driven by actions and key presses, with game time advanced by hand.

use bevy::prelude::*;
use rapport::engine::score::Band;
use rapport::game::catalog::Catalog;
use rapport::game::data::{Progress, Resumable, SavedRun};
use rapport::game::debrief::DebriefData;
use rapport::game::lowpower::{Frames, TICK};
use rapport::game::notice::Notices;
use rapport::game::runner::{Action, Line, Session};
use rapport::game::screen::{Screen, Selected};
use std::path::PathBuf;

mod common;
use common::headless::{app, press, screen};

fn folders(name: &str) -> (PathBuf, PathBuf) {
    common::headless::folders("game", name)
}

fn act(app: &mut App, a: Action) {
    app.world_mut().write_message(a);
    app.update();
    app.update(); // let a state change settle
}

fn start(app: &mut App, seed: u64) {
    app.world_mut()
        .insert_resource(Selected::new("printer-budget", seed, true));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Briefing);
    app.update();
    assert_eq!(screen(app), Screen::Briefing);
    act(app, Action::Start);
    assert_eq!(screen(app), Screen::Playing);
}

fn reveal(app: &mut App) {
    while !app.world().resource::<Session>().scene_done() {
        act(app, Action::Continue);
    }
}

fn session(app: &App) -> &Session {
    app.world().resource::<Session>()
}

#[test]
fn choose_to_the_end_and_the_debrief_is_right() {
    let (data, scenarios) = folders("choose");
    let mut app = app(&data, &scenarios);
    assert_eq!(screen(&app), Screen::Title);
    start(&mut app, 1);
    // Lines come one at a time; choices wait until the scene is shown.
    assert_eq!(session(&app).transcript.shown.len(), 0);
    act(&mut app, Action::Choose(0));
    assert!(
        session(&app).run.decisions.is_empty(),
        "no choice before the scene is shown"
    );
    reveal(&mut app);
    assert!(matches!(session(&app).transcript.shown[1], Line::Speech { ref who, .. } if who == "mira"));
    act(&mut app, Action::Choose(0)); // ask_usage
    assert_eq!(session(&app).run.decisions[0].choice, "ask_usage");
    assert!(
        session(&app)
            .transcript
            .shown
            .iter()
            .any(|l| matches!(l, Line::Coach(t) if t.contains("8%"))),
        "coach mode shows the coach note"
    );
    let saved: SavedRun = ron::from_str(&std::fs::read_to_string(data.join("current.ron")).unwrap()).unwrap();
    assert_eq!(
        saved.run,
        session(&app).run,
        "the run is saved after every decision"
    );
    reveal(&mut app);
    act(&mut app, Action::Choose(0)); // deal_share (trust is 60)
    reveal(&mut app);
    assert!(session(&app).run.is_over());
    assert!(
        !data.join("current.ron").exists(),
        "a finished run is no longer 'in progress'"
    );
    let progress: Progress =
        ron::from_str(&std::fs::read_to_string(data.join("progress.ron")).unwrap()).unwrap();
    assert_eq!(progress.runs.len(), 1);
    assert_eq!(progress.runs[0].record.scores.overall, 100);
    act(&mut app, Action::Continue);
    assert_eq!(screen(&app), Screen::Debrief);
    let debrief = app.world().resource::<DebriefData>();
    let d = debrief.run();
    assert_eq!(d.ending.as_ref().unwrap().id, "agreed");
    assert_eq!((d.overall, d.band), (100, Band::Exemplary));
    assert_eq!(
        d.strongest(3)[0].choice_id,
        "ask_usage",
        "the biggest weighted gain comes first"
    );
    assert!(d.weakest(3).is_empty());
    assert_eq!(d.decisions.len(), 2);
    assert_eq!(debrief.report.best_path.len(), 2);
    assert_eq!(
        (d.trust[0].name.clone(), d.trust[0].values.clone()),
        ("Mira Castell".to_string(), vec![50, 60, 60])
    );
    assert_eq!(d.skills.len(), 2);
}

#[test]
fn the_timer_runs_out_and_the_hesitation_is_recorded() {
    let (data, scenarios) = folders("timeout");
    let mut app = app(&data, &scenarios);
    start(&mut app, 2);
    // The countdown only starts once the scene is fully shown.
    for _ in 0..400 {
        app.update();
    }
    assert!(session(&app).run.decisions.is_empty());
    reveal(&mut app);
    // Pausing stops the clock, and with it the frames the countdown asks for.
    act(&mut app, Action::TogglePause);
    app.world_mut().resource_mut::<Frames>().take();
    for _ in 0..400 {
        app.update();
    }
    assert!(session(&app).run.decisions.is_empty(), "no timeout while paused");
    assert_eq!(
        app.world().resource::<Frames>().wanted(),
        None,
        "paused: nothing ticks, not even the clock"
    );
    act(&mut app, Action::TogglePause);
    assert_eq!(
        app.world().resource::<Frames>().wanted(),
        Some(TICK),
        "the countdown ticks"
    );
    let left = session(&app).timer_left.unwrap();
    assert!(left > 29.0 && left <= 30.0, "{left}");
    for _ in 0..310 {
        app.update();
    }
    let d = &session(&app).run.decisions[0];
    assert_eq!((d.choice.as_str(), d.timed_out), ("ask_silence", true));
    assert!(d.at_ms >= 30_000, "game time of the timeout: {}", d.at_ms);
    assert!(
        session(&app)
            .transcript
            .shown
            .iter()
            .any(|l| matches!(l, Line::Chose { timed_out: true, .. }))
    );
}

#[test]
fn keys_choose_continue_and_pause() {
    let (data, scenarios) = folders("keys");
    let mut app = app(&data, &scenarios);
    start(&mut app, 3);
    press(&mut app, KeyCode::Space);
    assert_eq!(session(&app).transcript.shown.len(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).transcript.shown.len(), 2);
    press(&mut app, KeyCode::Escape);
    assert!(app.world().resource::<rapport::game::runner::Paused>().0);
    press(&mut app, KeyCode::Digit2);
    assert!(
        session(&app).run.decisions.is_empty(),
        "keys do nothing while paused"
    );
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(session(&app).run.decisions[0].choice, "ask_refuse");
}

#[test]
fn a_closed_window_resumes_exactly_where_it_was() {
    let (data, scenarios) = folders("resume");
    let before = {
        let mut app = app(&data, &scenarios);
        start(&mut app, 11);
        reveal(&mut app);
        act(&mut app, Action::Choose(1)); // ask_refuse
        for _ in 0..25 {
            app.update(); // 2.5 s of game time
        }
        reveal(&mut app);
        (session(&app).run.clone(), session(&app).transcript.shown.clone())
        // the app is dropped here, as if the window closed
    };
    let mut app = app(&data, &scenarios);
    let resumable = app
        .world_mut()
        .remove_resource::<Resumable>()
        .expect("the title offers to resume");
    assert_eq!(resumable.session.run, before.0);
    assert_eq!(
        resumable.session.transcript.shown, before.1,
        "the transcript comes back too"
    );
    app.world_mut().insert_resource(resumable.session);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    act(&mut app, Action::Choose(0)); // deal_hold: the only option at trust 40
    reveal(&mut app);
    assert_eq!(session(&app).run.ending.as_deref(), Some("overruled"));
}

#[test]
fn a_corrupt_save_is_moved_aside_with_a_message() {
    let (data, scenarios) = folders("corrupt");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("current.ron"), "(format: 1, coach: tru").unwrap();
    std::fs::write(data.join("progress.ron"), [0xff, 0xfe, 0x00]).unwrap();
    let app = app(&data, &scenarios);
    assert!(app.world().get_resource::<Resumable>().is_none());
    assert!(data.join("current.ron.corrupt-1").exists());
    assert!(data.join("progress.ron.corrupt-1").exists());
    assert!(!data.join("current.ron").exists());
    assert_eq!(app.world().resource::<Progress>().runs.len(), 0);
    let notices = &app.world().resource::<Notices>().0;
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices.iter().all(|n| n.contains("moved to")), "{notices:?}");
}

#[test]
fn a_save_for_a_changed_scenario_is_not_resumed() {
    let (data, scenarios) = folders("changed");
    {
        let mut app = app(&data, &scenarios);
        start(&mut app, 5);
        reveal(&mut app);
        act(&mut app, Action::Choose(0));
    }
    let file = scenarios.join("printer-budget.ron");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("version: 1,", "version: 2,");
    std::fs::write(&file, text).unwrap();
    let app = app(&data, &scenarios);
    assert!(app.world().get_resource::<Resumable>().is_none());
    assert!(app.world().resource::<Notices>().0[0].contains("version 2"));
    assert!(data.join("current.ron.corrupt-1").exists());
}

#[test]
fn edited_scenario_files_reload_without_disturbing_the_run() {
    let (data, scenarios) = folders("reload");
    let mut app = app(&data, &scenarios);
    start(&mut app, 4);
    let generation = app.world().resource::<Catalog>().generation;
    let file = scenarios.join("printer-budget.ron");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("The Printer Budget", "The Printer Budget, revised");
    std::fs::write(&file, text).unwrap();
    for _ in 0..40 {
        app.update(); // 4 s of time: the library polls every 2 s
    }
    let catalog = app.world().resource::<Catalog>();
    assert!(catalog.generation > generation, "the library reloaded");
    assert_eq!(
        catalog.get("printer-budget").unwrap().title,
        "The Printer Budget, revised"
    );
    assert_eq!(
        session(&app).scenario.title,
        "The Printer Budget",
        "the running scenario is not disturbed"
    );
    // A broken edit shows as a card with diagnostics; nothing crashes.
    std::fs::write(&file, "Scenario(id: \"printer-budget\",").unwrap();
    for _ in 0..40 {
        app.update();
    }
    let card = &app.world().resource::<Catalog>().cards[0];
    assert!(card.scenario.is_none());
    assert_eq!(card.diagnostics[0].code, "unexpected-end");
}

#[test]
fn the_library_starts_on_a_playable_card_and_enter_opens_its_briefing() {
    let (data, scenarios) = folders("cursor");
    // A broken file sorts first ("a-broken.ron"); the cursor must skip it.
    std::fs::copy(
        "tests/fixtures/broken/missing-target.ron",
        scenarios.join("a-broken.ron"),
    )
    .unwrap();
    let mut app = app(&data, &scenarios);
    assert_eq!(app.world().resource::<Catalog>().cards.len(), 2);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Library);
    app.update();
    assert_eq!(
        app.world().resource::<rapport::game::library::LibraryCursor>().0,
        1
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    assert_eq!(app.world().resource::<Selected>().id, "printer-budget");
}

#[test]
fn the_library_filters_and_sorts_by_difficulty_and_the_arrows_stay_on_shown_cards() {
    use rapport::game::library::{LibraryCursor, LibraryView, SetLibraryView, Sort};
    let (data, scenarios) = folders("difficulty");
    // Three copies of the example at three difficulties, titled so that title order differs
    // from both file order and difficulty order; and a broken file.
    let example = std::fs::read_to_string(common::EXAMPLE).unwrap();
    for (id, title, difficulty) in [
        ("b-middle", "Zulu", "Intermediate"),
        ("c-hard", "Bravo", "Advanced"),
        ("d-easy", "Alpha", "Introductory"),
    ] {
        let text = example
            .replace("id: \"printer-budget\"", &format!("id: \"{id}\""))
            .replace("title: \"The Printer Budget\"", &format!("title: \"{title}\""))
            .replace("difficulty: Introductory", &format!("difficulty: {difficulty}"));
        std::fs::write(scenarios.join(format!("{id}.ron")), text).unwrap();
    }
    std::fs::copy(
        "tests/fixtures/broken/missing-target.ron",
        scenarios.join("a-broken.ron"),
    )
    .unwrap();
    let mut app = app(&data, &scenarios);
    common::headless::go(&mut app, Screen::Library);
    let ids = |app: &App| -> Vec<String> {
        let cards = &app.world().resource::<Catalog>().cards;
        let view = app.world().resource::<LibraryView>();
        view.shown(cards)
            .into_iter()
            .map(|i| cards[i].id.clone())
            .collect()
    };
    let cursor = |app: &App| {
        let cards = &app.world().resource::<Catalog>().cards;
        cards[app.world().resource::<LibraryCursor>().0].id.clone()
    };
    // Library order: the files' order, the broken card last.
    assert_eq!(
        ids(&app),
        ["b-middle", "c-hard", "d-easy", "printer-budget", "missing-target"]
    );
    assert_eq!(cursor(&app), "b-middle");
    // S: easiest first (by title within a difficulty), then by title.
    press(&mut app, KeyCode::KeyS);
    assert_eq!(app.world().resource::<LibraryView>().sort, Sort::Difficulty);
    assert_eq!(
        ids(&app),
        ["d-easy", "printer-budget", "b-middle", "c-hard", "missing-target"]
    );
    press(&mut app, KeyCode::KeyS);
    assert_eq!(app.world().resource::<LibraryView>().sort, Sort::Title);
    assert_eq!(
        ids(&app),
        ["d-easy", "c-hard", "printer-budget", "b-middle", "missing-target"]
    );
    press(&mut app, KeyCode::KeyS);
    assert_eq!(app.world().resource::<LibraryView>().sort, Sort::Library);
    // D: introductory only; the highlight moves onto a shown card and the arrows stay on them.
    press(&mut app, KeyCode::KeyD);
    assert_eq!(ids(&app), ["d-easy", "printer-budget", "missing-target"]);
    assert_eq!(cursor(&app), "d-easy");
    press(&mut app, KeyCode::ArrowDown);
    assert_eq!(cursor(&app), "printer-budget");
    press(&mut app, KeyCode::ArrowDown);
    assert_eq!(cursor(&app), "missing-target");
    press(&mut app, KeyCode::ArrowDown);
    assert_eq!(cursor(&app), "d-easy", "wraps round the shown cards");
    press(&mut app, KeyCode::KeyD);
    press(&mut app, KeyCode::KeyD);
    assert_eq!(ids(&app), ["c-hard", "missing-target"]);
    assert_eq!(cursor(&app), "c-hard");
    press(&mut app, KeyCode::KeyD);
    assert_eq!(
        app.world().resource::<LibraryView>().difficulty,
        None,
        "D cycles back to all"
    );
    // The view's menus send the same message; a skill no card assesses shows only the broken one.
    common::headless::send(
        &mut app,
        SetLibraryView(LibraryView {
            skill: Some("crisis_communication".into()),
            ..Default::default()
        }),
    );
    assert_eq!(ids(&app), ["missing-target"]);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Library, "a broken card opens nothing");
}

#[test]
fn the_debrief_saves_an_html_report_of_the_run() {
    let (data, scenarios) = folders("report");
    let mut app = app(&data, &scenarios);
    start(&mut app, 1);
    reveal(&mut app);
    act(&mut app, Action::Choose(0));
    reveal(&mut app);
    act(&mut app, Action::Choose(1)); // deal_hold
    reveal(&mut app);
    act(&mut app, Action::Continue);
    assert_eq!(screen(&app), Screen::Debrief);
    app.world_mut().write_message(rapport::game::debrief::SaveReport);
    app.update();
    let file = data.join("reports/printer-budget-seed1.html");
    let html = std::fs::read_to_string(&file).expect("the report was written to the data folder's reports/");
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(
        html.contains("54"),
        "the run's overall score (54) is in the report"
    );
    assert!(
        app.world()
            .resource::<Notices>()
            .0
            .iter()
            .any(|n| n.contains("Report saved to"))
    );
}

// ---- Menus, screen keys, runner messages, options (engine 2: views decide nothing).

use rapport::game::menu::{Menu, MenuAction};
use rapport::game::runner::{DecisionSettled, Paused, RunEnded, RunStarted, SceneEntered};

fn menu(app: &App) -> Menu {
    *app.world().resource::<State<Menu>>().get()
}

#[test]
fn settings_opened_over_a_run_close_back_to_it_with_the_run_intact() {
    let (data, scenarios) = folders("settings-over-run");
    let mut app = app(&data, &scenarios);
    start(&mut app, 1);
    reveal(&mut app);
    act(&mut app, Action::Choose(0));
    let run = session(&app).run.clone();
    press(&mut app, KeyCode::Escape);
    assert_eq!(menu(&app), Menu::Pause);
    common::headless::send(&mut app, MenuAction::OpenSettings);
    assert_eq!((screen(&app), menu(&app)), (Screen::Playing, Menu::Settings));
    assert!(
        app.world().resource::<Paused>().0,
        "the clock stays stopped under settings"
    );
    let elapsed = session(&app).elapsed_ms;
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(
        session(&app).elapsed_ms,
        elapsed,
        "no game time passes in settings"
    );
    press(&mut app, KeyCode::Digit1);
    assert_eq!(session(&app).run, run, "the run's keys do nothing under settings");
    press(&mut app, KeyCode::Escape);
    assert_eq!(
        (screen(&app), menu(&app)),
        (Screen::Playing, Menu::Pause),
        "settings close back to the pause menu they were opened from"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(menu(&app), Menu::None);
    assert!(!app.world().resource::<Paused>().0);
    assert_eq!(session(&app).run, run, "the run is intact");
    reveal(&mut app);
    act(&mut app, Action::Choose(0));
    assert_eq!(session(&app).run.decisions.len(), 2, "and goes on");
}

#[test]
fn settings_over_the_title_close_to_the_title_and_changes_are_saved_by_the_logic() {
    let (data, scenarios) = folders("settings-title");
    let mut app = app(&data, &scenarios);
    common::headless::send(&mut app, MenuAction::OpenSettings);
    assert_eq!((screen(&app), menu(&app)), (Screen::Title, Menu::Settings));
    let mut changed = app.world().resource::<rapport::game::data::Settings>().clone();
    changed.theme = rapport::game::data::Theme::Light;
    common::headless::send(&mut app, rapport::game::settings::ChangeSettings(changed.clone()));
    assert_eq!(*app.world().resource::<rapport::game::data::Settings>(), changed);
    let saved: rapport::game::data::Settings =
        ron::from_str(&std::fs::read_to_string(data.join("settings.ron")).unwrap()).unwrap();
    assert_eq!(saved, changed, "settings are saved on change");
    press(&mut app, KeyCode::KeyW);
    assert_eq!(
        screen(&app),
        Screen::Title,
        "the title's keys wait while settings are open"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!((screen(&app), menu(&app)), (Screen::Title, Menu::None));
    press(&mut app, KeyCode::KeyW);
    assert_eq!(screen(&app), Screen::WorkshopSetup, "W opens the workshop set-up");
}

#[test]
fn quitting_from_the_pause_menu_closes_it_and_restarts_the_clock() {
    let (data, scenarios) = folders("quit-paused");
    let mut app = app(&data, &scenarios);
    start(&mut app, 1);
    act(&mut app, Action::TogglePause);
    assert_eq!(menu(&app), Menu::Pause);
    act(&mut app, Action::QuitToLibrary);
    app.update();
    assert_eq!((screen(&app), menu(&app)), (Screen::Library, Menu::None));
    assert!(!app.world().resource::<Paused>().0);
    assert!(!app.world().resource::<Time<Virtual>>().is_paused());
}

#[test]
fn the_resume_message_carries_on_the_saved_run() {
    let (data, scenarios) = folders("resume-message");
    let before = {
        let mut app = app(&data, &scenarios);
        start(&mut app, 11);
        reveal(&mut app);
        act(&mut app, Action::Choose(1));
        session(&app).run.clone()
    };
    let mut app = app(&data, &scenarios);
    assert!(app.world().get_resource::<Session>().is_none());
    common::headless::send(&mut app, rapport::game::title::Resume);
    assert_eq!(screen(&app), Screen::Playing);
    assert!(app.world().get_resource::<Resumable>().is_none(), "the run moved");
    assert_eq!(session(&app).run, before);
}

#[test]
fn a_key_for_one_screen_does_nothing_on_another() {
    let (data, scenarios) = folders("screen-keys");
    let mut app = app(&data, &scenarios);
    // Title: Enter, digits and Esc belong to other screens.
    for key in [
        KeyCode::Enter,
        KeyCode::Digit1,
        KeyCode::Escape,
        KeyCode::ArrowDown,
    ] {
        press(&mut app, key);
        assert_eq!(screen(&app), Screen::Title, "{key:?} on the title");
    }
    common::headless::go(&mut app, Screen::Library);
    press(&mut app, KeyCode::KeyW);
    assert_eq!(screen(&app), Screen::Library, "W is the title's");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Space);
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "the run's keys are not the briefing's"
    );
    assert!(app.world().get_resource::<Session>().is_none());
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Playing);
    press(&mut app, KeyCode::KeyW);
    press(&mut app, KeyCode::ArrowUp);
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(menu(&app), Menu::None);
}

/// Everything the runner announced, in order per kind.
#[derive(Resource, Default)]
struct Heard {
    started: Vec<RunStarted>,
    scenes: Vec<String>,
    settled: Vec<DecisionSettled>,
    ended: Vec<RunEnded>,
}

fn listen(
    mut heard: ResMut<Heard>,
    mut started: MessageReader<RunStarted>,
    mut scenes: MessageReader<SceneEntered>,
    mut settled: MessageReader<DecisionSettled>,
    mut ended: MessageReader<RunEnded>,
) {
    heard.started.extend(started.read().cloned());
    heard.scenes.extend(scenes.read().map(|s| s.node.clone()));
    heard.settled.extend(settled.read().cloned());
    heard.ended.extend(ended.read().cloned());
}

#[test]
fn the_runner_announces_the_run_its_scenes_decisions_and_ending() {
    let (data, scenarios) = folders("messages");
    let mut app = app(&data, &scenarios);
    app.init_resource::<Heard>().add_systems(Last, listen);
    start(&mut app, 1);
    reveal(&mut app);
    act(&mut app, Action::Choose(0));
    reveal(&mut app);
    act(&mut app, Action::Choose(0));
    let heard = app.world().resource::<Heard>();
    let run = &session(&app).run;
    assert_eq!(
        heard.started,
        [RunStarted {
            scenario: "printer-budget".into(),
            seed: 1
        }]
    );
    assert_eq!(heard.scenes, run.path, "every node entered, in order");
    let settled: Vec<&str> = heard.settled.iter().map(|d| d.choice.as_str()).collect();
    assert_eq!(settled, ["ask_usage", "deal_share"]);
    assert!(heard.settled.iter().all(|d| !d.timed_out));
    assert_eq!(
        heard.ended,
        [RunEnded {
            ending: Some("agreed".into())
        }]
    );
}

#[test]
fn game_options_check_the_scenario_once() {
    use rapport::game::{GameArgs, GameOptions, OptionsError};
    let (_, scenarios) = folders("options");
    let args = |scenario: Option<&str>, seed| GameArgs {
        scenarios: Some(scenarios.clone()),
        scenario: scenario.map(String::from),
        seed,
    };
    let o = GameOptions::from_args(args(Some("printer-budget"), Some(7))).unwrap();
    let b = o.briefing.unwrap();
    assert_eq!((b.scenario.as_str(), b.seed), ("printer-budget", 7));
    assert!(
        GameOptions::from_args(args(None, None))
            .unwrap()
            .briefing
            .is_none()
    );
    match GameOptions::from_args(args(Some("nope"), None)) {
        Err(OptionsError::UnknownScenario { id, available }) => {
            assert_eq!(
                (id.as_str(), available),
                ("nope", vec!["printer-budget".to_string()])
            );
        }
        other => panic!("{:?}", other.err()),
    }
    let missing = GameArgs {
        scenarios: Some(scenarios.join("no-such-folder")),
        ..GameArgs::default()
    };
    assert!(matches!(
        GameOptions::from_args(missing),
        Err(OptionsError::Library(_))
    ));
}

#[test]
fn the_briefing_options_are_set_by_messages_from_the_view() {
    use rapport::game::BriefingAction;
    use rapport::game::library::OpenBriefing;
    let (data, scenarios) = folders("briefing-options");
    let mut app = app(&data, &scenarios);
    common::headless::go(&mut app, Screen::Library);
    common::headless::send(&mut app, OpenBriefing(0));
    assert_eq!(screen(&app), Screen::Briefing);
    let selected = || Selected::new("printer-budget", 42, false);
    common::headless::send(&mut app, BriefingAction::SeedText(" 42 ".into()));
    common::headless::send(&mut app, BriefingAction::Coach(false));
    let s = app.world().resource::<Selected>();
    assert_eq!((s.id.as_str(), s.seed, s.coach), ("printer-budget", 42, false));
    common::headless::send(&mut app, BriefingAction::SeedText("4x".into()));
    let s = app.world().resource::<Selected>();
    assert_eq!((s.seed, s.seed_text.as_str(), s.typed_seed()), (42, "4x", None));
    common::headless::send(&mut app, BriefingAction::NewSeed);
    let s = app.world().resource::<Selected>();
    assert_eq!(s.typed_seed(), Some(s.seed));
    assert_ne!(*s, selected());
    common::headless::send(&mut app, Action::Start);
    assert_eq!(screen(&app), Screen::Playing);
    assert!(!session(&app).coach, "the run takes the briefing's mode");
}

// ---- Notices are typed: identity and time by kind (and file), never by their text.

use rapport::game::notice::{Notice, NoticeBoard, NoticeKind};

fn on_board(app: &App) -> Vec<String> {
    app.world()
        .resource::<NoticeBoard>()
        .shown()
        .map(|n| n.text.clone())
        .collect()
}

#[test]
fn two_files_moved_aside_both_show_though_their_text_starts_alike() {
    let (data, scenarios) = folders("notice-files");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("current.ron"), "(format: 1, coach: tru").unwrap();
    std::fs::write(data.join("settings.ron"), "(theme: Purple").unwrap();
    let mut app = app(&data, &scenarios);
    app.update();
    let shown = on_board(&app);
    assert_eq!(shown.len(), 2, "{shown:?}");
    // Both start with the data folder's path: far more than 16 characters in common.
    assert_eq!(shown[0][..16], shown[1][..16]);
    let kinds: Vec<NoticeKind> = app
        .world()
        .resource::<NoticeBoard>()
        .shown()
        .map(|n| n.kind)
        .collect();
    assert_eq!(kinds, [NoticeKind::MovedAside, NoticeKind::MovedAside]);
}

#[test]
fn a_notice_replaces_only_its_own_kind_and_goes_after_its_kinds_time() {
    let (data, scenarios) = folders("notice-kinds");
    let mut app = app(&data, &scenarios);
    let say = |app: &mut App, n: Notice| {
        app.world_mut().resource_mut::<Notices>().push(n);
        app.update();
    };
    say(
        &mut app,
        Notice::new(NoticeKind::ScreenshotSaved, "Screenshot saved to title-1.png"),
    );
    say(
        &mut app,
        Notice::about(
            NoticeKind::FileError,
            std::path::Path::new("screenshots"),
            "Screenshot saved to title-1.png, but the folder is nearly full",
        ),
    );
    assert_eq!(on_board(&app).len(), 2, "the same first words, another kind");
    say(
        &mut app,
        Notice::new(NoticeKind::ScreenshotSaved, "Screenshot saved to title-2.png"),
    );
    assert_eq!(
        on_board(&app),
        [
            "Screenshot saved to title-1.png, but the folder is nearly full",
            "Screenshot saved to title-2.png"
        ],
        "a newer screenshot replaces the older one"
    );
    common::headless::wait(&mut app, 5);
    assert_eq!(
        on_board(&app),
        ["Screenshot saved to title-1.png, but the folder is nearly full"],
        "a screenshot notice goes after 4 s, others stay 8 s"
    );
    common::headless::wait(&mut app, 4);
    assert!(on_board(&app).is_empty());
    assert_eq!(
        app.world().resource::<Notices>().0.len(),
        3,
        "everything said is kept"
    );
}

// ---- The debrief: its replay buttons are messages, its keys its own.

use rapport::game::debrief::DebriefAction;

/// Plays seed `seed` to the debrief (ask_usage, deal_hold).
fn to_the_debrief(app: &mut App, seed: u64) {
    start(app, seed);
    reveal(app);
    act(app, Action::Choose(0));
    reveal(app);
    act(app, Action::Choose(1));
    reveal(app);
    act(app, Action::Continue);
    assert_eq!(screen(app), Screen::Debrief);
}

#[test]
fn replay_from_the_debrief_starts_the_same_seed_again() {
    let (data, scenarios) = folders("debrief-replay");
    let mut app = app(&data, &scenarios);
    to_the_debrief(&mut app, 9);
    let coach = session(&app).coach;
    common::headless::send(&mut app, DebriefAction::Replay);
    app.update();
    assert_eq!(screen(&app), Screen::Playing);
    let s = session(&app);
    assert_eq!((s.run.seed, s.coach), (9, coach));
    assert!(s.run.decisions.is_empty(), "a fresh run of the same seed");
}

#[test]
fn try_again_from_the_debrief_briefs_the_scenario_with_a_new_seed() {
    let (data, scenarios) = folders("debrief-again");
    let mut app = app(&data, &scenarios);
    to_the_debrief(&mut app, 12_345_678);
    common::headless::send(&mut app, DebriefAction::TryAgain);
    assert_eq!(screen(&app), Screen::Briefing);
    let s = app.world().resource::<Selected>();
    assert_eq!(s.id, "printer-budget");
    assert_ne!(s.seed, 12_345_678, "fresh seeds are below a million");
}

#[test]
fn the_debrief_names_the_turning_point_and_what_would_have_kept_success() {
    // ask_usage (trust 60) then deal_hold: pooling was still offered and reached success
    // (5 + 2 = 7 weighted points, 100 on -6..7); holding ends in failure at 1 (54).
    let (data, scenarios) = folders("debrief-turning");
    let mut app = app(&data, &scenarios);
    to_the_debrief(&mut app, 4);
    let t = &app.world().resource::<DebriefData>().run().turning;
    assert!(t.exact);
    assert_eq!(t.points.len(), 1);
    let p = &t.points[0];
    assert_eq!(
        (p.number, p.choice_id.as_str(), p.keep_id.as_str()),
        (2, "deal_hold", "deal_share")
    );
    assert_eq!((p.before.score, p.after.score), (100, 54));
    assert_eq!(p.keep_ending.as_deref(), Some("A plan both sides can sign"));
    assert!(
        p.what_fell().contains("success ending was still within reach"),
        "{}",
        p.what_fell()
    );
}

#[test]
fn a_what_if_from_the_debrief_plays_on_with_the_same_seed_and_compares_the_two() {
    use rapport::game::debrief::TryInstead;
    let (data, scenarios) = folders("debrief-what-if");
    let mut app = app(&data, &scenarios);
    to_the_debrief(&mut app, 8);
    let original = session(&app).run.clone();
    let attempts = |data: &std::path::Path| -> usize {
        let p: Progress =
            ron::from_str(&std::fs::read_to_string(data.join("progress.ron")).unwrap()).unwrap();
        p.runs.len()
    };
    assert_eq!(attempts(&data), 1);
    // A choice not offered there: a notice, and the debrief stays.
    common::headless::send(
        &mut app,
        TryInstead {
            at: 2,
            choice: "ask_refuse".into(),
        },
    );
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(
        app.world().resource::<Notices>().0.iter().any(|n| n
            .text
            .contains("The what-if could not start: `ask_refuse` is not offered at decision 2")),
        "a notice says why"
    );
    // Pooling at decision 2 instead of holding.
    common::headless::send(
        &mut app,
        TryInstead {
            at: 2,
            choice: "deal_share".into(),
        },
    );
    assert_eq!(screen(&app), Screen::Playing);
    let s = session(&app);
    let w = s.what_if.as_ref().expect("the session is a what-if");
    assert_eq!((w.at, w.choice.as_str(), &*w.of), (2, "deal_share", &original));
    assert_eq!(s.run.seed, 8);
    assert_eq!(s.run.decisions[0], original.decisions[0], "decision 1 as it was");
    assert_eq!(s.run.rolls, original.rolls, "the same draw");
    assert_eq!(s.run.ending.as_deref(), Some("agreed"));
    reveal(&mut app);
    act(&mut app, Action::Continue);
    assert_eq!(screen(&app), Screen::Debrief);
    // Holding scored 1 weighted point (54 on -6..7); pooling 7 (100).
    let d = app.world().resource::<DebriefData>();
    assert_eq!(d.run().overall, 100);
    let c = d.comparison().expect("a what-if's debrief compares");
    assert_eq!((c.at, c.original.overall, c.what_if.overall), (2, 54, 100));
    assert_eq!(c.original.ending.as_ref().unwrap().id, "overruled");
    assert_eq!(c.what_if.ending.as_ref().unwrap().id, "agreed");
    assert_eq!(attempts(&data), 1, "a what-if is not a new attempt");
    assert!(!data.join("current.ron").exists());
}

#[test]
fn esc_on_the_debrief_goes_to_the_library_and_its_keys_stay_there() {
    let (data, scenarios) = folders("debrief-esc");
    let mut app = app(&data, &scenarios);
    to_the_debrief(&mut app, 3);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Library);
    press(&mut app, KeyCode::Escape);
    assert_eq!(
        screen(&app),
        Screen::Title,
        "the library's Esc, not the debrief's"
    );
}

#[test]
fn the_debrief_keys_highlight_a_turning_point_and_enter_tries_it() {
    use rapport::game::debrief::TurningCursor;
    let (data, scenarios) = folders("debrief-keys");
    let mut app = app(&data, &scenarios);
    to_the_debrief(&mut app, 4); // one turning point: decision 2, deal_share kept success
    let cursor = |app: &App| app.world().resource::<TurningCursor>().0;
    assert_eq!(cursor(&app), None, "nothing highlighted when the debrief opens");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "Enter with nothing highlighted does nothing"
    );
    press(&mut app, KeyCode::ArrowDown);
    assert_eq!(cursor(&app), Some(0));
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::ArrowUp);
    assert_eq!(cursor(&app), Some(0), "the highlight stops at the ends");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Playing);
    let w = session(&app).what_if.clone().expect("Enter starts the what-if");
    assert_eq!((w.at, w.choice.as_str()), (2, "deal_share"));
    reveal(&mut app);
    act(&mut app, Action::Continue);
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(cursor(&app), None, "a new debrief starts unhighlighted");
    assert!(app.world().resource::<DebriefData>().comparison().is_some());
}

// ---- Exhibits: the drawer on the playing screen (X, then its own keys).

use rapport::game::exhibits::Drawer;
use rapport::game::menu::Menu as Overlay;

/// The judgement fixture `invoice-dispute` next to the example: `desk` lists the exhibits
/// `invoice` and `usage`, and offers `query` (between `pay` and `later`) once the invoice is
/// open. `edit` changes its text first (a timer, say).
fn with_exhibits(name: &str, edit: impl Fn(String) -> String) -> App {
    let (data, scenarios) = folders(name);
    let text = std::fs::read_to_string("tests/fixtures/judgement/invoice-dispute.ron").unwrap();
    std::fs::write(scenarios.join("invoice-dispute.ron"), edit(text)).unwrap();
    let mut app = app(&data, &scenarios);
    app.world_mut()
        .insert_resource(Selected::new("invoice-dispute", 5, false));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Briefing);
    app.update();
    act(&mut app, Action::Start);
    assert_eq!(screen(&app), Screen::Playing);
    app
}

fn drawer(app: &App) -> &Drawer {
    app.world().resource::<Drawer>()
}

fn offered(app: &App) -> Vec<String> {
    let s = session(app);
    s.run.options(&s.scenario).iter().map(|c| c.id.clone()).collect()
}

fn data_dir(app: &App) -> PathBuf {
    app.world().resource::<rapport::game::data::DataDir>().0.clone()
}

#[test]
fn the_exhibit_drawer_opens_by_key_records_the_read_and_offers_the_gated_choice() {
    let mut app = with_exhibits("exhibit-drawer", |t| t);
    reveal(&mut app);
    let shown = session(&app).transcript.shown.clone();
    assert_eq!(offered(&app), ["pay", "later"]);
    press(&mut app, KeyCode::KeyX);
    assert!(drawer(&app).open, "X opens the drawer");
    assert_eq!((drawer(&app).cursor, drawer(&app).shown.as_deref()), (0, None));

    // Its keys are the drawer's: digits and arrows pick an exhibit, never a choice.
    press(&mut app, KeyCode::Digit2);
    assert_eq!(drawer(&app).cursor, 1);
    press(&mut app, KeyCode::Digit9);
    assert_eq!(drawer(&app).cursor, 1, "there is no ninth exhibit");
    press(&mut app, KeyCode::ArrowUp);
    press(&mut app, KeyCode::ArrowUp);
    assert_eq!(drawer(&app).cursor, 0);
    press(&mut app, KeyCode::Space);
    assert!(
        session(&app).run.decisions.is_empty(),
        "no key in the drawer chose"
    );
    assert!(session(&app).run.reads.is_empty(), "highlighting is not opening");

    // Enter opens the highlighted exhibit: the run records it, the gated choice appears.
    press(&mut app, KeyCode::Enter);
    let run = &session(&app).run;
    assert!(
        run.decisions.is_empty(),
        "Enter in the drawer opens, it does not choose"
    );
    assert_eq!(run.reads.len(), 1);
    assert_eq!(
        (run.reads[0].exhibit.as_str(), run.reads[0].before),
        ("invoice", 0)
    );
    assert!(run.state.read.contains("invoice"));
    assert_eq!(drawer(&app).shown.as_deref(), Some("invoice"));
    assert_eq!(
        offered(&app),
        ["pay", "query", "later"],
        "Read(\"invoice\") now holds"
    );
    assert_eq!(
        session(&app).transcript.shown,
        shown,
        "opening adds nothing to the transcript (no points, no hints)"
    );
    assert!(app.world().resource::<Notices>().0.is_empty(), "and no notice");
    let saved: SavedRun =
        ron::from_str(&std::fs::read_to_string(data_dir(&app).join("current.ron")).unwrap()).unwrap();
    assert_eq!(
        saved.run,
        session(&app).run,
        "the run is saved after an exhibit is opened"
    );

    // Opening it again changes nothing; the table opens too.
    press(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).run.reads.len(), 1);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    let reads: Vec<&str> = session(&app)
        .run
        .reads
        .iter()
        .map(|r| r.exhibit.as_str())
        .collect();
    assert_eq!(reads, ["invoice", "usage"]);

    // Esc closes the drawer, not the run: no pause menu, and the digits choose again.
    press(&mut app, KeyCode::Escape);
    assert!(!drawer(&app).open);
    assert_eq!(
        *app.world().resource::<State<Overlay>>().get(),
        Overlay::None,
        "Esc in the drawer does not pause"
    );
    assert!(session(&app).run.decisions.is_empty());
    press(&mut app, KeyCode::Digit2); // query
    let run = &session(&app).run;
    assert_eq!(run.decisions[0].choice, "query");
    reveal(&mut app);
    assert_eq!(session(&app).run.ending.as_deref(), Some("held"));
    act(&mut app, Action::Continue);
    assert_eq!(screen(&app), Screen::Debrief);
    let d = app.world().resource::<DebriefData>();
    assert_eq!(d.exhibits, 2);
    let reads: Vec<(&str, usize)> = d
        .run()
        .reads
        .iter()
        .map(|r| (r.title.as_str(), r.before))
        .collect();
    assert_eq!(
        reads,
        [("Invoice 4471 from Northwind Print", 1), ("Printer usage, Q3", 1)],
        "the debrief lists what was read, before which decision"
    );
    assert_eq!(d.run().reads[0].evidence[0].points, 1);
}

#[test]
fn esc_closes_the_drawer_without_choosing_and_a_decision_closes_it_too() {
    let mut app = with_exhibits("exhibit-esc", |t| t);
    // The drawer opens while the scene is still being shown, and Enter there does not continue.
    press(&mut app, KeyCode::KeyX);
    assert!(drawer(&app).open);
    let pending = session(&app).transcript.pending.len();
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Escape);
    assert!(!drawer(&app).open, "Esc closes it");
    assert_eq!(
        session(&app).transcript.pending.len(),
        pending,
        "nothing was revealed"
    );
    assert!(session(&app).run.reads.is_empty() && session(&app).run.decisions.is_empty());
    reveal(&mut app);
    // X toggles; a decision taken by mouse while it is open closes it (another scene).
    press(&mut app, KeyCode::KeyX);
    press(&mut app, KeyCode::KeyX);
    assert!(!drawer(&app).open, "X closes it again");
    press(&mut app, KeyCode::KeyX);
    act(&mut app, Action::Choose(0)); // pay
    assert_eq!(session(&app).run.node, "after");
    assert!(!drawer(&app).open, "the next scene starts with the drawer closed");
    reveal(&mut app);
    press(&mut app, KeyCode::KeyX);
    assert!(!drawer(&app).open, "a scene without exhibits has no drawer");
    press(&mut app, KeyCode::Digit1); // close: digits choose as ever
    assert_eq!(session(&app).run.decisions.len(), 2);
}

#[test]
fn reading_does_not_stop_the_clock_and_a_resumed_run_keeps_its_readings() {
    let timed = |t: String| {
        t.replace(
            "exhibits: [\"invoice\", \"usage\"],",
            "exhibits: [\"invoice\", \"usage\"],\n            timer: (seconds: 10, timeout: \"later\"),",
        )
    };
    let mut app = with_exhibits("exhibit-clock", timed);
    reveal(&mut app);
    let left = session(&app).timer_left.expect("a timed decision");
    press(&mut app, KeyCode::KeyX);
    press(&mut app, KeyCode::Enter); // the invoice
    for _ in 0..40 {
        app.update(); // 4 s of game time
    }
    let now = session(&app).timer_left.unwrap();
    assert!(
        now <= left - 4.0,
        "the countdown ran while the drawer was open: {left} -> {now}"
    );
    assert!(drawer(&app).open);
    let before = session(&app).run.clone();

    // Closed and opened again: the saved run resumes with the invoice open.
    let data = data_dir(&app);
    drop(app);
    let scenarios = data.parent().unwrap().join("scenarios");
    let mut app = common::headless::app(&data, &scenarios);
    let resumed = app
        .world_mut()
        .remove_resource::<Resumable>()
        .expect("the title offers to resume");
    assert_eq!(resumed.session.run, before);
    app.world_mut().insert_resource(resumed.session);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    assert_eq!(offered(&app), ["pay", "query", "later"]);

    // The countdown runs out with the drawer open: the timeout is taken, the drawer closes.
    press(&mut app, KeyCode::KeyX);
    assert!(drawer(&app).open);
    for _ in 0..110 {
        app.update();
    }
    let d = &session(&app).run.decisions[0];
    assert_eq!((d.choice.as_str(), d.timed_out), ("later", true));
    assert!(!drawer(&app).open);
}
