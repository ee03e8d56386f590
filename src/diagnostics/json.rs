//! The JSON report of `check` (schema `dramaloc-check/1`, documented in
//! `docs/check-report.md`). Field names are stable; new fields may be added.

use serde_json::{Map, Value, json};

use super::{Edit, Finding, Render, Report, TrackReport};
use crate::message::Arg;
use crate::model::TimeSpan;

/// The schema id written in every report.
pub const SCHEMA: &str = "dramaloc-check/1";

fn span(s: TimeSpan) -> Value {
    json!({ "start_ms": s.start().get(), "end_ms": s.end().get() })
}

fn finding(f: &Finding, render: Render<'_>) -> Value {
    let args: Map<String, Value> = f
        .message
        .args
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Arg::Str(s) => Value::from(s.clone()),
                Arg::Int(n) => Value::from(*n),
                Arg::Float(x) => Value::from(*x),
            };
            ((*k).to_owned(), v)
        })
        .collect();
    json!({
        "rule": f.rule,
        "severity": f.severity.name(),
        "message_id": f.message.id,
        "args": args,
        "message": render(&f.message),
        "hint": f.hint.as_ref().map(render),
        "cue": f.cue,
        "start_ms": f.span.map(|s| s.start().get()),
        "end_ms": f.span.map(|s| s.end().get()),
        "at_ms": f.at.map(|t| t.get()),
        "line": f.line,
        "fixable": f.fixable,
        "suppressed": f.suppressed,
    })
}

fn edit(e: &Edit) -> Value {
    json!({
        "cue": e.cue,
        "rule": e.rule,
        "kind": e.kind,
        "before": span(e.before),
        "after": span(e.after),
        "text_before": e.text_before,
        "text_after": e.text_after,
    })
}

fn track(t: &TrackReport, render: Render<'_>) -> Value {
    json!({
        "path": t.path,
        "episode": t.episode.map(|e| e.get()),
        "language": t.language,
        "format": t.format,
        "frame_rate": t.frame_rate.to_string(),
        "duration_ms": t.duration.map(|d| d.get()),
        "cues": t.cues.len(),
        "cuts": t.cuts.len(),
        "findings": t.findings.iter().map(|f| finding(f, render)).collect::<Vec<_>>(),
        "edits": t.edits.iter().map(edit).collect::<Vec<_>>(),
    })
}

/// The whole report as a JSON value.
pub fn to_json(report: &Report, render: Render<'_>) -> Value {
    json!({
        "schema": SCHEMA,
        "tool_version": env!("CARGO_PKG_VERSION"),
        "series": report.series,
        "preset": report.preset,
        "market": report.market,
        "summary": report.summary(),
        "files": report.tracks.iter().map(|t| track(t, render)).collect::<Vec<_>>(),
    })
}
