//! The workshop debrief ("hot wash"), the logic: the session's report, built when the
//! debrief opens, its "Save report", and its keys (Left/Right step through the questions,
//! 1–9 pick the page of results, Esc goes back to the title screen).

use super::catalog::Catalog;
use super::data::DataDir;
use super::debrief::{ReportsDir, SaveReport, write_report};
use super::input::{Keys, digits, keys_for};
use super::notice::{Notice, NoticeKind, Notices};
use super::screen::Screen;
use super::workshop::{Live, slug};
use crate::report::{Format, Input, Report};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HotWashView>()
        .add_systems(OnEnter(Screen::WorkshopDebrief), hot_wash)
        .add_systems(
            Update,
            keys.run_if(keys_for(Screen::WorkshopDebrief)).in_set(Keys),
        )
        .add_systems(
            Update,
            (
                save_report,
                back_without_a_debrief.run_if(not(resource_exists::<HotWash>)),
            )
                .run_if(in_state(Screen::WorkshopDebrief))
                .after(Keys),
        );
}

/// What the workshop debrief shows: which debrief question (one at a time) and which page of
/// results (one at a time, readable on a projector). Both are clamped by the view.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HotWashView {
    pub question: usize,
    pub page: usize,
}

/// The workshop debrief ("hot wash"): the session's report (the scenario's debrief questions
/// in `report.questions`, shown one at a time), computed once when it opens. The same report
/// is what "Save report" writes.
#[derive(Resource, Debug, Clone)]
pub struct HotWash {
    pub report: Report,
}

fn hot_wash(
    mut commands: Commands,
    live: Option<Res<Live>>,
    catalog: Option<Res<Catalog>>,
    mut question: ResMut<HotWashView>,
    mut notices: ResMut<Notices>,
) {
    *question = HotWashView::default();
    let Some(live) = live else { return };
    let skills = catalog.as_ref().and_then(|c| c.skills.as_ref());
    match Report::build(
        &Input::Workshop(Box::new(live.workshop.clone())),
        &live.scenario,
        &live.analysis,
        skills,
    ) {
        Ok(report) => commands.insert_resource(HotWash { report }),
        Err(e) => {
            commands.remove_resource::<HotWash>();
            notices.push(Notice::new(
                NoticeKind::NoDebrief,
                format!("The debrief could not be made: {e}"),
            ))
        }
    }
}

/// The workshop debrief's "Save report": the session's HTML report in the documents folder.
fn save_report(
    mut requests: MessageReader<SaveReport>,
    hot_wash: Option<Res<HotWash>>,
    data: Res<DataDir>,
    reports: Option<Res<ReportsDir>>,
    mut notices: ResMut<Notices>,
) {
    if requests.read().count() == 0 {
        return;
    }
    let Some(h) = hot_wash else { return };
    let html = h.report.render(Format::Html);
    let stem = live_stem(&h.report);
    write_report(reports.as_deref(), &data, &stem, &html, &mut notices);
}

/// `<scenario>-<session>-seed<seed>` for report file names.
fn live_stem(r: &Report) -> String {
    let session = r.session.as_ref().map_or("workshop", |s| s.name.as_str());
    format!("{}-{}-seed{}", r.scenario.id, slug(session), r.seed)
}

/// No debrief to show (it could not be made): back to the title screen.
fn back_without_a_debrief(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Title);
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut next: ResMut<NextState<Screen>>, mut view: ResMut<HotWashView>) {
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
