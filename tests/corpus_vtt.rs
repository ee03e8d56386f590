//! WebVTT against the third-party corpus: cue counts and texts the upstream suites expect,
//! byte-identical round trips, and edits that touch only the edited cue.

use std::path::Path;

use dramaloc::formats::{self, Dropped, ParseErrorKind, Parsed, WarningKind, vtt};
use dramaloc::model::{CueMeta, SubtitleTrack, TrackHeader};
use serde_json::Value;

use crate::support::{corpus_dir, corpus_files, expected_for};

/// Corpus files whose upstream outcome is `reject` but which the W3C parser algorithm reads:
/// webvtt-py raises on a text block without a timing line; browsers skip the block.
const SPEC_READS_REJECTED: &[(&str, usize)] = &[("missing_timeframe.vtt", 6)];

fn read(name: &str) -> String {
    let path = corpus_dir("vtt").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
}

fn parsed(name: &str) -> Parsed {
    vtt::parse(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

fn identifier(track: &SubtitleTrack, i: usize) -> Option<&str> {
    match track.cues[i].meta() {
        CueMeta::Vtt(m) => m.identifier.as_deref(),
        other => panic!("cue {i} has no WebVTT metadata: {other:?}"),
    }
}

fn plain(track: &SubtitleTrack, i: usize) -> String {
    formats::plain_text(track, &track.cues[i])
}

fn millis(seconds: &Value) -> i64 {
    let s = seconds
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {seconds}"));
    (s * 1000.0).round() as i64
}

#[test]
fn corpus_parses_with_upstream_counts_and_round_trips() {
    let mut checked = 0;
    for path in corpus_files("vtt") {
        let name = file_name(&path);
        let expected = expected_for("vtt", &path);
        let outcome = expected.as_ref().map_or("-", |e| e.outcome());
        if outcome == "reject" {
            continue;
        }
        let text = read(name);
        assert!(
            formats::vtt::looks_like(&text),
            "{name}: not sniffed as WebVTT"
        );
        let parsed = vtt::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(n) = expected.as_ref().and_then(|e| e.cues()) {
            assert_eq!(parsed.track.cues.len(), n, "{name}: cue count");
        }
        assert_eq!(vtt::write(&parsed.track), text, "{name}: round trip");
        assert_eq!(
            formats::write(&parsed.track),
            text,
            "{name}: registry round trip"
        );
        // Rich text never panics; a tag may swallow a line break, nothing adds one.
        for cue in &parsed.track.cues {
            let mut dropped = Vec::new();
            let rich = vtt::to_rich(&parsed.track, cue, &mut dropped);
            assert!(
                rich.lines.len() <= cue.lines().count(),
                "{name}: {:?}",
                cue.text()
            );
        }
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} files checked");
}

#[test]
fn rejected_files_are_errors_or_empty() {
    for path in corpus_files("vtt") {
        let name = file_name(&path);
        let Some(expected) = expected_for("vtt", &path) else {
            continue;
        };
        if expected.outcome() != "reject" {
            continue;
        }
        let text = read(name);
        match vtt::parse(&text) {
            Err(e) => {
                assert_eq!(e.kind, ParseErrorKind::VttSignature, "{name}");
                assert_eq!((e.line, e.column), (1, 1), "{name}");
            }
            Ok(p) => {
                if let Some(&(_, n)) = SPEC_READS_REJECTED.iter().find(|(f, _)| *f == name) {
                    assert_eq!(p.track.cues.len(), n, "{name}");
                    assert!(
                        p.warnings
                            .iter()
                            .any(|w| w.kind == WarningKind::SkippedBlock),
                        "{name}: the skipped block is reported"
                    );
                    assert_eq!(vtt::write(&p.track), text, "{name}: round trip");
                } else {
                    assert_eq!(p.track.cues.len(), 0, "{name}: upstream rejects it");
                }
            }
        }
    }
}

#[test]
fn wrong_case_signature_is_rejected() {
    let err = vtt::parse(&read("bad-double-webvtt.vtt")).unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::VttSignature);
    assert_eq!(err.line, 1);
    let err = vtt::parse(&read("invalid.vtt")).unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::VttSignature);
}

#[test]
fn webvtt_py_expectations() {
    let sample = parsed("sample.vtt").track;
    assert_eq!(sample.cues.len(), 16);
    let span = sample.cues[2].span();
    assert_eq!(span.start().to_string(), "00:00:11.890");
    assert_eq!(span.end().to_string(), "00:00:16.320");
    // webvtt-py's total length counts whole seconds: 64 − 0.
    let first = sample.cues[0].span().start().get() / 1000;
    let last = sample.cues[15].span().end().get() / 1000;
    assert_eq!(last - first, 64);

    let comments = parsed("comments.vtt").track;
    assert_eq!(comments.cues.len(), 3);
    assert_eq!(
        comments.cues[0].text(),
        "- Ta en kopp varmt te.\n- Det är inte varmt."
    );
    assert_eq!(comments.cues[2].text(), "- Ta en kopp");
    assert_eq!(identifier(&comments, 0), Some("1"));

    let ids = parsed("using_identifiers.vtt").track;
    assert_eq!(ids.cues.len(), 6);
    assert_eq!(identifier(&ids, 0), None);
    assert_eq!(identifier(&ids, 1), Some("second caption"));
    assert_eq!(identifier(&ids, 2), None);
    assert_eq!(identifier(&ids, 3), Some("4"));

    let yt = parsed("youtube_dl.vtt");
    assert!(yt.warnings.is_empty(), "{:?}", yt.warnings);
    let yt = yt.track;
    assert_eq!(plain(&yt, 2), "this will happen is I'm telling");
    assert_eq!(plain(&yt, 1), "yeah\nwhat");
    let mut dropped = Vec::new();
    vtt::to_rich(&yt, &yt.cues[2], &mut dropped);
    dropped.sort();
    assert_eq!(
        dropped,
        vec![
            Dropped::Position,
            Dropped::HorizontalAlignment,
            Dropped::Class,
            Dropped::InlineTimestamp
        ]
    );
    let TrackHeader::Vtt(h) = yt.header() else {
        panic!("no header")
    };
    assert!(
        h.header
            .starts_with("\nKind: captions\nLanguage: en\nStyle:")
    );

    let styles = parsed("styles.vtt").track;
    assert_eq!(styles.cues.len(), 1);
    let TrackHeader::Vtt(h) = styles.header() else {
        panic!("no header")
    };
    // webvtt-py checks the first of the two STYLE blocks, with line breaks and indentation removed.
    assert_eq!(h.styles.len(), 2);
    let first: String = h.styles[0].lines().map(str::trim).collect();
    assert_eq!(
        first,
        "::cue {background-image: linear-gradient(to bottom, dimgray, lightgray);color: papayawhip;}"
    );

    let meta = parsed("metadata_headers.vtt").track;
    assert_eq!(meta.cues.len(), 2);
    let TrackHeader::Vtt(h) = meta.header() else {
        panic!("no header")
    };
    assert_eq!(h.header, "\nKind: captions\nLanguage: en");
}

#[test]
fn subtitle_edit_file_with_bom_and_no_final_newline() {
    let p = parsed("test.vtt");
    assert!(p.track.bom);
    let times: Vec<String> = p
        .track
        .cues
        .iter()
        .map(|c| format!("{}-{}", c.span().start(), c.span().end()))
        .collect();
    assert_eq!(
        times,
        [
            "00:00:01.000-00:00:04.000",
            "00:00:05.000-00:00:08.000",
            "00:00:10.000-00:00:13.000"
        ]
    );
    assert_eq!(p.track.cues[2].text(), "Testing SeConv subtitle converter.");
}

/// mozilla/vtt.js integration expectations: cue objects with start, end, id and raw text.
#[test]
fn vtt_js_cue_objects() {
    for name in ["spec-example", "regions", "cycle-collector-talk"] {
        let json = read(&format!("expected/{name}.json"));
        let expected: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cues = expected["cues"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no cues"));
        let track = parsed(&format!("{name}.vtt")).track;
        assert_eq!(track.cues.len(), cues.len(), "{name}");
        for (i, (cue, exp)) in track.cues.iter().zip(cues).enumerate() {
            assert_eq!(
                cue.span().start().get(),
                millis(&exp["startTime"]),
                "{name} #{i}"
            );
            assert_eq!(
                cue.span().end().get(),
                millis(&exp["endTime"]),
                "{name} #{i}"
            );
            assert_eq!(
                identifier(&track, i).unwrap_or(""),
                exp["id"],
                "{name} #{i}"
            );
            assert_eq!(cue.text(), exp["text"], "{name} #{i}");
            // Settings vtt.js read as non-default are the ones we keep as written.
            let CueMeta::Vtt(m) = cue.meta() else {
                panic!("{name} #{i}: no metadata")
            };
            if let Some(align) = exp["align"].as_str().filter(|a| *a != "middle") {
                assert!(
                    m.settings.contains(&format!("align:{align}")),
                    "{name} #{i}"
                );
            }
        }
    }
}

/// The plain text of a web-platform-tests cue tree: every text node outside `<rt>`.
fn tree_plain(tree: &str) -> String {
    let mut out = String::new();
    let mut rt_indent: Option<usize> = None;
    for line in tree.lines() {
        let Some(rest) = line.strip_prefix("| ") else {
            continue;
        };
        let node = rest.trim_start_matches(' ');
        let indent = rest.len() - node.len();
        if rt_indent.is_some_and(|d| indent <= d) {
            rt_indent = None;
        }
        if node == "<rt>" {
            rt_indent = Some(indent);
        } else if rt_indent.is_none()
            && node.len() >= 2
            && node.starts_with('"')
            && node.ends_with('"')
        {
            out.push_str(&node[1..node.len() - 1]);
        }
    }
    out
}

/// Named character references outside the set dramaloc decodes (`markup::decode_entities`):
/// browsers use the whole HTML table, including legacy names without `;`. Kept as written.
const ENTITY_DIVERGENCES: &[&str] = &[
    "&amp",
    "&AMP;",
    "&copy;",
    "&ClockwiseContourIntegral;",
    "&nsubE;",
    "&notin;",
    "&not;",
    "&not",
    "&notit;",
];

/// web-platform-tests cue text trees: the text a browser shows (outside ruby text) is the
/// plain text of our rich text.
#[test]
fn wpt_cue_text_trees() {
    let mut divergent = Vec::new();
    for name in ["tags", "entities", "timestamps"] {
        let json = read(&format!("expected/{name}.json"));
        let cases: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cases = cases
            .as_array()
            .unwrap_or_else(|| panic!("{name}: not a list"));
        let track = parsed(&format!("{name}.vtt")).track;
        assert_eq!(track.cues.len(), cases.len(), "{name}");
        for (i, case) in cases.iter().enumerate() {
            let input = case["text"].as_str().unwrap_or_default();
            let input = input.trim_end_matches('\n');
            assert_eq!(track.cues[i].text(), input, "{name} #{i}");
            let want = tree_plain(case["expectedTree"].as_str().unwrap_or_default());
            let got = plain(&track, i);
            if ENTITY_DIVERGENCES.contains(&input) {
                assert_eq!(got, input, "{name} #{i}: kept as written");
                divergent.push(input.to_owned());
            } else {
                assert_eq!(got, want, "{name} #{i}: {input:?}");
            }
        }
    }
    assert_eq!(divergent.len(), ENTITY_DIVERGENCES.len());
}

#[test]
fn editing_one_cue_changes_only_its_bytes() {
    for name in [
        "sample.vtt",
        "comments.vtt",
        "newlines.vtt",
        "example-in.vtt",
        "youtube_dl.vtt",
    ] {
        let text = read(name);
        let mut track = vtt::parse(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .track;
        if track.cues.len() < 2 {
            continue;
        }
        let i = 1;
        let range = track.cues[i]
            .source()
            .unwrap_or_else(|| panic!("{name}: no source"));
        track.cues[i].set_text("Edited <i>text</i>");
        let out = vtt::write(&track);
        assert_eq!(
            &out[..range.start],
            &text[..range.start],
            "{name}: before the cue"
        );
        assert_eq!(
            &out[out.len() - (text.len() - range.end)..],
            &text[range.end..],
            "{name}: after the cue"
        );
        let middle = &out[range.start..out.len() - (text.len() - range.end)];
        assert!(middle.ends_with("Edited <i>text</i>"), "{name}: {middle:?}");
        assert!(middle.contains(" --> "), "{name}: {middle:?}");
        let back = vtt::parse(&out)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .track;
        assert_eq!(back.cues.len(), track.cues.len(), "{name}");
        assert_eq!(back.cues[i].text(), "Edited <i>text</i>", "{name}");
        assert_eq!(back.cues[i].span(), track.cues[i].span(), "{name}");
        assert_eq!(back.cues[i].meta(), track.cues[i].meta(), "{name}");
    }
}

#[test]
fn wpt_file_parsing_details() {
    // ids.vtt: identifiers are kept with their spaces.
    let ids = parsed("ids.vtt").track;
    let got: Vec<Option<&str>> = (0..ids.cues.len()).map(|i| identifier(&ids, i)).collect();
    assert_eq!(
        got,
        [
            Some(" leading space"),
            Some("trailing space "),
            Some("-- >"),
            Some("->"),
            Some(" ")
        ]
    );
    // newlines.vtt: CR, LF and CRLF mixed; the first terminator decides the track's.
    let nl = parsed("newlines.vtt").track;
    assert_eq!(nl.line_ending, dramaloc::model::LineEnding::Cr);
    let got: Vec<Option<&str>> = (0..nl.cues.len()).map(|i| identifier(&nl, i)).collect();
    assert_eq!(got, [Some("cr"), Some("lf"), Some("crlf"), Some("lfcr")]);
    // timings-negative.vtt: reversed cues are kept as empty ones, with a warning each.
    let neg = parsed("timings-negative.vtt");
    let spans: Vec<(i64, i64)> = neg
        .track
        .cues
        .iter()
        .map(|c| (c.span().start().get(), c.span().end().get()))
        .collect();
    assert_eq!(
        spans,
        [
            (0, 0),
            (1000, 1000),
            (60_000, 60_000),
            (3_600_000, 3_600_000)
        ]
    );
    let reversed = neg
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::EndBeforeStart)
        .count();
    assert_eq!(reversed, 3);
    // timings-60.vtt: 60 is only valid as hours.
    let t60 = parsed("timings-60.vtt");
    let texts: Vec<&str> = t60.track.cues.iter().map(|c| c.text()).collect();
    assert_eq!(texts, ["text1", "text2"]);
    assert_eq!(t60.warnings.len(), 4);
    // timings-too-short.vtt: one-digit hours are fine, short fields are not.
    let short = parsed("timings-too-short.vtt");
    let texts: Vec<&str> = short.track.cues.iter().map(|c| c.text()).collect();
    assert_eq!(texts, ["text0", "text1"]);
    assert!(
        short
            .warnings
            .iter()
            .all(|w| w.kind == WarningKind::SkippedBlock)
    );
    // settings are kept as written.
    let multi = parsed("settings-multiple.vtt").track;
    for cue in &multi.cues {
        let CueMeta::Vtt(m) = cue.meta() else {
            panic!()
        };
        assert!(!m.settings.is_empty());
        assert_eq!(m.settings, m.settings.trim());
    }
    // vtt_example.vtt: header text and HLS timestamp map, five STYLE and two REGION blocks.
    let ex = parsed("vtt_example.vtt").track;
    let TrackHeader::Vtt(h) = ex.header() else {
        panic!()
    };
    assert_eq!(
        h.header,
        " A header with text.\nX-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:0"
    );
    assert_eq!(
        h.styles.len(),
        4,
        "`STYLE ::cue(…)` on one line is not a style block"
    );
    assert_eq!(h.regions.len(), 2);
    assert_eq!(
        h.regions[0],
        "id:fred\nwidth:40%\nlines:3\nregionanchor:0%,100%\nviewportanchor:10%,90%\nscroll:up"
    );
}

#[test]
fn example_in_has_only_invalid_short_fractions() {
    // go-astisub reads `00:01:39` and `00:02:04.08`; the WebVTT parser (and browsers)
    // skip those cues. Everything is kept for the round trip and each block is reported.
    let p = parsed("example-in.vtt");
    assert!(p.track.bom);
    assert!(p.track.cues.is_empty());
    // Six cues, the old-style `Region:` lines outside the header, and the tail of a STYLE
    // block cut by a blank line.
    let skipped: Vec<usize> = p
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::SkippedBlock)
        .map(|w| w.line)
        .collect();
    assert_eq!(skipped, [21, 25, 28, 35, 40, 44, 48, 53]);
    let TrackHeader::Vtt(h) = p.track.header() else {
        panic!()
    };
    assert_eq!(h.styles.len(), 2);
}

#[test]
fn convert_round_trip_through_rich_text() {
    let track = parsed("cycle-collector-talk.vtt").track;
    let (same, report) = formats::convert(&track, formats::Format::WebVtt);
    assert!(report.is_empty());
    assert_eq!(same, track);
    // vtt → rich → vtt keeps italics and underline, drops voices.
    let mut out = vtt::new_track();
    for cue in &track.cues {
        let mut dropped = Vec::new();
        let rich = vtt::to_rich(&track, cue, &mut dropped);
        let (text, meta) = vtt::from_rich(&rich);
        out.cues
            .push(dramaloc::model::Cue::new(cue.span(), text).with_meta(meta));
    }
    assert_eq!(
        out.cues[1].text(),
        " Okay, we're good now.\n Oh, now we're good?\n<i>Laughter</i>"
    );
    assert!(out.cues[2].text().contains("<u>coming</u>"));
    let written = vtt::write(&out);
    let back = vtt::parse(&written).expect("re-read").track;
    assert_eq!(back.cues.len(), track.cues.len());
}
