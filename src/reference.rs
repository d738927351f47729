//! General-French reference frequencies, per stem, for telling corpus-specific terms from common
//! ones.
//!
//! A theme term matters more when the corpus uses it far more often than French does in general.
//! This module ships that "French in general" side: a table of the 60 000 most frequent French
//! words from [wordfreq](https://github.com/rspeer/wordfreq) (Robyn Speer; built from Wikipedia,
//! film subtitles, news, books, web text, Twitter and Reddit), embedded in the crate with
//! `include_str!` — nothing is read or downloaded at run time.
//!
//! Each word is normalised as filrouge's analyser does it (lowercase, `’` and `ʼ` → `'`, NFC, no
//! accent folding; a word written without its usual accents spelt with them, see
//! [`stem_spelling`]) and stemmed with the analyser's stemmer ([`FrenchStemmer`]: Snowball
//! French, corrected); the frequencies of the words sharing a stem are summed, so lookups take
//! the same stems as the analyser's `StemCache` produces. Stemming 60 000 words at every start-up would cost far
//! more than the lookups, so that step is done ahead of time: the crate ships the word table and
//! the stem table derived from it ([`WORDFREQ_FR_STEMS_TSV`]), and a unit test re-derives the
//! stems from the words and fails if they differ (after a stemmer or normalisation change, run
//! `cargo run --example make_reference_stems`).
//!
//! **Licence.** wordfreq's data is CC BY-SA 4.0, so the tables `data/reference/wordfreq-fr*.tsv`
//! are CC BY-SA 4.0 too (the crate's code stays MIT OR Apache-2.0). Redistributing the table, or
//! output that reproduces it, requires crediting wordfreq and keeping that licence; see
//! [`ATTRIBUTION`] and `data/reference/README.md`, which also says how to regenerate the tables
//! (`scripts/reference/make_reference.py`, then the example above).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::is_nfc;

use crate::error::{Error, Result};
use crate::text::FrenchStemmer;

/// The general-French word table (`word<TAB>occurrences per billion words`, `#` header lines),
/// generated from wordfreq by `scripts/reference/make_reference.py`. CC BY-SA 4.0. The source of
/// truth: [`WORDFREQ_FR_STEMS_TSV`] is derived from it.
pub const WORDFREQ_FR_TSV: &str = include_str!("../data/reference/wordfreq-fr.tsv");

/// The same table already normalised, stemmed and summed per stem (`stem<TAB>per billion`),
/// written by `cargo run --example make_reference_stems` as
/// [`ReferenceFrequencies::to_stem_tsv`] of [`WORDFREQ_FR_TSV`] (a unit test checks the two agree
/// byte for byte). Shipping the stems avoids stemming 60 000 words at start-up. CC BY-SA 4.0.
pub const WORDFREQ_FR_STEMS_TSV: &str = include_str!("../data/reference/wordfreq-fr-stems.tsv");

/// The credit line that CC BY-SA 4.0 asks for wherever the reference frequencies are shown or
/// redistributed (reports that cite them should print it).
pub const ATTRIBUTION: &str = "Fréquences de référence du français général : wordfreq \
     (Robyn Speer, https://github.com/rspeer/wordfreq), données sous licence CC BY-SA 4.0";

/// Where the embedded stem table comes from, for error messages.
const EMBEDDED_PATH: &str = "data/reference/wordfreq-fr-stems.tsv (embedded)";

/// Header line that carries the wordfreq version.
const VERSION_PREFIX: &str = "# wordfreq-version:";

/// Header line of a stem table that carries the number of words it was built from.
const WORDS_PREFIX: &str = "# words:";

/// Relative frequencies of French stems in general usage, in occurrences per million words.
///
/// [`ReferenceFrequencies::french`] gives the embedded wordfreq table. Other tables can be read
/// from a word list ([`from_word_tsv`](Self::from_word_tsv)) or a stem list
/// ([`from_stem_tsv`](Self::from_stem_tsv)). Frequencies are kept as exact integer sums (per
/// billion), so nothing depends on summation order.
#[derive(Debug, Clone)]
pub struct ReferenceFrequencies {
    /// Stem → summed occurrences per billion words. Keys borrow from the embedded text when
    /// they can.
    per_billion: FxHashMap<Cow<'static, str>, u64>,
    /// Number of word rows the table was built from.
    words: usize,
    /// Smallest per-stem frequency, per billion.
    min_per_billion: u64,
    /// Sum over all stems, per billion.
    total_per_billion: u64,
    /// The `# wordfreq-version:` header value, when present.
    wordfreq_version: Option<Box<str>>,
}

impl ReferenceFrequencies {
    /// The general-French table embedded in the crate (wordfreq, CC BY-SA 4.0), parsed on first
    /// use and shared afterwards. Parsing borrows the stems from the embedded text and takes a
    /// few milliseconds.
    pub fn french() -> &'static ReferenceFrequencies {
        static FRENCH: OnceLock<ReferenceFrequencies> = OnceLock::new();
        FRENCH.get_or_init(|| {
            parse_stem_rows(
                WORDFREQ_FR_STEMS_TSV,
                Path::new(EMBEDDED_PATH),
                Cow::Borrowed,
            )
            // The embedded table is fixed at compile time and checked by the unit tests.
            .expect("the embedded reference table is well-formed")
        })
    }

    /// Builds a table from a word list in the format of `data/reference/wordfreq-fr.tsv`: lines
    /// starting with `#` are comments (`# wordfreq-version: X` is remembered), every other line
    /// is `word<TAB>occurrences per billion words` with a positive integer count. Words are
    /// normalised and stemmed as the analyser does (lowercase, `’` `ʼ` → `'`, NFC, the spelling
    /// of [`stem_spelling`], [`FrenchStemmer`]) and counts summed per stem.
    ///
    /// `origin` only names the table in errors. Fails with [`Error::Config`] on a malformed line
    /// or a table with no word.
    pub fn from_word_tsv(text: &str, origin: &Path) -> Result<Self> {
        let stemmer = FrenchStemmer::new();
        let mut per_billion: FxHashMap<Cow<'static, str>, u64> = FxHashMap::default();
        let mut words = 0usize;
        let mut wordfreq_version = None;
        for (line_no, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if line.starts_with('#') {
                if let Some(version) = line.strip_prefix(VERSION_PREFIX) {
                    wordfreq_version = Some(version.trim().into());
                }
                continue;
            }
            let (word, count) = parse_row(line, line_no, origin)?;
            let lower = normalise(word);
            // Spelt as the analyser stems it: the row `impots` counts for `impôts`.
            let stem = stemmer.stem(stem_spelling(&lower));
            match per_billion.get_mut(stem.as_ref()) {
                Some(sum) => *sum += count,
                None => {
                    per_billion.insert(Cow::Owned(stem.into_owned()), count);
                }
            }
            words += 1;
        }
        Self::finish(per_billion, words, wordfreq_version, origin)
    }

    /// Reads a stem table as written by [`to_stem_tsv`](Self::to_stem_tsv): `#` comment lines,
    /// of which `# words: N` is required, then `stem<TAB>occurrences per billion words`, each
    /// stem once. Stems are taken as they are (they must come from the analyser's stemmer).
    ///
    /// Fails with [`Error::Config`] on a malformed line, a repeated stem, a missing `# words:`
    /// line or a table with no stem.
    pub fn from_stem_tsv(text: &str, origin: &Path) -> Result<Self> {
        parse_stem_rows(text, origin, |stem| Cow::Owned(stem.to_owned()))
    }

    /// Like [`from_stem_tsv`](Self::from_stem_tsv) for a table embedded in the program (with
    /// `include_str!`): the stems are borrowed from `text` instead of copied, which halves the
    /// parsing time.
    pub fn from_static_stem_tsv(text: &'static str, origin: &Path) -> Result<Self> {
        parse_stem_rows(text, origin, Cow::Borrowed)
    }

    /// The table as a stem list (the format [`from_stem_tsv`](Self::from_stem_tsv) reads):
    /// header comments (provenance, licence, `# words:`), then `stem<TAB>per billion` sorted by
    /// frequency descending, then stem. Deterministic: the same table gives the same bytes.
    pub fn to_stem_tsv(&self) -> String {
        let mut rows: Vec<(&str, u64)> = self
            .per_billion
            .iter()
            .map(|(stem, &count)| (stem.as_ref(), count))
            .collect();
        rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mut out = String::with_capacity(rows.len() * 16 + 1024);
        out.push_str("# filrouge general-French reference frequencies per stem\n");
        out.push_str(
            "# derived from: data/reference/wordfreq-fr.tsv; words normalised as the analyser \
             does (lowercase, ’ ʼ -> ', NFC), stemmed with rust-stemmers (Snowball French, with \
             filrouge's corrections), frequencies summed per stem\n",
        );
        if let Some(version) = &self.wordfreq_version {
            let _ = writeln!(out, "{VERSION_PREFIX} {version}");
        }
        out.push_str(
            "# licence: CC BY-SA 4.0 <https://creativecommons.org/licenses/by-sa/4.0/>; derived \
             from wordfreq's data (see data/reference/README.md)\n",
        );
        let _ = writeln!(out, "{WORDS_PREFIX} {}", self.words);
        out.push_str("# regenerate: cargo run --example make_reference_stems\n");
        out.push_str(
            "# unit: occurrences per billion words (integer); sorted by frequency desc, then stem\n",
        );
        out.push_str("# columns: stem<TAB>per_billion\n");
        for (stem, count) in rows {
            let _ = writeln!(out, "{stem}\t{count}");
        }
        out
    }

    /// The embedded French table ([`french`](Self::french)) with the words `is_function` accepts
    /// taken out of their stems: the frequency a stem has as a content word, which is what the
    /// notes' counts are compared with (a stop word is never counted there). Without this, a
    /// stem shared by a stop word and a content word took the stop word's frequency: `unes`
    /// (not a stop word) stems to `une` (10,000 per million as the article), and `avantage`'s
    /// family took the preposition `avant`. `is_function` gets each word of the word table,
    /// normalised; the floor stays the whole table's, and a stem left with nothing is unlisted.
    pub fn french_without(mut is_function: impl FnMut(&str) -> bool) -> ReferenceFrequencies {
        let mut table = Self::french().clone();
        let stemmer = FrenchStemmer::new();
        for line in WORDFREQ_FR_TSV.lines().filter(|l| !l.starts_with('#')) {
            let Some((word, count)) = line.split_once('\t') else {
                continue;
            };
            let lower = normalise(word);
            if !is_function(&lower) {
                continue;
            }
            let count: u64 = count.trim().parse().unwrap_or(0);
            let stem = stemmer.stem(stem_spelling(&lower));
            if let Some(sum) = table.per_billion.get_mut(stem.as_ref()) {
                *sum = sum.saturating_sub(count);
            }
        }
        table.per_billion.retain(|_, n| *n > 0);
        table.total_per_billion = table.per_billion.values().sum();
        table
    }

    /// Frequency of `stem` (as produced by the analyser's [`FrenchStemmer`]) in
    /// occurrences per million words, or `None` when the table does not list it.
    pub fn per_million(&self, stem: &str) -> Option<f64> {
        self.per_billion
            .get(stem)
            .map(|&per_billion| per_billion as f64 / 1_000.0)
    }

    /// Like [`per_million`](Self::per_million), but an unseen stem gets
    /// [`floor_per_million`](Self::floor_per_million) instead of `None`, so ratios against the
    /// reference are always finite.
    pub fn per_million_or_floor(&self, stem: &str) -> f64 {
        self.per_million(stem)
            .unwrap_or_else(|| self.floor_per_million())
    }

    /// The frequency assumed for a stem the table does not list: half the smallest stem frequency
    /// in the table. A word outside the table is rarer than every listed one, but not infinitely
    /// rare (for the embedded table, about 0.15 per million).
    pub fn floor_per_million(&self) -> f64 {
        self.min_per_billion as f64 / 2_000.0
    }

    /// Number of distinct stems in the table.
    pub fn len(&self) -> usize {
        self.per_billion.len()
    }

    /// Whether the table holds no stem (never true for a parsed table).
    pub fn is_empty(&self) -> bool {
        self.per_billion.is_empty()
    }

    /// Number of word rows the stems were built from (60 000 for the embedded table).
    pub fn coverage_words(&self) -> usize {
        self.words
    }

    /// Sum of all stem frequencies, per million words: the share of running French text the
    /// table covers (at most 1 000 000).
    pub fn total_per_million(&self) -> f64 {
        self.total_per_billion as f64 / 1_000.0
    }

    /// The wordfreq version the table was generated from (its `# wordfreq-version:` header), if
    /// it says.
    pub fn wordfreq_version(&self) -> Option<&str> {
        self.wordfreq_version.as_deref()
    }

    /// Computes the summary fields once the stems are in.
    fn finish(
        per_billion: FxHashMap<Cow<'static, str>, u64>,
        words: usize,
        wordfreq_version: Option<Box<str>>,
        origin: &Path,
    ) -> Result<Self> {
        let min_per_billion = per_billion
            .values()
            .copied()
            .min()
            .ok_or_else(|| config_error(origin, 0, "the reference table lists no word"))?;
        let total_per_billion = per_billion.values().sum();
        Ok(Self {
            per_billion,
            words,
            min_per_billion,
            total_per_billion,
            wordfreq_version,
        })
    }
}

/// Parses a stem table, making each key with `key` (borrowing for `'static` text).
fn parse_stem_rows<'a>(
    text: &'a str,
    origin: &Path,
    key: impl Fn(&'a str) -> Cow<'static, str>,
) -> Result<ReferenceFrequencies> {
    let rows = text.lines().filter(|line| !line.starts_with('#')).count();
    let mut per_billion: FxHashMap<Cow<'static, str>, u64> = FxHashMap::default();
    per_billion.reserve(rows);
    let mut words = None;
    let mut wordfreq_version = None;
    for (line_no, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if line.starts_with('#') {
            if let Some(version) = line.strip_prefix(VERSION_PREFIX) {
                wordfreq_version = Some(version.trim().into());
            } else if let Some(count) = line.strip_prefix(WORDS_PREFIX) {
                let count = count.trim().parse::<usize>().map_err(|_| {
                    config_error(origin, line_no, format!("bad word count {count:?}"))
                })?;
                words = Some(count);
            }
            continue;
        }
        let (stem, count) = parse_row(line, line_no, origin)?;
        if per_billion.insert(key(stem), count).is_some() {
            return Err(config_error(
                origin,
                line_no,
                format!("stem {stem:?} is listed twice"),
            ));
        }
    }
    let words = words.ok_or_else(|| {
        config_error(
            origin,
            0,
            format!("missing the `{WORDS_PREFIX} N` header line"),
        )
    })?;
    ReferenceFrequencies::finish(per_billion, words, wordfreq_version, origin)
}

/// Splits a `term<TAB>per billion` row, checking the count is a positive integer.
fn parse_row<'a>(line: &'a str, line_no: usize, origin: &Path) -> Result<(&'a str, u64)> {
    let (term, count) = line.split_once('\t').ok_or_else(|| {
        config_error(
            origin,
            line_no,
            format!("expected `term<TAB>per_billion`, got {line:?}"),
        )
    })?;
    if term.trim().is_empty() {
        return Err(config_error(origin, line_no, "empty term"));
    }
    let count = count
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|&count| count > 0)
        .ok_or_else(|| {
            config_error(
                origin,
                line_no,
                format!("frequency must be a positive integer (per billion), got {count:?}"),
            )
        })?;
    Ok((term, count))
}

/// A malformed-table error.
fn config_error(origin: &Path, line: usize, reason: impl Into<String>) -> Error {
    Error::Config {
        path: origin.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

/// The analyser's word normalisation: `’` and `ʼ` → `'`, lowercase, NFC; accents are kept.
/// Borrows when the word is already normal (the case for every row of the embedded table).
fn normalise(word: &str) -> Cow<'_, str> {
    let already = word
        .chars()
        .all(|c| c != '\u{2019}' && c != '\u{2BC}' && !c.is_uppercase())
        && is_nfc(word);
    if already {
        return Cow::Borrowed(word);
    }
    let replaced: String = word
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2BC}' => '\'',
            other => other,
        })
        .collect();
    Cow::Owned(replaced.to_lowercase().nfc().collect())
}

/// What the reference word list says of one accent-folded form: the spellings that fold to it.
struct Spellings {
    /// The most frequent of them.
    first: &'static str,
    /// The most frequent accented one, and its frequency.
    accented: Option<(&'static str, u64)>,
    /// The frequency of the folded form itself (0: not in the list).
    plain: u64,
}

/// The reference list by accent-folded form, built once (on the first look-up, while the first
/// pass runs, and blocking it).
fn spellings() -> &'static FxHashMap<Cow<'static, str>, Spellings> {
    static MAP: OnceLock<FxHashMap<Cow<'static, str>, Spellings>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: FxHashMap<Cow<'static, str>, Spellings> = FxHashMap::default();
        // Rows are sorted by frequency, most frequent first: the first spelling of a folded
        // form is its most frequent.
        for line in WORDFREQ_FR_TSV.lines().filter(|l| !l.starts_with('#')) {
            let Some((w, n)) = line.split_once('\t') else {
                continue;
            };
            let n = n.trim().parse::<u64>().unwrap_or(0);
            // Most of the list is its own folded form: borrowed, not folded.
            let itself = folds_to_itself(w);
            let folded = if itself {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(crate::corpus::fold::fold(w))
            };
            let e = map.entry(folded).or_insert(Spellings {
                first: w,
                accented: None,
                plain: 0,
            });
            if !w.is_ascii() {
                e.accented.get_or_insert((w, n));
            } else if itself {
                e.plain = n;
            }
        }
        map
    })
}

/// Restores the accents of a word written in capitals without them, as French often does on
/// capitals (`SOUVERAINETE` → `souveraineté`, `DECISION` → `décision`), from the reference word
/// list: the most frequent word whose accent-folded form is the same. `None` when the word has
/// accents already, is not found, or folds to itself only.
pub fn restore_accents(word: &str) -> Option<&'static str> {
    if !word.is_ascii() {
        return None;
    }
    let folded = word.to_ascii_lowercase();
    spellings()
        .get(folded.as_str())
        .map(|e| e.first)
        .filter(|w| !w.is_ascii())
}

/// How much more common, in general French, a word's accented spelling must be than the word as
/// written without accents for the two to be taken as one word (see [`stem_spelling`]). At 5:
/// `impots` (1,072 per billion words against 34,674 for `impôts`), `ecole`, `elus`, `region`,
/// `cout`, `pole` become their accented spelling; `modifie` (5,495 against 15,136 for
/// `modifié`), `lie`, `tache`, `paye`, `etat` stay as written (`etat` too: 120,226 against
/// 416,869, a common spelling of its own).
pub const ACCENT_RATIO: u64 = 5;

/// The spelling a word written in lowercase (or capitalised) is stemmed from: a word written
/// without the accents French gives it (`impots`, `ecole`, `Elus`) is stemmed as its usual
/// spelling (`impôts`, `école`, `élus`), so that both count as one word, when that spelling is
/// at least [`ACCENT_RATIO`] times as common as the word as written in the reference word list;
/// any other word as written. Accented words are never folded (`pêche` and `péché` stay
/// apart), nor words whose usual spelling has no accent (`mais` is not `maïs`). For a word
/// written all in capitals, which French often writes without accents, see
/// [`restore_accents`].
pub fn stem_spelling(word: &str) -> &str {
    if !word.is_ascii() || word.len() < 2 {
        return word;
    }
    let folded = word.to_ascii_lowercase();
    match spellings().get(folded.as_str()) {
        // A folded form absent from the list (0) always takes its accents.
        Some(Spellings {
            accented: Some((accented, m)),
            plain,
            ..
        }) if *m >= plain.saturating_mul(ACCENT_RATIO) => accented,
        _ => word,
    }
}

/// The spelling a word is stemmed from, as the counting pass stems it: a word read in capitals
/// (`caps`: written in capitals, or in a paragraph, query or term written all in capitals) with
/// its accents restored if the list knows them ([`restore_accents`]: `ETAT` is `état`), any other
/// through [`stem_spelling`] (`impots` is `impôts`, `etat` stays). Every stage that stems a
/// word of the notes, a query or a lexicon term goes through it, so that they all agree.
pub fn counted_spelling(word: &str, caps: bool) -> &str {
    if caps {
        restore_accents(word).unwrap_or(word)
    } else {
        stem_spelling(word)
    }
}

/// Whether a word, folded as [`crate::corpus::fold::fold`] folds it (lowercase, no accents), is
/// a spelling of a word of the general-French list (`etat` is, for `état`; `ryckevaert` is not).
pub fn is_french_word_folded(folded: &str) -> bool {
    spellings().contains_key(folded)
}

/// A word of lowercase ASCII without a backquote or white space: [`crate::corpus::fold::fold`]
/// gives it back unchanged.
fn folds_to_itself(w: &str) -> bool {
    w.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`')
        && !w.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The look-up borrows the words it does not fold: for each of them, folding changes
    /// nothing. And accents come back on the words of the list, not on the others.
    #[test]
    fn restore_accents_folds_what_needs_folding() {
        for line in WORDFREQ_FR_TSV.lines().filter(|l| !l.starts_with('#')) {
            let w = line.split('\t').next().unwrap();
            if folds_to_itself(w) {
                assert_eq!(crate::corpus::fold::fold(w), w);
            }
        }
        assert_eq!(restore_accents("SOUVERAINETE"), Some("souveraineté"));
        assert_eq!(restore_accents("DECISION"), Some("décision"));
        assert_eq!(restore_accents("ELUS"), Some("élus"));
        assert_eq!(restore_accents("CONFIANCE"), None);
        assert_eq!(
            restore_accents("A"),
            Some("à"),
            "`à` is more frequent than `a`"
        );
        assert_eq!(
            restore_accents("OU"),
            None,
            "`ou` is more frequent than `où`"
        );
        assert_eq!(restore_accents("COTE"), Some("côté"));
        assert_eq!(restore_accents("Élus"), None);
        assert_eq!(restore_accents("XQZW"), None);
    }

    #[test]
    fn words_written_without_their_accents_are_stemmed_as_usually_spelt() {
        for (written, spelt) in [
            ("impots", "impôts"),
            ("ecole", "école"),
            ("Elus", "élus"),
            ("region", "région"),
            ("pole", "pôle"),
            ("experimentation", "expérimentation"),
            // Correct words of their own, at most a fifth as common as the accented one.
            ("modifie", "modifie"),
            ("tache", "tache"),
            ("etat", "etat"),
            ("mais", "mais"),
            ("ou", "ou"),
            // Accented words, one letter, unknown words: as written.
            ("pêche", "pêche"),
            ("laicité", "laicité"),
            ("a", "a"),
            ("xqzw", "xqzw"),
        ] {
            assert_eq!(stem_spelling(written), spelt, "{written}");
        }
        // Capitals keep their own rule: the most frequent spelling, whatever the ratio.
        assert_eq!(restore_accents("ETAT"), Some("état"));
        assert_ne!(
            stem("impots"),
            stem("impôts"),
            "the stemmer alone keeps them apart"
        );
    }

    fn stem(word: &str) -> String {
        FrenchStemmer::new().stem(&normalise(word)).into_owned()
    }

    fn data_rows() -> impl Iterator<Item = (&'static str, u64)> {
        WORDFREQ_FR_TSV
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(|line| {
                let (word, count) = line.split_once('\t').expect("tab-separated row");
                (word, count.parse().expect("integer count"))
            })
    }

    #[test]
    fn shipped_stem_table_is_exactly_derived_from_the_word_table() {
        let derived =
            ReferenceFrequencies::from_word_tsv(WORDFREQ_FR_TSV, Path::new("wordfreq-fr.tsv"))
                .unwrap();
        assert!(
            derived.to_stem_tsv() == WORDFREQ_FR_STEMS_TSV,
            "data/reference/wordfreq-fr-stems.tsv is stale: run \
             `cargo run --example make_reference_stems`"
        );
        let shipped = ReferenceFrequencies::french();
        assert_eq!(shipped.len(), derived.len());
        assert_eq!(shipped.coverage_words(), derived.coverage_words());
        assert_eq!(shipped.total_per_million(), derived.total_per_million());
    }

    #[test]
    fn embedded_table_covers_every_word_row() {
        let table = ReferenceFrequencies::french();
        assert_eq!(table.coverage_words(), data_rows().count());
        assert_eq!(table.coverage_words(), 60_000);
        // Inflected forms share stems, so there are clearly fewer stems than words.
        assert!(
            table.len() < table.coverage_words() * 9 / 10,
            "{} stems",
            table.len()
        );
        assert!(table.len() > 20_000, "{} stems", table.len());
        assert!(!table.is_empty());
        assert_eq!(table.wordfreq_version(), Some("3.1.1"));
    }

    #[test]
    fn embedded_rows_are_normalised_and_sorted_by_frequency_then_word() {
        let rows: Vec<_> = data_rows().collect();
        for pair in rows.windows(2) {
            let ((w1, c1), (w2, c2)) = (pair[0], pair[1]);
            assert!(
                c1 > c2 || (c1 == c2 && w1 < w2),
                "{w1} {c1} before {w2} {c2}"
            );
        }
        for (word, _) in &rows {
            assert_eq!(normalise(word), *word, "row {word:?} is not normalised");
            assert!(
                word.split(['\'', '-'])
                    .all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic)),
                "row {word:?} is not letters-only"
            );
        }
    }

    #[test]
    fn common_stems_are_frequent() {
        let table = ReferenceFrequencies::french();
        assert_eq!(stem("confiance"), "confianc");
        let confiance = table.per_million("confianc").expect("confianc listed");
        // wordfreq gives the word "confiance" alone about 141 per million.
        assert!(confiance > 141.0, "confianc: {confiance}");
        let le = table.per_million("le").expect("le listed");
        let de = table.per_million("de").expect("de listed");
        assert!(le > 10_000.0, "le: {le}");
        assert!(de > 40_000.0, "de: {de}");
        assert!(de > le && le > confiance);
    }

    #[test]
    fn stem_frequency_is_the_sum_of_its_words() {
        let table = ReferenceFrequencies::french();
        let target = stem("collectivité");
        let expected: u64 = data_rows()
            .filter(|(word, _)| stem(word) == target)
            .map(|(_, count)| count)
            .sum();
        // At least "collectivité" and "collectivités" fall under it.
        assert!(expected > 8_511, "{target}: {expected}");
        assert_eq!(table.per_million(&target), Some(expected as f64 / 1_000.0));
    }

    #[test]
    fn unseen_stem_gets_the_floor_below_every_listed_stem() {
        let table = ReferenceFrequencies::french();
        assert_eq!(table.per_million("zqxwkv"), None);
        let floor = table.floor_per_million();
        assert_eq!(table.per_million_or_floor("zqxwkv"), floor);
        let min = data_rows().map(|(_, count)| count).min().unwrap() as f64 / 1_000.0;
        assert!(
            floor > 0.0 && floor <= min / 2.0,
            "floor {floor}, rarest row {min}"
        );
    }

    #[test]
    fn essaimage_is_rare_relative_to_confiance() {
        let table = ReferenceFrequencies::french();
        assert_eq!(stem("essaimage"), "essaimag");
        let essaimage = table.per_million_or_floor("essaimag");
        let confiance = table.per_million_or_floor("confianc");
        assert!(essaimage * 100.0 < confiance, "{essaimage} vs {confiance}");
    }

    #[test]
    fn stem_frequencies_sum_to_at_most_a_million_per_million() {
        let total = ReferenceFrequencies::french().total_per_million();
        assert!(total <= 1_000_000.0, "total {total}");
        // The 60 000 most frequent words cover the vast bulk of running text.
        assert!(total > 900_000.0, "total {total}");
    }

    #[test]
    fn word_tsv_is_normalised_like_the_analyser_and_merged_per_stem() {
        let text = "# wordfreq-version: test\nL\u{2019}\u{c9}t\u{e9}\t1000\nl'e\u{301}te\u{301}\t500\n\
                    mobilisation\t300\nmobilisations\t200\n";
        let table = ReferenceFrequencies::from_word_tsv(text, Path::new("t.tsv")).unwrap();
        assert_eq!(table.coverage_words(), 4);
        assert_eq!(table.len(), 2);
        assert_eq!(table.wordfreq_version(), Some("test"));
        assert_eq!(table.per_million(&stem("l'été")), Some(1.5));
        assert_eq!(table.per_million(&stem("mobilisation")), Some(0.5));
        // Accents are not folded: "ete" is another stem.
        assert_eq!(table.per_million(&stem("ete")), None);
        assert_eq!(table.floor_per_million(), 0.25);
    }

    #[test]
    fn stem_tsv_round_trips() {
        let words = "# wordfreq-version: 9.9\nconfiance\t900\nconfiances\t100\nbâtir\t40\n";
        let table = ReferenceFrequencies::from_word_tsv(words, Path::new("w.tsv")).unwrap();
        let tsv = table.to_stem_tsv();
        let rows: Vec<&str> = tsv.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            rows,
            [
                format!("{}\t1000", stem("confiance")),
                format!("{}\t40", stem("bâtir"))
            ]
        );
        let back = ReferenceFrequencies::from_stem_tsv(&tsv, Path::new("s.tsv")).unwrap();
        assert_eq!(back.to_stem_tsv(), tsv);
        assert_eq!(back.coverage_words(), 3);
        assert_eq!(back.wordfreq_version(), Some("9.9"));
        assert_eq!(back.per_million(&stem("confiance")), Some(1.0));
    }

    #[test]
    fn malformed_tables_are_rejected_with_their_line_number() {
        let word_cases = [
            ("a\t1\nb 2\n", 2),
            ("a\t0\n", 1),
            ("# c\na\t-3\n", 2),
            ("a\tmany\n", 1),
            ("\t5\n", 1),
            ("# only a header\n", 0),
        ];
        for (text, expected_line) in word_cases {
            match ReferenceFrequencies::from_word_tsv(text, Path::new("bad.tsv")) {
                Err(Error::Config { path, line, .. }) => {
                    assert_eq!(path, Path::new("bad.tsv"));
                    assert_eq!(line, expected_line, "{text:?}");
                }
                other => panic!("{text:?} gave {other:?}"),
            }
        }
        let stem_cases = [
            ("# words: 2\nconfianc\t5\nconfianc\t6\n", 3),
            ("confianc\t5\n", 0),
            ("# words: many\nconfianc\t5\n", 1),
            ("# words: 1\nconfianc\n", 2),
        ];
        for (text, expected_line) in stem_cases {
            match ReferenceFrequencies::from_stem_tsv(text, Path::new("bad.tsv")) {
                Err(Error::Config { line, .. }) => assert_eq!(line, expected_line, "{text:?}"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }
}
