//! `openai`: any OpenAI-compatible chat-completions server — OpenAI, Ollama, llama.cpp,
//! vLLM, DeepSeek, Qwen (`reference/translation-apis.md` §5).
//!
//! One request per batch: `POST {base_url}/chat/completions` with a system prompt (languages,
//! rules, the glossary, do-not-translate terms, context) and a user message holding the cues
//! as a JSON array `[{"id":"1","text":"…"}]`. Ids are the cue's position in the batch, as
//! strings: short, easy for small models to copy, and mapped back to the unit ids here. The
//! reply is read tolerantly (code fences, prose around the JSON, a bare array, numeric ids,
//! a cut-off answer) and matched by id; what is missing is asked again by the pipeline.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};

use super::super::backend::{
    BoxFuture, Failure, Limits, Parsed, Reply, Request, StopKind, Translated, Translator, tokens_of,
};
use super::super::codes;
use super::super::http::{self, Answer};
use super::super::settings::{BackendSettings, Secret};
use crate::memory::BillingUnit;
use crate::model::Language;

/// Where requests go without a `base_url`.
pub const DEFAULT_BASE: &str = "https://api.openai.com/v1";
/// Cues per request unless `batch` says otherwise.
pub const BATCH: usize = 40;
/// Source characters per request: keeps a batch's prompt and answer well inside the TPM
/// limits of small accounts and the context of small local models.
pub const MAX_CHARS: usize = 6_000;
/// Ceiling of the output budget sent as `max_completion_tokens` / `max_tokens` (DeepSeek's
/// and many local servers' own maximum).
pub const MAX_OUTPUT_TOKENS: u64 = 8_192;
/// Seconds before a request times out unless `timeout` says otherwise: local models on a CPU
/// are slow.
pub const TIMEOUT: f64 = 300.0;

/// How the reply is constrained (`response_format` setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseFormat {
    /// `{"type":"json_schema", …, "strict": true}`: OpenAI, vLLM, llama.cpp, Ollama, Qwen.
    JsonSchema,
    /// `{"type":"json_object"}`: DeepSeek, older models.
    JsonObject,
    /// No `response_format` at all: servers that reject the field.
    None,
}

impl ResponseFormat {
    pub fn parse(value: Option<&str>) -> Result<ResponseFormat, String> {
        match value.map(str::trim) {
            None | Some("json_schema") => Ok(ResponseFormat::JsonSchema),
            Some("json_object") => Ok(ResponseFormat::JsonObject),
            Some("none") => Ok(ResponseFormat::None),
            Some(other) => Err(format!(
                "response_format `{other}` is not one of json_schema, json_object, none"
            )),
        }
    }
}

pub struct OpenAi {
    client: reqwest::Client,
    base: String,
    key: Option<Secret>,
    model: String,
    temperature: f64,
    format: ResponseFormat,
    /// OpenAI's own host: `max_completion_tokens` (reasoning models refuse `max_tokens`);
    /// every other server gets `max_tokens`, the field they all read.
    official: bool,
    limits: Limits,
}

impl OpenAi {
    /// The backend from its settings; the key is optional (local servers need none).
    pub fn new(settings: &BackendSettings, key: Option<Secret>) -> Result<OpenAi, String> {
        let model = settings
            .model
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .ok_or_else(|| {
                "no model: set `model` under [translate.openai] in series.toml (e.g. \
                 \"gpt-4o-mini\", \"deepseek-chat\", or a name `ollama list` shows)"
                    .to_owned()
            })?
            .to_owned();
        let base = settings
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(DEFAULT_BASE)
            .trim_end_matches('/')
            .to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(format!(
                "base_url `{base}` must start with http:// or https:// (e.g. http://127.0.0.1:11434/v1)"
            ));
        }
        let temperature = settings.temperature.unwrap_or(0.2);
        if !(temperature.is_finite() && (0.0..=2.0).contains(&temperature)) {
            return Err(format!("temperature {temperature} is not between 0 and 2"));
        }
        let format = ResponseFormat::parse(settings.response_format.as_deref())?;
        let timeout = Duration::from_secs_f64(settings.timeout.unwrap_or(TIMEOUT).max(0.001));
        let key = key.filter(|k| !k.expose().trim().is_empty());
        Ok(OpenAi {
            client: http::client(timeout)?,
            official: host(&base) == "api.openai.com",
            base,
            key,
            model,
            temperature,
            format,
            limits: Limits {
                max_units: settings.batch.unwrap_or(BATCH).max(1),
                max_chars: MAX_CHARS,
                concurrency: settings.concurrency.unwrap_or(2).max(1),
                rate: settings.rate,
            },
        })
    }

    /// The system prompt: languages, rules, glossary, do-not-translate terms, context, and
    /// the shape of the reply (with the word "json" and an example, which DeepSeek and
    /// Qwen's `json_object` mode require).
    pub fn system_prompt(&self, request: &Request) -> String {
        system_prompt(request)
    }

    /// The request body.
    pub fn body(&self, request: &Request) -> Value {
        let mut body = json!({
            "model": self.model,
            "temperature": self.temperature,
            "messages": [
                {"role": "system", "content": system_prompt(request)},
                {"role": "user", "content": user_message(request)},
            ],
        });
        let budget = output_budget(request);
        if self.official {
            body["max_completion_tokens"] = json!(budget);
        } else {
            body["max_tokens"] = json!(budget);
        }
        match self.format {
            ResponseFormat::JsonSchema => body["response_format"] = schema(),
            ResponseFormat::JsonObject => body["response_format"] = json!({"type": "json_object"}),
            ResponseFormat::None => {}
        }
        body
    }

    /// The prompt's size in tokens, estimated (system prompt, user message, a few tokens of
    /// overhead per message).
    fn prompt_tokens(&self, request: &Request) -> u64 {
        tokens_of(&system_prompt(request)) + tokens_of(&user_message(request)) + 8
    }

    /// A failure's message with the key taken out, should a server ever echo it.
    fn scrub(&self, failure: Failure) -> Failure {
        let Some(key) = &self.key else {
            return failure;
        };
        let clean = |m: String| m.replace(key.expose(), "[REDACTED]");
        match failure {
            Failure::Retry { after, message } => Failure::Retry {
                after,
                message: clean(message),
            },
            Failure::TooLarge { message } => Failure::TooLarge {
                message: clean(message),
            },
            Failure::Stop { kind, message } => Failure::Stop {
                kind,
                message: clean(message),
            },
        }
    }
}

/// The host of a URL (`https://api.openai.com/v1` → `api.openai.com`).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.split(':').next().unwrap_or(authority)
}

/// See [`OpenAi::system_prompt`].
pub fn system_prompt(request: &Request) -> String {
    let source = codes::english_name(&request.source);
    let target = codes::english_name(&request.target);
    let mut p = format!(
        "You translate the subtitles of a short drama series.\n\
         Translate each cue from {source} ({}) into {target} ({}).\n\
         Rules:\n\
         - Exactly one output cue for each input id. Never merge cues, never split a cue, never \
         leave one out; keep each id exactly as given.\n\
         - Copy every token like ⟦1⟧ exactly as written, at the right place in the translation.\n\
         - Write natural, short subtitle lines in {target}: no notes, no explanations, no quotes \
         around the text.\n",
        request.source, request.target
    );
    if !request.terms.is_empty() {
        p.push_str("Glossary: write these names and terms exactly as given here:\n");
        for t in &request.terms {
            p.push_str(&format!("- {} → {}\n", t.source, t.target));
        }
    }
    if !request.keep.is_empty() {
        p.push_str("Do not translate these; keep them exactly as written:\n");
        for k in &request.keep {
            p.push_str(&format!("- {k}\n"));
        }
    }
    if !request.avoid.is_empty() {
        p.push_str("Never write these (wrong spellings or banned words in this language):\n");
        for a in &request.avoid {
            p.push_str(&format!("- {a}\n"));
        }
    }
    let c = &request.context;
    if c.synopsis.is_some() || !c.before.is_empty() || !c.after.is_empty() {
        p.push_str(
            "Context, to understand the cues only (do not translate it, do not put it in the reply):\n",
        );
        if let Some(s) = &c.synopsis {
            p.push_str(&format!("Synopsis: {s}\n"));
        }
        if !c.before.is_empty() {
            p.push_str("Lines just before:\n");
            for l in &c.before {
                p.push_str(&format!("- {l}\n"));
            }
        }
        if !c.after.is_empty() {
            p.push_str("Lines just after:\n");
            for l in &c.after {
                p.push_str(&format!("- {l}\n"));
            }
        }
    }
    p.push_str(
        "The user message is a json array of cues {\"id\", \"text\"}. Reply with one json object \
         only, in exactly this form:\n\
         {\"cues\":[{\"id\":\"1\",\"text\":\"<translation of cue 1>\"},{\"id\":\"2\",\"text\":\"<translation of cue 2>\"}]}",
    );
    p
}

/// The user message: the cues as a JSON array, ids `"1"`, `"2"`… in batch order.
pub fn user_message(request: &Request) -> String {
    let cues: Vec<Value> = request
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| json!({"id": (i + 1).to_string(), "text": u.text}))
        .collect();
    Value::Array(cues).to_string()
}

/// `response_format` for `json_schema` (§5.1; ids are strings).
fn schema() -> Value {
    json!({
        "type": "json_schema",
        "json_schema": {
            "name": "cues",
            "strict": true,
            "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": ["cues"],
                "properties": {
                    "cues": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["id", "text"],
                            "properties": {
                                "id": {"type": "string"},
                                "text": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    })
}

/// The output limit sent with a request: twice the expected answer (two tokens per source
/// token, a dozen per cue for the JSON around it) plus 1,024 tokens of headroom (reasoning
/// models spend output tokens thinking), at most [`MAX_OUTPUT_TOKENS`]. Only what the model
/// writes is billed; the limit stops a runaway answer.
pub fn output_budget(request: &Request) -> u64 {
    let expected: u64 = request
        .units
        .iter()
        .map(|u| tokens_of(&u.text) * 2 + 12)
        .sum::<u64>()
        + 16;
    (expected * 2 + 1024).min(MAX_OUTPUT_TOKENS)
}

fn retry(message: String) -> Failure {
    Failure::Retry {
        after: None,
        message,
    }
}

/// Text cut to a readable length for messages.
fn snippet(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 200 {
        format!("{}…", t.chars().take(200).collect::<String>())
    } else {
        t.to_owned()
    }
}

/// A failed answer, classified by §5.2 and §6.2. `model` names the model in a 404.
pub fn classify(a: &Answer, model: &str) -> Failure {
    let v: Option<Value> = serde_json::from_slice(&a.body).ok();
    let error = v.as_ref().and_then(|v| v.get("error"));
    let field = |name: &str| -> Option<String> {
        error
            .and_then(|e| e.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    // `{"error":{"message":…}}` (OpenAI, llama.cpp, Ollama /v1), `{"error":"…"}` (Ollama's
    // native API), `{"message":…}` (some proxies).
    let message = field("message")
        .or_else(|| error.and_then(Value::as_str).map(str::to_owned))
        .or_else(|| {
            v.as_ref()
                .and_then(|v| v.get("message"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
    let kind = field("type").unwrap_or_default();
    let code = field("code").unwrap_or_default();
    let words = message.clone().unwrap_or_default();
    let text = a.describe(message);
    let stop = |kind: StopKind, message: String| Failure::Stop { kind, message };

    // Quota: never retried, whatever the headers say (openai-python does not check it).
    if (a.status == 429 && (code == "insufficient_quota" || kind == "insufficient_quota"))
        || a.status == 402
    {
        return stop(StopKind::Quota, text);
    }
    if too_large(a.status, &words, &kind, &code) {
        return Failure::TooLarge { message: text };
    }
    match a.header("x-should-retry").map(str::trim) {
        Some("true") => return a.retry(text),
        Some("false") => {
            let kind = match a.status {
                401 | 403 => StopKind::Auth,
                400 | 404 | 422 => StopKind::BadRequest,
                _ => StopKind::Gave,
            };
            return stop(kind, text);
        }
        _ => {}
    }
    match a.status {
        401 | 403 => stop(StopKind::Auth, text),
        404 if code == "model_not_found" || words.to_ascii_lowercase().contains("model") => stop(
            StopKind::BadRequest,
            format!("the server has no model `{model}`: {text}"),
        ),
        404 => stop(
            StopKind::BadRequest,
            format!(
                "{text} (is base_url the API root? it usually ends in /v1, e.g. http://127.0.0.1:11434/v1)"
            ),
        ),
        408 | 409 | 429 | 500..=599 => a.retry(text),
        413 => Failure::TooLarge { message: text },
        _ => stop(StopKind::BadRequest, text),
    }
}

/// A request the server will never take at this size: shrink the batch (§5.2 "Request too
/// large", a context window exceeded). A TPM rate limit also says "Requested N" but with
/// "Used": only a request larger than the limit itself is too large.
fn too_large(status: u16, message: &str, kind: &str, code: &str) -> bool {
    if message.contains("Request too large")
        || code == "context_length_exceeded"
        || kind == "exceed_context_size_error"
        || message.contains("maximum context length")
    {
        return true;
    }
    if status == 429 && kind == "tokens" && message.contains("Requested") {
        let number_after = |label: &str| -> Option<u64> {
            let at = message.find(label)? + label.len();
            let digits: String = message[at..]
                .chars()
                .skip_while(|c| c.is_whitespace())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        };
        if let (Some(limit), Some(requested)) = (number_after("Limit"), number_after("Requested")) {
            return requested > limit;
        }
    }
    false
}

/// The text of `message.content`: a string, or an array of parts (`{"type":"text","text"}`).
fn content_text(content: &Value) -> Option<String> {
    match content {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => Some(
            parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str).or_else(|| p.as_str()))
                .collect::<String>(),
        ),
        _ => None,
    }
}

/// The cues of a model's reply, as `(id, text)` in reply order, read tolerantly: code
/// fences, prose before or after, `{"cues":[…]}` or a bare array (or another single array
/// field), `{"1":"…"}` maps, numeric ids, and an answer cut off mid-JSON (the complete cues
/// before the cut). Nothing is validated against the request here.
pub fn extract_cues(content: &str) -> Vec<(String, String)> {
    let stripped = strip_fences(content);
    let found = extract_from(stripped);
    if found.is_empty() && stripped.len() != content.trim().len() {
        return extract_from(content);
    }
    found
}

fn extract_from(text: &str) -> Vec<(String, String)> {
    // A whole JSON value starting at some `{` or `[` (prose before it, anything after it).
    for (i, _) in text.match_indices(['{', '[']).take(64) {
        let mut values = serde_json::Deserializer::from_str(&text[i..]).into_iter::<Value>();
        if let Some(Ok(v)) = values.next()
            && let Some(items) = container_items(&v)
            && !items.is_empty()
        {
            return items;
        }
    }
    // A cut-off array: the complete objects after some `[`; else bare objects in a row.
    let mut best = Vec::new();
    for (i, _) in text.match_indices('[').take(16) {
        let items = objects_in_a_row(&text[i + 1..]);
        if items.len() > best.len() {
            best = items;
        }
    }
    if best.is_empty()
        && let Some(i) = text.find('{')
    {
        best = objects_in_a_row(&text[i..]);
    }
    best
}

/// The inside of the first code fence (to the end when the closing fence was cut off), or
/// the text itself.
fn strip_fences(text: &str) -> &str {
    let Some(start) = text.find("```") else {
        return text.trim();
    };
    let after = text[start + 3..].trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    match after.find("```") {
        Some(end) => after[..end].trim(),
        None => after.trim(),
    }
}

/// Cue objects one after another (separated by commas and spaces), as far as they parse.
fn objects_in_a_row(mut text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for _ in 0..100_000 {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if !text.starts_with('{') {
            break;
        }
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        match values.next() {
            Some(Ok(v)) => {
                if let Some(item) = cue_item(&v) {
                    out.push(item);
                }
                text = &text[values.byte_offset()..];
            }
            _ => break,
        }
    }
    out
}

/// The cues of a parsed value, when it is a container of cues.
fn container_items(v: &Value) -> Option<Vec<(String, String)>> {
    match v {
        Value::Array(a) => Some(a.iter().filter_map(cue_item).collect()),
        Value::Object(o) => {
            if let Some(Value::Array(a)) = o.get("cues") {
                return Some(a.iter().filter_map(cue_item).collect());
            }
            let arrays: Vec<&Vec<Value>> = o.values().filter_map(Value::as_array).collect();
            if let [a] = arrays.as_slice() {
                return Some(a.iter().filter_map(cue_item).collect());
            }
            if !o.is_empty()
                && o.iter()
                    .all(|(k, v)| v.is_string() && id_number(k).is_some())
            {
                return Some(
                    o.iter()
                        .filter_map(|(k, v)| Some((k.trim().to_owned(), v.as_str()?.to_owned())))
                        .collect(),
                );
            }
            None
        }
        _ => None,
    }
}

/// One `{"id": "3" | 3, "text": "…"}`.
fn cue_item(v: &Value) -> Option<(String, String)> {
    let id = match v.get("id")? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => u.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && (0.0..1e15).contains(&f) => {
                (f as u64).to_string()
            }
            _ => return None,
        },
        _ => return None,
    };
    let text = v
        .get("text")
        .or_else(|| v.get("translation"))
        .and_then(Value::as_str)?;
    Some((id, text.to_owned()))
}

/// A batch-local id (`"3"`, `"#3"`) as a number.
fn id_number(id: &str) -> Option<usize> {
    id.trim().trim_start_matches('#').parse().ok()
}

/// Reply cues matched to the request's units by batch-local id: unknown ids, repeats (the
/// first one counts) and empty texts are dropped.
fn match_ids(request: &Request, items: Vec<(String, String)>) -> Vec<Translated> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (id, text) in items {
        let Some(n) = id_number(&id).filter(|&n| n >= 1 && n <= request.units.len()) else {
            continue;
        };
        let text = text.trim();
        if text.is_empty() || !seen.insert(n) {
            continue;
        }
        out.push(Translated {
            id: request.units[n - 1].id.clone(),
            text: text.to_owned(),
        });
    }
    out
}

impl Translator for OpenAi {
    fn id(&self) -> &'static str {
        "openai"
    }
    fn model(&self) -> &str {
        &self.model
    }
    fn endpoint(&self) -> &str {
        &self.base
    }
    fn limits(&self) -> Limits {
        self.limits
    }
    fn billing(&self) -> BillingUnit {
        BillingUnit::Tokens
    }
    fn supports(&self, _: &Language, _: &Language) -> Result<(), String> {
        Ok(())
    }
    fn native_glossary(&self) -> bool {
        true
    }
    /// Prompt tokens, estimated, with the reference's ×1.5 budget (§5.4).
    fn estimate(&self, request: &Request) -> u64 {
        self.prompt_tokens(request) * 3 / 2
    }
    fn partial_replies(&self) -> bool {
        true
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        Box::pin(async move {
            let mut builder = self
                .client
                .post(format!("{}/chat/completions", self.base))
                .json(&self.body(request));
            if let Some(key) = &self.key {
                builder = builder.bearer_auth(key.expose());
            }
            let a = http::exchange(builder).await.map_err(|f| self.scrub(f))?;
            if (200..300).contains(&a.status) {
                let secrets: Vec<&str> = self.key.iter().map(Secret::expose).collect();
                let body = crate::memory::redact(&a.body, &secrets).into_owned();
                Ok(Reply {
                    body,
                    billed_header: None,
                })
            } else {
                Err(self.scrub(classify(&a, &self.model)))
            }
        })
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        let v: Value = serde_json::from_slice(&reply.body).map_err(|_| {
            retry(format!(
                "the server's answer is not a chat completion: {}",
                snippet(&String::from_utf8_lossy(&reply.body))
            ))
        })?;
        if let Some(e) = v.get("error").filter(|e| !e.is_null()) {
            let words = e
                .get("message")
                .and_then(Value::as_str)
                .map_or_else(|| e.to_string(), str::to_owned);
            return Err(retry(format!(
                "the server answered with an error: {}",
                snippet(&words)
            )));
        }
        let Some(choice) = v.get("choices").and_then(|c| c.get(0)) else {
            return Err(retry("the server's answer has no choices".to_owned()));
        };
        let finish = choice.get("finish_reason").and_then(Value::as_str);
        let message = choice.get("message").unwrap_or(&Value::Null);
        if let Some(r) = message.get("refusal").and_then(Value::as_str)
            && !r.trim().is_empty()
        {
            return Err(retry(format!("the model refused: {}", snippet(r))));
        }
        let content = message
            .get("content")
            .and_then(content_text)
            .unwrap_or_default();
        // Cut off (or filtered): keep the complete cues, ask again for the rest in pieces.
        let cut = matches!(finish, Some("length" | "content_filter"));
        let usage = v.get("usage");
        let count = |k: &str| usage.and_then(|u| u.get(k)).and_then(Value::as_u64);
        let billed = match (count("prompt_tokens"), count("completion_tokens")) {
            (Some(p), Some(c)) => p + c,
            (Some(p), None) => p + tokens_of(&content),
            _ => self.prompt_tokens(request) + tokens_of(&content),
        };
        if content.trim().is_empty() {
            if cut {
                return Ok(Parsed {
                    texts: Vec::new(),
                    billed,
                    truncated: true,
                });
            }
            // DeepSeek's JSON mode sometimes answers blanks with `finish_reason: stop`.
            return Err(retry(
                "the model answered nothing but whitespace".to_owned(),
            ));
        }
        let texts = match_ids(request, extract_cues(&content));
        if texts.is_empty() && !cut {
            return Err(retry(format!(
                "no usable cue in the model's answer: {}",
                snippet(&content)
            )));
        }
        Ok(Parsed {
            texts,
            billed,
            truncated: cut,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::backend::{Context, TermPair, Unit};
    use crate::translate::backends::test_support::kind;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn extracts_plain_fenced_prosy_and_bare_replies() {
        let want = pairs(&[("1", "Get out!"), ("2", "How dare you?")]);
        let plain = r#"{"cues":[{"id":"1","text":"Get out!"},{"id":"2","text":"How dare you?"}]}"#;
        assert_eq!(extract_cues(plain), want);
        let fenced = format!("```json\n{plain}\n```");
        assert_eq!(extract_cues(&fenced), want);
        let prose = format!("Sure! Here is the translation {{as asked}}:\n{plain}\nHope it helps.");
        assert_eq!(extract_cues(&prose), want);
        let bare = r#"[{"id":"1","text":"Get out!"},{"id":"2","text":"How dare you?"}]"#;
        assert_eq!(extract_cues(bare), want);
        let numeric = r#"{"cues":[{"id":1,"text":"Get out!"},{"id":2.0,"text":"How dare you?"}]}"#;
        assert_eq!(extract_cues(numeric), want);
        let other_field = r#"{"translations":[{"id":"1","translation":"Get out!"},{"id":"2","text":"How dare you?"}]}"#;
        assert_eq!(extract_cues(other_field), want);
        let map = r#"{"1":"Get out!","2":"How dare you?"}"#;
        assert_eq!(extract_cues(map), want);
        assert!(extract_cues("I cannot help with that.").is_empty());
        assert!(extract_cues("").is_empty());
        assert!(extract_cues(r#"{"cues": 3}"#).is_empty());
    }

    #[test]
    fn a_cut_off_reply_gives_its_complete_cues() {
        let cut = r#"{"cues":[{"id":"1","text":"Get out!"},{"id":"2","text":"How dare you?"},{"id":"3","te"#;
        assert_eq!(
            extract_cues(cut),
            pairs(&[("1", "Get out!"), ("2", "How dare you?")])
        );
        let fenced_cut = "```json\n[{\"id\":1,\"text\":\"a\"},{\"id\":2,\"text\":\"b\"";
        assert_eq!(extract_cues(fenced_cut), pairs(&[("1", "a")]));
        assert!(extract_cues(r#"{"cues":[{"id":"1","te"#).is_empty());
        let single = r#"{"id":"1","text":"Only one"}"#;
        assert_eq!(extract_cues(single), pairs(&[("1", "Only one")]));
    }

    fn request(texts: &[&str]) -> Request {
        Request {
            source: Language::parse("zh-Hans").unwrap(),
            target: Language::parse("en-US").unwrap(),
            units: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Unit {
                    id: format!("E001#{}", i + 1),
                    text: (*t).to_owned(),
                })
                .collect(),
            context: Context {
                synopsis: Some("A wife comes home.".into()),
                before: vec!["你好".into()],
                after: vec![],
            },
            terms: vec![TermPair {
                source: "温以茗".into(),
                target: "Wen Yiming".into(),
            }],
            keep: vec!["雾岭".into()],
            avoid: vec!["Wen Yi Ming".into()],
        }
    }

    fn backend(format: Option<&str>, base: Option<&str>) -> OpenAi {
        OpenAi::new(
            &BackendSettings {
                model: Some("gpt-4o-mini".into()),
                response_format: format.map(str::to_owned),
                base_url: base.map(str::to_owned),
                ..BackendSettings::default()
            },
            Some(Secret::new("sk-test")),
        )
        .unwrap()
    }

    #[test]
    fn ids_are_matched_unknown_repeated_and_empty_dropped() {
        let r = request(&["一", "二", "三"]);
        let got = match_ids(
            &r,
            pairs(&[
                ("2", "two"),
                ("9", "junk"),
                ("2", "again"),
                ("1", " "),
                ("#3", "three"),
            ]),
        );
        assert_eq!(
            got,
            vec![
                Translated {
                    id: "E001#2".into(),
                    text: "two".into()
                },
                Translated {
                    id: "E001#3".into(),
                    text: "three".into()
                },
            ]
        );
    }

    #[test]
    fn the_prompt_and_body() {
        let r = request(&["温以茗回来了", "滚出去！"]);
        let b = backend(None, None);
        let p = b.system_prompt(&r);
        assert!(
            p.contains("from Simplified Chinese (zh-Hans) into English (United States) (en-US)"),
            "{p}"
        );
        assert!(p.contains("- 温以茗 → Wen Yiming"), "{p}");
        assert!(p.contains("- 雾岭"), "{p}");
        assert!(
            p.contains("Never write these") && p.contains("- Wen Yi Ming"),
            "{p}"
        );
        assert!(
            p.contains("Synopsis: A wife comes home.") && p.contains("- 你好"),
            "{p}"
        );
        assert!(p.contains("json") && p.contains("⟦1⟧"), "{p}");
        let body = b.body(&r);
        assert_eq!(body["model"], "gpt-4o-mini");
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        assert!(body["max_completion_tokens"].as_u64().is_some());
        assert!(body.get("max_tokens").is_none());
        let user: Value =
            serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
        assert_eq!(
            user,
            json!([{"id":"1","text":"温以茗回来了"},{"id":"2","text":"滚出去！"}])
        );
        let local = backend(Some("json_object"), Some("http://127.0.0.1:11434/v1/")).body(&r);
        assert_eq!(local["response_format"], json!({"type":"json_object"}));
        assert!(
            local["max_tokens"].as_u64().is_some() && local.get("max_completion_tokens").is_none()
        );
        assert!(
            backend(Some("none"), None)
                .body(&r)
                .get("response_format")
                .is_none()
        );
        assert!(ResponseFormat::parse(Some("xml")).is_err());
        assert_eq!(host("http://user@127.0.0.1:8080/v1"), "127.0.0.1");
        assert!(b.estimate(&r) > tokens_of(&user_message(&r)));
        assert!(output_budget(&r) <= MAX_OUTPUT_TOKENS);
    }

    fn completion(content: Value, finish: &str, usage: bool) -> Reply {
        let mut v = json!({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
            "choices":[{"index":0,"message":{"role":"assistant","content":content,"refusal":null},
            "finish_reason":finish,"logprobs":null}]});
        if usage {
            v["usage"] = json!({"prompt_tokens":61,"completion_tokens":14,"total_tokens":75});
        }
        Reply {
            body: v.to_string().into_bytes(),
            billed_header: None,
        }
    }

    #[test]
    fn parse_reads_usage_truncation_refusals_and_blanks() {
        let b = backend(None, None);
        let r = request(&["一", "二"]);
        let ok = b
            .parse(
                &r,
                &completion(
                    json!(r#"{"cues":[{"id":"1","text":"one"},{"id":"2","text":"two"}]}"#),
                    "stop",
                    true,
                ),
            )
            .unwrap();
        assert_eq!((ok.texts.len(), ok.billed, ok.truncated), (2, 75, false));
        let cut = b
            .parse(
                &r,
                &completion(
                    json!(r#"{"cues":[{"id":"1","text":"one"},{"id":"2","te"#),
                    "length",
                    false,
                ),
            )
            .unwrap();
        assert_eq!((cut.texts.len(), cut.truncated), (1, true));
        assert!(cut.billed > 0);
        let empty_cut = b
            .parse(&r, &completion(Value::Null, "length", true))
            .unwrap();
        assert!(empty_cut.truncated && empty_cut.texts.is_empty());
        assert!(matches!(
            b.parse(&r, &completion(json!("  \n "), "stop", true)),
            Err(Failure::Retry { .. })
        ));
        assert!(matches!(
            b.parse(&r, &completion(json!("Sorry."), "stop", true)),
            Err(Failure::Retry { .. })
        ));
        let mut refusal: Value =
            serde_json::from_slice(&completion(Value::Null, "stop", true).body).unwrap();
        refusal["choices"][0]["message"]["refusal"] = json!("I can't help with that.");
        let refused = b.parse(
            &r,
            &Reply {
                body: refusal.to_string().into_bytes(),
                billed_header: None,
            },
        );
        assert!(
            matches!(refused, Err(Failure::Retry { message, .. }) if message.contains("refused"))
        );
        for garbage in [
            &b"<html>"[..],
            b"{}",
            b"{\"choices\":[]}",
            b"null",
            b"{\"error\":{\"message\":\"boom\"}}",
        ] {
            let reply = Reply {
                body: garbage.to_vec(),
                billed_header: None,
            };
            assert!(
                matches!(b.parse(&r, &reply), Err(Failure::Retry { .. })),
                "{garbage:?}"
            );
        }
        let parts = completion(
            json!([{"type":"text","text":"[{\"id\":1,\"text\":\"one\"}]"}]),
            "stop",
            true,
        );
        assert_eq!(b.parse(&r, &parts).unwrap().texts.len(), 1);
    }

    fn answer(status: u16, body: Value, headers: &[(&'static str, &'static str)]) -> Answer {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.insert(*k, HeaderValue::from_static(v));
        }
        Answer {
            status,
            retry_after: http::retry_after(&h),
            headers: h,
            body: body.to_string().into_bytes(),
        }
    }

    fn err(message: &str, kind: &str, code: Option<&str>) -> Value {
        json!({"error":{"message":message,"type":kind,"param":null,"code":code}})
    }

    #[test]
    fn classify_follows_the_reference() {
        let c = |a: Answer| classify(&a, "gpt-4o-mini");
        let rate = c(answer(
            429,
            err(
                "Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 29000, Requested 1538. Please try again in 644ms.",
                "tokens",
                Some("rate_limit_exceeded"),
            ),
            &[("retry-after-ms", "644")],
        ));
        assert!(
            matches!(rate, Failure::Retry { after: Some(d), .. } if d == Duration::from_millis(644))
        );
        let large = c(answer(
            429,
            err(
                "Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 31538. The input or output tokens must be reduced.",
                "tokens",
                Some("rate_limit_exceeded"),
            ),
            &[],
        ));
        assert_eq!(kind(&large), "too-large");
        let over = c(answer(
            429,
            err(
                "on tokens per min (TPM): Limit 30000, Requested 31538.",
                "tokens",
                Some("rate_limit_exceeded"),
            ),
            &[],
        ));
        assert_eq!(kind(&over), "too-large");
        let quota = c(answer(
            429,
            err(
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
                Some("insufficient_quota"),
            ),
            &[("x-should-retry", "true")],
        ));
        assert_eq!(kind(&quota), "quota");
        assert!(
            matches!(&quota, Failure::Stop { message, .. } if message.contains("exceeded your current quota"))
        );
        let key = c(answer(
            401,
            err(
                "Incorrect API key provided: sk-abc***xyz.",
                "invalid_request_error",
                Some("invalid_api_key"),
            ),
            &[],
        ));
        assert_eq!(kind(&key), "auth");
        assert_eq!(
            kind(&c(answer(
                403,
                err(
                    "Country, region, or territory not supported",
                    "request_forbidden",
                    None
                ),
                &[]
            ))),
            "auth"
        );
        let missing = c(answer(
            404,
            err(
                "The model `gpt-9` does not exist or you do not have access to it.",
                "invalid_request_error",
                Some("model_not_found"),
            ),
            &[],
        ));
        assert!(
            matches!(&missing, Failure::Stop { kind: StopKind::BadRequest, message } if message.contains("no model `gpt-4o-mini`") && message.contains("does not exist"))
        );
        let ollama = c(answer(
            404,
            json!({"error":{"message":"model \"qwen3\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}}),
            &[],
        ));
        assert_eq!(kind(&ollama), "bad-request");
        let path = c(answer(
            404,
            json!({"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}),
            &[],
        ));
        assert!(matches!(&path, Failure::Stop { message, .. } if message.contains("base_url")));
        assert_eq!(
            kind(&c(answer(
                400,
                err("Invalid 'messages'", "invalid_request_error", None),
                &[]
            ))),
            "bad-request"
        );
        assert_eq!(
            kind(&c(answer(
                422,
                json!({"error":{"message":"Invalid parameters"}}),
                &[]
            ))),
            "bad-request"
        );
        assert_eq!(
            kind(&c(answer(
                402,
                json!({"error":{"message":"Insufficient Balance","type":"unknown_error"}}),
                &[]
            ))),
            "quota"
        );
        for s in [408, 409, 500, 502, 503] {
            assert_eq!(kind(&c(answer(s, json!({}), &[]))), "retry", "{s}");
        }
        let loading = c(answer(
            503,
            json!({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}),
            &[],
        ));
        assert!(
            matches!(&loading, Failure::Retry { message, .. } if message.contains("Loading model"))
        );
        assert_eq!(
            kind(&c(answer(500, json!({}), &[("x-should-retry", "false")]))),
            "gave-up"
        );
        assert_eq!(
            kind(&c(answer(400, json!({}), &[("x-should-retry", "true")]))),
            "retry"
        );
        assert_eq!(
            kind(&c(answer(429, json!({}), &[("retry-after", "600")]))),
            "gave-up"
        );
        let ctx = c(answer(
            400,
            err(
                "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
                "invalid_request_error",
                Some("context_length_exceeded"),
            ),
            &[],
        ));
        assert_eq!(kind(&ctx), "too-large");
        let llama_ctx = c(answer(
            400,
            json!({"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}),
            &[],
        ));
        assert_eq!(kind(&llama_ctx), "too-large");
        let native = c(answer(500, json!({"error":"something broke"}), &[]));
        assert!(
            matches!(&native, Failure::Retry { message, .. } if message.contains("something broke"))
        );
        let html = Answer {
            status: 502,
            retry_after: None,
            headers: HeaderMap::new(),
            body: b"<html>bad gateway</html>".to_vec(),
        };
        assert_eq!(kind(&classify(&html, "m")), "retry");
    }

    #[test]
    fn settings_are_checked() {
        let s = |f: fn(&mut BackendSettings)| {
            let mut b = BackendSettings {
                model: Some("m".into()),
                ..BackendSettings::default()
            };
            f(&mut b);
            OpenAi::new(&b, None)
        };
        assert!(s(|_| {}).is_ok());
        assert!(s(|b| b.model = None).err().unwrap().contains("model"));
        assert!(s(|b| b.temperature = Some(5.0)).is_err());
        assert!(s(|b| b.base_url = Some("localhost:11434".into())).is_err());
        assert!(s(|b| b.response_format = Some("yaml".into())).is_err());
        let scrubbed = backend(None, None).scrub(Failure::Stop {
            kind: StopKind::Auth,
            message: "key sk-test echoed".into(),
        });
        assert!(matches!(scrubbed, Failure::Stop { message, .. } if !message.contains("sk-test")));
    }
}
