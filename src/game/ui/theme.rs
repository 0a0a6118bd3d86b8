//! Colours, type sizes and spacing for the three themes, tuned for a 1280×720 window and a projector.

use super::super::data::{Settings, Theme};
use crate::engine::model::Outcome;
use bevy_egui::egui::{self, Color32, FontId, TextStyle};

/// Accent colour per theme (buttons in focus, the countdown, highlights).
pub fn accent(ui: &egui::Ui) -> Color32 {
    ui.visuals().selection.bg_fill
}

/// Text colour that reads on `fill`: dark on light fills, white on dark ones (perceived luminance).
pub fn ink_on(fill: Color32) -> Color32 {
    let luma = 0.299 * f32::from(fill.r()) + 0.587 * f32::from(fill.g()) + 0.114 * f32::from(fill.b());
    if luma > 150.0 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}

/// Text colour on the accent colour (primary buttons).
pub fn on_accent(ui: &egui::Ui) -> Color32 {
    ink_on(accent(ui))
}

/// Colour for a score 0–100: weak red, middling amber, strong green.
pub fn score_colour(ui: &egui::Ui, score: u32) -> Color32 {
    let dark = ui.visuals().dark_mode;
    match score {
        0..50 => {
            if dark {
                Color32::from_rgb(0xe0, 0x6c, 0x5f)
            } else {
                Color32::from_rgb(0xb3, 0x36, 0x2b)
            }
        }
        50..70 => {
            if dark {
                Color32::from_rgb(0xe3, 0xb3, 0x4f)
            } else {
                Color32::from_rgb(0x9a, 0x6a, 0x00)
            }
        }
        _ => {
            if dark {
                Color32::from_rgb(0x5f, 0xc2, 0x8f)
            } else {
                Color32::from_rgb(0x1d, 0x7a, 0x4a)
            }
        }
    }
}

/// The n-th team's colour: the report's palette (`report::palette`), so a team is the same
/// colour at set-up, on the projector, in the hot wash and in the printed report. It is the
/// game's only palette: chart series and portraits take their colours from it too. Dark themes draw it lightened (mixed
/// 40% toward white) so it stands out on a dark panel; light themes draw it as printed.
pub fn team_colour(visuals: &egui::Visuals, n: usize) -> Color32 {
    let [r, g, b] = crate::report::palette::team_rgb(n);
    if !visuals.dark_mode {
        return Color32::from_rgb(r, g, b);
    }
    let lighten = |c: u8| c + ((255 - u16::from(c)) * 2 / 5) as u8;
    Color32::from_rgb(lighten(r), lighten(g), lighten(b))
}

/// Colour for an ending's outcome: the score colours of a strong, middling and weak score.
pub fn outcome_colour(ui: &egui::Ui, outcome: Outcome) -> Color32 {
    score_colour(
        ui,
        match outcome {
            Outcome::Success => 100,
            Outcome::Partial => 60,
            Outcome::Failure => 0,
        },
    )
}

pub fn muted(ui: &egui::Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

pub fn apply(ctx: &egui::Context, settings: &Settings) {
    let mut visuals = match settings.theme {
        Theme::Light => egui::Visuals::light(),
        Theme::Dark | Theme::HighContrast => egui::Visuals::dark(),
    };
    match settings.theme {
        Theme::Dark => {
            visuals.panel_fill = Color32::from_rgb(0x1b, 0x1f, 0x27);
            visuals.window_fill = Color32::from_rgb(0x23, 0x29, 0x35);
            visuals.extreme_bg_color = Color32::from_rgb(0x14, 0x17, 0x1d);
            visuals.faint_bg_color = Color32::from_rgb(0x23, 0x29, 0x35);
            visuals.selection.bg_fill = Color32::from_rgb(0x2f, 0x8f, 0x86);
            visuals.hyperlink_color = Color32::from_rgb(0x6f, 0xd3, 0xc7);
            visuals.widgets.inactive.weak_bg_fill = Color32::from_rgb(0x2c, 0x33, 0x42);
            visuals.widgets.inactive.bg_fill = Color32::from_rgb(0x2c, 0x33, 0x42);
            visuals.widgets.hovered.weak_bg_fill = Color32::from_rgb(0x37, 0x40, 0x52);
            visuals.override_text_color = Some(Color32::from_rgb(0xe6, 0xe9, 0xef));
        }
        Theme::Light => {
            visuals.panel_fill = Color32::from_rgb(0xf6, 0xf5, 0xf1);
            visuals.window_fill = Color32::WHITE;
            visuals.faint_bg_color = Color32::from_rgb(0xec, 0xea, 0xe4);
            visuals.selection.bg_fill = Color32::from_rgb(0x1f, 0x6f, 0x68);
            visuals.widgets.inactive.weak_bg_fill = Color32::from_rgb(0xe4, 0xe2, 0xdb);
            visuals.override_text_color = Some(Color32::from_rgb(0x1e, 0x22, 0x2a));
        }
        Theme::HighContrast => {
            visuals.panel_fill = Color32::BLACK;
            visuals.window_fill = Color32::BLACK;
            visuals.extreme_bg_color = Color32::BLACK;
            visuals.faint_bg_color = Color32::from_gray(20);
            visuals.selection.bg_fill = Color32::from_rgb(0xff, 0xd4, 0x00);
            visuals.selection.stroke = egui::Stroke::new(2.0, Color32::BLACK);
            visuals.override_text_color = Some(Color32::WHITE);
            visuals.widgets.inactive.weak_bg_fill = Color32::from_gray(30);
            visuals.widgets.inactive.bg_stroke = egui::Stroke::new(2.0, Color32::WHITE);
            visuals.widgets.hovered.bg_stroke = egui::Stroke::new(3.0, Color32::from_rgb(0xff, 0xd4, 0x00));
            visuals.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.5, Color32::WHITE);
        }
    }
    // A steady cursor: a blinking one asks for two frames a second while a field has focus.
    visuals.text_cursor.blink = false;
    visuals.window_corner_radius = egui::CornerRadius::same(10);
    visuals.widgets.inactive.corner_radius = egui::CornerRadius::same(8);
    visuals.widgets.hovered.corner_radius = egui::CornerRadius::same(8);
    visuals.widgets.active.corner_radius = egui::CornerRadius::same(8);
    ctx.set_visuals(visuals);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(30.0)),
            (TextStyle::Body, FontId::proportional(18.0)),
            (TextStyle::Button, FontId::proportional(18.0)),
            (TextStyle::Small, FontId::proportional(14.0)),
            (TextStyle::Monospace, FontId::monospace(16.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
        style.spacing.interact_size.y = 34.0;
    });
    ctx.set_zoom_factor(settings.ui_scale.clamp(0.6, 2.5));
}
