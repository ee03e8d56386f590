//! `encoding-not-utf8`: the file is not UTF-8 (GBK, Big5, UTF-16, Windows-125x…). dramaloc
//! reads it, but distributors and most players expect UTF-8, and legacy encodings cannot
//! hold every language of a series.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::formats::encoding::TextEncoding;
use crate::message::Message;
use crate::msg;

pub struct EncodingNotUtf8;

impl Rule for EncodingNotUtf8 {
    fn id(&self) -> &'static str {
        "encoding-not-utf8"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-encoding-not-utf8-what"),
            msg!("rule-encoding-not-utf8-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let Some(decode) = input.file.decode.as_ref() else {
            return;
        };
        let is_utf8 = match decode.encoding {
            TextEncoding::Utf8 => true,
            TextEncoding::Legacy(e) => e == encoding_rs::UTF_8,
            _ => false,
        };
        if !is_utf8 {
            out.push(
                Finding::new(
                    self.id(),
                    msg!(
                        "finding-encoding-not-utf8",
                        encoding = decode.encoding.name()
                    ),
                )
                .hint(msg!("hint-encoding-not-utf8")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::encoding::{Confidence, DecodeInfo};
    use crate::message::Arg;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn with(encoding: TextEncoding) -> Vec<Finding> {
        let mut f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "x");
        f.file.decode = Some(DecodeInfo {
            encoding,
            bom: None,
            confidence: Confidence::Guess,
        });
        f.run(&EncodingNotUtf8)
    }

    #[test]
    fn legacy_and_utf16_files_are_named() {
        let found = with(TextEncoding::Legacy(encoding_rs::GBK));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message.args,
            vec![("encoding", Arg::Str("GBK".into()))]
        );
        assert_eq!(with(TextEncoding::Utf16Le).len(), 1);
        assert_eq!(with(TextEncoding::Legacy(encoding_rs::BIG5)).len(), 1);
    }

    #[test]
    fn near_miss_utf8() {
        assert!(with(TextEncoding::Utf8).is_empty());
        assert!(
            Fixture::new(FrameRate::FPS_25)
                .run(&EncodingNotUtf8)
                .is_empty()
        );
    }
}
