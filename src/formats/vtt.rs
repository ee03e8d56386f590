//! WebVTT: reading, writing, sniffing, and cue text to and from rich text.
//!
//! Owns the WebVTT syntax: the block structure of the W3C parser algorithm (signature,
//! header, `STYLE`/`REGION`/`NOTE` blocks, cue identifiers, timings and settings), the cue
//! text markup, and the canonical form of edited cues. It does not own the track model or
//! any policy about which cues are acceptable (that is `timing`'s job).
//!
//! The parser follows the "collect a WebVTT block" steps of the specification, so it finds
//! exactly the cues a browser finds; a block a browser ignores is kept byte for byte in the
//! preamble or the previous cue's trailer and reported with a `SkippedBlock` warning (NOTE
//! blocks and header-only `STYLE`/`REGION` blocks are legitimate and not warned about).
//! It scans bytes: every position it cuts the text at is next to an ASCII byte, so slices
//! always fall on character boundaries.

use std::fmt::Write as _;
use std::sync::Arc;

use super::markup::{decode_entities, escape_xml_text};
use super::{
    Dropped, ParseError, ParseErrorKind, ParseWarning, Parsed, Placement, RichText, Run,
    WarningKind,
};
use crate::model::{
    Cue, CueMeta, Format, LineEnding, Millis, SourceRange, SubtitleTrack, TimeSpan, TrackHeader,
    VttCueMeta, VttHeader,
};

const SIGNATURE: &[u8] = b"WEBVTT";

/// Deepest nesting of cue text elements that is tracked; deeper start tags are ignored.
const MAX_DEPTH: usize = 64;

/// Whether the text (after an optional BOM) starts with the WebVTT signature.
pub fn looks_like(text: &str) -> bool {
    has_signature(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes())
}

/// `WEBVTT` followed by a space, a tab, a line terminator or the end of the text.
fn has_signature(b: &[u8]) -> bool {
    b.starts_with(SIGNATURE)
        && matches!(
            b.get(SIGNATURE.len()),
            None | Some(b' ' | b'\t' | b'\n' | b'\r')
        )
}

/// An empty WebVTT track with an empty header.
pub fn new_track() -> SubtitleTrack {
    SubtitleTrack::new(Format::WebVtt).with_header(TrackHeader::Vtt(VttHeader::default()))
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/// One line of the text: CR, LF and CRLF all end a line.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    /// End of the content, before the terminator.
    end: usize,
    /// Start of the next line.
    next: usize,
    /// The content contains `-->`.
    arrow: bool,
    /// The terminator is CR or CRLF (the content must be normalised to LF).
    cr: bool,
    /// The line ends at the end of the text, without a terminator.
    eof: bool,
}

impl Line {
    fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// High bit set in every byte of `word` equal to `byte` (the lowest one is exact; bits
/// above a match may be false positives, which only cost a slow step).
fn byte_mask(word: u64, byte: u8) -> u64 {
    let x = word ^ ONES.wrapping_mul(u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Offset of the first byte in `b[i..]` that may be a line terminator or `>`, checking
/// eight bytes at a time; `b.len()` when there is none.
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(bytes);
        let mask = byte_mask(word, b'\n') | byte_mask(word, b'\r') | byte_mask(word, b'>');
        if mask != 0 {
            return i + (mask.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if matches!(c, b'\n' | b'\r' | b'>') {
            break;
        }
        i += 1;
    }
    i
}

fn read_line(b: &[u8], start: usize) -> Line {
    let mut i = start;
    let mut arrow = false;
    loop {
        i = skip_plain(b, i);
        match b.get(i) {
            None | Some(b'\n' | b'\r') => break,
            Some(b'>') => {
                if i >= start + 2 && b.get(i - 2..i) == Some(b"--") {
                    arrow = true;
                }
                i += 1;
            }
            Some(_) => i += 1,
        }
    }
    let (next, cr, eof) = match b.get(i) {
        None => (i, false, true),
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => (i + 2, true, false),
        Some(b'\r') => (i + 1, true, false),
        Some(_) => (i + 1, false, false),
    };
    Line {
        start,
        end: i,
        next,
        arrow,
        cr,
        eof,
    }
}

/// A byte range of the text; positions produced by the scanner are always char boundaries.
fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

/// Text with CR and CRLF line terminators turned into LF.
fn normalize_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    out
}

fn owned_lines(text: &str, start: usize, end: usize, cr: bool) -> String {
    let s = slice(text, start, end);
    if cr {
        normalize_newlines(s)
    } else {
        s.to_owned()
    }
}

/// ASCII whitespace as the WebVTT parser counts it inside a line.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\x0c' | b'\n' | b'\r')
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// A run of ASCII digits at `i`: (value saturated at `u64::MAX`, digit count, next position).
fn digits(b: &[u8], mut i: usize) -> (u64, usize, usize) {
    let start = i;
    let mut value: u64 = 0;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(c - b'0'));
        i += 1;
    }
    (value, i - start, i)
}

/// A WebVTT timestamp at `i` (`mm:ss.ttt` or `h…h:mm:ss.ttt`): the time and the position
/// after it. Follows "collect a WebVTT timestamp": the first field is hours when it is not
/// exactly two digits or above 59; minutes and seconds are two digits at most 59; the
/// fraction is exactly three digits.
fn timestamp(b: &[u8], i: usize) -> Option<(Millis, usize)> {
    let (v1, n1, i) = digits(b, i);
    if n1 == 0 {
        return None;
    }
    let hours_first = n1 != 2 || v1 > 59;
    if b.get(i) != Some(&b':') {
        return None;
    }
    let (v2, n2, i) = digits(b, i + 1);
    if n2 != 2 {
        return None;
    }
    let (h, m, s, i) = if hours_first || b.get(i) == Some(&b':') {
        if b.get(i) != Some(&b':') {
            return None;
        }
        let (v3, n3, i) = digits(b, i + 1);
        if n3 != 2 {
            return None;
        }
        (v1, v2, v3, i)
    } else {
        (0, v1, v2, i)
    };
    if b.get(i) != Some(&b'.') {
        return None;
    }
    let (ms, n4, i) = digits(b, i + 1);
    if n4 != 3 || m > 59 || s > 59 {
        return None;
    }
    Millis::from_hmsm(h, m, s, ms).map(|t| (t, i))
}

/// A parsed timing line; positions are relative to the line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Timing {
    start: Millis,
    end: Millis,
    /// Where the end timestamp starts (for warnings).
    end_at: usize,
    /// The settings, without surrounding whitespace.
    settings: (usize, usize),
}

/// "Collect WebVTT cue timings and settings" on one line.
fn timing(line: &[u8]) -> Option<Timing> {
    let i = skip_spaces(line, 0);
    let (start, i) = timestamp(line, i)?;
    let i = skip_spaces(line, i);
    if !line.get(i..).is_some_and(|r| r.starts_with(b"-->")) {
        return None;
    }
    let end_at = skip_spaces(line, i + 3);
    let (end, i) = timestamp(line, end_at)?;
    let s = skip_spaces(line, i);
    let mut e = line.len();
    while e > s && line.get(e - 1).is_some_and(|&c| is_space(c)) {
        e -= 1;
    }
    Some(Timing {
        start,
        end,
        end_at,
        settings: (s, e),
    })
}

/// `STYLE` / `REGION` alone on the first line of a block (trailing whitespace allowed).
fn is_keyword_line(line: &[u8], keyword: &[u8]) -> bool {
    line.strip_prefix(keyword)
        .is_some_and(|rest| rest.iter().all(|&c| is_space(c)))
}

/// A comment block: `NOTE` followed by a space, a tab or the end of the line.
fn is_note_line(line: &[u8]) -> bool {
    line.strip_prefix(b"NOTE")
        .is_some_and(|rest| matches!(rest.first(), None | Some(b' ' | b'\t')))
}

/// What a block turned out to be.
enum BlockKind {
    Plain,
    Style,
    Region,
}

/// A cue found, waiting for the start of the next one to know its trailer.
struct Pending {
    cue: Cue,
    start: usize,
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// 1-based number of the line at `pos`.
    line_no: usize,
    warnings: Vec<ParseWarning>,
}

impl<'a> Parser<'a> {
    fn consume(&mut self, line: &Line) {
        self.pos = line.next;
        if !line.eof {
            self.line_no += 1;
        }
    }

    /// Skip empty lines (any run of CR and LF).
    fn skip_blank_lines(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'\n' => self.pos += 1,
                b'\r' if self.b.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
                b'\r' => self.pos += 1,
                _ => break,
            }
            self.line_no += 1;
        }
    }

    /// Column (1-based, in characters) of byte `at` on the line starting at `line_start`.
    fn column(&self, line_start: usize, at: usize) -> usize {
        slice(self.text, line_start, at).chars().count() + 1
    }

    fn warn(&mut self, line: usize, column: usize, kind: WarningKind) {
        self.warnings.push(ParseWarning::new(line, column, kind));
    }
}

/// Parse a WebVTT file. A leading U+FEFF is taken as a byte order mark.
///
/// `VttHeader::header` is everything after `WEBVTT` on the signature line (its separating
/// space included) plus one `\n`-prefixed entry per header line, so `"WEBVTT" + header`
/// is the header as written with LF endings. Styles and regions are the bodies of the
/// `STYLE` and `REGION` blocks before the first cue. Cue identifiers and settings are kept
/// as written (settings without surrounding whitespace). A cue that ends before it starts
/// is kept with an empty span at its start, with an `EndBeforeStart` warning.
pub fn parse(input: &str) -> Result<Parsed, ParseError> {
    let (text, bom) = match input.strip_prefix('\u{feff}') {
        Some(rest) => (rest, true),
        None => (input, false),
    };
    let b = text.as_bytes();
    if !has_signature(b) {
        return Err(ParseError::new(1, 1, ParseErrorKind::VttSignature));
    }
    let mut p = Parser {
        text,
        b,
        pos: 0,
        line_no: 1,
        warnings: Vec::new(),
    };

    // The signature line, then header lines up to a blank line or a timing line.
    let sig = read_line(b, 0);
    let mut header = slice(text, SIGNATURE.len(), sig.end).to_owned();
    p.consume(&sig);
    if !sig.eof && b.get(p.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
        loop {
            let line = read_line(b, p.pos);
            if line.arrow {
                break;
            }
            p.consume(&line);
            if line.is_empty() {
                break;
            }
            header.push('\n');
            header.push_str(slice(text, line.start, line.end));
            if line.eof {
                break;
            }
        }
    }

    let mut styles = Vec::new();
    let mut regions = Vec::new();
    let mut cues: Vec<Cue> = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut first_cue_start: Option<usize> = None;
    let mut seen_cue = false;

    loop {
        p.skip_blank_lines();
        if p.pos >= b.len() {
            break;
        }
        let block_start = p.pos;
        let block_line = p.line_no;
        let mut line_count = 0usize;
        let mut seen_arrow = false;
        let mut found: Option<(Timing, usize, usize)> = None; // timing, line start, line number
        let mut identifier: Option<(usize, usize)> = None;
        let mut kind = BlockKind::Plain;
        let mut first_line = (block_start, block_start);
        // The buffer of the algorithm as a byte range of consecutive lines.
        let mut buffer: Option<(usize, usize)> = None;
        let mut buffer_cr = false;
        let mut previous_cr = false;
        let mut content_end = block_start;
        loop {
            let line = read_line(b, p.pos);
            line_count += 1;
            if line_count == 1 {
                first_line = (line.start, line.end);
            }
            if line.arrow {
                if line_count == 1 || (line_count == 2 && !seen_arrow) {
                    seen_arrow = true;
                    let content = b.get(line.start..line.end).unwrap_or_default();
                    if let Some(t) = timing(content) {
                        if line_count == 2 {
                            identifier = buffer.take();
                        }
                        buffer = None;
                        buffer_cr = false;
                        found = Some((t, line.start, p.line_no));
                        seen_cue = true;
                    }
                    content_end = line.end;
                    previous_cr = line.cr;
                    p.consume(&line);
                } else {
                    // A timing line ends the block and starts the next one.
                    break;
                }
            } else if line.is_empty() {
                p.consume(&line);
                break;
            } else {
                // Before the first cue, a block whose first line is `STYLE` or `REGION`.
                if line_count == 2
                    && !seen_cue
                    && let Some((s, e)) = buffer
                {
                    let first = b.get(s..e).unwrap_or_default();
                    if is_keyword_line(first, b"STYLE") {
                        kind = BlockKind::Style;
                        buffer = None;
                    } else if is_keyword_line(first, b"REGION") {
                        kind = BlockKind::Region;
                        buffer = None;
                    }
                }
                buffer = match buffer {
                    None => Some((line.start, line.end)),
                    Some((s, _)) => {
                        buffer_cr |= previous_cr;
                        Some((s, line.end))
                    }
                };
                content_end = line.end;
                previous_cr = line.cr;
                p.consume(&line);
            }
            if line.eof {
                break;
            }
        }

        let Some((t, line_start, timing_line)) = found else {
            let body = || match buffer {
                Some((s, e)) => owned_lines(text, s, e, buffer_cr),
                None => String::new(),
            };
            match kind {
                BlockKind::Style => styles.push(body()),
                BlockKind::Region => regions.push(body()),
                BlockKind::Plain => {
                    let first = b.get(first_line.0..first_line.1).unwrap_or_default();
                    if !is_note_line(first) {
                        p.warn(block_line, 1, WarningKind::SkippedBlock);
                    }
                }
            }
            continue;
        };

        let mut end = t.end;
        if end < t.start {
            let column = p.column(line_start, line_start + t.end_at);
            p.warn(timing_line, column, WarningKind::EndBeforeStart);
            end = t.start;
        }
        let Ok(span) = TimeSpan::new(t.start, end) else {
            p.warn(block_line, 1, WarningKind::SkippedBlock);
            continue;
        };
        let cue_text = match buffer {
            Some((s, e)) => owned_lines(text, s, e, buffer_cr),
            None => String::new(),
        };
        let settings = slice(text, line_start + t.settings.0, line_start + t.settings.1);
        let meta = VttCueMeta {
            identifier: identifier.map(|(s, e)| slice(text, s, e).to_owned()),
            settings: settings.to_owned(),
        };
        if let Some(prev) = pending.take() {
            cues.push(finish(prev, block_start));
        }
        first_cue_start.get_or_insert(block_start);
        pending = Some(Pending {
            cue: Cue::new(span, cue_text).with_meta(CueMeta::Vtt(meta)),
            start: block_start,
            end: content_end,
        });
    }
    if let Some(prev) = pending.take() {
        cues.push(finish(prev, b.len()));
    }

    let preamble = SourceRange::new(0, first_cue_start.unwrap_or(b.len()));
    let mut track = SubtitleTrack::new(Format::WebVtt)
        .with_header(TrackHeader::Vtt(VttHeader {
            header,
            styles,
            regions,
        }))
        .with_source(Arc::from(text), preamble);
    track.bom = bom;
    track.line_ending = LineEnding::detect(text);
    track.cues = cues;
    Ok(Parsed {
        track,
        warnings: p.warnings,
    })
}

fn finish(p: Pending, next_start: usize) -> Cue {
    p.cue.with_source(
        SourceRange::new(p.start, p.end),
        Some(SourceRange::new(p.end, next_start)),
    )
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// Write a track. The preamble, unedited cues and every trailer are copied from the original
/// text; edited and new cues are written as `hh:mm:ss.mmm --> hh:mm:ss.mmm settings`, with a
/// blank line before them where the original bytes do not already provide one.
pub fn write(track: &SubtitleTrack) -> String {
    let le = track.line_ending.as_str();
    let mut out = String::with_capacity(track.source().map_or(64 * track.cues.len(), str::len) + 8);
    if track.bom {
        out.push('\u{feff}');
    }
    // End of the last range copied from the original, to know whether the next cue follows
    // it in the original too.
    let mut last_end = match (track.preamble_text(), track.source()) {
        (Some(pre), Some(_)) => {
            out.push_str(pre);
            Some(pre.len())
        }
        _ => {
            write_header(&mut out, track.header(), le);
            None
        }
    };
    let mut final_newline = false;
    for cue in &track.cues {
        match cue.source().zip(track.cue_source(cue)) {
            Some((range, original)) => {
                if last_end != Some(range.start) {
                    ensure_blank_line(&mut out, le);
                }
                out.push_str(original);
            }
            None => {
                ensure_blank_line(&mut out, le);
                write_cue(&mut out, cue, le);
            }
        }
        match cue.trailer().zip(track.cue_trailer(cue)) {
            Some((range, trailer)) => {
                out.push_str(trailer);
                last_end = Some(range.end);
                final_newline = false;
            }
            None => {
                last_end = None;
                final_newline = true;
            }
        }
    }
    if final_newline || (track.cues.is_empty() && last_end.is_none()) {
        push_line_end(&mut out, le);
    }
    out
}

/// The header, `STYLE` and `REGION` blocks of a track without original text. A header that
/// does not start with a space, a tab or a line break is taken as header lines
/// (`Kind: captions`) and starts on the line after `WEBVTT`; empty header lines and lines
/// with `-->` (which would end the header) are left out.
fn write_header(out: &mut String, header: &TrackHeader, le: &str) {
    out.push_str("WEBVTT");
    let TrackHeader::Vtt(h) = header else {
        return;
    };
    let mut lines = h.header.split('\n');
    if h.header.starts_with([' ', '\t'])
        && let Some(first) = lines.next()
    {
        out.push_str(first.trim_end_matches('\r'));
    }
    for line in lines.map(|l| l.trim_end_matches('\r')) {
        if !line.is_empty() && !line.contains("-->") {
            out.push_str(le);
            out.push_str(line);
        }
    }
    for (keyword, bodies) in [("STYLE", &h.styles), ("REGION", &h.regions)] {
        for body in bodies {
            out.push_str(le);
            out.push_str(le);
            out.push_str(keyword);
            for line in body.lines() {
                if !line.trim().is_empty() && !line.contains("-->") {
                    out.push_str(le);
                    out.push_str(line);
                }
            }
        }
    }
}

/// A cue in canonical form, without a final line terminator.
fn write_cue(out: &mut String, cue: &Cue, le: &str) {
    let (identifier, settings) = match cue.meta() {
        CueMeta::Vtt(m) => (m.identifier.as_deref(), m.settings.as_str()),
        _ => (None, ""),
    };
    if let Some(id) = identifier
        && !id.is_empty()
        && !id.contains("-->")
        && !id.contains(['\n', '\r'])
    {
        out.push_str(id);
        out.push_str(le);
    }
    let span = cue.span();
    let _ = write!(out, "{} --> {}", span.start(), span.end());
    let settings = settings.trim();
    if !settings.is_empty() {
        out.push(' ');
        for c in settings.chars() {
            out.push(if c == '\n' || c == '\r' { ' ' } else { c });
        }
    }
    // A blank line would end the cue and `-->` would start a new one: drop empty lines and
    // write the arrow with an entity (it reads back as the same text).
    for line in cue.text().split(['\n', '\r']) {
        if line.is_empty() {
            continue;
        }
        out.push_str(le);
        if line.contains("-->") {
            out.push_str(&line.replace("-->", "--&gt;"));
        } else {
            out.push_str(line);
        }
    }
}

fn push_line_end(out: &mut String, le: &str) {
    if !out.ends_with(['\n', '\r']) {
        out.push_str(le);
    }
}

/// Whether `s` ends with an empty line (two line terminators in a row).
fn ends_with_blank_line(s: &str) -> bool {
    let rest = if let Some(r) = s.strip_suffix("\r\n") {
        r
    } else if let Some(r) = s.strip_suffix(['\n', '\r']) {
        r
    } else {
        return false;
    };
    rest.ends_with(['\n', '\r'])
}

fn ensure_blank_line(out: &mut String, le: &str) {
    // At most three rounds: `…\r` + `\n` makes one CRLF terminator, not two.
    for _ in 0..3 {
        if ends_with_blank_line(out) {
            return;
        }
        out.push_str(le);
    }
}

// ---------------------------------------------------------------------------------------
// Rich text
// ---------------------------------------------------------------------------------------

/// The cue text elements of WebVTT.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Element {
    Class,
    Italic,
    Bold,
    Underline,
    Ruby,
    RubyText,
    Voice,
    Lang,
}

impl Element {
    fn from_name(name: &str) -> Option<Element> {
        Some(match name {
            "c" => Element::Class,
            "i" => Element::Italic,
            "b" => Element::Bold,
            "u" => Element::Underline,
            "ruby" => Element::Ruby,
            "rt" => Element::RubyText,
            "v" => Element::Voice,
            "lang" => Element::Lang,
            _ => return None,
        })
    }
}

fn drop_once(dropped: &mut Vec<Dropped>, what: Dropped) {
    if !dropped.contains(&what) {
        dropped.push(what);
    }
}

/// A cue as rich text: `<i>`, `<b>`, `<u>` kept, other elements dropped (ruby base text kept,
/// ruby text dropped), entities decoded, placement taken from the `line` setting.
/// Follows the WebVTT cue text tokenizer, so unclosed and misnested tags behave as in a
/// browser: a stray end tag is ignored, an unclosed element runs to the end of the cue.
pub fn to_rich(_track: &SubtitleTrack, cue: &Cue, dropped: &mut Vec<Dropped>) -> RichText {
    let placement = match cue.meta() {
        CueMeta::Vtt(m) => settings_placement(&m.settings, dropped),
        _ => Placement::Bottom,
    };
    let mut rich = RichText {
        lines: vec![Vec::new()],
        placement,
    };
    let text = cue.text();
    let b = text.as_bytes();
    let mut stack: Vec<Element> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let j = b
            .get(i..)
            .and_then(|r| r.iter().position(|&c| c == b'<' || c == b'\n'))
            .map_or(b.len(), |k| i + k);
        if j > i {
            push_text(&mut rich, slice(text, i, j), &stack, dropped);
        }
        match b.get(j) {
            None => break,
            Some(b'\n') => {
                rich.lines.push(Vec::new());
                i = j + 1;
            }
            Some(_) => {
                let k = b
                    .get(j + 1..)
                    .and_then(|r| r.iter().position(|&c| c == b'>'))
                    .map_or(b.len(), |k| j + 1 + k);
                handle_tag(slice(text, j + 1, k), &mut stack, dropped);
                i = k + 1;
            }
        }
    }
    rich.normalize()
}

fn push_text(rich: &mut RichText, raw: &str, stack: &[Element], dropped: &mut Vec<Dropped>) {
    if stack.contains(&Element::RubyText) {
        drop_once(dropped, Dropped::Ruby);
        return;
    }
    let run = Run {
        text: decode_entities(raw),
        italic: stack.contains(&Element::Italic),
        bold: stack.contains(&Element::Bold),
        underline: stack.contains(&Element::Underline),
    };
    if let Some(line) = rich.lines.last_mut() {
        line.push(run);
    }
}

/// One tag (the text between `<` and `>`, or the end of the cue).
fn handle_tag(content: &str, stack: &mut Vec<Element>, dropped: &mut Vec<Dropped>) {
    if let Some(name) = content.strip_prefix('/') {
        let top = stack.last().copied();
        match (Element::from_name(name), top) {
            (Some(e), Some(t)) if e == t => {
                stack.pop();
            }
            (Some(Element::Ruby), Some(Element::RubyText)) => {
                stack.pop();
                if stack.last() == Some(&Element::Ruby) {
                    stack.pop();
                }
            }
            _ => {}
        }
        return;
    }
    if content.starts_with(|c: char| c.is_ascii_digit()) {
        let cb = content.as_bytes();
        if timestamp(cb, 0).is_some_and(|(_, end)| end == cb.len()) {
            drop_once(dropped, Dropped::InlineTimestamp);
        }
        return;
    }
    let name_end = content
        .find(|c: char| c == '.' || is_space_char(c))
        .unwrap_or(content.len());
    let (name, rest) = content.split_at(name_end);
    let classes = rest
        .strip_prefix('.')
        .map(|r| r.split(is_space_char).next().unwrap_or_default())
        .unwrap_or_default();
    let has_class = classes.split('.').any(|c| !c.is_empty());
    let Some(element) = Element::from_name(name) else {
        if !name.is_empty() {
            drop_once(dropped, Dropped::Other);
        }
        return;
    };
    if element == Element::RubyText && stack.last() != Some(&Element::Ruby) {
        return;
    }
    if stack.len() >= MAX_DEPTH {
        return;
    }
    match element {
        Element::Voice | Element::Lang => drop_once(dropped, Dropped::Voice),
        Element::Ruby => drop_once(dropped, Dropped::Ruby),
        _ => {}
    }
    if has_class {
        drop_once(dropped, Dropped::Class);
    }
    stack.push(element);
}

fn is_space_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

/// A percentage such as `50%` or `12.5%` (the number only).
fn percentage(value: &str) -> Option<f64> {
    let number = value.strip_suffix('%')?;
    if number.is_empty() || !number.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    number
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=100.0).contains(p))
}

/// Placement for a `line:` value and whether it is exactly that placement.
fn line_placement(value: &str) -> Option<(Placement, bool)> {
    let (position, alignment) = match value.split_once(',') {
        Some((p, a)) => (p, Some(a)),
        None => (value, None),
    };
    let aligned = alignment.is_none_or(|a| a == "start");
    if position.ends_with('%') {
        let pct = percentage(position)?;
        let placement = if pct <= 100.0 / 3.0 {
            Placement::Top
        } else if pct <= 200.0 / 3.0 {
            Placement::Middle
        } else {
            Placement::Bottom
        };
        let exact = matches!(
            (placement, pct),
            (Placement::Top, 0.0) | (Placement::Middle, 50.0) | (Placement::Bottom, 100.0)
        );
        return Some((placement, exact && aligned));
    }
    let digits = position.strip_prefix('-').unwrap_or(position);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let negative = digits.len() != position.len();
    let n: u64 = digits.parse().unwrap_or(u64::MAX);
    Some(match (negative, n) {
        (false, 0) => (Placement::Top, aligned),
        (false, 1..=4) => (Placement::Top, false),
        (true, 1) => (Placement::Bottom, aligned),
        _ => (Placement::Bottom, false),
    })
}

/// Vertical placement from cue settings; other positioning goes to `dropped`.
fn settings_placement(settings: &str, dropped: &mut Vec<Dropped>) -> Placement {
    let mut placement = Placement::Bottom;
    for item in settings.split(is_space_char).filter(|s| !s.is_empty()) {
        let Some((name, value)) = item.split_once(':') else {
            continue;
        };
        if name.is_empty() || value.is_empty() {
            continue;
        }
        match name {
            "line" => {
                if let Some((p, exact)) = line_placement(value) {
                    placement = p;
                    if !exact {
                        drop_once(dropped, Dropped::Position);
                    }
                }
            }
            "position" => {
                let pos = value.split(',').next().unwrap_or_default();
                if pos != "auto" && percentage(pos) != Some(50.0) {
                    drop_once(dropped, Dropped::Position);
                }
            }
            "size" if percentage(value) != Some(100.0) => drop_once(dropped, Dropped::Position),
            "align" if value != "center" && value != "middle" => {
                drop_once(dropped, Dropped::HorizontalAlignment)
            }
            "region" => drop_once(dropped, Dropped::Style),
            "vertical" => drop_once(dropped, Dropped::Other),
            _ => {}
        }
    }
    placement
}

/// Cue text and settings for rich text: `<b>`, `<i>`, `<u>` per line, `line:0` for top,
/// `line:50%` for middle, no setting for bottom.
pub fn from_rich(rich: &RichText) -> (String, CueMeta) {
    let mut text = String::new();
    for (n, line) in rich.lines.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        // Open tags in the order they were opened; close from the innermost.
        let mut open: Vec<&'static str> = Vec::new();
        for run in line {
            let wanted = |tag: &str| match tag {
                "b" => run.bold,
                "i" => run.italic,
                _ => run.underline,
            };
            if let Some(first_unwanted) = open.iter().position(|t| !wanted(t)) {
                while open.len() > first_unwanted {
                    if let Some(t) = open.pop() {
                        let _ = write!(text, "</{t}>");
                    }
                }
            }
            for (tag, on) in [("b", run.bold), ("i", run.italic), ("u", run.underline)] {
                if on && !open.contains(&tag) {
                    let _ = write!(text, "<{tag}>");
                    open.push(tag);
                }
            }
            text.push_str(&escape_xml_text(&run.text));
        }
        while let Some(t) = open.pop() {
            let _ = write!(text, "</{t}>");
        }
    }
    let settings = match rich.placement {
        Placement::Top => "line:0",
        Placement::Middle => "line:50%",
        Placement::Bottom => "",
    };
    (
        text,
        CueMeta::Vtt(VttCueMeta {
            identifier: None,
            settings: settings.to_owned(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(t: &str) -> Option<i64> {
        let b = t.as_bytes();
        timestamp(b, 0)
            .filter(|&(_, end)| end == b.len())
            .map(|(m, _)| m.get())
    }

    fn cue_times(text: &str) -> Vec<(i64, i64)> {
        parse(text)
            .unwrap()
            .track
            .cues
            .iter()
            .map(|c| (c.span().start().get(), c.span().end().get()))
            .collect()
    }

    fn rich_of(text: &str, settings: &str) -> (RichText, Vec<Dropped>) {
        let track = new_track();
        let span = TimeSpan::new(Millis::new(0), Millis::new(1000)).unwrap();
        let cue = Cue::new(span, text).with_meta(CueMeta::Vtt(VttCueMeta {
            identifier: None,
            settings: settings.to_owned(),
        }));
        let mut dropped = Vec::new();
        let rich = to_rich(&track, &cue, &mut dropped);
        (rich, dropped)
    }

    /// Random documents from WebVTT-ish tokens: parsing never panics, unedited tracks are
    /// written back byte for byte, and edited cues are read back as the same cues.
    #[test]
    fn random_documents_round_trip() {
        let tokens = [
            "WEBVTT",
            "\n",
            "\n",
            "\r",
            "\r\n",
            "-->",
            " --> ",
            "00:00:01.000",
            "00:01.000",
            "02:00.500",
            "1",
            "NOTE",
            "NOTE ",
            "STYLE",
            "REGION",
            "<i>",
            "</i>",
            "<",
            ">",
            "&amp;",
            "&",
            "漢",
            " ",
            "\t",
            "line:0",
            "a",
            ":",
            ".",
            "99999999999999999999:",
            "\u{feff}",
            "<c.x>",
            "<00:00:01.000>",
            "-",
            "--",
            "\0",
            "\n00:00:01.000 --> 00:00:02.000",
            "\n00:03.000 --> 00:01.000 align:start\n",
            "\n\n",
            "\r\n\r\n",
            "\nid\n00:01.000 -->00:02.000",
            "\n00:00:01.000 --> 00:00:02.000\ntext\n",
        ];
        let starts = [
            "WEBVTT\n",
            "WEBVTT\r\n",
            "WEBVTT\r",
            "WEBVTT ",
            "WEBVTT",
            "\u{feff}WEBVTT\n",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..4000 {
            let mut text = String::from(starts[round % starts.len()]);
            let len = next() % 60;
            for _ in 0..len {
                text.push_str(tokens[(next() % tokens.len() as u64) as usize]);
            }
            let Ok(parsed) = parse(&text) else {
                continue;
            };
            let mut track = parsed.track;
            assert_eq!(write(&track), text, "{text:?}");
            let mut dropped = Vec::new();
            for cue in &track.cues {
                let _ = to_rich(&track, cue, &mut dropped);
            }
            let before: Vec<(TimeSpan, CueMeta)> = track
                .cues
                .iter()
                .map(|c| (c.span(), c.meta().clone()))
                .collect();
            for (n, cue) in track.cues.iter_mut().enumerate() {
                if n % 2 == round % 2 {
                    cue.set_text(format!("edited {n}\n<i>x</i>"));
                }
            }
            let out = write(&track);
            let back = parse(&out).unwrap_or_else(|e| panic!("{text:?} → {out:?}: {e}"));
            let after: Vec<(TimeSpan, CueMeta)> = back
                .track
                .cues
                .iter()
                .map(|c| (c.span(), c.meta().clone()))
                .collect();
            assert_eq!(after, before, "{text:?} → {out:?}");
            for (a, b) in back.track.cues.iter().zip(&track.cues) {
                assert_eq!(a.text(), b.text(), "{text:?} → {out:?}");
            }
        }
    }

    #[test]
    fn line_scanner_matches_a_naive_scan() {
        let pieces = [
            "a", "-", "--", ">", "-->", "\n", "\r", "\r\n", "漢字", "xxxxxxx", " ",
        ];
        // Every sequence of up to four pieces, at every alignment.
        let mut inputs = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = inputs
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            inputs.extend(next);
        }
        for input in &inputs {
            for pad in 0..9 {
                let text = format!("{}{input}", "y".repeat(pad));
                let b = text.as_bytes();
                let line = read_line(b, pad);
                let end = b[pad..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .map_or(b.len(), |k| pad + k);
                assert_eq!(line.end, end, "{text:?}");
                assert_eq!(line.arrow, text[pad..end].contains("-->"), "{text:?}");
                assert_eq!(line.eof, end == b.len());
            }
        }
    }

    #[test]
    fn timestamps_follow_the_spec() {
        assert_eq!(ms("00:00:01.000"), Some(1000));
        assert_eq!(ms("01:02.003"), Some(62_003));
        assert_eq!(
            ms("1:00:00.000"),
            Some(3_600_000),
            "one-digit hours are hours"
        );
        assert_eq!(ms("100:00:00.000"), Some(360_000_000));
        assert_eq!(
            ms("60:00:00.000"),
            Some(216_000_000),
            "60 in front is hours"
        );
        assert_eq!(ms("00:60:00.000"), None);
        assert_eq!(ms("00:00:60.000"), None);
        assert_eq!(ms("00:59:59.999"), Some(3_599_999));
        for bad in [
            "00:00:00.00",
            "00:00:00.0000",
            "00:00:00",
            "00:00.",
            "0:00.000",
            "000:00.000",
            "00:0:00.000",
            "00:00:0.000",
            ":00.000",
            "",
            "-00:00.000",
            "00:00,000",
        ] {
            assert_eq!(ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn huge_hours_do_not_overflow() {
        assert_eq!(ms("99999999999999999999999:00:00.000"), None);
        assert_eq!(ms("10000:00:00.000"), None, "beyond MAX_MILLIS");
        assert_eq!(ms("9999:00:00.000"), Some(9_999 * 3_600_000));
        let parsed = parse("WEBVTT\n\n99999999999999999999:00:00.000 --> 00:01.000\nx\n").unwrap();
        assert!(parsed.track.cues.is_empty());
        assert_eq!(parsed.warnings[0].kind, WarningKind::SkippedBlock);
    }

    #[test]
    fn timing_lines_and_settings() {
        let t = timing(b"00:01.000 --> 00:02.000 line:0 align:start ").unwrap();
        assert_eq!((t.start.get(), t.end.get()), (1000, 2000));
        assert_eq!(
            &b"00:01.000 --> 00:02.000 line:0 align:start "[t.settings.0..t.settings.1],
            b"line:0 align:start"
        );
        let t = timing(b"\t00:01.000-->00:02.000").unwrap();
        assert_eq!(t.settings.0, t.settings.1);
        assert!(timing(b"00:01.000 -> 00:02.000").is_none());
        assert!(timing(b"00:01.000 --a 00:02.000").is_none());
        assert!(timing(b"00:01.000 -->").is_none());
        // No space needed before settings: the timestamp ends at its third fraction digit.
        let t = timing(b"00:01.000 --> 00:02.000x").unwrap();
        assert_eq!(t.settings, (23, 24));
    }

    #[test]
    fn signature() {
        assert!(looks_like("WEBVTT"));
        assert!(looks_like("\u{feff}WEBVTT\n"));
        assert!(looks_like("WEBVTT - title\r\n"));
        assert!(looks_like("WEBVTT\tx"));
        assert!(!looks_like("WEBVTTX"));
        assert!(!looks_like("WEBvtt\nWEBVTT\n"));
        assert!(!looks_like(" WEBVTT"));
        assert!(!looks_like("\u{feff}\u{feff}WEBVTT"));
        for bad in [
            "",
            "WEBVT",
            "WEBVTT\x0c",
            "1\n00:00:01,000 --> 00:00:02,000\n",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(
                (err.line, err.column, err.kind),
                (1, 1, ParseErrorKind::VttSignature)
            );
        }
    }

    #[test]
    fn blocks_identifiers_and_header() {
        let text = "WEBVTT - t\nKind: captions\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\n\nNOTE hi\n\nid 1\n00:01.000 --> 00:02.000 line:0\n<i>a</i>\nb\n\nNOTE x\n00:02.000 --> 00:03.000\nc\n";
        let parsed = parse(text).unwrap();
        let track = &parsed.track;
        let TrackHeader::Vtt(h) = track.header() else {
            panic!("no vtt header")
        };
        assert_eq!(h.header, " - t\nKind: captions");
        assert_eq!(h.styles, vec!["::cue { color: red }".to_owned()]);
        assert_eq!(h.regions, vec!["id:r".to_owned()]);
        assert_eq!(track.cues.len(), 2);
        assert_eq!(track.cues[0].text(), "<i>a</i>\nb");
        let CueMeta::Vtt(m) = track.cues[0].meta() else {
            panic!()
        };
        assert_eq!(m.identifier.as_deref(), Some("id 1"));
        assert_eq!(m.settings, "line:0");
        // A NOTE line followed by a timing line is an identifier, as in browsers.
        let CueMeta::Vtt(m) = track.cues[1].meta() else {
            panic!()
        };
        assert_eq!(m.identifier.as_deref(), Some("NOTE x"));
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(write(track), text);
    }

    #[test]
    fn skipped_blocks_are_kept_and_warned() {
        let text = "WEBVTT\n\ngarbage\n\n00:01.000 --> 00:02.000\na\n\n00:0x.000 --> 00:03.000\nbad\n\nSTYLE\n::cue {}\n\n00:03.000 --> 00:04.000\nb";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.track.cues.len(), 2);
        let lines: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![3, 8, 11]);
        assert!(
            parsed
                .warnings
                .iter()
                .all(|w| w.kind == WarningKind::SkippedBlock)
        );
        assert_eq!(write(&parsed.track), text);
        assert_eq!(parsed.track.cues[1].text(), "b");
    }

    #[test]
    fn end_before_start_becomes_empty() {
        let parsed = parse("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n").unwrap();
        let span = parsed.track.cues[0].span();
        assert_eq!((span.start().get(), span.end().get()), (2000, 2000));
        assert_eq!(
            parsed.warnings,
            vec![ParseWarning::new(3, 15, WarningKind::EndBeforeStart)]
        );
    }

    #[test]
    fn line_terminators() {
        let text = "WEBVTT\r\rcr\r00:00.000 --> 00:01.000\rtext0\r\rx\r\n00:01.000 --> 00:02.000\r\na\r\nb\r\n";
        let parsed = parse(text).unwrap();
        let track = &parsed.track;
        assert_eq!(track.line_ending, LineEnding::Cr);
        assert_eq!(track.cues.len(), 2);
        assert_eq!(track.cues[1].text(), "a\nb");
        assert_eq!(write(track), text);
        assert_eq!(
            cue_times("WEBVTT\n00:00.000 --> 00:01.000\nx"),
            vec![(0, 1000)]
        );
        assert_eq!(
            parse("WEBVTT\r\n").unwrap().track.line_ending,
            LineEnding::CrLf
        );
    }

    #[test]
    fn arrows_end_cues() {
        let text = "WEBVTT\n\n00:00.000 --> 00:01.000\na\nfoo-->\n00:01.000 --> 00:02.000\nb\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.track.cues.len(), 2);
        assert_eq!(parsed.track.cues[0].text(), "a");
        assert_eq!(
            parsed.track.cue_trailer(&parsed.track.cues[0]),
            Some("\nfoo-->\n")
        );
        assert_eq!(write(&parsed.track), text);
    }

    #[test]
    fn edits_are_written_canonically() {
        let text = "\u{feff}WEBVTT\r\n\r\n1\r\n00:01.000 --> 00:02.000 align:start\r\na\r\n\r\n00:03.000 --> 00:04.000\r\nb";
        let mut track = parse(text).unwrap().track;
        assert!(track.bom);
        track.cues[0].set_text("new\nlines");
        track.cues[1].set_text("last");
        let out = write(&track);
        assert_eq!(
            out,
            "\u{feff}WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000 align:start\r\nnew\r\nlines\r\n\r\n00:00:03.000 --> 00:00:04.000\r\nlast"
        );
        // A new cue after a last cue without final newline gets its own blank line.
        let span = TimeSpan::new(Millis::new(5000), Millis::new(6000)).unwrap();
        track.cues.push(Cue::new(span, "x\n\n-->y"));
        let out = write(&track);
        assert!(
            out.ends_with("last\r\n\r\n00:00:05.000 --> 00:00:06.000\r\nx\r\n--&gt;y\r\n"),
            "{out:?}"
        );
        let reparsed = parse(&out).unwrap().track;
        assert_eq!(reparsed.cues.len(), 3);
    }

    #[test]
    fn new_tracks_are_written_from_scratch() {
        let mut track = new_track();
        assert_eq!(write(&track), "WEBVTT\n");
        if let TrackHeader::Vtt(h) = track.header_mut() {
            h.header = "Kind: captions\nLanguage: en".to_owned();
            h.styles.push("::cue { color: red }".to_owned());
            h.regions.push("id:r\nwidth:40%".to_owned());
        }
        let span = TimeSpan::new(Millis::new(1000), Millis::new(2500)).unwrap();
        track
            .cues
            .push(Cue::new(span, "a").with_meta(CueMeta::Vtt(VttCueMeta {
                identifier: Some("one".to_owned()),
                settings: "line:0".to_owned(),
            })));
        track.cues.push(Cue::new(span, "b"));
        let out = write(&track);
        assert_eq!(
            out,
            "WEBVTT\nKind: captions\nLanguage: en\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\nwidth:40%\n\none\n00:00:01.000 --> 00:00:02.500 line:0\na\n\n00:00:01.000 --> 00:00:02.500\nb\n"
        );
        let back = parse(&out).unwrap();
        assert_eq!(back.track.cues.len(), 2);
        let TrackHeader::Vtt(h) = back.track.header() else {
            panic!()
        };
        assert_eq!(h.header, "\nKind: captions\nLanguage: en");

        // An edited header is written canonically; the cues keep their original bytes.
        let mut track = parse("WEBVTT - old\n\nNOTE x\n\n00:01.000 --> 00:02.000\na\n")
            .unwrap()
            .track;
        if let TrackHeader::Vtt(h) = track.header_mut() {
            h.header = " - new\nKind: captions".to_owned();
        }
        assert_eq!(
            write(&track),
            "WEBVTT - new\nKind: captions\n\n00:01.000 --> 00:02.000\na\n"
        );
        assert_eq!(h.styles.len(), 1);
        assert_eq!(h.regions.len(), 1);
    }

    #[test]
    fn rich_text_styles_and_drops() {
        let (rich, dropped) = rich_of(
            "<v Bob><i>Hi</i> <b.loud>there</b>\n<c.yellow>x</c>&amp;<ruby>漢<rt>kan</rt></ruby><00:00:01.000>y",
            "",
        );
        assert_eq!(rich.plain(), "Hi there\nx&漢y");
        assert_eq!(
            rich.lines[0][0],
            Run {
                italic: true,
                ..Run::plain("Hi")
            }
        );
        assert_eq!(
            rich.lines[0][2],
            Run {
                bold: true,
                ..Run::plain("there")
            }
        );
        for d in [
            Dropped::Voice,
            Dropped::Class,
            Dropped::Ruby,
            Dropped::InlineTimestamp,
        ] {
            assert!(dropped.contains(&d), "{d:?} in {dropped:?}");
        }
    }

    #[test]
    fn rich_text_tolerates_broken_markup() {
        for text in [
            "<",
            "<<",
            "</",
            "<i",
            "<i>unclosed",
            "</b>stray",
            "<i><b>x</i>y</b>z",
            "<rt>t",
            "a < b",
            "&",
            "<c.>",
            "<v>",
            "<>",
            "<00:00",
            "<ruby><rt>x</ruby>y",
        ] {
            let _ = rich_of(text, "line:abc position:x% size: align:");
        }
        let (rich, _) = rich_of("<i><b>x</i>y</b>z", "");
        // `</i>` does not match the current element `b` and is ignored, as in browsers.
        assert_eq!(
            rich.lines[0],
            vec![
                Run {
                    italic: true,
                    bold: true,
                    ..Run::plain("xy")
                },
                Run {
                    italic: true,
                    ..Run::plain("z")
                },
            ]
        );
        let (rich, _) = rich_of("a<c></\nc>x", "");
        assert_eq!(
            rich.plain(),
            "ax",
            "a newline inside a tag is not a line break"
        );
        let deep = "<i>".repeat(10_000) + "x";
        assert_eq!(rich_of(&deep, "").0.plain(), "x");
    }

    #[test]
    fn placement_from_settings() {
        let place = |s: &str| {
            let mut d = Vec::new();
            (settings_placement(s, &mut d), d)
        };
        assert_eq!(place(""), (Placement::Bottom, vec![]));
        assert_eq!(place("line:0"), (Placement::Top, vec![]));
        assert_eq!(place("line:0%"), (Placement::Top, vec![]));
        assert_eq!(place("line:20%"), (Placement::Top, vec![Dropped::Position]));
        assert_eq!(place("line:2"), (Placement::Top, vec![Dropped::Position]));
        assert_eq!(place("line:50%"), (Placement::Middle, vec![]));
        assert_eq!(place("line:45%,center").0, Placement::Middle);
        assert_eq!(place("line:-1"), (Placement::Bottom, vec![]));
        assert_eq!(place("line:-3").0, Placement::Bottom);
        assert_eq!(place("line:12").0, Placement::Bottom);
        assert_eq!(place("line:90%").0, Placement::Bottom);
        assert_eq!(place("line:abc"), (Placement::Bottom, vec![]));
        assert_eq!(place("line:150%"), (Placement::Bottom, vec![]));
        assert_eq!(
            place("align:center position:50% size:100%"),
            (Placement::Bottom, vec![])
        );
        assert_eq!(
            place("align:start position:0%"),
            (
                Placement::Bottom,
                vec![Dropped::HorizontalAlignment, Dropped::Position]
            )
        );
        assert_eq!(place("size:50%").1, vec![Dropped::Position]);
        assert_eq!(place("region:fred").1, vec![Dropped::Style]);
    }

    #[test]
    fn rich_round_trip() {
        for (text, settings, placement) in [
            ("<i>a</i> b\n<b>c <u>d</u></b>", "line:0", Placement::Top),
            ("1 &lt; 2 &amp; 3", "line:50%", Placement::Middle),
            ("<b><i>x</i></b>", "", Placement::Bottom),
        ] {
            let (rich, _) = rich_of(text, settings);
            assert_eq!(rich.placement, placement);
            let (out, meta) = from_rich(&rich);
            assert_eq!(out, text);
            let CueMeta::Vtt(m) = &meta else { panic!() };
            assert_eq!(m.settings, settings);
            let (again, dropped) = rich_of(&out, &m.settings);
            assert_eq!(again, rich);
            assert!(dropped.is_empty(), "{dropped:?}");
        }
        let rich = RichText {
            lines: vec![vec![
                Run {
                    bold: true,
                    ..Run::plain("a")
                },
                Run {
                    bold: true,
                    italic: true,
                    ..Run::plain("b")
                },
                Run {
                    italic: true,
                    ..Run::plain("<c>")
                },
            ]],
            placement: Placement::Bottom,
        };
        let (out, _) = from_rich(&rich);
        assert_eq!(out, "<b>a<i>b</i></b><i>&lt;c&gt;</i>");
        assert_eq!(rich_of(&out, "").0, rich);
    }
}
