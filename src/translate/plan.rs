//! What a translation run has to do for one target language: the episodes, each cue's fate
//! (kept, copied, or translated), and the distinct source lines to translate (a line said
//! twice is paid for once).

use std::collections::HashMap;
use std::path::PathBuf;

use super::backend::TermPair;
use super::protect::{Protected, protect};
use crate::glossary::Glossary;
use crate::memory::normalize;
use crate::model::{EpisodeNumber, Format, Language, SubtitleTrack};

/// One episode's track to produce.
#[derive(Debug)]
pub struct EpisodePlan {
    pub number: EpisodeNumber,
    /// The source track, whose timing and layout the target keeps.
    pub source: SubtitleTrack,
    pub target_path: PathBuf,
    /// The format the target track is written in (the source's, or an existing track's).
    pub format: Format,
    pub cues: Vec<CueJob>,
}

/// What becomes of one cue.
#[derive(Debug)]
pub enum CueJob {
    /// Written as is: markup only, or a target text already there.
    Keep(String),
    /// Translated: the unit's translation put back into this cue's markup.
    Translate { protected: Protected, unit: usize },
}

/// A distinct source line to translate.
#[derive(Debug, Clone)]
pub struct UnitPlan {
    /// `E003#12`: the first cue that says it.
    pub id: String,
    /// The protected source text (the memory's key, normalized there).
    pub core: String,
    /// Episode index (in the plan) and cue index of the first cue that says it, for context.
    pub first: (usize, usize),
    /// Glossary entries whose source term it contains.
    pub terms: Vec<TermPair>,
    /// Do-not-translate terms it contains.
    pub keep: Vec<String>,
}

/// The work for one target language.
#[derive(Debug)]
pub struct LanguagePlan {
    pub source: Language,
    pub target: Language,
    pub episodes: Vec<EpisodePlan>,
    pub units: Vec<UnitPlan>,
    /// Episodes left alone because their target track exists (without `--force`).
    pub skipped: Vec<EpisodeNumber>,
}

impl LanguagePlan {
    pub fn new(source: Language, target: Language) -> LanguagePlan {
        LanguagePlan {
            source,
            target,
            episodes: Vec::new(),
            units: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Add an episode. `existing` is the target track already on disk: with the same number
    /// of cues its non-empty texts are kept and only empty cues are translated.
    pub fn add_episode(
        &mut self,
        number: EpisodeNumber,
        source: SubtitleTrack,
        existing: Option<&SubtitleTrack>,
        target_path: PathBuf,
        glossary: Option<&Glossary>,
        index: &mut HashMap<String, usize>,
    ) {
        let e = self.episodes.len();
        let format = source.format;
        let mut cues = Vec::with_capacity(source.cues.len());
        for (i, cue) in source.cues.iter().enumerate() {
            if let Some(kept) = existing
                .and_then(|t| t.cues.get(i))
                .map(|c| c.text())
                .filter(|t| !t.trim().is_empty())
            {
                cues.push(CueJob::Keep(kept.to_owned()));
                continue;
            }
            let protected = protect(cue.text());
            if protected.is_blank() {
                cues.push(CueJob::Keep(cue.text().to_owned()));
                continue;
            }
            let key = normalize(&protected.core);
            let unit = *index.entry(key).or_insert_with(|| {
                let (terms, keep) = terms_in(&protected.core, &self.target, glossary);
                self.units.push(UnitPlan {
                    id: format!("E{:03}#{}", number.get(), i + 1),
                    core: protected.core.clone(),
                    first: (e, i),
                    terms,
                    keep,
                });
                self.units.len() - 1
            });
            cues.push(CueJob::Translate { protected, unit });
        }
        self.episodes.push(EpisodePlan {
            number,
            source,
            target_path,
            format,
            cues,
        });
    }

    /// The protected source texts of the cues around a cue, `n` on each side, for context.
    pub fn neighbours(&self, (e, i): (usize, usize), n: usize) -> (Vec<String>, Vec<String>) {
        let Some(ep) = self.episodes.get(e) else {
            return (Vec::new(), Vec::new());
        };
        let text = |j: usize| protect(ep.source.cues[j].text()).core;
        let before = (i.saturating_sub(n)..i).map(text).collect();
        let after = (i + 1..(i + 1 + n).min(ep.source.cues.len()))
            .map(text)
            .collect();
        (before, after)
    }

    /// For each unit, the episodes (indexes) whose tracks need it.
    pub fn episodes_of_units(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.units.len()];
        for (e, ep) in self.episodes.iter().enumerate() {
            for job in &ep.cues {
                if let CueJob::Translate { unit, .. } = job
                    && out[*unit].last() != Some(&e)
                {
                    out[*unit].push(e);
                }
            }
        }
        out
    }
}

/// The glossary terms (with this language's rendering) and do-not-translate terms in `text`.
pub fn terms_in(
    text: &str,
    target: &Language,
    glossary: Option<&Glossary>,
) -> (Vec<TermPair>, Vec<String>) {
    let (mut terms, mut keep) = (Vec::new(), Vec::new());
    let Some(g) = glossary else {
        return (terms, keep);
    };
    for term in &g.terms {
        if term.source.is_empty() || !text.contains(&term.source) {
            continue;
        }
        if term.do_not_translate {
            keep.push(term.source.clone());
        } else if let Some(t) = crate::timing::rules::terms::approved(term, target) {
            terms.push(TermPair {
                source: term.source.clone(),
                target: t.to_owned(),
            });
        }
    }
    // Longest first, so that a name inside a longer name is not replaced first.
    terms.sort_by(|a, b| b.source.len().cmp(&a.source.len()).then(a.cmp(b)));
    (terms, keep)
}

/// `text` with each glossary term replaced by its approved rendering: the placeholder
/// treatment for backends without a glossary feature. Engines copy a name written in the
/// target's script through; the glossary check afterwards catches one that did not.
pub fn with_renderings(text: &str, terms: &[TermPair]) -> String {
    let mut out = text.to_owned();
    for t in terms {
        if !out.contains(&t.source) {
            continue;
        }
        let mut next = String::with_capacity(out.len() + t.target.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(&t.source) {
            next.push_str(&rest[..at]);
            // A spaced-script rendering between letters gets spaces (`这不是 Wuling Snow Bud`),
            // so two renderings never run together.
            let spaced = |c: Option<char>| {
                c.is_some_and(|c| c.is_alphanumeric() && !crate::timing::rules::terms::unspaced(c))
            };
            let joins = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if spaced(t.target.chars().next()) && joins(next.chars().next_back()) {
                next.push(' ');
            }
            next.push_str(&t.target);
            rest = &rest[at + t.source.len()..];
            if spaced(t.target.chars().next_back()) && joins(rest.chars().next()) {
                next.push(' ');
            }
        }
        next.push_str(rest);
        out = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cue, Millis, TimeSpan};

    fn track(texts: &[&str]) -> SubtitleTrack {
        let mut t = SubtitleTrack::new(Format::Srt);
        for (i, x) in texts.iter().enumerate() {
            let s = Millis::new(i as i64 * 1000);
            t.cues.push(Cue::new(
                TimeSpan::new(s, Millis::new(i as i64 * 1000 + 900)).unwrap(),
                *x,
            ));
        }
        t
    }

    #[test]
    fn repeated_lines_are_one_unit_and_markup_only_cues_are_kept() {
        let g = crate::glossary::parse(
            std::path::Path::new("g.toml"),
            "[[term]]\nsource = \"温以茗\"\nen-US = \"Wen Yiming\"\n[[term]]\nsource = \"雾岭\"\ndo_not_translate = true\n",
        )
        .unwrap();
        let en = Language::parse("en-US").unwrap();
        let mut plan = LanguagePlan::new(Language::parse("zh-Hans").unwrap(), en);
        let mut index = HashMap::new();
        let n = |k| EpisodeNumber::new(k).unwrap();
        plan.add_episode(
            n(1),
            track(&["<i>走吧</i>", "{\\an8}", "温以茗在雾岭"]),
            None,
            "1".into(),
            Some(&g),
            &mut index,
        );
        plan.add_episode(
            n(2),
            track(&["走吧"]),
            None,
            "2".into(),
            Some(&g),
            &mut index,
        );
        assert_eq!(plan.units.len(), 2);
        assert_eq!(plan.units[0].id, "E001#1");
        assert_eq!(plan.units[1].terms[0].target, "Wen Yiming");
        assert_eq!(plan.units[1].keep, vec!["雾岭".to_owned()]);
        assert!(matches!(plan.episodes[0].cues[1], CueJob::Keep(_)));
        assert_eq!(plan.episodes_of_units()[0], vec![0, 1]);
        assert_eq!(
            with_renderings("温以茗在雾岭", &plan.units[1].terms),
            "Wen Yiming 在雾岭"
        );
        let two = [
            TermPair {
                source: "雾岭".into(),
                target: "Wuling".into(),
            },
            TermPair {
                source: "雪芽".into(),
                target: "Snow Bud".into(),
            },
        ];
        assert_eq!(
            with_renderings("这不是雾岭雪芽", &two),
            "这不是 Wuling Snow Bud"
        );
        assert_eq!(with_renderings("雾岭。", &two), "Wuling。");
        let (before, after) = plan.neighbours((0, 1), 2);
        assert_eq!(
            (before, after),
            (vec!["走吧".to_owned()], vec!["温以茗在雾岭".to_owned()])
        );
    }

    #[test]
    fn an_existing_track_keeps_its_texts() {
        let mut plan = LanguagePlan::new(
            Language::parse("zh-Hans").unwrap(),
            Language::parse("en-US").unwrap(),
        );
        let existing = track(&["Go", ""]);
        plan.add_episode(
            EpisodeNumber::new(1).unwrap(),
            track(&["走吧", "等等"]),
            Some(&existing),
            "x".into(),
            None,
            &mut HashMap::new(),
        );
        assert_eq!(plan.units.len(), 1);
        assert_eq!(plan.units[0].core, "等等");
    }
}
