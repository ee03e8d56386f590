//! `init`: create `series.toml` and the `episodes/` folder.

use std::path::{Path, PathBuf};

use crate::config::{SERIES_FILE, SeriesFile};
use crate::error::{Error, IoAction};
use crate::fsutil::write_atomic;
use crate::model::{FrameRate, Language};

use super::EPISODES_DIR;

/// What `init` needs to know; everything has a default.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub id: Option<String>,
    pub title: Option<String>,
    pub source_language: Language,
    pub frame_rate: FrameRate,
    pub resolution: (u32, u32),
    pub force: bool,
}

/// A series id from a folder name: lowercase ASCII letters and digits joined by `-`.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "series".to_owned()
    } else {
        id
    }
}

/// Create the series files in `dir`; returns the path of `series.toml`.
pub fn init(dir: &Path, options: &InitOptions) -> Result<PathBuf, Error> {
    let path = dir.join(SERIES_FILE);
    if path.exists() && !options.force {
        return Err(Error::SeriesExists { path });
    }
    let folder_name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "series".to_owned());
    let id = options
        .id
        .clone()
        .unwrap_or_else(|| id_from_name(&folder_name));
    if !crate::config::series_file::valid_series_id(&id) {
        return Err(Error::InvalidValue {
            flag: "--id",
            value: id,
            expected: crate::msg!("expected-series-id"),
        });
    }
    let file = SeriesFile {
        id,
        title: options.title.clone().unwrap_or(folder_name),
        source_language: options.source_language.to_string(),
        frame_rate: options.frame_rate.to_string(),
        resolution: format!("{}x{}", options.resolution.0, options.resolution.1),
        markets: Vec::new(),
        titles: Default::default(),
        timing: None,
        check: None,
        translate: None,
    };
    let text = toml::to_string(&file).map_err(|e| Error::Usage {
        message: crate::msg!("error-internal"),
        detail: Some(e.to_string()),
        hint: None,
    })?;
    write_atomic(&path, text.as_bytes())?;
    let episodes = dir.join(EPISODES_DIR);
    std::fs::create_dir_all(&episodes).map_err(|e| Error::io(&episodes, IoAction::CreateDir, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(id_from_name("Jade Hairpin (2026)"), "jade-hairpin-2026");
        assert_eq!(id_from_name("雾岭"), "series");
    }

    #[test]
    fn creates_and_refuses_twice() {
        let dir = tempfile::tempdir().unwrap();
        let opts = InitOptions {
            id: Some("demo".into()),
            title: Some("Demo".into()),
            source_language: Language::parse("zh-Hans").unwrap(),
            frame_rate: FrameRate::FPS_30,
            resolution: (1080, 1920),
            force: false,
        };
        let path = init(dir.path(), &opts).unwrap();
        let loaded = SeriesFile::load(dir.path()).unwrap();
        assert_eq!(loaded.id, "demo");
        assert!(path.is_file() && dir.path().join("episodes").is_dir());
        assert!(matches!(
            init(dir.path(), &opts),
            Err(Error::SeriesExists { .. })
        ));
    }
}
