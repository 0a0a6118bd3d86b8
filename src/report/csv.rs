//! CSV: one row per decision, for spreadsheets. `team`, `votes` and `chosen` are there for
//! workshop sessions; a solo run leaves `team` and `votes` empty and `chosen` is always `true`.

use super::Report;

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

pub fn render(r: &Report) -> String {
    let mut header: Vec<String> = [
        "team",
        "node",
        "choice_id",
        "choice_text",
        "timed_out",
        "at_ms",
        "votes",
        "chosen",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(r.skills.iter().map(|k| k.id.clone()));
    let mut out = row(&header);
    for d in &r.decisions {
        let mut f = vec![
            String::new(),
            d.node.clone(),
            d.choice_id.clone(),
            d.choice_text.clone(),
            d.timed_out.to_string(),
            d.at_ms.to_string(),
            String::new(),
            "true".to_string(),
        ];
        for k in &r.skills {
            let p: i32 = d
                .evidence
                .iter()
                .filter(|e| e.skill == k.id)
                .map(|e| e.points)
                .sum();
            f.push(p.to_string());
        }
        out.push_str(&row(&f));
    }
    out
}
