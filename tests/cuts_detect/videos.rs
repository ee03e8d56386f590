//! Test videos with known shot changes, made by ffmpeg from its built-in (lavfi) sources:
//! moving shots from visually different sources joined by hard cuts, crossfades and white
//! flashes. The ground truth is the frame at which each shot was concatenated. Shared by the
//! `cuts detect` tests and the `cuts_detect` benchmark (`#[path]`-included there).

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Moving shots from different sources; `{s}` is the render size, `{r}` the frame rate.
/// Neighbours in this list look different from each other, and each source is animated.
pub const SOURCES: &[&str] = &[
    "testsrc2=s={s}:r={r}",
    "mandelbrot=s={s}:r={r}:maxiter=100",
    "smptehdbars=s={s}:r={r},scroll=h=0.004",
    "life=s={s}:r={r}:seed=7:mold=10:ratio=0.3:death_color=#202020:life_color=#30ff30",
    "gradients=s={s}:r={r}:seed=3:speed=0.03",
    "color=c=navy:s={s}:r={r},noise=alls=30:allf=t",
    "sierpinski=s={s}:r={r}",
    "rgbtestsrc=s={s}:r={r},scroll=v=0.01",
    "cellauto=s={s}:r={r}:rule=110",
    "pal75bars=s={s}:r={r},hue=H=2*PI*t/3",
    "color=c=#c08040:s={s}:r={r},drawbox=x='mod(t*150,160)':y=120:w=40:h=60:color=white:t=fill",
    "testsrc=s={s}:r={r}",
    "colorspectrum=s={s}:r={r},scroll=h=0.01",
    "gradients=s={s}:r={r}:seed=11:speed=0.05:c0=#ff2020:c1=#2020ff",
    "yuvtestsrc=s={s}:r={r},scroll=h=0.01",
];

/// How a shot follows the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Cut,
    /// An ffmpeg `xfade` transition (`fade`: a dissolve, `fadeblack`: through black) over this
    /// many frames (the two shots overlap by that much).
    Fade(u32, &'static str),
}

/// One video to make.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Frame rate as `num/den`.
    pub rate: (u32, u32),
    /// (source index, frames) per shot.
    pub shots: Vec<(usize, u32)>,
    /// How shot `i + 1` follows shot `i`.
    pub joins: Vec<Join>,
    /// White flashes: (first frame in the finished video, frames).
    pub flashes: Vec<(u32, u32)>,
    /// Output size, `WxH`.
    pub size: (u32, u32),
}

/// What the finished video holds, in frames of the finished video.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Truth {
    pub cuts: Vec<i64>,
    /// Frames covered by each crossfade (first, last).
    pub fades: Vec<(i64, i64)>,
    /// Frames covered by each flash (first, last).
    pub flashes: Vec<(i64, i64)>,
    pub frames: i64,
}

/// A small deterministic generator, so that plans are the same on every run.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    }

    pub fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n.max(1))) as u32
    }
}

impl Plan {
    /// About `seconds` of shots of 1–2.5 s (one of 0.7 s) at `rate`, every source in turn (the
    /// first picked by `seed`), hard cuts except one slow fade of `fade` frames after the third
    /// shot (a dissolve for an odd `seed`, a fade through black for an even one), and one white
    /// flash of `flash` frames in the middle of the fifth shot.
    pub fn mixed(rate: (u32, u32), seconds: u32, seed: u64, fade: u32, flash: u32) -> Plan {
        let fps = rate.0.div_ceil(rate.1);
        let mut lcg = Lcg::new(seed);
        let mut shots = Vec::new();
        let mut total = 0;
        let mut source = (seed as usize) % SOURCES.len();
        while total < seconds * fps {
            let frames = if shots.len() == 7 {
                fps * 7 / 10
            } else {
                fps + lcg.below(fps * 3 / 2 + 1)
            };
            shots.push((source, frames));
            total += frames;
            source = (source + 1) % SOURCES.len();
        }
        let mut joins = vec![Join::Cut; shots.len() - 1];
        // The fade needs both shots longer than itself.
        shots[2].1 = shots[2].1.max(fade + fps);
        shots[3].1 = shots[3].1.max(fade + fps);
        joins[2] = Join::Fade(
            fade,
            if seed.is_multiple_of(2) {
                "fadeblack"
            } else {
                "fade"
            },
        );
        // The fifth shot starts after four shots and one fade overlap.
        shots[4].1 = shots[4].1.max(fps * 2);
        let start5: u32 = shots[..4].iter().map(|s| s.1).sum::<u32>() - fade;
        let flashes = vec![(start5 + shots[4].1 / 2, flash)];
        Plan {
            rate,
            shots,
            joins,
            flashes,
            size: (1080, 1920),
        }
    }

    /// Plain hard cuts only, every shot `shot_frames` long.
    pub fn cuts_only(rate: (u32, u32), shots: usize, shot_frames: u32, first: usize) -> Plan {
        Plan {
            rate,
            shots: (0..shots)
                .map(|i| ((first + i) % SOURCES.len(), shot_frames))
                .collect(),
            joins: vec![Join::Cut; shots.saturating_sub(1)],
            flashes: Vec::new(),
            size: (1080, 1920),
        }
    }

    pub fn truth(&self) -> Truth {
        let mut truth = Truth::default();
        let mut at: i64 = 0;
        for (i, &(_, frames)) in self.shots.iter().enumerate() {
            if i > 0 {
                match self.joins[i - 1] {
                    Join::Cut => truth.cuts.push(at),
                    Join::Fade(f, _) => {
                        at -= i64::from(f);
                        truth.fades.push((at, at + i64::from(f) - 1));
                    }
                }
            }
            at += i64::from(frames);
        }
        truth.frames = at;
        truth.flashes = self
            .flashes
            .iter()
            .map(|&(f, n)| (i64::from(f), i64::from(f) + i64::from(n) - 1))
            .collect();
        truth
    }

    /// The ffmpeg filter graph that makes the video, output label `[v]`.
    pub fn filter_graph(&self) -> String {
        let rate = format!("{}/{}", self.rate.0, self.rate.1);
        // Render small and scale up once: the sources are slow at 1080×1920.
        let small = format!("{}x{}", (self.size.0 / 6) & !1, (self.size.1 / 6) & !1);
        let mut graph = String::new();
        for (i, &(source, frames)) in self.shots.iter().enumerate() {
            let src = SOURCES[source].replace("{s}", &small).replace("{r}", &rate);
            graph.push_str(&format!(
                "{src},trim=end_frame={frames},setpts=PTS-STARTPTS,format=yuv420p,setsar=1[s{i}];"
            ));
        }
        // Shots joined by fades form one segment; segments are concatenated.
        let mut segments: Vec<String> = Vec::new();
        let mut current = "s0".to_owned();
        let mut length = self.shots[0].1;
        for i in 1..self.shots.len() {
            match self.joins[i - 1] {
                Join::Cut => {
                    segments.push(current);
                    current = format!("s{i}");
                    length = self.shots[i].1;
                }
                Join::Fade(f, transition) => {
                    let offset =
                        f64::from(length - f) * f64::from(self.rate.1) / f64::from(self.rate.0);
                    let duration = f64::from(f) * f64::from(self.rate.1) / f64::from(self.rate.0);
                    let out = format!("x{i}");
                    graph.push_str(&format!(
                        "[{current}][s{i}]xfade=transition={transition}:duration={duration:.6}:offset={offset:.6}[{out}];"
                    ));
                    current = out;
                    length += self.shots[i].1 - f;
                }
            }
        }
        segments.push(current);
        for s in &segments {
            graph.push_str(&format!("[{s}]"));
        }
        graph.push_str(&format!("concat=n={}:v=1:a=0", segments.len()));
        for &(first, n) in &self.flashes {
            graph.push_str(&format!(
                ",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n,{first},{})'",
                first + n - 1
            ));
        }
        graph.push_str(&format!(
            ",scale={}:{}:flags=bilinear,format=yuv420p[v]",
            self.size.0, self.size.1
        ));
        graph
    }

    /// Make the video at `path` (H.264, ultrafast, on one core) and return its ground truth.
    pub fn render(&self, path: &Path) -> Truth {
        let rate = format!("{}/{}", self.rate.0, self.rate.1);
        let out = Command::new(ffmpeg())
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"])
            // One core: the test binary runs other tests (some timed) beside this one.
            .args(["-filter_complex_threads", "1", "-filter_threads", "1"])
            .args(["-filter_complex", &self.filter_graph()])
            .args(["-map", "[v]", "-r", &rate])
            .args(["-c:v", "libx264", "-threads", "1"])
            .args(["-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p"])
            .arg(path)
            .output()
            .unwrap_or_else(|e| panic!("{}", missing_ffmpeg(&e)));
        assert!(
            out.status.success(),
            "ffmpeg could not make the test video {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        self.truth()
    }
}

/// The ffmpeg the tests use: `DRAMALOC_FFMPEG` or `ffmpeg` on `PATH`.
pub fn ffmpeg() -> String {
    std::env::var("DRAMALOC_FFMPEG").unwrap_or_else(|_| "ffmpeg".to_owned())
}

fn missing_ffmpeg(e: &std::io::Error) -> String {
    format!(
        "cannot run ffmpeg ({e}): these tests need ffmpeg and ffprobe on PATH. Install them \
         (`apt install ffmpeg`, `brew install ffmpeg`) or set DRAMALOC_FFMPEG / DRAMALOC_FFPROBE"
    )
}

/// Fail loudly, with how to fix it, when ffmpeg or ffprobe cannot run.
pub fn require_ffmpeg() {
    for program in ["ffmpeg", "ffprobe"] {
        let var = format!("DRAMALOC_{}", program.to_ascii_uppercase());
        let program = std::env::var(&var).unwrap_or_else(|_| program.to_owned());
        let out = Command::new(&program)
            .arg("-version")
            .output()
            .unwrap_or_else(|e| panic!("{}", missing_ffmpeg(&e)));
        assert!(out.status.success(), "`{program} -version` failed");
    }
}

/// Precision and recall of `found` against `truth.cuts` with ±`tolerance` frames; detections
/// inside a crossfade are not counted either way (a fade may give one cut).
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    pub true_positives: usize,
    pub false_positives: usize,
    pub missed: usize,
}

impl Score {
    pub fn add(&mut self, found: &[i64], truth: &Truth, tolerance: i64) {
        let mut used = vec![false; truth.cuts.len()];
        for &f in found {
            if truth
                .fades
                .iter()
                .any(|&(a, b)| f >= a - tolerance && f <= b + tolerance)
            {
                continue;
            }
            let hit = truth
                .cuts
                .iter()
                .enumerate()
                .find(|&(i, &c)| !used[i] && (f - c).abs() <= tolerance);
            match hit {
                Some((i, _)) => {
                    used[i] = true;
                    self.true_positives += 1;
                }
                None => self.false_positives += 1,
            }
        }
        self.missed += used.iter().filter(|u| !**u).count();
    }

    pub fn precision(&self) -> f64 {
        let found = self.true_positives + self.false_positives;
        if found == 0 {
            1.0
        } else {
            self.true_positives as f64 / found as f64
        }
    }

    pub fn recall(&self) -> f64 {
        let real = self.true_positives + self.missed;
        if real == 0 {
            1.0
        } else {
            self.true_positives as f64 / real as f64
        }
    }
}
