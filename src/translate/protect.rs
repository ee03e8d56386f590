//! Inline markup kept away from translation engines and put back afterwards.
//!
//! A cue's text is split into what an engine should see (the *core*: the words, lines joined)
//! and what it must not touch: leading override blocks (`{\an8}`), a tag pair wrapping the whole
//! cue (`<i>…</i>`, `{\i1}…{\i0}`), and tags inside the text, which become numbered tokens
//! (`⟦1⟧`) that engines copy through. [`Protected::restore`] rebuilds the cue from a
//! translated core; a token the engine dropped is reported, never guessed back in.

/// A cue's text taken apart for translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protected {
    /// What the engine translates: one line, inner tags as `⟦n⟧` tokens.
    pub core: String,
    /// Markup before the core (override blocks, an opening tag wrapping the cue).
    pub prefix: String,
    /// Markup after the core (the closing tag of the wrapper).
    pub suffix: String,
    /// Inner tags, token `⟦n⟧` standing for `inner[n - 1]`.
    pub inner: Vec<String>,
}

/// Token brackets: rare in subtitles, kept by every engine we tested against.
const OPEN: char = '⟦';
const CLOSE: char = '⟧';

/// Wrapping tag pairs recognised around a whole cue.
const WRAPPERS: &[(&str, &str)] = &[
    ("<i>", "</i>"),
    ("<b>", "</b>"),
    ("<u>", "</u>"),
    ("{\\i1}", "{\\i0}"),
    ("{\\b1}", "{\\b0}"),
];

/// Take `text` apart. Line breaks (`\n`, ASS `\N`) become one space: the target language is
/// broken into lines again after translation.
pub fn protect(text: &str) -> Protected {
    let mut rest = text.trim();
    let mut prefix = String::new();
    let mut suffix = String::new();
    loop {
        // Leading ASS override blocks: `{\an8}`, `{\pos(…)}`.
        if rest.starts_with("{\\")
            && let Some(end) = rest.find('}')
            && !WRAPPERS.iter().any(|(o, _)| rest.starts_with(o))
        {
            prefix.push_str(&rest[..=end]);
            rest = rest[end + 1..].trim_start();
            continue;
        }
        if let Some((open, close)) = WRAPPERS.iter().find(|(o, c)| {
            rest.starts_with(o) && rest.ends_with(c) && rest.len() >= o.len() + c.len()
        }) && balanced(&rest[open.len()..rest.len() - close.len()], open, close)
        {
            prefix.push_str(open);
            suffix.insert_str(0, close);
            rest = rest[open.len()..rest.len() - close.len()].trim();
            continue;
        }
        break;
    }
    let mut core = String::with_capacity(rest.len());
    let mut inner = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let tag_end = match c {
            '<' => rest[i..]
                .find('>')
                .filter(|&e| is_html_tag(&rest[i..=i + e])),
            '{' if rest[i..].starts_with("{\\") => rest[i..].find('}'),
            '\\' if rest[i..].starts_with("\\N") || rest[i..].starts_with("\\n") => {
                chars.next();
                push_space(&mut core);
                continue;
            }
            '\n' | '\r' => {
                push_space(&mut core);
                continue;
            }
            _ => None,
        };
        match tag_end {
            Some(e) => {
                inner.push(rest[i..=i + e].to_owned());
                core.push(OPEN);
                core.push_str(&inner.len().to_string());
                core.push(CLOSE);
                while chars.peek().is_some_and(|&(j, _)| j <= i + e) {
                    chars.next();
                }
            }
            None => core.push(c),
        }
    }
    Protected {
        core: core.trim().to_owned(),
        prefix,
        suffix,
        inner,
    }
}

fn push_space(core: &mut String) {
    if !core.ends_with(' ') && !core.is_empty() {
        core.push(' ');
    }
}

fn is_html_tag(s: &str) -> bool {
    let body = s.trim_start_matches('<').trim_end_matches('>');
    let body = body.strip_prefix('/').unwrap_or(body);
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    !name.is_empty() && name.len() <= 12 && s.len() <= 200
}

/// Whether a wrapper's inside does not close it early (`<i>a</i> b <i>c</i>` is not wrapped).
fn balanced(inside: &str, open: &str, close: &str) -> bool {
    let mut depth = 0i32;
    let mut i = 0;
    while i < inside.len() {
        let s = &inside[i..];
        if s.starts_with(open) {
            depth += 1;
            i += open.len();
        } else if s.starts_with(close) {
            depth -= 1;
            if depth < 0 {
                return false;
            }
            i += close.len();
        } else {
            i += s.chars().next().map_or(1, char::len_utf8);
        }
    }
    depth == 0
}

/// What [`Protected::restore`] could not put back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    pub text: String,
    /// Inner tags whose token the engine dropped (their markup is lost).
    pub lost: Vec<String>,
}

impl Protected {
    /// The cue rebuilt around a translated core (one line; lines are broken later).
    pub fn restore(&self, translated: &str) -> Restored {
        let mut text = String::with_capacity(translated.len() + self.prefix.len() + 8);
        let mut seen = vec![false; self.inner.len()];
        let mut rest = translated.trim();
        while let Some(start) = rest.find(OPEN) {
            text.push_str(&rest[..start]);
            let after = &rest[start + OPEN.len_utf8()..];
            let token = after.find(CLOSE).and_then(|end| {
                let n: usize = after[..end].trim().parse().ok()?;
                let tag = self.inner.get(n.checked_sub(1)?)?;
                Some((n - 1, tag, end))
            });
            match token {
                Some((n, tag, end)) => {
                    text.push_str(tag);
                    seen[n] = true;
                    rest = &after[end + CLOSE.len_utf8()..];
                }
                None => {
                    text.push(OPEN);
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        let lost = self
            .inner
            .iter()
            .zip(&seen)
            .filter(|(_, s)| !**s)
            .map(|(t, _)| t.clone())
            .collect();
        Restored {
            text: format!("{}{}{}", self.prefix, text.trim(), self.suffix),
            lost,
        }
    }

    /// Whether there is anything to translate (a cue of only markup is copied as is).
    pub fn is_blank(&self) -> bool {
        self.core.split(OPEN).flat_map(|s| s.split(CLOSE)).all(|s| {
            s.trim()
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace())
        })
    }
}

/// The markup around a line break of the target format, to put between re-broken lines.
pub fn line_break(format: crate::model::Format) -> &'static str {
    match format {
        crate::model::Format::Ass => "\\N",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_wrappers_stay_outside_the_core() {
        let p = protect("{\\an8}上海 · LUMO茶室");
        assert_eq!(p.prefix, "{\\an8}");
        assert_eq!(p.core, "上海 · LUMO茶室");
        assert_eq!(
            p.restore("Shanghai · LUMO Tea Room").text,
            "{\\an8}Shanghai · LUMO Tea Room"
        );

        let p = protect("<i>以茗\n你爷爷晕倒了！</i>");
        assert_eq!((p.prefix.as_str(), p.suffix.as_str()), ("<i>", "</i>"));
        assert_eq!(p.core, "以茗 你爷爷晕倒了！");
        assert_eq!(
            p.restore("Yiming, grandpa fainted!").text,
            "<i>Yiming, grandpa fainted!</i>"
        );

        let p = protect("{\\an8}{\\i1}A\\NB{\\i0}");
        assert_eq!(p.prefix, "{\\an8}{\\i1}");
        assert_eq!(p.suffix, "{\\i0}");
        assert_eq!(p.core, "A B");
    }

    #[test]
    fn inner_tags_become_tokens_and_come_back() {
        let p = protect("我<i>真的</i>不知道");
        assert_eq!(p.core, "我⟦1⟧真的⟦2⟧不知道");
        let r = p.restore("I ⟦1⟧really⟦2⟧ don't know");
        assert_eq!(r.text, "I <i>really</i> don't know");
        assert!(r.lost.is_empty());
        let r = p.restore("I really don't know");
        assert_eq!(r.lost, vec!["<i>".to_owned(), "</i>".to_owned()]);
        // Not wrapped: the first tag closes before the end.
        let p = protect("<i>a</i> b <i>c</i>");
        assert!(p.prefix.is_empty());
        assert_eq!(p.inner.len(), 4);
    }

    #[test]
    fn odd_text_never_panics_and_is_kept() {
        for t in [
            "",
            "<",
            "{\\",
            "⟦",
            "⟦9⟧",
            "a < b > c",
            "{\\an8}",
            "<i></i>",
            "\\N\\N",
            "{\\an8}<i>",
        ] {
            let p = protect(t);
            let back = p.restore(&p.core);
            assert!(back.lost.is_empty(), "{t:?}");
        }
        assert!(protect("{\\an8}").is_blank());
        assert_eq!(protect("a < b > c").core, "a < b > c");
        assert_eq!(protect("⟦7⟧x").restore("⟦7⟧y").text, "⟦7⟧y");
    }
}
