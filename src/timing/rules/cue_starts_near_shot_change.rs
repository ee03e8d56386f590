//! `cue-starts-near-shot-change`: a cue appears just after a shot change (it should appear
//! with it) or just before one (it flashes across the cut). Zones in frames at the episode's
//! frame rate (timing-rules.md §4.1–§4.3, [`crate::timing::spec::ShotWindows`]):
//!
//! - 1…`in_after` frames after the cut → start on the cut;
//! - 1…`in_red` frames before (red zone) → start on the cut;
//! - `in_red`+1…`in_green` frames before (green zone) → start half a second before the cut.
//!
//! The first green-zone frame (8 at 24 fps) is disputed between sources and is reported as a
//! warning unless the spec sets the red zone explicitly.

use super::{Rule, TrackInput, frames_arg};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueStartsNearShotChange;

/// Where a start lies relative to its nearest cut, and where it should go.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StartZone {
    /// `frames` after the cut: move onto the cut.
    After { frames: i64 },
    /// `frames` before the cut, red zone: move onto the cut.
    Red { frames: i64 },
    /// `frames` before the cut, green zone: move to cut − W.
    Green { frames: i64, disputed: bool },
}

/// Classify a start at frame distance `d` (start − cut) from its nearest cut.
pub fn start_zone(input: &TrackInput<'_>, d: i64) -> Option<StartZone> {
    let s = input.limits.shots;
    match d {
        1.. if d <= s.in_after => Some(StartZone::After { frames: d }),
        ..=-1 if -d <= s.in_red => Some(StartZone::Red { frames: -d }),
        ..=-1 if -d <= s.in_green => Some(StartZone::Green {
            frames: -d,
            disputed: s.disputed_frame && -d == s.in_red + 1,
        }),
        _ => None,
    }
}

impl Rule for CueStartsNearShotChange {
    fn id(&self) -> &'static str {
        "cue-starts-near-shot-change"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-starts-near-shot-change-what"),
            msg!("rule-cue-starts-near-shot-change-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        for (i, cue) in input.cues() {
            let Some((cut, d)) = input.nearest_cut(cue.span().start()) else {
                continue;
            };
            let Some(zone) = start_zone(input, d) else {
                continue;
            };
            let at = cut.to_string();
            let w = input.limits.shots.window;
            let f = match zone {
                StartZone::After { frames } => Finding::new(
                    self.id(),
                    msg!(
                        "finding-starts-after-cut",
                        frames = frames_arg(frames),
                        at = at.clone()
                    ),
                )
                .hint(msg!("hint-start-on-cut", at = at)),
                StartZone::Red { frames } => Finding::new(
                    self.id(),
                    msg!(
                        "finding-starts-before-cut",
                        frames = frames_arg(frames),
                        at = at.clone()
                    ),
                )
                .hint(msg!("hint-start-on-cut", at = at)),
                StartZone::Green { frames, disputed } => {
                    let f = Finding::new(
                        self.id(),
                        msg!(
                            "finding-starts-before-cut",
                            frames = frames_arg(frames),
                            at = at
                        ),
                    )
                    .hint(msg!(
                        "hint-start-before-cut",
                        frames = frames_arg(w),
                        at = input.frame_time(input.frame(cut) - w).to_string()
                    ));
                    if disputed {
                        f.at_most(Severity::Warning)
                    } else {
                        f
                    }
                }
            };
            out.push(f.cue(i, cue.span()).at(cut));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    /// Cues starting `offset` frames from a cut at frame 300 (negative = before the cut).
    fn flagged(rate: FrameRate, offset: i64) -> Vec<Finding> {
        Fixture::new(rate)
            .cut_frames(&[300])
            .cue_frames(300 + offset, 360, "x")
            .run(&CueStartsNearShotChange)
    }

    #[test]
    fn window_boundaries_at_every_common_rate() {
        // (rate, W, red zone): timing-rules.md §4.2, Netflix-text columns.
        for (rate, w, red) in [
            (FrameRate::FPS_24, 12, 7),
            (FrameRate::FPS_25, 12, 7),
            (FrameRate::FPS_29_97, 15, 8),
            (FrameRate::FPS_30, 15, 8),
        ] {
            assert!(flagged(rate, 0).is_empty(), "{rate}: on the cut");
            for after in [1, w - 1] {
                assert_eq!(flagged(rate, after).len(), 1, "{rate}: {after} after");
            }
            assert!(flagged(rate, w).is_empty(), "{rate}: W after");
            for before in [1, red] {
                let f = flagged(rate, -before);
                assert_eq!(f.len(), 1, "{rate}: {before} before");
                assert_eq!(f[0].cap, Severity::Error);
            }
            // The disputed frame: a warning.
            let f = flagged(rate, -(red + 1));
            assert_eq!((f.len(), f[0].cap), (1, Severity::Warning), "{rate}");
            let f = flagged(rate, -(w - 1));
            assert_eq!((f.len(), f[0].cap), (1, Severity::Error), "{rate}");
            assert!(flagged(rate, -w).is_empty(), "{rate}: W before");
        }
    }

    #[test]
    fn issue_examples_at_24_fps() {
        // In-cue 1, 7, 8, 11, 12 frames before a cut.
        let n = |o| flagged(FrameRate::FPS_24, o).len();
        assert_eq!([n(-1), n(-7), n(-8), n(-11), n(-12)], [1, 1, 1, 1, 0]);
    }

    #[test]
    fn explicit_red_zone_removes_the_dispute() {
        let f = Fixture::new(FrameRate::FPS_24)
            .overrides("[all]\nin_red_frames = 8\n")
            .cut_frames(&[300])
            .cue_frames(292, 360, "x")
            .run(&CueStartsNearShotChange);
        assert_eq!(f[0].cap, Severity::Error);
    }
}
