//! CSV: one row per decision, for spreadsheets, run by run (team by team in set-up order).
//! `team` is empty for a solo run and "The room" for a room vote; `options` lists the option
//! ids offered, separated by `|`, and `votes` their vote counts in the same order (room vote
//! only); `chosen` is the 1-based position of the option taken among `options` (empty when
//! the timer ran out, as the timeout choice is never offered); then the skill deltas of the
//! choice taken, one column per assessed skill; then the best still reachable before and
//! after the decision (outcome and score; see `engine::turning`), `turning_point` (`outcome`
//! or `score` at a turning point, else empty), `keep_choice` (there, the option that would
//! have kept it) and `exact` (`false`: those values are upper bounds).

use super::{Fell, Reach, Report, RunReport};
use crate::engine::workshop::SettledKind;

/// Quotes a field when it holds a comma, a quote or a line break; quotes are doubled.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

/// The turning-point columns of decision `number`.
fn reach(run: &RunReport, number: usize) -> [String; 7] {
    let t = &run.turning;
    let at = t.at(number);
    let cells = |r: Option<Reach>| {
        r.map_or_else(
            || [String::new(), String::new()],
            |r| [r.outcome.label().to_string(), r.score.to_string()],
        )
    };
    let [ob, sb] = cells(at.and_then(|d| d.before));
    let [oa, sa] = cells(at.and_then(|d| d.after));
    let point = t.points.iter().find(|p| p.number == number);
    let fell = point.map_or("", |p| match p.fell {
        Fell::Outcome => "outcome",
        Fell::Score => "score",
    });
    [
        ob,
        sb,
        oa,
        sa,
        fell.to_string(),
        point.map_or_else(String::new, |p| p.keep_id.clone()),
        at.is_some_and(|d| d.exact).to_string(),
    ]
}

pub fn render(r: &Report) -> String {
    let mut header: Vec<String> = [
        "team",
        "node",
        "choice_id",
        "choice_text",
        "timed_out",
        "at_ms",
        "options",
        "votes",
        "chosen",
        "settled",
        "override_reason",
        "note",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let skills = r.runs.first().map_or(&[][..], |run| &run.skills[..]);
    header.extend(skills.iter().map(|k| k.id.clone()));
    header.extend(
        [
            "best_outcome_before",
            "best_score_before",
            "best_outcome_after",
            "best_score_after",
            "turning_point",
            "keep_choice",
            "exact",
        ]
        .map(String::from),
    );
    let mut out = row(&header);
    for run in &r.runs {
        for d in &run.decisions {
            let voted = d.options.iter().any(|o| o.votes.is_some());
            let mut f = vec![
                run.team.clone().unwrap_or_default(),
                d.node.clone(),
                d.choice_id.clone(),
                d.choice_text.clone(),
                d.timed_out.to_string(),
                d.at_ms.to_string(),
                d.options
                    .iter()
                    .map(|o| o.choice_id.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
                if voted {
                    d.options
                        .iter()
                        .map(|o| o.votes.unwrap_or(0).to_string())
                        .collect::<Vec<_>>()
                        .join("|")
                } else {
                    String::new()
                },
                d.options
                    .iter()
                    .position(|o| o.choice_id == d.choice_id)
                    .map_or_else(String::new, |i| (i + 1).to_string()),
                d.settled.map(SettledKind::label).unwrap_or_default().to_string(),
                d.override_reason.clone().unwrap_or_default(),
                d.note.clone().unwrap_or_default(),
            ];
            for k in skills {
                let p: i32 = d
                    .evidence
                    .iter()
                    .filter(|e| e.skill == k.id)
                    .map(|e| e.points)
                    .sum();
                f.push(p.to_string());
            }
            f.extend(reach(run, d.number));
            out.push_str(&row(&f));
        }
    }
    out
}
