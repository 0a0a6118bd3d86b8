//! The `Menu` overlay state: the pause menu and settings open over a screen, which stays
//! underneath (its state and resources untouched) and is back when the menu closes.

use super::screen::Screen;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Menu>().add_message::<MenuAction>().add_systems(
        Update,
        (
            act.run_if(on_message::<MenuAction>),
            close_when_the_screen_changes.run_if(on_message::<StateTransitionEvent<Screen>>),
        )
            .after(super::input::Keys),
    );
}

/// What is open over the screen.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Menu {
    /// Nothing: the screen has the keyboard.
    #[default]
    None,
    /// The pause menu over a run (Playing only); game time is stopped.
    Pause,
    Settings,
}

impl Menu {
    /// The name screenshots use for what is shown, when the menu hides the screen.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Menu::Settings => Some("settings"),
            Menu::None | Menu::Pause => None,
        }
    }
}

/// Opening and closing menus (from buttons and keys).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuAction {
    /// Open settings over the current screen (or over the pause menu).
    OpenSettings,
    /// Close the menu on top: settings go back to the pause menu they were opened from (on
    /// Playing) or to the screen; the pause menu goes back to the run.
    Back,
}

fn act(
    mut actions: MessageReader<MenuAction>,
    screen: Res<State<Screen>>,
    menu: Res<State<Menu>>,
    mut next: ResMut<NextState<Menu>>,
) {
    let mut at = *menu.get();
    for action in actions.read() {
        at = match action {
            MenuAction::OpenSettings => Menu::Settings,
            MenuAction::Back => back_from(at, *screen.get()),
        };
    }
    if at != *menu.get() {
        next.set(at);
    }
}

/// Where closing `menu` over `screen` leads.
fn back_from(menu: Menu, screen: Screen) -> Menu {
    match menu {
        Menu::Settings if screen == Screen::Playing => Menu::Pause,
        Menu::Settings | Menu::Pause | Menu::None => Menu::None,
    }
}

/// A menu belongs to the screen it was opened over: a new screen starts with none.
fn close_when_the_screen_changes(
    mut changes: MessageReader<StateTransitionEvent<Screen>>,
    menu: Res<State<Menu>>,
    mut next: ResMut<NextState<Menu>>,
) {
    let changed = changes.read().any(|c| c.exited != c.entered);
    if changed && *menu.get() != Menu::None {
        next.set(Menu::None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_close_to_the_pause_menu_over_a_run_and_to_the_screen_elsewhere() {
        assert_eq!(back_from(Menu::Settings, Screen::Playing), Menu::Pause);
        assert_eq!(back_from(Menu::Settings, Screen::Title), Menu::None);
        assert_eq!(back_from(Menu::Pause, Screen::Playing), Menu::None);
    }
}
