//! Fuzz `read_bytes` end to end: decoding, detection (with or without an extension) and
//! parsing; whatever it reads must write, convert and re-read without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dramaloc_fuzz::check_read(data);
});
