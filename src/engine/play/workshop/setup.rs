//! What the facilitator sets up before a session starts: the mode, the teams, the timer, and
//! the problems that stop a set-up from starting.

use super::{MAX_NAME, MAX_TEAMS, MIN_TEAMS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// One shared playthrough; the room votes at each decision.
    RoomVote,
    /// Each team plays its own run of the same scenario and seed, taking turns.
    TeamRounds,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::RoomVote => "Room vote",
            Mode::TeamRounds => "Team rounds",
        }
    }
}

/// What the facilitator set up before starting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    pub scenario: String,
    pub version: u32,
    pub seed: u64,
    pub session: String,
    pub facilitator: String,
    pub mode: Mode,
    /// Team names (team rounds only; a room vote has one team, "The room").
    pub teams: Vec<String>,
    /// Length of the discussion timer at each decision, in seconds (0: no discussion timer).
    pub discussion_seconds: u32,
}

impl Setup {
    /// Problems that stop this set-up from starting, in words for the facilitator.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.session.trim().is_empty() {
            out.push("Give the session a name (it names the saved session and the report).".into());
        }
        for (what, text) in [("session", &self.session), ("facilitator", &self.facilitator)] {
            if text.chars().count() > MAX_NAME {
                out.push(format!("The {what} name is longer than {MAX_NAME} characters."));
            }
        }
        if self.mode == Mode::TeamRounds {
            let n = self.teams.len();
            if !(MIN_TEAMS..=MAX_TEAMS).contains(&n) {
                out.push(format!(
                    "Team rounds need {MIN_TEAMS} to {MAX_TEAMS} teams; there are {n}."
                ));
            }
            for (i, t) in self.teams.iter().enumerate() {
                if t.trim().is_empty() {
                    out.push(format!("Team {} has no name.", i + 1));
                } else if t.chars().count() > MAX_NAME {
                    out.push(format!(
                        "Team {}'s name is longer than {MAX_NAME} characters.",
                        i + 1
                    ));
                } else if self.teams[..i].iter().any(|u| u.trim() == t.trim()) {
                    out.push(format!("Two teams are called \u{201c}{}\u{201d}.", t.trim()));
                }
            }
        }
        out
    }

    /// The names of the runs: the teams, or "The room".
    pub fn team_names(&self) -> Vec<String> {
        match self.mode {
            Mode::RoomVote => vec!["The room".to_string()],
            Mode::TeamRounds => self.teams.iter().map(|t| t.trim().to_string()).collect(),
        }
    }
}
