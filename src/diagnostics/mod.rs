//! Findings as data — rule id, severity, message id and arguments, location — and the report a
//! check produces. Renderers (`json`, `junit`, `html`) turn a [`Report`] into text; they take a
//! function that renders a [`Message`] so that they never depend on the UI language.
//!
//! Owns the shape of the report, not the rules that fill it (`crate::timing::rules`) nor the
//! terminal output (`crate::cli`).

mod escape;
mod finding;
pub mod html;
pub mod json;
pub mod junit;
mod report;

pub use finding::{Finding, Severity};
pub use report::{Edit, EditKind, Report, Summary, TrackReport};

use crate::message::Message;
use crate::model::EpisodeNumber;
use crate::msg;

/// Renders a message in the UI language.
pub type Render<'a> = &'a dyn Fn(&Message) -> String;

/// The tracks of a report grouped by episode, in the order episodes first appear (`None`:
/// loose files, or files of no episode).
pub(crate) fn by_episode(report: &Report) -> Vec<(Option<EpisodeNumber>, Vec<&TrackReport>)> {
    let mut groups: Vec<(Option<EpisodeNumber>, Vec<&TrackReport>)> = Vec::new();
    for t in &report.tracks {
        // Tracks of one episode are adjacent in reports from `check`; search only as a fallback.
        match groups.last_mut() {
            Some((e, ts)) if *e == t.episode => ts.push(t),
            _ => match groups.iter_mut().find(|(e, _)| *e == t.episode) {
                Some((_, ts)) => ts.push(t),
                None => groups.push((t.episode, vec![t])),
            },
        }
    }
    groups
}

/// The word for a severity (`error`, `warning`, `info`).
pub(crate) fn severity_message(s: Severity) -> Message {
    match s {
        Severity::Error => msg!("severity-error"),
        Severity::Warning => msg!("severity-warning"),
        Severity::Info => msg!("severity-info"),
    }
}

/// A small report for the renderers' unit tests: episode 1 with a warning and an info finding,
/// episode 2 with two errors in one track and a clean track.
#[cfg(test)]
pub(crate) fn test_report() -> Report {
    use crate::model::{FrameRate, Millis, TimeSpan};
    let span = |a: i64, b: i64| TimeSpan::new(Millis::new(a), Millis::new(b)).unwrap();
    let ep = |n: u32| EpisodeNumber::new(n);
    let track = |path: &str, e: u32, lang: &str| {
        let mut t = TrackReport::new(path.to_owned(), FrameRate::FPS_30);
        t.episode = ep(e);
        t.language = Some(lang.to_owned());
        t.format = Some("srt");
        t.duration = Some(Millis::new(10_000));
        t.cues = vec![span(0, 1900), span(2000, 4000), span(4100, 6000)];
        t.cuts = vec![Millis::new(2000), Millis::new(5000)];
        t
    };
    let mut a = track("episodes/001/en-US.srt", 1, "en-US");
    let mut w =
        Finding::new("gap-too-small", Message::new("x-gap").arg("gap", 100)).cue(0, span(0, 1900));
    w.severity = Severity::Warning;
    let mut i = Finding::new("cue-crosses-shot-change", Message::new("x-cross"))
        .cue(1, span(2000, 4000))
        .at(Millis::new(2000));
    i.severity = Severity::Info;
    a.findings = vec![w, i];
    let mut b = track("episodes/002/en-US.srt", 2, "en-US");
    b.findings = vec![
        Finding::new("cue-starts-near-shot-change", Message::new("x-start"))
            .cue(0, span(0, 1900))
            .hint(Message::new("x-hint"))
            .at(Millis::new(0)),
        Finding::new("cues-overlap", Message::new("x-overlap")).cue(1, span(2000, 4000)),
    ];
    let c = track("episodes/002/zh-Hans.srt", 2, "zh-Hans");
    Report {
        series: Some("demo".to_owned()),
        preset: "vertical".to_owned(),
        market: None,
        tracks: vec![a, b, c],
    }
}
