//! A series: its settings and its episodes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::episode::{Episode, EpisodeNumber};
use super::language::Language;
use super::time::FrameRate;

/// A series: its settings (from `series.toml`) and, once read, its episodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub root: PathBuf,
    pub id: String,
    pub title: String,
    pub source_language: Language,
    pub frame_rate: FrameRate,
    pub resolution: (u32, u32),
    /// Market ids the series is delivered to.
    pub markets: Vec<String>,
    /// Localized series titles.
    pub titles: BTreeMap<Language, String>,
    pub episodes: BTreeMap<EpisodeNumber, Episode>,
}

impl Series {
    /// The source language, then every other language with at least one track, sorted.
    pub fn languages(&self) -> Vec<Language> {
        let mut others: Vec<Language> = self
            .episodes
            .values()
            .flat_map(|e| e.tracks.keys())
            .filter(|l| **l != self.source_language)
            .cloned()
            .collect();
        others.sort();
        others.dedup();
        let mut langs = vec![self.source_language.clone()];
        langs.extend(others);
        langs
    }
}
