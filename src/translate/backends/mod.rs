//! The backends, one file each, and the one place that builds them by id.

pub mod azure;
pub mod command;
pub mod deepl;
pub mod google;
pub mod libre;
pub mod openai;
pub mod opencc;
pub mod pseudo;

use super::TranslateError;
use super::backend::{BoxFuture, Failure, Parsed, Reply, Request, TermPair, Translator};
use super::settings::{BackendSettings, UserConfig};
use crate::model::Language;

/// The body an offline backend "answers": its outputs as a JSON array, so that offline
/// backends go through the same send/parse steps as the others.
pub(crate) fn offline_reply(texts: &[String]) -> BoxFuture<'static, Result<Reply, Failure>> {
    let body = serde_json::to_vec(texts).unwrap_or_default();
    Box::pin(async move {
        Ok(Reply {
            body,
            billed_header: None,
        })
    })
}

/// Read an [`offline_reply`] body: one text per unit, in order, nothing billed.
pub(crate) fn offline_parse(request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
    let texts: Vec<String> = serde_json::from_slice(&reply.body).map_err(|e| Failure::Retry {
        after: None,
        message: e.to_string(),
    })?;
    Ok(Parsed {
        texts: super::backend::by_position(request, texts)?,
        billed: 0,
        truncated: false,
    })
}

/// Every backend id, for `--backend` and error hints.
pub const IDS: &[&str] = &[
    "deepl", "google", "azure", "libre", "openai", "command", "pseudo", "opencc",
];

/// Whether a backend needs a key.
pub fn needs_key(id: &str) -> bool {
    matches!(id, "deepl" | "google" | "azure")
}

/// Whether a missing key is an error (a run) or not (`--dry-run`, which sends nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyNeed {
    Required,
    NotForEstimate,
}

/// Build backend `id` for one language pair. `glossary` holds every approved rendering of
/// the target language (DeepL makes one glossary of it).
pub fn build(
    id: &str,
    settings: &BackendSettings,
    config: &UserConfig,
    source: &Language,
    target: &Language,
    glossary: Vec<TermPair>,
    need: KeyNeed,
) -> Result<Box<dyn Translator>, TranslateError> {
    let key = || match (config.key(id), need) {
        (Some(k), _) => Ok(k),
        // Estimating needs no key: the backend is built but never sends.
        (None, KeyNeed::NotForEstimate) => Ok(super::settings::Secret::new("")),
        (None, KeyNeed::Required) => Err(TranslateError::MissingKey {
            backend: id.to_owned(),
            vars: UserConfig::key_vars(id),
        }),
    };
    let setting = |reason: String| TranslateError::Setting {
        backend: id.to_owned(),
        reason,
    };
    let backend: Box<dyn Translator> = match id {
        "pseudo" => Box::new(pseudo::Pseudo),
        "opencc" => Box::new(opencc::OpenCc),
        "deepl" => Box::new(
            deepl::Deepl::new(settings, key()?, source, target, glossary).map_err(setting)?,
        ),
        "google" => {
            Box::new(google::Google::new(settings, key()?, source, target).map_err(setting)?)
        }
        "azure" => Box::new(
            azure::Azure::new(settings, key()?, source, target, glossary).map_err(setting)?,
        ),
        "libre" => {
            Box::new(libre::Libre::new(settings, config.key(id), source, target).map_err(setting)?)
        }
        "openai" => Box::new(openai::OpenAi::new(settings, config.key(id)).map_err(setting)?),
        "command" => Box::new(command::Command::new(settings).map_err(setting)?),
        _ => {
            return Err(TranslateError::UnknownBackend {
                id: id.to_owned(),
                known: IDS.join(", "),
            });
        }
    };
    backend
        .supports(source, target)
        .map_err(|reason| TranslateError::Unsupported {
            backend: id.to_owned(),
            source_lang: source.to_string(),
            target: target.to_string(),
            reason,
        })?;
    Ok(backend)
}

/// Test helpers shared by the backends' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::super::backend::Failure;
    use super::super::http::Answer;

    /// An answer with this status and body and no headers.
    pub fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            retry_after: None,
            headers: reqwest::header::HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    /// How a failure is handled: `retry`, `too-large` or the stop kind.
    pub fn kind(f: &Failure) -> &'static str {
        match f {
            Failure::Retry { .. } => "retry",
            Failure::TooLarge { .. } => "too-large",
            Failure::Stop { kind, .. } => kind.as_str(),
        }
    }
}
