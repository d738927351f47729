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

use super::grams::{self, DocGrams, GramFilter, GramTable};
use super::log::{Reader, TokenLog, replay_document};
use super::walk::{self, SentenceToken, WalkScratch, for_each_sentence_with};
use super::{GramStats, TermStats, for_each_gram, gram_key, gram_list};
use crate::corpus::{Corpus, DocId};
use crate::text::Analyzer;
use crate::vocab::StemId;

/// One worker's exact counts.
struct Recount<'a> {
    filter: &'a GramFilter,
    /// The hash of each stem's text, by stem id.
    stem_hash: &'a [u64],
    table: GramTable,
    doc: DocGrams,
}

impl Recount<'_> {
    /// Gathers the grams of a sentence (term ids are stem ids) that the filter lets through.
    fn sentence(&mut self, toks: &[SentenceToken]) {
        let Recount {
            filter,
            stem_hash,
            doc,
            ..
        } = self;
        for_each_gram(toks, |range| {
            let toks = &toks[range];
            let h = grams::gram_hash(toks.iter().map(|t| stem_hash[t.term as usize]));
            if filter.maybe_repeated(h) {
                let mut stems = [0u32; super::MAX_GRAM];
                for (s, t) in stems.iter_mut().zip(toks) {
                    *s = t.term;
                }
                doc.push(gram_key(&stems[..toks.len()]));
            }
        });
    }

    /// Counts the document's gathered grams.
    fn end_document(&mut self) {
        self.doc
            .count_into(std::slice::from_mut(&mut self.table), |_| 0);
    }
}

/// The grams seen at least twice, with exact counts, of the corpus `stats` were collected from
/// with `filter` as their gram counts; replaying `log`, or walking the texts without one.
pub(super) fn repeated_grams(
    corpus: &Corpus,
    analyzer: &Analyzer,
    stats: &TermStats,
    filter: &GramFilter,
    log: Option<&TokenLog>,
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
        table: GramTable::default(),
        doc: DocGrams::default(),
    };
    let tables: Vec<GramTable> = match log {
        Some(log) => {
            let ids = log.resolve(resolve);
            walk::fold_blocks(
                corpus,
                log.block_size(),
                || (counter(), log.cursor(), Vec::new()),
                |(c, cursor, buf), _, b, docs| {
                    let (writer, bytes) = cursor.block(b);
                    let mut r = Reader::new(bytes);
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
            .map(|(c, _, _)| c.table)
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
            },
        )
        .into_iter()
        .map(|(c, _)| c.table)
        .collect(),
    };
    let table = tables.into_iter().reduce(GramTable::absorb);
    gram_list(table.into_iter().collect(), StemId)
}
