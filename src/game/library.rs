//! Library logic: which cards show and in what order (`LibraryView`: a skill, a difficulty,
//! a sort), the highlighted card (`LibraryCursor`, always a shown card), opening a card's
//! briefing with a fresh seed (`OpenBriefing`, from a click or Enter), and the library's keys.

use super::catalog::{Card, Catalog};
use super::data::Settings;
use super::input::{Keys, confirm, keys_for};
use super::screen::{Screen, Selected, fresh_seed};
use crate::engine::model::Difficulty;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryCursor>()
        .init_resource::<LibraryView>()
        .add_message::<OpenBriefing>()
        .add_message::<SetLibraryView>()
        .add_systems(OnEnter(Screen::Library), cursor_on_a_shown_card)
        .add_systems(Update, keys.run_if(keys_for(Screen::Library)).in_set(Keys))
        .add_systems(
            Update,
            (
                set_view.run_if(on_message::<SetLibraryView>),
                open_briefing.run_if(on_message::<OpenBriefing>),
            )
                .chain()
                .run_if(in_state(Screen::Library))
                .after(Keys),
        );
}

/// The highlighted card in the library (an index into `Catalog::cards`).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LibraryCursor(pub usize);

/// Open the briefing of the n-th card (if it can be played), with a fresh seed and the
/// player's default mode.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenBriefing(pub usize);

/// How the library orders its cards.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// As the files sort (by id).
    #[default]
    Library,
    /// Introductory first, then intermediate, then advanced; by title within each.
    Difficulty,
    Title,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Library, Sort::Difficulty, Sort::Title];
    pub fn label(self) -> &'static str {
        match self {
            Sort::Library => "Library order",
            Sort::Difficulty => "Easiest first",
            Sort::Title => "Title",
        }
    }
}

/// What the library shows: cards that assess `skill` and have `difficulty` (each `None`: any),
/// in `sort` order. Cards that failed to load always show, last, so their errors are seen.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct LibraryView {
    pub skill: Option<String>,
    pub difficulty: Option<Difficulty>,
    pub sort: Sort,
}

/// Change the library's view (from the view's menus or the keys).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct SetLibraryView(pub LibraryView);

/// The difficulties, in the order the filter cycles through them.
pub const DIFFICULTIES: [Difficulty; 3] = [
    Difficulty::Introductory,
    Difficulty::Intermediate,
    Difficulty::Advanced,
];

impl LibraryView {
    /// The indices of the cards shown, in order.
    pub fn shown(&self, cards: &[Card]) -> Vec<usize> {
        let mut playable: Vec<usize> = (0..cards.len())
            .filter(|&i| {
                cards[i].scenario.as_ref().is_some_and(|s| {
                    self.difficulty.is_none_or(|d| s.difficulty == d)
                        && self
                            .skill
                            .as_ref()
                            .is_none_or(|k| s.assesses.iter().any(|(a, _)| a == k))
                })
            })
            .collect();
        let title = |i: usize| cards[i].scenario.as_ref().map(|s| s.title.to_lowercase());
        match self.sort {
            Sort::Library => {}
            Sort::Title => playable.sort_by_key(|&i| title(i)),
            Sort::Difficulty => playable.sort_by_key(|&i| {
                let rank = cards[i].scenario.as_ref().map(|s| s.difficulty as u8);
                (rank, title(i))
            }),
        }
        playable.extend((0..cards.len()).filter(|&i| cards[i].scenario.is_none()));
        playable
    }

    /// The next difficulty filter: all, introductory, intermediate, advanced, all…
    pub fn next_difficulty(&self) -> Option<Difficulty> {
        match self.difficulty {
            None => Some(DIFFICULTIES[0]),
            Some(d) => DIFFICULTIES
                .iter()
                .position(|&x| x == d)
                .and_then(|p| DIFFICULTIES.get(p + 1).copied()),
        }
    }

    pub fn next_sort(&self) -> Sort {
        let p = Sort::ALL.iter().position(|&s| s == self.sort).unwrap_or(0);
        Sort::ALL[(p + 1) % Sort::ALL.len()]
    }
}

/// Enter should open something: keep the highlight on a shown card that can be played.
fn cursor_on_a_shown_card(
    mut cursor: ResMut<LibraryCursor>,
    view: Res<LibraryView>,
    catalog: Option<Res<Catalog>>,
) {
    if let Some(catalog) = catalog {
        settle(&mut cursor, &view, &catalog.cards);
    }
}

/// Moves the highlight to the first shown playable card (or the first shown) unless it is on
/// a shown playable card already.
fn settle(cursor: &mut LibraryCursor, view: &LibraryView, cards: &[Card]) {
    let shown = view.shown(cards);
    let playable = |i: &usize| cards[*i].scenario.is_some();
    if !shown.iter().filter(|i| playable(i)).any(|&i| i == cursor.0)
        && let Some(&i) = shown.iter().find(|i| playable(i)).or(shown.first())
    {
        cursor.0 = i;
    }
}

/// Arrows move the highlight through the shown cards, Enter opens it, D cycles the
/// difficulty filter, S the sort, Esc goes back to the title.
#[allow(clippy::too_many_arguments)]
fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut cursor: ResMut<LibraryCursor>,
    view: Res<LibraryView>,
    catalog: Option<Res<Catalog>>,
    mut open: MessageWriter<OpenBriefing>,
    mut set: MessageWriter<SetLibraryView>,
    mut next: ResMut<NextState<Screen>>,
) {
    let pressed = |k: KeyCode| keys.just_pressed(k);
    let shown = catalog.as_ref().map(|c| view.shown(&c.cards)).unwrap_or_default();
    if !shown.is_empty() {
        let at = shown.iter().position(|&i| i == cursor.0);
        let count = shown.len();
        if pressed(KeyCode::ArrowDown) || pressed(KeyCode::ArrowRight) {
            cursor.0 = shown[at.map_or(0, |p| (p + 1) % count)];
        }
        if pressed(KeyCode::ArrowUp) || pressed(KeyCode::ArrowLeft) {
            cursor.0 = shown[at.map_or(0, |p| (p + count - 1) % count)];
        }
    }
    if pressed(KeyCode::KeyD) {
        set.write(SetLibraryView(LibraryView {
            difficulty: view.next_difficulty(),
            ..view.clone()
        }));
    }
    if pressed(KeyCode::KeyS) {
        set.write(SetLibraryView(LibraryView {
            sort: view.next_sort(),
            ..view.clone()
        }));
    }
    if confirm(&keys) && shown.contains(&cursor.0) {
        open.write(OpenBriefing(cursor.0));
    }
    if pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}

/// A new view; the highlight stays on its card if still shown, else goes to the first.
fn set_view(
    mut requests: MessageReader<SetLibraryView>,
    mut view: ResMut<LibraryView>,
    mut cursor: ResMut<LibraryCursor>,
    catalog: Option<Res<Catalog>>,
) {
    let Some(SetLibraryView(v)) = requests.read().last() else {
        return;
    };
    *view = v.clone();
    if let Some(catalog) = catalog {
        settle(&mut cursor, &view, &catalog.cards);
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
