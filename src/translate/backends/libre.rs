//! `libre`: a LibreTranslate server, `POST /translate` (`reference/translation-apis.md` §4).
//! Self-hosted: there is no public default, `base_url` is required; a key only when the
//! server was started with `--api-keys`. Costs nothing per character.

use std::time::Duration;

use serde_json::json;

use super::super::backend::{
    BoxFuture, Failure, Limits, Parsed, Reply, Request, StopKind, Translator, by_position,
};
use super::super::codes::{self, Engine, Target};
use super::super::http::{self, Answer, json_str};
use super::super::settings::{BackendSettings, Secret};
use super::opencc;
use crate::model::Language;

/// Texts per request unless `batch` says otherwise (servers have no batch limit by
/// default; a `--batch-limit` they set answers "exceeds text limit" and the batch is split).
pub const DEFAULT_BATCH: usize = 50;
/// Characters per request.
pub const MAX_CHARS: usize = 20_000;

pub struct Libre {
    client: reqwest::Client,
    base: String,
    key: Option<Secret>,
    source: Option<String>,
    target: Option<Target>,
    model: String,
    limits: Limits,
}

impl Libre {
    pub fn new(
        settings: &BackendSettings,
        key: Option<Secret>,
        source: &Language,
        target: &Language,
    ) -> Result<Libre, String> {
        let base = settings
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .ok_or_else(|| {
                "base_url is required: LibreTranslate has no public default server; set \
                 base_url under [translate.libre] in series.toml (e.g. \"http://localhost:5000\")"
                    .to_owned()
            })?;
        let timeout = Duration::from_secs_f64(settings.timeout.unwrap_or(60.0).max(0.001));
        Ok(Libre {
            client: http::client(timeout)?,
            base: base.trim_end_matches('/').to_owned(),
            key: key.filter(|k| !k.expose().is_empty()),
            source: codes::source(Engine::Libre, source),
            target: codes::target(Engine::Libre, target),
            model: settings.model.clone().unwrap_or_default(),
            limits: Limits {
                max_units: settings.batch.unwrap_or(DEFAULT_BATCH).max(1),
                max_chars: MAX_CHARS,
                concurrency: settings.concurrency.unwrap_or(4).max(1),
                rate: settings.rate,
            },
        })
    }
}

/// A failed answer, classified by LibreTranslate's table (§4, §6.2).
pub fn classify(a: &Answer) -> Failure {
    let message = serde_json::from_slice::<serde_json::Value>(&a.body)
        .ok()
        .and_then(|v| json_str(&v, &["error"]).map(str::to_owned));
    let lower = message.clone().unwrap_or_default().to_ascii_lowercase();
    let text = a.describe(message);
    let stop = |kind| Failure::Stop {
        kind,
        message: text.clone(),
    };
    match a.status {
        400 if lower.contains("exceeds text limit") => Failure::TooLarge { message: text },
        // "Please contact the server operator to get an API key", "Visit … to get an API key".
        400 if lower.contains("api key") => stop(StopKind::Auth),
        // An IP banned for repeated limit violations: no key fixes it.
        403 if lower.contains("limits violations") => stop(StopKind::Quota),
        401 | 403 => stop(StopKind::Auth),
        413 => Failure::TooLarge { message: text },
        // 500 is "once" in the reference: the `retries` setting bounds it.
        408 | 429 | 500..=599 => a.retry(text.clone()),
        _ => stop(StopKind::BadRequest),
    }
}

impl Translator for Libre {
    fn id(&self) -> &'static str {
        "libre"
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
            return Err(format!("LibreTranslate has no model from {source}"));
        }
        if self.target.is_none() {
            return Err(format!(
                "LibreTranslate has no model into {target} (the Argos index has none)"
            ));
        }
        Ok(())
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        Box::pin(async move {
            let (Some(source), Some(target)) = (&self.source, &self.target) else {
                return Err(Failure::Stop {
                    kind: StopKind::BadRequest,
                    message: "LibreTranslate cannot translate this language pair".to_owned(),
                });
            };
            let mut body = json!({
                "q": request.units.iter().map(|u| u.text.as_str()).collect::<Vec<_>>(),
                "source": source,
                "target": target.code,
                "format": "text",
            });
            if let Some(key) = &self.key {
                body["api_key"] = json!(key.expose());
            }
            let a = http::exchange(
                self.client
                    .post(format!("{}/translate", self.base))
                    .json(&body),
            )
            .await?;
            if (200..300).contains(&a.status) {
                let mut reply = a.into_reply(None);
                // The journal stores this body: a server echoing the key must not put it there.
                if let Some(key) = &self.key {
                    reply.body = crate::memory::redact(&reply.body, &[key.expose()]).into_owned();
                }
                Ok(reply)
            } else {
                Err(classify(&a))
            }
        })
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Texts {
            Many(Vec<String>),
            One(String),
        }
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(rename = "translatedText")]
            translated_text: Texts,
        }
        let body: Body = serde_json::from_slice(&reply.body).map_err(|e| Failure::Retry {
            after: None,
            message: format!("LibreTranslate's answer is not what the API describes: {e}"),
        })?;
        let texts = match body.translated_text {
            Texts::Many(v) => v,
            Texts::One(s) => vec![s],
        };
        let then = self.target.as_ref().and_then(|t| t.then);
        let texts = texts.iter().map(|t| opencc::finish(t, then)).collect();
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

    fn err(status: u16, message: &str) -> Failure {
        classify(&answer(status, &json!({ "error": message }).to_string()))
    }

    #[test]
    fn classify_follows_the_reference_table() {
        let big = err(
            400,
            "Invalid request: request (2000) exceeds text limit (1000)",
        );
        assert_eq!(kind(&big), "too-large");
        assert!(
            matches!(&big, Failure::TooLarge { message } if message.contains("exceeds text limit (1000)"))
        );
        assert_eq!(
            kind(&err(
                400,
                "Please contact the server operator to get an API key"
            )),
            "auth"
        );
        assert_eq!(
            kind(&err(
                400,
                "Visit https://portal.libretranslate.com to get an API key"
            )),
            "auth"
        );
        assert_eq!(kind(&err(403, "Invalid API key")), "auth");
        assert_eq!(
            kind(&err(403, "Too many request limits violations")),
            "quota"
        );
        assert_eq!(
            kind(&err(400, "Invalid request: missing q parameter")),
            "bad-request"
        );
        assert_eq!(kind(&err(400, "zz is not supported")), "bad-request");
        assert_eq!(
            kind(&err(
                400,
                "Vietnamese (vi) is not available as a target language from Chinese (zh-Hans)"
            )),
            "bad-request"
        );
        assert_eq!(kind(&err(429, "Slowdown: 10 per 1 minute")), "retry");
        assert_eq!(kind(&err(500, "Cannot translate text: boom")), "retry");
        assert_eq!(
            kind(&classify(&answer(502, "<html>Bad Gateway</html>"))),
            "retry"
        );
        assert_eq!(
            kind(&classify(&answer(404, "<html>Not Found</html>"))),
            "bad-request"
        );
        assert_eq!(kind(&classify(&answer(400, "[1,2"))), "bad-request");
    }

    fn libre(target: &str) -> Libre {
        Libre::new(
            &BackendSettings {
                base_url: Some("http://127.0.0.1:1".into()),
                ..BackendSettings::default()
            },
            None,
            &Language::parse("zh-Hans").unwrap(),
            &Language::parse(target).unwrap(),
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
    fn a_base_url_is_required_and_vi_is_refused() {
        let missing = Libre::new(
            &BackendSettings::default(),
            None,
            &Language::parse("zh-Hans").unwrap(),
            &Language::parse("en").unwrap(),
        );
        assert!(matches!(missing, Err(m) if m.contains("base_url")));
        let vi = Language::parse("vi").unwrap();
        let zh = Language::parse("zh-Hans").unwrap();
        assert!(libre("vi").supports(&zh, &vi).is_err());
        assert!(
            libre("fil")
                .supports(&zh, &Language::parse("fil").unwrap())
                .is_ok()
        );
    }

    #[test]
    fn parse_takes_an_array_or_a_string_and_refuses_garbage() {
        let l = libre("en-US");
        let reply = |b: &str| Reply {
            body: b.as_bytes().to_vec(),
            billed_header: None,
        };
        let two = request(&["你好", "再见"]);
        let ok = l
            .parse(&two, &reply(r#"{"translatedText":["Hello","Bye"],"detectedLanguage":[{"confidence":90.0,"language":"zh-Hans"}]}"#))
            .unwrap();
        assert_eq!(ok.texts[1].text, "Bye");
        assert_eq!(ok.billed, 4);
        let one = request(&["你好"]);
        assert_eq!(
            l.parse(&one, &reply(r#"{"translatedText":"Hello"}"#))
                .unwrap()
                .texts[0]
                .text,
            "Hello"
        );
        for garbage in [
            "",
            "null",
            "{}",
            r#"{"translatedText":[1,2]}"#,
            r#"{"translatedText":["one"]}"#,
            r#"{"error":"x"}"#,
        ] {
            assert!(
                matches!(l.parse(&two, &reply(garbage)), Err(Failure::Retry { .. })),
                "{garbage}"
            );
        }
    }
}
