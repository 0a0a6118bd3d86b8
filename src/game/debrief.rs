//! The debrief's content, computed once when the debrief opens: scores, the decisions that
//! mattered most, the path taken beside the best path, and trust over time.

use super::catalog::Catalog;
use super::data::{DataDir, Notices};
use super::runner::Session;
use super::screen::Screen;
use crate::engine::Story;
use crate::engine::model::Ending;
use crate::engine::record::RunRecord;
use crate::engine::score::{Scores, score};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<SaveReport>()
        .add_systems(OnEnter(Screen::Debrief), build)
        .add_systems(Update, save_report.run_if(in_state(Screen::Debrief)));
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
    session: Option<Res<Session>>,
    catalog: Option<Res<Catalog>>,
    data: Res<DataDir>,
    reports: Option<Res<ReportsDir>>,
    mut notices: ResMut<Notices>,
) {
    if requests.read().count() == 0 {
        return;
    }
    let (Some(session), Some(catalog)) = (session, catalog) else {
        return;
    };
    let input = crate::report::Input::Solo(session.record());
    let html = match crate::report::Report::build(
        &input,
        &session.scenario,
        &session.analysis,
        catalog.skills.as_ref(),
    ) {
        Ok(r) => r.render(crate::report::Format::Html),
        Err(e) => {
            notices.0.push(format!("The report could not be made: {e}"));
            return;
        }
    };
    let stem = format!("{}-seed{}", session.scenario.id, session.run.seed);
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
        Ok(()) => notices.0.push(format!("Report saved to {}", path.display())),
        Err(e) => notices
            .0
            .push(format!("Could not save the report to {}: {e}", path.display())),
    }
}

/// One decision, with what it showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub node: String,
    pub choice: String,
    pub text: String,
    pub timed_out: bool,
    /// Weighted points on the assessed skills.
    pub weighted: i64,
    /// (skill name, points, rationale)
    pub evidence: Vec<(String, i32, String)>,
}

#[derive(Resource, Debug, Clone)]
pub struct DebriefData {
    pub title: String,
    pub record: RunRecord,
    pub scores: Scores,
    pub ending: Option<Ending>,
    /// (skill id, display name, 0–100 or None)
    pub skills: Vec<(String, String, Option<u32>)>,
    pub strongest: Vec<Moment>,
    pub weakest: Vec<Moment>,
    /// The player's decisions in order.
    pub path: Vec<Moment>,
    /// The choice texts of the best path.
    pub best_path: Vec<String>,
    pub best_ending: String,
    /// (name, trust at the start and after each decision)
    pub trust: Vec<(String, Vec<i64>)>,
    pub debrief_questions: Vec<String>,
}

impl DebriefData {
    pub fn of(session: &Session, catalog: &Catalog) -> Self {
        let s: &Story = &session.scenario;
        let record = session.record();
        let scores = score(s, &session.run, &session.analysis.ranges);
        let path: Vec<Moment> = session
            .run
            .decisions
            .iter()
            .filter_map(|d| {
                let (_, c) = s.choice(&d.choice)?;
                let weighted = crate::engine::score::choice_weighted(s, c);
                Some(Moment {
                    node: d.node.clone(),
                    choice: c.id.clone(),
                    text: c.text.clone(),
                    timed_out: d.timed_out,
                    weighted,
                    evidence: c
                        .skills
                        .iter()
                        .map(|e| (catalog.skill_name(&e.skill), e.points, e.why.clone()))
                        .collect(),
                })
            })
            .collect();
        let mut ranked = path.clone();
        ranked.sort_by_key(|m| std::cmp::Reverse(m.weighted));
        let strongest: Vec<Moment> = ranked
            .iter()
            .filter(|m| m.weighted > 0)
            .take(3)
            .cloned()
            .collect();
        let weakest: Vec<Moment> = ranked
            .iter()
            .rev()
            .filter(|m| m.weighted < 0)
            .take(3)
            .cloned()
            .collect();
        let analysis = &session.analysis;
        let best_path = analysis
            .best
            .choices
            .iter()
            .filter_map(|id| s.choice(id).map(|(_, c)| c.text.clone()))
            .collect();
        let trust = s
            .characters
            .iter()
            .map(|c| {
                let mut series = vec![c.trust.clamp(0, 100)];
                series.extend(
                    session
                        .run
                        .decisions
                        .iter()
                        .map(|d| d.trust.get(&c.id).copied().unwrap_or(0)),
                );
                (c.name.clone(), series)
            })
            .collect();
        DebriefData {
            title: s.title.clone(),
            ending: session.run.ending.as_deref().and_then(|e| s.ending(e)).cloned(),
            skills: s
                .assesses
                .iter()
                .map(|(k, _)| {
                    (
                        k.clone(),
                        catalog.skill_name(k),
                        scores.skills.get(k).copied().flatten(),
                    )
                })
                .collect(),
            record,
            scores,
            strongest,
            weakest,
            path,
            best_path,
            best_ending: analysis.best.ending.clone(),
            trust,
            debrief_questions: s.debrief_questions.clone(),
        }
    }
}

fn build(mut commands: Commands, session: Option<Res<Session>>, catalog: Option<Res<Catalog>>) {
    if let (Some(session), Some(catalog)) = (session, catalog) {
        commands.insert_resource(DebriefData::of(&session, &catalog));
    }
}
