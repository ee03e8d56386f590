//! Where output goes: data on stdout, messages on stderr, colour only where wanted.

use std::io::{IsTerminal, Write};

use crate::error::{Cause, Error};
use crate::i18n::tr;
use crate::message::Message;

use super::args::{ColorChoice, OutputFormat};

/// The output settings of one run.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub format: OutputFormat,
    pub quiet: bool,
    pub verbose: bool,
    color: bool,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

impl Printer {
    pub fn new(format: OutputFormat, quiet: bool, verbose: bool, color: ColorChoice) -> Printer {
        let no_color =
            std::env::var_os(crate::config::env::NO_COLOR).is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stderr().is_terminal(),
        };
        Printer {
            format,
            quiet,
            verbose,
            color,
        }
    }

    pub fn json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    /// Data for stdout. A closed pipe (`| head`) is not an error.
    pub fn data(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }

    /// A progress or result message for stderr (suppressed by `-q`).
    pub fn info(&self, message: &Message) {
        if !self.quiet {
            eprintln!("{}", tr(message));
        }
    }

    /// A line already rendered.
    pub fn info_text(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    pub fn success(&self, message: &Message) {
        if !self.quiet {
            eprintln!("{}", self.paint(GREEN, &tr(message)));
        }
    }

    pub fn warning(&self, message: &Message) {
        eprintln!(
            "{} {}",
            self.paint(YELLOW, &tr(&crate::msg!("label-warning"))),
            tr(message)
        );
    }

    pub fn hint(&self, message: &Message) {
        eprintln!(
            "{} {}",
            self.paint(CYAN, &tr(&crate::msg!("label-hint"))),
            tr(message)
        );
    }

    /// `error:` / `caused by:` / `hint:`.
    pub fn error(&self, err: &Error) {
        eprintln!(
            "{} {}",
            self.paint(RED, &tr(&crate::msg!("label-error"))),
            tr(&err.message())
        );
        for cause in err.causes() {
            let text = match cause {
                Cause::Message(m) => tr(&m),
                Cause::Text(t) => t,
            };
            eprintln!("  {} {}", tr(&crate::msg!("label-caused-by")), text);
        }
        if let Some(h) = err.hint() {
            self.hint(&h);
        }
    }
}

/// Pad `s` to `width` terminal columns (CJK characters count two).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Terminal width of a string.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
