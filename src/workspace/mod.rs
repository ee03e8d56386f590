//! A series workspace on disk (DESIGN §3): finding it, reading its layout, and the
//! commands that change it (`init`, `import`) or report on it (`status`).

pub mod import;
pub mod init;
pub mod naming;
pub mod status;
pub mod videos;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{EpisodeFile, SERIES_FILE, SeriesFile, find_series_root};
use crate::error::{Error, IoAction};
use crate::model::episode::TrackFile;
use crate::model::{Episode, EpisodeNumber, Format, Language, Series};

/// The folder that holds one folder per episode.
pub const EPISODES_DIR: &str = "episodes";

/// An opened series workspace: the series settings and where things live on disk.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub series: Series,
    /// `series.toml` as written (its `[timing]` and `[check]` tables are read by `check`).
    pub file: SeriesFile,
}

impl Workspace {
    /// Open the series whose `series.toml` is in `start` or a parent folder.
    pub fn discover(start: &Path) -> Result<Workspace, Error> {
        let root = find_series_root(start).ok_or_else(|| Error::NoSeries {
            start: start.to_path_buf(),
        })?;
        let file = SeriesFile::read(&root)?;
        Ok(Workspace {
            series: file.resolve(&root)?,
            file,
        })
    }

    pub fn root(&self) -> &Path {
        &self.series.root
    }

    pub fn series_file(&self) -> PathBuf {
        self.root().join(SERIES_FILE)
    }

    pub fn episodes_dir(&self) -> PathBuf {
        self.root().join(EPISODES_DIR)
    }

    pub fn episode_dir(&self, n: EpisodeNumber) -> PathBuf {
        self.episodes_dir().join(n.dir_name())
    }

    /// Where the track of an episode in a language and format lives.
    pub fn track_path(&self, n: EpisodeNumber, lang: &Language, format: Format) -> PathBuf {
        self.episode_dir(n)
            .join(format!("{lang}.{}", format.extension()))
    }

    /// The episodes on disk with their tracks. Files that are not `<tag>.<ext>` tracks are ignored;
    /// folders that are not episode numbers are ignored.
    pub fn episodes(&self) -> Result<BTreeMap<EpisodeNumber, Episode>, Error> {
        let dir = self.episodes_dir();
        let mut out = BTreeMap::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io(&dir, IoAction::List, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, IoAction::List, e))?;
            let name = entry.file_name();
            let Some(number) = name
                .to_str()
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse().ok())
                .and_then(EpisodeNumber::new)
            else {
                continue;
            };
            if !entry.path().is_dir() {
                continue;
            }
            let mut episode = Episode::new(number, entry.path());
            EpisodeFile::load(&entry.path())?.apply(&entry.path(), &mut episode)?;
            let files = std::fs::read_dir(entry.path())
                .map_err(|e| Error::io(&entry.path(), IoAction::List, e))?;
            for file in files {
                let file = file.map_err(|e| Error::io(&entry.path(), IoAction::List, e))?;
                let path = file.path();
                let (Some(stem), Some(ext)) = (
                    path.file_stem().and_then(|s| s.to_str()),
                    path.extension().and_then(|s| s.to_str()),
                ) else {
                    continue;
                };
                if stem == "cuts" && ext == "txt" {
                    episode.cuts = Some(path.clone());
                    continue;
                }
                let (Some(format), Ok(language)) =
                    (Format::from_extension(ext), Language::parse(stem))
                else {
                    continue;
                };
                episode.tracks.insert(
                    language.clone(),
                    TrackFile {
                        language,
                        format,
                        path,
                    },
                );
            }
            out.insert(number, episode);
        }
        Ok(out)
    }
}

/// Read a track file of a known format (any encoding) into a track; errors name the file.
pub fn read_track(
    path: &Path,
    format: crate::model::Format,
) -> Result<crate::model::SubtitleTrack, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, IoAction::Read, e))?;
    crate::formats::read_bytes(&bytes, Some(path), Some(format))
        .map(|l| l.parsed.track)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
}
