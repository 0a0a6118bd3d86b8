//! Title screen logic: `Resume` carries on the unfinished run found at start-up; W opens the
//! workshop set-up.

use super::data::Resumable;
use super::input::Keys;
use super::menu::Menu;
use super::runner::Session;
use super::screen::Screen;
use bevy::input::common_conditions::input_just_pressed;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Resume>()
        .add_systems(
            Update,
            // No egui guard: the title has no text box, and its Play button keeps the focus.
            open_workshop_setup
                .run_if(
                    in_state(Screen::Title)
                        .and_then(in_state(Menu::None))
                        .and_then(input_just_pressed(KeyCode::KeyW)),
                )
                .in_set(Keys),
        )
        .add_systems(
            Update,
            resume
                .run_if(in_state(Screen::Title).and_then(on_message::<Resume>))
                .after(Keys),
        );
}

/// Carry on the unfinished run (`Resumable`) exactly where it was left.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume;

fn resume(
    mut requests: MessageReader<Resume>,
    resumable: Option<Res<Resumable>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    requests.clear();
    if resumable.is_none() {
        return;
    }
    commands.queue(|world: &mut World| {
        if let Some(r) = world.remove_resource::<Resumable>() {
            world.insert_resource::<Session>(r.session);
        }
    });
    next.set(Screen::Playing);
}

fn open_workshop_setup(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::WorkshopSetup);
}
