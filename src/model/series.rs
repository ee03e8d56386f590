//! A series: its settings and its episodes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::episode::{Episode, EpisodeNumber};
use super::language::Language;
use super::time::FrameRate;

/// A series workspace as loaded from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub root: PathBuf,
    pub id: String,
    pub title: String,
    pub source_language: Language,
    pub frame_rate: FrameRate,
    pub resolution: (u32, u32),
    pub episodes: BTreeMap<EpisodeNumber, Episode>,
}

impl Series {
    /// Every language that has at least one track, source language first.
    pub fn languages(&self) -> Vec<Language> {
        let mut langs: Vec<Language> = self
            .episodes
            .values()
            .flat_map(|e| e.tracks.keys().cloned())
            .collect();
        langs.sort();
        langs.dedup();
        if let Some(i) = langs.iter().position(|l| *l == self.source_language) {
            let src = langs.remove(i);
            langs.insert(0, src);
        }
        langs
    }
}
