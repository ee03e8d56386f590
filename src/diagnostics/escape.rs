//! Escaping text for XML and HTML output (the JUnit and HTML reports).
//!
//! Owns only the character-level rules: markup-significant characters become entities;
//! characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed and carriage
//! return; U+FFFE, U+FFFF) and the C1 controls become U+FFFD. Both reports take text from
//! subtitle files through finding arguments, so nothing is trusted.

/// Append `s` to `out`, escaped for XML/HTML text and for quoted HTML attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    escape_with(out, s, false);
}

/// Append `s` to `out`, escaped for a quoted XML attribute value: as [`escape_into`], and tabs
/// and line feeds as references, which XML attribute-value normalization would turn into
/// spaces.
pub fn escape_attr_into(out: &mut String, s: &str) {
    escape_with(out, s, true);
}

fn escape_with(out: &mut String, s: &str, attr: bool) {
    // Most text needs no escaping: copy the runs between special characters whole.
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            // A bare CR would be normalised away by XML parsers; keep it as a reference.
            '\r' => "&#13;",
            '\n' if attr => "&#10;",
            '\t' if attr => "&#9;",
            c if is_forbidden(c) => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(replacement);
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
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
    use super::{escape, escape_attr_into, escape_into, is_forbidden};

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<i>"Tom" & 'Jerry'</i>"#),
            "&lt;i&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/i&gt;"
        );
        assert_eq!(escape("雪芽 · LUMO"), "雪芽 · LUMO");
    }

    #[test]
    fn xml_parsers_read_back_what_was_escaped() {
        use quick_xml::events::Event;
        let mut all: String = (0u8..128).map(char::from).collect();
        all.push_str("雪芽 é \u{85} \u{2028} \u{FFFE} 🍵 ]]> --> <!-- &amp;");
        let mut text = String::new();
        let mut attr = String::new();
        escape_into(&mut text, &all);
        escape_attr_into(&mut attr, &all);
        let doc = format!("<a b=\"{attr}\">{text}</a>");
        let expected: String = all
            .chars()
            .map(|c| if is_forbidden(c) { '\u{FFFD}' } else { c })
            .collect();
        let mut reader = quick_xml::Reader::from_str(&doc);
        let mut read_text = String::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let b = e.attributes().next().unwrap().unwrap();
                    let value = b
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap();
                    assert_eq!(value, expected);
                }
                Event::Text(t) => read_text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                    Some(c) => read_text.push(c),
                    None => read_text.push_str(match &*r {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        other => panic!("&{other};"),
                    }),
                },
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(read_text, expected);
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
