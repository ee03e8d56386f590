//! The domain model: time, cues, tracks, languages, episodes and series.
//!
//! Depends on nothing else in the crate and does no I/O. Parsers (`crate::formats`) build
//! these values; everything else reads them.

pub mod cue;
pub mod episode;
pub mod format;
pub mod language;
pub mod script;
pub mod series;
pub mod time;
pub mod track;

pub use cue::{
    AssCueMeta, AssEventKind, Cue, CueMeta, SourceRange, SrtCueMeta, TtmlCueMeta, VttCueMeta,
};
pub use episode::{Episode, EpisodeNumber};
pub use format::Format;
pub use language::{Language, LanguageError};
pub use script::TextScript;
pub use series::Series;
pub use time::{FrameRate, Millis, SpanError, TimeSpan};
pub use track::{
    AssHeader, AssStyle, LineEnding, SubtitleTrack, TrackHeader, TtmlHeader, VttHeader,
};
