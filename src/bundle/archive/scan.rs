//! The zip structure, read byte by byte with checked arithmetic: end of central directory
//! record (and its ZIP64 form), every central directory header, and an entry's local header.
//!
//! Owns layout and bounds only; what is allowed (names, types, sizes) is decided in
//! `archive.rs`. The `zip` crate is not used here on purpose: it merges entries with the same
//! name and refuses some archives outright, and a safety check must see every record as
//! stored.

/// `PK\x03\x04`: a local file header.
const LOCAL_SIG: u32 = 0x0403_4b50;
/// `PK\x01\x02`: a central directory header.
const CENTRAL_SIG: u32 = 0x0201_4b50;
/// `PK\x05\x06`: the end of central directory record.
const END_SIG: u32 = 0x0605_4b50;
/// `PK\x06\x06`: the ZIP64 end of central directory record.
const END64_SIG: u32 = 0x0606_4b50;
/// `PK\x06\x07`: the ZIP64 end of central directory locator.
const LOCATOR64_SIG: u32 = 0x0706_4b50;
/// `PK\x07\x08`: the marker a spanned archive starts with.
const SPAN_SIG: u32 = 0x0807_4b50;

const END_LEN: usize = 22;
const LOCATOR64_LEN: usize = 20;
const END64_LEN: usize = 56;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;
const MAX_COMMENT: usize = 0xFFFF;

/// Extra field ids.
const EXTRA_ZIP64: u16 = 0x0001;
const EXTRA_UNICODE_PATH: u16 = 0x7075;

/// General purpose flag bits.
pub(super) const FLAG_ENCRYPTED: u16 = 1;
pub(super) const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;
pub(super) const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
pub(super) const FLAG_UTF8: u16 = 1 << 11;

/// Why the archive as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ScanError {
    /// No zip signature at the start and no end record: some other kind of file.
    NotZip,
    /// Starts like a zip, but no end record ends the file (truncated, or trailing data).
    NoEnd,
    /// More than one end record fits the end of the file: readers could pick either.
    EndAmbiguous { count: usize },
    /// Spread over several disks.
    MultiDisk,
    /// The end record says ZIP64 but the ZIP64 locator or record is missing or damaged, or
    /// the two records disagree.
    Zip64Invalid,
    /// The central directory does not lie within the file, right before its end record.
    DirectoryOutOfBounds { offset: u64, size: u64 },
    /// More entries than the limit: refused before reading a single header.
    TooManyEntries { count: u64 },
    /// A central directory larger than any the entry limit allows: refused before reading it.
    DirectoryTooLarge { size: u64, limit: u64 },
    /// Central directory header number `index` (0-based) at byte `offset` is damaged.
    BadRecord { index: usize, offset: u64 },
    /// The headers do not fill the central directory exactly.
    DirectorySizeMismatch { declared: u64, used: u64 },
}

/// The central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Directory {
    pub records: Vec<Record>,
    /// Where the central directory starts: every entry's data must end before it.
    pub offset: u64,
}

/// One central directory header, as stored (ZIP64 sizes and offset already applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Record {
    pub name: Vec<u8>,
    /// Info-ZIP Unicode Path extra fields (0x7075): another name some tools unpack under.
    pub unicode_paths: Vec<Vec<u8>>,
    pub version_made_by: u16,
    pub flags: u16,
    pub method: u16,
    pub crc32: u32,
    pub compressed: u64,
    pub uncompressed: u64,
    pub external_attributes: u32,
    pub local_offset: u64,
}

impl Record {
    pub fn flag(&self, bit: u16) -> bool {
        self.flags & bit != 0
    }

    /// The Unix file mode in the high half of the external attributes (0 when unset).
    pub fn unix_mode(&self) -> u32 {
        self.external_attributes >> 16
    }
}

/// Why an entry's local header does not match its central directory header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LocalError {
    /// No local header (signature) at the offset, or the header runs past the data area.
    Missing,
    /// Name, method, flags, CRC or sizes differ from the central directory.
    Mismatch,
    /// The entry's data runs past the start of the central directory.
    DataOutOfBounds,
}

/// Random access to an archive's bytes: a zip held in memory, or a zip file read piece by
/// piece (headers only; entry data is streamed by the caller), so that a bundle of videos
/// never has to fit in memory.
pub(super) trait Source: Send + Sync {
    /// The archive's length in bytes.
    fn len(&self) -> u64;
    /// Fill `buf` with the bytes at `at`; `false` when they are not all there (past the end,
    /// or unreadable).
    fn read_exact_at(&self, at: u64, buf: &mut [u8]) -> bool;
}

/// Bytes held in memory, read at absolute positions from `base` (a whole zip from 0, or its
/// central directory from where it starts).
pub(super) struct Window<'a> {
    pub base: u64,
    pub data: &'a [u8],
}

impl Source for Window<'_> {
    fn len(&self) -> u64 {
        self.base.saturating_add(len64(self.data.len()))
    }

    fn read_exact_at(&self, at: u64, buf: &mut [u8]) -> bool {
        let Some(start) = at
            .checked_sub(self.base)
            .and_then(|rel| usize::try_from(rel).ok())
        else {
            return false;
        };
        match start
            .checked_add(buf.len())
            .and_then(|end| self.data.get(start..end))
        {
            Some(src) => {
                buf.copy_from_slice(src);
                true
            }
            None => false,
        }
    }
}

/// Little-endian reads at absolute positions, all bounds-checked.
struct Bytes<'a>(&'a dyn Source);

impl Bytes<'_> {
    /// `len` bytes at `at`; never allocates for bytes that are not there.
    fn slice(&self, at: u64, len: u64) -> Option<Vec<u8>> {
        if add(at, len)? > self.0.len() {
            return None;
        }
        let mut buf = vec![0u8; usize::try_from(len).ok()?];
        self.0.read_exact_at(at, &mut buf).then_some(buf)
    }

    fn array<const N: usize>(&self, at: u64) -> Option<[u8; N]> {
        let mut buf = [0u8; N];
        self.0.read_exact_at(at, &mut buf).then_some(buf)
    }

    fn u16(&self, at: u64) -> Option<u16> {
        self.array(at).map(u16::from_le_bytes)
    }

    fn u32(&self, at: u64) -> Option<u32> {
        self.array(at).map(u32::from_le_bytes)
    }

    fn u64(&self, at: u64) -> Option<u64> {
        self.array(at).map(u64::from_le_bytes)
    }
}

/// `at + n`, or `None` on overflow.
fn add(at: u64, n: impl Into<u64>) -> Option<u64> {
    at.checked_add(n.into())
}

fn len64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Reads the central directory. Refuses more than `max_entries` records, or a directory over
/// `max_directory` bytes, before reading any.
pub(super) fn scan(
    src: &dyn Source,
    max_entries: usize,
    max_directory: u64,
) -> Result<Directory, ScanError> {
    let b = Bytes(src);
    let len = src.len();
    let end = find_end(src)?;

    // `find_end` saw all 22 bytes of the record; a field that cannot be read is still an
    // error, never a panic.
    let f16 = |rel: u64| {
        add(end, rel)
            .and_then(|at| b.u16(at))
            .ok_or(ScanError::NoEnd)
    };
    let f32 = |rel: u64| {
        add(end, rel)
            .and_then(|at| b.u32(at))
            .ok_or(ScanError::NoEnd)
    };
    let disk = f16(4)?;
    let cd_disk = f16(6)?;
    let on_disk = f16(8)?;
    let total = f16(10)?;
    let size = f32(12)?;
    let offset = f32(16)?;

    let saturated = disk == 0xFFFF
        || cd_disk == 0xFFFF
        || on_disk == 0xFFFF
        || total == 0xFFFF
        || size == 0xFFFF_FFFF
        || offset == 0xFFFF_FFFF;
    let has_locator = end
        .checked_sub(len64(LOCATOR64_LEN))
        .and_then(|at| b.u32(at))
        == Some(LOCATOR64_SIG);

    // (disks, entries on this disk, entries, directory size, directory offset, where the
    // directory must end)
    let (disks_ok, on_disk, count, size, offset, dir_end) = if has_locator {
        let z = read_zip64(&b, end)?;
        // Each 32-bit field either defers to the ZIP64 record or agrees with it, so readers
        // that trust either record see the same directory.
        let agree = (disk == 0xFFFF || u32::from(disk) == z.disk)
            && (cd_disk == 0xFFFF || u32::from(cd_disk) == z.cd_disk)
            && (on_disk == 0xFFFF || u64::from(on_disk) == z.on_disk)
            && (total == 0xFFFF || u64::from(total) == z.total)
            && (size == 0xFFFF_FFFF || u64::from(size) == z.size)
            && (offset == 0xFFFF_FFFF || u64::from(offset) == z.offset);
        if !agree {
            return Err(ScanError::Zip64Invalid);
        }
        (
            z.disk == 0 && z.cd_disk == 0 && z.disks <= 1,
            z.on_disk,
            z.total,
            z.size,
            z.offset,
            z.record_at,
        )
    } else if saturated {
        return Err(ScanError::Zip64Invalid);
    } else {
        (
            disk == 0 && cd_disk == 0,
            u64::from(on_disk),
            u64::from(total),
            u64::from(size),
            u64::from(offset),
            end,
        )
    };
    if !disks_ok || on_disk != count {
        return Err(ScanError::MultiDisk);
    }
    // The directory ends exactly where the end records start: nothing hides between them,
    // and no reader has to guess an offset for data prepended to the archive.
    if add(offset, size) != Some(dir_end) || dir_end > len {
        return Err(ScanError::DirectoryOutOfBounds { offset, size });
    }
    if count > len64(max_entries) {
        return Err(ScanError::TooManyEntries { count });
    }
    let count = usize::try_from(count).map_err(|_| ScanError::TooManyEntries { count })?;
    if size > max_directory {
        return Err(ScanError::DirectoryTooLarge {
            size,
            limit: max_directory,
        });
    }
    // The directory is read in one piece and parsed in memory.
    let data = b
        .slice(offset, size)
        .ok_or(ScanError::DirectoryOutOfBounds { offset, size })?;
    let window = Window {
        base: offset,
        data: &data,
    };
    let d = Bytes(&window);

    // Every header takes at least 46 bytes: never reserve more than the directory can hold.
    let capacity = count.min(usize::try_from(size / len64(CENTRAL_LEN)).unwrap_or(0));
    let mut records = Vec::with_capacity(capacity);
    let mut at = offset;
    for index in 0..count {
        let bad = ScanError::BadRecord { index, offset: at };
        let (record, next) = read_central(&d, at, dir_end).ok_or(bad)?;
        records.push(record);
        at = next;
    }
    if at != dir_end {
        let used = at.saturating_sub(offset);
        return Err(ScanError::DirectorySizeMismatch {
            declared: size,
            used,
        });
    }
    Ok(Directory { records, offset })
}

/// The position of the end of central directory record: the signature whose comment length
/// ends exactly at the end of the file, searched from the end within the longest comment.
fn find_end(src: &dyn Source) -> Result<u64, ScanError> {
    let b = Bytes(src);
    let len = src.len();
    let lowest = len.saturating_sub(len64(END_LEN.saturating_add(MAX_COMMENT)));
    // The last 64 KiB (the longest comment and the record), read at once.
    let tail = b
        .slice(lowest, len.saturating_sub(lowest))
        .unwrap_or_default();
    let sig = END_SIG.to_le_bytes();
    let mut found = Vec::new();
    let mut any_signature = false;
    if let Some(highest) = tail.len().checked_sub(END_LEN) {
        for pos in (0..=highest).rev() {
            if tail.get(pos..pos.saturating_add(4)) != Some(&sig[..]) {
                continue;
            }
            any_signature = true;
            let comment = tail
                .get(pos.saturating_add(20)..pos.saturating_add(22))
                .and_then(|c| c.try_into().ok())
                .map(u16::from_le_bytes);
            let fits = comment.and_then(|c| {
                pos.checked_add(END_LEN)
                    .and_then(|e| e.checked_add(usize::from(c)))
            });
            if fits == Some(tail.len()) {
                found.push(lowest.saturating_add(len64(pos)));
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            let head = b.u32(0);
            let zip_start = matches!(head, Some(LOCAL_SIG | END_SIG | SPAN_SIG | END64_SIG));
            if zip_start || any_signature {
                Err(ScanError::NoEnd)
            } else {
                Err(ScanError::NotZip)
            }
        }
        many => Err(ScanError::EndAmbiguous { count: many.len() }),
    }
}

struct Zip64End {
    disk: u32,
    cd_disk: u32,
    disks: u32,
    on_disk: u64,
    total: u64,
    size: u64,
    offset: u64,
    /// Where the ZIP64 record starts (the directory ends there).
    record_at: u64,
}

/// The ZIP64 locator right before the end record, and the ZIP64 record it points at, which
/// must end exactly where the locator starts.
fn read_zip64(b: &Bytes<'_>, end: u64) -> Result<Zip64End, ScanError> {
    let bad = ScanError::Zip64Invalid;
    let locator = end.checked_sub(len64(LOCATOR64_LEN)).ok_or(bad.clone())?;
    let field = |rel: u64| add(locator, rel).ok_or(bad.clone());
    let locator_disk = b.u32(field(4)?).ok_or(bad.clone())?;
    let record_at = b.u64(field(8)?).ok_or(bad.clone())?;
    let disks = b.u32(field(16)?).ok_or(bad.clone())?;
    if locator_disk != 0 {
        return Err(ScanError::MultiDisk);
    }
    let record_end = add(record_at, len64(END64_LEN)).ok_or(bad.clone())?;
    let rel = |n: u64| add(record_at, n).ok_or(bad.clone());
    if b.u32(record_at) != Some(END64_SIG) {
        return Err(bad);
    }
    // The record's own size field counts from after itself (12 bytes); an extensible data
    // sector may follow the fixed part, so the record may end later than 56 bytes.
    let declared = b.u64(rel(4)?).ok_or(bad.clone())?;
    let record_end = add(record_at, 12u64)
        .and_then(|at| add(at, declared))
        .filter(|e| *e >= record_end)
        .ok_or(bad.clone())?;
    if record_end != locator {
        return Err(bad);
    }
    Ok(Zip64End {
        disk: b.u32(rel(16)?).ok_or(bad.clone())?,
        cd_disk: b.u32(rel(20)?).ok_or(bad.clone())?,
        disks,
        on_disk: b.u64(rel(24)?).ok_or(bad.clone())?,
        total: b.u64(rel(32)?).ok_or(bad.clone())?,
        size: b.u64(rel(40)?).ok_or(bad.clone())?,
        offset: b.u64(rel(48)?).ok_or(bad)?,
        record_at,
    })
}

/// One central directory header at `at`, which must end by `limit`; the next header's
/// position.
fn read_central(b: &Bytes<'_>, at: u64, limit: u64) -> Option<(Record, u64)> {
    let fixed_end = add(at, len64(CENTRAL_LEN))?;
    if fixed_end > limit || b.u32(at)? != CENTRAL_SIG {
        return None;
    }
    let f16 = |rel: u64| b.u16(add(at, rel)?);
    let f32 = |rel: u64| b.u32(add(at, rel)?);
    let version_made_by = f16(4)?;
    let flags = f16(8)?;
    let method = f16(10)?;
    let crc32 = f32(16)?;
    let compressed32 = f32(20)?;
    let uncompressed32 = f32(24)?;
    let name_len = f16(28)?;
    let extra_len = f16(30)?;
    let comment_len = f16(32)?;
    let disk_start = f16(34)?;
    let external_attributes = f32(38)?;
    let offset32 = f32(42)?;

    let name_at = fixed_end;
    let extra_at = add(name_at, name_len)?;
    let comment_at = add(extra_at, extra_len)?;
    let next = add(comment_at, comment_len)?;
    if next > limit {
        return None;
    }
    let name = b.slice(name_at, name_len.into())?;
    let extra = b.slice(extra_at, extra_len.into())?;

    // ZIP64 extended information: only the saturated fields are present, in this order.
    let mut uncompressed = u64::from(uncompressed32);
    let mut compressed = u64::from(compressed32);
    let mut local_offset = u64::from(offset32);
    let mut disk = u32::from(disk_start);
    let mut unicode_paths = Vec::new();
    let mut zip64_seen = false;
    for (id, data) in extra_fields(&extra)? {
        match id {
            EXTRA_ZIP64 => {
                if zip64_seen {
                    return None;
                }
                zip64_seen = true;
                let window = Window { base: 0, data };
                let d = Bytes(&window);
                let mut pos = 0u64;
                let mut take = |saturated: bool, value: &mut u64| -> Option<()> {
                    if saturated {
                        *value = d.u64(pos)?;
                        pos = add(pos, 8u64)?;
                    }
                    Some(())
                };
                take(uncompressed32 == 0xFFFF_FFFF, &mut uncompressed)?;
                take(compressed32 == 0xFFFF_FFFF, &mut compressed)?;
                take(offset32 == 0xFFFF_FFFF, &mut local_offset)?;
                if disk_start == 0xFFFF {
                    disk = d.u32(pos)?;
                }
            }
            EXTRA_UNICODE_PATH => {
                // Version 1, CRC-32 of the header name, then the UTF-8 name.
                unicode_paths.push(data.get(5..)?.to_vec());
            }
            _ => {}
        }
    }
    let needs_zip64 = uncompressed32 == 0xFFFF_FFFF
        || compressed32 == 0xFFFF_FFFF
        || offset32 == 0xFFFF_FFFF
        || disk_start == 0xFFFF;
    if (needs_zip64 && !zip64_seen) || disk != 0 {
        return None;
    }
    let record = Record {
        name,
        unicode_paths,
        version_made_by,
        flags,
        method,
        crc32,
        compressed,
        uncompressed,
        external_attributes,
        local_offset,
    };
    Some((record, next))
}

/// The (id, data) pairs of an extra field block; `None` when a field runs past the block.
fn extra_fields(mut extra: &[u8]) -> Option<Vec<(u16, &[u8])>> {
    let mut out = Vec::new();
    while !extra.is_empty() {
        let header = extra.get(..4)?;
        let id = u16::from_le_bytes([*header.first()?, *header.get(1)?]);
        let size = usize::from(u16::from_le_bytes([*header.get(2)?, *header.get(3)?]));
        let end = size.checked_add(4)?;
        out.push((id, extra.get(4..end)?));
        extra = extra.get(end..)?;
    }
    Some(out)
}

/// The byte range of an entry's stored (compressed) data, after checking its local header
/// against the central directory header and that the data ends before the directory.
pub(super) fn local_data(
    src: &dyn Source,
    record: &Record,
    directory_offset: u64,
) -> Result<std::ops::Range<u64>, LocalError> {
    let at = record.local_offset;
    let fixed_end = add(at, len64(LOCAL_LEN)).ok_or(LocalError::Missing)?;
    if fixed_end > directory_offset {
        return Err(LocalError::Missing);
    }
    // The fixed part in one read, parsed in memory.
    let head = Bytes(src)
        .slice(at, len64(LOCAL_LEN))
        .ok_or(LocalError::Missing)?;
    let window = Window {
        base: at,
        data: &head,
    };
    let b = Bytes(&window);
    if b.u32(at) != Some(LOCAL_SIG) {
        return Err(LocalError::Missing);
    }
    let f16 = |rel: u64| {
        add(at, rel)
            .and_then(|p| b.u16(p))
            .ok_or(LocalError::Missing)
    };
    let f32 = |rel: u64| {
        add(at, rel)
            .and_then(|p| b.u32(p))
            .ok_or(LocalError::Missing)
    };
    let flags = f16(6)?;
    let method = f16(8)?;
    let crc32 = f32(14)?;
    let compressed = f32(18)?;
    let uncompressed = f32(22)?;
    let name_len = f16(26)?;
    let extra_len = f16(28)?;
    let name_at = fixed_end;
    let data_start = add(name_at, name_len)
        .and_then(|p| add(p, extra_len))
        .ok_or(LocalError::Missing)?;
    if data_start > directory_offset {
        return Err(LocalError::Missing);
    }
    let name = Bytes(src)
        .slice(name_at, name_len.into())
        .ok_or(LocalError::Missing)?;

    // The bits that change how the data is read must agree; with a data descriptor the local
    // CRC and sizes may be zero, and ZIP64 sizes live in the local extra field.
    let decoding_bits = FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR | FLAG_STRONG_ENCRYPTION;
    let mut same = name == record.name.as_slice()
        && method == record.method
        && flags & decoding_bits == record.flags & decoding_bits;
    if !record.flag(FLAG_DATA_DESCRIPTOR) {
        let size_ok =
            |local: u32, central: u64| local == 0xFFFF_FFFF || u64::from(local) == central;
        same = same
            && crc32 == record.crc32
            && size_ok(compressed, record.compressed)
            && size_ok(uncompressed, record.uncompressed);
    }
    if !same {
        return Err(LocalError::Mismatch);
    }
    let data_end = add(data_start, record.compressed).ok_or(LocalError::DataOutOfBounds)?;
    if data_end > directory_offset {
        return Err(LocalError::DataOutOfBounds);
    }
    Ok(data_start..data_end)
}
