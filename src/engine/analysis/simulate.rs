//! Monte Carlo playthroughs: a player who picks uniformly among the offered choices (and,
//! on timed decisions, sometimes lets the time run out), many times over, to show how often
//! each ending happens and how scores spread. Deterministic for a given seed.
//!
//! Playthroughs run on the compiled scenario (`compiled::Compiled`: flat integer items,
//! effects and conditions) rather than through `run::Run`, which keeps string-keyed maps and
//! a history; the result is the same. The scenario's random branches read the run's ChaCha8
//! stream word by word in order, which is exactly what `run::draw_below(seed, draw, bound)`
//! gives for draws 0, 1, 2, …; the player's picks come from a second ChaCha8 stream. Scores
//! are those of `score::score`, computed from points summed per metric.

use crate::engine::compiled::{Compiled, Kind};
use crate::engine::model::Scenario;
use crate::engine::play::name::Name;
use crate::engine::run::Roll;
use crate::engine::score::{Range, Ranges};
use crate::engine::step::{Flow, Walk, follow};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;

/// What many random playthroughs produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    pub runs: u64,
    pub seed: u64,
    /// Runs that could not finish (stuck or runaway); should be 0 for a valid scenario.
    pub unfinished: u64,
    /// Ending id → number of runs that reached it (every ending listed, zeros included).
    pub endings: BTreeMap<String, u64>,
    /// `success` / `partial` / `failure` → number of runs.
    pub outcomes: BTreeMap<String, u64>,
    /// Overall score 0–100: mean and percentiles.
    pub overall: Spread,
    /// Runs per overall-score decile: `[0–9, 10–19, …, 90–100]`.
    pub histogram: [u64; 10],
    /// Mean 0–100 score per assessed skill (skills no path can move are left out).
    pub skills: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub p10: u32,
    pub median: u32,
    pub p90: u32,
}

/// One random playthrough in full, for checking the fast path against `run::Run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playthrough {
    /// The choices taken, in order, each with whether the timer ran out.
    pub decisions: Vec<(String, bool)>,
    /// The exhibits opened, as `Run` records them (each with the decisions taken before it).
    pub reads: Vec<crate::engine::run::Reading>,
    /// The random branches taken, as `Run` records them.
    pub rolls: Vec<Roll>,
    pub ending: String,
    /// Raw points per skill: every assessed skill and every skill any choice scores.
    pub points: BTreeMap<String, i64>,
    /// The overall score 0–100, as `score::score` gives it.
    pub overall: u32,
    /// 0–100 per assessed skill, as `score::score` gives it.
    pub skills: BTreeMap<String, Option<u32>>,
}

/// The player's own random stream is separate from the run's, so that a playthrough's
/// branches are exactly what `rapport play` with the same seed and choices would draw.
const PLAYER_STREAM: u64 = 0x9e37_79b9_7f4a_7c15;
/// A playthrough making more decisions than this is given up as unfinished.
const MAX_DECISIONS: u64 = 100_000;

/// A number in `0..bound` from one 64-bit word, scaled exactly as `run::draw_below` does.
fn scale(x: u64, bound: u64) -> u64 {
    ((u128::from(x) * u128::from(bound)) >> 64) as u64
}

/// `Range::normalise` read from a table over the range, built once per simulation.
struct Normaliser {
    range: Range,
    /// The score of each value from `range.min` to `range.max`; empty when the range is too
    /// wide for a table (then computed) or empty (no score).
    table: Vec<u32>,
}

impl Normaliser {
    const MAX_TABLE: i64 = 1 << 16;

    fn new(range: Range) -> Self {
        let span = range.max.saturating_sub(range.min);
        let table = if range.max > range.min && span < Self::MAX_TABLE {
            (range.min..=range.max)
                .filter_map(|v| range.normalise(v))
                .collect()
        } else {
            Vec::new()
        };
        Normaliser { range, table }
    }

    fn get(&self, value: i64) -> Option<u32> {
        if self.table.is_empty() {
            return self.range.normalise(value);
        }
        let v = value.clamp(self.range.min, self.range.max) - self.range.min;
        Some(self.table[v as usize])
    }
}

/// What a playthrough reports as it goes; `()` ignores everything.
trait Trace {
    fn choice(&mut self, _arm: u32, _timed_out: bool) {}
    fn roll(&mut self, _node: u32, _arm: u32, _draw: u64) {}
}

impl Trace for () {}

#[derive(Default)]
struct Recorder {
    choices: Vec<(u32, bool)>,
    rolls: Vec<(u32, u32, u64)>,
}

impl Trace for Recorder {
    fn choice(&mut self, arm: u32, timed_out: bool) {
        self.choices.push((arm, timed_out));
    }
    fn roll(&mut self, node: u32, arm: u32, draw: u64) {
        self.rolls.push((node, arm, draw));
    }
}

/// A scenario ready for many fast playthroughs.
pub struct Simulator<'a> {
    /// The scenario with reading exhibits as choices (`exhibits::expand`).
    s: std::borrow::Cow<'a, Scenario>,
    c: Compiled,
    /// Every arm's scenario id (choice, branch or `read:<exhibit>`), for traces.
    arm_ids: Vec<Box<str>>,
    /// Assessed skills (each once, sorted) with their metric column.
    assessed: Vec<(&'a str, usize)>,
}

/// Per-playthrough working memory, reused between playthroughs.
struct Scratch {
    vals: Vec<i64>,
    pts: Vec<i64>,
    offered: Vec<u32>,
    weights: Vec<u64>,
}

/// The run's own random stream: draw `k` is the `k`th 64-bit word of ChaCha8 seeded with
/// `seed`, the same number `run::draw_below(seed, k, _)` scales. Seeded on the first draw.
struct Dice {
    seed: u64,
    rng: Option<ChaCha8Rng>,
    draws: u64,
}

impl Dice {
    /// A number in `0..bound` from the next draw.
    #[inline]
    fn draw(&mut self, bound: u64) -> u64 {
        let seed = self.seed;
        let x = self
            .rng
            .get_or_insert_with(|| ChaCha8Rng::seed_from_u64(seed))
            .next_u64();
        self.draws += 1;
        scale(x, bound)
    }
}

impl<'a> Simulator<'a> {
    pub fn new(s: &'a Scenario) -> Self {
        let expanded = crate::engine::analysis::exhibits::expand(s);
        let c = Compiled::new(&expanded);
        let arm_ids = crate::engine::compiled::arm_ids(&expanded)
            .into_iter()
            .map(Box::from)
            .collect();
        let mut assessed: Vec<(&str, usize)> = s
            .assesses
            .iter()
            .map(|(k, _)| {
                let col = c
                    .skills
                    .iter()
                    .position(|x| x == k)
                    .expect("assessed skills are metrics");
                (k.as_str(), col + 1)
            })
            .collect();
        assessed.sort_unstable();
        assessed.dedup();
        Simulator {
            s: expanded,
            c,
            arm_ids,
            assessed,
        }
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            vals: self.c.initial.clone(),
            pts: vec![0; self.c.metrics()],
            offered: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Enters node `target` and follows gotos and random branches until a decision or an
    /// ending, by the rule `Run` follows (`step::follow`); `None` where `Run` would fail
    /// (stuck, runaway, missing target).
    fn enter(
        &self,
        target: u32,
        scratch: &mut Scratch,
        dice: &mut Dice,
        trace: &mut impl Trace,
    ) -> Option<u32> {
        let mut walk = Walking {
            c: &self.c,
            vals: &mut scratch.vals,
            weights: &mut scratch.weights,
            all: false,
            dice,
            trace,
        };
        follow(&mut walk, Some(target)).ok()
    }

    /// One random playthrough with run seed `seed`; returns the ending's index, with the
    /// points per metric left in `scratch.pts`. `None` if the scenario gets stuck.
    fn play(&self, seed: u64, scratch: &mut Scratch, trace: &mut impl Trace) -> Option<u32> {
        let c = &self.c;
        scratch.vals.copy_from_slice(&c.initial);
        scratch.pts.fill(0);
        let mut dice = Dice {
            seed,
            rng: None,
            draws: 0,
        };
        let mut player = ChaCha8Rng::seed_from_u64(seed ^ PLAYER_STREAM);
        let mut node = self.enter(c.start?, scratch, &mut dice, trace)?;
        let mut decisions = 0u64;
        loop {
            let n = &c.nodes[node as usize];
            if let Kind::End(e) = n.kind {
                return e;
            }
            let Scratch {
                vals, pts, offered, ..
            } = scratch;
            let options = if n.unconditional {
                n.arms.len as usize
            } else {
                offered.clear();
                offered.extend(
                    n.arms
                        .range()
                        .filter(|&a| !c.arms[a].timeout_only && c.allows(&c.arms[a], vals))
                        .map(|a| a as u32),
                );
                offered.len()
            };
            // A timed decision counts letting the time run out as one more option.
            if options == 0 && !n.timed {
                return None;
            }
            let pick = scale(player.next_u64(), options as u64 + u64::from(n.timed)) as usize;
            let (arm, timed_out) = if pick >= options {
                (n.timeout?, true)
            } else if n.unconditional {
                (n.arms.start + pick as u32, false)
            } else {
                (offered[pick], false)
            };
            trace.choice(arm, timed_out);
            let a = &c.arms[arm as usize];
            c.take(arm as usize, vals);
            for (p, q) in pts.iter_mut().zip(c.arm_pts(arm as usize)) {
                *p += q;
            }
            node = self.enter(a.next?, scratch, &mut dice, trace)?;
            decisions += 1;
            if decisions > MAX_DECISIONS {
                return None;
            }
        }
    }

    /// A normaliser for each assessed skill (in `assessed` order).
    fn skill_ranges(&self, ranges: &Ranges) -> Vec<Option<Normaliser>> {
        self.assessed
            .iter()
            .map(|(k, _)| ranges.skills.get(*k).copied().map(Normaliser::new))
            .collect()
    }

    /// One random playthrough in full (what `simulate` does for run seed `seed`).
    pub fn trace(&self, ranges: &Ranges, seed: u64) -> Option<Playthrough> {
        let mut scratch = self.scratch();
        let mut rec = Recorder::default();
        let ending = self.play(seed, &mut scratch, &mut rec)?;
        let pts = &scratch.pts;
        let skills = self
            .assessed
            .iter()
            .zip(self.skill_ranges(ranges))
            .map(|(&(k, col), r)| (k.to_string(), r.and_then(|r| r.get(pts[col]))))
            .collect();
        let (mut decisions, mut reads) = (Vec::new(), Vec::new());
        for &(a, t) in &rec.choices {
            let id = &self.arm_ids[a as usize];
            match crate::engine::analysis::exhibits::exhibit_step(id) {
                Some(x) => reads.push(crate::engine::run::Reading {
                    exhibit: x.to_string(),
                    before: decisions.len(),
                }),
                None => decisions.push((id.to_string(), t)),
            }
        }
        Some(Playthrough {
            decisions,
            reads,
            rolls: rec
                .rolls
                .iter()
                .map(|&(n, a, draw)| Roll {
                    node: Name::from(self.s.nodes[n as usize].id.as_str()),
                    branch: Name::from(&*self.arm_ids[a as usize]),
                    draw,
                })
                .collect(),
            ending: self.s.endings[ending as usize].id.clone(),
            points: self
                .c
                .skills
                .iter()
                .zip(&scratch.pts[1..])
                .map(|(k, &p)| (k.clone(), p))
                .collect(),
            overall: ranges.overall.normalise(pts[0]).unwrap_or(100),
            skills,
        })
    }

    /// Plays `runs` random playthroughs. Run `i` uses seed `seed + i` for its branches.
    pub fn simulate(&self, ranges: &Ranges, runs: u64, seed: u64) -> Simulation {
        let s: &Scenario = &self.s;
        let mut scratch = self.scratch();
        let mut by_ending = vec![0u64; s.endings.len()];
        // Runs per overall score 0–100, and per assessed skill: (sum of scores, runs scored).
        let mut by_overall = [0u64; 101];
        let mut skill_sums = vec![(0u64, 0u64); self.assessed.len()];
        let skill_ranges = self.skill_ranges(ranges);
        let overall = Normaliser::new(ranges.overall);
        let mut unfinished = 0;
        for i in 0..runs {
            let Some(ending) = self.play(seed.wrapping_add(i), &mut scratch, &mut ()) else {
                unfinished += 1;
                continue;
            };
            by_ending[ending as usize] += 1;
            let pts = &scratch.pts;
            by_overall[overall.get(pts[0]).unwrap_or(100) as usize] += 1;
            for ((&(_, col), r), sum) in self.assessed.iter().zip(&skill_ranges).zip(&mut skill_sums) {
                if let Some(v) = r.as_ref().and_then(|r| r.get(pts[col])) {
                    sum.0 += u64::from(v);
                    sum.1 += 1;
                }
            }
        }
        let mut endings: BTreeMap<String, u64> = s.endings.iter().map(|e| (e.id.clone(), 0)).collect();
        let mut outcomes: BTreeMap<String, u64> = ["success", "partial", "failure"]
            .iter()
            .map(|o| (o.to_string(), 0))
            .collect();
        for (e, &n) in s.endings.iter().zip(&by_ending) {
            if n > 0 {
                *endings.entry(e.id.clone()).or_insert(0) += n;
                *outcomes.entry(e.outcome.label().to_string()).or_insert(0) += n;
            }
        }
        let finished: u64 = by_overall.iter().sum();
        // The score at 0-based rank `r` among the finished runs, in ascending order.
        let at_rank = |r: u64| -> u32 {
            let mut seen = 0;
            for (score, &n) in by_overall.iter().enumerate() {
                seen += n;
                if r < seen {
                    return score as u32;
                }
            }
            0
        };
        let pick = |q: f64| -> u32 {
            if finished == 0 {
                0
            } else {
                at_rank(((finished - 1) as f64 * q).round() as u64)
            }
        };
        let mut histogram = [0u64; 10];
        for (score, &n) in by_overall.iter().enumerate() {
            histogram[(score / 10).min(9)] += n;
        }
        let total: u64 = by_overall.iter().enumerate().map(|(o, &n)| o as u64 * n).sum();
        let mean = if finished == 0 {
            0.0
        } else {
            total as f64 / finished as f64
        };
        Simulation {
            runs,
            seed,
            unfinished,
            endings,
            outcomes,
            overall: Spread {
                mean,
                p10: pick(0.1),
                median: pick(0.5),
                p90: pick(0.9),
            },
            histogram,
            skills: self
                .assessed
                .iter()
                .zip(&skill_sums)
                .filter(|(_, (_, n))| *n > 0)
                .map(|((k, _), &(sum, n))| (k.to_string(), sum as f64 / n as f64))
                .collect(),
        }
    }
}

/// Plays `runs` random playthroughs. Run `i` uses seed `seed + i` for its branches.
pub fn simulate(s: &Scenario, ranges: &Ranges, runs: u64, seed: u64) -> Simulation {
    Simulator::new(s).simulate(ranges, runs, seed)
}

/// A playthrough walking the compiled story between decisions.
struct Walking<'w, T> {
    c: &'w Compiled,
    vals: &'w mut Vec<i64>,
    /// Open branches' weights at the random node in hand (unless `all`).
    weights: &'w mut Vec<u64>,
    /// Every branch of the random node in hand is open (no conditions): read their weights.
    all: bool,
    dice: &'w mut Dice,
    trace: &'w mut T,
}

impl<T: Trace> Walk for Walking<'_, T> {
    type Node = u32;
    type Target = Option<u32>;
    type Error = ();

    fn resolve(&self, target: Option<u32>) -> Option<u32> {
        target
    }
    fn enter(&mut self, n: u32) -> Result<Flow<Option<u32>>, ()> {
        self.c.enter(n as usize, self.vals);
        let node = &self.c.nodes[n as usize];
        Ok(match node.kind {
            Kind::Choices => Flow::Decide,
            Kind::End(_) => Flow::End,
            Kind::Goto(next) => Flow::Goto(next),
            Kind::Random => Flow::Random(node.arms.len as usize),
        })
    }
    /// Decisions are checked as they are played (`Simulator::play`).
    fn can_decide(&self, _: u32) -> bool {
        true
    }
    fn open(&mut self, n: u32) -> Result<u64, ()> {
        let (c, node) = (self.c, &self.c.nodes[n as usize]);
        self.all = node.unconditional;
        if self.all {
            return Ok(node.weight);
        }
        let arms = &c.arms[node.arms.range()];
        self.weights.clear();
        self.weights.extend(arms.iter().map(|a| {
            if a.weight > 0 && c.allows(a, self.vals) {
                u64::from(a.weight)
            } else {
                0
            }
        }));
        Ok(self.weights.iter().sum())
    }
    #[inline]
    fn weight(&self, n: u32, k: usize) -> u64 {
        if self.all {
            let node = &self.c.nodes[n as usize];
            u64::from(self.c.arms[node.arms.start as usize + k].weight)
        } else {
            self.weights[k]
        }
    }
    fn draw(&mut self, bound: u64) -> u64 {
        self.dice.draw(bound)
    }
    fn take(&mut self, n: u32, k: usize) -> Option<u32> {
        let arm = self.c.nodes[n as usize].arms.start + k as u32;
        self.trace.roll(n, arm, self.dice.draws - 1);
        self.c.take(arm as usize, self.vals);
        self.c.arms[arm as usize].next
    }
    fn missing(&self, _: Option<u32>) {}
    fn stuck(&self, _: u32) {}
    fn runaway(&self, _: Option<u32>) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::run::draw_below;

    #[test]
    fn dice_read_in_order_are_the_runs_draws() {
        // Past the ChaCha8 buffer's 32 draws too.
        for seed in [0, 1, 42, u64::MAX] {
            let mut dice = Dice {
                seed,
                rng: None,
                draws: 0,
            };
            for k in 0..100 {
                let bound = 1 + k % 7;
                assert_eq!(
                    dice.draw(bound),
                    draw_below(seed, k, bound),
                    "seed {seed}, draw {k}"
                );
                assert_eq!(dice.draws, k + 1);
            }
        }
    }
}
