//! SubRip files from public test suites: agreement with the upstream expectations and
//! byte-identical round trips.

use dramaloc::formats::{self, Format, ParseErrorKind};

use crate::support::{corpus_files, expected_for};

/// Files the upstream suite rejects that dramaloc reads on purpose, with the reason.
const READ_DESPITE_UPSTREAM_REJECT: &[(&str, &str)] = &[(
    "invalid.srt",
    "pysrt's strict mode refuses timestamps without milliseconds; real files use them \
     (ccSubs_com_… in this corpus is expected to parse with the same form), so dramaloc reads \
     them as whole seconds with a `missing-fraction` warning",
)];

#[test]
fn every_srt_file_parses_or_is_refused_as_upstream_expects() {
    for path in corpus_files("srt") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let text =
            String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
        let expected =
            expected_for("srt", &path).unwrap_or_else(|| panic!("{name} has no expected.tsv row"));
        let result = formats::parse(Format::Srt, &text);
        match expected.outcome() {
            "reject" if !READ_DESPITE_UPSTREAM_REJECT.iter().any(|(f, _)| *f == name) => {
                let err = result.expect_err(&name);
                assert!(
                    err.line >= 1 && err.column >= 1,
                    "{name}: error without a position"
                );
                assert!(
                    matches!(
                        err.kind,
                        ParseErrorKind::MissingTiming | ParseErrorKind::BadTimestamp { .. }
                    ),
                    "{name}: {err}"
                );
            }
            _ => {
                let parsed = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                if let Some(n) = expected.cues() {
                    // Upstream counts cues with text; empty cues are kept by dramaloc (the
                    // `cue-empty` rule reports them) so the round trip stays lossless.
                    let with_text = parsed
                        .track
                        .cues
                        .iter()
                        .filter(|c| !c.text().trim().is_empty())
                        .count();
                    assert_eq!(with_text, n, "{name}: cue count");
                }
                assert!(!parsed.track.cues.is_empty(), "{name}: no cues");
                let written = formats::write(&parsed.track);
                assert!(written == text, "{name}: round trip differs");
            }
        }
    }
}

#[test]
fn upstream_timings_agree() {
    let dir = crate::support::corpus_dir("srt");
    let read = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        formats::parse(Format::Srt, &text).unwrap().track
    };
    let ms = |t: &dramaloc::model::SubtitleTrack, i: usize| {
        let s = t.cues[i].span();
        (s.start().get(), s.end().get())
    };
    let t = read("test.srt");
    assert_eq!(t.cues.len(), 3);
    assert_eq!(
        [ms(&t, 0), ms(&t, 1), ms(&t, 2)],
        [(1000, 4000), (5000, 8000), (10000, 13000)]
    );
    let t = read("sample.srt");
    assert_eq!(ms(&t, 2), (11890, 16320));
    assert_eq!(t.cues.last().unwrap().span().end().get(), 23880);
    // One cue per frame at 23.976 fps: start of cue n = round(n * 1001 / 24000 s).
    let t = read("test_video.srt");
    let rate = dramaloc::model::FrameRate::FPS_23_976;
    for cue in &t.cues {
        let start = cue.span().start();
        let frame = rate.millis_to_frame(start);
        assert_eq!(
            rate.frame_to_millis(frame),
            start,
            "cue at {start} is not on a frame start"
        );
    }
    // Two-digit fractions are hundredths, `.` is accepted before the fraction.
    let t = read("missing-sequence-in.srt");
    assert_eq!(ms(&t, 0), (99000, 101040));
    assert_eq!(ms(&t, 2), (132160, 135200));
    assert_eq!(t.cues[1].text(), "MAN:\nHow did we end up here?");
}

#[test]
fn ccsubs_without_milliseconds_parse_with_a_warning() {
    let dir = crate::support::corpus_dir("srt");
    let text = std::fs::read_to_string(
        dir.join("ccSubs_com_pope-francis-speaks-about-religious-liberty_en.srt"),
    )
    .unwrap();
    let parsed = formats::parse(Format::Srt, &text).unwrap();
    assert_eq!(parsed.track.cues[0].span().end().get(), 5000);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| matches!(w.kind, formats::WarningKind::MissingFraction { .. })),
        "{:?}",
        parsed.warnings
    );
}
