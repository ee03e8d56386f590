//! `line-too-long`: a line is wider than the characters-per-line limit (timing-rules.md §5,
//! §7), counted with the language's rule (a half-width CJK character is 0.5). One finding per
//! cue, naming its widest line. `check --fix` re-breaks the cue when its text fits the lines
//! allowed ([`crate::timing::linebreak::rebreak`]).

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::msg;
use crate::timing::linebreak;
use crate::timing::measure::line_width;

pub struct LineTooLong;

impl Rule for LineTooLong {
    fn id(&self) -> &'static str {
        "line-too-long"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn fixable(&self) -> bool {
        true
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-line-too-long-what"),
            msg!("rule-line-too-long-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let limits = input.limits;
        for (i, cue) in input.cues() {
            let text = input.text(i);
            let mut widest: Option<(usize, &str)> = None;
            for (n, line) in text.split('\n').enumerate() {
                if linebreak::line_fits(line, limits) {
                    continue;
                }
                let w = line_width(line, limits.counting, limits.count_mode);
                if widest.is_none_or(|(_, l)| w > line_width(l, limits.counting, limits.count_mode))
                {
                    widest = Some((n, line));
                }
            }
            let Some((n, line)) = widest else {
                continue;
            };
            let chars = line_width(line, limits.counting, limits.count_mode);
            out.push(
                Finding::new(
                    self.id(),
                    msg!(
                        "finding-line-too-long",
                        line = n + 1,
                        chars = chars,
                        max = limits.cpl
                    ),
                )
                .cue(i, cue.span())
                .hint(rebreak_hint(input, i))
                .manual_unless_rebreakable(),
            );
        }
    }
}

/// What to suggest for a cue whose lines do not fit: `--fix` when the re-breaker can lay the
/// text out (and the fixer will touch it: no inline markup), else shortening or splitting.
/// Findings whose hint is not "re-break with --fix" need a person.
pub(crate) trait ManualUnlessRebreakable {
    fn manual_unless_rebreakable(self) -> Self;
}

impl ManualUnlessRebreakable for Finding {
    fn manual_unless_rebreakable(self) -> Finding {
        if self.hint.as_ref().is_some_and(|h| h.id == "hint-rebreak") {
            self
        } else {
            self.manual()
        }
    }
}

pub(crate) fn rebreak_hint(input: &TrackInput<'_>, index: usize) -> Message {
    let text = input.text(index);
    let raw = input
        .track
        .and_then(|t| t.cues.get(index))
        .map_or(text, |c| c.text());
    let limits = input.limits;
    if linebreak::rebreak(text, limits, input.language).is_none() {
        msg!(
            "hint-text-does-not-fit",
            max = limits.cpl,
            lines = limits.max_lines
        )
    } else if raw != text {
        msg!("hint-rebreak-by-hand")
    } else {
        msg!("hint-rebreak")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Arg;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    #[test]
    fn a_line_over_the_limit_is_flagged_once_per_cue() {
        let long = "a".repeat(43);
        let f = Fixture::new(FrameRate::FPS_25)
            .cue(0, 1000, &"a".repeat(42))
            .cue(2000, 3000, &format!("short\n{long}"))
            .cue(4000, 5000, &format!("{long}\n{long}b"));
        let found = f.run(&LineTooLong);
        assert_eq!(
            found.iter().map(|x| x.cue).collect::<Vec<_>>(),
            vec![Some(2), Some(3)]
        );
        let args = &found[0].message.args;
        assert!(args.contains(&("line", Arg::Int(2))));
        assert!(args.contains(&("chars", Arg::Float(43.0))));
        assert!(args.contains(&("max", Arg::Float(42.0))));
        // The widest line of cue 3 is its second.
        assert!(found[1].message.args.contains(&("line", Arg::Int(2))));
    }

    #[test]
    fn near_miss_cjk_half_width_counts_half() {
        // Vertical preset, Chinese: 12 per line. 11 Han + 2 digits = 12 units: fits.
        let f = Fixture::new(FrameRate::FPS_25)
            .preset(crate::timing::Preset::Vertical)
            .lang("zh-Hans")
            .cue(0, 1000, "我们一起去吃饭好不好吗12")
            .cue(2000, 3000, "我们一起去吃饭好不好吗呢1");
        assert_eq!(f.flagged(&LineTooLong), vec![2]);
    }

    #[test]
    fn the_hint_says_whether_fix_can_re_break() {
        let f = Fixture::new(FrameRate::FPS_25)
            .overrides("[all]\ncpl = 25\n")
            .cue(0, 1000, "This sentence is a bit too long for one line")
            .cue(2000, 3000, "Pneumonoultramicroscopicsilicovolcanoconiosis")
            .cue(
                4000,
                5000,
                "<i>This sentence is a bit too long for one line</i>",
            );
        let hints: Vec<&str> = f
            .run(&LineTooLong)
            .iter()
            .map(|x| x.hint.as_ref().unwrap().id)
            .collect();
        assert_eq!(
            hints,
            [
                "hint-rebreak",
                "hint-text-does-not-fit",
                "hint-rebreak-by-hand"
            ]
        );
    }
}
