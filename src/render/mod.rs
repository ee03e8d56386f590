//! Burned-in renders: subtitles drawn into the episode video for outlets that take no
//! subtitle file (`[burn_in]` market specs: TikTok, Reels and Shorts posts, Amazon Japan).
//!
//! - [`ass`]: the ASS document libass draws: `PlayResX/Y` equal to the video, margins from the
//!   safe area, the look from `[burn_in]`, lines broken by our own breaker for the box.
//! - [`fonts`]: the font a style names and the characters of each cue it cannot draw
//!   (`glyph-missing-in-font`): a burned-in video has no player to fall back on, a missing
//!   glyph is an empty box in every delivered copy.
//! - [`zones`]: a platform's interface zones, drawn translucent over preview stills.
//!
//! Owns preparation only so far; the ffmpeg side comes with `render`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod ass;
pub mod fonts;
pub mod plan;
pub mod preview;
pub mod probe;
pub mod run;
pub mod zones;
