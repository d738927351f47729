//! Pseudonyms for people's names: every full name and every name part (of at least three
//! letters) of the people a corpus names is replaced, wherever it occurs as a whole word, by a
//! stable pseudonym (`Participant·e 7`). A part that is a French stop word (`dans`, `des`), or
//! written in lowercase in the name (the particle of `Jean des Marais`), is an ordinary word:
//! it is replaced only within the whole name ([`name_parts`]).
//!
//! People are numbered in corpus order ([`Corpus::people`](crate::corpus::Corpus::people), which
//! is deterministic), the same name written twice keeping one number. A name part shared by
//! several people (`Anne`) cannot be attributed and becomes a neutral mask (`[nom]`). Matching
//! ignores case, treats `’` as `'` and any white space as one space. Accents must match, unless
//! one side has none: a name listed without them (`ELODIE`) matches `Élodie`, and a word written
//! all in capitals (`JOEL AUBE`, capitals lose their accents) matches `Joël Aubé`; but `Paris`
//! is not `PÂRIS`, nor `marche` `MARCHÉ`, nor `Marie` `MARIÉ`.
//!
//! Notes spell names as they are heard: the list says `Olivier RYKEVAERT`, a bullet `Olivier
//! Ryckevaert`, a theme label `ryckevaert demande`. A word of at least five letters (seven when
//! written all in capitals, like the acronym `CESER`, not `César`) that is no word of general
//! French (the reference list, accents ignored) and is one edit away from a name part of the list
//! (Damerau–Levenshtein, `strsim`, accents ignored; two edits when both have nine letters or more)
//! is taken for that name too. Ordinary words are never taken for a name by this rule (`Matin` is
//! not `Martin`); a name spelt further off is not caught — read an anonymised report before
//! sharing it.
//!
//! A person the notes name without listing them (`rencontre avec Florence Mensah`, in a
//! heading) is masked too: a common French first name ([`FIRST_NAMES`]) written with a capital
//! (not in capitals: `CLAIRE` is an adjective shouted) and followed by words written with a
//! capital, particles and initials (`Florence Mensah`, `Jérémy MONTAGNY`, `Laure de La
//! Raudière`, `Jean Claude Ameisen`, `Julie D.`), the whole of it, or a word in capitals that is
//! no French word followed by such a first name (`UVIN Cécile`), becomes the mask (`[nom]`): the
//! report cannot tell who they are, so they get no number. A place named after a saint (`Saint
//! Martin d'Hères`, `St Jean de Luz`) is no one. A name whose first name is not in the list, or
//! written alone, is still missed.

use std::collections::HashSet;
use std::sync::OnceLock;

use unicode_normalization::char::decompose_canonical;

use crate::corpus::Person;
use crate::corpus::structure::name_parts;

/// Replaces people's names in text; the identity when built with [`Pseudonymizer::identity`].
#[derive(Debug, Clone, Default)]
pub struct Pseudonymizer {
    /// Patterns, longest first: folded ([`fold`]), without accents ([`bare`]), whether the two
    /// differ, and their replacement.
    patterns: Vec<(Vec<char>, Vec<char>, bool, String)>,
    /// Folded one-word name parts of at least [`FUZZY_MIN_CHARS`] letters and their replacement,
    /// for names spelt differently in the text.
    fuzzy: Vec<(String, String)>,
    /// The replacement of a word near several people's names, and of an unlisted name.
    masked: String,
    /// Whether it replaces anything ([`Pseudonymizer::identity`] does not).
    active: bool,
}

/// Common French first names, one per word or line (see the file's header): a first name
/// written with a capital and followed by a capitalised word is taken for a person's name.
pub const FIRST_NAMES: &str = include_str!("prenoms.txt");

/// [`FIRST_NAMES`], folded (accents kept).
fn first_names() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        FIRST_NAMES
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default())
            .flat_map(str::split_whitespace)
            .map(|w| w.chars().map(fold).collect())
            .collect()
    })
}

/// Particles inside a surname (`Marine Le Pen`, `Amina de Rouille`): after a first name, they
/// take the next capitalised word with them.
const PARTICLES: [&str; 12] = [
    "de", "du", "des", "d", "le", "la", "van", "von", "da", "di", "ben", "el",
];

/// The end of one more word of a person's name after `from` (a word's end): a space, any
/// particles (`de`, `La`, `d'`), then a capitalised word or an initial (`D.`, `G`).
fn name_word_after(chars: &[char], f: &[char], from: usize) -> Option<usize> {
    let mut j = from;
    loop {
        if chars.get(j) != Some(&' ') {
            return None;
        }
        let s = j + 1;
        let e = (s..chars.len())
            .find(|&k| !chars[k].is_alphabetic())
            .unwrap_or(chars.len());
        if e == s {
            return None;
        }
        let word: String = f[s..e].iter().collect();
        let particle = PARTICLES.contains(&word.as_str());
        if particle && matches!(chars.get(e), Some('\'' | '’')) {
            return capitalised_word(chars, e + 1);
        }
        if particle && chars.get(e) == Some(&' ') && capitalised_word(chars, e + 1).is_some() {
            j = e;
            continue;
        }
        let end = capitalised_word(chars, s)?;
        // An initial, with its dot if it has one.
        if end == s + 1 && chars.get(end) == Some(&'.') {
            return Some(end + 1);
        }
        return Some(end);
    }
}

/// The end of the word starting at `i` if it is a capitalised name word: letters, with inner
/// hyphens (`Jean-Pierre`).
fn capitalised_word(chars: &[char], i: usize) -> Option<usize> {
    if !chars.get(i).is_some_and(|c| c.is_uppercase()) {
        return None;
    }
    let mut end = i;
    while end < chars.len() {
        if chars[end].is_alphabetic() {
            end += 1;
        } else if chars[end] == '-' && chars.get(end + 1).is_some_and(|c| c.is_alphabetic()) {
            end += 2;
        } else {
            break;
        }
    }
    // `Jean2` is no name word.
    if chars.get(end).is_some_and(|c| c.is_alphanumeric()) {
        None
    } else {
        Some(end)
    }
}

/// Names shorter than this are only matched as written (one edit away from a four-letter name
/// is too many words).
const FUZZY_MIN_CHARS: usize = 5;

/// Name parts of this many letters or more may be two edits away.
const FUZZY_TWO_EDITS_CHARS: usize = 9;

/// A word written all in capitals is taken for a misspelt name only from this length (shorter
/// ones are acronyms: `CESER`, `CEREMA`).
const FUZZY_MIN_CHARS_IN_CAPITALS: usize = 7;

/// One character folded for matching: lowercase, `’` as `'`, white space as a space (one
/// character for one, so that positions in the folded text are those of the text).
fn fold(c: char) -> char {
    if c == '’' || c == 'ʼ' {
        '\''
    } else if c.is_whitespace() {
        ' '
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// A folded character without its accent (`é` → `e`; `æ` and `œ` stay).
fn bare(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    base.unwrap_or(c)
}

fn folded(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in s.trim().chars().map(fold) {
        if c == ' ' && out.last() == Some(&' ') {
            continue;
        }
        out.push(c);
    }
    out
}

impl Pseudonymizer {
    /// A pseudonymizer that changes nothing.
    pub fn identity() -> Self {
        Pseudonymizer::default()
    }

    /// The report's pseudonyms for `people` in `lang` (`Participant·e 3`, `[nom]`): what the
    /// report, `kwic` and the IRaMuTeQ export replace names with.
    pub fn in_language(people: &[Person], lang: crate::lang::Lang) -> Self {
        let w = lang.words();
        Pseudonymizer::new(people, w.pseudonym, w.masked_name)
    }

    /// Pseudonyms `{prefix} N` for `people`, numbered from 1 in their order; `masked` replaces
    /// name parts shared by several people.
    pub fn new(people: &[Person], prefix: &str, masked: &str) -> Self {
        let mut numbers: Vec<(Vec<char>, usize)> = Vec::new();
        let mut parts: std::collections::BTreeMap<Vec<char>, Vec<usize>> = Default::default();
        for p in people {
            let key = folded(&p.name);
            if key.is_empty() {
                continue;
            }
            let n = match numbers.iter().find(|(k, _)| *k == key) {
                Some((_, n)) => *n,
                None => {
                    numbers.push((key, numbers.len() + 1));
                    numbers.len()
                }
            };
            // From the name as written, each spelling of it: a word in lowercase there is a
            // particle, no name on its own (see `name_parts`, which leaves out stop words too).
            for part in name_parts(&p.name) {
                let entry = parts.entry(folded(&part)).or_default();
                if !entry.contains(&n) {
                    entry.push(n);
                }
            }
        }
        let mut patterns: Vec<(Vec<char>, String)> = Vec::new();
        for (key, n) in &numbers {
            let name: String = key.iter().collect();
            patterns.push((key.clone(), format!("{prefix} {n}")));
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() == 2 {
                let reversed = folded(&format!("{} {}", words[1], words[0]));
                patterns.push((reversed, format!("{prefix} {n}")));
            }
        }
        for (part, owners) in parts {
            let replacement = if owners.len() == 1 {
                format!("{prefix} {}", owners[0])
            } else {
                masked.to_string()
            };
            patterns.push((part, replacement));
        }
        patterns.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        patterns.dedup_by(|a, b| a.0 == b.0);
        let fuzzy = patterns
            .iter()
            .filter(|(pat, _)| {
                pat.len() >= FUZZY_MIN_CHARS && pat.iter().all(|c| c.is_alphabetic())
            })
            .map(|(pat, rep)| (pat.iter().map(|&c| bare(c)).collect(), rep.clone()))
            .collect();
        let patterns = patterns
            .into_iter()
            .map(|(pat, rep)| {
                let stripped: Vec<char> = pat.iter().map(|&c| bare(c)).collect();
                let accented = stripped != pat;
                (pat, stripped, accented, rep)
            })
            .collect();
        Pseudonymizer {
            patterns,
            fuzzy,
            masked: masked.to_string(),
            active: true,
        }
    }

    /// The replacement of `word` (folded) if it is a name of the list spelt differently: the
    /// name part fewest edits away, within the bounds of the module doc; the mask when parts of
    /// several people are that near.
    fn near_name(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < FUZZY_MIN_CHARS || crate::reference::is_french_word_folded(word) {
            return None;
        }
        let mut best: Option<(usize, &str)> = None;
        for (part, rep) in &self.fuzzy {
            let shortest = len.min(part.chars().count());
            let allowed = if shortest >= FUZZY_TWO_EDITS_CHARS {
                2
            } else {
                1
            };
            let d = strsim::damerau_levenshtein(word, part);
            if d > allowed {
                continue;
            }
            best = match best {
                Some((bd, _)) if d > bd => best,
                Some((bd, brep)) if d == bd && brep != rep => Some((d, &self.masked)),
                Some((bd, _)) if d == bd => best,
                _ => Some((d, rep)),
            };
        }
        best.map(|(_, rep)| rep)
    }

    /// Whether this pseudonymizer changes nothing ([`Pseudonymizer::identity`]).
    pub fn is_identity(&self) -> bool {
        !self.active
    }

    /// The end of an unlisted person's name starting at `i` (a word start), if one does: see
    /// the module doc. `f` is the text folded (lowercase, accents kept).
    fn unlisted_name(chars: &[char], f: &[char], i: usize) -> Option<usize> {
        let names = first_names();
        let folded = |from: usize, to: usize| -> String { f[from..to].iter().collect() };
        // Written with a capital, not in capitals (`CLAIRE` is an adjective shouted), and as
        // spelt (`Aime` is no `Aimé`).
        let is_first_name = |from: usize, to: usize| {
            let first = (from..to).find(|&j| chars[j] == '-').unwrap_or(to);
            chars[from + 1..first].iter().any(|c| c.is_lowercase())
                && names.contains(&folded(from, first))
        };
        // Not a place named after a saint (`Saint Martin d'Hères`, `St Jean de Luz`,
        // `Saint-Étienne`).
        if i > 0 && chars[i - 1] == '-' {
            return None;
        }
        let before: String = {
            let end = (0..i)
                .rev()
                .find(|&j| !chars[j].is_whitespace())
                .map_or(0, |j| j + 1);
            let end = if end > 0 && chars[end - 1] == '.' {
                end - 1
            } else {
                end
            };
            let start = (0..end)
                .rev()
                .find(|&j| !chars[j].is_alphabetic())
                .map_or(0, |j| j + 1);
            folded(start, end)
        };
        if matches!(before.as_str(), "saint" | "sainte" | "st" | "ste") {
            return None;
        }
        let end1 = capitalised_word(chars, i)?;
        if is_first_name(i, end1) {
            // More name words follow: `Jean Claude Ameisen`, `Laure de La Raudière`.
            let mut end = name_word_after(chars, f, end1)?;
            for _ in 0..3 {
                match name_word_after(chars, f, end) {
                    Some(e) => end = e,
                    None => break,
                }
            }
            return Some(end);
        }
        // `UVIN Cécile`: a word in capitals, no French word, then a first name that starts no
        // name of its own (`le DGS Pierre Martin` is `le DGS [nom]`).
        let start2 = end1 + 1;
        let end2 = (chars.get(end1) == Some(&' '))
            .then(|| capitalised_word(chars, start2))
            .flatten()?;
        let in_capitals = chars[i..end1].iter().all(|c| !c.is_lowercase());
        let bare_word: String = folded(i, end1).chars().map(bare).collect();
        (in_capitals
            && end1 - i >= 3
            && !crate::reference::is_french_word_folded(&bare_word)
            && is_first_name(start2, end2)
            && name_word_after(chars, f, end2).is_none())
        .then_some(end2)
    }

    /// `text` with every name replaced.
    pub fn apply(&self, text: &str) -> String {
        if !self.active {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let f: Vec<char> = chars.iter().map(|&c| fold(c)).collect();
        let b: Vec<char> = f.iter().map(|&c| bare(c)).collect();
        let word = |c: char| c.is_alphanumeric();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'outer: while i < chars.len() {
            if i == 0 || !word(f[i - 1]) {
                // As written first (`Marié` is MARIÉ, not Marie), then without accents when the
                // name has none or the text is in capitals (which lose them).
                for exact in [true, false] {
                    for (pat, stripped, accented, rep) in &self.patterns {
                        let end = i + pat.len();
                        if end > f.len() || (end < f.len() && word(f[end])) {
                            continue;
                        }
                        let matches = if exact {
                            f[i..end] == pat[..]
                        } else {
                            b[i..end] == stripped[..]
                                && (!accented || !chars[i..end].iter().any(|c| c.is_lowercase()))
                        };
                        if matches {
                            push_pseudonym(&mut out, rep);
                            i = end;
                            continue 'outer;
                        }
                    }
                }
                if let Some(end) = Self::unlisted_name(&chars, &f, i) {
                    push_pseudonym(&mut out, &self.masked);
                    i = end;
                    continue 'outer;
                }
                let end = (i..f.len()).find(|&j| !word(f[j])).unwrap_or(f.len());
                let in_capitals = !chars[i..end].iter().any(|c| c.is_lowercase());
                if !in_capitals || end - i >= FUZZY_MIN_CHARS_IN_CAPITALS {
                    let folded: String = b[i..end].iter().collect();
                    if let Some(rep) = self.near_name(&folded) {
                        push_pseudonym(&mut out, rep);
                        i = end;
                        continue 'outer;
                    }
                }
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }
}

/// Appends a replacement, once for a name whose parts were replaced one by one: `Olivier
/// Ryckevaert` (a listed first name, then a spelling of the surname) reads `P 1`, not `P 1 P 1`.
fn push_pseudonym(out: &mut String, rep: &str) {
    if out
        .strip_suffix(' ')
        .is_some_and(|before| before.ends_with(rep))
    {
        out.pop();
    } else {
        out.push_str(rep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::PersonRole;

    fn person(name: &str) -> Person {
        Person {
            name: name.into(),
            role: PersonRole::Participant,
            atelier: None,
        }
    }

    #[test]
    fn names_and_parts_become_stable_pseudonyms() {
        let people = [
            person("Thierry AMBROSINI"),
            person("Anne LECHENE"),
            person("Anne Groiselle"),
            person("Amina Rouille d'Orfeuil"),
            person("Anne LECHENE"),
        ];
        let p = Pseudonymizer::new(&people, "Participant·e", "[nom]");
        assert_eq!(
            p.apply("Thierry Ambrosini et ANNE lechene, puis Anne seule."),
            "Participant·e 1 et Participant·e 2, puis [nom] seule."
        );
        assert_eq!(
            p.apply("Selon Groiselle et Amina Rouille d’Orfeuil ; AMBROSINI Thierry."),
            "Selon Participant·e 3 et Participant·e 4 ; Participant·e 1."
        );
        // Whole words only: `Anne` is not replaced inside `Annecy`, nor `Thierry` in `Thierryville`.
        assert_eq!(
            p.apply("À Annecy, Thierryville."),
            "À Annecy, Thierryville."
        );
        assert_eq!(p.apply("Thierry"), "Participant·e 1");
        assert_eq!(p.apply("Amina Rouille d'ORFEUIL"), "Participant·e 4");
        assert!(Pseudonymizer::identity().is_identity());
        assert_eq!(Pseudonymizer::identity().apply("Anne"), "Anne");
    }

    /// Accents are ignored, and a capitalised word one edit from a name (two for long names)
    /// that is no French word is taken for it; ordinary words and short names are not.
    #[test]
    fn names_spelt_differently_are_caught() {
        let people = [
            person("Olivier RYKEVAERT"),
            person("Elodie LETOUT"),
            person("Martin Préaud"),
            person("Sophie Largeau"),
            person("Sophie Largeot"),
            person("Joël Aubé"),
        ];
        let p = Pseudonymizer::new(&people, "P", "[nom]");
        assert_eq!(
            p.apply("Olivier Ryckevaert et Élodie Letout ; RYKEVERT, PREAUD."),
            "P 1 et P 2 ; P 1, P 3."
        );
        // In capitals, accents are ignored even where no edit is allowed (short names, French
        // words); `Aube` is a word, not `Aubé`.
        assert_eq!(p.apply("JOEL AUBE, Aube."), "P 6, Aube.");
        // Two edits away from a long name; one from a shorter one.
        assert_eq!(p.apply("Ryckevart a dit"), "P 1 a dit");
        assert_eq!(p.apply("Letoux a dit"), "P 2 a dit");
        assert_eq!(p.apply("Letouxx a dit"), "Letouxx a dit");
        // Ordinary words stay; a name with a wrong accent, or misspelt in lowercase (a theme
        // label), is caught.
        assert_eq!(
            p.apply("Matin, Martine et Prêaud ; letoux"),
            "Matin, Martine et P 3 ; P 2"
        );
        // Near two people's names at once: masked.
        assert_eq!(p.apply("Largeau, Largeat"), "P 4, [nom]");
    }

    /// A person named without being listed is masked: a common first name followed by a
    /// capitalised word, or a surname in capitals followed by a first name; ordinary capitalised
    /// pairs stay.
    #[test]
    fn unlisted_names_are_masked() {
        let p = Pseudonymizer::new(&[person("Thierry AMBROSINI")], "P", "[nom]");
        assert_eq!(
            p.apply("Après la réunion rencontre avec Florence Mensah"),
            "Après la réunion rencontre avec [nom]"
        );
        assert_eq!(
            p.apply("UVIN Cécile, M Jérémy MONTAGNY, Anne Le Pen, Julie D. et Jean-Pierre Ka."),
            "[nom], M [nom], [nom], [nom] et [nom]."
        );
        assert_eq!(
            p.apply("Marie de Gournay, Amina d’Orfeuil, Paul de la ville"),
            "[nom], [nom], Paul de la ville"
        );
        // The whole name, however long (the surname was left after a partial mask).
        assert_eq!(
            p.apply("à Mme Laure de La Raudière, Jean Claude Ameisen, M. Camille de Rocca Serra"),
            "à Mme [nom], [nom], M. [nom]"
        );
        assert_eq!(
            p.apply("le DGS Pierre Martin a parlé"),
            "le DGS [nom] a parlé"
        );
        assert_eq!(p.apply("Anne G : spirale"), "[nom] : spirale");
        // Not names: words in capitals, a first name spelt otherwise, places named after saints.
        for kept in [
            "TOUJOURS CLAIRE ET FERME",
            "ON AIME la FRANCE",
            "CARSAT : AMELIE TRES BIEN",
            "Saint Martin d'Hères, St Jean de Luz, Saint-Laurent Nouan, marché de Noël de Lyon",
        ] {
            assert_eq!(p.apply(kept), kept);
        }
        // A listed person keeps their number.
        assert_eq!(p.apply("Thierry Ambrosini"), "P 1");
        // Not names: an institution, a place, a first name alone or followed by a lowercase word,
        // an acronym before a first name that is a French word.
        for kept in [
            "France Travail et Pôle Emploi",
            "Florence, Marie et Paul sont venus.",
            "Pierre angulaire",
            "Le Grand Débat",
            "Jean2 Dupont",
        ] {
            assert_eq!(p.apply(kept), kept);
        }
        // With nobody listed, unlisted names are still masked; the identity masks nothing.
        let none = Pseudonymizer::new(&[], "P", "[nom]");
        assert_eq!(none.apply("avec Florence Mensah"), "avec [nom]");
        assert!(!none.is_identity());
        assert_eq!(
            Pseudonymizer::identity().apply("avec Florence Mensah"),
            "avec Florence Mensah"
        );
    }

    /// A name part that is a French stop word or a particle written in lowercase is an ordinary
    /// word, masked only within the whole name: `Dans SRC`, taken for a speaker of the Assembly
    /// debates, made every `dans` of the report a pseudonym.
    #[test]
    fn stop_words_and_particles_are_masked_only_in_the_whole_name() {
        let people = [
            person("Dans SRC"),
            person("Jean des Marais"),
            person("Marie-Louise Fort"),
        ];
        let p = Pseudonymizer::new(&people, "P", "[nom]");
        let prose = "Ce n'est pas dans le texte : la plupart des amendements, dans la loi.";
        assert_eq!(p.apply(prose), prose);
        let named = "Dans SRC, il y a ; Jean des Marais ; Marais et Jean ; Marie-Louise Fort";
        let out = p.apply(named);
        for name in [
            "Dans", "SRC", "Jean", "des", "Marais", "Marie", "Louise", "Fort",
        ] {
            assert!(
                !out.split([' ', ',', ';']).any(|w| w == name),
                "{name} in {out:?}"
            );
        }
        // The rest of the names is masked as before.
        assert_eq!(p.apply("Marais et Fort"), "P 2 et P 3");
    }

    /// Accents count, unless one side has none: ordinary words that are a name without its
    /// accents stay, and two people whose names differ by an accent stay two.
    #[test]
    fn accents_count_unless_one_side_has_none() {
        let people = [
            person("Noël PÂRIS"),
            person("Honoré MARCHÉ"),
            person("Jean MARIÉ"),
            person("Marie Dupont"),
            person("ELODIE LETOUT"),
            person("César MOREAU"),
        ];
        let p = Pseudonymizer::new(&people, "P", "[nom]");
        assert_eq!(
            p.apply("À Paris, la marche ; Marie et Marié ; PARIS ; Élodie ; le CESER"),
            "À Paris, la marche ; P 4 et P 3 ; P 1 ; P 5 ; le CESER"
        );
    }
}
