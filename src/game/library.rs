//! Library logic: the highlighted card (`LibraryCursor`), opening a card's briefing with a
//! fresh seed (`OpenBriefing`, from a click or Enter), and the library's keys.

use super::catalog::Catalog;
use super::data::Settings;
use super::input::{Keys, confirm, keys_for};
use super::screen::{Screen, Selected, fresh_seed};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryCursor>()
        .add_message::<OpenBriefing>()
        .add_systems(OnEnter(Screen::Library), cursor_on_a_playable_card)
        .add_systems(Update, keys.run_if(keys_for(Screen::Library)).in_set(Keys))
        .add_systems(
            Update,
            open_briefing
                .run_if(in_state(Screen::Library).and_then(on_message::<OpenBriefing>))
                .after(Keys),
        );
}

/// The highlighted card in the library.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LibraryCursor(pub usize);

/// Open the briefing of the n-th card (if it can be played), with a fresh seed and the
/// player's default mode.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenBriefing(pub usize);

/// Enter should open something: start the library on a card that can be played.
fn cursor_on_a_playable_card(mut cursor: ResMut<LibraryCursor>, catalog: Option<Res<Catalog>>) {
    let Some(catalog) = catalog else { return };
    let playable = |i: usize| catalog.cards.get(i).is_some_and(|c| c.scenario.is_some());
    if !playable(cursor.0)
        && let Some(i) = (0..catalog.cards.len()).find(|&i| playable(i))
    {
        cursor.0 = i;
    }
}

/// Arrows move the highlight, Enter opens it, Esc goes back to the title.
fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut cursor: ResMut<LibraryCursor>,
    catalog: Option<Res<Catalog>>,
    mut open: MessageWriter<OpenBriefing>,
    mut next: ResMut<NextState<Screen>>,
) {
    let pressed = |k: KeyCode| keys.just_pressed(k);
    let count = catalog.as_ref().map_or(0, |c| c.cards.len());
    if count > 0 {
        if pressed(KeyCode::ArrowDown) || pressed(KeyCode::ArrowRight) {
            cursor.0 = (cursor.0 + 1) % count;
        }
        if pressed(KeyCode::ArrowUp) || pressed(KeyCode::ArrowLeft) {
            cursor.0 = (cursor.0 + count - 1) % count;
        }
        cursor.0 = cursor.0.min(count - 1);
    }
    if confirm(&keys) {
        open.write(OpenBriefing(cursor.0));
    }
    if pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}

fn open_briefing(
    mut requests: MessageReader<OpenBriefing>,
    mut cursor: ResMut<LibraryCursor>,
    catalog: Option<Res<Catalog>>,
    settings: Res<Settings>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(catalog) = catalog else {
        requests.clear();
        return;
    };
    let Some(&OpenBriefing(i)) = requests.read().last() else {
        return;
    };
    let Some(card) = catalog.cards.get(i).filter(|c| c.scenario.is_some()) else {
        return;
    };
    cursor.0 = i;
    commands.insert_resource(Selected::new(&card.id, fresh_seed(), settings.coach_default));
    next.set(Screen::Briefing);
}
