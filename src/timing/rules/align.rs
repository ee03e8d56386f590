//! Target-vs-source cue alignment for `cue-count-mismatch`, `timing-mismatch`,
//! `glossary-term-missing` and `untranslated-text`: the displayed cues of both tracks in time
//! order, and which source cue each target cue translates. Owns no rule.
//!
//! Cues are paired by overlap in one forward walk over both lists (O(n + m) for tracks
//! without long overlapping cues): each target cue takes the source cue it overlaps most,
//! and pairs never cross, so a split cue pairs both halves with its source and a merged cue
//! pairs with the longer part.

use super::{SourceTrack, TrackInput, is_comment};
use crate::model::{SubtitleTrack, TimeSpan};

/// A displayed cue: its index in the track and its time.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Timed {
    pub index: usize,
    pub span: TimeSpan,
}

fn displayed(track: Option<&SubtitleTrack>) -> Vec<Timed> {
    let mut v: Vec<Timed> = track
        .into_iter()
        .flat_map(|t| t.cues.iter().enumerate())
        .filter(|(_, c)| !is_comment(c))
        .map(|(index, c)| Timed {
            index,
            span: c.span(),
        })
        .collect();
    // Stored order is usually time order already; sorting makes the walk correct anyway.
    v.sort_by_key(|t| (t.span.start(), t.span.end(), t.index));
    v
}

/// The target's displayed cues, in time order.
pub fn target_cues(input: &TrackInput<'_>) -> Vec<Timed> {
    displayed(input.track)
}

/// The source's displayed cues, in time order.
pub fn source_cues(source: &SourceTrack<'_>) -> Vec<Timed> {
    displayed(Some(source.track))
}

fn overlap(a: TimeSpan, b: TimeSpan) -> i64 {
    a.end().min(b.end()).get() - a.start().max(b.start()).get()
}

/// For each target cue (by position in `target`), the position in `source` of the cue it
/// overlaps most; `None` when it overlaps none. Ties go to the earlier source cue.
pub fn pair_by_overlap(target: &[Timed], source: &[Timed]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(target.len());
    let mut lo = 0;
    for t in target {
        while source
            .get(lo)
            .is_some_and(|s| s.span.end() <= t.span.start())
        {
            lo += 1;
        }
        let mut best: Option<(usize, i64)> = None;
        let mut k = lo;
        while let Some(s) = source.get(k).filter(|s| s.span.start() < t.span.end()) {
            let ov = overlap(s.span, t.span);
            if ov > 0 && best.is_none_or(|(_, b)| ov > b) {
                best = Some((k, ov));
            }
            k += 1;
        }
        if let Some((b, _)) = best {
            // Pairs never cross: the next target cue pairs with this source cue or a later one.
            lo = lo.max(b);
        }
        out.push(best.map(|(b, _)| b));
    }
    out
}

/// For each source cue (by position in `source`), the positions in `target` of the cues that
/// overlap it, as a range (`start..end`, empty when none does).
pub fn overlapping_targets(source: &[Timed], target: &[Timed]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(source.len());
    let mut lo = 0;
    for s in source {
        while target
            .get(lo)
            .is_some_and(|t| t.span.end() <= s.span.start())
        {
            lo += 1;
        }
        let mut first = None;
        let mut last = lo;
        let mut k = lo;
        while let Some(t) = target.get(k).filter(|t| t.span.start() < s.span.end()) {
            if overlap(s.span, t.span) > 0 {
                first.get_or_insert(k);
                last = k + 1;
            }
            k += 1;
        }
        out.push(first.map_or(lo..lo, |f| f..last));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Millis;

    fn timed(spans: &[(i64, i64)]) -> Vec<Timed> {
        spans
            .iter()
            .enumerate()
            .map(|(index, (s, e))| Timed {
                index,
                span: TimeSpan::new(Millis::new(*s), Millis::new(*e)).unwrap(),
            })
            .collect()
    }

    #[test]
    fn pairs_by_largest_overlap_in_order() {
        let source = timed(&[(0, 1000), (1000, 2000), (3000, 4000)]);
        // Split first cue, a shifted second one, a cue in a gap, the third.
        let target = timed(&[
            (0, 500),
            (500, 1000),
            (1300, 2300),
            (2400, 2900),
            (3000, 4000),
        ]);
        assert_eq!(
            pair_by_overlap(&target, &source),
            vec![Some(0), Some(0), Some(1), None, Some(2)]
        );
        // A merged cue pairs with the part it overlaps most.
        let target = timed(&[(0, 1900)]);
        assert_eq!(pair_by_overlap(&target, &source), vec![Some(0)]);
        let target = timed(&[(800, 2000)]);
        assert_eq!(pair_by_overlap(&target, &source), vec![Some(1)]);
    }

    #[test]
    fn touching_cues_do_not_pair() {
        let source = timed(&[(0, 1000)]);
        let target = timed(&[(1000, 2000)]);
        assert_eq!(pair_by_overlap(&target, &source), vec![None]);
        assert_eq!(overlapping_targets(&source, &target), vec![0..0]);
    }

    #[test]
    fn overlapping_targets_of_each_source_cue() {
        let source = timed(&[(0, 1000), (1000, 2000), (5000, 6000)]);
        let target = timed(&[(0, 500), (500, 1500), (1500, 2000), (3000, 4000)]);
        assert_eq!(
            overlapping_targets(&source, &target),
            vec![0..2, 1..3, 4..4]
        );
    }

    #[test]
    fn long_tracks_pair_in_linear_time() {
        let n = 200_000;
        let spans: Vec<(i64, i64)> = (0..n).map(|i| (i * 1000, i * 1000 + 900)).collect();
        let source = timed(&spans);
        let shifted: Vec<(i64, i64)> = spans.iter().map(|(s, e)| (s + 100, e + 100)).collect();
        let target = timed(&shifted);
        let t = std::time::Instant::now();
        let pairs = pair_by_overlap(&target, &source);
        let ranges = overlapping_targets(&source, &target);
        assert!(pairs.iter().enumerate().all(|(i, p)| *p == Some(i)));
        assert!(ranges.iter().enumerate().all(|(i, r)| *r == (i..i + 1)));
        assert!(t.elapsed().as_secs_f64() < 1.0, "{:?}", t.elapsed());
    }
}
