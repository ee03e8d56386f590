//! An episode of a series: its number and the tracks it has.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::format::Format;
use super::language::Language;
use super::time::{FrameRate, Millis};

/// An episode number, 1-based. Folders are named with at least three digits (`001`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpisodeNumber(u32);

/// The highest episode number dramaloc accepts; series are 60–120 episodes, specials a few more.
pub const MAX_EPISODE: u32 = 9_999;

impl EpisodeNumber {
    pub fn new(n: u32) -> Option<Self> {
        (1..=MAX_EPISODE).contains(&n).then_some(EpisodeNumber(n))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// The folder name under `episodes/`: `001`, `012`, `120`, `1200`.
    pub fn dir_name(self) -> String {
        format!("{:03}", self.0)
    }
}

impl fmt::Display for EpisodeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A track as found on disk in a series workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackFile {
    pub language: Language,
    pub format: Format,
    pub path: PathBuf,
}

/// One episode in a series workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Episode {
    pub number: EpisodeNumber,
    pub dir: PathBuf,
    pub tracks: BTreeMap<Language, TrackFile>,
    pub cuts: Option<PathBuf>,
    /// `episode.toml` override of the series frame rate.
    pub frame_rate: Option<FrameRate>,
    /// Video duration from `episode.toml`.
    pub duration: Option<Millis>,
    /// Episode title from `episode.toml`.
    pub title: Option<String>,
    /// Localized episode titles from `episode.toml` `[titles]`.
    pub titles: BTreeMap<Language, String>,
    /// The episode's video from `episode.toml` (resolved against the episode folder).
    pub video: Option<PathBuf>,
}

impl Episode {
    pub fn new(number: EpisodeNumber, dir: PathBuf) -> Self {
        Episode {
            number,
            dir,
            tracks: BTreeMap::new(),
            cuts: None,
            frame_rate: None,
            duration: None,
            title: None,
            titles: BTreeMap::new(),
            video: None,
        }
    }
}
