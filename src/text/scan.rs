//! Stages 1–2a — scanning: boundaries between tokens, then the span of one word with the
//! merging rules applied on top of Unicode word segmentation (UAX #29,
//! `unicode-segmentation::split_word_bound_indices`).
//!
//! Preconditions: the text is NFC (the corpus stage normalises; a decomposed `e` + U+0301 still
//! works — the mark stays inside the word — but the token surfaces then differ from NFC ones).
//! Offsets are byte offsets into the analysed text.
//!
//! Merging rules (no whitespace is ever crossed, except the digit-group space of `80 000`,
//! which [`super::kind::extend_digit_groups`] handles):
//! - `word-word` across a hyphen (`co-construction`, `a-t-il`, `N-1`, `2020-09-14`), split
//!   again later by the clitic rule (stage 4);
//! - `digit/digit` (`14/09/2020`, `1/10`) — other slashes separate words (`mg/kg`, `et/ou`);
//! - `alnum.digit` (`SXC6J.007`; UAX #29 already keeps `1.2`, `1,5`, `cnfpt.fr`);
//! - `dd:dd` (`14:30`);
//! - a bare elided word followed by an apostrophe and a space (`l' État`, `jusqu' à`) takes the
//!   apostrophe.
//!
//! - suffix marks that belong to the word: inclusive-writing plurals `AUTRE(S)`, `élu(e)s`,
//!   `agent(s)` (1–3 letters in brackets right after a letter: one word, as in the UD gold),
//!   and the longer inclusive endings `acteur(rice)s`, `directeur(trice)`;
//!   `n°`; and the `~` that marks a truncated word in speech transcripts (`j~`).
//!
//! Two splits UAX #29 does not make: `fin.Début` (a missing space after a full stop, lowercase
//! before, capital + lowercase after) and `Objectifs:partager` (a colon between letters) are
//! two words each, so a typing slip does not glue sentences.

use unicode_segmentation::UnicodeSegmentation;

use super::Boundary;
use super::compound::is_hyphen;
use super::elision::{is_apostrophe, is_elided_word};

/// Whether `c` ends a line (a line break always ends a sentence in notes).
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The boundary a non-word character implies: `Sentence` for `. ! ? …` and line breaks,
/// `Soft` for `: ; ( ) [ ]` and dashes (`-` reaching this point is never inside a compound, so
/// it is punctuation), `None` for anything else (commas, quotes, spaces, symbols).
pub(crate) fn boundary_of(c: char) -> Boundary {
    match c {
        '.' | '!' | '?' | '…' => Boundary::Sentence,
        c if is_line_break(c) => Boundary::Sentence,
        ':' | ';' | '(' | ')' | '[' | ']' | '-' | '\u{2010}' | '\u{2011}' | '\u{2012}'
        | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Boundary::Soft,
        _ => Boundary::None,
    }
}

/// The stronger of two boundaries.
pub(crate) fn stronger(a: Boundary, b: Boundary) -> Boundary {
    let rank = |x: Boundary| match x {
        Boundary::None => 0,
        Boundary::Soft => 1,
        Boundary::Sentence => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// A whitespace-free run of text and what it contains (so later stages can skip checks that
/// cannot apply; every flag is conservative: `false` means "certainly absent").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunk {
    /// End byte offset.
    pub end: usize,
    /// An ASCII digit occurs.
    pub digit: bool,
    /// `.`, `@`, `:` or `/` occurs (needed by URLs, e-mails, initials).
    pub url_chars: bool,
    /// An apostrophe (`'`, `’`, `ʼ`) occurs.
    pub apostrophe: bool,
    /// A hyphen (`-`, U+2010, U+2011) occurs.
    pub hyphen: bool,
}

/// The whitespace-free run starting at `start`.
pub(crate) fn chunk_at(text: &str, start: usize) -> Chunk {
    let bytes = text.as_bytes();
    let mut c = Chunk {
        end: bytes.len(),
        digit: false,
        url_chars: false,
        apostrophe: false,
        hyphen: false,
    };
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                    c.end = i;
                    return c;
                }
                b'0'..=b'9' => c.digit = true,
                b'.' | b'@' | b':' | b'/' => c.url_chars = true,
                b'\'' => c.apostrophe = true,
                b'-' => c.hyphen = true,
                _ => {}
            }
            i += 1;
        } else {
            let ch = text[i..].chars().next().expect("char boundary");
            match ch {
                ch if ch.is_whitespace() => {
                    c.end = i;
                    return c;
                }
                '\u{2019}' | '\u{2bc}' => c.apostrophe = true,
                '\u{2010}' | '\u{2011}' => c.hyphen = true,
                _ => {}
            }
            i += ch.len_utf8();
        }
    }
    c
}

fn is_word_piece(p: &str) -> bool {
    p.chars().next().is_some_and(char::is_alphanumeric)
}

fn single_char(p: &str) -> Option<char> {
    let mut it = p.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// The split point of a glued sentence or clause inside one UAX #29 word piece, if any:
/// `fin.Début`, `Objectifs:partager`.
fn glued_sentence(piece: &str) -> Option<usize> {
    // `Objectifs:partager`: UAX #29 joins letters across a colon (MidLetter, for Swedish
    // `S:t`); in French a colon inside a word is always a missing space.
    let colon = piece.find(':');
    let dot = glued_full_stop(piece);
    match (colon, dot) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The `fin.Début` split point: lowercase, lowercase, `.`, capital, lowercase.
fn glued_full_stop(piece: &str) -> Option<usize> {
    let b = piece.as_bytes();
    let mut from = 0;
    while let Some(k) = piece[from..].find('.').map(|k| k + from) {
        let before = &piece[..k];
        let after = &piece[k + 1..];
        let mut bl = before.chars().rev();
        let mut al = after.chars();
        let ok = bl.next().is_some_and(char::is_lowercase)
            && bl.next().is_some_and(char::is_lowercase)
            && al.next().is_some_and(char::is_uppercase)
            && al.next().is_some_and(char::is_lowercase);
        if ok {
            return Some(k);
        }
        from = k + 1;
        if from >= b.len() {
            break;
        }
    }
    None
}

/// End of the merged word starting at `start` (a letter or digit, or a minus sign directly
/// followed by a digit), not beyond `chunk_end`. `pieces` is scratch space.
/// `dots` is false when the chunk certainly holds no `.` or `:` (skips the glued-sentence
/// check).
/// With `fast`, chunks made only of ASCII, Latin letters (U+00C0–U+024F) and `’` are
/// segmented by [`latin_pieces`] instead of the general UAX #29 machinery (same pieces).
pub(crate) fn word_end(
    text: &str,
    start: usize,
    chunk_end: usize,
    pieces: &mut Vec<(usize, usize)>,
    fast: bool,
    dots: bool,
) -> usize {
    let chunk = &text[start..chunk_end];
    if !(fast && latin_pieces(chunk, pieces)) {
        pieces.clear();
        pieces.extend(
            chunk
                .split_word_bound_indices()
                .map(|(i, p)| (i, i + p.len())),
        );
    }
    let piece = |k: usize| &chunk[pieces[k].0..pieces[k].1];
    // A leading minus sign (`-0,8`) is its own UAX #29 piece.
    let mut i = usize::from(!is_word_piece(piece(0)) && pieces.len() > 1);
    if dots && let Some(k) = glued_sentence(piece(i)) {
        return start + pieces[i].0 + k;
    }
    let first = i;
    while i + 2 < pieces.len() {
        let (left, joiner, right) = (piece(i), piece(i + 2 - 1), piece(i + 2));
        if !is_word_piece(right) {
            break;
        }
        let Some(j) = single_char(joiner) else { break };
        let digit_left = left.as_bytes().last().is_some_and(u8::is_ascii_digit);
        let digit_right = right.as_bytes()[0].is_ascii_digit();
        let join = match j {
            j if is_hyphen(j) => true,
            '/' => digit_left && digit_right,
            '.' => left.chars().last().is_some_and(char::is_alphanumeric) && digit_right,
            ':' => {
                left.len() <= 2
                    && left.bytes().all(|b| b.is_ascii_digit())
                    && right.len() == 2
                    && right.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        };
        if !join {
            break;
        }
        if dots && let Some(k) = glued_sentence(right) {
            return start + pieces[i + 2].0 + k;
        }
        i += 2;
    }
    let mut end = pieces[i].1;
    if i == first
        && i + 1 < pieces.len()
        && is_elided_word(piece(i))
        && single_char(piece(i + 1)).is_some_and(is_apostrophe)
    {
        end = pieces[i + 1].1;
    }
    start + suffix_marks(chunk, end)
}

/// [`chunk_at`] and [`plain_word_end`] in one pass, for the most common word: the end of the
/// word starting at `start` when its chunk (the text up to white space) is plain — no digit,
/// `. @ : /`, apostrophe nor hyphen — and the word a run of ASCII or Latin letters that ends at
/// white space or at an ASCII character other than `_ ( ~`: exactly what those two give then.
/// `None` when the chunk needs a closer look ([`chunk_at`], then the general path).
pub(crate) fn plain_span(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = start;
    // The word: letters, up to white space or the first other character.
    let end = loop {
        // Eight bytes at a time while they are all ASCII letters (most words are nothing else).
        while let Some(bytes) = b.get(i..i + 8) {
            let n = ascii_letters(u64::from_le_bytes(bytes.try_into().expect("8 bytes")));
            i += n;
            if n < 8 {
                break;
            }
        }
        let Some(&x) = b.get(i) else {
            return Some(i);
        };
        if x.is_ascii_alphabetic() {
            i += 1;
        } else if x < 0x80 {
            if matches!(x, b'_' | b'(' | b'~') {
                return None;
            }
            break i;
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            if c.is_whitespace() {
                return Some(i);
            }
            if !matches!(wb_class(c), Some(Wb::Letter)) || c == '\u{2bc}' {
                return None;
            }
            i += c.len_utf8();
        }
    };
    // The rest of the chunk: nothing that would make it other than plain.
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            match x {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return Some(end),
                b'0'..=b'9' | b'.' | b'@' | b':' | b'/' | b'\'' | b'-' => return None,
                _ => i += 1,
            }
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            if c.is_whitespace() {
                return Some(end);
            }
            if matches!(c, '\u{2019}' | '\u{2bc}' | '\u{2010}' | '\u{2011}') {
                return None;
            }
            i += c.len_utf8();
        }
    }
    Some(end)
}

/// How many of the eight bytes of `v` (little-endian: its first byte lowest) are ASCII letters
/// before the first that is not, in a few word operations instead of a branch per byte.
#[inline]
fn ascii_letters(v: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const fn splat(b: u8) -> u64 {
        (b as u64) * 0x0101_0101_0101_0101
    }
    // Each byte's low seven bits, lowercased: adding to them never carries into the next byte.
    let lower = (v | splat(0x20)) & LOW7;
    // High bit set where the byte is at least `a`, and where it is past `z`.
    let from_a = lower + splat(0x80 - b'a');
    let past_z = lower + splat(0x80 - b'z' - 1);
    // A letter: from `a`, not past `z`, and ASCII (its own high bit clear).
    let letters = from_a & !past_z & !v & HIGH;
    ((!letters & HIGH).trailing_zeros() / 8) as usize
}

/// The common case, without segmentation: when the chunk holds no digit, `. @ : /`,
/// apostrophe or hyphen, a word that is a run of ASCII or Latin (U+00C0–U+024F) letters ends
/// at the first ASCII character other than `_ ( ~` — UAX #29 would end it there too (no rule
/// joins a letter to ASCII punctuation other than those mid-word marks and `_`, and `(`/`~`
/// start the suffix marks). Returns `None` when the general path is needed.
pub(crate) fn plain_word_end(text: &str, start: usize, chunk_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = start;
    while i < chunk_end {
        let x = b[i];
        if x.is_ascii_alphabetic() {
            i += 1;
        } else if x < 0x80 {
            return (!matches!(x, b'_' | b'(' | b'~')).then_some(i);
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            if !matches!(wb_class(c), Some(Wb::Letter)) || c == '\u{2bc}' {
                return None;
            }
            i += c.len_utf8();
        }
    }
    Some(i)
}

/// Word-break class of a character, for the characters [`latin_pieces`] handles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// ExtendNumLet (`_`).
    Connector,
    /// MidLetter (`:`).
    MidLetter,
    /// MidNum (`,` `;`).
    MidNum,
    /// MidNumLet or Single_Quote (`.` `'` `’`).
    MidNumLet,
    /// Anything else in range: a piece of its own.
    Other,
}

/// The UAX #29 word-break class of `c` if `c` is in the fast-path repertoire.
fn wb_class(c: char) -> Option<Wb> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Wb::Letter,
        '0'..='9' => Wb::Digit,
        '_' => Wb::Connector,
        ':' => Wb::MidLetter,
        ',' | ';' => Wb::MidNum,
        '.' | '\'' | '\u{2019}' => Wb::MidNumLet,
        c if c.is_ascii() => Wb::Other,
        '\u{d7}' | '\u{f7}' => return None,
        '\u{c0}'..='\u{24f}' | '\u{2bc}' => Wb::Letter,
        _ => return None,
    })
}

/// UAX #29 word segmentation restricted to ASCII, Latin letters U+00C0–U+024F (all ALetter),
/// `ʼ` (ALetter) and `’` (MidNumLet) — the repertoire of almost all French text. Implements
/// rules WB5–WB13b for these classes (no Extend/Format/ZWJ characters occur in it, and chunks
/// hold no whitespace). Returns `false`, leaving `out` unspecified, if another character occurs.
fn latin_pieces(chunk: &str, out: &mut Vec<(usize, usize)>) -> bool {
    out.clear();
    let mut it = chunk.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let Some(mut prev) = wb_class(c) else {
            return false;
        };
        if !matches!(prev, Wb::Letter | Wb::Digit | Wb::Connector) {
            out.push((i, i + c.len_utf8()));
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            let Some(cls) = wb_class(d) else {
                return false;
            };
            match cls {
                Wb::Letter | Wb::Digit | Wb::Connector => {
                    it.next();
                    end = j + d.len_utf8();
                    prev = cls;
                }
                Wb::MidLetter | Wb::MidNum | Wb::MidNumLet => {
                    let after = chunk[j + d.len_utf8()..].chars().next();
                    let Some(next) = after.map(wb_class) else {
                        break;
                    };
                    let Some(next) = next else {
                        return false;
                    };
                    let letters = prev == Wb::Letter
                        && next == Wb::Letter
                        && matches!(cls, Wb::MidLetter | Wb::MidNumLet);
                    let digits = prev == Wb::Digit
                        && next == Wb::Digit
                        && matches!(cls, Wb::MidNum | Wb::MidNumLet);
                    if !(letters || digits) {
                        break;
                    }
                    it.next();
                }
                Wb::Other => break,
            }
        }
        out.push((i, end));
    }
    true
}

/// Extends a word ending at `end` (relative to `chunk`) over `(s)`-style inclusive endings,
/// `°` after `n`, and a transcript `~`.
fn suffix_marks(chunk: &str, mut end: usize) -> usize {
    let b = chunk.as_bytes();
    if b.get(end) == Some(&b'~') {
        return end + 1;
    }
    if chunk[end..].starts_with('°') && chunk[..end].eq_ignore_ascii_case("n") {
        return end + '°'.len_utf8();
    }
    if b.get(end) == Some(&b'(')
        && chunk[..end]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    {
        let inner = &chunk[end + 1..];
        let letters = inner
            .chars()
            .take_while(|c| c.is_alphabetic())
            .take(6)
            .count();
        let len: usize = inner.chars().take(letters).map(char::len_utf8).sum();
        // Or an inclusive ending of four or five letters (`acteur(rice)s`).
        let ending = || super::inclusive::is_long_ending(&inner[..len].to_lowercase());
        if ((1..=3).contains(&letters) || (4..=5).contains(&letters) && ending())
            && inner[len..].starts_with(')')
        {
            end += 1 + len + 1;
            // `élu(e)s`: letters glued after the bracket.
            end += chunk[end..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum::<usize>();
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count of leading ASCII letters, byte by byte.
    fn ascii_letters_slowly(v: u64) -> usize {
        v.to_le_bytes()
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count()
    }

    /// Every byte value at every position after letters, and random words: the word
    /// operations count what a byte-by-byte loop counts.
    #[test]
    fn ascii_letters_counts_as_byte_by_byte() {
        for letter in [b'a', b'z', b'A', b'Z', b'm'] {
            for x in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [letter; 8];
                    bytes[at] = x;
                    let v = u64::from_le_bytes(bytes);
                    assert_eq!(ascii_letters(v), ascii_letters_slowly(v), "{x:#x} at {at}");
                }
            }
        }
        let mut v = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            v = v.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            // Bytes drawn around the letters' range, and anywhere.
            for w in [v, (v & 0x3f3f_3f3f_3f3f_3f3f) + 0x4141_4141_4141_4141] {
                assert_eq!(ascii_letters(w), ascii_letters_slowly(w), "{w:#x}");
            }
        }
    }

    fn first_word(text: &str) -> &str {
        let mut pieces = Vec::new();
        let e = chunk_at(text, 0).end;
        let fast = word_end(text, 0, e, &mut pieces, true, true);
        assert_eq!(
            fast,
            word_end(text, 0, e, &mut pieces, false, true),
            "{text}"
        );
        &text[..fast]
    }

    #[test]
    fn latin_pieces_match_uax29() {
        let samples = [
            "l'État,",
            "aujourd’hui;",
            "1,5;2",
            "a:b",
            "a.b.c.",
            "1.2.",
            "x_1",
            "_a",
            "a_.b",
            "1,a",
            "a,1",
            "ab'",
            "'ab",
            "12'34",
            "a''b",
            "œuvre:",
            "14h30",
            "(s)",
            "a;b",
            "1;2",
            "É.U.",
            "lʼélu",
            "3.a",
            "a.3",
            "--",
            "a-b",
            "Ǆa",
        ];
        let mut v = Vec::new();
        for s in samples {
            let want: Vec<(usize, usize)> = s
                .split_word_bound_indices()
                .map(|(i, p)| (i, i + p.len()))
                .collect();
            assert!(latin_pieces(s, &mut v), "{s}");
            assert_eq!(v, want, "{s}");
        }
        assert!(!latin_pieces("日本", &mut v));
        assert!(!latin_pieces("a×b", &mut v));
    }

    #[test]
    fn merging_table() {
        let cases = [
            ("co-construction,", "co-construction"),
            ("a-t-il", "a-t-il"),
            ("14/09/2020.", "14/09/2020"),
            ("mg/kg", "mg"),
            ("et/ou", "et"),
            ("SXC6J.007", "SXC6J.007"),
            ("1,5", "1,5"),
            ("1.2", "1.2"),
            ("14:30", "14:30"),
            ("14h30", "14h30"),
            ("Note:", "Note"),
            ("l' État", "l'"),
            ("l'État", "l'État"),
            ("aujourd’hui", "aujourd’hui"),
            ("fin.Début", "fin"),
            ("Objectifs:partager", "Objectifs"),
            ("a.b:c", "a.b"),
            ("cnfpt.fr", "cnfpt.fr"),
            ("-0,8", "-0,8"),
            ("27ème", "27ème"),
            ("N-1", "N-1"),
            ("mot-", "mot"),
            ("AUTRE(S)", "AUTRE(S)"),
            ("élu(e)s,", "élu(e)s"),
            ("acteur(rice)s", "acteur(rice)s"),
            ("DIRECTEUR(TRICE)", "DIRECTEUR(TRICE)"),
            ("mot(idée)", "mot"),
            ("agent(s)", "agent(s)"),
            ("mot(exemple)", "mot"),
            ("n°3", "n°"),
            ("j~", "j~"),
        ];
        for (text, want) in cases {
            assert_eq!(first_word(text), want, "{text}");
        }
    }
}
