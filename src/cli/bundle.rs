//! `dramaloc bundle --market ID` and `dramaloc validate BUNDLE`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::Printer;
use super::args::{BundleArgs, ValidateArgs};
use crate::bundle::archive::{self, ArchiveLimits};
use crate::bundle::assemble::{self, Assembled, Options};
use crate::bundle::{pack, validate as v};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::markets::{self, Packaging};
use crate::msg;
use crate::workspace::Workspace;

pub fn bundle(printer: &Printer, cwd: &Path, args: BundleArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let market = markets::find(ws.root(), &args.market)?;
    let options = Options {
        allow_findings: args.allow_findings,
        jobs: crate::parallel::jobs(args.jobs),
    };
    let (files, manifest, report) = match assemble::assemble(&ws, &market, &options)? {
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
    let bytes: u64 = files.iter().map(|f| f.data.len() as u64).sum();
    let digest = if zip {
        let data = pack::zip_bytes(&files)?;
        crate::fsutil::write_atomic(&path, &data)?;
        Some(crate::bundle::manifest::sha256_hex(&data))
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
        jobs: crate::parallel::jobs(args.jobs),
    };
    let opened = archive::open(&path, &options.limits)?;
    let name = crate::check::shown(&path, cwd);
    let report = v::validate_opened(&name, opened, &options);
    super::check::emit(printer, &report, args.output.as_deref(), cwd, false)?;
    Ok(if report.has_errors() {
        ExitStatus::Findings
    } else {
        printer.success(&msg!("validate-ok", path = name));
        ExitStatus::Success
    })
}
