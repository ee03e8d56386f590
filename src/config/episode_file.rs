//! `episodes/NNN/episode.toml`: what is known of one episode beyond its tracks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::fsutil::write_atomic;
use crate::model::{Episode, FrameRate, Millis};

/// The optional settings file of an episode folder.
pub const EPISODE_FILE: &str = "episode.toml";

/// `episode.toml` as written: every field optional, unknown keys refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeFile {
    /// Video duration in milliseconds (`cuts detect` records it from ffprobe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Episode title in the source language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Frame rate of this episode's video when it differs from the series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_rate: Option<String>,
    /// The episode's video, relative to the episode folder or absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<String>,
    /// Localized episode titles by language tag (bundle metadata).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub titles: BTreeMap<String, String>,
}

impl EpisodeFile {
    /// Parse the text of an `episode.toml`; errors name the file, line and column.
    pub fn parse(path: &Path, text: &str) -> Result<EpisodeFile, Error> {
        super::series_file::parse_toml(path, text)
    }

    /// Read `<dir>/episode.toml`; a missing file is an empty one.
    pub fn load(dir: &Path) -> Result<EpisodeFile, Error> {
        let path = dir.join(EPISODE_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => EpisodeFile::parse(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(EpisodeFile::default()),
            Err(e) => Err(Error::io(&path, crate::error::IoAction::Read, e)),
        }
    }

    /// Write `<dir>/episode.toml` atomically.
    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        let text = toml::to_string(self).unwrap_or_default();
        write_atomic(&dir.join(EPISODE_FILE), text.as_bytes())
    }

    /// Check the values and copy them into an [`Episode`].
    pub fn apply(self, dir: &Path, episode: &mut Episode) -> Result<(), Error> {
        let path = dir.join(EPISODE_FILE);
        if let Some(d) = self.duration_ms {
            let ms =
                i64::try_from(d)
                    .ok()
                    .filter(|&d| d > 0)
                    .ok_or_else(|| Error::ConfigValue {
                        path: path.clone(),
                        key: "duration_ms".into(),
                        value: d.to_string(),
                    })?;
            episode.duration = Some(Millis::new(ms));
        }
        if let Some(r) = &self.frame_rate {
            episode.frame_rate = Some(r.parse::<FrameRate>().map_err(|_| Error::ConfigValue {
                path: path.clone(),
                key: "frame_rate".into(),
                value: r.clone(),
            })?);
        }
        episode.title = self.title;
        for (tag, title) in self.titles {
            let lang = crate::model::Language::parse(&tag).map_err(|_| Error::ConfigValue {
                path: path.clone(),
                key: "titles".into(),
                value: tag.clone(),
            })?;
            episode.titles.insert(lang, title);
        }
        episode.video = self.video.map(|v| dir.join(PathBuf::from(v)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EpisodeNumber;

    #[test]
    fn reads_known_keys_and_refuses_others() {
        let f = EpisodeFile::parse(
            Path::new("episode.toml"),
            "duration_ms = 86200\ntitle = \"x\"\nframe_rate = \"30000/1001\"\nvideo = \"ep1.mp4\"\n[titles]\nen-us = \"X\"\n",
        )
        .unwrap();
        let mut ep = Episode::new(EpisodeNumber::new(1).unwrap(), "/s/001".into());
        f.apply(Path::new("/s/001"), &mut ep).unwrap();
        assert_eq!(ep.duration, Some(Millis::new(86_200)));
        assert_eq!(ep.frame_rate, Some(FrameRate::FPS_29_97));
        assert_eq!(ep.video, Some(PathBuf::from("/s/001/ep1.mp4")));
        let en = crate::model::Language::parse("en-US").unwrap();
        assert_eq!(ep.titles.get(&en).map(String::as_str), Some("X"));
        match EpisodeFile::parse(Path::new("episode.toml"), "\nlength = 3\n").unwrap_err() {
            Error::Config { line, .. } => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_values_are_named() {
        let mut ep = Episode::new(EpisodeNumber::new(1).unwrap(), "/s/001".into());
        let f = EpisodeFile {
            frame_rate: Some("fast".into()),
            ..Default::default()
        };
        match f.apply(Path::new("/s/001"), &mut ep).unwrap_err() {
            Error::ConfigValue { key, .. } => assert_eq!(key, "frame_rate"),
            other => panic!("{other:?}"),
        }
    }
}
