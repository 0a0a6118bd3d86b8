//! `rapport report`: a saved run or workshop session turned into an HTML, Markdown, CSV or
//! JSON report.

use super::{Cli, EXIT_CANNOT_RUN, EXIT_PROBLEMS, ReportArgs, ReportFormat, write_output};
use crate::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use crate::report::{Format, Input, Report};

pub(super) fn run(cli: &Cli, args: &ReportArgs) -> u8 {
    let file = args.file.display().to_string();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{file}`: {e}");
            return EXIT_CANNOT_RUN;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: `{file}` is not UTF-8 text, so it is not a run record or workshop session");
        return EXIT_PROBLEMS;
    };
    let input = match Input::parse(&file, &text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_PROBLEMS;
        }
    };
    let lib = match crate::library::load(cli.scenarios.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_CANNOT_RUN;
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
        return EXIT_PROBLEMS;
    };
    let Some(scenario) = entry.playable() else {
        eprintln!(
            "error: {file}: scenario `{id}` has errors; fix them first (`rapport check {}`)",
            entry.file
        );
        return EXIT_PROBLEMS;
    };
    let scenario = &crate::engine::Story::new(scenario.clone());
    if scenario.version != input.version() {
        eprintln!(
            "error: {file}: the {what} was played on version {} of `{id}`, but {} is version {}; \
             a report would not match what was played",
            input.version(),
            entry.file,
            scenario.version
        );
        return EXIT_PROBLEMS;
    }
    let skills = lib.skills.framework.as_ref();
    let analysis = analyze(scenario, DEFAULT_STATE_BUDGET);
    let report = match Report::build(&input, scenario, &analysis, skills) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {file}: {e}");
            return EXIT_PROBLEMS;
        }
    };
    let format = match args.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Json => Format::Json,
    };
    write_output(args.output.as_deref(), &report.render(format))
}
