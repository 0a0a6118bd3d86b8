//! The library's bar, measured: for one scenario, the share of decisions that are free
//! answers, how many options on the best path cost something, its exhibits, contested
//! decisions, difficulty, region and skills. `rapport analyze --library` prints it and
//! `tests/library.rs` holds the library to it.

use super::analyze::Analysis;
use crate::engine::check::lints::free_answer;
use crate::engine::model::{Difficulty, Region, Scenario, Then};
use serde::Serialize;

/// What the bar measures of one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measured {
    pub id: String,
    pub difficulty: Difficulty,
    pub region: Region,
    /// Decisions with two or more options offered as buttons.
    pub decisions: usize,
    /// Of those, the ones where one option scores and costs nothing (`free-answer`).
    pub free_answers: usize,
    /// Choices on the best path (exhibits opened are not counted).
    pub best_choices: usize,
    /// Of those, the ones that cost something visible (`Choice::costs`).
    pub costly_best: usize,
    pub exhibits: usize,
    /// Decisions the facilitation notes argue both ways.
    pub contested: usize,
    /// The skills it assesses.
    pub skills: Vec<String>,
}

impl Measured {
    /// Free answers as a share of decisions, in percent (0 for a scenario without decisions).
    pub fn free_share(&self) -> u32 {
        (self.free_answers * 100).checked_div(self.decisions).unwrap_or(0) as u32
    }
}

/// Measures `s`, whose analysis is `a`.
pub fn measure(s: &Scenario, a: &Analysis) -> Measured {
    let mut decisions = 0;
    let mut free_answers = 0;
    for n in &s.nodes {
        let Then::Choices(cs) = &n.then else { continue };
        if cs.iter().filter(|c| !c.timeout_only).count() >= 2 {
            decisions += 1;
            free_answers += usize::from(free_answer(cs).is_some());
        }
    }
    let choice = |id: &str| {
        s.nodes.iter().find_map(|n| match &n.then {
            Then::Choices(cs) => cs.iter().find(|c| c.id == id),
            _ => None,
        })
    };
    let best: Vec<_> = a.best.choices.iter().filter_map(|id| choice(id)).collect();
    Measured {
        id: s.id.clone(),
        difficulty: s.difficulty,
        region: s.region,
        decisions,
        free_answers,
        best_choices: best.len(),
        costly_best: best.iter().filter(|c| c.costs()).count(),
        exhibits: s.exhibits.len(),
        contested: s.facilitation.as_ref().map_or(0, |f| f.contested.len()),
        skills: s.assesses.iter().map(|(k, _)| k.clone()).collect(),
    }
}
