//! Writing user data safely: a temporary file beside the target, fsync, then rename, so a
//! crash or power cut leaves either the old file or the new one, never half of each. A write
//! killed mid-way leaves its temporary behind; the next write of the same target removes it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A temporary untouched for this long belongs to a write that will never finish (a write of
/// user data takes milliseconds; a younger one may be another process's write in progress).
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// Writes `bytes` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, bytes, false)
}

/// [`write_atomic`] for a file that holds a secret: readable and writable by its owner only
/// (on Unix), from before the first byte is written.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, bytes, true)
}

fn create(path: &Path, private: bool) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path)
}

fn write(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let prefix = temporary_prefix(&name.to_string_lossy());
    remove_stale_temporaries(dir, &prefix);
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    let result = (|| {
        let mut f = create(&tmp, private)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The name of a temporary for target `name` without its process id: `.<name>.tmp-`.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Removes the temporaries of one target (`<prefix><process id>`) left by writes that never
/// finished: those not modified for [`STALE_AFTER`]. Best effort: a failure here never stops
/// the write.
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= STALE_AFTER));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("rapport-store-{}", std::process::id()));
        let path = dir.join("nested/run.ron");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the target remains");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn failure_leaves_the_old_file_intact() {
        let dir = std::env::temp_dir().join(format!("rapport-store-fail-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("taken");
        fs::create_dir_all(target.join("child")).unwrap(); // a non-empty directory cannot be replaced by a file
        assert!(write_atomic(&target, b"x").is_err());
        assert!(target.join("child").is_dir());
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            1,
            "the temporary file was removed"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_next_write_removes_what_a_killed_write_left_behind() {
        let dir = std::env::temp_dir().join(format!("rapport-store-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("current.ron");
        let age = |p: &Path, ago: Duration| {
            fs::write(p, b"half a ").unwrap();
            let f = File::options().write(true).open(p).unwrap();
            f.set_modified(SystemTime::now() - ago).unwrap();
        };
        // Killed writes of this target, an hour ago.
        let killed = [
            dir.join(".current.ron.tmp-4000001"),
            dir.join(".current.ron.tmp-77"),
        ];
        for k in &killed {
            age(k, Duration::from_secs(3600));
        }
        // Another process writing it right now, and other files that only look alike.
        let in_flight = dir.join(".current.ron.tmp-4000002");
        age(&in_flight, Duration::ZERO);
        let others = [
            dir.join(".other.ron.tmp-4000003"),
            dir.join(".current.ron.tmp-notes"),
            dir.join(".current.ron.tmp-"),
            dir.join("current.ron.tmp-12"),
        ];
        for o in &others {
            age(o, Duration::from_secs(3600));
        }
        write_atomic(&path, b"whole").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
        for k in &killed {
            assert!(!k.exists(), "{} was removed", k.display());
        }
        assert!(in_flight.exists(), "a write in progress is left alone");
        for o in &others {
            assert!(o.exists(), "{} is not a temporary of the target", o.display());
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
