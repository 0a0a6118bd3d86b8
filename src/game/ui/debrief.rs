//! Debrief: ending and outcome, overall score and band (beside the original run's, for a
//! what-if), radar and bars, the decisions that mattered, the turning points (each with "Try
//! this instead"; Up/Down highlight one, Enter tries it), your path (each decision with "What
//! if…") beside the best, the exhibits opened, trust over time, and what a strong leader would
//! do.

use super::super::debrief::{DebriefAction, DebriefData, SaveReport, TryInstead, TurningCursor};
use super::super::screen::Screen;
use super::{ScreenUi, columns2, page, page_frame, root, theme, widgets};
use crate::engine::model::Outcome;
use crate::report::{Comparison, DecisionRow, ReadRow, Side, SkillPair};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Debrief)),
    );
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    data: Option<Res<DebriefData>>,
    mut next: ResMut<NextState<Screen>>,
    mut again: MessageWriter<DebriefAction>,
    mut save: MessageWriter<SaveReport>,
    mut try_instead: MessageWriter<TryInstead>,
    cursor: Res<TurningCursor>,
    mut last_cursor: Local<Option<usize>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let highlight = widgets::Highlight {
        at: cursor.0,
        moved: *last_cursor != cursor.0,
    };
    *last_cursor = cursor.0;
    // (Without a debrief the logic goes back to the library.)
    let Some(d) = data else {
        return Ok(());
    };
    let (report, run) = (&d.report, d.run());
    let mut root = root(ctx);
    egui::Panel::bottom("debrief-actions")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(32, 12)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                if widgets::primary(ui, "Replay, same seed", 220.0).clicked() {
                    again.write(DebriefAction::Replay);
                }
                if widgets::secondary(ui, "Try again, new seed", 220.0).clicked() {
                    again.write(DebriefAction::TryAgain);
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
                let outcome = run.ending.as_ref().map_or(Outcome::Failure, |e| e.outcome);
                let colour = theme::outcome_colour(ui, outcome);
                let outcome = match outcome {
                    Outcome::Success => "Success",
                    Outcome::Partial => "Partial success",
                    Outcome::Failure => "Failure",
                };
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.label(
                            egui::RichText::new(format!("Debrief — {}", report.scenario.title))
                                .color(theme::muted(ui)),
                        );
                        ui.label(
                            egui::RichText::new(run.ending.as_ref().map_or("", |e| e.title.as_str()))
                                .size(32.0)
                                .strong(),
                        );
                        ui.label(egui::RichText::new(outcome).size(20.0).strong().color(colour));
                    });
                    ui.add_space((ui.available_width() - 190.0).max(12.0));
                    {
                        ui.vertical(|ui| {
                            ui.label(
                                egui::RichText::new(format!("{}", run.overall))
                                    .size(56.0)
                                    .strong()
                                    .color(theme::score_colour(ui, run.overall)),
                            );
                            ui.label(
                                egui::RichText::new(format!("overall · {}", run.band.label())).size(18.0),
                            );
                        });
                    }
                });
                // A what-if's debrief leads with the comparison with the run it branched from.
                if let Some(c) = d.comparison() {
                    ui.add_space(10.0);
                    comparison(ui, c);
                    ui.add_space(10.0);
                }
                if let Some(e) = &run.ending {
                    for p in &e.debrief {
                        ui.label(egui::RichText::new(p).size(18.0));
                    }
                }
                ui.add_space(10.0);
                let axes: Vec<(String, Option<u32>)> =
                    run.skills.iter().map(|k| (k.name.clone(), k.score)).collect();
                columns2(
                    ui,
                    |ui| widgets::radar(ui, &axes, 230.0),
                    |ui| {
                        ui.label(egui::RichText::new("By skill").size(20.0).strong());
                        widgets::score_bars(ui, &axes, 200.0);
                    },
                );
                ui.add_space(10.0);
                columns2(
                    ui,
                    |ui| moments(ui, "Your strongest decisions", &run.strongest(3)),
                    |ui| moments(ui, "Your weakest decisions", &run.weakest(3)),
                );
                ui.add_space(10.0);
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new("Turning points").size(20.0).strong());
                    if !run.turning.points.is_empty() {
                        ui.label(
                            egui::RichText::new("Up/Down highlight one · Enter tries it")
                                .color(theme::muted(ui)),
                        );
                    }
                });
                if let Some(p) =
                    widgets::turning_points(ui, &run.turning, 16.0, Some("Try this instead"), highlight)
                {
                    try_instead.write(TryInstead {
                        at: p.number,
                        choice: p.keep_id.clone(),
                    });
                }
                ui.add_space(10.0);
                columns2(
                    ui,
                    |ui| {
                        ui.label(egui::RichText::new("Your path").size(20.0).strong());
                        for (i, m) in run.decisions.iter().enumerate() {
                            let mark = if m.timed_out { " (time ran out)" } else { "" };
                            ui.horizontal_wrapped(|ui| {
                                ui.label(
                                    egui::RichText::new(format!("{}. {}{mark}", i + 1, m.choice_text))
                                        .size(15.0),
                                );
                                // Another option here, played on with the same seed.
                                let others: Vec<_> =
                                    m.options.iter().filter(|o| o.choice_id != m.choice_id).collect();
                                if !others.is_empty() {
                                    ui.menu_button("What if…", |ui| {
                                        for o in others {
                                            if ui.button(&o.text).clicked() {
                                                try_instead.write(TryInstead {
                                                    at: m.number,
                                                    choice: o.choice_id.clone(),
                                                });
                                            }
                                        }
                                    });
                                }
                            });
                        }
                    },
                    |ui| {
                        ui.label(egui::RichText::new("The best path").size(20.0).strong());
                        for (i, t) in report.best_path.iter().enumerate() {
                            ui.label(egui::RichText::new(format!("{}. {}", i + 1, t.text)).size(15.0));
                        }
                    },
                );
                if d.exhibits > 0 {
                    ui.add_space(10.0);
                    reads(ui, &run.reads, d.exhibits);
                }
                ui.add_space(10.0);
                ui.label(egui::RichText::new("Trust over time").size(20.0).strong());
                let width = ui.available_width().min(900.0);
                let trust: Vec<(String, Vec<i64>)> = run
                    .trust
                    .iter()
                    .map(|t| (t.name.clone(), t.values.clone()))
                    .collect();
                widgets::line_chart(ui, &trust, width, 200.0, "decisions");
                if let Some(e) = &run.ending {
                    ui.add_space(10.0);
                    ui.label(
                        egui::RichText::new("What a strong leader would have done")
                            .size(20.0)
                            .strong(),
                    );
                    for p in &e.strong_leader {
                        ui.label(egui::RichText::new(p).size(18.0));
                    }
                }
                if !report.objectives.is_empty() {
                    ui.add_space(10.0);
                    ui.label(
                        egui::RichText::new("What this scenario trains")
                            .size(20.0)
                            .strong(),
                    );
                    for o in &report.objectives {
                        ui.label(format!("•  {o}"));
                    }
                }
                if !report.questions.is_empty() {
                    ui.add_space(10.0);
                    ui.label(egui::RichText::new("Questions to reflect on").size(20.0).strong());
                    for q in &report.questions {
                        ui.label(format!("•  {q}"));
                    }
                }
            });
    });
    Ok(())
}

/// A what-if beside the run it branched from: the option each took, the endings, the scores.
fn comparison(ui: &mut egui::Ui, c: &Comparison) {
    ui.label(
        egui::RichText::new(format!("What if: another option at decision {}", c.at))
            .size(20.0)
            .strong(),
    );
    let side = |ui: &mut egui::Ui, title: &str, s: &Side, score: &dyn Fn(&SkillPair) -> Option<u32>| {
        ui.label(egui::RichText::new(title).size(18.0).strong());
        ui.label(egui::RichText::new(format!("At decision {}: {}", c.at, s.choice_text)).size(15.0));
        let ending = s.ending.as_ref().map_or("not reached".to_string(), |e| {
            format!("{} ({})", e.title, e.outcome.label())
        });
        ui.label(egui::RichText::new(format!("Ending: {ending}")).size(15.0));
        ui.label(
            egui::RichText::new(format!("Overall {} · {}", s.overall, s.band.label()))
                .size(16.0)
                .strong()
                .color(theme::score_colour(ui, s.overall)),
        );
        for k in &c.skills {
            let v = score(k).map_or("—".to_string(), |v| v.to_string());
            ui.label(egui::RichText::new(format!("{}: {v}", k.skill_name)).size(14.0));
        }
    };
    columns2(
        ui,
        |ui| side(ui, "Your run", &c.original, &|k| k.original),
        |ui| side(ui, "What if", &c.what_if, &|k| k.what_if),
    );
}

/// The exhibits the run opened (of `offered` in the scenario), each with when and what it
/// earned.
fn reads(ui: &mut egui::Ui, reads: &[ReadRow], offered: usize) {
    ui.label(egui::RichText::new("Exhibits you opened").size(20.0).strong());
    if reads.is_empty() {
        let what = if offered == 1 {
            "its exhibit"
        } else {
            "any of its exhibits"
        };
        ui.label(
            egui::RichText::new(format!("None: this run did not open {what}."))
                .size(15.0)
                .color(theme::muted(ui)),
        );
        return;
    }
    ui.label(
        egui::RichText::new(format!("{} of the scenario's {offered}.", reads.len()))
            .size(15.0)
            .color(theme::muted(ui)),
    );
    widgets::reads(ui, reads, 15.0);
}

fn moments(ui: &mut egui::Ui, heading: &str, list: &[&DecisionRow]) {
    ui.label(egui::RichText::new(heading).size(20.0).strong());
    if list.is_empty() {
        ui.label(egui::RichText::new("None on this run.").color(theme::muted(ui)));
    }
    for m in list {
        egui::Frame::group(ui.style()).corner_radius(8).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(&m.choice_text).strong().size(16.0));
            for e in &m.evidence {
                let (skill, pts, why) = (&e.skill_name, e.points, &e.why);
                let c = theme::score_colour(ui, if pts > 0 { 100 } else { 0 });
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
