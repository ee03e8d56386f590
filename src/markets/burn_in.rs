//! The `[burn_in]` table of a market spec: how subtitles are burned into the episode video
//! for outlets that take no subtitle file (TikTok and Reels posts, Shorts, Amazon Japan).
//! The box the text stays in is the market's `[safe_area]`; this table holds the platform
//! whose interface zones previews draw, the look (fonts per script, size, weight, outline,
//! shadow, colours) and the encoder settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A platform whose buttons and captions cover part of the frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    TikTok,
    Reels,
    Shorts,
    /// A plain player (a storefront): no interface drawn over the picture.
    #[default]
    None,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Platform::TikTok => "tiktok",
            Platform::Reels => "reels",
            Platform::Shorts => "shorts",
            Platform::None => "none",
        }
    }
}

/// `[burn_in]`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BurnIn {
    #[serde(default)]
    pub platform: Platform,
    /// Font family per script (`Hans`, `Hant`, `Jpan`, `Kore`, `Thai`, `Arab`, `Latn`…), over
    /// the defaults (Noto Sans CJK SC/TC/JP/KR, Noto Sans Thai, Noto Naskh Arabic, Noto Sans).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fonts: BTreeMap<String, String>,
    /// The font that draws what the script's font lacks (Latin letters, digits and ASCII
    /// punctuation in a Thai or Arabic line).
    #[serde(default = "default_fallback")]
    pub fallback_font: String,
    /// Font size in pixels of a 1920-pixel-high frame (scaled to the video).
    #[serde(default = "default_size")]
    pub size: u32,
    #[serde(default = "yes")]
    pub bold: bool,
    /// Outline width in pixels (of a 1920-pixel-high frame).
    #[serde(default = "default_outline")]
    pub outline: f64,
    #[serde(default)]
    pub shadow: f64,
    /// Text colour, `#RRGGBB`.
    #[serde(default = "white")]
    pub colour: String,
    /// Outline colour, `#RRGGBB`.
    #[serde(default = "black")]
    pub outline_colour: String,
    /// H.264 constant rate factor (0–51).
    #[serde(default = "default_crf")]
    pub crf: u32,
    /// x264 preset (`ultrafast` … `veryslow`).
    #[serde(default = "default_preset")]
    pub preset: String,
}

fn default_fallback() -> String {
    "Noto Sans".to_owned()
}
fn default_size() -> u32 {
    60
}
fn yes() -> bool {
    true
}
fn default_outline() -> f64 {
    4.0
}
fn white() -> String {
    "#FFFFFF".to_owned()
}
fn black() -> String {
    "#000000".to_owned()
}
fn default_crf() -> u32 {
    20
}
fn default_preset() -> String {
    "medium".to_owned()
}

/// The x264 presets, fastest first.
pub const PRESETS: &[&str] = &[
    "ultrafast",
    "superfast",
    "veryfast",
    "faster",
    "fast",
    "medium",
    "slow",
    "slower",
    "veryslow",
];

impl BurnIn {
    /// The first key whose value is impossible, if any.
    pub fn invalid_field(&self) -> Option<&'static str> {
        if !(12..=300).contains(&self.size) {
            return Some("size");
        }
        if !(self.outline.is_finite() && (0.0..=40.0).contains(&self.outline)) {
            return Some("outline");
        }
        if !(self.shadow.is_finite() && (0.0..=40.0).contains(&self.shadow)) {
            return Some("shadow");
        }
        if parse_colour(&self.colour).is_none() {
            return Some("colour");
        }
        if parse_colour(&self.outline_colour).is_none() {
            return Some("outline_colour");
        }
        if self.crf > 51 {
            return Some("crf");
        }
        if !PRESETS.contains(&self.preset.as_str()) {
            return Some("preset");
        }
        if self.fallback_font.trim().is_empty() {
            return Some("fallback_font");
        }
        if self.fonts.iter().any(|(script, family)| {
            script.len() != 4
                || !script.chars().all(|c| c.is_ascii_alphabetic())
                || family.trim().is_empty()
        }) {
            return Some("fonts");
        }
        None
    }
}

/// `#RRGGBB` → (r, g, b).
pub fn parse_colour(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_checks() {
        let b: BurnIn = toml::from_str("platform = \"tiktok\"\n").unwrap();
        assert_eq!(b.platform, Platform::TikTok);
        assert_eq!(
            (b.size, b.bold, b.crf, b.preset.as_str()),
            (60, true, 20, "medium")
        );
        assert_eq!(b.invalid_field(), None);
        let bad = |t: &str| toml::from_str::<BurnIn>(t).unwrap().invalid_field();
        assert_eq!(bad("size = 2\n"), Some("size"));
        assert_eq!(bad("colour = \"white\"\n"), Some("colour"));
        assert_eq!(bad("crf = 60\n"), Some("crf"));
        assert_eq!(bad("preset = \"quick\"\n"), Some("preset"));
        assert_eq!(bad("[fonts]\nHans = \"\"\n"), Some("fonts"));
        assert!(toml::from_str::<BurnIn>("font = \"x\"\n").is_err());
        assert_eq!(parse_colour("#FFcc00"), Some((255, 204, 0)));
        assert_eq!(parse_colour("#FFF"), None);
    }
}
