//! Opening the state database: the lock file, the start-up integrity check,
//! connection settings and versioned migrations.
//!
//! The file is never repaired or overwritten here. A database that fails
//! `PRAGMA integrity_check` stops start-up with the command that restores
//! the newest snapshot.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// How long a connection waits for a lock held by another connection.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One step of the schema, applied once in order of `version`.
struct Migration {
    /// Strictly increasing version, recorded in `schema_migrations`.
    version: i64,
    /// Short snake_case name, recorded for operators.
    name: &'static str,
    /// SQL run inside the migration's transaction.
    sql: &'static str,
}

/// Every schema step; append only, never edit an applied one.
const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "create_plans",
    sql: "CREATE TABLE plans (
              id TEXT PRIMARY KEY,
              version INTEGER NOT NULL CHECK (version >= 1),
              body TEXT NOT NULL,
              created_unix INTEGER NOT NULL,
              updated_unix INTEGER NOT NULL
          ) STRICT;",
}];

/// Why the state database cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A directory or the lock file could not be created.
    #[error("failed to prepare {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Another process holds the lock file.
    #[error(
        "{lock} is locked by another process: another `uwscrape serve` is using {db}; stop it first"
    )]
    Locked {
        /// The lock file.
        lock: PathBuf,
        /// The state database.
        db: PathBuf,
    },
    /// The integrity check failed or the file is not a SQLite database.
    #[error(
        "the state database {db} is corrupt ({detail}); it was left untouched. Stop every server, then restore the newest snapshot with `uwscrape state restore --from {snapshots}/state-<timestamp>.db` (list them with `ls {snapshots}`)"
    )]
    Corrupt {
        /// The state database.
        db: PathBuf,
        /// SQLite's message.
        detail: String,
        /// The snapshot directory.
        snapshots: PathBuf,
    },
    /// The database was migrated by a newer `uwscrape`.
    #[error("the state database {db} has schema version {found}, but this binary knows versions up to {known}; run a newer uwscrape")]
    TooNew {
        /// The state database.
        db: PathBuf,
        /// Version recorded in the file.
        found: i64,
        /// Newest version this binary applies.
        known: i64,
    },
    /// Any other SQLite failure.
    #[error("SQLite failed on {db}: {source}")]
    Sqlite {
        /// The state database.
        db: PathBuf,
        /// The underlying error.
        source: rusqlite::Error,
    },
}

/// An exclusive advisory lock on `<state_db>.lock`, held while a server runs.
///
/// The lock is an `flock` through `std::fs::File::try_lock`, so the kernel
/// releases it when the process exits, SIGKILL included.
#[derive(Debug)]
pub struct StateLock {
    /// The open lock file; dropping it releases the lock.
    _file: File,
}

/// Path of the lock file of `db`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

/// Takes the lock of `db`, or fails at once when another process holds it.
pub fn acquire_lock(db: &Path) -> Result<StateLock, OpenError> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| OpenError::Io { path: path.clone(), source })?;
    match file.try_lock() {
        Ok(()) => Ok(StateLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(OpenError::Locked { lock: path, db: db.to_path_buf() }),
        Err(std::fs::TryLockError::Error(source)) => Err(OpenError::Io { path, source }),
    }
}

/// Creates `data_dir`, `data_dir/snapshots` and the database's parent directory.
pub fn create_directories(data_dir: &Path, db: &Path) -> Result<(), OpenError> {
    let snapshots = data_dir.join("snapshots");
    let parent = db.parent().filter(|parent| !parent.as_os_str().is_empty()).map(Path::to_path_buf);
    for dir in [Some(data_dir.to_path_buf()), Some(snapshots), parent].into_iter().flatten() {
        fs::create_dir_all(&dir).map_err(|source| OpenError::Io { path: dir.clone(), source })?;
    }
    Ok(())
}

/// Runs `PRAGMA integrity_check` on an existing database through a
/// read-only connection, so a corrupt file is never written to.
pub fn check_integrity(db: &Path, snapshots: &Path) -> Result<(), OpenError> {
    if !db.exists() {
        return Ok(());
    }
    let corrupt = |detail: String| OpenError::Corrupt { db: db.to_path_buf(), detail, snapshots: snapshots.to_path_buf() };
    let connection = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|error| corrupt(error.to_string()))?;
    let verdict = integrity_verdict(&connection).map_err(|error| corrupt(error.to_string()))?;
    if verdict != "ok" {
        return Err(corrupt(verdict));
    }
    Ok(())
}

/// The joined rows of `PRAGMA integrity_check`: `ok` for a sound file.
pub fn integrity_verdict(connection: &Connection) -> rusqlite::Result<String> {
    let mut statement = connection.prepare("PRAGMA integrity_check")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let lines = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.join("; "))
}

/// Opens the writer's connection: WAL, `synchronous=FULL`, migrated.
///
/// `synchronous=FULL` syncs the WAL on every commit, so an acknowledged
/// write survives SIGKILL and, when the disk honours fsync, power loss.
/// NOTE: the tests cover SIGKILL only; power loss is SQLite's documented
/// guarantee for this setting, not something tested here.
pub fn open_writer(db: &Path) -> Result<Connection, OpenError> {
    let wrap = |source| OpenError::Sqlite { db: db.to_path_buf(), source };
    let mut connection = Connection::open(db).map_err(wrap)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(wrap)?;
    let mode: String = connection.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0)).map_err(wrap)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(wrap(rusqlite::Error::InvalidParameterName(format!("journal_mode is {mode}, expected wal"))));
    }
    connection.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;").map_err(wrap)?;
    migrate(&mut connection, db)?;
    Ok(connection)
}

/// Opens a read-only connection for readers and snapshots.
pub fn open_read_only(db: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open_with_flags(db, read_only_flags())?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    Ok(connection)
}

/// Flags of every read-only connection.
pub fn read_only_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Applies every migration newer than the recorded version, each in its own transaction.
fn migrate(connection: &mut Connection, db: &Path) -> Result<(), OpenError> {
    let wrap = |source| OpenError::Sqlite { db: db.to_path_buf(), source };
    connection
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version INTEGER PRIMARY KEY,
                 name TEXT NOT NULL,
                 applied_unix INTEGER NOT NULL
             ) STRICT;",
        )
        .map_err(wrap)?;
    let current: i64 = connection
        .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |row| row.get(0))
        .map_err(wrap)?;
    let known = MIGRATIONS.last().map_or(0, |migration| migration.version);
    if current > known {
        return Err(OpenError::TooNew { db: db.to_path_buf(), found: current, known });
    }

    for migration in MIGRATIONS.iter().filter(|migration| migration.version > current) {
        let transaction = connection.transaction().map_err(wrap)?;
        transaction.execute_batch(migration.sql).map_err(wrap)?;
        transaction
            .execute(
                "INSERT INTO schema_migrations (version, name, applied_unix) VALUES (?1, ?2, unixepoch())",
                (migration.version, migration.name),
            )
            .map_err(wrap)?;
        transaction.commit().map_err(wrap)?;
        log::info!("event=state_migrated version={} name={} db={}", migration.version, migration.name, db.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        drop(open_writer(&db).unwrap());
        let connection = open_writer(&db).unwrap();
        let applied: i64 = connection.query_row("SELECT COUNT(*) FROM schema_migrations", [], |row| row.get(0)).unwrap();
        assert_eq!(applied, MIGRATIONS.len() as i64);
        let mode: String = connection.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let synchronous: i64 = connection.query_row("PRAGMA synchronous", [], |row| row.get(0)).unwrap();
        assert_eq!(synchronous, 2, "synchronous=FULL is 2");
    }

    #[test]
    fn newer_schema_fails_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        let connection = open_writer(&db).unwrap();
        connection.execute("INSERT INTO schema_migrations VALUES (99, 'future', 0)", []).unwrap();
        drop(connection);
        assert!(matches!(open_writer(&db), Err(OpenError::TooNew { found: 99, .. })));
    }

    #[test]
    fn second_lock_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        let first = acquire_lock(&db).unwrap();
        assert!(matches!(acquire_lock(&db), Err(OpenError::Locked { .. })));
        drop(first);
        assert!(acquire_lock(&db).is_ok());
    }

    #[test]
    fn garbage_file_is_corrupt_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        let garbage = vec![0x5au8; 8192];
        fs::write(&db, &garbage).unwrap();
        let error = check_integrity(&db, &dir.path().join("snapshots")).unwrap_err();
        assert!(error.to_string().contains("uwscrape state restore --from"), "{error}");
        assert_eq!(fs::read(&db).unwrap(), garbage);
    }

    #[test]
    fn closed_wal_database_checks_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        drop(open_writer(&db).unwrap());
        check_integrity(&db, &dir.path().join("snapshots")).unwrap();
    }
}
