//! Settings logic: a changed `Settings` from the view is applied and saved; Esc closes the
//! settings menu (back to whatever it was opened over).

use super::data::{self, DataDir, Settings};
use super::input::Keys;
use super::menu::{Menu, MenuAction};
use super::notice::Notices;
use bevy::input::common_conditions::input_just_pressed;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ChangeSettings>()
        .add_systems(
            Update,
            close_on_escape
                .run_if(in_state(Menu::Settings).and_then(input_just_pressed(KeyCode::Escape)))
                .in_set(Keys),
        )
        .add_systems(Update, change.run_if(on_message::<ChangeSettings>).after(Keys));
}

/// The player changed a setting: these are the settings now.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ChangeSettings(pub Settings);

fn close_on_escape(mut menu: MessageWriter<MenuAction>) {
    menu.write(MenuAction::Back);
}

/// Applies and saves the newest settings asked for (saved only when they differ).
fn change(
    mut changes: MessageReader<ChangeSettings>,
    mut settings: ResMut<Settings>,
    dir: Res<DataDir>,
    mut notices: ResMut<Notices>,
) {
    let Some(ChangeSettings(new)) = changes.read().last().cloned() else {
        return;
    };
    if new != *settings {
        data::save(&dir.settings(), &new, &mut notices);
        *settings = new;
    }
}
