//! The generated series of the benchmarks: 100 episodes × 10 languages (zh-Hans source + 9
//! targets), 40–50 cues per track, shot changes every 2–3 s, optionally a few planted
//! problems per episode. Deterministic: every run writes the same bytes.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

pub const EPISODES: u32 = 100;
const FPS: i64 = 30;

/// Language, format, and lines the generator picks from (written for this benchmark).
pub const LANGUAGES: [(&str, &str, &[&str]); 10] = [
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
fn episode_timing(rng: &mut Rng, planted: bool) -> (Vec<i64>, Vec<(i64, i64)>, i64) {
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
        if planted && rng.chance(3) {
            start += 7; // starts 7 frames after a cut (or just off)
        }
        if planted && rng.chance(2) {
            end = start + 12; // too short
        }
        if end <= start + 10 {
            end = start + 25;
        }
        cues.push((start, end));
        prev_end = end;
        // Chained (2 frames) or clearly apart.
        t = end + if rng.chance(40) { 2 } else { rng.range(16, 30) };
        if planted && rng.chance(1) {
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

fn text(rng: &mut Rng, lines: &[&str], planted: bool) -> String {
    let mut s = lines[rng.range(0, lines.len() as i64 - 1) as usize].to_owned();
    if rng.chance(40) {
        s.push('\n');
        s.push_str(lines[rng.range(0, lines.len() as i64 - 1) as usize]);
    }
    if planted && rng.chance(2) {
        // A line far too long for any market.
        s = format!("{} {}", s.replace('\n', " "), lines[0]);
    }
    s
}

/// Write the series (with a few planted problems per episode, or none); returns (tracks,
/// cues, bytes of subtitles).
pub fn generate(root: &Path, planted: bool) -> (usize, usize, usize) {
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
        let (cuts, cues, duration) = episode_timing(&mut rng, planted);
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
                out.push_str(&text(&mut rng, lines, planted));
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
