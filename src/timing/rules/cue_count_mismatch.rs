//! `cue-count-mismatch`: a translated track shows a different number of cues than its
//! source track in the same episode — a line was merged, split, added or lost. One finding
//! per track; `timing-mismatch` points at the cues that no longer line up.

use super::{Rule, TrackInput, is_comment};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct CueCountMismatch;

impl Rule for CueCountMismatch {
    fn id(&self) -> &'static str {
        "cue-count-mismatch"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-cue-count-mismatch-what"),
            msg!("rule-cue-count-mismatch-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let (Some(source), Some(_)) = (input.source, input.track) else {
            return;
        };
        let count = input.cues().count();
        let source_count = source.track.cues.iter().filter(|c| !is_comment(c)).count();
        if count != source_count {
            out.push(
                Finding::new(
                    self.id(),
                    msg!(
                        "finding-cue-count-mismatch",
                        count = count,
                        source = source_count,
                        lang = source.language.to_string()
                    ),
                )
                .hint(msg!("hint-cue-count-mismatch")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn source() -> Fixture {
        Fixture::new(FrameRate::FPS_30)
            .source("zh-Hans")
            .source_cue(0, 1000, "一")
            .source_cue(1000, 2000, "二")
            .source_cue(2000, 3000, "三")
    }

    #[test]
    fn a_lost_cue_is_one_finding_for_the_track() {
        let f = source().cue(0, 1000, "One").cue(2000, 3000, "Three");
        let found = f.run(&CueCountMismatch);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, None);
        assert_eq!(
            found[0].message,
            msg!(
                "finding-cue-count-mismatch",
                count = 2usize,
                source = 3usize,
                lang = "zh-Hans"
            )
        );
    }

    #[test]
    fn same_count_is_clean_even_when_retimed() {
        let f = source()
            .cue(0, 900, "One")
            .cue(1100, 2000, "Two")
            .cue(2500, 3500, "Three");
        assert!(f.run(&CueCountMismatch).is_empty());
    }

    #[test]
    fn an_added_cue_and_a_missing_source_are_handled() {
        let f = source()
            .cue(0, 1000, "One")
            .cue(1000, 2000, "Two")
            .cue(2000, 2500, "Three,")
            .cue(2500, 3000, "and four");
        assert_eq!(f.flagged(&CueCountMismatch), Vec::<usize>::new());
        assert_eq!(f.run(&CueCountMismatch).len(), 1);
        let alone = Fixture::new(FrameRate::FPS_30).cue(0, 1000, "One");
        assert!(alone.run(&CueCountMismatch).is_empty());
    }
}
