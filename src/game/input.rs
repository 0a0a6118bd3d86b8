//! What every screen's keys share: the `Keys` set they run in, the condition that gives a
//! screen the keyboard, digits and Enter, and Ctrl+Q. Each screen's keys live in its own
//! logic file.

use super::menu::Menu;
use super::screen::Screen;
use bevy::app::AppExit;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, quit_on_ctrl_q.run_if(keyboard_free).in_set(Keys));
}

/// Systems that turn key presses into messages and screen changes; whatever handles those
/// runs after them, so a key takes effect on the frame it is pressed.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Keys;

/// No egui widget holds the keyboard (a text box, or a focused button, which Enter presses).
pub(super) fn keyboard_free(egui: Option<Res<EguiWantsInput>>) -> bool {
    !egui.is_some_and(|e| e.wants_keyboard_input())
}

/// What decides whether a screen's keys are live.
#[derive(SystemParam)]
pub(super) struct KeyFocus<'w> {
    screen: Res<'w, State<Screen>>,
    menu: Res<'w, State<Menu>>,
    egui: Option<Res<'w, EguiWantsInput>>,
}

/// The run condition of a screen's keys: that screen, no menu over it, the keyboard free.
pub(super) fn keys_for(screen: Screen) -> impl FnMut(KeyFocus) -> bool + Clone {
    move |at: KeyFocus| *at.screen.get() == screen && *at.menu.get() == Menu::None && keyboard_free(at.egui)
}

const DIGITS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];
const NUMPAD: [KeyCode; 9] = [
    KeyCode::Numpad1,
    KeyCode::Numpad2,
    KeyCode::Numpad3,
    KeyCode::Numpad4,
    KeyCode::Numpad5,
    KeyCode::Numpad6,
    KeyCode::Numpad7,
    KeyCode::Numpad8,
    KeyCode::Numpad9,
];

/// The digits 1–9 (top row or keypad) just pressed, as 0-based indices.
pub(super) fn digits(keys: &ButtonInput<KeyCode>) -> impl Iterator<Item = usize> + '_ {
    (0..9).filter(|&i| keys.just_pressed(DIGITS[i]) || keys.just_pressed(NUMPAD[i]))
}

/// Enter (either one) was just pressed.
pub(super) fn confirm(keys: &ButtonInput<KeyCode>) -> bool {
    keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter)
}

fn quit_on_ctrl_q(keys: Res<ButtonInput<KeyCode>>, mut exit: MessageWriter<AppExit>) {
    // A fast Ctrl+Q can press and release Ctrl within one frame.
    let ctrl = [KeyCode::ControlLeft, KeyCode::ControlRight]
        .iter()
        .any(|k| keys.pressed(*k) || keys.just_pressed(*k) || keys.just_released(*k));
    if ctrl && keys.just_pressed(KeyCode::KeyQ) {
        exit.write(AppExit::Success);
    }
}
