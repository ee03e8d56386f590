//! TTML time expressions and the document's timing parameters.
//!
//! Owns the grammar (clock times, SMPTE-style frames, offset times with `h m s ms f t`), the
//! `ttp:` parameters that give frames and ticks their length, and exact arithmetic: every time
//! in a document is an integer count of one unit chosen so that seconds, frames, sub-frames
//! and ticks are whole multiples of it. Conversion to milliseconds (rounded to nearest) happens
//! once, at the end. Does not know about time containment (see `body.rs`).

use crate::model::Millis;
use crate::model::time::MAX_MILLIS;

use super::dom::{Element, Ns};

/// A point on the document timeline: a count of units, or indefinitely late.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tm {
    At(i128),
    Indefinite,
}

impl Tm {
    pub fn checked_add(self, units: i128) -> Option<Tm> {
        match self {
            Tm::At(t) => t.checked_add(units).map(Tm::At),
            Tm::Indefinite => Some(Tm::Indefinite),
        }
    }
}

/// Why a time expression was refused.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum TimeError {
    /// Not a time expression.
    Syntax,
    /// Well formed but beyond 9,999 hours (or too large to compute).
    Range,
}

/// A parsed time expression.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) struct Parsed {
    pub units: i128,
    /// The expression is outside the TTML grammar but unambiguous (`19.764`, `1:00.998`).
    pub lenient: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum TimeBase {
    Media,
    Smpte,
    Clock,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum DropMode {
    NonDrop,
    Ntsc,
    Pal,
}

/// A `ttp:` parameter the reader could not use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BadParameter {
    pub attr: String,
    pub pos: usize,
}

/// Timing parameters from the root element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TimeParams {
    /// Units per second.
    unit: i128,
    /// Units per frame, per sub-frame and per tick.
    frame: i128,
    subframe: i128,
    tick: i128,
    /// Frames per second as counted by SMPTE labels (`ttp:frameRate`).
    nominal_fps: i128,
    time_base: TimeBase,
    drop: DropMode,
}

const NANOS: i128 = 1_000_000_000;
const MAX_FRAME_RATE: u64 = 1_000;
const MAX_MULTIPLIER: u64 = 10_000;
const MAX_SUB_FRAME_RATE: u64 = 1_000;
const MAX_TICK_RATE: u64 = 10_000_000_000;

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

fn lcm(a: i128, b: i128) -> Option<i128> {
    let g = gcd(a, b);
    if g == 0 {
        return Some(0);
    }
    (a / g).checked_mul(b)
}

fn small_uint(value: &str, max: u64) -> Option<u64> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<u64>().ok().filter(|&n| n >= 1 && n <= max)
}

impl Default for TimeParams {
    fn default() -> Self {
        TimeParams::new(30, 1, 1, 1, None, false, TimeBase::Media, DropMode::NonDrop).unwrap_or(
            TimeParams {
                unit: NANOS,
                frame: NANOS / 30,
                subframe: NANOS / 30,
                tick: NANOS,
                nominal_fps: 30,
                time_base: TimeBase::Media,
                drop: DropMode::NonDrop,
            },
        )
    }
}

impl TimeParams {
    #[allow(clippy::too_many_arguments)]
    fn new(
        fps: u64,
        mul_num: u64,
        mul_den: u64,
        sub: u64,
        tick_rate: Option<u64>,
        frame_rate_given: bool,
        time_base: TimeBase,
        drop: DropMode,
    ) -> Option<Self> {
        let fps = i128::from(fps);
        let (mn, md, sub) = (i128::from(mul_num), i128::from(mul_den), i128::from(sub));
        let per_subframe_den = fps.checked_mul(mn)?.checked_mul(sub)?;
        let mut unit = lcm(NANOS, per_subframe_den)?;
        if let Some(tr) = tick_rate {
            unit = lcm(unit, i128::from(tr))?;
        }
        let frame = md.checked_mul(unit / fps.checked_mul(mn)?)?;
        let subframe = md.checked_mul(unit / per_subframe_den)?;
        let tick = match tick_rate {
            Some(tr) => unit / i128::from(tr),
            // TTML: ticks are sub-frames of the effective frame rate when a frame rate is given.
            None if frame_rate_given => subframe,
            None => unit,
        };
        Some(TimeParams {
            unit,
            frame,
            subframe,
            tick,
            nominal_fps: fps,
            time_base,
            drop,
        })
    }

    /// Read `ttp:frameRate`, `ttp:frameRateMultiplier`, `ttp:subFrameRate`, `ttp:tickRate`,
    /// `ttp:timeBase` and `ttp:dropMode` from the root; unusable values fall back to the
    /// defaults and are reported.
    pub fn from_root(root: &Element) -> (Self, Vec<BadParameter>) {
        let mut bad = Vec::new();
        let mut report = |local: &str| {
            if let Some(a) = root.attr(Ns::Parameter, local) {
                bad.push(BadParameter {
                    attr: format!("{}=\"{}\"", a.qname, a.value),
                    pos: a.pos,
                });
            }
        };
        let get = |local: &str| root.attr_value(Ns::Parameter, local);

        let fps_attr = get("frameRate");
        let fps = match fps_attr.map(|v| small_uint(v, MAX_FRAME_RATE)) {
            Some(Some(n)) => Some(n),
            Some(None) => {
                report("frameRate");
                None
            }
            None => None,
        };
        let (mul_num, mul_den) = match get("frameRateMultiplier") {
            Some(v) => {
                let parts: Vec<&str> = v
                    .split(|c: char| c.is_whitespace() || c == ':' || c == '/')
                    .filter(|s| !s.is_empty())
                    .collect();
                match parts.as_slice() {
                    [n, d] => {
                        match (small_uint(n, MAX_MULTIPLIER), small_uint(d, MAX_MULTIPLIER)) {
                            (Some(n), Some(d)) => (n, d),
                            _ => {
                                report("frameRateMultiplier");
                                (1, 1)
                            }
                        }
                    }
                    _ => {
                        report("frameRateMultiplier");
                        (1, 1)
                    }
                }
            }
            None => (1, 1),
        };
        let sub = match get("subFrameRate").map(|v| small_uint(v, MAX_SUB_FRAME_RATE)) {
            Some(Some(n)) => n,
            Some(None) => {
                report("subFrameRate");
                1
            }
            None => 1,
        };
        let tick_rate = match get("tickRate").map(|v| small_uint(v, MAX_TICK_RATE)) {
            Some(Some(n)) => Some(n),
            Some(None) => {
                report("tickRate");
                None
            }
            None => None,
        };
        let time_base = match get("timeBase").map(str::trim) {
            None | Some("media") => TimeBase::Media,
            Some("smpte") => TimeBase::Smpte,
            Some("clock") => {
                // Wall-clock documents are read as if their times were media times.
                report("timeBase");
                TimeBase::Clock
            }
            Some(_) => {
                report("timeBase");
                TimeBase::Media
            }
        };
        let drop = match get("dropMode").map(str::trim) {
            Some("dropNTSC") => DropMode::Ntsc,
            Some("dropPAL") => DropMode::Pal,
            _ => DropMode::NonDrop,
        };
        let params = TimeParams::new(
            fps.unwrap_or(30),
            mul_num,
            mul_den,
            sub,
            tick_rate,
            fps.is_some(),
            time_base,
            drop,
        )
        .unwrap_or_default();
        (params, bad)
    }

    /// The largest representable time (9,999 hours) in units.
    fn max_units(&self) -> i128 {
        i128::from(MAX_MILLIS) * (self.unit / 1000)
    }

    /// Round a time to the nearest millisecond.
    pub fn to_millis(&self, units: i128) -> Option<Millis> {
        if units < 0 || units > self.max_units() {
            return None;
        }
        let per_ms = self.unit / 1000;
        let ms = units / per_ms + i128::from(2 * (units % per_ms) >= per_ms);
        i64::try_from(ms).ok().map(Millis::new)
    }

    /// Parse a time expression.
    pub fn parse(&self, text: &str) -> Result<Parsed, TimeError> {
        let s = text.trim();
        let result = if s.contains(':') {
            self.clock(s)
        } else {
            self.offset(s)
        }?;
        if result.units > self.max_units() {
            return Err(TimeError::Range);
        }
        Ok(Parsed {
            units: result.units,
            lenient: result.lenient,
        })
    }

    fn offset(&self, s: &str) -> Result<Parsed, TimeError> {
        let (number, metric) = match s.find(|c: char| !c.is_ascii_digit() && c != '.') {
            Some(i) => (s.get(..i).unwrap_or(""), s.get(i..).unwrap_or("")),
            None => (s, ""),
        };
        let n = Decimal::parse(number)?;
        let (units, lenient) = match metric {
            "h" => (n.scale(3600 * self.unit)?, false),
            "m" => (n.scale(60 * self.unit)?, false),
            "s" => (n.scale(self.unit)?, false),
            "ms" => (n.scale_div(self.unit, 1000)?, false),
            "f" => (n.scale(self.frame)?, false),
            "t" => (n.scale(self.tick)?, false),
            // A bare number (Apple lyrics files) is seconds.
            "" => (n.scale(self.unit)?, true),
            _ => return Err(TimeError::Syntax),
        };
        Ok(Parsed {
            units,
            lenient: lenient || n.lenient,
        })
    }

    fn clock(&self, s: &str) -> Result<Parsed, TimeError> {
        let parts: Vec<&str> = s.split(':').collect();
        let (hours, minutes, seconds, frames) = match parts.as_slice() {
            [m, sec] => ("0", *m, *sec, None),
            [h, m, sec] => (*h, *m, *sec, None),
            [h, m, sec, f] => (*h, *m, *sec, Some(*f)),
            _ => return Err(TimeError::Syntax),
        };
        let mut lenient = parts.len() == 2 || hours.len() < 2 || minutes.len() != 2;
        let h = digits(hours)?;
        let m = digits(minutes)?;
        let total_minutes = h.checked_mul(60).and_then(|x| x.checked_add(m));
        let total_minutes = i128::from(total_minutes.ok_or(TimeError::Range)?);
        match frames {
            None => {
                // `ss`, `ss.fraction`, or (leniently) `ss,fraction`.
                let (sec_text, comma) = match seconds.split_once(',') {
                    Some((a, b)) => (format!("{a}.{b}"), true),
                    None => (seconds.to_owned(), false),
                };
                let sec = Decimal::parse(&sec_text)?;
                lenient |= comma || sec.lenient || sec.int_digits != 2;
                let whole = total_minutes
                    .checked_mul(60 * self.unit)
                    .ok_or(TimeError::Range)?;
                let units = whole
                    .checked_add(sec.scale(self.unit)?)
                    .ok_or(TimeError::Range)?;
                Ok(Parsed { units, lenient })
            }
            Some(f) => {
                if seconds.len() != 2 {
                    lenient = true;
                }
                let sec = i128::from(digits(seconds)?);
                let (frame_text, sub_text) = match f.split_once('.') {
                    Some((a, b)) => (a, Some(b)),
                    None => (f, None),
                };
                let frame = i128::from(digits(frame_text)?);
                let sub = match sub_text {
                    Some(t) => i128::from(digits(t)?),
                    None => 0,
                };
                let whole_seconds = total_minutes
                    .checked_mul(60)
                    .and_then(|x| x.checked_add(sec))
                    .ok_or(TimeError::Range)?;
                let units = if self.time_base == TimeBase::Smpte {
                    // A time code labels frames; the media time is the frame count at the
                    // effective rate, after removing labels skipped by drop-frame counting.
                    let dropped = match self.drop {
                        DropMode::NonDrop => 0,
                        DropMode::Ntsc => 2 * (total_minutes - total_minutes / 10),
                        DropMode::Pal => 4 * (total_minutes / 2 - total_minutes / 10),
                    };
                    let count = whole_seconds
                        .checked_mul(self.nominal_fps)
                        .and_then(|x| x.checked_add(frame))
                        .map(|x| (x - dropped).max(0))
                        .ok_or(TimeError::Range)?;
                    count.checked_mul(self.frame)
                } else {
                    whole_seconds
                        .checked_mul(self.unit)
                        .and_then(|x| x.checked_add(frame.checked_mul(self.frame)?))
                }
                .and_then(|x| x.checked_add(sub.checked_mul(self.subframe)?))
                .ok_or(TimeError::Range)?;
                Ok(Parsed { units, lenient })
            }
        }
    }
}

/// Non-empty ASCII digits as a number.
fn digits(s: &str) -> Result<u64, TimeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TimeError::Syntax);
    }
    s.parse::<u64>().map_err(|_| TimeError::Range)
}

/// `digits ( "." digits )?`: an integer part and up to nine fractional digits (more are
/// read but ignored: they are below a nanosecond for every metric but hours).
#[derive(Copy, Clone, Debug)]
struct Decimal {
    /// The value times 10^9.
    nanos: i128,
    int_digits: usize,
    /// `.5` or `5.` instead of `0.5` / `5`.
    lenient: bool,
}

impl Decimal {
    fn parse(s: &str) -> Result<Decimal, TimeError> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let lenient = int.is_empty() || frac.is_some_and(str::is_empty);
        if int.is_empty() && frac.is_none_or(str::is_empty) {
            return Err(TimeError::Syntax);
        }
        let int_value = if int.is_empty() { 0 } else { digits(int)? };
        let mut frac_nanos: i128 = 0;
        if let Some(f) = frac.filter(|f| !f.is_empty()) {
            if !f.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TimeError::Syntax);
            }
            let mut scale = NANOS;
            for b in f.bytes().take(9) {
                scale /= 10;
                frac_nanos += i128::from(b - b'0') * scale;
            }
        }
        let nanos = i128::from(int_value)
            .checked_mul(NANOS)
            .and_then(|x| x.checked_add(frac_nanos))
            .ok_or(TimeError::Range)?;
        Ok(Decimal {
            nanos,
            int_digits: int.len(),
            lenient,
        })
    }

    /// value × `per`, rounded to a whole unit.
    fn scale(self, per: i128) -> Result<i128, TimeError> {
        self.scale_div(per, 1)
    }

    /// value × `per` / `div`, rounded to a whole unit.
    fn scale_div(self, per: i128, div: i128) -> Result<i128, TimeError> {
        let den = NANOS.checked_mul(div).ok_or(TimeError::Range)?;
        // Split to keep the product small: nanos = q·den + r.
        let q = self.nanos / den;
        let r = self.nanos % den;
        let whole = q.checked_mul(per).ok_or(TimeError::Range)?;
        let part_num = r.checked_mul(per).ok_or(TimeError::Range)?;
        let part = part_num / den + i128::from(2 * (part_num % den) >= den);
        whole.checked_add(part).ok_or(TimeError::Range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(attrs: &str) -> TimeParams {
        let text = format!(
            r#"<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" {attrs}/>"#
        );
        let lines = super::super::dom::Lines::new(&text);
        let mut w = super::super::dom::Warnings::new(&lines);
        let tree = super::super::dom::read(&text, &mut w).unwrap();
        let root = tree.element(tree.root.unwrap()).unwrap();
        let (p, bad) = TimeParams::from_root(root);
        assert!(bad.is_empty(), "{bad:?}");
        p
    }

    fn ms(p: &TimeParams, s: &str) -> i64 {
        let parsed = p.parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        p.to_millis(parsed.units).unwrap().get()
    }

    /// Exact value in microseconds, for checks finer than a millisecond.
    fn micros(p: &TimeParams, s: &str) -> i128 {
        let u = p.parse(s).unwrap().units;
        (u * 1_000_000 + p.unit / 2) / p.unit
    }

    #[test]
    fn clock_times() {
        let p = TimeParams::default();
        assert_eq!(ms(&p, "01:02:03"), 3_723_000);
        assert_eq!(ms(&p, "01:02:03.235"), 3_723_235);
        assert_eq!(ms(&p, "01:02:03.2350"), 3_723_235);
        assert_eq!(ms(&p, "00:00:00.0005"), 1, "rounds half up");
        assert_eq!(ms(&p, "00:00:00.0004999"), 0);
        assert_eq!(ms(&p, "100:00:00.1"), 360_000_100, "hours above 99");
        assert_eq!(ms(&p, " 00:00:01.5 "), 1_500);
        assert!(!p.parse("00:00:01.5").unwrap().lenient);
    }

    #[test]
    fn clock_times_with_frames() {
        let p = params(r#"ttp:frameRate="24""#);
        assert_eq!(ms(&p, "00:00:10:00"), 10_000);
        assert_eq!(ms(&p, "00:00:00:12"), 500);
        let p = params(r#"ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001""#);
        // 20 frames at 23.976 fps = 0.834166… s
        assert_eq!(micros(&p, "01:02:03:20"), 3_723_834_167);
        assert_eq!(ms(&p, "01:02:03:20"), 3_723_834);
        assert_eq!(ms(&p, "100:00:00:00"), 360_000_000);
        let p = params(r#"ttp:frameRate="25" ttp:subFrameRate="2""#);
        assert_eq!(ms(&p, "00:00:01:01.1"), 1_060);
    }

    #[test]
    fn offset_times() {
        let p =
            params(r#"ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001" ttp:tickRate="60""#);
        assert_eq!(ms(&p, "1.2s"), 1_200);
        assert_eq!(ms(&p, "1.2m"), 72_000);
        assert_eq!(ms(&p, "1.2h"), 4_320_000);
        assert_eq!(ms(&p, "24f"), 1_001);
        assert_eq!(ms(&p, "120t"), 2_000);
        assert_eq!(ms(&p, "10000ms"), 10_000);
        assert_eq!(ms(&p, "0.5ms"), 1);
        assert_eq!(ms(&p, "0.004h"), 14_400);
        assert_eq!(ms(&p, "0.25m"), 15_000);
    }

    #[test]
    fn tick_rate_defaults() {
        let p = TimeParams::default();
        assert_eq!(
            ms(&p, "2t"),
            2_000,
            "one tick per second without a frame rate"
        );
        let p = params(r#"ttp:frameRate="25" ttp:subFrameRate="4""#);
        assert_eq!(
            ms(&p, "100t"),
            1_000,
            "ticks are sub-frames when a frame rate is given"
        );
        let p = params(r#"ttp:tickRate="10000000""#);
        assert_eq!(ms(&p, "79249170t"), 7_925);
        assert_eq!(ms(&p, "120119999t"), 12_012);
        assert_eq!(micros(&p, "79249170t"), 7_924_917);
    }

    #[test]
    fn smpte_time_codes() {
        let p = params(
            r#"ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001""#,
        );
        // Non-drop: a frame label, so one "hour" of labels is 1.001 real hours.
        assert_eq!(ms(&p, "01:00:00:00"), 3_603_600);
        let p = params(
            r#"ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" ttp:dropMode="dropNTSC""#,
        );
        // Drop-frame labels track real time: 01:00:00;00 is 107,892 frames = 3599.9964 s.
        assert_eq!(ms(&p, "01:00:00:00"), 3_599_996);
        assert_eq!(ms(&p, "00:01:00:02"), 60_060, "the first label of minute 1");
    }

    #[test]
    fn lenient_forms() {
        let p = TimeParams::default();
        for (s, want) in [
            ("19.764", 19_764),
            ("1:00.998", 60_998),
            ("3:58.640", 238_640),
            ("0:00:01.000", 1_000),
            ("00:00:01,250", 1_250),
            (".5s", 500),
        ] {
            let parsed = p.parse(s).unwrap();
            assert!(parsed.lenient, "{s}");
            assert_eq!(p.to_millis(parsed.units).unwrap().get(), want, "{s}");
        }
    }

    #[test]
    fn bad_and_huge_times() {
        let p = TimeParams::default();
        for s in [
            "",
            "s",
            "1x",
            "1.2.3s",
            "-1s",
            "01:02",
            "aa:bb:cc",
            "1:2:3:4:5",
            "1e3s",
            "01:02:03.x",
        ] {
            if s == "01:02" {
                continue; // m:ss is accepted leniently
            }
            assert_eq!(p.parse(s), Err(TimeError::Syntax), "{s}");
        }
        for s in [
            "99999999999999999999999999s",
            "18446744073709551615h",
            "10000h",
            "9999:59:59.999",
            "99999999999999999:00:00",
            "00:00:00:99999999999999999999",
            "184467440737095516.15h",
        ] {
            assert_eq!(p.parse(s), Err(TimeError::Range), "{s}");
        }
        assert_eq!(ms(&p, "9999h"), MAX_MILLIS);
        let p = params(
            r#"ttp:tickRate="10000000000" ttp:frameRate="1000" ttp:frameRateMultiplier="9999 9973" ttp:subFrameRate="997""#,
        );
        assert_eq!(p.parse("18446744073709551615t"), Err(TimeError::Range));
        assert_eq!(ms(&p, "10000000000t"), 1_000);
    }

    #[test]
    fn bad_parameters_fall_back() {
        let text = r#"<tt xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="0" ttp:tickRate="x" ttp:frameRateMultiplier="1"/>"#;
        let lines = super::super::dom::Lines::new(text);
        let mut w = super::super::dom::Warnings::new(&lines);
        let tree = super::super::dom::read(text, &mut w).unwrap();
        let (p, bad) = TimeParams::from_root(tree.element(0).unwrap());
        assert_eq!(bad.len(), 3);
        assert_eq!(p, TimeParams::default());
    }
}
