//! Burn-in preparation: what has to be true before subtitles are drawn into a video.
//!
//! Burning subtitles into the picture (ffmpeg + libass, for TikTok, Reels and Shorts) leaves no
//! player to fall back on: a character the style's font does not have is drawn as an empty box
//! in every delivered copy. [`fonts`] finds the font a style names and lists the characters of
//! each cue that font cannot draw.
//!
//! Owns font lookup and glyph coverage only; no ffmpeg, no market settings, no CLI.

pub mod fonts;
