//! Parse throughput on generated 50 MB inputs, single thread, medians of several runs.
//!
//! Run with `cargo bench --bench parse`. Prints MB/s per format and, for SRT, the same input
//! through `subparse` (the reference parser used in differential tests) side by side.

use std::hint::black_box;
use std::time::Instant;

use dramaloc::formats::{self, Format};

const TARGET_BYTES: usize = 50 * 1024 * 1024;
const RUNS: usize = 7;

fn lines_for(i: usize) -> &'static [&'static str] {
    const TEXTS: [&[&str]; 4] = [
        &["你为什么现在才回来？", "<i>我一直在等你。</i>"],
        &["I never meant to lie to you,", "but the contract was real."],
        &["林若溪，这份合同你必须签。"],
        &["<i>Where is the jade hairpin?</i>"],
    ];
    TEXTS[i % TEXTS.len()]
}

fn clock(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn ass_clock(ms: u64) -> String {
    format!(
        "{}:{:02}:{:02}.{:02}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000 / 10
    )
}

fn generate(format: Format) -> String {
    let mut out = String::with_capacity(TARGET_BYTES + 1024);
    match format {
        Format::WebVtt => out.push_str("WEBVTT\n\n"),
        Format::Ass => out.push_str(
            "[Script Info]\nScriptType: v4.00+\nPlayResX: 1080\nPlayResY: 1920\n\n[V4+ Styles]\n\
             Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n\
             Style: Default,Arial,72,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,3,0,2,60,60,120,1\n\n\
             [Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
        ),
        _ => {}
    }
    let mut i = 0usize;
    let mut t = 0u64;
    while out.len() < TARGET_BYTES {
        let (start, end) = (t, t + 1800);
        t += 2000;
        let lines = lines_for(i);
        match format {
            Format::Srt => {
                out.push_str(&format!(
                    "{}\n{} --> {}\n",
                    i + 1,
                    clock(start, ','),
                    clock(end, ',')
                ));
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                out.push('\n');
            }
            Format::WebVtt => {
                out.push_str(&format!("{} --> {}\n", clock(start, '.'), clock(end, '.')));
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                out.push('\n');
            }
            Format::Ass | Format::Ssa => {
                let text = lines
                    .join("\\N")
                    .replace("<i>", "{\\i1}")
                    .replace("</i>", "{\\i0}");
                out.push_str(&format!(
                    "Dialogue: 0,{},{},Default,,0,0,0,,{text}\n",
                    ass_clock(start),
                    ass_clock(end)
                ));
            }
            Format::Ttml => unreachable!("not benchmarked"),
        }
        i += 1;
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// CPU time of the calling thread, which other processes on a shared machine do not inflate
/// the way they inflate wall time (Linux `schedstat`; NaN elsewhere).
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

/// Median throughput in MB/s, by wall time and by thread CPU time. `f` parses and returns the
/// result with its cue count; the result is dropped after the clock stops, for every parser.
fn measure<T>(name: &str, bytes: usize, mut f: impl FnMut() -> (T, usize)) -> (f64, f64) {
    let (_, cues) = f(); // warm-up, also checks the parse works
    let mut wall = Vec::with_capacity(RUNS);
    let mut cpu = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let c = thread_cpu_seconds();
        let t = Instant::now();
        let result = black_box(f());
        wall.push(bytes as f64 / 1e6 / t.elapsed().as_secs_f64());
        cpu.push(bytes as f64 / 1e6 / (thread_cpu_seconds() - c));
        drop(result);
    }
    let (w, c) = (median(wall), median(cpu));
    println!(
        "{name:<16} {w:>7.1} MB/s wall {c:>7.1} MB/s cpu  (medians of {RUNS}, {:.1} MB, {cues} cues)",
        bytes as f64 / 1e6
    );
    (w, c)
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    println!(
        "parse throughput, single thread, {} cores available",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut srt_rate = None;
    for (format, name) in [
        (Format::Srt, "srt"),
        (Format::WebVtt, "vtt"),
        (Format::Ass, "ass"),
    ] {
        if !(wants(name) || name == "srt" && filter.as_deref() == Some("subparse")) {
            continue;
        }
        let input = generate(format);
        let rate = measure(&format!("dramaloc {name}"), input.len(), || {
            let parsed = formats::parse(format, &input);
            let cues = parsed.as_ref().map_or(0, |p| p.track.cues.len());
            (parsed, cues)
        });
        if format == Format::Srt {
            srt_rate = Some((rate, input));
        }
    }
    if let Some((ours, input)) = srt_rate.filter(|_| filter.is_none() || wants("subparse")) {
        let theirs = measure("subparse srt", input.len(), || {
            // subparse keeps its entries inside the file value; counting them is part of reading.
            let parsed = subparse::SrtFile::parse(&input);
            let cues = parsed.as_ref().map_or(0, |f| {
                subparse::SubtitleFileInterface::get_subtitle_entries(f).map_or(0, |e| e.len())
            });
            (parsed, cues)
        });
        println!(
            "dramaloc / subparse on the same SRT input: {:.1}x by wall time, {:.1}x by cpu time",
            ours.0 / theirs.0,
            ours.1 / theirs.1
        );
    }
}

// The same allocator as the `dramaloc` binary (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
