//! `bundle --market ID`: check the series against the market, convert every delivered track
//! to the market's format, encoding, byte order mark and line endings, name it by the
//! market's template, and describe it all in `manifest.json` plus one metadata file per
//! language. For a market with `[burn_in]`, the renders too (see `renders`). The subtitles
//! are built in memory (a series' subtitles are megabytes); renders stay on disk and are
//! streamed in when `pack` writes everything in one atomic step.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::manifest::{
    self, AllowedFinding, EpisodeEntry, EpisodeMetadata, FileEntry, Manifest, MarketInfo, Metadata,
    MetadataEntry, Qc, SeriesInfo, Tool,
};
use super::renders::{self, Renderer};
use super::validate::ids::METADATA_MISSING;
use crate::check::{self, Selection, Settings};
use crate::diagnostics::{Finding, Report, Severity, TrackReport};
use crate::error::{Error, IoAction};
use crate::formats::{self, encoding};
use crate::markets::{Market, NameParts};
use crate::model::{CueMeta, Episode, Format, Language, SubtitleTrack, TrackHeader};
use crate::msg;
use crate::timing::SafeArea;
use crate::workspace::Workspace;

/// One file of a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// `/`-separated path inside the bundle.
    pub path: String,
    pub content: Content,
}

/// Where a bundle file's bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Built in memory: a track, a metadata file, the manifest.
    Data(Vec<u8>),
    /// A file on disk (a render, hundreds of megabytes), streamed into the bundle; its size
    /// and SHA-256 as the manifest records them, checked again while it is copied.
    File {
        source: PathBuf,
        bytes: u64,
        sha256: String,
    },
}

impl BundleFile {
    /// A file built in memory.
    pub fn data(path: String, data: Vec<u8>) -> BundleFile {
        BundleFile {
            path,
            content: Content::Data(data),
        }
    }

    /// Its size in bytes.
    pub fn len(&self) -> u64 {
        match &self.content {
            Content::Data(d) => d.len() as u64,
            Content::File { bytes, .. } => *bytes,
        }
    }

    /// Whether it has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What `assemble` produced.
#[derive(Clone, Debug)]
pub enum Assembled {
    /// The bundle's files (manifest first, then by path) and the check that ran first.
    Ready {
        files: Vec<BundleFile>,
        manifest: Box<Manifest>,
        report: Report,
    },
    /// Error findings remain and `--allow-findings` was not given.
    Refused { report: Report },
}

/// How to assemble.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Bundle even with error findings, listing them in the manifest.
    pub allow_findings: bool,
    pub jobs: usize,
}

/// The languages a market delivers from this series: its required languages, then the
/// optional ones the series has; a market that names none takes every language.
pub fn delivered_languages(
    market: &Market,
    episodes: &BTreeMap<crate::model::EpisodeNumber, Episode>,
) -> Vec<Language> {
    let present: std::collections::BTreeSet<&Language> =
        episodes.values().flat_map(|e| e.tracks.keys()).collect();
    if market.languages.is_empty() && market.optional_languages.is_empty() {
        return present.into_iter().cloned().collect();
    }
    let mut out = market.languages.clone();
    out.extend(
        market
            .optional_languages
            .iter()
            .filter(|l| present.iter().any(|p| p == l || p.same_written_language(l)))
            .cloned(),
    );
    out
}

/// The track of `lang` in an episode: the same tag, else the same written language.
pub fn track_of<'a>(
    episode: &'a Episode,
    lang: &Language,
) -> Option<&'a crate::model::episode::TrackFile> {
    episode.tracks.get(lang).or_else(|| {
        episode
            .tracks
            .iter()
            .find(|(l, _)| l.same_written_language(lang))
            .map(|(_, t)| t)
    })
}

/// Check, convert and describe a series for a market; for a market with `[burn_in]`, render
/// through `renderer` what is missing or stale and include the renders.
pub fn assemble(
    ws: &Workspace,
    market: &Market,
    options: &Options,
    renderer: &dyn Renderer,
) -> Result<Assembled, Error> {
    let episodes = ws.episodes()?;
    let languages = delivered_languages(market, &episodes);
    let settings = Settings::for_series(&ws.file, &ws.series_file(), None, Some(market))?;
    let required = if market.languages.is_empty() && market.optional_languages.is_empty() {
        languages.clone()
    } else {
        market.languages.clone()
    };
    let selection = Selection {
        episodes: None,
        languages: Some(languages.clone()),
        required: required.clone(),
    };
    let mut report = check::check_series(ws, &settings, &selection, options.jobs, None)?;
    report
        .tracks
        .extend(metadata_findings(ws, market, &episodes, &languages));
    // Renders: what cannot be rendered is a finding like any other.
    let jobs = match &market.spec.burn_in {
        Some(_) => {
            let plan = renderer.plan(ws, market, &languages)?;
            renders::add_skip_findings(ws, market, &episodes, &plan.skipped, &mut report.tracks);
            plan.jobs
        }
        None => Vec::new(),
    };
    if report.has_errors() && !options.allow_findings {
        return Ok(Assembled::Refused { report });
    }
    if !jobs.is_empty() {
        renderer.render(ws, market, &jobs)?;
    }

    let list: Vec<&Episode> = episodes.values().collect();
    let converted = crate::parallel::map(&list, options.jobs, |e| {
        convert_episode(ws, market, e, &languages)
    });
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for (episode, result) in list.iter().zip(converted) {
        let mut entry = EpisodeEntry {
            number: episode.number.get(),
            duration_ms: episode.duration.and_then(|d| u64::try_from(d.get()).ok()),
            files: Vec::new(),
            videos: Vec::new(),
        };
        for (file, fe) in result? {
            files.push(file);
            entry.files.push(fe);
        }
        entries.push(entry);
    }
    // Each finished render: its size and checksum (read through once) and what ffprobe says.
    let videos = crate::parallel::map(&jobs, options.jobs, |job| {
        renders::video_file(ws, market, job, renderer)
    });
    for (job, result) in jobs.iter().zip(videos) {
        let (file, entry) = result?;
        if let Some(e) = entries.iter_mut().find(|e| e.number == job.episode.get()) {
            e.videos.push(entry);
        }
        files.push(file);
    }
    let mut metadata = Vec::new();
    for lang in &languages {
        let (file, data) = metadata_file(ws, &episodes, lang);
        metadata.push(MetadataEntry {
            path: file.clone(),
            language: lang.to_string(),
            bytes: data.len() as u64,
            sha256: manifest::sha256_hex(&data),
        });
        files.push(BundleFile::data(file, data));
    }
    let summary = report.summary();
    let mut allowed: Vec<AllowedFinding> = report
        .tracks
        .iter()
        .flat_map(|t| {
            t.active()
                .filter(|f| f.severity == Severity::Error)
                .map(move |f| AllowedFinding {
                    episode: t.episode.map(|e| e.get()),
                    language: t.language.clone(),
                    rule: f.rule.to_owned(),
                    cue: f.cue,
                })
        })
        .collect();
    allowed.sort();
    let has_videos = entries.iter().any(|e| !e.videos.is_empty());
    let manifest = Manifest {
        schema: manifest::schema_for(has_videos).to_owned(),
        tool: Tool {
            name: "dramaloc".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        series: SeriesInfo {
            id: ws.series.id.clone(),
            title: ws.series.title.clone(),
            source_language: ws.series.source_language.to_string(),
            frame_rate: ws.series.frame_rate.to_string(),
            resolution: [ws.series.resolution.0, ws.series.resolution.1],
        },
        market: MarketInfo {
            id: market.id().to_owned(),
            name: market.spec.name.clone(),
            required_languages: required.iter().map(ToString::to_string).collect(),
            format: market.spec.format.name().to_owned(),
            encoding: market.encoding.name().to_owned(),
            bom: market.spec.bom,
            line_endings: market.spec.line_endings.name().to_owned(),
            timing: Some(market.timing()).filter(|t| *t != Default::default()),
            safe_area: market.spec.safe_area,
        },
        languages: languages.iter().map(ToString::to_string).collect(),
        episodes: entries,
        metadata,
        qc: Qc {
            preset: report.preset.clone(),
            timing: ws.file.timing.clone(),
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            allowed,
        },
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Two files under one name (a naming template that gives a render its track's name):
    // refused here rather than as a broken zip.
    if let Some(path) = files
        .windows(2)
        .find_map(|w| match w {
            [a, b] if a.path == b.path => Some(a.path.clone()),
            _ => None,
        })
        .or_else(|| {
            files
                .iter()
                .find(|f| f.path == manifest::MANIFEST_PATH)
                .map(|f| f.path.clone())
        })
    {
        return Err(Error::Usage {
            message: msg!("error-bundle-same-path", path = path),
            detail: None,
            hint: Some(msg!("hint-bundle-same-path")),
        });
    }
    files.insert(
        0,
        BundleFile::data(
            manifest::MANIFEST_PATH.to_owned(),
            manifest.to_json().into_bytes(),
        ),
    );
    Ok(Assembled::Ready {
        files,
        manifest: Box::new(manifest),
        report,
    })
}

/// Convert one episode's delivered tracks.
fn convert_episode(
    ws: &Workspace,
    market: &Market,
    episode: &Episode,
    languages: &[Language],
) -> Result<Vec<(BundleFile, FileEntry)>, Error> {
    let mut out = Vec::new();
    for lang in languages {
        let Some(tf) = track_of(episode, lang) else {
            continue;
        };
        let bytes = std::fs::read(&tf.path).map_err(|e| Error::io(&tf.path, IoAction::Read, e))?;
        let loaded =
            formats::read_bytes(&bytes, Some(&tf.path), None).map_err(|source| Error::Read {
                path: tf.path.clone(),
                source,
            })?;
        let track = for_market(&loaded.parsed.track, market, lang);
        let text = formats::write(&track);
        let path = market.naming.expand(&NameParts {
            series: &ws.series.id,
            market: market.id(),
            episode: episode.number,
            language: lang,
            format: market.spec.format,
        });
        let data = encoding::encode(&text, market.encoding, market.spec.bom).map_err(|source| {
            Error::Encode {
                path: tf.path.clone(),
                source,
            }
        })?;
        let entry = FileEntry {
            path: path.clone(),
            language: lang.to_string(),
            format: market.spec.format.name().to_owned(),
            encoding: market.encoding.name().to_owned(),
            bom: market.spec.bom,
            bytes: data.len() as u64,
            sha256: manifest::sha256_hex(&data),
            cues: track.displayed_cue_count(),
        };
        out.push((BundleFile::data(path, data), entry));
    }
    Ok(out)
}

/// A track in the market's format and line endings, written canonically (no byte of the
/// original file's layout carried over) with its language declared where the format can.
pub fn for_market(track: &SubtitleTrack, market: &Market, lang: &Language) -> SubtitleTrack {
    let (mut out, _) = formats::convert(track, market.spec.format);
    out.detach();
    out.bom = false;
    out.line_ending = market.spec.line_endings.line_ending();
    if let TrackHeader::Ttml(h) = out.header_mut() {
        h.lang = Some(lang.to_string());
        h.head = Some(ttml_head(&market.spec.safe_area));
    }
    // Top-placed cues go to the top of the market's safe area, not the frame's edge, where
    // vertical players draw their own interface.
    if out.format == Format::WebVtt {
        let top = market.spec.safe_area.top;
        let pct = (u64::from(top) * 100).div_ceil(u64::from(SafeArea::REFERENCE.1));
        for cue in &mut out.cues {
            if let CueMeta::Vtt(m) = cue.meta_mut()
                && let Some(rest) = m.settings.strip_prefix("line:0")
                && (rest.is_empty() || rest.starts_with(' '))
            {
                m.settings = format!("line:{pct}%{rest}");
            }
        }
    }
    out
}

/// A TTML `<head>` whose placement regions (`top`, `middle`, `bottom`, the ids the writer
/// places cues in) are 15 % high boxes inside the safe area, in percentages as premium
/// platforms require (never pixels).
fn ttml_head(a: &SafeArea) -> String {
    let (w, h) = (
        f64::from(SafeArea::REFERENCE.0),
        f64::from(SafeArea::REFERENCE.1),
    );
    let pct = |v: f64| {
        let s = format!("{:.2}", v * 100.0);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("{s}%")
    };
    let band = (0.15 * h).min(f64::from(a.bottom - a.top));
    let (left, top, bottom) = (f64::from(a.left), f64::from(a.top), f64::from(a.bottom));
    let region = |id: &str, y: f64, right: u32, align: &str| {
        format!(
            r#"      <region xml:id="{id}" tts:origin="{} {}" tts:extent="{} {}" tts:displayAlign="{align}" tts:textAlign="center"/>"#,
            pct(left / w),
            pct(y / h),
            pct((f64::from(right) - left) / w),
            pct(band / h)
        )
    };
    // Text entirely above the rail may use the full width; the rest stops at the rail.
    let top_right = if top + band <= f64::from(a.rail_top) {
        a.right
    } else {
        a.rail_right
    };
    [
        "<head>".to_owned(),
        "    <layout>".to_owned(),
        region("top", top, top_right, "before"),
        region(
            "middle",
            (top + bottom - band) / 2.0,
            a.rail_right,
            "center",
        ),
        region("bottom", bottom - band, a.rail_right, "after"),
        "    </layout>".to_owned(),
        "  </head>".to_owned(),
    ]
    .join("\n")
}

/// The series title in a language (the source language falls back to the series title).
fn series_title(ws: &Workspace, lang: &Language) -> Option<String> {
    ws.series.titles.get(lang).cloned().or_else(|| {
        (lang == &ws.series.source_language
            || lang.same_written_language(&ws.series.source_language))
        .then(|| ws.series.title.clone())
    })
}

fn episode_title(ws: &Workspace, e: &Episode, lang: &Language) -> Option<String> {
    e.titles.get(lang).cloned().or_else(|| {
        (lang == &ws.series.source_language)
            .then(|| e.title.clone())
            .flatten()
    })
}

fn metadata_path(lang: &Language) -> String {
    format!("metadata/{lang}.json")
}

/// A language's metadata file: its path and bytes.
fn metadata_file(
    ws: &Workspace,
    episodes: &BTreeMap<crate::model::EpisodeNumber, Episode>,
    lang: &Language,
) -> (String, Vec<u8>) {
    let m = Metadata {
        schema: manifest::METADATA_SCHEMA.to_owned(),
        language: lang.to_string(),
        series_title: series_title(ws, lang),
        episodes: episodes
            .values()
            .map(|e| EpisodeMetadata {
                number: e.number.get(),
                title: episode_title(ws, e, lang),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&m).unwrap_or_default();
    s.push('\n');
    (metadata_path(lang), s.into_bytes())
}

/// `metadata-missing` findings: a title the market requires that the series lacks.
fn metadata_findings(
    ws: &Workspace,
    market: &Market,
    episodes: &BTreeMap<crate::model::EpisodeNumber, Episode>,
    languages: &[Language],
) -> Vec<TrackReport> {
    let need = market.spec.metadata;
    let mut out = Vec::new();
    for lang in languages {
        let mut findings = Vec::new();
        if need.series_title && series_title(ws, lang).is_none() {
            findings.push(
                Finding::new(
                    METADATA_MISSING,
                    msg!("finding-metadata-series-title", lang = lang.to_string()),
                )
                .hint(msg!("hint-metadata-series-title", lang = lang.to_string())),
            );
        }
        if need.episode_titles {
            let missing: Vec<String> = episodes
                .values()
                .filter(|e| episode_title(ws, e, lang).is_none())
                .map(|e| e.number.get().to_string())
                .collect();
            if !missing.is_empty() {
                findings.push(
                    Finding::new(
                        METADATA_MISSING,
                        msg!(
                            "finding-metadata-episode-titles",
                            lang = lang.to_string(),
                            count = missing.len(),
                            episodes = missing.join(", ")
                        ),
                    )
                    .hint(msg!(
                        "hint-metadata-episode-titles",
                        lang = lang.to_string()
                    )),
                );
            }
        }
        if !findings.is_empty() {
            let mut t = TrackReport::new(metadata_path(lang), ws.series.frame_rate);
            t.language = Some(lang.to_string());
            t.findings = findings;
            out.push(t);
        }
    }
    out
}
