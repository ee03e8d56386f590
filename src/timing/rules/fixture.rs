//! Test fixtures for rules: a track built from times or frames, with cuts and limits.

use crate::diagnostics::Finding;
use crate::model::{Cue, Format, FrameRate, Language, Millis, SubtitleTrack, TimeSpan};
use crate::timing::spec::{Limits, Preset, TimingOverrides, TimingSpec};

use super::{FileFacts, Rule, SourceTrack, TrackInput};

pub struct Fixture {
    pub rate: FrameRate,
    pub spec: TimingSpec,
    pub language: Language,
    pub track: SubtitleTrack,
    pub cuts: Vec<Millis>,
    pub duration: Option<Millis>,
    pub file: FileFacts,
    pub source: Option<(SubtitleTrack, Language)>,
    pub glossary: Option<crate::glossary::Glossary>,
    pub resolution: (u32, u32),
}

impl Fixture {
    pub fn new(rate: FrameRate) -> Fixture {
        Fixture {
            rate,
            spec: TimingSpec::new(Preset::Netflix),
            language: Language::parse("en-US").unwrap(),
            track: crate::formats::new_track(Format::Srt),
            cuts: Vec::new(),
            duration: None,
            file: FileFacts {
                exists: true,
                ..FileFacts::default()
            },
            source: None,
            glossary: None,
            resolution: (1080, 1920),
        }
    }

    pub fn preset(mut self, p: Preset) -> Fixture {
        self.spec = TimingSpec::new(p);
        self
    }

    pub fn overrides(mut self, toml_text: &str) -> Fixture {
        let o: TimingOverrides = toml::from_str(toml_text).unwrap();
        self.spec = self.spec.with(o);
        self
    }

    pub fn lang(mut self, tag: &str) -> Fixture {
        self.language = Language::parse(tag).unwrap();
        self
    }

    /// A cue from milliseconds.
    pub fn cue(mut self, start: i64, end: i64, text: &str) -> Fixture {
        let span = TimeSpan::new(Millis::new(start), Millis::new(end)).unwrap();
        self.track.cues.push(Cue::new(span, text));
        self
    }

    /// A cue from frame indices.
    pub fn cue_frames(self, start: i64, end: i64, text: &str) -> Fixture {
        let (s, e) = (self.at(start), self.at(end));
        self.cue(s.get(), e.get(), text)
    }

    pub fn cut_frames(mut self, frames: &[i64]) -> Fixture {
        self.cuts = frames.iter().map(|f| self.at(*f)).collect();
        self
    }

    pub fn cuts_ms(mut self, ms: &[i64]) -> Fixture {
        self.cuts = ms.iter().map(|m| Millis::new(*m)).collect();
        self
    }

    pub fn duration(mut self, ms: i64) -> Fixture {
        self.duration = Some(Millis::new(ms));
        self
    }

    pub fn at(&self, frame: i64) -> Millis {
        self.rate.frame_to_millis(frame)
    }

    pub fn limits(&self) -> Limits {
        self.spec.limits(Some(&self.language), self.rate)
    }

    /// A copy (the fixture holds no shared state).
    pub fn clone_fixture(&self) -> Fixture {
        Fixture {
            rate: self.rate,
            spec: self.spec.clone(),
            language: self.language.clone(),
            track: self.track.clone(),
            cuts: self.cuts.clone(),
            duration: self.duration,
            file: self.file.clone(),
            source: self.source.clone(),
            glossary: self.glossary.clone(),
            resolution: self.resolution,
        }
    }

    /// The fixer's plan for this track (no line re-breaking).
    pub fn plan(&self) -> crate::timing::fix::Plan {
        self.with_input(|input| crate::timing::fix::plan(input, &|_| None))
    }

    /// Run one rule and return its findings.
    pub fn run(&self, rule: &dyn Rule) -> Vec<Finding> {
        self.with_input(|input| {
            let mut out = Vec::new();
            rule.check(input, &mut out);
            out
        })
    }

    fn with_input<R>(&self, f: impl FnOnce(&TrackInput<'_>) -> R) -> R {
        let limits = self.limits();
        let texts: Vec<String> = self
            .track
            .cues
            .iter()
            .map(|c| crate::formats::plain_text(&self.track, c))
            .collect();
        let source_texts: Vec<String> = self.source.as_ref().map_or_else(Vec::new, |(t, _)| {
            t.cues
                .iter()
                .map(|c| crate::formats::plain_text(t, c))
                .collect()
        });
        let input = TrackInput {
            file: &self.file,
            track: self.file.exists.then_some(&self.track),
            texts: &texts,
            language: Some(&self.language),
            limits: &limits,
            cuts: &self.cuts,
            duration: self.duration,
            resolution: self.resolution,
            source: self.source.as_ref().map(|(t, l)| SourceTrack {
                track: t,
                texts: &source_texts,
                language: l,
            }),
            glossary: self.glossary.as_ref(),
        };
        f(&input)
    }

    /// The 1-based cue numbers a rule flags.
    pub fn flagged(&self, rule: &dyn Rule) -> Vec<usize> {
        self.run(rule).iter().filter_map(|f| f.cue).collect()
    }

    /// Give the track a source-language track (empty until `source_cue` adds cues).
    pub fn source(mut self, tag: &str) -> Fixture {
        self.source = Some((
            crate::formats::new_track(Format::Srt),
            Language::parse(tag).unwrap(),
        ));
        self
    }

    /// A cue of the source track, from milliseconds (`source` must come first).
    pub fn source_cue(mut self, start: i64, end: i64, text: &str) -> Fixture {
        let span = TimeSpan::new(Millis::new(start), Millis::new(end)).unwrap();
        let (track, _) = self.source.as_mut().expect("call .source(tag) first");
        track.cues.push(Cue::new(span, text));
        self
    }

    /// The series glossary, from the text of a `glossary.toml`.
    pub fn glossary(mut self, toml_text: &str) -> Fixture {
        self.glossary =
            Some(crate::glossary::parse(std::path::Path::new("glossary.toml"), toml_text).unwrap());
        self
    }
}
