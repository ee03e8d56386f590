//! The SQLite file behind the translation memory and the request journal: where it lives,
//! how a connection is set up, and the schema with its migrations.
//!
//! Owns the connection settings and the schema version. What the tables mean is the business
//! of `tm.rs` and `journal.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::Error;

/// Where the database lives, relative to the series root.
pub const DATABASE: &str = ".dramaloc/tm.sqlite";

/// The schema version this build writes and understands (`PRAGMA user_version`).
pub const SCHEMA_VERSION: u32 = 2;

/// How long a connection waits for another writer (process or thread) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Schema steps: `MIGRATIONS[n]` takes version `n` to `n + 1`. Only ever append.
const MIGRATIONS: &[&str] = &[
    // 0 → 1: translation memory and request journal.
    "CREATE TABLE tm_entry (
        source_lang  TEXT NOT NULL,
        target_lang  TEXT NOT NULL,
        source       TEXT NOT NULL,
        target       TEXT NOT NULL,
        backend      TEXT NOT NULL,
        model        TEXT NOT NULL,
        billed       INTEGER NOT NULL CHECK (billed >= 0),
        billed_unit  TEXT NOT NULL CHECK (billed_unit IN ('characters', 'tokens')),
        origin       TEXT NOT NULL CHECK (origin IN ('backend', 'import', 'manual')),
        created      TEXT NOT NULL,
        PRIMARY KEY (source_lang, target_lang, source)
    ) WITHOUT ROWID;
    CREATE INDEX tm_entry_backend ON tm_entry (backend, model);
    CREATE TABLE journal (
        key          TEXT PRIMARY KEY,
        backend      TEXT NOT NULL,
        model        TEXT NOT NULL,
        source_lang  TEXT NOT NULL,
        target_lang  TEXT NOT NULL,
        created      TEXT NOT NULL,
        body         BLOB NOT NULL
    );
    CREATE INDEX journal_pair ON journal (backend, source_lang, target_lang);
    CREATE INDEX journal_created ON journal (created);
    CREATE TABLE journal_unit (
        key   TEXT NOT NULL REFERENCES journal (key) ON DELETE CASCADE,
        unit  TEXT NOT NULL,
        PRIMARY KEY (key, unit)
    ) WITHOUT ROWID;",
    // 1 → 2: what each journaled response answered (the request's units and texts, never a
    // key), and whether its translations reached the memory: a restarted run applies what a
    // killed one stored but did not read.
    "ALTER TABLE journal ADD COLUMN request TEXT NOT NULL DEFAULT '';
    ALTER TABLE journal ADD COLUMN state INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX journal_pending ON journal (backend, source_lang, target_lang) WHERE state = 0;",
];

/// An open connection to the database file of one series.
pub struct Store {
    pub(super) conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The database file of the series at `root`.
pub fn database_path(root: &Path) -> PathBuf {
    root.join(DATABASE)
}

impl Store {
    /// Open (creating on first use) the database of the series at `root`.
    pub fn open(root: &Path) -> Result<Store, Error> {
        Store::open_file(&database_path(root))
    }

    /// Open (creating on first use) the database at `path`, set the connection up and bring
    /// the schema to [`SCHEMA_VERSION`]. Another process may have it open at the same time:
    /// this one waits up to [`BUSY_TIMEOUT`] for its lock.
    pub fn open_file(path: &Path) -> Result<Store, Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let sql = |source| Error::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        // The busy handler first: every later statement may meet another process's lock.
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        // Switching a new file to WAL takes an exclusive lock, and SQLite answers BUSY at once
        // (without the busy handler) when another process opens the same new file at that
        // moment: try again for as long as the busy timeout.
        let started = std::time::Instant::now();
        let mode: String = loop {
            match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => break other.map_err(sql)?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
                detail: format!("journal_mode is `{mode}`, not `wal`"),
            });
        }
        // FULL: a commit is on disk (the WAL fsynced) before it returns; the journal relies on it.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(sql)?;
        // Up to 64 MiB of page cache (allocated as used): a batch lookup in a large memory
        // touches pages all over the key index.
        conn.pragma_update(None, "cache_size", -65_536)
            .map_err(sql)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version written in the file.
    pub fn schema_version(&self) -> Result<u32, Error> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// Bring the file to [`SCHEMA_VERSION`], one step at a time, in one write transaction (two
    /// processes opening a new file at once: the second waits, then finds nothing to do).
    /// A file written by a newer dramaloc is refused, never downgraded.
    fn migrate(&self) -> Result<(), Error> {
        let found = self.schema_version()?;
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        self.check_version(found)?;
        let tx = self.write()?;
        // Read again under the write lock: another process may have migrated meanwhile.
        let found = self.schema_version()?;
        self.check_version(found)?;
        for step in MIGRATIONS.iter().skip(found as usize) {
            tx.execute_batch(step).map_err(|e| self.sqlite(e))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| self.sqlite(e))?;
        tx.commit().map_err(|e| self.sqlite(e))
    }

    fn check_version(&self, found: u32) -> Result<(), Error> {
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                path: self.path.clone(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so that a
    /// concurrent writer waits in the busy handler instead of failing on lock upgrade.
    pub(super) fn write(&self) -> Result<rusqlite::Transaction<'_>, Error> {
        rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.sqlite(e))
    }

    /// An SQLite error on this file.
    pub(super) fn sqlite(&self, source: rusqlite::Error) -> Error {
        Error::Sqlite {
            path: self.path.clone(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(store: &Store) -> Vec<String> {
        let mut st = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn creates_the_file_and_folder_on_first_use() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(dir.path().join(".dramaloc/tm.sqlite").is_file());
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(tables(&store), ["journal", "journal_unit", "tm_entry"]);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous = FULL");
    }

    #[test]
    fn migrates_an_empty_file_and_reopens_without_migrating_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        std::fs::write(&path, b"").unwrap();
        let store = Store::open_file(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store
            .conn
            .execute(
                "INSERT INTO journal (key, backend, model, source_lang, target_lang, created, body) VALUES ('k', 'b', 'm', 'zh-Hans', 'en-US', 'now', x'00')",
                [],
            )
            .unwrap();
        drop(store);
        // A second open must keep the data (no migration run twice, no table recreated).
        let store = Store::open_file(&path).unwrap();
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn refuses_a_newer_schema_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 7;")
                .unwrap();
        }
        let err = Store::open_file(&path).unwrap_err();
        match &err {
            Error::SchemaTooNew { found, known, .. } => {
                assert_eq!((*found, *known), (7, SCHEMA_VERSION));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.message().id, "error-memory-schema-too-new");
        let conn = Connection::open(&path).unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 7);
    }

    #[test]
    fn refuses_a_file_that_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        std::fs::write(
            &path,
            b"this is not an SQLite file, just some text, long enough",
        )
        .unwrap();
        let err = Store::open_file(&path).unwrap_err();
        assert!(matches!(err, Error::Sqlite { .. }), "{err:?}");
        assert_eq!(err.hint().map(|h| h.id), Some("hint-memory-not-a-database"));
    }

    #[test]
    fn two_new_connections_at_once_migrate_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || Store::open_file(&p).map(|s| s.schema_version()))
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap().unwrap().unwrap(), SCHEMA_VERSION);
        }
    }
}
