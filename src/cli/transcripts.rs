//! `rapport transcripts SCENARIO --cover`: a small set of playthroughs that together show
//! everything the scenario can show (`engine::cover`), as Markdown scripts and an index
//! (`report::transcripts`), written into a folder or to standard output.

use super::{Cli, EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, TranscriptsArgs, load_entry};
use crate::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use crate::engine::cover::{Options, cover};
use crate::report::transcripts::{File, Source, render};
use std::path::Path;

pub(super) fn run(cli: &Cli, args: &TranscriptsArgs) -> u8 {
    let loaded = match load_entry(cli, &args.scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let s = &loaded.story;
    let opts = Options {
        max_plays: usize::from(args.max),
        max_states: args.max_states,
    };
    let covered = cover(s, opts);
    let analysis = analyze(s, DEFAULT_STATE_BUDGET);
    let files = match render(&Source {
        story: s,
        cover: &covered,
        ranges: &analysis.ranges,
        skills: loaded.skills.as_ref(),
        arg: &args.scenario,
        max_plays: opts.max_plays,
        max_states: opts.max_states,
    }) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: a playthrough of the cover does not replay: {e}");
            return EXIT_PROBLEMS;
        }
    };
    let missing = covered
        .status
        .iter()
        .filter(|s| matches!(s, crate::engine::cover::Status::Missing(_)))
        .count();
    let note = match missing {
        0 => String::new(),
        1 => "; 1 thing no playthrough shows is listed in the index".to_string(),
        n => format!("; {n} things no playthrough shows are listed in the index"),
    };
    match &args.output {
        Some(dir) => {
            if let Err(code) = write_all(dir, &files) {
                return code;
            }
            eprintln!(
                "wrote {} and {} transcripts to {}{note}",
                files[0].name,
                files.len() - 1,
                dir.display()
            );
        }
        None => {
            use std::io::Write as _;
            let mut out = String::new();
            for f in &files {
                out.push_str(&format!("<!-- file: {} -->\n\n{}\n", f.name, f.text.trim_end()));
                out.push('\n');
            }
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
            eprintln!(
                "{} transcripts (pass -o DIR to write them as files){note}",
                files.len() - 1
            );
        }
    }
    EXIT_OK
}

/// Writes every file into `dir` atomically, making the folder if needed; says which earlier
/// transcripts in it were left alone.
fn write_all(dir: &Path, files: &[File]) -> Result<(), u8> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot make the folder `{}`: {e}", dir.display());
        return Err(EXIT_CANNOT_RUN);
    }
    for f in files {
        let path = dir.join(&f.name);
        if let Err(e) = crate::store::write_atomic(&path, f.text.as_bytes()) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return Err(EXIT_CANNOT_RUN);
        }
    }
    // Transcripts of an earlier, larger cover are not this one's: say so, delete nothing.
    let ours = |name: &str| files.iter().any(|f| f.name == name);
    let mut stale: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            n.ends_with(".md")
                && n.split('-')
                    .next()
                    .is_some_and(|k| k.len() >= 2 && k.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter(|n| !ours(n))
        .collect();
    stale.sort();
    if !stale.is_empty() {
        eprintln!(
            "note: {} also holds {} from an earlier run, not part of this cover (left alone)",
            dir.display(),
            stale.join(", ")
        );
    }
    Ok(())
}
