//! Counting characters the way each language's style guide counts them (timing-rules.md §6):
//! grapheme clusters, CJK width, Thai and Arabic marks, invisible characters never counted.
//!
//! Counts are in half units (`u32`), so a half-width character in CJK text is exact.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::spec::{CountMode, Counting};

/// Characters never counted: controls, zero-width space and joiners alone, BOM, bidi controls.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// Arabic harakat (U+064B–U+0653) and the superscript alef.
fn haraka(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0653}' | '\u{0670}')
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
            | '\u{00A1}' | '\u{00BF}' | '\u{00AB}' | '\u{00BB}' | '\u{060C}' | '\u{061F}'
            | '\u{061B}' | '\u{06D4}')
}

/// The weight of one grapheme cluster in half units.
fn cluster_weight(g: &str, counting: Counting, mode: CountMode) -> u32 {
    let mut visible = g.chars().filter(|&c| !invisible(c));
    let Some(first) = visible.next() else {
        return 0;
    };
    if counting == Counting::Arabic && haraka(first) && g.chars().all(|c| haraka(c) || invisible(c))
    {
        return 0;
    }
    if first.is_whitespace() && mode != CountMode::All {
        return 0;
    }
    if is_punctuation(first) && mode == CountMode::NoSpaceOrPunctuation {
        return 0;
    }
    match counting {
        Counting::Graphemes | Counting::Thai | Counting::Arabic => 2,
        // Full width 2 columns = 1 unit = 2 halves; ambiguous characters full width.
        Counting::Cjk => (g.width_cjk() as u32).clamp(1, 2),
        Counting::Korean => {
            if is_punctuation(first) || first.is_whitespace() || first.is_ascii() {
                1
            } else {
                (g.width() as u32).clamp(1, 2)
            }
        }
    }
}

/// Width of one line of plain text, in half units.
pub fn line_halves(line: &str, counting: Counting, mode: CountMode) -> u32 {
    line.graphemes(true)
        .map(|g| cluster_weight(g, counting, mode))
        .sum()
}

/// Width of one line in counting units (a half-width CJK character is 0.5).
pub fn line_width(line: &str, counting: Counting, mode: CountMode) -> f64 {
    f64::from(line_halves(line, counting, mode)) / 2.0
}

/// Characters of a whole cue (all lines, line breaks not counted), in counting units.
pub fn text_width(text: &str, counting: Counting, mode: CountMode) -> f64 {
    let halves: u32 = text
        .split('\n')
        .map(|l| line_halves(l, counting, mode))
        .sum();
    f64::from(halves) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str, c: Counting) -> f64 {
        line_width(s, c, CountMode::All)
    }

    #[test]
    fn counts_follow_each_language() {
        assert_eq!(w("Hello, world!", Counting::Graphemes), 13.0);
        // 12 code points, 10 clusters: marks above and below are not counted.
        assert_eq!(w("สวัสดีชาวโลก", Counting::Thai), 10.0);
        assert_eq!(w("你好，世界！", Counting::Cjk), 6.0);
        assert_eq!(w("第12集", Counting::Cjk), 3.0);
        assert_eq!(w("“好”", Counting::Cjk), 3.0);
        assert_eq!(w("안녕 hi", Counting::Korean), 3.5);
        assert_eq!(w("مَرْحَبًا", Counting::Arabic), 5.0);
        assert_eq!(w("\u{064E}", Counting::Arabic), 0.0);
        assert_eq!(w("👨‍👩‍👧", Counting::Graphemes), 1.0);
        assert_eq!(
            w("a\u{200B}b\u{2068}c\u{2069}\u{FEFF}", Counting::Graphemes),
            3.0
        );
    }

    #[test]
    fn modes_drop_spaces_and_punctuation() {
        let s = "Hi, you!";
        assert_eq!(line_width(s, Counting::Graphemes, CountMode::All), 8.0);
        assert_eq!(line_width(s, Counting::Graphemes, CountMode::NoSpace), 7.0);
        assert_eq!(
            line_width(s, Counting::Graphemes, CountMode::NoSpaceOrPunctuation),
            5.0
        );
        assert_eq!(
            text_width("ab\ncd", Counting::Graphemes, CountMode::All),
            4.0
        );
    }
}
