//! Preparing burned-in renders: for a market with `[burn_in]`, which episode videos and
//! tracks are rendered, with which fonts, into which ASS document and which output file, and
//! the key that says whether an existing render is still current.
//!
//! Pure preparation: the fonts are checked here (a gap is a `glyph-missing-in-font` finding and
//! the track is not rendered), ffprobe is asked for the video's size, and nothing is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::ass::{self, AssOptions};
use super::fonts::{self, FontError, FontRef, Fonts, GlyphGap};
use super::probe::{self, MediaInfo};
use crate::check::Settings;
use crate::cuts::detect::DetectError;
use crate::error::{Error, IoAction};
use crate::markets::naming::NameParts;
use crate::markets::{BurnIn, Market};
use crate::model::{EpisodeNumber, Format, Language, SubtitleTrack};
use crate::workspace::Workspace;

/// Where renders go inside the series: `renders/<market>/<name from the market's naming>.mp4`.
pub const RENDERS_DIR: &str = "renders";

/// The fonts a style draws with: the script's font and the fallback for what it lacks.
#[derive(Debug, Clone)]
pub struct StyleFonts {
    pub primary: FontRef,
    /// `None` when the fallback is the primary font itself.
    pub fallback: Option<FontRef>,
}

impl StyleFonts {
    /// The font files libass must load, primary first.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for f in std::iter::once(&self.primary).chain(&self.fallback) {
            if let Some(p) = &f.path
                && !out.contains(p)
            {
                out.push(p.clone());
            }
        }
        out
    }
}

/// The families a market's style names for `lang`: the script's entry of `[burn_in] fonts`,
/// else the defaults.
pub fn families(burn_in: &BurnIn, lang: &Language) -> Vec<String> {
    lang.script()
        .and_then(|s| burn_in.fonts.get(&s))
        .map(|f| vec![f.clone()])
        .unwrap_or_else(|| {
            fonts::default_families(lang)
                .iter()
                .map(|s| (*s).to_owned())
                .collect()
        })
}

/// Find the style's fonts for `lang`.
pub fn style_fonts(
    all: &Fonts,
    burn_in: &BurnIn,
    lang: &Language,
) -> Result<StyleFonts, FontError> {
    let names = families(burn_in, lang);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let primary = all
        .find(&refs, burn_in.bold)
        .ok_or_else(|| FontError::NoFont {
            families: names.clone(),
        })?;
    let fallback = if primary
        .family
        .eq_ignore_ascii_case(burn_in.fallback_font.trim())
    {
        None
    } else {
        Some(
            all.find(&[burn_in.fallback_font.trim()], burn_in.bold)
                .ok_or_else(|| FontError::NoFont {
                    families: vec![burn_in.fallback_font.clone()],
                })?,
        )
    };
    Ok(StyleFonts { primary, fallback })
}

/// The characters of a track the style cannot draw.
pub fn glyph_gaps(
    all: &Fonts,
    style: &StyleFonts,
    bold: bool,
    track: &SubtitleTrack,
) -> Result<Vec<GlyphGap>, FontError> {
    fonts::check_track_with_fallback(
        all,
        &[style.primary.family.as_str()],
        style.fallback.as_ref(),
        bold,
        track,
    )
}

/// The ASS document for a track burned into a video of `video` size, and the 1-based numbers of
/// cues too long for the box.
pub fn document(
    ws: &Workspace,
    market: &Market,
    burn_in: &BurnIn,
    style: &StyleFonts,
    track: &SubtitleTrack,
    lang: &Language,
    video: &MediaInfo,
) -> Result<(String, Vec<usize>), Error> {
    let settings = Settings::for_series(&ws.file, &ws.series_file(), None, Some(market))?;
    let limits = settings.spec.limits(Some(lang), video.frame_rate);
    let fallback_family = style.fallback.as_ref().map(|f| f.family.clone());
    let primary = style.primary.clone();
    let covers = move |c: char| primary.covers(c);
    let options = AssOptions {
        burn_in,
        safe_area: market.spec.safe_area,
        font: &style.primary.family,
        fallback: fallback_family
            .as_deref()
            .map(|name| (name, &covers as &dyn Fn(char) -> bool)),
        video: (video.width, video.height),
        language: lang,
        limits,
    };
    Ok(ass::document(track, &options))
}

/// One render to make: a track burned into its episode's video.
#[derive(Debug, Clone)]
pub struct RenderJob {
    pub episode: EpisodeNumber,
    pub language: Language,
    pub track_path: PathBuf,
    pub video: PathBuf,
    pub info: MediaInfo,
    /// The ASS document libass draws.
    pub ass: String,
    /// Font files handed to libass (`fontsdir`), so that it draws with the fonts checked.
    pub font_files: Vec<PathBuf>,
    /// The finished file.
    pub output: PathBuf,
    /// Cues too long for the box (drawn anyway, reported as warnings).
    pub too_long: Vec<usize>,
}

/// Why a track is not rendered.
#[derive(Debug)]
pub enum Skip {
    /// The episode has no video (`episode.toml` `video`).
    NoVideo,
    /// The video exists in `episode.toml` but not on disk.
    VideoMissing(PathBuf),
    /// The series has no track in this language for the episode.
    NoTrack,
    /// Characters the fonts lack: never burned in.
    Glyphs(Vec<GlyphGap>),
    /// ffprobe could not read the video.
    Probe(PathBuf, DetectError),
}

/// A track that will not be rendered, and why.
#[derive(Debug)]
pub struct Skipped {
    pub episode: EpisodeNumber,
    pub language: Language,
    pub reason: Skip,
}

/// What to render.
#[derive(Debug, Default)]
pub struct Plan {
    pub jobs: Vec<RenderJob>,
    pub skipped: Vec<Skipped>,
}

/// Which episodes and languages.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub episodes: Option<BTreeSet<EpisodeNumber>>,
    /// Default: every language of the market the series has.
    pub languages: Option<Vec<Language>>,
}

/// The file name of a render, under `renders/<market>/` and in the bundle: the market's naming
/// (as for the subtitle file) with `.mp4` for the extension; a template without `{ext}` gets
/// `.mp4` appended.
pub fn video_name(
    ws: &Workspace,
    market: &Market,
    episode: EpisodeNumber,
    lang: &Language,
) -> String {
    let name = market.naming.expand(&NameParts {
        series: &ws.series.id,
        market: market.id(),
        episode,
        language: lang,
        format: Format::Srt,
    });
    let stem = if market.naming.template().contains("{ext}") {
        let ext = format!(".{}", Format::Srt.extension());
        name.strip_suffix(&ext).map(str::to_owned).unwrap_or(name)
    } else {
        name
    };
    format!("{stem}.mp4")
}

/// The path of the render of an episode in a language, for a market.
pub fn output_path(
    ws: &Workspace,
    market: &Market,
    episode: EpisodeNumber,
    lang: &Language,
) -> PathBuf {
    ws.root()
        .join(RENDERS_DIR)
        .join(market.id())
        .join(video_name(ws, market, episode, lang))
}

/// The market's `[burn_in]`, or the error saying it has none.
pub fn burn_in(market: &Market) -> Result<&BurnIn, Error> {
    market.spec.burn_in.as_ref().ok_or_else(|| Error::NoBurnIn {
        market: market.id().to_owned(),
    })
}

/// Plan the renders of a market: every selected episode with a video, in every selected
/// language the episode has a track for. `ffprobe` is run once per video.
pub fn plan(
    ws: &Workspace,
    market: &Market,
    all_fonts: &Fonts,
    selection: &Selection,
    ffprobe: &Path,
) -> Result<Plan, Error> {
    let burn = burn_in(market)?;
    let episodes = ws.episodes()?;
    let languages: Vec<Language> = match &selection.languages {
        Some(l) => l.clone(),
        None => crate::bundle::assemble::delivered_languages(market, &episodes),
    };
    let mut styles: Vec<(Language, StyleFonts)> = Vec::new();
    for lang in &languages {
        let style = style_fonts(all_fonts, burn, lang).map_err(|source| Error::Font { source })?;
        styles.push((lang.clone(), style));
    }
    let mut out = Plan::default();
    for (number, episode) in &episodes {
        let number = *number;
        if selection
            .episodes
            .as_ref()
            .is_some_and(|s| !s.contains(&number))
        {
            continue;
        }
        let mut skip = |language: &Language, reason: Skip| {
            out.skipped.push(Skipped {
                episode: number,
                language: language.clone(),
                reason,
            });
        };
        let mut info: Option<Result<MediaInfo, ()>> = None;
        for (lang, style) in &styles {
            let Some(tf) = crate::bundle::assemble::track_of(episode, lang) else {
                skip(lang, Skip::NoTrack);
                continue;
            };
            let Some(video) = &episode.video else {
                skip(lang, Skip::NoVideo);
                continue;
            };
            if !video.is_file() {
                skip(lang, Skip::VideoMissing(video.clone()));
                continue;
            }
            let media = match &info {
                Some(Ok(m)) => m.clone(),
                Some(Err(())) => continue,
                None => match probe::probe(video, ffprobe) {
                    Ok(m) => {
                        info = Some(Ok(m.clone()));
                        m
                    }
                    Err(e @ (DetectError::ProgramMissing { .. } | DetectError::Spawn { .. })) => {
                        return Err(Error::Detect {
                            path: video.clone(),
                            source: e,
                        });
                    }
                    Err(e) => {
                        info = Some(Err(()));
                        skip(lang, Skip::Probe(video.clone(), e));
                        continue;
                    }
                },
            };
            let track = crate::workspace::read_track(&tf.path, tf.format)?;
            let gaps = glyph_gaps(all_fonts, style, burn.bold, &track)
                .map_err(|source| Error::Font { source })?;
            if !gaps.is_empty() {
                let gaps = gaps
                    .into_iter()
                    .map(|g| GlyphGap {
                        episode: Some(number.get()),
                        ..g
                    })
                    .collect();
                skip(lang, Skip::Glyphs(gaps));
                continue;
            }
            let (ass, too_long) = document(ws, market, burn, style, &track, lang, &media)?;
            out.jobs.push(RenderJob {
                episode: number,
                language: lang.clone(),
                track_path: tf.path.clone(),
                video: video.clone(),
                info: media,
                ass,
                font_files: style.files(),
                output: output_path(ws, market, number, lang),
                too_long,
            });
        }
    }
    Ok(out)
}

/// SHA-256 of a file's content, streamed.
pub fn file_sha256(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, IoAction::Read, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| Error::io(path, IoAction::Read, e))?;
        if n == 0 {
            break;
        }
        h.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key of a render: everything its pixels depend on. The video's content, the ASS document
/// (track, style, layout), the font files (path, size and modification time), the ffmpeg
/// arguments and version, and dramaloc's version. A render whose recorded key matches is
/// current.
pub fn render_key(
    job: &RenderJob,
    video_sha256: &str,
    ffmpeg_args: &[String],
    ffmpeg_version: &str,
) -> String {
    let mut h = Sha256::new();
    let mut field = |name: &str, value: &[u8]| {
        h.update(name.as_bytes());
        h.update((value.len() as u64).to_le_bytes());
        h.update(value);
    };
    field("dramaloc", env!("CARGO_PKG_VERSION").as_bytes());
    field("video", video_sha256.as_bytes());
    field("ass", job.ass.as_bytes());
    for f in &job.font_files {
        let meta = std::fs::metadata(f).ok();
        let stamp = format!(
            "{}:{}:{:?}",
            f.display(),
            meta.as_ref().map_or(0, std::fs::Metadata::len),
            meta.and_then(|m| m.modified().ok())
        );
        field("font", stamp.as_bytes());
    }
    for a in ffmpeg_args {
        field("arg", a.as_bytes());
    }
    field("ffmpeg", ffmpeg_version.as_bytes());
    hex(&h.finalize())
}
