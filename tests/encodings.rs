//! Encoding detection and strict decoding: the third-party corpus, the five-encoding Russian
//! oracle, refusal of damaged bytes, encode → decode round trips, and random input.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;
use dramaloc::formats::encoding::{
    Confidence, DecodeError, Decoded, TextEncoding, decode, decode_as, encode,
};

/// Encoding names that denote the same decoder (or a superset read identically): chardetng
/// says GBK for all GB-family text and both share the GB18030 decoder; TIS-620 is decoded as
/// its superset windows-874; `EUC-KR` is the WHATWG name of windows-949 (UHC).
fn canonical(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "gbk" | "gb18030" => "gb18030".into(),
        "tis-620" | "windows-874" => "windows-874".into(),
        "euc-kr" | "windows-949" | "uhc" => "euc-kr".into(),
        other => other.into(),
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn name_of(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

#[test]
fn corpus_files_decode_in_their_true_encoding() {
    let mut checked = 0;
    for path in corpus_files("encodings") {
        let name = name_of(&path);
        let row = expected_for("encodings", &path)
            .unwrap_or_else(|| panic!("{name} has no row in encodings/expected.tsv"));
        let want = row.get("encoding").expect("encoding column");
        let want_bom = row.get("bom").unwrap_or("none");
        let decoded = decode(&read(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = &decoded.info;
        assert_eq!(
            canonical(info.encoding.name()),
            canonical(want),
            "{name}: decoded as {}, expected {want}",
            info.encoding
        );
        let bom = info.bom.map_or("none", TextEncoding::name);
        assert_eq!(bom, want_bom, "{name}: byte order mark");
        let confidence = match (info.bom, info.encoding) {
            (Some(_), _) => Confidence::Bom,
            (None, TextEncoding::Utf8) => Confidence::Certain,
            (None, TextEncoding::Legacy(_)) => Confidence::Guess,
            (None, _) => Confidence::Heuristic,
        };
        assert_eq!(info.confidence, confidence, "{name}");
        assert!(
            !decoded.text.starts_with('\u{feff}'),
            "{name}: BOM left in the text"
        );
        assert!(
            !decoded.text.contains('\u{fffd}'),
            "{name}: replacement character"
        );
        checked += 1;
    }
    assert_eq!(checked, 22, "the corpus has 22 encoding samples");
}

#[test]
fn gb18030_corpus_files_are_reported_as_gbk_when_no_four_byte_sequence_occurs() {
    let path = corpus_dir("encodings").join("gb18030__chinese-gb18030.srt");
    let decoded = decode(&read(&path)).unwrap();
    assert_eq!(decoded.info.encoding.name(), "GBK");
    assert!(decoded.text.contains("看看自己。"));
}

#[test]
fn the_five_russian_files_decode_to_the_same_text() {
    let dir = corpus_dir("encodings");
    let files = [
        "utf-8__russian-utf8-without-bom.srt",
        "utf-16le__russian-utf16-le.srt",
        "utf-16be__russian-utf16-be.srt",
        "utf-32le__russian-utf32-le.srt",
        "koi8-r__russian-koi8-r.srt",
    ];
    let texts: Vec<String> = files
        .iter()
        .map(|f| {
            let decoded = decode(&read(&dir.join(f))).unwrap_or_else(|e| panic!("{f}: {e}"));
            decoded.text.replace("\r\n", "\n")
        })
        .collect();
    assert!(texts[0].contains("Ни фига себе."));
    for (file, text) in files.iter().zip(&texts).skip(1) {
        assert_eq!(text, &texts[0], "{file} differs from the UTF-8 file");
    }
}

// ---------------------------------------------------------------------------------------
// Strictness
// ---------------------------------------------------------------------------------------

#[test]
fn one_corrupted_byte_in_utf8_is_refused_at_its_offset() {
    let bytes = read(&corpus_dir("encodings").join("utf-8__russian-utf8-without-bom.srt"));
    // A Cyrillic lead byte well inside the file.
    let lead = (2000..bytes.len())
        .find(|&i| (0xD0..=0xD1).contains(&bytes[i]))
        .expect("a Cyrillic letter after byte 2000");
    let malformed_at = |offset| DecodeError::Malformed {
        offset,
        encoding: "UTF-8",
    };

    let mut broken = bytes.clone();
    broken[lead] = 0xFF;
    assert_eq!(decode(&broken), Err(malformed_at(lead)));

    // A continuation byte turned into ASCII breaks the sequence that starts at the lead.
    let mut broken = bytes.clone();
    broken[lead + 1] = b'x';
    assert_eq!(decode(&broken), Err(malformed_at(lead)));

    // A lead byte turned into ASCII leaves an orphan continuation byte after it.
    let mut broken = bytes;
    broken[lead] = b'x';
    assert_eq!(decode(&broken), Err(malformed_at(lead + 1)));
}

#[test]
fn gbk_with_a_truncated_final_character_is_refused_at_its_lead_byte() {
    let bytes = read(&corpus_dir("encodings").join("gb18030__chinese-gb18030.srt"));
    // The file ends with `。` (A1 A3) and CRLF; keep the lead byte A1 only.
    assert!(bytes.ends_with(&[0xA1, 0xA3, 0x0D, 0x0A]));
    let truncated = &bytes[..bytes.len() - 3];
    assert_eq!(
        decode(truncated),
        Err(DecodeError::Malformed {
            offset: truncated.len() - 1,
            encoding: "GBK"
        })
    );
    // The same when the user names the encoding.
    let given = TextEncoding::from_label("gbk").unwrap();
    assert_eq!(
        decode_as(truncated, given),
        Err(DecodeError::Malformed {
            offset: truncated.len() - 1,
            encoding: "GBK"
        })
    );
}

#[test]
fn gbk_with_a_damaged_byte_in_the_middle_is_refused_not_guessed_as_another_encoding() {
    let bytes = read(&corpus_dir("encodings").join("gb18030__chinese-gb18030.srt"));
    // The trail byte of a double-byte character near the middle becomes a line feed.
    let mut at = bytes.len() / 2;
    while bytes[at] < 0x81 || bytes[at + 1] < 0x40 {
        at += 1;
    }
    // `at` is a lead byte only if an even number of high bytes precede it on its line.
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    if (at - line_start) % 2 == 1 {
        at += 1;
    }
    let mut broken = bytes.clone();
    broken[at + 1] = b'\n';
    assert_eq!(
        decode(&broken),
        Err(DecodeError::Malformed {
            offset: at,
            encoding: "GBK"
        })
    );
}

#[test]
fn utf16_with_an_unpaired_surrogate_is_refused() {
    let dir = corpus_dir("encodings");
    for (file, be) in [
        ("utf-16le__russian-utf16-le.srt", false),
        ("utf-16be__russian-utf16-be.srt", true),
    ] {
        let mut bytes = read(&dir.join(file));
        let high: [u8; 2] = if be { [0xD8, 0x3D] } else { [0x3D, 0xD8] };
        bytes[100..102].copy_from_slice(&high); // a high surrogate followed by a plain unit
        let encoding = if be { "UTF-16BE" } else { "UTF-16LE" };
        assert_eq!(
            decode(&bytes),
            Err(DecodeError::Malformed {
                offset: 100,
                encoding
            }),
            "{file}"
        );
        let low: [u8; 2] = if be { [0xDE, 0x00] } else { [0x00, 0xDE] };
        bytes[100..102].copy_from_slice(&low); // a lone low surrogate
        assert_eq!(
            decode(&bytes).map_err(|e| e.offset()),
            Err(Some(100)),
            "{file}"
        );
    }
    // Without a BOM as well.
    let mut bytes = encode(&srt(ASCII_SHORT), TextEncoding::Utf16Le, false).unwrap();
    bytes[10..12].copy_from_slice(&[0x00, 0xDC]);
    assert_eq!(
        decode(&bytes),
        Err(DecodeError::Malformed {
            offset: 10,
            encoding: "UTF-16LE"
        })
    );
}

#[test]
fn control_characters_are_refused_with_their_offset() {
    let text = srt(ZH_HANS);
    let at = text.find("我等了").unwrap();
    let mut bytes = text.clone().into_bytes();
    bytes.insert(at, 0x00);
    assert_eq!(
        decode(&bytes),
        Err(DecodeError::Control {
            offset: at,
            code: 0,
            encoding: "UTF-8"
        })
    );
    let mut bytes = encode(&text, TextEncoding::Legacy(encoding_rs_gbk()), false).unwrap();
    bytes.push(0x1A); // a DOS end-of-file mark
    assert_eq!(
        decode(&bytes).map_err(|e| e.offset()),
        Err(Some(bytes.len() - 1))
    );
}

#[test]
fn a_stray_nul_never_turns_8_bit_text_into_utf16() {
    let cases: [(&[&str], &str); 9] = [
        (ZH_HANS, "utf-8"),
        (ZH_HANS, "gbk"),
        (ZH_HANT, "big5"),
        (JA, "shift_jis"),
        (JA, "utf-8"),
        (KO, "euc-kr"),
        (AR, "windows-1256"),
        (TH, "windows-874"),
        (FR, "windows-1252"),
    ];
    for (lines, label) in cases {
        let bytes = encode(&srt(lines), legacy(label), false).unwrap();
        // After every line break (where `0A 00` would read as a UTF-16LE line feed), and at
        // every 7th byte.
        let positions = (0..bytes.len())
            .filter(|&i| i > 0 && bytes[i - 1] == b'\n')
            .chain((0..bytes.len()).step_by(7));
        for at in positions {
            let mut broken = bytes.clone();
            broken.insert(at, 0);
            match decode(&broken) {
                Err(DecodeError::Control {
                    offset, code: 0, ..
                }) => assert_eq!(offset, at),
                Err(DecodeError::Malformed { offset, .. }) => assert!(offset <= at),
                other => panic!("{label} with NUL at {at}: {other:?}"),
            }
        }
    }
}

fn encoding_rs_gbk() -> &'static encoding_rs::Encoding {
    match TextEncoding::from_label("gbk") {
        Some(TextEncoding::Legacy(e)) => e,
        other => panic!("gbk label gave {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------

const ASCII_SHORT: &[&str] = &["Hi!", "Where are you going?"];

const ZH_HANS: &[&str] = &[
    "你终于回来了。",
    "我等了你整整三年。",
    "对不起，我不是故意骗你的。",
    "那份合同到底是谁签的？",
    "总裁，董事会的人都到齐了。",
    "让他们等着，我马上过去。",
    "你以为我还会相信你吗？",
    "这个孩子……是你的。",
    "从今天起，你被解雇了。",
    "我不会放过任何伤害她的人！",
    "妈，您别担心，我能处理好。",
    "今晚的宴会，你必须陪我去。",
    "一切都结束了。",
];

const ZH_HANT: &[&str] = &[
    "你終於回來了。",
    "我等了你整整三年。",
    "對不起，我不是故意騙你的。",
    "那份合同到底是誰簽的？",
    "總裁，董事會的人都到齊了。",
    "讓他們等著，我馬上過去。",
    "你以為我還會相信你嗎？",
    "這個孩子……是你的。",
    "從今天起，你被解僱了。",
    "我不會放過任何傷害她的人！",
    "媽，您別擔心，我能處理好。",
    "今晚的宴會，你必須陪我去。",
];

const JA: &[&str] = &[
    "やっと帰ってきたのね。",
    "三年間ずっと待っていたんだ。",
    "ごめんなさい、騙すつもりはなかったの。",
    "その契約書は誰がサインしたんだ？",
    "社長、役員の皆様がお揃いです。",
    "待たせておけ。すぐに行く。",
    "まだ私があなたを信じると思ってるの？",
    "この子は……あなたの子よ。",
    "今日から君はクビだ。",
    "彼女を傷つける者は誰であろうと許さない！",
    "お母さん、心配しないで。私が何とかするから。",
    "今夜のパーティー、僕と一緒に来てくれ。",
];

const KO: &[&str] = &[
    "드디어 돌아왔구나.",
    "삼 년 동안 너만 기다렸어.",
    "미안해, 속이려던 건 아니었어.",
    "그 계약서는 도대체 누가 서명한 거야?",
    "대표님, 이사회 분들이 모두 오셨습니다.",
    "기다리라고 해. 곧 갈게.",
    "내가 아직도 널 믿을 거라고 생각해?",
    "이 아이는... 당신 아이예요.",
    "오늘부터 당신은 해고야.",
    "그녀를 다치게 하는 사람은 절대 용서 못 해!",
    "엄마, 걱정 마세요. 제가 알아서 할게요.",
    "오늘 밤 파티에 나랑 같이 가.",
];

const AR: &[&str] = &[
    "لقد عدت أخيرًا.",
    "انتظرتك ثلاث سنوات كاملة.",
    "آسفة، لم أقصد أن أكذب عليك.",
    "من الذي وقّع ذلك العقد؟",
    "سيدي الرئيس، أعضاء مجلس الإدارة وصلوا جميعًا.",
    "دعهم ينتظرون، سآتي حالًا.",
    "هل تظن أنني ما زلت أصدقك؟",
    "هذا الطفل... طفلك.",
    "من اليوم، أنت مطرود.",
    "لن أسامح أي شخص يؤذيها!",
    "أمي، لا تقلقي، أستطيع التعامل مع الأمر.",
    "يجب أن تأتي معي إلى الحفل الليلة.",
];

const TH: &[&str] = &[
    "ในที่สุดคุณก็กลับมา",
    "ฉันรอคุณมาตลอดสามปี",
    "ขอโทษนะ ฉันไม่ได้ตั้งใจจะหลอกคุณ",
    "ใครเป็นคนเซ็นสัญญาฉบับนั้น",
    "ท่านประธานคะ คณะกรรมการมากันครบแล้วค่ะ",
    "ให้พวกเขารอไปก่อน ผมจะไปเดี๋ยวนี้",
    "คุณคิดว่าฉันยังจะเชื่อคุณอีกเหรอ",
    "เด็กคนนี้... เป็นลูกของคุณ",
    "ตั้งแต่วันนี้ คุณถูกไล่ออก",
    "ใครทำร้ายเธอ ผมไม่ปล่อยไว้แน่",
    "แม่ไม่ต้องห่วงนะ หนูจัดการได้",
    "คืนนี้คุณต้องไปงานเลี้ยงกับผม",
];

const FR: &[&str] = &[
    "Tu es enfin revenu.",
    "Je t'ai attendu pendant trois longues années.",
    "Désolée, je ne voulais pas te mentir.",
    "Qui a signé ce contrat, à la fin ?",
    "Monsieur le président, le conseil d'administration est arrivé.",
    "Qu'ils attendent. J'arrive tout de suite.",
    "Tu crois vraiment que je vais encore te croire ?",
    "Cet enfant… c'est le tien.",
    "À partir d'aujourd'hui, tu es renvoyé.",
    "Je ne pardonnerai à personne de lui faire du mal !",
    "Maman, ne t'inquiète pas, je m'en occupe.",
    "Ce soir, tu viens avec moi à la réception, « ça » ne se discute pas.",
];

/// An SRT with one cue per line, two seconds apart.
fn srt(lines: &[&str]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let start = i * 2 + 1;
        out.push_str(&format!(
            "{}\n00:00:{start:02},000 --> 00:00:{:02},500\n{line}\n\n",
            i + 1,
            start + 1
        ));
    }
    out
}

fn legacy(label: &str) -> TextEncoding {
    TextEncoding::from_label(label).unwrap_or_else(|| panic!("unknown label {label}"))
}

/// Encode, detect, decode; the detected encoding must be `expected` (or an equivalent).
fn round_trip(text: &str, encoding: TextEncoding, bom: bool, expected: TextEncoding, what: &str) {
    let bytes = encode(text, encoding, bom).unwrap_or_else(|e| panic!("{what}: encode: {e}"));
    let Decoded { text: back, info } =
        decode(&bytes).unwrap_or_else(|e| panic!("{what} in {encoding} (BOM {bom}): {e}"));
    assert_eq!(
        canonical(info.encoding.name()),
        canonical(expected.name()),
        "{what} in {encoding} (BOM {bom}) detected as {}",
        info.encoding
    );
    assert_eq!(info.bom, bom.then_some(encoding), "{what} in {encoding}");
    assert_eq!(back, text, "{what} in {encoding} (BOM {bom})");
    // The user naming the encoding gives the same text.
    let given = decode_as(&bytes, encoding).unwrap_or_else(|e| panic!("{what}: decode_as: {e}"));
    assert_eq!(given.text, text);
    assert_eq!(given.info.confidence, Confidence::Given);
}

#[test]
fn round_trips_through_unicode_encodings_with_and_without_bom() {
    let texts = [
        ("ascii", ASCII_SHORT),
        ("zh-Hans", ZH_HANS),
        ("zh-Hant", ZH_HANT),
        ("ja", JA),
        ("ko", KO),
        ("ar", AR),
        ("th", TH),
        ("fr", FR),
    ];
    for (what, lines) in texts {
        for crlf in [false, true] {
            let mut text = srt(lines);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            for encoding in [
                TextEncoding::Utf8,
                TextEncoding::Utf16Le,
                TextEncoding::Utf16Be,
                TextEncoding::Utf32Le,
                TextEncoding::Utf32Be,
            ] {
                for bom in [true, false] {
                    round_trip(&text, encoding, bom, encoding, what);
                }
            }
        }
    }
}

#[test]
fn chinese_subtitles_in_utf16_without_bom_are_detected() {
    let text = srt(ZH_HANS);
    for encoding in [TextEncoding::Utf16Le, TextEncoding::Utf16Be] {
        let bytes = encode(&text, encoding, false).unwrap();
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.info.encoding, encoding);
        assert_eq!(decoded.info.confidence, Confidence::Heuristic);
        assert_eq!(decoded.text, text);
        // Only the dialogue, no timestamps: NUL bytes come from the line breaks alone.
        let dialogue = ZH_HANS.join("\n") + "\n";
        let decoded = decode(&encode(&dialogue, encoding, false).unwrap()).unwrap();
        assert_eq!((decoded.info.encoding, decoded.text), (encoding, dialogue));
    }
}

#[test]
fn round_trips_through_legacy_encodings() {
    let cases: [(&str, &[&str], &str); 8] = [
        ("zh-Hans", ZH_HANS, "gb18030"),
        ("zh-Hans", ZH_HANS, "gbk"),
        ("zh-Hant", ZH_HANT, "big5"),
        ("ja", JA, "shift_jis"),
        ("ko", KO, "euc-kr"),
        ("ar", AR, "windows-1256"),
        ("th", TH, "windows-874"),
        ("fr", FR, "windows-1252"),
    ];
    for (what, lines, label) in cases {
        for crlf in [false, true] {
            let mut text = srt(lines);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let encoding = legacy(label);
            round_trip(&text, encoding, false, encoding, what);
            if label == "gb18030" {
                // GB18030 can encode U+FEFF, and so has a byte order mark.
                round_trip(&text, encoding, true, encoding, what);
            } else {
                // The others have none: asking for one writes none.
                assert_eq!(
                    encode(&text, encoding, true).unwrap(),
                    encode(&text, encoding, false).unwrap()
                );
            }
        }
    }
}

#[test]
fn legacy_reports_use_the_names_users_know() {
    let gbk = encode(&srt(ZH_HANS), legacy("gb18030"), false).unwrap();
    assert_eq!(decode(&gbk).unwrap().info.encoding.name(), "GBK");
    // An emoji needs a four-byte GB18030 sequence.
    let gb = encode(
        &srt(&["好久不见了，你还好吗？😀", "我很好。"]),
        legacy("gb18030"),
        false,
    )
    .unwrap();
    assert_eq!(decode(&gb).unwrap().info.encoding.name(), "GB18030");
    let thai = encode(&srt(TH), legacy("tis-620"), false).unwrap();
    assert_eq!(decode(&thai).unwrap().info.encoding.name(), "windows-874");
}

#[test]
fn unmappable_characters_are_refused_with_their_character_offset() {
    let text = "Hello 你好";
    let err = encode(text, legacy("windows-1252"), false).unwrap_err();
    assert_eq!(
        err,
        dramaloc::formats::encoding::EncodeError::Unmappable {
            ch: '你',
            offset: 6
        }
    );
    assert_eq!(err.message().id, "encode-error-unmappable");
}

// ---------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Whatever the outcome, it must be consistent: text without forbidden controls or BOM, or
/// an error pointing inside the input.
fn check_outcome(bytes: &[u8], outcome: Result<Decoded, DecodeError>) {
    match outcome {
        Ok(decoded) => {
            assert!(
                !decoded
                    .text
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\x0C' | '\r')),
                "control character accepted from {bytes:02X?}"
            );
            if let Some(bom) = decoded.info.bom {
                assert_eq!(bom, decoded.info.encoding);
            }
        }
        Err(error) => {
            if let Some(offset) = error.offset() {
                assert!(offset < bytes.len(), "{error:?} outside {bytes:02X?}");
            }
            assert!(!error.message().id.is_empty());
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    // Bytes that steer into every branch: NULs, line breaks, surrogate halves, BOM bytes,
    // GB18030 four-byte parts, C1 lead bytes.
    let interesting = [
        0x00, 0x0A, 0x0D, 0x20, b'a', 0x4E, 0xD8, 0xDC, 0xFE, 0xFF, 0xEF, 0xBB, 0xBF, 0x81, 0x30,
        0xC2, 0x85, 0xE4, 0xA1, 0x1A,
    ];
    let seeds: Vec<Vec<u8>> = [ZH_HANS, JA, KO, AR]
        .iter()
        .zip(["utf-16le", "shift_jis", "euc-kr", "windows-1256"])
        .map(|(lines, label)| encode(&srt(lines), legacy(label), false).unwrap())
        .collect();
    for round in 0..3000 {
        let len = rng.below(301);
        let bytes: Vec<u8> = match round % 3 {
            0 => (0..len).map(|_| rng.next() as u8).collect(),
            1 => (0..len)
                .map(|_| interesting[rng.below(interesting.len())])
                .collect(),
            _ => {
                // A valid file with a few bytes changed, cut to a random length.
                let seed = &seeds[rng.below(seeds.len())];
                let mut bytes = seed[..len.min(seed.len())].to_vec();
                for _ in 0..rng.below(4) {
                    if !bytes.is_empty() {
                        let at = rng.below(bytes.len());
                        bytes[at] = rng.next() as u8;
                    }
                }
                bytes
            }
        };
        check_outcome(&bytes, decode(&bytes));
        let given = [
            TextEncoding::Utf8,
            TextEncoding::Utf16Be,
            TextEncoding::Utf32Le,
            legacy("gb18030"),
            legacy("shift_jis"),
        ][round % 5];
        check_outcome(&bytes, decode_as(&bytes, given));
    }
    check_outcome(&[], decode(&[]));
    for a in 0..=255u8 {
        check_outcome(&[a], decode(&[a]));
        for b in 0..=255u8 {
            check_outcome(&[a, b], decode(&[a, b]));
        }
    }
}

/// `n` copies of a Chinese SRT in one of the shapes the linear-time test measures.
fn large_sample(kind: &str, n: usize) -> Vec<u8> {
    let text = srt(ZH_HANS).repeat(n);
    match kind {
        "UTF-8" => text.into_bytes(),
        "GBK" => encode(&text, legacy("gbk"), false).unwrap(),
        "UTF-16LE without BOM" => encode(&text, TextEncoding::Utf16Le, false).unwrap(),
        "damaged GBK" => {
            let mut bytes = encode(&text, legacy("gbk"), false).unwrap();
            let middle = bytes.len() / 2;
            bytes.insert(middle, 0xFF);
            bytes
        }
        other => panic!("no sample kind {other}"),
    }
}

#[test]
fn large_inputs_take_linear_time() {
    // Doubling the input twice must not multiply the time by anything near 16 (quadratic).
    let time = |bytes: &[u8]| {
        (0..2)
            .map(|_| {
                let start = Instant::now();
                let _ = std::hint::black_box(decode(bytes));
                start.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    for kind in ["UTF-8", "GBK", "UTF-16LE without BOM", "damaged GBK"] {
        let small = large_sample(kind, 100);
        let large = large_sample(kind, 400);
        let (t_small, t_large) = (time(&small), time(&large));
        assert!(
            t_large < t_small * 12 + Duration::from_millis(50),
            "{kind}: {} bytes took {t_small:?}, {} bytes took {t_large:?}",
            small.len(),
            large.len()
        );
    }
}
