//! Safe reading of bundle archives: a zip file or a folder, opened defensively and handed
//! back in memory as the content of every safe regular file plus a finding for every problem.
//! Nothing is ever extracted to disk.
//!
//! Videos (`.mp4`, `.m4v`, `.mov`) are judged like every other entry but, when the caller
//! gives [`MediaLimits`] ([`open_with_media`]), not read into memory: they come back as
//! [`MediaEntry`]s that the caller streams ([`MediaEntry::copy_to`]) under the same caps
//! (declared size, CRC-32). A zip file is then read piece by piece (end records, central
//! directory, local headers), never whole.
//!
//! Owns the archive layer only (names, entry types, sizes, zip structure); what the files
//! mean (manifest, tracks) is checked by `validate` on top of [`Opened`].
//!
//! For a zip, everything about an entry (name, type, declared sizes, compression ratio) is
//! decided from the central directory, read by our own scanner (`scan.rs`), before any
//! content is read; content is inflated with a hard cap of the declared size + 1 byte, so a
//! lying header cannot exhaust memory. The `zip` crate gives a second opinion on every entry
//! that is read: when it refuses the archive, or sees an entry at another place or size, the
//! archive is corrupt (two readers that disagree are how zip parser-differential attacks
//! work).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod folder;
mod media;
mod names;
mod scan;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Finding;
use crate::error::{Error, IoAction};
use crate::message::Message;
use crate::msg;

pub use folder::{open_folder, open_folder_with_media};
pub use media::{CopyError, MediaEntry, MediaLimits, is_media_name};
use media::{FileSource, MediaOrigin, SourceReader};
use names::{NameProblem, SafeName};
use scan::{LocalError, Record, ScanError, Source, Window};

/// Not a zip at all: no zip signature at the start and no end record.
pub const NOT_A_ZIP: &str = "not-a-zip";
/// A truncated or damaged zip, an encrypted entry or an unsupported compression method.
pub const ARCHIVE_CORRUPT: &str = "archive-corrupt";
/// An entry name with a `..` component.
pub const PATH_TRAVERSAL: &str = "path-traversal";
/// An absolute entry name (`/x`, `\x`, `C:\x`).
pub const ABSOLUTE_PATH: &str = "absolute-path";
/// A symbolic link (zip entry with the S_IFLNK mode, or a link in a folder bundle).
pub const SYMLINK_ENTRY: &str = "symlink-entry";
/// A device, pipe or socket: neither a regular file nor a folder.
pub const SPECIAL_ENTRY: &str = "special-entry";
/// Two entries that unpack to the same file on macOS or Windows, or a file that another
/// entry uses as a folder.
pub const DUPLICATE_ENTRY: &str = "duplicate-entry";
/// An entry name that is not UTF-8 (or not flagged as UTF-8 in the zip).
pub const NAME_NOT_UTF8: &str = "name-not-utf8";
/// Too many entries, an entry or the whole too large, or content larger than declared.
pub const SIZE_LIMIT_EXCEEDED: &str = "size-limit-exceeded";
/// An entry that unpacks to more than `max_ratio` times its packed size.
pub const COMPRESSION_RATIO_TOO_HIGH: &str = "compression-ratio-too-high";
/// A file of a folder bundle that cannot be read.
pub const ENTRY_UNREADABLE: &str = "entry-unreadable";

/// Every rule id this module reports.
pub const RULES: &[&str] = &[
    NOT_A_ZIP,
    ARCHIVE_CORRUPT,
    PATH_TRAVERSAL,
    ABSOLUTE_PATH,
    SYMLINK_ENTRY,
    SPECIAL_ENTRY,
    DUPLICATE_ENTRY,
    NAME_NOT_UTF8,
    SIZE_LIMIT_EXCEEDED,
    COMPRESSION_RATIO_TOO_HIGH,
    ENTRY_UNREADABLE,
];

/// The compression ratio is only judged for entries larger than this (uncompressed): small
/// files of repeated text legitimately compress far better than 100:1.
pub const RATIO_MIN_BYTES: u64 = 1024 * 1024;

/// A zip file larger than `max_total_bytes` plus this is refused without being read: its
/// headers cannot account for the difference.
pub const ZIP_OVERHEAD_BYTES: u64 = 64 * 1024 * 1024;

/// How much an archive may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Entries in the central directory (folders included), or files and folders in a folder.
    pub max_entries: usize,
    /// Uncompressed bytes of one file.
    pub max_entry_bytes: u64,
    /// Uncompressed bytes of all files together.
    pub max_total_bytes: u64,
    /// Uncompressed / compressed size, for files over [`RATIO_MIN_BYTES`].
    pub max_ratio: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: 10_000,
            max_entry_bytes: 64 * 1024 * 1024,
            max_total_bytes: 512 * 1024 * 1024,
            max_ratio: 100,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    Zip,
    Folder,
}

/// A safe regular file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `/`-separated path inside the bundle, without `./` (`ep01/en.srt`).
    pub name: String,
    pub data: Vec<u8>,
}

/// What an archive holds: the safe files, and a finding for everything else.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub kind: ArchiveKind,
    /// Safe regular files only, sorted by name.
    pub entries: Vec<Entry>,
    /// Safe videos left where they are, sorted by name (only with [`MediaLimits`]).
    pub media: Vec<MediaEntry>,
    /// The entry name each finding concerns (as stored, lossily UTF-8), or `None` for the
    /// archive as a whole.
    pub findings: Vec<(Option<String>, Finding)>,
}

impl Opened {
    fn new(kind: ArchiveKind) -> Opened {
        Opened {
            kind,
            entries: Vec::new(),
            media: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn push(&mut self, name: Option<&str>, finding: Finding) {
        self.findings.push((name.map(str::to_owned), finding));
    }

    /// The entry called `name`.
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// The video called `name`.
    pub fn media_entry(&self, name: &str) -> Option<&MediaEntry> {
        self.media
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.media.get(i))
    }

    /// Bytes of content handed back in memory.
    pub fn total_bytes(&self) -> u64 {
        self.entries
            .iter()
            .map(|e| u64::try_from(e.data.len()).unwrap_or(u64::MAX))
            .fold(0, u64::saturating_add)
    }

    fn finish(mut self) -> Opened {
        self.entries.sort_by(|a, b| a.name.cmp(&b.name));
        self.media.sort_by(|a, b| a.name.cmp(&b.name));
        self
    }
}

/// Opens a bundle by what the path is: a folder, or a file read as a zip. Errors only when
/// the path itself cannot be read (missing, permission, neither file nor folder).
pub fn open(path: &Path, limits: &ArchiveLimits) -> Result<Opened, Error> {
    open_with_media(path, limits, None)
}

/// [`open`], with videos left on disk (in the zip, or in the folder) under `media`'s limits
/// instead of read into memory under `limits`.
pub fn open_with_media(
    path: &Path,
    limits: &ArchiveLimits,
    media: Option<&MediaLimits>,
) -> Result<Opened, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, IoAction::Read, e))?;
    if meta.is_dir() {
        return open_folder_with_media(path, limits, media);
    }
    if !meta.is_file() {
        let e = std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "neither a file nor a folder",
        );
        return Err(Error::io(path, IoAction::Read, e));
    }
    let cap = limits
        .max_total_bytes
        .saturating_add(media.map_or(0, |m| m.max_total_bytes))
        .saturating_add(ZIP_OVERHEAD_BYTES);
    if meta.len() > cap {
        let mut opened = Opened::new(ArchiveKind::Zip);
        opened.push(None, size_file(meta.len(), cap));
        return Ok(opened);
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, IoAction::Read, e))?;
    let len = file
        .metadata()
        .map_err(|e| Error::io(path, IoAction::Read, e))?
        .len();
    if len > cap {
        // It grew since we looked.
        let mut opened = Opened::new(ArchiveKind::Zip);
        opened.push(None, size_file(len, cap));
        return Ok(opened);
    }
    let source: Arc<dyn Source> = Arc::new(FileSource::new(file, len));
    Ok(read_zip(
        source.as_ref(),
        limits,
        media.map(|m| (m, Arc::clone(&source))),
    ))
}

/// A file that passed every check on its own and is waiting for the checks across files
/// (duplicates, total size) before it is read.
struct Candidate<S> {
    /// As stored, for findings.
    stored: String,
    name: SafeName,
    size: u64,
    /// A video left on disk, counted against the [`MediaLimits`].
    media: bool,
    source: S,
}

/// Reads a bundle from the bytes of a zip. Never panics, never writes.
pub fn open_zip(bytes: &[u8], limits: &ArchiveLimits) -> Opened {
    read_zip(
        &Window {
            base: 0,
            data: bytes,
        },
        limits,
        None,
    )
}

/// Reads a zip from `src`; with `media`, videos are left in `archive` (the same bytes as
/// `src`) for the caller to stream.
fn read_zip(
    src: &dyn Source,
    limits: &ArchiveLimits,
    media: Option<(&MediaLimits, Arc<dyn Source>)>,
) -> Opened {
    let mut opened = Opened::new(ArchiveKind::Zip);
    let media_limits = media.as_ref().map(|(m, _)| *m);
    let directory = match scan::scan(src, limits.max_entries, ZIP_OVERHEAD_BYTES) {
        Ok(d) => d,
        Err(e) => {
            opened.push(None, scan_finding(&e, src.len(), limits));
            return opened;
        }
    };

    let mut candidates = Vec::new();
    let mut dirs = Vec::new();
    for (index, record) in directory.records.iter().enumerate() {
        let stored = String::from_utf8_lossy(&record.name).into_owned();
        match judge_record(src, record, index, directory.offset, limits, media_limits) {
            Judged::File { name, data, media } => candidates.push(Candidate {
                stored,
                name,
                size: record.uncompressed,
                media,
                source: (record, data),
            }),
            Judged::Dir(name) => dirs.push(name.normalised),
            Judged::Refused(finding) => opened.push(Some(&stored), finding),
        }
    }
    let candidates = refuse_overlaps(candidates, &mut opened);
    let Some(candidates) = settle(candidates, &dirs, limits, media_limits, &mut opened) else {
        return opened;
    };

    // The second opinion: the `zip` crate must accept the archive and see every entry we are
    // about to read at the same place, with the same sizes.
    let cursor = std::io::BufReader::new(SourceReader::new(src, 0, src.len()));
    let mut reader = match zip::ZipArchive::new(cursor) {
        Ok(r) => r,
        Err(e) => {
            let detail = e.to_string();
            opened.push(
                None,
                corrupt(msg!("finding-archive-reader", detail = detail)),
            );
            return opened;
        }
    };
    for Candidate {
        stored,
        name,
        media: is_media,
        source: (record, range),
        ..
    } in candidates
    {
        if !zip_crate_agrees(&mut reader, record, &range) {
            let f = corrupt(msg!("finding-archive-reader-disagrees", name = &stored));
            opened.push(Some(&stored), f);
            continue;
        }
        if let (true, Some((_, archive))) = (is_media, &media) {
            opened.media.push(MediaEntry::new(
                name.normalised,
                record.uncompressed,
                MediaOrigin::Zip {
                    archive: Arc::clone(archive),
                    data: range,
                    deflated: record.method == METHOD_DEFLATED,
                    crc32: record.crc32,
                },
            ));
            continue;
        }
        let raw = SourceReader::new(src, range.start, range.end);
        match inflate(raw, record) {
            Ok(data) => opened.entries.push(Entry {
                name: name.normalised,
                data,
            }),
            Err(finding) => opened.push(Some(&stored), *finding),
        }
    }
    opened.finish()
}

enum Judged {
    /// A regular file whose data lies at this range of the archive.
    File {
        name: SafeName,
        data: std::ops::Range<u64>,
        /// A video to leave in the archive.
        media: bool,
    },
    /// A folder entry: skipped without a finding.
    Dir(SafeName),
    Refused(Finding),
}

const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFREG: u32 = 0o100_000;

/// Everything about one entry that the central directory and its local header tell, in the
/// order a person would fix them: name, type, encryption and method, sizes, ratio, layout.
fn judge_record(
    src: &dyn Source,
    record: &Record,
    index: usize,
    directory_offset: u64,
    limits: &ArchiveLimits,
    media: Option<&MediaLimits>,
) -> Judged {
    let stored = String::from_utf8_lossy(&record.name).into_owned();
    let name = match names::check(&record.name, record.flag(scan::FLAG_UTF8)) {
        Ok(n) => n,
        Err(p) => return Judged::Refused(name_finding(p, &stored, index)),
    };
    // Tools that honour the Unicode Path field unpack under that name: it must be as safe,
    // and the same, or readers disagree on what the entry is called.
    for other in &record.unicode_paths {
        let other_stored = String::from_utf8_lossy(other).into_owned();
        match names::check(other, true) {
            Err(p) => return Judged::Refused(name_finding(p, &other_stored, index)),
            Ok(n) if n != name => {
                let m = msg!(
                    "finding-archive-names-disagree",
                    name = &stored,
                    other = other_stored
                );
                return Judged::Refused(corrupt(m));
            }
            Ok(_) => {}
        }
    }
    let kind = record.unix_mode() & S_IFMT;
    if kind == S_IFLNK {
        let f = Finding::new(SYMLINK_ENTRY, msg!("finding-symlink-entry", name = &stored))
            .hint(msg!("hint-symlink-entry"));
        return Judged::Refused(f);
    }
    // A folder mode without the trailing slash: a folder when it is empty, otherwise data
    // that unzip tools would write as a file while others would make a folder.
    if name.is_dir || (kind == S_IFDIR && record.uncompressed == 0) {
        return Judged::Dir(name);
    }
    if kind != 0 && kind != S_IFREG {
        let f = Finding::new(SPECIAL_ENTRY, msg!("finding-special-entry", name = &stored))
            .hint(msg!("hint-special-entry"));
        return Judged::Refused(f);
    }
    if record.flag(scan::FLAG_ENCRYPTED) || record.flag(scan::FLAG_STRONG_ENCRYPTION) {
        let f = Finding::new(
            ARCHIVE_CORRUPT,
            msg!("finding-archive-encrypted", name = &stored),
        )
        .hint(msg!("hint-archive-encrypted"));
        return Judged::Refused(f);
    }
    if record.method != METHOD_STORED && record.method != METHOD_DEFLATED {
        let f = Finding::new(
            ARCHIVE_CORRUPT,
            msg!(
                "finding-archive-method",
                name = &stored,
                method = record.method
            ),
        )
        .hint(msg!("hint-archive-method"));
        return Judged::Refused(f);
    }
    let media = media.filter(|_| is_media_name(&name.normalised));
    let max_bytes = media.map_or(limits.max_entry_bytes, |m| m.max_file_bytes);
    if record.uncompressed > max_bytes {
        let f = size_limit(msg!(
            "finding-size-entry",
            name = &stored,
            bytes = record.uncompressed,
            limit = max_bytes
        ));
        return Judged::Refused(f);
    }
    if record.uncompressed > RATIO_MIN_BYTES
        && record.uncompressed > record.compressed.saturating_mul(limits.max_ratio)
    {
        let ratio = record
            .uncompressed
            .checked_div(record.compressed)
            .unwrap_or(record.uncompressed);
        let f = Finding::new(
            COMPRESSION_RATIO_TOO_HIGH,
            msg!(
                "finding-compression-ratio",
                name = &stored,
                ratio = ratio,
                bytes = record.uncompressed,
                packed = record.compressed,
                limit = limits.max_ratio
            ),
        )
        .hint(msg!("hint-compression-ratio"));
        return Judged::Refused(f);
    }
    match scan::local_data(src, record, directory_offset) {
        Ok(data) => Judged::File {
            name,
            data,
            media: media.is_some(),
        },
        Err(e) => {
            let offset = record.local_offset;
            let m = match e {
                LocalError::Missing => {
                    msg!(
                        "finding-archive-local-missing",
                        name = &stored,
                        offset = offset
                    )
                }
                LocalError::Mismatch => {
                    msg!(
                        "finding-archive-local-mismatch",
                        name = &stored,
                        offset = offset
                    )
                }
                LocalError::DataOutOfBounds => {
                    msg!("finding-archive-data-out-of-bounds", name = &stored)
                }
            };
            Judged::Refused(corrupt(m))
        }
    }
}

const METHOD_STORED: u16 = 0;
const METHOD_DEFLATED: u16 = 8;

/// Entries whose local header and data overlap an earlier entry's: the trick of
/// non-recursive zip bombs, and a zip no archiver writes. The later one is refused.
fn refuse_overlaps<'a>(
    mut candidates: Vec<Candidate<(&'a Record, std::ops::Range<u64>)>>,
    opened: &mut Opened,
) -> Vec<Candidate<(&'a Record, std::ops::Range<u64>)>> {
    candidates.sort_by_key(|c| c.source.0.local_offset);
    let mut kept: Vec<Candidate<(&Record, std::ops::Range<u64>)>> = Vec::new();
    for c in candidates {
        let start = c.source.0.local_offset;
        if let Some(previous) = kept.last() {
            let previous_end = previous.source.1.end;
            if start < previous_end {
                let m = msg!(
                    "finding-archive-overlap",
                    name = &c.stored,
                    other = &previous.stored
                );
                opened.push(Some(&c.stored), corrupt(m));
                continue;
            }
        }
        kept.push(c);
    }
    kept
}

/// The checks across files: names that collide (all copies are refused: which one a
/// distributor's tool keeps is not ours to guess), a file that another name uses as a folder,
/// and the total sizes (of what is read into memory, and of the videos left on disk). `None`
/// when a total is over its limit: nothing is read then.
fn settle<S>(
    candidates: Vec<Candidate<S>>,
    dirs: &[String],
    limits: &ArchiveLimits,
    media: Option<&MediaLimits>,
    opened: &mut Opened,
) -> Option<Vec<Candidate<S>>> {
    // Folder keys, each with the first file name that implies it.
    let mut folders: HashMap<String, String> = HashMap::new();
    for d in dirs {
        let key = names::collision_key(d);
        for parent in names::parent_keys(&key) {
            folders
                .entry(parent.to_owned())
                .or_insert_with(|| d.clone());
        }
        folders.entry(key).or_insert_with(|| d.clone());
    }
    for c in &candidates {
        let key = names::collision_key(&c.name.normalised);
        for parent in names::parent_keys(&key) {
            folders
                .entry(parent.to_owned())
                .or_insert_with(|| c.stored.clone());
        }
    }
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        by_key
            .entry(names::collision_key(&c.name.normalised))
            .or_default()
            .push(i);
    }
    let mut refused = vec![false; candidates.len()];
    for (key, group) in &by_key {
        if let Some(other) = folders.get(key) {
            // `ep01` as a file while `ep01/en.srt` needs it as a folder.
            for &i in group {
                if let (Some(c), Some(r)) = (candidates.get(i), refused.get_mut(i)) {
                    let m = msg!(
                        "finding-duplicate-entry-folder",
                        name = &c.stored,
                        other = other
                    );
                    opened.push(Some(&c.stored), duplicate(m));
                    *r = true;
                }
            }
            continue;
        }
        let Some((&first, rest)) = group.split_first() else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let first_stored = candidates
            .get(first)
            .map(|c| c.stored.clone())
            .unwrap_or_default();
        for &i in group {
            let Some(r) = refused.get_mut(i) else {
                continue;
            };
            *r = true;
            if let (true, Some(c)) = (i != first, candidates.get(i)) {
                let m = msg!(
                    "finding-duplicate-entry",
                    name = &c.stored,
                    other = &first_stored
                );
                opened.push(Some(&c.stored), duplicate(m));
            }
        }
    }
    let kept: Vec<Candidate<S>> = candidates
        .into_iter()
        .zip(refused)
        .filter_map(|(c, r)| (!r).then_some(c))
        .collect();

    let total = |videos: bool| {
        kept.iter()
            .filter(|c| c.media == videos)
            .map(|c| c.size)
            .fold(0, u64::saturating_add)
    };
    let totals = [
        (total(false), limits.max_total_bytes),
        (total(true), media.map_or(0, |m| m.max_total_bytes)),
    ];
    for (bytes, limit) in totals {
        if bytes > limit {
            let m = msg!("finding-size-total", bytes = bytes, limit = limit);
            opened.push(None, size_limit(m));
            return None;
        }
    }
    Some(kept)
}

/// Whether the `zip` crate finds this entry where our scanner did, with the same sizes,
/// checksum and method.
fn zip_crate_agrees<R: std::io::Read + std::io::Seek>(
    reader: &mut zip::ZipArchive<R>,
    record: &Record,
    range: &std::ops::Range<u64>,
) -> bool {
    let Some(index) = reader.index_for_name_raw(&record.name) else {
        return false;
    };
    let Ok(file) = reader.by_index_raw(index) else {
        return false;
    };
    let method = match record.method {
        METHOD_STORED => zip::CompressionMethod::Stored,
        _ => zip::CompressionMethod::Deflated,
    };
    file.header_start() == record.local_offset
        && file.data_start() == Some(range.start)
        && file.compressed_size() == record.compressed
        && file.size() == record.uncompressed
        && file.crc32() == record.crc32
        && file.compression() == method
}

/// The content of an entry, read with a hard cap of its declared size + 1 byte and checked
/// against its declared size and CRC-32.
fn inflate(raw: impl Read, record: &Record) -> Result<Vec<u8>, Box<Finding>> {
    let stored = String::from_utf8_lossy(&record.name).into_owned();
    let declared = record.uncompressed;
    let cap = declared.saturating_add(1);
    let mut data = Vec::with_capacity(usize::try_from(declared.min(RATIO_MIN_BYTES)).unwrap_or(0));
    let read = if record.method == METHOD_STORED {
        raw.take(cap).read_to_end(&mut data)
    } else {
        flate2::read::DeflateDecoder::new(raw)
            .take(cap)
            .read_to_end(&mut data)
    };
    if let Err(e) = read {
        let detail = e.to_string();
        return Err(Box::new(corrupt(msg!(
            "finding-archive-deflate",
            name = &stored,
            detail = detail
        ))));
    }
    let actual = u64::try_from(data.len()).unwrap_or(u64::MAX);
    if actual > declared {
        return Err(Box::new(size_limit(msg!(
            "finding-size-grew",
            name = &stored,
            declared = declared
        ))));
    }
    if actual < declared {
        return Err(Box::new(corrupt(msg!(
            "finding-archive-short",
            name = &stored,
            bytes = actual,
            declared = declared
        ))));
    }
    let mut crc = flate2::Crc::new();
    crc.update(&data);
    if crc.sum() != record.crc32 {
        return Err(Box::new(corrupt(msg!(
            "finding-archive-crc",
            name = &stored,
            expected = format!("{:08x}", record.crc32),
            found = format!("{:08x}", crc.sum())
        ))));
    }
    Ok(data)
}

// ---------------------------------------------------------------------------------------------
// Findings

fn corrupt(message: Message) -> Finding {
    Finding::new(ARCHIVE_CORRUPT, message).hint(msg!("hint-archive-corrupt"))
}

fn size_limit(message: Message) -> Finding {
    Finding::new(SIZE_LIMIT_EXCEEDED, message).hint(msg!("hint-size-limit"))
}

fn duplicate(message: Message) -> Finding {
    Finding::new(DUPLICATE_ENTRY, message).hint(msg!("hint-duplicate-entry"))
}

fn size_file(bytes: u64, limit: u64) -> Finding {
    size_limit(msg!("finding-size-file", bytes = bytes, limit = limit))
}

fn name_finding(problem: NameProblem, stored: &str, index: usize) -> Finding {
    match problem {
        NameProblem::NotUtf8 => {
            Finding::new(NAME_NOT_UTF8, msg!("finding-name-not-utf8", name = stored))
                .hint(msg!("hint-name-not-utf8"))
        }
        NameProblem::NotFlaggedUtf8 => Finding::new(
            NAME_NOT_UTF8,
            msg!("finding-name-not-flagged-utf8", name = stored),
        )
        .hint(msg!("hint-name-not-utf8")),
        NameProblem::Control => corrupt(msg!("finding-archive-name-control", name = stored)),
        NameProblem::Empty => corrupt(msg!(
            "finding-archive-name-empty",
            index = index.saturating_add(1)
        )),
        NameProblem::Absolute => {
            Finding::new(ABSOLUTE_PATH, msg!("finding-absolute-path", name = stored))
                .hint(msg!("hint-absolute-path"))
        }
        NameProblem::Traversal => Finding::new(
            PATH_TRAVERSAL,
            msg!("finding-path-traversal", name = stored),
        )
        .hint(msg!("hint-path-traversal")),
    }
}

fn scan_finding(e: &ScanError, len: u64, limits: &ArchiveLimits) -> Finding {
    let bytes = len;
    match e {
        ScanError::NotZip => Finding::new(NOT_A_ZIP, msg!("finding-not-a-zip", bytes = bytes))
            .hint(msg!("hint-not-a-zip")),
        ScanError::NoEnd => corrupt(msg!("finding-archive-truncated", bytes = bytes)),
        ScanError::EndAmbiguous { count } => {
            corrupt(msg!("finding-archive-end-ambiguous", count = *count))
        }
        ScanError::MultiDisk => corrupt(msg!("finding-archive-multi-disk")),
        ScanError::Zip64Invalid => corrupt(msg!("finding-archive-zip64-invalid")),
        ScanError::DirectoryOutOfBounds { offset, size } => corrupt(msg!(
            "finding-archive-directory-out-of-bounds",
            offset = *offset,
            size = *size,
            bytes = bytes
        )),
        ScanError::TooManyEntries { count } => size_limit(msg!(
            "finding-size-entries",
            count = *count,
            limit = limits.max_entries
        )),
        ScanError::DirectoryTooLarge { size, limit } => size_limit(msg!(
            "finding-size-directory",
            bytes = *size,
            limit = *limit
        )),
        ScanError::BadRecord { index, offset } => corrupt(msg!(
            "finding-archive-directory-record",
            index = index.saturating_add(1),
            offset = *offset
        )),
        ScanError::DirectorySizeMismatch { declared, used } => corrupt(msg!(
            "finding-archive-directory-size",
            declared = *declared,
            used = *used
        )),
    }
}
