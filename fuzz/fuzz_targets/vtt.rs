//! Fuzz the vtt reader: no panic on any input; when it parses, the checks of
//! `dramaloc_fuzz::check_parsed` (round trip, conversion, plain text) hold.
#![no_main]

use dramaloc::formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dramaloc_fuzz::check_format(Format::WebVtt, data);
});
