//! dramaloc: localize vertical micro-drama series for overseas distribution.
//!
//! The library holds the whole product; `main.rs` is a thin shell around [`run`].
//!
//! | module | owns |
//! |---|---|
//! | [`cli`] | clap types, localized help, output rendering; nothing else sees clap |
//! | [`config`] | `series.toml`, environment variables |
//! | [`workspace`] | the series on disk: `init`, `import`, `status` |
//! | [`formats`] | SRT, WebVTT, ASS/SSA, TTML parsers and writers; encodings; conversion |
//! | [`model`] | time, cues, tracks, languages, episodes, series (no I/O) |
//! | [`i18n`] | UI language negotiation and Fluent rendering |
//! | [`render`] | burn-in renders: the ASS document, font coverage of the cue text |
//! | [`memory`] | translation memory, request journal and TMX (`.dramaloc/tm.sqlite`) |
//! | [`message`] | message ids + arguments that domain code returns instead of text |
//! | [`error`], [`exit`] | the top-level error and the exit status contract |

pub mod bundle;
pub mod check;
pub mod cli;
pub mod config;
pub mod cuts;
pub mod diagnostics;
pub mod error;
pub mod exit;
pub mod formats;
pub mod fsutil;
pub mod glossary;
pub mod i18n;
pub mod interrupt;
pub mod markets;
pub mod memory;
pub mod message;
pub mod model;
pub mod parallel;
pub mod render;
pub mod timing;
pub mod translate;
pub mod workspace;

pub use exit::ExitStatus;

/// Run dramaloc with a full argument list (program name first) and return the exit status.
pub fn run(args: Vec<std::ffi::OsString>) -> ExitStatus {
    cli::run(args)
}
