//! The `dramaloc` binary driven as a user would: a `Test` builder runs it in a hermetic
//! environment (no inherited locale or colour settings) on a temporary copy of `samples/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder with copies of the samples.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of `samples/<name>` inside the sandbox.
    pub fn sample(&self, name: &str) -> PathBuf {
        let to = self.dir.path().join(name);
        copy_dir(&samples().join(name), &to);
        to
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// One run of the binary.
pub struct Test {
    args: Vec<String>,
    cwd: Option<PathBuf>,
    env: Vec<(String, String)>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            cwd: None,
            env: Vec::new(),
        }
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, args: I) -> Test {
        self.args
            .extend(args.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    pub fn arg(mut self, arg: impl AsRef<str>) -> Test {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn cwd(mut self, dir: &Path) -> Test {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    pub fn run(self) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dramaloc"));
        cmd.args(&self.args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LANG", "C");
        if let Some(cwd) = &self.cwd {
            cmd.current_dir(cwd);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let Output {
            status,
            stdout,
            stderr,
        } = cmd.output().expect("run dramaloc");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        }
    }

    /// Run and check the exit code, showing the output when it differs.
    pub fn code(self, expected: i32) -> Run {
        let shown = self.args.join(" ");
        let run = self.run();
        assert_eq!(
            run.code, expected,
            "`dramaloc {shown}` exited {}\n--- stdout\n{}\n--- stderr\n{}",
            run.code, run.stdout, run.stderr
        );
        run
    }
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn help_speaks_chinese_when_asked() {
    let run = Test::new().args(["--lang", "zh-CN", "--help"]).code(0);
    assert!(
        run.stdout.contains("用法") && run.stdout.contains("命令") && run.stdout.contains("选项"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("把字幕文件或文件夹导入剧集"),
        "{}",
        run.stdout
    );
    let run = Test::new().args(["--help"]).code(0);
    assert!(
        run.stdout.contains("Usage") && !has_han(&run.stdout),
        "{}",
        run.stdout
    );
    // The environment chooses too, and C means English.
    let run = Test::new().arg("--help").env("LANG", "zh_CN.UTF-8").code(0);
    assert!(run.stdout.contains("用法"));
    let run = Test::new()
        .arg("--help")
        .env("DRAMALOC_LANG", "en-US")
        .env("LC_ALL", "zh_CN.UTF-8")
        .code(0);
    assert!(run.stdout.contains("Usage"));
    let run = Test::new()
        .arg("--help")
        .env("LC_ALL", "C")
        .env("LANG", "zh_CN.UTF-8")
        .code(0);
    assert!(run.stdout.contains("Usage"));
    let run = Test::new()
        .args(["--lang", "zh-CN", "import", "--help"])
        .code(0);
    assert!(
        run.stdout.contains("试运行") || run.stdout.contains("不写入任何文件"),
        "{}",
        run.stdout
    );
}

#[test]
fn status_matrix_in_both_locales_and_json() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let run = Test::new()
        .arg("-C")
        .arg(demo.to_str().unwrap())
        .arg("status")
        .code(0);
    assert!(
        run.stdout.contains("episode")
            && run.stdout.contains("zh-Hans")
            && run.stdout.contains("es-419")
    );
    assert!(
        run.stderr
            .contains("6 episodes, 16 languages, 0 missing tracks"),
        "{}",
        run.stderr
    );
    let zh = Test::new()
        .args(["--lang", "zh-CN", "-C", demo.to_str().unwrap(), "status"])
        .code(0);
    assert!(
        zh.stdout.contains("集") && zh.stderr.contains("6 集，16 种语言"),
        "{}\n{}",
        zh.stdout,
        zh.stderr
    );
    let json = Test::new()
        .args(["-C", demo.to_str().unwrap(), "status", "--format", "json"])
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["series"]["id"], "wuling-tea-heiress");
    // The source first, then the 15 translations by tag.
    assert_eq!(
        v["languages"],
        serde_json::json!([
            "zh-Hans",
            "ar",
            "de",
            "en-US",
            "es-419",
            "es-ES",
            "fil",
            "fr",
            "id",
            "it",
            "ja",
            "ko",
            "pt-BR",
            "th",
            "vi",
            "zh-Hant-TW"
        ])
    );
    assert_eq!(v["episodes"].as_array().unwrap().len(), 6);
    assert_eq!(v["episodes"][0]["tracks"]["zh-Hans"]["cues"], 20);
    // The QC state: the demo's planted timing flaw in episode 2, none in episode 1.
    assert_eq!(v["episodes"][1]["tracks"]["en-US"]["errors"], 1);
    assert_eq!(v["episodes"][0]["tracks"]["en-US"]["errors"], 0);
    assert!(run.stdout.contains("18 ✗1"), "{}", run.stdout);
    assert!(run.stdout.contains("64 errors"), "{}", run.stdout);
    assert_eq!(v["missing"], 0);
    // The series is found by walking up from the working directory.
    let inside = Test::new()
        .cwd(&demo.join("episodes/001"))
        .arg("status")
        .code(0);
    assert!(
        inside.stdout.contains("wuling-tea-heiress"),
        "{}",
        inside.stdout
    );
    // A missing track shows in the matrix and the summary.
    std::fs::remove_file(demo.join("episodes/002/es-419.vtt")).unwrap();
    let run = Test::new()
        .args(["-C", demo.to_str().unwrap(), "status"])
        .code(0);
    assert!(run.stdout.contains("002 es-419"), "{}", run.stdout);
}

#[test]
fn errors_have_the_error_cause_hint_shape_and_exit_2() {
    let sb = Sandbox::new();
    let run = Test::new()
        .args(["-C", sb.path().to_str().unwrap(), "status"])
        .code(2);
    assert!(
        run.stderr.starts_with("error: no series found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: run `dramaloc init`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let run = Test::new()
        .args([
            "--lang",
            "zh-CN",
            "-C",
            sb.path().to_str().unwrap(),
            "status",
        ])
        .code(2);
    assert!(run.stderr.starts_with("错误："), "{}", run.stderr);
    let run = Test::new().arg("stauts").code(2);
    assert!(
        run.stderr.contains("unknown command `stauts`") && run.stderr.contains("status"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "init",
            "--source-lang",
            "pt_BR",
            sb.path().to_str().unwrap(),
        ])
        .code(2);
    assert!(
        run.stderr.contains("`pt_BR` is not a valid language tag"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: did you mean `pt-BR`?"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "init",
            "--source-lang",
            "es-LA",
            sb.path().to_str().unwrap(),
        ])
        .code(2);
    assert!(run.stderr.contains("`es-419`"), "{}", run.stderr);
}

#[test]
fn init_then_import_the_raw_delivery_rebuilds_the_demo_tracks() {
    let sb = Sandbox::new();
    let series = sb.path().join("series");
    Test::new()
        .args([
            "init",
            series.to_str().unwrap(),
            "--id",
            "wuling-tea-heiress",
            "--title",
            "The Tea Heiress of Wuling",
        ])
        .code(0);
    let raw = samples().join("raw-delivery");
    // The demo's languages: English is `en-US` in this series.
    let dry = Test::new()
        .args([
            "-C",
            series.to_str().unwrap(),
            "import",
            "--dry-run",
            "--lang",
            "en-US",
        ])
        .arg(raw.join("english").to_str().unwrap())
        .code(0);
    assert!(
        dry.stderr.contains("dry run: 6 to import"),
        "{}",
        dry.stderr
    );
    assert!(
        !series.join("episodes/001").exists(),
        "a dry run writes nothing"
    );

    let run = Test::new()
        .args(["-C", series.to_str().unwrap(), "import", "--format", "json"])
        .arg(raw.join("english").to_str().unwrap())
        .arg("--lang")
        .arg("en-US")
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["summary"]["imported"], 6, "{}", run.stdout);

    let run = Test::new()
        .args(["-C", series.to_str().unwrap(), "import"])
        .args(
            [
                "第1集.srt",
                "第二集.srt",
                "EP003_zh.srt",
                "第04集 简体中文.ass",
                "S01E05.zh-CN.vtt",
                "第六集",
            ]
            .map(|f| raw.join(f).to_str().unwrap().to_owned()),
        )
        .code(0);
    for (file, encoding) in [
        ("第1集.srt", "GBK"),
        ("第二集.srt", "UTF-16LE"),
        ("S01E05.zh-CN.vtt", "UTF-16BE"),
    ] {
        let line = run
            .stdout
            .lines()
            .skip_while(|l| !l.contains(file))
            .nth(1)
            .unwrap_or_default();
        assert!(line.contains(encoding), "{file}: {line}\n{}", run.stdout);
    }
    assert!(
        run.stderr.contains("6 imported, 0 unchanged, 0 refused"),
        "{}",
        run.stderr
    );

    // Every imported track has the demo's cue times and texts.
    let demo = samples().join("demo/episodes");
    for ep in 1..=6 {
        for lang in ["zh-Hans", "en-US"] {
            let dir = series.join(format!("episodes/{ep:03}"));
            let imported = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_stem().unwrap() == lang)
                .unwrap_or_else(|| panic!("episode {ep} has no {lang} track"));
            let want = demo.join(format!("{ep:03}/{lang}.srt"));
            let a = cues(&imported);
            let b = cues(&want);
            assert_eq!(
                a,
                b,
                "episode {ep} {lang}: {} differs from {}",
                imported.display(),
                want.display()
            );
            let bytes = std::fs::read(&imported).unwrap();
            assert!(
                std::str::from_utf8(&bytes).is_ok() && !bytes.starts_with(b"\xEF\xBB\xBF"),
                "stored as UTF-8 without BOM"
            );
        }
    }

    // A second import changes nothing; a conflicting one is refused with exit 1.
    let again = Test::new()
        .args(["-C", series.to_str().unwrap(), "import"])
        .arg(raw.join("第1集.srt").to_str().unwrap())
        .code(0);
    assert!(
        again.stderr.contains("0 imported, 1 unchanged"),
        "{}",
        again.stderr
    );
    let conflict = Test::new()
        .args(["-C", series.to_str().unwrap(), "import", "--episode", "2"])
        .arg(raw.join("第1集.srt").to_str().unwrap())
        .code(1);
    assert!(
        conflict.stdout.contains("already has this track"),
        "{}",
        conflict.stdout
    );
    assert!(conflict.stdout.contains("--force"), "{}", conflict.stdout);
    Test::new()
        .args([
            "-C",
            series.to_str().unwrap(),
            "import",
            "--episode",
            "2",
            "--force",
        ])
        .arg(raw.join("第1集.srt").to_str().unwrap())
        .code(0);
}

/// (start, end, plain text) of every cue, through the library.
fn cues(path: &Path) -> Vec<(i64, i64, String)> {
    let bytes = std::fs::read(path).unwrap();
    let loaded = dramaloc::formats::read_bytes(&bytes, Some(path), None).unwrap();
    let track = loaded.parsed.track;
    track
        .cues
        .iter()
        .map(|c| {
            (
                c.span().start().get(),
                c.span().end().get(),
                dramaloc::formats::plain_text(&track, c),
            )
        })
        .collect()
}

#[test]
fn import_speaks_chinese() {
    let sb = Sandbox::new();
    let series = sb.path().join("s");
    Test::new().args(["init", series.to_str().unwrap()]).code(0);
    let run = Test::new()
        .args([
            "--lang",
            "zh-CN",
            "-C",
            series.to_str().unwrap(),
            "import",
            "--dry-run",
        ])
        .arg(
            samples()
                .join("raw-delivery/english/E03.en.srt")
                .to_str()
                .unwrap(),
        )
        .code(0);
    assert!(
        run.stdout.contains("将导入") && run.stdout.contains("来自文件名"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("试运行"), "{}", run.stderr);
}

#[test]
fn import_refuses_what_it_cannot_place() {
    let sb = Sandbox::new();
    let series = sb.path().join("s");
    Test::new().args(["init", series.to_str().unwrap()]).code(0);
    let loose = sb.path().join("loose");
    std::fs::create_dir_all(&loose).unwrap();
    std::fs::write(
        loose.join("trailer.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nHello there\n",
    )
    .unwrap();
    std::fs::write(
        loose.join("ep7.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nHello there\n",
    )
    .unwrap();
    std::fs::write(loose.join("ep8_en.srt"), "not a subtitle\n").unwrap();
    let run = Test::new()
        .args(["-C", series.to_str().unwrap(), "import"])
        .arg(loose.to_str().unwrap())
        .code(1);
    assert!(
        run.stdout.contains("the episode number is in neither"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the language is not in the file name"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("cannot be read as subtitles (line 1, column 1)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("0 imported, 0 unchanged, 3 refused"),
        "{}",
        run.stderr
    );
    // Two inputs for one track are refused together.
    std::fs::write(
        loose.join("ep7_en.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nHello\n",
    )
    .unwrap();
    std::fs::write(
        loose.join("EP007.en.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nHello again\n",
    )
    .unwrap();
    let run = Test::new()
        .args(["-C", series.to_str().unwrap(), "import", "--format", "json"])
        .arg(loose.join("ep7_en.srt").to_str().unwrap())
        .arg(loose.join("EP007.en.srt").to_str().unwrap())
        .code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["files"][0]["refusal"]["id"], "duplicate");
    assert_eq!(v["files"][1]["refusal"]["id"], "duplicate");
}

#[test]
fn convert_between_formats_reports_what_it_drops() {
    let sb = Sandbox::new();
    let src = samples().join("demo/episodes/001/zh-Hans.srt");
    let out = sb.path().join("x.vtt");
    let run = Test::new()
        .args(["convert", src.to_str().unwrap(), out.to_str().unwrap()])
        .code(0);
    assert!(run.stderr.contains("converted"), "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("WEBVTT"), "{text}");
    assert!(
        text.contains("line:0"),
        "top placement becomes line:0: {text}"
    );
    assert_eq!(cues(&out), cues(&src));
    // Refuses to overwrite, then does with --force.
    Test::new()
        .args(["convert", src.to_str().unwrap(), out.to_str().unwrap()])
        .code(2);
    Test::new()
        .args([
            "convert",
            src.to_str().unwrap(),
            out.to_str().unwrap(),
            "--force",
        ])
        .code(0);
    // A machine-readable summary, with what the target format could not express.
    let ass = samples().join("raw-delivery/第04集 简体中文.ass");
    let run = Test::new()
        .args([
            "convert",
            "--format",
            "json",
            ass.to_str().unwrap(),
            sb.path().join("x.srt").to_str().unwrap(),
        ])
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str(), v["cues"].as_u64()),
        (Some("ass"), Some("srt"), Some(16))
    );
    assert!(v["dropped"].is_object(), "{}", run.stdout);
    // To standard output.
    let run = Test::new()
        .args(["convert", src.to_str().unwrap(), "-", "--to", "ass"])
        .code(0);
    assert!(
        run.stdout.contains("[Events]") && run.stdout.contains("{\\an8}"),
        "{}",
        run.stdout
    );
}

#[test]
fn completions_and_man_page() {
    let run = Test::new().args(["completions", "bash"]).code(0);
    assert!(run.stdout.contains("dramaloc") && run.stdout.contains("import"));
    let run = Test::new().arg("man").code(0);
    assert!(run.stdout.contains(".TH") && run.stdout.contains("import"));
}

#[test]
fn cuts_import_writes_the_episode_cut_list() {
    let sb = Sandbox::new();
    let demo = sb.sample("demo");
    let aegi = crate::support::corpus_dir("cuts").join("aegi.txt");
    let dir = demo.to_str().unwrap();
    // The demo already has cuts for episode 1: refused without --force.
    let run = Test::new()
        .args([
            "-C",
            dir,
            "cuts",
            "import",
            aegi.to_str().unwrap(),
            "--episode",
            "1",
        ])
        .code(2);
    assert!(
        run.stderr.contains("already exists") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "-C",
            dir,
            "--format",
            "json",
            "cuts",
            "import",
            aegi.to_str().unwrap(),
            "--episode",
            "7",
        ])
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (v["cuts"].as_u64(), v["source"].as_str()),
        (Some(135), Some("aegisub-keyframes"))
    );
    let written = std::fs::read_to_string(demo.join("episodes/007/cuts.txt")).unwrap();
    assert!(
        written.starts_with("# dramaloc cuts v1\n# fps 25\n# unit ms\n0\n10000\n"),
        "{written}"
    );
    // Whole numbers without a unit are refused with the line and a hint, in both languages.
    let plain = sb.path().join("cuts.txt");
    std::fs::write(&plain, "30\n60\n").unwrap();
    let run = Test::new()
        .args([
            "-C",
            dir,
            "cuts",
            "import",
            plain.to_str().unwrap(),
            "--episode",
            "8",
        ])
        .code(2);
    assert!(
        run.stderr.contains("at line 1") && run.stderr.contains("--unit"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "--lang",
            "zh-CN",
            "-C",
            dir,
            "cuts",
            "import",
            plain.to_str().unwrap(),
            "--episode",
            "8",
            "--unit",
            "frames",
        ])
        .code(0);
    assert!(run.stderr.contains("已从"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(demo.join("episodes/008/cuts.txt")).unwrap(),
        "# dramaloc cuts v1\n# fps 30\n# unit ms\n1000\n2000\n"
    );
}
