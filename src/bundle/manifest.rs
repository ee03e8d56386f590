//! `manifest.json`: what a bundle holds, with sizes and SHA-256 of every file, and how it was
//! checked. Schemas `dramaloc-bundle/1` and `/2` (which adds the burned-in renders of each
//! episode), described field by field in `docs/bundle-manifest.schema.json` (JSON Schema) and
//! `docs/bundles.md`.
//!
//! The manifest carries no time stamp and nothing about the machine: the same series and
//! market give the same bytes.

use serde::{Deserialize, Serialize};

/// The schema id of a manifest without renders: every dramaloc that reads bundles reads it.
pub const SCHEMA_V1: &str = "dramaloc-bundle/1";
/// The schema id of a manifest that lists renders (`episodes[].videos`); a reader of `/1`
/// only would refuse the field, hence the new id.
pub const SCHEMA_V2: &str = "dramaloc-bundle/2";
/// Every schema id `validate` reads.
pub const SCHEMAS: &[&str] = &[SCHEMA_V1, SCHEMA_V2];

/// The lowest schema that describes a manifest: `/2` only when it lists renders.
pub fn schema_for(has_videos: bool) -> &'static str {
    if has_videos { SCHEMA_V2 } else { SCHEMA_V1 }
}
/// The manifest's path inside a bundle.
pub const MANIFEST_PATH: &str = "manifest.json";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub schema: String,
    pub tool: Tool,
    pub series: SeriesInfo,
    pub market: MarketInfo,
    /// Every delivered language, required ones first.
    pub languages: Vec<String>,
    pub episodes: Vec<EpisodeEntry>,
    /// One metadata file per language.
    pub metadata: Vec<MetadataEntry>,
    pub qc: Qc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesInfo {
    pub id: String,
    pub title: String,
    pub source_language: String,
    /// `30`, `30000/1001`…
    pub frame_rate: String,
    /// `[width, height]` of the video.
    pub resolution: [u32; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketInfo {
    pub id: String,
    pub name: String,
    /// Languages the market requires in every episode.
    pub required_languages: Vec<String>,
    pub format: String,
    pub encoding: String,
    pub bom: bool,
    pub line_endings: String,
    /// The market's timing overrides (its `[timing]` with `max_lines`), so that a receiver
    /// without the spec checks with the same limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<crate::timing::TimingOverrides>,
    pub safe_area: crate::timing::SafeArea,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeEntry {
    pub number: u32,
    /// Video duration, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    pub files: Vec<FileEntry>,
    /// The episode's renders with the subtitles burned in, one per language (`/2` only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub videos: Vec<VideoEntry>,
}

/// A render: an episode's video with one language's subtitles burned in, described as
/// ffprobe saw it when the bundle was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoEntry {
    /// Path inside the bundle, `/`-separated.
    pub path: String,
    /// The language burned in.
    pub language: String,
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: String,
    /// Duration of the video stream.
    pub duration_ms: u64,
    pub width: u32,
    pub height: u32,
    /// `30`, `30000/1001`…
    pub frame_rate: String,
    /// As ffprobe names it (`h264`).
    pub video_codec: String,
    /// The first audio stream's codec (`aac`); absent when the video has no sound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_codec: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Path inside the bundle, `/`-separated.
    pub path: String,
    pub language: String,
    pub format: String,
    pub encoding: String,
    pub bom: bool,
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: String,
    pub cues: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataEntry {
    pub path: String,
    pub language: String,
    pub bytes: u64,
    pub sha256: String,
}

/// How the series was checked before bundling.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qc {
    /// The timing preset the limits came from.
    pub preset: String,
    /// The series' own timing overrides (`series.toml` `[timing]`), applied after the
    /// market's; `validate` checks with the same limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<crate::timing::TimingOverrides>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Error findings bundled anyway with `--allow-findings`.
    pub allowed: Vec<AllowedFinding>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedFinding {
    pub episode: Option<u32>,
    pub language: Option<String>,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<usize>,
}

/// Which list of the manifest a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    Track,
    Video,
    Metadata,
}

/// A metadata file (`metadata/<lang>.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub schema: String,
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_title: Option<String>,
    pub episodes: Vec<EpisodeMetadata>,
}

/// The schema id of metadata files.
pub const METADATA_SCHEMA: &str = "dramaloc-metadata/1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeMetadata {
    pub number: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Manifest {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Every file the manifest lists (tracks, renders and metadata): path, bytes, SHA-256,
    /// and which list it is in.
    pub fn listed(&self) -> impl Iterator<Item = (&str, u64, &str, Listed)> {
        self.episodes
            .iter()
            .flat_map(|e| {
                e.files
                    .iter()
                    .map(|f| (f.path.as_str(), f.bytes, f.sha256.as_str(), Listed::Track))
                    .chain(
                        e.videos
                            .iter()
                            .map(|v| (v.path.as_str(), v.bytes, v.sha256.as_str(), Listed::Video)),
                    )
            })
            .chain(self.metadata.iter().map(|m| {
                (
                    m.path.as_str(),
                    m.bytes,
                    m.sha256.as_str(),
                    Listed::Metadata,
                )
            }))
    }

    /// Whether any episode lists a render.
    pub fn has_videos(&self) -> bool {
        self.episodes.iter().any(|e| !e.videos.is_empty())
    }
}

/// SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
