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

fn run(videos: &[PathBuf], options: &DetectOptions, jobs: usize) -> (Duration, Vec<Detection>) {
    let started = Instant::now();
    let results = detect_many(videos, options, jobs, &());
    let elapsed = started.elapsed();
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
    let mut reference: Option<Vec<Detection>> = None;
    for i in 0..RUNS {
        let (p, dp) = run(&paths, &options, cores);
        let (s, ds) = run(&paths, &options, 1);
        assert_eq!(dp, ds, "the two modes must find the same cuts");
        if let Some(r) = &reference {
            assert_eq!(r, &dp, "every run must find the same cuts");
        }
        reference = Some(dp);
        eprintln!("run {}: jobs={cores} {p:.2?}, jobs=1 {s:.2?}", i + 1);
        parallel.push(p);
        serial.push(s);
    }
    let cuts: usize = reference.iter().flatten().map(|d| d.cuts.len()).sum();
    let truth: usize = plans.iter().map(|p| p.truth().cuts.len()).sum();
    let (p, s) = (median(parallel), median(serial));
    let fps = |d: Duration| frames as f64 / d.as_secs_f64();
    println!(
        "cuts_detect: {EPISODES} episodes, {frames} frames 1080x1920, {cuts} cuts found ({truth} hard cuts made)"
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
}
