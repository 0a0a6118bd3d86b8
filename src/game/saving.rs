//! Saving the run in progress: listens to the runner. After every decision of a run that
//! goes on, and every exhibit opened, `current.ron` holds it; a run that starts afresh
//! replaces it.

use super::data::{self, DataDir};
use super::notice::Notices;
use super::runner::{DecisionSettled, ExhibitOpened, RunStarted, Runs, Session};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            forget_the_unfinished_run.run_if(on_message::<RunStarted>),
            save_after_a_decision.run_if(on_message::<DecisionSettled>.or_else(on_message::<ExhibitOpened>)),
        )
            .chain()
            .after(Runs),
    );
}

fn forget_the_unfinished_run(mut started: MessageReader<RunStarted>, dir: Res<DataDir>) {
    started.clear();
    let _ = std::fs::remove_file(dir.current());
}

/// After a decision or an exhibit opened.
fn save_after_a_decision(
    mut settled: MessageReader<DecisionSettled>,
    mut opened: MessageReader<ExhibitOpened>,
    session: Option<Res<Session>>,
    dir: Res<DataDir>,
    mut notices: ResMut<Notices>,
) {
    settled.clear();
    opened.clear();
    // A finished run is progress's to record, not a run in progress.
    if let Some(session) = session.filter(|s| !s.run.is_over()) {
        data::save(&dir.current(), &session.saved(), &mut notices);
    }
}
