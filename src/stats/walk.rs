//! Walking a document sentence by sentence, with each token's role and term id.
//!
//! Both statistics passes (counting, then finding themes) see the text the same way through this
//! walker: only analysed blocks (no page furniture, no lists of names), sentences cut at hard
//! boundaries, each token classified as a content word, a function word, or a break (a name, a
//! number, an URL… that no expression may span).

use std::ops::Range;

use crate::corpus::{AtelierId, Corpus, DocId, SectionId, SectionKind};
use crate::text::{Analyzer, Boundary, TokenKind, TokenScratch};

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

/// The smallest share of documents a parallel pass gives one accumulator: about four shares per
/// worker, at least 64 documents; one share when there is one worker. Each accumulator holds its
/// own interner and maps, and merging them costs about as much as filling them: few large shares
/// beat many small ones.
pub(crate) fn fold_min_len(documents: usize) -> usize {
    match rayon::current_num_threads() {
        1 => documents.max(1),
        n => documents.div_ceil(4 * n).max(64),
    }
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
/// [`TextCursor`](crate::corpus::TextCursor)), with its tokens. `resolve` maps
/// a content or function token's surface to a term id (interning or look-up); a word written in
/// capitals is given with its accents restored (see [`crate::reference::restore_accents`]).
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
        |surface, caps| {
            if caps {
                resolve(crate::reference::restore_accents(surface).unwrap_or(surface))
            } else {
                resolve(surface)
            }
        },
        f,
    );
}

/// Like [`for_each_sentence`], but `resolve` gets each surface exactly as written, with whether
/// it is written in capitals (`caps`): such a word often drops its accents (`SOUVERAINETE`), so
/// the resolver should stem `restore_accents(surface).unwrap_or(surface)` instead.
///
/// The term id is then a pure function of `(surface, caps)`, so a resolver can cache it under
/// the surface as written, and restore accents only on a cache miss.
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
/// documents then allocates once, not once per document).
#[derive(Debug, Default)]
pub struct WalkScratch {
    tokens: TokenScratch,
    buf: Vec<SentenceToken>,
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
    let has_names = !corpus.name_parts().is_empty();
    // One token stream for the whole document, its scratch buffers reused block after block.
    let mut stream = analyzer.tokens_with("", std::mem::take(&mut scratch.tokens));
    for sid in &d.sections {
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
            stream.restart(text);
            for t in &mut stream {
                if t.boundary == Boundary::Sentence && !buf.is_empty() {
                    flush(&mut info, &mut buf, &mut f);
                }
                let surface = &text[t.start..t.end];
                let first_upper = surface.chars().next().is_some_and(char::is_uppercase);
                let role = match t.kind {
                    TokenKind::Elision => Role::Function,
                    TokenKind::Word if t.stop => Role::Function,
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
                let term = if role == Role::Break {
                    u32::MAX
                } else {
                    let caps = shouting || is_capitals(surface);
                    resolve(surface, caps)
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
                flush(&mut info, &mut buf, &mut f);
            }
        }
    }
    scratch.tokens = stream.into_scratch();
    scratch.buf = buf;
}

fn flush(
    info: &mut SentenceInfo,
    buf: &mut Vec<SentenceToken>,
    f: &mut impl FnMut(&SentenceInfo, &[SentenceToken]),
) {
    info.span = buf[0].start..buf[buf.len() - 1].end;
    f(info, buf);
    buf.clear();
}

/// A word of at least two letters written in capitals.
fn is_capitals(surface: &str) -> bool {
    // Most words start in lowercase: the lowercase test usually stops at the first letter.
    !surface.chars().any(char::is_lowercase)
        && surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Whether a capitalised word is part of a listed person's name (the corpus lists some).
fn is_name(corpus: &Corpus, surface: &str) -> bool {
    corpus.is_name_part(&surface.to_lowercase())
}
