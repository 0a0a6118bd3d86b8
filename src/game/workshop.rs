//! Workshop mode, the session's logic: the live session (the engine's `Workshop` plus one
//! transcript per team), the facilitator's actions (`WorkshopAction`, from the projector view
//! and the keys), the timers, saving after every action and resuming a session the laptop
//! lost. Draws nothing; `ui::workshop` reads `Live`. The set-up and the debrief are
//! `workshop_setup` and `workshop_debrief`.
//!
//! Keys: Space/Enter reveal lines, 1–9 highlight an option, Up/Down add or remove a vote on
//! it (room vote; they move the highlight in team rounds), R reveals the votes, Enter settles
//! the decision, D starts/stops the discussion timer, E extends it, X opens the scene's exhibits
//! on the projector (`exhibits::Drawer`; while it is open its keys are the drawer's), Esc or P
//! pauses. (O and N, override and note, open text boxes and are handled by the view.)

use super::catalog::Catalog;
use super::data::{self, DataDir, Reveal, Settings, read_or_set_aside, set_aside};
use super::exhibits::{DRAWER_KEY, Drawer, DrawerAction, Drawers, drawer_keys};
use super::input::{Keys, confirm, digits, keys_for};
use super::lowpower::{Frames, TICK, until_next_minute};
use super::notice::{Notice, NoticeKind, Notices};
use super::screen::Screen;
use super::transcript::Transcript;
use crate::engine::Story;
use crate::engine::analyze::Analysis;
use crate::engine::workshop::{
    Decide, Discussion, Mode, Scenes, Setup, VerifyError, Workshop, WorkshopError,
};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<WorkshopAction>()
        .init_resource::<Frames>()
        .add_systems(PreStartup, find_unfinished.after(data::load_user_data))
        .add_systems(Update, keys.run_if(keys_for(Screen::Workshop)).in_set(Keys))
        .add_systems(
            Update,
            (
                (handle_actions, tick).chain(),
                back_without_a_session.run_if(not(resource_exists::<Live>)),
            )
                .run_if(in_state(Screen::Workshop))
                .in_set(Facilitates),
        )
        .configure_sets(Update, Facilitates.after(Keys).after(Drawers));
}

/// The session's systems: after the keys and the exhibit drawer, which ask for its actions.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Facilitates;

/// What the facilitator (or the keyboard, or a test) asks of a workshop.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum WorkshopAction {
    /// Start the session described by the `Draft` (set-up screen).
    Start,
    /// Show the next line of the scene; when every run has ended, open the debrief.
    Continue,
    /// Highlight option n (0-based).
    Select(usize),
    /// Add (or, negative, remove) votes on the highlighted option.
    AddVotes(i64),
    /// Set option n's votes to a number typed in.
    SetVotes(usize, u32),
    Reveal,
    /// Enter: take the room's majority, break a tie with the highlighted option, or take the
    /// highlighted option as a team's choice.
    Decide,
    /// Take option n against the room's vote, with a reason.
    Override(usize, String),
    Note(String),
    /// Open the current scene's exhibit with this id on the projector: recorded as read in
    /// the run of the team whose turn it is (`Workshop::read`). The timers go on.
    OpenExhibit(String),
    ToggleDiscussion,
    ExtendDiscussion,
    TogglePause,
    /// Leave the session (it stays saved and can be resumed from the title screen).
    Leave,
}

/// Why a session could not start or be resumed (each says what is wrong, for a notice).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LiveError {
    #[error(transparent)]
    Start(#[from] WorkshopError),
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A team's transcript could not be rebuilt.
    #[error("{0}")]
    Transcript(String),
}

/// The session in progress (or just finished, for the debrief).
#[derive(Resource)]
pub struct Live {
    pub workshop: Workshop,
    pub scenario: Arc<Story>,
    pub analysis: Arc<Analysis>,
    /// One per team, in team order.
    pub transcripts: Vec<Transcript>,
    /// Where the session is saved.
    pub file: PathBuf,
    /// The highlighted option.
    pub cursor: usize,
    /// Why the last action was refused (shown until the next one succeeds).
    pub message: Option<String>,
    /// Microseconds of time not yet counted (so frames never lose time).
    carry_us: u64,
    /// Session time at the last save while a timer was running.
    saved_at_ms: u64,
}

impl Live {
    pub fn start(
        setup: Setup,
        scenario: Arc<Story>,
        analysis: Arc<Analysis>,
        file: PathBuf,
    ) -> Result<Self, LiveError> {
        let (workshop, scenes) = Workshop::start(setup, &scenario)?;
        let mut live = Live {
            transcripts: vec![Transcript::default(); workshop.teams.len()],
            workshop,
            scenario,
            analysis,
            file,
            cursor: 0,
            message: None,
            carry_us: 0,
            saved_at_ms: 0,
        };
        for (team, entered) in scenes {
            live.transcripts[team].queue(&live.scenario, &entered);
        }
        Ok(live)
    }

    /// Rebuilds a saved session: checks it against the scenario and replays every team's
    /// decisions so the transcripts come back. Votes, notes and timers come from the file.
    pub fn resume(
        workshop: Workshop,
        scenario: Arc<Story>,
        analysis: Arc<Analysis>,
        file: PathBuf,
    ) -> Result<Self, LiveError> {
        workshop.verify(&scenario)?;
        let transcripts = workshop
            .teams
            .iter()
            .map(|t| Transcript::replay(&scenario, &t.run, false))
            .collect::<Result<Vec<_>, _>>()
            .map_err(LiveError::Transcript)?;
        Ok(Live {
            saved_at_ms: workshop.elapsed_ms,
            workshop,
            scenario,
            analysis,
            transcripts,
            file,
            cursor: 0,
            message: None,
            carry_us: 0,
        })
    }

    /// The transcript of the team whose turn it is.
    pub fn transcript(&self) -> &Transcript {
        &self.transcripts[self.workshop.turn]
    }

    pub fn scene_done(&self) -> bool {
        self.transcript().scene_done()
    }

    fn entered(&mut self, scenes: Scenes) {
        for (team, entered) in scenes {
            let run = &self.workshop.teams[team].run;
            self.transcripts[team].decided(&self.scenario, run, false, &entered);
        }
        self.cursor = 0;
    }

    /// Carries out one action. `Err` is a message for the facilitator.
    pub fn act(&mut self, action: &WorkshopAction) -> Result<(), String> {
        let w = &mut self.workshop;
        let s = &*self.scenario;
        let options = if w.is_over() { 0 } else { w.options(s).len() };
        let scenes = match action {
            WorkshopAction::Continue => {
                let turn = w.turn;
                self.transcripts[turn].reveal_next();
                None
            }
            WorkshopAction::Select(n) => {
                if *n >= options {
                    return Err(format!("There is no option {}.", n + 1));
                }
                self.cursor = *n;
                None
            }
            WorkshopAction::AddVotes(d) => {
                w.add_votes(self.cursor, *d).map_err(|e| e.to_string())?;
                None
            }
            WorkshopAction::SetVotes(n, v) => {
                w.set_votes(*n, *v).map_err(|e| e.to_string())?;
                None
            }
            WorkshopAction::Reveal => {
                w.reveal().map_err(|e| e.to_string())?;
                None
            }
            WorkshopAction::Decide => {
                if !self.transcripts[w.turn].scene_done() {
                    return Err("Show the whole scene first (Space).".into());
                }
                Some(w.enter(s, self.cursor).map_err(|e| match e {
                    WorkshopError::Tie(_) => {
                        format!("{e} Highlight one of them (its number key), then Enter.")
                    }
                    e => e.to_string(),
                })?)
            }
            WorkshopAction::Override(n, reason) => {
                if !self.transcripts[w.turn].scene_done() {
                    return Err("Show the whole scene first (Space).".into());
                }
                Some(
                    w.decide(s, Decide::Override(*n, reason.clone()))
                        .map_err(|e| e.to_string())?,
                )
            }
            WorkshopAction::Note(text) => {
                w.set_note(text);
                None
            }
            WorkshopAction::OpenExhibit(id) => {
                // The highlight stays on its option if the opening offers a new one.
                let highlighted = w.options(s).get(self.cursor).cloned();
                w.read(s, id).map_err(|e| e.to_string())?;
                let options = w.options(s);
                if let Some(k) = highlighted.and_then(|h| options.iter().position(|o| *o == h)) {
                    self.cursor = k;
                }
                None
            }
            WorkshopAction::ToggleDiscussion => {
                w.toggle_discussion().map_err(|e| e.to_string())?;
                None
            }
            WorkshopAction::ExtendDiscussion => {
                w.extend_discussion().map_err(|e| e.to_string())?;
                None
            }
            WorkshopAction::TogglePause => {
                let p = !w.paused;
                w.set_paused(p);
                None
            }
            WorkshopAction::Start | WorkshopAction::Leave => None,
        };
        if let Some(scenes) = scenes {
            self.entered(scenes);
        }
        Ok(())
    }

    /// A timer is running, so the screen must keep redrawing (and the session keep saving).
    pub fn timers_running(&self) -> bool {
        let w = &self.workshop;
        !w.paused
            && !w.is_over()
            && (matches!(w.current.discussion, Discussion::Running { .. })
                || (w.current.countdown_ms.is_some() && self.scene_done()))
    }

    pub fn save(&mut self, notices: &mut Notices) -> bool {
        self.saved_at_ms = self.workshop.elapsed_ms;
        data::save(&self.file, &self.workshop, notices)
    }
}

/// Lower-case ASCII letters and digits with single dashes: safe in any file name.
pub(super) fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Carries out the facilitator's actions and saves the session after each one.
fn handle_actions(
    mut actions: MessageReader<WorkshopAction>,
    live: Option<ResMut<Live>>,
    mut notices: ResMut<Notices>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut live) = live else {
        actions.clear();
        return;
    };
    let mut changed = false;
    for action in actions.read() {
        match action {
            WorkshopAction::Leave => {
                next.set(Screen::Title);
                continue;
            }
            WorkshopAction::Continue if live.workshop.is_over() && live.scene_done() => {
                next.set(Screen::WorkshopDebrief);
                continue;
            }
            _ => {}
        }
        match live.act(action) {
            Ok(()) => live.message = None,
            Err(m) => live.message = Some(m),
        }
        if settings.reveal == Reveal::AllAtOnce {
            live.transcripts.iter_mut().for_each(Transcript::reveal_all);
        }
        changed = true;
    }
    if changed {
        live.save(&mut notices);
    }
}

/// Session time, the discussion timer and the countdown; a countdown running out settles the
/// decision. While a timer runs the session is saved every second and frames are requested.
fn tick(
    time: Res<Time<Real>>,
    live: Option<ResMut<Live>>,
    mut notices: ResMut<Notices>,
    mut frames: ResMut<Frames>,
) {
    let Some(mut live) = live else { return };
    let us = live.carry_us + time.delta().as_micros() as u64;
    live.carry_us = us % 1000;
    let ms = us / 1000;
    let running = live.timers_running();
    let countdown_runs = live.scene_done();
    let scenario = live.scenario.clone();
    match live.workshop.tick(&scenario, ms, countdown_runs) {
        Ok(Some(scenes)) => {
            live.entered(scenes);
            live.save(&mut notices);
        }
        Ok(None) => {
            if running && live.workshop.elapsed_ms >= live.saved_at_ms + 1000 {
                live.save(&mut notices);
            }
        }
        Err(e) => live.message = Some(e.to_string()),
    }
    if running {
        frames.within(TICK);
    } else if !live.workshop.paused && !live.workshop.is_over() {
        frames.within(until_next_minute(live.workshop.elapsed_ms)); // the session clock in the header
    }
}

/// At start-up: the most recent unfinished session in the workshops folder becomes `Live`, so
/// the title screen offers to resume it. A file that cannot be read is moved aside.
fn find_unfinished(
    mut commands: Commands,
    dir: Res<DataDir>,
    mut notices: ResMut<Notices>,
    catalog: Option<ResMut<Catalog>>,
) {
    let Some(mut catalog) = catalog else { return };
    let Ok(entries) = std::fs::read_dir(dir.workshops()) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            (
                std::fs::metadata(&p)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH),
                p,
            )
        })
        .collect();
    files.sort();
    for (_, path) in files.into_iter().rev() {
        let Some(w) = read_or_set_aside::<Workshop>(&path, &mut notices) else {
            continue;
        };
        if w.is_over() {
            continue;
        }
        let Some(scenario) = catalog.get(&w.setup.scenario).cloned() else {
            notices.push(Notice::about(
                NoticeKind::NotResumed,
                &path,
                format!(
                    "The workshop \u{201c}{}\u{201d} cannot be resumed: the scenario `{}` is not in the library.",
                    w.setup.session, w.setup.scenario
                ),
            ));
            continue;
        };
        let analysis = catalog.analysis(&scenario);
        let name = w.setup.session.clone();
        match Live::resume(w, scenario, analysis, path.clone()) {
            Ok(live) => {
                commands.insert_resource(live);
                return;
            }
            Err(e) => {
                let aside = set_aside(&path);
                notices.push(Notice::about(
                    NoticeKind::NotResumed,
                    &path,
                    format!(
                        "The workshop \u{201c}{name}\u{201d} cannot be resumed: {e}. It was moved to {}.",
                        aside.display()
                    ),
                ));
            }
        }
    }
}

/// No session to show: back to the title screen.
fn back_without_a_session(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Title);
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut actions: MessageWriter<WorkshopAction>,
    mut drawer_actions: MessageWriter<DrawerAction>,
    drawer: Res<Drawer>,
    live: Option<Res<Live>>,
) {
    let Some(live) = live else { return };
    let pressed = |k: KeyCode| keys.just_pressed(k);
    // Esc closes the drawer first (unless the session is paused: then it resumes).
    let paused = live.workshop.paused;
    if pressed(KeyCode::KeyP) || (pressed(KeyCode::Escape) && (paused || !drawer.open)) {
        actions.write(WorkshopAction::TogglePause);
        return;
    }
    if paused || drawer_keys(&drawer, &keys, &mut drawer_actions) {
        return;
    }
    if pressed(DRAWER_KEY) {
        drawer_actions.write(DrawerAction::Toggle);
        return;
    }
    let confirm = confirm(&keys);
    if pressed(KeyCode::Space) || (confirm && !live.scene_done()) {
        actions.write(WorkshopAction::Continue);
        return;
    }
    if confirm {
        actions.write(if live.workshop.is_over() {
            WorkshopAction::Continue
        } else {
            WorkshopAction::Decide
        });
    }
    for i in digits(&keys) {
        actions.write(WorkshopAction::Select(i));
    }
    let (up, down) = (pressed(KeyCode::ArrowUp), pressed(KeyCode::ArrowDown));
    match live.workshop.setup.mode {
        Mode::RoomVote => {
            if up {
                actions.write(WorkshopAction::AddVotes(1));
            }
            if down {
                actions.write(WorkshopAction::AddVotes(-1));
            }
            if pressed(KeyCode::ArrowRight) {
                actions.write(WorkshopAction::Select(live.cursor + 1));
            }
            if pressed(KeyCode::ArrowLeft) && live.cursor > 0 {
                actions.write(WorkshopAction::Select(live.cursor - 1));
            }
            if pressed(KeyCode::KeyR) {
                actions.write(WorkshopAction::Reveal);
            }
        }
        Mode::TeamRounds => {
            if down {
                actions.write(WorkshopAction::Select(live.cursor + 1));
            }
            if up && live.cursor > 0 {
                actions.write(WorkshopAction::Select(live.cursor - 1));
            }
        }
    }
    if pressed(KeyCode::KeyD) {
        actions.write(WorkshopAction::ToggleDiscussion);
    }
    if pressed(KeyCode::KeyE) {
        actions.write(WorkshopAction::ExtendDiscussion);
    }
}
