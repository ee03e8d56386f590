//! `invalid-glyph`: characters that render as tofu or garbage — U+FFFD (a decoding accident
//! upstream), C0/C1 control characters other than line breaks, private-use characters,
//! noncharacters, and combining marks alone at the start of a line (they have no base to sit
//! on). Mojibake tells — UTF-8 read as Windows-1252 (`Ã©`, `â€™`, `Â°`, `ï»¿`) or as GBK
//! (`锟斤拷`) — are reported too, at most as warnings: they are strong hints, not proof.
//!
//! One finding per cue for each of the two, naming the first offending character (U+XXXX),
//! its line in the cue and its column (in characters), and how many there are.

use unicode_segmentation::UnicodeSegmentation;

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct InvalidGlyph;

impl Rule for InvalidGlyph {
    fn id(&self) -> &'static str {
        "invalid-glyph"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-invalid-glyph-what"),
            msg!("rule-invalid-glyph-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        for (i, cue) in input.cues() {
            let scan = scan(input.text(i));
            if let Some(bad) = scan.first_bad {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!(
                            "finding-invalid-glyph",
                            code = code_point(bad.ch),
                            kind = bad.kind.name(),
                            line = bad.line,
                            column = bad.column,
                            count = scan.bad
                        ),
                    )
                    .cue(i, cue.span())
                    .hint(msg!("hint-invalid-glyph")),
                );
            }
            if let Some(m) = scan.first_mojibake {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!(
                            "finding-mojibake",
                            text = m.tell.to_owned(),
                            line = m.line,
                            column = m.column,
                            count = scan.mojibake
                        ),
                    )
                    .cue(i, cue.span())
                    .hint(msg!("hint-mojibake"))
                    .at_most(Severity::Warning),
                );
            }
        }
    }
}

/// Why a character cannot be shown.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum BadKind {
    Replacement,
    Control,
    PrivateUse,
    Noncharacter,
    LoneMark,
}

impl BadKind {
    /// The selector used by the message.
    fn name(self) -> &'static str {
        match self {
            BadKind::Replacement => "replacement",
            BadKind::Control => "control",
            BadKind::PrivateUse => "private-use",
            BadKind::Noncharacter => "noncharacter",
            BadKind::LoneMark => "lone-mark",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Bad {
    ch: char,
    kind: BadKind,
    line: usize,
    column: usize,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Mojibake<'a> {
    /// The tell as it appears in the text.
    tell: &'a str,
    line: usize,
    column: usize,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Scan<'a> {
    first_bad: Option<Bad>,
    bad: usize,
    first_mojibake: Option<Mojibake<'a>>,
    mojibake: usize,
}

/// Character sequences that only appear when text was decoded with the wrong encoding:
/// `’` `“` `”` … (E2 80 xx) and the UTF-8 byte order mark read as Windows-1252, and the
/// UTF-8 of U+FFFD read twice as GBK.
const TELLS: &[&str] = &["â€", "ï»¿", "锟斤拷"];

/// One pass over a cue's text; no allocation.
fn scan(text: &str) -> Scan<'_> {
    let mut s = Scan::default();
    let mut line = 1;
    let mut column = 0;
    let mut prev: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        if c == '\n' || c == '\r' {
            line += usize::from(c == '\n');
            column = 0;
            prev = None;
            continue;
        }
        column += 1;
        let kind = if c == '\u{FFFD}' {
            Some(BadKind::Replacement)
        } else if c.is_control() {
            Some(BadKind::Control)
        } else if is_private_use(c) {
            Some(BadKind::PrivateUse)
        } else if is_noncharacter(c) {
            Some(BadKind::Noncharacter)
        } else if column == 1 && is_combining_mark(c) {
            Some(BadKind::LoneMark)
        } else {
            None
        };
        if let Some(kind) = kind {
            s.bad += 1;
            s.first_bad.get_or_insert(Bad {
                ch: c,
                kind,
                line,
                column,
            });
        }
        // UTF-8 lead bytes C2/C3 (Â, Ã) and D0/D1 (Ð, Ñ) read as Windows-1252, followed by a
        // continuation byte read as U+00A0–U+00BF: never a real pair of letters.
        let pair = match (prev, c) {
            (Some((p, 'Â' | 'Ã' | 'Ð' | 'Ñ')), '\u{A0}'..='\u{BF}') => Some(p),
            _ => None,
        };
        let found = if let Some(p) = pair {
            Some((&text[p..at + c.len_utf8()], column - 1))
        } else if matches!(c, 'â' | 'ï' | '锟') {
            TELLS.iter().find(|t| text[at..].starts_with(**t)).map(|t| {
                // `â€` is followed by the rest of the character it replaced (`™` for `’`).
                let end = at + t.len();
                let more = text[end..]
                    .chars()
                    .next()
                    .filter(|c| *t == "â€" && !c.is_whitespace())
                    .map_or(0, char::len_utf8);
                (&text[at..end + more], column)
            })
        } else {
            None
        };
        if let Some((tell, column)) = found {
            s.mojibake += 1;
            s.first_mojibake
                .get_or_insert(Mojibake { tell, line, column });
        }
        prev = Some((at, c));
    }
    s
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || (u32::from(c) & 0xFFFE) == 0xFFFE
}

/// A mark that attaches to the character before it (nonspacing, enclosing or spacing
/// combining marks: UAX #29 Extend and SpacingMark). Joiners, variation selectors, emoji
/// modifiers and tag characters are invisible or harmless on their own and not counted.
fn is_combining_mark(c: char) -> bool {
    if c.is_ascii()
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0020}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
    {
        return false;
    }
    // `a` followed by the mark is one grapheme cluster exactly when the mark extends it.
    let mut buf = [0u8; 8];
    buf[0] = b'a';
    let len = 1 + c.encode_utf8(&mut buf[1..]).len();
    match std::str::from_utf8(&buf[..len]) {
        Ok(s) => s.graphemes(true).nth(1).is_none(),
        Err(_) => false,
    }
}

/// `U+FFFD`, `U+1F600`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Arg;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn bad(text: &str) -> Option<(char, BadKind, usize, usize)> {
        scan(text)
            .first_bad
            .map(|b| (b.ch, b.kind, b.line, b.column))
    }

    #[test]
    fn replacement_controls_private_use_and_lone_marks() {
        assert_eq!(
            bad("caf\u{FFFD}"),
            Some(('\u{FFFD}', BadKind::Replacement, 1, 4))
        );
        assert_eq!(
            bad("ok\nab\u{0007}"),
            Some(('\u{7}', BadKind::Control, 2, 3))
        );
        assert_eq!(bad("a\u{0085}b"), Some(('\u{85}', BadKind::Control, 1, 2)));
        assert_eq!(bad("a\tb"), Some(('\t', BadKind::Control, 1, 2)));
        assert_eq!(
            bad("\u{E000}"),
            Some(('\u{E000}', BadKind::PrivateUse, 1, 1))
        );
        assert_eq!(
            bad("x\u{10FFFD}"),
            Some(('\u{10FFFD}', BadKind::PrivateUse, 1, 2))
        );
        assert_eq!(
            bad("\u{FFFF}"),
            Some(('\u{FFFF}', BadKind::Noncharacter, 1, 1))
        );
        assert_eq!(
            bad("first\n\u{0301}second"),
            Some(('\u{301}', BadKind::LoneMark, 2, 1))
        );
        // Thai above-vowel and SARA AM with nothing before them.
        assert_eq!(bad("\u{0E31}น"), Some(('\u{E31}', BadKind::LoneMark, 1, 1)));
        assert_eq!(bad("\u{0E33}"), Some(('\u{E33}', BadKind::LoneMark, 1, 1)));
        assert_eq!(scan("\u{FFFD}\u{FFFD}\u{E000}").bad, 3);
    }

    #[test]
    fn near_misses_are_clean() {
        for ok in [
            "café",
            "cafe\u{0301}",
            "สวัสดีชาวโลก",
            "مَرْحَبًا",
            "👨‍👩‍👧 👍🏽",
            "\u{200D}\u{200B}ok",
            "NÃO, IRMÃ… ÀS",
            "AÑO ¿qué? Ð",
            "你好，世界！",
            "line one\r\nline two",
        ] {
            assert_eq!(scan(ok), Scan::default(), "{ok:?}");
        }
    }

    #[test]
    fn mojibake_tells() {
        fn m(t: &str) -> Option<(&str, usize, usize)> {
            scan(t).first_mojibake.map(|m| (m.tell, m.line, m.column))
        }
        assert_eq!(m("cafÃ©"), Some(("Ã©", 1, 4)));
        assert_eq!(m("don\nâ€™t"), Some(("â€™", 2, 1)));
        assert_eq!(m("â€ "), Some(("â€", 1, 1)));
        assert_eq!(m("30Â°C"), Some(("Â°", 1, 3)));
        assert_eq!(m("ï»¿Hello"), Some(("ï»¿", 1, 1)));
        assert_eq!(m("你好锟斤拷"), Some(("锟斤拷", 1, 3)));
        // Russian `Привет` as Windows-1252: `Ð¸` is the first pair in range.
        assert_eq!(m("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), Some(("Ð¸", 1, 5)));
        assert_eq!(scan("Ã©Ã¨").mojibake, 2);
    }

    #[test]
    fn findings_name_the_character_and_cap_mojibake_at_warning() {
        let f = Fixture::new(FrameRate::FPS_25)
            .cue(0, 1000, "Hello")
            .cue(2000, 3000, "Hel\u{FFFD}lo")
            .cue(4000, 5000, "Itâ€™s")
            .cue(6000, 7000, "Ã© \u{E000}");
        let found = f.run(&InvalidGlyph);
        let summary: Vec<(Option<usize>, &str, Severity)> =
            found.iter().map(|x| (x.cue, x.message.id, x.cap)).collect();
        assert_eq!(
            summary,
            vec![
                (Some(2), "finding-invalid-glyph", Severity::Error),
                (Some(3), "finding-mojibake", Severity::Warning),
                (Some(4), "finding-invalid-glyph", Severity::Error),
                (Some(4), "finding-mojibake", Severity::Warning),
            ]
        );
        let args = &found[0].message.args;
        assert!(args.contains(&("code", Arg::Str("U+FFFD".into()))));
        assert!(args.contains(&("kind", Arg::Str("replacement".into()))));
        assert!(args.contains(&("column", Arg::Int(4))));
    }
}
