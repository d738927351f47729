//! Walking a document sentence by sentence, with each token's role and term id.
//!
//! Both statistics passes (counting, then finding themes) see the text the same way through this
//! walker: only analysed blocks (no page furniture, no lists of names), sentences cut at hard
//! boundaries, each token classified as a content word, a function word, or a break (a name, a
//! number, an URL… that no expression may span). The counting pass can write down what it walked
//! ([`super::log`]), and the theme pass then replays it rather than walking the texts again.

use std::ops::Range;

use super::log::LogWriter;
use crate::corpus::{AtelierId, Corpus, DocId, SectionId, SectionKind, TextCursor};
use crate::text::{Analyzer, Boundary, TokenKind, TokenScratch, WordMap, is_capitals};

/// How much an occurrence weighs, by section kind, in quarters (integers keep sums exact and
/// independent of the order in which threads add them).
///
/// A synthesis or an idea to dig into is what the atelier retained: 2. The question: 1.5.
/// Discussion notes: 1. Untitled material: 0.75. A programme or agenda line: 0.25.
pub fn section_weight_quarters(kind: SectionKind) -> u32 {
    match kind {
        SectionKind::Synthese | SectionKind::Idees => 8,
        SectionKind::Question => 6,
        SectionKind::Discussion => 4,
        SectionKind::Other => 3,
        SectionKind::Programme => 1,
        SectionKind::Participants | SectionKind::Porteur => 0,
    }
}

/// Folds every document of `corpus` into one accumulator per worker thread of the current rayon
/// pool, in parallel, and returns the accumulators (none for an empty corpus). `f` gets a
/// document's id and text.
///
/// Documents are handed out in small blocks, so every worker stays busy to the end of the pass
/// (no large share is left to run alone), while each worker fills a single accumulator: its
/// interner stems each distinct word once, and the pass ends with one merge per worker rather
/// than one per share. Each worker keeps its own text cursor (texts kept on disk are read chunk
/// by chunk) and its accumulator on its own cache lines.
///
/// Which worker gets which document depends on scheduling: accumulators must merge to the same
/// result in any grouping (counts, sorted lists, choices by a total order), as every pass's do.
pub(crate) fn fold_per_worker<A: Send>(
    corpus: &Corpus,
    init: impl Fn() -> A + Sync,
    f: impl Fn(&mut A, DocId, &str) + Sync,
) -> Vec<A> {
    let block = block_size(corpus.documents.len());
    fold_blocks(corpus, block, init, |acc, texts, _, docs| {
        for d in docs {
            f(acc, DocId(d as u32), texts.get(&corpus.documents[d].text));
        }
    })
}

/// Documents per block of [`fold_per_worker`] in the current rayon pool: about 64 blocks per
/// worker, of at most 256 documents (a lock per block is nothing, and the last blocks are
/// short).
pub(crate) fn block_size(docs: usize) -> usize {
    let workers = rayon::current_num_threads().max(1);
    docs.div_ceil(workers * 64).clamp(1, 256)
}

/// [`fold_per_worker`], block by block: `f` gets the accumulator, the worker's text cursor,
/// the block's number and its documents (`block` of them, the last block fewer). For a pass
/// that must follow the blocks of an earlier one (see [`super::log`]).
pub(crate) fn fold_blocks<A: Send>(
    corpus: &Corpus,
    block: usize,
    init: impl Fn() -> A + Sync,
    f: impl Fn(&mut A, &mut TextCursor<'_>, usize, Range<usize>) + Sync,
) -> Vec<A> {
    use crossbeam_utils::CachePadded;
    use rayon::prelude::*;
    use std::sync::Mutex;

    let n = corpus.documents.len();
    let workers = rayon::current_num_threads().max(1);
    let block = block.max(1);
    /// A worker's accumulator and text cursor, once it has had work.
    type Slot<'c, A> = CachePadded<Mutex<Option<(A, TextCursor<'c>)>>>;
    let slots: Vec<Slot<'_, A>> = (0..workers)
        .map(|_| CachePadded::new(Mutex::new(None)))
        .collect();
    // One job per block (`with_max_len(1)`): left to itself, rayon hands a worker a run of
    // blocks it cannot share, and the other one waits idle at the end of the pass.
    (0..n.div_ceil(block))
        .into_par_iter()
        .with_max_len(1)
        .for_each(|b| {
            // Always a worker of the current pool: `for_each` runs its closure there.
            let w = rayon::current_thread_index().unwrap_or(0) % workers;
            let mut slot = slots[w].lock().unwrap_or_else(|e| e.into_inner());
            let (acc, texts) = slot.get_or_insert_with(|| (init(), corpus.cursor()));
            f(acc, texts, b, b * block..((b + 1) * block).min(n));
        });
    slots
        .into_iter()
        .filter_map(|s| {
            CachePadded::into_inner(s)
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
        })
        .map(|(acc, _)| acc)
        .collect()
}

/// The role of a token in statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A content word: a candidate term.
    Content,
    /// A stop word or an elided article: may sit inside an expression (`droit à l'erreur`).
    Function,
    /// Anything else (a person's name, a number, an acronym, an URL): ends any expression.
    Break,
}

/// How a content token is capitalised, to tell proper nouns from words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Lowercase, all capitals, or first word of a sentence: says nothing.
    Neutral,
    /// Capitalised (`Gironde`) inside a sentence.
    CapitalisedInside,
    /// Lowercase inside a sentence.
    LowerInside,
}

/// A token of a sentence.
#[derive(Debug, Clone, Copy)]
pub struct SentenceToken {
    /// Byte span in the document text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// Its role.
    pub role: Role,
    /// Its case, for content tokens.
    pub case: Case,
    /// The term id the resolver gave (for content and function tokens).
    pub term: u32,
    /// Whether a soft boundary (`:`, `;`, a parenthesis, a dash) comes before it: no expression
    /// spans it.
    pub soft: bool,
    /// Whether it is a word ([`TokenKind::Word`]: content, stop word or name alike), the unit
    /// in which a corpus's size is given to a reader.
    pub word: bool,
}

/// Where a sentence is.
#[derive(Debug, Clone)]
pub struct SentenceInfo {
    /// Its document.
    pub doc: DocId,
    /// Its section.
    pub section: SectionId,
    /// Its atelier-level unit.
    pub atelier: AtelierId,
    /// Its section's kind.
    pub kind: SectionKind,
    /// Byte span from its first to its last token, in the document text.
    pub span: Range<usize>,
}

/// Calls `f` for every sentence of the analysed blocks of `doc`, whose text is `text` (from a
/// [`TextCursor`]), with its tokens. `resolve` maps
/// a content or function token's surface to a term id (interning or look-up); a word written in
/// capitals is given with its accents restored (see [`crate::reference::restore_accents`]), any
/// other word as it is stemmed (`impots` as `impôts`, see [`crate::reference::stem_spelling`]).
pub fn for_each_sentence(
    corpus: &Corpus,
    analyzer: &Analyzer,
    doc: DocId,
    text: &str,
    mut resolve: impl FnMut(&str) -> u32,
    f: impl FnMut(&SentenceInfo, &[SentenceToken]),
) {
    for_each_sentence_cased(
        corpus,
        analyzer,
        doc,
        text,
        |surface, caps| resolve(crate::reference::counted_spelling(surface, caps)),
        f,
    );
}

/// Like [`for_each_sentence`], but `resolve` gets each surface exactly as written, with whether
/// it is written in capitals (`caps`): such a word often drops its accents (`SOUVERAINETE`), so
/// the resolver should stem `restore_accents(surface).unwrap_or(surface)` instead.
///
/// `resolve` must be a pure function of `(surface, caps)` and never return `u32::MAX`: the walk
/// asks it once per distinct surface and case and remembers the answer in its scratch (see
/// [`WalkScratch`]), so one scratch serves one resolver.
pub fn for_each_sentence_cased(
    corpus: &Corpus,
    analyzer: &Analyzer,
    doc: DocId,
    doc_text: &str,
    resolve: impl FnMut(&str, bool) -> u32,
    f: impl FnMut(&SentenceInfo, &[SentenceToken]),
) {
    let mut scratch = WalkScratch::default();
    for_each_sentence_with(&mut scratch, corpus, analyzer, doc, doc_text, resolve, f);
}

/// Scratch buffers of a walk, to reuse from document to document (a pass over many short
/// documents then allocates once, not once per document), and what the walk remembers of each
/// distinct word it met.
///
/// A walk looks every word up once, here: the answer says whether it is a stop word (the token
/// stream's tags are deferred, see [`crate::text::TokenStream::defer_stop_tags`]), whether it is
/// written in capitals, and the term ids the resolver gave it. The resolver and the stop list
/// are then asked once per distinct word, not once per token. Keep a scratch for one pass: the
/// term ids are the resolver's.
#[derive(Debug, Default)]
pub struct WalkScratch {
    tokens: TokenScratch,
    buf: Vec<SentenceToken>,
    /// Surface as written → index in `seen`.
    seen_ids: WordMap,
    seen: Vec<Seen>,
    lower: String,
    /// Where the walk writes its sentences down, if it does (see [`super::log`]).
    log: Option<LogWriter>,
    /// Scratch: the word reference of each token of the sentence, for the log.
    refs: Vec<u32>,
}

/// What a walk knows of a word, as written.
#[derive(Debug, Clone, Copy)]
struct Seen {
    /// The stop tag of a word token ([`Analyzer::is_stop_word`]).
    stop: bool,
    /// A word of at least two letters written in capitals.
    capitals: bool,
    /// Its term ids, as written and in capitals ([`UNRESOLVED`]: not asked yet).
    term: [u32; 2],
}

/// A term id not asked of the resolver yet.
const UNRESOLVED: u32 = u32::MAX;

impl WalkScratch {
    /// From now on, the walk writes its sentences down with `log` (see [`super::log`]). On a
    /// fresh scratch: the log numbers words as the walk's memory does from its first word.
    pub(crate) fn start_log(&mut self, log: LogWriter) {
        debug_assert!(self.seen.is_empty(), "a log starts with the walk's memory");
        self.log = Some(log);
    }

    /// The walk starts block `b` of documents (see [`fold_blocks`]).
    pub(crate) fn begin_block(&mut self, b: usize) {
        if let Some(log) = &mut self.log {
            log.begin_block(b);
        }
    }

    /// The walk ends its block of documents.
    pub(crate) fn end_block(&mut self) {
        if let Some(log) = &mut self.log {
            log.end_block();
        }
    }

    /// The log the walk wrote, if it wrote one, with the cases in which it resolved each word
    /// (bit 0: as written, bit 1: in capitals).
    pub(crate) fn take_log(&mut self) -> Option<(LogWriter, Vec<u8>)> {
        let log = self.log.take()?;
        let asked = self
            .seen
            .iter()
            .map(|s| u8::from(s.term[0] != UNRESOLVED) | u8::from(s.term[1] != UNRESOLVED) << 1)
            .collect();
        Some((log, asked))
    }

    /// What is known of `surface`, remembered on first sight (and written down in `log`, the
    /// walk's log while it walks a document).
    #[inline]
    fn seen(&mut self, analyzer: &Analyzer, surface: &str, log: &mut Option<LogWriter>) -> usize {
        if let Some(i) = self.seen_ids.get(surface) {
            return i as usize;
        }
        if let Some(log) = log {
            log.words.push(surface.into());
        }
        let i = self.seen.len();
        self.seen.push(Seen {
            // As the word is stemmed: `tres`, `etre`, `ca` are the stop words `très`, `être`, `ça`.
            stop: analyzer.is_stop_as_stemmed(surface, &mut self.lower),
            capitals: is_capitals(surface),
            term: [UNRESOLVED; 2],
        });
        self.seen_ids.insert(surface, i as u32);
        i
    }
}

/// [`for_each_sentence_cased`], with scratch buffers kept between calls.
pub fn for_each_sentence_with(
    scratch: &mut WalkScratch,
    corpus: &Corpus,
    analyzer: &Analyzer,
    doc: DocId,
    doc_text: &str,
    mut resolve: impl FnMut(&str, bool) -> u32,
    mut f: impl FnMut(&SentenceInfo, &[SentenceToken]),
) {
    let d = &corpus.documents[doc.index()];
    let mut buf = std::mem::take(&mut scratch.buf);
    buf.clear();
    let mut log = scratch.log.take();
    let mut refs = std::mem::take(&mut scratch.refs);
    refs.clear();
    let has_names = !corpus.name_parts().is_empty();
    // One token stream for the whole document, its scratch buffers reused block after block.
    let mut stream = analyzer.tokens_with("", std::mem::take(&mut scratch.tokens));
    stream.defer_stop_tags();
    for (pos, sid) in d.sections.iter().enumerate() {
        let s = &corpus.sections[sid.index()];
        if s.kind.is_names() {
            continue;
        }
        let mut info = SentenceInfo {
            doc,
            section: sid,
            atelier: s.atelier,
            kind: s.kind,
            span: 0..0,
        };
        for b in s.blocks.iter().filter(|b| b.furniture.is_none()) {
            let span = b.span.range();
            let base = span.start;
            let text = &doc_text[span];
            // A block written all in capitals (a heading-like line) says nothing about case.
            let shouting = !text.chars().any(char::is_lowercase);
            // Whether the sentence's first token is a capitalised content word.
            let mut first_capitalised = false;
            stream.restart(text);
            for t in &mut stream {
                // A run of text with no sentence end (a pasted page with no full stop) is cut
                // every `MAX_SENTENCE_TOKENS` tokens: the work on a sentence grows faster than
                // its length, and a quote must stay a quote.
                if (t.boundary == Boundary::Sentence || buf.len() >= MAX_SENTENCE_TOKENS)
                    && !buf.is_empty()
                {
                    flush(&mut info, &mut buf, &mut f, pos, &mut log, &mut refs);
                }
                let surface = &text[t.start..t.end];
                let first_upper = surface.chars().next().is_some_and(char::is_uppercase);
                let seen = match t.kind {
                    TokenKind::Word | TokenKind::Elision => {
                        Some(scratch.seen(analyzer, surface, &mut log))
                    }
                    _ => None,
                };
                let role = match t.kind {
                    TokenKind::Elision => Role::Function,
                    TokenKind::Word if seen.is_some_and(|i| scratch.seen[i].stop) => Role::Function,
                    TokenKind::Word if first_upper && has_names && is_name(corpus, surface) => {
                        Role::Break
                    }
                    TokenKind::Word => Role::Content,
                    _ => Role::Break,
                };
                let case = if role != Role::Content || shouting || t.boundary == Boundary::Sentence
                {
                    Case::Neutral
                } else if first_upper {
                    Case::CapitalisedInside
                } else {
                    Case::LowerInside
                };
                // A capitalised first word followed by a capitalised one is the first part of a
                // name (`Hervé Mariton`, the speaker line of a sitting): capitalised like it.
                if buf.len() == 1 && case == Case::CapitalisedInside && first_capitalised {
                    buf[0].case = Case::CapitalisedInside;
                }
                if buf.is_empty() {
                    first_capitalised = role == Role::Content && first_upper && !shouting;
                }
                let term = match seen {
                    Some(i) if role != Role::Break => {
                        let w = &mut scratch.seen[i];
                        let caps = shouting || w.capitals;
                        if log.is_some() {
                            refs.push(super::log::word_ref(i, caps));
                        }
                        let slot = &mut w.term[usize::from(caps)];
                        if *slot == UNRESOLVED {
                            *slot = resolve(surface, caps);
                            debug_assert_ne!(*slot, UNRESOLVED, "a term id is never u32::MAX");
                        }
                        *slot
                    }
                    _ => {
                        if log.is_some() {
                            refs.push(u32::MAX);
                        }
                        u32::MAX
                    }
                };
                buf.push(SentenceToken {
                    start: base + t.start,
                    end: base + t.end,
                    role,
                    case,
                    term,
                    soft: t.boundary == Boundary::Soft,
                    word: t.kind == TokenKind::Word,
                });
            }
            // A block (a line, a bullet) always ends a sentence.
            if !buf.is_empty() {
                flush(&mut info, &mut buf, &mut f, pos, &mut log, &mut refs);
            }
        }
    }
    if let Some(log) = &mut log {
        log.end_doc();
    }
    scratch.tokens = stream.into_scratch();
    scratch.buf = buf;
    scratch.log = log;
    scratch.refs = refs;
}

/// The most tokens (words, elisions, numbers, codes: punctuation is no token) a sentence is
/// given: a longer run with no sentence end is cut into sentences of this length. Real sentences are far shorter (the longest
/// of the shipped corpus has 101 tokens, of the bench corpora 142); a page pasted with no full
/// stop would otherwise be one sentence, whose co-occurrences and quote mean nothing, and whose
/// cost, for the theme pass, grows with the square of its length.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Gives a sentence to `f` (and writes it down in `log`, if any): `section` is the index of its
/// section among its document's, `refs` its tokens' word references.
fn flush(
    info: &mut SentenceInfo,
    buf: &mut Vec<SentenceToken>,
    f: &mut impl FnMut(&SentenceInfo, &[SentenceToken]),
    section: usize,
    log: &mut Option<LogWriter>,
    refs: &mut Vec<u32>,
) {
    info.span = buf[0].start..buf[buf.len() - 1].end;
    if let Some(log) = log {
        log.sentence(section, buf, refs);
        refs.clear();
    }
    f(info, buf);
    buf.clear();
}

/// Whether a capitalised word is part of a listed person's name (the corpus lists some).
fn is_name(corpus: &Corpus, surface: &str) -> bool {
    corpus.is_name_part(&surface.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Walks `doc` with `scratch`, resolving with `ids` (a pure function of surface and case,
    /// whoever asks) and counting the questions in `asked`; gives each token's span, role and
    /// term.
    fn walk(
        corpus: &Corpus,
        scratch: &mut WalkScratch,
        doc: DocId,
        ids: &mut std::collections::HashMap<(String, bool), u32>,
        asked: &mut std::collections::HashMap<(String, bool), u32>,
    ) -> Vec<(usize, usize, Role, u32)> {
        let analyzer = Analyzer::french();
        let mut out = Vec::new();
        for_each_sentence_with(
            scratch,
            corpus,
            &analyzer,
            doc,
            &corpus.text(doc),
            |surface, caps| {
                *asked.entry((surface.to_string(), caps)).or_default() += 1;
                let n = ids.len() as u32;
                *ids.entry((surface.to_string(), caps)).or_insert(n)
            },
            |_, toks| out.extend(toks.iter().map(|t| (t.start, t.end, t.role, t.term))),
        );
        out
    }

    /// The walk's memory of words changes nothing: one scratch over all the documents (last
    /// first) gives each token the role and term a fresh scratch gives, asks the resolver once
    /// per distinct surface and case, and keeps the cases apart (`A` in a line written in
    /// capitals, and in running text). Stop words are function words, other words content or
    /// breaks, as the analyser says of each word spelt as it is stemmed.
    #[test]
    fn the_walk_remembers_words_without_changing_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("casse.md"),
            "# Atelier casse\n\n## Discussion\n\n- POUR L'ÉTAT A VOIR\n- A la fin, l'État décide.\n",
        )
        .unwrap();
        for root in [Path::new("corpus"), dir.path()] {
            let corpus = Corpus::load(root).unwrap();
            let analyzer = Analyzer::french();
            let mut ids = Default::default();
            let mut asked = Default::default();
            let mut shared = WalkScratch::default();
            for d in (0..corpus.documents.len() as u32).rev().map(DocId) {
                let remembered = walk(&corpus, &mut shared, d, &mut ids, &mut asked);
                let fresh = walk(
                    &corpus,
                    &mut WalkScratch::default(),
                    d,
                    &mut ids,
                    &mut Default::default(),
                );
                assert_eq!(
                    remembered,
                    fresh,
                    "{}",
                    corpus.documents[d.index()].path.display()
                );
                let text = corpus.text(d);
                let mut lower = String::new();
                for &(a, b, role, _) in &remembered {
                    let surface = &text[a..b];
                    // Spelt as it is stemmed (`ETANT` is the stop word `étant`).
                    let spelling = crate::reference::stem_spelling(surface);
                    let stop = analyzer.is_stop_word(spelling, &mut lower);
                    match role {
                        Role::Content => assert!(!stop, "{surface}"),
                        Role::Function => assert!(
                            stop || analyzer
                                .tokens(surface)
                                .any(|t| t.kind == TokenKind::Elision),
                            "{surface}"
                        ),
                        Role::Break => {}
                    }
                }
            }
            assert!(!asked.is_empty());
            for (key, n) in &asked {
                assert_eq!(*n, 1, "{key:?} asked {n} times");
            }
            if root == dir.path() {
                assert!(asked.contains_key(&("A".to_string(), true)), "{asked:?}");
                assert!(asked.contains_key(&("A".to_string(), false)), "{asked:?}");
            }
        }
    }

    /// Every document is folded exactly once, with its own text, whatever the thread count, and
    /// there is at most one accumulator per worker.
    #[test]
    fn fold_per_worker_sees_each_document_once() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        for threads in [1, 2, 5] {
            let accs = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    fold_per_worker(&corpus, Vec::new, |seen: &mut Vec<(DocId, usize)>, d, t| {
                        assert_eq!(t, corpus.text(d));
                        seen.push((d, t.len()));
                    })
                });
            assert!(!accs.is_empty() && accs.len() <= threads, "{}", accs.len());
            let mut seen: Vec<DocId> = accs.into_iter().flatten().map(|(d, _)| d).collect();
            seen.sort();
            let all: Vec<DocId> = (0..corpus.documents.len() as u32).map(DocId).collect();
            assert_eq!(seen, all, "{threads} threads");
        }
    }

    /// A line with no sentence end (a page pasted without full stops) is cut into sentences of
    /// at most `MAX_SENTENCE_TOKENS` tokens, none lost; a real sentence is left whole.
    #[test]
    fn a_run_without_sentence_end_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let phrase = "les élus et les citoyens parlent de la posture du manager, ";
        let line = phrase.repeat(60);
        std::fs::write(
            dir.path().join("long.md"),
            format!(
                "# Atelier long\n\n## Discussion\n\n{line}\n\n- Une phrase courte. Une autre.\n"
            ),
        )
        .unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        let analyzer = Analyzer::french();
        let text = corpus.text(DocId(0));
        let at = text.find(&line).unwrap();
        let in_line = at..at + line.len();
        let (mut long, mut other) = (Vec::new(), Vec::new());
        for_each_sentence(
            &corpus,
            &analyzer,
            DocId(0),
            &text,
            |_| 0,
            |info, toks| {
                assert_eq!(info.span, toks[0].start..toks[toks.len() - 1].end);
                let spans: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
                if in_line.contains(&info.span.start) {
                    assert!(info.span.end <= in_line.end);
                    long.push(spans);
                } else {
                    other.push(spans);
                }
            },
        );
        // Eleven words a phrase (a comma is no token).
        let lengths: Vec<usize> = long.iter().map(Vec::len).collect();
        let m = MAX_SENTENCE_TOKENS;
        assert_eq!(lengths, [m, m, 60 * 11 - 2 * m], "cut, none lost");
        let all = long.concat();
        assert!(
            all.windows(2).all(|w| w[0].1 <= w[1].0),
            "in order, none twice"
        );
        let short: Vec<usize> = other.iter().map(Vec::len).collect();
        assert_eq!(
            short[short.len() - 2..],
            [3, 2],
            "« Une phrase courte. », « Une autre. »"
        );
    }
}
