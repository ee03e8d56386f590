//! Whole-series check on a generated series the size DESIGN.md §1 plans for: 100 episodes ×
//! 10 languages (zh-Hans source + 9 targets) = 1,000 tracks, 40–50 cues per track (≥ 40,000
//! cues), shot changes every 2–3 s, a few planted problems.
//!
//! Run with `cargo bench --bench check`. Times `dramaloc::check::check_series` — find the
//! episodes, read, decode and parse every track and cut list, run every rule — with as many
//! jobs as cores and with one job, runs interleaved, medians of 7 runs each, by wall time and
//! by process CPU time (user + system of all threads, from /proc/self/stat). CPU / wall near
//! the number of jobs shows the cores are busy; a spin test before and after says how many
//! cores the process could get at all on a machine shared with other work. Then renders the reports (JSON, JUnit, HTML) of the result
//! and prints their sizes.

use std::time::Instant;

use dramaloc::check::{self, Selection, Settings};
use dramaloc::diagnostics::html::HtmlOptions;
use dramaloc::diagnostics::{Report, Severity, html, json, junit};
use dramaloc::workspace::Workspace;

#[path = "common/series.rs"]
mod series;
use series::{EPISODES, LANGUAGES, generate};

const RUNS: usize = 7;
/// The target for the whole check on a 2-core machine.
const TARGET_WALL_S: f64 = 1.0;

/// CPU time (user + system) of the whole process, all threads, live or finished, in seconds.
/// `/proc/self/stat` counts in clock ticks of 1/100 s on Linux (USER_HZ); NaN elsewhere.
fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which may contain spaces) start at field 3 (state).
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    match (tick(11), tick(12)) {
        (Some(utime), Some(stime)) => (utime + stime) / 100.0,
        _ => f64::NAN,
    }
}

/// How many cores this process gets right now: `jobs` threads spin for 300 ms; process CPU
/// time over wall time. On a machine shared with other work this is below `jobs`, and the
/// check's CPU/wall ratio should be read against it.
fn cpu_available(jobs: usize) -> f64 {
    let c = process_cpu_seconds();
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                let mut x = 0u64;
                while t.elapsed().as_millis() < 300 {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
            });
        }
    });
    (process_cpu_seconds() - c) / t.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Timing {
    wall: f64,
    cpu: f64,
    min: f64,
    max: f64,
}

/// Samples of one configuration.
#[derive(Default)]
struct Samples {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Samples {
    fn timing(&self) -> Timing {
        Timing {
            wall: median(self.wall.clone()),
            cpu: median(self.cpu.clone()),
            min: self.wall.iter().copied().fold(f64::INFINITY, f64::min),
            max: self.wall.iter().copied().fold(0.0, f64::max),
        }
    }
}

/// `RUNS` timed checks with each number of jobs, interleaved (N, 1, N, 1, …) so that load
/// from other work on a shared machine falls on both alike. Returns the timings and the last
/// report of each.
fn measure(ws: &Workspace, settings: &Settings, jobs: &[usize]) -> Vec<(Timing, Report)> {
    let selection = Selection::default();
    let run =
        |j: usize| check::check_series(ws, settings, &selection, j, None).expect("check runs");
    let mut reports: Vec<Report> = jobs.iter().map(|&j| run(j)).collect(); // warm-up
    let mut samples: Vec<Samples> = jobs.iter().map(|_| Samples::default()).collect();
    for _ in 0..RUNS {
        for (i, &j) in jobs.iter().enumerate() {
            let c = process_cpu_seconds();
            let t = Instant::now();
            let r = std::hint::black_box(run(j));
            samples[i].wall.push(t.elapsed().as_secs_f64());
            samples[i].cpu.push(process_cpu_seconds() - c);
            reports[i] = r;
        }
    }
    samples.iter().map(Samples::timing).zip(reports).collect()
}

fn print_timing(jobs: usize, t: &Timing, report: &Report) {
    let s = report.summary();
    println!(
        "jobs={jobs}: wall median {:.3} s (min {:.3}, max {:.3}), cpu median {:.3} s, cpu/wall {:.2}  \
         [{} files, {} cues, {} errors, {} warnings, {} info]",
        t.wall,
        t.min,
        t.max,
        t.cpu,
        t.cpu / t.wall,
        s.files,
        s.cues,
        s.errors,
        s.warnings,
        s.infos
    );
}

fn main() {
    let cores = dramaloc::parallel::jobs(None);
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    let (tracks, cues, bytes) = generate(dir.path(), true);
    println!(
        "check benchmark: {EPISODES} episodes × {} languages = {tracks} tracks, {cues} cues, \
         {:.1} MB of subtitles (generated in {:.2} s); {cores} cores, medians of {RUNS} runs",
        LANGUAGES.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    assert!(cues >= 40_000, "the series must have at least 40,000 cues");
    // Other work on the machine steals the cores from this benchmark: say how much there was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average before the runs: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let ws = Workspace::discover(dir.path()).expect("series");
    let settings = Settings::for_series(&ws.file, &ws.series_file(), None, None).expect("settings");
    println!(
        "cores this process gets right now (spin test): {:.2} of {cores}",
        cpu_available(cores)
    );
    let mut results = measure(&ws, &settings, &[cores, 1]).into_iter();
    let (parallel, report) = results.next().expect("jobs=cores");
    let (serial, serial_report) = results.next().expect("jobs=1");
    print_timing(cores, &parallel, &report);
    print_timing(1, &serial, &serial_report);
    println!(
        "cores this process gets right now (spin test): {:.2} of {cores}",
        cpu_available(cores)
    );
    assert_eq!(
        report.summary(),
        serial_report.summary(),
        "the same findings with any number of jobs"
    );
    println!(
        "speed-up jobs={cores} over jobs=1: {:.2}x by wall time; target < {TARGET_WALL_S} s wall: {}",
        serial.wall / parallel.wall,
        if parallel.wall < TARGET_WALL_S {
            "met"
        } else {
            "NOT met"
        }
    );
    let errors_by_rule = {
        let mut m = std::collections::BTreeMap::<&str, usize>::new();
        for f in report.tracks.iter().flat_map(|t| t.active()) {
            if f.severity > Severity::Info {
                *m.entry(f.rule).or_default() += 1;
            }
        }
        m
    };
    println!("errors and warnings by rule: {errors_by_rule:?}");

    // The reports of this run.
    let render = |m: &dramaloc::message::Message| dramaloc::i18n::tr(m);
    // CHECK_BENCH_OUT=DIR keeps the reports, to look at them.
    let keep = std::env::var_os("CHECK_BENCH_OUT").map(std::path::PathBuf::from);
    let timed = |name: &str, f: &dyn Fn() -> String| {
        let t = Instant::now();
        let text = f();
        println!(
            "report {name:<9} {:>6.2} MB in {:>4.0} ms",
            text.len() as f64 / 1e6,
            t.elapsed().as_secs_f64() * 1000.0
        );
        if let Some(dir) = &keep {
            let file = format!("report-{}", name.replace(" -", "-"));
            std::fs::write(dir.join(file), text).expect("write the report");
        }
    };
    let t = Instant::now();
    let rendered: usize = report
        .tracks
        .iter()
        .flat_map(|t| &t.findings)
        .map(|f| render(&f.message).len() + f.hint.as_ref().map_or(0, |h| render(h).len()))
        .sum();
    println!(
        "rendering every finding's message and hint (Fluent): {:.0} ms ({rendered} bytes)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    timed("json", &|| json::to_json(&report, &render).to_string());
    timed("junit", &|| junit::to_junit(&report, &render, false));
    for (name, include_info) in [("html", false), ("html -v", true)] {
        timed(name, &|| {
            html::to_html(
                &report,
                &render,
                &HtmlOptions {
                    locale: "en-US",
                    include_info,
                    previews: &[],
                },
            )
        });
    }
}

// The same allocator as the `dramaloc` binary (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
