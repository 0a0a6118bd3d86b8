//! Debrief: ending and outcome, overall score and band, radar and bars, the decisions that
//! mattered, your path beside the best, trust over time, and what a strong leader would do.

use super::super::debrief::{DebriefData, Moment, SaveReport};
use super::super::runner::{Action, Session};
use super::super::screen::{Screen, Selected, fresh_seed};
use super::{ScreenUi, columns2, page, page_frame, root, theme, widgets};
use crate::engine::model::Outcome;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Debrief)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    data: Option<Res<DebriefData>>,
    session: Option<Res<Session>>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    mut actions: MessageWriter<Action>,
    mut save: MessageWriter<SaveReport>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(d) = data else {
        next.set(Screen::Library);
        return Ok(());
    };
    let mut root = root(ctx);
    // (seed, start at once)
    let mut replay: Option<(u64, bool)> = None;
    egui::Panel::bottom("debrief-actions")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(32, 12)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                if widgets::primary(ui, "Replay, same seed", 220.0).clicked() {
                    replay = Some((d.record.seed, true));
                }
                if widgets::secondary(ui, "Try again, new seed", 220.0).clicked() {
                    replay = Some((fresh_seed(), false));
                }
                if widgets::secondary(ui, "Library", 140.0).clicked() {
                    next.set(Screen::Library);
                }
                if widgets::secondary(ui, "Save report", 160.0)
                    .on_hover_text("A printable HTML report of this run, saved in your documents folder")
                    .clicked()
                {
                    save.write(SaveReport);
                }
            });
        });
    page(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let (outcome, colour) = match d.ending.as_ref().map(|e| e.outcome) {
                    Some(Outcome::Success) => ("Success", theme::score_colour(ui, 100)),
                    Some(Outcome::Partial) => ("Partial success", theme::score_colour(ui, 60)),
                    _ => ("Failure", theme::score_colour(ui, 0)),
                };
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.label(
                            egui::RichText::new(format!("Debrief — {}", d.title)).color(theme::muted(ui)),
                        );
                        ui.label(
                            egui::RichText::new(d.ending.as_ref().map_or("", |e| e.title.as_str()))
                                .size(32.0)
                                .strong(),
                        );
                        ui.label(egui::RichText::new(outcome).size(20.0).strong().color(colour));
                    });
                    ui.add_space((ui.available_width() - 190.0).max(12.0));
                    {
                        ui.vertical(|ui| {
                            ui.label(
                                egui::RichText::new(format!("{}", d.scores.overall))
                                    .size(56.0)
                                    .strong()
                                    .color(theme::score_colour(ui, d.scores.overall)),
                            );
                            ui.label(
                                egui::RichText::new(format!("overall · {}", d.scores.band.label()))
                                    .size(18.0),
                            );
                        });
                    }
                });
                if let Some(e) = &d.ending {
                    ui.label(egui::RichText::new(&e.debrief).size(18.0));
                }
                ui.add_space(10.0);
                let axes: Vec<(String, Option<u32>)> =
                    d.skills.iter().map(|(_, n, v)| (n.clone(), *v)).collect();
                columns2(
                    ui,
                    |ui| widgets::radar(ui, &axes, 230.0),
                    |ui| {
                        ui.label(egui::RichText::new("By skill").size(20.0).strong());
                        let rows: Vec<(String, Option<u32>)> =
                            d.skills.iter().map(|(_, n, v)| (n.clone(), *v)).collect();
                        widgets::score_bars(ui, &rows, 200.0);
                    },
                );
                ui.add_space(10.0);
                columns2(
                    ui,
                    |ui| moments(ui, "Your strongest decisions", &d.strongest),
                    |ui| moments(ui, "Your weakest decisions", &d.weakest),
                );
                ui.add_space(10.0);
                columns2(
                    ui,
                    |ui| {
                        ui.label(egui::RichText::new("Your path").size(20.0).strong());
                        for (i, m) in d.path.iter().enumerate() {
                            let mark = if m.timed_out { " (time ran out)" } else { "" };
                            ui.label(egui::RichText::new(format!("{}. {}{mark}", i + 1, m.text)).size(15.0));
                        }
                    },
                    |ui| {
                        ui.label(egui::RichText::new("The best path").size(20.0).strong());
                        for (i, t) in d.best_path.iter().enumerate() {
                            ui.label(egui::RichText::new(format!("{}. {t}", i + 1)).size(15.0));
                        }
                    },
                );
                ui.add_space(10.0);
                ui.label(egui::RichText::new("Trust over time").size(20.0).strong());
                let width = ui.available_width().min(900.0);
                widgets::line_chart(ui, &d.trust, width, 200.0, "decisions");
                if let Some(e) = &d.ending {
                    ui.add_space(10.0);
                    ui.label(
                        egui::RichText::new("What a strong leader would have done")
                            .size(20.0)
                            .strong(),
                    );
                    ui.label(egui::RichText::new(&e.strong_leader).size(18.0));
                }
                if !d.debrief_questions.is_empty() {
                    ui.add_space(10.0);
                    ui.label(egui::RichText::new("Questions to reflect on").size(20.0).strong());
                    for q in &d.debrief_questions {
                        ui.label(format!("•  {q}"));
                    }
                }
            });
    });
    if let (Some((seed, start)), Some(s)) = (replay, &session) {
        commands.insert_resource(Selected::new(&s.scenario.id, seed, s.coach));
        next.set(Screen::Briefing);
        if start {
            actions.write(Action::Start);
        }
    }
    Ok(())
}

fn moments(ui: &mut egui::Ui, heading: &str, list: &[Moment]) {
    ui.label(egui::RichText::new(heading).size(20.0).strong());
    if list.is_empty() {
        ui.label(egui::RichText::new("None on this run.").color(theme::muted(ui)));
    }
    for m in list {
        egui::Frame::group(ui.style()).corner_radius(8).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(&m.text).strong().size(16.0));
            for (skill, pts, why) in &m.evidence {
                let c = theme::score_colour(ui, if *pts > 0 { 100 } else { 0 });
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(format!("{pts:+} {skill}"))
                            .color(c)
                            .strong()
                            .size(14.0),
                    );
                    ui.label(egui::RichText::new(why).size(14.0));
                });
            }
        });
    }
}
