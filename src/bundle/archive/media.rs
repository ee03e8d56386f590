//! Videos in a bundle: judged by the same name, type and size rules as every entry, but left
//! where they are (in the zip file, or in the bundle folder) and streamed to the caller on
//! demand, with the same caps as in-memory entries (never more than the declared size, CRC-32
//! checked for zips).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::scan::Source;
use super::{corrupt, size_limit};
use crate::diagnostics::Finding;
use crate::msg;

/// The names left on disk: what `dramaloc bundle` writes renders as (`.mp4`), and the other
/// names of the same container.
pub const MEDIA_EXTENSIONS: &[&str] = &["mp4", "m4v", "mov"];

/// Whether `name` is a video by its extension (any case).
pub fn is_media_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && !stem.ends_with('/')
            && MEDIA_EXTENSIONS.iter().any(|m| ext.eq_ignore_ascii_case(m))
    })
}

/// How large the videos of a bundle may be. They are never held in memory, so the limits are
/// about disk (a zip's video is copied to a temporary file to be probed) and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaLimits {
    /// Bytes of one video (uncompressed).
    pub max_file_bytes: u64,
    /// Bytes of all videos together.
    pub max_total_bytes: u64,
}

impl Default for MediaLimits {
    fn default() -> Self {
        MediaLimits {
            max_file_bytes: 16 << 30,
            max_total_bytes: 2 << 40,
        }
    }
}

/// A safe video of the bundle, not read yet.
#[derive(Clone)]
pub struct MediaEntry {
    /// `/`-separated path inside the bundle.
    pub name: String,
    /// Its size: declared by the zip's directory, or seen when the folder was walked.
    pub size: u64,
    origin: MediaOrigin,
}

#[derive(Clone)]
pub(super) enum MediaOrigin {
    /// Stored or deflated data at `data` of the zip file.
    Zip {
        archive: Arc<dyn Source>,
        data: std::ops::Range<u64>,
        deflated: bool,
        crc32: u32,
    },
    /// A file of a folder bundle, as the walk saw it.
    File {
        path: PathBuf,
        /// Device and inode, to notice a file swapped between walk and read.
        #[cfg(unix)]
        identity: (u64, u64),
    },
}

impl std::fmt::Debug for MediaEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origin = match &self.origin {
            MediaOrigin::Zip { data, .. } => format!("zip bytes {}..{}", data.start, data.end),
            MediaOrigin::File { path, .. } => path.display().to_string(),
        };
        f.debug_struct("MediaEntry")
            .field("name", &self.name)
            .field("size", &self.size)
            .field("origin", &origin)
            .finish()
    }
}

impl PartialEq for MediaEntry {
    fn eq(&self, other: &Self) -> bool {
        let place = |e: &MediaEntry| match &e.origin {
            MediaOrigin::Zip { data, .. } => (Some(data.clone()), None),
            MediaOrigin::File { path, .. } => (None, Some(path.clone())),
        };
        self.name == other.name && self.size == other.size && place(self) == place(other)
    }
}

/// Why a video could not be streamed.
#[derive(Debug)]
pub enum CopyError {
    /// Something about the entry: damaged, shorter or longer than declared, unreadable.
    Entry(Box<Finding>),
    /// Writing to the caller's sink failed.
    Sink(std::io::Error),
}

impl MediaEntry {
    pub(super) fn new(name: String, size: u64, origin: MediaOrigin) -> MediaEntry {
        MediaEntry { name, size, origin }
    }

    /// The file itself, for a video of a folder bundle (tools may read it in place).
    pub fn file_path(&self) -> Option<&Path> {
        match &self.origin {
            MediaOrigin::File { path, .. } => Some(path),
            MediaOrigin::Zip { .. } => None,
        }
    }

    /// Stream the content into `sink`: at most the declared size, which it must have exactly,
    /// and for a zip the CRC-32 the directory declares.
    pub fn copy_to(&self, sink: &mut dyn Write) -> Result<(), CopyError> {
        let entry = |f: Finding| CopyError::Entry(Box::new(f));
        let name = self.name.as_str();
        let cap = self.size.saturating_add(1);
        match &self.origin {
            MediaOrigin::Zip {
                archive,
                data,
                deflated,
                crc32,
            } => {
                let raw = SourceReader::new(archive.as_ref(), data.start, data.end);
                let reader: Box<dyn Read> = if *deflated {
                    Box::new(flate2::read::DeflateDecoder::new(raw))
                } else {
                    Box::new(raw)
                };
                let mut crc = flate2::Crc::new();
                let n = pump(reader.take(cap), sink, |chunk| crc.update(chunk)).map_err(
                    |e| match e {
                        Pump::Sink(e) => CopyError::Sink(e),
                        Pump::Source(e) => entry(corrupt(msg!(
                            "finding-archive-deflate",
                            name = name,
                            detail = e.to_string()
                        ))),
                    },
                )?;
                if n > self.size {
                    return Err(entry(size_limit(msg!(
                        "finding-size-grew",
                        name = name,
                        declared = self.size
                    ))));
                }
                if n < self.size {
                    return Err(entry(corrupt(msg!(
                        "finding-archive-short",
                        name = name,
                        bytes = n,
                        declared = self.size
                    ))));
                }
                if crc.sum() != *crc32 {
                    return Err(entry(corrupt(msg!(
                        "finding-archive-crc",
                        name = name,
                        expected = format!("{crc32:08x}"),
                        found = format!("{:08x}", crc.sum())
                    ))));
                }
                Ok(())
            }
            MediaOrigin::File {
                path,
                #[cfg(unix)]
                identity,
            } => {
                let unreadable = |e: &std::io::Error| entry(super::folder::unreadable(name, e));
                let file = File::open(path).map_err(|e| unreadable(&e))?;
                let meta = file.metadata().map_err(|e| unreadable(&e))?;
                #[cfg(unix)]
                let same = super::folder::identity(&meta) == *identity;
                #[cfg(not(unix))]
                let same = true;
                if !meta.is_file() || !same {
                    let e = std::io::Error::other("the file changed while it was being read");
                    return Err(unreadable(&e));
                }
                let n = pump(file.take(cap), sink, |_| {}).map_err(|e| match e {
                    Pump::Sink(e) => CopyError::Sink(e),
                    Pump::Source(e) => unreadable(&e),
                })?;
                if n > self.size {
                    return Err(entry(size_limit(msg!(
                        "finding-size-changed",
                        name = name,
                        declared = self.size
                    ))));
                }
                if n < self.size {
                    return Err(entry(size_limit(msg!(
                        "finding-size-shrank",
                        name = name,
                        bytes = n,
                        declared = self.size
                    ))));
                }
                Ok(())
            }
        }
    }
}

enum Pump {
    Source(std::io::Error),
    Sink(std::io::Error),
}

/// Copy `from` into `to` in 1 MiB pieces, showing each piece to `seen`; the bytes copied.
fn pump(mut from: impl Read, to: &mut dyn Write, mut seen: impl FnMut(&[u8])) -> Result<u64, Pump> {
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Pump::Source(e)),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        seen(chunk);
        to.write_all(chunk).map_err(Pump::Sink)?;
        total = total.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
    }
}

/// A zip file read piece by piece at absolute positions (never whole).
pub(super) struct FileSource {
    file: Mutex<File>,
    len: u64,
}

impl FileSource {
    /// `len`: the file's length when it was opened; nothing past it is read.
    pub(super) fn new(file: File, len: u64) -> FileSource {
        FileSource {
            file: Mutex::new(file),
            len,
        }
    }
}

impl Source for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_exact_at(&self, at: u64, buf: &mut [u8]) -> bool {
        let Some(end) = u64::try_from(buf.len())
            .ok()
            .and_then(|n| at.checked_add(n))
        else {
            return false;
        };
        if end > self.len {
            return false;
        }
        let Ok(mut file) = self.file.lock() else {
            return false;
        };
        file.seek(SeekFrom::Start(at)).is_ok() && file.read_exact(buf).is_ok()
    }
}

/// The bytes `pos..end` of a source as a reader (and, for the whole archive, a seekable one
/// for the `zip` crate's second opinion).
pub(super) struct SourceReader<'a> {
    src: &'a dyn Source,
    pos: u64,
    end: u64,
}

impl<'a> SourceReader<'a> {
    pub(super) fn new(src: &'a dyn Source, start: u64, end: u64) -> SourceReader<'a> {
        SourceReader {
            src,
            pos: start,
            end: end.min(src.len()),
        }
    }
}

impl Read for SourceReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.end.saturating_sub(self.pos);
        let n = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        let Some(part) = buf.get_mut(..n) else {
            return Ok(0);
        };
        if n == 0 {
            return Ok(0);
        }
        if !self.src.read_exact_at(self.pos, part) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the archive cannot be read here",
            ));
        }
        self.pos = self
            .pos
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }
}

impl Seek for SourceReader<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let bad = || std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek out of range");
        let at = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.end.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        }
        .ok_or_else(bad)?;
        self.pos = at;
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_names_by_extension() {
        for yes in ["a.mp4", "x/B.MP4", "c.m4v", "d.mov"] {
            assert!(is_media_name(yes), "{yes}");
        }
        for no in ["mp4", ".mp4", "x/.mp4", "a.srt", "a.mp4.srt", "a.mp"] {
            assert!(!is_media_name(no), "{no}");
        }
    }
}
