//! `rapport analyze`: score ranges, best and worst paths, reachable endings and the routes
//! into each, balance warnings.

use super::{AnalyzeArgs, Cli, EXIT_OK, Format, load_scenario};
use crate::engine::analyze::{Analysis, analyze};
use crate::engine::routes::{MAX_ROUTES, Routes, routes};
use serde_json::json;

/// Routes listed per ending in the text output (the JSON has them all).
const SHOWN_ROUTES: usize = 10;

pub(super) fn run(cli: &Cli, args: &AnalyzeArgs) -> u8 {
    let s = match load_scenario(cli, &args.scenario) {
        Ok(s) => s,
        Err(code) => return code,
    };
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
            outln!(
                "{}",
                serde_json::to_string_pretty(&v).expect("plain data serialises")
            )
        }
        Format::Text => {
            print_text(&a);
            print_routes(&r);
        }
    }
    EXIT_OK
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
