//! CMX3600 edit decision lists: the record times of video events are the shot changes (the
//! edit points of all events when a list has no video, e.g. a sound EDL).

use super::CutList;
use super::read::{CutError, CutErrorKind, err, timecode};
use crate::model::{FrameRate, Millis};

/// One edit line: `001  REEL  V  C  [dur]  src-in src-out rec-in rec-out`.
struct Edit<'a> {
    line: usize,
    event: &'a str,
    video: bool,
    dissolve: bool,
    rec_in: &'a str,
    rec_out: &'a str,
}

fn is_timecode(s: &str) -> bool {
    let parts: Vec<&str> = s.split([':', ';']).collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a line is an EDL event: an event number, then fields ending in four timecodes.
pub fn is_event_line(line: &str) -> bool {
    edit(0, line).is_some()
}

fn edit(line: usize, text: &str) -> Option<Edit<'_>> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let event = *tokens.first()?;
    if event.len() < 3 || !event.bytes().all(|b| b.is_ascii_digit()) || tokens.len() < 8 {
        return None;
    }
    let times = &tokens[tokens.len() - 4..];
    if !times.iter().all(|t| is_timecode(t)) {
        return None;
    }
    // Between the reel and the timecodes: channels, transition, and a duration for
    // transitions other than a cut. Layouts vary (ISSUE_19 has wide reel names), so look at
    // the fields rather than fixed columns.
    let middle = &tokens[2..tokens.len() - 4];
    let video = middle
        .first()
        .is_some_and(|c| c.starts_with('V') || *c == "B" || c.contains('V'));
    let dissolve = middle
        .iter()
        .skip(1)
        .any(|t| *t == "D" || t.starts_with('W') || *t == "K");
    Some(Edit {
        line,
        event,
        video,
        dissolve,
        rec_in: times[2],
        rec_out: times[3],
    })
}

pub fn parse(text: &str, fps: Option<FrameRate>) -> Result<CutList, CutError> {
    let mut edits = Vec::new();
    let mut others = Vec::new();
    let mut previous_event: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let Some(e) = edit(i + 1, line.trim()) else {
            continue;
        };
        if e.dissolve && previous_event != Some(e.event) {
            return Err(err(
                e.line,
                CutErrorKind::TransitionMismatch {
                    found: e.event.to_owned(),
                },
            ));
        }
        previous_event = Some(e.event);
        if e.video {
            edits.push(e);
        } else {
            others.push(e);
        }
    }
    if edits.is_empty() {
        // A list without video events (a sound EDL): its edit points are all it has.
        edits = others;
    }
    let Some(first) = edits.first() else {
        return Err(err(1, CutErrorKind::Empty));
    };
    let fps = fps.ok_or_else(|| err(first.line, CutErrorKind::NeedsFrameRate))?;
    let at = |line: usize, tc: &str| -> Result<Millis, CutError> {
        timecode(tc, Some(fps))
            .map_err(|k| err(line, k))?
            .ok_or_else(|| {
                err(
                    line,
                    CutErrorKind::BadTime {
                        found: tc.to_owned(),
                    },
                )
            })
    };
    let mut spans = Vec::with_capacity(edits.len());
    for e in &edits {
        spans.push((at(e.line, e.rec_in)?, at(e.line, e.rec_out)?));
    }
    let origin = spans.iter().map(|s| s.0).min().unwrap_or(Millis::ZERO);
    let mut cuts = Vec::new();
    for (i, (rec_in, rec_out)) in spans.iter().enumerate() {
        cuts.push(rec_in.saturating_sub(origin));
        // The end of a clip followed by a gap is a change to black; the end of the last clip
        // is the end of the programme, not a cut.
        if i + 1 < spans.len() && !spans.iter().any(|s| s.0 == *rec_out) {
            cuts.push(rec_out.saturating_sub(origin));
        }
    }
    Ok(CutList::new(Some(fps), cuts))
}
