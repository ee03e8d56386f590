//! `series.toml`: the settings of a series workspace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{FrameRate, Language, Series};
use crate::timing::TimingOverrides;

/// The file that marks the root of a series workspace.
pub const SERIES_FILE: &str = "series.toml";

/// `series.toml` as written: every field checked, unknown keys refused.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    pub id: String,
    pub title: String,
    pub source_language: String,
    pub frame_rate: String,
    pub resolution: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    /// Localized series titles by language tag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub titles: BTreeMap<String, String>,
    /// Timing limits over the preset and the market (`[timing]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<TimingOverrides>,
    /// Rule severities and per-cue suppressions (`[check]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckSection>,
    /// Backends per language, base URLs, models, rates (`[translate]`); never keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translate: Option<crate::translate::settings::TranslateSection>,
}

/// The `[check]` table: severities by rule id and suppressions of single findings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSection {
    /// Rule id → `error`, `warning`, `info` or `off`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppress: Vec<Suppression>,
}

/// One finding silenced for one cue, with the reason recorded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    pub episode: u32,
    pub lang: String,
    /// 1-based cue number.
    pub cue: usize,
    pub rule: String,
    pub reason: String,
}

/// Parse `WIDTHxHEIGHT`.
pub fn parse_resolution(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.trim().split_once(['x', 'X', '×'])?;
    let w: u32 = w.trim().parse().ok()?;
    let h: u32 = h.trim().parse().ok()?;
    (w > 0 && h > 0 && w <= 16384 && h <= 16384).then_some((w, h))
}

/// Whether a series id is usable in file names and bundle names.
pub fn valid_series_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Walk up from `start` to the first folder that holds `series.toml`.
pub fn find_series_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(SERIES_FILE).is_file())
        .map(Path::to_path_buf)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Deserialize a TOML settings file; errors name the file, line and column.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, Error> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        Error::Config {
            path: path.to_path_buf(),
            line,
            column,
            detail: e.message().to_owned(),
        }
    })
}

impl SeriesFile {
    /// Parse the text of a `series.toml`; errors name the file, line and column.
    pub fn parse(path: &Path, text: &str) -> Result<SeriesFile, Error> {
        parse_toml(path, text)
    }

    /// Check every field and resolve it into a [`Series`] (episodes not read yet).
    pub fn resolve(&self, root: &Path) -> Result<Series, Error> {
        let path = root.join(SERIES_FILE);
        let invalid = |key: &str, value: &str| Error::ConfigValue {
            path: path.clone(),
            key: key.to_owned(),
            value: value.to_owned(),
        };
        if !valid_series_id(&self.id) {
            return Err(invalid("id", &self.id));
        }
        let source_language = Language::parse(&self.source_language)
            .map_err(|_| invalid("source_language", &self.source_language))?;
        let frame_rate: FrameRate = self
            .frame_rate
            .parse()
            .map_err(|_| invalid("frame_rate", &self.frame_rate))?;
        let resolution = parse_resolution(&self.resolution)
            .ok_or_else(|| invalid("resolution", &self.resolution))?;
        let mut titles = BTreeMap::new();
        for (tag, title) in &self.titles {
            let lang = Language::parse(tag).map_err(|_| invalid("titles", tag))?;
            titles.insert(lang, title.clone());
        }
        if let Some(t) = &self.timing {
            crate::timing::spec::validate(t)
                .map_err(|key| invalid(&format!("timing.{key}"), ""))?;
        }
        Ok(Series {
            root: root.to_path_buf(),
            id: self.id.clone(),
            title: self.title.clone(),
            source_language,
            frame_rate,
            resolution,
            markets: self.markets.clone(),
            titles,
            episodes: BTreeMap::new(),
        })
    }

    /// Read and resolve `<root>/series.toml`.
    pub fn load(root: &Path) -> Result<Series, Error> {
        SeriesFile::read(root)?.resolve(root)
    }

    /// Read `<root>/series.toml` without resolving it.
    pub fn read(root: &Path) -> Result<SeriesFile, Error> {
        let path = root.join(SERIES_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::io(&path, crate::error::IoAction::Read, e))?;
        SeriesFile::parse(&path, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "id = \"demo\"\ntitle = \"Demo\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30000/1001\"\nresolution = \"1080x1920\"\n";

    #[test]
    fn parses_and_resolves() {
        let s = SeriesFile::parse(Path::new("series.toml"), GOOD)
            .unwrap()
            .resolve(Path::new("/x"))
            .unwrap();
        assert_eq!(s.frame_rate, FrameRate::FPS_29_97);
        assert_eq!(s.resolution, (1080, 1920));
        assert_eq!(s.source_language.as_str(), "zh-Hans");
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let text = format!("{GOOD}colour = \"red\"\n");
        match SeriesFile::parse(Path::new("series.toml"), &text).unwrap_err() {
            Error::Config { line, detail, .. } => {
                assert_eq!(line, 6);
                assert!(detail.contains("colour"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_values_are_named() {
        let text = GOOD.replace("zh-Hans", "zh_CN");
        match SeriesFile::parse(Path::new("s"), &text)
            .unwrap()
            .resolve(Path::new("/x"))
            .unwrap_err()
        {
            Error::ConfigValue { key, .. } => assert_eq!(key, "source_language"),
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_resolution("1080x1920"), Some((1080, 1920)));
        assert_eq!(parse_resolution("0x5"), None);
        assert!(valid_series_id("wuling-tea-heiress"));
        assert!(!valid_series_id("Bad Id"));
    }
}
