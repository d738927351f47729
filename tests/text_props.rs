//! Properties of the analyser on arbitrary input: no panic, valid and ordered spans,
//! determinism.

use filrouge::text::{Analyzer, StemCache, Token, TokenKind};
use proptest::prelude::*;

fn check(a: &Analyzer, text: &str) -> Result<(), TestCaseError> {
    let first: Vec<Token> = a.tokens(text).collect();
    let mut prev_end = 0;
    for t in &first {
        prop_assert!(t.start < t.end, "empty token {t:?}");
        prop_assert!(t.start >= prev_end, "overlap at {t:?}");
        let surface = text.get(t.start..t.end);
        prop_assert!(surface.is_some(), "span not on char boundaries: {t:?}");
        prop_assert!(surface.unwrap().chars().any(char::is_alphanumeric));
        prev_end = t.end;
    }
    let second: Vec<Token> = a.tokens(text).collect();
    prop_assert_eq!(&first, &second);
    let mut cache = StemCache::new();
    for t in &first {
        let _ = cache.stem(&text[t.start..t.end]);
    }
    Ok(())
}

/// Strings built from the characters the rules look at.
fn tricky() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "l'", "L’", "qu'", "jusqu'", "'", "’", "ʼ", "-", "‐", "—", "-t-", "il", "ce", "là", "a",
        "é", "É", "e\u{301}", "0", "1", "27", "000", " ", "\u{a0}", "\u{202f}", "\n", "\r\n", ".",
        ",", "/", ":", "@", "h", "H", "www.", "https://", ".fr", "(", ")", "(s)", "~", "°", "n",
        "M", "J", "CNFPT", "DE", "ème", "er", "à", "…", "?", "!", ";", "\t", "\u{2028}", "ﬁ", "İ",
        "ß", "日本", "🙂", "\u{200d}", "\u{300}", "x", "vous", "-vous", "-t-il", "Pouvez", "moi",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_unicode(text in any::<String>()) {
        check(&Analyzer::french(), &text)?;
    }

    #[test]
    fn tricky_french(text in tricky()) {
        check(&Analyzer::french(), &text)?;
    }

    #[test]
    fn printable_ascii(text in "[ -~\n]{0,80}") {
        check(&Analyzer::french(), &text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The Latin fast path and the general UAX #29 segmenter agree.
    #[test]
    fn fast_path_identity(text in tricky(), other in "[a-zA-Z0-9_:,;.'’ʼÀ-ɏ×(){}-]{0,30}") {
        let fast = Analyzer::french();
        let slow = Analyzer::builder().fast_path(false).build();
        for t in [&text, &other] {
            let a: Vec<Token> = fast.tokens(t).collect();
            let b: Vec<Token> = slow.tokens(t).collect();
            prop_assert_eq!(a, b, "{:?}", t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// A stream whose stop tags are deferred gives the same tokens, only its words untagged;
    /// and the stream's tag of a word is `is_stop_word` of its surface alone (the walk, which
    /// remembers that tag per surface, relies on it: a tag that depended on the neighbours would
    /// fail here). The tags themselves are checked by the analyser's unit tests (`-vous*`,
    /// `-t-il*`).
    #[test]
    fn deferred_stop_tags_are_the_streams(text in tricky()) {
        let a = Analyzer::french();
        let tagged: Vec<Token> = a.tokens(&text).collect();
        let mut stream = a.tokens(&text);
        stream.defer_stop_tags();
        let deferred: Vec<Token> = stream.collect();
        prop_assert_eq!(tagged.len(), deferred.len());
        let mut lower = String::new();
        for (t, d) in tagged.iter().zip(&deferred) {
            prop_assert_eq!((t.start, t.end, t.kind, t.boundary), (d.start, d.end, d.kind, d.boundary));
            if t.kind == TokenKind::Word {
                prop_assert!(!d.stop, "{:?}", d);
                prop_assert_eq!(t.stop, a.is_stop_word(&text[t.start..t.end], &mut lower), "{:?} in {:?}", t, text);
            } else {
                prop_assert_eq!(t.stop, d.stop);
            }
        }
    }
}
