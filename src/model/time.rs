//! Time on the media timeline: integer milliseconds, checked spans and rational frame rates.
//!
//! Every frame↔millisecond conversion in dramaloc lives here. No floating-point seconds are
//! passed around; parsers build `Millis` from integer fields with checked arithmetic.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A point on the timeline in whole milliseconds. Negative values exist only as differences.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(i64);

/// The largest time a subtitle file may carry: 9,999 hours. Anything above is a typo or an attack.
pub const MAX_MILLIS: i64 = 9_999 * 3_600_000;

impl Millis {
    pub const ZERO: Millis = Millis(0);

    pub const fn new(ms: i64) -> Self {
        Millis(ms)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// Build from clock fields with overflow and range checks; `None` when out of range.
    pub fn from_hmsm(hours: u64, minutes: u64, seconds: u64, millis: u64) -> Option<Self> {
        let total = hours
            .checked_mul(3_600_000)?
            .checked_add(minutes.checked_mul(60_000)?)?
            .checked_add(seconds.checked_mul(1_000)?)?
            .checked_add(millis)?;
        let total = i64::try_from(total).ok()?;
        (total <= MAX_MILLIS).then_some(Millis(total))
    }

    /// Split into (hours, minutes, seconds, milliseconds); negative values clamp to zero.
    pub fn hmsm(self) -> (u64, u64, u64, u64) {
        let ms = self.0.max(0) as u64;
        (
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1_000 % 60,
            ms % 1_000,
        )
    }

    pub fn checked_add(self, other: Millis) -> Option<Millis> {
        self.0.checked_add(other.0).map(Millis)
    }

    pub fn saturating_sub(self, other: Millis) -> Millis {
        Millis(self.0.saturating_sub(other.0))
    }

    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl fmt::Display for Millis {
    /// `HH:MM:SS.mmm`, the form used in messages and reports.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (h, m, s, ms) = Millis(self.0.abs()).hmsm();
        write!(f, "{sign}{h:02}:{m:02}:{s:02}.{ms:03}")
    }
}

/// Why a span could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    #[error("end {end} is before start {start}")]
    EndBeforeStart { start: Millis, end: Millis },
    #[error("time is negative")]
    Negative,
}

/// The time a cue is on screen. Invariant: `0 <= start <= end`.
///
/// Empty spans (`start == end`) are allowed: real files contain them, and the
/// `cue-too-short` rule reports them. Reversed spans are refused.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeSpan {
    start: Millis,
    end: Millis,
}

impl TimeSpan {
    pub fn new(start: Millis, end: Millis) -> Result<Self, SpanError> {
        if start.0 < 0 || end.0 < 0 {
            return Err(SpanError::Negative);
        }
        if end < start {
            return Err(SpanError::EndBeforeStart { start, end });
        }
        Ok(TimeSpan { start, end })
    }

    pub fn start(self) -> Millis {
        self.start
    }

    pub fn end(self) -> Millis {
        self.end
    }

    pub fn duration(self) -> Millis {
        Millis(self.end.0 - self.start.0)
    }

    pub fn contains(self, t: Millis) -> bool {
        self.start <= t && t < self.end
    }
}

/// A rational frame rate such as 30000/1001.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FrameRate {
    num: u32,
    den: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a frame rate")]
pub struct FrameRateError {
    pub input: String,
}

impl FrameRate {
    pub const FPS_23_976: FrameRate = FrameRate {
        num: 24000,
        den: 1001,
    };
    pub const FPS_24: FrameRate = FrameRate { num: 24, den: 1 };
    pub const FPS_25: FrameRate = FrameRate { num: 25, den: 1 };
    pub const FPS_29_97: FrameRate = FrameRate {
        num: 30000,
        den: 1001,
    };
    pub const FPS_30: FrameRate = FrameRate { num: 30, den: 1 };
    pub const FPS_50: FrameRate = FrameRate { num: 50, den: 1 };
    pub const FPS_59_94: FrameRate = FrameRate {
        num: 60000,
        den: 1001,
    };
    pub const FPS_60: FrameRate = FrameRate { num: 60, den: 1 };

    /// A rate of `num/den` frames per second; both must be non-zero and the rate at most 1000.
    pub fn new(num: u32, den: u32) -> Option<Self> {
        if num == 0 || den == 0 || u64::from(num) > 1000 * u64::from(den) {
            return None;
        }
        let g = gcd(num, den);
        Some(FrameRate {
            num: num / g,
            den: den / g,
        })
    }

    pub fn num(self) -> u32 {
        self.num
    }

    pub fn den(self) -> u32 {
        self.den
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den)
    }

    /// Start time of frame `frame` (frame 0 starts at 0), rounded to the nearest millisecond.
    pub fn frame_to_millis(self, frame: i64) -> Millis {
        // i64 arithmetic for every realistic time (checks run this per cue, several times);
        // i128 only where it could overflow.
        let (num, den) = (i64::from(self.num), i64::from(self.den));
        if let Some(scaled) = frame.checked_mul(1000 * den).and_then(|s| s.checked_mul(2))
            && let Some(twice) = scaled.checked_add(num)
            && let Some(neg) = scaled.checked_sub(num)
        {
            // Round half away from zero.
            let q = if frame >= 0 {
                twice.div_euclid(2 * num)
            } else {
                -((-neg).div_euclid(2 * num))
            };
            return Millis(q);
        }
        let num = i128::from(self.num);
        let scaled = i128::from(frame) * 1000 * i128::from(self.den);
        let q = if scaled >= 0 {
            (2 * scaled + num) / (2 * num)
        } else {
            -((-2 * scaled + num) / (2 * num))
        };
        Millis(q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }

    /// The frame on screen at `t`: the last frame whose (rounded) start is not after `t`.
    pub fn millis_to_frame(self, t: Millis) -> i64 {
        let mut n =
            match t.0.checked_mul(i64::from(self.num)) {
                Some(p) => p.div_euclid(i64::from(self.den) * 1000),
                None => (i128::from(t.0) * i128::from(self.num))
                    .div_euclid(i128::from(self.den) * 1000) as i64,
            };
        while self.frame_to_millis(n + 1) <= t {
            n += 1;
        }
        while self.frame_to_millis(n) > t {
            n -= 1;
        }
        n
    }

    /// The frame whose start is nearest to `t` (ties go to the later frame): how a time
    /// that is not on a frame boundary is read for frame distances and frame snapping.
    pub fn nearest_frame(self, t: Millis) -> i64 {
        let n = self.millis_to_frame(t);
        let (here, next) = (self.frame_to_millis(n), self.frame_to_millis(n + 1));
        if (next.0 - t.0) <= (t.0 - here.0) {
            n + 1
        } else {
            n
        }
    }

    /// `t` moved to the nearest frame boundary (idempotent).
    pub fn snap_to_frame(self, t: Millis) -> Millis {
        self.frame_to_millis(self.nearest_frame(t))
    }

    /// `t` moved to the start of the frame it falls in.
    pub fn floor_to_frame(self, t: Millis) -> Millis {
        self.frame_to_millis(self.millis_to_frame(t))
    }

    /// Whether `t` is exactly the (rounded) start of a frame.
    pub fn is_on_frame(self, t: Millis) -> bool {
        self.floor_to_frame(t) == t
    }

    /// The duration of `frames` frames in milliseconds (rounded).
    pub fn frames_to_duration(self, frames: i64) -> Millis {
        self.frame_to_millis(frames)
    }
}

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl FromStr for FrameRate {
    type Err = FrameRateError;

    /// Accepts `30000/1001`, `30`, and the usual decimal names `23.976`, `29.97`, `59.94`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || FrameRateError {
            input: s.to_owned(),
        };
        let s = s.trim();
        if let Some((n, d)) = s.split_once('/') {
            let n: u32 = n.trim().parse().map_err(|_| err())?;
            let d: u32 = d.trim().parse().map_err(|_| err())?;
            return FrameRate::new(n, d).ok_or_else(err);
        }
        match s {
            "23.976" | "23.98" => return Ok(FrameRate::FPS_23_976),
            "29.97" => return Ok(FrameRate::FPS_29_97),
            "59.94" => return Ok(FrameRate::FPS_59_94),
            _ => {}
        }
        if let Ok(n) = s.parse::<u32>() {
            return FrameRate::new(n, 1).ok_or_else(err);
        }
        // Other decimals: exact up to three fractional digits.
        let (int, frac) = s.split_once('.').ok_or_else(err)?;
        if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let int: u32 = int.parse().map_err(|_| err())?;
        let scale = 10u32.pow(frac.len() as u32);
        let frac: u32 = frac.parse().map_err(|_| err())?;
        let num = int
            .checked_mul(scale)
            .and_then(|v| v.checked_add(frac))
            .ok_or_else(err)?;
        FrameRate::new(num, scale).ok_or_else(err)
    }
}

impl TryFrom<String> for FrameRate {
    type Error = FrameRateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<FrameRate> for String {
    fn from(r: FrameRate) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmsm_round_trip_and_overflow() {
        let t = Millis::from_hmsm(1, 2, 3, 456).unwrap();
        assert_eq!(t.get(), 3_723_456);
        assert_eq!(t.hmsm(), (1, 2, 3, 456));
        assert_eq!(t.to_string(), "01:02:03.456");
        assert!(Millis::from_hmsm(u64::MAX, 0, 0, 0).is_none());
        assert!(Millis::from_hmsm(10_000, 0, 0, 0).is_none());
    }

    #[test]
    fn spans_are_checked() {
        let a = Millis::new(1000);
        let b = Millis::new(900);
        assert_eq!(
            TimeSpan::new(a, b),
            Err(SpanError::EndBeforeStart { start: a, end: b })
        );
        assert!(TimeSpan::new(a, a).is_ok());
        assert_eq!(TimeSpan::new(Millis::new(-1), a), Err(SpanError::Negative));
    }

    #[test]
    fn ntsc_frames_match_pysubs2_fixture() {
        // test_video.srt in the corpus: start of frame n = round(n * 1001 / 24000 s).
        let r = FrameRate::FPS_23_976;
        for n in 0..2000i64 {
            let expected = ((n * 1001 * 1000) as f64 / 24000.0).round() as i64;
            assert_eq!(r.frame_to_millis(n).get(), expected, "frame {n}");
            assert_eq!(r.millis_to_frame(r.frame_to_millis(n)), n);
            assert_eq!(
                r.millis_to_frame(Millis::new(r.frame_to_millis(n + 1).get() - 1)),
                n
            );
        }
    }

    #[test]
    fn integer_rates() {
        let r = FrameRate::FPS_25;
        assert_eq!(r.frame_to_millis(1).get(), 40);
        assert_eq!(r.millis_to_frame(Millis::new(79)), 1);
        assert_eq!(r.millis_to_frame(Millis::new(80)), 2);
        assert!(r.is_on_frame(Millis::new(80)));
        assert!(!r.is_on_frame(Millis::new(81)));
        let r30 = FrameRate::FPS_30;
        assert_eq!(r30.frame_to_millis(1).get(), 33);
        assert_eq!(r30.frame_to_millis(2).get(), 67);
        assert_eq!(r30.frame_to_millis(30).get(), 1000);
    }

    #[test]
    fn parse_rates() {
        assert_eq!(
            "30000/1001".parse::<FrameRate>().unwrap(),
            FrameRate::FPS_29_97
        );
        assert_eq!("29.97".parse::<FrameRate>().unwrap(), FrameRate::FPS_29_97);
        assert_eq!(
            "23.976".parse::<FrameRate>().unwrap(),
            FrameRate::FPS_23_976
        );
        assert_eq!("25".parse::<FrameRate>().unwrap(), FrameRate::FPS_25);
        assert_eq!(
            "12.5".parse::<FrameRate>().unwrap(),
            FrameRate::new(25, 2).unwrap()
        );
        assert_eq!("50/2".parse::<FrameRate>().unwrap().to_string(), "25");
        for bad in ["", "0", "x", "1/0", "30/", "99999999", "1.2345", "-5"] {
            assert!(bad.parse::<FrameRate>().is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod nearest_tests {
    use super::*;

    #[test]
    fn nearest_frame_rounds_to_the_closer_boundary() {
        let r = FrameRate::FPS_30;
        assert_eq!(r.nearest_frame(Millis::new(1000)), 30);
        assert_eq!(r.nearest_frame(Millis::new(1016)), 30);
        assert_eq!(r.nearest_frame(Millis::new(1017)), 31);
        assert_eq!(r.snap_to_frame(Millis::new(1017)), Millis::new(1033));
        let ntsc = FrameRate::FPS_29_97;
        for ms in 0..5000 {
            let s = ntsc.snap_to_frame(Millis::new(ms));
            assert_eq!(ntsc.snap_to_frame(s), s, "{ms}");
            assert!((s.get() - ms).abs() <= 17, "{ms}");
        }
    }

    #[test]
    fn fast_frame_arithmetic_matches_exact_rationals() {
        fn exact(r: FrameRate, frame: i64) -> i64 {
            let num = i128::from(r.num());
            let scaled = i128::from(frame) * 1000 * i128::from(r.den());
            let q = if scaled >= 0 {
                (2 * scaled + num) / (2 * num)
            } else {
                -((-2 * scaled + num) / (2 * num))
            };
            q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
        }
        for r in [
            FrameRate::FPS_23_976,
            FrameRate::FPS_25,
            FrameRate::FPS_29_97,
            FrameRate::FPS_60,
        ] {
            for frame in (-5000..5000).chain([i64::MAX / 3, i64::MIN / 3, 1 << 40]) {
                assert_eq!(
                    r.frame_to_millis(frame).get(),
                    exact(r, frame),
                    "{r} {frame}"
                );
            }
            for ms in (0..20_000).step_by(7) {
                let f = r.millis_to_frame(Millis::new(ms));
                assert!(r.frame_to_millis(f).get() <= ms && r.frame_to_millis(f + 1).get() > ms);
            }
        }
    }
}
