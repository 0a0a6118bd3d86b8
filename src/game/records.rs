//! Learning records in the game: listens to the runner and, after every decision and at the
//! ending, queues the run's xAPI statements that are not queued yet (`records::queue`), then
//! wakes the sender: a thread of its own that sends the queue to the LRS set in
//! `records.ron` whenever it is reachable, backing off while it is not. A what-if is not an
//! attempt and sends nothing. A failed write (a full disk) leaves the statements uncounted,
//! so the next decision, or the next start of the game, queues them again.

use super::catalog::Catalog;
use super::data::{DataDir, Progress};
use super::notice::{Notice, NoticeKind, Notices};
use super::runner::{DecisionSettled, RunEnded, Runs, Session};
use crate::engine::analyze::Analysis;
use crate::engine::record::RunRecord;
use crate::engine::{SkillFramework, Story};
use crate::records::config::RecordsConfig;
use crate::records::queue::Queue;
use crate::records::send::{Lrs, backoff};
use crate::records::statements::{Attempt, lang, statements};
use crate::report::{Input, Report};
use bevy::prelude::*;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, open).add_systems(
        Update,
        queue_the_run
            .run_if(on_message::<DecisionSettled>.or_else(on_message::<RunEnded>))
            .after(Runs),
    );
}

/// What the sender last did, for the Progress screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendStatus {
    pub waiting: usize,
    pub rejected: usize,
    /// Why the last round stopped (the LRS unreachable…), until a round succeeds.
    pub problem: Option<String>,
    pub sent_total: usize,
}

/// The queue, the settings and the way to wake the sender.
#[derive(Resource)]
pub struct Records {
    pub config: RecordsConfig,
    pub queue: Queue,
    pub status: Arc<Mutex<SendStatus>>,
    wake: Option<Sender<()>>,
}

impl Records {
    /// A snapshot of what waits and what went wrong.
    pub fn status(&self) -> SendStatus {
        let mut s = self.status.lock().map(|s| s.clone()).unwrap_or_default();
        s.waiting = self.queue.waiting();
        s.rejected = self.queue.rejected();
        s
    }

    /// Whether records are sent anywhere.
    pub fn sends(&self) -> bool {
        self.config.sends()
    }
}

fn open(
    mut commands: Commands,
    dir: Res<DataDir>,
    progress: Option<Res<Progress>>,
    catalog: Option<ResMut<Catalog>>,
    mut notices: ResMut<Notices>,
) {
    let config = match RecordsConfig::load(&dir.records_config()) {
        Ok(c) => c,
        Err(e) => {
            notices.push(Notice::about(NoticeKind::FileError, &dir.records_config(), e));
            RecordsConfig::default()
        }
    };
    let queue = Queue::new(dir.records());
    let status = Arc::new(Mutex::new(SendStatus::default()));
    let wake = config.sends().then(|| {
        let (tx, rx) = channel();
        let (cfg, q, st) = (config.clone(), queue.clone(), status.clone());
        std::thread::Builder::new()
            .name("rapport-records".into())
            .spawn(move || send_loop(&cfg, &q, &st, &rx))
            .ok()
            .map(|_| tx)
    });
    let records = Records {
        config,
        queue,
        status,
        wake: wake.flatten(),
    };
    // Runs finished while the queue could not be written are queued now.
    if let (Some(progress), Some(mut catalog)) = (progress, catalog) {
        for past in &progress.runs {
            let Some(started) = past.started_ms else { continue };
            if !needs_queueing(&records, &past.record, started) {
                continue;
            }
            let Some(story) = catalog.get(&past.record.scenario).cloned() else {
                continue;
            };
            let analysis = catalog.analysis(&story);
            let skills = catalog.skills.clone();
            let _ = queue_record(
                &records,
                &story,
                &analysis,
                skills.as_ref(),
                &past.record,
                started,
            );
        }
    }
    if let Some(w) = &records.wake {
        let _ = w.send(());
    }
    commands.insert_resource(records);
}

/// Sends whenever woken, and every minute; after a failed round, waits as `backoff` says.
fn send_loop(cfg: &RecordsConfig, queue: &Queue, status: &Mutex<SendStatus>, wake: &Receiver<()>) {
    let lrs = Lrs::new(cfg);
    let mut failures = 0;
    let mut wait = Duration::ZERO;
    loop {
        match wake.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if queue.waiting() == 0 {
            wait = Duration::from_secs(60);
            continue;
        }
        let round = lrs.send_queue(queue);
        let stopped = round.stopped.is_some();
        if let Ok(mut s) = status.lock() {
            s.sent_total += round.sent;
            s.problem = round.stopped;
        }
        if stopped {
            wait = backoff(failures);
            failures += 1;
        } else {
            failures = 0;
            wait = Duration::from_secs(60);
        }
    }
}

/// Whether some of a run's statements are not queued yet (cheap: reads no scenario).
fn needs_queueing(records: &Records, record: &RunRecord, started_ms: u64) -> bool {
    if record.what_if.is_some() {
        return false;
    }
    let expected = 1
        + record.choices.len()
        + if record.ending.is_some() {
            3 + record.scores.skills.values().filter(|s| s.is_some()).count()
        } else {
            0
        };
    let key = registration(record, started_ms).to_string();
    records.queue.queued(&key).unwrap_or(0) < expected
}

/// The statements of a run record, queued where not queued yet.
fn queue_record(
    records: &Records,
    story: &Story,
    analysis: &Analysis,
    skills: Option<&SkillFramework>,
    record: &RunRecord,
    started_ms: u64,
) -> Result<usize, String> {
    if !needs_queueing(records, record, started_ms) {
        return Ok(0);
    }
    let registration = registration(record, started_ms);
    let input = Input::Solo(Box::new(record.clone()));
    let report = Report::build(&input, story, analysis, skills).map_err(|e| e.to_string())?;
    let attempt = Attempt {
        registration,
        started_ms: Some(started_ms),
        lang: lang(story.region),
    };
    let all = statements(&records.config, &report, &attempt);
    records
        .queue
        .enqueue(&registration.to_string(), &all)
        .map_err(|e| e.to_string())
}

/// A run's registration: its scenario, version, seed and the moment it started.
pub fn registration(record: &RunRecord, started_ms: u64) -> uuid::Uuid {
    Attempt::registration_of(&format!(
        "run|{}|{}|{}|{started_ms}",
        record.scenario, record.version, record.seed
    ))
}

fn queue_the_run(
    mut settled: MessageReader<DecisionSettled>,
    mut ended: MessageReader<RunEnded>,
    session: Option<Res<Session>>,
    records: Option<Res<Records>>,
    catalog: Res<Catalog>,
    mut notices: ResMut<Notices>,
) {
    settled.clear();
    ended.clear();
    let (Some(session), Some(records)) = (session, records) else {
        return;
    };
    if session.what_if.is_some() {
        return;
    }
    let record = session.record();
    let skills = catalog.skills.as_ref();
    match queue_record(
        &records,
        &session.scenario,
        &session.analysis,
        skills,
        &record,
        session.started_ms,
    ) {
        Ok(n) if n > 0 => {
            if let Some(w) = &records.wake {
                let _ = w.send(());
            }
        }
        Ok(_) => {}
        Err(e) => notices.push(Notice::about(
            NoticeKind::FileError,
            records.queue.dir(),
            format!("Could not queue learning records ({e}); they are queued again after the next decision"),
        )),
    }
}
