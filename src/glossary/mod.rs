//! The series glossary (`glossary.toml`): character names and terms with their approved
//! translation per language, do-not-translate terms, and forbidden terms. Owns reading it;
//! the rules that use it live in `crate::timing::rules`.

pub mod consistency;

use std::collections::BTreeMap;

use crate::model::Language;

/// The file at the series root.
pub const GLOSSARY_FILE: &str = "glossary.toml";

/// One glossary entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    /// The term in the source language.
    pub source: String,
    /// `character`, `place`, `term`, …
    pub kind: Option<String>,
    /// Approved translation per language.
    pub translations: BTreeMap<Language, String>,
    /// Kept as written in every language.
    pub do_not_translate: bool,
    pub note: Option<String>,
}

/// A term that must not appear in a language (a wrong spelling of a name, a banned word).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forbidden {
    pub text: String,
    /// The languages it is forbidden in; empty = all.
    pub languages: Vec<Language>,
    pub reason: Option<String>,
}

/// The glossary of a series.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
    pub forbidden: Vec<Forbidden>,
}

/// Read `<root>/glossary.toml`; `None` when the series has none.
pub fn load(root: &std::path::Path) -> Result<Option<Glossary>, crate::error::Error> {
    let path = root.join(GLOSSARY_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(crate::error::Error::io(
                &path,
                crate::error::IoAction::Read,
                e,
            ));
        }
    };
    parse(&path, &text).map(Some)
}

/// Parse the text of a `glossary.toml`.
///
/// `[[term]]` tables hold `source`, optional `kind`, `note`, `do_not_translate`, and one key
/// per language tag with the approved translation; `[[forbidden]]` tables hold `text`,
/// optional `languages` and `reason`. Unknown keys that are not language tags are errors.
pub fn parse(path: &std::path::Path, text: &str) -> Result<Glossary, crate::error::Error> {
    use crate::error::Error;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        #[serde(default)]
        term: Vec<BTreeMap<String, toml::Value>>,
        #[serde(default)]
        forbidden: Vec<RawForbidden>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawForbidden {
        text: String,
        #[serde(default)]
        languages: Vec<String>,
        reason: Option<String>,
    }

    let raw: Raw = crate::config::series_file::parse_toml(path, text)?;
    let invalid = |key: &str, value: String| Error::ConfigValue {
        path: path.to_path_buf(),
        key: key.to_owned(),
        value,
    };
    let mut glossary = Glossary::default();
    for entry in raw.term {
        let mut term = Term::default();
        for (key, value) in entry {
            let as_str = || value.as_str().map(str::to_owned);
            match key.as_str() {
                "source" => {
                    term.source =
                        as_str().ok_or_else(|| invalid("term.source", value.to_string()))?
                }
                "kind" => term.kind = as_str(),
                "note" => term.note = as_str(),
                "do_not_translate" => {
                    term.do_not_translate = value
                        .as_bool()
                        .ok_or_else(|| invalid("term.do_not_translate", value.to_string()))?;
                }
                tag => {
                    let lang = Language::parse(tag).map_err(|_| invalid("term", tag.to_owned()))?;
                    let text = as_str().ok_or_else(|| invalid(tag, value.to_string()))?;
                    term.translations.insert(lang, text);
                }
            }
        }
        if term.source.trim().is_empty() {
            return Err(invalid("term.source", String::new()));
        }
        glossary.terms.push(term);
    }
    for f in raw.forbidden {
        let languages = f
            .languages
            .iter()
            .map(|t| Language::parse(t).map_err(|_| invalid("forbidden.languages", t.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        glossary.forbidden.push(Forbidden {
            text: f.text,
            languages,
            reason: f.reason,
        });
    }
    Ok(glossary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn reads_terms_and_forbidden_entries() {
        let g = parse(
            Path::new("glossary.toml"),
            "[[term]]\nsource = \"温以茗\"\nkind = \"character\"\nen-US = \"Wen Yiming\"\n\n[[term]]\nsource = \"雾岭\"\ndo_not_translate = true\n\n[[forbidden]]\ntext = \"Wen Yiming\"\nlanguages = [\"zh-Hans\"]\nreason = \"romanized name in a Chinese track\"\n",
        )
        .unwrap();
        assert_eq!(g.terms.len(), 2);
        assert_eq!(
            g.terms[0]
                .translations
                .get(&Language::parse("en-US").unwrap())
                .map(String::as_str),
            Some("Wen Yiming")
        );
        assert!(g.terms[1].do_not_translate);
        assert_eq!(g.forbidden[0].languages.len(), 1);
        assert!(parse(Path::new("g"), "[[term]]\nsource = \"x\"\npt_BR = \"y\"\n").is_err());
    }
}
