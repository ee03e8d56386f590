//! The bundle archive reader from the outside: 20,000 mutated zips never panic and never hand
//! back more than the limits allow; folder bundles (links, nesting, sizes, odd names); `open`
//! choosing between the two.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use dramaloc::bundle::archive::{self, ArchiveKind, ArchiveLimits, Opened, open, open_folder};

use crate::mutation::{Rng, guarded};
use crate::support::zipcraft::{ZipCraft, five_entries};

/// Mutated zips per run (`DRAMALOC_ARCHIVE_MUTATIONS` for a longer local run).
const MUTATIONS: usize = 20_000;
const SEED: u64 = 0x7a69_7062_6f6d_6221; // "zipbomb!"

/// Tight limits, so that a mutation that inflates a size meets them.
const TIGHT: ArchiveLimits = ArchiveLimits {
    max_entries: 8,
    max_entry_bytes: 1200,
    max_total_bytes: 3000,
    max_ratio: 100,
};

fn rules(o: &Opened) -> Vec<&'static str> {
    o.findings.iter().map(|(_, f)| f.rule).collect()
}

fn names(o: &Opened) -> Vec<&str> {
    o.entries.iter().map(|e| e.name.as_str()).collect()
}

/// (entry, rule) of every finding, sorted.
fn found(o: &Opened) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = o
        .findings
        .iter()
        .map(|(n, f)| (n.as_deref().unwrap(), f.rule))
        .collect();
    out.sort();
    out
}

/// The limits hold for what came back.
fn within(o: &Opened, limits: &ArchiveLimits) -> Result<(), String> {
    if o.entries.len() > limits.max_entries {
        return Err(format!("{} entries", o.entries.len()));
    }
    if let Some(e) = o
        .entries
        .iter()
        .find(|e| e.data.len() as u64 > limits.max_entry_bytes)
    {
        return Err(format!("`{}` has {} bytes", e.name, e.data.len()));
    }
    if o.total_bytes() > limits.max_total_bytes {
        return Err(format!("{} bytes in all", o.total_bytes()));
    }
    if !o.entries.windows(2).all(|w| w[0].name < w[1].name) {
        return Err("entries not sorted or not unique".into());
    }
    Ok(())
}

/// One to three stacked mutations: bit flips, interesting values in header fields,
/// truncation, and splices of a chunk of the zip (or of a ZIP64 zip) into itself.
fn mutate(rng: &mut Rng, base: &[u8], donor: &[u8]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for _ in 0..1 + rng.below(3) {
        if bytes.is_empty() {
            break;
        }
        match rng.below(6) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            1 => {
                // A 16- or 32-bit field set to a boundary value.
                let width = if rng.chance(1, 2) { 2 } else { 4 };
                let at = rng.below(bytes.len());
                let value: u32 = *rng.pick(&[0, 1, 0x7F, 0x80, 0xFFFF, 0xFFFF_FFFF, 0x8000_0000]);
                for (k, b) in value.to_le_bytes().iter().take(width).enumerate() {
                    if let Some(slot) = bytes.get_mut(at + k) {
                        *slot = *b;
                    }
                }
            }
            2 => {
                let n = rng.below(bytes.len());
                bytes.truncate(n);
            }
            3 => {
                // Overwrite with a chunk from elsewhere (a header copied over another).
                let from = rng.below(bytes.len());
                let len = 1 + rng.below(64.min(bytes.len() - from));
                let chunk = bytes[from..from + len].to_vec();
                let to = rng.below(bytes.len());
                for (k, b) in chunk.into_iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(to + k) {
                        *slot = b;
                    }
                }
            }
            4 => {
                // Insert a chunk of the donor (shifts every later offset).
                let from = rng.below(donor.len());
                let len = 1 + rng.below(80.min(donor.len() - from));
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, donor[from..from + len].iter().copied());
            }
            _ => {
                // Remove a range.
                let from = rng.below(bytes.len());
                let len = 1 + rng.below(32.min(bytes.len() - from));
                bytes.drain(from..from + len);
            }
        }
    }
    bytes
}

#[test]
fn mutated_zips_never_panic_and_never_exceed_the_limits() {
    let runs = std::env::var("DRAMALOC_ARCHIVE_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MUTATIONS);
    let base = five_entries();
    let donor = ZipCraft::new()
        .file("a.srt", "x".repeat(300))
        .deflated()
        .file("b/c.vtt", "WEBVTT\n")
        .zip64()
        .build();
    assert!(open_zip_ok(&base), "the base zip must read cleanly");

    let started = Instant::now();
    let mut failures = Vec::new();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut with_entries = 0usize;
    for index in 0..runs {
        let mut rng = Rng::for_index(SEED, index);
        let input = mutate(&mut rng, &base, &donor);
        for (label, limits) in [("tight", TIGHT), ("default", ArchiveLimits::default())] {
            match guarded(|| archive::open_zip(&input, &limits)) {
                Err(panic) => failures.push(format!("#{index} {label}: panic: {panic}")),
                Ok(o) => {
                    if let Err(e) = within(&o, &limits) {
                        failures.push(format!("#{index} {label}: {e}"));
                    }
                    if label == "tight" {
                        with_entries += usize::from(!o.entries.is_empty());
                        for (_, f) in &o.findings {
                            *outcomes.entry(f.message.id.to_owned()).or_default() += 1;
                        }
                        if o.findings.is_empty() {
                            *outcomes.entry("(clean)".to_owned()).or_default() += 1;
                        }
                    }
                }
            }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "{runs} mutated zips in {elapsed:.2?}; {with_entries} still gave entries; message ids: {outcomes:#?}"
    );
    assert!(
        failures.is_empty(),
        "{} failures (reproduce with Rng::for_index({SEED:#x}, index)):\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The mutations reach past the end record: most inputs stay readable in part.
    assert!(with_entries > runs / 20, "{with_entries} of {runs}");
    assert!(
        outcomes.len() > 10,
        "too few kinds of outcome: {outcomes:?}"
    );
}

fn open_zip_ok(bytes: &[u8]) -> bool {
    let o = archive::open_zip(bytes, &TIGHT);
    o.findings.is_empty() && o.entries.len() == 4
}

// ---------------------------------------------------------------------------------------------
// Folder bundles

fn write(root: &Path, name: &str, data: &[u8]) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

#[test]
fn a_folder_gives_its_regular_files_with_nested_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manifest.json", b"{}");
    write(root, "ep01/en.srt", b"1\n");
    write(root, "ep01/extra/deep/notes.txt", b"n");
    std::fs::create_dir_all(root.join("empty/folder")).unwrap();
    let o = open_folder(root, &ArchiveLimits::default()).unwrap();
    assert_eq!(o.kind, ArchiveKind::Folder);
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(
        names(&o),
        ["ep01/en.srt", "ep01/extra/deep/notes.txt", "manifest.json"]
    );
    assert_eq!(o.entry("ep01/en.srt").unwrap().data, b"1\n");
}

#[cfg(unix)]
#[test]
fn links_in_a_folder_are_findings_and_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", b"secret");
    write(outside.path(), "dir/secret2.txt", b"secret2");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ep01/en.srt", b"ok");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("ep01/zh.srt"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path().join("dir"), root.join("linked")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/dangling", root.join("dangling")).unwrap();
    let o = open_folder(root, &ArchiveLimits::default()).unwrap();
    assert_eq!(names(&o), ["ep01/en.srt"]);
    let found = found(&o);
    assert_eq!(
        found,
        [
            ("dangling", archive::SYMLINK_ENTRY),
            ("ep01/zh.srt", archive::SYMLINK_ENTRY),
            ("linked", archive::SYMLINK_ENTRY),
        ]
    );
    assert!(
        o.entries.iter().all(|e| !e.data.starts_with(b"secret")),
        "a link was followed"
    );
}

#[test]
fn a_folder_file_over_the_entry_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "big.srt", &[b'x'; 2000]);
    write(root, "small.srt", b"ok");
    let o = open_folder(root, &TIGHT).unwrap();
    assert_eq!(names(&o), ["small.srt"]);
    assert_eq!(rules(&o), [archive::SIZE_LIMIT_EXCEEDED]);
    assert_eq!(o.findings[0].0.as_deref(), Some("big.srt"));
    assert_eq!(o.findings[0].1.message.id, "finding-size-entry");
}

#[test]
fn a_folder_over_the_total_or_count_limit_gives_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..3 {
        write(root, &format!("f{i}.srt"), &[b'x'; 1100]);
    }
    let o = open_folder(root, &TIGHT).unwrap();
    assert!(o.entries.is_empty());
    assert_eq!(rules(&o), [archive::SIZE_LIMIT_EXCEEDED]);
    assert_eq!(o.findings[0].1.message.id, "finding-size-total");

    for i in 0..10 {
        write(root, &format!("many/{i}.txt"), b"x");
    }
    let o = open_folder(root, &TIGHT).unwrap();
    assert!(o.entries.is_empty());
    assert_eq!(rules(&o), [archive::SIZE_LIMIT_EXCEEDED]);
    assert_eq!(o.findings[0].0, None);
    assert_eq!(o.findings[0].1.message.id, "finding-size-entries-folder");
}

#[cfg(unix)]
#[test]
fn odd_names_and_special_files_in_a_folder() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ep01/en.srt", b"a");
    write(root, "ep01/EN.srt", b"b");
    write(root, "a\\..\\..\\b.srt", b"c");
    std::fs::write(root.join(OsStr::from_bytes(b"caf\xe9.srt")), b"d").unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(root.join("sock")).unwrap();
    write(root, "good.txt", b"fine");
    let o = open_folder(root, &ArchiveLimits::default()).unwrap();
    assert_eq!(names(&o), ["good.txt"]);
    let found = found(&o);
    assert_eq!(
        found,
        [
            ("a\\..\\..\\b.srt", archive::PATH_TRAVERSAL),
            ("caf\u{FFFD}.srt", archive::NAME_NOT_UTF8),
            ("ep01/en.srt", archive::DUPLICATE_ENTRY),
            ("sock", archive::SPECIAL_ENTRY),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// `open`

#[test]
fn open_reads_a_zip_file_or_a_folder_and_fails_only_on_the_path_itself() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("bundle.zip");
    std::fs::write(&zip, five_entries()).unwrap();
    let o = open(&zip, &ArchiveLimits::default()).unwrap();
    assert_eq!(o.kind, ArchiveKind::Zip);
    assert_eq!(o.entries.len(), 4);

    let folder = dir.path().join("folder");
    write(&folder, "manifest.json", b"{}");
    let o = open(&folder, &ArchiveLimits::default()).unwrap();
    assert_eq!(o.kind, ArchiveKind::Folder);
    assert_eq!(names(&o), ["manifest.json"]);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a zip").unwrap();
    let o = open(&text, &ArchiveLimits::default()).unwrap();
    assert_eq!(rules(&o), [archive::NOT_A_ZIP]);

    let missing = dir.path().join("missing.zip");
    let err = open(&missing, &ArchiveLimits::default()).unwrap_err();
    assert!(matches!(err, dramaloc::error::Error::Io { .. }), "{err:?}");
    assert!(open_folder(&missing, &ArchiveLimits::default()).is_err());
}

#[test]
fn open_refuses_a_file_too_large_for_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.zip");
    let limits = ArchiveLimits {
        max_total_bytes: 0,
        ..ArchiveLimits::default()
    };
    // Sparse: nothing is written to disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(archive::ZIP_OVERHEAD_BYTES + 1).unwrap();
    let o = open(&path, &limits).unwrap();
    assert_eq!(rules(&o), [archive::SIZE_LIMIT_EXCEEDED]);
    assert_eq!(o.findings[0].1.message.id, "finding-size-file");
    assert!(o.entries.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Zips written by another tool

/// The fuzz seeds were written by Python's `zipfile` (ZIP64 local headers, data descriptors,
/// comments): they must read as any unzip tool reads them.
#[test]
fn zips_written_by_python_read_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/archive");
    let read = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        archive::open_zip(&bytes, &ArchiveLimits::default())
    };
    for (name, expected) in [
        (
            "normal.zip",
            &["ep01/en.srt", "ep01/zh.srt", "manifest.json"][..],
        ),
        ("comment.zip", &["a.txt"]),
        ("zip64.zip", &["a.srt", "b.txt"]),
        ("descriptor.zip", &["streamed.vtt"]),
        ("empty.zip", &[]),
    ] {
        let o = read(name);
        assert!(o.findings.is_empty(), "{name}: {:#?}", o.findings);
        assert_eq!(names(&o), expected, "{name}");
    }
    assert_eq!(
        read("zip64.zip").entry("a.srt").unwrap().data,
        "1\n00:00:01,000 --> 00:00:02,000\nHello there\n\n"
            .repeat(10)
            .as_bytes()
    );
    let o = read("hostile.zip");
    let found = found(&o);
    assert_eq!(
        found,
        [
            ("../evil.srt", archive::PATH_TRAVERSAL),
            ("a.srt", archive::DUPLICATE_ENTRY),
            ("link.srt", archive::SYMLINK_ENTRY),
        ]
    );
    assert!(o.entries.is_empty());
}
