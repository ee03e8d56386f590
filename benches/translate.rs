//! `dramaloc translate` against a fake DeepL-like server: 100 episodes × 40 cues (4,000
//! distinct lines) into one language, the server answering after 150 ms, taking 50 texts per
//! request and refusing (429) more than 10 requests in any second. The rate-limit bound is
//! 80 requests / 10 per second = 8 s; the target is at most 1.2× that (9.6 s), exactly 80
//! requests, and a second run making none (the memory answers).
//!
//! Run with `cargo bench --bench translate`. The release binary runs as a user runs it; the
//! fake runs in this process on 127.0.0.1. Three fresh series, median wall time.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../tests/support/fakedeepl.rs"]
mod fakedeepl;
#[allow(dead_code)]
#[path = "../tests/support/fakehttp.rs"]
mod fakehttp;

const EPISODES: usize = 100;
const CUES: usize = 40;
const RUNS: usize = 3;
const KEY: &str = "bench-key:fx";

fn write_series(root: &Path, url: &str) {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(
        root.join("series.toml"),
        format!(
            "id = \"bench\"\ntitle = \"Bench\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30\"\nresolution = \"1080x1920\"\n\n[translate]\nbackend = \"deepl\"\n\n[translate.deepl]\nbase_url = \"{url}\"\nrate = 10.0\nconcurrency = 4\nbatch = 50\n"
        ),
    )
    .unwrap();
    for e in 1..=EPISODES {
        let dir = root.join(format!("episodes/{e:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut srt = String::new();
        for c in 0..CUES {
            let s = c * 2000 + 500;
            srt.push_str(&format!(
                "{}\n00:{:02}:{:02},{:03} --> 00:{:02}:{:02},{:03}\n第{e}集的第{c}句台词，她说茶不对。\n\n",
                c + 1,
                s / 60_000,
                s / 1000 % 60,
                s % 1000,
                (s + 1500) / 60_000,
                (s + 1500) / 1000 % 60,
                (s + 1500) % 1000
            ));
        }
        std::fs::write(dir.join("zh-Hans.srt"), srt).unwrap();
    }
}

fn run(root: &Path, force: bool) -> f64 {
    let t = Instant::now();
    let mut args = vec!["-q", "translate", "--to", "en-US"];
    if force {
        args.push("--force");
    }
    let status = Command::new(env!("CARGO_BIN_EXE_dramaloc"))
        .args(&args)
        .current_dir(root)
        .env("LANG", "C")
        .env("DEEPL_AUTH_KEY", KEY)
        .stdout(Stdio::null())
        .status()
        .expect("run dramaloc");
    assert!(status.success(), "dramaloc translate failed");
    t.elapsed().as_secs_f64()
}

fn main() {
    let mut walls = Vec::new();
    for i in 0..RUNS {
        let mut fake = fakedeepl::DeeplFake::new(KEY);
        fake.latency = Duration::from_millis(150);
        fake.max_texts = 50;
        // 10 requests/s with a burst of 2: at most 10·t + 2 requests in any t seconds.
        fake.rate = Some((10.0, 2.0));
        let fake = Arc::new(fake);
        let server = fakehttp::FakeServer::start(fake.clone().handler());
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("series");
        write_series(&root, &server.url());
        let wall = run(&root, false);
        let requests = server.requests();
        let translate: Vec<_> = requests
            .iter()
            .filter(|r| r.path == "/v2/translate")
            .collect();
        let texts = fake.answered.lock().unwrap().len();
        let before = requests.len();
        let second = run(&root, true);
        let again = server.requests().len() - before;
        println!(
            "run {}: {:.3} s wall, {} translate requests ({} texts answered, {} requests in all), second run {:.3} s with {} requests",
            i + 1,
            wall,
            translate.len(),
            texts,
            before,
            second,
            again
        );
        assert_eq!(translate.len(), 80, "exactly 80 requests");
        assert_eq!(again, 0, "the second run is answered by the memory");
        walls.push(wall);
    }
    walls.sort_by(f64::total_cmp);
    let median = walls[walls.len() / 2];
    println!(
        "translate 4,000 lines, 150 ms latency, 50 texts/request, 10 requests/s: median {median:.3} s over {RUNS} runs (bound 8 s, target ≤ 9.6 s: {:.2}× the bound)",
        median / 8.0
    );
}
