//! Running a [`LanguagePlan`] through a backend: memory first, then batches under the
//! backend's limits, paced and bounded, with classified retries; every answer journaled
//! before it is read, every translation put in the memory, every finished episode written
//! atomically.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::backend::{Context, Failure, Parsed, Reply, Request, StopKind, Translator, Unit};
use super::plan::{CueJob, LanguagePlan, with_renderings};
use super::protect::line_break;
use crate::memory::{Billed, BillingUnit, Journal, JournalMeta, Memory, NewEntry, Origin, State};
use crate::model::Language;
use crate::timing::Limits as TextLimits;

/// How a run behaves, beyond the backend's own settings.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Retries of a retryable failure per batch.
    pub retries: u32,
    /// Longest wait between retries.
    pub max_backoff: Duration,
    /// First backoff step (×1.6 per retry, with jitter).
    pub first_backoff: Duration,
    /// Neighbouring lines sent on each side of a batch.
    pub context_lines: usize,
    pub synopsis: Option<String>,
    /// Line limits of the target language, for re-breaking.
    pub limits: TextLimits,
    /// Texts the glossary forbids in the target language.
    pub avoid: Vec<String>,
}

/// Something that shows progress; the CLI draws bars, tests count.
pub trait Progress {
    /// `total` units to resolve, `done` of them already (memory, journal).
    fn start(&self, target: &Language, total: u64, done: u64);
    fn advance(&self, target: &Language, units: u64);
    fn finish(&self, target: &Language);
}

/// Progress shown nowhere.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &Language, _: u64, _: u64) {}
    fn advance(&self, _: &Language, _: u64) {}
    fn finish(&self, _: &Language) {}
}

/// What a run did for one language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LanguageSummary {
    pub language: String,
    pub backend: String,
    pub cues: usize,
    /// Distinct source lines to translate.
    pub units: usize,
    /// Units answered by the backend in this run (including answers a killed run stored).
    pub translated: usize,
    pub from_memory: usize,
    pub from_journal: usize,
    pub requests: usize,
    pub retries: usize,
    pub billed: u64,
    pub billing_unit: String,
    pub failed: usize,
    pub tracks_written: usize,
    pub episodes_skipped: usize,
    /// Inline tags an engine dropped (cue id and tag).
    pub markup_lost: Vec<(String, String)>,
    /// Why the run stopped early, in the backend's words.
    pub stopped: Option<Stopped>,
}

/// An early stop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stopped {
    pub kind: &'static str,
    pub message: String,
}

/// A batch on its way: the plan's unit indexes, how it came to be.
#[derive(Clone, Debug)]
struct Batch {
    units: Vec<usize>,
    attempt: u32,
    /// 0 first ask; 1 the missing ids re-asked; 2 halves; 3 line by line.
    level: u8,
    not_before: Option<Instant>,
}

/// The journal record of a request: its units and everything else that shaped the answer;
/// never a key.
#[derive(Serialize, Deserialize)]
struct RequestRecord {
    units: Vec<(String, String)>,
    terms: Vec<(String, String)>,
    keep: Vec<String>,
    #[serde(default)]
    avoid: Vec<String>,
    context: Option<String>,
    before: Vec<String>,
    after: Vec<String>,
    #[serde(default)]
    billed_header: Option<u64>,
}

impl RequestRecord {
    fn of(request: &Request, billed_header: Option<u64>) -> RequestRecord {
        RequestRecord {
            units: request
                .units
                .iter()
                .map(|u| (u.id.clone(), u.text.clone()))
                .collect(),
            terms: request
                .terms
                .iter()
                .map(|t| (t.source.clone(), t.target.clone()))
                .collect(),
            keep: request.keep.clone(),
            avoid: request.avoid.clone(),
            context: request.context.synopsis.clone(),
            before: request.context.before.clone(),
            after: request.context.after.clone(),
            billed_header,
        }
    }

    fn request(self, source: &Language, target: &Language) -> (Request, Option<u64>) {
        (
            Request {
                source: source.clone(),
                target: target.clone(),
                units: self
                    .units
                    .into_iter()
                    .map(|(id, text)| Unit { id, text })
                    .collect(),
                context: Context {
                    synopsis: self.context,
                    before: self.before,
                    after: self.after,
                },
                terms: self
                    .terms
                    .into_iter()
                    .map(|(source, target)| super::backend::TermPair { source, target })
                    .collect(),
                keep: self.keep,
                avoid: self.avoid,
            },
            self.billed_header,
        )
    }
}

/// The request key: everything that decides the answer, hashed. The same batch asked again
/// (a restarted run) finds its answer in the journal.
pub fn request_key(backend: &dyn Translator, request: &Request) -> String {
    let mut h = Sha256::new();
    for part in [
        backend.id(),
        backend.model(),
        backend.endpoint(),
        request.source.as_str(),
        request.target.as_str(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let record = serde_json::to_vec(&RequestRecord::of(request, None)).unwrap_or_default();
    h.update(&record);
    hex::encode(h.finalize())
}

/// State of a run for one language.
struct Run<'a> {
    plan: &'a LanguagePlan,
    backend: &'a dyn Translator,
    memory: &'a Memory,
    journal: Option<&'a Journal>,
    options: &'a RunOptions,
    progress: &'a dyn Progress,
    /// Translated core text per unit.
    done: Vec<Option<String>>,
    /// Units still missing per episode.
    remaining: Vec<usize>,
    unit_episodes: Vec<Vec<usize>>,
    written: Vec<bool>,
    summary: LanguageSummary,
    errors: Vec<crate::error::Error>,
}

/// Translate one language: the summary, and the first error that stopped writing (an I/O or
/// memory error; a backend's refusal is in `summary.stopped`).
pub async fn run(
    plan: &LanguagePlan,
    backend: &dyn Translator,
    memory: &Memory,
    journal: Option<&Journal>,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<LanguageSummary, crate::error::Error> {
    let unit_episodes = plan.episodes_of_units();
    let mut remaining = vec![0usize; plan.episodes.len()];
    for eps in &unit_episodes {
        for &e in eps {
            remaining[e] += 1;
        }
    }
    let mut run = Run {
        plan,
        backend,
        memory,
        journal,
        options,
        progress,
        done: vec![None; plan.units.len()],
        remaining,
        unit_episodes,
        written: vec![false; plan.episodes.len()],
        summary: LanguageSummary {
            language: plan.target.to_string(),
            backend: backend.id().to_owned(),
            cues: plan.episodes.iter().map(|e| e.cues.len()).sum(),
            units: plan.units.len(),
            billing_unit: backend.billing().as_str().to_owned(),
            episodes_skipped: plan.skipped.len(),
            ..LanguageSummary::default()
        },
        errors: Vec::new(),
    };
    run.replay()?;
    run.lookup_memory()?;
    let resolved = run.done.iter().filter(|d| d.is_some()).count() as u64;
    progress.start(&plan.target, plan.units.len() as u64, resolved);
    run.write_finished();
    let todo: Vec<usize> = (0..plan.units.len())
        .filter(|&u| run.done[u].is_none())
        .collect();
    run.translate(todo).await?;
    run.write_finished();
    progress.finish(&plan.target);
    run.summary.failed = run.done.iter().filter(|d| d.is_none()).count();
    if let Some(e) = run.errors.into_iter().next() {
        return Err(e);
    }
    Ok(run.summary)
}

/// Batches of unit indexes in plan order, each within the backend's text count and size.
pub fn batches(
    plan: &LanguagePlan,
    todo: &[usize],
    max_units: usize,
    max_chars: usize,
) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut chars = 0usize;
    for &u in todo {
        let n = plan.units[u].core.chars().count();
        let full = out.last().is_none_or(|b| {
            b.len() >= max_units.max(1) || (chars + n > max_chars && !b.is_empty())
        });
        if full {
            out.push(Vec::new());
            chars = 0;
        }
        chars += n;
        if let Some(b) = out.last_mut() {
            b.push(u);
        }
    }
    out
}

impl Run<'_> {
    /// The request for a batch: placeholders applied unless the backend has glossaries.
    fn request(&self, units: &[usize]) -> Request {
        let native = self.backend.native_glossary();
        let mut terms = Vec::new();
        let mut keep = Vec::new();
        let units_out = units
            .iter()
            .map(|&u| {
                let p = &self.plan.units[u];
                for t in &p.terms {
                    if !terms.contains(t) {
                        terms.push(t.clone());
                    }
                }
                for k in &p.keep {
                    if !keep.contains(k) {
                        keep.push(k.clone());
                    }
                }
                Unit {
                    id: p.id.clone(),
                    text: if native {
                        p.core.clone()
                    } else {
                        with_renderings(&p.core, &p.terms)
                    },
                }
            })
            .collect();
        let n = self.options.context_lines;
        let (before, after) = match (units.first(), units.last()) {
            (Some(&f), Some(&l)) if n > 0 => (
                self.plan.neighbours(self.plan.units[f].first, n).0,
                self.plan.neighbours(self.plan.units[l].first, n).1,
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Request {
            source: self.plan.source.clone(),
            target: self.plan.target.clone(),
            units: units_out,
            context: Context {
                synopsis: self.options.synopsis.clone(),
                before,
                after,
            },
            terms,
            keep,
            avoid: self.options.avoid.clone(),
        }
    }

    fn meta(&self, request: &Request) -> JournalMeta {
        JournalMeta {
            backend: self.backend.id().to_owned(),
            model: self.backend.model().to_owned(),
            source: self.plan.source.clone(),
            target: self.plan.target.clone(),
            units: request.units.iter().map(|u| u.id.clone()).collect(),
        }
    }

    /// Apply answers a killed run stored but never read.
    fn replay(&mut self) -> Result<(), crate::error::Error> {
        let Some(journal) = self.journal else {
            return Ok(());
        };
        for pending in journal.pending(self.backend.id(), &self.plan.source, &self.plan.target)? {
            let Ok(record) = serde_json::from_str::<RequestRecord>(&pending.request) else {
                journal.settle(&pending.key, State::Unreadable)?;
                continue;
            };
            let (request, billed_header) = record.request(&self.plan.source, &self.plan.target);
            let reply = Reply {
                body: pending.body,
                billed_header,
            };
            match self.backend.parse(&request, &reply) {
                Ok(parsed) => {
                    self.store(&request, &parsed)?;
                    journal.settle(&pending.key, State::Applied)?;
                }
                Err(_) => journal.settle(&pending.key, State::Unreadable)?,
            }
        }
        // What the replay stored is found by the memory lookup that follows.
        Ok(())
    }

    /// Put a parsed answer into the memory (billed units shared out by length).
    fn store(&mut self, request: &Request, parsed: &Parsed) -> Result<(), crate::error::Error> {
        let by_id: HashMap<&str, &str> = request
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.text.as_str()))
            .collect();
        let index: HashMap<&str, usize> = self
            .plan
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let total_chars: u64 = parsed
            .texts
            .iter()
            .filter_map(|t| by_id.get(t.id.as_str()))
            .map(|s| s.chars().count() as u64)
            .sum::<u64>()
            .max(1);
        let mut entries = Vec::new();
        for t in &parsed.texts {
            let Some(&u) = index.get(t.id.as_str()) else {
                continue;
            };
            let share = by_id
                .get(t.id.as_str())
                .map_or(0, |s| s.chars().count() as u64)
                * parsed.billed
                / total_chars;
            entries.push(NewEntry {
                source: self.plan.source.clone(),
                target: self.plan.target.clone(),
                source_text: self.plan.units[u].core.clone(),
                target_text: t.text.clone(),
                backend: self.backend.id().to_owned(),
                model: self.backend.model().to_owned(),
                billed: match self.backend.billing() {
                    BillingUnit::Characters => Billed::characters(share),
                    BillingUnit::Tokens => Billed::tokens(share),
                },
                origin: Origin::Backend,
                created: None,
            });
        }
        if !self.backend.offline() {
            self.memory
                .insert(&entries, crate::memory::Overwrite::Yes)?;
        }
        Ok(())
    }

    /// Fill what the memory already knows.
    fn lookup_memory(&mut self) -> Result<(), crate::error::Error> {
        if self.backend.offline() {
            return Ok(());
        }
        let cores: Vec<&str> = self.plan.units.iter().map(|u| u.core.as_str()).collect();
        let found = self
            .memory
            .lookup(&self.plan.source, &self.plan.target, &cores)?;
        for (u, entry) in found.into_iter().enumerate() {
            if let Some(e) = entry {
                self.resolve(u, e.target_text);
                self.summary.from_memory += 1;
            }
        }
        Ok(())
    }

    fn resolve(&mut self, unit: usize, text: String) {
        if self.done[unit].is_some() {
            return;
        }
        self.done[unit] = Some(text);
        for &e in &self.unit_episodes[unit] {
            self.remaining[e] = self.remaining[e].saturating_sub(1);
        }
    }

    /// Send batches until every unit is answered, the backend refuses, or retries run out.
    async fn translate(&mut self, todo: Vec<usize>) -> Result<(), crate::error::Error> {
        let limits = self.backend.limits();
        let mut queue: VecDeque<Batch> =
            batches(self.plan, &todo, limits.max_units, limits.max_chars)
                .into_iter()
                .map(|units| Batch {
                    units,
                    attempt: 0,
                    level: 0,
                    not_before: None,
                })
                .collect();
        let interval = limits
            .rate
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r));
        let mut next_slot = Instant::now();
        // When the last request actually left: a loop stalled by a disk write must not let
        // several paced requests go at once when it resumes.
        let last_sent: std::rc::Rc<std::cell::Cell<Option<Instant>>> = Default::default();
        let mut in_flight = FuturesUnordered::new();
        let concurrency = limits.concurrency.max(1);
        let backend = self.backend;
        loop {
            while self.summary.stopped.is_none() && in_flight.len() < concurrency {
                let Some(batch) = queue.pop_front() else {
                    break;
                };
                let request = self.request(&batch.units);
                let key = request_key(backend, &request);
                // An answer a killed run stored under the same key: no request. Only on a
                // batch's first attempt: a retry after an unreadable answer (stored under
                // this same key) must reach the backend, not read that answer again.
                if batch.attempt == 0
                    && let Some(journal) = self.journal
                    && let Some(body) = journal.get(&key)?
                {
                    let reply = Reply {
                        body,
                        billed_header: None,
                    };
                    self.summary.from_journal += request.units.len();
                    self.answered(batch, request, key, Ok(reply), &mut queue, false)?;
                    continue;
                }
                let now = Instant::now();
                let mut start = batch.not_before.unwrap_or(now).max(now);
                if let Some(step) = interval {
                    start = start.max(next_slot);
                    next_slot = start + step;
                }
                let last_sent = last_sent.clone();
                in_flight.push(async move {
                    let mut start = start;
                    loop {
                        tokio::time::sleep_until(start.into()).await;
                        let Some(step) = interval else { break };
                        let now = Instant::now();
                        match last_sent.get() {
                            Some(last) if now < last + step => start = last + step,
                            _ => {
                                last_sent.set(Some(now));
                                break;
                            }
                        }
                    }
                    let result = backend.send(&request).await;
                    (batch, request, key, result)
                });
            }
            let Some((batch, request, key, result)) = in_flight.next().await else {
                break;
            };
            self.summary.requests += 1;
            self.answered(batch, request, key, result, &mut queue, true)?;
            self.write_finished();
        }
        Ok(())
    }

    /// Handle one answer (or failure) of a batch.
    fn answered(
        &mut self,
        batch: Batch,
        request: Request,
        key: String,
        result: Result<Reply, Failure>,
        queue: &mut VecDeque<Batch>,
        fresh: bool,
    ) -> Result<(), crate::error::Error> {
        let failure = match result {
            Ok(reply) => {
                if fresh && let Some(journal) = self.journal {
                    let record =
                        serde_json::to_string(&RequestRecord::of(&request, reply.billed_header))
                            .unwrap_or_default();
                    journal.put_pending(&key, &self.meta(&request), &record, &reply.body)?;
                }
                match self.backend.parse(&request, &reply) {
                    Ok(parsed) => {
                        self.store(&request, &parsed)?;
                        if let Some(journal) = self.journal {
                            journal.settle(&key, State::Applied)?;
                        }
                        self.accept(batch, &request, parsed, queue);
                        return Ok(());
                    }
                    Err(f) => {
                        if let Some(journal) = self.journal {
                            journal.settle(&key, State::Unreadable)?;
                        }
                        f
                    }
                }
            }
            Err(f) => f,
        };
        self.failed(batch, failure, queue);
        Ok(())
    }

    /// Take the translations of a parsed answer; re-ask for what is missing.
    fn accept(
        &mut self,
        batch: Batch,
        request: &Request,
        parsed: Parsed,
        queue: &mut VecDeque<Batch>,
    ) {
        self.summary.billed += parsed.billed;
        let index: HashMap<&str, usize> = batch
            .units
            .iter()
            .map(|&u| (self.plan.units[u].id.as_str(), u))
            .collect();
        let mut got = 0u64;
        for t in parsed.texts {
            if let Some(&u) = index.get(t.id.as_str())
                && self.done[u].is_none()
            {
                self.resolve(u, t.text);
                self.summary.translated += 1;
                got += 1;
            }
        }
        self.progress.advance(&request.target, got);
        let missing: Vec<usize> = batch
            .units
            .iter()
            .copied()
            .filter(|&u| self.done[u].is_none())
            .collect();
        if missing.is_empty() {
            return;
        }
        // Missing ids: ask again for those only, then in halves, then line by line.
        let level = if parsed.truncated {
            batch.level.max(1) + 1
        } else {
            batch.level + 1
        };
        let pieces: Vec<Vec<usize>> = match level {
            1 => vec![missing],
            2 => halves(missing),
            3 => missing.into_iter().map(|u| vec![u]).collect(),
            _ => return,
        };
        for units in pieces.into_iter().rev() {
            queue.push_front(Batch {
                units,
                attempt: 0,
                level: level.min(3),
                not_before: None,
            });
        }
    }

    fn failed(&mut self, batch: Batch, failure: Failure, queue: &mut VecDeque<Batch>) {
        match failure {
            Failure::Retry { after, message } => {
                if batch.attempt >= self.options.retries {
                    self.stop(
                        StopKind::Gave,
                        format!("{message} ({} retries)", batch.attempt),
                    );
                    return;
                }
                self.summary.retries += 1;
                let delay = after.unwrap_or_else(|| backoff(self.options, batch.attempt));
                queue.push_front(Batch {
                    attempt: batch.attempt + 1,
                    not_before: Some(Instant::now() + delay),
                    ..batch
                });
            }
            Failure::TooLarge { message } => {
                if batch.units.len() < 2 {
                    self.stop(StopKind::BadRequest, message);
                    return;
                }
                for units in halves(batch.units).into_iter().rev() {
                    queue.push_front(Batch {
                        units,
                        attempt: 0,
                        level: batch.level,
                        not_before: None,
                    });
                }
            }
            Failure::Stop { kind, message } => self.stop(kind, message),
        }
    }

    fn stop(&mut self, kind: StopKind, message: String) {
        if self.summary.stopped.is_none() {
            self.summary.stopped = Some(Stopped {
                kind: kind.as_str(),
                message,
            });
        }
    }

    /// Write every episode whose units are all answered and that is not written yet.
    fn write_finished(&mut self) {
        for e in 0..self.plan.episodes.len() {
            if self.written[e] || self.remaining[e] > 0 {
                continue;
            }
            self.written[e] = true;
            match self.write_episode(e) {
                Ok(()) => self.summary.tracks_written += 1,
                Err(err) => self.errors.push(err),
            }
        }
    }

    fn write_episode(&mut self, e: usize) -> Result<(), crate::error::Error> {
        let ep = &self.plan.episodes[e];
        let mut track = ep.source.clone();
        let brk = line_break(track.format);
        for (i, (cue, job)) in track.cues.iter_mut().zip(&ep.cues).enumerate() {
            let text = match job {
                CueJob::Keep(t) => t.clone(),
                CueJob::Translate { protected, unit } => {
                    let translated = self.done[*unit].as_deref().unwrap_or_default();
                    let lines = if protected.inner.is_empty() {
                        crate::timing::linebreak::rebreak(
                            translated,
                            &self.options.limits,
                            Some(&self.plan.target),
                        )
                        .unwrap_or_else(|| translated.trim().to_owned())
                    } else {
                        translated.trim().to_owned()
                    };
                    let restored = protected.restore(&lines.replace('\n', brk));
                    for tag in restored.lost {
                        self.summary
                            .markup_lost
                            .push((format!("E{:03}#{}", ep.number.get(), i + 1), tag));
                    }
                    restored.text
                }
            };
            cue.set_text(text);
        }
        if ep.format != track.format {
            track = crate::formats::convert(&track, ep.format).0;
        }
        if let crate::model::TrackHeader::Ttml(h) = track.header_mut() {
            h.lang = Some(self.plan.target.to_string());
        }
        let text = crate::formats::write(&track);
        crate::fsutil::write_atomic(&ep.target_path, text.as_bytes())
    }
}

fn halves(mut units: Vec<usize>) -> Vec<Vec<usize>> {
    let tail = units.split_off(units.len() / 2);
    [units, tail]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect()
}

/// 1 s ×1.6 per retry, capped, with ±23 % jitter (DeepL's official clients).
fn backoff(options: &RunOptions, attempt: u32) -> Duration {
    let base = options.first_backoff.as_secs_f64() * 1.6f64.powi(attempt.min(30) as i32);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
        ^ std::process::id();
    let jitter = 1.0 + 0.23 * ((f64::from(nanos % 2001) / 1000.0) - 1.0);
    Duration::from_secs_f64((base * jitter).min(options.max_backoff.as_secs_f64()))
}
