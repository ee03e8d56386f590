//! Deciding which frames start a new shot, from per-frame signals that `detect` reads out of
//! ffmpeg. Pure: no I/O, no processes, so every rule is unit-tested on made-up signals.
//!
//! Two signals per frame, both on ffmpeg's scale (mean absolute difference in levels of 255,
//! divided by 100, so 0.4 means "40 levels on average"):
//!
//! - `scene`: ffmpeg's own scene score on the full frame (`select`'s `scene` variable). It is
//!   `min(d, |d − d_prev|)` of the luma/chroma difference `d` to the previous frame, so steady
//!   motion (a pan, moving noise) scores low and a jump scores high.
//! - `jump`: the same difference on a 36×64 RGB thumbnail, turned into a score by the same
//!   `min(d, |d − d_prev|)` rule. Averaging over blocks ignores fine motion, and RGB sees a
//!   change of hue at equal brightness (a dark green shot cut to a dark blue one) that the luma
//!   of ffmpeg's score nearly misses.
//!
//! A frame is a candidate when the larger of the two scores reaches the threshold, with one
//! exception: right after a **repeated frame** in a moving shot (a duplicate left by a
//! frame-rate conversion), ffmpeg compares the motion with the zero difference of the repeat
//! and scores high. There the thumbnail score alone counts, compared with the motion before the
//! repeat. Then:
//!
//! 1. **Flashes.** A camera flash, lightning, or a 1–3 frame insert makes a big jump and then
//!    returns to the shot it left. For a candidate at frame `f`, the thumbnail of frame `f − 1`
//!    is compared with frames `f + 1 … f + 3`. The burst is no cut when one of them is back:
//!    within half of the jump, and either within a quarter of it or no further than the shot's
//!    own motion over the same number of frames before the flash allows (one and a half times
//!    it), so that a flash in a fast pan is still a flash. A flash *at* a cut (shot A, white,
//!    shot B) never returns to A, so it stays one cut.
//! 2. **Bursts.** Candidates within three frames of each other are one transition: the cut is
//!    its first frame (the first frame that no longer shows the old shot).
//! 3. **Start.** Cuts in the first 0.2 s are dropped (Subtitle Edit ignores them too).
//! 4. **Minimum shot length.** Strongest first: a cut is kept when it is at least `min_shot`
//!    from every cut kept before it. Keeping the strongest rather than the first means a weak
//!    false candidate just before a real cut does not hide the real one.
//!
//! Slow fades and dissolves change every frame by a similar small amount, so both scores stay
//! low through them (the `|d − d_prev|` part), and they give no cut.

use crate::model::{FrameRate, Millis};

/// How many frames a flash may last and still be recognised as one.
pub const MAX_FLASH: usize = 3;

/// Cuts this early are dropped: the first 0.2 s of an episode holds no usable shot change.
pub const IGNORE_START: Millis = Millis::new(200);

/// A picture back within this fraction of the flash's jump has returned, whatever the motion.
const FLASH_RETURN_RATIO: f64 = 0.25;
/// … and never one further than this fraction of the jump.
const FLASH_RETURN_MAX: f64 = 0.5;
/// How much more than the shot's own motion over the same span a return may differ.
const FLASH_MOTION_SLACK: f64 = 1.5;
/// A thumbnail closer than this (levels) to the one before shows the same picture again.
const REPEAT_LEVELS: f64 = 1.0;
/// How far back a repeated frame looks for the motion it interrupted.
const REPEAT_LOOKBACK: usize = 3;

/// What is known of one decoded frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameSignals {
    /// Frame index on the video's frame-rate grid (from its timestamp).
    pub index: i64,
    /// ffmpeg's scene score, 0…1.
    pub scene: f64,
    /// Mean absolute difference of this frame's thumbnail to the previous one, in levels (0…255).
    pub diff: f64,
    /// Difference of the previous frame's thumbnail to the frames 1, 2 and 3 after this one,
    /// in levels: how far the picture is from where it was before this frame. `None` past the
    /// end of the video or on the first frame.
    pub back: [Option<f64>; MAX_FLASH],
    /// Difference of this frame's thumbnail to the frames 2, 3 and 4 before it, in levels: how
    /// far the shot moves over those spans. `None` near the start.
    pub motion: [Option<f64>; MAX_FLASH],
}

impl FrameSignals {
    /// A frame that changes nothing (for tests and padding).
    pub fn still(index: i64) -> FrameSignals {
        FrameSignals {
            index,
            scene: 0.0,
            diff: 0.0,
            back: [None; MAX_FLASH],
            motion: [None; MAX_FLASH],
        }
    }
}

/// The settings the decision needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecideOptions {
    /// Score (0…1) from which a frame is a cut candidate.
    pub threshold: f64,
    /// Shortest shot: cuts closer than this to a stronger cut are dropped.
    pub min_shot: Millis,
}

/// A candidate or a group of candidates that survived flash suppression.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Position in the frame list.
    pos: usize,
    score: f64,
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

fn diff(frames: &[FrameSignals], i: usize) -> f64 {
    finite(frames[i].diff).max(0.0)
}

/// When frame `i − 1` repeats the frame before it inside a moving shot: the difference of the
/// nearest earlier frame that moved (within [`REPEAT_LOOKBACK`] frames).
fn motion_before_repeat(frames: &[FrameSignals], i: usize) -> Option<f64> {
    if i < 2 || diff(frames, i - 1) >= REPEAT_LEVELS {
        return None;
    }
    (i.saturating_sub(1 + REPEAT_LOOKBACK)..i - 1)
        .rev()
        .map(|j| diff(frames, j))
        .find(|&d| d >= REPEAT_LEVELS)
}

/// The score of frame `i` on the thumbnails: `min(d, |d − d_prev|) / 100`, where `d_prev` skips
/// a repeated frame.
fn thumb_score(frames: &[FrameSignals], i: usize) -> f64 {
    let d = diff(frames, i);
    let prev = match motion_before_repeat(frames, i) {
        Some(m) => m,
        None if i >= 1 => diff(frames, i - 1),
        None => 0.0,
    };
    (d.min((d - prev).abs()) / 100.0).clamp(0.0, 1.0)
}

/// The combined score of frame `i`, 0…1.
pub fn score(frames: &[FrameSignals], i: usize) -> f64 {
    let thumb = thumb_score(frames, i);
    if motion_before_repeat(frames, i).is_some() {
        // ffmpeg measured this frame against a repeat: its score is the motion itself.
        return thumb;
    }
    finite(frames[i].scene).clamp(0.0, 1.0).max(thumb)
}

/// Whether the burst that starts at frame `pos` returns to the picture before it within
/// [`MAX_FLASH`] frames; the number of frames until it is back.
fn flash_length(frames: &[FrameSignals], pos: usize, threshold: f64) -> Option<usize> {
    let frame = &frames[pos];
    let jump = finite(frame.diff);
    // Only a jump the thumbnails themselves see as a cut can be a flash; a change that only
    // ffmpeg's full-frame score sees is fine detail, and the thumbnails cannot judge a return.
    if jump / 100.0 < threshold || pos == 0 {
        return None;
    }
    let before = &frames[pos - 1];
    frame.back.iter().enumerate().find_map(|(k, back)| {
        let back = (*back).filter(|b| b.is_finite() && *b >= 0.0)?;
        let motion = before.motion[k].filter(|m| m.is_finite()).unwrap_or(0.0);
        let allowed = (jump * FLASH_RETURN_RATIO).max(motion * FLASH_MOTION_SLACK);
        (back <= allowed && back <= jump * FLASH_RETURN_MAX).then_some(k + 1)
    })
}

/// The frame indices (on the rate grid) where a new shot starts, sorted.
pub fn decide(frames: &[FrameSignals], rate: FrameRate, options: &DecideOptions) -> Vec<i64> {
    let threshold = if options.threshold.is_finite() {
        options.threshold.clamp(0.0, 1.0)
    } else {
        1.0
    };
    // Frame 0 has nothing before it.
    let mut candidates: Vec<Candidate> = (1..frames.len())
        .map(|pos| Candidate {
            pos,
            score: score(frames, pos),
        })
        .filter(|c| c.score >= threshold && c.score > 0.0)
        .collect();

    // 1. Flashes: the burst, the frame that returns, and the frame after it (which ffmpeg
    //    scores against the return's jump) are no cuts.
    let mut suppressed_until: Option<usize> = None;
    candidates.retain(|c| {
        if suppressed_until.is_some_and(|end| c.pos <= end) {
            return false;
        }
        match flash_length(frames, c.pos, threshold) {
            Some(k) => {
                suppressed_until = Some(c.pos + k + 1);
                false
            }
            None => true,
        }
    });

    // 2. Bursts: candidates within MAX_FLASH frames of a group's first frame join it.
    let mut groups: Vec<Candidate> = Vec::new();
    for c in candidates {
        match groups.last_mut() {
            Some(g)
                if frames[c.pos].index.saturating_sub(frames[g.pos].index) <= MAX_FLASH as i64 =>
            {
                g.score = g.score.max(c.score);
            }
            _ => groups.push(c),
        }
    }

    // 3. Nothing in the first 0.2 s.
    groups.retain(|g| rate.frame_to_millis(frames[g.pos].index) > IGNORE_START);

    // 4. Minimum shot length, strongest first; ties go to the earlier cut.
    groups.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.pos.cmp(&b.pos)));
    let mut kept: Vec<i64> = Vec::new();
    for g in groups {
        let t = rate.frame_to_millis(frames[g.pos].index);
        let far_enough = kept.iter().all(|&k| {
            let other = rate.frame_to_millis(k);
            t.get().abs_diff(other.get()) >= options.min_shot.get().max(0) as u64
        });
        if far_enough {
            kept.push(frames[g.pos].index);
        }
    }
    kept.sort_unstable();
    kept.dedup();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: DecideOptions = DecideOptions {
        threshold: 0.3,
        min_shot: Millis::new(500),
    };

    /// 300 frames of gentle motion (2 levels a frame, score 0).
    fn steady(n: usize) -> Vec<FrameSignals> {
        (0..n)
            .map(|i| FrameSignals {
                index: i as i64,
                scene: 0.01,
                diff: if i == 0 { 0.0 } else { 2.0 },
                back: [Some(3.0), Some(4.0), Some(5.0)],
                motion: [Some(3.0), Some(4.0), Some(5.0)],
            })
            .collect()
    }

    fn cut_at(frames: &mut [FrameSignals], f: usize, scene: f64, diff: f64) {
        frames[f].scene = scene;
        frames[f].diff = diff;
        frames[f].back = [Some(diff); MAX_FLASH];
    }

    #[test]
    fn hard_cuts_are_found_on_either_signal() {
        let mut f = steady(300);
        cut_at(&mut f, 90, 0.6, 60.0);
        // Equal brightness, different hue: ffmpeg's score is low, the thumbnails see it.
        cut_at(&mut f, 180, 0.12, 45.0);
        // Fine detail only: the thumbnails barely move, ffmpeg's score sees it.
        cut_at(&mut f, 250, 0.5, 8.0);
        assert_eq!(decide(&f, FrameRate::FPS_30, &OPTS), vec![90, 180, 250]);
    }

    #[test]
    fn steady_motion_and_slow_fades_give_no_cut() {
        let mut f = steady(300);
        // Fast but steady motion: a large difference every frame.
        for fr in f.iter_mut().take(150).skip(20) {
            fr.diff = 70.0;
        }
        // A dissolve: each frame moves 4 more levels toward the next shot.
        for fr in f.iter_mut().take(260).skip(200) {
            fr.diff = 6.0;
            fr.scene = 0.04;
        }
        // The steady run starts and stops with one jump of the difference each.
        let cuts = decide(&f, FrameRate::FPS_30, &OPTS);
        assert!(cuts.iter().all(|c| [20, 150].contains(c)), "{cuts:?}");
        let mut f = steady(300);
        for fr in f.iter_mut().take(260).skip(200) {
            fr.diff = 6.0;
            fr.scene = 0.04;
        }
        assert!(decide(&f, FrameRate::FPS_30, &OPTS).is_empty());
    }

    #[test]
    fn a_flash_inside_a_shot_is_not_a_cut() {
        for len in 1..=MAX_FLASH {
            let mut f = steady(300);
            // Shot → white for `len` frames → the same shot.
            f[100].scene = 1.0;
            f[100].diff = 180.0;
            let mut back = [Some(180.0); MAX_FLASH];
            back[len - 1] = Some(4.0);
            f[100].back = back;
            for fr in f.iter_mut().skip(101).take(len - 1) {
                fr.scene = 0.0;
                fr.diff = 0.0;
            }
            f[100 + len].scene = 1.0;
            f[100 + len].diff = 180.0;
            assert!(decide(&f, FrameRate::FPS_30, &OPTS).is_empty(), "{len}");
        }
    }

    #[test]
    fn a_flash_in_fast_motion_is_not_a_cut() {
        // The shot moves 18 levels a frame: three frames later it is 40 away from where it
        // was, more than a quarter of the flash's jump, but no more than its own motion.
        let mut f = steady(300);
        for fr in f.iter_mut() {
            fr.diff = 18.0;
            fr.back = [Some(31.0), Some(41.0), Some(49.0)];
            fr.motion = [Some(31.0), Some(41.0), Some(49.0)];
        }
        f[210].scene = 0.6;
        f[210].diff = 124.0;
        f[210].back = [Some(124.0), Some(41.0), Some(49.0)];
        f[211].scene = 0.0;
        f[211].diff = 0.0;
        f[212].scene = 1.0;
        f[212].diff = 124.0;
        // ffmpeg scores the frame after the return against the return's jump.
        f[213].scene = 0.47;
        assert!(decide(&f, FrameRate::FPS_30, &OPTS).is_empty());
        // The same jump to a shot that stays away is a cut.
        f[210].back = [Some(124.0), Some(70.0), Some(72.0)];
        assert_eq!(decide(&f, FrameRate::FPS_30, &OPTS), vec![210]);
    }

    #[test]
    fn motion_after_a_repeated_frame_is_not_a_cut() {
        // A duplicate frame (difference 0) in a fast shot: ffmpeg scores the next frame high.
        let mut f = steady(300);
        for fr in f.iter_mut() {
            fr.diff = 17.0;
        }
        f[94].diff = 0.0;
        f[94].scene = 0.0;
        f[95].scene = 0.5;
        f[95].diff = 17.7;
        assert!(decide(&f, FrameRate::FPS_30, &OPTS).is_empty());
        // A still shot (every frame a repeat) cut to another is still a cut.
        let mut f = steady(300);
        for fr in f.iter_mut() {
            fr.diff = 0.0;
            fr.scene = 0.0;
        }
        cut_at(&mut f, 150, 0.5, 40.0);
        assert_eq!(decide(&f, FrameRate::FPS_30, &OPTS), vec![150]);
    }

    #[test]
    fn a_flash_at_a_cut_is_one_cut_at_its_first_frame() {
        let mut f = steady(300);
        f[100].scene = 1.0;
        f[100].diff = 180.0;
        f[100].back = [Some(180.0), Some(60.0), Some(61.0)];
        f[101].scene = 0.0;
        f[101].diff = 0.0;
        f[102].scene = 0.9;
        f[102].diff = 170.0;
        assert_eq!(decide(&f, FrameRate::FPS_30, &OPTS), vec![100]);
    }

    #[test]
    fn minimum_shot_keeps_the_stronger_and_start_is_ignored() {
        let mut f = steady(300);
        cut_at(&mut f, 4, 0.9, 90.0); // 133 ms: too early
        cut_at(&mut f, 100, 0.35, 35.0);
        cut_at(&mut f, 110, 0.8, 80.0); // 333 ms later and stronger
        cut_at(&mut f, 125, 0.5, 50.0); // 500 ms after 110: kept
        assert_eq!(decide(&f, FrameRate::FPS_30, &OPTS), vec![110, 125]);
        let loose = DecideOptions {
            min_shot: Millis::ZERO,
            ..OPTS
        };
        assert_eq!(decide(&f, FrameRate::FPS_30, &loose), vec![100, 110, 125]);
    }

    #[test]
    fn nonsense_signals_do_not_panic() {
        let mut f = steady(10);
        f[3].scene = f64::NAN;
        f[4].diff = f64::INFINITY;
        f[5].back = [Some(f64::NAN), None, Some(-1.0)];
        f[5].motion = [Some(f64::INFINITY), None, Some(-3.0)];
        f[6].index = i64::MAX;
        f[7].index = i64::MIN;
        let _ = decide(&f, FrameRate::FPS_29_97, &OPTS);
        let bad = DecideOptions {
            threshold: f64::NAN,
            min_shot: Millis::new(-5),
        };
        let _ = decide(&f, FrameRate::FPS_29_97, &bad);
        assert!(decide(&[], FrameRate::FPS_30, &OPTS).is_empty());
    }
}
