//! `dramaloc tm stats`, `tm export FILE`, `tm import FILE`: the series' translation memory.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use super::args::{TmCommand, TmExportArgs, TmImportArgs};
use super::printer::{pad, width};
use super::{Printer, parse_language, shown};
use crate::error::{Error, IoAction};
use crate::exit::ExitStatus;
use crate::fsutil::write_atomic;
use crate::i18n::tr;
use crate::memory::{self, ImportReport, Memory, Overwrite, SkipReason, Stats, tmx};
use crate::msg;
use crate::workspace::Workspace;

pub fn run(printer: &Printer, cwd: &Path, command: TmCommand) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    match command {
        TmCommand::Stats(_) => stats(printer, cwd, &ws),
        TmCommand::Export(a) => export(printer, cwd, &ws, a),
        TmCommand::Import(a) => import(printer, cwd, &ws, a),
    }
}

/// Rows as columns padded to their widest cell (CJK counts two), two spaces apart.
pub(super) fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&pad(cell, widths[i] + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn stats(printer: &Printer, cwd: &Path, ws: &Workspace) -> Result<ExitStatus, Error> {
    let memory = Memory::open(ws.root())?;
    let stats: Stats = memory.stats()?;
    let database = shown(memory.path(), cwd);
    if printer.json() {
        let pairs: Vec<_> = stats
            .pairs
            .iter()
            .map(|p| {
                json!({
                    "source": p.source.as_str(),
                    "target": p.target.as_str(),
                    "entries": p.entries,
                })
            })
            .collect();
        let backends: Vec<_> = stats
            .backends
            .iter()
            .map(|b| {
                json!({
                    "backend": b.backend,
                    "model": b.model,
                    "unit": b.unit.as_str(),
                    "entries": b.entries,
                    "billed": b.billed,
                })
            })
            .collect();
        printer.data(
            &json!({
                "database": database,
                "schema_version": memory::SCHEMA_VERSION,
                "entries": stats.entries,
                "pairs": pairs,
                "backends": backends,
            })
            .to_string(),
        );
        return Ok(ExitStatus::Success);
    }
    if stats.entries == 0 {
        printer.info(&msg!("tm-stats-empty", path = database));
        printer.hint(&msg!("hint-tm-empty"));
        return Ok(ExitStatus::Success);
    }
    let mut rows = vec![vec![tr(&msg!("tm-col-pair")), tr(&msg!("tm-col-entries"))]];
    for p in &stats.pairs {
        rows.push(vec![
            format!("{} → {}", p.source, p.target),
            p.entries.to_string(),
        ]);
    }
    let mut out = table(&rows);
    out.push('\n');
    let mut rows = vec![vec![
        tr(&msg!("tm-col-backend")),
        tr(&msg!("tm-col-model")),
        tr(&msg!("tm-col-entries")),
        tr(&msg!("tm-col-billed")),
    ]];
    for b in &stats.backends {
        rows.push(vec![
            b.backend.clone(),
            if b.model.is_empty() {
                "-".to_owned()
            } else {
                b.model.clone()
            },
            b.entries.to_string(),
            tr(&msg!("tm-billed", units = b.billed, unit = b.unit.as_str())),
        ]);
    }
    out.push_str(&table(&rows));
    printer.data(&out);
    printer.info(&msg!(
        "tm-stats-summary",
        entries = stats.entries,
        pairs = stats.pairs.len(),
        path = database
    ));
    Ok(ExitStatus::Success)
}

fn export(
    printer: &Printer,
    cwd: &Path,
    ws: &Workspace,
    args: TmExportArgs,
) -> Result<ExitStatus, Error> {
    let from = args
        .from
        .as_deref()
        .map(|t| parse_language(printer, t))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| parse_language(printer, t))
        .transpose()?;
    let to_stdout = args.file.as_os_str() == "-";
    let path = cwd.join(&args.file);
    if !to_stdout && path.exists() && !args.force {
        return Err(Error::WouldOverwrite { path });
    }
    let memory = Memory::open(ws.root())?;
    let entries = memory.entries(from.as_ref(), to.as_ref())?;
    let xml = tmx::export(&entries);
    if entries.is_empty() {
        printer.warning(&msg!("tm-export-nothing"));
    }
    if to_stdout {
        printer.data(&xml);
    } else {
        write_atomic(&path, xml.as_bytes())?;
    }
    let shown_path = if to_stdout {
        "-".to_owned()
    } else {
        args.file.display().to_string()
    };
    printer.success(&msg!(
        "tm-export-done",
        entries = entries.len(),
        path = shown_path
    ));
    Ok(ExitStatus::Success)
}

fn import(
    printer: &Printer,
    cwd: &Path,
    ws: &Workspace,
    args: TmImportArgs,
) -> Result<ExitStatus, Error> {
    let path = cwd.join(&args.file);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, IoAction::Read, e))?;
    let parsed = tmx::parse(&bytes).map_err(|source| Error::Tmx {
        path: args.file.clone(),
        source,
    })?;
    let memory = Memory::open(ws.root())?;
    let overwrite = if args.overwrite {
        Overwrite::Yes
    } else {
        Overwrite::No
    };
    let report = tmx::import(&memory, &parsed, overwrite)?;
    let file = args.file.display().to_string();
    if printer.json() {
        printer.data(&import_json(&report, &file).to_string());
    }
    print_import(printer, &report, &file, overwrite);
    Ok(ExitStatus::Success)
}

fn skip_json(reason: &SkipReason) -> serde_json::Value {
    let mut v = json!({ "reason": reason.id() });
    match reason {
        SkipReason::NoSourceTuv { lang }
        | SkipReason::NoSegment { lang }
        | SkipReason::EmptySegment { lang } => v["lang"] = json!(lang),
        SkipReason::InvalidLanguage { tag } => v["lang"] = json!(tag),
        SkipReason::NoSourceLanguage | SkipReason::NoTarget | SkipReason::NoLanguage => {}
    }
    v
}

fn import_json(report: &ImportReport, file: &str) -> serde_json::Value {
    let skipped: Vec<_> = report
        .skipped
        .iter()
        .map(|s| {
            let mut v = skip_json(&s.reason);
            v["line"] = json!(s.line);
            v
        })
        .collect();
    json!({
        "file": file,
        "units": report.units,
        "added": report.added,
        "kept": report.kept,
        "replaced": report.replaced,
        "inline_tags": report.inline_tags,
        "skipped": skipped,
    })
}

/// How many line numbers a grouped skip reason shows before `…`.
const LINES_SHOWN: usize = 5;

fn print_import(printer: &Printer, report: &ImportReport, file: &str, overwrite: Overwrite) {
    let mut by_reason: BTreeMap<&SkipReason, Vec<usize>> = BTreeMap::new();
    for s in &report.skipped {
        by_reason.entry(&s.reason).or_default().push(s.line);
    }
    for (reason, lines) in &by_reason {
        let mut shown: Vec<String> = lines
            .iter()
            .take(if printer.verbose {
                usize::MAX
            } else {
                LINES_SHOWN
            })
            .map(ToString::to_string)
            .collect();
        if shown.len() < lines.len() {
            shown.push("…".to_owned());
        }
        printer.warning(&msg!(
            "tm-import-skipped",
            path = file,
            count = lines.len(),
            reason = tr(&reason.message()),
            lines = shown.join(", ")
        ));
    }
    if report.inline_tags > 0 {
        printer.info(&msg!("tm-import-inline-tags", count = report.inline_tags));
    }
    printer.success(&msg!(
        "tm-import-done",
        path = file,
        units = report.units,
        added = report.added,
        kept = report.kept,
        replaced = report.replaced,
        skipped = report.skipped.len()
    ));
    if report.kept > 0 && overwrite == Overwrite::No {
        printer.hint(&msg!("hint-tm-import-overwrite"));
    }
}
