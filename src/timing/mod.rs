//! Timing and readability: the timing spec (per-language limits and shot-change windows),
//! character counting, the rules `check` runs, and the safe fixes of `check --fix`.
//!
//! Owns the rules and their arithmetic; reading files and series is `crate::check`'s job.

pub mod fix;
pub mod linebreak;
pub mod measure;
pub mod rules;
pub mod spec;

pub use spec::{Limits, Preset, SafeArea, TimingOverrides, TimingSpec};
