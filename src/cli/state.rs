//! `uwscrape state snapshot` and `uwscrape state restore --from FILE`.
//!
//! A snapshot can be taken while a server runs (WAL lets it read beside the
//! writer). A restore cannot: it takes the same lock file a server holds,
//! so it fails at once while one runs. The database it replaces is kept,
//! never deleted.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::config::Config;
use crate::state::{db, snapshot, SNAPSHOT_DIR};

/// Takes one snapshot now and prints its path.
pub fn snapshot_now() -> anyhow::Result<()> {
    let config = Config::from_env().context("Invalid configuration")?;
    if !config.state_db.exists() {
        bail!("no state database at {} (UWSCRAPE_STATE_DB); nothing to snapshot", config.state_db.display());
    }
    let dir = config.data_dir.join(SNAPSHOT_DIR);
    let taken = snapshot::take_snapshot(&config.state_db, &dir, config.snapshot_retention)
        .with_context(|| format!("Failed to snapshot {}", config.state_db.display()))?;
    log::info!("event=snapshot_written path={} bytes={} pruned={}", taken.path.display(), taken.bytes, taken.pruned);
    println!("{}", taken.path.display());
    Ok(())
}

/// Replaces the state database with the snapshot `from`.
pub fn restore(from: &Path) -> anyhow::Result<()> {
    let config = Config::from_env().context("Invalid configuration")?;
    check_snapshot(from)?;
    db::create_directories(&config.data_dir, &config.state_db)?;
    let _lock = db::acquire_lock(&config.state_db).context("Cannot restore while a server uses the state database")?;

    let db_path = &config.state_db;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    if db_path.exists() {
        let kept = with_suffix(db_path, &format!(".before-restore-{stamp}"));
        fs::rename(db_path, &kept).with_context(|| format!("Failed to move {} aside", db_path.display()))?;
        // The WAL of a server that was killed contains committed writes, so it
        // moves with the kept file (SQLite pairs `<file>-wal` with `<file>`).
        for side in ["-wal", "-shm"] {
            let stale = with_suffix(db_path, side);
            if stale.exists() {
                fs::rename(&stale, with_suffix(&kept, side)).with_context(|| format!("Failed to move {} aside", stale.display()))?;
            }
        }
        log::info!("event=restore_kept_previous path={}", kept.display());
        println!("previous database kept as {}", kept.display());
    }

    // Copy beside the target, sync, then rename: the database path only
    // ever names a complete file.
    let temporary = with_suffix(db_path, &format!(".restore-{stamp}.tmp"));
    fs::copy(from, &temporary).with_context(|| format!("Failed to copy {} to {}", from.display(), temporary.display()))?;
    File::open(&temporary).and_then(|file| file.sync_all()).with_context(|| format!("Failed to sync {}", temporary.display()))?;
    fs::rename(&temporary, db_path).with_context(|| format!("Failed to move the restored file to {}", db_path.display()))?;
    if let Some(parent) = db_path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        File::open(parent).and_then(|directory| directory.sync_all()).with_context(|| format!("Failed to sync {}", parent.display()))?;
    }
    log::info!("event=restored from={} db={}", from.display(), db_path.display());
    println!("restored {} from {}", db_path.display(), from.display());
    Ok(())
}

/// Fails unless `path` is a sound state database.
fn check_snapshot(path: &Path) -> anyhow::Result<()> {
    if !path.is_file() {
        bail!("snapshot {} does not exist", path.display());
    }
    let connection = db::open_read_only(path).with_context(|| format!("Failed to open snapshot {}", path.display()))?;
    let verdict = db::integrity_verdict(&connection).with_context(|| format!("Snapshot {} is not a SQLite database", path.display()))?;
    if verdict != "ok" {
        bail!("snapshot {} failed its integrity check ({verdict}); pick an older snapshot", path.display());
    }
    let has_migrations: bool = connection
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')", [], |row| row.get(0))
        .with_context(|| format!("Failed to read snapshot {}", path.display()))?;
    if !has_migrations {
        bail!("{} is not a uwscrape state database (no schema_migrations table)", path.display());
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}
