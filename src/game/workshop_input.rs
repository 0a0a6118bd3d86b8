//! The workshop screens' keys, one system per screen. They live here rather than in
//! `workshop.rs` (the workshop logic) only because that file belongs to other work in flight.
//!
//! Set-up: Up/Down pick the scenario, R room vote, T team rounds, +/- teams, Enter starts.
//! Session: Space/Enter reveal lines, 1–9 highlight an option, Up/Down add or remove a vote on
//! it (room vote; they move the highlight in team rounds), R reveals the votes, Enter settles
//! the decision, D starts/stops the discussion timer, E extends it, Esc or P pauses. Debrief:
//! Left/Right step through the questions, 1–9 pick the page. (O and N, override and note,
//! open text boxes and are handled by the view.)

use super::catalog::Catalog;
use super::input::{Keys, confirm, digits, keys_for};
use super::screen::Screen;
use super::workshop::{Draft, HotWashView, Live, WorkshopAction};
use crate::engine::workshop::Mode;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            setup_keys.run_if(keys_for(Screen::WorkshopSetup)),
            session_keys.run_if(keys_for(Screen::Workshop)),
            debrief_keys.run_if(keys_for(Screen::WorkshopDebrief)),
        )
            .in_set(Keys),
    );
}

fn setup_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<WorkshopAction>,
    draft: Option<ResMut<Draft>>,
    catalog: Option<Res<Catalog>>,
) {
    let Some(mut draft) = draft else { return };
    let pressed = |k: KeyCode| keys.just_pressed(k);
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
    if confirm(&keys) {
        actions.write(WorkshopAction::Start);
    }
    if pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}

fn session_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut actions: MessageWriter<WorkshopAction>,
    live: Option<Res<Live>>,
) {
    let Some(live) = live else { return };
    let pressed = |k: KeyCode| keys.just_pressed(k);
    if pressed(KeyCode::Escape) || pressed(KeyCode::KeyP) {
        actions.write(WorkshopAction::TogglePause);
        return;
    }
    if live.workshop.paused {
        return;
    }
    let confirm = confirm(&keys);
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
    for i in digits(&keys) {
        actions.write(WorkshopAction::Select(i));
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

fn debrief_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut view: ResMut<HotWashView>,
) {
    if keys.just_pressed(KeyCode::ArrowRight) {
        view.question += 1;
    }
    if keys.just_pressed(KeyCode::ArrowLeft) {
        view.question = view.question.saturating_sub(1);
    }
    for i in digits(&keys) {
        view.page = i;
    }
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}
