//! The settings menu's view: UI scale, theme, how lines are revealed, coach mode by default.
//! A change is sent as `ChangeSettings` (the logic applies and saves it); Back closes the menu.

use super::super::data::{DataDir, Reveal, Settings, Theme};
use super::super::menu::{Menu, MenuAction};
use super::super::settings::ChangeSettings;
use super::{ScreenUi, page, root, theme};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.after(ScreenUi).run_if(in_state(Menu::Settings)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    dir: Res<DataDir>,
    mut menu: MessageWriter<MenuAction>,
    mut change: MessageWriter<ChangeSettings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root(ctx);
    let mut edited = settings.clone();
    page(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button("◀ Back").clicked() {
                menu.write(MenuAction::Back);
            }
            ui.heading("Settings");
        });
        ui.add_space(12.0);
        egui::Grid::new("settings")
            .num_columns(2)
            .spacing([24.0, 18.0])
            .show(ui, |ui| {
                ui.label("Text and button size");
                ui.horizontal(|ui| {
                    for (label, v) in [
                        ("Small", 0.85),
                        ("Normal", 1.0),
                        ("Large", 1.25),
                        ("Projector", 1.6),
                    ] {
                        if ui
                            .selectable_label((edited.ui_scale - v).abs() < 0.01, label)
                            .clicked()
                        {
                            edited.ui_scale = v;
                        }
                    }
                });
                ui.end_row();
                ui.label("Theme");
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut edited.theme, Theme::Dark, "Dark");
                    ui.selectable_value(&mut edited.theme, Theme::Light, "Light");
                    ui.selectable_value(&mut edited.theme, Theme::HighContrast, "High contrast");
                });
                ui.end_row();
                ui.label("Scene lines");
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut edited.reveal, Reveal::Manual, "One at a time (Space)");
                    ui.selectable_value(&mut edited.reveal, Reveal::Relaxed, "Automatic, relaxed");
                    ui.selectable_value(&mut edited.reveal, Reveal::Brisk, "Automatic, brisk");
                    ui.selectable_value(&mut edited.reveal, Reveal::AllAtOnce, "All at once");
                });
                ui.end_row();
                ui.label("Coach notes by default");
                ui.checkbox(
                    &mut edited.coach_default,
                    "Show a short coach note after each choice",
                );
                ui.end_row();
            });
        ui.add_space(16.0);
        ui.label(
            egui::RichText::new(format!("Saved in {}", dir.settings().display()))
                .small()
                .color(theme::muted(ui)),
        );
    });
    if edited != *settings {
        change.write(ChangeSettings(edited));
    }
    Ok(())
}
