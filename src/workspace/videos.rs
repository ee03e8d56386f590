//! Episode videos given on the command line (`cuts detect VIDEO|DIR...`): which files are
//! videos, and which episode each belongs to, read from its name (`EP012.mp4`, `第12集.mov`,
//! `012.mkv`, or a folder `第12集/正片.mp4`). Names that say no episode, or two videos that
//! claim the same one, are reported to the caller, never guessed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, IoAction};
use crate::model::EpisodeNumber;

use super::naming::facts_from_path;

/// File extensions taken for videos (any case).
pub const VIDEO_EXTENSIONS: &[&str] = &["mp4", "mov", "mkv", "webm", "m4v", "avi"];

/// Whether the file name has a video extension.
pub fn is_video(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| VIDEO_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The videos found under the inputs, by episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VideoMatch {
    /// One video per episode.
    pub episodes: BTreeMap<EpisodeNumber, PathBuf>,
    /// Videos whose name (and folders) name no episode.
    pub unmatched: Vec<PathBuf>,
    /// Episodes that more than one video claims; none of them is used.
    pub ambiguous: BTreeMap<EpisodeNumber, Vec<PathBuf>>,
    /// Files named on the command line that are not videos.
    pub not_videos: Vec<PathBuf>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, IoAction::List, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, IoAction::List, e))?;
        let path = entry.path();
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        let file_type = entry
            .file_type()
            .map_err(|e| Error::io(&path, IoAction::Read, e))?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if is_video(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Match the videos in `inputs` (files, or folders searched recursively) to episodes.
/// A missing input is an error; everything else is sorted into the [`VideoMatch`].
pub fn match_videos(inputs: &[PathBuf]) -> Result<VideoMatch, Error> {
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut result = VideoMatch::default();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, IoAction::Read, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort();
            found.extend(files.into_iter().map(|f| (f, input.clone())));
        } else if is_video(input) {
            let root = input.parent().map(Path::to_path_buf).unwrap_or_default();
            found.push((input.clone(), root));
        } else {
            result.not_videos.push(input.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut claims: BTreeMap<EpisodeNumber, Vec<PathBuf>> = BTreeMap::new();
    for (path, root) in found {
        // The same file named twice (directly and through its folder) counts once.
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            continue;
        }
        match facts_from_path(&path, &root).episode {
            Some((episode, _)) => claims.entry(episode).or_default().push(path),
            None => result.unmatched.push(path),
        }
    }
    for (episode, mut paths) in claims {
        if paths.len() == 1 {
            result.episodes.insert(episode, paths.remove(0));
        } else {
            result.ambiguous.insert(episode, paths);
        }
    }
    Ok(result)
}

/// How `episode.toml` refers to `video`: relative to the episode folder (with `/`) when the
/// video is inside the series, else its absolute path.
pub fn video_reference(video: &Path, series_root: &Path, episode_dir: &Path) -> String {
    let video = std::fs::canonicalize(video)
        .unwrap_or_else(|_| std::path::absolute(video).unwrap_or_else(|_| video.to_path_buf()));
    let root = std::fs::canonicalize(series_root).unwrap_or_else(|_| series_root.to_path_buf());
    let Ok(rel_episode) = episode_dir.strip_prefix(series_root) else {
        return video.display().to_string();
    };
    let Ok(rel_video) = video.strip_prefix(&root) else {
        return video.display().to_string();
    };
    let from: Vec<_> = rel_episode.components().collect();
    let to: Vec<_> = rel_video.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"").unwrap();
    }

    #[test]
    fn names_folders_and_conflicts() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            "in/EP001.mp4",
            "in/第2集.MOV",
            "in/003.mkv",
            "in/第四集/正片.webm",
            "in/trailer.mp4",
            "in/EP005 final.mp4",
            "in/ep5_v2.m4v",
            "in/notes.txt",
            "in/.hidden/EP009.mp4",
            "loose.srt",
        ] {
            touch(&d.join(name));
        }
        let m = match_videos(&[d.join("in"), d.join("in/EP001.mp4"), d.join("loose.srt")]).unwrap();
        let eps: Vec<(u32, String)> = m
            .episodes
            .iter()
            .map(|(e, p)| {
                (
                    e.get(),
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                )
            })
            .collect();
        assert_eq!(
            eps,
            vec![
                (1, "EP001.mp4".to_owned()),
                (2, "第2集.MOV".to_owned()),
                (3, "003.mkv".to_owned()),
                (4, "正片.webm".to_owned()),
            ]
        );
        assert_eq!(m.unmatched, vec![d.join("in/trailer.mp4")]);
        assert_eq!(
            m.ambiguous.keys().map(|e| e.get()).collect::<Vec<_>>(),
            vec![5]
        );
        assert_eq!(m.ambiguous.values().next().unwrap().len(), 2);
        assert_eq!(m.not_videos, vec![d.join("loose.srt")]);
        assert!(match_videos(&[d.join("nope")]).is_err());
    }

    #[test]
    fn references_are_relative_inside_the_series() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("series");
        touch(&root.join("videos/EP001.mp4"));
        touch(&root.join("episodes/001/ep.mp4"));
        touch(&dir.path().join("elsewhere/EP001.mp4"));
        let ep = root.join("episodes/001");
        assert_eq!(
            video_reference(&root.join("videos/EP001.mp4"), &root, &ep),
            "../../videos/EP001.mp4"
        );
        assert_eq!(
            video_reference(&root.join("episodes/001/ep.mp4"), &root, &ep),
            "ep.mp4"
        );
        let outside = video_reference(&dir.path().join("elsewhere/EP001.mp4"), &root, &ep);
        assert!(Path::new(&outside).is_absolute(), "{outside}");
    }
}
