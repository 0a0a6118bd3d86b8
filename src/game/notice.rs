//! Notices: short messages for the player, each a kind (a screenshot or report saved, a file
//! moved aside, something that could not be done) and its text. `Notices` is everything said
//! this session; the `NoticeBoard` is what is on screen now: a notice replaces an older one of
//! the same identity (its kind and the file it is about), and stays for its kind's time.

use bevy::prelude::*;
use bevy_egui::EguiPostUpdateSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::lowpower::Frames;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Notices>()
        .init_resource::<NoticeBoard>()
        .init_resource::<Frames>()
        // After everything that says something in `Update`, before the view draws the board.
        .add_systems(PostUpdate, post.before(EguiPostUpdateSet::EndPass));
}

/// What a notice is about; with the file it names, this is what makes two notices "the same".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// F12 wrote a screenshot (the newest replaces the last, and it goes quickly).
    ScreenshotSaved,
    /// "Save report" wrote a report.
    ReportSaved,
    /// A file that could not be read was renamed `*.corrupt-N`, and a fresh one started.
    MovedAside,
    /// A saved run or workshop could not be resumed.
    NotResumed,
    /// User data could not be read, encoded or written, or a folder made.
    FileError,
    /// A run or a workshop could not start.
    NotStarted,
    /// The debrief could not be made.
    NoDebrief,
}

impl NoticeKind {
    /// How long a notice of this kind stays on screen.
    pub fn shown_for(self) -> Duration {
        match self {
            NoticeKind::ScreenshotSaved => Duration::from_secs(4),
            _ => Duration::from_secs(8),
        }
    }
}

/// One message for the player. It reads as its text (`Deref<Target = str>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The file it is about, when there is one (a notice per file: two corrupt files both show).
    pub file: Option<PathBuf>,
    pub text: String,
}

impl Notice {
    pub fn new(kind: NoticeKind, text: impl Into<String>) -> Self {
        Notice {
            kind,
            file: None,
            text: text.into(),
        }
    }

    /// A notice about one file.
    pub fn about(kind: NoticeKind, file: &Path, text: impl Into<String>) -> Self {
        Notice {
            kind,
            file: Some(file.to_path_buf()),
            text: text.into(),
        }
    }

    /// The same kind about the same file (or both about none): the newer replaces the older.
    pub fn same_as(&self, other: &Notice) -> bool {
        self.kind == other.kind && self.file == other.file
    }
}

impl std::ops::Deref for Notice {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Everything said to the player this session, oldest first. Logic pushes here; the board
/// picks up what is new each frame.
#[derive(Resource, Debug, Default)]
pub struct Notices(pub Vec<Notice>);

impl Notices {
    pub fn push(&mut self, n: Notice) {
        self.0.push(n);
    }
}

/// The notices on screen (at most [`NoticeBoard::MAX`], newest last), each until its time.
#[derive(Resource, Debug, Default)]
pub struct NoticeBoard {
    shown: Vec<(Notice, Duration)>,
    /// How many of `Notices` have been posted.
    read: usize,
}

impl NoticeBoard {
    pub const MAX: usize = 3;

    /// Puts a notice up at `now` (time since start-up), replacing an older one of the same
    /// identity and the oldest one past the maximum.
    pub fn post(&mut self, n: Notice, now: Duration) {
        self.shown.retain(|(old, _)| !old.same_as(&n));
        let until = now + n.kind.shown_for();
        self.shown.push((n, until));
        let over = self.shown.len().saturating_sub(Self::MAX);
        self.shown.drain(..over);
    }

    /// Takes down the notices whose time is up.
    pub fn expire(&mut self, now: Duration) {
        self.shown.retain(|(_, until)| *until > now);
    }

    /// The notices on screen, oldest first.
    pub fn shown(&self) -> impl Iterator<Item = &Notice> {
        self.shown.iter().map(|(n, _)| n)
    }

    /// How long until the next notice comes down.
    pub fn next_change(&self, now: Duration) -> Option<Duration> {
        self.shown
            .iter()
            .map(|(_, until)| until.saturating_sub(now))
            .min()
    }
}

/// Posts the notices said since the last frame, takes down expired ones and asks for the
/// frame at which the next one comes down.
fn post(
    notices: Res<Notices>,
    mut board: ResMut<NoticeBoard>,
    time: Res<Time<Real>>,
    mut frames: ResMut<Frames>,
) {
    let now = time.elapsed();
    for n in notices.0.get(board.read..).unwrap_or_default() {
        info!("{n}");
        board.post(n.clone(), now);
    }
    board.read = notices.0.len();
    board.expire(now);
    if let Some(next) = board.next_change(now) {
        frames.within(next.max(Duration::from_millis(50)));
    }
}
