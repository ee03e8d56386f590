//! `glossary check`: how each glossary term is rendered across the episodes of every target
//! language. With an approved rendering, the cues that do not use it are listed; without
//! one, the rendering most cues use is inferred (the word or character sequence far more
//! common in cues naming the term than elsewhere) and the cues that differ are listed, so a
//! name spelled three ways over sixty episodes is caught and can be added to the glossary.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::Glossary;
use crate::error::Error;
use crate::model::{EpisodeNumber, Language, SubtitleTrack};
use crate::timing::rules::terms::{Needle, approved, fold};
use crate::workspace::Workspace;

/// One term in one language.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TermUse {
    pub term: String,
    pub language: String,
    /// The glossary's rendering, when it has one for this language.
    pub approved: Option<String>,
    /// The rendering looked for: the approved one, else the one most cues use.
    pub rendering: Option<String>,
    /// Cues whose source names the term.
    pub uses: usize,
    /// Of those, cues whose target uses `rendering`.
    pub consistent: usize,
    pub episodes: usize,
    /// Cues that render the term otherwise: episode, 1-based cue, target text.
    pub outliers: Vec<Outlier>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Outlier {
    pub episode: u32,
    pub cue: usize,
    pub text: String,
}

/// The source/target text pairs of one language, by episode and cue.
type Pairs = Vec<(EpisodeNumber, usize, String, String)>;

/// Check every target language of the series (or those given).
pub fn check(
    ws: &Workspace,
    glossary: &Glossary,
    only: &[Language],
) -> Result<Vec<TermUse>, Error> {
    let source = ws.series.source_language.clone();
    let episodes = ws.episodes()?;
    let mut pairs: BTreeMap<Language, Pairs> = BTreeMap::new();
    for (n, ep) in &episodes {
        let Some(src) = ep.tracks.get(&source) else {
            continue;
        };
        let src = crate::workspace::read_track(&src.path, src.format)?;
        for (lang, file) in &ep.tracks {
            if *lang == source || (!only.is_empty() && !only.contains(lang)) {
                continue;
            }
            let tgt = crate::workspace::read_track(&file.path, file.format)?;
            let entry = pairs.entry(lang.clone()).or_default();
            for (i, j) in pair_cues(&src, &tgt) {
                entry.push((
                    *n,
                    i + 1,
                    crate::formats::plain_text(&src, &src.cues[i]),
                    crate::formats::plain_text(&tgt, &tgt.cues[j]),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (lang, pairs) in &pairs {
        for term in &glossary.terms {
            let Some(find) = Needle::new(&term.source) else {
                continue;
            };
            let uses: Vec<&(EpisodeNumber, usize, String, String)> = pairs
                .iter()
                .filter(|(_, _, s, _)| find.find_in(&fold(s)).is_some())
                .collect();
            if uses.is_empty() {
                continue;
            }
            let approved = if term.do_not_translate {
                Some(term.source.clone())
            } else {
                approved(term, lang).map(str::to_owned)
            };
            let rendering = approved.clone().or_else(|| infer(&uses, pairs));
            let Some(rendering) = rendering else {
                continue;
            };
            let Some(want) = Needle::new(&rendering) else {
                continue;
            };
            let mut outliers = Vec::new();
            for (e, cue, _, target) in &uses {
                if !want.starts_word_in(&fold(target)) {
                    outliers.push(Outlier {
                        episode: e.get(),
                        cue: *cue,
                        text: target.clone(),
                    });
                }
            }
            let episodes: HashSet<EpisodeNumber> = uses.iter().map(|u| u.0).collect();
            out.push(TermUse {
                term: term.source.clone(),
                language: lang.to_string(),
                approved,
                rendering: Some(rendering),
                uses: uses.len(),
                consistent: uses.len() - outliers.len(),
                episodes: episodes.len(),
                outliers,
            });
        }
    }
    Ok(out)
}

/// Source cue index → target cue index: by position when both have as many cues, else the
/// target cue overlapping most in time.
fn pair_cues(src: &SubtitleTrack, tgt: &SubtitleTrack) -> Vec<(usize, usize)> {
    if src.cues.len() == tgt.cues.len() {
        return (0..src.cues.len()).map(|i| (i, i)).collect();
    }
    let mut out = Vec::new();
    for (i, s) in src.cues.iter().enumerate() {
        let (ss, se) = (s.span().start().get(), s.span().end().get());
        let best = tgt
            .cues
            .iter()
            .enumerate()
            .map(|(j, t)| {
                (
                    j,
                    (se.min(t.span().end().get()) - ss.max(t.span().start().get())).max(0),
                )
            })
            .filter(|(_, o)| *o > 0)
            .max_by_key(|(_, o)| *o);
        if let Some((j, _)) = best {
            out.push((i, j));
        }
    }
    out
}

/// The rendering most cues naming the term share: a sequence of 1–3 words (2–4 characters in
/// scripts without spaces) in at least half of those cues, at least twice, and at least three
/// times as common there as in the cues that do not name the term. Longer wins a tie.
fn infer(uses: &[&(EpisodeNumber, usize, String, String)], all: &Pairs) -> Option<String> {
    if uses.len() < 2 {
        return None;
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, _, _, target) in uses {
        for g in grams(&fold(target)) {
            *counts.entry(g).or_default() += 1;
        }
    }
    // How often each candidate occurs in the cues that do not name the term.
    let others: Vec<String> = all
        .iter()
        .filter(|p| !uses.iter().any(|u| u.0 == p.0 && u.1 == p.1))
        .map(|p| fold(&p.3))
        .collect();
    let share = |c: usize, n: usize| c as f64 / n.max(1) as f64;
    counts
        .iter()
        .filter(|(_, c)| **c * 2 >= uses.len() && **c >= 2)
        .filter(|(g, c)| {
            // The sequence and each of its words must be far more common where the term is
            // named (`the snowbud` is out: `the` is everywhere).
            let lift = |piece: &str, inside: usize| {
                let outside = others.iter().filter(|t| t.contains(piece)).count();
                share(outside, others.len()) * 3.0 <= share(inside, uses.len())
            };
            lift(g, **c)
                && g.split(' ').all(|w| {
                    let inside = uses.iter().filter(|u| fold(&u.3).contains(w)).count();
                    lift(w, inside)
                })
        })
        .map(|(g, c)| (*c, g.chars().count(), g.as_str()))
        .max()
        .map(|(_, _, g)| g.to_owned())
}

/// Candidate renderings in a folded text.
fn grams(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let unspaced = crate::timing::rules::terms::unspaced;
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\'' && c != '-'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    for n in 1..=3 {
        for w in words.windows(n) {
            let g = w.join(" ");
            if g.chars().any(unspaced) {
                continue;
            }
            if g.chars().count() >= 3 {
                out.insert(g);
            }
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for n in 2..=4 {
        for w in chars.windows(n) {
            if w.iter().all(|c| unspaced(*c) && c.is_alphanumeric()) {
                out.insert(w.iter().collect());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(e: u32, c: usize, s: &str, t: &str) -> (EpisodeNumber, usize, String, String) {
        (EpisodeNumber::new(e).unwrap(), c, s.into(), t.into())
    }

    #[test]
    fn infers_the_dominant_rendering_but_not_common_words() {
        let all: Pairs = vec![
            pair(1, 1, "雪芽好", "The Snowbud is good"),
            pair(2, 1, "雪芽香", "The Snowbud smells"),
            pair(3, 1, "这是雪芽", "This is the Snow Sprout"),
            pair(3, 2, "走吧", "Let's go, the car is here"),
            pair(3, 3, "好", "The end"),
        ];
        let uses: Vec<_> = all.iter().take(3).collect();
        assert_eq!(infer(&uses, &all).as_deref(), Some("snowbud"));
        assert!(grams("雪芽茶").contains("雪芽"));
        assert!(grams("wen yiming's tea").contains("wen yiming's"));
    }
}
