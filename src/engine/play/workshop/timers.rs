//! Session time: the facilitator's discussion timer, the decision's countdown, and what
//! happens when time passes ([`Workshop::tick`]).

use super::{EXTEND_MS, Scenes, Workshop, WorkshopError};
use crate::engine::story::Story;
use serde::{Deserialize, Serialize};

/// The facilitator's discussion timer for the decision in hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discussion {
    /// Not started yet (`left_ms` is what it will run for).
    Ready {
        left_ms: u64,
    },
    Running {
        left_ms: u64,
    },
    Stopped {
        left_ms: u64,
    },
    /// Ran to zero.
    Over,
}

impl Discussion {
    pub fn left_ms(self) -> u64 {
        match self {
            Discussion::Ready { left_ms }
            | Discussion::Running { left_ms }
            | Discussion::Stopped { left_ms } => left_ms,
            Discussion::Over => 0,
        }
    }
}

impl Workshop {
    /// Starts the discussion timer, or stops it if it is running, or restarts a stopped one.
    pub fn toggle_discussion(&mut self) -> Result<(), WorkshopError> {
        self.active()?;
        self.current.discussion = match self.current.discussion {
            Discussion::Ready { left_ms } | Discussion::Stopped { left_ms } => {
                Discussion::Running { left_ms }
            }
            Discussion::Running { left_ms } => Discussion::Stopped { left_ms },
            Discussion::Over => Discussion::Running { left_ms: EXTEND_MS },
        };
        Ok(())
    }

    /// Adds a minute to the discussion timer (a finished one runs again for a minute).
    pub fn extend_discussion(&mut self) -> Result<(), WorkshopError> {
        self.active()?;
        self.current.discussion = match self.current.discussion {
            Discussion::Ready { left_ms } => Discussion::Ready {
                left_ms: left_ms + EXTEND_MS,
            },
            Discussion::Running { left_ms } => Discussion::Running {
                left_ms: left_ms + EXTEND_MS,
            },
            Discussion::Stopped { left_ms } => Discussion::Stopped {
                left_ms: left_ms + EXTEND_MS,
            },
            Discussion::Over => Discussion::Running { left_ms: EXTEND_MS },
        };
        Ok(())
    }

    /// view has shown the whole scene). Returns the scenes entered if the countdown ran out.
    pub fn tick(
        &mut self,
        s: &Story,
        ms: u64,
        countdown_runs: bool,
    ) -> Result<Option<Scenes>, WorkshopError> {
        if self.paused || self.is_over() {
            return Ok(None);
        }
        self.elapsed_ms += ms;
        if let Discussion::Running { left_ms } = self.current.discussion {
            self.current.discussion = match left_ms.checked_sub(ms) {
                Some(l) if l > 0 => Discussion::Running { left_ms: l },
                _ => Discussion::Over,
            };
        }
        if countdown_runs && let Some(left) = self.current.countdown_ms {
            let left = left.saturating_sub(ms);
            self.current.countdown_ms = Some(left);
            if left == 0 {
                return self.time_out(s).map(Some);
            }
        }
        Ok(None)
    }
}
