//! Scoring: evidence points along a run's path, normalised per dimension against the
//! lowest and highest totals the scenario allows, an overall weighted score, and bands.

use crate::engine::model::{Choice, Scenario};
use crate::engine::run::Run;
use crate::engine::story::Story;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The lowest and highest totals a scenario allows: overall (weighted) and per skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranges {
    pub overall: Range,
    pub skills: BTreeMap<String, Range>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: i64,
    pub max: i64,
}

impl Range {
    /// `value` placed on a 0–100 scale between `min` and `max` (rounded), or `None`
    /// when no path can move it.
    pub fn normalise(self, value: i64) -> Option<u32> {
        if self.max <= self.min {
            return None;
        }
        let v = value.clamp(self.min, self.max) - self.min;
        let span = self.max - self.min;
        Some(((v as f64 * 100.0 / span as f64).round()) as u32)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Developing,
    Competent,
    Strong,
    Exemplary,
}

impl Band {
    pub fn of(score: u32) -> Band {
        match score {
            0..50 => Band::Developing,
            50..70 => Band::Competent,
            70..85 => Band::Strong,
            _ => Band::Exemplary,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Band::Developing => "developing",
            Band::Competent => "competent",
            Band::Strong => "strong",
            Band::Exemplary => "exemplary",
        }
    }
}

/// A run's scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub overall: u32,
    pub band: Band,
    /// Raw evidence points per skill on the path taken.
    pub points: BTreeMap<String, i64>,
    /// 0–100 per assessed skill; `None` where no path can move the skill.
    pub skills: BTreeMap<String, Option<u32>>,
}

/// Raw points per skill along the run's decisions and the exhibits it opened (every skill
/// scored, assessed or not).
pub fn points(s: &Story, run: &Run) -> BTreeMap<String, i64> {
    let mut out: BTreeMap<String, i64> = s.assesses.iter().map(|(k, _)| (k.clone(), 0)).collect();
    for d in &run.decisions {
        if let Some((_, c)) = s.choice(&d.choice) {
            for e in &c.skills {
                *out.entry(e.skill.clone()).or_insert(0) += i64::from(e.points);
            }
        }
    }
    for r in &run.reads {
        if let Some(x) = s.exhibit(&r.exhibit) {
            for (skill, p) in &x.evidence {
                *out.entry(skill.clone()).or_insert(0) += i64::from(*p);
            }
        }
    }
    out
}

/// The weighted overall total of raw points (assessed skills only).
pub fn weighted(s: &Scenario, points: &BTreeMap<String, i64>) -> i64 {
    s.assesses
        .iter()
        .map(|(k, w)| points.get(k).copied().unwrap_or(0) * i64::from(*w))
        .sum()
}

/// One choice's evidence points weighted by the scenario's weights (assessed skills only): how
/// much the choice moves the overall score, for comparing options and ranking decisions.
pub fn choice_weighted(s: &Scenario, c: &Choice) -> i64 {
    c.skills
        .iter()
        .map(|e| {
            let w = s
                .assesses
                .iter()
                .find(|(k, _)| *k == e.skill)
                .map_or(0, |(_, w)| *w);
            i64::from(e.points) * i64::from(w)
        })
        .sum()
}

/// Scores a run against the scenario's ranges (from `analyze`).
pub fn score(s: &Story, run: &Run, ranges: &Ranges) -> Scores {
    let points = points(s, run);
    let overall = ranges.overall.normalise(weighted(s, &points)).unwrap_or(100);
    let skills = s
        .assesses
        .iter()
        .map(|(k, _)| {
            let p = points.get(k).copied().unwrap_or(0);
            let n = ranges.skills.get(k).and_then(|r| r.normalise(p));
            (k.clone(), n)
        })
        .collect();
    Scores {
        overall,
        band: Band::of(overall),
        points,
        skills,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_between_min_and_max() {
        let r = Range { min: -6, max: 10 };
        assert_eq!(r.normalise(-6), Some(0));
        assert_eq!(r.normalise(10), Some(100));
        assert_eq!(r.normalise(2), Some(50));
        assert_eq!(r.normalise(99), Some(100));
        assert_eq!(Range { min: 3, max: 3 }.normalise(3), None);
    }

    #[test]
    fn bands_have_the_documented_edges() {
        assert_eq!(Band::of(0), Band::Developing);
        assert_eq!(Band::of(49), Band::Developing);
        assert_eq!(Band::of(50), Band::Competent);
        assert_eq!(Band::of(69), Band::Competent);
        assert_eq!(Band::of(70), Band::Strong);
        assert_eq!(Band::of(84), Band::Strong);
        assert_eq!(Band::of(85), Band::Exemplary);
        assert_eq!(Band::of(100), Band::Exemplary);
    }
}
