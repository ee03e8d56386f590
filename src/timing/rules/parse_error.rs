//! `parse-error`: a file that cannot be decoded or parsed. Its other rules cannot run.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct ParseError;

impl Rule for ParseError {
    fn id(&self) -> &'static str {
        "parse-error"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (msg!("rule-parse-error-what"), msg!("rule-parse-error-why"))
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        if let Some((message, line)) = &input.file.error {
            let f = Finding::new(self.id(), message.clone()).hint(msg!("hint-parse-error"));
            out.push(match line {
                Some(l) => f.line(*l),
                None => f,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    #[test]
    fn reports_the_read_error_with_its_line() {
        let mut f = Fixture::new(FrameRate::FPS_30);
        assert!(f.run(&ParseError).is_empty());
        f.file.error = Some((msg!("parse-error-empty"), Some(7)));
        let found = f.run(&ParseError);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(7));
    }
}
