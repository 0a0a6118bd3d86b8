//! Progress: past runs per scenario and each skill's score over time.

use super::super::catalog::Catalog;
use super::super::data::Progress;
use super::super::records::Records;
use super::super::screen::Screen;
use super::{ScreenUi, page, root, theme, widgets};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::BTreeMap;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Progress)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    catalog: Res<Catalog>,
    records: Option<Res<Records>>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root(ctx);
    page(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button("◀ Title").clicked() {
                next.set(Screen::Title);
            }
            ui.heading("Your progress");
        });
        if let Some(line) = records.as_deref().and_then(records_line) {
            ui.label(egui::RichText::new(line).color(theme::muted(ui)));
        }
        if progress.runs.is_empty() {
            ui.add_space(20.0);
            ui.label(
                "No finished runs yet. Play a scenario from the library and your scores will appear here.",
            );
            return;
        }
        let mut by_scenario: BTreeMap<&str, Vec<_>> = BTreeMap::new();
        for r in &progress.runs {
            by_scenario.entry(r.record.scenario.as_str()).or_default().push(r);
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (id, runs) in by_scenario {
                    let title = catalog.get(id).map_or(id.to_string(), |s| s.title.clone());
                    egui::Frame::group(ui.style())
                        .corner_radius(10)
                        .inner_margin(egui::Margin::same(14))
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.label(egui::RichText::new(title).size(22.0).strong());
                            ui.columns(2, |cols| {
                                let ui = &mut cols[0];
                                egui::Grid::new(("runs", id))
                                    .striped(true)
                                    .num_columns(4)
                                    .show(ui, |ui| {
                                        ui.label(egui::RichText::new("When").strong());
                                        ui.label(egui::RichText::new("Score").strong());
                                        ui.label(egui::RichText::new("Ending").strong());
                                        ui.label(egui::RichText::new("Mode").strong());
                                        ui.end_row();
                                        for r in runs.iter().rev().take(10) {
                                            ui.label(ago(r.finished_at));
                                            ui.label(
                                                egui::RichText::new(format!(
                                                    "{} {}",
                                                    r.record.scores.overall,
                                                    r.record.scores.band.label()
                                                ))
                                                .color(theme::score_colour(ui, r.record.scores.overall)),
                                            );
                                            ui.label(r.record.outcome.clone().unwrap_or_default());
                                            ui.label(if r.coach { "coach" } else { "assessment" });
                                            ui.end_row();
                                        }
                                    });
                                let ui = &mut cols[1];
                                let mut skills: BTreeMap<String, Vec<i64>> = BTreeMap::new();
                                for r in &runs {
                                    for (k, v) in &r.record.scores.skills {
                                        skills
                                            .entry(catalog.skill_name(k))
                                            .or_default()
                                            .push(v.map_or(0, i64::from));
                                    }
                                }
                                let series: Vec<(String, Vec<i64>)> = skills.into_iter().collect();
                                let w = ui.available_width();
                                widgets::line_chart(ui, &series, w, 180.0, "runs, oldest to newest");
                            });
                        });
                    ui.add_space(8.0);
                }
            });
    });
    Ok(())
}

/// "3 days ago" from a Unix timestamp.
fn ago(at: u64) -> String {
    let now = super::super::data::now_secs();
    let d = now.saturating_sub(at);
    match d {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", d / 60),
        3600..86400 => format!("{} h ago", d / 3600),
        _ => format!("{} days ago", d / 86400),
    }
}

/// What the learning records are doing: how many wait, and why they wait (none when no LRS
/// is set and nothing waits).
fn records_line(records: &Records) -> Option<String> {
    let st = records.status();
    let waiting = match st.waiting {
        1 => "1 learning record waits".to_string(),
        n => format!("{n} learning records wait"),
    };
    let rejected = match st.rejected {
        0 => String::new(),
        n => format!(
            "; {n} batch(es) refused by the LRS are kept in {}",
            records.queue.rejected_dir().display()
        ),
    };
    if !records.sends() {
        return (st.waiting > 0).then(|| format!("{waiting}: no LRS is set in records.ron{rejected}"));
    }
    let endpoint = records.config.endpoint.trim();
    Some(match (&st.problem, st.waiting) {
        (_, 0) => format!("Learning records: all sent to {endpoint}{rejected}"),
        (Some(why), _) => format!("{waiting} to be sent to {endpoint} ({why}){rejected}"),
        (None, _) => format!("{waiting} to be sent to {endpoint}{rejected}"),
    })
}
