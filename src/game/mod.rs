//! The Bevy game. Logic plugins (states, runner, saving, each screen's keys) work headless;
//! the `ui` plugins draw with egui. `run` opens the window with validated `GameOptions`.

mod briefing;
pub mod capture;
pub mod catalog;
pub mod data;
pub mod debrief;
pub mod exhibits;
mod input;
pub mod library;
pub mod lowpower;
pub mod menu;
pub mod notice;
pub mod options;
mod pause;
mod playing;
mod progress;
pub mod records;
pub mod runner;
mod saving;
pub mod screen;
pub mod settings;
pub mod title;
pub mod transcript;
pub mod ui;
pub mod workshop;
pub mod workshop_debrief;
pub mod workshop_setup;

pub use briefing::BriefingAction;
pub use options::{GameArgs, GameOptions, OptionsError};

use bevy::prelude::*;
use std::process::ExitCode;

/// Everything but drawing: usable with `MinimalPlugins + StatesPlugin` in tests. The app must
/// have `DataDir` and `Catalog` resources before its first update.
pub fn logic(app: &mut App) {
    app.add_plugins((
        screen::plugin,
        menu::plugin,
        (data::plugin, notice::plugin),
        catalog::plugin,
        input::plugin,
        runner::plugin,
        saving::plugin,
        (progress::plugin, records::plugin),
        pause::plugin,
        settings::plugin,
        title::plugin,
        library::plugin,
        briefing::plugin,
        playing::plugin,
        (
            exhibits::plugin,
            debrief::plugin,
            workshop_setup::plugin,
            workshop::plugin,
            workshop_debrief::plugin,
        ),
    ));
}

/// Opens the game window and runs until it closes.
pub fn run(options: GameOptions) -> ExitCode {
    let GameOptions {
        catalog,
        data_dir,
        briefing,
    } = options;
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
    if let Some(b) = briefing {
        app.insert_resource(screen::Selected::new(&b.scenario, b.seed, true));
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
