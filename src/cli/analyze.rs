//! `rapport analyze`: score ranges, best and worst paths, reachable endings, balance warnings.

use super::{AnalyzeArgs, Cli, EXIT_OK, Format, load_scenario};
use crate::engine::analyze::{Analysis, analyze};
use serde_json::json;

pub(super) fn run(cli: &Cli, args: &AnalyzeArgs) -> u8 {
    let s = match load_scenario(cli, &args.scenario) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let a = analyze(&s, args.max_states);
    match args.format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&to_json(&a)).expect("plain data serialises")
        ),
        Format::Text => print_text(&a),
    }
    EXIT_OK
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
