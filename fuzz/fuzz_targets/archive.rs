//! Fuzz the bundle archive reader (`bundle::archive::open_zip`): no panic on any bytes, and
//! never more entries or bytes handed back than the limits allow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dramaloc_fuzz::check_archive(data);
});
