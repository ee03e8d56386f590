//! `opencc`: Simplified → Traditional Chinese offline, with OpenCC's dictionaries
//! (`opencc-fmmseg`, MIT, pure Rust): Taiwan phrasing (`s2twp`) for `zh-Hant-TW`, Hong Kong
//! (`s2hk`) for `zh-Hant-HK`, plain `s2t` for `zh-Hant`. Also finishes the output of engines
//! that only know generic Traditional Chinese.

use std::sync::OnceLock;

use super::super::backend::{BoxFuture, Failure, Limits, Parsed, Reply, Request, Translator};
use super::super::codes::ChineseVariant;
use crate::model::Language;

pub struct OpenCc;

fn engine() -> &'static opencc_fmmseg::OpenCC {
    static ENGINE: OnceLock<opencc_fmmseg::OpenCC> = OnceLock::new();
    ENGINE.get_or_init(opencc_fmmseg::OpenCC::new)
}

/// Simplified text into the target's Traditional variant.
pub fn convert(text: &str, target: &Language) -> String {
    match ChineseVariant::of(target) {
        Some(ChineseVariant::Taiwan) => engine().s2twp(text, true),
        Some(ChineseVariant::HongKong) => engine().s2hk(text, true),
        None => engine().s2t(text, true),
    }
}

/// Generic Traditional text (an engine's `ZH-HANT`) into a regional variant.
pub fn finish(text: &str, variant: Option<ChineseVariant>) -> String {
    match variant {
        Some(ChineseVariant::Taiwan) => engine().t2twp(text, true),
        Some(ChineseVariant::HongKong) => engine().t2hk(text, true),
        None => text.to_owned(),
    }
}

/// Simplified Chinese: Chinese that is not Traditional.
fn is_simplified(lang: &Language) -> bool {
    lang.primary() == "zh" && !super::super::codes::is_traditional(lang)
}

impl Translator for OpenCc {
    fn id(&self) -> &'static str {
        "opencc"
    }
    fn limits(&self) -> Limits {
        Limits {
            max_units: 1000,
            max_chars: 1_000_000,
            concurrency: 1,
            rate: None,
        }
    }
    fn offline(&self) -> bool {
        true
    }
    fn supports(&self, source: &Language, target: &Language) -> Result<(), String> {
        if is_simplified(source) && super::super::codes::is_traditional(target) {
            Ok(())
        } else {
            Err(format!(
                "opencc converts Simplified Chinese (zh-Hans) into Traditional Chinese (zh-Hant, zh-Hant-TW, zh-Hant-HK), not {source} into {target}"
            ))
        }
    }
    fn native_glossary(&self) -> bool {
        // Names are converted like any text; approved renderings replace them first.
        false
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        let texts: Vec<String> = request
            .units
            .iter()
            .map(|u| {
                // Renderings (already Traditional) must not be converted again: split on them.
                let mut out = String::new();
                let mut rest = u.text.as_str();
                while !rest.is_empty() {
                    let next = request
                        .terms
                        .iter()
                        .filter_map(|t| rest.find(&t.target).map(|at| (at, t.target.len())))
                        .min();
                    match next {
                        Some((at, len)) if len > 0 => {
                            out.push_str(&convert(&rest[..at], &request.target));
                            out.push_str(&rest[at..at + len]);
                            rest = &rest[at + len..];
                        }
                        _ => {
                            out.push_str(&convert(rest, &request.target));
                            rest = "";
                        }
                    }
                }
                out
            })
            .collect();
        super::offline_reply(&texts)
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        super::offline_parse(request, reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(t: &str) -> Language {
        Language::parse(t).unwrap()
    }

    #[test]
    fn taiwan_and_hong_kong_phrasing() {
        // s2twp: 软件 → 軟體 (Taiwan phrase), 鼠标 → 滑鼠.
        assert_eq!(convert("软件", &l("zh-Hant-TW")), "軟體");
        assert_eq!(convert("鼠标", &l("zh-Hant-TW")), "滑鼠");
        assert_eq!(convert("软件", &l("zh-Hant")), "軟件");
        // Hong Kong standard forms: 温 stays 温 (Taiwan writes 溫).
        assert_eq!(convert("温以茗", &l("zh-Hant-HK")), "温以茗");
        assert_eq!(convert("温以茗", &l("zh-Hant-TW")), "溫以茗");
        assert_eq!(convert("软件", &l("zh-Hant-HK")), "軟件");
        assert!(OpenCc.supports(&l("zh-Hans"), &l("zh-Hant-TW")).is_ok());
        assert!(OpenCc.supports(&l("zh-Hans"), &l("en-US")).is_err());
        assert_eq!(finish("軟件", Some(ChineseVariant::Taiwan)), "軟體");
    }
}
