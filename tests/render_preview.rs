//! `preview` and `check --format html --previews`, measured on pixels: stills of a generated
//! 1080×1920 clip (ffmpeg lavfi) and of an episode without video are decoded to raw RGB and
//! compared with the same frame taken straight from the clip, so that the subtitle, its place,
//! the cue shown and the interface zones' tint are numbers, not impressions. The HTML page is
//! loaded by headless Chromium with a probe that lists every resource the page fetched.
//!
//! These tests need ffmpeg, ffprobe, the Noto fonts and Chromium, and fail (naming the
//! package) when one is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::cli::{Sandbox, Test};

/// TikTok's safe box at 1080×1920 (src/markets/builtin/tiktok.toml): x 120–960 above the
/// rail line at y 840, x 120–780 below it, y 240–1260.
const SAFE: (u32, u32, u32, u32) = (120, 240, 780, 1260);
/// The zone colour and opacity of `render::zones::overlay_events`: `&H3030E0&` at alpha 0x99.
const ZONE_RGB: [f64; 3] = [224.0, 48.0, 48.0];
const ZONE_OPACITY: f64 = (255.0 - 153.0) / 255.0;
/// The neutral frame of an episode without video.
const NEUTRAL: u8 = 0x40;

fn require_tools() {
    crate::support::media::require_ffmpeg();
    let fonts = Command::new("fc-list")
        .arg("Noto Sans:style=Bold")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(
        fonts.contains("NotoSans-Bold"),
        "these tests draw with Noto Sans Bold, which is not installed: run `apt-get install fonts-noto-core`"
    );
}

/// A series with the TikTok market and episode 1 (and, with `video`, a 4 s 1080×1920 30 fps
/// clip with silent audio). `en-US` of episode 1 is `track` (name and content).
fn series(sb: &Sandbox, video: bool, track: (&str, &str)) -> PathBuf {
    let root = sb.path().join("tea");
    let ep = root.join("episodes/001");
    std::fs::create_dir_all(&ep).unwrap();
    std::fs::write(
        root.join("series.toml"),
        "id = \"tea\"\ntitle = \"Tea\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30\"\nresolution = \"1080x1920\"\nmarkets = [\"tiktok\"]\n",
    )
    .unwrap();
    std::fs::write(ep.join(track.0), track.1).unwrap();
    if video {
        std::fs::write(ep.join("episode.toml"), "video = \"clip.mp4\"\n").unwrap();
        let out = Command::new("ffmpeg")
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=1080x1920:r=30:d=4",
                "-f",
                "lavfi",
                "-i",
                "anullsrc=r=48000:cl=stereo",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-threads",
                "1",
            ])
            .arg(ep.join("clip.mp4"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    root
}

/// Two cues: a short one and one that the 20-character box breaks into two lines.
const SRT: &str = "1\n00:00:00,500 --> 00:00:01,500\nHi\n\n2\n00:00:02,500 --> 00:00:03,800\nWhere does this tea come from\n\n";

/// An RGB picture.
struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Picture {
    fn px(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

fn raw_rgb(args: &[&str], width: u32, height: u32) -> Picture {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error"])
        .args(args)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout.len(), (width * height * 3) as usize);
    Picture {
        width,
        height,
        rgb: out.stdout,
    }
}

/// What ffprobe says of a still: codec, width, height.
fn probe(png: &Path) -> (String, u32, u32) {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,width,height",
            "-of",
            "json",
        ])
        .arg(png)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["streams"][0];
    (
        s["codec_name"].as_str().unwrap_or_default().to_owned(),
        u32::try_from(s["width"].as_u64().unwrap()).unwrap(),
        u32::try_from(s["height"].as_u64().unwrap()).unwrap(),
    )
}

/// A still, decoded.
fn still(png: &Path) -> Picture {
    let (codec, w, h) = probe(png);
    assert_eq!(codec, "png", "{}", png.display());
    raw_rgb(&["-i", png.to_str().unwrap()], w, h)
}

/// The clip's frame at `seconds`, as the preview seeks it, without subtitles or zones.
fn clip_frame(clip: &Path, seconds: &str) -> Picture {
    raw_rgb(
        &[
            "-ss",
            seconds,
            "-i",
            clip.to_str().unwrap(),
            "-vf",
            "format=rgb24",
        ],
        1080,
        1920,
    )
}

/// Frame `n` of the clip, picked by number from the start (no seeking).
fn clip_frame_number(clip: &Path, n: u32) -> Picture {
    raw_rgb(
        &[
            "-i",
            clip.to_str().unwrap(),
            "-vf",
            &format!("select=eq(n\\,{n}),format=rgb24"),
        ],
        1080,
        1920,
    )
}

fn white(p: [u8; 3]) -> bool {
    p.iter().all(|&c| c >= 235)
}

/// Pixels white in the still but not in the frame underneath: the subtitle's letters. Their
/// count and bounding box (x0, y0, x1, y1).
fn text_pixels(
    still: &Picture,
    under: impl Fn(u32, u32) -> [u8; 3],
) -> (usize, (u32, u32, u32, u32)) {
    let mut n = 0;
    let mut bbox = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..still.height {
        for x in 0..still.width {
            if white(still.px(x, y)) && !white(under(x, y)) {
                n += 1;
                bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
            }
        }
    }
    (n, bbox)
}

/// Mean over a rectangle of |still − expected| per channel, where `expected` is computed
/// from the frame underneath.
fn mean_error(
    still: &Picture,
    rect: (u32, u32, u32, u32),
    expected: impl Fn(u32, u32) -> [f64; 3],
) -> f64 {
    let (x0, y0, x1, y1) = rect;
    let mut sum = 0.0;
    let mut n = 0.0;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = still.px(x, y);
            let e = expected(x, y);
            for c in 0..3 {
                sum += (f64::from(p[c]) - e[c]).abs();
                n += 1.0;
            }
        }
    }
    sum / n
}

/// Mean colour of a rectangle.
fn mean(p: &Picture, rect: (u32, u32, u32, u32)) -> [f64; 3] {
    let (x0, y0, x1, y1) = rect;
    let mut s = [0.0; 3];
    for y in y0..y1 {
        for x in x0..x1 {
            let v = p.px(x, y);
            for c in 0..3 {
                s[c] += f64::from(v[c]);
            }
        }
    }
    let n = f64::from((x1 - x0) * (y1 - y0));
    s.map(|v| v / n)
}

fn tinted(under: [u8; 3]) -> [f64; 3] {
    let mut out = [0.0; 3];
    for c in 0..3 {
        out[c] = f64::from(under[c]) + ZONE_OPACITY * (ZONE_RGB[c] - f64::from(under[c]));
    }
    out
}

fn untouched(under: [u8; 3]) -> [f64; 3] {
    under.map(f64::from)
}

/// The top band and TikTok's rail zone.
const TOP_BAND: (u32, u32, u32, u32) = (0, 0, 1080, 240);
const RAIL: (u32, u32, u32, u32) = (780, 840, 1080, 1260);

fn json(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    v["previews"].as_array().unwrap().clone()
}

#[test]
fn cue_still_is_the_frame_with_the_subtitle_in_the_safe_box_and_the_zones_tinted() {
    require_tools();
    let sb = Sandbox::new();
    let root = series(&sb, true, ("en-US.srt", SRT));
    let run = Test::new()
        .cwd(&root)
        .args(["preview", "--cue", "2"])
        .code(0);
    assert_eq!(run.stdout.trim(), "previews/tiktok/tea-001.en-US.cue2.png");
    let png = root.join("previews/tiktok/tea-001.en-US.cue2.png");
    assert_eq!(probe(&png), ("png".to_owned(), 1080, 1920));
    let s = still(&png);
    // Cue 2 runs 2.500–3.800: its midpoint is 3.150, and the first frame at or after it is
    // frame 95 (3.167 s at 30 fps). The clip's frames all differ (testsrc2 counts them).
    let clip = root.join("episodes/001/clip.mp4");
    let f = clip_frame_number(&clip, 95);
    let seeked = clip_frame(&clip, "3.150");
    assert!(seeked.rgb == f.rgb, "seeking to 3.150 gives frame 95");
    assert!(clip_frame_number(&clip, 94).rgb != f.rgb);

    // (a) The subtitle: white letters that the frame does not have, inside the safe box, at
    // its bottom, two lines (the box holds 20 characters a line at 60 px).
    let (n, (x0, y0, x1, y1)) = text_pixels(&s, |x, y| f.px(x, y));
    eprintln!("text pixels {n}, box x {x0}–{x1}, y {y0}–{y1}");
    assert!(n > 2_000, "{n} text pixels");
    assert!(
        x0 >= SAFE.0 && y0 >= SAFE.1 && x1 <= SAFE.2 && y1 <= SAFE.3,
        "text box x {x0}–{x1}, y {y0}–{y1} leaves the safe box {SAFE:?}"
    );
    assert!(
        y1 > SAFE.3 - 80,
        "bottom cue sits on the safe box's bottom: y1 {y1}"
    );
    assert!(
        y1 - y0 > 70,
        "two lines (one is 32 px high): height {}",
        y1 - y0
    );

    // (b) The zones: every pixel of the top band and of the rail zone is the frame tinted
    // 40 % towards the zone red; the mean colour moves accordingly. Inside the safe box, away
    // from the text, the frame is untouched.
    let top = mean_error(&s, TOP_BAND, |x, y| tinted(f.px(x, y)));
    let rail = mean_error(&s, RAIL, |x, y| tinted(f.px(x, y)));
    let inside = mean_error(&s, (200, 300, 700, 800), |x, y| untouched(f.px(x, y)));
    let untinted_top = mean_error(&s, TOP_BAND, |x, y| untouched(f.px(x, y)));
    let (before, after) = (mean(&f, TOP_BAND), mean(&s, TOP_BAND));
    let (rail_before, rail_after) = (mean(&f, RAIL), mean(&s, RAIL));
    eprintln!(
        "top band mean {before:.1?} → {after:.1?} (error vs tint {top:.2}, vs no tint {untinted_top:.1}); rail {rail_before:.1?} → {rail_after:.1?} (error {rail:.2}); safe box error {inside:.2}"
    );
    assert!(
        top < 3.0 && rail < 3.0,
        "zones tinted as drawn: {top}, {rail}"
    );
    assert!(untinted_top > 15.0, "the top band changed: {untinted_top}");
    for (b, a) in [(before, after), (rail_before, rail_after)] {
        assert!(a[0] - b[0] > 10.0 && b[1] - a[1] > 10.0, "{b:?} → {a:?}");
    }
    assert!(inside < 1.5, "the safe box is not tinted: {inside}");
}

#[test]
fn at_picks_the_cue_shown_then_and_nothing_between_cues() {
    require_tools();
    let sb = Sandbox::new();
    let root = series(&sb, true, ("en-US.srt", SRT));
    let clip = root.join("episodes/001/clip.mp4");
    let mut boxes = Vec::new();
    for (at, file, ms, cue, seconds) in [
        ("00:00:01.000", "at1000", 1000, Value::from(1), "1.000"),
        ("2", "at2000", 2000, Value::Null, "2.000"),
        ("3.2", "at3200", 3200, Value::from(2), "3.200"),
    ] {
        let run = Test::new()
            .cwd(&root)
            .args(["--format", "json", "preview", "--at", at])
            .code(0);
        let list = json(&run.stdout);
        assert_eq!(list.len(), 1, "{}", run.stdout);
        let path = format!("previews/tiktok/tea-001.en-US.{file}.png");
        assert_eq!(list[0]["path"], path.as_str());
        assert_eq!(list[0]["ms"], ms);
        assert_eq!(list[0]["cue"], cue, "{}", run.stdout);
        assert_eq!(list[0]["reason"], "at");
        let s = still(&root.join(&path));
        let f = clip_frame(&clip, seconds);
        boxes.push(text_pixels(&s, |x, y| f.px(x, y)));
    }
    eprintln!("text pixels and boxes at 1.0, 2.0, 3.2 s: {boxes:?}");
    // 1.0 s: cue 1, "Hi", one short line; 2.0 s: between the cues, no letters; 3.2 s: cue 2,
    // two wide lines.
    let (n1, b1) = boxes[0];
    let (n2, _) = boxes[1];
    let (n3, b3) = boxes[2];
    assert!(
        n1 > 100 && b1.2 - b1.0 < 150 && b1.3 - b1.1 < 80,
        "{:?}",
        boxes[0]
    );
    assert_eq!(n2, 0, "no subtitle between the cues");
    assert!(
        n3 > n1 * 4 && b3.2 - b3.0 > 300 && b3.3 - b3.1 > 70,
        "{:?}",
        boxes[2]
    );
    // A time past the end of the 4 s video: no still, exit 1.
    let run = Test::new()
        .cwd(&root)
        .args(["preview", "--at", "9"])
        .code(1);
    assert!(run.stderr.contains("past the end"), "{}", run.stderr);
    // No such cue: exit 1; bad values: exit 2.
    let run = Test::new()
        .cwd(&root)
        .args(["preview", "--cue", "7"])
        .code(1);
    assert!(run.stderr.contains("no cue 7"), "{}", run.stderr);
    Test::new()
        .cwd(&root)
        .args(["preview", "--at", "1:75"])
        .code(2);
    Test::new()
        .cwd(&root)
        .args(["preview", "--cue", "0"])
        .code(2);
    Test::new()
        .cwd(&root)
        .args(["preview", "--cue", "1", "--at", "1"])
        .code(2);
}

#[test]
fn without_video_the_still_is_a_neutral_frame_of_the_series_size() {
    require_tools();
    let sb = Sandbox::new();
    // Cue 3 holds a hieroglyph no style font has: previewed anyway, with a warning.
    let srt = format!("{SRT}3\n00:00:04,000 --> 00:00:05,000\nTea \u{13000}\n\n");
    let root = series(&sb, false, ("en-US.srt", &srt));
    let run = Test::new()
        .cwd(&root)
        .args(["--format", "json", "preview", "--cue", "1", "-o", "stills"])
        .code(0);
    assert!(
        run.stderr.contains("[glyph-missing-in-font]") && run.stderr.contains("U+13000"),
        "{}",
        run.stderr
    );
    let list = json(&run.stdout);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["path"], "stills/tea-001.en-US.cue1.png");
    assert_eq!(list[0]["episode"], 1);
    assert_eq!(list[0]["language"], "en-US");
    assert_eq!(list[0]["cue"], 1);
    assert_eq!(list[0]["ms"], 1000);
    assert_eq!(list[0]["reason"], "cue");
    let png = root.join("stills/tea-001.en-US.cue1.png");
    assert_eq!(probe(&png), ("png".to_owned(), 1080, 1920));
    let s = still(&png);
    let grey = |_: u32, _: u32| [NEUTRAL; 3];
    let (n, (x0, y0, x1, y1)) = text_pixels(&s, grey);
    eprintln!("no video: text pixels {n}, box x {x0}–{x1}, y {y0}–{y1}");
    assert!(n > 100, "{n}");
    assert!(x0 >= SAFE.0 && y0 >= SAFE.1 && x1 <= SAFE.2 && y1 <= SAFE.3);
    // Outside the zones and away from the text: exactly the neutral grey. In the zones: the
    // grey tinted towards the zone red.
    let grey_err = mean_error(&s, (SAFE.0, SAFE.1, SAFE.2, 1100), |x, y| {
        untouched(grey(x, y))
    });
    let top = mean_error(&s, TOP_BAND, |x, y| tinted(grey(x, y)));
    let rail = mean_error(&s, RAIL, |x, y| tinted(grey(x, y)));
    eprintln!(
        "no video: grey error {grey_err:.2}, top band {:.1?} (error {top:.2}), rail error {rail:.2}",
        mean(&s, TOP_BAND)
    );
    assert!(grey_err < 0.5, "{grey_err}");
    assert!(top < 2.0 && rail < 2.0, "{top} {rail}");
}

/// An ASS track with one line too long for the vertical limits (cue 2) and one cue placed
/// below the safe box (cue 3), in a style that is itself inside the box.
const PLANTED: &str = "[Script Info]\nScriptType: v4.00+\nPlayResX: 1080\nPlayResY: 1920\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\nStyle: Default,Noto Sans,60,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,120,300,672,1\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.20,0:00:01.40,Default,,0,0,0,,Hi\nDialogue: 0,0:00:01.60,0:00:02.60,Default,,0,0,0,,The tea from the northern slopes is not the same\nDialogue: 0,0:00:02.80,0:00:03.80,Default,,0,0,0,,{\\pos(540,1700)}Too low\n";

#[test]
fn one_still_per_finding_and_the_html_report_embeds_them() {
    require_tools();
    let sb = Sandbox::new();
    let root = series(&sb, true, ("en-US.ass", PLANTED));
    let run = Test::new()
        .cwd(&root)
        .args(["--format", "json", "preview"])
        .code(0);
    let list = json(&run.stdout);
    let got: Vec<(String, Value, String)> = list
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["cue"].clone(),
                p["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "previews/tiktok/tea-001.en-US.cue2.png".to_owned(),
                Value::from(2),
                "line-too-long".to_owned()
            ),
            (
                "previews/tiktok/tea-001.en-US.cue3.png".to_owned(),
                Value::from(3),
                "position-outside-safe-area".to_owned()
            ),
        ]
    );
    for (path, ..) in &got {
        assert_eq!(probe(&root.join(path)), ("png".to_owned(), 1080, 1920));
    }

    // The HTML report: one embedded still per finding, in episode 1's section.
    let run = Test::new()
        .cwd(&root)
        .args([
            "check",
            "--format",
            "html",
            "--previews",
            "-o",
            "report.html",
        ])
        .code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let page = root.join("report.html");
    let source = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        source.matches("<img src=\"data:image/png;base64,").count(),
        2
    );
    assert_eq!(
        source.matches("src=").count(),
        source.matches("src=\"data:image/png;base64,").count()
    );
    for needle in ["<script", "http://", "https://", "@import", "url(", "<link"] {
        assert!(!source.contains(needle), "the page contains `{needle}`");
    }
    let images: Vec<&str> = source.split("<img ").skip(1).collect();
    for (img, (cue, rule)) in images
        .iter()
        .zip([("2", "line-too-long"), ("3", "position-outside-safe-area")])
    {
        let tag = &img[..img.find("/>").unwrap()];
        for attr in [
            "data-episode=\"1\"".to_owned(),
            "data-lang=\"en-US\"".to_owned(),
            format!("data-cue=\"{cue}\""),
            format!("data-rule=\"{rule}\""),
        ] {
            assert!(
                tag.contains(&attr),
                "{attr} missing in <img {}",
                &tag[tag.len() - 300..]
            );
        }
        // The embedded PNG is a real picture: the page's half-size copy.
        let b64 = tag
            .strip_prefix("src=\"data:image/png;base64,")
            .and_then(|t| t.split('"').next())
            .unwrap();
        let file = sb.path().join(format!("embedded{cue}.png"));
        std::fs::write(&file, decode_base64(b64)).unwrap();
        assert_eq!(probe(&file), ("png".to_owned(), 540, 960));
        let after = &img[img.find("/>").unwrap()..];
        let caption =
            &after[after.find("<figcaption>").unwrap() + 12..after.find("</figcaption>").unwrap()];
        assert!(
            caption.contains(&format!("cue {cue}")) && caption.contains(rule),
            "{caption}"
        );
    }
    let section = &source[source.find("data-episode=\"1\"").unwrap()..];
    assert!(
        section.find("<svg class=\"timeline\"").unwrap() < section.find("<img ").unwrap(),
        "the stills follow the episode's timeline"
    );

    // Headless Chromium: the page loads, both stills decode, and the page fetched nothing.
    let probe_page = sb.path().join("probe.html");
    std::fs::write(&probe_page, source.replace("</body>", PROBE)).unwrap();
    let dom = crate::support::chromium::rendered_dom(&probe_page, sb.path());
    let probed = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("no probe output in the DOM"));
    let v: Value = serde_json::from_str(&probed.replace("&quot;", "\"")).unwrap();
    eprintln!("chromium: {v}");
    assert_eq!(v["resources"], Value::Array(Vec::new()), "requests made");
    assert_eq!(
        v["images"],
        serde_json::json!([
            {"episode": "1", "lang": "en-US", "cue": "2", "complete": true, "width": 540, "height": 960},
            {"episode": "1", "lang": "en-US", "cue": "3", "complete": true, "width": 540, "height": 960},
        ])
    );

    // --previews needs --format html; a market that burns nothing in is refused.
    let run = Test::new().cwd(&root).args(["check", "--previews"]).code(2);
    assert!(run.stderr.contains("--format html"), "{}", run.stderr);
    let run = Test::new()
        .cwd(&root)
        .args(["check", "--format", "html", "--previews", "--market", "us"])
        .code(2);
    assert!(run.stderr.contains("[burn_in]"), "{}", run.stderr);
}

/// Lists, once the page has loaded, every resource it fetched (Resource Timing) and every
/// image with its decoded size.
const PROBE: &str = "<script>window.addEventListener('load',()=>{const o=document.createElement('pre');o.id='probe';o.textContent=JSON.stringify({resources:performance.getEntriesByType('resource').map(e=>e.name),images:[...document.images].map(i=>({episode:i.dataset.episode,lang:i.dataset.lang,cue:i.dataset.cue,complete:i.complete,width:i.naturalWidth,height:i.naturalHeight}))});document.body.appendChild(o);});</script></body>";

fn decode_base64(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for b in s.bytes().filter(|&b| b != b'=') {
        let v = ALPHABET.iter().position(|&a| a == b).expect("base64 digit") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn help_in_chinese_and_missing_ffmpeg() {
    let run = Test::new()
        .args(["--lang", "zh-CN", "preview", "--help"])
        .code(0);
    for flag in [
        "--market",
        "--lang",
        "--episodes",
        "--cue",
        "--at",
        "--output",
        "--jobs",
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.contains(flag))
            .unwrap_or_else(|| panic!("{flag} missing:\n{}", run.stdout));
        assert!(
            line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{line}"
        );
    }
    assert!(run.stdout.contains("静帧"), "{}", run.stdout);
    let run = Test::new()
        .args(["--lang", "zh-CN", "check", "--help"])
        .code(0);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("--previews"))
        .unwrap();
    let rest = &run.stdout[run.stdout.find(line).unwrap()..];
    assert!(rest.contains("预览静帧"), "{rest}");

    let sb = Sandbox::new();
    let root = series(&sb, false, ("en-US.srt", SRT));
    let run = Test::new()
        .cwd(&root)
        .env("DRAMALOC_FFMPEG", "/nonexistent/ffmpeg")
        .args(["preview", "--cue", "1"])
        .code(2);
    assert!(run.stderr.contains("apt install ffmpeg"), "{}", run.stderr);
    let run = Test::new()
        .cwd(&root)
        .args(["preview", "--market", "us"])
        .code(2);
    assert!(run.stderr.contains("[burn_in]"), "{}", run.stderr);
}
