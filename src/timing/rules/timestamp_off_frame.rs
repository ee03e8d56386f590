//! `timestamp-off-frame`: a start or end that is not on a frame boundary of the episode's
//! frame rate. Tolerance: 1 ms (tools that truncate instead of rounding), 5 ms for ASS,
//! which stores centiseconds.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::{Format, Millis};
use crate::msg;

pub struct TimestampOffFrame;

/// How far from a frame boundary a time may be in a format.
pub fn tolerance(format: Format) -> i64 {
    match format {
        Format::Ass | Format::Ssa => 5,
        _ => 1,
    }
}

impl Rule for TimestampOffFrame {
    fn id(&self) -> &'static str {
        "timestamp-off-frame"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-timestamp-off-frame-what"),
            msg!("rule-timestamp-off-frame-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let Some(track) = input.track else {
            return;
        };
        let tol = tolerance(track.format);
        let rate = input.limits.frame_rate;
        let off = |t: Millis| (rate.snap_to_frame(t).get() - t.get()).abs() > tol;
        for (i, cue) in input.cues() {
            let span = cue.span();
            for t in [span.start(), span.end()] {
                if off(t) {
                    out.push(
                        Finding::new(
                            self.id(),
                            msg!(
                                "finding-timestamp-off-frame",
                                time = t.to_string(),
                                fps = rate.to_string(),
                                nearest = rate.snap_to_frame(t).to_string()
                            ),
                        )
                        .cue(i, span)
                        .at(t),
                    );
                    break;
                }
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
    fn boundaries_pass_and_times_between_frames_do_not() {
        let f = Fixture::new(FrameRate::FPS_29_97)
            .cue(1001, 2002, "on frames 30 and 60")
            .cue(3003, 4004 + 1, "one millisecond off is tolerated")
            .cue(5000, 6006, "5000 is between frames 149 and 150");
        assert_eq!(f.flagged(&TimestampOffFrame), vec![3]);
    }
}
