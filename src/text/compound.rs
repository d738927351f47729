//! Stage 4 — the hyphen rule: lexical compounds stay whole, verb–pronoun inversions split.
//!
//! Preconditions: the input is one merged word span (stage 2) with any leading elision already
//! split off (stage 3); hyphens inside it are `-`, U+2010 or U+2011 and each joins two letters
//! or digits (stage 2 only joins across a hyphen with no space on either side).
//!
//! The rule follows the UD French treebanks (GSD, Sequoia, Rhapsodie), whose gold tokens are:
//! - lexical compounds whole: `co-construction`, `savoir-être`, `vis-à-vis`, `peut-être`,
//!   `porte-parole`, `États-Unis`, `Police-Population` (a coined compound noun of the notes:
//!   it names one thing, so it stays one token), `celui-ci`, `là-bas`, `rendez-vous`;
//! - clitic pronouns after a verb split off **with their hyphen**, the euphonic `t` going with
//!   the pronoun: `a-t-il` → `a` + `-t-il`, `est-ce` → `est` + `-ce`, `pouvez-vous` →
//!   `pouvez` + `-vous`, `Recrute-t-on` → `Recrute` + `-t-on`, `Connais-toi` → `Connais` +
//!   `-toi`, `donne-le-moi` → `donne` + `-le` + `-moi`;
//! - the deictic `-là` / `-ci` after a noun splits too (`ce moment-là` → `moment` + `-là`), but
//!   not after a demonstrative or adverb host (`celui-là`, `celle-ci`, `jusque-là`).
//!
//! Only the *end* of a compound is examined, so place names with an inner `-le-`, `-les-`,
//! `-en-` (`Montigny-le-Bretonneux`, `Saint-Germain-en-Laye`) are untouched. A host must end
//! with a letter (`N-1`, `2020-09-14` never split).

/// Clitic pronouns (and `ce`, `là`, `ci`) that split off the end of a hyphenated span.
const CLITICS: &[&str] = &[
    "je", "tu", "il", "ils", "elle", "elles", "on", "nous", "vous", "le", "la", "les", "lui",
    "leur", "moi", "toi", "en", "y", "ce", "là", "ci",
];

/// Pronouns that take the euphonic `-t-` (`a-t-il`, `va-t-on`).
const T_PRONOUNS: &[&str] = &["il", "ils", "elle", "elles", "on"];

/// Hosts after which `-là` / `-ci` is part of the word.
const DEICTIC_HOSTS: &[&str] = &[
    "celui", "celle", "ceux", "celles", "jusque", "par", "de", "ci", "là", "ce", "ceci",
];

/// Lexicalised verb + pronoun compounds that stay whole.
const LEXICAL: &[&str] = &["rendez-vous", "suivez-moi", "m'as-tu-vu", "va-et-vient"];

/// Whether `c` is a hyphen joining compound parts.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Prefixes written either joined or with a hyphen (`covoiturage`, `co-voiturage`; `télétravail`,
/// `télé-travail`; `intercommunalité`, `inter-communalité`): see [`joined_prefix`].
const JOINABLE_PREFIXES: &[&str] = &[
    "agro", "anti", "auto", "bio", "co", "contre", "éco", "entre", "extra", "inter", "intra",
    "micro", "mini", "multi", "néo", "pluri", "post", "pré", "re", "ré", "socio", "sur", "télé",
    "ultra",
];

/// A prefixed word written with a hyphen, joined (`co-voiturage` → `covoiturage`,
/// `ré-élection` → `réélection`): both spellings of one word, which the stemmer must give one
/// stem. `None` for any other word, and for a compound of more than two parts or whose second
/// part is shorter than three letters (`co-op`). `word` is normalised (lowercase).
///
/// On the Grand Débat answers, `co-voiturage` (227 times) stood beside `covoiturage` (903),
/// `télé-travail` (17) beside `télétravail` (254), `contre-partie` (22) beside `contrepartie`
/// (267).
pub(crate) fn joined_prefix(word: &str) -> Option<String> {
    let (prefix, rest) = word.split_once(is_hyphen)?;
    if !JOINABLE_PREFIXES.contains(&prefix)
        || rest.chars().count() < 3
        || !rest.chars().all(char::is_alphabetic)
    {
        return None;
    }
    Some(format!("{prefix}{rest}"))
}

/// The pronoun of a clitic split off its verb (`-t-il` → `il`, `-vous` → `vous`); any other
/// word as is (a split-off clitic starts with its hyphen, a word never does).
pub(crate) fn without_hyphens(word: &str) -> &str {
    if !word.starts_with(is_hyphen) {
        return word;
    }
    let bare = word.trim_start_matches(is_hyphen);
    match bare.split_once(is_hyphen) {
        Some((_, b)) => b,
        None => bare,
    }
}

fn eq_lower(a: &str, lower: &str) -> bool {
    // Clitics and hosts above are ASCII except `là`; compare case-insensitively on both.
    a.len() == lower.len() && a.eq_ignore_ascii_case(lower)
        || a.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| eq_lower(word, w))
}

/// Last hyphen of `s`: (byte index, byte length).
fn last_hyphen(s: &str) -> Option<(usize, usize)> {
    s.char_indices()
        .rev()
        .find(|&(_, c)| is_hyphen(c))
        .map(|(i, c)| (i, c.len_utf8()))
}

/// Splits clitic tails off `span`: returns the byte length of the host; the tails are
/// `span[host..]`, each starting at a hyphen, pushed to `tails` as (start, end) byte offsets
/// relative to `span`, in text order.
pub(crate) fn split_clitics(span: &str, tails: &mut Vec<(usize, usize)>) -> usize {
    tails.clear();
    if !span.contains(['-', '\u{2010}', '\u{2011}']) || in_list(span, LEXICAL) {
        return span.len();
    }
    let mut end = span.len();
    while let Some((h, hl)) = last_hyphen(&span[..end]) {
        let tail = &span[h + hl..end];
        if !in_list(tail, CLITICS) {
            break;
        }
        let mut start = h;
        // Euphonic t: `a-t-il` → `-t-il`.
        if in_list(tail, T_PRONOUNS)
            && let Some((h2, l2)) = last_hyphen(&span[..h])
            && h2 > 0
            && span[h2 + l2..h].eq_ignore_ascii_case("t")
        {
            start = h2;
        }
        let host = &span[..start];
        let host_last = match last_hyphen(host) {
            Some((i, l)) => &host[i + l..],
            None => host,
        };
        if !host_last.chars().last().is_some_and(char::is_alphabetic)
            || !host_last.chars().all(char::is_alphabetic)
        {
            break;
        }
        if (eq_lower(tail, "là") || eq_lower(tail, "ci")) && in_list(host_last, DEICTIC_HOSTS) {
            break;
        }
        tails.push((start, end));
        end = start;
    }
    tails.reverse();
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_written_with_a_hyphen_are_joined() {
        for (word, joined) in [
            ("co-voiturage", Some("covoiturage")),
            ("co-construction", Some("coconstruction")),
            ("ré-élection", Some("réélection")),
            ("télé\u{2011}travail", Some("télétravail")),
            ("auto-entrepreneurs", Some("autoentrepreneurs")),
            ("co-op", None),
            ("porte-parole", None),
            ("non-recours", None),
            ("auto-auto-école", None),
            ("co-2", None),
            ("covoiturage", None),
        ] {
            assert_eq!(joined_prefix(word).as_deref(), joined, "{word}");
        }
    }

    fn split(span: &str) -> Vec<&str> {
        let mut tails = Vec::new();
        let host = split_clitics(span, &mut tails);
        let mut out = vec![&span[..host]];
        out.extend(tails.iter().map(|&(s, e)| &span[s..e]));
        out
    }

    #[test]
    fn hyphen_table() {
        let cases: &[(&str, &[&str])] = &[
            ("co-construction", &["co-construction"]),
            ("savoir-être", &["savoir-être"]),
            ("vis-à-vis", &["vis-à-vis"]),
            ("peut-être", &["peut-être"]),
            ("porte-parole", &["porte-parole"]),
            ("co-développement", &["co-développement"]),
            ("Police-Population", &["Police-Population"]),
            ("a-t-il", &["a", "-t-il"]),
            ("A-T-IL", &["A", "-T-IL"]),
            ("est-ce", &["est", "-ce"]),
            ("EST-CE", &["EST", "-CE"]),
            ("pouvez-vous", &["pouvez", "-vous"]),
            ("prend-elle", &["prend", "-elle"]),
            ("Recrute-t-on", &["Recrute", "-t-on"]),
            ("Connais-toi", &["Connais", "-toi"]),
            ("donne-le-moi", &["donne", "-le", "-moi"]),
            ("vas-y", &["vas", "-y"]),
            ("moment-là", &["moment", "-là"]),
            ("fois-ci", &["fois", "-ci"]),
            ("celui-ci", &["celui-ci"]),
            ("celle-là", &["celle-là"]),
            ("jusque-là", &["jusque-là"]),
            ("là-bas", &["là-bas"]),
            ("rendez-vous", &["rendez-vous"]),
            ("moi-même", &["moi-même"]),
            ("Montigny-le-Bretonneux", &["Montigny-le-Bretonneux"]),
            ("N-1", &["N-1"]),
            ("2020-09-14", &["2020-09-14"]),
            ("t-il", &["t", "-il"]),
        ];
        for &(span, want) in cases {
            assert_eq!(split(span), want, "{span}");
        }
    }
}
