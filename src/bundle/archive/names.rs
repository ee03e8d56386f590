//! Entry names: what makes a name unsafe to unpack, the normalised name an entry is known by,
//! and the key under which two names collide on a case-insensitive file system.
//!
//! Shared by zip entries and folder bundles, so a folder is judged by the same rules as the
//! zip it will become.

/// Why a name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameProblem {
    /// Not valid UTF-8.
    NotUtf8,
    /// Bytes of 0x80 and above in a zip name without the UTF-8 flag: other tools read it as
    /// CP437 and unpack it under another name.
    NotFlaggedUtf8,
    /// A control character (NUL, newline…): names that terminals and C APIs mangle.
    Control,
    /// Nothing left once `.` and empty components are dropped.
    Empty,
    /// `/x`, `\x`, `C:\x`, `C:/x`, `C:x`.
    Absolute,
    /// A `..` component, or one made only of dots and spaces (Windows trims `.. ` to `..`).
    Traversal,
}

/// A name that is safe to unpack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SafeName {
    /// `/`-separated, without `.` or empty components: `ep01/en.srt`.
    pub normalised: String,
    /// The stored name ended with a slash: a folder entry.
    pub is_dir: bool,
}

/// Judges a stored name. `utf8_flag` is the zip's general purpose bit 11 (always `true` for
/// folder bundles, whose names come from the file system).
pub(super) fn check(raw: &[u8], utf8_flag: bool) -> Result<SafeName, NameProblem> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(NameProblem::NotUtf8);
    };
    if !text.is_ascii() && !utf8_flag {
        return Err(NameProblem::NotFlaggedUtf8);
    }
    if text.chars().any(char::is_control) {
        return Err(NameProblem::Control);
    }
    let unified = text.replace('\\', "/");
    if is_absolute(&unified) {
        return Err(NameProblem::Absolute);
    }
    let mut parts = Vec::new();
    for part in unified.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part.contains('.') && part.chars().all(|c| c == '.' || c == ' ') {
            return Err(NameProblem::Traversal);
        }
        parts.push(part);
    }
    if parts.is_empty() && !unified.ends_with('/') {
        return Err(NameProblem::Empty);
    }
    Ok(SafeName {
        normalised: parts.join("/"),
        is_dir: unified.ends_with('/'),
    })
}

/// `/x`, `C:…` (drive-absolute or drive-relative: both leave the bundle folder on Windows).
fn is_absolute(unified: &str) -> bool {
    match unified.as_bytes() {
        [b'/', ..] => true,
        [letter, b':', ..] => letter.is_ascii_alphabetic(),
        _ => false,
    }
}

/// The key two names collide under when unpacked on macOS or Windows: lower case, trailing
/// dots and spaces of each component dropped (Windows drops them when it creates a file).
pub(super) fn collision_key(normalised: &str) -> String {
    normalised
        .split('/')
        .map(|part| part.trim_end_matches(['.', ' ']).to_lowercase())
        .collect::<Vec<_>>()
        .join("/")
}

/// The keys of every folder a file's name implies: `a/b/c.srt` → `a`, `a/b`.
pub(super) fn parent_keys(key: &str) -> impl Iterator<Item = &str> {
    key.match_indices('/')
        .map(move |(i, _)| key.get(..i).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        check(raw.as_bytes(), true).unwrap().normalised
    }

    fn problem(raw: &[u8], flag: bool) -> NameProblem {
        check(raw, flag).unwrap_err()
    }

    #[test]
    fn normalises_dot_components_and_backslashes() {
        assert_eq!(ok("ep01/en.srt"), "ep01/en.srt");
        assert_eq!(ok("./ep01/./en.srt"), "ep01/en.srt");
        assert_eq!(ok("ep01\\en.srt"), "ep01/en.srt");
        assert_eq!(ok("ep01//en.srt"), "ep01/en.srt");
        assert_eq!(ok("a..b/c...d.srt"), "a..b/c...d.srt");
        let dir = check(b"ep01/", false).unwrap();
        assert!(dir.is_dir);
        assert_eq!(dir.normalised, "ep01");
        assert!(check(b"./", false).unwrap().is_dir);
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for raw in [
            "../x",
            "a/../../b",
            "a/..",
            "..\\x",
            "a\\..\\..\\b",
            "..",
            "a/.. /b",
            "a/.../b",
        ] {
            assert_eq!(
                problem(raw.as_bytes(), true),
                NameProblem::Traversal,
                "{raw}"
            );
        }
    }

    #[test]
    fn refuses_absolute_names() {
        for raw in [
            "/etc/x",
            "\\x",
            "\\\\server\\share\\x",
            "C:\\x",
            "C:/x",
            "c:x",
            "/",
        ] {
            assert_eq!(
                problem(raw.as_bytes(), true),
                NameProblem::Absolute,
                "{raw}"
            );
        }
    }

    #[test]
    fn refuses_bad_encodings_control_characters_and_empty_names() {
        assert_eq!(problem(b"caf\xe9.srt", true), NameProblem::NotUtf8);
        assert_eq!(problem(b"caf\xe9.srt", false), NameProblem::NotUtf8);
        assert_eq!(
            problem("café.srt".as_bytes(), false),
            NameProblem::NotFlaggedUtf8
        );
        assert_eq!(ok("café.srt"), "café.srt");
        assert_eq!(problem(b"a\0b", true), NameProblem::Control);
        assert_eq!(problem(b"a\nb", true), NameProblem::Control);
        assert_eq!(problem(b"", true), NameProblem::Empty);
        assert_eq!(problem(b".", true), NameProblem::Empty);
    }

    #[test]
    fn collision_keys_ignore_case_and_windows_trailing_dots() {
        assert_eq!(collision_key("EP01/EN.srt"), collision_key("ep01/en.srt"));
        assert_eq!(collision_key("ep01/en.srt."), collision_key("ep01/en.srt"));
        assert_eq!(collision_key("ÉP/x"), "ép/x");
        assert_ne!(collision_key("ep01/en.srt"), collision_key("ep01/es.srt"));
        let parents: Vec<_> = parent_keys("a/b/c.srt").collect();
        assert_eq!(parents, ["a", "a/b"]);
    }
}
