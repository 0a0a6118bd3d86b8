//! Reports for trainers: one run record (and, later, a workshop session) turned into HTML,
//! Markdown, CSV or JSON. Everything is computed from the input and its scenario; nothing
//! reads the clock, so the same input always gives byte-identical output.

mod csv;
mod html;
mod markdown;
mod svg;

use crate::engine::analyze::Analysis;
use crate::engine::model::{Scenario, SkillFramework};
use crate::engine::record::RunRecord;
use serde::Serialize;

/// What a report is made from. Only solo runs exist today; workshop sessions will be a
/// second variant, rendered through the same [`Report`] (with teams and votes filled in).
#[derive(Debug, Clone)]
pub enum Input {
    /// A run saved by `rapport play --save`.
    Solo(RunRecord),
}

impl Input {
    /// Parses a report input file. `file` is only used in messages.
    /// Errors are `file:line:column: message`, straight from the RON parser.
    pub fn parse(file: &str, text: &str) -> Result<Input, String> {
        match ron::from_str::<RunRecord>(text) {
            Ok(r) => Ok(Input::Solo(r)),
            Err(e) => Err(format!(
                "{file}:{}:{}: not a valid run record: {}",
                e.span.start.line.max(1),
                e.span.start.col.max(1),
                e.code
            )),
        }
    }
    /// The scenario id the input was played on.
    pub fn scenario(&self) -> &str {
        match self {
            Input::Solo(r) => &r.scenario,
        }
    }
    /// The scenario version the input was played on.
    pub fn version(&self) -> u32 {
        match self {
            Input::Solo(r) => r.version,
        }
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Csv,
    Json,
}

/// Everything a report shows, in display order. Serialised as-is for `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `solo` (later also `workshop`).
    pub kind: String,
    pub scenario: ScenarioInfo,
    pub seed: u64,
    pub ending: Option<EndingInfo>,
    pub overall: u32,
    pub band: String,
    pub skills: Vec<SkillScore>,
    pub decisions: Vec<DecisionRow>,
    pub trust: Vec<TrustLine>,
    pub player_path: Vec<PathStep>,
    pub best_path: Vec<PathStep>,
    pub best_ending: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioInfo {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndingInfo {
    pub id: String,
    pub title: String,
    pub outcome: String,
    pub debrief: String,
    pub strong_leader: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillScore {
    pub id: String,
    pub name: String,
    /// 0–100; `None` when no path through the scenario can move the skill.
    pub score: Option<u32>,
    /// Raw evidence points on the path taken.
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    /// 1-based.
    pub number: usize,
    pub node: String,
    pub choice_id: String,
    pub choice_text: String,
    pub timed_out: bool,
    pub at_ms: u64,
    /// `at_ms` as `m:ss`.
    pub time: String,
    pub evidence: Vec<EvidenceRow>,
    pub coach: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRow {
    pub skill: String,
    pub skill_name: String,
    pub points: i32,
    pub why: String,
}

/// One character's trust: the scenario's start value, then the value after each decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustLine {
    pub id: String,
    pub name: String,
    pub values: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathStep {
    pub choice_id: String,
    pub text: String,
}

/// `m:ss` from game-time milliseconds.
pub fn game_time(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

impl Report {
    /// Builds the report. Fails (with a message for the user) when the input does not belong
    /// to this scenario: another id or version, or a choice the scenario does not have.
    /// `analysis` is the scenario's (`analyze`): its ranges score the run, its best path is shown.
    pub fn build(
        input: &Input,
        s: &Scenario,
        analysis: &Analysis,
        skills: Option<&SkillFramework>,
    ) -> Result<Report, String> {
        let Input::Solo(rec) = input;
        if rec.scenario != s.id || rec.run.scenario != s.id {
            return Err(format!(
                "the run was played on `{}`, not on `{}`",
                rec.scenario, s.id
            ));
        }
        if rec.version != s.version || rec.run.version != s.version {
            return Err(format!(
                "the run was played on version {} of `{}`, but the scenario is now version {}; \
                 scores would not be comparable",
                rec.version, s.id, s.version
            ));
        }
        let skill_name = |id: &str| {
            skills
                .and_then(|f| f.skills.iter().find(|k| k.id == id))
                .map_or_else(|| id.to_string(), |k| k.name.clone())
        };
        let step = |id: &str| -> Result<PathStep, String> {
            let (_, c) = s
                .choice(id)
                .ok_or_else(|| format!("`{}` has no choice `{id}`", s.id))?;
            Ok(PathStep {
                choice_id: id.to_string(),
                text: c.text.clone(),
            })
        };

        let fresh = RunRecord::of(s, &rec.run, &analysis.ranges);
        let points = crate::engine::score::points(s, &rec.run);

        let mut decisions = Vec::new();
        for (i, d) in rec.run.decisions.iter().enumerate() {
            let (_, c) = s.choice(&d.choice).ok_or_else(|| {
                format!(
                    "decision {} chose `{}`, which `{}` does not have",
                    i + 1,
                    d.choice,
                    s.id
                )
            })?;
            decisions.push(DecisionRow {
                number: i + 1,
                node: d.node.clone(),
                choice_id: d.choice.clone(),
                choice_text: c.text.clone(),
                timed_out: d.timed_out,
                at_ms: d.at_ms,
                time: game_time(d.at_ms),
                evidence: c
                    .skills
                    .iter()
                    .map(|e| EvidenceRow {
                        skill: e.skill.clone(),
                        skill_name: skill_name(&e.skill),
                        points: e.points,
                        why: e.why.clone(),
                    })
                    .collect(),
                coach: c.coach.clone(),
            });
        }

        let trust = s
            .characters
            .iter()
            .map(|ch| TrustLine {
                id: ch.id.clone(),
                name: ch.name.clone(),
                values: std::iter::once(ch.trust)
                    .chain(rec.run.decisions.iter().scan(ch.trust, |last, d| {
                        *last = d.trust.get(&ch.id).copied().unwrap_or(*last);
                        Some(*last)
                    }))
                    .collect(),
            })
            .collect();

        let ending = rec
            .run
            .ending
            .as_deref()
            .and_then(|e| s.ending(e))
            .map(|e| EndingInfo {
                id: e.id.clone(),
                title: e.title.clone(),
                outcome: e.outcome.label().to_string(),
                debrief: e.debrief.clone(),
                strong_leader: e.strong_leader.clone(),
            });

        Ok(Report {
            kind: "solo".to_string(),
            scenario: ScenarioInfo {
                id: s.id.clone(),
                version: s.version,
                title: s.title.clone(),
                role: s.role.clone(),
            },
            seed: rec.seed,
            ending,
            overall: fresh.scores.overall,
            band: fresh.scores.band.label().to_string(),
            skills: s
                .assesses
                .iter()
                .map(|(id, _)| SkillScore {
                    id: id.clone(),
                    name: skill_name(id),
                    score: fresh.scores.skills.get(id).copied().flatten(),
                    points: points.get(id).copied().unwrap_or(0),
                })
                .collect(),
            decisions,
            trust,
            player_path: rec
                .run
                .decisions
                .iter()
                .map(|d| step(&d.choice))
                .collect::<Result<_, _>>()?,
            best_path: analysis
                .best
                .choices
                .iter()
                .map(|c| step(c))
                .collect::<Result<_, _>>()?,
            best_ending: s.ending(&analysis.best.ending).map(|e| e.title.clone()),
        })
    }

    /// Renders the report in one format. Always ends with a newline.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Html => html::render(self),
            Format::Markdown => markdown::render(self),
            Format::Csv => csv::render(self),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self).expect("a report serialises");
                s.push('\n');
                s
            }
        }
    }
}
