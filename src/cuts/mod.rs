//! Cut points (shot changes): the `CutList` type, readers for the lists editors and tools
//! produce, and detection with ffmpeg (`detect` runs the programs, `decide` picks the cuts from
//! per-frame signals). Owns parsing, detection and the `cuts.txt` form; the `cuts import/detect`
//! commands build on this.
//!
//! Sources read (detected by content): dramaloc `cuts.txt`, Aegisub keyframe files
//! (`# keyframe format v1`), x264 2-pass stats (`#options:` … `type:I`), PySceneDetect scene
//! CSV, CMX3600 EDL (video events; record times, relative to the first), and plain lists
//! (one time per line: seconds with a fraction, `HH:MM:SS.mmm`, `HH:MM:SS:FF`, or whole
//! numbers in a unit the caller names — Subtitle Edit `.shotchanges` files are seconds).

pub mod decide;
pub mod detect;
mod edl;
mod read;

pub use read::{CutError, CutErrorKind, CutSource, PlainUnit, parse};

use crate::model::{FrameRate, Millis};

/// Shot changes of one episode: sorted, without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutList {
    /// The frame rate the source counted in, when it said.
    pub frame_rate: Option<FrameRate>,
    cuts: Vec<Millis>,
}

impl CutList {
    pub fn new(frame_rate: Option<FrameRate>, mut cuts: Vec<Millis>) -> Self {
        cuts.sort();
        cuts.dedup();
        CutList { frame_rate, cuts }
    }

    pub fn cuts(&self) -> &[Millis] {
        &self.cuts
    }

    pub fn len(&self) -> usize {
        self.cuts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cuts.is_empty()
    }

    /// The `cuts.txt` form: a header naming the unit and frame rate, one time per line in ms.
    pub fn to_text(&self) -> String {
        let mut out = String::from("# dramaloc cuts v1\n");
        if let Some(r) = self.frame_rate {
            out.push_str(&format!("# fps {r}\n"));
        }
        out.push_str("# unit ms\n");
        for c in &self.cuts {
            out.push_str(&c.get().to_string());
            out.push('\n');
        }
        out
    }
}
