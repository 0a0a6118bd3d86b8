//! The record of a finished (or saved) run: what reports, saves and `play --format json` show.

use crate::engine::run::Run;
use crate::engine::score::{Band, Ranges, score};
use crate::engine::story::Story;
use crate::engine::whatif::WhatIf;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    pub scenario: String,
    pub version: u32,
    pub seed: u64,
    /// Choice ids in the order taken.
    pub choices: Vec<String>,
    pub ending: Option<String>,
    /// `success`, `partial` or `failure`, once ended.
    pub outcome: Option<String>,
    pub scores: RecordScores,
    /// The full run state, so a saved run can be resumed or replayed exactly.
    pub run: Run,
    /// Set when the run is a what-if of another (absent from records that are not, so their
    /// files are unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_if: Option<WhatIf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordScores {
    pub overall: u32,
    pub band: Band,
    pub skills: BTreeMap<String, Option<u32>>,
}

impl RunRecord {
    pub fn of(s: &Story, run: &Run, ranges: &Ranges) -> Self {
        let sc = score(s, run, ranges);
        let ending = run.ending.clone();
        RunRecord {
            scenario: s.id.clone(),
            version: s.version,
            seed: run.seed,
            choices: run.decisions.iter().map(|d| d.choice.to_string()).collect(),
            outcome: ending
                .as_deref()
                .and_then(|e| s.ending(e))
                .map(|e| e.outcome.label().to_string()),
            ending,
            scores: RecordScores {
                overall: sc.overall,
                band: sc.band,
                skills: sc.skills,
            },
            run: run.clone(),
            what_if: None,
        }
    }

    /// The record of `run`, a what-if of another run.
    pub fn of_what_if(s: &Story, run: &Run, ranges: &Ranges, what_if: WhatIf) -> Self {
        RunRecord {
            what_if: Some(what_if),
            ..RunRecord::of(s, run, ranges)
        }
    }
}
