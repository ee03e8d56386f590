//! Market specs: what one market's deliverable must look like. Built-ins are embedded from
//! `markets/builtin/*.toml`; a series adds or replaces specs in its `markets/` folder (a user
//! spec with a built-in's id replaces it; `extends = "ID"` starts from another spec and
//! changes only the keys it sets). Every field is documented in `docs/markets.md`.

pub mod burn_in;
pub mod naming;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, IoAction};
use crate::formats::encoding::TextEncoding;
use crate::model::{Format, Language, LineEnding};
use crate::msg;
use crate::timing::{SafeArea, TimingOverrides};
pub use burn_in::{BurnIn, Platform};
pub use naming::{NameParts, Naming};

/// The folder of user market specs in a series.
pub const MARKETS_DIR: &str = "markets";

/// The naming template when a spec sets none.
pub const DEFAULT_NAMING: &str = "{SERIES}_E{episode:03}.{lang}.{ext}";

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
    ("tiktok", include_str!("builtin/tiktok.toml")),
    ("reels", include_str!("builtin/reels.toml")),
    ("shorts", include_str!("builtin/shorts.toml")),
    ("jp-amazon", include_str!("builtin/jp-amazon.toml")),
];

/// How a bundle is packed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Packaging {
    /// One reproducible zip file.
    #[default]
    Zip,
    /// A folder with the same content.
    Folder,
}

impl Packaging {
    pub fn name(self) -> &'static str {
        match self {
            Packaging::Zip => "zip",
            Packaging::Folder => "folder",
        }
    }
}

/// Line endings of delivered files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEndings {
    #[default]
    Lf,
    Crlf,
}

impl LineEndings {
    pub fn name(self) -> &'static str {
        match self {
            LineEndings::Lf => "lf",
            LineEndings::Crlf => "crlf",
        }
    }

    pub fn line_ending(self) -> LineEnding {
        match self {
            LineEndings::Lf => LineEnding::Lf,
            LineEndings::Crlf => LineEnding::CrLf,
        }
    }
}

/// Metadata a market requires besides the tracks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataSpec {
    /// The series title in every delivered language (`series.toml` `[titles]`).
    #[serde(default)]
    pub series_title: bool,
    /// Every episode's title in every delivered language (`episode.toml` `[titles]`).
    #[serde(default)]
    pub episode_titles: bool,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

fn default_format() -> Format {
    Format::Srt
}

fn default_encoding() -> String {
    "utf-8".into()
}

fn default_naming() -> String {
    DEFAULT_NAMING.into()
}

/// A market spec as written in TOML (after `extends` is applied). Unknown keys are refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketSpec {
    pub id: String,
    pub name: String,
    /// What the market is and where its rules come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Start from this spec (user specs only); the keys set here replace its keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Languages every episode must have.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Languages delivered when the series has them.
    #[serde(default)]
    pub optional_languages: Vec<String>,
    /// Subtitle format: `srt` (default), `vtt`, `ass`, `ssa` or `ttml`.
    #[serde(default = "default_format")]
    pub format: Format,
    /// Text encoding label (`utf-8`, `utf-16le`, `windows-1252`, `big5`…).
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// Whether files start with a byte order mark.
    #[serde(default)]
    pub bom: bool,
    #[serde(default)]
    pub line_endings: LineEndings,
    /// File naming template (see `naming.rs`).
    #[serde(default = "default_naming")]
    pub naming: String,
    #[serde(default)]
    pub packaging: Packaging,
    /// At most this many lines per cue (overrides the timing preset for every language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<u32>,
    #[serde(default)]
    pub safe_area: SafeArea,
    #[serde(default)]
    pub metadata: MetadataSpec,
    /// Timing and readability overrides, as `series.toml` `[timing]`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub timing: TimingOverrides,
    /// Subtitles burned into the video (`[burn_in]`), for outlets that take no subtitle file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burn_in: Option<BurnIn>,
}

/// Where a spec came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// A user spec in the series' `markets/` folder.
    User(PathBuf),
    /// A user spec that replaces the built-in of the same id.
    Override(PathBuf),
}

/// A checked market spec with its values resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    pub spec: MarketSpec,
    pub origin: Origin,
    pub languages: Vec<Language>,
    pub optional_languages: Vec<Language>,
    pub encoding: TextEncoding,
    pub naming: Naming,
}

impl Market {
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The market's timing layer: its `[timing]` with `max_lines` applied to every language.
    pub fn timing(&self) -> TimingOverrides {
        let mut t = self.spec.timing.clone();
        if let Some(n) = self.spec.max_lines {
            let all = t.all.get_or_insert_with(Default::default);
            all.max_lines = Some(all.max_lines.map_or(n, |m| m.min(n)));
        }
        t
    }

    /// Required languages, then optional ones.
    pub fn all_languages(&self) -> impl Iterator<Item = &Language> {
        self.languages.iter().chain(&self.optional_languages)
    }
}

fn builtin_text(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(b, _)| *b == id).map(|(_, t)| *t)
}

fn unknown(id: &str, root: &Path) -> Error {
    Error::UnknownMarket {
        id: id.to_owned(),
        known: ids(root).join(", "),
    }
}

/// Every market id: built-ins and the series' own specs, sorted.
pub fn ids(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = BUILTIN.iter().map(|(b, _)| (*b).to_owned()).collect();
    if let Ok(dir) = std::fs::read_dir(root.join(MARKETS_DIR)) {
        for e in dir.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
            {
                out.push(stem.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every market, resolved (a spec that does not load is an error).
pub fn all(root: &Path) -> Result<Vec<Market>, Error> {
    ids(root).iter().map(|id| find(root, id)).collect()
}

/// Find a market by id: the series' `markets/<id>.toml` first, then the built-ins.
pub fn find(root: &Path, id: &str) -> Result<Market, Error> {
    load(root, id, 0)
}

/// A spec from a file anywhere (`validate --market FILE.toml`); `extends` resolves against
/// the built-ins (and, for a file inside a `markets/` folder, its siblings).
pub fn from_file(path: &Path) -> Result<Market, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, IoAction::Read, e))?;
    let root = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("/nonexistent"));
    from_user_text(root, path, &text, Origin::User(path.to_path_buf()), 0)
}

fn load(root: &Path, id: &str, depth: usize) -> Result<Market, Error> {
    if !valid_id(id) {
        return Err(unknown(id, root));
    }
    let user = root.join(MARKETS_DIR).join(format!("{id}.toml"));
    if user.is_file() {
        let text =
            std::fs::read_to_string(&user).map_err(|e| Error::io(&user, IoAction::Read, e))?;
        let origin = if builtin_text(id).is_some() {
            Origin::Override(user.clone())
        } else {
            Origin::User(user.clone())
        };
        return from_user_text(root, &user, &text, origin, depth);
    }
    let text = builtin_text(id).ok_or_else(|| unknown(id, root))?;
    let path = Path::new("builtin").join(format!("{id}.toml"));
    let spec: MarketSpec = crate::config::series_file::parse_toml(&path, text)?;
    resolve(spec, Origin::Builtin, &path)
}

/// A user spec: plain, or `extends` another spec (its TOML tables merged key by key).
fn from_user_text(
    root: &Path,
    path: &Path,
    text: &str,
    origin: Origin,
    depth: usize,
) -> Result<Market, Error> {
    let table: toml::Table = crate::config::series_file::parse_toml(path, text)?;
    let Some(base_id) = table.get("extends").and_then(|v| v.as_str()) else {
        let spec: MarketSpec = crate::config::series_file::parse_toml(path, text)?;
        return resolve(spec, origin, path);
    };
    let file_id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if depth > 8 {
        return Err(invalid(
            path,
            "extends",
            base_id,
            msg!("market-error-extends-cycle"),
        ));
    }
    // A spec extending its own id starts from the built-in of that id.
    let base_text = if base_id == file_id {
        builtin_text(base_id)
            .ok_or_else(|| unknown(base_id, root))?
            .to_owned()
    } else {
        let base = load(root, base_id, depth + 1)?;
        toml::to_string(&base.spec).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            detail: e.to_string(),
        })?
    };
    let mut merged: toml::Table = toml::from_str(&base_text).unwrap_or_default();
    merge(&mut merged, table);
    let spec: MarketSpec = merged
        .try_into()
        .map_err(|e: toml::de::Error| Error::Config {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            detail: e.message().to_owned(),
        })?;
    resolve(spec, origin, path)
}

/// Merge `over` into `base`: tables key by key, everything else replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn invalid(path: &Path, key: &str, value: &str, reason: crate::message::Message) -> Error {
    Error::MarketSpec {
        path: path.to_path_buf(),
        key: key.to_owned(),
        value: value.to_owned(),
        reason,
    }
}

/// Check every value of a spec and resolve it.
fn resolve(spec: MarketSpec, origin: Origin, path: &Path) -> Result<Market, Error> {
    let file_id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if spec.id != file_id {
        return Err(invalid(path, "id", &spec.id, msg!("market-error-id-file")));
    }
    let langs = |key: &str, tags: &[String]| -> Result<Vec<Language>, Error> {
        let mut out: Vec<Language> = Vec::new();
        for t in tags {
            let lang = Language::parse(t)
                .ok()
                .filter(|l| l.as_str() == t)
                .ok_or_else(|| invalid(path, key, t, msg!("market-error-language")))?;
            if out.contains(&lang) {
                return Err(invalid(
                    path,
                    key,
                    t,
                    msg!("market-error-duplicate-language"),
                ));
            }
            out.push(lang);
        }
        Ok(out)
    };
    let languages = langs("languages", &spec.languages)?;
    let optional_languages = langs("optional_languages", &spec.optional_languages)?;
    if let Some(l) = optional_languages.iter().find(|l| languages.contains(l)) {
        return Err(invalid(
            path,
            "optional_languages",
            l.as_str(),
            msg!("market-error-duplicate-language"),
        ));
    }
    let encoding = TextEncoding::from_label(&spec.encoding).ok_or_else(|| {
        invalid(
            path,
            "encoding",
            &spec.encoding,
            msg!("market-error-encoding"),
        )
    })?;
    if spec.bom && encoding.bom().is_empty() {
        return Err(invalid(path, "bom", "true", msg!("market-error-bom")));
    }
    let naming = Naming::parse(&spec.naming)
        .map_err(|_| invalid(path, "naming", &spec.naming, msg!("market-error-naming")))?;
    if let Some(field) = spec.safe_area.invalid_field() {
        return Err(invalid(
            path,
            &format!("safe_area.{field}"),
            "",
            msg!("market-error-safe-area"),
        ));
    }
    if let Some(field) = spec.burn_in.as_ref().and_then(BurnIn::invalid_field) {
        return Err(invalid(
            path,
            &format!("burn_in.{field}"),
            "",
            msg!("market-error-burn-in"),
        ));
    }
    if spec.max_lines == Some(0) {
        return Err(invalid(
            path,
            "max_lines",
            "0",
            msg!("market-error-max-lines"),
        ));
    }
    crate::timing::spec::validate(&spec.timing).map_err(|key| {
        invalid(
            path,
            &format!("timing.{key}"),
            "",
            msg!("market-error-timing"),
        )
    })?;
    Ok(Market {
        spec,
        origin,
        languages,
        optional_languages,
        encoding,
        naming,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(root: &Path, id: &str, text: &str) {
        std::fs::create_dir_all(root.join(MARKETS_DIR)).unwrap();
        std::fs::write(root.join(MARKETS_DIR).join(format!("{id}.toml")), text).unwrap();
    }

    #[test]
    fn every_builtin_parses_and_is_named_after_its_file() {
        for (id, _) in BUILTIN {
            let m = find(Path::new("/nonexistent"), id).unwrap();
            assert_eq!(m.id(), *id);
            assert_eq!(m.origin, Origin::Builtin);
        }
        assert!(matches!(
            find(Path::new("/nonexistent"), "mars"),
            Err(Error::UnknownMarket { .. })
        ));
        assert!(matches!(
            find(Path::new("/nonexistent"), "../us"),
            Err(Error::UnknownMarket { .. })
        ));
    }

    #[test]
    fn builtins_cover_the_markets_of_the_design() {
        let root = Path::new("/nonexistent");
        let tags = |id: &str| -> Vec<String> {
            find(root, id)
                .unwrap()
                .languages
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(tags("us"), ["en-US"]);
        assert_eq!(tags("latam"), ["es-419"]);
        assert_eq!(tags("br"), ["pt-BR"]);
        assert_eq!(tags("id"), ["id"]);
        assert_eq!(tags("mena"), ["ar"]);
        assert_eq!(tags("eu"), ["de", "fr", "es-ES", "it"]);
        assert_eq!(
            find(root, "generic").unwrap().spec.packaging,
            Packaging::Folder
        );
    }

    #[test]
    fn user_specs_add_replace_and_extend() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        user(
            root,
            "fb",
            "id = \"fb\"\nname = \"Facebook\"\nlanguages = [\"en-US\"]\nformat = \"srt\"\nnaming = \"{series}.{episode}.{lang_}.{ext}\"\n",
        );
        let fb = find(root, "fb").unwrap();
        assert!(matches!(fb.origin, Origin::User(_)));
        assert!(ids(root).contains(&"fb".to_owned()));
        // Replace a built-in key by key.
        user(
            root,
            "us",
            "extends = \"us\"\nbom = true\n[metadata]\nepisode_titles = false\n",
        );
        let us = find(root, "us").unwrap();
        assert!(matches!(us.origin, Origin::Override(_)));
        assert!(us.spec.bom);
        assert_eq!(us.languages[0].as_str(), "en-US");
        assert!(!us.spec.metadata.episode_titles);
        assert!(us.spec.metadata.series_title, "kept from the built-in");
        // Extend another spec under a new id.
        user(
            root,
            "us-vtt",
            "extends = \"us\"\nid = \"us-vtt\"\nname = \"US WebVTT\"\nformat = \"vtt\"\n",
        );
        let v = find(root, "us-vtt").unwrap();
        assert_eq!(v.spec.format, Format::WebVtt);
        assert!(
            v.spec.bom,
            "from the user's us, which replaced the built-in"
        );
        // A cycle is refused, not followed forever.
        user(root, "a", "extends = \"b\"\nid = \"a\"\n");
        user(root, "b", "extends = \"a\"\nid = \"b\"\n");
        assert!(matches!(find(root, "a"), Err(Error::MarketSpec { .. })));
    }

    #[test]
    fn bad_specs_name_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let base = "id = \"x\"\nname = \"X\"\nformat = \"srt\"\n";
        let key_of = |extra: &str| match find_with(root, &format!("{base}{extra}")) {
            Err(Error::MarketSpec { key, .. }) => key,
            Err(Error::Config { line, detail, .. }) => format!("line {line}: {detail}"),
            other => panic!("{other:?}"),
        };
        assert_eq!(key_of("languages = [\"pt_BR\"]\n"), "languages");
        assert_eq!(
            key_of("languages = [\"pt-br\"]\n"),
            "languages",
            "not canonical"
        );
        assert_eq!(key_of("encoding = \"klingon\"\n"), "encoding");
        assert_eq!(key_of("encoding = \"windows-1252\"\nbom = true\n"), "bom");
        assert_eq!(key_of("naming = \"../{episode}.{lang}\"\n"), "naming");
        assert_eq!(key_of("max_lines = 0\n"), "max_lines");
        assert_eq!(
            key_of(
                "[safe_area]\ntop = 900\nbottom = 800\nleft = 1\nright = 9\nrail_top = 1\nrail_right = 9\n"
            ),
            "safe_area.bottom"
        );
        assert!(key_of("colour = \"red\"\n").starts_with("line 4"));
        match find_with(root, "id = \"x\"\nname = \"X\"\nformat = \"pdf\"\n") {
            Err(Error::Config { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        match find_with(root, "id = \"y\"\nname = \"Y\"\nformat = \"srt\"\n") {
            Err(Error::MarketSpec { key, .. }) => assert_eq!(key, "id"),
            other => panic!("{other:?}"),
        }
    }

    fn find_with(root: &Path, text: &str) -> Result<Market, Error> {
        user(root, "x", text);
        find(root, "x")
    }

    #[test]
    fn max_lines_becomes_a_timing_layer() {
        let m = find(Path::new("/nonexistent"), "us").unwrap();
        assert_eq!(m.timing().all.and_then(|a| a.max_lines), Some(2));
    }
}
