//! Advanced SubStation Alpha (ASS, `v4.00+`) and SubStation Alpha (SSA, `v4.00`) scripts:
//! parsing, writing, detection, and the mapping between override tags and rich text.
//!
//! Owns the SubStation family only. Rendering (libass) lives in `burn_in`; text encodings in
//! `formats::encoding`.
//!
//! # How a parsed script is kept
//!
//! - The preamble is everything before the first event line (`[Script Info]`, styles,
//!   `[Fonts]`, the `[Events]` header and its `Format:` line…).
//! - Each `Dialogue:` / `Comment:` line of `[Events]`, without its line terminator, is one cue's
//!   source range.
//! - A cue's trailer runs from the end of its line (terminator included) to the start of the next
//!   event line, or to the end of the file: comments and other lines between events, and, for the
//!   last event, every section that follows `[Events]`.
//!
//! Writing an unedited track therefore copies the original bytes. Edited cues are rebuilt from the
//! events `Format:` line. New cues (no source) are written inside `[Events]`: after the last event
//! of the original, before any section that followed it and before trailing blank lines. A file
//! that had no events gets its new cues at the end of its `[Events]` section, or in an `[Events]`
//! section appended to the file. When the header was edited (`SubtitleTrack::header_mut`), the
//! whole script is generated from [`AssHeader`]: sections that followed `[Events]` in the original
//! are written once, from `AssHeader::other_sections`, before `[Events]`.
//!
//! # Section headers
//!
//! A line is a section header when, trimmed, it is `[Name]` and `Name` is a known section
//! (`Script Info`, `V4+ Styles`, `V4 Styles`, `Events`, `Fonts`, `Graphics`,
//! `Aegisub Project Garbage`, `Aegisub Extradata`, case-insensitive) or a plausible section name
//! (starts with a letter or digit; letters, digits, spaces and `+-_.'&()` only; at most 64 bytes).
//! Inside `[Fonts]` and `[Graphics]` the body is UU-encoded, and encoded lines can look like
//! `[…]`: there only a known name ends the section, and only when the line holds a character that
//! the UU alphabet (`!`…`` ` ``) never produces (every known name has a lowercase letter), so
//! encoded data can never be taken for a header.
//!
//! # Events
//!
//! `Dialogue:` and `Comment:` (case-sensitive, as libass reads them) in `[Events]` become cues;
//! the first `Format:` line of `[Events]` gives the field order for the whole file (a later,
//! different one is kept as written and reported as a skipped block); without one, the standard
//! ASS or SSA field list applies. The last field takes the rest of the line, commas included.
//! `Picture:`, `Sound:`, `Movie:`, `Command:`, `;` comments and blank lines are kept as written;
//! any other line in `[Events]` is kept too, with a `SkippedBlock` warning. The track is SSA when
//! `ScriptType: v4.00` or a `[V4 Styles]` section is present, ASS otherwise.
//!
//! # Times
//!
//! `H:MM:SS.cc`, any number of hour digits (up to the model's 9,999 hours), surrounding spaces
//! allowed. The fraction is read as a decimal fraction of a second: two digits are centiseconds;
//! three digits are read as milliseconds with a warning (libass reads `.500` as 500
//! centiseconds); one digit as tenths with a warning (libass reads `.5` as 5 centiseconds); no
//! fraction as whole seconds with a warning. Minutes and seconds have one or two digits below
//! 60. Times are written as `H:MM:SS.cc`, rounded to the nearest centisecond.
//!
//! # Text
//!
//! A cue's text is the Text field with every `\N` turned into a line feed; everything else
//! (override blocks, `\n`, `\h`) is kept as written. Writers turn line feeds (and CR) back into
//! `\N`. Rich text written by [`from_rich`] never contains `{`, `}` or a backslash before `N`,
//! `n` or `h` from the user's words: those become the full-width `｛`, `｝` and `＼`, so that
//! dialogue can never open an override block or a line break by accident.
//!
//! [`to_rich`] starts from the cue's style row (italic, bold, underline, alignment; SSA styles
//! use legacy alignment) and follows `\i`, `\b`, `\u`, `\r`, `\an` and `\a` (the first
//! alignment tag wins, as in libass). An override block ends at the first `}`; a `{` without a
//! `}` is shown as text, and a `}` outside a block is text. Drawings (`\p1`…`\p0`) are not text.
//! `\n` is a space unless `WrapStyle: 2` or `\q2` makes it a line break; `\h` is U+00A0; spaces
//! at the start and end of a line are dropped, as renderers ignore them.
//! Everything else is reported as a dropped feature: a style other than `Default` (or a
//! `\r<style>`) as `Style`, a non-centred column as `HorizontalAlignment`, text in a block
//! without a backslash (an inline comment) as `Other`.

use std::sync::Arc;

use super::{
    Dropped, ParseError, ParseErrorKind, ParseWarning, Parsed, Placement, RichText, Run,
    WarningKind,
};
use crate::model::{
    AssCueMeta, AssEventKind, AssHeader, AssStyle, Cue, CueMeta, Format, LineEnding, Millis,
    SourceRange, SubtitleTrack, TimeSpan, TrackHeader,
};

/// The `[Events]` fields of an ASS script without a `Format:` line.
const ASS_EVENT_FIELDS: [&str; 10] = [
    "Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
/// The `[Events]` fields of an SSA script without a `Format:` line.
const SSA_EVENT_FIELDS: [&str; 10] = [
    "Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
const ASS_STYLE_FIELDS: [&str; 23] = [
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "OutlineColour",
    "BackColour",
    "Bold",
    "Italic",
    "Underline",
    "StrikeOut",
    "ScaleX",
    "ScaleY",
    "Spacing",
    "Angle",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "Encoding",
];
const SSA_STYLE_FIELDS: [&str; 18] = [
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "TertiaryColour",
    "BackColour",
    "Bold",
    "Italic",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "AlphaLevel",
    "Encoding",
];
/// The default style of a new track, sized for 1080×1920: Arial 72, white, black outline 3,
/// bottom centre, 120 px above the bottom edge.
const ASS_DEFAULT_STYLE: [&str; 23] = [
    "Default",
    "Arial",
    "72",
    "&H00FFFFFF",
    "&H000000FF",
    "&H00000000",
    "&H80000000",
    "0",
    "0",
    "0",
    "0",
    "100",
    "100",
    "0",
    "0",
    "1",
    "3",
    "0",
    "2",
    "60",
    "60",
    "120",
    "1",
];
/// The same style in SSA terms (decimal BGR colours, legacy alignment 2 = bottom centre).
const SSA_DEFAULT_STYLE: [&str; 18] = [
    "Default", "Arial", "72", "16777215", "255", "0", "0", "0", "0", "1", "3", "0", "2", "60",
    "60", "120", "0", "1",
];

/// The most nested parentheses followed inside one override tag (`\t(\clip(…))`).
const MAX_PAREN_DEPTH: usize = 32;

// ---------------------------------------------------------------------------------------------
// Lines and sections
// ---------------------------------------------------------------------------------------------

/// One line of the source: `start..end` is the content, `next` is where the following line
/// starts (after the terminator; `end == next` for a last line without one).
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    start: usize,
    end: usize,
    next: usize,
    text: &'a str,
}

/// Lines split on LF, CRLF and CR, each kept with its byte offsets.
struct Lines<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str, pos: usize) -> Self {
        Lines { src, pos }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        let rest = bytes.get(start..)?;
        let (end, next) = match find_line_break(rest) {
            Some(i) => {
                let end = start + i;
                let crlf = rest.get(i) == Some(&b'\r') && rest.get(i + 1) == Some(&b'\n');
                (end, end + if crlf { 2 } else { 1 })
            }
            None => (bytes.len(), bytes.len()),
        };
        self.pos = next;
        Some(Line {
            start,
            end,
            next,
            text: self.src.get(start..end).unwrap_or(""),
        })
    }
}

/// The first CR or LF in `bytes`, eight bytes at a time.
fn find_line_break(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        if has_zero(v ^ (ONES * u64::from(b'\n'))) | has_zero(v ^ (ONES * u64::from(b'\r'))) != 0 {
            break;
        }
        offset += 8;
    }
    bytes
        .get(offset..)?
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|i| offset + i)
}

/// What a section holds, as far as parsing is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SectionKind {
    ScriptInfo,
    Styles {
        ssa: bool,
    },
    Events,
    /// `[Fonts]`, `[Graphics]`: UU-encoded data.
    Binary,
    Other,
}

fn known_section(name: &str) -> Option<SectionKind> {
    const KNOWN: [(&str, SectionKind); 8] = [
        ("Script Info", SectionKind::ScriptInfo),
        ("V4+ Styles", SectionKind::Styles { ssa: false }),
        ("V4 Styles", SectionKind::Styles { ssa: true }),
        ("Events", SectionKind::Events),
        ("Fonts", SectionKind::Binary),
        ("Graphics", SectionKind::Binary),
        ("Aegisub Project Garbage", SectionKind::Other),
        ("Aegisub Extradata", SectionKind::Other),
    ];
    KNOWN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, k)| k)
}

fn plausible_section_name(name: &str) -> bool {
    name.len() <= 64
        && name.chars().next().is_some_and(char::is_alphanumeric)
        && name.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '+' | '-' | '_' | '.' | '\'' | '&' | '(' | ')')
        })
}

/// The section a line opens, if it is a section header. `in_binary`: the current section is
/// `[Fonts]` or `[Graphics]` (see the module docs for why that matters).
fn section_header(line: &str, in_binary: bool) -> Option<(&str, SectionKind)> {
    let t = line.trim();
    if !t.starts_with('[') {
        return None;
    }
    let name = t.strip_prefix('[')?.strip_suffix(']')?;
    let known = known_section(name);
    if in_binary {
        let kind = known?;
        let uu_alphabet = t.bytes().all(|b| (b'!'..=b'`').contains(&b));
        return (!uu_alphabet).then_some((name, kind));
    }
    match known {
        Some(kind) => Some((name, kind)),
        None => plausible_section_name(name).then_some((name, SectionKind::Other)),
    }
}

/// Which kind of event a line of `[Events]` is, and where its fields start.
fn event_kind(trimmed: &str) -> Option<(AssEventKind, &str)> {
    if let Some(rest) = trimmed.strip_prefix("Dialogue:") {
        Some((AssEventKind::Dialogue, rest))
    } else {
        trimmed
            .strip_prefix("Comment:")
            .map(|rest| (AssEventKind::Comment, rest))
    }
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

/// Read an ASS time (see the module docs). The warning, if any, names a leniency.
fn parse_time(field: &str) -> Result<(Millis, Option<WarningKind>), ParseErrorKind> {
    let s = field.trim_matches(|c| c == ' ' || c == '\t');
    let bad = || ParseErrorKind::BadTimestamp {
        found: s.to_owned(),
    };
    let b = s.as_bytes();
    // Digits from `*i`, at most `max`: their value and count (the value saturates; callers
    // bound the count or check the range).
    let number = |i: &mut usize, max: usize| {
        let (mut value, mut n) = (0u64, 0usize);
        while let Some(d) = b.get(*i).filter(|d| d.is_ascii_digit()) {
            if n == max {
                break;
            }
            value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
            n += 1;
            *i += 1;
        }
        (value, n)
    };
    let mut i = 0;
    let (hours, hour_digits) = number(&mut i, usize::MAX);
    if hour_digits == 0 || b.get(i) != Some(&b':') {
        return Err(bad());
    }
    i += 1;
    let (minutes, n) = number(&mut i, 2);
    if n == 0 || minutes >= 60 || b.get(i) != Some(&b':') {
        return Err(bad());
    }
    i += 1;
    let (seconds, n) = number(&mut i, 2);
    if n == 0 || seconds >= 60 {
        return Err(bad());
    }
    let (millis, warning) = match b.get(i) {
        None => (
            0,
            Some(WarningKind::MissingFraction {
                found: s.to_owned(),
            }),
        ),
        Some(b'.') => {
            i += 1;
            let (frac, n) = number(&mut i, 3);
            if i != b.len() {
                return Err(bad());
            }
            match n {
                0 => (
                    0,
                    Some(WarningKind::MissingFraction {
                        found: s.to_owned(),
                    }),
                ),
                1 => (
                    frac * 100,
                    Some(WarningKind::ShortFraction {
                        found: s.to_owned(),
                    }),
                ),
                2 => (frac * 10, None),
                _ => (
                    frac,
                    Some(WarningKind::AssMillisFraction {
                        found: s.to_owned(),
                    }),
                ),
            }
        }
        Some(_) => return Err(bad()),
    };
    // Saturated hours (more than 19 digits) fail the range check like any huge value.
    let t =
        Millis::from_hmsm(hours, minutes, seconds, millis).ok_or(ParseErrorKind::TimeOutOfRange)?;
    Ok((t, warning))
}

/// `H:MM:SS.cc`, rounded to the nearest centisecond.
fn push_time(out: &mut String, t: Millis) {
    use std::fmt::Write as _;
    let ms = u64::try_from(t.get()).unwrap_or(0);
    let cs = ms.saturating_add(5) / 10;
    let _ = write!(
        out,
        "{}:{:02}:{:02}.{:02}",
        cs / 360_000,
        cs / 6_000 % 60,
        cs / 100 % 60,
        cs % 100
    );
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Where Start, End and Text sit in an events `Format:` line.
#[derive(Clone, Debug)]
struct EventSlots {
    count: usize,
    start: usize,
    end: usize,
    text: usize,
}

impl EventSlots {
    fn new<S: AsRef<str>>(names: &[S]) -> Result<Self, &'static str> {
        let find = |want: &'static str| {
            names
                .iter()
                .position(|n| n.as_ref().trim().eq_ignore_ascii_case(want))
                .ok_or(want)
        };
        Ok(EventSlots {
            count: names.len(),
            start: find("Start")?,
            end: find("End")?,
            text: find("Text")?,
        })
    }
}

fn default_event_fields(ssa: bool) -> &'static [&'static str; 10] {
    if ssa {
        &SSA_EVENT_FIELDS
    } else {
        &ASS_EVENT_FIELDS
    }
}

struct Parser<'a> {
    src: &'a str,
    header: AssHeader,
    warnings: Vec<ParseWarning>,
    cues: Vec<Cue>,
    /// The last event read, waiting for its trailer to be known.
    pending: Option<(Cue, SourceRange)>,
    first_event: Option<usize>,
    slots: Option<EventSlots>,
    section: Option<SectionKind>,
    /// The `other_sections` entry being read and where its body starts.
    open_other: Option<(usize, usize)>,
    script_type_ssa: bool,
    v4_styles: bool,
    saw_section: bool,
    /// Byte ranges of the current event's fields (reused from event to event).
    field_ranges: Vec<(usize, usize)>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            header: AssHeader::default(),
            warnings: Vec::new(),
            cues: Vec::new(),
            pending: None,
            first_event: None,
            slots: None,
            section: None,
            open_other: None,
            script_type_ssa: false,
            v4_styles: false,
            saw_section: false,
            field_ranges: Vec::new(),
        }
    }

    fn is_ssa(&self) -> bool {
        self.script_type_ssa || self.v4_styles
    }

    fn column(&self, line: &Line, offset: usize) -> usize {
        self.src
            .get(line.start..offset)
            .map_or(0, |s| s.chars().count())
            + 1
    }

    fn run(&mut self) -> Result<(), ParseError> {
        let src = self.src;
        for (index, line) in Lines::new(src, 0).enumerate() {
            let line_no = index + 1;
            let in_binary = self.section == Some(SectionKind::Binary);
            if let Some((name, kind)) = section_header(line.text, in_binary) {
                self.open_section(name, kind, &line);
                continue;
            }
            match self.section {
                Some(SectionKind::ScriptInfo) => self.info_line(line.text),
                Some(SectionKind::Styles { .. }) => self.style_line(line.text),
                Some(SectionKind::Events) => self.event_line(&line, line_no)?,
                _ => {}
            }
        }
        self.close_other(src.len());
        self.flush_pending(src.len());
        Ok(())
    }

    fn open_section(&mut self, name: &str, kind: SectionKind, line: &Line) {
        self.saw_section |= matches!(
            kind,
            SectionKind::ScriptInfo | SectionKind::Styles { .. } | SectionKind::Events
        );
        self.close_other(line.start);
        match kind {
            SectionKind::Styles { ssa: true } => self.v4_styles = true,
            SectionKind::Binary | SectionKind::Other => {
                self.header
                    .other_sections
                    .push((name.to_owned(), String::new()));
                self.open_other = Some((self.header.other_sections.len() - 1, line.next));
            }
            _ => {}
        }
        self.section = Some(kind);
    }

    fn close_other(&mut self, at: usize) {
        if let Some((index, body_start)) = self.open_other.take()
            && let (Some(entry), Some(body)) = (
                self.header.other_sections.get_mut(index),
                self.src.get(body_start..at),
            )
        {
            entry.1 = body.to_owned();
        }
    }

    fn info_line(&mut self, text: &str) {
        let t = text.trim_start();
        if t.starts_with(';') || t.starts_with("!:") {
            return;
        }
        if let Some((key, value)) = t.split_once(':') {
            let (key, value) = (key.trim(), value.trim());
            if key.eq_ignore_ascii_case("ScriptType") {
                self.script_type_ssa = value.eq_ignore_ascii_case("v4.00");
            }
            self.header
                .script_info
                .push((key.to_owned(), value.to_owned()));
        }
    }

    fn style_line(&mut self, text: &str) {
        let t = text.trim_start();
        if let Some(rest) = t.strip_prefix("Format:") {
            if self.header.styles_format.is_empty() {
                self.header.styles_format = rest.split(',').map(|f| f.trim().to_owned()).collect();
            }
        } else if let Some(rest) = t.strip_prefix("Style:") {
            let fields = rest.trim_start().split(',').map(str::to_owned).collect();
            self.header.styles.push(AssStyle { fields });
        }
    }

    fn event_line(&mut self, line: &Line, line_no: usize) -> Result<(), ParseError> {
        let t = line.text.trim_start();
        if let Some((kind, rest)) = event_kind(t) {
            let fields_at = line.end - rest.len();
            let cue = self.event(line, line_no, kind, fields_at)?;
            self.flush_pending(line.start);
            if self.first_event.is_none() {
                self.first_event = Some(line.start);
            }
            self.pending = Some((cue, SourceRange::new(line.start, line.end)));
        } else if let Some(rest) = t.strip_prefix("Format:") {
            let names: Vec<String> = rest.split(',').map(|f| f.trim().to_owned()).collect();
            match &self.slots {
                None => {
                    let slots = EventSlots::new(names.as_slice()).map_err(|field| {
                        ParseError::new(
                            line_no,
                            1,
                            ParseErrorKind::AssMissingField {
                                field: field.to_owned(),
                            },
                        )
                    })?;
                    self.slots = Some(slots);
                    self.header.events_format = names;
                }
                // Events already read follow the first Format line; a different later one is
                // kept as written but not applied.
                Some(_) if names != self.header.events_format => {
                    self.warnings
                        .push(ParseWarning::new(line_no, 1, WarningKind::SkippedBlock));
                }
                Some(_) => {}
            }
        } else if !(t.is_empty()
            || t.starts_with(';')
            || t.starts_with("!:")
            || ["Picture:", "Sound:", "Movie:", "Command:"]
                .iter()
                .any(|k| t.starts_with(k)))
        {
            self.warnings
                .push(ParseWarning::new(line_no, 1, WarningKind::SkippedBlock));
        }
        Ok(())
    }

    /// Read one event line; `at` is the byte offset where its fields start.
    fn event(
        &mut self,
        line: &Line,
        line_no: usize,
        kind: AssEventKind,
        at: usize,
    ) -> Result<Cue, ParseError> {
        if self.slots.is_none() {
            let names = default_event_fields(self.is_ssa());
            self.header.events_format = names.iter().map(|n| (*n).to_owned()).collect();
            self.slots = EventSlots::new(names).ok();
        }
        let Some(slots) = self.slots.clone() else {
            return Err(ParseError::new(
                line_no,
                1,
                ParseErrorKind::AssMissingField {
                    field: "Text".to_owned(),
                },
            ));
        };
        let src = self.src;
        // Spaces after `Dialogue:` separate it from the first field; they are not part of it.
        let mut pos = at;
        while src
            .as_bytes()
            .get(pos)
            .is_some_and(|&b| b == b' ' || b == b'\t')
            && pos < line.end
        {
            pos += 1;
        }
        let bytes = src.as_bytes();
        let mut ranges = std::mem::take(&mut self.field_ranges);
        ranges.clear();
        let mut offsets = [pos; 2];
        for i in 0..slots.count {
            if i == slots.start {
                offsets[0] = pos;
            }
            if i == slots.end {
                offsets[1] = pos;
            }
            let field_end = if i + 1 == slots.count {
                line.end
            } else {
                let mut j = pos;
                while j < line.end && bytes.get(j) != Some(&b',') {
                    j += 1;
                }
                if j >= line.end {
                    return Err(ParseError::new(
                        line_no,
                        1,
                        ParseErrorKind::AssFieldCount {
                            found: i + 1,
                            expected: slots.count,
                        },
                    ));
                }
                j
            };
            ranges.push((pos, field_end));
            pos = field_end + 1;
        }
        let field = |i: usize| {
            ranges
                .get(i)
                .and_then(|&(a, b)| src.get(a..b))
                .unwrap_or("")
        };
        let mut time = |i: usize, offset: usize| -> Result<Millis, ParseError> {
            match parse_time(field(i)) {
                Ok((t, None)) => Ok(t),
                Ok((t, Some(w))) => {
                    let column = self.column(line, offset);
                    self.warnings.push(ParseWarning::new(line_no, column, w));
                    Ok(t)
                }
                Err(kind) => Err(ParseError::new(line_no, self.column(line, offset), kind)),
            }
        };
        let start = time(slots.start, offsets[0])?;
        let end = time(slots.end, offsets[1])?;
        let span = TimeSpan::new(start, end).map_err(|_| {
            ParseError::new(
                line_no,
                self.column(line, offsets[1]),
                ParseErrorKind::EndBeforeStart { start, end },
            )
        })?;
        let text = field(slots.text).replace("\\N", "\n");
        let meta = AssCueMeta::new(
            kind,
            (0..ranges.len()).map(|i| if i == slots.text { "" } else { field(i) }),
        );
        self.field_ranges = ranges;
        Ok(Cue::new(span, text).with_meta(CueMeta::Ass(meta)))
    }

    fn flush_pending(&mut self, trailer_end: usize) {
        if let Some((cue, range)) = self.pending.take() {
            let trailer = SourceRange::new(range.end, trailer_end);
            self.cues.push(cue.with_source(range, Some(trailer)));
        }
    }
}

/// Parse an ASS or SSA script. A leading U+FEFF is taken as a byte order mark.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => (true, body),
        None => (false, text),
    };
    if body.trim().is_empty() {
        return Err(ParseError::new(1, 1, ParseErrorKind::Empty));
    }
    let mut parser = Parser::new(body);
    // One cue per line at most; growing the vector instead costs more than the estimate.
    let line_count = body.bytes().filter(|&b| b == b'\n').count();
    parser.cues.reserve(line_count.min(body.len() / 32));
    parser.run()?;
    if parser.cues.capacity() > 2 * parser.cues.len() {
        parser.cues.shrink_to_fit();
    }
    if !parser.saw_section {
        return Err(ParseError::new(
            1,
            1,
            ParseErrorKind::NotFormat {
                expected: Format::Ass,
            },
        ));
    }
    let format = if parser.is_ssa() {
        Format::Ssa
    } else {
        Format::Ass
    };
    let preamble_end = parser.first_event.unwrap_or(body.len());
    let Parser {
        header,
        warnings,
        cues,
        ..
    } = parser;
    let source: Arc<str> = Arc::from(body);
    let mut track = SubtitleTrack::new(format)
        .with_source(source, SourceRange::new(0, preamble_end))
        .with_header(TrackHeader::Ass(header));
    track.bom = bom;
    track.line_ending = LineEnding::detect(body);
    track.cues = cues;
    Ok(Parsed { track, warnings })
}

/// `Some(Format::Ass)` or `Some(Format::Ssa)` when the text is an ASS/SSA script: its first
/// line that is neither blank nor a `;` comment is `[Script Info]`.
pub fn looks_like(text: &str) -> Option<Format> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = Lines::new(text, 0)
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty() && !t.starts_with(';'))?;
    if !first.eq_ignore_ascii_case("[Script Info]") {
        return None;
    }
    let mut section = None;
    let mut ssa = false;
    for line in Lines::new(text, 0) {
        if let Some((_, kind)) = section_header(line.text, section == Some(SectionKind::Binary)) {
            match kind {
                SectionKind::Styles { ssa: true } => return Some(Format::Ssa),
                SectionKind::Events => break,
                _ => {}
            }
            section = Some(kind);
        } else if section == Some(SectionKind::ScriptInfo)
            && let Some((key, value)) = line.text.split_once(':')
            && key.trim().eq_ignore_ascii_case("ScriptType")
        {
            ssa = value.trim().eq_ignore_ascii_case("v4.00");
        }
    }
    Some(if ssa { Format::Ssa } else { Format::Ass })
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// An empty track with a default header for 9:16 video (1080×1920, one `Default` style).
pub fn new_track(format: Format) -> SubtitleTrack {
    let format = if format == Format::Ssa {
        Format::Ssa
    } else {
        Format::Ass
    };
    SubtitleTrack::new(format).with_header(TrackHeader::Ass(default_header(format)))
}

fn default_header(format: Format) -> AssHeader {
    let ssa = format == Format::Ssa;
    let info = [
        ("ScriptType", if ssa { "v4.00" } else { "v4.00+" }),
        ("PlayResX", "1080"),
        ("PlayResY", "1920"),
        ("WrapStyle", "0"),
        ("ScaledBorderAndShadow", "yes"),
    ];
    let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let (styles_format, style) = if ssa {
        (owned(&SSA_STYLE_FIELDS), owned(&SSA_DEFAULT_STYLE))
    } else {
        (owned(&ASS_STYLE_FIELDS), owned(&ASS_DEFAULT_STYLE))
    };
    AssHeader {
        script_info: info
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        styles_format,
        styles: vec![AssStyle { fields: style }],
        events_format: owned(default_event_fields(ssa)),
        other_sections: Vec::new(),
    }
}

/// What the writer needs to rebuild event lines.
struct EventWriter<'a> {
    names: Vec<&'a str>,
    slots: EventSlots,
    eol: &'static str,
}

impl<'a> EventWriter<'a> {
    fn new(header: &'a AssHeader, ssa: bool, eol: &'static str) -> Self {
        let mut names: Vec<&str> = header.events_format.iter().map(String::as_str).collect();
        let mut slots = EventSlots::new(names.as_slice());
        if slots.is_err() {
            names = default_event_fields(ssa).to_vec();
            slots = EventSlots::new(names.as_slice());
        }
        let slots = slots.unwrap_or(EventSlots {
            count: 10,
            start: 1,
            end: 2,
            text: 9,
        });
        EventWriter { names, slots, eol }
    }

    fn format_line(&self, out: &mut String) {
        out.push_str("[Events]");
        out.push_str(self.eol);
        out.push_str("Format: ");
        out.push_str(&self.names.join(", "));
        out.push_str(self.eol);
    }

    /// The event line of an edited or new cue, without terminator.
    fn event(&self, out: &mut String, cue: &Cue) {
        let empty = AssCueMeta::empty(AssEventKind::Dialogue);
        let meta = match cue.meta() {
            CueMeta::Ass(m) => m,
            _ => &empty,
        };
        let kind = meta.kind;
        out.push_str(match kind {
            AssEventKind::Dialogue => "Dialogue: ",
            AssEventKind::Comment => "Comment: ",
        });
        for (i, name) in self.names.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if i == self.slots.start {
                push_time(out, cue.span().start());
            } else if i == self.slots.end {
                push_time(out, cue.span().end());
            } else if i == self.slots.text {
                push_text(out, cue.text());
            } else {
                match meta.field(i) {
                    // A comma or line break here would shift or split the fields.
                    Some(v) => out.extend(v.chars().filter(|c| !matches!(c, ',' | '\n' | '\r'))),
                    None => out.push_str(default_field(name)),
                }
            }
        }
    }
}

fn default_field(name: &str) -> &'static str {
    let name = name.trim();
    if name.eq_ignore_ascii_case("Marked") {
        "Marked=0"
    } else if name.eq_ignore_ascii_case("Style") {
        "Default"
    } else if name.eq_ignore_ascii_case("Layer")
        || name.len() == 7
            && name
                .get(..6)
                .is_some_and(|p| p.eq_ignore_ascii_case("Margin"))
    {
        "0"
    } else {
        ""
    }
}

/// Cue text with line breaks (LF, CRLF, CR) written as `\N`.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push_str("\\N");
        let skip = if rest.get(i..i + 2) == Some("\r\n") {
            2
        } else {
            1
        };
        rest = rest.get(i + skip..).unwrap_or("");
    }
    out.push_str(rest);
}

/// Push a line terminator unless `out` is empty (after `base`) or already ends a line.
fn ensure_newline(out: &mut String, base: usize, eol: &str) {
    if out.len() > base && !out.ends_with(['\n', '\r']) {
        out.push_str(eol);
    }
}

/// Whether `out` ends with a blank line (or holds nothing after `base`).
fn ends_with_blank_line(out: &str, base: usize) -> bool {
    let body = out.get(base..).unwrap_or("");
    let trimmed = body.trim_end_matches([' ', '\t']);
    let Some(without) = trimmed
        .strip_suffix("\r\n")
        .or_else(|| trimmed.strip_suffix('\n'))
        .or_else(|| trimmed.strip_suffix('\r'))
    else {
        return body.is_empty();
    };
    without.is_empty()
        || without
            .trim_end_matches([' ', '\t'])
            .ends_with(['\n', '\r'])
}

/// The end of the events region after the event line that ends at `from` (where its
/// terminator starts), looking no further than `to`: the start of the first section header,
/// backed off over blank lines to the end of the last line with content. Without a header the
/// region runs to `to`, except at the end of the file, where trailing blank lines are left out.
fn region_end(src: &str, from: usize, to: usize) -> usize {
    let slice = src.get(..to).unwrap_or(src);
    let mut lines = Lines::new(slice, from);
    let first_next = lines.next().map_or(to, |l| l.next);
    let mut last_content = first_next;
    for line in lines {
        if section_header(line.text, false).is_some() {
            return last_content;
        }
        if !is_blank(line.text) {
            last_content = line.next;
        }
    }
    if to >= src.len() { last_content } else { to }
}

/// Where new events go in a script that had none: the end of its `[Events]` section (after
/// its last line with content), if it has one.
fn events_section_end(src: &str) -> Option<usize> {
    let mut section = None;
    let mut end = None;
    for line in Lines::new(src, 0) {
        if let Some((_, kind)) = section_header(line.text, section == Some(SectionKind::Binary)) {
            if end.is_some() {
                return end;
            }
            if kind == SectionKind::Events {
                end = Some(line.next);
            }
            section = Some(kind);
        } else if end.is_some() && !is_blank(line.text) {
            end = Some(line.next);
        }
    }
    end
}

/// The last event line at or after `from` (an event line start), section changes followed.
fn last_event_end(src: &str, from: usize) -> usize {
    let mut section = SectionKind::Events;
    let mut last = from;
    for line in Lines::new(src, from) {
        if let Some((_, kind)) = section_header(line.text, section == SectionKind::Binary) {
            section = kind;
        } else if section == SectionKind::Events && event_kind(line.text.trim_start()).is_some() {
            last = line.end;
        }
    }
    last
}

/// Write a track as ASS or SSA. Unedited parts are copied from the original text.
pub fn write(track: &SubtitleTrack) -> String {
    let mut out = String::with_capacity(track.source().map_or(4096, |s| s.len() + 64));
    if track.bom {
        out.push('\u{feff}');
    }
    let base = out.len();
    let eol = track.line_ending.as_str();
    let fallback;
    let header = match track.header() {
        TrackHeader::Ass(h) => h,
        _ => {
            fallback = default_header(track.format);
            &fallback
        }
    };
    let events = EventWriter::new(header, track.format == Format::Ssa, eol);
    match (track.source(), track.preamble_text()) {
        (Some(src), Some(preamble)) => {
            write_with_source(&mut out, base, track, src, preamble.len(), &events)
        }
        (src, _) => write_generated(&mut out, base, track, header, src, &events),
    }
    out
}

fn write_with_source(
    out: &mut String,
    base: usize,
    track: &SubtitleTrack,
    src: &str,
    preamble_end: usize,
    events: &EventWriter,
) {
    let eol = events.eol;
    // `tail`: what follows the events region of the original, written once at the end.
    let (tail, need_events_header) = if preamble_end >= src.len() {
        match events_section_end(src) {
            Some(end) => (end, false),
            None => (src.len(), true),
        }
    } else if let Some(last) = track
        .cues
        .iter()
        .filter_map(Cue::trailer)
        .find(|t| t.end == src.len())
    {
        (region_end(src, last.start, src.len()), false)
    } else {
        // The original last event was removed: find where the events region ended.
        let from = track
            .cues
            .iter()
            .filter_map(Cue::trailer)
            .map(|t| t.end)
            .filter(|&e| e >= preamble_end)
            .max()
            .unwrap_or(preamble_end);
        (region_end(src, last_event_end(src, from), src.len()), false)
    };
    out.push_str(src.get(..preamble_end.min(tail)).unwrap_or(""));
    let mut header_pending = need_events_header;
    for cue in &track.cues {
        if header_pending {
            ensure_newline(out, base, eol);
            if !ends_with_blank_line(out, base) {
                out.push_str(eol);
            }
            events.format_line(out);
            header_pending = false;
        }
        ensure_newline(out, base, eol);
        match track.cue_source(cue) {
            Some(text) => out.push_str(text),
            None => events.event(out, cue),
        }
        match cue.trailer() {
            Some(r) => {
                let end = r.end.min(tail);
                if r.start < end {
                    out.push_str(src.get(r.start..end).unwrap_or(""));
                }
            }
            None => out.push_str(eol),
        }
    }
    if tail < src.len() {
        ensure_newline(out, base, eol);
        out.push_str(src.get(tail..).unwrap_or(""));
    }
}

fn write_generated(
    out: &mut String,
    base: usize,
    track: &SubtitleTrack,
    header: &AssHeader,
    src: Option<&str>,
    events: &EventWriter,
) {
    let eol = events.eol;
    let ssa = track.format == Format::Ssa;
    out.push_str("[Script Info]");
    out.push_str(eol);
    if header.info("ScriptType").is_none() {
        out.push_str(if ssa {
            "ScriptType: v4.00"
        } else {
            "ScriptType: v4.00+"
        });
        out.push_str(eol);
    }
    for (key, value) in &header.script_info {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(value);
        out.push_str(eol);
    }
    out.push_str(eol);
    out.push_str(if ssa { "[V4 Styles]" } else { "[V4+ Styles]" });
    out.push_str(eol);
    out.push_str("Format: ");
    if header.styles_format.is_empty() {
        let names: &[&str] = if ssa {
            &SSA_STYLE_FIELDS
        } else {
            &ASS_STYLE_FIELDS
        };
        out.push_str(&names.join(", "));
    } else {
        out.push_str(&header.styles_format.join(", "));
    }
    out.push_str(eol);
    for style in &header.styles {
        out.push_str("Style: ");
        out.push_str(&style.fields.join(","));
        out.push_str(eol);
    }
    out.push_str(eol);
    for (name, body) in &header.other_sections {
        out.push('[');
        out.push_str(name);
        out.push(']');
        out.push_str(eol);
        out.push_str(body);
        ensure_newline(out, base, eol);
    }
    events.format_line(out);
    for cue in &track.cues {
        ensure_newline(out, base, eol);
        match track.cue_source(cue) {
            Some(text) => out.push_str(text),
            None => events.event(out, cue),
        }
        // Keep comments between events, not the sections that followed them: those are
        // written above from `other_sections`.
        match (src, cue.trailer()) {
            (Some(src), Some(r)) => {
                let end = region_end(src, r.start, r.end);
                out.push_str(src.get(r.start..end.max(r.start)).unwrap_or(""));
            }
            _ => out.push_str(eol),
        }
    }
    ensure_newline(out, base, eol);
}

// ---------------------------------------------------------------------------------------------
// Rich text
// ---------------------------------------------------------------------------------------------

/// The parts of a style rich text can carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct StyleAttrs {
    italic: bool,
    bold: bool,
    underline: bool,
    strikeout: bool,
    /// Numpad alignment (1–9).
    alignment: Option<u8>,
}

/// Legacy SSA alignment (1–3 bottom, 5–7 top, 9–11 middle) as a numpad value.
fn legacy_to_numpad(v: i64) -> Option<u8> {
    match v {
        1..=3 => u8::try_from(v).ok(),
        5..=7 => u8::try_from(v + 2).ok(),
        9..=11 => u8::try_from(v - 5).ok(),
        _ => None,
    }
}

fn placement_of(numpad: u8) -> Placement {
    match numpad {
        7..=9 => Placement::Top,
        4..=6 => Placement::Middle,
        _ => Placement::Bottom,
    }
}

/// A leading (optionally negative) integer, like C's `atoi` but `None` without digits or on
/// overflow.
fn int_arg(s: &str) -> Option<i64> {
    let s = s.trim_start_matches([' ', '\t', '(']);
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    let v: i64 = digits.get(..n)?.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// How many `Format:` names and `Style:` rows a lookup looks at, and how many `\r<style>`
/// resets of one cue are looked up: real scripts stay far below, and the bounds keep the work
/// per cue constant whatever the file holds.
const MAX_FORMAT_NAMES: usize = 64;
const MAX_STYLE_ROWS: usize = 4096;
const MAX_STYLE_RESETS: usize = 16;

/// The position of a field name in a `Format:` line (case-insensitive).
fn format_column<S: AsRef<str>>(names: &[S], wanted: &str) -> Option<usize> {
    names
        .iter()
        .take(MAX_FORMAT_NAMES)
        .position(|n| n.as_ref().trim().eq_ignore_ascii_case(wanted))
}

/// Style rows of a header, looked up by name.
struct Styles<'a> {
    rows: &'a [AssStyle],
    ssa: bool,
    name: Option<usize>,
    italic: Option<usize>,
    bold: Option<usize>,
    underline: Option<usize>,
    strikeout: Option<usize>,
    alignment: Option<usize>,
}

impl<'a> Styles<'a> {
    fn new(header: Option<&'a AssHeader>, ssa: bool) -> Self {
        let column = |name: &str| match header {
            Some(h) if !h.styles_format.is_empty() => format_column(&h.styles_format, name),
            Some(_) if ssa => format_column(&SSA_STYLE_FIELDS, name),
            Some(_) => format_column(&ASS_STYLE_FIELDS, name),
            None => None,
        };
        Styles {
            rows: header.map_or(&[][..], |h| h.styles.as_slice()),
            ssa,
            name: column("Name"),
            italic: column("Italic"),
            bold: column("Bold"),
            underline: column("Underline"),
            strikeout: column("StrikeOut"),
            alignment: column("Alignment"),
        }
    }

    fn row(&self, name: &str) -> Option<&'a AssStyle> {
        let col = self.name?;
        let wanted = name.trim().trim_start_matches('*');
        self.rows.iter().take(MAX_STYLE_ROWS).find(|s| {
            s.fields
                .get(col)
                .is_some_and(|n| n.trim().trim_start_matches('*') == wanted)
        })
    }

    fn attrs(&self, style: &AssStyle) -> StyleAttrs {
        let value = |col: Option<usize>| {
            col.and_then(|c| style.fields.get(c))
                .and_then(|v| int_arg(v.trim()))
        };
        let flag = |col: Option<usize>| value(col).is_some_and(|v| v != 0);
        let alignment = value(self.alignment).and_then(|v| {
            if self.ssa {
                legacy_to_numpad(v)
            } else {
                u8::try_from(v).ok().filter(|v| (1..=9).contains(v))
            }
        });
        StyleAttrs {
            italic: flag(self.italic),
            bold: flag(self.bold),
            underline: flag(self.underline),
            strikeout: flag(self.strikeout),
            alignment,
        }
    }

    /// The attributes of a named style, if the script has it.
    fn named(&self, name: &str) -> Option<StyleAttrs> {
        self.row(name).map(|s| self.attrs(s))
    }
}

/// The state of one cue being turned into rich text.
struct RichBuilder<'a> {
    styles: &'a Styles<'a>,
    base: StyleAttrs,
    cur: StyleAttrs,
    alignment: Option<u8>,
    wrap_style_2: bool,
    drawing: bool,
    /// `\r<style>` resets looked up so far.
    resets: usize,
    /// Where the next `}` is, once searched for: `Some(None)` when there is none.
    next_close: Option<Option<usize>>,
    lines: Vec<Vec<Run>>,
    dropped: &'a mut Vec<Dropped>,
}

impl RichBuilder<'_> {
    fn report(&mut self, what: Dropped) {
        if !self.dropped.contains(&what) {
            self.dropped.push(what);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.drawing {
            return;
        }
        let (italic, bold, underline) = (self.cur.italic, self.cur.bold, self.cur.underline);
        if self.lines.is_empty() {
            self.lines.push(Vec::new());
        }
        let Some(line) = self.lines.last_mut() else {
            return;
        };
        match line.last_mut() {
            Some(run) if run.italic == italic && run.bold == bold && run.underline == underline => {
                run.text.push(c);
            }
            _ => line.push(Run {
                text: c.to_string(),
                italic,
                bold,
                underline,
            }),
        }
    }

    fn line_break(&mut self) {
        if !self.drawing {
            self.lines.push(Vec::new());
        }
    }

    fn text(&mut self, text: &str) {
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' => match self.closing_brace(text, i) {
                    Some(close) => {
                        self.block(text.get(i + 1..close).unwrap_or(""));
                        while chars.next_if(|&(j, _)| j <= close).is_some() {}
                    }
                    // An unterminated `{` is shown as text rather than swallowing the rest.
                    None => self.push_char('{'),
                },
                '\\' => match chars.peek().map(|&(_, c)| c) {
                    Some('N') => {
                        chars.next();
                        self.line_break();
                    }
                    Some('n') => {
                        chars.next();
                        if self.wrap_style_2 {
                            self.line_break();
                        } else {
                            self.push_char(' ');
                        }
                    }
                    Some('h') => {
                        chars.next();
                        self.push_char('\u{a0}');
                    }
                    _ => self.push_char('\\'),
                },
                '\n' => self.line_break(),
                '\r' => {}
                c => self.push_char(c),
            }
        }
    }

    /// The `}` closing a block opened at `open`. A block ends at the first `}`; the answer is
    /// remembered so that many `{` without a `}` do not rescan the text each time.
    fn closing_brace(&mut self, text: &str, open: usize) -> Option<usize> {
        match self.next_close {
            Some(Some(close)) if close > open => return Some(close),
            Some(None) => return None,
            _ => {}
        }
        let found = text
            .get(open + 1..)
            .and_then(|rest| rest.find('}'))
            .map(|j| open + 1 + j);
        self.next_close = Some(found);
        found
    }

    /// One override block, without its braces.
    fn block(&mut self, block: &str) {
        let first_tag = block.find('\\').unwrap_or(block.len());
        if !block.get(..first_tag).unwrap_or("").trim().is_empty() {
            self.report(Dropped::Other);
        }
        let mut rest = block.get(first_tag..).unwrap_or("");
        while let Some(after) = rest.strip_prefix('\\') {
            // A tag runs to the next backslash outside parentheses.
            let mut depth = 0usize;
            let mut end = after.len();
            for (i, b) in after.bytes().enumerate() {
                match b {
                    b'(' => depth = (depth + 1).min(MAX_PAREN_DEPTH),
                    b')' => depth = depth.saturating_sub(1),
                    b'\\' if depth == 0 => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            self.tag(after.get(..end).unwrap_or(""));
            rest = after.get(end..).unwrap_or("");
        }
    }

    fn tag(&mut self, tag: &str) {
        let t = tag.trim_start();
        let arg = |prefix: &str| t.get(prefix.len()..).unwrap_or("");
        let starts = |p: &str| t.starts_with(p);
        if starts("alpha")
            || ["1c", "2c", "3c", "4c", "1a", "2a", "3a", "4a"]
                .iter()
                .any(|p| starts(p))
        {
            self.report(Dropped::Color);
        } else if starts("an") {
            let v = int_arg(arg("an")).and_then(|v| u8::try_from(v).ok());
            if let Some(v) = v.filter(|v| (1..=9).contains(v)) {
                self.alignment.get_or_insert(v);
            }
        } else if starts("a") && arg("a").starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(v) = int_arg(arg("a")).and_then(legacy_to_numpad) {
                self.alignment.get_or_insert(v);
            }
        } else if starts("clip") || starts("iclip") {
            self.report(Dropped::Other);
        } else if starts("c") {
            self.report(Dropped::Color);
        } else if starts("blur") || starts("bord") || starts("be") {
            self.report(Dropped::Other);
        } else if starts("b") {
            self.cur.bold = match int_arg(arg("b")) {
                Some(0) => false,
                Some(1) => true,
                Some(w) if w >= 100 => w >= 600,
                _ => self.base.bold,
            };
        } else if starts("i") {
            self.cur.italic = match int_arg(arg("i")) {
                Some(0) => false,
                Some(1) => true,
                _ => self.base.italic,
            };
        } else if starts("u") {
            self.cur.underline = match int_arg(arg("u")) {
                Some(0) => false,
                Some(1) => true,
                _ => self.base.underline,
            };
        } else if starts("shad") {
            self.report(Dropped::Other);
        } else if starts("s") {
            self.cur.strikeout = match int_arg(arg("s")) {
                Some(0) => false,
                Some(1) => true,
                _ => self.base.strikeout,
            };
            if self.cur.strikeout {
                self.report(Dropped::Strikeout);
            }
        } else if starts("k") || starts("K") {
            self.report(Dropped::Karaoke);
        } else if starts("pos") || starts("move") || starts("org") {
            self.report(Dropped::Position);
        } else if starts("pbo") {
            self.report(Dropped::Other);
        } else if starts("p") {
            self.drawing = int_arg(arg("p")).is_some_and(|v| v > 0);
            if self.drawing {
                self.report(Dropped::Drawing);
            }
        } else if starts("t") || starts("fad") {
            self.report(Dropped::Animation);
        } else if starts("fn") || starts("fs") || starts("fe") {
            self.report(Dropped::Font);
        } else if starts("q") {
            if int_arg(arg("q")) == Some(2) {
                self.wrap_style_2 = true;
            }
        } else if starts("r") {
            let name = arg("r").trim();
            self.cur = if name.is_empty() {
                self.base
            } else {
                self.report(Dropped::Style);
                self.resets += 1;
                if self.resets <= MAX_STYLE_RESETS {
                    self.styles.named(name).unwrap_or(self.base)
                } else {
                    self.base
                }
            };
            if self.cur.strikeout {
                self.report(Dropped::Strikeout);
            }
        } else if t.is_empty() || starts("N") || starts("n") || starts("h") {
            // Empty tags and breaks inside a block do nothing.
        } else {
            // \fr*, \fa*, \fsc*, \xbord, \ybord, \xshad, \yshad and anything unknown.
            self.report(Dropped::Other);
        }
    }

    fn finish(self) -> RichText {
        let placement = placement_of(self.alignment.or(self.base.alignment).unwrap_or(2));
        let mut rich = RichText {
            lines: if self.lines.is_empty() {
                vec![Vec::new()]
            } else {
                self.lines
            },
            placement,
        }
        .normalize();
        // Renderers ignore regular spaces at the start and end of a line.
        for line in &mut rich.lines {
            let blank = line
                .iter()
                .take_while(|r| r.text.trim_start_matches(' ').is_empty())
                .count();
            line.drain(..blank);
            if let Some(first) = line.first_mut() {
                first.text = first.text.trim_start_matches(' ').to_owned();
            }
            while let Some(last) = line.last_mut() {
                let keep = last.text.trim_end_matches(' ').len();
                if keep == 0 {
                    line.pop();
                } else {
                    last.text.truncate(keep);
                    break;
                }
            }
        }
        rich
    }
}

/// A cue as rich text: italic, bold and underline (from the cue's style and `\i`, `\b`, `\u`,
/// `\r`), line breaks, and top/middle/bottom placement (style alignment, `\an`, `\a`). Everything
/// else is reported in `dropped`.
pub fn to_rich(track: &SubtitleTrack, cue: &Cue, dropped: &mut Vec<Dropped>) -> RichText {
    let header = match track.header() {
        TrackHeader::Ass(h) => Some(h),
        _ => None,
    };
    let ssa = track.format == Format::Ssa;
    let styles = Styles::new(header, ssa);
    let style_name = match (cue.meta(), header) {
        (CueMeta::Ass(m), Some(h)) => {
            let column = if h.events_format.is_empty() {
                Some(3)
            } else {
                format_column(&h.events_format, "Style")
            };
            column.and_then(|c| m.field(c)).unwrap_or("Default")
        }
        _ => "Default",
    };
    let name = style_name.trim().trim_start_matches('*');
    if !name.is_empty() && !name.eq_ignore_ascii_case("Default") {
        dropped.push(Dropped::Style);
    }
    let base = styles
        .named(name)
        .or_else(|| styles.named("Default"))
        .unwrap_or_default();
    if base.strikeout {
        dropped.push(Dropped::Strikeout);
    }
    let wrap_style_2 = header
        .and_then(|h| h.info("WrapStyle"))
        .is_some_and(|v| v.trim() == "2");
    let mut builder = RichBuilder {
        styles: &styles,
        base,
        cur: base,
        alignment: None,
        wrap_style_2,
        drawing: false,
        resets: 0,
        next_close: None,
        lines: vec![Vec::new()],
        dropped,
    };
    builder.text(cue.text());
    let alignment = builder.alignment.or(base.alignment).unwrap_or(2);
    if alignment % 3 != 2 {
        builder.report(Dropped::HorizontalAlignment);
    }
    builder.finish()
}

/// ASS text for rich text: `{\i1}`…`{\i0}`, `{\b1}`, `{\u1}`, `{\an8}` for top and `{\an5}` for
/// middle placement, lines joined by `\n`. Braces and a backslash before `N`, `n` or `h` in the
/// words become full-width characters so they cannot start an override block or a break.
pub fn from_rich(rich: &RichText) -> (String, CueMeta) {
    let mut out = String::new();
    let mut tags = String::from(match rich.placement {
        Placement::Top => "\\an8",
        Placement::Middle => "\\an5",
        Placement::Bottom => "",
    });
    let (mut italic, mut bold, mut underline) = (false, false, false);
    let switch = |tags: &mut String, on: &mut bool, want: bool, name: &str| {
        if *on != want {
            tags.push('\\');
            tags.push_str(name);
            tags.push(if want { '1' } else { '0' });
            *on = want;
        }
    };
    let flush = |out: &mut String, tags: &mut String| {
        if !tags.is_empty() {
            out.push('{');
            out.push_str(tags);
            out.push('}');
            tags.clear();
        }
    };
    for (i, line) in rich.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for run in line {
            if run.text.is_empty() {
                continue;
            }
            switch(&mut tags, &mut italic, run.italic, "i");
            switch(&mut tags, &mut bold, run.bold, "b");
            switch(&mut tags, &mut underline, run.underline, "u");
            flush(&mut out, &mut tags);
            let mut chars = run.text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '{' => out.push('｛'),
                    '}' => out.push('｝'),
                    '\\' if matches!(chars.peek(), Some('N' | 'n' | 'h')) => out.push('＼'),
                    c => out.push(c),
                }
            }
        }
    }
    switch(&mut tags, &mut italic, false, "i");
    switch(&mut tags, &mut bold, false, "b");
    switch(&mut tags, &mut underline, false, "u");
    flush(&mut out, &mut tags);
    (out, CueMeta::Ass(AssCueMeta::empty(AssEventKind::Dialogue)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: i64) -> Millis {
        Millis::new(v)
    }

    fn script(events: &str) -> String {
        format!(
            "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\nStyle: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,0\nStyle: Top,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,-1,-1,0,0,100,100,0,0,1,2,2,8,10,10,10,0\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n{events}"
        )
    }

    fn parse_ok(text: &str) -> Parsed {
        match parse(text) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    fn err(text: &str) -> ParseError {
        match parse(text) {
            Ok(_) => panic!("parsed: {text}"),
            Err(e) => e,
        }
    }

    #[test]
    fn times_in_centiseconds() {
        assert_eq!(parse_time("0:00:01.50"), Ok((ms(1500), None)));
        assert_eq!(parse_time(" 1:02:03.04 "), Ok((ms(3_723_040), None)));
        assert_eq!(parse_time("01:02:03.04"), Ok((ms(3_723_040), None)));
        assert_eq!(parse_time("123:00:00.00"), Ok((ms(442_800_000), None)));
    }

    #[test]
    fn three_digit_fraction_is_millis_with_warning() {
        assert_eq!(
            parse_time("0:00:01.500"),
            Ok((
                ms(1500),
                Some(WarningKind::AssMillisFraction {
                    found: "0:00:01.500".into()
                })
            ))
        );
        let p = parse_ok(&script(
            "Dialogue: 0,0:00:01.500,0:00:02.00,Default,,0,0,0,,x\n",
        ));
        assert_eq!(p.track.cues[0].span().start(), ms(1500));
        assert_eq!(p.warnings.len(), 1);
        assert_eq!((p.warnings[0].line, p.warnings[0].column), (11, 13));
    }

    #[test]
    fn short_and_missing_fractions_warn() {
        assert!(matches!(
            parse_time("0:00:02.5"),
            Ok((t, Some(WarningKind::ShortFraction { .. }))) if t == ms(2500)
        ));
        assert!(matches!(
            parse_time("0:00:02"),
            Ok((t, Some(WarningKind::MissingFraction { .. }))) if t == ms(2000)
        ));
    }

    #[test]
    fn garbage_times_are_errors() {
        for bad in [
            "",
            "x",
            "0:00",
            "0:0a:01.00",
            "0:00:01.0000",
            "-0:00:01.00",
            "0:60:00.00",
            "0:00:61.00",
            "0:000:01.00",
            "0:00:01.5x",
            "0::01.00",
            "١:00:01.00",
        ] {
            assert!(
                matches!(parse_time(bad), Err(ParseErrorKind::BadTimestamp { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_time("99999999999999999999:00:00.00"),
            Err(ParseErrorKind::TimeOutOfRange)
        );
        assert_eq!(
            parse_time("10000:00:00.00"),
            Err(ParseErrorKind::TimeOutOfRange)
        );
    }

    #[test]
    fn bad_time_reports_line_and_column() {
        let e = err(&script(
            "Dialogue: 0,0:00:01.00,0:0x:02.00,Default,,0,0,0,,x\n",
        ));
        assert_eq!((e.line, e.column), (11, 24));
        assert!(
            matches!(e.kind, ParseErrorKind::BadTimestamp { ref found } if found == "0:0x:02.00")
        );
        let e = err(&script(
            "Dialogue: 0,99999999999999999999:00:00.00,0:00:02.00,Default,,0,0,0,,x\n",
        ));
        assert_eq!(
            (e.line, e.column, e.kind),
            (11, 13, ParseErrorKind::TimeOutOfRange)
        );
    }

    #[test]
    fn end_before_start_is_an_error() {
        let e = err(&script(
            "Dialogue: 0,0:00:03.00,0:00:02.00,Default,,0,0,0,,x\n",
        ));
        assert_eq!(
            (e.line, e.column, e.kind),
            (
                11,
                24,
                ParseErrorKind::EndBeforeStart {
                    start: ms(3000),
                    end: ms(2000)
                }
            )
        );
    }

    #[test]
    fn too_few_fields() {
        let e = err(&script("Dialogue: 0,0:00:01.00,0:00:02.00,Default\n"));
        assert_eq!(
            (e.line, e.kind),
            (
                11,
                ParseErrorKind::AssFieldCount {
                    found: 4,
                    expected: 10
                }
            )
        );
        let e = err(&script("Dialogue: 0,\n"));
        assert!(matches!(
            e.kind,
            ParseErrorKind::AssFieldCount { found: 2, .. }
        ));
    }

    #[test]
    fn commas_in_text_and_fields_as_written() {
        let p = parse_ok(&script(
            "Dialogue: 1, 0:00:01.00 ,0:00:02.00,Default,Bob,0010,0,0,,Hello, world,\\Nagain\n",
        ));
        let cue = &p.track.cues[0];
        assert_eq!(cue.text(), "Hello, world,\nagain");
        let CueMeta::Ass(meta) = cue.meta() else {
            panic!("meta")
        };
        assert_eq!(meta.kind, AssEventKind::Dialogue);
        assert_eq!(
            meta.fields().collect::<Vec<_>>(),
            [
                "1",
                " 0:00:01.00 ",
                "0:00:02.00",
                "Default",
                "Bob",
                "0010",
                "0",
                "0",
                "",
                ""
            ],
            "the Text slot is the cue's text"
        );
    }

    #[test]
    fn missing_format_uses_defaults() {
        let p = parse_ok(
            "[Script Info]\nScriptType: v4.00\n\n[Events]\nDialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n",
        );
        assert_eq!(p.track.format, Format::Ssa);
        let CueMeta::Ass(meta) = p.track.cues[0].meta() else {
            panic!("meta")
        };
        assert_eq!(meta.field(0), Some("Marked=0"));
        let TrackHeader::Ass(h) = p.track.header() else {
            panic!("header")
        };
        assert_eq!(h.events_format[0], "Marked");
    }

    #[test]
    fn format_without_text_is_an_error() {
        let e = err("[Events]\nFormat: Layer, Start, End\n");
        assert_eq!(
            (e.line, e.kind),
            (
                2,
                ParseErrorKind::AssMissingField {
                    field: "Text".into()
                }
            )
        );
    }

    #[test]
    fn comments_and_other_events_are_trivia() {
        let text = script(
            "; note\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\nPicture: x\nComment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,b\ngarbage\n",
        );
        let p = parse_ok(&text);
        assert_eq!(p.track.cues.len(), 2);
        assert_eq!(p.track.displayed_cue_count(), 1);
        assert_eq!(
            p.warnings,
            [ParseWarning::new(15, 1, WarningKind::SkippedBlock)]
        );
        assert_eq!(write(&p.track), text);
    }

    #[test]
    fn empty_and_foreign_input() {
        assert_eq!(err("").kind, ParseErrorKind::Empty);
        assert_eq!(err("\u{feff} \n").kind, ParseErrorKind::Empty);
        assert_eq!(
            err("1\n00:00:01,000 --> 00:00:02,000\nx\n").kind,
            ParseErrorKind::NotFormat {
                expected: Format::Ass
            }
        );
        let p = parse_ok("[Script Info]\nTitle: x");
        assert!(p.track.cues.is_empty());
        assert_eq!(write(&p.track), "[Script Info]\nTitle: x");
    }

    #[test]
    fn round_trip_endings_bom_and_no_final_newline() {
        for text in [
            script("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a"),
            script("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\n").replace('\n', "\r\n"),
            format!(
                "\u{feff}{}",
                script("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\r\n\rDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,b\n\n\n").replace("\n[", "\r[")
            ),
        ] {
            let p = parse_ok(&text);
            assert_eq!(p.track.cues.len(), text.matches("Dialogue").count());
            assert_eq!(write(&p.track), text);
        }
        let p = parse_ok(&script("").replace('\n', "\r\n"));
        assert_eq!(p.track.line_ending, LineEnding::CrLf);
    }

    #[test]
    fn edited_cue_is_rebuilt_and_times_rounded() {
        let text = script(
            "Dialogue: 0,0:00:01.00,0:00:02.00,Top,Ann,1,2,3,fx,a\nDialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,b\n",
        );
        let mut track = parse_ok(&text).track;
        let span = TimeSpan::new(ms(1004), ms(2_005)).unwrap_or_else(|e| panic!("{e}"));
        track.cues[0].set_span(span);
        track.cues[0].set_text("one\ntwo");
        let out = write(&track);
        assert_eq!(
            out,
            text.replace(
                "Dialogue: 0,0:00:01.00,0:00:02.00,Top,Ann,1,2,3,fx,a",
                "Dialogue: 0,0:00:01.00,0:00:02.01,Top,Ann,1,2,3,fx,one\\Ntwo"
            )
        );
        let again = parse_ok(&out).track;
        assert_eq!(again.cues[0].text(), "one\ntwo");
    }

    #[test]
    fn new_cue_goes_into_events_before_later_sections() {
        let text = script(
            "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\n; after\n\n[Fonts]\nfontname: x.ttf\n[!!!]\n\n",
        );
        let mut track = parse_ok(&text).track;
        let span = TimeSpan::new(ms(5000), ms(6000)).unwrap_or_else(|e| panic!("{e}"));
        track.cues.push(Cue::new(span, "new"));
        let out = write(&track);
        assert_eq!(
            out,
            text.replace(
                "; after\n",
                "; after\nDialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,new\n"
            )
        );
        // Removing the original last event keeps the sections after it.
        track.cues.remove(0);
        let out = write(&track);
        assert!(out.ends_with("Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,new\n\n[Fonts]\nfontname: x.ttf\n[!!!]\n\n"), "{out}");
        track.cues.clear();
        assert!(write(&track).ends_with("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\n[Fonts]\nfontname: x.ttf\n[!!!]\n\n"));
    }

    #[test]
    fn new_cue_in_file_without_events() {
        let text = "[Script Info]\nTitle: x\n\n[Fonts]\nfontname: a.ttf\n[ABC]\n";
        let mut track = parse_ok(text).track;
        assert_eq!(
            track.header(),
            &TrackHeader::Ass(AssHeader {
                script_info: vec![("Title".into(), "x".into())],
                other_sections: vec![("Fonts".into(), "fontname: a.ttf\n[ABC]\n".into())],
                ..AssHeader::default()
            })
        );
        let span = TimeSpan::new(ms(0), ms(1000)).unwrap_or_else(|e| panic!("{e}"));
        track.cues.push(Cue::new(span, "hi"));
        let out = write(&track);
        assert_eq!(
            out,
            format!(
                "{text}\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,hi\n"
            )
        );
        assert_eq!(parse_ok(&out).track.cues.len(), 1);

        let text = "[Script Info]\n[Events]\nFormat: Start, End, Text\n\n[Other]\nx\n";
        let mut track = parse_ok(text).track;
        track.cues.push(Cue::new(span, "hi"));
        assert_eq!(
            write(&track),
            "[Script Info]\n[Events]\nFormat: Start, End, Text\nDialogue: 0:00:00.00,0:00:01.00,hi\n\n[Other]\nx\n"
        );
    }

    #[test]
    fn uu_lines_are_not_sections() {
        assert!(section_header("[9:/?E]G0!I*$Q1-!A)'\"!=$%!5\"]", true).is_none());
        assert!(section_header("[EVENTS]", true).is_none());
        assert!(section_header("[Events]", true).is_some());
        assert!(section_header("[Aegisub Project Garbage]", true).is_some());
        assert!(section_header("[Unknown]", true).is_none());
        assert!(section_header("[Unknown]", false).is_some());
        assert!(section_header("[9:/?E]G0!I*$Q1-]", false).is_none());
        assert!(section_header("  [Events]  ", false).is_some());
    }

    #[test]
    fn header_edit_regenerates_the_script() {
        let text = script(
            "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\n; c\n\n[Graphics]\nfilename: a.png\n",
        );
        let mut track = parse_ok(&text).track;
        if let TrackHeader::Ass(h) = track.header_mut() {
            h.script_info.push(("PlayResX".into(), "1080".into()));
        }
        let out = write(&track);
        assert!(out.contains("PlayResX: 1080\n"));
        assert_eq!(out.matches("[Graphics]").count(), 1);
        assert!(out.ends_with("[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\n; c\n"), "{out}");
        let again = parse_ok(&out).track;
        assert_eq!(again.cues.len(), 1);
        assert_eq!(again.header(), track.header());
    }

    #[test]
    fn new_track_has_a_vertical_header() {
        for format in [Format::Ass, Format::Ssa] {
            let mut track = new_track(format);
            let TrackHeader::Ass(h) = track.header() else {
                panic!("header")
            };
            assert_eq!(h.info("PlayResY"), Some("1920"));
            assert_eq!(h.styles[0].fields.len(), h.styles_format.len());
            let span = TimeSpan::new(ms(0), ms(1230)).unwrap_or_else(|e| panic!("{e}"));
            let (text, meta) = from_rich(&RichText {
                lines: vec![
                    vec![Run::plain("a")],
                    vec![Run {
                        text: "b".into(),
                        italic: true,
                        ..Run::default()
                    }],
                ],
                placement: Placement::Top,
            });
            track.cues.push(Cue::new(span, text).with_meta(meta));
            let out = write(&track);
            let p = parse_ok(&out);
            assert_eq!(p.track.format, format, "{out}");
            assert_eq!(looks_like(&out), Some(format));
            assert_eq!(p.track.cues[0].text(), "{\\an8}a\n{\\i1}b{\\i0}");
            assert_eq!(p.track.header(), track.header());
            let rich = to_rich(&p.track, &p.track.cues[0], &mut Vec::new());
            assert_eq!(rich.placement, Placement::Top);
            assert_eq!(rich.plain(), "a\nb");
        }
    }

    #[test]
    fn detection() {
        assert_eq!(
            looks_like("\u{feff}; c\n\n[script info]\n"),
            Some(Format::Ass)
        );
        assert_eq!(
            looks_like("[Script Info]\nScriptType: v4.00\n"),
            Some(Format::Ssa)
        );
        assert_eq!(
            looks_like("[Script Info]\n[V4 Styles]\n"),
            Some(Format::Ssa)
        );
        assert_eq!(
            looks_like("[Script Info]\nScriptType: v4.00+\n[V4+ Styles]\n"),
            Some(Format::Ass)
        );
        assert_eq!(looks_like("[Events]\n"), None);
        assert_eq!(looks_like("WEBVTT\n"), None);
        assert_eq!(looks_like(""), None);
    }

    fn rich(events_text: &str) -> (RichText, Vec<Dropped>) {
        let p = parse_ok(&script(&format!(
            "Dialogue: 0,0:00:01.00,0:00:02.00,{events_text}\n"
        )));
        let mut dropped = Vec::new();
        let r = to_rich(&p.track, &p.track.cues[0], &mut dropped);
        dropped.sort();
        (r, dropped)
    }

    fn run(text: &str, italic: bool, bold: bool, underline: bool) -> Run {
        Run {
            text: text.into(),
            italic,
            bold,
            underline,
        }
    }

    #[test]
    fn italic_bold_underline_and_reset() {
        let (r, d) = rich("Default,,0,0,0,,a{\\i1}b{\\b700}c{\\r}d{\\u1\\b0}e{\\i}f");
        assert_eq!(
            r.lines,
            [vec![
                run("a", false, false, false),
                run("b", true, false, false),
                run("c", true, true, false),
                run("d", false, false, false),
                run("ef", false, false, true),
            ]]
        );
        assert_eq!(r.placement, Placement::Bottom);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn style_is_the_base() {
        let (r, d) = rich("Top,,0,0,0,,a{\\i0}b{\\rDefault}c");
        assert_eq!(
            r.lines,
            [vec![
                run("a", true, true, false),
                run("b", false, true, false),
                run("c", false, false, false),
            ]]
        );
        assert_eq!(r.placement, Placement::Top);
        assert_eq!(d, [Dropped::Style]);
    }

    #[test]
    fn placement_tags() {
        let cases = [
            ("{\\an8}x", Placement::Top, false),
            ("{\\an5}x", Placement::Middle, false),
            ("{\\an2}x", Placement::Bottom, false),
            ("{\\an7}x", Placement::Top, true),
            ("{\\an1}x", Placement::Bottom, true),
            ("{\\a6}x", Placement::Top, false),
            ("{\\a5}x", Placement::Top, true),
            ("{\\a10}x", Placement::Middle, false),
            ("{\\an9}{\\an2}x", Placement::Top, true),
            ("{\\an0}x", Placement::Bottom, false),
        ];
        for (text, placement, horizontal) in cases {
            let (r, d) = rich(&format!("Default,,0,0,0,,{text}"));
            assert_eq!(r.placement, placement, "{text}");
            assert_eq!(
                d.contains(&Dropped::HorizontalAlignment),
                horizontal,
                "{text}"
            );
            assert_eq!(r.plain(), "x");
        }
    }

    #[test]
    fn ssa_legacy_style_alignment() {
        let text = "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\nStyle: Default,Arial,20,16777215,65535,0,0,-1,0,1,1,1,6,10,10,10,0,1\n\n[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: Marked=0,0:00:01.00,0:00:02.00,*Default,,0,0,0,,a\n";
        let p = parse_ok(text);
        let r = to_rich(&p.track, &p.track.cues[0], &mut Vec::new());
        assert_eq!(r.placement, Placement::Top);
        assert_eq!(r.lines, [vec![run("a", false, true, false)]]);
    }

    #[test]
    fn dropped_features() {
        let cases: [(&str, &[Dropped]); 12] = [
            ("{\\pos(1,2)}x", &[Dropped::Position]),
            ("{\\move(1,2,3,4)\\org(1,2)}x", &[Dropped::Position]),
            (
                "{\\c&HFF&\\1c&H00&\\alpha&H80&\\3a&H00&}x",
                &[Dropped::Color],
            ),
            ("{\\fnArial\\fs20}x", &[Dropped::Font]),
            ("{\\k10}x{\\kf5}{\\K5}{\\ko5}", &[Dropped::Karaoke]),
            ("{\\t(\\i1\\frz360)}x", &[Dropped::Animation]),
            ("{\\p1}m 0 0 l 10 10{\\p0}x", &[Dropped::Drawing]),
            ("{\\s1}x", &[Dropped::Strikeout]),
            (
                "{\\shad2\\bord1\\be1\\blur2\\frz5\\clip(1,2,3,4)}x",
                &[Dropped::Other],
            ),
            ("x{a comment}", &[Dropped::Other]),
            ("{\\fad(10,10)}x", &[Dropped::Animation]),
            ("{}{\\}x", &[]),
        ];
        for (text, want) in cases {
            let (r, d) = rich(&format!("Default,,0,0,0,,{text}"));
            assert_eq!(d, want, "{text}");
            assert_eq!(r.plain(), "x", "{text}");
            assert!(r.lines[0].iter().all(|run| !run.italic), "{text}");
        }
    }

    #[test]
    fn breaks_and_spaces() {
        let (r, _) = rich("Default,,0,0,0,,  a\\nb\\Nc\\hd  ");
        assert_eq!(r.plain(), "a b\nc\u{a0}d");
        let text = script("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\\nb\n")
            .replace("ScriptType: v4.00+", "ScriptType: v4.00+\nWrapStyle: 2");
        let p = parse_ok(&text);
        assert_eq!(
            to_rich(&p.track, &p.track.cues[0], &mut Vec::new()).plain(),
            "a\nb"
        );
        let (r, _) = rich("Default,,0,0,0,,{\\q2}a\\nb");
        assert_eq!(r.plain(), "a\nb");
    }

    #[test]
    fn robust_to_broken_blocks() {
        let (r, _) = rich("Default,,0,0,0,,a{\\i1 b");
        assert_eq!(r.plain(), "a{\\i1 b");
        let (r, _) = rich("Default,,0,0,0,,a{x{\\i1}b}c");
        assert_eq!(r.plain(), "ab}c");
        assert!(r.lines[0].iter().any(|run| run.italic));
        let (r, _) = rich("Default,,0,0,0,,{\\t((((((((\\i1}x\\");
        assert_eq!(r.plain(), "x\\");
        for garbage in [
            "{",
            "}",
            "{\\",
            "\\",
            "{\\b99999999999999999999999}x",
            "{\\an99999999999}",
            "{\\r\\rNope}",
            "{\\p-1}x",
            "\\N\\N",
            "{\\a}",
            "{(((((}",
        ] {
            let _ = rich(&format!("Default,,0,0,0,,{garbage}"));
        }
    }

    #[test]
    fn rich_round_trip() {
        for text in [
            "plain",
            "{\\an8}top\nsecond",
            "{\\an5}{\\i1}it{\\i0} and {\\b1\\u1}both{\\b0\\u0}",
            "a {\\i1}b\nc{\\i0} d",
        ] {
            let p = parse_ok(&script(&format!(
                "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{}\n",
                text.replace('\n', "\\N")
            )));
            let first = to_rich(&p.track, &p.track.cues[0], &mut Vec::new());
            let (ass, _) = from_rich(&first);
            let p2 = parse_ok(&script(&format!(
                "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{}\n",
                ass.replace('\n', "\\N")
            )));
            let second = to_rich(&p2.track, &p2.track.cues[0], &mut Vec::new());
            assert_eq!(first, second, "{text} -> {ass}");
        }
    }

    #[test]
    fn from_rich_escapes_markup_in_words() {
        let rich = RichText {
            lines: vec![vec![Run::plain("{not a tag} C:\\New \\x")]],
            placement: Placement::Middle,
        };
        let (text, meta) = from_rich(&rich);
        assert_eq!(text, "{\\an5}｛not a tag｝ C:＼New \\x");
        assert_eq!(
            meta,
            CueMeta::Ass(AssCueMeta::empty(AssEventKind::Dialogue))
        );
        let (text, _) = from_rich(&RichText {
            lines: vec![vec![
                run("a", true, true, false),
                run("b", false, true, false),
            ]],
            placement: Placement::Bottom,
        });
        assert_eq!(text, "{\\i1\\b1}a{\\i0}b{\\b0}");
    }

    /// Deterministic mutations of a script with every feature: parsing never panics, an
    /// unedited track is written back byte for byte, rich text never panics, and a track with
    /// edited and added cues is written as a script that parses again with those cues.
    #[test]
    fn mutated_scripts() {
        let seed_text = format!(
            "\u{feff}{}",
            script(
                "; c\r\nDialogue: 0,0:00:01.00,0:00:02.50,Top,,0,0,0,,{\\an8\\i1}a{\\b1\\t(\\i0)}b\\Nc{x}\\n\\h{\\p1}m 0 0{\\p0}d\rComment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,e,f\n\n[Fonts]\nfontname: a.ttf\n[!!]\n[Graphics]\n\n[Events]\nDialogue: 0,1:00:01.00,1:00:02.00,Default,,0,0,0,,{\\rTop}g\n"
            )
        );
        let alphabet: Vec<char> = "{}\\,:[].\n\r;0123456789aDN\u{feff}é中 ".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut parsed, mut total) = (0, 0);
        for _ in 0..3000 {
            let mut chars: Vec<char> = seed_text.chars().collect();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % (chars.len() + 1);
                match next() % 4 {
                    0 => chars.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                    1 if at < chars.len() => {
                        let len = (next() as usize % 8).min(chars.len() - at);
                        chars.drain(at..at + len);
                    }
                    2 if at < chars.len() => {
                        chars[at] = alphabet[(next() as usize) % alphabet.len()]
                    }
                    _ => {
                        let len = (next() as usize % 30).min(chars.len() - at);
                        let copy: Vec<char> = chars[at..at + len].to_vec();
                        let to = (next() as usize) % (chars.len() + 1);
                        chars.splice(to..to, copy);
                    }
                }
            }
            let text: String = chars.into_iter().collect();
            total += 1;
            let Ok(p) = parse(&text) else { continue };
            parsed += 1;
            assert_eq!(write(&p.track), text);
            for cue in &p.track.cues {
                let _ = to_rich(&p.track, cue, &mut Vec::new());
            }
            let mut track = p.track.clone();
            let count = track.cues.len();
            for cue in track.cues.iter_mut().step_by(2) {
                let edited = format!("{}!", cue.text());
                cue.set_text(edited);
            }
            let span = TimeSpan::new(ms(10), ms(20)).unwrap_or_else(|e| panic!("{e}"));
            track.cues.push(Cue::new(span, "new"));
            let out = write(&track);
            let again = parse(&out).unwrap_or_else(|e| panic!("{e}\n{text:?}\n{out:?}"));
            assert_eq!(again.track.cues.len(), count + 1, "{text:?}\n{out:?}");
            assert_eq!(
                again.track.cues.last().map(Cue::text),
                Some("new"),
                "{out:?}"
            );
        }
        assert!(parsed > total / 4, "{parsed} of {total} parsed");
    }

    #[test]
    fn write_text_breaks() {
        let mut s = String::new();
        push_text(&mut s, "a\nb\r\nc\rd");
        assert_eq!(s, "a\\Nb\\Nc\\Nd");
        let mut s = String::new();
        push_time(&mut s, ms(36_000_000 * 3 + 59_995));
        assert_eq!(s, "30:01:00.00");
    }
}
