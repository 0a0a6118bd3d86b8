//! The facilitator's guide (`rapport guide`): a printable situation manual for running one
//! scenario with a room — who it is for, the timing plan, the briefing players see, what the
//! room should be listening for at each decision, the decisions trainers disagree on with both
//! sides, the hot-wash questions, how to use the turning points, and the exhibits as handouts.
//!
//! The guide is built once as a list of [`Block`]s and then written as HTML or Markdown, so
//! the two formats can never say different things.

use super::handouts;
use super::html::{esc, house_style, page_start};
use crate::engine::Story;
use crate::engine::exhibit::Layout;
use crate::engine::model::{Beat, Exhibit, Then};
use crate::engine::text::interpolate;
use std::fmt::Write;

/// One piece of the guide, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A sub-heading inside a section (one decision).
    Sub(String),
    Para(String),
    /// A paragraph the facilitator must not show the room.
    Caution(String),
    /// A label and its text ("Listen for", "The case for …").
    Labelled(String, String),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
    /// A header row, then rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// The scenario's exhibit with this index, as a handout page.
    Handout(usize),
}

/// The guide's blocks for `s`.
pub fn blocks(s: &Story) -> Vec<Block> {
    use Block::*;
    let f = s.facilitation.clone().unwrap_or_default();
    let start = s.initial();
    let fill = |t: &str| interpolate(s, start, t).into_owned();
    let mut b = Vec::new();
    let skills: Vec<String> = s
        .assesses
        .iter()
        .map(|(k, w)| format!("{} ({w})", k.replace('_', " ")))
        .collect();
    b.push(Para(format!(
        "{} · {} · about {} minutes of play · assesses {}",
        s.difficulty.title(),
        s.region.label(),
        s.minutes,
        skills.join(", ")
    )));
    if s.facilitation.is_none() {
        b.push(Caution(
            "This scenario has no facilitation notes yet: the guide holds only what the scenario file says."
                .into(),
        ));
    }

    b.push(Heading("Who it is for".into()));
    if !f.audience.trim().is_empty() {
        b.push(Para(f.audience.clone()));
    }
    if !f.prerequisites.is_empty() {
        b.push(Labelled("Before the session".into(), String::new()));
        b.push(Bullets(f.prerequisites.clone()));
    }

    if !f.timing.is_empty() {
        b.push(Heading("Timing plan".into()));
        let mut at = 0u32;
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (segment, minutes) in &f.timing {
            rows.push(vec![clock(at), segment.clone(), format!("{minutes} min")]);
            at += minutes;
        }
        rows.push(vec![clock(at), "End".into(), format!("{at} min in all")]);
        b.push(Table(
            vec!["Starts".into(), "Segment".into(), "Length".into()],
            rows,
        ));
    }

    b.push(Heading("The briefing players see".into()));
    b.push(Labelled("Role".into(), s.role.clone()));
    b.push(Labelled("Situation".into(), s.setting.clone()));
    if let Some(a) = &s.accountable {
        b.push(Labelled("Accountable for".into(), a.clone()));
    }
    if !s.characters.is_empty() {
        b.push(Bullets(
            s.characters
                .iter()
                .map(|c| format!("{}, {}: {}", c.name, c.title, c.profile))
                .collect(),
        ));
    }

    b.push(Heading("For your eyes only".into()));
    b.push(Caution(
        "Keep this section off the projector: players see the objectives only after play, and the people's hidden facts are for them to find."
            .into(),
    ));
    b.push(Labelled("What players should take away".into(), String::new()));
    b.push(Bullets(s.objectives.clone()));
    let private: Vec<String> = s
        .characters
        .iter()
        .filter_map(|c| c.private.as_ref().map(|p| format!("{}: {p}", c.name)))
        .collect();
    if !private.is_empty() {
        b.push(Labelled("What the people know".into(), String::new()));
        b.push(Bullets(private));
    }
    b.push(Labelled("How it can end".into(), String::new()));
    b.push(Table(
        vec!["Ending".into(), "Outcome".into()],
        s.endings
            .iter()
            .map(|e| vec![e.title.clone(), e.outcome.label().into()])
            .collect(),
    ));

    if !f.listen_for.is_empty() {
        b.push(Heading("Decision by decision".into()));
        for (n, l) in f.listen_for.iter().enumerate() {
            let Some(node) = s.nodes.iter().find(|x| x.id == l.node) else {
                continue;
            };
            b.push(Sub(format!("{}. {}", n + 1, scene_title(node, &fill))));
            if let Then::Choices(choices) = &node.then {
                let options: Vec<String> = choices
                    .iter()
                    .filter(|c| !c.timeout_only)
                    .map(|c| fill(&c.text))
                    .collect();
                b.push(Numbered(options));
                if let Some(t) = &node.timer {
                    let default = choices
                        .iter()
                        .find(|c| c.id == t.timeout)
                        .map_or_else(|| t.timeout.clone(), |c| fill(&c.text));
                    b.push(Labelled(
                        "Timed".into(),
                        format!("{} seconds; when they run out: “{default}”", t.seconds),
                    ));
                }
            }
            b.push(Labelled("Listen for".into(), l.note.clone()));
        }
    }

    if !f.contested.is_empty() {
        b.push(Heading("Where trainers disagree".into()));
        b.push(Para(
            "These decisions have no settled answer among experienced trainers. Let the room argue both sides before you show the scores."
                .into(),
        ));
        for c in &f.contested {
            let Some(node) = s.nodes.iter().find(|x| x.id == c.node) else {
                continue;
            };
            b.push(Sub(scene_title(node, &fill)));
            b.push(Labelled("Put to the room".into(), c.question.clone()));
            for side in &c.sides {
                let text = match &node.then {
                    Then::Choices(cs) => cs
                        .iter()
                        .find(|x| x.id == side.choice)
                        .map(|x| fill(&x.text))
                        .unwrap_or_else(|| side.choice.clone()),
                    _ => side.choice.clone(),
                };
                b.push(Labelled(format!("For “{text}”"), side.case.clone()));
            }
        }
    }

    b.push(Heading("Hot wash".into()));
    b.push(Numbered(s.debrief_questions.clone()));

    b.push(Heading("Using the turning points".into()));
    b.push(Para(
        "After a run, Rapport marks its turning points: the decisions where the best outcome still within reach fell, each with the option that would have kept it. The debrief shows them to a solo player, the hot wash shows the room's and each team's, and every report lists them. Ask the room what they knew at that moment before you show what the other option would have kept; then replay it with “What if…” and compare the two endings side by side."
            .into(),
    ));
    if !f.turning_points.trim().is_empty() {
        b.push(Para(f.turning_points.clone()));
    }

    if !s.exhibits.is_empty() {
        b.push(Heading("Handouts".into()));
        b.push(Para(format!(
            "{} exhibit(s) follow, one to a printed page; `rapport handouts {}` prints them with the briefing for participants.",
            s.exhibits.len(),
            s.id
        )));
        b.extend((0..s.exhibits.len()).map(Handout));
    }
    b
}

/// A scene's title for the guide: its question for the room, else its first line.
fn scene_title(node: &crate::engine::model::Node, fill: &dyn Fn(&str) -> String) -> String {
    if let Some(p) = &node.prompt {
        return fill(p);
    }
    let first = node
        .beats
        .iter()
        .find(|b| b.when().is_none())
        .or(node.beats.first());
    match first {
        Some(Beat::Say { who, text, .. }) => format!("{who}: “{}”", clip(&fill(text))),
        Some(Beat::Narrate { text, .. }) => clip(&fill(text)),
        None => node.id.clone(),
    }
}

fn clip(t: &str) -> String {
    let first = t.split_inclusive(['.', '?', '!']).next().unwrap_or(t).trim();
    if first.chars().count() > 140 {
        let cut: String = first.chars().take(137).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}

fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

const STYLE: &str = concat!(
    "\n",
    house_style!(),
    r#"main { max-width: 860px; margin: 0 auto; padding: 40px 32px 64px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p { margin: .4rem 0 .8rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0; }
.meta { color: var(--muted); }
.caution { border-left: 4px solid #b5541c; background: #fbf1ea; padding: 8px 12px; border-radius: 4px; }
.label { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
"#,
    handouts::exhibit_style!(),
    r#"footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .exhibit { break-before: page; border: none; padding: 0; margin-top: 0; }
  pre { background: none; border: 1px solid #bbb; }
}
"#
);

/// The guide as one self-contained, printable HTML page (inline CSS, no scripts).
pub fn html(s: &Story) -> String {
    let mut o = String::new();
    page_start(&mut o, &format!("{} — facilitator's guide", s.title), STYLE);
    let _ = writeln!(
        o,
        "<p class=\"kicker\">Facilitator's guide</p>\n<h1>{}</h1>\n<p>{}</p>",
        esc(&s.title),
        esc(&s.summary)
    );
    let mut first = true;
    for block in blocks(s) {
        match block {
            Block::Heading(t) => {
                let _ = writeln!(o, "<h2>{}</h2>", esc(&t));
            }
            Block::Sub(t) => {
                let _ = writeln!(o, "<h3>{}</h3>", esc(&t));
            }
            Block::Para(t) if first => {
                let _ = writeln!(o, "<p class=\"meta\">{}</p>", esc(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(o, "<p>{}</p>", esc(&t));
            }
            Block::Caution(t) => {
                let _ = writeln!(o, "<p class=\"caution\">{}</p>", esc(&t));
            }
            Block::Labelled(l, t) if t.is_empty() => {
                let _ = writeln!(o, "<p class=\"label\">{}</p>", esc(&l));
            }
            Block::Labelled(l, t) => {
                let _ = writeln!(o, "<p><span class=\"label\">{}:</span> {}</p>", esc(&l), esc(&t));
            }
            Block::Bullets(items) => list(&mut o, "ul", &items),
            Block::Numbered(items) => list(&mut o, "ol", &items),
            Block::Table(head, rows) => {
                let rows: Vec<Vec<&str>> = std::iter::once(head.iter().map(String::as_str).collect())
                    .chain(rows.iter().map(|r| r.iter().map(String::as_str).collect()))
                    .collect();
                handouts::table(&mut o, &rows);
            }
            Block::Handout(i) => handouts::exhibit(&mut o, i + 1, &s.exhibits[i]),
        }
        first = false;
    }
    let _ = writeln!(
        o,
        "<footer>{} (version {}): the facilitator's guide, generated by Rapport from the scenario file.</footer>\n</main>\n</body>\n</html>",
        esc(&s.id),
        s.version
    );
    o
}

fn list(o: &mut String, tag: &str, items: &[String]) {
    let _ = writeln!(o, "<{tag}>");
    for i in items {
        let _ = writeln!(o, "<li>{}</li>", esc(i));
    }
    let _ = writeln!(o, "</{tag}>");
}

/// The guide as Markdown (CommonMark with pipe tables).
pub fn markdown(s: &Story) -> String {
    let mut o = format!("# {} — facilitator's guide\n\n{}\n\n", s.title, s.summary);
    let mut first = true;
    for block in blocks(s) {
        match block {
            Block::Heading(t) => {
                let _ = writeln!(o, "## {t}\n");
            }
            Block::Sub(t) => {
                let _ = writeln!(o, "### {t}\n");
            }
            Block::Para(t) if first => {
                let _ = writeln!(o, "*{t}*\n");
            }
            Block::Para(t) => {
                let _ = writeln!(o, "{t}\n");
            }
            Block::Caution(t) => {
                let _ = writeln!(o, "> **Note:** {t}\n");
            }
            Block::Labelled(l, t) if t.is_empty() => {
                let _ = writeln!(o, "**{l}**\n");
            }
            Block::Labelled(l, t) => {
                let _ = writeln!(o, "**{l}:** {t}\n");
            }
            Block::Bullets(items) => {
                for i in items {
                    let _ = writeln!(o, "- {i}");
                }
                o.push('\n');
            }
            Block::Numbered(items) => {
                for (n, i) in items.iter().enumerate() {
                    let _ = writeln!(o, "{}. {i}", n + 1);
                }
                o.push('\n');
            }
            Block::Table(head, rows) => md_table(&mut o, &head, &rows),
            Block::Handout(i) => md_exhibit(&mut o, i + 1, &s.exhibits[i]),
        }
        first = false;
    }
    let _ = writeln!(
        o,
        "---\n\n{} (version {}): generated by Rapport from the scenario file.",
        s.id, s.version
    );
    o
}

fn md_cell(t: &str) -> String {
    t.replace('|', "\\|").replace('\n', " ")
}

fn md_table(o: &mut String, head: &[String], rows: &[Vec<String>]) {
    let row = |cells: &[String]| {
        format!(
            "| {} |",
            cells.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
        )
    };
    let _ = writeln!(o, "{}", row(head));
    let _ = writeln!(o, "|{}", " --- |".repeat(head.len()));
    for r in rows {
        let _ = writeln!(o, "{}", row(r));
    }
    o.push('\n');
}

fn md_exhibit(o: &mut String, n: usize, x: &Exhibit) {
    let _ = writeln!(o, "### Exhibit {n}: {} ({})\n", x.title, x.kind.label());
    match x.layout() {
        Layout::Table(rows) => {
            let own = |r: &Vec<&str>| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
            if let Some((head, body)) = rows.split_first() {
                md_table(o, &own(head), &body.iter().map(own).collect::<Vec<_>>());
            }
        }
        Layout::Preformatted(text) => {
            let _ = writeln!(o, "```text\n{text}\n```\n");
        }
        Layout::Document { headers, paragraphs } => {
            for (k, v) in headers {
                let _ = writeln!(o, "**{k}:** {v}  ");
            }
            if !paragraphs.is_empty() {
                o.push('\n');
            }
            for p in paragraphs {
                let _ = writeln!(o, "{}\n", p.join("  \n"));
            }
        }
    }
}
