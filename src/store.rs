//! Writing user data safely: a temporary file beside the target, fsync, then rename, so a
//! crash or power cut leaves either the old file or the new one, never half of each.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
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
}
