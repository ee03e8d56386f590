//! BCP 47 track tags → each backend's language codes, in one table
//! (`reference/translation-apis.md` §6.1). A pair a backend cannot do is refused here, before
//! any request is sent.

use crate::model::Language;

/// The engines whose codes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Deepl,
    Google,
    Azure,
    Libre,
}

/// What to ask the engine for, and what to do to its output afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub code: String,
    /// Traditional Chinese variant to reach from the engine's generic Traditional output
    /// with OpenCC (Taiwan or Hong Kong phrasing), when the engine has no such target.
    pub then: Option<ChineseVariant>,
}

/// Regional Traditional Chinese, reached offline with OpenCC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChineseVariant {
    Taiwan,
    HongKong,
}

impl ChineseVariant {
    /// The variant a tag asks for: `zh-Hant-TW`/`zh-TW` → Taiwan, `zh-Hant-HK`/`zh-HK`/`zh-Hant-MO` → HK.
    pub fn of(lang: &Language) -> Option<ChineseVariant> {
        if lang.primary() != "zh" {
            return None;
        }
        match lang.region() {
            Some("TW") => Some(ChineseVariant::Taiwan),
            Some("HK" | "MO") => Some(ChineseVariant::HongKong),
            _ => None,
        }
    }
}

/// Traditional Chinese: script `Hant`, or a Taiwan, Hong Kong or Macau region.
pub fn is_traditional(lang: &Language) -> bool {
    lang.primary() == "zh"
        && (lang.script().as_deref() == Some("Hant")
            || matches!(lang.region(), Some("TW" | "HK" | "MO")))
}

/// The source code an engine takes for `lang`, or `None` when it has none.
pub fn source(engine: Engine, lang: &Language) -> Option<String> {
    let p = lang.primary();
    Some(match (engine, p) {
        (Engine::Deepl, "zh") => "ZH".into(),
        (Engine::Deepl, "fil") => "TL".into(),
        (Engine::Deepl, _) => p.to_ascii_uppercase(),
        (Engine::Google, "zh") if is_traditional(lang) => "zh-TW".into(),
        (Engine::Google, "zh") => "zh-CN".into(),
        (Engine::Azure, "zh") if is_traditional(lang) => "zh-Hant".into(),
        (Engine::Azure, "zh") => "zh-Hans".into(),
        (Engine::Libre, "zh") if is_traditional(lang) => "zh-Hant".into(),
        (Engine::Libre, "zh") => "zh-Hans".into(),
        (Engine::Libre, "fil") => "tl".into(),
        (Engine::Libre, "vi") => return None,
        (_, _) => p.to_owned(),
    })
}

/// The target code an engine takes for `lang`, or `None` when it cannot produce it.
pub fn target(engine: Engine, lang: &Language) -> Option<Target> {
    let p = lang.primary();
    let region = lang.region();
    let then = ChineseVariant::of(lang);
    let plain = |code: &str| {
        Some(Target {
            code: code.to_owned(),
            then: None,
        })
    };
    if p == "zh" {
        let trad = is_traditional(lang);
        let code = match engine {
            Engine::Deepl if trad => "ZH-HANT",
            Engine::Deepl => "ZH-HANS",
            Engine::Google if trad => "zh-TW",
            Engine::Google => "zh-CN",
            Engine::Azure | Engine::Libre if trad => "zh-Hant",
            Engine::Azure | Engine::Libre => "zh-Hans",
        };
        // Google's zh-TW is already Taiwan phrasing; everything else goes through OpenCC.
        let then = match (engine, then) {
            (Engine::Google, Some(ChineseVariant::Taiwan)) => None,
            (_, t) => t,
        };
        return Some(Target {
            code: code.to_owned(),
            then,
        });
    }
    match engine {
        Engine::Deepl => match (p, region) {
            ("en", Some("GB")) => plain("EN-GB"),
            ("en", _) => plain("EN-US"),
            ("pt", Some("PT")) => plain("PT-PT"),
            ("pt", _) => plain("PT-BR"),
            ("es", Some("419")) => plain("ES-419"),
            ("es", _) => plain("ES"),
            ("fil" | "tl", _) => plain("TL"),
            _ => plain(&p.to_ascii_uppercase()),
        },
        Engine::Google => match p {
            "he" => plain("iw"),
            _ => plain(p),
        },
        Engine::Azure => match (p, region) {
            ("pt", Some("PT")) => plain("pt-pt"),
            ("fr", Some("CA")) => plain("fr-ca"),
            _ => plain(p),
        },
        Engine::Libre => match (p, region) {
            ("vi", _) => None,
            ("pt", Some("BR")) => plain("pt-BR"),
            ("fil", _) => plain("tl"),
            _ => plain(p),
        },
    }
}

/// A language's English name for LLM prompts (`ja` → `Japanese`), falling back to the tag.
pub fn english_name(lang: &Language) -> String {
    let base = match lang.primary() {
        "zh" if is_traditional(lang) => "Traditional Chinese",
        "zh" => "Simplified Chinese",
        "en" => "English",
        "es" => "Spanish",
        "pt" => "Portuguese",
        "id" => "Indonesian",
        "th" => "Thai",
        "vi" => "Vietnamese",
        "fil" | "tl" => "Filipino",
        "ja" => "Japanese",
        "ko" => "Korean",
        "ar" => "Arabic",
        "de" => "German",
        "fr" => "French",
        "it" => "Italian",
        "tr" => "Turkish",
        "ms" => "Malay",
        "hi" => "Hindi",
        "ru" => "Russian",
        _ => return lang.as_str().to_owned(),
    };
    match lang.region() {
        Some("419") => format!("{base} (Latin America)"),
        Some("BR") => format!("{base} (Brazil)"),
        Some("ES") => format!("{base} (Spain)"),
        Some("US") => format!("{base} (United States)"),
        Some("TW") => format!("{base} (Taiwan)"),
        Some("HK") => format!("{base} (Hong Kong)"),
        _ => base.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(t: &str) -> Language {
        Language::parse(t).unwrap()
    }

    #[test]
    fn the_reference_table() {
        let t = |e, tag| target(e, &l(tag)).map(|t| t.code);
        assert_eq!(t(Engine::Deepl, "es-419").as_deref(), Some("ES-419"));
        assert_eq!(t(Engine::Deepl, "zh-Hans").as_deref(), Some("ZH-HANS"));
        assert_eq!(t(Engine::Deepl, "pt-BR").as_deref(), Some("PT-BR"));
        assert_eq!(t(Engine::Deepl, "fil").as_deref(), Some("TL"));
        assert_eq!(t(Engine::Deepl, "en-US").as_deref(), Some("EN-US"));
        assert_eq!(t(Engine::Google, "fil").as_deref(), Some("fil"));
        assert_eq!(t(Engine::Google, "zh-Hant-TW").as_deref(), Some("zh-TW"));
        assert_eq!(t(Engine::Azure, "pt-BR").as_deref(), Some("pt"));
        assert_eq!(t(Engine::Libre, "fil").as_deref(), Some("tl"));
        assert_eq!(t(Engine::Libre, "vi"), None);
        assert_eq!(source(Engine::Deepl, &l("zh-Hans")).as_deref(), Some("ZH"));
        assert_eq!(
            source(Engine::Google, &l("zh-Hans")).as_deref(),
            Some("zh-CN")
        );
        let tw = target(Engine::Deepl, &l("zh-Hant-TW")).unwrap();
        assert_eq!(
            (tw.code.as_str(), tw.then),
            ("ZH-HANT", Some(ChineseVariant::Taiwan))
        );
        let hk = target(Engine::Azure, &l("zh-Hant-HK")).unwrap();
        assert_eq!(hk.then, Some(ChineseVariant::HongKong));
        assert_eq!(english_name(&l("es-419")), "Spanish (Latin America)");
    }
}
