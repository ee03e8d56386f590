//! `validate BUNDLE`: what a distributor runs on a bundle before accepting it, with no
//! series on disk. Every problem is a finding (never a panic, never a write):
//!
//! 1. the archive itself (`archive.rs`: unsafe names, symlinks, duplicates, bombs, damage);
//! 2. the manifest: present, JSON, a known schema version, valid against it, safe paths;
//! 3. every listed file present with its size and SHA-256; no file that is not listed;
//! 4. every episode × required language present;
//! 5. every track decodes in its declared encoding and parses in its declared format, and
//!    both are the market's; its language tag is valid and canonical;
//! 6. the market's timing and readability rules, with the limits the bundle was made with.

use std::collections::{BTreeMap, BTreeSet};

use super::archive::{self, ArchiveLimits, Entry, Opened};
use super::manifest::{self, FileEntry, Manifest, Metadata};
use crate::check::{LoadedEpisode, LoadedTrack, Settings};
use crate::diagnostics::{Finding, Report, Severity, TrackReport};
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
}
use ids::*;

/// How to validate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The market to hold the bundle to; `None`: the built-in named in the manifest.
    pub market: Option<Market>,
    pub limits: ArchiveLimits,
    pub jobs: usize,
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

/// Validate what `archive::open` read.
pub fn validate_opened(name: &str, opened: Opened, options: &Options) -> Report {
    let mut found = Found::default();
    for (path, f) in opened.findings {
        found.add(path.as_deref().unwrap_or(""), f);
    }
    let entries: BTreeMap<&str, &Entry> = opened
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e))
        .collect();
    let mut report = Report {
        series: None,
        preset: Preset::default().name().to_owned(),
        market: options.market.as_ref().map(|m| m.id().to_owned()),
        tracks: Vec::new(),
    };
    let manifest = read_manifest(&entries, &mut found);
    if let Some(m) = &manifest {
        report.series = Some(m.series.id.clone());
        check_bundle(m, &entries, options, &mut found, &mut report);
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
    report
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
    if schema != manifest::SCHEMA {
        found.add(
            at,
            Finding::new(
                MANIFEST_SCHEMA_UNKNOWN,
                msg!(
                    "finding-manifest-schema-unknown",
                    schema = schema,
                    known = manifest::SCHEMA
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
    entries: &BTreeMap<&str, &Entry>,
    options: &Options,
    found: &mut Found,
    report: &mut Report,
) {
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

    // Paths: safe, unique; every listed file present with its size and checksum.
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    listed.insert(manifest::MANIFEST_PATH);
    for (path, bytes, sha) in m.listed() {
        if !is_safe_relative(path) || path == manifest::MANIFEST_PATH {
            invalid(found, msg!("finding-manifest-unsafe-path", path = path));
            continue;
        }
        if sha.len() != 64 || !sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            invalid(found, msg!("finding-manifest-bad-sha256", path = path));
        }
        if !listed.insert(path) {
            invalid(found, msg!("finding-manifest-listed-twice", path = path));
            continue;
        }
        let Some(entry) = entries.get(path) else {
            found.add(
                path,
                Finding::new(FILE_MISSING, msg!("finding-file-missing", path = path))
                    .hint(msg!("hint-file-missing")),
            );
            continue;
        };
        let actual = entry.data.len() as u64;
        if actual != bytes {
            found.add(
                path,
                Finding::new(
                    SIZE_MISMATCH,
                    msg!(
                        "finding-size-mismatch",
                        path = path,
                        listed = bytes,
                        actual = actual
                    ),
                )
                .hint(msg!("hint-checksum-mismatch")),
            );
        }
        let digest = manifest::sha256_hex(&entry.data);
        if !digest.eq_ignore_ascii_case(sha) {
            found.add(
                path,
                Finding::new(
                    CHECKSUM_MISMATCH,
                    msg!(
                        "finding-checksum-mismatch",
                        path = path,
                        listed = sha,
                        actual = digest
                    ),
                )
                .hint(msg!("hint-checksum-mismatch")),
            );
        }
    }
    for name in entries.keys() {
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

    // Tracks: decode, parse, rules; episodes in parallel.
    let settings = settings_for(m, market.as_ref());
    let rate: FrameRate = m.series.frame_rate.parse().unwrap_or(FrameRate::FPS_30);
    let resolution = (m.series.resolution[0].max(1), m.series.resolution[1].max(1));
    let jobs = crate::parallel::jobs(Some(options.jobs));
    // Only tracks listed once under a safe path are read (the others are findings above).
    let mut times_listed: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, _, _) in m.listed() {
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
