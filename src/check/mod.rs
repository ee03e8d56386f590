//! `check`: load a series' tracks (or loose files), run every rule over them — episodes in
//! parallel — and apply the series' severities and suppressions. `fix` applies the safe
//! edits of `check --fix` to the same loaded data.
//!
//! Owns orchestration only; what each rule checks lives in `crate::timing::rules`.

mod settings;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use settings::Settings;

use crate::cuts::CutList;
use crate::diagnostics::{Finding, Report, TrackReport};
use crate::error::{Error, IoAction};
use crate::formats;
use crate::glossary::Glossary;
use crate::model::{EpisodeNumber, FrameRate, Language, Millis, SubtitleTrack};
use crate::msg;
use crate::timing::rules::{self, FileFacts, SourceTrack, TrackInput};
use crate::workspace::Workspace;

/// Which part of a series to check.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub episodes: Option<BTreeSet<EpisodeNumber>>,
    pub languages: Option<Vec<Language>>,
    /// Languages every episode must have (`track-missing`); empty: those of the series.
    pub required: Vec<Language>,
}

/// One file loaded for checking.
#[derive(Clone, Debug)]
pub struct LoadedTrack {
    pub facts: FileFacts,
    /// The path as shown to the user.
    pub shown: String,
    pub language: Option<Language>,
    pub track: Option<SubtitleTrack>,
    /// Plain text of every cue.
    pub texts: Vec<String>,
}

/// One episode (or a set of loose files) loaded for checking.
#[derive(Clone, Debug)]
pub struct LoadedEpisode {
    pub number: Option<EpisodeNumber>,
    pub frame_rate: FrameRate,
    pub duration: Option<Millis>,
    pub cuts: Vec<Millis>,
    /// A cut list that could not be read: shown as its own file with a `parse-error`.
    pub cuts_problem: Option<LoadedTrack>,
    pub tracks: Vec<LoadedTrack>,
    /// Index in `tracks` of the source-language track.
    pub source: Option<usize>,
}

/// The path of `path` as shown: relative to `base` when inside it.
pub fn shown(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Read and parse one subtitle file; problems become facts, not errors.
pub fn load_track(path: &Path, shown: String, language: Option<Language>) -> LoadedTrack {
    let mut facts = FileFacts {
        path: path.to_path_buf(),
        exists: true,
        name_tag: path.file_stem().and_then(|s| s.to_str()).map(str::to_owned),
        ..FileFacts::default()
    };
    let mut track = None;
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => facts.exists = false,
        Err(_) => facts.error = Some((msg!("error-io-read", path = shown.clone()), None)),
        Ok(bytes) => match formats::read_bytes(&bytes, Some(path), None) {
            Ok(loaded) => {
                facts.decode = Some(loaded.decoded);
                track = Some(loaded.parsed.track);
            }
            Err(e) => {
                facts.error = Some((e.message(), e.position().map(|(l, _)| l)));
            }
        },
    }
    let texts = track.as_ref().map_or_else(Vec::new, |t: &SubtitleTrack| {
        t.cues.iter().map(|c| formats::plain_text(t, c)).collect()
    });
    LoadedTrack {
        facts,
        shown,
        language,
        track,
        texts,
    }
}

impl LoadedTrack {
    /// A track already in memory (tests, fuzzing, other commands).
    pub fn from_track(track: SubtitleTrack, language: Option<Language>) -> LoadedTrack {
        let texts = track
            .cues
            .iter()
            .map(|c| formats::plain_text(&track, c))
            .collect();
        LoadedTrack {
            facts: FileFacts {
                exists: true,
                ..FileFacts::default()
            },
            shown: String::new(),
            language,
            track: Some(track),
            texts,
        }
    }
}

/// Check a track in memory against cuts: every rule, then the fixer's plan on a copy.
/// Used to prove that no rule and no fix panics on any parsed input.
pub fn check_track(
    track: SubtitleTrack,
    language: Option<Language>,
    frame_rate: FrameRate,
    cuts: Vec<Millis>,
    duration: Option<Millis>,
) -> (Vec<Finding>, Vec<crate::diagnostics::Edit>) {
    let settings = Settings::new(crate::timing::TimingSpec::default());
    let mut ep = LoadedEpisode {
        number: None,
        frame_rate,
        duration,
        cuts,
        cuts_problem: None,
        tracks: vec![LoadedTrack::from_track(track, language)],
        source: None,
    };
    let findings = check_episode(&ep, &settings, (1080, 1920), None, &|_| true)
        .into_iter()
        .flat_map(|r| r.findings)
        .collect();
    let mode = FixMode {
        write: false,
        backup_dir: None,
        root: None,
    };
    let edits = fix_episode(&mut ep, &settings, (1080, 1920), None, &|_| true, &mode)
        .map(|v| v.into_iter().flat_map(|(_, e)| e).collect())
        .unwrap_or_default();
    (findings, edits)
}

/// Read an episode's `cuts.txt`.
fn load_cuts(path: &Path, rate: FrameRate, shown: String) -> Result<Vec<Millis>, Box<LoadedTrack>> {
    let problem = |message, line| {
        Box::new(LoadedTrack {
            facts: FileFacts {
                path: path.to_path_buf(),
                exists: true,
                error: Some((message, line)),
                ..FileFacts::default()
            },
            shown: shown.clone(),
            language: None,
            track: None,
            texts: Vec::new(),
        })
    };
    let bytes = std::fs::read(path)
        .map_err(|_| problem(msg!("error-io-read", path = shown.clone()), None))?;
    let text = formats::encoding::decode(&bytes)
        .map_err(|e| problem(e.message(), None))?
        .text;
    let (list, _): (CutList, _) = crate::cuts::parse(&text, Some(rate), None)
        .map_err(|e| problem(e.kind.message(), Some(e.line)))?;
    Ok(list.cuts().to_vec())
}

/// Load one episode of a series: its cuts and the selected tracks, plus placeholders for
/// required tracks that are missing.
pub fn load_episode(
    ws: &Workspace,
    episode: &crate::model::Episode,
    selection: &Selection,
    required: &[Language],
) -> LoadedEpisode {
    let root = ws.root();
    let rate = episode.frame_rate.unwrap_or(ws.series.frame_rate);
    let (cuts, cuts_problem) = match &episode.cuts {
        Some(p) => match load_cuts(p, rate, shown(p, root)) {
            Ok(c) => (c, None),
            Err(problem) => (Vec::new(), Some(*problem)),
        },
        None => (Vec::new(), None),
    };
    let wanted = |l: &Language| {
        selection
            .languages
            .as_ref()
            .is_none_or(|ls| ls.iter().any(|w| w == l || w.same_written_language(l)))
    };
    let mut tracks: Vec<LoadedTrack> = episode
        .tracks
        .values()
        .filter(|tf| wanted(&tf.language))
        .map(|tf| load_track(&tf.path, shown(&tf.path, root), Some(tf.language.clone())))
        .collect();
    for lang in required {
        if wanted(lang) && !episode.tracks.contains_key(lang) {
            let path = ws.track_path(episode.number, lang, crate::model::Format::Srt);
            let mut t = load_track(&path, shown(&path, root), Some(lang.clone()));
            t.facts.exists = false;
            tracks.push(t);
        }
    }
    // The source track is needed for target-vs-source rules even when not selected.
    let source_lang = &ws.series.source_language;
    let mut source = tracks
        .iter()
        .position(|t| t.language.as_ref() == Some(source_lang) && t.facts.exists);
    if source.is_none()
        && let Some(tf) = episode.tracks.get(source_lang)
    {
        tracks.push(load_track(
            &tf.path,
            shown(&tf.path, root),
            Some(tf.language.clone()),
        ));
        source = Some(tracks.len() - 1);
    }
    LoadedEpisode {
        number: Some(episode.number),
        frame_rate: rate,
        duration: episode.duration,
        cuts,
        cuts_problem,
        tracks,
        source,
    }
}

/// Run every rule over one loaded episode. `reported` says which tracks to report (the
/// source track may be loaded only as a reference).
pub fn check_episode(
    ep: &LoadedEpisode,
    settings: &Settings,
    resolution: (u32, u32),
    glossary: Option<&Glossary>,
    reported: &dyn Fn(&LoadedTrack) -> bool,
) -> Vec<TrackReport> {
    let mut out = Vec::new();
    if let Some(problem) = &ep.cuts_problem {
        out.push(report_for(
            ep, problem, settings, resolution, glossary, None,
        ));
    }
    let source = ep.source.and_then(|i| ep.tracks.get(i));
    for (i, t) in ep.tracks.iter().enumerate() {
        if !reported(t) {
            continue;
        }
        let src = source
            .filter(|_| Some(i) != ep.source)
            .and_then(|s| Some((s.track.as_ref()?, s)));
        out.push(report_for(ep, t, settings, resolution, glossary, src));
    }
    out
}

/// How `check --fix` writes.
#[derive(Clone, Debug)]
pub struct FixMode {
    /// `false` for `--dry-run`: plan and report the edits, write nothing.
    pub write: bool,
    /// Originals are copied here (same relative path) before a file is replaced; `None`:
    /// next to the file as `<name>.bak`.
    pub backup_dir: Option<PathBuf>,
    /// Base for relative backup paths (the series root).
    pub root: Option<PathBuf>,
}

/// Plan and apply the safe fixes to every reported track of an episode, in memory; with
/// `mode.write`, write each changed file atomically after backing up the original.
/// Returns the edits per track index.
pub fn fix_episode(
    ep: &mut LoadedEpisode,
    settings: &Settings,
    resolution: (u32, u32),
    glossary: Option<&Glossary>,
    reported: &dyn Fn(&LoadedTrack) -> bool,
    mode: &FixMode,
) -> Result<Vec<(usize, Vec<crate::diagnostics::Edit>)>, Error> {
    let mut out = Vec::new();
    for i in 0..ep.tracks.len() {
        let t = &ep.tracks[i];
        let Some(track) = t.track.as_ref().filter(|_| reported(t)) else {
            continue;
        };
        let limits = settings.spec.limits(t.language.as_ref(), ep.frame_rate);
        let language = t.language.clone();
        let rebreak_limits = limits.clone();
        let rebreak = move |text: &str| {
            crate::timing::linebreak::rebreak(text, &rebreak_limits, language.as_ref())
        };
        let input = TrackInput {
            file: &t.facts,
            track: Some(track),
            texts: &t.texts,
            language: t.language.as_ref(),
            limits: &limits,
            cuts: &ep.cuts,
            duration: ep.duration,
            resolution,
            source: None,
            glossary,
        };
        let plan = crate::timing::fix::plan(&input, &rebreak);
        if plan.is_empty() {
            continue;
        }
        let t = &mut ep.tracks[i];
        let Some(track) = t.track.as_mut() else {
            continue;
        };
        crate::timing::fix::apply(track, &plan);
        for (k, text) in &plan.texts {
            if let Some(slot) = t.texts.get_mut(*k) {
                slot.clone_from(text);
            }
        }
        if mode.write {
            write_fixed(t, mode)?;
        }
        out.push((i, plan.edits));
    }
    Ok(out)
}

/// Back up the original file, then write the fixed track in the file's own encoding.
fn write_fixed(t: &LoadedTrack, mode: &FixMode) -> Result<(), Error> {
    let Some(track) = &t.track else {
        return Ok(());
    };
    let path = &t.facts.path;
    let text = formats::write(track);
    let encoding = t
        .facts
        .decode
        .as_ref()
        .map_or(formats::encoding::TextEncoding::Utf8, |d| d.encoding);
    let bytes =
        formats::encoding::encode(&text, encoding, track.bom).map_err(|e| Error::Encode {
            path: path.clone(),
            source: e,
        })?;
    let backup = match (&mode.backup_dir, &mode.root) {
        (Some(dir), Some(root)) => dir.join(path.strip_prefix(root).unwrap_or(path)),
        (Some(dir), None) => dir.join(path.file_name().unwrap_or_default()),
        (None, _) => {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(".bak");
            path.with_file_name(name)
        }
    };
    let original = std::fs::read(path).map_err(|e| Error::io(path, IoAction::Read, e))?;
    crate::fsutil::write_atomic(&backup, &original)?;
    crate::fsutil::write_atomic(path, &bytes)
}

fn report_for(
    ep: &LoadedEpisode,
    t: &LoadedTrack,
    settings: &Settings,
    resolution: (u32, u32),
    glossary: Option<&Glossary>,
    source: Option<(&SubtitleTrack, &LoadedTrack)>,
) -> TrackReport {
    let limits = settings.spec.limits(t.language.as_ref(), ep.frame_rate);
    let input = TrackInput {
        file: &t.facts,
        track: t.track.as_ref(),
        texts: &t.texts,
        language: t.language.as_ref(),
        limits: &limits,
        cuts: &ep.cuts,
        duration: ep.duration,
        resolution,
        source: source.and_then(|(track, s)| {
            Some(SourceTrack {
                track,
                texts: &s.texts,
                language: s.language.as_ref()?,
            })
        }),
        glossary,
    };
    let mut findings: Vec<Finding> = Vec::new();
    for rule in rules::ALL {
        let Some(severity) = settings.severity_of(*rule) else {
            continue;
        };
        let start = findings.len();
        rule.check(&input, &mut findings);
        for f in &mut findings[start..] {
            f.severity = severity.min(f.cap);
            f.fixable = rule.fixable() && !f.manual;
            if let (Some(n), Some(lang), Some(cue)) = (ep.number, &t.language, f.cue) {
                f.suppressed = settings.suppression(n, lang, cue, f.rule);
            }
        }
    }
    findings.sort_by_key(|f| f.cue.unwrap_or(0));
    let mut report = TrackReport::new(t.shown.clone(), ep.frame_rate);
    report.episode = ep.number;
    report.language = t.language.as_ref().map(ToString::to_string);
    report.format = t.track.as_ref().map(|tr| tr.format.name());
    report.duration = ep.duration;
    report.cues = t
        .track
        .iter()
        .flat_map(|tr| tr.cues.iter())
        .filter(|c| !rules::is_comment(c))
        .map(|c| c.span())
        .collect();
    report.cuts = ep.cuts.clone();
    report.findings = findings;
    report
}

/// Check a series workspace; with `fix`, apply the safe fixes first and report the edits
/// and what remains.
pub fn check_series(
    ws: &Workspace,
    settings: &Settings,
    selection: &Selection,
    jobs: usize,
    fix: Option<&FixMode>,
) -> Result<Report, Error> {
    let all = ws.episodes()?;
    let episodes: Vec<crate::model::Episode> = all
        .values()
        .filter(|e| {
            selection
                .episodes
                .as_ref()
                .is_none_or(|s| s.contains(&e.number))
        })
        .cloned()
        .collect();
    let required: Vec<Language> = if selection.required.is_empty() {
        let mut langs: BTreeSet<Language> = BTreeSet::new();
        for e in all.values() {
            langs.extend(e.tracks.keys().cloned());
        }
        langs.into_iter().collect()
    } else {
        selection.required.clone()
    };
    let glossary = crate::glossary::load(ws.root())?;
    let per_episode = crate::parallel::map(&episodes, jobs, |e| {
        let mut ep = load_episode(ws, e, selection, &required);
        let reported = |t: &LoadedTrack| {
            selection.languages.as_ref().is_none_or(|ls| {
                t.language
                    .as_ref()
                    .is_some_and(|l| ls.iter().any(|w| w == l || w.same_written_language(l)))
            })
        };
        let edits = match fix {
            Some(mode) => fix_episode(
                &mut ep,
                settings,
                ws.series.resolution,
                glossary.as_ref(),
                &|t| t.facts.exists && reported(t),
                mode,
            )?,
            None => Vec::new(),
        };
        let mut reports = check_episode(
            &ep,
            settings,
            ws.series.resolution,
            glossary.as_ref(),
            &reported,
        );
        attach_edits(&ep, edits, &mut reports);
        Ok::<_, Error>(reports)
    });
    let mut tracks = Vec::new();
    for r in per_episode {
        tracks.extend(r?);
    }
    Ok(Report {
        series: Some(ws.series.id.clone()),
        preset: settings.spec.preset.name().to_owned(),
        market: settings.market.clone(),
        tracks,
    })
}

fn attach_edits(
    ep: &LoadedEpisode,
    edits: Vec<(usize, Vec<crate::diagnostics::Edit>)>,
    reports: &mut [TrackReport],
) {
    for (i, e) in edits {
        let Some(t) = ep.tracks.get(i) else { continue };
        if let Some(r) = reports.iter_mut().find(|r| r.path == t.shown) {
            r.edits = e;
        }
    }
}

/// Loose files outside a series: one shared cut list, frame rate and (optional) language.
#[derive(Clone, Debug)]
pub struct LooseFiles {
    pub files: Vec<PathBuf>,
    pub cuts: Option<PathBuf>,
    pub frame_rate: FrameRate,
    pub language: Option<Language>,
    pub duration: Option<Millis>,
}

/// Check files given on the command line.
pub fn check_files(
    loose: &LooseFiles,
    cwd: &Path,
    settings: &Settings,
    jobs: usize,
    fix: Option<&FixMode>,
) -> Result<Report, Error> {
    let (cuts, cuts_problem) = match &loose.cuts {
        Some(p) => {
            let path = cwd.join(p);
            if !path.is_file() {
                return Err(Error::io(
                    &path,
                    IoAction::Read,
                    std::io::ErrorKind::NotFound.into(),
                ));
            }
            match load_cuts(&path, loose.frame_rate, p.display().to_string()) {
                Ok(c) => (c, None),
                Err(problem) => (Vec::new(), Some(*problem)),
            }
        }
        None => (Vec::new(), None),
    };
    let reports = crate::parallel::map(&loose.files, jobs, |f| {
        let path = cwd.join(f);
        let language = loose.language.clone().or_else(|| {
            f.file_name()
                .and_then(|n| n.to_str())
                .and_then(crate::workspace::naming::language_in_name)
        });
        let t = load_track(&path, f.display().to_string(), language);
        let mut ep = LoadedEpisode {
            number: None,
            frame_rate: loose.frame_rate,
            duration: loose.duration,
            cuts: cuts.clone(),
            cuts_problem: None,
            tracks: vec![t],
            source: None,
        };
        let edits = match fix {
            Some(mode) => fix_episode(&mut ep, settings, (1080, 1920), None, &|_| true, mode)?,
            None => Vec::new(),
        };
        let mut reports = check_episode(&ep, settings, (1080, 1920), None, &|_| true);
        attach_edits(&ep, edits, &mut reports);
        Ok::<_, Error>(reports)
    });
    let mut tracks: Vec<TrackReport> = Vec::new();
    if let Some(problem) = cuts_problem {
        let ep = LoadedEpisode {
            number: None,
            frame_rate: loose.frame_rate,
            duration: None,
            cuts: Vec::new(),
            cuts_problem: Some(problem),
            tracks: Vec::new(),
            source: None,
        };
        tracks.extend(check_episode(&ep, settings, (1080, 1920), None, &|_| true));
    }
    for r in reports {
        tracks.extend(r?);
    }
    Ok(Report {
        series: None,
        preset: settings.spec.preset.name().to_owned(),
        market: settings.market.clone(),
        tracks,
    })
}
