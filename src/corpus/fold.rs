//! Matching keys for headings and names: lowercase, accents folded, spaces collapsed.
//!
//! Folding is used only to *recognise* structure ("SYNTHESE", "Synthèse :" and "synthèse" are one
//! heading; "SOUVERAINETE" and "SOUVERAINÉTÉ" are one question). It is never applied to the text
//! that is analysed or shown.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Lowercases, removes accents, maps ’ and ʼ to ', œ to oe, æ to ae, and collapses runs of white
/// space to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut emit = |c: char| {
        if c.is_ascii() {
            match c {
                c if c.is_whitespace() => space = !out.is_empty(),
                c => {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push(if c == '`' {
                        '\''
                    } else {
                        c.to_ascii_lowercase()
                    });
                }
            }
            return;
        }
        if is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '’' | 'ʼ' | '`' => out.push('\''),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            _ => out.extend(c.to_lowercase()),
        }
    };
    // Each character is decomposed on its own: NFD of the whole text differs only by reordering
    // combining marks, which are all dropped. (No buffer, no reordering: the folding of every
    // line of a long note is cheap.)
    for c in s.chars() {
        if c.is_ascii() {
            emit(c);
        } else {
            decompose_canonical(c, &mut emit);
        }
    }
    out
}

/// [`fold`], then keeps only letters and digits, words separated by one space: the key under
/// which two spellings of the same heading or question meet.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    key_into(s, &mut out);
    out
}

/// [`key`], written into `out` (cleared first) in one pass over `s`, without the folded text in
/// between: the notes' parser keys every line of a note (to find lines pasted twice), and a
/// buffer kept from line to line saves an allocation per line.
pub fn key_into(s: &str, out: &mut String) {
    out.clear();
    // A separator (anything [`fold`] gives that is not a letter or digit) is pending.
    let mut gap = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // Nearly every byte: a letter or digit as it is, lowercased.
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
            i += 1;
        } else if b.is_ascii() {
            gap = true;
            i += 1;
        } else {
            let c = s[i..].chars().next().expect("a char boundary");
            decompose_canonical(c, &mut |d| key_char(out, &mut gap, d));
            i += c.len_utf8();
        }
    }
}

/// What [`fold`] makes of `c` (a character of a canonical decomposition), then what [`key`]
/// keeps of it: letters and digits, or a pending separator.
#[inline]
fn key_char(out: &mut String, gap: &mut bool, c: char) {
    let mut keep = |l: char| {
        if l.is_alphanumeric() {
            if *gap && !out.is_empty() {
                out.push(' ');
            }
            *gap = false;
            out.push(l);
        } else {
            *gap = true;
        }
    };
    if c.is_ascii() {
        keep(c.to_ascii_lowercase());
    } else if is_combining_mark(c) {
        // Dropped by `fold`: not a separator.
    } else if matches!(c, '’' | 'ʼ') {
        // An apostrophe for `fold` (`ʼ` is a letter to Unicode).
        *gap = true;
    } else if matches!(c, 'œ' | 'Œ') {
        keep('o');
        keep('e');
    } else if matches!(c, 'æ' | 'Æ') {
        keep('a');
        keep('e');
    } else {
        c.to_lowercase().for_each(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// The definition: NFD of the whole text, then the same rules.
    fn fold_reference(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for c in s.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            match c {
                '’' | 'ʼ' | '`' => out.push('\''),
                'œ' | 'Œ' => out.push_str("oe"),
                'æ' | 'Æ' => out.push_str("ae"),
                _ => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    /// The definition of [`key`]: the words of [`fold`]'s text, joined by one space.
    fn key_reference(s: &str) -> String {
        fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Short texts of the characters folding treats apart: white space, apostrophes, ligatures,
    /// accents precomposed and combining, capitals whose lowercase is longer, digits, punctuation.
    const FOLDING_TEXT: &str = "[ \t\x0B\naAzZ`'’ʼœŒæÆéÉèçÇ\u{301}\u{327}\u{1E9E}İ0-9.:*-]{0,40}";

    proptest::proptest! {
        #[test]
        fn key_equals_the_definition(s in FOLDING_TEXT) {
            proptest::prop_assert_eq!(key(&s), key_reference(&s));
        }

        #[test]
        fn key_equals_the_definition_on_any_text(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(key(&s), key_reference(&s));
        }

        #[test]
        fn fast_path_equals_the_definition(s in FOLDING_TEXT) {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }

        #[test]
        fn fast_path_equals_the_definition_on_any_text(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }
    }

    #[test]
    fn folds_accents_case_and_apostrophes() {
        assert_eq!(fold("SOUVERAINÉTÉ"), "souverainete");
        assert_eq!(fold("C’EST  MON\tCHOIX"), "c'est mon choix");
        assert_eq!(fold("Manœuvre"), "manoeuvre");
        assert_eq!(key("**Synthèse :**"), "synthese");
        assert_eq!(key("5 colonnes à la une....."), "5 colonnes a la une");
    }
}
