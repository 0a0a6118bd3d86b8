//! Turning points in the report: the engine's judgement of a run's decisions
//! (`engine::turning`) with names and texts, and the sentences every format and the game's
//! debriefs print, so they all say the same thing.

use super::{Ctx, PathStep, ReportError, outcome_label};
use crate::engine::analyze::DEFAULT_STATE_BUDGET;
use crate::engine::model::Outcome;
use crate::engine::run::Run;
use crate::engine::turning::{self, turning_points};
use serde::Serialize;

/// A run's turning points: where the best ending or score still reachable fell. "Still
/// reachable" means choosing well from there on with the luck this run had (chance the run
/// never met counted at its worst); see `engine::turning`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turning {
    /// False when a search exceeded the state budget: those values are upper bounds.
    pub exact: bool,
    /// Every decision, by number: the best still reachable before and after it.
    pub decisions: Vec<DecisionReach>,
    /// The turning points, in the order played.
    pub points: Vec<TurningPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionReach {
    pub number: usize,
    /// False: `before` and `after` are upper bounds.
    pub exact: bool,
    /// `None` when no complete path could be counted from there.
    pub before: Option<Reach>,
    pub after: Option<Reach>,
}

/// The best still reachable: an ending's outcome and a score, each the best on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// Serialised as its label: `success`, `partial` or `failure`.
    #[serde(serialize_with = "outcome_label")]
    pub outcome: Outcome,
    /// 0–100, on the report's scale.
    pub score: u32,
}

/// What fell at a turning point: serialised as `outcome` or `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fell {
    /// The best ending still reachable got worse.
    Outcome,
    /// Only the best score still reachable.
    Score,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurningPoint {
    /// The decision's number (1-based).
    pub number: usize,
    pub node: String,
    pub choice_id: String,
    pub choice_text: String,
    pub fell: Fell,
    /// False: the values are upper bounds, and the fall is not proven.
    pub exact: bool,
    pub before: Reach,
    pub after: Reach,
    /// The option that would have kept what fell.
    pub keep_id: String,
    pub keep_text: String,
    /// That option is letting the timer run out.
    pub keep_timeout: bool,
    /// What that option still reaches.
    pub keep_reach: Reach,
    /// The ending its best path reaches (title) and the path, starting with the option.
    pub keep_ending: Option<String>,
    pub keep_path: Vec<PathStep>,
    /// Per skill, points from this decision on along that path and along the best path
    /// after the choice made; only skills where they differ.
    pub skills: Vec<SkillDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillDiff {
    pub skill: String,
    pub skill_name: String,
    pub keep: i64,
    pub chosen: i64,
}

impl Reach {
    fn of(r: turning::Reach) -> Reach {
        Reach {
            outcome: r.outcome,
            score: r.score,
        }
    }
    /// "success, 100/100".
    pub fn label(&self) -> String {
        format!("{}, {}/100", self.outcome.label(), self.score)
    }
}

impl Turning {
    /// The decision's best still reachable, by number.
    pub fn at(&self, number: usize) -> Option<&DecisionReach> {
        self.decisions.iter().find(|d| d.number == number)
    }
    /// One sentence on what "still reachable" means, for a section's introduction.
    pub fn meaning(&self) -> &'static str {
        if self.exact {
            "The best still reachable assumes good choices from each point on, with the luck \
             this run had (chance it never met counted at its worst)."
        } else {
            "The best still reachable assumes good choices from each point on, with the luck \
             this run had (chance it never met counted at its worst). Some values are upper \
             bounds: the search was cut short, so those falls are not proven."
        }
    }
    /// What to say when there is no turning point.
    pub fn none(&self) -> &'static str {
        "None: every decision kept the best ending and score that were still within reach."
    }
}

impl TurningPoint {
    /// What fell, in one sentence.
    pub fn what_fell(&self) -> String {
        let bound = if self.exact { "" } else { "at most " };
        match self.fell {
            Fell::Outcome => format!(
                "Before this choice {bound}a {} ending was still within reach ({bound}{}/100); after it, {bound}{} ({}/100).",
                self.before.outcome.label(),
                self.before.score,
                self.after.outcome.label(),
                self.after.score
            ),
            Fell::Score => format!(
                "The best score still within reach fell from {bound}{}/100 to {bound}{}/100.",
                self.before.score, self.after.score
            ),
        }
    }

    /// The option that would have kept it and what its best path reaches, in one sentence.
    pub fn instead(&self) -> String {
        let option = if self.keep_timeout {
            format!("Letting the timer run out (\u{201c}{}\u{201d})", self.keep_text)
        } else {
            format!("\u{201c}{}\u{201d}", self.keep_text)
        };
        let (what, detail) = match self.fell {
            Fell::Outcome => (
                format!("a {} ending", self.keep_reach.outcome.label()),
                format!("{}/100", self.keep_reach.score),
            ),
            Fell::Score => (
                format!("{}/100", self.keep_reach.score),
                self.keep_reach.outcome.label().to_string(),
            ),
        };
        match &self.keep_ending {
            Some(e) => format!(
                "{option} would have kept {what}: its best path ends in \u{201c}{e}\u{201d} ({detail})."
            ),
            None => format!("{option} would have kept {what}."),
        }
    }

    /// The skill points that differ, in one sentence (`None` when none does).
    pub fn skills_line(&self) -> Option<String> {
        if self.skills.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .skills
            .iter()
            .map(|d| format!("{} {} vs {}", d.skill_name, signed(d.keep), signed(d.chosen)))
            .collect();
        Some(format!(
            "Skill points from here, that path vs the best after your choice: {}.",
            parts.join("; ")
        ))
    }
}

/// `+2`, `0`, `-1`.
fn signed(v: i64) -> String {
    if v == 0 { "0".into() } else { format!("{v:+}") }
}

impl Ctx<'_> {
    /// The run's turning points (the run replays: `run` was checked before).
    pub(super) fn turning(&self, run: &Run) -> Result<Turning, ReportError> {
        let t = turning_points(self.s, run, &self.analysis.ranges, DEFAULT_STATE_BUDGET)
            .map_err(ReportError::Replay)?;
        let mut points = Vec::new();
        for (d, turn) in t.turns() {
            let (Some(before), Some(after)) = (d.before, d.after) else {
                continue;
            };
            points.push(TurningPoint {
                number: d.number,
                node: d.node.clone(),
                choice_id: d.choice.clone(),
                // Texts filled in from where the run ended (placeholders in options are rare).
                choice_text: self.text(&d.choice, &run.state),
                fell: match turn.fell {
                    turning::Fell::Outcome => Fell::Outcome,
                    turning::Fell::Score => Fell::Score,
                },
                exact: d.exact,
                before: Reach::of(before),
                after: Reach::of(after),
                keep_id: turn.keep.clone(),
                keep_text: self.text(&turn.keep, &run.state),
                keep_timeout: turn.keep_timeout,
                keep_reach: Reach::of(turn.reach),
                keep_ending: self.s.ending(&turn.path.ending).map(|e| e.title.clone()),
                keep_path: turn
                    .path
                    .choices
                    .iter()
                    .map(|c| self.step(c))
                    .collect::<Result<_, _>>()?,
                skills: turn
                    .skills
                    .iter()
                    .map(|k| SkillDiff {
                        skill: k.skill.clone(),
                        skill_name: self.skill_name(&k.skill),
                        keep: k.keep,
                        chosen: k.chosen,
                    })
                    .collect(),
            });
        }
        Ok(Turning {
            exact: t.exact,
            decisions: t
                .decisions
                .iter()
                .map(|d| DecisionReach {
                    number: d.number,
                    exact: d.exact,
                    before: d.before.map(Reach::of),
                    after: d.after.map(Reach::of),
                })
                .collect(),
            points,
        })
    }
}
