//! `dramaloc preview`: PNG stills of the subtitles as they will be burned in, with the
//! platform's interface zones on top: at `--cue N`, at `--at TIME`, or one for every
//! `position-outside-safe-area` and `line-too-long` finding of the selected tracks. Also the
//! stills of `check --format html --previews`.
//!
//! Exit 0: every still asked for was made. Exit 1: some were not (no such track or cue, a time
//! past the end of the video, a video ffprobe cannot read). Exit 2: ffmpeg, ffprobe or the
//! fonts are missing, or ffmpeg failed.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::Printer;
use super::args::PreviewArgs;
use super::check::parse_episodes;
use super::render::burn_in_markets;
use crate::check::{Selection, Settings};
use crate::cuts::detect::{DetectError, DetectOptions, check_programs};
use crate::diagnostics::Report;
use crate::diagnostics::html::HtmlPreview;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::i18n::tr;
use crate::msg;
use crate::render::fonts::Fonts;
use crate::render::preview::{self, Moment, Problem, Request};
use crate::workspace::Workspace;

pub fn run(printer: &Printer, cwd: &Path, args: PreviewArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let markets = burn_in_markets(&ws, args.market.as_deref())?;
    let moment = match (&args.cue, &args.at) {
        (Some(0), _) => {
            return Err(Error::InvalidValue {
                flag: "--cue",
                value: "0".to_owned(),
                expected: msg!("expected-cue-number"),
            });
        }
        (Some(n), _) => Some(Moment::Cue(*n)),
        (None, Some(t)) => Some(Moment::At(preview::parse_time(t).ok_or_else(|| {
            Error::InvalidValue {
                flag: "--at",
                value: t.clone(),
                expected: msg!("expected-preview-time"),
            }
        })?)),
        (None, None) => None,
    };
    let languages = super::parse_languages(printer, &args.lang)?;
    let episodes_wanted = args.episodes.as_deref().map(parse_episodes).transpose()?;
    let programs = DetectOptions::from_env();
    check_programs(&programs).map_err(|source| Error::Detect {
        path: programs.ffmpeg.clone(),
        source,
    })?;
    let fonts = Fonts::system();
    let jobs = crate::parallel::jobs(args.jobs);
    let episodes = ws.episodes()?;
    let mut status = ExitStatus::Success;
    let mut written = Vec::new();
    let mut failures = Vec::new();
    for market in &markets {
        let langs = languages
            .clone()
            .unwrap_or_else(|| crate::bundle::assemble::delivered_languages(market, &episodes));
        let numbers: Vec<_> = episodes
            .keys()
            .copied()
            .filter(|n| episodes_wanted.as_ref().is_none_or(|s| s.contains(n)))
            .collect();
        let requests: Vec<Request> = match moment {
            Some(moment) => numbers
                .iter()
                .flat_map(|&episode| {
                    langs.iter().map(move |language| Request {
                        episode,
                        language: language.clone(),
                        moment,
                        rules: Vec::new(),
                    })
                })
                .collect(),
            None => {
                let settings =
                    Settings::for_series(&ws.file, &ws.series_file(), None, Some(market))?;
                let selection = Selection {
                    episodes: episodes_wanted.clone(),
                    languages: Some(langs.clone()),
                    required: Vec::new(),
                };
                let report = crate::check::check_series(&ws, &settings, &selection, jobs, None)?;
                preview::finding_requests(&report)
            }
        };
        if requests.is_empty() {
            printer.info(&msg!("preview-nothing", market = market.id()));
            continue;
        }
        let dir = match &args.output {
            Some(o) if markets.len() > 1 => cwd.join(o).join(market.id()),
            Some(o) => cwd.join(o),
            None => ws.root().join(preview::PREVIEWS_DIR).join(market.id()),
        };
        crate::render::run::remove_leftovers(&dir);
        let preview::Prepared { stills, problems } =
            preview::prepare(&ws, market, &fonts, &requests, &dir, &programs.ffprobe)?;
        if report_problems(printer, problems, cwd) {
            status = ExitStatus::Findings;
        }
        let results = preview::run(&stills, &programs.ffmpeg, jobs);
        for (still, result) in stills.iter().zip(results) {
            match result {
                Ok(()) => {
                    let path = crate::check::shown(&still.output, cwd);
                    if !printer.json() {
                        printer.data(&path);
                    }
                    written.push(json!({
                        "market": market.id(),
                        "path": path,
                        "episode": still.episode.get(),
                        "language": still.language.to_string(),
                        "cue": still.cue,
                        "ms": still.at.get(),
                        "reason": still.reason(),
                    }));
                }
                Err(e) => failures.push(e),
            }
        }
    }
    if printer.json() {
        printer.data(&json!({ "previews": written }).to_string());
    }
    if failures.is_empty() {
        return Ok(status);
    }
    for e in &failures {
        printer.error(e);
    }
    Ok(ExitStatus::Error)
}

/// Width of the stills embedded in the HTML page: half of a 1080-wide video, twice what the
/// page shows, so that they stay sharp on high-density screens and the page stays small.
const HTML_WIDTH: u32 = 540;

/// Say what was not previewed, or previewed with a caveat; `true` when a still asked for was
/// not made.
fn report_problems(printer: &Printer, problems: Vec<Problem>, cwd: &Path) -> bool {
    let mut dropped = false;
    for p in problems {
        dropped |= p.dropped_still();
        match p {
            Problem::NoTrack { episode, language } => printer.warning(&msg!(
                "preview-no-track",
                episode = episode.get(),
                lang = language.to_string()
            )),
            Problem::NoCue {
                episode,
                language,
                cue,
                cues,
            } => printer.warning(&msg!(
                "preview-no-cue",
                episode = episode.get(),
                lang = language.to_string(),
                cue = cue,
                cues = cues
            )),
            Problem::AfterEnd {
                episode,
                at,
                duration,
            } => printer.warning(&msg!(
                "preview-after-end",
                episode = episode.get(),
                at = at.to_string(),
                duration = duration.to_string()
            )),
            Problem::Probe(path, source) => printer.error(&Error::Detect { path, source }),
            Problem::VideoMissing { episode, path } => printer.warning(&msg!(
                "preview-video-missing",
                episode = episode.get(),
                path = crate::check::shown(&path, cwd)
            )),
            Problem::Glyphs { language, gaps } => {
                for g in gaps {
                    printer.warning(&msg!(
                        "preview-glyph-missing",
                        episode = g.episode.unwrap_or(0),
                        lang = language.to_string(),
                        rule = crate::render::fonts::RULE,
                        detail = tr(&g.finding().message)
                    ));
                }
            }
        }
    }
    dropped
}

/// The stills of `check --format html --previews`: one per cue with a finding of
/// [`preview::RULES`] in the report, made in a temporary folder and read back. The market is
/// `--market` (with `[burn_in]`), else the series' first market with `[burn_in]`. Returns the
/// stills and whether every one was made.
pub(super) fn html_previews(
    printer: &Printer,
    cwd: &Path,
    ws: &Workspace,
    market: Option<&str>,
    report: &Report,
    jobs: usize,
) -> Result<(Vec<HtmlPreview>, bool), Error> {
    let market = match market {
        Some(id) => burn_in_markets(ws, Some(id))?,
        None => match burn_in_markets(ws, None) {
            Err(Error::Usage { .. }) => {
                return Err(Error::Usage {
                    message: msg!("preview-html-no-market"),
                    detail: None,
                    hint: Some(msg!("hint-preview-html-no-market")),
                });
            }
            other => other?,
        },
    };
    let Some(market) = market.into_iter().next() else {
        return Ok((Vec::new(), true));
    };
    let requests = preview::finding_requests(report);
    if requests.is_empty() {
        return Ok((Vec::new(), true));
    }
    let programs = DetectOptions::from_env();
    check_programs(&programs).map_err(|source| Error::Detect {
        path: programs.ffmpeg.clone(),
        source,
    })?;
    let temp = tempfile::Builder::new()
        .prefix("dramaloc-previews-")
        .tempdir()
        .map_err(|source| Error::Detect {
            path: PathBuf::from(preview::PREVIEWS_DIR),
            source: DetectError::Temp { source },
        })?;
    let fonts = Fonts::system();
    let preview::Prepared {
        mut stills,
        problems,
    } = preview::prepare(
        ws,
        &market,
        &fonts,
        &requests,
        temp.path(),
        &programs.ffprobe,
    )?;
    let mut complete = !report_problems(printer, problems, cwd);
    for s in &mut stills {
        s.width = Some(HTML_WIDTH.min(s.size.0));
    }
    let results = preview::run(&stills, &programs.ffmpeg, jobs);
    let mut out = Vec::new();
    for (still, result) in stills.iter().zip(results) {
        let png = result.and_then(|()| {
            std::fs::read(&still.output)
                .map_err(|e| Error::io(&still.output, crate::error::IoAction::Read, e))
        });
        match png {
            Ok(png) => out.push(HtmlPreview {
                episode: still.episode,
                language: still.language.to_string(),
                cue: still.cue,
                at: still.at,
                rules: still.rules.clone(),
                market: market.id().to_owned(),
                size: still.png_size(),
                png,
            }),
            Err(e) => {
                printer.error(&e);
                complete = false;
            }
        }
    }
    Ok((out, complete))
}
