//! `cue-ends-near-shot-change`: a cue ends on a shot change, just before it, or just after it
//! (timing-rules.md S4/S5). It should end `out_offset` frames (2 by default) before the cut:
//! ending on or 1 frame before a cut flickers, and carrying a subtitle a few frames into
//! the next shot is jarring.

use super::{Rule, TrackInput, frames_arg};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueEndsNearShotChange;

/// Whether an end at frame distance `e` (end − cut) from a cut should move, for a cue that
/// starts at frame distance `d` (start − cut) from the same cut.
pub fn end_flagged(input: &TrackInput<'_>, d: i64, e: i64) -> bool {
    let s = input.limits.shots;
    if e == -s.out_offset {
        return false;
    }
    // A cue that starts after the cut merely ends early in the new shot.
    if e > 0 {
        d < 0 && e <= s.out_after
    } else {
        -e <= s.out_before
    }
}

impl Rule for CueEndsNearShotChange {
    fn id(&self) -> &'static str {
        "cue-ends-near-shot-change"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-ends-near-shot-change-what"),
            msg!("rule-cue-ends-near-shot-change-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let offset = input.limits.shots.out_offset;
        for (i, cue) in input.cues() {
            let span = cue.span();
            let Some((cut, e)) = input.nearest_cut(span.end()) else {
                continue;
            };
            let d = input.frame(span.start()) - input.frame(cut);
            if !end_flagged(input, d, e) {
                continue;
            }
            let at = cut.to_string();
            let message = match e {
                0 => msg!("finding-ends-on-cut", at = at),
                ..0 => msg!("finding-ends-before-cut", frames = frames_arg(-e), at = at),
                _ => msg!("finding-ends-after-cut", frames = frames_arg(e), at = at),
            };
            out.push(
                Finding::new(self.id(), message)
                    .cue(i, span)
                    .at(cut)
                    .hint(msg!(
                        "hint-end-before-cut",
                        frames = frames_arg(offset),
                        at = input.frame_time(input.frame(cut) - offset).to_string()
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    /// A cue from frame 200 ending `offset` frames from a cut at frame 300.
    fn n(rate: FrameRate, offset: i64) -> usize {
        Fixture::new(rate)
            .cut_frames(&[300])
            .cue_frames(200, 300 + offset, "x")
            .run(&CueEndsNearShotChange)
            .len()
    }

    #[test]
    fn window_boundaries_at_every_common_rate() {
        for (rate, w) in [
            (FrameRate::FPS_24, 12),
            (FrameRate::FPS_25, 12),
            (FrameRate::FPS_29_97, 15),
            (FrameRate::FPS_30, 15),
        ] {
            // Out-cue 0, 1, 2, 3, W−1, W frames before the cut.
            let before: Vec<usize> = [0, 1, 2, 3, w - 1, w].iter().map(|o| n(rate, -o)).collect();
            assert_eq!(before, [1, 1, 0, 1, 1, 0], "{rate}");
            // 1, W−1, W frames after the cut.
            let after: Vec<usize> = [1, w - 1, w].iter().map(|o| n(rate, *o)).collect();
            assert_eq!(after, [1, 1, 0], "{rate}");
        }
    }

    #[test]
    fn issue_examples_at_24_fps() {
        // Out-cue 0, 1, 2, 11, 12 frames before a cut.
        let v: Vec<usize> = [0i64, 1, 2, 11, 12]
            .iter()
            .map(|o| n(FrameRate::FPS_24, -o))
            .collect();
        assert_eq!(v, [1, 1, 0, 1, 0]);
    }

    #[test]
    fn a_cue_starting_on_the_cut_may_end_soon_after() {
        let f = Fixture::new(FrameRate::FPS_30)
            .cut_frames(&[300])
            .cue_frames(300, 305, "x");
        assert!(f.run(&CueEndsNearShotChange).is_empty());
    }
}
