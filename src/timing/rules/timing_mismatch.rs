//! `timing-mismatch`: a translated cue is not timed like the source cue it translates.
//!
//! Target cues are paired with source cues by overlap ([`super::align`]). A cue whose start
//! or end is more than the tolerance (`sync_tolerance_frames`, 3 frames by default — the
//! usual QC tolerance, timing-rules.md §1) from its source cue's is reported, and so is a
//! cue that overlaps no source cue at all.
//!
//! Before that, the offsets of the whole track are fitted against time (least squares over
//! every start and end). When they follow a line closely (R² ≥ 0.95, residuals within a
//! frame), the track is out of sync as a whole and one finding replaces a finding per cue:
//!
//! - **drift**: the offset grows by more than a frame over the episode, and either by more
//!   than the tolerance or at the ratio of two common frame rates (25/24, 24/(24000/1001)…).
//!   The ratio is turned into the frame rate the track looks timed at, named when it is one
//!   of the common rates (timing-rules.md §2, "Drift").
//! - **offset**: every cue is shifted by the same amount, more than the tolerance.
//!
//! For the fit, cues are paired by position when both tracks have the same number of cues
//! (under a drift, overlaps slide onto neighbouring cues); otherwise by overlap.

use super::align::{self, Timed};
use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::{FrameRate, Millis};
use crate::msg;

pub struct TimingMismatch;

/// Rates a track is commonly timed at, or converted between, by mistake.
const COMMON_RATES: [FrameRate; 8] = [
    FrameRate::FPS_23_976,
    FrameRate::FPS_24,
    FrameRate::FPS_25,
    FrameRate::FPS_29_97,
    FrameRate::FPS_30,
    FrameRate::FPS_50,
    FrameRate::FPS_59_94,
    FrameRate::FPS_60,
];

/// Fewest pairs, and shortest stretch of the episode, a whole-track fit is trusted on.
const MIN_PAIRS: usize = 4;
const MIN_SPAN_MS: f64 = 10_000.0;
const MIN_R2: f64 = 0.95;

/// The least-squares line through (source time, target − source offset), in milliseconds.
#[derive(Debug, Clone, Copy)]
struct Fit {
    slope: f64,
    mean_y: f64,
    /// Spread of the offsets around their mean, and around the line.
    sd_y: f64,
    rms: f64,
    r2: f64,
    first_x: f64,
    last_x: f64,
}

fn fit(points: &[(f64, f64)]) -> Option<Fit> {
    let n = points.len() as f64;
    if points.is_empty() {
        return None;
    }
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    let (mut first_x, mut last_x) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(x, y) in points {
        let (dx, dy) = (x - mean_x, y - mean_y);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
        first_x = first_x.min(x);
        last_x = last_x.max(x);
    }
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let ss_res = (syy - slope * sxy).max(0.0);
    Some(Fit {
        slope,
        mean_y,
        sd_y: (syy / n).sqrt(),
        rms: (ss_res / n).sqrt(),
        r2: if syy > 0.0 { 1.0 - ss_res / syy } else { 1.0 },
        first_x,
        last_x,
    })
}

/// A whole-track timing problem.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Global {
    /// Target times ≈ source times × `ratio`; `grows` ms over the track; the rate the track
    /// looks timed at when it is a common one.
    Drift {
        ratio: f64,
        grows: f64,
        timed_at: Option<FrameRate>,
    },
    /// Every cue `ms` later (negative: earlier).
    Offset { ms: f64 },
}

/// The common rate a track timed for `rate` and scaled by `ratio` looks timed at.
fn timed_at(rate: FrameRate, ratio: f64) -> Option<FrameRate> {
    let assumed = rate.as_f64() / ratio;
    let tolerance = 0.2 * (ratio - 1.0).abs();
    COMMON_RATES
        .iter()
        .copied()
        .filter(|c| *c != rate)
        .map(|c| (c, (c.as_f64() / assumed - 1.0).abs()))
        .filter(|(_, d)| *d <= tolerance)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

fn global(input: &TrackInput<'_>, pairs: &[(&Timed, &Timed)]) -> Option<Global> {
    if pairs.len() < MIN_PAIRS {
        return None;
    }
    let ms = |t: Millis| t.get() as f64;
    let points: Vec<(f64, f64)> = pairs
        .iter()
        .flat_map(|(t, s)| {
            [
                (ms(s.span.start()), ms(t.span.start()) - ms(s.span.start())),
                (ms(s.span.end()), ms(t.span.end()) - ms(s.span.end())),
            ]
        })
        .collect();
    let f = fit(&points)?;
    if f.last_x - f.first_x < MIN_SPAN_MS {
        return None;
    }
    let frame = 1000.0 / input.limits.frame_rate.as_f64();
    let tolerance = input.limits.sync_tolerance as f64 * frame;
    let grows = f.slope * (f.last_x - f.first_x);
    if grows.abs() >= frame && f.r2 >= MIN_R2 && f.rms <= frame {
        let ratio = 1.0 + f.slope;
        let rate = timed_at(input.limits.frame_rate, ratio);
        if grows.abs() > tolerance || rate.is_some() {
            return Some(Global::Drift {
                ratio,
                grows,
                timed_at: rate,
            });
        }
    }
    if grows.abs() < frame && f.sd_y <= frame && f.mean_y.abs() > tolerance {
        return Some(Global::Offset { ms: f.mean_y });
    }
    None
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let p = 10f64.powi(decimals);
    (x * p).round() / p
}

impl TimingMismatch {
    fn global_finding(&self, input: &TrackInput<'_>, g: Global) -> Finding {
        match g {
            Global::Drift {
                ratio,
                grows,
                timed_at,
            } => {
                let percent = round_to((ratio - 1.0).abs() * 100.0, 2);
                let ms = grows.abs().round() as i64;
                let message = match timed_at {
                    Some(from) => msg!(
                        "finding-timing-drift-rate",
                        percent = percent,
                        ms = ms,
                        from = from.to_string(),
                        to = input.limits.frame_rate.to_string()
                    ),
                    None => msg!("finding-timing-drift", percent = percent, ms = ms),
                };
                Finding::new(self.id(), message)
                    .hint(msg!("hint-timing-drift", factor = round_to(1.0 / ratio, 5)))
            }
            Global::Offset { ms } => {
                let abs = Millis::new(ms.abs().round() as i64);
                let frames = input.limits.frame_rate.nearest_frame(abs);
                let (message, hint) = if ms > 0.0 {
                    (
                        msg!(
                            "finding-timing-offset-later",
                            frames = frames,
                            ms = abs.get()
                        ),
                        msg!("hint-timing-offset-earlier", ms = abs.get()),
                    )
                } else {
                    (
                        msg!(
                            "finding-timing-offset-earlier",
                            frames = frames,
                            ms = abs.get()
                        ),
                        msg!("hint-timing-offset-later", ms = abs.get()),
                    )
                };
                Finding::new(self.id(), message).hint(hint)
            }
        }
    }
}

impl Rule for TimingMismatch {
    fn id(&self) -> &'static str {
        "timing-mismatch"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-timing-mismatch-what"),
            msg!("rule-timing-mismatch-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let (Some(source), Some(_)) = (input.source, input.track) else {
            return;
        };
        let target = align::target_cues(input);
        let src = align::source_cues(&source);
        if src.is_empty() {
            return;
        }
        let pairs = align::pair_by_overlap(&target, &src);
        let for_fit: Vec<(&Timed, &Timed)> = if target.len() == src.len() {
            target.iter().zip(&src).collect()
        } else {
            target
                .iter()
                .zip(&pairs)
                .filter_map(|(t, p)| Some((t, src.get((*p)?)?)))
                .collect()
        };
        if let Some(g) = global(input, &for_fit) {
            out.push(self.global_finding(input, g));
            return;
        }
        let tol = input.limits.sync_tolerance;
        // Times closer than this cannot be more than `tol` frames apart (each time is within
        // half a frame plus a millisecond of its frame): no frame arithmetic for them.
        let near =
            ((tol as f64 * 1000.0 / input.limits.frame_rate.as_f64()).floor() as i64 - 3).max(0);
        let apart = |a: Millis, b: Millis| {
            if (a.get() - b.get()).abs() <= near {
                0
            } else {
                input.frame(a) - input.frame(b)
            }
        };
        for (t, p) in target.iter().zip(pairs) {
            let Some(s) = p.and_then(|p| src.get(p)) else {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!(
                            "finding-timing-no-source",
                            lang = source.language.to_string()
                        ),
                    )
                    .cue(t.index, t.span)
                    .hint(msg!("hint-timing-no-source")),
                );
                continue;
            };
            let ds = apart(t.span.start(), s.span.start());
            let de = apart(t.span.end(), s.span.end());
            let (start_off, end_off) = (ds.abs() > tol, de.abs() > tol);
            if !start_off && !end_off {
                continue;
            }
            let cue = s.index + 1;
            let hint = || {
                msg!(
                    "hint-timing-mismatch",
                    start = s.span.start().to_string(),
                    end = s.span.end().to_string()
                )
            };
            let mut messages = Vec::with_capacity(2);
            if start_off && end_off && ds.signum() == de.signum() {
                let frames = ds.abs().min(de.abs());
                messages.push(if ds > 0 {
                    msg!("finding-timing-later", frames = frames, cue = cue)
                } else {
                    msg!("finding-timing-earlier", frames = frames, cue = cue)
                });
            } else {
                if start_off {
                    messages.push(if ds > 0 {
                        msg!("finding-timing-starts-later", frames = ds, cue = cue)
                    } else {
                        msg!("finding-timing-starts-earlier", frames = -ds, cue = cue)
                    });
                }
                if end_off {
                    messages.push(if de > 0 {
                        msg!("finding-timing-ends-later", frames = de, cue = cue)
                    } else {
                        msg!("finding-timing-ends-earlier", frames = -de, cue = cue)
                    });
                }
            }
            for m in messages {
                out.push(Finding::new(self.id(), m).cue(t.index, t.span).hint(hint()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::rules::fixture::Fixture;

    /// A 30 fps source of `n` four-second cues a second apart, and a target built from it.
    fn pair(n: i64, target: impl Fn(i64, i64, i64) -> Option<(i64, i64)>) -> Fixture {
        let mut f = Fixture::new(FrameRate::FPS_30).source("zh-Hans");
        for i in 0..n {
            let (s, e) = (1000 + i * 5000, 5000 + i * 5000);
            f = f.source_cue(s, e, "台词");
            if let Some((ts, te)) = target(i, s, e) {
                f = f.cue(ts, te, "line");
            }
        }
        f
    }

    #[test]
    fn aligned_and_within_tolerance_is_clean() {
        // 3 frames at 30 fps is 100 ms: allowed on either side.
        let f = pair(12, |i, s, e| {
            Some(if i % 2 == 0 {
                (s + 100, e - 100)
            } else {
                (s - 100, e + 67)
            })
        });
        assert!(f.run(&TimingMismatch).is_empty());
    }

    #[test]
    fn a_cue_four_frames_off_is_flagged() {
        let f = pair(12, |i, s, e| {
            Some(match i {
                3 => (s + 133, e + 133),
                5 => (s - 133, e),
                7 => (s, e + 133),
                9 => (s - 200, e + 200),
                _ => (s, e),
            })
        });
        let found = f.run(&TimingMismatch);
        let ids: Vec<(Option<usize>, &str)> = found.iter().map(|f| (f.cue, f.message.id)).collect();
        assert_eq!(
            ids,
            vec![
                (Some(4), "finding-timing-later"),
                (Some(6), "finding-timing-starts-earlier"),
                (Some(8), "finding-timing-ends-later"),
                (Some(10), "finding-timing-starts-earlier"),
                (Some(10), "finding-timing-ends-later"),
            ]
        );
        assert_eq!(
            found[0].message,
            msg!("finding-timing-later", frames = 4i64, cue = 4usize)
        );
        assert_eq!(
            found[0].hint,
            Some(msg!(
                "hint-timing-mismatch",
                start = "00:00:16.000",
                end = "00:00:20.000"
            ))
        );
    }

    #[test]
    fn tolerance_follows_the_spec() {
        let f = pair(12, |i, s, e| {
            Some(if i == 3 { (s + 133, e + 133) } else { (s, e) })
        })
        .overrides("[all]\nsync_tolerance_frames = 4\n");
        assert!(f.run(&TimingMismatch).is_empty());
    }

    #[test]
    fn a_deleted_cue_leaves_the_rest_paired() {
        let f = pair(12, |i, s, e| (i != 4).then_some((s, e)));
        assert!(f.run(&TimingMismatch).is_empty());
        // A cue in a gap of the source has nothing to be timed against.
        let f = pair(6, |_, s, e| Some((s, e))).cue(30_200, 30_900, "extra");
        assert_eq!(f.flagged(&TimingMismatch), vec![7]);
        assert_eq!(
            f.run(&TimingMismatch)[0].message,
            msg!("finding-timing-no-source", lang = "zh-Hans")
        );
    }

    #[test]
    fn frame_rate_drift_is_one_finding_naming_the_rates() {
        // Timed for 25 fps, shown at 24: every time × 24/25, 4 % short by the end.
        let mut f = Fixture::new(FrameRate::FPS_24).source("zh-Hans");
        for i in 0..20 {
            let (s, e) = (1000 + i * 4500, 4000 + i * 4500);
            f = f
                .source_cue(s, e, "台词")
                .cue(s * 24 / 25, e * 24 / 25, "line");
        }
        let found = f.run(&TimingMismatch);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].cue, None);
        let m = &found[0].message;
        assert_eq!(m.id, "finding-timing-drift-rate");
        assert_eq!(
            m.args[2..],
            [
                ("from", crate::message::Arg::from("25")),
                ("to", crate::message::Arg::from("24"))
            ]
        );
        assert_eq!(m.args[0], ("percent", crate::message::Arg::Float(4.0)));
    }

    #[test]
    fn ntsc_drift_is_named_even_within_tolerance() {
        // A track timed for 24 fps on a 24000/1001 video: 0.1 % short, 88 ms over 90 s (2 frames).
        let mut f = Fixture::new(FrameRate::FPS_23_976).source("zh-Hans");
        for i in 0..20 {
            let (s, e) = (1000 + i * 4500, 4000 + i * 4500);
            f = f
                .source_cue(s, e, "台词")
                .cue(s * 1000 / 1001, e * 1000 / 1001, "line");
        }
        let found = f.run(&TimingMismatch);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message.args[2..],
            [
                ("from", crate::message::Arg::from("24")),
                ("to", crate::message::Arg::from("24000/1001"))
            ]
        );
    }

    #[test]
    fn unexplained_drift_beyond_tolerance_is_still_one_finding() {
        let f = pair(20, |_, s, e| Some((s + s / 50, e + e / 50)));
        let found = f.run(&TimingMismatch);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message.id, "finding-timing-drift");
    }

    #[test]
    fn a_whole_track_offset_is_one_finding() {
        let f = pair(12, |_, s, e| Some((s + 500, e + 500)));
        let found = f.run(&TimingMismatch);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            msg!("finding-timing-offset-later", frames = 15i64, ms = 500i64)
        );
        assert_eq!(
            found[0].hint,
            Some(msg!("hint-timing-offset-earlier", ms = 500i64))
        );
    }

    #[test]
    fn scattered_offsets_are_not_taken_for_drift() {
        // Only the last cues are late: per-cue findings, not a drift.
        let f = pair(12, |i, s, e| {
            Some(if i >= 10 { (s + 400, e + 400) } else { (s, e) })
        });
        assert_eq!(f.flagged(&TimingMismatch), vec![11, 12]);
    }

    #[test]
    fn the_millisecond_shortcut_never_hides_a_frame_difference() {
        // Every offset up to half a second, at every common rate and several tolerances: the
        // rule flags a cue exactly when its frame difference exceeds the tolerance.
        for rate in COMMON_RATES {
            for tol in [0u32, 1, 2, 3, 5] {
                for base in [1000i64, 1017, 60_033] {
                    for d in -500i64..=500 {
                        let f = Fixture::new(rate)
                            .overrides(&format!("[all]\nsync_tolerance_frames = {tol}\n"))
                            .source("zh-Hans")
                            .source_cue(base, base + 2000, "台词")
                            .cue(base + d, base + 2000, "line");
                        let frames = rate.nearest_frame(Millis::new(base + d))
                            - rate.nearest_frame(Millis::new(base));
                        let flagged = !f.run(&TimingMismatch).is_empty();
                        assert_eq!(
                            flagged,
                            frames.abs() > i64::from(tol),
                            "{rate} {tol} {base} {d}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fit_of_a_line() {
        let f = fit(&[(0.0, 1.0), (1000.0, 2.0), (2000.0, 3.0)]).unwrap();
        assert!((f.slope - 0.001).abs() < 1e-12);
        assert!((f.r2 - 1.0).abs() < 1e-12 && f.rms < 1e-9);
        assert!(fit(&[(5.0, 1.0), (5.0, 2.0)]).is_none());
        assert_eq!(timed_at(FrameRate::FPS_30, 1.25), Some(FrameRate::FPS_24));
        assert_eq!(timed_at(FrameRate::FPS_30, 1.013), None);
    }
}
