//! What has been said so far in a run, revealed line by line: the solo runner keeps one,
//! a workshop keeps one per team. Rebuilt exactly by replaying a run's decisions.
//!
//! It is kept by the runner, not built by a listener to its messages: the runner itself
//! needs it in the same step (a choice waits until its scene is fully shown, and the reveal
//! setting applies to a scene as it is entered), and a listener would see several decisions
//! in one frame as separate lists of scenes and decisions, their order lost. `queue` and
//! `decided` are what playing and replaying both call, so the two cannot drift.

use crate::engine::Story;
use crate::engine::model::Beat;
use crate::engine::replay::{ReplayError, ReplayEvent, replay_exact};
use crate::engine::run::{Entered, Run};
use std::collections::VecDeque;

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Narration(String),
    Speech { who: String, text: String },
    Chose { text: String, timed_out: bool },
    Coach(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transcript {
    /// Lines shown so far, oldest first.
    pub shown: Vec<Line>,
    /// Lines of the current scene not yet shown.
    pub pending: VecDeque<Line>,
    /// Index in `shown` where the current scene starts.
    pub scene_start: usize,
}

impl Transcript {
    /// Queues the visible beats of the nodes just entered.
    pub fn queue(&mut self, s: &Story, entered: &[Entered]) {
        for e in entered {
            let node = s.at(e.id);
            for i in &e.beats {
                let text = e.text(node, i).to_string();
                self.pending.push_back(match &node.beats[i] {
                    Beat::Narrate { .. } => Line::Narration(text),
                    Beat::Say { who, .. } => Line::Speech {
                        who: who.clone(),
                        text,
                    },
                });
            }
        }
    }

    /// After the run's latest decision: the choice (and its coaching), then the new scene.
    pub fn decided(&mut self, s: &Story, run: &Run, coach: bool, entered: &[Entered]) {
        self.reveal_all();
        self.scene_start = self.shown.len();
        if let Some(d) = run.decisions.last()
            && let Some((_, c)) = s.choice(&d.choice)
        {
            self.shown.push(Line::Chose {
                // Filled in from the state after the choice (its placeholders rarely name
                // what the choice itself changes).
                text: crate::engine::text::interpolate(s, &run.state, &c.text).into_owned(),
                timed_out: d.timed_out,
            });
            if coach && !c.coach.trim().is_empty() {
                self.shown.push(Line::Coach(c.coach.clone()));
            }
        }
        self.queue(s, entered);
    }

    /// The current scene is fully shown.
    pub fn scene_done(&self) -> bool {
        self.pending.is_empty()
    }

    /// The lines of the current scene shown so far.
    pub fn scene(&self) -> &[Line] {
        &self.shown[self.scene_start.min(self.shown.len())..]
    }

    pub fn reveal_next(&mut self) -> bool {
        match self.pending.pop_front() {
            Some(l) => {
                self.shown.push(l);
                true
            }
            None => false,
        }
    }

    pub fn reveal_all(&mut self) {
        while self.reveal_next() {}
    }

    /// Replays `target`'s decisions from its seed, rebuilding the transcript (everything
    /// shown), and checks the replay lands on exactly `target`.
    pub fn replay(s: &Story, target: &Run, coach: bool) -> Result<Transcript, String> {
        let mut t = Transcript::default();
        replay_exact(s, target.seed, target, |e| match e {
            ReplayEvent::Started { entered, .. } => t.queue(s, entered),
            ReplayEvent::Decided { run, entered, .. } => t.decided(s, run, coach, entered),
            ReplayEvent::Offered { .. } | ReplayEvent::Read { .. } => {}
        })
        .map_err(|e| match e {
            ReplayError::Decision { choice, error, .. } => format!("replaying `{choice}`: {error}"),
            e => e.to_string(),
        })?;
        t.reveal_all();
        Ok(t)
    }
}
