//! `gap-not-chained`: a gap longer than the minimum but short enough (half a second by
//! default) that the subtitles should be chained: the previous one ends the minimum gap
//! before the next (timing-rules.md T3). Gaps with a shot change in them are left to the
//! shot-change rules.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::TimeSpan;
use crate::msg;

pub struct GapNotChained;

impl Rule for GapNotChained {
    fn id(&self) -> &'static str {
        "gap-not-chained"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-gap-not-chained-what"),
            msg!("rule-gap-not-chained-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let (min, chain) = (input.limits.min_gap, input.limits.chain);
        for ((_, prev), (i, cue)) in input.pairs() {
            let (end, start) = (prev.span().end(), cue.span().start());
            if start <= end {
                continue;
            }
            let gap = input.frame(start) - input.frame(end);
            if gap <= min || gap > chain {
                continue;
            }
            let has_cut = TimeSpan::new(end, start)
                .is_ok_and(|s| !input.cuts_within(s).is_empty() || input.cuts.contains(&start));
            if has_cut {
                continue;
            }
            out.push(
                Finding::new(self.id(), msg!("finding-gap-not-chained", frames = gap))
                    .cue(i, cue.span())
                    .at(end)
                    .hint(msg!("hint-gap-not-chained", frames = min)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    #[test]
    fn gaps_of_three_to_w_frames_are_chained() {
        // W = 12 at 24 fps, 15 at 30.
        for (rate, w) in [(FrameRate::FPS_24, 12), (FrameRate::FPS_30, 15)] {
            let f = Fixture::new(rate)
                .cue_frames(0, 40, "a")
                .cue_frames(42, 80, "b") // 2: fine
                .cue_frames(83, 120, "c") // 3: chain
                .cue_frames(120 + w, 200, "d") // W: chain
                .cue_frames(200 + w + 1, 300, "e"); // W + 1: fine
            assert_eq!(f.flagged(&GapNotChained), vec![3, 4], "{rate}");
        }
    }

    #[test]
    fn a_cut_in_the_gap_leaves_it_alone() {
        let f = Fixture::new(FrameRate::FPS_30)
            .cue_frames(0, 40, "a")
            .cue_frames(45, 80, "b")
            .cut_frames(&[45]);
        assert!(f.flagged(&GapNotChained).is_empty());
    }
}
