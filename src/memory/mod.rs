//! Translation memory, request journal and TMX exchange: everything dramaloc remembers
//! about translations, in one SQLite file per series (`.dramaloc/tm.sqlite`, see [`store`]).
//!
//! - [`Memory`] (`tm.rs`): exact matches keyed by language pair and [`normalize`]d source text,
//!   with the backend, model and billed units that produced each target.
//! - [`Journal`] (`journal.rs`): every backend response body, stored durably before it is
//!   parsed, so that a killed run never pays twice.
//! - [`tmx`]: TMX 1.4b export and import for CAT tools.
//!
//! Owns storage and its formats only: nothing here knows HTTP, backends' wire formats, keys or
//! the translation pipeline, which call this API. Languages are keyed by their track tag
//! ([`crate::model::Language::track_tag`]), so `zh-CN` from a CAT tool meets `zh-Hans` tracks.

pub mod journal;
pub mod store;
pub mod timestamp;
pub mod tm;
pub mod tmx;

/// Builders shared by the unit tests of `tm` and `tmx`.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Billed, Memory, NewEntry, Origin, Timestamp};
    use crate::model::Language;

    pub fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    /// A DeepL entry from zh-Hans into `to`, billed by its source characters.
    pub fn entry(source: &str, target: &str, to: &str) -> NewEntry {
        NewEntry {
            source: lang("zh-Hans"),
            target: lang(to),
            source_text: source.to_owned(),
            target_text: target.to_owned(),
            backend: "deepl".to_owned(),
            model: String::new(),
            billed: Billed::characters(source.chars().count() as u64),
            origin: Origin::Backend,
            created: Some(Timestamp::from_unix(1_795_397_748)),
        }
    }

    /// A memory in a temporary series folder (kept alive by the returned guard).
    pub fn memory() -> (tempfile::TempDir, Memory) {
        let dir = tempfile::tempdir().unwrap();
        let m = Memory::open(dir.path()).unwrap();
        (dir, m)
    }
}

use std::path::PathBuf;

use crate::error::Cause;
use crate::message::Message;
use crate::msg;

pub use journal::{Journal, JournalMeta, Pending, State, redact};
pub use store::{DATABASE, SCHEMA_VERSION, Store, database_path};
pub use timestamp::Timestamp;
pub use tm::{
    BackendStats, Billed, BillingUnit, Entry, InsertReport, Memory, NewEntry, Origin, Overwrite,
    PairStats, Stats, normalize,
};
pub use tmx::{ImportReport, SkipReason, Skipped, TmxError, TmxErrorKind};

/// Why the memory or the journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot create {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: schema version {found} is newer than this dramaloc knows ({known})")]
    SchemaTooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("{path}: {detail}")]
    Corrupt { path: PathBuf, detail: String },
}

/// The error type of this module.
pub type Error = MemoryError;

impl MemoryError {
    /// The main line (`error: …`).
    pub fn message(&self) -> Message {
        match self {
            MemoryError::Sqlite { path, .. } => {
                msg!("error-memory-sqlite", path = path.display().to_string())
            }
            MemoryError::CreateDir { path, .. } => {
                msg!("error-io-create-dir", path = path.display().to_string())
            }
            MemoryError::SchemaTooNew { path, found, known } => msg!(
                "error-memory-schema-too-new",
                path = path.display().to_string(),
                found = *found,
                known = *known
            ),
            MemoryError::Corrupt { path, .. } => {
                msg!("error-memory-corrupt", path = path.display().to_string())
            }
        }
    }

    /// `caused by:` lines: SQLite's or the OS's own words.
    pub fn causes(&self) -> Vec<Cause> {
        match self {
            MemoryError::Sqlite { source, .. } => vec![Cause::Text(source.to_string())],
            MemoryError::CreateDir { source, .. } => vec![Cause::Text(source.to_string())],
            MemoryError::Corrupt { detail, .. } => vec![Cause::Text(detail.clone())],
            MemoryError::SchemaTooNew { .. } => Vec::new(),
        }
    }

    /// `hint:` line.
    pub fn hint(&self) -> Option<Message> {
        match self {
            MemoryError::SchemaTooNew { .. } => Some(msg!("hint-memory-schema-too-new")),
            MemoryError::Sqlite { source, path } => match source.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => Some(msg!(
                    "hint-memory-not-a-database",
                    path = path.display().to_string()
                )),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    Some(msg!("hint-memory-busy"))
                }
                _ => None,
            },
            MemoryError::Corrupt { .. } | MemoryError::CreateDir { .. } => None,
        }
    }
}
