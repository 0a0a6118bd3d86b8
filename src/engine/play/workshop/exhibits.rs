//! Opening a scene's exhibit on the projector: recorded in the run of the team whose turn it
//! is (the room's, in a room vote), like a solo player's opening (`Run::read`), so `verify`
//! replays it and the report lists it. An opening may offer a new option (a choice gated on
//! `Read`): the votes in hand follow their options.

use super::{Workshop, WorkshopError};
use crate::engine::model::Exhibit;
use crate::engine::story::Story;

impl Workshop {
    /// The exhibits the current scene offers (in the scene's order); none once every run has
    /// ended.
    pub fn exhibits<'s>(&self, s: &'s Story) -> Vec<&'s Exhibit> {
        if self.is_over() {
            return Vec::new();
        }
        self.team().run.exhibits(s)
    }

    /// Opens exhibit `id` of the current scene for the team whose turn it is. The first
    /// opening is recorded in its run (`Run::read`); opening it again changes nothing. Returns
    /// whether this was the first time. Votes already entered stay with their options, and an
    /// option the opening offers starts with none; timers are not touched.
    pub fn read(&mut self, s: &Story, id: &str) -> Result<bool, WorkshopError> {
        self.active()?;
        let before = self.options(s);
        let first = self.teams[self.turn].run.read(s, id)?;
        if first {
            let after = self.options(s);
            let old = std::mem::take(&mut self.current.votes);
            self.current.votes = after
                .iter()
                .map(|c| {
                    before
                        .iter()
                        .position(|b| b == c)
                        .and_then(|k| old.get(k).copied())
                        .unwrap_or(0)
                })
                .collect();
        }
        Ok(first)
    }
}
