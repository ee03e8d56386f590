//! TTML: TTML 1/2, DFXP, IMSC 1.1 text profile, EBU-TT-D, Netflix and Apple flavours.
//!
//! Owns reading TTML into cues, writing cues as a clean IMSC 1.1 document, and the cue-text
//! markup of TTML tracks (see `text.rs`). TTML round-trips semantically: parse → write →
//! parse gives the same cues (times, texts, styles, placement), not the same bytes; an
//! unedited track is still written back byte for byte.
//!
//! - `dom`: XML to an element tree (positions, nesting limit, no entity expansion)
//! - `time`: time expressions and timing parameters, exact integer arithmetic
//! - `style`: styles, regions, placement
//! - `body`: time containment and the cues of each paragraph
//! - `text`: whitespace handling and the cue-text markup
//! - `writer`: the canonical writer
//!
//! Modelling choices, where TTML can say more than a cue list:
//! - placement is Top/Middle/Bottom by the vertical anchor of a paragraph's region
//!   (origin or position, extent, display alignment) in thirds of the screen; regions
//!   without geometry fall back to their id (`top`, `bottomCenter`…); no region is Bottom;
//! - a paragraph with no end (nothing in the document ends it) ends at 9,999 hours;
//! - leading and trailing empty lines of a paragraph are dropped; a paragraph (or an
//!   interval of a split paragraph) with no visible text is not a cue;
//! - `<set>` animations, colours, fonts and sizes are not modelled.

mod body;
mod dom;
mod style;
mod text;
mod time;
mod writer;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use super::{Dropped, ParseError, ParseErrorKind, Parsed, Placement, RichText, Run, WarningKind};
use crate::model::{
    Cue, CueMeta, Format, LineEnding, SourceRange, SubtitleTrack, TrackHeader, TtmlCueMeta,
    TtmlHeader,
};

use dom::{Lines, Node, NodeId, Ns, Tree, Warnings};
use style::{Head, RootGeometry, Style};
use text::Seg;
use time::TimeParams;

/// Parse a TTML document. A leading U+FEFF is taken as a byte order mark.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if text.trim().is_empty() {
        return Err(ParseError::new(1, 1, ParseErrorKind::Empty));
    }
    let lines = Lines::new(text);
    let mut warnings = Warnings::new(&lines);
    let mut tree = dom::read(text, &mut warnings)?;
    let Some(root_id) = tree.root else {
        return Err(ParseError::new(1, 1, ParseErrorKind::TtmlNoRoot));
    };
    let (root_ns, root_start) = match tree.element(root_id) {
        Some(r) if r.local == "tt" => (r.ns, r.start),
        Some(r) => return Err(lines.error(r.start, ParseErrorKind::TtmlNoRoot)),
        None => return Err(ParseError::new(1, 1, ParseErrorKind::TtmlNoRoot)),
    };
    match root_ns {
        Ns::Tt => {}
        Ns::None => {
            // A `<tt>` without a namespace: read its unprefixed elements as TTML.
            warnings.push(
                root_start,
                WarningKind::TtmlUnsupported {
                    what: "<tt xmlns=\"\">".to_owned(),
                },
            );
            adopt_no_namespace(&mut tree);
        }
        _ => return Err(lines.error(root_start, ParseErrorKind::TtmlNoRoot)),
    }
    let Some(root) = tree.element(root_id) else {
        return Err(ParseError::new(1, 1, ParseErrorKind::TtmlNoRoot));
    };

    let (params, bad) = TimeParams::from_root(root);
    for b in bad {
        warnings.push(b.pos, WarningKind::TtmlUnsupported { what: b.attr });
    }
    let head_id = tree.child_named(root_id, "head").map(|(id, _)| id);
    let head = Head::read(&tree, head_id, RootGeometry::from_root(root));
    let apple = root.attrs.iter().any(|a| a.ns == Ns::Itunes);
    if let Some(a) = root.attr(Ns::Itunes, "timing")
        && a.value != "None"
        && a.value != "Line"
    {
        warnings.push(
            a.pos,
            WarningKind::TtmlUnsupported {
                what: format!("{}=\"{}\"", a.qname, a.value),
            },
        );
    }
    if let Some(set) = tree.nodes.iter().find_map(|n| match n {
        Node::Element(e) if e.is("set") => Some(e.start),
        _ => None,
    }) {
        warnings.push(
            set,
            WarningKind::TtmlUnsupported {
                what: "<set>".to_owned(),
            },
        );
    }
    let body_id = tree.child_named(root_id, "body").map(|(id, _)| id);
    let ctx = body::Context {
        tree: &tree,
        head: &head,
        params: &params,
        apple,
    };
    let cues = body::cues(&ctx, root_id, body_id, &mut warnings)?;

    let header = TtmlHeader {
        tt_attributes: root
            .attrs
            .iter()
            .map(|a| (a.qname.clone(), a.value.clone()))
            .collect(),
        head: head_id
            .and_then(|h| tree.element(h))
            .and_then(|h| text.get(h.start..h.end))
            .map(str::to_owned),
        lang: root.attr_value(Ns::Xml, "lang").map(str::to_owned),
    };
    let preamble_end = cues
        .iter()
        .filter_map(|c| c.source())
        .map(|s| s.start)
        .min()
        .unwrap_or(text.len());
    let mut track = SubtitleTrack::new(Format::Ttml)
        .with_source(Arc::from(text), SourceRange::new(0, preamble_end))
        .with_header(TrackHeader::Ttml(header));
    track.bom = bom;
    track.line_ending = LineEnding::detect(text);
    track.cues = cues;
    Ok(Parsed {
        track,
        warnings: warnings.list,
    })
}

fn adopt_no_namespace(tree: &mut Tree) {
    for node in &mut tree.nodes {
        if let Node::Element(e) = node
            && e.ns == Ns::None
        {
            e.ns = Ns::Tt;
        }
    }
}

/// Write a track. An unedited track is written back as it was read; anything else is written
/// as a new IMSC 1.1 document. Starts with U+FEFF when the track has a byte order mark.
pub fn write(track: &SubtitleTrack) -> String {
    if let Some(original) = unchanged_original(track) {
        let mut out = String::with_capacity(original.len() + 3);
        if track.bom {
            out.push('\u{feff}');
        }
        out.push_str(original);
        return out;
    }
    writer::write(track)
}

/// The original text, when reading it again gives exactly this track.
fn unchanged_original(track: &SubtitleTrack) -> Option<&str> {
    let source = track.source()?;
    track.preamble_text()?;
    if !track.cues.iter().all(Cue::is_unedited) {
        return None;
    }
    let again = parse(source).ok()?.track;
    let same = again.header() == track.header()
        && again.line_ending == track.line_ending
        && again.cues.len() == track.cues.len()
        && again
            .cues
            .iter()
            .zip(&track.cues)
            .all(|(a, b)| a.span() == b.span() && a.text() == b.text() && a.meta() == b.meta());
    same.then_some(source)
}

/// Whether the text is a TTML document: after an optional BOM, whitespace, the XML
/// declaration, comments, processing instructions and a DOCTYPE, the first element is `tt`
/// (with any prefix).
pub fn looks_like(text: &str) -> bool {
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            match r.find("?>") {
                Some(i) => rest = r.get(i + 2..).unwrap_or(""),
                None => return false,
            }
        } else if let Some(r) = rest.strip_prefix("<!--") {
            match r.find("-->") {
                Some(i) => rest = r.get(i + 3..).unwrap_or(""),
                None => return false,
            }
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            match skip_doctype(rest) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            let name = r.get(..end).unwrap_or("");
            let local = name.rsplit(':').next().unwrap_or(name);
            return local == "tt" && end < r.len();
        } else {
            return false;
        }
    }
}

/// Skip `<!DOCTYPE …>`, including an internal subset in brackets.
fn skip_doctype(s: &str) -> Option<&str> {
    let mut in_subset = false;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => in_subset = true,
            (None, ']') => in_subset = false,
            (None, '>') if !in_subset => return s.get(i + 1..),
            _ => {}
        }
    }
    None
}

/// An empty TTML track with a default header.
pub fn new_track() -> SubtitleTrack {
    SubtitleTrack::new(Format::Ttml).with_header(TrackHeader::Ttml(TtmlHeader::default()))
}

/// A TTML cue as rich text. Ruby annotations are dropped (the base text stays), unknown
/// tags are dropped, named styles are reported as dropped.
pub fn to_rich(track: &SubtitleTrack, cue: &Cue, dropped: &mut Vec<Dropped>) -> RichText {
    let read = text::read_markup(cue.text());
    if read.unknown_tags {
        dropped.push(Dropped::Other);
    }
    let mut in_rt = false;
    let mut lines = Vec::with_capacity(read.lines.len());
    for line in read.lines {
        let mut runs = Vec::new();
        for seg in line {
            match seg {
                Seg::Text(text, style) => {
                    if in_rt {
                        dropped.push(Dropped::Ruby);
                    } else {
                        runs.push(Run {
                            text,
                            italic: style.italic,
                            bold: style.bold,
                            underline: style.underline,
                        });
                    }
                }
                Seg::RtOpen => in_rt = true,
                Seg::RtClose | Seg::RubyClose => in_rt = false,
                Seg::RubyOpen => {}
            }
        }
        lines.push(runs);
    }
    let placement = match cue.meta() {
        CueMeta::Ttml(m) => {
            if m.style.is_some() {
                dropped.push(Dropped::Style);
            }
            match (m.region.as_deref(), track.header()) {
                (Some(region), TrackHeader::Ttml(h)) => cached_head(h).placement(Some(region)),
                (Some(region), _) => style::placement_by_name(region).unwrap_or(Placement::Bottom),
                (None, _) => Placement::Bottom,
            }
        }
        _ => Placement::Bottom,
    };
    RichText { lines, placement }.normalize()
}

/// TTML cue text and metadata for rich text: placement becomes the `top`, `middle` or
/// `bottom` region (the writer defines them when the head lacks them).
pub fn from_rich(rich: &RichText) -> (String, CueMeta) {
    let lines: Vec<Vec<Seg>> = rich
        .lines
        .iter()
        .map(|line| {
            line.iter()
                .map(|r| {
                    Seg::Text(
                        r.text.clone(),
                        Style {
                            italic: r.italic,
                            bold: r.bold,
                            underline: r.underline,
                        },
                    )
                })
                .collect()
        })
        .collect();
    let region = match rich.placement {
        Placement::Top => "top",
        Placement::Middle => "middle",
        Placement::Bottom => "bottom",
    };
    (
        text::to_markup(&lines),
        CueMeta::Ttml(Box::new(TtmlCueMeta {
            id: None,
            region: Some(region.to_owned()),
            style: None,
        })),
    )
}

/// A header's `<head>` parsed in the context of its root attributes.
pub(super) struct HeadDoc {
    tree: Tree,
    text: String,
    head_id: Option<NodeId>,
    head: Head,
}

impl HeadDoc {
    fn head_text(&self) -> &str {
        self.head_id
            .and_then(|h| self.tree.element(h))
            .and_then(|h| self.text.get(h.start..h.end))
            .unwrap_or("")
    }
}

/// Heads larger than this are not parsed again for placement (only region ids are used).
const MAX_HEAD_FOR_PLACEMENT: usize = 1 << 20;

fn read_head_doc(header: &TtmlHeader) -> HeadDoc {
    let mut text = String::from("<tt");
    for (q, v) in &header.tt_attributes {
        text.push(' ');
        text.push_str(q);
        text.push_str("=\"");
        for c in v.chars() {
            match c {
                '&' => text.push_str("&amp;"),
                '<' => text.push_str("&lt;"),
                '"' => text.push_str("&quot;"),
                _ => text.push(c),
            }
        }
        text.push('"');
    }
    text.push('>');
    text.push_str(header.head.as_deref().unwrap_or(""));
    text.push_str("</tt>");
    let empty = |text: String| HeadDoc {
        tree: Tree {
            nodes: Vec::new(),
            root: None,
        },
        text,
        head_id: None,
        head: Head::empty(RootGeometry {
            height_px: None,
            rows: 15.0,
        }),
    };
    let lines = Lines::new(&text);
    let mut warnings = Warnings::new(&lines);
    let Ok(mut tree) = dom::read(&text, &mut warnings) else {
        return empty(text);
    };
    let Some(root_id) = tree.root else {
        return empty(text);
    };
    if tree.element(root_id).is_some_and(|r| r.ns == Ns::None) {
        adopt_no_namespace(&mut tree);
    }
    let Some(root) = tree.element(root_id) else {
        return empty(text);
    };
    let geometry = RootGeometry::from_root(root);
    let head_id = tree.child_named(root_id, "head").map(|(id, _)| id);
    let head = Head::read(&tree, head_id, geometry);
    HeadDoc {
        tree,
        text,
        head_id,
        head,
    }
}

thread_local! {
    /// The last header whose head was read for `to_rich`: converting a track calls it for
    /// every cue with the same header.
    static HEAD_CACHE: RefCell<Option<(TtmlHeader, Rc<Head>)>> = const { RefCell::new(None) };
}

fn cached_head(header: &TtmlHeader) -> Rc<Head> {
    if header
        .head
        .as_ref()
        .is_some_and(|h| h.len() > MAX_HEAD_FOR_PLACEMENT)
    {
        return Rc::new(Head::empty(RootGeometry {
            height_px: None,
            rows: 15.0,
        }));
    }
    let hit = HEAD_CACHE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(h, _)| h == header)
            .map(|(_, head)| Rc::clone(head))
    });
    if let Some(head) = hit {
        return head;
    }
    let head = Rc::new(read_head_doc(header).head);
    HEAD_CACHE.with(|c| {
        if let Ok(mut slot) = c.try_borrow_mut() {
            *slot = Some((header.clone(), Rc::clone(&head)));
        }
    });
    head
}

#[cfg(test)]
mod tests;
