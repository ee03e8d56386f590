//! Fuzz the encoding detector: no panic on any bytes, and what it calls UTF-8 is the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dramaloc_fuzz::check_decode(data);
});
