//! The French analyser on any text: tokens in order, on character boundaries, inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let analyzer = filrouge::text::Analyzer::french();
    let mut last = 0;
    for t in analyzer.tokens(text) {
        assert!(t.start < t.end && t.end <= text.len());
        assert!(t.start >= last, "tokens out of order");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        last = t.end;
    }
    let _ = analyzer.analyze(text);
});
