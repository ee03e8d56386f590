//! One finding: what a rule says about one place in one file.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::message::Message;
use crate::model::{Millis, TimeSpan};

/// How much a finding matters. `Error` findings make `check` exit with 1 and stop `bundle`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A finding. Rules build it with the builder methods; the check engine sets the severity
/// from the series configuration and applies suppressions.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Stable kebab-case rule id (`cue-starts-near-shot-change`).
    pub rule: &'static str,
    pub severity: Severity,
    /// The most this finding may be, whatever the configuration says (a rule lowers it for
    /// borderline cases, e.g. the disputed frame of the shot-change red zone).
    pub cap: Severity,
    pub message: Message,
    pub hint: Option<Message>,
    /// 1-based cue number in the track.
    pub cue: Option<usize>,
    /// The cue's time when the finding is about a cue.
    pub span: Option<TimeSpan>,
    /// A time the finding points at (a shot change, the episode end).
    pub at: Option<Millis>,
    /// 1-based line in the file (parse errors).
    pub line: Option<usize>,
    /// Whether `check --fix` has a safe edit for this finding.
    pub fixable: bool,
    /// Set by a rule that knows its usual fix cannot apply here (e.g. a text too long for
    /// any line breaking): the finding needs a person.
    pub manual: bool,
    /// The recorded reason when the finding is suppressed for this cue.
    pub suppressed: Option<String>,
}

impl Finding {
    pub fn new(rule: &'static str, message: Message) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            cap: Severity::Error,
            message,
            hint: None,
            cue: None,
            span: None,
            at: None,
            line: None,
            fixable: false,
            manual: false,
            suppressed: None,
        }
    }

    /// About cue `index` (0-based in the track; stored 1-based).
    #[must_use]
    pub fn cue(mut self, index: usize, span: TimeSpan) -> Finding {
        self.cue = Some(index + 1);
        self.span = Some(span);
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: Message) -> Finding {
        self.hint = Some(hint);
        self
    }

    #[must_use]
    pub fn at(mut self, t: Millis) -> Finding {
        self.at = Some(t);
        self
    }

    #[must_use]
    pub fn line(mut self, line: usize) -> Finding {
        self.line = Some(line);
        self
    }

    /// The rule's automatic fix does not apply to this finding.
    #[must_use]
    pub fn manual(mut self) -> Finding {
        self.manual = true;
        self
    }

    #[must_use]
    pub fn at_most(mut self, cap: Severity) -> Finding {
        self.cap = self.cap.min(cap);
        self
    }

    /// Whether this finding counts (not suppressed).
    pub fn is_active(&self) -> bool {
        self.suppressed.is_none()
    }
}
