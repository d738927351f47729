//! The second step of counting grams in two: exact counts of the grams that may be repeated.
//!
//! Most candidate expressions occur once (85 % of the 1.8 million distinct grams of the Grand
//! Débat answers), and only those seen at least twice are kept. Counting all of them exactly
//! fills tables of tens of megabytes — the counting pass's largest memory. So, when the pass
//! writes its log ([`super::TermStats::collect_logged`]), it counts grams only in a
//! [`GramFilter`] (a few megabytes, shared by the workers), which tells the grams that may be
//! repeated from those seen once; this step then replays the log and counts exactly, occurrences
//! and documents, only the grams the filter lets through: every repeated gram, and a few per
//! cent of the others. The counts are those of one exact step, only in less memory.
//!
//! It works on the finished statistics (stem ids in their final order), replaying the log, or
//! walking the texts again when the log could not be written.

use super::grams::{self, DocGrams, GramFilter, GramKey, GramTable};
use super::log::{Reader, TokenLog, replay_document};
use super::walk::{self, SentenceToken, WalkScratch, for_each_sentence_with};
use super::{GRAM_SHARDS, GramStats, MAX_GRAM, TermStats, for_each_gram, gram_list, merge_grams};
use crate::corpus::{Corpus, DocId};
use crate::text::Analyzer;
use crate::vocab::StemId;

/// One worker's exact counts.
struct Recount<'a> {
    filter: &'a GramFilter,
    /// The hash of each stem's text, by stem id.
    stem_hash: &'a [u64],
    /// By shard of the first stem id (see [`shard`]).
    tables: Vec<GramTable>,
    /// The current document's grams and their hashes, before the filter is asked…
    pending: Vec<(u64, GramKey)>,
    /// … and those it let through.
    doc: DocGrams,
}

/// The table of a gram, by its first stem id: tables are merged shard by shard, in parallel,
/// and each is small enough that the moment it doubles (holding its old and new slots) is
/// small too (see [`super::GRAM_SHARDS`]).
fn shard(first: u32) -> usize {
    first as usize & (GRAM_SHARDS - 1)
}

impl Recount<'_> {
    /// Gathers the grams of a sentence (term ids are stem ids). A word the counting pass did not
    /// meet (`u32::MAX`: only when a text on disk read back differently, which fails the run,
    /// see [`Corpus::check_texts`]) ends no gram here.
    fn sentence(&mut self, toks: &[SentenceToken]) {
        let Recount {
            stem_hash, pending, ..
        } = self;
        for_each_gram(toks, |range| {
            let toks = &toks[range];
            if toks.iter().any(|t| t.term as usize >= stem_hash.len()) {
                return;
            }
            let mut key = [u32::MAX; MAX_GRAM];
            for (k, t) in key.iter_mut().zip(toks) {
                *k = t.term;
            }
            let h = grams::gram_hash(toks.iter().map(|t| stem_hash[t.term as usize]));
            pending.push((h, key));
        });
    }

    /// Counts the document's grams that the filter lets through (its lines fetched ahead:
    /// a few megabytes, out of cache).
    fn end_document(&mut self) {
        let Recount {
            filter,
            pending,
            doc,
            tables,
            ..
        } = self;
        grams::with_prefetch(
            doc,
            pending,
            |_, (h, _)| filter.prefetch(h),
            |doc, (h, key)| {
                if filter.maybe_repeated(h) {
                    doc.push(key);
                }
            },
        );
        pending.clear();
        doc.count_into(tables, shard);
    }
}

/// The grams seen at least twice, with exact counts, of the corpus `stats` were collected from
/// with `filter` as their gram counts; replaying `log`, or walking the texts without one.
/// Tells `progress` the bytes of text done (the texts' bytes, read or not).
pub(super) fn repeated_grams(
    corpus: &Corpus,
    analyzer: &Analyzer,
    stats: &TermStats,
    filter: &GramFilter,
    log: Option<&TokenLog>,
    progress: &dyn crate::progress::Progress,
) -> Vec<GramStats> {
    let stem_hash: Vec<u64> = (0..stats.vocab.len() as u32)
        .map(|i| grams::stem_hash(stats.vocab.stem(StemId(i))))
        .collect();
    // As the counting pass resolved the words (`Interner::resolve_cased`): every word it met is
    // among the surfaces.
    let resolve = |written: &str, caps: bool| {
        let surface = if caps {
            crate::reference::restore_accents(written).unwrap_or(written)
        } else {
            written
        };
        stats.surfaces.stem(surface).map_or(u32::MAX, |s| s.0)
    };
    let counter = || Recount {
        filter,
        stem_hash: &stem_hash,
        tables: (0..GRAM_SHARDS).map(|_| GramTable::default()).collect(),
        pending: Vec::new(),
        doc: DocGrams::default(),
    };
    let counters: Vec<Recount<'_>> = match log {
        Some(log) => {
            let ids = log.resolve_par(resolve);
            walk::fold_blocks(
                corpus,
                log.block_size(),
                || (counter(), log.cursor(), Vec::new()),
                |(c, cursor, buf), _, b, docs| {
                    let (writer, bytes) = cursor.block(b);
                    let mut r = Reader::new(bytes);
                    // Told once per block: a progress bar reads the clock on each call.
                    let done = docs.clone().map(|d| corpus.documents[d].text.len() as u64);
                    progress.advance(done.sum());
                    for d in docs {
                        // The texts are not read again: the theme pass, replaying the same log,
                        // checks its spans against them.
                        let doc = (DocId(d as u32), None);
                        let ok = replay_document(
                            log,
                            &mut r,
                            &ids[writer],
                            corpus,
                            doc,
                            buf,
                            |_, toks| c.sentence(toks),
                        );
                        c.end_document();
                        if !ok {
                            return;
                        }
                    }
                    log.end_block(b, &r);
                },
            )
            .into_iter()
            .map(|(c, _, _)| c)
            .collect()
        }
        None => walk::fold_per_worker(
            corpus,
            || (counter(), WalkScratch::default()),
            |(c, scratch), doc, text| {
                for_each_sentence_with(scratch, corpus, analyzer, doc, text, resolve, |_, toks| {
                    c.sentence(toks)
                });
                c.end_document();
                progress.advance(text.len() as u64);
            },
        )
        .into_iter()
        .map(|(c, _)| c)
        .collect(),
    };
    let tables = counters
        .into_iter()
        .map(|c| c.tables)
        .reduce(|mut mine, mut theirs| {
            // The larger takes in the smaller; the same stem ids in both.
            let len = |t: &[GramTable]| t.iter().map(GramTable::len).sum::<usize>();
            if len(&theirs) > len(&mine) {
                std::mem::swap(&mut mine, &mut theirs);
            }
            merge_grams(&mut mine, theirs, |id| id);
            mine
        })
        .unwrap_or_default();
    gram_list(tables, StemId)
}
