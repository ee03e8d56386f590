//! Writing a bundle: a reproducible zip (entries in the given order, every time stamp
//! 1980-01-01 00:00, mode 0644, text deflated at a fixed level, videos stored as they are (MP4
//! does not compress), no extra fields) or a folder, both replaced atomically: a failed run
//! leaves the previous bundle as it was and no partial one. Files on disk (renders) are
//! streamed in, never held in memory, and hashed on the way: a render that changed since the
//! manifest described it stops the bundle.

use std::io::{BufWriter, Cursor, Read, Seek, Write};
use std::path::Path;

use sha2::Digest;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::assemble::{BundleFile, Content};
use crate::error::{Error, IoAction};
use crate::markets::naming::is_safe_relative;
use crate::msg;

/// The zip's bytes, built in memory. Same files in, same bytes out ([`write_zip`] writes the
/// same bytes to a file).
pub fn zip_bytes(files: &[BundleFile]) -> Result<Vec<u8>, Error> {
    let total: u64 = files.iter().map(BundleFile::len).sum();
    let capacity = usize::try_from(total / 3).unwrap_or(0).saturating_add(4096);
    let out = write_entries(
        Cursor::new(Vec::with_capacity(capacity)),
        files,
        Path::new("zip"),
    )?;
    Ok(out.into_inner())
}

/// Write the zip to `path` through a temporary file beside it and a rename; the SHA-256 of the
/// zip.
pub fn write_zip(path: &Path, files: &[BundleFile]) -> Result<String, Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, IoAction::CreateDir, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".dramaloc-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, IoAction::Write, e))?;
    let io = |e: std::io::Error| Error::io(path, IoAction::Write, e);
    let out = write_entries(BufWriter::new(tmp.as_file()), files, path)?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    let mut reread = tmp.reopen().map_err(io)?;
    let digest = sha256_of(&mut reread).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(digest)
}

/// Every file into a zip written to `w`, in order.
fn write_entries<W: Write + Seek>(w: W, files: &[BundleFile], at: &Path) -> Result<W, Error> {
    let io = |e: std::io::Error| Error::io(at, IoAction::Write, e);
    let zerr = |e: zip::result::ZipError| io(std::io::Error::other(e.to_string()));
    let text = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    let stored = text
        .compression_method(CompressionMethod::Stored)
        .compression_level(None);
    let mut zip = ZipWriter::new(w);
    for f in files {
        // The names come from our own template and manifest; refuse anything else anyway.
        if !is_safe_relative(&f.path) {
            return Err(io(std::io::Error::other(format!(
                "unsafe path in bundle: {}",
                f.path
            ))));
        }
        match &f.content {
            Content::Data(data) => {
                zip.start_file(f.path.as_str(), text).map_err(zerr)?;
                zip.write_all(data).map_err(io)?;
            }
            Content::File {
                source,
                bytes,
                sha256,
            } => {
                let options = stored.large_file(*bytes >= u64::from(u32::MAX));
                zip.start_file(f.path.as_str(), options).map_err(zerr)?;
                copy_verified(source, *bytes, sha256, &mut zip, at)?;
            }
        }
    }
    zip.finish().map_err(zerr)
}

/// Copy a file on disk into `out`, hashing it on the way: it must still have the size and
/// SHA-256 the manifest records.
fn copy_verified(
    source: &Path,
    bytes: u64,
    sha256: &str,
    out: &mut dyn Write,
    at: &Path,
) -> Result<(), Error> {
    let file = std::fs::File::open(source).map_err(|e| Error::io(source, IoAction::Read, e))?;
    let mut reader = file.take(bytes.saturating_add(1));
    let mut hash = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut copied = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(source, IoAction::Read, e)),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        hash.update(chunk);
        out.write_all(chunk)
            .map_err(|e| Error::io(at, IoAction::Write, e))?;
        copied = copied.saturating_add(n as u64);
    }
    if copied != bytes || hex::encode(hash.finalize()) != sha256 {
        return Err(Error::Usage {
            message: msg!(
                "error-bundle-file-changed",
                path = source.display().to_string()
            ),
            detail: None,
            hint: Some(msg!("hint-bundle-file-changed")),
        });
    }
    Ok(())
}

/// SHA-256 of everything `r` holds, streamed.
fn sha256_of(r: &mut dyn Read) -> std::io::Result<String> {
    let mut hash = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(hex::encode(hash.finalize()));
        }
        hash.update(buf.get(..n).unwrap_or_default());
    }
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
        let werr = |e| Error::io(&target, IoAction::Write, e);
        match &f.content {
            Content::Data(data) => std::fs::write(&target, data).map_err(werr)?,
            Content::File {
                source,
                bytes,
                sha256,
            } => {
                let mut out = BufWriter::new(std::fs::File::create(&target).map_err(werr)?);
                copy_verified(source, *bytes, sha256, &mut out, &target)?;
                out.flush().map_err(werr)?;
            }
        }
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
            BundleFile::data("manifest.json".into(), b"{}\n".to_vec()),
            BundleFile::data(
                "en-US/A_E001.en-US.srt".into(),
                b"1\n00:00:01,000 --> 00:00:02,000\nHi\n".repeat(50),
            ),
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

    /// The text files and a "video" on disk.
    fn with_video(dir: &Path) -> (Vec<BundleFile>, Vec<u8>) {
        let video: Vec<u8> = (0..300_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let source = dir.join("render.mp4");
        std::fs::write(&source, &video).unwrap();
        let mut all = files();
        all.push(BundleFile {
            path: "A_E001.en-US.mp4".into(),
            content: Content::File {
                source,
                bytes: video.len() as u64,
                sha256: crate::bundle::manifest::sha256_hex(&video),
            },
        });
        (all, video)
    }

    #[test]
    fn files_on_disk_are_streamed_in_stored_and_the_zip_file_is_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (all, video) = with_video(dir.path());
        let out = dir.path().join("out/b.zip");
        let digest = write_zip(&out, &all).unwrap();
        let written = std::fs::read(&out).unwrap();
        assert_eq!(digest, crate::bundle::manifest::sha256_hex(&written));
        assert_eq!(written, zip_bytes(&all).unwrap());
        let mut z = zip::ZipArchive::new(Cursor::new(&written)).unwrap();
        let mut entry = z.by_name("A_E001.en-US.mp4").unwrap();
        assert_eq!(entry.compression(), CompressionMethod::Stored);
        let mut back = Vec::new();
        entry.read_to_end(&mut back).unwrap();
        assert_eq!(back, video);
        drop(entry);
        assert_eq!(
            z.by_name("manifest.json").unwrap().compression(),
            CompressionMethod::Deflated
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["b.zip"]);
        // And into a folder.
        let folder = dir.path().join("folder");
        write_folder(&folder, &all).unwrap();
        assert_eq!(
            std::fs::read(folder.join("A_E001.en-US.mp4")).unwrap(),
            video
        );
    }

    #[test]
    fn a_file_that_changed_since_it_was_described_stops_the_bundle() {
        let dir = tempfile::tempdir().unwrap();
        let (all, mut video) = with_video(dir.path());
        video[1000] ^= 1;
        std::fs::write(dir.path().join("render.mp4"), &video).unwrap();
        let out = dir.path().join("b.zip");
        let err = write_zip(&out, &all).unwrap_err();
        assert!(
            matches!(&err, Error::Usage { message, .. } if message.id == "error-bundle-file-changed"),
            "{err:?}"
        );
        assert!(!out.exists());
        assert!(write_folder(&dir.path().join("f"), &all).is_err());
        assert!(!dir.path().join("f").exists());
        // Longer than described.
        video.push(0);
        std::fs::write(dir.path().join("render.mp4"), &video).unwrap();
        assert!(write_zip(&out, &all).is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["render.mp4"]);
    }

    #[test]
    fn unsafe_names_are_refused() {
        let bad = vec![BundleFile::data("../x".into(), vec![])];
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
