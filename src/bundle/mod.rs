//! Bundles: one deliverable per market (`assemble`), its manifest, and `validate`, which a
//! distributor runs on a bundle with no series on disk.
//!
//! `archive` reads a zip or a folder defensively: every entry's name, type and size is judged
//! from the central directory before any content is read, and nothing is ever extracted to
//! disk.

// `validate` never panics on input: no unwrap/expect outside tests (enforced, not counted).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod archive;
pub mod assemble;
pub mod manifest;
pub mod pack;
pub mod renders;
pub mod validate;
pub mod video;
