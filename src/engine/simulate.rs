//! Monte Carlo playthroughs: a player who picks uniformly among the offered choices (and,
//! on timed decisions, sometimes lets the time run out), many times over, to show how often
//! each ending happens and how scores spread. Deterministic for a given seed.

use super::model::Scenario;
use super::run::{Run, draw_below};
use super::score::{Ranges, score};
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

/// The player's own random stream is separate from the run's, so that a playthrough's
/// branches are exactly what `rapport play` with the same seed and choices would draw.
const PLAYER_STREAM: u64 = 0x9e37_79b9_7f4a_7c15;

/// Plays `runs` random playthroughs. Run `i` uses seed `seed + i` for its branches.
pub fn simulate(s: &Scenario, ranges: &Ranges, runs: u64, seed: u64) -> Simulation {
    let mut endings: BTreeMap<String, u64> = s.endings.iter().map(|e| (e.id.clone(), 0)).collect();
    let mut outcomes: BTreeMap<String, u64> = ["success", "partial", "failure"]
        .iter()
        .map(|o| (o.to_string(), 0))
        .collect();
    let mut overall: Vec<u32> = Vec::with_capacity(runs.min(1 << 24) as usize);
    let mut skill_sums: BTreeMap<String, (f64, u64)> = BTreeMap::new();
    let mut unfinished = 0;
    for i in 0..runs {
        let run_seed = seed.wrapping_add(i);
        let Some(run) = playthrough(s, run_seed) else {
            unfinished += 1;
            continue;
        };
        let Some(ending) = run.ending.as_deref() else {
            unfinished += 1;
            continue;
        };
        *endings.entry(ending.to_string()).or_insert(0) += 1;
        if let Some(e) = s.ending(ending) {
            *outcomes.entry(e.outcome.label().to_string()).or_insert(0) += 1;
        }
        let sc = score(s, &run, ranges);
        overall.push(sc.overall);
        for (k, v) in sc.skills {
            if let Some(v) = v {
                let e = skill_sums.entry(k).or_insert((0.0, 0));
                e.0 += f64::from(v);
                e.1 += 1;
            }
        }
    }
    overall.sort_unstable();
    let pick = |q: f64| -> u32 {
        if overall.is_empty() {
            0
        } else {
            overall[((overall.len() - 1) as f64 * q).round() as usize]
        }
    };
    let mut histogram = [0u64; 10];
    for &o in &overall {
        histogram[(o as usize / 10).min(9)] += 1;
    }
    let mean = if overall.is_empty() {
        0.0
    } else {
        overall.iter().map(|&o| f64::from(o)).sum::<f64>() / overall.len() as f64
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
        skills: skill_sums
            .into_iter()
            .map(|(k, (sum, n))| (k, sum / n as f64))
            .collect(),
    }
}

/// One random playthrough; `None` if the scenario gets stuck.
fn playthrough(s: &Scenario, seed: u64) -> Option<Run> {
    let (mut run, _) = Run::start(s, seed).ok()?;
    let mut k = 0u64;
    while !run.is_over() {
        let options = run.options(s);
        let timed = run.timer(s).is_some();
        // A timed decision counts letting the time run out as one more option.
        let n = options.len() as u64 + u64::from(timed);
        if n == 0 {
            return None;
        }
        let pick = draw_below(seed ^ PLAYER_STREAM, k, n) as usize;
        k += 1;
        let step = if pick < options.len() {
            let id = options[pick].id.clone();
            run.choose(s, &id, 0)
        } else {
            run.timeout(s, 0)
        };
        step.ok()?;
        if k > 100_000 {
            return None;
        }
    }
    Some(run)
}
