//! Line breaking for `check --fix`: re-break a cue's plain text so that every line fits the
//! characters-per-line limit in at most the allowed number of lines (timing-rules.md §9).
//!
//! Owns where lines break; counting characters is [`crate::timing::measure`]'s job, and
//! deciding which cues to re-break is the fixer's. The fixer only calls [`rebreak`] on cues
//! whose raw text has no inline markup (no tags, no override blocks), so this module works on
//! plain text: lines joined by `\n`.
//!
//! Words are never changed. The output has the same non-whitespace characters in the same
//! order as the input; only whitespace changes, and only where a line break is added or
//! removed:
//!
//! - a break at a space replaces the space by `\n`;
//! - a break between two characters with no space (CJK, Thai) inserts `\n`;
//! - a former line break that is no longer one becomes a space between two words of a
//!   spaced script, and nothing next to CJK or Thai-family text (no spaces are inserted
//!   in Chinese, Japanese, Thai, Lao, Khmer or Burmese).
//!
//! Leading and trailing whitespace of the cue is dropped.
//!
//! Where lines may break:
//!
//! - at spaces, in every script (Chinese uses spaces for pauses, so they are preferred there);
//! - between any two characters when one of them is Chinese or Japanese, except before
//!   closing punctuation (，。、！？：；）」』】》… and small kana) or after an opening bracket
//!   (kinsoku); a run of Latin letters or digits inside CJK text stays whole;
//! - inside Thai, Lao, Khmer and Burmese text at the word boundaries `icu_segmenter` finds
//!   with its compiled dictionaries (UAX #14 alone finds none there). The dictionary model
//!   segments a Thai line in a few microseconds where the LSTM model takes half a millisecond,
//!   which matters when `check` and `--fix` re-break thousands of cues;
//! - after a hyphen inside a word, as a last resort.
//!
//! Never before closing punctuation or after an opening one at a space either (French
//! `Quoi ?`, `« Bonjour »`), nor after a dialogue dash. Each dialogue turn (a line starting
//! with a dash) keeps starting its own line.
//!
//! Among the layouts with the fewest lines, the one with the lowest cost wins: breaks after
//! sentence or clause punctuation and before conjunctions and prepositions are cheaper;
//! breaks after an article, a preposition, a subject pronoun, a negation or a one-letter
//! word, and between two capitalised words (a name), are dearer (small word lists for en,
//! es, pt, fr, de and id/ms); a top line longer than the bottom one costs twice as much as
//! the reverse (a bottom-heavy pyramid). Linguistic units weigh more than shape: a break
//! after a comma beats a balanced pair of lines that differ by up to 20 characters, a break
//! before a conjunction one that differs by up to 15. Japanese prefers breaks where
//! hiragana meets kanji or katakana (a new phrase) over breaks after kanji (inside a word).

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use unicode_segmentation::UnicodeSegmentation;

use super::measure::line_halves;
use super::spec::Limits;
use crate::model::Language;

/// Whether a text already fits: at most `max_lines` lines, each no wider than `cpl`.
///
/// Uses the same counting as `line-too-long` and `too-many-lines`, so a text that fits is
/// never flagged by either.
pub fn fits(text: &str, limits: &Limits) -> bool {
    let max = cpl_halves(limits);
    let mut lines = 0u64;
    for line in text.split('\n') {
        lines += 1;
        if !halves_fit(line, max, limits) {
            return false;
        }
    }
    lines <= u64::from(limits.max_lines)
}

/// Whether one line fits the characters-per-line limit.
pub fn line_fits(line: &str, limits: &Limits) -> bool {
    halves_fit(line, cpl_halves(limits), limits)
}

fn halves_fit(line: &str, max: u32, limits: &Limits) -> bool {
    // A grapheme cluster weighs at most two halves and has at least one code point: short
    // lines fit without segmenting them (most lines of a well-timed track).
    if line.len() <= max as usize / 2 || line.chars().count() <= max as usize / 2 {
        return true;
    }
    line_halves(line, limits.counting, limits.count_mode) <= max
}

/// The line length limit in half units (a half-width CJK character is one half unit).
fn cpl_halves(limits: &Limits) -> u32 {
    let h = (limits.cpl * 2.0 + 1e-9).floor();
    if h.is_finite() && h > 0.0 {
        h.min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

/// Re-break a cue's plain text to fit `limits`, or `None` when it already fits (no edit is
/// needed) or cannot be made to fit without changing words (a word wider than a line, more
/// text than the lines can hold, more dialogue turns than lines).
///
/// `lang` picks the word lists for Latin-script languages; breaking by script works for any
/// language, including `None`.
pub fn rebreak(text: &str, limits: &Limits, lang: Option<&Language>) -> Option<String> {
    if fits(text, limits) {
        return None;
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let max_width = cpl_halves(limits);
    let max_lines = usize::try_from(limits.max_lines).unwrap_or(usize::MAX);
    let measure = |s: &str| line_halves(s, limits.counting, limits.count_mode);

    let words = Words::for_language(lang);
    let pieces = split(text, &words);
    // A cue is a few dozen atoms; thousands mean garbage, not a subtitle to lay out.
    if pieces.atoms.is_empty() || pieces.atoms.len() > MAX_ATOMS {
        return None;
    }
    let atom_w: Vec<u32> = pieces.atoms.iter().map(|a| measure(a)).collect();
    // More text than all lines together can hold: give up before laying anything out.
    let total: u64 = atom_w.iter().map(|w| u64::from(*w)).sum();
    if total > u64::from(max_width).saturating_mul(max_lines as u64) {
        return None;
    }
    let join_w: Vec<u32> = pieces.gaps.iter().map(|g| measure(&g.join)).collect();
    let layout = best_layout(&atom_w, &join_w, &pieces.gaps, max_width)?;
    if layout.lines > max_lines {
        return None;
    }
    let mut out = String::with_capacity(text.len() + layout.breaks.len());
    for (i, atom) in pieces.atoms.iter().enumerate() {
        out.push_str(atom);
        if let Some(gap) = pieces.gaps.get(i) {
            if layout.breaks.contains(&i) {
                out.push('\n');
            } else {
                out.push_str(&gap.join);
            }
        }
    }
    // Atoms split at grapheme boundaries (or at whitespace, where a split can only make the
    // count larger), so widths add up and the layout fits by construction.
    debug_assert!(fits(&out, limits), "{out:?}");
    Some(out)
}

/// The most atoms (words, or characters of CJK text) a text may have to be laid out.
const MAX_ATOMS: usize = 2000;

/// What may happen between two atoms.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// Never a line break here.
    Forbidden,
    /// A line break is allowed, at this cost (lower is better).
    Allowed(i64),
    /// Always a line break (before a dialogue turn).
    Forced,
}

/// The whitespace (possibly none) between two atoms.
#[derive(Clone, Debug)]
struct Gap {
    kind: Kind,
    /// What is written when the gap is not a line break.
    join: String,
}

/// A text cut into unbreakable atoms with the gaps between them (`gaps.len() + 1 ==
/// atoms.len()`).
#[derive(Debug, Default)]
struct Pieces<'a> {
    atoms: Vec<&'a str>,
    gaps: Vec<Gap>,
}

// Costs, in the same unit as line widths (half characters).
const AFTER_SENTENCE: i64 = -120;
const AFTER_CLAUSE: i64 = -80;
const BEFORE_CONJUNCTION: i64 = -60;
const BEFORE_PREPOSITION: i64 = -30;
const AFTER_STICKY_WORD: i64 = 80;
const AFTER_ONE_LETTER: i64 = 60;
const INSIDE_NAME: i64 = 40;
/// Before the last word of a clause (`talking\nabout, but`): the word belongs above.
const BEFORE_CLAUSE_END: i64 = 50;
const INSIDE_CJK: i64 = 20;
/// Japanese: a new phrase often starts where hiragana (particles, endings) meets kanji or
/// katakana; kanji followed by hiragana is usually one word (okurigana).
const PHRASE_START: i64 = -15;
const INSIDE_WORD: i64 = 15;
const CJK_LATIN_BOUNDARY: i64 = 28;
const INSIDE_COMPLEX: i64 = 20;
const AFTER_HYPHEN: i64 = 60;
/// A top line wider than the one below costs this much per half character; the reverse 1.
const TOP_HEAVY: i64 = 2;

fn split<'a>(text: &'a str, words: &Words) -> Pieces<'a> {
    let mut pieces = Pieces::default();
    // Whitespace runs and non-whitespace runs, alternating (the text is trimmed).
    let mut runs: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = is_break_space(c);
        if i > 0 && space != in_space {
            runs.push((&text[start..i], in_space));
            start = i;
        }
        in_space = space;
    }
    runs.push((&text[start..], in_space));

    let mut pending_ws: Option<&str> = None;
    let mut prev_run: Option<&str> = None;
    for (run, space) in runs {
        if space {
            pending_ws = Some(run);
            continue;
        }
        let first = pieces.atoms.len();
        split_word(run, &mut pieces);
        if let Some(ws) = pending_ws.take()
            && let Some(prev) = prev_run
            && first > 0
        {
            let gap = space_gap(ws, prev, run, words);
            // `split_word` pushed the gaps inside this run; the space gap goes before them.
            pieces.gaps.insert(first - 1, gap);
        }
        prev_run = Some(run);
    }
    pieces
}

/// Whitespace a line may break at. No-break spaces are part of the words around them.
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// Cut one run without whitespace into atoms, pushing the atoms and the gaps between them.
fn split_word<'a>(run: &'a str, pieces: &mut Pieces<'a>) {
    // Most words have no break opportunity inside: skip the grapheme walk.
    if !run
        .chars()
        .any(|c| is_cjk(c) || is_complex(c) || is_hyphen(c))
    {
        pieces.atoms.push(run);
        return;
    }
    let complex_breaks = if run.chars().any(is_complex) {
        let segmenter = LineSegmenter::new_dictionary(LineBreakOptions::default());
        segmenter
            .segment_str(run)
            .filter(|&b| b > 0 && b < run.len())
            .collect()
    } else {
        Vec::new()
    };
    let mut atom_start = 0;
    let mut prev: Option<(usize, &str)> = None;
    for (i, g) in run.grapheme_indices(true) {
        if let Some((pi, pg)) = prev {
            let kind = inner_break(run, pi, pg, i, g, &complex_breaks);
            if let Some(kind) = kind {
                pieces.atoms.push(&run[atom_start..i]);
                pieces.gaps.push(Gap {
                    kind,
                    join: String::new(),
                });
                atom_start = i;
            }
        }
        prev = Some((i, g));
    }
    pieces.atoms.push(&run[atom_start..]);
}

/// Whether (and at what cost) a run without spaces may break between graphemes `a` (at `ai`)
/// and `b` (at `bi`). `None`: not a break opportunity at all.
fn inner_break(
    run: &str,
    ai: usize,
    a: &str,
    bi: usize,
    b: &str,
    complex_breaks: &[usize],
) -> Option<Kind> {
    let (ac, bc) = (first_char(a), first_char(b));
    let a_last = a.chars().next_back().unwrap_or(ac);
    let kinsoku = no_line_start(bc) || no_line_end(a_last) || (a_last == bc && is_repeatable(bc));
    if is_cjk(ac) || is_cjk(bc) {
        // Latin letters and digits inside CJK text stay together; between a Latin run and
        // CJK text a break is allowed but dearer.
        let cost = if is_cjk(ac) && is_cjk(bc) {
            let script = match (kana_or_kanji(a_last), kana_or_kanji(bc)) {
                (Some(Script::Hiragana), Some(Script::Kanji | Script::Katakana)) => PHRASE_START,
                (Some(Script::Kanji), Some(Script::Hiragana)) => INSIDE_WORD,
                _ => 0,
            };
            INSIDE_CJK + script + punctuation_bonus(a_last)
        } else {
            CJK_LATIN_BOUNDARY
        };
        return Some(if kinsoku {
            Kind::Forbidden
        } else {
            Kind::Allowed(cost)
        });
    }
    if (is_complex(a_last) || is_complex(bc)) && complex_breaks.binary_search(&bi).is_ok() {
        return Some(if kinsoku {
            Kind::Forbidden
        } else {
            Kind::Allowed(INSIDE_COMPLEX)
        });
    }
    // After a hyphen between letters (`well-known`): allowed, as a last resort.
    if is_hyphen(ac)
        && bc.is_alphabetic()
        && run[..ai]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    {
        return Some(Kind::Allowed(AFTER_HYPHEN));
    }
    None
}

/// The gap at a run of whitespace between the runs without whitespace `prev` and `next`.
fn space_gap(ws: &str, prev: &str, next: &str, words: &Words) -> Gap {
    let had_newline = ws.contains(['\n', '\r']);
    let kept: String = ws.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
    let prev_last = prev.chars().next_back().unwrap_or(' ');
    let next_first = first_char(next);
    let join = if had_newline && kept.is_empty() {
        if is_unspaced(prev_last) || is_unspaced(next_first) {
            String::new()
        } else {
            " ".to_owned()
        }
    } else {
        kept
    };
    let kind = if had_newline && is_dash(next_first) {
        // A dialogue turn starts its own line.
        Kind::Forced
    } else if no_line_start(next_first) || no_line_end(prev_last) || prev.chars().all(is_dash) {
        Kind::Forbidden
    } else {
        Kind::Allowed(words.cost(prev, next))
    };
    Gap { kind, join }
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// The cost of ending a line after `a` when its last visible character is `c`.
fn punctuation_bonus(c: char) -> i64 {
    match c {
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' => {
            AFTER_SENTENCE
        }
        ',' | ';' | ':' | '，' | '、' | '；' | '：' | '،' | '؛' | '—' | '–' => {
            AFTER_CLAUSE
        }
        _ => 0,
    }
}

/// Chinese and Japanese characters and their punctuation: a line may break between any two.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}'     // radicals, Kangxi
        | '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3100}'..='\u{312F}'   // bopomofo
        | '\u{3190}'..='\u{31FF}'   // kanbun, strokes, katakana extensions
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF00}'..='\u{FF9F}'   // full-width forms, half-width katakana
        | '\u{20000}'..='\u{3FFFF}')
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Script {
    Hiragana,
    Katakana,
    Kanji,
}

fn kana_or_kanji(c: char) -> Option<Script> {
    match c {
        '\u{3041}'..='\u{309F}' => Some(Script::Hiragana),
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => Some(Script::Katakana),
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
            Some(Script::Kanji)
        }
        _ => None,
    }
}

/// Thai, Lao, Myanmar, Khmer: no spaces between words; `icu_segmenter` finds the words.
fn is_complex(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'     // Thai, Lao
        | '\u{1000}'..='\u{109F}'   // Myanmar
        | '\u{1780}'..='\u{17FF}'   // Khmer
        | '\u{19E0}'..='\u{19FF}'   // Khmer symbols
        | '\u{AA60}'..='\u{AA7F}'   // Myanmar extended-A
        | '\u{A9E0}'..='\u{A9FF}') // Myanmar extended-B
}

/// Scripts written without spaces between words: a removed line break joins with nothing.
fn is_unspaced(c: char) -> bool {
    is_cjk(c) || is_complex(c)
}

/// Characters that must not start a line (closing punctuation, small kana, iteration marks).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | ')'
            | ']'
            | '}'
            | '%'
            | '»'
            | '›'
            | '…'
            | '‥'
            | '”'
            | '’'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '°'
            | '؟'
            | '،'
            | '؛'
            | '，'
            | '。'
            | '、'
            | '！'
            | '？'
            | '：'
            | '；'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '］'
            | '｝'
            | '〗'
            | '〙'
            | '〛'
            | '・'
            | 'ー'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '〜'
            | '～'
            | '％'
            | '．'
            | '｡'
            | '､'
            | '｣'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | 'ๆ'
            | 'ฯ'
    ) || ('\u{31F0}'..='\u{31FF}').contains(&c)
}

/// Characters that must not end a line (opening brackets and quotes).
fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '«'
            | '‹'
            | '¿'
            | '¡'
            | '“'
            | '‘'
            | '（'
            | '「'
            | '『'
            | '【'
            | '《'
            | '〈'
            | '〔'
            | '［'
            | '｛'
            | '〖'
            | '〘'
            | '〚'
            | '｢'
    )
}

/// Characters written in pairs that must not be split (`……`, `——`).
fn is_repeatable(c: char) -> bool {
    matches!(c, '…' | '—' | '‥' | '―')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '–' | '—')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐')
}

/// The chosen line breaks (gap indices) and the number of lines.
struct Layout {
    breaks: Vec<usize>,
    lines: usize,
}

/// One candidate line ending at some atom: its first atom, width, and the best way to reach it.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    width: u32,
    /// (lines so far, cost so far): fewer lines first, then lower cost.
    score: (usize, i64),
    /// Index of the previous line in `lines[start - 1]`.
    prev: Option<usize>,
}

/// Fewest lines first, then the lowest cost: a dynamic programme over candidate lines (a line
/// is a run of atoms `start..=end` no wider than `max_width` and without a forced break inside).
fn best_layout(atom_w: &[u32], join_w: &[u32], gaps: &[Gap], max_width: u32) -> Option<Layout> {
    let n = atom_w.len();
    let mut lines: Vec<Vec<Line>> = Vec::with_capacity(n);
    for end in 0..n {
        let mut here: Vec<Line> = Vec::new();
        let mut width: u64 = 0;
        let mut start = end + 1;
        while start > 0 {
            start -= 1;
            width += u64::from(atom_w[start]);
            if start < end {
                width += u64::from(join_w[start]);
                if gaps[start].kind == Kind::Forced {
                    break;
                }
            }
            if width > u64::from(max_width) {
                break;
            }
            let width = width as u32;
            let entry = if start == 0 {
                Some(((1, 0), None))
            } else {
                let gap_cost = match gaps[start - 1].kind {
                    Kind::Forbidden => None,
                    Kind::Allowed(c) => Some(c),
                    Kind::Forced => Some(0),
                };
                gap_cost.and_then(|gc| {
                    lines[start - 1]
                        .iter()
                        .enumerate()
                        .map(|(k, p)| {
                            let shape = if p.width > width {
                                TOP_HEAVY * i64::from(p.width - width)
                            } else {
                                i64::from(width - p.width)
                            };
                            ((p.score.0 + 1, p.score.1 + gc + shape), Some(k))
                        })
                        .min_by_key(|(score, _)| *score)
                })
            };
            if let Some((score, prev)) = entry {
                here.push(Line {
                    start,
                    width,
                    score,
                    prev,
                });
            }
        }
        lines.push(here);
    }
    let last = lines.last()?;
    let (mut k, best) = last.iter().enumerate().min_by_key(|(_, l)| l.score)?;
    let count = best.score.0;
    let mut breaks = Vec::new();
    let mut end = n - 1;
    loop {
        let line = lines[end][k];
        if line.start == 0 {
            break;
        }
        breaks.push(line.start - 1);
        k = line.prev?;
        end = line.start - 1;
    }
    breaks.reverse();
    Some(Layout {
        breaks,
        lines: count,
    })
}

/// Small per-language word lists for Latin-script break preferences.
struct Words {
    /// Break before these (conjunctions).
    conjunctions: &'static [&'static str],
    /// Break before these, never after (prepositions).
    prepositions: &'static [&'static str],
    /// Never end a line with these (articles, determiners, subject pronouns, negation,
    /// auxiliaries and clitics that belong with the next word).
    sticky: &'static [&'static str],
}

impl Words {
    fn for_language(lang: Option<&Language>) -> Words {
        let (conjunctions, prepositions, sticky): (&[&str], &[&str], &[&str]) =
            match lang.map(Language::primary) {
                Some("en") => (EN_CONJ, EN_PREP, EN_STICKY),
                Some("es") => (ES_CONJ, ES_PREP, ES_STICKY),
                Some("pt") => (PT_CONJ, PT_PREP, PT_STICKY),
                Some("fr") => (FR_CONJ, FR_PREP, FR_STICKY),
                Some("de") => (DE_CONJ, DE_PREP, DE_STICKY),
                Some("id" | "ms") => (ID_CONJ, ID_PREP, ID_STICKY),
                _ => (&[], &[], &[]),
            };
        Words {
            conjunctions,
            prepositions,
            sticky,
        }
    }

    /// The cost of a line break at a space between the words `prev` and `next`.
    fn cost(&self, prev: &str, next: &str) -> i64 {
        if contains_word(ABBREVIATIONS, prev) {
            return AFTER_STICKY_WORD;
        }
        let tail = prev.trim_end_matches(is_closing_quote);
        let last = tail.chars().next_back().unwrap_or(' ');
        let punct = punctuation_bonus(last);
        if punct != 0 {
            return punct;
        }
        // Word rules are for spaced scripts; a space in Chinese or Thai is a pause.
        if is_unspaced(last) || next.chars().next().is_some_and(is_unspaced) {
            return 0;
        }
        let mut cost = 0;
        let prev_word = prev.trim_matches(|c: char| !c.is_alphanumeric());
        let next_word = next.trim_matches(|c: char| !c.is_alphanumeric());
        let next_last = next
            .trim_end_matches(is_closing_quote)
            .chars()
            .next_back()
            .unwrap_or(' ');
        if punctuation_bonus(next_last) != 0 {
            return cost + BEFORE_CLAUSE_END;
        }
        if prev_word.chars().count() == 1 && prev_word.chars().all(char::is_alphabetic) {
            cost += AFTER_ONE_LETTER;
        }
        if contains_word(self.sticky, prev_word) || contains_word(self.prepositions, prev_word) {
            cost += AFTER_STICKY_WORD;
        }
        if contains_word(self.conjunctions, next_word) {
            cost += BEFORE_CONJUNCTION;
        } else if contains_word(self.prepositions, next_word) {
            cost += BEFORE_PREPOSITION;
        }
        let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        if capital(prev_word) && capital(next_word) && prev_word.chars().count() > 1 {
            cost += INSIDE_NAME;
        }
        cost
    }
}

fn is_closing_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '」' | '』'
    )
}

/// Whether `word` (any case) is in `list` (lower case), without allocating.
fn contains_word(list: &[&str], word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if word.is_ascii() {
        return list
            .iter()
            .any(|w| w.len() == word.len() && w.eq_ignore_ascii_case(word));
    }
    // Lower-casing keeps the UTF-8 length of the letters these lists hold.
    list.iter()
        .any(|w| w.len() == word.len() && word.chars().flat_map(char::to_lowercase).eq(w.chars()))
}

/// Titles written with a full stop: not the end of a sentence, and bound to the name after.
const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "st.", "sr.", "jr.", "prof.", "sra.", "srta.", "dra.", "mme.",
    "mlle.", "hr.", "fr.",
];

const EN_CONJ: &[&str] = &[
    "and", "but", "or", "nor", "so", "yet", "because", "although", "though", "while", "if", "when",
    "that", "which", "who", "unless", "until", "since", "whether", "than", "where",
];
const EN_PREP: &[&str] = &[
    "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "into", "over", "after",
    "before", "under", "between", "through", "without", "like", "during", "against", "toward",
    "towards", "upon", "around",
];
const EN_STICKY: &[&str] = &[
    "a", "an", "the", "my", "your", "his", "her", "its", "our", "their", "this", "these", "those",
    "i", "he", "she", "we", "they", "not", "don't", "can't", "won't", "didn't", "doesn't", "isn't",
    "aren't", "wasn't", "will", "would", "could", "should", "can", "must", "i'm", "i'll", "i've",
    "i'd", "you're", "we're", "they're",
];
const ES_CONJ: &[&str] = &[
    "y", "e", "o", "u", "pero", "porque", "que", "si", "aunque", "cuando", "mientras", "ni",
    "sino", "pues", "donde",
];
const ES_PREP: &[&str] = &[
    "a", "de", "en", "con", "por", "para", "sin", "sobre", "entre", "hasta", "desde", "hacia",
    "contra", "según", "tras", "bajo",
];
const ES_STICKY: &[&str] = &[
    "el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "al", "del", "mi", "tu", "su",
    "mis", "tus", "sus", "nuestro", "nuestra", "yo", "tú", "me", "te", "se", "le", "les", "nos",
    "no", "muy",
];
const PT_CONJ: &[&str] = &[
    "e", "ou", "mas", "porque", "que", "se", "quando", "embora", "nem", "pois", "onde",
];
const PT_PREP: &[&str] = &[
    "a", "de", "em", "com", "por", "para", "sem", "sobre", "entre", "até", "desde", "contra", "no",
    "na", "nos", "nas", "do", "da", "dos", "das", "ao", "à", "pelo", "pela",
];
const PT_STICKY: &[&str] = &[
    "o", "os", "as", "um", "uma", "uns", "umas", "meu", "minha", "seu", "sua", "eu", "me", "te",
    "lhe", "não", "muito",
];
const FR_CONJ: &[&str] = &[
    "et", "ou", "mais", "donc", "ni", "car", "que", "qui", "si", "quand", "parce", "comme",
    "lorsque", "où",
];
const FR_PREP: &[&str] = &[
    "à", "de", "en", "dans", "pour", "par", "avec", "sans", "sur", "sous", "chez", "vers", "entre",
    "contre", "depuis", "pendant", "avant", "après",
];
const FR_STICKY: &[&str] = &[
    "le", "la", "les", "un", "une", "des", "du", "au", "aux", "mon", "ma", "mes", "ton", "ta",
    "tes", "son", "sa", "ses", "ce", "cette", "ces", "notre", "votre", "leur", "je", "tu", "il",
    "elle", "on", "nous", "vous", "ils", "elles", "ne", "me", "te", "se", "très",
];
const DE_CONJ: &[&str] = &[
    "und", "oder", "aber", "denn", "sondern", "weil", "dass", "wenn", "als", "ob", "obwohl",
    "damit", "bis", "wie",
];
const DE_PREP: &[&str] = &[
    "an", "auf", "aus", "bei", "mit", "nach", "von", "zu", "zum", "zur", "in", "im", "am", "um",
    "für", "gegen", "ohne", "durch", "über", "unter", "vor", "hinter", "neben", "zwischen",
];
const DE_STICKY: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "mein", "meine", "dein", "deine", "sein", "seine", "ihr", "ihre", "kein", "keine", "ich", "du",
    "er", "sie", "es", "wir", "nicht", "sehr",
];
const ID_CONJ: &[&str] = &[
    "dan", "atau", "tapi", "tetapi", "karena", "kalau", "jika", "yang", "bahwa", "agar", "supaya",
    "sehingga", "ketika", "saat", "sambil", "serta",
];
const ID_PREP: &[&str] = &[
    "di", "ke", "dari", "untuk", "dengan", "pada", "oleh", "tentang", "kepada", "bagi", "sejak",
    "sampai", "dalam",
];
const ID_STICKY: &[&str] = &[
    "si", "sang", "para", "sebuah", "seorang", "aku", "saya", "kamu", "dia", "kami", "kita",
    "mereka", "anda", "tidak", "tak", "bukan", "jangan", "belum", "sangat",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::spec::{Preset, TimingOverrides, TimingSpec};

    fn limits(tag: &str, cpl: f64, lines: u32) -> Limits {
        let o: TimingOverrides =
            toml::from_str(&format!("[all]\ncpl = {cpl}\nmax_lines = {lines}\n")).unwrap();
        TimingSpec::new(Preset::Netflix)
            .with(o)
            .limits(Some(&lang(tag)), FrameRate::FPS_25)
    }

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn rb(tag: &str, cpl: f64, lines: u32, text: &str) -> Option<String> {
        let l = limits(tag, cpl, lines);
        let out = rebreak(text, &l, Some(&lang(tag)));
        if let Some(o) = &out {
            assert!(fits(o, &l), "{o:?} does not fit");
            assert_eq!(squeeze(o), squeeze(text), "words changed");
        }
        out
    }

    fn squeeze(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn already_fitting_text_is_not_edited() {
        assert_eq!(rb("en-US", 42.0, 2, "Hello there."), None);
        assert_eq!(rb("en-US", 42.0, 2, "Hello there.\nHow are you?"), None);
        assert_eq!(rb("en-US", 42.0, 2, ""), None);
    }

    #[test]
    fn one_line_when_it_fits() {
        assert_eq!(
            rb("en-US", 42.0, 2, "Hello\nthere\nfriend").as_deref(),
            Some("Hello there friend")
        );
    }

    #[test]
    fn english_breaks_after_punctuation_and_keeps_articles() {
        let out = rb(
            "en-US",
            32.0,
            2,
            "I told you already, we have to leave the house now",
        )
        .unwrap();
        assert_eq!(out, "I told you already,\nwe have to leave the house now");
    }

    #[test]
    fn english_prefers_a_bottom_heavy_pyramid_before_a_conjunction() {
        let out = rb(
            "en-US",
            30.0,
            2,
            "She wanted to stay home but he said no way",
        )
        .unwrap();
        assert_eq!(out, "She wanted to stay home\nbut he said no way");
        // Never `the` or a one-letter word at a line end.
        let out = rb("en-US", 20.0, 2, "Give me a minute with the old man").unwrap();
        assert!(!out.contains("the\n") && !out.contains(" a\n"), "{out}");
    }

    #[test]
    fn spanish_breaks_before_conjunctions_not_after_articles() {
        let out = rb(
            "es-419",
            25.0,
            2,
            "No quiero volver a casa porque tengo miedo",
        )
        .unwrap();
        assert_eq!(out, "No quiero volver a casa\nporque tengo miedo");
        let out = rb("es-419", 20.0, 2, "Dame un minuto con el viejo").unwrap();
        assert!(!out.contains("un\n") && !out.contains("el\n"), "{out}");
    }

    #[test]
    fn chinese_breaks_anywhere_but_respects_kinsoku() {
        let l = limits("zh-Hans", 8.0, 2);
        // Nine characters into lines of eight: the break must not put `，` or `！` first.
        let out = rebreak("我们今天晚上，一起去吃饭吧！", &l, Some(&lang("zh-Hans"))).unwrap();
        assert_eq!(out, "我们今天晚上，\n一起去吃饭吧！");
        let out = rebreak("你到底想要什么东西呢？", &l, Some(&lang("zh-Hans"))).unwrap();
        for line in out.lines() {
            assert!(!line.starts_with(['，', '。', '！', '？', '」']), "{out}");
        }
        assert_eq!(squeeze(&out), "你到底想要什么东西呢？");
        // Opening brackets never end a line.
        let out = rebreak("他说「我们走吧」然后离开了", &l, Some(&lang("zh-Hans"))).unwrap();
        for line in out.lines() {
            assert!(!line.ends_with('「') && !line.starts_with('」'), "{out}");
        }
    }

    #[test]
    fn chinese_prefers_pauses_written_as_spaces() {
        let l = limits("zh-Hans", 8.0, 2);
        let out = rebreak("你先回去吧 我马上就到", &l, Some(&lang("zh-Hans"))).unwrap();
        assert_eq!(out, "你先回去吧\n我马上就到");
    }

    #[test]
    fn japanese_keeps_small_kana_and_long_marks_off_the_line_start() {
        let l = limits("ja", 7.0, 2);
        let out = rebreak(
            "ちょっと待ってください、すぐ行きます",
            &l,
            Some(&lang("ja")),
        );
        // 18 characters cannot fit 2 × 7.
        assert_eq!(out, None);
        let l = limits("ja", 12.0, 2);
        let out = rebreak(
            "ちょっと待ってください、すぐ行きます",
            &l,
            Some(&lang("ja")),
        )
        .unwrap();
        assert_eq!(out, "ちょっと待ってください、\nすぐ行きます");
        // Forced to break mid-phrase: never before a small kana or a long vowel mark.
        let l = limits("ja", 5.0, 2);
        let out = rebreak("コーヒーちょっと", &l, Some(&lang("ja"))).unwrap();
        for line in out.lines() {
            assert!(!line.starts_with(['ー', 'ょ', 'っ']), "{out}");
        }
    }

    #[test]
    fn a_newline_between_cjk_characters_joins_without_a_space() {
        let l = limits("zh-Hans", 16.0, 2);
        let out = rebreak("你好\n我是\n小明", &l, Some(&lang("zh-Hans"))).unwrap();
        assert_eq!(out, "你好我是小明");
    }

    #[test]
    fn thai_breaks_at_word_boundaries_without_adding_spaces() {
        let l = limits("th", 10.0, 2);
        let out = rebreak("สวัสดีชาวโลกสบายดีไหม", &l, Some(&lang("th"))).unwrap();
        assert_eq!(out.replace('\n', ""), "สวัสดีชาวโลกสบายดีไหม");
        assert!(!out.contains(' '));
        assert_eq!(out.lines().count(), 2);
        // The break falls between words the segmenter knows, not inside สวัสดี.
        assert!(
            [
                "สวัสดีชาวโลก\nสบายดีไหม",
                "สวัสดีชาว\nโลกสบายดีไหม",
                "สวัสดี\nชาวโลกสบายดีไหม"
            ]
            .contains(&out.as_str()),
            "{out}"
        );
        // Lines joined back: no space inserted between Thai words.
        let l = limits("th", 35.0, 2);
        assert_eq!(
            rebreak("สวัสดี\nชาว\nโลก", &l, Some(&lang("th"))).as_deref(),
            Some("สวัสดีชาวโลก")
        );
    }

    #[test]
    fn arabic_breaks_at_spaces_and_keeps_punctuation_attached() {
        let text = "مرحبا يا صديقي، كيف حالك اليوم؟ أنا بخير";
        let out = rb("ar", 25.0, 2, text).unwrap();
        assert_eq!(out.lines().count(), 2);
        assert!(out.contains("صديقي،") && out.contains("اليوم؟"), "{out}");
        assert_eq!(out.replace('\n', " "), text);
    }

    #[test]
    fn unbreakable_or_too_long_text_gives_none() {
        assert_eq!(
            rb("en-US", 10.0, 2, "Supercalifragilisticexpialidocious"),
            None
        );
        assert_eq!(
            rb("en-US", 10.0, 2, "one two three four five six seven"),
            None
        );
    }

    #[test]
    fn dialogue_turns_keep_their_own_lines() {
        let out = rb("en-US", 20.0, 3, "- Where are you going so late?\n- Home.").unwrap();
        assert_eq!(out, "- Where are you\ngoing so late?\n- Home.");
        assert_eq!(
            rb("en-US", 20.0, 2, "- Where are you going so late?\n- Home."),
            None
        );
    }

    #[test]
    fn french_punctuation_after_a_space_stays_on_its_line() {
        let out = rb("fr-FR", 12.0, 2, "Tu viens avec moi ?").unwrap();
        assert!(!out.contains("\n?"), "{out}");
        let out = rb("fr-FR", 20.0, 2, "« Bonjour » dit-elle en souriant").unwrap();
        assert!(!out.contains("«\n") && !out.contains("\n»"), "{out}");
    }

    #[test]
    fn hyphens_are_a_last_resort() {
        let out = rb("en-US", 13.0, 2, "a well-known troublemaker").unwrap();
        assert_eq!(out, "a well-known\ntroublemaker");
        // Titles are not sentence ends.
        let out = rb("en-US", 20.0, 2, "Tell Mr. Chen that I said goodbye").unwrap();
        assert!(!out.contains("Mr.\n"), "{out}");
        // Only when nothing else fits.
        assert_eq!(
            rb("en-US", 6.0, 2, "well-known").as_deref(),
            Some("well-\nknown")
        );
    }

    #[test]
    fn half_width_counts_in_cjk() {
        // 8 full-width + "OK" (2 × 0.5) = 9 units: two lines of 8.
        let l = limits("zh-Hans", 8.0, 2);
        let out = rebreak("他说OK我们就出发吧", &l, Some(&lang("zh-Hans"))).unwrap();
        assert!(!out.contains("O\nK"), "{out}");
    }

    /// A small deterministic generator (xorshift) for the property test.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    #[test]
    fn words_never_change_over_many_generated_inputs() {
        let words: &[&str] = &[
            "I",
            "a",
            "the",
            "and",
            "but",
            "home",
            "tonight",
            "really,",
            "go.",
            "what?",
            "well-known",
            "Mr.",
            "Li",
            "- Hey",
            "«",
            "»",
            "?",
            "你好",
            "我们",
            "，",
            "。",
            "「",
            "」",
            "吧",
            "ちょっと",
            "ッ",
            "สวัสดี",
            "ชาวโลก",
            "ๆ",
            "مرحبا",
            "،",
            "OK",
            "123",
            "\u{200B}",
            "é",
            "e\u{301}",
            "👨‍👩‍👧",
            "……",
            "——",
            "Supercalifragilistic",
        ];
        let seps: &[&str] = &[" ", " ", " ", "", "\n", "  ", " \n"];
        let tags = [
            "en-US", "es-419", "fr-FR", "zh-Hans", "ja", "th", "ar", "de", "id",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut edited = 0;
        for case in 0..3000 {
            let n = 1 + (rng.next() % 14) as usize;
            let mut text = String::new();
            for i in 0..n {
                if i > 0 {
                    text.push_str(rng.pick(seps));
                }
                text.push_str(rng.pick(words));
            }
            let tag = tags[case % tags.len()];
            let cpl = [6.0, 8.0, 12.0, 16.0, 25.0, 42.0][(rng.next() % 6) as usize];
            let lines = 1 + (rng.next() % 3) as u32;
            let l = limits(tag, cpl, lines);
            // The shortcut for short lines agrees with counting every line.
            let counted = text.split('\n').count() <= lines as usize
                && text
                    .split('\n')
                    .all(|line| line_halves(line, l.counting, l.count_mode) <= cpl_halves(&l));
            assert_eq!(fits(&text, &l), counted, "{text:?}");
            if let Some(out) = rebreak(&text, &l, Some(&lang(tag))) {
                edited += 1;
                assert_eq!(squeeze(&out), squeeze(&text), "{text:?} → {out:?}");
                assert!(fits(&out, &l), "{text:?} → {out:?}");
                assert_ne!(out, text);
                // Idempotent: a fitting result needs no further edit.
                assert_eq!(rebreak(&out, &l, Some(&lang(tag))), None);
            } else if !fits(&text, &l) {
                // Nothing to do when it cannot fit; when it fits there is nothing to do either.
            }
        }
        assert!(edited > 500, "only {edited} inputs were re-broken");
    }
}
