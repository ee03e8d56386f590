//! Market specs: built-ins embedded from `markets/builtin/*.toml`, user specs from the
//! series' `markets/` folder (a user spec with a built-in's id replaces it).
//!
//! So far a market names its languages and its timing overrides; delivery settings (format,
//! encoding, naming, packaging) come with bundles.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, IoAction};
use crate::timing::TimingOverrides;

/// The folder of user market specs in a series.
pub const MARKETS_DIR: &str = "markets";

/// Built-in specs: (id, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("br", include_str!("builtin/br.toml")),
    ("eu", include_str!("builtin/eu.toml")),
    ("generic", include_str!("builtin/generic.toml")),
    ("id", include_str!("builtin/id.toml")),
    ("jp", include_str!("builtin/jp.toml")),
    ("kr", include_str!("builtin/kr.toml")),
    ("latam", include_str!("builtin/latam.toml")),
    ("mena", include_str!("builtin/mena.toml")),
    ("ph", include_str!("builtin/ph.toml")),
    ("th", include_str!("builtin/th.toml")),
    ("tw", include_str!("builtin/tw.toml")),
    ("us", include_str!("builtin/us.toml")),
    ("vn", include_str!("builtin/vn.toml")),
    ("youtube", include_str!("builtin/youtube.toml")),
];

/// A market spec as written.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    pub id: String,
    pub name: String,
    /// Languages every episode must have for this market.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub optional_languages: Vec<String>,
    #[serde(default)]
    pub timing: TimingOverrides,
}

/// Find a market by id: the series' `markets/<id>.toml` first, then the built-ins.
pub fn find(root: &Path, id: &str) -> Result<Market, Error> {
    let user = root.join(MARKETS_DIR).join(format!("{id}.toml"));
    let (path, text) = if user.is_file() {
        let text =
            std::fs::read_to_string(&user).map_err(|e| Error::io(&user, IoAction::Read, e))?;
        (user, text)
    } else if let Some((_, text)) = BUILTIN.iter().find(|(b, _)| *b == id) {
        (
            Path::new("builtin").join(format!("{id}.toml")),
            (*text).to_owned(),
        )
    } else {
        return Err(Error::UnknownMarket {
            id: id.to_owned(),
            known: BUILTIN
                .iter()
                .map(|(b, _)| *b)
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let market: Market = crate::config::series_file::parse_toml(&path, &text)?;
    crate::timing::spec::validate(&market.timing).map_err(|key| Error::ConfigValue {
        path: path.clone(),
        key: format!("timing.{key}"),
        value: String::new(),
    })?;
    Ok(market)
}

/// The timing overrides of a market.
pub fn timing(root: &Path, id: &str) -> Result<TimingOverrides, Error> {
    find(root, id).map(|m| m.timing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_and_is_named_after_its_file() {
        for (id, _) in BUILTIN {
            let m = find(Path::new("/nonexistent"), id).unwrap();
            assert_eq!(m.id, *id);
        }
        assert!(matches!(
            find(Path::new("/nonexistent"), "mars"),
            Err(Error::UnknownMarket { .. })
        ));
    }
}
