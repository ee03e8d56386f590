//! Reading cut lists: detection by content, then one small reader per source.

use super::CutList;
use super::edl;
use crate::message::Message;
use crate::model::{FrameRate, Millis};
use crate::msg;

/// Where a cut list came from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CutSource {
    Dramaloc,
    AegisubKeyframes,
    X264Stats,
    SceneDetectCsv,
    Edl,
    Plain,
}

impl CutSource {
    pub fn name(self) -> &'static str {
        match self {
            CutSource::Dramaloc => "dramaloc",
            CutSource::AegisubKeyframes => "aegisub-keyframes",
            CutSource::X264Stats => "x264-stats",
            CutSource::SceneDetectCsv => "pyscenedetect-csv",
            CutSource::Edl => "cmx3600-edl",
            CutSource::Plain => "plain",
        }
    }
}

/// The unit of whole numbers in a plain list.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PlainUnit {
    Seconds,
    Millis,
    Frames,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct CutError {
    pub line: usize,
    pub kind: CutErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CutErrorKind {
    #[error("the file holds no cut points")]
    Empty,
    #[error("`{found}` is not a time")]
    BadTime { found: String },
    #[error("`{found}` is not a frame rate")]
    BadFrameRate { found: String },
    #[error("frame numbers and timecodes need a frame rate")]
    NeedsFrameRate,
    #[error("whole numbers need a unit (seconds, milliseconds or frames)")]
    NeedsUnit,
    #[error("a dissolve's event number `{found}` does not match the event before it")]
    TransitionMismatch { found: String },
}

impl CutErrorKind {
    pub fn message(&self) -> Message {
        match self {
            CutErrorKind::Empty => msg!("cuts-error-empty"),
            CutErrorKind::BadTime { found } => msg!("cuts-error-bad-time", found = found),
            CutErrorKind::BadFrameRate { found } => {
                msg!("cuts-error-bad-frame-rate", found = found)
            }
            CutErrorKind::NeedsFrameRate => msg!("cuts-error-needs-frame-rate"),
            CutErrorKind::NeedsUnit => msg!("cuts-error-needs-unit"),
            CutErrorKind::TransitionMismatch { found } => {
                msg!("cuts-error-transition-mismatch", found = found)
            }
        }
    }
}

pub(super) fn err(line: usize, kind: CutErrorKind) -> CutError {
    CutError { line, kind }
}

fn bad_time(line: usize, found: &str) -> CutError {
    err(
        line,
        CutErrorKind::BadTime {
            found: found.trim().chars().take(40).collect(),
        },
    )
}

/// Content lines with their 1-based numbers, BOM removed.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()))
}

/// Seconds with up to three fractional digits (`12.5`, `0.033`) as milliseconds.
pub(super) fn seconds(s: &str) -> Option<Millis> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || int.len() > 9 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Round to the millisecond; more digits are common in tool output (6.706000).
    let mut ms: u64 = 0;
    let digits: Vec<u64> = frac.bytes().take(4).map(|b| u64::from(b - b'0')).collect();
    for i in 0..3 {
        ms = ms * 10 + digits.get(i).copied().unwrap_or(0);
    }
    if digits.get(3).is_some_and(|d| *d >= 5) {
        ms += 1;
    }
    Millis::from_hmsm(0, 0, int.parse().ok()?, ms)
}

/// `HH:MM:SS.mmm` or `HH:MM:SS:FF` (frames need `fps`).
pub(super) fn timecode(s: &str, fps: Option<FrameRate>) -> Result<Option<Millis>, CutErrorKind> {
    let parts: Vec<&str> = s.split([':', ';']).collect();
    let num = |p: &str| -> Option<u64> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [h, m, sec] => {
            let (Some(h), Some(m)) = (num(h), num(m)) else {
                return Ok(None);
            };
            let Some(s) = seconds(sec) else {
                return Ok(None);
            };
            if m > 59 || s.get() >= 60_000 {
                return Ok(None);
            }
            Ok(Millis::from_hmsm(h, m, 0, 0).and_then(|t| t.checked_add(s)))
        }
        [h, m, sec, f] => {
            let (Some(h), Some(m), Some(sec), Some(f)) = (num(h), num(m), num(sec), num(f)) else {
                return Ok(None);
            };
            let fps = fps.ok_or(CutErrorKind::NeedsFrameRate)?;
            if m > 59 || sec > 59 || f as f64 >= fps.as_f64().ceil() {
                return Ok(None);
            }
            // Non-drop-frame timecode: whole seconds counted at the nominal rate.
            let nominal = fps.as_f64().round() as i64;
            let frame = ((h * 3600 + m * 60 + sec) as i64) * nominal + f as i64;
            Ok(Some(fps.frame_to_millis(frame)))
        }
        _ => Ok(None),
    }
}

/// Read a cut list, deciding its source by content. `fps` is needed for frame-based sources
/// that do not name their rate (EDL, plain frame lists); `unit` for plain whole numbers.
pub fn parse(
    text: &str,
    fps: Option<FrameRate>,
    unit: Option<PlainUnit>,
) -> Result<(CutList, CutSource), CutError> {
    let first = lines(text)
        .find(|(_, l)| !l.is_empty())
        .map(|(_, l)| l)
        .unwrap_or("");
    let (list, source) = if first.eq_ignore_ascii_case("# dramaloc cuts v1") {
        (dramaloc(text)?, CutSource::Dramaloc)
    } else if first.eq_ignore_ascii_case("# keyframe format v1") {
        (aegisub(text)?, CutSource::AegisubKeyframes)
    } else if first.starts_with("#options:") {
        (x264(text)?, CutSource::X264Stats)
    } else if first.to_ascii_lowercase().starts_with("scene,")
        || first.starts_with("Timecode List:")
    {
        (scene_csv(text)?, CutSource::SceneDetectCsv)
    } else if first.starts_with("TITLE:") || first.starts_with("FCM:") || edl::is_event_line(first)
    {
        (edl::parse(text, fps)?, CutSource::Edl)
    } else {
        (plain(text, fps, unit)?, CutSource::Plain)
    };
    if list.is_empty() {
        return Err(err(1, CutErrorKind::Empty));
    }
    Ok((list, source))
}

fn frame_rate_value(line: usize, s: &str) -> Result<FrameRate, CutError> {
    s.trim().parse().map_err(|_| {
        err(
            line,
            CutErrorKind::BadFrameRate {
                found: s.trim().to_owned(),
            },
        )
    })
}

fn dramaloc(text: &str) -> Result<CutList, CutError> {
    let mut fps = None;
    let mut unit = PlainUnit::Millis;
    let mut cuts = Vec::new();
    for (n, l) in lines(text) {
        if let Some(h) = l.strip_prefix('#') {
            let h = h.trim();
            if let Some(v) = h.strip_prefix("fps") {
                fps = Some(frame_rate_value(n, v)?);
            } else if let Some(v) = h.strip_prefix("unit") {
                unit = match v.trim() {
                    "ms" => PlainUnit::Millis,
                    "s" => PlainUnit::Seconds,
                    "frames" => PlainUnit::Frames,
                    other => return Err(bad_time(n, other)),
                };
            }
            continue;
        }
        if l.is_empty() {
            continue;
        }
        cuts.push(number(n, l, unit, fps)?);
    }
    Ok(CutList::new(fps, cuts))
}

fn number(
    line: usize,
    s: &str,
    unit: PlainUnit,
    fps: Option<FrameRate>,
) -> Result<Millis, CutError> {
    let value: u64 = match s.parse() {
        Ok(v) if s.len() <= 12 => v,
        _ => {
            return if unit == PlainUnit::Seconds {
                seconds(s).ok_or_else(|| bad_time(line, s))
            } else {
                Err(bad_time(line, s))
            };
        }
    };
    match unit {
        PlainUnit::Millis => i64::try_from(value)
            .map(Millis::new)
            .map_err(|_| bad_time(line, s)),
        PlainUnit::Seconds => Millis::from_hmsm(0, 0, value, 0).ok_or_else(|| bad_time(line, s)),
        PlainUnit::Frames => {
            let fps = fps.ok_or_else(|| err(line, CutErrorKind::NeedsFrameRate))?;
            Ok(fps.frame_to_millis(i64::try_from(value).map_err(|_| bad_time(line, s))?))
        }
    }
}

fn aegisub(text: &str) -> Result<CutList, CutError> {
    let mut fps = None;
    let mut frames = Vec::new();
    for (n, l) in lines(text).skip(1) {
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(v) = l.strip_prefix("fps") {
            // `fps 25.000000`; `fps 0` means "take it from the video".
            let v = v.trim();
            let v = v.trim_end_matches('0').trim_end_matches('.');
            fps = if v.is_empty() || v == "0" {
                None
            } else {
                Some(frame_rate_value(n, v)?)
            };
            continue;
        }
        frames.push((n, l));
    }
    let fps = fps.ok_or_else(|| err(2, CutErrorKind::NeedsFrameRate))?;
    let cuts = frames
        .into_iter()
        .map(|(n, l)| {
            l.parse::<i64>()
                .map(|f| fps.frame_to_millis(f))
                .map_err(|_| bad_time(n, l))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CutList::new(Some(fps), cuts))
}

fn x264(text: &str) -> Result<CutList, CutError> {
    let mut fps = None;
    let mut cuts = Vec::new();
    for (n, l) in lines(text) {
        if let Some(opts) = l.strip_prefix("#options:") {
            if let Some(v) = opts.split_whitespace().find_map(|o| o.strip_prefix("fps=")) {
                fps = Some(frame_rate_value(n, v)?);
            }
            continue;
        }
        let mut frame = None;
        let mut keyframe = false;
        for field in l.split_whitespace() {
            if let Some(v) = field.strip_prefix("in:") {
                frame = v.parse::<i64>().ok();
            } else if let Some(t) = field.strip_prefix("type:") {
                keyframe = t == "I" || t == "i";
            }
        }
        if keyframe {
            let frame = frame.ok_or_else(|| bad_time(n, l))?;
            let fps = fps.ok_or_else(|| err(n, CutErrorKind::NeedsFrameRate))?;
            cuts.push(fps.frame_to_millis(frame));
        }
    }
    Ok(CutList::new(fps, cuts))
}

/// PySceneDetect scene lists: the v0.2 form (`scene,timecode,frame,time (ms)`) and the later
/// one (`Timecode List:` line, then `Scene Number,Start Frame,Start Timecode,Start Time (seconds),…`).
/// Scene starts after the first are the cuts.
fn scene_csv(text: &str) -> Result<CutList, CutError> {
    let mut header: Option<Vec<String>> = None;
    let mut cuts = Vec::new();
    for (n, l) in lines(text) {
        if l.is_empty() {
            if header.is_some() {
                break; // the timecode list section that follows repeats the cuts
            }
            continue;
        }
        let cells: Vec<&str> = l.split(',').map(str::trim).collect();
        let Some(h) = &header else {
            if l.starts_with("Timecode List:") {
                continue;
            }
            header = Some(cells.iter().map(|c| c.to_ascii_lowercase()).collect());
            continue;
        };
        let col = |names: &[&str]| h.iter().position(|c| names.contains(&c.as_str()));
        let t = if let Some(i) = col(&["time (ms)"]) {
            let v = cells.get(i).copied().unwrap_or("");
            seconds(v)
                .map(|s| Millis::new(s.get() / 1000))
                .ok_or_else(|| bad_time(n, v))?
        } else if let Some(i) = col(&["start time (seconds)"]) {
            let v = cells.get(i).copied().unwrap_or("");
            seconds(v).ok_or_else(|| bad_time(n, v))?
        } else {
            return Err(bad_time(n, l));
        };
        cuts.push(t);
    }
    // The first scene starts at the beginning: it is not a shot change.
    cuts.retain(|t| t.get() > 0);
    Ok(CutList::new(None, cuts))
}

fn plain(text: &str, fps: Option<FrameRate>, unit: Option<PlainUnit>) -> Result<CutList, CutError> {
    let mut cuts = Vec::new();
    for (n, l) in lines(text) {
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let token = l.split([',', '\t', ' ']).next().unwrap_or(l);
        let t = if token.contains(':') {
            timecode(token, fps)
                .map_err(|k| err(n, k))?
                .ok_or_else(|| bad_time(n, token))?
        } else if token.contains('.') && unit.is_none_or(|u| u == PlainUnit::Seconds) {
            seconds(token).ok_or_else(|| bad_time(n, token))?
        } else if let Some(ms) = token.strip_suffix("ms") {
            number(n, ms, PlainUnit::Millis, fps)?
        } else {
            let unit = unit.ok_or_else(|| err(n, CutErrorKind::NeedsUnit))?;
            number(n, token, unit, fps)?
        };
        cuts.push(t);
    }
    Ok(CutList::new(fps, cuts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(list: &CutList) -> Vec<i64> {
        list.cuts().iter().map(|t| t.get()).collect()
    }

    #[test]
    fn plain_lists() {
        let (l, s) = parse("1.5\n3.0333\n00:00:04.200\n", None, None).unwrap();
        assert_eq!((ms(&l), s), (vec![1500, 3033, 4200], CutSource::Plain));
        let (l, _) = parse("30\n45\n", Some(FrameRate::FPS_30), Some(PlainUnit::Frames)).unwrap();
        assert_eq!(ms(&l), vec![1000, 1500]);
        let (l, _) = parse("00:00:01:15\n", Some(FrameRate::FPS_30), None).unwrap();
        assert_eq!(ms(&l), vec![1500]);
        assert_eq!(
            parse("30\n", None, None).unwrap_err().kind,
            CutErrorKind::NeedsUnit
        );
        assert_eq!(
            parse("00:00:01:15\n", None, None).unwrap_err().kind,
            CutErrorKind::NeedsFrameRate
        );
        assert!(matches!(
            parse("hello\n", None, None).unwrap_err().kind,
            CutErrorKind::NeedsUnit
        ));
        assert!(matches!(
            parse("1.5\nx.y\n", None, None).unwrap_err(),
            CutError { line: 2, .. }
        ));
        assert_eq!(
            parse("\n# nothing\n", None, None).unwrap_err().kind,
            CutErrorKind::Empty
        );
    }

    #[test]
    fn dramaloc_form_round_trips() {
        let list = CutList::new(
            Some(FrameRate::FPS_30),
            vec![Millis::new(2000), Millis::new(1333), Millis::new(1333)],
        );
        let (again, s) = parse(&list.to_text(), None, None).unwrap();
        assert_eq!((again, s), (list, CutSource::Dramaloc));
    }

    #[test]
    fn random_text_never_panics() {
        let alphabet: Vec<char> = "0123456789:.;,- \n\t#VDCAms\u{feff}é中".chars().collect();
        let heads = [
            "",
            "# keyframe format v1\nfps 25\n",
            "#options: fps=30000/1001\n",
            "scene,timecode,frame,time (ms)\n",
            "TITLE: x\n001  R V C ",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..20_000 {
            let mut s = String::from(heads[i % heads.len()]);
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for _ in 0..(x % 80) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            for unit in [None, Some(PlainUnit::Frames), Some(PlainUnit::Seconds)] {
                let _ = parse(&s, Some(FrameRate::FPS_29_97), unit);
                let _ = parse(&s, None, unit);
            }
        }
    }

    #[test]
    fn huge_values_are_errors_not_panics() {
        for bad in [
            "99999999999999999999.5",
            "9999999999:00:00.000",
            "1:2:3:99999999",
        ] {
            assert!(
                parse(bad, Some(FrameRate::FPS_25), Some(PlainUnit::Frames)).is_err(),
                "{bad}"
            );
        }
    }
}
