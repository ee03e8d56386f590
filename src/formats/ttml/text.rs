//! The cue-text markup of TTML tracks, and TTML whitespace handling.
//!
//! A TTML cue's text is kept as a small markup inside `Cue::text`: lines separated by `\n`,
//! `<i>`, `<b>`, `<u>` for italic, bold and underline, `<ruby>base<rt>annotation</rt></ruby>`
//! for ruby, and `&amp;`, `&lt;`, `&gt;` for the three characters that would be read as
//! markup. Plain text is therefore tag stripping plus entity decoding. This module builds that
//! markup from the pieces of a paragraph (applying `xml:space`) and reads it back into
//! segments for the writer and for `RichText`.

use super::style::Style;

/// One piece of a paragraph's content, in document order.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    Text {
        text: String,
        style: Style,
        /// `xml:space="preserve"` is in effect.
        preserve: bool,
    },
    Break,
    RubyOpen,
    RubyClose,
    RtOpen,
    RtClose,
}

/// One item of a line after whitespace handling.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Seg {
    Text(String, Style),
    RubyOpen,
    RubyClose,
    RtOpen,
    RtClose,
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

struct LineBuilder {
    lines: Vec<Vec<Seg>>,
    /// Nothing visible yet on the current line (leading spaces are dropped).
    at_line_start: bool,
    /// Index of the segment holding a collapsible trailing space on the current line.
    pending_space: Option<usize>,
}

impl LineBuilder {
    fn current(&mut self) -> &mut Vec<Seg> {
        if self.lines.is_empty() {
            self.lines.push(Vec::new());
        }
        let last = self.lines.len() - 1;
        &mut self.lines[last]
    }

    fn push_char(&mut self, c: char, style: Style) -> usize {
        let line = self.current();
        match line.last_mut() {
            Some(Seg::Text(t, s)) if *s == style => t.push(c),
            _ => line.push(Seg::Text(c.to_string(), style)),
        }
        line.len() - 1
    }

    fn end_line(&mut self) {
        if let Some(i) = self.pending_space.take()
            && let Some(Seg::Text(t, _)) = self.current().get_mut(i)
            && t.ends_with(' ')
        {
            t.pop();
        }
        self.lines.push(Vec::new());
        self.at_line_start = true;
    }
}

/// Apply TTML whitespace handling and line breaks to a paragraph's pieces.
///
/// Outside `xml:space="preserve"`, runs of XML whitespace (across element boundaries) become
/// one space and spaces at the start and end of each line are removed; with `preserve`,
/// whitespace is kept and line feeds break lines. Empty lines before the first and after the
/// last visible line are dropped.
pub(super) fn lines_from_pieces(pieces: &[Piece]) -> Vec<Vec<Seg>> {
    let mut b = LineBuilder {
        lines: vec![Vec::new()],
        at_line_start: true,
        pending_space: None,
    };
    for piece in pieces {
        match piece {
            Piece::Break => b.end_line(),
            Piece::Text {
                text,
                style,
                preserve,
            } => {
                for c in text.chars() {
                    if *preserve {
                        match c {
                            '\n' => b.end_line(),
                            '\r' => {
                                b.push_char(' ', *style);
                                b.pending_space = None;
                                b.at_line_start = false;
                            }
                            _ => {
                                b.push_char(c, *style);
                                b.pending_space = None;
                                b.at_line_start = false;
                            }
                        }
                    } else if is_xml_space(c) {
                        if !b.at_line_start && b.pending_space.is_none() {
                            let i = b.push_char(' ', *style);
                            b.pending_space = Some(i);
                        }
                    } else {
                        b.push_char(c, *style);
                        b.pending_space = None;
                        b.at_line_start = false;
                    }
                }
            }
            Piece::RubyOpen => b.current().push(Seg::RubyOpen),
            Piece::RubyClose => b.current().push(Seg::RubyClose),
            Piece::RtOpen => b.current().push(Seg::RtOpen),
            Piece::RtClose => b.current().push(Seg::RtClose),
        }
    }
    b.end_line();
    let mut lines = b.lines;
    let visible = |l: &Vec<Seg>| {
        l.iter()
            .any(|s| matches!(s, Seg::Text(t, _) if !t.is_empty()))
    };
    let first = lines.iter().position(visible);
    let last = lines.iter().rposition(visible);
    match (first, last) {
        (Some(f), Some(l)) => {
            lines.truncate(l + 1);
            lines.drain(..f);
            for line in &mut lines {
                line.retain(|s| !matches!(s, Seg::Text(t, _) if t.is_empty()));
            }
            lines
        }
        _ => Vec::new(),
    }
}

/// Escape the three characters that would be read as markup.
pub(super) fn escape(s: &str, out: &mut String) {
    out.push_str(&crate::formats::markup::escape_xml_text(s));
}

/// Serialize lines to cue-text markup. Style tags are closed at the end of every line and
/// around ruby tags, so every line is well nested on its own.
pub(super) fn to_markup(lines: &[Vec<Seg>]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut open: Vec<&'static str> = Vec::new();
        let close_all = |open: &mut Vec<&'static str>, out: &mut String| {
            while let Some(tag) = open.pop() {
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        };
        for seg in line {
            match seg {
                Seg::Text(text, style) => {
                    let want: Vec<&'static str> = [
                        (style.bold, "b"),
                        (style.italic, "i"),
                        (style.underline, "u"),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, t)| *t)
                    .collect();
                    // Keep the longest prefix of open tags that is still wanted, in order.
                    let keep = open
                        .iter()
                        .zip(want.iter())
                        .take_while(|(a, b)| a == b)
                        .count();
                    while open.len() > keep {
                        if let Some(tag) = open.pop() {
                            out.push_str("</");
                            out.push_str(tag);
                            out.push('>');
                        }
                    }
                    for tag in want.iter().skip(keep) {
                        out.push('<');
                        out.push_str(tag);
                        out.push('>');
                        open.push(tag);
                    }
                    escape(text, &mut out);
                }
                Seg::RubyOpen => {
                    close_all(&mut open, &mut out);
                    out.push_str("<ruby>");
                }
                Seg::RubyClose => {
                    close_all(&mut open, &mut out);
                    out.push_str("</ruby>");
                }
                Seg::RtOpen => {
                    close_all(&mut open, &mut out);
                    out.push_str("<rt>");
                }
                Seg::RtClose => {
                    close_all(&mut open, &mut out);
                    out.push_str("</rt>");
                }
            }
        }
        close_all(&mut open, &mut out);
    }
    out
}

/// Cue-text markup read back: lines of segments, plus whether unknown tags were skipped.
pub(super) struct ReadMarkup {
    pub lines: Vec<Vec<Seg>>,
    pub unknown_tags: bool,
}

/// Read cue-text markup. Unknown tags are dropped (their content kept); a `<` that starts no
/// tag is text; entities are decoded. Never fails.
pub(super) fn read_markup(text: &str) -> ReadMarkup {
    let mut lines: Vec<Vec<Seg>> = vec![Vec::new()];
    let (mut italic, mut bold, mut underline) = (0u32, 0u32, 0u32);
    let mut unknown_tags = false;
    let mut pending = String::new();
    let flush = |pending: &mut String, line: &mut Vec<Seg>, style: Style| {
        if pending.is_empty() {
            return;
        }
        let decoded = crate::formats::markup::decode_entities(pending);
        pending.clear();
        match line.last_mut() {
            Some(Seg::Text(t, s)) if *s == style => t.push_str(&decoded),
            _ => line.push(Seg::Text(decoded, style)),
        }
    };
    let mut rest = text;
    while !rest.is_empty() {
        let style = Style {
            italic: italic > 0,
            bold: bold > 0,
            underline: underline > 0,
        };
        let next = rest.find(['<', '\n']);
        let Some(i) = next else {
            pending.push_str(rest);
            break;
        };
        pending.push_str(rest.get(..i).unwrap_or(""));
        rest = rest.get(i..).unwrap_or("");
        if rest.starts_with('\n') {
            if let Some(line) = lines.last_mut() {
                flush(&mut pending, line, style);
            }
            lines.push(Vec::new());
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        // A tag runs to the next `>` on the same line.
        let tag_end = rest
            .find(['>', '\n'])
            .filter(|&j| rest.as_bytes().get(j) == Some(&b'>'));
        let Some(j) = tag_end else {
            pending.push('<');
            rest = rest.get(1..).unwrap_or("");
            continue;
        };
        let tag = rest.get(1..j).unwrap_or("").trim();
        rest = rest.get(j + 1..).unwrap_or("");
        let (closing, name) = match tag.strip_prefix('/') {
            Some(n) => (true, n.trim()),
            None => (false, tag),
        };
        let name = name
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(line) = lines.last_mut() else { break };
        flush(&mut pending, line, style);
        let counter = match name.as_str() {
            "i" => Some(&mut italic),
            "b" => Some(&mut bold),
            "u" => Some(&mut underline),
            _ => None,
        };
        if let Some(c) = counter {
            *c = if closing {
                c.saturating_sub(1)
            } else {
                c.saturating_add(1)
            };
            continue;
        }
        match (name.as_str(), closing) {
            ("ruby", false) => line.push(Seg::RubyOpen),
            ("ruby", true) => line.push(Seg::RubyClose),
            ("rt", false) => line.push(Seg::RtOpen),
            ("rt", true) => line.push(Seg::RtClose),
            _ => unknown_tags = true,
        }
    }
    let style = Style {
        italic: italic > 0,
        bold: bold > 0,
        underline: underline > 0,
    };
    if let Some(line) = lines.last_mut() {
        flush(&mut pending, line, style);
    }
    ReadMarkup {
        lines,
        unknown_tags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style {
        italic: false,
        bold: false,
        underline: false,
    };
    const ITALIC: Style = Style {
        italic: true,
        bold: false,
        underline: false,
    };

    fn text(s: &str, style: Style, preserve: bool) -> Piece {
        Piece::Text {
            text: s.to_owned(),
            style,
            preserve,
        }
    }

    fn markup(pieces: &[Piece]) -> String {
        to_markup(&lines_from_pieces(pieces))
    }

    #[test]
    fn default_whitespace_collapses_and_trims() {
        assert_eq!(
            markup(&[
                text("\n   hello ", PLAIN, false),
                text("my name", PLAIN, false),
                text("\nis Mathilda    ", PLAIN, false),
                text(" ", PLAIN, false),
                text("        ", PLAIN, false),
            ]),
            "hello my name is Mathilda"
        );
        assert_eq!(
            markup(&[
                text("\n  bonjour", PLAIN, false),
                text(" mon nom\n\n   ", PLAIN, false),
                text("\n  \n ", PLAIN, false),
                Piece::Break,
                text("est\n  ", PLAIN, false),
            ]),
            "bonjour mon nom\nest"
        );
    }

    #[test]
    fn spaces_stay_with_the_run_they_were_written_in() {
        assert_eq!(
            markup(&[text("Hello ", PLAIN, false), text("world", ITALIC, false)]),
            "Hello <i>world</i>"
        );
        assert_eq!(
            markup(&[text("Hello", ITALIC, false), text(" world", PLAIN, false)]),
            "<i>Hello</i> world"
        );
    }

    #[test]
    fn preserve_keeps_spaces_and_breaks_on_line_feeds() {
        assert_eq!(markup(&[text("  a  b\n\tc ", PLAIN, true)]), "  a  b\n\tc ");
        assert_eq!(
            markup(&[text("a", PLAIN, true), text("   b", PLAIN, false)]),
            "a b"
        );
    }

    #[test]
    fn leading_and_trailing_empty_lines_are_dropped() {
        assert_eq!(
            markup(&[
                Piece::Break,
                text("a", PLAIN, false),
                Piece::Break,
                Piece::Break,
                text("b", PLAIN, false),
                Piece::Break,
                text("  ", PLAIN, false),
            ]),
            "a\n\nb"
        );
        assert!(lines_from_pieces(&[text(" \n ", PLAIN, false), Piece::Break]).is_empty());
    }

    #[test]
    fn markup_escapes_and_nests() {
        let bold_italic = Style {
            italic: true,
            bold: true,
            underline: false,
        };
        assert_eq!(
            markup(&[
                text("a<&>", bold_italic, false),
                text("b", ITALIC, false),
                text("c", PLAIN, false),
            ]),
            "<b><i>a&lt;&amp;&gt;</i></b><i>b</i>c"
        );
        assert_eq!(
            markup(&[
                text("x", ITALIC, false),
                Piece::Break,
                text("y", ITALIC, false)
            ]),
            "<i>x</i>\n<i>y</i>"
        );
        assert_eq!(
            markup(&[
                Piece::RubyOpen,
                text("利用", ITALIC, false),
                Piece::RtOpen,
                text("りよう", PLAIN, false),
                Piece::RtClose,
                Piece::RubyClose,
            ]),
            "<ruby><i>利用</i><rt>りよう</rt></ruby>"
        );
    }

    #[test]
    fn markup_reads_back() {
        let m = "<b><i>a&lt;&amp;&gt;</i></b><i>b</i>c\n<u>d</u> <x>e</x> 1 < 2";
        let read = read_markup(m);
        assert!(read.unknown_tags);
        assert_eq!(read.lines.len(), 2);
        assert_eq!(
            read.lines[0],
            vec![
                Seg::Text(
                    "a<&>".into(),
                    Style {
                        italic: true,
                        bold: true,
                        underline: false
                    }
                ),
                Seg::Text("b".into(), ITALIC),
                Seg::Text("c".into(), PLAIN),
            ]
        );
        assert_eq!(
            read.lines[1],
            vec![
                Seg::Text(
                    "d".into(),
                    Style {
                        underline: true,
                        ..PLAIN
                    }
                ),
                Seg::Text(" e 1 < 2".into(), PLAIN),
            ]
        );
        let ruby = read_markup("<ruby>漢<rt>かん</rt></ruby>字");
        assert!(!ruby.unknown_tags);
        assert_eq!(
            ruby.lines[0],
            vec![
                Seg::RubyOpen,
                Seg::Text("漢".into(), PLAIN),
                Seg::RtOpen,
                Seg::Text("かん".into(), PLAIN),
                Seg::RtClose,
                Seg::RubyClose,
                Seg::Text("字".into(), PLAIN),
            ]
        );
        // Styles may span lines when a user writes them so.
        let spanning = read_markup("<i>a\nb</i>");
        assert_eq!(spanning.lines[1], vec![Seg::Text("b".into(), ITALIC)]);
    }
}
