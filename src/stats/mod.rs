//! Term statistics: for every stem and every candidate word sequence, how often, how widely and
//! where it occurs.
//!
//! [`TermStats::collect`] analyses documents in parallel (rayon `fold` + `reduce` of mergeable
//! accumulators, no locks): each worker interns stems in its own table; tables are merged, then
//! renumbered by sorted stem, so ids and every output are the same whatever the thread count.
//!
//! Counted are *content* tokens — words that are not stop words, not person names, not numbers,
//! acronyms, URLs… — in analysed blocks (page furniture and lists of names excluded). Word
//! sequences of 2 to 4 tokens that start and end with a content word, with at most two function
//! words inside (`droit à l'erreur`, `capacité d'agir`) and no boundary or break inside, are
//! counted as candidate expressions.
//!
//! The pass can write down the sentences it walked ([`TermStats::collect_logged`], a
//! [`TokenLog`]), so that the theme pass replays them instead of tokenising every text again;
//! it then counts expressions in two steps, in less memory (`recount`).

mod grams;
pub mod log;
pub mod measures;
mod recount;
pub mod walk;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::corpus::{AtelierId, Corpus, DocId, SectionKind};
use crate::text::{Analyzer, StemCache, WordMap};
use crate::vocab::{InsideCase, StemId, Vocab, choose_label};
use grams::{DocGrams, GramFilter, GramKey, GramTable};
use log::LogWriter;
pub use log::TokenLog;
use walk::{
    Case, Role, SentenceInfo, SentenceToken, WalkScratch, for_each_sentence_with,
    section_weight_quarters,
};

/// Longest candidate expression, in tokens.
pub const MAX_GRAM: usize = 4;
/// Most function words inside a candidate expression.
const MAX_INNER_FUNCTION: usize = 2;

/// Statistics of one stem.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct StemStats {
    /// Occurrences as a content word.
    pub count: u64,
    /// Occurrences weighted by section kind, in quarters (see [`walk::section_weight_quarters`]).
    pub weight_quarters: u64,
    /// Documents it occurs in.
    pub documents: u32,
    /// Occurrences per section kind, indexed like [`SectionKind::ALL`].
    pub by_kind: [u32; 8],
    /// Occurrences per atelier-level unit (sorted by atelier).
    pub by_atelier: Vec<(AtelierId, u32)>,
    /// Surface forms and their counts, most frequent first.
    pub forms: Vec<(String, u32)>,
    /// Occurrences capitalised inside a sentence.
    pub capitalised_inside: u32,
    /// Occurrences in lowercase inside a sentence.
    pub lower_inside: u32,
}

impl StemStats {
    /// Whether the word behaves as a proper noun: capitalised inside sentences at least four times
    /// as often as not.
    pub fn is_proper_noun(&self) -> bool {
        self.inside_case().is_proper_noun()
    }

    /// How it was written inside sentences.
    pub fn inside_case(&self) -> InsideCase {
        InsideCase {
            capitalised: u64::from(self.capitalised_inside),
            lower: u64::from(self.lower_inside),
        }
    }

    /// Weighted occurrences.
    pub fn weighted(&self) -> f64 {
        self.weight_quarters as f64 / 4.0
    }
}

/// A sequence of at most [`MAX_GRAM`] stems, held inline: a corpus has millions of candidate
/// expressions, and a `Vec` each was an allocation, 40 bytes more, and a pointer to follow at
/// every comparison of the sort that orders them. Reads as a slice (`Deref`), orders as one.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StemSeq {
    len: u8,
    ids: [StemId; MAX_GRAM],
}

impl StemSeq {
    /// The first [`MAX_GRAM`] stems of `ids` (a longer sequence is cut).
    pub fn new(ids: impl IntoIterator<Item = StemId>) -> StemSeq {
        let mut seq = StemSeq {
            len: 0,
            ids: [StemId(u32::MAX); MAX_GRAM],
        };
        for (slot, id) in seq.ids.iter_mut().zip(ids) {
            *slot = id;
            seq.len += 1;
        }
        seq
    }

    /// The stems, as a slice.
    pub fn as_slice(&self) -> &[StemId] {
        &self.ids[..usize::from(self.len)]
    }
}

impl std::ops::Deref for StemSeq {
    type Target = [StemId];
    fn deref(&self) -> &[StemId] {
        self.as_slice()
    }
}

impl Ord for StemSeq {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl PartialOrd for StemSeq {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for StemSeq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl serde::Serialize for StemSeq {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

/// Statistics of one candidate expression (a sequence of stems).
#[derive(Debug, Clone, serde::Serialize)]
pub struct GramStats {
    /// Its stems, content and function words alike.
    pub stems: StemSeq,
    /// Occurrences.
    pub count: u32,
    /// Documents it occurs in.
    pub documents: u32,
}

/// Corpus-wide sizes: the denominators of relative frequencies.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Totals {
    /// Documents analysed.
    pub documents: u64,
    /// Sentences analysed.
    pub sentences: u64,
    /// Content tokens.
    pub content_tokens: u64,
    /// Content and function tokens: words and elided articles (`l'`, `d'`), without numbers,
    /// acronyms or listed names — tokens as the reference word list counts them, the base of
    /// frequencies compared with it. The words a reader is told of are
    /// [`Totals::words_by_atelier`].
    pub word_tokens: u64,
    /// Content tokens per atelier-level unit, indexed by atelier.
    pub by_atelier: Vec<u64>,
    /// Content tokens per section kind, indexed like [`SectionKind::ALL`].
    pub by_kind: [u64; 8],
    /// Words per atelier-level unit, indexed by atelier: every word token of the analysed
    /// blocks, stop words and names included, elisions not — what
    /// [`Overview`](crate::corpus::overview::Overview) counts, without a second reading.
    pub words_by_atelier: Vec<u64>,
    /// Words per section kind, indexed like [`SectionKind::ALL`], counted as
    /// [`Totals::words_by_atelier`] is.
    pub words_by_kind: [u64; 8],
}

impl Totals {
    /// Content tokens per event, indexed by event.
    pub fn by_event(&self, corpus: &Corpus) -> Vec<u64> {
        Self::sum_by_event(corpus, &self.by_atelier)
    }

    /// Words per event, indexed by event: the words the report's tables give, and the base of
    /// every rate per word (mentions per 1,000 words, keyness).
    pub fn words_by_event(&self, corpus: &Corpus) -> Vec<u64> {
        Self::sum_by_event(corpus, &self.words_by_atelier)
    }

    /// Words of the analysed blocks (see [`Totals::words_by_atelier`]).
    pub fn words(&self) -> u64 {
        self.words_by_atelier.iter().sum()
    }

    fn sum_by_event(corpus: &Corpus, by_atelier: &[u64]) -> Vec<u64> {
        let mut out = vec![0; corpus.events.len()];
        for (i, n) in by_atelier.iter().enumerate() {
            out[corpus.ateliers[i].event.index()] += n;
        }
        out
    }
}

/// All term statistics of a corpus.
#[derive(Debug, Clone)]
pub struct TermStats {
    /// Stems, sorted, with labels.
    pub vocab: Vocab,
    /// Statistics per stem, indexed by [`StemId`].
    pub stems: Vec<StemStats>,
    /// Candidate expressions seen at least twice, sorted by stems.
    pub grams: Vec<GramStats>,
    /// Corpus sizes.
    pub totals: Totals,
    /// Every surface the pass met, with its stem.
    pub surfaces: Surfaces,
}

/// Every word surface (content and function words) met by the counting pass, each with its stem
/// id: a later pass over the same text looks its words up here rather than stemming each again
/// in each of its workers.
///
/// A word written in capitals is kept under its accented spelling (`souveraineté` for
/// `SOUVERAINETE`, see [`crate::reference::restore_accents`]), as it was counted.
#[derive(Debug, Clone, Default)]
pub struct Surfaces {
    ids: WordMap,
    text: Vec<Box<str>>,
    stems: Vec<StemId>,
}

impl Surfaces {
    /// The id of a surface, if the pass met it: an index into [`Surfaces::text`] and
    /// [`Surfaces::stem_of`].
    #[inline]
    pub fn id(&self, surface: &str) -> Option<u32> {
        self.ids.get(surface)
    }

    /// The surface of an id.
    pub fn text(&self, id: u32) -> &str {
        &self.text[id as usize]
    }

    /// The stem of an id.
    #[inline]
    pub fn stem_of(&self, id: u32) -> StemId {
        self.stems[id as usize]
    }

    /// The stem of a surface, if the pass met it.
    pub fn stem(&self, surface: &str) -> Option<StemId> {
        self.id(surface).map(|id| self.stem_of(id))
    }

    /// Number of surfaces.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Index of a section kind in [`SectionKind::ALL`].
pub fn kind_index(kind: SectionKind) -> usize {
    SectionKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(SectionKind::ALL.len() - 1)
}

/// Where the counting pass writes its sentences down (see [`TokenLog`]).
enum LogTo {
    /// In memory: the corpus keeps its texts there.
    Memory,
    /// In a temporary file of its own: the corpus keeps its texts on disk.
    Disk(std::sync::Arc<crate::corpus::store::Spool>),
}

impl LogTo {
    /// The spool the log's writers write to, if any.
    fn spool(&self) -> Option<std::sync::Arc<crate::corpus::store::Spool>> {
        match self {
            LogTo::Memory => None,
            LogTo::Disk(spool) => Some(spool.clone()),
        }
    }
}

impl TermStats {
    /// Analyses every document of the corpus (in the current rayon pool) and collects statistics.
    pub fn collect(corpus: &Corpus, analyzer: &Analyzer) -> TermStats {
        Self::collect_with(corpus, analyzer, &crate::progress::Silent)
    }

    /// [`TermStats::collect`], telling `progress` the bytes of text done, document by document.
    pub fn collect_with(
        corpus: &Corpus,
        analyzer: &Analyzer,
        progress: &dyn crate::progress::Progress,
    ) -> TermStats {
        Self::collect_inner(corpus, analyzer, progress, None, None).0
    }

    /// [`TermStats::collect_with`], also writing down the sentences the pass walked, for the
    /// theme pass to replay rather than tokenise every text again (see [`TokenLog`]). The log
    /// is kept on disk when the corpus keeps its texts there. `None` when it could not be
    /// written (no temporary file, a full disk), which `progress` is told
    /// ([`crate::progress::Notice::LogDropped`]): the theme pass then tokenises, as without it.
    ///
    /// The statistics are those of [`TermStats::collect_with`], in less memory: candidate
    /// expressions are counted in two steps, a filter first, then exact counts of the ones it
    /// lets through, replaying the log (see `stats::recount`; 162 instead of 199 MB at the
    /// peak of the Grand Débat run).
    pub fn collect_logged(
        corpus: &Corpus,
        analyzer: &Analyzer,
        progress: &dyn crate::progress::Progress,
    ) -> (TermStats, Option<TokenLog>) {
        use crate::corpus::store::Spool;
        use crate::progress::Notice;

        // The log goes where the texts are: in memory, or in a temporary file of its own.
        let logging = match corpus.spilled_bytes() {
            None => Some(LogTo::Memory),
            Some(_) => match Spool::new() {
                Ok(s) => Some(LogTo::Disk(std::sync::Arc::new(s))),
                Err(e) => {
                    progress.notice(&Notice::LogDropped(e.to_string()));
                    None
                }
            },
        };
        // With a log to replay, grams are counted in two steps (see `recount`), in less memory.
        let filter = logging
            .as_ref()
            .map(|_| GramFilter::for_text(corpus.text_bytes()));
        Self::collect_inner(corpus, analyzer, progress, logging, filter)
    }

    /// The counting pass; with `logging`, it writes its sentences down there; with `filter`,
    /// it counts grams in two steps, the second replaying the log (or walking the texts again
    /// without one).
    fn collect_inner(
        corpus: &Corpus,
        analyzer: &Analyzer,
        progress: &dyn crate::progress::Progress,
        logging: Option<LogTo>,
        filter: Option<GramFilter>,
    ) -> (TermStats, Option<TokenLog>) {
        let n_ateliers = corpus.ateliers.len();
        let docs = corpus.documents.len();
        let block = walk::block_size(docs);
        let mut accs = walk::fold_blocks(
            corpus,
            block,
            || {
                let mut acc = Acc::new(n_ateliers);
                if let Some(to) = &logging {
                    acc.walk.start_log(LogWriter::new(to.spool()));
                }
                acc
            },
            |acc, texts, b, range| {
                acc.walk.begin_block(b);
                // Told once per block: a progress bar reads the clock on each call.
                let mut done = 0;
                for d in range {
                    let text = texts.get(&corpus.documents[d].text);
                    acc.document(corpus, analyzer, filter.as_ref(), DocId(d as u32), text);
                    done += text.len() as u64;
                }
                progress.advance(done);
                acc.walk.end_block();
            },
        );
        let (writers, asked): (Vec<_>, Vec<_>) =
            accs.iter_mut().filter_map(|a| a.walk.take_log()).unzip();
        let log = logging.and_then(|to| {
            TokenLog::assemble(block, docs, writers, asked, to.spool())
                .map_err(|e| progress.notice(&crate::progress::Notice::LogDropped(e)))
                .ok()
        });
        let mut stats = accs
            .into_par_iter()
            .map(Acc::shed)
            .reduce(|| Acc::new(n_ateliers), Acc::merge)
            .finish();
        if let Some(filter) = &filter {
            progress.stage(crate::progress::Stage::Recounting, corpus.text_bytes());
            stats.grams =
                recount::repeated_grams(corpus, analyzer, &stats, filter, log.as_ref(), progress);
        }
        (stats, log)
    }

    /// Relative frequency of a stem, per million content tokens.
    pub fn per_million(&self, id: StemId) -> f64 {
        if self.totals.content_tokens == 0 {
            return 0.0;
        }
        self.stems[id.index()].count as f64 * 1e6 / self.totals.content_tokens as f64
    }
}

/// Interning of surfaces and stems, per worker: a token's surface is looked up once, and gives a
/// surface id; each surface id knows its stem id.
///
/// A surface is the form counted among a stem's forms: the word as written, or for a word in
/// capitals its accented spelling (`SOUVERAINETE` counts as `souveraineté`).
struct Interner {
    cache: StemCache,
    by_surface: WordMap,
    surfaces: Vec<Box<str>>,
    surface_stem: Vec<u32>,
    by_stem: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
    /// The gram shard of each stem (see [`GRAM_SHARDS`]).
    stem_shard: Vec<u8>,
    /// The hash of each stem's text, for the gram filter ([`grams::stem_hash`]).
    stem_hash: Vec<u64>,
}

/// Grams are kept in this many maps (a power of two), by a hash of their first stem's text, so
/// that two accumulators merge their grams shard by shard, in parallel. Sixteen rather than four:
/// a map that doubles holds its old and new slots at once, and with smaller maps that moment is
/// smaller (the Grand Débat run's peak comes at one: median peak RSS 195.5 → 190.0 MiB).
const GRAM_SHARDS: usize = 16;

const _: () = assert!(
    GRAM_SHARDS.is_power_of_two() && GRAM_SHARDS <= 256,
    "a shard is a u8"
);

/// The gram shard of a stem: a function of its text only, so the same in every accumulator.
fn shard_of(stem: &str) -> u8 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(stem) >> (64 - GRAM_SHARDS.trailing_zeros())) as u8
}

impl Interner {
    fn new() -> Self {
        Interner {
            cache: StemCache::new(),
            by_surface: WordMap::new(),
            surfaces: Vec::new(),
            surface_stem: Vec::new(),
            by_stem: FxHashMap::default(),
            stems: Vec::new(),
            stem_shard: Vec::new(),
            stem_hash: Vec::new(),
        }
    }

    /// The id of a stem, interned.
    fn intern_stem(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.by_stem.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(stem.into());
        self.stem_shard.push(shard_of(stem));
        self.stem_hash.push(grams::stem_hash(stem));
        self.by_stem.insert(stem.into(), id);
        id
    }

    /// The surface id of a token, given as written and whether it is written in capitals (see
    /// [`walk::for_each_sentence_cased`]): the id of its accented spelling for a word in
    /// capitals. The walk asks once per distinct word and case (it remembers the answer).
    fn resolve_cased(&mut self, written: &str, caps: bool) -> u32 {
        if caps {
            self.resolve(crate::reference::restore_accents(written).unwrap_or(written))
        } else {
            self.resolve(written)
        }
    }

    /// The surface id of a surface. A word written without the accents French usually gives
    /// it (`impots`) keeps its surface but takes the stem of its accented spelling (`impôts`,
    /// see [`crate::reference::stem_spelling`]): both count as one theme.
    fn resolve(&mut self, surface: &str) -> u32 {
        if let Some(id) = self.by_surface.get(surface) {
            return id;
        }
        let spelling = crate::reference::stem_spelling(surface);
        let stem_id = match self.by_stem.get(self.cache.stem(spelling)) {
            Some(&id) => id,
            None => {
                let stem = self.cache.stem(spelling).to_owned();
                self.intern_stem(&stem)
            }
        };
        let id = self.surfaces.len() as u32;
        self.surfaces.push(surface.into());
        self.surface_stem.push(stem_id);
        self.by_surface.insert(surface, id);
        id
    }
}

#[derive(Default, Clone)]
struct LocalStem {
    count: u64,
    weight_quarters: u64,
    documents: u32,
    /// The last document counted, plus one (0: none yet).
    last_doc: u32,
    by_kind: [u32; 8],
    by_atelier: Vec<(AtelierId, u32)>,
    /// Occurrences not yet in `by_atelier`.
    run: AtelierRun,
    capitalised_inside: u32,
    lower_inside: u32,
}

impl LocalStem {
    /// Moves the current atelier run into `by_atelier`.
    fn settle(&mut self) {
        if let Some((a, n, _)) = self.run.take() {
            add_atelier(&mut self.by_atelier, a, n);
        }
    }
}

struct Acc {
    interner: Interner,
    stems: Vec<LocalStem>,
    /// Content occurrences per surface id (the forms of each stem).
    surface_counts: Vec<u32>,
    /// Grams by shard of their first stem ([`GRAM_SHARDS`] tables).
    grams: Vec<GramTable>,
    /// Scratch: the current document's grams, counting them exactly…
    doc_grams: DocGrams,
    /// … or their hashes, counting them in the filter.
    doc_hashes: Vec<u64>,
    /// Scratch of the sentence walk.
    walk: WalkScratch,
    totals: Totals,
    /// Scratch: the stem ids of the current sentence's tokens.
    key_buf: Vec<u32>,
}

/// Occurrences in the current run of one atelier. Sentences come atelier after atelier, so a
/// counter adds a run to its sorted per-atelier list when the atelier changes, instead of
/// searching the list (memory out of cache) at every occurrence.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct AtelierRun {
    atelier: u32,
    /// Occurrences in the run (0: no run).
    count: u32,
    /// Their weight, in quarters.
    weight: u32,
}

impl AtelierRun {
    /// Counts one occurrence of weight `w` in atelier `a`; when `a` starts a new run, the
    /// finished one is first given to `done(atelier, count, weight)`.
    #[inline]
    pub(crate) fn add(&mut self, a: AtelierId, w: u32, done: impl FnOnce(AtelierId, u32, u32)) {
        if self.count > 0 && self.atelier != a.0 {
            done(AtelierId(self.atelier), self.count, self.weight);
            self.count = 0;
            self.weight = 0;
        }
        self.atelier = a.0;
        self.count += 1;
        self.weight += w;
    }

    /// The current run `(atelier, count, weight)`, if any, leaving none.
    pub(crate) fn take(&mut self) -> Option<(AtelierId, u32, u32)> {
        let run = (self.count > 0).then_some((AtelierId(self.atelier), self.count, self.weight));
        *self = AtelierRun::default();
        run
    }
}

/// Adds `n` to atelier `a` in a list sorted by atelier. Sentences come atelier after atelier,
/// so the last entry is checked first.
pub(crate) fn add_atelier(list: &mut Vec<(AtelierId, u32)>, a: AtelierId, n: u32) {
    if let Some(last) = list.last_mut()
        && last.0 == a
    {
        last.1 += n;
        return;
    }
    match list.binary_search_by_key(&a, |(id, _)| *id) {
        Ok(i) => list[i].1 += n,
        Err(i) => list.insert(i, (a, n)),
    }
}

/// Adds the counts of `other` into `list`, both sorted by atelier, in one pass over both: two
/// workers' lists interleave (each took blocks of documents all over the corpus), and adding
/// them one by one moved `list`'s tail at nearly every insertion (a corpus of 353 files, each
/// its own atelier: the theme pass's merge 29 ms on one thread).
pub(crate) fn add_ateliers(list: &mut Vec<(AtelierId, u32)>, other: Vec<(AtelierId, u32)>) {
    if other.is_empty() {
        return;
    }
    if list.last().is_none_or(|last| last.0 < other[0].0) {
        list.extend(other);
        return;
    }
    let mine = std::mem::take(list);
    list.reserve(mine.len() + other.len());
    let (mut mine, mut theirs) = (mine.into_iter().peekable(), other.into_iter().peekable());
    loop {
        let next = match (mine.peek(), theirs.peek()) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                let n = b.1;
                theirs.next();
                mine.next().map(|(id, m)| (id, m + n))
            }
            (Some(a), Some(b)) if a.0 < b.0 => mine.next(),
            (Some(_), Some(_)) | (None, Some(_)) => theirs.next(),
            (Some(_), None) => mine.next(),
            (None, None) => break,
        };
        list.extend(next);
    }
}

impl Acc {
    fn new(n_ateliers: usize) -> Self {
        Acc {
            interner: Interner::new(),
            stems: Vec::new(),
            surface_counts: Vec::new(),
            grams: (0..GRAM_SHARDS).map(|_| GramTable::default()).collect(),
            doc_grams: DocGrams::default(),
            doc_hashes: Vec::new(),
            walk: WalkScratch::default(),
            totals: Totals {
                by_atelier: vec![0; n_ateliers],
                words_by_atelier: vec![0; n_ateliers],
                ..Totals::default()
            },
            key_buf: Vec::with_capacity(64),
        }
    }

    /// Counts a document; its grams in `filter` if given (the first of two steps), exactly
    /// otherwise.
    fn document(
        &mut self,
        corpus: &Corpus,
        analyzer: &Analyzer,
        filter: Option<&GramFilter>,
        doc: DocId,
        text: &str,
    ) {
        let Acc {
            interner,
            stems,
            surface_counts,
            grams,
            totals,
            key_buf,
            doc_grams,
            doc_hashes,
            walk,
        } = self;
        let interner = std::cell::RefCell::new(interner);
        let doc_mark = doc.0 + 1;
        totals.documents += 1;
        for_each_sentence_with(
            walk,
            corpus,
            analyzer,
            doc,
            text,
            |surface, caps| interner.borrow_mut().resolve_cased(surface, caps),
            |info: &SentenceInfo, toks: &[SentenceToken]| {
                let interner = interner.borrow();
                // Stem ids of the sentence's tokens (surface ids → stems).
                key_buf.clear();
                key_buf.extend(toks.iter().map(|t| {
                    if t.term == u32::MAX {
                        u32::MAX
                    } else {
                        interner.surface_stem[t.term as usize]
                    }
                }));
                totals.sentences += 1;
                let words = toks.iter().filter(|t| t.word).count() as u64;
                totals.words_by_atelier[info.atelier.index()] += words;
                let kind = kind_index(info.kind);
                totals.words_by_kind[kind] += words;
                let w = u64::from(section_weight_quarters(info.kind));
                for t in toks {
                    if t.role == Role::Break {
                        continue;
                    }
                    totals.word_tokens += 1;
                    if t.role != Role::Content {
                        continue;
                    }
                    totals.content_tokens += 1;
                    totals.by_atelier[info.atelier.index()] += 1;
                    totals.by_kind[kind] += 1;
                    let sid = t.term as usize;
                    if sid >= surface_counts.len() {
                        surface_counts.resize(sid + 1, 0);
                    }
                    surface_counts[sid] += 1;
                    let i = interner.surface_stem[sid] as usize;
                    if i >= stems.len() {
                        stems.resize_with(i + 1, LocalStem::default);
                    }
                    let s = &mut stems[i];
                    s.count += 1;
                    s.weight_quarters += w;
                    if s.last_doc != doc_mark {
                        s.last_doc = doc_mark;
                        s.documents += 1;
                    }
                    s.by_kind[kind] += 1;
                    s.run.add(info.atelier, 0, |a, n, _| {
                        add_atelier(&mut s.by_atelier, a, n);
                    });
                    match t.case {
                        Case::CapitalisedInside => s.capitalised_inside += 1,
                        Case::LowerInside => s.lower_inside += 1,
                        Case::Neutral => {}
                    }
                }
                for_each_gram(toks, |range| match filter {
                    Some(_) => doc_hashes.push(grams::gram_hash(
                        key_buf[range]
                            .iter()
                            .map(|&s| interner.stem_hash[s as usize]),
                    )),
                    None => doc_grams.push(gram_key(&key_buf[range])),
                });
            },
        );
        // The document's grams: in the filter, or exactly (each distinct one counts one
        // document).
        let interner = interner.into_inner();
        match filter {
            Some(filter) => {
                grams::with_prefetch(
                    &mut &*filter,
                    doc_hashes,
                    |f, h| f.prefetch(h),
                    |f, h| f.add(h),
                );
                doc_hashes.clear();
            }
            None => {
                doc_grams.count_into(grams, |first| interner.stem_shard[first as usize] as usize)
            }
        }
    }

    /// Number of distinct grams held.
    fn gram_count(&self) -> usize {
        self.grams.iter().map(|g| g.len()).sum()
    }

    /// Frees what only counting needs (scratch buffers, the walk's memory of words, the stem
    /// cache) before accumulators merge, where the pass peaks in memory.
    fn shed(mut self) -> Acc {
        self.walk = WalkScratch::default();
        self.interner.cache = StemCache::new();
        self.doc_grams = DocGrams::default();
        self.doc_hashes = Vec::new();
        self
    }

    /// Adds another accumulator's counts. The smaller is merged into the larger, the grams
    /// shard by shard in parallel with the stems and surfaces; the result does not depend on
    /// the order (ids are renumbered by [`Acc::finish`], lists are sorted).
    fn merge(mut self, mut other: Acc) -> Acc {
        // `reduce` merges every accumulator into an empty one first.
        if other.totals.documents == 0 {
            return self;
        }
        if self.totals.documents == 0 || other.gram_count() > self.gram_count() {
            std::mem::swap(&mut self, &mut other);
        }
        let map: Vec<u32> = other
            .interner
            .stems
            .iter()
            .map(|s| self.interner.intern_stem(s))
            .collect();
        let Acc {
            interner,
            stems,
            surface_counts,
            grams,
            totals,
            ..
        } = &mut self;
        totals.add(&other.totals);
        let other_grams = std::mem::take(&mut other.grams);
        rayon::join(
            || merge_grams(grams, other_grams, |id| map[id as usize]),
            || merge_stems(interner, stems, surface_counts, other, &map),
        );
        self
    }
}

/// Adds grams counted by another accumulator, whose stem ids `map` translates, shard by shard.
fn merge_grams(mine: &mut [GramTable], theirs: Vec<GramTable>, map: impl Fn(u32) -> u32 + Sync) {
    mine.par_iter_mut()
        .zip(theirs.into_par_iter())
        .for_each(|(mine, theirs)| {
            mine.reserve(theirs.len() / 2);
            for (key, o) in theirs.into_grams() {
                let mut k = [u32::MAX; MAX_GRAM];
                for (slot, &id) in k.iter_mut().zip(&key) {
                    if id != u32::MAX {
                        *slot = map(id);
                    }
                }
                mine.add(&k, o.count, o.documents);
            }
        });
}

/// Adds the stems, surfaces and totals counted by another accumulator (grams aside), whose
/// stem ids `map` translates.
fn merge_stems(
    interner: &mut Interner,
    stems: &mut Vec<LocalStem>,
    surface_counts: &mut Vec<u32>,
    other: Acc,
    map: &[u32],
) {
    let Acc {
        stems: other_stems,
        interner: other_interner,
        surface_counts: other_counts,
        ..
    } = other;
    let Interner {
        surfaces,
        by_surface,
        surface_stem,
        ..
    } = interner;
    // The stems' counts on one side, the surfaces on the other: they share nothing.
    rayon::join(
        || {
            for (i, mut o) in other_stems.into_iter().enumerate() {
                o.settle();
                let j = map[i] as usize;
                if j >= stems.len() {
                    stems.resize_with(j + 1, LocalStem::default);
                }
                let s = &mut stems[j];
                s.settle();
                s.count += o.count;
                s.weight_quarters += o.weight_quarters;
                s.documents += o.documents;
                for k in 0..8 {
                    s.by_kind[k] += o.by_kind[k];
                }
                add_ateliers(&mut s.by_atelier, o.by_atelier);
                s.capitalised_inside += o.capitalised_inside;
                s.lower_inside += o.lower_inside;
            }
        },
        || {
            for (i, surface) in other_interner.surfaces.iter().enumerate() {
                let n = other_counts.get(i).copied().unwrap_or(0);
                let id = match by_surface.get(surface) {
                    Some(id) => id,
                    None => {
                        let id = surfaces.len() as u32;
                        surfaces.push(surface.clone());
                        surface_stem.push(map[other_interner.surface_stem[i] as usize]);
                        by_surface.insert(surface, id);
                        id
                    }
                } as usize;
                if id >= surface_counts.len() {
                    surface_counts.resize(id + 1, 0);
                }
                surface_counts[id] += n;
            }
        },
    );
}

impl Totals {
    /// Adds another share's totals.
    fn add(&mut self, other: &Totals) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        self.content_tokens += other.content_tokens;
        self.word_tokens += other.word_tokens;
        for (a, b) in self.by_atelier.iter_mut().zip(&other.by_atelier) {
            *a += b;
        }
        for (a, b) in self
            .words_by_atelier
            .iter_mut()
            .zip(&other.words_by_atelier)
        {
            *a += b;
        }
        for k in 0..8 {
            self.by_kind[k] += other.by_kind[k];
            self.words_by_kind[k] += other.words_by_kind[k];
        }
    }
}

impl Acc {
    /// Renumbers stems in sorted order and freezes the statistics.
    fn finish(mut self) -> TermStats {
        let n = self.interner.stems.len();
        self.stems.resize_with(n, LocalStem::default);
        let names = &mut self.interner.stems;
        // Stems are renumbered in the order of their texts (distinct: the same order whatever the
        // thread count).
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.par_sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut new_id = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        // The surfaces of each stem (by old id, in surface order), counted ones only: a counting
        // sort, so that each stem's forms are made by the worker that makes its statistics.
        let counts = &self.surface_counts;
        let count_of = |i: usize| counts.get(i).copied().unwrap_or(0);
        let mut forms_start = vec![0u32; n + 1];
        for (i, &stem) in self.interner.surface_stem.iter().enumerate() {
            if count_of(i) > 0 {
                forms_start[stem as usize + 1] += 1;
            }
        }
        for k in 0..n {
            forms_start[k + 1] += forms_start[k];
        }
        let mut next = forms_start.clone();
        let mut forms_of = vec![0u32; forms_start[n] as usize];
        for (i, &stem) in self.interner.surface_stem.iter().enumerate() {
            if count_of(i) > 0 {
                forms_of[next[stem as usize] as usize] = i as u32;
                next[stem as usize] += 1;
            }
        }
        // Each stem's text and counts, in the new order (moved, not copied).
        let mut locals = std::mem::take(&mut self.stems);
        let in_order: Vec<(u32, Box<str>, LocalStem)> = order
            .iter()
            .map(|&old| {
                let o = old as usize;
                (
                    old,
                    std::mem::take(&mut names[o]),
                    std::mem::take(&mut locals[o]),
                )
            })
            .collect();
        drop(locals);
        let surfaces_text = &self.interner.surfaces;
        // The stems' statistics and labels, in parallel, while the grams are gathered.
        let (stems_labels, grams) = rayon::join(
            || {
                let made: Vec<(Box<str>, String, StemStats)> = in_order
                    .into_par_iter()
                    .map(|(old, stem, mut l)| {
                        l.settle();
                        let o = old as usize;
                        let mut forms: Vec<(String, u32)> = forms_of
                            [forms_start[o] as usize..forms_start[o + 1] as usize]
                            .iter()
                            .map(|&i| (surfaces_text[i as usize].to_string(), count_of(i as usize)))
                            .collect();
                        forms.sort_by(|a, b| crate::vocab::form_order((&a.0, a.1), (&b.0, b.1)));
                        let s = StemStats {
                            count: l.count,
                            weight_quarters: l.weight_quarters,
                            documents: l.documents,
                            by_kind: l.by_kind,
                            by_atelier: l.by_atelier,
                            forms,
                            capitalised_inside: l.capitalised_inside,
                            lower_inside: l.lower_inside,
                        };
                        let label = if s.forms.is_empty() {
                            stem.to_string()
                        } else {
                            choose_label(&s.forms, s.inside_case())
                        };
                        (stem, label, s)
                    })
                    .collect();
                let mut stems_out = Vec::with_capacity(n);
                let mut labels = Vec::with_capacity(n);
                let mut stats = Vec::with_capacity(n);
                for (stem, label, s) in made {
                    stems_out.push(stem);
                    labels.push(label);
                    stats.push(s);
                }
                (stems_out, labels, stats)
            },
            || {
                gram_list(std::mem::take(&mut self.grams), |k| {
                    StemId(new_id[k as usize])
                })
            },
        );
        let (stems_out, labels, stats) = stems_labels;
        let Interner {
            by_surface,
            surfaces,
            surface_stem,
            ..
        } = self.interner;
        let surfaces = Surfaces {
            ids: by_surface,
            text: surfaces,
            stems: surface_stem
                .into_iter()
                .map(|s| StemId(new_id[s as usize]))
                .collect(),
        };
        TermStats {
            vocab: Vocab::from_sorted(stems_out, labels),
            stems: stats,
            grams,
            totals: self.totals,
            surfaces,
        }
    }
}

/// The grams seen at least twice in `tables` (each gram in one table only), their stem ids
/// translated by `id`, in order of their stem sequences.
fn gram_list(tables: Vec<GramTable>, id: impl Fn(u32) -> StemId + Sync) -> Vec<GramStats> {
    // Millions of grams on a large corpus: gathered and sorted in parallel (their stem
    // sequences are distinct, so the sorted order is the same whatever the thread count).
    let mut grams: Vec<GramStats> = tables
        .into_par_iter()
        .flat_map_iter(GramTable::into_grams)
        .filter(|(_, g)| g.count >= 2)
        .map(|(key, g)| GramStats {
            stems: StemSeq::new(key.iter().filter(|&&k| k != u32::MAX).map(|&k| id(k))),
            count: g.count,
            documents: g.documents,
        })
        .collect();
    grams.par_sort_unstable_by(|a, b| a.stems.cmp(&b.stems));
    grams
}

/// The key of a gram of stem ids (2 to [`MAX_GRAM`] of them).
#[inline]
fn gram_key(stems: &[u32]) -> GramKey {
    let mut key = [u32::MAX; MAX_GRAM];
    key[..stems.len()].copy_from_slice(stems);
    key
}

/// Calls `f` with the token range of every candidate expression of a sentence: 2 to
/// [`MAX_GRAM`] tokens, content word first and last, at most two function words inside, no break
/// and no soft boundary inside.
pub fn for_each_gram(toks: &[SentenceToken], mut f: impl FnMut(std::ops::Range<usize>)) {
    for i in 0..toks.len() {
        if toks[i].role != Role::Content {
            continue;
        }
        let mut inner = 0;
        let end = toks.len().min(i + MAX_GRAM);
        for (j, t) in toks.iter().enumerate().take(end).skip(i + 1) {
            if t.role == Role::Break || t.soft {
                break;
            }
            if t.role == Role::Content {
                f(i..j + 1);
            } else {
                inner += 1;
                if inner > MAX_INNER_FUNCTION {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A log that cannot be written (a full disk: `/dev/full`) is dropped and the progress is
    /// told why; the statistics are those of a pass that writes no log.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_log_that_cannot_be_written_is_dropped_and_told() {
        use crate::corpus::store::Spool;
        use crate::progress::{Notice, Progress, Stage};
        #[derive(Default)]
        struct Notices(std::sync::Mutex<Vec<Notice>>);
        impl Progress for Notices {
            fn stage(&self, _: Stage, _: u64) {}
            fn advance(&self, _: u64) {}
            fn notice(&self, notice: &Notice) {
                self.0.lock().unwrap().push(notice.clone());
            }
        }
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let full = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/full")
            .unwrap();
        let spool = std::sync::Arc::new(Spool::on(full));
        let notices = Notices::default();
        let filter = GramFilter::with_lines(64);
        let (stats, log) = TermStats::collect_inner(
            &corpus,
            &analyzer,
            &notices,
            Some(LogTo::Disk(spool)),
            Some(filter),
        );
        assert!(log.is_none());
        let told = notices.0.into_inner().unwrap();
        assert!(
            matches!(&told[..], [Notice::LogDropped(why)] if why.contains("No space left")),
            "{told:?}"
        );
        let exact = TermStats::collect(&corpus, &analyzer);
        assert_eq!(format!("{:?}", stats.stems), format!("{:?}", exact.stems));
        // Its grams were counted in two steps all the same, the second walking the texts.
        assert_eq!(format!("{:?}", stats.grams), format!("{:?}", exact.grams));
    }

    /// Counting grams in two steps (a filter, then exact counts of the grams it lets through)
    /// gives the counts of one exact step: whatever the filter's size (one of a single line
    /// lets nearly every gram through, one of 4,096 lines few), the number of threads, and
    /// whether the second step replays the log or walks the texts again.
    #[test]
    fn grams_counted_in_two_steps_are_counted_exactly() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let exact = TermStats::collect(&corpus, &analyzer);
        assert!(exact.grams.len() > 100, "{}", exact.grams.len());
        let exact = format!("{:?}", exact.grams);
        let silent = &crate::progress::Silent;
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for lines in [1, 4, 64, 1 << 12] {
                for logged in [true, false] {
                    let logging = logged.then_some(LogTo::Memory);
                    let filter = Some(GramFilter::with_lines(lines));
                    let (stats, log) = pool.install(|| {
                        TermStats::collect_inner(&corpus, &analyzer, silent, logging, filter)
                    });
                    assert_eq!(log.is_some(), logged);
                    assert!(
                        format!("{:?}", stats.grams) == exact,
                        "{threads} threads, {lines} lines, logged: {logged}"
                    );
                }
            }
        }
        let (stats, log) = TermStats::collect_logged(&corpus, &analyzer, silent);
        assert!(log.is_some_and(|log| log.read_error().is_none()));
        assert_eq!(format!("{:?}", stats.grams), exact);
    }

    #[test]
    fn atelier_runs_add_up_like_direct_counts() {
        let seq = [2, 2, 0, 0, 0, 2, 5, 5, 0];
        let mut direct = Vec::new();
        let mut by_run = Vec::new();
        let mut weights = Vec::new();
        let mut run = AtelierRun::default();
        for (i, &a) in seq.iter().enumerate() {
            add_atelier(&mut direct, AtelierId(a), 1);
            run.add(AtelierId(a), i as u32, |x, n, w| {
                add_atelier(&mut by_run, x, n);
                add_atelier(&mut weights, x, w);
            });
        }
        let (x, n, w) = run.take().expect("a run is open");
        add_atelier(&mut by_run, x, n);
        add_atelier(&mut weights, x, w);
        assert!(run.take().is_none());
        assert_eq!(by_run, direct);
        assert_eq!(
            direct,
            [(AtelierId(0), 4), (AtelierId(2), 3), (AtelierId(5), 2)]
        );
        assert_eq!(
            weights,
            [
                (AtelierId(0), 2 + 3 + 4 + 8),
                (AtelierId(2), 1 + 5),
                (AtelierId(5), 6 + 7)
            ]
        );
    }

    #[test]
    fn counts_on_the_shipped_corpus_do_not_depend_on_threads() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| TermStats::collect(&corpus, &analyzer));
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| TermStats::collect(&corpus, &analyzer));
        assert_eq!(one.vocab.len(), four.vocab.len());
        assert_eq!(one.totals.content_tokens, four.totals.content_tokens);
        for i in 0..one.vocab.len() {
            let id = StemId(i as u32);
            assert_eq!(one.vocab.stem(id), four.vocab.stem(id));
            assert_eq!(one.vocab.label(id), four.vocab.label(id));
            assert_eq!(one.stems[i].count, four.stems[i].count);
            assert_eq!(one.stems[i].by_atelier, four.stems[i].by_atelier);
            assert_eq!(one.stems[i].forms, four.stems[i].forms);
        }
        assert_eq!(one.grams.len(), four.grams.len());
        assert_eq!(one.totals.words_by_atelier, four.totals.words_by_atelier);
        // Words per atelier are those the overview counts by reading every section again
        // (names included: the shipped notes name their porteurs and participants).
        let overview = crate::corpus::overview::Overview::of(&corpus);
        let mut read_again = vec![0u64; corpus.ateliers.len()];
        for a in overview.events.iter().flat_map(|e| &e.ateliers) {
            read_again[a.id as usize] = a.words as u64;
        }
        assert!(read_again.iter().sum::<u64>() > 5_000);
        assert_eq!(one.totals.words_by_atelier, read_again);
        let confiance = one.vocab.get("confianc").expect("confiance is counted");
        assert_eq!(one.vocab.label(confiance), "confiance");
        assert!(one.stems[confiance.index()].by_atelier.len() >= 4);
        // Names of participants are never counted as words.
        for name in ["ambrosini", "groiselle", "montagny", "lechene"] {
            let stem = StemCache::new().stem(name).to_string();
            let counted = one
                .vocab
                .get(&stem)
                .map_or(0, |id| one.stems[id.index()].count);
            assert_eq!(counted, 0, "{name} counted as a word");
        }
    }

    /// The shared surface table gives every surface met the stem stemming gives it (stemming
    /// its usual spelling, see [`crate::reference::stem_spelling`]), whatever the thread count (a later pass reads stems there instead of stemming again).
    #[test]
    fn surfaces_carry_the_stem_stemming_gives() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let mut cache = StemCache::new();
        for threads in [1, 3] {
            let stats = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| TermStats::collect(&corpus, &analyzer));
            let surfaces = &stats.surfaces;
            assert!(surfaces.len() > 2_000, "{} surfaces", surfaces.len());
            let mut seen = std::collections::BTreeSet::new();
            for id in 0..surfaces.len() as u32 {
                let text = surfaces.text(id);
                assert!(seen.insert(text.to_string()), "{text} twice");
                assert_eq!(surfaces.id(text), Some(id));
                let spelling = crate::reference::stem_spelling(text);
                let want = stats.vocab.get(cache.stem(spelling));
                assert_eq!(Some(surfaces.stem_of(id)), want, "{text}");
            }
            // Written without its accents, a word counts with its accented spelling.
            assert_eq!(surfaces.stem("Elus"), surfaces.stem("élus"));
            assert!(surfaces.stem("Elus").is_some());
            // Function words are met too.
            assert!(surfaces.stem("les").is_some());
            assert!(surfaces.stem("confiance").is_some());
            assert_eq!(surfaces.stem("xyzzy"), None);
        }
    }

    proptest::proptest! {
        /// Two atelier lists added at once give what adding one's entries one by one gives.
        #[test]
        fn atelier_lists_add_up_entry_by_entry(
            a in proptest::collection::btree_map(0u32..40, 1u32..9, 0..20),
            b in proptest::collection::btree_map(0u32..40, 1u32..9, 0..20),
        ) {
            let list = |m: &std::collections::BTreeMap<u32, u32>| -> Vec<(AtelierId, u32)> {
                m.iter().map(|(&a, &n)| (AtelierId(a), n)).collect()
            };
            let mut one_by_one = list(&a);
            for (x, n) in list(&b) {
                add_atelier(&mut one_by_one, x, n);
            }
            let mut at_once = list(&a);
            add_ateliers(&mut at_once, list(&b));
            proptest::prop_assert_eq!(at_once, one_by_one);
        }

        /// A stem sequence reads, orders and serialises as the `Vec` it replaced, and holds
        /// the first [`MAX_GRAM`] stems of a longer one.
        #[test]
        fn stem_seq_is_its_slice(
            a in proptest::collection::vec(0u32..6, 0..=MAX_GRAM + 1),
            b in proptest::collection::vec(0u32..6, 0..=MAX_GRAM + 1),
        ) {
            let ids = |v: &[u32]| -> Vec<StemId> {
                v.iter().take(MAX_GRAM).map(|&i| StemId(i)).collect()
            };
            let (va, vb) = (ids(&a), ids(&b));
            let sa = StemSeq::new(a.iter().map(|&i| StemId(i)));
            let sb = StemSeq::new(b.iter().map(|&i| StemId(i)));
            proptest::prop_assert_eq!(sa.as_slice(), va.as_slice());
            proptest::prop_assert_eq!(sa.len(), va.len());
            proptest::prop_assert_eq!(sa.cmp(&sb), va.cmp(&vb));
            proptest::prop_assert_eq!(sa == sb, va == vb);
            proptest::prop_assert_eq!(
                serde_json::to_string(&sa).unwrap(),
                serde_json::to_string(&va).unwrap()
            );
            proptest::prop_assert_eq!(format!("{sa:?}"), format!("{va:?}"));
        }
    }
}
