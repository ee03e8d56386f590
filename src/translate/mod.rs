//! Translation: backends behind one small trait, and the pipeline that feeds them
//! (`DESIGN.md` §8). Wire formats follow `reference/translation-apis.md`.
//!
//! - [`backend`]: the [`Translator`](backend::Translator) trait and what passes through it.
//! - [`backends`]: one file per backend, built by id.
//! - [`plan`]: what to translate per language (distinct lines, each cue's fate).
//! - [`pipeline`]: memory → batches → paced, bounded, retried requests → journal → memory →
//!   tracks written atomically.
//! - [`series`]: a whole series: choosing backends, `--dry-run` estimates, the glossary check.
//! - [`protect`], [`codes`], [`http`], [`settings`]: markup protection, language codes, the
//!   HTTP plumbing, settings and keys.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod backend;
pub mod backends;
pub mod codes;
pub mod http;
pub mod pipeline;
pub mod plan;
pub mod protect;
pub mod series;
pub mod settings;

use crate::error::Cause;
use crate::message::Message;
use crate::msg;

/// Why translation could not start or went wrong.
#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    #[error("unknown backend `{id}`")]
    UnknownBackend { id: String, known: String },
    #[error("{backend} cannot translate {source_lang} into {target}: {reason}")]
    Unsupported {
        backend: String,
        source_lang: String,
        target: String,
        reason: String,
    },
    #[error("no key for {backend}")]
    MissingKey { backend: String, vars: String },
    #[error("{backend}: {reason}")]
    Setting { backend: String, reason: String },
    #[error("{backend} stopped the run for {language}: {message}")]
    Stopped {
        backend: String,
        language: String,
        kind: &'static str,
        message: String,
    },
}

impl TranslateError {
    pub fn message(&self) -> Message {
        match self {
            TranslateError::UnknownBackend { id, .. } => {
                msg!("error-translate-unknown-backend", id = id.clone())
            }
            TranslateError::Unsupported {
                backend,
                source_lang,
                target,
                ..
            } => msg!(
                "error-translate-unsupported",
                backend = backend.clone(),
                source = source_lang.clone(),
                target = target.clone()
            ),
            TranslateError::MissingKey { backend, .. } => {
                msg!("error-translate-missing-key", backend = backend.clone())
            }
            TranslateError::Setting { backend, .. } => {
                msg!("error-translate-setting", backend = backend.clone())
            }
            TranslateError::Stopped {
                backend, language, ..
            } => msg!(
                "error-translate-stopped",
                backend = backend.clone(),
                lang = language.clone()
            ),
        }
    }

    pub fn causes(&self) -> Vec<Cause> {
        match self {
            TranslateError::Unsupported { reason, .. } | TranslateError::Setting { reason, .. } => {
                vec![Cause::Text(reason.clone())]
            }
            TranslateError::Stopped { message, .. } => vec![Cause::Text(message.clone())],
            _ => Vec::new(),
        }
    }

    pub fn hint(&self) -> Option<Message> {
        match self {
            TranslateError::UnknownBackend { known, .. } => {
                Some(msg!("hint-translate-backends", known = known.clone()))
            }
            TranslateError::MissingKey { vars, .. } => {
                Some(msg!("hint-translate-missing-key", vars = vars.clone()))
            }
            TranslateError::Unsupported { .. } => Some(msg!("hint-translate-unsupported")),
            TranslateError::Stopped { kind, .. } => Some(match *kind {
                "auth" => msg!("hint-translate-stopped-auth"),
                "quota" => msg!("hint-translate-stopped-quota"),
                _ => msg!("hint-translate-stopped"),
            }),
            TranslateError::Setting { .. } => None,
        }
    }
}
