//! `bundle` and `validate` end to end on the generated series of `common/series.rs` (100
//! episodes × 10 languages = 1,000 tracks, ≥ 40,000 cues, no planted problems) for a market
//! that takes all ten languages as SRT in UTF-8 with CRLF line endings, zipped (so the
//! WebVTT tracks are converted and every file is rewritten).
//!
//! Run with `cargo bench --bench bundle`. Times the release binary as a user runs it —
//! `dramaloc bundle --market bench` (check every track first, convert, checksum, zip, write)
//! and `dramaloc validate BUNDLE` (read the zip defensively, manifest, checksums, decode,
//! parse and every rule) — medians of 7 runs each, interleaved, by wall time. The issue's
//! target is under 2 s for each on this 2-core machine.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "common/series.rs"]
mod series;
use series::{EPISODES, LANGUAGES, generate};

const RUNS: usize = 7;
const TARGET_WALL_S: f64 = 2.0;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Run the binary; wall seconds and exit code.
fn timed(cwd: &Path, args: &[&str]) -> (f64, i32) {
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_dramaloc"))
        .args(args)
        .current_dir(cwd)
        .env("LANG", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run dramaloc");
    (t.elapsed().as_secs_f64(), status.code().unwrap_or(-1))
}

fn main() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root_buf = tmp.path().to_path_buf();
    let root = root_buf.as_path();
    // DRAMALOC_BENCH_KEEP=1 keeps the generated series for a look at it.
    let _guard = if std::env::var_os("DRAMALOC_BENCH_KEEP").is_some() {
        println!("series kept in {}", tmp.keep().display());
        None
    } else {
        Some(tmp)
    };
    let (tracks, cues, bytes) = generate(root, false);
    let tags: Vec<String> = LANGUAGES
        .iter()
        .map(|(l, _, _)| format!("\"{l}\""))
        .collect();
    std::fs::create_dir_all(root.join("markets")).unwrap();
    std::fs::write(
        root.join("markets/bench.toml"),
        format!(
            "id = \"bench\"\nname = \"Benchmark\"\nlanguages = [{}]\nformat = \"srt\"\n\
             line_endings = \"crlf\"\npackaging = \"zip\"\n\n\
             # The generated lines are random picks, too dense for their cues: relax the\n\
             # reading limits so that the series bundles (every rule still runs).\n\
             [timing]\npreset = \"netflix\"\n[timing.all]\ncps = 60.0\ncpl = 80.0\n",
            tags.join(", ")
        ),
    )
    .unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "bundle benchmark: {EPISODES} episodes × {} languages = {tracks} tracks, {cues} cues, \
         {:.1} MB of subtitles; {cores} cores, medians of {RUNS} runs",
        LANGUAGES.len(),
        bytes as f64 / 1e6
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average before the runs: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let out = root.join("dist/bench.zip");
    let out_s = out.to_str().unwrap();
    // The series must bundle without findings at error severity, and validate clean.
    for args in [
        &["bundle", "--market", "bench", "-o", out_s][..],
        &["validate", out_s][..],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_dramaloc"))
            .args(args)
            .current_dir(root)
            .env("LANG", "C")
            .output()
            .expect("run dramaloc");
        assert!(
            o.status.success(),
            "`dramaloc {}` failed:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .take(40)
                .collect::<Vec<_>>()
                .join("\n"),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let zip_bytes = std::fs::metadata(&out).unwrap().len();

    let (mut b, mut v) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        b.push(timed(root, &["bundle", "--market", "bench", "-o", out_s]).0);
        v.push(timed(root, &["validate", out_s]).0);
    }
    let (bm, vm) = (median(b.clone()), median(v.clone()));
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "bundle   median {bm:.3} s  (runs: {})  → {:.1} MB zip",
        fmt(&b),
        zip_bytes as f64 / 1e6
    );
    println!("validate median {vm:.3} s  (runs: {})", fmt(&v));
    println!(
        "target < {TARGET_WALL_S} s each: bundle {}, validate {}",
        if bm < TARGET_WALL_S { "met" } else { "MISSED" },
        if vm < TARGET_WALL_S { "met" } else { "MISSED" }
    );
}
