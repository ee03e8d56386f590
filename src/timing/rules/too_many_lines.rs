//! `too-many-lines`: a cue has more lines than allowed (2 by default; timing-rules.md §1).
//! `check --fix` re-breaks the cue when its text fits in the allowed lines
//! ([`crate::timing::linebreak::rebreak`]); otherwise it must be shortened or split.

use super::line_too_long::{ManualUnlessRebreakable, rebreak_hint};
use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct TooManyLines;

impl Rule for TooManyLines {
    fn id(&self) -> &'static str {
        "too-many-lines"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-too-many-lines-what"),
            msg!("rule-too-many-lines-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let max = input.limits.max_lines;
        for (i, cue) in input.cues() {
            let lines = input.text(i).split('\n').count();
            if lines as u64 > u64::from(max) {
                out.push(
                    Finding::new(
                        self.id(),
                        msg!("finding-too-many-lines", lines = lines, max = max),
                    )
                    .cue(i, cue.span())
                    .hint(rebreak_hint(input, i))
                    .manual_unless_rebreakable(),
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
    fn three_lines_over_a_limit_of_two() {
        let f = Fixture::new(FrameRate::FPS_25)
            .cue(0, 1000, "one\ntwo")
            .cue(2000, 3000, "one\ntwo\nthree");
        let found = f.run(&TooManyLines);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, Some(2));
        // The three short lines fit on one: `--fix` can re-break them.
        assert_eq!(found[0].hint.as_ref().unwrap().id, "hint-rebreak");
    }

    #[test]
    fn near_miss_three_lines_allowed_by_the_spec() {
        let f = Fixture::new(FrameRate::FPS_25)
            .overrides("[all]\nmax_lines = 3\n")
            .cue(0, 1000, "one\ntwo\nthree")
            .cue(2000, 3000, "one\ntwo\nthree\nfour");
        assert_eq!(f.flagged(&TooManyLines), vec![2]);
    }

    #[test]
    fn dialogue_that_cannot_fit_says_so() {
        let f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "- Who?\n- Me.\n- You?");
        let found = f.run(&TooManyLines);
        assert_eq!(found[0].hint.as_ref().unwrap().id, "hint-text-does-not-fit");
    }
}
