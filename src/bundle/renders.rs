//! Renders in a bundle. A market with `[burn_in]` is delivered as the episode videos with
//! the subtitles burned in: `bundle` plans the renders of every delivered episode × language,
//! turns what cannot be rendered into findings (so that the bundle is refused as for any
//! other error), brings the renders up to date through the render engine (current renders
//! cost nothing), and lists each finished render in the manifest as ffprobe sees it.
//!
//! The engine is behind [`Renderer`] so that the command line can drive it with its progress
//! bar; everything else (naming, findings, manifest entries) is here.

use std::collections::BTreeMap;
use std::path::Path;

use super::assemble::{BundleFile, Content};
use super::manifest::VideoEntry;
use super::validate::ids::{VIDEO_MISSING, VIDEO_UNREADABLE};
use super::video;
use crate::diagnostics::{Finding, TrackReport};
use crate::error::{Error, IoAction};
use crate::markets::Market;
use crate::model::{Episode, EpisodeNumber, Language};
use crate::msg;
use crate::render::plan::{Plan, RenderJob, Skip, Skipped};
use crate::render::probe::MediaInfo;
use crate::workspace::Workspace;

/// The render engine as `bundle` drives it.
pub trait Renderer: Sync {
    /// The renders of `languages` for every episode (fonts checked, source videos probed),
    /// and the tracks that cannot have one.
    fn plan(&self, ws: &Workspace, market: &Market, languages: &[Language]) -> Result<Plan, Error>;
    /// Make every job's output current: render what is missing or stale, skip the rest.
    fn render(&self, ws: &Workspace, market: &Market, jobs: &[RenderJob]) -> Result<(), Error>;
    /// What ffprobe says of a finished render.
    fn probe(&self, path: &Path) -> Result<MediaInfo, Error>;
}

/// The path of a render inside the bundle: its name under `renders/<market>/`.
pub use crate::render::plan::video_name as video_path;

/// Findings for what a plan cannot render, added to the check report's rows (a new row for a
/// file the check did not report on): an episode without its video (`video-missing`) or with
/// one ffprobe cannot read (`video-unreadable`), once per episode on its `episode.toml`;
/// characters no font has (`glyph-missing-in-font`), on the track and cue.
pub fn add_skip_findings(
    ws: &Workspace,
    market: &Market,
    episodes: &BTreeMap<EpisodeNumber, Episode>,
    skipped: &[Skipped],
    tracks: &mut Vec<TrackReport>,
) {
    fn row<'a>(
        tracks: &'a mut Vec<TrackReport>,
        ws: &Workspace,
        path: &Path,
        episode: EpisodeNumber,
        lang: Option<&Language>,
    ) -> &'a mut TrackReport {
        let shown = crate::check::shown(path, ws.root());
        let i = match tracks.iter().position(|t| t.path == shown) {
            Some(i) => i,
            None => {
                let mut t = TrackReport::new(shown, ws.series.frame_rate);
                t.episode = Some(episode);
                t.language = lang.map(ToString::to_string);
                tracks.push(t);
                tracks.len() - 1
            }
        };
        &mut tracks[i]
    }
    for s in skipped {
        let Some(episode) = episodes.get(&s.episode) else {
            continue;
        };
        let n = s.episode.get();
        let toml = episode.dir.join("episode.toml");
        let finding = match &s.reason {
            Skip::NoTrack => continue,
            Skip::NoVideo => Finding::new(
                VIDEO_MISSING,
                msg!("finding-video-missing", episode = n, market = market.id()),
            )
            .hint(msg!("hint-video-missing")),
            Skip::VideoMissing(p) => Finding::new(
                VIDEO_MISSING,
                msg!(
                    "finding-video-file-missing",
                    episode = n,
                    path = crate::check::shown(p, ws.root())
                ),
            )
            .hint(msg!("hint-video-missing")),
            Skip::Probe(p, e) => Finding::new(
                VIDEO_UNREADABLE,
                msg!(
                    "finding-video-source-unreadable",
                    episode = n,
                    path = crate::check::shown(p, ws.root()),
                    detail = crate::i18n::tr(&e.message(p))
                ),
            )
            .hint(msg!("hint-video-source-unreadable")),
            Skip::Glyphs(gaps) => {
                let track = super::assemble::track_of(episode, &s.language);
                let path = track.map_or(toml.clone(), |t| t.path.clone());
                let t = row(tracks, ws, &path, s.episode, Some(&s.language));
                t.findings.extend(gaps.iter().map(|g| g.finding()));
                continue;
            }
        };
        // Once per episode, whichever language met it first.
        let t = row(tracks, ws, &toml, s.episode, None);
        if !t.findings.iter().any(|f| f.rule == finding.rule) {
            t.findings.push(finding);
        }
    }
}

/// A finished render as a bundle file (streamed from disk when the bundle is written) and its
/// manifest entry: size and SHA-256 read now, media info from ffprobe.
pub fn video_file(
    ws: &Workspace,
    market: &Market,
    job: &RenderJob,
    renderer: &dyn Renderer,
) -> Result<(BundleFile, VideoEntry), Error> {
    let bytes = std::fs::metadata(&job.output)
        .map_err(|e| Error::io(&job.output, IoAction::Read, e))?
        .len();
    let sha256 = crate::render::plan::file_sha256(&job.output)?;
    let info = renderer.probe(&job.output)?;
    let path = video_path(ws, market, job.episode, &job.language);
    let entry = video::entry(
        path.clone(),
        job.language.to_string(),
        bytes,
        sha256.clone(),
        &info,
    );
    let file = BundleFile {
        path,
        content: Content::File {
            source: job.output.clone(),
            bytes,
            sha256,
        },
    };
    Ok((file, entry))
}
