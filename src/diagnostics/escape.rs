//! Escaping text for XML and HTML output (the JUnit and HTML reports).
//!
//! Owns only the character-level rules: markup-significant characters become entities, and
//! characters XML 1.0 cannot carry at all (C0 controls other than tab and line breaks, lone
//! surrogates cannot occur in a Rust `str`, U+FFFE/U+FFFF) become U+FFFD. Both reports take
//! text from subtitle files through finding arguments, so nothing is trusted.

/// Append `s` to `out`, escaped for XML/HTML text and for quoted attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            // A bare CR would be normalised away by XML parsers; keep it as a reference.
            '\r' => out.push_str("&#13;"),
            c if is_forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `s` escaped for XML/HTML text and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Characters that may not appear in an XML 1.0 document, even as references, plus the C1
/// controls and DEL, which HTML treats as parse errors.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<i>"Tom" & 'Jerry'</i>"#),
            "&lt;i&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/i&gt;"
        );
        assert_eq!(escape("雪芽 · LUMO"), "雪芽 · LUMO");
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced() {
        assert_eq!(
            escape("a\u{0}b\u{1B}c\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(escape("a\tb\nc\rd"), "a\tb\nc&#13;d");
    }
}
