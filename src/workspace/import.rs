//! `import`: take subtitle files as vendors deliver them and file them into the workspace.
//!
//! For every input it decides episode and language (flags, then the file name, then folder
//! names, then the script of the text), decodes and parses the file, and stores the track as
//! UTF-8 under `episodes/NNN/<tag>.<ext>`. Nothing is overwritten, and no two inputs may claim
//! the same track, unless `force` is set. Every decision is reported.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Workspace;
use super::naming::{Source, facts_from_path};
use crate::error::{Error, IoAction};
use crate::formats::encoding::DecodeInfo;
use crate::formats::{self, ReadError};
use crate::fsutil::write_atomic;
use crate::message::Message;
use crate::model::script::ScriptCounts;
use crate::model::{EpisodeNumber, Format, Language, SubtitleTrack, TextScript};
use crate::msg;

/// File extensions `import` picks up when walking folders.
pub const SUBTITLE_EXTENSIONS: &[&str] =
    &["srt", "vtt", "webvtt", "ass", "ssa", "ttml", "dfxp", "xml"];

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub episode: Option<EpisodeNumber>,
    pub language: Option<Language>,
    pub force: bool,
    pub dry_run: bool,
}

/// What happened (or, in a dry run, would happen) to one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Imported,
    Replaced,
    Unchanged,
    WouldImport,
    WouldReplace,
    Refused,
}

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Unreadable(ReadError),
    NoEpisode,
    NoLanguage { script: Option<TextScript> },
    LanguageConflict { named: Language, script: TextScript },
    Duplicate { other: PathBuf },
    Exists { existing: PathBuf },
    WriteFailed { detail: String },
}

impl Refusal {
    pub fn id(&self) -> &'static str {
        match self {
            Refusal::Unreadable(_) => "unreadable",
            Refusal::NoEpisode => "no-episode",
            Refusal::NoLanguage { .. } => "no-language",
            Refusal::LanguageConflict { .. } => "language-conflict",
            Refusal::Duplicate { .. } => "duplicate",
            Refusal::Exists { .. } => "exists",
            Refusal::WriteFailed { .. } => "write-failed",
        }
    }

    pub fn message(&self) -> Message {
        match self {
            Refusal::Unreadable(e) => match e.position() {
                Some((line, column)) => {
                    msg!("import-refused-unreadable-at", line = line, column = column)
                }
                None => msg!("import-refused-unreadable"),
            },
            Refusal::NoEpisode => msg!("import-refused-no-episode"),
            Refusal::NoLanguage { script } => {
                msg!(
                    "import-refused-no-language",
                    script = script.map_or("none", TextScript::name)
                )
            }
            Refusal::LanguageConflict { named, script } => {
                msg!(
                    "import-refused-language-conflict",
                    tag = named.to_string(),
                    script = script.name()
                )
            }
            Refusal::Duplicate { other } => msg!(
                "import-refused-duplicate",
                other = other.display().to_string()
            ),
            Refusal::Exists { existing } => msg!(
                "import-refused-exists",
                path = existing.display().to_string()
            ),
            Refusal::WriteFailed { detail } => msg!("import-refused-write-failed", detail = detail),
        }
    }

    /// The detail under the refusal (e.g. the parse error itself).
    pub fn cause(&self) -> Option<Message> {
        match self {
            Refusal::Unreadable(e) => Some(e.message()),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<Message> {
        match self {
            Refusal::Unreadable(ReadError::Decode(_)) => Some(msg!("hint-encoding")),
            Refusal::Unreadable(_) => None,
            Refusal::NoEpisode => Some(msg!("hint-import-episode")),
            Refusal::NoLanguage { .. } => Some(msg!("hint-import-language")),
            Refusal::LanguageConflict { .. }
            | Refusal::Duplicate { .. }
            | Refusal::Exists { .. } => Some(msg!("hint-use-force")),
            Refusal::WriteFailed { .. } => None,
        }
    }
}

/// The report for one input file.
#[derive(Debug, Clone)]
pub struct ImportItem {
    pub input: PathBuf,
    pub episode: Option<(EpisodeNumber, Source)>,
    pub language: Option<(Language, Source)>,
    pub format: Option<Format>,
    pub encoding: Option<DecodeInfo>,
    pub cues: usize,
    pub warnings: Vec<Message>,
    pub target: Option<PathBuf>,
    pub outcome: Outcome,
    pub refusal: Option<Refusal>,
}

/// The whole import report, in input order.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub items: Vec<ImportItem>,
}

impl ImportReport {
    pub fn count(&self, outcome: &Outcome) -> usize {
        self.items.iter().filter(|i| &i.outcome == outcome).count()
    }

    pub fn refused(&self) -> usize {
        self.count(&Outcome::Refused)
    }
}

/// Every subtitle file under the inputs, with the folder their names are read relative to.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, IoAction::Read, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort();
            out.extend(files.into_iter().map(|f| (f, input.clone())));
        } else {
            let root = input.parent().map(Path::to_path_buf).unwrap_or_default();
            out.push((input.clone(), root));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, IoAction::List, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, IoAction::List, e))?;
        let path = entry.path();
        let hidden = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let file_type = entry
            .file_type()
            .map_err(|e| Error::io(&path, IoAction::Read, e))?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if file_type.is_file()
            && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                SUBTITLE_EXTENSIONS
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(e))
            })
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The script of a track's text, from its first cues.
fn track_script(track: &SubtitleTrack) -> Option<TextScript> {
    let mut text = String::new();
    for cue in track.cues.iter().take(400) {
        text.push_str(&formats::plain_text(track, cue));
        text.push('\n');
    }
    ScriptCounts::of(&text).dominant()
}

/// Whether a script can be the writing of a language (`zh` ↔ Han, `ja` ↔ Kana or Han …).
fn script_fits(lang: &Language, script: TextScript) -> bool {
    let han = matches!(
        script,
        TextScript::Han | TextScript::HanSimplified | TextScript::HanTraditional
    );
    match lang.primary() {
        "zh" | "yue" => han,
        "ja" => han || script == TextScript::Kana,
        "ko" => script == TextScript::Hangul || han,
        "th" => script == TextScript::Thai,
        "ar" | "fa" | "ur" => script == TextScript::Arabic,
        "ru" | "uk" | "bg" | "sr" | "kk" => {
            script == TextScript::Cyrillic || script == TextScript::Latin
        }
        _ => {
            !han && script != TextScript::Kana
                && script != TextScript::Hangul
                && script != TextScript::Thai
        }
    }
}

/// A bare tag (`en`) becomes the series' own variant of that language (`en-US`) when the
/// series knows exactly one.
fn series_variant(lang: Language, known: &[Language]) -> Language {
    if lang.region().is_some() || lang.as_str().contains('-') {
        return lang;
    }
    let mut variants = known
        .iter()
        .filter(|k| k.primary() == lang.primary() && k.same_written_language(&lang));
    match (variants.next(), variants.next()) {
        (Some(only), None) => only.clone(),
        _ => lang,
    }
}

/// Decide the language of a parsed file.
fn decide_language(
    flag: Option<&Language>,
    named: Option<(Language, Source)>,
    script: Option<TextScript>,
    force: bool,
) -> Result<(Language, Source), Refusal> {
    if let Some(lang) = flag {
        return Ok((lang.track_tag(), Source::Flag));
    }
    if let Some((lang, source)) = named {
        if let Some(script) = script
            && !script_fits(&lang, script)
            && !force
        {
            return Err(Refusal::LanguageConflict {
                named: lang,
                script,
            });
        }
        // `zh` alone: the text says Simplified or Traditional.
        if lang.is_chinese() && lang.as_str() == "zh" {
            let tag = match script {
                Some(TextScript::HanTraditional) => "zh-Hant",
                _ => "zh-Hans",
            };
            return Ok((Language::parse(tag).unwrap_or(lang), source));
        }
        return Ok((lang.track_tag(), source));
    }
    match script
        .and_then(TextScript::likely_language)
        .and_then(|t| Language::parse(t).ok())
    {
        Some(lang) => Ok((lang, Source::Text)),
        None => Err(Refusal::NoLanguage { script }),
    }
}

/// (start, end, plain text) of every displayed cue.
fn cue_list(track: &SubtitleTrack) -> Vec<(i64, i64, String)> {
    track
        .cues
        .iter()
        .map(|c| {
            (
                c.span().start().get(),
                c.span().end().get(),
                formats::plain_text(track, c),
            )
        })
        .collect()
}

/// Whether the track at `existing` already holds what `content` would store: the same bytes,
/// or the same cue times and texts in another format or line ending (a re-delivery).
fn same_cues(existing: &Path, content: &[u8], format: Option<Format>) -> bool {
    let Ok(old) = std::fs::read(existing) else {
        return false;
    };
    if old == content {
        return true;
    }
    let (Ok(old), Ok(new)) = (
        formats::read_bytes(&old, Some(existing), None),
        formats::read_bytes(content, None, format),
    ) else {
        return false;
    };
    cue_list(&old.parsed.track) == cue_list(&new.parsed.track)
}

/// Plan and (unless a dry run) carry out an import.
pub fn import(
    ws: &Workspace,
    inputs: &[PathBuf],
    options: &ImportOptions,
) -> Result<ImportReport, Error> {
    let files = collect_inputs(inputs)?;
    let existing = ws.episodes()?;
    let mut known: Vec<Language> = existing
        .values()
        .flat_map(|e| e.tracks.keys().cloned())
        .collect();
    known.push(ws.series.source_language.clone());
    known.extend(ws.series.titles.keys().cloned());
    known.sort();
    known.dedup();
    let mut report = ImportReport::default();
    // Tracks read successfully, waiting for the duplicate check: index into items → content.
    let mut pending: Vec<(usize, Vec<u8>)> = Vec::new();

    for (path, root) in files {
        let facts = facts_from_path(&path, &root);
        let mut item = ImportItem {
            input: path.clone(),
            episode: options.episode.map(|e| (e, Source::Flag)).or(facts.episode),
            language: None,
            format: None,
            encoding: None,
            cues: 0,
            warnings: Vec::new(),
            target: None,
            outcome: Outcome::Refused,
            refusal: None,
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => return Err(Error::io(&path, IoAction::Read, e)),
        };
        let loaded = match formats::read_bytes(&bytes, Some(&path), None) {
            Ok(l) => l,
            Err(e) => {
                item.refusal = Some(Refusal::Unreadable(e));
                report.items.push(item);
                continue;
            }
        };
        item.format = Some(loaded.format);
        item.encoding = Some(loaded.decoded.clone());
        item.cues = loaded.parsed.track.displayed_cue_count();
        item.warnings = loaded
            .parsed
            .warnings
            .iter()
            .map(|w| w.kind.message())
            .collect();
        let Some((episode, _)) = item.episode else {
            item.refusal = Some(Refusal::NoEpisode);
            report.items.push(item);
            continue;
        };
        let script = track_script(&loaded.parsed.track);
        match decide_language(
            options.language.as_ref(),
            facts.language,
            script,
            options.force,
        ) {
            Ok((lang, source)) => item.language = Some((series_variant(lang, &known), source)),
            Err(r) => {
                item.refusal = Some(r);
                report.items.push(item);
                continue;
            }
        }
        let Some((language, _)) = item.language.clone() else {
            continue;
        };
        item.target = Some(ws.track_path(episode, &language, loaded.format));
        // Stored as UTF-8 without a byte order mark; everything else as delivered.
        let mut track = loaded.parsed.track;
        track.bom = false;
        let content = formats::write(&track).into_bytes();
        pending.push((report.items.len(), content));
        report.items.push(item);
    }

    // Two inputs for one track: refused unless forced (then the first in order wins).
    let mut claimed: HashMap<(EpisodeNumber, Language), usize> = HashMap::new();
    let mut to_write: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
    for (index, content) in pending {
        let item = &report.items[index];
        let (Some((ep, _)), Some((lang, _))) = (item.episode, item.language.clone()) else {
            continue;
        };
        if let Some(&first) = claimed.get(&(ep, lang.clone())) {
            let other = report.items[first].input.clone();
            let this = report.items[index].input.clone();
            report.items[index].refusal = Some(Refusal::Duplicate { other });
            if !options.force {
                to_write.remove(&first);
                report.items[first].refusal = Some(Refusal::Duplicate { other: this });
                report.items[first].outcome = Outcome::Refused;
            }
            continue;
        }
        claimed.insert((ep, lang), index);
        to_write.insert(index, content);
    }

    for (index, content) in to_write {
        let item = &mut report.items[index];
        let (Some(target), Some((ep, _)), Some((lang, _))) =
            (item.target.clone(), item.episode, item.language.clone())
        else {
            continue;
        };
        // An existing track of this language, in any format.
        let existing_track = existing
            .get(&ep)
            .and_then(|e| e.tracks.get(&lang))
            .map(|t| t.path.clone());
        let replacing = match &existing_track {
            Some(path) if same_cues(path, &content, item.format) => {
                item.outcome = Outcome::Unchanged;
                item.target = Some(path.clone());
                continue;
            }
            Some(path) if !options.force => {
                item.refusal = Some(Refusal::Exists {
                    existing: path.clone(),
                });
                item.outcome = Outcome::Refused;
                continue;
            }
            Some(_) => true,
            None => false,
        };
        if options.dry_run {
            item.outcome = if replacing {
                Outcome::WouldReplace
            } else {
                Outcome::WouldImport
            };
            continue;
        }
        match write_atomic(&target, &content) {
            Ok(()) => {
                if let Some(old) = existing_track.filter(|p| *p != target) {
                    // The language now lives in another format: the old file goes.
                    let _ = std::fs::remove_file(old);
                }
                item.outcome = if replacing {
                    Outcome::Replaced
                } else {
                    Outcome::Imported
                };
            }
            Err(e) => {
                item.refusal = Some(Refusal::WriteFailed {
                    detail: e.to_string(),
                });
                item.outcome = Outcome::Refused;
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(s: &str) -> Language {
        Language::parse(s).unwrap()
    }

    #[test]
    fn language_decisions() {
        let named = Some((lang("zh"), Source::FileName));
        assert_eq!(
            decide_language(None, named.clone(), Some(TextScript::HanTraditional), false)
                .unwrap()
                .0
                .as_str(),
            "zh-Hant"
        );
        assert_eq!(
            decide_language(
                None,
                Some((lang("zh-CN"), Source::FileName)),
                Some(TextScript::HanSimplified),
                false
            )
            .unwrap()
            .0
            .as_str(),
            "zh-Hans"
        );
        assert_eq!(
            decide_language(None, None, Some(TextScript::HanSimplified), false).unwrap(),
            (lang("zh-Hans"), Source::Text)
        );
        assert!(matches!(
            decide_language(
                None,
                Some((lang("en"), Source::FileName)),
                Some(TextScript::HanSimplified),
                false
            ),
            Err(Refusal::LanguageConflict { .. })
        ));
        assert!(matches!(
            decide_language(None, None, Some(TextScript::Latin), false),
            Err(Refusal::NoLanguage { .. })
        ));
        assert_eq!(
            decide_language(Some(&lang("zh-TW")), None, None, false).unwrap(),
            (lang("zh-Hant-TW"), Source::Flag)
        );
    }
}
