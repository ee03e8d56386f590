//! `azure`: Azure AI Translator v3 `/translate` (`reference/translation-apis.md` §3).
//! Glossary terms go through the dynamic dictionary when English is on either side of the
//! pair (the only pairs it serves); otherwise the pipeline puts the renderings in the text.

use std::time::Duration;

use serde_json::json;

use super::super::backend::{
    BoxFuture, Failure, Limits, Parsed, Reply, Request, StopKind, TermPair, Translator, by_position,
};
use super::super::codes::{self, Engine, Target};
use super::super::http::{self, Answer, json_str};
use super::super::settings::{BackendSettings, Secret};
use super::opencc;
use crate::config::env;
use crate::model::Language;

pub const BASE: &str = "https://api.cognitive.microsofttranslator.com";
/// Elements per request (§3: 1,000).
pub const MAX_TEXTS: usize = 1_000;
/// Texts per request unless `batch` says otherwise: small batches retry cheaply.
pub const DEFAULT_BATCH: usize = 100;
/// Characters per request: the 50,000 limit less room for dictionary markup, which the
/// pipeline's batching does not count.
pub const MAX_CHARS: usize = 40_000;

pub struct Azure {
    client: reqwest::Client,
    base: String,
    key: Secret,
    region: Option<String>,
    source: Option<String>,
    target: Option<Target>,
    model: String,
    limits: Limits,
    /// Every approved rendering of the target (longest source first), for the dynamic
    /// dictionary; empty when the pair cannot use it.
    glossary: Vec<TermPair>,
    native: bool,
}

impl Azure {
    pub fn new(
        settings: &BackendSettings,
        key: Secret,
        source: &Language,
        target: &Language,
        glossary: Vec<TermPair>,
    ) -> Result<Azure, String> {
        let timeout = Duration::from_secs_f64(settings.timeout.unwrap_or(30.0).max(0.001));
        let base = settings.base_url.clone().unwrap_or_else(|| BASE.to_owned());
        // "The From and To languages must include English" (§3).
        let native = source.primary() == "en" || target.primary() == "en";
        let mut glossary: Vec<TermPair> = if native {
            glossary
                .into_iter()
                .filter(|t| !t.source.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        glossary.sort_by(|a, b| b.source.len().cmp(&a.source.len()).then(a.cmp(b)));
        let region = settings
            .region
            .clone()
            .or_else(|| std::env::var(env::AZURE_TRANSLATOR_REGION).ok())
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        Ok(Azure {
            client: http::client(timeout)?,
            base: base.trim_end_matches('/').to_owned(),
            key,
            region,
            source: codes::source(Engine::Azure, source),
            target: codes::target(Engine::Azure, target),
            model: settings.model.clone().unwrap_or_default(),
            limits: Limits {
                max_units: settings.batch.unwrap_or(DEFAULT_BATCH).clamp(1, MAX_TEXTS),
                max_chars: MAX_CHARS,
                concurrency: settings.concurrency.unwrap_or(4).max(1),
                rate: settings.rate,
            },
            glossary,
            native,
        })
    }

    /// A unit's text as sent: each glossary term (and each do-not-translate term) wrapped
    /// in the dynamic dictionary markup when the pair allows it.
    fn wire_text(&self, text: &str, keep: &[String]) -> String {
        if !self.native {
            return text.to_owned();
        }
        let mut pairs: Vec<(&str, &str)> = self
            .glossary
            .iter()
            .map(|t| (t.source.as_str(), t.target.as_str()))
            .collect();
        pairs.extend(
            keep.iter()
                .filter(|k| !k.is_empty())
                .map(|k| (k.as_str(), k.as_str())),
        );
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        dictionary(text, &pairs)
    }
}

/// `text` with every occurrence of a term wrapped as
/// `<mstrans:dictionary translation="RENDERING">TERM</mstrans:dictionary>`, longest term
/// first at each position. A rendering the attribute cannot hold as is (quotes, angle
/// brackets) is put in the text directly instead.
pub fn dictionary(text: &str, terms: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for (source, rendering) in terms {
            if !source.is_empty() && rest.starts_with(source) {
                if rendering.contains(['"', '<', '>', '&']) {
                    out.push_str(rendering);
                } else {
                    out.push_str("<mstrans:dictionary translation=\"");
                    out.push_str(rendering);
                    out.push_str("\">");
                    out.push_str(source);
                    out.push_str("</mstrans:dictionary>");
                }
                rest = &rest[source.len()..];
                continue 'outer;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A failed answer, classified by Azure's `error.code` (status × 1000 + sub-code, §3 and
/// §6.2); an answer without the envelope by its status.
pub fn classify(a: &Answer) -> Failure {
    let value = serde_json::from_slice::<serde_json::Value>(&a.body).ok();
    let code = value.as_ref().and_then(|v| {
        let c = &v["error"]["code"];
        c.as_u64()
            .or_else(|| c.as_str().and_then(|s| s.trim().parse().ok()))
    });
    let message = value
        .as_ref()
        .and_then(|v| json_str(v, &["error", "message"]))
        .map(|m| match code {
            Some(c) => format!("{m} ({c})"),
            None => m.to_owned(),
        });
    let text = a.describe(message);
    let stop = |kind| Failure::Stop {
        kind,
        message: text.clone(),
    };
    let status = code
        .filter(|c| (100_000..600_000).contains(c))
        .map_or(u64::from(a.status), |c| c / 1000);
    match (status, code) {
        (400, Some(400_050 | 400_072 | 400_077)) | (413, _) => Failure::TooLarge { message: text },
        (401, _) => stop(StopKind::Auth),
        (403, Some(403_001)) => stop(StopKind::Quota),
        (403, _) => stop(StopKind::Auth),
        (408 | 429, _) | (500..=599, _) => a.retry(text.clone()),
        _ => stop(StopKind::BadRequest),
    }
}

impl Translator for Azure {
    fn id(&self) -> &'static str {
        "azure"
    }
    fn model(&self) -> &str {
        &self.model
    }
    fn endpoint(&self) -> &str {
        &self.base
    }
    fn limits(&self) -> Limits {
        self.limits
    }
    fn supports(&self, source: &Language, target: &Language) -> Result<(), String> {
        if self.source.is_none() {
            return Err(format!("Azure has no source language for {source}"));
        }
        if self.target.is_none() {
            return Err(format!("Azure has no target language for {target}"));
        }
        Ok(())
    }
    fn native_glossary(&self) -> bool {
        self.native
    }
    /// Characters of the text as sent, dictionary markup included (§3: markup is billed).
    fn estimate(&self, request: &Request) -> u64 {
        request
            .units
            .iter()
            .map(|u| self.wire_text(&u.text, &request.keep).chars().count() as u64)
            .sum()
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        Box::pin(async move {
            let (Some(source), Some(target)) = (&self.source, &self.target) else {
                return Err(Failure::Stop {
                    kind: StopKind::BadRequest,
                    message: "Azure cannot translate this language pair".to_owned(),
                });
            };
            let body: Vec<serde_json::Value> = request
                .units
                .iter()
                .map(|u| json!({ "Text": self.wire_text(&u.text, &request.keep) }))
                .collect();
            let mut url =
                reqwest::Url::parse(&format!("{}/translate", self.base)).map_err(|e| {
                    Failure::Stop {
                        kind: StopKind::BadRequest,
                        message: format!("base_url `{}` is not a URL: {e}", self.base),
                    }
                })?;
            url.query_pairs_mut()
                .append_pair("api-version", "3.0")
                .append_pair("from", source)
                .append_pair("to", &target.code)
                .append_pair("textType", "plain");
            if !self.model.is_empty() {
                // A Custom Translator system.
                url.query_pairs_mut().append_pair("category", &self.model);
            }
            let mut builder = self
                .client
                .post(url)
                .header("Ocp-Apim-Subscription-Key", self.key.expose())
                .header("Content-Type", "application/json; charset=UTF-8")
                .body(serde_json::to_vec(&body).unwrap_or_default());
            if let Some(region) = &self.region {
                builder = builder.header("Ocp-Apim-Subscription-Region", region);
            }
            let a = http::exchange(builder).await?;
            if (200..300).contains(&a.status) {
                let metered = a
                    .header("x-metered-usage")
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let mut reply = a.into_reply(metered);
                // The journal stores this body: a server echoing the key must not put it there.
                reply.body = crate::memory::redact(&reply.body, &[self.key.expose()]).into_owned();
                Ok(reply)
            } else {
                Err(classify(&a))
            }
        })
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        #[derive(serde::Deserialize)]
        struct Item {
            translations: Vec<Translation>,
        }
        #[derive(serde::Deserialize)]
        struct Translation {
            text: String,
        }
        let items: Vec<Item> = serde_json::from_slice(&reply.body).map_err(|e| Failure::Retry {
            after: None,
            message: format!("Azure's answer is not what the API describes: {e}"),
        })?;
        let then = self.target.as_ref().and_then(|t| t.then);
        let mut texts = Vec::with_capacity(items.len());
        for item in items {
            let Some(t) = item.translations.into_iter().next() else {
                return Err(Failure::Retry {
                    after: None,
                    message: "Azure's answer has an element without translations".to_owned(),
                });
            };
            texts.push(opencc::finish(&t.text, then));
        }
        Ok(Parsed {
            texts: by_position(request, texts)?,
            billed: reply
                .billed_header
                .unwrap_or_else(|| self.estimate(request)),
            truncated: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::backend::Unit;
    use crate::translate::backends::test_support::{answer, kind};

    fn err(code: u64, message: &str) -> String {
        json!({"error":{"code":code,"message":message}}).to_string()
    }

    #[test]
    fn classify_follows_the_reference_table() {
        let quota = classify(&answer(
            403,
            &err(
                403_001,
                "The operation isn't allowed because the subscription has exceeded its free quota.",
            ),
        ));
        assert_eq!(kind(&quota), "quota");
        assert!(
            matches!(&quota, Failure::Stop { message, .. } if message.contains("exceeded its free quota") && message.contains("403001"))
        );
        assert_eq!(
            kind(&classify(&answer(
                403,
                &err(403_000, "The operation is not allowed.")
            ))),
            "auth"
        );
        assert_eq!(
            kind(&classify(&answer(
                401,
                &err(
                    401_000,
                    "The request isn't authorized because credentials are missing or invalid."
                )
            ))),
            "auth"
        );
        assert_eq!(
            kind(&classify(&answer(
                401,
                &err(401_015, "The credentials provided are for the Speech API.")
            ))),
            "auth"
        );
        assert_eq!(
            kind(&classify(&answer(
                400,
                &err(400_019, "One of the specified languages isn't supported.")
            ))),
            "bad-request"
        );
        assert_eq!(
            kind(&classify(&answer(
                400,
                &err(400_036, "The target language isn't valid.")
            ))),
            "bad-request"
        );
        assert_eq!(
            kind(&classify(&answer(
                400,
                &err(400_074, "The body of the request isn't valid JSON.")
            ))),
            "bad-request"
        );
        for c in [400_050, 400_072, 400_077] {
            assert_eq!(
                kind(&classify(&answer(400, &err(c, "too big")))),
                "too-large",
                "{c}"
            );
        }
        assert_eq!(
            kind(&classify(&answer(
                408,
                &err(
                    408_001,
                    "The requested translation system is being prepared. Retry in a few minutes."
                )
            ))),
            "retry"
        );
        assert_eq!(
            kind(&classify(&answer(
                408,
                &err(408_002, "Request timed out waiting on incoming stream.")
            ))),
            "retry"
        );
        assert_eq!(
            kind(&classify(&answer(
                415,
                &err(415_000, "The Content-Type header is missing or invalid.")
            ))),
            "bad-request"
        );
        for c in [429_000, 429_001, 429_002] {
            assert_eq!(
                kind(&classify(&answer(
                    429,
                    &err(
                        c,
                        "The server rejected the request because the client has exceeded request limits."
                    )
                ))),
                "retry"
            );
        }
        assert_eq!(
            kind(&classify(&answer(
                500,
                &err(500_000, "An unexpected error occurred.")
            ))),
            "retry"
        );
        assert_eq!(
            kind(&classify(&answer(
                503,
                &err(503_000, "Service is temporarily unavailable.")
            ))),
            "retry"
        );
        // Without an envelope: the status decides.
        assert_eq!(kind(&classify(&answer(429, ""))), "retry");
        assert_eq!(
            kind(&classify(&answer(502, "<html>bad gateway</html>"))),
            "retry"
        );
        assert_eq!(kind(&classify(&answer(401, "garbage"))), "auth");
        assert_eq!(kind(&classify(&answer(413, ""))), "too-large");
        assert_eq!(kind(&classify(&answer(404, "nope"))), "bad-request");
        // A string code is read too; an absurd one falls back on the status.
        assert_eq!(
            kind(&classify(&answer(
                403,
                r#"{"error":{"code":"403001","message":"q"}}"#
            ))),
            "quota"
        );
        assert_eq!(
            kind(&classify(&answer(
                503,
                r#"{"error":{"code":7,"message":"q"}}"#
            ))),
            "retry"
        );
    }

    #[test]
    fn the_dynamic_dictionary_wraps_terms_longest_first() {
        let terms = [
            ("温以茗", "Wen Yiming"),
            ("温", "Wen"),
            ("李总", "Mr. \"Li\""),
        ];
        assert_eq!(
            dictionary("温以茗和温说话，李总", &terms),
            "<mstrans:dictionary translation=\"Wen Yiming\">温以茗</mstrans:dictionary>和\
             <mstrans:dictionary translation=\"Wen\">温</mstrans:dictionary>说话，Mr. \"Li\""
        );
        assert_eq!(dictionary("", &terms), "");
        assert_eq!(dictionary("没有", &[]), "没有");
    }

    fn azure(source: &str, target: &str) -> Azure {
        Azure::new(
            &BackendSettings {
                base_url: Some("http://127.0.0.1:1".into()),
                ..BackendSettings::default()
            },
            Secret::new("k"),
            &Language::parse(source).unwrap(),
            &Language::parse(target).unwrap(),
            vec![TermPair {
                source: "温以茗".into(),
                target: "Wen Yiming".into(),
            }],
        )
        .unwrap()
    }

    fn request(texts: &[&str]) -> Request {
        Request {
            source: Language::parse("zh-Hans").unwrap(),
            target: Language::parse("en-US").unwrap(),
            units: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Unit {
                    id: format!("E001#{}", i + 1),
                    text: (*t).to_owned(),
                })
                .collect(),
            context: Default::default(),
            terms: Vec::new(),
            keep: Vec::new(),
            avoid: Vec::new(),
        }
    }

    #[test]
    fn english_pairs_use_the_dictionary_and_bill_its_markup() {
        let en = azure("zh-Hans", "en-US");
        assert!(en.native_glossary());
        assert!(!azure("zh-Hans", "es-419").native_glossary());
        assert!(azure("en", "ja").native_glossary());
        let req = request(&["温以茗来了"]);
        let wrapped =
            "<mstrans:dictionary translation=\"Wen Yiming\">温以茗</mstrans:dictionary>来了";
        assert_eq!(en.estimate(&req), wrapped.chars().count() as u64);
        assert_eq!(azure("zh-Hans", "es-419").estimate(&req), 5);
    }

    #[test]
    fn parse_takes_the_metered_header_and_refuses_garbage() {
        let a = azure("zh-Hans", "zh-Hant-TW");
        let req = request(&["软件", "你好"]);
        let reply = |b: &str, h: Option<u64>| Reply {
            body: b.as_bytes().to_vec(),
            billed_header: h,
        };
        let ok = a
            .parse(
                &req,
                &reply(
                    r#"[{"translations":[{"text":"軟件","to":"zh-Hant"}]},{"translations":[{"text":"你好","to":"zh-Hant"}]}]"#,
                    Some(4),
                ),
            )
            .unwrap();
        assert_eq!(ok.billed, 4);
        // Taiwan phrasing through OpenCC.
        assert_eq!(ok.texts[0].text, "軟體");
        for garbage in [
            "",
            "{}",
            "[{}]",
            r#"[{"translations":[]},{"translations":[]}]"#,
            r#"[{"translations":[{"text":"one"}]}]"#,
            r#"[{"translations":[{"text":null}]},{"translations":[{"text":"x"}]}]"#,
        ] {
            assert!(
                matches!(
                    a.parse(&req, &reply(garbage, None)),
                    Err(Failure::Retry { .. })
                ),
                "{garbage}"
            );
        }
    }
}
