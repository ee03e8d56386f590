//! `dramaloc cuts import FILE --episode N` and `dramaloc cuts detect [VIDEO|DIR...]`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::{CutUnit, CutsDetectArgs, CutsImportArgs};
use super::{Printer, parse_episode, shown};
use crate::config::EpisodeFile;
use crate::cuts::detect::{DetectOptions, Detection, Progress, check_programs, detect_many};
use crate::cuts::{PlainUnit, parse};
use crate::error::{Cause, Error, IoAction};
use crate::exit::ExitStatus;
use crate::fsutil::write_atomic;
use crate::i18n::tr;
use crate::model::{EpisodeNumber, FrameRate, Millis};
use crate::msg;
use crate::workspace::Workspace;
use crate::workspace::videos::{match_videos, video_reference};

/// The file an episode's cut points live in.
pub const CUTS_FILE: &str = "cuts.txt";

pub fn import(printer: &Printer, cwd: &Path, args: CutsImportArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let episode = parse_episode(&args.episode)?;
    let fps = match &args.fps {
        Some(v) => v.parse::<FrameRate>().map_err(|_| Error::InvalidValue {
            flag: "--fps",
            value: v.clone(),
            expected: msg!("expected-frame-rate"),
        })?,
        None => ws.series.frame_rate,
    };
    let unit = args.unit.map(|u| match u {
        CutUnit::S => PlainUnit::Seconds,
        CutUnit::Ms => PlainUnit::Millis,
        CutUnit::Frames => PlainUnit::Frames,
    });
    let input = cwd.join(&args.file);
    let bytes = std::fs::read(&input).map_err(|e| Error::io(&input, IoAction::Read, e))?;
    let text = crate::formats::encoding::decode(&bytes)
        .map_err(|e| Error::read(&input, crate::formats::ReadError::Decode(e)))?
        .text;
    let (list, source) = parse(&text, Some(fps), unit).map_err(|e| Error::Cuts {
        path: input.clone(),
        source: e,
    })?;
    let target = ws.episode_dir(episode).join(CUTS_FILE);
    if target.exists() && !args.force {
        return Err(Error::WouldOverwrite { path: target });
    }
    write_atomic(&target, list.to_text().as_bytes())?;
    let target_shown = shown(&target, ws.root());
    if printer.json() {
        printer.data(
            &serde_json::json!({
                "input": args.file.display().to_string(),
                "source": source.name(),
                "episode": episode.get(),
                "cuts": list.len(),
                "target": target_shown,
            })
            .to_string(),
        );
    }
    printer.success(&msg!(
        "cuts-import-done",
        cuts = list.len(),
        input = args.file.display().to_string(),
        source = source.name(),
        target = target_shown
    ));
    Ok(ExitStatus::Success)
}

/// Progress of `cuts detect` on stderr: one bar over all videos, each counting for 1000 steps
/// as its decoding advances. Hidden with `-q` or when stderr is not a terminal.
struct DetectBar {
    bar: ProgressBar,
    steps: Vec<AtomicU64>,
    done: AtomicUsize,
}

impl DetectBar {
    fn new(printer: &Printer, videos: usize) -> DetectBar {
        let visible = !printer.quiet && videos > 0 && std::io::stderr().is_terminal();
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(
                Some(videos as u64 * 1000),
                ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{bar:32}] {percent:>3}% {elapsed_precise} {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        let this = DetectBar {
            bar,
            steps: (0..videos).map(|_| AtomicU64::new(0)).collect(),
            done: AtomicUsize::new(0),
        };
        this.set_message();
        this
    }

    fn set_message(&self) {
        self.bar.set_message(tr(&msg!(
            "detect-progress",
            done = self.done.load(Ordering::Relaxed),
            total = self.steps.len()
        )));
    }

    /// Move video `index` to `steps` (of 1000), never backwards.
    fn advance_to(&self, index: usize, steps: u64) {
        if let Some(s) = self.steps.get(index) {
            let before = s.fetch_max(steps, Ordering::Relaxed);
            if steps > before {
                self.bar.inc(steps - before);
            }
        }
    }
}

impl Progress for DetectBar {
    fn advanced(&self, index: usize, position: Millis, duration: Millis) {
        if duration.get() > 0 {
            let steps = (position.get().max(0) as u64 * 1000 / duration.get() as u64).min(999);
            self.advance_to(index, steps);
        }
    }

    fn finished(&self, index: usize) {
        self.advance_to(index, 1000);
        self.done.fetch_add(1, Ordering::Relaxed);
        self.set_message();
    }
}

/// An episode to detect, checked before the slow part starts.
struct Job {
    episode: EpisodeNumber,
    video: PathBuf,
    /// Whether `episode.toml` should point at this video (it was named on the command line).
    record_video: bool,
}

enum Outcome {
    Detected {
        detection: Detection,
        target: PathBuf,
    },
    Failed(Error),
    Unmatched,
    Ambiguous,
    NotVideo,
}

impl Outcome {
    fn status(&self, dry_run: bool) -> &'static str {
        match self {
            Outcome::Detected { .. } if dry_run => "dry-run",
            Outcome::Detected { .. } => "written",
            Outcome::Failed(Error::WouldOverwrite { .. }) => "refused",
            Outcome::Failed(_) => "failed",
            Outcome::Unmatched => "unmatched",
            Outcome::Ambiguous => "ambiguous",
            Outcome::NotVideo => "not-video",
        }
    }
}

struct Entry {
    episode: Option<EpisodeNumber>,
    video: PathBuf,
    outcome: Outcome,
}

fn parse_threshold(value: &str) -> Result<f64, Error> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0 && *x <= 1.0)
        .ok_or_else(|| Error::InvalidValue {
            flag: "--threshold",
            value: value.to_owned(),
            expected: msg!("expected-threshold"),
        })
}

fn parse_min_shot(value: &str) -> Result<Millis, Error> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|&ms| ms <= MAX_MIN_SHOT_MS)
        .map(|ms| Millis::new(i64::from(ms)))
        .ok_or_else(|| Error::InvalidValue {
            flag: "--min-shot",
            value: value.to_owned(),
            expected: msg!("expected-min-shot", max = MAX_MIN_SHOT_MS),
        })
}

fn parse_jobs(value: &str) -> Result<usize, Error> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| (1..=MAX_JOBS).contains(&n))
        .ok_or_else(|| Error::InvalidValue {
            flag: "--jobs",
            value: value.to_owned(),
            expected: msg!("expected-jobs", max = MAX_JOBS),
        })
}

/// The longest `--min-shot` accepted: a minute (anything longer would drop real cuts wholesale).
const MAX_MIN_SHOT_MS: u32 = 60_000;
/// The most parallel ffmpeg runs `--jobs` accepts.
const MAX_JOBS: usize = 256;

/// Write `cuts.txt` and update `episode.toml` (read again now: minutes may have passed).
fn record(ws: &Workspace, job: &Job, detection: &Detection) -> Result<PathBuf, Error> {
    let dir = ws.episode_dir(job.episode);
    let target = dir.join(CUTS_FILE);
    let mut file = EpisodeFile::load(&dir)?;
    write_atomic(&target, detection.cuts.to_text().as_bytes())?;
    if let Some(ms) = u64::try_from(detection.duration.get())
        .ok()
        .filter(|&ms| ms > 0)
    {
        file.duration_ms = Some(ms);
    }
    file.frame_rate =
        (detection.frame_rate != ws.series.frame_rate).then(|| detection.frame_rate.to_string());
    if job.record_video {
        file.video = Some(video_reference(&job.video, ws.root(), &dir));
    }
    file.save(&dir)?;
    Ok(target)
}

pub fn detect(printer: &Printer, cwd: &Path, args: CutsDetectArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let mut options = DetectOptions::from_env();
    if let Some(v) = &args.threshold {
        options.threshold = parse_threshold(v)?;
    }
    if let Some(v) = &args.min_shot {
        options.min_shot = parse_min_shot(v)?;
    }
    let jobs = match &args.jobs {
        Some(v) => parse_jobs(v)?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };

    let mut entries: Vec<Entry> = Vec::new();
    let mut wanted: Vec<Job> = Vec::new();
    if args.paths.is_empty() {
        for episode in ws.episodes()?.into_values() {
            if let Some(video) = episode.video {
                wanted.push(Job {
                    episode: episode.number,
                    video,
                    record_video: false,
                });
            }
        }
        if wanted.is_empty() {
            return Err(Error::Usage {
                message: msg!("detect-no-videos"),
                detail: None,
                hint: Some(msg!("hint-detect-no-videos")),
            });
        }
    } else {
        let inputs: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
        let found = match_videos(&inputs)?;
        for (episode, video) in found.episodes {
            wanted.push(Job {
                episode,
                video,
                record_video: true,
            });
        }
        let mut add = |episode, video, outcome| {
            entries.push(Entry {
                episode,
                video,
                outcome,
            })
        };
        for video in found.unmatched {
            add(None, video, Outcome::Unmatched);
        }
        for (episode, videos) in found.ambiguous {
            for video in videos {
                add(Some(episode), video, Outcome::Ambiguous);
            }
        }
        for path in found.not_videos {
            add(None, path, Outcome::NotVideo);
        }
    }

    // Refusals and unreadable settings are found before the slow part, not after it.
    let mut jobs_to_run: Vec<Job> = Vec::new();
    for job in wanted {
        let dir = ws.episode_dir(job.episode);
        let target = dir.join(CUTS_FILE);
        let problem = if target.exists() && !args.force {
            Some(Error::WouldOverwrite { path: target })
        } else {
            EpisodeFile::load(&dir).err()
        };
        match problem {
            Some(e) => entries.push(Entry {
                episode: Some(job.episode),
                video: job.video,
                outcome: Outcome::Failed(e),
            }),
            None => jobs_to_run.push(job),
        }
    }

    if !jobs_to_run.is_empty() {
        check_programs(&options).map_err(|source| Error::Detect {
            path: options.ffmpeg.clone(),
            source,
        })?;
    }
    let videos: Vec<PathBuf> = jobs_to_run.iter().map(|j| j.video.clone()).collect();
    let bar = DetectBar::new(printer, videos.len());
    let results = detect_many(&videos, &options, jobs, &bar);
    bar.bar.finish_and_clear();

    for (job, result) in jobs_to_run.into_iter().zip(results) {
        let outcome = match result {
            Err(source) => Outcome::Failed(Error::Detect {
                path: job.video.clone(),
                source,
            }),
            Ok(detection) if args.dry_run => Outcome::Detected {
                target: ws.episode_dir(job.episode).join(CUTS_FILE),
                detection,
            },
            Ok(detection) => match record(&ws, &job, &detection) {
                Ok(target) => Outcome::Detected { detection, target },
                Err(e) => Outcome::Failed(e),
            },
        };
        entries.push(Entry {
            episode: Some(job.episode),
            video: job.video,
            outcome,
        });
    }
    entries.sort_by(|a, b| {
        (a.episode.is_none(), a.episode, &a.video).cmp(&(b.episode.is_none(), b.episode, &b.video))
    });

    if printer.json() {
        printer.data(&detect_json(&entries, &ws, cwd, args.dry_run).to_string());
    } else {
        print_entries(printer, &entries, &ws, cwd, args.dry_run);
    }
    let detected = entries
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Detected { .. }))
        .count();
    let not_done = entries.len() - detected;
    printer.info(&msg!(
        "detect-summary",
        detected = detected,
        failed = not_done,
        dry_run = if args.dry_run { "yes" } else { "no" }
    ));
    Ok(if not_done > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

fn print_entries(printer: &Printer, entries: &[Entry], ws: &Workspace, cwd: &Path, dry_run: bool) {
    let mut name_hint = false;
    for e in entries {
        let video = shown(&e.video, cwd);
        match &e.outcome {
            Outcome::Detected { detection, target } => {
                let episode = e.episode.map_or_else(String::new, |n| n.dir_name());
                printer.data(&tr(&msg!(
                    "detect-line",
                    episode = episode,
                    cuts = detection.cuts.len(),
                    fps = detection.frame_rate.to_string(),
                    duration = detection.duration.to_string(),
                    target = shown(target, ws.root()),
                    dry_run = if dry_run { "yes" } else { "no" }
                )));
            }
            Outcome::Failed(err) => printer.error(err),
            Outcome::Unmatched => {
                name_hint = true;
                printer.error(&Error::Usage {
                    message: msg!("detect-unmatched", video = video),
                    detail: None,
                    hint: None,
                });
            }
            Outcome::Ambiguous => printer.error(&Error::Usage {
                message: msg!(
                    "detect-ambiguous",
                    video = video,
                    episode = e.episode.map_or(0, |n| n.get())
                ),
                detail: None,
                hint: None,
            }),
            Outcome::NotVideo => printer.error(&Error::Usage {
                message: msg!("detect-not-video", path = video),
                detail: None,
                hint: None,
            }),
        }
    }
    if name_hint
        || entries
            .iter()
            .any(|e| matches!(e.outcome, Outcome::Ambiguous))
    {
        printer.hint(&msg!("hint-detect-names"));
    }
}

fn detect_json(entries: &[Entry], ws: &Workspace, cwd: &Path, dry_run: bool) -> serde_json::Value {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let mut item = serde_json::json!({
                "episode": e.episode.map(|n| n.get()),
                "video": shown(&e.video, cwd),
                "status": e.outcome.status(dry_run),
            });
            match &e.outcome {
                Outcome::Detected { detection, target } => {
                    let d = detection;
                    item["cuts"] = d.cuts.len().into();
                    item["cuts_ms"] = d.cuts.cuts().iter().map(|c| c.get()).collect();
                    item["frame_rate"] = d.frame_rate.to_string().into();
                    item["fps"] = d.frame_rate.as_f64().into();
                    item["duration_ms"] = d.duration.get().into();
                    item["frames"] = d.frames.into();
                    item["target"] = shown(target, ws.root()).into();
                }
                Outcome::Failed(err) => {
                    item["error"] = serde_json::json!({
                        "message": tr(&err.message()),
                        "causes": err.causes().into_iter().map(|c| match c {
                            Cause::Message(m) => tr(&m),
                            Cause::Text(t) => t,
                        }).collect::<Vec<_>>(),
                        "hint": err.hint().map(|h| tr(&h)),
                    });
                }
                _ => {}
            }
            item
        })
        .collect();
    serde_json::Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_flags_are_checked() {
        assert_eq!(parse_threshold("0.25").unwrap(), 0.25);
        assert_eq!(parse_threshold(" 1 ").unwrap(), 1.0);
        for bad in ["0", "-0.1", "1.5", "NaN", "inf", "x", ""] {
            assert!(
                matches!(
                    parse_threshold(bad),
                    Err(Error::InvalidValue {
                        flag: "--threshold",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        assert_eq!(parse_min_shot("0").unwrap(), Millis::ZERO);
        assert_eq!(parse_min_shot("500").unwrap(), Millis::new(500));
        assert!(parse_min_shot("60001").is_err() && parse_min_shot("-1").is_err());
        assert_eq!(parse_jobs("3").unwrap(), 3);
        assert!(parse_jobs("0").is_err() && parse_jobs("257").is_err());
    }
}
