//! Recurring themes: which concerns come back, across which ateliers and events, with the
//! sentences that show it.
//!
//! A **theme** is a word (all forms of one stem, plus closely derived stems: `essaimage` and
//! `essaimer`), a multi-word **expression** found in the corpus itself (`droit à l'erreur`,
//! `participation citoyenne`), or a **lexicon** theme a user named. It is shown by its most
//! frequent surface form, never by a stem.
//!
//! # How themes are scored
//!
//! A theme must *recur*: appear in at least two atelier-level units (`min_ateliers`). Among those,
//!
//! ```text
//! score = D × S
//! D = Σ over ateliers a of ln(1 + w_a)
//! ```
//!
//! - **w_a**, weighted occurrences in atelier `a`: each occurrence counts by where it is — 2 in a
//!   synthèse or an idée à creuser, 1.5 in a question, 1 in discussion notes, 0.75 elsewhere,
//!   0.25 in a programme line;
//! - **D**, dispersion: the logarithm rewards each atelier where the theme appears, with
//!   diminishing returns for repetition inside one atelier — ten mentions in one long text weigh
//!   less than one mention in each of five ateliers;
//! - **S**, specificity against general French: `S = clamp(log₂(f / r) / 12, 0.02, 1)`, where `f`
//!   is its frequency per million words in the corpus and `r` its frequency per million in the
//!   reference table (wordfreq's French list, see `data/reference/`); an expression takes the
//!   mean log₂ ratio of its content words plus one (a fixed expression is more specific than its
//!   words); a lexicon theme is compared, as a family of words is, with the sum of its terms'
//!   frequencies (a term of several words by its rarest end word). A word that is 4096 times
//!   more frequent in the notes than in general French, or absent from the reference, gets 1.
//!
//! A corpus with fewer than two atelier-level units (a JSON Lines consultation, say) has no
//! ateliers to recur across: recurrence is then measured across **documents** — a theme must occur
//! in `min_ateliers` documents, and `D = n_d × ln(1 + W / n_d)` with `n_d` the documents it occurs
//! in and `W` its weighted occurrences ([`RecurrenceUnit`]).
//!
//! Words that structure notes rather than carry concerns (`question`, `atelier`, `faire`,
//! `exemple`…: [`NOTES_GENRE_WORDS`]) are never themes; a lexicon can exclude more.
//!
//! Bounds, so that a corpus of hundreds of thousands of answers gives a list a person can read:
//! the 3,000 most frequent words ([`ThemeOptions::max_candidates`]) and the 3,000 best
//! expressions by a first estimate of their score ([`ThemeOptions::max_expressions`]) are
//! scored, and the 1,000 best themes are kept ([`ThemeOptions::max_themes`]; `ThemeSet::recurring`
//! says how many recurred before that cut).
//!
//! Every component is reported ([`ScoreComponents`]). Each theme is also classed by its trend
//! across dated events ([`Trend`]).

pub mod evidence;
pub mod expressions;
pub mod keyness;
pub mod kwic;
pub mod lexicon;
pub mod occurrences;

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::corpus::{AtelierId, Corpus, SectionKind};
use crate::reference::ReferenceFrequencies;
use crate::stats::{TermStats, kind_index};
use crate::text::{Analyzer, StemCache, Token, TokenKind};
use crate::vocab::StemId;
pub use expressions::Expression;
pub use lexicon::Lexicon;
use occurrences::{Occurrences, Patterns, Quote};

/// A theme's index in a [`ThemeSet`] (themes are sorted by score, best first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ThemeId(pub u32);

impl ThemeId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a theme is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeKind {
    /// One word, in all its forms.
    Word,
    /// A multi-word expression found in the corpus.
    Expression,
    /// A theme named in the user's lexicon.
    Lexicon,
}

impl ThemeKind {
    /// Machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeKind::Word => "word",
            ThemeKind::Expression => "expression",
            ThemeKind::Lexicon => "lexicon",
        }
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            ThemeKind::Word => "mot",
            ThemeKind::Expression => "expression",
            ThemeKind::Lexicon => "lexique",
        }
    }
}

/// How a theme moves across dated events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Present in the first and the last event.
    Persistent,
    /// Absent from the first event, present in the last (maybe only there: new at the last).
    Emerging,
    /// Present in the first event (maybe only there), absent from the last.
    Fading,
    /// Present in one dated event only, neither the first nor the last (a theme may also be in
    /// undated ones).
    SingleEvent,
    /// Absent from the first and the last event, present in two or more between them.
    Intermittent,
    /// No timeline to place the theme on: the corpus has fewer than two dated events, or the
    /// theme is in undated events only.
    Undated,
}

impl Trend {
    /// Machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Persistent => "persistent",
            Trend::Emerging => "emerging",
            Trend::Fading => "fading",
            Trend::SingleEvent => "single-event",
            Trend::Intermittent => "intermittent",
            Trend::Undated => "undated",
        }
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            Trend::Persistent => "persistant",
            Trend::Emerging => "émergent",
            Trend::Fading => "en retrait",
            Trend::SingleEvent => "un seul événement daté",
            Trend::Intermittent => "intermittent",
            Trend::Undated => "sans chronologie",
        }
    }
}

/// What a theme must recur across.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecurrenceUnit {
    /// Atelier-level units (the corpus has at least two).
    Atelier,
    /// Documents (the corpus has fewer than two atelier-level units).
    Document,
}

/// Why a theme ranks where it does.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreComponents {
    /// Occurrences weighted by section kind.
    pub weighted_occurrences: f64,
    /// D: dispersion, Σ over ateliers of ln(1 + weighted occurrences there).
    pub dispersion: f64,
    /// Share of atelier-level units it appears in.
    pub atelier_share: f64,
    /// Share of events it appears in.
    pub event_share: f64,
    /// Its frequency in the corpus, per million tokens counted as the reference list counts
    /// them: words and elided articles (`l'`, `d'`), numbers, acronyms and listed names left
    /// out ([`crate::stats::Totals::word_tokens`]); so not quite per million of the words the
    /// report's tables give, which count names and leave elisions out.
    pub corpus_per_million: f64,
    /// Its frequency in general French, per million words: for a lexicon theme, the sum of its
    /// terms' (a term of several words by its rarest end word); none for expressions.
    pub reference_per_million: Option<f64>,
    /// log₂ of the ratio of the two (for expressions: see the module doc).
    pub log2_ratio: f64,
    /// S: the specificity factor.
    pub specificity: f64,
}

/// A surface form and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Form {
    /// The form as written.
    pub form: String,
    /// Occurrences.
    pub count: u32,
}

/// Occurrences of a theme in one event.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventFrequency {
    /// Event key.
    pub event: String,
    /// Occurrences.
    pub count: u64,
    /// Occurrences per 1,000 words of the event.
    pub per_thousand: f64,
}

/// A recurring theme.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Theme {
    /// Its rank (0 is the best).
    pub id: ThemeId,
    /// Its readable label.
    pub label: String,
    /// Word, expression or lexicon theme.
    pub kind: ThemeKind,
    /// Its stems (each pattern's stems joined by spaces), for machines.
    pub stems: Vec<String>,
    /// Its surface forms, most frequent first.
    pub forms: Vec<Form>,
    /// Occurrences.
    pub occurrences: u64,
    /// Documents it occurs in.
    pub documents: u32,
    /// Sentences it occurs in.
    pub sentences: u64,
    /// Atelier-level units it occurs in, with counts.
    pub by_atelier: Vec<(AtelierId, u32)>,
    /// Occurrences per section kind (machine names).
    pub by_section: Vec<(SectionKind, u32)>,
    /// Occurrences per event, in event order.
    pub by_event: Vec<EventFrequency>,
    /// The score.
    pub score: f64,
    /// Its components.
    pub components: ScoreComponents,
    /// Its trend across events.
    pub trend: Trend,
    /// The best sentences to quote, best first.
    #[serde(skip)]
    pub quotes: Vec<Quote>,
    /// Its patterns (stem sequences), for matching.
    #[serde(skip)]
    pub patterns: Patterns,
}

impl Theme {
    /// Number of atelier-level units it occurs in.
    pub fn atelier_count(&self) -> usize {
        self.by_atelier.len()
    }

    /// Number of events it occurs in.
    pub fn event_count(&self) -> usize {
        self.by_event.iter().filter(|e| e.count > 0).count()
    }
}

/// Options of theme extraction.
#[derive(Debug, Clone)]
pub struct ThemeOptions {
    /// A theme must occur in at least this many atelier-level units.
    pub min_ateliers: usize,
    /// A theme must occur at least this many times.
    pub min_count: u64,
    /// Expressions must occur at least this many times.
    pub min_expression_count: u32,
    /// Sentences kept per theme as evidence.
    pub quotes_per_theme: usize,
    /// At most this many candidate words go to the second pass (the most frequent).
    pub max_candidates: usize,
    /// At most this many candidate expressions go to the second pass (the best by a first
    /// estimate of their score from the counting pass): a large corpus has tens of thousands of
    /// word sequences that pass the association tests.
    pub max_expressions: usize,
    /// At most this many themes are kept, the best by score: a ranked list a person and a
    /// spreadsheet can hold, however large the corpus.
    pub max_themes: usize,
    /// Co-occurrences are counted among this many candidates at most (the best by a first
    /// estimate of their score from the counting pass): the vocabulary is pruned before any
    /// all-pairs step.
    pub max_paired: usize,
    /// Count two themes as co-occurring only when within this many content words of each other
    /// in a sentence (`None`: anywhere in the same sentence).
    pub window: Option<usize>,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        ThemeOptions {
            min_ateliers: 2,
            min_count: 2,
            min_expression_count: 2,
            quotes_per_theme: 5,
            max_candidates: 3000,
            max_expressions: 3000,
            max_themes: 1000,
            max_paired: 400,
            window: None,
        }
    }
}

/// The recurring themes of a corpus, best first, and the co-occurrence counts behind graphs.
#[derive(Debug, Clone)]
pub struct ThemeSet {
    /// Themes, by score (ties: label).
    pub themes: Vec<Theme>,
    /// Sentences in which two themes occur together: `(a, b, count)` with `a < b`.
    pub pairs: Vec<(ThemeId, ThemeId, u64)>,
    /// Sentences analysed.
    pub sentences: u64,
    /// Words analysed (content and function words), the denominator of frequencies.
    pub words: u64,
    /// The options used.
    pub min_ateliers: usize,
    /// The cap on the number of themes ([`ThemeOptions::max_themes`]).
    pub max_themes: usize,
    /// Recurring themes found before that cap: more than `themes.len()` when it cut.
    pub recurring: usize,
    /// What themes recur across.
    pub unit: RecurrenceUnit,
    /// Lexicon themes named like a word or expression of the corpus that is not one of their
    /// terms (a theme `citoyens = ["habitants"]`): the lexicon theme keeps the name, and the
    /// word or expression is labelled with its kind after it (`citoyens (mot)`), so that
    /// neither hides the other. `(name, label given to the word or expression)`, sorted; worth a
    /// warning (the command line gives one).
    pub shared_names: Vec<(String, String)>,
    /// Lexicon themes none of whose terms is found in the corpus (see
    /// [`ThemeSet::unfound_terms`] for why): no theme can come of them; worth a warning (the
    /// command line gives one). In the lexicon's order.
    pub unmatched_lexicon: Vec<String>,
    /// Terms of lexicon themes that match nothing, with why (a theme none of whose terms is
    /// found is also in [`ThemeSet::unmatched_lexicon`]); worth a warning (the command line
    /// gives one). In the lexicon's order.
    pub unfound_terms: Vec<UnfoundTerm>,
    /// Terms of a lexicon theme that an earlier theme lists too, as the same word or expression
    /// (`postures` in one, `posture` in another): their occurrences count in both; worth a
    /// warning (the command line gives one). In the lexicon's order.
    pub shared_terms: Vec<SharedTerm>,
}

/// A lexicon term that matches what an earlier theme's term matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedTerm {
    /// The lexicon theme.
    pub theme: String,
    /// The term, as written there.
    pub term: String,
    /// The earlier theme that lists the same word or expression.
    pub first_theme: String,
    /// Its term, as written there.
    pub first_term: String,
}

/// A term of a lexicon that can match nothing in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfoundTerm {
    /// The lexicon theme; `None` for a term of its `exclude` list.
    pub theme: Option<String>,
    /// The term, as written in the lexicon.
    pub term: String,
    /// Why it matches nothing.
    pub why: TermProblem,
}

/// Why a lexicon term matches nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermProblem {
    /// It holds no word at all (empty, or punctuation).
    NoWord,
    /// It holds only function words (`le`, `de`, `à l'`), which no occurrence starts with.
    OnlyFunctionWords,
    /// An excluded term that starts or ends with a function word (`la posture`): candidates
    /// start and end with a content word, so it excludes nothing (exclusions are exact; write
    /// `posture`).
    OuterFunctionWord,
    /// It holds an acronym, a number, a date or a code (`CNFPT`), which no theme counts.
    NotAWord,
    /// One of its words is not counted in the corpus: misspelt, never used by the notes, or a
    /// person's name.
    NotInCorpus,
}

/// Words of the notes' genre — what workshop notes are made of rather than what they are about —
/// never shown as themes, matched by stem: the structure (`question`, `atelier`, `session`,
/// `synthèse`, `idée`, `sujet`, `thème`, `exemple`, `point`, `projet`, `réunion`, `participants`,
/// `porteur`), generic verbs and quantifiers (`faire`, `faut`, `peut`, `créer`, `mettre`,
/// `prendre`, `donner`, `permettre`, `passer`, `aller`, `dire`, `voir`, `trouver`, `différents`,
/// `plusieurs`, `ensemble`, `nouveau`, `concret`), vague nouns (`chose`, `fois`, `notion`, `mode`,
/// `niveau`, `type`, `manière`, `façon`, `partie`, `prise`) and emphatic pronouns (`soi-même`).
/// Edit with care: every word here is a word a researcher cannot find as a theme.
pub const NOTES_GENRE_WORDS: &[&str] = &[
    "question",
    "atelier",
    "session",
    "synthèse",
    "idée",
    "sujet",
    "thème",
    "thématique",
    "exemple",
    "point",
    "projet",
    "réunion",
    "participant",
    "participants",
    "porteur",
    "porteuse",
    "discussion",
    "échange",
    "faire",
    "fait",
    "faut",
    "peut",
    "créer",
    "mettre",
    "prendre",
    "donner",
    "permettre",
    "passer",
    "aller",
    "dire",
    "voir",
    "trouver",
    "différents",
    "plusieurs",
    "ensemble",
    "nouveau",
    "nouvelle",
    "concret",
    "concrète",
    "chose",
    "fois",
    "notion",
    "mode",
    "niveau",
    "type",
    "manière",
    "façon",
    "partie",
    "prise",
    "animé",
    "émergé",
    "soi-même",
    "moi-même",
    "lui-même",
    "elle-même",
    "nous-mêmes",
    "vous-même",
    "eux-mêmes",
];

/// Derivational endings that tie two stems to one theme: `essaimag` (essaimage) joins `essaim`
/// (essaimer, essaiment). Kept short on purpose: each pairs a noun of action with its verb.
const DERIVED_SUFFIXES: &[&str] = &["ag", "ement", "ment"];

/// A candidate before ranking.
struct Candidate {
    kind: ThemeKind,
    label: Option<String>,
    patterns: Patterns,
    /// For words and expressions: the stems whose reference frequency gives specificity.
    content: Vec<StemId>,
    /// For an expression: its occurrences and documents as the counting pass counted them.
    counted: Option<(u32, u32)>,
}

impl ThemeSet {
    /// Extracts the recurring themes of a corpus from its statistics.
    pub fn extract(
        corpus: &Corpus,
        analyzer: &Analyzer,
        stats: &TermStats,
        lexicon: Option<&Lexicon>,
        opts: &ThemeOptions,
    ) -> ThemeSet {
        Self::extract_with(
            corpus,
            analyzer,
            stats,
            lexicon,
            opts,
            &crate::progress::Silent,
        )
    }

    /// [`ThemeSet::extract`], telling `progress` how the pass over the corpus goes.
    pub fn extract_with(
        corpus: &Corpus,
        analyzer: &Analyzer,
        stats: &TermStats,
        lexicon: Option<&Lexicon>,
        opts: &ThemeOptions,
        progress: &dyn crate::progress::Progress,
    ) -> ThemeSet {
        Self::extract_logged(corpus, analyzer, stats, lexicon, opts, None, progress)
    }

    /// [`ThemeSet::extract_with`], replaying the sentences of the counting pass from its `log`
    /// ([`TermStats::collect_logged`], with the same corpus and analyser) rather than tokenising
    /// every text again: the same themes, sooner. Check [`crate::stats::TokenLog::read_error`]
    /// afterwards: a log that did not read back leaves the themes short.
    pub fn extract_logged(
        corpus: &Corpus,
        analyzer: &Analyzer,
        stats: &TermStats,
        lexicon: Option<&Lexicon>,
        opts: &ThemeOptions,
        log: Option<&crate::stats::TokenLog>,
        progress: &dyn crate::progress::Progress,
    ) -> ThemeSet {
        // General French as content words, as the notes are counted: a stop word's frequency
        // is no stem's.
        let mut scratch = String::new();
        let reference =
            &ReferenceFrequencies::french_without(|w| analyzer.is_stop_as_stemmed(w, &mut scratch));
        let unit = if corpus.ateliers.len() >= 2 {
            RecurrenceUnit::Atelier
        } else {
            RecurrenceUnit::Document
        };
        let mut cache = StemCache::new();
        let lex = lexicon.cloned().unwrap_or_default();

        // Stem sequences of the lexicon's terms and exclusions, with the terms that match
        // nothing.
        let mut lower = String::new();
        // The first theme to list each pattern, and the term it wrote, to tell a pattern that
        // two themes list.
        let mut listed_by: BTreeMap<Vec<StemId>, (String, String)> = BTreeMap::new();
        let mut shared_terms = Vec::new();
        let mut to_patterns = |terms: &[String], cache: &mut StemCache, theme: Option<&str>| {
            let mut patterns = Patterns::new();
            let mut unfound = Vec::new();
            for t in terms {
                match term_stems(
                    analyzer,
                    &stats.vocab,
                    cache,
                    &mut lower,
                    t,
                    theme.is_some(),
                ) {
                    Ok(stems) => {
                        if let Some(theme) = theme {
                            match listed_by.get(&stems) {
                                Some((first, term)) if first != theme => {
                                    shared_terms.push(SharedTerm {
                                        theme: theme.to_string(),
                                        term: t.clone(),
                                        first_theme: first.clone(),
                                        first_term: term.clone(),
                                    });
                                }
                                Some(_) => {}
                                None => {
                                    listed_by.insert(stems.clone(), (theme.to_string(), t.clone()));
                                }
                            }
                        }
                        // Two terms of one stem (`collaboration`, `collaboratif`) are one
                        // pattern: the theme's `stems` list it once.
                        if !patterns.contains(&stems) {
                            patterns.push(stems)
                        }
                    }
                    Err(why) => unfound.push((t.clone(), why)),
                }
            }
            (patterns, unfound)
        };
        let (mut excluded, unfound) = to_patterns(&lex.exclude, &mut cache, None);
        let mut unfound_terms: Vec<UnfoundTerm> = unfound
            .into_iter()
            .map(|(term, why)| UnfoundTerm {
                theme: None,
                term,
                why,
            })
            .collect();
        let genre: Vec<String> = NOTES_GENRE_WORDS.iter().map(|w| w.to_string()).collect();
        excluded.extend(to_patterns(&genre, &mut cache, None).0);
        let (lexicon_themes, unmatched): (Vec<(String, Patterns)>, Vec<_>) = lex
            .themes
            .iter()
            .map(|(name, terms)| {
                let (patterns, unfound) = to_patterns(terms, &mut cache, Some(name));
                unfound_terms.extend(unfound.into_iter().map(|(t, why)| UnfoundTerm {
                    theme: Some(name.clone()),
                    term: t,
                    why,
                }));
                (name.clone(), patterns)
            })
            .partition(|(_, p)| !p.is_empty());
        let claimed: BTreeSet<&Vec<StemId>> = lexicon_themes
            .iter()
            .flat_map(|(_, p)| p.iter())
            .chain(excluded.iter())
            .collect();

        // Word candidates: families of content stems (a stem and those derived from it,
        // `pilot` and `pilotag`) that are long enough and not proper nouns, and that may recur
        // together: their stems' counts and spreads added up reach the minimums (the second
        // pass then counts the family's ateliers exactly). A stem tested alone before grouping
        // lost `pilotage`, in 3 ateliers, to `--min-ateliers 3`: neither stem was in 3.
        let spread = |s: &crate::stats::StemStats| match unit {
            RecurrenceUnit::Atelier => s.by_atelier.len(),
            RecurrenceUnit::Document => s.documents as usize,
        };
        let mut families: Vec<Vec<StemId>> = Vec::new();
        let mut grouped: BTreeSet<StemId> = BTreeSet::new();
        for w in (0..stats.vocab.len() as u32).map(StemId) {
            let s = &stats.stems[w.index()];
            let eligible = s.count > 0
                && !s.is_proper_noun()
                && stats
                    .vocab
                    .label(w)
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    >= 3
                && !claimed.contains(&vec![w]);
            if !eligible || grouped.contains(&w) {
                continue;
            }
            let stem = stats.vocab.stem(w);
            let mut members = vec![w];
            for suffix in DERIVED_SUFFIXES {
                if stem.chars().count() < 5 {
                    break;
                }
                let derived = format!("{stem}{suffix}");
                if crate::text::is_corrected_stem(&derived) {
                    continue;
                }
                if let Some(d) = stats.vocab.get(&derived)
                    && stats.stems[d.index()].count > 0
                    && !claimed.contains(&vec![d])
                    && !grouped.contains(&d)
                {
                    members.push(d);
                    grouped.insert(d);
                }
            }
            grouped.insert(w);
            let (count, reach) = members.iter().fold((0, 0), |(c, r), m| {
                let s = &stats.stems[m.index()];
                (c + s.count, r + spread(s))
            });
            if count >= opts.min_count && reach >= opts.min_ateliers {
                families.push(members);
            }
        }
        let family_count =
            |f: &[StemId]| -> u64 { f.iter().map(|m| stats.stems[m.index()].count).sum() };
        families.sort_by(|a, b| family_count(b).cmp(&family_count(a)).then(a[0].cmp(&b[0])));
        families.truncate(opts.max_candidates);
        families.sort_by_key(|f| f[0]);
        let mut candidates: Vec<Candidate> = families
            .into_iter()
            .map(|members| Candidate {
                kind: ThemeKind::Word,
                label: None,
                patterns: members.iter().map(|&m| vec![m]).collect(),
                content: members,
                counted: None,
            })
            .collect();
        // An expression naming someone or somewhere (a content word of two letters or more that
        // is a proper noun: `Hervé Mariton`, the speaker of a sitting) is no theme, as a proper
        // noun is none; one it held stands on its own. A capital letter alone names a thing
        // (`théorie U`, `plan B`). An expression held by a longer one the lexicon claims is the
        // lexicon's, as the longer one is.
        let proper = |stems: &[StemId]| {
            stems.iter().any(|&id| {
                stats.stems[id.index()].is_proper_noun()
                    && stats.vocab.stem(id).chars().nth(1).is_some()
            })
        };
        let (held, free): (Vec<_>, Vec<_>) = expressions::select(stats, opts)
            .into_iter()
            .filter(|e| {
                !claimed.contains(&e.stems)
                    && !e.held_by.as_ref().is_some_and(|h| claimed.contains(h))
                    && !proper(&e.content)
            })
            .map(|mut e| {
                if e.held_by.as_ref().is_some_and(|h| proper(h)) {
                    e.held_by = None;
                }
                // Inside an expression, a stem spelt like a stop word is that stop word (`une`
                // in `consensus à une culture`), even when another form made it a content word
                // somewhere (`unes`): it takes no part in the expression's specificity.
                let last = e.content.len().saturating_sub(1);
                let mut i = 0;
                e.content.retain(|&id| {
                    let inner = i != 0 && i != last;
                    i += 1;
                    !(inner && analyzer.is_stop_as_stemmed(stats.vocab.stem(id), &mut lower))
                });
                let c = Candidate {
                    kind: ThemeKind::Expression,
                    label: None,
                    content: e.content,
                    patterns: vec![e.stems],
                    counted: Some((e.count, e.documents)),
                };
                (e.held_by, c)
            })
            .partition(|(held_by, _)| held_by.is_some());
        let mut exprs: Vec<Candidate> = free.into_iter().map(|(_, c)| c).collect();
        if exprs.len() > opts.max_expressions {
            // Keep the best by a first estimate, in their original (sorted-by-stems) order.
            let mut keep =
                best_by_estimate(stats, reference, &exprs, opts.max_expressions, unit).into_iter();
            exprs.retain(|_| keep.next().unwrap_or(false));
        }
        // Expressions held by a longer one take no place in that cut (they were not candidates
        // at all before 7 December: the cut is the same), and are candidates only with the one
        // that holds them: most are that one, told at ranking; a few are themes of their own,
        // when it does not recur.
        // (Longest first: the one that holds an expression may be held itself.)
        let mut held = held;
        held.sort_by_key(|(_, c)| std::cmp::Reverse(c.patterns[0].len()));
        let mut kept: BTreeSet<Vec<StemId>> = exprs.iter().map(|c| c.patterns[0].clone()).collect();
        for (held_by, c) in held {
            if held_by.is_some_and(|h| kept.contains(&h)) {
                kept.insert(c.patterns[0].clone());
                exprs.push(c);
            }
        }
        exprs.sort_by(|a, b| a.patterns.cmp(&b.patterns));
        candidates.extend(exprs);
        for (name, patterns) in lexicon_themes {
            candidates.push(Candidate {
                kind: ThemeKind::Lexicon,
                label: Some(name),
                content: Vec::new(),
                patterns,
                counted: None,
            });
        }

        let patterns: Vec<Patterns> = candidates.iter().map(|c| c.patterns.clone()).collect();
        let is_expr: Vec<bool> = candidates
            .iter()
            .map(|c| c.kind == ThemeKind::Expression)
            .collect();
        let pairable = pairable(stats, reference, &candidates, opts.max_paired, unit);
        let occ = occurrences::find(
            corpus,
            analyzer,
            &stats.vocab,
            &stats.surfaces,
            &patterns,
            &occurrences::Plan {
                is_expression: &is_expr,
                pairable: &pairable,
                quotes_per_theme: opts.quotes_per_theme,
                window: opts.window,
            },
            log,
            progress,
        );
        let inputs = RankInputs {
            corpus,
            analyzer,
            stats,
            reference,
            opts,
            unit,
        };
        let mut set = rank(inputs, candidates, occ);
        set.unmatched_lexicon = unmatched.into_iter().map(|(name, _)| name).collect();
        set.unfound_terms = unfound_terms;
        set.shared_terms = shared_terms;
        set
    }

    /// The themes that occur in the given atelier, with their counts there.
    pub fn in_atelier(&self, atelier: AtelierId) -> impl Iterator<Item = (&Theme, u32)> {
        self.themes.iter().filter_map(move |t| {
            t.by_atelier
                .iter()
                .find(|(a, _)| *a == atelier)
                .map(|&(_, n)| (t, n))
        })
    }
}

/// The general-French frequency, per million, a lexicon theme is compared with: the sum of its
/// terms' stems' frequencies, as a word family's is, a stem the table does not list taking its
/// floor ([`ReferenceFrequencies::per_million_or_floor`]), as a word's does (so a theme of words
/// rare in general French is specific, as such a word is). A term of several words counts by its
/// rarest end word: the sequence is no more frequent than that word, so it never makes the theme
/// look more specific than it is. Each stem counts once (`confiance` and `se faire confiance`).
fn lexicon_reference(
    stats: &TermStats,
    reference: &ReferenceFrequencies,
    patterns: &[Vec<StemId>],
) -> f64 {
    let freq = |id: StemId| reference.per_million_or_floor(stats.vocab.stem(id));
    let mut stems: Vec<StemId> = patterns
        .iter()
        .filter_map(|p| {
            let (&first, &last) = (p.first()?, p.last()?);
            Some(if freq(last) < freq(first) {
                last
            } else {
                first
            })
        })
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
        .into_iter()
        .map(freq)
        .sum::<f64>()
        .max(reference.floor_per_million())
}

/// Which candidates take part in co-occurrence counting: lexicon themes, and the `max` best by a
/// first estimate of the score from the counting pass's statistics.
fn pairable(
    stats: &TermStats,
    reference: &ReferenceFrequencies,
    candidates: &[Candidate],
    max: usize,
    unit: RecurrenceUnit,
) -> Vec<bool> {
    let mut out = best_by_estimate(stats, reference, candidates, max, unit);
    for (i, c) in candidates.iter().enumerate() {
        if c.kind == ThemeKind::Lexicon {
            out[i] = true;
        }
    }
    out
}

/// Marks the `max` best candidates by [`first_estimate`] (ties: candidate order).
fn best_by_estimate(
    stats: &TermStats,
    reference: &ReferenceFrequencies,
    candidates: &[Candidate],
    max: usize,
    unit: RecurrenceUnit,
) -> Vec<bool> {
    let mut order: Vec<(f64, usize)> = candidates
        .par_iter()
        .map(|c| first_estimate(stats, reference, c, unit))
        .zip(0..candidates.len())
        .collect();
    order.par_sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = vec![false; candidates.len()];
    for &(_, i) in order.iter().take(max) {
        out[i] = true;
    }
    out
}

/// A first estimate of a candidate's score from the counting pass's statistics alone (the score
/// itself needs the second pass): prunes candidates before the costly steps.
fn first_estimate(
    stats: &TermStats,
    reference: &ReferenceFrequencies,
    c: &Candidate,
    unit: RecurrenceUnit,
) -> f64 {
    let words = stats.totals.word_tokens.max(1) as f64;
    let spec = |id: StemId| {
        let s = &stats.stems[id.index()];
        let f = s.count as f64 * 1e6 / words;
        (f / reference.per_million_or_floor(stats.vocab.stem(id))).log2()
    };
    match c.kind {
        ThemeKind::Lexicon => f64::INFINITY,
        ThemeKind::Word => {
            let s = &stats.stems[c.content[0].index()];
            let mean_w = s.weighted() / s.count.max(1) as f64;
            let d: f64 = match unit {
                RecurrenceUnit::Atelier => s
                    .by_atelier
                    .iter()
                    .map(|&(_, n)| (1.0 + f64::from(n) * mean_w).ln())
                    .sum(),
                RecurrenceUnit::Document => {
                    let n = f64::from(s.documents.max(1));
                    n * (1.0 + s.weighted() / n).ln()
                }
            };
            d * (spec(c.content[0]) / FULLY_SPECIFIC_LOG2).clamp(0.02, 1.0)
        }
        ThemeKind::Expression => {
            let (n, docs) = c.counted.map_or((0.0, 1.0), |(count, documents)| {
                (f64::from(count), f64::from(documents.max(1)))
            });
            let mean =
                c.content.iter().map(|&id| spec(id)).sum::<f64>() / c.content.len().max(1) as f64;
            docs * (1.0 + n / docs).ln() * ((mean + 1.0) / FULLY_SPECIFIC_LOG2).clamp(0.02, 1.0)
        }
    }
}

/// The log₂ ratio (corpus frequency over reference frequency) at which a term is fully specific:
/// S = log₂ ratio / 12, so a word 4,096 times more frequent in the notes than in ordinary French
/// gets S = 1. A lexicon theme is given this ratio.
pub const FULLY_SPECIFIC_LOG2: f64 = 12.0;

/// What ranking reads besides the candidates and their occurrences.
struct RankInputs<'a> {
    corpus: &'a Corpus,
    analyzer: &'a Analyzer,
    stats: &'a TermStats,
    reference: &'a ReferenceFrequencies,
    opts: &'a ThemeOptions,
    unit: RecurrenceUnit,
}

/// Scores candidates from what the second pass found, keeps those that recur, sorts them.
fn rank(inputs: RankInputs<'_>, candidates: Vec<Candidate>, occ: Occurrences) -> ThemeSet {
    let RankInputs {
        corpus,
        analyzer,
        stats,
        reference,
        opts,
        unit,
    } = inputs;
    let words = stats.totals.word_tokens.max(1) as f64;
    let n_ateliers = corpus.ateliers.len().max(1) as f64;
    let n_events = corpus.events.len().max(1);
    let event_words = event_word_counts(corpus, stats);
    let word_spec = |id: StemId| -> (f64, f64) {
        let f = stats.stems[id.index()].count as f64 * 1e6 / words;
        let r = reference.per_million_or_floor(stats.vocab.stem(id));
        (r, (f / r).log2())
    };

    // Every candidate that recurs is scored and labelled (thousands of them on a large
    // corpus); the themes themselves, with their forms, events and trend, are made for the
    // `max_themes` best only.
    struct Scored {
        ci: usize,
        score: f64,
        label: String,
        reference_pm: Option<f64>,
        log2_ratio: f64,
        specificity: f64,
        dispersion: f64,
    }
    let mut scored: Vec<Scored> = Vec::new();
    let spread_of = |found: &occurrences::Found| match unit {
        RecurrenceUnit::Atelier => found.by_atelier.len(),
        RecurrenceUnit::Document => found.documents as usize,
    };
    // An expression as mostly written beginning or ending with a stop word is no theme
    // (`doivent être`: its stems, `doiv` and `être`, were content words elsewhere, in
    // `êtres`), nor does it absorb the words inside it.
    let recurs_counted = |found: &occurrences::Found| {
        found.count >= opts.min_count && spread_of(found) >= opts.min_ateliers
    };
    // Each recurring expression's label, made once: read here for its end words, then shown.
    let mut expr_labels: Vec<Option<String>> = candidates
        .iter()
        .zip(&occ.found)
        .map(|(c, found)| {
            (c.kind == ThemeKind::Expression && c.label.is_none() && recurs_counted(found))
                .then(|| expression_label(&forms_in_order(&found.forms)))
        })
        .collect();
    let stop_ended: Vec<bool> = expr_labels
        .iter()
        .map(|label| {
            label.as_deref().is_some_and(|label| {
                let words: Vec<Token> = analyzer
                    .tokens(label)
                    .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Elision))
                    .collect();
                words.first().is_some_and(|t| t.stop) || words.last().is_some_and(|t| t.stop)
            })
        })
        .collect();
    let recurs = |ci: usize| recurs_counted(&occ.found[ci]) && !stop_ended[ci];
    // A word or an expression that almost only occurs inside one longer expression is that
    // expression, when the longer one is shown: it recurs, and is not itself inside a longer one
    // shown. One that recurs through occurrences outside an expression found in one atelier
    // only must not be lost with it. The longest are decided first (an expression only ever
    // covers shorter ones), words last.
    let mut absorbed = vec![false; candidates.len()];
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&ci| candidates[ci].kind != ThemeKind::Lexicon)
        .collect();
    order.sort_by_key(|&ci| {
        let c = &candidates[ci];
        let len = match c.kind {
            ThemeKind::Expression => c.patterns[0].len(),
            _ => 1,
        };
        (std::cmp::Reverse(len), ci)
    });
    for ci in order {
        let found = &occ.found[ci];
        absorbed[ci] = recurs(ci)
            && found.covered_by.iter().any(|(&e, &n)| {
                n * 10 >= found.count * 8 && recurs(e as usize) && !absorbed[e as usize]
            });
    }
    for (ci, (cand, found)) in candidates.iter().zip(&occ.found).enumerate() {
        if !recurs(ci) || absorbed[ci] {
            continue;
        }
        let label = match &cand.label {
            Some(l) => l.clone(),
            None => match cand.kind {
                ThemeKind::Word if cand.content.len() == 1 => {
                    stats.vocab.label(cand.content[0]).to_string()
                }
                // A family of stems (`covoiturag`, `covoitur`) is shown by the most frequent
                // form of all its stems (`covoiturage`), not by its first stem's (`covoiture`).
                ThemeKind::Word => family_label(stats, &cand.content),
                _ => expr_labels[ci]
                    .take()
                    .unwrap_or_else(|| expression_label(&forms_in_order(&found.forms))),
            },
        };
        let corpus_pm = found.count as f64 * 1e6 / words;
        let (reference_pm, log2_ratio) = match cand.kind {
            ThemeKind::Word => {
                let (r, _) = word_spec(cand.content[0]);
                let r: f64 = cand
                    .content
                    .iter()
                    .map(|&id| reference.per_million_or_floor(stats.vocab.stem(id)))
                    .sum::<f64>()
                    .max(r);
                (Some(r), (corpus_pm / r).log2())
            }
            ThemeKind::Expression => {
                let specs: Vec<f64> = cand.content.iter().map(|&id| word_spec(id).1).collect();
                let mean = specs.iter().sum::<f64>() / specs.len().max(1) as f64;
                (None, mean + 1.0)
            }
            // Named by the user, measured as a word family is: against the sum of its terms'
            // reference frequencies (it used to be given S = 1 and a log₂ ratio of 12 that was
            // never measured, and « confiance » = [confiance, défiance] ranked first, above
            // « citoyens »). See [`lexicon_reference`].
            ThemeKind::Lexicon => {
                let r = lexicon_reference(stats, reference, &cand.patterns);
                (Some(r), (corpus_pm / r).log2())
            }
        };
        let specificity = (log2_ratio / FULLY_SPECIFIC_LOG2).clamp(0.02, 1.0);
        let dispersion: f64 = match unit {
            RecurrenceUnit::Atelier => found
                .weights_by_atelier
                .iter()
                .map(|&(_, q)| (1.0 + f64::from(q) / 4.0).ln())
                .sum(),
            RecurrenceUnit::Document => {
                let d = f64::from(found.documents.max(1));
                d * (1.0 + found.weight_quarters as f64 / 4.0 / d).ln()
            }
        };
        scored.push(Scored {
            ci,
            score: round6(dispersion * specificity),
            label,
            reference_pm,
            log2_ratio,
            specificity,
            dispersion,
        });
    }
    // A word or expression named like a recurring lexicon theme (not one of its terms, or it
    // would be part of it) takes its kind after its name, so that neither hides the other.
    let lexicon_names: BTreeSet<String> = scored
        .iter()
        .filter(|s| candidates[s.ci].kind == ThemeKind::Lexicon)
        .map(|s| s.label.to_lowercase())
        .collect();
    let mut shared_names = BTreeMap::new();
    for s in &mut scored {
        let kind = match candidates[s.ci].kind {
            ThemeKind::Lexicon => continue,
            ThemeKind::Word => "mot",
            ThemeKind::Expression => "expression",
        };
        if lexicon_names.contains(&s.label.to_lowercase()) {
            let renamed = format!("{} ({kind})", s.label);
            shared_names.insert(std::mem::replace(&mut s.label, renamed.clone()), renamed);
        }
    }
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.label.cmp(&b.label))
            .then(a.ci.cmp(&b.ci))
    });
    // Labels are unique now (a word or expression named like a lexicon theme was renamed
    // above); two lexicon themes differing only in case keep the first.
    let mut seen = BTreeSet::new();
    scored.retain(|s| seen.insert(s.label.to_lowercase()));
    let recurring = scored.len();
    scored.truncate(opts.max_themes);

    let mut new_id = vec![u32::MAX; candidates.len()];
    for (rank, s) in scored.iter().enumerate() {
        new_id[s.ci] = rank as u32;
    }
    let mut themes: Vec<Option<Theme>> = (0..scored.len()).map(|_| None).collect();
    let chosen = candidates.into_iter().zip(occ.found).enumerate();
    for (ci, (cand, found)) in chosen.filter(|(ci, _)| new_id[*ci] != u32::MAX) {
        let rank = new_id[ci] as usize;
        let s = &mut scored[rank];
        let forms: Vec<Form> = forms_in_order(&found.forms)
            .into_iter()
            .map(|(form, count)| Form {
                form: form.to_string(),
                count,
            })
            .collect();
        let corpus_pm = found.count as f64 * 1e6 / words;
        let by_event = per_event(corpus, &found.by_atelier, &event_words);
        let events_with = by_event.iter().filter(|e| e.count > 0).count();
        let atelier_share = found.by_atelier.len() as f64 / n_ateliers;
        let event_share = events_with as f64 / n_events as f64;
        let trend = trend(corpus, &by_event);
        let stems = cand
            .patterns
            .iter()
            .map(|p| {
                p.iter()
                    .map(|&s| stats.vocab.stem(s))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let by_section = SectionKind::ALL
            .iter()
            .filter(|k| found.by_kind[kind_index(**k)] > 0)
            .map(|&k| (k, found.by_kind[kind_index(k)]))
            .collect();
        themes[rank] = Some(Theme {
            id: ThemeId(rank as u32),
            label: std::mem::take(&mut s.label),
            kind: cand.kind,
            stems,
            forms,
            occurrences: found.count,
            documents: found.documents,
            sentences: found.sentences,
            by_atelier: found.by_atelier,
            by_section,
            by_event,
            score: s.score,
            components: ScoreComponents {
                weighted_occurrences: found.weight_quarters as f64 / 4.0,
                atelier_share: round6(atelier_share),
                event_share: round6(event_share),
                dispersion: round6(s.dispersion),
                corpus_per_million: round6(corpus_pm),
                reference_per_million: s.reference_pm.map(round6),
                log2_ratio: round6(s.log2_ratio),
                specificity: round6(s.specificity),
            },
            trend,
            quotes: found.quotes,
            patterns: cand.patterns,
        });
    }
    // Every rank was given to one candidate.
    let themes: Vec<Theme> = themes.into_iter().flatten().collect();
    let mut pairs: Vec<(ThemeId, ThemeId, u64)> = occ
        .pairs
        .into_iter()
        .filter_map(|((a, b), n)| {
            let (x, y) = (*new_id.get(a as usize)?, *new_id.get(b as usize)?);
            if x == u32::MAX || y == u32::MAX {
                return None;
            }
            let (x, y) = if x < y { (x, y) } else { (y, x) };
            Some((ThemeId(x), ThemeId(y), n))
        })
        .collect();
    pairs.sort();
    ThemeSet {
        themes,
        pairs,
        sentences: occ.sentences,
        words: stats.totals.word_tokens,
        min_ateliers: opts.min_ateliers,
        max_themes: opts.max_themes,
        recurring,
        unit,
        shared_names: shared_names.into_iter().collect(),
        unmatched_lexicon: Vec::new(),
        unfound_terms: Vec::new(),
        shared_terms: Vec::new(),
    }
}

/// The stems a lexicon term is matched by: each word spelt as the counting pass stems the notes
/// (`ETAT` as `état`). A theme's term is matched from its first content word to its last
/// (`trim`): occurrences are found from a content word, and the notes' expressions start and
/// end with one, so the function words around it are dropped (`se faire confiance` is matched
/// as `faire confiance`, `à l'erreur` as `erreur`); those inside stay (`droit à l'erreur`). An
/// excluded term is taken exactly (`la posture` does not exclude `posture`).
fn term_stems(
    analyzer: &Analyzer,
    vocab: &crate::vocab::Vocab,
    cache: &mut StemCache,
    lower: &mut String,
    term: &str,
    trim: bool,
) -> std::result::Result<Vec<StemId>, TermProblem> {
    use crate::text::TokenKind;
    // (function word, kind, spelling)
    let words: Vec<(bool, TokenKind, &str)> = analyzer
        .phrase_spellings(term)
        .map(|(t, word)| {
            let function = t.kind == TokenKind::Elision
                || (t.kind == TokenKind::Word && analyzer.is_stop_word(word, lower));
            (function, t.kind, word)
        })
        .collect();
    if words.is_empty() {
        return Err(TermProblem::NoWord);
    }
    let first = words.iter().position(|w| !w.0);
    let last = words.iter().rposition(|w| !w.0);
    let (Some(first), Some(last)) = (first, last) else {
        return Err(TermProblem::OnlyFunctionWords);
    };
    if !trim && (first > 0 || last + 1 < words.len()) {
        return Err(TermProblem::OuterFunctionWord);
    }
    words[first..=last]
        .iter()
        .map(|&(_, kind, word)| match kind {
            TokenKind::Word | TokenKind::Elision => {
                vocab.get(cache.stem(word)).ok_or(TermProblem::NotInCorpus)
            }
            // A word in capitals amid lowercase reads as an acronym (`l'ETAT`): it counts when
            // its spelling (`état`) is a word of the corpus.
            TokenKind::Acronym => vocab.get(cache.stem(word)).ok_or(TermProblem::NotAWord),
            _ => Err(TermProblem::NotAWord),
        })
        .collect()
}

/// The label of a word theme made of several stems: chosen as a stem's label is
/// ([`crate::vocab::choose_label`]), from the forms of all of them.
fn family_label(stats: &TermStats, stems: &[StemId]) -> String {
    let mut forms: Vec<(String, u32)> = Vec::new();
    let (mut capitalised, mut lower) = (0u64, 0u64);
    for &id in stems {
        let s = &stats.stems[id.index()];
        forms.extend(s.forms.iter().cloned());
        capitalised += u64::from(s.capitalised_inside);
        lower += u64::from(s.lower_inside);
    }
    forms.sort_by(|a, b| crate::vocab::form_order((&a.0, a.1), (&b.0, b.1)));
    crate::vocab::choose_label(&forms, crate::vocab::InsideCase { capitalised, lower })
}

/// The label of an expression: its most frequent form written in lowercase letters (forms in
/// capitals only when there is no other, with their accents restored), with a lowercase initial
/// unless the first word is a proper noun or an acronym (`théorie U`, `droit à l'erreur`).
fn expression_label(forms: &[(&str, u32)]) -> String {
    let best = forms
        .iter()
        .find(|f| f.0.chars().any(char::is_lowercase))
        .map(|f| f.0.to_string())
        .or_else(|| {
            forms.first().map(|f| {
                f.0.split(' ')
                    .map(|w| {
                        crate::reference::restore_accents(w)
                            .map_or_else(|| w.to_lowercase(), str::to_string)
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
        .unwrap_or_default();
    let mut chars = best.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(best.chars().skip(1)).collect()
        }
        _ => best,
    }
}

/// A candidate's forms, most frequent first (ties: see [`crate::vocab::form_order`]).
fn forms_in_order(forms: &std::collections::BTreeMap<String, u32>) -> Vec<(&str, u32)> {
    let mut order: Vec<(&str, u32)> = forms.iter().map(|(f, &n)| (f.as_str(), n)).collect();
    order.sort_by(|&a, &b| crate::vocab::form_order(a, b));
    order
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Words per event, as the report's tables count them (see [`crate::stats::Totals::words_by_event`]).
fn event_word_counts(corpus: &Corpus, stats: &TermStats) -> Vec<f64> {
    let words = stats.totals.words_by_event(corpus);
    words.iter().map(|&n| n as f64).collect()
}

fn per_event(
    corpus: &Corpus,
    by_atelier: &[(AtelierId, u32)],
    event_words: &[f64],
) -> Vec<EventFrequency> {
    let mut counts = vec![0u64; corpus.events.len()];
    for &(a, n) in by_atelier {
        counts[corpus.ateliers[a.index()].event.index()] += u64::from(n);
    }
    corpus
        .events
        .iter()
        .zip(counts)
        .map(|(e, count)| EventFrequency {
            event: e.key.clone(),
            count,
            per_thousand: if event_words[e.id.index()] > 0.0 {
                round6(count as f64 * 1000.0 / event_words[e.id.index()])
            } else {
                0.0
            },
        })
        .collect()
}

/// Classes a theme by its presence across dated events, in date order. Undated events are
/// ignored; with fewer than two dated events there is no timeline ([`Trend::Undated`]).
fn trend(corpus: &Corpus, by_event: &[EventFrequency]) -> Trend {
    let present: Vec<bool> = corpus
        .events
        .iter()
        .zip(by_event)
        .filter(|(e, _)| e.dates.is_some())
        .map(|(_, f)| f.count > 0)
        .collect();
    trend_of(&present)
}

/// The trend of a theme present (`true`) or not in each dated event, in date order.
fn trend_of(present: &[bool]) -> Trend {
    let n = present.iter().filter(|&&p| p).count();
    // No timeline, or none for this theme (found in undated events only).
    if present.len() < 2 || n == 0 {
        return Trend::Undated;
    }
    // First and last decide, as the report defines the trends: a theme found at the last event
    // only is new there (emerging), one found at the first only is gone (fading).
    match (present[0], present[present.len() - 1]) {
        (true, true) => Trend::Persistent,
        (false, true) => Trend::Emerging,
        (true, false) => Trend::Fading,
        (false, false) if n == 1 => Trend::SingleEvent,
        (false, false) => Trend::Intermittent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn trends_read_the_dated_events_in_order() {
        let t = |p: &[u8]| trend_of(&p.iter().map(|&x| x == 1).collect::<Vec<_>>());
        assert_eq!(t(&[1, 0, 1]), Trend::Persistent);
        assert_eq!(t(&[0, 1, 1]), Trend::Emerging);
        assert_eq!(t(&[1, 1, 0]), Trend::Fading);
        assert_eq!(t(&[0, 1, 0]), Trend::SingleEvent);
        // At the last event only: new there, as « absent au premier, présent au dernier » says;
        // at the first only: gone. With two dated events, every theme is in one of the lists.
        assert_eq!(t(&[0, 0, 1]), Trend::Emerging);
        assert_eq!(t(&[1, 0, 0]), Trend::Fading);
        assert_eq!(t(&[0, 1]), Trend::Emerging);
        assert_eq!(t(&[1, 0]), Trend::Fading);
        // In the middle only: neither persistent (as it was called) nor single.
        assert_eq!(t(&[0, 1, 1, 0]), Trend::Intermittent);
        // One dated event, or none: no timeline, whatever the undated ones hold.
        assert_eq!(t(&[1]), Trend::Undated);
        assert_eq!(t(&[]), Trend::Undated);
        // In undated events only: no timeline for the theme (not « un seul événement daté »).
        assert_eq!(t(&[0, 0, 0]), Trend::Undated);
    }

    fn extract(opts: &ThemeOptions) -> ThemeSet {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let stats = TermStats::collect(&corpus, &analyzer);
        ThemeSet::extract(&corpus, &analyzer, &stats, None, opts)
    }

    /// The themes of `corpus` found by replaying `log`, with the French analyser.
    fn replay_log(
        corpus: &Corpus,
        stats: &TermStats,
        log: &crate::stats::TokenLog,
        opts: &ThemeOptions,
    ) -> ThemeSet {
        let analyzer = Analyzer::french();
        let silent = &crate::progress::Silent;
        ThemeSet::extract_logged(corpus, &analyzer, stats, None, opts, Some(log), silent)
    }

    /// The themes of two ateliers' discussion notes (`first`, `second`: their lines), as
    /// (label, occurrences, ateliers).
    fn discussions_themes(first: &str, second: &str) -> Vec<(String, u64, usize)> {
        let (_, set) = two_ateliers(
            &format!("# Atelier 1\n\n## Discussion\n\n{first}"),
            &format!("# Atelier 2\n\n## Discussion\n\n{second}"),
        );
        set.themes
            .iter()
            .map(|t| (t.label.clone(), t.occurrences, t.atelier_count()))
            .collect()
    }

    /// A corpus of two notes, `a.md` and `b.md`, and its themes with the default options (the
    /// texts are held in memory: the folder may go).
    fn two_ateliers(a: &str, b: &str) -> (Corpus, ThemeSet) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), a).unwrap();
        std::fs::write(dir.path().join("b.md"), b).unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        let analyzer = Analyzer::french();
        let stats = TermStats::collect(&corpus, &analyzer);
        let set = ThemeSet::extract(&corpus, &analyzer, &stats, None, &Default::default());
        (corpus, set)
    }

    /// An expression almost always inside a longer one is shown as the longer one only when that
    /// one recurs: `transition écologique`, four times inside `transition écologique locale` in
    /// one atelier and once alone in a second one, recurs as an expression (it was dropped when
    /// expressions were selected, before ateliers were known). Once the longer one recurs, the
    /// shorter one is the longer one.
    #[test]
    fn an_expression_is_shown_as_a_longer_one_only_if_the_longer_one_recurs() {
        let themes = |second: &str| {
            let locale: String = ["innover", "oser", "tester", "avancer"]
                .iter()
                .map(|v| format!("- La transition écologique locale aide à {v}.\n"))
                .collect();
            discussions_themes(&locale, second)
        };
        let alone = themes("- La transition écologique coûte cher.\n");
        assert!(
            alone.contains(&("transition écologique".to_string(), 5, 2)),
            "{alone:?}"
        );
        assert!(!alone.iter().any(|t| t.0.contains("locale")), "{alone:?}");
        let both = themes("- La transition écologique locale coûte cher.\n");
        assert!(
            both.contains(&("transition écologique locale".to_string(), 5, 2)),
            "{both:?}"
        );
        assert!(
            !both.iter().any(|t| t.0 == "transition écologique"),
            "{both:?}"
        );
    }

    /// A word is shown as a longer expression only when that expression is shown: `transition`,
    /// 8 times out of 10 inside `transition écologique`, itself 7 times out of 8 inside
    /// `transition écologique locale`, is not that last one (it holds 7 of the 10), and stays a
    /// theme (it was lost, absorbed by an expression that was itself absorbed: found by a review).
    #[test]
    fn a_word_is_absorbed_only_by_an_expression_shown() {
        let line = |what: &str| format!("- {what}.\n");
        let locale = |verb: &str| line(&format!("La transition écologique locale {verb}"));
        let first: String = ["avance", "recule", "hésite", "accélère"]
            .map(locale)
            .concat()
            + &line("La transition seule")
            + &line("La transition écologique tout court");
        let second: String =
            ["coûte", "rapporte", "tarde"].map(locale).concat() + &line("Une transition");
        let themes = discussions_themes(&first, &second);
        assert!(
            themes.contains(&("transition écologique locale".to_string(), 7, 2)),
            "{themes:?}"
        );
        assert!(
            themes.contains(&("transition".to_string(), 10, 2)),
            "{themes:?}"
        );
        assert!(
            !themes.iter().any(|t| t.0 == "transition écologique"),
            "{themes:?}"
        );
    }

    /// A word almost always inside one expression is shown as that expression only when the
    /// expression recurs: `erreur`, inside `droit à l'erreur` five times out of six, all in one
    /// atelier, and alone in a second atelier, recurs as a word (it was lost with the
    /// expression, which does not recur). Once the expression recurs, the word is the expression.
    #[test]
    fn a_word_is_shown_as_its_expression_only_if_the_expression_recurs() {
        let themes = |second: &str| {
            // Five different lines (a line pasted twice counts once).
            let droit: String = ["innover", "oser", "tester", "apprendre", "avancer"]
                .iter()
                .map(|v| format!("- Le droit à l'erreur aide à {v}.\n"))
                .collect();
            discussions_themes(&droit, second)
        };
        let alone = themes("- Une erreur de pilotage a coûté cher.\n");
        assert!(alone.contains(&("erreur".to_string(), 6, 2)), "{alone:?}");
        assert!(!alone.iter().any(|t| t.0.contains("droit")), "{alone:?}");
        let both = themes(
            "- Une erreur de pilotage.\n- Le droit à l'erreur aussi.\n- Et le droit à l'erreur encore.\n",
        );
        assert!(
            both.contains(&("droit à l'erreur".to_string(), 7, 2)),
            "{both:?}"
        );
        assert!(!both.iter().any(|t| t.0 == "erreur"), "{both:?}");
    }

    /// A sentence written all in capitals (a line of a question in capitals) is quoted after
    /// the others, as a sentence of fewer than five words is, even from a synthesis.
    #[test]
    fn sentences_in_capitals_are_quoted_last() {
        let (corpus, set) = two_ateliers(
            "# Atelier 1\n\n## Synthèse\n\n- LA CONFIANCE DES ELUS EST ESSENTIELLE ICI\n",
            "# Atelier 2\n\n## Discussion\n\n- La confiance se construit avec le temps.\n",
        );
        let t = set.themes.iter().find(|t| t.label == "confiance").unwrap();
        let quoted: Vec<String> = t
            .quotes
            .iter()
            .map(|q| corpus.text(q.doc)[q.span.clone()].to_string())
            .collect();
        assert_eq!(
            quoted,
            [
                "La confiance se construit avec le temps",
                "LA CONFIANCE DES ELUS EST ESSENTIELLE ICI"
            ]
        );
    }

    /// Rates per word are taken on the words the report's tables give: an event's mentions per
    /// 1,000 words are its mentions over its words, and keyness weighs each atelier, event and
    /// section kind by its own words (they were estimated from content words, so the rates
    /// could not be checked against the tables).
    #[test]
    fn rates_per_word_use_the_words_the_report_gives() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let stats = TermStats::collect(&corpus, &analyzer);
        let set = ThemeSet::extract(&corpus, &analyzer, &stats, None, &ThemeOptions::default());
        let words = stats.totals.words_by_event(&corpus);
        assert_eq!(words.iter().sum::<u64>(), stats.totals.words());
        assert_eq!(
            stats.totals.words_by_kind.iter().sum::<u64>(),
            stats.totals.words()
        );
        for t in &set.themes {
            for (e, f) in t.by_event.iter().enumerate() {
                let want = f.count as f64 * 1000.0 / words[e] as f64;
                assert!((f.per_thousand - want).abs() < 1e-5, "{}: {f:?}", t.label);
            }
        }
        for by in [
            keyness::Partition::Atelier,
            keyness::Partition::Event,
            keyness::Partition::Section,
        ] {
            let rows = keyness::keyness(&corpus, &stats, &set, by, 0.001, keyness::Absences::All);
            assert!(!rows.is_empty());
            for r in rows {
                assert_eq!(r.words_in + r.words_out, stats.totals.words(), "{by:?}");
                let own = match by {
                    keyness::Partition::Atelier => corpus
                        .ateliers
                        .iter()
                        .find(|a| *a.key == *r.partition)
                        .map(|a| stats.totals.words_by_atelier[a.id.index()]),
                    keyness::Partition::Event => corpus
                        .events
                        .iter()
                        .find(|e| *e.key == *r.partition)
                        .map(|e| words[e.id.index()]),
                    keyness::Partition::Section => SectionKind::ALL
                        .iter()
                        .find(|k| k.as_str() == &*r.partition)
                        .map(|&k| stats.totals.words_by_kind[crate::stats::kind_index(k)]),
                };
                assert_eq!(own, Some(r.words_in), "{by:?} {}", r.partition);
            }
        }
    }

    /// A log written by three workers and replayed by one, or written by one and replayed by
    /// three (its blocks are its own, whatever the pool), gives the themes tokenising gives.
    #[test]
    fn a_log_replays_in_a_pool_of_another_size() {
        let analyzer = Analyzer::french();
        let opts = ThemeOptions::default();
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let silent = &crate::progress::Silent;
        let walked = {
            let stats = TermStats::collect(&corpus, &analyzer);
            format!(
                "{:?}",
                ThemeSet::extract(&corpus, &analyzer, &stats, None, &opts)
            )
        };
        for (write, replay) in [(3, 1), (1, 3)] {
            let (stats, log) =
                pool(write).install(|| TermStats::collect_logged(&corpus, &analyzer, silent));
            let log = log.unwrap();
            let replayed = pool(replay).install(|| replay_log(&corpus, &stats, &log, &opts));
            assert_eq!(format!("{replayed:?}"), walked, "{write} → {replay}");
            assert_eq!(log.read_error(), None);
        }
    }

    /// Replaying the counting pass's log finds the themes tokenising again finds: the same
    /// themes, counts, forms, pairs and quotes, texts in memory or on disk.
    #[test]
    fn replaying_the_log_finds_the_same_themes() {
        let analyzer = Analyzer::french();
        let opts = ThemeOptions::default();
        for texts in [
            crate::corpus::TextStorage::Memory,
            crate::corpus::TextStorage::Disk,
        ] {
            let load = crate::corpus::LoadOptions {
                texts,
                ..Default::default()
            };
            let corpus = Corpus::load_with(Path::new("corpus"), &load).unwrap();
            let silent = &crate::progress::Silent;
            let (stats, log) = TermStats::collect_logged(&corpus, &analyzer, silent);
            let log = log.expect("the log is written");
            assert_eq!(
                format!("{:?}", stats.stems),
                format!("{:?}", TermStats::collect(&corpus, &analyzer).stems)
            );
            let walked = ThemeSet::extract(&corpus, &analyzer, &stats, None, &opts);
            let replayed = replay_log(&corpus, &stats, &log, &opts);
            assert!(walked.themes.len() > 20);
            assert_eq!(format!("{walked:?}"), format!("{replayed:?}"));
            assert_eq!(log.read_error(), None);
        }
    }

    #[test]
    fn caps_bound_expressions_and_themes() {
        let all = extract(&ThemeOptions::default());
        let expressions = |s: &ThemeSet| {
            s.themes
                .iter()
                .filter(|t| t.kind == ThemeKind::Expression)
                .count()
        };
        assert!(expressions(&all) >= 5, "{} expressions", expressions(&all));
        assert_eq!(all.recurring, all.themes.len(), "no cut by default here");

        let few = extract(&ThemeOptions {
            max_expressions: 3,
            ..ThemeOptions::default()
        });
        assert!(expressions(&few) <= 3, "{} expressions", expressions(&few));
        assert!(expressions(&few) >= 1);

        let top = extract(&ThemeOptions {
            max_themes: 10,
            ..ThemeOptions::default()
        });
        assert_eq!(top.themes.len(), 10);
        assert_eq!(top.recurring, all.themes.len());
        let labels = |s: &ThemeSet| s.themes.iter().map(|t| t.label.clone()).collect::<Vec<_>>();
        assert_eq!(labels(&top), labels(&all)[..10]);
        assert!(
            top.pairs
                .iter()
                .all(|&(a, b, _)| a.index() < 10 && b.index() < 10)
        );
    }
}
