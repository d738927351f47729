//! Matching keys for headings and names: lowercase, accents folded, spaces collapsed.
//!
//! Folding is used only to *recognise* structure ("SYNTHESE", "Synthèse :" and "synthèse" are one
//! heading; "SOUVERAINETE" and "SOUVERAINÉTÉ" are one question). It is never applied to the text
//! that is analysed or shown.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercases, removes accents, maps ’ and ʼ to ', œ to oe, æ to ae, and collapses runs of white
/// space to one space.
pub fn fold(s: &str) -> String {
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

/// [`fold`], then keeps only letters and digits, words separated by one space: the key under
/// which two spellings of the same heading or question meet.
pub fn key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_apostrophes() {
        assert_eq!(fold("SOUVERAINÉTÉ"), "souverainete");
        assert_eq!(fold("C’EST  MON\tCHOIX"), "c'est mon choix");
        assert_eq!(fold("Manœuvre"), "manoeuvre");
        assert_eq!(key("**Synthèse :**"), "synthese");
        assert_eq!(key("5 colonnes à la une....."), "5 colonnes a la une");
    }
}
