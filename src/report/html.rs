//! One self-contained HTML page: inline CSS and SVG, system fonts, no scripts, no external
//! requests; a print stylesheet for A4.

use super::{Report, svg};
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = r#"
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --soft: #f4f6f8; --accent: #0b6e99; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 40px 32px 64px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
p { margin: .4rem 0 .8rem; }
.sub { color: var(--muted); margin: 0 0 1.25rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .k { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .v { font-size: 1.15rem; font-weight: 600; }
.score .v { font-size: 1.9rem; color: var(--accent); }
.score small { font-size: .55em; color: var(--muted); font-weight: 500; }
.outcome-success { color: #3f6212; } .outcome-partial { color: #a16207; } .outcome-failure { color: #b91c1c; }
.two { display: grid; grid-template-columns: 1.15fr 1fr; gap: 24px; align-items: start; }
table { width: 100%; border-collapse: collapse; font-size: .93rem; }
th, td { text-align: left; vertical-align: top; padding: 7px 8px; border-bottom: 1px solid var(--line); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { height: 8px; background: var(--soft); border-radius: 4px; overflow: hidden; min-width: 80px; margin-top: 7px; }
.bar span { display: block; height: 100%; background: var(--accent); }
.decision { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
.decision header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.decision .n { font-weight: 700; color: var(--accent); }
.decision .choice { font-weight: 600; flex: 1 1 300px; }
.meta { color: var(--muted); font-size: .85rem; white-space: nowrap; }
.tag { display: inline-block; font-size: .75rem; padding: 1px 7px; border-radius: 10px; background: #fde8e8; color: #9b1c1c; }
ul.ev { list-style: none; padding: 0; margin: .5rem 0; }
ul.ev li { padding: 2px 0; }
.pts { display: inline-block; min-width: 2.6em; font-weight: 700; font-variant-numeric: tabular-nums; }
.pos { color: #3f6212; } .neg { color: #b91c1c; } .zero { color: var(--muted); }
.coach { margin: .4rem 0 0; padding: 8px 12px; background: var(--soft); border-left: 3px solid var(--accent); font-size: .93rem; }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { fill: none; stroke: var(--line); stroke-width: 1; }
.chart .axis { stroke: var(--line); }
.chart .area { fill: rgba(11, 110, 153, .18); stroke: var(--accent); stroke-width: 2; }
.chart .dot { fill: var(--accent); }
.chart .label { font-size: 13px; fill: var(--ink); }
.chart .value { font-weight: 700; fill: var(--accent); }
.chart .tick { font-size: 11px; fill: var(--muted); }
.chart .line { fill: none; stroke-width: 2.5; }
.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; gap: 18px; flex-wrap: wrap; font-size: .9rem; }
.legend i { display: inline-block; width: 14px; height: 4px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
ol.path { padding-left: 1.4rem; margin: .25rem 0; }
ol.path li { margin: .25rem 0; }
ol.path li.differs { font-weight: 600; }
blockquote { margin: .5rem 0; padding: 10px 14px; background: var(--soft); border-radius: 6px; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 720px) { .two { grid-template-columns: 1fr; } main { padding: 24px 16px; } }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; margin-top: 1.4rem; }
  .card, .decision, .coach, blockquote, .bar { background: none !important; }
  .card, .decision { border-color: #bbb; }
  .two { grid-template-columns: 1fr 1fr; }
  figure, table, .chart { break-inside: avoid; }
  .bar span { background: #555 !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .chart { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"#;

fn points_class(p: i32) -> &'static str {
    match p {
        p if p > 0 => "pos",
        p if p < 0 => "neg",
        _ => "zero",
    }
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let title = format!("Run report: {}", r.scenario.title);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );

    // Header.
    let _ = writeln!(o, "<p class=\"kicker\">Rapport · run report</p>");
    let _ = writeln!(o, "<h1>{}</h1>", esc(&r.scenario.title));
    let _ = writeln!(
        o,
        "<p class=\"sub\">You played: {} · scenario <code>{}</code> v{} · seed {}</p>",
        esc(&r.scenario.role),
        esc(&r.scenario.id),
        r.scenario.version,
        r.seed
    );
    o.push_str("<section class=\"summary\">\n");
    let _ = writeln!(
        o,
        "<div class=\"card score\"><div class=\"k\">Overall score</div><div class=\"v\">{}<small>/100</small></div><div>{}</div></div>",
        r.overall,
        esc(&r.band)
    );
    match &r.ending {
        Some(e) => {
            let _ = writeln!(
                o,
                "<div class=\"card\"><div class=\"k\">Ending</div><div class=\"v\">{}</div><div class=\"outcome-{}\">{}</div></div>",
                esc(&e.title),
                esc(&e.outcome),
                esc(&e.outcome)
            );
        }
        None => o.push_str(
            "<div class=\"card\"><div class=\"k\">Ending</div><div class=\"v\">not reached</div></div>\n",
        ),
    }
    let timeouts = r.decisions.iter().filter(|d| d.timed_out).count();
    let _ = writeln!(
        o,
        "<div class=\"card\"><div class=\"k\">Decisions</div><div class=\"v\">{}</div><div>{} timed out</div></div>",
        r.decisions.len(),
        timeouts
    );
    o.push_str("</section>\n");

    // Skills.
    o.push_str("<h2>Skills</h2>\n<div class=\"two\">\n<figure style=\"margin:0\">");
    o.push_str(&svg::radar(&r.skills));
    o.push_str("</figure>\n<table>\n<thead><tr><th>Skill</th><th class=\"num\">Score</th><th></th><th class=\"num\">Points</th></tr></thead>\n<tbody>\n");
    for k in &r.skills {
        let (score, bar) = match k.score {
            Some(v) => (
                v.to_string(),
                format!("<div class=\"bar\"><span style=\"width:{v}%\"></span></div>"),
            ),
            None => ("not movable".to_string(), String::new()),
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{bar}</td><td class=\"num\">{:+}</td></tr>",
            esc(&k.name),
            esc(&score),
            k.points
        );
    }
    o.push_str("</tbody>\n</table>\n</div>\n");

    // Decisions.
    o.push_str("<h2>Decisions</h2>\n");
    for d in &r.decisions {
        let _ = write!(
            o,
            "<article class=\"decision\">\n<header><span class=\"n\">{}</span><span class=\"choice\">{}</span><span class=\"meta\">node <code>{}</code> · {}</span>{}</header>\n",
            d.number,
            esc(&d.choice_text),
            esc(&d.node),
            esc(&d.time),
            if d.timed_out {
                " <span class=\"tag\">timed out</span>"
            } else {
                ""
            }
        );
        if !d.evidence.is_empty() {
            o.push_str("<ul class=\"ev\">\n");
            for e in &d.evidence {
                let _ = writeln!(
                    o,
                    "<li><span class=\"pts {}\">{:+}</span> <strong>{}</strong> — {}</li>",
                    points_class(e.points),
                    e.points,
                    esc(&e.skill_name),
                    esc(&e.why)
                );
            }
            o.push_str("</ul>\n");
        }
        if !d.coach.is_empty() {
            let _ = writeln!(o, "<p class=\"coach\">{}</p>", esc(&d.coach));
        }
        o.push_str("</article>\n");
    }

    // Trust.
    o.push_str("<h2>Trust over time</h2>\n<figure style=\"margin:0\">");
    o.push_str(&svg::trust(&r.trust));
    o.push_str("<ul class=\"legend\">");
    for (i, t) in r.trust.iter().enumerate() {
        let _ = write!(
            o,
            "<li><i style=\"background:{}\"></i>{} ({} → {})</li>",
            svg::PALETTE[i % svg::PALETTE.len()],
            esc(&t.name),
            t.values.first().copied().unwrap_or(0),
            t.values.last().copied().unwrap_or(0)
        );
    }
    o.push_str("</ul></figure>\n");

    // Debrief.
    if let Some(e) = &r.ending {
        let _ = writeln!(
            o,
            "<h2>Debrief</h2>\n<p>{}</p>\n<h3>What a strong leader would have done</h3>\n<blockquote>{}</blockquote>",
            esc(&e.debrief),
            esc(&e.strong_leader)
        );
    }

    // Paths.
    o.push_str("<h2>Your path and the best path</h2>\n<div class=\"two\">\n<div><h3>Your path</h3>\n<ol class=\"path\">\n");
    let best: Vec<&str> = r.best_path.iter().map(|p| p.choice_id.as_str()).collect();
    let mine: Vec<&str> = r.player_path.iter().map(|p| p.choice_id.as_str()).collect();
    for (i, p) in r.player_path.iter().enumerate() {
        let differs = best.get(i) != Some(&p.choice_id.as_str());
        let _ = writeln!(
            o,
            "<li{}>{}</li>",
            if differs { " class=\"differs\"" } else { "" },
            esc(&p.text)
        );
    }
    o.push_str("</ol>\n</div>\n<div><h3>Best path");
    if let Some(e) = &r.best_ending {
        let _ = write!(o, " <span class=\"meta\">(ends: {})</span>", esc(e));
    }
    o.push_str("</h3>\n<ol class=\"path\">\n");
    for (i, p) in r.best_path.iter().enumerate() {
        let differs = mine.get(i) != Some(&p.choice_id.as_str());
        let _ = writeln!(
            o,
            "<li{}>{}</li>",
            if differs { " class=\"differs\"" } else { "" },
            esc(&p.text)
        );
    }
    o.push_str("</ol>\n</div>\n</div>\n<p class=\"meta\">Steps in bold differ between the two paths.</p>\n");
    o.push_str("<footer>Generated by Rapport from a saved run. Scores are relative to this scenario: 0 is the worst any path allows, 100 the best.</footer>\n");
    o.push_str("</main>\n</body>\n</html>\n");
    o
}
