//! The target-vs-source and glossary rules (`untranslated-text`, `cue-count-mismatch`,
//! `timing-mismatch`, `glossary-term-missing`, `forbidden-term`) through `dramaloc check`
//! on a copy of the demo series: silent on the sample as shipped, whose translations are
//! complete and aligned, and each firing exactly where one problem is planted.

use std::path::Path;

use serde_json::Value;

use crate::cli::{Sandbox, Test};

const RULES: [&str; 5] = [
    "untranslated-text",
    "cue-count-mismatch",
    "timing-mismatch",
    "glossary-term-missing",
    "forbidden-term",
];

/// One finding of these rules: file, cue, rule, message id, arguments.
#[derive(Debug, PartialEq)]
struct Found {
    path: String,
    cue: Option<u64>,
    rule: String,
    message_id: String,
    args: Value,
    message: String,
}

fn check(demo: &Path, ui: &str) -> Vec<Found> {
    let run = Test::new()
        .args(["--lang", ui, "-C", demo.to_str().unwrap()])
        .args(["check", "--format", "json"])
        .run();
    // The demo has timing errors of its own (exit 1); 2 would mean check could not run.
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}\n{}",
        run.code,
        run.stderr
    );
    let report: Value = serde_json::from_str(&run.stdout).expect("check prints JSON");
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for f in file["findings"].as_array().expect("findings") {
            let rule = f["rule"].as_str().unwrap();
            if RULES.contains(&rule) {
                out.push(Found {
                    path: file["path"].as_str().unwrap().to_owned(),
                    cue: f["cue"].as_u64(),
                    rule: rule.to_owned(),
                    message_id: f["message_id"].as_str().unwrap().to_owned(),
                    args: f["args"].clone(),
                    message: f["message"].as_str().unwrap().to_owned(),
                });
            }
        }
    }
    out
}

/// Replace `from` (which must occur exactly once) in a file of the copy.
fn edit(demo: &Path, file: &str, from: &str, to: &str) {
    let path = demo.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_demo_as_shipped_is_clean() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let found = check(&demo, "en-US");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn one_planted_problem_per_rule_is_found_exactly() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    // A Han line left in en-US.
    edit(
        &demo,
        "episodes/002/en-US.srt",
        "Keep this tea seal safe.",
        "这枚茶印 你收好",
    );
    // A lost cue in es-419.
    edit(
        &demo,
        "episodes/003/es-419.vtt",
        "00:00:35.533 --> 00:00:38.300\n¿Por qué debería confiar en ti?\n\n",
        "",
    );
    // A cue half a second (15 frames at 30 fps) late.
    edit(
        &demo,
        "episodes/004/en-US.srt",
        "00:00:24,800 --> 00:00:29,500",
        "00:00:25,300 --> 00:00:30,000",
    );
    // A misspelt character name.
    edit(
        &demo,
        "episodes/006/en-US.srt",
        "Xu Manhua embezzled",
        "Xu Manhau embezzled",
    );
    // A forbidden spelling, added to the glossary and used.
    let glossary = demo.join("glossary.toml");
    let mut g = std::fs::read_to_string(&glossary).unwrap();
    g.push_str(
        "\n[[forbidden]]\ntext = \"Yi Ming\"\nlanguages = [\"en-US\", \"es\"]\nreason = \"the name is written Yiming\"\n",
    );
    std::fs::write(&glossary, g).unwrap();
    edit(
        &demo,
        "episodes/001/en-US.srt",
        "<i>Yiming, your grandpa collapsed!</i>",
        "<i>Yi Ming, your grandpa collapsed!</i>",
    );

    let found = check(&demo, "en-US");
    let summary: Vec<(&str, Option<u64>, &str, &str)> = found
        .iter()
        .map(|f| {
            (
                f.path.as_str(),
                f.cue,
                f.rule.as_str(),
                f.message_id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "episodes/001/en-US.srt",
                Some(19),
                "forbidden-term",
                "finding-forbidden-term-reason"
            ),
            (
                "episodes/002/en-US.srt",
                Some(8),
                "untranslated-text",
                "finding-untranslated-script"
            ),
            (
                "episodes/003/es-419.vtt",
                None,
                "cue-count-mismatch",
                "finding-cue-count-mismatch"
            ),
            (
                "episodes/004/en-US.srt",
                Some(6),
                "timing-mismatch",
                "finding-timing-later"
            ),
            (
                "episodes/006/en-US.srt",
                Some(3),
                "glossary-term-missing",
                "finding-glossary-term-missing"
            ),
        ],
        "{found:#?}"
    );
    let args: Vec<&Value> = found.iter().map(|f| &f.args).collect();
    assert_eq!(
        *args[0],
        serde_json::json!({"text": "Yi Ming", "reason": "the name is written Yiming"})
    );
    assert_eq!(
        *args[1],
        serde_json::json!({"text": "这枚茶印 你收好", "count": 7})
    );
    assert_eq!(
        *args[2],
        serde_json::json!({"count": 20, "source": 21, "lang": "zh-Hans"})
    );
    assert_eq!(*args[3], serde_json::json!({"frames": 15, "cue": 6}));
    assert_eq!(
        *args[4],
        serde_json::json!({"cue": 3, "term": "许曼华", "expected": "Xu Manhua", "lang": "en-US"})
    );
    assert_eq!(
        found[3].message, "15 frames later than source cue 6",
        "{found:#?}"
    );

    // The same findings, told in Chinese.
    let zh = check(&demo, "zh-CN");
    assert_eq!(zh.len(), found.len());
    assert_eq!(zh[3].message, "比源字幕第 6 条晚 15 帧");
    assert!(zh[4].message.contains("核准"), "{}", zh[4].message);
}

/// Every translation of the demo, with its rendering of 雾岭 (Wuling) in glossary.toml.
const WULING: [(&str, &str); 15] = [
    ("en-US.srt", "Wuling"),
    ("es-419.vtt", "Wuling"),
    ("pt-BR.srt", "Wuling"),
    ("id.srt", "Wuling"),
    ("th.srt", "อู้หลิ่ง"),
    ("vi.srt", "Wuling"),
    ("fil.srt", "Wuling"),
    ("ja.srt", "霧嶺"),
    ("ko.vtt", "우링"),
    ("ar.srt", "وولينغ"),
    ("zh-Hant-TW.srt", "霧嶺"),
    ("de.srt", "Wuling"),
    ("fr.srt", "Wuling"),
    ("es-ES.srt", "Wuling"),
    ("it.srt", "Wuling"),
];

#[test]
fn every_translation_is_held_to_its_glossary_rendering() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    // Episode 3, cue 10 is the caption `三天后 · 雾岭`: drop the place name from it in every
    // translation, leaving the rest of each track alone.
    for (file, wuling) in WULING {
        let path = demo.join("episodes/003").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let timing = if file.ends_with(".vtt") {
            "00:00:43.433 --> 00:00:46.300"
        } else {
            "00:00:43,433 --> 00:00:46,300"
        };
        let at = text.find(timing).unwrap_or_else(|| panic!("{file}"));
        let line_start = at + text[at..].find('\n').unwrap() + 1;
        let line_end = line_start + text[line_start..].find('\n').unwrap();
        let caption = &text[line_start..line_end];
        assert_eq!(caption.matches(wuling).count(), 1, "{file}: {caption}");
        let edited = format!(
            "{}{}{}",
            &text[..line_start],
            caption.replace(wuling, "…"),
            &text[line_end..]
        );
        std::fs::write(&path, edited).unwrap();
    }
    let found = check(&demo, "en-US");
    // (file, cue, rule, expected rendering) of each finding.
    type Row = (String, Option<u64>, String, String);
    let mut got: Vec<Row> = found
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                f.cue,
                f.rule.clone(),
                f.args["expected"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<Row> = WULING
        .iter()
        .map(|(file, wuling)| {
            (
                format!("episodes/003/{file}"),
                Some(10),
                "glossary-term-missing".to_owned(),
                (*wuling).to_owned(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(got, want, "{found:#?}");
}
