//! Format-neutral rich text: what survives a conversion between formats.
//!
//! Owns `RichText` (lines of styled runs plus a vertical placement) and the list of
//! features a conversion may have to drop. Each format module maps its own markup to and
//! from `RichText`; `formats::convert` joins them.

use std::collections::BTreeMap;

use serde::Serialize;

/// A run of text with one style.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub italic: bool,
    pub bold: bool,
    pub underline: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }

    pub fn same_style(&self, other: &Run) -> bool {
        self.italic == other.italic && self.bold == other.bold && self.underline == other.underline
    }
}

/// Where a cue sits vertically.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    #[default]
    Bottom,
    Middle,
    Top,
}

/// A cue's text without format syntax: lines of runs, and a placement.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RichText {
    pub lines: Vec<Vec<Run>>,
    pub placement: Placement,
}

impl RichText {
    /// Plain text with lines joined by `\n`.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for run in line {
                out.push_str(&run.text);
            }
        }
        out
    }

    /// Merge neighbouring runs of the same style and drop empty runs.
    pub fn normalize(mut self) -> Self {
        for line in &mut self.lines {
            let mut merged: Vec<Run> = Vec::with_capacity(line.len());
            for run in line.drain(..) {
                if run.text.is_empty() {
                    continue;
                }
                match merged.last_mut() {
                    Some(last) if last.same_style(&run) => last.text.push_str(&run.text),
                    _ => merged.push(run),
                }
            }
            *line = merged;
        }
        self
    }
}

/// A feature of the source that the target format cannot express (or dramaloc does not carry).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dropped {
    Color,
    Font,
    /// Exact positioning (`\pos`, `\move`, WebVTT `position:`, TTML origin) beyond top/middle/bottom.
    Position,
    /// Horizontal alignment other than centre.
    HorizontalAlignment,
    Underline,
    Strikeout,
    Karaoke,
    Animation,
    Drawing,
    /// WebVTT voice spans, classes, language spans.
    Voice,
    Class,
    Ruby,
    /// Inline timestamps inside a cue.
    InlineTimestamp,
    /// Named styles, regions and other file-level presentation.
    Style,
    /// ASS `Comment:` events, WebVTT `NOTE` blocks and similar non-displayed content.
    Comment,
    /// Times that had to be rounded (ASS keeps centiseconds, not milliseconds).
    MillisecondPrecision,
    /// Anything else that was stripped.
    Other,
}

impl Dropped {
    pub fn name(self) -> &'static str {
        match self {
            Dropped::Color => "color",
            Dropped::Font => "font",
            Dropped::Position => "position",
            Dropped::HorizontalAlignment => "horizontal-alignment",
            Dropped::Underline => "underline",
            Dropped::Strikeout => "strikeout",
            Dropped::Karaoke => "karaoke",
            Dropped::Animation => "animation",
            Dropped::Drawing => "drawing",
            Dropped::Voice => "voice",
            Dropped::Class => "class",
            Dropped::Ruby => "ruby",
            Dropped::InlineTimestamp => "inline-timestamp",
            Dropped::Style => "style",
            Dropped::Comment => "comment",
            Dropped::MillisecondPrecision => "millisecond-precision",
            Dropped::Other => "other",
        }
    }
}

/// How many cues lost each feature in a conversion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DropReport {
    pub counts: BTreeMap<Dropped, usize>,
}

impl DropReport {
    pub fn add(&mut self, what: Dropped) {
        *self.counts.entry(what).or_default() += 1;
    }

    pub fn extend(&mut self, items: impl IntoIterator<Item = Dropped>) {
        for d in items {
            self.add(d);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// Decode the five XML/HTML character references SRT and WebVTT files use, plus numeric ones.
/// Unknown references are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|j| j + 1);
        let decoded = match end {
            Some(j) if rest.as_bytes()[j] == b';' => {
                let name = &rest[1..j];
                let ch = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "lrm" => Some('\u{200e}'),
                    "rlm" => Some('\u{200f}'),
                    _ => name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                ch.map(|c| (c, j + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escape text for SRT/WebVTT/XML output.
pub fn escape_xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;i&gt; &#65;&#x42; &bogus; &"),
            "a & b <i> AB &bogus; &"
        );
    }

    #[test]
    fn normalize_merges_runs() {
        let r = RichText {
            lines: vec![vec![Run::plain("a"), Run::plain(""), Run::plain("b")]],
            placement: Placement::Top,
        }
        .normalize();
        assert_eq!(r.lines, vec![vec![Run::plain("ab")]]);
        assert_eq!(r.plain(), "ab");
    }
}
