//! The exhibit drawer's logic, on the playing screen and on the workshop's projector: whether
//! it is open, which exhibit is highlighted and which is shown as a document (`Drawer`), and
//! `DrawerAction` (from the keys and the views) turned into an opening: `Action::OpenExhibit`
//! for a solo run, `WorkshopAction::OpenExhibit` for the team whose turn it is. Those are what
//! record the reading (`Run::read`, `Workshop::read`). Opening is not a decision: the clock goes
//! on. The drawer closes by itself when the scene changes. Draws nothing: `ui::exhibits` does.
//!
//! Keys while it is open (`drawer_keys`, called by each screen's keys): Up/Down (or
//! Left/Right) and 1–8 highlight an exhibit, Enter opens it, Esc or X closes the drawer. Nothing
//! else reaches the screen underneath, so a digit never takes a choice or a vote by accident.

use super::input::{Keys, confirm, digits};
use super::runner::{Action, RunStarted, Runs, Session};
use super::screen::Screen;
use super::workshop::{Live, WorkshopAction};
use crate::engine::Story;
use crate::engine::run::Run;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Drawer>()
        .add_message::<DrawerAction>()
        .configure_sets(Update, Drawers.after(Keys).before(Runs))
        .add_systems(Update, handle.in_set(Drawers))
        .add_systems(
            Update,
            follow_the_scene.after(Runs).after(super::workshop::Facilitates),
        );
}

/// The drawer's systems: after the keys that ask for them, before the runner and the
/// workshop, which carry out the openings they ask for on the same frame.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Drawers;

/// The key that opens and closes the drawer ("eXhibits"; E is the workshop's "extend").
pub const DRAWER_KEY: KeyCode = KeyCode::KeyX;

/// The exhibit drawer of the current scene.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Drawer {
    pub open: bool,
    /// The highlighted exhibit (index in the scene's list).
    pub cursor: usize,
    /// The exhibit shown as a document (its id), once one has been opened in this scene.
    pub shown: Option<String>,
    /// The scene it belongs to; another scene closes it.
    scene: Option<Scene>,
}

/// Which scene a drawer belongs to: the screen, whose turn, how far the run has got.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scene {
    screen: Screen,
    team: usize,
    path: usize,
    decisions: usize,
}

/// What the keys and the views ask of the drawer.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawerAction {
    /// Open the drawer (if the scene has exhibits) or close it.
    Toggle,
    Close,
    /// Highlight exhibit n (0-based).
    Highlight(usize),
    /// Move the highlight by this many places (stopping at the ends).
    Move(i32),
    /// Open exhibit n: highlight it and show it (the first time, the run records it).
    Open(usize),
    /// Open the highlighted exhibit.
    OpenHighlighted,
}

/// The drawer's keys while it is open; `true` if the drawer is open (the screen's own keys
/// then do nothing).
pub(super) fn drawer_keys(
    drawer: &Drawer,
    keys: &ButtonInput<KeyCode>,
    actions: &mut MessageWriter<DrawerAction>,
) -> bool {
    if !drawer.open {
        return false;
    }
    let pressed = |k: KeyCode| keys.just_pressed(k);
    if pressed(KeyCode::Escape) || pressed(DRAWER_KEY) {
        actions.write(DrawerAction::Close);
        return true;
    }
    if pressed(KeyCode::ArrowUp) || pressed(KeyCode::ArrowLeft) {
        actions.write(DrawerAction::Move(-1));
    }
    if pressed(KeyCode::ArrowDown) || pressed(KeyCode::ArrowRight) {
        actions.write(DrawerAction::Move(1));
    }
    for i in digits(keys) {
        actions.write(DrawerAction::Highlight(i));
    }
    if confirm(keys) {
        actions.write(DrawerAction::OpenHighlighted);
    }
    true
}

/// Where the drawer is: the screen, and the run whose scene it shows (the solo run, or the
/// run of the team whose turn it is).
#[derive(SystemParam)]
struct Here<'w> {
    screen: Res<'w, State<Screen>>,
    session: Option<Res<'w, Session>>,
    live: Option<Res<'w, Live>>,
}

impl Here<'_> {
    fn screen(&self) -> Screen {
        *self.screen.get()
    }

    /// The story and run the drawer is for, and the scene it is at.
    fn run(&self) -> Option<(&Story, &Run, Scene)> {
        let screen = self.screen();
        let (story, run, team, decisions) = match (screen, &self.session, &self.live) {
            (Screen::Playing, Some(s), _) => (&*s.scenario, &s.run, 0, s.run.decisions.len()),
            (Screen::Workshop, _, Some(l)) => {
                let w = &l.workshop;
                (&*l.scenario, &w.team().run, w.turn, w.log.len())
            }
            _ => return None,
        };
        let scene = Scene {
            screen,
            team,
            path: run.path.len(),
            decisions,
        };
        Some((story, run, scene))
    }

    /// The current scene's exhibits (ids, in the scene's order) and which are opened already.
    fn listed(&self) -> Vec<(String, bool)> {
        let Some((story, run, _)) = self.run() else {
            return Vec::new();
        };
        run.exhibits(story)
            .iter()
            .map(|x| (x.id.clone(), run.state.read.contains(&x.id)))
            .collect()
    }
}

fn handle(
    mut asks: MessageReader<DrawerAction>,
    mut drawer: ResMut<Drawer>,
    here: Here,
    mut solo: MessageWriter<Action>,
    mut room: MessageWriter<WorkshopAction>,
) {
    if asks.is_empty() {
        return;
    }
    let list = here.listed();
    let n = list.len();
    for ask in asks.read() {
        let open = match *ask {
            DrawerAction::Toggle => {
                drawer.open = !drawer.open && n > 0;
                None
            }
            DrawerAction::Close => {
                drawer.open = false;
                None
            }
            DrawerAction::Highlight(i) if drawer.open && i < n => {
                drawer.cursor = i;
                None
            }
            DrawerAction::Move(d) if drawer.open && n > 0 => {
                drawer.cursor = (drawer.cursor as i64 + i64::from(d)).clamp(0, n as i64 - 1) as usize;
                None
            }
            DrawerAction::Open(i) if i < n => Some(i),
            DrawerAction::OpenHighlighted if drawer.open && drawer.cursor < n => Some(drawer.cursor),
            _ => None,
        };
        let Some(i) = open else { continue };
        let (id, opened) = &list[i];
        drawer.open = true;
        drawer.cursor = i;
        drawer.shown = Some(id.clone());
        if *opened {
            continue; // already recorded: showing it again changes nothing
        }
        match here.screen() {
            Screen::Playing => {
                solo.write(Action::OpenExhibit(id.clone()));
            }
            Screen::Workshop => {
                room.write(WorkshopAction::OpenExhibit(id.clone()));
            }
            _ => {}
        }
    }
}

/// Closes and empties the drawer when the scene changes (a decision, another team's turn, a
/// new or restarted run, another screen).
fn follow_the_scene(mut drawer: ResMut<Drawer>, mut started: MessageReader<RunStarted>, here: Here) {
    let scene = here.run().map(|(_, _, scene)| scene);
    let restarted = !started.is_empty();
    started.clear();
    if restarted || drawer.scene != scene {
        *drawer = Drawer {
            scene,
            ..Drawer::default()
        };
    }
}
