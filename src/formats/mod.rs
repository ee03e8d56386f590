//! Subtitle formats: one module per format, one registry (this file), content sniffing,
//! text encodings, and conversion between formats.
//!
//! Every parser is our own: it reports line and column, never panics on any input, and keeps
//! the original text so that an unedited track is written back byte for byte.
//!
//! # Adding a format
//!
//! 1. Add a variant to [`Format`] (`model/format.rs`) with its name and extensions.
//! 2. Write `formats/<name>.rs` with `parse`, `write`, `looks_like`, `new_track`, `to_rich`
//!    and `from_rich` (see `srt.rs` for the smallest complete example).
//! 3. Add the format to every `match` in this file; the compiler lists them.
//! 4. Add its corpus folder to the round-trip tests, a fuzz target in `fuzz/`, and its
//!    name to the README's format table.

// Parsers never panic on input: no unwrap/expect outside tests (enforced here, not counted).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod ass;
pub mod encoding;
mod error;
pub mod lines;
pub mod markup;
pub mod srt;
pub mod ttml;
pub mod vtt;

use std::path::Path;

pub use error::{ParseError, ParseErrorKind, ParseWarning, WarningKind};
pub use markup::{DropReport, Dropped, Placement, RichText, Run};

use crate::message::Message;
pub use crate::model::Format;
use crate::model::{Cue, SubtitleTrack};
use crate::msg;
use encoding::{DecodeError, Decoded};

/// A parsed track with the leniencies the parser applied.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub track: SubtitleTrack,
    pub warnings: Vec<ParseWarning>,
}

/// Parse decoded text in a known format. A leading U+FEFF is taken as a byte order mark.
pub fn parse(format: Format, text: &str) -> Result<Parsed, ParseError> {
    match format {
        Format::Srt => srt::parse(text),
        Format::WebVtt => vtt::parse(text),
        Format::Ass | Format::Ssa => ass::parse(text),
        Format::Ttml => ttml::parse(text),
    }
}

/// Write a track in its own format. Unedited parts are copied from the original text.
/// The result starts with U+FEFF when the track has a byte order mark.
pub fn write(track: &SubtitleTrack) -> String {
    match track.format {
        Format::Srt => srt::write(track),
        Format::WebVtt => vtt::write(track),
        Format::Ass | Format::Ssa => ass::write(track),
        Format::Ttml => ttml::write(track),
    }
}

/// A cue's text without markup, lines joined by `\n`: what readability rules count.
pub fn plain_text(track: &SubtitleTrack, cue: &Cue) -> String {
    rich_text(track, cue, &mut Vec::new()).plain()
}

/// A cue as format-neutral rich text; what could not be represented goes to `dropped`.
pub fn rich_text(track: &SubtitleTrack, cue: &Cue, dropped: &mut Vec<Dropped>) -> RichText {
    match track.format {
        Format::Srt => srt::to_rich(track, cue, dropped),
        Format::WebVtt => vtt::to_rich(track, cue, dropped),
        Format::Ass | Format::Ssa => ass::to_rich(track, cue, dropped),
        Format::Ttml => ttml::to_rich(track, cue, dropped),
    }
}

/// Convert a track to another format, keeping times, text, italics, bold, underline, line
/// breaks and top/middle/bottom placement where the target can express them.
pub fn convert(track: &SubtitleTrack, to: Format) -> (SubtitleTrack, DropReport) {
    let mut report = DropReport::default();
    if to == track.format {
        return (track.clone(), report);
    }
    let mut out = new_track(to);
    out.bom = track.bom;
    out.line_ending = track.line_ending;
    out.cues.reserve(track.cues.len());
    let mut dropped = Vec::new();
    for cue in &track.cues {
        if is_comment(cue) {
            report.add(Dropped::Comment);
            continue;
        }
        dropped.clear();
        let rich = rich_text(track, cue, &mut dropped);
        dropped.sort();
        dropped.dedup();
        report.extend(dropped.iter().copied());
        let (text, meta) = from_rich(to, &rich);
        let mut span = cue.span();
        if matches!(to, Format::Ass | Format::Ssa) {
            // ASS times are centiseconds: say so when a time has to move.
            let rounded = round_span_to_centiseconds(span);
            if rounded != span {
                report.add(Dropped::MillisecondPrecision);
                span = rounded;
            }
        }
        out.cues.push(Cue::new(span, text).with_meta(meta));
    }
    (out, report)
}

/// A span with both ends rounded to the nearest 10 ms (never reversed by the rounding).
fn round_span_to_centiseconds(span: crate::model::TimeSpan) -> crate::model::TimeSpan {
    use crate::model::{Millis, TimeSpan};
    let round = |t: Millis| Millis::new((t.get() + 5) / 10 * 10);
    let (start, end) = (round(span.start()), round(span.end()));
    TimeSpan::new(start, end.max(start)).unwrap_or(span)
}

fn is_comment(cue: &Cue) -> bool {
    matches!(cue.meta(), crate::model::CueMeta::Ass(m) if m.kind == crate::model::AssEventKind::Comment)
}

/// Native markup and metadata for rich text in a format.
pub fn from_rich(format: Format, rich: &RichText) -> (String, crate::model::CueMeta) {
    match format {
        Format::Srt => srt::from_rich(rich),
        Format::WebVtt => vtt::from_rich(rich),
        Format::Ass | Format::Ssa => ass::from_rich(rich),
        Format::Ttml => ttml::from_rich(rich),
    }
}

/// An empty track with the default header of a format (ASS: a 1080×1920 script with one style).
pub fn new_track(format: Format) -> SubtitleTrack {
    match format {
        Format::Srt => srt::new_track(),
        Format::WebVtt => vtt::new_track(),
        Format::Ass | Format::Ssa => ass::new_track(format),
        Format::Ttml => ttml::new_track(),
    }
}

/// Why the format of a file could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetectError {
    #[error("the content matches no supported subtitle format")]
    Unknown,
    #[error("the content looks like {content} but the extension says {extension}")]
    Conflict { content: Format, extension: Format },
}

impl DetectError {
    pub fn message(&self) -> Message {
        match self {
            DetectError::Unknown => msg!("detect-error-unknown"),
            DetectError::Conflict { content, extension } => msg!(
                "detect-error-conflict",
                content = content.name(),
                extension = extension.name()
            ),
        }
    }
}

/// Decide the format: by content first, by extension second.
///
/// When the content clearly says one format and the extension another, the content wins
/// except for SRT-vs-WebVTT look-alikes, where a mismatch is reported as a conflict.
pub fn detect(text: &str, extension: Option<&str>) -> Result<Format, DetectError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let by_ext = extension.and_then(Format::from_extension);
    let by_content = if vtt::looks_like(text) {
        Some(Format::WebVtt)
    } else if let Some(f) = ass::looks_like(text) {
        Some(f)
    } else if ttml::looks_like(text) {
        Some(Format::Ttml)
    } else if srt::looks_like(text) {
        Some(Format::Srt)
    } else {
        None
    };
    match (by_content, by_ext) {
        // `.ass` and `.ssa` are one family; trust the header.
        (Some(c), _) => Ok(c),
        (None, Some(e)) => Ok(e),
        (None, None) => Err(DetectError::Unknown),
    }
}

/// Why a file could not be read as subtitles.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Detect(#[from] DetectError),
    #[error(transparent)]
    Parse(#[from] ParseError),
}

impl ReadError {
    pub fn message(&self) -> Message {
        match self {
            ReadError::Decode(e) => e.message(),
            ReadError::Detect(e) => e.message(),
            ReadError::Parse(e) => e.kind.message(),
        }
    }

    /// Line and column, when the error has a position in the text.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ReadError::Parse(e) => Some((e.line, e.column)),
            _ => None,
        }
    }
}

/// A file read from bytes: how it was decoded, which format it is, and the parsed track.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub decoded: encoding::DecodeInfo,
    pub format: Format,
    pub parsed: Parsed,
}

/// Decode bytes (any supported encoding), detect the format (unless given) and parse.
pub fn read_bytes(
    bytes: &[u8],
    path: Option<&Path>,
    format: Option<Format>,
) -> Result<Loaded, ReadError> {
    let Decoded { text, info } = encoding::decode(bytes)?;
    let format = match format {
        Some(f) => f,
        None => detect(
            &text,
            path.and_then(|p| p.extension()).and_then(|e| e.to_str()),
        )?,
    };
    let mut parsed = parse(format, &text)?;
    parsed.track.bom |= info.bom.is_some();
    Ok(Loaded {
        decoded: info,
        format,
        parsed,
    })
}
