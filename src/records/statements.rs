//! A report's runs as xAPI 1.0.3 statements, in the order they happened: `initialized`, one
//! `selected` per decision, and once the run has ended `completed`, `passed` or `failed`
//! against the mastery score, one `scored` per assessed skill, and `terminated` last.
//!
//! Everything is derived from the report and the attempt's identity: the same run always gives
//! the same statements with the same ids (UUID v5 from the registration and the position), so
//! a statement queued twice, or sent again after a lost acknowledgement, is the same statement
//! and an LRS stores it once. A run in progress gives a prefix of what it gives once ended.

use super::config::RecordsConfig;
use super::profile::*;
use crate::report::{Kind, Report, RunReport};
use serde_json::{Value, json};
use uuid::Uuid;

/// Who played and when: the identity every statement of one report carries.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The registration of the attempt (a workshop's teams get one each, derived from it).
    pub registration: Uuid,
    /// When the run (or session) started, in milliseconds since the Unix epoch; `None` when
    /// unknown (statements then carry no timestamp and the LRS stamps them as stored).
    pub started_ms: Option<u64>,
    /// The language of the scenario's text: `en-GB` or `en-US`.
    pub lang: &'static str,
}

impl Attempt {
    /// The registration of a run known only by its content (a run saved by `play --save`):
    /// the same file always gives the same registration.
    pub fn registration_of(content: &str) -> Uuid {
        Uuid::new_v5(&NAMESPACE, content.as_bytes())
    }
}

/// The language tag of a scenario's text.
pub fn lang(region: crate::engine::model::Region) -> &'static str {
    match region {
        crate::engine::model::Region::UnitedStates => "en-US",
        _ => "en-GB",
    }
}

/// The registration of one run of a report: the attempt's for a solo run, else one per team.
pub fn run_registration(report: &Report, attempt: &Attempt, index: usize) -> Uuid {
    if report.kind == Kind::Solo {
        attempt.registration
    } else {
        Uuid::new_v5(&attempt.registration, format!("team/{index}").as_bytes())
    }
}

/// Every statement of every run of the report, run by run.
pub fn statements(cfg: &RecordsConfig, report: &Report, attempt: &Attempt) -> Vec<Value> {
    (0..report.runs.len())
        .flat_map(|i| run_statements(cfg, report, attempt, i))
        .collect()
}

/// The statements of one run of the report.
pub fn run_statements(cfg: &RecordsConfig, report: &Report, attempt: &Attempt, index: usize) -> Vec<Value> {
    let run = &report.runs[index];
    let b = Builder {
        cfg,
        base: cfg.base(),
        report,
        run,
        attempt,
        registration: run_registration(report, attempt, index),
        actor: actor(cfg, report, run),
    };
    b.all()
}

struct Builder<'a> {
    cfg: &'a RecordsConfig,
    base: &'a str,
    report: &'a Report,
    run: &'a RunReport,
    attempt: &'a Attempt,
    registration: Uuid,
    actor: Value,
}

/// The learner for a solo run; for a workshop the room or the team, as an identified group
/// (an account on the base IRI under the session's name).
fn actor(cfg: &RecordsConfig, report: &Report, run: &RunReport) -> Value {
    let base = cfg.base();
    match (&report.session, &run.team) {
        (Some(session), Some(team)) => json!({
            "objectType": "Group",
            "name": format!("{team} ({})", session.name),
            "account": {
                "homePage": base,
                "name": format!("sessions/{}/{}", slug(&session.name), slug(team)),
            },
        }),
        _ => cfg.learner.agent(base),
    }
}

impl Builder<'_> {
    fn all(&self) -> Vec<Value> {
        let mut out = vec![self.initialized()];
        for (i, _) in self.run.decisions.iter().enumerate() {
            out.push(self.selected(i));
        }
        if self.run.ending.is_some() {
            out.push(self.completed());
            out.push(self.passed_or_failed());
            for skill in self.run.skills.iter().filter(|s| s.score.is_some()) {
                out.push(self.scored(skill));
            }
            out.push(self.terminated());
        }
        // When each happened: the start, each decision, then the end. Statements that happened
        // in the same millisecond (a run replayed from the command line) are a millisecond
        // apart, so ordering by timestamp gives the order they were made in.
        let end = self.elapsed_ms();
        let mut at: Vec<u64> = std::iter::once(0)
            .chain(self.run.decisions.iter().map(|d| d.at_ms))
            .chain(std::iter::repeat(end))
            .take(out.len())
            .collect();
        for i in 1..at.len() {
            at[i] = at[i].max(at[i - 1] + 1);
        }
        for (n, s) in out.iter_mut().enumerate() {
            s["id"] = Uuid::new_v5(&self.registration, format!("statement/{n}").as_bytes())
                .to_string()
                .into();
            if let Some(start) = self.attempt.started_ms {
                s["timestamp"] = timestamp(start + at[n]).into();
            }
        }
        out
    }

    fn lang_map(&self, text: &str) -> Value {
        json!({ self.attempt.lang: text })
    }

    fn scenario(&self) -> Value {
        let s = &self.report.scenario;
        json!({
            "objectType": "Activity",
            "id": scenario_iri(self.base, &s.id, s.version),
            "definition": {
                "type": SIMULATION,
                "name": self.lang_map(&s.title),
                "description": self.lang_map(&s.role),
            },
        })
    }

    fn verb(iri: &str) -> Value {
        json!({ "id": iri, "display": { "en-US": verb_name(iri) } })
    }

    /// Game time (solo) or session time (workshop) of the last decision: how long the run took.
    fn elapsed_ms(&self) -> u64 {
        self.run.decisions.last().map_or(0, |d| d.at_ms)
    }

    fn context(&self, categories: &[&str], parent: bool) -> Value {
        let mut activities = serde_json::Map::new();
        if !categories.is_empty() {
            activities.insert(
                "category".into(),
                categories.iter().map(|c| json!({ "id": c })).collect(),
            );
        }
        if parent {
            activities.insert("parent".into(), json!([self.scenario()]));
        }
        if let Some(session) = &self.report.session {
            activities.insert(
                "grouping".into(),
                json!([{
                    "objectType": "Activity",
                    "id": session_iri(self.base, &session.name),
                    "definition": { "type": MEETING, "name": self.lang_map(&session.name) },
                }]),
            );
        }
        let mut extensions = serde_json::Map::new();
        extensions.insert(SESSION_ID.into(), self.registration.to_string().into());
        extensions.insert(extension(self.base, "seed"), self.report.seed.into());
        if let Some(session) = &self.report.session {
            extensions.insert(extension(self.base, "mode"), session.mode.label().into());
            if !session.facilitator.trim().is_empty() {
                extensions.insert(
                    extension(self.base, "facilitator"),
                    session.facilitator.trim().into(),
                );
            }
        }
        let mut context = json!({
            "registration": self.registration.to_string(),
            "language": self.attempt.lang,
            "extensions": extensions,
        });
        if !activities.is_empty() {
            context["contextActivities"] = activities.into();
        }
        context
    }

    fn statement(&self, verb: &str, object: Value) -> Value {
        json!({
            "actor": self.actor,
            "verb": Self::verb(verb),
            "object": object,
        })
    }

    fn initialized(&self) -> Value {
        let mut s = self.statement(INITIALIZED, self.scenario());
        s["context"] = self.context(&[CMI5_CATEGORY], false);
        s
    }

    fn selected(&self, i: usize) -> Value {
        let d = &self.run.decisions[i];
        let sc = &self.report.scenario;
        let object = json!({
            "objectType": "Activity",
            "id": node_iri(self.base, &sc.id, sc.version, &d.node),
            "definition": {
                "type": INTERACTION,
                "name": self.lang_map(&format!("{}: decision {}", sc.title, d.number)),
                "interactionType": "choice",
                "choices": d.options.iter().map(|o| json!({
                    "id": o.choice_id,
                    "description": self.lang_map(&o.text),
                })).collect::<Vec<_>>(),
            },
        });
        let mut deltas = serde_json::Map::new();
        for e in &d.evidence {
            let v = deltas.entry(e.skill.clone()).or_insert(json!(0));
            *v = json!(v.as_i64().unwrap_or(0) + i64::from(e.points));
        }
        let mut extensions = serde_json::Map::new();
        extensions.insert(extension(self.base, "timed-out"), d.timed_out.into());
        extensions.insert(extension(self.base, "skill-deltas"), deltas.into());
        extensions.insert(extension(self.base, "decision"), d.number.into());
        let reads: Vec<&str> = self
            .run
            .reads
            .iter()
            .filter(|r| r.before == d.number)
            .map(|r| r.exhibit.as_str())
            .collect();
        if !reads.is_empty() {
            extensions.insert(extension(self.base, "exhibits-read"), reads.into());
        }
        if let Some(settled) = d.settled {
            extensions.insert(extension(self.base, "settled"), settled.label().into());
        }
        if let Some(total) = d.options.iter().map(|o| o.votes).sum::<Option<u32>>() {
            extensions.insert(extension(self.base, "votes"), total.into());
        }
        let mut s = self.statement(SELECTED, object);
        s["result"] = json!({
            "response": d.choice_id,
            "duration": duration(d.at_ms.saturating_sub(if i == 0 { 0 } else { self.run.decisions[i - 1].at_ms })),
            "extensions": extensions,
        });
        s["context"] = self.context(&[], true);
        s
    }

    fn completed(&self) -> Value {
        let mut s = self.statement(COMPLETED, self.scenario());
        s["result"] = json!({ "completion": true, "duration": duration(self.elapsed_ms()) });
        s["context"] = self.context(&[CMI5_CATEGORY, MOVEON_CATEGORY], false);
        s
    }

    fn passed_or_failed(&self) -> Value {
        let scaled = f64::from(self.run.overall) / 100.0;
        let passed = scaled >= self.cfg.mastery;
        let verb = if passed { PASSED } else { FAILED };
        let mut s = self.statement(verb, self.scenario());
        let mut extensions = serde_json::Map::new();
        extensions.insert(extension(self.base, "band"), self.run.band.label().into());
        if let Some(e) = &self.run.ending {
            extensions.insert(extension(self.base, "ending"), e.id.clone().into());
            extensions.insert(extension(self.base, "outcome"), e.outcome.label().into());
        }
        s["result"] = json!({
            "score": { "scaled": scaled, "raw": self.run.overall, "min": 0, "max": 100 },
            "success": passed,
            "duration": duration(self.elapsed_ms()),
            "extensions": extensions,
        });
        let mut context = self.context(&[CMI5_CATEGORY, MOVEON_CATEGORY], false);
        context["extensions"][MASTERY_SCORE] = self.cfg.mastery.into();
        s["context"] = context;
        s
    }

    fn scored(&self, skill: &crate::report::SkillScore) -> Value {
        let score = skill.score.unwrap_or(0);
        let object = json!({
            "objectType": "Activity",
            "id": skill_iri(self.base, &skill.id),
            "definition": { "type": OBJECTIVE, "name": self.lang_map(&skill.name) },
        });
        let mut s = self.statement(SCORED, object);
        let mut extensions = serde_json::Map::new();
        extensions.insert(extension(self.base, "points"), skill.points.into());
        s["result"] = json!({
            "score": { "scaled": f64::from(score) / 100.0, "raw": score, "min": 0, "max": 100 },
            "extensions": extensions,
        });
        s["context"] = self.context(&[], true);
        s
    }

    fn terminated(&self) -> Value {
        let mut s = self.statement(TERMINATED, self.scenario());
        s["result"] = json!({ "duration": duration(self.elapsed_ms()) });
        s["context"] = self.context(&[CMI5_CATEGORY], false);
        s
    }
}

/// An ISO 8601 duration in seconds, to the hundredth (`PT83.25S`).
pub fn duration(ms: u64) -> String {
    let centis = ms / 10;
    format!("PT{}.{:02}S", centis / 100, centis % 100)
}

/// An RFC 3339 UTC timestamp with milliseconds, from milliseconds since the Unix epoch.
pub fn timestamp(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    )
}

/// `2026-12-04T18:57:03Z` (UTC, seconds optional fraction) or milliseconds since the epoch.
pub fn parse_time(text: &str) -> Result<u64, String> {
    if let Ok(ms) = text.parse::<u64>() {
        return Ok(ms);
    }
    let bad = || format!("`{text}` is not a UTC time like 2026-12-04T18:57:03Z or milliseconds since 1970");
    let t = text.strip_suffix('Z').ok_or_else(bad)?;
    let (date, time) = t.split_once('T').ok_or_else(bad)?;
    let d: Vec<i64> = date
        .split('-')
        .map(|p| p.parse().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let h: Vec<u64> = hms
        .split(':')
        .map(|p| p.parse().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    if d.len() != 3
        || h.len() != 3
        || !(1..=12).contains(&d[1])
        || !(1..=31).contains(&d[2])
        || h[0] > 23
        || h[1] > 59
        || h[2] > 60
    {
        return Err(bad());
    }
    let ms: u64 = format!("{frac:0<3}")[..3].parse().map_err(|_| bad())?;
    let days = days_from_civil(d[0], d[1] as u32, d[2] as u32);
    if days < 0 {
        return Err(bad());
    }
    Ok((days as u64 * 86_400 + h[0] * 3600 + h[1] * 60 + h[2]) * 1000 + ms)
}

/// A proleptic Gregorian date to days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An LRS's timestamp (`…Z` or `…+00:00`) in milliseconds since the epoch.
pub fn parse_timestamp(text: &str) -> Option<u64> {
    parse_time(&text.replace("+00:00", "Z")).ok()
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_both_ways_and_round_trip() {
        assert_eq!(parse_time("1796410623250"), Ok(1_796_410_623_250));
        let ms = parse_time("2026-12-04T18:57:03.25Z").unwrap();
        assert_eq!(ms, 1_796_410_623_250);
        assert_eq!(timestamp(ms), "2026-12-04T18:57:03.250Z");
        assert_eq!(parse_time("2000-02-29T00:00:00Z"), Ok(951_782_400_000));
        assert_eq!(
            parse_timestamp("2026-12-04T18:57:03.250+00:00"),
            Some(1_796_410_623_250)
        );
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("2026-13-01T00:00:00Z").is_err());
    }

    #[test]
    fn timestamps_and_durations_read_as_iso_8601() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
        // 2026-12-04T18:57:03.250Z, checked with `date -u -d @1796410623`.
        assert_eq!(timestamp(1_796_410_623_250), "2026-12-04T18:57:03.250Z");
        assert_eq!(timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(duration(83_257), "PT83.25S");
        assert_eq!(duration(0), "PT0.00S");
    }
}
