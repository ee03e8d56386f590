//! `gap-too-small`: two cues closer than the minimum gap (2 frames at every frame rate by
//! default; timing-rules.md T4), so the eye sees one flickering subtitle.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct GapTooSmall;

impl Rule for GapTooSmall {
    fn id(&self) -> &'static str {
        "gap-too-small"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-gap-too-small-what"),
            msg!("rule-gap-too-small-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let min = input.limits.min_gap;
        for ((_, prev), (i, cue)) in input.pairs() {
            let (end, start) = (prev.span().end(), cue.span().start());
            if start < end {
                continue; // cues-overlap
            }
            let gap = input.frame(start) - input.frame(end);
            if gap < min {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!("finding-gap-too-small", frames = gap, min = min),
                    )
                    .cue(i, cue.span())
                    .at(end)
                    .hint(msg!("hint-gap-too-small", frames = min)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    #[test]
    fn one_frame_is_too_small_two_is_enough() {
        for rate in [FrameRate::FPS_24, FrameRate::FPS_29_97] {
            let f = Fixture::new(rate)
                .cue_frames(0, 50, "a")
                .cue_frames(51, 100, "b")
                .cue_frames(102, 150, "c")
                .cue_frames(150, 200, "d");
            assert_eq!(f.flagged(&GapTooSmall), vec![2, 4], "{rate}");
        }
    }
}
