//! Keeps an idle window idle: frames are drawn only when something on screen changes.
//!
//! - bevy_egui 0.42 pushes a `ModifiersChanged` event into egui's input every frame, which
//!   egui treats as input and answers with another repaint; this drops the event unless the
//!   modifiers really changed.
//! - egui asks for *later* repaints (a tooltip, an animation's next step), but bevy_egui
//!   turns any request into an immediate `RequestRedraw`, so they would redraw as fast as the
//!   screen allows. Here a delayed request becomes a wake-up at that time instead.
//! - Systems with something ticking on screen (a countdown, a discussion timer, a clock, a
//!   pending screenshot, a notice coming down) ask [`Frames`] for the next frame within some
//!   time rather than writing `RequestRedraw` every frame.
//!
//! Wake-ups come from a small thread that sleeps until the earliest time asked for and then
//! sends winit a `WakeUp`; winit's own wait stays fixed at [`IDLE_WAIT`] (changing it would
//! force a frame each time). With nothing asked for, the window sleeps; input wakes it at once.

use bevy::prelude::*;
use bevy::render::view::screenshot::Screenshot;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use bevy_egui::{EguiFullOutput, EguiInput, EguiInputSet, EguiPostUpdateSet, EguiPreUpdateSet, egui};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// The longest the app sleeps with nothing to draw. Input, focus and resize wake it at once;
/// this only bounds how late an outside change (a scenario edited on disk) shows.
pub const IDLE_WAIT: Duration = Duration::from_secs(60);
/// Frame interval while a timer runs on screen: smooth enough for a countdown bar and a
/// seconds display, a sixth of the frames of redrawing at 60 Hz.
pub const TICK: Duration = Duration::from_millis(100);

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

/// The sending end of the wake-up thread, and the wake-up it has pending.
#[derive(Resource)]
struct Waker {
    to_thread: Sender<Instant>,
    pending: Option<Instant>,
}

impl Waker {
    /// Makes sure the app wakes by `now + after`.
    fn wake_in(&mut self, now: Instant, after: Duration) {
        let at = now + after;
        if self.pending.is_some_and(|p| p > now && p <= at) {
            return; // an earlier wake-up is already on its way
        }
        if self.to_thread.send(at).is_ok() {
            self.pending = Some(at);
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Frames>()
        .insert_resource(WinitSettings {
            // The same focused or not: a projector's window often is not the focused one.
            // Mouse movement elsewhere on the desktop never wakes it.
            focused_mode: UpdateMode::reactive_low_power(IDLE_WAIT),
            unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAIT),
        })
        .add_systems(Startup, start_waker)
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

/// Starts the wake-up thread (only with a winit event loop to wake).
fn start_waker(mut commands: Commands, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let Some(proxy) = proxy else { return };
    let proxy = (**proxy).clone();
    let (to_thread, from_app) = channel();
    let started = std::thread::Builder::new()
        .name("rapport-waker".into())
        .spawn(move || wake_loop(&from_app, || proxy.send_event(WinitUserEvent::WakeUp).is_ok()));
    match started {
        Ok(_) => {
            commands.insert_resource(Waker {
                to_thread,
                pending: None,
            });
        }
        Err(e) => warn!("no wake-up thread ({e}); delayed repaints are drawn at once"),
    }
}

/// Sleeps until the earliest time received, then calls `wake`; returns when the app has gone
/// (the channel is closed) or `wake` fails.
fn wake_loop(times: &Receiver<Instant>, wake: impl Fn() -> bool) {
    let mut next: Option<Instant> = None;
    loop {
        let got = match next {
            None => times.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => times.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match got {
            Ok(at) => next = Some(next.map_or(at, |n| n.min(at))),
            Err(RecvTimeoutError::Timeout) => {
                next = None;
                if !wake() {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
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

/// Turns this frame's requests into a redraw now or a wake-up later.
fn pace(
    mut frames: ResMut<Frames>,
    mut redraws: ResMut<Messages<RequestRedraw>>,
    waker: Option<ResMut<Waker>>,
) {
    let wanted = frames.take();
    let egui_later = std::mem::take(&mut frames.egui_later);
    match (wanted, waker) {
        (Some(d), _) if d.is_zero() => {
            redraws.write(RequestRedraw);
        }
        (Some(d), Some(mut waker)) => {
            if egui_later {
                // bevy_egui's immediate redraw for what egui wants later: wake then instead.
                redraws.clear();
            }
            waker.wake_in(Instant::now(), d);
        }
        // No wake-up thread: a redraw now is the only way to be sure of one later.
        (Some(_), None) => {
            redraws.write(RequestRedraw);
        }
        (None, _) => {}
    }
}

/// How long until a clock in whole minutes, now at `elapsed_ms`, next changes.
pub fn until_next_minute(elapsed_ms: u64) -> Duration {
    Duration::from_millis(60_000 - elapsed_ms % 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soonest_request_wins() {
        let mut f = Frames::default();
        assert_eq!(f.wanted(), None);
        f.within(Duration::from_secs(5));
        f.within(TICK);
        f.within(Duration::from_secs(1));
        assert_eq!(f.take(), Some(TICK));
        assert_eq!(f.wanted(), None);
    }

    #[test]
    fn a_minute_clock_asks_for_its_next_change() {
        assert_eq!(until_next_minute(0), Duration::from_secs(60));
        assert_eq!(until_next_minute(59_000), Duration::from_secs(1));
        assert_eq!(until_next_minute(61_500), Duration::from_millis(58_500));
    }

    #[test]
    fn a_later_request_does_not_postpone_a_pending_wake_up() {
        let (tx, rx) = channel();
        let mut w = Waker {
            to_thread: tx,
            pending: None,
        };
        let now = Instant::now();
        w.wake_in(now, Duration::from_secs(1));
        w.wake_in(now, Duration::from_secs(5)); // already covered
        w.wake_in(now, Duration::from_millis(100)); // sooner: sent
        let sent: Vec<Duration> = rx.try_iter().map(|at| at - now).collect();
        assert_eq!(sent, [Duration::from_secs(1), Duration::from_millis(100)]);
        // Once the pending time has passed, the next request is sent again.
        w.wake_in(now + Duration::from_secs(2), Duration::from_secs(1));
        assert_eq!(rx.try_iter().count(), 1);
    }

    #[test]
    fn the_thread_wakes_at_the_earliest_time_and_stops_with_the_app() {
        let (to_thread, times) = channel();
        let (woke, wakes) = channel();
        let thread = std::thread::spawn(move || wake_loop(&times, || woke.send(Instant::now()).is_ok()));
        let start = Instant::now();
        to_thread.send(start + Duration::from_secs(30)).unwrap();
        to_thread.send(start + Duration::from_millis(20)).unwrap();
        let at = wakes.recv_timeout(Duration::from_secs(10)).expect("a wake-up");
        assert!(at >= start + Duration::from_millis(20));
        assert!(at < start + Duration::from_secs(30), "the earliest time wins");
        // One wake-up per earliest time: the later one is dropped with it, nothing else comes.
        assert!(wakes.try_recv().is_err());
        drop(to_thread);
        thread.join().unwrap();
    }
}
