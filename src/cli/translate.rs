//! `dramaloc translate`: plan, estimate (`--dry-run`) or run the translation of a series, with
//! a progress bar per language and a summary in every mode.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::args::{GlossaryCheckArgs, TranslateArgs};
use super::check::parse_episodes;
use super::tm::table;
use super::{Printer, parse_language};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::i18n::tr;
use crate::model::Language;
use crate::msg;
use crate::translate::TranslateError;
use crate::translate::pipeline::{LanguageSummary, Progress};
use crate::translate::series::{self, Estimate, Options};
use crate::translate::settings::UserConfig;
use crate::workspace::Workspace;

pub fn run(printer: &Printer, cwd: &Path, args: TranslateArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let targets = args
        .to
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_language(printer, t.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(r) = args.rate
        && !(r.is_finite() && r > 0.0)
    {
        return Err(Error::InvalidValue {
            flag: "--rate",
            value: r.to_string(),
            expected: msg!("expected-positive-number"),
        });
    }
    let options = Options {
        targets,
        episodes: args.episodes.as_deref().map(parse_episodes).transpose()?,
        backend: args.backend.clone(),
        force: args.force,
        rate: args.rate,
        concurrency: args.concurrency.map(|c| c.max(1)),
        dry_run: args.dry_run,
    };
    let config = UserConfig::load()?;
    let jobs = series::prepare(&ws, &options, &config)?;
    for job in &jobs {
        if !job.plan.skipped.is_empty() {
            printer.warning(&msg!(
                "translate-skipped-existing",
                lang = job.plan.target.to_string(),
                count = job.plan.skipped.len()
            ));
        }
    }
    if args.dry_run {
        let estimates = series::estimate(&ws, &jobs, &config)?;
        print_estimates(printer, &estimates);
        return Ok(ExitStatus::Success);
    }
    let bars = Bars::new(printer);
    let summaries = series::run(&ws, &jobs, &bars)?;
    drop(bars);
    let written: Vec<Language> = summaries
        .iter()
        .filter(|s| s.tracks_written > 0)
        .filter_map(|s| Language::parse(&s.language).ok())
        .collect();
    let misses = series::glossary_check(&ws, written, options.episodes.clone())?;
    print_summaries(printer, &summaries, &misses, cwd, ws.root());
    if let Some(s) = summaries.iter().find(|s| s.stopped.is_some())
        && let Some(stop) = &s.stopped
    {
        printer.error(&Error::from(TranslateError::Stopped {
            backend: s.backend.clone(),
            language: s.language.clone(),
            kind: stop.kind,
            message: stop.message.clone(),
        }));
        return Ok(ExitStatus::Error);
    }
    Ok(if summaries.iter().any(|s| s.failed > 0) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn money(cost: Option<f64>, currency: Option<&str>) -> String {
    match (cost, currency) {
        (Some(c), Some(cur)) => format!("{c:.2} {cur}"),
        _ => "?".to_owned(),
    }
}

fn print_estimates(printer: &Printer, estimates: &[Estimate]) {
    if printer.json() {
        printer.data(&json!({ "dry_run": true, "languages": estimates }).to_string());
        return;
    }
    let mut rows = vec![vec![
        tr(&msg!("translate-col-language")),
        tr(&msg!("translate-col-backend")),
        tr(&msg!("translate-col-lines")),
        tr(&msg!("translate-col-memory")),
        tr(&msg!("translate-col-characters")),
        tr(&msg!("translate-col-billed")),
        tr(&msg!("translate-col-requests")),
        tr(&msg!("translate-col-cost")),
    ]];
    let mut totals: HashMap<String, f64> = HashMap::new();
    for e in estimates {
        let billed = match e.output_tokens {
            Some(out) => tr(&msg!("translate-tokens", input = e.billed, output = out)),
            None => tr(&msg!("tm-billed", units = e.billed, unit = e.billing_unit)),
        };
        let backend = if e.model.is_empty() {
            e.backend.clone()
        } else {
            format!("{} ({})", e.backend, e.model)
        };
        rows.push(vec![
            e.language.clone(),
            backend,
            e.units.to_string(),
            e.from_memory.to_string(),
            e.characters.to_string(),
            billed,
            e.requests.to_string(),
            money(e.cost, e.currency.as_deref()),
        ]);
        if let (Some(c), Some(cur)) = (e.cost, &e.currency) {
            *totals.entry(cur.clone()).or_default() += c;
        }
    }
    printer.data(&table(&rows));
    let mut totals: Vec<_> = totals.into_iter().collect();
    totals.sort_by(|a, b| a.0.cmp(&b.0));
    let total = totals
        .iter()
        .map(|(cur, c)| format!("{c:.2} {cur}"))
        .collect::<Vec<_>>()
        .join(" + ");
    printer.info(&msg!(
        "translate-dry-run-summary",
        requests = estimates.iter().map(|e| e.requests).sum::<usize>(),
        total = if total.is_empty() {
            "0".to_owned()
        } else {
            total
        }
    ));
}

fn print_summaries(
    printer: &Printer,
    summaries: &[LanguageSummary],
    misses: &[series::GlossaryMiss],
    cwd: &Path,
    root: &Path,
) {
    if printer.json() {
        printer.data(&json!({ "languages": summaries, "glossary": misses }).to_string());
        return;
    }
    for s in summaries {
        printer.info(&msg!(
            "translate-summary",
            lang = s.language.clone(),
            backend = s.backend.clone(),
            cues = s.cues,
            translated = s.translated,
            memory = s.from_memory,
            requests = s.requests,
            retries = s.retries,
            billed = s.billed,
            unit = s.billing_unit.clone(),
            tracks = s.tracks_written
        ));
        if s.failed > 0 {
            printer.warning(&msg!(
                "translate-failed-units",
                lang = s.language.clone(),
                count = s.failed
            ));
        }
        for (cue, tag) in &s.markup_lost {
            printer.warning(&msg!(
                "translate-markup-lost",
                cue = cue.clone(),
                tag = tag.clone()
            ));
        }
    }
    for m in misses {
        let path = super::shown(&root.join(&m.path), cwd);
        printer.warning(&msg!(
            "translate-glossary-miss",
            path = path,
            cue = m.cue.unwrap_or(0),
            message = m.message.clone()
        ));
    }
}

/// One bar per language on a terminal (stderr), hidden otherwise.
struct Bars {
    multi: Option<MultiProgress>,
    bars: Mutex<HashMap<String, ProgressBar>>,
}

impl Bars {
    fn new(printer: &Printer) -> Bars {
        let visible = !printer.quiet && !printer.json() && std::io::stderr().is_terminal();
        Bars {
            multi: visible.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            bars: Mutex::new(HashMap::new()),
        }
    }

    fn with(&self, lang: &Language, f: impl FnOnce(&ProgressBar)) {
        if let Ok(bars) = self.bars.lock()
            && let Some(bar) = bars.get(lang.as_str())
        {
            f(bar);
        }
    }
}

impl Progress for Bars {
    fn start(&self, target: &Language, total: u64, done: u64) {
        let Some(multi) = &self.multi else { return };
        let bar = multi.add(ProgressBar::new(total));
        if let Ok(style) = ProgressStyle::with_template(
            "{prefix:>10} [{bar:32}] {pos}/{len} {percent:>3}% ETA {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(target.to_string());
        bar.set_position(done);
        if let Ok(mut bars) = self.bars.lock() {
            bars.insert(target.to_string(), bar);
        }
    }
    fn advance(&self, target: &Language, units: u64) {
        self.with(target, |b| b.inc(units));
    }
    fn finish(&self, target: &Language) {
        self.with(target, ProgressBar::finish);
    }
}

/// `dramaloc glossary check`: each term's renderings across episodes, per language.
pub fn glossary_check(
    printer: &Printer,
    cwd: &Path,
    args: GlossaryCheckArgs,
) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let only = args
        .lang
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_language(printer, t.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(glossary) = crate::glossary::load(ws.root())? else {
        printer.info(&msg!(
            "glossary-none",
            path = super::shown(&ws.root().join(crate::glossary::GLOSSARY_FILE), cwd)
        ));
        return Ok(ExitStatus::Success);
    };
    let uses = crate::glossary::consistency::check(&ws, &glossary, &only)?;
    let inconsistent = uses.iter().filter(|u| !u.outliers.is_empty()).count();
    if printer.json() {
        printer.data(&json!({ "terms": uses, "inconsistent": inconsistent }).to_string());
    } else {
        let mut out = String::new();
        for u in uses.iter().filter(|u| !u.outliers.is_empty()) {
            let rendering = u.rendering.clone().unwrap_or_default();
            out.push_str(&tr(&if u.approved.is_some() {
                msg!(
                    "glossary-term-approved",
                    term = u.term.clone(),
                    lang = u.language.clone(),
                    rendering = rendering,
                    consistent = u.consistent,
                    uses = u.uses
                )
            } else {
                msg!(
                    "glossary-term-inferred",
                    term = u.term.clone(),
                    lang = u.language.clone(),
                    rendering = rendering,
                    consistent = u.consistent,
                    uses = u.uses
                )
            }));
            out.push('\n');
            for o in &u.outliers {
                out.push_str(&format!("  E{:03}#{:<4} {}\n", o.episode, o.cue, o.text));
            }
        }
        if !out.is_empty() {
            printer.data(&out);
        }
        let languages: std::collections::BTreeSet<&str> =
            uses.iter().map(|u| u.language.as_str()).collect();
        printer.info(&msg!(
            "glossary-check-summary",
            terms = uses.len(),
            languages = languages.len(),
            inconsistent = inconsistent
        ));
    }
    Ok(if inconsistent > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}
