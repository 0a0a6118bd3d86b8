//! `rapport xapi`: the xAPI statements of saved runs and workshop sessions (written out, or
//! queued for the LRS), and `--send`, which sends what is queued and says what happened.

use super::report::{Built, build};
use super::{Cli, EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, XapiArgs, write_output};
use crate::game::data::DataDir;
use crate::records::config::RecordsConfig;
use crate::records::queue::Queue;
use crate::records::send::Lrs;
use crate::records::statements::{Attempt, lang, parse_time, run_registration, run_statements};
use crate::report::Input;
use serde_json::Value;

/// The file `records.ron` in the data folder, unless `--config` names another.
fn config(args: &XapiArgs) -> Result<RecordsConfig, u8> {
    let path = args
        .config
        .clone()
        .unwrap_or_else(|| DataDir::locate().records_config());
    RecordsConfig::load(&path).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_PROBLEMS
    })
}

fn queue() -> Queue {
    Queue::new(DataDir::locate().records())
}

pub(super) fn run(cli: &Cli, args: &XapiArgs) -> u8 {
    let cfg = match config(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if args.files.is_empty() && !args.send {
        eprintln!("error: name a saved run or workshop session, or pass --send (see rapport xapi --help)");
        return EXIT_CANNOT_RUN;
    }
    let started = match args.started.as_deref().map(parse_time).transpose() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: --started: {e}");
            return EXIT_CANNOT_RUN;
        }
    };
    let mut out: Vec<Value> = Vec::new();
    for path in &args.files {
        let built = match build(cli, path) {
            Ok(b) => b,
            Err(code) => return code,
        };
        let attempt = attempt(&built, started);
        for i in 0..built.report.runs.len() {
            let statements = run_statements(&cfg, &built.report, &attempt, i);
            if args.queue {
                let registration = run_registration(&built.report, &attempt, i).to_string();
                match queue().enqueue(&registration, &statements) {
                    Ok(n) => eprintln!(
                        "queued {n} statement(s) of {} (registration {registration})",
                        path.display()
                    ),
                    Err(e) => {
                        eprintln!("error: cannot queue the statements of {}: {e}", path.display());
                        return EXIT_CANNOT_RUN;
                    }
                }
            } else {
                out.extend(statements);
            }
        }
    }
    if !args.queue && !args.files.is_empty() {
        let text = serde_json::to_string_pretty(&out).expect("statements serialise") + "\n";
        let code = write_output(args.output.as_deref(), &text);
        if code != EXIT_OK {
            return code;
        }
    }
    if args.send { send(&cfg) } else { EXIT_OK }
}

/// The identity of a file's attempt: its registration from its content, so the same file
/// always gives the same statements.
fn attempt(built: &Built, started: Option<u64>) -> Attempt {
    let content = match &built.input {
        Input::Solo(r) => ron::ser::to_string(&r.run).unwrap_or_default(),
        Input::Workshop(w) => ron::ser::to_string(&w.setup).unwrap_or_default(),
    };
    Attempt {
        registration: Attempt::registration_of(&format!("{content}|{started:?}")),
        started_ms: started,
        lang: lang(built.story.region),
    }
}

fn send(cfg: &RecordsConfig) -> u8 {
    let q = queue();
    if !cfg.sends() {
        eprintln!(
            "error: no LRS is set: put its endpoint, user name and password in {} (docs/xapi.md); {} statement(s) wait",
            DataDir::locate().records_config().display(),
            q.waiting()
        );
        return EXIT_CANNOT_RUN;
    }
    let round = Lrs::new(cfg).send_queue(&q);
    println!(
        "sent {} statement(s) to {}; {} waiting; {} refused by the LRS{}",
        round.sent,
        cfg.endpoint.trim(),
        round.waiting,
        round.rejected,
        if round.rejected > 0 {
            format!(" (kept in {})", q.rejected_dir().display())
        } else {
            String::new()
        }
    );
    match round.stopped {
        Some(why) => {
            eprintln!("stopped: {why}; what is queued stays queued, run --send again later");
            EXIT_CANNOT_RUN
        }
        None if round.rejected > 0 => EXIT_PROBLEMS,
        None => EXIT_OK,
    }
}
