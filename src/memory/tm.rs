//! The translation memory: exact matches keyed by (source tag, target tag, normalized source
//! text), each with the target text and what it cost.
//!
//! Owns the key ([`normalize`]), the entry types, lookup, insert with its overwrite policy,
//! and statistics. Fuzzy matching, HTTP and backends are not here.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Row, params};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::store::Store;
use super::timestamp::Timestamp;
use super::{Error, MemoryError};
use crate::model::Language;

/// The key form of a source text: how two spellings of the same line are made equal.
///
/// 1. line breaks: `\r\n` and a lone `\r` become `\n`; line breaks are kept, never joined;
/// 2. each line is trimmed, and every run of white space inside it (spaces, tabs, no-break
///    and ideographic spaces: Unicode `White_Space`) becomes one ASCII space;
/// 3. control characters other than the line feed are dropped (they are invisible, and XML,
///    hence TMX, cannot carry most of them);
/// 4. blank lines at the start and the end are dropped (blank lines inside are kept);
/// 5. the result is put in Unicode NFC.
///
/// Markup placeholders (`<i>`, `{\an8}`, `\N`) are text like any other and stay as they are;
/// letter case and punctuation are never changed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_start = 0;
    let mut space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                line_start = out.len();
                space = false;
            }
            c if c.is_whitespace() => space = true,
            c if c.is_control() => {}
            c => {
                if space && out.len() > line_start {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    let trimmed = out.trim_matches('\n');
    if is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        if trimmed.len() == out.len() {
            out
        } else {
            trimmed.to_owned()
        }
    } else {
        trimmed.nfc().collect()
    }
}

/// Whether a later insert for a key already in the memory replaces its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overwrite {
    /// Keep the entry already there: never pay twice, never silently change a reviewed line.
    #[default]
    No,
    /// Replace the target and its metadata (an explicit re-translation or re-import).
    Yes,
}

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// A translation backend's answer.
    Backend,
    /// A TMX file.
    Import,
    /// Typed or reviewed by a person.
    Manual,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Backend => "backend",
            Origin::Import => "import",
            Origin::Manual => "manual",
        }
    }

    pub fn parse(text: &str) -> Option<Origin> {
        match text {
            "backend" => Some(Origin::Backend),
            "import" => Some(Origin::Import),
            "manual" => Some(Origin::Manual),
            _ => None,
        }
    }
}

/// What a backend bills by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum BillingUnit {
    /// Characters of source text (DeepL, Google, Azure…).
    #[default]
    Characters,
    /// Model tokens, prompt and completion (LLM backends).
    Tokens,
}

impl BillingUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            BillingUnit::Characters => "characters",
            BillingUnit::Tokens => "tokens",
        }
    }

    pub fn parse(text: &str) -> Option<BillingUnit> {
        match text {
            "characters" => Some(BillingUnit::Characters),
            "tokens" => Some(BillingUnit::Tokens),
            _ => None,
        }
    }
}

/// What producing one entry was billed (0 for imported and manual entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Billed {
    pub units: u64,
    pub unit: BillingUnit,
}

impl Billed {
    pub const NOTHING: Billed = Billed {
        units: 0,
        unit: BillingUnit::Characters,
    };

    pub fn characters(units: u64) -> Billed {
        Billed {
            units,
            unit: BillingUnit::Characters,
        }
    }

    pub fn tokens(units: u64) -> Billed {
        Billed {
            units,
            unit: BillingUnit::Tokens,
        }
    }
}

/// An entry to add. The source text is normalized on insert.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub source: Language,
    pub target: Language,
    pub source_text: String,
    pub target_text: String,
    /// Backend id (`deepl`, `openai`…; `tmx` for foreign imports, `manual` for people).
    pub backend: String,
    /// Model or engine version; empty when the backend has none.
    pub model: String,
    pub billed: Billed,
    pub origin: Origin,
    /// When it was made; `None` means now.
    pub created: Option<Timestamp>,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub source: Language,
    pub target: Language,
    /// The normalized source text (the key).
    pub source_text: String,
    pub target_text: String,
    pub backend: String,
    pub model: String,
    pub billed: Billed,
    pub origin: Origin,
    pub created: Timestamp,
}

/// What one [`Memory::insert`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InsertReport {
    /// New keys.
    pub added: usize,
    /// Keys already there, left as they were (the same entry, or [`Overwrite::No`]).
    pub kept: usize,
    /// Keys already there whose target or metadata were replaced ([`Overwrite::Yes`]).
    pub replaced: usize,
}

/// Entries per language pair.
#[derive(Debug, Clone, PartialEq)]
pub struct PairStats {
    pub source: Language,
    pub target: Language,
    pub entries: u64,
}

/// Entries and the billed units they cost, per backend, model and billing unit.
#[derive(Debug, Clone, PartialEq)]
pub struct BackendStats {
    pub backend: String,
    pub model: String,
    pub unit: BillingUnit,
    pub entries: u64,
    pub billed: u64,
}

/// A summary of the memory, sorted by tags and by backend/model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    pub entries: u64,
    pub pairs: Vec<PairStats>,
    pub backends: Vec<BackendStats>,
}

/// The translation memory of one series.
#[derive(Debug)]
pub struct Memory {
    store: Store,
}

/// The tag a language is keyed by.
fn tag(lang: &Language) -> String {
    lang.track_tag().to_string()
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

const COLUMNS: &str = "source_lang, target_lang, source, target, backend, model, billed, billed_unit, origin, created";

impl Memory {
    /// Open (creating on first use) the memory of the series at `root`.
    pub fn open(root: &Path) -> Result<Memory, Error> {
        Ok(Memory {
            store: Store::open(root)?,
        })
    }

    /// Open (creating on first use) a memory file anywhere.
    pub fn open_file(path: &Path) -> Result<Memory, Error> {
        Ok(Memory {
            store: Store::open_file(path)?,
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    fn corrupt(&self, detail: String) -> MemoryError {
        MemoryError::Corrupt {
            path: self.store.path().to_path_buf(),
            detail,
        }
    }

    /// A row of [`COLUMNS`] as an entry. `pair`: the languages when the query fixed them
    /// (parsing two tags per row is a good part of a lookup's time).
    fn entry(&self, row: &Row<'_>, pair: Option<(&Language, &Language)>) -> Result<Entry, Error> {
        let get = |i: usize| -> Result<String, Error> {
            row.get::<_, String>(i).map_err(|e| self.store.sqlite(e))
        };
        let lang = |i: usize| -> Result<Language, Error> {
            if let Some((source, target)) = pair {
                return Ok(if i == 0 {
                    source.clone()
                } else {
                    target.clone()
                });
            }
            let text = get(i)?;
            Language::parse(&text).map_err(|_| self.corrupt(format!("invalid tag `{text}`")))
        };
        let billed: i64 = row.get(6).map_err(|e| self.store.sqlite(e))?;
        let unit = get(7)?;
        let origin = get(8)?;
        let created = get(9)?;
        Ok(Entry {
            source: lang(0)?,
            target: lang(1)?,
            source_text: get(2)?,
            target_text: get(3)?,
            backend: get(4)?,
            model: get(5)?,
            billed: Billed {
                units: u64::try_from(billed).unwrap_or(0),
                unit: BillingUnit::parse(&unit)
                    .ok_or_else(|| self.corrupt(format!("unknown billing unit `{unit}`")))?,
            },
            origin: Origin::parse(&origin)
                .ok_or_else(|| self.corrupt(format!("unknown origin `{origin}`")))?,
            created: Timestamp::parse_rfc3339(&created)
                .ok_or_else(|| self.corrupt(format!("invalid time `{created}`")))?,
        })
    }

    /// Exact matches for `texts` (each normalized first), in the same order; one query for the
    /// whole batch.
    pub fn lookup(
        &self,
        source: &Language,
        target: &Language,
        texts: &[&str],
    ) -> Result<Vec<Option<Entry>>, Error> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
        let mut unique: Vec<&str> = keys.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        let list = serde_json::to_string(&unique).map_err(|e| self.corrupt(e.to_string()))?;
        let mut st = self
            .store
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM tm_entry \
                 WHERE source_lang = ?1 AND target_lang = ?2 \
                 AND source IN (SELECT value FROM json_each(?3))"
            ))
            .map_err(|e| self.store.sqlite(e))?;
        let (source, target) = (source.track_tag(), target.track_tag());
        let mut rows = st
            .query(params![source.as_str(), target.as_str(), list])
            .map_err(|e| self.store.sqlite(e))?;
        let mut found: HashMap<String, Entry> = HashMap::with_capacity(unique.len());
        while let Some(row) = rows.next().map_err(|e| self.store.sqlite(e))? {
            let entry = self.entry(row, Some((&source, &target)))?;
            found.insert(entry.source_text.clone(), entry);
        }
        Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
    }

    /// Add entries in one transaction. A key already present is kept unless `overwrite` is
    /// [`Overwrite::Yes`]; within one call, a later entry for the same key counts the same way.
    pub fn insert(
        &self,
        entries: &[NewEntry],
        overwrite: Overwrite,
    ) -> Result<InsertReport, Error> {
        let sql = |e| self.store.sqlite(e);
        let tx = self.store.write()?;
        let mut report = InsertReport::default();
        {
            let mut add = tx
                .prepare_cached(&format!(
                    "INSERT INTO tm_entry ({COLUMNS}) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                     ON CONFLICT (source_lang, target_lang, source) DO NOTHING"
                ))
                .map_err(sql)?;
            let mut replace = tx
                .prepare_cached(
                    "UPDATE tm_entry SET target = ?4, backend = ?5, model = ?6, billed = ?7, \
                     billed_unit = ?8, origin = ?9, created = ?10 \
                     WHERE source_lang = ?1 AND target_lang = ?2 AND source = ?3 \
                     AND (target IS NOT ?4 OR backend IS NOT ?5 OR model IS NOT ?6 \
                          OR billed IS NOT ?7 OR billed_unit IS NOT ?8 OR origin IS NOT ?9)",
                )
                .map_err(sql)?;
            let now = Timestamp::now();
            for e in entries {
                let (source, target) = (tag(&e.source), tag(&e.target));
                let source_text = normalize(&e.source_text);
                let target_text = e.target_text.replace("\r\n", "\n").replace('\r', "\n");
                let created = e.created.unwrap_or(now).rfc3339();
                let p = params![
                    source,
                    target,
                    source_text,
                    target_text,
                    e.backend,
                    e.model,
                    to_i64(e.billed.units),
                    e.billed.unit.as_str(),
                    e.origin.as_str(),
                    created,
                ];
                if add.execute(p).map_err(sql)? == 1 {
                    report.added += 1;
                } else if overwrite == Overwrite::Yes && replace.execute(p).map_err(sql)? == 1 {
                    report.replaced += 1;
                } else {
                    report.kept += 1;
                }
            }
        }
        tx.commit().map_err(sql)?;
        Ok(report)
    }

    /// Every entry, or those of one source and/or target language, sorted by source tag,
    /// target tag and source text (a stable order for export).
    pub fn entries(
        &self,
        source: Option<&Language>,
        target: Option<&Language>,
    ) -> Result<Vec<Entry>, Error> {
        let mut st = self
            .store
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM tm_entry \
                 WHERE (?1 IS NULL OR source_lang = ?1) AND (?2 IS NULL OR target_lang = ?2) \
                 ORDER BY source_lang, target_lang, source"
            ))
            .map_err(|e| self.store.sqlite(e))?;
        let mut rows = st
            .query(params![source.map(tag), target.map(tag)])
            .map_err(|e| self.store.sqlite(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.store.sqlite(e))? {
            out.push(self.entry(row, None)?);
        }
        Ok(out)
    }

    /// Entries per language pair, and entries and billed units per backend and model.
    pub fn stats(&self) -> Result<Stats, Error> {
        let sql = |e| self.store.sqlite(e);
        let conn = &self.store.conn;
        let count = |v: i64| u64::try_from(v).unwrap_or(0);
        let mut stats = Stats::default();
        let mut st = conn
            .prepare_cached(
                "SELECT source_lang, target_lang, count(*) FROM tm_entry \
                 GROUP BY source_lang, target_lang ORDER BY source_lang, target_lang",
            )
            .map_err(sql)?;
        let mut rows = st.query([]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            let lang = |i: usize| -> Result<Language, Error> {
                let text: String = row.get(i).map_err(sql)?;
                Language::parse(&text).map_err(|_| self.corrupt(format!("invalid tag `{text}`")))
            };
            let entries = count(row.get(2).map_err(sql)?);
            stats.entries += entries;
            stats.pairs.push(PairStats {
                source: lang(0)?,
                target: lang(1)?,
                entries,
            });
        }
        let mut st = conn
            .prepare_cached(
                "SELECT backend, model, billed_unit, count(*), total(billed) FROM tm_entry \
                 GROUP BY backend, model, billed_unit ORDER BY backend, model, billed_unit",
            )
            .map_err(sql)?;
        let mut rows = st.query([]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            let unit: String = row.get(2).map_err(sql)?;
            let billed: f64 = row.get(4).map_err(sql)?;
            stats.backends.push(BackendStats {
                backend: row.get(0).map_err(sql)?,
                model: row.get(1).map_err(sql)?,
                unit: BillingUnit::parse(&unit)
                    .ok_or_else(|| self.corrupt(format!("unknown billing unit `{unit}`")))?,
                entries: count(row.get(3).map_err(sql)?),
                // `total` never overflows (it sums in floating point); integers up to 2^53
                // are exact, far beyond what anyone is billed.
                billed: billed as u64,
            });
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::test_support::{lang, memory};

    fn entry(source: &str, target: &str) -> NewEntry {
        crate::memory::test_support::entry(source, target, "en-US")
    }

    #[test]
    fn normalize_trims_collapses_and_keeps_line_breaks() {
        assert_eq!(normalize("  你好，\t 世界  "), "你好， 世界");
        assert_eq!(normalize("a  b\r\n  c\u{3000}\u{a0}d \rE"), "a b\nc d\nE");
        assert_eq!(normalize("\n\n first\n\nthird \n \n"), "first\n\nthird");
        assert_eq!(normalize("bell\u{7}\u{0} ring\u{85}"), "bell ring");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \t\r\n "), "");
    }

    #[test]
    fn normalize_composes_to_nfc_after_dropping_controls() {
        // e + combining acute → é; Hangul jamo → one syllable.
        assert_eq!(normalize("Cafe\u{301}"), "Caf\u{e9}");
        assert_eq!(normalize("\u{1100}\u{1161}"), "\u{ac00}");
        // A control character between base and mark must not block composition.
        assert_eq!(normalize("e\u{1}\u{301}"), "\u{e9}");
        // Compatibility characters are not folded (NFC, not NFKC): full width stays.
        assert_eq!(normalize("ＡＢＣ１"), "ＡＢＣ１");
    }

    #[test]
    fn normalize_keeps_markup_placeholders_case_and_punctuation() {
        assert_eq!(
            normalize("{\\an8}<i>Wait…</i>\\NNo!  "),
            "{\\an8}<i>Wait…</i>\\NNo!"
        );
        assert_eq!(normalize("<i> a </i>"), "<i> a </i>");
        assert_ne!(normalize("Tea"), normalize("tea"));
    }

    #[test]
    fn lookup_matches_normalized_text_in_one_batch_and_keeps_order() {
        let (_d, m) = memory();
        let r = m
            .insert(
                &[entry("你好", "Hello"), entry("再见\n明天", "Bye\nTomorrow")],
                Overwrite::No,
            )
            .unwrap();
        assert_eq!(
            r,
            InsertReport {
                added: 2,
                kept: 0,
                replaced: 0
            }
        );
        let got = m
            .lookup(
                &lang("zh-Hans"),
                &lang("en-US"),
                &["  再见 \r\n明天", "没有", "你好", "你好 "],
            )
            .unwrap();
        let targets: Vec<_> = got
            .iter()
            .map(|e| e.as_ref().map(|e| e.target_text.as_str()))
            .collect();
        assert_eq!(
            targets,
            [Some("Bye\nTomorrow"), None, Some("Hello"), Some("Hello")]
        );
        let hello = got[2].as_ref().unwrap();
        assert_eq!(hello.backend, "deepl");
        assert_eq!(hello.billed, Billed::characters(2));
        assert_eq!(hello.origin, Origin::Backend);
        assert_eq!(hello.created.rfc3339(), "2026-11-23T01:35:48Z");
        // Other pairs do not match.
        let other = m
            .lookup(&lang("zh-Hans"), &lang("es-419"), &["你好"])
            .unwrap();
        assert_eq!(other, [None]);
        let reverse = m
            .lookup(&lang("en-US"), &lang("zh-Hans"), &["Hello"])
            .unwrap();
        assert_eq!(reverse, [None]);
        assert!(
            m.lookup(&lang("zh-Hans"), &lang("en-US"), &[])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn tags_are_keyed_by_track_tag() {
        let (_d, m) = memory();
        let mut e = entry("你好", "Hello");
        e.source = lang("zh-CN");
        m.insert(&[e], Overwrite::No).unwrap();
        let got = m
            .lookup(&lang("zh-Hans"), &lang("en-US"), &["你好"])
            .unwrap();
        assert_eq!(got[0].as_ref().unwrap().source.as_str(), "zh-Hans");
    }

    #[test]
    fn a_second_insert_keeps_the_first_unless_asked() {
        let (_d, m) = memory();
        m.insert(&[entry("你好", "Hello")], Overwrite::No).unwrap();
        let r = m.insert(&[entry("你好 ", "Hi")], Overwrite::No).unwrap();
        assert_eq!(
            r,
            InsertReport {
                added: 0,
                kept: 1,
                replaced: 0
            }
        );
        let target = |m: &Memory| {
            m.lookup(&lang("zh-Hans"), &lang("en-US"), &["你好"])
                .unwrap()[0]
                .clone()
                .unwrap()
        };
        assert_eq!(target(&m).target_text, "Hello");
        // The same entry again with Overwrite::Yes changes nothing: kept.
        let r = m.insert(&[entry("你好", "Hello")], Overwrite::Yes).unwrap();
        assert_eq!(
            r,
            InsertReport {
                added: 0,
                kept: 1,
                replaced: 0
            }
        );
        let mut manual = entry("你好", "Hi there");
        manual.origin = Origin::Manual;
        manual.backend = "manual".to_owned();
        manual.billed = Billed::NOTHING;
        let r = m.insert(&[manual], Overwrite::Yes).unwrap();
        assert_eq!(
            r,
            InsertReport {
                added: 0,
                kept: 0,
                replaced: 1
            }
        );
        let e = target(&m);
        assert_eq!(
            (e.target_text.as_str(), e.origin),
            ("Hi there", Origin::Manual)
        );
        assert_eq!(m.stats().unwrap().entries, 1);
        // Duplicates inside one batch follow the same rule.
        let r = m
            .insert(&[entry("一", "One"), entry("一", "1")], Overwrite::No)
            .unwrap();
        assert_eq!(
            r,
            InsertReport {
                added: 1,
                kept: 1,
                replaced: 0
            }
        );
    }

    #[test]
    fn insert_is_one_transaction() {
        let (_d, m) = memory();
        // A billed count past i64 is clamped, not an error; an invalid origin cannot be
        // expressed, so make the second statement fail through a trigger instead.
        m.store
            .conn
            .execute_batch(
                "CREATE TRIGGER no_bad BEFORE INSERT ON tm_entry WHEN NEW.source = 'bad' \
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let err = m
            .insert(&[entry("好", "Good"), entry("bad", "x")], Overwrite::No)
            .unwrap_err();
        assert!(matches!(err, MemoryError::Sqlite { .. }), "{err:?}");
        assert_eq!(
            m.stats().unwrap().entries,
            0,
            "the first insert was rolled back"
        );
    }

    #[test]
    fn stats_per_pair_and_per_backend_model() {
        let (_d, m) = memory();
        let mut es = vec![entry("一", "One"), entry("二", "Two"), entry("三", "Three")];
        es[2].backend = "openai".to_owned();
        es[2].model = "gpt-4o-mini".to_owned();
        es[2].billed = Billed::tokens(42);
        let mut spanish = entry("一", "Uno");
        spanish.target = lang("es-419");
        es.push(spanish);
        m.insert(&es, Overwrite::No).unwrap();
        let s = m.stats().unwrap();
        assert_eq!(s.entries, 4);
        let pairs: Vec<_> = s
            .pairs
            .iter()
            .map(|p| (p.source.as_str(), p.target.as_str(), p.entries))
            .collect();
        assert_eq!(pairs, [("zh-Hans", "en-US", 3), ("zh-Hans", "es-419", 1)]);
        let backends: Vec<_> = s
            .backends
            .iter()
            .map(|b| {
                (
                    b.backend.as_str(),
                    b.model.as_str(),
                    b.unit,
                    b.entries,
                    b.billed,
                )
            })
            .collect();
        assert_eq!(
            backends,
            [
                ("deepl", "", BillingUnit::Characters, 3, 3),
                ("openai", "gpt-4o-mini", BillingUnit::Tokens, 1, 42)
            ]
        );
    }

    #[test]
    fn entries_filter_and_sort() {
        let (_d, m) = memory();
        let mut es = vec![entry("二", "Two"), entry("一", "One")];
        let mut spanish = entry("一", "Uno");
        spanish.target = lang("es-419");
        es.push(spanish);
        m.insert(&es, Overwrite::No).unwrap();
        let all: Vec<_> = m
            .entries(None, None)
            .unwrap()
            .into_iter()
            .map(|e| e.target_text)
            .collect();
        assert_eq!(all, ["One", "Two", "Uno"]);
        let es: Vec<_> = m
            .entries(None, Some(&lang("es-419")))
            .unwrap()
            .into_iter()
            .map(|e| e.target_text)
            .collect();
        assert_eq!(es, ["Uno"]);
        assert!(m.entries(Some(&lang("en-US")), None).unwrap().is_empty());
    }

    #[test]
    fn two_writers_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let root = root.clone();
                std::thread::spawn(move || {
                    let m = Memory::open(&root).unwrap();
                    let mut total = InsertReport::default();
                    // Many small transactions interleave more than one big one would.
                    for chunk in 0..20 {
                        let batch: Vec<_> = (0..50)
                            .map(|i| entry(&format!("w{w} line {}", chunk * 50 + i), "x"))
                            .collect();
                        let r = m.insert(&batch, Overwrite::No).unwrap();
                        total.added += r.added;
                    }
                    total.added
                })
            })
            .collect();
        let added: usize = writers.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(added, 2000);
        let m = Memory::open(&root).unwrap();
        assert_eq!(m.stats().unwrap().entries, 2000);
    }
}
