//! Where translation settings come from: the `[translate]` table of `series.toml` (backends
//! per language, base URLs, models, rates; never keys), the user's config file (keys and
//! prices), and the environment (keys, one registry in [`KEYS`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::env;

/// The `[translate]` table of `series.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslateSection {
    /// Backend for every target language not listed in `languages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// Target language tag → backend id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<String, String>,
    /// A few sentences about the story, sent as context where the backend takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synopsis: Option<String>,
    /// Neighbouring source lines sent as context on each side of a batch (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_lines: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deepl: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libre: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openai: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudo: Option<BackendSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opencc: Option<BackendSettings>,
}

/// Settings of one backend; each backend reads the keys it understands.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackendSettings {
    /// Where requests go (tests point this at a local fake server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Model name (LLMs) or engine model (`nmt`, `quality_optimized`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Requests started per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// Requests in flight at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<usize>,
    /// Texts per request (at most the backend's own limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<usize>,
    /// Seconds before a request counts as timed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<f64>,
    /// Retries of a retryable failure before the run stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Longest wait between retries, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_backoff: Option<f64>,
    /// Azure resource region (`Ocp-Apim-Subscription-Region`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// DeepL formality (`prefer_less`, `prefer_more`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formality: Option<String>,
    /// OpenAI-compatible: `json_schema` (default), `json_object` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// `command`: the program and its arguments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub program: Vec<String>,
}

impl TranslateSection {
    pub fn backend_settings(&self, id: &str) -> BackendSettings {
        match id {
            "deepl" => self.deepl.clone(),
            "google" => self.google.clone(),
            "azure" => self.azure.clone(),
            "libre" => self.libre.clone(),
            "openai" => self.openai.clone(),
            "command" => self.command.clone(),
            "pseudo" => self.pseudo.clone(),
            "opencc" => self.opencc.clone(),
            _ => None,
        }
        .unwrap_or_default()
    }
}

/// The key registry: each backend's environment variables, in lookup order. Keys are read
/// from here or from `[keys]` in the user config, nowhere else.
pub const KEYS: &[(&str, &[&str])] = &[
    ("deepl", &[env::DEEPL_AUTH_KEY]),
    ("google", &[env::GOOGLE_API_KEY]),
    ("azure", &[env::AZURE_TRANSLATOR_KEY]),
    ("libre", &[env::LIBRETRANSLATE_API_KEY]),
    ("openai", &[env::OPENAI_API_KEY]),
];

/// An API key. Never printed: `Debug` and `Display` show `[REDACTED]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The key itself, for a request header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// The user config file (`$DRAMALOC_CONFIG`, else `$XDG_CONFIG_HOME/dramaloc/config.toml`,
/// else `~/.config/dramaloc/config.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Backend id → key.
    #[serde(default)]
    keys: BTreeMap<String, String>,
    /// Backend id (or `openai:MODEL`) → price for `--dry-run`.
    #[serde(default)]
    pub prices: BTreeMap<String, Price>,
}

/// A price per million billed units.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Per million characters, or per million input tokens.
    pub per_million: f64,
    /// Per million output tokens (LLMs).
    #[serde(default)]
    pub output_per_million: Option<f64>,
    #[serde(default = "usd")]
    pub currency: String,
}

fn usd() -> String {
    "USD".to_owned()
}

impl UserConfig {
    /// The file's path, whether it exists or not.
    pub fn path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(env::DRAMALOC_CONFIG).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
        Some(base.join("dramaloc").join("config.toml"))
    }

    /// Read the user config; an absent file is an empty config.
    pub fn load() -> Result<UserConfig, crate::error::Error> {
        let Some(path) = UserConfig::path() else {
            return Ok(UserConfig::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => crate::config::series_file::parse_toml(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(UserConfig::default()),
            Err(e) => Err(crate::error::Error::io(
                &path,
                crate::error::IoAction::Read,
                e,
            )),
        }
    }

    /// A backend's key: the environment first, then `[keys]`.
    pub fn key(&self, backend: &str) -> Option<Secret> {
        let vars = KEYS
            .iter()
            .find(|(id, _)| *id == backend)
            .map_or(&[][..], |(_, v)| *v);
        vars.iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|k| !k.trim().is_empty())
            .or_else(|| self.keys.get(backend).cloned())
            .map(|k| Secret::new(k.trim()))
    }

    /// The environment variables that hold a backend's key, for error hints.
    pub fn key_vars(backend: &str) -> String {
        KEYS.iter()
            .find(|(id, _)| *id == backend)
            .map(|(_, v)| v.join(", "))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("abc:fx");
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        assert_eq!(s.expose(), "abc:fx");
    }

    #[test]
    fn section_refuses_unknown_keys_and_keys_in_series_toml() {
        let ok: TranslateSection =
            toml::from_str("backend = \"deepl\"\n[languages]\nzh-Hant-TW = \"opencc\"\n[deepl]\nbase_url = \"http://127.0.0.1:1\"\nrate = 10.0\n").unwrap();
        assert_eq!(ok.backend_settings("deepl").rate, Some(10.0));
        assert!(toml::from_str::<TranslateSection>("[deepl]\nkey = \"x\"\n").is_err());
    }
}
