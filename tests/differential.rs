//! Differential test of the SRT and ASS readers against `subparse` 0.7, the reference parser
//! named in the project brief (DESIGN.md §5, anchors.md §3).
//!
//! Wherever subparse accepts an input, dramaloc must accept it too and read the same cues:
//! count, start and end in milliseconds, and text. Where they differ, the difference must be
//! explained by one of subparse's known defects ([`KnownDefect`]), and only where the input
//! actually contains what triggers that defect: each explanation is checked against the input
//! (a time is explained only if re-reading that very timestamp the defective way gives
//! subparse's value and the correct way gives ours). Anything else fails the test.
//!
//! Inputs: every SRT/ASS file of the third-party corpus, every sample file, generated files
//! (valid, with random lenient forms) and mutated files from `mutation.rs`'s generator. The
//! test prints how many were compared, agreed, and differed per known defect.
//!
//! What is compared, and why:
//! - Cues: subparse returns SRT cues and ASS `Dialogue:` events; dramaloc's ASS `Comment:`
//!   events (kept for round trips, never displayed) are left out.
//! - Times: milliseconds, exactly.
//! - Text: subparse trims every SRT text line and ends a cue at any line that is blank after
//!   Unicode trimming; it splits lines on LF and CRLF only, dramaloc also on a lone CR. So SRT
//!   texts are compared line by line, split on any line terminator, each line trimmed, leading
//!   and trailing empty lines dropped (inner ones kept). ASS text is the raw last field in
//!   subparse; it is compared exactly after subparse's `\N` is read as a line break, the way
//!   dramaloc stores it.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use dramaloc::formats::lines::Lines;
use dramaloc::formats::{self, Format, ParseError, ParseErrorKind, encoding};
use dramaloc::model::time::MAX_MILLIS;
use dramaloc::model::{AssEventKind, CueMeta};
use subparse::{SrtFile, SsaFile, SubtitleFileInterface};

use crate::mutation::{Rng, Seed, escaped, guarded, mutated_input, sample_files, seeds};
use crate::support::corpus_files;

/// Generated and mutated inputs per format.
const GENERATED: usize = 2_000;
const MUTATED: usize = 3_000;
const SEED: u64 = 0x7375_6270_6172_7365; // "subparse"

/// A known defect of subparse 0.7 that explains a difference from dramaloc (one variant,
/// `CounterReadAsText`, is a deliberate dramaloc rule instead; its description says so).
/// Each is applied only where its trigger is in the input: timestamps it misreads (checked
/// value by value), the line dramaloc's error points at, or the text lines concerned.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum KnownDefect {
    SrtShortFraction,
    AssFractionAsCentiseconds,
    FieldOutOfForm,
    LongFraction,
    HugeTime,
    SignedField,
    NoSpanOrderCheck,
    TimingLineReadAsText,
    DamagedTimingLineReadAsText,
    EmptyFileAccepted,
    CounterReadAsText,
    LoneCrInsideLine,
    ShortEventLine,
    CommentEventsIgnored,
    FormatLineByLf,
}

impl KnownDefect {
    const ALL: [KnownDefect; 15] = [
        KnownDefect::SrtShortFraction,
        KnownDefect::AssFractionAsCentiseconds,
        KnownDefect::FieldOutOfForm,
        KnownDefect::LongFraction,
        KnownDefect::HugeTime,
        KnownDefect::SignedField,
        KnownDefect::NoSpanOrderCheck,
        KnownDefect::TimingLineReadAsText,
        KnownDefect::DamagedTimingLineReadAsText,
        KnownDefect::EmptyFileAccepted,
        KnownDefect::CounterReadAsText,
        KnownDefect::LoneCrInsideLine,
        KnownDefect::ShortEventLine,
        KnownDefect::CommentEventsIgnored,
        KnownDefect::FormatLineByLf,
    ];

    fn description(self) -> &'static str {
        match self {
            KnownDefect::SrtShortFraction => {
                "SRT `00:00:01,5` is read as 1.005 s: subparse adds the fraction digits as \
                 milliseconds whatever their count (anchors.md §3.2); dramaloc reads 1.500 s \
                 with a `short-fraction` warning"
            }
            KnownDefect::AssFractionAsCentiseconds => {
                "ASS fractions are always read as centiseconds: `0:00:01.5` is 1.050 s and \
                 `0:00:01.500` is 6.000 s in subparse (anchors.md §3.2); dramaloc reads the \
                 digits as a decimal fraction"
            }
            KnownDefect::FieldOutOfForm => {
                "minutes or seconds above 59 or written with more than two digits are \
                 accepted and carried (`00:75:00` is 1:15:00, `00:00:005` is 5 s); dramaloc \
                 refuses the timestamp, since the meaning is unclear"
            }
            KnownDefect::LongFraction => {
                "a fraction of more than three digits is added as milliseconds (`,1234` is \
                 +1.234 s); dramaloc refuses the timestamp"
            }
            KnownDefect::HugeTime => {
                "hours of any size are accepted until the i64 arithmetic overflows (P1/P5); \
                 dramaloc refuses hours beyond 6 digits and times beyond its maximum"
            }
            KnownDefect::SignedField => {
                "a minus sign is accepted in any timestamp field (`-00:00:01,000` is +1 s, \
                 anchors.md §3.2); dramaloc refuses negative times"
            }
            KnownDefect::NoSpanOrderCheck => {
                "a cue that ends before it starts is accepted silently; dramaloc refuses it \
                 (`end-before-start`), as DESIGN.md §5 requires"
            }
            KnownDefect::TimingLineReadAsText => {
                "without a blank line between two SRT cues, subparse reads the next counter \
                 and timing line as text of the previous cue; dramaloc starts a new cue at a \
                 timing line"
            }
            KnownDefect::DamagedTimingLineReadAsText => {
                "a damaged timing line inside a cue (`0:44,900 --> 00:00:49,200`, \
                 `00:00:01,000 --> 00:00:02,000Text`) is read by subparse as text of the \
                 previous cue; dramaloc refuses it with its position (`bad-timestamp`) because \
                 a cue would be lost"
            }
            KnownDefect::EmptyFileAccepted => {
                "a file without any cue (empty or blank) is accepted as an empty track; \
                 dramaloc reports `parse-error-empty`"
            }
            KnownDefect::CounterReadAsText => {
                "dramaloc's rule, not a subparse defect: a counter is at most 18 ASCII digits \
                 with optional spaces or tabs around them; subparse trims any Unicode \
                 whitespace and parses an i64, so a counter such as `0000000000000000000001`, \
                 `-1` or `\\u{a0}18` is a counter to subparse and text of the previous cue to \
                 dramaloc"
            }
            KnownDefect::LoneCrInsideLine => {
                "subparse splits SRT lines on LF and CRLF only: a lone CR stays inside a line \
                 and is trimmed away at its ends (anchors.md §3.2: CR-only files are \
                 rejected); dramaloc takes a lone CR as a line break, so its text has an \
                 empty line where subparse's has none, or, when that empty line ends a cue, \
                 the lines after it are a cue without timing to dramaloc (refused) and text \
                 of the cue to subparse"
            }
            KnownDefect::ShortEventLine => {
                "an ASS `Dialogue:` line with fewer fields than the `Format:` line names is \
                 accepted, the text being whatever follows the last comma (P3 panics when \
                 Start or End is among the missing); dramaloc refuses it (`ass-field-count`)"
            }
            KnownDefect::CommentEventsIgnored => {
                "subparse skips ASS `Comment:` events without reading them; dramaloc reads \
                 them (they are kept for round trips) and refuses a damaged one"
            }
            KnownDefect::FormatLineByLf => {
                "subparse finds the `[Events]` `Format:` line splitting lines on LF only but \
                 reads events splitting on CR too, and applies that one `Format:` line to every \
                 event; with lone CRs or several `Format:` lines it pairs events with another \
                 `Format:` line than the one dramaloc uses (the last before the event)"
            }
        }
    }
}

/// A cue as compared: times in ms and normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    start: i64,
    end: i64,
    text: String,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    Srt,
    Ass,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Srt => "SRT",
            Kind::Ass => "ASS",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading with both parsers

/// subparse's cues, `Err` when it rejects the input, `Ok(Err)` when it panics.
fn theirs(kind: Kind, text: &str) -> Result<Result<Vec<Entry>, String>, ()> {
    let run = || -> Result<Vec<Entry>, ()> {
        let entries = match kind {
            Kind::Srt => SrtFile::parse(text)
                .map_err(|_| ())?
                .get_subtitle_entries()
                .map_err(|_| ())?,
            Kind::Ass => SsaFile::parse(text)
                .map_err(|_| ())?
                .get_subtitle_entries()
                .map_err(|_| ())?,
        };
        Ok(entries
            .into_iter()
            .map(|e| {
                let line = e.line.unwrap_or_default();
                Entry {
                    start: e.timespan.start.msecs(),
                    end: e.timespan.end.msecs(),
                    text: match kind {
                        Kind::Srt => normalise_srt(&line),
                        Kind::Ass => line.replace("\\N", "\n"),
                    },
                }
            })
            .collect())
    };
    match guarded(run) {
        Ok(Ok(v)) => Ok(Ok(v)),
        Ok(Err(())) => Err(()),
        Err(panic) => Ok(Err(panic)),
    }
}

/// dramaloc's cues (ASS `Comment:` events left out).
fn ours(kind: Kind, text: &str) -> Result<Vec<Entry>, ParseError> {
    let format = match kind {
        Kind::Srt => Format::Srt,
        Kind::Ass => Format::Ass,
    };
    let parsed = formats::parse(format, text)?;
    Ok(parsed
        .track
        .cues
        .iter()
        .filter(|c| !matches!(c.meta(), CueMeta::Ass(m) if m.kind == AssEventKind::Comment))
        .map(|c| Entry {
            start: c.span().start().get(),
            end: c.span().end().get(),
            text: match kind {
                Kind::Srt => normalise_srt(c.text()),
                Kind::Ass => c.text().to_owned(),
            },
        })
        .collect())
}

/// SRT text as compared: split on any terminator, lines trimmed, outer empty lines dropped.
fn normalise_srt(text: &str) -> String {
    let lines: Vec<&str> = Lines::new(text)
        .map(|l| text[l.start..l.end].trim())
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Timestamps as written, read the right way and subparse's way

/// The numeric fields of a timestamp `h:m:s<sep>f` as written (each may carry a minus sign).
#[derive(Clone, Debug)]
struct Stamp<'a> {
    fields: [&'a str; 3],
    fraction: Option<&'a str>,
}

/// A run of digits with an optional leading minus sign.
fn number(s: &str) -> Option<(&str, &str)> {
    let digits_from = usize::from(s.starts_with('-'));
    let n = s[digits_from..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    (n > 0).then(|| s.split_at(digits_from + n))
}

/// Read a whole timestamp; `seps` are the characters allowed before the fraction.
fn stamp<'a>(s: &'a str, seps: &[char]) -> Option<Stamp<'a>> {
    let (h, rest) = number(s)?;
    let (m, rest) = number(rest.strip_prefix(':')?)?;
    let (sec, rest) = number(rest.strip_prefix(':')?)?;
    if rest.is_empty() {
        return Some(Stamp {
            fields: [h, m, sec],
            fraction: None,
        });
    }
    let mut chars = rest.chars();
    let sep = chars.next()?;
    if !seps.contains(&sep) {
        return None;
    }
    let (f, rest) = number(chars.as_str())?;
    rest.is_empty().then_some(Stamp {
        fields: [h, m, sec],
        fraction: Some(f),
    })
}

fn value(s: &str) -> Option<i128> {
    s.parse::<i128>().ok()
}

impl Stamp<'_> {
    fn hms_ms(&self) -> Option<i128> {
        let [h, m, s] = self.fields.map(value);
        Some(((h? * 60 + m?) * 60 + s?) * 1000)
    }

    /// subparse's SRT reading: the fraction digits added as milliseconds.
    fn srt_subparse(&self) -> Option<i128> {
        Some(self.hms_ms()? + self.fraction.map_or(Some(0), value)?)
    }

    /// subparse's ASS reading: the fraction digits taken as centiseconds.
    fn ass_subparse(&self) -> Option<i128> {
        Some(self.hms_ms()? + self.fraction.map_or(Some(0), value)? * 10)
    }

    /// The reading dramaloc is expected to make: a decimal fraction of a second.
    fn correct(&self) -> Option<i128> {
        let frac = match self.fraction {
            None => 0,
            Some(f) if !f.starts_with('-') && f.len() <= 3 => {
                value(f)? * 10i128.pow(3 - f.len() as u32)
            }
            Some(_) => return None,
        };
        Some(self.hms_ms()? + frac)
    }

    fn signed(&self) -> bool {
        self.fields
            .iter()
            .chain(&self.fraction)
            .any(|f| f.starts_with('-'))
    }

    fn above_59(&self) -> bool {
        self.fields[1..]
            .iter()
            .any(|f| f.len() > 2 || value(f).is_none_or(|v| v > 59))
    }

    fn long_fraction(&self) -> bool {
        self.fraction
            .is_some_and(|f| f.trim_start_matches('-').len() > 3)
    }

    fn huge(&self) -> bool {
        self.fields[0].trim_start_matches('-').len() > 6
            || self
                .fields
                .iter()
                .chain(&self.fraction)
                .any(|f| f.len() > 18)
            || self.hms_ms().is_some_and(|t| t > i128::from(MAX_MILLIS))
    }

    fn fraction_digits(&self) -> Option<usize> {
        self.fraction.map(str::len)
    }
}

/// The timestamps written on a line: the two sides of an SRT `-->` or the fields of an ASS
/// event line.
fn stamps_on_line(kind: Kind, line: &str) -> Vec<Stamp<'_>> {
    match kind {
        Kind::Srt => match line.split_once("-->") {
            Some((a, b)) => [a, b]
                .iter()
                .filter_map(|side| {
                    let side = side.trim_matches([' ', '\t']);
                    let side = side.split([' ', '\t']).next().unwrap_or(side);
                    stamp(side, &[',', '.'])
                })
                .collect(),
            None => Vec::new(),
        },
        Kind::Ass => {
            // The fields after `Dialogue:` / `Comment:`.
            let fields = match line.split_once(':') {
                Some((key, rest)) if key.trim().bytes().all(|b| b.is_ascii_alphabetic()) => rest,
                _ => line,
            };
            fields
                .split(',')
                .filter_map(|f| stamp(f.trim_matches([' ', '\t']), &['.', ':']))
                .collect()
        }
    }
}

/// A timing line as subparse reads it: start and end the defective way.
fn srt_timing_subparse(line: &str) -> Option<(i128, i128)> {
    let (a, b) = line.split_once("-->")?;
    let a = stamp(a.trim_matches([' ', '\t']), &[','])?;
    let b = stamp(b.trim_matches([' ', '\t']), &[','])?;
    a.fraction?;
    b.fraction?;
    Some((a.srt_subparse()?, b.srt_subparse()?))
}

/// A timing line as dramaloc should read it (lenient forms included).
fn srt_timing_correct(line: &str) -> Option<(i128, i128)> {
    let (a, b) = line.split_once("-->")?;
    let a = stamp(a.trim_matches([' ', '\t']), &[',', '.'])?;
    let b = b.trim_matches([' ', '\t']);
    let b = stamp(b.split([' ', '\t']).next().unwrap_or(b), &[',', '.'])?;
    if a.signed() || b.signed() || a.above_59() || b.above_59() {
        return None;
    }
    Some((a.correct()?, b.correct()?))
}

/// The lines of a text as dramaloc numbers them.
fn line_texts(text: &str) -> Vec<&str> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    Lines::new(body).map(|l| &body[l.start..l.end]).collect()
}

// ---------------------------------------------------------------------------------------------
// Explaining differences

/// Pairs (subparse's value, the correct value) for every timestamp in the input that a
/// defect misreads, per defect.
fn misread_pairs(kind: Kind, text: &str) -> BTreeMap<KnownDefect, HashSet<(i64, i64)>> {
    let mut pairs: BTreeMap<KnownDefect, HashSet<(i64, i64)>> = BTreeMap::new();
    for line in line_texts(text) {
        for st in stamps_on_line(kind, line) {
            let (defect, theirs) = match (kind, st.fraction_digits()) {
                (Kind::Srt, Some(1 | 2)) => (KnownDefect::SrtShortFraction, st.srt_subparse()),
                (Kind::Ass, Some(n)) if n != 2 => {
                    (KnownDefect::AssFractionAsCentiseconds, st.ass_subparse())
                }
                _ => continue,
            };
            if let (Some(t), Some(c)) = (theirs, st.correct())
                && let (Ok(t), Ok(c)) = (i64::try_from(t), i64::try_from(c))
            {
                pairs.entry(defect).or_default().insert((t, c));
            }
        }
    }
    pairs
}

/// Why dramaloc may refuse a line subparse accepts: the defects whose trigger is on it.
fn rejection_defects(
    kind: Kind,
    err: &ParseError,
    lines: &[&str],
    lone_cr: bool,
    theirs: &[Entry],
) -> Vec<KnownDefect> {
    if err.kind == ParseErrorKind::Empty && theirs.is_empty() {
        return vec![KnownDefect::EmptyFileAccepted];
    }
    let Some(line) = err.line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return Vec::new();
    };
    let stamps = stamps_on_line(kind, line);
    let mut found = Vec::new();
    let in_their_text = |line: &str| {
        let line = line.trim();
        theirs
            .iter()
            .any(|e| e.text.split('\n').any(|l| l.trim() == line))
    };
    if kind == Kind::Srt
        && matches!(
            err.kind,
            ParseErrorKind::BadTimestamp { .. } | ParseErrorKind::EndBeforeStart { .. }
        )
        && line.contains('>')
        && in_their_text(line)
    {
        found.push(KnownDefect::DamagedTimingLineReadAsText);
    }
    if kind == Kind::Srt
        && err.kind == ParseErrorKind::MissingTiming
        && counter_only_for_subparse(line)
    {
        found.push(KnownDefect::CounterReadAsText);
    }
    if kind == Kind::Srt
        && err.kind == ParseErrorKind::MissingTiming
        && lone_cr
        && in_their_text(line)
    {
        found.push(KnownDefect::LoneCrInsideLine);
    }
    if kind == Kind::Ass && line.trim_start().starts_with("Comment:") {
        found.push(KnownDefect::CommentEventsIgnored);
    }
    if let ParseErrorKind::AssFieldCount { found: n, expected } = err.kind
        && n < expected
        && line.trim_start().starts_with("Dialogue:")
    {
        found.push(KnownDefect::ShortEventLine);
    }
    match &err.kind {
        ParseErrorKind::EndBeforeStart { .. } => {
            if theirs.iter().any(|e| e.end < e.start) {
                found.push(KnownDefect::NoSpanOrderCheck);
            }
            // The right reading puts the end first where subparse's did not.
            let short = stamps
                .iter()
                .any(|s| s.fraction_digits().is_some_and(|n| n < 3));
            if kind == Kind::Srt && short {
                found.push(KnownDefect::SrtShortFraction);
            }
            if kind == Kind::Ass && stamps.iter().any(|s| s.fraction_digits() != Some(2)) {
                found.push(KnownDefect::AssFractionAsCentiseconds);
            }
        }
        ParseErrorKind::BadTimestamp { .. }
        | ParseErrorKind::TimeOutOfRange
        | ParseErrorKind::MissingTiming => {
            if stamps.iter().any(Stamp::signed) {
                found.push(KnownDefect::SignedField);
            }
            if stamps.iter().any(Stamp::above_59) {
                found.push(KnownDefect::FieldOutOfForm);
            }
            if stamps.iter().any(Stamp::long_fraction) {
                found.push(KnownDefect::LongFraction);
            }
            if stamps.iter().any(Stamp::huge) {
                found.push(KnownDefect::HugeTime);
            }
            if kind == Kind::Ass && stamps.iter().any(|s| s.fraction_digits() != Some(2)) {
                found.push(KnownDefect::AssFractionAsCentiseconds);
            }
        }
        _ => {}
    }
    found
}

/// subparse's SRT cues with the cues it swallowed as text split off again, where a text line
/// is a timing line (the counter line before it, if any, goes with it, as dramaloc does).
fn split_swallowed_cues(theirs: &[Entry]) -> Option<Vec<Entry>> {
    let mut out = Vec::new();
    let mut changed = false;
    for e in theirs {
        let lines: Vec<&str> = e.text.split('\n').collect();
        let mut current = Entry {
            start: e.start,
            end: e.end,
            text: String::new(),
        };
        let mut body: Vec<&str> = Vec::new();
        for line in lines {
            let timing = srt_timing_subparse(line).or_else(|| srt_timing_correct(line));
            if let Some((s, t)) =
                timing.and_then(|(s, t)| Some((i64::try_from(s).ok()?, i64::try_from(t).ok()?)))
            {
                changed = true;
                if body.len() > 1
                    && body
                        .last()
                        .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
                {
                    body.pop();
                }
                current.text = normalise_srt(&body.join("\n"));
                out.push(current);
                current = Entry {
                    start: s,
                    end: t,
                    text: String::new(),
                };
                body.clear();
            } else {
                body.push(line);
            }
        }
        current.text = normalise_srt(&body.join("\n"));
        out.push(current);
    }
    changed.then_some(out)
}

/// Whether a line is a counter to subparse but not to dramaloc.
fn counter_only_for_subparse(line: &str) -> bool {
    let trimmed = line.trim();
    // subparse: any i64 after trimming, a sign included (`-1`, `+7`).
    let theirs = trimmed.parse::<i64>().is_ok();
    let ours = !trimmed.is_empty()
        && trimmed.len() <= 18
        && trimmed.bytes().all(|b| b.is_ascii_digit())
        && line.trim_matches([' ', '\t']) == trimmed;
    theirs && !ours
}

/// Whether dramaloc's text is subparse's plus (after blank lines) a line that subparse read
/// as the next cue's counter.
fn counter_is_text(ours: &str, theirs: &str, triggers: &Triggers) -> bool {
    let Some((before, last)) = ours.rsplit_once('\n') else {
        return false;
    };
    triggers.odd_counters.contains(last) && before.trim_end_matches('\n') == theirs
}

/// Whether a CR not followed by LF occurs (a line break to dramaloc, not to subparse).
fn has_lone_cr(b: &[u8]) -> bool {
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// How one input came out.
#[derive(Debug)]
enum Outcome {
    SubparseRejected,
    SubparsePanicked,
    Agreed,
    Explained(Vec<KnownDefect>),
    Unexplained(String),
}

/// What an input contains that explains differences: misread timestamps, lone CRs, lines
/// only subparse takes as counters, `Format:` lines subparse may mismatch.
#[derive(Default)]
struct Triggers {
    pairs: BTreeMap<KnownDefect, HashSet<(i64, i64)>>,
    lone_cr: bool,
    odd_counters: HashSet<String>,
    format_mismatch: bool,
}

impl Triggers {
    fn of(kind: Kind, text: &str) -> Triggers {
        let b = text.as_bytes();
        let lines = line_texts(text);
        let lone_cr = has_lone_cr(b);
        Triggers {
            pairs: misread_pairs(kind, text),
            lone_cr,
            odd_counters: lines
                .iter()
                .filter(|l| kind == Kind::Srt && counter_only_for_subparse(l))
                .map(|l| l.trim().to_owned())
                .collect(),
            format_mismatch: kind == Kind::Ass && (lone_cr || events_formats(&lines) > 1),
        }
    }
}

/// How many `Format:` lines the `[Events]` sections have.
fn events_formats(lines: &[&str]) -> usize {
    let mut in_events = false;
    let mut n = 0;
    for l in lines {
        let t = l.trim();
        if t.starts_with('[') {
            in_events = t.eq_ignore_ascii_case("[events]");
        } else if in_events && t.starts_with("Format:") {
            n += 1;
        }
    }
    n
}

fn without_empty_lines(s: &str) -> String {
    s.split('\n')
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn compare_entries(
    ours: &[Entry],
    theirs: &[Entry],
    triggers: &Triggers,
    used: &mut Vec<KnownDefect>,
) -> Result<(), String> {
    let pairs = &triggers.pairs;
    if ours.len() != theirs.len() {
        return Err(format!(
            "dramaloc reads {} cues, subparse {}",
            ours.len(),
            theirs.len()
        ));
    }
    for (i, (o, t)) in ours.iter().zip(theirs).enumerate() {
        for (what, ov, tv) in [("start", o.start, t.start), ("end", o.end, t.end)] {
            if ov == tv {
                continue;
            }
            match pairs.iter().find(|(_, p)| p.contains(&(tv, ov))) {
                Some((d, _)) => used.push(*d),
                None => {
                    return Err(format!(
                        "cue {}: {what} is {ov} ms in dramaloc, {tv} ms in subparse",
                        i + 1
                    ));
                }
            }
        }
        if o.text != t.text {
            if counter_is_text(&o.text, &t.text, triggers) {
                used.push(KnownDefect::CounterReadAsText);
                continue;
            }
            if triggers.format_mismatch {
                used.push(KnownDefect::FormatLineByLf);
                continue;
            }
            if triggers.lone_cr && without_empty_lines(&o.text) == without_empty_lines(&t.text) {
                used.push(KnownDefect::LoneCrInsideLine);
                continue;
            }
            return Err(format!(
                "cue {}: text {:?} in dramaloc, {:?} in subparse",
                i + 1,
                o.text,
                t.text
            ));
        }
    }
    Ok(())
}

fn compare(kind: Kind, text: &str) -> Outcome {
    let theirs = match theirs(kind, text) {
        Err(()) => return Outcome::SubparseRejected,
        Ok(Err(_panic)) => return Outcome::SubparsePanicked,
        Ok(Ok(v)) => v,
    };
    let ours = match guarded(|| ours(kind, text)) {
        Err(panic) => return Outcome::Unexplained(format!("dramaloc panicked: {panic}")),
        Ok(Err(err)) => {
            let lines = line_texts(text);
            let defects =
                rejection_defects(kind, &err, &lines, has_lone_cr(text.as_bytes()), &theirs);
            return if defects.is_empty() {
                Outcome::Unexplained(format!(
                    "subparse reads {} cues, dramaloc refuses: {err} (line: {:?})",
                    theirs.len(),
                    err.line
                        .checked_sub(1)
                        .and_then(|i| lines.get(i))
                        .unwrap_or(&"")
                ))
            } else {
                Outcome::Explained(defects)
            };
        }
        Ok(Ok(v)) => v,
    };
    let triggers = Triggers::of(kind, text);
    let mut used = Vec::new();
    let first = compare_entries(&ours, &theirs, &triggers, &mut used);
    let result = match first {
        Ok(()) => Ok(()),
        Err(e) if kind == Kind::Srt => match split_swallowed_cues(&theirs) {
            Some(split) => {
                used.clear();
                used.push(KnownDefect::TimingLineReadAsText);
                compare_entries(&ours, &split, &triggers, &mut used)
                    .map_err(|e2| format!("{e}; after splitting swallowed cues: {e2}"))
            }
            None => Err(e),
        },
        Err(e) => Err(e),
    };
    match result {
        Ok(()) if used.is_empty() => Outcome::Agreed,
        Ok(()) => {
            used.sort();
            used.dedup();
            Outcome::Explained(used)
        }
        Err(e) => Outcome::Unexplained(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// A random SRT file in the forms real files have, lenient ones included.
fn generated_srt(rng: &mut Rng) -> String {
    let le = *rng.pick(&["\n", "\r\n"]);
    let mut s = String::new();
    if rng.chance(1, 8) {
        s.push('\u{feff}');
    }
    let mut t: u64 = rng.below(5000) as u64;
    let cues = 1 + rng.below(8);
    for i in 0..cues {
        if rng.chance(1, 20) {
            s.push_str(le); // extra blank line
        }
        let index = if rng.chance(1, 30) { i + 7 } else { i + 1 };
        s.push_str(&index.to_string());
        s.push_str(le);
        let start = t;
        let end = start + rng.below(6000) as u64;
        t = end + rng.below(3000) as u64;
        let stamp = |rng: &mut Rng, ms: u64| {
            let frac = match rng.below(12) {
                0 => format!("{}", ms % 1000 / 100),
                1 => format!("{:02}", ms % 1000 / 10),
                _ => format!("{:03}", ms % 1000),
            };
            let sep = if rng.chance(1, 10) { '.' } else { ',' };
            format!(
                "{:02}:{:02}:{:02}{sep}{frac}",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60
            )
        };
        let a = stamp(rng, start);
        let b = stamp(rng, end);
        let arrow = *rng.pick(&[" --> ", " --> ", "-->", "  -->\t"]);
        s.push_str(&format!("{a}{arrow}{b}"));
        if rng.chance(1, 10) {
            s.push_str(" X1:100 X2:200 Y1:10 Y2:20");
        }
        s.push_str(le);
        let lines = rng.below(4);
        for _ in 0..lines {
            let text = *rng.pick(&[
                "Hello",
                "<i>italic</i>",
                "  padded  ",
                "{\\an8}top",
                "你为什么现在才回来？",
                "a, b - c",
                "\u{3000}全角",
                "<b>bold</b> and <u>under</u>",
                "- Dash line",
                "42 is the answer",
                "trailing\t",
            ]);
            s.push_str(text);
            s.push_str(le);
        }
        if i + 1 < cues || rng.chance(1, 2) {
            s.push_str(le);
        }
    }
    s
}

/// A random ASS script: header, styles, events with random fields and fractions.
fn generated_ass(rng: &mut Rng) -> String {
    let le = *rng.pick(&["\n", "\r\n"]);
    let mut s = String::new();
    if rng.chance(1, 8) {
        s.push('\u{feff}');
    }
    s.push_str(&format!(
        "[Script Info]{le}ScriptType: v4.00+{le}PlayResX: 1080{le}PlayResY: 1920{le}{le}"
    ));
    s.push_str(&format!(
        "[V4+ Styles]{le}Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Italic, Alignment{le}Style: Default,Arial,60,&H00FFFFFF,0,0,2{le}{le}"
    ));
    const FORMATS: [&[&str]; 4] = [
        &[
            "Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect",
            "Text",
        ],
        &["Start", "End", "Style", "Text"],
        &[
            "Layer", "Start", "End", "Style", "Actor", "MarginL", "MarginR", "MarginV", "Effect",
            "Text",
        ],
        &[
            "Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect",
            "Text",
        ],
    ];
    let fields = *rng.pick(&FORMATS);
    s.push_str(&format!("[Events]{le}Format: {}{le}", fields.join(", ")));
    let mut t: u64 = rng.below(5000) as u64;
    for _ in 0..1 + rng.below(8) {
        let start = t;
        let end = start + rng.below(6000) as u64;
        t = end + rng.below(3000) as u64;
        let stamp = |rng: &mut Rng, ms: u64| {
            let frac = match rng.below(16) {
                0 => format!("{}", ms % 1000 / 100),
                1 => format!("{:03}", ms % 1000),
                _ => format!("{:02}", ms % 1000 / 10),
            };
            format!(
                "{}:{:02}:{:02}.{frac}",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60
            )
        };
        let kind = if rng.chance(1, 8) {
            "Comment"
        } else {
            "Dialogue"
        };
        let values: Vec<String> = fields
            .iter()
            .map(|f| match *f {
                "Start" => stamp(rng, start),
                "End" => stamp(rng, end),
                "Style" => "Default".to_owned(),
                "Name" | "Actor" => rng.pick(&["", "温以茗", "Lu"]).to_string(),
                "Layer" => rng.below(3).to_string(),
                "Marked" => "Marked=0".to_owned(),
                "Text" => rng
                    .pick(&[
                        "Hello",
                        "Line one\\NLine two",
                        "{\\an8}top",
                        "{\\i1}italic{\\i0}, with a comma",
                        "你好\\N世界",
                        " leading space",
                        "trailing space ",
                        "soft\\nbreak\\h",
                        "",
                    ])
                    .to_string(),
                "MarginL" | "MarginR" | "MarginV" => "0".to_owned(),
                _ => String::new(),
            })
            .collect();
        s.push_str(&format!("{kind}: {}{le}", values.join(",")));
    }
    s
}

/// Decoded text of a file, or `None` when it does not decode.
fn decoded(bytes: &[u8]) -> Option<String> {
    encoding::decode(bytes).ok().map(|d| d.text)
}

fn inputs(kind: Kind) -> Vec<(String, String)> {
    let exts: &[&str] = match kind {
        Kind::Srt => &["srt"],
        Kind::Ass => &["ass", "ssa"],
    };
    let is_kind =
        |ext: Option<&str>| ext.is_some_and(|e| exts.contains(&e.to_ascii_lowercase().as_str()));
    let mut out = Vec::new();
    let corpus = match kind {
        Kind::Srt => corpus_files("srt"),
        Kind::Ass => corpus_files("ass"),
    };
    for path in corpus.iter().chain(&sample_files()) {
        if !is_kind(path.extension().and_then(|e| e.to_str())) {
            continue;
        }
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Some(text) = decoded(&bytes) {
            out.push((path.display().to_string(), text));
        }
    }
    let mut rng = Rng::new(SEED ^ kind as u64);
    for i in 0..GENERATED {
        let text = match kind {
            Kind::Srt => generated_srt(&mut rng),
            Kind::Ass => generated_ass(&mut rng),
        };
        out.push((format!("generated #{i}"), text));
    }
    let seeds: Vec<Seed> = seeds()
        .into_iter()
        .filter(|s| is_kind(s.ext.as_deref()))
        .collect();
    for i in 0..MUTATED {
        let (seed, bytes) = mutated_input(SEED, i, &seeds);
        if let Some(text) = decoded(&bytes) {
            out.push((format!("mutated #{i} (from {})", seed.name), text));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The tests

fn differential(kind: Kind) {
    let inputs = inputs(kind);
    let mut rejected = 0;
    let mut panicked = 0;
    let mut agreed = 0;
    let mut by_defect: BTreeMap<KnownDefect, usize> = BTreeMap::new();
    let mut explained = 0;
    let mut unexplained: Vec<(String, String, String)> = Vec::new();
    for (name, text) in &inputs {
        match compare(kind, text) {
            Outcome::SubparseRejected => rejected += 1,
            Outcome::SubparsePanicked => panicked += 1,
            Outcome::Agreed => agreed += 1,
            Outcome::Explained(defects) => {
                explained += 1;
                for d in defects {
                    *by_defect.entry(d).or_default() += 1;
                }
            }
            Outcome::Unexplained(why) => unexplained.push((name.clone(), why, text.clone())),
        }
    }
    let compared = agreed + explained + unexplained.len();
    let mut summary = format!(
        "differential {}: {} inputs; subparse rejected {rejected}, panicked {panicked}; \
         compared {compared}: agreed {agreed}, differed by known defect {explained}, \
         unexplained {}",
        kind.name(),
        inputs.len(),
        unexplained.len()
    );
    for d in KnownDefect::ALL {
        if let Some(n) = by_defect.get(&d) {
            let _ = write!(summary, "\n  {d:?}: {n} ({})", d.description());
        }
    }
    eprintln!("{summary}");
    assert!(
        compared >= inputs.len() / 10,
        "too few inputs compared: {summary}"
    );
    if let Ok(dir) = std::env::var("DRAMALOC_DIFF_DUMP") {
        // Debugging aid: every unexplained input as a file.
        for (i, (name, why, text)) in unexplained.iter().enumerate() {
            let path = std::path::Path::new(&dir).join(format!("{}-{i}.txt", kind.name()));
            let _ = std::fs::write(&path, text);
            eprintln!("{}: {name}: {why}", path.display());
        }
    }
    if !unexplained.is_empty() {
        let mut msg = format!("{summary}\n\nunexplained differences (first 8):");
        for (name, why, text) in unexplained.iter().take(8) {
            let shown: String = text.chars().take(600).collect();
            let _ = write!(
                msg,
                "\n- {name}: {why}\n  input: \"{}\"",
                escaped(shown.as_bytes())
            );
        }
        panic!("{msg}");
    }
}

#[test]
fn srt_agrees_with_subparse_where_it_accepts() {
    differential(Kind::Srt);
}

#[test]
fn ass_agrees_with_subparse_where_it_accepts() {
    differential(Kind::Ass);
}

#[test]
fn known_defects_are_detected_from_the_input() {
    // subparse's short fraction: explained, not agreed.
    let s = "1\n00:00:01,5 --> 00:00:02,000\nx\n";
    assert!(
        matches!(compare(Kind::Srt, s), Outcome::Explained(d) if d == [KnownDefect::SrtShortFraction])
    );
    // A plain file agrees.
    let s = "1\n00:00:01,000 --> 00:00:02,000\n  x  \n\n2\n00:00:03,000 --> 00:00:04,000\ny\n";
    assert!(matches!(compare(Kind::Srt, s), Outcome::Agreed));
    // End before start: subparse accepts, dramaloc refuses.
    let s = "1\n00:00:02,000 --> 00:00:01,000\nx\n";
    assert!(
        matches!(compare(Kind::Srt, s), Outcome::Explained(d) if d == [KnownDefect::NoSpanOrderCheck])
    );
    // Minutes above 59.
    let s = "1\n00:75:00,000 --> 01:76:00,000\nx\n";
    assert!(
        matches!(compare(Kind::Srt, s), Outcome::Explained(d) if d == [KnownDefect::FieldOutOfForm])
    );
    // subparse panics (P1): skipped.
    let s = "1\n00:00:99999999999999999999,000 --> 00:00:01,000\nx\n";
    assert!(matches!(compare(Kind::Srt, s), Outcome::SubparsePanicked));
    // A timing line in the text.
    let s = "1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n";
    assert!(
        matches!(compare(Kind::Srt, s), Outcome::Explained(d) if d == [KnownDefect::TimingLineReadAsText])
    );
    // A signed counter is a counter to subparse, text of the cue before to dramaloc.
    let s = "1\n00:00:01,000 --> 00:00:02,000\nx\n\n-1\n00:00:03,000 --> 00:00:04,000\ny\n";
    assert!(
        matches!(compare(Kind::Srt, s), Outcome::Explained(d) if d == [KnownDefect::CounterReadAsText])
    );
    // A lone CR before a CRLF ends the cue for dramaloc only: the next lines are refused as
    // a cue without timing, and are text of the cue to subparse.
    let s = "1\r\n00:00:01,000 --> 00:00:02,000\r\nx\r\r\n3\r\n0\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\ny\r\n";
    assert!(
        matches!(compare(Kind::Srt, s), Outcome::Explained(d) if d == [KnownDefect::LoneCrInsideLine])
    );
    // The same lines without the lone CR: both read them as text.
    let s = "1\r\n00:00:01,000 --> 00:00:02,000\r\nx\r\n3\r\n0\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\ny\r\n";
    assert!(matches!(compare(Kind::Srt, s), Outcome::Agreed));
    // A time difference with no defect behind it is not explained.
    let triggers = Triggers::of(Kind::Srt, "1\n00:00:01,000 --> 00:00:02,000\nx\n");
    let e = |start| Entry {
        start,
        end: 2000,
        text: "x".into(),
    };
    assert!(compare_entries(&[e(1000)], &[e(1005)], &triggers, &mut Vec::new()).is_err());
    // ASS fractions as centiseconds (only with an ASS reader).
    let pairs = misread_pairs(Kind::Ass, "Dialogue: 0,0:00:01.5,0:00:01.500,x\n");
    assert!(pairs[&KnownDefect::AssFractionAsCentiseconds].contains(&(1050, 1500)));
    assert!(pairs[&KnownDefect::AssFractionAsCentiseconds].contains(&(6000, 1500)));
}
