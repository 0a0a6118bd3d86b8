//! The cohort report over 100,000 xAPI statements, as `rapport cohort <LRS>` makes it once
//! the statements are read: group by registration, replay every attempt on its scenario
//! (with its turning points), aggregate. Time by criterion; memory by a counting allocator,
//! printed as the peak above the statements already in memory. docs/performance.md records
//! the numbers.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rapport::engine::Story;
use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::record::RunRecord;
use rapport::engine::run::Run;
use rapport::records::cohort::{self, load};
use rapport::records::config::{Learner, RecordsConfig};
use rapport::records::statements::{Attempt, statements};
use rapport::report::{Input, Report};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(n, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const STATEMENTS: usize = 100_000;

/// Random learners' runs of a bundled scenario as statements, until there are 100,000.
fn corpus(s: &Story) -> Vec<Value> {
    let analysis = analyze(s, DEFAULT_STATE_BUDGET);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut out = Vec::with_capacity(STATEMENTS + 64);
    let mut i = 0u64;
    while out.len() < STATEMENTS {
        let (mut run, _) = Run::start(s, rng.random()).unwrap();
        let mut t = 0;
        while !run.is_over() {
            t += 15_000;
            let offered: Vec<String> = run.options(s).iter().map(|c| c.id.clone()).collect();
            if offered.is_empty() {
                run.timeout(s, t).unwrap();
            } else {
                run.choose(s, &offered[rng.random_range(0..offered.len())], t)
                    .unwrap();
            }
        }
        let record = RunRecord::of(s, &run, &analysis.ranges);
        let report = Report::build(&Input::Solo(Box::new(record)), s, &analysis, None).unwrap();
        let cfg = RecordsConfig {
            learner: Learner {
                name: format!("Learner {}", i % 2_000),
                email: format!("learner{}@rapport-training.org", i % 2_000),
                ..Learner::default()
            },
            ..RecordsConfig::default()
        };
        let attempt = Attempt {
            registration: Attempt::registration_of(&format!("bench/{i}")),
            started_ms: Some(1_796_000_000_000 + i * 3_600_000),
            lang: "en-GB",
        };
        out.extend(statements(&cfg, &report, &attempt));
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let bytes = std::fs::read("scenarios/shadow-tools.ron").unwrap();
    let checked = rapport::engine::check_scenario("shadow-tools.ron", &bytes, None);
    let stories = vec![Story::new(checked.scenario.unwrap())];
    let all = corpus(&stories[0]);
    let build = || {
        let mut lib = load::Scenarios::new(&stories, None);
        let (attempts, skipped) = load::statements(&all, &mut lib);
        cohort::build("bench", attempts, |id, v| lib.story(id, v), skipped)
    };
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let c1 = build();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "cohort of {} statements: {} learners, {} attempts; peak memory above the statements {:.1} MiB",
        all.len(),
        c1.learners,
        c1.attempts,
        peak as f64 / (1024.0 * 1024.0)
    );
    assert!(
        c1.attempts > 3_000 && c1.skipped.is_empty(),
        "every attempt replays"
    );
    let mut g = c.benchmark_group("cohort");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.bench_function("100k-statements", |b| b.iter(build));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
