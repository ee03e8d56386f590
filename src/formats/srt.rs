//! SubRip (`.srt`): reader and writer.
//!
//! SRT has no formal standard. The de-facto form is a counter line, a timing line
//! `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, and a blank line. Real files are sloppy, so the
//! reader accepts, with a warning: missing counters, counters out of order, `.` before the
//! milliseconds, one- and two-digit fractions (`,5` is 500 ms, `,04` is 40 ms), timestamps
//! without a fraction, coordinates after the end time, CR-only or mixed line endings, a
//! missing final blank line, and blank lines inside a cue's text. It refuses what would change
//! meaning: unreadable timestamps, a counter line with no timing line after it, fractions
//! with more than three digits, minutes or seconds above 59, and text before the first cue.

use std::sync::Arc;

use super::lines::{Line, Lines, column, ensure_blank_line};
use super::markup::{Dropped, Placement, RichText, Run};
use super::{ParseError, ParseErrorKind, ParseWarning, Parsed, WarningKind};
use crate::model::{
    Cue, CueMeta, Format, LineEnding, Millis, SourceRange, SrtCueMeta, SubtitleTrack, TimeSpan,
};

/// Lenient readings applied to a timestamp.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
struct Leniency {
    dot: bool,
    short_fraction: bool,
    no_fraction: bool,
}

impl Leniency {
    fn merge(self, o: Leniency) -> Leniency {
        Leniency {
            dot: self.dot || o.dot,
            short_fraction: self.short_fraction || o.short_fraction,
            no_fraction: self.no_fraction || o.no_fraction,
        }
    }
}

/// Read up to `max` ASCII digits at `*pos`; `None` when there is none.
fn digits(b: &[u8], pos: &mut usize, max: usize) -> Option<(u64, usize)> {
    let start = *pos;
    let mut value: u64 = 0;
    while *pos < b.len() && b[*pos].is_ascii_digit() {
        if *pos - start == max {
            return None;
        }
        value = value * 10 + u64::from(b[*pos] - b'0');
        *pos += 1;
    }
    let n = *pos - start;
    (n > 0).then_some((value, n))
}

/// Parse one timestamp at the start of `b`; returns the time, bytes used and leniencies.
fn timestamp(b: &[u8]) -> Option<(Millis, usize, Leniency)> {
    let mut p = 0;
    let mut len = Leniency::default();
    let (h, _) = digits(b, &mut p, 6)?;
    if b.get(p) != Some(&b':') {
        return None;
    }
    p += 1;
    let (m, _) = digits(b, &mut p, 2)?;
    if b.get(p) != Some(&b':') {
        return None;
    }
    p += 1;
    let (s, _) = digits(b, &mut p, 2)?;
    if m > 59 || s > 59 {
        return None;
    }
    let mut ms = 0;
    match b.get(p) {
        Some(&sep @ (b',' | b'.')) => {
            p += 1;
            len.dot = sep == b'.';
            let (f, n) = digits(b, &mut p, 3)?;
            ms = match n {
                1 => f * 100,
                2 => f * 10,
                _ => f,
            };
            len.short_fraction = n < 3;
        }
        _ => len.no_fraction = true,
    }
    // A timestamp must end here: at the end, at whitespace, or at the arrow.
    if let Some(&c) = b.get(p)
        && !(c == b' ' || c == b'\t' || c == b'-')
    {
        return None;
    }
    Some((Millis::from_hmsm(h, m, s, ms)?, p, len))
}

struct Timing<'a> {
    span: TimeSpan,
    coordinates: &'a str,
    leniency: Leniency,
}

/// `Ok(None)`: not a timing line. `Err`: a line that is meant as timing but cannot be read.
fn timing_line<'a>(text: &'a str, line: Line) -> Result<Option<Timing<'a>>, ParseError> {
    let s = &text[line.start..line.end];
    let b = s.as_bytes();
    let Some((arrow, arrow_end)) = find_arrow(s) else {
        return Ok(None);
    };
    let lead = b.iter().take_while(|c| **c == b' ' || **c == b'\t').count();
    if !b.get(lead).is_some_and(u8::is_ascii_digit) {
        return Ok(None);
    }
    let bad = |at: usize, found: &str| {
        ParseError::new(
            line.number,
            column(text, line, line.start + at),
            ParseErrorKind::BadTimestamp {
                found: found.trim().to_owned(),
            },
        )
    };
    let left = &s[lead..arrow];
    let (start, used, l1) = timestamp(left.as_bytes()).ok_or_else(|| bad(lead, left))?;
    if !left[used..].trim().is_empty() {
        return Err(bad(lead, left));
    }
    let after = arrow_end;
    let rest = &s[after..];
    let skip = rest.len() - rest.trim_start().len();
    let right = &rest[skip..];
    let (end, used, l2) = timestamp(right.as_bytes()).ok_or_else(|| {
        let token = right.split_whitespace().next().unwrap_or("");
        bad(after + skip, token)
    })?;
    let coordinates = right[used..].trim();
    let span = TimeSpan::new(start, end).map_err(|_| {
        ParseError::new(
            line.number,
            column(text, line, line.start + after + skip),
            ParseErrorKind::EndBeforeStart { start, end },
        )
    })?;
    Ok(Some(Timing {
        span,
        coordinates,
        leniency: l1.merge(l2),
    }))
}

/// The arrow between the timestamps: `-->`, and the damaged forms real files contain
/// (`->`, `- >`, `--- >`). Returns its byte range.
fn find_arrow(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'-', &b[from..]).map(|i| i + from) {
        let mut j = i;
        while j < b.len() && b[j] == b'-' {
            j += 1;
        }
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if b.get(j) == Some(&b'>') {
            return Some((i, j + 1));
        }
        from = j.max(i + 1);
    }
    None
}

fn is_blank(text: &str, line: Line) -> bool {
    text[line.start..line.end]
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
}

/// The counter on a line (digits, optionally surrounded by spaces or tabs).
fn index_of(text: &str, line: Line) -> Option<&str> {
    let s = text[line.start..line.end].trim_matches([' ', '\t']);
    (!s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// The counter and timing lines that open a cue.
struct Header<'a> {
    block: Line,
    index: Option<&'a str>,
    timing: Timing<'a>,
    timing_line: Line,
    /// The lines after the timing line.
    rest: Lines<'a>,
}

/// The cue header starting at `line` (`after` yields the lines that follow it), if one does.
fn header_at<'a>(
    text: &'a str,
    line: Line,
    after: &Lines<'a>,
) -> Result<Option<Header<'a>>, ParseError> {
    // Counters and timing lines both start with a digit: most text lines stop here.
    let first = text[line.start..line.end]
        .bytes()
        .find(|b| *b != b' ' && *b != b'\t');
    if !first.is_some_and(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    // A counter line is all digits: no need to look for an arrow in it.
    let index = index_of(text, line);
    if index.is_none()
        && let Some(timing) = timing_line(text, line)?
    {
        return Ok(Some(Header {
            block: line,
            index: None,
            timing,
            timing_line: line,
            rest: after.clone(),
        }));
    }
    if let Some(index) = index {
        let mut rest = after.clone();
        if let Some(next) = rest.next()
            && let Some(timing) = timing_line(text, next)?
        {
            return Ok(Some(Header {
                block: line,
                index: Some(index),
                timing,
                timing_line: next,
                rest,
            }));
        }
    }
    Ok(None)
}

/// Parse SubRip text. A leading U+FEFF is taken as a byte order mark.
pub fn parse(input: &str) -> Result<Parsed, ParseError> {
    let (text, bom) = match input.strip_prefix('\u{feff}') {
        Some(t) => (t, true),
        None => (input, false),
    };
    let mut warnings = Vec::new();
    let mut seen = [false; 4];
    let mut warn = |w: ParseWarning, slot: usize, warnings: &mut Vec<ParseWarning>| {
        // One warning of each kind per file: the first place it happens.
        if !seen[slot] {
            seen[slot] = true;
            warnings.push(w);
        }
    };

    let mut lines = Lines::new(text);
    let mut cues: Vec<Cue> = Vec::new();
    let mut preamble_end = 0;
    let first = loop {
        match lines.next() {
            Some(l) if is_blank(text, l) => preamble_end = l.next,
            Some(l) => break Some(l),
            None => break None,
        }
    };
    let Some(first) = first else {
        return Err(ParseError::new(1, 1, ParseErrorKind::Empty));
    };
    let Some(header) = header_at(text, first, &lines)? else {
        let line = if index_of(text, first).is_some() {
            first.number + 1
        } else {
            first.number
        };
        return Err(ParseError::new(line, 1, ParseErrorKind::MissingTiming));
    };
    let mut current = Some(header);
    let mut prev_index: Option<u64> = None;
    cues.reserve(text.len() / 48);

    while let Some(header) = current.take() {
        let Header {
            block,
            index,
            timing,
            timing_line: timing_line_at,
            rest,
        } = header;
        lines = rest;
        let at = |slot| ParseWarning::new(timing_line_at.number, 1, slot);
        let raw_timing = &text[timing_line_at.start..timing_line_at.end];
        if timing.leniency.dot {
            warn(at(WarningKind::DotBeforeMillis), 0, &mut warnings);
        }
        if timing.leniency.short_fraction {
            warn(
                at(WarningKind::ShortFraction {
                    found: raw_timing.trim().to_owned(),
                }),
                1,
                &mut warnings,
            );
        }
        if timing.leniency.no_fraction {
            warn(
                at(WarningKind::MissingFraction {
                    found: raw_timing.trim().to_owned(),
                }),
                2,
                &mut warnings,
            );
        }
        if let Some(idx) = index {
            let n: Option<u64> = idx.parse().ok();
            if let (Some(p), Some(n)) = (prev_index, n)
                && p.checked_add(1) != Some(n)
            {
                warn(
                    ParseWarning::new(
                        block.number,
                        1,
                        WarningKind::IndexOutOfOrder {
                            found: idx.to_owned(),
                        },
                    ),
                    3,
                    &mut warnings,
                );
            }
            prev_index = n;
        }

        // Text lines up to a blank line that is followed by the next cue (or the end).
        let mut body = TextLines::default();
        let mut trailer_start: Option<usize> = None;
        while let Some(line) = lines.next() {
            if is_blank(text, line) {
                let mut look = lines.clone();
                let next = loop {
                    match look.next() {
                        Some(l) if is_blank(text, l) => {}
                        other => break other,
                    }
                };
                match next {
                    None => {
                        trailer_start = Some(line.start);
                        break;
                    }
                    Some(n) => {
                        if let Some(h) = header_at(text, n, &look)? {
                            trailer_start = Some(line.start);
                            current = Some(h);
                            break;
                        }
                        if index_of(text, n).is_some() {
                            // A counter after a blank line with no timing under it.
                            return Err(ParseError::new(
                                n.number + 1,
                                1,
                                ParseErrorKind::MissingTiming,
                            ));
                        }
                        // A blank line inside the text.
                        body.push(n);
                        lines = look;
                    }
                }
            } else if let Some(h) = header_at(text, line, &lines)?
                && h.index.is_none()
            {
                // The next cue begins without a blank line; its counter may be our last line.
                let mut h = h;
                if body.count > 1
                    && let Some(last) = body.last
                    && let Some(idx) = index_of(text, last)
                {
                    body.last = body.before_last;
                    h.block = last;
                    h.index = Some(idx);
                }
                trailer_start = Some(h.block.start);
                current = Some(h);
                break;
            } else {
                body.push(line);
            }
        }

        let source_end = body.last.map_or(timing_line_at.next, |l| l.next);
        let source_end = trailer_start.map_or(source_end, |t| source_end.min(t));
        let trailer_end = current.as_ref().map_or(text.len(), |h| h.block.start);
        let cue_text = body.join(text);
        let meta = SrtCueMeta {
            index: index.and_then(|i| i.parse().ok()),
            coordinates: (!timing.coordinates.is_empty()).then(|| timing.coordinates.to_owned()),
        };
        let source = SourceRange::new(block.start, source_end);
        let trailer = SourceRange::new(source_end, trailer_end.max(source_end));
        cues.push(
            Cue::new(timing.span, cue_text)
                .with_meta(CueMeta::Srt(meta))
                .with_source(source, Some(trailer)),
        );
    }

    let mut track = SubtitleTrack::new(Format::Srt).with_source(
        Arc::from(text),
        SourceRange::new(0, preamble_end.min(first.start)),
    );
    track.bom = bom;
    track.line_ending = LineEnding::detect(text);
    track.cues = cues;
    Ok(Parsed { track, warnings })
}

/// The text lines of a cue: first and last line (blank lines between them belong to the text).
#[derive(Default)]
struct TextLines {
    first: Option<Line>,
    last: Option<Line>,
    before_last: Option<Line>,
    count: usize,
}

impl TextLines {
    fn push(&mut self, line: Line) {
        self.first.get_or_insert(line);
        self.before_last = self.last;
        self.last = Some(line);
        self.count += 1;
    }

    /// The text with lines joined by `\n`.
    fn join(&self, text: &str) -> String {
        let (Some(first), Some(last)) = (self.first, self.last) else {
            return String::new();
        };
        let whole = &text[first.start..last.end];
        if !whole.contains('\r') {
            return whole.to_owned();
        }
        let mut out = String::with_capacity(whole.len());
        for (i, l) in Lines::new(whole).enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&whole[l.start..l.end]);
        }
        out
    }
}

/// `HH:MM:SS,mmm`.
pub fn format_time(t: Millis, out: &mut String) {
    use std::fmt::Write;
    let (h, m, s, ms) = t.hmsm();
    let _ = write!(out, "{h:02}:{m:02}:{s:02},{ms:03}");
}

/// Write a track as SubRip; unedited cues are copied byte for byte.
pub fn write(track: &SubtitleTrack) -> String {
    let le = track.line_ending.as_str();
    let mut out = String::with_capacity(track.source().map_or(track.cues.len() * 64, str::len) + 4);
    if track.bom {
        out.push('\u{feff}');
    }
    if let Some(pre) = track.preamble_text() {
        out.push_str(pre);
    }
    for (i, cue) in track.cues.iter().enumerate() {
        match track.cue_source(cue) {
            Some(raw) => out.push_str(raw),
            None => {
                ensure_blank_line(&mut out, le);
                write_cue(cue, i + 1, le, &mut out);
            }
        }
        if let Some(trailer) = track.cue_trailer(cue) {
            out.push_str(trailer);
        }
    }
    out
}

fn write_cue(cue: &Cue, position: usize, le: &str, out: &mut String) {
    let meta = match cue.meta() {
        CueMeta::Srt(m) => Some(m),
        _ => None,
    };
    let index = meta.and_then(|m| m.index).unwrap_or(position as u64);
    out.push_str(&index.to_string());
    out.push_str(le);
    format_time(cue.span().start(), out);
    out.push_str(" --> ");
    format_time(cue.span().end(), out);
    if let Some(c) = meta.and_then(|m| m.coordinates.as_deref()) {
        out.push(' ');
        out.push_str(c);
    }
    out.push_str(le);
    for line in cue.lines() {
        out.push_str(line);
        out.push_str(le);
    }
}

/// Whether the text starts like SubRip: a timing line, or a counter followed by one.
pub fn looks_like(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Lines::new(text);
    let first = loop {
        match lines.next() {
            Some(l) if is_blank(text, l) => continue,
            other => break other,
        }
    };
    let Some(first) = first else { return false };
    header_at(text, first, &lines).map_or(true, |h| h.is_some())
}

pub fn new_track() -> SubtitleTrack {
    SubtitleTrack::new(Format::Srt)
}

/// SRT markup: `<i>`, `<b>`, `<u>`, `<s>`, `<font …>` and ASS-style `{\an8}` blocks.
pub fn to_rich(_track: &SubtitleTrack, cue: &Cue, dropped: &mut Vec<Dropped>) -> RichText {
    let mut rich = RichText::default();
    let (mut italic, mut bold, mut underline) = (0u32, 0u32, 0u32);
    for line in cue.lines() {
        let mut runs: Vec<Run> = Vec::new();
        let mut buf = String::new();
        let mut rest = line;
        let flush = |buf: &mut String, runs: &mut Vec<Run>, i: u32, b: u32, u: u32| {
            if !buf.is_empty() {
                runs.push(Run {
                    text: std::mem::take(buf),
                    italic: i > 0,
                    bold: b > 0,
                    underline: u > 0,
                });
            }
        };
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(close) = closing_at(rest, '<', '>')
            {
                let tag = rest[1..close].trim().to_ascii_lowercase();
                let (closing, name) = match tag.strip_prefix('/') {
                    Some(n) => (true, n.trim()),
                    None => (false, tag.as_str()),
                };
                let name = name
                    .split(|ch: char| ch.is_whitespace() || ch == '=')
                    .next()
                    .unwrap_or("");
                let known = matches!(name, "i" | "b" | "u" | "s" | "font");
                if known {
                    flush(&mut buf, &mut runs, italic, bold, underline);
                    let counter = match name {
                        "i" => Some(&mut italic),
                        "b" => Some(&mut bold),
                        "u" => Some(&mut underline),
                        "s" => {
                            dropped.push(Dropped::Strikeout);
                            None
                        }
                        _ => {
                            dropped.push(if tag.contains("face") {
                                Dropped::Font
                            } else {
                                Dropped::Color
                            });
                            None
                        }
                    };
                    if let Some(counter) = counter {
                        *counter = if closing {
                            counter.saturating_sub(1)
                        } else {
                            counter.saturating_add(1)
                        };
                    }
                    rest = &rest[close + 1..];
                    continue;
                }
            }
            if c == '{'
                && rest.starts_with("{\\")
                && let Some(close) = closing_at(rest, '{', '}')
            {
                let block = &rest[1..close];
                for tag in block.split('\\').filter(|t| !t.is_empty()) {
                    let an = tag
                        .strip_prefix("an")
                        .and_then(|d| d.trim().parse::<u8>().ok());
                    match an {
                        Some(7..=9) => rich.placement = Placement::Top,
                        Some(4..=6) => rich.placement = Placement::Middle,
                        Some(1..=3) => rich.placement = Placement::Bottom,
                        _ => dropped.push(Dropped::Position),
                    }
                    if matches!(an, Some(1 | 3 | 4 | 6 | 7 | 9)) {
                        dropped.push(Dropped::HorizontalAlignment);
                    }
                }
                rest = &rest[close + 1..];
                continue;
            }
            buf.push(c);
            rest = &rest[c.len_utf8()..];
        }
        flush(&mut buf, &mut runs, italic, bold, underline);
        rich.lines.push(runs);
    }
    rich.normalize()
}

/// Where the tag opened at the start of `s` closes: the first `close` before any other `open`.
/// Stopping at the next `open` keeps scanning linear on text full of unclosed `<` or `{`.
fn closing_at(s: &str, open: char, close: char) -> Option<usize> {
    let i = s[1..].find([open, close])? + 1;
    s[i..].starts_with(close).then_some(i)
}

/// SRT text for rich text: `{\an8}` for top placement, `<i>`/`<b>`/`<u>` for styles.
pub fn from_rich(rich: &RichText) -> (String, CueMeta) {
    let mut out = String::new();
    match rich.placement {
        Placement::Top => out.push_str("{\\an8}"),
        Placement::Middle => out.push_str("{\\an5}"),
        Placement::Bottom => {}
    }
    for (i, line) in rich.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for run in line {
            let tags: Vec<&str> = [(run.bold, "b"), (run.italic, "i"), (run.underline, "u")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, t)| *t)
                .collect();
            for t in &tags {
                out.push('<');
                out.push_str(t);
                out.push('>');
            }
            out.push_str(&run.text);
            for t in tags.iter().rev() {
                out.push_str("</");
                out.push_str(t);
                out.push('>');
            }
        }
    }
    (out, CueMeta::Srt(SrtCueMeta::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(s: &str) -> Vec<(i64, i64, String)> {
        parse(s)
            .unwrap()
            .track
            .cues
            .iter()
            .map(|c| {
                (
                    c.span().start().get(),
                    c.span().end().get(),
                    c.text().to_owned(),
                )
            })
            .collect()
    }

    fn round_trip(s: &str) {
        let p = parse(s).unwrap();
        assert_eq!(write(&p.track), s, "round trip of {s:?}");
    }

    #[test]
    fn basic_and_round_trip() {
        let s = "1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>Bye</i>\n";
        assert_eq!(
            cues(s),
            vec![
                (1000, 2500, "Hello\nworld".into()),
                (3000, 4000, "<i>Bye</i>".into())
            ]
        );
        round_trip(s);
        round_trip(
            "\u{feff}1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nB",
        );
        round_trip("\n\n1\r00:00:01,000 --> 00:00:02,000\rA\r\r\r");
    }

    #[test]
    fn lenient_forms() {
        let p = parse("1\n00:00:01,5 --> 00:00:02.25\nx\n").unwrap();
        let c = &p.track.cues[0];
        assert_eq!((c.span().start().get(), c.span().end().get()), (1500, 2250));
        let kinds: Vec<_> = p
            .warnings
            .iter()
            .map(|w| std::mem::discriminant(&w.kind))
            .collect();
        assert!(kinds.contains(&std::mem::discriminant(&WarningKind::DotBeforeMillis)));
        assert_eq!(cues("00:00:01 --> 00:00:02\nno index\n")[0].0, 1000);
        assert_eq!(
            cues("1\n0:00:01,000 --> 0:00:02,000 X1:10 X2:20\nx")[0].1,
            2000
        );
        // Blank line inside text.
        assert_eq!(
            cues(
                "1\n00:00:01,000 --> 00:00:02,000\na\n\nb\n\n2\n00:00:03,000 --> 00:00:04,000\nc\n"
            )
            .len(),
            2
        );
        // No blank line between cues.
        let c = cues("1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n");
        assert_eq!(c, vec![(1000, 2000, "a".into()), (3000, 4000, "b".into())]);
        round_trip("1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n");
    }

    #[test]
    fn strict_forms() {
        let e = |s: &str| parse(s).unwrap_err();
        assert_eq!(e("").kind, ParseErrorKind::Empty);
        assert_eq!(e("some text").kind, ParseErrorKind::MissingTiming);
        assert!(matches!(
            e("1\n00:00:01,0000 --> 00:00:02,000\nx").kind,
            ParseErrorKind::BadTimestamp { .. }
        ));
        assert!(matches!(
            e("1\n00:00:99999999999999999999,000 --> 00:00:01,000\nx").kind,
            ParseErrorKind::BadTimestamp { .. }
        ));
        assert!(matches!(
            e("1\n9999999999999999:00:00,000 --> 00:00:01,000\nx").kind,
            ParseErrorKind::BadTimestamp { .. }
        ));
        assert!(matches!(
            e("1\n-00:00:01,000 --> 00:00:02,000\nx").kind,
            ParseErrorKind::MissingTiming
        ));
        assert!(matches!(
            e("1\n00:00:02,000 --> 00:00:01,000\nx").kind,
            ParseErrorKind::EndBeforeStart { .. }
        ));
        assert!(matches!(
            e("1\n00:61:00,000 --> 00:62:00,000\nx").kind,
            ParseErrorKind::BadTimestamp { .. }
        ));
        let err = e("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\nno timing\n");
        assert_eq!((err.line, err.kind), (6, ParseErrorKind::MissingTiming));
        let err = e("1\n00:00:01,000 --> 00:0x:02,000\na\n");
        assert_eq!((err.line, err.column), (2, 18));
    }

    #[test]
    fn edited_cue_is_canonical_and_others_untouched() {
        let s = "1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:03.000 --> 00:00:04.000\r\nB\r\n";
        let mut t = parse(s).unwrap().track;
        t.cues[1].set_text("B2\nline");
        assert_eq!(
            write(&t),
            "1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nB2\r\nline\r\n"
        );
        let mut t = parse("1\n00:00:01,000 --> 00:00:02,000\nA").unwrap().track;
        let span = t.cues[0].span();
        t.cues.push(Cue::new(span, "new"));
        assert_eq!(
            write(&t),
            "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:01,000 --> 00:00:02,000\nnew\n"
        );
    }

    #[test]
    fn rich_round_trip() {
        let t = new_track();
        let cue = Cue::new(
            TimeSpan::new(Millis::new(0), Millis::new(1)).unwrap(),
            "{\\an8}<i>Hi</i> <b>there</b>\nnext",
        );
        let mut dropped = Vec::new();
        let rich = to_rich(&t, &cue, &mut dropped);
        assert_eq!(rich.placement, Placement::Top);
        assert!(dropped.is_empty());
        assert_eq!(rich.plain(), "Hi there\nnext");
        let (text, _) = from_rich(&rich);
        assert_eq!(text, "{\\an8}<i>Hi</i> <b>there</b>\nnext");
    }

    #[test]
    fn detection() {
        assert!(looks_like("\u{feff}1\n00:00:01,000 --> 00:00:02,000\nx"));
        assert!(looks_like("\n00:00:01,000 --> 00:00:02,000\nx"));
        assert!(!looks_like("WEBVTT\n\n00:01.000 --> 00:02.000\nx"));
        assert!(!looks_like("hello"));
    }
}
