//! Small series for translation tests: `episodes` × `cues` Chinese lines (all distinct,
//! some with markup), a glossary with one character name, and a `[translate]` table the test
//! writes (base URLs of fake servers).

use std::path::{Path, PathBuf};

/// The text of cue `c` (0-based) of episode `e` (1-based). Every fifth cue names the
/// heroine; every seventh is italic; the first of each episode is a top-placed caption.
pub fn line(e: usize, c: usize) -> String {
    let core = if c % 5 == 4 {
        format!("温以茗第{e}集第{c}句")
    } else {
        format!("第{e}集第{c}句话")
    };
    if c == 0 {
        format!("{{\\an8}}{core}")
    } else if c % 7 == 6 {
        format!("<i>{core}</i>")
    } else {
        core
    }
}

/// Write a series at `dir` and return its root. `translate` is the body of a `[translate]`
/// table (may be empty).
pub fn series(dir: &Path, episodes: usize, cues: usize, translate: &str) -> PathBuf {
    let root = dir.join("series");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("series.toml"),
        format!(
            "id = \"fake\"\ntitle = \"Fake\"\nsource_language = \"zh-Hans\"\nframe_rate = \"30\"\nresolution = \"1080x1920\"\n\n[translate]\n{translate}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("glossary.toml"),
        "[[term]]\nsource = \"温以茗\"\nkind = \"character\"\nen-US = \"Wen Yiming\"\nfr = \"Wen Yiming\"\nes-419 = \"Wen Yiming\"\nja = \"温以茗\"\nzh-Hant-TW = \"溫以茗\"\n",
    )
    .unwrap();
    for e in 1..=episodes {
        let ep = root.join("episodes").join(format!("{e:03}"));
        std::fs::create_dir_all(&ep).unwrap();
        let mut srt = String::new();
        for c in 0..cues {
            let start = c as u64 * 2000 + 500;
            let end = start + 1500;
            srt.push_str(&format!(
                "{}\n{} --> {}\n{}\n\n",
                c + 1,
                ts(start),
                ts(end),
                line(e, c)
            ));
        }
        std::fs::write(ep.join("zh-Hans.srt"), srt).unwrap();
    }
    root
}

fn ts(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// (start, end, text) of every cue of an SRT file.
pub fn srt_cues(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.replace("\r\n", "\n")
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            let mut lines = b.lines();
            lines.next();
            let timing = lines.next().unwrap_or_default().to_owned();
            (timing, lines.collect::<Vec<_>>().join("\n"))
        })
        .collect()
}

/// Every file under `dir` (recursively), for the key-leak test.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
