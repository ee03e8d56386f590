//! `dramaloc translate` against a fake DeepL server (`support/fakedeepl.rs`) that speaks the
//! real protocol: the sample series end to end (and with `pseudo`), every fault of the
//! reference's retry table, the memory and journal (nothing paid twice), keys never written,
//! `--dry-run`, and a run killed with SIGKILL and started again.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::cli::{Sandbox, Test};
use crate::support::fakedeepl::DeeplFake;
use crate::support::fakehttp::{Answer, FakeServer};
use crate::support::translate::{all_files, line, series, srt_cues};

const KEY: &str = "dl-key-7c1e0d9a-5b2f-4c44-9e3a-1f0c2b9d8e77:fx";

fn settings(url: &str, extra: &str) -> String {
    format!(
        "backend = \"deepl\"\nsynopsis = \"A tea taster returns to Wuling.\"\n\n[translate.deepl]\nbase_url = \"{url}\"\ntimeout = 0.5\nretries = 3\nmax_backoff = 0.05\n{extra}"
    )
}

fn start(fake: DeeplFake) -> (Arc<DeeplFake>, FakeServer) {
    let fake = Arc::new(fake);
    let server = FakeServer::start(fake.clone().handler());
    (fake, server)
}

fn translate(root: &Path, args: &[&str]) -> crate::cli::Run {
    Test::new()
        .args(["--format", "json", "translate"])
        .args(args)
        .cwd(root)
        .env("DEEPL_AUTH_KEY", KEY)
        .run()
}

fn summary(run: &crate::cli::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n--- stderr\n{}",
            run.stdout, run.stderr
        )
    })
}

fn translate_requests(server: &FakeServer) -> Vec<crate::support::fakehttp::Logged> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v2/translate")
        .collect()
}

fn texts_of(req: &crate::support::fakehttp::Logged) -> Vec<String> {
    req.json()["text"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Every cue of `lang` matches the source's timing and order, keeps its markup, and carries
/// the glossary rendering where the source names the heroine.
fn assert_small_series(root: &Path, episodes: usize, cues: usize, lang: &str, prefix: &str) {
    for e in 1..=episodes {
        let dir = root.join("episodes").join(format!("{e:03}"));
        let source = srt_cues(&dir.join("zh-Hans.srt"));
        let target = srt_cues(&dir.join(format!("{lang}.srt")));
        assert_eq!(source.len(), cues);
        assert_eq!(target.len(), cues, "episode {e}");
        for (c, ((st, _), (tt, text))) in source.iter().zip(&target).enumerate() {
            assert_eq!(st, tt, "episode {e} cue {c}: timing changed");
            let src = line(e, c);
            let flat = text.replace('\n', " ");
            assert_eq!(
                src.starts_with("{\\an8}"),
                flat.starts_with("{\\an8}"),
                "{flat}"
            );
            assert_eq!(
                src.starts_with("<i>"),
                flat.starts_with("<i>") && flat.ends_with("</i>"),
                "{flat}"
            );
            assert!(flat.contains(prefix), "episode {e} cue {c}: {flat}");
            assert_eq!(
                src.contains("温以茗"),
                flat.contains("Wen Yiming"),
                "{flat}"
            );
            assert!(!flat.contains("温以茗"), "{flat}");
        }
    }
}

#[test]
fn deepl_translates_a_series_with_glossary_context_and_markup() {
    let sandbox = Sandbox::new();
    let (fake, server) = start(DeeplFake::new(KEY));
    let root = series(sandbox.path(), 3, 12, &settings(&server.url(), ""));
    let run = translate(&root, &["--to", "en-US,fr"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_small_series(&root, 3, 12, "en-US", "EN-US:");
    assert_small_series(&root, 3, 12, "fr", "FR:");
    let s = summary(&run);
    for l in s["languages"].as_array().unwrap() {
        assert_eq!(l["translated"], 36);
        assert_eq!(l["requests"], 1, "36 lines fit in one request of 50");
        assert_eq!(l["tracks_written"], 3);
        assert!(l["billed"].as_u64().unwrap() > 0);
    }
    assert_eq!(s["glossary"], json!([]), "no glossary misses");
    // One DeepL glossary per language, each request carries it, context and split_sentences.
    assert_eq!(fake.glossary_count(), 2);
    for r in translate_requests(&server) {
        let v = r.json();
        assert!(v["glossary_id"].as_str().is_some(), "{v}");
        assert_eq!(v["source_lang"], "ZH");
        assert_eq!(v["show_billed_characters"], true);
        assert!(
            v["context"]
                .as_str()
                .unwrap_or_default()
                .contains("A tea taster"),
            "{v}"
        );
    }
    // A second run, forced, is answered by the memory: no request at all.
    let before = translate_requests(&server).len();
    let again = translate(&root, &["--to", "en-US,fr", "--force"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(translate_requests(&server).len(), before);
    let s = summary(&again);
    assert_eq!(s["languages"][0]["from_memory"], 36);
    assert_eq!(s["languages"][0]["requests"], 0);
    // Runs again with the glossary already in the account: no second glossary.
    assert_eq!(fake.glossary_count(), 2);
}

/// The sample series into two languages, with `pseudo` and with the fake DeepL: every cue
/// present, order and timing preserved, markup intact, glossary names right.
#[test]
fn the_sample_series_with_pseudo_and_with_deepl() {
    let (_fake, server) = start(DeeplFake::new(KEY));
    for backend in ["pseudo", "deepl"] {
        let sandbox = Sandbox::new();
        let root = sandbox.sample("demo");
        let mut toml = std::fs::read_to_string(root.join("series.toml")).unwrap();
        toml.push_str(&format!(
            "\n[translate.deepl]\nbase_url = \"{}\"\n",
            server.url()
        ));
        std::fs::write(root.join("series.toml"), toml).unwrap();
        let glossary = dramaloc::glossary::load(&root).unwrap().unwrap();
        let episodes: Vec<_> = std::fs::read_dir(root.join("episodes"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        for ep in &episodes {
            for lang in ["en-US", "fr"] {
                std::fs::remove_file(ep.join(format!("{lang}.srt"))).unwrap();
            }
        }
        let run = translate(&root, &["--to", "en-US,fr", "--backend", backend]);
        assert_eq!(run.code, 0, "{backend}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(
            summary(&run)["glossary"],
            json!([]),
            "{backend}: glossary misses"
        );
        let mut named = 0;
        for ep in &episodes {
            let source = srt_cues(&ep.join("zh-Hans.srt"));
            for lang in ["en-US", "fr"] {
                let target = srt_cues(&ep.join(format!("{lang}.srt")));
                assert_eq!(
                    source.len(),
                    target.len(),
                    "{backend} {lang} {}",
                    ep.display()
                );
                let tag = dramaloc::model::Language::parse(lang).unwrap();
                for ((st, stext), (tt, ttext)) in source.iter().zip(&target) {
                    assert_eq!(st, tt, "{backend}: timing");
                    let flat = ttext.replace('\n', " ");
                    assert_eq!(
                        stext.starts_with("{\\an8}"),
                        flat.starts_with("{\\an8}"),
                        "{flat}"
                    );
                    assert_eq!(stext.starts_with("<i>"), flat.starts_with("<i>"), "{flat}");
                    assert_eq!(stext.ends_with("</i>"), flat.ends_with("</i>"), "{flat}");
                    for term in &glossary.terms {
                        if let Some(r) = term.translations.get(&tag)
                            && stext.contains(&term.source)
                        {
                            assert!(
                                flat.contains(r.as_str()),
                                "{backend} {lang}: `{r}` missing in {flat}"
                            );
                            named += 1;
                        }
                    }
                }
            }
        }
        assert!(named > 20, "{backend}: only {named} glossary names checked");
    }
}

#[test]
fn retry_after_is_honoured_and_429_without_it_backs_off() {
    let sandbox = Sandbox::new();
    let (_f, server) = start(DeeplFake::new(KEY).with_fault(|n, _| match n {
        0 => Some(Answer::text(429, "").with_header("Retry-After", "1")),
        1 => Some(Answer::text(429, "")),
        _ => None,
    }));
    let root = series(sandbox.path(), 1, 4, &settings(&server.url(), ""));
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = translate_requests(&server);
    assert_eq!(r.len(), 3);
    let gap = r[1].at.duration_since(r[0].at);
    assert!(
        gap >= Duration::from_millis(900),
        "Retry-After: 1 not honoured ({gap:?})"
    );
    assert_eq!(summary(&run)["languages"][0]["retries"], 2);
    assert_small_series(&root, 1, 4, "en-US", "EN-US:");
}

#[test]
fn server_errors_and_timeouts_are_retried() {
    let sandbox = Sandbox::new();
    let (_f, server) = start(DeeplFake::new(KEY).with_fault(|n, _| match n {
        0 => Some(Answer::json(503, json!({"message": "Service unavailable"}))),
        1 => Some(Answer::text(529, "")),
        2 => {
            Some(Answer::json(200, json!({"translations": []})).after(Duration::from_millis(1500)))
        }
        _ => None,
    }));
    let root = series(sandbox.path(), 1, 4, &settings(&server.url(), ""));
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(translate_requests(&server).len(), 4);
    assert_eq!(summary(&run)["languages"][0]["retries"], 3);
    assert_small_series(&root, 1, 4, "en-US", "EN-US:");
}

#[test]
fn quota_exhausted_stops_keeps_finished_episodes_and_the_next_run_pays_only_the_rest() {
    let sandbox = Sandbox::new();
    let (_f, server) = start(DeeplFake::new(KEY).with_fault(|n, _| {
        (n == 1).then(|| {
            Answer::json(
                456,
                json!({"message": "Quota for this billing period has been exceeded."}),
            )
        })
    }));
    let root = series(
        sandbox.path(),
        2,
        4,
        &settings(&server.url(), "batch = 4\nconcurrency = 1\n"),
    );
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("Quota for this billing period has been exceeded."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(
        translate_requests(&server).len(),
        2,
        "a quota error is never retried"
    );
    let s = summary(&run);
    assert_eq!(s["languages"][0]["stopped"]["kind"], "quota");
    assert_eq!(s["languages"][0]["tracks_written"], 1);
    let dir = root.join("episodes");
    assert_small_series(&root, 1, 4, "en-US", "EN-US:");
    assert!(
        !dir.join("002/en-US.srt").exists(),
        "no partial track for episode 2"
    );

    // Quota renewed: only episode 2's lines are asked for.
    let (_f2, healthy) = start(DeeplFake::new(KEY));
    let toml = std::fs::read_to_string(root.join("series.toml")).unwrap();
    std::fs::write(
        root.join("series.toml"),
        toml.replace(&server.url(), &healthy.url()),
    )
    .unwrap();
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let asked: Vec<String> = translate_requests(&healthy)
        .iter()
        .flat_map(texts_of)
        .collect();
    assert_eq!(asked.len(), 4, "{asked:?}");
    assert!(asked.iter().all(|t| t.contains("第2集")), "{asked:?}");
    assert_small_series(&root, 2, 4, "en-US", "EN-US:");
}

#[test]
fn a_bad_key_stops_with_a_hint_and_a_missing_key_sends_nothing() {
    let sandbox = Sandbox::new();
    let (_f, server) = start(DeeplFake::new("another-key"));
    let root = series(sandbox.path(), 1, 3, &settings(&server.url(), ""));
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("HTTP 403"), "{}", run.stderr);
    assert!(run.stderr.contains("check the key"), "{}", run.stderr);
    let n = server.requests().len();
    assert!(n <= 2, "auth errors are not retried ({n} requests)");

    let run = Test::new()
        .args(["translate", "--to", "en-US"])
        .cwd(&root)
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("DEEPL_AUTH_KEY"), "{}", run.stderr);
    assert_eq!(server.requests().len(), n, "nothing sent without a key");
}

#[test]
fn too_many_texts_splits_the_batch() {
    let sandbox = Sandbox::new();
    let mut fake = DeeplFake::new(KEY);
    fake.max_texts = 2;
    let (_f, server) = start(fake);
    let root = series(
        sandbox.path(),
        1,
        5,
        &settings(&server.url(), "batch = 5\n"),
    );
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sizes: Vec<usize> = translate_requests(&server)
        .iter()
        .map(|r| texts_of(r).len())
        .collect();
    // 5 → 413; halves 2 and 3; 3 → 413; halves 1 and 2.
    assert_eq!(
        sizes.iter().filter(|&&s| s <= 2).sum::<usize>(),
        5,
        "{sizes:?}"
    );
    assert_small_series(&root, 1, 5, "en-US", "EN-US:");
}

#[test]
fn garbage_answers_are_retried_then_stop_and_nothing_is_paid_twice() {
    let sandbox = Sandbox::new();
    let (_f, server) = start(
        DeeplFake::new(KEY)
            .with_fault(|n, _| (n >= 1).then(|| Answer::text(200, "<html>proxy error</html>"))),
    );
    let root = series(
        sandbox.path(),
        2,
        4,
        &settings(&server.url(), "batch = 4\nconcurrency = 1\n"),
    );
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not what the API describes"),
        "{}",
        run.stderr
    );
    assert_eq!(
        translate_requests(&server).len(),
        1 + 4,
        "first batch, then 1 + 3 retries"
    );

    let (_f2, healthy) = start(DeeplFake::new(KEY));
    let toml = std::fs::read_to_string(root.join("series.toml")).unwrap();
    std::fs::write(
        root.join("series.toml"),
        toml.replace(&server.url(), &healthy.url()),
    )
    .unwrap();
    assert_eq!(translate(&root, &["--to", "en-US"]).code, 0);
    let asked: Vec<String> = translate_requests(&healthy)
        .iter()
        .flat_map(texts_of)
        .collect();
    assert_eq!(asked.len(), 4, "only the lines never answered: {asked:?}");
    assert_small_series(&root, 2, 4, "en-US", "EN-US:");
}

#[test]
fn the_key_is_never_written_anywhere() {
    let sandbox = Sandbox::new();
    // A server that also answers once with an error, so messages are exercised too.
    let (_f, server) = start(
        DeeplFake::new(KEY)
            .with_fault(|n, _| (n == 0).then(|| Answer::json(503, json!({"message": "busy"})))),
    );
    let root = series(sandbox.path(), 2, 6, &settings(&server.url(), ""));
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let verbose = Test::new()
        .args(["--verbose", "translate", "--to", "fr"])
        .cwd(&root)
        .env("DEEPL_AUTH_KEY", KEY)
        .run();
    assert_eq!(verbose.code, 0, "{}", verbose.stderr);
    let secret = KEY.split(':').next().unwrap();
    for out in [&run.stdout, &run.stderr, &verbose.stdout, &verbose.stderr] {
        assert!(!out.contains(secret));
    }
    let files = all_files(sandbox.path());
    assert!(files.iter().any(|f| f.ends_with("tm.sqlite")));
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the key is in {}",
            f.display()
        );
    }
    // The server did get it, in the header only.
    assert!(
        server.requests().iter().all(
            |r| !r.query.contains(secret) && !String::from_utf8_lossy(&r.body).contains(secret)
        )
    );
}

#[test]
fn dry_run_counts_and_prices_without_sending() {
    let sandbox = Sandbox::new();
    let (_f, server) = start(DeeplFake::new(KEY));
    let root = series(sandbox.path(), 3, 40, &settings(&server.url(), ""));
    let run = translate(&root, &["--to", "en-US,fr", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(server.requests().is_empty());
    let v = summary(&run);
    let en = &v["languages"][0];
    assert_eq!(en["units"], 120);
    assert_eq!(en["requests"], 3, "120 lines at 50 per request");
    let chars = en["characters"].as_u64().unwrap();
    assert!(chars > 120 * 5, "{chars}");
    let cost = en["cost"].as_f64().unwrap();
    assert!(
        (cost - chars as f64 * 20.0 / 1e6).abs() < 1e-9,
        "€20 per million characters"
    );
    assert_eq!(en["currency"], "EUR");
    // Human form names the columns and the total.
    let human = Test::new()
        .args(["translate", "--to", "en-US", "--dry-run"])
        .cwd(&root)
        .env("DEEPL_AUTH_KEY", KEY)
        .code(0);
    assert!(
        human.stdout.contains("requests") && human.stderr.contains("nothing was sent"),
        "{}{}",
        human.stdout,
        human.stderr
    );
    // Estimating needs no key.
    let keyless = Test::new()
        .args([
            "--format",
            "json",
            "translate",
            "--to",
            "en-US",
            "--dry-run",
        ])
        .cwd(&root)
        .code(0);
    assert_eq!(summary(&keyless)["languages"][0]["requests"], 3);
    assert!(server.requests().is_empty());
    // After a real run, the memory answers: nothing left to send.
    assert_eq!(translate(&root, &["--to", "en-US"]).code, 0);
    let v = summary(&translate(
        &root,
        &["--to", "en-US", "--dry-run", "--force"],
    ));
    assert_eq!(v["languages"][0]["requests"], 0);
    assert_eq!(v["languages"][0]["from_memory"], 120);
}

/// SIGKILL mid-run, then a second run: the server's log shows no line asked for again once
/// it had been answered, and no track file is ever half-written.
#[cfg(unix)]
#[test]
fn killed_with_sigkill_and_restarted_requests_nothing_already_answered() {
    let sandbox = Sandbox::new();
    let mut fake = DeeplFake::new(KEY);
    fake.latency = Duration::from_millis(60);
    let (fake, server) = start(fake);
    let root = series(
        sandbox.path(),
        12,
        10,
        &settings(&server.url(), "batch = 5\nconcurrency = 2\nrate = 20.0\n"),
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dramaloc"))
        .args(["-q", "translate", "--to", "en-US"])
        .current_dir(&root)
        .env_clear()
        .env("LANG", "C")
        .env("DEEPL_AUTH_KEY", KEY)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while fake.answered.lock().unwrap().len() < 40 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    // Answers the fake had finished 200 ms before the kill reached the client by then.
    let answered: Vec<String> = fake.answered.lock().unwrap().clone();
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        answered.len() >= 40 && answered.len() < 120,
        "killed mid-way: {}",
        answered.len()
    );
    let first_run = translate_requests(&server).len();

    // Whatever was written is whole.
    for e in 1..=12 {
        let path = root.join(format!("episodes/{e:03}/en-US.srt"));
        if path.exists() {
            assert_eq!(
                srt_cues(&path).len(),
                10,
                "{} is half-written",
                path.display()
            );
        }
    }
    let run = translate(&root, &["--to", "en-US"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again: Vec<String> = translate_requests(&server)[first_run..]
        .iter()
        .flat_map(texts_of)
        .collect();
    let repeated: Vec<&String> = again.iter().filter(|t| answered.contains(t)).collect();
    assert!(
        repeated.is_empty(),
        "asked again after being answered: {repeated:?}"
    );
    assert_small_series(&root, 12, 10, "en-US", "EN-US:");
}

/// An ASS source: the target is ASS with the source's header and styles, `{\an8}` kept, lines
/// re-broken with `\N`, every event in order with its timing.
#[test]
fn an_ass_source_keeps_styles_overrides_and_breaks_lines_with_backslash_n() {
    let sandbox = Sandbox::new();
    let root = series(sandbox.path(), 1, 1, "");
    let ep = root.join("episodes/001");
    std::fs::remove_file(ep.join("zh-Hans.srt")).unwrap();
    let header = "[Script Info]\nScriptType: v4.00+\nPlayResX: 1080\nPlayResY: 1920\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\nStyle: Main,Noto Sans CJK SC,64,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,3,0,2,60,60,180,1\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";
    let events = [
        "{\\an8}上海 · 茶室",
        "温以茗\\N你回来了",
        "{\\i1}这香气不对{\\i0}",
        "许小姐说这是今年最好的雾岭雪芽，可是味道和去年完全不一样",
    ];
    let mut text = header.to_owned();
    for (i, e) in events.iter().enumerate() {
        text.push_str(&format!(
            "Dialogue: 0,0:00:0{}.00,0:00:0{}.50,Main,,0,0,0,,{e}\n",
            i * 2,
            i * 2 + 1
        ));
    }
    std::fs::write(ep.join("zh-Hans.ass"), &text).unwrap();
    let run = translate(&root, &["--to", "en-US", "--backend", "pseudo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = std::fs::read_to_string(ep.join("en-US.ass")).unwrap();
    assert!(out.contains("Style: Main,Noto Sans CJK SC,64"), "{out}");
    let dialogue: Vec<&str> = out.lines().filter(|l| l.starts_with("Dialogue:")).collect();
    assert_eq!(dialogue.len(), 4, "{out}");
    for (i, d) in dialogue.iter().enumerate() {
        assert!(
            d.starts_with(&format!(
                "Dialogue: 0,0:00:0{}.00,0:00:0{}.50,Main,",
                i * 2,
                i * 2 + 1
            )),
            "{d}"
        );
    }
    assert!(dialogue[0].contains(",{\\an8}⟪"), "{}", dialogue[0]);
    assert!(dialogue[1].contains("Wen Yiming"), "{}", dialogue[1]);
    assert!(
        dialogue[2].contains("{\\i1}⟪") && dialogue[2].ends_with("⟫{\\i0}"),
        "{}",
        dialogue[2]
    );
    // The long line is re-broken for the target with ASS's own line break.
    assert!(dialogue[3].contains("\\N"), "{}", dialogue[3]);
    assert!(!out.contains('\r') || out.contains("\r\n"));
}
