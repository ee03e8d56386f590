//! The result of a check: per track, what was checked (cues and shot changes, for the
//! timeline) and what was found; for `--fix`, the edits made.

use serde::Serialize;

use super::finding::{Finding, Severity};
use crate::model::{EpisodeNumber, FrameRate, Millis, TimeSpan};

/// What one check run produced.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Series id, when a series was checked.
    pub series: Option<String>,
    /// The timing preset the limits came from.
    pub preset: String,
    /// The market whose limits applied.
    pub market: Option<String>,
    pub tracks: Vec<TrackReport>,
}

/// One checked file (or a missing one, for `track-missing`).
#[derive(Clone, Debug)]
pub struct TrackReport {
    /// The path as shown to the user (relative to the series root when inside it).
    pub path: String,
    pub episode: Option<EpisodeNumber>,
    /// BCP 47 tag of the track, when known.
    pub language: Option<String>,
    /// Format name (`srt`, `vtt`, …), when the file was read.
    pub format: Option<&'static str>,
    pub frame_rate: FrameRate,
    pub duration: Option<Millis>,
    /// Cue times, for the timeline.
    pub cues: Vec<TimeSpan>,
    /// Shot changes of the episode, for the timeline.
    pub cuts: Vec<Millis>,
    pub findings: Vec<Finding>,
    /// Edits `check --fix` made (or would make, with `--dry-run`).
    pub edits: Vec<Edit>,
}

impl TrackReport {
    pub fn new(path: String, frame_rate: FrameRate) -> TrackReport {
        TrackReport {
            path,
            episode: None,
            language: None,
            format: None,
            frame_rate,
            duration: None,
            cues: Vec::new(),
            cuts: Vec::new(),
            findings: Vec::new(),
            edits: Vec::new(),
        }
    }

    /// Active (not suppressed) findings.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_active())
    }
}

/// What kind of change a fix made to a cue.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EditKind {
    /// Times moved (start and/or end).
    Retime,
    /// Line breaks changed; the words are the same.
    Rebreak,
}

/// One edit of `check --fix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// 1-based cue number.
    pub cue: usize,
    /// The rule whose finding the edit resolves.
    pub rule: &'static str,
    pub kind: EditKind,
    pub before: TimeSpan,
    pub after: TimeSpan,
    /// For re-breaks: the text before and after (same words, other line breaks).
    pub text_before: Option<String>,
    pub text_after: Option<String>,
}

/// Counts over a report.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub cues: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
    pub fixable: usize,
    pub edits: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.tracks.len(),
            ..Summary::default()
        };
        for t in &self.tracks {
            s.cues += t.cues.len();
            s.edits += t.edits.len();
            for f in &t.findings {
                if !f.is_active() {
                    s.suppressed += 1;
                    continue;
                }
                match f.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
                if f.fixable {
                    s.fixable += 1;
                }
            }
        }
        s
    }

    /// Whether any active finding is an error.
    pub fn has_errors(&self) -> bool {
        self.tracks
            .iter()
            .flat_map(|t| t.active())
            .any(|f| f.severity == Severity::Error)
    }
}
