//! `dramaloc markets`, `bundle` and `validate` on the demo series, as a user and a
//! distributor run them.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{Sandbox, Test};
use crate::support::schema::SchemaWalk;

/// Every built-in market id.
fn builtin_ids() -> Vec<&'static str> {
    dramaloc::markets::BUILTIN
        .iter()
        .map(|(id, _)| *id)
        .collect()
}

/// A copy of the demo with its planted timing flaws fixed (`check --fix`), ready to bundle.
pub fn ready_demo(sb: &Sandbox) -> PathBuf {
    let demo = sb.sample("demo");
    Test::new().cwd(&demo).args(["check", "--fix", "-q"]).run();
    let again = Test::new().cwd(&demo).args(["check", "-q"]).run();
    assert_eq!(
        again.code, 0,
        "the demo still has errors after --fix:\n{}",
        again.stdout
    );
    demo
}

/// `bundle --market ID` with JSON output; the bundle's path.
pub fn bundle(series: &Path, market: &str, extra: &[&str]) -> PathBuf {
    let run = Test::new()
        .cwd(series)
        .args(["--format", "json", "bundle", "--market", market])
        .args(extra)
        .code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    series.join(v["path"].as_str().unwrap())
}

/// `validate` with JSON output: exit code and (path, rule) of every warning or error.
pub fn validate(bundle: &Path, extra: &[&str]) -> (i32, BTreeSet<(String, String)>) {
    let run = Test::new()
        .cwd(bundle.parent().unwrap())
        .args(["--format", "json", "validate"])
        .arg(bundle.to_str().unwrap())
        .args(extra)
        .run();
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr));
    let found = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_owned();
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["severity"] != "info")
                .map(move |x| (path.clone(), x["rule"].as_str().unwrap().to_owned()))
        })
        .collect();
    (run.code, found)
}

pub fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

pub fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn manifest_of(bundle: &Path) -> Value {
    let bytes = if bundle.is_dir() {
        std::fs::read(bundle.join("manifest.json")).unwrap()
    } else {
        let entries = zip_entries(&std::fs::read(bundle).unwrap());
        entries
            .into_iter()
            .find(|(n, _)| n == "manifest.json")
            .unwrap()
            .1
    };
    serde_json::from_slice(&bytes).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    dramaloc::bundle::manifest::sha256_hex(bytes)
}

#[test]
fn markets_lists_builtins_and_user_specs_and_shows_one_resolved() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    std::fs::create_dir_all(demo.join("markets")).unwrap();
    std::fs::write(
        demo.join("markets/fb.toml"),
        "extends = \"us\"\nid = \"fb\"\nname = \"Facebook\"\nnaming = \"{series}.{episode}.{lang_}.{ext}\"\n",
    )
    .unwrap();
    let run = Test::new().cwd(&demo).args(["markets"]).code(0);
    for id in builtin_ids().into_iter().chain(["fb"]) {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&format!("{id} "))),
            "no row for {id}:\n{}",
            run.stdout
        );
    }
    let json = Test::new()
        .cwd(&demo)
        .args(["--format", "json", "markets", "show", "fb"])
        .code(0);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["spec"]["naming"], "{series}.{episode}.{lang_}.{ext}");
    assert_eq!(
        v["spec"]["languages"][0], "en-US",
        "from the spec it extends"
    );
    // The demo's own [timing] (netflix preset) applies on top of the market's.
    assert_eq!(v["preset"], "netflix");
    assert_eq!(v["limits"]["en-US"]["max_lines"], 2);
    let shown = Test::new().args(["markets", "show", "eu"]).code(0);
    assert!(shown.stdout.contains("format = \"ttml\""));
    assert!(shown.stdout.contains("[safe_area]"));
    // Unknown ids and broken specs: exit 2 with the file and key.
    let bad = Test::new()
        .cwd(&demo)
        .args(["markets", "show", "mars"])
        .code(2);
    assert!(bad.stderr.contains("mars") && bad.stderr.contains("hint:"));
    std::fs::write(
        demo.join("markets/fb.toml"),
        "extends = \"us\"\nid = \"fb\"\nname = \"F\"\nlanguages = [\"pt_BR\"]\n",
    )
    .unwrap();
    let bad = Test::new()
        .cwd(&demo)
        .args(["markets", "show", "fb"])
        .code(2);
    assert!(bad.stderr.contains("fb.toml") && bad.stderr.contains("`languages`"));
}

#[test]
fn bundle_refuses_while_errors_remain_and_records_them_when_allowed() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .cwd(&demo)
        .args(["bundle", "--market", "us"])
        .code(1);
    assert!(
        run.stderr.contains("refusing to bundle for us"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("cue-starts-near-shot-change"));
    assert!(!demo.join("dist").exists(), "nothing written when refused");
    let path = bundle(&demo, "us", &["--allow-findings"]);
    let m = manifest_of(&path);
    let allowed: BTreeSet<(u64, String, u64)> = m["qc"]["allowed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["episode"].as_u64().unwrap(),
                a["rule"].as_str().unwrap().to_owned(),
                a["cue"].as_u64().unwrap(),
            )
        })
        .collect();
    let planted: BTreeSet<(u64, String, u64)> = [
        (2, "cue-starts-near-shot-change", 11),
        (3, "cue-ends-near-shot-change", 8),
        (5, "cue-starts-near-shot-change", 13),
        (6, "cue-ends-near-shot-change", 17),
    ]
    .into_iter()
    .map(|(e, r, c)| (e, r.to_owned(), c))
    .collect();
    assert_eq!(allowed, planted);
    assert_eq!(m["qc"]["errors"], 4);
    // The waived findings are described by the schema too.
    let schema = crate::support::schema::load("bundle-manifest.schema.json");
    let mut walk = SchemaWalk {
        root: &schema,
        seen: BTreeSet::new(),
    };
    walk.check(&schema, "root", &m, "allowed").unwrap();
    for field in [
        "allowed.episode",
        "allowed.language",
        "allowed.rule",
        "allowed.cue",
    ] {
        assert!(walk.seen.contains(field), "{field}");
    }
}

#[test]
fn every_builtin_market_bundles_the_demo_and_validate_passes_until_a_byte_changes() {
    let sb = Sandbox::new();
    let demo = ready_demo(&sb);
    let schema = crate::support::schema::load("bundle-manifest.schema.json");
    let mut walk = SchemaWalk {
        root: &schema,
        seen: BTreeSet::new(),
    };
    for (n, id) in builtin_ids().into_iter().enumerate() {
        let spec = dramaloc::markets::find(Path::new("/nonexistent"), id).unwrap();
        if spec.spec.burn_in.is_some() {
            // The demo has no videos: a market that takes the subtitles burned in has nothing
            // to deliver (tests/bundle_renders.rs bundles renders).
            let run = Test::new()
                .cwd(&demo)
                .args(["--format", "json", "bundle", "--market", id])
                .code(1);
            assert!(
                run.stdout.contains("\"video-missing\""),
                "{id}: {}",
                run.stdout
            );
            let name = format!("wuling-tea-heiress_{id}");
            for written in [name.clone(), format!("{name}.zip")] {
                assert!(!demo.join("dist").join(written).exists(), "{id}");
            }
            continue;
        }
        let path = bundle(&demo, id, &[]);
        let (code, found) = validate(&path, &[]);
        assert_eq!((code, &found), (0, &BTreeSet::new()), "{id}");
        let m = manifest_of(&path);
        walk.check(&schema, "root", &m, id)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(m["market"]["id"], id);
        // Every episode × required language is there.
        let required = m["market"]["required_languages"]
            .as_array()
            .unwrap()
            .clone();
        for e in m["episodes"].as_array().unwrap() {
            for lang in &required {
                assert!(
                    e["files"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| &f["language"] == lang),
                    "{id}: episode {} lacks {lang}",
                    e["number"]
                );
            }
        }
        // Change one byte of one track (a different one per market).
        let tracks: Vec<String> = m["episodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["files"].as_array().unwrap().clone())
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect();
        let victim = &tracks[n % tracks.len()];
        let tampered = sb.path().join(format!("tampered-{id}"));
        if path.is_dir() {
            crate::cli::copy_dir(&path, &tampered);
            let file = tampered.join(victim);
            let mut bytes = std::fs::read(&file).unwrap();
            let i = bytes.len() / 2;
            bytes[i] ^= 0x01;
            std::fs::write(&file, bytes).unwrap();
        } else {
            let mut entries = zip_entries(&std::fs::read(&path).unwrap());
            let e = entries.iter_mut().find(|(name, _)| name == victim).unwrap();
            let i = e.1.len() / 2;
            e.1[i] ^= 0x01;
            std::fs::write(&tampered, rezip(&entries)).unwrap();
        }
        let (code, found) = validate(&tampered, &["--market", id]);
        assert_eq!(code, 1, "{id}");
        assert!(
            found.contains(&(victim.clone(), "checksum-mismatch".to_owned())),
            "{id}: {found:?}"
        );
        assert!(
            found.iter().all(|(p, _)| p == victim),
            "{id}: only the tampered file is reported: {found:?}"
        );
    }
    // A user market that sets every timing field, so that its manifest has them all.
    std::fs::create_dir_all(demo.join("markets")).unwrap();
    let limits = "cpl = 43.0\nmax_lines = 2\ncps = 21.0\nmin_duration_ms = 800\n\
                  max_duration_ms = 7000\nmin_gap_frames = 2\nchain_frames = 12\n\
                  shot_window_frames = 15\nin_red_frames = 8\ncounting = \"graphemes\"\n\
                  count_mode = \"all\"\nsync_tolerance_frames = 3\n";
    std::fs::write(
        demo.join("markets/full.toml"),
        format!(
            "extends = \"us\"\nid = \"full\"\nname = \"Full\"\n[timing]\npreset = \"netflix\"\n\
             [timing.all]\n{limits}[timing.languages.en-US]\n{limits}"
        ),
    )
    .unwrap();
    let path = bundle(&demo, "full", &[]);
    assert_eq!(
        validate(&path, &[]).0,
        0,
        "a user market validates by its manifest"
    );
    walk.check(&schema, "root", &manifest_of(&path), "full")
        .unwrap_or_else(|e| panic!("full: {e}"));
    // Every field the schema describes occurs in some real manifest (qc.allowed and cue
    // aside: the demo is clean; the --allow-findings test covers them; renders are covered by
    // tests/bundle_renders.rs).
    let missing: Vec<String> = walk
        .described()
        .difference(&walk.seen)
        .filter(|d| {
            !d.starts_with("allowed.") && !d.starts_with("video.") && *d != "episode.videos"
        })
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "described but never written: {missing:?}"
    );
}

#[test]
fn every_track_of_a_bundle_tampered_in_turn_is_named() {
    let sb = Sandbox::new();
    let demo = ready_demo(&sb);
    let path = bundle(&demo, "latam", &[]);
    let bytes = std::fs::read(&path).unwrap();
    let entries = zip_entries(&bytes);
    let options = dramaloc::bundle::validate::Options::default();
    let clean = dramaloc::bundle::validate::validate_zip_bytes("b.zip", &bytes, &options);
    assert!(
        !clean.has_errors(),
        "{:?}",
        clean
            .tracks
            .iter()
            .flat_map(|t| t.findings.iter().map(move |f| (&t.path, f.rule)))
            .collect::<Vec<_>>()
    );
    let mut tried = 0;
    for (i, (name, data)) in entries.iter().enumerate() {
        if name == "manifest.json" || data.is_empty() {
            continue;
        }
        for at in [0, data.len() / 2, data.len() - 1] {
            let mut copy = entries.clone();
            copy[i].1[at] = copy[i].1[at].wrapping_add(1);
            let report =
                dramaloc::bundle::validate::validate_zip_bytes("b.zip", &rezip(&copy), &options);
            let named: BTreeSet<(&str, &str)> = report
                .tracks
                .iter()
                .flat_map(|t| t.findings.iter().map(move |f| (t.path.as_str(), f.rule)))
                .collect();
            assert!(
                named.contains(&(name.as_str(), "checksum-mismatch")),
                "{name} byte {at}: {named:?}"
            );
            assert!(report.has_errors());
            tried += 1;
        }
    }
    // 6 tracks and 1 metadata file, 3 positions each.
    assert_eq!(tried, 3 * (entries.len() - 1));
    assert_eq!(entries.len(), 8);
}

#[test]
fn two_bundle_runs_at_different_times_in_different_folders_give_the_same_bytes() {
    let (a, b) = (Sandbox::new(), Sandbox::new());
    let (da, db) = (ready_demo(&a), ready_demo(&b));
    let za = bundle(&da, "br", &[]);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let out = b.path().join("elsewhere/delivery.zip");
    let zb = bundle(&db, "br", &["-o", out.to_str().unwrap()]);
    assert_eq!(zb, out);
    let (ba, bb) = (std::fs::read(&za).unwrap(), std::fs::read(&zb).unwrap());
    assert_eq!(sha256(&ba), sha256(&bb));
    // A folder bundle is the same tree with the same bytes.
    let fa = bundle(&da, "generic", &[]);
    let fb = bundle(&db, "generic", &[]);
    let tree = |root: &Path| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(root).unwrap().display().to_string();
                    out.push((rel, sha256(&std::fs::read(&p).unwrap())));
                }
            }
        }
        out.sort();
        out
    };
    assert_eq!(tree(&fa), tree(&fb));
    assert!(!tree(&fa).is_empty());
}

#[test]
fn validate_reports_in_every_format_and_in_chinese() {
    let sb = Sandbox::new();
    let demo = ready_demo(&sb);
    let path = bundle(&demo, "us", &[]);
    let mut entries = zip_entries(&std::fs::read(&path).unwrap());
    let victim = entries[1].0.clone();
    entries[1].1[10] ^= 0x01;
    let tampered = sb.path().join("tampered.zip");
    std::fs::write(&tampered, rezip(&entries)).unwrap();
    let run = |args: &[&str]| {
        Test::new()
            .cwd(sb.path())
            .args(args)
            .args(["validate", "tampered.zip"])
            .code(1)
    };
    let human = run(&[]);
    assert!(human.stdout.contains(&format!("{victim}\n")));
    assert!(
        human.stdout.contains("error[checksum-mismatch]"),
        "{}",
        human.stdout
    );
    let junit = run(&["--format", "junit"]);
    assert!(junit.stdout.starts_with("<?xml") && junit.stdout.contains("checksum-mismatch"));
    let html = run(&["--format", "html"]);
    assert!(html.stdout.contains("data-rule=\"checksum-mismatch\""));
    let zh = run(&["--lang", "zh-CN"]);
    assert!(
        zh.stdout.contains("与清单中的 SHA-256 不符"),
        "{}",
        zh.stdout
    );
    // A bundle that does not exist: could not run.
    let missing = Test::new()
        .cwd(sb.path())
        .args(["validate", "nowhere.zip"])
        .code(2);
    assert!(missing.stderr.contains("nowhere.zip"));
    // An unknown --market: could not run.
    Test::new()
        .cwd(sb.path())
        .args(["validate", "tampered.zip", "--market", "mars"])
        .code(2);
}
