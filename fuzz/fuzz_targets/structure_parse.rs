//! Structure inference on any decoded text: never panics, never empty for non-blank text, every
//! block span inside the text and on character boundaries, blocks in text order without overlap.
#![no_main]

use filrouge::corpus::structure::{ParseOptions, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = filrouge::corpus::decode::decode(data) else {
        return;
    };
    let text = &decoded.text;
    let opts = ParseOptions {
        parts: vec!["Nulle part ailleurs".into()],
        furniture: vec!["Rappel".into()],
    };
    let doc = parse(text, &opts);
    assert!(!doc.sections.is_empty());
    let mut end = 0;
    for s in &doc.sections {
        for b in &s.blocks {
            assert!(text.get(b.span.range()).is_some(), "span {:?}", b.span);
            assert!(b.span.start >= end, "span {:?} before {end}", b.span);
            end = b.span.end;
        }
    }
});
