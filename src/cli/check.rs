//! `dramaloc check`: resolve the arguments into a selection and settings, run the check
//! (and the fixes), render the report in the chosen format.

use std::collections::BTreeSet;
use std::path::Path;

use super::Printer;
use super::args::{CheckArgs, OutputFormat, PresetArg};
use crate::check::{self, FixMode, LooseFiles, Selection, Settings};
use crate::diagnostics::html::{HtmlOptions, HtmlPreview};
use crate::diagnostics::{Report, Severity, TrackReport};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::fsutil::write_atomic;
use crate::i18n::tr;
use crate::message::Message;
use crate::model::{EpisodeNumber, FrameRate, Language, Millis};
use crate::msg;
use crate::timing::rules;
use crate::timing::{Preset, TimingSpec};
use crate::workspace::Workspace;

pub fn run(printer: &Printer, cwd: &Path, args: CheckArgs) -> Result<ExitStatus, Error> {
    if let Some(id) = &args.explain {
        return explain(printer, cwd, &args, id);
    }
    if args.previews && printer.format != OutputFormat::Html {
        return Err(Error::Usage {
            message: msg!("preview-html-only"),
            detail: None,
            hint: Some(msg!("hint-preview-html-only")),
        });
    }
    if args.previews && !args.files.is_empty() {
        return Err(Error::Usage {
            message: msg!("preview-html-series-only"),
            detail: None,
            hint: None,
        });
    }
    let preset = args.preset.map(preset_of);
    let jobs = crate::parallel::jobs(args.jobs);
    let mut previews = (Vec::new(), true);
    let languages = args
        .lang
        .iter()
        .map(|l| super::parse_language(printer, l))
        .collect::<Result<Vec<_>, _>>()?;
    let report = if args.files.is_empty() {
        let ws = Workspace::discover(cwd)?;
        let settings = series_settings(&ws, preset, args.market.as_deref())?;
        let required = match &args.market {
            Some(id) => market_languages(&ws, id)?,
            None => Vec::new(),
        };
        let selection = Selection {
            episodes: args.episodes.as_deref().map(parse_episodes).transpose()?,
            languages: (!languages.is_empty()).then_some(languages),
            required,
        };
        let fix = args.fix.then(|| FixMode {
            write: !args.dry_run,
            backup_dir: Some(
                ws.root()
                    .join(".dramaloc")
                    .join("backups")
                    .join(timestamp()),
            ),
            root: Some(ws.root().to_path_buf()),
        });
        let mut report = check::check_series(&ws, &settings, &selection, jobs, fix.as_ref())?;
        relative_to_cwd(&mut report, ws.root(), cwd);
        if args.previews {
            previews = super::preview::html_previews(
                printer,
                cwd,
                &ws,
                args.market.as_deref(),
                &report,
                jobs,
            )?;
        }
        report
    } else {
        let rate = match &args.fps {
            Some(v) => parse_fps(v)?,
            None => match Workspace::discover(cwd) {
                Ok(ws) => ws.series.frame_rate,
                Err(_) => FrameRate::FPS_30,
            },
        };
        let settings = Settings::new(TimingSpec::new(preset.unwrap_or_default()));
        let loose = LooseFiles {
            files: args.files.clone(),
            cuts: args.cuts.clone(),
            frame_rate: rate,
            language: languages.into_iter().next(),
            duration: args
                .duration
                .map(|d| Millis::new(i64::try_from(d).unwrap_or(i64::MAX))),
        };
        let fix = args.fix.then_some(FixMode {
            write: !args.dry_run,
            backup_dir: None,
            root: None,
        });
        check::check_files(&loose, cwd, &settings, jobs, fix.as_ref())?
    };
    emit_with(
        printer,
        &report,
        args.output.as_deref(),
        cwd,
        true,
        &previews.0,
    )?;
    if args.fix {
        let edits = report.summary().edits;
        printer.info(&if args.dry_run {
            msg!("fix-summary-dry-run", edits = edits)
        } else {
            msg!("fix-summary", edits = edits)
        });
    }
    Ok(if !previews.1 {
        ExitStatus::Error
    } else if report.has_errors() {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn preset_of(p: PresetArg) -> Preset {
    match p {
        PresetArg::Netflix => Preset::Netflix,
        PresetArg::Vertical => Preset::Vertical,
        PresetArg::Aegisub => Preset::Aegisub,
    }
}

fn parse_fps(v: &str) -> Result<FrameRate, Error> {
    v.parse::<FrameRate>().map_err(|_| Error::InvalidValue {
        flag: "--fps",
        value: v.to_owned(),
        expected: msg!("expected-frame-rate"),
    })
}

/// `1-5,8,10-12`.
pub fn parse_episodes(list: &str) -> Result<BTreeSet<EpisodeNumber>, Error> {
    let bad = || Error::InvalidValue {
        flag: "--episodes",
        value: list.to_owned(),
        expected: msg!("expected-episode-list"),
    };
    let mut out = BTreeSet::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let n = |s: &str| s.trim().parse::<u32>().ok().and_then(EpisodeNumber::new);
        let (a, b) = (n(a).ok_or_else(bad)?, n(b).ok_or_else(bad)?);
        if a > b {
            return Err(bad());
        }
        out.extend((a.get()..=b.get()).filter_map(EpisodeNumber::new));
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

fn series_settings(
    ws: &Workspace,
    preset: Option<Preset>,
    market: Option<&str>,
) -> Result<Settings, Error> {
    let market = market
        .map(|id| crate::markets::find(ws.root(), id))
        .transpose()?;
    Settings::for_series(&ws.file, &ws.series_file(), preset, market.as_ref())
}

/// The languages a market requires (`track-missing` checks them).
fn market_languages(ws: &Workspace, id: &str) -> Result<Vec<Language>, Error> {
    Ok(crate::markets::find(ws.root(), id)?.languages)
}

/// Paths in the report as the user would type them from where they are.
pub(super) fn relative_to_cwd(report: &mut Report, root: &Path, cwd: &Path) {
    let (Ok(root), Ok(cwd)) = (root.canonicalize(), cwd.canonicalize()) else {
        return;
    };
    if root == cwd {
        return;
    }
    if let Ok(prefix) = root.strip_prefix(&cwd) {
        for t in &mut report.tracks {
            t.path = prefix.join(&t.path).display().to_string();
        }
    }
}

pub(super) fn emit(
    printer: &Printer,
    report: &Report,
    output: Option<&Path>,
    cwd: &Path,
    fix_hint: bool,
) -> Result<(), Error> {
    emit_with(printer, report, output, cwd, fix_hint, &[])
}

/// [`emit`], with preview stills for the HTML page.
fn emit_with(
    printer: &Printer,
    report: &Report,
    output: Option<&Path>,
    cwd: &Path,
    fix_hint: bool,
    previews: &[HtmlPreview],
) -> Result<(), Error> {
    let render = |m: &Message| tr(m);
    let text = match printer.format {
        OutputFormat::Json => {
            let mut s = crate::diagnostics::json::to_json(report, &render).to_string();
            s.push('\n');
            s
        }
        OutputFormat::Junit => {
            crate::diagnostics::junit::to_junit(report, &render, printer.verbose)
        }
        OutputFormat::Html => crate::diagnostics::html::to_html(
            report,
            &render,
            &HtmlOptions {
                locale: crate::i18n::localizer().locale(),
                include_info: printer.verbose,
                previews,
            },
        ),
        OutputFormat::Human => human(report, printer.verbose),
    };
    match output {
        Some(p) => write_atomic(&cwd.join(p), text.as_bytes())?,
        None if !text.is_empty() => printer.data(&text),
        None => {}
    }
    let s = report.summary();
    printer.info(&msg!(
        "check-summary",
        files = s.files,
        cues = s.cues,
        errors = s.errors,
        warnings = s.warnings,
        infos = s.infos
    ));
    if s.suppressed > 0 {
        printer.info(&msg!("check-suppressed", count = s.suppressed));
    }
    if fix_hint && s.fixable > 0 {
        printer.hint(&msg!("hint-check-fix", count = s.fixable));
    }
    Ok(())
}

/// Grouped by file: `path:cue time severity[rule]: message`, then the hint. Info findings
/// only with `-v`.
fn human(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    for t in &report.tracks {
        let active: Vec<_> = t
            .active()
            .filter(|f| verbose || f.severity > Severity::Info)
            .collect();
        if active.is_empty() && t.edits.is_empty() {
            continue;
        }
        out.push_str(&t.path);
        out.push('\n');
        for e in &t.edits {
            let what = match (&e.text_before, &e.text_after) {
                (Some(a), Some(b)) => tr(&msg!(
                    "fix-edit-rebreak",
                    before = a.replace('\n', " | "),
                    after = b.replace('\n', " | ")
                )),
                _ => tr(&msg!(
                    "fix-edit-retime",
                    before = format!("{} --> {}", e.before.start(), e.before.end()),
                    after = format!("{} --> {}", e.after.start(), e.after.end())
                )),
            };
            out.push_str(&format!(
                "  {} {}[{}]: {what}\n",
                location(t, Some(e.cue), None),
                tr(&msg!("fix-label")),
                e.rule
            ));
        }
        for f in active {
            out.push_str(&format!("  {}", location(t, f.cue, f.line)));
            if let Some(span) = f.span {
                out.push_str(&format!(" {}", span.start()));
            }
            out.push_str(&format!(
                " {}[{}]: {}\n",
                severity_label(f.severity),
                f.rule,
                tr(&f.message)
            ));
            if let Some(h) = &f.hint {
                out.push_str(&format!("      {} {}\n", tr(&msg!("label-hint")), tr(h)));
            }
        }
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` (UTC) for backup folder names.
fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn location(t: &TrackReport, cue: Option<usize>, line: Option<usize>) -> String {
    match (cue, line) {
        (Some(c), _) => format!("{}:{}", t.path, tr(&msg!("check-cue-number", cue = c))),
        (None, Some(l)) => format!("{}:{l}", t.path),
        (None, None) => t.path.clone(),
    }
}

fn severity_label(s: Severity) -> String {
    tr(&match s {
        Severity::Error => msg!("severity-error"),
        Severity::Warning => msg!("severity-warning"),
        Severity::Info => msg!("severity-info"),
    })
}

/// `check --explain RULE [--lang TAG]`: what the rule checks, why, and the limits it uses.
fn explain(printer: &Printer, cwd: &Path, args: &CheckArgs, id: &str) -> Result<ExitStatus, Error> {
    let rule = rules::by_id(id).ok_or_else(|| Error::InvalidValue {
        flag: "--explain",
        value: id.to_owned(),
        expected: msg!(
            "expected-rule-id",
            rules = rules::ALL
                .iter()
                .map(|r| r.id())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })?;
    let (spec, rate, default_lang) = match Workspace::discover(cwd) {
        Ok(ws) => {
            let s = series_settings(&ws, args.preset.map(preset_of), args.market.as_deref())?;
            (
                s.spec,
                ws.series.frame_rate,
                Some(ws.series.source_language.clone()),
            )
        }
        Err(_) => (
            TimingSpec::new(args.preset.map(preset_of).unwrap_or_default()),
            FrameRate::FPS_30,
            None,
        ),
    };
    let rate = match &args.fps {
        Some(v) => parse_fps(v)?,
        None => rate,
    };
    let lang = match args.lang.first() {
        Some(l) => Some(super::parse_language(printer, l)?),
        None => default_lang,
    };
    let (what, why) = rule.explain();
    let limits = spec.limits(lang.as_ref(), rate);
    let mut out = format!(
        "{} ({}, {})\n\n{}\n\n{}\n\n",
        rule.id(),
        severity_label(rule.default_severity()),
        tr(&if rule.fixable() {
            msg!("check-explain-fixable")
        } else {
            msg!("check-explain-not-fixable")
        }),
        tr(&what),
        tr(&why)
    );
    out.push_str(&tr(&limits_message(&limits, lang.as_ref())));
    out.push('\n');
    printer.data(&out);
    Ok(ExitStatus::Success)
}

fn limits_message(l: &crate::timing::Limits, lang: Option<&Language>) -> Message {
    msg!(
        "check-explain-limits",
        preset = l.preset.name(),
        lang = lang.map_or_else(|| "-".to_owned(), ToString::to_string),
        fps = l.frame_rate.to_string(),
        cpl = l.cpl,
        lines = l.max_lines,
        cps = l.cps,
        min = l.min_duration.get(),
        max = l.max_duration.get(),
        gap = l.min_gap,
        chain = l.chain,
        window = l.shots.window,
        after = l.shots.in_after,
        red = l.shots.in_red,
        green = l.shots.in_green,
        greenfrom = l.shots.in_red + 1,
        outbefore = l.shots.out_before,
        outafter = l.shots.out_after,
        offset = l.shots.out_offset,
        sync = l.sync_tolerance,
        counting = l.counting.name(),
        mode = l.count_mode.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episode_lists() {
        let s = parse_episodes("1-3, 7,10-10").unwrap();
        assert_eq!(
            s.iter().map(|e| e.get()).collect::<Vec<_>>(),
            [1, 2, 3, 7, 10]
        );
        assert!(parse_episodes("3-1").is_err());
        assert!(parse_episodes("x").is_err());
        assert!(parse_episodes("").is_err());
    }
}
