//! The game's view of the scenario library: every file as a card (playable or with its
//! diagnostics), reloaded when files change on disk, plus cached score ranges.

use crate::engine::Story;
use crate::engine::analyze::{Analysis, DEFAULT_STATE_BUDGET, analyze};
use crate::engine::{Diagnostic, SkillFramework};
use crate::library::{self, Source};
use bevy::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// How often scenario files are checked for changes, in seconds.
const POLL_SECONDS: f32 = 2.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, poll_for_changes)
        .add_systems(OnEnter(super::screen::Screen::Briefing), prefetch_selected);
}

fn prefetch_selected(catalog: Option<Res<Catalog>>, selected: Option<Res<super::screen::Selected>>) {
    if let (Some(c), Some(s)) = (catalog, selected) {
        c.prefetch(&s.id);
    }
}

/// Analyses by scenario id with the library generation they belong to.
type Analyses = Arc<Mutex<HashMap<String, (u32, Arc<Analysis>)>>>;

pub struct Card {
    pub id: String,
    pub file: String,
    /// `Some` when the scenario loaded without errors.
    pub scenario: Option<Arc<Story>>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Resource)]
pub struct Catalog {
    /// `None` when the library is the copy built into the binary.
    pub dir: Option<PathBuf>,
    pub cards: Vec<Card>,
    pub skills: Option<SkillFramework>,
    /// Bumped on every reload, so views can refresh derived state.
    pub generation: u32,
    stamps: Vec<(PathBuf, Option<SystemTime>, u64)>,
    since_poll: f32,
    /// Analyses by scenario id, with the generation they were computed for. Shared with
    /// background threads started by `prefetch`.
    analyses: Analyses,
}

/// The library could not be read at all (a missing folder, say; broken files become cards).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CatalogError(pub String);

impl Catalog {
    pub fn load(dir: Option<PathBuf>) -> Result<Self, CatalogError> {
        let mut c = Catalog {
            dir,
            cards: Vec::new(),
            skills: None,
            generation: 0,
            stamps: Vec::new(),
            since_poll: 0.0,
            analyses: Arc::default(),
        };
        c.reload()?;
        Ok(c)
    }

    fn reload(&mut self) -> Result<(), CatalogError> {
        let lib = library::load(self.dir.as_deref()).map_err(CatalogError)?;
        if let Source::Dir(d) = &lib.source {
            self.dir = Some(d.clone());
        }
        self.cards = lib
            .entries
            .into_iter()
            .map(|e| {
                let id = e.id();
                let scenario = if e.checked.has_errors() {
                    None
                } else {
                    e.checked.scenario.map(|s| Arc::new(Story::new(s)))
                };
                Card {
                    id,
                    file: e.file,
                    scenario,
                    diagnostics: e.checked.diagnostics,
                }
            })
            .collect();
        self.skills = lib.skills.framework;
        self.stamps = self.current_stamps();
        self.generation += 1;
        Ok(())
    }

    fn current_stamps(&self) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
        let Some(dir) = &self.dir else { return Vec::new() };
        let mut files = library::ron_files(dir).unwrap_or_default();
        files.push(dir.parent().unwrap_or(dir).join("assets/skills.ron"));
        files
            .into_iter()
            .map(|p| {
                let meta = std::fs::metadata(&p).ok();
                let modified = meta.as_ref().and_then(|m| m.modified().ok());
                let len = meta.map_or(0, |m| m.len());
                (p, modified, len)
            })
            .collect()
    }

    /// The ids of the scenarios that can be played.
    pub fn playable_ids(&self) -> Vec<&str> {
        self.cards
            .iter()
            .filter(|c| c.scenario.is_some())
            .map(|c| c.id.as_str())
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Story>> {
        self.cards
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.scenario.as_ref())
    }

    /// A skill's display name (its id when the framework does not know it).
    pub fn skill_name(&self, id: &str) -> String {
        self.skills
            .as_ref()
            .and_then(|f| f.skills.iter().find(|s| s.id == id))
            .map_or_else(|| id.replace('_', " "), |s| s.name.clone())
    }

    /// The analysis of a scenario (score ranges, best path), computed once per loaded version.
    pub fn analysis(&mut self, s: &Story) -> Arc<Analysis> {
        if let Some(a) = self.cached(&s.id) {
            return a;
        }
        let a = Arc::new(analyze(s, DEFAULT_STATE_BUDGET));
        self.store(&s.id, self.generation, a.clone());
        a
    }

    fn cached(&self, id: &str) -> Option<Arc<Analysis>> {
        let map = self.analyses.lock().ok()?;
        map.get(id)
            .filter(|(v, _)| *v == self.generation)
            .map(|(_, a)| a.clone())
    }

    fn store(&self, id: &str, generation: u32, a: Arc<Analysis>) {
        if let Ok(mut map) = self.analyses.lock() {
            map.insert(id.to_string(), (generation, a));
        }
    }

    /// Starts analysing a scenario on a background thread (while the player reads its
    /// briefing), so starting the run does not wait for it.
    pub fn prefetch(&self, id: &str) {
        let Some(s) = self.get(id).cloned() else { return };
        if self.cached(id).is_some() {
            return;
        }
        let (analyses, generation) = (self.analyses.clone(), self.generation);
        std::thread::spawn(move || {
            let a = Arc::new(analyze(&s, DEFAULT_STATE_BUDGET));
            if let Ok(mut map) = analyses.lock()
                && map.get(&s.id).is_none_or(|(v, _)| *v != generation)
            {
                map.insert(s.id.clone(), (generation, a));
            }
        });
    }
}

fn poll_for_changes(time: Res<Time<Real>>, catalog: Option<ResMut<Catalog>>) {
    let Some(mut catalog) = catalog else { return };
    if catalog.dir.is_none() {
        return;
    }
    catalog.since_poll += time.delta_secs();
    if catalog.since_poll < POLL_SECONDS {
        return;
    }
    catalog.since_poll = 0.0;
    if catalog.current_stamps() != catalog.stamps {
        if let Err(e) = catalog.reload() {
            warn!("could not reload the scenario library: {e}");
        } else {
            info!("scenario library reloaded ({} scenarios)", catalog.cards.len());
        }
    }
}
