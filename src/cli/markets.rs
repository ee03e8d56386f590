//! `dramaloc markets` and `markets show ID`.

use std::path::Path;

use serde_json::json;

use super::Printer;
use super::args::{MarketsArgs, MarketsCommand};
use super::printer::{pad, width};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::i18n::tr;
use crate::markets::{self, Market, Origin};
use crate::model::FrameRate;
use crate::msg;
use crate::timing::TimingSpec;
use crate::workspace::Workspace;

pub fn run(printer: &Printer, cwd: &Path, args: MarketsArgs) -> Result<ExitStatus, Error> {
    // Inside a series its own specs count; elsewhere only the built-ins.
    let ws = Workspace::discover(cwd).ok();
    let root = ws.as_ref().map_or(cwd, |w| w.root());
    match args.command {
        None => list(printer, root),
        Some(MarketsCommand::Show(a)) => show(printer, root, ws.as_ref(), &a.id),
    }
}

fn origin(m: &Market, root: &Path) -> String {
    let rel = |p: &Path| crate::check::shown(p, root);
    match &m.origin {
        Origin::Builtin => tr(&msg!("markets-origin-builtin")),
        Origin::User(p) => tr(&msg!("markets-origin-user", path = rel(p))),
        Origin::Override(p) => tr(&msg!("markets-origin-override", path = rel(p))),
    }
}

fn languages(m: &Market) -> String {
    let mut s: Vec<String> = m.languages.iter().map(ToString::to_string).collect();
    s.extend(m.optional_languages.iter().map(|l| format!("({l})")));
    if s.is_empty() {
        tr(&msg!("markets-all-languages"))
    } else {
        s.join(" ")
    }
}

fn list(printer: &Printer, root: &Path) -> Result<ExitStatus, Error> {
    let all = markets::all(root)?;
    if printer.json() {
        let v: Vec<_> = all
            .iter()
            .map(|m| {
                json!({
                    "id": m.id(),
                    "name": m.spec.name,
                    "languages": m.spec.languages,
                    "optional_languages": m.spec.optional_languages,
                    "format": m.spec.format.name(),
                    "encoding": m.encoding.name(),
                    "bom": m.spec.bom,
                    "packaging": m.spec.packaging.name(),
                    "origin": match &m.origin {
                        Origin::Builtin => "builtin",
                        Origin::User(_) => "user",
                        Origin::Override(_) => "override",
                    },
                })
            })
            .collect();
        printer.data(&serde_json::Value::Array(v).to_string());
        return Ok(ExitStatus::Success);
    }
    let header = [
        tr(&msg!("markets-col-id")),
        tr(&msg!("markets-col-name")),
        tr(&msg!("markets-col-languages")),
        tr(&msg!("markets-col-format")),
        tr(&msg!("markets-col-packaging")),
        tr(&msg!("markets-col-origin")),
    ];
    let rows: Vec<[String; 6]> = all
        .iter()
        .map(|m| {
            let mut format = format!("{} {}", m.spec.format.name(), m.encoding.name());
            if m.spec.bom {
                format.push_str("+BOM");
            }
            [
                m.id().to_owned(),
                m.spec.name.clone(),
                languages(m),
                format,
                m.spec.packaging.name().to_owned(),
                origin(m, root),
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| width(&h));
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String; 6]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&pad(c, w + 2));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(&header);
    for r in &rows {
        out.push_str(&line(r));
    }
    printer.data(&out);
    printer.hint(&msg!("hint-markets-show"));
    Ok(ExitStatus::Success)
}

fn show(
    printer: &Printer,
    root: &Path,
    ws: Option<&Workspace>,
    id: &str,
) -> Result<ExitStatus, Error> {
    let m = markets::find(root, id)?;
    let rate = ws.map_or(FrameRate::FPS_30, |w| w.series.frame_rate);
    // Inside a series, the limits its own [timing] gives on top of the market's.
    let spec = match ws {
        Some(w) => {
            crate::check::Settings::for_series(&w.file, &w.series_file(), None, Some(&m))?.spec
        }
        None => TimingSpec::new(Default::default()).with(m.timing()),
    };
    let limits: Vec<_> = m
        .all_languages()
        .map(|l| (l.clone(), spec.limits(Some(l), rate)))
        .collect();
    if printer.json() {
        let lim: serde_json::Map<String, serde_json::Value> = limits
            .iter()
            .map(|(l, x)| {
                (
                    l.to_string(),
                    json!({
                        "cpl": x.cpl,
                        "max_lines": x.max_lines,
                        "cps": x.cps,
                        "min_duration_ms": x.min_duration.get(),
                        "max_duration_ms": x.max_duration.get(),
                        "min_gap_frames": x.min_gap,
                    }),
                )
            })
            .collect();
        printer.data(
            &json!({
                "spec": m.spec,
                "origin": origin(&m, root),
                "frame_rate": rate.to_string(),
                "preset": spec.preset.name(),
                "limits": lim,
            })
            .to_string(),
        );
        return Ok(ExitStatus::Success);
    }
    let mut out = format!("# {} — {} ({})\n", m.id(), m.spec.name, origin(&m, root));
    out.push_str(&toml::to_string(&m.spec).unwrap_or_default());
    out.push('\n');
    out.push_str(&format!(
        "# {}\n",
        tr(&msg!(
            "markets-limits-heading",
            preset = spec.preset.name(),
            fps = rate.to_string()
        ))
    ));
    for (l, x) in &limits {
        out.push_str(&format!(
            "# {}\n",
            tr(&msg!(
                "markets-limits-line",
                lang = l.to_string(),
                cpl = x.cpl,
                lines = x.max_lines,
                cps = x.cps,
                min = x.min_duration.get(),
                max = x.max_duration.get()
            ))
        ));
    }
    printer.data(&out);
    Ok(ExitStatus::Success)
}
