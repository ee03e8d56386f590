//! The one small trait every backend implements, and what passes through it.
//!
//! A request goes out in two steps so the pipeline can journal in between: [`Translator::send`]
//! returns the raw body of a successful answer, the pipeline stores it durably, and only then
//! [`Translator::parse`] reads it. Results are matched by unit id, never by position.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::memory::BillingUnit;
use crate::model::Language;

/// A boxed future: the trait stays object-safe (`Box<dyn Translator>`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// One line to translate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Stable id: `E003#12` (episode 3, cue 12).
    pub id: String,
    /// The protected core text (`protect::Protected::core`, glossary placeholders applied).
    pub text: String,
}

/// A glossary entry that applies to a request: the source term and its approved rendering.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermPair {
    pub source: String,
    pub target: String,
}

/// A batch for one backend, one language pair.
#[derive(Clone, Debug)]
pub struct Request {
    pub source: Language,
    pub target: Language,
    pub units: Vec<Unit>,
    /// Neighbouring lines (before the first and after the last unit) and the synopsis, for
    /// backends that take context; never translated, never billed where the API says so.
    pub context: Context,
    /// Glossary entries whose source term occurs in the units.
    pub terms: Vec<TermPair>,
    /// Terms kept as written (do-not-translate).
    pub keep: Vec<String>,
    /// Texts the glossary forbids in the target language (wrong spellings, banned words), for
    /// backends that can be told (LLM prompts, `command`).
    pub avoid: Vec<String>,
}

/// Context sent with a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub synopsis: Option<String>,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

impl Context {
    /// One paragraph for engines with a free-text context field (DeepL `context`).
    pub fn as_text(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(s) = &self.synopsis {
            parts.push(s.clone());
        }
        if !self.before.is_empty() {
            parts.push(self.before.join(" "));
        }
        if !self.after.is_empty() {
            parts.push(self.after.join(" "));
        }
        (!parts.is_empty()).then(|| parts.join("\n"))
    }
}

/// A translated line, by unit id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translated {
    pub id: String,
    pub text: String,
}

/// What a body said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// One entry per answered unit; may lack some (LLMs), never has unknown ids.
    pub texts: Vec<Translated>,
    /// Units billed for the whole request (characters or tokens), as the backend reported or
    /// as its billing rule counts them.
    pub billed: u64,
    /// The answer was cut off (`finish_reason: length`): ask again for what is missing in
    /// smaller pieces.
    pub truncated: bool,
}

/// Why a request did not give a usable answer, classified the way the backend's reference
/// says it should be handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Try again later: 429, 5xx, time-outs, a server that is loading. `after` is the
    /// server's `Retry-After` when it sent one.
    Retry {
        after: Option<Duration>,
        message: String,
    },
    /// The batch is too large for the backend (413, too many texts, request too large for
    /// the token limit): split it and send the halves.
    TooLarge { message: String },
    /// Never retried: the backend's own message is shown and the run stops, keeping what is
    /// done.
    Stop { kind: StopKind, message: String },
}

/// Why a run stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopKind {
    /// Bad or missing key, key without permission.
    Auth,
    /// Quota or balance exhausted.
    Quota,
    /// The backend refused the request as malformed or unsupported.
    BadRequest,
    /// Retries used up, or an answer that cannot be read.
    Gave,
}

impl StopKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StopKind::Auth => "auth",
            StopKind::Quota => "quota",
            StopKind::BadRequest => "bad-request",
            StopKind::Gave => "gave-up",
        }
    }
}

/// A successful answer, as it came.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    pub body: Vec<u8>,
    /// Units the server said it billed in a header (Azure `X-metered-usage`).
    pub billed_header: Option<u64>,
}

/// How big a batch may be, how fast requests may go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Texts per request.
    pub max_units: usize,
    /// Characters (code points) per request, texts together.
    pub max_chars: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests started per second, `None` = no pacing.
    pub rate: Option<f64>,
}

/// A translation backend.
pub trait Translator {
    /// `deepl`, `openai`… (the id in `series.toml`, the TM and the journal).
    fn id(&self) -> &'static str;
    /// Model or engine version; empty when the backend has none.
    fn model(&self) -> &str {
        ""
    }
    /// The base URL requests go to (part of the request key); empty offline.
    fn endpoint(&self) -> &str {
        ""
    }
    fn limits(&self) -> Limits;
    fn billing(&self) -> BillingUnit {
        BillingUnit::Characters
    }
    /// Offline backends cost nothing: no journal, no price.
    fn offline(&self) -> bool {
        false
    }
    /// Refuse a pair the backend cannot do, before any request; the reason names the codes.
    fn supports(&self, source: &Language, target: &Language) -> Result<(), String>;
    /// Whether the backend applies glossary terms itself (DeepL glossaries, LLM prompts);
    /// otherwise the pipeline puts the approved renderings into the text as placeholders.
    fn native_glossary(&self) -> bool {
        false
    }
    /// Units a request will be billed for, for `--dry-run` and the batch-size budget.
    fn estimate(&self, request: &Request) -> u64 {
        request
            .units
            .iter()
            .map(|u| u.text.chars().count() as u64)
            .sum()
    }
    /// Send one request; the body of a successful answer, unparsed.
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>>;
    /// Read a body [`send`](Translator::send) returned (maybe in an earlier, killed run).
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure>;
    /// Whether a reply with missing ids should be asked again for the missing ones
    /// (LLMs); other backends answer all or nothing.
    fn partial_replies(&self) -> bool {
        false
    }
}

/// A rough token count for LLM budgets (`reference/translation-apis.md` §5.4): one per Han,
/// kana or Hangul character, one per four other characters.
pub fn tokens_of(text: &str) -> u64 {
    let (mut wide, mut other) = (0u64, 0u64);
    for c in text.chars() {
        if matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
        {
            wide += 1;
        } else {
            other += 1;
        }
    }
    wide + other.div_ceil(4)
}

/// Match an array of texts to a request's units by position, for the APIs that promise one
/// output per input in order (DeepL, Google, Azure, LibreTranslate). A different count is a
/// garbled answer.
pub fn by_position(request: &Request, texts: Vec<String>) -> Result<Vec<Translated>, Failure> {
    if texts.len() != request.units.len() {
        return Err(Failure::Retry {
            after: None,
            message: format!(
                "the answer has {} texts for {} sent",
                texts.len(),
                request.units.len()
            ),
        });
    }
    Ok(request
        .units
        .iter()
        .zip(texts)
        .map(|(u, text)| Translated {
            id: u.id.clone(),
            text,
        })
        .collect())
}
