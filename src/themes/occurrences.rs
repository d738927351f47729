//! The second pass over the corpus: where each candidate theme occurs.
//!
//! Given candidate themes as patterns (a stem, or a sequence of stems for an expression), this
//! pass finds every occurrence, sentence by sentence, and gathers what ranking, evidence and
//! graphs need: counts per atelier and section kind, surface forms, the sentences in which each
//! pair of themes meets, and for each theme the best sentences to quote. It runs in parallel with
//! mergeable accumulators and keeps a bounded number of quotes per theme, so memory does not grow
//! with the corpus. Given the counting pass's [`TokenLog`], it replays that pass's sentences
//! rather than tokenising the texts again (it still reads them, for the forms of expressions).

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::corpus::{AtelierId, Corpus, DocId, SectionId, SectionKind, SmallList, Span};
use crate::stats::TokenLog;
use crate::stats::log::replay_document;
use crate::stats::walk::{Role, SentenceInfo, SentenceToken, WalkScratch, for_each_sentence_with};
use crate::stats::{AtelierRun, Surfaces, add_atelier, add_ateliers, kind_index};
use crate::text::{Analyzer, StemCache};
use crate::vocab::{StemId, Vocab};

/// A candidate's patterns: each a sequence of stems (one stem for a word).
pub type Patterns = Vec<Vec<StemId>>;

/// A sentence kept as evidence for a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Its document.
    pub doc: DocId,
    /// Its section.
    pub section: SectionId,
    /// Its atelier-level unit.
    pub atelier: AtelierId,
    /// Its section's kind.
    pub kind: SectionKind,
    /// Byte span of the sentence in the document text.
    pub span: Range<usize>,
    /// Byte spans of the theme's occurrences, in the document text: nearly always one, held
    /// inline (a quote is pushed for most sentences a theme is found in, and most are dropped).
    pub hits: SmallList<Span>,
    /// How many other candidate themes the sentence holds.
    pub others: u32,
    /// Whether the sentence is a poor quote: fewer than [`SHORT_QUOTE_WORDS`] words, or written
    /// all in capitals.
    pub poor: bool,
}

/// A sentence of fewer words is a poor quote (most often one line of a title or question
/// wrapped over several, such as « DES USAGERS » or « A PARTAGER SA SOUVERAINETE »): it comes
/// after every longer one. So does a sentence written all in capitals, whatever its length
/// (« DU CITOYEN TOUT EN ETANT », a line of a question in capitals wrapped over three).
pub const SHORT_QUOTE_WORDS: usize = 5;

impl Quote {
    /// Ranking key: see [`key_of`].
    fn key(&self) -> QuoteKey {
        key_of(self.poor, self.kind, self.others, self.doc, self.span.start)
    }
}

/// Ranking key of a quote: sentences of [`SHORT_QUOTE_WORDS`] words or more, not all in
/// capitals, first, then
/// synthesis and ideas, then sentences that hold more other themes, then corpus order. A total
/// order, so the choice never depends on thread scheduling.
fn key_of(poor: bool, kind: SectionKind, others: u32, doc: DocId, start: usize) -> QuoteKey {
    let priority = match kind {
        SectionKind::Synthese => 0,
        SectionKind::Idees => 1,
        SectionKind::Question => 2,
        SectionKind::Discussion => 3,
        SectionKind::Other => 4,
        _ => 5,
    };
    (poor, priority, std::cmp::Reverse(others), doc, start)
}

/// What the pass found for one candidate.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Occurrences.
    pub count: u64,
    /// Occurrences weighted by section kind, in quarters.
    pub weight_quarters: u64,
    /// Documents.
    pub documents: u32,
    /// Occurrences per atelier (sorted).
    pub by_atelier: Vec<(AtelierId, u32)>,
    /// Weighted occurrences per atelier, in quarters (sorted).
    pub weights_by_atelier: Vec<(AtelierId, u32)>,
    /// Occurrences per section kind, indexed like [`SectionKind::ALL`].
    pub by_kind: [u32; 8],
    /// Surface forms (whitespace collapsed) and counts.
    pub forms: BTreeMap<String, u32>,
    /// How many of its occurrences lie inside each longer expression candidate (for a word,
    /// inside each expression).
    pub covered_by: BTreeMap<u32, u64>,
    /// Sentences it occurs in.
    pub sentences: u64,
    /// The best sentences to quote, best first.
    pub quotes: Vec<Quote>,
    /// The last document counted, plus one (0: none yet).
    last_doc: u32,
    gate: Option<Gate>,
    /// While counting: one-word forms by the counting worker's surface id (see
    /// [`Acc::settle`]), most frequent roughly first. Moved into `forms` before merging.
    word_forms: Vec<(u32, u32)>,
    /// While counting: occurrences not yet in `by_atelier` and `weights_by_atelier`.
    run: AtelierRun,
}

/// Everything the pass found.
#[derive(Debug, Clone, Default)]
pub struct Occurrences {
    /// Per candidate, in candidate order.
    pub found: Vec<Found>,
    /// Sentences in which each pair of candidates (lower index first) occurs together.
    pub pairs: BTreeMap<(u32, u32), u64>,
    /// Sentences analysed (the units of co-occurrence).
    pub sentences: u64,
}

/// What to look for and keep, besides the patterns.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    /// Whether each candidate is an expression (its occurrences cover the words inside it).
    pub is_expression: &'a [bool],
    /// Whether each candidate takes part in co-occurrence counting.
    pub pairable: &'a [bool],
    /// Sentences kept per candidate.
    pub quotes_per_theme: usize,
    /// Proximity window for co-occurrences, in content words.
    pub window: Option<usize>,
}

/// Finds all occurrences of the candidates, telling `progress` the bytes of text done.
/// `surfaces` are those the counting pass met (its words are not stemmed again). With the
/// counting pass's `log`, its sentences are replayed rather than the texts tokenised again.
#[allow(clippy::too_many_arguments)]
pub fn find(
    corpus: &Corpus,
    analyzer: &Analyzer,
    vocab: &Vocab,
    surfaces: &Surfaces,
    candidates: &[Patterns],
    plan: &Plan<'_>,
    log: Option<&TokenLog>,
    progress: &dyn crate::progress::Progress,
) -> Occurrences {
    let Plan {
        is_expression,
        pairable,
        quotes_per_theme,
        window,
    } = *plan;
    let mut single: Vec<(StemId, u32)> = Vec::new();
    let mut multi: Vec<(StemId, (u32, &[StemId]))> = Vec::new();
    for (i, pats) in candidates.iter().enumerate() {
        for p in pats {
            match p.len() {
                0 => {}
                1 => single.push((p[0], i as u32)),
                _ => multi.push((p[0], (i as u32, p.as_slice()))),
            }
        }
    }
    let paired: Vec<u32> = (0..candidates.len() as u32)
        .filter(|&c| pairable[c as usize])
        .collect();
    let mut pair_slot = vec![u32::MAX; candidates.len()];
    for (slot, &c) in paired.iter().enumerate() {
        pair_slot[c as usize] = slot as u32;
    }
    // Replaying, the words of all the writers are resolved once, into one table all workers
    // share.
    let mut shared_words = Words::default();
    let ids = log.map(|log| {
        log.resolve(|written, in_caps| shared_words.resolve(surfaces, vocab, written, in_caps))
    });
    let index = Index {
        words: ids.as_ref().map(|_| &shared_words),
        surfaces,
        single: ByStem::new(vocab.len(), single),
        multi: ByStem::new(vocab.len(), multi),
        is_expression,
        n: candidates.len(),
        quotes: quotes_per_theme,
        window,
        pair_slot,
        paired,
    };
    let accs = match (log, &ids) {
        (Some(log), Some(ids)) => crate::stats::walk::fold_blocks(
            corpus,
            log.block_size(),
            || (Acc::new(&index), log.cursor()),
            |(acc, cursor), texts, b, docs| {
                let (writer, bytes) = cursor.block(b);
                let mut r = crate::stats::log::Reader::new(bytes);
                // Told once per block: a progress bar reads the clock on each call.
                let (mut done, mut ok) = (0, true);
                for d in docs {
                    let text = texts.get(&corpus.documents[d].text);
                    let doc = DocId(d as u32);
                    ok = acc.replay(corpus, &index, log, &mut r, &ids[writer], doc, text);
                    done += text.len() as u64;
                    if !ok {
                        break;
                    }
                }
                progress.advance(done);
                if ok {
                    log.end_block(b, &r);
                }
            },
        )
        .into_iter()
        .map(|(acc, _)| acc)
        .collect(),
        _ => crate::stats::walk::fold_per_worker(
            corpus,
            || Acc::new(&index),
            |acc, doc, text| {
                acc.document(corpus, analyzer, vocab, &index, doc, text);
                progress.advance(text.len() as u64);
            },
        ),
    };
    let acc = accs
        .into_par_iter()
        .map(|mut a| {
            // The walk's memory of words is not needed past the pass.
            a.walk = WalkScratch::default();
            // Each worker settles its own counts, in parallel, before the merges.
            a.settle(&index);
            a
        })
        .reduce(|| Acc::new(&index), |a, b| a.merge(b, &index))
        .settled(&index);
    let mut occ = acc.tally.occ;
    for f in &mut occ.found {
        keep_best(&mut f.quotes, quotes_per_theme);
    }
    occ.pairs = acc.tally.pairs.into_map(&index.paired);
    occ
}

/// Most pairable candidates for which pairs are counted in a matrix (4 MB of counters at most);
/// beyond, in a hash map.
const MAX_DENSE_PAIRED: usize = 1024;

/// Sentence counts of pairs of pairable candidates, while counting. Candidates are numbered by
/// their slot among the pairable ones (in candidate order, so slots order pairs as candidates
/// do).
#[derive(Debug, Clone)]
enum PairCounts {
    /// The upper triangle of a matrix, row by row: a count is an index away.
    Dense { slots: usize, counts: Vec<u64> },
    /// A hash map keyed by slots, for very many pairable candidates.
    Sparse(FxHashMap<(u32, u32), u64>),
}

impl PairCounts {
    fn new(slots: usize) -> Self {
        if slots <= MAX_DENSE_PAIRED {
            PairCounts::Dense {
                slots,
                counts: vec![0; slots * slots.saturating_sub(1) / 2],
            }
        } else {
            PairCounts::Sparse(FxHashMap::default())
        }
    }

    /// Index of the pair of slots `a < b` in the triangle.
    fn cell(slots: usize, a: usize, b: usize) -> usize {
        a * (2 * slots - a - 1) / 2 + (b - a - 1)
    }

    /// Counts one sentence for the pair of slots `a < b`.
    #[inline]
    fn add(&mut self, a: u32, b: u32) {
        match self {
            PairCounts::Dense { slots, counts } => {
                counts[Self::cell(*slots, a as usize, b as usize)] += 1;
            }
            PairCounts::Sparse(map) => *map.entry((a, b)).or_default() += 1,
        }
    }

    /// Adds another worker's counts (both built for the same slots).
    fn merge(&mut self, other: PairCounts) {
        match (self, other) {
            (PairCounts::Dense { counts, .. }, PairCounts::Dense { counts: theirs, .. }) => {
                for (a, b) in counts.iter_mut().zip(theirs) {
                    *a += b;
                }
            }
            (PairCounts::Sparse(map), PairCounts::Sparse(theirs)) => {
                for (k, n) in theirs {
                    *map.entry(k).or_default() += n;
                }
            }
            _ => unreachable!("pair counts of one pass share their layout"),
        }
    }

    /// The counted pairs as candidate pairs (lower candidate first); `paired` gives the
    /// candidate of each slot.
    fn into_map(self, paired: &[u32]) -> BTreeMap<(u32, u32), u64> {
        match self {
            PairCounts::Dense { slots, counts } => {
                // The cells run row by row and `paired` is increasing: the pairs come out in key
                // order, and a map collected from sorted keys is built in bulk, not by one
                // insertion per pair (up to half a million pairs, for 1,024 paired candidates).
                let pairs: Vec<((u32, u32), u64)> = (0..slots)
                    .flat_map(|a| (a + 1..slots).map(move |b| (a, b)))
                    .zip(counts)
                    .filter(|&(_, n)| n > 0)
                    .map(|((a, b), n)| ((paired[a], paired[b]), n))
                    .collect();
                pairs.into_iter().collect()
            }
            PairCounts::Sparse(map) => map
                .into_iter()
                .map(|((a, b), n)| ((paired[a as usize], paired[b as usize]), n))
                .collect(),
        }
    }
}

struct Index<'a> {
    /// The surfaces the counting pass met.
    surfaces: &'a Surfaces,
    /// Replaying the counting pass's log: the surface ids of all workers (otherwise each
    /// worker has its own).
    words: Option<&'a Words>,
    /// One-stem patterns: the candidates of each stem.
    single: ByStem<u32>,
    /// Longer patterns, by first stem: (candidate, pattern).
    multi: ByStem<(u32, &'a [StemId])>,
    is_expression: &'a [bool],
    n: usize,
    quotes: usize,
    window: Option<usize>,
    /// Per candidate, its slot among the pairable candidates (`u32::MAX`: not pairable).
    pair_slot: Vec<u32>,
    /// The pairable candidates, in order (slot → candidate).
    paired: Vec<u32>,
}

/// Values grouped by stem, in one flat array (a look-up is two loads, no hashing).
struct ByStem<T> {
    /// `values[start[s]..start[s + 1]]` are the values of stem `s`.
    start: Vec<u32>,
    values: Vec<T>,
}

impl<T> ByStem<T> {
    fn new(stems: usize, mut pairs: Vec<(StemId, T)>) -> Self {
        // A stable sort keeps each stem's values in candidate order.
        pairs.sort_by_key(|p| p.0);
        let mut start = Vec::with_capacity(stems + 1);
        let mut values = Vec::with_capacity(pairs.len());
        let mut pairs = pairs.into_iter().peekable();
        for s in 0..stems {
            start.push(values.len() as u32);
            while let Some((_, v)) = pairs.next_if(|p| p.0.index() == s) {
                values.push(v);
            }
        }
        start.push(values.len() as u32);
        ByStem { start, values }
    }

    /// The values of a stem (none for a stem outside the vocabulary).
    fn get(&self, stem: u32) -> &[T] {
        let s = stem as usize;
        if s + 1 >= self.start.len() {
            return &[];
        }
        &self.values[self.start[s] as usize..self.start[s + 1] as usize]
    }
}

/// One worker's accumulator.
struct Acc {
    tally: Tally,
    /// This worker's surface ids (when it walks the texts itself).
    words: Words,
    /// Scratch of the sentence walk.
    walk: WalkScratch,
    /// Scratch: a replayed sentence's tokens.
    toks: Vec<SentenceToken>,
}

/// What a worker counts, sentence after sentence.
struct Tally {
    occ: Occurrences,
    /// Sentences in which pairs of pairable candidates meet.
    pairs: PairCounts,
    /// Scratch buffers of the current sentence.
    hits: Vec<(u32, usize, usize)>,
    spans: Vec<(u32, usize, usize)>,
    /// The candidates present, each with its run of `hits` (sorted by candidate) and the
    /// tokens its occurrences span, first to last.
    runs: Vec<HitRun>,
}

/// The occurrences of candidate `cand` in a sentence: `hits[from..to]`, over tokens `lo..hi`.
#[derive(Clone, Copy)]
struct HitRun {
    cand: u32,
    from: usize,
    to: usize,
    lo: usize,
    hi: usize,
}

/// Surface ids of the pass: one worker's when it walks the texts itself, all workers' when the
/// counting pass's log is replayed (one table, filled before the pass). A word not in capitals
/// is one the counting pass met: its id is the one in the shared [`Surfaces`], and nothing is
/// stemmed again. A word in capitals is counted as written here (the counting pass kept its
/// accented spelling), and gets an id of this table's own, above the shared ones; so would a
/// word the counting pass never met. Each distinct word and case is asked once per walk (the
/// walk remembers the answer) or per writer of the log, so no map is kept here: a word in
/// capitals may get one own id per writer, all with the same text.
#[derive(Default)]
struct Words {
    cache: StemCache,
    /// Per own id (minus the number of shared surfaces): the surface as written, and its stem id
    /// (`u32::MAX`: not a counted stem).
    surfaces: Vec<Box<str>>,
    surface_stem: Vec<u32>,
}

impl Words {
    /// The surface id of a token, as written, in capitals or not (see
    /// [`crate::stats::walk::for_each_sentence_cased`]).
    #[inline]
    fn resolve(&mut self, shared: &Surfaces, vocab: &Vocab, written: &str, in_caps: bool) -> u32 {
        if !in_caps && let Some(id) = shared.id(written) {
            return id;
        }
        // As the counting pass stems it (see `stats::Interner::resolve_cased`).
        let lookup = if in_caps {
            crate::reference::restore_accents(written).unwrap_or(written)
        } else {
            crate::reference::stem_spelling(written)
        };
        let stem = match shared.stem(lookup) {
            Some(s) => s.0,
            None => vocab.get(self.cache.stem(lookup)).map_or(u32::MAX, |s| s.0),
        };
        let id = (shared.len() + self.surfaces.len()) as u32;
        self.surfaces.push(written.into());
        self.surface_stem.push(stem);
        id
    }

    /// The stem id of a surface id (`u32::MAX`: not a counted stem).
    #[inline]
    fn stem_of(&self, shared: &Surfaces, id: u32) -> u32 {
        match (id as usize).checked_sub(shared.len()) {
            None => shared.stem_of(id).0,
            Some(own) => self.surface_stem[own],
        }
    }

    /// The surface of a surface id, as written.
    fn text<'a>(&'a self, shared: &'a Surfaces, id: u32) -> &'a str {
        match (id as usize).checked_sub(shared.len()) {
            None => shared.text(id),
            Some(own) => &self.surfaces[own],
        }
    }
}

/// Counts a form of a candidate, collapsing whitespace (`droit  à\nl'erreur` is counted as
/// `droit à l'erreur`).
fn add_form(forms: &mut BTreeMap<String, u32>, surface: &str, n: u32) {
    let plain =
        !surface.contains(|c: char| c.is_whitespace() && c != ' ') && !surface.contains("  ");
    if plain && let Some(m) = forms.get_mut(surface) {
        *m += n;
    } else {
        let form = if plain {
            surface.to_string()
        } else {
            surface.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        *forms.entry(form).or_default() += n;
    }
}

/// Counts a one-word form by surface id. The list stays roughly sorted by count, most frequent
/// first, so the usual form is found at once.
fn add_word_form(list: &mut Vec<(u32, u32)>, surface: u32) {
    match list.iter().position(|e| e.0 == surface) {
        Some(i) => {
            list[i].1 += 1;
            if i > 0 && list[i].1 > list[i - 1].1 {
                list.swap(i - 1, i);
            }
        }
        None => list.push((surface, 1)),
    }
}

/// The final choice of quotes: the best quote of each atelier first (by rank), then the
/// others, `max` in all.
fn keep_best(quotes: &mut Vec<Quote>, max: usize) {
    quotes.sort_by_key(Quote::key);
    let mut seen = Vec::new();
    let (mut first, mut rest): (Vec<Quote>, Vec<Quote>) = (Vec::new(), Vec::new());
    for q in quotes.drain(..) {
        if seen.contains(&q.atelier) {
            rest.push(q);
        } else {
            seen.push(q.atelier);
            first.push(q);
        }
    }
    first.extend(rest);
    first.truncate(max);
    *quotes = first;
}

/// What a later quote must beat to be kept (see [`prune`]).
#[derive(Debug, Clone)]
struct Gate {
    /// The worst key kept.
    worst: QuoteKey,
    /// The ateliers kept.
    ateliers: Vec<AtelierId>,
    /// With `max` ateliers kept, the key of the worst of their best quotes.
    worst_first: Option<QuoteKey>,
}

impl Gate {
    /// Whether a quote of key `key` from atelier `atelier` can never be chosen: worse than every
    /// kept quote while its atelier has a better one, or — once `max` ateliers each have a
    /// better best quote — worse than all their best quotes (the final choice is then the best
    /// quote of each of the `max` best ateliers, whatever the quotes seen later).
    fn hopeless(&self, key: QuoteKey, atelier: AtelierId) -> bool {
        (key > self.worst && self.ateliers.contains(&atelier))
            || self.worst_first.is_some_and(|w| key > w)
    }
}

/// Prunes a partial list of quotes without changing the final choice: keeps the `max` best
/// quotes overall and the best quote of the `max` best ateliers (whatever the final choice takes
/// from this part is among them), in rank order. Returns the [`Gate`] a later quote must pass.
fn prune(quotes: &mut Vec<Quote>, max: usize) -> Option<Gate> {
    quotes.sort_by_key(Quote::key);
    let mut seen: Vec<AtelierId> = Vec::new();
    let mut keep = Vec::with_capacity(max * 2);
    let mut worst_first = None;
    for (i, q) in quotes.drain(..).enumerate() {
        let first_of_atelier = !seen.contains(&q.atelier);
        if first_of_atelier && seen.len() < max {
            seen.push(q.atelier);
            if seen.len() == max {
                worst_first = Some(q.key());
            }
            keep.push(q);
        } else if i < max {
            keep.push(q);
        }
    }
    *quotes = keep;
    // The `max` best quotes overall are kept; any later quote worse than all of them, from an
    // atelier that already has a better one, comes after them in the final choice: it is cut,
    // however few ateliers there are (a corpus without ateliers has only one).
    let worst = quotes.last().map(Quote::key)?;
    (max > 0 && quotes.len() >= max).then_some(Gate {
        worst,
        ateliers: seen,
        worst_first,
    })
}

type QuoteKey = (bool, u8, std::cmp::Reverse<u32>, DocId, usize);

impl Acc {
    fn new(index: &Index<'_>) -> Self {
        Acc {
            tally: Tally {
                occ: Occurrences {
                    found: vec![Found::default(); index.n],
                    ..Occurrences::default()
                },
                pairs: PairCounts::new(index.paired.len()),
                hits: Vec::new(),
                spans: Vec::new(),
                runs: Vec::new(),
            },
            words: Words::default(),
            walk: WalkScratch::default(),
            toks: Vec::new(),
        }
    }

    /// Moves what was counted in working form into the public fields: the one-word forms
    /// counted by surface id into each candidate's `forms` (own surface ids are this worker's,
    /// or the replay's table's, where one text may have several: they must become strings
    /// before accumulators merge), and the current atelier runs into the per-atelier lists.
    fn settle(&mut self, index: &Index<'_>) {
        let shared = index.surfaces;
        let words = index.words.unwrap_or(&self.words);
        for f in &mut self.tally.occ.found {
            for (sid, n) in std::mem::take(&mut f.word_forms) {
                add_form(&mut f.forms, words.text(shared, sid), n);
            }
            if let Some((a, n, w)) = f.run.take() {
                add_atelier(&mut f.by_atelier, a, n);
                add_atelier(&mut f.weights_by_atelier, a, w);
            }
        }
    }

    /// The accumulator, settled (see [`Acc::settle`]).
    fn settled(mut self, index: &Index<'_>) -> Self {
        self.settle(index);
        self
    }

    fn document(
        &mut self,
        corpus: &Corpus,
        analyzer: &Analyzer,
        vocab: &Vocab,
        index: &Index<'_>,
        doc: DocId,
        text: &str,
    ) {
        let Acc {
            tally, words, walk, ..
        } = self;
        // The resolver fills `words` between sentences; the sentence callback reads it.
        let words = std::cell::RefCell::new(words);
        for_each_sentence_with(
            walk,
            corpus,
            analyzer,
            doc,
            text,
            |written, in_caps| {
                words
                    .borrow_mut()
                    .resolve(index.surfaces, vocab, written, in_caps)
            },
            |info: &SentenceInfo, toks: &[SentenceToken]| {
                tally.sentence(index, &words.borrow(), doc, text, info, toks);
            },
        );
    }

    /// [`Acc::document`] replayed from the counting pass's log: reads the document from `r`,
    /// its block's reader, whose writer's term ids are `ids`. Returns `false` when the log does
    /// not read back (the error is recorded in it).
    #[allow(clippy::too_many_arguments)]
    fn replay(
        &mut self,
        corpus: &Corpus,
        index: &Index<'_>,
        log: &TokenLog,
        r: &mut crate::stats::log::Reader<'_>,
        ids: &[[u32; 2]],
        doc: DocId,
        text: &str,
    ) -> bool {
        let Acc {
            tally,
            toks,
            words: own,
            ..
        } = self;
        let words = index.words.unwrap_or(&*own);
        replay_document(
            log,
            r,
            ids,
            corpus,
            (doc, Some(text)),
            toks,
            |info, toks| {
                tally.sentence(index, words, doc, text, info, toks);
            },
        )
    }
}

impl Tally {
    /// Counts the candidates of one sentence of document `doc`, whose text is `text`.
    fn sentence(
        &mut self,
        index: &Index<'_>,
        words: &Words,
        doc: DocId,
        text: &str,
        info: &SentenceInfo,
        toks: &[SentenceToken],
    ) {
        let Tally {
            occ,
            pairs,
            hits,
            spans,
            runs,
        } = self;
        let doc_mark = doc.0 + 1;
        occ.sentences += 1;
        hits.clear();
        match_sentence(index, words, toks, hits);
        if hits.is_empty() {
            return;
        }
        // Expressions found in the sentence: the words inside them are covered.
        spans.clear();
        spans.extend(
            hits.iter()
                .filter(|(c, _, _)| index.is_expression[*c as usize]),
        );
        // `hits` is sorted by candidate: each candidate's occurrences are one run.
        runs.clear();
        for (i, &(c, a, b)) in hits.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if r.cand == c => {
                    r.to = i + 1;
                    r.lo = r.lo.min(a);
                    r.hi = r.hi.max(b);
                }
                _ => {
                    runs.push(HitRun {
                        cand: c,
                        from: i,
                        to: i + 1,
                        lo: a,
                        hi: b,
                    });
                }
            }
        }
        let kind = kind_index(info.kind);
        let w = u64::from(crate::stats::walk::section_weight_quarters(info.kind));
        for &(c, a, b) in hits.iter() {
            let f = &mut occ.found[c as usize];
            f.count += 1;
            f.weight_quarters += w;
            if f.last_doc != doc_mark {
                f.last_doc = doc_mark;
                f.documents += 1;
            }
            f.run.add(info.atelier, w as u32, |a, n, w| {
                add_atelier(&mut f.by_atelier, a, n);
                add_atelier(&mut f.weights_by_atelier, a, w);
            });
            f.by_kind[kind] += 1;
            if b == a + 1 {
                add_word_form(&mut f.word_forms, toks[a].term);
            } else {
                add_form(&mut f.forms, &text[toks[a].start..toks[b - 1].end], 1);
            }
            // Each longer expression covering the occurrence counts once (`spans` is sorted by
            // candidate).
            let mut last = None;
            for &(e, x, y) in spans.iter() {
                if x <= a && b <= y && y - x > b - a && last != Some(e) {
                    last = Some(e);
                    *f.covered_by.entry(e).or_default() += 1;
                }
            }
        }
        let others = (runs.len() - 1) as u32;
        // No ASCII lowercase letter: a sentence in capitals (its accents are mostly dropped).
        let poor = toks.len() < SHORT_QUOTE_WORDS
            || !text[info.span.clone()]
                .bytes()
                .any(|b| b.is_ascii_lowercase());
        for (k, rc) in runs.iter().enumerate() {
            let c = rc.cand;
            let f = &mut occ.found[c as usize];
            f.sentences += 1;
            let hopeless = f.gate.as_ref().is_some_and(|g| {
                g.hopeless(
                    key_of(poor, info.kind, others, doc, info.span.start),
                    info.atelier,
                )
            });
            if !hopeless {
                let own: SmallList<Span> = hits
                    .iter()
                    .filter(|h| h.0 == c)
                    .map(|&(_, a, b)| Span::new(toks[a].start..toks[b - 1].end))
                    .collect();
                f.quotes.push(Quote {
                    doc,
                    section: info.section,
                    atelier: info.atelier,
                    kind: info.kind,
                    span: info.span.clone(),
                    hits: own,
                    others,
                    poor,
                });
                if f.quotes.len() > index.quotes * 4 {
                    f.gate = prune(&mut f.quotes, index.quotes);
                }
            }
            let slot_c = index.pair_slot[c as usize];
            if slot_c == u32::MAX {
                continue;
            }
            for rd in &runs[k + 1..] {
                let d = rd.cand;
                let slot_d = index.pair_slot[d as usize];
                if slot_d == u32::MAX {
                    continue;
                }
                if let Some(n) = index.window
                    && !within(toks, hits, c, d, n)
                {
                    continue;
                }
                if rc.lo < rd.hi
                    && rd.lo < rc.hi
                    && overlap_only(&hits[rc.from..rc.to], &hits[rd.from..rd.to])
                {
                    continue;
                }
                pairs.add(slot_c, slot_d);
            }
        }
    }
}

impl Acc {
    fn merge(mut self, mut other: Acc, index: &Index<'_>) -> Acc {
        // `reduce` merges every accumulator into an empty one first.
        if self.tally.occ.sentences == 0 {
            return other;
        }
        if other.tally.occ.sentences == 0 {
            return self;
        }
        self.settle(index);
        other.settle(index);
        self.tally.occ.sentences += other.tally.occ.sentences;
        for (a, b) in self.tally.occ.found.iter_mut().zip(other.tally.occ.found) {
            a.count += b.count;
            a.weight_quarters += b.weight_quarters;
            a.documents += b.documents;
            add_ateliers(&mut a.by_atelier, b.by_atelier);
            add_ateliers(&mut a.weights_by_atelier, b.weights_by_atelier);
            for k in 0..8 {
                a.by_kind[k] += b.by_kind[k];
            }
            if a.forms.is_empty() {
                a.forms = b.forms;
            } else {
                for (f, n) in b.forms {
                    *a.forms.entry(f).or_default() += n;
                }
            }
            for (e, n) in b.covered_by {
                *a.covered_by.entry(e).or_default() += n;
            }
            a.sentences += b.sentences;
            a.quotes.extend(b.quotes);
            a.gate = prune(&mut a.quotes, index.quotes);
        }
        self.tally.pairs.merge(other.tally.pairs);
        self
    }
}

/// Whether candidates `c` and `d` meet in a sentence only through occurrences that overlap:
/// every occurrence of each shares words with one of the other (`intérêt général` and `garant
/// de l'intérêt`, both inside `garant de l'intérêt général`; a word inside an expression).
/// They are there by construction, not as two concerns side by side, and are not counted as
/// meeting; one occurrence apart from the other's is enough to meet.
fn overlap_only(c: &[(u32, usize, usize)], d: &[(u32, usize, usize)]) -> bool {
    let covered = |xs: &[(u32, usize, usize)], ys: &[(u32, usize, usize)]| {
        xs.iter()
            .all(|&(_, a, b)| ys.iter().any(|&(_, p, q)| a < q && p < b))
    };
    covered(c, d) && covered(d, c)
}

/// Whether candidates `c` and `d` have occurrences within `n` content words of each other.
fn within(toks: &[SentenceToken], hits: &[(u32, usize, usize)], c: u32, d: u32, n: usize) -> bool {
    let content_pos = |i: usize| toks[..i].iter().filter(|t| t.role == Role::Content).count();
    hits.iter().filter(|h| h.0 == c).any(|&(_, a, _)| {
        let pa = content_pos(a);
        hits.iter()
            .filter(|h| h.0 == d)
            .any(|&(_, b, _)| pa.abs_diff(content_pos(b)) <= n)
    })
}

/// Finds candidate occurrences in one sentence: `(candidate, first token, end token)`.
/// `words` maps a token's term (a surface id) to its stem id.
fn match_sentence(
    index: &Index<'_>,
    words: &Words,
    toks: &[SentenceToken],
    out: &mut Vec<(u32, usize, usize)>,
) {
    let stem_of = |t: &SentenceToken| {
        if t.term == u32::MAX {
            u32::MAX
        } else {
            words.stem_of(index.surfaces, t.term)
        }
    };
    for (i, t) in toks.iter().enumerate() {
        if t.role != Role::Content {
            continue;
        }
        let stem = stem_of(t);
        if stem == u32::MAX {
            continue;
        }
        for &c in index.single.get(stem) {
            out.push((c, i, i + 1));
        }
        'pattern: for &(c, pat) in index.multi.get(stem) {
            let end = i + pat.len();
            if end > toks.len() {
                continue;
            }
            for (k, &s) in pat.iter().enumerate().skip(1) {
                let u = &toks[i + k];
                if u.role == Role::Break || u.soft || stem_of(u) != s.0 {
                    continue 'pattern;
                }
            }
            out.push((c, i, end));
        }
    }
    // One occurrence per candidate and start token (a lexicon theme may list overlapping terms).
    out.sort_unstable();
    out.dedup_by(|a, b| a.0 == b.0 && a.1 < b.2 && b.1 < a.2);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence of fewer than five words (one line of a question wrapped over several, « DES
    /// USAGERS ») is quoted after every longer one, whatever its section.
    #[test]
    fn short_sentences_are_quoted_last() {
        let q = |poor: bool, kind: SectionKind, doc: u32| Quote {
            doc: DocId(doc),
            section: SectionId(0),
            atelier: AtelierId(doc),
            kind,
            span: 0..5,
            hits: SmallList::default(),
            others: 0,
            poor,
        };
        let mut quotes = vec![
            q(true, SectionKind::Synthese, 0),
            q(false, SectionKind::Other, 1),
            q(false, SectionKind::Discussion, 2),
        ];
        keep_best(&mut quotes, 2);
        let docs: Vec<u32> = quotes.iter().map(|q| q.doc.0).collect();
        assert_eq!(docs, [2, 1]);
    }

    /// Candidates whose occurrences in a sentence all overlap do not meet there; one occurrence
    /// apart from the other's is enough to meet.
    #[test]
    fn overlapping_occurrences_do_not_meet() {
        // `garant de l'intérêt` (0) over tokens 0..4, `intérêt général` (1) over 3..5.
        let (garant, interet) = ([(0, 0, 4)], [(1, 3, 5)]);
        assert!(overlap_only(&garant, &interet));
        assert!(overlap_only(&interet, &garant));
        // A second `intérêt général`, apart, later in the sentence: they meet.
        assert!(!overlap_only(&garant, &[(1, 3, 5), (1, 9, 11)]));
        assert!(!overlap_only(&[(1, 3, 5), (1, 9, 11)], &garant));
        // Side by side, touching but not sharing a token: they meet.
        assert!(!overlap_only(&garant, &[(1, 4, 6)]));
        assert!(!overlap_only(
            &[(0, 0, 4), (0, 7, 11)],
            &[(1, 3, 5), (1, 12, 14)]
        ));
    }

    /// The matrix and the hash map count the same pairs, merge the same way and give the same
    /// candidate pairs (the hash map is used only past [`MAX_DENSE_PAIRED`] candidates).
    #[test]
    fn pair_counts_dense_and_sparse_agree() {
        let paired = [3, 7, 8, 20, 41];
        let sentences: [&[u32]; 4] = [&[0, 1, 4], &[1, 4], &[0, 1, 2, 3, 4], &[2]];
        let count = |mut pairs: PairCounts, mut more: PairCounts| {
            for (i, slots) in sentences.iter().enumerate() {
                let target = if i % 2 == 0 { &mut pairs } else { &mut more };
                for (k, &a) in slots.iter().enumerate() {
                    for &b in &slots[k + 1..] {
                        target.add(a, b);
                    }
                }
            }
            pairs.merge(more);
            pairs.into_map(&paired)
        };
        let dense = count(PairCounts::new(5), PairCounts::new(5));
        let sparse = count(
            PairCounts::Sparse(FxHashMap::default()),
            PairCounts::Sparse(FxHashMap::default()),
        );
        assert_eq!(dense, sparse);
        assert_eq!(dense.get(&(7, 41)), Some(&3));
        assert_eq!(dense.get(&(3, 7)), Some(&2));
        assert_eq!(dense.get(&(8, 20)), Some(&1));
        assert_eq!(dense.get(&(3, 8)), Some(&1));
        assert_eq!(dense.len(), 10, "every pair of the third sentence is seen");
        assert!(matches!(
            PairCounts::new(MAX_DENSE_PAIRED + 1),
            PairCounts::Sparse(_)
        ));
    }

    /// Quotes streamed through the gate and pruned in parts, parts then merged, give the
    /// choice made over all quotes at once — with many ateliers (the gate's best-of-atelier
    /// rule cuts most quotes), with one, and whatever the split.
    #[test]
    fn gated_quotes_give_the_choice_made_over_all() {
        let mut seed = 7u64;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let kinds = [
            SectionKind::Synthese,
            SectionKind::Discussion,
            SectionKind::Other,
            SectionKind::Question,
        ];
        for (ateliers, max, parts) in [(300, 5, 3), (1, 5, 2), (12, 3, 5), (40, 1, 1)] {
            let all: Vec<Quote> = (0..4000u32)
                .map(|i| Quote {
                    doc: DocId(i / 7),
                    section: SectionId(0),
                    atelier: AtelierId(next(ateliers) as u32),
                    kind: kinds[next(4) as usize],
                    span: (i as usize % 7) * 10..(i as usize % 7) * 10 + 5,
                    hits: SmallList::default(),
                    others: next(4) as u32,
                    poor: next(5) == 0,
                })
                .collect();
            let mut want = all.clone();
            keep_best(&mut want, max);
            let mut merged: Option<(Vec<Quote>, Option<Gate>)> = None;
            let mut kept = 0;
            for part in all.chunks(all.len().div_ceil(parts)) {
                let (mut quotes, mut gate) = (Vec::new(), None::<Gate>);
                for q in part {
                    if gate
                        .as_ref()
                        .is_some_and(|g| g.hopeless(q.key(), q.atelier))
                    {
                        continue;
                    }
                    kept += 1;
                    quotes.push(q.clone());
                    if quotes.len() > max * 4 {
                        gate = prune(&mut quotes, max);
                    }
                }
                merged = Some(match merged {
                    None => (quotes, gate),
                    Some((mut a, _)) => {
                        a.extend(quotes);
                        let g = prune(&mut a, max);
                        (a, g)
                    }
                });
            }
            let (mut got, _) = merged.unwrap();
            keep_best(&mut got, max);
            assert_eq!(got, want, "{ateliers} ateliers, {max} kept, {parts} parts");
            assert!(kept < all.len() / 2, "{kept} of {} quotes kept", all.len());
        }
    }

    #[test]
    fn one_word_forms_are_counted_by_id_then_as_strings() {
        let mut list = Vec::new();
        for sid in [4, 2, 2, 2, 4, 9] {
            add_word_form(&mut list, sid);
        }
        list.sort_unstable();
        assert_eq!(list, [(2, 3), (4, 2), (9, 1)]);
        let mut forms = BTreeMap::new();
        add_form(&mut forms, "droit à l'erreur", 2);
        add_form(&mut forms, "droit  à\nl'erreur", 1);
        add_form(&mut forms, "Droit", 1);
        assert_eq!(forms.get("droit à l'erreur"), Some(&3));
        assert_eq!(forms.len(), 2);
    }
}
