//! Stage 6 — normalisation: the lowercase form used for stop-word look-up, stemming and
//! counting.
//!
//! Preconditions: the surface is an NFC string (the corpus stage normalises), as produced by the
//! earlier stages (a token surface), but any string is accepted.
//!
//! French decisions:
//! - Lowercase with Unicode rules (`É` → `é`), because headings are often written in capitals
//!   and must count with the running text.
//! - The typographic apostrophes `’` (U+2019) and `ʼ` (U+02BC) become `'`, because notes mix
//!   the three for the same word (`aujourd’hui`, `aujourd'hui`).
//! - The hyphens U+2010 and U+2011 (non-breaking, put in by word processors) become `-`, so that
//!   `ceux‑ci` is the stop word `ceux-ci` and `porte‑parole` counts with `porte-parole`.
//! - A space between two letters becomes `-`: the only word token that holds one is a
//!   compound written with its prefix apart (`co construction`, see [`super::TokenStream`]),
//!   which then counts with `co-construction`. A number keeps its spaces (`80 000`).
//! - `oe` before `u` becomes `œ`, and so does a word's initial `oe` before `il` (`coeur`,
//!   `manoeuvre`, `oeuvre`, `oeil` are `cœur`, `manœuvre`, `œuvre`, `œil`): keyboards without
//!   `œ` make that spelling common, and the two would count apart. No French word writes `oeu`
//!   otherwise (`coefficient`, `moelle`, `coexister` have no `u` after).
//! - Accents are **kept**: folding would merge distinct words (`maïs`/`mais`, `pêche`/`péché`,
//!   `côte`/`cote`) and the Snowball French stemmer expects accented input.

/// Writes the normalised form of `surface` into `out` (cleared first): lowercase, `’` and `ʼ`
/// mapped to `'`, U+2010, U+2011 and a space between two letters to `-`, `oeu` and an initial `oeil` written with
/// `œ`, accents kept. Reusing `out` avoids an allocation per token.
pub fn normalize(surface: &str, out: &mut String) {
    out.clear();
    if surface.is_ascii() && !surface.contains(' ') {
        // ASCII fast path: no apostrophe variants or multi-char lowercase mappings possible.
        out.push_str(surface);
        out.make_ascii_lowercase();
    } else {
        let mut prev = None;
        let mut chars = surface.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{2019}' | '\u{02BC}' => out.push('\''),
                '\u{2010}' | '\u{2011}' => out.push('-'),
                // Between two letters only: `80 000` keeps its space.
                ' ' if prev.is_some_and(char::is_alphabetic)
                    && chars.peek().is_some_and(|n| n.is_alphabetic()) =>
                {
                    out.push('-')
                }
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
            prev = Some(c);
        }
    }
    if out.contains("oe") {
        write_oe_ligature(out);
    }
}

/// Whether the `oe` at byte `i` of `s` is written `œ` in French: before `u` (`cœur`, `vœu`,
/// `manœuvre`), or before `il` at the start of a word (`œil`, `œillet`).
fn is_ligature_oe(s: &[u8], i: usize) -> bool {
    s[i..].starts_with(b"oeu")
        || (s[i..].starts_with(b"oeil") && (i == 0 || matches!(s[i - 1], b'-' | b'\'')))
}

/// Writes with `œ` each `oe` [`is_ligature_oe`] says is one.
fn write_oe_ligature(out: &mut String) {
    let b = out.as_bytes();
    if !(0..b.len().saturating_sub(2)).any(|i| is_ligature_oe(b, i)) {
        return;
    }
    let mut fixed = String::with_capacity(out.len());
    let mut i = 0;
    while i < b.len() {
        if is_ligature_oe(b, i) {
            fixed.push('œ');
            i += 2;
        } else {
            let c = out[i..].chars().next().expect("char boundary");
            fixed.push(c);
            i += c.len_utf8();
        }
    }
    *out = fixed;
}

/// Whether `s` is already in normalised form (so it can be used without copying).
///
/// Exact for ASCII and for the lowercase Latin-1 letters `ß`–`ÿ` and `œ` (whose lowercase is
/// themselves — all French accented lowercase letters); any other non-ASCII character answers
/// `false`, sending the caller through [`normalize`].
pub(crate) fn is_normalized(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_uppercase() || x == b' ' || (x == b'o' && is_ligature_oe(b, i)) {
                return false;
            }
            i += 1;
        } else if x == 0xC3 && i + 1 < b.len() && b[i + 1] >= 0x9F && b[i + 1] != 0xB7 {
            // U+00DF..=U+00FF except U+00F7 (÷): `ß à â ç é è ê ë î ï ô ù û ü ÿ`…
            i += 2;
        } else if x == 0xC5 && i + 1 < b.len() && b[i + 1] == 0x93 {
            // U+0153 `œ`.
            i += 2;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_keeps_accents_and_unifies_apostrophes() {
        let cases = [
            ("L'État", "l'état"),
            ("aujourd’hui", "aujourd'hui"),
            ("lʼélu", "l'élu"),
            ("MAÏS", "maïs"),
            ("ÉLUE", "élue"),
            ("Œuvre", "œuvre"),
            ("co-Construction", "co-construction"),
            ("ceux\u{2011}ci", "ceux-ci"),
            ("Porte\u{2010}parole", "porte-parole"),
            ("Co construction", "co-construction"),
            ("80 000", "80 000"),
            ("2 co 3", "2 co 3"),
            ("manoeuvre", "manœuvre"),
            ("COEUR", "cœur"),
            ("Oeil", "œil"),
            ("trompe-l'oeil", "trompe-l'œil"),
            ("mise-en-oeuvre", "mise-en-œuvre"),
            ("désoeuvré", "désœuvré"),
            ("coefficient", "coefficient"),
            ("moelle", "moelle"),
            ("Boeing", "boeing"),
            ("co élaboration", "co-élaboration"),
        ];
        let mut out = String::new();
        for (input, want) in cases {
            normalize(input, &mut out);
            assert_eq!(out, want, "normalize({input:?})");
        }
        assert!(is_normalized("abc-d'e"));
        assert!(!is_normalized("Abc"));
        assert!(is_normalized("été"));
        assert!(is_normalized("œuvre"));
        assert!(!is_normalized("Été"));
        assert!(!is_normalized("aujourd’hui"));
        assert!(!is_normalized("co construction"));
        assert!(!is_normalized("coeur"));
        assert!(!is_normalized("oeil"));
        assert!(is_normalized("coefficient"));
        assert!(is_normalized("cœur"));
        // Exhaustive over the two-byte range: `is_normalized` never claims a form that
        // `normalize` would change.
        let mut out = String::new();
        for c in '\u{80}'..='\u{7ff}' {
            let s = format!("a{c}b");
            if is_normalized(&s) {
                normalize(&s, &mut out);
                assert_eq!(out, s, "U+{:04X}", c as u32);
            }
        }
    }
}
