//! `check --fix`: safe, deterministic timing edits (timing-rules.md §4.4).
//!
//! The fixer plans on a copy of the cue times and never touches words. Passes, in order:
//! frame-align → in-cue snaps → out-cue snaps → chaining → minimum gap → minimum duration →
//! maximum duration → line re-breaking. Every proposed edit goes through one safety check: start
//! before end, the minimum gap to both neighbours kept (so no overlap is ever created), no
//! duration pushed below the minimum or above the maximum, reading speed not pushed over the
//! limit, no new shot-change finding created, nothing past the end of the video. An edit
//! that fails the check is not made; its finding stays for a person to decide. The passes
//! repeat until nothing changes, so a second run makes no edits.
//!
//! Uses the same [`Limits`](super::Limits) and zone functions as the rules, so checker and
//! fixer cannot disagree.

use crate::diagnostics::{Edit, EditKind};
use crate::model::{Millis, TimeSpan};

use super::measure::text_width;
use super::rules::TrackInput;
use super::rules::cue_ends_near_shot_change::end_flagged;
use super::rules::cue_starts_near_shot_change::{StartZone, start_zone};
use super::rules::timestamp_off_frame::tolerance;

/// The fixer's result for one track: new times per displayed cue and the edits made.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// (index of the cue in the track, new span) for every cue whose times changed.
    pub spans: Vec<(usize, TimeSpan)>,
    /// (index of the cue in the track, new text) for every cue whose lines were re-broken.
    pub texts: Vec<(usize, String)>,
    pub edits: Vec<Edit>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// A re-breaking function: plain text in, re-broken text out (`None`: leave it).
pub type Rebreak<'a> = &'a dyn Fn(&str) -> Option<String>;

struct Fixer<'a, 'b> {
    input: &'b TrackInput<'a>,
    /// Track indices of displayed cues, in order.
    index: Vec<usize>,
    spans: Vec<TimeSpan>,
    edits: Vec<Edit>,
}

impl Fixer<'_, '_> {
    fn f(&self, t: Millis) -> i64 {
        self.input.frame(t)
    }

    fn t(&self, frame: i64) -> Millis {
        self.input.frame_time(frame)
    }

    fn cps_over(&self, k: usize, span: TimeSpan) -> bool {
        let l = self.input.limits;
        let chars = text_width(self.input.text(self.index[k]), l.counting, l.count_mode);
        let secs = span.duration().as_secs_f64();
        secs <= 0.0 || chars / secs > l.cps + 1e-9
    }

    /// Whether cue `k` may take `new` instead of its current span.
    fn safe(&self, k: usize, new: TimeSpan) -> bool {
        let old = self.spans[k];
        let l = self.input.limits;
        if new.start() >= new.end() {
            return false;
        }
        let (start_moved, end_moved) = (new.start() != old.start(), new.end() != old.end());
        if start_moved && k > 0 {
            let prev = self.spans[k - 1];
            if self.f(new.start()) - self.f(prev.end()) < l.min_gap || new.start() < prev.end() {
                return false;
            }
        }
        if end_moved
            && let Some(next) = self.spans.get(k + 1)
            && (self.f(next.start()) - self.f(new.end()) < l.min_gap || new.end() > next.start())
        {
            return false;
        }
        let (d_old, d_new) = (old.duration(), new.duration());
        if d_new < d_old && (d_new < l.min_duration || self.cps_over(k, new)) {
            return false;
        }
        if d_new > d_old && d_new > l.max_duration {
            return false;
        }
        if end_moved && new.end() > old.end() && self.input.duration.is_some_and(|d| new.end() > d)
        {
            return false;
        }
        if start_moved
            && let Some((_, d)) = self.input.nearest_cut(new.start())
            && start_zone(self.input, d).is_some()
        {
            return false;
        }
        if end_moved && let Some((cut, e)) = self.input.nearest_cut(new.end()) {
            let d = self.f(new.start()) - self.f(cut);
            if end_flagged(self.input, d, e) {
                return false;
            }
        }
        true
    }

    /// Make an edit if it is safe; returns whether it was made.
    fn propose(&mut self, k: usize, start: Millis, end: Millis, rule: &'static str) -> bool {
        let Ok(new) = TimeSpan::new(start, end) else {
            return false;
        };
        let old = self.spans[k];
        if new == old || !self.safe(k, new) {
            return false;
        }
        self.spans[k] = new;
        self.edits.push(Edit {
            cue: self.index[k] + 1,
            rule,
            kind: EditKind::Retime,
            before: old,
            after: new,
            text_before: None,
            text_after: None,
        });
        true
    }

    fn frame_align(&mut self) {
        let Some(track) = self.input.track else {
            return;
        };
        let tol = tolerance(track.format);
        let rate = self.input.limits.frame_rate;
        for k in 0..self.spans.len() {
            let s = self.spans[k];
            let snap = |t: Millis| {
                let n = rate.snap_to_frame(t);
                if (n.get() - t.get()).abs() > tol {
                    n
                } else {
                    t
                }
            };
            let (a, b) = (snap(s.start()), snap(s.end()));
            if (a, b) != (s.start(), s.end()) {
                self.propose_unchecked_align(k, a, b);
            }
        }
    }

    /// Frame alignment moves a time by less than half a frame; it only needs start < end and
    /// no overlap.
    fn propose_unchecked_align(&mut self, k: usize, a: Millis, b: Millis) {
        let Ok(new) = TimeSpan::new(a, b) else {
            return;
        };
        let prev_ok = k == 0 || self.spans[k - 1].end() <= a;
        let next_ok = self.spans.get(k + 1).is_none_or(|n| b <= n.start());
        if a < b && prev_ok && next_ok {
            let old = self.spans[k];
            self.spans[k] = new;
            self.edits.push(Edit {
                cue: self.index[k] + 1,
                rule: "timestamp-off-frame",
                kind: EditKind::Retime,
                before: old,
                after: new,
                text_before: None,
                text_after: None,
            });
        }
    }

    fn in_cues(&mut self) {
        let w = self.input.limits.shots.window;
        for k in 0..self.spans.len() {
            let s = self.spans[k];
            let Some((cut, d)) = self.input.nearest_cut(s.start()) else {
                continue;
            };
            let target = match start_zone(self.input, d) {
                Some(StartZone::After { .. } | StartZone::Red { .. }) => cut,
                Some(StartZone::Green { .. }) => self.t(self.f(cut) - w),
                None => continue,
            };
            self.propose(k, target, s.end(), "cue-starts-near-shot-change");
        }
    }

    fn out_cues(&mut self) {
        let offset = self.input.limits.shots.out_offset;
        for k in 0..self.spans.len() {
            let s = self.spans[k];
            let Some((cut, e)) = self.input.nearest_cut(s.end()) else {
                continue;
            };
            let d = self.f(s.start()) - self.f(cut);
            if end_flagged(self.input, d, e) {
                let target = self.t(self.f(cut) - offset);
                self.propose(k, s.start(), target, "cue-ends-near-shot-change");
            }
        }
    }

    /// Close gaps: overlaps and too-small gaps (shortening), chainable gaps (extending).
    fn gaps(&mut self, chain: bool) {
        let l = self.input.limits;
        for k in 1..self.spans.len() {
            let (prev, next) = (self.spans[k - 1], self.spans[k]);
            let gap = self.f(next.start()) - self.f(prev.end());
            let overlap = next.start() < prev.end();
            let rule = if overlap {
                "cues-overlap"
            } else if gap < l.min_gap {
                "gap-too-small"
            } else if chain && gap > l.min_gap && gap <= l.chain {
                let has_cut = TimeSpan::new(prev.end(), next.start()).is_ok_and(|g| {
                    !self.input.cuts_within(g).is_empty() || self.input.cuts.contains(&next.start())
                });
                if has_cut {
                    continue;
                }
                "gap-not-chained"
            } else {
                continue;
            };
            if chain != (rule == "gap-not-chained") {
                continue;
            }
            let target = self.t(self.f(next.start()) - l.min_gap);
            self.propose(k - 1, prev.start(), target, rule);
        }
    }

    fn min_duration(&mut self) {
        let l = self.input.limits;
        for k in 0..self.spans.len() {
            let s = self.spans[k];
            if s.duration() >= l.min_duration || self.input.text(self.index[k]).trim().is_empty() {
                continue;
            }
            // The first frame boundary at or after start + min.
            let want = Millis::new(s.start().get() + l.min_duration.get());
            let mut f = self.input.limits.frame_rate.millis_to_frame(want);
            if self.t(f) < want {
                f += 1;
            }
            self.propose(k, s.start(), self.t(f), "cue-too-short");
        }
    }

    fn max_duration(&mut self) {
        let l = self.input.limits;
        for k in 0..self.spans.len() {
            let s = self.spans[k];
            if s.duration() <= l.max_duration {
                continue;
            }
            let want = Millis::new(s.start().get() + l.max_duration.get());
            let end = l.frame_rate.floor_to_frame(want);
            self.propose(k, s.start(), end, "cue-too-long");
        }
    }

    fn round(&mut self) -> bool {
        let before = self.edits.len();
        self.frame_align();
        self.in_cues();
        self.out_cues();
        self.gaps(true);
        self.gaps(false);
        self.min_duration();
        self.max_duration();
        self.edits.len() != before
    }
}

/// Plan the fixes for one track. `rebreak` re-breaks the lines of cues whose stored text is
/// plain (no inline markup); pass `&|_| None` to leave lines alone.
pub fn plan(input: &TrackInput<'_>, rebreak: Rebreak<'_>) -> Plan {
    let cues: Vec<(usize, TimeSpan)> = input.cues().map(|(i, c)| (i, c.span())).collect();
    let mut fixer = Fixer {
        input,
        index: cues.iter().map(|(i, _)| *i).collect(),
        spans: cues.iter().map(|(_, s)| *s).collect(),
        edits: Vec::new(),
    };
    // Cues out of time order are left to a person: moving one would reorder the track.
    let sorted = fixer.spans.windows(2).all(|w| w[0].start() <= w[1].start());
    if sorted {
        for _ in 0..4 {
            if !fixer.round() {
                break;
            }
        }
    }
    let mut out = Plan {
        spans: fixer
            .index
            .iter()
            .zip(&fixer.spans)
            .zip(&cues)
            .filter(|((_, new), (_, old))| new != &old)
            .map(|((i, new), _)| (*i, *new))
            .collect(),
        texts: Vec::new(),
        edits: fixer.edits,
    };
    for (i, cue) in input.cues() {
        let plain = input.text(i);
        if cue.text() != plain {
            continue; // inline markup: re-breaking it safely needs the format's own syntax
        }
        if let Some(new) = rebreak(plain).filter(|n| n != plain) {
            let too_many = plain.split('\n').count() > input.limits.max_lines as usize;
            out.edits.push(Edit {
                cue: i + 1,
                rule: if too_many {
                    "too-many-lines"
                } else {
                    "line-too-long"
                },
                kind: EditKind::Rebreak,
                before: cue.span(),
                after: cue.span(),
                text_before: Some(plain.to_owned()),
                text_after: Some(new.clone()),
            });
            out.texts.push((i, new));
        }
    }
    out
}

/// Apply a plan to the track it was made for.
pub fn apply(track: &mut crate::model::SubtitleTrack, plan: &Plan) {
    for (i, span) in &plan.spans {
        if let Some(c) = track.cues.get_mut(*i) {
            c.set_span(*span);
        }
    }
    for (i, text) in &plan.texts {
        if let Some(c) = track.cues.get_mut(*i) {
            c.set_text(text.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;
    use crate::timing::rules::{ALL, Rule};

    /// Plan, apply, and plan again on the result.
    fn fix_twice(f: &Fixture) -> (Plan, Plan, Fixture) {
        let first = f.plan();
        let mut g = f.clone_fixture();
        apply(&mut g.track, &first);
        let second = g.plan();
        (first, second, g)
    }

    fn findings(f: &Fixture, rule: &dyn Rule) -> usize {
        f.run(rule).len()
    }

    fn rule(id: &str) -> &'static dyn Rule {
        *ALL.iter().find(|r| r.id() == id).unwrap()
    }

    #[test]
    fn snaps_starts_and_ends_to_cuts_and_is_idempotent() {
        for rate in [
            FrameRate::FPS_24,
            FrameRate::FPS_25,
            FrameRate::FPS_29_97,
            FrameRate::FPS_30,
        ] {
            let f = Fixture::new(rate)
                .cut_frames(&[100, 300, 500])
                .cue_frames(103, 200, "starts 3 after a cut") // → 100
                .cue_frames(297, 299, "x") // too short, starts 3 before: red → 300? leaves it
                .cue_frames(400, 499, "ends 1 before a cut"); // → 498
            let (first, second, g) = fix_twice(&f);
            assert!(!first.is_empty(), "{rate}");
            assert!(
                second.is_empty(),
                "{rate}: second run edits {:?}",
                second.edits
            );
            assert_eq!(g.track.cues[0].span().start(), g.at(100), "{rate}");
            assert_eq!(g.track.cues[2].span().end(), g.at(498), "{rate}");
            assert_eq!(findings(&g, rule("cue-ends-near-shot-change")), 0, "{rate}");
            for (a, b) in f.track.cues.iter().zip(&g.track.cues) {
                assert_eq!(a.text(), b.text());
            }
        }
    }

    #[test]
    fn green_zone_start_moves_half_a_second_before_the_cut_when_room() {
        let f = Fixture::new(FrameRate::FPS_24)
            .cut_frames(&[300])
            .cue_frames(200, 280, "a") // ends 20 before: fine
            .cue_frames(290, 360, "b"); // starts 10 before: green → 288 needs prev end ≤ 286
        let (first, _, g) = fix_twice(&f);
        assert!(
            first
                .edits
                .iter()
                .any(|e| e.rule == "cue-starts-near-shot-change")
        );
        assert_eq!(g.track.cues[1].span().start(), g.at(288));
        // Chaining then closes the gap of 8 frames to 2.
        assert_eq!(g.track.cues[0].span().end(), g.at(286));
        assert_eq!(findings(&g, rule("cue-starts-near-shot-change")), 0);
    }

    #[test]
    fn unsafe_edits_are_left_as_findings() {
        // Starts 3 frames after the cut but the previous (already too short) cue runs past
        // the cut and cannot be shortened: snapping would overlap it, so nothing moves.
        let f = Fixture::new(FrameRate::FPS_30)
            .cut_frames(&[100])
            .cue_frames(80, 101, "a")
            .cue_frames(103, 160, "b");
        let p = f.plan();
        assert!(
            p.edits
                .iter()
                .all(|e| e.cue != 2 || e.rule != "cue-starts-near-shot-change")
        );
        let long_text = "x".repeat(200);
        // Shortening below the reading speed is refused.
        let f = Fixture::new(FrameRate::FPS_30)
            .cut_frames(&[100])
            .cue_frames(0, 104, &long_text);
        assert!(f.plan().spans.is_empty());
    }

    #[test]
    fn gaps_chain_and_open_and_short_cues_extend() {
        let f = Fixture::new(FrameRate::FPS_30)
            .cue_frames(0, 30, "a")
            .cue_frames(31, 60, "b") // gap 1 → prev end 29
            .cue_frames(66, 100, "c") // gap 6 → chain: prev end 64
            .cue_frames(200, 210, "d"); // too short → 25 frames
        let (_, second, g) = fix_twice(&f);
        assert!(second.is_empty(), "{:?}", second.edits);
        let ends: Vec<Millis> = g.track.cues.iter().map(|c| c.span().end()).collect();
        assert_eq!(ends[0], g.at(29));
        assert_eq!(ends[1], g.at(64));
        assert!(g.track.cues[3].span().duration() >= Millis::new(833));
        for id in ["gap-too-small", "gap-not-chained", "cue-too-short"] {
            assert_eq!(findings(&g, rule(id)), 0, "{id}");
        }
    }

    #[test]
    fn off_frame_times_move_to_the_nearest_frame() {
        let f = Fixture::new(FrameRate::FPS_29_97).cue(5000, 7000, "a");
        let (_, second, g) = fix_twice(&f);
        assert!(second.is_empty());
        assert_eq!(findings(&g, rule("timestamp-off-frame")), 0);
        assert_eq!(g.track.cues[0].span().start(), Millis::new(5005));
    }

    /// Random tracks at every common rate: a second plan is always empty, no overlap is ever
    /// created, fixable findings only go down.
    #[test]
    fn property_idempotent_and_never_worse() {
        let mut seed: u64 = 0x5eed_cafe;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let fixable: Vec<&dyn Rule> = ALL.iter().copied().filter(|r| r.fixable()).collect();
        let (mut edits, mut reduced) = (0, 0);
        for case in 0..300 {
            let rate = [
                FrameRate::FPS_23_976,
                FrameRate::FPS_24,
                FrameRate::FPS_25,
                FrameRate::FPS_29_97,
                FrameRate::FPS_30,
                FrameRate::FPS_60,
            ][case % 6];
            let mut f = Fixture::new(rate);
            let mut t = next(500) as i64;
            for _ in 0..(5 + next(25)) {
                let start = t;
                let len = 5 + next(200) as i64;
                let text = "word ".repeat(1 + next(8) as usize);
                // Off-frame times sometimes.
                f = f.cue(
                    start * 1000 / 30 + next(3) as i64,
                    (start + len) * 1000 / 30,
                    &text,
                );
                t = start + len + next(20) as i64 - 3;
            }
            let cuts: Vec<i64> = (0..next(30))
                .map(|_| next(t.max(1) as u64) as i64)
                .collect();
            let mut sorted = cuts.clone();
            sorted.sort();
            sorted.dedup();
            f = f.cut_frames(&sorted);
            let overlaps_before = f.run(rule("cues-overlap")).len();
            let count = |g: &Fixture| -> usize { fixable.iter().map(|r| g.run(*r).len()).sum() };
            let before = count(&f);
            let (first, second, g) = fix_twice(&f);
            edits += first.edits.len();
            assert!(
                second.is_empty(),
                "case {case}: second run {:?}",
                second.edits
            );
            assert!(
                g.run(rule("cues-overlap")).len() <= overlaps_before,
                "case {case}"
            );
            assert!(count(&g) <= before, "case {case}: {} > {before}", count(&g));
            reduced += before - count(&g);
            for (a, b) in f.track.cues.iter().zip(&g.track.cues) {
                assert_eq!(a.text(), b.text());
            }
        }
        // The generator must give the fixer work to do.
        assert!(
            edits > 1000 && reduced > 500,
            "{edits} edits, {reduced} findings fixed"
        );
    }
}
