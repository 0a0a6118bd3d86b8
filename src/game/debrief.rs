//! The solo debrief's content: the run's report, built once when the debrief opens (scores,
//! the decisions that mattered most, the path taken beside the best path, trust over time),
//! its "Save report", which writes that same report as HTML, its replay buttons
//! (`DebriefAction`), "what if" (`TryInstead`: another option at a past decision, played on
//! with the same seed, then compared side by side) and its keys: Up/Down move through the
//! turning points (`TurningCursor`), Enter tries the highlighted one's better option, Esc goes
//! back to the library.

use super::catalog::Catalog;
use super::data::DataDir;
use super::input::{Keys, confirm, keys_for};
use super::notice::{Notice, NoticeKind, Notices};
use super::runner::{Action, DecisionSettled, RunEnded, Runs, Session};
use super::screen::{Screen, Selected, fresh_seed};
use crate::report::{Comparison, Format, Input, Report, ReportError, RunReport};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<SaveReport>()
        .add_message::<DebriefAction>()
        .add_message::<TryInstead>()
        .init_resource::<TurningCursor>()
        .add_systems(OnEnter(Screen::Debrief), build)
        // With the runner's systems, so saving and progress hear of the what-if's decision.
        .add_systems(
            Update,
            try_instead
                .run_if(in_state(Screen::Debrief).and_then(on_message::<TryInstead>))
                .in_set(Runs),
        )
        .add_systems(Update, keys.run_if(keys_for(Screen::Debrief)).in_set(Keys))
        .add_systems(
            Update,
            (
                save_report,
                play_again.run_if(on_message::<DebriefAction>),
                back_without_a_debrief.run_if(not(resource_exists::<DebriefData>)),
            )
                .run_if(in_state(Screen::Debrief))
                .after(Keys),
        );
}

/// The debrief's way back into the scenario.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebriefAction {
    /// "Replay, same seed": the same run again from the start, at once.
    Replay,
    /// "Try again, new seed": the briefing, with a fresh seed.
    TryAgain,
}

/// "What if": play the debriefed run again with its seed up to decision `at` (1-based), take
/// `choice` there instead, and play on; its debrief then compares the two runs. A what-if is
/// not a new attempt (progress does not record it).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct TryInstead {
    pub at: usize,
    pub choice: String,
}

/// Starts the what-if asked for (the last, if several) from the debriefed run.
fn try_instead(
    mut asks: MessageReader<TryInstead>,
    session: Option<Res<Session>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut notices: ResMut<Notices>,
    mut settled: MessageWriter<DecisionSettled>,
    mut ended: MessageWriter<RunEnded>,
) {
    let Some(ask) = asks.read().last().cloned() else {
        return;
    };
    let Some(s) = session else { return };
    let made = Session::what_if(
        s.scenario.clone(),
        s.analysis.clone(),
        &s.run,
        ask.at,
        &ask.choice,
        s.coach,
    );
    match made {
        Ok(w) => {
            // Announced like any decision: saving keeps the what-if in progress, and an
            // ending is heard by progress (which does not count it).
            if let Some(d) = w.run.decisions.last() {
                settled.write(DecisionSettled {
                    node: d.node.to_string(),
                    choice: d.choice.to_string(),
                    timed_out: d.timed_out,
                });
            }
            if w.run.is_over() {
                ended.write(RunEnded {
                    ending: w.run.ending.clone(),
                });
            }
            commands.insert_resource(w);
            next.set(Screen::Playing);
        }
        Err(e) => notices.push(Notice::new(
            NoticeKind::NotStarted,
            format!("The what-if could not start: {e}"),
        )),
    }
}

/// The turning point highlighted with the keys (index in the run's turning points), whose
/// "Try this instead" Enter takes; none when the debrief opens.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TurningCursor(pub Option<usize>);

/// Up/Down move through the turning points, Enter tries the highlighted one's better option
/// (a what-if), Esc goes back to the library.
fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    data: Option<Res<DebriefData>>,
    mut cursor: ResMut<TurningCursor>,
    mut try_instead: MessageWriter<TryInstead>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Library);
        return;
    }
    let Some(d) = data else { return };
    let points = &d.run().turning.points;
    if points.is_empty() {
        return;
    }
    let last = points.len() - 1;
    if keys.just_pressed(KeyCode::ArrowDown) {
        cursor.0 = Some(cursor.0.map_or(0, |i| (i + 1).min(last)));
    }
    if keys.just_pressed(KeyCode::ArrowUp) {
        cursor.0 = Some(cursor.0.map_or(0, |i| i.saturating_sub(1)));
    }
    if confirm(&keys)
        && let Some(p) = cursor.0.and_then(|i| points.get(i))
    {
        try_instead.write(TryInstead {
            at: p.number,
            choice: p.keep_id.clone(),
        });
    }
}

/// Selects the debriefed scenario again (same mode; the same seed or a fresh one) and opens
/// its briefing; a replay starts straight away.
fn play_again(
    mut actions: MessageReader<DebriefAction>,
    session: Option<Res<Session>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut start: MessageWriter<Action>,
) {
    let Some(action) = actions.read().last().copied() else {
        return;
    };
    let Some(s) = session else { return };
    let seed = match action {
        DebriefAction::Replay => s.run.seed,
        DebriefAction::TryAgain => fresh_seed(),
    };
    commands.insert_resource(Selected::new(&s.scenario.id, seed, s.coach));
    next.set(Screen::Briefing);
    if action == DebriefAction::Replay {
        start.write(Action::Start);
    }
}

/// No debrief to show (it could not be made): back to the library.
fn back_without_a_debrief(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Library);
}

/// Write the run's HTML report (the debrief's "Save report" button).
#[derive(Message, Debug, Clone, Copy)]
pub struct SaveReport;

/// Where the game saves reports.
#[derive(Resource, Debug, Clone)]
pub struct ReportsDir(pub std::path::PathBuf);

impl ReportsDir {
    /// The documents folder (`Rapport/` in it); `reports/` in the data folder when
    /// `$RAPPORT_DATA_DIR` is set or there is no documents folder.
    pub fn locate(data: &DataDir) -> Self {
        let documents = std::env::var_os("RAPPORT_DATA_DIR")
            .is_none()
            .then(|| directories::UserDirs::new().and_then(|u| u.document_dir().map(|d| d.join("Rapport"))))
            .flatten();
        ReportsDir(documents.unwrap_or_else(|| data.0.join("reports")))
    }
}

fn save_report(
    mut requests: MessageReader<SaveReport>,
    debrief: Option<Res<DebriefData>>,
    data: Res<DataDir>,
    reports: Option<Res<ReportsDir>>,
    mut notices: ResMut<Notices>,
) {
    if requests.read().count() == 0 {
        return;
    }
    let Some(d) = debrief else { return };
    let html = d.report.render(Format::Html);
    let stem = format!("{}-seed{}", d.report.scenario.id, d.report.seed);
    write_report(reports.as_deref(), &data, &stem, &html, &mut notices);
}

/// Writes an HTML report as `<stem>.html` (or `<stem>-N.html`, never overwriting) in the
/// reports folder, and says where in a notice.
pub fn write_report(
    reports: Option<&ReportsDir>,
    data: &DataDir,
    stem: &str,
    html: &str,
    notices: &mut Notices,
) {
    // Without a located folder (tests), reports go next to the rest of the user data.
    let dir = reports.map_or_else(|| data.0.join("reports"), |r| r.0.clone());
    let path = (1..)
        .map(|n| {
            dir.join(if n == 1 {
                format!("{stem}.html")
            } else {
                format!("{stem}-{n}.html")
            })
        })
        .find(|p| !p.exists())
        .expect("an unused name exists");
    match crate::store::write_atomic(&path, html.as_bytes()) {
        Ok(()) => notices.push(Notice::new(
            NoticeKind::ReportSaved,
            format!("Report saved to {}", path.display()),
        )),
        Err(e) => notices.push(Notice::about(
            NoticeKind::FileError,
            &path,
            format!("Could not save the report to {}: {e}", path.display()),
        )),
    }
}

/// The solo debrief: the run's report (`report::Report`, the same model the saved report
/// prints), built once when the debrief opens. The view draws it and "Save report" renders it.
#[derive(Resource, Debug, Clone)]
pub struct DebriefData {
    pub report: Report,
    /// How many exhibits the scenario has (the run's openings are in `run().reads`).
    pub exhibits: usize,
}

impl DebriefData {
    /// The debrief of the session's run; `Err` says why it could not be made.
    pub fn of(session: &Session, catalog: &Catalog) -> Result<Self, ReportError> {
        let input = Input::Solo(Box::new(session.record()));
        let skills = catalog.skills.as_ref();
        let report = Report::build(&input, &session.scenario, &session.analysis, skills)?;
        Ok(DebriefData {
            report,
            exhibits: session.scenario.exhibits.len(),
        })
    }

    /// For a what-if: the run it branched from beside it (`report.what_if`).
    pub fn comparison(&self) -> Option<&Comparison> {
        self.report.what_if.as_ref()
    }

    /// The player's run (a solo report has exactly one).
    pub fn run(&self) -> &RunReport {
        &self.report.runs[0]
    }
}

fn build(
    mut commands: Commands,
    session: Option<Res<Session>>,
    catalog: Option<Res<Catalog>>,
    mut notices: ResMut<Notices>,
    mut cursor: ResMut<TurningCursor>,
) {
    cursor.0 = None;
    let (Some(session), Some(catalog)) = (session, catalog) else {
        return;
    };
    match DebriefData::of(&session, &catalog) {
        Ok(d) => commands.insert_resource(d),
        Err(e) => {
            commands.remove_resource::<DebriefData>();
            notices.push(Notice::new(
                NoticeKind::NoDebrief,
                format!("The debrief could not be made: {e}"),
            ))
        }
    }
}
