//! Text encodings: deciding how subtitle bytes are encoded, decoding them strictly, and
//! encoding text again for markets that ask for a particular encoding.
//!
//! Owns byte ↔ text conversion only. It does not parse subtitles (the format modules do) and
//! does not decide which encoding a market wants (the market specs do).
//!
//! # How [`decode`] decides
//!
//! 1. **Byte order mark.** UTF-32LE (`FF FE 00 00`), UTF-32BE, UTF-8, UTF-16LE, UTF-16BE, in
//!    that order (the UTF-32LE mark starts with the UTF-16LE one). A BOM is authoritative:
//!    bytes that do not decode in its encoding are refused.
//! 2. **UTF-32 / UTF-16 without BOM**, tried only when the bytes contain a NUL byte: every
//!    UTF-16 text with a line break or any ASCII character has one, and no 8-bit text we
//!    accept does, so files without NULs never pay for this step (and UTF-16 text without a
//!    single ASCII character or line break is not recognised). UTF-32 must decode to
//!    plausible text (see below) made of valid scalar values. UTF-16 is accepted when at
//!    least half of the code units have a NUL high byte and the other side has almost no
//!    NULs (Latin-script text; such a reading is refused at an unpaired surrogate rather than
//!    passed on), or, for CJK and other text with few NULs, when the decoded text is
//!    plausible: no unpaired surrogates, at least one `U+000A`/`U+000D` code unit, at most
//!    2 % implausible characters (controls, private use, invisible operators, CR LF read out
//!    of step) and at least 90 % characters from the scripts and punctuation subtitles use.
//!    GBK, Big5, Shift_JIS and UTF-8 text never contain NUL bytes, so they never reach this
//!    step; with a stray NUL they fail the plausibility test and are refused at the NUL.
//! 3. **Valid UTF-8** (ASCII included): one validation pass and one copy;
//!    [`Confidence::Certain`]. chardetng is never run on valid UTF-8.
//! 4. **Damaged UTF-8**: invalid UTF-8 whose multi-byte sequences are mostly well formed (at
//!    least 4 and at least 8 per error) is refused at the first bad byte instead of being
//!    guessed into mojibake.
//! 5. **chardetng** guesses a legacy encoding (GBK, Big5, Shift_JIS, EUC-KR, windows-125x,
//!    windows-874, KOI8…) from up to 64 KiB from the first non-ASCII byte on, and
//!    `encoding_rs` decodes the whole input strictly with that guess; [`Confidence::Guess`].
//!    When chardetng settles on a single-byte encoding but GBK, Big5, Shift_JIS or EUC-KR
//!    reads the file with only a few malformed sequences (at least 32 non-ASCII characters
//!    per error) and chardetng picks that encoding once they are cut out, the file is taken
//!    as that encoding with damaged bytes and refused at the first one, instead of being
//!    decoded "cleanly" as mojibake.
//!
//! # Strictness
//!
//! Bytes that do not decode cleanly are refused with the byte offset of the first bad
//! sequence ([`DecodeError::Malformed`]); nothing is ever replaced by U+FFFD. Unpaired
//! surrogates in UTF-16 and truncated final characters are malformed too.
//!
//! Decoded text must not contain control characters (Unicode category Cc: C0, DEL, C1) other
//! than tab, line feed, form feed and carriage return: subtitles never contain them, and a
//! NUL or a C1 control is the usual sign of a wrong guess or a damaged file. They are refused
//! with their byte offset ([`DecodeError::Control`]), including a DOS end-of-file `0x1A`.
//!
//! # Names
//!
//! Reports name what users recognise ([`TextEncoding::name`]). chardetng says `GBK` for all
//! GB-family text; decoding always goes through the GB18030 decoder (WHATWG: the GBK decoder
//! *is* the GB18030 decoder), and the report says `GB18030` only when the bytes contain a
//! four-byte GB18030 sequence, `GBK` otherwise. chardetng's Cyrillic KOI8 model is KOI8-U;
//! when none of the eight bytes where KOI8-U and KOI8-R differ occurs, both decode
//! identically and the report says `KOI8-R`, the common one. TIS-620 is decoded as its
//! superset windows-874 and EUC-KR as its superset windows-949 (UHC), under the WHATWG names
//! `windows-874` and `EUC-KR`.

use std::fmt;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, EncoderResult, Encoding};

use crate::message::Message;
use crate::msg;

/// A text encoding dramaloc reads (and writes where markets ask for it).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
    /// A legacy single- or multi-byte encoding decoded through `encoding_rs` (GBK, Big5, …).
    Legacy(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The name shown to users (`UTF-8`, `UTF-16LE`, `GBK`, `GB18030`, `Big5`, `windows-1256`…).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Utf32Le => "UTF-32LE",
            TextEncoding::Utf32Be => "UTF-32BE",
            // encoding_rs spells it in lower case; users know it as GB18030.
            TextEncoding::Legacy(e) if e == encoding_rs::GB18030 => "GB18030",
            TextEncoding::Legacy(e) => e.name(),
        }
    }

    /// The encoding for a user-given label (`--encoding`), case-insensitive.
    ///
    /// Accepts the WHATWG labels (`utf-8`, `utf-16le`, `gbk`, `gb2312`, `gb18030`, `big5`,
    /// `shift_jis`, `sjis`, `euc-kr`, `windows-1252`, `cp1252`, `latin1`, `tis-620`,
    /// `koi8-r`…) plus `utf-32le`, `utf-32be` and the code-page names Windows tools use
    /// (`cp936`, `cp949`, `uhc`, `cp950`, `cp932`, `cp874`). Labels of the WHATWG
    /// "replacement" encoding (`iso-2022-kr`, `hz-gb-2312`…) and `x-user-defined` are not
    /// accepted: nothing meaningful can be decoded with them.
    pub fn from_label(label: &str) -> Option<TextEncoding> {
        let label = label.trim().to_ascii_lowercase();
        let extra = match label.as_str() {
            "utf-32le" | "utf32le" => Some(TextEncoding::Utf32Le),
            "utf-32be" | "utf32be" => Some(TextEncoding::Utf32Be),
            "utf16le" => Some(TextEncoding::Utf16Le),
            "utf16be" => Some(TextEncoding::Utf16Be),
            "cp936" | "ms936" | "windows-936" => Some(TextEncoding::Legacy(encoding_rs::GBK)),
            "gb-18030" => Some(TextEncoding::Legacy(encoding_rs::GB18030)),
            "cp949" | "ms949" | "uhc" => Some(TextEncoding::Legacy(encoding_rs::EUC_KR)),
            "cp950" | "ms950" | "windows-950" => Some(TextEncoding::Legacy(encoding_rs::BIG5)),
            "cp932" | "windows-932" => Some(TextEncoding::Legacy(encoding_rs::SHIFT_JIS)),
            "cp874" | "ms874" | "tis620" => Some(TextEncoding::Legacy(encoding_rs::WINDOWS_874)),
            _ => None,
        };
        if extra.is_some() {
            return extra;
        }
        let encoding = Encoding::for_label_no_replacement(label.as_bytes())?;
        if encoding == encoding_rs::X_USER_DEFINED {
            return None;
        }
        Some(TextEncoding::from_encoding(encoding))
    }

    /// The variant for an `encoding_rs` encoding: UTF-8 and UTF-16 get their own variants.
    pub fn from_encoding(encoding: &'static Encoding) -> TextEncoding {
        if encoding == encoding_rs::UTF_8 {
            TextEncoding::Utf8
        } else if encoding == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Legacy(encoding)
        }
    }

    /// The byte order mark of this encoding: U+FEFF encoded. Empty for legacy encodings,
    /// which have none, except GB18030, which can encode U+FEFF (`84 31 95 33`).
    pub fn bom(self) -> &'static [u8] {
        match self.normalized() {
            TextEncoding::Utf8 => &[0xEF, 0xBB, 0xBF],
            TextEncoding::Utf16Le => &[0xFF, 0xFE],
            TextEncoding::Utf16Be => &[0xFE, 0xFF],
            TextEncoding::Utf32Le => &[0xFF, 0xFE, 0x00, 0x00],
            TextEncoding::Utf32Be => &[0x00, 0x00, 0xFE, 0xFF],
            TextEncoding::Legacy(e) if e == encoding_rs::GB18030 => &[0x84, 0x31, 0x95, 0x33],
            TextEncoding::Legacy(_) => &[],
        }
    }

    /// `Legacy(UTF_8)` and `Legacy(UTF_16*)` as their own variants.
    fn normalized(self) -> TextEncoding {
        match self {
            TextEncoding::Legacy(e) => TextEncoding::from_encoding(e),
            other => other,
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the encoding was decided.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// A byte order mark said so.
    Bom,
    /// The bytes are valid in exactly this reading (e.g. valid UTF-8 with non-ASCII text, or ASCII).
    Certain,
    /// A structural heuristic (UTF-16/32 without BOM).
    Heuristic,
    /// A statistical guess (chardetng).
    Guess,
    /// The user named the encoding.
    Given,
}

/// Why bytes were refused. Offsets are byte offsets into the input, BOM included.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A byte sequence that is not valid in the encoding (also a truncated final character
    /// or an unpaired UTF-16 surrogate).
    #[error("bytes at offset {offset} are not valid {encoding}")]
    Malformed {
        offset: usize,
        encoding: &'static str,
    },
    /// The text decodes, but contains a control character that subtitles never contain.
    #[error(
        "offset {offset} holds the control character U+{code:04X}, which subtitles never contain (read as {encoding})"
    )]
    Control {
        offset: usize,
        /// The code point (`0x00`–`0x1F`, `0x7F`–`0x9F`).
        code: u32,
        encoding: &'static str,
    },
    /// The user named one encoding ([`decode_as`]) but the bytes start with another's BOM.
    #[error("the file starts with a {bom} byte order mark but the encoding given is {encoding}")]
    BomConflict {
        bom: &'static str,
        encoding: &'static str,
    },
}

impl DecodeError {
    pub fn message(&self) -> Message {
        match self {
            DecodeError::Malformed { offset, encoding } => {
                msg!(
                    "decode-error-malformed",
                    offset = *offset,
                    encoding = *encoding
                )
            }
            DecodeError::Control {
                offset,
                code,
                encoding,
            } => msg!(
                "decode-error-control",
                offset = *offset,
                code = format!("U+{code:04X}"),
                encoding = *encoding
            ),
            DecodeError::BomConflict { bom, encoding } => {
                msg!(
                    "decode-error-bom-conflict",
                    bom = *bom,
                    encoding = *encoding
                )
            }
        }
    }

    /// The byte offset the error points at, when it has one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            DecodeError::Malformed { offset, .. } | DecodeError::Control { offset, .. } => {
                Some(*offset)
            }
            DecodeError::BomConflict { .. } => None,
        }
    }
}

/// Why text could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A character the target encoding has no bytes for; `offset` counts characters (not
    /// bytes) from the start of the text, 0-based.
    #[error("the character {ch:?} at position {offset} cannot be written in this encoding")]
    Unmappable { ch: char, offset: usize },
    /// An encoding that cannot be written at all (the WHATWG "replacement" encoding).
    #[error("text cannot be written in {encoding}")]
    Unsupported { encoding: &'static str },
}

impl EncodeError {
    pub fn message(&self) -> Message {
        match self {
            EncodeError::Unmappable { ch, offset } => msg!(
                "encode-error-unmappable",
                ch = ch.to_string(),
                code = format!("U+{:04X}", u32::from(*ch)),
                offset = *offset
            ),
            EncodeError::Unsupported { encoding } => {
                msg!("encode-error-unsupported", encoding = *encoding)
            }
        }
    }
}

/// What decoding found out about the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeInfo {
    pub encoding: TextEncoding,
    pub bom: Option<TextEncoding>,
    pub confidence: Confidence,
}

/// Decoded text (BOM removed) and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub info: DecodeInfo,
}

impl Decoded {
    fn new(text: String, encoding: TextEncoding, bom: bool, confidence: Confidence) -> Decoded {
        Decoded {
            text,
            info: DecodeInfo {
                encoding,
                bom: bom.then_some(encoding),
                confidence,
            },
        }
    }
}

/// Detect the encoding of `bytes` and decode them; refuse bytes that do not decode cleanly.
///
/// See the module documentation for the order of the checks.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, len)) = sniff_bom(bytes) {
        let text = decode_known(bytes, len, encoding)?;
        return Ok(Decoded::new(text, encoding, true, Confidence::Bom));
    }
    if bytes.contains(&0)
        && let Some(found) = sniff_utf32(bytes).or_else(|| sniff_utf16(bytes))
    {
        let (encoding, text) = found?;
        check_controls(&text, bytes, 0, encoding, encoding.name())?;
        return Ok(Decoded::new(text, encoding, false, Confidence::Heuristic));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            check_controls(text, bytes, 0, TextEncoding::Utf8, "UTF-8")?;
            Ok(Decoded::new(
                text.to_owned(),
                TextEncoding::Utf8,
                false,
                Confidence::Certain,
            ))
        }
        Err(e) => decode_guessed(bytes, e.valid_up_to()),
    }
}

/// Decode `bytes` in an encoding the user named (`--encoding`), with the same strictness as
/// [`decode`]. A BOM of that encoding is removed; the BOM of another encoding is refused
/// ([`DecodeError::BomConflict`]) rather than silently obeyed or silently misread.
pub fn decode_as(bytes: &[u8], encoding: TextEncoding) -> Result<Decoded, DecodeError> {
    let encoding = encoding.normalized();
    let own_bom = encoding.bom();
    let start = if !own_bom.is_empty() && bytes.starts_with(own_bom) {
        own_bom.len()
    } else if let Some((found, _)) = sniff_bom(bytes) {
        return Err(DecodeError::BomConflict {
            bom: found.name(),
            encoding: encoding.name(),
        });
    } else {
        0
    };
    let mut text = decode_known(bytes, start, encoding)?;
    // GBK read with the GB18030 decoder turns a GB18030 BOM into U+FEFF.
    let bom = start > 0 || (matches!(encoding, TextEncoding::Legacy(_)) && strip_feff(&mut text));
    Ok(Decoded::new(text, encoding, bom, Confidence::Given))
}

/// The Unicode encoding whose byte order mark starts `bytes`, and the mark's length.
pub fn sniff_bom(bytes: &[u8]) -> Option<(TextEncoding, usize)> {
    // UTF-32LE first: its mark begins with the UTF-16LE one.
    [
        TextEncoding::Utf32Le,
        TextEncoding::Utf32Be,
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
    ]
    .into_iter()
    .find(|e| bytes.starts_with(e.bom()))
    .map(|e| (e, e.bom().len()))
}

/// Encode `text`, with a byte order mark when `bom` is set and the encoding has one (legacy
/// encodings other than GB18030 have none, and `bom` is ignored for them).
///
/// A leading U+FEFF in `text` (format writers put one first for tracks read with a BOM) is
/// taken as that byte order mark, never as a character: it is written once, as the
/// encoding's BOM, or dropped when the encoding has none.
///
/// UTF-16 and UTF-32 are written here (encoding_rs never writes UTF-16); legacy encodings go
/// through encoding_rs and refuse characters they cannot represent.
pub fn encode(text: &str, encoding: TextEncoding, bom: bool) -> Result<Vec<u8>, EncodeError> {
    let encoding = encoding.normalized();
    let (text, bom) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, true),
        None => (text, bom),
    };
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(encoding.bom());
    }
    match encoding {
        TextEncoding::Utf8 => out.extend_from_slice(text.as_bytes()),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            out.reserve(text.len().saturating_mul(2));
            let be = encoding == TextEncoding::Utf16Be;
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if be {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
        }
        TextEncoding::Utf32Le | TextEncoding::Utf32Be => {
            out.reserve(text.len().saturating_mul(4));
            let be = encoding == TextEncoding::Utf32Be;
            for c in text.chars() {
                let c = u32::from(c);
                out.extend_from_slice(&if be { c.to_be_bytes() } else { c.to_le_bytes() });
            }
        }
        TextEncoding::Legacy(e) => encode_legacy(text, e, encoding.name(), &mut out)?,
    }
    Ok(out)
}

fn encode_legacy(
    text: &str,
    encoding: &'static Encoding,
    name: &'static str,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    if encoding.output_encoding() != encoding {
        return Err(EncodeError::Unsupported { encoding: name });
    }
    let mut encoder = encoding.new_encoder();
    let mut read_total = 0;
    loop {
        let rest = text.get(read_total..).unwrap_or_default();
        let needed = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len());
        out.reserve(needed.max(16));
        let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, out, true);
        read_total += read;
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(ch) => {
                // `read` includes the unmappable character.
                let before = read_total.saturating_sub(ch.len_utf8());
                let offset = text.get(..before).map_or(0, |t| t.chars().count());
                return Err(EncodeError::Unmappable { ch, offset });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Decoding in a known encoding
// ---------------------------------------------------------------------------------------

/// Decode `bytes[start..]` in `encoding` strictly, then refuse control characters.
fn decode_known(bytes: &[u8], start: usize, encoding: TextEncoding) -> Result<String, DecodeError> {
    let body = bytes.get(start..).unwrap_or_default();
    let name = encoding.name();
    let malformed = |offset: usize| DecodeError::Malformed {
        offset: start + offset,
        encoding: name,
    };
    let text = match encoding {
        TextEncoding::Utf8 => {
            let text = std::str::from_utf8(body).map_err(|e| malformed(e.valid_up_to()))?;
            check_controls(text, bytes, start, encoding, name)?;
            return Ok(text.to_owned());
        }
        TextEncoding::Utf16Le => decode_utf16(body, false).map_err(malformed)?,
        TextEncoding::Utf16Be => decode_utf16(body, true).map_err(malformed)?,
        TextEncoding::Utf32Le => decode_utf32(body, false).map_err(malformed)?,
        TextEncoding::Utf32Be => decode_utf32(body, true).map_err(malformed)?,
        TextEncoding::Legacy(e) => decode_with(e, body).map_err(malformed)?,
    };
    check_controls(&text, bytes, start, encoding, name)?;
    Ok(text)
}

/// UTF-16 to text; `Err` holds the offset of the first unpaired surrogate or odd final byte.
fn decode_utf16(body: &[u8], be: bool) -> Result<String, usize> {
    let unit = |pair: &[u8]| match pair {
        [a, b] if be => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    };
    let mut out = String::with_capacity(body.len().saturating_add(body.len() / 2));
    let mut units = body.chunks_exact(2);
    let mut offset = 0;
    while let Some(pair) = units.next() {
        let first = unit(pair);
        let c = match first {
            0xD800..=0xDBFF => {
                let second = units.next().map(unit);
                match second {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let scalar = 0x10000
                            + ((u32::from(first) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        char::from_u32(scalar).ok_or(offset)?
                    }
                    _ => return Err(offset),
                }
            }
            0xDC00..=0xDFFF => return Err(offset),
            _ => char::from_u32(u32::from(first)).ok_or(offset)?,
        };
        out.push(c);
        offset += c.len_utf16() * 2;
    }
    if units.remainder().is_empty() {
        Ok(out)
    } else {
        Err(offset)
    }
}

/// The offset of the first UTF-32 unit that is not a Unicode scalar value (or of a partial
/// final unit), if any.
fn utf32_error(body: &[u8], be: bool) -> Option<usize> {
    let units = body.chunks_exact(4);
    let tail = units.remainder().len();
    for (i, unit) in units.enumerate() {
        if utf32_char(unit, be).is_none() {
            return Some(i * 4);
        }
    }
    (tail != 0).then(|| body.len() - tail)
}

fn utf32_char(unit: &[u8], be: bool) -> Option<char> {
    let bytes: [u8; 4] = unit.try_into().ok()?;
    let value = if be {
        u32::from_be_bytes(bytes)
    } else {
        u32::from_le_bytes(bytes)
    };
    char::from_u32(value)
}

fn decode_utf32(body: &[u8], be: bool) -> Result<String, usize> {
    if let Some(offset) = utf32_error(body, be) {
        return Err(offset);
    }
    Ok(body
        .chunks_exact(4)
        .filter_map(|unit| utf32_char(unit, be))
        .collect())
}

/// Strict encoding_rs decode; `Err` holds the offset of the first malformed sequence.
fn decode_with(encoding: &'static Encoding, body: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len());
    let mut out = String::with_capacity(capacity);
    let mut read_total = 0;
    loop {
        let rest = body.get(read_total..).unwrap_or_default();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(rest.len().saturating_sub(read))
                    .unwrap_or(64);
                out.reserve(more.max(64));
            }
            DecoderResult::Malformed(bad, after) => {
                return Err(read_total
                    .saturating_sub(usize::from(after))
                    .saturating_sub(usize::from(bad)));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Control characters
// ---------------------------------------------------------------------------------------

/// Control characters subtitles never contain: category Cc except tab, LF, FF and CR.
fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\x0C' | '\r')
}

fn is_forbidden_byte(b: u8) -> bool {
    b.is_ascii() && is_forbidden_control(char::from(b))
}

/// The first forbidden control character of `text`: its byte index in `text` and the char.
///
/// Tests 32-byte blocks with branch-free comparisons first (C0 controls and DEL are single
/// bytes, C1 controls are `C2 80`–`C2 9F`), which the compiler turns into vector code, so
/// clean text costs a fraction of the UTF-8 validation before it; only blocks holding a
/// forbidden byte or 0xC2 are looked at byte by byte.
fn first_forbidden(text: &str) -> Option<(usize, char)> {
    let flagged = |b: u8| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != 0x0C) & (b != b'\r')
            | (b == 0x7F)
            | (b == 0xC2)
    };
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(32);
    let mut base = 0;
    for block in blocks.by_ref() {
        if block.iter().fold(false, |acc, &b| acc | flagged(b))
            && let Some(found) = scan_forbidden(bytes, base, block.len())
        {
            return Some(found);
        }
        base += block.len();
    }
    scan_forbidden(bytes, base, blocks.remainder().len())
}

/// Byte-by-byte search for a forbidden control in `bytes[base..base + len]`.
fn scan_forbidden(bytes: &[u8], base: usize, len: usize) -> Option<(usize, char)> {
    let region = bytes.get(base..base + len)?;
    for (i, &b) in region.iter().enumerate() {
        let at = base + i;
        if is_forbidden_byte(b) {
            return Some((at, char::from(b)));
        }
        if b == 0xC2
            && let Some(&next) = bytes.get(at + 1)
            && (0x80..=0x9F).contains(&next)
        {
            return Some((at, char::from(next)));
        }
    }
    None
}

/// Refuse `text` (decoded from `bytes[start..]` in `encoding`) if it holds a forbidden
/// control character, pointing at the byte offset in `bytes` where it came from.
fn check_controls(
    text: &str,
    bytes: &[u8],
    start: usize,
    encoding: TextEncoding,
    name: &'static str,
) -> Result<(), DecodeError> {
    let Some((index, c)) = first_forbidden(text) else {
        return Ok(());
    };
    let before = text.get(..index).unwrap_or_default();
    let body = bytes.get(start..).unwrap_or_default();
    let offset = match encoding {
        TextEncoding::Utf8 => index,
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => before.encode_utf16().count() * 2,
        TextEncoding::Utf32Le | TextEncoding::Utf32Be => before.chars().count() * 4,
        TextEncoding::Legacy(e) => legacy_offset(e, body, before, c),
    };
    Err(DecodeError::Control {
        offset: start + offset,
        code: u32::from(c),
        encoding: name,
    })
}

/// Where in `body` the character that follows the decoded text `before` came from.
fn legacy_offset(encoding: &'static Encoding, body: &[u8], before: &str, c: char) -> usize {
    if c.is_ascii() && encoding.is_ascii_compatible() {
        // In every ASCII-compatible encoding, bytes below 0x20 and 0x7F are never part of a
        // multi-byte sequence, so the first forbidden byte is the first forbidden character.
        if let Some(at) = body.iter().position(|&b| is_forbidden_byte(b)) {
            return at;
        }
    }
    if encoding.is_single_byte() {
        return before.chars().count();
    }
    // Rare (a C1 control out of a multi-byte encoding): decode byte by byte until the output
    // passes `before`, remembering where the sequence that produced it started.
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(before.len() + 64);
    let mut sequence_start = 0;
    for (i, b) in body.iter().enumerate() {
        if out.capacity() - out.len() < 32 {
            out.reserve(64);
        }
        let len = out.len();
        let _ =
            decoder.decode_to_string_without_replacement(std::slice::from_ref(b), &mut out, false);
        if out.len() > len {
            if out.len() > before.len() {
                return sequence_start;
            }
            sequence_start = i + 1;
        }
    }
    sequence_start
}

// ---------------------------------------------------------------------------------------
// UTF-16 / UTF-32 without BOM
// ---------------------------------------------------------------------------------------

/// Counts over decoded text, used to judge whether a UTF-16/32 reading is plausible.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    chars: usize,
    good: usize,
    bad: usize,
    newlines: usize,
}

impl Tally {
    fn of(text: &str) -> Tally {
        let mut t = Tally::default();
        for c in text.chars() {
            t.chars += 1;
            match classify(c) {
                Class::Good => t.good += 1,
                Class::Bad => t.bad += 1,
                Class::Neutral => {}
            }
            if matches!(c, '\n' | '\r') {
                t.newlines += 1;
            }
        }
        t
    }

    /// At most 2 % implausible characters and at least 90 % plausible ones.
    fn clean(self) -> bool {
        self.bad.saturating_mul(50) <= self.chars
            && self.good.saturating_mul(10) >= self.chars.saturating_mul(9)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Scripts, punctuation and symbols that subtitles are written in.
    Good,
    /// Legitimate but rare in subtitles (extension ideographs, Yi, presentation forms…).
    Neutral,
    /// Never in subtitles; typical of a wrong byte order or alignment.
    Bad,
}

fn classify(c: char) -> Class {
    match u32::from(c) {
        0x09 | 0x0A | 0x0C | 0x0D => Class::Good,
        0x00..=0x1F | 0x7F..=0x9F => Class::Bad,
        0x20..=0x7E | 0xA0..=0x024F => Class::Good,
        // Combining marks, Greek, Cyrillic.
        0x0300..=0x052F => Class::Good,
        // Hebrew, Arabic, Arabic supplement.
        0x0590..=0x06FF | 0x0750..=0x077F => Class::Good,
        // CR LF / LF CR read one byte out of step.
        0x0A0D | 0x0D0A => Class::Bad,
        // Indic scripts, Thai, Lao, Myanmar, Khmer, Vietnamese Latin.
        0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF => Class::Good,
        0x1E00..=0x1EFF => Class::Good,
        // General punctuation (dashes, quotes, ellipsis, zero-width and bidi marks).
        0x2000..=0x205F => Class::Good,
        // Invisible operators, deprecated format characters, super- and subscripts: where
        // ASCII words read as UTF-16 put their spaces.
        0x2060..=0x209F => Class::Bad,
        // Currency, letterlike, arrows, enclosed numbers, shapes, ♪, dingbats.
        0x20A0..=0x20CF | 0x2100..=0x27BF => Class::Good,
        // CJK punctuation, kana, bopomofo, unified ideographs, hangul syllables.
        0x3000..=0x312F | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => Class::Good,
        // Private use.
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => Class::Bad,
        // Variation selectors, CJK compatibility forms, full- and half-width forms.
        0xFE00..=0xFE0F | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF => Class::Good,
        // Specials and non-characters.
        0xFFF0..=0xFFFF => Class::Bad,
        // Emoji and pictographs.
        0x1F000..=0x1FAFF => Class::Good,
        _ => Class::Neutral,
    }
}

/// UTF-32 without BOM: every unit a scalar value and the text plausible. When at least 95 %
/// of the units look like UTF-32 but one is not valid, the file is UTF-32 with a bad unit.
fn sniff_utf32(bytes: &[u8]) -> Option<Result<(TextEncoding, String), DecodeError>> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(4) {
        return None;
    }
    for (encoding, be) in [
        (TextEncoding::Utf32Le, false),
        (TextEncoding::Utf32Be, true),
    ] {
        match decode_utf32(bytes, be) {
            Ok(text) => {
                if Tally::of(&text).clean() {
                    return Some(Ok((encoding, text)));
                }
            }
            Err(offset) => {
                let units = bytes.len() / 4;
                let shaped = bytes
                    .chunks_exact(4)
                    .filter(|u| match u {
                        [a, b, _, _] if be => *a == 0 && *b <= 0x10,
                        [_, _, c, d] => *d == 0 && *c <= 0x10,
                        _ => false,
                    })
                    .count();
                if units >= 2 && shaped * 20 >= units * 19 {
                    return Some(Err(DecodeError::Malformed {
                        offset,
                        encoding: encoding.name(),
                    }));
                }
            }
        }
    }
    None
}

/// UTF-16 without BOM (see the module documentation).
fn sniff_utf16(bytes: &[u8]) -> Option<Result<(TextEncoding, String), DecodeError>> {
    if bytes.len() < 2 {
        return None;
    }
    let (mut nul_even, mut nul_odd) = (0usize, 0usize);
    for pair in bytes.chunks(2) {
        if let Some(0) = pair.first() {
            nul_even += 1;
        }
        if let Some(0) = pair.get(1) {
            nul_odd += 1;
        }
    }
    let units = bytes.len() / 2;
    // ASCII in UTF-16LE is `xx 00`: NULs on odd offsets.
    let le = (TextEncoding::Utf16Le, false, nul_odd, nul_even);
    let be = (TextEncoding::Utf16Be, true, nul_even, nul_odd);
    let order = if nul_odd >= nul_even {
        [le, be]
    } else {
        [be, le]
    };
    for (encoding, big_endian, right, wrong) in order {
        // Latin-script text: at least half of the units have a NUL high byte, and the other
        // side has almost none. Such a reading is refused when malformed rather than passed
        // on to the 8-bit readings.
        let strong =
            right > 0 && right.saturating_mul(2) >= units && wrong.saturating_mul(20) <= right;
        match decode_utf16(bytes, big_endian) {
            Ok(text) => {
                if strong {
                    return Some(Ok((encoding, text)));
                }
                let tally = Tally::of(&text);
                if tally.newlines > 0 && tally.clean() {
                    return Some(Ok((encoding, text)));
                }
            }
            Err(offset) if strong => {
                return Some(Err(DecodeError::Malformed {
                    offset,
                    encoding: encoding.name(),
                }));
            }
            Err(_) => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Legacy encodings
// ---------------------------------------------------------------------------------------

/// How much chardetng reads, from just before the first non-ASCII byte. chardetng runs at
/// about 2 MB/s; real subtitle files are 5–20 KB and fit whole, and its statistics have
/// settled long before 64 KiB. The strict decode still covers the whole input, so damage
/// beyond the window is still refused.
const DETECTION_WINDOW: usize = 64 << 10;

/// The multi-byte CJK encodings checked for a damaged byte when chardetng falls back to a
/// single-byte guess.
const DOUBLE_BYTE: [&Encoding; 4] = [
    encoding_rs::GBK,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_KR,
];

/// Invalid UTF-8 without a BOM and not UTF-16/32: damaged UTF-8, or a legacy encoding.
fn decode_guessed(bytes: &[u8], utf8_valid_up_to: usize) -> Result<Decoded, DecodeError> {
    if looks_like_damaged_utf8(bytes) {
        return Err(DecodeError::Malformed {
            offset: utf8_valid_up_to,
            encoding: "UTF-8",
        });
    }
    let guess = chardetng_guess(bytes);
    if guess.is_single_byte()
        && let Some(error) = damaged_double_byte(bytes)
    {
        return Err(error);
    }
    let encoding = TextEncoding::Legacy(refine(guess, bytes));
    let name = encoding.name();
    // GBK and GB18030 share the GB18030 decoder.
    let decoder = if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    };
    let mut text = decode_with(decoder, bytes).map_err(|offset| DecodeError::Malformed {
        offset,
        encoding: TextEncoding::Legacy(refine(guess, bytes.get(..offset).unwrap_or_default()))
            .name(),
    })?;
    check_controls(&text, bytes, 0, encoding, name)?;
    // A GB18030 byte order mark (`84 31 95 33`) decodes to U+FEFF.
    let bom = strip_feff(&mut text);
    Ok(Decoded::new(text, encoding, bom, Confidence::Guess))
}

/// Remove a leading U+FEFF; whether there was one.
fn strip_feff(text: &mut String) -> bool {
    let found = text.starts_with('\u{feff}');
    if found {
        text.drain(..'\u{feff}'.len_utf8());
    }
    found
}

/// chardetng's guess over the detection window. The stream is never marked as finished, so a
/// truncated final character does not steer the guess away from the right encoding (the
/// strict decode reports it).
fn chardetng_guess(bytes: &[u8]) -> &'static Encoding {
    let first_non_ascii = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    // chardetng looks at up to two bytes before the first non-ASCII one.
    let start = first_non_ascii.saturating_sub(16);
    let end = start.saturating_add(DETECTION_WINDOW).min(bytes.len());
    let window = bytes.get(start..end).unwrap_or_default();
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(window, false);
    detector.guess(None, Utf8Detection::Deny)
}

/// Report names: GB18030 only when a four-byte sequence needs it; KOI8-R when KOI8-U and
/// KOI8-R read the bytes identically.
fn refine(guess: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if guess == encoding_rs::GBK && has_gb18030_four_byte(bytes) {
        encoding_rs::GB18030
    } else if guess == encoding_rs::KOI8_U
        && !bytes
            .iter()
            .any(|b| matches!(b, 0xA4 | 0xA6 | 0xA7 | 0xAD | 0xB4 | 0xB6 | 0xB7 | 0xBD))
    {
        encoding_rs::KOI8_R
    } else {
        guess
    }
}

/// Whether GB-family bytes hold a four-byte sequence (lead `81`–`FE`, then `30`–`39`).
fn has_gb18030_four_byte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if (0x81..=0xFE).contains(&b) {
            match bytes.get(i + 1) {
                Some(0x30..=0x39) => return true,
                _ => i += 2,
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Invalid UTF-8 whose multi-byte sequences are mostly well formed: at least 4 of them and
/// at least 8 per invalid byte sequence. Legacy text forms valid sequences only by accident
/// (GBK about one per three errors).
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let count_non_ascii = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xC0).count();
    let (mut valid, mut errors) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => {
                valid += count_non_ascii(rest);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid += count_non_ascii(good);
                errors += 1;
                if errors > 64 && errors.saturating_mul(8) > valid {
                    return false;
                }
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                rest = bad.get(skip..).unwrap_or_default();
            }
        }
    }
    valid >= 4 && valid >= errors.saturating_mul(8)
}

/// A CJK double-byte file with a damaged byte: chardetng disqualifies the true encoding at
/// the damage and falls back to a single-byte guess, which would decode without error into
/// mojibake. A double-byte encoding that reads the file with at least 16 non-ASCII
/// characters and at least 32 of them per malformed sequence, and that chardetng picks once
/// the malformed sequences are cut out, is taken as the true encoding: the file is refused
/// at its first malformed sequence. (Single-byte text read as a double-byte encoding breaks
/// at most word ends, far more often than once per 32 characters.)
fn damaged_double_byte(bytes: &[u8]) -> Option<DecodeError> {
    DOUBLE_BYTE.iter().find_map(|&encoding| {
        let errors = sparse_errors(encoding, bytes)?;
        let first = errors.first()?.start;
        let mut cleaned = Vec::with_capacity(bytes.len());
        let mut from = 0;
        for range in &errors {
            cleaned.extend_from_slice(bytes.get(from..range.start)?);
            from = range.end;
        }
        cleaned.extend_from_slice(bytes.get(from..)?);
        (chardetng_guess(&cleaned) == encoding).then(|| DecodeError::Malformed {
            offset: first,
            encoding: TextEncoding::Legacy(refine(
                encoding,
                bytes.get(..first).unwrap_or_default(),
            ))
            .name(),
        })
    })
}

/// The malformed byte ranges of `bytes` in `encoding`, when there are some but few (see
/// [`damaged_double_byte`]); `None` when the bytes are clean or broken too often.
fn sparse_errors(encoding: &'static Encoding, bytes: &[u8]) -> Option<Vec<std::ops::Range<usize>>> {
    // GBK and GB18030 share the GB18030 decoder.
    let decoder_encoding = if encoding == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        encoding
    };
    let mut decoder = decoder_encoding.new_decoder_without_bom_handling();
    let mut buffer = [0u8; 4096];
    let mut read_total = 0;
    let mut non_ascii = 0usize;
    let mut errors = Vec::new();
    loop {
        let rest = bytes.get(read_total..).unwrap_or_default();
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(rest, &mut buffer, true);
        read_total += read;
        non_ascii += buffer
            .get(..written)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b >= 0xC0)
            .count();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => {
                let end = read_total.saturating_sub(usize::from(after));
                errors.push(end.saturating_sub(usize::from(bad))..end);
                if errors.len() >= 8 && errors.len().saturating_mul(32) > non_ascii {
                    return None;
                }
            }
        }
    }
    (!errors.is_empty() && non_ascii >= 16 && non_ascii >= errors.len().saturating_mul(32))
        .then_some(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, be: bool) -> Vec<u8> {
        let encoding = if be {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf16Le
        };
        encode(text, encoding, false).unwrap()
    }

    fn legacy(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encode(text, TextEncoding::Legacy(encoding), false).unwrap()
    }

    const ZH: &str = "我们今天晚上一起去吃饭吧。\n好的，我马上就到。\n你别再骗我了，我什么都知道。\n这件事情跟你没有关系！\n";

    #[test]
    fn bom_order_prefers_utf32le_over_utf16le() {
        assert_eq!(
            sniff_bom(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]),
            Some((TextEncoding::Utf32Le, 4))
        );
        assert_eq!(
            sniff_bom(&[0xFF, 0xFE, b'a', 0]),
            Some((TextEncoding::Utf16Le, 2))
        );
        assert_eq!(sniff_bom(&[0xFE, 0xFF]), Some((TextEncoding::Utf16Be, 2)));
        assert_eq!(
            sniff_bom(&[0, 0, 0xFE, 0xFF]),
            Some((TextEncoding::Utf32Be, 4))
        );
        assert_eq!(sniff_bom(b"\xEF\xBB\xBFx"), Some((TextEncoding::Utf8, 3)));
        assert_eq!(sniff_bom(b"\xEF\xBB"), None);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("1\n00:00:01,000 --> 00:00:02,000\n你好\n".as_bytes()).unwrap();
        assert_eq!(d.info.encoding, TextEncoding::Utf8);
        assert_eq!(d.info.confidence, Confidence::Certain);
        assert_eq!(d.info.bom, None);
        let d = decode(b"\xEF\xBB\xBFhi").unwrap();
        assert_eq!(d.text, "hi");
        assert_eq!(d.info.bom, Some(TextEncoding::Utf8));
        assert_eq!(d.info.confidence, Confidence::Bom);
        let d = decode(b"").unwrap();
        assert_eq!((d.text.as_str(), d.info.encoding), ("", TextEncoding::Utf8));
    }

    #[test]
    fn controls_are_refused_with_their_offset() {
        let err = decode(b"abc\x00def").unwrap_err();
        assert_eq!(
            err,
            DecodeError::Control {
                offset: 3,
                code: 0,
                encoding: "UTF-8"
            }
        );
        assert_eq!(decode(b"line\r\n\x1A").unwrap_err().offset(), Some(6));
        // C1 control U+0085 in UTF-8, after 70 bytes so it sits in the second scan block.
        let mut bytes = "é".repeat(35).into_bytes();
        bytes.extend_from_slice(b"\xC2\x85");
        assert_eq!(
            decode(&bytes).unwrap_err(),
            DecodeError::Control {
                offset: 70,
                code: 0x85,
                encoding: "UTF-8"
            }
        );
        // Tab, LF, FF, CR and NBSP are fine.
        assert!(decode("a\tb\n\x0C\r\u{a0}".as_bytes()).is_ok());
    }

    #[test]
    fn control_offset_in_utf16_and_legacy() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(utf16("你好\u{1}", false));
        assert_eq!(
            decode(&bytes).unwrap_err(),
            DecodeError::Control {
                offset: 6,
                code: 1,
                encoding: "UTF-16LE"
            }
        );
        let mut gbk = legacy(
            "我们今天晚上一起去吃饭吧。好的，我马上就到。",
            encoding_rs::GBK,
        );
        let at = gbk.len();
        gbk.push(0x1B);
        gbk.extend(legacy("你别再骗我了。", encoding_rs::GBK));
        let err = decode_as(&gbk, TextEncoding::Legacy(encoding_rs::GBK)).unwrap_err();
        assert_eq!(err.offset(), Some(at));
        // A C1 control out of a four-byte GB18030 sequence (81 30 81 30 is U+0080).
        let mut gb = legacy("你好", encoding_rs::GB18030);
        gb.extend_from_slice(&[0x81, 0x30, 0x81, 0x30]);
        let err = decode_as(&gb, TextEncoding::Legacy(encoding_rs::GB18030)).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Control {
                offset: 4,
                code: 0x80,
                encoding: "GB18030"
            }
        );
        // windows-1252 0x81 is U+0081.
        let err = decode_as(
            b"caf\xE9 \x81",
            TextEncoding::Legacy(encoding_rs::WINDOWS_1252),
        );
        assert_eq!(err.unwrap_err().offset(), Some(5));
    }

    #[test]
    fn utf16_without_bom_latin_and_cjk() {
        for be in [false, true] {
            let d = decode(&utf16("hello", be)).unwrap();
            assert_eq!(d.text, "hello");
            assert_eq!(d.info.confidence, Confidence::Heuristic);
            let d = decode(&utf16("Привет, как дела?\nХорошо.\n", be)).unwrap();
            assert_eq!(d.text, "Привет, как дела?\nХорошо.\n");
            // CJK only: the NULs are the newlines' high bytes, and 一 (U+4E00) puts some on
            // the other side.
            let text = format!("{ZH}一一一一一\n");
            let d = decode(&utf16(&text, be)).unwrap();
            assert_eq!(d.text, text);
            let expected = if be {
                TextEncoding::Utf16Be
            } else {
                TextEncoding::Utf16Le
            };
            assert_eq!(d.info.encoding, expected);
        }
    }

    #[test]
    fn chinese_legacy_and_utf8_are_not_utf16() {
        let d = decode(ZH.as_bytes()).unwrap();
        assert_eq!(d.info.encoding, TextEncoding::Utf8);
        let d = decode(&legacy(ZH, encoding_rs::GBK)).unwrap();
        assert_eq!(d.info.encoding, TextEncoding::Legacy(encoding_rs::GBK));
        assert_eq!(d.text, ZH);
        // UTF-8 Chinese with a stray NUL is neither UTF-16 nor acceptable.
        let mut bytes = ZH.as_bytes().to_vec();
        bytes.insert(6, 0);
        assert_eq!(decode(&bytes).unwrap_err().offset(), Some(6));
        // ASCII English with a stray NUL after a line break.
        let err = decode(b"Where are you going?\n\0I told you so.\nNo way.\n").unwrap_err();
        assert_eq!(err.offset(), Some(21));
    }

    #[test]
    fn utf16_surrogates() {
        // 😀 is D83D DE00.
        let d = decode(&[0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE]).unwrap();
        assert_eq!(d.text, "😀");
        // An unpaired high surrogate at offset 4.
        let err = decode(&[0xFF, 0xFE, b'a', 0, 0x3D, 0xD8, b'b', 0]).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Malformed {
                offset: 4,
                encoding: "UTF-16LE"
            }
        );
        // A lone low surrogate, big-endian.
        let err = decode(&[0xFE, 0xFF, 0, b'a', 0xDE, 0x00]).unwrap_err();
        assert_eq!(err.offset(), Some(4));
        // Odd length: the final byte is malformed.
        let err = decode(&[0xFF, 0xFE, b'a', 0, b'b']).unwrap_err();
        assert_eq!(err.offset(), Some(4));
        // Without BOM, Latin text makes the reading certain enough to refuse the surrogate.
        let mut bytes = utf16("Hello there, friend.\n", false);
        bytes.extend_from_slice(&[0x00, 0xDC]);
        bytes.extend(utf16("Bye.\n", false));
        assert_eq!(
            decode(&bytes).unwrap_err(),
            DecodeError::Malformed {
                offset: 42,
                encoding: "UTF-16LE"
            }
        );
    }

    #[test]
    fn utf32_with_and_without_bom() {
        for (encoding, be) in [
            (TextEncoding::Utf32Le, false),
            (TextEncoding::Utf32Be, true),
        ] {
            let bytes = encode("Ярко 你好 😀\n", encoding, true).unwrap();
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, "Ярко 你好 😀\n");
            assert_eq!((d.info.encoding, d.info.bom), (encoding, Some(encoding)));
            let d = decode(&bytes[4..]).unwrap();
            assert_eq!(
                (d.info.encoding, d.info.confidence),
                (encoding, Confidence::Heuristic)
            );
            // A unit beyond U+10FFFF.
            let mut bad = bytes.clone();
            let unit = if be { [0, 0x11, 0, 0] } else { [0, 0, 0x11, 0] };
            bad[8..12].copy_from_slice(&unit);
            assert_eq!(decode(&bad).unwrap_err().offset(), Some(8));
        }
        // Truncated final unit.
        let err = decode(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0, b'b', 0]).unwrap_err();
        assert_eq!(err.offset(), Some(8));
    }

    #[test]
    fn legacy_guesses_and_names() {
        let big5 = legacy(
            "我們今天晚上一起去吃飯吧。好的，我馬上就到。你別再騙我了，我什麼都知道。",
            encoding_rs::BIG5,
        );
        assert_eq!(decode(&big5).unwrap().info.encoding.name(), "Big5");
        // A four-byte GB18030 sequence (ß, U+00DF, is not in GBK) names GB18030.
        let gb = legacy(&format!("{ZH}Straße"), encoding_rs::GB18030);
        let d = decode(&gb).unwrap();
        assert_eq!(d.info.encoding.name(), "GB18030");
        assert_eq!(d.text, format!("{ZH}Straße"));
        assert_eq!(d.info.confidence, Confidence::Guess);
        let koi = legacy(
            "Привет, как дела? Хорошо, спасибо. Что ты делаешь сегодня вечером?\n",
            encoding_rs::KOI8_R,
        );
        assert_eq!(decode(&koi).unwrap().info.encoding.name(), "KOI8-R");
    }

    #[test]
    fn truncated_and_damaged_gbk() {
        let mut gbk = legacy(ZH, encoding_rs::GBK);
        gbk.truncate(gbk.len() - 1); // cut the final newline
        gbk.extend(legacy("我", encoding_rs::GBK));
        let last = gbk.len() - 1;
        gbk.truncate(last);
        assert_eq!(
            decode(&gbk).unwrap_err(),
            DecodeError::Malformed {
                offset: last - 1,
                encoding: "GBK"
            }
        );
        // A lead byte followed by a byte no GBK trail can be, in the middle of the file.
        let mut gbk = legacy(ZH, encoding_rs::GBK);
        let at = gbk.len();
        gbk.extend_from_slice(&[0xC4, 0x0A]);
        gbk.extend(legacy(ZH, encoding_rs::GBK));
        assert_eq!(
            decode(&gbk).unwrap_err(),
            DecodeError::Malformed {
                offset: at,
                encoding: "GBK"
            }
        );
    }

    #[test]
    fn damaged_utf8_is_refused_not_guessed() {
        let text = "Привет, как дела? Хорошо, спасибо.\n"
            .repeat(3)
            .into_bytes();
        // Byte 39 starts an `о`; byte 40 is its continuation byte. Either way the bad
        // sequence starts at 39.
        for at in [39, 40] {
            let mut bytes = text.clone();
            bytes[at] = 0xFF;
            assert_eq!(
                decode(&bytes).unwrap_err(),
                DecodeError::Malformed {
                    offset: 39,
                    encoding: "UTF-8"
                }
            );
        }
    }

    #[test]
    fn decode_as_given() {
        let bytes = legacy(ZH, encoding_rs::GBK);
        let d = decode_as(&bytes, TextEncoding::from_label("cp936").unwrap()).unwrap();
        assert_eq!(d.text, ZH);
        assert_eq!(d.info.confidence, Confidence::Given);
        let d = decode_as(b"\xFF\xFEa\0", TextEncoding::Utf16Le).unwrap();
        assert_eq!(
            (d.text.as_str(), d.info.bom),
            ("a", Some(TextEncoding::Utf16Le))
        );
        assert_eq!(
            decode_as(
                b"\xEF\xBB\xBFabc",
                TextEncoding::Legacy(encoding_rs::WINDOWS_1252)
            ),
            Err(DecodeError::BomConflict {
                bom: "UTF-8",
                encoding: "windows-1252"
            })
        );
        assert_eq!(
            decode_as(b"\xE4\xBD", TextEncoding::Utf8).unwrap_err(),
            DecodeError::Malformed {
                offset: 0,
                encoding: "UTF-8"
            }
        );
        // GBK is read with the GB18030 decoder: four-byte sequences are accepted.
        let d = decode_as(
            &[b'a', 0x81, 0x30, 0x89, 0x38],
            TextEncoding::from_label("gbk").unwrap(),
        );
        assert_eq!(d.unwrap().text, "aß");
        // Legacy(UTF_16BE) is the UTF-16BE variant.
        let d = decode_as(&[0, b'a'], TextEncoding::Legacy(encoding_rs::UTF_16BE)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.info.encoding),
            ("a", TextEncoding::Utf16Be)
        );
    }

    #[test]
    fn labels() {
        let legacy_name = |l: &str| TextEncoding::from_label(l).map(TextEncoding::name);
        assert_eq!(TextEncoding::from_label("UTF-8"), Some(TextEncoding::Utf8));
        assert_eq!(
            TextEncoding::from_label(" utf-16le "),
            Some(TextEncoding::Utf16Le)
        );
        assert_eq!(
            TextEncoding::from_label("utf-16be"),
            Some(TextEncoding::Utf16Be)
        );
        assert_eq!(
            TextEncoding::from_label("UTF-32LE"),
            Some(TextEncoding::Utf32Le)
        );
        assert_eq!(
            TextEncoding::from_label("utf-32be"),
            Some(TextEncoding::Utf32Be)
        );
        assert_eq!(legacy_name("gb18030"), Some("GB18030"));
        assert_eq!(legacy_name("gbk"), Some("GBK"));
        assert_eq!(legacy_name("GB2312"), Some("GBK"));
        assert_eq!(legacy_name("big5"), Some("Big5"));
        assert_eq!(legacy_name("sjis"), Some("Shift_JIS"));
        assert_eq!(legacy_name("shift_jis"), Some("Shift_JIS"));
        assert_eq!(legacy_name("cp949"), Some("EUC-KR"));
        assert_eq!(legacy_name("euc-kr"), Some("EUC-KR"));
        assert_eq!(legacy_name("cp1252"), Some("windows-1252"));
        assert_eq!(legacy_name("windows-1256"), Some("windows-1256"));
        assert_eq!(legacy_name("tis-620"), Some("windows-874"));
        assert_eq!(legacy_name("windows-874"), Some("windows-874"));
        assert_eq!(legacy_name("koi8-r"), Some("KOI8-R"));
        assert_eq!(TextEncoding::from_label("iso-2022-kr"), None);
        assert_eq!(TextEncoding::from_label("x-user-defined"), None);
        assert_eq!(TextEncoding::from_label("klingon"), None);
    }

    #[test]
    fn encode_boms_and_unmappable() {
        assert_eq!(
            encode("a", TextEncoding::Utf8, true).unwrap(),
            b"\xEF\xBB\xBFa"
        );
        assert_eq!(
            encode("a", TextEncoding::Utf16Be, true).unwrap(),
            [0xFE, 0xFF, 0, b'a']
        );
        assert_eq!(
            encode("😀", TextEncoding::Utf16Le, false).unwrap(),
            [0x3D, 0xD8, 0x00, 0xDE]
        );
        assert_eq!(
            encode("a", TextEncoding::Utf32Le, true).unwrap(),
            [0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]
        );
        // Legacy encodings have no BOM.
        assert_eq!(
            encode("a", TextEncoding::Legacy(encoding_rs::GBK), true).unwrap(),
            b"a"
        );
        assert_eq!(
            encode("你好😀", TextEncoding::Legacy(encoding_rs::GBK), false),
            Err(EncodeError::Unmappable {
                ch: '😀',
                offset: 2
            })
        );
        // GB18030 can write everything.
        assert!(encode("你好😀", TextEncoding::Legacy(encoding_rs::GB18030), false).is_ok());
        assert_eq!(
            encode(
                "abc ج",
                TextEncoding::Legacy(encoding_rs::WINDOWS_1252),
                false
            ),
            Err(EncodeError::Unmappable {
                ch: 'ج', offset: 4
            })
        );
        assert_eq!(
            encode("a", TextEncoding::Legacy(encoding_rs::REPLACEMENT), false),
            Err(EncodeError::Unsupported {
                encoding: "replacement"
            })
        );
    }

    #[test]
    fn messages() {
        let m = DecodeError::Malformed {
            offset: 7,
            encoding: "GBK",
        }
        .message();
        assert_eq!(m.id, "decode-error-malformed");
        assert_eq!(m.args.len(), 2);
        let m = DecodeError::Control {
            offset: 3,
            code: 0,
            encoding: "UTF-8",
        }
        .message();
        assert_eq!(m.id, "decode-error-control");
        assert!(
            m.args
                .iter()
                .any(|(k, v)| *k == "code" && v.to_string() == "U+0000")
        );
        let m = DecodeError::BomConflict {
            bom: "UTF-8",
            encoding: "GBK",
        }
        .message();
        assert_eq!(m.id, "decode-error-bom-conflict");
        let m = EncodeError::Unmappable {
            ch: 'é', offset: 1
        }
        .message();
        assert_eq!(m.id, "encode-error-unmappable");
        assert!(
            m.args
                .iter()
                .any(|(k, v)| *k == "code" && v.to_string() == "U+00E9")
        );
        let m = EncodeError::Unsupported {
            encoding: "replacement",
        }
        .message();
        assert_eq!(m.id, "encode-error-unsupported");
    }

    #[test]
    fn first_forbidden_handles_block_edges() {
        let mut text = "a".repeat(31);
        text.push('\u{85}'); // C2 85 straddles the first and second 32-byte block
        assert_eq!(first_forbidden(&text), Some((31, '\u{85}')));
        assert_eq!(first_forbidden(&"x".repeat(200)), None);
        // Every forbidden control at every position of a block, and the allowed ones.
        for c in (0u32..0x20).chain(0x7F..0xA0).filter_map(char::from_u32) {
            for at in 0..40 {
                let text = format!("{}{c}{}", "é".repeat(at / 2), "x".repeat(at % 2 + 40));
                let expected = is_forbidden_control(c).then_some((at / 2 * 2, c));
                assert_eq!(
                    first_forbidden(&text),
                    expected,
                    "U+{:04X} at {at}",
                    c as u32
                );
            }
        }
        // Bytes just around the thresholds are not flagged.
        assert_eq!(first_forbidden(" ~\u{a0}\u{c1}\u{c3}ÿ\u{100}"), None);
    }

    #[test]
    fn gb18030_bom() {
        let gb = TextEncoding::Legacy(encoding_rs::GB18030);
        let bytes = encode(ZH, gb, true).unwrap();
        assert!(bytes.starts_with(&[0x84, 0x31, 0x95, 0x33]));
        // The BOM is itself a four-byte sequence, so detection names GB18030.
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.info.bom), (ZH, Some(gb)));
        let d = decode_as(&bytes, gb).unwrap();
        assert_eq!((d.text.as_str(), d.info.bom), (ZH, Some(gb)));
        let gbk = TextEncoding::Legacy(encoding_rs::GBK);
        let d = decode_as(&bytes, gbk).unwrap();
        assert_eq!((d.text.as_str(), d.info.bom), (ZH, Some(gbk)));
    }

    #[test]
    fn a_leading_feff_in_the_text_is_the_bom() {
        let utf16 = encode("\u{feff}a", TextEncoding::Utf16Le, true).unwrap();
        assert_eq!(utf16, [0xFF, 0xFE, b'a', 0]);
        assert_eq!(
            encode("\u{feff}a", TextEncoding::Utf8, false).unwrap(),
            b"\xEF\xBB\xBFa"
        );
        let w1252 = TextEncoding::Legacy(encoding_rs::WINDOWS_1252);
        assert_eq!(
            encode("\u{feff}caf\u{e9}", w1252, false).unwrap(),
            b"caf\xE9"
        );
    }

    #[test]
    fn four_byte_scan() {
        assert!(!has_gb18030_four_byte(&legacy(ZH, encoding_rs::GBK)));
        assert!(has_gb18030_four_byte(&[b'a', 0x81, 0x30, 0x81, 0x30]));
        // A trail byte 0x81 followed by 0x30 is not a four-byte sequence.
        assert!(!has_gb18030_four_byte(&[0xC4, 0x81, 0x30]));
        // KOI8-U stays KOI8-U when a byte where it differs from KOI8-R occurs (0xA6 is і).
        assert_eq!(
            refine(encoding_rs::KOI8_U, b"\xD0\xD2\xA6"),
            encoding_rs::KOI8_U
        );
        assert_eq!(
            refine(encoding_rs::KOI8_U, b"\xD0\xD2\xC9"),
            encoding_rs::KOI8_R
        );
    }
}
