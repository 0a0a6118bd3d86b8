//! The runner: owns the run in progress and turns player actions into engine calls. It draws
//! nothing and saves nothing: it announces what happened (`RunStarted`, `SceneEntered`,
//! `ExhibitOpened`, `DecisionSettled`, `RunEnded`) and listeners act on it (saving, progress). The playing view
//! reads `Session` and sends `Action`s.

use super::catalog::Catalog;
use super::data::{Reveal, SAVE_FORMAT, SavedRun, Settings};
use super::input::Keys;
use super::lowpower::{Frames, TICK, until_next_minute};
use super::notice::{Notice, NoticeKind, Notices};
use super::screen::{Screen, Selected};
pub use super::transcript::Line;
use super::transcript::Transcript;
use crate::engine::Story;
use crate::engine::analyze::Analysis;
use crate::engine::record::RunRecord;
use crate::engine::run::{Entered, Run};
use crate::engine::whatif::{self, WhatIf};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Action>()
        .add_message::<RunStarted>()
        .add_message::<SceneEntered>()
        .add_message::<ExhibitOpened>()
        .add_message::<DecisionSettled>()
        .add_message::<RunEnded>()
        .init_resource::<Frames>()
        .init_resource::<Paused>()
        .add_systems(
            Update,
            (handle_actions, tick)
                .chain()
                .run_if(in_state(Screen::Playing))
                .in_set(Runs),
        )
        .add_systems(
            Update,
            start_on_request.run_if(in_state(Screen::Briefing)).in_set(Runs),
        )
        .configure_sets(Update, Runs.after(Keys));
}

/// The runner's systems. Listeners to its messages run after them, so they hear of a
/// decision on the frame it is taken.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Runs;

/// What the player (or the keyboard, or a test) asks the runner to do.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Action {
    /// Start a run of the `Selected` scenario.
    Start,
    /// Show the next line of the scene; at the end of the scenario, go to the debrief.
    Continue,
    /// Take the n-th offered choice (0-based).
    Choose(usize),
    /// Open the current scene's exhibit with this id (`Run::read`; from the exhibit drawer).
    /// Not a decision: the clock goes on.
    OpenExhibit(String),
    /// Open or close the pause menu (handled by the pause menu, not the runner).
    TogglePause,
    Restart,
    QuitToLibrary,
}

/// A run began from its start: a new run or a restart, not a resumed one.
///
/// May be handled. Saving handles it: the new run replaces any unfinished one on disk.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct RunStarted {
    pub scenario: String,
    pub seed: u64,
}

/// The run entered a node (a scene, a random draw or an ending), in the order of the run's
/// path. Its lines are already queued in `Session::transcript`.
///
/// May be handled; nothing needs it today.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct SceneEntered {
    pub node: String,
}

/// The player opened an exhibit of the current scene for the first time in this run (it is in
/// `run.reads`, and choices gated on `Read` may now be offered).
///
/// Must be handled by saving: the run in progress is written again, so a closed window
/// resumes with the exhibit opened.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct ExhibitOpened {
    pub exhibit: String,
}

/// A decision was settled: the player took `choice` at `node`, or the timer did
/// (`timed_out`). Announced after the scenes it led to, and before `RunEnded` if it ended the
/// run.
///
/// Must be handled by saving: the run in progress is written after every decision, so a
/// closed window resumes exactly.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct DecisionSettled {
    pub node: String,
    pub choice: String,
    pub timed_out: bool,
}

/// The run reached an ending (`None`: it stopped without one).
///
/// Must be handled by progress: the finished run is recorded in the player's history, and
/// once it is safely there it is no longer a run in progress.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct RunEnded {
    pub ending: Option<String>,
}

/// Game time is stopped (a menu is open over the run; the pause menu sets it).
#[derive(Resource, Debug, Default, PartialEq, Eq)]
pub struct Paused(pub bool);

/// Why a session could not start or resume.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("{0}")]
    Start(String),
    #[error("it was saved in format {found}, this version reads {SAVE_FORMAT}")]
    Format { found: u32 },
    #[error("it is for `{scenario}` version {saved}, and the library has version {library}")]
    Version {
        scenario: String,
        saved: u32,
        library: u32,
    },
    #[error("{0}")]
    Replay(String),
}

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
    /// The finished run has been written to progress (or, for a what-if, needs not be).
    pub recorded: bool,
    /// Set when this run is a what-if of another (from the debrief): it is compared with
    /// that run, and not counted as a new attempt.
    pub what_if: Option<WhatIf>,
    /// When the run started (wall clock, milliseconds since the epoch): its learning records'
    /// registration.
    pub started_ms: u64,
}

impl Session {
    /// A new run of `scenario` with `seed`.
    pub fn start(
        scenario: Arc<Story>,
        analysis: Arc<Analysis>,
        seed: u64,
        coach: bool,
    ) -> Result<Self, SessionError> {
        let (run, entered) = Run::start(&scenario, seed).map_err(|e| SessionError::Start(e.to_string()))?;
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
            what_if: None,
            started_ms: super::data::now_ms(),
        };
        s.transcript.queue(&s.scenario, &entered);
        s.arm_timer();
        Ok(s)
    }

    /// Rebuilds a session from a saved run by replaying its decisions: the transcript comes
    /// back exactly, and a scenario that changed since the save is detected.
    pub fn resume(
        scenario: Arc<Story>,
        analysis: Arc<Analysis>,
        saved: &SavedRun,
    ) -> Result<Self, SessionError> {
        if saved.format != SAVE_FORMAT {
            return Err(SessionError::Format { found: saved.format });
        }
        if saved.run.scenario != scenario.id || saved.run.version != scenario.version {
            return Err(SessionError::Version {
                scenario: saved.run.scenario.clone(),
                saved: saved.run.version,
                library: scenario.version,
            });
        }
        let transcript =
            Transcript::replay(&scenario, &saved.run, saved.coach).map_err(SessionError::Replay)?;
        let mut s = Session::start(scenario, analysis, saved.run.seed, saved.coach)?;
        s.run = saved.run.clone();
        s.transcript = transcript;
        s.elapsed_ms = saved.elapsed_ms;
        s.what_if = saved.what_if.clone();
        if let Some(t) = saved.started_ms {
            s.started_ms = t;
        }
        s.arm_timer();
        Ok(s)
    }

    /// A what-if of `of`: its decisions before `at` (1-based) replayed with its seed, then
    /// `choice` taken there (at the game time the run took its own), the transcript rebuilt.
    pub fn what_if(
        scenario: Arc<Story>,
        analysis: Arc<Analysis>,
        of: &Run,
        at: usize,
        choice: &str,
        coach: bool,
    ) -> Result<Self, SessionError> {
        let (mut run, _) =
            whatif::replay_to(&scenario, of, at).map_err(|e| SessionError::Replay(e.to_string()))?;
        let at_ms = of.decisions.get(at - 1).map_or(0, |d| d.at_ms);
        let (_, w) = whatif::branch(&scenario, of, &mut run, at, choice, at_ms)
            .map_err(|e| SessionError::Start(e.to_string()))?;
        let transcript = Transcript::replay(&scenario, &run, coach).map_err(SessionError::Replay)?;
        let mut s = Session::start(scenario, analysis, run.seed, coach)?;
        s.run = run;
        s.transcript = transcript;
        s.elapsed_ms = at_ms;
        s.what_if = Some(w);
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

    /// Opens exhibit `id` of the current scene (`Run::read`). Returns true the first time it
    /// is opened in this run; false if it was open already or cannot be opened here.
    pub fn read(&mut self, id: &str) -> bool {
        match self.run.read(&self.scenario, id) {
            Ok(first) => first,
            Err(e) => {
                warn!("exhibit `{id}` could not be opened: {e}");
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
            what_if: self.what_if.clone(),
            started_ms: Some(self.started_ms),
        }
    }

    pub fn record(&self) -> RunRecord {
        match &self.what_if {
            Some(w) => RunRecord::of_what_if(&self.scenario, &self.run, &self.analysis.ranges, w.clone()),
            None => RunRecord::of(&self.scenario, &self.run, &self.analysis.ranges),
        }
    }

    /// Shows lines as the reveal setting says, once a scene has been entered.
    fn reveal_as_set(&mut self, reveal: Reveal) {
        if reveal == Reveal::AllAtOnce {
            self.reveal_all();
        }
    }
}

/// Starts a session for the selected scenario; `None` (with a notice) if it cannot.
fn begin(selected: &Selected, catalog: &mut Catalog, notices: &mut Notices) -> Option<Session> {
    let Some(scenario) = catalog.get(&selected.id).cloned() else {
        notices.push(Notice::new(
            NoticeKind::NotStarted,
            format!("The scenario `{}` is not available.", selected.id),
        ));
        return None;
    };
    let analysis = catalog.analysis(&scenario);
    match Session::start(scenario, analysis, selected.seed, selected.coach) {
        Ok(s) => Some(s),
        Err(e) => {
            notices.push(Notice::new(
                NoticeKind::NotStarted,
                format!("The scenario could not start: {e}"),
            ));
            None
        }
    }
}

/// The runner's announcements.
#[derive(SystemParam)]
struct Announce<'w> {
    started: MessageWriter<'w, RunStarted>,
    scenes: MessageWriter<'w, SceneEntered>,
    opened: MessageWriter<'w, ExhibitOpened>,
    settled: MessageWriter<'w, DecisionSettled>,
    ended: MessageWriter<'w, RunEnded>,
}

impl Announce<'_> {
    /// A run has just started: it and the scenes it opened with.
    fn started(&mut self, session: &Session) {
        self.started.write(RunStarted {
            scenario: session.run.scenario.clone(),
            seed: session.run.seed,
        });
        self.scenes_from(session, 0);
    }

    /// A decision has just been taken; `path_before` is how long the path was before it.
    fn decided(&mut self, session: &Session, path_before: usize) {
        self.scenes_from(session, path_before);
        if let Some(d) = session.run.decisions.last() {
            self.settled.write(DecisionSettled {
                node: d.node.to_string(),
                choice: d.choice.to_string(),
                timed_out: d.timed_out,
            });
        }
        if session.run.is_over() {
            self.ended.write(RunEnded {
                ending: session.run.ending.clone(),
            });
        }
    }

    fn scenes_from(&mut self, session: &Session, from: usize) {
        for node in session.run.path.iter().skip(from) {
            self.scenes.write(SceneEntered {
                node: node.to_string(),
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn handle_actions(
    mut actions: MessageReader<Action>,
    session: Option<ResMut<Session>>,
    paused: Res<Paused>,
    mut next: ResMut<NextState<Screen>>,
    mut notices: ResMut<Notices>,
    settings: Res<Settings>,
    mut announce: Announce,
) {
    let Some(mut session) = session else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        match action {
            Action::TogglePause | Action::Start => {}
            _ if paused.0 && *action != Action::QuitToLibrary && *action != Action::Restart => {}
            Action::Continue => {
                if session.reveal_next() {
                    session.auto_left = settings.reveal.auto_seconds();
                } else if session.run.is_over() {
                    next.set(Screen::Debrief);
                }
            }
            Action::Choose(n) => {
                let before = session.run.path.len();
                if session.choose(*n) {
                    decided(&mut session, &settings);
                    announce.decided(&session, before);
                }
            }
            Action::OpenExhibit(id) => {
                if session.read(id) {
                    announce.opened.write(ExhibitOpened { exhibit: id.clone() });
                }
            }
            Action::Restart => {
                let (scenario, analysis) = (session.scenario.clone(), session.analysis.clone());
                match Session::start(scenario, analysis, session.run.seed, session.coach) {
                    Ok(mut s) => {
                        s.reveal_as_set(settings.reveal);
                        *session = s;
                        announce.started(&session);
                    }
                    Err(e) => notices.push(Notice::new(NoticeKind::NotStarted, e.to_string())),
                }
            }
            Action::QuitToLibrary => {
                // The saved run stays, so the title screen can offer to resume it.
                next.set(Screen::Library);
            }
        }
    }
}

/// After every decision: show the next scene as the reveal setting says.
fn decided(session: &mut Session, settings: &Settings) {
    session.reveal_as_set(settings.reveal);
    session.auto_left = settings.reveal.auto_seconds();
}

/// Game time, the countdown and automatic reveal; asks for frames only while they run.
fn tick(
    time: Res<Time>,
    session: Option<ResMut<Session>>,
    paused: Res<Paused>,
    settings: Res<Settings>,
    mut frames: ResMut<Frames>,
    mut announce: Announce,
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
    if settings.reveal == Reveal::AllAtOnce {
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
            let before = session.run.path.len();
            if session.time_out() {
                decided(&mut session, &settings);
                announce.decided(&session, before);
            }
        } else {
            session.timer_left = Some(left);
        }
        frames.within(TICK);
    }
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
    mut announce: Announce,
) {
    let (Some(selected), Some(mut catalog)) = (selected, catalog) else {
        actions.clear();
        return;
    };
    if !actions.read().any(|a| *a == Action::Start) {
        return;
    }
    if let Some(mut s) = begin(&selected, &mut catalog, &mut notices) {
        s.reveal_as_set(settings.reveal);
        announce.started(&s);
        commands.insert_resource(s);
        next.set(Screen::Playing);
    }
}
