//! Folder bundles: walked without following symbolic links, judged by the same name, type and
//! size rules as a zip, and read with a cap of the size seen during the walk.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::media::{MediaEntry, MediaLimits, MediaOrigin, is_media_name};
use super::{
    ArchiveKind, ArchiveLimits, Candidate, ENTRY_UNREADABLE, Entry, Opened, SPECIAL_ENTRY,
    SYMLINK_ENTRY, name_finding, names, settle, size_limit,
};
use crate::diagnostics::Finding;
use crate::error::{Error, IoAction};
use crate::msg;

/// A file as the walk saw it.
struct Seen {
    path: PathBuf,
    /// Device and inode, to notice a file swapped (for a link, say) between walk and read.
    #[cfg(unix)]
    identity: (u64, u64),
}

/// A folder bundle: walks it without following symlinks (a symlink is a finding, not read).
/// Errors only when `root` itself cannot be listed.
pub fn open_folder(root: &Path, limits: &ArchiveLimits) -> Result<Opened, Error> {
    open_folder_with_media(root, limits, None)
}

/// [`open_folder`], with videos left in place under `media`'s limits (see
/// [`super::open_with_media`]).
pub fn open_folder_with_media(
    root: &Path,
    limits: &ArchiveLimits,
    media: Option<&MediaLimits>,
) -> Result<Opened, Error> {
    let top = list(root).map_err(|e| Error::io(root, IoAction::List, e))?;
    let mut opened = Opened::new(ArchiveKind::Folder);
    let mut candidates: Vec<Candidate<Seen>> = Vec::new();
    let mut dirs = Vec::new();
    let mut count = 0usize;
    // (listing, path of the folder inside the bundle)
    let mut pending = vec![(top, String::new())];
    while let Some((listing, prefix)) = pending.pop() {
        for entry in listing {
            count = count.saturating_add(1);
            if count > limits.max_entries {
                let m = msg!("finding-size-entries-folder", limit = limits.max_entries);
                opened.push(None, size_limit(m));
                return Ok(opened);
            }
            let file_name = entry.file_name();
            let Some(part) = file_name.to_str() else {
                let stored = format!("{prefix}{}", file_name.to_string_lossy());
                let f = name_finding(names::NameProblem::NotUtf8, &stored, 0);
                opened.push(Some(&stored), f);
                continue;
            };
            let stored = format!("{prefix}{part}");
            let kind = match entry.file_type() {
                Ok(k) => k,
                Err(e) => {
                    opened.push(Some(&stored), unreadable(&stored, &e));
                    continue;
                }
            };
            let name = match names::check(stored.as_bytes(), true) {
                Ok(n) => n,
                Err(p) => {
                    opened.push(Some(&stored), name_finding(p, &stored, 0));
                    continue;
                }
            };
            if kind.is_symlink() {
                let f = Finding::new(SYMLINK_ENTRY, msg!("finding-symlink-entry", name = &stored))
                    .hint(msg!("hint-symlink-entry"));
                opened.push(Some(&stored), f);
            } else if kind.is_dir() {
                match list(&entry.path()) {
                    Ok(inner) => pending.push((inner, format!("{stored}/"))),
                    Err(e) => opened.push(Some(&stored), unreadable(&stored, &e)),
                }
                dirs.push(name.normalised);
            } else if kind.is_file() {
                let meta = match entry.metadata() {
                    Ok(m) => m,
                    Err(e) => {
                        opened.push(Some(&stored), unreadable(&stored, &e));
                        continue;
                    }
                };
                let video = media.filter(|_| is_media_name(&name.normalised));
                let max_bytes = video.map_or(limits.max_entry_bytes, |m| m.max_file_bytes);
                if meta.len() > max_bytes {
                    let m = msg!(
                        "finding-size-entry",
                        name = &stored,
                        bytes = meta.len(),
                        limit = max_bytes
                    );
                    opened.push(Some(&stored), size_limit(m));
                    continue;
                }
                candidates.push(Candidate {
                    stored,
                    name,
                    size: meta.len(),
                    media: video.is_some(),
                    source: Seen {
                        path: entry.path(),
                        #[cfg(unix)]
                        identity: identity(&meta),
                    },
                });
            } else {
                let f = Finding::new(SPECIAL_ENTRY, msg!("finding-special-entry", name = &stored))
                    .hint(msg!("hint-special-entry"));
                opened.push(Some(&stored), f);
            }
        }
    }

    let Some(candidates) = settle(candidates, &dirs, limits, media, &mut opened) else {
        return Ok(opened);
    };
    for c in candidates {
        if c.media {
            opened.media.push(MediaEntry::new(
                c.name.normalised,
                c.size,
                MediaOrigin::File {
                    path: c.source.path,
                    #[cfg(unix)]
                    identity: c.source.identity,
                },
            ));
            continue;
        }
        match read_capped(&c.source, c.size) {
            Ok(data) if u64::try_from(data.len()).unwrap_or(u64::MAX) > c.size => {
                let m = msg!("finding-size-changed", name = &c.stored, declared = c.size);
                opened.push(Some(&c.stored), size_limit(m));
            }
            Ok(data) => opened.entries.push(Entry {
                name: c.name.normalised,
                data,
            }),
            Err(e) => opened.push(Some(&c.stored), unreadable(&c.stored, &e)),
        }
    }
    Ok(opened.finish())
}

/// A folder's entries, sorted by name so the walk and its findings are the same every run.
fn list(dir: &Path) -> std::io::Result<Vec<fs::DirEntry>> {
    let mut entries = fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    Ok(entries)
}

/// At most `size + 1` bytes of the file, refusing one that is no longer the file the walk saw.
fn read_capped(seen: &Seen, size: u64) -> std::io::Result<Vec<u8>> {
    let file = fs::File::open(&seen.path)?;
    #[cfg(unix)]
    {
        let meta = file.metadata()?;
        if !meta.is_file() || identity(&meta) != seen.identity {
            return Err(std::io::Error::other(
                "the file changed while it was being read",
            ));
        }
    }
    let mut data = Vec::new();
    file.take(size.saturating_add(1)).read_to_end(&mut data)?;
    Ok(data)
}

#[cfg(unix)]
pub(super) fn identity(meta: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

pub(super) fn unreadable(stored: &str, e: &std::io::Error) -> Finding {
    let detail = e.to_string();
    Finding::new(
        ENTRY_UNREADABLE,
        msg!("finding-entry-unreadable", name = stored, detail = detail),
    )
    .hint(msg!("hint-entry-unreadable"))
}
