//! One playthrough of a cover as a script: the briefing, every scene entered with its lines
//! filled in, exhibits opened with their text, each decision with the options offered and
//! the one taken, timers, random draws, what changed, the ending, its debrief and the scores.
//! Everything comes from replaying the run (`engine::replay`), never from the cover's search.

use super::{Ctx, cond, exhibit};
use crate::engine::cover::{Item, Part};
use crate::engine::model::{Beat, Paragraphs, Then};
use crate::engine::replay::{ReplayError, ReplayEvent, replay};
use crate::engine::run::{Entered, Run};
use crate::engine::score::score;
use crate::engine::state::State;
use crate::engine::text::{interpolate, number, shown};
use crate::report::markdown::{cell, text};
use hashbrown::HashSet;
use std::fmt::Write;

/// The script of playthrough `k` (0-based) of the cover.
pub(super) fn script(ctx: &Ctx, k: usize) -> Result<String, ReplayError> {
    let s = ctx.s;
    let play = &ctx.cover.plays[k];
    let run = &play.run;
    let mut w = Script {
        ctx,
        out: String::new(),
        scenes: 0,
        rolls: 0,
        offered: Vec::new(),
        before: s.initial().clone(),
        now: s.initial().clone(),
        reported: s.initial().clone(),
        // The first playthrough shows everything first: nothing is marked there.
        new: if k == 0 {
            HashSet::new()
        } else {
            play.first.iter().map(|&i| ctx.cover.items[i as usize]).collect()
        },
    };
    let ending = run.ending.as_deref().and_then(|e| s.ending(e));
    let title = ending.map_or("No ending".to_string(), |e| {
        format!("{} ({})", e.title, e.outcome.label())
    });
    w.line(&format!("# {}. {}", k + 1, text(&title)));
    w.line(&format!(
        "Playthrough {} of {} of *{}* (`{}`, version {}), for review: every line as the player \
         reads it on this path, placeholders filled in. Seed {}; play it again with",
        k + 1,
        ctx.cover.plays.len(),
        text(&s.title),
        s.id,
        s.version,
        run.seed
    ));
    w.line(&format!(
        "`rapport play {} --seed {} --choices {}`",
        ctx.arg,
        run.seed,
        tokens(run)
    ));
    w.line(&format!("**Shows first:** {}.", super::summary(ctx, &play.first)));
    if k > 0 {
        w.line(&format!(
            "Lines marked {NEW} are shown here for the first time; the rest appeared in an earlier \
             playthrough."
        ));
    }
    w.briefing();
    replay(s, run.seed, &run.decisions, &run.reads, |e| w.event(e))?;
    if let Some(e) = ending {
        w.ending(e, run);
    }
    Ok(w.out)
}

/// The `--choices` list that plays `run` again: exhibits as `read:<id>`, timeouts as `timeout`.
fn tokens(run: &Run) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, d) in run.decisions.iter().enumerate() {
        out.extend(
            run.reads
                .iter()
                .filter(|r| r.before == i)
                .map(|r| format!("read:{}", r.exhibit)),
        );
        out.push(if d.timed_out {
            "timeout".into()
        } else {
            d.choice.to_string()
        });
    }
    out.join(",")
}

/// The script being written, and what it remembers between replay events.
struct Script<'a> {
    ctx: &'a Ctx<'a>,
    out: String,
    /// Scenes given a heading so far.
    scenes: usize,
    /// Random draws written so far.
    rolls: usize,
    /// The options of the decision in hand (id, text as offered).
    offered: Vec<(String, String)>,
    /// The state when the decision in hand was offered (or the start).
    before: State,
    /// The state as the script goes: each node's effects and each choice's and branch's
    /// applied in the order the run applied them (`Story::enter_node`, `take_arm`), so what
    /// changed is said where it changed; set again from the run at every decision.
    now: State,
    /// The state when changes were last written.
    reported: State,
    /// What this playthrough shows first (none marked in the first playthrough).
    new: HashSet<Item>,
}

/// The mark of a line shown for the first time in the cover.
const NEW: &str = "**[new]**";

impl Script<'_> {
    /// ` **[new]**` when `item` is first shown here.
    fn mark(&self, item: Item) -> String {
        if self.new.contains(&item) {
            format!(" {NEW}")
        } else {
            String::new()
        }
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push_str("\n\n");
    }

    fn briefing(&mut self) {
        let s = self.ctx.s;
        self.line("## Briefing");
        self.line(&format!("**You are:** {}", text(&s.role)));
        self.line(&text(&s.setting));
        if let Some(a) = &s.accountable {
            self.line(&format!("**Accountable for:** {}", text(a)));
        }
        let people: Vec<String> = s
            .characters
            .iter()
            .map(|c| format!("| {} | {} | {} |", cell(&c.name), cell(&c.title), c.trust))
            .collect();
        if !people.is_empty() {
            self.line(&format!(
                "| Person | Title | Trust |\n|---|---|---:|\n{}",
                people.join("\n")
            ));
        }
        let shown: Vec<String> = s
            .variables
            .iter()
            .filter_map(|v| {
                Some(format!(
                    "{} {}",
                    v.label()?,
                    value(&s.initial().vars.get(v.id())?.clone())
                ))
            })
            .collect();
        if !shown.is_empty() {
            self.line(&format!("**At the start:** {}.", text(&shown.join(" · "))));
        }
    }

    fn event(&mut self, e: ReplayEvent<'_>) {
        match e {
            ReplayEvent::Started { run, entered } => self.entered(run, entered),
            ReplayEvent::Read { exhibit: id, .. } => {
                let s = self.ctx.s;
                if let Some((k, x)) = s.exhibits.iter().enumerate().find(|(_, x)| x.id == id) {
                    let mut o = String::new();
                    exhibit(&mut o, x, &self.mark(Item::Exhibit(k)));
                    self.out.push_str(&o);
                }
            }
            ReplayEvent::Offered { offered, run, .. } => {
                let s = self.ctx.s;
                self.offered = offered
                    .iter()
                    .map(|c| (c.id.clone(), interpolate(s, &run.state, &c.text).into_owned()))
                    .collect();
                self.before = run.state.clone();
                self.now = run.state.clone();
                let unread: Vec<String> = run
                    .exhibits(s)
                    .iter()
                    .filter(|x| !run.state.read.contains(&x.id))
                    .map(|x| format!("{} ({})", text(&x.title), x.kind.label()))
                    .collect();
                if !unread.is_empty() {
                    self.line(&format!(
                        "*Could be opened here, not opened:* {}.",
                        unread.join("; ")
                    ));
                }
            }
            ReplayEvent::Decided { index, run, entered } => {
                self.decided(index, run);
                self.entered(run, entered);
            }
        }
    }

    /// The decision just taken: the options with the one taken marked, the timer, the coach
    /// note, and what changed (trust, shown variables) up to the next decision.
    fn decided(&mut self, index: usize, run: &Run) {
        let s = self.ctx.s;
        let Some(d) = run.decisions.last() else { return };
        let node = s.node(&d.node);
        let mut head = format!("**Decision {}**", index + 1);
        if let Some(t) = node.and_then(|n| n.timer.as_ref()) {
            let _ = write!(head, " · timed, {} s", t.seconds);
        }
        self.line(&head);
        if let Some(p) = node.and_then(|n| n.prompt.as_ref()) {
            self.line(&format!("*Workshop prompt:* {}", text(p)));
        }
        let taken_item = s
            .choice_id(&d.choice)
            .map(|c| s.choice_at(c))
            .map(|at| Item::Choice(at.node, at.index));
        let new = taken_item.map_or(String::new(), |i| self.mark(i));
        let mut list = String::new();
        for (i, (id, said)) in self.offered.iter().enumerate() {
            let taken = !d.timed_out && *id == *d.choice;
            let said = text(said);
            let _ = writeln!(
                list,
                "{}. {}",
                i + 1,
                if taken {
                    format!("**{said}** ← taken{new}")
                } else {
                    said
                }
            );
        }
        if !list.is_empty() {
            self.out.push_str(&list);
            self.out.push('\n');
        }
        let chosen = s.choice(&d.choice).map(|(_, c)| c);
        if d.timed_out {
            let secs = node.and_then(|n| n.timer.as_ref()).map_or(0, |t| t.seconds);
            let said = chosen.map_or(String::new(), |c| {
                interpolate(s, &self.before, &c.text).into_owned()
            });
            self.line(&format!(
                "*The time ran out ({secs} s):* **{}** ← taken{new}",
                text(&said)
            ));
        }
        if let Some(c) = chosen.filter(|c| !c.coach.is_empty()) {
            self.line(&format!("*Coach:* {}", text(&c.coach)));
        }
        if let (Some(n), Some(at)) = (s.node_id(&d.node), s.choice_id(&d.choice).map(|c| s.choice_at(c))) {
            s.take_arm(&mut self.now, n, at.index);
        }
        self.changes("Changes");
    }

    /// Writes the trust and shown variables that changed since they were last written,
    /// after `what` ("Changes", "On entering").
    fn changes(&mut self, what: &str) {
        let s = self.ctx.s;
        let (was, now) = (&self.reported, &self.now);
        let mut out = Vec::new();
        for c in &s.characters {
            let (a, b) = (was.trust(&c.id), now.trust(&c.id));
            if a != b {
                out.push(format!("{} trust {a} → {b}", c.name));
            }
        }
        for v in &s.variables {
            let (Some(label), Some(a), Some(b)) = (v.label(), was.vars.get(v.id()), now.vars.get(v.id()))
            else {
                continue;
            };
            if a != b {
                out.push(format!("{label} {} → {}", value(a), value(b)));
            }
        }
        if !out.is_empty() {
            self.line(&format!("*{what}:* {}.", text(&out.join(" · "))));
        }
        self.reported = self.now.clone();
    }

    /// The nodes entered up to the next decision or the ending: a heading for each scene
    /// with lines or a decision, its beats (a conditional one tagged with its condition), and
    /// the random draws made on the way.
    fn entered(&mut self, run: &Run, entered: &[Entered]) {
        let s = self.ctx.s;
        for e in entered {
            let node = s.at(e.id);
            if !e.beats.is_empty() || matches!(node.then, Then::Choices(_)) {
                self.scenes += 1;
                let new = self.mark(Item::Scene(e.id));
                self.line(&format!("## {} · `{}`{new}", self.scenes, node.id));
            }
            // What entering changed comes first: the beats were evaluated after it.
            s.enter_node(&mut self.now, e.id);
            self.changes("On entering");
            for i in &e.beats {
                let said = text(e.text(node, i));
                let mut tag = node.beats[i]
                    .when()
                    .map_or(String::new(), |c| format!(" *(if {})*", cond(c)));
                tag.push_str(&self.mark(Item::Beat(e.id, i)));
                let line = match &node.beats[i] {
                    Beat::Narrate { .. } => format!("{said}{tag}"),
                    Beat::Say { who, .. } => match s.character(who) {
                        Some(c) => format!(
                            "**{}** ({}): \u{201c}{said}\u{201d}{tag}",
                            text(&c.name),
                            text(&c.title)
                        ),
                        None => format!("**{who}**: \u{201c}{said}\u{201d}{tag}"),
                    },
                };
                self.line(&line);
            }
            if let Then::Random(bs) = &node.then
                && let Some(r) = run.rolls.get(self.rolls)
            {
                self.rolls += 1;
                let k = bs.iter().position(|b| b.id == *r.branch);
                let new = k.map_or(String::new(), |k| self.mark(Item::Branch(e.id, k)));
                self.line(&format!("{}{new}", draw(&node.id, bs, &r.branch)));
                if let Some(k) = k {
                    s.take_arm(&mut self.now, e.id, k);
                    self.changes("With the draw");
                }
            }
        }
        self.now = run.state.clone();
    }

    /// The ending, its debrief and strong-leader paragraphs as shown, and the scores.
    fn ending(&mut self, e: &crate::engine::model::Ending, run: &Run) {
        let ctx = self.ctx;
        let id = ctx.s.ending_id(&e.id);
        let new = id.map_or(String::new(), |id| self.mark(Item::Ending(id)));
        self.line(&format!(
            "## Ending: {} ({}){new}",
            text(&e.title),
            e.outcome.label()
        ));
        let para = |part| move |i| id.map(|e| Item::Paragraph(e, part, i));
        self.paragraphs("Debrief", &e.debrief, &run.state, para(Part::Debrief));
        self.paragraphs(
            "What a strong leader would have done",
            &e.strong_leader,
            &run.state,
            para(Part::StrongLeader),
        );
        let sc = score(ctx.s, run, ctx.ranges);
        self.line("### Scores");
        let mut table = format!("**Overall {}/100** ({})\n\n", sc.overall, sc.band.label());
        table.push_str("| Skill | Score | Points |\n|---|---:|---:|\n");
        for (k, v) in &sc.skills {
            let _ = writeln!(
                table,
                "| {} | {} | {} |",
                cell(&ctx.skill_name(k)),
                v.map_or("not movable".to_string(), |v| v.to_string()),
                sc.points.get(k).copied().unwrap_or(0)
            );
        }
        self.out.push_str(&table);
        self.out.push('\n');
    }

    fn paragraphs(
        &mut self,
        title: &str,
        list: &Paragraphs,
        state: &State,
        item: impl Fn(usize) -> Option<Item>,
    ) {
        self.line(&format!("### {title}"));
        let mut any = false;
        for i in shown(list, state) {
            any = true;
            let p = &list.0[i];
            let said = text(&interpolate(self.ctx.s, state, &p.text));
            let mut tag = p
                .when
                .as_ref()
                .map_or(String::new(), |c| format!(" *(if {})*", cond(c)));
            tag.push_str(&item(i).map_or(String::new(), |i| self.mark(i)));
            self.line(&format!("{said}{tag}"));
        }
        if !any {
            self.line("*(no paragraph applies on this path)*");
        }
    }
}

/// A random node's draw. Where every branch has a condition the node is a route (the
/// branch whose condition held was taken), said as such with that condition; otherwise the
/// weights, the branch drawn in bold.
fn draw(node: &str, bs: &[crate::engine::model::Branch], drawn: &str) -> String {
    let Some(b) = bs.iter().find(|b| b.id == drawn) else {
        return format!("*Random draw at `{node}`:* **`{drawn}`**.");
    };
    if let Some(c) = b.when.as_ref().filter(|_| bs.iter().all(|b| b.when.is_some())) {
        return format!("*Route at `{node}`:* **`{drawn}`**, as `{}` held.", cond(c));
    }
    let weights: Vec<String> = bs
        .iter()
        .map(|b| {
            let w = format!("`{}` {}", b.id, b.weight);
            if b.id == drawn { format!("**{w}**") } else { w }
        })
        .collect();
    let open = if bs.iter().any(|b| b.when.is_some()) {
        "; drawn among the branches whose condition held"
    } else {
        ""
    };
    format!(
        "*Random draw at `{node}`:* **`{drawn}`** (weights {}{open}).",
        weights.join(", ")
    )
}

/// A variable's value as placeholders show it.
fn value(v: &crate::engine::model::Value) -> String {
    match v {
        crate::engine::model::Value::Int(n) => number(*n),
        crate::engine::model::Value::Flag(b) => (if *b { "yes" } else { "no" }).to_string(),
    }
}
