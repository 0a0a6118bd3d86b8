//! The Bevy game: opens the Rapport window. (The full solo-play flow lands with the game issue;
//! for now the window lists the scenario library and what each assesses.)

use crate::cli::Cli;
use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};
use std::process::ExitCode;

/// One line per scenario in the library, prepared before the window opens.
#[derive(Resource, Default)]
struct LibraryView {
    rows: Vec<(String, String, String)>,
}

pub fn run(cli: &Cli) -> ExitCode {
    let rows = match crate::library::load(cli.scenarios.as_deref()) {
        Ok(lib) => lib
            .entries
            .iter()
            .map(|e| match e.playable() {
                Some(s) => (s.title.clone(), s.summary.clone(), s.role.clone()),
                None => (
                    e.id(),
                    format!("{} problem(s): run `rapport check`", e.checked.diagnostics.len()),
                    String::new(),
                ),
            })
            .collect(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "Rapport".into(),
                resolution: (1280, 720).into(),
                ..default()
            }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .insert_resource(WinitSettings::desktop_app())
        .insert_resource(LibraryView { rows })
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, draw)
        .run();
    ExitCode::SUCCESS
}

fn draw(mut contexts: EguiContexts, view: Res<LibraryView>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default_margins().show(&mut root, |ui| {
        ui.heading(egui::RichText::new("Rapport").size(40.0));
        ui.label("Practise the conversations that make IT leaders.");
        ui.add_space(16.0);
        for (title, summary, role) in &view.rows {
            ui.group(|ui| {
                ui.label(egui::RichText::new(title).strong().size(20.0));
                ui.label(summary);
                ui.label(egui::RichText::new(role).italics());
            });
        }
    });
    Ok(())
}
