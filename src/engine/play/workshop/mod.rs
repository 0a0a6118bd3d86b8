//! A facilitated workshop: one scenario, one seed, played either by the whole room voting on
//! each decision (`RoomVote`) or by 2–8 teams taking turns, each with its own run
//! (`TeamRounds`). Everything here is plain data plus the rules that change it: votes,
//! reveal, majority, ties, overrides, notes, the discussion timer and the session pause.
//! Time is whatever the caller passes to [`Workshop::tick`]; nothing here reads a clock.
//! The game saves a `Workshop` after every action, so it must always be a complete picture.
//!
//! This file holds the session and its turns; the rules sit one concern per file: `setup`,
//! `votes` (with the tie rule), `timers`, `decide`, `exhibits` (opening one on the projector),
//! `verify` (a loaded session) and `error`.

mod decide;
mod error;
mod exhibits;
mod setup;
#[cfg(test)]
mod tests;
mod timers;
mod verify;
mod votes;

pub use decide::{Decide, Logged, Settled, SettledKind};
pub use error::WorkshopError;
pub use setup::{Mode, Setup};
pub use timers::Discussion;
pub use verify::VerifyError;
pub use votes::{Lead, OnEnter, leaders, split};

use crate::engine::run::{Entered, Run};
use crate::engine::story::Story;
use serde::{Deserialize, Serialize};

/// Bumped when the layout of a saved workshop changes incompatibly.
pub const WORKSHOP_FORMAT: u32 = 1;
pub const MIN_TEAMS: usize = 2;
pub const MAX_TEAMS: usize = 8;
/// Longest team, session or facilitator name, in characters.
pub const MAX_NAME: usize = 40;
/// Longest note or override reason, in characters.
pub const MAX_NOTE: usize = 500;
/// What "extend" adds to the discussion timer.
pub const EXTEND_MS: u64 = 60_000;
/// Most votes one option can hold (a room, not a stadium).
pub const MAX_VOTES: u32 = 999;

/// One team's run (the room's, in a room vote).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    pub run: Run,
}

/// The decision in hand: votes being entered, the timers, the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Current {
    /// Votes per offered option, in display order (room vote).
    pub votes: Vec<u32>,
    pub revealed: bool,
    pub discussion: Discussion,
    /// Milliseconds left on a timed decision's countdown.
    pub countdown_ms: Option<u64>,
    /// The facilitator's note on this decision.
    pub note: String,
}

impl Current {
    fn blank(options: usize, countdown_ms: Option<u64>) -> Self {
        Current {
            votes: vec![0; options],
            revealed: false,
            discussion: Discussion::Over,
            countdown_ms,
            note: String::new(),
        }
    }
}

/// A workshop session: set-up, every team's run, the decision in hand and the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub format: u32,
    pub setup: Setup,
    pub teams: Vec<Team>,
    /// Whose turn it is (index into `teams`).
    pub turn: usize,
    pub current: Current,
    /// Session time, in milliseconds (stops while paused).
    pub elapsed_ms: u64,
    pub paused: bool,
    pub log: Vec<Logged>,
}

/// The scenes a change entered, per team, for the view to show.
pub type Scenes = Vec<(usize, Vec<Entered>)>;

impl Workshop {
    /// Starts a session: every team's run begins at the scenario's start.
    pub fn start(setup: Setup, s: &Story) -> Result<(Workshop, Scenes), WorkshopError> {
        let problems = setup.problems();
        if !problems.is_empty() {
            return Err(WorkshopError::Setup(problems));
        }
        if setup.scenario != s.id || setup.version != s.version {
            return Err(WorkshopError::WrongScenario(format!(
                "the session is set up for `{}` version {}, not `{}` version {}",
                setup.scenario, setup.version, s.id, s.version
            )));
        }
        let mut teams = Vec::new();
        let mut scenes = Vec::new();
        for (i, name) in setup.team_names().into_iter().enumerate() {
            let (run, entered) = Run::start(s, setup.seed)?;
            teams.push(Team { name, run });
            scenes.push((i, entered));
        }
        let mut w = Workshop {
            format: WORKSHOP_FORMAT,
            current: Current::blank(0, None),
            setup,
            teams,
            turn: 0,
            elapsed_ms: 0,
            paused: false,
            log: Vec::new(),
        };
        w.turn = w.next_turn_from(0).unwrap_or(0);
        w.arm(s);
        Ok((w, scenes))
    }

    pub fn is_over(&self) -> bool {
        self.teams.iter().all(|t| t.run.is_over())
    }

    pub fn team(&self) -> &Team {
        &self.teams[self.turn]
    }

    /// The options offered to the team whose turn it is (choice ids, display order).
    pub fn options(&self, s: &Story) -> Vec<String> {
        self.team().run.options(s).iter().map(|c| c.id.clone()).collect()
    }

    /// The first team, from `from` round the table, whose run has not ended.
    fn next_turn_from(&self, from: usize) -> Option<usize> {
        let n = self.teams.len();
        (0..n)
            .map(|k| (from + k) % n)
            .find(|&i| !self.teams[i].run.is_over())
    }

    /// Resets the decision in hand for the current team's node.
    fn arm(&mut self, s: &Story) {
        let options = if self.is_over() { 0 } else { self.options(s).len() };
        let countdown = if self.is_over() {
            None
        } else {
            self.team().run.timer(s).map(|t| u64::from(t.seconds) * 1000)
        };
        self.current = Current::blank(options, countdown);
        self.current.discussion = Discussion::Ready {
            left_ms: u64::from(self.setup.discussion_seconds) * 1000,
        };
    }

    fn active(&self) -> Result<(), WorkshopError> {
        if self.is_over() {
            Err(WorkshopError::Finished)
        } else if self.paused {
            Err(WorkshopError::Paused)
        } else {
            Ok(())
        }
    }

    fn room_vote(&self) -> Result<(), WorkshopError> {
        self.active()?;
        if self.setup.mode == Mode::RoomVote {
            Ok(())
        } else {
            Err(WorkshopError::NotARoomVote)
        }
    }

    pub fn set_note(&mut self, note: &str) {
        self.current.note = note.chars().take(MAX_NOTE).collect();
    }

    /// Pauses or resumes the whole session: the countdown and discussion timer stop.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    pub fn team_log(&self, team: usize) -> impl Iterator<Item = &Logged> {
        self.log.iter().filter(move |l| l.team == team)
    }
}
