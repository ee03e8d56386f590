//! `dramaloc render`: burn each track of a `[burn_in]` market into its episode video.
//!
//! Exit 0: every selected track rendered or already current. Exit 1: some tracks were not
//! rendered because of what they hold or lack (a character no font has, no video, no track).
//! Exit 2: ffmpeg, ffprobe or the fonts are missing, or a render failed.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::Printer;
use super::args::RenderArgs;
use super::check::parse_episodes;
use crate::cuts::detect::{DetectOptions, check_programs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::i18n::tr;
use crate::markets::{self, BurnIn, Market, burn_in::PRESETS};
use crate::msg;
use crate::render::fonts::Fonts;
use crate::render::plan::{self, Selection, Skip};
use crate::render::run::{self, Encoder, Outcome, Progress, RunOptions};
use crate::workspace::Workspace;

pub fn run(printer: &Printer, cwd: &Path, args: RenderArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let markets = burn_in_markets(&ws, args.market.as_deref())?;
    if let Some(p) = &args.preset
        && !PRESETS.contains(&p.as_str())
    {
        return Err(Error::InvalidValue {
            flag: "--preset",
            value: p.clone(),
            expected: msg!("expected-preset", presets = PRESETS.join(", ")),
        });
    }
    if let Some(c) = args.crf
        && c > 51
    {
        return Err(Error::InvalidValue {
            flag: "--crf",
            value: c.to_string(),
            expected: msg!("expected-crf"),
        });
    }
    let languages = super::parse_languages(printer, &args.lang)?;
    let selection = Selection {
        episodes: args.episodes.as_deref().map(parse_episodes).transpose()?,
        languages,
    };
    let programs = DetectOptions::from_env();
    if !args.dry_run {
        check_programs(&programs).map_err(|source| Error::Detect {
            path: programs.ffmpeg.clone(),
            source,
        })?;
    }
    let fonts = Fonts::system();
    if !args.dry_run {
        crate::interrupt::watch();
    }
    let mut status = ExitStatus::Success;
    let mut report = Vec::new();
    for market in &markets {
        let burn = plan::burn_in(market)?;
        let plan = plan::plan(&ws, market, &fonts, &selection, &programs.ffprobe)?;
        let plan::Plan { jobs, skipped } = plan;
        for s in skipped {
            status = ExitStatus::Findings;
            report_skip(printer, s, cwd);
        }
        warn_too_long(printer, &jobs);
        if args.dry_run {
            for job in &jobs {
                report.push(json!({
                    "market": market.id(),
                    "episode": job.episode.get(),
                    "language": job.language.to_string(),
                    "path": crate::check::shown(&job.output, cwd),
                    "status": "planned",
                }));
                if !printer.json() {
                    printer.data(&format!(
                        "{}\n",
                        tr(&msg!(
                            "render-planned",
                            path = crate::check::shown(&job.output, cwd),
                            width = job.info.width,
                            height = job.info.height,
                            seconds = format!("{:.1}", job.info.duration.get() as f64 / 1000.0)
                        ))
                    ));
                }
            }
            continue;
        }
        let encoder = encoder(&programs, burn, args.crf, args.preset.as_deref());
        let options = RunOptions {
            jobs: crate::parallel::jobs(args.jobs),
            cores: crate::parallel::jobs(None),
            force: args.force,
        };
        let (entries, failure, interrupted) = run_jobs(
            printer,
            ws.root(),
            market,
            &jobs,
            &encoder,
            options,
            cwd,
            Lines::Stdout,
        )?;
        report.extend(entries);
        if interrupted > 0 {
            if printer.json() {
                printer.data(&json!({ "renders": report }).to_string());
            }
            return Err(Error::Interrupted { count: interrupted });
        }
        if let Some(e) = failure {
            if printer.json() {
                printer.data(&json!({ "renders": report }).to_string());
            }
            return Err(e);
        }
    }
    if printer.json() {
        printer.data(&json!({ "renders": report }).to_string());
    }
    Ok(status)
}

/// The encoder of a market's `[burn_in]`, with `--crf` / `--preset` over its settings.
pub(super) fn encoder(
    programs: &DetectOptions,
    burn: &BurnIn,
    crf: Option<u32>,
    preset: Option<&str>,
) -> Encoder {
    Encoder {
        ffmpeg: programs.ffmpeg.clone(),
        ffprobe: programs.ffprobe.clone(),
        crf: crf.unwrap_or(burn.crf),
        preset: preset.map_or_else(|| burn.preset.clone(), str::to_owned),
    }
}

/// Warn about the cues each render draws although they do not fit the box.
pub(super) fn warn_too_long(printer: &Printer, jobs: &[plan::RenderJob]) {
    for job in jobs {
        if !job.too_long.is_empty() {
            printer.warning(&msg!(
                "render-too-long",
                episode = job.episode.get(),
                lang = job.language.to_string(),
                cues = job
                    .too_long
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
}

/// Where the line said for each render goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lines {
    /// Standard output: what `render` reports.
    Stdout,
    /// Standard error, as progress: for `bundle`, whose standard output is the bundle's path.
    Stderr,
}

/// Run a market's planned renders under one progress bar (temporary files a killed run left
/// removed first): a line per render (rendered, with its speed, or current), an error per
/// failure. The JSON entries in the order of `jobs`, the first failure, and how many renders
/// Ctrl-C or SIGTERM stopped or kept from starting.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_jobs(
    printer: &Printer,
    root: &Path,
    market: &Market,
    jobs: &[plan::RenderJob],
    encoder: &Encoder,
    options: RunOptions,
    cwd: &Path,
    lines: Lines,
) -> Result<(Vec<serde_json::Value>, Option<Error>, usize), Error> {
    run::remove_leftovers(&root.join(plan::RENDERS_DIR).join(market.id()));
    let bar = RenderBar::new(printer, jobs);
    let outcomes = run::run(root, jobs, encoder, options, &bar)?;
    bar.bar.finish_and_clear();
    let say = |text: String| {
        if printer.json() {
            return;
        }
        match lines {
            Lines::Stdout => printer.data(&format!("{text}\n")),
            Lines::Stderr => printer.info_text(&text),
        }
    };
    let mut failure = None;
    let mut interrupted = 0usize;
    let mut report = Vec::with_capacity(jobs.len());
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let path = crate::check::shown(&job.output, cwd);
        let mut entry = json!({
            "market": market.id(),
            "episode": job.episode.get(),
            "language": job.language.to_string(),
            "path": path,
        });
        match outcome {
            Outcome::Rendered { seconds, frames } => {
                let fps = if seconds > 0.0 {
                    frames as f64 / seconds
                } else {
                    0.0
                };
                entry["status"] = json!("rendered");
                entry["seconds"] = json!((seconds * 100.0).round() / 100.0);
                entry["frames"] = json!(frames);
                entry["fps"] = json!((fps * 10.0).round() / 10.0);
                say(tr(&msg!(
                    "render-done",
                    path = path,
                    seconds = format!("{seconds:.1}"),
                    fps = format!("{fps:.0}")
                )));
            }
            Outcome::Current => {
                entry["status"] = json!("current");
                say(tr(&msg!("render-current", path = path)));
            }
            Outcome::Interrupted => {
                entry["status"] = json!("interrupted");
                interrupted += 1;
            }
            Outcome::Failed(e) => {
                entry["status"] = json!("failed");
                printer.error(&e);
                failure.get_or_insert(e);
            }
        }
        report.push(entry);
    }
    Ok((report, failure, interrupted))
}

/// `--market ID`, else the series' markets that burn subtitles in.
pub(super) fn burn_in_markets(ws: &Workspace, id: Option<&str>) -> Result<Vec<Market>, Error> {
    if let Some(id) = id {
        let m = markets::find(ws.root(), id)?;
        plan::burn_in(&m)?;
        return Ok(vec![m]);
    }
    let mut out = Vec::new();
    for id in &ws.series.markets {
        let m = markets::find(ws.root(), id)?;
        if m.spec.burn_in.is_some() {
            out.push(m);
        }
    }
    if out.is_empty() {
        return Err(Error::Usage {
            message: msg!("render-no-market"),
            detail: None,
            hint: Some(msg!("hint-render-no-burn-in")),
        });
    }
    Ok(out)
}

fn report_skip(printer: &Printer, s: plan::Skipped, cwd: &Path) {
    let (episode, lang) = (s.episode.get(), s.language.to_string());
    match s.reason {
        Skip::NoVideo => printer.warning(&msg!("render-no-video", episode = episode)),
        Skip::VideoMissing(p) => printer.warning(&msg!(
            "render-video-missing",
            episode = episode,
            path = crate::check::shown(&p, cwd)
        )),
        Skip::NoTrack => printer.warning(&msg!("render-no-track", episode = episode, lang = lang)),
        Skip::Probe(video, source) => printer.error(&Error::Detect {
            path: video,
            source,
        }),
        Skip::Glyphs(gaps) => {
            for g in gaps {
                printer.error(&Error::Usage {
                    message: msg!(
                        "render-glyph-missing",
                        episode = episode,
                        lang = lang.clone(),
                        rule = crate::render::fonts::RULE,
                        detail = tr(&g.finding().message)
                    ),
                    detail: None,
                    hint: None,
                });
            }
            printer.hint(&msg!("hint-glyph-missing-in-font"));
        }
    }
}

/// One bar over all renders that run, in milliseconds of video, with ETA.
struct RenderBar {
    bar: ProgressBar,
    done_ms: Vec<AtomicU64>,
    durations: Vec<u64>,
    finished: AtomicUsize,
    total: usize,
}

impl RenderBar {
    fn new(printer: &Printer, jobs: &[plan::RenderJob]) -> RenderBar {
        let visible = !printer.quiet && !printer.json() && std::io::stderr().is_terminal();
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{bar:32}] {percent:>3}% {elapsed_precise} ETA {eta} {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        RenderBar {
            bar,
            done_ms: jobs.iter().map(|_| AtomicU64::new(0)).collect(),
            durations: jobs
                .iter()
                .map(|j| j.info.duration.get().max(0) as u64)
                .collect(),
            finished: AtomicUsize::new(0),
            total: jobs.len(),
        }
    }

    fn advance_to(&self, index: usize, ms: u64) {
        if let Some(d) = self.done_ms.get(index) {
            let before = d.fetch_max(ms, Ordering::Relaxed);
            if ms > before {
                self.bar.inc(ms - before);
            }
        }
    }
}

impl Progress for RenderBar {
    fn start(&self, total_ms: u64) {
        self.bar.set_length(total_ms);
        self.bar
            .set_message(tr(&msg!("render-progress", done = 0, total = self.total)));
    }

    fn advanced(&self, index: usize, done_ms: u64) {
        self.advance_to(index, done_ms);
    }

    fn finished(&self, index: usize, _outcome: &Outcome) {
        if let Some(&d) = self.durations.get(index) {
            self.advance_to(index, d);
        }
        let n = self.finished.fetch_add(1, Ordering::Relaxed) + 1;
        self.bar
            .set_message(tr(&msg!("render-progress", done = n, total = self.total)));
    }
}
