//! `untranslated-text`: a cue of a translated track still holds source text.
//!
//! - When the target language does not write the source's script (Han in an `en-US` or
//!   `es-419` track of a Chinese series), any letter of that script is flagged, with the
//!   first run of it as an excerpt. Korean is taken to be written in Hangul only: Hanja
//!   left in a Korean subtitle from a Chinese source is flagged too.
//! - When both write the same script in a different language or variant (`zh-Hans` →
//!   `zh-Hant`, `zh` → `ja`, `en` → `es`), a cue identical to the source cue it is paired
//!   with is flagged if it is long (at least [`LONG_UNSPACED`] Han/kana/Hangul/Thai letters
//!   or [`LONG_SPACED`] letters of other scripts) or, between Simplified and Traditional
//!   Chinese, if it holds a character that exists only in the source variant. Short identical
//!   cues (`住手！` is the same in both Chinese scripts, `No, no, no!` in English and
//!   Spanish) are left alone. Variants of one written language (`en-US` → `en-GB`) are not
//!   compared.
//!
//! Glossary terms kept as written in the target language (`do_not_translate`, or an approved
//! rendering equal to the source) are ignored, and so are digits, punctuation and emoji:
//! only letters count.

use super::align;
use super::terms::{fold_into, kept_as_written};
use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::script::{ScriptCounts, char_script};
use crate::model::{Language, TextScript};
use crate::msg;

pub struct UntranslatedText;

/// Identical cues with at least this many letters of Han, kana, Hangul or Thai are flagged.
pub const LONG_UNSPACED: usize = 10;
/// Identical cues with at least this many letters of other scripts are flagged.
pub const LONG_SPACED: usize = 12;
/// Characters of source text shown in a finding.
const EXCERPT_CHARS: usize = 16;

/// The scripts a language is written in, as far as [`char_script`] tells them apart.
fn scripts_of(lang: &Language) -> &'static [TextScript] {
    match lang.script().as_deref() {
        Some("Hans" | "Hant" | "Hani") => &[TextScript::Han],
        Some("Jpan") => &[TextScript::Han, TextScript::Kana],
        Some("Kore" | "Hang") => &[TextScript::Hangul],
        Some("Thai") => &[TextScript::Thai],
        Some("Arab") => &[TextScript::Arabic],
        Some("Latn") => &[TextScript::Latin],
        Some("Cyrl") => &[TextScript::Cyrillic],
        _ => &[],
    }
}

/// Byte ranges of `text` covered by kept terms.
fn kept_ranges(text: &str, kept: &[String]) -> Vec<(usize, usize)> {
    kept.iter()
        .flat_map(|k| text.match_indices(k.as_str()))
        .map(|(at, m)| (at, at + m.len()))
        .collect()
}

fn inside(ranges: &[(usize, usize)], at: usize) -> bool {
    ranges.iter().any(|&(a, b)| (a..b).contains(&at))
}

/// The lowest code point of a script's letters as [`char_script`] sees them.
fn first_code_point(script: TextScript) -> u32 {
    match script {
        TextScript::Latin => 0x41,
        TextScript::Cyrillic => 0x400,
        TextScript::Arabic => 0x600,
        TextScript::Thai => 0xE00,
        TextScript::Hangul => 0x1100,
        TextScript::Kana => 0x3040,
        TextScript::Han | TextScript::HanSimplified | TextScript::HanTraditional => 0x3400,
    }
}

/// Letters of `foreign` scripts outside kept terms: how many, and an excerpt from the first.
fn foreign_text(text: &str, foreign: &[TextScript], kept: &[String]) -> Option<(usize, String)> {
    // Below the first foreign code point (all of ASCII, for a Chinese source) a character is
    // rejected by one comparison.
    let low = foreign.iter().map(|s| first_code_point(*s)).min()?;
    let is_foreign =
        |c: char| c as u32 >= low && char_script(c).is_some_and(|s| foreign.contains(&s));
    // Fast path: the common clean cue allocates nothing.
    text.chars().find(|c| is_foreign(*c))?;
    let ranges = kept_ranges(text, kept);
    let mut count = 0;
    let mut first = None;
    for (at, c) in text.char_indices() {
        if is_foreign(c) && !inside(&ranges, at) {
            count += 1;
            first.get_or_insert(at);
        }
    }
    let first = first?;
    // The excerpt runs until a letter of another script or a line break.
    let rest = &text[first..];
    let mut excerpt = String::new();
    let mut chars = rest
        .chars()
        .take_while(|c| *c != '\n' && char_script(*c).is_none_or(|s| foreign.contains(&s)));
    for c in chars.by_ref().take(EXCERPT_CHARS) {
        excerpt.push(c);
    }
    let cut = chars.next().is_some();
    let mut excerpt = excerpt.trim_end().to_owned();
    if cut {
        excerpt.push('…');
    }
    Some((count, excerpt))
}

/// Letters outside kept terms, and whether they are of unspaced scripts (Han, kana…).
fn letters(text: &str, kept: &[String]) -> (usize, usize) {
    let ranges = kept_ranges(text, kept);
    let (mut unspaced, mut spaced) = (0, 0);
    for (at, c) in text.char_indices() {
        match char_script(c) {
            _ if inside(&ranges, at) => {}
            Some(TextScript::Han | TextScript::Kana | TextScript::Hangul | TextScript::Thai) => {
                unspaced += 1
            }
            Some(_) => spaced += 1,
            None => {}
        }
    }
    (unspaced, spaced)
}

fn excerpt(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = one_line.chars();
    let mut out: String = chars.by_ref().take(EXCERPT_CHARS * 2).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

impl Rule for UntranslatedText {
    fn id(&self) -> &'static str {
        "untranslated-text"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-untranslated-text-what"),
            msg!("rule-untranslated-text-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let (Some(source), Some(lang), Some(_)) = (input.source, input.language, input.track)
        else {
            return;
        };
        let (target_scripts, source_scripts) = (scripts_of(lang), scripts_of(source.language));
        let foreign: Vec<TextScript> = source_scripts
            .iter()
            .copied()
            .filter(|s| !target_scripts.contains(s))
            .collect();
        let compare = foreign.is_empty() && !lang.same_written_language(source.language);
        if foreign.is_empty() && !compare {
            return;
        }
        let kept: Vec<String> = input
            .glossary
            .into_iter()
            .flat_map(|g| g.terms.iter())
            .filter(|t| kept_as_written(t, lang))
            .map(|t| t.source.clone())
            .filter(|s| !s.trim().is_empty())
            .collect();
        let hint = || msg!("hint-untranslated-text");
        if !foreign.is_empty() {
            for (i, cue) in input.cues() {
                if let Some((count, text)) = foreign_text(input.text(i), &foreign, &kept) {
                    out.push(
                        Finding::new(
                            self.id(),
                            msg!("finding-untranslated-script", text = text, count = count),
                        )
                        .cue(i, cue.span())
                        .hint(hint()),
                    );
                }
            }
            return;
        }
        // Same script: compare each cue with the source cue it is paired with.
        let target = align::target_cues(input);
        let src = align::source_cues(&source);
        let pairs = align::pair_by_overlap(&target, &src);
        let chinese_variants = lang.is_chinese() && source.language.is_chinese();
        let (mut a, mut b) = (String::new(), String::new());
        for (t, p) in target.iter().zip(pairs) {
            let Some(s) = p.and_then(|p| src.get(p)) else {
                continue;
            };
            let text = input.text(t.index);
            let source_text = source.texts.get(s.index).map_or("", String::as_str);
            fold_into(text, &mut a);
            fold_into(source_text, &mut b);
            if a.is_empty() || a != b {
                continue;
            }
            let (unspaced, spaced) = letters(text, &kept);
            let long = unspaced >= LONG_UNSPACED || spaced >= LONG_SPACED;
            let variant_only = chinese_variants && unspaced > 0 && {
                let c = ScriptCounts::of(text);
                if source.language.is_traditional_chinese() {
                    c.traditional > 0
                } else {
                    c.simplified > 0
                }
            };
            if long || variant_only {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!(
                            "finding-untranslated-identical",
                            cue = s.index + 1,
                            text = excerpt(text)
                        ),
                    )
                    .cue(t.index, t.span)
                    .hint(hint()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    const GLOSSARY: &str = "[[term]]\nsource = \"雾岭\"\ndo_not_translate = true\n\n[[term]]\nsource = \"LUMO\"\nen-US = \"LUMO\"\n";

    fn zh_source() -> Fixture {
        Fixture::new(FrameRate::FPS_30)
            .source("zh-Hans")
            .source_cue(0, 2000, "上海 · LUMO茶室")
            .source_cue(2000, 4000, "你叫什么名字？")
            .source_cue(4000, 6000, "2024")
            .source_cue(6000, 8000, "OK")
    }

    #[test]
    fn han_left_in_an_english_track() {
        let f = zh_source()
            .cue(0, 2000, "Shanghai · LUMO茶室")
            .cue(2000, 4000, "What's your name?")
            .cue(4000, 6000, "2024")
            .cue(6000, 8000, "OK 👍");
        let found = f.run(&UntranslatedText);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, Some(1));
        assert_eq!(
            found[0].message,
            msg!("finding-untranslated-script", text = "茶室", count = 2usize)
        );
    }

    #[test]
    fn a_fully_translated_track_is_clean() {
        let f = zh_source()
            .cue(0, 2000, "Shanghai · LUMO Tea House")
            .cue(2000, 4000, "What's your name?")
            .cue(4000, 6000, "2024")
            .cue(6000, 8000, "OK");
        assert!(f.run(&UntranslatedText).is_empty());
    }

    #[test]
    fn whole_untranslated_line_is_excerpted_to_the_first_other_script() {
        let f = zh_source().lang("es-419").cue(0, 2000, "上海 · LUMO茶室");
        let found = f.run(&UntranslatedText);
        assert_eq!(
            found[0].message,
            msg!(
                "finding-untranslated-script",
                text = "上海 ·",
                count = 4usize
            )
        );
        let long = zh_source().cue(0, 2000, "真雪芽有兰花香回甘很长这杯是山下的茶还炒过了火");
        let found = long.run(&UntranslatedText);
        assert_eq!(
            found[0].message.args[0].1,
            crate::message::Arg::from("真雪芽有兰花香回甘很长这杯是山下…")
        );
    }

    #[test]
    fn do_not_translate_terms_may_stay_in_the_source_script() {
        let f = zh_source()
            .glossary(GLOSSARY)
            .cue(0, 2000, "Welcome to 雾岭 Tea Estate");
        assert!(f.run(&UntranslatedText).is_empty());
        let f = zh_source()
            .glossary(GLOSSARY)
            .cue(0, 2000, "Welcome to 雾岭茶园");
        assert_eq!(f.flagged(&UntranslatedText), vec![1]);
    }

    #[test]
    fn source_track_and_tracks_without_source_are_not_checked() {
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("zh-Hans")
            .cue(0, 2000, "你叫什么名字？");
        assert!(f.run(&UntranslatedText).is_empty());
    }

    #[test]
    fn traditional_chinese_compares_with_the_source() {
        let base = || {
            zh_source()
                .lang("zh-Hant")
                .source_cue(8000, 10000, "住手！")
                .source_cue(10000, 12000, "我不知道他今天会不会回来吃晚饭")
        };
        // Converted: clean, even where short cues are the same in both scripts.
        let ok = base()
            .cue(0, 2000, "上海 · LUMO茶室")
            .cue(2000, 4000, "你叫什麼名字？")
            .cue(4000, 6000, "2024")
            .cue(6000, 8000, "OK")
            .cue(8000, 10000, "住手！")
            .cue(10000, 12000, "我不知道他今天會不會回來吃晚飯");
        assert!(ok.run(&UntranslatedText).is_empty());
        // Left in Simplified: a short cue with a simplified-only character, and a long one.
        let bad = base()
            .cue(0, 2000, "上海 · LUMO茶室")
            .cue(2000, 4000, "你叫什么名字？")
            .cue(4000, 6000, "2024")
            .cue(6000, 8000, "OK")
            .cue(8000, 10000, "住手！")
            .cue(10000, 12000, "我不知道他今天会不会回来吃晚饭");
        assert_eq!(bad.flagged(&UntranslatedText), vec![2, 6]);
        assert_eq!(
            bad.run(&UntranslatedText)[0].message,
            msg!(
                "finding-untranslated-identical",
                cue = 2usize,
                text = "你叫什么名字？"
            )
        );
    }

    #[test]
    fn same_script_languages_flag_long_identical_cues_only() {
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("es-419")
            .source("en-US")
            .source_cue(0, 2000, "No, no, no!")
            .source_cue(2000, 4000, "Miss Xu, your tea has gone cold.")
            .source_cue(4000, 6000, "Miss Xu, your tea has gone cold.")
            .cue(0, 2000, "No, no, no!")
            .cue(2000, 4000, "Miss Xu, your tea\nhas gone cold.")
            .cue(4000, 6000, "Señorita Xu, su té se enfrió.");
        assert_eq!(f.flagged(&UntranslatedText), vec![2]);
        // Variants of one written language are not compared.
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("en-GB")
            .source("en-US")
            .source_cue(0, 2000, "Miss Xu, your tea has gone cold.")
            .cue(0, 2000, "Miss Xu, your tea has gone cold.");
        assert!(f.run(&UntranslatedText).is_empty());
    }

    #[test]
    fn hanja_and_kana_count_as_source_script_where_not_written() {
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("ko")
            .source("zh-Hans")
            .source_cue(0, 2000, "温以茗")
            .cue(0, 2000, "温以茗 씨");
        assert_eq!(f.flagged(&UntranslatedText), vec![1]);
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("en-US")
            .source("ja")
            .source_cue(0, 2000, "ありがとう")
            .cue(0, 2000, "ありがとう!");
        assert_eq!(f.flagged(&UntranslatedText), vec![1]);
        // Japanese writes Han: a short shared word is fine.
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("ja")
            .source("zh-Hans")
            .source_cue(0, 2000, "雾岭")
            .cue(0, 2000, "雾岭");
        assert!(f.run(&UntranslatedText).is_empty());
    }
}
