//! Every subtitle file in `samples/` (the demo series and the raw vendor delivery, in their
//! legacy encodings) reads and writes back to the same bytes.

use std::path::{Path, PathBuf};

use dramaloc::formats::{self, encoding};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("srt" | "vtt" | "ass" | "ssa")
        ) {
            out.push(path);
        }
    }
}

#[test]
fn every_sample_subtitle_round_trips_byte_for_byte() {
    let mut all = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        &mut all,
    );
    assert!(all.len() >= 30, "found only {} sample files", all.len());
    let mut legacy = 0;
    for path in all {
        let bytes = std::fs::read(&path).unwrap();
        let loaded = formats::read_bytes(&bytes, Some(&path), None)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = formats::write(&loaded.parsed.track);
        let again = encoding::encode(&text, loaded.decoded.encoding, loaded.decoded.bom.is_some())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            again == bytes,
            "{} ({}) does not round-trip",
            path.display(),
            loaded.decoded.encoding.name()
        );
        if loaded.decoded.encoding != encoding::TextEncoding::Utf8 {
            legacy += 1;
        }
    }
    assert!(
        legacy >= 5,
        "the raw delivery has GBK, GB18030 and UTF-16 files; found {legacy}"
    );
}
