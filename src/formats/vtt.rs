//! Placeholder: being written.

use super::{Dropped, ParseError, ParseErrorKind, Parsed, RichText};
use crate::model::{Cue, CueMeta, Format, SubtitleTrack};

pub fn parse(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::new(1, 1, ParseErrorKind::Empty))
}

pub fn write(_track: &SubtitleTrack) -> String {
    String::new()
}

pub fn looks_like(_text: &str) -> bool {
    false
}

pub fn new_track() -> SubtitleTrack {
    SubtitleTrack::new(Format::Srt)
}

pub fn to_rich(_track: &SubtitleTrack, _cue: &Cue, _dropped: &mut Vec<Dropped>) -> RichText {
    RichText::default()
}

pub fn from_rich(_rich: &RichText) -> (String, CueMeta) {
    (String::new(), CueMeta::None)
}
