//! `glossary-term-missing`: a source cue names a glossary term (a character, place, brand…)
//! and the target cue(s) it is paired with do not use the approved rendering for the target
//! language — nor, for a `do_not_translate` term, the term as written.
//!
//! Decisions:
//!
//! - Only the full source term counts. Characters are often called by a short form in
//!   dialogue (以茗 for 温以茗, 承砚哥, 陆总); the demo glossary says those are translated by
//!   context and are not entries, so a short form in the source asks for nothing, and a
//!   family or given name alone in the target is not accepted for a full name in the source.
//! - Matching ignores case and line breaks. In scripts written with spaces the source term
//!   must be a whole word (`Ann` is not in `Anna`); the approved rendering must start a word
//!   but may be inflected (`Snow Buds`, `Wen Yiming's`). Han, kana, Hangul and Thai are
//!   matched as substrings.
//! - The target cues looked at are those overlapping the source cue in time, plus the cue at
//!   the same position when both tracks have as many cues (robust to a drifted track); the
//!   finding goes on that cue, or on the overlapping cue with the largest overlap. A source
//!   cue with no target cue at all is left to `cue-count-mismatch` and `timing-mismatch`.
//! - A term with no approved rendering for the target language is skipped (the glossary is
//!   incomplete, not the track).

use super::align;
use super::terms::{Needle, approved, fold, fold_into};
use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::glossary::Term;
use crate::message::Message;
use crate::msg;

pub struct GlossaryTermMissing;

/// A term to look for in source cues, and what the target must then contain.
struct Expected<'g> {
    term: &'g Term,
    find: Needle,
    /// Any of these in the target satisfies the term.
    want: Vec<Needle>,
    /// The approved rendering as shown to the user (the term itself when kept as written).
    shown: &'g str,
}

fn expected<'g>(term: &'g Term, lang: &crate::model::Language) -> Option<Expected<'g>> {
    let find = Needle::new(&term.source)?;
    let rendering = approved(term, lang);
    let mut want = Vec::new();
    if term.do_not_translate {
        want.push(Needle::new(&term.source)?);
    }
    if let Some(n) = rendering.and_then(Needle::new) {
        want.push(n);
    }
    if want.is_empty() {
        return None;
    }
    let shown = match rendering {
        Some(r) if !term.do_not_translate => r,
        _ => term.source.as_str(),
    };
    Some(Expected {
        term,
        find,
        want,
        shown,
    })
}

impl Rule for GlossaryTermMissing {
    fn id(&self) -> &'static str {
        "glossary-term-missing"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-glossary-term-missing-what"),
            msg!("rule-glossary-term-missing-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let (Some(source), Some(lang), Some(glossary), Some(_)) =
            (input.source, input.language, input.glossary, input.track)
        else {
            return;
        };
        let terms: Vec<Expected<'_>> = glossary
            .terms
            .iter()
            .filter_map(|t| expected(t, lang))
            .collect();
        if terms.is_empty() {
            return;
        }
        let target = align::target_cues(input);
        let src = align::source_cues(&source);
        let ranges = align::overlapping_targets(&src, &target);
        let positional = target.len() == src.len();
        // Folded target texts, made when first needed.
        let mut folded: Vec<Option<String>> = vec![None; target.len()];
        let mut buf = String::new();
        for (k, (s, range)) in src.iter().zip(ranges).enumerate() {
            fold_into(
                source.texts.get(s.index).map_or("", String::as_str),
                &mut buf,
            );
            let named: Vec<&Expected<'_>> = terms
                .iter()
                .filter(|e| e.find.find_in(&buf).is_some())
                .collect();
            if named.is_empty() {
                continue;
            }
            let same_place = positional.then_some(k).filter(|p| !range.contains(p));
            let candidates: Vec<usize> = range.clone().chain(same_place).collect();
            // Where a finding goes: the positional cue, else the largest overlap.
            let Some(at) = positional.then_some(k).or_else(|| {
                range.clone().max_by_key(|&c| {
                    let t = target[c].span;
                    t.end().min(s.span.end()).get() - t.start().max(s.span.start()).get()
                })
            }) else {
                continue;
            };
            for e in named {
                let present = candidates.iter().any(|&c| {
                    let text = folded[c].get_or_insert_with(|| fold(input.text(target[c].index)));
                    e.want.iter().any(|w| w.starts_word_in(text))
                });
                if present {
                    continue;
                }
                let cue = s.index + 1;
                let message = if e.term.do_not_translate {
                    msg!(
                        "finding-glossary-term-not-kept",
                        cue = cue,
                        term = e.term.source.clone()
                    )
                } else {
                    msg!(
                        "finding-glossary-term-missing",
                        cue = cue,
                        term = e.term.source.clone(),
                        expected = e.shown,
                        lang = lang.to_string()
                    )
                };
                out.push(
                    Finding::new(self.id(), message)
                        .cue(target[at].index, target[at].span)
                        .hint(msg!("hint-glossary-term-missing", expected = e.shown)),
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

    const GLOSSARY: &str = r#"
[[term]]
source = "温以茗"
kind = "character"
en-US = "Wen Yiming"
es = "Wen Yiming"

[[term]]
source = "雪芽"
kind = "term"
en-US = "Snow Bud"
es-419 = "Brote de Nieve"

[[term]]
source = "LUMO"
do_not_translate = true

[[term]]
source = "茶博会"
es-419 = "Expo del Té"
"#;

    fn demo() -> Fixture {
        Fixture::new(FrameRate::FPS_30)
            .glossary(GLOSSARY)
            .source("zh-Hans")
            .source_cue(0, 2000, "温以茗")
            .source_cue(2000, 4000, "以茗 你爷爷晕倒了！")
            .source_cue(4000, 6000, "真雪芽有兰花香\n回甘很长")
            .source_cue(6000, 8000, "上海 · LUMO茶室")
            .source_cue(8000, 10000, "下周 茶博会")
    }

    #[test]
    fn approved_renderings_present_is_clean() {
        let f = demo()
            .cue(0, 2000, "Wen Yiming.")
            .cue(2000, 4000, "Yiming, your grandpa collapsed!")
            .cue(
                4000,
                6000,
                "Real snow bud smells of orchid\nand has a long finish.",
            )
            .cue(6000, 8000, "Shanghai · LUMO Tea House")
            .cue(8000, 10000, "Next week, the Tea Expo.");
        assert!(f.run(&GlossaryTermMissing).is_empty());
    }

    #[test]
    fn a_misspelt_name_is_flagged_on_its_cue() {
        let f = demo()
            .cue(0, 2000, "Wen Yimin.")
            .cue(2000, 4000, "Yiming, your grandpa collapsed!")
            .cue(4000, 6000, "Real Snow Bud smells of orchid.")
            .cue(6000, 8000, "Shanghai · Lumo Tea House")
            .cue(8000, 10000, "Next week, the Tea Expo.");
        let found = f.run(&GlossaryTermMissing);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, Some(1));
        assert_eq!(
            found[0].message,
            msg!(
                "finding-glossary-term-missing",
                cue = 1usize,
                term = "温以茗",
                expected = "Wen Yiming",
                lang = "en-US"
            )
        );
    }

    #[test]
    fn short_forms_are_not_entries() {
        // 以茗 alone asks for nothing; "Wen" alone does not satisfy 温以茗.
        let f = demo()
            .cue(0, 2000, "Yiming.")
            .cue(2000, 4000, "Grandpa collapsed!");
        assert_eq!(f.flagged(&GlossaryTermMissing), vec![1]);
    }

    #[test]
    fn do_not_translate_terms_must_stay() {
        let f = demo().cue(6000, 8000, "Shanghai · Loomo Tea House");
        let found = f.run(&GlossaryTermMissing);
        assert_eq!(
            found[0].message,
            msg!(
                "finding-glossary-term-not-kept",
                cue = 4usize,
                term = "LUMO"
            )
        );
    }

    #[test]
    fn language_fallback_and_missing_renderings() {
        // es-419 takes `es` for the name; 茶博会 has no en-US rendering: not checked in en-US.
        let f = demo()
            .lang("es-419")
            .cue(0, 2000, "Wen Yiming.")
            .cue(2000, 4000, "¡Yiming, tu abuelo se desmayó!")
            .cue(4000, 6000, "El Brote de Nieve real huele\na orquídea.")
            .cue(6000, 8000, "Shanghái · Salón de té LUMO")
            .cue(8000, 10000, "La semana que viene, la feria.");
        assert_eq!(f.flagged(&GlossaryTermMissing), vec![5]);
    }

    #[test]
    fn split_and_shifted_cues_still_find_the_term() {
        // The term is in the second half of a split cue; the track is also shifted by 1.5 s
        // with the same number of cues, where only the position pairs them.
        let f = Fixture::new(FrameRate::FPS_30)
            .glossary(GLOSSARY)
            .source("zh-Hans")
            .source_cue(0, 4000, "真雪芽有兰花香 回甘很长")
            .cue(0, 2000, "The real thing smells of orchid")
            .cue(2000, 4000, "- that's Snow Bud.");
        assert!(f.run(&GlossaryTermMissing).is_empty());
        let f = Fixture::new(FrameRate::FPS_30)
            .glossary(GLOSSARY)
            .source("zh-Hans")
            .source_cue(0, 1000, "温以茗")
            .source_cue(1000, 2000, "雪芽")
            .cue(2500, 3500, "Wen Yiming")
            .cue(3500, 4500, "Snow Bud");
        assert!(f.run(&GlossaryTermMissing).is_empty());
    }

    #[test]
    fn without_glossary_or_source_nothing_is_checked() {
        let f = Fixture::new(FrameRate::FPS_30)
            .source("zh-Hans")
            .source_cue(0, 2000, "温以茗")
            .cue(0, 2000, "Someone.");
        assert!(f.run(&GlossaryTermMissing).is_empty());
        let f = Fixture::new(FrameRate::FPS_30)
            .glossary(GLOSSARY)
            .lang("zh-Hans")
            .cue(0, 2000, "温以茗");
        assert!(f.run(&GlossaryTermMissing).is_empty());
    }
}
