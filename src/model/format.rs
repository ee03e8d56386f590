//! The closed set of subtitle formats dramaloc reads and writes, as plain data.
//!
//! Parsing, writing and detection live in `crate::formats`; this enum only names the formats
//! so that a track can say where it came from without the model depending on the parsers.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Srt,
    #[serde(rename = "vtt")]
    WebVtt,
    Ass,
    Ssa,
    Ttml,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Srt,
        Format::WebVtt,
        Format::Ass,
        Format::Ssa,
        Format::Ttml,
    ];

    /// The short name used on the command line, in JSON output and in market specs.
    pub fn name(self) -> &'static str {
        match self {
            Format::Srt => "srt",
            Format::WebVtt => "vtt",
            Format::Ass => "ass",
            Format::Ssa => "ssa",
            Format::Ttml => "ttml",
        }
    }

    /// The extension written for this format.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// Which format a file extension suggests (case-insensitive), if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "srt" => Some(Format::Srt),
            "vtt" | "webvtt" => Some(Format::WebVtt),
            "ass" => Some(Format::Ass),
            "ssa" => Some(Format::Ssa),
            "ttml" | "dfxp" | "xml" | "ttml2" | "imsc" => Some(Format::Ttml),
            _ => None,
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::from_extension(name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
