//! Burned-in renders: subtitles drawn into the episode video for outlets that take no
//! subtitle file (`[burn_in]` market specs).
//!
//! - [`ass`]: the ASS document libass draws, placed and broken for the platform's safe area.

pub mod ass;
