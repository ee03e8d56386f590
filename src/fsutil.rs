//! File-system helpers: atomic writes, so that no file is ever left half-written.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, IoAction};

/// Write `bytes` to `path` through a temporary file in the same folder and a rename.
/// Creates missing parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, IoAction::CreateDir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".dramaloc-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, IoAction::Write, e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io(path, IoAction::Write, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(path, IoAction::Write, e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, IoAction::Write, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/x.srt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
