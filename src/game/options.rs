//! The game's options, turned once from what the command line said (`GameArgs`, plain values
//! with no clap types) into validated `GameOptions`: the library loaded, the scenario to open
//! checked against it, the seed drawn. After this nothing about the command line can fail.

use super::catalog::{Catalog, CatalogError};
use super::data::DataDir;
use super::screen::fresh_seed;
use std::path::PathBuf;

/// What the command line asked of the game, as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GameArgs {
    /// `--scenarios DIR`: the library folder instead of ./scenarios or the built-in copy.
    pub scenarios: Option<PathBuf>,
    /// `--scenario ID`: open straight at this scenario's briefing.
    pub scenario: Option<String>,
    /// `--seed N` (with `--scenario`): the seed for that run.
    pub seed: Option<u64>,
}

/// The game's validated options.
pub struct GameOptions {
    /// The scenario library, loaded.
    pub catalog: Catalog,
    /// The user data folder.
    pub data_dir: DataDir,
    /// Open at this scenario's briefing instead of the title.
    pub briefing: Option<Briefing>,
}

/// A briefing to open at, on a scenario the library can play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    pub scenario: String,
    pub seed: u64,
}

/// Why the game cannot open with these options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error(transparent)]
    Library(#[from] CatalogError),
    #[error("there is no playable scenario `{id}`. Available: {}", available.join(", "))]
    UnknownScenario { id: String, available: Vec<String> },
}

impl GameOptions {
    /// Loads the library and checks the arguments against it (`$RAPPORT_DATA_DIR` or the
    /// platform's folder for user data).
    pub fn from_args(args: GameArgs) -> Result<Self, OptionsError> {
        let catalog = Catalog::load(args.scenarios)?;
        let briefing = match args.scenario {
            None => None,
            Some(id) if catalog.get(&id).is_none() => {
                let available = catalog.playable_ids().into_iter().map(String::from).collect();
                return Err(OptionsError::UnknownScenario { id, available });
            }
            Some(scenario) => Some(Briefing {
                scenario,
                seed: args.seed.unwrap_or_else(fresh_seed),
            }),
        };
        Ok(GameOptions {
            catalog,
            data_dir: DataDir::locate(),
            briefing,
        })
    }
}
