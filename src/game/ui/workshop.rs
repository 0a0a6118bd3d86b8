//! The workshop on the projector: whose turn it is and where each team stands, the scene in
//! large type, the discussion prompt and timer, the countdown, the options with hidden-then-
//! revealed votes, the scene's exhibits (the drawer: while it is open, the exhibit being read
//! takes the page), and the facilitator's override, note and pause.

use super::super::exhibits::{Drawer, DrawerAction};
use super::super::screen::Screen;
use super::super::workshop::{Live, WorkshopAction};
use super::playing::{line, people};
use super::{ScreenUi, exhibits, page, page_frame, root, theme, widgets};
use crate::engine::Story;
use crate::engine::workshop::{Discussion, Mode, OnEnter};
use crate::report::game_time;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Dialog>().add_systems(
        EguiPrimaryContextPass,
        draw.in_set(ScreenUi).run_if(in_state(Screen::Workshop)),
    );
}

/// A text box the facilitator has open (view state only).
#[derive(Resource, Default)]
enum Dialog {
    #[default]
    None,
    Note(String),
    Override(usize, String),
    /// Typing option n's vote count.
    Votes(usize, String),
}

/// Text sizes for the back of the room.
const SCENE: f32 = 24.0;
const OPTION: f32 = 22.0;

fn draw(
    mut contexts: EguiContexts,
    live: Option<Res<Live>>,
    mut actions: MessageWriter<WorkshopAction>,
    mut dialog: ResMut<Dialog>,
    drawer: Res<Drawer>,
    mut drawer_actions: MessageWriter<DrawerAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // (Without a session the logic goes back to the title screen.)
    let Some(live) = live else {
        return Ok(());
    };
    let w = &live.workshop;
    let s: &Story = &live.scenario;
    let mut root = root(ctx);
    let typing = ctx.egui_wants_keyboard_input();
    if !typing
        && !w.paused
        && !w.is_over()
        && !drawer.open
        && live.scene_done()
        && matches!(*dialog, Dialog::None)
    {
        if ctx.input(|i| i.key_pressed(egui::Key::N)) {
            *dialog = Dialog::Note(w.current.note.clone());
        }
        if ctx.input(|i| i.key_pressed(egui::Key::O)) && w.setup.mode == Mode::RoomVote && w.current.revealed
        {
            *dialog = Dialog::Override(live.cursor, String::new());
        }
    }
    let team_colour = theme::team_colour(&ctx.global_style().visuals, w.turn);

    egui::Panel::top("workshop-top")
        .frame(page_frame(&root).inner_margin(egui::Margin::symmetric(24, 10)))
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&s.title).size(24.0).strong());
                ui.label(
                    egui::RichText::new(&w.setup.session)
                        .size(18.0)
                        .color(theme::muted(ui)),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(egui::RichText::new("Pause (Esc)").size(18.0)).clicked() {
                        actions.write(WorkshopAction::TogglePause);
                    }
                    ui.label(
                        egui::RichText::new(super::minutes(w.elapsed_ms))
                            .size(20.0)
                            .monospace()
                            .color(theme::muted(ui)),
                    )
                    .on_hover_text("Session time");
                    ui.label(
                        egui::RichText::new(format!("Seed {}", w.setup.seed))
                            .size(26.0)
                            .strong(),
                    );
                });
            });
            if w.setup.mode == Mode::TeamRounds {
                ui.add_space(4.0);
                ui.horizontal_wrapped(|ui| {
                    for (i, t) in w.teams.iter().enumerate() {
                        let decided = w.team_log(i).count();
                        let status = match t.run.ending.as_deref().and_then(|e| s.ending(e)) {
                            Some(e) => format!("finished · {}", e.outcome.label()),
                            None => format!("{decided} decided"),
                        };
                        let now = i == w.turn && !w.is_over();
                        let colour = theme::team_colour(ui.visuals(), i);
                        egui::Frame::new()
                            .fill(if now { colour } else { ui.visuals().faint_bg_color })
                            .stroke(egui::Stroke::new(2.0, colour))
                            .corner_radius(8)
                            .inner_margin(egui::Margin::symmetric(10, 4))
                            .show(ui, |ui| {
                                let ink = if now {
                                    theme::ink_on(colour)
                                } else {
                                    ui.visuals().text_color()
                                };
                                let label = if now {
                                    format!("▶ {}", t.name)
                                } else {
                                    t.name.clone()
                                };
                                ui.label(egui::RichText::new(label).size(18.0).strong().color(ink));
                                ui.label(egui::RichText::new(status).size(15.0).color(ink));
                            });
                    }
                });
            }
        });

    egui::Panel::right("workshop-people")
        .resizable(false)
        .default_size(300.0)
        .frame(page_frame(&root).inner_margin(egui::Margin::same(16)))
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if w.setup.mode == Mode::TeamRounds {
                        ui.label(
                            egui::RichText::new(format!("{}'s run", w.team().name))
                                .size(18.0)
                                .color(team_colour)
                                .strong(),
                        );
                    }
                    people(ui, s, &w.team().run);
                });
        });

    // The room reads an exhibit on the whole page; the decision waits underneath.
    if drawer.open && !w.is_over() {
        let countdown = w.current.countdown_ms.filter(|_| live.scene_done());
        let open = exhibits::Open {
            drawer: &drawer,
            story: s,
            run: &w.team().run,
            clock: exhibits::clock_note(countdown.map(|ms| ms as f32 / 1000.0), "the room"),
            size: exhibits::PROJECTOR,
        };
        page(&mut root, |ui| exhibits::contents(ui, open, &mut drawer_actions));
        overlays(ctx, &live, &mut dialog, &mut actions);
        return Ok(());
    }

    page(&mut root, |ui| {
        if w.setup.mode == Mode::TeamRounds && !w.is_over() {
            egui::Frame::new()
                .fill(team_colour)
                .corner_radius(8)
                .inner_margin(egui::Margin::symmetric(14, 6))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let n = w.team_log(w.turn).count() + 1;
                    ui.label(
                        egui::RichText::new(format!("{}'s turn · decision {n}", w.team().name))
                            .size(26.0)
                            .strong()
                            .color(theme::ink_on(team_colour)),
                    );
                });
            ui.add_space(6.0);
        }
        let chooser = match w.setup.mode {
            Mode::RoomVote => "The room".to_string(),
            Mode::TeamRounds => w.team().name.clone(),
        };
        egui::Panel::bottom("workshop-decision")
            .resizable(false)
            .frame(egui::Frame::NONE.inner_margin(egui::Margin {
                top: 8,
                ..Default::default()
            }))
            .show(ui, |ui| {
                if !w.is_over() && !drawer.open {
                    exhibits::offer(ui, s, &w.team().run, exhibits::PROJECTOR, &mut drawer_actions);
                }
                decision(ui, &live, s, &mut actions, &mut dialog);
            });
        egui::ScrollArea::vertical()
            .id_salt(("scene", w.turn))
            .auto_shrink([false, false])
            .stick_to_bottom(true)
            .show(ui, |ui| {
                for l in live.transcript().scene() {
                    line(ui, s, l, SCENE, &chooser);
                }
                // Room for italic descenders above the decision panel.
                ui.add_space(10.0);
            });
    });

    overlays(ctx, &live, &mut dialog, &mut actions);
    Ok(())
}

/// Over the page: the pause screen, and the note and override text boxes.
fn overlays(
    ctx: &egui::Context,
    live: &Live,
    dialog: &mut Dialog,
    actions: &mut MessageWriter<WorkshopAction>,
) {
    if live.workshop.paused {
        egui::Modal::new(egui::Id::new("workshop-pause")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.vertical_centered(|ui| {
                ui.label(egui::RichText::new("Session paused").size(30.0).strong());
                ui.label(
                    egui::RichText::new("The countdown and the discussion timer are stopped.")
                        .size(18.0)
                        .color(theme::muted(ui)),
                );
                ui.add_space(8.0);
                let resume = widgets::primary(ui, "Resume (Esc)", 320.0);
                resume.request_focus();
                if resume.clicked() {
                    actions.write(WorkshopAction::TogglePause);
                }
                if widgets::secondary(ui, "Leave the session", 320.0).clicked() {
                    actions.write(WorkshopAction::Leave);
                }
                ui.label(
                    egui::RichText::new(
                        "The session is saved after every action; resume it from the title screen.",
                    )
                    .small()
                    .color(theme::muted(ui)),
                );
            });
        });
    }
    dialogs(ctx, live, dialog, actions);
}

/// The decision in hand: prompt and discussion timer, countdown, options and votes, buttons.
fn decision(
    ui: &mut egui::Ui,
    live: &Live,
    s: &Story,
    actions: &mut MessageWriter<WorkshopAction>,
    dialog: &mut Dialog,
) {
    let w = &live.workshop;
    if !live.scene_done() {
        ui.horizontal(|ui| {
            if widgets::primary(ui, "Continue ▶", 200.0).clicked() {
                actions.write(WorkshopAction::Continue);
            }
            ui.label(
                egui::RichText::new("Space or Enter")
                    .size(18.0)
                    .color(theme::muted(ui)),
            );
        });
        return;
    }
    if w.is_over() {
        ui.horizontal(|ui| {
            if widgets::primary(ui, "Open the debrief ▶", 280.0).clicked() {
                actions.write(WorkshopAction::Continue);
            }
            ui.label(egui::RichText::new("Enter").size(18.0).color(theme::muted(ui)));
        });
        return;
    }
    let node = s.node(&w.team().run.node);
    // Discussion prompt and timer.
    let prompt = node.and_then(|n| n.prompt.as_deref());
    if let Some(p) = prompt {
        ui.label(egui::RichText::new(format!("Discuss: {p}")).size(20.0).italics());
    }
    if w.setup.discussion_seconds > 0 {
        ui.horizontal(|ui| {
            let d = w.current.discussion;
            let (label, colour) = match d {
                Discussion::Over => ("Time's up".to_string(), theme::score_colour(ui, 0)),
                _ => (game_time(d.left_ms()), ui.visuals().text_color()),
            };
            ui.label(
                egui::RichText::new(label)
                    .size(30.0)
                    .monospace()
                    .strong()
                    .color(colour),
            );
            let toggle = match d {
                Discussion::Running { .. } => "Pause discussion (D)",
                Discussion::Ready { .. } => "Start discussion (D)",
                Discussion::Stopped { .. } => "Continue discussion (D)",
                Discussion::Over => "One more minute (D)",
            };
            if ui.button(egui::RichText::new(toggle).size(17.0)).clicked() {
                actions.write(WorkshopAction::ToggleDiscussion);
            }
            if ui.button(egui::RichText::new("+1 min (E)").size(17.0)).clicked() {
                actions.write(WorkshopAction::ExtendDiscussion);
            }
        });
    }
    if let (Some(left), Some(t)) = (w.current.countdown_ms, w.team().run.timer(s)) {
        let frac = (left as f32 / (t.seconds as f32 * 1000.0)).clamp(0.0, 1.0);
        let colour = theme::score_colour(ui, (frac * 100.0) as u32);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("{:>2} s", left.div_ceil(1000)))
                    .size(24.0)
                    .strong()
                    .color(colour),
            );
            ui.add(
                egui::ProgressBar::new(frac)
                    .fill(colour)
                    .desired_height(16.0)
                    .desired_width(ui.available_width()),
            );
        });
    }
    let options = w.team().run.options(s);
    let votes = &w.current.votes;
    let total: u32 = votes.iter().sum();
    let lead = w.lead();
    let room = w.setup.mode == Mode::RoomVote;
    let width = ui.available_width();
    for (i, c) in options.iter().enumerate() {
        let on = i == live.cursor;
        let leading = room && w.current.revealed && total > 0 && lead.includes(i);
        let stroke = if on {
            egui::Stroke::new(3.0, theme::accent(ui))
        } else {
            egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
        };
        egui::Frame::new()
            .stroke(stroke)
            .fill(if leading {
                theme::accent(ui).gamma_multiply(0.18)
            } else {
                ui.visuals().faint_bg_color
            })
            .corner_radius(8)
            .inner_margin(egui::Margin::symmetric(12, 6))
            .show(ui, |ui| {
                ui.set_width(width - 30.0);
                ui.horizontal(|ui| {
                    let votes_width = if room { 330.0 } else { 0.0 };
                    let shown = crate::engine::text::interpolate(s, &w.team().run.state, &c.text);
                    let text = egui::RichText::new(format!("{}   {}", i + 1, shown)).size(OPTION);
                    let text_width = ui.available_width() - votes_width;
                    let r = ui
                        .allocate_ui(egui::vec2(text_width, 40.0), |ui| {
                            ui.set_width(text_width);
                            ui.add(egui::Label::new(text).wrap().sense(egui::Sense::click()))
                        })
                        .inner;
                    if r.clicked() {
                        actions.write(WorkshopAction::Select(i));
                    }
                    if room {
                        vote_cell(ui, live, i, votes[i], total, actions, dialog);
                    }
                });
            });
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        if room {
            if !w.current.revealed {
                if widgets::primary(ui, "Reveal votes (R)", 220.0).clicked() {
                    actions.write(WorkshopAction::Reveal);
                }
            } else {
                let (label, enabled) = match w.on_enter(live.cursor) {
                    OnEnter::Majority(n) | OnEnter::TeamChoice(n) => {
                        (format!("Take the room's choice: {} (Enter)", n + 1), true)
                    }
                    OnEnter::BreakTie(n) => (format!("Break the tie: take {} (Enter)", n + 1), true),
                    OnEnter::PickATied(tied) => {
                        let tied: Vec<String> = tied.iter().map(|i| (i + 1).to_string()).collect();
                        (format!("Tied: {}. Press one of them", tied.join(" and ")), false)
                    }
                };
                let take = ui
                    .add_enabled_ui(enabled, |ui| widgets::primary(ui, &label, 330.0))
                    .inner;
                if take.clicked() {
                    actions.write(WorkshopAction::Decide);
                }
                if widgets::secondary(ui, &format!("Override with {}… (O)", live.cursor + 1), 220.0).clicked()
                {
                    *dialog = Dialog::Override(live.cursor, String::new());
                }
            }
        } else {
            let label = format!("Take {} for {} (Enter)", live.cursor + 1, w.team().name);
            if widgets::primary(ui, &label, 300.0).clicked() {
                actions.write(WorkshopAction::Decide);
            }
        }
        if widgets::secondary(ui, "Note… (N)", 130.0).clicked() {
            *dialog = Dialog::Note(w.current.note.clone());
        }
        if room && w.current.revealed {
            return;
        }
        ui.label(
            egui::RichText::new(if room {
                "1–9 pick an option · Up/Down add or remove a vote"
            } else {
                "1–9 or Up/Down pick the team's answer"
            })
            .color(theme::muted(ui)),
        );
    });
    if room && !w.current.revealed {
        ui.label(
            egui::RichText::new(format!("{total} votes entered, hidden until you reveal them"))
                .size(17.0)
                .color(theme::muted(ui)),
        );
    }
    if !w.current.note.is_empty() {
        ui.label(
            egui::RichText::new(format!("Note: {}", w.current.note))
                .size(17.0)
                .italics(),
        );
    }
    if let Some(m) = &live.message {
        ui.label(
            egui::RichText::new(m)
                .size(18.0)
                .strong()
                .color(theme::score_colour(ui, 0)),
        );
    }
}

/// One option's votes: hidden until revealed (with −/+ and a typed number), then a bar.
fn vote_cell(
    ui: &mut egui::Ui,
    live: &Live,
    i: usize,
    count: u32,
    total: u32,
    actions: &mut MessageWriter<WorkshopAction>,
    dialog: &mut Dialog,
) {
    let w = &live.workshop;
    if w.current.revealed {
        let frac = if total == 0 {
            0.0
        } else {
            count as f32 / total as f32
        };
        let (rect, _) = ui.allocate_exact_size(egui::vec2(200.0, 30.0), egui::Sense::hover());
        let p = ui.painter();
        p.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        let mut bar = rect;
        bar.set_width(rect.width() * frac);
        p.rect_filled(bar, 4.0, theme::accent(ui));
        ui.label(
            egui::RichText::new(format!("{count}  ({:.0}%)", frac * 100.0))
                .size(20.0)
                .strong(),
        );
        return;
    }
    ui.horizontal(|ui| {
        if ui.button(egui::RichText::new("−").size(20.0)).clicked() {
            actions.write(WorkshopAction::Select(i));
            actions.write(WorkshopAction::AddVotes(-1));
        }
        if ui.button(egui::RichText::new("+").size(20.0)).clicked() {
            actions.write(WorkshopAction::Select(i));
            actions.write(WorkshopAction::AddVotes(1));
        }
        if ui.button(egui::RichText::new("Type…").size(16.0)).clicked() {
            *dialog = Dialog::Votes(i, String::new());
        }
        // The count stays off the projector until the reveal.
        ui.label(egui::RichText::new("hidden").size(18.0).color(theme::muted(ui)));
    });
}

/// The note and override text boxes.
fn dialogs(
    ctx: &egui::Context,
    live: &Live,
    dialog: &mut Dialog,
    actions: &mut MessageWriter<WorkshopAction>,
) {
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    let enter = ctx.input(|i| i.key_pressed(egui::Key::Enter));
    let (title, hint, text) = match dialog {
        Dialog::None => return,
        Dialog::Note(t) => ("Note on this decision", "What did the room say?".to_string(), t),
        Dialog::Override(n, t) => {
            let option = live
                .workshop
                .options(&live.scenario)
                .get(*n)
                .and_then(|id| {
                    let state = &live.workshop.team().run.state;
                    live.scenario.choice(id).map(|(_, c)| {
                        crate::engine::text::interpolate(&live.scenario, state, &c.text).into_owned()
                    })
                })
                .unwrap_or_default();
            (
                "Override the room",
                format!("Why take {}? \u{201c}{option}\u{201d}", *n + 1),
                t,
            )
        }
        Dialog::Votes(n, t) => ("Votes", format!("How many voted for option {}?", *n + 1), t),
    };
    let mut close = escape;
    let mut confirm = false;
    egui::Modal::new(egui::Id::new("workshop-dialog")).show(ctx, |ui| {
        ui.set_width(620.0);
        ui.label(egui::RichText::new(title).size(26.0).strong());
        ui.label(egui::RichText::new(hint).size(18.0));
        let edit = ui.add(
            egui::TextEdit::singleline(text)
                .desired_width(600.0)
                .font(egui::FontId::proportional(20.0)),
        );
        if !edit.has_focus() && !edit.lost_focus() {
            edit.request_focus();
        }
        confirm = edit.lost_focus() && enter;
        ui.horizontal(|ui| {
            if widgets::primary(ui, "Save (Enter)", 200.0).clicked() {
                confirm = true;
            }
            if widgets::secondary(ui, "Cancel (Esc)", 160.0).clicked() {
                close = true;
            }
        });
    });
    if confirm {
        match std::mem::take(dialog) {
            Dialog::Note(t) => {
                actions.write(WorkshopAction::Note(t));
            }
            Dialog::Override(n, t) => {
                actions.write(WorkshopAction::Override(n, t));
            }
            Dialog::Votes(n, t) => match t.trim().parse::<u32>() {
                Ok(v) => {
                    actions.write(WorkshopAction::SetVotes(n, v));
                }
                Err(_) => *dialog = Dialog::Votes(n, String::new()),
            },
            Dialog::None => {}
        }
    } else if close {
        *dialog = Dialog::None;
    }
}
