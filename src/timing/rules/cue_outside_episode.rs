//! `cue-outside-episode`: a cue that ends after the video does (timed text must be conformed
//! to the video length).

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueOutsideEpisode;

impl Rule for CueOutsideEpisode {
    fn id(&self) -> &'static str {
        "cue-outside-episode"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-outside-episode-what"),
            msg!("rule-cue-outside-episode-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let Some(duration) = input.duration else {
            return;
        };
        for (i, cue) in input.cues() {
            if cue.span().end() > duration {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!(
                            "finding-cue-outside-episode",
                            end = cue.span().end().to_string(),
                            duration = duration.to_string()
                        ),
                    )
                    .cue(i, cue.span())
                    .at(duration),
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
    fn ending_on_the_last_frame_is_inside() {
        let f = Fixture::new(FrameRate::FPS_30)
            .duration(60_000)
            .cue(58_000, 60_000, "last")
            .cue(60_000, 60_001, "after");
        assert_eq!(f.flagged(&CueOutsideEpisode), vec![2]);
        let f = Fixture::new(FrameRate::FPS_30).cue(58_000, 99_000, "no duration known");
        assert!(f.flagged(&CueOutsideEpisode).is_empty());
    }
}
