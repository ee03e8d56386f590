//! Configuration files: `series.toml` (found by walking up from the working directory or
//! given with `-C`) and the environment variables dramaloc reads.
//!
//! Raw options are parsed with every unknown key refused, then resolved into plain settings.

pub mod env;
pub mod episode_file;
pub mod series_file;

pub use episode_file::{EPISODE_FILE, EpisodeFile};
pub use series_file::{SERIES_FILE, SeriesFile, find_series_root};
