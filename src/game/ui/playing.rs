//! Playing: the scene revealed line by line, speakers with portraits, choices as large
//! numbered buttons, the countdown on timed decisions, trust meters, key facts and the
//! transcript (T shows or hides it: a matter of the view alone), and the scene's exhibits
//! (the drawer, `exhibits.rs`, in place of the people while it is open). The pause menu is
//! `pause.rs`.

use super::super::exhibits::{Drawer, DrawerAction};
use super::super::runner::{Action, Line, Session};
use super::super::screen::Screen;
use super::{ScreenUi, exhibits, page, page_frame, root, theme, widgets};
use crate::engine::Story;
use crate::engine::model::Value;
use crate::engine::run::Run;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShowTranscript>().add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Playing)),
    );
}

#[derive(Resource, Default)]
struct ShowTranscript(bool);

fn draw(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut actions: MessageWriter<Action>,
    mut transcript: ResMut<ShowTranscript>,
    drawer: Res<Drawer>,
    mut drawer_actions: MessageWriter<DrawerAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // (Without a run the logic goes back to the library.)
    let Some(session) = session else {
        return Ok(());
    };
    let s: &Story = &session.scenario;
    let mut root = root(ctx);
    if ctx.input(|i| i.key_pressed(egui::Key::T)) && !ctx.egui_wants_keyboard_input() {
        transcript.0 = !transcript.0;
    }

    egui::Panel::top("play-top")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(24, 10)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&s.title).size(22.0).strong());
                ui.label(egui::RichText::new(format!("seed {}", session.run.seed)).color(theme::muted(ui)));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Pause (Esc)").clicked() {
                        actions.write(Action::TogglePause);
                    }
                    if ui.selectable_label(transcript.0, "Transcript (T)").clicked() {
                        transcript.0 = !transcript.0;
                    }
                    ui.label(
                        egui::RichText::new(super::minutes(session.elapsed_ms))
                            .monospace()
                            .color(theme::muted(ui)),
                    )
                    .on_hover_text("Time spent in this run");
                });
            });
        });

    if drawer.open {
        let clock = if session.scene_done() {
            exhibits::clock_note(session.timer_left, "you")
        } else {
            None
        };
        let open = exhibits::Open {
            drawer: &drawer,
            story: s,
            run: &session.run,
            clock,
            size: exhibits::SOLO,
        };
        exhibits::panel(&mut root, "play-exhibits", open, &mut drawer_actions);
    } else {
        egui::Panel::right("play-people")
            .resizable(false)
            .default_size(310.0)
            .frame(page_frame(&root).inner_margin(egui::Margin::same(16)))
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        people(ui, s, &session.run);
                    });
            });
    }

    // The drawer takes the room the transcript would (it comes back when the drawer closes).
    if transcript.0 && !drawer.open {
        egui::Panel::left("play-transcript")
            .exact_size(360.0)
            .frame(page_frame(&root).inner_margin(egui::Margin::same(14)))
            .show(&mut root, |ui| {
                ui.label(egui::RichText::new("Transcript").size(20.0).strong());
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .stick_to_bottom(true)
                    .show(ui, |ui| {
                        for l in &session.transcript.shown {
                            line(ui, s, l, 15.0, "You");
                        }
                    });
            });
    }

    page(&mut root, |ui| {
        let controls_height = controls_height(&session, drawer.open);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .max_height((ui.available_height() - controls_height).max(120.0))
            .stick_to_bottom(true)
            .show(ui, |ui| {
                for l in session.transcript.scene() {
                    line(ui, s, l, 20.0, "You");
                }
            });
        ui.separator();
        if !session.run.is_over() && !drawer.open {
            exhibits::offer(ui, s, &session.run, exhibits::SOLO, &mut drawer_actions);
        }
        controls(ui, &session, &mut actions);
    });

    Ok(())
}

fn controls_height(session: &Session, drawer_open: bool) -> f32 {
    if session.run.is_over() {
        return 70.0;
    }
    let offer = if drawer_open {
        0.0
    } else {
        exhibits::offer_height(&session.scenario, &session.run)
    };
    if !session.scene_done() {
        70.0 + offer
    } else {
        let n = session.run.options(&session.scenario).len() as f32;
        40.0 + offer + n * 58.0 + if session.timer_left.is_some() { 40.0 } else { 0.0 }
    }
}

fn controls(ui: &mut egui::Ui, session: &Session, actions: &mut MessageWriter<Action>) {
    if !session.scene_done() {
        ui.horizontal(|ui| {
            if widgets::primary(ui, "Continue ▶", 200.0).clicked() {
                actions.write(Action::Continue);
            }
            ui.label(egui::RichText::new("Space or Enter").color(theme::muted(ui)));
        });
        return;
    }
    if session.run.is_over() {
        ui.horizontal(|ui| {
            if widgets::primary(ui, "See the debrief ▶", 260.0).clicked() {
                actions.write(Action::Continue);
            }
            ui.label(egui::RichText::new("Enter").color(theme::muted(ui)));
        });
        return;
    }
    if let (Some(left), Some(t)) = (session.timer_left, session.run.timer(&session.scenario)) {
        let frac = (left / t.seconds as f32).clamp(0.0, 1.0);
        let colour = theme::score_colour(ui, (frac * 100.0) as u32);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("{:>2.0} s", left.ceil()))
                    .size(20.0)
                    .strong()
                    .color(colour),
            );
            ui.add(
                egui::ProgressBar::new(frac)
                    .fill(colour)
                    .desired_height(14.0)
                    .desired_width(ui.available_width()),
            );
        });
    }
    let width = ui.available_width();
    for (i, c) in session.run.options(&session.scenario).iter().enumerate() {
        let shown = crate::engine::text::interpolate(&session.scenario, &session.run.state, &c.text);
        let text = egui::RichText::new(format!("{}   {}", i + 1, shown)).size(19.0);
        let button = egui::Button::new(text).wrap().min_size(egui::vec2(width, 50.0));
        if ui.add(button).clicked() {
            actions.write(Action::Choose(i));
        }
    }
}

/// One line of the scene (text `size` 20 or more) or of the transcript (smaller, compact).
/// `chooser` names who decided: "You", "The room", a team.
pub(super) fn line(ui: &mut egui::Ui, s: &Story, l: &Line, size: f32, chooser: &str) {
    let compact = size < 18.0;
    match l {
        Line::Narration(text) => {
            ui.label(
                egui::RichText::new(text)
                    .size(size)
                    .italics()
                    .color(theme::muted(ui)),
            );
        }
        Line::Speech { who, text } => {
            let (name, title) = s
                .character(who)
                .map_or((who.as_str(), ""), |c| (c.name.as_str(), c.title.as_str()));
            ui.horizontal(|ui| {
                widgets::portrait(ui, name, if compact { 26.0 } else { 46.0 });
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(name).strong().size(size - 2.0));
                        if !compact {
                            ui.label(egui::RichText::new(title).small().color(theme::muted(ui)));
                        }
                    });
                    ui.label(egui::RichText::new(format!("\u{201c}{text}\u{201d}")).size(size));
                });
            });
        }
        Line::Chose { text, timed_out } => {
            let label = if *timed_out {
                format!("⏱ Time ran out: {text}")
            } else {
                format!("{chooser}: {text}")
            };
            egui::Frame::new()
                .fill(ui.visuals().faint_bg_color)
                .corner_radius(8)
                .inner_margin(egui::Margin::same(10))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(egui::RichText::new(label).size(size - 1.0).strong());
                });
        }
        Line::Coach(text) => {
            egui::Frame::new()
                .stroke(egui::Stroke::new(1.5, theme::accent(ui)))
                .corner_radius(8)
                .inner_margin(egui::Margin::same(10))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(egui::RichText::new(format!("Coach: {text}")).size(size - 2.0));
                });
        }
    }
}

/// Who is in the room, how much they trust you, and the scenario's key facts.
pub(super) fn people(ui: &mut egui::Ui, s: &Story, run: &Run) {
    ui.label(egui::RichText::new("People").size(20.0).strong());
    for c in &s.characters {
        let trust = run.state.trust(&c.id);
        let shown = ui
            .ctx()
            .animate_value_with_time(egui::Id::new(("trust", &c.id)), trust as f32, 0.8);
        ui.horizontal(|ui| {
            widgets::portrait(ui, &c.name, 34.0);
            ui.vertical(|ui| {
                ui.label(egui::RichText::new(&c.name).strong());
                ui.label(egui::RichText::new(&c.title).small().color(theme::muted(ui)));
                ui.horizontal(|ui| {
                    let colour = theme::score_colour(ui, shown.round().clamp(0.0, 100.0) as u32);
                    widgets::meter(ui, shown.round() as i64, 120.0, colour);
                    ui.label(egui::RichText::new(format!("{}", shown.round() as i64)).small());
                });
            });
        })
        .response
        .on_hover_text(format!("Trust in you: {trust}/100\n{}", c.profile));
    }
    let facts: Vec<(String, String)> = s
        .variables
        .iter()
        .filter_map(|v| {
            let label = v.label()?;
            let value = match run.state.vars.get(v.id()) {
                Some(Value::Int(n)) => n.to_string(),
                Some(Value::Flag(b)) => if *b { "yes" } else { "no" }.to_string(),
                None => "—".to_string(),
            };
            Some((label.to_string(), value))
        })
        .collect();
    if !facts.is_empty() {
        ui.add_space(10.0);
        ui.label(egui::RichText::new("Key facts").size(20.0).strong());
        egui::Grid::new("facts")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for (label, value) in facts {
                    ui.label(egui::RichText::new(label).small());
                    ui.label(egui::RichText::new(value).strong());
                    ui.end_row();
                }
            });
    }
}
