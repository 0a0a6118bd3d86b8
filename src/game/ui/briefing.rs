//! Briefing: the situation, your role, what you are accountable for, the people (never the
//! objectives, which would give the answers away: they are on the debrief); coach or assessment mode;
//! the seed (shown, and editable so a trainer can give everyone the same run).

use super::super::BriefingAction;
use super::super::catalog::Catalog;
use super::super::runner::Action;
use super::super::screen::{Screen, Selected};
use super::{ScreenUi, page, page_frame, root, theme, widgets};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Briefing)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    selected: Option<Res<Selected>>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<Action>,
    mut briefing: MessageWriter<BriefingAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root(ctx);
    // (Without a selection the logic goes back to the library.)
    let Some(selected) = selected else {
        return Ok(());
    };
    let Some(s) = catalog.get(&selected.id).cloned() else {
        page(&mut root, |ui| {
            ui.heading(format!("There is no playable scenario `{}`", selected.id));
            let ids = catalog.playable_ids();
            ui.label(format!("Available: {}", ids.join(", ")));
            if ui.button("Go to the library").clicked() {
                next.set(Screen::Library);
            }
        });
        return Ok(());
    };
    egui::Panel::bottom("briefing-actions")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(32, 14)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                if widgets::secondary(ui, "◀ Library", 140.0).clicked() {
                    next.set(Screen::Library);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let ok = selected.typed_seed().is_some();
                    if ui
                        .add_enabled(
                            ok,
                            egui::Button::new(
                                egui::RichText::new("Start  (Enter)")
                                    .size(20.0)
                                    .strong()
                                    .color(theme::on_accent(ui)),
                            )
                            .fill(theme::accent(ui))
                            .min_size(egui::vec2(200.0, 44.0)),
                        )
                        .clicked()
                    {
                        actions.write(Action::Start);
                    }
                });
            });
        });
    page(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(&s.title).size(34.0).strong());
                ui.horizontal_wrapped(|ui| {
                    widgets::chip(ui, &format!("{} min", s.minutes));
                    widgets::chip(ui, s.difficulty.label());
                    for (k, _) in &s.assesses {
                        widgets::chip(ui, &catalog.skill_name(k));
                    }
                });
                ui.add_space(8.0);
                ui.columns(2, |cols| {
                    cols[0].with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.label(egui::RichText::new("The situation").size(22.0).strong());
                        ui.label(&s.setting);
                        ui.add_space(6.0);
                        ui.label(egui::RichText::new("Your role").size(22.0).strong());
                        ui.label(&s.role);
                        ui.add_space(6.0);
                        // The objectives would give the answers away: they are on the debrief.
                        if let Some(a) = &s.accountable {
                            ui.add_space(6.0);
                            ui.label(egui::RichText::new("You are accountable for").size(22.0).strong());
                            ui.label(a);
                        }
                        ui.add_space(10.0);
                        egui::Frame::group(ui.style())
                            .corner_radius(10)
                            .inner_margin(egui::Margin::same(12))
                            .show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.horizontal(|ui| {
                                    ui.label(egui::RichText::new("Mode").strong());
                                    let mut coach = selected.coach;
                                    ui.radio_value(&mut coach, true, "Coach")
                                        .on_hover_text("A short coach note after each choice");
                                    ui.radio_value(&mut coach, false, "Assessment")
                                        .on_hover_text("Feedback only at the end");
                                    if coach != selected.coach {
                                        briefing.write(BriefingAction::Coach(coach));
                                    }
                                });
                                ui.horizontal(|ui| {
                                    ui.label(egui::RichText::new("Seed").strong());
                                    let mut text = selected.seed_text.clone();
                                    let edit = ui.add(
                                        egui::TextEdit::singleline(&mut text)
                                            .desired_width(130.0)
                                            .font(egui::FontId::proportional(28.0)),
                                    );
                                    if edit.changed() {
                                        briefing.write(BriefingAction::SeedText(text));
                                    }
                                    if selected.typed_seed().is_none() {
                                        ui.label(
                                            egui::RichText::new("digits only")
                                                .color(theme::score_colour(ui, 0)),
                                        );
                                    }
                                    if ui.button("New seed").clicked() {
                                        briefing.write(BriefingAction::NewSeed);
                                    }
                                });
                                ui.label(
                                    egui::RichText::new(
                                        "Give everyone the same seed and they play the same run.",
                                    )
                                    .small()
                                    .color(theme::muted(ui)),
                                );
                            });
                    });
                    cols[1].with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.label(egui::RichText::new("The people").size(22.0).strong());
                        for c in &s.characters {
                            ui.horizontal(|ui| {
                                widgets::portrait(ui, &c.name, 44.0);
                                ui.vertical(|ui| {
                                    ui.label(
                                        egui::RichText::new(format!("{} — {}", c.name, c.title)).strong(),
                                    );
                                    ui.label(egui::RichText::new(&c.profile).size(15.0));
                                });
                            });
                            ui.add_space(4.0);
                        }
                    });
                });
            });
    });
    Ok(())
}
