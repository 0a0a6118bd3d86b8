//! Where a cohort's attempts come from: a folder (searched recursively) of run records, the
//! game's progress files (one learner per folder: the folder's name) and workshop sessions
//! (each team a learner), or an LRS, whose statements are grouped by registration and each
//! attempt replayed on the scenario from its seed, exhibits and choices, so the report is
//! the same whichever way the records came.

use super::Attempt;
use crate::engine::SkillFramework;
use crate::engine::Story;
use crate::engine::analyze::{Analysis, DEFAULT_STATE_BUDGET, analyze};
use crate::engine::record::RunRecord;
use crate::engine::run::Run;
use crate::engine::workshop::Workshop;
use crate::game::data::Progress;
use crate::report::{Input, Report};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The library's scenarios with their analyses, computed once each, as attempts need them.
pub struct Scenarios<'a> {
    stories: &'a [Story],
    skills: Option<&'a SkillFramework>,
    analyses: BTreeMap<String, Analysis>,
}

impl<'a> Scenarios<'a> {
    pub fn new(stories: &'a [Story], skills: Option<&'a SkillFramework>) -> Self {
        Scenarios {
            stories,
            skills,
            analyses: BTreeMap::new(),
        }
    }

    pub fn story(&self, id: &str, version: u32) -> Option<&'a Story> {
        self.stories.iter().find(|s| s.id == id && s.version == version)
    }

    /// The report of one run, by the same rules as `rapport report`.
    fn report(&mut self, input: &Input) -> Result<Report, String> {
        let id = input.scenario().to_string();
        let Some(s) = self.story(&id, input.version()) else {
            return Err(format!(
                "played on `{id}` version {}, which the library does not have",
                input.version()
            ));
        };
        let analysis = self
            .analyses
            .entry(id)
            .or_insert_with(|| analyze(s, DEFAULT_STATE_BUDGET));
        Report::build(input, s, analysis, self.skills).map_err(|e| e.to_string())
    }

    fn attempt(&mut self, learner: &str, when: Option<u64>, record: RunRecord) -> Result<Attempt, String> {
        let (scenario, version) = (record.scenario.clone(), record.version);
        let report = self.report(&Input::Solo(Box::new(record)))?;
        Ok(Attempt {
            learner: learner.to_string(),
            scenario,
            version,
            when,
            run: report.runs.into_iter().next().ok_or("the run has no report")?,
        })
    }
}

/// Every attempt in a folder; what could not be read is listed, not fatal.
pub fn folder(dir: &Path, lib: &mut Scenarios) -> (Vec<Attempt>, Vec<String>) {
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            skipped.push(format!("{}: not UTF-8 text", f.display()));
            continue;
        };
        let folder = f
            .parent()
            .and_then(|p| p.file_name())
            .map_or("learner".into(), |n| n.to_string_lossy().into_owned());
        let mut add = |learner: &str, when, record: RunRecord| match lib.attempt(learner, when, record) {
            Ok(a) => out.push(a),
            Err(e) => skipped.push(format!("{}: {e}", f.display())),
        };
        if let Ok(p) = ron::from_str::<Progress>(&text) {
            for r in p.runs.into_iter().filter(|r| r.record.what_if.is_none()) {
                add(&folder, Some(r.finished_at * 1000), r.record);
            }
        } else if let Ok(r) = ron::from_str::<RunRecord>(&text) {
            let stem = f
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            add(&format!("{folder}/{stem}"), None, r);
        } else if let Ok(w) = ron::from_str::<Workshop>(&text) {
            match lib.report(&Input::Workshop(Box::new(w.clone()))) {
                Ok(report) => {
                    for run in report.runs {
                        out.push(Attempt {
                            learner: format!(
                                "{} / {}",
                                w.setup.session,
                                run.team.clone().unwrap_or_default()
                            ),
                            scenario: w.setup.scenario.clone(),
                            version: w.setup.version,
                            when: None,
                            run,
                        });
                    }
                }
                Err(e) => skipped.push(format!("{}: {e}", f.display())),
            }
        } else if f
            .file_name()
            .is_some_and(|n| n != "settings.ron" && n != "records.ron" && n != "queued.ron")
        {
            skipped.push(format!(
                "{}: not a run record, progress file or workshop session",
                f.display()
            ));
        }
    }
    (out, skipped)
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "ron") {
            out.push(p);
        }
    }
}

/// A statement's extension whose IRI ends with `/extensions/<name>` (whatever the base IRI).
fn ext<'v>(map: &'v Value, name: &str) -> Option<&'v Value> {
    let suffix = format!("/extensions/{name}");
    map.as_object()?
        .iter()
        .find(|(k, _)| k.ends_with(&suffix))
        .map(|(_, v)| v)
}

/// Who an actor is: its email, its account, or its name.
fn learner(actor: &Value) -> String {
    if let Some(m) = actor["mbox"].as_str() {
        return m.trim_start_matches("mailto:").to_string();
    }
    if let Some(n) = actor["account"]["name"].as_str() {
        return actor["name"].as_str().map_or(n.to_string(), str::to_string);
    }
    actor["name"].as_str().unwrap_or("anonymous").to_string()
}

/// Attempts from statements: one per registration that has an `initialized` statement on a
/// scenario of the library, replayed from its seed, exhibits and choices.
pub fn statements(all: &[Value], lib: &mut Scenarios) -> (Vec<Attempt>, Vec<String>) {
    let mut by_reg: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for s in all {
        if let Some(r) = s["context"]["registration"].as_str() {
            by_reg.entry(r).or_default().push(s);
        }
    }
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    for (reg, mut list) in by_reg {
        list.sort_by(|a, b| {
            a["timestamp"]
                .as_str()
                .cmp(&b["timestamp"].as_str())
                .then(a["id"].as_str().cmp(&b["id"].as_str()))
        });
        match replay(&list, lib) {
            Ok(Some(a)) => out.push(a),
            Ok(None) => {}
            Err(e) => skipped.push(format!("registration {reg}: {e}")),
        }
    }
    (out, skipped)
}

fn replay(list: &[&Value], lib: &mut Scenarios) -> Result<Option<Attempt>, String> {
    let verb = |s: &Value| {
        s["verb"]["id"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let Some(init) = list.iter().find(|s| verb(s) == "initialized") else {
        return Ok(None);
    };
    let iri = init["object"]["id"].as_str().unwrap_or_default();
    let mut parts = iri.rsplit('/');
    let (Some(version), Some(id), Some("scenarios")) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(None);
    };
    let version: u32 = version.parse().map_err(|_| format!("`{iri}` names no version"))?;
    let Some(story) = lib.story(id, version) else {
        return Err(format!(
            "played on `{id}` version {version}, which the library does not have"
        ));
    };
    let seed = ext(&init["context"]["extensions"], "seed")
        .and_then(Value::as_u64)
        .ok_or("the initialized statement carries no seed")?;
    if !list.iter().any(|s| verb(s) == "completed") {
        return Ok(None); // an attempt still in progress (or abandoned) is not in the cohort
    }
    let (mut run, _) = Run::start(story, seed).map_err(|e| e.to_string())?;
    for s in list.iter().filter(|s| verb(s) == "selected") {
        let extensions = &s["result"]["extensions"];
        for e in ext(extensions, "exhibits-read")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            run.read(story, e.as_str().unwrap_or_default())
                .map_err(|e| e.to_string())?;
        }
        // Game time changes nothing a replay decides (timeouts are recorded as such).
        let at = 0;
        let taken = if ext(extensions, "timed-out").and_then(Value::as_bool) == Some(true) {
            run.timeout(story, at)
        } else {
            let choice = s["result"]["response"]
                .as_str()
                .ok_or("a selected statement has no response")?;
            run.choose(story, choice, at)
        };
        taken.map_err(|e| e.to_string())?;
    }
    let analysis = lib
        .analyses
        .entry(id.to_string())
        .or_insert_with(|| analyze(story, DEFAULT_STATE_BUDGET));
    let record = RunRecord::of(story, &run, &analysis.ranges);
    let when = list
        .last()
        .and_then(|s| s["timestamp"].as_str())
        .and_then(crate::records::statements::parse_timestamp);
    lib.attempt(&learner(&init["actor"]), when, record).map(Some)
}
