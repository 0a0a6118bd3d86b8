//! Title screen: Play (focused, so Enter starts it), Resume, Workshop, Progress, Settings, Quit.

use super::super::data::Resumable;
use super::super::menu::{Menu, MenuAction};
use super::super::screen::Screen;
use super::super::title::Resume;
use super::super::workshop::Live;
use super::{ScreenUi, page, root, theme, widgets};
use bevy::app::AppExit;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Title)),
    )
    // On arriving, and when a menu over the title closes.
    .add_systems(OnEnter(Screen::Title), focus_play)
    .add_systems(OnEnter(Menu::None), focus_play)
    .init_resource::<FocusPlay>();
}

/// Give the Play button keyboard focus on the next frame.
#[derive(Resource, Default)]
struct FocusPlay(bool);

fn focus_play(mut focus: ResMut<FocusPlay>) {
    focus.0 = true;
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    mut next: ResMut<NextState<Screen>>,
    mut focus: ResMut<FocusPlay>,
    resumable: Option<Res<Resumable>>,
    workshop: Option<Res<Live>>,
    mut resume: MessageWriter<Resume>,
    mut menu: MessageWriter<MenuAction>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root(ctx);
    page(&mut root, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.12).max(12.0));
            ui.label(egui::RichText::new("Rapport").size(64.0).strong());
            ui.label(
                egui::RichText::new("Practise the conversations that make IT leaders.")
                    .size(22.0)
                    .color(theme::muted(ui)),
            );
            ui.add_space(36.0);
            let w = 320.0;
            let play = widgets::primary(ui, "Play", w);
            if focus.0 {
                play.request_focus();
                focus.0 = false;
            }
            if play.clicked() {
                next.set(Screen::Library);
            }
            if let Some(r) = &resumable {
                let label = format!("Resume \u{201c}{}\u{201d}", r.title);
                if widgets::secondary(ui, &label, w)
                    .on_hover_text("Carry on exactly where you left off")
                    .clicked()
                {
                    resume.write(Resume);
                }
            }
            if let Some(live) = workshop.as_ref().filter(|l| !l.workshop.is_over()) {
                let label = format!("Resume workshop \u{201c}{}\u{201d}", live.workshop.setup.session);
                if widgets::secondary(ui, &label, w)
                    .on_hover_text("Back to the room exactly where it was: votes, notes and timers")
                    .clicked()
                {
                    next.set(Screen::Workshop);
                }
            }
            if widgets::secondary(ui, "Workshop (W)", w)
                .on_hover_text("Run a scenario with a room or with teams, on a projector")
                .clicked()
            {
                next.set(Screen::WorkshopSetup);
            }
            if widgets::secondary(ui, "Progress", w).clicked() {
                next.set(Screen::Progress);
            }
            if widgets::secondary(ui, "Settings", w).clicked() {
                menu.write(MenuAction::OpenSettings);
            }
            if widgets::secondary(ui, "Quit", w).clicked() {
                exit.write(AppExit::Success);
            }
            ui.add_space(24.0);
            ui.label(
                egui::RichText::new("Enter starts · Tab moves between buttons · F12 saves a screenshot")
                    .small()
                    .color(theme::muted(ui)),
            );
        });
    });
    Ok(())
}
