//! Ctrl-C during `render`: the first SIGINT to the process group (what a terminal sends) stops
//! the ffmpeg children, removes their temporary files and ends with exit 130; SIGTERM to
//! dramaloc alone does the same. No final video and no temporary file is left.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::media::require_ffmpeg;

fn series(dir: &Path) {
    let clip = dir.join("clip.mp4");
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc2=s=1080x1920:r=30:d=20")
        .args([
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=48000:cl=stereo",
            "-t",
            "20",
        ])
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-shortest",
        ])
        .arg(&clip)
        .status()
        .expect("run ffmpeg");
    assert!(status.success(), "ffmpeg could not make the clip");
    let root = dir.join("s");
    let ep = root.join("episodes").join("001");
    std::fs::create_dir_all(&ep).unwrap();
    std::fs::write(
        root.join("series.toml"),
        "id = \"s\"\ntitle = \"S\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30\"\nresolution = \"1080x1920\"\n",
    )
    .unwrap();
    std::fs::write(ep.join("episode.toml"), "video = \"../../../clip.mp4\"\n").unwrap();
    std::fs::write(
        ep.join("en-US.srt"),
        "1\n00:00:01,000 --> 00:00:03,000\nWho sold the northern slope?\n",
    )
    .unwrap();
    std::fs::write(
        ep.join("zh-Hans.srt"),
        "1\n00:00:01,000 --> 00:00:03,000\n北坡是谁卖的？\n",
    )
    .unwrap();
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Start a slow render in its own process group, wait for ffmpeg's temporary files, send
/// `signal` to the group or to dramaloc alone, and return the exit code.
fn interrupt(root: &Path, signal: &str, group: bool) -> i32 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dramaloc"));
    cmd.args(["render", "--market", "tiktok", "--lang", "en-US,zh-Hans"])
        .args(["--preset", "veryslow", "--force"])
        .current_dir(root)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LANG", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().expect("run dramaloc");
    let out = root.join("renders").join("tiktok");
    let started = Instant::now();
    while !entries(&out).iter().any(|n| n.ends_with(".dramaloc-tmp")) {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "render ended before it was interrupted: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no render started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let target = if group {
        format!("-{}", child.id())
    } else {
        child.id().to_string()
    };
    // `--` so that a negative number is read as a process group.
    let sent = Command::new("kill")
        .args(["-s", signal, "--", &target])
        .status()
        .unwrap();
    assert!(sent.success());
    let out_err = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out_err.stderr).into_owned();
    assert!(stderr.contains("interrupted"), "{stderr}");
    out_err.status.code().unwrap_or(-1)
}

#[test]
fn ctrl_c_and_sigterm_stop_cleanly_with_exit_130() {
    require_ffmpeg();
    let dir = tempfile::tempdir().unwrap();
    series(dir.path());
    let root = dir.path().join("s");
    for (signal, group) in [("INT", true), ("TERM", false)] {
        let code = interrupt(&root, signal, group);
        assert_eq!(code, 130, "SIG{signal}");
        let left = entries(&root.join("renders").join("tiktok"));
        assert!(left.is_empty(), "after SIG{signal}: {left:?}");
        // No ffmpeg of ours is left running (its input is our clip).
        let ps = Command::new("pgrep")
            .args(["-f", &dir.path().join("clip.mp4").display().to_string()])
            .output()
            .unwrap();
        assert!(
            ps.stdout.is_empty(),
            "ffmpeg still running after SIG{signal}: {}",
            String::from_utf8_lossy(&ps.stdout)
        );
    }
}

/// The progress bar is drawn only on a terminal: run `render` under `script` (util-linux),
/// which gives it a pseudo-terminal, and read what it drew on it.
#[test]
fn progress_bar_with_eta_on_a_terminal() {
    require_ffmpeg();
    let dir = tempfile::tempdir().unwrap();
    series(dir.path());
    let root = dir.path().join("s");
    let dramaloc = env!("CARGO_BIN_EXE_dramaloc");
    let typescript = dir.path().join("typescript");
    let out = Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!(
            "'{dramaloc}' render --market tiktok --lang en-US --preset ultrafast --force"
        ))
        .arg(&typescript)
        .current_dir(&root)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LANG", "C")
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `script` ({e}): this test needs util-linux's script (apt-get install bsdutils)")
        });
    let seen = String::from_utf8_lossy(&out.stdout).into_owned()
        + &std::fs::read_to_string(&typescript).unwrap_or_default();
    assert!(out.status.success(), "{seen}");
    // The bar's template: percentage, elapsed time, ETA and the count of renders.
    assert!(seen.contains("ETA"), "no progress bar drawn:\n{seen}");
    assert!(seen.contains("0/1 renders"), "{seen}");
    assert!(seen.contains("rendered in"), "{seen}");
    // Without a terminal (the other tests) the bar is not drawn at all.
    let plain = Command::new(dramaloc)
        .args(["render", "--market", "tiktok", "--lang", "en-US"])
        .args(["--preset", "ultrafast", "--force"])
        .current_dir(&root)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LANG", "C")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&plain.stderr);
    assert!(plain.status.success(), "{text}");
    assert!(!text.contains("ETA"), "{text}");
}
