//! The cohort report (`records::cohort`) as one self-contained HTML page with inline SVG
//! charts, as CSV (one row per learner and scenario), or as JSON.

use super::html::{esc, house_style, page_start};
use crate::records::cohort::{Cohort, ScenarioCohort, Spread};
use std::fmt::Write as _;

const STYLE: &str = concat!(
    "\n",
    house_style!(),
    r#"main { max-width: 1000px; margin: 0 auto; padding: 40px 32px 64px; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .5rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
.sub { color: var(--muted); margin: 0 0 1.25rem; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 1rem 0; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .k { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .v { font-size: 1.4rem; font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.weak { color: #b91c1c; font-weight: 600; }
.up { color: #3f6212; } .down { color: #b91c1c; }
.decision { break-inside: avoid; margin: .8rem 0 1.2rem; }
.muted { color: var(--muted); }
svg { max-width: 100%; height: auto; }
@media print { main { padding: 0; } h2 { break-before: page; } }
"#
);

pub fn html(c: &Cohort) -> String {
    let mut o = String::new();
    page_start(&mut o, "Cohort report", STYLE);
    let _ = write!(
        o,
        "<h1>Cohort report</h1>\n<p class=\"sub\">{} learners, {} attempts, from {}</p>\n",
        c.learners,
        c.attempts,
        esc(&c.source)
    );
    if c.scenarios.is_empty() {
        o.push_str("<p>No finished attempts of a scenario in the library were found.</p>\n");
    }
    for s in &c.scenarios {
        scenario(&mut o, s);
    }
    if !c.skipped.is_empty() {
        let _ = write!(o, "<h2>Not included ({})</h2>\n<ul>\n", c.skipped.len());
        for k in c.skipped.iter().take(50) {
            let _ = writeln!(o, "<li class=\"muted\">{}</li>", esc(k));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn scenario(o: &mut String, s: &ScenarioCohort) {
    let _ = write!(
        o,
        "<h2>{} <span class=\"muted\">(version {})</span></h2>\n<div class=\"summary\">\
         <div class=\"card\"><div class=\"k\">Learners</div><div class=\"v\">{}</div></div>\
         <div class=\"card\"><div class=\"k\">Attempts</div><div class=\"v\">{}</div></div>\
         <div class=\"card\"><div class=\"k\">Median overall</div><div class=\"v\">{}</div></div>\
         <div class=\"card\"><div class=\"k\">Improved</div><div class=\"v\">{}</div></div></div>\n",
        esc(&s.title),
        s.version,
        s.learners,
        s.attempts,
        s.overall.median,
        s.progress
            .iter()
            .filter(|p| p.attempts > 1 && p.change > 0)
            .count(),
    );
    o.push_str("<h3>Scores across learners (latest attempt)</h3>\n");
    let mut rows = vec![&s.overall];
    rows.extend(&s.skills);
    o.push_str(&spreads(&rows));
    o.push_str("<h3>Endings</h3>\n<table><tr><th>Ending</th><th>Outcome</th><th class=\"n\">Attempts</th><th class=\"n\">Share</th></tr>\n");
    let total: usize = s.endings.iter().map(|e| e.count).sum::<usize>().max(1);
    for e in &s.endings {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td></tr>",
            esc(&e.title),
            esc(&e.outcome),
            e.count,
            e.count * 100 / total
        );
    }
    o.push_str("</table>\n");
    if !s.turning.is_empty() {
        o.push_str("<h3>Turning points that recur</h3>\n<table><tr><th>Decision</th><th>What would have kept the best outcome</th><th class=\"n\">Attempts</th></tr>\n");
        for t in s.turning.iter().take(12) {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&t.node),
                esc(&t.keep),
                t.count
            );
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h3>How the cohort split at each decision</h3>\n");
    for d in &s.decisions {
        let _ = writeln!(
            o,
            "<div class=\"decision\"><p><strong>{}</strong> <span class=\"muted\">reached by {} of {}</span></p>",
            esc(&d.node),
            d.reached,
            s.learners
        );
        if let Some(p) = &d.prompt {
            let _ = writeln!(o, "<p class=\"muted\">{}</p>", esc(p));
        }
        o.push_str(&bars(d));
        if let Some(w) = &d.common_weak
            && let Some(opt) = d.options.iter().find(|x| &x.choice_id == w)
        {
            let _ = writeln!(
                o,
                "<p>Most common weak option: <span class=\"weak\">{}</span> (chosen {} times; it lowered the best still reachable {} of them)</p>",
                esc(&opt.text),
                opt.count,
                opt.lost
            );
        }
        o.push_str("</div>\n");
    }
    o.push_str("<h3>Each learner over their attempts</h3>\n<table><tr><th>Learner</th><th class=\"n\">Attempts</th><th class=\"n\">First</th><th class=\"n\">Latest</th><th class=\"n\">Best</th><th class=\"n\">Change</th></tr>\n");
    for p in &s.progress {
        let class = match p.change {
            c if c > 0 => "up",
            c if c < 0 => "down",
            _ => "",
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n {class}\">{:+}</td></tr>",
            esc(&p.learner),
            p.attempts,
            p.first,
            p.latest,
            p.best,
            p.change
        );
    }
    o.push_str("</table>\n");
}

/// One row per score: a box from the lower to the upper quartile, the median marked, whiskers
/// to the lowest and highest, and the learners per fifth of the scale as a small histogram.
fn spreads(rows: &[&Spread]) -> String {
    let (label_w, plot_w, row_h, hist_w) = (190.0, 520.0, 34.0, 200.0);
    let w = label_w + plot_w + 30.0 + hist_w;
    let h = rows.len() as f64 * row_h + 28.0;
    let x = |v: u32| label_w + plot_w * f64::from(v) / 100.0;
    let mut o = format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Score spread per skill\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\" font-size=\"13\">\n"
    );
    for t in [0, 25, 50, 75, 100] {
        let _ = writeln!(
            o,
            "<line x1=\"{0}\" y1=\"4\" x2=\"{0}\" y2=\"{1}\" stroke=\"#e5e9ee\"/><text x=\"{0}\" y=\"{2}\" text-anchor=\"middle\" fill=\"#5f6b7a\" font-size=\"11\">{t}</text>",
            x(t),
            h - 22.0,
            h - 8.0
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 8.0;
        let mid = y + row_h / 2.0 - 4.0;
        let _ = writeln!(
            o,
            "<text x=\"0\" y=\"{}\" fill=\"#1f2933\">{}</text>",
            mid + 4.0,
            esc(&r.name)
        );
        if r.n == 0 {
            continue;
        }
        let _ = writeln!(
            o,
            "<line x1=\"{}\" y1=\"{mid}\" x2=\"{}\" y2=\"{mid}\" stroke=\"#5f6b7a\"/>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#cfe6f1\" stroke=\"#0b6e99\"/>\
",
            x(r.min),
            x(r.max),
            x(r.q1),
            mid - 8.0,
            (x(r.q3) - x(r.q1)).max(1.0),
        );
        // The median line: drawn separately for clarity.
        let _ = writeln!(
            o,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#1f2933\" stroke-width=\"3\"><title>median {3}</title></line>",
            x(r.median),
            mid - 10.0,
            mid + 10.0,
            r.median
        );
        let most = r.buckets.iter().copied().max().unwrap_or(1).max(1) as f64;
        for (b, &n) in r.buckets.iter().enumerate() {
            let bh = 22.0 * n as f64 / most;
            let bx = label_w + plot_w + 30.0 + b as f64 * (hist_w / 5.0);
            let _ = writeln!(
                o,
                "<rect x=\"{bx}\" y=\"{}\" width=\"{}\" height=\"{bh}\" fill=\"#94a3b8\"><title>{}–{}: {n}</title></rect>",
                mid + 11.0 - bh,
                hist_w / 5.0 - 4.0,
                b * 20,
                if b == 4 { 100 } else { b * 20 + 19 }
            );
        }
    }
    o.push_str("</svg>\n");
    o
}

/// A decision's options as horizontal bars of how many chose each; red where taking it mostly
/// lowered the best still reachable.
fn bars(d: &crate::records::cohort::Split) -> String {
    let (label_w, bar_w, row_h) = (430.0, 420.0, 24.0);
    let h = d.options.len() as f64 * row_h + 4.0;
    let most = d.options.iter().map(|o| o.count).max().unwrap_or(1).max(1) as f64;
    let mut o = format!(
        "<svg viewBox=\"0 0 {} {h}\" role=\"img\" aria-label=\"How the cohort chose\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\" font-size=\"12.5\">\n",
        label_w + bar_w + 60.0
    );
    for (i, opt) in d.options.iter().enumerate() {
        let y = i as f64 * row_h;
        let text: String = if opt.text.chars().count() > 64 {
            opt.text.chars().take(62).collect::<String>() + "…"
        } else {
            opt.text.clone()
        };
        let colour = if opt.is_weak() { "#dc8a8a" } else { "#0b6e99" };
        let bw = bar_w * opt.count as f64 / most;
        let _ = writeln!(
            o,
            "<text x=\"0\" y=\"{}\" fill=\"#1f2933\">{}<title>{}</title></text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{bw}\" height=\"16\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{0}\" fill=\"#5f6b7a\">{}</text>",
            y + 15.0,
            esc(&text),
            esc(&opt.text),
            y + 3.0,
            label_w + bw + 6.0,
            opt.count
        );
    }
    o.push_str("</svg>\n");
    o
}

/// One row per learner and scenario.
pub fn csv(c: &Cohort) -> String {
    let mut o = String::from("scenario,version,learner,attempts,first,latest,best,change\n");
    for s in &c.scenarios {
        for p in &s.progress {
            let _ = writeln!(
                o,
                "{},{},{},{},{},{},{},{}",
                super::csv::field(&s.id),
                s.version,
                super::csv::field(&p.learner),
                p.attempts,
                p.first,
                p.latest,
                p.best,
                p.change
            );
        }
    }
    o
}

pub fn json(c: &Cohort) -> String {
    serde_json::to_string_pretty(c).expect("the cohort serialises") + "\n"
}
