//! `track-missing`: an episode lacks a track in a language the series (or the market) is
//! delivered in.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct TrackMissing;

impl Rule for TrackMissing {
    fn id(&self) -> &'static str {
        "track-missing"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-track-missing-what"),
            msg!("rule-track-missing-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        if !input.file.exists {
            let lang = input.language.map_or_else(String::new, |l| l.to_string());
            out.push(
                Finding::new(
                    self.id(),
                    msg!("finding-track-missing", lang = lang.clone()),
                )
                .hint(msg!("hint-track-missing", lang = lang)),
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
    fn only_missing_files_are_flagged() {
        let mut f = Fixture::new(FrameRate::FPS_30);
        assert!(f.run(&TrackMissing).is_empty());
        f.file.exists = false;
        assert_eq!(f.run(&TrackMissing).len(), 1);
    }
}
