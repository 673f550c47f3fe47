//! Snapshots of the state database: `VACUUM INTO` a hidden temporary file
//! in `snapshots/`, fsync it, rename it to `state-<UTC timestamp>.db`, then
//! prune to the newest `retention` snapshots.
//!
//! A snapshot reads through its own read-only connection, so WAL lets the
//! writer keep committing while it runs. A snapshot file only ever appears
//! under its final name complete and synced.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::db;

/// Prefix of every snapshot file name.
const PREFIX: &str = "state-";
/// Suffix of every snapshot file name.
const SUFFIX: &str = ".db";
/// Timestamp format inside snapshot names, for example `20261204T210000Z`.
const TIMESTAMP_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Why a snapshot failed.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// `VACUUM INTO` failed.
    #[error("VACUUM INTO {path} failed: {source}")]
    Vacuum {
        /// The temporary file.
        path: PathBuf,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// A file step (sync, rename, prune) failed.
    #[error("{action} {path} failed: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

/// A snapshot that was written.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Final path of the snapshot.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// Snapshots removed by pruning.
    pub pruned: usize,
}

/// The file name of a snapshot taken at `at`.
pub fn snapshot_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(TIMESTAMP_FORMAT))
}

/// Writes a snapshot of `db` into `dir` and keeps the newest `retention`.
///
/// Two snapshots within the same second share a name; the later one
/// replaces the earlier one, which holds the same or older data.
pub fn take_snapshot(db: &Path, dir: &Path, retention: usize) -> Result<Snapshot, SnapshotError> {
    let now = Utc::now();
    let name = snapshot_name(now);
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let path = dir.join(&name);
    let io_error = |action, path: &Path| {
        let path = path.to_path_buf();
        move |source| SnapshotError::Io { action, path, source }
    };
    fs::create_dir_all(dir).map_err(io_error("create", dir))?;

    let vacuum = || -> rusqlite::Result<()> {
        let connection = db::open_read_only(db)?;
        connection.execute("VACUUM INTO ?1", [temporary.to_string_lossy().as_ref()])?;
        Ok(())
    };
    if let Err(source) = vacuum() {
        let _ = fs::remove_file(&temporary);
        return Err(SnapshotError::Vacuum { path: temporary, source });
    }

    // The data must be on disk before the name points at it, and the
    // directory entry must be on disk before the snapshot counts as taken.
    let synced = File::open(&temporary).and_then(|file| file.sync_all());
    if let Err(source) = synced {
        let _ = fs::remove_file(&temporary);
        return Err(SnapshotError::Io { action: "fsync", path: temporary, source });
    }
    fs::rename(&temporary, &path).map_err(io_error("rename", &temporary))?;
    File::open(dir).and_then(|directory| directory.sync_all()).map_err(io_error("fsync", dir))?;

    let bytes = fs::metadata(&path).map_err(io_error("stat", &path))?.len();
    let pruned = prune(dir, retention)?;
    Ok(Snapshot { path, bytes, pruned })
}

/// Snapshot files in `dir`, newest first.
pub fn list_snapshots(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut names: Vec<String> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let is_snapshot = name.starts_with(PREFIX) && name.ends_with(SUFFIX) && name.len() == PREFIX.len() + 16 + SUFFIX.len();
        if is_snapshot {
            names.push(name);
        }
    }
    // Fixed-width UTC timestamps sort by time when sorted as text.
    names.sort_unstable_by(|a, b| b.cmp(a));
    Ok(names.into_iter().map(|name| dir.join(name)).collect())
}

/// Removes all but the newest `retention` snapshots; returns how many went.
pub fn prune(dir: &Path, retention: usize) -> Result<usize, SnapshotError> {
    let snapshots = list_snapshots(dir).map_err(|source| SnapshotError::Io { action: "list", path: dir.to_path_buf(), source })?;
    let mut removed = 0;
    for old in snapshots.iter().skip(retention) {
        fs::remove_file(old).map_err(|source| SnapshotError::Io { action: "remove", path: old.clone(), source })?;
        removed += 1;
    }
    Ok(removed)
}

/// Removes temporary files that an interrupted snapshot left behind.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!(".{PREFIX}")) && name.ends_with(".tmp") {
            match fs::remove_file(entry.path()) {
                Ok(()) => log::info!("event=snapshot_temporary_removed path={}", entry.path().display()),
                Err(error) => log::warn!("event=snapshot_temporary_remove_failed path={} error={error}", entry.path().display()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_is_complete_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("state.sqlite");
        let connection = db::open_writer(&db_path).unwrap();
        connection.execute("INSERT INTO plans VALUES ('a', 1, '{}', 0, 0)", []).unwrap();
        let snapshots = dir.path().join("snapshots");

        let snapshot = take_snapshot(&db_path, &snapshots, 2).unwrap();
        let copy = rusqlite::Connection::open(&snapshot.path).unwrap();
        let count: i64 = copy.query_row("SELECT COUNT(*) FROM plans", [], |row| row.get(0)).unwrap();
        assert_eq!(count, 1);
        assert_eq!(db::integrity_verdict(&copy).unwrap(), "ok");

        for name in ["state-20200101T000000Z.db", "state-20200102T000000Z.db", ".state-x.db.1.tmp"] {
            fs::write(snapshots.join(name), b"old").unwrap();
        }
        assert_eq!(prune(&snapshots, 2).unwrap(), 1);
        let left = list_snapshots(&snapshots).unwrap();
        assert_eq!(left, vec![snapshot.path.clone(), snapshots.join("state-20200102T000000Z.db")]);
        remove_stale_temporaries(&snapshots);
        assert!(!snapshots.join(".state-x.db.1.tmp").exists());
    }

    #[test]
    fn name_is_utc_timestamp() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T21:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(snapshot_name(at), "state-20261204T210000Z.db");
    }
}
