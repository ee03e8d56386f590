//! The command-line interface: clap types (`args`), localized help (`localize`), output
//! (`printer`), and one file per command that resolves arguments into domain calls and
//! renders their results. Domain modules never see clap types.

pub mod args;
mod bundle;
mod check;
mod convert;
mod cuts;
mod import;
mod init;
pub mod localize;
mod markets;
mod preview;
mod printer;
mod render;
mod status;
mod tm;
mod translate;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};

use crate::error::Error;
use crate::exit::ExitStatus;
use crate::i18n;
use crate::message::Message;
use crate::model::{EpisodeNumber, Format, Language};
use crate::msg;
use args::{Cli, ColorChoice, Command, OutputFormat};
pub use printer::Printer;

/// The value of the UI `--lang` flag, read before clap so that help and errors from clap
/// itself are already in the right language. Only flags before the command count.
pub fn ui_lang_flag(args: &[OsString]) -> Option<String> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let a = a.to_str()?;
        if a == "--lang" {
            return it.next().and_then(|v| v.to_str()).map(str::to_owned);
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_owned());
        }
        if matches!(a, "-C" | "--format" | "--color") {
            it.next();
            continue;
        }
        if !a.starts_with('-') {
            return None;
        }
    }
    None
}

/// The clap command with localized help.
pub fn command() -> clap::Command {
    localize::localize(Cli::command())
}

/// Run dramaloc with these arguments (the first is the program name).
pub fn run(args: Vec<OsString>) -> ExitStatus {
    i18n::init(ui_lang_flag(&args).as_deref());
    let matches = match command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return clap_error(e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return clap_error(e),
    };
    let printer = Printer::new(
        cli.format.unwrap_or(OutputFormat::Human),
        cli.quiet,
        cli.verbose,
        cli.color,
    );
    let dir = match &cli.directory {
        Some(d) => d.clone(),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };
    if !dir.is_dir() {
        printer.error(&Error::io(
            &dir,
            crate::error::IoAction::Read,
            std::io::ErrorKind::NotFound.into(),
        ));
        return ExitStatus::Error;
    }
    let result = match cli.command {
        Command::Init(a) => init::run(&printer, &dir, a),
        Command::Import(a) => import::run(&printer, &dir, a),
        Command::Status(_) => status::run(&printer, &dir),
        Command::Convert(a) => convert::run(&printer, &dir, a),
        Command::Cuts(args::CutsCommand::Import(a)) => cuts::import(&printer, &dir, a),
        Command::Check(a) => check::run(&printer, &dir, a),
        Command::Cuts(args::CutsCommand::Detect(a)) => cuts::detect(&printer, &dir, a),
        Command::Markets(a) => markets::run(&printer, &dir, a),
        Command::Bundle(a) => bundle::bundle(&printer, &dir, a),
        Command::Validate(a) => bundle::validate(&printer, &dir, a),
        Command::Translate(a) => translate::run(&printer, &dir, a),
        Command::Render(a) => render::run(&printer, &dir, a),
        Command::Preview(a) => preview::run(&printer, &dir, a),
        Command::Glossary(args::GlossaryCommand::Check(a)) => {
            translate::glossary_check(&printer, &dir, a)
        }
        Command::Tm(c) => tm::run(&printer, &dir, c),
        Command::Completions(a) => {
            let mut cmd = command();
            clap_complete::generate(a.shell, &mut cmd, "dramaloc", &mut std::io::stdout());
            Ok(ExitStatus::Success)
        }
        Command::Man(_) => man(&printer),
    };
    match result {
        Ok(status) => status,
        Err(e @ Error::Interrupted { .. }) => {
            printer.warning(&e.message());
            ExitStatus::Interrupted
        }
        Err(e) => {
            printer.error(&e);
            ExitStatus::Error
        }
    }
}

fn man(printer: &Printer) -> Result<ExitStatus, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command())
        .render(&mut out)
        .map_err(|e| Error::io(Path::new("-"), crate::error::IoAction::Write, e))?;
    printer.data(&String::from_utf8_lossy(&out));
    Ok(ExitStatus::Success)
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Render clap's own errors in the UI language.
fn clap_error(e: clap::Error) -> ExitStatus {
    let printer = Printer::new(OutputFormat::Human, false, false, ColorChoice::Auto);
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            printer.data(&e.render().to_string());
            return ExitStatus::Success;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", e.render());
            return ExitStatus::Error;
        }
        _ => {}
    }
    let arg = context(&e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(&e, ContextKind::InvalidValue).unwrap_or_default();
    let (message, hint): (Message, Option<Message>) = match e.kind() {
        ErrorKind::UnknownArgument => (
            msg!("cli-error-unknown-argument", arg = arg),
            context(&e, ContextKind::SuggestedArg)
                .map(|s| msg!("hint-did-you-mean", suggestion = s)),
        ),
        ErrorKind::InvalidSubcommand => (
            msg!(
                "cli-error-unknown-command",
                command = context(&e, ContextKind::InvalidSubcommand).unwrap_or_default()
            ),
            context(&e, ContextKind::SuggestedSubcommand)
                .map(|s| msg!("hint-did-you-mean", suggestion = s))
                .or(Some(msg!("hint-help"))),
        ),
        ErrorKind::InvalidValue => (
            msg!("cli-error-invalid-value", arg = arg, value = value),
            context(&e, ContextKind::ValidValue).map(|v| msg!("hint-possible-values", values = v)),
        ),
        ErrorKind::MissingRequiredArgument => (
            msg!("cli-error-missing-argument", arg = arg),
            Some(msg!("hint-help")),
        ),
        ErrorKind::MissingSubcommand => {
            (msg!("cli-error-missing-command"), Some(msg!("hint-help")))
        }
        ErrorKind::ArgumentConflict => (
            msg!(
                "cli-error-conflict",
                arg = arg,
                other = context(&e, ContextKind::PriorArg).unwrap_or_default()
            ),
            None,
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => (
            msg!("cli-error-unexpected-value", value = value),
            Some(msg!("hint-help")),
        ),
        _ => (msg!("cli-error-other"), Some(msg!("hint-help"))),
    };
    let detail =
        matches!(message.id, "cli-error-other").then(|| e.render().to_string().trim().to_owned());
    printer.error(&Error::Usage {
        message,
        detail,
        hint,
    });
    ExitStatus::Error
}

/// Parse a language tag given on the command line; say so when it was canonicalized
/// (`in` → `id`, `tl` → `fil`, `zh-CN` → `zh-Hans` for tracks).
/// `--lang A,B`: the tags parsed as [`parse_language`] does, or `None` when none was given.
pub fn parse_languages(
    printer: &Printer,
    values: &[String],
) -> Result<Option<Vec<Language>>, Error> {
    let tags: Vec<&str> = values
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        return Ok(None);
    }
    tags.into_iter()
        .map(|t| parse_language(printer, t))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

pub fn parse_language(printer: &Printer, value: &str) -> Result<Language, Error> {
    let (lang, _) = Language::parse_noting(value).map_err(|source| Error::Language { source })?;
    let track = lang.track_tag();
    if track.as_str() != value.trim() && !track.as_str().eq_ignore_ascii_case(value.trim()) {
        printer.warning(&msg!(
            "language-canonicalized",
            given = value.trim(),
            tag = track.to_string()
        ));
    }
    Ok(track)
}

/// Parse an episode number given on the command line.
pub fn parse_episode(value: &str) -> Result<EpisodeNumber, Error> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(EpisodeNumber::new)
        .ok_or_else(|| Error::InvalidValue {
            flag: "--episode",
            value: value.to_owned(),
            expected: msg!(
                "expected-episode-number",
                max = crate::model::episode::MAX_EPISODE
            ),
        })
}

/// Parse a subtitle format name given on the command line.
pub fn parse_format(flag: &'static str, value: &str) -> Result<Format, Error> {
    Format::from_name(value).ok_or_else(|| Error::InvalidValue {
        flag,
        value: value.to_owned(),
        expected: msg!("expected-format", formats = "srt, vtt, ass, ssa, ttml"),
    })
}

/// A path shown relative to `base` when it is below it.
pub fn shown(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn ui_lang_is_read_before_the_command_only() {
        assert_eq!(
            ui_lang_flag(&os(&["d", "--lang", "zh-CN", "status"])).as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            ui_lang_flag(&os(&["d", "-C", "x", "--lang=zh", "status"])).as_deref(),
            Some("zh")
        );
        assert_eq!(
            ui_lang_flag(&os(&["d", "import", "--lang", "en", "x.srt"])),
            None
        );
    }

    #[test]
    fn command_tree_is_valid() {
        command().debug_assert();
    }
}
