//! The vocabulary: interned stems, each with a readable label.
//!
//! Stems are what statistics count (`confianc`, `essaimag`), but a person never sees one: each
//! stem is shown by its most frequent surface form (`confiance`), lowercase unless the word is a
//! proper noun (capitalised inside sentences), accents kept.

/// A stem's id in a [`Vocab`]: ids follow the stems' sorted order, so they do not depend on the
/// order in which threads met them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct StemId(pub u32);

impl StemId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Interned stems with their labels.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    stems: Vec<Box<str>>,
    labels: Vec<String>,
    /// Each stem's id, found by the stem's hash: four bytes a stem, where a map from the stem's
    /// text held a second copy of every stem (3 MiB of the Grand Débat run's peak).
    index: hashbrown::HashTable<u32>,
}

/// The hash of a stem in [`Vocab::index`].
fn stem_hash(stem: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(stem)
}

impl Vocab {
    /// Builds a vocabulary from stems in sorted order, with their labels.
    ///
    /// # Panics
    /// If the stems are not strictly sorted or the lengths differ (a bug in the caller).
    pub fn from_sorted(stems: Vec<Box<str>>, labels: Vec<String>) -> Vocab {
        assert_eq!(stems.len(), labels.len());
        assert!(
            stems.windows(2).all(|w| w[0] < w[1]),
            "stems must be sorted"
        );
        let mut index = hashbrown::HashTable::with_capacity(stems.len());
        for (i, stem) in stems.iter().enumerate() {
            index.insert_unique(stem_hash(stem), i as u32, |&j| {
                stem_hash(&stems[j as usize])
            });
        }
        Vocab {
            stems,
            labels,
            index,
        }
    }

    /// The id of a stem.
    pub fn get(&self, stem: &str) -> Option<StemId> {
        self.index
            .find(stem_hash(stem), |&i| *self.stems[i as usize] == *stem)
            .map(|&i| StemId(i))
    }

    /// The stem of an id (for machines: exports, debugging).
    pub fn stem(&self, id: StemId) -> &str {
        &self.stems[id.index()]
    }

    /// The readable label of an id (for people).
    pub fn label(&self, id: StemId) -> &str {
        &self.labels[id.index()]
    }

    /// Number of stems.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }
}

/// The order surface forms are shown and chosen in: the most frequent first; between forms as
/// frequent, alphabetically, accents, ligatures and case aside, and of two spellings of one word
/// the one written with more accents or ligatures first (`élus` before `elus`, `cœur` before
/// `coeur`: the spelling the other stands for), then as written.
pub fn form_order(a: (&str, u32), b: (&str, u32)) -> std::cmp::Ordering {
    let marked = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    b.1.cmp(&a.1)
        .then_with(|| unmarked(a.0).cmp(unmarked(b.0)))
        .then_with(|| marked(b.0).cmp(&marked(a.0)))
        .then_with(|| a.0.cmp(b.0))
}

/// A spelling lowercase, its accents taken off and its ligatures written out (`Cœur` →
/// `coeur`), as characters (no allocation: sorts compare forms many times).
fn unmarked(s: &str) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    s.nfd().filter(|&c| !is_combining_mark(c)).flat_map(|c| {
        let (first, second) = match c {
            'œ' | 'Œ' => ('o', Some('e')),
            'æ' | 'Æ' => ('a', Some('e')),
            c => (c, None),
        };
        first.to_lowercase().chain(second)
    })
}

/// How a word was written inside sentences (not first in one): what tells a proper noun, and
/// whether a capitalised spelling is the one to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsideCase {
    /// Occurrences capitalised inside a sentence.
    pub capitalised: u64,
    /// Occurrences in lowercase inside a sentence.
    pub lower: u64,
}

impl InsideCase {
    /// Whether the word behaves as a proper noun: capitalised inside sentences at least four
    /// times as often as not.
    pub fn is_proper_noun(self) -> bool {
        self.capitalised > 0 && self.capitalised >= 4 * self.lower
    }
}

/// The fewest capitalised spellings of a word that is no proper noun for its label to be
/// capitalised (see [`choose_label`]): a few (`Ville de Grenoble`, `Directeur` in a list of
/// participants) tell a title, not the word's own spelling.
const MIN_CAPITALISED_SPELLINGS: u64 = 10;

/// Chooses a stem's label from its surface forms and how they were capitalised inside
/// sentences.
///
/// Forms are grouped case-insensitively; the most frequent group wins (ties: as
/// [`form_order`] says). It is shown lowercase, unless its most frequent capitalised spelling
/// is the word's own:
/// - the word is a proper noun ([`InsideCase::is_proper_noun`]);
/// - or the winning group is written capitalised (`France`) at least four times as often as
///   in lowercase, at least ten times, most of those inside sentences, not only as the first
///   word of one. A stem shared with common words (`franc`: `France` and `français`) is no
///   proper noun as a whole, yet its most frequent spelling is one; a word that opens many
///   bullets (`Posture :`) is capitalised mostly at the start of sentences, and stays
///   lowercase.
///
/// ```
/// use filrouge::vocab::{InsideCase, choose_label};
/// let forms = vec![
///     ("France".to_string(), 90),
///     ("français".to_string(), 50),
///     ("france".to_string(), 5),
/// ];
/// // `français` is written in lowercase inside sentences: no proper noun, yet `France` shows.
/// let case = InsideCase { capitalised: 85, lower: 52 };
/// assert_eq!(choose_label(&forms, case), "France");
/// ```
pub fn choose_label(forms: &[(String, u32)], case: InsideCase) -> String {
    let mut groups: Vec<(String, u32)> = Vec::new();
    for (form, n) in forms {
        let lower = form.to_lowercase();
        match groups.iter_mut().find(|(g, _)| *g == lower) {
            Some(g) => g.1 += n,
            None => groups.push((lower, *n)),
        }
    }
    groups.sort_by(|a, b| form_order((&a.0, a.1), (&b.0, b.1)));
    let Some((best, _)) = groups.first() else {
        return String::new();
    };
    let mut caps: Vec<&(String, u32)> = forms
        .iter()
        .filter(|(f, _)| f.to_lowercase() == *best && f.chars().any(char::is_lowercase))
        .collect();
    caps.sort_by(|a, b| form_order((&a.0, a.1), (&b.0, b.1)));
    let capitalised: u64 = caps
        .iter()
        .filter(|(f, _)| f.chars().next().is_some_and(char::is_uppercase))
        .map(|(_, n)| u64::from(*n))
        .sum();
    let lowercase: u64 = forms
        .iter()
        .filter(|(f, _)| f == best)
        .map(|(_, n)| u64::from(*n))
        .sum();
    let spelt_capitalised = capitalised >= MIN_CAPITALISED_SPELLINGS
        && capitalised >= 4 * lowercase
        && 2 * case.capitalised >= capitalised;
    if (case.is_proper_noun() || spelt_capitalised)
        && let Some((f, _)) = caps.first()
    {
        return f.clone();
    }
    best.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A proper noun's case inside sentences.
    const PROPER: InsideCase = InsideCase {
        capitalised: 5,
        lower: 0,
    };

    #[test]
    fn labels_are_frequent_lowercase_forms() {
        let forms = vec![
            ("Confiance".to_string(), 3),
            ("confiance".to_string(), 5),
            ("CONFIANCE".to_string(), 2),
            ("confiances".to_string(), 1),
        ];
        assert_eq!(choose_label(&forms, InsideCase::default()), "confiance");
        let forms = vec![("Gironde".to_string(), 2), ("GIRONDE".to_string(), 1)];
        assert_eq!(choose_label(&forms, PROPER), "Gironde");
        // As frequent, the spelling with its accents or ligature is shown; other words as
        // frequent are in alphabetical order, accents aside.
        let forms = vec![("inspiré".to_string(), 1), ("inspirations".to_string(), 1)];
        assert_eq!(choose_label(&forms, InsideCase::default()), "inspirations");
        for (plain, marked) in [("coeur", "cœur"), ("elus", "élus")] {
            let forms = vec![(plain.to_string(), 2), (marked.to_string(), 2)];
            assert_eq!(choose_label(&forms, InsideCase::default()), marked);
            let forms = vec![(plain.to_string(), 3), (marked.to_string(), 2)];
            assert_eq!(choose_label(&forms, InsideCase::default()), plain);
        }
        let forms = vec![("légitimité".to_string(), 2), ("Légitimité".to_string(), 2)];
        assert_eq!(choose_label(&forms, InsideCase::default()), "légitimité");
    }

    /// A stem shared by a proper noun and common words (`franc`: `France`, `français`, `franc`)
    /// is shown by the proper noun's spelling when that spelling wins, is capitalised inside
    /// sentences, and often enough to tell; a word capitalised at the start of bullets, or a
    /// few times in a title, is not.
    #[test]
    fn a_capitalised_spelling_shows_when_it_is_the_words_own() {
        let france = vec![
            ("France".to_string(), 9563),
            ("français".to_string(), 4955),
            ("Français".to_string(), 1474),
            ("france".to_string(), 546),
            ("FRANCE".to_string(), 48),
            ("franc".to_string(), 29),
        ];
        // `français` keeps the stem from being a proper noun as a whole.
        let case = InsideCase {
            capitalised: 10_000,
            lower: 5_300,
        };
        assert!(!case.is_proper_noun());
        assert_eq!(choose_label(&france, case), "France");
        // Capitalised mostly as the first word of sentences: lowercase.
        let start = InsideCase {
            capitalised: 2_000,
            lower: 5_300,
        };
        assert_eq!(choose_label(&france, start), "france");
        // Not four times as often capitalised as in lowercase: lowercase.
        let mut even = france.clone();
        even[3].1 = 2_400;
        assert_eq!(choose_label(&even, case), "france");
        // A few capitalised spellings (`Ville de Grenoble` in a list of participants) tell a
        // title, not the word's spelling.
        let ville = vec![
            ("Ville".to_string(), 4),
            ("villes".to_string(), 2),
            ("ville".to_string(), 1),
        ];
        let case = InsideCase {
            capitalised: 4,
            lower: 3,
        };
        assert_eq!(choose_label(&ville, case), "ville");
    }

    #[test]
    fn vocab_lookup() {
        let v = Vocab::from_sorted(
            vec!["confianc".into(), "essaimag".into()],
            vec!["confiance".into(), "essaimage".into()],
        );
        assert_eq!(v.get("essaimag"), Some(StemId(1)));
        assert_eq!(v.get("confianc"), Some(StemId(0)));
        assert_eq!(v.label(StemId(0)), "confiance");
        for absent in ["x", "a", "d", "confiance", ""] {
            assert_eq!(v.get(absent), None, "{absent}");
        }
    }
}
