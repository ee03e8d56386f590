//! Line re-breaking for `check --fix` (placeholder until the breaker lands: no edits).

use super::Limits;
use crate::model::Language;

/// A re-broken text fitting the limits, or `None` to leave the text as it is.
pub fn rebreak(_text: &str, _limits: &Limits, _lang: Option<&Language>) -> Option<String> {
    None
}
