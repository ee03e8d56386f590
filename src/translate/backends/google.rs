//! `google`: Google Cloud Translation Basic (v2) with an API key
//! (`reference/translation-apis.md` §2.1). The key travels in the URL query, so every message
//! that could carry the URL (reqwest's transport errors) has its query cut off here, and the
//! URL is never logged.

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

pub const BASE: &str = "https://translation.googleapis.com";
/// `q` items per request; above it Google answers `400 Too many text segments` (§2.1).
pub const MAX_TEXTS: usize = 128;
/// Code points per request, the recommended size (§2.1, §6.3).
pub const MAX_CHARS: usize = 5_000;

pub struct Google {
    client: reqwest::Client,
    base: String,
    key: Secret,
    source: Option<String>,
    target: Option<Target>,
    model: String,
    limits: Limits,
}

impl Google {
    pub fn new(
        settings: &BackendSettings,
        key: Secret,
        source: &Language,
        target: &Language,
    ) -> Result<Google, String> {
        let timeout = Duration::from_secs_f64(settings.timeout.unwrap_or(30.0).max(0.001));
        let base = settings.base_url.clone().unwrap_or_else(|| BASE.to_owned());
        Ok(Google {
            client: http::client(timeout)?,
            base: base.trim_end_matches('/').to_owned(),
            key,
            source: codes::source(Engine::Google, source),
            target: codes::target(Engine::Google, target),
            model: settings.model.clone().unwrap_or_default(),
            limits: Limits {
                max_units: settings.batch.unwrap_or(MAX_TEXTS).clamp(1, MAX_TEXTS),
                max_chars: MAX_CHARS,
                concurrency: settings.concurrency.unwrap_or(4).max(1),
                rate: settings.rate,
            },
        })
    }

    /// A failure with the key and every URL query taken out of its message.
    fn scrub(&self, failure: Failure) -> Failure {
        let clean = |m: String| strip_query(&m).replace(self.key.expose(), "[REDACTED]");
        match failure {
            Failure::Retry { after, message } => Failure::Retry {
                after,
                message: clean(message),
            },
            Failure::TooLarge { message } => Failure::TooLarge {
                message: clean(message),
            },
            Failure::Stop { kind, message } => Failure::Stop {
                kind,
                message: clean(message),
            },
        }
    }
}

/// `message` with the query of every URL in it removed: from a `?` followed by a word to
/// the next space, bracket or quote. reqwest's errors read `error sending request for url
/// (https://host/path?key=…)`; what is left names the host and path only. A question mark
/// ending a sentence stays.
pub fn strip_query(message: &str) -> String {
    let ends = |c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\'' | '`');
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(|&n| !ends(n)) {
            while chars.peek().is_some_and(|&n| !ends(n)) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Undo HTML entities: Basic answers entity-escaped text when `format` is `html` (its
/// default). We always send `text`, so this only guards against a proxy or an API change.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse::<u32>().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The reasons of a Google error envelope: `errors[].reason` and `details[].reason`.
fn reasons(v: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for list in ["errors", "details"] {
        if let Some(items) = v["error"][list].as_array() {
            out.extend(
                items
                    .iter()
                    .filter_map(|e| e["reason"].as_str())
                    .map(str::to_owned),
            );
        }
    }
    out
}

/// A failed answer, classified by Google's table (§2.1, §6.2). A rate limit is a **403**:
/// the reason decides, not the status.
pub fn classify(a: &Answer) -> Failure {
    let value = serde_json::from_slice::<serde_json::Value>(&a.body).ok();
    let message = value
        .as_ref()
        .and_then(|v| json_str(v, &["error", "message"]))
        .map(str::to_owned);
    let reasons = value.as_ref().map(reasons).unwrap_or_default();
    let has = |r: &str| reasons.iter().any(|x| x == r);
    let lower = message.clone().unwrap_or_default().to_ascii_lowercase();
    let text = match reasons.first() {
        Some(r) if message.is_some() => a.describe(message.clone().map(|m| format!("{m} ({r})"))),
        _ => a.describe(message.clone()),
    };
    let stop = |kind| Failure::Stop {
        kind,
        message: text.clone(),
    };
    match a.status {
        403 if has("userRateLimitExceeded")
            || has("rateLimitExceeded")
            || (reasons.is_empty() && lower.contains("rate limit exceeded")) =>
        {
            a.retry(text.clone())
        }
        403 if has("dailyLimitExceeded")
            || has("quotaExceeded")
            || (reasons.is_empty() && lower.contains("daily limit exceeded")) =>
        {
            stop(StopKind::Quota)
        }
        401 | 403 => stop(StopKind::Auth),
        400 if has("API_KEY_INVALID")
            || has("keyInvalid")
            || lower.contains("api key not valid") =>
        {
            stop(StopKind::Auth)
        }
        400 if lower.contains("too many text segments") => Failure::TooLarge { message: text },
        413 => Failure::TooLarge { message: text },
        408 | 429 | 500..=599 => a.retry(text.clone()),
        _ => stop(StopKind::BadRequest),
    }
}

impl Translator for Google {
    fn id(&self) -> &'static str {
        "google"
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
            return Err(format!("Google has no source language for {source}"));
        }
        if self.target.is_none() {
            return Err(format!("Google has no target language for {target}"));
        }
        Ok(())
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        Box::pin(async move {
            let (Some(source), Some(target)) = (&self.source, &self.target) else {
                return Err(Failure::Stop {
                    kind: StopKind::BadRequest,
                    message: "Google cannot translate this language pair".to_owned(),
                });
            };
            let mut body = json!({
                "q": request.units.iter().map(|u| u.text.as_str()).collect::<Vec<_>>(),
                "source": source,
                "target": target.code,
                "format": "text",
            });
            if !self.model.is_empty() {
                body["model"] = json!(self.model);
            }
            // The key goes in the query (reqwest encodes it); the URL is never logged and
            // every failure below is scrubbed of it.
            let mut url = reqwest::Url::parse(&format!("{}/language/translate/v2", self.base))
                .map_err(|e| Failure::Stop {
                    kind: StopKind::BadRequest,
                    message: format!("base_url `{}` is not a URL: {e}", self.base),
                })?;
            url.query_pairs_mut().append_pair("key", self.key.expose());
            let builder = self.client.post(url).json(&body);
            let a = http::exchange(builder).await.map_err(|f| self.scrub(f))?;
            if (200..300).contains(&a.status) {
                let mut reply = a.into_reply(None);
                // The journal stores this body: a server echoing the key must not put it there.
                reply.body = crate::memory::redact(&reply.body, &[self.key.expose()]).into_owned();
                Ok(reply)
            } else {
                Err(self.scrub(classify(&a)))
            }
        })
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        #[derive(serde::Deserialize)]
        struct Body {
            data: Data,
        }
        #[derive(serde::Deserialize)]
        struct Data {
            translations: Vec<Item>,
        }
        #[derive(serde::Deserialize)]
        struct Item {
            #[serde(rename = "translatedText")]
            translated_text: String,
        }
        let body: Body = serde_json::from_slice(&reply.body).map_err(|e| Failure::Retry {
            after: None,
            message: format!("Google's answer is not what the API describes: {e}"),
        })?;
        let then = self.target.as_ref().and_then(|t| t.then);
        let texts = body
            .data
            .translations
            .into_iter()
            .zip(
                request
                    .units
                    .iter()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(t, unit)| {
                // A source that holds an `&` may mean it literally: leave such lines alone.
                let text = if unit.is_some_and(|u| u.text.contains('&')) {
                    t.translated_text
                } else {
                    unescape(&t.translated_text)
                };
                opencc::finish(&text, then)
            })
            .collect();
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

    fn envelope(code: u16, message: &str, reason: &str, status: &str) -> String {
        json!({"error":{"code":code,"message":message,"errors":[{"message":message,
            "domain":"usageLimits","reason":reason}],"status":status}})
        .to_string()
    }

    #[test]
    fn classify_follows_the_reference_table() {
        let rate = classify(&answer(
            403,
            &envelope(
                403,
                "User Rate Limit Exceeded",
                "userRateLimitExceeded",
                "PERMISSION_DENIED",
            ),
        ));
        assert_eq!(kind(&rate), "retry");
        assert!(
            matches!(&rate, Failure::Retry { message, .. } if message.contains("User Rate Limit Exceeded"))
        );
        assert_eq!(
            kind(&classify(&answer(
                403,
                &envelope(
                    403,
                    "Rate Limit Exceeded",
                    "rateLimitExceeded",
                    "PERMISSION_DENIED"
                )
            ))),
            "retry"
        );
        let daily = classify(&answer(
            403,
            &envelope(
                403,
                "Daily Limit Exceeded",
                "dailyLimitExceeded",
                "PERMISSION_DENIED",
            ),
        ));
        assert_eq!(kind(&daily), "quota");
        assert!(
            matches!(&daily, Failure::Stop { message, .. } if message.contains("Daily Limit Exceeded"))
        );
        assert_eq!(
            kind(&classify(&answer(
                403,
                &envelope(403, "Quota Exceeded", "quotaExceeded", "PERMISSION_DENIED")
            ))),
            "quota"
        );
        let bad_key = json!({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
            "errors":[{"message":"API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],
            "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
            "reason":"API_KEY_INVALID","domain":"googleapis.com"}]}});
        assert_eq!(kind(&classify(&answer(400, &bad_key.to_string()))), "auth");
        assert_eq!(
            kind(&classify(&answer(
                400,
                &envelope(400, "Bad Request", "keyInvalid", "INVALID_ARGUMENT")
            ))),
            "auth"
        );
        assert_eq!(
            kind(&classify(&answer(
                403,
                &envelope(
                    403,
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
                    "forbidden",
                    "PERMISSION_DENIED"
                )
            ))),
            "auth"
        );
        assert_eq!(
            kind(&classify(&answer(
                400,
                &envelope(400, "Too many text segments", "invalid", "INVALID_ARGUMENT")
            ))),
            "too-large"
        );
        assert_eq!(
            kind(&classify(&answer(
                400,
                &envelope(400, "Invalid Value", "invalid", "INVALID_ARGUMENT")
            ))),
            "bad-request"
        );
        assert_eq!(kind(&classify(&answer(429, ""))), "retry");
        assert_eq!(kind(&classify(&answer(500, "<html>oops</html>"))), "retry");
        assert_eq!(kind(&classify(&answer(503, "{}"))), "retry");
        assert_eq!(kind(&classify(&answer(404, "not json"))), "bad-request");
        // Garbage in an error body never panics and still says the status.
        let f = classify(&answer(403, "\u{0}\u{1}garbage"));
        assert!(matches!(&f, Failure::Stop { message, .. } if message.starts_with("HTTP 403")));
    }

    #[test]
    fn entities_are_undone() {
        assert_eq!(unescape("What&#39;s wrong?"), "What's wrong?");
        assert_eq!(
            unescape("&quot;Go&quot; &amp; &lt;stay&gt;"),
            "\"Go\" & <stay>"
        );
        assert_eq!(unescape("&#x4E2D;&#20013;"), "中中");
        assert_eq!(unescape("AT&T & co; &bogus; &"), "AT&T & co; &bogus; &");
        assert_eq!(unescape("&#99999999;"), "&#99999999;");
    }

    #[test]
    fn queries_are_cut_from_messages() {
        let m = "error sending request for url (http://127.0.0.1:9/language/translate/v2?key=AIzaSECRET): connection refused";
        let s = strip_query(m);
        assert!(!s.contains("SECRET"), "{s}");
        assert_eq!(
            s,
            "error sending request for url (http://127.0.0.1:9/language/translate/v2): connection refused"
        );
        assert_eq!(strip_query("why? because?"), "why? because?");
        assert_eq!(
            strip_query("a \"http://h/p?key=S\" b?c"),
            "a \"http://h/p\" b"
        );
    }

    fn google(base: &str, key: &str, timeout: f64) -> Google {
        let settings = BackendSettings {
            base_url: Some(base.to_owned()),
            timeout: Some(timeout),
            ..BackendSettings::default()
        };
        Google::new(
            &settings,
            Secret::new(key),
            &Language::parse("zh-Hans").unwrap(),
            &Language::parse("en-US").unwrap(),
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
    fn a_transport_error_never_carries_the_key() {
        // A port nothing listens on: reqwest's error names the URL, query included.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let g = google(&format!("http://127.0.0.1:{port}"), "AIzaTOPSECRET123", 2.0);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let req = request(&["你好"]);
        let failure = rt.block_on(g.send(&req)).unwrap_err();
        let message = match &failure {
            Failure::Retry { message, .. } | Failure::Stop { message, .. } => message.clone(),
            Failure::TooLarge { message } => message.clone(),
        };
        assert!(!message.contains("TOPSECRET"), "{message}");
        assert!(!message.contains("key="), "{message}");
        assert!(message.contains("127.0.0.1"), "{message}");
    }

    #[test]
    fn parse_reads_the_envelope_and_refuses_garbage() {
        let g = google("http://127.0.0.1:1", "k", 1.0);
        let req = request(&["你怎么敢回来？", "A&B"]);
        let reply = |b: &str| Reply {
            body: b.as_bytes().to_vec(),
            billed_header: None,
        };
        let ok = g
            .parse(
                &req,
                &reply(r#"{"data":{"translations":[{"translatedText":"What&#39;s up?"},{"translatedText":"A&amp;B"}]}}"#),
            )
            .unwrap();
        assert_eq!(ok.texts[0].text, "What's up?");
        // The source had a literal `&`: its line is left as the engine wrote it.
        assert_eq!(ok.texts[1].text, "A&amp;B");
        assert_eq!(ok.billed, 10);
        for garbage in [
            "",
            "not json",
            "[]",
            r#"{"data":{}}"#,
            r#"{"data":{"translations":[{"translatedText":1}]}}"#,
            r#"{"data":{"translations":[{"translatedText":"only one"}]}}"#,
            r#"{"error":{"code":500}}"#,
        ] {
            assert!(
                matches!(g.parse(&req, &reply(garbage)), Err(Failure::Retry { .. })),
                "{garbage}"
            );
        }
    }
}
