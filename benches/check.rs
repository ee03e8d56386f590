//! Whole-series check on a generated series the size DESIGN.md §1 plans for: 100 episodes ×
//! 10 languages (zh-Hans source + 9 targets) = 1,000 tracks, 40–50 cues per track (≥ 40,000
//! cues), shot changes every 2–3 s, a few planted problems.
//!
//! Run with `cargo bench --bench check`. Times `dramaloc::check::check_series` — find the
//! episodes, read, decode and parse every track and cut list, run every rule — with as many
//! jobs as cores and with one job, runs interleaved, medians of 7 runs each, by wall time and
//! by process CPU time (user + system of all threads, from /proc/self/stat). CPU / wall near
//! the number of jobs shows the cores are busy; a spin test before and after says how many
//! cores the process could get at all on a machine shared with other work. Then renders the reports (JSON, JUnit, HTML) of the result
//! and prints their sizes.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use dramaloc::check::{self, Selection, Settings};
use dramaloc::diagnostics::html::HtmlOptions;
use dramaloc::diagnostics::{Report, Severity, html, json, junit};
use dramaloc::workspace::Workspace;

const EPISODES: u32 = 100;
const RUNS: usize = 7;
const FPS: i64 = 30;
/// The target for the whole check on a 2-core machine.
const TARGET_WALL_S: f64 = 1.0;

/// Language, format, and lines the generator picks from (written for this benchmark).
const LANGUAGES: [(&str, &str, &[&str]); 10] = [
    (
        "zh-Hans",
        "srt",
        &[
            "你为什么现在才回来",
            "这份合同你必须签",
            "我一直在等你",
            "别碰那棵母树",
            "她才是真正的继承人",
            "陆总 茶已经备好了",
            "这不是雪芽 是假的",
            "爷爷 你骗了我这么多年",
            "<i>我不能让他们卖掉茶山</i>",
            "明天的盲品会 我一定赢",
        ],
    ),
    (
        "en-US",
        "srt",
        &[
            "Why did you only come back now?",
            "You have to sign this contract.",
            "I've been waiting for you.",
            "Don't touch the mother tree.",
            "She is the real heiress.",
            "Mr. Lu, the tea is ready.",
            "This isn't Snow Bud. It's a fake.",
            "Grandpa, you lied to me for years.",
            "<i>I can't let them sell the mountain.</i>",
            "I'll win the blind tasting tomorrow.",
        ],
    ),
    (
        "es-419",
        "vtt",
        &[
            "¿Por qué volviste apenas ahora?",
            "Tienes que firmar este contrato.",
            "Te estuve esperando.",
            "No toques el árbol madre.",
            "Ella es la verdadera heredera.",
            "Señor Lu, el té está listo.",
            "Esto no es Brote de Nieve. Es falso.",
            "Abuelo, me mentiste durante años.",
            "<i>No puedo dejar que vendan la montaña.</i>",
            "Mañana gano la cata a ciegas.",
        ],
    ),
    (
        "pt-BR",
        "srt",
        &[
            "Por que você só voltou agora?",
            "Você precisa assinar este contrato.",
            "Eu estava esperando por você.",
            "Não toque na árvore-mãe.",
            "Ela é a verdadeira herdeira.",
            "Sr. Lu, o chá está pronto.",
            "Isto não é Broto de Neve. É falso.",
            "Vovô, você mentiu para mim por anos.",
        ],
    ),
    (
        "id",
        "srt",
        &[
            "Kenapa kamu baru pulang sekarang?",
            "Kamu harus tanda tangan kontrak ini.",
            "Aku sudah menunggumu.",
            "Jangan sentuh pohon induk itu.",
            "Dialah pewaris yang sebenarnya.",
            "Pak Lu, tehnya sudah siap.",
            "Ini bukan Tunas Salju. Ini palsu.",
        ],
    ),
    (
        "th",
        "srt",
        &[
            "ทำไมคุณเพิ่งกลับมาตอนนี้",
            "คุณต้องเซ็นสัญญานี้",
            "ฉันรอคุณมาตลอด",
            "อย่าแตะต้นแม่นั่น",
            "เธอคือทายาทตัวจริง",
            "คุณลู่ ชาพร้อมแล้วค่ะ",
            "นี่ไม่ใช่ชาหิมะ มันของปลอม",
        ],
    ),
    (
        "vi",
        "srt",
        &[
            "Sao bây giờ anh mới về?",
            "Cô phải ký hợp đồng này.",
            "Em đã đợi anh rất lâu.",
            "Đừng chạm vào cây mẹ.",
            "Cô ấy mới là người thừa kế thật.",
            "Tổng giám đốc Lục, trà đã sẵn sàng.",
            "Đây không phải Tuyết Nha. Là hàng giả.",
        ],
    ),
    (
        "ja",
        "srt",
        &[
            "どうして今になって戻ってきたの？",
            "この契約書にサインして",
            "ずっと待っていた",
            "母樹に触らないで",
            "彼女こそ本当の後継者だ",
            "陸社長 お茶の用意ができました",
            "これは雪芽じゃない 偽物よ",
        ],
    ),
    (
        "ko",
        "srt",
        &[
            "왜 이제야 돌아온 거야?",
            "이 계약서에 서명해야 해",
            "계속 기다렸어",
            "모수에 손대지 마",
            "그녀가 진짜 상속자야",
            "루 대표님, 차 준비됐습니다",
            "이건 설아가 아니야. 가짜야",
        ],
    ),
    (
        "ar",
        "srt",
        &[
            "لماذا عدت الآن فقط؟",
            "عليك أن توقّع هذا العقد.",
            "كنت أنتظرك طوال الوقت.",
            "لا تلمس الشجرة الأم.",
            "هي الوريثة الحقيقية.",
            "سيد لو، الشاي جاهز.",
            "هذا ليس برعم الثلج. إنه مزيف.",
        ],
    ),
];

/// A small deterministic generator (xorshift64*), so every run checks the same series.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Time of frame `f` at 30 fps, rounded to the ms like the demo.
fn frame(f: i64) -> i64 {
    (f * 1000 + FPS / 2) / FPS
}

fn clock(ms: i64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// One episode's timing: cut frames, cue (start, end) frames, duration in ms.
fn episode_timing(rng: &mut Rng) -> (Vec<i64>, Vec<(i64, i64)>, i64) {
    let n = rng.range(40, 50);
    let mut cues = Vec::new();
    let mut cuts = Vec::new();
    let mut t = rng.range(20, 40);
    let mut next_cut = rng.range(60, 90);
    let mut prev_end = 0;
    for _ in 0..n {
        // Shot changes every 2–3 s up to a little past this cue.
        while next_cut < t + 150 {
            cuts.push(next_cut);
            next_cut += rng.range(60, 90);
        }
        let mut start = t;
        let mut end = start + rng.range(60, 120); // 2–4 s
        // Clean timing: starts near a cut go onto it, ends near a cut stop 2 frames before it.
        if let Some(&c) = cuts
            .iter()
            .chain([&next_cut])
            .find(|&&c| (c - start).abs() <= 15)
        {
            // Onto the cut, unless that would run into the previous cue: then clear of it.
            start = if c >= prev_end + 2 { c } else { c + 15 };
        }
        if let Some(&c) = cuts
            .iter()
            .chain([&next_cut])
            .find(|&&c| c > start + 25 && c - end <= 15 && c - end >= -15)
        {
            end = c - 2;
        }
        // Planted problems, a few per episode.
        if rng.chance(3) {
            start += 7; // starts 7 frames after a cut (or just off)
        }
        if rng.chance(2) {
            end = start + 12; // too short
        }
        if end <= start + 10 {
            end = start + 25;
        }
        cues.push((start, end));
        prev_end = end;
        // Chained (2 frames) or clearly apart.
        t = end + if rng.chance(40) { 2 } else { rng.range(16, 30) };
        if rng.chance(1) {
            t = end - 5; // overlap
        }
    }
    while next_cut < t + 60 {
        cuts.push(next_cut);
        next_cut += rng.range(60, 90);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let duration = frame(t + 60);
    (cuts, cues, duration)
}

fn text(rng: &mut Rng, lines: &[&str]) -> String {
    let mut s = lines[rng.range(0, lines.len() as i64 - 1) as usize].to_owned();
    if rng.chance(40) {
        s.push('\n');
        s.push_str(lines[rng.range(0, lines.len() as i64 - 1) as usize]);
    }
    if rng.chance(2) {
        // A line far too long for any market.
        s = format!("{} {}", s.replace('\n', " "), lines[0]);
    }
    s
}

/// Write the series; returns (tracks, cues, bytes of subtitles).
fn generate(root: &Path) -> (usize, usize, usize) {
    std::fs::write(
        root.join("series.toml"),
        "id = \"bench-series\"\ntitle = \"Benchmark Series\"\nsource_language = \"zh-Hans\"\n\
         frame_rate = \"30\"\nresolution = \"1080x1920\"\n",
    )
    .unwrap();
    let (mut tracks, mut cues_total, mut bytes) = (0, 0, 0);
    for e in 1..=EPISODES {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (u64::from(e) * 0x1000_0001));
        let dir = root.join(format!("episodes/{e:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        let (cuts, cues, duration) = episode_timing(&mut rng);
        let mut list = String::from("# dramaloc cuts v1\n# fps 30\n# unit ms\n");
        for c in &cuts {
            let _ = writeln!(list, "{}", frame(*c));
        }
        std::fs::write(dir.join("cuts.txt"), list).unwrap();
        std::fs::write(
            dir.join("episode.toml"),
            format!("duration_ms = {duration}\ntitle = \"Episode {e}\"\n"),
        )
        .unwrap();
        for (lang, ext, lines) in LANGUAGES {
            let mut out = String::new();
            if ext == "vtt" {
                out.push_str("WEBVTT\n\n");
            }
            for (i, (a, b)) in cues.iter().enumerate() {
                let (a, b) = (frame(*a), frame(*b));
                if ext == "vtt" {
                    let _ = writeln!(out, "{} --> {}", clock(a, '.'), clock(b, '.'));
                } else {
                    let _ = writeln!(out, "{}\n{} --> {}", i + 1, clock(a, ','), clock(b, ','));
                }
                out.push_str(&text(&mut rng, lines));
                out.push_str("\n\n");
            }
            bytes += out.len();
            std::fs::write(dir.join(format!("{lang}.{ext}")), out).unwrap();
            tracks += 1;
            cues_total += cues.len();
        }
    }
    (tracks, cues_total, bytes)
}

/// CPU time (user + system) of the whole process, all threads, live or finished, in seconds.
/// `/proc/self/stat` counts in clock ticks of 1/100 s on Linux (USER_HZ); NaN elsewhere.
fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which may contain spaces) start at field 3 (state).
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    match (tick(11), tick(12)) {
        (Some(utime), Some(stime)) => (utime + stime) / 100.0,
        _ => f64::NAN,
    }
}

/// How many cores this process gets right now: `jobs` threads spin for 300 ms; process CPU
/// time over wall time. On a machine shared with other work this is below `jobs`, and the
/// check's CPU/wall ratio should be read against it.
fn cpu_available(jobs: usize) -> f64 {
    let c = process_cpu_seconds();
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                let mut x = 0u64;
                while t.elapsed().as_millis() < 300 {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
            });
        }
    });
    (process_cpu_seconds() - c) / t.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Timing {
    wall: f64,
    cpu: f64,
    min: f64,
    max: f64,
}

/// Samples of one configuration.
#[derive(Default)]
struct Samples {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Samples {
    fn timing(&self) -> Timing {
        Timing {
            wall: median(self.wall.clone()),
            cpu: median(self.cpu.clone()),
            min: self.wall.iter().copied().fold(f64::INFINITY, f64::min),
            max: self.wall.iter().copied().fold(0.0, f64::max),
        }
    }
}

/// `RUNS` timed checks with each number of jobs, interleaved (N, 1, N, 1, …) so that load
/// from other work on a shared machine falls on both alike. Returns the timings and the last
/// report of each.
fn measure(ws: &Workspace, settings: &Settings, jobs: &[usize]) -> Vec<(Timing, Report)> {
    let selection = Selection::default();
    let run =
        |j: usize| check::check_series(ws, settings, &selection, j, None).expect("check runs");
    let mut reports: Vec<Report> = jobs.iter().map(|&j| run(j)).collect(); // warm-up
    let mut samples: Vec<Samples> = jobs.iter().map(|_| Samples::default()).collect();
    for _ in 0..RUNS {
        for (i, &j) in jobs.iter().enumerate() {
            let c = process_cpu_seconds();
            let t = Instant::now();
            let r = std::hint::black_box(run(j));
            samples[i].wall.push(t.elapsed().as_secs_f64());
            samples[i].cpu.push(process_cpu_seconds() - c);
            reports[i] = r;
        }
    }
    samples.iter().map(Samples::timing).zip(reports).collect()
}

fn print_timing(jobs: usize, t: &Timing, report: &Report) {
    let s = report.summary();
    println!(
        "jobs={jobs}: wall median {:.3} s (min {:.3}, max {:.3}), cpu median {:.3} s, cpu/wall {:.2}  \
         [{} files, {} cues, {} errors, {} warnings, {} info]",
        t.wall,
        t.min,
        t.max,
        t.cpu,
        t.cpu / t.wall,
        s.files,
        s.cues,
        s.errors,
        s.warnings,
        s.infos
    );
}

fn main() {
    let cores = dramaloc::parallel::jobs(None);
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    let (tracks, cues, bytes) = generate(dir.path());
    println!(
        "check benchmark: {EPISODES} episodes × {} languages = {tracks} tracks, {cues} cues, \
         {:.1} MB of subtitles (generated in {:.2} s); {cores} cores, medians of {RUNS} runs",
        LANGUAGES.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    assert!(cues >= 40_000, "the series must have at least 40,000 cues");
    // Other work on the machine steals the cores from this benchmark: say how much there was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average before the runs: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let ws = Workspace::discover(dir.path()).expect("series");
    let settings = Settings::for_series(&ws.file, &ws.series_file(), None, None).expect("settings");
    println!(
        "cores this process gets right now (spin test): {:.2} of {cores}",
        cpu_available(cores)
    );
    let mut results = measure(&ws, &settings, &[cores, 1]).into_iter();
    let (parallel, report) = results.next().expect("jobs=cores");
    let (serial, serial_report) = results.next().expect("jobs=1");
    print_timing(cores, &parallel, &report);
    print_timing(1, &serial, &serial_report);
    println!(
        "cores this process gets right now (spin test): {:.2} of {cores}",
        cpu_available(cores)
    );
    assert_eq!(
        report.summary(),
        serial_report.summary(),
        "the same findings with any number of jobs"
    );
    println!(
        "speed-up jobs={cores} over jobs=1: {:.2}x by wall time; target < {TARGET_WALL_S} s wall: {}",
        serial.wall / parallel.wall,
        if parallel.wall < TARGET_WALL_S {
            "met"
        } else {
            "NOT met"
        }
    );
    let errors_by_rule = {
        let mut m = std::collections::BTreeMap::<&str, usize>::new();
        for f in report.tracks.iter().flat_map(|t| t.active()) {
            if f.severity > Severity::Info {
                *m.entry(f.rule).or_default() += 1;
            }
        }
        m
    };
    println!("errors and warnings by rule: {errors_by_rule:?}");

    // The reports of this run.
    let render = |m: &dramaloc::message::Message| dramaloc::i18n::tr(m);
    // CHECK_BENCH_OUT=DIR keeps the reports, to look at them.
    let keep = std::env::var_os("CHECK_BENCH_OUT").map(std::path::PathBuf::from);
    let timed = |name: &str, f: &dyn Fn() -> String| {
        let t = Instant::now();
        let text = f();
        println!(
            "report {name:<9} {:>6.2} MB in {:>4.0} ms",
            text.len() as f64 / 1e6,
            t.elapsed().as_secs_f64() * 1000.0
        );
        if let Some(dir) = &keep {
            let file = format!("report-{}", name.replace(" -", "-"));
            std::fs::write(dir.join(file), text).expect("write the report");
        }
    };
    let t = Instant::now();
    let rendered: usize = report
        .tracks
        .iter()
        .flat_map(|t| &t.findings)
        .map(|f| render(&f.message).len() + f.hint.as_ref().map_or(0, |h| render(h).len()))
        .sum();
    println!(
        "rendering every finding's message and hint (Fluent): {:.0} ms ({rendered} bytes)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    timed("json", &|| json::to_json(&report, &render).to_string());
    timed("junit", &|| junit::to_junit(&report, &render, false));
    for (name, include_info) in [("html", false), ("html -v", true)] {
        timed(name, &|| {
            html::to_html(
                &report,
                &render,
                &HtmlOptions {
                    locale: "en-US",
                    include_info,
                },
            )
        });
    }
}

// The same allocator as the `dramaloc` binary (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
