//! `cue-too-long`: a cue on screen longer than the maximum (7 s by default): viewers re-read
//! it, and it usually means the timing slipped.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueTooLong;

impl Rule for CueTooLong {
    fn id(&self) -> &'static str {
        "cue-too-long"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-too-long-what"),
            msg!("rule-cue-too-long-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let max = input.limits.max_duration;
        for (i, cue) in input.cues() {
            let d = cue.span().duration();
            if d > max {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!("finding-cue-too-long", ms = d.get(), max = max.get()),
                    )
                    .cue(i, cue.span())
                    .hint(msg!("hint-cue-too-long", max = max.get())),
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
    fn seven_seconds_is_the_limit() {
        let f = Fixture::new(FrameRate::FPS_30)
            .cue(0, 7000, "ok")
            .cue(8000, 15001, "long");
        assert_eq!(f.flagged(&CueTooLong), vec![2]);
    }
}
