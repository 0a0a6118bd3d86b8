//! Workshop set-up: the scenario, the seed (big, so teams on other machines can type it in),
//! the session and facilitator names, the format (room vote or team rounds with 2–8 named
//! teams) and the discussion timer.

use super::super::catalog::Catalog;
use super::super::screen::Screen;
use super::super::workshop::WorkshopAction;
use super::super::workshop_setup::{Draft, DraftAction};
use super::{ScreenUi, page, page_frame, root, theme, widgets};
use crate::engine::workshop::{MAX_TEAMS, MIN_TEAMS, Mode};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::WorkshopSetup)),
    );
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(text).size(20.0).strong());
}

fn draw(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    draft: Option<Res<Draft>>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<WorkshopAction>,
    mut edits: MessageWriter<DraftAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root(ctx);
    let Some(draft) = draft else {
        return Ok(());
    };
    let scenario = catalog.get(&draft.scenario).cloned();
    let problems = scenario.as_ref().map_or_else(
        || vec!["Pick a scenario.".to_string()],
        |s| draft.setup(s.version).problems(),
    );
    let seed_ok = draft.seed_text.trim().parse::<u64>().is_ok();

    egui::Panel::bottom("workshop-setup-actions")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(32, 14)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                if widgets::secondary(ui, "◀ Title", 140.0).clicked() {
                    next.set(Screen::Title);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let ready = problems.is_empty() && seed_ok;
                    let start = egui::Button::new(
                        egui::RichText::new("Start workshop  (Enter)")
                            .size(20.0)
                            .strong()
                            .color(theme::on_accent(ui)),
                    )
                    .fill(theme::accent(ui))
                    .min_size(egui::vec2(260.0, 44.0));
                    if ui.add_enabled(ready, start).clicked() {
                        actions.write(WorkshopAction::Start);
                    }
                    for p in &problems {
                        ui.label(egui::RichText::new(p).color(theme::score_colour(ui, 0)));
                    }
                });
            });
        });

    page(&mut root, |ui| {
        ui.label(egui::RichText::new("Run a workshop").size(34.0).strong());
        ui.label(
            egui::RichText::new(
                "Up/Down scenario · R room vote · T team rounds · +/− teams · Enter start · click a box to type",
            )
            .color(theme::muted(ui)),
        );
        ui.add_space(6.0);
        let current = draft.scenario.clone();
        ui.columns(3, |cols| {
            let [left, middle, right] = cols else { return };
            left.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                heading(ui, "Scenario");
                egui::ScrollArea::vertical()
                    .id_salt("setup-scenarios")
                    .max_height(ui.available_height() - 8.0)
                    .show(ui, |ui| {
                        for card in &catalog.cards {
                            let Some(s) = &card.scenario else { continue };
                            let on = current == s.id;
                            let text =
                                egui::RichText::new(format!("{}  ·  {} min", s.title, s.minutes)).size(18.0);
                            let r = ui
                                .add_sized([ui.available_width(), 34.0], egui::Button::selectable(on, text));
                            if on {
                                r.scroll_to_me(None);
                            }
                            if r.clicked() {
                                edits.write(DraftAction::Scenario(s.id.clone()));
                            }
                        }
                    });
            });
            middle.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    heading(ui, "Seed");
                    ui.horizontal(|ui| {
                        let mut text = draft.seed_text.clone();
                        let edit = ui.add(
                            egui::TextEdit::singleline(&mut text)
                                .desired_width(180.0)
                                .font(egui::FontId::proportional(44.0)),
                        );
                        if edit.changed() {
                            edits.write(DraftAction::SeedText(text));
                        }
                        if ui.button("New seed").clicked() {
                            edits.write(DraftAction::NewSeed);
                        }
                    });
                    if !seed_ok {
                        ui.label(egui::RichText::new("The seed is digits only.").color(theme::score_colour(ui, 0)));
                    }
                    ui.label(
                        egui::RichText::new("Teams on other machines who use this seed play the same run.")
                            .small()
                            .color(theme::muted(ui)),
                    );
                    egui::Grid::new("setup-names").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                        ui.label(egui::RichText::new("Session").strong());
                        let mut session = draft.session.clone();
                        if ui.add(egui::TextEdit::singleline(&mut session).desired_width(240.0)).changed() {
                            edits.write(DraftAction::Session(session));
                        }
                        ui.end_row();
                        ui.label(egui::RichText::new("Facilitator").strong());
                        let mut facilitator = draft.facilitator.clone();
                        let edit = ui.add(
                            egui::TextEdit::singleline(&mut facilitator)
                                .hint_text("your name, for the report")
                                .desired_width(240.0),
                        );
                        if edit.changed() {
                            edits.write(DraftAction::Facilitator(facilitator));
                        }
                        ui.end_row();
                        ui.label(egui::RichText::new("Discussion").strong());
                        ui.horizontal(|ui| {
                            let mut minutes = draft.discussion_seconds / 60;
                            if ui
                                .add(egui::DragValue::new(&mut minutes).range(0..=15).suffix(" min"))
                                .changed()
                            {
                                edits.write(DraftAction::DiscussionMinutes(minutes));
                            }
                            ui.label(
                                egui::RichText::new("per decision (0: no discussion timer)")
                                    .small()
                                    .color(theme::muted(ui)),
                            );
                        });
                        ui.end_row();
                    });
                if let Some(sc) = &scenario {
                    heading(ui, "About this scenario");
                    ui.label(egui::RichText::new(&sc.summary).size(16.0));
                    ui.horizontal_wrapped(|ui| {
                        for (k, _) in &sc.assesses {
                            widgets::chip(ui, &catalog.skill_name(k));
                        }
                    });
                }
            });
            right.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
              egui::ScrollArea::vertical().id_salt("setup-format").show(ui, |ui| {
                    heading(ui, "Format");
                    let mut mode = draft.mode;
                    ui.radio_value(&mut mode, Mode::RoomVote, egui::RichText::new("Room vote").size(18.0));
                    ui.label(
                        egui::RichText::new(
                            "One shared run. At each decision the room discusses and votes; you reveal the votes.",
                        )
                        .small()
                        .color(theme::muted(ui)),
                    );
                    ui.radio_value(&mut mode, Mode::TeamRounds, egui::RichText::new("Team rounds").size(18.0));
                    if mode != draft.mode {
                        edits.write(DraftAction::Mode(mode));
                    }
                    ui.label(
                        egui::RichText::new(
                            "Each team plays its own run of the same scenario and seed, taking turns.",
                        )
                        .small()
                        .color(theme::muted(ui)),
                    );
                    if draft.mode == Mode::TeamRounds {
                        heading(ui, &format!("Teams ({MIN_TEAMS}–{MAX_TEAMS})"));
                        for (i, team) in draft.teams.iter().enumerate() {
                            ui.horizontal(|ui| {
                                widgets::swatch(ui, theme::team_colour(ui.visuals(), i));
                                let mut name = team.clone();
                                if ui.add(egui::TextEdit::singleline(&mut name).desired_width(220.0)).changed() {
                                    edits.write(DraftAction::TeamName(i, name));
                                }
                            });
                        }
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(draft.teams.len() < MAX_TEAMS, egui::Button::new("+ Add team"))
                                .clicked()
                            {
                                edits.write(DraftAction::AddTeam);
                            }
                            if ui
                                .add_enabled(draft.teams.len() > MIN_TEAMS, egui::Button::new("− Remove last"))
                                .clicked()
                            {
                                edits.write(DraftAction::RemoveTeam);
                            }
                        });
                    }
              });
            });
        });
    });
    Ok(())
}
