//! `rapport play`: a scenario in the terminal, interactive or from a list of choices; with
//! `--from RUN --at N`, a what-if of a saved run (its decisions before N replayed, another
//! option taken at N), compared with the run at the end.

use super::{Cli, EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, Format, PlayArgs, load_entry};
use crate::engine::Story;
use crate::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use crate::engine::model::Beat;
use crate::engine::record::RunRecord;
use crate::engine::run::{Entered, Run};
use crate::engine::text::{debrief, interpolate};
use crate::engine::whatif::{self, WhatIf};
use crate::report::Comparison;
use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Instant;

/// Where the transcript goes: stdout for text, stderr when stdout carries JSON, nowhere when scripted JSON.
struct Out {
    sink: Sink,
}

enum Sink {
    Stdout,
    Stderr,
    Quiet,
}

impl Out {
    fn line(&self, s: &str) {
        match self.sink {
            Sink::Stdout => outln!("{s}"),
            Sink::Stderr => eprintln!("{s}"),
            Sink::Quiet => {}
        }
    }
}

pub(super) fn run(cli: &Cli, args: &PlayArgs) -> u8 {
    let (s, skills) = match load_entry(cli, &args.scenario).map(|l| (l.story, l.skills)) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let scripted: Option<Vec<String>> = args.choices.as_ref().map(|l| {
        l.split(',')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    });
    let out = Out {
        sink: match (args.format, scripted.is_some()) {
            (Format::Text, _) => Sink::Stdout,
            (Format::Json, false) => Sink::Stderr,
            (Format::Json, true) => Sink::Quiet,
        },
    };
    // A what-if: the saved run and the decision where it branches, until the branch is taken.
    let mut branching: Option<(Run, usize)> = None;
    let mut what_if: Option<WhatIf> = None;
    let (mut run, entered) = match (&args.from, args.at) {
        (Some(from), Some(at)) => match branch_point(&s, from, at) {
            Ok((of, run, entered)) => {
                out.line(&format!(
                    "== What if: {} ({}) — seed {}, from {} at decision {at} ==",
                    s.title,
                    s.id,
                    of.seed,
                    from.display()
                ));
                out.line(&format!("You are: {}\n{}\n", s.role, s.setting));
                if at > 1 {
                    out.line(&if at == 2 {
                        "Decision 1 as in the run:".to_string()
                    } else {
                        format!("Decisions 1–{} as in the run:", at - 1)
                    });
                    for (i, d) in of.decisions[..at - 1].iter().enumerate() {
                        let text = s
                            .choice(&d.choice)
                            .map_or(d.choice.as_str(), |(_, c)| c.text.as_str());
                        out.line(&format!("  {}. {text}", i + 1));
                    }
                    out.line("");
                }
                branching = Some((of, at));
                (run, entered)
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                return EXIT_CANNOT_RUN;
            }
        },
        _ => match Run::start(&s, args.seed) {
            Ok((run, entered)) => {
                out.line(&format!("== {} ({}) — seed {} ==", s.title, s.id, args.seed));
                out.line(&format!("You are: {}\n{}\n", s.role, s.setting));
                (run, entered)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_PROBLEMS;
            }
        },
    };
    show(&out, &s, &entered);
    let mut tokens = scripted.map(|t| t.into_iter());
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let started = Instant::now();
    while !run.is_over() {
        let options = run.options(&s);
        // At the branching decision, the run's own choice is marked (a what-if takes another).
        let was = branching
            .as_ref()
            .and_then(|(of, at)| of.decisions.get(at - 1))
            .map(|d| d.choice.clone());
        for (i, c) in options.iter().enumerate() {
            let mark = if was.as_deref() == Some(c.id.as_str()) {
                "  (the run's choice)"
            } else {
                ""
            };
            out.line(&format!(
                "  {}. {}{mark}",
                i + 1,
                interpolate(&s, &run.state, &c.text)
            ));
        }
        let exhibits: Vec<String> = run
            .exhibits(&s)
            .iter()
            .map(|x| {
                let seen = if run.state.read.contains(&x.id) {
                    ", opened"
                } else {
                    ""
                };
                format!(
                    "read:{} ({} \u{201c}{}\u{201d}{seen})",
                    x.id,
                    x.kind.label(),
                    x.title
                )
            })
            .collect();
        if !exhibits.is_empty() {
            out.line(&format!("  exhibits here: {}", exhibits.join(", ")));
        }
        let timer = run.timer(&s).cloned();
        if let Some(t) = &timer {
            out.line(&format!(
                "  (timed: {} seconds; `timeout` lets the time run out)",
                t.seconds
            ));
        }
        let asked = Instant::now();
        let input = match tokens.as_mut() {
            Some(t) => match t.next() {
                Some(tok) => tok,
                None => {
                    let valid: Vec<String> = (1..=options.len()).map(|n| n.to_string()).collect();
                    eprintln!(
                        "error: the choices ran out at node `{}` before the scenario ended; next, choose one of {}{}",
                        run.node,
                        valid.join(", "),
                        if timer.is_some() { " or timeout" } else { "" }
                    );
                    return EXIT_PROBLEMS;
                }
            },
            None => {
                print!("> ");
                let _ = std::io::stdout().flush();
                match lines.next() {
                    Some(Ok(l)) => l.trim().to_string(),
                    _ => {
                        eprintln!(
                            "\nerror: input ended before the scenario did (at node `{}`)",
                            run.node
                        );
                        return EXIT_PROBLEMS;
                    }
                }
            }
        };
        if input == "q" || input == "quit" {
            eprintln!("stopped at node `{}`", run.node);
            return EXIT_PROBLEMS;
        }
        // Opening an exhibit is not a decision: show it, then ask again.
        if let Some(id) = input.strip_prefix("read:") {
            match run.read(&s, id.trim()) {
                Ok(_) => {
                    if let Some(x) = s.exhibit(id.trim()) {
                        out.line(&format!("\n[{}] {}\n{}\n", x.kind.label(), x.title, x.body));
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    if tokens.is_some() {
                        return EXIT_PROBLEMS;
                    }
                }
            }
            continue;
        }
        // Game time: wall time when interactive, nothing when scripted (so replays are identical).
        let at_ms = if tokens.is_some() {
            0
        } else {
            started.elapsed().as_millis() as u64
        };
        let late = tokens.is_none()
            && timer
                .as_ref()
                .is_some_and(|t| asked.elapsed().as_secs() >= u64::from(t.seconds));
        let before = run.state.clone();
        let result = if let Some((of, at)) = &branching {
            // The what-if's own decision: any offered option but the run's, or the timeout.
            let id = if input == "timeout" || late {
                timer
                    .as_ref()
                    .map(|t| t.timeout.clone())
                    .ok_or_else(|| format!("this decision is not timed; choose 1–{}", options.len()))
            } else {
                match input.parse::<usize>() {
                    Ok(n) if (1..=options.len()).contains(&n) => Ok(options[n - 1].id.clone()),
                    Ok(n) => Err(format!(
                        "there is no choice {n} at decision {at}: choose 1–{}",
                        options.len()
                    )),
                    Err(_) => Ok(input.clone()),
                }
            };
            let taken = id
                .and_then(|id| whatif::branch(&s, of, &mut run, *at, &id, at_ms).map_err(|e| e.to_string()));
            match taken {
                Ok((entered, w)) => {
                    what_if = Some(w);
                    Ok(entered)
                }
                Err(msg) if tokens.is_some() => {
                    eprintln!("error: {msg}");
                    return EXIT_CANNOT_RUN;
                }
                Err(msg) => Err(msg),
            }
        } else if input == "timeout" || late {
            if late {
                out.line("(the time ran out before you answered)");
            }
            if timer.is_none() {
                Err(format!("this decision is not timed; choose 1–{}", options.len()))
            } else {
                run.timeout(&s, at_ms).map_err(|e| e.to_string())
            }
        } else {
            let id = match input.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => Ok(options[n - 1].id.clone()),
                Ok(n) => Err(format!(
                    "there is no choice {n} at node `{}`: choose 1–{}{}",
                    run.node,
                    options.len(),
                    if timer.is_some() { " or timeout" } else { "" }
                )),
                Err(_) => Ok(input.clone()),
            };
            id.and_then(|id| {
                run.choose(&s, &id, at_ms).map_err(|e| match e {
                    crate::engine::run::RunError::UnknownChoice { given, valid } => format!(
                        "`{given}` is not a choice at node `{}`: choose a number 1–{} or one of: {}",
                        run.node,
                        valid.len(),
                        valid.join(", ")
                    ),
                    other => other.to_string(),
                })
            })
        };
        if result.is_ok() {
            branching = None;
        }
        match result {
            Ok(entered) => {
                if let Some(d) = run.decisions.last() {
                    let c = s.choice(&d.choice).map(|(_, c)| c);
                    let said = options.iter().find(|o| o.id == d.choice).map_or_else(
                        || c.map_or(String::new(), |c| c.text.clone()),
                        |o| interpolate(&s, &before, &o.text).into_owned(),
                    );
                    out.line(&format!("\n> {said}\n"));
                    if args.coach
                        && let Some(c) = c
                        && !c.coach.is_empty()
                    {
                        out.line(&format!("  [coach] {}\n", c.coach));
                    }
                }
                show(&out, &s, &entered);
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                if tokens.is_some() {
                    return EXIT_PROBLEMS;
                }
            }
        }
    }
    let analysis = analyze(&s, DEFAULT_STATE_BUDGET);
    let ranges = &analysis.ranges;
    let record = match &what_if {
        Some(w) => RunRecord::of_what_if(&s, &run, ranges, w.clone()),
        None => RunRecord::of(&s, &run, ranges),
    };
    let comparison = match &what_if {
        Some(w) => match Comparison::build(&s, &analysis, skills.as_ref(), w, &run) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("error: cannot compare the what-if with the run: {e}");
                return EXIT_PROBLEMS;
            }
        },
        None => None,
    };
    if let Some(e) = run.ending.as_deref().and_then(|e| s.ending(e)) {
        let shown = debrief(&s, e, &run.state);
        out.line(&format!(
            "\n== Ending: {} ({}) ==\n{}\n",
            e.title,
            e.outcome.label(),
            shown.debrief.join("\n\n")
        ));
        out.line(&format!(
            "What a strong leader would have done: {}\n",
            shown.strong_leader.join("\n\n")
        ));
    }
    out.line(&format!(
        "Overall: {}/100 ({})",
        record.scores.overall,
        record.scores.band.label()
    ));
    for (k, v) in &record.scores.skills {
        out.line(&format!(
            "  {k:<22} {}",
            v.map_or("—".to_string(), |v| format!("{v:>3}"))
        ));
    }
    if let Some(c) = &comparison {
        out.line("");
        out.line(c.render_text().trim_end());
    }
    if args.format == Format::Json {
        // A what-if's record, with the comparison beside it.
        let mut json = serde_json::to_value(&record).expect("plain data serialises");
        if let (Some(c), Some(obj)) = (&comparison, json.as_object_mut()) {
            obj.insert(
                "comparison".into(),
                serde_json::to_value(c).expect("plain data serialises"),
            );
        }
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).expect("plain data serialises")
        );
    }
    if let Some(path) = &args.save {
        let text = ron::ser::to_string_pretty(&record, ron::ser::PrettyConfig::default())
            .expect("plain data serialises");
        if let Err(e) = crate::store::write_atomic(path, text.as_bytes()) {
            eprintln!("error: cannot save the run to `{}`: {e}", path.display());
            return EXIT_CANNOT_RUN;
        }
        let what = if what_if.is_some() { "what-if" } else { "run" };
        out.line(&format!("saved the {what} to {}", path.display()));
    }
    EXIT_OK
}

/// The run saved in `from` (a run record), replayed with its seed to just before decision
/// `at`: the run, the what-if's run waiting there, and the nodes last entered. `Err` says
/// why the run cannot be used (a usage error).
fn branch_point(s: &Story, from: &Path, at: usize) -> Result<(Run, Run, Vec<Entered>), String> {
    let name = from.display();
    let text = std::fs::read_to_string(from).map_err(|e| format!("cannot read `{name}`: {e}"))?;
    let record: RunRecord = ron::from_str(&text).map_err(|e| {
        format!(
            "{name}:{}:{}: not a run record saved by `rapport play --save`: {}",
            e.span.start.line.max(1),
            e.span.start.col.max(1),
            e.code
        )
    })?;
    let (run, entered) = whatif::replay_to(s, &record.run, at).map_err(|e| format!("{name}: {e}"))?;
    Ok((record.run, run, entered))
}

fn show(out: &Out, s: &Story, entered: &[Entered]) {
    for e in entered {
        let node = s.at(e.id);
        for i in &e.beats {
            let text = e.text(node, i);
            match &node.beats[i] {
                Beat::Narrate { .. } => out.line(text),
                Beat::Say { who, .. } => match s.character(who) {
                    Some(c) => out.line(&format!("{}, {}: \"{text}\"", c.name, c.title)),
                    None => out.line(&format!("{who}: \"{text}\"")),
                },
            }
        }
    }
}
