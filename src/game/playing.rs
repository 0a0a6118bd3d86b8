//! Playing screen logic: its keys (1–9 choose, Space or Enter show the next line, X opens the
//! scene's exhibits, Esc opens the pause menu; while the exhibit drawer is open its keys are
//! the drawer's) and leaving for the library when there is no run to show.

use super::exhibits::{DRAWER_KEY, Drawer, DrawerAction, drawer_keys};
use super::input::{Keys, confirm, digits, keys_for};
use super::runner::{Action, Session};
use super::screen::Screen;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, keys.run_if(keys_for(Screen::Playing)).in_set(Keys))
        .add_systems(
            Update,
            back_without_a_run
                .run_if(in_state(Screen::Playing).and_then(not(resource_exists::<Session>)))
                .after(Keys),
        );
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut actions: MessageWriter<Action>,
    drawer: Res<Drawer>,
    mut drawer_actions: MessageWriter<DrawerAction>,
) {
    if drawer_keys(&drawer, &keys, &mut drawer_actions) {
        return;
    }
    if keys.just_pressed(DRAWER_KEY) {
        drawer_actions.write(DrawerAction::Toggle);
        return;
    }
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(Action::TogglePause);
        return;
    }
    if keys.just_pressed(KeyCode::Space) || confirm(&keys) {
        actions.write(Action::Continue);
    }
    for i in digits(&keys) {
        actions.write(Action::Choose(i));
    }
}

fn back_without_a_run(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Library);
}
