//! Cut lists from public test suites: the counts and times their upstream tests assert.

use dramaloc::cuts::{CutErrorKind, CutSource, parse};
use dramaloc::model::FrameRate;

use crate::support::{corpus_dir, corpus_files, expected_for};

fn read(name: &str) -> String {
    std::fs::read_to_string(corpus_dir("cuts").join(name)).unwrap()
}

fn ms(name: &str, fps: Option<FrameRate>) -> Vec<i64> {
    let (list, _) = parse(&read(name), fps, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    list.cuts().iter().map(|t| t.get()).collect()
}

#[test]
fn aegisub_and_x264_keyframes() {
    let a = ms("aegi.txt", None);
    assert_eq!(a.len(), 135);
    assert_eq!(
        (a[0], a[1], a[134]),
        (0, 10_000, 1_340_000),
        "frames 0, 250 … 33500 at 25 fps"
    );
    let (list, source) = parse(&read("x264.log"), None, None).unwrap();
    assert_eq!((list.len(), source), (41, CutSource::X264Stats));
    assert_eq!(list.frame_rate, Some(FrameRate::FPS_23_976));
    let rate = FrameRate::FPS_23_976;
    assert_eq!(list.cuts()[1], rate.frame_to_millis(250));
    assert_eq!(*list.cuts().last().unwrap(), rate.frame_to_millis(10_000));
}

#[test]
fn pyscenedetect_csv() {
    assert_eq!(ms("testvideo_scenes.csv", None), vec![6706, 12746]);
}

#[test]
fn edl_record_times_are_cuts() {
    // OTIO at 25 fps: clip durations 161, 200, 86, 49 frames.
    let fps25 = Some(FrameRate::FPS_25);
    assert_eq!(
        ms("25fps.edl", fps25),
        [0, 161, 361, 447].map(|f| f * 40).to_vec()
    );
    // Clips of 24 frames with gaps of 16 and 38: the starts of the gaps are changes too.
    let fps24 = Some(FrameRate::FPS_24);
    let f = |n: i64| FrameRate::FPS_24.frame_to_millis(n).get();
    assert_eq!(
        ms("gap_test.edl", fps24),
        vec![f(0), f(24), f(40), f(64), f(102)]
    );
    // Screening EDL: 9 clips, back to back, so 9 cuts starting at 0.
    assert_eq!(ms("screening_example.edl", fps24).len(), 9);
    // Without a frame rate an EDL cannot be read.
    assert_eq!(
        parse(&read("25fps.edl"), None, None).unwrap_err().kind,
        CutErrorKind::NeedsFrameRate
    );
    // A dissolve whose event number does not match the edit before it is refused (as OTIO does).
    assert!(matches!(
        parse(&read("dissolve_test_fail.edl"), fps24, None)
            .unwrap_err()
            .kind,
        CutErrorKind::TransitionMismatch { .. }
    ));
}

#[test]
fn every_cut_file_reads_or_is_refused_as_upstream_expects() {
    for path in corpus_files("cuts") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let row =
            expected_for("cuts", &path).unwrap_or_else(|| panic!("{name}: no expected.tsv row"));
        let fps = row
            .get("fps")
            .and_then(|f| f.parse::<FrameRate>().ok())
            .or(Some(FrameRate::FPS_24));
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let result = parse(&text, fps, None);
        match row.outcome() {
            "reject" => assert!(result.is_err(), "{name}: read although upstream refuses it"),
            _ => {
                let (list, _) = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!list.is_empty(), "{name}");
                assert!(
                    list.cuts().windows(2).all(|w| w[0] < w[1]),
                    "{name}: not sorted"
                );
            }
        }
    }
}
