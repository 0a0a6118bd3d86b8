//! A what-if beside the run it branches from: the option taken at the branching decision,
//! the two endings and outcomes, the overall and per-skill scores side by side. Scored as
//! reports score (the scenario's ranges from `analyze`). `rapport play --from` prints it;
//! the game's debrief draws it.

use super::{Ctx, EndingInfo, PathStep, ReportError, ScenarioInfo};
use crate::engine::Story;
use crate::engine::analyze::Analysis;
use crate::engine::model::SkillFramework;
use crate::engine::replay::{ReplayError, replay_exact};
use crate::engine::run::Run;
use crate::engine::score::{Band, points, score};
use crate::engine::whatif::{WhatIf, played_on};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub scenario: ScenarioInfo,
    pub seed: u64,
    /// The decision (1-based) where the what-if took another option.
    pub at: usize,
    pub original: Side,
    pub what_if: Side,
    /// Per assessed skill, in the scenario's order.
    pub skills: Vec<SkillPair>,
}

/// One of the two runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The option taken at the branching decision.
    pub choice_id: String,
    pub choice_text: String,
    /// `None` while the run has not ended.
    pub ending: Option<EndingInfo>,
    pub overall: u32,
    pub band: Band,
    /// Every choice taken, in order.
    pub path: Vec<PathStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillPair {
    pub skill: String,
    pub skill_name: String,
    /// 0–100; `None` when no path can move the skill.
    pub original: Option<u32>,
    pub what_if: Option<u32>,
    /// Raw evidence points of each run.
    pub original_points: i64,
    pub what_if_points: i64,
}

impl Comparison {
    /// `run` (a what-if, finished or not) beside `what_if.of`. Fails when the original does not
    /// replay on `s` or `run` does not share its seed and its decisions before `what_if.at`.
    pub fn build(
        s: &Story,
        analysis: &Analysis,
        skills: Option<&SkillFramework>,
        what_if: &WhatIf,
        run: &Run,
    ) -> Result<Comparison, ReportError> {
        let of: &Run = &what_if.of;
        for r in [of, run] {
            played_on(s, r).map_err(ReportError::WhatIf)?;
        }
        replay_exact(s, of.seed, of, |_| {}).map_err(ReportError::Replay)?;
        let before = what_if.at.saturating_sub(1);
        if run.seed != of.seed
            || what_if.at == 0
            || run.decisions.len() < what_if.at
            || of.decisions.len() < what_if.at
            || run.decisions[..before] != of.decisions[..before]
        {
            return Err(ReportError::Replay(ReplayError::Diverged));
        }
        let cx = Ctx { s, analysis, skills };
        let side = |r: &Run| -> Result<Side, ReportError> {
            let taken = &r.decisions[before].choice;
            let sc = score(s, r, &analysis.ranges);
            Ok(Side {
                choice_id: taken.to_string(),
                // Filled in from where the run ended (the state at the decision is not kept).
                choice_text: cx.text(taken, &r.state),
                ending: r.ending.as_deref().and_then(|e| s.ending(e)).map(|e| {
                    let shown = crate::engine::text::debrief(s, e, &r.state);
                    EndingInfo {
                        id: e.id.clone(),
                        title: e.title.clone(),
                        outcome: e.outcome,
                        debrief: shown.debrief,
                        strong_leader: shown.strong_leader,
                    }
                }),
                overall: sc.overall,
                band: sc.band,
                path: r
                    .decisions
                    .iter()
                    .map(|d| cx.step(&d.choice))
                    .collect::<Result<_, _>>()?,
            })
        };
        let (a, b) = (score(s, of, &analysis.ranges), score(s, run, &analysis.ranges));
        let (pa, pb) = (points(s, of), points(s, run));
        Ok(Comparison {
            scenario: ScenarioInfo {
                id: s.id.clone(),
                version: s.version,
                title: s.title.clone(),
                role: s.role.clone(),
            },
            seed: of.seed,
            at: what_if.at,
            original: side(of)?,
            what_if: side(run)?,
            skills: s
                .assesses
                .iter()
                .map(|(id, _)| SkillPair {
                    skill: id.clone(),
                    skill_name: cx.skill_name(id),
                    original: a.skills.get(id).copied().flatten(),
                    what_if: b.skills.get(id).copied().flatten(),
                    original_points: pa.get(id).copied().unwrap_or(0),
                    what_if_points: pb.get(id).copied().unwrap_or(0),
                })
                .collect(),
        })
    }

    /// The comparison as plain text for a terminal: the branching decision, both endings,
    /// then the scores in two columns.
    pub fn render_text(&self) -> String {
        let ending = |s: &Side| {
            s.ending.as_ref().map_or_else(
                || "not reached yet".to_string(),
                |e| format!("{} ({})", e.title, e.outcome.label()),
            )
        };
        let score = |v: Option<u32>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
        let mut rows: Vec<(String, String, String)> = vec![(
            "Overall".into(),
            format!("{} ({})", self.original.overall, self.original.band.label()),
            format!("{} ({})", self.what_if.overall, self.what_if.band.label()),
        )];
        rows.extend(
            self.skills
                .iter()
                .map(|k| (k.skill_name.clone(), score(k.original), score(k.what_if))),
        );
        let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0).max(8);
        let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0).max(8);
        let mut out = format!(
            "== What if: at decision {} (seed {}) ==\nYour run took: {}\nThe what-if took: {}\n\nYour run ended: {}\nThe what-if ended: {}\n\n",
            self.at,
            self.seed,
            self.original.choice_text,
            self.what_if.choice_text,
            ending(&self.original),
            ending(&self.what_if)
        );
        out.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", "", "Your run", "What if"));
        for (k, a, b) in rows {
            out.push_str(&format!("{k:<w0$}  {a:<w1$}  {b}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze::analyze;
    use crate::engine::whatif::what_if;

    #[test]
    fn the_what_if_is_scored_beside_its_original() {
        // ask_usage then deal_hold scores 5 - 4 = 1 weighted point (54 on -6..7: failure);
        // pooling instead scores 5 + 2 = 7 (100: success). Negotiation: 1 against 1 + 2 = 3.
        let s = crate::engine::tests::example();
        let a = analyze(&s, 10_000);
        let (mut of, _) = Run::start(&s, 3).unwrap();
        of.choose(&s, "ask_usage", 0).unwrap();
        of.choose(&s, "deal_hold", 0).unwrap();
        let (run, w) = what_if(&s, &of, 2, "deal_share", 0).unwrap();
        let c = Comparison::build(&s, &a, None, &w, &run).unwrap();
        assert_eq!((c.at, c.seed), (2, 3));
        assert_eq!((c.original.overall, c.what_if.overall), (54, 100));
        assert_eq!(c.original.ending.as_ref().unwrap().id, "overruled");
        assert_eq!(c.what_if.ending.as_ref().unwrap().id, "agreed");
        assert_eq!(
            (c.original.choice_id.as_str(), c.what_if.choice_id.as_str()),
            ("deal_hold", "deal_share")
        );
        let n = &c.skills[1];
        assert_eq!(
            (n.skill.as_str(), n.original_points, n.what_if_points),
            ("negotiation", 1, 3)
        );
        let text = c.render_text();
        assert!(
            text.starts_with("== What if: at decision 2 (seed 3) ==\n"),
            "{text}"
        );
        assert!(
            text.contains("Overall          54 (competent)  100 (exemplary)\n"),
            "{text}"
        );
        // A what-if whose earlier decisions differ from the original's is refused.
        let mut other = run.clone();
        other.decisions[0].at_ms = 1;
        assert!(Comparison::build(&s, &a, None, &w, &other).is_err());
    }
}
