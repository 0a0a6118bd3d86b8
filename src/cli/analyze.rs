//! `rapport analyze`: score ranges, best and worst paths, reachable endings and the routes
//! into each, balance warnings, the scenario's content lints; with `--library`, the content
//! lints of every scenario.

use super::{AnalyzeArgs, Cli, EXIT_CANNOT_RUN, EXIT_OK, Format, load_entry};
use crate::engine::Diagnostic;
use crate::engine::analyze::{Analysis, analyze};
use crate::engine::bar::{Measured, measure};
use crate::engine::diagnostic::Code;
use crate::engine::model::{Difficulty, Region};
use crate::engine::routes::{MAX_ROUTES, Routes, routes};
use serde_json::json;

/// Routes listed per ending in the text output (the JSON has them all).
const SHOWN_ROUTES: usize = 10;

/// The content lints, in the order the table shows them.
const LINTS: [Code; 4] = [
    Code::FreeAnswer,
    Code::DominatedOption,
    Code::DecorativeTrust,
    Code::UnreadFlag,
];

pub(super) fn run(cli: &Cli, args: &AnalyzeArgs) -> u8 {
    let Some(arg) = args.scenario.as_deref().filter(|_| !args.library) else {
        return library(cli, args);
    };
    let (s, diagnostics) = match load_entry(cli, arg) {
        Ok(l) => (l.story, l.lints),
        Err(code) => return code,
    };
    let lints: Vec<&Diagnostic> = diagnostics.iter().collect();
    let a = analyze(&s, args.max_states);
    let r = routes(&s, args.max_states);
    match args.format {
        Format::Json => {
            let mut v = to_json(&a);
            if let Some(obj) = v.as_object_mut() {
                obj.insert(
                    "routes".into(),
                    serde_json::to_value(&r).expect("plain data serialises"),
                );
            }
            v["lints"] = json!(lints);
            outln!(
                "{}",
                serde_json::to_string_pretty(&v).expect("plain data serialises")
            )
        }
        Format::Text => {
            print_text(&a);
            print_routes(&r);
            if !lints.is_empty() {
                outln!("\ncontent lints ({}; `rapport check` shows where):", lints.len());
                for d in lints {
                    outln!(
                        "  {}[{}] line {}: {}",
                        d.severity.label(),
                        d.code,
                        d.line,
                        d.message
                    );
                }
            }
        }
    }
    EXIT_OK
}

/// `--library`: per scenario, how many of each content lint it has.
fn library(cli: &Cli, args: &AnalyzeArgs) -> u8 {
    let lib = match crate::library::load(cli.scenarios.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_CANNOT_RUN;
        }
    };
    let rows: Vec<(String, Option<[usize; 4]>)> = lib
        .entries
        .iter()
        .map(|e| {
            let counts = e
                .playable()
                .map(|_| LINTS.map(|code| e.checked.lints.iter().filter(|d| d.code == code).count()));
            (e.id(), counts)
        })
        .collect();
    let bars: Vec<Option<Measured>> = lib
        .entries
        .iter()
        .map(|e| {
            e.playable().map(|sc| {
                let story = crate::engine::Story::new(sc.clone());
                measure(
                    &story,
                    &analyze(&story, crate::engine::analyze::DEFAULT_STATE_BUDGET),
                )
            })
        })
        .collect();
    let mut totals = [0usize; 4];
    for (_, c) in &rows {
        for (t, n) in totals.iter_mut().zip(c.unwrap_or_default()) {
            *t += n;
        }
    }
    match args.format {
        Format::Json => {
            let scenarios: Vec<serde_json::Value> = rows
                .iter()
                .zip(&bars)
                .map(|((id, c), bar)| match c {
                    Some(c) => {
                        let mut o = json!({"id": id, "playable": true, "total": c.iter().sum::<usize>()});
                        for (code, n) in LINTS.iter().zip(c) {
                            o[code.as_str()] = json!(n);
                        }
                        o["bar"] = json!(bar);
                        o
                    }
                    None => json!({"id": id, "playable": false}),
                })
                .collect();
            let mut total = json!({"total": totals.iter().sum::<usize>()});
            for (code, n) in LINTS.iter().zip(totals) {
                total[code.as_str()] = json!(n);
            }
            outln!(
                "{}",
                serde_json::to_string_pretty(&json!({"scenarios": scenarios, "totals": total}))
                    .expect("plain data serialises")
            );
        }
        Format::Text => {
            let width = rows
                .iter()
                .map(|(id, _)| id.len())
                .max()
                .unwrap_or(0)
                .max("scenario".len());
            let head: Vec<String> = LINTS.iter().map(|c| format!("{:>16}", c.as_str())).collect();
            outln!("{:<width$} {} {:>6}", "scenario", head.join(" "), "total");
            let line = |name: &str, c: &[usize; 4]| {
                let cells: Vec<String> = c.iter().map(|n| format!("{n:>16}")).collect();
                format!(
                    "{name:<width$} {} {:>6}",
                    cells.join(" "),
                    c.iter().sum::<usize>()
                )
            };
            for (id, c) in &rows {
                match c {
                    Some(c) => outln!("{}", line(id, c)),
                    None => outln!("{id:<width$} (has errors: `rapport check` says which)"),
                }
            }
            outln!("{}", line("total", &totals));
            outln!(
                "\nContent lints never fail `check --strict` (`--deny-lints` makes them); `rapport check` shows each with its line."
            );
            print_bar(&bars.iter().flatten().collect::<Vec<_>>(), width);
        }
    }
    EXIT_OK
}

/// The bar each scenario is held to (free answers, costly best options, exhibits, contested
/// decisions) and the library's mix (difficulty, region, skills).
fn print_bar(bars: &[&Measured], width: usize) {
    outln!(
        "\n{:<width$} {:>12} {:>6} {:>9} {:>6} {:>11} {:>8} {:>9}",
        "the bar",
        "difficulty",
        "region",
        "decisions",
        "free%",
        "costly best",
        "exhibits",
        "contested"
    );
    for b in bars {
        outln!(
            "{:<width$} {:>12} {:>6} {:>9} {:>6} {:>11} {:>8} {:>9}",
            b.id,
            b.difficulty.label(),
            b.region.short(),
            b.decisions,
            b.free_share(),
            format!("{}/{}", b.costly_best, b.best_choices),
            b.exhibits,
            b.contested
        );
    }
    let count = |f: &dyn Fn(&Measured) -> bool| bars.iter().filter(|b| f(b)).count();
    outln!(
        "\n{} introductory, {} intermediate, {} advanced; {} set in the US; {} with exhibits",
        count(&|b| b.difficulty == Difficulty::Introductory),
        count(&|b| b.difficulty == Difficulty::Intermediate),
        count(&|b| b.difficulty == Difficulty::Advanced),
        count(&|b| b.region == Region::UnitedStates),
        count(&|b| b.exhibits > 0)
    );
    let mut skills: std::collections::BTreeMap<&str, usize> = Default::default();
    for b in bars {
        for k in &b.skills {
            *skills.entry(k.as_str()).or_default() += 1;
        }
    }
    let list: Vec<String> = skills.iter().map(|(k, n)| format!("{k} {n}")).collect();
    outln!("scenarios assessing each skill: {}", list.join(", "));
}

/// The routes into each ending: the deciding choices every route takes, then each route by
/// the ones that tell it apart.
fn print_routes(r: &Routes) {
    outln!(
        "\nroutes into each ending (by deciding choices: those that change which endings are still possible):"
    );
    if !r.complete {
        outln!(
            "  (incomplete: past the state budget, or more than {MAX_ROUTES} routes; these are the routes found)"
        );
    }
    for e in &r.endings {
        let n = e.routes.len();
        let more = if e.complete { "" } else { " or more" };
        outln!(
            "  {} — {n}{more} route{}",
            e.ending,
            if n == 1 { "" } else { "s" }
        );
        if !e.common.is_empty() {
            outln!("    every route: {}", e.common.join(", "));
        }
        if n > 1 {
            for route in e.routes.iter().take(SHOWN_ROUTES) {
                let key = if route.is_empty() {
                    "(nothing more)".to_string()
                } else {
                    route.join(", ")
                };
                outln!("    - {key}");
            }
            if n > SHOWN_ROUTES {
                outln!("    … and {} more (see --format json)", n - SHOWN_ROUTES);
            }
        }
    }
}
fn to_json(a: &Analysis) -> serde_json::Value {
    let range = |r: &crate::engine::score::Range| json!({"min": r.min, "max": r.max});
    json!({
        "id": a.id,
        "exact": a.exact,
        "states": a.states,
        "overall": range(&a.ranges.overall),
        "skills": a.ranges.skills.iter().map(|(k, r)| (k.clone(), range(r))).collect::<serde_json::Map<_, _>>(),
        "best_path": a.best.choices,
        "best_branches": a.best.branches,
        "best_ending": a.best.ending,
        "worst_path": a.worst.choices,
        "worst_branches": a.worst.branches,
        "worst_ending": a.worst.ending,
        "skill_paths": a.skill_paths.iter().map(|(k, (b, w))| (k.clone(), json!({
            "best": b.choices, "best_ending": b.ending, "worst": w.choices, "worst_ending": w.ending,
        }))).collect::<serde_json::Map<_, _>>(),
        "endings": a.endings,
        "strategies": a.strategies,
        "warnings": a.warnings,
    })
}

fn print_text(a: &Analysis) {
    outln!(
        "{} — {} ({} states explored)",
        a.id,
        if a.exact { "exact" } else { "BOUNDS ONLY" },
        a.states
    );
    outln!(
        "\noverall weighted points: {} to {}",
        a.ranges.overall.min,
        a.ranges.overall.max
    );
    outln!("{:<24} {:>5} {:>5}", "skill", "min", "max");
    for (k, r) in &a.ranges.skills {
        outln!("{k:<24} {:>5} {:>5}", r.min, r.max);
    }
    outln!(
        "\nbest path ({} points, ending `{}`):\n  {}",
        a.best.total,
        a.best.ending,
        a.best.choices.join(" → ")
    );
    if !a.best.branches.is_empty() {
        outln!("  with random branches: {}", a.best.branches.join(", "));
    }
    outln!(
        "worst path ({} points, ending `{}`):\n  {}",
        a.worst.total,
        a.worst.ending,
        a.worst.choices.join(" → ")
    );
    outln!("\nendings:");
    for e in &a.endings {
        outln!(
            "  {:<28} {}",
            e.id,
            if e.reachable { "reachable" } else { "NOT REACHABLE" }
        );
    }
    if !a.strategies.is_empty() {
        outln!("\nfixed strategies (expected overall score):");
        for st in &a.strategies {
            outln!(
                "  {:<28} {}",
                st.name,
                st.expected
                    .map_or("can get stuck".to_string(), |e| format!("{e}/100"))
            );
        }
    }
    if a.warnings.is_empty() {
        outln!("\nno balance warnings");
    } else {
        outln!("\nwarnings:");
        for w in &a.warnings {
            outln!("  warning: {w}");
        }
    }
}
