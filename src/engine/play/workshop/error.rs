//! Why an action on a workshop session was refused, in words for the facilitator.

use crate::engine::run::RunError;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkshopError {
    Setup(Vec<String>),
    Run(RunError),
    /// The session is paused; only resuming (and notes) work.
    Paused,
    Finished,
    NoSuchOption(usize),
    /// Votes are still hidden: reveal them first.
    NotRevealed,
    /// Votes are a room-vote thing.
    NotARoomVote,
    /// The tied options the facilitator must choose between.
    Tie(Vec<usize>),
    /// Taking a non-majority option needs an override with a reason.
    NeedsOverride,
    EmptyReason,
    /// An override of the option the room already chose.
    NotAnOverride,
    /// The scenario is not the one the session was set up with.
    WrongScenario(String),
}

impl fmt::Display for WorkshopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkshopError::Setup(p) => write!(f, "{}", p.join(" ")),
            WorkshopError::Run(e) => write!(f, "{e}"),
            WorkshopError::Paused => write!(f, "the session is paused; resume it first"),
            WorkshopError::Finished => write!(f, "every run has ended"),
            WorkshopError::NoSuchOption(n) => write!(f, "there is no option {}", n + 1),
            WorkshopError::NotRevealed => write!(f, "reveal the votes first"),
            WorkshopError::NotARoomVote => write!(f, "only a room vote has votes"),
            WorkshopError::Tie(t) => {
                let t: Vec<String> = t.iter().map(|i| (i + 1).to_string()).collect();
                write!(f, "options {} are tied; pick one of them", t.join(" and "))
            }
            WorkshopError::NeedsOverride => {
                write!(
                    f,
                    "that is not the room's choice; override it with a reason instead"
                )
            }
            WorkshopError::EmptyReason => write!(f, "an override needs a reason"),
            WorkshopError::NotAnOverride => {
                write!(f, "that is the room's choice already; take it with Enter")
            }
            WorkshopError::WrongScenario(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for WorkshopError {}

impl From<RunError> for WorkshopError {
    fn from(e: RunError) -> Self {
        WorkshopError::Run(e)
    }
}
