//! `dramaloc status`.

use std::path::Path;

use serde_json::json;

use super::Printer;
use super::printer::{pad, width};
use crate::check::{self, Selection, Settings};
use crate::diagnostics::Severity;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::i18n::tr;
use crate::model::{EpisodeNumber, Language};
use crate::msg;
use crate::workspace::Workspace;
use crate::workspace::status::{StatusReport, TrackState, status};
use std::collections::BTreeMap;

pub fn run(printer: &Printer, cwd: &Path) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let report = status(&ws)?;
    let qc = qc_state(&ws)?;
    if printer.json() {
        printer.data(&to_json(&report, ws.root(), &qc).to_string());
    } else {
        printer.data(&render(&report, &qc));
        for e in &report.episodes {
            for (lang, t) in &e.tracks {
                if let TrackState::Unreadable { path, error, .. } = t {
                    let err = Error::read(path, error.clone());
                    printer.warning(&msg!(
                        "status-unreadable",
                        episode = e.number.get(),
                        lang = lang.to_string()
                    ));
                    printer.error(&err);
                }
            }
        }
    }
    printer.info(&msg!(
        "status-summary",
        episodes = report.episodes.len(),
        languages = report.languages.len(),
        missing = report.missing_count(),
        unreadable = report.unreadable_count()
    ));
    Ok(if report.unreadable_count() > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Errors and warnings of every track, by episode and language tag (the series' own
/// settings, no market).
type Qc = BTreeMap<(EpisodeNumber, String), (usize, usize)>;

fn qc_state(ws: &Workspace) -> Result<Qc, Error> {
    let settings = Settings::for_series(&ws.file, &ws.series_file(), None, None)?;
    let report = check::check_series(
        ws,
        &settings,
        &Selection::default(),
        crate::parallel::jobs(None),
        None,
    )?;
    let mut qc = Qc::new();
    for t in &report.tracks {
        let (Some(ep), Some(lang)) = (t.episode, &t.language) else {
            continue;
        };
        let entry = qc.entry((ep, lang.clone())).or_default();
        for f in t.active() {
            match f.severity {
                Severity::Error => entry.0 += 1,
                Severity::Warning => entry.1 += 1,
                Severity::Info => {}
            }
        }
    }
    Ok(qc)
}

/// A cell's QC mark: `✗n` errors, `⚠n` warnings, nothing when clean.
fn qc_mark(qc: &Qc, ep: EpisodeNumber, lang: &Language) -> String {
    match qc.get(&(ep, lang.to_string())) {
        Some((0, 0)) | None => String::new(),
        Some((0, w)) => format!(" ⚠{w}"),
        Some((e, _)) => format!(" ✗{e}"),
    }
}

/// The matrix as text: one row per episode, one column per language, then cuts.
fn render(r: &StatusReport, qc: &Qc) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec![tr(&msg!("status-column-episode"))];
    header.extend(r.languages.iter().map(ToString::to_string));
    header.push(tr(&msg!("status-column-cuts")));
    rows.push(header);
    for e in &r.episodes {
        let mut row = vec![e.number.dir_name()];
        for lang in &r.languages {
            row.push(match e.tracks.get(lang) {
                Some(TrackState::Ok { cues, .. }) => {
                    format!("{cues}{}", qc_mark(qc, e.number, lang))
                }
                Some(TrackState::Unreadable { .. }) => "!".to_owned(),
                None => "—".to_owned(),
            });
        }
        row.push(e.cuts.map_or_else(|| "—".to_owned(), |n| n.to_string()));
        rows.push(row);
    }
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    let mut out = tr(&msg!(
        "status-title",
        title = r.title.clone(),
        id = r.id.clone(),
        source = r.source_language.to_string()
    ));
    out.push('\n');
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| pad(cell, *w))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let missing: Vec<String> = r
        .episodes
        .iter()
        .flat_map(|e| {
            e.missing
                .iter()
                .map(move |l| format!("{} {l}", e.number.dir_name()))
        })
        .collect();
    let (errors, warnings) = qc.values().fold((0, 0), |(a, b), (e, w)| (a + e, b + w));
    if errors + warnings > 0 {
        out.push_str(&tr(&msg!(
            "status-qc",
            errors = errors,
            warnings = warnings
        )));
        out.push('\n');
    }
    if !missing.is_empty() {
        out.push_str(&tr(&msg!(
            "status-missing",
            count = missing.len(),
            tracks = missing.join(", ")
        )));
        out.push('\n');
    }
    out
}

fn to_json(r: &StatusReport, root: &Path, qc: &Qc) -> serde_json::Value {
    let episodes: Vec<_> = r
        .episodes
        .iter()
        .map(|e| {
            let tracks: serde_json::Map<String, serde_json::Value> = e
                .tracks
                .iter()
                .map(|(lang, t)| {
                    let (errors, warnings) = qc
                        .get(&(e.number, lang.to_string()))
                        .copied()
                        .unwrap_or((0, 0));
                    let v = match t {
                        TrackState::Ok { format, cues, path } => json!({
                            "format": format.name(),
                            "cues": cues,
                            "path": super::shown(path, root),
                            "errors": errors,
                            "warnings": warnings,
                        }),
                        TrackState::Unreadable {
                            format,
                            path,
                            error,
                        } => json!({
                            "format": format.name(),
                            "path": super::shown(path, root),
                            "error": tr(&error.message()),
                        }),
                    };
                    (lang.to_string(), v)
                })
                .collect();
            json!({
                "episode": e.number.get(),
                "tracks": tracks,
                "missing": e.missing.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "cuts": e.cuts,
            })
        })
        .collect();
    json!({
        "series": { "id": r.id, "title": r.title, "source_language": r.source_language.to_string() },
        "languages": r.languages.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "episodes": episodes,
        "missing": r.missing_count(),
        "unreadable": r.unreadable_count(),
    })
}
