//! Fuzz `validate`: any bytes as a bundle, as its manifest, or as its track (see
//! `check_validate`). No panic, and the report renders.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dramaloc_fuzz::check_validate(data);
});
