//! `cuts detect` over a series: 8 generated 1080×1920 episodes (12 s each, hard cuts, a
//! crossfade and a flash, 30 and 30000/1001 fps), detected with `jobs` = the number of cores
//! and with `jobs` = 1 (the same function, one episode after the other). Runs alternate between
//! the two so that a change in machine load hits both alike; prints the median wall time of
//! each, the speed-up, and decoded frames per second.
//!
//! Run with `cargo bench --bench cuts_detect` (needs ffmpeg and ffprobe on `PATH`, or
//! `DRAMALOC_FFMPEG` / `DRAMALOC_FFPROBE`).

#[path = "../tests/cuts_detect/videos.rs"]
mod videos;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dramaloc::cuts::detect::{DetectOptions, Detection, detect_many};

const EPISODES: usize = 8;
const SECONDS: u32 = 12;
const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// CPU time used so far by this process and its finished children (ffmpeg, ffprobe), from
/// `/proc/self/stat` (Linux; `None` elsewhere). Shows how many cores a run really got: on a
/// machine shared with other work the wall-time speed-up is capped by that, not by the code.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<u64> = rest
        .split_whitespace()
        .skip(11)
        .take(4)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    // utime, stime, cutime, cstime in clock ticks (100 per second on Linux).
    Some(Duration::from_millis(fields.iter().sum::<u64>() * 10))
}

struct Timing {
    wall: Duration,
    /// Cores in use on average (CPU time / wall time).
    cores: Option<f64>,
}

fn run(videos: &[PathBuf], options: &DetectOptions, jobs: usize) -> (Timing, Vec<Detection>) {
    let cpu_before = cpu_time();
    let started = Instant::now();
    let results = detect_many(videos, options, jobs, &());
    let wall = started.elapsed();
    let cores = cpu_before
        .zip(cpu_time())
        .map(|(a, b)| (b - a).as_secs_f64() / wall.as_secs_f64());
    let elapsed = Timing { wall, cores };
    let detections = results
        .into_iter()
        .zip(videos)
        .map(|(r, v)| r.unwrap_or_else(|e| panic!("{}: {e}", v.display())))
        .collect();
    (elapsed, detections)
}

fn main() {
    videos::require_ffmpeg();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let dir = tempfile::tempdir().expect("temporary folder");
    let plans: Vec<videos::Plan> = (0..EPISODES)
        .map(|i| {
            let rate = if i % 2 == 0 { (30, 1) } else { (30000, 1001) };
            videos::Plan::mixed(rate, SECONDS, i as u64 + 1, 30, 1 + i as u32 % 2)
        })
        .collect();
    let paths: Vec<PathBuf> = (0..EPISODES)
        .map(|i| dir.path().join(format!("EP{:03}.mp4", i + 1)))
        .collect();
    let started = Instant::now();
    // Render `cores` videos at a time.
    for (plans, paths) in plans.chunks(cores).zip(paths.chunks(cores)) {
        std::thread::scope(|s| {
            for (plan, path) in plans.iter().zip(paths) {
                s.spawn(move || plan.render(path));
            }
        });
    }
    let frames: i64 = plans.iter().map(|p| p.truth().frames).sum();
    eprintln!(
        "generated {EPISODES} episodes of {SECONDS} s at 1080x1920 ({frames} frames) in {:.1?}",
        started.elapsed()
    );

    let options = DetectOptions::from_env();
    let (mut parallel, mut serial) = (Vec::new(), Vec::new());
    let (mut parallel_cores, mut serial_cores) = (Vec::new(), Vec::new());
    let mut reference: Option<Vec<Detection>> = None;
    for i in 0..RUNS {
        let (p, dp) = run(&paths, &options, cores);
        let (s, ds) = run(&paths, &options, 1);
        assert_eq!(dp, ds, "the two modes must find the same cuts");
        if let Some(r) = &reference {
            assert_eq!(r, &dp, "every run must find the same cuts");
        }
        reference = Some(dp);
        let shown =
            |c: Option<f64>| c.map_or_else(String::new, |c| format!(" ({c:.2} cores busy)"));
        eprintln!(
            "run {}: jobs={cores} {:.2?}{}, jobs=1 {:.2?}{}",
            i + 1,
            p.wall,
            shown(p.cores),
            s.wall,
            shown(s.cores)
        );
        parallel.push(p.wall);
        serial.push(s.wall);
        parallel_cores.extend(p.cores);
        serial_cores.extend(s.cores);
    }
    // Quality on these videos too (±1 frame; a cut inside a fade counts neither way).
    let mut score = videos::Score::default();
    for (plan, d) in plans.iter().zip(reference.iter().flatten()) {
        let found: Vec<i64> = d
            .cuts
            .cuts()
            .iter()
            .map(|&t| d.frame_rate.millis_to_frame(t))
            .collect();
        score.add(&found, &plan.truth(), 1);
    }
    let (p, s) = (median(parallel), median(serial));
    let fps = |d: Duration| frames as f64 / d.as_secs_f64();
    println!(
        "cuts_detect: {EPISODES} episodes, {frames} frames 1080x1920; precision {:.1} %, recall {:.1} % \
         ({} right, {} false, {} missed, ±1 frame)",
        score.precision() * 100.0,
        score.recall() * 100.0,
        score.true_positives,
        score.false_positives,
        score.missed
    );
    println!(
        "  jobs={cores:<3} median {:>7.2} s  {:>6.0} frames/s",
        p.as_secs_f64(),
        fps(p)
    );
    println!(
        "  jobs=1   median {:>7.2} s  {:>6.0} frames/s",
        s.as_secs_f64(),
        fps(s)
    );
    println!(
        "  speed-up jobs={cores} over jobs=1: {:.2}x (medians of {RUNS} runs each)",
        s.as_secs_f64() / p.as_secs_f64()
    );
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    if !parallel_cores.is_empty() {
        println!(
            "  cores busy on average: jobs={cores} {:.2}, jobs=1 {:.2} (below {cores} and 1: other work on the machine)",
            mean(&parallel_cores),
            mean(&serial_cores)
        );
    }
}
