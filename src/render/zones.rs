//! A platform's interface zones for previews: the parts of the 9:16 frame its buttons,
//! captions and bars cover, drawn translucent over a still so a reviewer sees at a glance
//! whether a subtitle collides with them. The zones are the complement of the market's safe
//! area (top band, bottom band, side bands, and TikTok's icon rail below `rail_top`), scaled to
//! the video, and drawn by libass from ASS vector drawings (`\p1`).

use crate::timing::SafeArea;

/// A rectangle in video pixels: x, y, width, height.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// The covered zones, largest bands first; empty rectangles are left out.
pub fn zones(safe: &SafeArea, video: (u32, u32)) -> Vec<Rect> {
    let (w, h) = video;
    let sx = |v: u32| {
        ((f64::from(v.min(SafeArea::REFERENCE.0)) * f64::from(w))
            / f64::from(SafeArea::REFERENCE.0))
        .round() as u32
    };
    let sy = |v: u32| {
        ((f64::from(v.min(SafeArea::REFERENCE.1)) * f64::from(h))
            / f64::from(SafeArea::REFERENCE.1))
        .round() as u32
    };
    let (top, bottom, left, right) = (sy(safe.top), sy(safe.bottom), sx(safe.left), sx(safe.right));
    let rail_top = sy(safe.rail_top).clamp(top, bottom);
    let rail_right = sx(safe.rail_right);
    let rects = [
        Rect {
            x: 0,
            y: 0,
            w,
            h: top,
        },
        Rect {
            x: 0,
            y: bottom,
            w,
            h: h.saturating_sub(bottom),
        },
        Rect {
            x: 0,
            y: top,
            w: left,
            h: bottom.saturating_sub(top),
        },
        Rect {
            x: right,
            y: top,
            w: w.saturating_sub(right),
            h: rail_top.saturating_sub(top),
        },
        Rect {
            x: rail_right,
            y: rail_top,
            w: w.saturating_sub(rail_right),
            h: bottom.saturating_sub(rail_top),
        },
    ];
    rects.into_iter().filter(|r| r.w > 0 && r.h > 0).collect()
}

/// The zones mirrored left to right, as TikTok lays its interface out for right-to-left
/// languages (the rail on the left); see `ass::text_box`, which mirrors the text box alike.
pub fn mirrored(zones: &[Rect], width: u32) -> Vec<Rect> {
    zones
        .iter()
        .map(|r| Rect {
            x: width.saturating_sub(r.x.saturating_add(r.w)),
            ..*r
        })
        .collect()
}

/// ASS events drawing the zones in translucent red on layer 1, above the subtitles (layer 0),
/// so that text running into a zone shows tinted; shown from `start` to `end` (ASS times).
pub fn overlay_events(zones: &[Rect], start: &str, end: &str) -> String {
    let mut out = String::new();
    for r in zones {
        let (x1, y1) = (r.x + r.w, r.y + r.h);
        out.push_str(&format!(
            "Dialogue: 1,{start},{end},Bottom,,0,0,0,,{{\\an7\\pos(0,0)\\bord0\\shad0\\1c&H3030E0&\\1a&H99&\\p1}}m {} {} l {x1} {} {x1} {y1} {} {y1}{{\\p0}}\n",
            r.x, r.y, r.y, r.x
        ));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The built-in `tiktok` spec's safe area (y 240–1260, x 120–960, rail x 780 below 840).
    pub(crate) fn tiktok() -> SafeArea {
        let spec = crate::markets::find(std::path::Path::new("/nonexistent"), "tiktok").unwrap();
        let safe = spec.spec.safe_area;
        assert_eq!((safe.top, safe.bottom, safe.rail_right), (240, 1260, 780));
        safe
    }

    #[test]
    fn mirrored_zones_put_the_rail_on_the_left() {
        let z = mirrored(&zones(&tiktok(), (1080, 1920)), 1080);
        let rail = z.last().unwrap();
        assert_eq!((rail.x, rail.y, rail.w, rail.h), (0, 840, 300, 420));
        // The full-width bars stay where they are.
        assert_eq!((z[0].x, z[0].w), (0, 1080));
    }

    #[test]
    fn tiktok_zones_are_the_bars_the_sides_and_the_rail() {
        let z = zones(&tiktok(), (1080, 1920));
        assert_eq!(
            z,
            vec![
                Rect {
                    x: 0,
                    y: 0,
                    w: 1080,
                    h: 240
                },
                Rect {
                    x: 0,
                    y: 1260,
                    w: 1080,
                    h: 660
                },
                Rect {
                    x: 0,
                    y: 240,
                    w: 120,
                    h: 1020
                },
                Rect {
                    x: 960,
                    y: 240,
                    w: 120,
                    h: 600
                },
                Rect {
                    x: 780,
                    y: 840,
                    w: 300,
                    h: 420
                },
            ]
        );
        // Half-size video: everything halves.
        assert_eq!(
            zones(&tiktok(), (540, 960))[4],
            Rect {
                x: 390,
                y: 420,
                w: 150,
                h: 210
            }
        );
        // A box without a rail (Reels): no rail zone, no empty rectangles.
        let reels = SafeArea {
            top: 269,
            bottom: 1248,
            left: 65,
            right: 1015,
            rail_top: 1920,
            rail_right: 1015,
        };
        assert_eq!(zones(&reels, (1080, 1920)).len(), 4);
    }

    #[test]
    fn overlay_is_a_translucent_vector_drawing() {
        let e = overlay_events(
            &[Rect {
                x: 780,
                y: 840,
                w: 300,
                h: 420,
            }],
            "0:00:00.00",
            "0:00:05.00",
        );
        assert_eq!(
            e,
            "Dialogue: 1,0:00:00.00,0:00:05.00,Bottom,,0,0,0,,{\\an7\\pos(0,0)\\bord0\\shad0\\1c&H3030E0&\\1a&H99&\\p1}m 780 840 l 1080 840 1080 1260 780 1260{\\p0}\n"
        );
    }
}
