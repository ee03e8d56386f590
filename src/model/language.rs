//! Languages as validated, canonical BCP 47 tags.
//!
//! Owns parsing user and file-name tags, the deprecated-code table, and the Chinese
//! script/region relations. Which UI language dramaloc itself speaks is `crate::i18n`'s business.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;
use unic_langid::subtags::Script;

/// Why a tag was refused. Each variant knows the tag the user most likely meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageError {
    /// `pt_BR`: POSIX locale syntax, not BCP 47.
    #[error("`{input}` uses `_`; BCP 47 tags use `-` (`{suggestion}`)")]
    Underscore { input: String, suggestion: String },
    /// `es-LA`: LA is Laos; Latin American Spanish is `es-419`.
    #[error("`{input}` names the region Laos; Latin American Spanish is `es-419`")]
    LatinAmericaRegion { input: String },
    #[error("`{input}` is not a valid language tag")]
    Invalid { input: String },
}

impl LanguageError {
    /// The tag to suggest in a hint, when there is one.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            LanguageError::Underscore { suggestion, .. } => Some(suggestion),
            LanguageError::LatinAmericaRegion { .. } => Some("es-419"),
            LanguageError::Invalid { .. } => None,
        }
    }

    pub fn input(&self) -> &str {
        match self {
            LanguageError::Underscore { input, .. }
            | LanguageError::LatinAmericaRegion { input }
            | LanguageError::Invalid { input } => input,
        }
    }
}

/// Deprecated or alternative primary language subtags and their replacements.
const LANGUAGE_ALIASES: &[(&str, &str)] = &[
    ("in", "id"),
    ("iw", "he"),
    ("ji", "yi"),
    ("jw", "jv"),
    ("mo", "ro"),
    // Google and many files use `tl` (Tagalog) for Filipino; dramaloc reports `fil`.
    ("tl", "fil"),
];

/// ISO 639-1 two-letter codes (plus the deprecated ones in `LANGUAGE_ALIASES`).
/// Three-letter codes (ISO 639-2/3, e.g. `fil`, `yue`) are accepted as written.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "in", "io", "is", "it", "iu", "iw", "ja", "ji", "jv", "jw",
    "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la",
    "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mo", "mr",
    "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj",
    "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc",
    "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw",
    "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk",
    "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// A validated BCP 47 language tag in canonical form (`pt-BR`, `zh-Hant`, `es-419`).
#[derive(Clone)]
pub struct Language {
    id: LanguageIdentifier,
    tag: String,
}

/// How `Language::parse_noting` changed what the user wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonicalized {
    pub from: String,
    pub to: String,
}

impl Language {
    /// Parse a tag, canonicalizing case and deprecated codes (`in` → `id`, `iw` → `he`, `tl` → `fil`).
    pub fn parse(input: &str) -> Result<Language, LanguageError> {
        Language::parse_noting(input).map(|(lang, _)| lang)
    }

    /// Like [`Language::parse`], also saying when the canonical tag differs from the input
    /// by more than letter case.
    pub fn parse_noting(input: &str) -> Result<(Language, Option<Canonicalized>), LanguageError> {
        let trimmed = input.trim();
        if trimmed.is_empty() || !trimmed.is_ascii() {
            return Err(LanguageError::Invalid {
                input: input.to_owned(),
            });
        }
        if trimmed.contains('_') {
            let dashed = trimmed.replace('_', "-");
            let suggestion = Language::parse(&dashed).map(|l| l.tag).unwrap_or(dashed);
            return Err(LanguageError::Underscore {
                input: input.to_owned(),
                suggestion,
            });
        }
        let mut id: LanguageIdentifier = trimmed.parse().map_err(|_| LanguageError::Invalid {
            input: input.to_owned(),
        })?;
        let primary = id.language.as_str();
        let known = match primary.len() {
            2 => ISO_639_1.binary_search(&primary).is_ok(),
            3 => true,
            _ => false,
        };
        if !known {
            return Err(LanguageError::Invalid {
                input: input.to_owned(),
            });
        }
        if id.language.as_str() == "es" && id.region.is_some_and(|r| r.as_str() == "LA") {
            return Err(LanguageError::LatinAmericaRegion {
                input: input.to_owned(),
            });
        }
        let before = id.to_string();
        if let Some((_, to)) = LANGUAGE_ALIASES
            .iter()
            .find(|(from, _)| *from == id.language.as_str())
        {
            id.language = to.parse().map_err(|_| LanguageError::Invalid {
                input: input.to_owned(),
            })?;
        }
        let tag = id.to_string();
        let note = (tag != before).then(|| Canonicalized {
            from: trimmed.to_owned(),
            to: tag.clone(),
        });
        Ok((Language { id, tag }, note))
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    pub fn primary(&self) -> &str {
        self.id.language.as_str()
    }

    pub fn region(&self) -> Option<&str> {
        self.id.region.as_ref().map(|r| r.as_str())
    }

    /// The script written or implied by likely subtags (`zh-TW` → `Hant`, `ja` → `Jpan`).
    pub fn script(&self) -> Option<String> {
        if let Some(s) = self.id.script {
            return Some(s.as_str().to_owned());
        }
        let mut max = self.id.clone();
        max.maximize();
        max.script.map(|s| s.as_str().to_owned())
    }

    /// Whether two tags write the same language in the same script (`zh-CN` ~ `zh-Hans`,
    /// `zh-TW` ~ `zh-Hant`, `en` ~ `en-US`), by CLDR likely subtags.
    pub fn same_written_language(&self, other: &Language) -> bool {
        self.primary() == other.primary() && self.script() == other.script()
    }

    /// The tag dramaloc uses for a track file: Chinese by script, region only where vocabulary
    /// differs (`zh-CN` → `zh-Hans`, `zh-TW` → `zh-Hant-TW`, `zh-HK` → `zh-Hant-HK`).
    pub fn track_tag(&self) -> Language {
        if self.primary() != "zh" {
            return self.clone();
        }
        let script = self.script().unwrap_or_else(|| "Hans".to_owned());
        let tag = match (script.as_str(), self.region()) {
            ("Hant", Some(r @ ("TW" | "HK" | "MO"))) => format!("zh-Hant-{r}"),
            ("Hant", _) => "zh-Hant".to_owned(),
            _ => "zh-Hans".to_owned(),
        };
        Language::parse(&tag).unwrap_or_else(|_| self.clone())
    }

    pub fn is_chinese(&self) -> bool {
        self.primary() == "zh"
    }

    pub fn is_traditional_chinese(&self) -> bool {
        self.is_chinese() && self.script().as_deref() == Some("Hant")
    }

    /// A tag with only the script changed (`zh-Hans` → `zh-Hant`).
    pub fn with_script(&self, script: &str) -> Option<Language> {
        let mut id = self.id.clone();
        id.script = Some(Script::from_str(script).ok()?);
        let tag = id.to_string();
        Some(Language { id, tag })
    }
}

impl PartialEq for Language {
    fn eq(&self, other: &Self) -> bool {
        self.tag == other.tag
    }
}
impl Eq for Language {}
impl Hash for Language {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.tag.hash(state);
    }
}
impl PartialOrd for Language {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Language {
    fn cmp(&self, other: &Self) -> Ordering {
        self.tag.cmp(&other.tag)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.tag)
    }
}

impl FromStr for Language {
    type Err = LanguageError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::parse(s)
    }
}

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.tag)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Language::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> String {
        Language::parse(s).unwrap().to_string()
    }

    #[test]
    fn canonical_case_and_aliases() {
        assert_eq!(tag("pt-br"), "pt-BR");
        assert_eq!(tag("EN-us"), "en-US");
        assert_eq!(tag("zh-hant"), "zh-Hant");
        assert_eq!(tag("in"), "id");
        assert_eq!(tag("iw"), "he");
        assert_eq!(tag("tl"), "fil");
        assert_eq!(tag("es-419"), "es-419");
        let (_, note) = Language::parse_noting("in").unwrap();
        assert_eq!(
            note,
            Some(Canonicalized {
                from: "in".into(),
                to: "id".into()
            })
        );
        let (_, note) = Language::parse_noting("pt-br").unwrap();
        assert_eq!(note, None, "case alone is not worth a note");
    }

    #[test]
    fn errors_name_the_right_tag() {
        let e = Language::parse("pt_BR").unwrap_err();
        assert_eq!(e.suggestion(), Some("pt-BR"));
        let e = Language::parse("zh_CN").unwrap_err();
        assert_eq!(e.suggestion(), Some("zh-CN"));
        let e = Language::parse("es-LA").unwrap_err();
        assert_eq!(e.suggestion(), Some("es-419"));
        for bad in ["", "x", "english", "12", "zh-", "中文"] {
            assert!(Language::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn chinese_relations() {
        let cn = Language::parse("zh-CN").unwrap();
        let hans = Language::parse("zh-Hans").unwrap();
        let tw = Language::parse("zh-TW").unwrap();
        let hant = Language::parse("zh-Hant").unwrap();
        assert!(cn.same_written_language(&hans));
        assert!(tw.same_written_language(&hant));
        assert!(!cn.same_written_language(&tw));
        assert_eq!(cn.track_tag().as_str(), "zh-Hans");
        assert_eq!(tw.track_tag().as_str(), "zh-Hant-TW");
        assert_eq!(
            Language::parse("zh-HK").unwrap().track_tag().as_str(),
            "zh-Hant-HK"
        );
        assert_eq!(
            Language::parse("zh").unwrap().track_tag().as_str(),
            "zh-Hans"
        );
        assert!(tw.is_traditional_chinese());
        assert_eq!(
            Language::parse("ja").unwrap().script().as_deref(),
            Some("Jpan")
        );
    }
}
