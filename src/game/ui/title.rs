//! Title screen: Play (focused, so Enter starts it), Resume, Workshop, Progress, Settings, Quit.

use super::super::data::Resumable;
use super::super::runner::Session;
use super::super::screen::{Screen, SettingsReturn};
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
    .add_systems(OnEnter(Screen::Title), |mut focus: ResMut<FocusPlay>| {
        focus.0 = true
    })
    .init_resource::<FocusPlay>();
}

/// Give the Play button keyboard focus on the next frame.
#[derive(Resource, Default)]
struct FocusPlay(bool);

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    mut next: ResMut<NextState<Screen>>,
    mut focus: ResMut<FocusPlay>,
    resumable: Option<Res<Resumable>>,
    workshop: Option<Res<Live>>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    mut back: ResMut<SettingsReturn>,
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
                    commands.queue(|world: &mut World| {
                        if let Some(r) = world.remove_resource::<Resumable>() {
                            world.insert_resource::<Session>(r.session);
                            world.resource_mut::<NextState<Screen>>().set(Screen::Playing);
                        }
                    });
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
            // W works even while Play has keyboard focus (the logic's keys wait for egui then).
            let w_key = ui.input(|i| i.key_pressed(egui::Key::W));
            if widgets::secondary(ui, "Workshop (W)", w)
                .on_hover_text("Run a scenario with a room or with teams, on a projector")
                .clicked()
                || w_key
            {
                next.set(Screen::WorkshopSetup);
            }
            if widgets::secondary(ui, "Progress", w).clicked() {
                next.set(Screen::Progress);
            }
            if widgets::secondary(ui, "Settings", w).clicked() {
                back.0 = Screen::Title;
                next.set(Screen::Settings);
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
