//! Headless Chromium for the HTML report tests: find it on `PATH` (failing with the install
//! hint when it is absent) and load a page to its DOM, offline.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium (or Chrome) binary on PATH. Missing is a test failure, not a skip.
pub fn chromium() -> PathBuf {
    const NAMES: [&str; 4] = [
        "chromium",
        "chromium-browser",
        "google-chrome-stable",
        "google-chrome",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "this test renders the HTML report in headless Chromium, which is not installed \
         (looked for {NAMES:?} on PATH): run `apt-get install chromium` (CI installs it)"
    );
}

/// The DOM of `page` after Chromium loaded and laid it out (`--dump-dom`), with a timeout.
pub fn rendered_dom(page: &Path, scratch: &Path) -> String {
    let profile = scratch.join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let dom_file = scratch.join("dom.html");
    let log_file = scratch.join("chromium.log");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            // No name resolves: nothing could be fetched even if the page asked.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .env("HOME", scratch)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&dom_file).unwrap())
        .stderr(std::fs::File::create(&log_file).unwrap())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within 90 s\n{}",
                std::fs::read_to_string(&log_file).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let dom = std::fs::read_to_string(&dom_file).unwrap();
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium failed ({status}):\n{}",
        std::fs::read_to_string(&log_file).unwrap_or_default()
    );
    dom
}
