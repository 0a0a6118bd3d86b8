//! `rapport report`: a saved run or workshop session turned into an HTML, Markdown, CSV or
//! JSON report.

use super::{Cli, EXIT_CANNOT_RUN, EXIT_PROBLEMS, ReportArgs, ReportFormat, write_output};
use crate::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use crate::report::{Format, Input, Report};

pub(super) fn run(cli: &Cli, args: &ReportArgs) -> u8 {
    let built = match build(cli, &args.file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let format = match args.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Json => Format::Json,
    };
    write_output(args.output.as_deref(), &built.report.render(format))
}

/// A saved run or workshop session, checked against the library and made into its report.
pub(super) struct Built {
    pub input: Input,
    pub story: crate::engine::Story,
    pub report: Report,
}

/// Reads `path` (a run record or a workshop session), finds the scenario it was played on in
/// the library, checks the version and builds the report. Errors are printed; the exit code
/// is returned.
pub(super) fn build(cli: &Cli, path: &std::path::Path) -> Result<Built, u8> {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{file}`: {e}");
            return Err(EXIT_CANNOT_RUN);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: `{file}` is not UTF-8 text, so it is not a run record or workshop session");
        return Err(EXIT_PROBLEMS);
    };
    let input = match Input::parse(&file, &text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(EXIT_PROBLEMS);
        }
    };
    let lib = match crate::library::load(cli.scenarios.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(EXIT_CANNOT_RUN);
        }
    };
    let id = input.scenario();
    let what = input.noun();
    let Some(entry) = lib.entries.iter().find(|e| e.id() == id) else {
        eprintln!(
            "error: {file}: the {what} was played on scenario `{id}`, which is not in the library ({}); \
             pass --scenarios DIR with the folder that holds it",
            match &lib.source {
                crate::library::Source::Dir(d) => d.display().to_string(),
                crate::library::Source::Embedded => "built-in".to_string(),
            }
        );
        return Err(EXIT_PROBLEMS);
    };
    let Some(scenario) = entry.playable() else {
        eprintln!(
            "error: {file}: scenario `{id}` has errors; fix them first (`rapport check {}`)",
            entry.file
        );
        return Err(EXIT_PROBLEMS);
    };
    let story = crate::engine::Story::new(scenario.clone());
    let scenario = &story;
    if scenario.version != input.version() {
        eprintln!(
            "error: {file}: the {what} was played on version {} of `{id}`, but {} is version {}; \
             a report would not match what was played",
            input.version(),
            entry.file,
            scenario.version
        );
        return Err(EXIT_PROBLEMS);
    }
    let skills = lib.skills.framework.as_ref();
    let analysis = analyze(scenario, DEFAULT_STATE_BUDGET);
    let report = match Report::build(&input, scenario, &analysis, skills) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {file}: {e}");
            return Err(EXIT_PROBLEMS);
        }
    };
    Ok(Built { input, story, report })
}
