//! Inline SVG charts for the HTML report: a radar of the skill scores (one polygon per run), a
//! line chart of trust, and a room vote's distribution as horizontal bars.
//! Plain shapes and text only, sized by `viewBox`, styled by the page's CSS classes.

use super::html::esc;
use super::palette::team_colour;
use super::{OptionRow, TrustLine};
use std::f64::consts::PI;
use std::fmt::Write;

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// One polygon on a radar chart: a run's 0–100 scores, one per axis (`None`: drawn at 0).
pub struct Series<'a> {
    pub scores: Vec<Option<u32>>,
    pub colour: &'a str,
}

/// A radar chart of 0–100 skill scores, one axis per skill, one polygon per series. With one
/// series the axis labels carry its values (skills that cannot move are marked); with several,
/// each polygon has its own colour and the page shows a legend.
pub fn radar(names: &[&str], series: &[Series]) -> String {
    let (w, h, cx, cy, rad) = (620.0, 380.0, 310.0, 190.0, 120.0);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart radar" viewBox="0 0 {w} {h}" role="img" aria-label="Skill scores radar chart">"#
    );
    let k = names.len().max(1);
    let at = |i: usize, r: f64| {
        let a = -PI / 2.0 + 2.0 * PI * i as f64 / k as f64;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let r = rad * ring / 100.0;
        if k >= 3 {
            let pts: Vec<String> = (0..k)
                .map(|i| {
                    let (x, y) = at(i, r);
                    format!("{},{}", n(x), n(y))
                })
                .collect();
            let _ = write!(o, r#"<polygon class="grid" points="{}"/>"#, pts.join(" "));
        } else {
            let _ = write!(
                o,
                r#"<circle class="grid" cx="{}" cy="{}" r="{}"/>"#,
                n(cx),
                n(cy),
                n(r)
            );
        }
        let _ = write!(
            o,
            r#"<text class="tick" x="{}" y="{}">{}</text>"#,
            n(cx + 4.0),
            n(cy - r + 12.0),
            ring as u32
        );
    }
    let single = match series {
        [one] => Some(one),
        _ => None,
    };
    for (i, name) in names.iter().enumerate() {
        let (x, y) = at(i, rad);
        let _ = write!(
            o,
            r#"<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            n(cx),
            n(cy),
            n(x),
            n(y)
        );
        let (lx, ly) = at(i, rad + 18.0);
        let anchor = if (lx - cx).abs() < 1.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let value = single.map(|s| {
            s.scores
                .get(i)
                .copied()
                .flatten()
                .map_or_else(|| "not movable".to_string(), |v| v.to_string())
        });
        let dy = if ly > cy + 1.0 { 12.0 } else { 0.0 };
        let _ = write!(
            o,
            r#"<text class="label" x="{}" y="{}" text-anchor="{anchor}">{}"#,
            n(lx),
            n(ly + dy),
            esc(name)
        );
        if let Some(v) = value {
            let _ = write!(o, r#" <tspan class="value">{}</tspan>"#, esc(&v));
        }
        o.push_str("</text>");
    }
    for s in series {
        let pts: Vec<(f64, f64)> = (0..names.len())
            .map(|i| {
                let v = s.scores.get(i).copied().flatten().unwrap_or(0);
                at(i, rad * f64::from(v) / 100.0)
            })
            .collect();
        if pts.is_empty() {
            continue;
        }
        let p: Vec<String> = pts.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect();
        let (class, style) = if single.is_some() {
            ("area", String::new())
        } else {
            ("series", format!(r#" stroke="{}" fill="{}""#, s.colour, s.colour))
        };
        let _ = write!(o, r#"<polygon class="{class}"{style} points="{}"/>"#, p.join(" "));
        for (x, y) in &pts {
            let _ = write!(
                o,
                r#"<circle cx="{}" cy="{}" r="3.5" fill="{}"/>"#,
                n(*x),
                n(*y),
                s.colour
            );
        }
    }
    o.push_str("</svg>");
    o
}

/// Splits text into lines of at most `width` characters at spaces (longer words stand alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A room vote as horizontal bars, one per option in display order: the option's text above
/// its bar, the count and share of the votes at the bar's end; the option taken is drawn in
/// the accent colour and marked.
pub fn votes(options: &[OptionRow], chosen: &str) -> String {
    let (w, bar_w, line_h, bar_h, gap) = (760.0, 640.0, 19.0, 14.0, 12.0);
    let total: u32 = options.iter().filter_map(|o| o.votes).sum();
    let rows: Vec<Vec<String>> = options.iter().map(|o| wrap(&o.text, 90)).collect();
    let h: f64 = rows
        .iter()
        .map(|r| r.len() as f64 * line_h + bar_h + gap + 6.0)
        .sum::<f64>()
        + 4.0;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart votes" viewBox="0 0 {w} {}" role="img" aria-label="Votes per option">"#,
        n(h)
    );
    let mut y = 4.0;
    for (opt, lines) in options.iter().zip(&rows) {
        let taken = opt.choice_id == chosen;
        let class = if taken { "opt taken" } else { "opt" };
        for (i, line) in lines.iter().enumerate() {
            y += line_h;
            let mark = if taken && i == 0 { "✓ " } else { "" };
            let _ = write!(
                o,
                r#"<text class="{class}" x="0" y="{}">{mark}{}</text>"#,
                n(y - 4.0),
                esc(line)
            );
        }
        y += 3.0;
        let v = opt.votes.unwrap_or(0);
        let share = if total == 0 {
            0.0
        } else {
            f64::from(v) / f64::from(total)
        };
        let _ = write!(
            o,
            r#"<rect class="track" x="0" y="{}" width="{bar_w}" height="{bar_h}" rx="3"/>"#,
            n(y)
        );
        if v > 0 {
            let _ = write!(
                o,
                r#"<rect class="{}" x="0" y="{}" width="{}" height="{bar_h}" rx="3"/>"#,
                if taken { "fill taken" } else { "fill" },
                n(y),
                n((bar_w * share).max(3.0))
            );
        }
        let _ = write!(
            o,
            r#"<text class="count" x="{}" y="{}">{v} · {}%</text>"#,
            n(bar_w + 10.0),
            n(y + bar_h - 2.0),
            (share * 100.0).round() as u32
        );
        y += bar_h + gap + 3.0;
    }
    o.push_str("</svg>");
    o
}

/// A line chart of each character's trust: x is "start" then each decision, y the trust value.
pub fn trust(lines: &[TrustLine]) -> String {
    let (w, h) = (640.0, 300.0);
    let (l, r, t, b) = (44.0, 16.0, 16.0, 40.0);
    let steps = lines.iter().map(|t| t.values.len()).max().unwrap_or(1).max(2) - 1;
    let lo = lines
        .iter()
        .flat_map(|t| t.values.iter().copied())
        .min()
        .unwrap_or(0)
        .min(0);
    let hi = lines
        .iter()
        .flat_map(|t| t.values.iter().copied())
        .max()
        .unwrap_or(100)
        .max(100);
    let x = |i: usize| l + (w - l - r) * i as f64 / steps as f64;
    let y = |v: i64| t + (h - t - b) * (hi - v) as f64 / (hi - lo).max(1) as f64;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart trust" viewBox="0 0 {w} {h}" role="img" aria-label="Trust over time line chart">"#
    );
    let span = hi - lo;
    let step = if span > 200 { 50 } else { 25 };
    let mut v = lo - lo.rem_euclid(step);
    while v <= hi {
        if v >= lo {
            let _ = write!(
                o,
                r#"<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/><text class="tick" x="{}" y="{}" text-anchor="end">{v}</text>"#,
                n(l),
                n(y(v)),
                n(w - r),
                n(y(v)),
                n(l - 6.0),
                n(y(v) + 4.0)
            );
        }
        v += step;
    }
    for i in 0..=steps {
        let label = if i == 0 {
            "start".to_string()
        } else {
            i.to_string()
        };
        let _ = write!(
            o,
            r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{label}</text>"#,
            n(x(i)),
            n(h - b + 18.0)
        );
    }
    let _ = write!(
        o,
        r#"<text class="tick" x="{}" y="{}" text-anchor="middle">decision</text>"#,
        n(l + (w - l - r) / 2.0),
        n(h - 4.0)
    );
    for (ci, line) in lines.iter().enumerate() {
        let c = team_colour(ci);
        let pts: Vec<String> = line
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", n(x(i)), n(y(*v))))
            .collect();
        let _ = write!(
            o,
            r#"<polyline class="line" stroke="{c}" points="{}"><title>{}</title></polyline>"#,
            pts.join(" "),
            esc(&line.name)
        );
        for (i, v) in line.values.iter().enumerate() {
            let _ = write!(
                o,
                r#"<circle cx="{}" cy="{}" r="3" fill="{c}"/>"#,
                n(x(i)),
                n(y(*v))
            );
        }
    }
    o.push_str("</svg>");
    o
}
