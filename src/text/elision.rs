//! Stage 3 — elisions: `l'État` → `l'` + `État`.
//!
//! Preconditions: the input is one merged word span (stage 2), starting with a letter or digit;
//! apostrophes inside it are `'`, `’` or `ʼ` (UAX #29 keeps `l'État` and `l’État` as one word,
//! and `ʼ` is a letter for it).
//!
//! French decisions:
//! - Only the closed class of elided function words splits off: `l' d' j' m' n' s' t' c' qu'
//!   jusqu' lorsqu' puisqu' quoiqu'` (any case: `L'`, `QU'`). Other apostrophes are part of the
//!   word: `aujourd'hui`, `quelqu'un`, `presqu'île`, `prud'hommes`, `Sainte-Anne-d'Auray`
//!   (the UD French gold keeps all of these whole).
//! - Spoken `y'a` (*il y a*) splits too: `y'` + `a` (UD Rhapsodie gold).
//! - Only at the start of the span, repeatedly (`qu'aujourd'hui` → `qu'` + `aujourd'hui`).
//! - `l'on` stays one token: the `l'` is euphonic, not an article (`l'on` = `on`), and the UD
//!   gold keeps it whole. `c'est-à-dire` is a fixed connective, also whole.

/// The elided function words (lowercase, without the apostrophe).
const ELIDED: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "y",
];

/// Whether `c` is one of the apostrophes French text uses for elision.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Whether `word` (any case, no apostrophe) is an elided function word.
pub(crate) fn is_elided_word(word: &str) -> bool {
    word.len() <= 6 && ELIDED.iter().any(|e| e.eq_ignore_ascii_case(word))
}

/// If `span` starts with an elided word and its apostrophe followed by a letter or digit,
/// returns the byte length of that elision (apostrophe included).
pub(crate) fn split_elision(span: &str) -> Option<usize> {
    let (i, apos) = span
        .char_indices()
        .take(8)
        .find(|&(_, c)| is_apostrophe(c))?;
    if !is_elided_word(&span[..i]) {
        return None;
    }
    let len = i + apos.len_utf8();
    let rest = &span[len..];
    if !rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    // `l'on` stays whole (see the module doc).
    if span[..i].eq_ignore_ascii_case("l") && rest.eq_ignore_ascii_case("on") {
        return None;
    }
    if span[..i].eq_ignore_ascii_case("c") && is_c_est_a_dire(rest) {
        return None;
    }
    Some(len)
}

/// `est-à-dire` (the tail of `c'est-à-dire`), any case, any hyphen.
fn is_c_est_a_dire(rest: &str) -> bool {
    let mut parts = rest.split(['-', '\u{2010}', '\u{2011}']);
    let (a, b, c, d) = (parts.next(), parts.next(), parts.next(), parts.next());
    matches!((a, b, c, d), (Some(a), Some(b), Some(c), None)
        if a.eq_ignore_ascii_case("est")
            && (b == "à" || b == "À" || b.eq_ignore_ascii_case("a"))
            && c.eq_ignore_ascii_case("dire"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elision_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("l'État", Some(2)),
            ("L'ÉTAT", Some(2)),
            ("l’élu", Some(4)),
            ("lʼélu", Some(3)),
            ("qu'il", Some(3)),
            ("QU'EST-CE", Some(3)),
            ("jusqu'alors", Some(6)),
            ("lorsqu'on", Some(7)),
            ("puisqu'elle", Some(7)),
            ("quoiqu'il", Some(7)),
            ("d'aujourd'hui", Some(2)),
            ("aujourd'hui", None),
            ("quelqu'un", None),
            ("presqu'île", None),
            ("l'on", None),
            ("c'est-à-dire", None),
            ("c'est", Some(2)),
            ("l'", None),
            ("rock'n'roll", None),
            ("y'a", Some(2)),
        ];
        for &(span, want) in cases {
            assert_eq!(split_elision(span), want, "{span}");
        }
    }
}
