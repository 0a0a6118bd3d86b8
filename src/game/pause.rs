//! The pause menu over a run: Esc or `Action::TogglePause` opens and closes it, and game time
//! stops while any menu is open over Playing (the runner sees that as `Paused`).

use super::input::Keys;
use super::menu::Menu;
use super::runner::{Action, Paused};
use super::screen::Screen;
use bevy::input::common_conditions::input_just_pressed;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_computed_state::<Stopped>()
        .add_systems(
            Update,
            // The pause menu's Resume button holds egui's focus, so Esc must not wait for it.
            close_on_escape
                .run_if(in_state(Menu::Pause).and_then(input_just_pressed(KeyCode::Escape)))
                .in_set(Keys),
        )
        .add_systems(Update, act.run_if(on_message::<Action>).after(Keys))
        .add_systems(OnEnter(Stopped), stop_the_clock)
        .add_systems(OnExit(Stopped), start_the_clock);
}

/// A menu is open over the run: game time, countdowns and automatic reveal wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Stopped;

impl ComputedStates for Stopped {
    type SourceStates = (Screen, Menu);

    fn compute((screen, menu): (Screen, Menu)) -> Option<Self> {
        (screen == Screen::Playing && menu != Menu::None).then_some(Stopped)
    }
}

fn close_on_escape(mut actions: MessageWriter<Action>) {
    actions.write(Action::TogglePause);
}

/// Toggles the pause menu; a restart closes it (quitting changes the screen, which closes it).
fn act(
    mut actions: MessageReader<Action>,
    screen: Res<State<Screen>>,
    menu: Res<State<Menu>>,
    mut next: ResMut<NextState<Menu>>,
) {
    if *screen.get() != Screen::Playing {
        actions.clear();
        return;
    }
    let mut at = *menu.get();
    for action in actions.read() {
        at = match (action, at) {
            (Action::TogglePause, Menu::None) => Menu::Pause,
            (Action::TogglePause, Menu::Pause) | (Action::Restart, _) => Menu::None,
            _ => at,
        };
    }
    if at != *menu.get() {
        next.set(at);
    }
}

fn stop_the_clock(mut paused: ResMut<Paused>, mut time: ResMut<Time<Virtual>>) {
    paused.0 = true;
    time.pause();
}

fn start_the_clock(mut paused: ResMut<Paused>, mut time: ResMut<Time<Virtual>>) {
    paused.0 = false;
    time.unpause();
}
