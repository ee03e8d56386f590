//! File naming templates of market specs: `{SERIES}_E{episode:03}.{lang}.{ext}`.
//!
//! | placeholder | expands to |
//! |---|---|
//! | `{series}` | the series id (`wuling-tea-heiress`) |
//! | `{SERIES}` | the series id in upper case with `_` for `-` (`WULING_TEA_HEIRESS`) |
//! | `{episode}`, `{episode:0N}` | the episode number, zero-padded to N digits (1–9) |
//! | `{lang}` | the BCP 47 tag (`pt-BR`) |
//! | `{lang_}` | the tag with `_` for `-` (`pt_BR`), for platforms that name files so |
//! | `{market}` | the market id |
//! | `{ext}` | the format's extension (`srt`) |
//!
//! A template may contain `/` to put files in folders. It must name the episode and the
//! language, so that no two files of a bundle get the same name, and it may not escape the
//! bundle (no `..`, no leading `/`, no `\` or `:`).

use std::fmt::Write as _;

use crate::model::{EpisodeNumber, Format, Language};

/// One piece of a parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Series,
    SeriesUpper,
    Episode(usize),
    Lang,
    LangUnderscore,
    Market,
    Ext,
}

/// A checked naming template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Naming {
    template: String,
    pieces: Vec<Piece>,
}

/// What a name is made of.
#[derive(Clone, Copy, Debug)]
pub struct NameParts<'a> {
    pub series: &'a str,
    pub market: &'a str,
    pub episode: EpisodeNumber,
    pub language: &'a Language,
    pub format: Format,
}

/// Why a template was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamingError {
    /// `{name}` that is not a placeholder, or a `{` without `}`.
    UnknownPlaceholder(String),
    /// The episode or the language is not in the name.
    Missing(&'static str),
    /// `..`, an empty folder name, a leading `/`, `\`, `:` or a control character.
    Unsafe,
}

impl Naming {
    pub fn parse(template: &str) -> Result<Naming, NamingError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| NamingError::UnknownPlaceholder(after.to_owned()))?;
            let name = &after[..close];
            let piece = match name {
                "series" => Piece::Series,
                "SERIES" => Piece::SeriesUpper,
                "episode" => Piece::Episode(0),
                "lang" => Piece::Lang,
                "lang_" => Piece::LangUnderscore,
                "market" => Piece::Market,
                "ext" => Piece::Ext,
                _ => match name.strip_prefix("episode:0") {
                    Some(w) if w.len() == 1 && matches!(w.as_bytes()[0], b'1'..=b'9') => {
                        Piece::Episode(usize::from(w.as_bytes()[0] - b'0'))
                    }
                    _ => return Err(NamingError::UnknownPlaceholder(name.to_owned())),
                },
            };
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(piece);
            rest = &after[close + 1..];
        }
        text.push_str(rest);
        if text.contains('}') {
            return Err(NamingError::UnknownPlaceholder("}".into()));
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        if !pieces.iter().any(|p| matches!(p, Piece::Episode(_))) {
            return Err(NamingError::Missing("episode"));
        }
        if !pieces
            .iter()
            .any(|p| matches!(p, Piece::Lang | Piece::LangUnderscore))
        {
            return Err(NamingError::Missing("lang"));
        }
        let literal: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.as_str(),
                _ => "x",
            })
            .collect();
        if !is_safe_relative(&literal) {
            return Err(NamingError::Unsafe);
        }
        Ok(Naming {
            template: template.to_owned(),
            pieces,
        })
    }

    pub fn template(&self) -> &str {
        &self.template
    }

    /// The file name for one track.
    pub fn expand(&self, parts: &NameParts<'_>) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Series => out.push_str(parts.series),
                Piece::SeriesUpper => out.push_str(&parts.series.to_uppercase().replace('-', "_")),
                Piece::Episode(w) => {
                    let _ = write!(out, "{:0w$}", parts.episode.get(), w = *w);
                }
                Piece::Lang => out.push_str(parts.language.as_str()),
                Piece::LangUnderscore => out.push_str(&parts.language.as_str().replace('-', "_")),
                Piece::Market => out.push_str(parts.market),
                Piece::Ext => out.push_str(parts.format.extension()),
            }
        }
        out
    }
}

/// Whether `path` is a relative path of normal components: no `..` or `.`, no empty
/// component, no leading `/`, no `\`, `:` or control characters. Used for template output
/// and for every path a manifest lists.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 1024
        && !path
            .chars()
            .any(|c| c == '\\' || c == ':' || c.is_control())
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(lang: &'a Language, n: u32) -> NameParts<'a> {
        NameParts {
            series: "wuling-tea-heiress",
            market: "br",
            episode: EpisodeNumber::new(n).unwrap(),
            language: lang,
            format: Format::Srt,
        }
    }

    #[test]
    fn expands_every_placeholder() {
        let pt = Language::parse("pt-BR").unwrap();
        let n = Naming::parse("{market}/{SERIES}_E{episode:03}.{lang}.{ext}").unwrap();
        assert_eq!(
            n.expand(&parts(&pt, 7)),
            "br/WULING_TEA_HEIRESS_E007.pt-BR.srt"
        );
        let n = Naming::parse("{series}-{episode}.{lang_}.{ext}").unwrap();
        assert_eq!(
            n.expand(&parts(&pt, 112)),
            "wuling-tea-heiress-112.pt_BR.srt"
        );
    }

    #[test]
    fn refuses_unknown_missing_and_unsafe() {
        assert_eq!(
            Naming::parse("{title}_{episode}.{lang}"),
            Err(NamingError::UnknownPlaceholder("title".into()))
        );
        assert!(matches!(
            Naming::parse("{episode:3}.{lang}"),
            Err(NamingError::UnknownPlaceholder(_))
        ));
        assert!(matches!(
            Naming::parse("{episode.{lang}"),
            Err(NamingError::UnknownPlaceholder(_))
        ));
        assert_eq!(
            Naming::parse("{series}.{lang}.srt"),
            Err(NamingError::Missing("episode"))
        );
        assert_eq!(
            Naming::parse("{episode}.srt"),
            Err(NamingError::Missing("lang"))
        );
        for bad in [
            "../{episode}.{lang}",
            "/abs/{episode}.{lang}",
            "a//{episode}.{lang}",
            "a\\{episode}.{lang}",
            "C:{episode}.{lang}",
            "./{episode}.{lang}",
        ] {
            assert_eq!(Naming::parse(bad), Err(NamingError::Unsafe), "{bad}");
        }
    }
}
