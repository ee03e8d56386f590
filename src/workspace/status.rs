//! `status`: the episodes × languages matrix of a series.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Workspace;
use crate::error::Error;
use crate::formats::{self, ReadError};
use crate::model::{EpisodeNumber, Format, Language};

/// One track in the matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum TrackState {
    Ok {
        format: Format,
        cues: usize,
        path: PathBuf,
    },
    Unreadable {
        format: Format,
        path: PathBuf,
        error: ReadError,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeStatus {
    pub number: EpisodeNumber,
    pub tracks: BTreeMap<Language, TrackState>,
    pub missing: Vec<Language>,
    pub cuts: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusReport {
    pub id: String,
    pub title: String,
    pub source_language: Language,
    /// Every language with at least one track, source first.
    pub languages: Vec<Language>,
    pub episodes: Vec<EpisodeStatus>,
}

impl StatusReport {
    pub fn missing_count(&self) -> usize {
        self.episodes.iter().map(|e| e.missing.len()).sum()
    }

    pub fn unreadable_count(&self) -> usize {
        self.episodes
            .iter()
            .flat_map(|e| e.tracks.values())
            .filter(|t| matches!(t, TrackState::Unreadable { .. }))
            .count()
    }
}

fn count_cuts(path: &std::path::Path) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count(),
    )
}

fn read_track(format: Format, path: &std::path::Path) -> TrackState {
    let path = path.to_path_buf();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(_) => {
            return TrackState::Unreadable {
                format,
                path,
                error: ReadError::Detect(formats::DetectError::Unknown),
            };
        }
    };
    match formats::read_bytes(&bytes, Some(&path), Some(format)) {
        Ok(l) => TrackState::Ok {
            format,
            cues: l.parsed.track.displayed_cue_count(),
            path,
        },
        Err(error) => TrackState::Unreadable {
            format,
            path,
            error,
        },
    }
}

/// Read every track of the series (in parallel) and build the matrix.
pub fn status(ws: &Workspace) -> Result<StatusReport, Error> {
    let mut series = ws.series.clone();
    series.episodes = ws.episodes()?;
    let languages = series.languages();
    let episodes = &series.episodes;

    let jobs: Vec<(EpisodeNumber, Language, Format, PathBuf)> = episodes
        .values()
        .flat_map(|e| {
            e.tracks
                .values()
                .map(move |t| (e.number, t.language.clone(), t.format, t.path.clone()))
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let chunk = jobs.len().div_ceil(threads).max(1);
    let results: Vec<(EpisodeNumber, Language, TrackState)> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(n, l, f, p)| (*n, l.clone(), read_track(*f, p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });

    let mut by_episode: BTreeMap<EpisodeNumber, EpisodeStatus> = episodes
        .values()
        .map(|e| {
            (
                e.number,
                EpisodeStatus {
                    number: e.number,
                    tracks: BTreeMap::new(),
                    missing: Vec::new(),
                    cuts: e.cuts.as_deref().and_then(count_cuts),
                },
            )
        })
        .collect();
    for (n, lang, state) in results {
        if let Some(e) = by_episode.get_mut(&n) {
            e.tracks.insert(lang, state);
        }
    }
    for e in by_episode.values_mut() {
        e.missing = languages
            .iter()
            .filter(|l| !e.tracks.contains_key(l))
            .cloned()
            .collect();
    }
    Ok(StatusReport {
        id: ws.series.id.clone(),
        title: ws.series.title.clone(),
        source_language: ws.series.source_language.clone(),
        languages,
        episodes: by_episode.into_values().collect(),
    })
}
