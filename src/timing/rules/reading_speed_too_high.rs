//! `reading-speed-too-high`: a cue has more characters per second than the language's limit
//! (timing-rules.md §5–§6). Characters are counted over all lines with the spec's counting
//! rule and count mode (line breaks and markup never count) and divided by the cue's own
//! duration. Not fixable: only a longer cue or a shorter text helps, and words are never
//! changed automatically.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;
use crate::timing::measure::text_width;

pub struct ReadingSpeedTooHigh;

/// Reading speeds this close above the limit are floating-point noise, not findings.
const EPSILON: f64 = 1e-6;

impl Rule for ReadingSpeedTooHigh {
    fn id(&self) -> &'static str {
        "reading-speed-too-high"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-reading-speed-too-high-what"),
            msg!("rule-reading-speed-too-high-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let limits = input.limits;
        let limit = limits.cps;
        if !(limit.is_finite() && limit > 0.0) {
            return;
        }
        for (i, cue) in input.cues() {
            let ms = cue.span().duration().get();
            if ms <= 0 {
                continue;
            }
            let text = input.text(i);
            // Every counted character is at least one code point: a cue within the limit by
            // code points needs no segmenting (most cues of a well-timed track).
            let upper = text.chars().filter(|c| *c != '\n').count();
            if upper as f64 * 1000.0 / ms as f64 <= limit + EPSILON {
                continue;
            }
            let chars = text_width(text, limits.counting, limits.count_mode);
            if chars <= 0.0 {
                continue;
            }
            let cps = chars * 1000.0 / ms as f64;
            if cps <= limit + EPSILON {
                continue;
            }
            // The shortest duration at which this text reads at the limit.
            let needed = (chars * 1000.0 / limit - EPSILON).ceil() as i64;
            out.push(
                Finding::new(
                    self.id(),
                    msg!(
                        "finding-reading-speed-too-high",
                        cps = one_decimal_up(cps),
                        max = limit,
                        chars = chars,
                        ms = ms
                    ),
                )
                .cue(i, cue.span())
                .hint(msg!("hint-reading-speed-too-high", ms = needed)),
            );
        }
    }
}

/// A reading speed with one decimal, rounded up so that a speed just over the limit never
/// shows as the limit itself (20.04 over 20 shows as `20.1`).
fn one_decimal_up(cps: f64) -> String {
    format!("{:.1}", (cps * 10.0 - 1e-6).ceil() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Finding;
    use crate::message::Arg;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn arg<'a>(f: &'a Finding, name: &str) -> &'a Arg {
        &f.message.args.iter().find(|(n, _)| *n == name).unwrap().1
    }

    #[test]
    fn twenty_one_characters_in_one_second_is_too_fast_in_english() {
        // English limit 20 cps (Netflix preset).
        let f = Fixture::new(FrameRate::FPS_25)
            .cue(0, 1000, "abcdefghij\nklmnopqrst")
            .cue(2000, 3000, "abcdefghij\nklmnopqrstu");
        let found = f.run(&ReadingSpeedTooHigh);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, Some(2));
        assert_eq!(arg(&found[0], "cps"), &Arg::Str("21.0".into()));
        assert_eq!(arg(&found[0], "max"), &Arg::Float(20.0));
        assert_eq!(
            found[0].hint.as_ref().unwrap().args,
            vec![("ms", Arg::Int(1050))]
        );
    }

    #[test]
    fn near_miss_exactly_at_the_limit_is_fine() {
        // 20 characters (line break not counted) in exactly one second.
        let f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "abcdefghij\nklmnopqrst");
        assert!(f.flagged(&ReadingSpeedTooHigh).is_empty());
        // 17 cps for Spanish: 17 characters in 1 s passes, 18 does not.
        let f = Fixture::new(FrameRate::FPS_25)
            .lang("es-419")
            .cue(0, 1000, "abcdefghijklmnopq")
            .cue(2000, 3000, "abcdefghijklmnopqr");
        assert_eq!(f.flagged(&ReadingSpeedTooHigh), vec![2]);
    }

    #[test]
    fn counting_follows_the_language() {
        // Chinese: 9 cps; half-width digits count 0.5. 9 units in 1 s is fine.
        let f = Fixture::new(FrameRate::FPS_25)
            .lang("zh-Hans")
            .cue(0, 1000, "你好世界我们走12")
            .cue(2000, 3000, "你好世界我们走吧吗");
        assert_eq!(f.flagged(&ReadingSpeedTooHigh), Vec::<usize>::new());
        let f =
            Fixture::new(FrameRate::FPS_25)
                .lang("zh-Hans")
                .cue(0, 1000, "你好世界我们走吧吗呢");
        assert_eq!(f.flagged(&ReadingSpeedTooHigh), vec![1]);
        // Aegisub's count mode leaves out spaces and punctuation.
        let f = Fixture::new(FrameRate::FPS_25)
            .overrides("[all]\ncps = 10\ncount_mode = \"no-space-or-punctuation\"\n")
            .cue(0, 1000, "a b c d e, f g h i j!");
        assert!(f.flagged(&ReadingSpeedTooHigh).is_empty());
    }

    #[test]
    fn reported_speed_rounds_up() {
        assert_eq!(one_decimal_up(20.04), "20.1");
        assert_eq!(one_decimal_up(17.1), "17.1");
        assert_eq!(one_decimal_up(17.0), "17.0");
    }
}
