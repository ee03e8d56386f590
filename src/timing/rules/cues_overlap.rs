//! `cues-overlap`: a cue starts before the previous one ends.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CuesOverlap;

impl Rule for CuesOverlap {
    fn id(&self) -> &'static str {
        "cues-overlap"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cues-overlap-what"),
            msg!("rule-cues-overlap-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        for ((_, prev), (i, cue)) in input.pairs() {
            let (end, start) = (prev.span().end(), cue.span().start());
            if start < end {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!(
                            "finding-cues-overlap",
                            ms = end.get() - start.get(),
                            previous = i
                        ),
                    )
                    .cue(i, cue.span())
                    .at(end)
                    .hint(msg!(
                        "hint-cues-overlap",
                        frames = input.limits.min_gap.max(0)
                    )),
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
    fn flags_overlap_not_touching_cues() {
        let f = Fixture::new(FrameRate::FPS_30)
            .cue(0, 2000, "a")
            .cue(1999, 3000, "b")
            .cue(3000, 4000, "c");
        assert_eq!(f.flagged(&CuesOverlap), vec![2]);
    }
}
