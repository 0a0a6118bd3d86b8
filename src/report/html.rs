//! One self-contained HTML page: inline CSS and SVG, system fonts, no scripts, no external
//! requests; a print stylesheet for A4.

use super::palette::team_colour;
use super::{Kind, PathStep, Report, RunReport, SessionInfo, svg};
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

/// Every Rapport page's opening, up to `<main>`: the document head with `title` (escaped here)
/// and the inline `style`.
pub(super) fn page_start(o: &mut String, title: &str, style: &str) {
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n",
        esc(title)
    );
}

/// The house style every Rapport page starts from (colours, font), for `concat!`.
macro_rules! house_style {
    () => {
        r#":root { --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --soft: #f4f6f8; --accent: #0b6e99; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
"#
    };
}
pub(super) use house_style;

const STYLE: &str = concat!(
    "\n",
    house_style!(),
    r#"main { max-width: 980px; margin: 0 auto; padding: 40px 32px 64px; }
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
.chart .label { font-size: 13px; fill: var(--ink); }
.chart .value { font-weight: 700; fill: var(--accent); }
.chart .tick { font-size: 11px; fill: var(--muted); }
.chart .line { fill: none; stroke-width: 2.5; }
.chart .series { fill-opacity: .08; stroke-width: 2.5; stroke-linejoin: round; }
.chart .opt { font-size: 14.5px; fill: var(--ink); }
.chart .opt.taken { font-weight: 700; fill: var(--accent); }
.chart .track { fill: var(--soft); }
.chart .fill { fill: #9aa5b1; }
.chart .fill.taken { fill: var(--accent); }
.chart .count { font-size: 13px; fill: var(--muted); font-variant-numeric: tabular-nums; }
figure.votefig { margin: .7rem 0 .3rem; max-width: 760px; }
figure.overlay { margin: 0 auto; max-width: 760px; }
.settled { margin: .4rem 0; font-size: .93rem; }
.tag.info { background: #e0f0f7; color: #0b4f6c; }
blockquote.note { border-left: 3px solid #a16207; background: #fdf6e3; font-size: .93rem; }
blockquote.note .k { display: block; font-size: .72rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
ul.plain { padding-left: 1.2rem; }
ul.plain li { margin: .3rem 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin-right: 7px; }
table.board .bar { min-width: 100px; }
table.board td:nth-child(2) { white-space: nowrap; }
table.against td:nth-child(2), table.against td:nth-child(3) { width: 48%; }
table.findings td:nth-child(4) { width: 60%; }
.why, .note-line { color: var(--muted); font-size: .85rem; }
.why { margin-top: 2px; }
.team { margin-top: 3rem; }
.team h2 .swatch { width: 16px; height: 16px; vertical-align: -2px; margin-right: 10px; }
ul.plain .teams { color: var(--muted); font-size: .9rem; }
ul.plain .teams .swatch { margin-left: 2px; }
figure.overlay .legend { justify-content: center; }
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
  .summary { grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); }
  figure, table, .chart, .votefig { break-inside: avoid; }
  .team { break-before: page; margin-top: 0; }
  blockquote.note { background: none !important; }
  .swatch, .legend i { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .bar span { background: #555 !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .chart { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"#
);

fn points_class(p: i32) -> &'static str {
    match p {
        p if p > 0 => "pos",
        p if p < 0 => "neg",
        _ => "zero",
    }
}

/// A card in the summary row: a small label, a value, and a line under it.
fn card(o: &mut String, class: &str, label: &str, value: &str, under: &str) {
    let _ = writeln!(
        o,
        "<div class=\"card{class}\"><div class=\"k\">{}</div><div class=\"v\">{value}</div><div>{under}</div></div>",
        esc(label)
    );
}

fn score_card(o: &mut String, label: &str, run: &RunReport) {
    card(
        o,
        " score",
        label,
        &format!("{}<small>/100</small>", run.overall),
        run.band.label(),
    );
}

fn ending_card(o: &mut String, run: &RunReport) {
    match &run.ending {
        Some(e) => card(
            o,
            "",
            "Ending",
            &esc(&e.title),
            &format!(
                "<span class=\"outcome-{}\">{}</span>",
                e.outcome.label(),
                e.outcome.label()
            ),
        ),
        None => card(o, "", "Ending", "not reached", ""),
    }
}

fn decisions_card(o: &mut String, runs: &[RunReport]) {
    let all = runs.iter().flat_map(|r| &r.decisions);
    let timeouts = all.clone().filter(|d| d.timed_out).count();
    card(
        o,
        "",
        "Decisions",
        &all.count().to_string(),
        &format!("{timeouts} timed out"),
    );
}

/// The skills: a radar chart beside a table of scores and points.
fn skills(o: &mut String, run: &RunReport) {
    o.push_str("<h2>Skills</h2>\n<div class=\"two\">\n<figure style=\"margin:0\">");
    let names: Vec<&str> = run.skills.iter().map(|k| k.name.as_str()).collect();
    let series = svg::Series {
        scores: run.skills.iter().map(|k| k.score).collect(),
        colour: team_colour(0),
    };
    o.push_str(&svg::radar(&names, &[series]));
    o.push_str("</figure>\n<table>\n<thead><tr><th>Skill</th><th class=\"num\">Score</th><th></th><th class=\"num\">Points</th></tr></thead>\n<tbody>\n");
    for k in &run.skills {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:+}</td></tr>",
            esc(&k.name),
            esc(&score_text(k.score)),
            bar(k.score),
            k.points
        );
    }
    o.push_str("</tbody>\n</table>\n</div>\n");
}

fn score_text(score: Option<u32>) -> String {
    score.map_or_else(|| "not movable".to_string(), |v| v.to_string())
}

fn bar(score: Option<u32>) -> String {
    score.map_or_else(String::new, |v| {
        format!("<div class=\"bar\"><span style=\"width:{v}%\"></span></div>")
    })
}

/// Every decision of a run: the choice, the votes (room vote), how it was settled, the
/// facilitator's note, the evidence and the coach note. `h` is the heading level.
fn decisions(o: &mut String, run: &RunReport, h: u8) {
    let votes = run
        .decisions
        .iter()
        .any(|d| d.options.iter().any(|o| o.votes.is_some()));
    let _ = writeln!(
        o,
        "<h{h}>{}</h{h}>",
        if votes { "Decisions and votes" } else { "Decisions" }
    );
    for d in &run.decisions {
        let mut tags = String::new();
        if d.timed_out {
            tags.push_str(" <span class=\"tag\">timed out</span>");
        }
        if d.override_reason.is_some() {
            tags.push_str(" <span class=\"tag\">override</span>");
        }
        if !d.tied.is_empty() {
            tags.push_str(" <span class=\"tag info\">tie</span>");
        }
        let _ = write!(
            o,
            "<article class=\"decision\">\n<header><span class=\"n\">{}</span><span class=\"choice\">{}</span><span class=\"meta\">node <code>{}</code> · {}</span>{tags}</header>\n",
            d.number,
            esc(&d.choice_text),
            esc(&d.node),
            esc(&d.time),
        );
        if d.options.iter().any(|o| o.votes.is_some()) {
            let _ = writeln!(
                o,
                "<figure class=\"votefig\">{}</figure>",
                svg::votes(&d.options, &d.choice_id)
            );
        }
        if let Some(how) = d.how_settled() {
            let _ = writeln!(o, "<p class=\"settled\">{}</p>", esc(&how));
        }
        if let Some(note) = &d.note {
            let _ = writeln!(
                o,
                "<blockquote class=\"note\"><span class=\"k\">Facilitator's note</span> \u{201c}{}\u{201d}</blockquote>",
                esc(note)
            );
        }
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
}

/// A what-if beside the run it branched from.
fn what_if(o: &mut String, c: &super::Comparison) {
    let ending = |s: &super::Side| {
        s.ending.as_ref().map_or_else(
            || "not reached".to_string(),
            |e| format!("{} ({})", e.title, e.outcome.label()),
        )
    };
    let _ = writeln!(
        o,
        "<h2>What if</h2>\n<p>This run is a what-if: at decision {} it took \u{201c}{}\u{201d} instead of \u{201c}{}\u{201d} (same seed, {}).</p>\n<table>\n<thead><tr><th></th><th>The run</th><th>What if</th></tr></thead>\n<tbody>\n<tr><td>Ending</td><td>{}</td><td>{}</td></tr>\n<tr><td>Overall</td><td>{} ({})</td><td>{} ({})</td></tr>",
        c.at,
        esc(&c.what_if.choice_text),
        esc(&c.original.choice_text),
        c.seed,
        esc(&ending(&c.original)),
        esc(&ending(&c.what_if)),
        c.original.overall,
        c.original.band.label(),
        c.what_if.overall,
        c.what_if.band.label()
    );
    for k in &c.skills {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&k.skill_name),
            score_text(k.original),
            score_text(k.what_if)
        );
    }
    o.push_str("</tbody>\n</table>\n");
}

/// Where the best still reachable fell, each with the option that would have kept it.
fn turning(o: &mut String, run: &RunReport, h: u8) {
    let t = &run.turning;
    let _ = writeln!(
        o,
        "<h{h}>Turning points</h{h}>\n<p class=\"note-line\">{}</p>",
        esc(t.meaning())
    );
    if t.points.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", esc(t.none()));
    }
    for p in &t.points {
        let _ = writeln!(
            o,
            "<article class=\"decision\">\n<header><span class=\"n\">{}</span><span class=\"choice\">{}</span><span class=\"meta\">node <code>{}</code></span> <span class=\"tag\">{}</span></header>\n<p>{}</p>\n<p>{}</p>",
            p.number,
            esc(&p.choice_text),
            esc(&p.node),
            match p.fell {
                super::Fell::Outcome => "ending lost",
                super::Fell::Score => "score lost",
            },
            esc(&p.what_fell()),
            esc(&p.instead()),
        );
        if let Some(line) = p.skills_line() {
            let _ = writeln!(o, "<p class=\"why\">{}</p>", esc(&line));
        }
        o.push_str("</article>\n");
    }
}

/// A legend: one colour swatch per entry.
fn legend(o: &mut String, entries: &[String]) {
    o.push_str("<ul class=\"legend\">");
    for (i, e) in entries.iter().enumerate() {
        let _ = write!(o, "<li><i style=\"background:{}\"></i>{e}</li>", team_colour(i));
    }
    o.push_str("</ul>");
}

fn trust(o: &mut String, run: &RunReport, h: u8) {
    let _ = write!(o, "<h{h}>Trust over time</h{h}>\n<figure style=\"margin:0\">");
    o.push_str(&svg::trust(&run.trust));
    let entries: Vec<String> = run
        .trust
        .iter()
        .map(|t| {
            format!(
                "{} ({} → {})",
                esc(&t.name),
                t.values.first().copied().unwrap_or(0),
                t.values.last().copied().unwrap_or(0)
            )
        })
        .collect();
    legend(o, &entries);
    o.push_str("</figure>\n");
}

fn debrief(o: &mut String, run: &RunReport, h: u8) {
    if let Some(e) = &run.ending {
        let paragraphs: Vec<String> = e.debrief.iter().map(|p| format!("<p>{}</p>", esc(p))).collect();
        let strong = match e.strong_leader.as_slice() {
            [one] => esc(one),
            many => many.iter().map(|p| format!("<p>{}</p>", esc(p))).collect(),
        };
        let _ = writeln!(
            o,
            "<h{h}>Debrief</h{h}>\n{}\n<h{h2}>What a strong leader would have done</h{h2}>\n<blockquote>{strong}</blockquote>",
            paragraphs.join("\n"),
            h2 = h + 1
        );
    }
}

/// The exhibits a run opened, if any.
fn reads(o: &mut String, run: &RunReport, h: u8) {
    if run.reads.is_empty() {
        return;
    }
    let _ = writeln!(o, "<h{h}>Exhibits opened</h{h}>\n<ul>");
    for r in &run.reads {
        let points: Vec<String> = r
            .evidence
            .iter()
            .map(|e| format!("{} {:+}", esc(&e.skill_name), e.points))
            .collect();
        let _ = writeln!(
            o,
            "<li>{} <small>(before decision {}{})</small></li>",
            esc(&r.title),
            r.before,
            if points.is_empty() {
                String::new()
            } else {
                format!("; {}", points.join(", "))
            }
        );
    }
    o.push_str("</ul>\n");
}

/// The scenario's learning objectives, for the facilitator.
fn objectives(o: &mut String, r: &Report, h: u8) {
    if r.objectives.is_empty() {
        return;
    }
    let _ = writeln!(o, "<h{h}>Learning objectives</h{h}>\n<ul>");
    for ob in &r.objectives {
        let _ = writeln!(o, "<li>{}</li>", esc(ob));
    }
    o.push_str("</ul>\n");
}

/// One numbered path; steps not in the same place in `other` are bold.
fn path_list(o: &mut String, path: &[PathStep], other: &[PathStep]) {
    o.push_str("<ol class=\"path\">\n");
    for (i, p) in path.iter().enumerate() {
        let differs = other.get(i).map(|q| &q.choice_id) != Some(&p.choice_id);
        let _ = writeln!(
            o,
            "<li{}>{}</li>",
            if differs { " class=\"differs\"" } else { "" },
            esc(&p.text)
        );
    }
    o.push_str("</ol>\n");
}

/// The run's path beside the best path. `whose` names the run's ("Your", "The room's", …).
fn paths(o: &mut String, r: &Report, run: &RunReport, whose: &str, h: u8) {
    let h3 = h + 1;
    let _ = writeln!(
        o,
        "<h{h}>{whose} path and the best path</h{h}>\n<div class=\"two\">\n<div><h{h3}>{whose} path</h{h3}>"
    );
    path_list(o, &run.path, &r.best_path);
    let _ = write!(o, "</div>\n<div><h{h3}>Best path");
    if let Some(e) = &r.best_ending {
        let _ = write!(o, " <span class=\"meta\">(ends: {})</span>", esc(e));
    }
    let _ = writeln!(o, "</h{h3}>");
    path_list(o, &r.best_path, &run.path);
    o.push_str("</div>\n</div>\n<p class=\"meta\">Steps in bold differ between the two paths.</p>\n");
}

/// Room vote: where the room split, and where its vote went against the evidence.
fn room_findings(o: &mut String, r: &Report, run: &RunReport) {
    o.push_str("<h2>Where the room split</h2>\n");
    if r.splits.is_empty() {
        o.push_str("<p>No vote split the room: every decision had a clear favourite.</p>\n");
    } else {
        o.push_str("<p class=\"note-line\">The runner-up had at least a third of the leader's votes and a fifth of all votes.</p>\n");
        o.push_str("<table class=\"findings\">\n<thead><tr><th class=\"num\">#</th><th>Node</th><th class=\"num\">Votes</th><th>Taken</th></tr></thead>\n<tbody>\n");
        for d in r
            .splits
            .iter()
            .filter_map(|n| run.decisions.iter().find(|d| d.number == *n))
        {
            let counts: Vec<String> = d
                .options
                .iter()
                .map(|o| o.votes.unwrap_or(0).to_string())
                .collect();
            let _ = writeln!(
                o,
                "<tr><td class=\"num\">{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>",
                d.number,
                esc(&d.node),
                counts.join(" · "),
                esc(&d.choice_text)
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("<h2>Against the rationale</h2>\n");
    if r.against_rationale.is_empty() {
        o.push_str(
            "<p>The room's top vote was always the option with the most weighted evidence points.</p>\n",
        );
        return;
    }
    o.push_str("<p class=\"note-line\">Decisions where the room's top vote carried fewer evidence points (weighted as in the overall score) than another option on offer.</p>\n");
    o.push_str("<table class=\"against\">\n<thead><tr><th class=\"num\">#</th><th>The room voted for</th><th>Better on the evidence</th></tr></thead>\n<tbody>\n");
    for a in &r.against_rationale {
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{}</td><td>{}<div class=\"why\">{} votes · {:+} points</div></td><td>{}<div class=\"why\">{:+} points · {}</div></td></tr>",
            a.number,
            esc(&a.room_choice),
            a.room_votes,
            a.room_points,
            esc(&a.better_choice),
            a.better_points,
            esc(&a.why)
        );
    }
    o.push_str("</tbody>\n</table>\n");
}

/// Team rounds: the leaderboard, every team's skills on one radar, where they diverged and
/// who came closest to the best path on each skill.
fn team_findings(o: &mut String, r: &Report) {
    let colour = |team: &str| team_colour(r.team_index(team).unwrap_or(0));
    let swatch = |team: &str| {
        format!(
            "<i class=\"swatch\" style=\"background:{}\"></i>{}",
            colour(team),
            esc(team)
        )
    };
    o.push_str("<h2>Leaderboard</h2>\n<table class=\"board\">\n<thead><tr><th class=\"num\">Rank</th><th>Team</th><th class=\"num\">Overall</th><th></th><th>Band</th><th>Ending</th></tr></thead>\n<tbody>\n");
    let mut rank = 0;
    for (i, s) in r.leaderboard.iter().enumerate() {
        if i == 0 || r.leaderboard[i - 1].overall != s.overall {
            rank = i + 1;
        }
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{rank}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            swatch(&s.team),
            s.overall,
            bar(Some(s.overall)),
            s.band.label(),
            esc(s.ending.as_deref().unwrap_or("not reached"))
        );
    }
    o.push_str("</tbody>\n</table>\n");

    o.push_str("<h2>Skills by team</h2>\n<figure class=\"overlay\">");
    let names: Vec<&str> = r
        .runs
        .first()
        .map(|run| run.skills.iter().map(|k| k.name.as_str()).collect())
        .unwrap_or_default();
    let series: Vec<svg::Series> = r
        .runs
        .iter()
        .enumerate()
        .map(|(i, run)| svg::Series {
            scores: run.skills.iter().map(|k| k.score).collect(),
            colour: team_colour(i),
        })
        .collect();
    o.push_str(&svg::radar(&names, &series));
    let entries: Vec<String> = r
        .runs
        .iter()
        .map(|run| esc(run.team.as_deref().unwrap_or("")))
        .collect();
    legend(o, &entries);
    o.push_str("</figure>\n<table>\n<thead><tr><th>Skill</th>");
    for run in &r.runs {
        let _ = write!(
            o,
            "<th class=\"num\">{}</th>",
            esc(run.team.as_deref().unwrap_or(""))
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for (k, name) in names.iter().enumerate() {
        let _ = write!(o, "<tr><td>{}</td>", esc(name));
        for run in &r.runs {
            let v = run.skills.get(k).and_then(|s| s.score);
            let _ = write!(o, "<td class=\"num\">{}</td>", esc(&score_text(v)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");

    o.push_str("<h2>Where the teams diverged</h2>\n");
    match &r.divergence {
        Some(d) => {
            let _ = writeln!(
                o,
                "<p>The teams first chose differently at decision {} (node <code>{}</code>):</p>\n<ul class=\"plain\">",
                d.number,
                esc(&d.node)
            );
            for (text, teams) in d.by_choice() {
                let teams: Vec<String> = teams.iter().map(|t| swatch(t)).collect();
                let _ = writeln!(
                    o,
                    "<li>{}<div class=\"teams\">{}</div></li>",
                    esc(text),
                    teams.join(" ")
                );
            }
            o.push_str("</ul>\n");
        }
        None => o.push_str("<p>Every team made the same choices.</p>\n"),
    }

    if !r.closest.is_empty() {
        o.push_str("<h2>Closest to the best path</h2>\n<p class=\"note-line\">Per skill, the team whose score is nearest to what the best path scores.</p>\n<table>\n<thead><tr><th>Skill</th><th class=\"num\">Best path</th><th>Closest team</th><th class=\"num\">Team's score</th></tr></thead>\n<tbody>\n");
        for c in &r.closest {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                esc(&c.skill_name),
                c.best_score,
                swatch(&c.team),
                c.team_score
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let (kicker, kind) = match r.kind {
        Kind::RoomVote => ("workshop report · room vote", "Workshop report"),
        Kind::TeamRounds => ("workshop report · team rounds", "Workshop report"),
        Kind::Solo => ("run report", "Run report"),
    };
    page_start(&mut o, &format!("{kind}: {}", r.scenario.title), STYLE);

    // Header.
    let _ = writeln!(o, "<p class=\"kicker\">Rapport · {kicker}</p>");
    let _ = writeln!(o, "<h1>{}</h1>", esc(&r.scenario.title));
    let scenario = format!(
        "scenario <code>{}</code> v{} · seed {}",
        esc(&r.scenario.id),
        r.scenario.version,
        r.seed
    );
    match &r.session {
        None => {
            let _ = writeln!(
                o,
                "<p class=\"sub\">You played: {} · {scenario}</p>",
                esc(&r.scenario.role)
            );
        }
        Some(s) => {
            let by = if s.facilitator.trim().is_empty() {
                String::new()
            } else {
                format!(" · facilitated by {}", esc(&s.facilitator))
            };
            let _ = writeln!(
                o,
                "<p class=\"sub\">Session <strong>{}</strong>{by} · {} · {scenario}<br>Role played: {}</p>",
                esc(&s.name),
                s.mode.label(),
                esc(&r.scenario.role)
            );
        }
    }

    o.push_str("<section class=\"summary\">\n");
    match (r.kind, r.runs.first(), &r.session) {
        (Kind::TeamRounds, _, Some(s)) => {
            card(&mut o, "", "Teams", &r.runs.len().to_string(), "");
            if let Some(top) = r.leaderboard.first() {
                card(
                    &mut o,
                    " score",
                    "Top score",
                    &format!("{}<small>/100</small>", top.overall),
                    &esc(&top.team),
                );
            }
            decisions_card(&mut o, &r.runs);
            session_card(&mut o, s);
        }
        (_, Some(run), session) => {
            score_card(
                &mut o,
                if session.is_some() {
                    "The room's score"
                } else {
                    "Overall score"
                },
                run,
            );
            ending_card(&mut o, run);
            decisions_card(&mut o, &r.runs);
            if let Some(s) = session {
                session_card(&mut o, s);
            }
        }
        _ => {}
    }
    o.push_str("</section>\n");

    match (r.kind, r.runs.first()) {
        (Kind::TeamRounds, _) => {
            team_findings(&mut o, r);
            objectives(&mut o, r, 2);
            for (i, run) in r.runs.iter().enumerate() {
                let team = run.team.as_deref().unwrap_or("");
                let _ = writeln!(
                    o,
                    "<section class=\"team\">\n<h2><i class=\"swatch\" style=\"background:{}\"></i>Team: {}</h2>\n<p class=\"sub\">Overall <strong>{}/100</strong> · {} · ending: {}</p>",
                    team_colour(i),
                    esc(team),
                    run.overall,
                    run.band.label(),
                    esc(run.ending.as_ref().map_or("not reached", |e| e.title.as_str()))
                );
                decisions(&mut o, run, 3);
                turning(&mut o, run, 3);
                reads(&mut o, run, 3);
                trust(&mut o, run, 3);
                debrief(&mut o, run, 3);
                paths(&mut o, r, run, &format!("{team}'s"), 3);
                o.push_str("</section>\n");
            }
        }
        (kind, Some(run)) => {
            if let Some(c) = &r.what_if {
                what_if(&mut o, c);
            }
            skills(&mut o, run);
            decisions(&mut o, run, 2);
            turning(&mut o, run, 2);
            reads(&mut o, run, 2);
            if kind == Kind::RoomVote {
                room_findings(&mut o, r, run);
            }
            trust(&mut o, run, 2);
            debrief(&mut o, run, 2);
            objectives(&mut o, r, 3);
            paths(
                &mut o,
                r,
                run,
                if kind == Kind::RoomVote {
                    "The room's"
                } else {
                    "Your"
                },
                2,
            );
        }
        _ => {}
    }
    let _ = writeln!(
        o,
        "<footer>Generated by Rapport from a saved {}. Scores are relative to this scenario: 0 is the worst any path allows, 100 the best.</footer>",
        if r.is_workshop() {
            "workshop session"
        } else {
            "run"
        }
    );
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn session_card(o: &mut String, s: &SessionInfo) {
    card(o, "", "Session time", &esc(&s.duration), s.state());
}
