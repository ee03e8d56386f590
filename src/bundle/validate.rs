//! `validate BUNDLE`: what a distributor runs on a bundle before accepting it, with no
//! series on disk. Every problem is a finding (never a panic, never a write):
//!
//! 1. the archive itself (`archive.rs`: unsafe names, symlinks, duplicates, bombs, damage);
//! 2. the manifest: present, JSON, a known schema version, valid against it, safe paths;
//! 3. every listed file present with its size and SHA-256; no file that is not listed;
//! 4. every episode × required language present (and, for a market that burns subtitles in,
//!    every track's render);
//! 5. every track decodes in its declared encoding and parses in its declared format, and
//!    both are the market's; its language tag is valid and canonical;
//! 6. the market's timing and readability rules, with the limits the bundle was made with;
//! 7. every render whose checksum matched, read by ffprobe (from a temporary copy for a zip):
//!    resolution, frame rate, codecs and duration (within one frame) as the manifest says, and
//!    every packet of its index there.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::archive::{self, ArchiveLimits, CopyError, Entry, MediaEntry, MediaLimits, Opened};
use super::manifest::{self, FileEntry, Listed, Manifest, Metadata, VideoEntry};
use super::video;
use crate::check::{LoadedEpisode, LoadedTrack, Settings};
use crate::cuts::detect::DetectError;
use crate::diagnostics::{Finding, Report, Severity, TrackReport};
use crate::error::{Error, IoAction};
use crate::formats::{self, encoding};
use crate::markets::naming::is_safe_relative;
use crate::markets::{LineEndings, Market};
use crate::model::{EpisodeNumber, Format, FrameRate, Language, LineEnding, Millis};
use crate::msg;
use crate::timing::rules::{FileFacts, LanguageTagInvalid};
use crate::timing::{Preset, TimingSpec};

/// Finding ids of `validate` (besides the archive's and the timing rules').
pub mod ids {
    pub const MANIFEST_MISSING: &str = "manifest-missing";
    pub const MANIFEST_INVALID_JSON: &str = "manifest-invalid-json";
    pub const MANIFEST_SCHEMA_UNKNOWN: &str = "manifest-schema-unknown";
    pub const MANIFEST_INVALID: &str = "manifest-invalid";
    pub const FILE_MISSING: &str = "file-missing";
    pub const FILE_UNLISTED: &str = "file-unlisted";
    pub const SIZE_MISMATCH: &str = "size-mismatch";
    pub const CHECKSUM_MISMATCH: &str = "checksum-mismatch";
    pub const ENCODING_MISMATCH: &str = "encoding-mismatch";
    pub const FORMAT_MISMATCH: &str = "format-mismatch";
    pub const LINE_ENDINGS_MISMATCH: &str = "line-endings-mismatch";
    pub const CUE_COUNT_DIFFERS: &str = "cue-count-differs";
    pub const TRACK_MISSING: &str = "track-missing";
    pub const METADATA_INVALID: &str = "metadata-invalid";
    pub const METADATA_MISSING: &str = "metadata-missing";
    pub const MARKET_UNKNOWN: &str = "market-unknown";
    /// A track of a burn-in market without its render.
    pub const RENDER_MISSING: &str = "render-missing";
    /// A render that is not what the manifest says (resolution, frame rate, duration, codecs).
    pub const VIDEO_MISMATCH: &str = "video-mismatch";
    /// A render ffprobe cannot read, or whose packets run out before its index says.
    pub const VIDEO_UNREADABLE: &str = "video-unreadable";
    /// `bundle`: an episode of a burn-in market without its video.
    pub const VIDEO_MISSING: &str = "video-missing";
}
use ids::*;

/// How to validate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The market to hold the bundle to; `None`: the built-in named in the manifest.
    pub market: Option<Market>,
    pub limits: ArchiveLimits,
    /// What videos may take (they are streamed, never held in memory).
    pub media: MediaLimits,
    /// The ffprobe that reads the renders.
    pub ffprobe: PathBuf,
    pub jobs: usize,
}

impl Default for Options {
    /// No market given, the default limits, ffprobe from `DRAMALOC_FFPROBE` or `PATH`.
    fn default() -> Self {
        Options {
            market: None,
            limits: ArchiveLimits::default(),
            media: MediaLimits::default(),
            ffprobe: crate::cuts::detect::DetectOptions::from_env().ffprobe,
            jobs: 0,
        }
    }
}

/// Findings collected per path (the bundle itself is `""`).
#[derive(Default)]
struct Found {
    by_path: BTreeMap<String, Vec<Finding>>,
}

impl Found {
    fn add(&mut self, path: &str, f: Finding) {
        self.by_path.entry(path.to_owned()).or_default().push(f);
    }
}

/// Validate a zip held in memory (used by the fuzz target and the tests).
pub fn validate_zip_bytes(name: &str, bytes: &[u8], options: &Options) -> Report {
    validate_opened(name, archive::open_zip(bytes, &options.limits), options)
}

/// Validate what `archive::open` read. When the renders cannot be read at all (ffprobe
/// missing), the report says so in a `video-unreadable` finding on the bundle.
pub fn validate_opened(name: &str, opened: Opened, options: &Options) -> Report {
    match validate_bundle(name, opened, options) {
        Ok(report) => report,
        Err(e) => {
            let mut t = TrackReport::new(name.to_owned(), FrameRate::FPS_30);
            t.findings.push(
                Finding::new(
                    VIDEO_UNREADABLE,
                    msg!(
                        "finding-video-not-probed",
                        detail = crate::i18n::tr(&e.message())
                    ),
                )
                .hint(e.hint().unwrap_or_else(|| msg!("hint-video-unreadable"))),
            );
            Report {
                series: None,
                preset: Preset::default().name().to_owned(),
                market: options.market.as_ref().map(|m| m.id().to_owned()),
                tracks: vec![t],
            }
        }
    }
}

/// Validate what `archive::open_with_media` read. Errors only when the bundle lists renders
/// and ffprobe cannot run (missing or broken), or a temporary copy cannot be written.
pub fn validate_bundle(name: &str, opened: Opened, options: &Options) -> Result<Report, Error> {
    let mut found = Found::default();
    for (path, f) in opened.findings {
        found.add(path.as_deref().unwrap_or(""), f);
    }
    let entries = Contents {
        memory: opened
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e))
            .collect(),
        media: opened.media.iter().map(|e| (e.name.as_str(), e)).collect(),
    };
    let mut report = Report {
        series: None,
        preset: Preset::default().name().to_owned(),
        market: options.market.as_ref().map(|m| m.id().to_owned()),
        tracks: Vec::new(),
    };
    let manifest = read_manifest(&entries.memory, &mut found);
    if let Some(m) = &manifest {
        report.series = Some(m.series.id.clone());
        check_bundle(m, &entries, options, &mut found, &mut report)?;
    }
    // Findings not attached to a checked track get a row of their own.
    for (path, findings) in found.by_path {
        if let Some(t) = report.tracks.iter_mut().find(|t| t.path == path) {
            t.findings.extend(findings);
            continue;
        }
        let shown = if path.is_empty() {
            name.to_owned()
        } else {
            path
        };
        let mut t = TrackReport::new(shown, FrameRate::FPS_30);
        t.findings = findings;
        report.tracks.push(t);
    }
    for t in &mut report.tracks {
        for f in &mut t.findings {
            // Bundle-level findings keep the severity they were made with.
            f.severity = f.severity.min(f.cap);
        }
    }
    report
        .tracks
        .sort_by(|a, b| (a.episode, &a.path).cmp(&(b.episode, &b.path)));
    Ok(report)
}

/// The bundle's safe files: in memory, and videos left on disk.
struct Contents<'a> {
    memory: BTreeMap<&'a str, &'a Entry>,
    media: BTreeMap<&'a str, &'a MediaEntry>,
}

fn read_manifest(entries: &BTreeMap<&str, &Entry>, found: &mut Found) -> Option<Manifest> {
    let Some(entry) = entries.get(manifest::MANIFEST_PATH) else {
        found.add(
            "",
            Finding::new(MANIFEST_MISSING, msg!("finding-manifest-missing"))
                .hint(msg!("hint-manifest-missing")),
        );
        return None;
    };
    let at = manifest::MANIFEST_PATH;
    let value: serde_json::Value = match serde_json::from_slice(&entry.data) {
        Ok(v) => v,
        Err(e) => {
            found.add(
                at,
                Finding::new(
                    MANIFEST_INVALID_JSON,
                    msg!("finding-manifest-invalid-json", detail = e.to_string()),
                )
                .line(e.line())
                .hint(msg!("hint-manifest-invalid")),
            );
            return None;
        }
    };
    let schema = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
    if !manifest::SCHEMAS.contains(&schema) {
        found.add(
            at,
            Finding::new(
                MANIFEST_SCHEMA_UNKNOWN,
                msg!(
                    "finding-manifest-schema-unknown",
                    schema = schema,
                    known = manifest::SCHEMAS.join(", ")
                ),
            )
            .hint(msg!("hint-manifest-schema-unknown")),
        );
        return None;
    }
    match serde_json::from_value::<Manifest>(value) {
        Ok(m) => Some(m),
        Err(e) => {
            found.add(
                at,
                Finding::new(
                    MANIFEST_INVALID,
                    msg!("finding-manifest-invalid", detail = e.to_string()),
                )
                .hint(msg!("hint-manifest-invalid")),
            );
            None
        }
    }
}

/// A `manifest-invalid` finding that the schema alone cannot express.
fn invalid(found: &mut Found, message: crate::message::Message) {
    found.add(
        manifest::MANIFEST_PATH,
        Finding::new(MANIFEST_INVALID, message).hint(msg!("hint-manifest-invalid")),
    );
}

/// The market the bundle is held to: the given one, else the built-in the manifest names,
/// else (an unknown market) what the manifest itself declares.
fn market_for(m: &Manifest, options: &Options, found: &mut Found) -> Option<Market> {
    if let Some(market) = &options.market {
        return Some(market.clone());
    }
    match crate::markets::find(std::path::Path::new("/nonexistent"), &m.market.id) {
        Ok(market) => Some(market),
        Err(_) => {
            found.add(
                manifest::MANIFEST_PATH,
                Finding::new(
                    MARKET_UNKNOWN,
                    msg!("finding-market-unknown", id = m.market.id.clone()),
                )
                .hint(msg!("hint-market-unknown"))
                .at_most(Severity::Warning),
            );
            None
        }
    }
}

/// What the delivery must be: from the market when known, else from the manifest.
struct Expect {
    format: Option<Format>,
    encoding: Option<encoding::TextEncoding>,
    bom: bool,
    line_endings: Option<LineEndings>,
    required: Vec<String>,
    metadata: crate::markets::MetadataSpec,
}

fn check_bundle(
    m: &Manifest,
    contents: &Contents<'_>,
    options: &Options,
    found: &mut Found,
    report: &mut Report,
) -> Result<(), Error> {
    let entries = &contents.memory;
    let market = market_for(m, options, found);
    let expect = match &market {
        Some(mk) => Expect {
            format: Some(mk.spec.format),
            encoding: Some(mk.encoding),
            bom: mk.spec.bom,
            line_endings: Some(mk.spec.line_endings),
            required: if mk.languages.is_empty() && mk.optional_languages.is_empty() {
                m.market.required_languages.clone()
            } else {
                mk.languages.iter().map(ToString::to_string).collect()
            },
            metadata: mk.spec.metadata,
        },
        None => Expect {
            format: Format::from_name(&m.market.format),
            encoding: encoding::TextEncoding::from_label(&m.market.encoding),
            bom: m.market.bom,
            line_endings: match m.market.line_endings.as_str() {
                "lf" => Some(LineEndings::Lf),
                "crlf" => Some(LineEndings::Crlf),
                _ => None,
            },
            required: m.market.required_languages.clone(),
            metadata: Default::default(),
        },
    };
    report.market = Some(
        market
            .as_ref()
            .map_or(m.market.id.clone(), |x| x.id().to_owned()),
    );

    // Paths: safe, unique; every listed file present with its size and checksum (a video
    // left on disk is hashed below, while it is copied for ffprobe).
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    listed.insert(manifest::MANIFEST_PATH);
    // Renders whose size and checksum matched, and the videos to stream.
    let mut verified: BTreeSet<&str> = BTreeSet::new();
    let mut to_stream: BTreeSet<&str> = BTreeSet::new();
    for (path, bytes, sha, kind) in m.listed() {
        if !is_safe_relative(path) || path == manifest::MANIFEST_PATH {
            invalid(found, msg!("finding-manifest-unsafe-path", path = path));
            continue;
        }
        let sha_ok = sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !sha_ok {
            invalid(found, msg!("finding-manifest-bad-sha256", path = path));
        }
        if !listed.insert(path) {
            invalid(found, msg!("finding-manifest-listed-twice", path = path));
            continue;
        }
        let actual = match (entries.get(path), contents.media.get(path)) {
            (Some(entry), _) => entry.data.len() as u64,
            (None, Some(video)) if kind == Listed::Video => video.size,
            (None, Some(_)) => {
                invalid(found, msg!("finding-manifest-video-as-file", path = path));
                continue;
            }
            (None, None) => {
                found.add(
                    path,
                    Finding::new(FILE_MISSING, msg!("finding-file-missing", path = path))
                        .hint(msg!("hint-file-missing")),
                );
                continue;
            }
        };
        if actual != bytes {
            found.add(path, size_mismatch(path, bytes, actual));
        }
        let Some(entry) = entries.get(path) else {
            // A video on disk: streamed (and hashed) below, when its size is right.
            if actual == bytes && sha_ok {
                to_stream.insert(path);
            }
            continue;
        };
        let digest = manifest::sha256_hex(&entry.data);
        if digest.eq_ignore_ascii_case(sha) {
            if actual == bytes && kind == Listed::Video {
                verified.insert(path);
            }
        } else {
            found.add(path, checksum_mismatch(path, sha, &digest));
        }
    }
    for name in entries.keys().chain(contents.media.keys()) {
        if !listed.contains(name) {
            found.add(
                name,
                Finding::new(FILE_UNLISTED, msg!("finding-file-unlisted", path = *name))
                    .hint(msg!("hint-file-unlisted")),
            );
        }
    }

    // Languages of the manifest.
    for tag in m.languages.iter().chain(&m.market.required_languages) {
        if let Some(f) = LanguageTagInvalid.verdict(tag, "manifest") {
            found.add(manifest::MANIFEST_PATH, f);
        }
    }

    // Every episode × required language.
    let mut numbers = BTreeSet::new();
    for e in &m.episodes {
        if EpisodeNumber::new(e.number).is_none() || !numbers.insert(e.number) {
            invalid(
                found,
                msg!("finding-manifest-episode-number", number = e.number),
            );
        }
        for lang in &expect.required {
            let present = e.files.iter().any(|f| {
                &f.language == lang
                    || matches!((Language::parse(&f.language), Language::parse(lang)),
                        (Ok(a), Ok(b)) if a.same_written_language(&b))
            });
            if !present {
                found.add(
                    "",
                    Finding::new(
                        TRACK_MISSING,
                        msg!(
                            "finding-bundle-track-missing",
                            episode = e.number,
                            lang = lang.clone()
                        ),
                    )
                    .hint(msg!("hint-bundle-track-missing")),
                );
            }
        }
    }

    check_metadata(m, entries, &expect, found);
    let probe = check_video_entries(m, market.as_ref(), found);

    // Tracks: decode, parse, rules; episodes in parallel.
    let settings = settings_for(m, market.as_ref());
    let rate: FrameRate = m.series.frame_rate.parse().unwrap_or(FrameRate::FPS_30);
    let resolution = (m.series.resolution[0].max(1), m.series.resolution[1].max(1));
    let jobs = crate::parallel::jobs(Some(options.jobs));
    // Only tracks listed once under a safe path are read (the others are findings above).
    let mut times_listed: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, _, _, _) in m.listed() {
        *times_listed.entry(path).or_default() += 1;
    }
    let listed_once = |path: &str| is_safe_relative(path) && times_listed.get(path) == Some(&1);
    let per_episode = crate::parallel::map(&m.episodes, jobs, |e| {
        let mut problems: Vec<(String, Finding)> = Vec::new();
        let mut tracks: Vec<LoadedTrack> = e
            .files
            .iter()
            .filter(|f| listed_once(&f.path))
            .filter_map(|f| {
                let entry = entries.get(f.path.as_str())?;
                Some(load_entry(f, entry, &expect, &mut problems))
            })
            .collect();
        let source = tracks.iter().position(|t| {
            t.language
                .as_ref()
                .is_some_and(|l| l.as_str() == m.series.source_language)
        });
        let duration = e
            .duration_ms
            .and_then(|d| i64::try_from(d).ok())
            .map(Millis::new);
        for t in &mut tracks {
            t.facts.want_bom = Some(expect.bom);
        }
        let ep = LoadedEpisode {
            number: EpisodeNumber::new(e.number),
            frame_rate: rate,
            duration,
            cuts: Vec::new(),
            cuts_problem: None,
            tracks,
            source,
        };
        let reports = crate::check::check_episode(&ep, &settings, resolution, None, &|_| true);
        (reports, problems)
    });
    for (reports, problems) in per_episode {
        for (path, f) in problems {
            found.add(&path, f);
        }
        report.tracks.extend(reports);
    }
    report.preset = settings.spec.preset.name().to_owned();

    let verified_or_streamed = |p: &&str| verified.contains(p) || to_stream.contains(p);
    let videos: Vec<&VideoEntry> = m
        .episodes
        .iter()
        .flat_map(|e| &e.videos)
        .filter(|v| probe.contains(v.path.as_str()) && verified_or_streamed(&v.path.as_str()))
        .collect();
    probe_videos(&videos, contents, options, found)
}

fn size_mismatch(path: &str, listed: u64, actual: u64) -> Finding {
    Finding::new(
        SIZE_MISMATCH,
        msg!(
            "finding-size-mismatch",
            path = path,
            listed = listed,
            actual = actual
        ),
    )
    .hint(msg!("hint-checksum-mismatch"))
}

fn checksum_mismatch(path: &str, listed: &str, actual: &str) -> Finding {
    Finding::new(
        CHECKSUM_MISMATCH,
        msg!(
            "finding-checksum-mismatch",
            path = path,
            listed = listed,
            actual = actual
        ),
    )
    .hint(msg!("hint-checksum-mismatch"))
}

/// What the manifest says of the renders, before any is read: only in a `/2` manifest, a
/// valid language tag, values a video can have; and for a market that burns subtitles in, a
/// render for every track. The paths of the renders worth probing.
fn check_video_entries<'m>(
    m: &'m Manifest,
    market: Option<&Market>,
    found: &mut Found,
) -> BTreeSet<&'m str> {
    let mut possible = BTreeSet::new();
    if m.schema == manifest::SCHEMA_V1 && m.has_videos() {
        invalid(
            found,
            msg!(
                "finding-manifest-videos-v1",
                schema = manifest::SCHEMA_V1,
                needed = manifest::SCHEMA_V2
            ),
        );
    }
    for e in &m.episodes {
        for v in &e.videos {
            if let Some(f) = LanguageTagInvalid.verdict(&v.language, "manifest") {
                found.add(manifest::MANIFEST_PATH, f);
            }
            match video::impossible_field(v) {
                Some((field, value)) => invalid(
                    found,
                    msg!(
                        "finding-manifest-video-field",
                        path = v.path.clone(),
                        field = field,
                        value = value
                    ),
                ),
                None => {
                    possible.insert(v.path.as_str());
                }
            }
        }
    }
    if let Some(mk) = market.filter(|mk| mk.spec.burn_in.is_some()) {
        for e in &m.episodes {
            for f in &e.files {
                if !e.videos.iter().any(|v| v.language == f.language) {
                    found.add(
                        &f.path,
                        Finding::new(
                            RENDER_MISSING,
                            msg!(
                                "finding-render-missing",
                                episode = e.number,
                                lang = f.language.clone(),
                                market = mk.id()
                            ),
                        )
                        .hint(msg!("hint-render-missing", market = mk.id())),
                    );
                }
            }
        }
    }
    possible
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    sha: sha2::Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        sha2::Digest::update(&mut self.sha, buf.get(..n).unwrap_or_default());
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W> Hashing<W> {
    fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            sha: sha2::Sha256::default(),
        }
    }

    fn hex(self) -> String {
        hex::encode(sha2::Digest::finalize(self.sha))
    }
}

/// Read every render through ffprobe, one at a time: a zip's (or one held in memory) from a
/// temporary copy made while hashing it, a folder's in place after hashing it; only a video
/// whose checksum matched is probed.
fn probe_videos(
    videos: &[&VideoEntry],
    contents: &Contents<'_>,
    options: &Options,
    found: &mut Found,
) -> Result<(), Error> {
    if videos.is_empty() {
        return Ok(());
    }
    let ffprobe = &options.ffprobe;
    video::check_ffprobe(ffprobe).map_err(|source| Error::Detect {
        path: ffprobe.clone(),
        source,
    })?;
    for v in videos {
        let path = v.path.as_str();
        let temp = || {
            tempfile::Builder::new()
                .prefix(".dramaloc-validate-")
                .suffix(".mp4")
                .tempfile()
                .map_err(|e| Error::io(&std::env::temp_dir(), IoAction::Write, e))
        };
        // The temporary copy lives until the probe is done.
        let mut copy = None;
        let probe_path: PathBuf = if let Some(entry) = contents.memory.get(path) {
            let mut t = temp()?;
            t.write_all(&entry.data)
                .and_then(|()| t.flush())
                .map_err(|e| Error::io(t.path(), IoAction::Write, e))?;
            let p = t.path().to_path_buf();
            copy = Some(t);
            p
        } else if let Some(media) = contents.media.get(path) {
            let (digest, probe_path) = match media.file_path() {
                Some(p) => {
                    let mut sink = Hashing::new(std::io::sink());
                    match media.copy_to(&mut sink) {
                        Ok(()) => (sink.hex(), p.to_path_buf()),
                        Err(e) => {
                            copy_failed(e, path, found, p)?;
                            continue;
                        }
                    }
                }
                None => {
                    let t = temp()?;
                    let at = t.path().to_path_buf();
                    let mut sink = Hashing::new(std::io::BufWriter::new(t.as_file()));
                    let copied = media
                        .copy_to(&mut sink)
                        .and_then(|()| sink.flush().map_err(CopyError::Sink));
                    if let Err(e) = copied {
                        copy_failed(e, path, found, &at)?;
                        continue;
                    }
                    let digest = sink.hex();
                    copy = Some(t);
                    (digest, at)
                }
            };
            if !digest.eq_ignore_ascii_case(&v.sha256) {
                found.add(path, checksum_mismatch(path, &v.sha256, &digest));
                continue;
            }
            probe_path
        } else {
            continue;
        };
        match video::probe(&probe_path, ffprobe) {
            Ok(probed) => {
                if let Some((kind, read, listed)) = probed.short.first() {
                    found.add(
                        path,
                        Finding::new(
                            VIDEO_UNREADABLE,
                            msg!(
                                "finding-video-truncated",
                                path = path,
                                kind = kind.clone(),
                                read = *read,
                                listed = *listed
                            ),
                        )
                        .hint(msg!("hint-video-unreadable")),
                    );
                }
                for (field, actual, listed) in video::differences(v, &probed.info) {
                    found.add(
                        path,
                        Finding::new(
                            VIDEO_MISMATCH,
                            msg!(
                                "finding-video-mismatch",
                                path = path,
                                field = field,
                                actual = actual,
                                listed = listed
                            ),
                        )
                        .hint(msg!("hint-video-mismatch")),
                    );
                }
            }
            Err(e @ (DetectError::ProgramMissing { .. } | DetectError::Spawn { .. })) => {
                return Err(Error::Detect {
                    path: ffprobe.clone(),
                    source: e,
                });
            }
            Err(e) => {
                let mut detail = crate::i18n::tr(&e.message(Path::new(path)));
                if let Some(Err(last)) = e.causes().pop() {
                    detail = format!("{detail}: {last}");
                }
                found.add(
                    path,
                    Finding::new(
                        VIDEO_UNREADABLE,
                        msg!("finding-video-unreadable", path = path, detail = detail),
                    )
                    .hint(msg!("hint-video-unreadable")),
                );
            }
        }
        drop(copy);
    }
    Ok(())
}

/// A video that could not be streamed: a finding when the bundle is at fault, an error when
/// the temporary copy could not be written.
fn copy_failed(e: CopyError, path: &str, found: &mut Found, sink: &Path) -> Result<(), Error> {
    match e {
        CopyError::Entry(f) => {
            found.add(path, *f);
            Ok(())
        }
        CopyError::Sink(e) => Err(Error::io(sink, IoAction::Write, e)),
    }
}

/// The limits the bundle is held to: the market's, then the series' recorded in the
/// manifest; delivery rules (BOM, tags) at error severity; encoding is checked here.
fn settings_for(m: &Manifest, market: Option<&Market>) -> Settings {
    let preset = Preset::parse(&m.qc.preset).unwrap_or_default();
    let mut spec = TimingSpec::new(preset);
    match market {
        Some(mk) => {
            spec = spec.with(mk.timing());
            spec.safe_area = mk.spec.safe_area;
        }
        // A market this dramaloc does not know: the limits the manifest recorded.
        None => {
            if let Some(t) = &m.market.timing {
                spec = spec.with(t.clone());
            }
            if m.market.safe_area.invalid_field().is_none() {
                spec.safe_area = m.market.safe_area;
            }
        }
    }
    if let Some(t) = &m.qc.timing {
        spec = spec.with(t.clone());
    }
    let mut s = Settings::new(spec);
    s.market = market.map(|x| x.id().to_owned());
    for rule in ["bom-present", "bom-missing", "language-tag-invalid"] {
        s.set_severity(rule, Some(Severity::Error));
    }
    // The declared encoding is checked against the market's below, not against UTF-8.
    s.set_severity("encoding-not-utf8", None);
    s
}

/// Decode and parse one listed track; delivery problems go to `problems`.
fn load_entry(
    f: &FileEntry,
    entry: &Entry,
    expect: &Expect,
    problems: &mut Vec<(String, Finding)>,
) -> LoadedTrack {
    let path = f.path.clone();
    let mut add = |finding: Finding| problems.push((path.clone(), finding));
    let language = Language::parse(&f.language).ok();
    if let Some(finding) = LanguageTagInvalid.verdict(&f.language, "manifest") {
        add(finding);
    }
    let mut facts = FileFacts {
        path: f.path.clone().into(),
        exists: true,
        name_tag: None,
        ..FileFacts::default()
    };
    let mut track = None;
    let declared_format = Format::from_name(&f.format);
    let declared_encoding = encoding::TextEncoding::from_label(&f.encoding);
    match (declared_format, expect.format) {
        (Some(d), Some(want)) if d != want => add(Finding::new(
            FORMAT_MISMATCH,
            msg!(
                "finding-format-mismatch",
                declared = d.name(),
                expected = want.name()
            ),
        )
        .hint(msg!("hint-bundle-rebuild"))),
        (None, _) => add(Finding::new(
            FORMAT_MISMATCH,
            msg!(
                "finding-format-mismatch",
                declared = f.format.clone(),
                expected = expect.format.map_or("-", Format::name)
            ),
        )
        .hint(msg!("hint-bundle-rebuild"))),
        _ => {}
    }
    if let (Some(d), Some(want)) = (declared_encoding, expect.encoding)
        && d.name() != want.name()
    {
        add(Finding::new(
            ENCODING_MISMATCH,
            msg!(
                "finding-encoding-not-market",
                declared = d.name(),
                expected = want.name()
            ),
        )
        .hint(msg!("hint-bundle-rebuild")));
    }
    let decoded = match declared_encoding {
        Some(enc) => encoding::decode_as(&entry.data, enc).map_err(|e| {
            let seems = encoding::decode(&entry.data)
                .map_or_else(|_| "?".to_owned(), |d| d.info.encoding.name().to_owned());
            Finding::new(
                ENCODING_MISMATCH,
                msg!(
                    "finding-encoding-mismatch",
                    declared = enc.name(),
                    seems = seems,
                    detail = crate::i18n::tr(&e.message())
                ),
            )
            .hint(msg!("hint-bundle-rebuild"))
        }),
        None => Err(Finding::new(
            ENCODING_MISMATCH,
            msg!(
                "finding-encoding-mismatch",
                declared = f.encoding.clone(),
                seems = "?",
                detail = "-"
            ),
        )
        .hint(msg!("hint-bundle-rebuild"))),
    };
    match decoded {
        Err(finding) => {
            add(finding);
            facts.error = Some((
                msg!("finding-track-not-decoded", encoding = f.encoding.clone()),
                None,
            ));
        }
        Ok(d) => {
            if let Some(want) = expect.line_endings
                && !d.text.is_empty()
                && d.text.contains('\n')
                && LineEnding::detect(&d.text) != want.line_ending()
            {
                add(Finding::new(
                    LINE_ENDINGS_MISMATCH,
                    msg!("finding-line-endings-mismatch", expected = want.name()),
                )
                .hint(msg!("hint-bundle-rebuild"))
                .at_most(Severity::Warning));
            }
            let had_bom = d.info.bom.is_some();
            facts.decode = Some(d.info);
            match formats::parse(declared_format.unwrap_or(Format::Srt), &d.text) {
                Ok(parsed) => {
                    let mut t = parsed.track;
                    t.bom |= had_bom;
                    let cues = t.displayed_cue_count();
                    if cues != f.cues {
                        add(Finding::new(
                            CUE_COUNT_DIFFERS,
                            msg!("finding-cue-count-differs", listed = f.cues, actual = cues),
                        )
                        .hint(msg!("hint-checksum-mismatch")));
                    }
                    track = Some(t);
                }
                Err(e) => facts.error = Some((e.kind.message(), Some(e.line))),
            }
        }
    }
    let texts = track
        .as_ref()
        .map_or_else(Vec::new, |t: &crate::model::SubtitleTrack| {
            t.cues.iter().map(|c| formats::plain_text(t, c)).collect()
        });
    LoadedTrack {
        facts,
        shown: f.path.clone(),
        language,
        track,
        texts,
    }
}

fn check_metadata(
    m: &Manifest,
    entries: &BTreeMap<&str, &Entry>,
    expect: &Expect,
    found: &mut Found,
) {
    for me in &m.metadata {
        let Some(entry) = entries.get(me.path.as_str()) else {
            continue;
        };
        let meta: Metadata = match serde_json::from_slice(&entry.data) {
            Ok(v) => v,
            Err(e) => {
                found.add(
                    &me.path,
                    Finding::new(
                        METADATA_INVALID,
                        msg!("finding-metadata-invalid", detail = e.to_string()),
                    )
                    .line(e.line())
                    .hint(msg!("hint-bundle-rebuild")),
                );
                continue;
            }
        };
        if meta.schema != manifest::METADATA_SCHEMA || meta.language != me.language {
            found.add(
                &me.path,
                Finding::new(
                    METADATA_INVALID,
                    msg!(
                        "finding-metadata-mismatch",
                        schema = meta.schema.clone(),
                        language = meta.language.clone(),
                        listed = me.language.clone()
                    ),
                )
                .hint(msg!("hint-bundle-rebuild")),
            );
            continue;
        }
        if expect.metadata.series_title && meta.series_title.as_deref().is_none_or(str::is_empty) {
            found.add(
                &me.path,
                Finding::new(
                    METADATA_MISSING,
                    msg!("finding-metadata-series-title", lang = me.language.clone()),
                )
                .hint(msg!(
                    "hint-metadata-series-title",
                    lang = me.language.clone()
                )),
            );
        }
        if expect.metadata.episode_titles {
            let missing: Vec<String> = m
                .episodes
                .iter()
                .filter(|e| {
                    !meta.episodes.iter().any(|x| {
                        x.number == e.number && x.title.as_deref().is_some_and(|t| !t.is_empty())
                    })
                })
                .map(|e| e.number.to_string())
                .collect();
            if !missing.is_empty() {
                found.add(
                    &me.path,
                    Finding::new(
                        METADATA_MISSING,
                        msg!(
                            "finding-metadata-episode-titles",
                            lang = me.language.clone(),
                            count = missing.len(),
                            episodes = missing.join(", ")
                        ),
                    )
                    .hint(msg!(
                        "hint-metadata-episode-titles",
                        lang = me.language.clone()
                    )),
                );
            }
        }
    }
    for lang in &m.languages {
        if expect.metadata != Default::default() && !m.metadata.iter().any(|x| &x.language == lang)
        {
            found.add(
                "",
                Finding::new(
                    METADATA_MISSING,
                    msg!("finding-metadata-file-missing", lang = lang.clone()),
                )
                .hint(msg!("hint-bundle-rebuild")),
            );
        }
    }
}
