//! Keyboard play: number keys choose, Space/Enter continue, Esc pauses or goes back,
//! arrows move through the library. Turns key presses into `Action`s and screen changes.

use super::catalog::Catalog;
use super::data::Settings;
use super::runner::{Action, Paused};
use super::screen::{Screen, Selected, SettingsReturn, fresh_seed};
use super::workshop::{Draft, HotWashView, Live, WorkshopAction};
use crate::engine::workshop::Mode;
use bevy::app::AppExit;
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryCursor>()
        .add_systems(Update, (keys, workshop_keys))
        .add_systems(OnEnter(Screen::Library), cursor_on_a_playable_card);
}

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

/// The highlighted card in the library.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LibraryCursor(pub usize);

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

#[allow(clippy::too_many_arguments)]
fn keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    egui: Option<Res<EguiWantsInput>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<Action>,
    mut cursor: ResMut<LibraryCursor>,
    catalog: Option<Res<Catalog>>,
    paused: Res<Paused>,
    settings: Res<Settings>,
    mut commands: Commands,
    mut back: ResMut<SettingsReturn>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(keys) = keys else { return };
    // A text box has the keyboard (the briefing's seed field): leave keys to it.
    if egui.is_some_and(|e| e.wants_keyboard_input()) {
        return;
    }
    let pressed = |k: KeyCode| keys.just_pressed(k);
    // A fast Ctrl+Q can press and release Ctrl within one frame.
    let ctrl = [KeyCode::ControlLeft, KeyCode::ControlRight]
        .iter()
        .any(|k| keys.pressed(*k) || keys.just_pressed(*k) || keys.just_released(*k));
    if ctrl && pressed(KeyCode::KeyQ) {
        exit.write(AppExit::Success);
        return;
    }
    let confirm = pressed(KeyCode::Enter) || pressed(KeyCode::NumpadEnter);
    match screen.get() {
        Screen::Playing => {
            if pressed(KeyCode::Escape) {
                actions.write(Action::TogglePause);
                return;
            }
            if paused.0 {
                return;
            }
            if pressed(KeyCode::Space) || confirm {
                actions.write(Action::Continue);
            }
            for (i, (d, n)) in DIGITS.iter().zip(NUMPAD.iter()).enumerate() {
                if pressed(*d) || pressed(*n) {
                    actions.write(Action::Choose(i));
                }
            }
        }
        Screen::Library => {
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
            if confirm
                && let Some(card) = catalog.as_ref().and_then(|c| c.cards.get(cursor.0))
                && card.scenario.is_some()
            {
                commands.insert_resource(Selected::new(&card.id, fresh_seed(), settings.coach_default));
                next.set(Screen::Briefing);
            }
            if pressed(KeyCode::Escape) {
                next.set(Screen::Title);
            }
        }
        Screen::Briefing => {
            if confirm {
                actions.write(Action::Start);
            }
            if pressed(KeyCode::Escape) {
                next.set(Screen::Library);
            }
        }
        Screen::Debrief | Screen::Progress => {
            if pressed(KeyCode::Escape) {
                next.set(Screen::Library);
            }
        }
        Screen::Settings => {
            if pressed(KeyCode::Escape) {
                next.set(back.0);
                back.0 = Screen::Title;
            }
        }
        Screen::Title => {
            // Letters for the title's buttons (Enter already plays).
            if pressed(KeyCode::KeyW) {
                next.set(Screen::WorkshopSetup);
            }
        }
        Screen::WorkshopSetup | Screen::Workshop | Screen::WorkshopDebrief => {}
    }
}

/// Workshop keys. Set-up: Up/Down pick the scenario, R room vote, T team rounds, +/- teams,
/// Enter starts. Session: Space/Enter reveal lines, 1–9 highlight an option, Up/Down add or
/// remove a vote on it (room vote; they move the highlight in team rounds), R reveals the
/// votes, Enter settles the decision, D starts/stops the discussion timer, E extends it,
/// Esc or P pauses. Debrief: Left/Right step through the questions, 1–4 pick the page. (O and N, override and
/// note, open text boxes and are handled by the view.)
#[allow(clippy::too_many_arguments)]
fn workshop_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    egui: Option<Res<EguiWantsInput>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<WorkshopAction>,
    live: Option<Res<Live>>,
    draft: Option<ResMut<Draft>>,
    catalog: Option<Res<Catalog>>,
    mut question: ResMut<HotWashView>,
) {
    let Some(keys) = keys else { return };
    if egui.is_some_and(|e| e.wants_keyboard_input()) {
        return;
    }
    let pressed = |k: KeyCode| keys.just_pressed(k);
    let confirm = pressed(KeyCode::Enter) || pressed(KeyCode::NumpadEnter);
    match screen.get() {
        Screen::WorkshopSetup => {
            let Some(mut draft) = draft else { return };
            if let Some(catalog) = &catalog {
                let ids = catalog.playable_ids();
                let at = ids.iter().position(|i| *i == draft.scenario).unwrap_or(0);
                let n = ids.len();
                if n > 0 && pressed(KeyCode::ArrowDown) {
                    draft.scenario = ids[(at + 1) % n].to_string();
                }
                if n > 0 && pressed(KeyCode::ArrowUp) {
                    draft.scenario = ids[(at + n - 1) % n].to_string();
                }
            }
            if pressed(KeyCode::KeyR) {
                draft.mode = Mode::RoomVote;
            }
            if pressed(KeyCode::KeyT) {
                draft.mode = Mode::TeamRounds;
            }
            if pressed(KeyCode::Equal) || pressed(KeyCode::NumpadAdd) {
                draft.add_team();
            }
            if pressed(KeyCode::Minus) || pressed(KeyCode::NumpadSubtract) {
                draft.remove_team();
            }
            if confirm {
                actions.write(WorkshopAction::Start);
            }
            if pressed(KeyCode::Escape) {
                next.set(Screen::Title);
            }
        }
        Screen::Workshop => {
            let Some(live) = live else { return };
            if pressed(KeyCode::Escape) || pressed(KeyCode::KeyP) {
                actions.write(WorkshopAction::TogglePause);
                return;
            }
            if live.workshop.paused {
                return;
            }
            if pressed(KeyCode::Space) || (confirm && !live.scene_done()) {
                actions.write(WorkshopAction::Continue);
                return;
            }
            if confirm {
                actions.write(if live.workshop.is_over() {
                    WorkshopAction::Continue
                } else {
                    WorkshopAction::Decide
                });
            }
            for (i, (d, n)) in DIGITS.iter().zip(NUMPAD.iter()).enumerate() {
                if pressed(*d) || pressed(*n) {
                    actions.write(WorkshopAction::Select(i));
                }
            }
            let (up, down) = (pressed(KeyCode::ArrowUp), pressed(KeyCode::ArrowDown));
            match live.workshop.setup.mode {
                Mode::RoomVote => {
                    if up {
                        actions.write(WorkshopAction::AddVotes(1));
                    }
                    if down {
                        actions.write(WorkshopAction::AddVotes(-1));
                    }
                    if pressed(KeyCode::ArrowRight) {
                        actions.write(WorkshopAction::Select(live.cursor + 1));
                    }
                    if pressed(KeyCode::ArrowLeft) && live.cursor > 0 {
                        actions.write(WorkshopAction::Select(live.cursor - 1));
                    }
                    if pressed(KeyCode::KeyR) {
                        actions.write(WorkshopAction::Reveal);
                    }
                }
                Mode::TeamRounds => {
                    if down {
                        actions.write(WorkshopAction::Select(live.cursor + 1));
                    }
                    if up && live.cursor > 0 {
                        actions.write(WorkshopAction::Select(live.cursor - 1));
                    }
                }
            }
            if pressed(KeyCode::KeyD) {
                actions.write(WorkshopAction::ToggleDiscussion);
            }
            if pressed(KeyCode::KeyE) {
                actions.write(WorkshopAction::ExtendDiscussion);
            }
        }
        Screen::WorkshopDebrief => {
            if pressed(KeyCode::ArrowRight) {
                question.question += 1;
            }
            if pressed(KeyCode::ArrowLeft) {
                question.question = question.question.saturating_sub(1);
            }
            for (i, (d, n)) in DIGITS.iter().zip(NUMPAD.iter()).enumerate() {
                if pressed(*d) || pressed(*n) {
                    question.page = i;
                }
            }
            if pressed(KeyCode::Escape) {
                next.set(Screen::Title);
            }
        }
        _ => {}
    }
}
