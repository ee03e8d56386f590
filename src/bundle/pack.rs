//! Writing a bundle: a reproducible zip (entries in the given order, every time stamp
//! 1980-01-01 00:00, mode 0644, deflate at a fixed level, no extra fields) or a folder, both
//! replaced atomically: a failed run leaves the previous bundle as it was and no partial one.

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::assemble::BundleFile;
use crate::error::{Error, IoAction};
use crate::markets::naming::is_safe_relative;

/// The zip's bytes. Same files in, same bytes out.
pub fn zip_bytes(files: &[BundleFile]) -> Result<Vec<u8>, Error> {
    let io = |e: std::io::Error| Error::io(Path::new("zip"), IoAction::Write, e);
    let zerr = |e: zip::result::ZipError| io(std::io::Error::other(e.to_string()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    let total: usize = files.iter().map(|f| f.data.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 3 + 4096)));
    for f in files {
        // The names come from our own template and manifest; refuse anything else anyway.
        if !is_safe_relative(&f.path) {
            return Err(io(std::io::Error::other(format!(
                "unsafe path in bundle: {}",
                f.path
            ))));
        }
        zip.start_file(f.path.as_str(), options).map_err(zerr)?;
        zip.write_all(&f.data).map_err(io)?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}

/// Write the files into the folder `path`, replacing it as a whole: the new folder is
/// built beside it under a temporary name, then swapped in.
pub fn write_folder(path: &Path, files: &[BundleFile]) -> Result<(), Error> {
    let parent = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, IoAction::Write, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".dramaloc-bundle-")
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, IoAction::Write, e))?;
    for f in files {
        if !is_safe_relative(&f.path) {
            return Err(Error::io(
                path,
                IoAction::Write,
                std::io::Error::other(format!("unsafe path in bundle: {}", f.path)),
            ));
        }
        let target = tmp.path().join(&f.path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, IoAction::Write, e))?;
        }
        std::fs::write(&target, &f.data).map_err(|e| Error::io(&target, IoAction::Write, e))?;
    }
    // Swap: old folder aside, new one in, old one removed.
    let old = parent.join(format!(
        ".dramaloc-old-{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("bundle")
    ));
    let had_old = path.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(path, &old).map_err(|e| Error::io(path, IoAction::Write, e))?;
    }
    let built = tmp.keep();
    if let Err(e) = std::fs::rename(&built, path) {
        if had_old {
            let _ = std::fs::rename(&old, path);
        }
        let _ = std::fs::remove_dir_all(&built);
        return Err(Error::io(path, IoAction::Write, e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<BundleFile> {
        vec![
            BundleFile {
                path: "manifest.json".into(),
                data: b"{}\n".to_vec(),
            },
            BundleFile {
                path: "en-US/A_E001.en-US.srt".into(),
                data: b"1\n00:00:01,000 --> 00:00:02,000\nHi\n".repeat(50),
            },
        ]
    }

    #[test]
    fn the_same_files_give_the_same_bytes_and_read_back() {
        let a = zip_bytes(&files()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = zip_bytes(&files()).unwrap();
        assert_eq!(a, b);
        let mut z = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
        assert_eq!(z.len(), 2);
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_index(1).unwrap(), &mut s).unwrap();
        assert!(s.starts_with("1\n00:00:01,000"));
        assert_eq!(z.by_index(0).unwrap().name().unwrap(), "manifest.json");
    }

    #[test]
    fn unsafe_names_are_refused() {
        let bad = vec![BundleFile {
            path: "../x".into(),
            data: vec![],
        }];
        assert!(zip_bytes(&bad).is_err());
        let dir = tempfile::tempdir().unwrap();
        assert!(write_folder(&dir.path().join("b"), &bad).is_err());
        assert!(!dir.path().join("x").exists());
    }

    #[test]
    fn a_folder_is_replaced_as_a_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bundle");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        std::fs::write(out.join("stale/old.srt"), "x").unwrap();
        write_folder(&out, &files()).unwrap();
        assert!(!out.join("stale").exists());
        assert!(out.join("en-US/A_E001.en-US.srt").is_file());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["bundle"]);
    }
}
