//! Inline SVG charts for the HTML report: a radar of the skill scores and a line chart of trust.
//! Plain shapes and text only, sized by `viewBox`, styled by the page's CSS classes.

use super::html::esc;
use super::{SkillScore, TrustLine};
use std::f64::consts::PI;
use std::fmt::Write;

/// Line colours, distinguishable in print and for common colour-vision deficiencies.
pub const PALETTE: [&str; 6] = ["#0b6e99", "#c2410c", "#4d7c0f", "#7e22ce", "#b91c1c", "#0f766e"];

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// A radar chart of 0–100 skill scores; skills that cannot move are drawn at 0 and marked.
pub fn radar(skills: &[SkillScore]) -> String {
    let (w, h, cx, cy, rad) = (620.0, 380.0, 310.0, 190.0, 120.0);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart radar" viewBox="0 0 {w} {h}" role="img" aria-label="Skill scores radar chart">"#
    );
    let k = skills.len().max(1);
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
    for (i, s) in skills.iter().enumerate() {
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
        let value = s
            .score
            .map_or_else(|| "not movable".to_string(), |v| v.to_string());
        let dy = if ly > cy + 1.0 { 12.0 } else { 0.0 };
        let _ = write!(
            o,
            r#"<text class="label" x="{}" y="{}" text-anchor="{anchor}">{} <tspan class="value">{}</tspan></text>"#,
            n(lx),
            n(ly + dy),
            esc(&s.name),
            esc(&value)
        );
    }
    let pts: Vec<(f64, f64)> = skills
        .iter()
        .enumerate()
        .map(|(i, s)| at(i, rad * f64::from(s.score.unwrap_or(0)) / 100.0))
        .collect();
    if !pts.is_empty() {
        let p: Vec<String> = pts.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect();
        let _ = write!(o, r#"<polygon class="area" points="{}"/>"#, p.join(" "));
        for (x, y) in &pts {
            let _ = write!(
                o,
                r#"<circle class="dot" cx="{}" cy="{}" r="3.5"/>"#,
                n(*x),
                n(*y)
            );
        }
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
        let c = PALETTE[ci % PALETTE.len()];
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
