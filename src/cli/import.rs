//! `dramaloc import PATH...`.

use std::path::Path;

use serde_json::json;

use super::args::ImportArgs;
use super::{Printer, parse_episode, parse_language, shown};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::formats::encoding::Confidence;
use crate::i18n::tr;
use crate::msg;
use crate::workspace::Workspace;
use crate::workspace::import::{ImportItem, ImportOptions, ImportReport, Outcome, import};

fn confidence_name(c: Confidence) -> &'static str {
    match c {
        Confidence::Bom => "bom",
        Confidence::Certain => "certain",
        Confidence::Heuristic => "heuristic",
        Confidence::Guess => "guess",
        Confidence::Given => "given",
    }
}

fn outcome_name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Imported => "imported",
        Outcome::Replaced => "replaced",
        Outcome::Unchanged => "unchanged",
        Outcome::WouldImport => "would-import",
        Outcome::WouldReplace => "would-replace",
        Outcome::Refused => "refused",
    }
}

pub fn run(printer: &Printer, cwd: &Path, args: ImportArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let options = ImportOptions {
        episode: args.episode.as_deref().map(parse_episode).transpose()?,
        language: args
            .lang
            .as_deref()
            .map(|l| parse_language(printer, l))
            .transpose()?,
        force: args.force,
        dry_run: args.dry_run,
    };
    let inputs: Vec<_> = args
        .paths
        .iter()
        .map(|p| {
            if p.is_absolute() {
                p.clone()
            } else {
                cwd.join(p)
            }
        })
        .collect();
    let report = import(&ws, &inputs, &options)?;
    if printer.json() {
        printer.data(&to_json(&report, cwd, ws.root(), options.dry_run).to_string());
    } else {
        for item in &report.items {
            print_item(printer, item, cwd, ws.root());
        }
    }
    let summary = msg!(
        "import-summary",
        imported = report.count(&Outcome::Imported) + report.count(&Outcome::Replaced),
        unchanged = report.count(&Outcome::Unchanged),
        refused = report.refused(),
        planned = report.count(&Outcome::WouldImport) + report.count(&Outcome::WouldReplace),
        dry_run = if options.dry_run { "yes" } else { "no" }
    );
    if report.items.is_empty() {
        printer.warning(&msg!("import-nothing-found"));
    } else {
        printer.info(&summary);
    }
    Ok(if report.refused() > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn print_item(printer: &Printer, item: &ImportItem, cwd: &Path, root: &Path) {
    let input = shown(&item.input, cwd);
    let mut out = match &item.target {
        Some(t) => tr(&msg!(
            "import-line",
            input = input,
            target = shown(t, root),
            outcome = outcome_name(&item.outcome)
        )),
        None => tr(&msg!(
            "import-line-untargeted",
            input = input,
            outcome = outcome_name(&item.outcome)
        )),
    };
    let episode = item
        .episode
        .map_or_else(|| "?".to_owned(), |(e, _)| e.to_string());
    let episode_source = item.episode.map_or("none", |(_, s)| s.name());
    let language = item
        .language
        .as_ref()
        .map_or_else(|| "?".to_owned(), |(l, _)| l.to_string());
    let language_source = item.language.as_ref().map_or("none", |(_, s)| s.name());
    if let (Some(format), Some(enc)) = (item.format, &item.encoding) {
        out.push_str("\n    ");
        out.push_str(&tr(&msg!(
            "import-detail",
            episode = episode,
            episode_source = episode_source,
            language = language,
            language_source = language_source,
            format = format.name(),
            encoding = enc.encoding.name(),
            confidence = confidence_name(enc.confidence),
            cues = item.cues
        )));
    }
    // Why a file was refused is part of the report, so it goes to stdout with it.
    if let Some(r) = &item.refusal {
        out.push_str(&format!(
            "\n    {} {}",
            tr(&msg!("label-error")),
            tr(&r.message())
        ));
        if let Some(c) = r.cause() {
            out.push_str(&format!(
                "\n      {} {}",
                tr(&msg!("label-caused-by")),
                tr(&c)
            ));
        }
        if let Some(h) = r.hint() {
            out.push_str(&format!("\n      {} {}", tr(&msg!("label-hint")), tr(&h)));
        }
    }
    if printer.verbose {
        for w in &item.warnings {
            out.push_str(&format!("\n    {} {}", tr(&msg!("label-warning")), tr(w)));
        }
    }
    printer.data(&out);
}

fn to_json(report: &ImportReport, cwd: &Path, root: &Path, dry_run: bool) -> serde_json::Value {
    let files: Vec<_> = report
        .items
        .iter()
        .map(|i| {
            json!({
                "input": shown(&i.input, cwd),
                "target": i.target.as_deref().map(|t| shown(t, root)),
                "outcome": outcome_name(&i.outcome),
                "episode": i.episode.map(|(e, _)| e.get()),
                "episode_source": i.episode.map(|(_, s)| s.name()),
                "language": i.language.as_ref().map(|(l, _)| l.to_string()),
                "language_source": i.language.as_ref().map(|(_, s)| s.name()),
                "format": i.format.map(|f| f.name()),
                "encoding": i.encoding.as_ref().map(|e| e.encoding.name()),
                "encoding_confidence": i.encoding.as_ref().map(|e| confidence_name(e.confidence)),
                "bom": i.encoding.as_ref().is_some_and(|e| e.bom.is_some()),
                "cues": i.cues,
                "warnings": i.warnings.iter().map(|w| w.id).collect::<Vec<_>>(),
                "refusal": i.refusal.as_ref().map(|r| json!({
                    "id": r.id(),
                    "message": tr(&r.message()),
                    "cause": r.cause().map(|c| tr(&c)),
                })),
            })
        })
        .collect();
    json!({
        "dry_run": dry_run,
        "files": files,
        "summary": {
            "imported": report.count(&Outcome::Imported),
            "replaced": report.count(&Outcome::Replaced),
            "unchanged": report.count(&Outcome::Unchanged),
            "would_import": report.count(&Outcome::WouldImport),
            "would_replace": report.count(&Outcome::WouldReplace),
            "refused": report.refused(),
        }
    })
}
