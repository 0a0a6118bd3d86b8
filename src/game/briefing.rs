//! Briefing logic: the run's options as the player sets them (`BriefingAction`: coach or
//! assessment mode, the seed typed or drawn afresh), and the briefing's keys.

use super::input::{Keys, confirm, keys_for};
use super::runner::Action;
use super::screen::{Screen, Selected, fresh_seed};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<BriefingAction>()
        .add_systems(Update, keys.run_if(keys_for(Screen::Briefing)).in_set(Keys))
        .add_systems(
            Update,
            (
                act.run_if(on_message::<BriefingAction>),
                back_without_a_selection.run_if(not(resource_exists::<Selected>)),
            )
                .run_if(in_state(Screen::Briefing))
                .after(Keys),
        );
}

/// The player changes the run's options on the briefing.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum BriefingAction {
    /// Coach mode (a note after each choice) or assessment.
    Coach(bool),
    /// The seed box now reads this; digits become the seed.
    SeedText(String),
    /// Draw a fresh seed.
    NewSeed,
}

/// Enter starts the run, Esc goes back to the library.
fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut actions: MessageWriter<Action>,
    mut next: ResMut<NextState<Screen>>,
) {
    if confirm(&keys) {
        actions.write(Action::Start);
    }
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Library);
    }
}

fn act(mut actions: MessageReader<BriefingAction>, selected: Option<ResMut<Selected>>) {
    let Some(mut selected) = selected else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        match action {
            BriefingAction::Coach(on) => selected.coach = *on,
            BriefingAction::SeedText(text) => {
                selected.seed_text = text.clone();
                if let Some(n) = selected.typed_seed() {
                    selected.seed = n;
                }
            }
            BriefingAction::NewSeed => {
                selected.seed = fresh_seed();
                selected.seed_text = selected.seed.to_string();
            }
        }
    }
}

/// Nothing was chosen to brief on: back to the library.
fn back_without_a_selection(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Library);
}
