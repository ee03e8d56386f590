//! Text, readability and file rules through `dramaloc check`: each rule fires on a file made
//! to trigger it, stays quiet on a near miss, and speaks both locales.

use std::path::Path;

use crate::cli::{Sandbox, Test};

/// `(rule, severity)` of every finding in a JSON report.
fn findings(stdout: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("JSON report");
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn check_json(dir: &Path, file: &str, code: i32) -> Vec<(String, String)> {
    let run = Test::new()
        .cwd(dir)
        .args(["check", file, "--format", "json"])
        .code(code);
    findings(&run.stdout)
}

fn has(found: &[(String, String)], rule: &str, severity: &str) -> bool {
    found.iter().any(|(r, s)| r == rule && s == severity)
}

const SRT_PROBLEMS: &[u8] = b"1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n\
2\n00:00:03,000 --> 00:00:04,000\n \n\n\
3\n00:00:05,000 --> 00:00:05,900\nThis is far too much text to read in under a second\n\n\
4\n00:00:07,000 --> 00:00:09,000\nOne\nTwo\nThree\n\n\
5\n00:00:10,000 --> 00:00:12,000\nIt\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s caf\xef\xbf\xbd\n";

#[test]
fn text_rules_flag_a_file_made_to_trigger_them() {
    let sb = Sandbox::new();
    std::fs::write(sb.path().join("pt_BR.srt"), SRT_PROBLEMS).unwrap();
    let found = check_json(sb.path(), "pt_BR.srt", 1);
    for (rule, severity) in [
        ("language-tag-invalid", "error"),
        ("cue-empty", "error"),
        ("reading-speed-too-high", "error"),
        ("line-too-long", "error"),
        ("too-many-lines", "error"),
        ("invalid-glyph", "error"),
        ("invalid-glyph", "warning"),
    ] {
        assert!(has(&found, rule, severity), "{rule} {severity}: {found:?}");
    }
}

#[test]
fn near_miss_a_clean_file_has_no_text_findings() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path().join("pt-BR.srt"),
        "1\n00:00:01,000 --> 00:00:03,000\nOlá, tudo bem?\nVamos embora.\n",
    )
    .unwrap();
    let found = check_json(sb.path(), "pt-BR.srt", 0);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn file_rules_name_the_encoding_and_the_bom() {
    let sb = Sandbox::new();
    let text = "1\n00:00:01,000 --> 00:00:03,000\n我们今天晚上一起去吃饭吧\n\n2\n00:00:04,000 --> 00:00:06,000\n你到底想要什么东西呢\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(sb.path().join("zh-Hans.srt"), &gbk).unwrap();
    let run = Test::new()
        .cwd(sb.path())
        .args(["check", "zh-Hans.srt", "--format", "json"])
        .code(0);
    assert!(has(&findings(&run.stdout), "encoding-not-utf8", "warning"));
    assert!(run.stdout.contains("GBK"), "{}", run.stdout);

    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(b"1\n00:00:01,000 --> 00:00:03,000\nHello.\n");
    std::fs::write(sb.path().join("en-US.srt"), bom).unwrap();
    let found = check_json(sb.path(), "en-US.srt", 0);
    assert_eq!(found, [("bom-present".to_owned(), "info".to_owned())]);
}

#[test]
fn positioned_text_outside_the_safe_area_is_a_warning() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path().join("en-US.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000 line:0\nAt the very top\n\n\
         00:00:04.000 --> 00:00:06.000 line:65%,end position:41.67%\nInside the safe area\n\n\
         00:00:07.000 --> 00:00:09.000\nPlaced by the player\n",
    )
    .unwrap();
    let run = Test::new()
        .cwd(sb.path())
        .args(["check", "en-US.vtt", "--format", "json"])
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let cues: Vec<i64> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "position-outside-safe-area")
        .map(|f| f["cue"].as_i64().unwrap())
        .collect();
    assert_eq!(cues, [1]);

    std::fs::write(
        sb.path().join("en-US.ass"),
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1080\nPlayResY: 1920\n\n[V4+ Styles]\n\
         Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n\
         Style: Default,Arial,60,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,120,300,672,1\n\n\
         [Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
         Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\pos(540,1800)}Under the buttons\n\
         Dialogue: 0,0:00:04.00,0:00:06.00,Default,,0,0,0,,In the safe area\n",
    )
    .unwrap();
    let run = Test::new()
        .cwd(sb.path())
        .args(["check", "en-US.ass"])
        .code(0);
    assert!(
        run.stdout.contains("position-outside-safe-area")
            && run.stdout.contains("`\\pos(540,1800)`")
            && run.stdout.contains("x 540, y 1740–1800"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_text_rule_explains_itself_in_both_locales() {
    for rule in [
        "cue-empty",
        "reading-speed-too-high",
        "line-too-long",
        "too-many-lines",
        "invalid-glyph",
        "position-outside-safe-area",
        "language-tag-invalid",
        "bom-present",
        "bom-missing",
        "encoding-not-utf8",
    ] {
        let en = Test::new().args(["check", "--explain", rule]).code(0);
        assert!(en.stdout.starts_with(rule), "{}", en.stdout);
        let zh = Test::new()
            .args(["--lang", "zh-CN", "check", "--explain", rule])
            .code(0);
        assert!(
            zh.stdout
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            zh.stdout
        );
    }
}

#[test]
fn findings_speak_chinese() {
    let sb = Sandbox::new();
    std::fs::write(sb.path().join("pt_BR.srt"), SRT_PROBLEMS).unwrap();
    let run = Test::new()
        .cwd(sb.path())
        .args(["--lang", "zh-CN", "check", "pt_BR.srt"])
        .code(1);
    for text in [
        "该字幕条没有可见文字",
        "每秒 56.7 个字符",
        "不是有效的 BCP 47 语言标签",
    ] {
        assert!(run.stdout.contains(text), "{text}\n{}", run.stdout);
    }
}
