//! Line scanning shared by the line-based parsers: byte offsets, any terminator (LF, CRLF, CR).

/// One line of a text: byte offsets of its content and of the start of the next line.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Offset of the first byte of the line.
    pub start: usize,
    /// Offset just past the content (before the terminator).
    pub end: usize,
    /// Offset of the next line (past the terminator); equals `end` on the last line without one.
    pub next: usize,
    /// 1-based line number.
    pub number: usize,
}

/// Iterator over the lines of a text. A final terminator does not produce an empty last line.
#[derive(Clone)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    number: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos: 0,
            number: 0,
        }
    }

    /// An iterator that yields `line` (of the same text) next.
    pub fn from_line(text: &'a str, line: Line) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos: line.start,
            number: line.number.saturating_sub(1),
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.bytes[start..];
        self.number += 1;
        let (end, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) => {
                let end = start + i;
                let next = if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') {
                    end + 2
                } else {
                    end + 1
                };
                (end, next)
            }
            None => (self.bytes.len(), self.bytes.len()),
        };
        self.pos = next;
        Some(Line {
            start,
            end,
            next,
            number: self.number,
        })
    }
}

/// 1-based column (in characters) of byte offset `at` within `line`.
pub fn column(text: &str, line: Line, at: usize) -> usize {
    let at = at.clamp(line.start, line.end);
    text.get(line.start..at)
        .map_or(1, |s| s.chars().count() + 1)
}

/// Make sure `out` ends with a blank line (two terminators), unless it is empty or blank.
pub fn ensure_blank_line(out: &mut String, le: &str) {
    if out.trim().is_empty() {
        return;
    }
    let double = le.repeat(2);
    if out.ends_with(&double) {
        return;
    }
    if out.ends_with(le) {
        out.push_str(le);
    } else {
        out.push_str(&double);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_terminators() {
        let t = "a\r\nb\nc\rd";
        let lines: Vec<_> = Lines::new(t).map(|l| &t[l.start..l.end]).collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        let last = Lines::new(t).last().unwrap();
        assert_eq!((last.end, last.next, last.number), (t.len(), t.len(), 4));
        assert_eq!(Lines::new("x\n").count(), 1);
        assert_eq!(Lines::new("").count(), 0);
        assert_eq!(Lines::new("\n\n").count(), 2);
    }

    #[test]
    fn blank_line() {
        let mut s = String::from("a");
        ensure_blank_line(&mut s, "\n");
        assert_eq!(s, "a\n\n");
        ensure_blank_line(&mut s, "\n");
        assert_eq!(s, "a\n\n");
        let mut e = String::new();
        ensure_blank_line(&mut e, "\n");
        assert_eq!(e, "");
    }
}
