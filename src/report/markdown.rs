//! Markdown for pasting into a wiki: headings, a skills table, a decisions table, the paths as lists.

use super::Report;

/// Makes text safe inside a Markdown table cell (one line, no stray pipes).
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Keeps text from being read as Markdown structure at the start of a line or as HTML.
fn text(s: &str) -> String {
    s.replace('<', "&lt;")
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let mut w = |s: String| {
        o.push_str(&s);
        o.push('\n');
    };
    w(format!("# Run report: {}", text(&r.scenario.title)));
    w(String::new());
    w(format!("- **Role:** {}", text(&r.scenario.role)));
    w(format!(
        "- **Scenario:** `{}` version {}",
        r.scenario.id, r.scenario.version
    ));
    w(format!("- **Seed:** {}", r.seed));
    match &r.ending {
        Some(e) => w(format!("- **Ending:** {} ({})", text(&e.title), e.outcome)),
        None => w("- **Ending:** not reached".to_string()),
    }
    w(format!("- **Overall score:** {}/100 ({})", r.overall, r.band));
    w(String::new());

    w("## Skills".to_string());
    w(String::new());
    w("| Skill | Score | Points |".to_string());
    w("|---|---:|---:|".to_string());
    for k in &r.skills {
        let score = k
            .score
            .map_or_else(|| "not movable".to_string(), |v| v.to_string());
        w(format!("| {} | {} | {} |", cell(&k.name), score, k.points));
    }
    w(String::new());

    w("## Decisions".to_string());
    w(String::new());
    w("| # | Node | Choice | Time | Timed out | Evidence | Coach |".to_string());
    w("|---:|---|---|---:|---|---|---|".to_string());
    for d in &r.decisions {
        let ev = d
            .evidence
            .iter()
            .map(|e| format!("{} {:+}: {}", e.skill_name, e.points, e.why))
            .collect::<Vec<_>>()
            .join("; ");
        w(format!(
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
    w(String::new());

    w("## Trust over time".to_string());
    w(String::new());
    w("Start, then after each decision.".to_string());
    w(String::new());
    for t in &r.trust {
        let v = t
            .values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" → ");
        w(format!("- **{}:** {}", text(&t.name), v));
    }
    w(String::new());

    if let Some(e) = &r.ending {
        w("## Debrief".to_string());
        w(String::new());
        w(text(&e.debrief));
        w(String::new());
        w("### What a strong leader would have done".to_string());
        w(String::new());
        w(text(&e.strong_leader));
        w(String::new());
    }

    w("## Your path".to_string());
    w(String::new());
    for (i, p) in r.player_path.iter().enumerate() {
        w(format!("{}. {}", i + 1, text(&p.text)));
    }
    w(String::new());
    w(match &r.best_ending {
        Some(e) => format!("## Best path (ends: {})", text(e)),
        None => "## Best path".to_string(),
    });
    w(String::new());
    for (i, p) in r.best_path.iter().enumerate() {
        w(format!("{}. {}", i + 1, text(&p.text)));
    }
    o
}
