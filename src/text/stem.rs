//! Stage 7 — stemming with a per-thread cache.
//!
//! Preconditions: the input is a token surface (any string works); it is normalised with
//! [`normalize`](fn@super::normalize) before stemming, so `Élus` and `élus` share a
//! stem.
//!
//! The stemmer is Snowball French (rust-stemmers, `Algorithm::French`), the reference
//! algorithm for French information retrieval; it is conservative with accents (kept) and
//! removes plural and common derivational suffixes (`territoires` → `territoir`).
//! [`FrenchStemmer`] corrects it where it hides what the notes are about (see its doc): a plural
//! it stems apart from its singular (`élus`, `usagers`, `réflexions`) and a few words of local government it merges with
//! unrelated ones (`collectivités` with `collecte`). [`StemCache::snowball`] keeps the algorithm
//! unchanged, for conformance.
//!
//! Stemming is the costliest step, and word frequencies in French are Zipfian, so a cache keyed
//! by the normalised form turns almost every call into one hash look-up without allocation.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::{is_normalized, normalize};

/// Words whose Snowball stem would merge them with unrelated words, and the stem they take
/// instead (one per word family, all forms listed). Snowball cuts `-ivité`, `-ement`, `-ion`,
/// `-ité` off: in notes on local government that makes one theme of `collectivités` (the local
/// authorities), `collectifs` and `collecte`; of `départements` and `départ`; of `directions`
/// and `direct`; of `communication` and `commun`; of `via` and `vie`; of `voire` and `voir`.
/// And one family it splits: `publique(s)`, the feminine of `public(s)` (Snowball: `publiqu`,
/// `public`). Sorted by word (a test checks it).
const WORD_STEMS: &[(&str, &str)] = &[
    ("collectif", "collectif"),
    ("collectifs", "collectif"),
    ("collective", "collectif"),
    ("collectivement", "collectif"),
    ("collectives", "collectif"),
    ("collectivité", "collectivité"),
    ("collectivités", "collectivité"),
    ("communication", "communication"),
    ("communications", "communication"),
    ("direction", "direction"),
    ("directions", "direction"),
    ("département", "département"),
    ("départements", "département"),
    ("publique", "public"),
    ("publiques", "public"),
    ("via", "via"),
    ("voire", "voire"),
];

/// Words in `-us`, `-os`, `-is`, `-ons` whose form without the `s` is a French word of the
/// reference list but not their singular (`mois` is not the plural of `moi`, `plus` of `plu`,
/// `avis` of `avi`): [`FrenchStemmer`] leaves them to Snowball. Reviewed against every such pair
/// of the list that Snowball stems apart (words of four letters or more). Sorted (a test checks
/// it).
const NOT_PLURALS: &[&str] = &[
    "abus", "agis", "allais", "amos", "anis", "apis", "argos", "aris", "artis", "assis", "avis",
    "bais", "bois", "bous", "bris", "buenos", "campos", "carlos", "chais", "chaos", "chronos",
    "chuis", "clos", "colis", "cosmos", "crois", "dais", "dessus", "deus", "dios", "dois",
    "enfuis", "fais", "fois", "frais", "fuis", "gris", "gros", "hais", "haus", "heros", "huis",
    "héros", "inclus", "irais", "isis", "jais", "jesus", "lagos", "lais", "laos", "loos", "luis",
    "mais", "marcos", "maus", "milos", "minos", "mois", "motus", "mythos", "nais", "nikos", "nous",
    "obéis", "omis", "ouais", "pais", "paris", "plus", "pois", "pris", "puis", "rais", "reis",
    "repos", "rios", "sais", "santos", "sois", "soros", "sous", "status", "suis", "tais", "tapis",
    "thermos", "this", "topos", "tous", "trois", "ulis", "vais", "vois", "vous", "étais",
];

/// The words of the reference list that may be the singular of a plural the corrections look at
/// (ending in `u`, `o`, `i` or `on`; a small set, cheap to probe on a cache miss).
fn singulars() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        crate::reference::WORDFREQ_FR_TSV
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .filter(|w| w.ends_with(['u', 'o', 'i']) || w.ends_with("on"))
            .collect()
    })
}

/// Snowball French, corrected where it hides what French notes are about.
///
/// Two corrections, both on a normalised (lowercase) form:
/// - **Plurals Snowball stems apart from their singular.** Snowball keeps a final `s` after
///   `a i o u è s`, so `élus`, `individus`, `labos`, `amis`, `lois` each stemmed apart from their
///   singular; and its suffix rules cut `réflexions` shorter than `réflexion` (`réflex`,
///   `réflexion`), `opinions` than `opinion`.
///   A word of four letters or more in `-us`, `-os`, `-is` or `-ons` whose form without the `s`
///   is in the general-French word list ([`crate::reference::WORDFREQ_FR_TSV`]) takes the stem
///   of that singular — in `-ons`, when the singular's stem is the longer — unless
///   it is one of the words listed as no plural (`mois`, `fois`, `plus`, `avis`, `héros`…). A word whose
///   form without `s` is no word of the list is left alone (`compris`, `processus`).
/// - **Words of local government Snowball merges with unrelated ones**: `collectivités` (not
///   `collecte`), `départements` (not `départ`), `directions`, `communication`,
///   `via`, `voire` take their own stem (see the table in the source); `publique` joins
///   `public`.
///
/// Every other word stems exactly as Snowball French does.
pub struct FrenchStemmer {
    snowball: Stemmer,
    /// Whether the corrections apply ([`FrenchStemmer::snowball`] turns them off).
    refined: bool,
}

impl Default for FrenchStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for FrenchStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrenchStemmer")
            .field("refined", &self.refined)
            .finish()
    }
}

impl FrenchStemmer {
    /// Snowball French with filrouge's corrections: the stemmer of every stage.
    pub fn new() -> Self {
        FrenchStemmer {
            snowball: Stemmer::create(Algorithm::French),
            refined: true,
        }
    }

    /// Snowball French unchanged (for conformance with the reference algorithm).
    pub fn snowball() -> Self {
        FrenchStemmer {
            refined: false,
            ..Self::new()
        }
    }

    /// The stem of `word`, a normalised (lowercase, `'` apostrophe) form.
    ///
    /// ```
    /// use filrouge::text::FrenchStemmer;
    /// let stemmer = FrenchStemmer::new();
    /// assert_eq!(stemmer.stem("élus"), stemmer.stem("élu"));
    /// assert_ne!(stemmer.stem("mois"), stemmer.stem("moi"));
    /// assert_ne!(stemmer.stem("collectivités"), stemmer.stem("collecte"));
    /// ```
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if self.refined {
            if let Ok(i) = WORD_STEMS.binary_search_by(|(w, _)| (*w).cmp(word)) {
                return Cow::Borrowed(WORD_STEMS[i].1);
            }
            if let Some(singular) = singular_of(word) {
                let of_singular = self.snowball.stem(singular);
                // After `u o i`, Snowball kept the `s`: the singular's stem is the family's
                // (`élu`, with `élue`). Otherwise the plural joins the singular only where its
                // own stem was cut shorter (`réflexions` → `réflex`, `réflexion`): where the
                // singular's is the shorter one, it is Snowball reading a verb (`usager` →
                // `usag`, the stem of `usage`), and the plural keeps its own (`usager`).
                if singular.ends_with(['u', 'o', 'i']) {
                    return of_singular;
                }
                let own = self.snowball.stem(word);
                return if of_singular.len() > own.len() {
                    of_singular
                } else {
                    own
                };
            }
        }
        self.snowball.stem(word)
    }
}

/// Whether `stem` is one the corrections give a word family of their own (`département`,
/// `collectivité`…): later stages must not join it back to the stem it was taken from (the
/// theme stage ties `départ` + `ement`).
pub fn is_corrected_stem(stem: &str) -> bool {
    WORD_STEMS.iter().any(|(_, s)| *s == stem)
}

/// The singular of a plural Snowball leaves whole (see [`FrenchStemmer`]), if `word` is one.
fn singular_of(word: &str) -> Option<&str> {
    let singular = word.strip_suffix('s')?;
    // After `u o i` (Snowball kept the `s`), or `-ons` (the plurals it cuts shorter than their
    // singular: `réflexions`, `opinions`). Every other pair of the list that Snowball stems
    // apart has the plural's stem the longer (`usagers`, `conflits`), which the rule keeps: not
    // looked at, so that a cache miss costs one Snowball call, not two.
    ((singular.ends_with(['u', 'o', 'i']) || word.ends_with("ons"))
        && word.chars().nth(3).is_some()
        && singulars().contains(singular)
        && NOT_PLURALS.binary_search(&word).is_err())
    .then_some(singular)
}

/// A per-thread memo of normalised form → Snowball French stem.
///
/// Not shared between threads on purpose (no locking on the hot path): give each worker its
/// own cache. It grows with the vocabulary (one entry per distinct normalised form); call
/// [`StemCache::clear`] to bound memory on very long runs.
pub struct StemCache {
    stemmer: FrenchStemmer,
    /// Normalised form → index into `entries` (an index, not a reference, so that a hit is
    /// one look-up and the borrow checker accepts returning into `entries`).
    map: FxHashMap<Box<str>, u32>,
    /// (normalised form, stem), in insertion order.
    entries: Vec<(Box<str>, Box<str>)>,
    buf: String,
}

impl Default for StemCache {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StemCache")
            .field("entries", &self.map.len())
            .finish()
    }
}

impl StemCache {
    /// An empty cache over [`FrenchStemmer::new`], the stemmer of every stage.
    pub fn new() -> Self {
        Self::with(FrenchStemmer::new())
    }

    /// An empty cache over Snowball French unchanged ([`FrenchStemmer::snowball`]).
    pub fn snowball() -> Self {
        Self::with(FrenchStemmer::snowball())
    }

    fn with(stemmer: FrenchStemmer) -> Self {
        StemCache {
            stemmer,
            map: FxHashMap::default(),
            entries: Vec::new(),
            buf: String::new(),
        }
    }

    /// The stem ([`FrenchStemmer::stem`]) of the normalised (lowercase, `'` apostrophe) form
    /// of `surface`. A cache hit does not allocate.
    pub fn stem(&mut self, surface: &str) -> &str {
        self.lower_and_stem(surface).1
    }

    /// The normalised lowercase form of `surface` and its stem, both borrowed from the cache.
    pub fn lower_and_stem(&mut self, surface: &str) -> (&str, &str) {
        let key: &str = if is_normalized(surface) {
            surface
        } else {
            normalize(surface, &mut self.buf);
            &self.buf
        };
        let i = match self.map.get(key) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.entries.len()).expect("fewer than 2^32 forms");
                let stem: Box<str> = self.stemmer.stem(key).into();
                self.entries.push((key.into(), stem));
                self.map.insert(key.into(), i);
                i
            }
        };
        let (k, v) = &self.entries[i as usize];
        (k, v)
    }

    /// Number of cached forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Forgets every cached stem (keeps the allocation).
    pub fn clear(&mut self) {
        self.map.clear();
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_normalised_forms_and_caches() {
        let mut cache = StemCache::new();
        assert_eq!(cache.stem("collectivités"), "collectivité");
        assert_eq!(cache.stem("COLLECTIVITÉS"), "collectivité");
        assert_eq!(cache.len(), 1, "both surfaces share one normalised entry");
        assert_eq!(cache.lower_and_stem("Élus"), ("élus", "élu"));
        let a = cache.stem("aujourd’hui").to_owned();
        assert_eq!(cache.stem("aujourd'hui"), a);
        assert_eq!(cache.len(), 3);
        cache.clear();
        assert!(cache.is_empty());
        let mut snowball = StemCache::snowball();
        assert_eq!(snowball.stem("collectivités"), "collect");
        assert_eq!(snowball.stem("élus"), "élus");
    }

    #[test]
    fn plurals_snowball_leaves_whole_join_their_singular() {
        let stemmer = FrenchStemmer::new();
        let snowball = FrenchStemmer::snowball();
        for (plural, singular) in [
            ("élus", "élu"),
            ("individus", "individu"),
            ("contenus", "contenu"),
            ("labos", "labo"),
            ("vidéos", "vidéo"),
            ("emplois", "emploi"),
            ("réflexions", "réflexion"),
            ("opinions", "opinion"),
            ("amis", "ami"),
            ("lois", "loi"),
        ] {
            assert_ne!(snowball.stem(plural), snowball.stem(singular), "{plural}");
            assert_eq!(stemmer.stem(plural), stemmer.stem(singular), "{plural}");
        }
        // Not plurals of the shorter word; words whose singular is no word of the list; short.
        for (word, other) in [
            ("mois", "moi"),
            ("fois", "foi"),
            ("plus", "plu"),
            ("héros", "héro"),
            ("inclus", "inclu"),
            ("vus", "vu"),
        ] {
            assert_eq!(stemmer.stem(word), snowball.stem(word), "{word}");
            assert_ne!(stemmer.stem(word), stemmer.stem(other), "{word}");
        }
        for word in [
            "compris",
            "précis",
            "processus",
            "consensus",
            "tiers",
            "process",
            "cas",
        ] {
            assert_eq!(stemmer.stem(word), snowball.stem(word), "{word}");
        }
        // Where the singular's stem is Snowball reading a verb, the plural keeps its own.
        assert_eq!(stemmer.stem("usagers"), "usager");
        assert_ne!(stemmer.stem("usagers"), stemmer.stem("usage"));
        for word in ["usagers", "conflits", "passagers"] {
            assert_eq!(stemmer.stem(word), snowball.stem(word), "{word}");
        }
    }

    #[test]
    fn local_government_words_keep_their_own_stem() {
        let stemmer = FrenchStemmer::new();
        let snowball = FrenchStemmer::snowball();
        for (word, unrelated) in [
            ("collectivités", "collecte"),
            ("collectivité", "collectifs"),
            ("collectifs", "collecte"),
            ("départements", "départ"),
            ("directions", "direct"),
            ("communication", "commun"),
            ("via", "vie"),
            ("voire", "voir"),
        ] {
            assert_eq!(snowball.stem(word), snowball.stem(unrelated), "{word}");
            assert_ne!(stemmer.stem(word), stemmer.stem(unrelated), "{word}");
        }
        assert_ne!(snowball.stem("publique"), snowball.stem("public"));
        for family in [
            &["public", "publics", "publique", "publiques"][..],
            &["collectivité", "collectivités"],
            &[
                "collectif",
                "collectifs",
                "collective",
                "collectives",
                "collectivement",
            ],
            &["département", "départements"],
        ] {
            assert!(
                family
                    .iter()
                    .all(|w| stemmer.stem(w) == stemmer.stem(family[0]))
            );
        }
    }

    /// The tables are sorted (they are binary-searched), and every word listed as no plural is
    /// one the rule would otherwise change (no dead entry).
    #[test]
    fn tables_are_sorted_and_every_exception_is_needed() {
        assert!(WORD_STEMS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NOT_PLURALS.windows(2).all(|w| w[0] < w[1]));
        let snowball = FrenchStemmer::snowball();
        for word in NOT_PLURALS {
            let singular = &word[..word.len() - 1];
            assert!(
                word.chars().nth(3).is_some(),
                "{word}: shorter than the rule"
            );
            assert!(
                singulars().contains(singular),
                "{word}: {singular} is no word"
            );
            assert_ne!(snowball.stem(word), snowball.stem(singular), "{word}");
        }
        for (word, _) in WORD_STEMS {
            assert_eq!(&normalize_owned(word), word, "{word} is not normalised");
        }
    }

    fn normalize_owned(word: &str) -> String {
        let mut out = String::new();
        normalize(word, &mut out);
        out
    }
}
