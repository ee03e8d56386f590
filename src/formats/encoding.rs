//! Placeholder: being written.

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
    /// The name shown to users (`UTF-8`, `UTF-16LE`, `GBK`, `Big5`, `windows-1256`…).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Utf32Le => "UTF-32LE",
            TextEncoding::Utf32Be => "UTF-32BE",
            TextEncoding::Legacy(e) => e.name(),
        }
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

/// Where decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("bytes at offset {offset} are not valid {encoding}")]
    Malformed {
        offset: usize,
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

/// Detect the encoding of `bytes` and decode them; refuse bytes that do not decode cleanly.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::Malformed {
        offset: e.valid_up_to(),
        encoding: "UTF-8",
    })?;
    let (text, bom) = match text.strip_prefix('\u{feff}') {
        Some(t) => (t, Some(TextEncoding::Utf8)),
        None => (text, None),
    };
    Ok(Decoded {
        text: text.to_owned(),
        info: DecodeInfo {
            encoding: TextEncoding::Utf8,
            bom,
            confidence: Confidence::Certain,
        },
    })
}

/// Why text could not be written in an encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("`{ch}` at character {offset} cannot be written in {encoding}")]
    Unmappable {
        ch: char,
        offset: usize,
        encoding: &'static str,
    },
}

impl EncodeError {
    pub fn message(&self) -> Message {
        match self {
            EncodeError::Unmappable {
                ch,
                offset,
                encoding,
            } => {
                msg!(
                    "encode-error-unmappable",
                    ch = ch.to_string(),
                    offset = *offset,
                    encoding = *encoding
                )
            }
        }
    }
}

/// Encode text (placeholder: UTF-8 only).
pub fn encode(text: &str, _encoding: TextEncoding, bom: bool) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(text.len() + 3);
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    out.extend_from_slice(text.as_bytes());
    Ok(out)
}

impl TextEncoding {
    /// Placeholder: UTF-8 only.
    pub fn from_label(label: &str) -> Option<TextEncoding> {
        label
            .eq_ignore_ascii_case("utf-8")
            .then_some(TextEncoding::Utf8)
    }
}
