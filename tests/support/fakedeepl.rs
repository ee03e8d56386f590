//! A fake DeepL API (v2 `/translate`, v3 `/glossaries`) on [`super::fakehttp`], speaking the
//! real wire format (`reference/translation-apis.md` §1): it refuses a request of the wrong
//! shape with DeepL's own 400/403 answers, so a client bug fails the test. A translation is
//! `"<TARGET>: <text>"` with glossary entries applied; `⟦n⟧` tokens pass through.
//! Faults are injected per translate request by the test.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fakehttp::{Answer, Logged};

/// Glossary id → (name, entries).
type Glossaries = HashMap<String, (String, Vec<(String, String)>)>;

type Fault = dyn Fn(usize, &Value) -> Option<Answer> + Send + Sync;

pub struct DeeplFake {
    pub key: String,
    /// Texts per request above which the fake answers 413.
    pub max_texts: usize,
    /// Added to every translate answer.
    pub latency: Duration,
    /// A token bucket: `(per_second, burst)`; a translate request finding it empty gets 429
    /// (no `Retry-After`). Over `t` seconds at most `per_second · t + burst` get through.
    pub rate: Option<(f64, f64)>,
    /// Called with the 0-based number of the translate request; `Some` replaces the answer.
    pub fault: Box<Fault>,
    glossaries: Mutex<Glossaries>,
    translates: AtomicUsize,
    bucket: Mutex<Option<(f64, Instant)>>,
    /// Texts of every translate request answered with 200, in order of answer.
    pub answered: Mutex<Vec<String>>,
}

impl DeeplFake {
    pub fn new(key: &str) -> DeeplFake {
        DeeplFake {
            key: key.to_owned(),
            max_texts: 50,
            latency: Duration::ZERO,
            rate: None,
            fault: Box::new(|_, _| None),
            glossaries: Mutex::new(HashMap::new()),
            translates: AtomicUsize::new(0),
            bucket: Mutex::new(None),
            answered: Mutex::new(Vec::new()),
        }
    }

    pub fn with_fault(
        mut self,
        f: impl Fn(usize, &Value) -> Option<Answer> + Send + Sync + 'static,
    ) -> DeeplFake {
        self.fault = Box::new(f);
        self
    }

    /// The handler for [`super::fakehttp::FakeServer::start`].
    pub fn handler(self: Arc<Self>) -> impl Fn(&Logged) -> Answer + Send + Sync + 'static {
        move |req| self.answer(req)
    }

    pub fn glossary_count(&self) -> usize {
        self.glossaries.lock().unwrap().len()
    }

    fn answer(&self, req: &Logged) -> Answer {
        if req.header("user-agent").is_none_or(str::is_empty) {
            return Answer::json(400, json!({"message": "User-Agent header missing."}));
        }
        if req.header("authorization") != Some(&format!("DeepL-Auth-Key {}", self.key)) {
            return Answer::text(403, "");
        }
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/v2/translate") => self.translate(req),
            ("GET", "/v3/glossaries") => {
                let list: Vec<Value> = self
                    .glossaries
                    .lock()
                    .unwrap()
                    .iter()
                    .map(|(id, (name, _))| json!({"glossary_id": id, "name": name, "ready": true}))
                    .collect();
                Answer::json(200, json!({ "glossaries": list }))
            }
            ("POST", "/v3/glossaries") => {
                let v = req.json();
                let (Some(name), Some(dict)) = (v["name"].as_str(), v["dictionaries"].get(0))
                else {
                    return Answer::json(400, json!({"message": "Missing name or dictionaries."}));
                };
                if dict["entries_format"] != "tsv" || dict["source_lang"].as_str().is_none() {
                    return Answer::json(400, json!({"message": "Invalid dictionary."}));
                }
                let entries: Vec<(String, String)> = dict["entries"]
                    .as_str()
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|l| l.split_once('\t'))
                    .map(|(a, b)| (a.to_owned(), b.to_owned()))
                    .collect();
                let mut g = self.glossaries.lock().unwrap();
                let id = format!("g{}", g.len() + 1);
                g.insert(id.clone(), (name.to_owned(), entries));
                Answer::json(
                    201,
                    json!({"glossary_id": id, "name": name, "dictionaries": [dict]}),
                )
            }
            _ => Answer::json(404, json!({"message": "Not found"})),
        }
    }

    fn translate(&self, req: &Logged) -> Answer {
        let n = self.translates.fetch_add(1, Ordering::SeqCst);
        if let Some((per_second, burst)) = self.rate {
            let mut bucket = self.bucket.lock().unwrap();
            let (tokens, last) = bucket.unwrap_or((burst, req.at));
            let tokens = (tokens
                + req.at.saturating_duration_since(last).as_secs_f64() * per_second)
                .min(burst);
            if tokens < 1.0 {
                *bucket = Some((tokens, req.at));
                return Answer::text(429, "");
            }
            *bucket = Some((tokens - 1.0, req.at));
        }
        let v = req.json();
        if let Some(fault) = (self.fault)(n, &v) {
            return fault;
        }
        let Some(texts) = v["text"].as_array() else {
            return Answer::json(400, json!({"message": "Parameter 'text' not specified."}));
        };
        if texts.len() > self.max_texts {
            return Answer::text(413, "");
        }
        if v["source_lang"] != "ZH" {
            return Answer::json(
                400,
                json!({"message": "Value for 'source_lang' not supported."}),
            );
        }
        let target = v["target_lang"].as_str().unwrap_or_default().to_owned();
        if ![
            "EN-US", "FR", "ES-419", "PT-BR", "JA", "ZH-HANT", "DE", "TH", "TL",
        ]
        .contains(&target.as_str())
        {
            return Answer::json(
                400,
                json!({"message": "Value for 'target_lang' not supported."}),
            );
        }
        if v["split_sentences"] != "0" {
            return Answer::json(
                400,
                json!({"message": "expected split_sentences=0 for cues"}),
            );
        }
        let glossary: Vec<(String, String)> = match v["glossary_id"].as_str() {
            Some(id) => match self.glossaries.lock().unwrap().get(id) {
                Some((_, e)) => e.clone(),
                None => return Answer::json(404, json!({"message": "Glossary not found"})),
            },
            None => Vec::new(),
        };
        let mut out = Vec::new();
        for t in texts {
            let mut text = t.as_str().unwrap_or_default().to_owned();
            // Like an engine writing English, renderings come out as words of their own.
            for (s, r) in &glossary {
                text = text.replace(s, &format!(" {r} "));
            }
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(json!({
                "detected_source_language": "ZH",
                "text": format!("{target}: {text}"),
                "billed_characters": t.as_str().unwrap_or_default().chars().count(),
            }));
        }
        if !self.latency.is_zero() {
            std::thread::sleep(self.latency);
        }
        let mut answered = self.answered.lock().unwrap();
        for t in texts {
            answered.push(t.as_str().unwrap_or_default().to_owned());
        }
        Answer::json(200, json!({ "translations": out }))
    }
}
