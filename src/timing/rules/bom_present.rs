//! `bom-present`: the file starts with a byte order mark that its destination does not want
//! (the market spec says no BOM). Without a preference, a UTF-8 BOM is still reported, as
//! information only: some players show it as a stray character before the first cue.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::formats::encoding::TextEncoding;
use crate::message::Message;
use crate::msg;

pub struct BomPresent;

impl Rule for BomPresent {
    fn id(&self) -> &'static str {
        "bom-present"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (msg!("rule-bom-present-what"), msg!("rule-bom-present-why"))
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let Some(bom) = input.file.decode.as_ref().and_then(|d| d.bom) else {
            return;
        };
        let f = Finding::new(
            self.id(),
            msg!("finding-bom-present", encoding = bom.name()),
        )
        .hint(msg!("hint-bom-present"));
        match input.file.want_bom {
            Some(false) => out.push(f),
            None if bom == TextEncoding::Utf8 => out.push(f.at_most(Severity::Info)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::encoding::{Confidence, DecodeInfo};
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn with(bom: Option<TextEncoding>, encoding: TextEncoding, want: Option<bool>) -> Vec<Finding> {
        let mut f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "x");
        f.file.decode = Some(DecodeInfo {
            encoding,
            bom,
            confidence: Confidence::Bom,
        });
        f.file.want_bom = want;
        f.run(&BomPresent)
    }

    #[test]
    fn an_unwanted_bom_is_a_warning_and_an_unasked_utf8_bom_is_information() {
        let u8 = TextEncoding::Utf8;
        let found = with(Some(u8), u8, Some(false));
        assert_eq!((found.len(), found[0].cap), (1, Severity::Error));
        let found = with(Some(u8), u8, None);
        assert_eq!((found.len(), found[0].cap), (1, Severity::Info));
        let le = TextEncoding::Utf16Le;
        assert_eq!(with(Some(le), le, Some(false)).len(), 1);
    }

    #[test]
    fn near_miss_wanted_or_absent_bom() {
        let u8 = TextEncoding::Utf8;
        assert!(with(Some(u8), u8, Some(true)).is_empty());
        assert!(with(None, u8, Some(false)).is_empty());
        assert!(with(None, u8, None).is_empty());
        // UTF-16 needs its BOM: not reported without a preference.
        let le = TextEncoding::Utf16Le;
        assert!(with(Some(le), le, None).is_empty());
        // An unreadable file has no decode facts.
        let f = Fixture::new(FrameRate::FPS_25);
        assert!(f.run(&BomPresent).is_empty());
    }
}
