//! `rapport check`: every diagnostic for every file, compiler-style or as JSON.

use super::{CheckArgs, Cli, EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, Format};
use crate::engine::model::Then;
use crate::engine::{Diagnostic, Severity};
use crate::library::{self, Entry};
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct Summary {
    id: String,
    path: String,
    nodes: usize,
    endings: usize,
    choices: usize,
    timed_nodes: usize,
    random_branches: usize,
    skills: Vec<String>,
}

#[derive(Serialize)]
struct Report<'a> {
    scenarios: Vec<Summary>,
    /// Errors and warnings.
    diagnostics: Vec<&'a Diagnostic>,
    /// Content lints (severity `lint`), kept apart: they never fail `--strict`.
    lints: Vec<&'a Diagnostic>,
}

pub(super) fn run(cli: &Cli, args: &CheckArgs) -> u8 {
    let (skills, entries, sources) = match gather(cli, args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_CANNOT_RUN;
        }
    };
    let mut all: Vec<&Diagnostic> = skills.diagnostics.iter().collect();
    all.extend(entries.iter().flat_map(|e| e.checked.diagnostics.iter()));
    let lints: Vec<&Diagnostic> = entries.iter().flat_map(|e| e.checked.lints.iter()).collect();
    let failing = all
        .iter()
        .filter(|d| d.severity == Severity::Error || args.strict)
        .count()
        + if args.deny_lints { lints.len() } else { 0 };
    match args.format {
        Format::Json => {
            let report = Report {
                scenarios: entries.iter().filter_map(summary).collect(),
                diagnostics: all.clone(),
                lints: lints.clone(),
            };
            outln!(
                "{}",
                serde_json::to_string_pretty(&report).expect("plain data serialises")
            );
        }
        Format::Text => {
            let mut files: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
            files.push((&skills.file, skills.diagnostics.iter().collect()));
            for e in &entries {
                // Errors and warnings first, then the lints (a separate class).
                files.push((
                    &e.file,
                    e.checked.diagnostics.iter().chain(&e.checked.lints).collect(),
                ));
            }
            for (file, diags) in &files {
                let source = sources.iter().find(|(f, _)| f == file).map(|(_, s)| s.as_str());
                for d in diags {
                    outln!("{}\n", render(d, source));
                }
            }
            for e in &entries {
                let ds = &e.checked.diagnostics;
                let errors = ds.iter().filter(|d| d.is_error()).count();
                let lints = e.checked.lints.len();
                let warnings = ds.len() - errors;
                let status = match (errors, warnings) {
                    (0, 0) => "ok".to_string(),
                    (0, w) => format!("ok, {w} warning{}", plural(w)),
                    (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
                };
                let lints = if lints > 0 {
                    format!("; {lints} lint{}", plural(lints))
                } else {
                    String::new()
                };
                match summary(e) {
                    Some(s) => outln!(
                        "{}: {status} ({} nodes, {} choices, {} endings, {} timed, {} random){lints}",
                        e.file,
                        s.nodes,
                        s.choices,
                        s.endings,
                        s.timed_nodes,
                        s.random_branches
                    ),
                    None => outln!("{}: {status}{lints}", e.file),
                }
            }
            let errors = all.iter().filter(|d| d.is_error()).count();
            let warnings = all.len() - errors;
            outln!(
                "checked {} scenario{} with {}: {errors} error{}, {warnings} warning{}{}{}",
                entries.len(),
                plural(entries.len()),
                skills.file,
                plural(errors),
                plural(warnings),
                if lints.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", {} lint{}{}",
                        lints.len(),
                        plural(lints.len()),
                        if args.deny_lints {
                            " (--deny-lints: lints count as errors)"
                        } else {
                            " (lints never fail --strict; see docs/scenario-format.md)"
                        }
                    )
                },
                if args.strict && warnings > 0 {
                    " (--strict: warnings count as errors)"
                } else {
                    ""
                }
            );
        }
    }
    if failing > 0 { EXIT_PROBLEMS } else { EXIT_OK }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

type Gathered = (library::Skills, Vec<Entry>, Vec<(String, String)>);

/// The skill framework and the entries to check, with their source text for snippets.
fn gather(cli: &Cli, args: &CheckArgs) -> Result<Gathered, String> {
    if args.paths.is_empty() {
        let lib = library::load(cli.scenarios.as_deref())?;
        let sources = match &lib.source {
            library::Source::Dir(_) => lib
                .entries
                .iter()
                .filter_map(|e| read(Path::new(&e.file)))
                .collect(),
            library::Source::Embedded => Vec::new(),
        };
        return Ok((lib.skills, lib.entries, sources));
    }
    let mut files = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            files.extend(library::ron_files(p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(format!("`{}` does not exist", p.display()));
        }
    }
    // The framework beside the checked files (or the scenarios folder), else the built-in one.
    let first_dir = cli
        .scenarios
        .clone()
        .or_else(|| files.first().and_then(|f| f.parent().map(Path::to_path_buf)));
    let skills = library::load_skills(first_dir.as_deref());
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut entries = Vec::new();
    for f in &files {
        if f.file_name().is_some_and(|n| n == "skills.ron") {
            continue; // the framework is checked (and reported) once, above
        }
        entries.push(library::check_file(f, skills.framework.as_ref()));
        sources.extend(read(f));
    }
    sources.extend(read(Path::new(&skills.file)));
    Ok((skills, entries, sources))
}

fn read(p: &Path) -> Option<(String, String)> {
    let text = std::fs::read(p).ok()?;
    Some((
        p.display().to_string(),
        String::from_utf8_lossy(&text).into_owned(),
    ))
}

fn summary(e: &Entry) -> Option<Summary> {
    let s = e.checked.scenario.as_ref()?;
    let mut skills: Vec<String> = s.assesses.iter().map(|(k, _)| k.clone()).collect();
    skills.sort();
    Some(Summary {
        id: s.id.clone(),
        path: e.file.clone(),
        nodes: s.nodes.len(),
        endings: s.endings.len(),
        choices: s.choices().count(),
        timed_nodes: s.nodes.iter().filter(|n| n.timer.is_some()).count(),
        random_branches: s
            .nodes
            .iter()
            .filter(|n| matches!(n.then, Then::Random(_)))
            .count(),
        skills,
    })
}

/// A diagnostic with the source line and a caret under the column, like a compiler.
pub(super) fn render(d: &Diagnostic, source: Option<&str>) -> String {
    let head = format!(
        "{}[{}]: {}\n  --> {}:{}:{}",
        d.severity.label(),
        d.code,
        d.message,
        d.file,
        d.line,
        d.column
    );
    let line = source.and_then(|s| s.lines().nth(d.line.saturating_sub(1)));
    let mut out = head;
    if let Some(text) = line {
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        let shown: String = text.chars().take(160).collect();
        let caret_at = d.column.saturating_sub(1).min(shown.chars().count());
        let lead: String = shown
            .chars()
            .take(caret_at)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("\n{pad} |\n{num} | {shown}\n{pad} | {lead}^"));
    }
    if !d.help.is_empty() {
        out.push_str(&format!("\n  = help: {}", d.help));
    }
    out
}
