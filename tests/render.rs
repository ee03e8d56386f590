//! `dramaloc render` (issue 7), measured on what it produces: where the burned subtitles land
//! on the pixels, whether OCR reads them back, whether Arabic is shaped, what ffprobe says of
//! the streams, a glyph no font has, missing programs, and skipping, editing and interrupting.
//!
//! The clip: 1080×1920, 30 fps, 4 s, a static vertical gradient (#1C2A3A at the top to
//! #3C4E62 at the bottom; one lavfi frame looped, so every frame is the same picture) with a
//! silent stereo AAC track. A gentle gradient is a real background (not one flat value), yet
//! static and smooth, so that libx264 codes it almost exactly: two encodes of it differ by a
//! few levels at most, and every pixel that differs by more is the subtitle. Dark enough that
//! the white text stands out, light enough that the black outline does too. The tests of
//! exit codes, skipping and interruption use the same clip at 540×960 (faster to encode).
//!
//! Timeline of every track (30 fps): cue 1 `{\an8}` 0.4–1.4 s (frame 27 at its midpoint),
//! a gap 1.4–2.0 s (frame 51), cue 2 at the bottom 2.0–3.4 s (frame 81 at its midpoint);
//! frames 6 (before the first cue) and 111 (after the last) carry no subtitle either.
//!
//! These tests need ffmpeg (with libx264 and libass), tesseract with the eng, chi_sim and ara
//! data, and the Noto fonts; a missing one fails the test naming its Debian package.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::cli::Test;
use crate::support::media::{self, ClipSpec, Image, Pixels, Rect};

const WIDTH: usize = 1080;
const HEIGHT: usize = 1920;
const FPS: u32 = 30;
const SECONDS: u32 = 4;

/// Frames: before the first cue, cue 1's midpoint, the gap, cue 2's midpoint, after the last.
const BEFORE: usize = 6;
const TOP_MID: usize = 27;
const GAP: usize = 51;
const BOTTOM_MID: usize = 81;
const AFTER: usize = 111;
const FRAMES: [usize; 5] = [BEFORE, TOP_MID, GAP, BOTTOM_MID, AFTER];

/// A pixel differs when its luma moves by more than this (of 255). Codec noise between the
/// render and the encode without subtitles, measured here: 0 in frames without a cue and 0
/// farther than 16 px from the text (the encodes are bit-identical there); the threshold
/// leaves room for another x264 build, and is far below what a white letter with a black
/// outline does to the dark blue-grey background (up to 194 measured).
const NOISE: u8 = 12;

/// TikTok's safe area on a 1080×1920 frame (markets-and-delivery.md §3): text below the rail
/// line (y 840) stays left of the rail (x 780), mirrored for right-to-left languages, whose
/// interface puts the rail on the left; nothing below the caption line (y 1260) or above the
/// top bar (y 240). Bounds as pixel columns/rows x0 ≤ x < x1.
const SAFE_TOP: usize = 240;
const SAFE_BOTTOM: usize = 1260;
const RAIL_TOP: usize = 840;
const LOWER_LTR: (usize, usize) = (120, 780);
const LOWER_RTL: (usize, usize) = (300, 960);
const UPPER: (usize, usize) = (120, 960);

/// The tracks: language, cue 1 (top), cue 2 (bottom). The English and Chinese bottom lines
/// are too long for one line of the box, so dramaloc's own breaker makes two.
const TRACKS: [(&str, &str, &str); 4] = [
    (
        "en-US",
        "Shanghai at night",
        "This is not the snow bud from Wuling",
    ),
    (
        "zh-Hans",
        "上海的夜晚",
        "这不是雾岭的雪芽味道和去年完全不一样",
    ),
    ("th", "กรุงเทพตอนกลางคืน", "ชานี้ไม่ใช่ยอดหิมะของอู้หลิ่ง"),
    ("ar", "شنغهاي ليلا", "هذا الشاي ليس حقيقيا"),
];

fn srt(top: &str, bottom: &str) -> String {
    format!(
        "1\n00:00:00,400 --> 00:00:01,400\n{{\\an8}}{top}\n\n\
         2\n00:00:02,000 --> 00:00:03,400\n{bottom}\n"
    )
}

/// The fixtures' folder: `<target>/tmp/render-<pid>`, left behind for a look after a failure
/// and removed by the next test process (with those of other finished processes).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(base).unwrap();
        for entry in std::fs::read_dir(base).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("render-")
                && Path::new("/proc/self").exists()
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = base.join(format!("render-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// The test clip, made once per test process.
fn clip() -> &'static Path {
    static CLIP: OnceLock<PathBuf> = OnceLock::new();
    CLIP.get_or_init(|| make_clip("clip.mp4", WIDTH, HEIGHT))
}

/// The same at a quarter of the pixels, for the tests that look at files, not pixels.
fn small_clip() -> &'static Path {
    static CLIP: OnceLock<PathBuf> = OnceLock::new();
    CLIP.get_or_init(|| make_clip("small.mp4", WIDTH / 2, HEIGHT / 2))
}

fn make_clip(name: &str, width: usize, height: usize) -> PathBuf {
    media::require_ffmpeg();
    let path = scratch().join(name);
    media::make_clip(
        &path,
        &ClipSpec {
            width: width as u32,
            height: height as u32,
            fps: FPS,
            seconds: SECONDS,
            // One frame of a vertical gradient (`d` under one frame), looped.
            source: format!(
                "gradients=s={{s}}:r={{r}}:c0=#1C2A3A:c1=#3C4E62:x0=0:y0=0:x1=0:y1={}:\
                 d=0.02,loop=loop=-1:size=1:start=0,setpts=N/{{r}}/TB",
                height - 1
            ),
        },
    );
    path
}

/// `dramaloc init` in `parent/series`, with `episodes` (number, [(language, SRT)]) each
/// holding a link to `clip` as its video.
fn series(parent: &Path, clip: &Path, episodes: &[(u32, Vec<(&str, String)>)]) -> PathBuf {
    let root = parent.join("series");
    Test::new().args(["init", root.to_str().unwrap()]).code(0);
    for (number, tracks) in episodes {
        let dir = root.join(format!("episodes/{number:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        let video = dir.join("clip.mp4");
        if std::fs::hard_link(clip, &video).is_err() {
            std::fs::copy(clip, &video).unwrap();
        }
        std::fs::write(dir.join("episode.toml"), "video = \"clip.mp4\"\n").unwrap();
        for (lang, text) in tracks {
            std::fs::write(dir.join(format!("{lang}.srt")), text).unwrap();
        }
    }
    root
}

/// `dramaloc --format json render --market tiktok --preset ultrafast ARGS`: exit code, the
/// report's renders and stderr.
fn render(series: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let run = with_programs(Test::new())
        .cwd(series)
        .args(["--format", "json", "render", "--market", "tiktok"])
        .args(["--preset", "ultrafast"])
        .args(args)
        .run();
    let renders = serde_json::from_str::<Value>(&run.stdout)
        .ok()
        .and_then(|v| v["renders"].as_array().cloned())
        .unwrap_or_default();
    (run.code, renders, run.stderr)
}

/// The hermetic run keeps the ffmpeg/ffprobe the tests use (`DRAMALOC_FFMPEG`/`FFPROBE`).
fn with_programs(mut test: Test) -> Test {
    for var in ["DRAMALOC_FFMPEG", "DRAMALOC_FFPROBE"] {
        if let Ok(v) = std::env::var(var) {
            test = test.env(var, &v);
        }
    }
    test
}

/// Status of each render by language, e.g. `[("en-US", "rendered")]`.
fn statuses(renders: &[Value]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = renders
        .iter()
        .map(|r| {
            (
                r["language"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn output(series: &Path, episode: u32, lang: &str) -> PathBuf {
    series.join(format!("renders/tiktok/series-{episode:03}.{lang}.mp4"))
}

/// Hidden temporary files (`.NAME.dramaloc-tmp`) under `renders/`.
fn temp_files(series: &Path) -> Vec<PathBuf> {
    let dir = series.join("renders/tiktok");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".dramaloc-tmp"))
        })
        .collect();
    out.sort();
    out
}

/// The series every pixel test looks at, rendered once: episode 1 in the four languages,
/// episode 2 in Arabic with the letters of each line separated by spaces, and the clip encoded
/// without subtitles with the same settings.
struct Shared {
    series: PathBuf,
    /// Frames [`FRAMES`] of the render without subtitles.
    reference: Vec<Image>,
    /// The first run's report.
    report: Vec<Value>,
    /// Wall time of the first run (4 renders).
    seconds: f64,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        media::require_ffmpeg();
        let spaced = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (_, ar_top, ar_bottom) = TRACKS[3];
        let series = series(
            scratch(),
            clip(),
            &[
                (
                    1,
                    TRACKS
                        .iter()
                        .map(|(l, top, bottom)| (*l, srt(top, bottom)))
                        .collect(),
                ),
                (2, vec![("ar", srt(&spaced(ar_top), &spaced(ar_bottom)))]),
            ],
        );
        // One render at a time, each with every core: the thread count the reference below
        // is encoded with (x264's output depends on it).
        let started = Instant::now();
        let (code, report, stderr) = render(&series, &["--episodes", "1", "-j", "1"]);
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(code, 0, "render of episode 1: {report:?}\n{stderr}");
        let (code, spaced_report, stderr) =
            render(&series, &["--episodes", "2", "--lang", "ar", "-j", "1"]);
        assert_eq!(code, 0, "render of episode 2: {spaced_report:?}\n{stderr}");
        let reference_path = scratch().join("reference.mp4");
        encode_without_subtitles(&series, clip(), &reference_path);
        let reference = media::frames(&reference_path, &FRAMES, Pixels::Gray);
        println!("fixture: 4 renders in {seconds:.1} s");
        Shared {
            series,
            reference,
            report,
            seconds,
        }
    })
}

/// The clip encoded the way `render` encodes, minus the `ass` filter: the arguments of
/// `dramaloc::render::run::encode_args` with the market's CRF and `--preset ultrafast`,
/// without `-vf …`, around the same input/output plumbing (threads as `render -j 1` gives
/// each ffmpeg: every core).
fn encode_without_subtitles(series: &Path, clip: &Path, out: &Path) {
    let market = dramaloc::markets::find(series, "tiktok").unwrap();
    let burn_in = market.spec.burn_in.as_ref().unwrap();
    let encoder = dramaloc::render::run::Encoder {
        ffmpeg: media::ffmpeg(),
        ffprobe: media::ffprobe(),
        crf: burn_in.crf,
        preset: "ultrafast".into(),
    };
    let mut args = dramaloc::render::run::encode_args(&encoder);
    let vf = args
        .iter()
        .position(|a| a == "-vf")
        .expect("encode_args has -vf");
    assert!(args[vf + 1].starts_with("ass="), "{args:?}");
    args.drain(vf..vf + 2);
    let threads = dramaloc::parallel::jobs(None).to_string();
    media::run(
        Command::new(media::ffmpeg())
            .args(["-hide_banner", "-nostdin", "-y", "-loglevel", "error"])
            .args(["-threads", &threads, "-i"])
            .arg(clip)
            .args(&args)
            .args(["-threads", &threads, "-f", "mp4"])
            .arg(out),
    );
}

/// The box of pixels a frame differs from the reference frame in, and the largest difference.
fn ink(frame: &Image, reference: &Image) -> media::Diff {
    media::diff(frame, reference, NOISE)
}

/// The largest luma difference of the pixels 16 px or more away from `text`.
fn noise_outside(frame: &Image, reference: &Image, text: Rect) -> u8 {
    let near = text.grown(16, frame.width, frame.height);
    let mut max = 0;
    for y in 0..frame.height {
        for x in 0..frame.width {
            if !(near.x0..=near.x1).contains(&x) || !(near.y0..=near.y1).contains(&y) {
                max = max.max(frame.luma(x, y).abs_diff(reference.luma(x, y)));
            }
        }
    }
    max
}

#[test]
fn placement_on_pixels() {
    let s = shared();
    let statuses = statuses(&s.report);
    assert_eq!(
        statuses,
        [
            ("ar", "rendered"),
            ("en-US", "rendered"),
            ("th", "rendered"),
            ("zh-Hans", "rendered")
        ]
        .map(|(l, st)| (l.to_owned(), st.to_owned())),
        "{:?}",
        s.report
    );
    let mut report = format!("4 renders in {:.1} s; noise threshold {NOISE}\n", s.seconds);
    let mut failures = Vec::new();
    for (lang, _, _) in TRACKS {
        let frames = media::frames(&output(&s.series, 1, lang), &FRAMES, Pixels::Gray);
        let d: Vec<media::Diff> = frames
            .iter()
            .zip(&s.reference)
            .map(|(f, r)| ink(f, r))
            .collect();
        let (bottom, top) = (d[3], d[1]);
        let quiet = [d[0].max, d[2].max, d[4].max];
        // The codec's noise at the cues' frames: the largest difference away from the text.
        let floor = [(1, top), (3, bottom)]
            .iter()
            .filter_map(|(i, d)| Some(noise_outside(&frames[*i], &s.reference[*i], d.bbox?)))
            .max()
            .unwrap_or(0);
        let (left, right) = if lang == "ar" { LOWER_RTL } else { LOWER_LTR };
        let show = |x: Option<Rect>| x.map_or("none".to_owned(), |r| r.to_string());
        report.push_str(&format!(
            "{lang}: bottom cue {} ({} px, max Δ {}), box x {left}–{right}; top cue {} ({} px); \
             max Δ 16 px or more away from the text {floor}; max Δ between cues \
             (frames {BEFORE}, {GAP}, {AFTER}): {quiet:?}\n",
            show(bottom.bbox),
            bottom.count,
            bottom.max,
            show(top.bbox),
            top.count,
        ));
        match bottom.bbox {
            None => failures.push(format!("{lang}: nothing burned in at frame {BOTTOM_MID}")),
            Some(b) => {
                if !(b.x0 >= left && b.x1 < right && b.y0 >= RAIL_TOP && b.y1 < SAFE_BOTTOM) {
                    failures.push(format!(
                        "{lang}: bottom cue {b} outside x {left}–{right} y {RAIL_TOP}–{SAFE_BOTTOM}"
                    ));
                }
                // Centred in its box: the margins are the box, not just a bound.
                let centre = (left + right) as f64 / 2.0;
                if (b.centre_x() - centre).abs() > 12.0 {
                    failures.push(format!(
                        "{lang}: bottom cue centred at x {:.0}, its box's centre is {centre:.0}",
                        b.centre_x()
                    ));
                }
            }
        }
        match top.bbox {
            None => failures.push(format!("{lang}: nothing burned in at frame {TOP_MID}")),
            Some(t) => {
                if !(t.x0 >= UPPER.0 && t.x1 < UPPER.1 && t.y0 >= SAFE_TOP && t.y1 < RAIL_TOP) {
                    failures.push(format!(
                        "{lang}: {{\\an8}} cue {t} outside x {}–{} y {SAFE_TOP}–{RAIL_TOP}",
                        UPPER.0, UPPER.1
                    ));
                }
            }
        }
        if quiet.iter().any(|&m| m > NOISE) {
            failures.push(format!(
                "{lang}: frames without a cue differ from the render without subtitles by \
                 {quiet:?} (threshold {NOISE})"
            ));
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{}\n{report}", failures.join("\n"));
}

/// The burned text of a frame as tesseract likes it: the box of ink grown by 12 px, the white
/// fill (luma ≥ 128; the background is below 100, the outline black) as black on white, with
/// a white border.
fn ocr_image(frame: &Image, bbox: Rect) -> Image {
    frame
        .crop(bbox.grown(12, frame.width, frame.height))
        .map_luma(|v| if v >= 128 { 0 } else { 255 })
        .padded(24, 255)
}

/// Text as tesseract gives it back, for comparison: bidi marks dropped, compatibility forms
/// (Arabic presentation forms, full-width letters) folded.
fn normalised(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| {
            !matches!(
                c,
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{200C}' | '\u{200D}'
            )
        })
        .collect()
}

#[test]
fn ocr_reads_the_english_and_chinese_lines() {
    media::require_tesseract(&["eng", "chi_sim"]);
    let s = shared();
    let mut report = String::new();
    let mut worst = 1.0f64;
    for (lang, data) in [("en-US", "eng"), ("zh-Hans", "chi_sim")] {
        let (_, top, bottom) = TRACKS.iter().find(|t| t.0 == lang).unwrap();
        let frames = media::frames(
            &output(&s.series, 1, lang),
            &[TOP_MID, BOTTOM_MID],
            Pixels::Gray,
        );
        for ((frame, reference), expected) in frames
            .iter()
            .zip([&s.reference[1], &s.reference[3]])
            .zip([top, bottom])
        {
            let bbox = ink(frame, reference)
                .bbox
                .unwrap_or_else(|| panic!("{lang}: no subtitle burned in for `{expected}`"));
            let read = normalised(&media::tesseract(&ocr_image(frame, bbox), data, 6));
            let accuracy = media::char_accuracy(expected, &read);
            worst = worst.min(accuracy);
            report.push_str(&format!(
                "{lang} ({data}): expected `{expected}`, read `{}`: {:.1} %\n",
                read.replace('\n', " / "),
                accuracy * 100.0
            ));
        }
    }
    println!("{report}");
    assert!(
        worst >= 0.9,
        "OCR accuracy below 90 % (worst {:.1} %):\n{report}",
        worst * 100.0
    );
}

/// Area in pixels of white fill below which a blob of the Arabic line is a dot, not a letter
/// or a group of joined letters (measured: dots of Noto Naskh Arabic bold at this size cover
/// under 30 px, the smallest letter, an alef, over 60).
const MIN_LETTER_AREA: usize = 50;

#[test]
fn arabic_is_shaped() {
    media::require_tesseract(&["ara"]);
    let s = shared();
    let (_, _, line) = TRACKS[3];
    let joined = &media::frames(&output(&s.series, 1, "ar"), &[BOTTOM_MID], Pixels::Gray)[0];
    let spaced = &media::frames(&output(&s.series, 2, "ar"), &[BOTTOM_MID], Pixels::Gray)[0];
    let reference = &s.reference[3];
    let between = media::diff(joined, spaced, NOISE);
    // Blobs of white fill: joined letters make one blob per run of connected letters, letters
    // drawn apart one each.
    let blobs = |frame: &Image| {
        let bbox = ink(frame, reference)
            .bbox
            .expect("the Arabic line is burned in");
        let areas = frame
            .crop(bbox.grown(4, frame.width, frame.height))
            .components(|v| v >= 128);
        let letters = areas.iter().filter(|&&a| a >= MIN_LETTER_AREA).count();
        (bbox, letters, areas)
    };
    let (jbox, jletters, jareas) = blobs(joined);
    let (sbox, sletters, sareas) = blobs(spaced);
    let read = normalised(&media::tesseract(&ocr_image(joined, jbox), "ara", 7));
    let accuracy = media::char_accuracy(line, &read);
    let report = format!(
        "joined `{line}`: {jbox}, {jletters} letter blobs (areas {jareas:?})\n\
         spaced: {sbox}, {sletters} letter blobs (areas {sareas:?})\n\
         frames differ in {} px (max Δ {})\n\
         ara OCR of the joined line: `{read}`: {:.1} %",
        between.count,
        between.max,
        accuracy * 100.0
    );
    println!("{report}");
    assert!(
        between.count > 1000,
        "the joined and the spaced line look alike\n{report}"
    );
    // 17 letters in 4 words. Drawn apart, each letter is one blob; joined, the line is 7
    // groups (ذ and ا do not join the letter after them: هذ|ا ا|لشا|ي ليس حقيقيا). A line
    // drawn without shaping would be as many blobs as letters.
    assert!(
        sletters >= 15 && jletters * 2 <= sletters,
        "the joined line is not fewer, larger blobs than the spaced one: unshaped?\n{report}"
    );
    assert!(accuracy >= 0.8, "Arabic OCR below 80 %\n{report}");
}

#[test]
fn streams_are_copied_or_kept() {
    let s = shared();
    let source = s.series.join("episodes/001/clip.mp4");
    let src = media::probe(&source);
    let stream = |v: &Value, kind: &str| -> Value {
        v["streams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["codec_type"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} stream in {v}"))
    };
    let (sv, sa) = (stream(&src, "video"), stream(&src, "audio"));
    let src_packets = media::audio_packets(&source);
    let src_boxes = media::mp4_boxes(&source);
    let order = |boxes: &[String], kind: &str| boxes.iter().position(|b| b == kind);
    // The source is written without +faststart: the order check sees the difference.
    assert!(
        order(&src_boxes, "mdat") < order(&src_boxes, "moov"),
        "{src_boxes:?}"
    );
    let seconds = |v: &Value| v["duration"].as_str().unwrap().parse::<f64>().unwrap();
    let mut report = format!(
        "source: {}×{} {} fps, {} frames, {:.3} s, {} audio packets, boxes {src_boxes:?}\n",
        sv["width"],
        sv["height"],
        sv["r_frame_rate"],
        sv["nb_frames"],
        seconds(&sv),
        src_packets.len()
    );
    for (lang, _, _) in TRACKS {
        let path = output(&s.series, 1, lang);
        let out = media::probe(&path);
        let (ov, oa) = (stream(&out, "video"), stream(&out, "audio"));
        let boxes = media::mp4_boxes(&path);
        let packets = media::audio_packets(&path);
        let same_packets = packets
            .iter()
            .zip(&src_packets)
            .filter(|(a, b)| a == b)
            .count();
        report.push_str(&format!(
            "{lang}: {} {}×{} {} fps (avg {}), {} frames, {:.3} s; audio {} {} of {} packets \
             identical; boxes {boxes:?}\n",
            ov["codec_name"],
            ov["width"],
            ov["height"],
            ov["r_frame_rate"],
            ov["avg_frame_rate"],
            ov["nb_frames"],
            seconds(&ov),
            oa["codec_name"],
            same_packets,
            packets.len().max(src_packets.len())
        ));
        assert_eq!(
            packets, src_packets,
            "{lang}: audio packets differ\n{report}"
        );
        assert_eq!(ov["codec_name"], "h264", "{report}");
        assert_eq!(ov["pix_fmt"], "yuv420p", "{report}");
        for key in [
            "width",
            "height",
            "r_frame_rate",
            "avg_frame_rate",
            "nb_frames",
        ] {
            assert_eq!(ov[key], sv[key], "{lang}: {key}\n{report}");
        }
        assert_eq!(oa["codec_name"], sa["codec_name"], "{report}");
        assert!(
            (seconds(&ov) - seconds(&sv)).abs() <= 1.0 / f64::from(FPS),
            "{lang}: duration off by more than one frame\n{report}"
        );
        assert!(
            order(&boxes, "moov").is_some() && order(&boxes, "moov") < order(&boxes, "mdat"),
            "{lang}: moov is not before mdat (no +faststart)\n{report}"
        );
        let frames = s
            .report
            .iter()
            .find(|r| r["language"] == lang)
            .map(|r| r["frames"].clone());
        assert_eq!(
            frames,
            Some(
                ov["nb_frames"]
                    .as_str()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
                    .into()
            ),
            "{lang}: the report's frame count\n{report}"
        );
    }
    println!("{report}");
}

/// A private-use code point: no font of the Noto packages (nor any other installed here, `fc-list
/// ':charset=e000'` is empty) has a glyph for it.
const NO_GLYPH: char = '\u{E000}';

#[test]
fn a_character_no_font_has_stops_its_track() {
    // The choice holds for the fonts every style of the test picks.
    let fonts = dramaloc::render::fonts::Fonts::system();
    let market = dramaloc::markets::find(Path::new("/nonexistent"), "tiktok").unwrap();
    let burn_in = market.spec.burn_in.as_ref().unwrap();
    for (lang, _, _) in TRACKS {
        let tag = dramaloc::model::Language::parse(lang).unwrap();
        let style = dramaloc::render::plan::style_fonts(&fonts, burn_in, &tag)
            .unwrap_or_else(|e| panic!("{lang}: {e}; install fonts-noto-core fonts-noto-cjk"));
        for font in std::iter::once(&style.primary).chain(&style.fallback) {
            assert!(
                !font.covers(NO_GLYPH),
                "{} has U+E000: pick another character for this test",
                font.family
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let series = series(
        dir.path(),
        small_clip(),
        &[(
            1,
            vec![
                ("en-US", srt("Hello", &format!("Tea {NO_GLYPH} time"))),
                ("zh-Hans", srt("你好", "喝茶")),
            ],
        )],
    );
    let (code, renders, stderr) = render(&series, &[]);
    assert_eq!(code, 1, "{renders:?}\n{stderr}");
    for needle in [
        "[glyph-missing-in-font]",
        "episode 1 en-US",
        "cue 2",
        "U+E000",
        "not rendered",
    ] {
        assert!(stderr.contains(needle), "no `{needle}` in:\n{stderr}");
    }
    assert_eq!(
        statuses(&renders),
        [("zh-Hans".to_owned(), "rendered".to_owned())],
        "{stderr}"
    );
    assert!(output(&series, 1, "zh-Hans").is_file());
    assert!(!output(&series, 1, "en-US").exists(), "{stderr}");
    assert!(temp_files(&series).is_empty(), "{:?}", temp_files(&series));
    assert!(
        !series
            .join(".dramaloc/renders/tiktok/series-001.en-US.mp4.key")
            .exists()
    );
    println!("{stderr}");
}

#[test]
fn missing_programs_and_markets_without_burn_in() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("series");
    Test::new().args(["init", root.to_str().unwrap()]).code(0);
    let ep = root.join("episodes/001");
    std::fs::create_dir_all(&ep).unwrap();
    // Never opened: the programs are checked before anything else.
    std::fs::write(ep.join("clip.mp4"), b"not a video").unwrap();
    std::fs::write(ep.join("episode.toml"), "video = \"clip.mp4\"\n").unwrap();
    std::fs::write(ep.join("en-US.srt"), srt("Hello", "Tea time")).unwrap();
    let run = |env: Option<(&str, &str)>, market: &str| {
        let mut t =
            Test::new()
                .cwd(&root)
                .args(["render", "--market", market, "--preset", "ultrafast"]);
        if let Some((k, v)) = env {
            t = t.env(k, v);
        }
        t.code(2)
    };
    let r = run(Some(("DRAMALOC_FFMPEG", "/nonexistent")), "tiktok");
    assert!(
        r.stderr.contains("ffmpeg was not found (`/nonexistent`)")
            && r.stderr
                .contains("hint: install ffmpeg (`apt install ffmpeg`")
            && r.stderr.contains("DRAMALOC_FFMPEG"),
        "{}",
        r.stderr
    );
    let r = run(Some(("DRAMALOC_FFPROBE", "/nonexistent")), "tiktok");
    assert!(
        r.stderr.contains("ffprobe was not found (`/nonexistent`)")
            && r.stderr.contains("hint: install ffmpeg"),
        "{}",
        r.stderr
    );
    let r = run(None, "us");
    assert!(
        r.stderr
            .contains("market `us` burns no subtitles into video")
            && r.stderr
                .contains("hint: pick a market that does (`--market tiktok`"),
        "{}",
        r.stderr
    );
    assert!(!root.join("renders").exists());
}

/// Modification times of the renders of episode 1.
fn mtimes(series: &Path, langs: &[&str]) -> Vec<SystemTime> {
    langs
        .iter()
        .map(|l| {
            std::fs::metadata(output(series, 1, l))
                .and_then(|m| m.modified())
                .unwrap_or_else(|e| panic!("{l}: {e}"))
        })
        .collect()
}

/// Processes of a process group still running (not zombies), from /proc.
fn alive_in_group(pgid: u32) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| {
            // pid (comm) state ppid pgrp …
            let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
            let fields: Vec<&str> = rest.split_whitespace().collect();
            fields.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(pgid)
                && fields.first() != Some(&"Z")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn unchanged_renders_are_skipped_and_interrupted_ones_resumed() {
    use std::os::unix::process::CommandExt;

    let langs = ["en-US", "zh-Hans"];
    let dir = tempfile::tempdir().unwrap();
    let series = series(
        dir.path(),
        small_clip(),
        &[(
            1,
            vec![
                ("en-US", srt("Hello", "Tea time")),
                ("zh-Hans", srt("你好", "喝茶")),
            ],
        )],
    );
    let rendered = |r: &[(&str, &str)]| {
        r.iter()
            .map(|(l, s)| ((*l).to_owned(), (*s).to_owned()))
            .collect::<Vec<_>>()
    };
    let (code, renders, stderr) = render(&series, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        statuses(&renders),
        rendered(&[("en-US", "rendered"), ("zh-Hans", "rendered")])
    );
    let first = mtimes(&series, &langs);

    // Nothing changed: both current, neither file touched.
    let (code, renders, stderr) = render(&series, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        statuses(&renders),
        rendered(&[("en-US", "current"), ("zh-Hans", "current")])
    );
    assert_eq!(
        mtimes(&series, &langs),
        first,
        "a current render was rewritten"
    );

    // One track edited: only its render is made again.
    std::fs::write(
        series.join("episodes/001/en-US.srt"),
        srt("Hello", "Tea time is over"),
    )
    .unwrap();
    let (code, renders, stderr) = render(&series, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        statuses(&renders),
        rendered(&[("en-US", "rendered"), ("zh-Hans", "current")])
    );
    let edited = mtimes(&series, &langs);
    assert_ne!(edited[0], first[0]);
    assert_eq!(
        edited[1], first[1],
        "the unchanged track's render was rewritten"
    );

    // Interrupted: both renders gone, one render at a time; once the first is done and the
    // second under way, the whole process group (dramaloc and its ffmpeg) is killed.
    for l in langs {
        std::fs::remove_file(output(&series, 1, l)).unwrap();
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dramaloc"));
    cmd.args([
        "render",
        "--market",
        "tiktok",
        "--preset",
        "ultrafast",
        "-j",
        "1",
    ])
    .current_dir(&series)
    .env_clear()
    .env("PATH", std::env::var("PATH").unwrap_or_default())
    .env("LANG", "C")
    .stdin(std::process::Stdio::null())
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .process_group(0);
    for var in ["DRAMALOC_FFMPEG", "DRAMALOC_FFPROBE"] {
        if let Ok(v) = std::env::var(var) {
            cmd.env(var, v);
        }
    }
    let mut child = cmd.spawn().unwrap();
    let pgid = child.id();
    let started = Instant::now();
    let (done, unfinished) = loop {
        let done: Vec<&str> = langs
            .iter()
            .copied()
            .filter(|l| output(&series, 1, l).is_file())
            .collect();
        let temps = temp_files(&series);
        if done.len() == 1 && temps.len() == 1 {
            let unfinished = langs.iter().copied().find(|l| !done.contains(l)).unwrap();
            break (done[0], unfinished);
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the render ended ({status}) before it could be interrupted: {done:?} done, \
                 temporary files {temps:?}"
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no render under way after 120 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let killed_after = started.elapsed();
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -s KILL -- -{pgid}")])
        .status()
        .unwrap();
    assert!(kill.success(), "kill of the process group {pgid} failed");
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !alive_in_group(pgid).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        alive_in_group(pgid).is_empty(),
        "still running after the kill: {:?}",
        alive_in_group(pgid)
    );
    let leftovers = temp_files(&series);
    assert!(
        !output(&series, 1, unfinished).exists(),
        "the interrupted {unfinished} render left a final file"
    );
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");

    // The next run makes only the unfinished render, and no temporary file stays.
    let (code, renders, stderr) = render(&series, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut expected = rendered(&[(done, "current"), (unfinished, "rendered")]);
    expected.sort();
    assert_eq!(statuses(&renders), expected, "{stderr}");
    assert!(output(&series, 1, unfinished).is_file());
    assert!(temp_files(&series).is_empty(), "{:?}", temp_files(&series));
    println!(
        "killed after {killed_after:.2?} with {done} done and {unfinished} under way ({}); \
         the next run: {:?}",
        leftovers[0].file_name().unwrap().to_string_lossy(),
        statuses(&renders)
    );
}
