//! Turning points: for every decision of a run, the best ending and the best score still
//! reachable just before it and just after it; the decisions where that fell, each with the
//! option that would have kept it and why.
//!
//! **What "still reachable" means.** The player chooses as well as possible from here on,
//! and chance is fixed as this run had it: at a random node the run passed, the branch it
//! drew there (when that branch is open; if it passed the node more than once, the worst for
//! the player of the branches it drew); at a random node the run never reached, the worst
//! open branch for the player. Nothing promises luck the run did not have, and the run's own
//! path is one of the paths counted, so (on a scenario without loops) the best reachable
//! before the first decision is at least what the run got, falls only at decisions, and after
//! the last decision is exactly what the run got: the turning points account for the whole
//! gap. The best outcome (success > partial > failure) and the best score are each the best
//! on its own: the best score may lie on a path to a lesser ending. Options that return to a
//! state already on the path are left out, as in `analyze`.
//!
//! Computed exactly by the search `analyze` runs (the state space and its solver), started
//! from the run's own position at each decision. Where that search exceeds the state
//! budget, the values are upper bounds on the node graph (every condition taken as true,
//! chance at its best) and say so: `exact: false`, never a claim.

mod search;
#[cfg(test)]
mod tests;

use crate::engine::analyze::Path;
use crate::engine::compiled::{Compiled, arm_ids};
use crate::engine::model::Outcome;
use crate::engine::replay::{ReplayError, ReplayEvent, replay};
use crate::engine::run::{Run, RunError};
use crate::engine::score::Ranges;
use crate::engine::state::State;
use crate::engine::story::Story;
use search::{Tree, Value};

/// At most this many decisions whose only loss is score are turning points (the largest
/// drops); every decision that lost an ending is one.
pub const MAX_SCORE_TURNS: usize = 3;

/// The best still reachable: an ending's outcome and an overall score, each the best on its
/// own (see the module's semantics). Upper bounds when the decision is not `exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub outcome: Outcome,
    /// Weighted evidence points of the whole run: so far, and the best still to come.
    pub points: i64,
    /// `points` on the report's 0–100 scale (`Range::normalise`, as `score::score`).
    pub score: u32,
}

/// One option at a decision and the best it still reaches (`None`: no complete path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionReach {
    pub choice: String,
    /// Letting the timer run out (the timeout choice is not offered as a button).
    pub timeout: bool,
    pub reach: Option<Reach>,
}

/// One decision of the run, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// 1-based.
    pub number: usize,
    pub node: String,
    pub choice: String,
    /// False when the search exceeded the state budget: the values are upper bounds.
    pub exact: bool,
    /// The best still reachable just before the choice (the best of its options).
    pub before: Option<Reach>,
    /// The best still reachable just after it.
    pub after: Option<Reach>,
    /// The options offered, in display order, then the timeout if it is not among them.
    pub options: Vec<OptionReach>,
    /// Set when this decision is a turning point.
    pub turn: Option<Turn>,
}

/// What fell at a turning point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fell {
    /// The best reachable ending's outcome (e.g. success no longer possible).
    Outcome,
    /// Only the best reachable score.
    Score,
}

/// A turning point: what fell, and the option that would have kept it, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub fell: Fell,
    /// The first option that keeps the best reachable (the outcome, or the score).
    pub keep: String,
    pub keep_timeout: bool,
    /// What that option still reaches.
    pub reach: Reach,
    /// That option's best path from this decision on (by outcome first for `Fell::Outcome`,
    /// by score for `Fell::Score`): its choices starting with the option, the branches
    /// counted, the ending, and the weighted points from this decision on.
    pub path: Path,
    /// Per skill, the points from this decision on along that path and along the best path
    /// after the option chosen; only skills where they differ.
    pub skills: Vec<SkillDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillDiff {
    pub skill: String,
    pub keep: i64,
    pub chosen: i64,
}

/// A run's decisions judged by what was still reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turning {
    /// Every decision's values are exact (no search exceeded the budget).
    pub exact: bool,
    /// One per decision of the run, in order.
    pub decisions: Vec<Judged>,
}

impl Turning {
    /// The turning points, in the order played.
    pub fn turns(&self) -> impl Iterator<Item = (&Judged, &Turn)> {
        self.decisions
            .iter()
            .filter_map(|d| d.turn.as_ref().map(|t| (d, t)))
    }
}

/// An outcome's rank: success 2, partial 1, failure 0.
fn rank(o: Outcome) -> u8 {
    match o {
        Outcome::Success => 2,
        Outcome::Partial => 1,
        Outcome::Failure => 0,
    }
}

fn outcome(rank: u8) -> Outcome {
    match rank {
        2 => Outcome::Success,
        1 => Outcome::Partial,
        _ => Outcome::Failure,
    }
}

/// The run at one decision: its node, its item values, the arm taken, the options offered
/// (arms) and the weighted points so far.
struct Position {
    node: u32,
    vals: Vec<i64>,
    arm: u32,
    offered: Vec<u32>,
    so_far: i64,
}

/// An option at a decision: its arm, whether it is the timeout, and the state it leads to
/// with the value through it (its own points added; `None`: no complete path).
type Through = (u32, bool, Option<(u32, Value)>);

/// What a story and a run give every judgement.
struct Cx<'a> {
    s: &'a Story,
    c: &'a Compiled,
    ids: Vec<&'a str>,
    ranges: &'a Ranges,
}

/// Judges every decision of `run` (finished or not) on `s`: the best still reachable before
/// and after each, and the turning points. `ranges` score as reports do (`analyze`'s);
/// `budget` bounds each search as `analyze`'s does. Fails only if the run does not replay.
pub fn turning_points(s: &Story, run: &Run, ranges: &Ranges, budget: usize) -> Result<Turning, ReplayError> {
    let c = Compiled::new(s);
    let cx = Cx {
        s,
        c: &c,
        ids: arm_ids(s),
        ranges,
    };
    let (positions, drawn) = positions(&cx, run)?;
    let ranks: Vec<u8> = s.endings.iter().map(|e| rank(e.outcome)).collect();
    let mut judged: Vec<Option<Judged>> = vec![None; positions.len()];
    let roots: Vec<(u32, &[i64])> = positions.iter().map(|p| (p.node, &p.vals[..])).collect();
    // One search from the first decision covers every later one on a graph without cycles.
    if let Ok((tree, ids, acyclic)) = search::exact(&c, &ranks, &drawn, budget, &roots) {
        for (k, p) in positions.iter().enumerate() {
            if (k == 0 || acyclic) && tree.value(ids[k]).is_some() {
                judged[k] = Some(cx.judge(&tree, ids[k], p, k, true));
            }
        }
    }
    // The rest each from its own position, last first: once one exceeds the budget, the
    // earlier ones (with more ahead of them) are bounds.
    let mut over = false;
    for k in (0..positions.len()).rev() {
        if judged[k].is_some() {
            continue;
        }
        let p = &positions[k];
        if !over {
            match search::exact(&c, &ranks, &drawn, budget, &roots[k..=k]) {
                Ok((tree, ids, _)) => {
                    judged[k] = Some(cx.judge(&tree, ids[0], p, k, true));
                    continue;
                }
                Err(_) => over = true,
            }
        }
        judged[k] = search::bounds(&c, &ranks, p.node).map(|tree| cx.judge(&tree, p.node, p, k, false));
    }
    let mut decisions: Vec<Judged> = judged
        .into_iter()
        .enumerate()
        .map(|(k, j)| j.unwrap_or_else(|| cx.unjudged(&positions[k], k)))
        .collect();
    keep_largest_score_drops(&mut decisions);
    Ok(Turning {
        exact: decisions.iter().all(|d| d.exact),
        decisions,
    })
}

/// Only the `MAX_SCORE_TURNS` largest score-only drops stay turning points (the earlier
/// among equals).
fn keep_largest_score_drops(decisions: &mut [Judged]) {
    let drop = |d: &Judged| match (d.before, d.after) {
        (Some(b), Some(a)) => b.points - a.points,
        _ => 0,
    };
    let mut score: Vec<usize> = (0..decisions.len())
        .filter(|&k| decisions[k].turn.as_ref().is_some_and(|t| t.fell == Fell::Score))
        .collect();
    score.sort_by_key(|&k| std::cmp::Reverse(drop(&decisions[k])));
    for &k in score.iter().skip(MAX_SCORE_TURNS) {
        decisions[k].turn = None;
    }
}

/// The run's position at each decision (replayed from its seed), and which branches it drew
/// (by arm).
fn positions(cx: &Cx, run: &Run) -> Result<(Vec<Position>, Vec<bool>), ReplayError> {
    let (s, c) = (cx.s, cx.c);
    let mut seen: Vec<(String, State, Vec<String>)> = Vec::new();
    let replayed = replay(s, run.seed, &run.decisions, &run.reads, |e| {
        // Where each decision waited, after any exhibits opened there.
        if let ReplayEvent::Offered { offered, run, .. } = e {
            let ids = offered.iter().map(|c| c.id.clone()).collect();
            seen.push((run.node.clone(), run.state.clone(), ids));
        }
    })?;
    let arm = |node: &str, id: &str| -> Option<(u32, u32)> {
        let n = s.node_id(node)?.index();
        let cn = &c.nodes[n];
        let j = cx.ids[cn.arms.range()].iter().position(|a| *a == id)?;
        Some((n as u32, cn.arms.start + j as u32))
    };
    let mut drawn = vec![false; c.arms.len()];
    for r in &replayed.rolls {
        if let Some((_, a)) = arm(&r.node, &r.branch) {
            drawn[a as usize] = true;
        }
    }
    let mut out = Vec::with_capacity(seen.len());
    let mut so_far = 0;
    for (index, ((node, state, offered), d)) in seen.into_iter().zip(&run.decisions).enumerate() {
        let unknown = |given: &str| ReplayError::Decision {
            index,
            choice: d.choice.to_string(),
            error: RunError::UnknownChoice {
                given: given.to_string(),
                valid: Vec::new(),
            },
        };
        let (n, a) = arm(&node, &d.choice).ok_or_else(|| unknown(&d.choice))?;
        let offered = offered
            .iter()
            .map(|id| arm(&node, id).map(|(_, a)| a).ok_or_else(|| unknown(id)))
            .collect::<Result<_, _>>()?;
        out.push(Position {
            node: n,
            vals: c.values_of(&state),
            arm: a,
            offered,
            so_far,
        });
        so_far += c.arm_pts(a as usize)[0];
    }
    Ok((out, drawn))
}

impl Cx<'_> {
    fn reach(&self, rank: u8, points: i64) -> Reach {
        Reach {
            outcome: outcome(rank),
            points,
            score: self.ranges.overall.normalise(points).unwrap_or(100),
        }
    }

    /// Decision `k` at state `st` of `tree`: every option's best, before, after, the turn.
    fn judge(&self, tree: &Tree, st: u32, p: &Position, k: usize, exact: bool) -> Judged {
        let c = self.c;
        let mut arms: Vec<(u32, bool)> = p.offered.iter().map(|&a| (a, false)).collect();
        if let Some(t) = c.nodes[p.node as usize].timeout
            && !p.offered.contains(&t)
        {
            arms.push((t, true));
        }
        // Each option's edge and its value through it (its own points added).
        let through: Vec<Through> = arms
            .iter()
            .map(|&(a, timeout)| {
                let pts = c.arm_pts(a as usize)[0];
                let v = tree.edge(st, a).and_then(|e| {
                    tree.value(e.child).map(|mut v| {
                        v.lex.1 += pts;
                        v.total += pts;
                        (e.child, v)
                    })
                });
                (a, timeout, v)
            })
            .collect();
        let reach_of = |v: &Value| self.reach(v.lex.0, p.so_far + v.total);
        // The first option with the best outcome (by `lex`) and the first with the best score.
        let best = |key: fn(&Value) -> (u8, i64)| {
            through
                .iter()
                .filter_map(|(a, t, v)| v.map(|(child, v)| (*a, *t, child, v)))
                .rev()
                .max_by_key(|(_, _, _, v)| key(v))
        };
        let by_lex = best(|v| v.lex);
        let by_total = best(|v| (0, v.total));
        let before = by_lex
            .zip(by_total)
            .map(|(l, t)| self.reach(l.3.lex.0, p.so_far + t.3.total));
        let chosen = through.iter().find(|(a, _, _)| *a == p.arm).and_then(|x| x.2);
        let after = chosen.map(|(_, v)| reach_of(&v));
        let turn = match (before, after, chosen) {
            (Some(b), Some(a), Some(chosen)) => {
                let fell = if b.outcome != a.outcome {
                    Some((Fell::Outcome, by_lex, true))
                } else if b.points > a.points {
                    Some((Fell::Score, by_total, false))
                } else {
                    None
                };
                fell.and_then(|(fell, keep, lex)| {
                    let (arm, timeout, child, v) = keep?;
                    Some(self.turn(
                        tree,
                        fell,
                        (arm, timeout, child, v),
                        (p.arm, chosen.0),
                        lex,
                        p.so_far,
                    ))
                })
            }
            _ => None,
        };
        Judged {
            number: k + 1,
            node: self.s.nodes[p.node as usize].id.clone(),
            choice: self.ids[p.arm as usize].to_string(),
            exact,
            before,
            after,
            options: through
                .iter()
                .map(|(a, timeout, v)| OptionReach {
                    choice: self.ids[*a as usize].to_string(),
                    timeout: *timeout,
                    reach: v.map(|(_, v)| reach_of(&v)),
                })
                .collect(),
            turn,
        }
    }

    /// The turn at a decision: the kept option's path and the skills that differ from the
    /// best path after the option chosen (`chosen`: its arm and the state it leads to).
    fn turn(
        &self,
        tree: &Tree,
        fell: Fell,
        (arm, timeout, child, v): (u32, bool, u32, Value),
        chosen: (u32, u32),
        lex: bool,
        so_far: i64,
    ) -> Turn {
        let c = self.c;
        let line = |arm: u32, child: u32| {
            let (mut arms, ending) = tree.follow(c, child, lex);
            arms.insert(0, arm);
            (arms, ending)
        };
        let (keep_arms, ending) = line(arm, child);
        let chosen_arms = line(chosen.0, chosen.1).0;
        let sum = |arms: &[u32], m: usize| arms.iter().map(|&a| c.arm_pts(a as usize)[m]).sum::<i64>();
        let mut path = Path {
            ending: ending
                .and_then(|e| self.s.endings.get(e as usize))
                .map_or_else(String::new, |e| e.id.clone()),
            total: sum(&keep_arms, 0),
            ..Path::default()
        };
        for &a in &keep_arms {
            let id = self.ids[a as usize].to_string();
            if c.arms[a as usize].weight > 0 {
                path.branches.push(id);
            } else {
                path.choices.push(id);
            }
        }
        let skills = c
            .skills
            .iter()
            .enumerate()
            .map(|(k, skill)| SkillDiff {
                skill: skill.clone(),
                keep: sum(&keep_arms, k + 1),
                chosen: sum(&chosen_arms, k + 1),
            })
            .filter(|d| d.keep != d.chosen)
            .collect();
        Turn {
            fell,
            keep: self.ids[arm as usize].to_string(),
            keep_timeout: timeout,
            reach: self.reach(v.lex.0, so_far + v.total),
            path,
            skills,
        }
    }

    /// A decision nothing could be said about (no search could run).
    fn unjudged(&self, p: &Position, k: usize) -> Judged {
        Judged {
            number: k + 1,
            node: self.s.nodes[p.node as usize].id.clone(),
            choice: self.ids[p.arm as usize].to_string(),
            exact: false,
            before: None,
            after: None,
            options: Vec::new(),
            turn: None,
        }
    }
}
