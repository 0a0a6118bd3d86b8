//! The pause menu's view, over the playing screen: Resume, Restart (same seed), Settings,
//! Quit to library. Each button sends its `Action` or `MenuAction`.

use super::super::menu::{Menu, MenuAction};
use super::super::runner::Action;
use super::super::screen::Screen;
use super::{ScreenUi, theme, widgets};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.after(ScreenUi)
            .run_if(in_state(Screen::Playing).and_then(in_state(Menu::Pause))),
    );
}

fn draw(
    mut contexts: EguiContexts,
    mut actions: MessageWriter<Action>,
    mut menu: MessageWriter<MenuAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    egui::Modal::new(egui::Id::new("pause")).show(ctx, |ui| {
        ui.set_width(320.0);
        ui.vertical_centered(|ui| {
            ui.heading("Paused");
            ui.label(egui::RichText::new("The clock is stopped.").color(theme::muted(ui)));
            ui.add_space(8.0);
            let resume = widgets::primary(ui, "Resume", 260.0);
            resume.request_focus();
            if resume.clicked() {
                actions.write(Action::TogglePause);
            }
            if widgets::secondary(ui, "Restart (same seed)", 260.0).clicked() {
                actions.write(Action::Restart);
            }
            if widgets::secondary(ui, "Settings", 260.0).clicked() {
                menu.write(MenuAction::OpenSettings);
            }
            if widgets::secondary(ui, "Quit to library", 260.0).clicked() {
                actions.write(Action::QuitToLibrary);
            }
            ui.label(
                egui::RichText::new("Your run is saved after every decision.")
                    .small()
                    .color(theme::muted(ui)),
            );
        });
    });
    Ok(())
}
