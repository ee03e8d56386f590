//! Every environment variable dramaloc reads, in one place.

/// UI language (a BCP 47 tag), before `LC_ALL` / `LC_MESSAGES` / `LANG`.
pub const DRAMALOC_LANG: &str = "DRAMALOC_LANG";
/// Disables colour when set to any non-empty value (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";

/// The ffmpeg program `cuts detect` runs (default: `ffmpeg` on `PATH`).
pub const DRAMALOC_FFMPEG: &str = "DRAMALOC_FFMPEG";
/// The ffprobe program `cuts detect` runs (default: `ffprobe` on `PATH`).
pub const DRAMALOC_FFPROBE: &str = "DRAMALOC_FFPROBE";

/// All variables, with what they do, for `--help` and the README.
pub const ALL: &[&str] = &[
    DRAMALOC_LANG,
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    NO_COLOR,
    DRAMALOC_FFMPEG,
    DRAMALOC_FFPROBE,
];
