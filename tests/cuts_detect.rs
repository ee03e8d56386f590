//! `cuts detect`: detection quality on ffmpeg-generated 9:16 videos with known cuts, a
//! crossfade and white flashes; the command on a copy of the demo series; missing programs;
//! matching video names to episodes. These tests need ffmpeg and ffprobe and fail (with how to
//! install them) when they are missing.

mod videos;

use std::path::{Path, PathBuf};

use dramaloc::cuts::detect::{DetectOptions, detect_many};
use dramaloc::model::FrameRate;

use crate::cli::{Sandbox, Test};
use videos::{Plan, Score, require_ffmpeg};

/// Render the plans into `dir`, one after the other: each test here keeps to one core, because
/// the test binary runs other tests beside it and some of those time themselves.
fn render_all(dir: &Path, plans: &[Plan]) -> Vec<(PathBuf, videos::Truth)> {
    plans
        .iter()
        .enumerate()
        .map(|(i, plan)| {
            let path = dir.join(format!("EP{:03}.mp4", i + 1));
            let truth = plan.render(&path);
            (path, truth)
        })
        .collect()
}

#[test]
fn detection_finds_the_cuts_of_generated_videos() {
    require_ffmpeg();
    let dir = tempfile::tempdir().unwrap();
    let plans = [
        Plan::mixed((30, 1), 24, 1, 36, 2),
        Plan::mixed((30000, 1001), 24, 6, 45, 1),
    ];
    let started = std::time::Instant::now();
    let made = render_all(dir.path(), &plans);
    let rendered = started.elapsed();
    let videos: Vec<PathBuf> = made.iter().map(|(p, _)| p.clone()).collect();
    // One job at a time (see `render_all`); the CLI test and the benchmark run jobs in parallel.
    let results = detect_many(&videos, &DetectOptions::from_env(), 1, &());
    let detected = started.elapsed() - rendered;
    if let Ok(keep) = std::env::var("DRAMALOC_KEEP_TEST_VIDEOS") {
        for v in &videos {
            std::fs::copy(v, Path::new(&keep).join(v.file_name().unwrap())).unwrap();
        }
    }
    let mut score = Score::default();
    let mut report = String::new();
    for ((plan, (path, truth)), result) in plans.iter().zip(&made).zip(results) {
        let d = result.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rate = FrameRate::new(plan.rate.0, plan.rate.1).unwrap();
        assert_eq!(d.frame_rate, rate, "{}", path.display());
        assert_eq!(d.frames as i64, truth.frames, "{}", path.display());
        let found: Vec<i64> = d
            .cuts
            .cuts()
            .iter()
            .map(|&t| rate.millis_to_frame(t))
            .collect();
        let within = |spans: &[(i64, i64)]| -> Vec<usize> {
            spans
                .iter()
                .map(|&(a, b)| found.iter().filter(|&&f| f >= a - 1 && f <= b + 1).count())
                .collect()
        };
        let (in_fades, in_flashes) = (within(&truth.fades), within(&truth.flashes));
        report.push_str(&format!(
            "{} at {rate}: truth {:?}\n  found {:?}\n  fades {:?} → {in_fades:?} cuts, flashes {:?} → {in_flashes:?} cuts\n",
            path.file_name().unwrap().to_string_lossy(),
            truth.cuts,
            found,
            truth.fades,
            truth.flashes
        ));
        assert!(
            in_fades.iter().chain(&in_flashes).all(|&n| n <= 1),
            "a fade or a flash gave more than one cut\n{report}"
        );
        score.add(&found, truth, 1);
    }
    println!(
        "{report}rendered in {rendered:.1?}, detected in {detected:.1?}\n\
         cuts detect: precision {:.1} % recall {:.1} % ({} found right, {} false, {} missed, ±1 frame)",
        score.precision() * 100.0,
        score.recall() * 100.0,
        score.true_positives,
        score.false_positives,
        score.missed
    );
    assert!(score.recall() >= 0.95, "recall too low\n{report}");
    assert!(
        1.0 - score.precision() <= 0.05,
        "too many false cuts\n{report}"
    );
}

/// A small series video: hard cuts every `shot` frames, at 270×480 to keep the test quick.
fn small_video(path: &Path, rate: (u32, u32), shots: usize, shot: u32, first: usize) -> Vec<i64> {
    let mut plan = Plan::cuts_only(rate, shots, shot, first);
    plan.size = (270, 480);
    plan.render(path).cuts
}

fn cut_frames(cuts_txt: &str, rate: FrameRate) -> Vec<i64> {
    cuts_txt
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| rate.millis_to_frame(dramaloc::model::Millis::new(l.parse().unwrap())))
        .collect()
}

#[test]
fn cli_writes_cuts_and_episode_settings_for_the_demo_series() {
    require_ffmpeg();
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let videos = demo.join("videos");
    std::fs::create_dir_all(&videos).unwrap();
    let truth1 = small_video(&videos.join("EP001.mp4"), (30, 1), 4, 40, 0);
    let truth2 = small_video(&videos.join("第2集.mp4"), (30000, 1001), 3, 50, 5);
    let old_cuts = std::fs::read_to_string(demo.join("episodes/001/cuts.txt")).unwrap();

    // The demo already has cut lists: refused without --force, nothing written.
    let run = Test::new()
        .cwd(&demo)
        .args(["cuts", "detect", "videos"])
        .code(2);
    assert!(
        run.stderr.contains("episodes/001/cuts.txt` already exists")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(demo.join("episodes/001/cuts.txt")).unwrap(),
        old_cuts
    );

    let run = Test::new()
        .cwd(&demo)
        .args(["cuts", "detect", "videos", "--force", "--jobs", "2"])
        .code(0);
    assert!(
        run.stdout
            .contains("episode 001: 3 cuts, 30 fps, 00:00:05.333 → `episodes/001/cuts.txt`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("episode 002: 2 cuts, 30000/1001 fps"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("cuts detected in 2 episodes"),
        "{}",
        run.stderr
    );
    let cuts1 = std::fs::read_to_string(demo.join("episodes/001/cuts.txt")).unwrap();
    assert!(
        cuts1.starts_with("# dramaloc cuts v1\n# fps 30\n"),
        "{cuts1}"
    );
    assert_eq!(cut_frames(&cuts1, FrameRate::FPS_30), truth1);
    let cuts2 = std::fs::read_to_string(demo.join("episodes/002/cuts.txt")).unwrap();
    assert!(cuts2.contains("# fps 30000/1001\n"), "{cuts2}");
    assert_eq!(cut_frames(&cuts2, FrameRate::FPS_29_97), truth2);
    // episode.toml: duration and video recorded, the titles kept (the demo's are in 16
    // languages), the frame rate only where it differs from the series (30).
    let ep1 = std::fs::read_to_string(demo.join("episodes/001/episode.toml")).unwrap();
    let (head, titles) = ep1
        .split_once("\n[titles]\n")
        .unwrap_or_else(|| panic!("{ep1}"));
    assert_eq!(
        head,
        "duration_ms = 5333\ntitle = \"The Fake Snow Bud\"\nvideo = \"../../videos/EP001.mp4\"\n"
    );
    assert_eq!(titles.lines().count(), 16, "{titles}");
    assert!(
        titles.contains("zh-Hans = \"假雪芽\"\n") && titles.contains("ja = \"偽りの雪芽\"\n"),
        "{titles}"
    );
    let ep2 = std::fs::read_to_string(demo.join("episodes/002/episode.toml")).unwrap();
    assert!(
        ep2.contains("frame_rate = \"30000/1001\"")
            && ep2.contains("video = \"../../videos/第2集.mp4\"")
            && ep2.contains("duration_ms = 5005")
            && ep2.contains("Grandfather's Secret"),
        "{ep2}"
    );

    // Without arguments the videos come from episode.toml; JSON is an array of objects.
    let run = Test::new()
        .cwd(&demo.join("episodes/003"))
        .args(["cuts", "detect", "--force", "--format", "json", "-j", "1"])
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2, "{v}");
    assert_eq!(items[0]["episode"], 1);
    assert_eq!(items[0]["status"], "written");
    assert_eq!(items[0]["cuts"], 3);
    assert_eq!(items[0]["frame_rate"], "30");
    assert_eq!(items[0]["duration_ms"], 5333);
    assert_eq!(items[0]["frames"], 160);
    assert_eq!(items[0]["target"], "episodes/001/cuts.txt");
    assert_eq!(items[1]["frame_rate"], "30000/1001");
    assert_eq!(items[1]["cuts_ms"], serde_json::json!([1668, 3337]));

    // A dry run writes nothing; Chinese output.
    std::fs::remove_file(demo.join("episodes/001/cuts.txt")).unwrap();
    let run = Test::new()
        .args(["--lang", "zh-CN", "-C", demo.to_str().unwrap()])
        .args(["cuts", "detect", "videos/EP001.mp4", "--dry-run"])
        .code(0);
    assert!(
        run.stdout.contains("第 001 集：3 个切换点") && run.stdout.contains("试运行"),
        "{}",
        run.stdout
    );
    assert!(!demo.join("episodes/001/cuts.txt").exists());

    // One broken video does not stop the others, and the run exits 2.
    std::fs::write(videos.join("EP004.mp4"), b"not a video").unwrap();
    let run = Test::new()
        .cwd(&demo)
        .args(["cuts", "detect", "videos", "--force"])
        .code(2);
    assert!(
        run.stdout.contains("episode 001: 3 cuts") && run.stdout.contains("episode 002"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("error: ffprobe could not analyse")
            && run.stderr.contains("EP004.mp4")
            && run.stderr.contains("caused by:"),
        "{}",
        run.stderr
    );
    // The failed episode keeps the cut list it had.
    assert_eq!(
        std::fs::read(demo.join("episodes/004/cuts.txt")).unwrap(),
        std::fs::read(crate::cli::samples().join("demo/episodes/004/cuts.txt")).unwrap()
    );
}

#[test]
fn missing_ffmpeg_is_exit_2_with_how_to_install_it() {
    // The other program must be there for each half of the test to reach the missing one.
    require_ffmpeg();
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    std::fs::write(demo.join("EP001.mp4"), b"").unwrap();
    let before = std::fs::read_to_string(demo.join("episodes/001/episode.toml")).unwrap();
    for (var, tool) in [
        ("DRAMALOC_FFMPEG", "ffmpeg"),
        ("DRAMALOC_FFPROBE", "ffprobe"),
    ] {
        let run = Test::new()
            .cwd(&demo)
            .env(var, "/nonexistent")
            .args(["cuts", "detect", "EP001.mp4", "--force"])
            .code(2);
        assert!(
            run.stderr
                .starts_with(&format!("error: {tool} was not found (`/nonexistent`)")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("hint: install ffmpeg (`apt install ffmpeg`, `brew install ffmpeg`)")
                && run.stderr.contains(var),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let zh = Test::new()
        .args(["--lang", "zh-CN", "-C", demo.to_str().unwrap()])
        .env("DRAMALOC_FFMPEG", "/nonexistent")
        .args(["cuts", "detect", "EP001.mp4", "--force"])
        .code(2);
    assert!(zh.stderr.contains("请安装 ffmpeg"), "{}", zh.stderr);
    assert_eq!(
        std::fs::read_to_string(demo.join("episodes/001/episode.toml")).unwrap(),
        before
    );
}

#[test]
fn video_names_are_matched_to_episodes_or_reported() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let raw = sb.path().join("delivery");
    for name in [
        "EP003_v1.mp4",
        "ep3 final.mov",
        "trailer.mp4",
        "第十集/正片.mkv",
        "notes.txt",
    ] {
        let p = raw.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"").unwrap();
    }
    // Only names are read here: nothing that matched is left to run, so ffmpeg is not needed.
    std::fs::create_dir_all(demo.join("episodes/010")).unwrap();
    std::fs::write(demo.join("episodes/010/cuts.txt"), "# dramaloc cuts v1\n").unwrap();
    let run = Test::new()
        .cwd(&demo)
        .args(["cuts", "detect", "--format", "json"])
        .arg(raw.to_str().unwrap())
        .arg(raw.join("notes.txt").to_str().unwrap())
        .code(2);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let status: Vec<(serde_json::Value, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["episode"].clone(),
                Path::new(i["video"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                i["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let j = |n: Option<u32>| n.map_or(serde_json::Value::Null, |n| n.into());
    assert_eq!(
        status,
        vec![
            (j(Some(3)), "EP003_v1.mp4".into(), "ambiguous".into()),
            (j(Some(3)), "ep3 final.mov".into(), "ambiguous".into()),
            (j(Some(10)), "正片.mkv".into(), "refused".into()),
            (j(None), "notes.txt".into(), "not-video".into()),
            (j(None), "trailer.mp4".into(), "unmatched".into()),
        ],
        "{v}"
    );
    let human = Test::new()
        .cwd(&demo)
        .args(["cuts", "detect"])
        .arg(raw.to_str().unwrap())
        .code(2);
    assert!(
        human
            .stderr
            .contains("trailer.mp4`: no episode number in its name")
            && human
                .stderr
                .contains("episode 3 has more than one video; none is used")
            && human
                .stderr
                .contains("hint: name videos after their episode"),
        "{}",
        human.stderr
    );
    // No video anywhere: a clear error.
    let run = Test::new().cwd(&demo).args(["cuts", "detect"]).code(2);
    assert!(
        run.stderr.contains("no videos to analyse")
            && run.stderr.contains("hint: pass the videos or their folder"),
        "{}",
        run.stderr
    );
}
