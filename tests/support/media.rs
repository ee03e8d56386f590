//! Looking at videos from tests: generated lavfi clips, decoded frames as raw bytes, the box of
//! pixels two frames differ in, OCR with tesseract, character accuracy, audio packet checksums
//! and the MP4 box order. A program the tests need and cannot run fails the test with the
//! Debian package that provides it; nothing is skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `DRAMALOC_FFMPEG` or `ffmpeg` from `PATH` (the program dramaloc itself would run).
pub fn ffmpeg() -> PathBuf {
    std::env::var_os("DRAMALOC_FFMPEG").map_or_else(|| "ffmpeg".into(), PathBuf::from)
}

/// `DRAMALOC_FFPROBE` or `ffprobe` from `PATH`.
pub fn ffprobe() -> PathBuf {
    std::env::var_os("DRAMALOC_FFPROBE").map_or_else(|| "ffprobe".into(), PathBuf::from)
}

/// Check that `program args` runs and succeeds; fail naming the Debian package otherwise.
fn require(program: &Path, args: &[&str], package: &str) -> Output {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `{}` ({e}): this test needs it; install the Debian package \
                 `{package}` (`apt-get install {package}`)",
                program.display()
            )
        });
    assert!(
        out.status.success(),
        "`{} {}` failed ({}): install the Debian package `{package}`\n{}",
        program.display(),
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// ffmpeg and ffprobe (Debian `ffmpeg`), built with libx264 and libass.
pub fn require_ffmpeg() {
    let out = require(&ffmpeg(), &["-hide_banner", "-version"], "ffmpeg");
    let version = String::from_utf8_lossy(&out.stdout);
    for lib in ["--enable-libx264", "--enable-libass"] {
        assert!(
            version.contains(lib),
            "{} is built without {lib}; the Debian package `ffmpeg` has it",
            ffmpeg().display()
        );
    }
    require(&ffprobe(), &["-hide_banner", "-version"], "ffmpeg");
}

/// tesseract with the trained data of `langs` (`eng`, `chi_sim`, `ara`): Debian
/// `tesseract-ocr` and `tesseract-ocr-<lang>` (with `-` for `_`).
pub fn require_tesseract(langs: &[&str]) {
    let out = require(Path::new("tesseract"), &["--list-langs"], "tesseract-ocr");
    // Older versions list on stderr.
    let listed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for lang in langs {
        let package = format!("tesseract-ocr-{}", lang.replace('_', "-"));
        assert!(
            listed.lines().any(|l| l.trim() == *lang),
            "tesseract has no `{lang}` data: install the Debian package `{package}` \
             (`apt-get install {package}`); it lists:\n{listed}"
        );
    }
}

/// Run a command to its end; fail with its stderr unless it succeeds.
pub fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
    assert!(
        out.status.success(),
        "{shown} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A generated test clip.
#[derive(Debug, Clone)]
pub struct ClipSpec {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub seconds: u32,
    /// A lavfi video source (`{s}` is replaced by `WxH`, `{r}` by the frame rate).
    pub source: String,
}

/// Make a clip: the lavfi `source` encoded with H.264 (CRF 18, ultrafast) plus a silent
/// stereo AAC track from `anullsrc`, exactly `seconds` long.
pub fn make_clip(path: &Path, spec: &ClipSpec) {
    let source = spec
        .source
        .replace("{s}", &format!("{}x{}", spec.width, spec.height))
        .replace("{r}", &spec.fps.to_string());
    run(Command::new(ffmpeg())
        .args(["-hide_banner", "-nostdin", "-y", "-loglevel", "error"])
        .args(["-f", "lavfi", "-i", &source])
        .args(["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"])
        .args(["-t", &spec.seconds.to_string(), "-r", &spec.fps.to_string()])
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18"])
        .args(["-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"])
        .args(["-threads", "1", "-f", "mp4"])
        .arg(path));
}

/// Pixel layout of a decoded frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pixels {
    Gray,
    Rgb,
}

impl Pixels {
    fn channels(self) -> usize {
        match self {
            Pixels::Gray => 1,
            Pixels::Rgb => 3,
        }
    }

    fn ffmpeg_name(self) -> &'static str {
        match self {
            Pixels::Gray => "gray",
            Pixels::Rgb => "rgb24",
        }
    }
}

/// A decoded frame (or a crop of one): rows of `width * channels` bytes.
#[derive(Clone)]
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub pixels: Pixels,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}×{} {:?})", self.width, self.height, self.pixels)
    }
}

/// A rectangle of pixels, bounds included: x0..=x1, y0..=y1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Rect {
    pub fn width(&self) -> usize {
        self.x1 + 1 - self.x0
    }

    pub fn height(&self) -> usize {
        self.y1 + 1 - self.y0
    }

    /// The horizontal centre.
    pub fn centre_x(&self) -> f64 {
        (self.x0 + self.x1) as f64 / 2.0
    }

    /// Whether the rectangle lies inside `x0..=x1` × `y0..=y1` (pixel bounds included).
    pub fn inside(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> bool {
        self.x0 >= x0 && self.x1 <= x1 && self.y0 >= y0 && self.y1 <= y1
    }

    /// Grown by `m` pixels on every side, clipped to `width` × `height`.
    pub fn grown(&self, m: usize, width: usize, height: usize) -> Rect {
        Rect {
            x0: self.x0.saturating_sub(m),
            y0: self.y0.saturating_sub(m),
            x1: (self.x1 + m).min(width - 1),
            y1: (self.y1 + m).min(height - 1),
        }
    }
}

impl std::fmt::Display for Rect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "x {}–{} y {}–{} ({}×{})",
            self.x0,
            self.x1,
            self.y0,
            self.y1,
            self.width(),
            self.height()
        )
    }
}

impl Image {
    fn channels(&self) -> usize {
        self.pixels.channels()
    }

    /// The bytes of pixel (x, y).
    pub fn at(&self, x: usize, y: usize) -> &[u8] {
        let c = self.channels();
        let i = (y * self.width + x) * c;
        &self.data[i..i + c]
    }

    /// Luma (BT.601 weights for RGB).
    pub fn luma(&self, x: usize, y: usize) -> u8 {
        match self.at(x, y) {
            [v] => *v,
            [r, g, b] => {
                ((299 * u32::from(*r) + 587 * u32::from(*g) + 114 * u32::from(*b) + 500) / 1000)
                    as u8
            }
            _ => unreachable!(),
        }
    }

    pub fn crop(&self, r: Rect) -> Image {
        let c = self.channels();
        let mut data = Vec::with_capacity(r.width() * r.height() * c);
        for y in r.y0..=r.y1 {
            let start = (y * self.width + r.x0) * c;
            data.extend_from_slice(&self.data[start..start + r.width() * c]);
        }
        Image {
            width: r.width(),
            height: r.height(),
            pixels: self.pixels,
            data,
        }
    }

    /// A gray image from a function of each pixel's luma.
    pub fn map_luma(&self, f: impl Fn(u8) -> u8) -> Image {
        let mut data = Vec::with_capacity(self.width * self.height);
        for y in 0..self.height {
            for x in 0..self.width {
                data.push(f(self.luma(x, y)));
            }
        }
        Image {
            width: self.width,
            height: self.height,
            pixels: Pixels::Gray,
            data,
        }
    }

    /// The image with a border of `m` pixels of `value` (every channel) around it.
    pub fn padded(&self, m: usize, value: u8) -> Image {
        let c = self.channels();
        let width = self.width + 2 * m;
        let mut data = vec![value; width * (self.height + 2 * m) * c];
        for y in 0..self.height {
            let from = y * self.width * c;
            let to = ((y + m) * width + m) * c;
            data[to..to + self.width * c].copy_from_slice(&self.data[from..from + self.width * c]);
        }
        Image {
            width,
            height: self.height + 2 * m,
            pixels: self.pixels,
            data,
        }
    }

    /// Binary PGM/PPM, which tesseract (leptonica) and any viewer read.
    pub fn write_pnm(&self, path: &Path) {
        let magic = match self.pixels {
            Pixels::Gray => "P5",
            Pixels::Rgb => "P6",
        };
        let mut bytes = format!("{magic}\n{} {}\n255\n", self.width, self.height).into_bytes();
        bytes.extend_from_slice(&self.data);
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// The number of 8-connected regions of pixels for which `ink` holds, with their areas,
    /// largest first.
    pub fn components(&self, ink: impl Fn(u8) -> bool) -> Vec<usize> {
        let (w, h) = (self.width, self.height);
        let mut seen = vec![false; w * h];
        let mut areas = Vec::new();
        let mut stack = Vec::new();
        for start in 0..w * h {
            if seen[start] || !ink(self.luma(start % w, start / w)) {
                continue;
            }
            seen[start] = true;
            stack.push(start);
            let mut area = 0;
            while let Some(i) = stack.pop() {
                area += 1;
                let (x, y) = ((i % w) as isize, (i / w) as isize);
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        let (nx, ny) = (x + dx, y + dy);
                        if nx < 0 || ny < 0 || nx >= w as isize || ny >= h as isize {
                            continue;
                        }
                        let j = ny as usize * w + nx as usize;
                        if !seen[j] && ink(self.luma(nx as usize, ny as usize)) {
                            seen[j] = true;
                            stack.push(j);
                        }
                    }
                }
            }
            areas.push(area);
        }
        areas.sort_unstable_by(|a, b| b.cmp(a));
        areas
    }
}

/// Width, height and frame count of a video's first video stream.
pub fn video_size(video: &Path) -> (usize, usize) {
    let v = probe(video);
    let s = v["streams"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["codec_type"] == "video"))
        .unwrap_or_else(|| panic!("{}: no video stream", video.display()));
    (
        s["width"].as_u64().unwrap() as usize,
        s["height"].as_u64().unwrap() as usize,
    )
}

/// Decode the frames with these 0-based numbers (in decoding order of presentation: ffmpeg's
/// `select` counts frames as they leave the decoder), in the order asked.
pub fn frames(video: &Path, numbers: &[usize], pixels: Pixels) -> Vec<Image> {
    let (width, height) = video_size(video);
    let mut sorted: Vec<usize> = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let select = sorted
        .iter()
        .map(|n| format!("eq(n\\,{n})"))
        .collect::<Vec<_>>()
        .join("+");
    let out = run(Command::new(ffmpeg())
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-i"])
        .arg(video)
        .args(["-map", "0:v:0", "-vf", &format!("select={select}")])
        .args(["-fps_mode", "passthrough", "-f", "rawvideo"])
        .args(["-pix_fmt", pixels.ffmpeg_name(), "-"]));
    let size = width * height * pixels.channels();
    assert_eq!(
        out.stdout.len(),
        size * sorted.len(),
        "{}: expected {} frames {sorted:?} of {width}×{height}, got {} bytes",
        video.display(),
        sorted.len(),
        out.stdout.len()
    );
    numbers
        .iter()
        .map(|n| {
            let i = sorted.binary_search(n).unwrap();
            Image {
                width,
                height,
                pixels,
                data: out.stdout[i * size..(i + 1) * size].to_vec(),
            }
        })
        .collect()
}

/// How two frames of the same size differ.
#[derive(Debug, Clone, Copy)]
pub struct Diff {
    /// The largest difference of one channel of one pixel.
    pub max: u8,
    /// Pixels that differ by more than the threshold.
    pub count: usize,
    /// Their bounding box.
    pub bbox: Option<Rect>,
}

/// Compare two frames channel by channel; pixels where a channel differs by more than
/// `threshold` make up the box.
pub fn diff(a: &Image, b: &Image, threshold: u8) -> Diff {
    assert_eq!(
        (a.width, a.height, a.pixels),
        (b.width, b.height, b.pixels),
        "frames of different shapes"
    );
    let c = a.channels();
    let mut out = Diff {
        max: 0,
        count: 0,
        bbox: None,
    };
    for (i, (pa, pb)) in a.data.chunks(c).zip(b.data.chunks(c)).enumerate() {
        let d = pa
            .iter()
            .zip(pb)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        out.max = out.max.max(d);
        if d > threshold {
            out.count += 1;
            let (x, y) = (i % a.width, i / a.width);
            out.bbox = Some(match out.bbox {
                None => Rect {
                    x0: x,
                    y0: y,
                    x1: x,
                    y1: y,
                },
                Some(r) => Rect {
                    x0: r.x0.min(x),
                    y0: r.y0.min(y),
                    x1: r.x1.max(x),
                    y1: r.y1.max(y),
                },
            });
        }
    }
    out
}

/// What tesseract reads in an image (`--psm 6`: one block of text; `7`: one line).
pub fn tesseract(image: &Image, lang: &str, psm: u32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.pnm");
    image.write_pnm(&input);
    let out = run(Command::new("tesseract")
        .arg(&input)
        .arg("stdout")
        .args(["-l", lang, "--psm", &psm.to_string()])
        // One thread: the tests run beside each other.
        .env("OMP_THREAD_LIMIT", "1"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Edit distance between two character sequences.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// 1 − Levenshtein / length over the non-space characters of `expected` (floored at 0).
pub fn char_accuracy(expected: &str, read: &str) -> f64 {
    let e: Vec<char> = expected.chars().filter(|c| !c.is_whitespace()).collect();
    let r: Vec<char> = read.chars().filter(|c| !c.is_whitespace()).collect();
    if e.is_empty() {
        return if r.is_empty() { 1.0 } else { 0.0 };
    }
    (1.0 - levenshtein(&e, &r) as f64 / e.len() as f64).max(0.0)
}

/// `ffprobe -show_streams -show_format` as JSON.
pub fn probe(video: &Path) -> serde_json::Value {
    let out = run(Command::new(ffprobe())
        .args([
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
        ])
        .arg(video));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One line per packet of the video's audio stream, stream-copied through ffmpeg's
/// `framemd5` muxer: `dts, pts, duration, size, MD5` (the stream's extradata first).
pub fn audio_packets(video: &Path) -> Vec<String> {
    let out = run(Command::new(ffmpeg())
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-i"])
        .arg(video)
        .args(["-map", "0:a", "-c", "copy", "-f", "framemd5", "-"]));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#') || l.starts_with("#extradata"))
        .map(str::to_owned)
        .collect()
}

/// The types of the top-level boxes of an MP4 file, in file order (`ftyp`, `moov`, `mdat`…).
pub fn mp4_boxes(path: &Path) -> Vec<String> {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + 8 <= data.len() {
        let size32 = u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as u64;
        let kind = String::from_utf8_lossy(&data[at + 4..at + 8]).into_owned();
        let size = match size32 {
            0 => (data.len() - at) as u64,
            1 if at + 16 <= data.len() => {
                u64::from_be_bytes(data[at + 8..at + 16].try_into().unwrap())
            }
            s => s,
        };
        out.push(kind);
        if size < 8 {
            break;
        }
        at += size as usize;
    }
    out
}
