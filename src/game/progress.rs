//! Progress: listens to the runner and records every finished run in the player's history
//! (`progress.ron`; a what-if is not an attempt, so it is not recorded); the Progress
//! screen's keys.

use super::data::{self, DataDir, PastRun, Progress, SAVE_FORMAT};
use super::input::{Keys, keys_for};
use super::notice::Notices;
use super::runner::{RunEnded, Runs, Session};
use super::screen::Screen;
use bevy::input::common_conditions::input_just_pressed;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, record.run_if(on_message::<RunEnded>).after(Runs))
        .add_systems(
            Update,
            back_to_the_library
                .run_if(keys_for(Screen::Progress).and_then(input_just_pressed(KeyCode::Escape)))
                .in_set(Keys),
        );
}

/// Adds the finished run to progress; once that is saved, the run is no longer in progress.
fn record(
    mut ended: MessageReader<RunEnded>,
    session: Option<ResMut<Session>>,
    dir: Res<DataDir>,
    mut progress: ResMut<Progress>,
    mut notices: ResMut<Notices>,
) {
    ended.clear();
    let Some(mut session) = session.filter(|s| s.run.is_over() && !s.recorded) else {
        return;
    };
    // A what-if is not a new attempt: it stays out of the history (and the best scores).
    if session.what_if.is_some() {
        let _ = std::fs::remove_file(dir.current());
        session.recorded = true;
        return;
    }
    progress.format = SAVE_FORMAT;
    progress.runs.push(PastRun {
        finished_at: data::now_secs(),
        coach: session.coach,
        record: session.record(),
        started_ms: Some(session.started_ms),
    });
    if data::save(&dir.progress(), &*progress, &mut notices) {
        let _ = std::fs::remove_file(dir.current());
    }
    session.recorded = true;
}

fn back_to_the_library(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Library);
}
