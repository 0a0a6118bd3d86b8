//! `rapport simulate`: Monte Carlo playthroughs of a scenario, for authors checking balance.

use super::{Cli, EXIT_CANNOT_RUN, EXIT_OK, Format, SimulateArgs, load_scenario};
use crate::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use crate::engine::simulate::simulate;

pub(super) fn run(cli: &Cli, args: &SimulateArgs) -> u8 {
    if args.runs == 0 {
        // A usage error, like the ones clap reports (exit code 2).
        eprintln!(
            "error: --runs 0 asks for no playthroughs, so there is nothing to report; \
             pass --runs N with N at least 1 (the default is 10000)"
        );
        return EXIT_CANNOT_RUN;
    }
    let s = match load_scenario(cli, &args.scenario) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let ranges = analyze(&s, DEFAULT_STATE_BUDGET).ranges;
    let sim = simulate(&s, &ranges, args.runs, args.seed);
    match args.format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&sim).expect("plain data serialises")
        ),
        Format::Text => {
            let pct = |n: u64| {
                if sim.runs == 0 {
                    0.0
                } else {
                    n as f64 * 100.0 / sim.runs as f64
                }
            };
            outln!(
                "{} — {} random playthroughs from seed {}",
                s.id,
                sim.runs,
                sim.seed
            );
            outln!("\nendings:");
            for (id, n) in &sim.endings {
                let outcome = s.ending(id).map_or("", |e| e.outcome.label());
                outln!("  {id:<28} {outcome:<8} {n:>8}  {:>5.1}%", pct(*n));
            }
            if sim.unfinished > 0 {
                outln!(
                    "  {:<37} {:>8}  {:>5.1}%",
                    "(could not finish)",
                    sim.unfinished,
                    pct(sim.unfinished)
                );
            }
            outln!(
                "\noverall score: mean {:.1}, 10th percentile {}, median {}, 90th percentile {}",
                sim.overall.mean,
                sim.overall.p10,
                sim.overall.median,
                sim.overall.p90
            );
            for (i, n) in sim.histogram.iter().enumerate() {
                let bar = "#".repeat((pct(*n) / 2.0).round() as usize);
                outln!(
                    "  {:>3}–{:<3} {n:>8}  {bar}",
                    i * 10,
                    if i == 9 { 100 } else { i * 10 + 9 }
                );
            }
            outln!("\nmean score per skill:");
            for (k, v) in &sim.skills {
                outln!("  {k:<24} {v:>5.1}");
            }
        }
    }
    EXIT_OK
}
