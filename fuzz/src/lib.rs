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
