//! User data on disk: settings, progress (finished runs) and the run in progress, in the user
//! data folder (`directories`, or `$RAPPORT_DATA_DIR`). Every write is atomic; anything that
//! fails to load is moved aside with a message, never a crash.

use super::notice::{Notice, NoticeKind, Notices};
use crate::engine::record::RunRecord;
use crate::engine::run::Run;
use crate::store::write_atomic;
use bevy::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::path::{Path, PathBuf};

/// Bumped when the layout of a save file changes incompatibly.
pub const SAVE_FORMAT: u32 = 1;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>()
        .init_resource::<Progress>()
        .add_systems(PreStartup, load_user_data);
}

/// Where user data lives.
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub PathBuf);

impl DataDir {
    /// `$RAPPORT_DATA_DIR`, else the platform's data folder, else `./rapport-data`.
    pub fn locate() -> Self {
        if let Some(d) = std::env::var_os("RAPPORT_DATA_DIR").filter(|d| !d.is_empty()) {
            return DataDir(PathBuf::from(d));
        }
        let dir = directories::ProjectDirs::from("org", "Rapport", "rapport")
            .map(|p| p.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("rapport-data"));
        DataDir(dir)
    }
    pub fn settings(&self) -> PathBuf {
        self.0.join("settings.ron")
    }
    pub fn progress(&self) -> PathBuf {
        self.0.join("progress.ron")
    }
    pub fn current(&self) -> PathBuf {
        self.0.join("current.ron")
    }
    pub fn screenshots(&self) -> PathBuf {
        self.0.join("screenshots")
    }
    pub fn runs(&self) -> PathBuf {
        self.0.join("runs")
    }
    /// The LRS settings (a password among them: written readable by the owner only).
    pub fn records_config(&self) -> PathBuf {
        self.0.join("records.ron")
    }
    /// The learning records waiting for the LRS (`records::queue`).
    pub fn records(&self) -> PathBuf {
        self.0.join("records")
    }
    /// Workshop sessions, one file each, saved after every action.
    pub fn workshops(&self) -> PathBuf {
        self.0.join("workshops")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Theme {
    Light,
    #[default]
    Dark,
    HighContrast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Reveal {
    /// Space, Enter or a click shows the next line.
    #[default]
    Manual,
    /// Lines appear on their own, one every few seconds.
    Relaxed,
    Brisk,
    /// The whole scene at once.
    AllAtOnce,
}

impl Reveal {
    /// Seconds between automatically revealed lines.
    pub fn auto_seconds(self) -> Option<f32> {
        match self {
            Reveal::Relaxed => Some(3.0),
            Reveal::Brisk => Some(1.2),
            _ => None,
        }
    }
}

#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub ui_scale: f32,
    pub theme: Theme,
    pub reveal: Reveal,
    pub coach_default: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_scale: 1.0,
            theme: Theme::Dark,
            reveal: Reveal::Manual,
            coach_default: true,
        }
    }
}

/// One finished run in the player's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastRun {
    /// Seconds since the Unix epoch when the run ended.
    pub finished_at: u64,
    pub coach: bool,
    pub record: RunRecord,
    /// When the run started, in milliseconds since the epoch: its learning records'
    /// registration (absent from runs recorded before there were records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<u64>,
}

#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub format: u32,
    pub runs: Vec<PastRun>,
}

impl Progress {
    /// The best overall score so far on a scenario.
    pub fn best(&self, scenario: &str) -> Option<u32> {
        self.runs
            .iter()
            .filter(|r| r.record.scenario == scenario)
            .map(|r| r.record.scores.overall)
            .max()
    }
}

/// The run in progress, saved after every decision so a closed window can resume exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedRun {
    pub format: u32,
    pub coach: bool,
    /// Game time played so far, in milliseconds.
    pub elapsed_ms: u64,
    pub run: Run,
    /// Set when the run is a what-if of another (absent otherwise, so saves are unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_if: Option<crate::engine::whatif::WhatIf>,
    /// When the run started, in milliseconds since the epoch (absent from older saves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<u64>,
}

/// Reads a RON file. A missing file is `None`; an unreadable or invalid one is moved aside
/// (renamed `*.corrupt-N`) with a notice, and is also `None`.
pub fn read_or_set_aside<T: DeserializeOwned>(path: &Path, notices: &mut Notices) -> Option<T> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            notices.push(Notice::about(
                NoticeKind::FileError,
                path,
                format!("Could not read {}: {e}", path.display()),
            ));
            return None;
        }
    };
    let parsed = std::str::from_utf8(&text)
        .map_err(|e| e.to_string())
        .and_then(|t| ron::from_str::<T>(t).map_err(|e| e.to_string()));
    match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            let aside = set_aside(path);
            notices.push(Notice::about(
                NoticeKind::MovedAside,
                path,
                format!(
                    "{} could not be read ({e}). It was moved to {} and a fresh one started.",
                    path.display(),
                    aside.display()
                ),
            ));
            None
        }
    }
}

/// Renames a bad file to the first free `<name>.corrupt-N`.
pub fn set_aside(path: &Path) -> PathBuf {
    let mut n = 1;
    loop {
        let aside = path.with_extension(format!("ron.corrupt-{n}"));
        if !aside.exists() {
            let _ = std::fs::rename(path, &aside);
            return aside;
        }
        n += 1;
    }
}

/// Writes a value as pretty RON, atomically, reporting failure as a notice.
pub fn save<T: Serialize>(path: &Path, value: &T, notices: &mut Notices) -> bool {
    let text = match ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default()) {
        Ok(t) => t,
        Err(e) => {
            notices.push(Notice::about(
                NoticeKind::FileError,
                path,
                format!("Could not encode {}: {e}", path.display()),
            ));
            return false;
        }
    };
    match write_atomic(path, text.as_bytes()) {
        Ok(()) => true,
        Err(e) => {
            notices.push(Notice::about(
                NoticeKind::FileError,
                path,
                format!("Could not save {}: {e}", path.display()),
            ));
            false
        }
    }
}

/// Milliseconds since the Unix epoch (when a run started; never used by the engine).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Seconds since the Unix epoch (for history timestamps; never used by the engine).
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Today's date as "23 Nov 2026" (UTC), for default names.
pub fn today() -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (now_secs() / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// A saved run that can be resumed from the title screen.
#[derive(Resource)]
pub struct Resumable {
    pub title: String,
    pub session: super::runner::Session,
}

/// Loads settings, progress and the unfinished run (if any) at start-up.
pub(super) fn load_user_data(
    mut commands: Commands,
    dir: Res<DataDir>,
    mut notices: ResMut<Notices>,
    catalog: Option<ResMut<super::catalog::Catalog>>,
) {
    let settings: Settings = read_or_set_aside(&dir.settings(), &mut notices).unwrap_or_default();
    commands.insert_resource(settings);
    let progress: Progress = read_or_set_aside(&dir.progress(), &mut notices).unwrap_or_default();
    commands.insert_resource(progress);
    let Some(saved) = read_or_set_aside::<SavedRun>(&dir.current(), &mut notices) else {
        return;
    };
    let Some(mut catalog) = catalog else { return };
    let Some(scenario) = catalog.get(&saved.run.scenario).cloned() else {
        let aside = set_aside(&dir.current());
        notices.push(Notice::about(
            NoticeKind::NotResumed,
            &dir.current(),
            format!(
                "Your unfinished run of `{}` cannot be resumed: that scenario is not in the library. It was moved to {}.",
                saved.run.scenario,
                aside.display()
            ),
        ));
        return;
    };
    let analysis = catalog.analysis(&scenario);
    match super::runner::Session::resume(scenario.clone(), analysis, &saved) {
        Ok(session) => commands.insert_resource(Resumable {
            title: scenario.title.clone(),
            session,
        }),
        Err(e) => {
            let aside = set_aside(&dir.current());
            notices.push(Notice::about(
                NoticeKind::NotResumed,
                &dir.current(),
                format!(
                    "Your unfinished run of \"{}\" cannot be resumed: {e}. It was moved to {}.",
                    scenario.title,
                    aside.display()
                ),
            ));
        }
    }
}
