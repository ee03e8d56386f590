//! Shared helpers for the integration tests: the third-party corpus and temp workspaces.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod chromium;
pub mod fakedeepl;
pub mod fakehttp;
pub mod media;
pub mod schema;
pub mod translate;
pub mod zipcraft;

/// `../shared/corpus/<kind>` beside the checkout. Fails loudly when it is missing: the corpus
/// is never copied into the repository, CI has `../shared` next to the clone.
pub fn corpus_dir(kind: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(kind);
    assert!(
        dir.is_dir(),
        "the test corpus folder {} is missing: these tests read ../shared/corpus beside the checkout",
        dir.display()
    );
    dir
}

/// Every data file of a corpus folder, sorted, without the `expected.tsv` / `expected/` sidecars.
pub fn corpus_files(kind: &str) -> Vec<PathBuf> {
    let dir = corpus_dir(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "expected.tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
}

/// One row of a corpus `expected.tsv`, as a map from column name to value.
#[derive(Debug, Clone)]
pub struct Expected {
    pub file: String,
    pub columns: std::collections::BTreeMap<String, String>,
}

impl Expected {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.columns
            .get(column)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// `parse`, `reject` or `-`.
    pub fn outcome(&self) -> &str {
        self.get("outcome").unwrap_or("-")
    }

    pub fn cues(&self) -> Option<usize> {
        self.get("cues").and_then(|c| c.parse().ok())
    }
}

/// The rows of `<kind>/expected.tsv`.
pub fn expected(kind: &str) -> Vec<Expected> {
    let path = corpus_dir(kind).join("expected.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let columns = header
                .iter()
                .enumerate()
                .map(|(i, h)| (h.to_string(), cells.get(i).unwrap_or(&"").to_string()))
                .collect::<std::collections::BTreeMap<_, _>>();
            Expected {
                file: cells[0].to_string(),
                columns,
            }
        })
        .collect()
}

/// The expectation row for a corpus file.
pub fn expected_for(kind: &str, file: &Path) -> Option<Expected> {
    let name = file.file_name()?.to_str()?;
    expected(kind).into_iter().find(|e| e.file == name)
}
