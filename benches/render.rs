//! `dramaloc render` against the same ffmpeg commands run by hand, one after the other: 8
//! generated episodes of 60 s, 1080×1920 at 30 fps with AAC audio, an English track of 30 cues
//! each, rendered with the built-in `tiktok` spec (x264 `medium`, CRF 20).
//!
//! - **dramaloc**: the release binary, `render --market tiktok --lang en-US --force`, as a user
//!   runs it (planning, ffprobe, hashing, fonts, renders in parallel with the cores shared out).
//! - **by hand**: for each episode the very command line dramaloc runs (`render::run::ffmpeg_args`,
//!   same ASS document and fonts), minus `-threads` and `-progress`, so that ffmpeg picks its
//!   own threading as it does when a person types the command; one after the other.
//! - **interrupted, then resumed**: a run killed (SIGKILL to its process group, ffmpeg
//!   included) once half the renders are finished, then a second run: it must render only
//!   what was unfinished and report the rest current.
//!
//! Runs alternate between the two ways so that a change in machine load hits both alike; the
//! medians are printed with frames per second. Run with `cargo bench --bench render`; set
//! `DRAMALOC_BENCH_RUNS` (default 1: one run of each takes several minutes on 2 cores),
//! `DRAMALOC_BENCH_EPISODES` and `DRAMALOC_BENCH_SECONDS` for other sizes, and
//! `DRAMALOC_BENCH_ONLY_RESUME=1` for the interrupted run alone. Needs ffmpeg,
//! ffprobe and the Noto fonts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dramaloc::markets;
use dramaloc::render::fonts::Fonts;
use dramaloc::render::plan::{self, Selection};
use dramaloc::render::run::{self, Encoder};
use dramaloc::workspace::Workspace;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn require(program: &str) {
    let ok = Command::new(program)
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{program} is needed for this benchmark: apt-get install ffmpeg"
    );
}

/// A 1080×1920 30 fps clip with moving detail and a tone, cached between runs of the bench.
fn clip(dir: &Path, episode: usize, seconds: usize) -> PathBuf {
    let path = dir.join(format!("EP{episode:03}-{seconds}s.mp4"));
    if path.is_file() {
        return path;
    }
    let tmp = dir.join(format!(".EP{episode:03}-{seconds}s.tmp.mp4"));
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc2=s=1080x1920:r=30:d={seconds}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!(
            "sine=f={}:sample_rate=48000:d={seconds}",
            300 + 40 * episode
        ))
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "18",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-shortest",
        ])
        .arg(&tmp)
        .status()
        .expect("run ffmpeg");
    assert!(status.success(), "ffmpeg could not make {}", path.display());
    std::fs::rename(&tmp, &path).expect("rename clip");
    path
}

fn write_series(root: &Path, clips: &[PathBuf], seconds: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_dramaloc"))
        .args(["init"])
        .arg(root)
        .args(["--title", "Bench", "--source-lang", "zh-Hans"])
        .stdout(Stdio::null())
        .status()
        .expect("run dramaloc init");
    assert!(status.success());
    let lines = [
        "You came back to Wuling?",
        "The tea is not what it was.",
        "Who sold the northern slope?",
        "I kept every letter, Mother.",
        "Then tell me the truth.",
    ];
    for (i, clip) in clips.iter().enumerate() {
        let dir = root.join("episodes").join(format!("{:03}", i + 1));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("episode.toml"),
            format!("video = {:?}\n", clip.display().to_string()),
        )
        .unwrap();
        let mut srt = String::new();
        for n in 0..(seconds / 2) {
            let start = n * 2000 + 100;
            let end = start + 1700;
            let t = |ms: usize| {
                format!(
                    "00:{:02}:{:02},{:03}",
                    ms / 60_000,
                    ms / 1000 % 60,
                    ms % 1000
                )
            };
            srt.push_str(&format!(
                "{}\n{} --> {}\n{}\n\n",
                n + 1,
                t(start),
                t(end),
                lines[(n + i) % lines.len()]
            ));
        }
        std::fs::write(dir.join("en-US.srt"), srt).unwrap();
    }
}

fn dramaloc(root: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dramaloc"));
    cmd.arg("-C")
        .arg(root)
        .args([
            "--format", "json", "render", "--market", "tiktok", "--lang", "en-US",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    cmd
}

/// `(rendered, current)` counts from the JSON of a run.
fn statuses(stdout: &[u8]) -> (usize, usize) {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("render JSON");
    let renders = v["renders"].as_array().expect("renders list");
    let count = |s: &str| renders.iter().filter(|r| r["status"] == s).count();
    (count("rendered"), count("current"))
}

fn run_ours(root: &Path) -> Duration {
    let started = Instant::now();
    let out = dramaloc(root, &["--force"]).output().expect("run dramaloc");
    let wall = started.elapsed();
    assert!(out.status.success(), "dramaloc render failed");
    wall
}

fn run_by_hand(root: &Path, out_dir: &Path) -> Duration {
    let ws = Workspace::discover(root).expect("series");
    let market = markets::find(ws.root(), "tiktok").expect("tiktok spec");
    let burn = market.spec.burn_in.clone().expect("tiktok burns in");
    let fonts = Fonts::system();
    let selection = Selection {
        episodes: None,
        languages: Some(vec![dramaloc::model::Language::parse("en-US").unwrap()]),
    };
    let plan = plan::plan(&ws, &market, &fonts, &selection, Path::new("ffprobe")).expect("plan");
    let encoder = Encoder {
        ffmpeg: "ffmpeg".into(),
        ffprobe: "ffprobe".into(),
        crf: burn.crf,
        preset: burn.preset.clone(),
    };
    // The work folders are made before the clock starts: a person would have them ready.
    let prepared: Vec<_> = plan
        .jobs
        .iter()
        .map(|job| {
            (
                job,
                run::work_dir(&job.ass, &job.font_files).expect("work folder"),
            )
        })
        .collect();
    let started = Instant::now();
    for (job, work) in &prepared {
        let out = out_dir.join(job.output.file_name().unwrap());
        let mut args = run::ffmpeg_args(&encoder, &job.video, &out, 1);
        // As typed by hand: ffmpeg's own threading and no progress pipe.
        let mut i = 0;
        while i < args.len() {
            if args[i] == "-threads" || args[i] == "-progress" {
                args.drain(i..i + 2);
            } else {
                i += 1;
            }
        }
        let status = Command::new("ffmpeg")
            .current_dir(work.path())
            .args(&args)
            .stdout(Stdio::null())
            .status()
            .expect("run ffmpeg");
        assert!(status.success(), "ffmpeg by hand failed");
    }
    started.elapsed()
}

/// Kill a run once `finished` renders are done; then resume. Returns what the resumed run did
/// and how long it took.
fn interrupted_then_resumed(root: &Path, episodes: usize, finished: usize) {
    let _ = std::fs::remove_dir_all(root.join("renders"));
    let _ = std::fs::remove_dir_all(root.join(".dramaloc").join("renders"));
    let keys = root.join(".dramaloc").join("renders").join("tiktok");
    let mut cmd = dramaloc(root, &[]);
    cmd.stdout(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().expect("run dramaloc");
    let started = Instant::now();
    // Recorded keys only (not the temporary file a key is written through).
    let done = |dir: &Path| {
        std::fs::read_dir(dir).map_or(0, |d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".key"))
                .count()
        })
    };
    while done(&keys) < finished {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the run ended before it was interrupted"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let killed_after = started.elapsed();
    // `--` so that the negative number is read as a process group, not as an option.
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    let finals_at_kill = done(&keys);
    let resumed = Instant::now();
    let out = dramaloc(root, &[]).output().expect("resume");
    let wall = resumed.elapsed();
    assert!(out.status.success(), "resumed run failed");
    let (rendered, current) = statuses(&out.stdout);
    println!(
        "interrupted after {:.1} s with {finals_at_kill}/{episodes} renders finished; resumed run: {rendered} rendered, {current} current, {:.1} s",
        killed_after.as_secs_f64(),
        wall.as_secs_f64()
    );
    assert_eq!(
        current, finals_at_kill,
        "finished renders must stay current"
    );
    assert_eq!(
        rendered,
        episodes - finals_at_kill,
        "only the unfinished renders are made again"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root.join("renders").join("tiktok"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn main() {
    require("ffmpeg");
    require("ffprobe");
    let episodes = env_number("DRAMALOC_BENCH_EPISODES", 8);
    let seconds = env_number("DRAMALOC_BENCH_SECONDS", 60);
    let runs = env_number("DRAMALOC_BENCH_RUNS", 1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-render-clips");
    std::fs::create_dir_all(&cache).unwrap();
    let clips: Vec<PathBuf> = (1..=episodes).map(|e| clip(&cache, e, seconds)).collect();
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("series");
    write_series(&root, &clips, seconds);
    let hand_out = dir.path().join("by-hand");
    std::fs::create_dir_all(&hand_out).unwrap();
    let frames = (episodes * seconds * 30) as f64;
    println!(
        "render: {episodes} episodes × {seconds} s, 1080×1920 @ 30 fps ({frames} frames), tiktok spec (x264 medium, CRF 20), {cores} cores, {runs} run(s) each"
    );
    let (mut ours, mut hand) = (Vec::new(), Vec::new());
    // `DRAMALOC_BENCH_ONLY_RESUME=1`: only the interrupted-then-resumed run.
    if std::env::var_os("DRAMALOC_BENCH_ONLY_RESUME").is_some() {
        interrupted_then_resumed(&root, episodes, episodes.div_ceil(2));
        return;
    }
    for run in 0..runs {
        let o = run_ours(&root);
        let h = run_by_hand(&root, &hand_out);
        println!(
            "  run {}: dramaloc {:.1} s ({:.1} fps), by hand {:.1} s ({:.1} fps)",
            run + 1,
            o.as_secs_f64(),
            frames / o.as_secs_f64(),
            h.as_secs_f64(),
            frames / h.as_secs_f64()
        );
        ours.push(o);
        hand.push(h);
    }
    let (o, h) = (median(ours), median(hand));
    println!(
        "median: dramaloc {:.1} s ({:.1} fps), by hand {:.1} s ({:.1} fps): dramaloc / by hand = {:.3}",
        o.as_secs_f64(),
        frames / o.as_secs_f64(),
        h.as_secs_f64(),
        frames / h.as_secs_f64(),
        o.as_secs_f64() / h.as_secs_f64()
    );
    let second = Instant::now();
    let out = dramaloc(&root, &[]).output().expect("second run");
    let (rendered, current) = statuses(&out.stdout);
    println!(
        "unchanged second run: {rendered} rendered, {current} current, {:.2} s",
        second.elapsed().as_secs_f64()
    );
    interrupted_then_resumed(&root, episodes, episodes.div_ceil(2));
}
