//! Parse errors and warnings shared by every format.

use crate::message::Message;
use crate::model::{Format, Millis};
use crate::msg;

/// A parse failure at a position (1-based line and column, column counted in characters).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, column {column}: {kind}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub kind: ParseErrorKind,
}

impl ParseError {
    pub fn new(line: usize, column: usize, kind: ParseErrorKind) -> Self {
        ParseError { line, column, kind }
    }
}

/// What went wrong. Every variant has a Fluent message (`parse-error-*`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseErrorKind {
    #[error("the file has no subtitle content")]
    Empty,
    #[error("this does not look like {expected}")]
    NotFormat { expected: Format },
    #[error("`{found}` is not a valid timestamp")]
    BadTimestamp { found: String },
    #[error("a timing line (`start --> end`) was expected")]
    MissingTiming,
    #[error("the cue ends ({end}) before it starts ({start})")]
    EndBeforeStart { start: Millis, end: Millis },
    #[error("the time is out of range")]
    TimeOutOfRange,
    #[error("the file must start with `WEBVTT`")]
    VttSignature,
    #[error("the `[Events]` section has no `Format:` line naming `{field}`")]
    AssMissingField { field: String },
    #[error("the event has {found} fields, the `Format:` line names {expected}")]
    AssFieldCount { found: usize, expected: usize },
    #[error("XML error: {detail}")]
    Xml { detail: String },
    #[error("the document has no `<tt>` root element")]
    TtmlNoRoot,
    #[error("`{found}` is not a valid TTML time expression")]
    TtmlBadTime { found: String },
    #[error("the document nests elements deeper than {limit}")]
    TooDeep { limit: usize },
}

impl ParseErrorKind {
    /// The Fluent message for this error.
    pub fn message(&self) -> Message {
        match self {
            ParseErrorKind::Empty => msg!("parse-error-empty"),
            ParseErrorKind::NotFormat { expected } => {
                msg!("parse-error-not-format", format = expected.name())
            }
            ParseErrorKind::BadTimestamp { found } => {
                msg!("parse-error-bad-timestamp", found = found)
            }
            ParseErrorKind::MissingTiming => msg!("parse-error-missing-timing"),
            ParseErrorKind::EndBeforeStart { start, end } => msg!(
                "parse-error-end-before-start",
                start = start.to_string(),
                end = end.to_string()
            ),
            ParseErrorKind::TimeOutOfRange => msg!("parse-error-time-out-of-range"),
            ParseErrorKind::VttSignature => msg!("parse-error-vtt-signature"),
            ParseErrorKind::AssMissingField { field } => {
                msg!("parse-error-ass-missing-field", field = field)
            }
            ParseErrorKind::AssFieldCount { found, expected } => {
                msg!(
                    "parse-error-ass-field-count",
                    found = *found,
                    expected = *expected
                )
            }
            ParseErrorKind::Xml { detail } => msg!("parse-error-xml", detail = detail),
            ParseErrorKind::TtmlNoRoot => msg!("parse-error-ttml-no-root"),
            ParseErrorKind::TtmlBadTime { found } => {
                msg!("parse-error-ttml-bad-time", found = found)
            }
            ParseErrorKind::TooDeep { limit } => msg!("parse-error-too-deep", limit = *limit),
        }
    }
}

/// Something a lenient parser accepted but the user should know about.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseWarning {
    pub line: usize,
    pub column: usize,
    pub kind: WarningKind,
}

impl ParseWarning {
    pub fn new(line: usize, column: usize, kind: WarningKind) -> Self {
        ParseWarning { line, column, kind }
    }
}

/// Leniencies. Each has a Fluent message (`parse-warning-*`).
#[derive(Debug, Clone, PartialEq)]
pub enum WarningKind {
    /// SRT `00:00:01.000`: `.` instead of `,` before the milliseconds.
    DotBeforeMillis,
    /// A fraction with fewer than three digits, read as tenths or hundredths (`,5` = 500 ms).
    ShortFraction { found: String },
    /// A timestamp without a fraction (`00:00:01`), read as whole seconds.
    MissingFraction { found: String },
    /// SRT counters not increasing by one.
    IndexOutOfOrder { found: String },
    /// A block that is not a cue and was kept as it is (garbage between cues).
    SkippedBlock,
    /// WebVTT cue whose end is before its start; kept as an empty cue as browsers do.
    EndBeforeStart,
    /// An ASS fraction with three digits (`0:00:01.500`), which libass reads as centiseconds.
    AssMillisFraction { found: String },
    /// A TTML element or attribute dramaloc does not model (kept where possible).
    TtmlUnsupported { what: String },
    /// A TTML time outside the standard grammar but unambiguous (`19.764`, `1:00.998`).
    TtmlLenientTime { found: String },
    /// A TTML paragraph with no end: it stays on screen to the end of the media, read as
    /// ending at 9,999 hours.
    TtmlOpenEnd,
}

impl WarningKind {
    pub fn message(&self) -> Message {
        match self {
            WarningKind::DotBeforeMillis => msg!("parse-warning-dot-before-millis"),
            WarningKind::ShortFraction { found } => {
                msg!("parse-warning-short-fraction", found = found)
            }
            WarningKind::MissingFraction { found } => {
                msg!("parse-warning-missing-fraction", found = found)
            }
            WarningKind::IndexOutOfOrder { found } => {
                msg!("parse-warning-index-out-of-order", found = found)
            }
            WarningKind::SkippedBlock => msg!("parse-warning-skipped-block"),
            WarningKind::EndBeforeStart => msg!("parse-warning-end-before-start"),
            WarningKind::AssMillisFraction { found } => {
                msg!("parse-warning-ass-millis-fraction", found = found)
            }
            WarningKind::TtmlUnsupported { what } => {
                msg!("parse-warning-ttml-unsupported", what = what)
            }
            WarningKind::TtmlLenientTime { found } => {
                msg!("parse-warning-ttml-lenient-time", found = found)
            }
            WarningKind::TtmlOpenEnd => msg!("parse-warning-ttml-open-end"),
        }
    }
}
