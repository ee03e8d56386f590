//! `command`: an external program (an in-house engine) that speaks JSON lines on its standard
//! input and output. The protocol is in `docs/translation.md`; in short:
//!
//! - dramaloc starts `program` once for the run (per language pair), not once per batch: an
//!   engine that loads a model pays that once. With `concurrency = N` up to N copies run,
//!   each answering one request at a time.
//! - Per request it writes one line `{"id": n, "source", "target", "units": [{"id","text"}],
//!   "terms": [{"source","target"}], "keep": […], "context": {"synopsis","before","after"}}`
//!   and reads lines until one has the same `id`: `{"id": n, "translations": [{"id","text"}],
//!   "billed"?: n}` or `{"id": n, "error": {"message": "…", "retry": bool}}`.
//! - A program that exits, closes its output, writes a line that is not JSON or does not
//!   answer within `timeout` seconds is stopped (killed) and the request retried with a new
//!   copy; the message carries the end of its stderr. A program that cannot be started stops
//!   the run. Children are killed when dramaloc drops them (`kill_on_drop`).

use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout};

use super::super::backend::{
    BoxFuture, Failure, Limits, Parsed, Reply, Request, StopKind, Translated, Translator,
};
use super::super::settings::BackendSettings;
use crate::model::Language;

/// Seconds to wait for one answer unless `timeout` says otherwise.
pub const TIMEOUT: f64 = 120.0;
/// Units per request unless `batch` says otherwise.
pub const BATCH: usize = 50;
/// Longest answer line read (bytes).
const MAX_LINE: usize = 16 << 20;
/// Stderr bytes kept for messages.
const STDERR_TAIL: usize = 4096;
/// Answer lines with another id skipped before giving up on a copy.
const MAX_STALE: usize = 1000;

pub struct Command {
    program: Vec<String>,
    timeout: Duration,
    limits: Limits,
    next: AtomicU64,
    /// Running copies waiting for a request.
    idle: Mutex<Vec<Proc>>,
}

/// A running copy of the program.
struct Proc {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// The end of what it wrote on stderr, read by a task of its own.
    tail: Arc<Mutex<Vec<u8>>>,
    drain: tokio::task::JoinHandle<()>,
}

/// Why a copy can no longer be used.
enum Broken {
    /// It exited, closed its output or stopped reading.
    Ended(String),
    /// It wrote something that is not an answer.
    Garbled(String),
}

impl Command {
    pub fn new(settings: &BackendSettings) -> Result<Command, String> {
        if settings.program.first().is_none_or(|p| p.trim().is_empty()) {
            return Err(
                "no program: set `program = [\"/path/to/engine\", \"--flag\"]` under \
                 [translate.command] in series.toml"
                    .to_owned(),
            );
        }
        Ok(Command {
            program: settings.program.clone(),
            timeout: Duration::from_secs_f64(settings.timeout.unwrap_or(TIMEOUT).max(0.001)),
            limits: Limits {
                max_units: settings.batch.unwrap_or(BATCH).max(1),
                max_chars: 20_000,
                concurrency: settings.concurrency.unwrap_or(1).max(1),
                rate: settings.rate,
            },
            next: AtomicU64::new(0),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// The program's name as written in `program`.
    fn name(&self) -> &str {
        self.program.first().map_or("", String::as_str)
    }

    fn spawn(&self) -> Result<Proc, Failure> {
        let name = self.name();
        let mut child = tokio::process::Command::new(name)
            .args(&self.program[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| Failure::Stop {
                kind: StopKind::BadRequest,
                message: format!("cannot start `{name}`: {e}"),
            })?;
        let (Some(stdin), Some(stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(Failure::Retry {
                after: None,
                message: format!("`{name}` started without its standard streams"),
            });
        };
        let tail = Arc::new(Mutex::new(Vec::new()));
        let drain = {
            let tail = tail.clone();
            tokio::spawn(async move {
                let mut chunk = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut chunk).await {
                    if n == 0 {
                        break;
                    }
                    let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                    t.extend_from_slice(&chunk[..n]);
                    if t.len() > STDERR_TAIL {
                        let cut = t.len() - STDERR_TAIL;
                        t.drain(..cut);
                    }
                }
            })
        };
        Ok(Proc {
            child,
            stdin,
            stdout: BufReader::new(stdout),
            tail,
            drain,
        })
    }

    fn take_idle(&self) -> Option<Proc> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn put_idle(&self, proc: Proc) {
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(proc);
    }
}

/// The request line (without its newline).
pub fn request_line(n: u64, request: &Request) -> String {
    json!({
        "id": n,
        "source": request.source.as_str(),
        "target": request.target.as_str(),
        "units": request.units.iter().map(|u| json!({"id": u.id, "text": u.text})).collect::<Vec<_>>(),
        "terms": request.terms.iter().map(|t| json!({"source": t.source, "target": t.target})).collect::<Vec<_>>(),
        "keep": request.keep,
        "avoid": request.avoid,
        "context": {
            "synopsis": request.context.synopsis,
            "before": request.context.before,
            "after": request.context.after,
        },
    })
    .to_string()
}

impl Proc {
    /// Write the request and read lines until the answer with id `n`.
    async fn exchange(&mut self, n: u64, line: &str) -> Result<Value, Broken> {
        let mut out = line.as_bytes().to_vec();
        out.push(b'\n');
        if let Err(e) = self.stdin.write_all(&out).await {
            return Err(Broken::Ended(format!("stopped reading its input ({e})")));
        }
        if let Err(e) = self.stdin.flush().await {
            return Err(Broken::Ended(format!("stopped reading its input ({e})")));
        }
        for _ in 0..MAX_STALE {
            let mut buf = Vec::new();
            let read = (&mut self.stdout)
                .take(MAX_LINE as u64)
                .read_until(b'\n', &mut buf)
                .await;
            match read {
                Err(e) => return Err(Broken::Ended(format!("could not be read ({e})"))),
                Ok(0) => {
                    return Err(Broken::Ended(format!(
                        "closed its output before answering request {n}"
                    )));
                }
                Ok(_) if buf.last() != Some(&b'\n') => {
                    return Err(if buf.len() >= MAX_LINE {
                        Broken::Garbled(format!("wrote a line longer than {} MiB", MAX_LINE >> 20))
                    } else {
                        Broken::Ended(format!(
                            "closed its output in the middle of a line before answering request {n}"
                        ))
                    });
                }
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&buf);
            if text.trim().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(text.trim()).map_err(|_| {
                Broken::Garbled(format!("wrote a line that is not JSON: {}", snippet(&text)))
            })?;
            // An answer to an earlier request (one that timed out) is skipped.
            if value.get("id").and_then(Value::as_u64) == Some(n) {
                return Ok(value);
            }
        }
        Err(Broken::Garbled(format!(
            "wrote {MAX_STALE} lines without answering request {n}"
        )))
    }

    /// What stderr said, for a message.
    fn stderr_tail(&self) -> String {
        tail_text(&self.tail)
    }

    /// A copy that ended: wait briefly for its exit status and the rest of its stderr.
    async fn ended(mut self, name: &str, what: &str) -> String {
        drop(self.stdin);
        let status = match tokio::time::timeout(Duration::from_secs(2), self.child.wait()).await {
            Ok(Ok(s)) => format!(" ({s})"),
            _ => String::new(),
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), &mut self.drain).await;
        let said = tail_text(&self.tail);
        format!("`{name}` {what}{status}; {said}")
    }
}

/// The end of a copy's stderr, for a message.
fn tail_text(tail: &Mutex<Vec<u8>>) -> String {
    let t = tail.lock().unwrap_or_else(|e| e.into_inner());
    let text = String::from_utf8_lossy(&t);
    let text = text.trim();
    if text.is_empty() {
        return "nothing on stderr".to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let start = chars.len().saturating_sub(800);
    format!("stderr: {}", chars[start..].iter().collect::<String>())
}

fn snippet(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 200 {
        format!("{}…", t.chars().take(200).collect::<String>())
    } else {
        t.to_owned()
    }
}

/// An `{"error": {...}}` answer as a failure, or `None` for a translation.
fn error_of(value: &Value, name: &str) -> Option<Failure> {
    let e = value.get("error").filter(|e| !e.is_null())?;
    let message = e
        .get("message")
        .and_then(Value::as_str)
        .map_or_else(|| e.to_string(), str::to_owned);
    let message = format!("`{name}` answered with an error: {}", snippet(&message));
    Some(if e.get("retry").and_then(Value::as_bool) == Some(true) {
        Failure::Retry {
            after: None,
            message,
        }
    } else {
        Failure::Stop {
            kind: StopKind::BadRequest,
            message,
        }
    })
}

impl Translator for Command {
    fn id(&self) -> &'static str {
        "command"
    }
    /// The program and its arguments: a different engine is a different request key.
    fn endpoint(&self) -> &str {
        self.name()
    }
    fn limits(&self) -> Limits {
        self.limits
    }
    fn supports(&self, _: &Language, _: &Language) -> Result<(), String> {
        Ok(())
    }
    /// The program gets the source text intact and the glossary entries in `terms`.
    fn native_glossary(&self) -> bool {
        true
    }
    fn partial_replies(&self) -> bool {
        true
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        Box::pin(async move {
            let name = self.name();
            let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
            let line = request_line(n, request);
            let mut proc = match self.take_idle() {
                Some(p) => p,
                None => self.spawn()?,
            };
            match tokio::time::timeout(self.timeout, proc.exchange(n, &line)).await {
                Ok(Ok(value)) => {
                    // Still in step with us: keep it for the next request.
                    let failure = error_of(&value, name);
                    self.put_idle(proc);
                    match failure {
                        Some(f) => Err(f),
                        None => Ok(Reply {
                            body: value.to_string().into_bytes(),
                            billed_header: None,
                        }),
                    }
                }
                Ok(Err(Broken::Ended(what))) => Err(Failure::Retry {
                    after: None,
                    message: proc.ended(name, &what).await,
                }),
                Ok(Err(Broken::Garbled(what))) => {
                    let message = format!("`{name}` {what}; {}", proc.stderr_tail());
                    drop(proc);
                    Err(Failure::Retry {
                        after: None,
                        message,
                    })
                }
                Err(_) => {
                    let message = format!(
                        "`{name}` did not answer request {n} within {} s and was stopped; {}",
                        self.timeout.as_secs_f64(),
                        proc.stderr_tail()
                    );
                    drop(proc);
                    Err(Failure::Retry {
                        after: None,
                        message,
                    })
                }
            }
        })
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        let garbled = |why: &str| Failure::Retry {
            after: None,
            message: format!("`{}`'s answer {why}", self.name()),
        };
        let v: Value = serde_json::from_slice(&reply.body).map_err(|_| garbled("is not JSON"))?;
        let items = v
            .get("translations")
            .and_then(Value::as_array)
            .ok_or_else(|| garbled("has no \"translations\" array"))?;
        let mut texts: Vec<Translated> = Vec::new();
        for item in items {
            let (Some(id), Some(text)) = (
                item.get("id").and_then(Value::as_str),
                item.get("text").and_then(Value::as_str),
            ) else {
                continue;
            };
            let text = text.trim();
            if text.is_empty()
                || !request.units.iter().any(|u| u.id == id)
                || texts.iter().any(|t| t.id == id)
            {
                continue;
            }
            texts.push(Translated {
                id: id.to_owned(),
                text: text.to_owned(),
            });
        }
        let billed = v
            .get("billed")
            .and_then(Value::as_u64)
            .unwrap_or_else(|| self.estimate(request));
        Ok(Parsed {
            texts,
            billed,
            truncated: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::backend::{Context, TermPair, Unit};

    fn request() -> Request {
        Request {
            source: Language::parse("zh-Hans").unwrap(),
            target: Language::parse("en-US").unwrap(),
            units: vec![
                Unit {
                    id: "E001#1".into(),
                    text: "你好".into(),
                },
                Unit {
                    id: "E001#2".into(),
                    text: "温以茗".into(),
                },
            ],
            context: Context {
                synopsis: Some("S".into()),
                before: vec![],
                after: vec!["后".into()],
            },
            terms: vec![TermPair {
                source: "温以茗".into(),
                target: "Wen Yiming".into(),
            }],
            keep: vec![],
            avoid: Vec::new(),
        }
    }

    #[test]
    fn the_request_line() {
        let v: Value = serde_json::from_str(&request_line(7, &request())).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(
            (v["source"].as_str(), v["target"].as_str()),
            (Some("zh-Hans"), Some("en-US"))
        );
        assert_eq!(v["units"][1], json!({"id":"E001#2","text":"温以茗"}));
        assert_eq!(
            v["terms"][0],
            json!({"source":"温以茗","target":"Wen Yiming"})
        );
        assert_eq!(
            v["context"],
            json!({"synopsis":"S","before":[],"after":["后"]})
        );
    }

    #[test]
    fn answers_are_matched_by_id_and_errors_classified() {
        let c = Command::new(&BackendSettings {
            program: vec!["x".into()],
            ..BackendSettings::default()
        })
        .unwrap();
        let reply = |v: Value| Reply {
            body: v.to_string().into_bytes(),
            billed_header: None,
        };
        let p = c
            .parse(&request(), &reply(json!({"id":1,"translations":[
                {"id":"E001#2","text":"Wen Yiming"},{"id":"E009#9","text":"x"},{"id":"E001#2","text":"again"},{"id":"E001#1","text":" "}],"billed":9})))
            .unwrap();
        assert_eq!(
            p.texts,
            vec![Translated {
                id: "E001#2".into(),
                text: "Wen Yiming".into()
            }]
        );
        assert_eq!(p.billed, 9);
        assert_eq!(
            c.parse(&request(), &reply(json!({"id":1,"translations":[]})))
                .unwrap()
                .billed,
            5
        );
        assert!(matches!(
            c.parse(&request(), &reply(json!({"id":1}))),
            Err(Failure::Retry { .. })
        ));
        assert!(matches!(
            error_of(
                &json!({"id":1,"error":{"message":"busy","retry":true}}),
                "x"
            ),
            Some(Failure::Retry { .. })
        ));
        assert!(matches!(
            error_of(&json!({"id":1,"error":{"message":"no"}}), "x"),
            Some(Failure::Stop { .. })
        ));
        assert!(error_of(&json!({"id":1,"translations":[]}), "x").is_none());
        assert!(Command::new(&BackendSettings::default()).is_err());
    }
}
