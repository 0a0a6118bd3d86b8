//! Settling a decision: by majority, a broken tie, an override with a reason, a team's
//! choice or the countdown running out; and the log entry each one leaves.

use super::votes::Lead;
use super::{MAX_NOTE, Mode, Scenes, Workshop, WorkshopError};
use crate::engine::run::Entered;
use crate::engine::story::Story;
use serde::{Deserialize, Serialize};

/// How a decision was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settled {
    /// The room's clear majority.
    Majority,
    /// Options tied on votes (ids listed); the facilitator picked one of them.
    Tie { tied: Vec<String> },
    /// The facilitator took another option than the room's choice, for a reason.
    Override { majority: Vec<String>, reason: String },
    /// A team's decision, given to the facilitator (team rounds).
    TeamChoice,
    /// The countdown ran out: the scenario's timeout choice was taken.
    TimedOut,
}

impl Settled {
    /// How it was settled, without the details (what reports and views tell apart).
    pub fn kind(&self) -> SettledKind {
        match self {
            Settled::Majority => SettledKind::Majority,
            Settled::Tie { .. } => SettledKind::Tie,
            Settled::Override { .. } => SettledKind::Override,
            Settled::TeamChoice => SettledKind::TeamChoice,
            Settled::TimedOut => SettledKind::TimedOut,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }
}

/// The kinds of [`Settled`], without their details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettledKind {
    Majority,
    Tie,
    Override,
    TeamChoice,
    TimedOut,
}

impl SettledKind {
    /// In words, as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            SettledKind::Majority => "majority",
            SettledKind::Tie => "tie broken by the facilitator",
            SettledKind::Override => "facilitator override",
            SettledKind::TeamChoice => "team's choice",
            SettledKind::TimedOut => "time ran out",
        }
    }
}

/// One settled decision, with everything the report needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub team: usize,
    pub node: String,
    /// The options offered, in display order (choice ids).
    pub options: Vec<String>,
    /// Votes per option (empty when nobody voted: team rounds).
    pub votes: Vec<u32>,
    pub chosen: String,
    pub settled: Settled,
    pub note: String,
    /// Session time when it was settled, in milliseconds.
    pub at_ms: u64,
}

/// What the facilitator asks for at a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decide {
    /// Take the room's majority (room vote, once revealed, with one leader).
    Majority,
    /// Take option n: a team's choice, or breaking a tie between the leaders.
    Pick(usize),
    /// Take option n against the room's majority, for a reason.
    Override(usize, String),
}

impl Workshop {
    /// The countdown ran out: the scenario's timeout choice is taken, votes so far recorded.
    pub fn time_out(&mut self, s: &Story) -> Result<Scenes, WorkshopError> {
        self.active()?;
        let turn = self.turn;
        let options = self.options(s);
        let node = self.team().run.node.clone();
        let entered = self.teams[turn].run.timeout(s, self.elapsed_ms)?;
        let chosen = self.teams[turn]
            .run
            .decisions
            .last()
            .map(|d| d.choice.to_string())
            .unwrap_or_default();
        Ok(self.settle(s, turn, node, options, chosen, Settled::TimedOut, entered))
    }

    /// Settles the decision in hand and moves to the next team's turn.
    pub fn decide(&mut self, s: &Story, how: Decide) -> Result<Scenes, WorkshopError> {
        self.active()?;
        let options = self.options(s);
        let pick = |n: usize| -> Result<String, WorkshopError> {
            options.get(n).cloned().ok_or(WorkshopError::NoSuchOption(n))
        };
        let ids = |ns: &[usize]| {
            ns.iter()
                .filter_map(|&i| options.get(i).cloned())
                .collect::<Vec<_>>()
        };
        let (chosen, settled) = match (self.setup.mode, how) {
            (Mode::TeamRounds, Decide::Pick(n)) => (pick(n)?, Settled::TeamChoice),
            (Mode::TeamRounds, _) => return Err(WorkshopError::NotARoomVote),
            (Mode::RoomVote, how) => {
                if !self.current.revealed {
                    return Err(WorkshopError::NotRevealed);
                }
                let lead = self.lead();
                match (how, &lead) {
                    (Decide::Majority, Lead::Majority(m)) => (pick(*m)?, Settled::Majority),
                    (Decide::Majority, Lead::Tied(tied)) => return Err(WorkshopError::Tie(tied.clone())),
                    (Decide::Pick(n), Lead::Majority(m)) if n == *m => (pick(n)?, Settled::Majority),
                    (Decide::Pick(n), Lead::Tied(tied)) if tied.contains(&n) => {
                        (pick(n)?, Settled::Tie { tied: ids(tied) })
                    }
                    (Decide::Pick(n), _) => {
                        pick(n)?;
                        return Err(WorkshopError::NeedsOverride);
                    }
                    (Decide::Override(n, _), Lead::Majority(m)) if n == *m => {
                        return Err(WorkshopError::NotAnOverride);
                    }
                    (Decide::Override(n, reason), _) => {
                        let reason = reason.trim();
                        if reason.is_empty() {
                            return Err(WorkshopError::EmptyReason);
                        }
                        (
                            pick(n)?,
                            Settled::Override {
                                majority: ids(lead.leaders()),
                                reason: reason.chars().take(MAX_NOTE).collect(),
                            },
                        )
                    }
                }
            }
        };
        let turn = self.turn;
        let node = self.team().run.node.clone();
        let entered = self.teams[turn].run.choose(s, &chosen, self.elapsed_ms)?;
        Ok(self.settle(s, turn, node, options, chosen, settled, entered))
    }

    #[allow(clippy::too_many_arguments)]
    fn settle(
        &mut self,
        s: &Story,
        team: usize,
        node: String,
        options: Vec<String>,
        chosen: String,
        settled: Settled,
        entered: Vec<Entered>,
    ) -> Scenes {
        let votes = match self.setup.mode {
            Mode::RoomVote => std::mem::take(&mut self.current.votes),
            Mode::TeamRounds => Vec::new(),
        };
        self.log.push(Logged {
            team,
            node,
            options,
            votes,
            chosen,
            settled,
            note: std::mem::take(&mut self.current.note),
            at_ms: self.elapsed_ms,
        });
        self.turn = self.next_turn_from(team + 1).unwrap_or(team);
        self.arm(s);
        vec![(team, entered)]
    }
}
