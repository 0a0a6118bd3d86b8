//! The `Screen` state (the main flow; menus open over it, see `menu`) and what the screens
//! share: the selected scenario.

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
}

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Library,
    Briefing,
    Playing,
    Debrief,
    Progress,
    WorkshopSetup,
    Workshop,
    WorkshopDebrief,
}

impl Screen {
    pub fn name(self) -> &'static str {
        match self {
            Screen::Title => "title",
            Screen::Library => "library",
            Screen::Briefing => "briefing",
            Screen::Playing => "playing",
            Screen::Debrief => "debrief",
            Screen::Progress => "progress",
            Screen::WorkshopSetup => "workshop-setup",
            Screen::Workshop => "workshop",
            Screen::WorkshopDebrief => "workshop-debrief",
        }
    }
}

/// The scenario chosen in the library, and the briefing's options.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Selected {
    pub id: String,
    pub seed: u64,
    /// What the player is typing into the seed box.
    pub seed_text: String,
    pub coach: bool,
}

impl Selected {
    pub fn new(id: &str, seed: u64, coach: bool) -> Self {
        Selected {
            id: id.to_string(),
            seed,
            seed_text: seed.to_string(),
            coach,
        }
    }

    /// The seed box's text as a seed, when it is one.
    pub fn typed_seed(&self) -> Option<u64> {
        self.seed_text.trim().parse().ok()
    }
}

/// A fresh seed from the wall clock (the engine itself never reads the clock).
pub fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // Keep seeds short enough to read out to a room.
    (t ^ (t >> 29)) % 1_000_000
}
