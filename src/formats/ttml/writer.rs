//! The canonical TTML writer: a clean IMSC 1.1 text-profile document.
//!
//! Owns the document skeleton (root attributes, `<head>` kept or generated, one `<div>`),
//! the `top`/`middle`/`bottom` regions that placement needs, and the serialization of
//! cue-text markup into `<p>`, `<span>` and `<br/>`. Times are written as
//! `hh:mm:ss.mmm` media times, so the original frame and tick parameters no longer matter.

use std::collections::HashSet;

use crate::model::time::MAX_MILLIS;
use crate::model::{CueMeta, Millis, SubtitleTrack, TrackHeader, TtmlCueMeta, TtmlHeader};

use super::dom::{NodeId, Ns, Tree};
use super::style::{Head, Style};
use super::text::{Seg, escape, read_markup};
use super::{HeadDoc, read_head_doc};

const NS_TT: &str = "http://www.w3.org/ns/ttml";
const NS_TTS: &str = "http://www.w3.org/ns/ttml#styling";
const NS_TTP: &str = "http://www.w3.org/ns/ttml#parameter";
const IMSC_11_TEXT: &str = "http://www.w3.org/ns/ttml/profile/imsc1.1/text";

/// The regions dramaloc generates for placement, with their geometry.
const PLACEMENT_REGIONS: [(&str, &str); 3] =
    [("bottom", "after"), ("top", "before"), ("middle", "center")];

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(super::dom::xml_char(c)),
        }
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_attr(value, out);
    out.push('"');
}

fn clock(t: Millis) -> String {
    let (h, m, s, ms) = t.hmsm();
    format!("{h:02}:{m:02}:{s:02}.{ms:03}")
}

/// An XML name without a colon, as `xml:id` requires.
fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn region_element(prefix: &str, id: &str, align: &str) -> String {
    format!(
        r#"<{prefix}region xml:id="{id}" tts:origin="10% 10%" tts:extent="80% 80%" tts:displayAlign="{align}" tts:textAlign="center"/>"#
    )
}

fn normalize_newlines(s: &str, nl: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    if nl == "\n" {
        unified
    } else {
        unified.replace('\n', nl)
    }
}

/// The qualified-name prefix (with colon) of an element, for writing siblings in its namespace.
fn prefix_of(qname: &str) -> &str {
    match qname.find(':') {
        Some(i) => qname.get(..=i).unwrap_or(""),
        None => "",
    }
}

/// The original `<head>` with the missing placement regions added to its `<layout>`.
fn head_with_regions(doc: &HeadDoc, missing: &[(&str, &str)], indent: &str, nl: &str) -> String {
    let original = doc.head_text();
    if missing.is_empty() {
        return original.to_owned();
    }
    let Some(head_id) = doc.head_id else {
        return original.to_owned();
    };
    let tree = &doc.tree;
    let Some(head) = tree.element(head_id) else {
        return original.to_owned();
    };
    let offset = head.start;
    let local = |pos: usize| pos.saturating_sub(offset);
    let regions = |prefix: &str, depth: &str| -> String {
        missing
            .iter()
            .map(|(id, align)| format!("{nl}{depth}{}", region_element(prefix, id, align)))
            .collect()
    };
    let layout = tree.child_elements(head_id).find(|(_, e)| e.is("layout"));
    let (at, insert, replace_to) = match layout {
        Some((_, l)) if l.empty => {
            let p = prefix_of(&l.qname);
            let open = original
                .get(local(l.start)..local(l.end))
                .unwrap_or("")
                .trim_end_matches('>')
                .trim_end_matches('/')
                .trim_end();
            (
                local(l.start),
                format!(
                    "{open}>{}{nl}{indent}{indent}</{}>",
                    regions(p, &format!("{indent}{indent}{indent}")),
                    l.qname
                ),
                local(l.end),
            )
        }
        Some((_, l)) => {
            let p = prefix_of(&l.qname);
            let at = local(l.content_end);
            (
                at,
                format!(
                    "{}{nl}{indent}{indent}",
                    regions(p, &format!("{indent}{indent}{indent}"))
                ),
                at,
            )
        }
        None => {
            let p = prefix_of(&head.qname);
            let block = format!(
                "{nl}{indent}{indent}<{p}layout>{}{nl}{indent}{indent}</{p}layout>",
                regions(p, &format!("{indent}{indent}{indent}"))
            );
            if head.empty {
                let open = original
                    .trim_end()
                    .trim_end_matches('>')
                    .trim_end_matches('/')
                    .trim_end();
                return format!("{open}>{block}{nl}{indent}</{}>", head.qname);
            }
            let at = local(head.content_end);
            (at, format!("{block}{nl}{indent}"), at)
        }
    };
    match (original.get(..at), original.get(replace_to..)) {
        (Some(before), Some(after)) => {
            let before = if layout.is_none() || at == replace_to {
                before.trim_end()
            } else {
                before
            };
            format!("{before}{insert}{}", after.trim_start_matches([' ', '\t']))
        }
        _ => original.to_owned(),
    }
}

fn generated_head(regions: &[(&str, &str)], indent: &str, nl: &str) -> String {
    let mut out = format!("<head>{nl}{indent}{indent}<layout>");
    for (id, align) in regions {
        out.push_str(nl);
        out.push_str(indent);
        out.push_str(indent);
        out.push_str(indent);
        out.push_str(&region_element("", id, align));
    }
    out.push_str(&format!("{nl}{indent}{indent}</layout>{nl}{indent}</head>"));
    out
}

fn has_profile_element(tree: &Tree, head: Option<NodeId>) -> bool {
    head.is_some_and(|h| {
        tree.child_elements(h)
            .any(|(_, e)| e.ns == Ns::Parameter && e.local == "profile")
    })
}

/// Whether a paragraph's text needs `xml:space="preserve"` to survive default whitespace
/// handling.
fn needs_preserve(lines: &[Vec<Seg>]) -> bool {
    lines.iter().any(|line| {
        let text: String = line
            .iter()
            .filter_map(|s| match s {
                Seg::Text(t, _) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        text.starts_with(' ')
            || text.ends_with(' ')
            || text.contains("  ")
            || text.contains(['\t', '\r'])
    })
}

fn span_open(style: Style, base: Style, out: &mut String) -> bool {
    if style == base {
        return false;
    }
    out.push_str("<span");
    if style.italic != base.italic {
        attr(
            out,
            "tts:fontStyle",
            if style.italic { "italic" } else { "normal" },
        );
    }
    if style.bold != base.bold {
        attr(
            out,
            "tts:fontWeight",
            if style.bold { "bold" } else { "normal" },
        );
    }
    if style.underline != base.underline {
        attr(
            out,
            "tts:textDecoration",
            if style.underline {
                "underline"
            } else {
                "noUnderline"
            },
        );
    }
    out.push('>');
    true
}

/// Paragraph content from cue-text lines: runs that differ from the paragraph's inherited
/// style get a `<span>`, ruby becomes TTML ruby spans, lines are joined by `<br/>`.
fn paragraph_content(lines: &[Vec<Seg>], base: Style, out: &mut String) {
    #[derive(PartialEq)]
    enum Ruby {
        Outside,
        Base,
        Text,
        AfterText,
    }
    let mut ruby = Ruby::Outside;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        for seg in line {
            match seg {
                Seg::Text(text, style) => {
                    if ruby == Ruby::AfterText {
                        out.push_str(r#"</span><span tts:ruby="container"><span tts:ruby="base">"#);
                        ruby = Ruby::Base;
                    }
                    let text: String = text
                        .chars()
                        .map(|c| if c == '\r' { ' ' } else { c })
                        .map(super::dom::xml_char)
                        .collect();
                    let spanned = span_open(*style, base, out);
                    escape(&text, out);
                    if spanned {
                        out.push_str("</span>");
                    }
                }
                Seg::RubyOpen => {
                    match ruby {
                        Ruby::Base | Ruby::Text => out.push_str("</span></span>"),
                        Ruby::AfterText => out.push_str("</span>"),
                        Ruby::Outside => {}
                    }
                    out.push_str(r#"<span tts:ruby="container"><span tts:ruby="base">"#);
                    ruby = Ruby::Base;
                }
                Seg::RtOpen => match ruby {
                    Ruby::Base => {
                        out.push_str(r#"</span><span tts:ruby="text">"#);
                        ruby = Ruby::Text;
                    }
                    Ruby::AfterText => {
                        out.push_str(r#"<span tts:ruby="text">"#);
                        ruby = Ruby::Text;
                    }
                    // An annotation without a ruby around it gets an empty base.
                    Ruby::Outside => {
                        out.push_str(r#"<span tts:ruby="container"><span tts:ruby="base"></span><span tts:ruby="text">"#);
                        ruby = Ruby::Text;
                    }
                    Ruby::Text => {}
                },
                Seg::RtClose => {
                    if ruby == Ruby::Text {
                        out.push_str("</span>");
                        ruby = Ruby::AfterText;
                    }
                }
                Seg::RubyClose => {
                    match ruby {
                        Ruby::Base | Ruby::Text => out.push_str("</span></span>"),
                        Ruby::AfterText => out.push_str("</span>"),
                        Ruby::Outside => {}
                    }
                    ruby = Ruby::Outside;
                }
            }
        }
    }
    match ruby {
        Ruby::Base | Ruby::Text => out.push_str("</span></span>"),
        Ruby::AfterText => out.push_str("</span>"),
        Ruby::Outside => {}
    }
}

/// Write a track as a new TTML document.
pub(super) fn write(track: &SubtitleTrack) -> String {
    let nl = track.line_ending.as_str();
    let indent = "  ";
    let header = match track.header() {
        TrackHeader::Ttml(h) => h.clone(),
        _ => TtmlHeader::default(),
    };
    let doc = read_head_doc(&header);
    let head: &Head = &doc.head;
    let original_head = header.head.is_some() && doc.head_id.is_some();

    // Region of every cue: its own, else `bottom` whenever the output defines regions (a
    // paragraph without a region is not shown once any region exists).
    let mut metas: Vec<TtmlCueMeta> = track
        .cues
        .iter()
        .map(|c| match c.meta() {
            CueMeta::Ttml(m) => (**m).clone(),
            _ => TtmlCueMeta::default(),
        })
        .collect();
    let is_placement = |r: &str| PLACEMENT_REGIONS.iter().any(|(id, _)| *id == r);
    let regions_exist = !original_head
        || !head.regions.is_empty()
        || metas
            .iter()
            .any(|m| m.region.as_deref().is_some_and(is_placement));
    if regions_exist {
        for m in &mut metas {
            if m.region.is_none() {
                m.region = Some("bottom".to_owned());
            }
        }
    }

    let mut out = String::new();
    if track.bom {
        out.push('\u{feff}');
    }
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    out.push_str(nl);
    out.push_str("<tt");
    attr(&mut out, "xmlns", NS_TT);
    attr(&mut out, "xmlns:tts", NS_TTS);
    attr(&mut out, "xmlns:ttp", NS_TTP);
    attr(&mut out, "xml:lang", header.lang.as_deref().unwrap_or(""));
    attr(&mut out, "ttp:timeBase", "media");
    let local = |q: &str| q.rsplit(':').next().unwrap_or(q).to_owned();
    let has_profile = header
        .tt_attributes
        .iter()
        .any(|(q, _)| matches!(local(q).as_str(), "profile" | "contentProfiles"))
        || has_profile_element(&doc.tree, doc.head_id);
    if !has_profile {
        attr(&mut out, "ttp:contentProfiles", IMSC_11_TEXT);
    }
    let written: HashSet<&str> = ["xmlns", "xmlns:tts", "xmlns:ttp", "xml:lang"].into();
    for (q, v) in &header.tt_attributes {
        if written.contains(q.as_str()) || local(q) == "timeBase" {
            continue;
        }
        attr(&mut out, q, v);
    }
    out.push('>');
    out.push_str(nl);

    let used: HashSet<&str> = metas.iter().filter_map(|m| m.region.as_deref()).collect();
    out.push_str(indent);
    if original_head {
        let missing: Vec<(&str, &str)> = PLACEMENT_REGIONS
            .iter()
            .copied()
            .filter(|(id, _)| used.contains(id) && !head.regions.contains_key(*id))
            .collect();
        out.push_str(&normalize_newlines(
            &head_with_regions(&doc, &missing, indent, nl),
            nl,
        ));
    } else {
        let wanted: Vec<(&str, &str)> = PLACEMENT_REGIONS
            .iter()
            .copied()
            .filter(|(id, _)| *id != "middle" || used.contains(id))
            .collect();
        out.push_str(&generated_head(&wanted, indent, nl));
    }
    out.push_str(nl);

    out.push_str(&format!("{indent}<body>{nl}{indent}{indent}<div>{nl}"));
    let mut ids: HashSet<String> = HashSet::new();
    for (cue, meta) in track.cues.iter().zip(&metas) {
        out.push_str(indent);
        out.push_str(indent);
        out.push_str(indent);
        out.push_str("<p");
        if let Some(id) = meta.id.as_deref()
            && is_ncname(id)
            && ids.insert(id.to_owned())
        {
            attr(&mut out, "xml:id", id);
        }
        let span = cue.span();
        attr(&mut out, "begin", &clock(span.start()));
        if span.end().get() < MAX_MILLIS {
            attr(&mut out, "end", &clock(span.end()));
        }
        if let Some(r) = meta.region.as_deref() {
            attr(&mut out, "region", r);
        }
        if let Some(s) = meta.style.as_deref() {
            attr(&mut out, "style", s);
        }
        let lines = read_markup(cue.text()).lines;
        if needs_preserve(&lines) {
            attr(&mut out, "xml:space", "preserve");
        }
        out.push('>');
        let base = head
            .referenced(meta.style.as_deref())
            .flags()
            .or(head.region_flags(meta.region.as_deref()))
            .or(head.initial.flags())
            .resolved();
        paragraph_content(&lines, base, &mut out);
        out.push_str("</p>");
        out.push_str(nl);
    }
    out.push_str(&format!(
        "{indent}{indent}</div>{nl}{indent}</body>{nl}</tt>{nl}"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncnames() {
        assert!(is_ncname("subtitle1"));
        assert!(is_ncname("_a-b.c"));
        assert!(!is_ncname("1a"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname(""));
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(Millis::new(3_723_235)), "01:02:03.235");
        assert_eq!(clock(Millis::new(360_000_100)), "100:00:00.100");
    }

    #[test]
    fn preserve_detection() {
        let s = Style::default();
        let seg = |t: &str| vec![Seg::Text(t.to_owned(), s)];
        assert!(!needs_preserve(&[seg("a b")]));
        assert!(needs_preserve(&[seg("a  b")]));
        assert!(needs_preserve(&[seg(" a")]));
        assert!(needs_preserve(&[seg("a\tb")]));
    }
}
