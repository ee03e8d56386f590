//! The timing spec: per-language limits (reading speed, line length, lines, durations, gaps)
//! and shot-change windows, from a preset, overridden by the market spec and then by
//! `series.toml`. Numbers and their sources: `shared/reference/timing-rules.md` §1–§7.
//!
//! Checker and fixer read the same resolved [`Limits`], so they cannot disagree.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{FrameRate, Language, Millis};

/// A named set of defaults.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Broadcast-style landscape limits (Netflix timed-text style guides).
    Netflix,
    /// 9:16 social video: the Netflix timing with shorter lines.
    #[default]
    Vertical,
    /// Aegisub's timing post-processor: keyframe snapping by milliseconds, adjacent lines.
    Aegisub,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Netflix, Preset::Vertical, Preset::Aegisub];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Netflix => "netflix",
            Preset::Vertical => "vertical",
            Preset::Aegisub => "aegisub",
        }
    }

    pub fn parse(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == s)
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How characters are counted for line length and reading speed (timing-rules.md §6).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counting {
    /// One per grapheme cluster (Latin, Cyrillic, Vietnamese, Indonesian, Hindi…).
    Graphemes,
    /// Chinese and Japanese: full width 1, half width 0.5 (ambiguous characters full width).
    Cjk,
    /// Korean: Hangul and Han 1; Latin, digits, spaces, punctuation 0.5.
    Korean,
    /// Thai: clusters, so above/below vowels and tone marks are not counted.
    Thai,
    /// Arabic: clusters; harakat not counted even when they stand alone.
    Arabic,
}

impl Counting {
    pub fn name(self) -> &'static str {
        match self {
            Counting::Graphemes => "graphemes",
            Counting::Cjk => "cjk",
            Counting::Korean => "korean",
            Counting::Thai => "thai",
            Counting::Arabic => "arabic",
        }
    }
}

/// What a count includes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CountMode {
    /// Everything but markup and invisible characters (Netflix).
    #[default]
    All,
    NoSpace,
    /// Aegisub's default for reading speed.
    NoSpaceOrPunctuation,
}

impl CountMode {
    pub fn name(self) -> &'static str {
        match self {
            CountMode::All => "all",
            CountMode::NoSpace => "no-space",
            CountMode::NoSpaceOrPunctuation => "no-space-or-punctuation",
        }
    }
}

/// Shot-change windows in frames at one frame rate (timing-rules.md §4.2).
///
/// `d` = cue start − cut, `e` = cue end − cut, in frames (negative = before the cut).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ShotWindows {
    /// W: half a second in frames (12 at 24 and 25 fps, 15 at 29.97 and 30).
    pub window: i64,
    /// Starts `1..=in_after` frames after a cut snap back onto it.
    pub in_after: i64,
    /// Starts `1..=in_red` frames before a cut move onto it (red zone).
    pub in_red: i64,
    /// Starts `in_red+1..=in_green` frames before a cut move to cut − W (green zone).
    pub in_green: i64,
    /// Whether the first green-zone frame is disputed between sources (reported as a warning).
    pub disputed_frame: bool,
    /// Ends `out_before` frames before to `out_after` frames after a cut move to
    /// cut − `out_offset`.
    pub out_before: i64,
    pub out_after: i64,
    pub out_offset: i64,
}

/// Resolved limits for one language at one frame rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    pub preset: Preset,
    /// Characters per line (in counting units: a half-width CJK character is 0.5).
    pub cpl: f64,
    pub max_lines: u32,
    /// Characters per second, over all lines of a cue.
    pub cps: f64,
    pub min_duration: Millis,
    pub max_duration: Millis,
    /// Minimum gap between cues, in frames.
    pub min_gap: i64,
    /// Gaps of `min_gap+1..=chain` frames are closed to the minimum (0 = no chaining).
    pub chain: i64,
    pub counting: Counting,
    pub count_mode: CountMode,
    pub shots: ShotWindows,
    pub frame_rate: FrameRate,
    /// How far (in frames) a translated cue's start or end may be from its source cue's.
    pub sync_tolerance: i64,
    /// Where positioned text may sit (`position-outside-safe-area`).
    pub safe_area: SafeArea,
}

/// The box subtitles must stay inside, in pixels of a 1080×1920 frame (scaled to other frame
/// sizes). Below `rail_top` the right edge is `rail_right` (TikTok's icon rail); above it,
/// `right`. Default: safe on TikTok, Reels and Shorts at once (markets-and-delivery.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeArea {
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
    pub rail_top: u32,
    pub rail_right: u32,
}

impl Default for SafeArea {
    fn default() -> SafeArea {
        SafeArea {
            top: 288,
            bottom: 1248,
            left: 120,
            right: 888,
            rail_top: 840,
            rail_right: 780,
        }
    }
}

impl SafeArea {
    /// The reference frame the pixel values are given in.
    pub const REFERENCE: (u32, u32) = (1080, 1920);

    /// The first field that makes the box impossible, if any.
    pub fn invalid_field(&self) -> Option<&'static str> {
        let (w, h) = Self::REFERENCE;
        if self.left >= self.right || self.right > w {
            return Some("right");
        }
        if self.top >= self.bottom || self.bottom > h {
            return Some("bottom");
        }
        if self.rail_right <= self.left || self.rail_right > self.right {
            return Some("rail_right");
        }
        if self.rail_top > h {
            return Some("rail_top");
        }
        None
    }

    /// Edges as fractions of the frame: (left, top, right, bottom, rail_top, rail_right).
    pub fn fractions(&self) -> [f64; 6] {
        let (w, h) = (f64::from(Self::REFERENCE.0), f64::from(Self::REFERENCE.1));
        [
            f64::from(self.left) / w,
            f64::from(self.top) / h,
            f64::from(self.right) / w,
            f64::from(self.bottom) / h,
            f64::from(self.rail_top) / h,
            f64::from(self.rail_right) / w,
        ]
    }
}

impl Limits {
    /// `frames` frames as a duration at this frame rate.
    pub fn frames(&self, frames: i64) -> Millis {
        self.frame_rate.frames_to_duration(frames)
    }
}

/// Overrides of one language's limits (or of all languages). Every field optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpl: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_duration_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_gap_frames: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_frames: Option<u32>,
    /// W, the shot-change window; default half a second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shot_window_frames: Option<u32>,
    /// The red zone before a cut; default ⌊7W/12⌋.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_red_frames: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counting: Option<Counting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_mode: Option<CountMode>,
    /// Target-vs-source timing tolerance (`timing-mismatch`); default 3 frames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_tolerance_frames: Option<u32>,
}

/// The `[timing]` table of `series.toml` or of a market spec.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimingOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    /// Applies to every language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<LimitOverrides>,
    /// By language tag; a tag without region (`es`) applies to every region of it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<String, LimitOverrides>,
}

/// A preset with layers of overrides (market first, then series): resolves [`Limits`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimingSpec {
    pub preset: Preset,
    layers: Vec<TimingOverrides>,
    /// The market's safe area (default: the box safe on every vertical platform).
    pub safe_area: SafeArea,
}

/// The built-in per-language row of a preset.
struct Row {
    cpl: f64,
    cps: f64,
    counting: Counting,
}

fn netflix_row(lang: Option<&Language>) -> Row {
    let primary = lang.map_or("", Language::primary);
    let (cpl, cps, counting) = match primary {
        "en" => (42.0, 20.0, Counting::Graphemes),
        "th" => (35.0, 17.0, Counting::Thai),
        // Arabic CPS: 20 (Subtitle Edit) vs 17 (sublingo); the stricter until confirmed.
        "ar" => (42.0, 17.0, Counting::Arabic),
        "hi" => (42.0, 22.0, Counting::Graphemes),
        "ja" => (13.0, 4.0, Counting::Cjk),
        "ko" => (16.0, 12.0, Counting::Korean),
        "zh" | "yue" => (16.0, 9.0, Counting::Cjk),
        _ => (42.0, 17.0, Counting::Graphemes),
    };
    Row { cpl, cps, counting }
}

fn vertical_cpl(counting: Counting, lang: Option<&Language>) -> f64 {
    match (counting, lang.map_or("", Language::primary)) {
        (_, "ja") => 11.0,
        (Counting::Cjk | Counting::Korean, _) => 12.0,
        (Counting::Thai, _) => 21.0,
        _ => 25.0,
    }
}

/// Whole frames that fit in `ms` at `rate` (rounded down).
fn frames_in(rate: FrameRate, ms: i64) -> i64 {
    let v = i128::from(ms) * i128::from(rate.num()) / (1000 * i128::from(rate.den()));
    v as i64
}

/// W: half a second in frames, halves rounded down (12.5 → 12 at 25 fps, 14.985 → 15).
pub fn half_second_frames(rate: FrameRate) -> i64 {
    let (num, den) = (i64::from(rate.num()), i64::from(rate.den()));
    // ceil((num/den − 1) / 2) = ceil((num − den) / 2den)
    ((num - den) + 2 * den - 1).div_euclid(2 * den).max(1)
}

impl TimingSpec {
    pub fn new(preset: Preset) -> TimingSpec {
        TimingSpec {
            preset,
            layers: Vec::new(),
            safe_area: SafeArea::default(),
        }
    }

    /// Add a layer of overrides; a layer's `preset` replaces the preset.
    pub fn with(mut self, layer: TimingOverrides) -> TimingSpec {
        if let Some(p) = layer.preset {
            self.preset = p;
        }
        self.layers.push(layer);
        self
    }

    /// The limits for a language (or an unknown one) at a frame rate.
    pub fn limits(&self, lang: Option<&Language>, rate: FrameRate) -> Limits {
        let row = netflix_row(lang);
        let cpl = match self.preset {
            Preset::Netflix => row.cpl,
            Preset::Vertical | Preset::Aegisub => vertical_cpl(row.counting, lang),
        };
        let mut o = LimitOverrides::default();
        for layer in &self.layers {
            if let Some(all) = &layer.all {
                merge(&mut o, all);
            }
            // Least specific first: `es`, then `es-419`.
            let mut matching: Vec<(&String, &LimitOverrides)> = layer
                .languages
                .iter()
                .filter(|(tag, _)| lang.is_some_and(|l| tag_applies(tag, l)))
                .collect();
            matching.sort_by_key(|(tag, _)| tag.len());
            for (_, l) in matching {
                merge(&mut o, l);
            }
        }
        let w = o
            .shot_window_frames
            .map_or_else(|| half_second_frames(rate), i64::from)
            .max(1);
        let aegisub = self.preset == Preset::Aegisub;
        let shots = if aegisub {
            let red = o
                .in_red_frames
                .map_or_else(|| frames_in(rate, 200), i64::from);
            ShotWindows {
                window: w,
                in_after: frames_in(rate, 150),
                in_red: red,
                in_green: red,
                disputed_frame: false,
                out_before: frames_in(rate, 200),
                out_after: frames_in(rate, 250),
                out_offset: 0,
            }
        } else {
            let red = o
                .in_red_frames
                .map_or(7 * w / 12, i64::from)
                .min(w - 1)
                .max(0);
            ShotWindows {
                window: w,
                in_after: w - 1,
                in_red: red,
                in_green: w - 1,
                disputed_frame: o.in_red_frames.is_none(),
                out_before: w - 1,
                out_after: w - 1,
                out_offset: 2,
            }
        };
        let min_gap = o
            .min_gap_frames
            .map_or(if aegisub { 0 } else { 2 }, i64::from);
        let chain = o
            .chain_frames
            .map_or_else(|| if aegisub { frames_in(rate, 300) } else { w }, i64::from);
        Limits {
            preset: self.preset,
            cpl: o.cpl.unwrap_or(cpl),
            max_lines: o.max_lines.unwrap_or(2),
            cps: o.cps.unwrap_or(row.cps),
            min_duration: Millis::new(i64::from(o.min_duration_ms.unwrap_or(833))),
            max_duration: Millis::new(i64::from(o.max_duration_ms.unwrap_or(7000))),
            min_gap,
            chain,
            counting: o.counting.unwrap_or(row.counting),
            count_mode: o.count_mode.unwrap_or(if aegisub {
                CountMode::NoSpaceOrPunctuation
            } else {
                CountMode::All
            }),
            shots,
            frame_rate: rate,
            sync_tolerance: o.sync_tolerance_frames.map_or(3, i64::from),
            safe_area: self.safe_area,
        }
    }
}

/// Whether an override keyed by `tag` applies to `lang` (`es` → `es-419`; `zh-Hans` → `zh-CN`).
fn tag_applies(tag: &str, lang: &Language) -> bool {
    let Ok(t) = Language::parse(tag) else {
        return false;
    };
    if t == *lang {
        return true;
    }
    match t.region() {
        // `es` → every Spanish; `zh-Hans` → `zh-CN`, not `zh-TW`.
        None => {
            (t.as_str() == t.primary() && t.primary() == lang.primary())
                || t.same_written_language(lang)
        }
        Some(r) => lang.region() == Some(r) && t.same_written_language(lang),
    }
}

fn merge(into: &mut LimitOverrides, from: &LimitOverrides) {
    macro_rules! take {
        ($($f:ident),*) => {$( if from.$f.is_some() { into.$f = from.$f; } )*};
    }
    take!(
        cpl,
        max_lines,
        cps,
        min_duration_ms,
        max_duration_ms,
        min_gap_frames,
        chain_frames,
        shot_window_frames,
        in_red_frames,
        counting,
        count_mode,
        sync_tolerance_frames
    );
}

/// Check override values; returns the first bad key.
pub fn validate(o: &TimingOverrides) -> Result<(), &'static str> {
    let layers = o.all.iter().chain(o.languages.values());
    for l in layers {
        if l.cpl.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
            return Err("cpl");
        }
        if l.cps.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
            return Err("cps");
        }
        if l.max_lines == Some(0) {
            return Err("max_lines");
        }
        if l.shot_window_frames == Some(0) {
            return Err("shot_window_frames");
        }
        if let (Some(a), Some(b)) = (l.min_duration_ms, l.max_duration_ms)
            && a > b
        {
            return Err("min_duration_ms");
        }
    }
    for tag in o.languages.keys() {
        if Language::parse(tag).is_err() {
            return Err("languages");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(t: &str) -> Language {
        Language::parse(t).unwrap()
    }

    #[test]
    fn window_is_half_a_second_rounded_down_at_25() {
        let w = |r| half_second_frames(r);
        assert_eq!(w(FrameRate::FPS_23_976), 12);
        assert_eq!(w(FrameRate::FPS_24), 12);
        assert_eq!(w(FrameRate::FPS_25), 12);
        assert_eq!(w(FrameRate::FPS_29_97), 15);
        assert_eq!(w(FrameRate::FPS_30), 15);
        assert_eq!(w(FrameRate::FPS_50), 25);
        assert_eq!(w(FrameRate::FPS_59_94), 30);
        assert_eq!(w(FrameRate::FPS_60), 30);
    }

    #[test]
    fn netflix_zones_follow_the_reference_table() {
        let spec = TimingSpec::new(Preset::Netflix);
        // (rate, red zone, green zone end) from timing-rules.md §4.2, "NF text" columns.
        for (rate, red, green) in [
            (FrameRate::FPS_24, 7, 11),
            (FrameRate::FPS_25, 7, 11),
            (FrameRate::FPS_29_97, 8, 14),
            (FrameRate::FPS_30, 8, 14),
            (FrameRate::FPS_50, 14, 24),
            (FrameRate::FPS_60, 17, 29),
        ] {
            let s = spec.limits(None, rate).shots;
            assert_eq!(
                (s.in_red, s.in_green, s.in_after),
                (red, green, green),
                "{rate}"
            );
            assert_eq!(s.out_offset, 2);
        }
    }

    #[test]
    fn languages_get_their_rows_and_overrides_layer() {
        let spec = TimingSpec::new(Preset::Netflix);
        let zh = spec.limits(Some(&lang("zh-Hans")), FrameRate::FPS_30);
        assert_eq!((zh.cpl, zh.cps, zh.counting), (16.0, 9.0, Counting::Cjk));
        let th = spec.limits(Some(&lang("th")), FrameRate::FPS_30);
        assert_eq!((th.cpl, th.counting), (35.0, Counting::Thai));
        let v = TimingSpec::new(Preset::Vertical);
        assert_eq!(v.limits(Some(&lang("en-US")), FrameRate::FPS_30).cpl, 25.0);
        assert_eq!(
            v.limits(Some(&lang("zh-Hans")), FrameRate::FPS_30).cpl,
            12.0
        );
        assert_eq!(v.limits(Some(&lang("ja")), FrameRate::FPS_30).cpl, 11.0);

        let market: TimingOverrides =
            toml::from_str("[all]\ncps = 25\n[languages.es]\ncpl = 30\n").unwrap();
        let series: TimingOverrides =
            toml::from_str("preset = \"netflix\"\n[languages.es-419]\ncpl = 40\n").unwrap();
        let spec = TimingSpec::new(Preset::Vertical).with(market).with(series);
        assert_eq!(spec.preset, Preset::Netflix);
        let es = spec.limits(Some(&lang("es-419")), FrameRate::FPS_25);
        assert_eq!((es.cpl, es.cps), (40.0, 25.0));
        let es_es = spec.limits(Some(&lang("es-ES")), FrameRate::FPS_25);
        assert_eq!(es_es.cpl, 30.0);
        let fr = spec.limits(Some(&lang("fr")), FrameRate::FPS_25);
        assert_eq!((fr.cpl, fr.cps), (42.0, 25.0));
    }

    #[test]
    fn aegisub_snaps_by_milliseconds_without_a_gap() {
        let s = TimingSpec::new(Preset::Aegisub);
        let l = s.limits(None, FrameRate::FPS_30);
        assert_eq!(l.shots.in_after, 4);
        assert_eq!(l.shots.in_red, 6);
        assert_eq!(l.shots.out_after, 7);
        assert_eq!((l.shots.out_offset, l.min_gap), (0, 0));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(toml::from_str::<TimingOverrides>("[all]\ncpx = 3\n").is_err());
        let bad: TimingOverrides = toml::from_str("[all]\ncps = -1\n").unwrap();
        assert_eq!(validate(&bad), Err("cps"));
        let bad: TimingOverrides = toml::from_str("[languages.pt_BR]\ncps = 3\n").unwrap();
        assert_eq!(validate(&bad), Err("languages"));
    }
}
