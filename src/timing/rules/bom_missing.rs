//! `bom-missing`: the destination requires a byte order mark (the market spec says so, for
//! players that otherwise guess a legacy encoding) and the file has none. Never reported
//! without such a requirement.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;

pub struct BomMissing;

impl Rule for BomMissing {
    fn id(&self) -> &'static str {
        "bom-missing"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (msg!("rule-bom-missing-what"), msg!("rule-bom-missing-why"))
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let Some(decode) = input.file.decode.as_ref() else {
            return;
        };
        if input.file.want_bom == Some(true) && decode.bom.is_none() {
            out.push(
                Finding::new(
                    self.id(),
                    msg!("finding-bom-missing", encoding = decode.encoding.name()),
                )
                .hint(msg!("hint-bom-missing")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::encoding::{Confidence, DecodeInfo, TextEncoding};
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn with(bom: bool, want: Option<bool>) -> Vec<Finding> {
        let mut f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "x");
        f.file.decode = Some(DecodeInfo {
            encoding: TextEncoding::Utf8,
            bom: bom.then_some(TextEncoding::Utf8),
            confidence: Confidence::Certain,
        });
        f.file.want_bom = want;
        f.run(&BomMissing)
    }

    #[test]
    fn a_required_bom_that_is_missing() {
        assert_eq!(with(false, Some(true)).len(), 1);
    }

    #[test]
    fn near_miss_present_or_not_required() {
        assert!(with(true, Some(true)).is_empty());
        assert!(with(false, None).is_empty());
        assert!(with(false, Some(false)).is_empty());
    }
}
