//! Reports for trainers: a solo run record or a workshop session turned into HTML, Markdown,
//! CSV or JSON. Everything is computed from the input and its scenario; nothing reads the
//! clock, so the same input always gives byte-identical output.

pub mod cohort;
mod compare;
mod csv;
pub mod guide;
pub mod handouts;
mod html;
mod markdown;
pub mod palette;
mod svg;
pub mod transcripts;
mod turning;

pub use compare::{Comparison, Side, SkillPair};
pub use turning::{DecisionReach, Fell, Reach, SkillDiff, Turning, TurningPoint};

use crate::engine::Story;
use crate::engine::analysis::exhibits::exhibit_step;
use crate::engine::analyze::Analysis;
use crate::engine::model::{Outcome, SkillFramework};
use crate::engine::record::RunRecord;
use crate::engine::replay::{ReplayError, ReplayEvent, replay};
use crate::engine::run::{Run, RunError};
use crate::engine::score::Band;
use crate::engine::state::State;
use crate::engine::text::{debrief, interpolate};
use crate::engine::workshop::{self, Mode, Settled, SettledKind, VerifyError, Workshop};
use serde::Serialize;

/// What a report is made from (one per report, made once: its size does not matter).
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Input {
    /// A run saved by `rapport play --save` (or the game's debrief).
    Solo(Box<RunRecord>),
    /// A workshop session saved by the game: a room vote or team rounds.
    Workshop(Box<Workshop>),
}

/// The top-level field names of a saved run record and of a saved workshop session, to tell
/// which one a broken file was meant to be (a unit test keeps them in step with the types).
const RECORD_FIELDS: [&str; 8] = [
    "scenario", "version", "seed", "choices", "ending", "outcome", "scores", "run",
];
const WORKSHOP_FIELDS: [&str; 8] = [
    "format",
    "setup",
    "teams",
    "turn",
    "current",
    "elapsed_ms",
    "paused",
    "log",
];

impl Input {
    /// Parses a report input file: a run record or a workshop session. `file` is only used in
    /// messages. Errors are `file:line:column: message`, straight from the RON parser, for
    /// whichever kind the file looks like (its first field), or else for the kind that parsed
    /// further.
    pub fn parse(file: &str, text: &str) -> Result<Input, ReportError> {
        let record = match ron::from_str::<RunRecord>(text) {
            Ok(r) => return Ok(Input::Solo(Box::new(r))),
            Err(e) => e,
        };
        let session = match ron::from_str::<Workshop>(text) {
            Ok(w) => return Ok(Input::Workshop(Box::new(w))),
            Err(e) => e,
        };
        let at = |e: &ron::error::SpannedError| (e.span.start.line, e.span.start.col);
        let e = match first_field(text) {
            Some(f) if WORKSHOP_FIELDS.contains(&f) => session,
            Some(f) if RECORD_FIELDS.contains(&f) => record,
            _ if at(&session) > at(&record) => session,
            _ => record,
        };
        Err(ReportError::Parse {
            file: file.to_string(),
            line: e.span.start.line.max(1),
            column: e.span.start.col.max(1),
            reason: e.code.to_string(),
        })
    }
    /// The scenario id the input was played on.
    pub fn scenario(&self) -> &str {
        match self {
            Input::Solo(r) => &r.scenario,
            Input::Workshop(w) => &w.setup.scenario,
        }
    }
    /// The scenario version the input was played on.
    pub fn version(&self) -> u32 {
        match self {
            Input::Solo(r) => r.version,
            Input::Workshop(w) => w.setup.version,
        }
    }
    /// What the input is, for messages: "run" or "workshop session".
    pub fn noun(&self) -> &'static str {
        match self {
            Input::Solo(_) => "run",
            Input::Workshop(_) => "workshop session",
        }
    }
}

/// The first field name of a RON struct (`(name: …` or `Name(name: …`), skipping comments.
fn first_field(text: &str) -> Option<&str> {
    fn skip(mut t: &str) -> &str {
        loop {
            let trimmed = t.trim_start();
            if let Some(rest) = trimmed.strip_prefix("//") {
                t = rest.find('\n').map_or("", |i| &rest[i..]);
            } else if let Some(rest) = trimmed.strip_prefix("/*") {
                t = rest.find("*/").map_or("", |i| &rest[i + 2..]);
            } else {
                return trimmed;
            }
        }
    }
    fn ident(t: &str) -> (&str, &str) {
        let end = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        t.split_at(end)
    }
    let t = skip(text);
    let (_, t) = ident(t); // an optional struct name
    let t = skip(t).strip_prefix('(')?;
    let (name, t) = ident(skip(t));
    (!name.is_empty() && skip(t).starts_with(':')).then_some(name)
}

/// Why a report could not be made; each says what is wrong, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// The file is neither a run record nor a workshop session (where the parser stopped).
    #[error("{file}:{line}:{column}: not a valid run record or workshop session: {reason}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the run was played on `{played}`, not on `{scenario}`")]
    WrongScenario { played: String, scenario: String },
    #[error(
        "the run was played on version {played} of `{scenario}`, but the scenario is now version \
         {version}; scores would not be comparable"
    )]
    WrongVersion {
        played: u32,
        scenario: String,
        version: u32,
    },
    /// The run cannot even start.
    #[error("{0}")]
    Start(RunError),
    #[error("the run does not replay: {0}")]
    Replay(ReplayError),
    #[error("`{scenario}` has no choice `{choice}`")]
    NoSuchChoice { scenario: String, choice: String },
    #[error("decision {number} chose `{choice}`, which `{scenario}` does not have")]
    UnknownDecision {
        number: usize,
        choice: String,
        scenario: String,
    },
    /// A what-if that does not belong to this scenario (see `Comparison`).
    #[error("{0}")]
    WhatIf(crate::engine::whatif::WhatIfError),
    #[error("the workshop session \u{201c}{session}\u{201d} does not check out: {error}")]
    Session { session: String, error: VerifyError },
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Csv,
    Json,
}

/// What a report is of: serialised as `solo`, `room-vote` or `team-rounds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Solo,
    RoomVote,
    TeamRounds,
}

/// Serialises a value by its `label()` (the words reports print), e.g. an ending's outcome.
macro_rules! by_label {
    ($name:ident, $ty:ty) => {
        fn $name<S: serde::Serializer>(v: &$ty, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(v.label())
        }
    };
}
by_label!(outcome_label, Outcome);
by_label!(mode_label, Mode);

fn settled_label<S: serde::Serializer>(v: &Option<SettledKind>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(k) => s.serialize_some(k.label()),
        None => s.serialize_none(),
    }
}

/// Everything a report shows, in display order. Serialised as-is for `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub scenario: ScenarioInfo,
    pub seed: u64,
    /// The workshop session (`None` for a solo run).
    pub session: Option<SessionInfo>,
    /// One run for a solo run or a room vote (team "The room"), one per team for team rounds,
    /// in the order the teams were set up.
    pub runs: Vec<RunReport>,
    /// Team rounds: the teams by overall score, best first (set-up order among equals).
    pub leaderboard: Vec<Standing>,
    /// Team rounds: the first decision at which teams at the same node chose differently.
    pub divergence: Option<Divergence>,
    /// Team rounds: per assessed skill, the team closest to what the best path scores.
    pub closest: Vec<Closest>,
    /// Room vote: the decisions (numbers) where the vote split the room.
    pub splits: Vec<usize>,
    /// Room vote: decisions where the room's top vote carried fewer weighted evidence points
    /// than another option on offer.
    pub against_rationale: Vec<AgainstRationale>,
    pub best_path: Vec<PathStep>,
    pub best_ending: Option<String>,
    /// The scenario's debrief questions (shown by the game's debriefs; not in the JSON).
    #[serde(skip)]
    pub questions: Vec<String>,
    /// A solo run that is a what-if: it beside the run it branched from (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_if: Option<Comparison>,
    /// The scenario's learning objectives: facilitator material, shown on the debrief and in
    /// the HTML and Markdown reports, never on the briefing (not in the JSON).
    #[serde(skip)]
    pub objectives: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioInfo {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionInfo {
    pub name: String,
    pub facilitator: String,
    /// Serialised as its label, "Room vote" or "Team rounds".
    #[serde(serialize_with = "mode_label")]
    pub mode: Mode,
    /// Settled decisions, all teams together.
    pub decisions: usize,
    /// Session time as `m:ss`.
    pub duration: String,
    /// Every run has reached an ending.
    pub finished: bool,
}

impl SessionInfo {
    /// "every run ended" or "in progress".
    pub fn state(&self) -> &'static str {
        if self.finished {
            "every run ended"
        } else {
            "in progress"
        }
    }
}

/// One run: the solo player's, the room's, or one team's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// The team (`None` for a solo run; "The room" for a room vote).
    pub team: Option<String>,
    pub ending: Option<EndingInfo>,
    pub overall: u32,
    pub band: Band,
    pub skills: Vec<SkillScore>,
    pub decisions: Vec<DecisionRow>,
    pub trust: Vec<TrustLine>,
    pub path: Vec<PathStep>,
    /// Where the best ending or score still reachable fell (`engine::turning`).
    pub turning: Turning,
    /// The exhibits opened, in order (left out of the JSON when none were).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<ReadRow>,
}

/// An exhibit the run opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadRow {
    pub exhibit: String,
    pub title: String,
    /// The decision (1-based) that was waiting when it was opened.
    pub before: usize,
    pub evidence: Vec<EvidenceRow>,
}

/// Paragraphs serialised as one string, joined by blank lines (one paragraph: just it).
fn joined<S: serde::Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.join("\n\n"))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndingInfo {
    pub id: String,
    pub title: String,
    /// Serialised as its label: `success`, `partial` or `failure`.
    #[serde(serialize_with = "outcome_label")]
    pub outcome: Outcome,
    /// The debrief paragraphs that apply to this run (`engine::text::debrief`), filled in;
    /// serialised as one string, paragraphs separated by a blank line.
    #[serde(serialize_with = "joined")]
    pub debrief: Vec<String>,
    #[serde(serialize_with = "joined")]
    pub strong_leader: Vec<String>,
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
    /// 1-based, per run.
    pub number: usize,
    pub node: String,
    pub choice_id: String,
    pub choice_text: String,
    pub timed_out: bool,
    /// Game time (a solo run) or session time (a workshop), in milliseconds.
    pub at_ms: u64,
    /// `at_ms` as `m:ss`.
    pub time: String,
    /// The options offered, in display order (a timeout choice is never among them).
    pub options: Vec<OptionRow>,
    /// How a workshop settled it, serialised as its label; `None` for a solo run.
    #[serde(serialize_with = "settled_label")]
    pub settled: Option<SettledKind>,
    pub override_reason: Option<String>,
    /// The tied options (ids) when the facilitator broke a tie.
    pub tied: Vec<String>,
    /// The facilitator's note.
    pub note: Option<String>,
    pub evidence: Vec<EvidenceRow>,
    pub coach: String,
    /// Weighted evidence points of the choice taken (`score::choice_weighted`): what ranks the
    /// strongest and weakest decisions in the game's debrief. Not in the JSON.
    #[serde(skip)]
    pub weighted: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionRow {
    pub choice_id: String,
    pub text: String,
    /// The room's votes (room vote only).
    pub votes: Option<u32>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub team: String,
    pub overall: u32,
    pub band: Band,
    /// The ending's title, once reached.
    pub ending: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Divergence {
    /// The per-team decision number (1-based).
    pub number: usize,
    pub node: String,
    /// Every team at that node then, in set-up order, with what it chose.
    pub choices: Vec<TeamChoice>,
}

impl Divergence {
    /// The choices made there, each once (in order of first appearance), with the teams that
    /// made it.
    pub fn by_choice(&self) -> Vec<(&str, Vec<&str>)> {
        let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in &self.choices {
            match out.iter_mut().find(|(text, _)| *text == c.text) {
                Some((_, teams)) => teams.push(&c.team),
                None => out.push((&c.text, vec![&c.team])),
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamChoice {
    pub team: String,
    pub choice_id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closest {
    pub skill: String,
    pub skill_name: String,
    pub team: String,
    pub team_score: u32,
    /// What the best path scores on this skill.
    pub best_score: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgainstRationale {
    /// The decision number.
    pub number: usize,
    /// The room's top-voted option (of tied leaders, the one with the most points).
    pub room_choice_id: String,
    pub room_choice: String,
    pub room_votes: u32,
    /// Weighted evidence points (points × the scenario's weight for the skill).
    pub room_points: i64,
    pub better_choice_id: String,
    pub better_choice: String,
    pub better_points: i64,
    /// The better option's first piece of evidence.
    pub why: String,
}

impl RunReport {
    /// Up to `n` decisions that gained the most weighted points (none that gained nothing),
    /// best first; among equals, the earlier decision first.
    pub fn strongest(&self, n: usize) -> Vec<&DecisionRow> {
        self.ranked()
            .into_iter()
            .filter(|d| d.weighted > 0)
            .take(n)
            .collect()
    }

    /// Up to `n` decisions that lost the most weighted points, worst first; among equals, the
    /// later decision first.
    pub fn weakest(&self, n: usize) -> Vec<&DecisionRow> {
        self.ranked()
            .into_iter()
            .rev()
            .filter(|d| d.weighted < 0)
            .take(n)
            .collect()
    }

    /// The decisions by weighted points, highest first (in order among equals).
    fn ranked(&self) -> Vec<&DecisionRow> {
        let mut ranked: Vec<&DecisionRow> = self.decisions.iter().collect();
        ranked.sort_by_key(|d| std::cmp::Reverse(d.weighted));
        ranked
    }
}

impl DecisionRow {
    /// The room's total votes at this decision (0 when nobody voted or it was not a vote).
    pub fn total_votes(&self) -> u32 {
        self.options.iter().filter_map(|o| o.votes).sum()
    }

    /// The votes of the option taken (0 when it was not among the options or not a vote).
    pub fn chosen_votes(&self) -> u32 {
        self.options
            .iter()
            .find(|o| o.choice_id == self.choice_id)
            .and_then(|o| o.votes)
            .unwrap_or(0)
    }

    /// How a workshop settled this decision, in one sentence for the reader; `None` when
    /// there is nothing to add (a solo run, or a team's own choice).
    pub fn how_settled(&self) -> Option<String> {
        self.settled.as_ref()?;
        let quote = |ids: &mut dyn Iterator<Item = &OptionRow>| {
            ids.map(|o| format!("\u{201c}{}\u{201d}", o.text))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let votes: Vec<u32> = self.options.iter().map(|o| o.votes.unwrap_or(0)).collect();
        let total = self.total_votes();
        let plural = |n: u32| if n == 1 { "vote" } else { "votes" };
        if self.timed_out {
            return Some(format!(
                "Time ran out before a decision, so the scenario's timeout choice was taken{}.",
                if total > 0 {
                    format!(" ({total} {} had been cast)", plural(total))
                } else {
                    String::new()
                }
            ));
        }
        if let Some(reason) = &self.override_reason {
            let leaders = workshop::leaders(&votes);
            let top = quote(&mut leaders.iter().filter_map(|&i| self.options.get(i)));
            let n = leaders.first().map_or(0, |&i| votes[i]);
            return Some(format!(
                "Facilitator override: the room's top vote was {top} ({n} of {total} {}); \
                 the facilitator took this option instead. Reason: \u{201c}{reason}\u{201d}",
                plural(total)
            ));
        }
        if !self.tied.is_empty() {
            let tied = quote(&mut self.options.iter().filter(|o| self.tied.contains(&o.choice_id)));
            let n = self.chosen_votes();
            return Some(format!(
                "Tie between {tied} ({n} {} each), broken by the facilitator.",
                plural(n)
            ));
        }
        if self.settled == Some(SettledKind::Majority) {
            let n = self.chosen_votes();
            return Some(format!("The room's majority: {n} of {total} {}.", plural(total)));
        }
        None
    }
}

/// `m:ss` from game-time milliseconds.
pub fn game_time(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// What a workshop adds to one decision of a run: the options and votes, how it was settled,
/// the facilitator's note. A solo run has only the options (found by replaying it).
struct Shown {
    options: Vec<String>,
    votes: Vec<u32>,
    settled: Option<Settled>,
    note: String,
}

/// What replaying `run` from its seed shows at each decision: the options offered (ids) and
/// the state they were offered in (where their texts are filled in).
fn replay_offers(s: &Story, run: &Run) -> Result<Vec<(Vec<String>, State)>, ReportError> {
    let mut out = Vec::with_capacity(run.decisions.len());
    replay(s, run.seed, &run.decisions, &run.reads, |e| {
        if let ReplayEvent::Offered { offered, run, .. } = e {
            out.push((offered.iter().map(|c| c.id.clone()).collect(), run.state.clone()));
        }
    })
    .map_err(|e| match e {
        ReplayError::Start(e) => ReportError::Start(e),
        e => ReportError::Replay(e),
    })?;
    Ok(out)
}

/// Of `(score, team)` candidates, the one closest to `target`; ties go to the higher score,
/// then to the earlier candidate.
fn closest_to(target: u32, candidates: &[(u32, usize)]) -> Option<(u32, usize)> {
    candidates
        .iter()
        .copied()
        .min_by_key(|&(score, i)| (score.abs_diff(target), std::cmp::Reverse(score), i))
}

/// The scenario, its analysis and the skill names: what every part of a report is built from.
struct Ctx<'a> {
    s: &'a Story,
    analysis: &'a Analysis,
    skills: Option<&'a SkillFramework>,
}

impl Ctx<'_> {
    fn skill_name(&self, id: &str) -> String {
        self.skills
            .and_then(|f| f.skills.iter().find(|k| k.id == id))
            .map_or_else(|| id.to_string(), |k| k.name.clone())
    }

    fn step(&self, id: &str) -> Result<PathStep, ReportError> {
        if let Some(x) = exhibit_step(id).and_then(|x| self.s.exhibit(x)) {
            return Ok(PathStep {
                choice_id: id.to_string(),
                text: format!("Open the {}: \u{201c}{}\u{201d}", x.kind.label(), x.title),
            });
        }
        let (_, c) = self.s.choice(id).ok_or_else(|| ReportError::NoSuchChoice {
            scenario: self.s.id.clone(),
            choice: id.to_string(),
        })?;
        Ok(PathStep {
            choice_id: id.to_string(),
            text: c.text.clone(),
        })
    }

    /// A choice's text as shown in `state` (placeholders filled in).
    fn text(&self, id: &str, state: &State) -> String {
        self.s.choice(id).map_or_else(
            || id.to_string(),
            |(_, c)| interpolate(self.s, state, &c.text).into_owned(),
        )
    }

    /// One run's report; `shown` has one entry per decision, `states` the state at each.
    fn run(
        &self,
        team: Option<String>,
        run: &Run,
        shown: Vec<Shown>,
        states: &[State],
    ) -> Result<RunReport, ReportError> {
        let s = self.s;
        let fresh = RunRecord::of(s, run, &self.analysis.ranges);
        let points = crate::engine::score::points(s, run);
        let mut decisions = Vec::new();
        for (i, ((d, shown), state)) in run.decisions.iter().zip(shown).zip(states).enumerate() {
            let (_, c) = s.choice(&d.choice).ok_or_else(|| ReportError::UnknownDecision {
                number: i + 1,
                choice: d.choice.to_string(),
                scenario: s.id.clone(),
            })?;
            let votes =
                |k: usize| (!shown.votes.is_empty()).then(|| shown.votes.get(k).copied().unwrap_or(0));
            decisions.push(DecisionRow {
                number: i + 1,
                node: d.node.to_string(),
                choice_id: d.choice.to_string(),
                choice_text: interpolate(s, state, &c.text).into_owned(),
                timed_out: d.timed_out,
                at_ms: d.at_ms,
                time: game_time(d.at_ms),
                options: shown
                    .options
                    .iter()
                    .enumerate()
                    .map(|(k, id)| OptionRow {
                        choice_id: id.clone(),
                        text: self.text(id, state),
                        votes: votes(k),
                    })
                    .collect(),
                settled: shown.settled.as_ref().map(Settled::kind),
                override_reason: match &shown.settled {
                    Some(Settled::Override { reason, .. }) => Some(reason.clone()),
                    _ => None,
                },
                tied: match &shown.settled {
                    Some(Settled::Tie { tied }) => tied.clone(),
                    _ => Vec::new(),
                },
                note: Some(shown.note.trim().to_string()).filter(|n| !n.is_empty()),
                evidence: c
                    .skills
                    .iter()
                    .map(|e| EvidenceRow {
                        skill: e.skill.clone(),
                        skill_name: self.skill_name(&e.skill),
                        points: e.points,
                        why: e.why.clone(),
                    })
                    .collect(),
                coach: c.coach.clone(),
                weighted: crate::engine::score::choice_weighted(s, c),
            });
        }

        let trust = s
            .characters
            .iter()
            .map(|ch| TrustLine {
                id: ch.id.clone(),
                name: ch.name.clone(),
                values: std::iter::once(ch.trust)
                    .chain(run.decisions.iter().scan(ch.trust, |last, d| {
                        *last = d.trust.get(&ch.id).copied().unwrap_or(*last);
                        Some(*last)
                    }))
                    .collect(),
            })
            .collect();

        let ending = run.ending.as_deref().and_then(|e| s.ending(e)).map(|e| {
            let shown = debrief(s, e, &run.state);
            EndingInfo {
                id: e.id.clone(),
                title: e.title.clone(),
                outcome: e.outcome,
                debrief: shown.debrief,
                strong_leader: shown.strong_leader,
            }
        });

        Ok(RunReport {
            team,
            ending,
            overall: fresh.scores.overall,
            band: fresh.scores.band,
            skills: s
                .assesses
                .iter()
                .map(|(id, _)| SkillScore {
                    id: id.clone(),
                    name: self.skill_name(id),
                    score: fresh.scores.skills.get(id).copied().flatten(),
                    points: points.get(id).copied().unwrap_or(0),
                })
                .collect(),
            decisions,
            trust,
            path: self.path(run, states)?,
            reads: run
                .reads
                .iter()
                .filter_map(|r| {
                    let x = s.exhibit(&r.exhibit)?;
                    Some(ReadRow {
                        exhibit: x.id.clone(),
                        title: x.title.clone(),
                        before: r.before + 1,
                        evidence: x
                            .evidence
                            .iter()
                            .map(|(skill, points)| EvidenceRow {
                                skill: skill.clone(),
                                skill_name: self.skill_name(skill),
                                points: *points,
                                why: format!("Opened the {} \u{201c}{}\u{201d}.", x.kind.label(), x.title),
                            })
                            .collect(),
                    })
                })
                .collect(),
            turning: self.turning(run)?,
        })
    }

    /// The run's path: its decisions (texts as shown), each after the exhibits opened before
    /// it (as `read:<exhibit>` steps, the way analysis paths write them).
    fn path(&self, run: &Run, states: &[State]) -> Result<Vec<PathStep>, ReportError> {
        let mut out = Vec::with_capacity(run.decisions.len() + run.reads.len());
        let mut reads = run.reads.iter().peekable();
        for (i, (d, state)) in run.decisions.iter().zip(states).enumerate() {
            while let Some(r) = reads.next_if(|r| r.before <= i) {
                out.push(self.step(&format!("read:{}", r.exhibit))?);
            }
            let mut step = self.step(&d.choice)?;
            step.text = self.text(&d.choice, state);
            out.push(step);
        }
        for r in reads {
            out.push(self.step(&format!("read:{}", r.exhibit))?);
        }
        Ok(out)
    }

    /// Room vote: decisions whose top vote carried fewer weighted points than another option.
    fn against_rationale(&self, run: &RunReport) -> Vec<AgainstRationale> {
        let mut out = Vec::new();
        for d in &run.decisions {
            let votes: Vec<u32> = d.options.iter().map(|o| o.votes.unwrap_or(0)).collect();
            let points: Vec<i64> = d
                .options
                .iter()
                .map(|o| {
                    self.s
                        .choice(&o.choice_id)
                        .map_or(0, |(_, c)| crate::engine::score::choice_weighted(self.s, c))
                })
                .collect();
            // The first option with the most points, among `among`.
            let top = |among: &[usize]| among.iter().copied().rev().max_by_key(|&i| points[i]);
            let all: Vec<usize> = (0..d.options.len()).collect();
            let (Some(room), Some(better)) = (top(&workshop::leaders(&votes)), top(&all)) else {
                continue;
            };
            if points[better] > points[room] {
                let (r, b) = (&d.options[room], &d.options[better]);
                out.push(AgainstRationale {
                    number: d.number,
                    room_choice_id: r.choice_id.clone(),
                    room_choice: r.text.clone(),
                    room_votes: votes[room],
                    room_points: points[room],
                    better_choice_id: b.choice_id.clone(),
                    better_choice: b.text.clone(),
                    better_points: points[better],
                    why: self
                        .s
                        .choice(&b.choice_id)
                        .and_then(|(_, c)| c.skills.first())
                        .map_or_else(String::new, |e| e.why.clone()),
                });
            }
        }
        out
    }

    /// Team rounds: per assessed skill, the team whose score is nearest the best path's.
    fn closest(&self, runs: &[RunReport]) -> Vec<Closest> {
        let mut best_points = std::collections::BTreeMap::<&str, i64>::new();
        for id in &self.analysis.best.choices {
            if let Some(x) = exhibit_step(id).and_then(|x| self.s.exhibit(x)) {
                for (skill, p) in &x.evidence {
                    *best_points.entry(skill.as_str()).or_insert(0) += i64::from(*p);
                }
            } else if let Some((_, c)) = self.s.choice(id) {
                for e in &c.skills {
                    *best_points.entry(e.skill.as_str()).or_insert(0) += i64::from(e.points);
                }
            }
        }
        let mut out = Vec::new();
        for (k, (id, _)) in self.s.assesses.iter().enumerate() {
            let best = self
                .analysis
                .ranges
                .skills
                .get(id)
                .and_then(|r| r.normalise(best_points.get(id.as_str()).copied().unwrap_or(0)));
            let Some(best) = best else { continue };
            let scores: Vec<(u32, usize)> = runs
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.skills.get(k).and_then(|sk| sk.score).map(|v| (v, i)))
                .collect();
            if let Some((score, i)) = closest_to(best, &scores) {
                out.push(Closest {
                    skill: id.clone(),
                    skill_name: self.skill_name(id),
                    team: runs[i].team.clone().unwrap_or_default(),
                    team_score: score,
                    best_score: best,
                });
            }
        }
        out
    }
}

/// Team rounds: the first per-team decision number at which teams at the same node chose
/// differently.
fn divergence(runs: &[RunReport]) -> Option<Divergence> {
    let longest = runs.iter().map(|r| r.decisions.len()).max().unwrap_or(0);
    for k in 0..longest {
        let at_k: Vec<(&RunReport, &DecisionRow)> = runs
            .iter()
            .filter_map(|r| r.decisions.get(k).map(|d| (r, d)))
            .collect();
        for (_, first) in &at_k {
            let same: Vec<&(&RunReport, &DecisionRow)> =
                at_k.iter().filter(|(_, d)| d.node == first.node).collect();
            if same.iter().any(|(_, d)| d.choice_id != first.choice_id) {
                return Some(Divergence {
                    number: k + 1,
                    node: first.node.clone(),
                    choices: same
                        .iter()
                        .map(|(r, d)| TeamChoice {
                            team: r.team.clone().unwrap_or_default(),
                            choice_id: d.choice_id.clone(),
                            text: d.choice_text.clone(),
                        })
                        .collect(),
                });
            }
        }
    }
    None
}

impl Report {
    /// Builds the report. Fails (with a message for the user) when the input does not belong
    /// to this scenario: another id or version, a choice the scenario does not have, a run
    /// that does not replay, or a workshop session that fails [`Workshop::verify`].
    /// `analysis` is the scenario's (`analyze`): its ranges score the runs, its best path is shown.
    pub fn build(
        input: &Input,
        s: &Story,
        analysis: &Analysis,
        skills: Option<&SkillFramework>,
    ) -> Result<Report, ReportError> {
        let cx = Ctx { s, analysis, skills };
        let mut report = Report {
            kind: Kind::Solo,
            scenario: ScenarioInfo {
                id: s.id.clone(),
                version: s.version,
                title: s.title.clone(),
                role: s.role.clone(),
            },
            seed: 0,
            session: None,
            runs: Vec::new(),
            leaderboard: Vec::new(),
            divergence: None,
            closest: Vec::new(),
            splits: Vec::new(),
            against_rationale: Vec::new(),
            best_path: analysis
                .best
                .choices
                .iter()
                .map(|c| cx.step(c))
                .collect::<Result<_, _>>()?,
            best_ending: s.ending(&analysis.best.ending).map(|e| e.title.clone()),
            questions: s.debrief_questions.clone(),
            what_if: None,
            objectives: s.objectives.clone(),
        };
        match input {
            Input::Solo(rec) => {
                if rec.scenario != s.id || rec.run.scenario != s.id {
                    return Err(ReportError::WrongScenario {
                        played: rec.scenario.clone(),
                        scenario: s.id.clone(),
                    });
                }
                if rec.version != s.version || rec.run.version != s.version {
                    return Err(ReportError::WrongVersion {
                        played: rec.version,
                        scenario: s.id.clone(),
                        version: s.version,
                    });
                }
                let (shown, states): (Vec<Shown>, Vec<State>) = replay_offers(s, &rec.run)?
                    .into_iter()
                    .map(|(options, state)| {
                        let shown = Shown {
                            options,
                            votes: Vec::new(),
                            settled: None,
                            note: String::new(),
                        };
                        (shown, state)
                    })
                    .unzip();
                report.seed = rec.seed;
                report.runs.push(cx.run(None, &rec.run, shown, &states)?);
                if let Some(w) = &rec.what_if {
                    report.what_if = Some(Comparison::build(s, analysis, skills, w, &rec.run)?);
                }
            }
            Input::Workshop(w) => {
                w.verify(s).map_err(|error| ReportError::Session {
                    session: w.setup.session.clone(),
                    error,
                })?;
                for (i, t) in w.teams.iter().enumerate() {
                    let shown = w
                        .team_log(i)
                        .map(|l| Shown {
                            options: l.options.clone(),
                            votes: l.votes.clone(),
                            settled: Some(l.settled.clone()),
                            note: l.note.clone(),
                        })
                        .collect();
                    let states: Vec<State> =
                        replay_offers(s, &t.run)?.into_iter().map(|(_, st)| st).collect();
                    report
                        .runs
                        .push(cx.run(Some(t.name.clone()), &t.run, shown, &states)?);
                }
                report.seed = w.setup.seed;
                report.session = Some(SessionInfo {
                    name: w.setup.session.clone(),
                    facilitator: w.setup.facilitator.clone(),
                    mode: w.setup.mode,
                    decisions: report.runs.iter().map(|r| r.decisions.len()).sum(),
                    duration: game_time(w.elapsed_ms),
                    finished: w.is_over(),
                });
                match w.setup.mode {
                    Mode::RoomVote => {
                        report.kind = Kind::RoomVote;
                        for r in &report.runs {
                            report.splits.extend(r.decisions.iter().filter_map(|d| {
                                let votes: Vec<u32> = d.options.iter().filter_map(|o| o.votes).collect();
                                workshop::split(&votes).then_some(d.number)
                            }));
                            report.against_rationale.extend(cx.against_rationale(r));
                        }
                    }
                    Mode::TeamRounds => {
                        report.kind = Kind::TeamRounds;
                        let mut board: Vec<Standing> = report
                            .runs
                            .iter()
                            .map(|r| Standing {
                                team: r.team.clone().unwrap_or_default(),
                                overall: r.overall,
                                band: r.band,
                                ending: r.ending.as_ref().map(|e| e.title.clone()),
                            })
                            .collect();
                        board.sort_by_key(|b| std::cmp::Reverse(b.overall));
                        report.leaderboard = board;
                        report.divergence = divergence(&report.runs);
                        report.closest = cx.closest(&report.runs);
                    }
                }
            }
        }
        Ok(report)
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

    /// Whether this is a workshop session's report.
    pub fn is_workshop(&self) -> bool {
        self.session.is_some()
    }

    /// The position of a team's run in `runs` (set-up order), e.g. to give it a colour.
    pub fn team_index(&self, team: &str) -> Option<usize> {
        self.runs.iter().position(|r| r.team.as_deref() == Some(team))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_field_lists_match_the_saved_types() {
        fn keys<T: Serialize>(v: &T) -> Vec<String> {
            let v = serde_json::to_value(v).unwrap();
            v.as_object().unwrap().keys().cloned().collect()
        }
        let s = crate::engine::tests::example();
        let (run, _) = Run::start(&s, 1).unwrap();
        let a = crate::engine::analyze::analyze(&s, 10_000);
        let mut record = keys(&RunRecord::of(&s, &run, &a.ranges));
        let mut fields: Vec<String> = RECORD_FIELDS.iter().map(|f| f.to_string()).collect();
        record.sort();
        fields.sort();
        assert_eq!(record, fields);
        let setup = workshop::Setup {
            scenario: s.id.clone(),
            version: s.version,
            seed: 1,
            session: "S".into(),
            facilitator: String::new(),
            mode: Mode::RoomVote,
            teams: Vec::new(),
            discussion_seconds: 0,
        };
        let (w, _) = Workshop::start(setup, &s).unwrap();
        let mut session = keys(&w);
        let mut fields: Vec<String> = WORKSHOP_FIELDS.iter().map(|f| f.to_string()).collect();
        session.sort();
        fields.sort();
        assert_eq!(session, fields);
    }

    #[test]
    fn errors_read_as_they_always_have() {
        let s = crate::engine::tests::example();
        let a = crate::engine::analyze::analyze(&s, 10_000);
        let (mut run, _) = Run::start(&s, 1).unwrap();
        let first = run.options(&s)[0].id.clone();
        run.choose(&s, &first, 0).unwrap();
        let mut record = RunRecord::of(&s, &run, &a.ranges);
        record.version += 1;
        let e = Report::build(&Input::Solo(Box::new(record.clone())), &s, &a, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "the run was played on version {} of `{}`, but the scenario is now version {}; \
                 scores would not be comparable",
                s.version + 1,
                s.id,
                s.version
            )
        );
        record.version -= 1;
        record.run.decisions[0].choice = "nope".into();
        let e = Report::build(&Input::Solo(Box::new(record.clone())), &s, &a, None).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the run does not replay: decision 1 (`nope`): `nope` is not a choice here"),
            "{e}"
        );
        record.scenario = "other".into();
        let e = Report::build(&Input::Solo(Box::new(record)), &s, &a, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("the run was played on `other`, not on `{}`", s.id)
        );
    }

    #[test]
    fn first_field_skips_comments_and_struct_names() {
        assert_eq!(first_field("(\n  format: 1)"), Some("format"));
        assert_eq!(
            first_field("// saved\n/* x */ Workshop ( setup : ("),
            Some("setup")
        );
        assert_eq!(first_field("(1, 2)"), None);
        assert_eq!(first_field("["), None);
        assert_eq!(first_field(""), None);
    }

    #[test]
    fn closest_prefers_the_higher_score_then_the_earlier_team() {
        assert_eq!(closest_to(80, &[(60, 0), (90, 1)]), Some((90, 1)));
        assert_eq!(closest_to(80, &[(70, 0), (90, 1)]), Some((90, 1)));
        assert_eq!(closest_to(80, &[(90, 0), (90, 1)]), Some((90, 0)));
        assert_eq!(closest_to(100, &[(20, 0), (60, 1), (0, 2)]), Some((60, 1)));
        assert_eq!(closest_to(50, &[]), None);
    }
}
