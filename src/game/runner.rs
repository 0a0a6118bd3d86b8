//! The runner: owns the run in progress and turns player actions into engine calls. It draws
//! nothing; the playing view reads `Session` and sends `Action`s.

use super::catalog::Catalog;
use super::data::{self, DataDir, Notices, PastRun, Progress, SAVE_FORMAT, SavedRun, Settings};
use super::lowpower::{Frames, TICK, until_next_minute};
use super::screen::{Screen, Selected};
pub use super::transcript::Line;
use super::transcript::Transcript;
use crate::engine::Story;
use crate::engine::analyze::Analysis;
use crate::engine::record::RunRecord;
use crate::engine::run::{Entered, Run};
use bevy::prelude::*;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Action>()
        .init_resource::<Frames>()
        .init_resource::<Paused>()
        .add_systems(
            Update,
            (handle_actions, tick).chain().run_if(in_state(Screen::Playing)),
        )
        .add_systems(Update, start_on_request.run_if(in_state(Screen::Briefing)))
        .add_systems(OnExit(Screen::Playing), unpause);
}

/// What the player (or the keyboard, or a test) asks the runner to do.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Action {
    /// Start a run of the `Selected` scenario.
    Start,
    /// Show the next line of the scene; at the end of the scenario, go to the debrief.
    Continue,
    /// Take the n-th offered choice (0-based).
    Choose(usize),
    TogglePause,
    Restart,
    QuitToLibrary,
}

/// The pause menu is open (and game time is stopped).
#[derive(Resource, Debug, Default, PartialEq, Eq)]
pub struct Paused(pub bool);

/// The run in progress and everything needed to show it.
#[derive(Resource)]
pub struct Session {
    pub scenario: Arc<Story>,
    /// The scenario's analysis: score ranges and the best path, for scoring and the debrief.
    pub analysis: Arc<Analysis>,
    pub coach: bool,
    pub run: Run,
    pub transcript: Transcript,
    /// Seconds left on a timed decision (counting only once the scene is fully shown).
    pub timer_left: Option<f32>,
    /// Seconds until the next line appears by itself (auto reveal).
    pub auto_left: Option<f32>,
    /// Game time played, in milliseconds (stops while paused).
    pub elapsed_ms: u64,
    /// Microseconds of game time not yet counted in `elapsed_ms` (so frames never lose time).
    carry_us: u64,
    /// The finished run has been written to progress.
    pub recorded: bool,
}

impl Session {
    /// A new run of `scenario` with `seed`.
    pub fn start(
        scenario: Arc<Story>,
        analysis: Arc<Analysis>,
        seed: u64,
        coach: bool,
    ) -> Result<Self, String> {
        let (run, entered) = Run::start(&scenario, seed).map_err(|e| e.to_string())?;
        let mut s = Session {
            scenario,
            analysis,
            coach,
            run,
            transcript: Transcript::default(),
            timer_left: None,
            auto_left: None,
            elapsed_ms: 0,
            carry_us: 0,
            recorded: false,
        };
        s.transcript.queue(&s.scenario, &entered);
        s.arm_timer();
        Ok(s)
    }

    /// Rebuilds a session from a saved run by replaying its decisions: the transcript comes
    /// back exactly, and a scenario that changed since the save is detected.
    pub fn resume(scenario: Arc<Story>, analysis: Arc<Analysis>, saved: &SavedRun) -> Result<Self, String> {
        if saved.format != SAVE_FORMAT {
            return Err(format!(
                "it was saved in format {}, this version reads {SAVE_FORMAT}",
                saved.format
            ));
        }
        if saved.run.scenario != scenario.id || saved.run.version != scenario.version {
            return Err(format!(
                "it is for `{}` version {}, and the library has version {}",
                saved.run.scenario, saved.run.version, scenario.version
            ));
        }
        let transcript = Transcript::replay(&scenario, &saved.run, saved.coach)?;
        let mut s = Session::start(scenario, analysis, saved.run.seed, saved.coach)?;
        s.run = saved.run.clone();
        s.transcript = transcript;
        s.elapsed_ms = saved.elapsed_ms;
        s.arm_timer();
        Ok(s)
    }

    fn after_decision(&mut self, entered: &[Entered]) {
        self.transcript
            .decided(&self.scenario, &self.run, self.coach, entered);
        self.arm_timer();
    }

    fn arm_timer(&mut self) {
        self.timer_left = self.run.timer(&self.scenario).map(|t| t.seconds as f32);
    }

    /// The scene is fully shown and the player can decide (or the scenario is over).
    pub fn scene_done(&self) -> bool {
        self.transcript.scene_done()
    }

    pub fn reveal_next(&mut self) -> bool {
        self.transcript.reveal_next()
    }

    pub fn reveal_all(&mut self) {
        self.transcript.reveal_all()
    }

    /// Takes the n-th offered choice. Returns false if there is no such choice right now.
    pub fn choose(&mut self, n: usize) -> bool {
        if !self.scene_done() || self.run.is_over() {
            return false;
        }
        let options = self.run.options(&self.scenario);
        let Some(id) = options.get(n).map(|c| c.id.clone()) else {
            return false;
        };
        match self.run.choose(&self.scenario, &id, self.elapsed_ms) {
            Ok(entered) => {
                self.after_decision(&entered);
                true
            }
            Err(e) => {
                error!("choice `{id}` failed: {e}");
                false
            }
        }
    }

    /// The timer ran out: the engine takes the node's timeout choice.
    pub fn time_out(&mut self) -> bool {
        match self.run.timeout(&self.scenario, self.elapsed_ms) {
            Ok(entered) => {
                self.after_decision(&entered);
                true
            }
            Err(e) => {
                error!("timeout failed: {e}");
                self.timer_left = None;
                false
            }
        }
    }

    pub fn saved(&self) -> SavedRun {
        SavedRun {
            format: SAVE_FORMAT,
            coach: self.coach,
            elapsed_ms: self.elapsed_ms,
            run: self.run.clone(),
        }
    }

    pub fn record(&self) -> RunRecord {
        RunRecord::of(&self.scenario, &self.run, &self.analysis.ranges)
    }
}

/// Starts a session for the selected scenario; `None` (with a notice) if it cannot.
pub fn begin(selected: &Selected, catalog: &mut Catalog, notices: &mut Notices) -> Option<Session> {
    let Some(scenario) = catalog.get(&selected.id).cloned() else {
        notices
            .0
            .push(format!("The scenario `{}` is not available.", selected.id));
        return None;
    };
    let analysis = catalog.analysis(&scenario);
    match Session::start(scenario, analysis, selected.seed, selected.coach) {
        Ok(s) => Some(s),
        Err(e) => {
            notices.0.push(format!("The scenario could not start: {e}"));
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn handle_actions(
    mut actions: MessageReader<Action>,
    session: Option<ResMut<Session>>,
    mut paused: ResMut<Paused>,
    mut time: ResMut<Time<Virtual>>,
    mut next: ResMut<NextState<Screen>>,
    dir: Res<DataDir>,
    mut progress: ResMut<Progress>,
    mut notices: ResMut<Notices>,
    settings: Res<Settings>,
) {
    let Some(mut session) = session else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        match action {
            Action::TogglePause => {
                paused.0 = !paused.0;
                if paused.0 { time.pause() } else { time.unpause() }
            }
            _ if paused.0 && *action != Action::QuitToLibrary && *action != Action::Restart => {}
            Action::Continue => {
                if session.reveal_next() {
                    session.auto_left = settings.reveal.auto_seconds();
                } else if session.run.is_over() {
                    next.set(Screen::Debrief);
                }
            }
            Action::Choose(n) => {
                if session.choose(*n) {
                    decided(&mut session, &dir, &mut progress, &mut notices, &settings);
                }
            }
            Action::Restart => {
                let (scenario, analysis) = (session.scenario.clone(), session.analysis.clone());
                match Session::start(scenario, analysis, session.run.seed, session.coach) {
                    Ok(mut s) => {
                        if settings.reveal == super::data::Reveal::AllAtOnce {
                            s.reveal_all();
                        }
                        *session = s;
                        let _ = std::fs::remove_file(dir.current());
                    }
                    Err(e) => notices.0.push(e),
                }
                paused.0 = false;
                time.unpause();
            }
            Action::QuitToLibrary => {
                // The saved run stays, so the title screen can offer to resume it.
                next.set(Screen::Library);
            }
            Action::Start => {}
        }
    }
}

/// After every decision: save the run in progress, or record it if it ended.
fn decided(
    session: &mut Session,
    dir: &DataDir,
    progress: &mut Progress,
    notices: &mut Notices,
    settings: &Settings,
) {
    if settings.reveal == super::data::Reveal::AllAtOnce {
        session.reveal_all();
    }
    session.auto_left = settings.reveal.auto_seconds();
    if session.run.is_over() {
        if !session.recorded {
            progress.format = SAVE_FORMAT;
            progress.runs.push(PastRun {
                finished_at: data::now_secs(),
                coach: session.coach,
                record: session.record(),
            });
            if data::save(&dir.progress(), &*progress, notices) {
                let _ = std::fs::remove_file(dir.current());
            }
            session.recorded = true;
        }
    } else {
        data::save(&dir.current(), &session.saved(), notices);
    }
}

/// Game time, the countdown and automatic reveal; asks for frames only while they run.
#[allow(clippy::too_many_arguments)]
fn tick(
    time: Res<Time>,
    session: Option<ResMut<Session>>,
    paused: Res<Paused>,
    settings: Res<Settings>,
    dir: Res<DataDir>,
    mut progress: ResMut<Progress>,
    mut notices: ResMut<Notices>,
    mut frames: ResMut<Frames>,
) {
    let Some(mut session) = session else { return };
    if paused.0 {
        return;
    }
    let dt = time.delta_secs();
    let us = session.carry_us + time.delta().as_micros() as u64;
    session.elapsed_ms += us / 1000;
    session.carry_us = us % 1000;
    if !session.run.is_over() {
        frames.within(until_next_minute(session.elapsed_ms)); // the game clock in the header
    }
    if settings.reveal == super::data::Reveal::AllAtOnce {
        session.reveal_all();
    } else if let Some(left) = session.auto_left {
        if session.scene_done() {
            session.auto_left = None;
        } else if left - dt <= 0.0 {
            session.reveal_next();
            session.auto_left = settings.reveal.auto_seconds();
        } else {
            session.auto_left = Some(left - dt);
        }
        frames.within(TICK);
    } else if settings.reveal.auto_seconds().is_some() && !session.scene_done() {
        session.auto_left = settings.reveal.auto_seconds();
        frames.within(TICK);
    }
    if session.scene_done()
        && !session.run.is_over()
        && let Some(left) = session.timer_left
    {
        let left = left - dt;
        if left <= 0.0 {
            session.timer_left = None;
            if session.time_out() {
                decided(&mut session, &dir, &mut progress, &mut notices, &settings);
            }
        } else {
            session.timer_left = Some(left);
        }
        frames.within(TICK);
    }
}

fn unpause(mut paused: ResMut<Paused>, mut time: ResMut<Time<Virtual>>) {
    paused.0 = false;
    time.unpause();
}

/// Starts the selected scenario when an `Action::Start` arrives (from the briefing).
#[allow(clippy::too_many_arguments)]
fn start_on_request(
    mut actions: MessageReader<Action>,
    mut commands: Commands,
    selected: Option<Res<Selected>>,
    catalog: Option<ResMut<Catalog>>,
    mut notices: ResMut<Notices>,
    mut next: ResMut<NextState<Screen>>,
    settings: Res<Settings>,
    dir: Res<DataDir>,
) {
    let (Some(selected), Some(mut catalog)) = (selected, catalog) else {
        actions.clear();
        return;
    };
    if !actions.read().any(|a| *a == Action::Start) {
        return;
    }
    if let Some(mut s) = begin(&selected, &mut catalog, &mut notices) {
        if settings.reveal == super::data::Reveal::AllAtOnce {
            s.reveal_all();
        }
        // A new run replaces any unfinished one.
        let _ = std::fs::remove_file(dir.current());
        commands.insert_resource(s);
        next.set(Screen::Playing);
    }
}
