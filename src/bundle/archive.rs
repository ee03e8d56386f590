//! Safe reading of bundle archives (zip or folder). Placeholder with the final API; the
//! defensive implementation lands from the `archive` branch.

use std::path::Path;

use crate::diagnostics::Finding;
use crate::error::Error;

#[derive(Clone, Debug)]
pub struct ArchiveLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    pub max_ratio: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: 10_000,
            max_entry_bytes: 64 << 20,
            max_total_bytes: 512 << 20,
            max_ratio: 100,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    Zip,
    Folder,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct Opened {
    pub kind: ArchiveKind,
    pub entries: Vec<Entry>,
    pub findings: Vec<(Option<String>, Finding)>,
}

pub fn open_zip(bytes: &[u8], _limits: &ArchiveLimits) -> Opened {
    let mut entries = Vec::new();
    if let Ok(mut z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        for i in 0..z.len() {
            if let Ok(mut f) = z.by_index(i) {
                let mut data = Vec::new();
                let name = f.name().map(|n| n.to_string()).unwrap_or_default();
                if std::io::Read::read_to_end(&mut f, &mut data).is_ok() && !name.ends_with('/') {
                    entries.push(Entry { name, data });
                }
            }
        }
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Opened {
        kind: ArchiveKind::Zip,
        entries,
        findings: Vec::new(),
    }
}

pub fn open_folder(root: &Path, _limits: &ArchiveLimits) -> Result<Opened, Error> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<Entry>) -> Result<(), Error> {
        let rd =
            std::fs::read_dir(dir).map_err(|e| Error::io(dir, crate::error::IoAction::Read, e))?;
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, out)?;
            } else if let Ok(data) = std::fs::read(&p) {
                let name = p
                    .strip_prefix(base)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Entry { name, data });
            }
        }
        Ok(())
    }
    let mut entries = Vec::new();
    walk(root, root, &mut entries)?;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Opened {
        kind: ArchiveKind::Folder,
        entries,
        findings: Vec::new(),
    })
}

pub fn open(path: &Path, limits: &ArchiveLimits) -> Result<Opened, Error> {
    if path.is_dir() {
        return open_folder(path, limits);
    }
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(path, crate::error::IoAction::Read, e))?;
    Ok(open_zip(&bytes, limits))
}
