//! `manifest.json`: what a bundle holds, with sizes and SHA-256 of every file, and how it was
//! checked. Schema `dramaloc-bundle/1`, described field by field in
//! `docs/bundle-manifest.schema.json` (JSON Schema) and `docs/bundles.md`.
//!
//! The manifest carries no time stamp and nothing about the machine: the same series and
//! market give the same bytes.

use serde::{Deserialize, Serialize};

/// The schema id of this version of the manifest.
pub const SCHEMA: &str = "dramaloc-bundle/1";
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

    /// Every file the manifest lists (tracks and metadata): path, bytes, SHA-256.
    pub fn listed(&self) -> impl Iterator<Item = (&str, u64, &str)> {
        self.episodes
            .iter()
            .flat_map(|e| e.files.iter())
            .map(|f| (f.path.as_str(), f.bytes, f.sha256.as_str()))
            .chain(
                self.metadata
                    .iter()
                    .map(|m| (m.path.as_str(), m.bytes, m.sha256.as_str())),
            )
    }
}

/// SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
