//! The rules `check` runs: one type per file, each named for what it flags, with a stable
//! kebab-case id used in output, configuration and suppressions.
//!
//! A rule looks at one [`TrackInput`] — a file with its parsed track (if it could be read),
//! the limits for its language, the episode's shot changes and duration, and, for a
//! translation, the source-language track — and pushes [`Finding`]s. Rules never print and
//! never decide the final severity: the engine applies the series configuration.
//!
//! # Adding a rule
//!
//! 1. Write `timing/rules/<id>.rs` with a unit struct implementing [`Rule`], its `explain`
//!    messages, and tests: a fixture that triggers it and a near miss that does not.
//! 2. Add it to [`ALL`]; add `rule-<id>-what`, `rule-<id>-why` and its finding messages to
//!    `locales/*/rules.ftl`.

mod cue_crosses_shot_change;
pub(crate) mod cue_ends_near_shot_change;
mod cue_outside_episode;
pub(crate) mod cue_starts_near_shot_change;
mod cue_too_long;
mod cue_too_short;
mod cues_overlap;
mod gap_not_chained;
mod gap_too_small;
mod parse_error;
pub(crate) mod timestamp_off_frame;
mod track_missing;

mod align;
mod bom_missing;
mod bom_present;
mod cue_count_mismatch;
mod cue_empty;
mod encoding_not_utf8;
mod forbidden_term;
mod glossary_term_missing;
mod invalid_glyph;
mod language_tag_invalid;
mod line_too_long;
mod position_outside_safe_area;
mod reading_speed_too_high;
pub(crate) mod terms;
mod timing_mismatch;
mod too_many_lines;
mod untranslated_text;

use std::path::PathBuf;

pub(crate) use language_tag_invalid::LanguageTagInvalid;

use crate::diagnostics::{Finding, Severity};
use crate::formats::encoding::DecodeInfo;
use crate::message::Message;
use crate::model::{Cue, Language, Millis, SubtitleTrack, TimeSpan};

use super::spec::Limits;

/// A check rule.
pub trait Rule: Send + Sync {
    /// Stable kebab-case id.
    fn id(&self) -> &'static str;
    /// Severity unless the series configures another.
    fn default_severity(&self) -> Severity;
    /// Whether `check --fix` has a safe edit for this rule's findings.
    fn fixable(&self) -> bool {
        false
    }
    /// What the rule checks and why (two messages), for `check --explain`.
    fn explain(&self) -> (Message, Message);
    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>);
}

/// Every rule, in the order findings are listed for a cue.
pub static ALL: &[&dyn Rule] = &[
    &parse_error::ParseError,
    &track_missing::TrackMissing,
    &cues_overlap::CuesOverlap,
    &gap_too_small::GapTooSmall,
    &gap_not_chained::GapNotChained,
    &cue_too_short::CueTooShort,
    &cue_too_long::CueTooLong,
    &cue_starts_near_shot_change::CueStartsNearShotChange,
    &cue_ends_near_shot_change::CueEndsNearShotChange,
    &cue_crosses_shot_change::CueCrossesShotChange,
    &cue_outside_episode::CueOutsideEpisode,
    &timestamp_off_frame::TimestampOffFrame,
    &cue_empty::CueEmpty,
    &reading_speed_too_high::ReadingSpeedTooHigh,
    &line_too_long::LineTooLong,
    &too_many_lines::TooManyLines,
    &invalid_glyph::InvalidGlyph,
    &position_outside_safe_area::PositionOutsideSafeArea,
    &language_tag_invalid::LanguageTagInvalid,
    &bom_present::BomPresent,
    &bom_missing::BomMissing,
    &encoding_not_utf8::EncodingNotUtf8,
    &untranslated_text::UntranslatedText,
    &cue_count_mismatch::CueCountMismatch,
    &timing_mismatch::TimingMismatch,
    &glossary_term_missing::GlossaryTermMissing,
    &forbidden_term::ForbiddenTerm,
];

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.id() == id)
}

/// What is known about the file behind a track, before and besides parsing.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub path: PathBuf,
    /// Whether the file exists (a required track that is missing has `exists: false`).
    pub exists: bool,
    /// The language tag as written in the file name, when the file is named by tag.
    pub name_tag: Option<String>,
    pub decode: Option<DecodeInfo>,
    /// Why the file could not be read: message and line.
    pub error: Option<(Message, Option<usize>)>,
    /// Whether the destination wants a byte order mark (`None`: no preference).
    pub want_bom: Option<bool>,
}

/// A translated track's source-language counterpart in the same episode.
#[derive(Clone, Copy, Debug)]
pub struct SourceTrack<'a> {
    pub track: &'a SubtitleTrack,
    pub texts: &'a [String],
    pub language: &'a Language,
}

/// Everything a rule may look at for one file.
#[derive(Clone, Copy, Debug)]
pub struct TrackInput<'a> {
    pub file: &'a FileFacts,
    pub track: Option<&'a SubtitleTrack>,
    /// Plain text of each cue (markup removed, lines joined by `\n`), same order as cues.
    pub texts: &'a [String],
    pub language: Option<&'a Language>,
    pub limits: &'a Limits,
    /// Shot changes of the episode, sorted.
    pub cuts: &'a [Millis],
    pub duration: Option<Millis>,
    /// Video frame size.
    pub resolution: (u32, u32),
    /// The source-language track when this one is a translation.
    pub source: Option<SourceTrack<'a>>,
    pub glossary: Option<&'a crate::glossary::Glossary>,
}

impl<'a> TrackInput<'a> {
    /// The displayed cues with their index in the track (ASS comments are skipped).
    pub fn cues(&self) -> impl Iterator<Item = (usize, &'a Cue)> + 'a {
        self.track
            .into_iter()
            .flat_map(|t| t.cues.iter().enumerate())
            .filter(|(_, c)| !is_comment(c))
    }

    /// Consecutive displayed cues, in time order as stored.
    pub fn pairs(&self) -> impl Iterator<Item = ((usize, &'a Cue), (usize, &'a Cue))> + 'a {
        let mut it = self.cues();
        let mut prev = it.next();
        std::iter::from_fn(move || {
            let p = prev?;
            let n = it.next()?;
            prev = Some(n);
            Some((p, n))
        })
    }

    pub fn text(&self, index: usize) -> &'a str {
        self.texts.get(index).map_or("", String::as_str)
    }

    /// A time as a frame index (nearest frame boundary).
    pub fn frame(&self, t: Millis) -> i64 {
        self.limits.frame_rate.nearest_frame(t)
    }

    /// The start time of a frame.
    pub fn frame_time(&self, frame: i64) -> Millis {
        self.limits.frame_rate.frame_to_millis(frame)
    }

    /// The shot change nearest to `t` (by frames): its time and `frame(t) − frame(cut)`.
    pub fn nearest_cut(&self, t: Millis) -> Option<(Millis, i64)> {
        let i = self.cuts.partition_point(|c| *c < t);
        let f = self.frame(t);
        [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|k| self.cuts.get(k).copied())
            .map(|c| (c, f - self.frame(c)))
            .min_by_key(|(_, d)| (d.abs(), *d < 0))
    }

    /// Shot changes strictly inside a span.
    pub fn cuts_within(&self, span: TimeSpan) -> &'a [Millis] {
        let a = self.cuts.partition_point(|c| *c <= span.start());
        let b = self.cuts.partition_point(|c| *c < span.end());
        self.cuts.get(a..b.max(a)).unwrap_or(&[])
    }
}

/// ASS `Comment:` events are not displayed and not checked.
pub fn is_comment(cue: &Cue) -> bool {
    matches!(cue.meta(), crate::model::CueMeta::Ass(m) if m.kind == crate::model::AssEventKind::Comment)
}

/// Frames as shown in messages.
pub(crate) fn frames_arg(n: i64) -> crate::message::Arg {
    crate::message::Arg::Int(n)
}

#[cfg(test)]
#[allow(dead_code)] // shared by every rule's tests; not all use every builder
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = ALL.iter().map(|r| r.id()).collect();
        for id in &ids {
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id}"
            );
        }
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
