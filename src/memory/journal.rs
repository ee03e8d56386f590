//! The request journal: every backend response body, stored durably before anyone parses it,
//! so that a run killed at any moment and started again pays for nothing twice.
//!
//! Owns storing, reading and pruning bodies under a request key, and which units were
//! answered. Computing the key, parsing bodies and deciding what to request are the
//! translation pipeline's business.
//!
//! **Secrets never go in.** The journal stores response bodies and request metadata only:
//! never pass an API key, an `Authorization` header or a request URL with a key in it. A
//! server that echoes a key back in its body must be passed through [`redact`] first.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use rusqlite::{OptionalExtension, params};

use super::Error;
use super::store::Store;
use super::timestamp::Timestamp;
use crate::model::Language;

/// What a journaled response answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalMeta {
    /// Backend id (`deepl`, `openai`…).
    pub backend: String,
    /// Model or engine version; empty when the backend has none.
    pub model: String,
    pub source: Language,
    pub target: Language,
    /// The ids of the units (cues) the request carried.
    pub units: Vec<String>,
}

/// Whether a journaled response's translations reached the memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Stored, not yet read.
    Pending = 0,
    /// Read; its translations are in the memory.
    Applied = 1,
    /// Read and found unusable (garbled); kept for inspection, asked again.
    Unreadable = 2,
}

/// A response stored but not yet applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub key: String,
    pub request: String,
    pub body: Vec<u8>,
}

/// The request journal of one series (same file as the translation memory).
#[derive(Debug)]
pub struct Journal {
    store: Store,
}

/// What replaces a secret in [`redact`].
pub const REDACTED: &[u8] = b"[REDACTED]";

/// `body` with every occurrence of each non-empty secret replaced by `[REDACTED]`; borrowed
/// when there is nothing to replace.
pub fn redact<'a>(body: &'a [u8], secrets: &[&str]) -> Cow<'a, [u8]> {
    let mut out = Cow::Borrowed(body);
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let finder = memchr::memmem::Finder::new(secret.as_bytes());
        if finder.find(&out).is_none() {
            continue;
        }
        let mut replaced = Vec::with_capacity(out.len());
        let mut last = 0;
        for at in finder.find_iter(&out) {
            replaced.extend_from_slice(&out[last..at]);
            replaced.extend_from_slice(REDACTED);
            last = at + secret.len();
        }
        replaced.extend_from_slice(&out[last..]);
        out = Cow::Owned(replaced);
    }
    out
}

impl Journal {
    /// Open (creating on first use) the journal of the series at `root`.
    pub fn open(root: &Path) -> Result<Journal, Error> {
        Ok(Journal {
            store: Store::open(root)?,
        })
    }

    /// Open (creating on first use) a journal file anywhere.
    pub fn open_file(path: &Path) -> Result<Journal, Error> {
        Ok(Journal {
            store: Store::open_file(path)?,
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Store a response body under `key` and commit: when this returns `Ok`, the body is on
    /// disk and survives a crash or `kill -9`. A second `put` of the same key replaces the
    /// body and its units.
    pub fn put(&self, key: &str, meta: &JournalMeta, body: &[u8]) -> Result<(), Error> {
        self.put_at(key, meta, "", body, Timestamp::now(), State::Applied)
    }

    /// Store a response body with the request it answers (`request`: the units and texts
    /// as the caller serialised them, never a key), marked [`State::Pending`] until the
    /// caller has moved its translations into the memory and calls [`settle`](Journal::settle).
    pub fn put_pending(
        &self,
        key: &str,
        meta: &JournalMeta,
        request: &str,
        body: &[u8],
    ) -> Result<(), Error> {
        self.put_at(key, meta, request, body, Timestamp::now(), State::Pending)
    }

    /// Mark a response as applied (its translations are in the memory) or unreadable.
    pub fn settle(&self, key: &str, state: State) -> Result<(), Error> {
        let tx = self.store.write()?;
        tx.prepare_cached("UPDATE journal SET state = ?2 WHERE key = ?1")
            .and_then(|mut st| st.execute(params![key, state as i64]))
            .map_err(|e| self.store.sqlite(e))?;
        tx.commit().map_err(|e| self.store.sqlite(e))
    }

    /// The responses of this backend and pair stored but not yet applied (a run was killed
    /// between storing and reading them), oldest first.
    pub fn pending(
        &self,
        backend: &str,
        source: &Language,
        target: &Language,
    ) -> Result<Vec<Pending>, Error> {
        let sql = |e| self.store.sqlite(e);
        let mut st = self
            .store
            .conn
            .prepare_cached(
                "SELECT key, request, body FROM journal \
                 WHERE backend = ?1 AND source_lang = ?2 AND target_lang = ?3 AND state = 0 \
                 ORDER BY created, key",
            )
            .map_err(sql)?;
        let (source, target) = (source.track_tag(), target.track_tag());
        let rows = st
            .query_map(params![backend, source.as_str(), target.as_str()], |r| {
                Ok(Pending {
                    key: r.get(0)?,
                    request: r.get(1)?,
                    body: r.get(2)?,
                })
            })
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)
    }

    fn put_at(
        &self,
        key: &str,
        meta: &JournalMeta,
        request: &str,
        body: &[u8],
        created: Timestamp,
        state: State,
    ) -> Result<(), Error> {
        let sql = |e| self.store.sqlite(e);
        let tx = self.store.write()?;
        {
            // Deleting first drops the old units through the foreign key's cascade.
            tx.prepare_cached("DELETE FROM journal WHERE key = ?1")
                .and_then(|mut st| st.execute([key]))
                .map_err(sql)?;
            tx.prepare_cached(
                "INSERT INTO journal (key, backend, model, source_lang, target_lang, created, body, \
                 request, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    key,
                    meta.backend,
                    meta.model,
                    meta.source.track_tag().as_str(),
                    meta.target.track_tag().as_str(),
                    created.rfc3339(),
                    body,
                    request,
                    state as i64,
                ])
            })
            .map_err(sql)?;
            let mut unit = tx
                .prepare_cached("INSERT OR IGNORE INTO journal_unit (key, unit) VALUES (?1, ?2)")
                .map_err(sql)?;
            for u in &meta.units {
                unit.execute(params![key, u]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// The body stored under `key`, unless it was found unreadable: such a body is kept for
    /// inspection but the request is asked again.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, Error> {
        self.store
            .conn
            .prepare_cached("SELECT body FROM journal WHERE key = ?1 AND state <> 2")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.store.sqlite(e))
    }

    /// The ids of every unit some journaled response of this backend answered for this pair.
    pub fn answered_units(
        &self,
        backend: &str,
        source: &Language,
        target: &Language,
    ) -> Result<HashSet<String>, Error> {
        let sql = |e| self.store.sqlite(e);
        let mut st = self
            .store
            .conn
            .prepare_cached(
                "SELECT DISTINCT u.unit FROM journal_unit u JOIN journal j ON j.key = u.key \
                 WHERE j.backend = ?1 AND j.source_lang = ?2 AND j.target_lang = ?3",
            )
            .map_err(sql)?;
        let source = source.track_tag();
        let target = target.track_tag();
        let rows = st
            .query_map(params![backend, source.as_str(), target.as_str()], |r| {
                r.get::<_, String>(0)
            })
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)
    }

    /// Drop the responses stored more than `days` days ago; returns how many.
    pub fn prune_older_than(&self, days: u32) -> Result<usize, Error> {
        let cutoff = Timestamp::from_unix(Timestamp::now().unix() - i64::from(days) * 86_400);
        let tx = self.store.write()?;
        let n = tx
            .execute("DELETE FROM journal WHERE created < ?1", [cutoff.rfc3339()])
            .map_err(|e| self.store.sqlite(e))?;
        tx.commit().map_err(|e| self.store.sqlite(e))?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(units: &[&str]) -> JournalMeta {
        JournalMeta {
            backend: "deepl".to_owned(),
            model: String::new(),
            source: Language::parse("zh-Hans").unwrap(),
            target: Language::parse("en-US").unwrap(),
            units: units.iter().map(|u| (*u).to_owned()).collect(),
        }
    }

    fn set(v: &[&str]) -> HashSet<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_body_survives_drop_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let body = br#"{"translations":[{"text":"Hello"}]}"#;
        {
            let j = Journal::open(dir.path()).unwrap();
            j.put("ab12", &meta(&["001:1", "001:2"]), body).unwrap();
            // Dropped without any explicit close or checkpoint.
        }
        let j = Journal::open(dir.path()).unwrap();
        assert_eq!(j.get("ab12").unwrap().as_deref(), Some(&body[..]));
        assert_eq!(j.get("other").unwrap(), None);
        let zh = Language::parse("zh-Hans").unwrap();
        let en = Language::parse("en-US").unwrap();
        assert_eq!(
            j.answered_units("deepl", &zh, &en).unwrap(),
            set(&["001:1", "001:2"])
        );
        assert!(j.answered_units("google", &zh, &en).unwrap().is_empty());
        assert!(j.answered_units("deepl", &en, &zh).unwrap().is_empty());
    }

    /// Set in the child process of `a_body_survives_a_process_abort`: the folder to write in.
    const CHILD_ENV: &str = "DRAMALOC_TEST_JOURNAL_CHILD";

    #[test]
    fn a_body_survives_a_process_abort() {
        // The same test in two roles: run normally, it starts itself as a child process that
        // writes one body and aborts right after `put` (no destructor, no close, no checkpoint:
        // as far as SQLite knows, a kill -9), then reads the body back.
        if let Some(dir) = std::env::var_os(CHILD_ENV) {
            let j = Journal::open(Path::new(&dir)).unwrap();
            j.put("killed", &meta(&["007:3"]), b"paid for").unwrap();
            std::process::abort();
        }
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "memory::journal::tests::a_body_survives_a_process_abort",
                "--nocapture",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success(), "the child must have aborted: {status:?}");
        let wal = dir.path().join(".dramaloc/tm.sqlite-wal");
        assert!(
            std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
            "the body is still only in the write-ahead log"
        );
        let j = Journal::open(dir.path()).unwrap();
        assert_eq!(j.get("killed").unwrap().as_deref(), Some(&b"paid for"[..]));
        let zh = Language::parse("zh-Hans").unwrap();
        let en = Language::parse("en-US").unwrap();
        assert_eq!(
            j.answered_units("deepl", &zh, &en).unwrap(),
            set(&["007:3"])
        );
    }

    #[test]
    fn a_committed_body_is_visible_to_another_connection_at_once() {
        // What a second process sees while the first still runs: the commit is durable and
        // visible before `put` returns, with no checkpoint or close in between.
        let dir = tempfile::tempdir().unwrap();
        let writer = Journal::open(dir.path()).unwrap();
        let reader = Journal::open(dir.path()).unwrap();
        writer.put("k1", &meta(&["u1"]), b"one").unwrap();
        assert_eq!(reader.get("k1").unwrap().as_deref(), Some(&b"one"[..]));
        let wal = dir.path().join(".dramaloc/tm.sqlite-wal");
        assert!(wal.is_file(), "WAL mode writes a -wal file");
    }

    #[test]
    fn put_again_replaces_body_and_units() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        j.put("k", &meta(&["a", "b"]), b"first").unwrap();
        j.put("k", &meta(&["c"]), b"second").unwrap();
        assert_eq!(j.get("k").unwrap().as_deref(), Some(&b"second"[..]));
        let zh = Language::parse("zh-CN").unwrap();
        let en = Language::parse("en-US").unwrap();
        assert_eq!(j.answered_units("deepl", &zh, &en).unwrap(), set(&["c"]));
    }

    #[test]
    fn prune_drops_old_bodies_and_their_units() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        let old = Timestamp::from_unix(Timestamp::now().unix() - 40 * 86_400);
        j.put_at("old", &meta(&["a"]), "", b"old", old, State::Applied)
            .unwrap();
        j.put("new", &meta(&["b"]), b"new").unwrap();
        assert_eq!(j.prune_older_than(30).unwrap(), 1);
        assert_eq!(j.get("old").unwrap(), None);
        assert!(j.get("new").unwrap().is_some());
        let zh = Language::parse("zh-Hans").unwrap();
        let en = Language::parse("en-US").unwrap();
        assert_eq!(j.answered_units("deepl", &zh, &en).unwrap(), set(&["b"]));
        assert_eq!(j.prune_older_than(30).unwrap(), 0);
    }

    #[test]
    fn redact_replaces_every_secret_occurrence() {
        let body = br#"{"error":"bad key sk-123abc","echo":"sk-123abc","k2":"XYZ"}"#;
        let out = redact(body, &["sk-123abc", "XYZ", ""]);
        assert_eq!(
            &*out,
            &br#"{"error":"bad key [REDACTED]","echo":"[REDACTED]","k2":"[REDACTED]"}"#[..]
        );
        assert!(matches!(redact(b"clean", &["sk-1"]), Cow::Borrowed(_)));
        // Stored through the journal, the redacted body holds no trace of the key.
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        j.put("k", &meta(&["u"]), &redact(body, &["sk-123abc", "XYZ"]))
            .unwrap();
        drop(j);
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir.path().join(".dramaloc")).unwrap() {
            all.extend(std::fs::read(entry.unwrap().path()).unwrap());
        }
        assert!(memchr::memmem::find(&all, b"sk-123abc").is_none());
        assert!(memchr::memmem::find(&all, b"bad key [REDACTED]").is_some());
    }

    #[test]
    fn pending_responses_are_listed_until_settled() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        j.put_pending("k1", &meta(&["E001#1"]), "[\"req\"]", b"{}")
            .unwrap();
        j.put("k2", &meta(&["E001#2"]), b"{}").unwrap();
        let (zh, en) = (
            Language::parse("zh-Hans").unwrap(),
            Language::parse("en-US").unwrap(),
        );
        let p = j.pending("deepl", &zh, &en).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].key.as_str(), p[0].request.as_str()),
            ("k1", "[\"req\"]")
        );
        assert!(j.pending("google", &zh, &en).unwrap().is_empty());
        j.settle("k1", State::Applied).unwrap();
        assert!(j.pending("deepl", &zh, &en).unwrap().is_empty());
        drop(j);
        // Durable across reopen.
        let j = Journal::open(dir.path()).unwrap();
        assert!(j.pending("deepl", &zh, &en).unwrap().is_empty());
        assert_eq!(j.get("k1").unwrap().as_deref(), Some(&b"{}"[..]));
    }

    #[test]
    fn an_unreadable_body_is_not_served_again() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        j.put_pending("k1", &meta(&["E001#1"]), "[]", b"garbage")
            .unwrap();
        assert!(j.get("k1").unwrap().is_some());
        j.settle("k1", State::Unreadable).unwrap();
        assert_eq!(j.get("k1").unwrap(), None);
        // Asked again and answered: served from then on.
        j.put_pending("k1", &meta(&["E001#1"]), "[]", b"{}")
            .unwrap();
        assert_eq!(j.get("k1").unwrap().as_deref(), Some(&b"{}"[..]));
    }
}
