//! Review transcripts (`rapport transcripts --cover`): a cover's playthroughs as Markdown
//! scripts a reviewer reads in order (`play`), one file each (`01-<ending>.md`, …), and an
//! index of what each shows first and, honestly, of what none can show and why.

mod play;

use crate::engine::Story;
use crate::engine::cover::{Because, Cover, Item, Part, SEEDS, Status, Why};
use crate::engine::model::{Condition, Exhibit, ExhibitKind, SkillFramework};
use crate::engine::replay::ReplayError;
use crate::engine::score::Ranges;
use crate::engine::text::number;
use crate::report::markdown::{cell, text};
use std::fmt::Write;

/// One file of the transcripts: its name in the output folder and its Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub text: String,
}

/// What the transcripts are made from.
pub struct Source<'a> {
    pub story: &'a Story,
    pub cover: &'a Cover,
    /// For the scores.
    pub ranges: &'a Ranges,
    /// For skill names.
    pub skills: Option<&'a SkillFramework>,
    /// How the command line named the scenario (for the commands the files quote).
    pub arg: &'a str,
    /// The cap on playthroughs and the search budget the cover was made with.
    pub max_plays: usize,
    pub max_states: usize,
}

struct Ctx<'a> {
    s: &'a Story,
    cover: &'a Cover,
    ranges: &'a Ranges,
    skills: Option<&'a SkillFramework>,
    arg: &'a str,
    max_plays: usize,
    max_states: usize,
}

impl Ctx<'_> {
    fn skill_name(&self, id: &str) -> String {
        self.skills
            .and_then(|f| f.skills.iter().find(|k| k.id == id))
            .map_or_else(|| id.to_string(), |k| k.name.clone())
    }
}

/// The index, then one transcript per playthrough, in the cover's order.
pub fn render(src: &Source) -> Result<Vec<File>, ReplayError> {
    let ctx = Ctx {
        s: src.story,
        cover: src.cover,
        ranges: src.ranges,
        skills: src.skills,
        arg: src.arg,
        max_plays: src.max_plays,
        max_states: src.max_states,
    };
    let names = names(&ctx);
    let mut files = vec![File {
        name: "index.md".into(),
        text: index(&ctx, &names),
    }];
    for (k, name) in names.into_iter().enumerate() {
        files.push(File {
            name,
            text: play::script(&ctx, k)?,
        });
    }
    Ok(files)
}

/// `01-<ending>.md`, … in the cover's order.
fn names(ctx: &Ctx) -> Vec<String> {
    let width = ctx.cover.plays.len().to_string().len().max(2);
    ctx.cover
        .plays
        .iter()
        .enumerate()
        .map(|(k, p)| {
            format!(
                "{:0width$}-{}.md",
                k + 1,
                p.run.ending.as_deref().unwrap_or("unended")
            )
        })
        .collect()
}

/// The kinds of item, in the order summaries name them: (singular, plural).
const KINDS: [(&str, &str); 8] = [
    ("scene", "scenes"),
    ("beat", "beats"),
    (
        "scene without a conditional beat",
        "scenes without a conditional beat",
    ),
    ("choice", "choices"),
    ("random branch", "random branches"),
    ("exhibit", "exhibits"),
    ("ending", "endings"),
    ("debrief paragraph", "debrief paragraphs"),
];

fn kind(item: Item) -> usize {
    match item {
        Item::Scene(_) => 0,
        Item::Beat(..) => 1,
        Item::Without(..) => 2,
        Item::Choice(..) => 3,
        Item::Branch(..) => 4,
        Item::Exhibit(_) => 5,
        Item::Ending(_) => 6,
        Item::Paragraph(..) => 7,
    }
}

/// "3 scenes, 12 beats, 1 ending" for a list of item indexes.
fn summary(ctx: &Ctx, items: &[u32]) -> String {
    let mut n = [0usize; KINDS.len()];
    for &i in items {
        n[kind(ctx.cover.items[i as usize])] += 1;
    }
    let parts: Vec<String> = KINDS
        .iter()
        .zip(n)
        .filter(|(_, n)| *n > 0)
        .map(|((one, many), n)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

/// A condition as it is written in the file.
fn cond(c: &Condition) -> String {
    // Ids and numbers hold no commas, so the only commas are the list's.
    ron::ser::to_string(c).map_or_else(|_| format!("{c:?}"), |t| t.replace(',', ", "))
}

/// The first words of a text, for naming it.
fn excerpt(t: &str) -> String {
    let words: Vec<&str> = t.split_whitespace().collect();
    let short = words[..words.len().min(9)].join(" ");
    let more = if words.len() > 9 { "…" } else { "" };
    format!("\u{201c}{}{more}\u{201d}", text(&short))
}

/// An item named for a reviewer, by its ids and first words.
fn label(s: &Story, item: Item) -> String {
    let node = |n: crate::engine::story::NodeId| s.at(n);
    match item {
        Item::Scene(n) => format!("`{}`", node(n).id),
        Item::Beat(n, i) => format!(
            "`{}` beat {} {}",
            node(n).id,
            i + 1,
            excerpt(node(n).beats[i].text())
        ),
        Item::Without(n, i) => format!(
            "`{}` without beat {} {}",
            node(n).id,
            i + 1,
            excerpt(node(n).beats[i].text())
        ),
        Item::Choice(n, j) => {
            let c = &s.choices_of(n)[j];
            format!("`{}` {}", c.id, excerpt(&c.text))
        }
        Item::Branch(n, k) => match &node(n).then {
            crate::engine::model::Then::Random(bs) => format!("`{}` at `{}`", bs[k].id, node(n).id),
            _ => format!("branch {} at `{}`", k + 1, node(n).id),
        },
        Item::Exhibit(x) => format!("`{}` {}", s.exhibits[x].id, excerpt(&s.exhibits[x].title)),
        Item::Ending(e) => format!("`{}` {}", s.ending_at(e).id, excerpt(&s.ending_at(e).title)),
        Item::Paragraph(e, part, i) => {
            let ending = s.ending_at(e);
            let (what, list) = match part {
                Part::Debrief => ("debrief", &ending.debrief),
                Part::StrongLeader => ("strong leader", &ending.strong_leader),
            };
            format!("`{}` {what} {} {}", ending.id, i + 1, excerpt(&list.0[i].text))
        }
    }
}

/// The condition an item is shown under, if any.
fn condition_of(s: &Story, item: Item) -> Option<&Condition> {
    match item {
        Item::Beat(n, i) | Item::Without(n, i) => s.at(n).beats[i].when(),
        Item::Choice(n, j) => s.choices_of(n)[j].when.as_ref(),
        Item::Branch(n, k) => match &s.at(n).then {
            crate::engine::model::Then::Random(bs) => bs[k].when.as_ref(),
            _ => None,
        },
        Item::Paragraph(e, part, i) => {
            let ending = s.ending_at(e);
            let list = if part == Part::Debrief {
                &ending.debrief
            } else {
                &ending.strong_leader
            };
            list.0[i].when.as_ref()
        }
        _ => None,
    }
}

/// Why no playthrough shows an item, in a sentence.
fn reason(ctx: &Ctx, item: Item, why: Why) -> String {
    let s = ctx.s;
    let when = || condition_of(s, item).map_or(String::new(), |c| format!(" `{}`", cond(c)));
    match why {
        Why::Unreachable(b) => match b {
            Because::SceneNeverReached(n) => format!("no playthrough reaches `{}`", s.at(n).id),
            Because::EndingNeverReached(e) => {
                format!("no playthrough reaches the ending `{}`", s.ending_at(e).id)
            }
            Because::NeverHolds => match item {
                Item::Choice(n, j) if s.choices_of(n)[j].timeout_only => {
                    format!(
                        "never taken: `{}` is timeout-only and its node's timer never names it",
                        s.choices_of(n)[j].id
                    )
                }
                Item::Paragraph(e, ..) => format!(
                    "its condition{} never holds at the end of a playthrough reaching `{}`",
                    when(),
                    s.ending_at(e).id
                ),
                _ => format!("its condition{} never holds where it is evaluated", when()),
            },
            Because::AlwaysHolds => format!("its condition{} holds every time the scene is entered", when()),
            Because::NoScene => "no scene lists it".into(),
            Because::NoWeight => "its weight is 0".into(),
            Because::NeverShown => "no complete playthrough shows it".into(),
        },
        Why::Budget => format!(
            "not found within the search budget of {} states (try --max-states)",
            number(ctx.max_states as i64)
        ),
        Why::Cap => format!(
            "left out: the cap of {} playthrough{} came first (try --max)",
            ctx.max_plays,
            if ctx.max_plays == 1 { "" } else { "s" }
        ),
        Why::NoSeed => format!(
            "its playthrough needs random draws that no seed up to {} makes",
            number(SEEDS as i64)
        ),
        Why::Diverged => {
            "the search found a playthrough that did not play as found (a bug: please report it)".into()
        }
    }
}

fn index(ctx: &Ctx, names: &[String]) -> String {
    let (s, c) = (ctx.s, ctx.cover);
    let mut o = String::new();
    let _ = writeln!(o, "# Review transcripts: {} (`{}`)\n", text(&s.title), s.id);
    let missing: Vec<usize> = (0..c.items.len())
        .filter(|&i| matches!(c.status[i], Status::Missing(_)))
        .collect();
    let all: Vec<u32> = (0..c.items.len() as u32).collect();
    let _ = writeln!(
        o,
        "{} playthroughs of version {} that together show {} of the {} things this scenario can \
         show ({}){}. Read each as a script, in order: facts, figures and names should agree \
         across the scenes of a path, and every debrief paragraph should be true of the path \
         that shows it.\n",
        c.plays.len(),
        s.version,
        c.items.len() - missing.len(),
        c.items.len(),
        summary(ctx, &all),
        if missing.is_empty() {
            ""
        } else {
            "; what none shows is listed below, with why"
        },
    );
    let _ = writeln!(
        o,
        "Made by `rapport transcripts {} --cover`. {}\n",
        ctx.arg,
        if c.exact {
            format!(
                "The search saw every reachable state (up to {} at a time), so what it calls unreachable is.",
                number(c.states as i64)
            )
        } else {
            "The search stopped at its budget, so what it did not find may still be reachable.".to_string()
        }
    );
    o.push_str("| # | Transcript | Ending | Decisions | Shows first |\n|---:|---|---|---:|---|\n");
    for (k, (p, name)) in c.plays.iter().zip(names).enumerate() {
        let ending = p.run.ending.as_deref().and_then(|e| s.ending(e));
        let _ = writeln!(
            o,
            "| {} | [{name}]({name}) | {} | {} | {} |",
            k + 1,
            cell(&ending.map_or("none".into(), |e| format!("{} ({})", e.title, e.outcome.label()))),
            p.run.decisions.len(),
            cell(&summary(ctx, &p.first))
        );
    }
    o.push('\n');
    o.push_str("## What each playthrough shows first\n\n");
    o.push_str(
        "Scenes are listed, not the beats every entry of a scene shows; beats shown only under a \
         condition, and scenes seen without one, are listed one by one.\n\n",
    );
    for (k, (p, name)) in c.plays.iter().zip(names).enumerate() {
        let _ = writeln!(o, "### {}. [{name}]({name})\n", k + 1);
        for (kd, (_, many)) in KINDS.iter().enumerate() {
            let listed: Vec<String> = p
                .first
                .iter()
                .map(|&i| c.items[i as usize])
                .filter(|&i| kind(i) == kd)
                .filter(|&i| !matches!(i, Item::Beat(..)) || condition_of(s, i).is_some())
                .map(|i| label(s, i))
                .collect();
            if !listed.is_empty() {
                let mut head = many.to_string();
                if kd == 1 {
                    head = "conditional beats".into();
                }
                let _ = writeln!(o, "- **{}:** {}", capitalise(&head), listed.join("; "));
            }
        }
        o.push('\n');
    }
    o.push_str("## Not shown by any playthrough\n\n");
    if missing.is_empty() {
        o.push_str("Nothing: every scene, beat, choice, branch, exhibit, ending and paragraph is shown at least once.\n");
    }
    for &i in &missing {
        let Status::Missing(why) = c.status[i] else {
            continue;
        };
        let item = c.items[i];
        // Beats and paragraphs name their kind in their label already.
        let what = match item {
            Item::Beat(..) | Item::Without(..) | Item::Paragraph(..) => String::new(),
            _ => format!("{} ", KINDS[kind(item)].0),
        };
        let _ = writeln!(o, "- {what}{}: {}.", label(s, item), reason(ctx, item, why));
    }
    o
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// An exhibit opened, laid out by kind: a table as a table, a log or chat as preformatted
/// text, an email's or memo's header fields as a table, the rest as paragraphs; `mark` after
/// its heading.
fn exhibit(o: &mut String, x: &Exhibit, mark: &str) {
    let _ = writeln!(o, "### Opened: {} ({}){mark}\n", text(&x.title), x.kind.label());
    let prose = |o: &mut String, body: &str| {
        for p in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            let lines: Vec<String> = p.lines().map(|l| text(l.trim())).collect();
            let _ = writeln!(o, "{}\n", lines.join("  \n"));
        }
    };
    match x.kind {
        ExhibitKind::Table => {
            let rows = x.rows();
            if let Some((head, body)) = rows.split_first() {
                let cells = |r: &[&str]| r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ");
                let _ = writeln!(o, "| {} |", cells(head));
                let _ = writeln!(o, "|{}", "---|".repeat(head.len()));
                for r in body {
                    let _ = writeln!(o, "| {} |", cells(r));
                }
                o.push('\n');
            }
        }
        ExhibitKind::Log | ExhibitKind::Chat => {
            let _ = writeln!(o, "```text\n{}\n```\n", x.body.trim_end().replace("```", "'''"));
        }
        _ => match x.headers() {
            Some((fields, rest)) => {
                o.push_str("| | |\n|---|---|\n");
                for (k, v) in fields {
                    let _ = writeln!(o, "| **{}** | {} |", cell(k), cell(v));
                }
                o.push('\n');
                prose(o, rest);
            }
            None => prose(o, &x.body),
        },
    }
}
