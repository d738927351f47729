//! The .pdf reader on raw bytes.
//!
//! pdf-extract panics on many malformed files; the reader catches those panics and skips the
//! file as corrupt. libfuzzer-sys's panic hook aborts on any panic, caught or not, so this target
//! puts back a quiet hook: a panic that escapes the reader still reaches `fuzz_target!`'s own
//! guard and is reported as a crash.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

mod common;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    common::read("f.pdf", data);
});
