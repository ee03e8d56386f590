//! Unit tests of the zip side: the scanner on normal and unusual layouts, and every hostile
//! case giving exactly its own rule id.

#[path = "../../../tests/support/zipcraft.rs"]
mod zipcraft;

use super::*;
use zipcraft::{ZipCraft, five_entries, truncated};

const MIB: u64 = 1024 * 1024;

fn open(bytes: &[u8]) -> Opened {
    open_zip(bytes, &ArchiveLimits::default())
}

fn names(o: &Opened) -> Vec<&str> {
    o.entries.iter().map(|e| e.name.as_str()).collect()
}

fn rules(o: &Opened) -> Vec<&'static str> {
    o.findings.iter().map(|(_, f)| f.rule).collect()
}

/// Exactly one finding, with this rule, about this entry (`None`: the archive); returns the
/// finding's message id.
#[track_caller]
fn only(o: &Opened, rule: &str, entry: Option<&str>) -> &'static str {
    assert_eq!(o.findings.len(), 1, "findings: {:#?}", o.findings);
    let (name, finding) = &o.findings[0];
    assert_eq!(finding.rule, rule, "{finding:#?}");
    assert_eq!(name.as_deref(), entry);
    assert!(finding.hint.is_some(), "no hint: {finding:#?}");
    finding.message.id
}

/// One good file beside the hostile entry, to show the rest of the archive is still read.
fn with_good(craft: ZipCraft) -> Vec<u8> {
    craft.file("good.txt", "fine").build()
}

#[track_caller]
fn good_still_read(o: &Opened) {
    assert_eq!(names(o), ["good.txt"]);
    assert_eq!(o.entries[0].data, b"fine");
}

#[test]
fn a_normal_zip_gives_every_file_with_its_content_and_no_findings() {
    let o = open(&five_entries());
    assert_eq!(o.kind, ArchiveKind::Zip);
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(
        names(&o),
        ["ep01/en.srt", "ep01/zh.srt", "ep02/en.vtt", "manifest.json"]
    );
    let zh = o.entry("ep01/zh.srt").unwrap();
    assert_eq!(
        zh.data,
        "1\n00:00:01,000 --> 00:00:02,000\n你好\n\n"
            .repeat(20)
            .as_bytes()
    );
    assert_eq!(
        o.entry("manifest.json").unwrap().data,
        br#"{"schema": 1, "files": ["ep01/en.srt"]}"#
    );
}

#[test]
fn a_zip_written_by_the_zip_crate_reads_back() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.add_directory("ep01/", deflated).unwrap();
    w.start_file("ep01/en.srt", deflated).unwrap();
    w.write_all(&b"subtitle ".repeat(1000)).unwrap();
    w.start_file("README.txt", deflated).unwrap();
    w.write_all(b"hello").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let o = open(&bytes);
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(names(&o), ["README.txt", "ep01/en.srt"]);
    assert_eq!(o.entries[1].data, b"subtitle ".repeat(1000));
}

#[test]
fn names_are_normalised_and_folders_skipped_without_findings() {
    let o = open(
        &ZipCraft::new()
            .dir("ep01/")
            .file("./ep01\\en.srt", "a")
            .dir("__MACOSX/")
            .file("__MACOSX/._en.srt", "b")
            .file(".DS_Store", "c")
            .build(),
    );
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(names(&o), [".DS_Store", "__MACOSX/._en.srt", "ep01/en.srt"]);
}

#[test]
fn the_end_record_is_found_behind_a_comment() {
    let comment = "made by a distributor's tool ".repeat(100);
    let o = open(&ZipCraft::new().file("a.txt", "x").comment(&comment).build());
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(names(&o), ["a.txt"]);
    // The longest comment there is.
    let long = vec![b'c'; 0xFFFF];
    let o = open(&ZipCraft::new().file("a.txt", "x").comment(&long).build());
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
}

#[test]
fn zip64_records_and_extra_fields_are_read() {
    let bytes = ZipCraft::new()
        .file("a.txt", "alpha")
        .file("b.txt", "beta ".repeat(100))
        .deflated()
        .zip64()
        .build();
    let o = open(&bytes);
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(names(&o), ["a.txt", "b.txt"]);
    assert_eq!(o.entries[1].data, "beta ".repeat(100).as_bytes());
}

#[test]
fn an_empty_zip_has_no_entries_and_no_findings() {
    let bytes = ZipCraft::new().build();
    assert_eq!(bytes.len(), 22);
    let o = open(&bytes);
    assert!(o.entries.is_empty());
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
}

#[test]
fn data_descriptors_are_accepted() {
    let o = open(
        &ZipCraft::new()
            .file("a.txt", "streamed ".repeat(50))
            .deflated()
            .data_descriptor()
            .build(),
    );
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(o.entries[0].data, "streamed ".repeat(50).as_bytes());
}

#[test]
fn not_a_zip() {
    for bytes in [
        &b""[..],
        b"hello, this is a subtitle file\n",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"PK",
    ] {
        let o = open(bytes);
        assert_eq!(only(&o, NOT_A_ZIP, None), "finding-not-a-zip");
        assert!(o.entries.is_empty());
    }
}

#[test]
fn every_truncation_is_a_corrupt_archive() {
    let bytes = five_entries();
    for n in 4..bytes.len() {
        let o = open(&truncated(&bytes, n));
        assert_eq!(
            rules(&o),
            [ARCHIVE_CORRUPT],
            "cut at {n}: {:#?}",
            o.findings
        );
        assert!(o.entries.is_empty(), "cut at {n}");
        assert!(o.findings[0].0.is_none());
    }
}

#[test]
fn an_end_record_that_points_outside_the_file_is_corrupt() {
    let mut bytes = five_entries();
    let end = bytes.len() - 22;
    bytes[end + 16..end + 20].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    let o = open(&bytes);
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, None),
        "finding-archive-directory-out-of-bounds"
    );
}

#[test]
fn a_wrong_entry_count_is_corrupt() {
    for count in [2, 4] {
        let bytes = ZipCraft::new()
            .file("a.txt", "a")
            .file("b.txt", "b")
            .file("c.txt", "c")
            .declared_count(count)
            .build();
        let o = open(&bytes);
        assert_eq!(rules(&o), [ARCHIVE_CORRUPT], "{:#?}", o.findings);
        assert!(o.entries.is_empty());
    }
}

#[test]
fn two_end_records_that_both_fit_are_ambiguous() {
    // A comment that is itself an end record with an empty comment: both fit the file's end.
    let mut fake = Vec::new();
    fake.extend(0x0605_4b50u32.to_le_bytes());
    fake.extend([0u8; 18]);
    let o = open(&ZipCraft::new().file("a.txt", "a").comment(&fake).build());
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, None),
        "finding-archive-end-ambiguous"
    );
}

#[test]
fn path_traversal_in_every_spelling() {
    for name in [
        "../x.srt",
        "a/../../b.srt",
        "..\\x.srt",
        "ep01/..\\..\\x.srt",
    ] {
        let o = open(&with_good(ZipCraft::new().file(name, "evil")));
        assert_eq!(
            only(&o, PATH_TRAVERSAL, Some(name)),
            "finding-path-traversal"
        );
        good_still_read(&o);
    }
}

#[test]
fn absolute_names() {
    for name in ["/etc/x", "\\x", "C:\\x", "C:/x", "/../x"] {
        let o = open(&with_good(ZipCraft::new().file(name, "evil")));
        assert_eq!(only(&o, ABSOLUTE_PATH, Some(name)), "finding-absolute-path");
        good_still_read(&o);
    }
}

#[test]
fn symlink_entries() {
    for target in ["/etc/passwd", "../../outside", "good.txt"] {
        let o = open(&with_good(ZipCraft::new().symlink("link.srt", target)));
        assert_eq!(
            only(&o, SYMLINK_ENTRY, Some("link.srt")),
            "finding-symlink-entry"
        );
        good_still_read(&o);
    }
    // A link with a folder's name is still a link.
    let o = open(&with_good(ZipCraft::new().symlink("ep01/", "/etc")));
    assert_eq!(rules(&o), [SYMLINK_ENTRY]);
}

#[test]
fn special_files_and_folder_modes() {
    let o = open(&with_good(
        ZipCraft::new().file("fifo", "").unix_mode(0o010_644),
    ));
    assert_eq!(
        only(&o, SPECIAL_ENTRY, Some("fifo")),
        "finding-special-entry"
    );
    good_still_read(&o);
    // A folder mode without the slash and without data is an (odd) folder entry.
    let o = open(&with_good(
        ZipCraft::new().file("ep01", "").unix_mode(0o040_755),
    ));
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    // With data it is neither.
    let o = open(&with_good(
        ZipCraft::new().file("ep01", "data").unix_mode(0o040_755),
    ));
    assert_eq!(rules(&o), [SPECIAL_ENTRY]);
    // A regular mode is fine.
    let o = open(&with_good(
        ZipCraft::new().file("a.srt", "x").unix_mode(0o100_644),
    ));
    assert_eq!(names(&o), ["a.srt", "good.txt"]);
}

#[test]
fn duplicate_names_refuse_every_copy() {
    for (first, second) in [
        ("ep01/en.srt", "ep01/en.srt"),
        ("ep01/en.srt", "EP01/EN.srt"),
        ("ep01/en.srt", "./ep01/en.srt"),
        ("ep01/en.srt", "ep01\\en.srt"),
        ("ep01/en.srt", "ep01/en.srt."),
    ] {
        let o = open(&with_good(
            ZipCraft::new().file(first, "one").file(second, "two"),
        ));
        assert_eq!(
            only(&o, DUPLICATE_ENTRY, Some(second)),
            "finding-duplicate-entry",
            "{first} / {second}"
        );
        good_still_read(&o);
    }
    // Three copies: a finding for each later one.
    let o = open(
        &ZipCraft::new()
            .file("a", "1")
            .file("A", "2")
            .file("a", "3")
            .build(),
    );
    assert_eq!(rules(&o), [DUPLICATE_ENTRY, DUPLICATE_ENTRY]);
    assert!(o.entries.is_empty());
}

#[test]
fn a_file_that_another_entry_needs_as_a_folder() {
    let o = open(&with_good(
        ZipCraft::new()
            .file("ep01", "file")
            .file("EP01/en.srt", "x"),
    ));
    assert_eq!(
        only(&o, DUPLICATE_ENTRY, Some("ep01")),
        "finding-duplicate-entry-folder"
    );
    assert_eq!(names(&o), ["EP01/en.srt", "good.txt"]);
    let o = open(&with_good(
        ZipCraft::new().file("ep01", "file").dir("ep01/"),
    ));
    assert_eq!(rules(&o), [DUPLICATE_ENTRY]);
}

#[test]
fn names_that_are_not_utf8() {
    let o = open(&with_good(ZipCraft::new().file(b"caf\xe9.srt", "x")));
    assert_eq!(
        only(&o, NAME_NOT_UTF8, Some("caf\u{FFFD}.srt")),
        "finding-name-not-utf8"
    );
    good_still_read(&o);
    // Even when flagged as UTF-8.
    let o = open(&with_good(
        ZipCraft::new().file(b"caf\xe9.srt", "x").utf8_flag(true),
    ));
    assert_eq!(rules(&o), [NAME_NOT_UTF8]);
    // Valid UTF-8 bytes without the flag: other tools read them as CP437.
    let o = open(&with_good(
        ZipCraft::new().file("café.srt", "x").utf8_flag(false),
    ));
    assert_eq!(
        only(&o, NAME_NOT_UTF8, Some("café.srt")),
        "finding-name-not-flagged-utf8"
    );
    // Flagged: fine.
    let o = open(&with_good(ZipCraft::new().file("café.srt", "x")));
    assert!(o.findings.is_empty());
    assert_eq!(o.entries[0].name, "café.srt");
}

#[test]
fn control_characters_and_empty_names_are_corrupt() {
    let o = open(&with_good(ZipCraft::new().file("a\nb.srt", "x")));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a\nb.srt")),
        "finding-archive-name-control"
    );
    let o = open(&with_good(ZipCraft::new().file("", "x")));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("")),
        "finding-archive-name-empty"
    );
}

#[test]
fn a_unicode_path_field_must_name_the_same_file() {
    let o = open(&with_good(
        ZipCraft::new()
            .file("a.srt", "x")
            .unicode_path("../../a.srt"),
    ));
    assert_eq!(
        only(&o, PATH_TRAVERSAL, Some("a.srt")),
        "finding-path-traversal"
    );
    let o = open(&with_good(
        ZipCraft::new().file("a.srt", "x").unicode_path("b.srt"),
    ));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
        "finding-archive-names-disagree"
    );
    let o = open(&with_good(
        ZipCraft::new().file("a.srt", "x").unicode_path("a.srt"),
    ));
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
}

#[test]
fn too_many_entries_is_decided_before_reading_any_header() {
    let limits = ArchiveLimits {
        max_entries: 3,
        ..ArchiveLimits::default()
    };
    let o = open_zip(&five_entries(), &limits);
    assert_eq!(only(&o, SIZE_LIMIT_EXCEEDED, None), "finding-size-entries");
    assert!(o.entries.is_empty());
    // A huge claimed count in a tiny file: refused at once, not after 4 billion reads.
    let o = open(
        &ZipCraft::new()
            .file("a", "a")
            .declared_count(u64::MAX)
            .zip64()
            .build(),
    );
    assert_eq!(rules(&o), [SIZE_LIMIT_EXCEEDED]);
}

#[test]
fn an_entry_over_the_size_limit() {
    let limits = ArchiveLimits {
        max_entry_bytes: 100,
        ..ArchiveLimits::default()
    };
    let o = open_zip(
        &with_good(ZipCraft::new().file("big.srt", [b'x'; 101])),
        &limits,
    );
    assert_eq!(
        only(&o, SIZE_LIMIT_EXCEEDED, Some("big.srt")),
        "finding-size-entry"
    );
    good_still_read(&o);
    // A huge declared size (ZIP64) on a tiny entry: refused from the directory alone.
    let o = open(&with_good(
        ZipCraft::new().file("huge.srt", "x").declared_size(5 << 30),
    ));
    assert_eq!(
        only(&o, SIZE_LIMIT_EXCEEDED, Some("huge.srt")),
        "finding-size-entry"
    );
    good_still_read(&o);
}

#[test]
fn files_over_the_total_limit_are_not_read_at_all() {
    let limits = ArchiveLimits {
        max_total_bytes: 150,
        ..ArchiveLimits::default()
    };
    let bytes = ZipCraft::new()
        .file("a", [b'a'; 100])
        .file("b", [b'b'; 100])
        .build();
    let o = open_zip(&bytes, &limits);
    assert_eq!(only(&o, SIZE_LIMIT_EXCEEDED, None), "finding-size-total");
    assert!(o.entries.is_empty());
}

#[test]
fn a_ratio_bomb_is_refused_from_the_directory() {
    let bytes = ZipCraft::new()
        .zero_bomb("bomb.srt", 50 * MIB)
        .file("good.txt", "fine")
        .build();
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let o = open(&bytes);
    assert_eq!(
        only(&o, COMPRESSION_RATIO_TOO_HIGH, Some("bomb.srt")),
        "finding-compression-ratio"
    );
    good_still_read(&o);
    // Small files may compress better than the limit: repeated subtitle text does.
    let o = open(
        &ZipCraft::new()
            .file("a.srt", "la ".repeat(300_000))
            .deflated()
            .build(),
    );
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
}

#[test]
fn a_header_that_understates_the_size_stops_reading_there() {
    for deflate in [false, true] {
        let mut craft = ZipCraft::new().file("liar.srt", [b'x'; 5000]);
        if deflate {
            craft = craft.deflated();
        }
        let o = open(&with_good(craft.declared_size(10)));
        assert_eq!(
            only(&o, SIZE_LIMIT_EXCEEDED, Some("liar.srt")),
            "finding-size-grew"
        );
        good_still_read(&o);
    }
}

#[test]
fn a_header_that_overstates_the_size_is_corrupt() {
    let o = open(&with_good(
        ZipCraft::new()
            .file("a.srt", "short")
            .deflated()
            .declared_size(100),
    ));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
        "finding-archive-short"
    );
    good_still_read(&o);
}

#[test]
fn a_checksum_mismatch_is_corrupt() {
    let o = open(&with_good(
        ZipCraft::new().file("a.srt", "text").crc(0xDEAD_BEEF),
    ));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
        "finding-archive-crc"
    );
    good_still_read(&o);
}

#[test]
fn a_damaged_deflate_stream_is_corrupt() {
    // Block type 3 does not exist.
    let o = open(&with_good(
        ZipCraft::new()
            .file("a.srt", [0xFFu8; 16])
            .method(8)
            .declared_size(16),
    ));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
        "finding-archive-deflate"
    );
    good_still_read(&o);
}

#[test]
fn encrypted_entries_and_other_methods_are_refused() {
    let o = open(&with_good(ZipCraft::new().file("a.srt", "x").encrypted()));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
        "finding-archive-encrypted"
    );
    good_still_read(&o);
    for method in [12, 14, 93, 99, 9] {
        let o = open(&with_good(
            ZipCraft::new().file("a.srt", "x").method(method),
        ));
        assert_eq!(
            only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
            "finding-archive-method"
        );
        good_still_read(&o);
    }
}

#[test]
fn a_local_header_that_disagrees_with_the_directory_is_corrupt() {
    let o = open(&with_good(
        ZipCraft::new().file("a.srt", "x").local_name("../../a.srt"),
    ));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("a.srt")),
        "finding-archive-local-mismatch"
    );
    good_still_read(&o);
    // Two central records for one local header.
    let o = open(&with_good(
        ZipCraft::new()
            .file("a.srt", "x")
            .file("b.srt", "x")
            .share_local_with(0),
    ));
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("b.srt")),
        "finding-archive-local-mismatch"
    );
}

#[test]
fn overlapping_entries_are_corrupt() {
    // `a`'s compressed size covers `b`'s local header.
    let o = open(
        &ZipCraft::new()
            .file("a", "aaaa")
            .compressed_size(20)
            .file("b", "bbbb")
            .file("good.txt", "fine")
            .build(),
    );
    let overlap = o
        .findings
        .iter()
        .find(|(name, _)| name.as_deref() == Some("b"))
        .unwrap();
    assert_eq!(overlap.1.rule, ARCHIVE_CORRUPT);
    assert_eq!(overlap.1.message.id, "finding-archive-overlap");
    assert!(o.entry("b").is_none());
    assert_eq!(o.entry("good.txt").unwrap().data, b"fine");
}

#[test]
fn findings_name_the_entry_and_carry_numbers() {
    let limits = ArchiveLimits {
        max_entry_bytes: 100,
        ..ArchiveLimits::default()
    };
    let o = open_zip(
        &ZipCraft::new().file("big.srt", [b'x'; 101]).build(),
        &limits,
    );
    let f = &o.findings[0].1;
    assert_eq!(
        f.message.args,
        vec![
            ("name", "big.srt".into()),
            ("bytes", 101u64.into()),
            ("limit", 100u64.into())
        ]
    );
}

#[test]
fn every_rule_id_is_listed() {
    assert_eq!(RULES.len(), 11);
    let mut sorted = RULES.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), RULES.len());
}

#[test]
fn an_archive_the_zip_crate_refuses_is_corrupt() {
    // A one-byte Info-ZIP Unicode Comment field: our scanner skips fields it does not use,
    // the `zip` crate parses this one and fails.
    let bytes = with_good(ZipCraft::new().file("a.txt", "x").extra(0x6375, [1]));
    let o = open(&bytes);
    assert_eq!(only(&o, ARCHIVE_CORRUPT, None), "finding-archive-reader");
    assert!(o.entries.is_empty());
    // Fields the crate ignores or reads leniently do not matter.
    let o = open(&with_good(
        ZipCraft::new().file("a.txt", "x").extra(0x5455, [1]),
    ));
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
}

#[test]
fn an_entry_the_zip_crate_sees_differently_is_corrupt() {
    // Both names normalise to `ep01/a.txt`, but the crate files the entry under its Unicode
    // Path name and does not find it under the stored one.
    let bytes = with_good(
        ZipCraft::new()
            .file("ep01\\a.txt", "x")
            .unicode_path("ep01/a.txt"),
    );
    let o = open(&bytes);
    assert_eq!(
        only(&o, ARCHIVE_CORRUPT, Some("ep01\\a.txt")),
        "finding-archive-reader-disagrees"
    );
    good_still_read(&o);
}

// ---------------------------------------------------------------------------------------------
// Videos left on disk

fn video_bytes() -> Vec<u8> {
    (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect()
}

/// `bytes` as a zip file, opened with videos left in it.
fn open_media(bytes: &[u8], media: &MediaLimits) -> (tempfile::TempDir, Opened) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.zip");
    std::fs::write(&path, bytes).unwrap();
    let o = open_with_media(&path, &ArchiveLimits::default(), Some(media)).unwrap();
    (dir, o)
}

fn media_names(o: &Opened) -> Vec<&str> {
    o.media.iter().map(|e| e.name.as_str()).collect()
}

fn streamed(e: &MediaEntry) -> Result<Vec<u8>, Box<Finding>> {
    let mut out = Vec::new();
    match e.copy_to(&mut out) {
        Ok(()) => Ok(out),
        Err(CopyError::Entry(f)) => Err(f),
        Err(CopyError::Sink(e)) => panic!("{e}"),
    }
}

#[test]
fn videos_stay_in_the_zip_and_stream_stored_or_deflated() {
    let video = video_bytes();
    let bytes = ZipCraft::new()
        .file("ep/a.mp4", &video)
        .stored()
        .file("ep/b.MOV", &video)
        .deflated()
        .file("t.srt", "1\n")
        .build();
    let (_dir, o) = open_media(&bytes, &MediaLimits::default());
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(names(&o), ["t.srt"]);
    assert_eq!(media_names(&o), ["ep/a.mp4", "ep/b.MOV"]);
    assert_eq!(o.total_bytes(), 2, "only the text is in memory");
    for e in &o.media {
        assert_eq!(e.size, video.len() as u64);
        assert!(e.file_path().is_none());
        assert_eq!(streamed(e).unwrap(), video, "{}", e.name);
    }
    assert!(o.media_entry("ep/a.mp4").is_some());
    // Without media limits, a video is an entry like any other, read into memory.
    let o = open(&bytes);
    assert_eq!(names(&o), ["ep/a.mp4", "ep/b.MOV", "t.srt"]);
    assert!(o.media.is_empty());
    // The same zip read whole or piece by piece: the same entries.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.zip"), &bytes).unwrap();
    let from_file = super::open(&dir.path().join("b.zip"), &ArchiveLimits::default()).unwrap();
    assert_eq!(from_file, o);
}

#[test]
fn a_damaged_video_is_a_finding_when_streamed() {
    let video = video_bytes();
    let bytes = ZipCraft::new()
        .file("a.mp4", &video)
        .stored()
        .crc(0xDEAD_BEEF)
        .build();
    let (_dir, o) = open_media(&bytes, &MediaLimits::default());
    assert!(o.findings.is_empty(), "judged from the directory alone");
    let f = streamed(&o.media[0]).err().unwrap();
    assert_eq!(
        (f.rule, f.message.id),
        (ARCHIVE_CORRUPT, "finding-archive-crc")
    );
    // Deflated data that is not deflate.
    let bytes = ZipCraft::new().file("a.mp4", &video).method(8).build();
    let (_dir, o) = open_media(&bytes, &MediaLimits::default());
    if let Some(e) = o.media.first() {
        assert_eq!(streamed(e).err().map(|f| f.rule), Some(ARCHIVE_CORRUPT));
    } else {
        assert_eq!(rules(&o), [ARCHIVE_CORRUPT]);
    }
}

#[test]
fn video_limits_hold_for_videos_and_names_collide_across_kinds() {
    let tight = MediaLimits {
        max_file_bytes: 1000,
        max_total_bytes: 1500,
    };
    let (_dir, o) = open_media(
        &with_good(ZipCraft::new().file("big.mp4", [7u8; 1001])),
        &tight,
    );
    assert_eq!(
        only(&o, SIZE_LIMIT_EXCEEDED, Some("big.mp4")),
        "finding-size-entry"
    );
    good_still_read(&o);
    let bytes = ZipCraft::new()
        .file("a.mp4", [1u8; 800])
        .file("b.mp4", [2u8; 800])
        .file("c.srt", "x")
        .build();
    let (_dir, o) = open_media(&bytes, &tight);
    assert_eq!(only(&o, SIZE_LIMIT_EXCEEDED, None), "finding-size-total");
    assert!(o.entries.is_empty() && o.media.is_empty());
    let bytes = ZipCraft::new()
        .file("A.mp4", [1u8; 10])
        .file("a.MP4", [2u8; 10])
        .build();
    let (_dir, o) = open_media(&bytes, &tight);
    assert_eq!(
        only(&o, DUPLICATE_ENTRY, Some("a.MP4")),
        "finding-duplicate-entry"
    );
    assert!(o.media.is_empty());
}

#[test]
fn a_folder_video_is_left_in_place_and_checked_when_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bundle");
    std::fs::create_dir_all(root.join("ep")).unwrap();
    let video = video_bytes();
    std::fs::write(root.join("ep/a.mp4"), &video).unwrap();
    std::fs::write(root.join("t.srt"), "1\n").unwrap();
    let o = open_with_media(
        &root,
        &ArchiveLimits::default(),
        Some(&MediaLimits::default()),
    )
    .unwrap();
    assert_eq!(o.kind, ArchiveKind::Folder);
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(
        (names(&o), media_names(&o)),
        (vec!["t.srt"], vec!["ep/a.mp4"])
    );
    let e = &o.media[0];
    assert_eq!(e.file_path(), Some(root.join("ep/a.mp4").as_path()));
    assert_eq!(streamed(e).unwrap(), video);
    // Grown, shrunk, replaced since the walk.
    let mut longer = video.clone();
    longer.push(0);
    std::fs::write(root.join("ep/a.mp4"), &longer).unwrap();
    assert_eq!(
        streamed(e).err().map(|f| f.message.id),
        Some("finding-size-changed")
    );
    std::fs::write(root.join("ep/a.mp4"), &video[..10]).unwrap();
    assert_eq!(
        streamed(e).err().map(|f| f.message.id),
        Some("finding-size-shrank")
    );
    // Another file (made while the first still exists: another inode) renamed over it.
    std::fs::write(root.join("ep/a.mp4"), &video).unwrap();
    std::fs::write(root.join("other"), &video).unwrap();
    std::fs::rename(root.join("other"), root.join("ep/a.mp4")).unwrap();
    #[cfg(unix)]
    assert_eq!(streamed(e).err().map(|f| f.rule), Some(ENTRY_UNREADABLE));
}
