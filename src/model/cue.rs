//! One subtitle event: a span, its text, and what its format says about it.
//!
//! The text is kept in the track's own markup (SRT/WebVTT tags, ASS override blocks), with
//! line breaks as `\n` in every format (ASS `\N` is read as `\n` and written back as `\N`).
//! Fields are private so that any edit forgets the cue's original bytes: an edited cue is
//! written canonically, an unedited one byte for byte.

use super::time::TimeSpan;

/// A byte range in the track's original text (see `SubtitleTrack::source`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct SourceRange {
    pub start: usize,
    pub end: usize,
}

impl SourceRange {
    pub fn new(start: usize, end: usize) -> Self {
        SourceRange { start, end }
    }
}

/// SubRip cue details that are not timing or text.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SrtCueMeta {
    /// The counter (`18`), or `None` when the file had none. Unedited cues keep the counter
    /// line exactly as written (leading zeros, spaces) through their original bytes.
    pub index: Option<u64>,
    /// Anything after the end time on the timing line (`X1:100 X2:200 …`), trimmed.
    pub coordinates: Option<String>,
}

/// WebVTT cue details.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct VttCueMeta {
    pub identifier: Option<String>,
    /// The cue settings after the end time (`line:0 align:center`), as written.
    pub settings: String,
}

/// The kind of line an ASS event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AssEventKind {
    #[default]
    Dialogue,
    /// A `Comment:` event: never displayed, kept for round trips.
    Comment,
}

/// ASS/SSA event details: every field in the order of the track's `Format:` line.
///
/// The fields live in one string, separated by U+001F, so an event costs one allocation here
/// instead of one per field (a 50 MB script has half a million events). The Text slot is kept
/// empty: the text is the cue's own. The Start and End slots hold the original strings;
/// writers replace them with the cue's current span.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AssCueMeta {
    pub kind: AssEventKind,
    fields: String,
}

/// Separates the fields inside `AssCueMeta`; never part of a field read from a line.
const FIELD_SEPARATOR: char = '\u{1f}';

impl AssCueMeta {
    /// Metadata with these fields (U+001F inside a field is dropped).
    pub fn new<'a>(kind: AssEventKind, fields: impl IntoIterator<Item = &'a str>) -> Self {
        let mut joined = String::new();
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                joined.push(FIELD_SEPARATOR);
            }
            joined.extend(f.chars().filter(|c| *c != FIELD_SEPARATOR));
        }
        AssCueMeta {
            kind,
            fields: joined,
        }
    }

    /// No fields: writers fill in defaults.
    pub fn empty(kind: AssEventKind) -> Self {
        AssCueMeta {
            kind,
            fields: String::new(),
        }
    }

    /// The fields in `Format:` order (none for [`AssCueMeta::empty`]).
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        let none = self.fields.is_empty();
        self.fields.split(FIELD_SEPARATOR).filter(move |_| !none)
    }

    /// One field by its `Format:` index.
    pub fn field(&self, index: usize) -> Option<&str> {
        self.fields().nth(index)
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// TTML paragraph details.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TtmlCueMeta {
    pub id: Option<String>,
    pub region: Option<String>,
    pub style: Option<String>,
}

/// Format-specific details of a cue.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum CueMeta {
    #[default]
    None,
    Srt(SrtCueMeta),
    Vtt(VttCueMeta),
    Ass(AssCueMeta),
    /// Boxed: TTML cues are rare next to SRT/WebVTT ones and the struct is the largest.
    Ttml(Box<TtmlCueMeta>),
}

/// Where a cue came from in the original text, packed small: a series has tens of thousands
/// of cues and a catalogue run reads millions. Offsets past 4 GiB are not recorded (such a
/// cue is then written canonically).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
struct Raw {
    source: (u32, u32),
    trailer: (u32, u32),
    has_source: bool,
    has_trailer: bool,
}

fn pack(r: SourceRange) -> Option<(u32, u32)> {
    Some((u32::try_from(r.start).ok()?, u32::try_from(r.end).ok()?))
}

fn unpack((start, end): (u32, u32)) -> SourceRange {
    SourceRange::new(start as usize, end as usize)
}

/// One subtitle event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    span: TimeSpan,
    text: String,
    meta: CueMeta,
    /// Where the cue's own bytes sit in the original text, while it is unedited, and what
    /// followed it (blank lines, comments, other sections), which is kept across edits.
    raw: Raw,
}

impl Cue {
    pub fn new(span: TimeSpan, text: impl Into<String>) -> Self {
        Cue {
            span,
            text: text.into(),
            meta: CueMeta::None,
            raw: Raw::default(),
        }
    }

    pub fn with_meta(mut self, meta: CueMeta) -> Self {
        self.meta = meta;
        self
    }

    /// Used by parsers: record the original bytes of the cue and of what follows it.
    pub fn with_source(mut self, source: SourceRange, trailer: Option<SourceRange>) -> Self {
        if let Some(s) = pack(source) {
            self.raw.source = s;
            self.raw.has_source = true;
        }
        if let Some(t) = trailer.and_then(pack) {
            self.raw.trailer = t;
            self.raw.has_trailer = true;
        }
        self
    }

    pub fn span(&self) -> TimeSpan {
        self.span
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn meta(&self) -> &CueMeta {
        &self.meta
    }

    pub fn source(&self) -> Option<SourceRange> {
        self.raw.has_source.then(|| unpack(self.raw.source))
    }

    pub fn trailer(&self) -> Option<SourceRange> {
        self.raw.has_trailer.then(|| unpack(self.raw.trailer))
    }

    pub fn set_span(&mut self, span: TimeSpan) {
        if span != self.span {
            self.span = span;
            self.raw.has_source = false;
        }
    }

    pub fn set_text(&mut self, text: impl Into<String>) {
        let text = text.into();
        if text != self.text {
            self.text = text;
            self.raw.has_source = false;
        }
    }

    /// Mutable access to the metadata; the cue counts as edited afterwards.
    pub fn meta_mut(&mut self) -> &mut CueMeta {
        self.raw.has_source = false;
        &mut self.meta
    }

    /// Whether the cue is still as it was read.
    pub fn is_unedited(&self) -> bool {
        self.raw.has_source
    }

    /// Forget the original bytes (used when a track moves to another format).
    pub fn detach(&mut self) {
        self.raw = Raw::default();
    }

    /// The lines of the text (split on `\n`).
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.split('\n')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::Millis;

    #[test]
    fn edits_forget_source_but_keep_trailer() {
        let span = TimeSpan::new(Millis::new(0), Millis::new(1000)).unwrap();
        let mut cue = Cue::new(span, "a")
            .with_source(SourceRange::new(0, 10), Some(SourceRange::new(10, 11)));
        cue.set_text("a");
        assert!(cue.is_unedited(), "setting the same text is not an edit");
        cue.set_text("b");
        assert!(!cue.is_unedited());
        assert_eq!(cue.trailer(), Some(SourceRange::new(10, 11)));
    }

    #[test]
    fn cues_stay_small() {
        // A catalogue holds millions of cues; keep the struct from growing by accident.
        assert!(
            std::mem::size_of::<Cue>() <= 128,
            "Cue is {} bytes",
            std::mem::size_of::<Cue>()
        );
    }
}
