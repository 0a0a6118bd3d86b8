//! Keeps an idle window idle: frames are drawn only when something on screen changes.
//!
//! - bevy_egui 0.42 pushes a `ModifiersChanged` event into egui's input every frame, which
//!   egui treats as input and answers with another repaint; this drops the event unless the
//!   modifiers really changed.
//! - egui asks for *later* repaints (a text cursor's blink, a notice that expires in 8 s), but
//!   bevy_egui turns any request into an immediate `RequestRedraw`, so a focused text field or
//!   a notice would redraw as fast as the screen allows. Here a delayed request becomes a
//!   wake-up after that delay instead.
//! - Systems with something ticking on screen (a countdown, a discussion timer, a pending
//!   screenshot) ask [`Frames`] for the next frame within some time rather than writing
//!   `RequestRedraw` every frame.
//!
//! With nothing asked for, the window sleeps up to [`IDLE_WAIT`] (input wakes it at once).

use bevy::prelude::*;
use bevy::render::view::screenshot::Screenshot;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiFullOutput, EguiInput, EguiInputSet, EguiPostUpdateSet, EguiPreUpdateSet, egui};
use std::time::Duration;

/// The longest the app sleeps with nothing to draw. Input, focus and resize wake it at once;
/// this only bounds how late an outside change (a scenario edited on disk) shows.
pub const IDLE_WAIT: Duration = Duration::from_secs(60);
/// Frame interval while a timer runs on screen: smooth enough for a countdown bar and a
/// seconds display, a tenth of the frames of redrawing flat out.
pub const TICK: Duration = Duration::from_millis(100);
/// Frame interval while a clock showing seconds is on screen and nothing else ticks.
pub const CLOCK: Duration = Duration::from_secs(1);
/// The waits the window is set to, shortest first. A wanted wait is rounded down to one of
/// these so the setting (whose every change forces a frame) changes rarely.
const STEPS_MS: [u64; 9] = [50, 100, 250, 500, 1_000, 2_000, 5_000, 15_000, 60_000];

/// When the next frame is wanted, gathered over one frame and reset after it.
#[derive(Resource, Debug, Default)]
pub struct Frames {
    next: Option<Duration>,
    /// egui asked for a repaint after a delay (not now) during this frame.
    egui_later: bool,
}

impl Frames {
    /// Asks for another frame within `after` (`Duration::ZERO`: straight away).
    pub fn within(&mut self, after: Duration) {
        self.next = Some(self.next.map_or(after, |n| n.min(after)));
    }

    /// The soonest frame asked for this frame, if any.
    pub fn wanted(&self) -> Option<Duration> {
        self.next
    }

    /// Takes the requests gathered so far, starting afresh.
    pub fn take(&mut self) -> Option<Duration> {
        self.next.take()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Frames>()
        .insert_resource(settings(IDLE_WAIT))
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers
                .after(EguiInputSet::WriteEguiEvents)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(
            PostUpdate,
            (
                egui_delay
                    .after(EguiPostUpdateSet::EndPass)
                    .before(EguiPostUpdateSet::ProcessOutput),
                pace.after(EguiPostUpdateSet::ProcessOutput),
            ),
        )
        .add_systems(Update, screenshot_pending);
}

fn drop_repeated_modifiers(mut inputs: Query<&mut EguiInput>, mut last: Local<Option<egui::Modifiers>>) {
    for mut input in &mut inputs {
        input.events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) => {
                let changed = *last != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}

/// Reads egui's wanted repaint delay before bevy_egui consumes the pass output.
fn egui_delay(outputs: Query<&EguiFullOutput>, mut frames: ResMut<Frames>) {
    for output in &outputs {
        let Some(full) = &output.0 else { continue };
        for viewport in full.viewport_output.values() {
            let delay = viewport.repaint_delay;
            if delay == Duration::MAX {
                continue;
            }
            if !delay.is_zero() {
                frames.egui_later = true;
            }
            frames.within(delay);
        }
    }
}

/// A screenshot is written when its frame has been read back, a frame or two later.
fn screenshot_pending(shots: Query<(), With<Screenshot>>, mut frames: ResMut<Frames>) {
    if !shots.is_empty() {
        frames.within(Duration::ZERO);
    }
}

/// Turns this frame's requests into the window's wait: a redraw now, or a wake-up later.
fn pace(
    mut frames: ResMut<Frames>,
    mut redraws: ResMut<Messages<RequestRedraw>>,
    mut winit: ResMut<WinitSettings>,
) {
    let wanted = frames.take();
    let egui_later = std::mem::take(&mut frames.egui_later);
    if wanted == Some(Duration::ZERO) {
        redraws.write(RequestRedraw);
    } else if egui_later {
        // bevy_egui's immediate redraw for what egui wants later: wait for it instead.
        redraws.clear();
    }
    let wait = step(wanted.unwrap_or(IDLE_WAIT));
    let want = settings(wait);
    if winit.focused_mode != want.focused_mode || winit.unfocused_mode != want.unfocused_mode {
        *winit = want;
    }
}

/// The same wait focused or not: a projector's window often is not the focused one, and its
/// timers must still tick. Mouse movement elsewhere on the desktop never wakes it.
fn settings(wait: Duration) -> WinitSettings {
    WinitSettings {
        focused_mode: UpdateMode::reactive_low_power(wait),
        unfocused_mode: UpdateMode::reactive_low_power(wait),
    }
}

/// The longest step no longer than `wanted` (the shortest step for anything shorter).
fn step(wanted: Duration) -> Duration {
    let ms = wanted.as_millis();
    let chosen = STEPS_MS
        .iter()
        .rev()
        .find(|&&s| u128::from(s) <= ms)
        .unwrap_or(&STEPS_MS[0]);
    Duration::from_millis(*chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_round_down_to_a_step() {
        assert_eq!(step(Duration::ZERO), Duration::from_millis(50));
        assert_eq!(step(Duration::from_millis(530)), Duration::from_millis(500));
        assert_eq!(step(Duration::from_secs(8)), Duration::from_secs(5));
        assert_eq!(step(Duration::from_secs(3600)), IDLE_WAIT);
        assert_eq!(step(TICK), TICK);
    }

    #[test]
    fn the_soonest_request_wins() {
        let mut f = Frames::default();
        assert_eq!(f.wanted(), None);
        f.within(Duration::from_secs(5));
        f.within(TICK);
        f.within(Duration::from_secs(1));
        assert_eq!(f.wanted(), Some(TICK));
    }
}
