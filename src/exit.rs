//! Process exit status: the contract scripts and CI systems rely on.

/// How a run ended.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked and nothing at error severity was found.
    Success = 0,
    /// The run completed, but something at error severity was found (or some inputs were refused).
    Findings = 1,
    /// The run could not be carried out (bad arguments, unreadable series, I/O failure).
    Error = 2,
    /// Stopped by Ctrl-C or SIGTERM after cleaning up (128 + SIGINT, as shells report it).
    Interrupted = 130,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The worse of two statuses.
    pub fn max(self, other: ExitStatus) -> ExitStatus {
        if other.code() > self.code() {
            other
        } else {
            self
        }
    }
}
