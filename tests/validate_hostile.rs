//! `dramaloc validate` on hostile and broken bundles: each case gives its own finding and exit
//! code 1, never a panic, and nothing is written outside a temporary folder.
//!
//! Archive-level cases are crafted byte by byte (`support::zipcraft`); manifest- and
//! track-level cases start from a real bundle of the demo series and change one thing,
//! recomputing the checksums where the case is not about them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bundle::{bundle, ready_demo, rezip as zip_of, validate, zip_entries as entries};
use crate::cli::{Sandbox, Test};
use crate::support::zipcraft::{ZipCraft, truncated};

/// Every file below `root` with its bytes, to prove a run wrote nothing.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// A real bundle, taken apart: its entries without the manifest, and the manifest.
struct Parts {
    files: Vec<(String, Vec<u8>)>,
    manifest: Value,
}

impl Parts {
    fn of(zip: &[u8]) -> Parts {
        let mut files = entries(zip);
        let i = files
            .iter()
            .position(|(n, _)| n == "manifest.json")
            .unwrap();
        let manifest = serde_json::from_slice(&files.remove(i).1).unwrap();
        Parts { files, manifest }
    }

    /// The path of the manifest's first track.
    fn first_track(&self) -> String {
        self.manifest["episodes"][0]["files"][0]["path"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn data_mut(&mut self, path: &str) -> &mut Vec<u8> {
        &mut self.files.iter_mut().find(|(n, _)| n == path).unwrap().1
    }

    /// The manifest's sizes and checksums made true again.
    fn reseal(&mut self) {
        let files = self.files.clone();
        let fix = |entry: &mut Value| {
            let path = entry["path"].as_str().unwrap().to_owned();
            if let Some((_, data)) = files.iter().find(|(n, _)| *n == path) {
                entry["bytes"] = data.len().into();
                entry["sha256"] = dramaloc::bundle::manifest::sha256_hex(data).into();
            }
        };
        for e in self.manifest["episodes"].as_array_mut().unwrap() {
            for f in e["files"].as_array_mut().unwrap() {
                fix(f);
            }
        }
        for m in self.manifest["metadata"].as_array_mut().unwrap() {
            fix(m);
        }
    }

    fn zip(&self) -> Vec<u8> {
        self.zip_with_manifest(serde_json::to_vec_pretty(&self.manifest).unwrap())
    }

    fn zip_with_manifest(&self, manifest: Vec<u8>) -> Vec<u8> {
        let mut all = vec![("manifest.json".to_owned(), manifest)];
        all.extend(self.files.iter().cloned());
        zip_of(&all)
    }
}

/// Runs every case in a sandbox of its own and checks the common promises.
struct Cases {
    sb: Sandbox,
    /// A name a zip-slip entry would create if anything extracted it.
    escape: String,
}

impl Cases {
    fn new() -> Cases {
        Cases {
            sb: Sandbox::new(),
            escape: format!("dramaloc-escaped-{}", std::process::id()),
        }
    }

    /// Validate `bytes` as `name`: exit 1, the finding `rule` present, every other finding's
    /// rule in `also`, nothing written anywhere.
    fn expect(&self, name: &str, bytes: &[u8], rule: &str, also: &[&str], extra_args: &[&str]) {
        let dir = self.sb.path().join(name);
        let work = dir.join("work/deep");
        std::fs::create_dir_all(&work).unwrap();
        let path = dir.join("bundle.zip");
        std::fs::write(&path, bytes).unwrap();
        let before = snapshot(self.sb.path());
        let run = Test::new()
            .cwd(&work)
            .args(["--format", "json", "validate"])
            .arg(path.to_str().unwrap())
            .args(extra_args)
            .run();
        assert_eq!(
            run.code, 1,
            "{name}: exit {}\n{}\n{}",
            run.code, run.stdout, run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        let v: Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", run.stdout));
        let rules: BTreeSet<String> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["findings"].as_array().unwrap().clone())
            .filter(|x| x["severity"] == "error")
            .map(|x| x["rule"].as_str().unwrap().to_owned())
            .collect();
        assert!(rules.contains(rule), "{name}: no `{rule}` in {rules:?}");
        let unexpected: Vec<&String> = rules
            .iter()
            .filter(|r| *r != rule && !also.contains(&r.as_str()))
            .collect();
        assert!(unexpected.is_empty(), "{name}: also found {unexpected:?}");
        assert_eq!(
            snapshot(self.sb.path()),
            before,
            "{name}: validate wrote something"
        );
        for d in [
            self.sb.path().parent().unwrap().to_path_buf(),
            std::env::temp_dir(),
            dir.clone(),
            work.clone(),
        ] {
            assert!(
                !d.join(&self.escape).exists(),
                "{name}: escaped into {}",
                d.display()
            );
        }
    }
}

#[test]
fn hostile_archives_each_give_their_own_finding() {
    let c = Cases::new();
    let manifest = br#"{"schema":"dramaloc-bundle/1"}"#.to_vec();
    let ok = |z: ZipCraft| z.file(b"manifest.json", &manifest);
    let esc = c.escape.as_bytes();
    let slip = [b"../../".as_slice(), esc].concat();
    c.expect(
        "zip-slip",
        &ok(ZipCraft::new()).file(&slip, b"x").build(),
        "path-traversal",
        &["manifest-invalid"],
        &[],
    );
    let abs = [b"/tmp/".as_slice(), esc].concat();
    c.expect(
        "absolute",
        &ok(ZipCraft::new()).file(&abs, b"x").build(),
        "absolute-path",
        &["manifest-invalid"],
        &[],
    );
    c.expect(
        "symlink",
        &ok(ZipCraft::new())
            .symlink(b"link.srt", b"/etc/passwd")
            .build(),
        "symlink-entry",
        &["manifest-invalid"],
        &[],
    );
    c.expect(
        "bomb-ratio",
        &ok(ZipCraft::new()).zero_bomb(b"bomb.srt", 50 << 20).build(),
        "compression-ratio-too-high",
        &["manifest-invalid"],
        &[],
    );
    c.expect(
        "bomb-declared",
        &ok(ZipCraft::new())
            .file(b"huge.srt", b"1")
            .declared_size(u64::from(u32::MAX) - 1)
            .build(),
        "size-limit-exceeded",
        &[
            "manifest-invalid",
            "compression-ratio-too-high",
            "archive-corrupt",
        ],
        &[],
    );
    c.expect(
        "duplicate",
        &ok(ZipCraft::new())
            .file(b"a.srt", b"one")
            .file(b"a.srt", b"two")
            .build(),
        "duplicate-entry",
        &["manifest-invalid"],
        &[],
    );
    c.expect(
        "non-utf8-name",
        &ok(ZipCraft::new()).file(b"caf\xe9.srt", b"x").build(),
        "name-not-utf8",
        &["manifest-invalid"],
        &[],
    );
    let good = ok(ZipCraft::new()).file(b"a.srt", b"some text").build();
    c.expect(
        "truncated",
        &truncated(&good, good.len() * 2 / 3),
        "archive-corrupt",
        &["manifest-missing"],
        &[],
    );
    c.expect(
        "not-a-zip",
        b"%PDF-1.7 this is not a zip at all",
        "not-a-zip",
        &["manifest-missing"],
        &[],
    );
}

#[test]
fn broken_manifests_and_tracks_each_give_their_own_finding() {
    let c = Cases::new();
    let demo = ready_demo(&c.sb);
    let br = std::fs::read(bundle(&demo, "br", &[])).unwrap();
    let eu = std::fs::read(bundle(&demo, "eu", &[])).unwrap();
    let id = std::fs::read(bundle(&demo, "id", &[])).unwrap();
    // The unchanged bundles validate.
    for (name, z) in [("br", &br), ("eu", &eu), ("id", &id)] {
        let p = c.sb.path().join(format!("{name}.zip"));
        std::fs::write(&p, z).unwrap();
        assert_eq!(validate(&p, &[]).0, 0, "{name}");
    }

    let p = Parts::of(&br);
    c.expect(
        "manifest-missing",
        &zip_of(&p.files),
        "manifest-missing",
        &[],
        &[],
    );
    c.expect(
        "manifest-json",
        &p.zip_with_manifest(b"{\"schema\": \"dramaloc-bundle/1\",".to_vec()),
        "manifest-invalid-json",
        &[],
        &[],
    );
    let mut m = p.manifest.clone();
    m["schema"] = "dramaloc-bundle/99".into();
    c.expect(
        "schema-unknown",
        &p.zip_with_manifest(serde_json::to_vec(&m).unwrap()),
        "manifest-schema-unknown",
        &[],
        &[],
    );

    let track = p.first_track();
    let mut q = Parts::of(&br);
    let data = q.data_mut(&track);
    let at = data.len() / 2;
    data[at] ^= 0x20;
    c.expect("checksum", &q.zip(), "checksum-mismatch", &[], &[]);

    let mut q = Parts::of(&br);
    let n = q.manifest["episodes"][0]["files"][0]["bytes"]
        .as_u64()
        .unwrap();
    q.manifest["episodes"][0]["files"][0]["bytes"] = (n + 1).into();
    c.expect("size", &q.zip(), "size-mismatch", &[], &[]);

    let mut q = Parts::of(&br);
    q.files.retain(|(n, _)| *n != track);
    q.manifest["episodes"][0]["files"] = Value::Array(Vec::new());
    c.expect("track-missing", &q.zip(), "track-missing", &[], &[]);

    let mut q = Parts::of(&br);
    q.files.retain(|(n, _)| *n != track);
    c.expect("file-missing", &q.zip(), "file-missing", &[], &[]);

    let mut q = Parts::of(&br);
    q.files.push(("notes.txt".into(), b"call me".to_vec()));
    c.expect("extra-file", &q.zip(), "file-unlisted", &[], &[]);

    // Windows-1252 bytes in a file declared UTF-8 (the pt-BR text has accents).
    let mut q = Parts::of(&br);
    let text = String::from_utf8(q.data_mut(&track).clone()).unwrap();
    assert!(!text.is_ascii(), "the pt-BR track has accented letters");
    *q.data_mut(&track) = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    q.reseal();
    c.expect(
        "wrong-encoding",
        &q.zip(),
        "encoding-mismatch",
        &["parse-error"],
        &[],
    );

    let mut q = Parts::of(&br);
    q.data_mut(&track).splice(0..0, [0xEF, 0xBB, 0xBF]);
    q.reseal();
    c.expect("bom", &q.zip(), "bom-present", &[], &[]);

    let mut q = Parts::of(&br);
    q.manifest["episodes"][0]["files"][0]["language"] = "pt_BR".into();
    c.expect(
        "pt_BR",
        &q.zip(),
        "language-tag-invalid",
        &["track-missing"],
        &[],
    );

    let mut q = Parts::of(&id);
    q.manifest["episodes"][0]["files"][0]["language"] = "in".into();
    c.expect("in", &q.zip(), "language-tag-invalid", &[], &[]);

    // A TTML track that is not well-formed XML.
    let mut q = Parts::of(&eu);
    let ttml = q.first_track();
    *q.data_mut(&ttml) = b"<?xml version=\"1.0\"?><tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"1s\"".to_vec();
    q.reseal();
    c.expect("unparseable", &q.zip(), "parse-error", &[], &[]);

    // The second cue starts before the first ends.
    let mut q = Parts::of(&br);
    let text = String::from_utf8(q.data_mut(&track).clone()).unwrap();
    let second = text.split("\r\n\r\n").nth(1).unwrap().to_owned();
    let start = second
        .lines()
        .nth(1)
        .unwrap()
        .split(" --> ")
        .next()
        .unwrap()
        .to_owned();
    let first_start = text
        .lines()
        .nth(1)
        .unwrap()
        .split(" --> ")
        .next()
        .unwrap()
        .to_owned();
    let changed = text.replacen(&format!("{start} -->"), &format!("{first_start} -->"), 1);
    assert_ne!(changed, text);
    *q.data_mut(&track) = changed.into_bytes();
    q.reseal();
    c.expect(
        "timing",
        &q.zip(),
        "cues-overlap",
        &["gap-too-small", "cue-too-long", "reading-speed-too-high"],
        &[],
    );
}

/// Mutated manifests and tracks of a real bundle (checksums resealed, so decoding, parsing
/// and every rule run on the mutated bytes) and mutated zips: validate never panics and
/// always reports something for a change that matters.
#[test]
fn mutated_bundles_never_panic() {
    let sb = Sandbox::new();
    let demo = ready_demo(&sb);
    let zip = std::fs::read(bundle(&demo, "kr", &[])).unwrap();
    let base = Parts::of(&zip);
    let track = base.first_track();
    let manifest = serde_json::to_vec_pretty(&base.manifest).unwrap();
    let options = dramaloc::bundle::validate::Options {
        jobs: 1,
        ..Default::default()
    };
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mutate = |data: &[u8], r: &mut dyn FnMut() -> u64| -> Vec<u8> {
        let mut d = data.to_vec();
        for _ in 0..1 + r() % 4 {
            if d.is_empty() {
                break;
            }
            let i = (r() as usize) % d.len();
            match r() % 4 {
                0 => d[i] ^= 1 << (r() % 8),
                1 => d.truncate(i),
                2 => d.insert(i, b"\0<>{}[]\",:-->\r\n0123456789"[(r() % 25) as usize]),
                _ => {
                    let j = (r() as usize) % d.len();
                    d.swap(i, j);
                }
            }
        }
        d
    };
    let mut reports = 0;
    for round in 0..3000 {
        let bytes = match round % 3 {
            0 => {
                let m = mutate(&manifest, &mut next);
                base.zip_with_manifest(m)
            }
            1 => {
                let mut q = Parts::of(&zip);
                let data = q.data_mut(&track).clone();
                *q.data_mut(&track) = mutate(&data, &mut next);
                q.reseal();
                q.zip()
            }
            _ => mutate(&zip, &mut next),
        };
        let report = dramaloc::bundle::validate::validate_zip_bytes("m.zip", &bytes, &options);
        reports += usize::from(!report.tracks.is_empty());
    }
    assert_eq!(reports, 3000, "every run gives a report");
}
