//! Check settings resolved from `series.toml` (`[timing]`, `[check]`), the market and the
//! command line: the timing spec, rule severities and suppressions.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::SeriesFile;
use crate::config::series_file::CheckSection;
use crate::diagnostics::Severity;
use crate::error::Error;
use crate::model::{EpisodeNumber, Language};
use crate::timing::rules::{self, Rule};
use crate::timing::{Preset, TimingSpec};

/// Resolved settings for one check run.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub spec: TimingSpec,
    /// Rule id → severity; `None` = off. Rules not listed keep their default.
    severity: BTreeMap<&'static str, Option<Severity>>,
    suppress: Vec<(EpisodeNumber, Language, usize, &'static str, String)>,
    /// The market whose limits apply, when one was named.
    pub market: Option<String>,
}

impl Settings {
    /// Defaults: the `vertical` preset, every rule at its default severity.
    pub fn new(spec: TimingSpec) -> Settings {
        Settings {
            spec,
            ..Settings::default()
        }
    }

    /// Settings for a series: preset (command line, else series, else `vertical`), market
    /// overrides, then the series' own `[timing]`, `[check]` severities and suppressions.
    pub fn for_series(
        file: &SeriesFile,
        path: &Path,
        preset: Option<Preset>,
        market: Option<&crate::markets::Market>,
    ) -> Result<Settings, Error> {
        let mut spec = TimingSpec::new(Preset::default());
        let mut market_id = None;
        if let Some(m) = market {
            spec = spec.with(m.timing());
            spec.safe_area = m.spec.safe_area;
            market_id = Some(m.id().to_owned());
        }
        if let Some(t) = &file.timing {
            spec = spec.with(t.clone());
        }
        if let Some(p) = preset {
            spec.preset = p;
        }
        let mut s = Settings::new(spec);
        s.market = market_id;
        if let Some(check) = &file.check {
            s.apply(check, path)?;
        }
        Ok(s)
    }

    fn apply(&mut self, check: &CheckSection, path: &Path) -> Result<(), Error> {
        let invalid = |key: String, value: &str| Error::ConfigValue {
            path: path.to_path_buf(),
            key,
            value: value.to_owned(),
        };
        for (id, value) in &check.severity {
            let rule = rules::by_id(id).ok_or_else(|| invalid("check.severity".into(), id))?;
            let sev = match value.as_str() {
                "off" => None,
                v => Some(
                    Severity::parse(v).ok_or_else(|| invalid(format!("check.severity.{id}"), v))?,
                ),
            };
            self.severity.insert(rule.id(), sev);
        }
        for s in &check.suppress {
            let rule = rules::by_id(&s.rule)
                .ok_or_else(|| invalid("check.suppress.rule".into(), &s.rule))?;
            let episode = EpisodeNumber::new(s.episode)
                .ok_or_else(|| invalid("check.suppress.episode".into(), &s.episode.to_string()))?;
            let lang = Language::parse(&s.lang)
                .map_err(|_| invalid("check.suppress.lang".into(), &s.lang))?;
            if s.reason.trim().is_empty() {
                return Err(invalid("check.suppress.reason".into(), &s.reason));
            }
            if s.cue == 0 {
                return Err(invalid("check.suppress.cue".into(), "0"));
            }
            self.suppress
                .push((episode, lang, s.cue, rule.id(), s.reason.clone()));
        }
        Ok(())
    }

    /// The severity a rule runs at, or `None` when it is off.
    pub fn severity_of(&self, rule: &dyn Rule) -> Option<Severity> {
        self.severity
            .get(rule.id())
            .copied()
            .unwrap_or(Some(rule.default_severity()))
    }

    /// Set one rule's severity (`None` = off).
    pub fn set_severity(&mut self, rule: &'static str, severity: Option<Severity>) {
        self.severity.insert(rule, severity);
    }

    /// The recorded reason if this finding is suppressed.
    pub fn suppression(
        &self,
        episode: EpisodeNumber,
        lang: &Language,
        cue: usize,
        rule: &str,
    ) -> Option<String> {
        self.suppress
            .iter()
            .find(|(e, l, c, r, _)| *e == episode && l == lang && *c == cue && *r == rule)
            .map(|(.., reason)| reason.clone())
    }
}
