//! XML reading for TTML: quick-xml events turned into a small element tree with byte
//! positions, namespaces resolved to the few families TTML cares about.
//!
//! Owns well-formedness errors (with line and column), the nesting limit and entity handling:
//! only the five predefined entities and numeric character references are decoded; nothing
//! declared in a DTD is ever expanded, so entity bombs cost nothing. It knows nothing about
//! timing, styling or cues.

use std::collections::HashSet;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;

use crate::formats::{ParseError, ParseErrorKind, ParseWarning, WarningKind};

/// Elements may nest this deep (the root counts as 1). Real documents use fewer than ten.
pub(super) const MAX_DEPTH: usize = 64;

/// The namespace families a TTML reader distinguishes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Ns {
    /// No namespace (unprefixed attributes, or elements without a default namespace).
    None,
    /// TTML itself, including the 2006 DFXP namespaces.
    Tt,
    Styling,
    Parameter,
    Metadata,
    /// The `xml:` prefix.
    Xml,
    /// A namespace declaration attribute (`xmlns`, `xmlns:p`).
    Xmlns,
    /// Apple's iTunes lyrics extensions.
    Itunes,
    Other,
}

const TT_NAMESPACES: [&str; 4] = [
    "http://www.w3.org/ns/ttml",
    "http://www.w3.org/2006/10/ttaf1",
    "http://www.w3.org/2006/04/ttaf1",
    "http://www.w3.org/2006/02/ttaf1",
];

fn classify(uri: &str) -> Ns {
    let (base, fragment) = match uri.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (uri, None),
    };
    if TT_NAMESPACES.contains(&base) {
        return match fragment {
            None => Ns::Tt,
            Some("styling" | "style") => Ns::Styling,
            Some("parameter") => Ns::Parameter,
            Some("metadata") => Ns::Metadata,
            Some(_) => Ns::Other,
        };
    }
    match uri {
        "http://www.w3.org/XML/1998/namespace" => Ns::Xml,
        "http://music.apple.com/lyric-ttml-internal"
        | "http://itunes.apple.com/lyric-ttml-extensions" => Ns::Itunes,
        _ => Ns::Other,
    }
}

/// Undeclared prefixes in sloppy files: the conventional ones are taken at their word.
fn conventional_prefix(prefix: &str) -> Ns {
    match prefix {
        "tt" => Ns::Tt,
        "tts" => Ns::Styling,
        "ttp" => Ns::Parameter,
        "ttm" => Ns::Metadata,
        "itunes" => Ns::Itunes,
        _ => Ns::Other,
    }
}

fn resolved(result: ResolveResult<'_>) -> Ns {
    match result {
        ResolveResult::Bound(ns) => classify(ns.0),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(prefix) => conventional_prefix(&prefix),
    }
}

pub(super) type NodeId = usize;

#[derive(Debug, Clone)]
pub(super) struct Attr {
    pub ns: Ns,
    pub local: String,
    /// The name as written (`tts:color`).
    pub qname: String,
    /// The normalized value.
    pub value: String,
    /// Byte offset of the value (or of the element when unknown).
    pub pos: usize,
}

#[derive(Debug, Clone)]
pub(super) struct Element {
    pub ns: Ns,
    pub local: String,
    pub qname: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<NodeId>,
    /// Byte offset of `<`.
    pub start: usize,
    /// Byte offset of the end tag's `<` (equals `end` for an empty-element tag).
    pub content_end: usize,
    /// Byte offset just after the element.
    pub end: usize,
    /// Written as `<x/>`.
    pub empty: bool,
}

impl Element {
    pub fn is(&self, local: &str) -> bool {
        self.ns == Ns::Tt && self.local == local
    }

    /// An attribute in a namespace family by local name.
    pub fn attr(&self, ns: Ns, local: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.ns == ns && a.local == local)
    }

    pub fn attr_value(&self, ns: Ns, local: &str) -> Option<&str> {
        self.attr(ns, local).map(|a| a.value.as_str())
    }

    /// `xml:id`.
    pub fn id(&self) -> Option<&str> {
        self.attr_value(Ns::Xml, "id")
    }

    /// The referential `style` attribute (also accepted as `tt:style`, as some exporters write it).
    pub fn style_refs(&self) -> Option<&Attr> {
        self.attr(Ns::None, "style")
            .or_else(|| self.attr(Ns::Tt, "style"))
            .or_else(|| self.attr(Ns::Styling, "style"))
    }
}

#[derive(Debug, Clone)]
pub(super) enum Node {
    Element(Element),
    Text(String),
}

/// A parsed XML document.
#[derive(Debug, Clone)]
pub(super) struct Tree {
    pub nodes: Vec<Node>,
    pub root: Option<NodeId>,
}

impl Tree {
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match self.nodes.get(id) {
            Some(Node::Element(e)) => Some(e),
            _ => None,
        }
    }

    /// Element children of an element.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = (NodeId, &Element)> {
        self.element(id)
            .map(|e| e.children.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|&c| self.element(c).map(|e| (c, e)))
    }

    /// The first child element in the TTML namespace with this local name.
    pub fn child_named(&self, id: NodeId, local: &str) -> Option<(NodeId, &Element)> {
        self.child_elements(id).find(|(_, e)| e.is(local))
    }
}

/// Line starts of a text, to turn byte offsets into 1-based line and character column.
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes.get(i) {
                Some(b'\n') => starts.push(i + 1),
                Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { text, starts }
    }

    /// (line, column), both 1-based; the column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }

    pub fn error(&self, offset: usize, kind: ParseErrorKind) -> ParseError {
        let (line, column) = self.position(offset);
        ParseError::new(line, column, kind)
    }
}

/// Warnings of a document; some kinds are reported once per document to stay readable.
pub(super) struct Warnings<'a> {
    lines: &'a Lines<'a>,
    pub list: Vec<ParseWarning>,
    once: HashSet<String>,
}

impl<'a> Warnings<'a> {
    pub fn new(lines: &'a Lines<'a>) -> Self {
        Warnings {
            lines,
            list: Vec::new(),
            once: HashSet::new(),
        }
    }

    pub fn push(&mut self, offset: usize, kind: WarningKind) {
        let (line, column) = self.lines.position(offset);
        self.list.push(ParseWarning::new(line, column, kind));
    }

    /// Report `kind` only the first time `key` is seen.
    pub fn once(&mut self, key: &str, offset: usize, kind: WarningKind) {
        if self.once.insert(key.to_owned()) {
            self.push(offset, kind);
        }
    }

    pub fn lines(&self) -> &'a Lines<'a> {
        self.lines
    }
}

/// Characters XML 1.0 forbids even as character references become U+FFFD.
pub(super) fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        _ => c,
    }
}

fn push_text(tree: &mut Tree, parent: NodeId, text: &str) {
    let last = tree
        .element(parent)
        .and_then(|e| e.children.last().copied());
    if let Some(Node::Text(t)) = last.and_then(|l| tree.nodes.get_mut(l)) {
        t.extend(text.chars().map(xml_char));
        return;
    }
    let id = tree.nodes.len();
    tree.nodes
        .push(Node::Text(text.chars().map(xml_char).collect()));
    if let Some(Node::Element(e)) = tree.nodes.get_mut(parent) {
        e.children.push(id);
    }
}

/// Byte offset of `part` inside `whole` when it is a borrowed slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let base = whole.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    let off = p.checked_sub(base)?;
    (off <= whole.len()).then_some(off)
}

fn xml_error(lines: &Lines<'_>, offset: usize, detail: impl Into<String>) -> ParseError {
    lines.error(
        offset,
        ParseErrorKind::Xml {
            detail: detail.into(),
        },
    )
}

fn read_element(
    text: &str,
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    pos: usize,
    end: usize,
    warnings: &mut Warnings<'_>,
) -> Result<Element, ParseError> {
    let lines = warnings.lines();
    let (ns, local) = reader.resolver().resolve_element(start.name());
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| xml_error(lines, pos, e.to_string()))?;
        let qname = attr.key.as_ref().to_owned();
        let value_pos = offset_in(text, &attr.value).unwrap_or(pos);
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v.chars().map(xml_char).collect(),
            Err(_) => {
                // An undeclared entity in an attribute: keep the raw text rather than fail.
                warnings.once(
                    "entity",
                    value_pos,
                    WarningKind::TtmlUnsupported {
                        what: attr.value.to_string(),
                    },
                );
                crate::formats::markup::decode_entities(&attr.value)
            }
        };
        let (ans, alocal) = if attr.key.as_namespace_binding().is_some() {
            (Ns::Xmlns, qname.clone())
        } else {
            let (r, l) = reader
                .resolver()
                .resolve_attribute(QName(attr.key.as_ref()));
            (resolved(r), l.as_ref().to_owned())
        };
        attrs.push(Attr {
            ns: ans,
            local: alocal,
            qname,
            value,
            pos: value_pos,
        });
    }
    Ok(Element {
        ns: resolved(ns),
        local: local.as_ref().to_owned(),
        qname: start.name().as_ref().to_owned(),
        attrs,
        children: Vec::new(),
        start: pos,
        content_end: end,
        end,
        empty: false,
    })
}

/// A reference to a named entity other than the predefined five: a few HTML names are decoded
/// (they are common in hand-made files), anything else is kept as written.
fn named_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn html_entity(name: &str) -> Option<char> {
    match name {
        "nbsp" => Some('\u{a0}'),
        "lrm" => Some('\u{200e}'),
        "rlm" => Some('\u{200f}'),
        _ => None,
    }
}

/// Parse `text` (BOM already removed) into a tree.
pub(super) fn read(text: &str, warnings: &mut Warnings<'_>) -> Result<Tree, ParseError> {
    let lines = warnings.lines();
    let mut reader = NsReader::from_str(text);
    {
        let config = reader.config_mut();
        config.allow_dangling_amp = true;
        config.check_end_names = true;
        config.expand_empty_elements = false;
    }
    let mut tree = Tree {
        nodes: Vec::new(),
        root: None,
    };
    let mut stack: Vec<NodeId> = Vec::new();
    let mut root_closed = false;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = match &e {
                    quick_xml::Error::Syntax(_) | quick_xml::Error::IllFormed(_) => {
                        usize::try_from(reader.error_position()).unwrap_or(pos)
                    }
                    _ => pos,
                };
                return Err(xml_error(lines, at, e.to_string()));
            }
        };
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let is_empty = matches!(event, Event::Empty(_));
                if root_closed {
                    return Err(xml_error(
                        lines,
                        pos,
                        "a second element after the root element",
                    ));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(lines.error(pos, ParseErrorKind::TooDeep { limit: MAX_DEPTH }));
                }
                let mut element = read_element(text, &reader, start, pos, end, warnings)?;
                element.empty = is_empty;
                let id = tree.nodes.len();
                tree.nodes.push(Node::Element(element));
                match stack.last() {
                    Some(&parent) => {
                        if let Some(Node::Element(p)) = tree.nodes.get_mut(parent) {
                            p.children.push(id);
                        }
                    }
                    None => tree.root = Some(id),
                }
                if is_empty {
                    root_closed |= stack.is_empty();
                } else {
                    stack.push(id);
                }
            }
            Event::End(_) => {
                if let Some(id) = stack.pop()
                    && let Some(Node::Element(e)) = tree.nodes.get_mut(id)
                {
                    e.content_end = pos;
                    e.end = end;
                }
                root_closed |= stack.is_empty();
            }
            Event::Text(t) => {
                let Some(&parent) = stack.last() else {
                    continue;
                };
                let content = t.xml10_content();
                if content.starts_with('&') {
                    warnings.once(
                        "bare-amp",
                        pos,
                        WarningKind::TtmlUnsupported {
                            what: "&".to_owned(),
                        },
                    );
                }
                push_text(&mut tree, parent, &content);
            }
            Event::CData(c) => {
                if let Some(&parent) = stack.last() {
                    push_text(&mut tree, parent, &c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let Some(&parent) = stack.last() else {
                    continue;
                };
                let name = r.xml10_content();
                let decoded = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            return Err(xml_error(
                                lines,
                                pos,
                                format!("`&{name};` is not a valid character reference"),
                            ));
                        }
                    }
                } else if let Some(c) = named_entity(&name) {
                    c.to_string()
                } else {
                    warnings.once(
                        &format!("entity:{name}"),
                        pos,
                        WarningKind::TtmlUnsupported {
                            what: format!("&{name};"),
                        },
                    );
                    match html_entity(&name) {
                        Some(c) => c.to_string(),
                        None => format!("&{name};"),
                    }
                };
                push_text(&mut tree, parent, &decoded);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(&open) = stack.last() {
        let (at, name) = match tree.nodes.get(open) {
            Some(Node::Element(e)) => (e.start, e.qname.clone()),
            _ => (text.len(), String::new()),
        };
        return Err(xml_error(lines, at, format!("`<{name}>` is never closed")));
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Tree, ParseError> {
        let lines = Lines::new(text);
        let mut w = Warnings::new(&lines);
        read(text, &mut w)
    }

    #[test]
    fn positions_count_characters() {
        let lines = Lines::new("ab\r\nçd\re");
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(4), (2, 1));
        assert_eq!(lines.position(6), (2, 2), "ç is one column");
        assert_eq!(lines.position(8), (3, 1));
        assert_eq!(lines.position(99), (3, 2));
    }

    #[test]
    fn namespaces_are_classified() {
        let t = parse(
            r#"<tt:tt xmlns:tt="http://www.w3.org/2006/10/ttaf1" xmlns:s="http://www.w3.org/ns/ttml#styling"><tt:p s:fontStyle="italic" xml:id="a" style="x"/></tt:tt>"#,
        )
        .unwrap();
        let root = t.element(t.root.unwrap()).unwrap();
        assert!(root.is("tt"));
        assert_eq!(root.attrs[0].ns, Ns::Xmlns);
        let (_, p) = t.child_named(t.root.unwrap(), "p").unwrap();
        assert_eq!(p.attr_value(Ns::Styling, "fontStyle"), Some("italic"));
        assert_eq!(p.id(), Some("a"));
        assert_eq!(p.style_refs().unwrap().value, "x");
        assert!(p.empty);
    }

    #[test]
    fn text_and_references_merge() {
        let t = parse("<tt>a &amp; b &#x1F600;&#65;<![CDATA[<c>]]> &bogus; &nbsp;</tt>").unwrap();
        let root = t.element(t.root.unwrap()).unwrap();
        assert_eq!(root.children.len(), 1);
        match &t.nodes[root.children[0]] {
            Node::Text(text) => assert_eq!(text, "a & b 😀A<c> &bogus; \u{a0}"),
            _ => panic!("text expected"),
        }
    }

    #[test]
    fn malformed_xml_has_a_position() {
        let err = parse("<tt>\n  <p>x</q>\n</tt>").unwrap_err();
        assert!(matches!(err.kind, ParseErrorKind::Xml { .. }), "{err:?}");
        assert_eq!((err.line, err.column), (2, 7));
        let err = parse("<tt>\n <p>").unwrap_err();
        assert_eq!((err.line, err.column), (2, 2), "{err:?}");
        let err = parse("<tt>&#xD800;</tt>").unwrap_err();
        assert!(matches!(err.kind, ParseErrorKind::Xml { .. }));
        let err = parse("<tt a='1' a='2'/>").unwrap_err();
        assert!(matches!(err.kind, ParseErrorKind::Xml { .. }));
    }

    #[test]
    fn nesting_is_limited() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let err = parse(&deep).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::TooDeep { limit: MAX_DEPTH });
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn declared_entities_are_never_expanded() {
        let bomb = r#"<!DOCTYPE tt [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><tt>&b;</tt>"#;
        let t = parse(bomb).unwrap();
        let root = t.element(t.root.unwrap()).unwrap();
        match &t.nodes[root.children[0]] {
            Node::Text(text) => assert_eq!(text, "&b;"),
            _ => panic!("text expected"),
        }
    }
}
