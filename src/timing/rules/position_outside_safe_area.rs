//! `position-outside-safe-area`: positioned text that falls outside the 9:16 safe box, where
//! TikTok, Reels and Shorts draw their interface (markets-and-delivery.md §3). At 1080×1920
//! the box is y 288–1248, and x 120–888 above y 840 but x 120–780 below it (the right-hand
//! icon rail); it is scaled to the episode's frame size.
//!
//! What counts as positioned, per format:
//!
//! - **ASS/SSA**: every displayed event is placed by the renderer: `\pos`, `\move` (both
//!   ends), or the alignment (`\an`, `\a`, else the style's) with the event's margins (else
//!   the style's), in `PlayResX`×`PlayResY` script pixels (libass defaults when missing).
//!   Events placed by their style alone are reported once per style, at its first cue, with
//!   the number of cues; events with their own `\pos`, `\move`, alignment or margins, per cue.
//! - **WebVTT**: cues with `line:` or `position:` settings, or in a region with a
//!   `viewportanchor`. Cues without them are placed by the player and are fine.
//! - **TTML**: paragraphs in a region with a `tts:origin` or `tts:extent` (inline, from a
//!   nested `<style>` or a referenced one). Paragraphs in no region, or in one without
//!   geometry, are placed by the player.
//!
//! Where the renderer decides the size of the text, the check estimates the text block from
//! the number of lines (ASS: font size per line; WebVTT: 6 % of the frame per line, the
//! user-agent default of 5vh with normal line height; TTML: one cell row per line) and takes
//! the anchor's column for its horizontal extent, since line widths depend on fonts. TTML
//! regions are boxes with a width, and are checked as such.

use super::{Rule, TrackInput};
use crate::diagnostics::{Finding, Severity};
use crate::message::Message;
use crate::model::{AssHeader, Cue, CueMeta, Format, TrackHeader, TtmlHeader, VttHeader};
use crate::msg;

pub struct PositionOutsideSafeArea;

impl Rule for PositionOutsideSafeArea {
    fn id(&self) -> &'static str {
        "position-outside-safe-area"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn explain(&self) -> (Message, Message) {
        (
            msg!("rule-position-outside-safe-area-what"),
            msg!("rule-position-outside-safe-area-why"),
        )
    }

    fn check(&self, input: &TrackInput<'_>, out: &mut Vec<Finding>) {
        let Some(track) = input.track else {
            return;
        };
        match track.header() {
            TrackHeader::Ass(h) => check_ass(self.id(), input, h, track.format, out),
            TrackHeader::Vtt(h) => check_vtt(self.id(), input, h, out),
            TrackHeader::Ttml(h) => check_ttml(self.id(), input, h, out),
            TrackHeader::None => {}
        }
    }
}

/// The safe box in fractions of the frame (the market's, from the limits).
#[derive(Copy, Clone, Debug)]
struct Safe {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    rail_top: f64,
    rail_right: f64,
}

impl Safe {
    fn of(input: &TrackInput<'_>) -> Safe {
        let [left, top, right, bottom, rail_top, rail_right] = input.limits.safe_area.fractions();
        Safe {
            left,
            top,
            right,
            bottom,
            rail_top,
            rail_right,
        }
    }
}
/// Tolerance in fractions of the frame (about a pixel): percentages are written with two
/// decimals (`11.11%` for x 120).
const EPS: f64 = 5e-4;

/// Where text sits, in fractions of the frame (0 = left or top edge, 1 = right or bottom).
/// An axis the file leaves to the player is `None`.
#[derive(Copy, Clone, Debug, PartialEq)]
struct Block {
    x: Option<(f64, f64)>,
    y: Option<(f64, f64)>,
}

impl Block {
    /// The right edge of the safe box for this block: the icon rail only reaches up to
    /// y 840, so text entirely above it may go further right. Unknown height: the player's
    /// default, at the bottom.
    fn safe_right(&self, safe: &Safe) -> f64 {
        match self.y {
            Some((_, bottom)) if bottom <= safe.rail_top + EPS => safe.right,
            _ => safe.rail_right,
        }
    }

    fn is_outside(&self, safe: &Safe) -> bool {
        let x_out = self
            .x
            .is_some_and(|(l, r)| l < safe.left - EPS || r > self.safe_right(safe) + EPS);
        let y_out = self
            .y
            .is_some_and(|(t, b)| t < safe.top - EPS || b > safe.bottom + EPS);
        x_out || y_out
    }

    /// Both blocks together (the two ends of an ASS `\move`).
    fn union(self, other: Block) -> Block {
        let join = |a: Option<(f64, f64)>, b: Option<(f64, f64)>| match (a, b) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        };
        Block {
            x: join(self.x, other.x),
            y: join(self.y, other.y),
        }
    }
}

/// How the text got its position, for the message.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    /// A setting as written: `\pos(540,1700)`, `line:90%`.
    Setting(String),
    /// An ASS style used by `cues` events.
    Style(String),
    /// The margins of the ASS event itself.
    EventMargins,
    /// A WebVTT or TTML region.
    Region(String),
}

fn finding(
    id: &'static str,
    input: &TrackInput<'_>,
    block: Block,
    source: Source,
    cues: usize,
) -> Finding {
    let (w, h) = (f64::from(input.resolution.0), f64::from(input.resolution.1));
    let safe = Safe::of(input);
    let px = |v: f64, size: f64| (v * size).round() as i64;
    let (how, name) = match source {
        Source::Setting(s) => ("setting", s),
        Source::Style(s) => ("style", s),
        Source::EventMargins => ("margins", String::new()),
        Source::Region(s) => ("region", s),
    };
    // Only the axes the file sets: `x 540, y 1640–1700`, or `y 0–115`.
    let range = |(a, b): (f64, f64), size: f64| {
        let (a, b) = (px(a, size), px(b, size));
        if a == b {
            a.to_string()
        } else {
            format!("{a}–{b}")
        }
    };
    let at = [
        block.x.map(|x| format!("x {}", range(x, w))),
        block.y.map(|y| format!("y {}", range(y, h))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    msg_finding(
        id,
        msg!(
            "finding-position-outside-safe-area",
            how = how,
            name = name,
            cues = cues,
            at = at,
            safe_left = px(safe.left, w),
            safe_right = px(block.safe_right(&safe), w),
            safe_top = px(safe.top, h),
            safe_bottom = px(safe.bottom, h),
            width = input.resolution.0,
            height = input.resolution.1
        ),
        msg!(
            "hint-position-outside-safe-area",
            safe_bottom = px(safe.bottom, h),
            margin = px(1.0 - safe.bottom, h)
        ),
    )
}

fn msg_finding(id: &'static str, message: Message, hint: Message) -> Finding {
    Finding::new(id, message).hint(hint)
}

fn line_count(input: &TrackInput<'_>, index: usize) -> f64 {
    input.text(index).split('\n').count() as f64
}

// ---------------------------------------------------------------------------------------
// ASS / SSA

/// Field lists used when a file has no `Format:` line of its own.
const ASS_STYLE_FORMAT: &[&str] = &[
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "OutlineColour",
    "BackColour",
    "Bold",
    "Italic",
    "Underline",
    "StrikeOut",
    "ScaleX",
    "ScaleY",
    "Spacing",
    "Angle",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "Encoding",
];
const SSA_STYLE_FORMAT: &[&str] = &[
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "TertiaryColour",
    "BackColour",
    "Bold",
    "Italic",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "AlphaLevel",
    "Encoding",
];
const EVENT_FORMAT: &[&str] = &[
    "Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
/// libass's built-in style when an event names none that exists.
const DEFAULT_FONT_SIZE: f64 = 20.0;
const DEFAULT_MARGIN: f64 = 20.0;

fn column<S: AsRef<str>>(format: &[S], name: &str) -> Option<usize> {
    format
        .iter()
        .position(|f| f.as_ref().trim().eq_ignore_ascii_case(name))
}

/// `PlayResX`×`PlayResY`, with libass's defaults: 384×288 when both are missing, the other
/// derived at 4:3 when one is (1280×1024 as a special case).
fn play_res(h: &AssHeader) -> (f64, f64) {
    let get = |k| {
        h.info(k)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    match (get("PlayResX"), get("PlayResY")) {
        (Some(x), Some(y)) => (x, y),
        (Some(x), None) if x == 1280.0 => (x, 1024.0),
        (Some(x), None) => (x, x * 3.0 / 4.0),
        (None, Some(y)) if y == 1024.0 => (1280.0, y),
        (None, Some(y)) => (y * 4.0 / 3.0, y),
        (None, None) => (384.0, 288.0),
    }
}

/// SSA's legacy alignment (1–3 bottom, 5–7 top, 9–11 middle) as a numpad value.
fn legacy_to_numpad(v: i64) -> Option<u8> {
    match v {
        1..=3 => u8::try_from(v).ok(),
        5..=7 => u8::try_from(v + 2).ok(),
        9..=11 => u8::try_from(v - 5).ok(),
        _ => None,
    }
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// One style row's placement values.
#[derive(Copy, Clone, Debug, PartialEq)]
struct StylePlace {
    alignment: u8,
    margins: (f64, f64, f64),
    font_size: f64,
}

impl Default for StylePlace {
    fn default() -> Self {
        StylePlace {
            alignment: 2,
            margins: (DEFAULT_MARGIN, DEFAULT_MARGIN, DEFAULT_MARGIN),
            font_size: DEFAULT_FONT_SIZE,
        }
    }
}

/// A position in script pixels.
type Point = (f64, f64);

/// What a cue's override blocks say about placement (the first of each tag wins, as in
/// libass; `\fs` is taken from the first block that sets it).
#[derive(Clone, Debug, Default, PartialEq)]
struct Overrides<'a> {
    pos: Option<(Point, &'a str)>,
    mov: Option<(Point, Point, &'a str)>,
    alignment: Option<(u8, &'a str)>,
    font_size: Option<f64>,
}

/// Read `\pos`, `\move`, `\an`, `\a` and `\fs` from a cue's override blocks.
fn overrides(text: &str) -> Overrides<'_> {
    let mut o = Overrides::default();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let block = &after[..close];
        rest = &after[close + 1..];
        let mut at = block.find('\\').unwrap_or(0);
        for tag in block.split('\\').skip(1) {
            let raw = &block[at..at + 1 + tag.len()];
            at += 1 + tag.len();
            let tag = tag.trim();
            if let Some(args) = tag.strip_prefix("pos(") {
                if o.pos.is_none()
                    && let [x, y] = numbers(args)[..]
                {
                    o.pos = Some(((x, y), raw.trim_end()));
                }
            } else if let Some(args) = tag.strip_prefix("move(") {
                if o.mov.is_none() {
                    let n = numbers(args);
                    if n.len() == 4 || n.len() == 6 {
                        o.mov = Some(((n[0], n[1]), (n[2], n[3]), raw.trim_end()));
                    }
                }
            } else if let Some(v) = tag.strip_prefix("an") {
                if o.alignment.is_none()
                    && let Some(a) = v.trim().parse::<u8>().ok().filter(|a| (1..=9).contains(a))
                {
                    o.alignment = Some((a, raw.trim_end()));
                }
            } else if let Some(v) = tag.strip_prefix('a')
                && v.starts_with(|c: char| c.is_ascii_digit())
            {
                if o.alignment.is_none()
                    && let Some(a) = v.trim().parse::<i64>().ok().and_then(legacy_to_numpad)
                {
                    o.alignment = Some((a, raw.trim_end()));
                }
            } else if let Some(v) = tag.strip_prefix("fs")
                && v.starts_with(|c: char| c.is_ascii_digit() || c == '.')
                && o.font_size.is_none()
            {
                o.font_size = number(v).filter(|s| *s > 0.0);
            }
        }
    }
    o
}

/// The numbers of a tag's argument list (`540, 1700)` → [540, 1700]); empty when one is not
/// a number.
fn numbers(args: &str) -> Vec<f64> {
    let inner = args.split(')').next().unwrap_or("");
    let parsed: Option<Vec<f64>> = inner.split(',').map(number).collect();
    parsed.unwrap_or_default()
}

/// The text block of `lines` lines of `size` (script pixels) anchored at `(x, y)` by a
/// numpad alignment, in fractions of the frame.
fn ass_block(x: f64, y: f64, alignment: u8, lines: f64, size: f64, res: (f64, f64)) -> Block {
    let height = lines * size;
    let (top, bottom) = match alignment {
        7..=9 => (y, y + height),
        4..=6 => (y - height / 2.0, y + height / 2.0),
        _ => (y - height, y),
    };
    Block {
        x: Some((x / res.0, x / res.0)),
        y: Some((top / res.1, bottom / res.1)),
    }
}

fn check_ass(
    id: &'static str,
    input: &TrackInput<'_>,
    h: &AssHeader,
    format: Format,
    out: &mut Vec<Finding>,
) {
    let res = play_res(h);
    let ssa = format == Format::Ssa;
    let sf: Vec<&str> = if h.styles_format.is_empty() {
        if ssa {
            SSA_STYLE_FORMAT
        } else {
            ASS_STYLE_FORMAT
        }
        .to_vec()
    } else {
        h.styles_format.iter().map(String::as_str).collect()
    };
    let ef: Vec<&str> = if h.events_format.is_empty() {
        EVENT_FORMAT.to_vec()
    } else {
        h.events_format.iter().map(String::as_str).collect()
    };
    let (s_name, s_size, s_align) = (
        column(&sf, "Name"),
        column(&sf, "Fontsize"),
        column(&sf, "Alignment"),
    );
    let s_margins = (
        column(&sf, "MarginL"),
        column(&sf, "MarginR"),
        column(&sf, "MarginV"),
    );
    let e_style = column(&ef, "Style");
    let e_margins = (
        column(&ef, "MarginL"),
        column(&ef, "MarginR"),
        column(&ef, "MarginV"),
    );

    // Style rows by name, read once.
    let styles: Vec<(&str, StylePlace)> = h
        .styles
        .iter()
        .filter_map(|row| {
            let field = |c: Option<usize>| c.and_then(|c| row.fields.get(c)).map(|v| v.trim());
            let name = field(s_name)?.trim_start_matches('*');
            let d = StylePlace::default();
            let margin = |c, dflt| field(c).and_then(number).unwrap_or(dflt);
            let alignment = field(s_align)
                .and_then(|v| v.parse::<i64>().ok())
                .and_then(|v| {
                    if ssa {
                        legacy_to_numpad(v)
                    } else {
                        u8::try_from(v).ok().filter(|v| (1..=9).contains(v))
                    }
                })
                .unwrap_or(d.alignment);
            Some((
                name,
                StylePlace {
                    alignment,
                    margins: (
                        margin(s_margins.0, d.margins.0),
                        margin(s_margins.1, d.margins.1),
                        margin(s_margins.2, d.margins.2),
                    ),
                    font_size: field(s_size)
                        .and_then(number)
                        .filter(|s| *s > 0.0)
                        .unwrap_or(d.font_size),
                },
            ))
        })
        .collect();
    let style_of = |name: &str| {
        let name = name.trim().trim_start_matches('*');
        styles
            .iter()
            .find(|(n, _)| *n == name)
            .or_else(|| {
                styles
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("Default"))
            })
            .map(|(_, p)| *p)
            .unwrap_or_default()
    };

    // Cues placed by their style alone: (style name, first cue, count, block).
    let mut by_style: Vec<(&str, usize, usize, Block)> = Vec::new();
    for (i, cue) in input.cues() {
        let CueMeta::Ass(meta) = cue.meta() else {
            continue;
        };
        let style_name = e_style
            .and_then(|c| meta.field(c))
            .map_or("Default", str::trim);
        let style = style_of(style_name);
        let o = overrides(cue.text());
        let lines = line_count(input, i);
        let size = o.font_size.unwrap_or(style.font_size);
        let alignment = o.alignment.map_or(style.alignment, |(a, _)| a);
        if let Some(((x1, y1), (x2, y2), raw)) = o.mov.filter(|_| o.pos.is_none()) {
            let b = ass_block(x1, y1, alignment, lines, size, res)
                .union(ass_block(x2, y2, alignment, lines, size, res));
            if b.is_outside(&Safe::of(input)) {
                out.push(
                    finding(id, input, b, Source::Setting(raw.to_owned()), 1).cue(i, cue.span()),
                );
            }
            continue;
        }
        if let Some(((x, y), raw)) = o.pos {
            let b = ass_block(x, y, alignment, lines, size, res);
            if b.is_outside(&Safe::of(input)) {
                out.push(
                    finding(id, input, b, Source::Setting(raw.to_owned()), 1).cue(i, cue.span()),
                );
            }
            continue;
        }
        // Event margins replace the style's when non-zero.
        let event_margin = |c: Option<usize>| {
            c.and_then(|c| meta.field(c))
                .and_then(number)
                .filter(|v| *v != 0.0)
        };
        let em = (
            event_margin(e_margins.0),
            event_margin(e_margins.1),
            event_margin(e_margins.2),
        );
        let own_margins = em.0.is_some() || em.1.is_some() || em.2.is_some();
        let (ml, mr, mv) = (
            em.0.unwrap_or(style.margins.0),
            em.1.unwrap_or(style.margins.1),
            em.2.unwrap_or(style.margins.2),
        );
        let x = match alignment {
            1 | 4 | 7 => ml,
            3 | 6 | 9 => res.0 - mr,
            _ => (ml + res.0 - mr) / 2.0,
        };
        let y = match alignment {
            7..=9 => mv,
            4..=6 => res.1 / 2.0,
            _ => res.1 - mv,
        };
        let b = ass_block(x, y, alignment, lines, size, res);
        if !b.is_outside(&Safe::of(input)) {
            continue;
        }
        if let Some((_, raw)) = o.alignment {
            out.push(finding(id, input, b, Source::Setting(raw.to_owned()), 1).cue(i, cue.span()));
        } else if own_margins {
            out.push(finding(id, input, b, Source::EventMargins, 1).cue(i, cue.span()));
        } else {
            let name = style_name.trim().trim_start_matches('*');
            match by_style.iter_mut().find(|(n, ..)| *n == name) {
                Some(entry) => {
                    entry.2 += 1;
                    entry.3 = entry.3.union(b);
                }
                None => by_style.push((name, i, 1, b)),
            }
        }
    }
    for (name, first, count, block) in by_style {
        let span = input.track.and_then(|t| t.cues.get(first)).map(Cue::span);
        let mut f = finding(id, input, block, Source::Style(name.to_owned()), count);
        if let Some(span) = span {
            f = f.cue(first, span);
        }
        out.push(f);
    }
}

// ---------------------------------------------------------------------------------------
// WebVTT

/// One line of text: 5vh type at normal line height, the user-agent default.
const VTT_LINE: f64 = 0.06;

fn percent(s: &str) -> Option<f64> {
    number(s.trim().strip_suffix('%')?).map(|v| v / 100.0)
}

/// A `line:` setting: a percentage with a line alignment, or a line number.
fn vtt_line(value: &str, lines: f64) -> Option<(f64, f64)> {
    let (v, align) = value.split_once(',').unwrap_or((value, "start"));
    let height = lines * VTT_LINE;
    if let Some(p) = percent(v) {
        return Some(match align.trim() {
            "center" => (p - height / 2.0, p + height / 2.0),
            "end" => (p - height, p),
            _ => (p, p + height),
        });
    }
    let n = number(v)?;
    Some(if n >= 0.0 {
        (n * VTT_LINE, n * VTT_LINE + height)
    } else {
        let bottom = 1.0 + (n + 1.0) * VTT_LINE;
        (bottom - height, bottom)
    })
}

/// A region's box from its `width`, `lines`, `regionanchor` and `viewportanchor`.
fn vtt_region(header: &VttHeader, id: &str) -> Option<Block> {
    let body = header.regions.iter().find(|r| {
        r.split_whitespace()
            .any(|s| s.strip_prefix("id:").is_some_and(|v| v == id))
    })?;
    let mut width = 1.0;
    let mut lines = 3.0;
    let mut anchor = (0.0, 1.0);
    let mut viewport = None;
    let pair = |v: &str| {
        let (a, b) = v.split_once(',')?;
        Some((percent(a)?, percent(b)?))
    };
    for setting in body.split_whitespace() {
        let Some((k, v)) = setting.split_once(':') else {
            continue;
        };
        match k {
            "width" => width = percent(v).unwrap_or(width),
            "lines" => lines = number(v).filter(|n| *n >= 0.0).unwrap_or(lines),
            "regionanchor" => anchor = pair(v).unwrap_or(anchor),
            "viewportanchor" => viewport = pair(v),
            _ => {}
        }
    }
    let (vx, vy) = viewport?;
    let height = lines * VTT_LINE;
    let left = vx - anchor.0 * width;
    let top = vy - anchor.1 * height;
    Some(Block {
        x: Some((left, left + width)),
        y: Some((top, top + height)),
    })
}

fn check_vtt(id: &'static str, input: &TrackInput<'_>, h: &VttHeader, out: &mut Vec<Finding>) {
    for (i, cue) in input.cues() {
        let CueMeta::Vtt(meta) = cue.meta() else {
            continue;
        };
        if meta.settings.trim().is_empty() {
            continue;
        }
        let lines = line_count(input, i);
        let mut block = Block { x: None, y: None };
        let mut written: Vec<&str> = Vec::new();
        let mut region = None;
        for setting in meta.settings.split_whitespace() {
            let Some((k, v)) = setting.split_once(':') else {
                continue;
            };
            match k {
                "line" => {
                    block.y = vtt_line(v, lines);
                    written.push(setting);
                }
                "position" => {
                    let p = percent(v.split(',').next().unwrap_or(v));
                    block.x = p.map(|p| (p, p));
                    written.push(setting);
                }
                "region" => region = Some(v),
                _ => {}
            }
        }
        let source = if written.is_empty() {
            let Some(r) = region else {
                continue;
            };
            let Some(b) = vtt_region(h, r) else {
                continue;
            };
            block = b;
            Source::Region(r.to_owned())
        } else {
            Source::Setting(written.join(" "))
        };
        if block.is_outside(&Safe::of(input)) {
            out.push(finding(id, input, block, source, 1).cue(i, cue.span()));
        }
    }
}

// ---------------------------------------------------------------------------------------
// TTML

/// A TTML length, as a fraction of the frame along its axis.
#[derive(Copy, Clone, Debug, PartialEq)]
struct Geometry {
    /// Cell grid (`ttp:cellResolution`, 32×15 by default) and pixel size of the root.
    cells: (f64, f64),
    px: (f64, f64),
}

impl Geometry {
    fn from_root(h: &TtmlHeader, resolution: (u32, u32)) -> Geometry {
        let attr = |local: &str| {
            h.tt_attributes
                .iter()
                .find(|(k, _)| k.rsplit(':').next() == Some(local))
                .map(|(_, v)| v.as_str())
        };
        let pair = |v: &str, unit: &str| {
            let mut it = v.split_whitespace();
            let a = number(it.next()?.strip_suffix(unit)?)?;
            let b = number(it.next()?.strip_suffix(unit)?)?;
            (a > 0.0 && b > 0.0).then_some((a, b))
        };
        let cells = attr("cellResolution")
            .and_then(|v| pair(v, ""))
            .unwrap_or((32.0, 15.0));
        let px = attr("extent")
            .and_then(|v| pair(v, "px"))
            .unwrap_or((f64::from(resolution.0), f64::from(resolution.1)));
        Geometry { cells, px }
    }

    /// One length along an axis (0 = horizontal, 1 = vertical).
    fn length(&self, s: &str, axis: usize) -> Option<f64> {
        let s = s.trim();
        let (cells, px) = if axis == 0 {
            (self.cells.0, self.px.0)
        } else {
            (self.cells.1, self.px.1)
        };
        if let Some(v) = s.strip_suffix('%') {
            number(v).map(|v| v / 100.0)
        } else if let Some(v) = s.strip_suffix("px") {
            number(v).map(|v| v / px)
        } else if let Some(v) = s.strip_suffix('c') {
            number(v).map(|v| v / cells)
        } else {
            None
        }
    }

    fn pair(&self, s: &str) -> Option<(f64, f64)> {
        let mut it = s.split_whitespace();
        let a = self.length(it.next()?, 0)?;
        let b = self.length(it.next()?, 1)?;
        it.next().is_none().then_some((a, b))
    }
}

/// Geometry attributes of one element.
#[derive(Clone, Debug, Default, PartialEq)]
struct RegionAttrs {
    origin: Option<String>,
    extent: Option<String>,
    display_align: Option<String>,
}

impl RegionAttrs {
    fn fill_from(&mut self, other: &RegionAttrs) {
        if self.origin.is_none() {
            self.origin.clone_from(&other.origin);
        }
        if self.extent.is_none() {
            self.extent.clone_from(&other.extent);
        }
        if self.display_align.is_none() {
            self.display_align.clone_from(&other.display_align);
        }
    }
}

/// The regions of a TTML `<head>`: id and resolved geometry attributes.
fn ttml_regions(head: &str) -> Vec<(String, RegionAttrs)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(head);
    let mut styles: Vec<(String, RegionAttrs)> = Vec::new();
    // Regions with their own attributes and style references, in order.
    let mut regions: Vec<(String, RegionAttrs, Vec<String>)> = Vec::new();
    let mut in_region: Option<usize> = None;
    let mut depth = 0usize;
    let mut region_depth = 0usize;
    loop {
        let (start, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                if in_region.is_some() && depth < region_depth {
                    in_region = None;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let local = start.local_name();
        let name = local.as_ref();
        let mut attrs = RegionAttrs::default();
        let mut xml_id = None;
        let mut refs = Vec::new();
        for a in start.attributes().flatten() {
            let key = a.key.local_name();
            let value = a.value.to_string();
            match key.as_ref() {
                "id" => xml_id = Some(value),
                "origin" => attrs.origin = Some(value),
                "extent" => attrs.extent = Some(value),
                "displayAlign" => attrs.display_align = Some(value),
                "style" => refs = value.split_whitespace().map(str::to_owned).collect(),
                _ => {}
            }
        }
        match name {
            "region" => {
                if let Some(id) = xml_id {
                    regions.push((id, attrs, refs));
                    if !empty {
                        in_region = Some(regions.len() - 1);
                        region_depth = depth + 1;
                    }
                }
            }
            "style" => {
                if let Some(r) = in_region {
                    regions[r].1.fill_from(&attrs);
                } else if let Some(id) = xml_id {
                    styles.push((id, attrs));
                }
            }
            _ => {}
        }
        if !empty {
            depth += 1;
        }
    }
    regions
        .into_iter()
        .map(|(id, mut attrs, refs)| {
            // Later references win.
            for r in refs.iter().rev() {
                if let Some((_, s)) = styles.iter().find(|(sid, _)| sid == r) {
                    attrs.fill_from(s);
                }
            }
            (id, attrs)
        })
        .collect()
}

/// The text block of `lines` lines inside a region with geometry, or `None` when the region
/// has none (the player places it) or uses lengths that cannot be resolved.
fn ttml_block(attrs: &RegionAttrs, g: &Geometry, lines: f64) -> Option<Block> {
    if attrs.origin.is_none() && attrs.extent.is_none() {
        return None;
    }
    let (ox, oy) = match &attrs.origin {
        Some(o) => g.pair(o)?,
        None => (0.0, 0.0),
    };
    let (w, h) = match &attrs.extent {
        Some(e) => g.pair(e)?,
        None => (1.0 - ox, 1.0 - oy),
    };
    let text = (lines / g.cells.1).min(h);
    let (top, bottom) = match attrs.display_align.as_deref().map(str::trim) {
        Some("after") => (oy + h - text, oy + h),
        Some("center") => (oy + (h - text) / 2.0, oy + (h + text) / 2.0),
        _ => (oy, oy + text),
    };
    Some(Block {
        x: Some((ox, ox + w)),
        y: Some((top, bottom)),
    })
}

fn check_ttml(id: &'static str, input: &TrackInput<'_>, h: &TtmlHeader, out: &mut Vec<Finding>) {
    let Some(head) = &h.head else {
        return;
    };
    let regions = ttml_regions(head);
    if regions.is_empty() {
        return;
    }
    let g = Geometry::from_root(h, input.resolution);
    for (i, cue) in input.cues() {
        let CueMeta::Ttml(meta) = cue.meta() else {
            continue;
        };
        let Some(region) = meta.region.as_deref() else {
            continue;
        };
        let Some((_, attrs)) = regions.iter().find(|(rid, _)| rid == region) else {
            continue;
        };
        let Some(block) = ttml_block(attrs, &g, line_count(input, i)) else {
            continue;
        };
        if block.is_outside(&Safe::of(input)) {
            out.push(
                finding(id, input, block, Source::Region(region.to_owned()), 1).cue(i, cue.span()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Arg;
    use crate::model::FrameRate;
    use crate::timing::rules::fixture::Fixture;

    fn ass(play_res: &str, style_alignment_margins: &str, events: &[&str]) -> Fixture {
        let mut text = format!(
            "[Script Info]\nScriptType: v4.00+\n{play_res}\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\nStyle: Default,Arial,60,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,{style_alignment_margins},1\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        );
        for (k, e) in events.iter().enumerate() {
            text.push_str(&format!(
                "Dialogue: 0,0:00:{:02}.00,0:00:{:02}.50,{e}\n",
                k * 2,
                k * 2 + 1
            ));
        }
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.track = crate::formats::parse(Format::Ass, &text).unwrap().track;
        f
    }

    fn arg(f: &Finding, name: &str) -> Arg {
        f.message
            .args
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1
            .clone()
    }

    #[test]
    fn ass_pos_outside_and_inside() {
        let f = ass(
            "PlayResX: 1080\nPlayResY: 1920",
            "2,120,300,672",
            &[
                "Default,,0,0,0,,{\\pos(540,1700)}Too low",
                "Default,,0,0,0,,{\\pos(450,1200)}Fine",
                "Default,,0,0,0,,{\\an8\\pos(450,100)}Too high",
                "Default,,0,0,0,,{\\an8\\pos(450,300)}Fine at the top",
                "Default,,0,0,0,,{\\pos(850,700)}Beside the rail, above it",
                "Default,,0,0,0,,{\\pos(850,1000)}On the rail",
            ],
        );
        let found = f.run(&PositionOutsideSafeArea);
        assert_eq!(
            found.iter().map(|x| x.cue).collect::<Vec<_>>(),
            vec![Some(1), Some(3), Some(6)]
        );
        assert_eq!(arg(&found[0], "name"), Arg::Str("\\pos(540,1700)".into()));
        assert_eq!(arg(&found[0], "at"), Arg::Str("x 540, y 1640–1700".into()));
        assert_eq!(arg(&found[0], "safe_right"), Arg::Int(780));
    }

    #[test]
    fn ass_scales_play_res_and_defaults_to_384_by_288() {
        // PlayRes 540×960: \pos(270,850) is (540,1700) on the 1080×1920 frame.
        let f = ass(
            "PlayResX: 540\nPlayResY: 960",
            "2,60,150,336",
            &[
                "Default,,0,0,0,,{\\pos(270,850)}x",
                "Default,,0,0,0,,{\\pos(225,600)}x",
            ],
        );
        assert_eq!(f.flagged(&PositionOutsideSafeArea), vec![1]);
        // No PlayRes: 384×288, so MarginV 10 puts the bottom at 278/288 of the frame.
        let f = ass(
            "",
            "2,10,10,10",
            &["Default,,0,0,0,,a", "Default,,0,0,0,,b"],
        );
        let found = f.run(&PositionOutsideSafeArea);
        assert_eq!(found.len(), 1, "one finding for the style");
        assert_eq!(arg(&found[0], "how"), Arg::Str("style".into()));
        assert_eq!(arg(&found[0], "cues"), Arg::Int(2));
        assert_eq!(found[0].cue, Some(1));
    }

    #[test]
    fn ass_style_in_the_safe_area_and_event_overrides() {
        // The recommended burn-in style: bottom-centred, MarginV 672 at 1920.
        let f = ass(
            "PlayResX: 1080\nPlayResY: 1920",
            "2,120,300,672",
            &[
                "Default,,0,0,0,,fine",
                "Default,,0,0,100,,event margin too low",
                "Default,,0,0,0,,{\\an8}top with MarginV 672 is fine",
                "Default,,0,0,0,,{\\an7}left edge at MarginL 120 is fine",
                "Default,,0,0,0,,{\\move(450,1200,450,1800)}moves out",
            ],
        );
        let found = f.run(&PositionOutsideSafeArea);
        let cues: Vec<_> = found.iter().map(|x| x.cue).collect();
        assert_eq!(cues, vec![Some(2), Some(5)]);
        assert_eq!(arg(&found[0], "how"), Arg::Str("margins".into()));
    }

    #[test]
    fn ssa_styles_use_legacy_alignment() {
        let text = "[Script Info]\nScriptType: v4.00\nPlayResX: 1080\nPlayResY: 1920\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\nStyle: Default,Arial,60,16777215,65535,0,0,0,0,1,1,1,6,120,300,100,0,1\n\n[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\n";
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.track = crate::formats::parse(Format::Ssa, text).unwrap().track;
        // Legacy 6 = top centre (numpad 8): MarginV 100 is above y 288.
        let found = f.run(&PositionOutsideSafeArea);
        assert_eq!(found.len(), 1);
        assert_eq!(arg(&found[0], "at"), Arg::Str("x 450, y 100–160".into()));
    }

    fn vtt(cues: &[&str]) -> Fixture {
        let mut text = "WEBVTT\n\nREGION\nid:low\nwidth:40%\nlines:2\nregionanchor:0%,100%\nviewportanchor:10%,95%\n\nREGION\nid:ok\nwidth:50%\nlines:2\nregionanchor:50%,100%\nviewportanchor:41%,60%\n\n".to_owned();
        for (k, c) in cues.iter().enumerate() {
            text.push_str(&format!(
                "00:00:{:02}.000 --> 00:00:{:02}.500 {c}\nText\n\n",
                k * 2,
                k * 2 + 1
            ));
        }
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.track = crate::formats::parse(Format::WebVtt, &text).unwrap().track;
        f
    }

    #[test]
    fn webvtt_line_and_position_settings() {
        let f = vtt(&[
            "",
            "align:start",
            "line:65%,end position:41.67% size:61.11% align:center",
            "line:90%",
            "line:0",
            "line:-1",
            "position:95%",
            "line:10%,start",
            "line:50%",
            "region:low",
            "region:ok",
        ]);
        assert_eq!(f.flagged(&PositionOutsideSafeArea), vec![4, 5, 6, 7, 8, 10]);
    }

    fn ttml(head_regions: &str, paragraphs: &[&str]) -> Fixture {
        let mut body = String::new();
        for (k, r) in paragraphs.iter().enumerate() {
            body.push_str(&format!(
                "<p begin=\"{}s\" end=\"{}.5s\"{}>Text</p>",
                k * 2,
                k * 2 + 1,
                if r.is_empty() {
                    String::new()
                } else {
                    format!(" region=\"{r}\"")
                }
            ));
        }
        let text = format!(
            "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:tts=\"http://www.w3.org/ns/ttml#styling\" xml:lang=\"en\"><head><styling><style xml:id=\"lowStyle\" tts:origin=\"10% 80%\" tts:extent=\"80% 20%\"/></styling><layout>{head_regions}</layout></head><body><div>{body}</div></body></tt>"
        );
        let mut f = Fixture::new(FrameRate::FPS_25);
        f.track = crate::formats::parse(Format::Ttml, &text).unwrap().track;
        f
    }

    #[test]
    fn ttml_regions_with_geometry() {
        let f = ttml(
            "<region xml:id=\"safe\" tts:origin=\"11.11% 50%\" tts:extent=\"61.11% 15%\" tts:displayAlign=\"after\"/>\
             <region xml:id=\"netflix\" tts:origin=\"10% 10%\" tts:extent=\"80% 80%\" tts:displayAlign=\"after\"/>\
             <region xml:id=\"styled\" style=\"lowStyle\"/>\
             <region xml:id=\"nested\"><style tts:origin=\"20% 40%\" tts:extent=\"40% 20%\"/></region>\
             <region xml:id=\"bare\" tts:displayAlign=\"after\"/>\
             <region xml:id=\"px\" tts:origin=\"120px 1600px\" tts:extent=\"660px 200px\"/>",
            &["", "safe", "netflix", "styled", "nested", "bare", "px"],
        );
        assert_eq!(f.flagged(&PositionOutsideSafeArea), vec![3, 4, 7]);
    }

    #[test]
    fn srt_is_never_positioned() {
        let f = Fixture::new(FrameRate::FPS_25).cue(0, 1000, "{\\an8}top");
        assert!(f.flagged(&PositionOutsideSafeArea).is_empty());
    }

    #[test]
    fn other_resolutions_scale_the_box() {
        // 720×1280: \pos(360,1100) is y 1650 at 1920, below the box.
        let mut f = ass(
            "PlayResX: 720\nPlayResY: 1280",
            "2,80,200,448",
            &["Default,,0,0,0,,{\\pos(360,1100)}x", "Default,,0,0,0,,fine"],
        );
        f.resolution = (720, 1280);
        let found = f.run(&PositionOutsideSafeArea);
        assert_eq!(found.len(), 1);
        assert_eq!(arg(&found[0], "safe_bottom"), Arg::Int(832));
        assert_eq!(arg(&found[0], "at"), Arg::Str("x 360, y 1040–1100".into()));
    }
}
