//! The room's votes: entering and revealing them, where they stand ([`Lead`], the one tie
//! rule), what the facilitator's Enter does with them, and whether a vote split the room.

use super::{Decide, MAX_VOTES, Mode, Scenes, Workshop, WorkshopError};
use crate::engine::story::Story;

/// Where the room's votes stand: one option ahead, or several level at the top (every option
/// when nobody has voted yet). The one tie rule; `decide`, the game and the view all read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lead {
    /// Option n has more votes than any other.
    Majority(usize),
    /// These options share the most votes (in display order).
    Tied(Vec<usize>),
}

impl Lead {
    /// Where `votes` (per option, display order) stand.
    pub fn of(votes: &[u32]) -> Lead {
        match leaders(votes).as_slice() {
            [one] => Lead::Majority(*one),
            many => Lead::Tied(many.to_vec()),
        }
    }

    /// The options in the lead: the majority, or every tied one.
    pub fn leaders(&self) -> &[usize] {
        match self {
            Lead::Majority(n) => std::slice::from_ref(n),
            Lead::Tied(tied) => tied,
        }
    }

    /// Whether option n is in the lead.
    pub fn includes(&self, n: usize) -> bool {
        self.leaders().contains(&n)
    }
}

/// What the facilitator's Enter does at the decision in hand, with option `cursor` highlighted
/// ([`Workshop::on_enter`]): the game carries it out, the view labels its button with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnEnter {
    /// Team rounds: take option n as the team's choice.
    TeamChoice(usize),
    /// Room vote: take option n, the room's majority.
    Majority(usize),
    /// Room vote: break the tie with the highlighted option n, one of the tied.
    BreakTie(usize),
    /// Room vote: the vote is tied and the highlighted option is not one of these; nothing
    /// happens until one of them is highlighted.
    PickATied(Vec<usize>),
}

impl Workshop {
    /// Sets option n's vote count.
    pub fn set_votes(&mut self, n: usize, count: u32) -> Result<(), WorkshopError> {
        self.room_vote()?;
        let v = self
            .current
            .votes
            .get_mut(n)
            .ok_or(WorkshopError::NoSuchOption(n))?;
        *v = count.min(MAX_VOTES);
        Ok(())
    }

    /// Adds `delta` (may be negative) to option n's votes, never below zero.
    pub fn add_votes(&mut self, n: usize, delta: i64) -> Result<(), WorkshopError> {
        let now = i64::from(*self.current.votes.get(n).ok_or(WorkshopError::NoSuchOption(n))?);
        self.set_votes(n, (now + delta).clamp(0, i64::from(MAX_VOTES)) as u32)
    }

    /// Shows the votes (they stay hidden until the facilitator reveals them).
    pub fn reveal(&mut self) -> Result<(), WorkshopError> {
        self.room_vote()?;
        self.current.revealed = true;
        Ok(())
    }

    /// The options with the most votes (all of them when nobody has voted).
    pub fn leaders(&self) -> Vec<usize> {
        leaders(&self.current.votes)
    }

    /// Where the room's votes on the decision in hand stand.
    pub fn lead(&self) -> Lead {
        Lead::of(&self.current.votes)
    }

    /// What Enter does with option `cursor` highlighted (see [`OnEnter`]).
    pub fn on_enter(&self, cursor: usize) -> OnEnter {
        if self.setup.mode == Mode::TeamRounds {
            return OnEnter::TeamChoice(cursor);
        }
        match self.lead() {
            Lead::Majority(n) => OnEnter::Majority(n),
            Lead::Tied(tied) if tied.contains(&cursor) => OnEnter::BreakTie(cursor),
            Lead::Tied(tied) => OnEnter::PickATied(tied),
        }
    }

    /// Enter with option `cursor` highlighted: the team's choice, the room's majority, or the
    /// tie broken with the highlighted option. A tie with another option highlighted is
    /// refused with the tied options ([`WorkshopError::Tie`]).
    pub fn enter(&mut self, s: &Story, cursor: usize) -> Result<Scenes, WorkshopError> {
        let how = match self.on_enter(cursor) {
            OnEnter::TeamChoice(n) | OnEnter::BreakTie(n) => Decide::Pick(n),
            OnEnter::Majority(_) => Decide::Majority,
            OnEnter::PickATied(tied) => {
                self.room_vote()?;
                return Err(if self.current.revealed {
                    WorkshopError::Tie(tied)
                } else {
                    WorkshopError::NotRevealed
                });
            }
        };
        self.decide(s, how)
    }
}

/// Indices of the largest counts (every index when all are zero or the list is empty).
pub fn leaders(votes: &[u32]) -> Vec<usize> {
    let top = votes.iter().copied().max().unwrap_or(0);
    (0..votes.len()).filter(|&i| votes[i] == top).collect()
}

/// Whether a vote split the room: the runner-up had at least a third as many votes as the
/// leader and at least 20% of the votes cast.
pub fn split(votes: &[u32]) -> bool {
    let total: u32 = votes.iter().sum();
    let mut sorted = votes.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    match sorted.as_slice() {
        [first, second, ..] if total > 0 && *second > 0 => *second * 3 >= *first && *second * 5 >= total,
        _ => false,
    }
}
