//! Stage 2b — token kinds: URL, e-mail, date, time, number, code, acronym, word; plus the
//! span matchers that must run *before* UAX #29 segmentation would cut these forms apart
//! (URLs, e-mails, dotted initials and abbreviations).
//!
//! Preconditions: [`classify`] takes one token surface (stages 2–4 done: merged, elision and
//! clitics split off); the `match_*` functions take the text from a token start (a letter or
//! digit) to the next whitespace.
//!
//! French decisions:
//! - Numbers: decimal comma or point (`1,5`, `1.2`), digit groups separated by a space or
//!   no-break space (`80 000`, merged by the scanner), ranges (`1990-1991`), fractions
//!   (`1/10`), a leading minus (`-0,8`), ordinals `1er 1ère 1re 2e 2ème 2nd` and Roman ordinals
//!   (`XIXe`, `Ier`): the UD gold tokenises them as single tokens.
//! - Dates `14/09/2020`, `14/09/20`, `2020-09-14`; times `14h30`, `9h`, `14:30`.
//! - Codes mix letters and digits (`SXC6J.007`, `CO2`, `CD93`, `G20`); `N-1` / `N-2`
//!   (hierarchy levels) are acronyms.
//! - Acronyms are unaccented capitals (French acronyms are written without accents): 2–3
//!   letters always; 4–6 letters unless the token sits in an all-capitals line, where they are
//!   acronyms only when they hold no vowel (`CNFPT`, `SNCF`). Rationale: notes have headings
//!   like `CHANGEMENT DE PARADIGME`, `FORCES`, `SOUTIEN DIRECTION` whose words are ordinary
//!   words; within running text a capitalised 4–6 letter token is almost always an acronym.
//!   Capitalised stop words (`DE`, `ET`, `SA`) are words, never acronyms.

use super::TokenKind;
use super::compound::is_hyphen;

/// Abbreviations that keep their final dot when more text follows on the line (UD gold:
/// `M.`, `Dr.`, `av.`).
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mr", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Me", "Mgr", "St", "Ste",
    "av", "apr", "cf", "Cf", "env", "Env", "p", "pp", "vol", "art", "chap", "fig", "éd", "tél",
    "Tél",
];

/// Top-level domains recognised in scheme-less URLs (`betagouv.fr`).
const TLDS: &[&str] = &[
    "fr", "com", "org", "net", "eu", "io", "info", "int", "edu", "gov", "be", "ch", "ca", "de",
    "uk", "re", "bzh", "paris",
];

/// Whether `text[end..]` continues with more text on the same line (not only spaces).
fn line_continues(text: &str, end: usize) -> bool {
    for c in text[end..].chars() {
        if super::scan::is_line_break(c) {
            return false;
        }
        if !c.is_whitespace() {
            return true;
        }
    }
    false
}

/// `https://…`, `http://…`, `ftp://…`, `www.…` at the start of `chunk` (which holds no
/// whitespace): the byte length of the URL, trailing punctuation excluded.
pub(crate) fn match_url(chunk: &str) -> Option<usize> {
    let b = chunk.as_bytes();
    let starts = |p: &str| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let prefix = if starts("https://") {
        8
    } else if starts("http://") {
        7
    } else if starts("ftp://") {
        6
    } else if starts("www.") && b[4].is_ascii_alphanumeric() {
        4
    } else {
        return None;
    };
    let end = trim_trailing(chunk);
    (end > prefix).then_some(end)
}

/// Length of `s` without trailing sentence punctuation and unbalanced closing brackets.
fn trim_trailing(s: &str) -> usize {
    let mut end = s.len();
    while let Some(c) = s[..end].chars().next_back() {
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '»' | '"' | '\'' | '’' | '>' | '…' | '*' => {
                true
            }
            ')' => s[..end].matches('(').count() < s[..end].matches(')').count(),
            ']' => s[..end].matches('[').count() < s[..end].matches(']').count(),
            _ => false,
        };
        if !strip {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

/// `local@domain.tld` at the start of `chunk`: the byte length of the address.
pub(crate) fn match_email(chunk: &str) -> Option<usize> {
    let at = chunk.find('@')?;
    let local = &chunk[..at];
    if local.is_empty()
        || !local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
    {
        return None;
    }
    let rest = &chunk[at + 1..];
    let dlen = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    let domain = rest[..dlen].trim_end_matches(['.', '-']);
    let dot = domain.rfind('.')?;
    let tld = &domain[dot + 1..];
    (dot > 0 && tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
        .then_some(at + 1 + domain.len())
}

/// Dotted initials at `text[start..]`: `J.-C.`, `R.E.M.`, `A.` (a single initial only when more
/// text follows on the line, so a sentence-final `en S.` keeps its full stop). Returns the end
/// byte offset (after the last dot).
pub(crate) fn match_initials(text: &str, start: usize) -> Option<usize> {
    let mut it = text[start..].char_indices().peekable();
    let mut count = 0;
    let mut end = start;
    loop {
        match (it.next(), it.next()) {
            (Some((_, c)), Some((i, '.'))) if c.is_uppercase() => {
                count += 1;
                end = start + i + 1;
            }
            _ => break,
        }
        if let Some(&(_, c)) = it.peek()
            && is_hyphen(c)
        {
            it.next();
        }
    }
    if count == 0
        || text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    (count > 1 || line_continues(text, end)).then_some(end)
}

/// Whether the word `text[start..end]` is an abbreviation directly followed by its dot, with
/// more text on the line: then the dot belongs to the token.
pub(crate) fn abbreviation_dot(text: &str, start: usize, end: usize) -> bool {
    text.as_bytes().get(end) == Some(&b'.')
        && ABBREVIATIONS.contains(&&text[start..end])
        && !text[end + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        && line_continues(text, end + 1)
}

/// Whether `c` separates digit groups inside a number (`80 000`).
pub(crate) fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// After a number token ending at `end` whose text is `num` (1–3 digits), extends it over
/// `␣ddd` groups and a decimal part: `80 000`, `2 865,5`. Returns the new end.
pub(crate) fn extend_digit_groups(text: &str, num: &str, mut end: usize) -> usize {
    if num.is_empty() || num.len() > 3 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return end;
    }
    let mut grouped = false;
    loop {
        let rest = &text[end..];
        let Some(sp) = rest.chars().next().filter(|&c| is_group_space(c)) else {
            break;
        };
        let after = &rest[sp.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let next = after[digits..].chars().next();
        if digits != 3 || next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            break;
        }
        // `3 000,5` / `3 000.5`: a decimal part continues the group.
        end += sp.len_utf8() + 3;
        grouped = true;
    }
    if grouped {
        let rest = &text.as_bytes()[end..];
        if rest.len() >= 2 && matches!(rest[0], b',' | b'.') && rest[1].is_ascii_digit() {
            let d = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if !rest.get(1 + d).is_some_and(|b| b.is_ascii_alphanumeric()) {
                end += 1 + d;
            }
        }
    }
    end
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_date(s: &str) -> bool {
    let lens = |sep: char| -> Option<Vec<usize>> {
        let parts: Vec<&str> = s.split(sep).collect();
        (parts.len() == 3 && parts.iter().all(|p| all_digits(p)))
            .then(|| parts.iter().map(|p| p.len()).collect())
    };
    if let Some(l) = lens('/').or_else(|| lens('.')) {
        return l[0] <= 2 && l[1] <= 2 && (l[2] == 2 || l[2] == 4);
    }
    if let Some(l) = lens('-') {
        return (l[0] == 4 && l[1] <= 2 && l[2] <= 2) || (l[0] <= 2 && l[1] <= 2 && l[2] == 4);
    }
    false
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    let h = b.iter().take_while(|b| b.is_ascii_digit()).count();
    if h == 0 || h > 2 || h == b.len() {
        return false;
    }
    let rest = &b[h..];
    match rest[0] {
        b'h' | b'H' => {
            rest.len() == 1 || (rest.len() == 3 && rest[1..].iter().all(u8::is_ascii_digit))
        }
        b':' => rest.len() == 3 && rest[1..].iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// Ordinal suffixes after digits (`1er`, `2e`, `27ème`) — lowercase.
const ORDINAL_SUFFIXES: &[&str] = &[
    "e", "er", "ère", "re", "ème", "eme", "è", "nd", "nde", "es", "ers", "ères", "res", "èmes",
    "emes", "nds", "ndes", "me",
];

fn is_ordinal_suffix(s: &str) -> bool {
    ORDINAL_SUFFIXES
        .iter()
        .any(|o| o.len() == s.len() && s.to_lowercase() == *o)
}

fn is_number(s: &str) -> bool {
    let s = s
        .strip_prefix('-')
        .or_else(|| s.strip_prefix('\u{2212}'))
        .unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        // Roman ordinal: `XIXe`, `Ier`.
        let roman = s.bytes().take_while(|b| b"IVXLC".contains(b)).count();
        return roman > 0
            && (roman >= 2 || s[roman..].eq_ignore_ascii_case("er"))
            && matches!(&s[roman..], "e" | "er" | "ème" | "eme" | "è");
    }
    if digits < s.len() && is_ordinal_suffix(&s[digits..]) {
        return true;
    }
    // Digits separated by single . , / - or group spaces.
    let mut prev_digit = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            prev_digit = true;
        } else if prev_digit && (matches!(c, '.' | ',' | '/') || is_hyphen(c) || is_group_space(c))
        {
            prev_digit = false;
        } else {
            return false;
        }
    }
    prev_digit
}

fn is_url_domain(s: &str) -> bool {
    let Some(dot) = s.rfind('.') else {
        return false;
    };
    let tld = &s[dot + 1..];
    dot > 0
        && TLDS.contains(&tld)
        && s[..dot]
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// The kind of one token surface. `heading` says (lazily) whether the token's line is written
/// all in capitals; `is_stop` tests a lowercase form against the stop list.
pub(crate) fn classify(
    s: &str,
    heading: &mut dyn FnMut() -> bool,
    is_stop: &dyn Fn(&str) -> bool,
) -> TokenKind {
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() || first == b'-' || s.starts_with('\u{2212}') {
        if is_date(s) {
            return TokenKind::Date;
        }
        if is_time(s) {
            return TokenKind::Time;
        }
        if is_number(s) {
            return TokenKind::Number;
        }
    } else if (first == b'I' || first == b'V' || first == b'X') && is_number(s) {
        return TokenKind::Number;
    }
    if s.contains('@') {
        return TokenKind::Email;
    }
    if s.contains('.') && is_url_domain(s) {
        return TokenKind::Url;
    }
    let mut letters = 0usize;
    let mut upper = 0usize;
    let mut digits = 0usize;
    let mut vowels = 0usize;
    let mut other_letter = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c.is_alphabetic() {
            letters += 1;
            if c.is_ascii_uppercase() {
                upper += 1;
                if b"AEIOUY".contains(&(c as u8)) {
                    vowels += 1;
                }
            } else {
                other_letter = true;
            }
        }
    }
    if digits > 0 && letters > 0 {
        // `N-1`, `N-2`: hierarchy levels read as acronyms.
        let b = s.as_bytes();
        if let Some(h) = b.iter().position(|&c| c == b'-')
            && (1..=3).contains(&h)
            && b[..h].iter().all(u8::is_ascii_uppercase)
            && (1..=2).contains(&(b.len() - h - 1))
            && b[h + 1..].iter().all(u8::is_ascii_digit)
        {
            return TokenKind::Acronym;
        }
        return TokenKind::Code;
    }
    if digits > 0 {
        // Digits mixed with symbols the number rule rejected (`1.2.3`, `10/20/30/40`).
        return TokenKind::Number;
    }
    if !other_letter && (2..=6).contains(&upper) {
        if upper > 3 && vowels > 0 && heading() {
            return TokenKind::Word;
        }
        if upper <= 3 && is_stop(&s.to_ascii_lowercase()) {
            return TokenKind::Word;
        }
        return TokenKind::Acronym;
    }
    TokenKind::Word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str, heading: bool) -> TokenKind {
        let stops = ["de", "et", "sa", "la", "le", "a"];
        classify(s, &mut || heading, &|w| stops.contains(&w))
    }

    #[test]
    fn kind_table() {
        use TokenKind::*;
        let cases: &[(&str, bool, TokenKind)] = &[
            ("CNFPT", false, Acronym),
            ("CNFPT", true, Acronym),
            ("DGS", false, Acronym),
            ("DGA", true, Acronym),
            ("REX", false, Acronym),
            ("FPH", false, Acronym),
            ("N-1", false, Acronym),
            ("CD93", false, Code),
            ("SXC6J.007", false, Code),
            ("SXIN3.067", false, Code),
            ("CHANGEMENT", true, Word),
            ("CONFIANCE", false, Word),
            ("FORCES", true, Word),
            ("SOUTIEN", true, Word),
            ("PLAN", true, Word),
            ("DE", true, Word),
            ("DE", false, Word),
            ("ÉLU", true, Word),
            ("A", true, Word),
            ("3", false, Number),
            ("1,5", false, Number),
            ("1.2", false, Number),
            ("1ère", false, Number),
            ("1er", false, Number),
            ("27e", false, Number),
            ("27ème", false, Number),
            ("XIXe", false, Number),
            ("80 000", false, Number),
            ("-0,8", false, Number),
            ("1990-1991", false, Number),
            ("14/09/2020", false, Date),
            ("2020-09-14", false, Date),
            ("14h30", false, Time),
            ("9h", false, Time),
            ("14:30", false, Time),
            ("betagouv.fr", false, Url),
            ("sandrine.heinen@cnfpt.fr", false, Email),
            ("co-construction", false, Word),
            ("Police-Population", false, Word),
            ("État", false, Word),
        ];
        for &(s, heading, want) in cases {
            assert_eq!(kind(s, heading), want, "{s} (heading: {heading})");
        }
    }

    #[test]
    fn url_email_initials() {
        assert_eq!(match_url("https://www.cnfpt.fr/x?a=1)."), Some(26));
        assert_eq!(match_url("(voir"), None);
        assert_eq!(match_url("www.betagouv.fr,"), Some(15));
        assert_eq!(match_email("sandrine.heinen@cnfpt.fr)"), Some(24));
        assert_eq!(match_email("a@b"), None);
        let t = "av. J.-C. et M. Dupont, en S.";
        assert_eq!(match_initials(t, 4), Some(9));
        assert_eq!(match_initials(t, 13), Some(15));
        assert_eq!(
            match_initials(t, 27),
            None,
            "sentence-final initial keeps its stop"
        );
        assert!(abbreviation_dot(t, 0, 2));
        assert_eq!(extend_digit_groups("80 000 personnes", "80", 2), 6);
        assert_eq!(extend_digit_groups("2 865,5 m", "2", 1), 7);
        assert_eq!(extend_digit_groups("en 2019 100 personnes", "2019", 7), 7);
        assert_eq!(extend_digit_groups("3 0000", "3", 1), 1);
    }
}
