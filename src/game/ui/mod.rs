//! The view: egui drawing for every screen and menu, one plugin per file. Views read the
//! logic's resources and send messages (`Action`, `MenuAction`, `ChangeSettings`, …) or change
//! `Screen`; they decide nothing and hold no game state of their own.

mod briefing;
mod debrief;
mod exhibits;
mod library;
mod pause;
mod playing;
mod progress;
mod settings;
pub mod theme;
mod title;
pub mod widgets;
mod workshop;
mod workshop_debrief;
mod workshop_setup;

use super::data::Settings;
use super::menu::Menu;
use super::notice::NoticeBoard;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_plugins((
        title::plugin,
        library::plugin,
        briefing::plugin,
        playing::plugin,
        debrief::plugin,
        progress::plugin,
        settings::plugin,
        workshop_setup::plugin,
        workshop::plugin,
        workshop_debrief::plugin,
        pause::plugin,
    ))
    // Settings cover the whole window; the screen underneath waits, undrawn.
    .configure_sets(
        EguiPrimaryContextPass,
        ScreenUi.run_if(not(in_state(Menu::Settings))),
    )
    .add_systems(
        EguiPrimaryContextPass,
        (apply_theme, notices).chain().before(ScreenUi),
    );
}

/// The screens' UI systems run in this set, after the theme is applied (menus' UI after them).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenUi;

fn apply_theme(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut applied: Local<Option<Settings>>,
) -> Result {
    if applied.as_ref() == Some(&*settings) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    theme::apply(ctx, &settings);
    *applied = Some(settings.clone());
    Ok(())
}

/// Draws the notice board (logic decides what is on it and for how long), newest last.
fn notices(mut contexts: EguiContexts, board: Res<NoticeBoard>) -> Result {
    if board.shown().next().is_none() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("notices"))
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -84.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for n in board.shown() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(560.0);
                    ui.label(&n.text);
                });
            }
        });
    Ok(())
}

/// A header clock in whole minutes ("12 min"): it changes once a minute, so an idle screen
/// redraws once a minute rather than every second (see `lowpower::until_next_minute`).
pub fn minutes(ms: u64) -> String {
    format!("{} min", ms / 60_000)
}

/// A full-window root `Ui` to lay panels into (egui 0.36 panels take a `&mut Ui`).
pub fn root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// A screen's central panel, laid out with the page frame.
pub fn page<R>(root: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let frame = page_frame(root);
    egui::CentralPanel::default_margins()
        .frame(frame)
        .show(root, add)
        .inner
}

/// The frame every screen's central panel uses.
pub fn page_frame(ui: &egui::Ui) -> egui::Frame {
    egui::Frame::central_panel(ui.style()).inner_margin(egui::Margin::symmetric(32, 24))
}

/// Two equal columns laid out top-down and left-aligned (egui's `columns` justifies text).
pub fn columns2(ui: &mut egui::Ui, left: impl FnOnce(&mut egui::Ui), right: impl FnOnce(&mut egui::Ui)) {
    ui.columns(2, |cols| {
        cols[0].with_layout(egui::Layout::top_down(egui::Align::Min), left);
        cols[1].with_layout(egui::Layout::top_down(egui::Align::Min), right);
    });
}
