//! `rapport cohort`: a cohort report over a folder of run records, progress files and
//! workshop sessions, or over an LRS's statements (paged), as HTML, CSV or JSON.

use super::{Cli, CohortArgs, CohortFormat, EXIT_CANNOT_RUN, EXIT_PROBLEMS, write_output};
use crate::engine::Story;
use crate::game::data::DataDir;
use crate::records::cohort::{self, load};
use crate::records::config::RecordsConfig;
use crate::records::send::Lrs;

/// At most this many pages of statements are read from an LRS.
const MAX_PAGES: usize = 100_000;

pub(super) fn run(cli: &Cli, args: &CohortArgs) -> u8 {
    let lib = match crate::library::load(cli.scenarios.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_CANNOT_RUN;
        }
    };
    let stories: Vec<Story> = lib
        .entries
        .iter()
        .filter_map(|e| e.playable())
        .map(|s| Story::new(s.clone()))
        .collect();
    let mut scenarios = load::Scenarios::new(&stories, lib.skills.framework.as_ref());
    let source = args.source.as_str();
    let (attempts, skipped) = if source.starts_with("http://") || source.starts_with("https://") {
        let path = args
            .config
            .clone()
            .unwrap_or_else(|| DataDir::locate().records_config());
        let mut cfg = match RecordsConfig::load(&path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_PROBLEMS;
            }
        };
        cfg.endpoint = source.to_string();
        let statements = match Lrs::new(&cfg).statements("limit=500", MAX_PAGES) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {source}: {e}");
                return EXIT_CANNOT_RUN;
            }
        };
        eprintln!("read {} statements from {source}", statements.len());
        load::statements(&statements, &mut scenarios)
    } else {
        let dir = std::path::Path::new(source);
        if !dir.is_dir() {
            eprintln!("error: `{source}` is neither a folder nor an http(s) LRS endpoint");
            return EXIT_CANNOT_RUN;
        }
        load::folder(dir, &mut scenarios)
    };
    let c = cohort::build(source, attempts, |id, v| scenarios.story(id, v), skipped);
    if !c.skipped.is_empty() {
        eprintln!("{} item(s) not included (listed in the report)", c.skipped.len());
    }
    let out = match args.format {
        CohortFormat::Html => crate::report::cohort::html(&c),
        CohortFormat::Csv => crate::report::cohort::csv(&c),
        CohortFormat::Json => crate::report::cohort::json(&c),
    };
    write_output(args.output.as_deref(), &out)
}
