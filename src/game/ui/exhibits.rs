//! The exhibit drawer, drawn on the playing screen and on the workshop's projector: the
//! scene's exhibits (number, kind, title, opened or not) above the one being read, laid out by
//! its kind (`Exhibit::layout`: an email's header fields, a table as a grid, a log in
//! monospace), and the button that opens the drawer. It reads `Drawer` and sends
//! `DrawerAction`s; the logic (`game::exhibits`) records what is opened. Never the evidence.

use super::super::exhibits::{Drawer, DrawerAction};
use super::{page_frame, theme};
use crate::engine::Story;
use crate::engine::exhibit::Layout;
use crate::engine::model::Exhibit;
use crate::engine::run::Run;
use bevy::prelude::*;
use bevy_egui::egui;

/// Text sizes: the player's screen or the back of the room.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    pub text: f32,
}

pub(super) const SOLO: Sizes = Sizes { text: 17.0 };
pub(super) const PROJECTOR: Sizes = Sizes { text: 21.0 };

/// The scene's exhibits and how many of them this run has opened.
pub(super) fn counts(s: &Story, run: &Run) -> (usize, usize) {
    let xs = run.exhibits(s);
    let opened = xs.iter().filter(|x| run.state.read.contains(&x.id)).count();
    (xs.len(), opened)
}

/// The row that offers the drawer while it is closed: a button and how many are opened.
pub(super) fn offer(
    ui: &mut egui::Ui,
    s: &Story,
    run: &Run,
    size: Sizes,
    actions: &mut MessageWriter<DrawerAction>,
) {
    let (n, opened) = counts(s, run);
    if n == 0 {
        return;
    }
    ui.horizontal(|ui| {
        let label = egui::RichText::new("Exhibits (X)").size(size.text);
        if ui
            .add(egui::Button::new(label).min_size(egui::vec2(150.0, 34.0)))
            .clicked()
        {
            actions.write(DrawerAction::Toggle);
        }
        let what = if n == 1 { "document" } else { "documents" };
        ui.label(
            egui::RichText::new(format!(
                "{n} {what} in this scene, {opened} opened · reading is not a decision"
            ))
            .size(size.text - 2.0)
            .color(theme::muted(ui)),
        );
    });
}

/// Height of the `offer` row, for laying out the controls around it.
pub(super) fn offer_height(s: &Story, run: &Run) -> f32 {
    if counts(s, run).0 == 0 { 0.0 } else { 44.0 }
}

/// What an open drawer shows: the scene of `run`, and a line about a running countdown
/// (`clock`: reading does not stop it).
pub(super) struct Open<'a> {
    pub drawer: &'a Drawer,
    pub story: &'a Story,
    pub run: &'a Run,
    pub clock: Option<String>,
    pub size: Sizes,
}

/// The open drawer as a panel on the right of `root`: the list, then the exhibit being read.
pub(super) fn panel(root: &mut egui::Ui, id: &str, open: Open, actions: &mut MessageWriter<DrawerAction>) {
    let width = (root.available_width() * 0.5).clamp(420.0, 760.0);
    egui::Panel::right(egui::Id::new(id))
        .resizable(false)
        .exact_size(width)
        .frame(page_frame(root).inner_margin(egui::Margin::same(16)))
        .show(root, |ui| contents(ui, open, actions));
}

/// The drawer's contents: the list, then the exhibit being read (a panel's, or a whole page's).
pub(super) fn contents(ui: &mut egui::Ui, open: Open, actions: &mut MessageWriter<DrawerAction>) {
    let Open {
        drawer,
        story: s,
        run,
        clock,
        size,
    } = open;
    let exhibits = run.exhibits(s);
    let t = size.text;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Exhibits").size(t + 5.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(egui::RichText::new("Close (Esc)").size(t - 2.0))
                .clicked()
            {
                actions.write(DrawerAction::Close);
            }
        });
    });
    let keys = match exhibits.len() {
        1 => "Enter opens it · Esc or X closes".to_string(),
        n => format!("Up/Down or 1–{n} pick · Enter opens · Esc or X closes"),
    };
    ui.label(egui::RichText::new(keys).size(t - 3.0).color(theme::muted(ui)));
    if let Some(clock) = clock {
        ui.label(
            egui::RichText::new(clock)
                .size(t - 2.0)
                .strong()
                .color(theme::score_colour(ui, 55)),
        );
    }
    ui.add_space(6.0);
    for (i, x) in exhibits.iter().enumerate() {
        let opened = run.state.read.contains(&x.id);
        if row(ui, i, x, opened, i == drawer.cursor, t).clicked() {
            actions.write(DrawerAction::Open(i));
        }
    }
    ui.add_space(6.0);
    ui.separator();
    let shown = drawer
        .shown
        .as_deref()
        .and_then(|id| exhibits.iter().position(|x| x.id == id));
    match shown {
        Some(i) => {
            let x = exhibits[i];
            ui.label(
                egui::RichText::new(format!("EXHIBIT {} · {}", i + 1, x.kind.label().to_uppercase()))
                    .size(t - 4.0)
                    .strong()
                    .color(theme::muted(ui)),
            );
            ui.label(egui::RichText::new(&x.title).size(t + 2.0).strong());
            ui.add_space(4.0);
            egui::ScrollArea::vertical()
                .id_salt(("exhibit", &x.id))
                .auto_shrink([false, false])
                .show(ui, |ui| document(ui, x, t));
        }
        None => {
            ui.label(
                egui::RichText::new("Open an exhibit to read it here.")
                    .size(t)
                    .color(theme::muted(ui)),
            );
        }
    }
}

/// One exhibit in the list: its number, kind, title and whether it has been opened.
fn row(ui: &mut egui::Ui, i: usize, x: &Exhibit, opened: bool, on: bool, t: f32) -> egui::Response {
    let stroke = if on {
        egui::Stroke::new(2.5, theme::accent(ui))
    } else {
        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
    };
    let r = egui::Frame::new()
        .stroke(stroke)
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(8)
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(format!("{}", i + 1)).size(t).strong());
                badge(ui, x.kind.label(), t - 5.0);
                let status = if opened { "opened" } else { "not opened" };
                let status_width = t * 6.0;
                let title_width = (ui.available_width() - status_width).max(80.0);
                ui.allocate_ui(egui::vec2(title_width, t * 1.5), |ui| {
                    ui.set_width(title_width);
                    ui.add(egui::Label::new(egui::RichText::new(&x.title).size(t)).wrap());
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let colour = if opened {
                        theme::score_colour(ui, 100)
                    } else {
                        theme::muted(ui)
                    };
                    ui.label(egui::RichText::new(status).size(t - 3.0).color(colour));
                });
            });
        });
    r.response.interact(egui::Sense::click())
}

/// A small label in a rounded box (an exhibit's kind).
fn badge(ui: &mut egui::Ui, text: &str, size: f32) {
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(4)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(text.to_uppercase())
                    .size(size)
                    .strong()
                    .color(theme::muted(ui)),
            );
        });
}

/// An exhibit's body, laid out by its kind.
pub(super) fn document(ui: &mut egui::Ui, x: &Exhibit, t: f32) {
    let paper = |ui: &mut egui::Ui, add: &mut dyn FnMut(&mut egui::Ui)| {
        egui::Frame::new()
            .fill(ui.visuals().extreme_bg_color)
            .corner_radius(6)
            .inner_margin(egui::Margin::same(12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                add(ui);
            });
    };
    match x.layout() {
        Layout::Table(rows) => {
            let Some((head, body)) = rows.split_first() else {
                return;
            };
            let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
            paper(ui, &mut |ui| {
                egui::Grid::new(("table", &x.id))
                    .num_columns(columns)
                    .striped(true)
                    .spacing([18.0, 8.0])
                    .show(ui, |ui| {
                        for c in head {
                            ui.label(egui::RichText::new(*c).size(t - 1.0).strong());
                        }
                        ui.end_row();
                        for r in body {
                            for c in r {
                                ui.label(egui::RichText::new(*c).size(t - 1.0));
                            }
                            ui.end_row();
                        }
                    });
            });
        }
        Layout::Preformatted(text) => {
            paper(ui, &mut |ui| {
                ui.add(egui::Label::new(egui::RichText::new(text).monospace().size(t - 4.0)).wrap());
            });
        }
        Layout::Document { headers, paragraphs } => {
            paper(ui, &mut |ui| {
                if !headers.is_empty() {
                    egui::Grid::new(("headers", &x.id))
                        .num_columns(2)
                        .spacing([14.0, 4.0])
                        .show(ui, |ui| {
                            for (k, v) in &headers {
                                ui.label(
                                    egui::RichText::new(format!("{k}:"))
                                        .size(t - 2.0)
                                        .strong()
                                        .color(theme::muted(ui)),
                                );
                                ui.add(egui::Label::new(egui::RichText::new(*v).size(t - 2.0)).wrap());
                                ui.end_row();
                            }
                        });
                    ui.separator();
                }
                for p in &paragraphs {
                    ui.add(egui::Label::new(egui::RichText::new(p.join("\n")).size(t)).wrap());
                    ui.add_space(t * 0.5);
                }
            });
        }
    }
}

/// What the drawer says about a running countdown (`left_s` seconds left): reading does not
/// stop it. `reader`: "you", "the room".
pub(super) fn clock_note(left_s: Option<f32>, reader: &str) -> Option<String> {
    left_s.map(|left| {
        format!(
            "⏱ {:.0} s left: the clock keeps running while {reader} read.",
            left.ceil()
        )
    })
}
