//! Markdown for pasting into a wiki: headings, tables for skills, decisions, votes and the
//! leaderboard, the paths as lists.

use super::{Kind, Report, RunReport};

/// Makes text safe inside a Markdown table cell (one line, no stray pipes).
pub(super) fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Keeps text from being read as Markdown structure at the start of a line or as HTML.
pub(super) fn text(s: &str) -> String {
    s.replace('<', "&lt;")
}

fn score_text(score: Option<u32>) -> String {
    score.map_or_else(|| "not movable".to_string(), |v| v.to_string())
}

/// Lines of Markdown; `line` adds one, `blank` an empty one.
struct Out(String);

impl Out {
    fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }
    fn blank(&mut self) {
        self.0.push('\n');
    }
    fn heading(&mut self, level: usize, s: impl AsRef<str>) {
        self.line(format!("{} {}", "#".repeat(level), s.as_ref()));
        self.blank();
    }
}

fn ending_line(run: &RunReport) -> String {
    match &run.ending {
        Some(e) => format!("{} ({})", text(&e.title), e.outcome.label()),
        None => "not reached".to_string(),
    }
}

fn skills(w: &mut Out, run: &RunReport, h: usize) {
    w.heading(h, "Skills");
    w.line("| Skill | Score | Points |");
    w.line("|---|---:|---:|");
    for k in &run.skills {
        w.line(format!(
            "| {} | {} | {} |",
            cell(&k.name),
            score_text(k.score),
            k.points
        ));
    }
    w.blank();
}

/// The decisions table, then (for a workshop) the votes, how each was settled and the notes.
fn decisions(w: &mut Out, run: &RunReport, h: usize) {
    w.heading(h, "Decisions");
    w.line("| # | Node | Choice | Time | Timed out | Evidence | Coach |");
    w.line("|---:|---|---|---:|---|---|---|");
    for d in &run.decisions {
        let ev = d
            .evidence
            .iter()
            .map(|e| format!("{} {:+}: {}", e.skill_name, e.points, e.why))
            .collect::<Vec<_>>()
            .join("; ");
        w.line(format!(
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            d.number,
            d.node,
            cell(&d.choice_text),
            d.time,
            if d.timed_out { "yes" } else { "no" },
            cell(&ev),
            cell(&d.coach)
        ));
    }
    w.blank();
    let voted = run
        .decisions
        .iter()
        .any(|d| d.options.iter().any(|o| o.votes.is_some()));
    if voted {
        w.heading(h, "Votes");
        for d in &run.decisions {
            w.heading(h + 1, format!("{}. `{}`", d.number, d.node));
            w.line("| Option | Votes | Taken |");
            w.line("|---|---:|---|");
            for o in &d.options {
                w.line(format!(
                    "| {} | {} | {} |",
                    cell(&o.text),
                    o.votes.unwrap_or(0),
                    if o.choice_id == d.choice_id { "✓" } else { "" }
                ));
            }
            w.blank();
            settled(w, d);
        }
    } else if run
        .decisions
        .iter()
        .any(|d| d.how_settled().is_some() || d.note.is_some())
    {
        w.heading(h, "How decisions were settled");
        for d in &run.decisions {
            if d.how_settled().is_some() || d.note.is_some() {
                w.line(format!("**Decision {}** (`{}`)", d.number, d.node));
                w.blank();
                settled(w, d);
            }
        }
    }
}

/// A what-if beside the run it branched from.
fn what_if(w: &mut Out, c: &super::Comparison) {
    w.heading(2, "What if");
    w.line(format!(
        "This run is a what-if: at decision {} it took \u{201c}{}\u{201d} instead of \u{201c}{}\u{201d} (same seed, {}).",
        c.at,
        text(&c.what_if.choice_text),
        text(&c.original.choice_text),
        c.seed
    ));
    w.blank();
    let ending = |s: &super::Side| {
        s.ending.as_ref().map_or_else(
            || "not reached".to_string(),
            |e| format!("{} ({})", e.title, e.outcome.label()),
        )
    };
    w.line("| | The run | What if |");
    w.line("|---|---|---|");
    w.line(format!(
        "| Ending | {} | {} |",
        cell(&ending(&c.original)),
        cell(&ending(&c.what_if))
    ));
    w.line(format!(
        "| Overall | {} ({}) | {} ({}) |",
        c.original.overall,
        c.original.band.label(),
        c.what_if.overall,
        c.what_if.band.label()
    ));
    for k in &c.skills {
        w.line(format!(
            "| {} | {} | {} |",
            cell(&k.skill_name),
            score_text(k.original),
            score_text(k.what_if)
        ));
    }
    w.blank();
}

/// Where the best still reachable fell, each with the option that would have kept it.
fn turning(w: &mut Out, run: &RunReport, h: usize) {
    let t = &run.turning;
    w.heading(h, "Turning points");
    w.line(t.meaning());
    w.blank();
    if t.points.is_empty() {
        w.line(t.none());
        w.blank();
    }
    for p in &t.points {
        w.line(format!(
            "**Decision {}** (`{}`): {}",
            p.number,
            p.node,
            text(&p.choice_text)
        ));
        w.blank();
        let mut said = vec![p.what_fell(), p.instead()];
        said.extend(p.skills_line());
        w.line(text(&said.join(" ")));
        w.blank();
    }
}

fn settled(w: &mut Out, d: &super::DecisionRow) {
    if let Some(how) = d.how_settled() {
        w.line(text(&how));
        w.blank();
    }
    if let Some(note) = &d.note {
        w.line(format!(
            "> **Facilitator's note:** {}",
            text(note).replace(['\r', '\n'], " ")
        ));
        w.blank();
    }
}

fn trust(w: &mut Out, run: &RunReport, h: usize) {
    w.heading(h, "Trust over time");
    w.line("Start, then after each decision.");
    w.blank();
    for t in &run.trust {
        let v = t
            .values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" → ");
        w.line(format!("- **{}:** {}", text(&t.name), v));
    }
    w.blank();
}

fn debrief(w: &mut Out, run: &RunReport, h: usize) {
    if let Some(e) = &run.ending {
        w.heading(h, "Debrief");
        for p in &e.debrief {
            w.line(text(p));
            w.blank();
        }
        w.heading(h + 1, "What a strong leader would have done");
        for p in &e.strong_leader {
            w.line(text(p));
            w.blank();
        }
    }
}

/// The exhibits a run opened, if any.
fn reads(w: &mut Out, run: &RunReport, h: usize) {
    if run.reads.is_empty() {
        return;
    }
    w.heading(h, "Exhibits opened");
    for r in &run.reads {
        let points: Vec<String> = r
            .evidence
            .iter()
            .map(|e| format!("{} {:+}", text(&e.skill_name), e.points))
            .collect();
        w.line(format!(
            "- {} (before decision {}{})",
            text(&r.title),
            r.before,
            if points.is_empty() {
                String::new()
            } else {
                format!("; {}", points.join(", "))
            }
        ));
    }
    w.blank();
}

/// The scenario's learning objectives, for the facilitator.
fn objectives(w: &mut Out, r: &Report, h: usize) {
    if r.objectives.is_empty() {
        return;
    }
    w.heading(h, "Learning objectives");
    for o in &r.objectives {
        w.line(format!("- {}", text(o)));
    }
    w.blank();
}

fn paths(w: &mut Out, r: &Report, run: &RunReport, whose: &str, h: usize) {
    w.heading(h, format!("{whose} path"));
    for (i, p) in run.path.iter().enumerate() {
        w.line(format!("{}. {}", i + 1, text(&p.text)));
    }
    w.blank();
    w.heading(
        h,
        match &r.best_ending {
            Some(e) => format!("Best path (ends: {})", text(e)),
            None => "Best path".to_string(),
        },
    );
    for (i, p) in r.best_path.iter().enumerate() {
        w.line(format!("{}. {}", i + 1, text(&p.text)));
    }
}

fn room_findings(w: &mut Out, r: &Report, run: &RunReport) {
    w.heading(2, "Where the room split");
    if r.splits.is_empty() {
        w.line("No vote split the room: every decision had a clear favourite.");
    }
    for n in &r.splits {
        if let Some(d) = run.decisions.iter().find(|d| d.number == *n) {
            let counts: Vec<String> = d
                .options
                .iter()
                .map(|o| format!("{} ({})", text(&o.text), o.votes.unwrap_or(0)))
                .collect();
            w.line(format!(
                "- **Decision {n}** (`{}`): {}",
                d.node,
                counts.join(" · ")
            ));
        }
    }
    w.blank();
    w.heading(2, "Against the rationale");
    if r.against_rationale.is_empty() {
        w.line("The room's top vote was always the option with the most weighted evidence points.");
        w.blank();
        return;
    }
    w.line("| # | The room voted for | Votes | Points | Better on the evidence | Points | Why |");
    w.line("|---:|---|---:|---:|---|---:|---|");
    for a in &r.against_rationale {
        w.line(format!(
            "| {} | {} | {} | {:+} | {} | {:+} | {} |",
            a.number,
            cell(&a.room_choice),
            a.room_votes,
            a.room_points,
            cell(&a.better_choice),
            a.better_points,
            cell(&a.why)
        ));
    }
    w.blank();
}

fn team_findings(w: &mut Out, r: &Report) {
    w.heading(2, "Leaderboard");
    w.line("| Rank | Team | Overall | Band | Ending |");
    w.line("|---:|---|---:|---|---|");
    let mut rank = 0;
    for (i, s) in r.leaderboard.iter().enumerate() {
        if i == 0 || r.leaderboard[i - 1].overall != s.overall {
            rank = i + 1;
        }
        w.line(format!(
            "| {rank} | {} | {} | {} | {} |",
            cell(&s.team),
            s.overall,
            s.band.label(),
            cell(s.ending.as_deref().unwrap_or("not reached"))
        ));
    }
    w.blank();

    w.heading(2, "Skills by team");
    let teams: Vec<String> = r
        .runs
        .iter()
        .map(|run| cell(run.team.as_deref().unwrap_or("")))
        .collect();
    w.line(format!("| Skill | {} |", teams.join(" | ")));
    w.line(format!("|---|{}", "---:|".repeat(teams.len())));
    if let Some(first) = r.runs.first() {
        for (k, skill) in first.skills.iter().enumerate() {
            let scores: Vec<String> = r
                .runs
                .iter()
                .map(|run| score_text(run.skills.get(k).and_then(|s| s.score)))
                .collect();
            w.line(format!("| {} | {} |", cell(&skill.name), scores.join(" | ")));
        }
    }
    w.blank();

    w.heading(2, "Where the teams diverged");
    match &r.divergence {
        Some(d) => {
            w.line(format!(
                "The teams first chose differently at decision {} (`{}`):",
                d.number, d.node
            ));
            w.blank();
            for (choice, teams) in d.by_choice() {
                w.line(format!("- **{}:** {}", text(&teams.join(", ")), text(choice)));
            }
        }
        None => w.line("Every team made the same choices."),
    }
    w.blank();

    if !r.closest.is_empty() {
        w.heading(2, "Closest to the best path");
        w.line("| Skill | Best path | Closest team | Team's score |");
        w.line("|---|---:|---|---:|");
        for c in &r.closest {
            w.line(format!(
                "| {} | {} | {} | {} |",
                cell(&c.skill_name),
                c.best_score,
                cell(&c.team),
                c.team_score
            ));
        }
        w.blank();
    }
}

pub fn render(r: &Report) -> String {
    let mut w = Out(String::new());
    let kind = if r.is_workshop() {
        "Workshop report"
    } else {
        "Run report"
    };
    w.heading(1, format!("{kind}: {}", text(&r.scenario.title)));
    if let Some(s) = &r.session {
        w.line(format!("- **Session:** {}", text(&s.name)));
        if !s.facilitator.trim().is_empty() {
            w.line(format!("- **Facilitator:** {}", text(&s.facilitator)));
        }
        w.line(format!("- **Mode:** {}", s.mode.label()));
    }
    w.line(format!("- **Role:** {}", text(&r.scenario.role)));
    w.line(format!(
        "- **Scenario:** `{}` version {}",
        r.scenario.id, r.scenario.version
    ));
    w.line(format!("- **Seed:** {}", r.seed));
    if let Some(s) = &r.session {
        w.line(format!("- **Session time:** {} ({})", s.duration, s.state()));
        w.line(format!("- **Decisions:** {}", s.decisions));
    }
    match (r.kind, r.runs.first()) {
        (Kind::TeamRounds, _) => {
            w.line(format!("- **Teams:** {}", r.runs.len()));
            w.blank();
            team_findings(&mut w, r);
            objectives(&mut w, r, 2);
            for run in &r.runs {
                let team = run.team.as_deref().unwrap_or("");
                w.heading(2, format!("Team: {}", text(team)));
                w.line(format!(
                    "- **Overall score:** {}/100 ({})",
                    run.overall,
                    run.band.label()
                ));
                w.line(format!("- **Ending:** {}", ending_line(run)));
                w.blank();
                skills(&mut w, run, 3);
                decisions(&mut w, run, 3);
                turning(&mut w, run, 3);
                reads(&mut w, run, 3);
                trust(&mut w, run, 3);
                debrief(&mut w, run, 3);
                paths(&mut w, r, run, &format!("{}'s", text(team)), 3);
                w.blank();
            }
        }
        (kind, Some(run)) => {
            w.line(format!("- **Ending:** {}", ending_line(run)));
            w.line(format!(
                "- **Overall score:** {}/100 ({})",
                run.overall,
                run.band.label()
            ));
            w.blank();
            if let Some(c) = &r.what_if {
                what_if(&mut w, c);
            }
            skills(&mut w, run, 2);
            decisions(&mut w, run, 2);
            turning(&mut w, run, 2);
            reads(&mut w, run, 2);
            if kind == Kind::RoomVote {
                room_findings(&mut w, r, run);
            }
            trust(&mut w, run, 2);
            debrief(&mut w, run, 2);
            objectives(&mut w, r, 3);
            let whose = if kind == Kind::RoomVote {
                "The room's"
            } else {
                "Your"
            };
            paths(&mut w, r, run, whose, 2);
        }
        _ => {}
    }
    // One trailing newline, whatever the last section wrote.
    let mut o = w.0.trim_end().to_string();
    o.push('\n');
    o
}
