//! UTC timestamps with one-second resolution, as the memory stores them (RFC 3339,
//! `2026-11-23T01:35:48Z`) and as TMX writes them (`20261123T013548Z`).
//!
//! Owns only the civil-calendar arithmetic (proleptic Gregorian, days from 1970-01-01) and the
//! two text forms; subtitle time is `crate::model::time`'s business.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Years outside 0000–9999 have no four-digit form in either text format.
const MIN: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

impl Timestamp {
    /// The current time (the Unix epoch if the system clock is set before it).
    pub fn now() -> Timestamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Timestamp(i64::try_from(secs).unwrap_or(MAX).min(MAX))
    }

    /// Seconds since the Unix epoch, clamped to the years 0000–9999.
    pub fn from_unix(secs: i64) -> Timestamp {
        Timestamp(secs.clamp(MIN, MAX))
    }

    pub fn unix(self) -> i64 {
        self.0
    }

    fn parts(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        // rem_euclid keeps `secs` in 0..86_400, so each part fits in u32.
        let s = u32::try_from(secs).unwrap_or(0);
        (y, m, d, s / 3600, s / 60 % 60, s % 60)
    }

    /// `2026-11-23T01:35:48Z`: fixed width, so text order is time order.
    pub fn rfc3339(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// TMX's `YYYYMMDDThhmmssZ` (`20261123T013548Z`).
    pub fn tmx(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }

    /// Parse RFC 3339: `YYYY-MM-DDThh:mm:ss`, optional fraction (dropped), then `Z` or an
    /// offset `±hh:mm`. A lowercase `t`/`z` or a space for `T` is accepted.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let base = Timestamp::from_fields(
            num(&b[0..4])?,
            num(&b[5..7])?,
            num(&b[8..10])?,
            num(&b[11..13])?,
            num(&b[14..16])?,
            num(&b[17..19])?,
        )?;
        let mut rest = &b[19..];
        if let Some((b'.', frac)) = rest.split_first() {
            let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = num(&[*h1, *h2])?;
                let m = num(&[*m1, *m2])?;
                if h > 23 || m > 59 {
                    return None;
                }
                let secs = h * 3600 + m * 60;
                if *sign == b'+' { secs } else { -secs }
            }
            _ => return None,
        };
        Some(Timestamp::from_unix(base.0 - offset))
    }

    /// Parse TMX's `YYYYMMDDThhmmssZ`.
    pub fn parse_tmx(text: &str) -> Option<Timestamp> {
        let b = text.trim().as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return None;
        }
        Timestamp::from_fields(
            num(&b[0..4])?,
            num(&b[4..6])?,
            num(&b[6..8])?,
            num(&b[9..11])?,
            num(&b[11..13])?,
            num(&b[13..15])?,
        )
    }

    pub(crate) fn from_fields(
        y: i64,
        mo: i64,
        d: i64,
        h: i64,
        mi: i64,
        s: i64,
    ) -> Option<Timestamp> {
        let days_in_month = match mo {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        // A leap second (`:60`) is read as the last second of its minute.
        if !(1..=days_in_month).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(Timestamp(days * 86_400 + h * 3600 + mi * 60 + s.min(59)))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// ASCII digits as a number; `None` for anything else.
fn num(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

// Days ↔ civil date in the proleptic Gregorian calendar, counting in 400-year eras of
// 146,097 days with years starting on 1 March so that the leap day falls last.

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_in_both_forms() {
        let t = Timestamp::from_unix(1_795_397_748);
        assert_eq!(t.rfc3339(), "2026-11-23T01:35:48Z");
        assert_eq!(t.tmx(), "20261123T013548Z");
        assert_eq!(Timestamp::from_unix(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(951_782_400).rfc3339(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Timestamp::from_unix(-1).rfc3339(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_what_it_writes_and_common_variants() {
        for secs in [0, 1, 951_782_400, 1_795_397_748, -86_401, 4_102_444_800] {
            let t = Timestamp::from_unix(secs);
            assert_eq!(Timestamp::parse_rfc3339(&t.rfc3339()), Some(t));
            assert_eq!(Timestamp::parse_tmx(&t.tmx()), Some(t));
        }
        let t = Timestamp::parse_rfc3339("2026-11-23T09:35:48.123+08:00").unwrap();
        assert_eq!(t.rfc3339(), "2026-11-23T01:35:48Z");
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-22t20:35:48-05:00").map(Timestamp::rfc3339),
            Some("2026-11-23T01:35:48Z".to_owned())
        );
    }

    #[test]
    fn refuses_impossible_dates_and_other_shapes() {
        for bad in [
            "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T01:35:48",
            "2026-11-23T01:35:48.Z",
            "2026-11-23T01:35:48+0800",
            "20261123T013548Z",
            "",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
        for bad in ["2026-11-23T01:35:48Z", "20261123T013548", "2026112T013548Z"] {
            assert_eq!(Timestamp::parse_tmx(bad), None, "{bad}");
        }
    }
}
