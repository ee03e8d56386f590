//! Cost of the target-vs-source and glossary rules on a generated series the size DESIGN §1
//! plans for: 100 episodes × 10 languages × 40 cues = 40,000 cues, Chinese source, the demo
//! glossary plus forbidden terms. Tracks are loaded once; then `check_episode` runs over
//! every episode on one thread with (a) no rule on, (b) only these five rules, (c) every rule,
//! and the medians of thread CPU time are printed. `cargo bench --bench check_align`.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use dramaloc::check::{self, LoadedEpisode, Selection, Settings};
use dramaloc::timing::rules::ALL;
use dramaloc::timing::{Preset, TimingSpec};
use dramaloc::workspace::Workspace;

const EPISODES: usize = 100;
const CUES: usize = 40;
const RUNS: usize = 7;
const MINE: [&str; 5] = [
    "untranslated-text",
    "cue-count-mismatch",
    "timing-mismatch",
    "glossary-term-missing",
    "forbidden-term",
];

const SOURCE: [&str; 8] = [
    "温以茗 你爷爷晕倒了！",
    "这香气不对……",
    "陆总到了 大家站好！",
    "承砚哥 尝尝我家的雪芽",
    "雾岭百年老茶树 一年只产五斤",
    "许小姐 这不是雾岭雪芽",
    "你叫什么名字？",
    "我才是雾岭茶园的大小姐！",
];

/// Each language's lines, in the order of `SOURCE`.
const TARGETS: [(&str, [&str; 8]); 9] = [
    (
        "zh-Hant",
        [
            "溫以茗 你爺爺暈倒了！",
            "這香氣不對……",
            "陸總到了 大家站好！",
            "承硯哥 嚐嚐我家的雪芽",
            "霧嶺百年老茶樹 一年只產五斤",
            "許小姐 這不是霧嶺雪芽",
            "你叫什麼名字？",
            "我才是霧嶺茶園的大小姐！",
        ],
    ),
    (
        "en-US",
        [
            "Wen Yiming, your grandpa collapsed!",
            "That aroma isn't right…",
            "Mr. Lu is here.\nEveryone, line up!",
            "Chengyan, try our\nfamily's Snow Bud.",
            "Century-old bushes in Wuling.\nOnly five pounds a year.",
            "Miss Xu, this isn't\nWuling Snow Bud.",
            "What's your name?",
            "I'm the heiress\nof Wuling Tea Estate!",
        ],
    ),
    (
        "es-419",
        [
            "¡Wen Yiming, tu abuelo\nse desmayó!",
            "Ese aroma no es el correcto…",
            "¡Llegó el señor Lu!\n¡Todos en fila!",
            "Chengyan, prueba nuestro\nBrote de Nieve.",
            "Arbustos centenarios de Wuling.\nSolo dos kilos al año.",
            "Señorita Xu, esto no es\nBrote de Nieve de Wuling.",
            "¿Cómo te llamas?",
            "¡Yo soy la heredera\nde la finca Wuling!",
        ],
    ),
    (
        "pt-BR",
        [
            "Wen Yiming, seu avô desmaiou!",
            "Esse aroma não está certo…",
            "O senhor Lu chegou.\nTodos em fila!",
            "Chengyan, prove\nnosso chá.",
            "Arbustos centenários de Wuling.\nSó dois quilos por ano.",
            "Senhorita Xu,\nisto não é o chá de Wuling.",
            "Qual é o seu nome?",
            "Eu sou a herdeira\nde Wuling!",
        ],
    ),
    (
        "id",
        [
            "Wen Yiming, kakekmu pingsan!",
            "Aromanya tidak benar…",
            "Pak Lu datang.\nSemua berbaris!",
            "Chengyan, cobalah\nteh kami.",
            "Pohon teh tua dari Wuling.\nHanya dua kilo setahun.",
            "Nona Xu, ini bukan\nteh Wuling.",
            "Siapa namamu?",
            "Akulah pewaris\nkebun teh Wuling!",
        ],
    ),
    (
        "th",
        [
            "เวินอี้หมิง คุณปู่เป็นลม!",
            "กลิ่นนี้ไม่ถูกต้อง…",
            "ท่านลู่มาแล้ว ทุกคนเข้าแถว!",
            "เฉิงเยี่ยน ลองชาของบ้านเรา",
            "ต้นชาเก่าแก่ร้อยปีจากอู่หลิง",
            "คุณสวี่ นี่ไม่ใช่ชาอู่หลิง",
            "เธอชื่ออะไร?",
            "ฉันคือทายาทของสวนชาอู่หลิง!",
        ],
    ),
    (
        "vi",
        [
            "Ôn Dĩ Mính, ông con ngất rồi!",
            "Mùi hương này không đúng…",
            "Lục tổng đến rồi.\nMọi người đứng ngay!",
            "Thừa Nghiễn, nếm thử\ntrà nhà em đi.",
            "Cây trà trăm năm ở Vụ Lĩnh.\nMỗi năm chỉ vài cân.",
            "Cô Hứa, đây không phải\ntrà Vụ Lĩnh.",
            "Cô tên gì?",
            "Tôi mới là đại tiểu thư\ncủa trà viên Vụ Lĩnh!",
        ],
    ),
    (
        "ko",
        [
            "원이밍, 할아버지가 쓰러지셨어!",
            "향이 이상해…",
            "루 대표님 오셨습니다. 모두 정렬!",
            "청옌 오빠, 우리 집 차 마셔 봐",
            "우링의 백 년 된 차나무",
            "쉬 아가씨, 이건 우링 차가 아니에요",
            "이름이 뭐야?",
            "내가 우링 차밭의 아가씨야!",
        ],
    ),
    (
        "ja",
        [
            "温以茗、おじいさんが倒れた！",
            "この香りは違う…",
            "陸社長がお見えです。整列！",
            "承硯さん、うちの雪芽をどうぞ",
            "霧嶺の百年の茶の木",
            "許さん、これは霧嶺雪芽ではありません",
            "名前は？",
            "私こそ霧嶺茶園のお嬢様よ！",
        ],
    ),
];

fn clock(ms: usize) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn srt(times: &[(usize, usize)], lines: &[&str], shift: usize) -> String {
    let mut out = String::new();
    for (i, (s, e)) in times.iter().enumerate() {
        let line = lines[(i + shift) % lines.len()];
        out.push_str(&format!(
            "{}\n{} --> {}\n{line}\n\n",
            i + 1,
            clock(*s),
            clock(*e)
        ));
    }
    out
}

fn generate(root: &Path) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/demo/glossary.toml");
    let mut glossary = std::fs::read_to_string(demo).expect("demo glossary");
    glossary.push_str(
        "\n[[forbidden]]\ntext = \"Wen Yimin\"\nlanguages = [\"en-US\", \"es\"]\n\n[[forbidden]]\ntext = \"Wen Yiming\"\nlanguages = [\"zh-Hans\", \"zh-Hant\"]\n",
    );
    std::fs::write(root.join("glossary.toml"), glossary).unwrap();
    std::fs::write(
        root.join("series.toml"),
        "id = \"bench\"\ntitle = \"Bench\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30\"\nresolution = \"1080x1920\"\n",
    )
    .unwrap();
    // A fixed pseudo-random sequence for cue lengths and gaps.
    let mut seed: u64 = 7;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n) as usize
    };
    for ep in 1..=EPISODES {
        let dir = root.join(format!("episodes/{ep:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("episode.toml"), "duration_ms = 200000\n").unwrap();
        let mut times = Vec::with_capacity(CUES);
        let mut t = 1000;
        for _ in 0..CUES {
            let d = 2000 + 1000 * next(3) + 100 * next(10);
            times.push((t, t + d));
            t += d + 100 + 100 * next(9);
        }
        std::fs::write(dir.join("zh-Hans.srt"), srt(&times, &SOURCE, ep)).unwrap();
        for (tag, lines) in TARGETS {
            std::fs::write(dir.join(format!("{tag}.srt")), srt(&times, &lines, ep)).unwrap();
        }
    }
}

fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Median CPU and wall seconds of checking every episode once, and the findings made.
fn measure(
    episodes: &[LoadedEpisode],
    settings: &Settings,
    glossary: Option<&dramaloc::glossary::Glossary>,
) -> (f64, f64, usize) {
    let run = || {
        episodes
            .iter()
            .map(|ep| {
                check::check_episode(ep, settings, (1080, 1920), glossary, &|_| true)
                    .iter()
                    .map(|t| t.findings.len())
                    .sum::<usize>()
            })
            .sum::<usize>()
    };
    let findings = run();
    let (mut cpu, mut wall) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (c, t) = (thread_cpu_seconds(), Instant::now());
        black_box(run());
        wall.push(t.elapsed().as_secs_f64());
        cpu.push(thread_cpu_seconds() - c);
    }
    (median(cpu), median(wall), findings)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let ws = Workspace::discover(dir.path()).expect("generated series");
    let glossary = dramaloc::glossary::load(ws.root()).expect("glossary");
    let selection = Selection::default();
    let episodes: Vec<LoadedEpisode> = ws
        .episodes()
        .unwrap()
        .values()
        .map(|e| check::load_episode(&ws, e, &selection, &[]))
        .collect();
    let cues: usize = episodes
        .iter()
        .flat_map(|e| &e.tracks)
        .filter_map(|t| t.track.as_ref())
        .map(|t| t.cues.len())
        .sum();
    let tracks: usize = episodes.iter().map(|e| e.tracks.len()).sum();
    println!("{tracks} tracks, {cues} cues; one thread, medians of {RUNS} runs");

    let only = |on: &dyn Fn(&str) -> bool| {
        let mut s = Settings::new(TimingSpec::new(Preset::Vertical));
        for rule in ALL {
            if !on(rule.id()) {
                s.set_severity(rule.id(), None);
            }
        }
        s
    };
    let rows: [(&str, Settings); 3] = [
        ("no rule", only(&|_| false)),
        ("alignment + glossary rules", only(&|id| MINE.contains(&id))),
        ("every rule", only(&|_| true)),
    ];
    let mut base = 0.0;
    for (i, (name, settings)) in rows.iter().enumerate() {
        let (cpu, wall, findings) = measure(&episodes, settings, glossary.as_ref());
        if i == 0 {
            base = cpu;
        }
        println!(
            "{name:<28} {:>7.1} ms cpu {:>7.1} ms wall  (+{:>6.1} ms cpu over no rule; {findings} findings)",
            cpu * 1e3,
            wall * 1e3,
            (cpu - base) * 1e3
        );
    }
    // Each of the five alone.
    for id in MINE {
        let (cpu, _, findings) = measure(&episodes, &only(&|r| r == id), glossary.as_ref());
        println!(
            "  {id:<26} +{:>6.1} ms cpu ({findings} findings)",
            (cpu - base) * 1e3
        );
    }
}
