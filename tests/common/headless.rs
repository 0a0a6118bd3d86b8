//! The game without a window: `MinimalPlugins + StatesPlugin` and the logic plugins, with a
//! fresh data folder, the documented example as the only scenario, and time advanced by hand.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use rapport::game::catalog::Catalog;
use rapport::game::data::DataDir;
use rapport::game::screen::Screen;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Each `update` advances time by this much (unless a test changes the strategy).
pub const FRAME: Duration = Duration::from_millis(100);

/// A fresh data folder and a scenarios folder holding the documented example.
pub fn folders(suite: &str, name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("rapport-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let scenarios = root.join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    std::fs::copy(super::EXAMPLE, scenarios.join("printer-budget.ron")).unwrap();
    (root.join("data"), scenarios)
}

pub fn app(data: &Path, scenarios: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(FRAME))
        .insert_resource(DataDir(data.to_path_buf()))
        .insert_resource(Catalog::load(Some(scenarios.to_path_buf())).unwrap())
        .init_resource::<ButtonInput<KeyCode>>()
        .add_plugins(rapport::game::logic);
    app.update();
    app
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

pub fn go(app: &mut App, to: Screen) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(to);
    app.update();
}

/// Sends a message and lets it (and any screen change it causes) settle.
pub fn send<M: Message>(app: &mut App, m: M) {
    app.world_mut().write_message(m);
    app.update();
    app.update();
}

pub fn press(app: &mut App, key: KeyCode) {
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(key);
    app.update();
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(key);
    keys.clear();
    app.update();
}

/// Runs `seconds` of time in one-second frames.
pub fn wait(app: &mut App, seconds: u64) {
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)));
    for _ in 0..seconds {
        app.update();
    }
    app.insert_resource(TimeUpdateStrategy::ManualDuration(FRAME));
}
