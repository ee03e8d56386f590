//! `forbidden-term`: a text the glossary forbids (`[[forbidden]]`: a wrong spelling of a
//! name, a romanization in a Chinese track, a banned word) occurs in a track of a language
//! it is forbidden in. Any track is checked, the source track too.
//!
//! Matching ignores case and line breaks; in scripts written with spaces the forbidden text
//! must be whole words (`Wen Yimin` is not found in `Wen Yiming`), in Han, kana, Hangul and
//! Thai it is a substring. A `languages` list names tags (`en-US`) or languages without
//! region (`es` covers `es-419`); an empty list forbids the text everywhere.

use super::terms::{Needle, fold_into, language_listed};
use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::glossary::Forbidden;
use crate::message::Message;
use crate::msg;

pub struct ForbiddenTerm;

impl Rule for ForbiddenTerm {
    fn id(&self) -> &'static str {
        "forbidden-term"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-forbidden-term-what"),
            msg!("rule-forbidden-term-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let (Some(glossary), Some(_)) = (input.glossary, input.track) else {
            return;
        };
        let entries: Vec<(&Forbidden, Needle)> = glossary
            .forbidden
            .iter()
            .filter(|f| language_listed(&f.languages, input.language))
            .filter_map(|f| Some((f, Needle::new(&f.text)?)))
            .collect();
        if entries.is_empty() {
            return;
        }
        let mut buf = String::new();
        for (i, cue) in input.cues() {
            fold_into(input.text(i), &mut buf);
            for (f, needle) in &entries {
                if needle.find_in(&buf).is_none() {
                    continue;
                }
                let message = match f.reason.as_deref().map(str::trim) {
                    Some(reason) if !reason.is_empty() => msg!(
                        "finding-forbidden-term-reason",
                        text = f.text.clone(),
                        reason = reason
                    ),
                    _ => msg!("finding-forbidden-term", text = f.text.clone()),
                };
                out.push(
                    Finding::new(self.id(), message)
                        .cue(i, cue.span())
                        .hint(msg!("hint-forbidden-term")),
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
[[forbidden]]
text = "Wen Yimin"
languages = ["en-US", "es"]
reason = "misspelling of Wen Yiming"

[[forbidden]]
text = "Wen Yiming"
languages = ["zh-Hans"]

[[forbidden]]
text = "踩雷"
"#;

    #[test]
    fn forbidden_spelling_in_a_listed_language() {
        let f = Fixture::new(FrameRate::FPS_30)
            .glossary(GLOSSARY)
            .cue(0, 1000, "Wen Yiming.")
            .cue(1000, 2000, "Is that WEN\nYIMIN?")
            .cue(2000, 3000, "Wen Yimingo? Wen Yimins?");
        let found = f.run(&ForbiddenTerm);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, Some(2));
        assert_eq!(
            found[0].message,
            msg!(
                "finding-forbidden-term-reason",
                text = "Wen Yimin",
                reason = "misspelling of Wen Yiming"
            )
        );
        let es = Fixture::new(FrameRate::FPS_30)
            .lang("es-419")
            .glossary(GLOSSARY)
            .cue(0, 1000, "¿Wen Yimin?");
        assert_eq!(es.flagged(&ForbiddenTerm), vec![1]);
    }

    #[test]
    fn allowed_in_other_languages() {
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("en-GB")
            .glossary(GLOSSARY)
            .cue(0, 1000, "Wen Yimin");
        assert!(f.run(&ForbiddenTerm).is_empty());
        // A romanized name is forbidden in the Chinese source track, not in English.
        let zh = Fixture::new(FrameRate::FPS_30)
            .lang("zh-Hans")
            .glossary(GLOSSARY)
            .cue(0, 1000, "我是Wen Yiming")
            .cue(1000, 2000, "我是温以茗");
        let found = zh.run(&ForbiddenTerm);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            msg!("finding-forbidden-term", text = "Wen Yiming")
        );
        let en = Fixture::new(FrameRate::FPS_30)
            .glossary(GLOSSARY)
            .cue(0, 1000, "Wen Yiming");
        assert!(en.run(&ForbiddenTerm).is_empty());
    }

    #[test]
    fn cjk_is_matched_inside_words_in_every_language() {
        let f = Fixture::new(FrameRate::FPS_30)
            .lang("zh-Hant")
            .glossary(GLOSSARY)
            .cue(0, 1000, "別踩雷了")
            .cue(1000, 2000, "踩到雷了");
        assert_eq!(f.flagged(&ForbiddenTerm), vec![1]);
    }
}
