//! The counting pass's sentences, written down for the theme pass to replay.
//!
//! Both passes over the corpus see the text through the same walk ([`super::walk`]): the same
//! sentences, the same tokens with the same roles. Tokenising and looking every word up is most
//! of a pass's work, so the counting pass writes down what its walk found, and the theme pass
//! reads it back instead of tokenising every text again.
//!
//! For each document, sentence after sentence: its section, then each token's span, role, case
//! and flags, and which distinct word it is — the index of the word in the writing worker's walk
//! memory, plus whether it was resolved as a word in capitals. The reading pass resolves each
//! distinct word of each writer once (`TokenLog::resolve`) and gives its tokens those term
//! ids: a replayed sentence is the sentence the walk would give with that resolver.
//!
//! About five bytes per word token, some three quarters of the text's own size (32.8 MB for the
//! 41.9 MB of the Grand Débat answers), written by blocks of documents (the blocks of
//! `walk::fold_blocks`). The log goes where the texts go: into a temporary file of its
//! own when the corpus keeps its texts on disk (memory stays bounded), in memory otherwise.

use std::sync::{Arc, Mutex};

use crate::corpus::store::Spool;
use crate::corpus::{Corpus, DocId, SectionId};

use super::walk::{Case, Role, SentenceInfo, SentenceToken};

/// Bytes a writer gathers before it closes a chunk (and, on disk, writes it).
const CHUNK_BYTES: usize = 1 << 20;

/// A term id not resolved: the writer never asked for the word in that case.
const UNRESOLVED: u32 = u32::MAX;

/// Where a chunk of the log is.
#[derive(Debug)]
enum Chunk {
    Held(Vec<u8>),
    Spilled(u32),
}

/// Where one block of documents is in the log: its writer, the writer's chunk, and the bytes
/// of the chunk.
#[derive(Debug, Clone, Copy)]
struct BlockLoc {
    worker: u32,
    chunk: u32,
    start: u32,
    len: u32,
}

/// What one worker of the counting pass wrote: its chunks, and its distinct words with the
/// cases it resolved them in.
#[derive(Debug, Default)]
pub(crate) struct WorkerLog {
    chunks: Vec<Chunk>,
    /// Per word index: the word as written.
    words: Vec<Box<str>>,
    /// Per word index: bit 0, resolved as written; bit 1, resolved in capitals.
    asked: Vec<u8>,
}

/// A block a writer wrote: block `block` is bytes `start..start + len` of its chunk `chunk`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Written {
    block: usize,
    chunk: u32,
    start: u32,
    len: u32,
}

/// Writes one worker's sentences (see the module doc). Kept in the walk's scratch.
#[derive(Debug)]
pub(crate) struct LogWriter {
    spool: Option<Arc<Spool>>,
    buf: Vec<u8>,
    chunks: Vec<Chunk>,
    /// The blocks written.
    blocks: Vec<Written>,
    /// The current block and where it starts in `buf`.
    block: Option<(usize, usize)>,
    /// The words met, by index in the walk's memory.
    pub(crate) words: Vec<Box<str>>,
    /// End of the last token written in the current document.
    prev_end: usize,
    /// Why the log could not be written, if it could not (the later pass then tokenises).
    failed: Option<String>,
}

impl LogWriter {
    /// A writer keeping its chunks in memory, or writing them to `spool`.
    pub(crate) fn new(spool: Option<Arc<Spool>>) -> Self {
        LogWriter {
            spool,
            buf: Vec::new(),
            chunks: Vec::new(),
            blocks: Vec::new(),
            block: None,
            words: Vec::new(),
            prev_end: 0,
            failed: None,
        }
    }

    /// Starts block `b` of documents.
    pub(crate) fn begin_block(&mut self, b: usize) {
        self.block = Some((b, self.buf.len()));
    }

    /// Ends the current block; closes the chunk when it is large enough.
    pub(crate) fn end_block(&mut self) {
        let Some((b, start)) = self.block.take() else {
            return;
        };
        let chunk = self.chunks.len() as u32;
        // Offsets in a chunk are `u32`: a chunk past 4 GiB (a block of huge documents) cannot be
        // logged, and the later pass tokenises instead.
        let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(self.buf.len() - start))
        else {
            self.failed
                .get_or_insert_with(|| "a block of more than 4 GiB of log".into());
            return;
        };
        self.blocks.push(Written {
            block: b,
            chunk,
            start,
            len,
        });
        if self.buf.len() >= CHUNK_BYTES {
            self.close_chunk();
        }
    }

    /// Closes the chunk being written (the blocks written since the last one are in it).
    fn close_chunk(&mut self) {
        if self.failed.is_some() {
            self.buf = Vec::new();
            return;
        }
        let chunk = match &self.spool {
            None => {
                let mut bytes = std::mem::take(&mut self.buf);
                // The buffer grew by doubling: keep only what it holds.
                bytes.shrink_to_fit();
                Chunk::Held(bytes)
            }
            Some(spool) => {
                let written = spool.append_bytes(&self.buf);
                self.buf.clear();
                match written {
                    Ok(id) => Chunk::Spilled(id),
                    Err(e) => {
                        self.failed = Some(e.to_string());
                        Chunk::Spilled(0)
                    }
                }
            }
        };
        self.chunks.push(chunk);
    }

    /// Writes one sentence: the index of its section among its document's, and its tokens,
    /// each with its word reference ([`word_ref`], `u32::MAX` for none).
    pub(crate) fn sentence(&mut self, section: usize, toks: &[SentenceToken], refs: &[u32]) {
        debug_assert_eq!(toks.len(), refs.len(), "one word reference per token");
        if self.failed.is_some() {
            // The log will not be used: nothing more is encoded or kept.
            return;
        }
        put(&mut self.buf, section as u64 + 1);
        put(&mut self.buf, toks.len() as u64);
        for (t, &r) in toks.iter().zip(refs) {
            let role = match t.role {
                Role::Content => 0,
                Role::Function => 1,
                Role::Break => 2,
            };
            let case = match t.case {
                Case::Neutral => 0,
                Case::CapitalisedInside => 1,
                Case::LowerInside => 2,
            };
            let caps = r != u32::MAX && r & CAPS != 0;
            let flags = role
                | case << 2
                | u8::from(t.soft) << 4
                | u8::from(t.word) << 5
                | u8::from(caps) << 6;
            self.buf.push(flags);
            put(&mut self.buf, zigzag(t.start as i64 - self.prev_end as i64));
            put(&mut self.buf, (t.end - t.start) as u64);
            if t.role != Role::Break {
                put(&mut self.buf, u64::from(r & !CAPS));
            }
            self.prev_end = t.end;
        }
    }

    /// Ends a document.
    pub(crate) fn end_doc(&mut self) {
        self.buf.push(0);
        self.prev_end = 0;
    }

    /// What was written, given the cases each word was resolved in (bit 0: as written, bit 1:
    /// in capitals); the error that stopped writing, if any.
    pub(crate) fn finish(mut self, asked: Vec<u8>) -> Result<(WorkerLog, Vec<Written>), String> {
        self.end_block();
        if !self.buf.is_empty() {
            self.close_chunk();
        }
        if let Some(e) = self.failed {
            return Err(e);
        }
        Ok((
            WorkerLog {
                chunks: self.chunks,
                words: self.words,
                asked,
            },
            self.blocks,
        ))
    }
}

/// The flag of a word reference resolved in capitals.
const CAPS: u32 = 1 << 31;

/// A word reference: the index of the word in the walk's memory, and whether it was resolved
/// in capitals.
pub(crate) fn word_ref(index: usize, caps: bool) -> u32 {
    index as u32 | if caps { CAPS } else { 0 }
}

/// Appends `v` as an LEB128 varint.
#[inline]
fn put(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

#[inline]
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

#[inline]
fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

/// The sentences of the counting pass, to replay (see the module doc).
#[derive(Debug)]
pub struct TokenLog {
    /// Documents per block.
    block: usize,
    blocks: Vec<BlockLoc>,
    workers: Vec<WorkerLog>,
    spool: Option<Arc<Spool>>,
    /// The first error met reading the log back: the replaying pass cannot stop, the run
    /// fails at its end, as when texts are lost.
    error: Mutex<Option<String>>,
}

impl TokenLog {
    /// The log of the writers of one pass over `docs` documents in blocks of `block`, or why it
    /// cannot be used (a block missing, a write that failed).
    pub(crate) fn assemble(
        block: usize,
        docs: usize,
        writers: Vec<LogWriter>,
        asked: Vec<Vec<u8>>,
        spool: Option<Arc<Spool>>,
    ) -> Result<TokenLog, String> {
        let n_blocks = docs.div_ceil(block.max(1));
        let mut blocks: Vec<Option<BlockLoc>> = vec![None; n_blocks];
        let mut workers = Vec::new();
        for (w, (writer, asked)) in writers.into_iter().zip(asked).enumerate() {
            let (log, written) = writer.finish(asked)?;
            for Written {
                block: b,
                chunk,
                start,
                len,
            } in written
            {
                let slot = blocks
                    .get_mut(b)
                    .ok_or_else(|| format!("block {b} of {n_blocks}"))?;
                *slot = Some(BlockLoc {
                    worker: w as u32,
                    chunk,
                    start,
                    len,
                });
            }
            workers.push(log);
        }
        let blocks = blocks
            .into_iter()
            .enumerate()
            .map(|(b, l)| l.ok_or_else(|| format!("block {b} not written")))
            .collect::<Result<_, _>>()?;
        Ok(TokenLog {
            block,
            blocks,
            workers,
            spool,
            error: Mutex::new(None),
        })
    }

    /// Documents per block: a replay goes block by block, in the blocks the log was written in.
    pub(crate) fn block_size(&self) -> usize {
        self.block
    }

    /// Bytes the log holds (in memory or on disk).
    pub fn len(&self) -> u64 {
        self.blocks.iter().map(|b| u64::from(b.len)).sum()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Asks `resolve` for the term id of each distinct word of each writer, in each case the
    /// writer resolved it in; gives each writer's table, by word index, of the ids as written
    /// and in capitals.
    pub(crate) fn resolve(&self, mut resolve: impl FnMut(&str, bool) -> u32) -> Vec<Vec<[u32; 2]>> {
        self.workers
            .iter()
            .map(|w| {
                w.words
                    .iter()
                    .zip(&w.asked)
                    .map(|(word, &asked)| word_ids(word, asked, &mut resolve))
                    .collect()
            })
            .collect()
    }

    /// [`TokenLog::resolve`] with a resolver that keeps no state, word by word in parallel (one
    /// after another, the words of the 100 MB scaling corpus took 10 ms of one thread).
    pub(crate) fn resolve_par(
        &self,
        resolve: impl Fn(&str, bool) -> u32 + Sync,
    ) -> Vec<Vec<[u32; 2]>> {
        use rayon::prelude::*;
        self.workers
            .iter()
            .map(|w| {
                w.words
                    .par_iter()
                    .zip(&w.asked)
                    .map(|(word, &asked)| word_ids(word, asked, &mut &resolve))
                    .collect()
            })
            .collect()
    }

    /// A reader of the log's blocks for one worker of the replaying pass.
    pub(crate) fn cursor(&self) -> LogCursor<'_> {
        LogCursor {
            log: self,
            buf: Vec::new(),
        }
    }

    /// Checks that the replay of block `b` read all of its bytes (it read one document too
    /// few otherwise: the log is not this corpus's); records the error if not.
    pub(crate) fn end_block(&self, b: usize, r: &Reader<'_>) {
        if !r.at_end() {
            self.record(format!("block {b} has bytes after its documents"));
        }
    }

    /// Records an error met reading the log back (the first one is kept).
    fn record(&self, e: impl std::fmt::Display) {
        let mut slot = self.error.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert_with(|| format!("token log: {e}"));
    }

    /// The first error met reading the log back, if any: a replay that met one stopped short,
    /// and its results miss documents ([`crate::analysis::Analysis::run`] then fails).
    pub fn read_error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

/// Reads a [`TokenLog`]'s blocks (from disk, each block's bytes alone: blocks of one chunk may
/// be replayed by different workers).
pub(crate) struct LogCursor<'l> {
    log: &'l TokenLog,
    buf: Vec<u8>,
}

impl<'l> LogCursor<'l> {
    /// Block `b`: its writer and bytes (empty when it cannot be read: the error is recorded).
    pub(crate) fn block(&mut self, b: usize) -> (usize, &[u8]) {
        let Some(&loc) = self.log.blocks.get(b) else {
            self.log.record(format!("no block {b}"));
            return (0, &[]);
        };
        let worker = &self.log.workers[loc.worker as usize];
        let bytes: Option<&[u8]> = match worker.chunks.get(loc.chunk as usize) {
            Some(Chunk::Held(bytes)) => {
                let end = loc.start as usize + loc.len as usize;
                bytes.get(loc.start as usize..end)
            }
            Some(&Chunk::Spilled(id)) => match self.log.spool.as_deref() {
                None => None,
                Some(spool) => {
                    match spool.read_bytes(id, Some((loc.start, loc.len)), &mut self.buf) {
                        Ok(()) => Some(&self.buf),
                        Err(e) => {
                            self.log.record(e);
                            return (0, &[]);
                        }
                    }
                }
            },
            None => None,
        };
        match bytes {
            Some(bytes) => (loc.worker as usize, bytes),
            None => {
                self.log
                    .record(format!("block {b} is not where it was written"));
                (0, &[])
            }
        }
    }
}

/// Replays one document of a block: calls `f` for each of its sentences, as the walk would,
/// with term ids from `ids` (the writer's table from [`TokenLog::resolve`]). Reads the document
/// from `r`, the reader of its block. Returns `false`, recording the error in the log, when the
/// bytes end or are not a log (the run then fails, see [`TokenLog::read_error`]). Given the
/// document's text, it also checks that every span is one of its slices.
pub(crate) fn replay_document(
    log: &TokenLog,
    r: &mut Reader<'_>,
    ids: &[[u32; 2]],
    corpus: &Corpus,
    (doc, text): (DocId, Option<&str>),
    buf: &mut Vec<SentenceToken>,
    mut f: impl FnMut(&SentenceInfo, &[SentenceToken]),
) -> bool {
    let d = &corpus.documents[doc.index()];
    let first = d.sections.first().map_or(0, |s| s.0);
    let mut prev_end = 0i64;
    let ok = (|| -> Option<()> {
        loop {
            let section = r.varint()?;
            if section == 0 {
                return Some(());
            }
            let sid = SectionId(first.checked_add(u32::try_from(section - 1).ok()?)?);
            if !d.sections.contains(sid) {
                return None;
            }
            let s = &corpus.sections[sid.index()];
            let n = r.varint()? as usize;
            buf.clear();
            for _ in 0..n {
                let flags = r.byte()?;
                if flags & 3 == 3 || flags >> 2 & 3 == 3 || flags & 0x80 != 0 {
                    return None;
                }
                let start = prev_end.checked_add(unzigzag(r.varint()?))?;
                let end = start.checked_add(i64::try_from(r.varint()?).ok()?)?;
                prev_end = end;
                let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
                // A span of this text, on character boundaries (`get` checks both).
                if let Some(text) = text {
                    text.get(start..end)?;
                }
                let role = match flags & 3 {
                    0 => Role::Content,
                    1 => Role::Function,
                    _ => Role::Break,
                };
                let case = match flags >> 2 & 3 {
                    1 => Case::CapitalisedInside,
                    2 => Case::LowerInside,
                    _ => Case::Neutral,
                };
                let term = if role == Role::Break {
                    u32::MAX
                } else {
                    let id = ids.get(r.varint()? as usize)?[usize::from(flags >> 6 & 1)];
                    if id == UNRESOLVED {
                        return None;
                    }
                    id
                };
                buf.push(SentenceToken {
                    start,
                    end,
                    role,
                    case,
                    term,
                    soft: flags >> 4 & 1 == 1,
                    word: flags >> 5 & 1 == 1,
                });
            }
            let (Some(a), Some(z)) = (buf.first(), buf.last()) else {
                return None;
            };
            let info = SentenceInfo {
                doc,
                section: sid,
                atelier: s.atelier,
                kind: s.kind,
                span: a.start..z.end,
            };
            f(&info, buf);
        }
    })();
    if ok.is_none() {
        log.record(format!("document {} does not read back", doc.0));
    }
    ok.is_some()
}

/// Reads a block's bytes, document after document (see [`replay_document`]).
pub(crate) struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    /// A reader at the start of `bytes`.
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// Whether every byte was read.
    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    #[inline]
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    #[inline]
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

/// The ids of one word of a writer, in each case (as written, in capitals) the writer asked
/// for (`asked`: bit 0, bit 1); [`UNRESOLVED`] for the others.
fn word_ids(word: &str, asked: u8, resolve: &mut impl FnMut(&str, bool) -> u32) -> [u32; 2] {
    let mut ids = [UNRESOLVED; 2];
    for (caps, id) in ids.iter_mut().enumerate() {
        if asked & (1 << caps) != 0 {
            *id = resolve(word, caps == 1);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{LoadOptions, TextStorage};
    use crate::stats::walk::{WalkScratch, for_each_sentence_with};
    use crate::text::Analyzer;
    use std::collections::HashMap;
    use std::path::Path;

    /// A sentence as plain values: its place, then each token's span, role, case, term and
    /// flags.
    type Plain = (
        (u32, u32, u32, usize, std::ops::Range<usize>),
        Vec<(usize, usize, Role, Case, u32, bool, bool)>,
    );

    fn plain(info: &SentenceInfo, toks: &[SentenceToken]) -> Plain {
        (
            (
                info.doc.0,
                info.section.0,
                info.atelier.0,
                crate::stats::kind_index(info.kind),
                info.span.clone(),
            ),
            toks.iter()
                .map(|t| (t.start, t.end, t.role, t.case, t.term, t.soft, t.word))
                .collect(),
        )
    }

    /// A resolver that is a pure function of the word and its case, whoever asks.
    fn pure(ids: &mut HashMap<(String, bool), u32>, word: &str, caps: bool) -> u32 {
        let n = ids.len() as u32;
        *ids.entry((word.to_string(), caps)).or_insert(n)
    }

    /// Writes the log of `corpus` with two writers taking blocks of three documents in turn
    /// (the second starting with the last block, as a parallel pass may), and gives the log and
    /// what the walk gave, document by document.
    #[allow(clippy::needless_range_loop)]
    fn write(
        corpus: &Corpus,
        analyzer: &Analyzer,
        spool: Option<Arc<Spool>>,
        ids: &mut HashMap<(String, bool), u32>,
    ) -> (TokenLog, Vec<Vec<Plain>>) {
        let block = 3;
        let n = corpus.documents.len();
        let blocks = n.div_ceil(block);
        let mut scratches = [WalkScratch::default(), WalkScratch::default()];
        for s in &mut scratches {
            s.start_log(LogWriter::new(spool.clone()));
        }
        let mut walked = vec![Vec::new(); n];
        let order: Vec<usize> = (0..blocks)
            .rev()
            .step_by(2)
            .chain((0..blocks).rev().skip(1).step_by(2))
            .collect();
        for (k, &b) in order.iter().enumerate() {
            let scratch = &mut scratches[k % 2];
            scratch.begin_block(b);
            for d in b * block..((b + 1) * block).min(n) {
                let doc = DocId(d as u32);
                let text = corpus.text(doc);
                for_each_sentence_with(
                    scratch,
                    corpus,
                    analyzer,
                    doc,
                    &text,
                    |w, caps| pure(ids, w, caps),
                    |info, toks| walked[d].push(plain(info, toks)),
                );
            }
            scratch.end_block();
        }
        let (writers, asked): (Vec<_>, Vec<_>) =
            scratches.iter_mut().filter_map(|s| s.take_log()).unzip();
        let log = TokenLog::assemble(block, n, writers, asked, spool).unwrap();
        (log, walked)
    }

    /// Replays every block of `log`, with term ids from `ids`.
    #[allow(clippy::needless_range_loop)]
    fn replay(corpus: &Corpus, log: &TokenLog, ids: &[Vec<[u32; 2]>]) -> Vec<Vec<Plain>> {
        let n = corpus.documents.len();
        let mut replayed = vec![Vec::new(); n];
        let mut cursor = log.cursor();
        let mut buf = Vec::new();
        for b in 0..n.div_ceil(log.block_size()) {
            let (writer, bytes) = cursor.block(b);
            let mut r = Reader::new(bytes);
            for d in b * log.block_size()..((b + 1) * log.block_size()).min(n) {
                let doc = DocId(d as u32);
                let ok = replay_document(
                    log,
                    &mut r,
                    &ids[writer],
                    corpus,
                    (doc, Some(&corpus.text(doc))),
                    &mut buf,
                    |info, toks| replayed[d].push(plain(info, toks)),
                );
                assert!(ok, "{d}: {:?}", log.read_error());
            }
            assert!(r.at_end(), "block {b} read to its end");
        }
        replayed
    }

    /// A replayed document is the walked one: same sentences, sections, spans, roles, cases and
    /// flags, and each token the term the resolver gives its word in its case — for the notes
    /// of `corpus/` and for words in capitals, elisions and names, texts in memory or on disk.
    #[test]
    fn replayed_sentences_are_the_walks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("casse.md"),
            "# Atelier casse\n\n## Discussion\n\n- POUR L'ÉTAT A VOIR : la SOUVERAINETE\n\
             - A la fin, l'État décide (vraiment).\n- Qu'est-ce qu'on fait ? 80 000 € en 2020.\n",
        )
        .unwrap();
        // A document whose last section, its participants, is not walked (a names section); one
        // with no sentence at all (no word: every block is furniture).
        std::fs::write(
            dir.path().join("noms.md"),
            "# Atelier noms\n\n## Participants\n\n- Claire Dupont (CNFPT)\n- Marc Martin\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("ponct.md"), "- ...\n- (!)\n").unwrap();
        let analyzer = Analyzer::french();
        for root in [Path::new("corpus"), dir.path()] {
            for storage in [TextStorage::Memory, TextStorage::Disk] {
                let opts = LoadOptions {
                    texts: storage,
                    ..Default::default()
                };
                let corpus = Corpus::load_with(root, &opts).unwrap();
                let spool = corpus
                    .spilled_bytes()
                    .map(|_| Arc::new(Spool::new().unwrap()));
                let on_disk = spool.is_some();
                let mut ids = HashMap::new();
                let (log, walked) = write(&corpus, &analyzer, spool, &mut ids);
                assert!(!log.is_empty());
                assert_eq!(
                    log.workers
                        .iter()
                        .flat_map(|w| &w.chunks)
                        .all(|c| matches!(c, Chunk::Spilled(_))),
                    on_disk
                );
                let tables = log.resolve(|w, caps| pure(&mut ids, w, caps));
                let replayed = replay(&corpus, &log, &tables);
                assert_eq!(replayed, walked, "{}", root.display());
                assert!(walked.iter().map(Vec::len).sum::<usize>() >= 4);
                if root == dir.path() {
                    assert_eq!(corpus.documents.len(), 3);
                    assert_eq!(walked.iter().filter(|d| d.is_empty()).count(), 1);
                    let names: Vec<u32> = (corpus.sections.iter())
                        .filter(|s| s.kind.is_names())
                        .map(|s| s.id.0)
                        .collect();
                    assert_eq!(names.len(), 1);
                    assert!(
                        walked
                            .iter()
                            .flatten()
                            .all(|((_, s, ..), _)| !names.contains(s))
                    );
                }
                assert_eq!(log.read_error(), None);
            }
        }
    }

    /// A log that does not read back (bytes cut short, a block never written) is an error, not
    /// a silent loss.
    #[test]
    fn a_broken_log_is_an_error() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let analyzer = Analyzer::french();
        let mut ids_map = HashMap::new();
        let (log, _) = write(&corpus, &analyzer, None, &mut ids_map);
        let tables = log.resolve(|w, caps| pure(&mut ids_map, w, caps));
        let replay = |log: &TokenLog, r: &mut Reader<'_>, ids: &[[u32; 2]], d: u32, text: &str| {
            replay_document(
                log,
                r,
                ids,
                &corpus,
                (DocId(d), Some(text)),
                &mut Vec::new(),
                |_, _| {},
            )
        };
        let texts: Vec<String> = (0..3).map(|d| corpus.text(DocId(d)).into_owned()).collect();
        let mut cursor = log.cursor();
        let (writer, bytes) = cursor.block(0);
        let ids = &tables[writer];
        // The whole block reads back, to its end.
        let mut r = Reader::new(bytes);
        assert!((0..3).all(|d| replay(&log, &mut r, ids, d, &texts[d as usize])));
        log.end_block(0, &r);
        assert_eq!(log.read_error(), None);
        // Bytes cut short.
        let mut cut = Reader::new(&bytes[..bytes.len() / 2]);
        assert!(!(0..3).all(|d| replay(&log, &mut cut, ids, d, &texts[d as usize])));
        assert!(log.read_error().unwrap().contains("does not read back"));
        // Spans outside the text (as if it were the log of another text). `write` walks in one
        // order, so its logs number the words alike: `tables` serve them all.
        let (log2, _) = write(&corpus, &analyzer, None, &mut ids_map);
        let mut cursor = log2.cursor();
        let (writer, bytes) = cursor.block(0);
        let half = &texts[0][..texts[0].floor_char_boundary(texts[0].len() / 2)];
        assert!(!replay(
            &log2,
            &mut Reader::new(bytes),
            &tables[writer],
            0,
            half
        ));
        assert!(log2.read_error().unwrap().contains("does not read back"));
        // A block with bytes after its documents.
        let (log3, _) = write(&corpus, &analyzer, None, &mut ids_map);
        let mut cursor = log3.cursor();
        let (writer, bytes) = cursor.block(0);
        let mut r = Reader::new(bytes);
        assert!(replay(&log3, &mut r, &tables[writer], 0, &texts[0]));
        log3.end_block(0, &r);
        assert!(
            log3.read_error()
                .unwrap()
                .contains("bytes after its documents")
        );

        // A writer that saw only some blocks: the log is refused.
        let mut scratch = WalkScratch::default();
        scratch.start_log(LogWriter::new(None));
        scratch.begin_block(0);
        scratch.end_block();
        let (w, a) = scratch.take_log().unwrap();
        let err = TokenLog::assemble(3, corpus.documents.len(), vec![w], vec![a], None);
        assert!(err.unwrap_err().contains("not written"));
    }

    #[test]
    fn varints_and_zigzag_round_trip() {
        let mut buf = Vec::new();
        let values = [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        for &v in &values {
            put(&mut buf, v);
        }
        let mut r = Reader {
            bytes: &buf,
            pos: 0,
        };
        for &v in &values {
            assert_eq!(r.varint(), Some(v));
        }
        assert_eq!(r.varint(), None);
        for v in [
            0i64,
            1,
            -1,
            63,
            -64,
            1 << 40,
            -(1 << 40),
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(unzigzag(zigzag(v)), v, "{v}");
        }
    }
}
