//! Stage 5 — stop-word tagging (tag, never drop: concordance and sentence shape need them).
//!
//! Preconditions: look-ups take the *normalised* form (lowercase, `'` apostrophe, accents kept;
//! see [`normalize`](fn@super::normalize)). Accents are not folded before the check: `maïs` is
//! not `mais`, `où` is not `ou`.
//!
//! The list is the Snowball French stop list (BSD-3, notice in
//! `data/stopwords-fr/LICENSE.snowball-website.txt`, embedded unchanged), plus the words below,
//! plus any user list.

use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::error::Error;

/// The Snowball French stop list, embedded unchanged (comments start with `|`).
pub(crate) const SNOWBALL: &str = include_str!("../../data/stopwords-fr/stop.txt");

/// Function words Snowball leaves out that are noise in workshop notes.
///
/// - `est`, `été`, `a`, `son`: Snowball omits them as homonyms of *east* / *summer* / the
///   letter / *sound*; in notes they are overwhelmingly the verbs *être* / *avoir* and the
///   possessive (`son équipe`, `son rôle`: `son` was a theme of the shipped corpus).
/// - `l'on`, `c'est-à-dire`: kept as single tokens (UD French gold does so); `l'on` is the
///   euphonic form of `on`.
/// - `m.`, `mm.`, `mme`, `mmes`, `mlle`: civilities, never themes; `n°` (*numéro*).
/// - Common pronouns, adverbs, prepositions, conjunctions and determiners missing from
///   Snowball (`elles`, `plus`, `très`, `tout`, `comme`, `si`, `où`, `dont`, `auprès`,
///   `contre`, `rien`, `aucun`, `notamment`, …): they dominate counts without carrying a theme.
///   `bien`, `faire`, `bon`, `genre` are *not* here: `bien commun`, `faire ensemble`,
///   `bon usage`, `égalité de genre` are real themes.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a",
    "as",
    "son",
    "est",
    "été",
    "être",
    "avoir",
    "l'on",
    "c'est-à-dire",
    "m.",
    "mm.",
    "mme",
    "mmes",
    "mlle",
    "n°",
    "plus",
    "moins",
    "très",
    "trop",
    "peu",
    "tout",
    "tous",
    "toute",
    "toutes",
    "comme",
    "si",
    "où",
    "dont",
    "quand",
    "comment",
    "pourquoi",
    "chez",
    "entre",
    "vers",
    "sous",
    "selon",
    "depuis",
    "pendant",
    "avant",
    "après",
    "encore",
    "déjà",
    "aussi",
    "ainsi",
    "alors",
    "donc",
    "car",
    "puis",
    "or",
    "ni",
    "non",
    "oui",
    "y",
    "cet",
    "celui",
    "celle",
    "ceux",
    "celles",
    // Demonstratives stay one token with their `-ci` / `-là` (UD French).
    "celui-ci",
    "celle-ci",
    "ceux-ci",
    "celles-ci",
    "celui-là",
    "celle-là",
    "ceux-là",
    "celles-là",
    "ça",
    "là",
    "lors",
    "afin",
    "chaque",
    "autre",
    "autres",
    "quelque",
    "quelques",
    "leurs",
    // Pronouns, prepositions, conjunctions, negations and adverbs of degree or frequency
    // Snowball leaves out too (`elles` and `-elles` were ranked as themes, so were `auprès`,
    // `contre`, `vraiment`, `aucun`, `rien` on the Grand Débat answers).
    "elles",
    "auprès",
    "parmi",
    "malgré",
    "durant",
    "contre",
    "sauf",
    "envers",
    "hors",
    "dès",
    "jusque",
    "lorsque",
    "puisque",
    "tandis",
    "cependant",
    "pourtant",
    "toutefois",
    "néanmoins",
    "quoique",
    "via",
    "outre",
    "voici",
    "quant",
    "rien",
    "aucun",
    "aucune",
    "plusieurs",
    "certains",
    "certaines",
    // Forms of stop words that stem with them (`même`, `un`, `certains`): since general French
    // is counted without the stop words' own frequencies, a form left out of the list would be
    // compared with its own rare frequency and look specific (`mêmes` became a theme).
    "certain",
    "certaine",
    "mêmes",
    "uns",
    "chacun",
    "chacune",
    "toujours",
    "jamais",
    "souvent",
    "vraiment",
    "beaucoup",
    "assez",
    "tellement",
    "plutôt",
    "notamment",
    "surtout",
    "également",
    "autant",
    // Conjugated forms of the modal and light verbs (`doit`, `veulent`, `font` were themes of
    // `corpus/`): what is to be done is said by the word that follows. Their infinitives are
    // nouns too (`le pouvoir d'agir`, `le devoir de réserve`) and stay, as does `fait`.
    "dois",
    "doit",
    "devons",
    "devez",
    "doivent",
    "devait",
    "devaient",
    "devra",
    "devront",
    "devrait",
    "devraient",
    "devrais",
    "devrions",
    "peux",
    "peut",
    "pouvons",
    "pouvez",
    "peuvent",
    "pouvait",
    "pouvaient",
    "pourra",
    "pourront",
    "pourrait",
    "pourraient",
    "pourrais",
    "pourrions",
    "veux",
    "veut",
    "voulons",
    "voulez",
    "veulent",
    "voulait",
    "voudrait",
    "voudraient",
    "faut",
    "faudrait",
    "faudra",
    "fallait",
    "font",
    // `peut-être` is one token (as in UD French): it ranked 70th on the Grand Débat.
    "peut-être",
    "peut-etre",
    // Numbers, days and months (the months as `corpus::date::FRENCH_MONTHS` names them, added
    // in `default_set`; here, those written without their accent): dates and counts in notes (`mardi`, `mars`, `deux` were themes),
    // never a concern on their own. The ordinal endings written apart (`27 ème région`,
    // `7^{ème}`): `ème` was a theme.
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "dix",
    "vingt",
    "trente",
    "cent",
    "mille",
    "ème",
    "eme",
    "ième",
    "ieme",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "fevrier",
    "aout",
    "decembre",
];

/// Spoken fillers and note-taking tics (on by default, see
/// [`AnalyzerBuilder::fillers`](super::AnalyzerBuilder::fillers)).
///
/// `ca` is `ça` typed without the cedilla (`CA`, *chiffre d'affaires*, is an acronym token and
/// acronyms are never stop-tagged). `quoi` and `enfin` are kept as fillers because in
/// transcribed speech they are overwhelmingly discourse markers. `bon` is not: `bon usage`.
pub(crate) const FILLERS: &[&str] = &[
    "ca", "euh", "heu", "hum", "ben", "bah", "hein", "voilà", "voila", "bref", "bcp", "etc", "ok",
    "okay", "ouais", "quoi", "enfin",
];

/// Builds the default set (Snowball + function words, + fillers if asked).
pub(crate) fn default_set(fillers: bool) -> FxHashSet<Box<str>> {
    let mut set = FxHashSet::default();
    for line in SNOWBALL.lines() {
        if let Some(word) = parse_line(line, '|') {
            set.insert(word.into());
        }
    }
    set.extend(FUNCTION_WORDS.iter().map(|w| Box::<str>::from(*w)));
    set.extend(
        crate::corpus::date::FRENCH_MONTHS
            .iter()
            .map(|w| Box::<str>::from(*w)),
    );
    if fillers {
        set.extend(FILLERS.iter().map(|w| Box::<str>::from(*w)));
    }
    set
}

/// Whether `lower` (normalised: lowercase, `'` apostrophe, accents kept) is in the default
/// French stop list ([`default_set`] without the fillers): a word of general French that is
/// never a person's name on its own (`dans`, `la`, `des`), for the corpus and the pseudonymizer,
/// which have no [`Analyzer`](super::Analyzer) at hand.
pub(crate) fn is_default_stop_word(lower: &str) -> bool {
    static SET: OnceLock<FxHashSet<Box<str>>> = OnceLock::new();
    SET.get_or_init(|| default_set(false)).contains(lower)
}

/// The word on a list line: text before a comment marker, trimmed; `None` for blank lines.
fn parse_line(line: &str, comment: char) -> Option<&str> {
    let body = line.split(comment).next().unwrap_or("").trim();
    (!body.is_empty()).then_some(body)
}

/// Reads a user stop-word file: one word per line, `|` or `#` starts a comment, blank lines
/// ignored. Words are normalised (lowercase, `'`). A line holding two words is an error, as is
/// a word with characters that can never form a token.
pub(crate) fn read_file(path: &Path) -> Result<Vec<String>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    // Decoded as the notes are, a repaired UTF-8 file refused (see `decode_settings`).
    let text =
        crate::corpus::decode::decode_settings(bytes).map_err(|(line, reason)| Error::Config {
            path: path.to_owned(),
            line,
            reason,
        })?;
    let mut words = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        let body = line.split(['|', '#']).next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        let bad = |reason: String| Error::Config {
            path: path.to_owned(),
            line: i + 1,
            reason,
        };
        if body.split_whitespace().nth(1).is_some() {
            return Err(bad(format!(
                "un seul mot par ligne attendu, trouvé « {body} »"
            )));
        }
        if !body.chars().any(char::is_alphanumeric) {
            return Err(bad(format!("« {body} » ne contient ni lettre ni chiffre")));
        }
        let mut lower = String::new();
        super::normalize::normalize(body, &mut lower);
        words.push(lower);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowball_list_is_parsed() {
        let set = default_set(false);
        for w in [
            "au", "de", "mais", "même", "qu", "à", "c", "été", "est", "a", "son",
        ] {
            assert!(set.contains(w), "{w}");
        }
        for w in ["maïs", "east", "bien", "faire", "|", "étés", "euh"] {
            assert!(!set.contains(w), "{w}");
        }
        assert!(default_set(true).contains("euh"));
    }

    #[test]
    fn user_file_parsing_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ok.txt");
        std::fs::write(&ok, "# mes mots\nAtelier | commentaire\n\n  Séance  \n").unwrap();
        assert_eq!(read_file(&ok).unwrap(), ["atelier", "séance"]);
        let two = dir.path().join("two.txt");
        std::fs::write(&two, "atelier\nmot double\n").unwrap();
        match read_file(&two) {
            Err(Error::Config { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected a Config error, got {other:?}"),
        }
        let missing = dir.path().join("absent.txt");
        assert!(matches!(read_file(&missing), Err(Error::Read { .. })));
        // Decoded as the notes are: Windows-1252 and UTF-16 with a BOM read as UTF-8 does (they
        // were refused as not UTF-8); a binary file is refused in French.
        let latin = dir.path().join("latin.txt");
        std::fs::write(&latin, b"atelier\r\ns\xe9ance\r\n").unwrap();
        assert_eq!(read_file(&latin).unwrap(), ["atelier", "séance"]);
        let utf16 = dir.path().join("utf16.txt");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "atelier\nséance\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        std::fs::write(&utf16, bytes).unwrap();
        assert_eq!(read_file(&utf16).unwrap(), ["atelier", "séance"]);
        // One stray Latin-1 byte in UTF-8 text is refused at its line (a note would be read
        // with `�` there, and the stop word would match nothing).
        let stray = dir.path().join("stray.txt");
        std::fs::write(&stray, b"citoyens\n\xe9lus\ns\xc3\xa9ance\n").unwrap();
        let e = read_file(&stray).unwrap_err();
        assert!(matches!(e, Error::Config { line: 2, .. }), "{e:?}");
        assert!(e.to_string().contains("pas en UTF-8 valide"), "{e}");
        // With a BOM too (such a file was read as UTF-8 with a BOM, repaired).
        std::fs::write(&stray, b"\xef\xbb\xbfcitoyens\n\xe9lus\ns\xc3\xa9ance\n").unwrap();
        let e = read_file(&stray).unwrap_err();
        assert!(matches!(e, Error::Config { line: 2, .. }), "{e:?}");
        let binary = dir.path().join("binary.txt");
        std::fs::write(&binary, b"\x00\x01\x02\x00\x00\x03atelier").unwrap();
        let e = read_file(&binary).unwrap_err();
        assert!(e.to_string().contains("semble binaire"), "{e}");
    }
}
