//! dramaloc: localize vertical micro-drama series for overseas distribution.
//!
//! The library holds the whole product; `main.rs` is a thin shell around [`run`].
//!
//! | module | owns |
//! |---|---|
//! | [`model`] | time, cues, tracks, languages, episodes, series (no I/O) |
//! | [`formats`] | SRT, WebVTT, ASS/SSA, TTML parsers and writers; encodings; conversion |
//! | [`message`] | message ids + arguments that domain code returns instead of text |

pub mod formats;
pub mod message;
pub mod model;
