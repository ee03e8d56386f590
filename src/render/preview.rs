//! Preview stills for a reviewer: one PNG of an episode's frame at a moment, with the subtitle
//! drawn as the render would burn it in (the same ASS document, fonts and libass) and the
//! platform's interface zones laid translucent over it, so that a collision with TikTok's
//! buttons or Reels' caption block is visible at a glance. Episodes without a video get a
//! neutral grey frame of the series' resolution.
//!
//! One ffmpeg per still, run inside a temporary folder that holds the document and links to
//! the font files (as for renders, so that nothing needs escaping in the filter graph):
//!
//! ```text
//! ffmpeg -hide_banner -nostdin -y -loglevel error -threads T
//!   -ss SECONDS -i VIDEO            (or: -f lavfi -i color=c=0x404040:s=WxH:r=1)
//!   -map 0:v:0 -frames:v 1
//!   -vf setpts=PTS-STARTPTS+SECONDS/TB,format=rgb24,ass=filename=sub.ass:fontsdir=fonts
//!   -update 1 -f image2 -c:v png OUTPUT.tmp
//! ```
//!
//! Seeking before `-i` starts the frames at 0; `setpts` moves them back to the moment, so that
//! libass draws the cue shown then. The still is written to a hidden temporary file and renamed.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::fonts::{Fonts, GlyphGap};
use super::plan::{self, StyleFonts};
use super::probe::{self, MediaInfo};
use super::run::{self, ASS_FILE, FONTS_DIR};
use super::zones;
use crate::cuts::detect::{self, DetectError, Tool};
use crate::diagnostics::Report;
use crate::error::{Error, IoAction};
use crate::markets::naming::NameParts;
use crate::markets::{Market, Platform};
use crate::model::{EpisodeNumber, Format, FrameRate, Language, Millis};
use crate::workspace::Workspace;

/// The findings a still is made for when no moment is asked for.
pub const RULES: [&str; 2] = ["position-outside-safe-area", "line-too-long"];

/// Where stills go inside the series by default: `previews/<market>/`.
pub const PREVIEWS_DIR: &str = "previews";

/// The grey of the frame used when an episode has no video (`0xRRGGBB`).
pub const NEUTRAL: &str = "0x404040";

/// The moment of a still.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The midpoint of cue N (1-based, as in findings).
    Cue(usize),
    /// A time in the episode.
    At(Millis),
}

/// One still asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub episode: EpisodeNumber,
    pub language: Language,
    pub moment: Moment,
    /// The rules whose findings asked for it; empty when the user named the moment.
    pub rules: Vec<&'static str>,
}

/// One still to make.
#[derive(Debug, Clone)]
pub struct Still {
    pub episode: EpisodeNumber,
    pub language: Language,
    /// The cue shown at `at` (the cue asked for, or the one whose time contains `at`).
    pub cue: Option<usize>,
    pub at: Millis,
    pub moment: Moment,
    pub rules: Vec<&'static str>,
    /// The episode's video; `None`: a neutral frame of `size`.
    pub video: Option<PathBuf>,
    pub size: (u32, u32),
    /// The ASS document: the render's, with the interface zones first.
    pub ass: String,
    pub font_files: Vec<PathBuf>,
    pub output: PathBuf,
    /// Scale the finished still down to this width (the HTML page's smaller copies); `None`:
    /// the video's size.
    pub width: Option<u32>,
}

impl Still {
    /// The pixel size of the PNG.
    pub fn png_size(&self) -> (u32, u32) {
        match self.width {
            Some(w) if w > 0 && self.size.0 > 0 => {
                let h = u64::from(self.size.1) * u64::from(w) / u64::from(self.size.0);
                (w, u32::try_from(h & !1).unwrap_or(u32::MAX))
            }
            _ => self.size,
        }
    }

    /// Why the still was made: the rules of its findings, else `cue` or `at`.
    pub fn reason(&self) -> String {
        if self.rules.is_empty() {
            match self.moment {
                Moment::Cue(_) => "cue".to_owned(),
                Moment::At(_) => "at".to_owned(),
            }
        } else {
            self.rules.join(",")
        }
    }
}

/// Something about a request or a track that the caller reports.
#[derive(Debug)]
pub enum Problem {
    /// No track in this language for the episode (or no such episode): no still.
    NoTrack {
        episode: EpisodeNumber,
        language: Language,
    },
    /// The track has fewer cues: no still.
    NoCue {
        episode: EpisodeNumber,
        language: Language,
        cue: usize,
        cues: usize,
    },
    /// The time is past the end of the video: no still.
    AfterEnd {
        episode: EpisodeNumber,
        at: Millis,
        duration: Millis,
    },
    /// ffprobe could not read the video: no still.
    Probe(PathBuf, DetectError),
    /// The video named in `episode.toml` is not on disk: a neutral frame instead.
    VideoMissing {
        episode: EpisodeNumber,
        path: PathBuf,
    },
    /// Characters the fonts lack: the still is made (it shows the gap), a render would not be.
    Glyphs {
        language: Language,
        gaps: Vec<GlyphGap>,
    },
}

impl Problem {
    /// Whether a still asked for was not made because of it.
    pub fn dropped_still(&self) -> bool {
        !matches!(self, Problem::VideoMissing { .. } | Problem::Glyphs { .. })
    }
}

/// The stills to make, and what to say about the rest.
#[derive(Debug, Default)]
pub struct Prepared {
    pub stills: Vec<Still>,
    pub problems: Vec<Problem>,
}

/// One request per cue with a finding of [`RULES`] in a check report (active findings only;
/// two rules on one cue make one request naming both).
pub fn finding_requests(report: &Report) -> Vec<Request> {
    let mut out: Vec<Request> = Vec::new();
    for t in &report.tracks {
        let (Some(episode), Some(language)) = (
            t.episode,
            t.language.as_deref().and_then(|l| Language::parse(l).ok()),
        ) else {
            continue;
        };
        for f in t.active() {
            let (Some(rule), Some(cue)) = (RULES.iter().find(|r| **r == f.rule), f.cue) else {
                continue;
            };
            let moment = Moment::Cue(cue);
            match out
                .iter_mut()
                .find(|r| r.episode == episode && r.language == language && r.moment == moment)
            {
                Some(r) if !r.rules.contains(rule) => r.rules.push(rule),
                Some(_) => {}
                None => out.push(Request {
                    episode,
                    language: language.clone(),
                    moment,
                    rules: vec![rule],
                }),
            }
        }
    }
    out
}

/// The file of a still: the market's name for the track, with `.cue<N>.png` or `.at<ms>.png`
/// in place of the subtitle extension (`<series>-001.en-US.cue3.png`).
pub fn still_path(
    dir: &Path,
    ws: &Workspace,
    market: &Market,
    episode: EpisodeNumber,
    language: &Language,
    moment: Moment,
) -> PathBuf {
    let name = market.naming.expand(&NameParts {
        series: &ws.series.id,
        market: market.id(),
        episode,
        language,
        format: Format::Srt,
    });
    let ext = format!(".{}", Format::Srt.extension());
    let stem = name.strip_suffix(&ext).unwrap_or(&name);
    let what = match moment {
        Moment::Cue(n) => format!("cue{n}"),
        Moment::At(t) => format!("at{}", t.get()),
    };
    dir.join(format!("{stem}.{what}.png"))
}

/// The document with the platform's interface zones drawn over the subtitles (layer 1) for
/// the whole episode; unchanged for a plain player (`platform = "none"`).
pub fn with_zones(
    ass: &str,
    platform: Platform,
    market: &Market,
    size: (u32, u32),
    lang: &Language,
) -> String {
    if platform == Platform::None {
        return ass.to_owned();
    }
    let mut rects = zones::zones(&market.spec.safe_area, size);
    if platform == Platform::TikTok && super::ass::is_rtl(lang) {
        rects = zones::mirrored(&rects, size.0);
    }
    let overlay = zones::overlay_events(&rects, "0:00:00.00", "99:00:00.00");
    // Right after the events' `Format:` line: libass draws a layer's events in file order.
    let at = ass
        .find("[Events]\n")
        .map(|i| i + "[Events]\n".len())
        .and_then(|i| ass.get(i..).and_then(|s| s.find('\n')).map(|n| i + n + 1))
        .unwrap_or(ass.len());
    let (head, tail) = ass.split_at(at);
    format!("{head}{overlay}{tail}")
}

/// Resolve requests into stills: per episode and language, the track, the style's fonts, the
/// video (probed once per episode) or the neutral frame, and the render's ASS document.
pub fn prepare(
    ws: &Workspace,
    market: &Market,
    fonts: &Fonts,
    requests: &[Request],
    dir: &Path,
    ffprobe: &Path,
) -> Result<Prepared, Error> {
    let burn = plan::burn_in(market)?;
    let episodes = ws.episodes()?;
    let mut groups: BTreeMap<(EpisodeNumber, Language), Vec<&Request>> = BTreeMap::new();
    for r in requests {
        groups
            .entry((r.episode, r.language.clone()))
            .or_default()
            .push(r);
    }
    let mut styles: BTreeMap<Language, StyleFonts> = BTreeMap::new();
    let mut media: BTreeMap<EpisodeNumber, Option<(Option<PathBuf>, MediaInfo)>> = BTreeMap::new();
    let mut out = Prepared::default();
    for ((number, lang), asked) in groups {
        let Some(episode) = episodes.get(&number) else {
            out.problems.push(Problem::NoTrack {
                episode: number,
                language: lang,
            });
            continue;
        };
        let Some(tf) = crate::bundle::assemble::track_of(episode, &lang) else {
            out.problems.push(Problem::NoTrack {
                episode: number,
                language: lang,
            });
            continue;
        };
        let frame = match media.get(&number) {
            Some(m) => m.clone(),
            None => {
                let m = frame_of(ws, episode, ffprobe, &mut out.problems)?;
                media.insert(number, m.clone());
                m
            }
        };
        let Some((video, info)) = frame else {
            continue;
        };
        let style = match styles.get(&lang) {
            Some(s) => s.clone(),
            None => {
                let s = plan::style_fonts(fonts, burn, &lang)
                    .map_err(|source| Error::Font { source })?;
                styles.insert(lang.clone(), s.clone());
                s
            }
        };
        let track = crate::workspace::read_track(&tf.path, tf.format)?;
        let gaps = plan::glyph_gaps(fonts, &style, burn.bold, &track)
            .map_err(|source| Error::Font { source })?;
        if !gaps.is_empty() {
            out.problems.push(Problem::Glyphs {
                language: lang.clone(),
                gaps: gaps
                    .into_iter()
                    .map(|g| GlyphGap {
                        episode: Some(number.get()),
                        ..g
                    })
                    .collect(),
            });
        }
        let (ass, _) = plan::document(ws, market, burn, &style, &track, &lang, &info)?;
        let size = (info.width, info.height);
        let ass = with_zones(&ass, burn.platform, market, size, &lang);
        for r in asked {
            let (cue, at) = match r.moment {
                Moment::Cue(n) => {
                    let Some(c) = n.checked_sub(1).and_then(|i| track.cues.get(i)) else {
                        out.problems.push(Problem::NoCue {
                            episode: number,
                            language: lang.clone(),
                            cue: n,
                            cues: track.cues.len(),
                        });
                        continue;
                    };
                    let span = c.span();
                    let mid = span.start().get() + span.duration().get() / 2;
                    (Some(n), Millis::new(mid))
                }
                Moment::At(t) => {
                    if video.is_some() && t >= info.duration {
                        out.problems.push(Problem::AfterEnd {
                            episode: number,
                            at: t,
                            duration: info.duration,
                        });
                        continue;
                    }
                    let shown = track
                        .cues
                        .iter()
                        .position(|c| c.span().contains(t))
                        .map(|i| i + 1);
                    (shown, t)
                }
            };
            let output = still_path(dir, ws, market, number, &lang, r.moment);
            if let Some(s) = out.stills.iter_mut().find(|s| s.output == output) {
                for rule in &r.rules {
                    if !s.rules.contains(rule) {
                        s.rules.push(rule);
                    }
                }
                continue;
            }
            out.stills.push(Still {
                episode: number,
                language: lang.clone(),
                cue,
                at,
                moment: r.moment,
                rules: r.rules.clone(),
                video: video.clone(),
                size,
                ass: ass.clone(),
                font_files: style.files(),
                output,
                width: None,
            });
        }
    }
    Ok(out)
}

/// The picture of an episode: its video and what ffprobe says of it, or no video and a
/// neutral frame of the series' size. `None`: the video could not be read (a problem).
fn frame_of(
    ws: &Workspace,
    episode: &crate::model::Episode,
    ffprobe: &Path,
    problems: &mut Vec<Problem>,
) -> Result<Option<(Option<PathBuf>, MediaInfo)>, Error> {
    let neutral = MediaInfo {
        width: ws.series.resolution.0,
        height: ws.series.resolution.1,
        frame_rate: episode.frame_rate.unwrap_or(ws.series.frame_rate),
        duration: episode.duration.unwrap_or(Millis::ZERO),
        video_codec: String::new(),
        audio_codec: None,
    };
    let Some(video) = &episode.video else {
        return Ok(Some((None, neutral)));
    };
    if !video.is_file() {
        problems.push(Problem::VideoMissing {
            episode: episode.number,
            path: video.clone(),
        });
        return Ok(Some((None, neutral)));
    }
    match probe::probe(video, ffprobe) {
        Ok(info) => Ok(Some((Some(video.clone()), info))),
        Err(e @ (DetectError::ProgramMissing { .. } | DetectError::Spawn { .. })) => {
            Err(Error::Detect {
                path: video.clone(),
                source: e,
            })
        }
        Err(e) => {
            problems.push(Problem::Probe(video.clone(), e));
            Ok(None)
        }
    }
}

/// Seconds with milliseconds, for ffmpeg (`12.500`).
fn seconds(t: Millis) -> String {
    let ms = t.get().max(0);
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// The filter graph: timestamps moved to the moment, RGB, the document drawn (then scaled
/// down when asked).
pub fn filter(still: &Still) -> String {
    let mut f = format!(
        "setpts=PTS-STARTPTS+{}/TB,format=rgb24,ass=filename={ASS_FILE}:fontsdir={FONTS_DIR}",
        seconds(still.at)
    );
    if still.width.is_some() {
        let (w, h) = still.png_size();
        f.push_str(&format!(",scale={w}:{h}:flags=area"));
    }
    f
}

/// The ffmpeg command line for a still (run inside its working folder).
pub fn ffmpeg_args(still: &Still, output: &Path, threads: usize) -> Vec<OsString> {
    let mut a: Vec<OsString> = [
        "-hide_banner",
        "-nostdin",
        "-y",
        "-loglevel",
        "error",
        "-threads",
    ]
    .iter()
    .map(Into::into)
    .collect();
    a.push(threads.max(1).to_string().into());
    match &still.video {
        Some(video) => {
            a.extend(["-ss".into(), seconds(still.at).into(), "-i".into()]);
            a.push(detect::absolute(video).into_os_string());
        }
        None => {
            let (w, h) = still.size;
            a.extend([
                "-f".into(),
                "lavfi".into(),
                "-i".into(),
                format!("color=c={NEUTRAL}:s={w}x{h}:r={}", FrameRate::FPS_30.num()).into(),
            ]);
        }
    }
    for s in [
        "-map",
        "0:v:0",
        "-frames:v",
        "1",
        "-vf",
        &filter(still),
        "-update",
        "1",
        "-f",
        "image2",
        "-c:v",
        "png",
    ] {
        a.push(s.into());
    }
    a.push(output.as_os_str().to_owned());
    a
}

/// Make every still, up to `jobs` at a time with the cores shared out; results in the order
/// of `stills`.
pub fn run(stills: &[Still], ffmpeg: &Path, jobs: usize) -> Vec<Result<(), Error>> {
    let cores = crate::parallel::jobs(None);
    let parallel = jobs.clamp(1, stills.len().max(1));
    let threads = (cores / parallel).max(1);
    crate::parallel::map(stills, parallel, |s| make(s, ffmpeg, threads))
}

/// One still: working folder with the document and the font links, ffmpeg into the
/// temporary file, rename.
fn make(still: &Still, ffmpeg: &Path, threads: usize) -> Result<(), Error> {
    let source_path = still.video.clone().unwrap_or_else(|| still.output.clone());
    let temp_err = |source: std::io::Error| Error::Detect {
        path: source_path.clone(),
        source: DetectError::Temp { source },
    };
    let work = run::work_dir(&still.ass, &still.font_files).map_err(temp_err)?;
    let dir = still.output.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, IoAction::CreateDir, e))?;
    let temp = run::temp_output(&still.output);
    let guard = run::RemoveOnDrop(temp.clone());
    let temp_abs = detect::absolute(dir).join(temp.file_name().unwrap_or_default());
    let mut cmd = Command::new(ffmpeg);
    cmd.current_dir(work.path())
        .args(ffmpeg_args(still, &temp_abs, threads));
    let running = detect::spawn(Tool::Ffmpeg, ffmpeg, cmd).map_err(|source| Error::Detect {
        path: source_path.clone(),
        source,
    })?;
    running
        .finish(Tool::Ffmpeg, ffmpeg)
        .map_err(|source| Error::Detect {
            path: source_path.clone(),
            source,
        })?;
    // No frame at that time (a video shorter than it says): ffmpeg succeeds and writes nothing.
    if !std::fs::metadata(&temp).is_ok_and(|m| m.len() > 0) {
        return Err(Error::Detect {
            path: source_path,
            source: DetectError::NoFrames,
        });
    }
    std::fs::rename(&temp, &still.output)
        .map_err(|e| Error::io(&still.output, IoAction::Write, e))?;
    std::mem::forget(guard);
    Ok(())
}

/// Parse a time given on the command line: seconds (`12.5`), `MM:SS(.mmm)` or
/// `HH:MM:SS(.mmm)` (a comma works as the decimal mark too).
pub fn parse_time(s: &str) -> Option<Millis> {
    let s = s.trim().replace(',', ".");
    let mut parts: Vec<&str> = s.split(':').collect();
    let last = parts.pop()?;
    if parts.len() > 2 {
        return None;
    }
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (secs, frac) = last.split_once('.').unwrap_or((last, ""));
    if !digits(secs) || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    // Hours and minutes, as minutes; with them, minutes and seconds stay below 60.
    let mut minutes: i64 = 0;
    for (i, p) in parts.iter().enumerate() {
        let v: i64 = p.parse().ok().filter(|_| digits(p))?;
        if parts.len() == 2 && i == 1 && v >= 60 {
            return None;
        }
        minutes = minutes.checked_mul(60)?.checked_add(v)?;
    }
    let secs: i64 = secs.parse().ok()?;
    if !parts.is_empty() && secs >= 60 {
        return None;
    }
    let millis: i64 = frac
        .chars()
        .chain("000".chars())
        .take(3)
        .collect::<String>()
        .parse()
        .ok()?;
    let ms = minutes
        .checked_mul(60)?
        .checked_add(secs)?
        .checked_mul(1000)?
        .checked_add(millis)?;
    (ms <= crate::model::time::MAX_MILLIS).then_some(Millis::new(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_from_the_command_line() {
        let t = |s: &str| parse_time(s).map(Millis::get);
        assert_eq!(t("12.5"), Some(12_500));
        assert_eq!(t("12"), Some(12_000));
        assert_eq!(t("90.25"), Some(90_250));
        assert_eq!(t("00:00:12.500"), Some(12_500));
        assert_eq!(t("01:02:03,004"), Some(3_723_004));
        assert_eq!(t("1:05.1"), Some(65_100));
        assert_eq!(t("0.0005"), Some(0));
        assert_eq!(t("1:5"), Some(65_000));
        for bad in [
            "", "x", "-1", "1:2:3:4", "00:61:00", "00:00:75", "1.2.3", ":5", "5:", "1e3",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn zones_go_over_the_subtitles() {
        let ass = "[Script Info]\nPlayResX: 1080\n\n[V4+ Styles]\nStyle: Bottom\n\n[Events]\nFormat: Layer, Start\nDialogue: 0,0:00:01.00,0:00:02.00,Bottom,,0,0,0,,Hi\n";
        let market = crate::markets::find(Path::new("/nonexistent"), "tiktok").unwrap();
        let en = Language::parse("en-US").unwrap();
        let z = with_zones(ass, Platform::TikTok, &market, (1080, 1920), &en);
        let events: Vec<&str> = z
            .split("Format: Layer, Start\n")
            .nth(1)
            .unwrap()
            .lines()
            .collect();
        assert_eq!(events.len(), 6, "{z}");
        assert!(events[..5].iter().all(|e| e.contains("\\p1}m ")), "{z}");
        assert!(
            events[0]
                .starts_with("Dialogue: 1,0:00:00.00,99:00:00.00,Bottom,,0,0,0,,{\\an7\\pos(0,0)")
        );
        assert!(events[5].ends_with(",,Hi"));
        assert_eq!(
            with_zones(ass, Platform::None, &market, (1080, 1920), &en),
            ass
        );
        // Arabic on TikTok: the rail is drawn on the left, where the interface puts it.
        let ar = Language::parse("ar").unwrap();
        let z = with_zones(ass, Platform::TikTok, &market, (1080, 1920), &ar);
        assert!(z.contains("m 0 840 l 300 840 300 1260 0 1260"), "{z}");
    }

    fn still(video: Option<&str>) -> Still {
        Still {
            episode: EpisodeNumber::new(1).unwrap(),
            language: Language::parse("en-US").unwrap(),
            cue: Some(2),
            at: Millis::new(3_250),
            moment: Moment::Cue(2),
            rules: Vec::new(),
            video: video.map(PathBuf::from),
            size: (1080, 1920),
            ass: String::new(),
            font_files: Vec::new(),
            output: PathBuf::from("/o/a.png"),
            width: None,
        }
    }

    #[test]
    fn command_seeks_before_the_input_and_shifts_the_time_back() {
        let line = |s: &Still| {
            ffmpeg_args(s, Path::new("/o/.a.png.tmp"), 2)
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            line(&still(Some("/v/ep1.mp4"))),
            "-hide_banner -nostdin -y -loglevel error -threads 2 -ss 3.250 -i /v/ep1.mp4 -map 0:v:0 -frames:v 1 -vf setpts=PTS-STARTPTS+3.250/TB,format=rgb24,ass=filename=sub.ass:fontsdir=fonts -update 1 -f image2 -c:v png /o/.a.png.tmp"
        );
        assert!(
            line(&still(None)).contains("-f lavfi -i color=c=0x404040:s=1080x1920:r=30 -map 0:v:0")
        );
        assert_eq!(still(None).reason(), "cue");
        let mut small = still(None);
        small.width = Some(540);
        assert_eq!(small.png_size(), (540, 960));
        assert!(
            line(&small)
                .contains(",ass=filename=sub.ass:fontsdir=fonts,scale=540:960:flags=area -update")
        );
        let mut s = still(None);
        s.rules = vec!["line-too-long", "position-outside-safe-area"];
        assert_eq!(s.reason(), "line-too-long,position-outside-safe-area");
    }

    #[test]
    fn finding_requests_one_per_cue() {
        use crate::diagnostics::{Finding, TrackReport};
        use crate::message::Message;
        use crate::model::TimeSpan;
        let span = TimeSpan::new(Millis::new(0), Millis::new(1000)).unwrap();
        let mut t = TrackReport::new("a".into(), FrameRate::FPS_30);
        t.episode = EpisodeNumber::new(2);
        t.language = Some("en-US".into());
        t.findings = vec![
            Finding::new("line-too-long", Message::new("x")).cue(2, span),
            Finding::new("position-outside-safe-area", Message::new("x")).cue(2, span),
            Finding::new("cues-overlap", Message::new("x")).cue(0, span),
            Finding::new("position-outside-safe-area", Message::new("x")).cue(4, span),
        ];
        let mut suppressed = Finding::new("line-too-long", Message::new("x")).cue(6, span);
        suppressed.suppressed = Some("ok".into());
        t.findings.push(suppressed);
        let report = Report {
            tracks: vec![t],
            ..Report::default()
        };
        let r = finding_requests(&report);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].moment, Moment::Cue(3));
        assert_eq!(r[0].rules, ["line-too-long", "position-outside-safe-area"]);
        assert_eq!(r[1].moment, Moment::Cue(5));
    }
}
