//! F12 saves a PNG screenshot of the window into the user data folder and says where; the
//! file is named after the screen (or the settings menu) it shows.

use super::data::DataDir;
use super::menu::Menu;
use super::notice::{Notice, NoticeKind, Notices};
use super::screen::Screen;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, screenshot_on_f12);
}

fn screenshot_on_f12(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    menu: Res<State<Menu>>,
    dir: Res<DataDir>,
    mut notices: ResMut<Notices>,
    mut commands: Commands,
) {
    if !keys.just_pressed(KeyCode::F12) {
        return;
    }
    let folder = dir.screenshots();
    if let Err(e) = std::fs::create_dir_all(&folder) {
        notices.push(Notice::about(
            NoticeKind::FileError,
            &folder,
            format!("Could not create {}: {e}", folder.display()),
        ));
        return;
    }
    // Named after what is shown: settings hide the screen, the pause menu does not.
    let name = menu.get().name().unwrap_or(screen.get().name());
    let path = (1..)
        .map(|n| folder.join(format!("{name}-{n}.png")))
        .find(|p| !p.exists())
        .expect("an unused name exists");
    // Say where once the frame is captured, so the message is not in the picture itself.
    let said = Notice::new(
        NoticeKind::ScreenshotSaved,
        format!("Screenshot saved to {}", path.display()),
    );
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path))
        .observe(move |_: On<ScreenshotCaptured>, mut notices: ResMut<Notices>| {
            notices.push(said.clone());
        });
}
