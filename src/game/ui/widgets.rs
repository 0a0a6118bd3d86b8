//! Drawn widgets: portrait badges, the radar chart, score bars and line charts (egui painter).

use super::theme;
use bevy_egui::egui::{self, Color32, Pos2, Sense, Stroke, Vec2, pos2, vec2};

/// A stable colour for a person, from their name: one of the palette's colours (the
/// game has one palette, `theme::team_colour`, for teams, chart series and people).
pub fn colour_for(visuals: &egui::Visuals, name: &str) -> Color32 {
    let h = name
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16777619));
    theme::team_colour(visuals, h as usize % crate::report::palette::TEAM_COLOURS.len())
}

pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// A round badge with the person's initials.
pub fn portrait(ui: &mut egui::Ui, name: &str, size: f32) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    let p = ui.painter();
    let fill = colour_for(ui.visuals(), name);
    // Dark initials on light badges, white on dark ones (perceived luminance).
    let ink = theme::ink_on(fill);
    p.circle_filled(rect.center(), size / 2.0, fill);
    p.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        initials(name),
        egui::FontId::proportional(size * 0.42),
        ink,
    );
    resp
}

/// A horizontal meter 0–100 with the value written on it.
pub fn meter(ui: &mut egui::Ui, value: i64, width: f32, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(width, 14.0), Sense::hover());
    let p = ui.painter();
    p.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let frac = (value.clamp(0, 100) as f32) / 100.0;
    let mut filled = rect;
    filled.set_width(rect.width() * frac);
    p.rect_filled(filled, 4.0, colour);
    p.rect_stroke(
        rect,
        4.0,
        Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
}

/// Score bars in a grid: name, bar, number.
pub fn score_bars(ui: &mut egui::Ui, rows: &[(String, Option<u32>)], bar_width: f32) {
    egui::Grid::new(ui.next_auto_id())
        .num_columns(3)
        .spacing([12.0, 10.0])
        .show(ui, |ui| {
            for (label, score) in rows {
                ui.label(label);
                match score {
                    Some(s) => {
                        let c = theme::score_colour(ui, *s);
                        meter(ui, i64::from(*s), bar_width, c);
                        ui.label(egui::RichText::new(format!("{s:>3}")).strong());
                    }
                    None => {
                        ui.label(egui::RichText::new("no path moves it").color(theme::muted(ui)));
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
}

/// A radar chart of values 0–100 around a circle, with labels.
pub fn radar(ui: &mut egui::Ui, axes: &[(String, Option<u32>)], size: f32) {
    let labels: Vec<String> = axes.iter().map(|(l, _)| l.clone()).collect();
    let values: Vec<Option<u32>> = axes.iter().map(|(_, v)| *v).collect();
    radar_overlay(ui, &labels, &[(theme::accent(ui), values)], size);
}

/// A radar chart with several series overlaid (one colour each, filled lightly).
pub fn radar_overlay(
    ui: &mut egui::Ui,
    labels: &[String],
    series: &[(Color32, Vec<Option<u32>>)],
    size: f32,
) {
    let (rect, _) = ui.allocate_exact_size(vec2(size + 200.0, size + 60.0), Sense::hover());
    let p = ui.painter();
    let c = rect.center();
    let r = size / 2.0;
    let n = labels.len().max(3);
    let grid = ui.visuals().widgets.noninteractive.bg_stroke.color;
    let angle = |i: usize| -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / n as f32;
    let at = |i: usize, f: f32| c + Vec2::angled(angle(i)) * r * f;
    for ring in [0.25, 0.5, 0.75, 1.0] {
        let pts: Vec<Pos2> = (0..n).map(|i| at(i, ring)).collect();
        p.add(egui::Shape::closed_line(pts, Stroke::new(1.0, grid)));
    }
    for (i, label) in labels.iter().enumerate() {
        p.line_segment([c, at(i, 1.0)], Stroke::new(1.0, grid));
        let dir = Vec2::angled(angle(i));
        let align = if dir.x > 0.3 {
            egui::Align2::LEFT_CENTER
        } else if dir.x < -0.3 {
            egui::Align2::RIGHT_CENTER
        } else if dir.y < 0.0 {
            egui::Align2::CENTER_BOTTOM
        } else {
            egui::Align2::CENTER_TOP
        };
        p.text(
            at(i, 1.08),
            align,
            label,
            egui::FontId::proportional(14.0),
            ui.visuals().text_color(),
        );
    }
    let fill = if series.len() > 1 { 0.10 } else { 0.25 };
    for (colour, values) in series {
        let pts: Vec<Pos2> = values
            .iter()
            .enumerate()
            .map(|(i, v)| at(i, v.unwrap_or(0) as f32 / 100.0))
            .collect();
        if pts.len() >= 3 {
            p.add(egui::Shape::convex_polygon(
                pts.clone(),
                colour.gamma_multiply(fill),
                Stroke::NONE,
            ));
            p.add(egui::Shape::closed_line(pts.clone(), Stroke::new(2.5, *colour)));
        }
        for q in pts {
            p.circle_filled(q, 4.0, *colour);
        }
    }
}

/// A small square of colour before a label (chart legends, team names).
pub fn swatch(ui: &mut egui::Ui, colour: Color32) {
    let (r, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
    ui.painter().rect_filled(r, 3.0, colour);
}

/// A line chart: several series of values 0–100 over steps, with a legend; the n-th series
/// in the n-th palette colour, as the report's charts draw it.
pub fn line_chart(ui: &mut egui::Ui, series: &[(String, Vec<i64>)], width: f32, height: f32, x_label: &str) {
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let p = ui.painter();
    let plot = egui::Rect::from_min_max(
        pos2(rect.left() + 36.0, rect.top() + 8.0),
        pos2(rect.right() - 8.0, rect.bottom() - 24.0),
    );
    let grid = ui.visuals().widgets.noninteractive.bg_stroke.color;
    let text = ui.visuals().text_color();
    for v in [0, 50, 100] {
        let y = plot.bottom() - plot.height() * v as f32 / 100.0;
        p.line_segment(
            [pos2(plot.left(), y), pos2(plot.right(), y)],
            Stroke::new(1.0, grid),
        );
        p.text(
            pos2(plot.left() - 6.0, y),
            egui::Align2::RIGHT_CENTER,
            v.to_string(),
            egui::FontId::proportional(12.0),
            text,
        );
    }
    p.text(
        pos2(plot.center().x, rect.bottom() - 2.0),
        egui::Align2::CENTER_BOTTOM,
        x_label,
        egui::FontId::proportional(12.0),
        text,
    );
    let steps = series.iter().map(|(_, v)| v.len()).max().unwrap_or(0).max(2);
    for (n, (_, values)) in series.iter().enumerate() {
        let colour = theme::team_colour(ui.visuals(), n);
        let pts: Vec<Pos2> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                pos2(
                    plot.left() + plot.width() * i as f32 / (steps - 1) as f32,
                    plot.bottom() - plot.height() * (*v).clamp(0, 100) as f32 / 100.0,
                )
            })
            .collect();
        if pts.len() >= 2 {
            p.add(egui::Shape::line(pts.clone(), Stroke::new(2.5, colour)));
        }
        for q in pts {
            p.circle_filled(q, 3.5, colour);
        }
    }
    ui.horizontal_wrapped(|ui| {
        for (n, (name, _)) in series.iter().enumerate() {
            swatch(ui, theme::team_colour(ui.visuals(), n));
            ui.label(egui::RichText::new(name).small());
        }
    });
}

/// A big primary button.
pub fn primary(ui: &mut egui::Ui, text: &str, width: f32) -> egui::Response {
    let accent = theme::accent(ui);
    let fg = theme::on_accent(ui);
    ui.add(
        egui::Button::new(egui::RichText::new(text).size(20.0).color(fg).strong())
            .fill(accent)
            .min_size(vec2(width, 44.0)),
    )
}

/// A wide secondary button.
pub fn secondary(ui: &mut egui::Ui, text: &str, width: f32) -> egui::Response {
    ui.add(egui::Button::new(egui::RichText::new(text).size(18.0)).min_size(vec2(width, 40.0)))
}

/// A small rounded tag (a skill, a difficulty). One allocation of its whole size, never
/// wrapped inside, so a `horizontal_wrapped` row moves it to the next line when it does not fit.
pub fn chip(ui: &mut egui::Ui, text: &str) {
    let pad = vec2(8.0, 2.0);
    let galley = egui::WidgetText::from(egui::RichText::new(text).small()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let (rect, _) = ui.allocate_exact_size(galley.size() + 2.0 * pad, egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        ui.painter().rect_filled(rect, 10.0, ui.visuals().faint_bg_color);
        ui.painter()
            .galley(rect.min + pad, galley, ui.visuals().text_color());
    }
}

/// A run's turning points (`report::Turning`), one card each, with what fell, the option that
/// would have kept it and the skill points that differ. With `action`, each card has a
/// button of that label; the turning point whose button was clicked is returned.
pub fn turning_points<'t>(
    ui: &mut egui::Ui,
    t: &'t crate::report::Turning,
    size: f32,
    action: Option<&str>,
    highlight: Highlight,
) -> Option<&'t crate::report::TurningPoint> {
    ui.label(
        egui::RichText::new(t.meaning())
            .size(size - 3.0)
            .color(theme::muted(ui)),
    );
    if t.points.is_empty() {
        ui.label(egui::RichText::new(t.none()).size(size));
    }
    let mut clicked = None;
    for (i, p) in t.points.iter().enumerate() {
        let on = highlight.at == Some(i);
        let mut frame = egui::Frame::group(ui.style()).corner_radius(8);
        if on {
            frame = frame.stroke(Stroke::new(2.5, theme::accent(ui)));
        }
        let shown = frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(format!("Decision {}: {}", p.number, p.choice_text))
                    .strong()
                    .size(size + 1.0),
            );
            ui.label(egui::RichText::new(p.what_fell()).size(size));
            ui.label(egui::RichText::new(p.instead()).size(size));
            if let Some(line) = p.skills_line() {
                ui.label(egui::RichText::new(line).size(size - 2.0).color(theme::muted(ui)));
            }
            if let Some(label) = action {
                let label = if on {
                    format!("{label} (Enter)")
                } else {
                    label.to_string()
                };
                if secondary(ui, &label, 220.0).clicked() {
                    clicked = Some(p);
                }
            }
        });
        if on && highlight.moved {
            shown.response.scroll_to_me(Some(egui::Align::Center));
        }
    }
    clicked
}

/// Which turning point the keys highlight, and whether that just changed (then it is
/// scrolled into view).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Highlight {
    pub at: Option<usize>,
    pub moved: bool,
}

/// The exhibits a run opened: each title, the decision it was opened before, and the points
/// its evidence earned (or cost).
pub fn reads(ui: &mut egui::Ui, reads: &[crate::report::ReadRow], size: f32) {
    for r in reads {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&r.title).strong().size(size));
            ui.label(
                egui::RichText::new(format!("before decision {}", r.before))
                    .size(size - 1.0)
                    .color(theme::muted(ui)),
            );
            for e in &r.evidence {
                let c = theme::score_colour(ui, if e.points > 0 { 100 } else { 0 });
                ui.label(
                    egui::RichText::new(format!("{:+} {}", e.points, e.skill_name))
                        .color(c)
                        .strong()
                        .size(size - 1.0),
                );
            }
        });
    }
}
