//! Episode numbers and languages read from the file and folder names vendors use:
//! `第12集`, `第十二集`, `EP012`, `E12`, `S01E12`, `Episode 12 - English`, `ep12_en-US`,
//! `12.zh`, `第六集/字幕.srt` …

use std::path::Path;

use crate::model::{EpisodeNumber, Language};

/// Where a decision came from, for the import report.
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// The file name.
    FileName,
    /// A folder name above the file.
    FolderName,
    /// The script of the text.
    Text,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::FileName => "file-name",
            Source::FolderName => "folder-name",
            Source::Text => "text",
        }
    }
}

/// The value of a Chinese numeral (`十二` = 12, `一百零五` = 105, `两` = 2); `None` if not one.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total: u32 = 0;
    let mut current: Option<u32> = None;
    let mut any = false;
    for c in s.chars() {
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        };
        if let Some(unit) = unit {
            // `十二`: a bare 十 means one ten.
            total = total.checked_add(current.unwrap_or(1).checked_mul(unit)?)?;
            current = None;
        } else {
            let d = digit(c)?;
            // `一二` style digit strings (rare) read positionally.
            current = Some(current.map_or(Some(d), |c| c.checked_mul(10)?.checked_add(d))?);
        }
        any = true;
    }
    any.then(|| total.checked_add(current.unwrap_or(0)))
        .flatten()
}

fn ascii_number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Take the run of ASCII digits at the start of `s`.
fn leading_digits(s: &str) -> &str {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    &s[..n]
}

/// An episode number in one name (a file stem or a folder name).
pub fn episode_in_name(name: &str) -> Option<EpisodeNumber> {
    let n = episode_value(name)?;
    EpisodeNumber::new(n)
}

fn episode_value(name: &str) -> Option<u32> {
    // 第12集 / 第十二集 / 第12话 / 第12話 / 第12回
    if let Some(i) = name.find('第') {
        let rest = &name[i + '第'.len_utf8()..];
        if let Some(end) = rest.find(['集', '话', '話', '回']) {
            let num = rest[..end].trim();
            if let Some(n) = ascii_number(num).or_else(|| chinese_numeral(num)) {
                return Some(n);
            }
        }
    }
    let lower = name.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    // S01E12, EP012, Ep.12, E12, Episode 12 — the marker must not be inside a word.
    for marker in ["episode", "ep.", "ep", "e"] {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(marker).map(|p| p + from) {
            from = pos + marker.len();
            let before = pos.checked_sub(1).map(|i| bytes[i]);
            let boundary = match before {
                None => true,
                // `S01E12`: a season number right before the E.
                Some(b) if b.is_ascii_digit() => marker == "e" && lower[..pos].contains('s'),
                Some(b) => !b.is_ascii_alphabetic(),
            };
            if !boundary {
                continue;
            }
            let rest = lower[from..].trim_start_matches([' ', '_', '-', '.', '#']);
            let digits = leading_digits(rest);
            if let Some(n) = ascii_number(digits) {
                return Some(n);
            }
        }
    }
    // `12.zh`, `012`, `12 - title`: a leading number.
    let digits = leading_digits(name.trim());
    if let Some(n) = ascii_number(digits) {
        let after = name.trim()[digits.len()..].chars().next();
        if after.is_none_or(|c| {
            !c.is_ascii_alphanumeric() || c.is_ascii_alphabetic() && name.contains('.')
        }) {
            return Some(n);
        }
    }
    None
}

/// Language names vendors write instead of tags.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("eng", "en"),
    ("chinese", "zh"),
    ("chs", "zh-Hans"),
    ("sc", "zh-Hans"),
    ("cht", "zh-Hant"),
    ("tc", "zh-Hant"),
    ("简体", "zh-Hans"),
    ("简体中文", "zh-Hans"),
    ("简中", "zh-Hans"),
    ("中文", "zh"),
    ("国语", "zh"),
    ("繁体", "zh-Hant"),
    ("繁體", "zh-Hant"),
    ("繁体中文", "zh-Hant"),
    ("繁體中文", "zh-Hant"),
    ("英文", "en"),
    ("英语", "en"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("thai", "th"),
    ("ภาษาไทย", "th"),
    ("indonesian", "id"),
    ("bahasa", "id"),
    ("vietnamese", "vi"),
    ("tiếng việt", "vi"),
    ("filipino", "fil"),
    ("tagalog", "fil"),
    ("japanese", "ja"),
    ("日本語", "ja"),
    ("日语", "ja"),
    ("korean", "ko"),
    ("한국어", "ko"),
    ("韩语", "ko"),
    ("arabic", "ar"),
    ("العربية", "ar"),
    ("french", "fr"),
    ("français", "fr"),
    ("german", "de"),
    ("deutsch", "de"),
    ("italian", "it"),
    ("italiano", "it"),
    ("russian", "ru"),
    ("turkish", "tr"),
];

/// Two-letter codes that are also common words or markers in file names (`it`, `no`, `in` …):
/// taken as a language only as the last of several tokens (`ep1.it.srt`), never alone.
const AMBIGUOUS_CODES: &[&str] = &[
    "it", "no", "to", "is", "as", "be", "me", "my", "so", "sc", "tc", "am", "an", "or", "in", "on",
    "at", "of",
];

/// Three-letter codes seen on subtitle tracks; others in a file name are more likely words.
const THREE_LETTER_CODES: &[&str] = &[
    "fil", "yue", "cmn", "nan", "hak", "wuu", "ceb", "haw", "ckb",
];

/// Whether a tag read from a file name looks like a track language: a known primary subtag and
/// at most a script and a region (`raw-delivery` parses as BCP 47 but is a folder name).
fn plausible_in_name(lang: &Language) -> bool {
    let primary_ok = lang.primary().len() == 2 || THREE_LETTER_CODES.contains(&lang.primary());
    let rest_ok = lang.as_str().split('-').skip(1).all(|part| {
        (part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()))
            || (part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
            || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit()))
    });
    primary_ok && rest_ok
}

/// A language named in a file stem, reading its tokens from the end.
pub fn language_in_name(stem: &str) -> Option<Language> {
    let tokens: Vec<&str> = stem
        .split(|c: char| {
            c == '.' || c == '_' || c == ' ' || c == '(' || c == ')' || c == '[' || c == ']'
        })
        .filter(|t| !t.is_empty())
        .collect();
    let last = tokens.len().checked_sub(1)?;
    for (i, token) in tokens.iter().enumerate().rev() {
        let token = token.trim_matches('-');
        if token.is_empty() {
            continue;
        }
        // `pt_BR` split by `_`: a region token joined with the language token before it.
        if i >= 1
            && token.len() == 2
            && token.chars().all(|c| c.is_ascii_uppercase())
            && let Ok(lang) = Language::parse(&format!("{}-{token}", tokens[i - 1]))
            && lang.region().is_some()
        {
            return Some(lang);
        }
        let lower = token.to_lowercase();
        if let Some((_, tag)) = LANGUAGE_NAMES.iter().find(|(name, _)| *name == lower) {
            return Language::parse(tag).ok();
        }
        // Chinese names with a suffix: `简体中文字幕`.
        if let Some((_, tag)) = LANGUAGE_NAMES
            .iter()
            .find(|(name, _)| !name.is_ascii() && lower.starts_with(name))
        {
            return Language::parse(tag).ok();
        }
        if i == 0 && last > 0 && !token.contains('-') {
            // The first token of a multi-token name is the title or episode, not a language.
            continue;
        }
        if token.is_ascii()
            && token
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
        {
            if AMBIGUOUS_CODES.contains(&lower.as_str()) && (i != last || last == 0) {
                continue;
            }
            if token.len() >= 2
                && let Ok(lang) = Language::parse(token)
                && plausible_in_name(&lang)
                // Refuse tokens that merely parse (`ep`, `sub`) — a known primary subtag only.
                && lang.primary().len() <= 3
                && token.split('-').next().is_some_and(|p| p.len() == lang.primary().len() || p.eq_ignore_ascii_case("in") || p.eq_ignore_ascii_case("iw") || p.eq_ignore_ascii_case("tl"))
                && !is_episode_marker(&lower)
            {
                return Some(lang);
            }
        }
    }
    None
}

fn is_episode_marker(token: &str) -> bool {
    episode_value(token).is_some() || matches!(token, "ep" | "episode" | "sub" | "subs" | "final")
}

/// What the names around a file say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameFacts {
    pub episode: Option<(EpisodeNumber, Source)>,
    pub language: Option<(Language, Source)>,
}

/// Read episode and language from a file's stem, then from its folders up to and including
/// `root` (the folder given on the command line, or the folder of a file given directly);
/// folders above it never count.
pub fn facts_from_path(path: &Path, root: &Path) -> NameFacts {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut facts = NameFacts {
        episode: episode_in_name(stem).map(|e| (e, Source::FileName)),
        language: language_in_name(stem).map(|l| (l, Source::FileName)),
    };
    let mut dir = path.parent();
    while let Some(d) = dir {
        if !d.starts_with(root) {
            break;
        }
        if let Some(name) = d.file_name().and_then(|n| n.to_str()) {
            if facts.episode.is_none() {
                facts.episode = episode_in_name(name).map(|e| (e, Source::FolderName));
            }
            if facts.language.is_none() {
                facts.language = language_in_name(name).map(|l| (l, Source::FolderName));
            }
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(s: &str) -> Option<u32> {
        episode_in_name(s).map(EpisodeNumber::get)
    }

    fn lang(s: &str) -> Option<String> {
        language_in_name(s).map(|l| l.to_string())
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_numeral("十二"), Some(12));
        assert_eq!(chinese_numeral("二十"), Some(20));
        assert_eq!(chinese_numeral("一百零五"), Some(105));
        assert_eq!(chinese_numeral("六"), Some(6));
        assert_eq!(chinese_numeral("两百"), Some(200));
        assert_eq!(chinese_numeral("十"), Some(10));
        assert_eq!(chinese_numeral("abc"), None);
    }

    #[test]
    fn episode_numbers() {
        for (name, n) in [
            ("第12集", 12),
            ("第十二集", 12),
            ("第04集 简体中文", 4),
            ("第 3 集", 3),
            ("EP012", 12),
            ("EP003_zh", 3),
            ("E12", 12),
            ("e4_eng", 4),
            ("S01E12", 12),
            ("S01E05.zh-CN", 5),
            ("ep12_en-US", 12),
            ("12.zh", 12),
            ("6.en", 6),
            ("Episode 12 - English", 12),
            ("Episode 1 - English", 1),
            ("EP04 en-US", 4),
            ("LOVE_E001.es-419", 1),
            ("001", 1),
            ("第六集", 6),
        ] {
            assert_eq!(ep(name), Some(n), "{name}");
        }
        for name in ["字幕", "english", "trailer", "Heroes", "0", "第零集"] {
            assert_eq!(ep(name), None, "{name}");
        }
    }

    #[test]
    fn languages() {
        for (name, tag) in [
            ("12.zh", "zh"),
            ("ep12_en-US", "en-US"),
            ("EP003_zh", "zh"),
            ("S01E05.zh-CN", "zh-CN"),
            ("Episode 12 - English", "en"),
            ("EP04 en-US", "en-US"),
            ("E03.en", "en"),
            ("S01E05_en", "en"),
            ("第04集 简体中文", "zh-Hans"),
            ("LOVE_E001.es-419", "es-419"),
            ("ep1_pt_BR", "pt-BR"),
            ("ep1.in", "id"),
            ("e4_eng", "en"),
        ] {
            assert_eq!(lang(name).as_deref(), Some(tag), "{name}");
        }
        for name in [
            "第1集",
            "EP012",
            "S01E12",
            "001",
            "字幕",
            "Heroes",
            "raw-delivery",
            "final-cut",
            "in",
        ] {
            assert_eq!(lang(name), None, "{name}");
        }
    }

    #[test]
    fn folders_count_below_the_root() {
        let root = Path::new("/in");
        let f = facts_from_path(Path::new("/in/第六集/字幕.srt"), root);
        assert_eq!(
            f.episode,
            Some((EpisodeNumber::new(6).unwrap(), Source::FolderName))
        );
        assert_eq!(f.language, None);
        let f = facts_from_path(Path::new("/in/english/E03.srt"), root);
        assert_eq!(f.language.map(|l| l.0.to_string()), Some("en".into()));
        let f = facts_from_path(Path::new("/ep5/x.srt"), Path::new("/ep5"));
        assert_eq!(
            f.episode.map(|e| e.0.get()),
            Some(5),
            "the folder given counts"
        );
        let f = facts_from_path(Path::new("/ep5/in/x.srt"), Path::new("/ep5/in"));
        assert_eq!(f.episode, None, "folders above the one given do not count");
    }
}
