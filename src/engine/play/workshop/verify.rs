//! Checking a loaded session against its scenario: format, scenario and version, and every
//! team's run replayed from the seed through its log to exactly the saved run.

use super::{Logged, WORKSHOP_FORMAT, Workshop};
use crate::engine::replay::{ReplayError, replay_exact};
use crate::engine::run::RunError;
use crate::engine::story::Story;

impl Workshop {
    /// run replays from the seed through its logged decisions to exactly the saved run.
    pub fn verify(&self, s: &Story) -> Result<(), VerifyError> {
        if self.format != WORKSHOP_FORMAT {
            return Err(VerifyError::Format(self.format));
        }
        if self.setup.scenario != s.id || self.setup.version != s.version {
            return Err(VerifyError::Scenario {
                scenario: self.setup.scenario.clone(),
                version: self.setup.version,
                library: s.version,
            });
        }
        if self.teams.is_empty() || self.turn >= self.teams.len() {
            return Err(VerifyError::NoTurn);
        }
        for (i, t) in self.teams.iter().enumerate() {
            let team = || t.name.clone();
            let logged: Vec<&Logged> = self.team_log(i).collect();
            if logged.len() != t.run.decisions.len() {
                return Err(VerifyError::LogLength { team: team() });
            }
            for (d, l) in t.run.decisions.iter().zip(logged) {
                if d.choice != l.chosen || d.node != l.node {
                    return Err(VerifyError::LogDisagrees {
                        team: team(),
                        node: d.node.to_string(),
                    });
                }
            }
            replay_exact(s, self.setup.seed, &t.run, |_| {}).map_err(|e| match e {
                ReplayError::Start(e) => VerifyError::Start(e),
                ReplayError::Decision { choice, error, .. } => VerifyError::Replay {
                    team: team(),
                    choice,
                    error,
                },
                ReplayError::Read { exhibit, error, .. } => VerifyError::Replay {
                    team: team(),
                    choice: format!("read:{exhibit}"),
                    error,
                },
                ReplayError::Diverged => VerifyError::Diverged { team: team() },
            })?;
        }
        if !self.is_over() && self.current.votes.len() != self.options(s).len() {
            return Err(VerifyError::Votes);
        }
        Ok(())
    }
}

/// Why a saved session cannot be used with a scenario ([`Workshop::verify`]); says what is
/// wrong with "it", the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("it was saved in format {0}, this version reads {WORKSHOP_FORMAT}")]
    Format(u32),
    #[error("it is for `{scenario}` version {version}, and the library has version {library}")]
    Scenario {
        scenario: String,
        version: u32,
        library: u32,
    },
    #[error("it has no team whose turn it is")]
    NoTurn,
    #[error("{team}'s log and run disagree")]
    LogLength { team: String },
    #[error("{team}'s log and run disagree at `{node}`")]
    LogDisagrees { team: String, node: String },
    /// A run cannot even start.
    #[error("{0}")]
    Start(RunError),
    #[error("replaying {team}'s `{choice}`: {error}")]
    Replay {
        team: String,
        choice: String,
        error: RunError,
    },
    #[error("replaying {team}'s decisions does not lead to the same place")]
    Diverged { team: String },
    #[error("the votes in hand do not match the options offered")]
    Votes,
}
