//! Findings as data — rule id, severity, message id and arguments, location — and the report a
//! check produces. Renderers (`json`, `junit`, `html`) turn a [`Report`] into text; they take a
//! function that renders a [`Message`] so that they never depend on the UI language.
//!
//! Owns the shape of the report, not the rules that fill it (`crate::timing::rules`) nor the
//! terminal output (`crate::cli`).

mod finding;
pub mod json;
mod report;

pub use finding::{Finding, Severity};
pub use report::{Edit, EditKind, Report, Summary, TrackReport};

use crate::message::Message;

/// Renders a message in the UI language.
pub type Render<'a> = &'a dyn Fn(&Message) -> String;
