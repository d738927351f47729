//! The French analyser on any text: tokens in order, on character boundaries, inside the text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

/// Built once: building the analyser costs more than analysing a short input.
static ANALYZER: LazyLock<filrouge::text::Analyzer> =
    LazyLock::new(filrouge::text::Analyzer::french);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let analyzer = &*ANALYZER;
    let mut last = 0;
    for t in analyzer.tokens(text) {
        assert!(t.start < t.end && t.end <= text.len());
        assert!(t.start >= last, "tokens out of order");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        last = t.end;
    }
    let _ = analyzer.analyze(text);
});
