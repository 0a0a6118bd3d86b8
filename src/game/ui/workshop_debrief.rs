//! The workshop debrief ("hot wash"). Room vote: the room's path beside the best path, where
//! the room split, where it favoured an option against the rationale, scores and radar.
//! Team rounds: the leaderboard, every team's radar overlaid, where the teams diverged, and
//! the team closest to the best path on each skill. Both: the turning points (the room's or
//! each team's) and the scenario's debrief questions, one at a time.

use super::super::debrief::SaveReport;
use super::super::screen::Screen;
use super::super::workshop_debrief::{HotWash, HotWashView};
use super::{ScreenUi, columns2, page, page_frame, root, theme, widgets};
use crate::engine::workshop::SettledKind;
use crate::report::{DecisionRow, Report, RunReport};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::WorkshopDebrief)),
    );
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(12.0);
    ui.label(egui::RichText::new(text).size(24.0).strong());
}

fn draw(
    mut contexts: EguiContexts,
    hot_wash: Option<Res<HotWash>>,
    mut view: ResMut<HotWashView>,
    mut next: ResMut<NextState<Screen>>,
    mut save: MessageWriter<SaveReport>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // (Without a debrief the logic goes back to the title screen.)
    let Some(h) = hot_wash else {
        return Ok(());
    };
    let r = &h.report;
    let mut root = root(ctx);
    egui::Panel::bottom("hot-wash-actions")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(32, 12)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                if widgets::primary(ui, "Save report", 180.0)
                    .on_hover_text("A printable HTML report of the session, saved in your documents folder")
                    .clicked()
                {
                    save.write(SaveReport);
                }
                if widgets::secondary(ui, "New workshop", 180.0).clicked() {
                    next.set(Screen::WorkshopSetup);
                }
                if widgets::secondary(ui, "Title (Esc)", 140.0).clicked() {
                    next.set(Screen::Title);
                }
            });
        });
    page(&mut root, |ui| {
        // The current question stays on top, so the room can talk while you page through.
        questions(ui, &r.questions, &mut view);
        let session = r.session.as_ref();
        let pages: &[&str] = if r.runs.len() > 1 {
            &[
                "Leaderboard",
                "Where the teams diverged",
                "Closest to the best path",
                "Each team's path",
                "Turning points",
            ]
        } else {
            &[
                "Scores",
                "The room's path",
                "Where the room split",
                "Against the rationale",
                "Turning points",
            ]
        };
        view.page = view.page.min(pages.len() - 1);
        ui.horizontal_wrapped(|ui| {
            for (i, name) in pages.iter().enumerate() {
                let text = egui::RichText::new(format!("{}  {name}", i + 1)).size(20.0);
                if ui.selectable_label(view.page == i, text).clicked() {
                    view.page = i;
                }
            }
            // One line beside the tabs, cut short with "…" rather than wrapped (the seed first:
            // teams on other machines need it).
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "· seed {} · {} · {}",
                        r.seed,
                        r.scenario.title,
                        session.map_or("", |s| s.name.as_str()),
                    ))
                    .color(theme::muted(ui)),
                )
                .truncate(),
            );
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt(("hot-wash", view.page))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if r.runs.len() > 1 {
                    teams(ui, r, view.page);
                } else if let Some(run) = r.runs.first() {
                    room(ui, r, run, view.page);
                }
            });
    });
    Ok(())
}

/// The current debrief question in a large frame, with ◀ ▶ (and the arrow keys).
fn questions(ui: &mut egui::Ui, list: &[String], view: &mut HotWashView) {
    if list.is_empty() {
        return;
    }
    let at = &mut view.question;
    *at = (*at).min(list.len() - 1);
    egui::Frame::new()
        .stroke(egui::Stroke::new(2.0, theme::accent(ui)))
        .corner_radius(10)
        .inner_margin(egui::Margin::symmetric(16, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(*at > 0, egui::Button::new(egui::RichText::new("◀").size(22.0)))
                    .clicked()
                {
                    *at -= 1;
                }
                ui.label(
                    egui::RichText::new(format!("Question {} of {}", *at + 1, list.len()))
                        .size(18.0)
                        .color(theme::muted(ui)),
                );
                if ui
                    .add_enabled(
                        *at + 1 < list.len(),
                        egui::Button::new(egui::RichText::new("▶").size(22.0)),
                    )
                    .clicked()
                {
                    *at += 1;
                }
                ui.label(egui::RichText::new("Left/Right").color(theme::muted(ui)));
            });
            ui.label(egui::RichText::new(&list[*at]).size(26.0).strong());
        });
    ui.add_space(6.0);
}

/// Ending, overall score and band of one run.
fn headline(ui: &mut egui::Ui, run: &RunReport) {
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            let title = run.ending.as_ref().map_or("", |e| e.title.as_str());
            ui.label(egui::RichText::new(title).size(32.0).strong());
            if let Some(e) = &run.ending {
                let colour = theme::outcome_colour(ui, e.outcome);
                ui.label(
                    egui::RichText::new(e.outcome.label())
                        .size(20.0)
                        .strong()
                        .color(colour),
                );
            }
        });
        ui.add_space((ui.available_width() - 200.0).max(12.0));
        ui.vertical(|ui| {
            ui.label(
                egui::RichText::new(run.overall.to_string())
                    .size(56.0)
                    .strong()
                    .color(theme::score_colour(ui, run.overall)),
            );
            ui.label(egui::RichText::new(format!("overall · {}", run.band.label())).size(18.0));
        });
    });
}

fn room(ui: &mut egui::Ui, r: &Report, run: &RunReport, page: usize) {
    match page {
        0 => room_scores(ui, run),
        1 => room_path(ui, r, run),
        2 => room_splits(ui, r, run),
        3 => room_rationale(ui, r),
        _ => {
            heading(ui, "The room's turning points");
            widgets::turning_points(ui, &run.turning, 18.0, None, widgets::Highlight::default());
        }
    }
}

fn room_scores(ui: &mut egui::Ui, run: &RunReport) {
    headline(ui, run);
    let axes: Vec<(String, Option<u32>)> = run.skills.iter().map(|k| (k.name.clone(), k.score)).collect();
    columns2(
        ui,
        |ui| widgets::radar(ui, &axes, 220.0),
        |ui| {
            ui.label(egui::RichText::new("By skill").size(20.0).strong());
            widgets::score_bars(ui, &axes, 200.0);
        },
    );
    if let Some(e) = &run.ending {
        heading(ui, "What a strong leader would have done");
        for p in &e.strong_leader {
            ui.label(egui::RichText::new(p).size(18.0));
        }
    }
}

fn room_path(ui: &mut egui::Ui, r: &Report, run: &RunReport) {
    columns2(
        ui,
        |ui| {
            ui.label(egui::RichText::new("The room").size(20.0).strong());
            for d in &run.decisions {
                let votes = match d.total_votes() {
                    0 => String::new(),
                    t => format!("  ({} of {t} votes)", d.chosen_votes()),
                };
                let how = d
                    .settled
                    .filter(|s| *s != SettledKind::Majority)
                    .map_or(String::new(), |h| format!(" · {}", h.label()));
                ui.label(
                    egui::RichText::new(format!("{}. {}{votes}{how}", d.number, d.choice_text)).size(17.0),
                );
            }
            if !run.reads.is_empty() {
                ui.add_space(6.0);
                ui.label(egui::RichText::new("Exhibits opened").size(18.0).strong());
                widgets::reads(ui, &run.reads, 16.0);
            }
        },
        |ui| {
            ui.label(egui::RichText::new("The best path").size(20.0).strong());
            for (i, p) in r.best_path.iter().enumerate() {
                ui.label(egui::RichText::new(format!("{}. {}", i + 1, p.text)).size(17.0));
            }
        },
    );
}

fn room_splits(ui: &mut egui::Ui, r: &Report, run: &RunReport) {
    let splits: Vec<&DecisionRow> = run
        .decisions
        .iter()
        .filter(|d| r.splits.contains(&d.number))
        .collect();
    if splits.is_empty() {
        ui.label(
            egui::RichText::new("The room was of one mind at every vote.")
                .size(18.0)
                .color(theme::muted(ui)),
        );
    }
    for d in splits {
        ui.label(
            egui::RichText::new(format!("Decision {}", d.number))
                .size(18.0)
                .strong(),
        );
        vote_bars(ui, d);
    }
}

fn room_rationale(ui: &mut egui::Ui, r: &Report) {
    if r.against_rationale.is_empty() {
        ui.label(
            egui::RichText::new("At every vote the room's favourite was as strong as any option offered.")
                .size(18.0)
                .color(theme::muted(ui)),
        );
    }
    for a in &r.against_rationale {
        egui::Frame::group(ui.style()).corner_radius(8).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(format!(
                    "Decision {}: the room favoured \u{201c}{}\u{201d} ({} votes)",
                    a.number, a.room_choice, a.room_votes
                ))
                .size(18.0)
                .strong(),
            );
            ui.label(
                egui::RichText::new(format!("Stronger: \u{201c}{}\u{201d}", a.better_choice)).size(17.0),
            );
            ui.label(egui::RichText::new(&a.why).size(17.0).italics());
        });
    }
}

/// One decision's votes as horizontal bars, the option taken marked.
fn vote_bars(ui: &mut egui::Ui, d: &DecisionRow) {
    let total = d.total_votes().max(1);
    egui::Grid::new(("votes", d.number))
        .num_columns(3)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            for o in &d.options {
                let v = o.votes.unwrap_or(0);
                let taken = o.choice_id == d.choice_id;
                let text = if taken {
                    format!("▶ {}", o.text)
                } else {
                    o.text.clone()
                };
                ui.add_sized(
                    [520.0, 22.0],
                    egui::Label::new(egui::RichText::new(text).size(16.0)).truncate(),
                );
                let colour = if taken {
                    theme::accent(ui)
                } else {
                    theme::muted(ui)
                };
                widgets::meter(ui, i64::from(v * 100 / total), 220.0, colour);
                ui.label(egui::RichText::new(v.to_string()).size(16.0).strong());
                ui.end_row();
            }
        });
}

/// A team's colour (its place in set-up order), as the report prints it.
fn team_colour(ui: &egui::Ui, r: &Report, team: &str) -> egui::Color32 {
    theme::team_colour(ui.visuals(), r.team_index(team).unwrap_or(0))
}

fn teams(ui: &mut egui::Ui, r: &Report, page: usize) {
    match page {
        0 => leaderboard(ui, r),
        1 => divergence(ui, r),
        2 => closest(ui, r),
        3 => team_paths(ui, r),
        _ => team_turning_points(ui, r),
    }
}

fn leaderboard(ui: &mut egui::Ui, r: &Report) {
    let colour = |ui: &egui::Ui, team: &str| team_colour(ui, r, team);
    columns2(
        ui,
        |ui| {
            ui.label(egui::RichText::new("Leaderboard").size(24.0).strong());
            egui::Grid::new("leaderboard")
                .num_columns(5)
                .spacing([14.0, 8.0])
                .show(ui, |ui| {
                    for (i, s) in r.leaderboard.iter().enumerate() {
                        ui.label(egui::RichText::new(format!("{}.", i + 1)).size(22.0));
                        ui.horizontal(|ui| {
                            widgets::swatch(ui, colour(ui, &s.team));
                            ui.label(egui::RichText::new(&s.team).size(22.0).strong());
                        });
                        ui.label(
                            egui::RichText::new(s.overall.to_string())
                                .size(22.0)
                                .strong()
                                .color(theme::score_colour(ui, s.overall)),
                        );
                        ui.label(egui::RichText::new(s.band.label()).size(17.0));
                        ui.label(egui::RichText::new(s.ending.as_deref().unwrap_or("—")).size(17.0));
                        ui.end_row();
                    }
                });
        },
        |ui| {
            let labels: Vec<String> = r.runs[0].skills.iter().map(|k| k.name.clone()).collect();
            let series: Vec<_> = r
                .runs
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    (
                        theme::team_colour(ui.visuals(), i),
                        t.skills.iter().map(|k| k.score).collect(),
                    )
                })
                .collect();
            widgets::radar_overlay(ui, &labels, &series, 220.0);
            ui.horizontal_wrapped(|ui| {
                for (i, t) in r.runs.iter().enumerate() {
                    widgets::swatch(ui, theme::team_colour(ui.visuals(), i));
                    ui.label(t.team.as_deref().unwrap_or(""));
                }
            });
        },
    );
}

fn divergence(ui: &mut egui::Ui, r: &Report) {
    let colour = |ui: &egui::Ui, team: &str| team_colour(ui, r, team);
    match &r.divergence {
        Some(d) => {
            ui.label(
                egui::RichText::new(format!("Decision {}", d.number))
                    .size(18.0)
                    .color(theme::muted(ui)),
            );
            for c in &d.choices {
                ui.horizontal_wrapped(|ui| {
                    widgets::swatch(ui, colour(ui, &c.team));
                    ui.label(egui::RichText::new(&c.team).size(18.0).strong());
                    ui.label(egui::RichText::new(&c.text).size(18.0));
                });
            }
        }
        None => {
            ui.label(
                egui::RichText::new("Every team made the same decisions.")
                    .size(18.0)
                    .color(theme::muted(ui)),
            );
        }
    }
}

fn closest(ui: &mut egui::Ui, r: &Report) {
    let colour = |ui: &egui::Ui, team: &str| team_colour(ui, r, team);
    ui.label(
        egui::RichText::new("Per skill, the team whose score is nearest what the best path scores.")
            .size(17.0)
            .color(theme::muted(ui)),
    );
    egui::Grid::new("closest")
        .num_columns(3)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new("Skill").strong());
            ui.label(egui::RichText::new("Team").strong());
            ui.label(egui::RichText::new("Team · best path").strong());
            ui.end_row();
            for c in &r.closest {
                ui.label(egui::RichText::new(&c.skill_name).size(18.0));
                ui.horizontal(|ui| {
                    widgets::swatch(ui, colour(ui, &c.team));
                    ui.label(egui::RichText::new(&c.team).size(18.0).strong());
                });
                ui.label(egui::RichText::new(format!("{} · {}", c.team_score, c.best_score)).size(18.0));
                ui.end_row();
            }
        });
}

/// Every team's turning points, team by team.
fn team_turning_points(ui: &mut egui::Ui, r: &Report) {
    for run in &r.runs {
        let team = run.team.as_deref().unwrap_or("");
        ui.horizontal(|ui| {
            widgets::swatch(ui, team_colour(ui, r, team));
            ui.label(egui::RichText::new(team).size(22.0).strong());
        });
        widgets::turning_points(ui, &run.turning, 17.0, None, widgets::Highlight::default());
        ui.add_space(10.0);
    }
}

/// Every team's decisions, team by team, with how each was settled.
fn team_paths(ui: &mut egui::Ui, r: &Report) {
    for run in &r.runs {
        let team = run.team.as_deref().unwrap_or("");
        ui.horizontal(|ui| {
            widgets::swatch(ui, team_colour(ui, r, team));
            ui.label(egui::RichText::new(team).size(22.0).strong());
            let ending = run.ending.as_ref().map_or("", |e| e.title.as_str());
            ui.label(egui::RichText::new(format!("{} · {ending}", run.overall)).size(18.0));
        });
        for d in &run.decisions {
            let mark = if d.timed_out { " (time ran out)" } else { "" };
            ui.label(egui::RichText::new(format!("{}. {}{mark}", d.number, d.choice_text)).size(17.0));
        }
        if !run.reads.is_empty() {
            ui.label(egui::RichText::new("Exhibits opened").size(17.0).strong());
            widgets::reads(ui, &run.reads, 16.0);
        }
        ui.add_space(10.0);
    }
}
