//! `deepl`: DeepL API v2 `/translate`, glossaries through v3 `/v3/glossaries`
//! (`reference/translation-apis.md` §1). The host follows the key (`…:fx` → Free) unless a
//! base URL is set.

use std::time::Duration;

use serde_json::json;
use tokio::sync::OnceCell;

use super::super::backend::{
    BoxFuture, Failure, Limits, Parsed, Reply, Request, StopKind, TermPair, Translator, by_position,
};
use super::super::codes::{self, Engine, Target};
use super::super::http::{self, Answer, json_str};
use super::super::settings::{BackendSettings, Secret};
use super::opencc;
use crate::model::Language;

pub const FREE: &str = "https://api-free.deepl.com";
pub const PRO: &str = "https://api.deepl.com";
/// Texts per request (§1.1).
pub const MAX_TEXTS: usize = 50;

pub struct Deepl {
    client: reqwest::Client,
    base: String,
    key: Secret,
    source: String,
    target: Target,
    formality: Option<String>,
    model: String,
    limits: Limits,
    /// Every glossary entry of the target language: one DeepL glossary per run and pair.
    glossary: Vec<TermPair>,
    glossary_id: OnceCell<Option<String>>,
    native: bool,
}

impl Deepl {
    pub fn new(
        settings: &BackendSettings,
        key: Secret,
        source: &Language,
        target: &Language,
        glossary: Vec<TermPair>,
    ) -> Result<Deepl, String> {
        let base = settings.base_url.clone().unwrap_or_else(|| {
            if key.expose().ends_with(":fx") {
                FREE.to_owned()
            } else {
                PRO.to_owned()
            }
        });
        let timeout = Duration::from_secs_f64(settings.timeout.unwrap_or(30.0).max(0.001));
        let src = codes::source(Engine::Deepl, source)
            .ok_or_else(|| format!("DeepL has no source language for {source}"))?;
        let tgt = codes::target(Engine::Deepl, target)
            .ok_or_else(|| format!("DeepL has no target language for {target}"))?;
        // §1.3: no glossaries for these targets.
        let native =
            !glossary.is_empty() && !matches!(tgt.code.as_str(), "TH" | "HI" | "MS" | "TL");
        Ok(Deepl {
            client: http::client(timeout)?,
            base: base.trim_end_matches('/').to_owned(),
            key,
            source: src,
            target: tgt,
            formality: settings.formality.clone(),
            model: settings.model.clone().unwrap_or_default(),
            limits: Limits {
                max_units: settings.batch.unwrap_or(MAX_TEXTS).clamp(1, MAX_TEXTS),
                max_chars: 30_000,
                concurrency: settings.concurrency.unwrap_or(4).max(1),
                rate: settings.rate,
            },
            glossary,
            glossary_id: OnceCell::new(),
            native,
        })
    }

    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.post(format!("{}{path}", self.base)).header(
            "Authorization",
            format!("DeepL-Auth-Key {}", self.key.expose()),
        )
    }

    /// The id of a glossary holding every term of this pair, created once (and found again
    /// by name on later runs, so runs do not pile glossaries up in the account).
    async fn glossary(&self) -> Result<Option<String>, Failure> {
        if !self.native {
            return Ok(None);
        }
        self.glossary_id
            .get_or_try_init(|| async {
                let entries: String = self
                    .glossary
                    .iter()
                    .map(|t| format!("{}\t{}\n", clean(&t.source), clean(&t.target)))
                    .collect();
                let name = format!(
                    "dramaloc-{}",
                    &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(format!(
                        "{}\n{}\n{entries}",
                        self.source, self.target.code
                    )))[..16]
                );
                let listed = http::exchange(
                    self.client
                        .get(format!("{}/v3/glossaries", self.base))
                        .header(
                            "Authorization",
                            format!("DeepL-Auth-Key {}", self.key.expose()),
                        ),
                )
                .await?;
                if listed.status == 200
                    && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&listed.body)
                    && let Some(found) = v["glossaries"]
                        .as_array()
                        .and_then(|a| a.iter().find(|g| g["name"].as_str() == Some(name.as_str())))
                    && let Some(id) = found["glossary_id"].as_str()
                {
                    return Ok(Some(id.to_owned()));
                }
                let body = json!({
                    "name": name,
                    "dictionaries": [{
                        "source_lang": self.source.to_ascii_lowercase(),
                        "target_lang": glossary_target(&self.target.code),
                        "entries": entries,
                        "entries_format": "tsv",
                    }],
                });
                let a = http::exchange(self.post("/v3/glossaries").json(&body)).await?;
                if !(200..300).contains(&a.status) {
                    return Err(classify(&a));
                }
                let v: serde_json::Value =
                    serde_json::from_slice(&a.body).map_err(|e| Failure::Retry {
                        after: None,
                        message: format!("glossary answer is not JSON: {e}"),
                    })?;
                Ok(json_str(&v, &["glossary_id"]).map(str::to_owned))
            })
            .await
            .cloned()
    }
}

/// Glossary dictionaries take base codes: `EN-US` → `en`, `ZH-HANT` → `zh`.
fn glossary_target(code: &str) -> String {
    code.split('-').next().unwrap_or(code).to_ascii_lowercase()
}

/// A TSV field: no tabs or line breaks.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ").trim().to_owned()
}

/// A failed answer, classified by DeepL's table (§1.2).
pub fn classify(a: &Answer) -> Failure {
    let message = serde_json::from_slice::<serde_json::Value>(&a.body)
        .ok()
        .and_then(|v| {
            let m = json_str(&v, &["message"])?.to_owned();
            Some(match json_str(&v, &["detail"]) {
                Some(d) => format!("{m} ({d})"),
                None => m,
            })
        });
    let text = a.describe(message);
    match a.status {
        429 | 500..=599 => a.retry(text),
        413 | 414 => Failure::TooLarge { message: text },
        403 | 401 => Failure::Stop {
            kind: StopKind::Auth,
            message: text,
        },
        456 => Failure::Stop {
            kind: StopKind::Quota,
            message: text,
        },
        _ => Failure::Stop {
            kind: StopKind::BadRequest,
            message: text,
        },
    }
}

impl Translator for Deepl {
    fn id(&self) -> &'static str {
        "deepl"
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
    fn supports(&self, _: &Language, _: &Language) -> Result<(), String> {
        Ok(())
    }
    fn native_glossary(&self) -> bool {
        self.native
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        Box::pin(async move {
            let mut body = json!({
                "text": request.units.iter().map(|u| u.text.as_str()).collect::<Vec<_>>(),
                "source_lang": self.source,
                "target_lang": self.target.code,
                "split_sentences": "0",
                "preserve_formatting": true,
                "show_billed_characters": true,
            });
            if let Some(c) = request.context.as_text() {
                body["context"] = json!(c);
            }
            if let Some(f) = &self.formality {
                body["formality"] = json!(f);
            }
            if !self.model.is_empty() {
                body["model_type"] = json!(self.model);
            }
            if !request.terms.is_empty()
                && let Some(id) = self.glossary().await?
            {
                body["glossary_id"] = json!(id);
            }
            let a = http::exchange(self.post("/v2/translate").json(&body)).await?;
            if (200..300).contains(&a.status) {
                Ok(a.into_reply(None))
            } else {
                Err(classify(&a))
            }
        })
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        #[derive(serde::Deserialize)]
        struct Body {
            translations: Vec<Item>,
        }
        #[derive(serde::Deserialize)]
        struct Item {
            text: String,
            billed_characters: Option<u64>,
        }
        let body: Body = serde_json::from_slice(&reply.body).map_err(|e| Failure::Retry {
            after: None,
            message: format!("DeepL's answer is not what the API describes: {e}"),
        })?;
        let billed = if body
            .translations
            .iter()
            .all(|t| t.billed_characters.is_some())
        {
            body.translations
                .iter()
                .filter_map(|t| t.billed_characters)
                .sum()
        } else {
            self.estimate(request)
        };
        let texts = body
            .translations
            .into_iter()
            .map(|t| opencc::finish(&t.text, self.target.then))
            .collect();
        Ok(Parsed {
            texts: by_position(request, texts)?,
            billed,
            truncated: false,
        })
    }
}
