//! Running the renders: one ffmpeg per track, episodes in parallel with the cores shared out,
//! progress read from ffmpeg's `-progress` output, each render written to a hidden temporary
//! file beside its destination and renamed only when ffmpeg succeeded, and a render whose key
//! (see [`super::plan::render_key`]) is unchanged skipped.
//!
//! The ffmpeg command, run inside a temporary folder that holds the ASS document and links to
//! the checked font files (so that no path needs escaping inside the filter graph):
//!
//! ```text
//! ffmpeg -hide_banner -nostdin -y -loglevel error -nostats -progress pipe:1
//!   -threads T -i VIDEO -map 0:v:0 -map 0:a? -vf ass=filename=sub.ass:fontsdir=fonts
//!   -fps_mode passthrough -c:v libx264 -preset P -crf N -pix_fmt yuv420p -threads T
//!   -c:a copy -map_metadata 0 -movflags +faststart -f mp4 OUTPUT.tmp
//! ```
//!
//! Audio is stream-copied (the same packets), frames pass through with their timestamps (frame
//! rate and duration unchanged), and `+faststart` moves the index to the front for streaming.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use super::plan::{RenderJob, file_sha256, render_key};
use crate::cuts::detect::{self, DetectError, Tool};
use crate::error::{Error, IoAction};

/// The encoder and the programs.
#[derive(Debug, Clone)]
pub struct Encoder {
    pub ffmpeg: PathBuf,
    pub ffprobe: PathBuf,
    pub crf: u32,
    pub preset: String,
}

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Renders at the same time.
    pub jobs: usize,
    /// Cores to share out between them.
    pub cores: usize,
    /// Render even when the existing render is current.
    pub force: bool,
}

/// What became of one render.
#[derive(Debug)]
pub enum Outcome {
    /// Rendered now.
    Rendered {
        seconds: f64,
        frames: u64,
    },
    /// The existing render is current.
    Current,
    Failed(Error),
    /// Stopped by Ctrl-C or SIGTERM (or never started because of it); nothing was written.
    Interrupted,
}

/// Progress of [`run`]; every method has a do-nothing default.
pub trait Progress: Sync {
    /// The work to do, in milliseconds of video over all renders that will run.
    fn start(&self, _total_ms: u64) {}
    /// Render `index` reached `done_ms` of its video.
    fn advanced(&self, _index: usize, _done_ms: u64) {}
    /// Render `index` ended.
    fn finished(&self, _index: usize, _outcome: &Outcome) {}
}

impl Progress for () {}

/// The first line of `ffmpeg -version` (part of every render's key).
pub fn ffmpeg_version(ffmpeg: &Path) -> Result<String, DetectError> {
    detect::program_version(Tool::Ffmpeg, ffmpeg)
}

/// The name of the ASS document and of the fonts folder inside the working folder.
pub const ASS_FILE: &str = "sub.ass";
pub const FONTS_DIR: &str = "fonts";

/// The ffmpeg arguments that shape the picture and the file (everything but the input, the
/// output and the progress/threads plumbing). Part of the render key.
pub fn encode_args(encoder: &Encoder) -> Vec<String> {
    let vf = format!("ass=filename={ASS_FILE}:fontsdir={FONTS_DIR}");
    [
        "-map",
        "0:v:0",
        "-map",
        "0:a?",
        "-vf",
        &vf,
        "-fps_mode",
        "passthrough",
        "-c:v",
        "libx264",
        "-preset",
        &encoder.preset,
        "-crf",
        &encoder.crf.to_string(),
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "copy",
        "-map_metadata",
        "0",
        "-movflags",
        "+faststart",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// The whole ffmpeg command line for a render.
pub fn ffmpeg_args(encoder: &Encoder, video: &Path, output: &Path, threads: usize) -> Vec<String> {
    let threads = threads.max(1).to_string();
    let mut a: Vec<String> = [
        "-hide_banner",
        "-nostdin",
        "-y",
        "-loglevel",
        "error",
        "-nostats",
        "-progress",
        "pipe:1",
        "-threads",
        &threads,
        "-i",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    a.push(detect::absolute(video).display().to_string());
    a.extend(encode_args(encoder));
    a.extend([
        "-threads".to_owned(),
        threads,
        "-f".to_owned(),
        "mp4".into(),
    ]);
    a.push(output.display().to_string());
    a
}

/// Where the key of a render is recorded: `.dramaloc/renders/<path under renders/>.key`.
pub fn key_file(root: &Path, output: &Path) -> PathBuf {
    let rel = output
        .strip_prefix(root.join(super::plan::RENDERS_DIR))
        .unwrap_or(output);
    let mut name = rel.as_os_str().to_owned();
    name.push(".key");
    root.join(".dramaloc").join("renders").join(name)
}

/// The hidden temporary file a render is written to before the rename.
pub fn temp_output(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!(".{name}.dramaloc-tmp"))
}

/// Whether the render at `output` is current for `key`.
fn is_current(output: &Path, key_path: &Path, key: &str) -> bool {
    let recorded = std::fs::read_to_string(key_path).unwrap_or_default();
    let mut parts = recorded.split_whitespace();
    let (Some(k), Some(size)) = (parts.next(), parts.next()) else {
        return false;
    };
    k == key
        && std::fs::metadata(output)
            .is_ok_and(|m| m.is_file() && size.parse::<u64>().is_ok_and(|s| s == m.len()))
}

/// Render every job; the outcomes are in the order of `jobs`.
pub fn run(
    root: &Path,
    jobs: &[RenderJob],
    encoder: &Encoder,
    options: RunOptions,
    progress: &dyn Progress,
) -> Result<Vec<Outcome>, Error> {
    let version = ffmpeg_version(&encoder.ffmpeg).map_err(|source| Error::Detect {
        path: encoder.ffmpeg.clone(),
        source,
    })?;
    // Keys first: a video shared by several languages is hashed once.
    let mut hashes: HashMap<PathBuf, String> = HashMap::new();
    let mut keys = Vec::with_capacity(jobs.len());
    for job in jobs {
        let sha = match hashes.get(&job.video) {
            Some(h) => h.clone(),
            None => {
                let h = file_sha256(&job.video)?;
                hashes.insert(job.video.clone(), h.clone());
                h
            }
        };
        keys.push(render_key(job, &sha, &encode_args(encoder), &version));
    }
    let todo: Vec<usize> = (0..jobs.len())
        .filter(|&i| {
            let (Some(job), Some(key)) = (jobs.get(i), keys.get(i)) else {
                return false;
            };
            options.force || !is_current(&job.output, &key_file(root, &job.output), key)
        })
        .collect();
    progress.start(
        todo.iter()
            .filter_map(|&i| jobs.get(i))
            .map(|j| j.info.duration.get().max(0) as u64)
            .sum(),
    );
    let parallel = options.jobs.clamp(1, todo.len().max(1));
    let threads = (options.cores / parallel).max(1);
    let results: Mutex<HashMap<usize, Outcome>> = Mutex::new(HashMap::new());
    crate::parallel::map(&todo, parallel, |&i| {
        let (Some(job), Some(key)) = (jobs.get(i), keys.get(i)) else {
            return;
        };
        let outcome = if crate::interrupt::interrupted() {
            Outcome::Interrupted
        } else {
            match render_one(root, job, key, encoder, threads, &|ms| {
                progress.advanced(i, ms)
            }) {
                Ok(o) => o,
                Err(_) if crate::interrupt::interrupted() => Outcome::Interrupted,
                Err(e) => Outcome::Failed(e),
            }
        };
        progress.finished(i, &outcome);
        if let Ok(mut r) = results.lock() {
            r.insert(i, outcome);
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((0..jobs.len())
        .map(|i| results.remove(&i).unwrap_or(Outcome::Current))
        .collect())
}

/// Render one track: work folder with the document and font links, ffmpeg into the temporary
/// file, rename, then record the key.
fn render_one(
    root: &Path,
    job: &RenderJob,
    key: &str,
    encoder: &Encoder,
    threads: usize,
    advanced: &dyn Fn(u64),
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let temp_err = |source: std::io::Error| Error::Detect {
        path: job.video.clone(),
        source: DetectError::Temp { source },
    };
    let work = work_dir(&job.ass, &job.font_files).map_err(temp_err)?;
    let dir = job.output.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, IoAction::CreateDir, e))?;
    let temp = temp_output(&job.output);
    let guard = RemoveOnDrop(temp.clone());
    let mut cmd = Command::new(&encoder.ffmpeg);
    cmd.current_dir(work.path())
        .args(ffmpeg_args(encoder, &job.video, &temp, threads));
    let mut running =
        detect::spawn(Tool::Ffmpeg, &encoder.ffmpeg, cmd).map_err(|source| Error::Detect {
            path: job.video.clone(),
            source,
        })?;
    let mut frames = 0u64;
    if let Some(stdout) = running.child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if crate::interrupt::interrupted() {
                // ffmpeg may not have had the signal (SIGTERM to dramaloc alone): stop it; the
                // guard removes its temporary file.
                let _ = running.child.kill();
                break;
            }
            if let Some(us) = line.strip_prefix("out_time_us=") {
                if let Ok(us) = us.trim().parse::<u64>() {
                    advanced(us / 1000);
                }
            } else if let Some(f) = line.strip_prefix("frame=") {
                frames = f.trim().parse().unwrap_or(frames);
            }
        }
    }
    if crate::interrupt::interrupted() {
        let _ = running.child.kill();
        let _ = running.finish(Tool::Ffmpeg, &encoder.ffmpeg);
        return Ok(Outcome::Interrupted);
    }
    running
        .finish(Tool::Ffmpeg, &encoder.ffmpeg)
        .map_err(|source| Error::Detect {
            path: job.video.clone(),
            source,
        })?;
    std::fs::rename(&temp, &job.output).map_err(|e| Error::io(&job.output, IoAction::Write, e))?;
    std::mem::forget(guard);
    let size = std::fs::metadata(&job.output)
        .map_err(|e| Error::io(&job.output, IoAction::Read, e))?
        .len();
    crate::fsutil::write_atomic(
        &key_file(root, &job.output),
        format!("{key} {size}\n").as_bytes(),
    )?;
    Ok(Outcome::Rendered {
        seconds: started.elapsed().as_secs_f64(),
        frames,
    })
}

/// The folder ffmpeg runs in for a render: the ASS document as [`ASS_FILE`] and links to the
/// font files in [`FONTS_DIR`]. Removed when dropped.
pub fn work_dir(ass: &str, font_files: &[PathBuf]) -> std::io::Result<tempfile::TempDir> {
    let work = tempfile::Builder::new()
        .prefix("dramaloc-render-")
        .tempdir()?;
    std::fs::write(work.path().join(ASS_FILE), ass)?;
    let fonts = work.path().join(FONTS_DIR);
    std::fs::create_dir(&fonts)?;
    for (n, file) in font_files.iter().enumerate() {
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        link_or_copy(file, &fonts.join(format!("{n}.{ext}")))?;
    }
    Ok(work)
}

/// Removes a temporary file unless forgotten.
pub(crate) struct RemoveOnDrop(pub(crate) PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        if std::os::unix::fs::symlink(from, to).is_ok() {
            return Ok(());
        }
    }
    std::fs::copy(from, to).map(|_| ())
}

/// Temporary files a killed run left in the render folders (`.NAME.dramaloc-tmp`): removed
/// before a run so that nothing partial stays on disk.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_leftovers(&path);
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') && n.ends_with(".dramaloc-tmp"))
        {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoder() -> Encoder {
        Encoder {
            ffmpeg: "ffmpeg".into(),
            ffprobe: "ffprobe".into(),
            crf: 20,
            preset: "medium".into(),
        }
    }

    #[test]
    fn command_line_copies_audio_and_keeps_frames() {
        let a = ffmpeg_args(
            &encoder(),
            Path::new("/v/ep1.mp4"),
            Path::new("/o/x.tmp"),
            1,
        );
        let s = a.join(" ");
        assert!(s.contains("-i /v/ep1.mp4 -map 0:v:0 -map 0:a? -vf ass=filename=sub.ass:fontsdir=fonts -fps_mode passthrough -c:v libx264 -preset medium -crf 20 -pix_fmt yuv420p -c:a copy"), "{s}");
        assert!(
            s.ends_with("-movflags +faststart -threads 1 -f mp4 /o/x.tmp"),
            "{s}"
        );
        assert!(s.starts_with(
            "-hide_banner -nostdin -y -loglevel error -nostats -progress pipe:1 -threads 1 -i"
        ));
    }

    #[test]
    fn keys_live_under_dot_dramaloc_and_temps_are_hidden() {
        let root = Path::new("/s");
        assert_eq!(
            key_file(root, Path::new("/s/renders/tiktok/a_E01_en-US.mp4")),
            PathBuf::from("/s/.dramaloc/renders/tiktok/a_E01_en-US.mp4.key")
        );
        assert_eq!(
            temp_output(Path::new("/s/renders/tiktok/a.mp4")),
            PathBuf::from("/s/renders/tiktok/.a.mp4.dramaloc-tmp")
        );
    }

    #[test]
    fn a_render_is_current_only_with_the_same_key_and_size() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.mp4");
        let key = dir.path().join("a.key");
        std::fs::write(&out, b"12345").unwrap();
        std::fs::write(&key, "abc 5\n").unwrap();
        assert!(is_current(&out, &key, "abc"));
        assert!(!is_current(&out, &key, "abd"));
        std::fs::write(&out, b"123456").unwrap();
        assert!(!is_current(&out, &key, "abc"));
        std::fs::remove_file(&out).unwrap();
        assert!(!is_current(&out, &key, "abc"));
    }
}
