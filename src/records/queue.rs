//! The statements waiting for the LRS, on disk: one JSON file per batch in `queue/`, named by
//! sequence and size (`0000000042-7.json`, so counting what waits reads no file), and
//! `queued.ron`, how many statements of each registration have been queued. Every file is
//! written atomically, the batch before the count: a crash in between queues that batch again
//! on the next call, with the same ids, which an LRS stores once. A batch the LRS refuses as
//! invalid moves to `rejected/` with the LRS's answer beside it; nothing is ever deleted
//! before the LRS has acknowledged it.

use crate::store::write_atomic;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct State {
    /// The next batch's sequence number.
    next: u64,
    /// Per registration, how many of its statements have been queued.
    queued: BTreeMap<String, usize>,
}

/// The queue in a folder (`<data>/records`).
#[derive(Debug, Clone)]
pub struct Queue {
    dir: PathBuf,
}

/// One batch waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub path: PathBuf,
    pub seq: u64,
    pub len: usize,
}

impl Queue {
    pub fn new(dir: impl Into<PathBuf>) -> Queue {
        Queue { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn batches_dir(&self) -> PathBuf {
        self.dir.join("queue")
    }

    fn state_path(&self) -> PathBuf {
        self.dir.join("queued.ron")
    }

    pub fn rejected_dir(&self) -> PathBuf {
        self.dir.join("rejected")
    }

    fn state(&self) -> io::Result<State> {
        match std::fs::read_to_string(self.state_path()) {
            Ok(text) => ron::from_str(&text).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {e}", self.state_path().display()),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(e),
        }
    }

    /// How many statements of `registration` are queued (or already sent).
    pub fn queued(&self, registration: &str) -> io::Result<usize> {
        Ok(self.state()?.queued.get(registration).copied().unwrap_or(0))
    }

    /// Queues the statements of `registration` that are not queued yet: `all` is every
    /// statement of the attempt so far, in order (a run in progress gives a prefix of what it
    /// gives once ended). Returns how many were added. On an error (a full disk) nothing is
    /// counted as queued, so the next call tries the same statements again.
    pub fn enqueue(&self, registration: &str, all: &[Value]) -> io::Result<usize> {
        let mut state = self.state()?;
        let done = state.queued.get(registration).copied().unwrap_or(0);
        if done >= all.len() {
            return Ok(0);
        }
        let fresh = &all[done..];
        let seq = state.next.max(self.last_seq()? + 1);
        let path = self.batches_dir().join(format!("{seq:010}-{}.json", fresh.len()));
        let body = serde_json::to_vec(fresh).map_err(io::Error::other)?;
        write_atomic(&path, &body)?;
        state.next = seq + 1;
        state.queued.insert(registration.to_string(), all.len());
        let text = ron::ser::to_string_pretty(&state, ron::ser::PrettyConfig::default())
            .map_err(io::Error::other)?;
        write_atomic(&self.state_path(), text.as_bytes())?;
        Ok(fresh.len())
    }

    fn last_seq(&self) -> io::Result<u64> {
        Ok(self.batches()?.last().map_or(0, |b| b.seq))
    }

    /// The batches waiting, oldest first.
    pub fn batches(&self) -> io::Result<Vec<Batch>> {
        let entries = match std::fs::read_dir(self.batches_dir()) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            // Temporaries of unfinished writes start with a dot; they are not batches.
            let Some(stem) = name.strip_suffix(".json").filter(|_| !name.starts_with('.')) else {
                continue;
            };
            let Some((seq, len)) = stem.split_once('-') else {
                continue;
            };
            if let (Ok(seq), Ok(len)) = (seq.parse(), len.parse()) {
                out.push(Batch { path, seq, len });
            }
        }
        out.sort_by_key(|b| b.seq);
        Ok(out)
    }

    /// How many statements wait to be sent.
    pub fn waiting(&self) -> usize {
        self.batches().map(|b| b.iter().map(|b| b.len).sum()).unwrap_or(0)
    }

    /// How many batches the LRS refused (kept in `rejected/`).
    pub fn rejected(&self) -> usize {
        std::fs::read_dir(self.rejected_dir())
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                    .count()
            })
            .unwrap_or(0)
    }

    /// The statements of a batch.
    pub fn read(&self, batch: &Batch) -> io::Result<Vec<Value>> {
        let bytes = std::fs::read(&batch.path)?;
        serde_json::from_slice(&bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", batch.path.display()),
            )
        })
    }

    /// The LRS has stored the batch: it leaves the queue.
    pub fn sent(&self, batch: &Batch) -> io::Result<()> {
        std::fs::remove_file(&batch.path)
    }

    /// The LRS refused the batch as invalid: it moves to `rejected/` with the answer beside it.
    pub fn reject(&self, batch: &Batch, answer: &str) -> io::Result<()> {
        let dir = self.rejected_dir();
        std::fs::create_dir_all(&dir)?;
        let name = batch.path.file_name().unwrap_or_default();
        let to = dir.join(name);
        write_atomic(&to.with_extension("txt"), answer.as_bytes())?;
        std::fs::rename(&batch.path, &to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rapport-queue-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn only_what_is_new_is_queued_and_in_order() {
        let q = Queue::new(temp("order"));
        let all: Vec<Value> = (0..5).map(|i| json!({ "n": i })).collect();
        assert_eq!(q.enqueue("r1", &all[..2]).unwrap(), 2);
        assert_eq!(q.enqueue("r1", &all[..2]).unwrap(), 0);
        assert_eq!(q.enqueue("r2", &all[..1]).unwrap(), 1);
        assert_eq!(q.enqueue("r1", &all).unwrap(), 3);
        assert_eq!(q.waiting(), 6);
        let b = q.batches().unwrap();
        assert_eq!(b.iter().map(|b| b.len).collect::<Vec<_>>(), [2, 1, 3]);
        assert_eq!(q.read(&b[2]).unwrap(), all[2..].to_vec());
        q.sent(&b[0]).unwrap();
        assert_eq!(q.waiting(), 4);
        q.reject(&b[1], "400: bad").unwrap();
        assert_eq!((q.waiting(), q.rejected()), (3, 1));
        // Sent and rejected statements stay counted: they are never queued again.
        assert_eq!(q.enqueue("r2", &all[..1]).unwrap(), 0);
        let _ = std::fs::remove_dir_all(q.dir());
    }

    #[test]
    fn a_failed_write_counts_nothing_and_the_next_call_queues_it() {
        let dir = temp("fail");
        // A file where the queue folder should be: every batch write fails.
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("queue"), b"not a folder").unwrap();
        let q = Queue::new(&dir);
        let all = vec![json!(1), json!(2)];
        assert!(q.enqueue("r", &all).is_err());
        assert_eq!(q.queued("r").unwrap(), 0);
        std::fs::remove_file(dir.join("queue")).unwrap();
        assert_eq!(q.enqueue("r", &all).unwrap(), 2);
        assert_eq!(q.waiting(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
