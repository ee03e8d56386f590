//! `convert` between every pair of formats: cue times, texts, italics, bold, underline, line
//! breaks and top/middle/bottom placement survive where the target can express them, and
//! converting back gives the same cues.

use std::path::Path;

use dramaloc::formats::{self, Dropped, Format, Placement, RichText, Run};
use dramaloc::model::{Cue, Millis, SubtitleTrack, TimeSpan};

use crate::support::{corpus_files, expected_for};

/// What a conversion must keep of one cue.
#[derive(Debug, Clone, PartialEq)]
struct Kept {
    start: i64,
    end: i64,
    rich: RichText,
}

fn kept(track: &SubtitleTrack) -> Vec<Kept> {
    track
        .cues
        .iter()
        .map(|c| Kept {
            start: c.span().start().get(),
            end: c.span().end().get(),
            rich: formats::rich_text(track, c, &mut Vec::new()),
        })
        .collect()
}

/// Write and read back, so every step goes through real file text.
fn reread(track: &SubtitleTrack) -> SubtitleTrack {
    let text = formats::write(track);
    formats::parse(track.format, &text)
        .unwrap_or_else(|e| panic!("{} output does not parse: {e}\n{text}", track.format))
        .track
}

fn run(text: &str, italic: bool, bold: bool, underline: bool) -> Run {
    Run {
        text: text.to_owned(),
        italic,
        bold,
        underline,
    }
}

/// A reference track: styles, two-line cues and all three placements; times on centiseconds
/// so that ASS can hold them exactly.
fn reference(format: Format) -> SubtitleTrack {
    let rich = [
        RichText {
            lines: vec![vec![run("你为什么现在才回来？", false, false, false)]],
            placement: Placement::Bottom,
        },
        RichText {
            lines: vec![
                vec![
                    run("I never meant ", false, false, false),
                    run("to lie", true, false, false),
                ],
                vec![run("to you.", false, true, false)],
            ],
            placement: Placement::Bottom,
        },
        RichText {
            lines: vec![vec![run("上海 · LUMO茶室", false, false, false)]],
            placement: Placement::Top,
        },
        RichText {
            lines: vec![vec![run("Underlined & <odd> text", false, false, true)]],
            placement: Placement::Middle,
        },
        RichText {
            lines: vec![
                vec![run("bold italic", true, true, false)],
                vec![run("plain", false, false, false)],
            ],
            placement: Placement::Top,
        },
    ];
    let mut track = formats::new_track(format);
    for (i, r) in rich.iter().enumerate() {
        let start = 1_000 + i as i64 * 2_500;
        let span = TimeSpan::new(Millis::new(start), Millis::new(start + 2_140)).unwrap();
        let (text, meta) = formats::from_rich(format, r);
        track.cues.push(Cue::new(span, text).with_meta(meta));
    }
    reread(&track)
}

#[test]
fn every_pair_keeps_times_styles_line_breaks_and_placement() {
    for from in Format::ALL {
        let source = reference(from);
        let want = kept(&source);
        assert_eq!(want.len(), 5, "{from}");
        for to in Format::ALL {
            let (converted, dropped) = formats::convert(&source, to);
            let converted = reread(&converted);
            let got = kept(&converted);
            assert_eq!(got, want, "{from} → {to}");
            assert!(
                dropped.is_empty(),
                "{from} → {to} dropped {:?}",
                dropped.counts
            );
            let (back, _) = formats::convert(&converted, from);
            assert_eq!(kept(&reread(&back)), want, "{from} → {to} → {from}");
        }
    }
}

#[test]
fn literal_braces_cannot_open_an_ass_override_block() {
    // ASS has no portable escape for `{` and `}`: they become full-width look-alikes.
    let rich = RichText {
        lines: vec![vec![run("a {b} c", false, false, false)]],
        placement: Placement::Bottom,
    };
    for f in [Format::Ass, Format::Ssa] {
        let (text, _) = formats::from_rich(f, &rich);
        assert_eq!(text, "a ｛b｝ c");
    }
    let (text, _) = formats::from_rich(Format::Srt, &rich);
    assert_eq!(text, "a {b} c");
}

#[test]
fn placement_uses_each_formats_own_syntax() {
    let top = reference(Format::Srt);
    let text = |f: Format| formats::write(&formats::convert(&top, f).0);
    assert!(text(Format::Srt).contains("{\\an8}上海"));
    assert!(text(Format::Ass).contains("{\\an8}上海"));
    assert!(text(Format::WebVtt).contains("line:0"));
    let ttml = text(Format::Ttml);
    assert!(ttml.contains("region=\"top\""), "{ttml}");
}

/// The text a viewer sees: full-width look-alikes that ASS needs for literal braces mapped
/// back (see `literal_braces_cannot_open_an_ass_override_block`), spaces at the ends of lines
/// (never displayed, trimmed by some writers) and empty lines (WebVTT cannot hold one inside a
/// cue; it would end the cue) removed.
fn seen(r: &RichText) -> String {
    r.plain()
        .replace('｛', "{")
        .replace('｝', "}")
        .replace('＼', "\\")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Cues a viewer sees something in. TTML has no empty or zero-duration paragraphs (an empty
/// interval is never displayed), so such cues do not survive a trip through TTML.
fn visible(track: &SubtitleTrack) -> Vec<(i64, i64, String)> {
    kept(track)
        .into_iter()
        .map(|k| (k.start, k.end, seen(&k.rich)))
        .filter(|(start, end, t)| !t.is_empty() && start < end)
        .collect()
}

fn same_text_and_times(a: &SubtitleTrack, b: &SubtitleTrack, tolerance: i64, what: &str) {
    let (ka, kb) = (visible(a), visible(b));
    assert_eq!(ka.len(), kb.len(), "{what}: cue count");
    for (i, (x, y)) in ka.iter().zip(&kb).enumerate() {
        assert!(
            (x.0 - y.0).abs() <= tolerance && (x.1 - y.1).abs() <= tolerance,
            "{what}: cue {i} times {}–{} vs {}–{}",
            x.0,
            x.1,
            y.0,
            y.1
        );
        assert_eq!(x.2, y.2, "{what}: cue {i} text");
    }
}

fn round_trip_through_every_format(track: &SubtitleTrack, what: &str) {
    // Comment events are not cues; they are reported as dropped.
    let (displayed, _) = formats::convert(track, track.format);
    for to in Format::ALL {
        if to == track.format {
            continue;
        }
        let (converted, dropped) = formats::convert(&displayed, to);
        let converted = reread(&converted);
        let tolerance = if matches!(to, Format::Ass | Format::Ssa) {
            5
        } else {
            0
        };
        let (back, _) = formats::convert(&converted, track.format);
        let back = reread(&back);
        let mut displayed_only = track.clone();
        displayed_only.cues = displayed_cues(track);
        same_text_and_times(
            &displayed_only,
            &back,
            tolerance,
            &format!("{what}: {} → {to} → back", track.format),
        );
        let off_centisecond = displayed_only
            .cues
            .iter()
            .any(|c| c.span().start().get() % 10 != 0 || c.span().end().get() % 10 != 0);
        if matches!(to, Format::Ass | Format::Ssa) {
            assert_eq!(
                dropped.counts.contains_key(&Dropped::MillisecondPrecision),
                off_centisecond,
                "{what} → {to}: rounding must be reported exactly when it happens"
            );
        }
    }
}

fn displayed_cues(track: &SubtitleTrack) -> Vec<Cue> {
    track
        .cues
        .iter()
        .filter(|c| !matches!(c.meta(), dramaloc::model::CueMeta::Ass(m) if m.kind == dramaloc::model::AssEventKind::Comment))
        .cloned()
        .collect()
}

fn read(path: &Path) -> SubtitleTrack {
    let bytes = std::fs::read(path).unwrap();
    formats::read_bytes(&bytes, Some(path), None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .parsed
        .track
}

#[test]
fn sample_tracks_survive_every_format_and_back() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/demo/episodes");
    let mut n = 0;
    for ep in std::fs::read_dir(&demo).unwrap() {
        for file in std::fs::read_dir(ep.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("srt" | "vtt")
            ) {
                round_trip_through_every_format(&read(&path), &path.display().to_string());
                n += 1;
            }
        }
    }
    assert_eq!(n, 6 * 16, "6 episodes × 16 languages");
}

#[test]
fn corpus_files_survive_every_format_and_back() {
    for kind in ["srt", "vtt", "ass", "ttml"] {
        for path in corpus_files(kind) {
            if path.is_dir() {
                continue;
            }
            let outcome = expected_for(kind, &path)
                .map(|e| e.outcome().to_owned())
                .unwrap_or_default();
            if outcome == "reject" {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(loaded) = formats::read_bytes(&bytes, Some(&path), None) else {
                continue;
            };
            if visible(&loaded.parsed.track).is_empty() {
                // Nothing to carry (e.g. WebVTT files that test headers only).
                continue;
            }
            round_trip_through_every_format(&loaded.parsed.track, &path.display().to_string());
        }
    }
}
