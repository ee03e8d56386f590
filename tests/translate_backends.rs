//! `dramaloc translate` against fake Google v2, Azure v3 and LibreTranslate servers: the wire
//! shape each backend must send (a request of the wrong shape is answered 400, so the run
//! fails), the faults of `reference/translation-apis.md` §2–§4 and §6.2 (rate limits with
//! and without `Retry-After`, 5xx, time-outs, quota, bad keys, batches too large, garbage
//! bodies), resuming without paying twice, and the key never leaving the process.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::cli::{Run, Test};
use crate::support::fakehttp::{Answer, FakeServer, Logged};
use crate::support::translate::{all_files, line, series, srt_cues};

/// The key every test passes; it must never be written or printed.
const KEY: &str = "TESTKEY-0b7d4c1e9a";
const NAME: &str = "温以茗";
const RENDERING: &str = "Wen Yiming";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum B {
    Google,
    Azure,
    Libre,
}

impl B {
    fn id(self) -> &'static str {
        match self {
            B::Google => "google",
            B::Azure => "azure",
            B::Libre => "libre",
        }
    }

    fn key_var(self) -> &'static str {
        match self {
            B::Google => "GOOGLE_API_KEY",
            B::Azure => "AZURE_TRANSLATOR_KEY",
            B::Libre => "LIBRETRANSLATE_API_KEY",
        }
    }

    /// The texts of a request of the right shape (into `target`, the engine's code), or
    /// what is wrong with it.
    fn texts(self, r: &Logged, target: &str) -> Result<Vec<String>, String> {
        if r.method != "POST" {
            return Err(format!("method {}", r.method));
        }
        let body = r.json();
        let strings = |v: &Value| -> Result<Vec<String>, String> {
            v.as_array()
                .ok_or("q is not an array")?
                .iter()
                .map(|s| {
                    s.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| "a q item is not a string".to_owned())
                })
                .collect()
        };
        let content_type = r
            .header("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        match self {
            B::Google => {
                if r.path != "/language/translate/v2" {
                    return Err(format!("path {}", r.path));
                }
                if r.query != format!("key={KEY}") {
                    return Err("the key is not the query".into());
                }
                if !content_type.starts_with("application/json") {
                    return Err(format!("content-type {content_type}"));
                }
                let obj = body.as_object().ok_or("body is not an object")?;
                for k in obj.keys() {
                    if !["q", "source", "target", "format", "model"].contains(&k.as_str()) {
                        return Err(format!("unexpected field {k}"));
                    }
                }
                if body["source"] != "zh-CN" || body["target"] != target || body["format"] != "text"
                {
                    return Err(format!("source/target/format: {body}"));
                }
                strings(&body["q"])
            }
            B::Azure => {
                if r.path != "/translate" {
                    return Err(format!("path {}", r.path));
                }
                let mut query: Vec<&str> = r.query.split('&').collect();
                query.sort_unstable();
                let mut want = vec!["api-version=3.0", "from=zh-Hans", "textType=plain"];
                let to = format!("to={target}");
                want.push(&to);
                want.sort_unstable();
                if query != want {
                    return Err(format!("query {}", r.query));
                }
                if r.header("ocp-apim-subscription-key") != Some(KEY) {
                    return Err("no Ocp-Apim-Subscription-Key".into());
                }
                if content_type.replace(' ', "") != "application/json;charset=utf-8" {
                    return Err(format!("content-type {content_type}"));
                }
                body.as_array()
                    .ok_or("body is not an array")?
                    .iter()
                    .map(|item| {
                        let obj = item.as_object().ok_or("an element is not an object")?;
                        if obj.len() != 1 {
                            return Err("an element has other fields than Text".to_owned());
                        }
                        obj.get("Text")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                            .ok_or_else(|| "an element has no Text".to_owned())
                    })
                    .collect()
            }
            B::Libre => {
                if r.path != "/translate" {
                    return Err(format!("path {}", r.path));
                }
                if !content_type.starts_with("application/json") {
                    return Err(format!("content-type {content_type}"));
                }
                if body["source"] != "zh-Hans"
                    || body["target"] != target
                    || body["format"] != "text"
                {
                    return Err(format!("source/target/format: {body}"));
                }
                if body["api_key"] != KEY {
                    return Err("no api_key".into());
                }
                strings(&body["q"])
            }
        }
    }

    /// A successful answer: each text as "EN:" + text, the dynamic dictionary resolved the
    /// way Azure does it.
    fn ok(self, texts: &[String]) -> Answer {
        let out: Vec<String> = texts.iter().map(|t| format!("EN:{}", resolve(t))).collect();
        match self {
            B::Google => Answer::json(
                200,
                json!({"data":{"translations": out.iter().map(|t| json!({"translatedText": t})).collect::<Vec<_>>()}}),
            ),
            B::Azure => {
                let metered: usize = texts.iter().map(|t| t.chars().count()).sum();
                Answer::json(
                    200,
                    Value::Array(
                        out.iter()
                            .map(|t| json!({"translations":[{"text": t, "to": "en"}]}))
                            .collect(),
                    ),
                )
                .with_header("X-metered-usage", &metered.to_string())
            }
            B::Libre => Answer::json(200, json!({ "translatedText": out })),
        }
    }

    /// Quota exhausted, and the words the backend uses for it.
    fn quota(self) -> (Answer, &'static str) {
        match self {
            B::Google => (
                Answer::json(
                    403,
                    google_error(
                        403,
                        "Daily Limit Exceeded",
                        "dailyLimitExceeded",
                        "PERMISSION_DENIED",
                    ),
                ),
                "Daily Limit Exceeded",
            ),
            B::Azure => (
                Answer::json(
                    403,
                    json!({"error":{"code":403001,"message":"The operation isn't allowed because the subscription has exceeded its free quota."}}),
                ),
                "exceeded its free quota",
            ),
            B::Libre => (
                Answer::json(403, json!({"error":"Too many request limits violations"})),
                "Too many request limits violations",
            ),
        }
    }

    fn bad_key(self) -> Answer {
        match self {
            B::Google => Answer::json(
                400,
                json!({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
                    "errors":[{"message":"API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],
                    "status":"INVALID_ARGUMENT",
                    "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}),
            ),
            B::Azure => Answer::json(
                401,
                json!({"error":{"code":401000,"message":"The request isn't authorized because credentials are missing or invalid."}}),
            ),
            B::Libre => Answer::json(403, json!({"error":"Invalid API key"})),
        }
    }

    fn too_large(self, n: usize) -> Answer {
        match self {
            B::Google => Answer::json(
                400,
                google_error(400, "Too many text segments", "invalid", "INVALID_ARGUMENT"),
            ),
            B::Azure => Answer::json(
                400,
                json!({"error":{"code":400077,"message":"The maximum request size has been exceeded."}}),
            ),
            B::Libre => Answer::json(
                400,
                json!({"error": format!("Invalid request: request ({n}) exceeds text limit (2)")}),
            ),
        }
    }

    fn rate_limited(self) -> Answer {
        match self {
            B::Google => Answer::json(
                429,
                google_error(
                    429,
                    "Too Many Requests",
                    "rateLimitExceeded",
                    "RESOURCE_EXHAUSTED",
                ),
            ),
            B::Azure => Answer::json(
                429,
                json!({"error":{"code":429000,"message":"The server rejected the request because the client has exceeded request limits."}}),
            ),
            B::Libre => Answer::json(429, json!({"error":"Slowdown: 10 per 1 minute"})),
        }
    }

    fn server_error(self, status: u16) -> Answer {
        match self {
            B::Google => Answer::json(
                status,
                google_error(status, "Backend Error", "backendError", "UNAVAILABLE"),
            ),
            B::Azure => Answer::json(
                status,
                json!({"error":{"code": u32::from(status) * 1000, "message":"An unexpected error occurred."}}),
            ),
            B::Libre => Answer::json(
                status,
                json!({"error":"Cannot translate text: model crashed"}),
            ),
        }
    }
}

fn google_error(code: u16, message: &str, reason: &str, status: &str) -> Value {
    json!({"error":{"code":code,"message":message,
        "errors":[{"message":message,"domain":"usageLimits","reason":reason}],"status":status}})
}

/// Azure's dynamic dictionary: `<mstrans:dictionary translation="X">Y</mstrans:dictionary>` → X.
fn resolve(text: &str) -> String {
    const OPEN: &str = "<mstrans:dictionary translation=\"";
    const CLOSE: &str = "</mstrans:dictionary>";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let (Some(q), Some(end)) = (after.find("\">"), after.find(CLOSE)) else {
            return format!("BROKEN MARKUP {text}");
        };
        out.push_str(&after[..q]);
        rest = &after[end + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// A fake server of backend `b` into engine code `target`: requests of the wrong shape get
/// a 400; `fault(n, texts)` may answer instead of the translation.
fn server(
    b: B,
    target: &'static str,
    fault: impl Fn(usize, &[String]) -> Option<Answer> + Send + Sync + 'static,
) -> FakeServer {
    FakeServer::start(move |r| {
        let texts = match b.texts(r, target) {
            Ok(t) => t,
            Err(why) => return wrong(b, &why),
        };
        // The glossary: substituted by the pipeline, or wrapped in the dictionary (Azure and
        // English); never the bare name.
        for t in &texts {
            let bare = t.replace(&format!("\">{NAME}</mstrans:dictionary>"), "");
            if bare.contains(NAME) {
                return wrong(b, &format!("the glossary name came through untouched: {t}"));
            }
        }
        fault(r.n, &texts).unwrap_or_else(|| b.ok(&texts))
    })
}

fn wrong(b: B, why: &str) -> Answer {
    let message = format!("FAKE: wrong request shape: {why}");
    match b {
        B::Google => Answer::json(
            400,
            google_error(400, &message, "invalid", "INVALID_ARGUMENT"),
        ),
        B::Azure => Answer::json(400, json!({"error":{"code":400000,"message":message}})),
        B::Libre => Answer::json(400, json!({ "error": message })),
    }
}

/// The `[translate.<id>]` table: fast retries, one request at a time; `extra` lines
/// (`key = value`) add to or replace these.
fn settings(b: B, url: &str, extra: &str) -> String {
    let mut out = format!("[translate.{}]\nbase_url = \"{url}\"\n", b.id());
    let given: Vec<&str> = extra
        .lines()
        .filter_map(|l| l.split('=').next())
        .map(str::trim)
        .collect();
    for (k, v) in [
        ("retries", "2"),
        ("max_backoff", "0.05"),
        ("concurrency", "1"),
        ("timeout", "5.0"),
    ] {
        if !given.contains(&k) {
            out.push_str(&format!("{k} = {v}\n"));
        }
    }
    out.push_str(extra);
    out.push('\n');
    out
}

/// Point an existing series at another server.
fn repoint(root: &Path, from: &str, to: &str) {
    let path = root.join("series.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

fn translate(b: B, root: &Path, to: &str, extra: &[&str]) -> Test {
    let mut t = Test::new()
        .args([
            "--format",
            "json",
            "translate",
            "--to",
            to,
            "--backend",
            b.id(),
        ])
        .args(extra)
        .cwd(root)
        .env(b.key_var(), KEY);
    if b == B::Azure {
        t = t.env("AZURE_TRANSLATOR_REGION", "westeurope");
    }
    t
}

/// The summary of the one language translated.
fn summary(run: &Run) -> Value {
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\n--- stderr\n{}",
            run.stdout, run.stderr
        )
    });
    v["languages"][0].clone()
}

fn track(root: &Path, episode: usize, lang: &str) -> PathBuf {
    root.join("episodes")
        .join(format!("{episode:03}"))
        .join(format!("{lang}.srt"))
}

/// What the fake's "EN:" translation of cue `c` of episode `e` becomes in the track:
/// markup around the core kept, the glossary rendering in place of the name.
fn expected(e: usize, c: usize) -> String {
    let l = line(e, c);
    let (pre, core, suf) = if let Some(rest) = l.strip_prefix("{\\an8}") {
        ("{\\an8}", rest.to_owned(), "")
    } else if let Some(rest) = l.strip_prefix("<i>").and_then(|r| r.strip_suffix("</i>")) {
        ("<i>", rest.to_owned(), "</i>")
    } else {
        ("", l.clone(), "")
    };
    format!("{pre}EN:{}{suf}", core.replace(NAME, RENDERING))
}

/// Every cue of episode `e` translated, in order, with the source's timing.
fn assert_episode(root: &Path, e: usize, cues: usize, lang: &str) {
    let source = srt_cues(&track(root, e, "zh-Hans"));
    let target = srt_cues(&track(root, e, lang));
    assert_eq!(source.len(), cues);
    assert_eq!(target.len(), cues, "{target:?}");
    for (c, ((st, _), (tt, text))) in source.iter().zip(&target).enumerate() {
        assert_eq!(st, tt, "episode {e} cue {c}: timing");
        // Spaces aside: a rendering put in by the pipeline is spaced as a word
        // (`Wen Yiming 第1集`), one applied by the engine may not be.
        assert_eq!(
            text.replace(['\n', ' '], ""),
            expected(e, c).replace(' ', ""),
            "episode {e} cue {c}"
        );
        if line(e, c).contains(NAME) {
            assert!(text.contains(RENDERING), "{text}");
        }
    }
}

/// The key is in no file of the series and in neither output stream.
fn assert_no_key(root: &Path, runs: &[&Run]) {
    for run in runs {
        assert!(!run.stdout.contains(KEY), "key in stdout:\n{}", run.stdout);
        assert!(!run.stderr.contains(KEY), "key in stderr:\n{}", run.stderr);
    }
    let files = all_files(root);
    assert!(files.len() > 3, "{files:?}");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
            "the key is in {}",
            f.display()
        );
    }
}

fn texts_of(b: B, r: &Logged, target: &'static str) -> Vec<String> {
    b.texts(r, target).unwrap()
}

// ---------------------------------------------------------------------------------------

fn happy_path(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", |_, _| None);
    let root = series(dir.path(), 2, 7, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(0);
    for e in 1..=2 {
        assert_episode(&root, e, 7, "en-US");
    }
    let s = summary(&run);
    assert_eq!(s["translated"], 14, "{s}");
    assert_eq!(s["failed"], 0);
    assert_eq!(s["requests"], 1, "{s}");
    assert_eq!(s["tracks_written"], 2);
    assert_eq!(s["billing_unit"], "characters");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let sent = texts_of(b, &requests[0], "en");
    assert_eq!(sent.len(), 14);
    match b {
        B::Azure => {
            assert_eq!(
                requests[0].header("ocp-apim-subscription-region"),
                Some("westeurope")
            );
            // English on one side: the name goes in the dynamic dictionary…
            assert!(
                sent.iter().any(|t| t.contains(&format!(
                    "<mstrans:dictionary translation=\"{RENDERING}\">{NAME}</mstrans:dictionary>"
                ))),
                "{sent:?}"
            );
            // …and the metered usage is what is billed.
            let metered: usize = sent.iter().map(|t| t.chars().count()).sum();
            assert_eq!(s["billed"], metered as u64);
        }
        _ => {
            // The pipeline substituted the rendering.
            assert!(sent.iter().any(|t| t.starts_with(RENDERING)), "{sent:?}");
            let chars: usize = sent.iter().map(|t| t.chars().count()).sum();
            assert_eq!(s["billed"], chars as u64);
        }
    }
    // Nothing of the markup reached the engine.
    assert!(
        sent.iter()
            .all(|t| !t.contains("{\\") && !t.contains("<i>")),
        "{sent:?}"
    );
    assert_no_key(&root, &[&run]);
}

fn retry_after_is_honoured(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |n, _| {
        (n == 0).then(|| b.rate_limited().with_header("Retry-After", "1"))
    });
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(0);
    assert_episode(&root, 1, 3, "en-US");
    let r = fake.requests();
    assert_eq!(r.len(), 2);
    let gap = r[1].at - r[0].at;
    assert!(
        gap >= Duration::from_millis(900),
        "the retry came after {gap:?}"
    );
    assert_eq!(summary(&run)["retries"], 1);
}

fn rate_limit_without_retry_after(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |n, _| (n < 2).then(|| b.rate_limited()));
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(0);
    assert_episode(&root, 1, 3, "en-US");
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(summary(&run)["retries"], 2);
}

fn server_errors_are_retried(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |n, _| match n {
        0 => Some(b.server_error(500)),
        1 => Some(b.server_error(503)),
        _ => None,
    });
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(0);
    assert_episode(&root, 1, 3, "en-US");
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(summary(&run)["retries"], 2);
}

fn a_timeout_is_retried(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |n, texts| {
        (n == 0).then(|| b.ok(texts).after(Duration::from_millis(1500)))
    });
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), "timeout = 0.3"));
    let run = translate(b, &root, "en-US", &[]).code(0);
    assert_episode(&root, 1, 3, "en-US");
    assert!(fake.requests().len() >= 2);
    assert!(summary(&run)["retries"].as_u64().unwrap() >= 1);
}

fn quota_stops_and_keeps_finished_work(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let (quota, words) = b.quota();
    let fake = server(b, "en", move |n, _| (n >= 1).then(|| quota.clone()));
    // Three lines a request: episode 1 is answered, episode 2 runs into the quota.
    let root = series(dir.path(), 2, 3, &settings(b, &fake.url(), "batch = 3"));
    let run = translate(b, &root, "en-US", &[]).code(2);
    assert!(run.stderr.contains(words), "{}", run.stderr);
    assert!(run.stderr.contains("quota"), "{}", run.stderr);
    assert_eq!(fake.requests().len(), 2, "a quota stop is never retried");
    let s = summary(&run);
    assert_eq!(s["stopped"]["kind"], "quota", "{s}");
    assert_episode(&root, 1, 3, "en-US");
    assert!(!track(&root, 2, "en-US").exists());
    assert_no_key(&root, &[&run]);
}

fn a_bad_key_stops(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |_, _| Some(b.bad_key()));
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(2);
    assert!(run.stderr.contains("check the key"), "{}", run.stderr);
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(summary(&run)["stopped"]["kind"], "auth");
    assert!(!track(&root, 1, "en-US").exists());
    assert_no_key(&root, &[&run]);
}

fn a_batch_too_large_is_split(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |_, texts| {
        (texts.len() > 2).then(|| b.too_large(texts.len()))
    });
    let root = series(dir.path(), 2, 6, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(0);
    for e in 1..=2 {
        assert_episode(&root, e, 6, "en-US");
    }
    let r = fake.requests();
    assert!(
        texts_of(b, &r[0], "en").len() == 12 && r.len() > 4,
        "{}",
        r.len()
    );
    let answered: usize = r
        .iter()
        .map(|x| texts_of(b, x, "en").len())
        .filter(|&n| n <= 2)
        .sum();
    assert_eq!(answered, 12, "every line answered once");
    assert_eq!(summary(&run)["translated"], 12);
}

fn garbage_is_retried_then_resumed_without_paying_twice(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", move |n, _| {
        (n >= 1).then(|| Answer::text(200, "{\"data\": [\"truncated"))
    });
    let root = series(dir.path(), 2, 3, &settings(b, &fake.url(), "batch = 3"));
    let run = translate(b, &root, "en-US", &[]).code(2);
    // Episode 1, then episode 2 asked three times (the first try and `retries = 2`).
    assert_eq!(fake.requests().len(), 4, "{}", run.stderr);
    let s = summary(&run);
    assert_eq!(s["stopped"]["kind"], "gave-up", "{s}");
    assert!(
        run.stderr.contains("not what the API describes"),
        "{}",
        run.stderr
    );
    assert_episode(&root, 1, 3, "en-US");
    assert!(!track(&root, 2, "en-US").exists());
    let episode_2: Vec<String> = texts_of(b, &fake.requests()[1], "en");

    let healthy = server(b, "en", |_, _| None);
    repoint(&root, &fake.url(), &healthy.url());
    let again = translate(b, &root, "en-US", &[]).code(0);
    let r = healthy.requests();
    assert_eq!(r.len(), 1, "only what was never answered is requested");
    assert_eq!(texts_of(b, &r[0], "en"), episode_2);
    let s = summary(&again);
    // Episode 1 is complete on disk and left alone; episode 2's lines are the only work.
    assert_eq!(
        (s["translated"].as_u64(), s["episodes_skipped"].as_u64()),
        (Some(3), Some(1)),
        "{s}"
    );
    assert_episode(&root, 1, 3, "en-US");
    assert_episode(&root, 2, 3, "en-US");
    assert_no_key(&root, &[&run, &again]);
}

fn dry_run_sends_nothing(b: B) {
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", |_, _| None);
    let root = series(dir.path(), 2, 3, &settings(b, &fake.url(), "batch = 2"));
    let run = translate(b, &root, "en-US", &["--dry-run"]).code(0);
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["languages"][0]["requests"], 3, "{v}");
    assert_eq!(v["languages"][0]["units"], 6);
    let text = Test::new()
        .args([
            "translate",
            "--to",
            "en-US",
            "--backend",
            b.id(),
            "--dry-run",
        ])
        .cwd(&root)
        .env(b.key_var(), KEY)
        .code(0);
    assert!(
        text.stderr.contains("3 requests would be sent"),
        "{}",
        text.stderr
    );
    assert!(fake.requests().is_empty());
    assert!(!track(&root, 1, "en-US").exists());
}

macro_rules! for_each_backend {
    ($m:ident, $b:expr) => {
        mod $m {
            use super::B;

            #[test]
            fn happy_path() {
                super::happy_path($b)
            }
            #[test]
            fn retry_after_is_honoured() {
                super::retry_after_is_honoured($b)
            }
            #[test]
            fn rate_limit_without_retry_after() {
                super::rate_limit_without_retry_after($b)
            }
            #[test]
            fn server_errors_are_retried() {
                super::server_errors_are_retried($b)
            }
            #[test]
            fn a_timeout_is_retried() {
                super::a_timeout_is_retried($b)
            }
            #[test]
            fn quota_stops_and_keeps_finished_work() {
                super::quota_stops_and_keeps_finished_work($b)
            }
            #[test]
            fn a_bad_key_stops() {
                super::a_bad_key_stops($b)
            }
            #[test]
            fn a_batch_too_large_is_split() {
                super::a_batch_too_large_is_split($b)
            }
            #[test]
            fn garbage_is_retried_then_resumed_without_paying_twice() {
                super::garbage_is_retried_then_resumed_without_paying_twice($b)
            }
            #[test]
            fn dry_run_sends_nothing() {
                super::dry_run_sends_nothing($b)
            }
        }
    };
}

for_each_backend!(google, B::Google);
for_each_backend!(azure, B::Azure);
for_each_backend!(libre, B::Libre);

// --- Backend-specific cases ------------------------------------------------------------

#[test]
fn google_403_user_rate_limit_is_retried() {
    let b = B::Google;
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", |n, _| {
        (n == 0).then(|| {
            Answer::json(
                403,
                google_error(
                    403,
                    "User Rate Limit Exceeded",
                    "userRateLimitExceeded",
                    "PERMISSION_DENIED",
                ),
            )
        })
    });
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(0);
    assert_episode(&root, 1, 3, "en-US");
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(summary(&run)["retries"], 1);
}

#[test]
fn google_403_daily_limit_stops_at_once() {
    let b = B::Google;
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", |_, _| {
        Some(Answer::json(
            403,
            google_error(
                403,
                "Daily Limit Exceeded",
                "dailyLimitExceeded",
                "PERMISSION_DENIED",
            ),
        ))
    });
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "en-US", &[]).code(2);
    assert_eq!(fake.requests().len(), 1);
    assert!(
        run.stderr
            .contains("Daily Limit Exceeded (dailyLimitExceeded)"),
        "{}",
        run.stderr
    );
}

#[test]
fn google_transport_errors_never_show_the_key() {
    let b = B::Google;
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let root = series(dir.path(), 1, 3, &settings(b, &url, "retries = 0"));
    let run = translate(b, &root, "en-US", &[]).code(2);
    assert!(run.stderr.contains("127.0.0.1"), "{}", run.stderr);
    assert!(!run.stderr.contains("key="), "{}", run.stderr);
    assert_no_key(&root, &[&run]);
}

#[test]
fn azure_without_english_leaves_the_glossary_to_the_pipeline() {
    let b = B::Azure;
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "es", |_, texts| {
        texts
            .iter()
            .any(|t| t.contains("mstrans"))
            .then(|| wrong(B::Azure, "dictionary markup for a pair without English"))
    });
    let root = series(
        dir.path(),
        1,
        5,
        &settings(b, &fake.url(), "region = \"eastasia\""),
    );
    // The setting wins over the environment.
    translate(b, &root, "es-419", &[]).code(0);
    let r = fake.requests();
    assert_eq!(
        r[0].header("ocp-apim-subscription-region"),
        Some("eastasia")
    );
    let sent = texts_of(b, &r[0], "es");
    assert!(sent.iter().any(|t| t.starts_with(RENDERING)), "{sent:?}");
    assert_episode(&root, 1, 5, "es-419");
}

#[test]
fn azure_region_header_is_absent_without_a_region() {
    let b = B::Azure;
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "en", |_, _| None);
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    Test::new()
        .args(["translate", "--to", "en-US", "--backend", "azure"])
        .cwd(&root)
        .env(b.key_var(), KEY)
        .code(0);
    assert_eq!(
        fake.requests()[0].header("ocp-apim-subscription-region"),
        None
    );
}

#[test]
fn libre_refuses_vietnamese_before_any_request() {
    let b = B::Libre;
    let dir = tempfile::tempdir().unwrap();
    let fake = server(b, "vi", |_, _| None);
    let root = series(dir.path(), 1, 3, &settings(b, &fake.url(), ""));
    let run = translate(b, &root, "vi", &[]).code(2);
    assert!(
        run.stderr
            .contains("libre cannot translate zh-Hans into vi"),
        "{}",
        run.stderr
    );
    assert!(fake.requests().is_empty());
}

#[test]
fn libre_needs_a_base_url_but_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = series(dir.path(), 1, 3, "[translate.libre]\nretries = 0\n");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "libre"])
        .cwd(&root)
        .code(2);
    assert!(
        run.stderr.contains("base_url is required"),
        "{}",
        run.stderr
    );
    // Without a key the body has no api_key, and the run needs none.
    let fake = FakeServer::start(|r| {
        let body = r.json();
        if body.get("api_key").is_some() {
            return wrong(B::Libre, "api_key without a key");
        }
        let texts: Vec<String> = body["q"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        B::Libre.ok(&texts)
    });
    std::fs::write(
        root.join("series.toml"),
        std::fs::read_to_string(root.join("series.toml"))
            .unwrap()
            .replace(
                "[translate.libre]\n",
                &format!("[translate.libre]\nbase_url = \"{}\"\n", fake.url()),
            ),
    )
    .unwrap();
    Test::new()
        .args(["translate", "--to", "en-US", "--backend", "libre"])
        .cwd(&root)
        .code(0);
    assert_episode(&root, 1, 3, "en-US");
}
