//! `dramaloc translate --backend command` with a small engine written by the test in Python
//! that speaks the JSON-lines protocol (`docs/translation.md`): a working engine,
//! one that crashes, one that refuses, one that prints garbage, one that hangs, and a program
//! that does not exist.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::Test;
use crate::support::translate::{series, srt_cues};

/// The engine: `engine.py MODE LOG`. Every start and every request is appended to LOG.
const ENGINE: &str = r#"
import json, re, sys, time

mode, log = sys.argv[1], sys.argv[2]

def note(text):
    with open(log, "a") as f:
        f.write(text + "\n")

note("start")
for line in sys.stdin:
    req = json.loads(line)
    note("request %d %d" % (req["id"], len(req["units"])))
    if mode == "die":
        sys.stderr.write("engine crashed: model file missing\n")
        sys.stderr.flush()
        sys.exit(3)
    if mode == "refuse":
        print(json.dumps({"id": req["id"], "error": {"message": "language pair not licensed", "retry": False}}), flush=True)
        continue
    if mode == "garbage":
        print("loading model weights...", flush=True)
        continue
    if mode == "hang":
        time.sleep(30)
    out = []
    for u in req["units"]:
        t = u["text"]
        for term in req["terms"]:
            t = t.replace(term["source"], term["target"] + ": ")
        t = re.sub(r"第(\d+)集第(\d+)句话?", r"episode \1, line \2", t)
        out.append({"id": u["id"], "text": "EN " + t})
    # A stale answer to another request first: it must be skipped.
    print(json.dumps({"id": req["id"] + 1000, "translations": []}), flush=True)
    print(json.dumps({"id": req["id"], "translations": out, "billed": 7}), flush=True)
"#;

/// `python3`, or a test failure that says it is needed.
fn python() -> &'static str {
    let ok = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "these tests need python3 on PATH (Debian: apt-get install python3)"
    );
    "python3"
}

/// A series whose `[translate.command]` runs the engine in `mode`; returns the root and the
/// engine's log.
fn setup(dir: &Path, mode: &str, cues: usize, extra: &str) -> (PathBuf, PathBuf) {
    let engine = dir.join("engine.py");
    std::fs::write(&engine, ENGINE).unwrap();
    let log = dir.join("engine.log");
    let program = serde_json::to_string(&[
        python(),
        engine.to_str().unwrap(),
        mode,
        log.to_str().unwrap(),
    ])
    .unwrap();
    let root = series(
        dir,
        1,
        cues,
        &format!(
            "[translate.command]\nprogram = {program}\nretries = 2\nmax_backoff = 0.05\n{extra}"
        ),
    );
    (root, log)
}

fn log_lines(log: &Path, prefix: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with(prefix))
        .count()
}

fn translate(root: &Path) -> Test {
    Test::new()
        .args([
            "--format",
            "json",
            "translate",
            "--to",
            "en-US",
            "--backend",
            "command",
        ])
        .cwd(root)
}

#[test]
fn an_engine_translates_every_cue_and_is_started_once() {
    let dir = tempfile::tempdir().unwrap();
    let (root, log) = setup(dir.path(), "ok", 12, "batch = 4\n");
    let run = translate(&root).code(0);
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let s = &v["languages"][0];
    assert_eq!(
        (s["translated"].as_u64(), s["requests"].as_u64()),
        (Some(12), Some(3)),
        "{s}"
    );
    assert_eq!(s["billed"].as_u64(), Some(21), "{s}");
    assert_eq!(log_lines(&log, "start"), 1, "one engine for the whole run");
    assert_eq!(log_lines(&log, "request"), 3);
    let source = srt_cues(&root.join("episodes/001/zh-Hans.srt"));
    let target = srt_cues(&root.join("episodes/001/en-US.srt"));
    assert_eq!(target.len(), 12);
    for (c, ((st, _), (tt, text))) in source.iter().zip(&target).enumerate() {
        assert_eq!(st, tt);
        let core = if c % 5 == 4 {
            format!("EN Wen Yiming: episode 1, line {c}")
        } else {
            format!("EN episode 1, line {c}")
        };
        let want = match c {
            0 => format!("{{\\an8}}{core}"),
            _ if c % 7 == 6 => format!("<i>{core}</i>"),
            _ => core,
        };
        assert_eq!(text.replace('\n', " "), want, "cue {c}");
    }
}

#[test]
fn an_engine_that_dies_is_restarted_then_the_run_stops_with_its_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let (root, log) = setup(dir.path(), "die", 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "command"])
        .cwd(&root)
        .code(2);
    assert!(
        run.stderr.contains("engine crashed: model file missing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("exit status: 3"), "{}", run.stderr);
    assert_eq!(
        log_lines(&log, "start"),
        3,
        "the request and two retries, each with a new engine"
    );
}

#[test]
fn an_engine_error_without_retry_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let (root, log) = setup(dir.path(), "refuse", 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "command"])
        .cwd(&root)
        .code(2);
    assert!(
        run.stderr.contains("language pair not licensed"),
        "{}",
        run.stderr
    );
    assert_eq!(log_lines(&log, "request"), 1);
}

#[test]
fn a_line_that_is_not_json_is_retried_then_stops() {
    let dir = tempfile::tempdir().unwrap();
    let (root, log) = setup(dir.path(), "garbage", 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "command"])
        .cwd(&root)
        .code(2);
    assert!(
        run.stderr.contains("not JSON") && run.stderr.contains("loading model weights"),
        "{}",
        run.stderr
    );
    assert_eq!(log_lines(&log, "start"), 3);
}

#[test]
fn an_engine_that_hangs_is_stopped_after_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let (root, log) = setup(dir.path(), "hang", 3, "timeout = 0.5\n");
    let started = std::time::Instant::now();
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "command"])
        .cwd(&root)
        .code(2);
    assert!(run.stderr.contains("did not answer"), "{}", run.stderr);
    assert_eq!(log_lines(&log, "start"), 3);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_program_that_does_not_exist_stops_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = series(
        dir.path(),
        1,
        2,
        "[translate.command]\nprogram = [\"/nonexistent/dramaloc-engine-xyz\", \"--fast\"]\n",
    );
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "command"])
        .cwd(&root)
        .code(2);
    assert!(
        run.stderr.contains("/nonexistent/dramaloc-engine-xyz"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("No such file"), "{}", run.stderr);
}
