//! Translation memory lookups at the size of a catalogue: 4,000 source lines (one language
//! of a 100-episode series) looked up in a 100,000-entry memory, in one batch.
//!
//! Run with `cargo bench --bench memory`. Builds the memory through the public API (10
//! transactions of 10,000 entries, timed as well), then times `Memory::lookup` of 4,000 texts
//! (3,000 present, 1,000 absent, written with the stray white space real cues have so that
//! normalization runs on every one) — median of 7 runs, with a check that every hit and miss
//! is right. Also times a TMX export and parse of the whole memory.

use std::time::Instant;

use dramaloc::memory::{Billed, Memory, NewEntry, Origin, Overwrite, Timestamp, normalize, tmx};
use dramaloc::model::Language;

const ENTRIES: usize = 100_000;
const BATCH: usize = 10_000;
const LOOKUPS: usize = 4_000;
const HITS: usize = 3_000;
const RUNS: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A Chinese-looking source line, distinct for each `i`.
fn source(i: usize) -> String {
    const WORDS: [&str; 8] = ["你", "我", "茶", "山", "雾", "今天", "回家", "小姐"];
    let mut s = String::new();
    let mut n = i;
    loop {
        s.push_str(WORDS[n % 8]);
        n /= 8;
        if n == 0 {
            break;
        }
    }
    format!("{s}，第{i}句。")
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zh = Language::parse("zh-Hans").unwrap();
    let en = Language::parse("en-US").unwrap();
    let memory = Memory::open(dir.path()).expect("open memory");

    let t = Instant::now();
    for start in (0..ENTRIES).step_by(BATCH) {
        let batch: Vec<NewEntry> = (start..start + BATCH)
            .map(|i| NewEntry {
                source: zh.clone(),
                target: en.clone(),
                source_text: source(i),
                target_text: format!("Line number {i}, in English."),
                backend: "deepl".to_owned(),
                model: String::new(),
                billed: Billed::characters(12),
                origin: Origin::Backend,
                created: Some(Timestamp::from_unix(1_795_397_748)),
            })
            .collect();
        let r = memory.insert(&batch, Overwrite::No).expect("insert");
        assert_eq!(r.added, BATCH);
    }
    let insert_s = t.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(memory.path()).map_or(0, |m| m.len());

    // 3,000 hits spread over the memory, then 1,000 misses; stray spaces as in real cues.
    let texts: Vec<String> = (0..LOOKUPS)
        .map(|k| {
            if k < HITS {
                format!("  {} ", source(k * (ENTRIES / HITS)))
            } else {
                format!("{}\t", source(ENTRIES + k))
            }
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let found = memory.lookup(&zh, &en, &refs).expect("lookup");
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(found.len(), LOOKUPS);
        assert_eq!(found.iter().filter(|f| f.is_some()).count(), HITS);
        assert_eq!(
            found[1].as_ref().map(|e| e.target_text.as_str()),
            Some(format!("Line number {}, in English.", ENTRIES / HITS).as_str())
        );
    }
    let lookup_ms = median(times.clone()) * 1e3;
    // The share of the key function alone, for the same texts.
    let mut norm = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let keys: Vec<String> = refs.iter().map(|t| normalize(t)).collect();
        norm.push(t.elapsed().as_secs_f64());
        assert_eq!(keys.len(), LOOKUPS);
    }
    let normalize_ms = median(norm) * 1e3;

    let t = Instant::now();
    let entries = memory.entries(None, None).expect("entries");
    let xml = tmx::export(&entries);
    let export_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let parsed = tmx::parse(xml.as_bytes()).expect("parse");
    let parse_s = t.elapsed().as_secs_f64();
    assert_eq!(parsed.entries.len(), ENTRIES);

    println!("translation memory: {ENTRIES} entries, {bytes} bytes on disk");
    println!(
        "insert: {ENTRIES} entries in {} transactions: {insert_s:.2} s ({:.0} entries/s)",
        ENTRIES / BATCH,
        ENTRIES as f64 / insert_s
    );
    println!(
        "lookup: {LOOKUPS} texts ({HITS} hits) in one batch: median {lookup_ms:.1} ms of {RUNS} \
         (min {:.1}, max {:.1}); {:.1} µs per text",
        times.iter().copied().fold(f64::INFINITY, f64::min) * 1e3,
        times.iter().copied().fold(0.0, f64::max) * 1e3,
        lookup_ms * 1e3 / LOOKUPS as f64
    );
    println!("  of which normalizing the {LOOKUPS} texts: median {normalize_ms:.2} ms");
    println!(
        "tmx: export {ENTRIES} entries ({} bytes) {export_s:.2} s, parse {parse_s:.2} s",
        xml.len()
    );
}
