//! TMX 1.4b exchange with CAT tools: export of the memory (all or one language pair) and
//! import of files written by other tools (Trados, memoQ, OmegaT…).
//!
//! Owns the TMX text forms only: reading a file into entries ([`parse`]), storing them
//! ([`import`]) and writing entries as a document ([`export`]). Files are read and written
//! by the caller.
//!
//! Import accepts what CAT tools write: several `<tuv>` per `<tu>` (one entry per target),
//! `xml:lang` (TMX 1.4) or `lang` (TMX 1.1–1.3), a source language per `<tu>` or from the
//! header, UTF-8 or UTF-16 (with a byte order mark, as Trados writes it), `<note>` and foreign
//! `<prop>` elements (ignored). Inline markup in a `<seg>` (`<bpt>`, `<ept>`, `<ph>`, `<it>`,
//! `<hi>`, `<sub>`, `<ut>`) is dropped and counted, keeping all the text inside it (the
//! segment's XML text content). dramaloc's own `x-dramaloc-*` properties are read back, so
//! export → import → export gives the same document.

use std::collections::BTreeSet;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::Error;
use super::timestamp::Timestamp;
use super::tm::{Billed, BillingUnit, Entry, Memory, NewEntry, Origin, Overwrite};
use crate::message::Message;
use crate::model::Language;
use crate::msg;

/// The backend recorded for entries from a TMX file without dramaloc's own properties.
pub const FOREIGN_BACKEND: &str = "tmx";

const PROP_ORIGIN: &str = "x-dramaloc-origin";
const PROP_BACKEND: &str = "x-dramaloc-backend";
const PROP_MODEL: &str = "x-dramaloc-model";
const PROP_BILLED: &str = "x-dramaloc-billed";
const PROP_BILLED_UNIT: &str = "x-dramaloc-billed-unit";

// ---------------------------------------------------------------------------------------------
// Export

/// Append `s` escaped for XML text (`attr`: for a double-quoted attribute value). Characters
/// XML 1.0 cannot carry at all become U+FFFD; a carriage return is kept as a reference.
fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value, true);
    out.push('"');
}

fn prop(out: &mut String, kind: &str, value: &str) {
    out.push_str("      <prop");
    attr(out, "type", kind);
    out.push('>');
    escape_into(out, value, false);
    out.push_str("</prop>\n");
}

fn tuv(out: &mut String, lang: &Language, text: &str) {
    out.push_str("      <tuv");
    attr(out, "xml:lang", lang.as_str());
    out.push_str("><seg>");
    escape_into(out, text, false);
    out.push_str("</seg></tuv>\n");
}

/// A TMX 1.4b document (UTF-8) with one `<tu>` per entry, in the order given. The header's
/// `srclang` is the entries' one source language, or `*all*` when they have several (each
/// `<tu>` names its own). Line breaks stay as they are inside `<seg>`.
pub fn export(entries: &[Entry]) -> String {
    let sources: BTreeSet<&str> = entries.iter().map(|e| e.source.as_str()).collect();
    let srclang = match sources.len() {
        1 => sources.first().copied().unwrap_or("*all*"),
        _ => "*all*",
    };
    let mut out = String::with_capacity(256 + entries.len() * 400);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header");
    attr(&mut out, "creationtool", "dramaloc");
    attr(&mut out, "creationtoolversion", env!("CARGO_PKG_VERSION"));
    attr(&mut out, "segtype", "sentence");
    attr(&mut out, "o-tmf", "dramaloc");
    attr(&mut out, "adminlang", "en");
    attr(&mut out, "srclang", srclang);
    attr(&mut out, "datatype", "plaintext");
    out.push_str("/>\n  <body>\n");
    for e in entries {
        out.push_str("    <tu");
        attr(&mut out, "srclang", e.source.as_str());
        attr(&mut out, "creationdate", &e.created.tmx());
        out.push_str(">\n");
        prop(&mut out, PROP_ORIGIN, e.origin.as_str());
        prop(&mut out, PROP_BACKEND, &e.backend);
        if !e.model.is_empty() {
            prop(&mut out, PROP_MODEL, &e.model);
        }
        prop(&mut out, PROP_BILLED, &e.billed.units.to_string());
        prop(&mut out, PROP_BILLED_UNIT, e.billed.unit.as_str());
        tuv(&mut out, &e.source, &e.source_text);
        tuv(&mut out, &e.target, &e.target_text);
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

// ---------------------------------------------------------------------------------------------
// Import

/// Why a TMX file could not be read at all (line and column are 1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {kind:?}")]
pub struct TmxError {
    pub line: usize,
    pub column: usize,
    pub kind: TmxErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TmxErrorKind {
    /// Neither UTF-8 nor UTF-16 with a byte order mark.
    Encoding,
    /// Not well-formed XML; the parser's words.
    Xml { detail: String },
    /// The root element is not `<tmx>`.
    NotTmx { root: String },
    /// `<tmx>` without a `<body>`.
    NoBody,
}

impl TmxError {
    /// The main line, naming the file.
    pub fn message(&self, path: &str) -> Message {
        match &self.kind {
            TmxErrorKind::NotTmx { .. } | TmxErrorKind::NoBody => msg!(
                "error-tmx-not-tmx",
                path = path,
                line = self.line,
                column = self.column
            ),
            TmxErrorKind::Encoding | TmxErrorKind::Xml { .. } => msg!(
                "error-tmx-invalid",
                path = path,
                line = self.line,
                column = self.column
            ),
        }
    }

    /// `caused by:` lines: a localized reason, or the XML parser's own words.
    pub fn causes(&self) -> Vec<crate::error::Cause> {
        use crate::error::Cause;
        match &self.kind {
            TmxErrorKind::Encoding => vec![Cause::Message(msg!("tmx-error-encoding"))],
            TmxErrorKind::Xml { detail } => vec![Cause::Text(detail.clone())],
            TmxErrorKind::NotTmx { root } => {
                vec![Cause::Message(msg!("tmx-error-root", root = root))]
            }
            TmxErrorKind::NoBody => vec![Cause::Message(msg!("tmx-error-no-body"))],
        }
    }

    pub fn hint(&self) -> Message {
        match &self.kind {
            TmxErrorKind::Encoding => msg!("hint-tmx-encoding"),
            TmxErrorKind::Xml { .. } => msg!("hint-tmx-invalid"),
            TmxErrorKind::NotTmx { .. } | TmxErrorKind::NoBody => msg!("hint-tmx-not-tmx"),
        }
    }
}

/// Why one translation unit (or one of its targets) was not imported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// Neither the `<tu>` nor the header names a source language (or the header says `*all*`).
    NoSourceLanguage,
    /// No `<tuv>` in the source language.
    NoSourceTuv { lang: String },
    /// Only the source `<tuv>`.
    NoTarget,
    /// A `<tuv>` without `xml:lang`/`lang`.
    NoLanguage,
    /// A tag that is not BCP 47.
    InvalidLanguage { tag: String },
    /// A `<tuv>` without `<seg>`.
    NoSegment { lang: String },
    /// A segment with no text (after normalization, for the source).
    EmptySegment { lang: String },
}

impl SkipReason {
    /// The reason as a message (for the import report).
    pub fn message(&self) -> Message {
        match self {
            SkipReason::NoSourceLanguage => msg!("tmx-skip-no-source-language"),
            SkipReason::NoSourceTuv { lang } => msg!("tmx-skip-no-source-tuv", lang = lang),
            SkipReason::NoTarget => msg!("tmx-skip-no-target"),
            SkipReason::NoLanguage => msg!("tmx-skip-no-language"),
            SkipReason::InvalidLanguage { tag } => msg!("tmx-skip-invalid-language", tag = tag),
            SkipReason::NoSegment { lang } => msg!("tmx-skip-no-segment", lang = lang),
            SkipReason::EmptySegment { lang } => msg!("tmx-skip-empty-segment", lang = lang),
        }
    }

    /// A stable id for machine-readable output.
    pub fn id(&self) -> &'static str {
        match self {
            SkipReason::NoSourceLanguage => "no-source-language",
            SkipReason::NoSourceTuv { .. } => "no-source-tuv",
            SkipReason::NoTarget => "no-target",
            SkipReason::NoLanguage => "no-language",
            SkipReason::InvalidLanguage { .. } => "invalid-language",
            SkipReason::NoSegment { .. } => "no-segment",
            SkipReason::EmptySegment { .. } => "empty-segment",
        }
    }
}

/// One skipped unit or target, at the line of its `<tu>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: SkipReason,
}

/// A TMX file read into entries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    /// `<tu>` elements seen.
    pub units: usize,
    pub entries: Vec<NewEntry>,
    pub skipped: Vec<Skipped>,
    /// Inline elements dropped from segments (their text kept).
    pub inline_tags: usize,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    pub units: usize,
    pub added: usize,
    pub kept: usize,
    pub replaced: usize,
    pub skipped: Vec<Skipped>,
    pub inline_tags: usize,
}

/// Store a parsed file in the memory (one transaction). Keys already present are kept
/// unless `overwrite`.
pub fn import(
    memory: &Memory,
    parsed: &Parsed,
    overwrite: Overwrite,
) -> Result<ImportReport, Error> {
    let r = memory.insert(&parsed.entries, overwrite)?;
    Ok(ImportReport {
        units: parsed.units,
        added: r.added,
        kept: r.kept,
        replaced: r.replaced,
        skipped: parsed.skipped.clone(),
        inline_tags: parsed.inline_tags,
    })
}

/// Line starts of a text, to turn byte offsets into 1-based line and column (in characters).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    fn line(&self, offset: usize) -> usize {
        self.at(offset).0
    }

    fn error(&self, offset: usize, kind: TmxErrorKind) -> TmxError {
        let (line, column) = self.at(offset);
        TmxError { line, column, kind }
    }
}

/// Decode the bytes of a TMX file: UTF-8 (with or without BOM), or UTF-16 with a BOM or
/// starting with `<`.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, TmxError> {
    let (encoding, skip) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None if bytes.starts_with(b"<\0") => (encoding_rs::UTF_16LE, 0),
        None if bytes.starts_with(b"\0<") => (encoding_rs::UTF_16BE, 0),
        None => (encoding_rs::UTF_8, 0),
    };
    let body = &bytes[skip..];
    if encoding == encoding_rs::UTF_8 {
        return std::str::from_utf8(body)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| {
                // The valid prefix is text: position the error after it.
                let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or("");
                Lines::new(valid).error(valid.len(), TmxErrorKind::Encoding)
            });
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|t| std::borrow::Cow::Owned(t.into_owned()))
        .ok_or(TmxError {
            line: 1,
            column: 1,
            kind: TmxErrorKind::Encoding,
        })
}

#[derive(Default)]
struct Tuv {
    lang: Option<String>,
    created: Option<String>,
    props: Vec<(String, String)>,
    seg: Option<String>,
}

#[derive(Default)]
struct Tu {
    line: usize,
    srclang: Option<String>,
    created: Option<String>,
    props: Vec<(String, String)>,
    tuvs: Vec<Tuv>,
}

#[derive(Default)]
struct Header {
    srclang: Option<String>,
    created: Option<String>,
}

/// Where text goes while reading.
enum Sink {
    /// Nowhere (white space between elements, notes, unknown elements).
    None,
    /// The segment of the current `<tuv>`.
    Seg,
    /// The `<prop>` being read (of the `<tu>`, of its current `<tuv>`, or of the header).
    Prop,
}

/// Read a TMX file into entries. Each target `<tuv>` of a `<tu>` gives one entry from its
/// source `<tuv>`; units that give nothing are listed with a reason.
pub fn parse(bytes: &[u8]) -> Result<Parsed, TmxError> {
    let text = decode(bytes)?;
    let text: &str = &text;
    let lines = Lines::new(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = false;
    reader.config_mut().check_end_names = true;

    let mut out = Parsed::default();
    let mut stack: Vec<String> = Vec::new();
    let mut header = Header::default();
    let mut saw_root = false;
    let mut saw_body = false;
    let mut tu: Option<Tu> = None;
    let mut tuv: Option<Tuv> = None;
    let mut sink = Sink::None;
    // The depth of the open `<seg>`, and the open `<prop>`'s type and text.
    let mut seg_depth: Option<usize> = None;
    let mut prop: Option<(String, String)> = None;

    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = match &e {
                quick_xml::Error::Syntax(_) | quick_xml::Error::IllFormed(_) => {
                    usize::try_from(reader.error_position()).unwrap_or(pos)
                }
                _ => pos,
            };
            lines.error(
                at,
                TmxErrorKind::Xml {
                    detail: e.to_string(),
                },
            )
        })?;
        let xml_error = |detail: String| lines.error(pos, TmxErrorKind::Xml { detail });
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name().as_ref().to_owned();
                if !saw_root {
                    if name != "tmx" {
                        return Err(lines.error(pos, TmxErrorKind::NotTmx { root: name }));
                    }
                    saw_root = true;
                } else if stack.is_empty() {
                    return Err(xml_error("a second root element".to_owned()));
                }
                if seg_depth.is_some() {
                    // Inline markup: the element goes, its text stays.
                    out.inline_tags += 1;
                } else {
                    let parent = stack.last().map(String::as_str);
                    let attrs = attributes(e).map_err(xml_error)?;
                    let get =
                        |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                    match (parent, name.as_str()) {
                        (Some("tmx"), "header") => {
                            header.srclang = get("srclang");
                            header.created = get("creationdate");
                        }
                        (Some("tmx"), "body") => saw_body = true,
                        (Some("body"), "tu") => {
                            out.units += 1;
                            tu = Some(Tu {
                                line: lines.line(pos),
                                srclang: get("srclang"),
                                created: get("creationdate"),
                                ..Tu::default()
                            });
                        }
                        (Some("tu"), "tuv") if tu.is_some() => {
                            tuv = Some(Tuv {
                                lang: get("xml:lang").or_else(|| get("lang")),
                                created: get("creationdate"),
                                ..Tuv::default()
                            });
                        }
                        (Some("tuv"), "seg") if tuv.is_some() => {
                            if let Some(t) = tuv.as_mut() {
                                t.seg.get_or_insert_with(String::new);
                            }
                            if !empty {
                                seg_depth = Some(stack.len() + 1);
                                sink = Sink::Seg;
                            }
                        }
                        (Some("tu" | "tuv" | "header"), "prop") if !empty => {
                            prop = Some((get("type").unwrap_or_default(), String::new()));
                            sink = Sink::Prop;
                        }
                        _ => {}
                    }
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                let Some(name) = stack.pop() else {
                    return Err(xml_error("an end tag without a start tag".to_owned()));
                };
                if seg_depth.is_some_and(|d| stack.len() + 1 > d) {
                    continue;
                }
                let parent = stack.last().map(String::as_str);
                match (parent, name.as_str()) {
                    (Some("tuv"), "seg") if seg_depth.is_some() => {
                        seg_depth = None;
                        sink = Sink::None;
                    }
                    (Some(level), "prop") if prop.is_some() => {
                        sink = Sink::None;
                        if let Some(p) = prop.take() {
                            match level {
                                "tuv" => {
                                    if let Some(t) = tuv.as_mut() {
                                        t.props.push(p);
                                    }
                                }
                                "tu" => {
                                    if let Some(t) = tu.as_mut() {
                                        t.props.push(p);
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    (Some("tu"), "tuv") => {
                        if let (Some(u), Some(v)) = (tu.as_mut(), tuv.take()) {
                            u.tuvs.push(v);
                        }
                    }
                    (Some("body"), "tu") => {
                        if let Some(u) = tu.take() {
                            finish(u, &header, &mut out);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => push(&sink, &mut tuv, &mut prop, &t.xml10_content()),
            Event::CData(c) => push(&sink, &mut tuv, &mut prop, &c.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match &*name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                let Some(c) = c else {
                    return Err(xml_error(format!(
                        "unknown entity or invalid reference `&{name};`"
                    )));
                };
                push(&sink, &mut tuv, &mut prop, c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !saw_root {
        return Err(lines.error(
            text.len(),
            TmxErrorKind::NotTmx {
                root: String::new(),
            },
        ));
    }
    if let Some(open) = stack.last() {
        return Err(lines.error(
            text.len(),
            TmxErrorKind::Xml {
                detail: format!("`<{open}>` is never closed"),
            },
        ));
    }
    if !saw_body {
        return Err(lines.error(text.len(), TmxErrorKind::NoBody));
    }
    Ok(out)
}

fn push(sink: &Sink, tuv: &mut Option<Tuv>, prop: &mut Option<(String, String)>, text: &str) {
    match sink {
        Sink::Seg => {
            if let Some(seg) = tuv.as_mut().and_then(|t| t.seg.as_mut()) {
                seg.push_str(text);
            }
        }
        Sink::Prop => {
            if let Some((_, value)) = prop.as_mut() {
                value.push_str(text);
            }
        }
        Sink::None => {}
    }
}

/// Attribute names and decoded values.
fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        out.push((a.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(out)
}

/// The value of the last property of a type (a `<tuv>`'s own before its `<tu>`'s).
fn prop_of<'a>(tuv: &'a Tuv, tu: &'a Tu, kind: &str) -> Option<&'a str> {
    let find = |props: &'a [(String, String)]| {
        props
            .iter()
            .rev()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    };
    find(&tuv.props).or_else(|| find(&tu.props))
}

/// Turn one `<tu>` into entries, or skips.
fn finish(tu: Tu, header: &Header, out: &mut Parsed) {
    let skip = |out: &mut Parsed, reason| {
        out.skipped.push(Skipped {
            line: tu.line,
            reason,
        });
    };
    let srclang = tu
        .srclang
        .as_deref()
        .or(header.srclang.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("*all*"));
    let Some(srclang) = srclang else {
        return skip(out, SkipReason::NoSourceLanguage);
    };
    let Ok(source) = Language::parse(srclang).map(|l| l.track_tag()) else {
        return skip(
            out,
            SkipReason::InvalidLanguage {
                tag: srclang.to_owned(),
            },
        );
    };
    // Every <tuv> with its language, or the reason it has none.
    let mut tuvs = Vec::new();
    for v in &tu.tuvs {
        let Some(tag) = v.lang.as_deref().map(str::trim) else {
            skip(out, SkipReason::NoLanguage);
            continue;
        };
        match Language::parse(tag) {
            Ok(l) => tuvs.push((l.track_tag(), v)),
            Err(_) => skip(
                out,
                SkipReason::InvalidLanguage {
                    tag: tag.to_owned(),
                },
            ),
        }
    }
    let Some(&(_, src)) = tuvs.iter().find(|(l, _)| *l == source) else {
        return skip(
            out,
            SkipReason::NoSourceTuv {
                lang: source.to_string(),
            },
        );
    };
    let Some(source_text) = src.seg.as_deref() else {
        return skip(
            out,
            SkipReason::NoSegment {
                lang: source.to_string(),
            },
        );
    };
    if super::tm::normalize(source_text).is_empty() {
        return skip(
            out,
            SkipReason::EmptySegment {
                lang: source.to_string(),
            },
        );
    }
    let mut targets = 0;
    for (lang, v) in tuvs.iter().filter(|(l, _)| *l != source) {
        targets += 1;
        let Some(target_text) = v.seg.as_deref() else {
            skip(
                out,
                SkipReason::NoSegment {
                    lang: lang.to_string(),
                },
            );
            continue;
        };
        if target_text.trim().is_empty() {
            skip(
                out,
                SkipReason::EmptySegment {
                    lang: lang.to_string(),
                },
            );
            continue;
        }
        let ours = prop_of(v, &tu, PROP_BACKEND).is_some();
        let created = [
            v.created.as_deref(),
            tu.created.as_deref(),
            header.created.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find_map(Timestamp::parse_tmx);
        let billed = Billed {
            units: prop_of(v, &tu, PROP_BILLED)
                .and_then(|b| b.trim().parse().ok())
                .unwrap_or(0),
            unit: prop_of(v, &tu, PROP_BILLED_UNIT)
                .and_then(BillingUnit::parse)
                .unwrap_or_default(),
        };
        out.entries.push(NewEntry {
            source: source.clone(),
            target: lang.clone(),
            source_text: source_text.to_owned(),
            target_text: target_text.to_owned(),
            backend: prop_of(v, &tu, PROP_BACKEND)
                .unwrap_or(FOREIGN_BACKEND)
                .to_owned(),
            model: prop_of(v, &tu, PROP_MODEL).unwrap_or_default().to_owned(),
            billed: if ours { billed } else { Billed::NOTHING },
            origin: prop_of(v, &tu, PROP_ORIGIN)
                .and_then(Origin::parse)
                .unwrap_or(Origin::Import),
            created,
        });
    }
    if targets == 0 {
        skip(out, SkipReason::NoTarget);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::test_support::{entry, lang, memory};

    fn targets(p: &Parsed) -> Vec<(String, String, String, String)> {
        p.entries
            .iter()
            .map(|e| {
                (
                    e.source.to_string(),
                    e.target.to_string(),
                    e.source_text.clone(),
                    e.target_text.clone(),
                )
            })
            .collect()
    }

    fn t(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
        (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned())
    }

    #[test]
    fn export_escapes_and_keeps_line_breaks() {
        let (_d, m) = memory();
        let mut e = entry(
            "“你”<i>&</i>\n第二行",
            "\"You\" <i>&amp;</i>\nline 2\u{1}",
            "en-US",
        );
        e.model = "a\"b<c>\td".to_owned();
        m.insert(&[e], Overwrite::No).unwrap();
        let xml = export(&m.entries(None, None).unwrap());
        assert!(
            xml.contains(
                "<tuv xml:lang=\"zh-Hans\"><seg>“你”&lt;i&gt;&amp;&lt;/i&gt;\n第二行</seg></tuv>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<seg>\"You\" &lt;i&gt;&amp;amp;&lt;/i&gt;\nline 2\u{FFFD}</seg>"),
            "{xml}"
        );
        assert!(
            xml.contains("<prop type=\"x-dramaloc-model\">a\"b&lt;c&gt;\td</prop>"),
            "{xml}"
        );
        assert!(xml.contains("creationdate=\"20261123T013548Z\""), "{xml}");
        let header = format!(
            "<header creationtool=\"dramaloc\" creationtoolversion=\"{}\" segtype=\"sentence\" \
             o-tmf=\"dramaloc\" adminlang=\"en\" srclang=\"zh-Hans\" datatype=\"plaintext\"/>",
            env!("CARGO_PKG_VERSION")
        );
        assert!(xml.contains(&header), "{xml}");
        // And it reads back to the same texts.
        let p = parse(xml.as_bytes()).unwrap();
        assert_eq!(p.entries[0].source_text, "“你”<i>&</i>\n第二行");
        assert_eq!(
            p.entries[0].target_text,
            "\"You\" <i>&amp;</i>\nline 2\u{FFFD}"
        );
        assert_eq!(p.entries[0].model, "a\"b<c>\td");
    }

    #[test]
    fn attribute_escaping_survives_attribute_normalization() {
        let mut out = String::new();
        attr(&mut out, "x", "a\"b\n\tc&<");
        assert_eq!(out, " x=\"a&quot;b&#10;&#9;c&amp;&lt;\"");
        let xml = format!("<e{out}/>");
        let mut r = Reader::from_str(&xml);
        let Ok(Event::Empty(e)) = r.read_event() else {
            panic!()
        };
        assert_eq!(attributes(&e).unwrap()[0].1, "a\"b\n\tc&<");
    }

    #[test]
    fn round_trip_export_import_export_is_identical() {
        let (_d, m) = memory();
        let mut es = vec![
            entry("你好", "Hello", "en-US"),
            entry("再见\n明天见", "Bye\nSee you", "en-US"),
            entry("你好", "Hola", "es-419"),
        ];
        es[1].backend = "openai".to_owned();
        es[1].model = "qwen2.5:7b".to_owned();
        es[1].billed = Billed::tokens(77);
        es[2].origin = Origin::Manual;
        let mut english = entry("Tea", "Té", "es-419");
        english.source = lang("en-US");
        es.push(english);
        m.insert(&es, Overwrite::No).unwrap();
        let first = export(&m.entries(None, None).unwrap());
        assert!(first.contains("srclang=\"*all*\" datatype"), "{first}");
        let (_d2, m2) = memory();
        let report = import(&m2, &parse(first.as_bytes()).unwrap(), Overwrite::No).unwrap();
        assert_eq!(
            (report.units, report.added, report.skipped.len()),
            (4, 4, 0)
        );
        let second = export(&m2.entries(None, None).unwrap());
        assert_eq!(first, second);
        assert_eq!(m.stats().unwrap(), m2.stats().unwrap());
        // Importing it again changes nothing.
        let again = import(&m2, &parse(first.as_bytes()).unwrap(), Overwrite::Yes).unwrap();
        assert_eq!((again.added, again.kept, again.replaced), (0, 4, 0));
        // One pair only.
        let pair = export(
            &m.entries(Some(&lang("zh-Hans")), Some(&lang("en-US")))
                .unwrap(),
        );
        assert_eq!(pair.matches("<tu ").count(), 2);
        assert!(pair.contains("srclang=\"zh-Hans\" datatype"), "{pair}");
    }

    /// Shapes written by Trados Studio: UTF-16 with BOM, `xml:lang` in other case, header
    /// srclang, several targets per unit, tags inside segments, props and notes.
    const TRADOS: &str = r#"<?xml version="1.0" encoding="utf-16"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format"
          datatype="xml" segtype="sentence" adminlang="en-US" srclang="zh-CN" creationdate="20240102T030405Z">
    <prop type="x-Recognizers">RecognizeAll</prop>
  </header>
  <body>
    <tu creationdate="20240105T101010Z" creationid="PM">
      <prop type="x-LastUsedBy">PM</prop>
      <note>checked by the client</note>
      <tuv xml:lang="ZH-CN"><seg>点击<bpt i="1" type="bold" x="1">&lt;b&gt;</bpt>这里<ept i="1">&lt;/b&gt;</ept>继续</seg></tuv>
      <tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> to go on</seg></tuv>
      <tuv xml:lang="es-419"><seg>Haga clic <ph x="2"/>aquí</seg></tuv>
    </tu>
  </body>
</tmx>"#;

    fn utf16le_with_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            out.extend(u.to_le_bytes());
        }
        out
    }

    #[test]
    fn imports_trados_shapes() {
        let p = parse(&utf16le_with_bom(TRADOS)).unwrap();
        assert_eq!(
            targets(&p),
            [
                t(
                    "zh-Hans",
                    "en-US",
                    "点击<b>这里</b>继续",
                    "Click <b>here</b> to go on"
                ),
                t("zh-Hans", "es-419", "点击<b>这里</b>继续", "Haga clic aquí"),
            ]
        );
        assert_eq!(p.inline_tags, 2 + 2 + 1);
        let e = &p.entries[0];
        assert_eq!(
            (e.backend.as_str(), e.origin),
            (FOREIGN_BACKEND, Origin::Import)
        );
        assert_eq!(e.billed, Billed::NOTHING);
        assert_eq!(
            e.created.map(Timestamp::tmx).as_deref(),
            Some("20240105T101010Z")
        );
        assert!(p.skipped.is_empty());
    }

    /// memoQ: UTF-8 with BOM, `xml:lang` lower case, `<tu>` without srclang under a header
    /// with one, `<it>` and `<ph>` with text, CRLF line endings inside a segment.
    #[test]
    fn imports_memoq_shapes() {
        let xml = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n\
<tmx version=\"1.4\"><header creationtool=\"memoQ\" creationtoolversion=\"9.12\" segtype=\"sentence\" \
o-tmf=\"memoQTM\" adminlang=\"en-us\" srclang=\"zh-hans\" datatype=\"unknown\"/>\r\n<body>\r\n\
<tu changedate=\"20230101T000000Z\" creationdate=\"20230101T000000Z\">\
<prop type=\"client\">ACME</prop>\
<tuv xml:lang=\"zh-hans\"><seg>{\\an8}第一行\r\n<it pos=\"begin\">&lt;i&gt;</it>第二行</seg></tuv>\
<tuv xml:lang=\"pt-br\"><seg>{\\an8}Linha um\r\n<it pos=\"begin\">&lt;i&gt;</it>Linha dois</seg></tuv></tu>\r\n\
</body></tmx>";
        let p = parse(xml.as_bytes()).unwrap();
        assert_eq!(
            targets(&p),
            [t(
                "zh-Hans",
                "pt-BR",
                "{\\an8}第一行\n<i>第二行",
                "{\\an8}Linha um\n<i>Linha dois"
            )]
        );
        assert_eq!(p.inline_tags, 2);
    }

    /// OmegaT (TMX 1.1 style): `lang` instead of `xml:lang`, srclang per unit, `*all*`
    /// header, and the units to skip with their reasons.
    #[test]
    fn imports_omegat_shapes_and_reports_skips() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="6.0" segtype="sentence" srclang="*all*"/>
  <body>
    <tu srclang="EN-US">
      <tuv lang="EN-US"><seg>Tea &amp; cake</seg></tuv>
      <tuv lang="ID"><seg>Teh &amp; kue</seg></tuv>
      <tuv lang="IN"><seg>Teh dan kue</seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN-US"><seg>No source language</seg></tuv>
      <tuv lang="FR"><seg>Pas de langue source</seg></tuv>
    </tu>
    <tu srclang="de">
      <tuv lang="EN-US"><seg>No German here</seg></tuv>
    </tu>
    <tu srclang="en-US">
      <tuv lang="en-US"><seg>Alone</seg></tuv>
    </tu>
    <tu srclang="en-US">
      <tuv lang="en-US"><seg>  </seg></tuv>
      <tuv lang="fr"><seg>Vide</seg></tuv>
    </tu>
    <tu srclang="en-US">
      <tuv lang="en-US"><seg>Fine</seg></tuv>
      <tuv lang="fr_FR"><seg>Bien</seg></tuv>
      <tuv><seg>Sans langue</seg></tuv>
      <tuv lang="it"></tuv>
      <tuv lang="es"><seg/></tuv>
      <tuv lang="de"><seg>Gut</seg></tuv>
    </tu>
  </body>
</tmx>"#;
        let p = parse(xml.as_bytes()).unwrap();
        assert_eq!(p.units, 6);
        assert_eq!(
            targets(&p),
            [
                t("en-US", "id", "Tea & cake", "Teh & kue"),
                // `in` is the deprecated code of `id`: the memory keeps the first.
                t("en-US", "id", "Tea & cake", "Teh dan kue"),
                t("en-US", "de", "Fine", "Gut"),
            ]
        );
        let skipped: Vec<_> = p
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect();
        assert_eq!(
            skipped,
            [
                (11, SkipReason::NoSourceLanguage),
                (
                    15,
                    SkipReason::NoSourceTuv {
                        lang: "de".to_owned()
                    }
                ),
                (18, SkipReason::NoTarget),
                (
                    21,
                    SkipReason::EmptySegment {
                        lang: "en-US".to_owned()
                    }
                ),
                (
                    25,
                    SkipReason::InvalidLanguage {
                        tag: "fr_FR".to_owned()
                    }
                ),
                (25, SkipReason::NoLanguage),
                (
                    25,
                    SkipReason::NoSegment {
                        lang: "it".to_owned()
                    }
                ),
                (
                    25,
                    SkipReason::EmptySegment {
                        lang: "es".to_owned()
                    }
                ),
            ]
        );
        let (_d, m) = memory();
        let r = import(&m, &p, Overwrite::No).unwrap();
        assert_eq!((r.added, r.kept, r.replaced), (2, 1, 0));
        let (_d, m) = memory();
        let r = import(&m, &p, Overwrite::Yes).unwrap();
        assert_eq!((r.added, r.kept, r.replaced), (2, 0, 1));
        let id = m
            .lookup(&lang("en-US"), &lang("id"), &["Tea & cake"])
            .unwrap();
        assert_eq!(id[0].as_ref().unwrap().target_text, "Teh dan kue");
    }

    #[test]
    fn invalid_files_fail_with_line_and_column() {
        let err = parse(
            b"<tmx version=\"1.4\">\n<body>\n<tu><tuv xml:lang=\"en\"><seg>a</tuv>\n</body></tmx>",
        )
        .unwrap_err();
        assert!(matches!(err.kind, TmxErrorKind::Xml { .. }), "{err:?}");
        assert_eq!(err.line, 3, "{err:?}");
        let err = parse(b"<?xml version=\"1.0\"?>\n<html><body/></html>").unwrap_err();
        assert_eq!(
            (err.line, err.column, err.kind),
            (
                2,
                1,
                TmxErrorKind::NotTmx {
                    root: "html".to_owned()
                }
            )
        );
        let err = parse(b"<tmx version=\"1.4\"><header/></tmx>").unwrap_err();
        assert_eq!(err.kind, TmxErrorKind::NoBody);
        let err = parse(b"<tmx><body>\n  <tu>caf\xe9</tu></body></tmx>").unwrap_err();
        assert_eq!(
            (err.line, err.column, err.kind),
            (2, 10, TmxErrorKind::Encoding)
        );
        let err = parse(b"<tmx><body><tu>&nbsp;</tu></body></tmx>").unwrap_err();
        assert!(matches!(err.kind, TmxErrorKind::Xml { .. }), "{err:?}");
        let err = parse(b"<tmx><body>").unwrap_err();
        assert!(matches!(err.kind, TmxErrorKind::Xml { .. }), "{err:?}");
        let err = parse(b"").unwrap_err();
        assert!(matches!(err.kind, TmxErrorKind::NotTmx { .. }), "{err:?}");
        // An empty body is a valid, empty memory.
        assert_eq!(
            parse(b"<tmx><header/><body/></tmx>").unwrap(),
            Parsed::default()
        );
    }

    #[test]
    fn never_panics_on_truncated_or_mangled_input() {
        let doc = utf16le_with_bom(TRADOS);
        let utf8 = TRADOS.as_bytes();
        for end in 0..utf8.len() {
            let _ = parse(&utf8[..end]);
        }
        for end in (0..doc.len()).step_by(7) {
            let _ = parse(&doc[..end]);
        }
        let mut bytes = utf8.to_vec();
        for i in (0..bytes.len()).step_by(13) {
            bytes[i] = b"<>&\"'/\0\xff"[i % 8];
            let _ = parse(&bytes);
        }
    }
}
