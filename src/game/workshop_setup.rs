//! Workshop set-up, the logic: the `Draft` (the set-up screen's fields), changed by
//! `DraftAction`s from the view and the keys, and starting the drafted session.
//!
//! Keys: Up/Down pick the scenario, R room vote, T team rounds, +/- teams, Enter starts, Esc
//! goes back to the title screen.

use super::catalog::Catalog;
use super::data::{self, DataDir, Reveal, Settings};
use super::input::{Keys, confirm, keys_for};
use super::notice::{Notice, NoticeKind, Notices};
use super::screen::{Screen, fresh_seed};
use super::transcript::Transcript;
use super::workshop::{Live, WorkshopAction, slug};
use crate::engine::workshop::{MAX_TEAMS, MIN_TEAMS, Mode, Setup};
use bevy::prelude::*;
use std::path::{Path, PathBuf};

pub(super) fn plugin(app: &mut App) {
    app.add_message::<DraftAction>()
        .add_systems(OnEnter(Screen::WorkshopSetup), draft_if_missing)
        .add_systems(Update, keys.run_if(keys_for(Screen::WorkshopSetup)).in_set(Keys))
        .add_systems(
            Update,
            (edit.run_if(on_message::<DraftAction>), start_on_request)
                .chain()
                .run_if(in_state(Screen::WorkshopSetup))
                .after(Keys),
        );
}

/// Default team names, in the order of the team colours (`report::palette::TEAM_COLOURS`;
/// the eighth is slate, not brown).
pub const TEAM_NAMES: [&str; MAX_TEAMS] = [
    "Blue", "Orange", "Green", "Purple", "Red", "Teal", "Yellow", "Slate",
];

/// A change to the set-up's fields (from the set-up screen or its keys).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum DraftAction {
    Scenario(String),
    /// The next (1) or previous (-1) playable scenario in the library.
    StepScenario(isize),
    /// The seed box now reads this; digits become the seed.
    SeedText(String),
    NewSeed,
    Session(String),
    Facilitator(String),
    /// Minutes of discussion per decision (0: no discussion timer).
    DiscussionMinutes(u32),
    Mode(Mode),
    /// Team n's name.
    TeamName(usize, String),
    AddTeam,
    RemoveTeam,
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

fn edit(
    mut actions: MessageReader<DraftAction>,
    draft: Option<ResMut<Draft>>,
    catalog: Option<Res<Catalog>>,
) {
    let Some(mut draft) = draft else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        match action {
            DraftAction::Scenario(id) => draft.scenario = id.clone(),
            DraftAction::StepScenario(by) => {
                let Some(catalog) = &catalog else { continue };
                let ids = catalog.playable_ids();
                let n = ids.len() as isize;
                if n > 0 {
                    let at = ids.iter().position(|i| *i == draft.scenario).unwrap_or(0) as isize;
                    draft.scenario = ids[(at + by).rem_euclid(n) as usize].to_string();
                }
            }
            DraftAction::SeedText(text) => {
                draft.seed_text = text.clone();
                if let Ok(n) = text.trim().parse::<u64>() {
                    draft.seed = n;
                }
            }
            DraftAction::NewSeed => {
                draft.seed = fresh_seed();
                draft.seed_text = draft.seed.to_string();
            }
            DraftAction::Session(s) => draft.session = s.clone(),
            DraftAction::Facilitator(f) => draft.facilitator = f.clone(),
            DraftAction::DiscussionMinutes(m) => draft.discussion_seconds = m * 60,
            DraftAction::Mode(m) => draft.mode = *m,
            DraftAction::TeamName(i, name) => {
                if let Some(t) = draft.teams.get_mut(*i) {
                    *t = name.clone();
                }
            }
            DraftAction::AddTeam => draft.add_team(),
            DraftAction::RemoveTeam => draft.remove_team(),
        }
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut edits: MessageWriter<DraftAction>,
    mut actions: MessageWriter<WorkshopAction>,
) {
    let pressed = |k: KeyCode| keys.just_pressed(k);
    if pressed(KeyCode::ArrowDown) {
        edits.write(DraftAction::StepScenario(1));
    }
    if pressed(KeyCode::ArrowUp) {
        edits.write(DraftAction::StepScenario(-1));
    }
    if pressed(KeyCode::KeyR) {
        edits.write(DraftAction::Mode(Mode::RoomVote));
    }
    if pressed(KeyCode::KeyT) {
        edits.write(DraftAction::Mode(Mode::TeamRounds));
    }
    if pressed(KeyCode::Equal) || pressed(KeyCode::NumpadAdd) {
        edits.write(DraftAction::AddTeam);
    }
    if pressed(KeyCode::Minus) || pressed(KeyCode::NumpadSubtract) {
        edits.write(DraftAction::RemoveTeam);
    }
    if confirm(&keys) {
        actions.write(WorkshopAction::Start);
    }
    if pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}
