//! The second pass over the corpus: where each candidate theme occurs.
//!
//! Given candidate themes as patterns (a stem, or a sequence of stems for an expression), this
//! pass finds every occurrence, sentence by sentence, and gathers what ranking, evidence and
//! graphs need: counts per atelier and section kind, surface forms, the sentences in which each
//! pair of themes meets, and for each theme the best sentences to quote. It runs in parallel with
//! mergeable accumulators and keeps a bounded number of quotes per theme, so memory does not grow
//! with the corpus.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::corpus::{AtelierId, Corpus, DocId, SectionId, SectionKind};
use crate::stats::kind_index;
use crate::stats::walk::{Role, SentenceInfo, SentenceToken, for_each_sentence};
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
    /// Byte spans of the theme's occurrences, in the document text.
    pub hits: Vec<Range<usize>>,
    /// How many other candidate themes the sentence holds.
    pub others: u32,
}

impl Quote {
    /// Ranking key: synthesis and ideas first, then sentences that hold more other themes, then
    /// corpus order. A total order, so the choice never depends on thread scheduling.
    fn key(&self) -> QuoteKey {
        key_of(self.kind, self.others, self.doc, self.span.start)
    }
}

/// Ranking key of a quote: synthesis and ideas first, then sentences that hold more other
/// themes, then corpus order. A total order, so the choice never depends on thread scheduling.
fn key_of(kind: SectionKind, others: u32, doc: DocId, start: usize) -> QuoteKey {
    let priority = match kind {
        SectionKind::Synthese => 0,
        SectionKind::Idees => 1,
        SectionKind::Question => 2,
        SectionKind::Discussion => 3,
        SectionKind::Other => 4,
        _ => 5,
    };
    (priority, std::cmp::Reverse(others), doc, start)
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
    /// For a word: how many of its occurrences lie inside each expression candidate.
    pub covered_by: BTreeMap<u32, u64>,
    /// Sentences it occurs in.
    pub sentences: u64,
    /// The best sentences to quote, best first.
    pub quotes: Vec<Quote>,
    last_doc: Option<u32>,
    gate: Option<(QuoteKey, Vec<AtelierId>)>,
}

/// Everything the pass found.
#[derive(Debug, Clone, Default)]
pub struct Occurrences {
    /// Per candidate, in candidate order.
    pub found: Vec<Found>,
    /// Sentences in which each pair of candidates (lower index first) occurs together.
    pub pairs: BTreeMap<(u32, u32), u64>,
    /// The same while counting (a hash map: cheaper to update, sorted at the end).
    counting: FxHashMap<(u32, u32), u64>,
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

/// Finds all occurrences of the candidates.
pub fn find(
    corpus: &Corpus,
    analyzer: &Analyzer,
    vocab: &Vocab,
    candidates: &[Patterns],
    plan: &Plan<'_>,
) -> Occurrences {
    let Plan {
        is_expression,
        pairable,
        quotes_per_theme,
        window,
    } = *plan;
    let mut single: FxHashMap<StemId, Vec<u32>> = FxHashMap::default();
    let mut multi: FxHashMap<StemId, Vec<(u32, &[StemId])>> = FxHashMap::default();
    for (i, pats) in candidates.iter().enumerate() {
        for p in pats {
            match p.len() {
                0 => {}
                1 => single.entry(p[0]).or_default().push(i as u32),
                _ => multi
                    .entry(p[0])
                    .or_default()
                    .push((i as u32, p.as_slice())),
            }
        }
    }
    let index = Index {
        single,
        multi,
        is_expression,
        n: candidates.len(),
        quotes: quotes_per_theme,
        window,
        pairable,
    };
    let mut occ = (0..corpus.documents.len())
        .into_par_iter()
        .with_min_len(crate::stats::walk::fold_min_len(corpus.documents.len()))
        .fold(
            || Acc::new(&index),
            |mut acc, d| {
                acc.document(corpus, analyzer, vocab, &index, DocId(d as u32));
                acc
            },
        )
        .reduce(|| Acc::new(&index), |a, b| a.merge(b, &index))
        .occ;
    for f in &mut occ.found {
        keep_best(&mut f.quotes, quotes_per_theme);
    }
    occ.pairs = std::mem::take(&mut occ.counting).into_iter().collect();
    occ
}

struct Index<'a> {
    single: FxHashMap<StemId, Vec<u32>>,
    multi: FxHashMap<StemId, Vec<(u32, &'a [StemId])>>,
    is_expression: &'a [bool],
    n: usize,
    quotes: usize,
    window: Option<usize>,
    pairable: &'a [bool],
}

struct Acc {
    occ: Occurrences,
    cache: StemCache,
    ids: FxHashMap<Box<str>, u32>,
}

fn add_atelier(list: &mut Vec<(AtelierId, u32)>, a: AtelierId, n: u32) {
    match list.binary_search_by_key(&a, |(id, _)| *id) {
        Ok(i) => list[i].1 += n,
        Err(i) => list.insert(i, (a, n)),
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

/// Prunes a partial list of quotes without changing the final choice: keeps the `max` best
/// quotes overall and the best quote of the `max` best ateliers (whatever the final choice takes
/// from this part is among them), in rank order. Returns the gate: the worst kept key and the
/// ateliers kept — a later quote worse than the gate, from a kept atelier, can never be chosen.
fn prune(quotes: &mut Vec<Quote>, max: usize) -> Option<(QuoteKey, Vec<AtelierId>)> {
    quotes.sort_by_key(Quote::key);
    let mut seen: Vec<AtelierId> = Vec::new();
    let mut keep = Vec::with_capacity(max * 2);
    for (i, q) in quotes.drain(..).enumerate() {
        let first_of_atelier = !seen.contains(&q.atelier);
        if first_of_atelier && seen.len() < max {
            seen.push(q.atelier);
            keep.push(q);
        } else if i < max {
            keep.push(q);
        }
    }
    *quotes = keep;
    // The `max` best quotes overall are kept; any later quote worse than all of them, from an
    // atelier that already has a better one, comes after them in the final choice: it is cut,
    // however few ateliers there are (a corpus without ateliers has only one).
    (max > 0 && quotes.len() >= max)
        .then(|| (quotes.last().map(Quote::key).expect("non-empty"), seen))
}

type QuoteKey = (u8, std::cmp::Reverse<u32>, DocId, usize);

impl Acc {
    fn new(index: &Index<'_>) -> Self {
        Acc {
            occ: Occurrences {
                found: vec![Found::default(); index.n],
                ..Occurrences::default()
            },
            cache: StemCache::new(),
            ids: FxHashMap::default(),
        }
    }

    fn document(
        &mut self,
        corpus: &Corpus,
        analyzer: &Analyzer,
        vocab: &Vocab,
        index: &Index<'_>,
        doc: DocId,
    ) {
        let text = &corpus.documents[doc.index()].text;
        let Acc { occ, cache, ids } = self;
        let mut hits: Vec<(u32, usize, usize)> = Vec::new();
        for_each_sentence(
            corpus,
            analyzer,
            doc,
            |surface| {
                if let Some(&id) = ids.get(surface) {
                    return id;
                }
                let id = vocab.get(cache.stem(surface)).map_or(u32::MAX, |s| s.0);
                ids.insert(surface.into(), id);
                id
            },
            |info: &SentenceInfo, toks: &[SentenceToken]| {
                occ.sentences += 1;
                hits.clear();
                match_sentence(index, toks, &mut hits);
                if hits.is_empty() {
                    return;
                }
                // Words covered by an expression found in the same sentence.
                let spans: Vec<(u32, usize, usize)> = hits
                    .iter()
                    .filter(|(c, _, _)| index.is_expression[*c as usize])
                    .copied()
                    .collect();
                let mut present: Vec<u32> = hits.iter().map(|h| h.0).collect();
                present.sort_unstable();
                present.dedup();
                let kind = kind_index(info.kind);
                let w = u64::from(crate::stats::walk::section_weight_quarters(info.kind));
                for &(c, a, b) in &hits {
                    let f = &mut occ.found[c as usize];
                    f.count += 1;
                    f.weight_quarters += w;
                    if f.last_doc != Some(doc.0) {
                        f.last_doc = Some(doc.0);
                        f.documents += 1;
                    }
                    add_atelier(&mut f.by_atelier, info.atelier, 1);
                    add_atelier(&mut f.weights_by_atelier, info.atelier, w as u32);
                    f.by_kind[kind] += 1;
                    let surface = &text[toks[a].start..toks[b - 1].end];
                    let plain = !surface.contains(|c: char| c.is_whitespace() && c != ' ')
                        && !surface.contains("  ");
                    if plain && let Some(n) = f.forms.get_mut(surface) {
                        *n += 1;
                    } else {
                        let form = if plain {
                            surface.to_string()
                        } else {
                            surface.split_whitespace().collect::<Vec<_>>().join(" ")
                        };
                        *f.forms.entry(form).or_default() += 1;
                    }
                    if !index.is_expression[c as usize] {
                        let mut covering: Vec<u32> = spans
                            .iter()
                            .filter(|&&(_, x, y)| x <= a && b <= y)
                            .map(|&(e, _, _)| e)
                            .collect();
                        covering.dedup();
                        for e in covering {
                            *f.covered_by.entry(e).or_default() += 1;
                        }
                    }
                }
                for (k, &c) in present.iter().enumerate() {
                    let f = &mut occ.found[c as usize];
                    f.sentences += 1;
                    let others = (present.len() - 1) as u32;
                    let hopeless = f.gate.as_ref().is_some_and(|(worst, ateliers)| {
                        key_of(info.kind, others, doc, info.span.start) > *worst
                            && ateliers.contains(&info.atelier)
                    });
                    if !hopeless {
                        let own: Vec<Range<usize>> = hits
                            .iter()
                            .filter(|h| h.0 == c)
                            .map(|&(_, a, b)| toks[a].start..toks[b - 1].end)
                            .collect();
                        f.quotes.push(Quote {
                            doc,
                            section: info.section,
                            atelier: info.atelier,
                            kind: info.kind,
                            span: info.span.clone(),
                            hits: own,
                            others,
                        });
                        if f.quotes.len() > index.quotes * 4 {
                            f.gate = prune(&mut f.quotes, index.quotes);
                        }
                    }
                    if !index.pairable[c as usize] {
                        continue;
                    }
                    for &d in &present[k + 1..] {
                        if !index.pairable[d as usize] {
                            continue;
                        }
                        if let Some(n) = index.window
                            && !within(toks, &hits, c, d, n)
                        {
                            continue;
                        }
                        *occ.counting.entry((c, d)).or_default() += 1;
                    }
                }
            },
        );
    }

    fn merge(mut self, other: Acc, index: &Index<'_>) -> Acc {
        self.occ.sentences += other.occ.sentences;
        for (a, b) in self.occ.found.iter_mut().zip(other.occ.found) {
            a.count += b.count;
            a.weight_quarters += b.weight_quarters;
            a.documents += b.documents;
            for (at, n) in b.by_atelier {
                add_atelier(&mut a.by_atelier, at, n);
            }
            for (at, n) in b.weights_by_atelier {
                add_atelier(&mut a.weights_by_atelier, at, n);
            }
            for k in 0..8 {
                a.by_kind[k] += b.by_kind[k];
            }
            for (f, n) in b.forms {
                *a.forms.entry(f).or_default() += n;
            }
            for (e, n) in b.covered_by {
                *a.covered_by.entry(e).or_default() += n;
            }
            a.sentences += b.sentences;
            a.quotes.extend(b.quotes);
            a.gate = prune(&mut a.quotes, index.quotes);
        }
        for (k, n) in other.occ.counting {
            *self.occ.counting.entry(k).or_default() += n;
        }
        self
    }
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
fn match_sentence(index: &Index<'_>, toks: &[SentenceToken], out: &mut Vec<(u32, usize, usize)>) {
    for i in 0..toks.len() {
        let t = &toks[i];
        if t.role != Role::Content || t.term == u32::MAX {
            continue;
        }
        let stem = StemId(t.term);
        if let Some(cands) = index.single.get(&stem) {
            for &c in cands {
                out.push((c, i, i + 1));
            }
        }
        if let Some(cands) = index.multi.get(&stem) {
            'pattern: for &(c, pat) in cands {
                let end = i + pat.len();
                if end > toks.len() {
                    continue;
                }
                for (k, &s) in pat.iter().enumerate().skip(1) {
                    let u = &toks[i + k];
                    if u.role == Role::Break || u.soft || u.term != s.0 {
                        continue 'pattern;
                    }
                }
                out.push((c, i, end));
            }
        }
    }
    // One occurrence per candidate and start token (a lexicon theme may list overlapping terms).
    out.sort_unstable();
    out.dedup_by(|a, b| a.0 == b.0 && a.1 < b.2 && b.1 < a.2);
}
