//! `language-tag-invalid`: the language tag a file is named by (its stem in a series:
//! `pt-BR.srt`), or the `xml:lang` of a TTML document, is not a valid BCP 47 tag or not in
//! canonical form (`pt_BR`, `es-LA`, `in`, `zh-cn`, `eng`). Distributors match tracks to
//! languages by these tags and reject what they cannot read; the finding names the canonical
//! tag when there is one.
//!
//! A file stem is only read as a tag when it looks like one (two or three letters, then
//! subtags joined by `-` or `_`): loose files named `EP012_zh` or `episode 3` are not
//! language tags and are left to the import's name parsing.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::{Language, TrackHeader};
use crate::msg;

pub struct LanguageTagInvalid;

impl Rule for LanguageTagInvalid {
    fn id(&self) -> &'static str {
        "language-tag-invalid"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-language-tag-invalid-what"),
            msg!("rule-language-tag-invalid-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        if !input.file.exists {
            return;
        }
        if let Some(tag) = input.file.name_tag.as_deref()
            && looks_like_tag(tag)
            && let Some(f) = self.verdict(tag, "file-name")
        {
            out.push(f);
        }
        if let Some(TrackHeader::Ttml(h)) = input.track.map(|t| t.header())
            && let Some(tag) = h.lang.as_deref()
            && let Some(f) = self.verdict(tag, "xml-lang")
        {
            out.push(f);
        }
    }
}

impl LanguageTagInvalid {
    /// A finding when `tag` is invalid or not canonical; `place` says where it was written.
    /// `place` is `file-name`, `xml-lang` or `manifest`.
    pub(crate) fn verdict(&self, tag: &str, place: &'static str) -> Option<Finding> {
        let (message, canonical) = match Language::parse_noting(tag) {
            Err(e) => (
                msg!("finding-language-tag-invalid", tag = tag, place = place),
                e.suggestion().map(str::to_owned),
            ),
            Ok((lang, _)) => {
                let canonical = preferred(&lang).unwrap_or_else(|| lang.to_string());
                if canonical == tag {
                    return None;
                }
                (
                    msg!(
                        "finding-language-tag-not-canonical",
                        tag = tag,
                        place = place,
                        canonical = canonical.clone()
                    ),
                    Some(canonical),
                )
            }
        };
        let hint = match canonical {
            Some(c) => msg!("hint-language-tag-canonical", tag = c, place = place),
            None => msg!("hint-language-tag-invalid", place = place),
        };
        Some(Finding::new(self.id(), message).hint(hint))
    }
}

/// Two or three ASCII letters, then subtags of ASCII letters and digits joined by `-` or `_`.
fn looks_like_tag(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// ISO 639-2/3 codes of languages that have a two-letter code, which BCP 47 prefers
/// (`eng` → `en`); the common ones in subtitle deliveries.
const THREE_TO_TWO: &[(&str, &str)] = &[
    ("ara", "ar"),
    ("chi", "zh"),
    ("zho", "zh"),
    ("deu", "de"),
    ("ger", "de"),
    ("eng", "en"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("hin", "hi"),
    ("ind", "id"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("may", "ms"),
    ("msa", "ms"),
    ("nld", "nl"),
    ("dut", "nl"),
    ("pol", "pl"),
    ("por", "pt"),
    ("rus", "ru"),
    ("spa", "es"),
    ("tha", "th"),
    ("tur", "tr"),
    ("vie", "vi"),
    ("ukr", "uk"),
    ("heb", "he"),
    ("per", "fa"),
    ("fas", "fa"),
    ("ben", "bn"),
    ("urd", "ur"),
    ("tam", "ta"),
    ("tel", "te"),
    ("khm", "km"),
    ("lao", "lo"),
    ("mya", "my"),
    ("bur", "my"),
];

/// The tag with a three-letter primary subtag replaced by its two-letter code.
fn preferred(lang: &Language) -> Option<String> {
    let (_, two) = THREE_TO_TWO
        .iter()
        .find(|(three, _)| *three == lang.primary())?;
    let tag = lang.as_str();
    Some(format!("{two}{}", &tag[lang.primary().len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Arg;
    use crate::model::{Format, FrameRate};
    use crate::timing::rules::fixture::Fixture;

    fn named(stem: &str) -> Vec<Finding> {
        let mut f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "x");
        f.file.name_tag = Some(stem.to_owned());
        f.run(&LanguageTagInvalid)
    }

    fn canonical(f: &Finding) -> Option<Arg> {
        f.hint
            .as_ref()?
            .args
            .iter()
            .find(|(n, _)| *n == "tag")
            .map(|(_, a)| a.clone())
    }

    #[test]
    fn invalid_and_non_canonical_names() {
        for (stem, want) in [
            ("pt_BR", Some("pt-BR")),
            ("es-LA", Some("es-419")),
            ("in", Some("id")),
            ("zh-cn", Some("zh-CN")),
            ("EN", Some("en")),
            ("eng", Some("en")),
            ("zho-Hant", Some("zh-Hant")),
            ("iw", Some("he")),
            ("xx", None),
        ] {
            let found = named(stem);
            assert_eq!(found.len(), 1, "{stem}");
            assert_eq!(
                canonical(&found[0]),
                want.map(|w| Arg::Str(w.into())),
                "{stem}"
            );
        }
        assert_eq!(named("xx")[0].message.id, "finding-language-tag-invalid");
        assert_eq!(
            named("in")[0].message.id,
            "finding-language-tag-not-canonical"
        );
    }

    #[test]
    fn near_miss_canonical_tags_and_names_that_are_not_tags() {
        for stem in [
            "en-US",
            "pt-BR",
            "es-419",
            "zh-Hans",
            "zh-Hant-TW",
            "fil",
            "yue",
            "th",
        ] {
            assert!(named(stem).is_empty(), "{stem}");
        }
        for stem in ["EP012_zh", "episode 3", "第12集", "12.zh", "demo"] {
            assert!(named(stem).is_empty(), "{stem}");
        }
        // A missing file is `track-missing`'s business.
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.file.name_tag = Some("pt_BR".into());
        f.file.exists = false;
        assert!(f.run(&LanguageTagInvalid).is_empty());
    }

    #[test]
    fn ttml_xml_lang_is_checked_too() {
        let text = "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xml:lang=\"pt_BR\"><body><div><p begin=\"0s\" end=\"1s\">Oi</p></div></body></tt>";
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.track = crate::formats::parse(Format::Ttml, text).unwrap().track;
        f.file.name_tag = Some("pt-BR".into());
        let found = f.run(&LanguageTagInvalid);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .args
                .contains(&("place", Arg::Str("xml-lang".into())))
        );
        assert_eq!(canonical(&found[0]), Some(Arg::Str("pt-BR".into())));
    }
}
