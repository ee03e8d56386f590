//! The checks shared by the fuzz targets. Each panics (a crash for libFuzzer) when a property
//! of the readers and writers does not hold:
//!
//! - no reader, writer or converter panics on any input;
//! - an unedited SRT, WebVTT or ASS track is written back byte for byte (BOM included);
//! - a TTML track written out reads back with the same cues;
//! - what the encoding detector calls UTF-8 is the input itself;
//! - the bundle archive reader hands back no more than its limits allow, sorted and unique.

use std::borrow::Cow;
use std::path::PathBuf;

use dramaloc::bundle::archive::{self, ArchiveLimits};
use dramaloc::formats::encoding::{self, TextEncoding};
use dramaloc::formats::{self, Format};
use dramaloc::model::SubtitleTrack;

/// Inputs up to this size also go through every conversion; larger ones (the seed corpus
/// has 100 KB files) are only parsed and written, which keeps executions fast.
const CONVERT_MAX: usize = 16 * 1024;

/// Parse the input (lossily decoded when it is not UTF-8) in one format and check the result.
pub fn check_format(format: Format, data: &[u8]) {
    let text = match std::str::from_utf8(data) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(data),
    };
    if let Ok(parsed) = formats::parse(format, &text) {
        check_round_trip(&text, &parsed.track);
        if data.len() <= CONVERT_MAX {
            check_converts(&parsed.track);
        }
    }
}

/// Writing an unedited track gives back the text it was read from (TTML: the same cues).
pub fn check_round_trip(text: &str, track: &SubtitleTrack) {
    let written = formats::write(track);
    if track.format == Format::Ttml {
        let back = formats::parse(Format::Ttml, &written)
            .unwrap_or_else(|e| panic!("written TTML does not parse: {e}\n{written}"));
        assert_eq!(
            summary(track),
            summary(&back.track),
            "TTML cues changed through write and parse:\n{written}"
        );
    } else {
        assert!(
            written == text,
            "round trip differs\n  read:  {text:?}\n  wrote: {written:?}"
        );
    }
}

/// Plain text of every cue; conversion to every other format, written and read again.
pub fn check_converts(track: &SubtitleTrack) {
    for cue in &track.cues {
        let _ = formats::plain_text(track, cue);
    }
    for to in Format::ALL {
        if to == track.format {
            continue;
        }
        let (converted, _report) = formats::convert(track, to);
        let out = formats::write(&converted);
        if let Ok(back) = formats::parse(to, &out) {
            for cue in &back.track.cues {
                let _ = formats::plain_text(&back.track, cue);
            }
        }
    }
}

fn summary(track: &SubtitleTrack) -> Vec<(i64, i64, String)> {
    track
        .cues
        .iter()
        .map(|c| {
            (
                c.span().start().get(),
                c.span().end().get(),
                formats::plain_text(track, c),
            )
        })
        .collect()
}

/// Decode any bytes; text reported as UTF-8 must be the input (without its BOM).
pub fn check_decode(data: &[u8]) {
    if let Ok(decoded) = encoding::decode(data)
        && decoded.info.encoding == TextEncoding::Utf8
    {
        let body = match decoded.info.bom {
            Some(_) => data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data),
            None => data,
        };
        assert!(
            decoded.text.as_bytes() == body,
            "decoded as UTF-8 but the text differs from the input"
        );
    }
}

/// `read_bytes` end to end. The first byte chooses the file extension detection sees and,
/// from 128 up, a format given by the caller.
pub fn check_read(data: &[u8]) {
    let Some((&select, bytes)) = data.split_first() else {
        return;
    };
    const EXTENSIONS: [Option<&str>; 7] = [
        None,
        Some("srt"),
        Some("vtt"),
        Some("ass"),
        Some("ssa"),
        Some("ttml"),
        Some("txt"),
    ];
    let path = EXTENSIONS[usize::from(select) % EXTENSIONS.len()]
        .map(|e| PathBuf::from(format!("episode.{e}")));
    let given = (select >= 128).then(|| Format::ALL[usize::from(select) % Format::ALL.len()]);
    if let Ok(loaded) = formats::read_bytes(bytes, path.as_deref(), given) {
        let _ = formats::write(&loaded.parsed.track);
        if bytes.len() <= CONVERT_MAX {
            check_converts(&loaded.parsed.track);
        }
    }
}

/// Limits small enough that a mutated size field meets them.
const TIGHT: ArchiveLimits = ArchiveLimits {
    max_entries: 16,
    max_entry_bytes: 4096,
    max_total_bytes: 16 * 1024,
    max_ratio: 100,
};

/// Any bytes as a zip bundle, under tight and default limits: never more entries or bytes
/// than allowed, names sorted and unique, and every finding with a hint.
pub fn check_archive(data: &[u8]) {
    for limits in [TIGHT, ArchiveLimits::default()] {
        let opened = archive::open_zip(data, &limits);
        assert!(opened.entries.len() <= limits.max_entries, "too many entries");
        for e in &opened.entries {
            assert!(
                e.data.len() as u64 <= limits.max_entry_bytes,
                "`{}` over the entry limit",
                e.name
            );
        }
        assert!(
            opened.total_bytes() <= limits.max_total_bytes,
            "over the total limit"
        );
        assert!(
            opened.entries.windows(2).all(|w| w[0].name < w[1].name),
            "entries not sorted or not unique"
        );
        assert!(
            opened.findings.iter().all(|(_, f)| f.hint.is_some()),
            "a finding without a hint"
        );
    }
}

/// A small valid manifest for one SRT track, with `{BYTES}` and `{SHA}` to fill in.
const MANIFEST: &str = r#"{"schema":"dramaloc-bundle/1","tool":{"name":"dramaloc","version":"0.1.0"},
"series":{"id":"fuzz","title":"Fuzz","source_language":"zh-Hans","frame_rate":"30","resolution":[1080,1920]},
"market":{"id":"us","name":"United States","required_languages":["en-US"],"format":"srt","encoding":"UTF-8","bom":false,"line_endings":"crlf","safe_area":{"top":288,"bottom":1248,"left":120,"right":888,"rail_top":840,"rail_right":780}},
"languages":["en-US"],
"episodes":[{"number":1,"duration_ms":60000,"files":[{"path":"FUZZ_E001.en-US.srt","language":"en-US","format":"srt","encoding":"UTF-8","bom":false,"bytes":{BYTES},"sha256":"{SHA}","cues":1}]}],
"metadata":[],"qc":{"preset":"vertical","errors":0,"warnings":0,"infos":0,"allowed":[]}}"#;

const TRACK: &[u8] = b"1\r\n00:00:01,000 --> 00:00:03,000\r\nHello.\r\n";

/// A zip with `manifest.json` and one track.
fn small_bundle(manifest: &[u8], track: &[u8]) -> Vec<u8> {
    use dramaloc::bundle::assemble::BundleFile;
    let files = [
        BundleFile::data("manifest.json".into(), manifest.to_vec()),
        BundleFile::data("FUZZ_E001.en-US.srt".into(), track.to_vec()),
    ];
    dramaloc::bundle::pack::zip_bytes(&files).unwrap_or_default()
}

fn manifest_for(track: &[u8]) -> Vec<u8> {
    MANIFEST
        .replace("{BYTES}", &track.len().to_string())
        .replace("{SHA}", &dramaloc::bundle::manifest::sha256_hex(track))
        .into_bytes()
}

/// `validate` on three kinds of input, by the first byte: the rest as a whole zip; as the
/// manifest of an otherwise valid bundle; as its track, with a manifest whose size and
/// checksum match (so decoding, parsing and every rule run on it). The report must render.
pub fn check_validate(data: &[u8]) {
    use dramaloc::bundle::validate;
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = match mode % 3 {
        0 => rest.to_vec(),
        1 => small_bundle(rest, TRACK),
        _ => small_bundle(&manifest_for(rest), rest),
    };
    let options = validate::Options {
        limits: TIGHT_VALIDATE,
        jobs: 1,
        ..validate::Options::default()
    };
    let report = validate::validate_zip_bytes("fuzz.zip", &bytes, &options);
    for t in &report.tracks {
        for f in &t.findings {
            assert!(!f.rule.is_empty());
        }
    }
    let _ = dramaloc::diagnostics::json::to_json(&report, &|m: &dramaloc::message::Message| {
        m.id.to_owned()
    });
}

/// Limits for `validate` fuzzing: a mutated size field meets them quickly.
const TIGHT_VALIDATE: ArchiveLimits = ArchiveLimits {
    max_entries: 64,
    max_entry_bytes: 1 << 20,
    max_total_bytes: 4 << 20,
    max_ratio: 100,
};

/// The valid bundle `check_validate` starts from, for seeding the corpus.
pub fn validate_seeds() -> Vec<Vec<u8>> {
    vec![
        [&[0u8][..], &small_bundle(&manifest_for(TRACK), TRACK)].concat(),
        [&[1u8][..], &manifest_for(TRACK)].concat(),
        [&[2u8][..], TRACK].concat(),
    ]
}
