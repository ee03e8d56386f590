//! `bundle` of markets that burn subtitles in (`[burn_in]`): the renders go into the bundle
//! (stored in a zip, copied into a folder), listed in the manifest as ffprobe sees them, and
//! `validate` holds every render to its manifest entry with ffprobe.
//!
//! The series: one episode whose video is a 2-second 1080×1920 lavfi clip at 30 fps with a
//! silent AAC track, and an en-US and a zh-Hans track. Markets: user specs `tiktok` (folder)
//! and `reels` (zip) extending the built-ins with the x264 preset `ultrafast`, so that
//! `bundle` itself renders quickly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::bundle::{rezip, zip_entries};
use crate::cli::{Sandbox, Test};
use crate::support::media::require_ffmpeg;
use crate::support::schema::SchemaWalk;

/// A test clip: moving `testsrc2` of `w`×`h` at 30 fps with silent stereo AAC, H.264
/// (ultrafast), `+faststart`.
fn clip(path: &Path, (w, h): (u32, u32), seconds: f64) {
    let out = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-y",
            "-f",
            "lavfi",
            "-i",
        ])
        .arg(format!("testsrc2=s={w}x{h}:r=30:d={seconds}"))
        .args(["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t"])
        .arg(seconds.to_string())
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-movflags",
            "+faststart",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ffmpeg: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The one-episode series (see the module docs); `zh` is the Chinese cue's text.
fn series(sb: &Sandbox, zh: &str) -> PathBuf {
    let root = sb.path().join("tiny");
    let ep = root.join("episodes/001");
    std::fs::create_dir_all(&ep).unwrap();
    std::fs::create_dir_all(root.join("markets")).unwrap();
    std::fs::write(
        root.join("series.toml"),
        "id = \"tiny\"\ntitle = \"Tiny\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30\"\n\
         resolution = \"1080x1920\"\nmarkets = [\"tiktok\"]\n",
    )
    .unwrap();
    std::fs::write(
        ep.join("episode.toml"),
        "duration_ms = 2000\ntitle = \"One\"\nvideo = \"clip.mp4\"\n",
    )
    .unwrap();
    std::fs::write(
        ep.join("en-US.srt"),
        "1\n00:00:00,200 --> 00:00:01,600\nHello there.\n",
    )
    .unwrap();
    std::fs::write(
        ep.join("zh-Hans.srt"),
        format!("1\n00:00:00,200 --> 00:00:01,600\n{zh}\n"),
    )
    .unwrap();
    for (id, extra) in [("tiktok", ""), ("reels", "packaging = \"zip\"\n")] {
        std::fs::write(
            root.join(format!("markets/{id}.toml")),
            format!(
                "extends = \"{id}\"\nid = \"{id}\"\nname = \"{id}, fast test renders\"\n{extra}\
                 [burn_in]\npreset = \"ultrafast\"\n"
            ),
        )
        .unwrap();
    }
    clip(&ep.join("clip.mp4"), (1080, 1920), 2.0);
    root
}

/// `bundle --market ID` with JSON output: its JSON and the bundle's path.
fn bundle(series: &Path, market: &str) -> (Value, PathBuf) {
    let run = Test::new()
        .cwd(series)
        .args(["--format", "json", "bundle", "--market", market])
        .code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let path = series.join(v["path"].as_str().unwrap());
    (v, path)
}

/// A finding of `validate` in its JSON form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    path: String,
    rule: String,
    /// The `field` argument of `video-mismatch`, the message id otherwise.
    what: String,
}

/// `validate` with JSON output: exit code and every warning or error.
fn validate(bundle: &Path, env: &[(&str, &str)]) -> (i32, BTreeSet<Found>, String) {
    let mut t = Test::new()
        .cwd(bundle.parent().unwrap())
        .args(["--format", "json", "validate"])
        .arg(bundle.to_str().unwrap());
    for (k, v) in env {
        t = t.env(k, v);
    }
    let run = t.run();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    if run.code == 2 {
        return (2, BTreeSet::new(), run.stderr);
    }
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr));
    let mut found = BTreeSet::new();
    for f in v["files"].as_array().unwrap() {
        for x in f["findings"].as_array().unwrap() {
            if x["severity"] == "info" {
                continue;
            }
            let what = x["args"]["field"].as_str().map_or_else(
                || x["message_id"].as_str().unwrap().to_owned(),
                str::to_owned,
            );
            found.insert(Found {
                path: f["path"].as_str().unwrap().to_owned(),
                rule: x["rule"].as_str().unwrap().to_owned(),
                what,
            });
        }
    }
    (run.code, found, run.stderr)
}

fn rules(found: &BTreeSet<Found>) -> BTreeSet<(&str, &str)> {
    found
        .iter()
        .map(|f| (f.path.as_str(), f.rule.as_str()))
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    dramaloc::bundle::manifest::sha256_hex(bytes)
}

/// What ffprobe says of a file: (width, height, frame rate, duration ms, video codec, audio
/// codec).
fn ffprobe(path: &Path) -> (u64, u64, String, u64, String, String) {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,codec_name,width,height,r_frame_rate,duration",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let streams = v["streams"].as_array().unwrap();
    let kind = |k: &str| streams.iter().find(|s| s["codec_type"] == k).unwrap();
    let (video, audio) = (kind("video"), kind("audio"));
    let seconds: f64 = video["duration"].as_str().unwrap().parse().unwrap();
    (
        video["width"].as_u64().unwrap(),
        video["height"].as_u64().unwrap(),
        video["r_frame_rate"].as_str().unwrap().to_owned(),
        (seconds * 1000.0).round() as u64,
        video["codec_name"].as_str().unwrap().to_owned(),
        audio["codec_name"].as_str().unwrap().to_owned(),
    )
}

fn rate(s: &str) -> dramaloc::model::FrameRate {
    s.parse().unwrap()
}

/// A zip bundle taken apart: its entries and its manifest.
struct Parts {
    entries: Vec<(String, Vec<u8>)>,
    manifest: Value,
}

impl Parts {
    fn of(zip: &Path) -> Parts {
        let mut entries = zip_entries(&std::fs::read(zip).unwrap());
        let i = entries
            .iter()
            .position(|(n, _)| n == "manifest.json")
            .unwrap();
        let manifest = serde_json::from_slice(&entries.remove(i).1).unwrap();
        Parts { entries, manifest }
    }

    fn video(&mut self, i: usize) -> &mut Value {
        &mut self.manifest["episodes"][0]["videos"][i]
    }

    fn data(&mut self, path: &str) -> &mut Vec<u8> {
        &mut self.entries.iter_mut().find(|(n, _)| n == path).unwrap().1
    }

    /// Bytes and checksum of render `i` made true again.
    fn reseal(&mut self, i: usize) {
        let path = self.video(i)["path"].as_str().unwrap().to_owned();
        let data = self.data(&path).clone();
        self.video(i)["bytes"] = data.len().into();
        self.video(i)["sha256"] = sha256(&data).into();
    }

    /// Written as `name` beside `dir`, with the manifest first (deflating every entry, so that
    /// validate streams deflated videos too).
    fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let mut all = vec![(
            "manifest.json".to_owned(),
            serde_json::to_vec_pretty(&self.manifest).unwrap(),
        )];
        all.extend(self.entries.iter().cloned());
        let path = dir.join(name);
        std::fs::write(&path, rezip(&all)).unwrap();
        path
    }
}

#[test]
fn burn_in_bundles_carry_renders_that_validate_checks_with_ffprobe() {
    require_ffmpeg();
    let sb = Sandbox::new();
    let root = series(&sb, "你好。");

    // A folder: renders made by bundle itself, copied in, described as ffprobe sees them.
    let (v, folder) = bundle(&root, "tiktok");
    assert!(folder.is_dir());
    assert_eq!(v["videos"], 2);
    let statuses: Vec<&str> = v["renders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["rendered", "rendered"]);
    let m: Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["schema"], "dramaloc-bundle/2");
    let videos = m["episodes"][0]["videos"].as_array().unwrap().clone();
    let langs: Vec<&str> = videos
        .iter()
        .map(|x| x["language"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en-US", "zh-Hans"]);
    for x in &videos {
        let name = x["path"].as_str().unwrap();
        assert_eq!(
            name,
            format!("tiny-001.{}.mp4", x["language"].as_str().unwrap())
        );
        let bundled = folder.join(name);
        let bytes = std::fs::read(&bundled).unwrap();
        let render = std::fs::read(root.join("renders/tiktok").join(name)).unwrap();
        assert_eq!(sha256(&bytes), sha256(&render), "the render, byte for byte");
        assert_eq!(x["bytes"], bytes.len());
        assert_eq!(x["sha256"], sha256(&bytes));
        let (w, h, r, ms, vc, ac) = ffprobe(&bundled);
        assert_eq!(
            (x["width"].as_u64(), x["height"].as_u64()),
            (Some(w), Some(h))
        );
        assert_eq!((w, h), (1080, 1920));
        assert_eq!(rate(x["frame_rate"].as_str().unwrap()), rate(&r));
        assert_eq!(x["duration_ms"].as_u64(), Some(ms));
        assert!(
            ms.abs_diff(2000) <= 34,
            "within a frame of the source: {ms} ms"
        );
        assert_eq!(
            (x["video_codec"].as_str(), x["audio_codec"].as_str()),
            (Some(vc.as_str()), Some(ac.as_str()))
        );
        assert_eq!((vc.as_str(), ac.as_str()), ("h264", "aac"));
    }
    // Every field of a render is described by the schema, and the schema describes no other.
    let schema = crate::support::schema::load("bundle-manifest.schema.json");
    let mut walk = SchemaWalk {
        root: &schema,
        seen: BTreeSet::new(),
    };
    walk.check(&schema, "root", &m, "tiktok").unwrap();
    let described: BTreeSet<String> = walk
        .described()
        .into_iter()
        .filter(|d| d.starts_with("video.") || d == "episode.videos")
        .collect();
    assert_eq!(described.len(), 11);
    assert!(described.is_subset(&walk.seen), "{described:?}");
    // The subtitle files are delivered too.
    assert!(folder.join("tiny-001.en-US.srt").is_file());
    let (code, found, _) = validate(&folder, &[]);
    assert_eq!((code, found), (0, BTreeSet::new()));

    // A zip: the same renders (another market, rendered again for its safe zone), stored.
    let (v, zip) = bundle(&root, "reels");
    assert!(zip.is_file());
    let bytes = std::fs::read(&zip).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(z.by_index(0).unwrap().name().unwrap(), "manifest.json");
    for name in ["tiny-001.en-US.mp4", "tiny-001.zh-Hans.mp4"] {
        assert_eq!(
            z.by_name(name).unwrap().compression(),
            zip::CompressionMethod::Stored
        );
    }
    assert_eq!(
        z.by_name("tiny-001.en-US.srt").unwrap().compression(),
        zip::CompressionMethod::Deflated
    );
    let (code, found, _) = validate(&zip, &[]);
    assert_eq!((code, found), (0, BTreeSet::new()));
    // Bundling again: the renders are current (not rendered again), the zip the same bytes.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (again, _) = bundle(&root, "reels");
    assert_eq!(again["sha256"], v["sha256"]);
    assert_eq!(v["sha256"], sha256(&bytes));
    assert!(
        again["renders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "current"),
        "{again}"
    );

    // ffprobe missing: validate cannot check the renders (exit 2 with the install hint).
    let (code, _, stderr) = validate(&zip, &[("DRAMALOC_FFPROBE", "/nonexistent/ffprobe")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("ffprobe") && stderr.contains("apt install ffmpeg"),
        "{stderr}"
    );
    // …which a bundle without renders does not need.
    let run = Test::new()
        .cwd(&root)
        .args(["--format", "json", "bundle", "--market", "generic"])
        .code(0);
    let plain = root.join(
        serde_json::from_str::<Value>(&run.stdout).unwrap()["path"]
            .as_str()
            .unwrap(),
    );
    let (code, found, _) = validate(&plain, &[("DRAMALOC_FFPROBE", "/nonexistent/ffprobe")]);
    assert_eq!((code, found), (0, BTreeSet::new()));
    let m: Value =
        serde_json::from_slice(&std::fs::read(plain.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        m["schema"], "dramaloc-bundle/1",
        "no renders, the old schema"
    );

    tampered_bundles(&sb, &zip, &folder);
}

/// Each change to a good bundle, and what validate says of it: exit 1, the findings named by
/// file and field, never a panic.
fn tampered_bundles(sb: &Sandbox, zip: &Path, folder: &Path) {
    let dir = sb.path().join("tampered");
    std::fs::create_dir_all(&dir).unwrap();
    let en = "tiny-001.en-US.mp4";
    let zh = "tiny-001.zh-Hans.mp4";
    let small = dir.join("small.mp4");
    clip(&small, (540, 960), 2.0);
    let small = std::fs::read(&small).unwrap();
    let expect = |path: &Path, wanted: &[(&str, &str, &str)]| {
        let (code, found, stderr) = validate(path, &[]);
        let wanted: BTreeSet<Found> = wanted
            .iter()
            .map(|(p, r, w)| Found {
                path: (*p).to_owned(),
                rule: (*r).to_owned(),
                what: (*w).to_owned(),
            })
            .collect();
        assert_eq!(code, 1, "{}: {found:#?}\n{stderr}", path.display());
        assert_eq!(found, wanted, "{}", path.display());
    };

    // Another video under the same name, its size and checksum patched in: the resolution.
    let mut p = Parts::of(zip);
    *p.data(en) = small.clone();
    p.reseal(0);
    expect(
        &p.write(&dir, "other-video.zip"),
        &[(en, "video-mismatch", "resolution")],
    );
    // The same in a folder bundle (probed in place).
    let f = dir.join("other-video-folder");
    crate::cli::copy_dir(folder, &f);
    std::fs::write(f.join(en), &small).unwrap();
    let mut m: Value =
        serde_json::from_slice(&std::fs::read(f.join("manifest.json")).unwrap()).unwrap();
    m["episodes"][0]["videos"][0]["bytes"] = small.len().into();
    m["episodes"][0]["videos"][0]["sha256"] = sha256(&small).into();
    std::fs::write(
        f.join("manifest.json"),
        serde_json::to_vec_pretty(&m).unwrap(),
    )
    .unwrap();
    expect(&f, &[(en, "video-mismatch", "resolution")]);

    // The manifest claims another duration, frame rate and codecs.
    let mut p = Parts::of(zip);
    let d = p.video(1)["duration_ms"].as_u64().unwrap();
    p.video(1)["duration_ms"] = (d + 500).into();
    p.video(1)["frame_rate"] = "25".into();
    p.video(1)["video_codec"] = "hevc".into();
    p.video(1).as_object_mut().unwrap().remove("audio_codec");
    expect(
        &p.write(&dir, "claims.zip"),
        &[
            (zh, "video-mismatch", "duration"),
            (zh, "video-mismatch", "frame-rate"),
            (zh, "video-mismatch", "video-codec"),
            (zh, "video-mismatch", "audio-codec"),
        ],
    );
    // One frame off is within tolerance.
    let mut p = Parts::of(zip);
    let d = p.video(1)["duration_ms"].as_u64().unwrap();
    p.video(1)["duration_ms"] = (d + 33).into();
    let (code, found, _) = validate(&p.write(&dir, "one-frame.zip"), &[]);
    assert_eq!((code, found), (0, BTreeSet::new()));

    // Truncated, with a checksum that matches: half (the index at the front is whole, the
    // packets are not) and 200 bytes (no index at all).
    let mut p = Parts::of(zip);
    let half = p.data(en).len() / 2;
    p.data(en).truncate(half);
    p.reseal(0);
    p.data(zh).truncate(200);
    p.reseal(1);
    expect(
        &p.write(&dir, "truncated.zip"),
        &[
            (en, "video-unreadable", "finding-video-truncated"),
            (zh, "video-unreadable", "finding-video-unreadable"),
        ],
    );

    // A changed byte without a new checksum: never shown to ffprobe.
    let mut p = Parts::of(zip);
    let at = p.data(en).len() / 3;
    p.data(en)[at] ^= 0x55;
    expect(
        &p.write(&dir, "checksum.zip"),
        &[(en, "checksum-mismatch", "finding-checksum-mismatch")],
    );

    // Absurd values in a render's entry: refused as an invalid manifest, cleanly.
    for (field, value, rule) in [
        ("width", serde_json::json!(-1080), "manifest-invalid"),
        ("width", serde_json::json!("wide"), "manifest-invalid"),
        (
            "width",
            serde_json::json!(4_294_967_296u64),
            "manifest-invalid",
        ),
        ("bytes", serde_json::json!(1e30), "manifest-invalid"),
        ("duration_ms", serde_json::json!(0), "manifest-invalid"),
        ("duration_ms", serde_json::json!(null), "manifest-invalid"),
        ("frame_rate", serde_json::json!("fast"), "manifest-invalid"),
        ("frame_rate", serde_json::json!(30), "manifest-invalid"),
        ("video_codec", serde_json::json!(""), "manifest-invalid"),
        ("bytes", serde_json::json!(u64::MAX), "size-mismatch"),
    ] {
        let mut p = Parts::of(zip);
        p.video(0)[field] = value.clone();
        let path = p.write(&dir, "absurd.zip");
        let (code, found, stderr) = validate(&path, &[]);
        assert_eq!(code, 1, "{field} = {value}: {stderr}");
        let r = rules(&found);
        assert!(
            r.iter().any(|(_, x)| *x == rule),
            "{field} = {value}: {found:#?}"
        );
        assert!(
            r.iter().all(|(_, x)| !x.starts_with("video-")),
            "{field} = {value}: not probed: {found:#?}"
        );
    }
    // An extra field in a render's entry, and renders in a `/1` manifest.
    let mut p = Parts::of(zip);
    p.video(0)["bitrate"] = 5.into();
    let (_, found, _) = validate(&p.write(&dir, "extra-field.zip"), &[]);
    assert!(
        rules(&found).contains(&("manifest.json", "manifest-invalid")),
        "{found:#?}"
    );
    let mut p = Parts::of(zip);
    p.manifest["schema"] = "dramaloc-bundle/1".into();
    expect(
        &p.write(&dir, "v1.zip"),
        &[(
            "manifest.json",
            "manifest-invalid",
            "finding-manifest-videos-v1",
        )],
    );

    // A video nobody listed, and a render that is gone (file and entry).
    let mut p = Parts::of(zip);
    p.entries.push(("bonus.mp4".into(), small.clone()));
    expect(
        &p.write(&dir, "unlisted.zip"),
        &[("bonus.mp4", "file-unlisted", "finding-file-unlisted")],
    );
    let mut p = Parts::of(zip);
    p.entries.retain(|(n, _)| n != zh);
    p.manifest["episodes"][0]["videos"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    expect(
        &p.write(&dir, "render-missing.zip"),
        &[(
            "tiny-001.zh-Hans.srt",
            "render-missing",
            "finding-render-missing",
        )],
    );
    // Listed but not there.
    let mut p = Parts::of(zip);
    p.entries.retain(|(n, _)| n != zh);
    expect(
        &p.write(&dir, "file-missing.zip"),
        &[(zh, "file-missing", "finding-file-missing")],
    );
}

#[test]
fn bundle_refuses_what_cannot_be_rendered() {
    require_ffmpeg();
    let sb = Sandbox::new();
    // U+13000 (an Egyptian hieroglyph) is in neither Noto Sans CJK SC nor Noto Sans.
    let root = series(&sb, "你好𓀀。");
    let refused = |what: &str| -> Value {
        let run = Test::new()
            .cwd(&root)
            .args(["--format", "json", "bundle", "--market", "tiktok"])
            .code(1);
        assert!(
            run.stderr.contains("refusing to bundle for tiktok"),
            "{what}: {}",
            run.stderr
        );
        assert!(!root.join("dist").exists(), "{what}: nothing written");
        assert!(!root.join("renders").exists(), "{what}: nothing rendered");
        serde_json::from_str(&run.stdout).unwrap()
    };
    let rows = |v: &Value| -> Vec<(String, String)> {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                let path = f["path"].as_str().unwrap().to_owned();
                f["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|x| x["severity"] == "error")
                    .map(move |x| (path.clone(), x["rule"].as_str().unwrap().to_owned()))
            })
            .collect()
    };
    let v = refused("glyph");
    assert_eq!(
        rows(&v),
        [(
            "episodes/001/zh-Hans.srt".to_owned(),
            "glyph-missing-in-font".to_owned()
        )]
    );
    // On the track's own row of the check, at the cue.
    let track = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "episodes/001/zh-Hans.srt")
        .unwrap();
    assert_eq!(track["cues"], 1);
    assert_eq!(track["findings"][0]["cue"], 1);
    assert_eq!(track["findings"][0]["args"]["codepoint"], "U+13000");

    // No video file: refused before any render.
    let video = root.join("episodes/001/clip.mp4");
    let kept = sb.path().join("clip.mp4");
    std::fs::rename(&video, &kept).unwrap();
    assert_eq!(
        rows(&refused("video file")),
        [(
            "episodes/001/episode.toml".to_owned(),
            "video-missing".to_owned()
        )]
    );
    std::fs::rename(&kept, &video).unwrap();

    // --allow-findings: the renders that can be made, the gap recorded, and validate names
    // the track without its render.
    let run = Test::new()
        .cwd(&root)
        .args([
            "--format",
            "json",
            "bundle",
            "--market",
            "tiktok",
            "--allow-findings",
        ])
        .code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["videos"], 1);
    let path = root.join(v["path"].as_str().unwrap());
    let m: Value =
        serde_json::from_slice(&std::fs::read(path.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["qc"]["allowed"][0]["rule"], "glyph-missing-in-font");
    assert_eq!(m["qc"]["allowed"][0]["language"], "zh-Hans");
    assert_eq!(m["episodes"][0]["videos"][0]["language"], "en-US");
    let (code, found, _) = validate(&path, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules(&found),
        [("tiny-001.zh-Hans.srt", "render-missing")]
            .into_iter()
            .collect()
    );
}
