//! `dramaloc bundle --market ID` and `dramaloc validate BUNDLE`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde_json::json;

use super::Printer;
use super::args::{BundleArgs, ValidateArgs};
use super::render::{Lines, encoder, run_jobs, warn_too_long};
use crate::bundle::archive::{self, ArchiveLimits, MediaLimits};
use crate::bundle::assemble::{self, Assembled, Options};
use crate::bundle::renders::Renderer;
use crate::bundle::{pack, validate as v};
use crate::cuts::detect::{DetectOptions, check_programs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::markets::{self, Market, Packaging};
use crate::model::Language;
use crate::msg;
use crate::render::fonts::Fonts;
use crate::render::plan::{self, Plan, RenderJob, Selection};
use crate::render::probe::{self, MediaInfo};
use crate::render::run::RunOptions;
use crate::workspace::Workspace;

/// The render engine as `bundle` drives it: `render`'s progress bar and a line per render,
/// on standard error (standard output is the bundle's path); the spec's encoder settings.
struct Engine<'a> {
    printer: &'a Printer,
    cwd: &'a Path,
    programs: DetectOptions,
    /// Scanned on first use: only a market with `[burn_in]` needs them.
    fonts: OnceLock<Fonts>,
    jobs: usize,
    /// What became of each render, for `--format json`.
    renders: Mutex<Vec<serde_json::Value>>,
}

impl Renderer for Engine<'_> {
    fn plan(&self, ws: &Workspace, market: &Market, languages: &[Language]) -> Result<Plan, Error> {
        let fonts = self.fonts.get_or_init(Fonts::system);
        let selection = Selection {
            episodes: None,
            languages: Some(languages.to_vec()),
        };
        plan::plan(ws, market, fonts, &selection, &self.programs.ffprobe)
    }

    fn render(&self, ws: &Workspace, market: &Market, jobs: &[RenderJob]) -> Result<(), Error> {
        check_programs(&self.programs).map_err(|source| Error::Detect {
            path: self.programs.ffmpeg.clone(),
            source,
        })?;
        let burn = plan::burn_in(market)?;
        warn_too_long(self.printer, jobs);
        // From here on Ctrl-C stops the renders cleanly; the bundle is not written after it.
        crate::interrupt::watch();
        let options = RunOptions {
            jobs: self.jobs,
            cores: crate::parallel::jobs(None),
            force: false,
        };
        let (entries, failure, interrupted) = run_jobs(
            self.printer,
            ws.root(),
            market,
            jobs,
            &encoder(&self.programs, burn, None, None),
            options,
            self.cwd,
            Lines::Stderr,
        )?;
        if let Ok(mut r) = self.renders.lock() {
            r.extend(entries);
        }
        if interrupted > 0 {
            return Err(Error::Interrupted { count: interrupted });
        }
        failure.map_or(Ok(()), Err)
    }

    fn probe(&self, path: &Path) -> Result<MediaInfo, Error> {
        probe::probe(path, &self.programs.ffprobe).map_err(|source| Error::Detect {
            path: path.to_path_buf(),
            source,
        })
    }
}

pub fn bundle(printer: &Printer, cwd: &Path, args: BundleArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let market = markets::find(ws.root(), &args.market)?;
    let options = Options {
        allow_findings: args.allow_findings,
        jobs: crate::parallel::jobs(args.jobs),
    };
    let engine = Engine {
        printer,
        cwd,
        programs: DetectOptions::from_env(),
        fonts: OnceLock::new(),
        jobs: options.jobs,
        renders: Mutex::new(Vec::new()),
    };
    let (files, manifest, report) = match assemble::assemble(&ws, &market, &options, &engine)? {
        Assembled::Refused { mut report } => {
            super::check::relative_to_cwd(&mut report, ws.root(), cwd);
            super::check::emit(printer, &report, None, cwd, true)?;
            let s = report.summary();
            printer.error(&Error::BundleRefused {
                market: market.id().to_owned(),
                errors: s.errors,
            });
            return Ok(ExitStatus::Findings);
        }
        Assembled::Ready {
            files,
            manifest,
            report,
        } => (files, manifest, report),
    };
    let zip = market.spec.packaging == Packaging::Zip;
    let path = match &args.output {
        Some(p) => cwd.join(p),
        None => {
            let name = format!("{}_{}", ws.series.id, market.id());
            ws.root()
                .join("dist")
                .join(if zip { format!("{name}.zip") } else { name })
        }
    };
    let bytes: u64 = files.iter().map(|f| f.len()).sum();
    let videos: usize = manifest.episodes.iter().map(|e| e.videos.len()).sum();
    let digest = if zip {
        Some(pack::write_zip(&path, &files)?)
    } else {
        pack::write_folder(&path, &files)?;
        None
    };
    let shown = crate::check::shown(&path, cwd);
    let s = report.summary();
    if printer.json() {
        printer.data(
            &json!({
                "path": shown,
                "market": market.id(),
                "packaging": market.spec.packaging.name(),
                "sha256": digest,
                "files": files.len(),
                "bytes": bytes,
                "episodes": manifest.episodes.len(),
                "languages": manifest.languages,
                "videos": videos,
                "renders": engine.renders.into_inner().unwrap_or_else(|e| e.into_inner()),
                "qc": { "errors": s.errors, "warnings": s.warnings, "infos": s.infos },
            })
            .to_string(),
        );
    } else {
        printer.data(&format!("{shown}\n"));
    }
    printer.success(&msg!(
        "bundle-done",
        path = shown,
        market = market.id(),
        episodes = manifest.episodes.len(),
        languages = manifest.languages.len(),
        files = files.len(),
        bytes = bytes
    ));
    if videos > 0 {
        printer.info(&msg!("bundle-videos", count = videos));
    }
    if let Some(d) = digest {
        printer.info(&msg!("bundle-sha256", sha = d));
    }
    if !manifest.qc.allowed.is_empty() {
        printer.warning(&msg!(
            "bundle-allowed-findings",
            count = manifest.qc.allowed.len()
        ));
    }
    Ok(ExitStatus::Success)
}

pub fn validate(printer: &Printer, cwd: &Path, args: ValidateArgs) -> Result<ExitStatus, Error> {
    let market = match &args.market {
        None => None,
        Some(m) if m.ends_with(".toml") => Some(markets::from_file(&cwd.join(m))?),
        Some(id) => Some(markets::find(Path::new("/nonexistent"), id)?),
    };
    let path: PathBuf = cwd.join(&args.bundle);
    let options = v::Options {
        market,
        limits: ArchiveLimits::default(),
        media: MediaLimits::default(),
        ffprobe: DetectOptions::from_env().ffprobe,
        jobs: crate::parallel::jobs(args.jobs),
    };
    let opened = archive::open_with_media(&path, &options.limits, Some(&options.media))?;
    let name = crate::check::shown(&path, cwd);
    let report = v::validate_bundle(&name, opened, &options)?;
    super::check::emit(printer, &report, args.output.as_deref(), cwd, false)?;
    Ok(if report.has_errors() {
        ExitStatus::Findings
    } else {
        printer.success(&msg!("validate-ok", path = name));
        ExitStatus::Success
    })
}
