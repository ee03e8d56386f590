//! Translating a series: choose a backend per target language, plan each language, estimate
//! (`--dry-run`) or run, then check the new tracks against the glossary.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::backend::{Request, TermPair, Translator, Unit};
use super::backends;
use super::pipeline::{self, LanguageSummary, Progress, RunOptions};
use super::plan::{LanguagePlan, with_renderings};
use super::settings::{Price, TranslateSection, UserConfig};
use crate::error::{Error, IoAction};
use crate::memory::{BillingUnit, Journal, Memory};
use crate::model::{EpisodeNumber, Language};
use crate::workspace::Workspace;

/// What the user asked for.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Target languages; empty = those of `[translate.languages]`.
    pub targets: Vec<Language>,
    pub episodes: Option<BTreeSet<EpisodeNumber>>,
    /// Backend for every target, over `series.toml`.
    pub backend: Option<String>,
    /// Translate cues that already have a target text (the memory still answers first).
    pub force: bool,
    pub rate: Option<f64>,
    pub concurrency: Option<usize>,
    /// Only estimate: a missing key is not an error.
    pub dry_run: bool,
}

/// One language's work and the backend that does it.
pub struct Job {
    pub plan: LanguagePlan,
    pub backend: Box<dyn Translator>,
    pub run: RunOptions,
}

/// The backend id for a target: `--backend`, else `[translate.languages]`, else
/// `[translate] backend`.
pub fn backend_for(
    section: &TranslateSection,
    target: &Language,
    over: Option<&str>,
) -> Option<String> {
    if let Some(b) = over {
        return Some(b.to_owned());
    }
    section
        .languages
        .iter()
        .find(|(tag, _)| Language::parse(tag).is_ok_and(|l| &l == target))
        .map(|(_, b)| b.clone())
        .or_else(|| section.backend.clone())
}

/// Plan every target language and build its backend. Nothing is sent; an unknown backend,
/// a missing key or an unsupported pair is an error here, before any request.
pub fn prepare(ws: &Workspace, options: &Options, config: &UserConfig) -> Result<Vec<Job>, Error> {
    let section = ws.file.translate.clone().unwrap_or_default();
    let source = ws.series.source_language.clone();
    let mut targets = options.targets.clone();
    if targets.is_empty() {
        for tag in section.languages.keys() {
            targets.push(Language::parse(tag).map_err(|_| Error::ConfigValue {
                path: ws.series_file(),
                key: "translate.languages".into(),
                value: tag.clone(),
            })?);
        }
    }
    if targets.is_empty() {
        return Err(Error::Usage {
            message: crate::msg!("error-translate-no-target"),
            detail: None,
            hint: None,
        });
    }
    let glossary = crate::glossary::load(ws.root())?;
    let episodes = ws.episodes()?;
    let settings = crate::check::Settings::for_series(&ws.file, &ws.series_file(), None, None)?;
    let mut jobs = Vec::new();
    for target in targets {
        if target == source {
            return Err(Error::Usage {
                message: crate::msg!("error-translate-same-language", lang = target.to_string()),
                detail: None,
                hint: None,
            });
        }
        let id = backend_for(&section, &target, options.backend.as_deref()).ok_or_else(|| {
            Error::Usage {
                message: crate::msg!("error-translate-no-backend", lang = target.to_string()),
                detail: None,
                hint: Some(crate::msg!("hint-translate-choose-backend")),
            }
        })?;
        let mut backend_settings = section.backend_settings(&id);
        if options.rate.is_some() {
            backend_settings.rate = options.rate;
        }
        if options.concurrency.is_some() {
            backend_settings.concurrency = options.concurrency;
        }
        let all_terms: Vec<TermPair> = glossary
            .iter()
            .flat_map(|g| &g.terms)
            .filter(|t| !t.do_not_translate)
            .filter_map(|t| {
                Some(TermPair {
                    source: t.source.clone(),
                    target: crate::timing::rules::terms::approved(t, &target)?.to_owned(),
                })
            })
            .collect();
        let need = if options.dry_run {
            backends::KeyNeed::NotForEstimate
        } else {
            backends::KeyNeed::Required
        };
        let backend = backends::build(
            &id,
            &backend_settings,
            config,
            &source,
            &target,
            all_terms,
            need,
        )?;
        let mut plan = LanguagePlan::new(source.clone(), target.clone());
        let mut index = HashMap::new();
        for (number, episode) in &episodes {
            if options
                .episodes
                .as_ref()
                .is_some_and(|s| !s.contains(number))
            {
                continue;
            }
            let Some(file) = episode.tracks.get(&source) else {
                continue;
            };
            let track = crate::workspace::read_track(&file.path, file.format)?;
            let existing_file = episode.tracks.get(&target);
            let existing = match existing_file {
                Some(f) if !options.force => {
                    let t = crate::workspace::read_track(&f.path, f.format)?;
                    if t.cues.len() != track.cues.len()
                        || t.cues.iter().all(|c| !c.text().trim().is_empty())
                    {
                        plan.skipped.push(*number);
                        continue;
                    }
                    Some(t)
                }
                _ => None,
            };
            // Written in the source's format, beside it; an existing track of another format
            // is replaced in place.
            // Beside the source, in its format; an existing track keeps its name and format
            // (the cues are converted to it).
            let (path, format) = match existing_file {
                Some(f) => (f.path.clone(), f.format),
                None => (ws.track_path(*number, &target, track.format), track.format),
            };
            plan.add_episode(
                *number,
                track,
                existing.as_ref(),
                path,
                glossary.as_ref(),
                &mut index,
            );
            if let Some(ep) = plan.episodes.last_mut() {
                ep.format = format;
            }
        }
        let limits = settings.spec.limits(Some(&target), ws.series.frame_rate);
        let bs = section.backend_settings(&id);
        jobs.push(Job {
            plan,
            backend,
            run: RunOptions {
                retries: bs.retries.unwrap_or(5),
                max_backoff: std::time::Duration::from_secs_f64(
                    bs.max_backoff.unwrap_or(60.0).max(0.0),
                ),
                first_backoff: std::time::Duration::from_secs(1).min(
                    std::time::Duration::from_secs_f64(bs.max_backoff.unwrap_or(60.0).max(0.0)),
                ),
                context_lines: section.context_lines.unwrap_or(2),
                synopsis: section.synopsis.clone(),
                limits,
                avoid: glossary
                    .as_ref()
                    .map(|g| {
                        g.forbidden
                            .iter()
                            .filter(|f| {
                                crate::timing::rules::terms::language_listed(
                                    &f.languages,
                                    Some(&target),
                                )
                            })
                            .map(|f| f.text.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
            },
        });
    }
    Ok(jobs)
}

/// What a run would cost, per language and backend.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Estimate {
    pub language: String,
    pub backend: String,
    pub model: String,
    pub cues: usize,
    /// Distinct lines the backend would be asked for.
    pub units: usize,
    pub from_memory: usize,
    pub characters: u64,
    /// Billed units: characters, or input tokens for LLMs.
    pub billed: u64,
    /// Output tokens (LLMs), estimated.
    pub output_tokens: Option<u64>,
    pub billing_unit: &'static str,
    pub requests: usize,
    /// Estimated cost and currency; `None` when no price is known.
    pub cost: Option<f64>,
    pub currency: Option<String>,
}

/// The default price table (`reference/translation-apis.md` §6.4), per million units.
pub fn default_price(backend: &str, model: &str) -> Option<Price> {
    let p = |per: f64, out: Option<f64>, cur: &str| {
        Some(Price {
            per_million: per,
            output_per_million: out,
            currency: cur.to_owned(),
        })
    };
    match (backend, model) {
        ("deepl", _) => p(20.0, None, "EUR"),
        ("google", _) => p(20.0, None, "USD"),
        ("azure", _) => p(10.0, None, "USD"),
        ("libre" | "pseudo" | "opencc" | "command", _) => p(0.0, None, "USD"),
        ("openai", m) if m.starts_with("gpt-4o-mini") => p(0.15, Some(0.60), "USD"),
        ("openai", m) if m.starts_with("gpt-4.1-mini") => p(0.40, Some(1.60), "USD"),
        ("openai", m) if m.starts_with("gpt-5-mini") => p(0.25, Some(2.00), "USD"),
        ("openai", m) if m.starts_with("deepseek") => p(0.14, Some(0.28), "USD"),
        _ => None,
    }
}

/// Estimate every job without sending anything: the memory answers what it knows, the rest
/// is batched exactly as a run would batch it.
pub fn estimate(ws: &Workspace, jobs: &[Job], config: &UserConfig) -> Result<Vec<Estimate>, Error> {
    let memory = Memory::open(ws.root())?;
    let mut out = Vec::new();
    for job in jobs {
        let plan = &job.plan;
        let b = job.backend.as_ref();
        let cores: Vec<&str> = plan.units.iter().map(|u| u.core.as_str()).collect();
        let known = if b.offline() {
            vec![None; cores.len()]
        } else {
            memory.lookup(&plan.source, &plan.target, &cores)?
        };
        let todo: Vec<usize> = (0..plan.units.len())
            .filter(|&u| known[u].is_none())
            .collect();
        let limits = b.limits();
        let batches = pipeline::batches(plan, &todo, limits.max_units, limits.max_chars);
        let mut billed = 0;
        let mut characters = 0;
        let mut output_tokens = 0u64;
        for batch in &batches {
            let request = Request {
                source: plan.source.clone(),
                target: plan.target.clone(),
                units: batch
                    .iter()
                    .map(|&u| Unit {
                        id: plan.units[u].id.clone(),
                        text: if b.native_glossary() {
                            plan.units[u].core.clone()
                        } else {
                            with_renderings(&plan.units[u].core, &plan.units[u].terms)
                        },
                    })
                    .collect(),
                context: Default::default(),
                terms: Vec::new(),
                keep: Vec::new(),
                avoid: Vec::new(),
            };
            characters += request
                .units
                .iter()
                .map(|u| u.text.chars().count() as u64)
                .sum::<u64>();
            billed += b.estimate(&request);
            output_tokens += request
                .units
                .iter()
                .map(|u| super::backend::tokens_of(&u.text) * 3 / 2 + 8)
                .sum::<u64>();
        }
        let llm = b.billing() == BillingUnit::Tokens;
        let price = config
            .prices
            .get(&format!("{}:{}", b.id(), b.model()))
            .or_else(|| config.prices.get(b.id()))
            .cloned()
            .or_else(|| default_price(b.id(), b.model()));
        let cost = price.as_ref().map(|p| {
            let input = billed as f64 * p.per_million / 1e6;
            let output = if llm {
                output_tokens as f64 * p.output_per_million.unwrap_or(0.0) / 1e6
            } else {
                0.0
            };
            input + output
        });
        out.push(Estimate {
            language: plan.target.to_string(),
            backend: b.id().to_owned(),
            model: b.model().to_owned(),
            cues: plan.episodes.iter().map(|e| e.cues.len()).sum(),
            units: todo.len(),
            from_memory: plan.units.len() - todo.len(),
            characters,
            billed,
            output_tokens: llm.then_some(output_tokens),
            billing_unit: b.billing().as_str(),
            requests: batches.len(),
            cost,
            currency: price.map(|p| p.currency),
        });
    }
    Ok(out)
}

/// A glossary finding on a new track.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GlossaryMiss {
    pub path: String,
    pub episode: Option<u32>,
    pub language: String,
    pub rule: &'static str,
    pub cue: Option<usize>,
    pub message: String,
}

/// Run every job, one language after another; requests within a language run concurrently.
/// A backend that stops the run (quota, key) stops the other languages it serves too.
pub fn run(
    ws: &Workspace,
    jobs: &[Job],
    progress: &dyn Progress,
) -> Result<Vec<LanguageSummary>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io(ws.root(), IoAction::Write, e))?;
    let memory = Memory::open(ws.root())?;
    let journal = Journal::open(ws.root())?;
    let mut out = Vec::new();
    let mut stopped: Vec<&str> = Vec::new();
    for job in jobs {
        let id = job.backend.id();
        if stopped.contains(&id) {
            continue;
        }
        let journal = (!job.backend.offline()).then_some(&journal);
        let summary = runtime.block_on(pipeline::run(
            &job.plan,
            job.backend.as_ref(),
            &memory,
            journal,
            &job.run,
            progress,
        ))?;
        if summary.stopped.is_some() {
            stopped.push(id);
        }
        out.push(summary);
    }
    Ok(out)
}

/// `glossary-term-missing` and `forbidden-term` findings on the given languages' tracks.
pub fn glossary_check(
    ws: &Workspace,
    languages: Vec<Language>,
    episodes: Option<BTreeSet<EpisodeNumber>>,
) -> Result<Vec<GlossaryMiss>, Error> {
    if languages.is_empty() || crate::glossary::load(ws.root())?.is_none() {
        return Ok(Vec::new());
    }
    let settings = crate::check::Settings::for_series(&ws.file, &ws.series_file(), None, None)?;
    let selection = crate::check::Selection {
        episodes,
        languages: Some(languages),
        required: Vec::new(),
    };
    let report =
        crate::check::check_series(ws, &settings, &selection, crate::parallel::jobs(None), None)?;
    let mut out = Vec::new();
    for t in &report.tracks {
        for f in t.active() {
            if matches!(f.rule, "glossary-term-missing" | "forbidden-term") {
                out.push(GlossaryMiss {
                    path: t.path.clone(),
                    episode: t.episode.map(|e| e.get()),
                    language: t.language.clone().unwrap_or_default(),
                    rule: f.rule,
                    cue: f.cue,
                    message: crate::i18n::tr(&f.message),
                });
            }
        }
    }
    Ok(out)
}
