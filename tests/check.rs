//! `dramaloc check` and `check --fix` on the demo series, as a user runs them.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::cli::{Sandbox, Test};

/// (file, cue, rule) of every active finding at warning or error severity.
fn findings(json: &Value) -> BTreeSet<(String, u64, String)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_owned();
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["severity"] != "info" && x["suppressed"].is_null())
                .map(move |x| {
                    (
                        path.clone(),
                        x["cue"].as_u64().unwrap_or(0),
                        x["rule"].as_str().unwrap().to_owned(),
                    )
                })
        })
        .collect()
}

/// Every track of the demo: the source and 15 translations (samples/README.md).
const DEMO_TRACKS: [&str; 16] = [
    "zh-Hans.srt",
    "en-US.srt",
    "es-419.vtt",
    "pt-BR.srt",
    "id.srt",
    "th.srt",
    "vi.srt",
    "fil.srt",
    "ja.srt",
    "ko.vtt",
    "ar.srt",
    "zh-Hant-TW.srt",
    "de.srt",
    "fr.srt",
    "es-ES.srt",
    "it.srt",
];

/// Error findings in the demo as shipped: four planted flaws in each of the 16 tracks.
const DEMO_ERRORS: u64 = 4 * 16;

/// The four timing flaws planted in the demo (samples/README.md), in every track.
fn demo_planted() -> BTreeSet<(String, u64, String)> {
    let mut out = BTreeSet::new();
    for (ep, cue, rule) in [
        (2, 11, "cue-starts-near-shot-change"),
        (3, 8, "cue-ends-near-shot-change"),
        (5, 13, "cue-starts-near-shot-change"),
        (6, 17, "cue-ends-near-shot-change"),
    ] {
        for file in DEMO_TRACKS {
            out.insert((format!("episodes/{ep:03}/{file}"), cue, rule.to_owned()));
        }
    }
    out
}

fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let run = Test::new()
        .args(["-C", dir.to_str().unwrap(), "--format", "json", "check"])
        .args(extra)
        .run();
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

/// Every cue's text of every track, by path.
fn all_texts(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for ep in std::fs::read_dir(dir.join("episodes")).unwrap() {
        for f in std::fs::read_dir(ep.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            let Ok(loaded) =
                dramaloc::formats::read_bytes(&std::fs::read(&p).unwrap(), Some(&p), None)
            else {
                continue;
            };
            let t = loaded.parsed.track;
            out.push((
                p.display().to_string(),
                t.cues.iter().map(|c| c.text().to_owned()).collect(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn demo_reports_exactly_the_planted_timing_flaws() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let (code, json) = check_json(&demo, &[]);
    assert_eq!(code, 1, "error findings exit 1");
    assert_eq!(json["schema"], "dramaloc-check/1");
    assert_eq!(findings(&json), demo_planted());
    assert_eq!(json["summary"]["errors"], DEMO_ERRORS);
    assert_eq!(
        json["files"].as_array().unwrap().len(),
        6 * DEMO_TRACKS.len()
    );
}

#[test]
fn human_output_groups_by_file_with_hints_in_both_locales() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .args(["-C", demo.to_str().unwrap(), "check"])
        .code(1);
    assert!(
        run.stdout.contains("episodes/002/en-US.srt\n  episodes/002/en-US.srt:cue 11 00:00:46.900 error[cue-starts-near-shot-change]: starts 7 frames after the shot change at 00:00:46.667"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("hint: start on the shot change at 00:00:46.667")
    );
    assert!(
        run.stderr.contains(&format!("{DEMO_ERRORS} errors")),
        "{}",
        run.stderr
    );
    let zh = Test::new()
        .args(["--lang", "zh-CN", "-C", demo.to_str().unwrap(), "check"])
        .code(1);
    assert!(
        zh.stdout.contains("第 11 条") && zh.stdout.contains("镜头切换后 7 帧才开始"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stderr.contains(&format!("{DEMO_ERRORS} 个错误")),
        "{}",
        zh.stderr
    );
}

#[test]
fn fix_clears_fixable_findings_keeps_words_and_is_idempotent() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let texts_before = all_texts(&demo);
    let bytes_before = std::fs::read(demo.join("episodes/002/en-US.srt")).unwrap();

    // Dry run: edits listed, nothing written.
    let (_, dry) = check_json(&demo, &["--fix", "--dry-run"]);
    let planned: usize = dry["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["edits"].as_array().unwrap().len())
        .sum();
    assert_eq!(planned as u64, DEMO_ERRORS);
    assert_eq!(
        std::fs::read(demo.join("episodes/002/en-US.srt")).unwrap(),
        bytes_before
    );

    let (code, fixed) = check_json(&demo, &["--fix"]);
    assert_eq!(code, 0, "{fixed}");
    assert!(findings(&fixed).is_empty(), "{:?}", findings(&fixed));
    assert_eq!(all_texts(&demo), texts_before, "words never change");
    let edit = &fixed["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "episodes/002/en-US.srt")
        .unwrap()["edits"][0];
    assert_eq!(edit["cue"], 11);
    assert_eq!(edit["after"]["start_ms"], 46_667);

    // Originals are backed up, byte for byte.
    let backups: Vec<_> = std::fs::read_dir(demo.join(".dramaloc/backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    let backup = backups[0].as_ref().unwrap().path();
    assert_eq!(
        std::fs::read(backup.join("episodes/002/en-US.srt")).unwrap(),
        bytes_before
    );

    // A plain check agrees, and a second fix has nothing to do.
    let (code, again) = check_json(&demo, &[]);
    assert_eq!(code, 0);
    let fixable: u64 = again["summary"]["fixable"].as_u64().unwrap();
    assert_eq!(fixable, 0, "{again}");
    let (_, second) = check_json(&demo, &["--fix"]);
    assert_eq!(second["summary"]["edits"], 0);
}

#[test]
fn selection_flags_narrow_the_check() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let (code, json) = check_json(&demo, &["--episodes", "1,3-4", "--lang", "en-US"]);
    assert_eq!(code, 1);
    let got = findings(&json);
    assert_eq!(
        got,
        BTreeSet::from([(
            "episodes/003/en-US.srt".to_owned(),
            8,
            "cue-ends-near-shot-change".to_owned()
        )])
    );
    assert_eq!(json["files"].as_array().unwrap().len(), 3);
    let (code, _) = check_json(&demo, &["--episodes", "1"]);
    assert_eq!(code, 0);
    let bad = Test::new()
        .args(["-C", demo.to_str().unwrap(), "check", "--episodes", "3-1"])
        .code(2);
    assert!(bad.stderr.contains("--episodes"), "{}", bad.stderr);
    // A market's required languages: the demo has every built-in market's languages, so a
    // market of the series' own asks for one it lacks (Hindi).
    std::fs::create_dir(demo.join("markets")).unwrap();
    std::fs::write(
        demo.join("markets/xx.toml"),
        "id = \"xx\"\nname = \"X\"\nlanguages = [\"hi\"]\n",
    )
    .unwrap();
    let (code, xx) = check_json(&demo, &["--market", "xx", "--episodes", "1"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&xx),
        BTreeSet::from([(
            "episodes/001/hi.srt".to_owned(),
            0,
            "track-missing".to_owned()
        )])
    );
    assert_eq!(xx["market"], "xx");
    // A built-in market whose language the demo has: nothing missing in episode 1.
    let (code, br) = check_json(&demo, &["--market", "br", "--episodes", "1"]);
    assert_eq!(code, 0, "{br}");
    assert_eq!(br["market"], "br");
    let market = Test::new()
        .args(["-C", demo.to_str().unwrap(), "check", "--market", "mars"])
        .code(2);
    assert!(
        market.stderr.contains("unknown market `mars`") && market.stderr.contains("latam"),
        "{}",
        market.stderr
    );
}

#[test]
fn severities_and_suppressions_come_from_series_toml() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let toml = demo.join("series.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(
        "\n[check]\nseverity = { cue-ends-near-shot-change = \"warning\" }\n\n[[check.suppress]]\nepisode = 2\nlang = \"en-US\"\ncue = 11\nrule = \"cue-starts-near-shot-change\"\nreason = \"the line is heard over the cut; approved by the client\"\n",
    );
    std::fs::write(&toml, &text).unwrap();
    let (code, json) = check_json(&demo, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["suppressed"], 1);
    // Two planted flaws of each kind per track; one of the errors is suppressed.
    let per_kind = 2 * DEMO_TRACKS.len() as u64;
    assert_eq!(json["summary"]["warnings"], per_kind);
    assert_eq!(json["summary"]["errors"], per_kind - 1);
    let suppressed: Vec<&Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|f| !f["suppressed"].is_null())
        .collect();
    assert_eq!(
        suppressed[0]["suppressed"],
        "the line is heard over the cut; approved by the client"
    );

    // A suppression without a reason, or for an unknown rule, is refused.
    std::fs::write(
        &toml,
        text.replace("approved by the client", "").replace(
            "reason = \"the line is heard over the cut; \"",
            "reason = \" \"",
        ),
    )
    .unwrap();
    let run = Test::new()
        .args(["-C", demo.to_str().unwrap(), "check"])
        .code(2);
    assert!(
        run.stderr.contains("check.suppress.reason"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_prints_the_rule_and_its_limits_for_a_language() {
    let run = Test::new()
        .args([
            "check",
            "--explain",
            "cue-starts-near-shot-change",
            "--fps",
            "24",
            "--lang",
            "zh-Hans",
            "--preset",
            "netflix",
        ])
        .code(0);
    assert!(
        run.stdout.contains("cue-starts-near-shot-change"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("characters per line 16"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("shot-change window 12 frames"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1–7 before"), "{}", run.stdout);
    let vertical = Test::new()
        .args(["check", "--explain", "line-too-long", "--lang", "en-US"])
        .code(0);
    assert!(
        vertical.stdout.contains("characters per line 25")
            && vertical.stdout.contains("fixed by --fix"),
        "{}",
        vertical.stdout
    );
    let unknown = Test::new()
        .args(["check", "--explain", "no-such-rule"])
        .code(2);
    assert!(
        unknown.stderr.contains("cue-too-short"),
        "{}",
        unknown.stderr
    );
    let zh = Test::new()
        .args(["--lang", "zh-CN", "check", "--explain", "gap-too-small"])
        .code(0);
    assert!(zh.stdout.contains("最小间隔"), "{}", zh.stdout);
}

#[test]
fn loose_files_with_a_cut_list() {
    let sb = Sandbox::new();
    let dir = sb.path();
    std::fs::write(
        dir.join("ep.srt"),
        "1\n00:00:01,100 --> 00:00:02,900\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,500\nStarts 3 frames after a cut.\n",
    )
    .unwrap();
    std::fs::write(dir.join("cuts.txt"), "2.9\n").unwrap();
    let run = Test::new()
        .cwd(dir)
        .args([
            "--format", "json", "check", "ep.srt", "--cuts", "cuts.txt", "--fps", "30", "--lang",
            "en-US",
        ])
        .run();
    let json: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    let got = findings(&json);
    assert!(
        got.contains(&(
            "ep.srt".to_owned(),
            2,
            "cue-starts-near-shot-change".to_owned()
        )),
        "{got:?}"
    );
    let fix = Test::new()
        .cwd(dir)
        .args([
            "check", "ep.srt", "--cuts", "cuts.txt", "--fps", "30", "--fix",
        ])
        .run();
    assert!(dir.join("ep.srt.bak").is_file(), "{}", fix.stderr);
    let fixed = std::fs::read_to_string(dir.join("ep.srt")).unwrap();
    assert!(fixed.contains("00:00:02,900 --> 00:00:04,500"), "{fixed}");
}

/// `samples/qc-planted/EXPECTED.tsv`: (path, cue or 0, rule, severity).
fn planted_expected() -> BTreeSet<(String, u64, String, String)> {
    let text =
        std::fs::read_to_string(crate::cli::samples().join("qc-planted/EXPECTED.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_owned(),
                f[1].parse().unwrap_or(0),
                f[2].to_owned(),
                f[3].to_owned(),
            )
        })
        .collect()
}

fn all_findings(json: &Value) -> BTreeSet<(String, u64, String, String)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_owned();
            f["findings"].as_array().unwrap().iter().map(move |x| {
                (
                    path.clone(),
                    x["cue"].as_u64().unwrap_or(0),
                    x["rule"].as_str().unwrap().to_owned(),
                    x["severity"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect()
}

#[test]
fn planted_series_yields_exactly_the_planted_findings_in_both_locales() {
    let sb = Sandbox::new();
    let dir = sb.sample("qc-planted");
    let expected = planted_expected();
    assert_eq!(expected.len(), 44);
    // Every rule but bom-missing (market-only) is planted.
    let planted_rules: BTreeSet<&str> = expected.iter().map(|e| e.2.as_str()).collect();
    for rule in dramaloc::timing::rules::ALL {
        assert!(
            planted_rules.contains(rule.id()) || rule.id() == "bom-missing",
            "rule {} is not planted",
            rule.id()
        );
    }
    for ui in ["en-US", "zh-CN"] {
        let run = Test::new()
            .args([
                "--lang",
                ui,
                "-C",
                dir.to_str().unwrap(),
                "--format",
                "json",
                "check",
            ])
            .code(1);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        let got = all_findings(&json);
        let missing: Vec<_> = expected.difference(&got).collect();
        let extra: Vec<_> = got.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{ui}: missing {missing:#?}\nunexpected {extra:#?}"
        );
        let messages: Vec<&str> = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["findings"].as_array().unwrap())
            .map(|x| x["message"].as_str().unwrap())
            .collect();
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if ui == "zh-CN" {
            // Every message is Chinese (quoted cue text aside, each has Han of its own).
            assert!(messages.iter().all(|m| han(m)), "{messages:#?}");
        } else {
            assert!(
                messages.iter().filter(|m| han(m)).count() <= 3,
                "{messages:#?}"
            );
        }
    }
}

#[test]
fn fix_on_the_planted_series_leaves_no_fixable_kind_and_keeps_words() {
    let sb = Sandbox::new();
    let dir = sb.sample("qc-planted");
    let words = |d: &Path| -> Vec<(String, Vec<String>)> {
        all_texts(d)
            .into_iter()
            .map(|(p, t)| {
                let w = t
                    .iter()
                    .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
                (p, w)
            })
            .collect()
    };
    let before = words(&dir);
    let (_, fixed) = check_json(&dir, &["--fix"]);
    assert_eq!(fixed["summary"]["edits"], 24, "{}", fixed["summary"]);
    assert_eq!(words(&dir), before, "only line breaks and times may change");
    let (_, after) = check_json(&dir, &[]);
    let fixable_kinds: BTreeSet<&str> = dramaloc::timing::rules::ALL
        .iter()
        .filter(|r| r.fixable())
        .map(|r| r.id())
        .collect();
    let left: Vec<_> = all_findings(&after)
        .into_iter()
        .filter(|f| fixable_kinds.contains(f.2.as_str()))
        .collect();
    assert!(left.is_empty(), "{left:#?}");
    // What needs a person is still reported.
    assert_eq!(all_findings(&after).len(), 20, "{}", after["summary"]);
    let (_, again) = check_json(&dir, &["--fix"]);
    assert_eq!(again["summary"]["edits"], 0);
}
