//! The top-level error: everything that stops a command, with the message, causes and hint
//! shown to the user. Rendering into text happens once, in `cli::render_error`.

use std::io;
use std::path::{Path, PathBuf};

use crate::formats::ReadError;
use crate::formats::encoding::EncodeError;
use crate::message::Message;
use crate::model::LanguageError;
use crate::msg;

/// What dramaloc was doing with a path when the I/O failed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Write,
    CreateDir,
    List,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        action: IoAction,
        source: io::Error,
    },
    #[error("{path}:{line}:{column}: {detail}")]
    Config {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{path}: invalid value `{value}` for `{key}`")]
    ConfigValue {
        path: PathBuf,
        key: String,
        value: String,
    },
    #[error("no series.toml in {start} or any parent folder")]
    NoSeries { start: PathBuf },
    #[error("{path} already exists")]
    SeriesExists { path: PathBuf },
    #[error("invalid language tag: {source}")]
    Language { source: LanguageError },
    #[error("{path}: {source}")]
    Read { path: PathBuf, source: ReadError },
    #[error("{path}: {source}")]
    Encode { path: PathBuf, source: EncodeError },
    #[error("{path}: {source}")]
    Cuts {
        path: PathBuf,
        source: crate::cuts::CutError,
    },
    #[error("{path}: {source}")]
    Detect {
        path: PathBuf,
        source: crate::cuts::detect::DetectError,
    },
    #[error("invalid value `{value}` for `{flag}`")]
    InvalidValue {
        flag: &'static str,
        value: String,
        expected: Message,
    },
    #[error("{path}: invalid value `{value}` for `{key}`")]
    MarketSpec {
        path: PathBuf,
        key: String,
        value: String,
        reason: Message,
    },
    #[error("refusing to bundle for {market}: {errors} error findings")]
    BundleRefused { market: String, errors: usize },
    #[error("unknown market `{id}`")]
    UnknownMarket { id: String, known: String },
    #[error("refusing to overwrite {path}")]
    WouldOverwrite { path: PathBuf },
    #[error("{source}")]
    Memory { source: crate::memory::MemoryError },
    #[error(transparent)]
    Translate {
        #[from]
        source: crate::translate::TranslateError,
    },
    #[error("{path}: {source}")]
    Tmx {
        path: PathBuf,
        source: crate::memory::TmxError,
    },
    #[error("interrupted: {count} renders stopped or not started")]
    Interrupted { count: usize },
    #[error("market {market} has no [burn_in] table")]
    NoBurnIn { market: String },
    #[error("{source}")]
    Font {
        source: crate::render::fonts::FontError,
    },
    #[error("usage: {message:?}")]
    Usage {
        message: Message,
        detail: Option<String>,
        hint: Option<Message>,
    },
}

impl Error {
    pub fn io(path: &Path, action: IoAction, source: io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    pub fn read(path: &Path, source: ReadError) -> Error {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The main line (`error: …`).
    pub fn message(&self) -> Message {
        match self {
            Error::Io { path, action, .. } => {
                let p = path.display().to_string();
                match action {
                    IoAction::Read => msg!("error-io-read", path = p),
                    IoAction::Write => msg!("error-io-write", path = p),
                    IoAction::CreateDir => msg!("error-io-create-dir", path = p),
                    IoAction::List => msg!("error-io-list", path = p),
                }
            }
            Error::Config {
                path, line, column, ..
            } => {
                msg!(
                    "error-config",
                    path = path.display().to_string(),
                    line = *line,
                    column = *column
                )
            }
            Error::ConfigValue { path, key, value } => msg!(
                "error-config-value",
                path = path.display().to_string(),
                key = key,
                value = value
            ),
            Error::NoSeries { start } => {
                msg!("error-no-series", path = start.display().to_string())
            }
            Error::SeriesExists { path } => {
                msg!("error-series-exists", path = path.display().to_string())
            }
            Error::Language { source } => msg!("error-language-tag", tag = source.input()),
            Error::Read { path, source } => match source.position() {
                Some((line, column)) => msg!(
                    "error-read-subtitle-at",
                    path = path.display().to_string(),
                    line = line,
                    column = column
                ),
                None => msg!("error-read-subtitle", path = path.display().to_string()),
            },
            Error::Encode { path, .. } => msg!("error-encode", path = path.display().to_string()),
            Error::Cuts { path, source } => {
                msg!(
                    "error-cuts",
                    path = path.display().to_string(),
                    line = source.line
                )
            }
            Error::Detect { path, source } => source.message(path),
            Error::InvalidValue { flag, value, .. } => {
                msg!("error-invalid-value", flag = *flag, value = value)
            }
            Error::WouldOverwrite { path } => {
                msg!("error-would-overwrite", path = path.display().to_string())
            }
            Error::UnknownMarket { id, .. } => msg!("error-unknown-market", id = id),
            Error::BundleRefused { market, errors } => {
                msg!("error-bundle-refused", market = market, errors = *errors)
            }
            Error::MarketSpec {
                path, key, value, ..
            } => msg!(
                "error-market-spec",
                path = path.display().to_string(),
                key = key,
                value = value
            ),
            Error::Memory { source } => source.message(),
            Error::Translate { source } => source.message(),
            Error::Tmx { path, source } => source.message(&path.display().to_string()),
            Error::NoBurnIn { market } => msg!("error-render-no-burn-in", market = market),
            Error::Interrupted { count } => msg!("render-interrupted", count = *count),
            Error::Font { source } => source.message(),
            Error::Usage { message, .. } => message.clone(),
        }
    }

    /// `caused by:` lines: localized messages, or text from a library where only it knows.
    pub fn causes(&self) -> Vec<Cause> {
        match self {
            Error::Io { source, .. } => vec![io_cause(source)],
            Error::Config { detail, .. } => vec![Cause::Text(detail.trim().to_owned())],
            Error::MarketSpec { reason, .. } => vec![Cause::Message(reason.clone())],
            Error::Language { source } => vec![Cause::Message(language_cause(source))],
            Error::Read { source, .. } => vec![Cause::Message(source.message())],
            Error::Encode { source, .. } => vec![Cause::Message(source.message())],
            Error::Cuts { source, .. } => vec![Cause::Message(source.kind.message())],
            Error::Detect { source, .. } => source
                .causes()
                .into_iter()
                .map(|c| c.map_or_else(Cause::Text, Cause::Message))
                .collect(),
            Error::InvalidValue { expected, .. } => vec![Cause::Message(expected.clone())],
            Error::Memory { source } => source.causes(),
            Error::Translate { source } => source.causes(),
            Error::Tmx { source, .. } => source.causes(),
            Error::Usage {
                detail: Some(d), ..
            } => vec![Cause::Text(d.clone())],
            _ => Vec::new(),
        }
    }

    /// `hint:` line: what to do next.
    pub fn hint(&self) -> Option<Message> {
        match self {
            Error::NoSeries { .. } => Some(msg!("hint-no-series")),
            Error::SeriesExists { .. } | Error::WouldOverwrite { .. } => {
                Some(msg!("hint-use-force"))
            }
            Error::Language { source } => source
                .suggestion()
                .map(|s| msg!("hint-language-tag", tag = s)),
            // A market spec (the series' `markets/` folder, a built-in, or `--market FILE`).
            Error::Config { path, .. } | Error::ConfigValue { path, .. }
                if path
                    .parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|n| n == "markets" || n == "builtin") =>
            {
                Some(msg!("hint-market-spec"))
            }
            Error::Config { .. } | Error::ConfigValue { .. } => Some(msg!("hint-series-toml")),
            Error::Read {
                source: ReadError::Decode(_),
                ..
            } => Some(msg!("hint-encoding")),
            Error::Read {
                source: ReadError::Detect(_),
                ..
            } => Some(msg!("hint-format")),
            Error::Cuts { source, .. } => match source.kind {
                crate::cuts::CutErrorKind::NeedsUnit => Some(msg!("hint-cuts-unit")),
                _ => None,
            },
            Error::UnknownMarket { known, .. } => Some(msg!("hint-unknown-market", known = known)),
            Error::MarketSpec { .. } => Some(msg!("hint-market-spec")),
            Error::BundleRefused { market, .. } => {
                Some(msg!("hint-bundle-refused", market = market))
            }
            Error::Detect { source, .. } => source.hint(),
            Error::Memory { source } => source.hint(),
            Error::Translate { source } => source.hint(),
            Error::Tmx { source, .. } => Some(source.hint()),
            Error::NoBurnIn { .. } => Some(msg!("hint-render-no-burn-in")),
            Error::Font { source } => source.hint(),
            Error::Usage { hint, .. } => hint.clone(),
            _ => None,
        }
    }
}

/// One `caused by:` line.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    Message(Message),
    /// Text produced by a library or the OS that has no message id (shown as it is).
    Text(String),
}

impl From<crate::memory::MemoryError> for Error {
    fn from(source: crate::memory::MemoryError) -> Error {
        Error::Memory { source }
    }
}

fn io_cause(e: &io::Error) -> Cause {
    match e.kind() {
        io::ErrorKind::NotFound => Cause::Message(msg!("io-not-found")),
        io::ErrorKind::PermissionDenied => Cause::Message(msg!("io-permission-denied")),
        io::ErrorKind::AlreadyExists => Cause::Message(msg!("io-already-exists")),
        _ => Cause::Text(e.to_string()),
    }
}

fn language_cause(e: &LanguageError) -> Message {
    match e {
        LanguageError::Underscore { .. } => msg!("language-error-underscore"),
        LanguageError::LatinAmericaRegion { .. } => msg!("language-error-latin-america"),
        LanguageError::Invalid { .. } => msg!("language-error-invalid"),
    }
}
