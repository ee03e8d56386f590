//! The ASS document libass burns into a video: `PlayResX/Y` equal to the video, one style
//! for bottom cues and one for top cues with margins from the market's safe area, the font
//! and look from `[burn_in]`, and every cue's lines broken by our own line breaker for the
//! width of the box (wrapping in libass is off, so what is checked is what is drawn).

use crate::formats::markup::{Placement, RichText, Run};
use crate::markets::{BurnIn, Platform};
use crate::model::{Language, Millis, SubtitleTrack};
use crate::timing::spec::Counting;
use crate::timing::{Limits, SafeArea};

/// Everything the document depends on besides the track.
#[derive(Clone)]
pub struct AssOptions<'a> {
    pub burn_in: &'a BurnIn,
    pub safe_area: SafeArea,
    /// The font family the style names (checked for coverage before rendering).
    pub font: &'a str,
    /// The font drawing what `font` lacks, and which characters `font` has: runs of
    /// characters it lacks are switched to the fallback with `\fn`, so libass never picks a
    /// font of its own.
    pub fallback: Option<(&'a str, &'a dyn Fn(char) -> bool)>,
    /// Video width and height in pixels.
    pub video: (u32, u32),
    pub language: &'a Language,
    /// The language's readability limits (lines per cue; characters per line are derived
    /// from the box width and the font size).
    pub limits: Limits,
}

/// The box text may use, in video pixels: left, right (of the lower part, below the rail
/// line), top, bottom, and the right edge of the upper part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextBox {
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
    pub upper_right: u32,
}

/// The safe area scaled to the video; mirrored for right-to-left text on TikTok, whose
/// interface moves its rail to the left for those languages.
pub fn text_box(safe: &SafeArea, video: (u32, u32), rtl_mirror: bool) -> TextBox {
    let (w, h) = video;
    let sx =
        |v: u32| (f64::from(v) * f64::from(w) / f64::from(SafeArea::REFERENCE.0)).round() as u32;
    let sy =
        |v: u32| (f64::from(v) * f64::from(h) / f64::from(SafeArea::REFERENCE.1)).round() as u32;
    // Bottom cues sit below the rail line when the box reaches below it.
    let lower_right = if safe.bottom > safe.rail_top {
        safe.rail_right
    } else {
        safe.right
    };
    let (mut left, mut right, mut upper_right) = (sx(safe.left), sx(lower_right), sx(safe.right));
    if rtl_mirror {
        let mirrored_left = w.saturating_sub(right);
        right = w.saturating_sub(left);
        left = mirrored_left;
        upper_right = upper_right.max(right);
    }
    TextBox {
        left,
        right,
        top: sy(safe.top),
        bottom: sy(safe.bottom),
        upper_right,
    }
}

/// Whether the language is written right to left (its TikTok interface mirrors the rail).
pub fn is_rtl(lang: &Language) -> bool {
    matches!(lang.primary(), "ar" | "he" | "fa" | "ur" | "yi")
}

/// `#RRGGBB` as ASS `&HAABBGGRR` (opaque).
fn ass_colour(hex: &str) -> String {
    let (r, g, b) = crate::markets::burn_in::parse_colour(hex).unwrap_or((255, 255, 255));
    format!("&H00{b:02X}{g:02X}{r:02X}")
}

/// `H:MM:SS.cc`, rounded to the nearest centisecond.
fn ass_time(t: Millis) -> String {
    let cs = (t.get().max(0) + 5) / 10;
    format!(
        "{}:{:02}:{:02}.{:02}",
        cs / 360_000,
        cs / 6000 % 60,
        cs / 100 % 60,
        cs % 100
    )
}

/// Characters per line the box holds at this size, in the language's counting units: a
/// full-width character is about one font size wide, other characters about 0.55 of it in a
/// bold sans (0.5 regular).
pub fn cpl_for(width: u32, size_px: f64, counting: Counting, bold: bool) -> f64 {
    let narrow = if bold { 0.55 } else { 0.5 };
    let unit = match counting {
        // CJK and Korean count a full-width character as 1.
        Counting::Cjk | Counting::Korean => size_px,
        _ => size_px * narrow,
    };
    (f64::from(width) / unit.max(1.0)).floor()
}

/// Text safe inside an ASS event: braces would open override blocks, a backslash an escape.
fn escape(text: &str) -> String {
    text.replace('\\', "\u{29F5}")
        .replace('{', "\u{FF5B}")
        .replace('}', "\u{FF5D}")
}

/// Fallback switching for one run of text.
type Fallback<'a> = Option<(&'a str, &'a str, &'a dyn Fn(char) -> bool)>;

/// `text` with each stretch of characters the primary font lacks switched to the fallback.
fn with_fallback(text: &str, fallback: Fallback<'_>) -> String {
    let Some((primary, fallback, covers)) = fallback else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    let mut in_fallback = false;
    for c in text.chars() {
        let lacks = !covers(c);
        if lacks != in_fallback {
            out.push_str(&format!(
                "{{\\fn{}}}",
                if lacks { fallback } else { primary }
            ));
            in_fallback = lacks;
        }
        out.push(c);
    }
    if in_fallback {
        out.push_str(&format!("{{\\fn{primary}}}"));
    }
    out
}

fn run_text(run: &Run, fallback: Fallback<'_>) -> String {
    let mut s = String::new();
    let tags: Vec<&str> = [
        (run.italic, "\\i1"),
        (run.bold, "\\b1"),
        (run.underline, "\\u1"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, t)| *t)
    .collect();
    if !tags.is_empty() {
        s.push('{');
        s.push_str(&tags.concat());
        s.push('}');
    }
    s.push_str(&with_fallback(&escape(&run.text), fallback));
    if !tags.is_empty() {
        s.push_str("{\\r}");
    }
    s
}

/// One cue's ASS text: lines re-broken for the box when the cue has one style throughout,
/// else its own lines. Returns the text and whether every line fits.
fn cue_text(
    rich: &RichText,
    limits: &Limits,
    lang: &Language,
    fallback: Fallback<'_>,
) -> (String, bool) {
    let runs: Vec<&Run> = rich.lines.iter().flatten().collect();
    let uniform = runs.windows(2).all(|w| w[0].same_style(w[1]));
    if uniform && let Some(first) = runs.first() {
        let plain = rich.plain();
        // A cue that needs more lines than allowed is still broken for the width of the box
        // (more lines, reported as too long) rather than drawn as one line off the frame.
        let lines = crate::timing::linebreak::rebreak(&plain, limits, Some(lang))
            .or_else(|| {
                let mut wider = limits.clone();
                wider.max_lines = 64;
                crate::timing::linebreak::rebreak(&plain, &wider, Some(lang))
            })
            .unwrap_or_else(|| plain.trim().to_owned());
        let fits = crate::timing::linebreak::fits(&lines, limits);
        let style = Run {
            text: String::new(),
            ..(*first).clone()
        };
        let text = lines
            .lines()
            .map(|l| {
                run_text(
                    &Run {
                        text: l.trim().to_owned(),
                        ..style.clone()
                    },
                    fallback,
                )
            })
            .collect::<Vec<_>>()
            .join("\\N");
        return (text, fits);
    }
    let text = rich
        .lines
        .iter()
        .map(|line| {
            line.iter()
                .map(|r| run_text(r, fallback))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\\N");
    (text, crate::timing::linebreak::fits(&rich.plain(), limits))
}

/// The document, and the 1-based numbers of cues whose lines do not fit the box.
pub fn document(track: &SubtitleTrack, options: &AssOptions<'_>) -> (String, Vec<usize>) {
    let b = options.burn_in;
    let (w, h) = options.video;
    let scale = f64::from(h) / f64::from(SafeArea::REFERENCE.1);
    let size = f64::from(b.size) * scale;
    let mirror = is_rtl(options.language) && b.platform == Platform::TikTok;
    let bx = text_box(&options.safe_area, options.video, mirror);
    let mut limits = options.limits.clone();
    limits.cpl = limits.cpl.min(cpl_for(
        bx.right.saturating_sub(bx.left),
        size,
        limits.counting,
        b.bold,
    ));
    let style = |name: &str, align: u32, right: u32, margin_v: u32| {
        format!(
            "Style: {name},{font},{size:.0},{fg},&H000000FF,{oc},&H80000000,{bold},0,0,0,100,100,0,0,1,{outline:.1},{shadow:.1},{align},{ml},{mr},{margin_v},1\n",
            font = options.font,
            fg = ass_colour(&b.colour),
            oc = ass_colour(&b.outline_colour),
            bold = if b.bold { -1 } else { 0 },
            outline = b.outline * scale,
            shadow = b.shadow * scale,
            ml = bx.left,
            mr = w.saturating_sub(right),
        )
    };
    let mut out = format!(
        "[Script Info]\n; Made by dramaloc {} for {}\nScriptType: v4.00+\nPlayResX: {w}\nPlayResY: {h}\nWrapStyle: 2\nScaledBorderAndShadow: yes\nYCbCr Matrix: TV.709\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n",
        env!("CARGO_PKG_VERSION"),
        options.language
    );
    // libass puts the glyphs against the vertical margin and draws the outline around them
    // (and the shadow below and to the right): keep those inside the box too, or a descender's
    // outline crosses the bottom of the safe area.
    let outline = (b.outline * scale).max(0.0).ceil() as u32;
    let shadow = (b.shadow * scale).max(0.0).ceil() as u32;
    out.push_str(&style(
        "Bottom",
        2,
        bx.right,
        h.saturating_sub(bx.bottom) + outline + shadow,
    ));
    out.push_str(&style("Top", 8, bx.upper_right, bx.top + outline));
    out.push_str("\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
    let mut too_long = Vec::new();
    let mut dropped = Vec::new();
    for (i, cue) in track.cues.iter().enumerate() {
        let rich = crate::formats::rich_text(track, cue, &mut dropped);
        if rich.plain().trim().is_empty() {
            continue;
        }
        let fallback = options
            .fallback
            .map(|(name, covers)| (options.font, name, covers));
        let (text, fits) = cue_text(&rich, &limits, options.language, fallback);
        if !fits {
            too_long.push(i + 1);
        }
        let style = match rich.placement {
            Placement::Top | Placement::Middle => "Top",
            Placement::Bottom => "Bottom",
        };
        out.push_str(&format!(
            "Dialogue: 0,{},{},{style},,0,0,0,,{text}\n",
            ass_time(cue.span().start()),
            ass_time(cue.span().end())
        ));
    }
    (out, too_long)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;
    use crate::timing::{Preset, TimingSpec};

    fn track(texts: &[&str]) -> SubtitleTrack {
        let mut srt = String::new();
        for (i, t) in texts.iter().enumerate() {
            srt.push_str(&format!(
                "{}\n00:00:0{i},000 --> 00:00:0{i},900\n{t}\n\n",
                i + 1
            ));
        }
        crate::formats::parse(Format::Srt, &srt).unwrap().track
    }

    fn doc(lang: &str, platform: &str, texts: &[&str]) -> (String, Vec<usize>) {
        let l = Language::parse(lang).unwrap();
        let b: BurnIn = toml::from_str(&format!("platform = \"{platform}\"\n")).unwrap();
        let safe = crate::render::zones::tests::tiktok();
        let limits =
            TimingSpec::new(Preset::Vertical).limits(Some(&l), crate::model::FrameRate::FPS_30);
        let options = AssOptions {
            burn_in: &b,
            safe_area: safe,
            font: "Noto Sans",
            fallback: None,
            video: (1080, 1920),
            language: &l,
            limits,
        };
        document(&track(texts), &options)
    }

    #[test]
    fn styles_carry_the_safe_area_and_the_look() {
        let (d, _) = doc("en-US", "tiktok", &["Hello"]);
        assert!(
            d.contains("PlayResX: 1080\nPlayResY: 1920\nWrapStyle: 2"),
            "{d}"
        );
        // Bottom: x 120–780 (rail), 660 px from the bottom; top: x 120–960, 240 from the top;
        // vertical margins grown by the 4 px outline.
        assert!(d.contains("Style: Bottom,Noto Sans,60,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,4.0,0.0,2,120,300,664,1"), "{d}");
        assert!(d.contains("Style: Top,Noto Sans,60,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,4.0,0.0,8,120,120,244,1"), "{d}");
        assert!(
            d.contains("Dialogue: 0,0:00:00.00,0:00:00.90,Bottom,,0,0,0,,Hello\n"),
            "{d}"
        );
    }

    #[test]
    fn placement_markup_and_escaping() {
        let (d, _) = doc(
            "en-US",
            "tiktok",
            &["{\\an8}Shanghai", "<i>I know</i>", "a {b} c\\d"],
        );
        assert!(d.contains(",Top,,0,0,0,,Shanghai\n"), "{d}");
        assert!(d.contains(",Bottom,,0,0,0,,{\\i1}I know{\\r}\n"), "{d}");
        assert!(d.contains(",,a ｛b｝ c⧵d\n"), "{d}");
    }

    #[test]
    fn lines_are_broken_for_the_box_and_too_long_cues_reported() {
        // 660 px at 60 px bold: 20 Latin characters a line.
        let (d, long) = doc(
            "en-US",
            "tiktok",
            &["She says the tea is wrong, and why", &"word ".repeat(40)],
        );
        let line = d.lines().find(|l| l.contains("She says")).unwrap();
        assert!(line.contains("\\N"), "{line}");
        for part in line.rsplit(",,").next().unwrap().split("\\N") {
            assert!(part.chars().count() <= 20, "{part}");
        }
        assert_eq!(long, vec![2]);
        // The cue too long for two lines is still broken for the box, over more lines.
        let long_line = d.lines().find(|l| l.contains("word word")).unwrap();
        let parts: Vec<&str> = long_line
            .rsplit(",,")
            .next()
            .unwrap()
            .split("\\N")
            .collect();
        assert!(parts.len() > 2, "{long_line}");
        for part in parts {
            assert!(part.chars().count() <= 20, "{part}");
        }
        // Chinese: 660 / 60 = 11 full-width characters a line.
        let (d, _) = doc(
            "zh-Hans",
            "tiktok",
            &["这不是雾岭的雪芽，味道和去年完全不一样"],
        );
        let line = d.lines().find(|l| l.starts_with("Dialogue")).unwrap();
        assert!(line.contains("\\N"), "{line}");
    }

    #[test]
    fn arabic_on_tiktok_mirrors_the_box() {
        let (d, _) = doc("ar", "tiktok", &["مرحبا"]);
        assert!(d.contains(",2,300,120,664,1"), "{d}");
        let (d, _) = doc("ar", "reels", &["مرحبا"]);
        assert!(d.contains(",2,120,300,664,1"), "{d}");
    }

    #[test]
    fn characters_the_font_lacks_switch_to_the_fallback() {
        let thai = |c: char| ('\u{0E01}'..='\u{0E5B}').contains(&c) || c == ' ';
        let f: Fallback<'_> = Some(("Noto Sans Thai", "Noto Sans", &thai));
        assert_eq!(
            with_fallback("จริงเหรอ?! OK", f),
            "จริงเหรอ{\\fnNoto Sans}?!{\\fnNoto Sans Thai} {\\fnNoto Sans}OK{\\fnNoto Sans Thai}"
        );
        assert_eq!(with_fallback("ไม่", f), "ไม่");
        assert_eq!(with_fallback("abc", None), "abc");
    }

    #[test]
    fn scaled_to_a_smaller_video() {
        let b = text_box(&SafeArea::default(), (540, 960), false);
        assert_eq!((b.left, b.right, b.top, b.bottom), (60, 390, 144, 624));
        assert_eq!(ass_time(Millis::new(3_723_456)), "1:02:03.46");
        assert_eq!(ass_colour("#FFCC00"), "&H0000CCFF");
    }
}
