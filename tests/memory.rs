//! `dramaloc tm stats`, `tm export` and `tm import` on a copy of the demo series, as a
//! translator exchanging memories with a CAT tool would run them.

use std::path::Path;

use serde_json::Value;

use crate::cli::{Sandbox, Test};

/// A CAT-tool TMX: header srclang `zh-CN` (keyed as `zh-Hans`), two targets in one unit,
/// inline tags, a note, and one unit without a target.
const CAT_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="9" segtype="sentence" o-tmf="memoQTM"
          adminlang="en-US" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu creationdate="20250301T120000Z">
      <note>reviewed</note>
      <tuv xml:lang="zh-CN"><seg>沈小姐，<ph x="1"/>请喝茶。</seg></tuv>
      <tuv xml:lang="en-US"><seg>Miss Shen, <ph x="1"/>have some tea.</seg></tuv>
      <tuv xml:lang="es-419"><seg>Señorita Shen, tome té.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-CN"><seg>雾岭
茶园</seg></tuv>
      <tuv xml:lang="en-US"><seg>Wuling
tea garden</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-CN"><seg>没有译文</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

fn demo() -> (Sandbox, String) {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let d = demo.to_str().unwrap().to_owned();
    (sb, d)
}

fn stats_json(dir: &str) -> Value {
    let run = Test::new()
        .args(["-C", dir, "tm", "stats", "--format", "json"])
        .code(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn import_stats_export_and_round_trip() {
    let (_sb, dir) = demo();
    let root = Path::new(&dir);
    // A new series: the memory is created on first use, and empty.
    let run = Test::new().args(["-C", &dir, "tm", "stats"]).code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the translation memory `.dramaloc/tm.sqlite` is empty"),
        "{}",
        run.stderr
    );
    assert!(root.join(".dramaloc/tm.sqlite").is_file());

    std::fs::write(root.join("cat.tmx"), CAT_TMX).unwrap();
    let run = Test::new()
        .args(["-C", &dir, "tm", "import", "cat.tmx"])
        .code(0);
    assert!(
        run.stderr.contains(
            "imported `cat.tmx`: 3 translation units → 3 added, 0 already present (kept), \
             0 replaced, 1 skipped"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: `cat.tmx`: skipped 1 × only the source language, nothing to translate \
             into (line 18)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("dropped 2 inline tags"),
        "{}",
        run.stderr
    );

    let v = stats_json(&dir);
    assert_eq!(v["entries"], 3);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(
        v["pairs"],
        serde_json::json!([
            {"source": "zh-Hans", "target": "en-US", "entries": 2},
            {"source": "zh-Hans", "target": "es-419", "entries": 1},
        ])
    );
    assert_eq!(
        v["backends"],
        serde_json::json!([
            {"backend": "tmx", "model": "", "unit": "characters", "entries": 3, "billed": 0},
        ])
    );
    let run = Test::new().args(["-C", &dir, "tm", "stats"]).code(0);
    assert!(
        run.stdout
            .contains("zh-Hans → en-US   2\nzh-Hans → es-419  1\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("tmx      -      3        0 characters"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("3 entries in 2 language pairs (`.dramaloc/tm.sqlite`)"),
        "{}",
        run.stderr
    );

    // Export all: the TMX keeps line breaks inside <seg> and dramaloc's own properties.
    let run = Test::new()
        .args(["-C", &dir, "tm", "export", "all.tmx"])
        .code(0);
    assert!(
        run.stderr.contains("exported 3 entries → all.tmx"),
        "{}",
        run.stderr
    );
    let first = std::fs::read_to_string(root.join("all.tmx")).unwrap();
    assert!(
        first.contains("<seg>雾岭\n茶园</seg>") && first.contains("<seg>Wuling\ntea garden</seg>"),
        "{first}"
    );
    assert!(
        first.contains("<tu srclang=\"zh-Hans\" creationdate=\"20250301T120000Z\">"),
        "{first}"
    );
    assert!(first.contains("<prop type=\"x-dramaloc-origin\">import</prop>"));
    // Never overwritten without --force.
    let run = Test::new()
        .args(["-C", &dir, "tm", "export", "all.tmx"])
        .code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);

    // Re-importing our own export keeps everything, and says how to replace.
    let run = Test::new()
        .args(["-C", &dir, "tm", "import", "all.tmx"])
        .code(0);
    assert!(
        run.stderr
            .contains("3 translation units → 0 added, 3 already present (kept)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--overwrite"), "{}", run.stderr);

    // Round trip into another series: export → import → export gives the same file.
    let sb2 = Sandbox::new();
    let other = sb2.sample("demo");
    let other_dir = other.to_str().unwrap();
    std::fs::copy(root.join("all.tmx"), other.join("all.tmx")).unwrap();
    Test::new()
        .args(["-C", other_dir, "tm", "import", "all.tmx"])
        .code(0);
    Test::new()
        .args(["-C", other_dir, "tm", "export", "again.tmx"])
        .code(0);
    let second = std::fs::read_to_string(other.join("again.tmx")).unwrap();
    assert_eq!(first, second);

    // One pair to stdout; tags are canonicalized (zh-CN → zh-Hans) with a note.
    let run = Test::new()
        .args([
            "-C", &dir, "tm", "export", "-", "--from", "zh-CN", "--to", "es-419",
        ])
        .code(0);
    assert!(run.stdout.starts_with("<?xml"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("<tu ").count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("<seg>Señorita Shen, tome té.</seg>"));
    assert!(run.stderr.contains("`zh-Hans`"), "{}", run.stderr);
}

#[test]
fn overwrite_replaces_targets_already_present() {
    let (_sb, dir) = demo();
    let root = Path::new(&dir);
    std::fs::write(root.join("cat.tmx"), CAT_TMX).unwrap();
    Test::new()
        .args(["-C", &dir, "tm", "import", "cat.tmx", "-q"])
        .code(0);
    let revised = CAT_TMX.replace("have some tea.", "please have some tea.");
    std::fs::write(root.join("revised.tmx"), revised).unwrap();
    let run = Test::new()
        .args(["-C", &dir, "tm", "import", "revised.tmx"])
        .code(0);
    assert!(
        run.stderr.contains("0 added, 3 already present"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "-C",
            &dir,
            "tm",
            "import",
            "revised.tmx",
            "--overwrite",
            "--format",
            "json",
        ])
        .code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (
            v["added"].as_u64(),
            v["kept"].as_u64(),
            v["replaced"].as_u64()
        ),
        (Some(0), Some(2), Some(1))
    );
    assert_eq!(
        v["skipped"],
        serde_json::json!([{"reason": "no-target", "line": 18}])
    );
    let out = Test::new()
        .args(["-C", &dir, "tm", "export", "-"])
        .code(0)
        .stdout;
    assert!(out.contains("Miss Shen, please have some tea."), "{out}");
}

#[test]
fn errors_name_the_file_line_and_column_in_both_languages() {
    let (sb, dir) = demo();
    let root = Path::new(&dir);
    // Outside a series.
    let run = Test::new()
        .args(["-C", sb.path().to_str().unwrap(), "tm", "stats"])
        .code(2);
    assert!(
        run.stderr.starts_with("error: no series found"),
        "{}",
        run.stderr
    );
    // Not well-formed.
    std::fs::write(
        root.join("bad.tmx"),
        "<tmx version=\"1.4\">\n<body>\n  <tu><tuv xml:lang=\"en\"><seg>a</tuv>\n</body></tmx>\n",
    )
    .unwrap();
    let run = Test::new()
        .args(["-C", &dir, "tm", "import", "bad.tmx"])
        .code(2);
    assert!(
        run.stderr.starts_with("error: `bad.tmx`:3:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not a valid TMX file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("caused by:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("hint: the file is not well-formed XML"),
        "{}",
        run.stderr
    );
    let zh = Test::new()
        .args(["--lang", "zh-CN", "-C", &dir, "tm", "import", "bad.tmx"])
        .code(2);
    assert!(
        zh.stderr.starts_with("错误：")
            && zh.stderr.contains("`bad.tmx` 第 3 行")
            && zh.stderr.contains("不是有效的 TMX 文件"),
        "{}",
        zh.stderr
    );
    assert!(zh.stderr.contains("提示："), "{}", zh.stderr);
    // Some other XML.
    std::fs::write(root.join("page.tmx"), "<html><body/></html>").unwrap();
    let run = Test::new()
        .args(["-C", &dir, "tm", "import", "page.tmx"])
        .code(2);
    assert!(
        run.stderr.contains("`page.tmx`:1:1: not a TMX file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`<html>`"), "{}", run.stderr);
    assert!(run.stderr.contains("File → Export → TMX"), "{}", run.stderr);
    // Missing.
    let run = Test::new()
        .args(["-C", &dir, "tm", "import", "missing.tmx"])
        .code(2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    // Nothing was stored by any of the failed imports.
    assert_eq!(stats_json(&dir)["entries"], 0);
}

#[test]
fn a_memory_from_a_newer_dramaloc_is_refused_and_left_alone() {
    let (_sb, dir) = demo();
    let db = Path::new(&dir).join(".dramaloc/tm.sqlite");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let run = Test::new().args(["-C", &dir, "tm", "stats"]).code(2);
    assert!(run.stderr.contains("schema version 99"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hint: a newer dramaloc wrote this file"),
        "{}",
        run.stderr
    );
    let zh = Test::new()
        .args(["--lang", "zh-CN", "-C", &dir, "tm", "stats"])
        .code(2);
    assert!(zh.stderr.contains("结构版本是 99"), "{}", zh.stderr);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

/// A TMX with `n` units from `zh-Hans` to `en-US`, sources tagged with `name`.
fn generated_tmx(name: &str, n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
         creationtool=\"test\" srclang=\"zh-Hans\" segtype=\"sentence\" o-tmf=\"x\" \
         adminlang=\"en\" datatype=\"plaintext\"/><body>\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "<tu><tuv xml:lang=\"zh-Hans\"><seg>{name} 第{i}句</seg></tuv>\
             <tuv xml:lang=\"en-US\"><seg>{name} line {i}</seg></tuv></tu>\n"
        ));
    }
    s.push_str("</body></tmx>\n");
    s
}

#[test]
fn two_processes_importing_at_once_lose_nothing() {
    let (_sb, dir) = demo();
    let root = Path::new(&dir);
    std::fs::write(root.join("a.tmx"), generated_tmx("a", 1000)).unwrap();
    std::fs::write(root.join("b.tmx"), generated_tmx("b", 1000)).unwrap();
    // Both start on a series without a memory: both create and migrate the file at once.
    let spawn = |file: &str| {
        let d = dir.clone();
        let f = file.to_owned();
        std::thread::spawn(move || {
            Test::new()
                .args(["-C", &d, "tm", "import", &f, "--format", "json"])
                .run()
        })
    };
    let (a, b) = (spawn("a.tmx"), spawn("b.tmx"));
    for run in [a.join().unwrap(), b.join().unwrap()] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(v["added"], 1000, "{}", run.stdout);
    }
    assert_eq!(stats_json(&dir)["entries"], 2000);
}

#[test]
fn help_is_localized() {
    let run = Test::new().args(["tm", "--help"]).code(0);
    assert!(run.stdout.contains("translation memory"), "{}", run.stdout);
    let run = Test::new()
        .args(["--lang", "zh-CN", "tm", "import", "--help"])
        .code(0);
    assert!(
        run.stdout.contains("替换记忆库中已有条目的译文"),
        "{}",
        run.stdout
    );
}
