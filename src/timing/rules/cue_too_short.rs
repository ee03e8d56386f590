//! `cue-too-short`: a cue shorter than the minimum duration (5/6 s by default,
//! timing-rules.md T5): too brief to read even when short.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueTooShort;

impl Rule for CueTooShort {
    fn id(&self) -> &'static str {
        "cue-too-short"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-too-short-what"),
            msg!("rule-cue-too-short-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let min = input.limits.min_duration;
        for (i, cue) in input.cues() {
            let d = cue.span().duration();
            if d < min && !input.text(i).trim().is_empty() {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!("finding-cue-too-short", ms = d.get(), min = min.get()),
                    )
                    .cue(i, cue.span())
                    .hint(msg!("hint-cue-too-short", min = min.get())),
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
    fn twenty_frames_at_24_is_long_enough() {
        let f = Fixture::new(FrameRate::FPS_24)
            .cue_frames(0, 20, "ok")
            .cue_frames(30, 49, "short")
            .cue(3000, 3832, "short by a millisecond");
        assert_eq!(f.flagged(&CueTooShort), vec![2, 3]);
    }
}
