//! Shot-change detection with ffmpeg (`cuts detect`): ffprobe for the duration and frame rate,
//! then one single-threaded ffmpeg run per video that writes the scene score of every frame to
//! a file and streams a 36×64 RGB thumbnail of every frame on stdout. The cut decision itself
//! is in [`super::decide`]. Owns the two command lines, the parsing of their output and their
//! errors; not which video belongs to which episode, nor the files written (the CLI does that).
//!
//! The ffmpeg command (`VIDEO` absolute, run inside a temporary folder):
//!
//! ```text
//! ffmpeg -hide_banner -nostdin -nostats -loglevel error -threads 1 -filter_threads 1
//!   -i VIDEO -map 0:v:0 -an -sn -dn
//!   -vf settb=1/1000000,select='gte(scene,0)',metadata=mode=print:file=scores.txt,
//!       scale=36:64:flags=area,format=rgb24
//!   -fps_mode passthrough -threads 1 -f rawvideo pipe:1
//! ```
//!
//! `settb` puts timestamps in microseconds so the printed `pts` is exact; `select` with a
//! `scene` expression makes ffmpeg compute the score of every frame and keep them all;
//! `metadata` prints `frame:N pts:P` and `lavfi.scene_score=S` per frame; the thumbnails
//! arrive in the same order (`-fps_mode passthrough`: no frame duplicated or dropped).
//! One thread per ffmpeg keeps episodes in parallel scaling with the cores.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::CutList;
use super::decide::{DecideOptions, FrameSignals, MAX_FLASH, decide};
use crate::config::env;
use crate::message::Message;
use crate::model::{FrameRate, Millis};
use crate::msg;

/// Default score from which a frame is a cut (ffmpeg's scale: mean difference in levels / 100).
pub const DEFAULT_THRESHOLD: f64 = 0.3;
/// Default shortest shot (timing-rules §4.4: detected cuts within 500 ms of the previous one
/// are flash frames or false positives).
pub const DEFAULT_MIN_SHOT: Millis = Millis::new(500);

const THUMB_WIDTH: usize = 36;
const THUMB_HEIGHT: usize = 64;
const THUMB_BYTES: usize = THUMB_WIDTH * THUMB_HEIGHT * 3;
/// The file ffmpeg's `metadata` filter prints to, inside the temporary folder.
const SCORES_FILE: &str = "scores.txt";
/// How many of ffmpeg's last stderr lines an error shows.
const STDERR_TAIL: usize = 6;
/// Longest stderr line kept (ffmpeg can print whole option dumps on one line).
const STDERR_LINE_MAX: usize = 400;

/// One of the two external programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Ffmpeg,
    Ffprobe,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Ffmpeg => "ffmpeg",
            Tool::Ffprobe => "ffprobe",
        }
    }

    /// The environment variable that names the program's path.
    pub fn env_var(self) -> &'static str {
        match self {
            Tool::Ffmpeg => env::DRAMALOC_FFMPEG,
            Tool::Ffprobe => env::DRAMALOC_FFPROBE,
        }
    }
}

/// How to detect: the decision settings and the programs to run.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectOptions {
    /// Score (0…1) from which a frame is a cut.
    pub threshold: f64,
    /// Cuts closer than this to a stronger cut are dropped.
    pub min_shot: Millis,
    pub ffmpeg: PathBuf,
    pub ffprobe: PathBuf,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            threshold: DEFAULT_THRESHOLD,
            min_shot: DEFAULT_MIN_SHOT,
            ffmpeg: PathBuf::from(Tool::Ffmpeg.name()),
            ffprobe: PathBuf::from(Tool::Ffprobe.name()),
        }
    }
}

impl DetectOptions {
    /// The defaults, with the programs named by `DRAMALOC_FFMPEG` / `DRAMALOC_FFPROBE` when set
    /// (else `ffmpeg` / `ffprobe` on `PATH`).
    pub fn from_env() -> Self {
        let program = |tool: Tool| {
            std::env::var_os(tool.env_var())
                .filter(|v| !v.is_empty())
                .map_or_else(|| PathBuf::from(tool.name()), PathBuf::from)
        };
        DetectOptions {
            ffmpeg: program(Tool::Ffmpeg),
            ffprobe: program(Tool::Ffprobe),
            ..DetectOptions::default()
        }
    }
}

/// What ffprobe says of a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoInfo {
    /// Duration of the video stream (else the container), when known.
    pub duration: Option<Millis>,
    pub frame_rate: FrameRate,
}

/// The result for one video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub cuts: CutList,
    pub duration: Millis,
    pub frame_rate: FrameRate,
    /// Frames decoded.
    pub frames: u64,
}

/// Why ffmpeg's or ffprobe's output could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputProblem {
    /// ffprobe did not print the JSON asked for.
    ProbeJson,
    /// The per-frame score file is missing.
    ScoresMissing,
    /// Scores and thumbnails do not pair up.
    Mismatch { scores: usize, frames: usize },
}

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{} not found (`{}`)", tool.name(), program.display())]
    ProgramMissing { tool: Tool, program: PathBuf },
    #[error("cannot run `{}`: {source}", program.display())]
    Spawn {
        tool: Tool,
        program: PathBuf,
        source: io::Error,
    },
    #[error("`{}` -version failed ({status})", program.display())]
    Unusable {
        tool: Tool,
        program: PathBuf,
        status: String,
    },
    #[error("{} failed ({status})", tool.name())]
    Failed {
        tool: Tool,
        status: String,
        /// The last lines ffmpeg wrote to stderr.
        stderr: Vec<String>,
    },
    #[error("{} did not finish within {seconds} s", tool.name())]
    TimedOut { tool: Tool, seconds: u64 },
    #[error("no video stream")]
    NoVideoStream,
    #[error("no usable frame rate (`{found}`)")]
    NoFrameRate { found: String },
    #[error("unusable output from {}: {problem:?}", tool.name())]
    Output { tool: Tool, problem: OutputProblem },
    #[error("no frame was decoded")]
    NoFrames,
    #[error("temporary files: {source}")]
    Temp { source: io::Error },
}

impl DetectError {
    /// The main line, for the video at `path`.
    pub fn message(&self, path: &Path) -> Message {
        let path = path.display().to_string();
        match self {
            DetectError::ProgramMissing { tool, program } => msg!(
                "error-detect-program-missing",
                tool = tool.name(),
                program = program.display().to_string()
            ),
            DetectError::Spawn { program, .. } => msg!(
                "error-detect-spawn",
                program = program.display().to_string()
            ),
            DetectError::Unusable {
                tool,
                program,
                status,
            } => msg!(
                "error-detect-unusable",
                tool = tool.name(),
                program = program.display().to_string(),
                status = status
            ),
            DetectError::Failed { tool, status, .. } => msg!(
                "error-detect-failed",
                tool = tool.name(),
                path = path,
                status = status
            ),
            DetectError::TimedOut { tool, seconds } => msg!(
                "error-detect-timed-out",
                tool = tool.name(),
                path = path,
                seconds = *seconds
            ),
            DetectError::NoVideoStream => msg!("error-detect-no-video", path = path),
            DetectError::NoFrameRate { found } => {
                msg!("error-detect-frame-rate", path = path, found = found)
            }
            DetectError::Output { tool, .. } => {
                msg!("error-detect-output", tool = tool.name(), path = path)
            }
            DetectError::NoFrames => msg!("error-detect-no-frames", path = path),
            DetectError::Temp { .. } => msg!("error-detect-temp"),
        }
    }

    /// `caused by:` lines: ffmpeg's own last words, or what went wrong underneath.
    pub fn causes(&self) -> Vec<Result<Message, String>> {
        match self {
            DetectError::Spawn { source, .. } | DetectError::Temp { source } => {
                vec![Err(source.to_string())]
            }
            DetectError::Failed { stderr, .. } => stderr.iter().cloned().map(Err).collect(),
            DetectError::Output { problem, .. } => vec![Ok(match problem {
                OutputProblem::ProbeJson => msg!("detect-output-probe-json"),
                OutputProblem::ScoresMissing => msg!("detect-output-scores-missing"),
                OutputProblem::Mismatch { scores, frames } => {
                    msg!("detect-output-mismatch", scores = *scores, frames = *frames)
                }
            })],
            _ => Vec::new(),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> Option<Message> {
        match self {
            DetectError::ProgramMissing { tool, .. }
            | DetectError::Spawn { tool, .. }
            | DetectError::Unusable { tool, .. } => {
                Some(msg!("hint-install-ffmpeg", variable = tool.env_var()))
            }
            DetectError::Failed { .. }
            | DetectError::Output { .. }
            | DetectError::TimedOut { .. } => Some(msg!("hint-detect-failed")),
            _ => None,
        }
    }
}

/// Progress of [`detect_many`]; every method has a do-nothing default.
pub trait Progress: Sync {
    /// Decoding of video `index` reached `position` of `duration`.
    fn advanced(&self, _index: usize, _position: Millis, _duration: Millis) {}
    /// Video `index` is done, detected or failed.
    fn finished(&self, _index: usize) {}
}

impl Progress for () {}

/// A child process that is killed and reaped if we give up on it early; the last lines of
/// its standard error are collected on a thread of their own.
pub(crate) struct Running {
    pub(crate) child: Child,
    stderr: Option<std::thread::JoinHandle<Vec<String>>>,
    done: bool,
}

impl Running {
    /// Wait for the process; a failure carries the tail of its standard error.
    pub(crate) fn finish(mut self, tool: Tool, program: &Path) -> Result<(), DetectError> {
        self.done = true;
        let status = self.child.wait().map_err(|source| DetectError::Spawn {
            tool,
            program: program.to_path_buf(),
            source,
        })?;
        let stderr = self
            .stderr
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        if !status.success() {
            return Err(DetectError::Failed {
                tool,
                status: status_text(status),
                stderr,
            });
        }
        Ok(())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub(crate) fn spawn(tool: Tool, program: &Path, mut cmd: Command) -> Result<Running, DetectError> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match cmd.spawn() {
        Ok(mut child) => {
            let stream = child.stderr.take();
            let stderr = Some(std::thread::spawn(move || {
                stream.map(tail_lines).unwrap_or_default()
            }));
            Ok(Running {
                child,
                stderr,
                done: false,
            })
        }
        Err(e) => Err(launch_error(tool, program, e)),
    }
}

/// Keep the last lines of a stream (ffmpeg's stderr), read on its own thread so that the
/// pipe never fills up and blocks ffmpeg.
pub(crate) fn tail_lines(stream: impl Read) -> Vec<String> {
    let mut reader = BufReader::new(stream);
    let mut tail = VecDeque::with_capacity(STDERR_TAIL + 1);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let line = String::from_utf8_lossy(&buf);
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let line: String = line.chars().take(STDERR_LINE_MAX).collect();
                tail.push_back(line);
                if tail.len() > STDERR_TAIL {
                    tail.pop_front();
                }
            }
        }
    }
    tail.into()
}

pub(crate) fn status_text(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => code.to_string(),
        None => status.to_string(),
    }
}

/// The video's path as ffmpeg must see it: absolute, so that no `name:` prefix is taken for a
/// protocol and the temporary working folder does not matter (and without `..`, for messages).
pub(crate) fn absolute(video: &Path) -> PathBuf {
    std::fs::canonicalize(video)
        .or_else(|_| std::path::absolute(video))
        .unwrap_or_else(|_| video.to_path_buf())
}

/// Why a program could not be started: not found, or another launch error.
fn launch_error(tool: Tool, program: &Path, source: io::Error) -> DetectError {
    if source.kind() == io::ErrorKind::NotFound {
        DetectError::ProgramMissing {
            tool,
            program: program.to_path_buf(),
        }
    } else {
        DetectError::Spawn {
            tool,
            program: program.to_path_buf(),
            source,
        }
    }
}

/// Run `program -version`: the first line it prints (`ffmpeg version 5.1.8 …`), or why it
/// does not run as `tool`.
pub fn program_version(tool: Tool, program: &Path) -> Result<String, DetectError> {
    let out = Command::new(program)
        .arg("-version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| launch_error(tool, program, e))?;
    if !out.status.success() {
        return Err(DetectError::Unusable {
            tool,
            program: program.to_path_buf(),
            status: status_text(out.status),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// Check once that both programs run (`-version`), so that a missing ffmpeg is one clear
/// error rather than one per episode.
pub fn check_programs(options: &DetectOptions) -> Result<(), DetectError> {
    program_version(Tool::Ffprobe, &options.ffprobe)?;
    program_version(Tool::Ffmpeg, &options.ffmpeg)?;
    Ok(())
}

/// The ffprobe arguments for `video`.
pub fn ffprobe_args(video: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "-v",
        "error",
        "-select_streams",
        "v:0",
        "-show_entries",
        "stream=codec_type,r_frame_rate,avg_frame_rate,duration:format=duration",
        "-of",
        "json",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    args.push(absolute(video).into_os_string());
    args
}

/// The ffmpeg filter chain (see the module docs).
pub fn ffmpeg_filter() -> String {
    format!(
        "settb=1/1000000,select='gte(scene,0)',metadata=mode=print:file={SCORES_FILE},\
         scale={THUMB_WIDTH}:{THUMB_HEIGHT}:flags=area,format=rgb24"
    )
}

/// The ffmpeg arguments for `video` (run inside the temporary folder).
pub fn ffmpeg_args(video: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    let mut push = |s: &str| args.push(OsString::from(s));
    for a in [
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-loglevel",
        "error",
        "-threads",
        "1",
        "-filter_threads",
        "1",
        "-i",
    ] {
        push(a);
    }
    args.push(absolute(video).into_os_string());
    let filter = ffmpeg_filter();
    for a in [
        "-map",
        "0:v:0",
        "-an",
        "-sn",
        "-dn",
        "-vf",
        &filter,
        "-fps_mode",
        "passthrough",
        "-threads",
        "1",
        "-f",
        "rawvideo",
        "pipe:1",
    ] {
        args.push(OsString::from(a));
    }
    args
}

/// Ask ffprobe for the duration and frame rate of `video`.
pub fn probe(video: &Path, options: &DetectOptions) -> Result<VideoInfo, DetectError> {
    let tool = Tool::Ffprobe;
    let mut cmd = Command::new(&options.ffprobe);
    cmd.args(ffprobe_args(video));
    let mut running = spawn(tool, &options.ffprobe, cmd)?;
    let mut out = Vec::new();
    if let Some(mut stdout) = running.child.stdout.take() {
        // A read error shows up as ffprobe failing or as unusable JSON below.
        let _ = stdout.read_to_end(&mut out);
    }
    running.finish(tool, &options.ffprobe)?;
    parse_probe(&out)
}

/// Read ffprobe's JSON (`-show_entries stream=…:format=duration -of json`).
pub fn parse_probe(json: &[u8]) -> Result<VideoInfo, DetectError> {
    let bad = || DetectError::Output {
        tool: Tool::Ffprobe,
        problem: OutputProblem::ProbeJson,
    };
    let value: serde_json::Value = serde_json::from_slice(json).map_err(|_| bad())?;
    let Some(root) = value.as_object() else {
        return Err(bad());
    };
    let stream = root
        .get("streams")
        .and_then(|s| s.as_array())
        .and_then(|s| {
            s.iter()
                .find(|st| st.get("codec_type").and_then(|c| c.as_str()) != Some("audio"))
        })
        .ok_or(DetectError::NoVideoStream)?;
    let field = |v: &serde_json::Value, key: &str| -> Option<String> {
        v.get(key).and_then(|x| x.as_str()).map(str::to_owned)
    };
    let r = field(stream, "r_frame_rate");
    let avg = field(stream, "avg_frame_rate");
    let frame_rate =
        pick_rate(r.as_deref(), avg.as_deref()).ok_or_else(|| DetectError::NoFrameRate {
            found: avg.or(r).unwrap_or_default(),
        })?;
    let duration = field(stream, "duration")
        .and_then(|d| parse_seconds(&d))
        .or_else(|| {
            root.get("format")
                .and_then(|f| field(f, "duration"))
                .and_then(|d| parse_seconds(&d))
        })
        .filter(|d| d.get() > 0);
    Ok(VideoInfo {
        duration,
        frame_rate,
    })
}

/// The rates broadcast and phone video use; a measured rate within 0.1 % of one is that one.
fn standard_rates() -> impl Iterator<Item = FrameRate> {
    [
        FrameRate::FPS_23_976,
        FrameRate::FPS_24,
        FrameRate::FPS_25,
        FrameRate::FPS_29_97,
        FrameRate::FPS_30,
        FrameRate::FPS_50,
        FrameRate::FPS_59_94,
        FrameRate::FPS_60,
    ]
    .into_iter()
    .chain(
        [15, 48, 120]
            .into_iter()
            .filter_map(|n| FrameRate::new(n, 1)),
    )
}

fn parse_ratio(s: &str) -> Option<FrameRate> {
    let (n, d) = s.trim().split_once('/').unwrap_or((s.trim(), "1"));
    let n: u64 = n.trim().parse().ok()?;
    let d: u64 = d.trim().parse().ok()?;
    if n == 0 || d == 0 {
        return None;
    }
    let g = gcd(n, d);
    FrameRate::new(u32::try_from(n / g).ok()?, u32::try_from(d / g).ok()?)
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn snap(rate: FrameRate) -> Option<FrameRate> {
    standard_rates().find(|s| {
        // |r − s| / s < 1/1000, in integers: |rn·sd − sn·rd|·1000 < sn·rd
        let (rn, rd) = (u128::from(rate.num()), u128::from(rate.den()));
        let (sn, sd) = (u128::from(s.num()), u128::from(s.den()));
        (rn * sd).abs_diff(sn * rd) * 1000 < sn * rd
    })
}

/// The frame rate from ffprobe's `r_frame_rate` and `avg_frame_rate`: a standard rate that
/// either is close to wins (the average of a 29.97 video can read `2997/100`), then the
/// average, then the base rate.
pub fn pick_rate(r_frame_rate: Option<&str>, avg_frame_rate: Option<&str>) -> Option<FrameRate> {
    let avg = avg_frame_rate.and_then(parse_ratio);
    let r = r_frame_rate.and_then(parse_ratio);
    avg.and_then(snap)
        .or_else(|| r.and_then(snap))
        .or(avg)
        .or(r)
}

/// `16.833333` (seconds, as ffprobe prints them) to milliseconds, rounded; no floats.
pub fn parse_seconds(s: &str) -> Option<Millis> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = int.parse().ok()?;
    let mut digits = frac.bytes().map(|b| i64::from(b - b'0'));
    let mut ms = 0;
    for _ in 0..3 {
        ms = ms * 10 + digits.next().unwrap_or(0);
    }
    if digits.next().is_some_and(|d| d >= 5) {
        ms += 1;
    }
    let total = secs.checked_mul(1000)?.checked_add(ms)?;
    (total <= crate::model::time::MAX_MILLIS).then_some(Millis::new(total))
}

/// One frame as printed by the `metadata` filter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreLine {
    /// Timestamp in microseconds (`settb=1/1000000`); `None` for `NOPTS`.
    pub pts_us: Option<i64>,
    pub scene: f64,
}

/// Parse the `metadata=mode=print` output: `frame:N pts:P pts_time:T` then `key=value` lines.
/// Unknown lines are skipped; a frame without a score scores 0.
pub fn parse_scores(text: &str) -> Vec<ScoreLine> {
    let mut out: Vec<ScoreLine> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("frame:") {
            let pts_us = line
                .split_whitespace()
                .find_map(|tok| tok.strip_prefix("pts:"))
                .and_then(|p| p.parse::<i64>().ok());
            out.push(ScoreLine { pts_us, scene: 0.0 });
        } else if let Some(v) = line.strip_prefix("lavfi.scene_score=")
            && let (Some(last), Ok(score)) = (out.last_mut(), v.trim().parse::<f64>())
            && score.is_finite()
        {
            last.scene = score.clamp(0.0, 1.0);
        }
    }
    out
}

/// The frame index of a timestamp on the rate grid: `round(t · num / den)`.
pub fn frame_of_micros(pts_us: i64, rate: FrameRate) -> i64 {
    let num = i128::from(pts_us) * i128::from(rate.num());
    let den = i128::from(rate.den()) * 1_000_000;
    let q = if num >= 0 {
        (2 * num + den) / (2 * den)
    } else {
        -((-2 * num + den) / (2 * den))
    };
    q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Mean absolute difference of two thumbnails, in levels.
fn mad(a: &[u8], b: &[u8]) -> f64 {
    let sum: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.len().max(1) as f64
}

/// The thumbnail differences of a stream of frames, computed as they arrive.
#[derive(Default)]
struct ThumbSignals {
    /// The last `MAX_FLASH + 2` thumbnails.
    window: VecDeque<Vec<u8>>,
    diff: Vec<f64>,
    back: Vec<[Option<f64>; MAX_FLASH]>,
    motion: Vec<[Option<f64>; MAX_FLASH]>,
}

impl ThumbSignals {
    fn push(&mut self, thumb: Vec<u8>) {
        let j = self.diff.len();
        let earlier = |k: usize| self.window.len().checked_sub(k).map(|i| &self.window[i]);
        self.diff
            .push(earlier(1).map_or(0.0, |prev| mad(prev, &thumb)));
        // How far this frame is from the frames 2, 3 and 4 before it.
        let mut motion = [None; MAX_FLASH];
        for (k, m) in motion.iter_mut().enumerate() {
            *m = earlier(k + 2).map(|t| mad(t, &thumb));
        }
        self.motion.push(motion);
        self.back.push([None; MAX_FLASH]);
        // Frame j is k frames after frame i = j − k: compare it with frame i − 1.
        for k in 1..=MAX_FLASH {
            if j < k + 1 {
                break;
            }
            let d = earlier(k + 1).map(|before| mad(before, &thumb));
            self.back[j - k][k - 1] = d;
        }
        self.window.push_back(thumb);
        if self.window.len() > MAX_FLASH + 2 {
            self.window.pop_front();
        }
    }
}

/// Detect the cuts of one video. `progress` is told the position reached as decoding advances.
pub fn detect(
    video: &Path,
    options: &DetectOptions,
    progress: &dyn Fn(Millis, Millis),
) -> Result<Detection, DetectError> {
    let info = probe(video, options)?;
    let rate = info.frame_rate;
    let temp = tempfile::Builder::new()
        .prefix("dramaloc-detect-")
        .tempdir()
        .map_err(|source| DetectError::Temp { source })?;
    let tool = Tool::Ffmpeg;
    let mut cmd = Command::new(&options.ffmpeg);
    cmd.args(ffmpeg_args(video)).current_dir(temp.path());
    let mut running = spawn(tool, &options.ffmpeg, cmd)?;
    let mut thumbs = ThumbSignals::default();
    let duration_hint = info.duration.unwrap_or(Millis::ZERO);
    if let Some(stdout) = running.child.stdout.take() {
        let mut reader = BufReader::with_capacity(THUMB_BYTES * 8, stdout);
        loop {
            let mut buf = vec![0u8; THUMB_BYTES];
            match reader.read_exact(&mut buf) {
                Ok(()) => {
                    thumbs.push(buf);
                    let n = thumbs.diff.len();
                    if n % 10 == 0 {
                        progress(rate.frame_to_millis(n as i64), duration_hint);
                    }
                }
                // End of the stream (a partial last frame means ffmpeg stopped early, and
                // its exit status says why).
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }
    running.finish(tool, &options.ffmpeg)?;
    let scores_text = match std::fs::read(temp.path().join(SCORES_FILE)) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) if thumbs.diff.is_empty() => return Err(DetectError::NoFrames),
        Err(_) => {
            return Err(DetectError::Output {
                tool,
                problem: OutputProblem::ScoresMissing,
            });
        }
    };
    let scores = parse_scores(&scores_text);
    if scores.len() != thumbs.diff.len() {
        return Err(DetectError::Output {
            tool,
            problem: OutputProblem::Mismatch {
                scores: scores.len(),
                frames: thumbs.diff.len(),
            },
        });
    }
    if scores.is_empty() {
        return Err(DetectError::NoFrames);
    }
    let mut frames = Vec::with_capacity(scores.len());
    let mut last_index: Option<i64> = None;
    for (i, s) in scores.iter().enumerate() {
        let index = match (s.pts_us, last_index) {
            (Some(pts), _) => frame_of_micros(pts, rate),
            (None, Some(prev)) => prev.saturating_add(1),
            (None, None) => 0,
        };
        last_index = Some(index);
        frames.push(FrameSignals {
            index,
            scene: s.scene,
            diff: thumbs.diff[i],
            back: thumbs.back[i],
            motion: thumbs.motion[i],
        });
    }
    let cut_frames = decide(
        &frames,
        rate,
        &DecideOptions {
            threshold: options.threshold,
            min_shot: options.min_shot,
        },
    );
    let end = rate.frame_to_millis(last_index.unwrap_or(0).saturating_add(1));
    let duration = info.duration.unwrap_or(end);
    progress(duration, duration);
    Ok(Detection {
        cuts: CutList::new(
            Some(rate),
            cut_frames
                .into_iter()
                .map(|f| rate.frame_to_millis(f))
                .collect(),
        ),
        duration,
        frame_rate: rate,
        frames: frames.len() as u64,
    })
}

/// Detect the cuts of several videos, up to `jobs` at a time (each ffmpeg uses one core).
/// One failure does not stop the others; results are in the order of `videos`.
pub fn detect_many(
    videos: &[PathBuf],
    options: &DetectOptions,
    jobs: usize,
    progress: &dyn Progress,
) -> Vec<Result<Detection, DetectError>> {
    // Largest files first, so that the last video to finish is a short one and no core
    // idles long at the end (file size stands in for duration).
    let mut order: Vec<usize> = (0..videos.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(std::fs::metadata(&videos[i]).map_or(0, |m| m.len())));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Detection, DetectError>>>> =
        Mutex::new((0..videos.len()).map(|_| None).collect());
    let workers = jobs.clamp(1, videos.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let video = &videos[i];
                    let result = detect(video, options, &|pos, dur| {
                        progress.advanced(i, pos, dur);
                    });
                    progress.finished(i);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or(Err(DetectError::NoFrames)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_json_gives_rate_and_duration() {
        let json = br#"{"programs":[],"streams":[{"codec_type":"video","r_frame_rate":"30000/1001","avg_frame_rate":"30000/1001","duration":"86.219467"}],"format":{"duration":"86.240000"}}"#;
        let info = parse_probe(json).unwrap();
        assert_eq!(info.frame_rate, FrameRate::FPS_29_97);
        assert_eq!(info.duration, Some(Millis::new(86_219)));
        // No stream duration (Matroska): the container's.
        let json = br#"{"streams":[{"codec_type":"video","r_frame_rate":"25/1","avg_frame_rate":"25/1"}],"format":{"duration":"12.3456"}}"#;
        let info = parse_probe(json).unwrap();
        assert_eq!(
            (info.frame_rate, info.duration),
            (FrameRate::FPS_25, Some(Millis::new(12_346)))
        );
        assert!(matches!(
            parse_probe(br#"{"streams":[],"format":{}}"#),
            Err(DetectError::NoVideoStream)
        ));
        assert!(matches!(
            parse_probe(br#"{"streams":[{"codec_type":"video","r_frame_rate":"0/0","avg_frame_rate":"0/0"}]}"#),
            Err(DetectError::NoFrameRate { .. })
        ));
        for junk in [&b""[..], b"null", b"[1]", b"{\"streams\":3}", b"\xff\xfe"] {
            assert!(parse_probe(junk).is_err());
        }
    }

    #[test]
    fn rates_snap_to_the_standard_ones() {
        assert_eq!(
            pick_rate(Some("30/1"), Some("2997/100")),
            Some(FrameRate::FPS_29_97)
        );
        assert_eq!(
            pick_rate(Some("24000/1001"), Some("0/0")),
            Some(FrameRate::FPS_23_976)
        );
        assert_eq!(
            pick_rate(Some("90000/1"), Some("1800000/60061")),
            Some(FrameRate::FPS_29_97)
        );
        assert_eq!(pick_rate(Some("15/1"), None), FrameRate::new(15, 1));
        assert_eq!(pick_rate(Some("x"), Some("1/0")), None);
        assert_eq!(pick_rate(None, Some("99999999999/1")), None);
    }

    #[test]
    fn seconds_are_read_without_floats() {
        assert_eq!(parse_seconds("16.833333"), Some(Millis::new(16_833)));
        assert_eq!(parse_seconds("0.0005"), Some(Millis::new(1)));
        assert_eq!(parse_seconds("7"), Some(Millis::new(7_000)));
        for bad in ["", "N/A", "-1.0", "1e3", ".5", "99999999999999999999"] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn score_file_parsing_is_defensive() {
        let text = "frame:0    pts:0       pts_time:0\nlavfi.scene_score=0.000000\n\
                    frame:1    pts:33367   pts_time:0.033367\nlavfi.scene_score=0.512\n\
                    garbage\nlavfi.scene_score=nan\n\
                    frame:2    pts:NOPTS   pts_time:NOPTS\n\
                    frame:3 pts:100100\nlavfi.scene_score=7\n";
        let s = parse_scores(text);
        assert_eq!(s.len(), 4);
        assert_eq!(s[1].pts_us, Some(33_367));
        assert_eq!(s[1].scene, 0.512);
        assert_eq!(
            s[2],
            ScoreLine {
                pts_us: None,
                scene: 0.0
            }
        );
        assert_eq!(s[3].scene, 1.0);
        assert!(parse_scores("lavfi.scene_score=0.5\n").is_empty());
    }

    #[test]
    fn timestamps_land_on_frames() {
        let r = FrameRate::FPS_29_97;
        for f in [0i64, 1, 2, 29, 30, 1000, 107_892] {
            // ffmpeg rounds the exact time to the microsecond.
            let us = (f as i128 * 1_001_000_000 + 15_000) / 30_000;
            assert_eq!(frame_of_micros(us as i64, r), f);
        }
        assert_eq!(frame_of_micros(-33_367, r), -1);
        assert_eq!(
            frame_of_micros(i64::MAX, FrameRate::FPS_60),
            553_402_322_211_287
        );
    }

    #[test]
    fn thumbnail_window_compares_across_a_burst() {
        let mut t = ThumbSignals::default();
        for v in [10u8, 10, 250, 250, 12, 12] {
            t.push(vec![v; THUMB_BYTES]);
        }
        assert_eq!(t.diff, vec![0.0, 0.0, 240.0, 0.0, 238.0, 0.0]);
        // Frame 2 starts the flash; frame 1 (10) against frames 3, 4, 5 (250, 12, 12).
        assert_eq!(t.back[2], [Some(240.0), Some(2.0), Some(2.0)]);
        assert_eq!(t.back[0], [None; MAX_FLASH]);
        assert_eq!(t.back[5], [None; MAX_FLASH]);
        // Frame 5 (12) against frames 3, 2, 1 (250, 250, 10).
        assert_eq!(t.motion[5], [Some(238.0), Some(238.0), Some(2.0)]);
        assert_eq!(t.motion[1], [None; MAX_FLASH]);
    }

    #[test]
    fn the_command_line_is_single_threaded_and_absolute() {
        let args = ffmpeg_args(Path::new("ep1: intro.mp4"));
        let text: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let i = text.iter().position(|a| a == "-i").unwrap();
        assert!(Path::new(&text[i + 1]).is_absolute());
        assert_eq!(text.iter().filter(|a| *a == "-threads").count(), 2);
        assert!(text.contains(&"passthrough".to_owned()));
    }

    #[test]
    fn a_missing_program_is_named_with_its_variable() {
        let options = DetectOptions {
            ffprobe: PathBuf::from("/nonexistent/ffprobe"),
            ..DetectOptions::default()
        };
        let err = detect(Path::new("x.mp4"), &options, &|_, _| {}).unwrap_err();
        match &err {
            DetectError::ProgramMissing { tool, .. } => assert_eq!(*tool, Tool::Ffprobe),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err.hint(),
            Some(msg!("hint-install-ffmpeg", variable = "DRAMALOC_FFPROBE"))
        );
    }
}
