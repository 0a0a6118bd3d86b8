//! Library: every scenario as a card, filtered by skill and difficulty and sorted as the
//! `LibraryView` says (the view draws the menus and sends `SetLibraryView`); broken files show
//! their diagnostics.

use super::super::catalog::Catalog;
use super::super::data::Progress;
use super::super::library::{DIFFICULTIES, LibraryCursor, LibraryView, OpenBriefing, SetLibraryView, Sort};
use super::super::screen::Screen;
use super::{ScreenUi, page, root, theme, widgets};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Library)),
    );
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    progress: Res<Progress>,
    cursor: Res<LibraryCursor>,
    view: Res<LibraryView>,
    mut next: ResMut<NextState<Screen>>,
    mut open: MessageWriter<OpenBriefing>,
    mut set: MessageWriter<SetLibraryView>,
) -> Result {
    let mut wanted = view.clone();
    let ctx = contexts.ctx_mut()?;
    let mut root = root(ctx);
    page(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button("◀ Title").clicked() {
                next.set(Screen::Title);
            }
            ui.heading("Scenario library");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::ComboBox::from_id_salt("sort")
                    .selected_text(wanted.sort.label())
                    .width(150.0)
                    .show_ui(ui, |ui| {
                        for s in Sort::ALL {
                            ui.selectable_value(&mut wanted.sort, s, s.label());
                        }
                    });
                ui.label("Sort:");
                let label = wanted.difficulty.map_or("Any difficulty", |d| d.title());
                egui::ComboBox::from_id_salt("difficulty-filter")
                    .selected_text(label)
                    .width(160.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut wanted.difficulty, None, "Any difficulty");
                        for d in DIFFICULTIES {
                            ui.selectable_value(&mut wanted.difficulty, Some(d), d.title());
                        }
                    });
                let label = wanted
                    .skill
                    .as_deref()
                    .map_or("All skills".to_string(), |k| catalog.skill_name(k));
                egui::ComboBox::from_id_salt("skill-filter")
                    .selected_text(label)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut wanted.skill, None, "All skills");
                        if let Some(f) = &catalog.skills {
                            for s in &f.skills {
                                ui.selectable_value(&mut wanted.skill, Some(s.id.clone()), &s.name);
                            }
                        }
                    });
                ui.label("Show:");
            });
        });
        ui.label(
            egui::RichText::new(
                "Up and Down choose · Enter opens the briefing · D difficulty · S sort · Esc goes back",
            )
            .small()
            .color(theme::muted(ui)),
        );
        ui.add_space(8.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let shown = view.shown(&catalog.cards);
                for &i in &shown {
                    let card = &catalog.cards[i];
                    let selected = cursor.0 == i;
                    let stroke = if selected {
                        egui::Stroke::new(3.0, theme::accent(ui))
                    } else {
                        ui.visuals().widgets.noninteractive.bg_stroke
                    };
                    let resp = egui::Frame::group(ui.style())
                        .stroke(stroke)
                        .inner_margin(egui::Margin::same(16))
                        .corner_radius(10)
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            match &card.scenario {
                                Some(s) => {
                                    ui.horizontal(|ui| {
                                        ui.label(egui::RichText::new(&s.title).size(24.0).strong());
                                        ui.with_layout(
                                            egui::Layout::right_to_left(egui::Align::Center),
                                            |ui| {
                                                if widgets::primary(ui, "Open briefing", 180.0).clicked() {
                                                    open.write(OpenBriefing(i));
                                                }
                                                match progress.best(&s.id) {
                                                    Some(b) => ui.label(
                                                        egui::RichText::new(format!("Best {b}/100"))
                                                            .color(theme::score_colour(ui, b))
                                                            .strong(),
                                                    ),
                                                    None => ui.label(
                                                        egui::RichText::new("Not played yet")
                                                            .color(theme::muted(ui)),
                                                    ),
                                                };
                                            },
                                        );
                                    });
                                    ui.label(egui::RichText::new(&s.role).italics());
                                    ui.label(&s.summary);
                                    ui.horizontal_wrapped(|ui| {
                                        widgets::chip(ui, &format!("{} min", s.minutes));
                                        widgets::chip(ui, s.difficulty.label());
                                        widgets::chip(ui, s.region.short());
                                        for (k, _) in &s.assesses {
                                            widgets::chip(ui, &catalog.skill_name(k));
                                        }
                                    });
                                }
                                None => {
                                    ui.label(
                                        egui::RichText::new(format!("{} could not be loaded", card.file))
                                            .size(20.0)
                                            .strong()
                                            .color(theme::score_colour(ui, 0)),
                                    );
                                    for d in card.diagnostics.iter().filter(|d| d.is_error()).take(6) {
                                        ui.label(
                                            egui::RichText::new(format!(
                                                "{}:{}:{}  {}",
                                                d.file, d.line, d.column, d.message
                                            ))
                                            .monospace(),
                                        );
                                    }
                                    ui.label(
                                        egui::RichText::new(
                                            "Fix the file and save it: the library reloads by itself.",
                                        )
                                        .small(),
                                    );
                                }
                            }
                        })
                        .response;
                    if selected
                        && ui.ctx().input(|i| {
                            i.key_pressed(egui::Key::ArrowDown) || i.key_pressed(egui::Key::ArrowUp)
                        })
                    {
                        resp.scroll_to_me(Some(egui::Align::Center));
                    }
                    ui.add_space(6.0);
                }
                if shown.is_empty() {
                    ui.label("No scenario matches: choose another skill or difficulty.");
                }
            });
    });
    if wanted != *view {
        set.write(SetLibraryView(wanted));
    }
    Ok(())
}
