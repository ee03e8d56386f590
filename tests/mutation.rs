//! Deterministic mutation testing of every reader: hundreds of thousands of damaged subtitle
//! files go through decoding, detection, every parser (matching format or not), writing,
//! conversion and plain text. Nothing may panic, an unedited SRT/WebVTT/ASS track must be
//! written back byte for byte, a TTML track must read back after writing, and no stage may
//! take pathologically long on inputs up to 64 KB.
//!
//! The generator is seeded, so a failure names the input index that reproduces it; the test
//! shrinks each distinct failure to a small input before reporting it. `differential.rs`
//! reuses the generator and the panic guard.
//!
//! `DRAMALOC_MUTATIONS=<n>` runs another number of inputs (e.g. a longer local run).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use dramaloc::formats::{self, Format, encoding};
use dramaloc::model::{Millis, SubtitleTrack};

/// Inputs derived per run; the brief of this test is at least 200,000.
const DEFAULT_INPUTS: usize = 200_000;
/// Fixed seed: the same inputs every run, on every machine.
const SEED: u64 = 0x6472_616d_616c_6f63; // "dramaloc"
/// Mutated inputs never grow past this.
const MAX_LEN: usize = 64 * 1024;
/// A stage that takes longer than this on an input of at most `MAX_LEN` bytes is flagged
/// (after re-timing, so that a busy machine does not make the test flaky).
const SLOW: Duration = Duration::from_millis(50);
/// The same for stages on derived text (a conversion's output, written and read again).
const SLOW_DERIVED: Duration = Duration::from_millis(500);
/// Distinct failures shown in the test's failure message.
const SHOWN: usize = 8;

// ---------------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64: tiny, fast, and good enough to pick mutations.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator for input number `index` of a run: every input is reproducible alone.
    pub fn for_index(seed: u64, index: usize) -> Rng {
        let mut r = Rng(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `true` with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds

/// One starting file: its name (for reports), the extension detection sees, and raw bytes.
#[derive(Clone, Debug)]
pub struct Seed {
    pub name: String,
    pub ext: Option<String>,
    pub bytes: Vec<u8>,
}

impl Seed {
    fn new(name: &str, ext: &str, bytes: impl Into<Vec<u8>>) -> Seed {
        Seed {
            name: name.to_owned(),
            ext: Some(ext.to_owned()),
            bytes: bytes.into(),
        }
    }
}

/// Hand-written ASS/SSA scripts: the samples have one ASS file and no SSA.
pub const ASS_SEEDS: &[(&str, &str)] = &[
    (
        "hand/v4plus.ass",
        "[Script Info]\n; comment line\nTitle: 茶\nScriptType: v4.00+\nPlayResX: 1080\nPlayResY: 1920\nWrapStyle: 0\n\n\
[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n\
Style: Default,Arial,60,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,2,120,120,80,1\n\
Style: Top,Arial,60,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,3,1,8,120,120,80,1\n\n\
[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
Dialogue: 0,0:00:01.00,0:00:03.50,Default,温以茗,0,0,0,,{\\an8}第一行\\N第二行\n\
Comment: 0,0:00:02.00,0:00:03.00,Default,,0,0,0,,a note, with a comma\n\
Dialogue: 1,0:00:04.10,0:00:06.00,Top,,0010,0000,0000,,{\\i1}Italic{\\i0} and {\\b1}bold{\\b0}, text\n\
Dialogue: 0,0:01:00.99,1:00:00.00,Default,,0,0,0,Banner;5,{\\pos(540,100)\\fad(200,200)}Hi\\nsoft\\hhard\n\n\
[Fonts]\nfontname: a.ttf\n!!!!!!!!\n\n[Aegisub Project Garbage]\nActive Line: 2\n",
    ),
    (
        "hand/crlf-bom.ass",
        "\u{feff}[Script Info]\r\nScriptType: v4.00+\r\n\r\n[Events]\r\nFormat: Layer, Start, End, Style, Text\r\nDialogue: 0,0:00:00.50,0:00:01.00,Default,Line one\\NLine two\r\nDialogue: 0,0:00:01.00,0:00:02.25,Default,{\\an8}top\r\n",
    ),
    (
        "hand/v4.ssa",
        "[Script Info]\nScriptType: v4.00\nPlayResY: 480\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\n\
Style: Default,Arial,20,16777215,65535,65535,-2147483640,-1,0,1,3,0,2,30,30,30,0,0\n\n\
[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
Dialogue: Marked=0,0:00:01.20,0:00:02.40,Default,,0000,0000,0000,,Hello\\Nthere\n\
Dialogue: Marked=0,0:00:03.00,0:00:05.00,*Default,NTP,0000,0000,0000,!Effect,{\\a6}Top\n",
    ),
    (
        "hand/minimal.ass",
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Start, End, Text\nDialogue: 0:00:00.00,0:00:01.00,a\nDialogue: 0:00:01.5,0:00:02.500,b,c\n",
    ),
];

/// Hand-written TTML documents: the samples have none.
pub const TTML_SEEDS: &[(&str, &str)] = &[
    (
        "hand/imsc.ttml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xmlns:ttm="http://www.w3.org/ns/ttml#metadata" ttp:timeBase="media" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" xml:lang="zh-Hans">
  <head>
    <metadata><ttm:title>雾岭</ttm:title></metadata>
    <styling>
      <style xml:id="s1" tts:fontSize="100%" tts:textAlign="center"/>
      <style xml:id="it" tts:fontStyle="italic"/>
    </styling>
    <layout>
      <region xml:id="top" tts:origin="10% 10%" tts:extent="80% 20%" tts:displayAlign="before"/>
      <region xml:id="bottom" tts:origin="10% 70%" tts:extent="80% 20%" tts:displayAlign="after"/>
    </layout>
  </head>
  <body style="s1">
    <div>
      <p xml:id="c1" begin="00:00:01.000" end="00:00:03.500" region="top">第一行<br/>第二行</p>
      <p xml:id="c2" begin="00:00:04:15" end="00:00:06:00" region="bottom"><span style="it">Italic</span> and <span tts:fontWeight="bold">bold</span> &amp; more</p>
      <p begin="7.5s" dur="1500ms">Offset &lt;time&gt;</p>
      <p begin="300f" end="10h"><span tts:textDecoration="underline">u</span>&#x4E2D;&#20013;</p>
    </div>
  </body>
</tt>
"#,
    ),
    (
        "hand/minimal.ttml",
        "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"0s\" end=\"1s\">a</p><p begin=\"00:00:01.5\" end=\"00:00:02\">b\n  c</p></div></body></tt>",
    ),
    (
        "hand/dfxp-prefixed.xml",
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<tt:tt xmlns:tt=\"http://www.w3.org/ns/ttml\" xml:space=\"preserve\"><tt:body><tt:div begin=\"10s\"><tt:p begin=\"0.5s\" end=\"2s\">nested <tt:span><tt:span tts:fontStyle=\"italic\" xmlns:tts=\"http://www.w3.org/ns/ttml#styling\">deep</tt:span></tt:span><!-- c --><![CDATA[<raw>]]></tt:p></tt:div></tt:body></tt:tt>\r\n",
    ),
];

/// Hand-written SRT and WebVTT files with the lenient and tricky forms the samples lack.
pub const TEXT_SEEDS: &[(&str, &str)] = &[
    (
        "hand/lenient.srt",
        "1\r\n00:00:01,5 --> 00:00:02.25 X1:10 X2:20\r\n<i>a</i>\r\n\r\nb after blank\r\n\r\n3\r\n00:00:03 --> 00:00:04,000\r\n{\\an8}top\r\n4\r\n00:00:05,000 --> 00:00:06,000\r\nno blank line before",
    ),
    (
        "hand/cr.srt",
        "\r\r1\r00:00:01,000 --> 00:00:02,000\rA\r\r2\r00:00:03,000 --> 00:00:04,000\r<b>B</b>\r\r\r",
    ),
    (
        "hand/full.vtt",
        "WEBVTT - title\nKind: captions\nLanguage: zh-CN\n\nSTYLE\n::cue { color: yellow }\n\nREGION\nid:r1 width:40% lines:3\n\nNOTE a comment\nover lines\n\nid-1\n00:01.000 --> 00:02.500 line:0 align:start region:r1\n<v Lu>Hi <c.yellow>there</c> <00:00:01.500>now</v>\n\n2\n00:00:03.000 --> 00:00:04.000\n<i>a</i> &amp; <b>b</b> &lt;3\n\n01:00:00.000 --> 01:00:01.000 position:10%,line-left size:50%\n<ruby>漢<rt>kan</rt></ruby>\n",
    ),
];

/// Tokens inserted by the mutator: format keywords, timing syntax, huge numbers and the bytes
/// that break naive readers.
const TOKENS: &[&[u8]] = &[
    b"-->",
    b" --> ",
    b"->",
    b"Dialogue:",
    b"Dialogue: 0,",
    b"Comment:",
    b"Format:",
    b"Format: Start, End, Text\n",
    b"[Events]",
    b"[Events]\n",
    b"[Script Info]\n",
    b"[V4+ Styles]\n",
    b"Style:",
    b"\\N",
    b"{\\an8}",
    b"{\\",
    b"{",
    b"}",
    b"WEBVTT",
    b"WEBVTT\n\n",
    b"NOTE",
    b"STYLE\n",
    b"REGION\n",
    b"<tt>",
    b"</tt>",
    b"<tt xmlns=\"http://www.w3.org/ns/ttml\">",
    b"<p begin=\"",
    b"\" end=\"",
    b"</p>",
    b"<span>",
    b"<br/>",
    b"<!--",
    b"<![CDATA[",
    b"<?xml version=\"1.0\"?>",
    b"&amp;",
    b"&#x10FFFF;",
    b"&#99999999999;",
    b"&",
    b"<i>",
    b"</i>",
    b"<b>",
    b"<font color=\"red\">",
    b"<c.yellow>",
    b"<00:00:01.000>",
    b"<",
    b">",
    b"99999999999999999999",
    b"9999999999:00:00,000",
    b"00:00:99999999999999999999,000",
    b"0:00:00.99999999999999999999",
    b"99999999999999999999s",
    b"00:00:01,000 --> 00:00:02,000",
    b"00:01.000 --> 00:02.000",
    b"0:00:01.00,0:00:02.00,",
    b"00:00:00",
    b",",
    b":",
    b".",
    b"-",
    b"0",
    b"1\n",
    b"\0",
    b"\xF4\x8F\xBF\xBF", // U+10FFFF
    b"\r",
    b"\r\n",
    b"\n",
    b"\n\n",
    b"\t",
    b" ",
    b"\xEF\xBB\xBF", // UTF-8 BOM
    b"\xFF\xFE",     // UTF-16LE BOM
    b"\xFE\xFF",     // UTF-16BE BOM
    b"\xFF\xFE\0\0", // UTF-32LE BOM
    b"\xE4\xB8\xAD", // 中
    b"\xE2\x80\xAE", // RIGHT-TO-LEFT OVERRIDE
    b"\xCC\x81",     // combining acute
    b"\xE3\x80\x80", // ideographic space (Unicode whitespace, not ASCII)
    b"\xC2\xA0",     // no-break space
    b"\x0C",
    b"\xF0\x9F\x98\x80", // emoji
];

/// Numbers that overflow or sit at the edge of integer types.
const HUGE: &[&[u8]] = &[
    b"99999999999999999999",
    b"18446744073709551615",
    b"18446744073709551616",
    b"9223372036854775807",
    b"9223372036854775808",
    b"4294967296",
    b"2147483648",
    b"999999",
    b"0000000000000000000001",
    b"-1",
    b"",
];

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn seed_from_file(path: &Path) -> Seed {
    let root = samples_dir();
    Seed {
        name: path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string(),
        ext: path.extension().and_then(|e| e.to_str()).map(str::to_owned),
        bytes: std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

/// Sample subtitle files: demo episodes (SRT, WebVTT) and the raw delivery (every encoding).
pub fn sample_files() -> Vec<PathBuf> {
    let root = samples_dir();
    let mut files = Vec::new();
    walk(&root.join("demo/episodes"), &mut files);
    files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("srt" | "vtt")));
    let mut raw = Vec::new();
    walk(&root.join("raw-delivery"), &mut raw);
    files.extend(raw);
    files.sort();
    assert!(
        files.len() >= 20,
        "sample files missing under {}",
        root.display()
    );
    files
}

/// Every seed: the sample files as raw bytes plus the hand-written ones.
pub fn seeds() -> Vec<Seed> {
    let mut seeds: Vec<Seed> = sample_files().iter().map(|p| seed_from_file(p)).collect();
    for (name, text) in ASS_SEEDS.iter().chain(TTML_SEEDS).chain(TEXT_SEEDS) {
        let ext = name.rsplit('.').next().unwrap_or("");
        seeds.push(Seed::new(name, ext, text.as_bytes()));
    }
    seeds
}

// ---------------------------------------------------------------------------------------------
// Mutation

/// A random position, biased towards line starts and ends where structure lives.
fn position(rng: &mut Rng, data: &[u8]) -> usize {
    if data.is_empty() {
        return 0;
    }
    let p = rng.below(data.len() + 1);
    if rng.chance(1, 2) {
        // Snap to the next line boundary.
        let mut q = p;
        while q < data.len() && data[q] != b'\n' {
            q += 1;
        }
        if rng.chance(1, 2) {
            q
        } else {
            (q + 1).min(data.len())
        }
    } else {
        p
    }
}

fn range(rng: &mut Rng, data: &[u8]) -> (usize, usize) {
    let a = position(rng, data);
    let max = (data.len() - a).min(if rng.chance(1, 4) { 4096 } else { 64 });
    let b = a + if max == 0 { 0 } else { rng.below(max + 1) };
    (a, b)
}

/// Apply one random mutation to `data`.
fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Seed]) {
    match rng.below(12) {
        // Byte flip: a random byte value.
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] = rng.next() as u8;
        }
        // Bit flip.
        1 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] ^= 1 << rng.below(8);
        }
        // Truncation at a random point.
        2 => {
            let at = rng.below(data.len() + 1);
            data.truncate(at);
        }
        // Splice: this input up to a point, another seed from a point.
        3 => {
            let other = &rng.pick(seeds).bytes;
            let at = rng.below(data.len() + 1);
            let from = rng.below(other.len() + 1);
            data.truncate(at);
            data.extend_from_slice(&other[from..]);
        }
        // Duplicated range, inserted somewhere.
        4 => {
            let (a, b) = range(rng, data);
            let chunk = data[a..b].to_vec();
            let at = position(rng, data);
            let times = if rng.chance(1, 8) {
                1 + rng.below(16)
            } else {
                1
            };
            for _ in 0..times {
                data.splice(at..at, chunk.iter().copied());
            }
        }
        // Deleted range.
        5 => {
            let (a, b) = range(rng, data);
            data.drain(a..b);
        }
        // Huge number in place of a run of digits (or anywhere).
        6 => {
            let digits: Vec<usize> = data
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            let huge = *rng.pick(HUGE);
            if digits.is_empty() {
                let at = position(rng, data);
                data.splice(at..at, huge.iter().copied());
            } else {
                let start = *rng.pick(&digits);
                let mut end = start;
                while end < data.len() && data[end].is_ascii_digit() {
                    end += 1;
                }
                data.splice(start..end, huge.iter().copied());
            }
        }
        // Random bytes inserted.
        7 => {
            let at = position(rng, data);
            let n = 1 + rng.below(4);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(at..at, bytes);
        }
        // Line endings rewritten (LF → CRLF, CR, or the reverse), or a lone CR swapped in.
        8 => {
            const ENDINGS: [&[u8]; 4] = [b"\r\n", b"\r", b"\n", b"\n\r"];
            let to = *rng.pick(&ENDINGS);
            let mut out = Vec::with_capacity(data.len() + data.len() / 16);
            let mut i = 0;
            while i < data.len() {
                if data[i] == b'\r' && data.get(i + 1) == Some(&b'\n') {
                    out.extend_from_slice(to);
                    i += 2;
                } else if data[i] == b'\n' || data[i] == b'\r' {
                    out.extend_from_slice(to);
                    i += 1;
                } else {
                    out.push(data[i]);
                    i += 1;
                }
            }
            *data = out;
        }
        // Token insertion (the most common mutation).
        _ => {
            let token = *rng.pick(TOKENS);
            let at = position(rng, data);
            data.splice(at..at, token.iter().copied());
        }
    }
}

/// Input number `index` of a run with `seed`: a seed file with 1–6 mutations. Also returns
/// the seed it came from.
pub fn mutated_input(seed: u64, index: usize, seeds: &[Seed]) -> (&Seed, Vec<u8>) {
    let mut rng = Rng::for_index(seed, index);
    let base = rng.pick(seeds);
    let mut data = base.bytes.clone();
    // Some inputs start from a small prefix or window, so short files are common too.
    if rng.chance(1, 8) && !data.is_empty() {
        let a = rng.below(data.len());
        let b = a + rng.below((data.len() - a).min(512) + 1);
        data = data[a..b].to_vec();
    }
    let mut n = 1;
    while n < 6 && rng.chance(1, 2) {
        n += 1;
    }
    for _ in 0..n {
        mutate_once(&mut rng, &mut data, seeds);
        data.truncate(MAX_LEN);
    }
    (base, data)
}

// ---------------------------------------------------------------------------------------------
// Panic guard

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Install (once) a panic hook that stays silent on threads inside `guarded` and records the
/// message and location instead; other threads (other tests) keep the normal report.
fn install_quiet_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let payload = info.payload();
                let msg = payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("<non-string panic payload>");
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg} (at {at})")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Run `f`, turning a panic into `Err(message with location)`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "<panic>".to_owned())
    })
}

// ---------------------------------------------------------------------------------------------
// The checks

#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    Panic,
    /// Write of an unedited track differs from the text it was read from.
    RoundTrip,
    /// A written TTML track does not read back with the same cues.
    TtmlRereadFailed,
    Slow,
}

#[derive(Clone, Debug)]
struct Failure {
    problem: Problem,
    /// What was being done: `parse(srt)`, `convert(ass→vtt)`…
    stage: String,
    /// The panic message, or what differed.
    detail: String,
    input: Vec<u8>,
    origin: String,
}

impl Failure {
    /// Failures with the same key are the same bug, as far as the report is concerned.
    fn key(&self) -> String {
        match self.problem {
            // The location identifies the panic site; the message may contain input values.
            Problem::Panic => format!(
                "panic in {}: {}",
                self.stage,
                self.detail
                    .rsplit_once("(at ")
                    .map_or(self.detail.as_str(), |(_, at)| at)
            ),
            // Slowness is a property of an input: keep one per input and stage.
            Problem::Slow => format!("slow {} on {}", self.stage, self.origin),
            _ => format!("{:?} in {}", self.problem, self.stage),
        }
    }
}

/// Collects failures from one input.
struct Checker<'a> {
    input: &'a [u8],
    origin: &'a str,
    failures: Vec<Failure>,
    /// Whether to check stage times against `SLOW` (off while shrinking).
    timing: bool,
    /// Whether to run the costlier extra checks (re-reading converted output, `read_bytes`).
    deep: bool,
    /// Every stage's time, when recording (the pathological inputs compare sizes).
    times: Option<Vec<(String, Duration)>>,
}

/// Whether a stage parses the input itself (≤ `MAX_LEN` bytes): those must finish within
/// `SLOW`. Other stages work on derived text (a conversion's output may be several times
/// larger) or do more than one pass (`read_bytes`, `detect` trying every format); they get
/// `SLOW_DERIVED`, and the pathological inputs check that their time grows linearly.
fn parses_input(stage: &str) -> bool {
    Format::ALL
        .iter()
        .any(|f| stage == format!("parse({})", f.name()))
}

impl<'a> Checker<'a> {
    fn fail(&mut self, problem: Problem, stage: String, detail: String) {
        self.failures.push(Failure {
            problem,
            stage,
            detail,
            input: self.input.to_vec(),
            origin: self.origin.to_owned(),
        });
    }

    /// Run a stage under the panic guard. Parsing the input must finish within `SLOW`, other
    /// stages within `SLOW_DERIVED`.
    fn stage<T>(&mut self, name: impl Fn() -> String, mut f: impl FnMut() -> T) -> Option<T> {
        let started = Instant::now();
        match guarded(&mut f) {
            Ok(v) => {
                let took = started.elapsed();
                if let Some(times) = &mut self.times {
                    times.push((name(), took));
                }
                if self.timing && took > SLOW && self.input.len() <= MAX_LEN {
                    let stage = name();
                    let limit = if parses_input(&stage) {
                        SLOW
                    } else {
                        SLOW_DERIVED
                    };
                    // Re-time twice; only a stage that is slow every time counts.
                    let best = (0..2)
                        .map(|_| {
                            let t = Instant::now();
                            let _ = guarded(&mut f);
                            t.elapsed()
                        })
                        .min()
                        .unwrap_or(took)
                        .min(took);
                    if best > limit {
                        self.fail(
                            Problem::Slow,
                            stage,
                            format!("{} ms on {} bytes", best.as_millis(), self.input.len()),
                        );
                    }
                }
                Some(v)
            }
            Err(msg) => {
                self.fail(Problem::Panic, name(), msg);
                None
            }
        }
    }
}

fn first_difference(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Whether a format is written back byte for byte when unedited.
fn byte_identical(format: Format) -> bool {
    !matches!(format, Format::Ttml)
}

/// Everything done with one decoded text in one format.
fn check_parse(c: &mut Checker, format: Format, text: &str) {
    let f = format.name();
    let Some(Ok(parsed)) = c.stage(|| format!("parse({f})"), || formats::parse(format, text))
    else {
        return;
    };
    let track = parsed.track;
    let written = c.stage(|| format!("write({f})"), || formats::write(&track));
    if let Some(written) = written {
        if byte_identical(format) {
            if written != text {
                let at = first_difference(&written, text);
                c.fail(
                    Problem::RoundTrip,
                    format!("write(parse({f}))"),
                    format!(
                        "differs from the input at byte {at}: wrote {:?}, read {:?}",
                        excerpt(&written, at),
                        excerpt(text, at)
                    ),
                );
            }
        } else {
            check_reread(c, &track, &written, "write");
        }
    }
    for cue in &track.cues {
        c.stage(
            || format!("plain_text({f})"),
            || formats::plain_text(&track, cue),
        );
    }
    if c.deep {
        // Every check rule and the fixer run on whatever parsed, against cuts near its cues.
        let cuts: Vec<Millis> = track
            .cues
            .iter()
            .take(50)
            .flat_map(|c| [c.span().start(), c.span().end()])
            .map(|t| Millis::new(t.get().saturating_add(40)))
            .collect();
        let mut cuts = cuts;
        cuts.sort();
        cuts.dedup();
        c.stage(
            || format!("check({f})"),
            || {
                dramaloc::check::check_track(
                    track.clone(),
                    None,
                    dramaloc::model::FrameRate::FPS_29_97,
                    cuts.clone(),
                    Some(Millis::new(60_000)),
                )
            },
        );
    }
    for to in Format::ALL {
        if to == format {
            continue;
        }
        let t = to.name();
        let Some((converted, _report)) = c.stage(
            || format!("convert({f}→{t})"),
            || formats::convert(&track, to),
        ) else {
            continue;
        };
        let Some(out) = c.stage(
            || format!("write(convert({f}→{t}))"),
            || formats::write(&converted),
        ) else {
            continue;
        };
        if !c.deep {
            continue;
        }
        // What a conversion wrote must be readable again, without panicking.
        c.stage(
            || format!("parse(write(convert({f}→{t})))"),
            || formats::parse(to, &out),
        );
        for cue in &converted.cues {
            c.stage(
                || format!("plain_text(convert({f}→{t}))"),
                || formats::plain_text(&converted, cue),
            );
        }
    }
}

/// A written TTML track must read back with the same cue times and plain texts.
fn check_reread(c: &mut Checker, track: &SubtitleTrack, written: &str, what: &str) {
    let reread = c.stage(
        || format!("parse({what}(ttml))"),
        || formats::parse(Format::Ttml, written),
    );
    let Some(reread) = reread else { return };
    let summary = |t: &SubtitleTrack| -> Vec<(i64, i64, String)> {
        t.cues
            .iter()
            .map(|cue| {
                (
                    cue.span().start().get(),
                    cue.span().end().get(),
                    formats::plain_text(t, cue),
                )
            })
            .collect()
    };
    match reread {
        Err(e) => c.fail(
            Problem::TtmlRereadFailed,
            format!("parse({what}(ttml))"),
            format!("the written document does not parse: {e}"),
        ),
        Ok(p) => {
            let (Ok(before), Ok(after)) =
                (guarded(|| summary(track)), guarded(|| summary(&p.track)))
            else {
                return;
            };
            if before != after {
                let i = before
                    .iter()
                    .zip(&after)
                    .take_while(|(a, b)| a == b)
                    .count();
                c.fail(
                    Problem::TtmlRereadFailed,
                    format!("parse({what}(ttml))"),
                    format!(
                        "{} cues read back as {}; first difference at cue {}: {:?} vs {:?}",
                        before.len(),
                        after.len(),
                        i + 1,
                        before.get(i),
                        after.get(i)
                    ),
                );
            }
        }
    }
}

fn excerpt(s: &str, at: usize) -> String {
    let mut start = at.saturating_sub(20);
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    s[start..].chars().take(40).collect()
}

/// Every check on one input.
fn check_input(
    input: &[u8],
    origin: &str,
    ext: Option<&str>,
    index: usize,
    timing: bool,
) -> Vec<Failure> {
    let mut c = Checker {
        input,
        origin,
        failures: Vec::new(),
        timing,
        // One input in eight gets the extra checks; seeds and regressions (index 0) all do.
        deep: index.is_multiple_of(8),
        times: None,
    };
    run_checks(&mut c, ext);
    c.failures
}

fn run_checks(c: &mut Checker, ext: Option<&str>) {
    let input = c.input;
    let decoded = c.stage(|| "encoding::decode".to_owned(), || encoding::decode(input));
    let mut texts: Vec<String> = Vec::new();
    if let Some(Ok(d)) = decoded {
        texts.push(d.text);
    }
    // Valid UTF-8 is also read as is, BOM included: the parser itself must strip and restore it.
    if let Ok(raw) = std::str::from_utf8(input)
        && texts.first().is_none_or(|t| t != raw)
    {
        texts.push(raw.to_owned());
    }
    for text in &texts {
        c.stage(|| "detect".to_owned(), || formats::detect(text, ext));
        c.stage(|| "detect".to_owned(), || formats::detect(text, None));
        for format in Format::ALL {
            check_parse(c, format, text);
        }
    }
    // The end-to-end reader, for a share of the inputs (it repeats the work above).
    if c.deep {
        let path = ext.map(|e| PathBuf::from(format!("input.{e}")));
        c.stage(
            || "read_bytes".to_owned(),
            || formats::read_bytes(input, path.as_deref(), None),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Shrinking and reporting

/// Make a failing input smaller while it still fails the same way (same key).
fn shrink(failure: &Failure, ext: Option<&str>) -> Vec<u8> {
    let key = failure.key();
    let still_fails = |data: &[u8]| {
        check_input(data, "", ext, 0, false)
            .iter()
            .any(|f| f.key() == key)
    };
    let mut data = failure.input.clone();
    let mut budget = 4000;
    let mut chunk = data.len().div_ceil(2).max(1);
    while chunk >= 1 && budget > 0 {
        let mut i = 0;
        let mut removed = false;
        while i < data.len() && budget > 0 {
            let end = (i + chunk).min(data.len());
            let mut candidate = data.clone();
            candidate.drain(i..end);
            budget -= 1;
            if still_fails(&candidate) {
                data = candidate;
                removed = true;
            } else {
                i += chunk;
            }
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    data
}

/// Bytes as an escaped string: printable ASCII as is, the rest as `\n`, `\xNN`…
pub fn escaped(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

/// The file extension an input of some origin had (used when shrinking it).
type ExtensionOf<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The failure message: each distinct failure once, with its input shrunk when `exts` (the
/// file extension for an origin) is given, or the start of the input otherwise.
fn report(title: &str, failures: &[Failure], exts: Option<ExtensionOf>) -> String {
    // Distinct failures with how often each happened; slow stages grouped per input.
    let mut distinct: Vec<(&Failure, usize, Vec<&str>)> = Vec::new();
    for f in failures {
        match distinct.iter_mut().find(|(d, _, _)| {
            d.key() == f.key()
                || (f.problem == Problem::Slow
                    && d.problem == Problem::Slow
                    && d.origin == f.origin)
        }) {
            Some((_, n, stages)) => {
                *n += 1;
                if !stages.contains(&f.stage.as_str()) {
                    stages.push(&f.stage);
                }
            }
            None => distinct.push((f, 1, vec![f.stage.as_str()])),
        }
    }
    let mut out = format!(
        "{title}: {} failures, {} distinct; the first {}:\n",
        failures.len(),
        distinct.len(),
        distinct.len().min(SHOWN)
    );
    for (f, n, stages) in distinct.iter().take(SHOWN) {
        let input = match exts {
            Some(exts) if f.problem != Problem::Slow => {
                let small = shrink(f, exts(&f.origin).as_deref());
                format!(
                    "input ({} bytes, shrunk from {}): \"{}\"",
                    small.len(),
                    f.input.len(),
                    escaped(&small)
                )
            }
            _ => format!(
                "input ({} bytes), starting \"{}\"",
                f.input.len(),
                escaped(&f.input[..f.input.len().min(80)])
            ),
        };
        out.push_str(&format!(
            "\n- {:?} in {} ({n}×), from {}:\n  {}\n  {input}\n",
            f.problem,
            stages.join(", "),
            f.origin,
            f.detail,
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The run

fn input_count() -> usize {
    std::env::var("DRAMALOC_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_INPUTS)
}

/// Run inputs `0..count` on a few threads; every input depends only on its index.
fn run_mutations(count: usize, seeds: &[Seed]) -> (Vec<Failure>, Duration) {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let failures = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let failures = &failures;
            std::thread::Builder::new()
                .name(format!("mutation-{t}"))
                .spawn_scoped(s, move || {
                    let mut local = Vec::new();
                    for index in (t..count).step_by(threads) {
                        let (seed, input) = mutated_input(SEED, index, seeds);
                        let origin = format!("input #{index} (from {})", seed.name);
                        for f in check_input(&input, &origin, seed.ext.as_deref(), index, true) {
                            if local.len() < 2000 {
                                local.push(f);
                            }
                        }
                    }
                    failures.lock().unwrap().extend(local);
                })
                .expect("spawn a mutation thread");
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by_key(|f| {
        f.origin
            .trim_start_matches("input #")
            .split(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
    });
    (failures, started.elapsed())
}

fn seed_ext(seeds: &[Seed]) -> impl Fn(&str) -> Option<String> + '_ {
    move |origin: &str| {
        seeds
            .iter()
            .find(|s| origin.contains(&format!("(from {})", s.name)) || origin == s.name)
            .and_then(|s| s.ext.clone())
    }
}

#[test]
fn mutated_inputs_never_panic_and_round_trip() {
    let seeds = seeds();
    let count = input_count();
    let (failures, took) = run_mutations(count, &seeds);
    eprintln!(
        "mutation: {count} inputs from {} seeds in {:.1} s",
        seeds.len(),
        took.as_secs_f64()
    );
    if !failures.is_empty() {
        panic!(
            "{}",
            report(
                &format!("{count} mutated inputs"),
                &failures,
                Some(&seed_ext(&seeds))
            )
        );
    }
}

#[test]
fn seeds_themselves_pass_every_check() {
    let seeds = seeds();
    let mut failures = Vec::new();
    for seed in &seeds {
        failures.extend(check_input(
            &seed.bytes,
            &seed.name,
            seed.ext.as_deref(),
            0,
            true,
        ));
    }
    if !failures.is_empty() {
        panic!(
            "{}",
            report("seed files", &failures, Some(&seed_ext(&seeds)))
        );
    }
}

/// Inputs that broke a reader — other crates' (anchors.md §3–§4) or ours (found by this test
/// or the fuzz targets) — kept as regression cases: `(what broke, file extension, input)`.
const REGRESSIONS: &[(&str, &str, &[u8])] = &[
    (
        "subparse P1: 20-digit seconds",
        "srt",
        b"1\n00:00:99999999999999999999,000 --> 00:00:01,000\nx\n",
    ),
    (
        "subparse P1: 20-digit ASS fraction",
        "ass",
        b"[Script Info]\n\n[Events]\nFormat: Start, End, Text\nDialogue: 0:00:00.99999999999999999999,0:00:01.00,x\n",
    ),
    (
        "subparse P2: indented Format line",
        "ass",
        b"[Events]\n Format: Start, End, Text\n",
    ),
    (
        "subparse P3: Dialogue with too few fields",
        "ass",
        b"[Events]\nFormat: Layer, Start, End, Text\nDialogue: 0,\n",
    ),
    (
        "subparse P5: 16-digit hours",
        "srt",
        b"1\n9999999999999999:00:00,000 --> 00:00:01,000\nx\n",
    ),
    ("rsubs-lib: empty WebVTT input", "vtt", b""),
    ("WebVTT signature alone", "vtt", b"WEBVTT"),
    (
        "fasrt: WebVTT timestamp multiply overflow",
        "vtt",
        b"WEBVTT\n\n99999999999999999999:00.000 --> 00:01.000\nx\n",
    ),
    (
        "aspasia: hours overflow",
        "srt",
        b"1\n18446744073709551616:00:00,000 --> 18446744073709551617:00:00,000\nx\n",
    ),
    ("UTF-16LE BOM and an odd byte", "srt", b"\xFF\xFE1"),
    ("UTF-32LE BOM alone", "srt", b"\xFF\xFE\0\0"),
    ("lone surrogate in UTF-16LE", "srt", b"\xFF\xFE\x00\xD8a\x00"),
    (
        "TTML character reference beyond Unicode",
        "ttml",
        b"<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"0s\" end=\"1s\">&#99999999999;</p></div></body></tt>",
    ),
    (
        "TTML 20-digit clock time",
        "ttml",
        b"<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"99999999999999999999:00:00\" end=\"99999999999999999999h\">x</p></div></body></tt>",
    ),
    (
        "TTML frames and ticks without rates",
        "ttml",
        b"<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:frameRate=\"0\" ttp:tickRate=\"0\"><body><div><p begin=\"10f\" end=\"100t\">x</p></div></body></tt>",
    ),
    (
        "ASS 20-digit layer and margins",
        "ass",
        b"[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 99999999999999999999,0:00:00.00,0:00:01.00,Default,,99999999999999999999,0,0,,x\n",
    ),
];

#[test]
fn regression_inputs_pass_every_check() {
    let mut failures = Vec::new();
    for (what, ext, input) in REGRESSIONS {
        failures.extend(check_input(input, what, Some(ext), 0, true));
    }
    if !failures.is_empty() {
        let exts = |origin: &str| {
            REGRESSIONS
                .iter()
                .find(|(w, _, _)| *w == origin)
                .map(|(_, e, _)| (*e).to_owned())
        };
        panic!("{}", report("regression inputs", &failures, Some(&exts)));
    }
}

// ---------------------------------------------------------------------------------------------
// Pathological inputs: each up to 64 KB, built to expose quadratic or deep-recursion paths.

fn repeat(size: usize, prefix: &str, unit: &str, suffix: &str) -> Vec<u8> {
    let room = size.saturating_sub(prefix.len() + suffix.len());
    let mut s = String::with_capacity(size);
    s.push_str(prefix);
    while s.len() + unit.len() <= prefix.len() + room {
        s.push_str(unit);
    }
    s.push_str(suffix);
    s.into_bytes()
}

/// `(name, extension, bytes)` of the pathological inputs, each about `size` bytes.
fn stress_inputs(size: usize) -> Vec<(String, &'static str, Vec<u8>)> {
    const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\n";
    const VTT: &str = "WEBVTT\n\n00:01.000 --> 00:02.000\n";
    const ASS_HEAD: &str = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";
    const DIALOGUE: &str = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,";
    const TT: &str =
        "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"0s\" end=\"1s\">";
    const TT_END: &str = "</p></div></body></tt>";
    let ass = format!("{ASS_HEAD}{DIALOGUE}");
    let r = |prefix: &str, unit: &str, suffix: &str| repeat(size, prefix, unit, suffix);
    let mut v: Vec<(String, &'static str, Vec<u8>)> = vec![
        ("srt: many cues".into(), "srt", {
            let mut s = String::new();
            let mut i = 0u64;
            while s.len() + 64 < size {
                i += 1;
                s.push_str(&format!(
                    "{i}\n{} --> {}\n<i>text</i> 中文\n\n",
                    clock(i * 1000),
                    clock(i * 1000 + 500)
                ));
            }
            s.into_bytes()
        }),
        ("srt: '<' without '>'".into(), "srt", r(SRT, "<", "\n")),
        (
            "srt: '<x' with one '>' at the end".into(),
            "srt",
            r(SRT, "<x", ">\n"),
        ),
        ("srt: '{\\' without '}'".into(), "srt", r(SRT, "{\\", "\n")),
        (
            "srt: '{\\' with one '}' at the end".into(),
            "srt",
            r(SRT, "{\\", "}\n"),
        ),
        ("srt: nested <i>".into(), "srt", r(SRT, "<i>", "\n")),
        ("srt: one long text line".into(), "srt", r(SRT, "a", "\n")),
        ("srt: many text lines".into(), "srt", r(SRT, "a\n", "")),
        ("srt: counter lines".into(), "srt", r("", "1\n", "")),
        (
            "srt: blank lines inside text".into(),
            "srt",
            r(SRT, "a\n\n", ""),
        ),
        (
            "srt: blank lines then text".into(),
            "srt",
            r(SRT, "\n", "x\n"),
        ),
        (
            "srt: dashes in the timing line".into(),
            "srt",
            r("1\n00:00:01,000 ", "-", " 00:00:02,000\n"),
        ),
        (
            "srt: dash-space runs".into(),
            "srt",
            r("1\n00:00:01,000 ", "- ", ">\n"),
        ),
        (
            "srt: timing lines only".into(),
            "srt",
            r("", "00:00:01,000 --> 00:00:02,000\n", ""),
        ),
        ("vtt: '<' without '>'".into(), "vtt", r(VTT, "<", "\n")),
        ("vtt: nested tags".into(), "vtt", r(VTT, "<c.a>", "\n")),
        (
            "vtt: timestamp tags".into(),
            "vtt",
            r(VTT, "<00:00:01.500>", "\n"),
        ),
        ("vtt: entities".into(), "vtt", r(VTT, "&amp;", "\n")),
        ("vtt: '&' without ';'".into(), "vtt", r(VTT, "&", "\n")),
        (
            "vtt: settings".into(),
            "vtt",
            r("WEBVTT\n\n00:01.000 --> 00:02.000", " line:0", "\nx\n"),
        ),
        (
            "vtt: NOTE lines".into(),
            "vtt",
            r("WEBVTT\n\nNOTE\n", "a\n", ""),
        ),
        (
            "vtt: header lines".into(),
            "vtt",
            r("WEBVTT\n", "Kind: x\n", ""),
        ),
        (
            "vtt: cues without blank lines".into(),
            "vtt",
            r("WEBVTT\n\n", "00:01.000 --> 00:02.000\n", ""),
        ),
        ("ass: commas".into(), "ass", r(&ass, ",", "\n")),
        ("ass: '{' without '}'".into(), "ass", r(&ass, "{", "\n")),
        (
            "ass: '{\\' with one '}' at the end".into(),
            "ass",
            r(&ass, "{\\", "}\n"),
        ),
        ("ass: override tags".into(), "ass", r(&ass, "{\\i1}", "\n")),
        ("ass: \\N".into(), "ass", r(&ass, "\\N", "\n")),
        (
            "ass: format fields".into(),
            "ass",
            r("[Events]\nFormat: Start, End", ", X", ", Text\n"),
        ),
        (
            "ass: dialogue lines".into(),
            "ass",
            r(ASS_HEAD, &format!("{DIALOGUE}x\n"), ""),
        ),
        (
            "ass: section headers".into(),
            "ass",
            r("[Script Info]\n", "[A]\n", ""),
        ),
        ("ttml: nested spans".into(), "ttml", r(TT, "<span>", TT_END)),
        (
            "ttml: nested divs".into(),
            "ttml",
            r(
                "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body>",
                "<div>",
                "",
            ),
        ),
        (
            "ttml: nested unknown elements".into(),
            "ttml",
            r("<tt xmlns=\"http://www.w3.org/ns/ttml\"><head>", "<x>", ""),
        ),
        ("ttml: br".into(), "ttml", r(TT, "<br/>", TT_END)),
        ("ttml: entities".into(), "ttml", r(TT, "&amp;", TT_END)),
        (
            "ttml: paragraphs".into(),
            "ttml",
            r(
                "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div>",
                "<p begin=\"0s\" end=\"1s\">a</p>",
                "</div></body></tt>",
            ),
        ),
        (
            "ttml: attributes".into(),
            "ttml",
            r(
                "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"0s\" end=\"1s\"",
                " a=\"b\"",
                ">x</p></div></body></tt>",
            ),
        ),
        (
            "ttml: styles".into(),
            "ttml",
            r(
                "<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:tts=\"http://www.w3.org/ns/ttml#styling\"><head><styling>",
                "<style xml:id=\"s\" style=\"s\"/>",
                "</styling></head><body/></tt>",
            ),
        ),
        ("bytes: CR".into(), "srt", r("", "\r", "")),
        ("bytes: NUL".into(), "srt", vec![0; size]),
        ("bytes: UTF-16LE BOM then NUL".into(), "srt", {
            let mut b = vec![0xFF, 0xFE];
            b.resize(size, 0);
            b
        }),
        ("bytes: SRT as UTF-16LE without BOM".into(), "srt", {
            SRT.repeat(size / SRT.len() / 2)
                .bytes()
                .flat_map(|b| [b, 0])
                .collect()
        }),
    ];
    let mut rng = Rng::new(SEED);
    v.push((
        "bytes: random".into(),
        "srt",
        (0..size).map(|_| rng.next() as u8).collect(),
    ));
    v.push((
        "bytes: random high bytes (legacy encodings)".into(),
        "srt",
        (0..size).map(|_| 0x80 | rng.next() as u8).collect(),
    ));
    for (_, _, b) in &mut v {
        b.truncate(size);
    }
    v
}

fn clock(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Sizes the pathological inputs are tried at, each 4× the last: a linear stage takes about
/// 4× longer from one to the next, a quadratic one 16×, and is caught before 64 KB makes it
/// run for minutes.
const STRESS_SIZES: [usize; 4] = [1024, 4 * 1024, 16 * 1024, MAX_LEN];
/// Growth of a stage's time between two sizes beyond which it counts as superlinear: a
/// quadratic stage grows 16×, a linear one 4×; the margin absorbs a busy machine.
const GROWTH: f64 = 10.0;
/// Stage times below this are too noisy to compare.
const NOISE: Duration = Duration::from_millis(20);

/// Failures on one input and the best of three times of each stage (repeated stages summed).
fn stage_times(
    input: &[u8],
    origin: &str,
    ext: &str,
) -> (Vec<Failure>, BTreeMap<String, Duration>) {
    let mut best: BTreeMap<String, Duration> = BTreeMap::new();
    let mut failures = Vec::new();
    for run in 0..3 {
        let mut c = Checker {
            input,
            origin,
            failures: Vec::new(),
            timing: false,
            deep: true,
            times: Some(Vec::new()),
        };
        run_checks(&mut c, Some(ext));
        let mut sums: BTreeMap<String, Duration> = BTreeMap::new();
        for (stage, t) in c.times.take().unwrap_or_default() {
            *sums.entry(stage).or_default() += t;
        }
        for (stage, t) in sums {
            best.entry(stage)
                .and_modify(|b| *b = (*b).min(t))
                .or_insert(t);
        }
        if run == 0 {
            failures = c.failures;
        }
    }
    (failures, best)
}

#[test]
fn pathological_inputs_are_fast_and_never_panic() {
    let by_size: Vec<Vec<(String, &str, Vec<u8>)>> =
        STRESS_SIZES.iter().map(|&n| stress_inputs(n)).collect();
    let mut failures: Vec<Failure> = Vec::new();
    for i in 0..by_size[0].len() {
        let mut previous: Option<(usize, BTreeMap<String, Duration>)> = None;
        for (k, (size, inputs)) in STRESS_SIZES.iter().zip(&by_size).enumerate() {
            let (name, ext, input) = &inputs[i];
            let origin = format!("{name} ({} bytes)", input.len());
            let (found, mut times) = stage_times(input, &origin, ext);
            failures.extend(found);
            let judge =
                |times: &BTreeMap<String, Duration>,
                 previous: &Option<(usize, BTreeMap<String, Duration>)>| {
                    let mut slow = Vec::new();
                    for (stage, &t) in times {
                        if (parses_input(stage) && t > SLOW) || t > SLOW_DERIVED {
                            slow.push(format!("{stage}: {} ms", t.as_millis()));
                        }
                        if let Some((before, prev)) = previous
                            && let Some(&p) = prev.get(stage)
                            && t > NOISE
                            && t.as_secs_f64() > GROWTH * p.as_secs_f64()
                        {
                            slow.push(format!(
                                "{stage}: {:.1} ms at {before} bytes, {:.1} ms at {size} bytes",
                                p.as_secs_f64() * 1000.0,
                                t.as_secs_f64() * 1000.0
                            ));
                        }
                    }
                    slow
                };
            let mut slow = judge(&times, &previous);
            // Other tests run on the same cores: before calling a stage slow, time this size
            // and the one before again (keeping the best of all runs) a few times.
            for _ in 0..3 {
                if slow.is_empty() {
                    break;
                }
                let merge = |into: &mut BTreeMap<String, Duration>,
                             from: BTreeMap<String, Duration>| {
                    for (stage, t) in from {
                        into.entry(stage)
                            .and_modify(|b| *b = (*b).min(t))
                            .or_insert(t);
                    }
                };
                merge(&mut times, stage_times(input, &origin, ext).1);
                if let (Some((_, prev)), Some(k1)) = (&mut previous, k.checked_sub(1)) {
                    let (_, pext, pinput) = &by_size[k1][i];
                    merge(prev, stage_times(pinput, &origin, pext).1);
                }
                slow = judge(&times, &previous);
            }
            if !slow.is_empty() {
                failures.push(Failure {
                    problem: Problem::Slow,
                    stage: slow.join("; "),
                    detail: format!(
                        "time grows more than {GROWTH}× when the input grows 4×, or parsing takes \
                         over {} ms, or another stage over {} ms",
                        SLOW.as_millis(),
                        SLOW_DERIVED.as_millis()
                    ),
                    input: input.clone(),
                    origin,
                });
                break; // Larger sizes would only take longer.
            }
            previous = Some((*size, times));
        }
    }
    if !failures.is_empty() {
        // Pathological inputs are long and regular: the name says what they are.
        panic!("{}", report("pathological inputs", &failures, None));
    }
}

#[test]
fn generator_is_deterministic_and_varied() {
    let seeds = seeds();
    let a: Vec<Vec<u8>> = (0..50).map(|i| mutated_input(SEED, i, &seeds).1).collect();
    let b: Vec<Vec<u8>> = (0..50).map(|i| mutated_input(SEED, i, &seeds).1).collect();
    assert_eq!(a, b, "same seed, same inputs");
    let mut distinct = a.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() > 45, "inputs should differ from each other");
    assert!(
        a.iter().all(|x| x.len() <= MAX_LEN),
        "inputs stay within {MAX_LEN} bytes"
    );
}
