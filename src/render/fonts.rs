//! Font coverage for burned-in subtitles: which font a style uses, and which characters of a
//! cue that font has no glyph for.
//!
//! libass draws each character from the style's font (fontconfig may substitute a fallback,
//! but what it picks depends on the machine that renders), so dramaloc requires the chosen
//! font itself to cover the text. Fonts are found by scanning the system font folders and the
//! folders in `DRAMALOC_FONT_DIRS` (fontdb, no fontconfig); coverage is read from each face's
//! `cmap` table with ttf-parser, once per face, and kept as a bit set over all code points, so
//! checking a cue costs one bit test per character.
//!
//! Not checked: characters libass never takes from the font (whitespace, control characters,
//! Unicode default-ignorable characters such as zero-width joiners, bidi marks and variation
//! selectors: HarfBuzz hides them).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::env;
use crate::diagnostics::Finding;
use crate::message::Message;
use crate::model::cue::{AssEventKind, CueMeta};
use crate::model::{Language, SubtitleTrack, TimeSpan};
use crate::msg;

/// The rule id of a [`GlyphGap`] finding.
pub const RULE: &str = "glyph-missing-in-font";

/// The font families the burn-in style uses for a language, in preference order (the first
/// one installed is used): Noto Sans CJK in the regional form of the language's Han
/// characters, Noto Sans Thai, Noto Naskh Arabic, and Noto Sans for everything else.
pub fn default_families(lang: &Language) -> &'static [&'static str] {
    let script = lang.script();
    match (lang.primary(), script.as_deref()) {
        ("zh", Some("Hant")) => match lang.region() {
            Some("HK" | "MO") => &["Noto Sans CJK HK", "Noto Sans CJK TC"],
            _ => &["Noto Sans CJK TC"],
        },
        ("zh", _) => &["Noto Sans CJK SC"],
        ("ja", _) => &["Noto Sans CJK JP"],
        ("ko", _) => &["Noto Sans CJK KR"],
        (_, Some("Thai")) => &["Noto Sans Thai", "Noto Sans Thai UI"],
        (_, Some("Arab")) => &["Noto Naskh Arabic", "Noto Sans Arabic"],
        _ => &["Noto Sans"],
    }
}

/// Why a track cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FontError {
    #[error("none of the fonts {} is installed", families.join(", "))]
    NoFont { families: Vec<String> },
}

impl FontError {
    /// The main line (`error: …`).
    pub fn message(&self) -> Message {
        match self {
            FontError::NoFont { families } => {
                msg!("error-render-no-font", families = families.join(", "))
            }
        }
    }

    /// `hint:` line: the packages that hold the default fonts.
    pub fn hint(&self) -> Option<Message> {
        match self {
            FontError::NoFont { .. } => Some(msg!("hint-render-no-font")),
        }
    }
}

/// The code points one face has a glyph for: one bit per code point.
struct Coverage {
    bits: Vec<u64>,
    count: usize,
}

const CODE_POINTS: usize = 0x11_0000;

impl Coverage {
    /// Read the face's Unicode `cmap` subtables; `None` when the face cannot be parsed.
    fn read(data: &[u8], index: u32) -> Option<Coverage> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let cmap = face.tables().cmap?;
        let mut bits = vec![0u64; CODE_POINTS / 64];
        let mut count = 0;
        for subtable in cmap.subtables {
            if !subtable.is_unicode() {
                continue;
            }
            subtable.codepoints(|cp| {
                let Some(ch) = char::from_u32(cp) else { return };
                let slot = cp as usize / 64;
                let bit = 1u64 << (cp % 64);
                if bits.get(slot).is_some_and(|w| w & bit != 0) {
                    return;
                }
                // What a shaper sees: the face's own lookup, glyph 0 being `.notdef`.
                if face.glyph_index(ch).is_some_and(|g| g.0 != 0)
                    && let Some(word) = bits.get_mut(slot)
                {
                    *word |= bit;
                    count += 1;
                }
            });
        }
        Some(Coverage { bits, count })
    }

    fn has(&self, ch: char) -> bool {
        let cp = ch as usize;
        self.bits
            .get(cp / 64)
            .is_some_and(|w| w & (1u64 << (cp % 64)) != 0)
    }
}

/// A face found for a style: enough to name it, pass it to a renderer and check text with it.
#[derive(Clone)]
pub struct FontRef {
    pub id: fontdb::ID,
    /// The family name as the font spells it (`Noto Sans CJK SC`).
    pub family: String,
    /// The font file, when the face comes from one.
    pub path: Option<PathBuf>,
    /// The face's index in a collection (`.ttc`).
    pub index: u32,
    coverage: Arc<Coverage>,
}

impl fmt::Debug for FontRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontRef")
            .field("id", &self.id)
            .field("family", &self.family)
            .field("path", &self.path)
            .field("index", &self.index)
            .field("code_points", &self.coverage.count)
            .finish()
    }
}

/// The installed fonts, with the coverage of every face read so far.
pub struct Fonts {
    db: fontdb::Database,
    coverage: Mutex<HashMap<fontdb::ID, Arc<Coverage>>>,
}

impl Fonts {
    /// The system font folders plus those in `DRAMALOC_FONT_DIRS`.
    pub fn system() -> Fonts {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        if let Some(dirs) = std::env::var_os(env::DRAMALOC_FONT_DIRS) {
            for dir in std::env::split_paths(&dirs) {
                if !dir.as_os_str().is_empty() {
                    db.load_fonts_dir(dir);
                }
            }
        }
        Fonts::from_db(db)
    }

    /// Only the fonts in these folders (searched recursively).
    pub fn with_dirs<I, P>(dirs: I) -> Fonts
    where
        I: IntoIterator<Item = P>,
        P: AsRef<Path>,
    {
        let mut db = fontdb::Database::new();
        for dir in dirs {
            db.load_fonts_dir(dir);
        }
        Fonts::from_db(db)
    }

    fn from_db(db: fontdb::Database) -> Fonts {
        Fonts {
            db,
            coverage: Mutex::new(HashMap::new()),
        }
    }

    /// Number of faces found.
    pub fn len(&self) -> usize {
        self.db.len()
    }

    pub fn is_empty(&self) -> bool {
        self.db.is_empty()
    }

    /// The face of the first installed family (names compared without regard to ASCII case,
    /// as fontconfig does), in bold or regular weight, upright; faces that cannot be read are
    /// passed over.
    pub fn find(&self, families: &[&str], bold: bool) -> Option<FontRef> {
        families
            .iter()
            .find_map(|wanted| self.find_one(wanted, bold))
    }

    fn find_one(&self, wanted: &str, bold: bool) -> Option<FontRef> {
        let name = self.db.faces().find_map(|face| {
            face.families
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                .map(|(name, _)| name.clone())
        })?;
        let families = [fontdb::Family::Name(&name)];
        let query = fontdb::Query {
            families: &families,
            weight: if bold {
                fontdb::Weight::BOLD
            } else {
                fontdb::Weight::NORMAL
            },
            stretch: fontdb::Stretch::Normal,
            style: fontdb::Style::Normal,
        };
        let id = self.db.query(&query)?;
        let coverage = self.coverage_of(id)?;
        let (source, index) = self.db.face_source(id)?;
        let path = match source {
            fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => Some(path),
            fontdb::Source::Binary(_) => None,
        };
        Some(FontRef {
            id,
            family: name,
            path,
            index,
            coverage,
        })
    }

    /// The face's coverage, read on first use.
    fn coverage_of(&self, id: fontdb::ID) -> Option<Arc<Coverage>> {
        let mut cache = self.coverage.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = cache.get(&id) {
            return Some(Arc::clone(c));
        }
        let coverage = Arc::new(self.db.with_face_data(id, Coverage::read)??);
        cache.insert(id, Arc::clone(&coverage));
        Some(coverage)
    }

    /// The characters of `text` (plain text, markup removed) the font has no glyph for, in
    /// order, each as often as it occurs; characters libass does not take from the font are
    /// left out (see [`is_drawn_from_font`]).
    pub fn missing(&self, font: &FontRef, text: &str) -> Vec<char> {
        text.chars()
            .filter(|&c| is_drawn_from_font(c) && !font.coverage.has(c))
            .collect()
    }
}

impl FontRef {
    /// Whether the face draws `c` (or `c` needs no glyph at all).
    pub fn covers(&self, c: char) -> bool {
        !is_drawn_from_font(c) || self.coverage.has(c)
    }
}

/// Whether libass needs a glyph for this character from the font: not for whitespace,
/// control characters, or Unicode default-ignorable code points (zero-width space and joiners,
/// bidi marks and isolates, word joiner, BOM, variation selectors, tags…), which the shaper
/// hides.
pub fn is_drawn_from_font(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || is_default_ignorable(c))
}

/// Unicode `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt, Unicode 15).
fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD
        | 0x034F
        | 0x061C
        | 0x115F..=0x1160
        | 0x17B4..=0x17B5
        | 0x180B..=0x180F
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x206F
        | 0x3164
        | 0xFE00..=0xFE0F
        | 0xFEFF
        | 0xFFA0
        | 0xFFF0..=0xFFF8
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// The text libass would draw for a cue: ASS override blocks `{…}` removed (and the drawing
/// commands of `\p1` … `\p0`), SRT/WebVTT tags (`<i>`, `</font>`, `<c.yellow>`, `<v Name>`,
/// `<00:01.000>`…) removed, and `\N`, `\n`, `\h` and line breaks turned into spaces.
pub fn plain_for_render(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut drawing = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => {
                if let Some(end) = rest.find('}') {
                    let block = &rest[1..end];
                    if let Some(level) = drawing_level(block) {
                        drawing = level > 0;
                    }
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            '\\' => {
                if let Some(next) = rest[1..].chars().next()
                    && matches!(next, 'N' | 'n' | 'h')
                {
                    if !drawing {
                        out.push(' ');
                    }
                    rest = &rest[1 + next.len_utf8()..];
                    continue;
                }
            }
            '<' => {
                if let Some(len) = tag_len(rest) {
                    rest = &rest[len..];
                    continue;
                }
            }
            _ => {}
        }
        if !drawing {
            out.push(if c == '\n' || c == '\r' { ' ' } else { c });
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The last `\pN` of an override block.
fn drawing_level(block: &str) -> Option<u32> {
    let mut level = None;
    for tag in block.split('\\').skip(1) {
        if let Some(n) = tag.strip_prefix('p')
            && !n.is_empty()
            && n.trim().chars().all(|c| c.is_ascii_digit())
        {
            level = n.trim().parse().ok();
        }
    }
    level
}

/// The length of an SRT/WebVTT markup tag at the start of `s`, when it is one.
fn tag_len(s: &str) -> Option<usize> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    if inner.contains('<') || inner.contains('\n') {
        return None;
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        // A WebVTT timestamp tag.
        return name
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
            .then_some(end + 1);
    }
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "i" | "b" | "u" | "s" | "font" | "c" | "v" | "lang" | "ruby" | "rt" | "span"
    )
    .then_some(end + 1)
}

/// One character of one cue the font cannot draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlyphGap {
    /// The episode, when the caller knows it ([`check_track`] leaves it `None`).
    pub episode: Option<u32>,
    /// 1-based cue number in the track.
    pub cue: usize,
    /// The cue's time.
    pub span: TimeSpan,
    pub character: char,
    /// `U+1F004`.
    pub codepoint: String,
    /// The family of the font that lacks it.
    pub font: String,
}

/// `U+XXXX` (at least four hex digits).
pub fn codepoint(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Check every displayed cue of a track (ASS `Comment:` events are not drawn) against the
/// first installed font of `families`: one gap per distinct missing character per cue, in
/// cue order, then in order of first appearance.
pub fn check_track(
    fonts: &Fonts,
    families: &[&str],
    bold: bool,
    track: &SubtitleTrack,
) -> Result<Vec<GlyphGap>, FontError> {
    check_track_with_fallback(fonts, families, None, bold, track)
}

/// [`check_track`] for a style that draws what its font lacks from a named fallback font (the
/// ASS document switches to it with `\fn` for those characters, see `render::ass`): a gap is a
/// character neither font has. Thai and Arabic fonts carry no Latin letters, ASCII digits or
/// some ASCII punctuation; the fallback (Noto Sans) does.
pub fn check_track_with_fallback(
    fonts: &Fonts,
    families: &[&str],
    fallback: Option<&FontRef>,
    bold: bool,
    track: &SubtitleTrack,
) -> Result<Vec<GlyphGap>, FontError> {
    let font = fonts
        .find(families, bold)
        .ok_or_else(|| FontError::NoFont {
            families: families.iter().map(|f| (*f).to_owned()).collect(),
        })?;
    let mut gaps = Vec::new();
    for (i, cue) in track.cues.iter().enumerate() {
        if matches!(cue.meta(), CueMeta::Ass(m) if m.kind == AssEventKind::Comment) {
            continue;
        }
        let mut seen: Vec<char> = Vec::new();
        for ch in fonts.missing(&font, &plain_for_render(cue.text())) {
            if seen.contains(&ch) || fallback.is_some_and(|f| f.covers(ch)) {
                continue;
            }
            seen.push(ch);
            gaps.push(GlyphGap {
                episode: None,
                cue: i + 1,
                span: cue.span(),
                character: ch,
                codepoint: codepoint(ch),
                font: match fallback {
                    Some(f) => format!("{} / {}", font.family, f.family),
                    None => font.family.clone(),
                },
            });
        }
    }
    Ok(gaps)
}

impl GlyphGap {
    /// The gap as a check finding (`glyph-missing-in-font`, an error on the cue).
    pub fn finding(&self) -> Finding {
        let mut f = Finding::new(
            RULE,
            msg!(
                "glyph-missing-in-font",
                cue = self.cue,
                char = self.character.to_string(),
                codepoint = self.codepoint.clone(),
                font = self.font.clone()
            ),
        )
        .hint(msg!("hint-glyph-missing-in-font"));
        if let Some(index) = self.cue.checked_sub(1) {
            f = f.cue(index, self.span);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::model::{AssCueMeta, Cue, Format, Millis};

    const PACKAGES: &str = "fonts-noto-core fonts-noto-cjk";

    /// The system fonts, scanned once for all tests.
    fn fonts() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(Fonts::system)
    }

    /// A font the tests need: a missing one fails the test, naming the Debian packages.
    fn font(family: &str) -> FontRef {
        fonts().find(&[family], false).unwrap_or_else(|| {
            panic!(
                "the font `{family}` is not installed ({} faces found); these tests need the \
                 Debian packages {PACKAGES} (`apt-get install {PACKAGES}`)",
                fonts().len()
            )
        })
    }

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn track(texts: &[&str]) -> SubtitleTrack {
        let mut t = SubtitleTrack::new(Format::Srt);
        for (i, text) in texts.iter().enumerate() {
            let start = i as i64 * 2000;
            let span = TimeSpan::new(Millis::new(start), Millis::new(start + 1500)).unwrap();
            t.cues.push(Cue::new(span, *text));
        }
        t
    }

    /// Make sure the fonts are there before a test that expects a gap or a NoFont.
    fn require_noto() {
        for family in [
            "Noto Sans",
            "Noto Sans CJK SC",
            "Noto Sans Thai",
            "Noto Naskh Arabic",
        ] {
            font(family);
        }
    }

    #[test]
    fn default_families_per_language() {
        let cases: &[(&str, &[&str])] = &[
            ("zh-Hans", &["Noto Sans CJK SC"]),
            ("zh", &["Noto Sans CJK SC"]),
            ("zh-CN", &["Noto Sans CJK SC"]),
            ("zh-Hant", &["Noto Sans CJK TC"]),
            ("zh-TW", &["Noto Sans CJK TC"]),
            ("zh-Hant-TW", &["Noto Sans CJK TC"]),
            ("zh-Hant-HK", &["Noto Sans CJK HK", "Noto Sans CJK TC"]),
            ("zh-HK", &["Noto Sans CJK HK", "Noto Sans CJK TC"]),
            ("ja", &["Noto Sans CJK JP"]),
            ("ja-JP", &["Noto Sans CJK JP"]),
            ("ko", &["Noto Sans CJK KR"]),
            ("th", &["Noto Sans Thai", "Noto Sans Thai UI"]),
            ("th-TH", &["Noto Sans Thai", "Noto Sans Thai UI"]),
            ("ar", &["Noto Naskh Arabic", "Noto Sans Arabic"]),
            ("ar-SA", &["Noto Naskh Arabic", "Noto Sans Arabic"]),
            ("en-US", &["Noto Sans"]),
            ("es-419", &["Noto Sans"]),
            ("id", &["Noto Sans"]),
            ("vi", &["Noto Sans"]),
            ("ru", &["Noto Sans"]),
        ];
        for (tag, want) in cases {
            assert_eq!(default_families(&lang(tag)), *want, "{tag}");
        }
    }

    #[test]
    fn every_default_family_of_the_main_markets_is_installed() {
        for tag in [
            "zh-Hans",
            "zh-Hant",
            "zh-Hant-HK",
            "ja",
            "ko",
            "th",
            "ar",
            "en",
        ] {
            let families = default_families(&lang(tag));
            let found = fonts().find(families, false);
            assert!(
                found.is_some(),
                "{tag}: none of {families:?} installed; install {PACKAGES}"
            );
            assert!(fonts().find(families, true).is_some(), "{tag} bold");
        }
    }

    #[test]
    fn noto_sans_cjk_sc_covers_a_chinese_line() {
        let f = font("Noto Sans CJK SC");
        assert_eq!(f.family, "Noto Sans CJK SC");
        assert!(f.path.is_some());
        let line = "温以茗，你给我站住！这婚我离定了。100万？「滚」——OK…";
        assert_eq!(fonts().missing(&f, line), Vec::<char>::new());
        assert_eq!(
            fonts().missing(&f, "繁體字：這個婚我離定了"),
            Vec::<char>::new()
        );
    }

    #[test]
    fn the_bold_face_is_a_different_face_of_the_same_family() {
        let regular = font("Noto Sans CJK SC");
        let bold = fonts().find(&["noto sans cjk sc"], true).unwrap();
        assert_eq!(bold.family, "Noto Sans CJK SC");
        assert_ne!(bold.id, regular.id);
        assert_eq!(fonts().missing(&bold, "我离定了"), Vec::<char>::new());
    }

    #[test]
    fn noto_sans_thai_covers_a_thai_line() {
        let f = font("Noto Sans Thai");
        let line = "สวัสดีชาวโลก คุณสบายดีไหม ฉันจะไม่ยอมแพ้เด็ดขาด ๑๒๓ ฿";
        assert_eq!(fonts().missing(&f, line), Vec::<char>::new());
    }

    /// Debian's Noto Sans Thai has Thai letters only: ASCII punctuation, digits and Latin
    /// letters in a Thai cue are gaps (libass would take them from a fallback font).
    #[test]
    fn noto_sans_thai_has_no_latin_punctuation_or_digits() {
        let f = font("Noto Sans Thai");
        assert_eq!(
            fonts().missing(&f, "จริงเหรอ?! OK 100"),
            ['?', '!', 'O', 'K', '1', '0', '0']
        );
    }

    #[test]
    fn a_fallback_font_fills_what_thai_and_arabic_fonts_lack() {
        require_noto();
        let sans = font("Noto Sans");
        let t = track(&["จริงเหรอ?! OK 100", "هل تفهم? OK", "ไม่ 🀄"]);
        let strict = check_track(fonts(), &["Noto Sans Thai"], false, &t).unwrap();
        assert!(strict.len() > 5, "{strict:?}");
        let thai = check_track_with_fallback(fonts(), &["Noto Sans Thai"], Some(&sans), false, &t)
            .unwrap();
        // Only what neither font has: the Arabic letters of cue 2 and the emoji of cue 3.
        assert!(thai.iter().all(|g| g.cue != 1), "{thai:?}");
        assert!(
            thai.iter().any(|g| g.cue == 3 && g.codepoint == "U+1F004"),
            "{thai:?}"
        );
        assert!(
            thai.iter().all(|g| g.font == "Noto Sans Thai / Noto Sans"),
            "{thai:?}"
        );
        let arabic =
            check_track_with_fallback(fonts(), &["Noto Naskh Arabic"], Some(&sans), false, &t)
                .unwrap();
        assert!(arabic.iter().all(|g| g.cue != 2), "{arabic:?}");
        assert!(sans.covers('?') && sans.covers('\u{200D}') && !sans.covers('站'));
    }

    #[test]
    fn noto_naskh_arabic_covers_an_arabic_line() {
        let f = font("Noto Naskh Arabic");
        let line = "لن أسامحك أبدًا، هل تفهم؟ الطلاق نهائي.";
        assert_eq!(fonts().missing(&f, line), Vec::<char>::new());
    }

    #[test]
    fn noto_sans_lacks_han_and_thai_once_per_cue() {
        require_noto();
        let t = track(&[
            "Wen Yiming, 站住 站住!",
            "Hello สวัสดี",
            "All Latin: café, Ñandú, Привет",
        ]);
        let gaps = check_track(fonts(), &["Noto Sans"], false, &t).unwrap();
        let got: Vec<(usize, &str)> = gaps.iter().map(|g| (g.cue, g.codepoint.as_str())).collect();
        assert_eq!(
            got,
            [
                (1, "U+7AD9"), // 站
                (1, "U+4F4F"), // 住
                (2, "U+0E2A"), // ส
                (2, "U+0E27"), // ว
                (2, "U+0E31"), // ั
                (2, "U+0E14"), // ด
                (2, "U+0E35"), // ี
            ]
        );
        assert!(
            gaps.iter()
                .all(|g| g.font == "Noto Sans" && g.episode.is_none())
        );
        assert_eq!(gaps[0].character, '站');
        assert_eq!(gaps[0].span, t.cues[0].span());
    }

    #[test]
    fn an_emoji_missing_from_noto_sans_cjk_sc_is_reported() {
        require_noto();
        let t = track(&["你好🀄", "没事"]);
        let gaps = check_track(fonts(), &["Noto Sans CJK SC"], false, &t).unwrap();
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].cue, 1);
        assert_eq!(gaps[0].character, '\u{1F004}');
        assert_eq!(gaps[0].codepoint, "U+1F004");
        assert_eq!(gaps[0].font, "Noto Sans CJK SC");
    }

    #[test]
    fn joiners_bidi_marks_and_variation_selectors_are_never_reported() {
        require_noto();
        let invisible = "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\
                         \u{202D}\u{202E}\u{2060}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}\
                         \u{FE00}\u{FE0E}\u{FE0F}\u{061C}\u{00AD}\u{E0100}";
        for family in [
            "Noto Sans",
            "Noto Sans CJK SC",
            "Noto Sans Thai",
            "Noto Naskh Arabic",
        ] {
            let f = font(family);
            assert_eq!(
                fonts().missing(&f, invisible),
                Vec::<char>::new(),
                "{family}"
            );
            let text = format!("\u{200D} \u{3000}\t\n\r\u{1}\u{7F}\u{85}{invisible}");
            let t = track(&[&text]);
            assert_eq!(check_track(fonts(), &[family], false, &t).unwrap(), []);
        }
        let t = track(&["a\u{200D}b\u{200C}c\u{FE0F} \u{202B}d\u{202C}"]);
        assert_eq!(check_track(fonts(), &["Noto Sans"], false, &t).unwrap(), []);
    }

    #[test]
    fn markup_is_stripped_before_checking() {
        require_noto();
        let t = track(&[
            r"{\an8}<i>站住</i>",
            r"{\an8\pos(10,20)}Hi\Nthere\h!",
            "<b>Bold</b> <font color=\"#fff\">x</font> <c.yellow>y</c> <v Lin>z</v>",
            r"{\p1}m 0 0 l 100 0 100 100{\p0}ok",
        ]);
        let gaps = check_track(fonts(), &["Noto Sans"], false, &t).unwrap();
        let got: Vec<(usize, char)> = gaps.iter().map(|g| (g.cue, g.character)).collect();
        assert_eq!(got, [(1, '站'), (1, '住')]);
    }

    #[test]
    fn plain_for_render_strips_ass_and_html_markup() {
        assert_eq!(plain_for_render(r"{\an8}<i>a</i>\Nb\nc\hd"), "a b c d");
        assert_eq!(plain_for_render("{\\b1}粗{\\b0}体\n第二行"), "粗体 第二行");
        assert_eq!(plain_for_render("<00:01.000>x</I><U>y</u>"), "xy");
        assert_eq!(plain_for_render("{\\p1}m 0 0 l 1 1{\\p0}ok"), "ok");
        // Not markup: kept as drawn.
        assert_eq!(plain_for_render("1 < 2 > 0"), "1 < 2 > 0");
        assert_eq!(plain_for_render("{unclosed"), "{unclosed");
        assert_eq!(plain_for_render(r"C:\path"), r"C:\path");
        assert_eq!(plain_for_render(""), "");
    }

    #[test]
    fn ass_comment_events_are_not_checked() {
        require_noto();
        let mut t = track(&["站住", "ok"]);
        t.cues[0] = t.cues[0]
            .clone()
            .with_meta(CueMeta::Ass(AssCueMeta::empty(AssEventKind::Comment)));
        assert_eq!(check_track(fonts(), &["Noto Sans"], false, &t).unwrap(), []);
    }

    #[test]
    fn no_font_when_no_family_is_installed() {
        require_noto();
        let families = ["Dramaloc Nonexistent Sans", "Another Missing Font"];
        let err = check_track(fonts(), &families, false, &track(&["hi"])).unwrap_err();
        assert_eq!(
            err,
            FontError::NoFont {
                families: families.iter().map(|f| f.to_string()).collect()
            }
        );
        assert_eq!(err.message().id, "error-render-no-font");
        assert_eq!(err.hint().map(|h| h.id), Some("hint-render-no-font"));
        // The first installed family wins.
        let f = fonts()
            .find(&["Dramaloc Nonexistent Sans", "Noto Sans Thai"], false)
            .unwrap();
        assert_eq!(f.family, "Noto Sans Thai");
    }

    #[test]
    fn the_hint_names_both_debian_packages() {
        for (locale, files) in crate::i18n::CATALOGUES {
            let (_, text) = files
                .iter()
                .find(|(name, _)| *name == "render.ftl")
                .unwrap_or_else(|| panic!("{locale}: render.ftl"));
            let line = text
                .lines()
                .find(|l| l.starts_with("hint-render-no-font"))
                .unwrap();
            assert!(line.contains("fonts-noto-core"), "{locale}");
            assert!(line.contains("fonts-noto-cjk"), "{locale}");
        }
    }

    #[test]
    fn with_dirs_sees_only_those_folders() {
        let empty = tempfile::tempdir().unwrap();
        let none = Fonts::with_dirs([empty.path()]);
        assert!(none.is_empty());
        assert!(none.find(&["Noto Sans"], false).is_none());
        let f = font("Noto Sans Thai");
        let dir = f.path.as_ref().unwrap().parent().unwrap().to_path_buf();
        let some = Fonts::with_dirs([&dir]);
        let found = some.find(&["Noto Sans Thai"], false).unwrap();
        assert_eq!(some.missing(&found, "สวัสดี"), Vec::<char>::new());
    }

    #[test]
    fn a_gap_becomes_an_error_finding_on_its_cue() {
        let span = TimeSpan::new(Millis::new(1000), Millis::new(2500)).unwrap();
        let gap = GlyphGap {
            episode: Some(3),
            cue: 7,
            span,
            character: '\u{1F004}',
            codepoint: codepoint('\u{1F004}'),
            font: "Noto Sans CJK SC".to_owned(),
        };
        let f = gap.finding();
        assert_eq!(f.rule, "glyph-missing-in-font");
        assert_eq!(f.severity, crate::diagnostics::Severity::Error);
        assert_eq!(f.cue, Some(7));
        assert_eq!(f.span, Some(span));
        assert_eq!(f.message.id, "glyph-missing-in-font");
        let arg = |name: &str| {
            f.message
                .args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        assert_eq!(arg("char").as_deref(), Some("🀄"));
        assert_eq!(arg("codepoint").as_deref(), Some("U+1F004"));
        assert_eq!(arg("cue").as_deref(), Some("7"));
        assert_eq!(arg("font").as_deref(), Some("Noto Sans CJK SC"));
        assert_eq!(codepoint('a'), "U+0061");
    }

    /// Not a test: `cargo test --release --lib render::fonts::tests::timing -- --ignored
    /// --nocapture` prints how long 40,000 Chinese cues take.
    #[test]
    #[ignore]
    fn timing() {
        let started = std::time::Instant::now();
        let fonts = Fonts::system();
        let scanned = started.elapsed();
        let lines = [
            r"{\an8}温以茗，你给我站住！",
            "这婚我离定了，谁也拦不住。",
            "<i>三年了，你终于肯回来了？</i>",
            "妈，您别哭了……我没事🀄",
        ];
        let texts: Vec<&str> = (0..40_000).map(|i| lines[i % lines.len()]).collect();
        let t = track(&texts);
        let started = std::time::Instant::now();
        let gaps = check_track(&fonts, &["Noto Sans CJK SC"], false, &t).unwrap();
        let first = started.elapsed();
        let started = std::time::Instant::now();
        let again = check_track(&fonts, &["Noto Sans CJK SC"], false, &t).unwrap();
        let second = started.elapsed();
        assert_eq!(gaps.len(), 10_000);
        assert_eq!(again, gaps);
        println!(
            "{} faces scanned in {scanned:?}; 40,000 cues: {first:?} (coverage read included), \
             {second:?} cached",
            fonts.len()
        );
    }
}
