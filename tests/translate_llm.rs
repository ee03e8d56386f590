//! `dramaloc translate --backend openai` against a fake OpenAI-compatible server that checks
//! the wire shape and answers with real-shaped chat completions: the happy path, every way an
//! LLM garbles a batch (a missing id, merged lines, unknown ids, a cut-off answer, prose,
//! blanks) and the error table of the reference (§5.2).

use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use serde_json::{Value, json};

use crate::cli::{Run, Test};
use crate::support::fakehttp::{Answer, FakeServer, Logged};
use crate::support::translate::{all_files, series, srt_cues};

const KEY: &str = "sk-dramaloc-LEAKCHECK-7f3a9c51e0";

/// A series whose `[translate.openai]` points at the fake, with fast retries.
fn setup(dir: &Path, server: &FakeServer, episodes: usize, cues: usize, extra: &str) -> PathBuf {
    series(
        dir,
        episodes,
        cues,
        &format!(
            "[translate.openai]\nbase_url = \"{}/v1\"\nmodel = \"gpt-4o-mini\"\nconcurrency = 1\nretries = 2\nmax_backoff = 0.05\n{}{extra}",
            server.url(),
            if extra.contains("timeout") {
                ""
            } else {
                "timeout = 5.0\n"
            }
        ),
    )
}

fn translate(root: &Path) -> Test {
    Test::new()
        .args([
            "--format",
            "json",
            "translate",
            "--to",
            "en-US",
            "--backend",
            "openai",
        ])
        .cwd(root)
        .env("OPENAI_API_KEY", KEY)
}

fn summary(run: &Run) -> Value {
    let v: Value = serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    v["languages"][0].clone()
}

/// The system prompt of a logged request.
fn system(l: &Logged) -> String {
    l.json()["messages"][0]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The cues (`id`, `text`) of a logged request's user message.
fn cues(l: &Logged) -> Vec<(String, String)> {
    let user = l.json()["messages"][1]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let v: Value = serde_json::from_str(&user).unwrap_or(Value::Null);
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap_or_default().to_owned(),
                        c["text"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the fake "model" writes for a cue: glossary entries found in the system prompt
/// (`- 温以茗 → Wen Yiming`) become a speaker prefix, `第1集第4句` becomes `episode 1, line 4`.
/// Without the glossary line the Chinese name stays, and the test sees it.
fn english(text: &str, system: &str) -> String {
    let mut out = text.to_owned();
    for line in system.lines() {
        if let Some((src, tgt)) = line.strip_prefix("- ").and_then(|l| l.split_once(" → ")) {
            out = out.replace(src, &format!("{tgt}: "));
        }
    }
    let re = Regex::new(r"第(\d+)集第(\d+)句话?").unwrap();
    let out = re.replace_all(&out, "episode $1, line $2").into_owned();
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

/// The translated cues of a request, as the fake model would write them.
fn translated(l: &Logged) -> Vec<Value> {
    let sys = system(l);
    cues(l)
        .into_iter()
        .map(|(id, text)| json!({"id": id, "text": english(&text, &sys)}))
        .collect()
}

/// A chat completion as OpenAI returns it.
fn completion(content: &str, finish: &str) -> Answer {
    Answer::json(
        200,
        json!({
            "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
            "object": "chat.completion",
            "created": 1_741_569_952,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": null, "annotations": []},
                "logprobs": null,
                "finish_reason": finish,
            }],
            "usage": {"prompt_tokens": 61, "completion_tokens": 14, "total_tokens": 75},
            "service_tier": "default",
            "system_fingerprint": "fp_06737a9306",
        }),
    )
}

/// A well-behaved answer to a request.
fn answer(l: &Logged) -> Answer {
    if l.path != "/v1/chat/completions" {
        return Answer::json(
            404,
            json!({"error": {"message": "no such path", "type": "invalid_request_error"}}),
        );
    }
    completion(&json!({"cues": translated(l)}).to_string(), "stop")
}

fn error(status: u16, message: &str, kind: &str, code: &str) -> Answer {
    Answer::json(
        status,
        json!({"error": {"message": message, "type": kind, "param": null, "code": code}}),
    )
}

/// The track a test expects for cue `c` of episode `e` (mirrors `support::translate::line`).
fn expected(e: usize, c: usize) -> String {
    let core = if c % 5 == 4 {
        format!("Wen Yiming: episode {e}, line {c}")
    } else {
        format!("Episode {e}, line {c}")
    };
    if c == 0 {
        format!("{{\\an8}}{core}")
    } else if c % 7 == 6 {
        format!("<i>{core}</i>")
    } else {
        core
    }
}

/// Every episode's en-US track: the source's timing, every cue translated, markup intact.
fn assert_tracks(root: &Path, episodes: usize, cues: usize) {
    for e in 1..=episodes {
        let dir = root.join("episodes").join(format!("{e:03}"));
        let source = srt_cues(&dir.join("zh-Hans.srt"));
        let target = srt_cues(&dir.join("en-US.srt"));
        assert_eq!(target.len(), cues, "episode {e}: {target:?}");
        for (c, ((st, _), (tt, text))) in source.iter().zip(&target).enumerate() {
            assert_eq!(st, tt, "episode {e} cue {c}: timing");
            assert_eq!(
                text.replace('\n', " "),
                expected(e, c),
                "episode {e} cue {c}"
            );
        }
    }
}

#[test]
fn translates_every_cue_with_the_glossary_and_the_right_wire_shape() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(answer);
    let root = setup(dir.path(), &server, 2, 8, "");
    let run = translate(&root).code(0);
    assert_tracks(&root, 2, 8);
    let s = summary(&run);
    assert_eq!(
        (
            s["translated"].as_u64(),
            s["requests"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(16), Some(1), Some(0)),
        "{s}"
    );
    assert_eq!(
        (s["billed"].as_u64(), s["billing_unit"].as_str()),
        (Some(75), Some("tokens")),
        "{s}"
    );
    let reqs = server.requests();
    let r = &reqs[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let body = r.json();
    assert_eq!(body["model"], "gpt-4o-mini");
    assert_eq!(body["temperature"], 0.2);
    assert!(body["max_tokens"].as_u64().is_some_and(|t| t > 0), "{body}");
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["role"], "user");
    let sys = system(r);
    assert!(
        sys.contains("from Simplified Chinese (zh-Hans) into English (United States) (en-US)"),
        "{sys}"
    );
    assert!(
        sys.contains("温以茗 → Wen Yiming") && sys.contains("⟦1⟧"),
        "{sys}"
    );
    let rf = &body["response_format"];
    assert_eq!(rf["type"], "json_schema");
    assert_eq!(rf["json_schema"]["strict"], true);
    assert_eq!(
        rf["json_schema"]["schema"]["properties"]["cues"]["items"]["properties"]["id"]["type"],
        "string"
    );
    // Markup never reaches the model: the caption's override block and italics are kept aside.
    let sent = cues(r);
    assert_eq!(sent.len(), 16);
    assert!(
        sent.iter()
            .all(|(_, t)| !t.contains('{') && !t.contains('<')),
        "{sent:?}"
    );
    assert_eq!(sent[0], ("1".to_owned(), "第1集第0句话".to_owned()));

    // A second run finds everything in the memory: no request.
    let again = Test::new()
        .args([
            "--format",
            "json",
            "translate",
            "--to",
            "en-US",
            "--backend",
            "openai",
            "--force",
        ])
        .cwd(&root)
        .env("OPENAI_API_KEY", KEY)
        .code(0);
    assert_eq!(summary(&again)["from_memory"].as_u64(), Some(16));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_missing_id_is_asked_again_alone() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        let mut items = translated(l);
        if l.n == 0 {
            items.remove(3);
        }
        completion(&json!({"cues": items}).to_string(), "stop")
    });
    let root = setup(dir.path(), &server, 1, 6, "");
    translate(&root).code(0);
    assert_tracks(&root, 1, 6);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    // The re-ask holds exactly the missing cue (ids are batch positions, so compare texts).
    let first = cues(&reqs[0]);
    let second = cues(&reqs[1]);
    assert_eq!(second, vec![("1".to_owned(), first[3].1.clone())]);
}

#[test]
fn merged_lines_leave_an_id_missing_and_it_is_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        let mut items = translated(l);
        if l.n == 0 {
            // The model puts cues 2 and 3 into id 2 and drops id 3.
            let merged = format!(
                "{} {}",
                items[1]["text"].as_str().unwrap(),
                items[2]["text"].as_str().unwrap()
            );
            items[1]["text"] = json!(merged);
            items.remove(2);
        }
        completion(&json!({"cues": items}).to_string(), "stop")
    });
    let root = setup(dir.path(), &server, 1, 5, "");
    translate(&root).code(0);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        cues(&reqs[1]),
        vec![("1".to_owned(), "第1集第2句话".to_owned())]
    );
    let track = srt_cues(&root.join("episodes/001/en-US.srt"));
    assert_eq!(track.len(), 5);
    assert!(track.iter().all(|(_, t)| !t.trim().is_empty()), "{track:?}");
    assert_eq!(track[2].1, "Episode 1, line 2");
    assert_eq!(
        track[1].1.replace('\n', " "),
        "Episode 1, line 1 Episode 1, line 2"
    );
}

#[test]
fn unknown_and_repeated_ids_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        let mut items = vec![
            json!({"id": "99", "text": "JUNK ninety-nine"}),
            json!({"id": "E001#1", "text": "JUNK unit id"}),
        ];
        items.extend(translated(l));
        items.push(json!({"id": "2", "text": "JUNK repeated"}));
        items.push(json!({"id": 0, "text": "JUNK zero"}));
        completion(
            &format!("Here you go:\n```json\n{}\n```", json!({"cues": items})),
            "stop",
        )
    });
    let root = setup(dir.path(), &server, 1, 5, "");
    translate(&root).code(0);
    assert_tracks(&root, 1, 5);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_cut_off_answer_is_asked_again_in_halves() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        if l.n == 0 {
            let full = json!({"cues": translated(l)}).to_string();
            // Cut in the middle of the third cue.
            let items = translated(l);
            let two = json!({"cues": items[..2]}).to_string();
            let cut = &full[..two.len() + 12];
            return completion(cut, "length");
        }
        answer(l)
    });
    let root = setup(dir.path(), &server, 1, 6, "");
    let run = translate(&root).code(0);
    assert_tracks(&root, 1, 6);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "{}", run.stdout);
    assert_eq!(cues(&reqs[1]).len(), 2);
    assert_eq!(cues(&reqs[2]).len(), 2);
    let asked: Vec<String> = reqs[1..].iter().flat_map(cues).map(|(_, t)| t).collect();
    let first: Vec<String> = cues(&reqs[0]).into_iter().map(|(_, t)| t).collect();
    assert_eq!(asked, first[2..].to_vec());
}

#[test]
fn a_rate_limit_is_waited_out_as_the_server_asks() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        if l.n == 0 {
            return error(
                429,
                "Rate limit reached for gpt-4o-mini in organization org-x on tokens per min (TPM): Limit 200000, Used 199000, Requested 1538. Please try again in 300ms.",
                "tokens",
                "rate_limit_exceeded",
            )
            .with_header("retry-after-ms", "300");
        }
        answer(l)
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    let run = translate(&root).code(0);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[1].at - reqs[0].at >= Duration::from_millis(280),
        "{:?}",
        reqs[1].at - reqs[0].at
    );
    assert_eq!(summary(&run)["retries"].as_u64(), Some(1));
    assert_tracks(&root, 1, 3);
}

#[test]
fn an_exhausted_quota_stops_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|_| {
        error(
            429,
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            "insufficient_quota",
        )
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "openai"])
        .cwd(&root)
        .env("OPENAI_API_KEY", KEY)
        .code(2);
    assert!(
        run.stderr.contains("You exceeded your current quota"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("quota or balance is used up"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_refused_key_stops_with_the_key_hint() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|_| {
        error(
            401,
            "Incorrect API key provided: sk-dram*****************c51e0. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            "invalid_api_key",
        )
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "openai"])
        .cwd(&root)
        .env("OPENAI_API_KEY", KEY)
        .code(2);
    assert!(
        run.stderr.contains("Incorrect API key provided"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("check the key"), "{}", run.stderr);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_unknown_model_stops_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|_| {
        error(
            404,
            "The model `gpt-4o-mini` does not exist or you do not have access to it.",
            "invalid_request_error",
            "model_not_found",
        )
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "openai"])
        .cwd(&root)
        .code(2);
    assert!(
        run.stderr.contains("no model `gpt-4o-mini`") && run.stderr.contains("does not exist"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 1);
    // Without a key no Authorization header goes out (local servers need none).
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[test]
fn a_server_error_and_a_time_out_are_retried() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| match l.n {
        0 => error(
            500,
            "The server had an error while processing your request.",
            "server_error",
            "server_error",
        ),
        1 => answer(l).after(Duration::from_millis(1500)),
        _ => answer(l),
    });
    let root = setup(dir.path(), &server, 1, 3, "timeout = 0.5\n");
    let run = translate(&root).code(0);
    assert_tracks(&root, 1, 3);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(summary(&run)["retries"].as_u64(), Some(2));
}

#[test]
fn garbage_content_is_retried_then_the_run_stops() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|_| {
        completion("I'm sorry, I can only translate text into French.", "stop")
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "openai"])
        .cwd(&root)
        .env("OPENAI_API_KEY", KEY)
        .code(2);
    // One request and two retries, each a real request.
    assert_eq!(server.requests().len(), 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("no usable cue") && run.stderr.contains("only translate text"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_blank_answer_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        if l.n == 0 {
            return completion("          \n   ", "stop");
        }
        answer(l)
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    translate(&root).code(0);
    assert_tracks(&root, 1, 3);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn json_object_mode_asks_for_json_in_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        // DeepSeek style: prose-free JSON, numeric ids.
        let items: Vec<Value> = translated(l)
            .into_iter()
            .map(|c| json!({"id": c["id"].as_str().unwrap().parse::<u64>().unwrap(), "text": c["text"]}))
            .collect();
        completion(&json!({"cues": items}).to_string(), "stop")
    });
    let root = setup(
        dir.path(),
        &server,
        1,
        5,
        "response_format = \"json_object\"\n",
    );
    translate(&root).code(0);
    assert_tracks(&root, 1, 5);
    let body = server.requests()[0].json();
    assert_eq!(body["response_format"], json!({"type": "json_object"}));
    let messages = body["messages"].as_array().unwrap();
    assert!(
        messages.iter().any(|m| m["content"]
            .as_str()
            .is_some_and(|c| c.contains("json") && c.contains("{\"cues\":[{\"id\":"))),
        "{body}"
    );
}

#[test]
fn the_key_is_never_written_or_shown() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        if l.n == 0 {
            return error(500, "upstream hiccup", "server_error", "server_error");
        }
        answer(l)
    });
    let root = setup(dir.path(), &server, 2, 6, "");
    let mut outputs = Vec::new();
    let run = translate(&root).code(0);
    outputs.push(run.stdout + &run.stderr);
    // A failing run too, and a dry run, and the memory's own commands.
    let failing = FakeServer::start(|_| {
        error(
            401,
            "Incorrect API key provided: sk-dram***c51e0.",
            "invalid_request_error",
            "invalid_api_key",
        )
    });
    let toml = root.join("series.toml");
    std::fs::write(
        &toml,
        std::fs::read_to_string(&toml)
            .unwrap()
            .replace(&server.url(), &failing.url()),
    )
    .unwrap();
    let run = Test::new()
        .args(["translate", "--to", "fr", "--backend", "openai"])
        .cwd(&root)
        .env("OPENAI_API_KEY", KEY)
        .code(2);
    outputs.push(run.stdout + &run.stderr);
    let run = Test::new()
        .args([
            "translate",
            "--to",
            "es-419",
            "--backend",
            "openai",
            "--dry-run",
        ])
        .cwd(&root)
        .env("OPENAI_API_KEY", KEY)
        .code(0);
    outputs.push(run.stdout + &run.stderr);
    for out in &outputs {
        assert!(!out.contains(KEY), "the key was shown:\n{out}");
    }
    let files = all_files(&root);
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "srt"))
    );
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
            "the key is in {}",
            f.display()
        );
    }
}

#[test]
fn dry_run_counts_tokens_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(answer);
    let root = setup(dir.path(), &server, 2, 6, "");
    let run = Test::new()
        .args([
            "translate",
            "--to",
            "en-US",
            "--backend",
            "openai",
            "--dry-run",
        ])
        .cwd(&root)
        .code(0);
    assert!(run.stdout.contains("tokens in"), "{}", run.stdout);
    assert!(
        run.stdout.contains("openai (gpt-4o-mini)"),
        "{}",
        run.stdout
    );
    let json_run = Test::new()
        .args([
            "--format",
            "json",
            "translate",
            "--to",
            "en-US",
            "--backend",
            "openai",
            "--dry-run",
        ])
        .cwd(&root)
        .code(0);
    let v: Value = serde_json::from_str(json_run.stdout.trim()).unwrap();
    let e = &v["languages"][0];
    assert_eq!(e["billing_unit"], "tokens");
    assert!(e["billed"].as_u64().is_some_and(|b| b > 12), "{e}");
    assert!(e["output_tokens"].as_u64().is_some_and(|b| b > 0), "{e}");
    assert_eq!(e["requests"], 1);
    assert!(server.requests().is_empty());
}

#[test]
fn a_missing_model_is_a_setting_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = series(
        dir.path(),
        1,
        2,
        "[translate.openai]\nbase_url = \"http://127.0.0.1:9/v1\"\n",
    );
    let run = Test::new()
        .args(["translate", "--to", "en-US", "--backend", "openai"])
        .cwd(&root)
        .run();
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("no model") && run.stderr.contains("[translate.openai]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rate_limit_without_a_delay_is_retried_with_backoff() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        if l.n < 2 {
            return error(
                429,
                "Rate limit reached for requests",
                "requests",
                "rate_limit_exceeded",
            );
        }
        answer(l)
    });
    let root = setup(dir.path(), &server, 1, 3, "");
    let run = translate(&root).code(0);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(summary(&run)["retries"].as_u64(), Some(2));
    assert_tracks(&root, 1, 3);
}

/// "Request too large" for the token limit is not a rate limit: the batch is split in halves
/// until each piece fits, and every cue is translated.
#[test]
fn a_request_too_large_for_the_token_limit_is_split() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|l| {
        let n = cues(l).len();
        if n > 2 {
            return error(
                429,
                &format!(
                    "Request too large for gpt-4o-mini in organization org-x on tokens per min (TPM): Limit 1000, Requested {}. The input or output tokens must be reduced in order to run successfully.",
                    1000 + n * 100
                ),
                "tokens",
                "rate_limit_exceeded",
            );
        }
        answer(l)
    });
    let root = setup(dir.path(), &server, 1, 6, "");
    let run = translate(&root).code(0);
    let sizes: Vec<usize> = server.requests().iter().map(|l| cues(l).len()).collect();
    assert_eq!(sizes[0], 6, "{sizes:?}");
    assert_eq!(
        sizes.iter().filter(|&&s| s <= 2).sum::<usize>(),
        6,
        "{sizes:?}"
    );
    assert_eq!(
        summary(&run)["retries"].as_u64(),
        Some(0),
        "a split is not a retry"
    );
    assert_tracks(&root, 1, 6);
}
