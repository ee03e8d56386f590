//! A byte-level zip builder for tests: normal zips and every hostile kind `validate` must
//! refuse (lying sizes, symlinks, unsafe and non-UTF-8 names, duplicates, encryption flags,
//! ZIP64 records, bombs). Real zip writers refuse most of these, so the headers are written
//! by hand here, following APPNOTE.TXT (PKWARE's zip specification).
//!
//! ```ignore
//! let zip = ZipCraft::new()
//!     .file("manifest.json", "{}")
//!     .file("../evil.srt", "x")
//!     .file("ep01/en.srt", big_text).deflated()
//!     .build();
//! ```
//!
//! Each modifier (`stored`, `deflated`, `declared_size`…) applies to the entry added last.
//! Also compiled into the unit tests of `src/bundle/archive` (through `#[path]`), so it uses
//! nothing but `std` and `flate2`.

#![allow(dead_code)]

use std::io::Write;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
const END64_SIG: u32 = 0x0606_4b50;
const LOCATOR64_SIG: u32 = 0x0706_4b50;

/// Unix host in the high byte of "version made by": the external attributes hold a mode.
const MADE_BY_UNIX: u16 = 3 << 8;

/// One entry as it will be written.
#[derive(Clone, Debug)]
struct Craft {
    name: Vec<u8>,
    /// Uncompressed content.
    data: Vec<u8>,
    /// 0 stored, 8 deflate, or any other number.
    method: u16,
    /// Write `data` as is, whatever the method says (`method`).
    raw: bool,
    /// Already compressed bytes with their CRC and uncompressed size (`zero_bomb`).
    precompressed: Option<(Vec<u8>, u32, u64)>,
    declared_size: Option<u64>,
    declared_compressed: Option<u64>,
    crc: Option<u32>,
    utf8_flag: Option<bool>,
    unix_mode: Option<u32>,
    encrypted: bool,
    data_descriptor: bool,
    local_name: Option<Vec<u8>>,
    unicode_path: Option<Vec<u8>>,
    /// More central directory extra fields, as (id, data).
    extra: Vec<(u16, Vec<u8>)>,
    /// Write the local header at the same offset as entry `n` instead of a new one.
    share_local_with: Option<usize>,
}

/// The builder. `build()` gives the bytes of the zip.
#[derive(Clone, Debug, Default)]
pub struct ZipCraft {
    entries: Vec<Craft>,
    comment: Vec<u8>,
    zip64: bool,
    declared_count: Option<u64>,
}

impl ZipCraft {
    pub fn new() -> ZipCraft {
        ZipCraft::default()
    }

    /// A regular file, stored (no compression) unless `.deflated()` follows.
    pub fn file(mut self, name: impl AsRef<[u8]>, data: impl AsRef<[u8]>) -> ZipCraft {
        self.entries.push(Craft {
            name: name.as_ref().to_vec(),
            data: data.as_ref().to_vec(),
            method: 0,
            raw: false,
            precompressed: None,
            declared_size: None,
            declared_compressed: None,
            crc: None,
            utf8_flag: None,
            unix_mode: None,
            encrypted: false,
            data_descriptor: false,
            local_name: None,
            unicode_path: None,
            extra: Vec::new(),
            share_local_with: None,
        });
        self
    }

    /// A folder entry (`name` should end with `/`).
    pub fn dir(self, name: impl AsRef<[u8]>) -> ZipCraft {
        self.file(name, []).unix_mode(0o040_755)
    }

    /// A symbolic link: mode S_IFLNK, the target as content (as Info-ZIP stores links).
    pub fn symlink(self, name: impl AsRef<[u8]>, target: impl AsRef<[u8]>) -> ZipCraft {
        self.file(name, target).unix_mode(0o120_777)
    }

    /// `n` zeros, deflated without holding them in memory: the classic ratio bomb.
    pub fn zero_bomb(self, name: impl AsRef<[u8]>, n: u64) -> ZipCraft {
        let chunk = vec![0u8; 1 << 16];
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        let mut crc = flate2::Crc::new();
        let mut left = n;
        while left > 0 {
            let len = left.min(chunk.len() as u64) as usize;
            encoder.write_all(&chunk[..len]).unwrap();
            crc.update(&chunk[..len]);
            left -= len as u64;
        }
        let compressed = encoder.finish().unwrap();
        let mut z = self.file(name, []);
        let last = z.last();
        last.method = 8;
        last.precompressed = Some((compressed, crc.sum(), n));
        z
    }

    fn last(&mut self) -> &mut Craft {
        self.entries
            .last_mut()
            .expect("add an entry before modifying it")
    }

    pub fn stored(mut self) -> ZipCraft {
        self.last().method = 0;
        self.last().raw = false;
        self
    }

    pub fn deflated(mut self) -> ZipCraft {
        self.last().method = 8;
        self.last().raw = false;
        self
    }

    /// Any compression method number, with the data written as given (so `.method(8)` on
    /// garbage makes a damaged deflate stream).
    pub fn method(mut self, method: u16) -> ZipCraft {
        self.last().method = method;
        self.last().raw = true;
        self
    }

    /// Lie about the uncompressed size (central and local header).
    pub fn declared_size(mut self, n: u64) -> ZipCraft {
        self.last().declared_size = Some(n);
        self
    }

    /// Lie about the compressed size (central and local header).
    pub fn compressed_size(mut self, n: u64) -> ZipCraft {
        self.last().declared_compressed = Some(n);
        self
    }

    /// Write this CRC-32 instead of the real one.
    pub fn crc(mut self, crc: u32) -> ZipCraft {
        self.last().crc = Some(crc);
        self
    }

    /// Set or clear general purpose bit 11 (default: set when the name is not ASCII).
    pub fn utf8_flag(mut self, on: bool) -> ZipCraft {
        self.last().utf8_flag = Some(on);
        self
    }

    /// The Unix mode in the external attributes (with the S_IF* type bits).
    pub fn unix_mode(mut self, mode: u32) -> ZipCraft {
        self.last().unix_mode = Some(mode);
        self
    }

    /// Set the encryption flag (the data is not actually encrypted).
    pub fn encrypted(mut self) -> ZipCraft {
        self.last().encrypted = true;
        self
    }

    /// Set bit 3: CRC and sizes zero in the local header (the descriptor itself is written
    /// after the data).
    pub fn data_descriptor(mut self) -> ZipCraft {
        self.last().data_descriptor = true;
        self
    }

    /// Another name in the local header than in the central directory.
    pub fn local_name(mut self, name: impl AsRef<[u8]>) -> ZipCraft {
        self.last().local_name = Some(name.as_ref().to_vec());
        self
    }

    /// An Info-ZIP Unicode Path extra field (0x7075) in the central directory.
    pub fn unicode_path(mut self, name: impl AsRef<[u8]>) -> ZipCraft {
        self.last().unicode_path = Some(name.as_ref().to_vec());
        self
    }

    /// Any extra field in the central directory header.
    pub fn extra(mut self, id: u16, data: impl AsRef<[u8]>) -> ZipCraft {
        self.last().extra.push((id, data.as_ref().to_vec()));
        self
    }

    /// Point this entry's central record at entry `n`'s local header and data (overlap).
    pub fn share_local_with(mut self, n: usize) -> ZipCraft {
        self.last().share_local_with = Some(n);
        self
    }

    /// A zip comment after the end record.
    pub fn comment(mut self, comment: impl AsRef<[u8]>) -> ZipCraft {
        self.comment = comment.as_ref().to_vec();
        self
    }

    /// Write ZIP64 extra fields, the ZIP64 end record and locator, and saturated 32-bit
    /// fields, whatever the sizes.
    pub fn zip64(mut self) -> ZipCraft {
        self.zip64 = true;
        self
    }

    /// Claim another number of entries in the end record.
    pub fn declared_count(mut self, n: u64) -> ZipCraft {
        self.declared_count = Some(n);
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        let mut offsets: Vec<u64> = Vec::new();
        for e in &self.entries {
            let (compressed, real_crc, real_size) = match &e.precompressed {
                Some((bytes, crc, size)) => (bytes.clone(), *crc, *size),
                None => {
                    let compressed = if e.method == 8 && !e.raw {
                        let mut enc = flate2::write::DeflateEncoder::new(
                            Vec::new(),
                            flate2::Compression::default(),
                        );
                        enc.write_all(&e.data).unwrap();
                        enc.finish().unwrap()
                    } else {
                        e.data.clone()
                    };
                    let mut crc = flate2::Crc::new();
                    crc.update(&e.data);
                    (compressed, crc.sum(), e.data.len() as u64)
                }
            };
            let crc = e.crc.unwrap_or(real_crc);
            let size = e.declared_size.unwrap_or(real_size);
            let csize = e.declared_compressed.unwrap_or(compressed.len() as u64);
            let mut flags = 0u16;
            if e.encrypted {
                flags |= 1;
            }
            if e.data_descriptor {
                flags |= 1 << 3;
            }
            if e.utf8_flag.unwrap_or(!e.name.is_ascii()) {
                flags |= 1 << 11;
            }

            let shared = e.share_local_with.and_then(|n| offsets.get(n).copied());
            let offset = shared.unwrap_or(out.len() as u64);
            offsets.push(offset);
            let big = |v: u64| self.zip64 || v >= 0xFFFF_FFFF;
            let sat = |v: u64| if big(v) { 0xFFFF_FFFF } else { v as u32 };

            if shared.is_none() {
                // Local header: ZIP64 local extra holds both sizes when either is large.
                let local_zip64 = big(size) || big(csize);
                let mut extra = Vec::new();
                if local_zip64 {
                    extra.extend(1u16.to_le_bytes());
                    extra.extend(16u16.to_le_bytes());
                    extra.extend(size.to_le_bytes());
                    extra.extend(csize.to_le_bytes());
                }
                let name = e.local_name.as_ref().unwrap_or(&e.name);
                let (lcrc, lcsize, lsize) = if e.data_descriptor {
                    (0, 0, 0)
                } else if local_zip64 {
                    (crc, 0xFFFF_FFFF, 0xFFFF_FFFF)
                } else {
                    (crc, csize as u32, size as u32)
                };
                put32(&mut out, LOCAL_SIG);
                put16(&mut out, if local_zip64 { 45 } else { 20 });
                put16(&mut out, flags);
                put16(&mut out, e.method);
                put16(&mut out, 0); // time
                put16(&mut out, 0x21); // date: 1980-01-01
                put32(&mut out, lcrc);
                put32(&mut out, lcsize);
                put32(&mut out, lsize);
                put16(&mut out, name.len() as u16);
                put16(&mut out, extra.len() as u16);
                out.extend(name);
                out.extend(&extra);
                out.extend(&compressed);
                if e.data_descriptor {
                    put32(&mut out, 0x0807_4b50);
                    put32(&mut out, crc);
                    put32(&mut out, csize as u32);
                    put32(&mut out, size as u32);
                }
            }

            // Central header: ZIP64 extra with exactly the saturated fields, in order.
            let mut extra = Vec::new();
            let mut z64 = Vec::new();
            for v in [size, csize, offset] {
                if big(v) {
                    z64.extend(v.to_le_bytes());
                }
            }
            if !z64.is_empty() {
                extra.extend(1u16.to_le_bytes());
                extra.extend((z64.len() as u16).to_le_bytes());
                extra.extend(&z64);
            }
            if let Some(path) = &e.unicode_path {
                let mut crc = flate2::Crc::new();
                crc.update(&e.name);
                extra.extend(0x7075u16.to_le_bytes());
                extra.extend(((path.len() + 5) as u16).to_le_bytes());
                extra.push(1);
                extra.extend(crc.sum().to_le_bytes());
                extra.extend(path);
            }
            for (id, data) in &e.extra {
                extra.extend(id.to_le_bytes());
                extra.extend((data.len() as u16).to_le_bytes());
                extra.extend(data);
            }
            let made_by = if e.unix_mode.is_some() {
                MADE_BY_UNIX | 20
            } else {
                20
            };
            put32(&mut central, CENTRAL_SIG);
            put16(&mut central, made_by);
            put16(&mut central, if z64.is_empty() { 20 } else { 45 });
            put16(&mut central, flags);
            put16(&mut central, e.method);
            put16(&mut central, 0);
            put16(&mut central, 0x21);
            put32(&mut central, crc);
            put32(&mut central, sat(csize));
            put32(&mut central, sat(size));
            put16(&mut central, e.name.len() as u16);
            put16(&mut central, extra.len() as u16);
            put16(&mut central, 0); // comment
            put16(&mut central, 0); // disk
            put16(&mut central, 0); // internal attributes
            put32(&mut central, e.unix_mode.unwrap_or(0) << 16);
            put32(&mut central, sat(offset));
            central.extend(&e.name);
            central.extend(&extra);
        }

        let cd_offset = out.len() as u64;
        let cd_size = central.len() as u64;
        out.extend(&central);
        let count = self.declared_count.unwrap_or(self.entries.len() as u64);
        let zip64 = self.zip64 || count >= 0xFFFF || cd_offset >= 0xFFFF_FFFF;
        if zip64 {
            let record_at = out.len() as u64;
            put32(&mut out, END64_SIG);
            out.extend(44u64.to_le_bytes()); // size of the rest of the record
            put16(&mut out, 45);
            put16(&mut out, 45);
            put32(&mut out, 0); // this disk
            put32(&mut out, 0); // disk with the directory
            out.extend(count.to_le_bytes());
            out.extend(count.to_le_bytes());
            out.extend(cd_size.to_le_bytes());
            out.extend(cd_offset.to_le_bytes());
            put32(&mut out, LOCATOR64_SIG);
            put32(&mut out, 0);
            out.extend(record_at.to_le_bytes());
            put32(&mut out, 1); // disks
        }
        let count16 = if zip64 { 0xFFFF } else { count as u16 };
        put32(&mut out, END_SIG);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, count16);
        put16(&mut out, count16);
        put32(&mut out, if zip64 { 0xFFFF_FFFF } else { cd_size as u32 });
        put32(&mut out, if zip64 { 0xFFFF_FFFF } else { cd_offset as u32 });
        put16(&mut out, self.comment.len() as u16);
        out.extend(&self.comment);
        out
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend(v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend(v.to_le_bytes());
}

/// The first `n` bytes of a zip (a download cut short).
pub fn truncated(bytes: &[u8], n: usize) -> Vec<u8> {
    bytes[..n.min(bytes.len())].to_vec()
}

/// A normal bundle-like zip of five entries (a folder, stored and deflated files), for
/// mutation tests.
pub fn five_entries() -> Vec<u8> {
    ZipCraft::new()
        .file(
            "manifest.json",
            br#"{"schema": 1, "files": ["ep01/en.srt"]}"#,
        )
        .dir("ep01/")
        .file(
            "ep01/en.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nHello there\n\n".repeat(20),
        )
        .deflated()
        .file(
            "ep01/zh.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n你好\n\n".repeat(20),
        )
        .deflated()
        .file("ep02/en.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n")
        .build()
}
