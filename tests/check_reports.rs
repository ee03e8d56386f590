//! The reports of `check` on the demo series: JUnit XML read back with quick-xml, the HTML
//! page rendered by a real browser (headless Chromium) and inspected through its DOM, and the
//! JSON report held against `docs/check-report.schema.json`.
//!
//! The demo has four planted timing problems, each in all 16 tracks: 64 error findings.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

use crate::cli::{Sandbox, Test};
use crate::support::schema::SchemaWalk;

/// The planted problems: (episode, cue, rule).
const PLANTED: [(u32, u32, &str); 4] = [
    (2, 11, "cue-starts-near-shot-change"),
    (3, 8, "cue-ends-near-shot-change"),
    (5, 13, "cue-starts-near-shot-change"),
    (6, 17, "cue-ends-near-shot-change"),
];
/// Every track of the demo: the source and 15 translations.
const LANGS: [&str; 16] = [
    "ar",
    "de",
    "en-US",
    "es-419",
    "es-ES",
    "fil",
    "fr",
    "id",
    "it",
    "ja",
    "ko",
    "pt-BR",
    "th",
    "vi",
    "zh-Hans",
    "zh-Hant-TW",
];
/// Error findings of the demo: every planted problem in every track.
const ERRORS: usize = PLANTED.len() * LANGS.len();
/// Info findings (cues across a cut) per track: the same in every track, whose times agree.
const INFOS_PER_TRACK: usize = 62;
/// Cues per track and cuts per episode of the demo (samples/README.md).
const CUES: [usize; 6] = [20, 18, 21, 16, 22, 20];
const CUTS: [usize; 6] = [29, 22, 33, 27, 33, 35];

fn track_path(episode: u32, lang: &str) -> String {
    let ext = if matches!(lang, "es-419" | "ko") {
        "vtt"
    } else {
        "srt"
    };
    format!("episodes/{episode:03}/{lang}.{ext}")
}

// ---------------------------------------------------------------------------------------------
// JUnit

#[derive(Debug, Default)]
struct Case {
    suite: String,
    name: String,
    classname: String,
    failures: Vec<(BTreeMap<String, String>, String)>,
    system_out: Option<String>,
}

fn attrs(e: &quick_xml::events::BytesStart<'_>) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (
                a.key.as_ref().to_owned(),
                a.normalized_value(XmlVersion::Implicit1_0)
                    .expect("valid escapes")
                    .into_owned(),
            )
        })
        .collect()
}

/// A JUnit document read back: the attributes of `<testsuites>`, of each suite, and the cases.
struct Junit {
    root: BTreeMap<String, String>,
    suites: Vec<BTreeMap<String, String>>,
    cases: Vec<Case>,
}

fn read_junit(xml: &str) -> Junit {
    let mut reader = Reader::from_str(xml);
    let mut doc = Junit {
        root: BTreeMap::new(),
        suites: Vec::new(),
        cases: Vec::new(),
    };
    let mut suite = String::new();
    let mut text = String::new();
    let mut failure = BTreeMap::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("JUnit is not well-formed XML: {e}\n{xml}"));
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let a = attrs(e);
            match e.name().as_ref() {
                "testsuites" => doc.root = a,
                "testsuite" => {
                    suite = a["name"].clone();
                    doc.suites.push(a);
                }
                "testcase" => doc.cases.push(Case {
                    suite: suite.clone(),
                    name: a["name"].clone(),
                    classname: a["classname"].clone(),
                    ..Case::default()
                }),
                "failure" if empty => doc
                    .cases
                    .last_mut()
                    .expect("failure inside a testcase")
                    .failures
                    .push((a, String::new())),
                "failure" => failure = a,
                _ => {}
            }
            text.clear();
            continue;
        }
        match event {
            Event::Eof => break,
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("valid reference") {
                Some(c) => text.push(c),
                None => text.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("undefined entity &{other};"),
                }),
            },
            Event::End(e) => {
                let case = doc.cases.last_mut();
                match (e.name().as_ref(), case) {
                    ("failure", Some(c)) => c
                        .failures
                        .push((std::mem::take(&mut failure), text.clone())),
                    ("system-out", Some(c)) => c.system_out = Some(text.clone()),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    doc
}

#[test]
fn junit_report_has_a_suite_per_episode_a_case_per_track_and_the_planted_failures() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .cwd(&demo)
        .args(["check", "--format", "junit"])
        .code(1);
    assert!(run.stdout.starts_with("<?xml"), "{}", run.stdout);
    let doc = read_junit(&run.stdout);
    assert_eq!(doc.root["tests"], (6 * LANGS.len()).to_string());
    assert_eq!(doc.root["failures"], ERRORS.to_string());
    assert_eq!(doc.suites.len(), 6);
    for (i, s) in doc.suites.iter().enumerate() {
        assert_eq!(s["name"], format!("episodes/{:03}", i + 1));
        assert_eq!(s["tests"], LANGS.len().to_string());
        let planted = PLANTED.iter().any(|(e, _, _)| *e as usize == i + 1);
        let failures = if planted { LANGS.len() } else { 0 };
        assert_eq!(s["failures"], failures.to_string(), "{s:?}");
    }
    assert_eq!(doc.cases.len(), 6 * LANGS.len());
    let names: BTreeSet<&str> = doc.cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 6 * LANGS.len(), "test case names are unique");
    for c in &doc.cases {
        let lang = c
            .name
            .rsplit('/')
            .next()
            .unwrap()
            .split('.')
            .next()
            .unwrap();
        assert_eq!(c.classname, format!("dramaloc.check.{lang}"));
        assert!(c.name.starts_with(&c.suite), "{} in {}", c.name, c.suite);
        // Info findings (cues across a cut) stay out without -v; the demo has no warnings.
        assert_eq!(c.system_out, None, "{}", c.name);
    }
    let failing: Vec<&Case> = doc
        .cases
        .iter()
        .filter(|c| !c.failures.is_empty())
        .collect();
    assert_eq!(failing.len(), ERRORS);
    for (episode, cue, rule) in PLANTED {
        for lang in LANGS {
            let path = track_path(episode, lang);
            let case = doc
                .cases
                .iter()
                .find(|c| c.name == path)
                .unwrap_or_else(|| panic!("no test case {path}"));
            assert_eq!(case.failures.len(), 1, "{path}");
            let (a, text) = &case.failures[0];
            assert_eq!(a["type"], rule);
            assert!(a["message"].starts_with(&format!("cue {cue}: ")), "{a:?}");
            assert!(
                text.starts_with(&format!("{path}:cue {cue} "))
                    && text.contains(&format!("error[{rule}]"))
                    && text.contains("\n    hint: "),
                "{text}"
            );
        }
    }
    // -o writes the file and leaves stdout empty; -v lists info findings in system-out.
    let run = Test::new()
        .cwd(&demo)
        .args(["check", "--format", "junit", "-v", "-o", "out/junit.xml"])
        .code(1);
    assert!(run.stdout.is_empty());
    let doc = read_junit(&std::fs::read_to_string(demo.join("out/junit.xml")).unwrap());
    let outs = doc.cases.iter().filter(|c| c.system_out.is_some()).count();
    assert_eq!(outs, 6 * LANGS.len(), "every track has cues across a cut");
    assert!(
        doc.cases
            .iter()
            .filter_map(|c| c.system_out.as_deref())
            .all(|s| s.contains("info[cue-crosses-shot-change]"))
    );
}

#[test]
fn junit_report_speaks_the_ui_language() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .cwd(&demo)
        .args(["--lang", "zh-CN", "check", "--format", "junit"])
        .code(1);
    let doc = read_junit(&run.stdout);
    let (a, text) = &doc
        .cases
        .iter()
        .find(|c| !c.failures.is_empty())
        .unwrap()
        .failures[0];
    assert!(
        a["message"]
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{a:?}"
    );
    assert!(text.contains("[cue-starts-near-shot-change]"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// HTML, rendered by Chromium

/// One start tag of a serialized DOM: name and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
}

impl Tag {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    fn has_class(&self, class: &str) -> bool {
        self.get("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

/// The start tags of a DOM serialized by a browser (attribute values always double-quoted),
/// in document order. Text and end tags are skipped.
fn start_tags(dom: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attrs = BTreeMap::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let key = rest[..end].to_owned();
            rest = &rest[end..];
            let value = if let Some(r) = rest.strip_prefix("=\"") {
                let close = r.find('"').expect("closing quote");
                rest = &r[close + 1..];
                r[..close]
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            } else {
                String::new()
            };
            attrs.insert(key, value);
        }
        // Skip the text of elements whose content is not markup.
        if (name == "style" || name == "script")
            && let Some(close) = rest.find(&format!("</{name}"))
        {
            rest = &rest[close..];
        }
        out.push(Tag { name, attrs });
    }
    out
}

#[test]
fn html_report_renders_in_chromium_with_a_timeline_per_episode() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .cwd(&demo)
        .args(["check", "--format", "html", "-o", "report.html"])
        .code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let page = demo.join("report.html");
    let source = std::fs::read_to_string(&page).unwrap();
    // Self-contained: no scripts, no external resources of any kind.
    for needle in [
        "<script", "http://", "https://", "@import", "url(", "src=", "<link",
    ] {
        assert!(!source.contains(needle), "the page contains `{needle}`");
    }

    let dom = crate::support::chromium::rendered_dom(&page, sb.path());
    // The DOM is the browser's, not our bytes: it serializes `<br/>` as `<br>`, for one.
    assert!(!dom.contains("<br/>"));
    let tags = start_tags(&dom);

    // Walk the DOM: which episode timeline and which row each element is in.
    let mut timelines = Vec::new();
    let mut cues: BTreeMap<u32, usize> = BTreeMap::new();
    let mut cuts: BTreeMap<u32, usize> = BTreeMap::new();
    let mut flagged = BTreeSet::new();
    let mut markers = BTreeSet::new();
    let mut rows = BTreeSet::new();
    let (mut episode, mut lang) = (0u32, String::new());
    for t in &tags {
        match t.name.as_str() {
            "svg" if t.has_class("timeline") => {
                episode = t.get("data-episode").unwrap().parse().unwrap();
                timelines.push(episode);
            }
            "g" if t.has_class("row") => lang = t.get("data-lang").unwrap_or_default().to_owned(),
            "rect" if t.attrs.contains_key("data-cue") => {
                *cues.entry(episode).or_default() += 1;
                if t.has_class("error") {
                    let cue: u32 = t.get("data-cue").unwrap().parse().unwrap();
                    flagged.insert((episode, cue, lang.clone()));
                }
            }
            "line" if t.has_class("cut") && t.attrs.contains_key("data-ms") => {
                *cuts.entry(episode).or_default() += 1;
            }
            "path" if t.has_class("mk") && t.attrs.contains_key("data-rule") => {
                markers.insert((
                    episode,
                    t.get("data-cue").unwrap().parse::<u32>().unwrap(),
                    t.get("data-rule").unwrap().to_owned(),
                    t.get("data-path").unwrap().to_owned(),
                ));
            }
            "tr" if t.attrs.contains_key("data-rule") => {
                rows.insert((
                    t.get("data-path").unwrap().to_owned(),
                    t.get("data-cue").unwrap().parse::<u32>().unwrap(),
                    t.get("data-rule").unwrap().to_owned(),
                    t.get("data-severity").unwrap().to_owned(),
                ));
            }
            _ => {}
        }
    }
    assert_eq!(
        timelines,
        [1, 2, 3, 4, 5, 6],
        "one SVG timeline per episode"
    );
    for (i, (n_cues, n_cuts)) in CUES.iter().zip(CUTS).enumerate() {
        let e = u32::try_from(i + 1).unwrap();
        assert_eq!(
            cues.get(&e),
            Some(&(n_cues * LANGS.len())),
            "cue rectangles of episode {e}"
        );
        assert_eq!(
            cuts.get(&e),
            Some(&n_cuts),
            "shot-change lines of episode {e}"
        );
    }
    let mut expected_flags = BTreeSet::new();
    let mut expected_markers = BTreeSet::new();
    let mut expected_rows = BTreeSet::new();
    for (e, cue, rule) in PLANTED {
        for lang in LANGS {
            expected_flags.insert((e, cue, lang.to_owned()));
            expected_markers.insert((e, cue, rule.to_owned(), track_path(e, lang)));
            expected_rows.insert((
                track_path(e, lang),
                cue,
                rule.to_owned(),
                "error".to_owned(),
            ));
        }
    }
    assert_eq!(flagged, expected_flags, "cue rectangles coloured as errors");
    assert_eq!(markers, expected_markers, "finding markers");
    assert_eq!(rows, expected_rows, "rows of the findings tables");

    // The browser parsed our text: title, labels and a tooltip are there as text.
    assert!(dom.contains("<title>Subtitle check report: wuling-tea-heiress</title>"));
    assert!(dom.contains("starts 7 frames after the shot change at 00:00:46.667"));
    assert!(dom.contains("<title>#11 46.900–49.400\nerror [cue-starts-near-shot-change]"));
}

#[test]
fn html_report_in_chinese_and_with_info_findings() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .cwd(&demo)
        .args(["--lang", "zh-CN", "check", "--format", "html", "-v"])
        .code(1);
    let html = &run.stdout;
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    for text in ["字幕检查报告", "第 2 集", "镜头切换", "时间（秒）", "建议"] {
        assert!(html.contains(text), "no `{text}` in the page");
    }
    // With -v every info finding has a row: 64 errors + 16 × 62 infos in the demo.
    let infos = INFOS_PER_TRACK * LANGS.len();
    assert_eq!(html.matches("<tr class=\"").count(), ERRORS + infos);
    assert_eq!(html.matches("data-severity=\"info\"").count(), infos);
}

// ---------------------------------------------------------------------------------------------
// JSON against docs/check-report.schema.json

fn schema() -> Value {
    crate::support::schema::load("check-report.schema.json")
}

/// A report that sets every optional field, including the edits of `--fix`.
fn full_report() -> Value {
    use dramaloc::diagnostics::{Edit, EditKind, Finding, Report, Severity, TrackReport};
    use dramaloc::message::Message;
    use dramaloc::model::{EpisodeNumber, FrameRate, Millis, TimeSpan};
    let span = |a, b| TimeSpan::new(Millis::new(a), Millis::new(b)).unwrap();
    let mut t = TrackReport::new("episodes/001/en-US.srt".to_owned(), FrameRate::FPS_29_97);
    t.episode = EpisodeNumber::new(1);
    t.language = Some("en-US".to_owned());
    t.format = Some("srt");
    t.duration = Some(Millis::new(60_000));
    t.cues = vec![span(1000, 2000)];
    t.cuts = vec![Millis::new(1500)];
    let mut f = Finding::new(
        "cue-starts-near-shot-change",
        Message::new("finding-starts-after-cut")
            .arg("frames", 7)
            .arg("at", "00:00:01.500")
            .arg("ratio", 1.5),
    )
    .cue(0, span(1000, 2000))
    .hint(Message::new("hint-snap-start"))
    .at(Millis::new(1500))
    .line(3);
    f.severity = Severity::Warning;
    f.fixable = true;
    f.suppressed = Some("director's cut".to_owned());
    t.findings = vec![f];
    t.edits = vec![Edit {
        cue: 1,
        rule: "line-too-long",
        kind: EditKind::Rebreak,
        before: span(1000, 2000),
        after: span(1000, 2000),
        text_before: Some("a b".to_owned()),
        text_after: Some("a\nb".to_owned()),
    }];
    let report = Report {
        series: Some("demo".to_owned()),
        preset: "vertical".to_owned(),
        market: Some("us".to_owned()),
        tracks: vec![t],
    };
    dramaloc::diagnostics::json::to_json(&report, &|m: &Message| m.id.to_owned())
}

#[test]
fn json_report_fields_are_exactly_those_the_schema_describes() {
    let schema = schema();
    let mut walk = SchemaWalk {
        root: &schema,
        seen: BTreeSet::new(),
    };
    // The demo series, as `check` writes it.
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .cwd(&demo)
        .args(["check", "--format", "json"])
        .code(1);
    let demo_report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(demo_report["summary"]["errors"], ERRORS);
    assert_eq!(
        demo_report["summary"]["infos"],
        INFOS_PER_TRACK * LANGS.len()
    );
    walk.check(&schema, "root", &demo_report, "report")
        .unwrap_or_else(|e| panic!("demo report: {e}"));
    // Every optional field set.
    walk.check(&schema, "root", &full_report(), "full")
        .unwrap_or_else(|e| panic!("report with every field: {e}"));
    let described = walk.described();
    let unused: Vec<_> = described.difference(&walk.seen).collect();
    assert!(
        unused.is_empty(),
        "the schema describes fields no report has: {unused:?}"
    );
}

#[test]
fn schema_walk_catches_undocumented_and_mistyped_fields() {
    let schema = schema();
    let mut report = full_report();
    report["files"][0]["findings"][0]["new_field"] = Value::from(1);
    let walk = |v: Value| {
        let mut w = SchemaWalk {
            root: &schema,
            seen: BTreeSet::new(),
        };
        w.check(&schema, "root", &v, "report")
    };
    assert_eq!(
        walk(report).unwrap_err(),
        "report.files[0].findings[0].new_field: the document has this field, the schema does not describe it"
    );
    let mut report = full_report();
    report["summary"]["errors"] = Value::from("12");
    assert!(walk(report).is_err(), "a mistyped field must fail");
    let mut report = full_report();
    report["files"][0]["findings"][0]["severity"] = Value::from("fatal");
    assert!(walk(report).is_err(), "a value outside the enum must fail");
    let mut report = full_report();
    report["files"][0]["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("cue");
    assert!(walk(report).is_err(), "a missing required field must fail");
    walk(full_report()).unwrap();
}
