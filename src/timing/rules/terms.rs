//! Text matching for the glossary rules (`glossary-term-missing`, `forbidden-term`,
//! `untranslated-text`): case- and line-break-insensitive search, whole words for scripts
//! that separate words with spaces, substrings for those that do not (Han, kana, Hangul
//! with its attached particles, Thai). Owns no rule.

use memchr::memmem;

use crate::glossary::Term;
use crate::model::script::char_script;
use crate::model::{Language, TextScript};

/// `text` lower-cased with every run of whitespace (line breaks included) as one space and
/// no leading or trailing space, written into `out` (cleared first) so one buffer serves a
/// whole track. A line break between two characters of scripts written without spaces
/// (`ยอด` / `หิมะ`, `雪` / `芽`) joins them: a re-broken line must not hide a term.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    let mut newline = false;
    let mut last = None;
    for ch in text.chars() {
        if ch.is_whitespace() {
            space = !out.is_empty();
            newline |= ch == '\n';
            continue;
        }
        if space {
            let joined = newline && last.is_some_and(unspaced) && unspaced(ch);
            if !joined {
                out.push(' ');
            }
            space = false;
        }
        newline = false;
        last = Some(ch);
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
        } else if caseless(ch) {
            out.push(ch);
        } else {
            out.extend(ch.to_lowercase());
        }
    }
}

/// Blocks without letter case (Thai, CJK symbols, kana, Han, Hangul syllables): their
/// characters skip the case tables, which are most of the cost of folding Asian text.
fn caseless(ch: char) -> bool {
    matches!(ch as u32, 0x0E00..=0x0E7F | 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

pub fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    fold_into(text, &mut s);
    s
}

/// Scripts written without spaces between words: a term in them is found as a substring.
pub(crate) fn unspaced(ch: char) -> bool {
    matches!(
        char_script(ch),
        Some(TextScript::Han | TextScript::Kana | TextScript::Hangul | TextScript::Thai)
    )
}

/// A letter or digit of a script that separates words with spaces.
fn word_char(ch: char) -> bool {
    ch.is_alphanumeric() && !unspaced(ch)
}

/// A search term, folded once, with its searcher built once.
#[derive(Clone, Debug)]
pub struct Needle {
    folded: String,
    finder: memmem::Finder<'static>,
    /// Whole words only: the term has no character of an unspaced script.
    words: bool,
}

impl Needle {
    /// `None` for a term that folds to nothing.
    pub fn new(text: &str) -> Option<Needle> {
        let folded = fold(text);
        if folded.is_empty() {
            return None;
        }
        let words = !folded.chars().any(unspaced);
        let finder = memmem::Finder::new(folded.as_bytes()).into_owned();
        Some(Needle {
            folded,
            finder,
            words,
        })
    }

    /// Byte offsets of matches in a haystack. A match of UTF-8 in UTF-8 always starts and
    /// ends on character boundaries.
    fn matches<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = usize> + 'h {
        self.finder.find_iter(hay.as_bytes())
    }

    /// Byte offset of the first match in a folded haystack.
    pub fn find_in(&self, folded_hay: &str) -> Option<usize> {
        self.matches(folded_hay)
            .find(|&at| !self.words || self.bounded(folded_hay, at))
    }

    /// Whether the term occurs in a folded haystack at the start of a word, possibly with
    /// more letters after it (`snow bud` in `snow buds`, `wen yiming` in `wen yiming's`): how
    /// a translation is looked for, so inflected forms count as present.
    pub fn starts_word_in(&self, folded_hay: &str) -> bool {
        self.matches(folded_hay)
            .any(|at| !self.words || !char_before(folded_hay, at).is_some_and(word_char))
    }

    fn bounded(&self, hay: &str, at: usize) -> bool {
        let after = hay
            .get(at + self.folded.len()..)
            .and_then(|s| s.chars().next());
        !char_before(hay, at).is_some_and(word_char) && !after.is_some_and(word_char)
    }
}

fn char_before(hay: &str, at: usize) -> Option<char> {
    hay.get(..at).and_then(|s| s.chars().next_back())
}

/// The approved rendering of a term in `lang`: the entry for that tag, else the entry for a
/// tag without region writing the same language (`es` for `es-419`, `zh-Hant` for
/// `zh-Hant-TW`).
pub fn approved<'g>(term: &'g Term, lang: &Language) -> Option<&'g str> {
    if let Some(t) = term.translations.get(lang) {
        return Some(t);
    }
    term.translations
        .iter()
        .find(|(tag, _)| tag.region().is_none() && tag.same_written_language(lang))
        .map(|(_, t)| t.as_str())
}

/// Whether a term is written the same in `lang` as in the source (do-not-translate, or an
/// approved rendering identical to the source).
pub fn kept_as_written(term: &Term, lang: &Language) -> bool {
    term.do_not_translate || approved(term, lang).is_some_and(|t| t == term.source)
}

/// Whether a glossary language list names `lang` (empty = every language): the same tag, or
/// a tag without region that writes the same language (`es` covers `es-419`, `zh-Hans`
/// covers `zh-Hans-SG` but not `zh-Hant`).
pub fn language_listed(list: &[Language], lang: Option<&Language>) -> bool {
    list.is_empty()
        || lang.is_some_and(|l| {
            list.iter()
                .any(|f| f == l || (f.region().is_none() && f.same_written_language(l)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(needle: &str, hay: &str) -> bool {
        Needle::new(needle).unwrap().find_in(&fold(hay)).is_some()
    }

    #[test]
    fn folding_ignores_case_and_line_breaks() {
        assert_eq!(fold("  Snow\nBud \t Tea "), "snow bud tea");
        assert_eq!(fold("ÔN DĨ MÍNH İ Σ ＡＢ"), "ôn dĩ mính i\u{307} σ ａｂ");
        assert_eq!(fold("温以茗\u{3000}ウ 민수 สวัสดี"), "温以茗 ウ 민수 สวัสดี");
        assert!(finds("Snow Bud", "Real snow\nbud smells of orchid"));
        assert!(finds("Brote de Nieve", "¡Brote de Nieve\nde Wuling!"));
    }

    #[test]
    fn a_line_break_inside_an_unspaced_script_joins() {
        assert_eq!(fold("ชายอด\nหิมะ"), "ชายอดหิมะ");
        assert!(finds("ยอดหิมะ", "ชายอด\nหิมะ"));
        assert!(finds("雾岭雪芽", "这是雾岭\r\n雪芽"));
        // A space is still a space, and Latin words across a line break stay apart.
        assert_eq!(fold("ชา ยอด"), "ชา ยอด");
        assert_eq!(fold("Snow\nBud 雪\nB"), "snow bud 雪 b");
    }

    #[test]
    fn latin_terms_match_whole_words_only() {
        assert!(!finds("Wen Yimin", "Wen Yiming."));
        assert!(finds("Wen Yimin", "Wen Yimin, right?"));
        assert!(!finds("Lu", "Lucky"));
        assert!(finds("Lu", "Mr. Lu's office"));
        // A Latin term next to Han characters is still a word.
        assert!(finds("LUMO", "上海 · LUMO茶室"));
        // Later occurrences are tried when the first is inside a word.
        assert!(finds("Lu", "Lucky Lu"));
    }

    #[test]
    fn translations_may_be_inflected() {
        let n = Needle::new("Snow Bud").unwrap();
        assert!(n.starts_word_in(&fold("Two Snow Buds, please")));
        assert!(n.find_in(&fold("Two Snow Buds, please")).is_none());
        let n = Needle::new("Lu").unwrap();
        assert!(n.starts_word_in(&fold("Lu's office")));
        assert!(!n.starts_word_in(&fold("Blue sky")));
        assert!(Needle::new("温以茗").unwrap().starts_word_in("我是温以茗"));
    }

    #[test]
    fn unspaced_scripts_match_substrings() {
        assert!(finds("温以茗", "我是温以茗的爷爷"));
        assert!(finds("민수", "민수가 왔어"));
        assert!(!finds("温以茗", "以茗"));
    }

    #[test]
    fn approved_rendering_falls_back_to_the_language_without_region() {
        let g = crate::glossary::parse(
            std::path::Path::new("glossary.toml"),
            "[[term]]\nsource = \"雪芽\"\nes = \"Brote de Nieve\"\nen-US = \"Snow Bud\"\n\n[[term]]\nsource = \"LUMO\"\nen-US = \"LUMO\"\n",
        )
        .unwrap();
        let l = |t| Language::parse(t).unwrap();
        assert_eq!(approved(&g.terms[0], &l("es-419")), Some("Brote de Nieve"));
        assert_eq!(approved(&g.terms[0], &l("en-GB")), None);
        assert!(kept_as_written(&g.terms[1], &l("en-US")));
        assert!(!kept_as_written(&g.terms[0], &l("en-US")));
    }

    #[test]
    fn language_lists() {
        let l = |t| Language::parse(t).unwrap();
        assert!(language_listed(&[], None));
        assert!(language_listed(&[l("es")], Some(&l("es-419"))));
        assert!(language_listed(&[l("zh-Hans")], Some(&l("zh-Hans"))));
        assert!(!language_listed(&[l("zh-Hans")], Some(&l("zh-Hant"))));
        assert!(!language_listed(&[l("en-US")], Some(&l("en-GB"))));
        assert!(!language_listed(&[l("en-US")], None));
    }
}
