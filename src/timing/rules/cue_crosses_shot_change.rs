//! `cue-crosses-shot-change`: a cue stays on screen across a shot change, well away from its
//! own start and end (those cases belong to the start/end rules). Allowed when the dialogue
//! runs across the cut, but worth a look: subtitles should not be carried into a new scene.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueCrossesShotChange;

impl Rule for CueCrossesShotChange {
    fn id(&self) -> &'static str {
        "cue-crosses-shot-change"
    }

    fn default_severity(&self) -> Severity {
        Severity::Info
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-crosses-shot-change-what"),
            msg!("rule-cue-crosses-shot-change-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let s = input.limits.shots;
        for (i, cue) in input.cues() {
            let span = cue.span();
            let (start, end) = (input.frame(span.start()), input.frame(span.end()));
            let crossed = input.cuts_within(span).iter().find(|c| {
                let f = input.frame(**c);
                f - start > s.in_green && end - f > s.out_after
            });
            if let Some(cut) = crossed {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!("finding-cue-crosses-shot-change", at = cut.to_string()),
                    )
                    .cue(i, span)
                    .at(*cut)
                    .hint(msg!("hint-cue-crosses-shot-change")),
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
    fn only_cuts_away_from_both_ends_count() {
        let f = Fixture::new(FrameRate::FPS_30)
            .cut_frames(&[100, 300, 520])
            .cue_frames(50, 150, "crosses 100 well inside")
            .cue_frames(286, 400, "starts 14 frames before 300: the start rule's")
            .cue_frames(450, 530, "ends 10 after 520: the end rule's");
        assert_eq!(f.flagged(&CueCrossesShotChange), vec![1]);
    }
}
