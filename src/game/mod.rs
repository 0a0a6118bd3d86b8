//! The Bevy game. Logic plugins (state, runner, data, input) work headless; the `ui` plugins
//! draw with egui. `run` opens the window.

pub mod capture;
pub mod catalog;
pub mod data;
pub mod debrief;
pub mod input;
pub mod lowpower;
pub mod runner;
pub mod screen;
pub mod transcript;
pub mod ui;
pub mod workshop;

use crate::cli::Cli;
use bevy::prelude::*;
use std::process::ExitCode;

/// Everything but drawing: usable with `MinimalPlugins + StatesPlugin` in tests. The app must
/// have `DataDir` and `Catalog` resources before its first update.
pub fn logic(app: &mut App) {
    app.add_plugins((
        screen::plugin,
        data::plugin,
        catalog::plugin,
        runner::plugin,
        input::plugin,
        debrief::plugin,
        workshop::plugin,
    ));
}

pub fn run(cli: &Cli) -> ExitCode {
    let catalog = match catalog::Catalog::load(cli.scenarios.clone()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(id) = &cli.scenario
        && catalog.get(id).is_none()
    {
        let ids = catalog.playable_ids();
        eprintln!(
            "error: there is no playable scenario `{id}`. Available: {}",
            ids.join(", ")
        );
        return ExitCode::from(2);
    }
    let data_dir = data::DataDir::locate();
    let reports = debrief::ReportsDir::locate(&data_dir);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Rapport".into(),
                    resolution: (1280, 720).into(),
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "wgpu=error,naga=warn,bevy_render=warn".into(),
                ..default()
            }),
    )
    .insert_resource(reports)
    .insert_resource(data_dir)
    .insert_resource(catalog);
    if let Some(id) = &cli.scenario {
        let seed = cli.seed.unwrap_or_else(screen::fresh_seed);
        app.insert_resource(screen::Selected::new(id, seed, true));
        app.insert_state(screen::Screen::Briefing);
    }
    app.add_plugins(logic)
        .add_plugins((
            bevy_egui::EguiPlugin::default(),
            ui::plugin,
            capture::plugin,
            lowpower::plugin,
        ))
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        });
    app.run();
    ExitCode::SUCCESS
}
