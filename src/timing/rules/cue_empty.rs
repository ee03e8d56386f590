//! `cue-empty`: a displayed cue with no visible text — only spaces, markup or invisible
//! characters (zero-width spaces, bidi controls, a byte order mark, a Hangul filler).
//! Players show an empty box or nothing at all, and distributors reject empty events.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::{Cue, CueMeta};
use crate::msg;

pub struct CueEmpty;

impl Rule for CueEmpty {
    fn id(&self) -> &'static str {
        "cue-empty"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (msg!("rule-cue-empty-what"), msg!("rule-cue-empty-why"))
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        for (i, cue) in input.cues() {
            if input.text(i).chars().all(is_blank) && !is_drawing(cue) {
                out.push(
                    Finding::new(self.id(), msg!("finding-cue-empty"))
                        .cue(i, cue.span())
                        .hint(msg!("hint-cue-empty")),
                );
            }
        }
    }
}

/// A character that shows nothing on its own.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'                      // soft hyphen
            | '\u{034F}'                    // combining grapheme joiner
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{180E}'                    // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}'       // zero-width space, joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}'       // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}'       // bidi isolates
            | '\u{2800}'                    // braille blank
            | '\u{FE00}'..='\u{FE0F}'       // variation selectors
            | '\u{FEFF}'
        )
}

/// An ASS event that draws a vector shape (`{\p1}m 0 0 l …`): visible, though it has no text.
fn is_drawing(cue: &Cue) -> bool {
    if !matches!(cue.meta(), CueMeta::Ass(_)) {
        return false;
    }
    let t = cue.text().as_bytes();
    t.windows(3)
        .any(|w| w[0] == b'\\' && w[1] == b'p' && (b'1'..=b'9').contains(&w[2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, FrameRate};
    use crate::timing::rules::fixture::Fixture;

    #[test]
    fn blank_cues_are_flagged_and_text_is_not() {
        let f = Fixture::new(FrameRate::FPS_25)
            .cue(0, 1000, "Hello")
            .cue(2000, 3000, "   ")
            .cue(4000, 5000, "<i> </i>")
            .cue(6000, 7000, "\u{200B}\u{2068}\u{2069}\u{FEFF}")
            .cue(8000, 9000, ".")
            .cue(10000, 11000, "\u{3164}");
        assert_eq!(f.flagged(&CueEmpty), vec![2, 3, 4, 6]);
    }

    #[test]
    fn near_miss_a_single_visible_character_is_enough() {
        let f = Fixture::new(FrameRate::FPS_25)
            .cue(0, 1000, "\u{200B}a\u{200B}")
            .cue(2000, 3000, "<i>-</i>");
        assert!(f.flagged(&CueEmpty).is_empty());
    }

    #[test]
    fn ass_override_blocks_alone_are_empty_but_drawings_are_not() {
        let text = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\an8\\i1}\n\
Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}\n\
Comment: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,\n\
Dialogue: 0,0:00:07.00,0:00:08.00,Default,,0,0,0,,\\h\\N\\h\n";
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.track = crate::formats::parse(Format::Ass, text).unwrap().track;
        // The comment (cue 3) is not displayed and not checked.
        assert_eq!(f.flagged(&CueEmpty), vec![1, 4]);
    }
}
