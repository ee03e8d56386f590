//! `pseudo`: deterministic pseudo-localization, offline. Latin letters get accents, every
//! line is padded by about a third (translations run longer than English) and bracketed, so
//! untranslated, truncated or concatenated strings show at a glance. Glossary renderings
//! and inline tokens pass through unchanged.

use super::super::backend::{BoxFuture, Failure, Limits, Parsed, Reply, Request, Translator};
use crate::model::Language;

pub struct Pseudo;

/// One line pseudo-localized.
pub fn pseudo(text: &str, keep: &[&str]) -> String {
    let mut out = String::from("⟪");
    let mut rest = text;
    let mut letters = 0usize;
    'outer: while !rest.is_empty() {
        for k in keep.iter().filter(|k| !k.is_empty()) {
            if let Some(after) = rest.strip_prefix(k) {
                out.push_str(k);
                rest = after;
                continue 'outer;
            }
        }
        // Inline tokens (`⟦1⟧`) are copied whole.
        if rest.starts_with('⟦')
            && let Some(end) = rest.find('⟧')
        {
            out.push_str(&rest[..end + '⟧'.len_utf8()]);
            rest = &rest[end + '⟧'.len_utf8()..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c.is_alphanumeric() {
            letters += 1;
        }
        out.push(accent(c));
    }
    // Pad by a third of the letters (at least one).
    for _ in 0..letters.div_ceil(3).max(1) {
        out.push('·');
    }
    out.push('⟫');
    out
}

fn accent(c: char) -> char {
    const FROM: &str = "AaCcEeIiNnOoSsUuYyZz";
    const TO: &str = "ÅåÇçÉéÎîÑñÖöŠšÛûÝýŽž";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

impl Translator for Pseudo {
    fn id(&self) -> &'static str {
        "pseudo"
    }
    fn limits(&self) -> Limits {
        Limits {
            max_units: 500,
            max_chars: 1_000_000,
            concurrency: 1,
            rate: None,
        }
    }
    fn offline(&self) -> bool {
        true
    }
    fn supports(&self, _: &Language, _: &Language) -> Result<(), String> {
        Ok(())
    }
    fn send<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Reply, Failure>> {
        let keep: Vec<&str> = request
            .terms
            .iter()
            .map(|t| t.target.as_str())
            .chain(request.keep.iter().map(String::as_str))
            .collect();
        let texts: Vec<String> = request
            .units
            .iter()
            .map(|u| pseudo(&u.text, &keep))
            .collect();
        super::offline_reply(&texts)
    }
    fn parse(&self, request: &Request, reply: &Reply) -> Result<Parsed, Failure> {
        super::offline_parse(request, reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_keeps_names_and_tokens() {
        let a = pseudo("Wen Yiming said ⟦1⟧no⟦2⟧", &["Wen Yiming"]);
        assert_eq!(a, pseudo("Wen Yiming said ⟦1⟧no⟦2⟧", &["Wen Yiming"]));
        assert!(a.starts_with("⟪Wen Yiming šåîd ⟦1⟧ñö⟦2⟧"), "{a}");
        assert!(a.ends_with("⟫"));
        assert!(pseudo("你好", &[]).contains("你好"));
    }
}
