//! A subtitle track: the cues of one episode in one language, plus what the file said about
//! itself that dramaloc does not model (styles, script info, regions, unknown sections).
//!
//! A parsed track keeps its original text. Writers copy the bytes of every part that was not
//! edited, so reading and writing an unedited file gives the same bytes back.

use std::sync::Arc;

use super::cue::{Cue, SourceRange};
use super::format::Format;

/// The line terminator a file uses (the first one found decides).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum LineEnding {
    #[default]
    Lf,
    CrLf,
    Cr,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }

    /// The first line terminator in `text`; LF when there is none.
    pub fn detect(text: &str) -> LineEnding {
        let bytes = text.as_bytes();
        match memchr_any(bytes) {
            Some(i) if bytes[i] == b'\n' => LineEnding::Lf,
            Some(i) if bytes.get(i + 1) == Some(&b'\n') => LineEnding::CrLf,
            Some(_) => LineEnding::Cr,
            None => LineEnding::Lf,
        }
    }
}

fn memchr_any(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n' || b == b'\r')
}

/// WebVTT file-level data.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct VttHeader {
    /// Text after `WEBVTT` on the signature line, and header lines up to the first blank line.
    pub header: String,
    /// Bodies of `STYLE` blocks, in order.
    pub styles: Vec<String>,
    /// Bodies of `REGION` blocks, in order.
    pub regions: Vec<String>,
}

/// One `Style:` row of an ASS/SSA file, fields in `Format:` order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AssStyle {
    pub fields: Vec<String>,
}

/// ASS/SSA file-level data.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AssHeader {
    /// `[Script Info]` key/value lines, in order (comments excluded).
    pub script_info: Vec<(String, String)>,
    /// The field names of the styles section's `Format:` line.
    pub styles_format: Vec<String>,
    pub styles: Vec<AssStyle>,
    /// The field names of the `[Events]` `Format:` line.
    pub events_format: Vec<String>,
    /// Sections dramaloc does not interpret (`[Fonts]`, `[Graphics]`, `[Aegisub Project Garbage]`…):
    /// name without brackets, then the raw body.
    pub other_sections: Vec<(String, String)>,
}

impl AssHeader {
    /// The value of a `[Script Info]` key (case-insensitive).
    pub fn info(&self, key: &str) -> Option<&str> {
        self.script_info
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// TTML document-level data kept for semantic round trips.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TtmlHeader {
    /// Attributes of the root `<tt>` element as written (namespaces included), in order.
    pub tt_attributes: Vec<(String, String)>,
    /// The `<head>` element serialized as XML, if the document had one.
    pub head: Option<String>,
    /// `xml:lang` of the document.
    pub lang: Option<String>,
}

/// File-level data of a track, per format.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum TrackHeader {
    #[default]
    None,
    Vtt(VttHeader),
    Ass(AssHeader),
    Ttml(TtmlHeader),
}

/// The cues of one episode in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubtitleTrack {
    pub format: Format,
    pub cues: Vec<Cue>,
    /// Whether the file started with a byte order mark.
    pub bom: bool,
    pub line_ending: LineEnding,
    header: TrackHeader,
    /// The decoded original text (BOM removed) while the track has one.
    source: Option<Arc<str>>,
    /// Bytes of the original before the first cue (the whole file when it has no cues).
    preamble: Option<SourceRange>,
}

impl SubtitleTrack {
    pub fn new(format: Format) -> Self {
        SubtitleTrack {
            format,
            cues: Vec::new(),
            bom: false,
            line_ending: LineEnding::Lf,
            header: TrackHeader::None,
            source: None,
            preamble: None,
        }
    }

    /// Used by parsers: attach the original text and the preamble range.
    pub fn with_source(mut self, source: Arc<str>, preamble: SourceRange) -> Self {
        self.source = Some(source);
        self.preamble = Some(preamble);
        self
    }

    pub fn with_header(mut self, header: TrackHeader) -> Self {
        self.header = header;
        self
    }

    pub fn header(&self) -> &TrackHeader {
        &self.header
    }

    /// Mutable header access; the header will be written canonically afterwards.
    pub fn header_mut(&mut self) -> &mut TrackHeader {
        self.preamble = None;
        &mut self.header
    }

    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The original text of the preamble, while the header is unedited.
    pub fn preamble_text(&self) -> Option<&str> {
        self.slice(self.preamble?)
    }

    /// The original text of a range, if the track still has its source.
    pub fn slice(&self, range: SourceRange) -> Option<&str> {
        self.source.as_deref()?.get(range.start..range.end)
    }

    /// The original bytes of an unedited cue.
    pub fn cue_source(&self, cue: &Cue) -> Option<&str> {
        self.slice(cue.source()?)
    }

    /// The original bytes that followed a cue.
    pub fn cue_trailer(&self, cue: &Cue) -> Option<&str> {
        self.slice(cue.trailer()?)
    }

    /// Forget everything tied to the original file, e.g. before writing another format.
    pub fn detach(&mut self) {
        self.source = None;
        self.preamble = None;
        for cue in &mut self.cues {
            cue.detach();
        }
    }

    /// Number of cues that are displayed (ASS `Comment:` events excluded).
    pub fn displayed_cue_count(&self) -> usize {
        self.cues
            .iter()
            .filter(|c| {
                !matches!(c.meta(), super::cue::CueMeta::Ass(m) if m.kind == super::cue::AssEventKind::Comment)
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::detect("a\r\nb"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("a\rb"), LineEnding::Cr);
        assert_eq!(LineEnding::detect("ab"), LineEnding::Lf);
    }
}
