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
//! it stems apart from its singular (`élus`, `réflexions`), a singular in `-er` it reads as an
//! infinitive (`usager`, `conseiller`), and a few words of local government it merges with
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
/// and `direct`; of `communication` and `commun`; of `via` and `vie`; of `voire` and `voir`; of
/// `employés` (the staff) and `emploi` (a job: 508 `employés` and 278 `employé` were counted as
/// `emploi` in the Grand Débat answers). And families it splits: `publique(s)`, the feminine of
/// `public(s)` (Snowball: `publiqu`, `public`), and the clippings of the notes, `transfo` for
/// `transformation` and `labo`, `lab` for `laboratoire` (an innovation lab), which were themes
/// apart from the words they stand for. Sorted by word (a test checks it).
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
    ("employé", "employé"),
    ("employée", "employé"),
    ("employées", "employé"),
    ("employés", "employé"),
    ("lab", "laboratoir"),
    ("labo", "laboratoir"),
    ("labos", "laboratoir"),
    ("labs", "laboratoir"),
    ("publique", "public"),
    ("publiques", "public"),
    ("transfo", "transform"),
    ("transfos", "transform"),
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

/// Words in `-er` whose plural in `-ers` is frequent in the reference list but which are mostly
/// verbs in notes (`reporter` une réunion, `supporter` une charge, `challenger` une idée) or
/// verbs typed without accents (`rever`, `designer`): [`FrenchStemmer`] leaves them to Snowball,
/// with their conjugated forms. Reviewed against every word the rule would change. Sorted (a test
/// checks it).
const NOT_ER_NOUNS: &[&str] = &[
    "baiser",
    "booster",
    "challenger",
    "designer",
    "poster",
    "ranger",
    "reporter",
    "rever",
    "scanner",
    "supporter",
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

/// The nouns and adjectives in `-er` that Snowball stems apart from their own plural and
/// feminine (`usager` → `usag`, the stem of `usage`, while `usagers`, `usagère` → `usager`),
/// each with the stem of its plural: words of five letters or more of the reference list whose
/// plural in `-ers` is in it too, at least a tenth as frequent (a verb's infinitive is far more
/// frequent than the noun it makes: `parler`, `parlers`), but for [`NOT_ER_NOUNS`]. Built on
/// the first cache miss of a word in `-er` (some 260 pairs stemmed once, about 3 ms).
fn er_nouns() -> &'static FxHashMap<&'static str, String> {
    static MAP: OnceLock<FxHashMap<&'static str, String>> = OnceLock::new();
    MAP.get_or_init(|| er_nouns_but(NOT_ER_NOUNS))
}

/// [`er_nouns`], with `exceptions` for [`NOT_ER_NOUNS`].
fn er_nouns_but(exceptions: &[&str]) -> FxHashMap<&'static str, String> {
    let freq: FxHashMap<&str, u64> = crate::reference::WORDFREQ_FR_TSV
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (word, n) = line.split_once('\t')?;
            let n = n.split('\t').next()?.parse().ok()?;
            (word.ends_with("er") || word.ends_with("ers")).then_some((word, n))
        })
        .collect();
    let snowball = Stemmer::create(Algorithm::French);
    let mut plural = String::new();
    freq.iter()
        .filter(|(word, _)| {
            word.ends_with("er") && word.chars().nth(4).is_some() && !exceptions.contains(word)
        })
        .filter_map(|(&word, &n)| {
            plural.clear();
            plural.push_str(word);
            plural.push('s');
            let of_plural = freq.get(plural.as_str())?;
            if of_plural.saturating_mul(10) < n {
                return None;
            }
            let stem = snowball.stem(&plural);
            (snowball.stem(word) != stem).then(|| (word, stem.into_owned()))
        })
        .collect()
}

/// Snowball French, corrected where it hides what French notes are about.
///
/// Three corrections, all on a normalised (lowercase) form:
/// - **Plurals Snowball stems apart from their singular.** Snowball keeps a final `s` after
///   `a i o u è s`, so `élus`, `individus`, `labos`, `amis`, `lois` each stemmed apart from their
///   singular; and its suffix rules cut `réflexions` shorter than `réflexion` (`réflex`,
///   `réflexion`), `opinions` than `opinion`.
///   A word of four letters or more in `-us`, `-os`, `-is` or `-ons` whose form without the `s`
///   is in the general-French word list ([`crate::reference::WORDFREQ_FR_TSV`]) takes the stem
///   of that singular — in `-ons`, when the singular's stem is the longer — unless
///   it is one of the words listed as no plural (`mois`, `fois`, `plus`, `avis`, `héros`…). A word whose
///   form without `s` is no word of the list is left alone (`compris`, `processus`).
/// - **Singulars in `-er` Snowball reads as infinitives.** It cuts the `-er` of `usager`,
///   `conseiller`, `étranger`, `foyer`, `danger`, `manager`, but not of their plural or feminine
///   (`usagers`, `usagère` → `usager`): the singular joined `usage`, `conseil`, `foi` (*faith*),
///   `manage`. A noun or adjective in `-er` whose plural is frequent in the general-French list
///   takes its plural's stem; a verb whose infinitive dwarfs its plural (`parler`, `charger`,
///   `transformer`) or listed as mostly a verb in notes (`reporter`, `supporter`) is left alone.
/// - **Words of local government Snowball merges with unrelated ones**: `collectivités` (not
///   `collecte`), `départements` (not `départ`), `directions`, `communication`,
///   `via`, `voire` take their own stem (see the table in the source); `publique` joins
///   `public`.
/// - **Prefixes written with a hyphen** (`co-voiturage`, `télé-travail`, `ré-élection`) stem as
///   the word written joined (`covoiturage`): see the list in `compound.rs`.
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
    /// assert_eq!(stemmer.stem("élu·e·s"), stemmer.stem("élus"));
    /// assert_eq!(stemmer.stem("co-voiturage"), stemmer.stem("covoiturage"));
    /// ```
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if self.refined {
            // Inclusive writing joins the masculine form it extends (`élu·e·s` as `élus`).
            if let Some(masculine) = super::inclusive_masculine(word) {
                return Cow::Owned(self.stem(&masculine).into_owned());
            }
            // A prefix written with a hyphen stems as the word written joined.
            if let Some(joined) = super::compound::joined_prefix(word) {
                return Cow::Owned(self.stem(&joined).into_owned());
            }
            if let Ok(i) = WORD_STEMS.binary_search_by(|(w, _)| (*w).cmp(word)) {
                return Cow::Borrowed(WORD_STEMS[i].1);
            }
            if word.ends_with("er")
                && let Some(stem) = er_nouns().get(word)
            {
                return Cow::Borrowed(stem.as_str());
            }
            if let Some(singular) = singular_of(word) {
                let of_singular = self.snowball.stem(singular);
                // After `u o i`, Snowball kept the `s`: the singular's stem is the family's
                // (`élu`, with `élue`). Otherwise the plural joins the singular only where its
                // own stem was cut shorter (`réflexions` → `réflex`, `réflexion`): where the
                // singular's is the shorter one, it is Snowball reading a verb (`usager` →
                // `usag`, the stem of `usage`): the plural keeps its own (`usager`), which the
                // singular takes when it is a noun (`er_nouns`, above).
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

    /// `employés` (the staff) is no `emploi` (a job), as Snowball had it; the clippings of the
    /// notes join the word they stand for.
    #[test]
    fn staff_and_clippings_take_their_own_family() {
        let stemmer = FrenchStemmer::new();
        let snowball = FrenchStemmer::snowball();
        assert_eq!(snowball.stem("employés"), snowball.stem("emploi"));
        for staff in ["employé", "employée", "employées", "employés"] {
            assert_ne!(stemmer.stem(staff), stemmer.stem("emploi"), "{staff}");
            assert_eq!(stemmer.stem(staff), stemmer.stem("employés"), "{staff}");
        }
        assert_eq!(stemmer.stem("emplois"), stemmer.stem("emploi"));
        for (clipping, word) in [
            ("transfo", "transformation"),
            ("transfos", "transformations"),
            ("labo", "laboratoire"),
            ("labos", "laboratoires"),
            ("lab", "laboratoire"),
            ("labs", "laboratoire"),
        ] {
            assert_ne!(snowball.stem(clipping), snowball.stem(word), "{clipping}");
            assert_eq!(stemmer.stem(clipping), stemmer.stem(word), "{clipping}");
        }
    }

    #[test]
    fn singulars_in_er_join_their_plural_and_feminine() {
        let stemmer = FrenchStemmer::new();
        let snowball = FrenchStemmer::snowball();
        for (family, unrelated) in [
            (
                &["usager", "usagers", "usagère", "usagères"][..],
                Some("usage"),
            ),
            (
                &["conseiller", "conseillers", "conseillère"],
                Some("conseil"),
            ),
            (&["foyer", "foyers"], Some("foi")),
            (&["étranger", "étrangers", "étrangère"], Some("étrange")),
            (&["danger", "dangers", "dangereux"], None),
            (&["manager", "managers"], Some("management")),
            (&["léger", "légers", "légère"], Some("lège")),
        ] {
            assert_ne!(
                snowball.stem(family[0]),
                snowball.stem(family[1]),
                "{family:?}"
            );
            for w in family {
                assert_eq!(stemmer.stem(w), stemmer.stem(family[0]), "{w}");
            }
            if let Some(unrelated) = unrelated {
                assert_ne!(
                    stemmer.stem(family[0]),
                    stemmer.stem(unrelated),
                    "{unrelated}"
                );
            }
        }
        // Verbs stay with their conjugated forms: rare plurals (`parlers`), listed ones
        // (`reporter`), no plural at all (`partager`), and `-ier` words Snowball already joins.
        for (verb, form) in [
            ("parler", "parle"),
            ("charger", "charge"),
            ("transformer", "transforme"),
            ("reporter", "reporte"),
            ("supporter", "supporte"),
            ("partager", "partagé"),
            ("engager", "engage"),
            ("quartier", "quartiers"),
        ] {
            assert_eq!(stemmer.stem(verb), snowball.stem(verb), "{verb}");
            assert_eq!(stemmer.stem(verb), stemmer.stem(form), "{verb}");
        }
    }

    /// The tables are sorted (they are binary-searched), and every word listed as no plural or
    /// as no noun in `-er` is one the rule would otherwise change (no dead entry).
    #[test]
    fn tables_are_sorted_and_every_exception_is_needed() {
        assert!(WORD_STEMS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NOT_PLURALS.windows(2).all(|w| w[0] < w[1]));
        assert!(NOT_ER_NOUNS.windows(2).all(|w| w[0] < w[1]));
        let unfiltered = er_nouns_but(&[]);
        for word in NOT_ER_NOUNS {
            assert!(
                unfiltered.contains_key(word),
                "{word}: not changed by the rule"
            );
            assert!(!er_nouns().contains_key(word), "{word}");
        }
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
