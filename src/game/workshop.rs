//! Workshop mode, the logic: the set-up draft, the live session (the engine's `Workshop` plus
//! one transcript per team), the facilitator's actions, the timers, saving after every action
//! and resuming a session the laptop lost. Draws nothing; `ui::workshop*` reads `Live`.

use super::catalog::Catalog;
use super::data::{self, DataDir, Reveal, Settings, read_or_set_aside, set_aside};
use super::debrief::{ReportsDir, SaveReport, write_report};
use super::lowpower::{Frames, TICK, until_next_minute};
use super::notice::{Notice, NoticeKind, Notices};
use super::screen::{Screen, fresh_seed};
use super::transcript::Transcript;
use crate::engine::Story;
use crate::engine::analyze::Analysis;
use crate::engine::workshop::{
    Decide, Discussion, MAX_TEAMS, MIN_TEAMS, Mode, Scenes, Setup, VerifyError, Workshop, WorkshopError,
};
use crate::report::{Format, Input, Report};
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<WorkshopAction>()
        .init_resource::<Frames>()
        .init_resource::<HotWashView>()
        .add_systems(OnEnter(Screen::WorkshopDebrief), hot_wash)
        .add_systems(Update, save_report.run_if(in_state(Screen::WorkshopDebrief)))
        .add_systems(PreStartup, find_unfinished.after(data::load_user_data))
        .add_systems(OnEnter(Screen::WorkshopSetup), draft_if_missing)
        .add_systems(Update, start_on_request.run_if(in_state(Screen::WorkshopSetup)))
        .add_systems(
            Update,
            (handle_actions, tick).chain().run_if(in_state(Screen::Workshop)),
        );
}

/// Default team names, in the order of the team colours (`report::palette::TEAM_COLOURS`;
/// the eighth is slate, not brown).
pub const TEAM_NAMES: [&str; MAX_TEAMS] = [
    "Blue", "Orange", "Green", "Purple", "Red", "Teal", "Yellow", "Slate",
];

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
    ToggleDiscussion,
    ExtendDiscussion,
    TogglePause,
    /// Leave the session (it stays saved and can be resumed from the title screen).
    Leave,
}

/// What the workshop debrief shows: which debrief question (one at a time) and which page of
/// results (one at a time, readable on a projector). Both are clamped by the view.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HotWashView {
    pub question: usize,
    pub page: usize,
}

/// The workshop debrief ("hot wash"): the session's report (the scenario's debrief questions
/// in `report.questions`, shown one at a time), computed once when it opens. The same report
/// is what "Save report" writes.
#[derive(Resource, Debug, Clone)]
pub struct HotWash {
    pub report: Report,
}

fn hot_wash(
    mut commands: Commands,
    live: Option<Res<Live>>,
    catalog: Option<Res<Catalog>>,
    mut question: ResMut<HotWashView>,
    mut notices: ResMut<Notices>,
) {
    *question = HotWashView::default();
    let Some(live) = live else { return };
    let skills = catalog.as_ref().and_then(|c| c.skills.as_ref());
    match Report::build(
        &Input::Workshop(live.workshop.clone()),
        &live.scenario,
        &live.analysis,
        skills,
    ) {
        Ok(report) => commands.insert_resource(HotWash { report }),
        Err(e) => notices.push(Notice::new(
            NoticeKind::NoDebrief,
            format!("The debrief could not be made: {e}"),
        )),
    }
}

/// The workshop debrief's "Save report": the session's HTML report in the documents folder.
fn save_report(
    mut requests: MessageReader<SaveReport>,
    hot_wash: Option<Res<HotWash>>,
    data: Res<DataDir>,
    reports: Option<Res<ReportsDir>>,
    mut notices: ResMut<Notices>,
) {
    if requests.read().count() == 0 {
        return;
    }
    let Some(h) = hot_wash else { return };
    let html = h.report.render(Format::Html);
    let stem = live_stem(&h.report);
    write_report(reports.as_deref(), &data, &stem, &html, &mut notices);
}

/// `<scenario>-<session>-seed<seed>` for report file names.
fn live_stem(r: &Report) -> String {
    let session = r.session.as_ref().map_or("workshop", |s| s.name.as_str());
    format!("{}-{}-seed{}", r.scenario.id, slug(session), r.seed)
}

/// The set-up screen's fields.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Draft {
    pub scenario: String,
    pub seed: u64,
    pub seed_text: String,
    pub session: String,
    pub facilitator: String,
    pub mode: Mode,
    pub teams: Vec<String>,
    pub discussion_seconds: u32,
}

impl Draft {
    pub fn new(scenario: &str, seed: u64) -> Self {
        Draft {
            scenario: scenario.to_string(),
            seed,
            seed_text: seed.to_string(),
            session: format!("Workshop {}", data::today()),
            facilitator: String::new(),
            mode: Mode::RoomVote,
            teams: TEAM_NAMES[..MIN_TEAMS].iter().map(|t| t.to_string()).collect(),
            discussion_seconds: 120,
        }
    }

    pub fn setup(&self, version: u32) -> Setup {
        Setup {
            scenario: self.scenario.clone(),
            version,
            seed: self.seed,
            session: self.session.trim().to_string(),
            facilitator: self.facilitator.trim().to_string(),
            mode: self.mode,
            teams: self.teams.iter().map(|t| t.trim().to_string()).collect(),
            discussion_seconds: self.discussion_seconds,
        }
    }

    /// Adds a team with the next unused default name (up to the maximum).
    pub fn add_team(&mut self) {
        if self.teams.len() < MAX_TEAMS
            && let Some(name) = TEAM_NAMES.iter().find(|n| !self.teams.iter().any(|t| t == *n))
        {
            self.teams.push(name.to_string());
        }
    }

    pub fn remove_team(&mut self) {
        if self.teams.len() > MIN_TEAMS {
            self.teams.pop();
        }
    }
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
fn slug(name: &str) -> String {
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

/// A free file name for a new session in `dir`: `<session name>-seed<seed>.ron`.
pub fn session_file(dir: &Path, setup: &Setup) -> PathBuf {
    let slug = slug(&setup.session);
    let stem = format!(
        "{}-seed{}",
        if slug.is_empty() { "workshop" } else { &slug },
        setup.seed
    );
    (1..)
        .map(|n| {
            dir.join(if n == 1 {
                format!("{stem}.ron")
            } else {
                format!("{stem}-{n}.ron")
            })
        })
        .find(|p| !p.exists())
        .expect("an unused name exists")
}

fn draft_if_missing(mut commands: Commands, draft: Option<Res<Draft>>, catalog: Option<Res<Catalog>>) {
    if draft.is_some() {
        return;
    }
    let first = catalog
        .as_ref()
        .and_then(|c| c.playable_ids().first().map(|s| s.to_string()))
        .unwrap_or_default();
    commands.insert_resource(Draft::new(&first, fresh_seed()));
}

/// Starts the drafted session when `WorkshopAction::Start` arrives.
#[allow(clippy::too_many_arguments)]
fn start_on_request(
    mut actions: MessageReader<WorkshopAction>,
    mut commands: Commands,
    draft: Option<Res<Draft>>,
    catalog: Option<ResMut<Catalog>>,
    dir: Res<DataDir>,
    settings: Res<Settings>,
    mut notices: ResMut<Notices>,
    mut next: ResMut<NextState<Screen>>,
) {
    if !actions.read().any(|a| *a == WorkshopAction::Start) {
        return;
    }
    let (Some(draft), Some(mut catalog)) = (draft, catalog) else {
        return;
    };
    let Some(scenario) = catalog.get(&draft.scenario).cloned() else {
        notices.push(Notice::new(
            NoticeKind::NotStarted,
            format!("The scenario `{}` is not available.", draft.scenario),
        ));
        return;
    };
    let setup = draft.setup(scenario.version);
    let problems = setup.problems();
    if !problems.is_empty() {
        notices.push(Notice::new(NoticeKind::NotStarted, problems.join(" ")));
        return;
    }
    let analysis = catalog.analysis(&scenario);
    let file = session_file(&dir.workshops(), &setup);
    match Live::start(setup, scenario, analysis, file) {
        Ok(mut live) => {
            if settings.reveal == Reveal::AllAtOnce {
                live.transcripts.iter_mut().for_each(Transcript::reveal_all);
            }
            live.save(&mut notices);
            commands.insert_resource(live);
            next.set(Screen::Workshop);
        }
        Err(e) => notices.push(Notice::new(
            NoticeKind::NotStarted,
            format!("The workshop could not start: {e}"),
        )),
    }
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
