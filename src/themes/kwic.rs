//! Keyword in context: a concordance of any word or expression.
//!
//! The query goes through the same analyser as the notes, so `postures` finds `posture` and
//! `droits à l'erreur` finds `droit à l'erreur`. What is no word of a theme is found as written,
//! whatever its case: an acronym or a code (`CNFPT`, `DGS`, `CO2`), a listed person's name in
//! running text. Only analysed text is searched (no page furniture, no lists of names).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::corpus::{Corpus, DocId};
use crate::stats::walk::{Role, for_each_sentence};
use crate::text::{Analyzer, StemCache, TokenKind};

/// One line of a concordance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KwicLine {
    /// Text before the match (at most `width` characters, white space collapsed).
    pub left: String,
    /// The match as written.
    pub keyword: String,
    /// Text after the match.
    pub right: String,
    /// Event key.
    pub event: String,
    /// Atelier label, with its event.
    pub atelier: String,
    /// Atelier key, as every export gives it (`forum-2020/atelier-1`), to join with them.
    pub atelier_key: String,
    /// Section kind.
    pub section: String,
    /// `file:line`.
    pub location: String,
}

/// The term id of a word the query does not hold (the query's words are numbered from 0).
const NOT_WANTED: u32 = u32::MAX - 1;

/// One token of a query.
struct Wanted {
    /// A word's stem (matched through the analyser), if it is a word.
    stem: Option<String>,
    /// Whether the word is a function word (a stop word, an elided article): it matches only
    /// function words of its stem, and a content word only content words (`autrement` is not
    /// `autres`, though they share a stem), as the themes count them.
    function: bool,
    /// The token as written, lowercase: what a token that is no word of a theme (an acronym,
    /// a code, a name) must read.
    literal: String,
}

/// Finds every occurrence of `query` (a word or an expression) in the corpus, in corpus order.
/// Returns an empty list when the query holds no word.
pub fn kwic(corpus: &Corpus, analyzer: &Analyzer, query: &str, width: usize) -> Vec<KwicLine> {
    let mut cache = StemCache::new();
    let mut lower = String::new();
    let wanted: Vec<Wanted> = analyzer
        .phrase_spellings(query)
        .map(|(t, word)| Wanted {
            stem: matches!(t.kind, TokenKind::Word | TokenKind::Elision)
                .then(|| cache.stem(word).to_string()),
            function: t.kind == TokenKind::Elision
                || (t.kind == TokenKind::Word && analyzer.is_stop_word(word, &mut lower)),
            literal: query[t.start..t.end].to_lowercase(),
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    (0..corpus.documents.len())
        .into_par_iter()
        .map_init(
            || corpus.cursor(),
            |texts, d| {
                let text = texts.get(&corpus.documents[d].text);
                search(corpus, analyzer, DocId(d as u32), text, &wanted, width)
            },
        )
        .flatten_iter()
        .collect()
}

fn search(
    corpus: &Corpus,
    analyzer: &Analyzer,
    doc: DocId,
    text: &str,
    wanted: &[Wanted],
    width: usize,
) -> Vec<KwicLine> {
    let mut cache = StemCache::new();
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let want: Vec<u32> = wanted
        .iter()
        .map(|w| match &w.stem {
            Some(stem) => {
                let n = ids.len() as u32;
                *ids.entry(stem.clone()).or_insert(n)
            }
            None => NOT_WANTED,
        })
        .collect();
    let d = &corpus.documents[doc.index()];
    let mut out = Vec::new();
    for_each_sentence(
        corpus,
        analyzer,
        doc,
        text,
        |surface| {
            let stem = cache.stem(surface);
            // Any id but the walk's reserved `u32::MAX` (see `for_each_sentence_cased`).
            ids.get(stem).copied().unwrap_or(NOT_WANTED)
        },
        |info, toks| {
            for i in 0..toks.len() {
                let end = i + want.len();
                if end > toks.len() {
                    break;
                }
                let hit = toks[i..end]
                    .iter()
                    .zip(want.iter().zip(wanted))
                    .enumerate()
                    .all(|(k, (t, (&w, wanted)))| {
                        let same = if t.role == Role::Break {
                            text[t.start..t.end].to_lowercase() == wanted.literal
                        } else {
                            w != NOT_WANTED
                                && t.term == w
                                && (t.role == Role::Function) == wanted.function
                        };
                        same && (k == 0 || !t.soft)
                    });
                if !hit {
                    continue;
                }
                let (s, e) = (toks[i].start, toks[end - 1].end);
                let section = &corpus.sections[info.section.index()];
                out.push(KwicLine {
                    left: context_left(&text[..s], width),
                    keyword: text[s..e].to_string(),
                    right: context_right(&text[e..], width),
                    event: corpus.event_of(info.atelier).key.clone(),
                    atelier: corpus.atelier_display(info.atelier),
                    atelier_key: corpus.ateliers[info.atelier.index()].key.clone(),
                    section: section.kind.as_str().to_string(),
                    location: format!(
                        "{}:{}",
                        d.path.display(),
                        d.line.map_or_else(
                            || 1 + text[..s].matches('\n').count(),
                            |l| l.get() as usize
                        )
                    ),
                });
            }
        },
    );
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn context_left(before: &str, width: usize) -> String {
    let start = before
        .char_indices()
        .rev()
        .nth(width * 2)
        .map_or(0, |(i, _)| i);
    let c = collapse(&before[start..]);
    let n = c.chars().count();
    let mut out: String = c.chars().skip(n.saturating_sub(width)).collect();
    if n > width || !before[..start].trim().is_empty() {
        out.insert(0, '…');
    }
    if !out.is_empty() && before.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    out
}

fn context_right(after: &str, width: usize) -> String {
    let end = after
        .char_indices()
        .nth(width * 2)
        .map_or(after.len(), |(i, _)| i);
    let c = collapse(&after[..end]);
    let mut out: String = c.chars().take(width).collect();
    if c.chars().count() > width {
        out.push('…');
    }
    if after.starts_with(char::is_whitespace) {
        out.insert(0, ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The space between the context and the keyword is kept, whether or not the context was
    /// cut (`la[sécurité]` lost it when the document began within the width).
    #[test]
    fn the_left_context_keeps_its_space_cut_or_not() {
        assert_eq!(context_left("et la ", 50), "et la ");
        assert_eq!(
            context_left("La confiance des élus et la ", 50),
            "La confiance des élus et la "
        );
        assert_eq!(context_left("l'", 50), "l'");
        assert_eq!(context_left("", 50), "");
        let long = "mot ".repeat(40);
        let cut = context_left(&long, 10);
        assert!(cut.starts_with('…') && cut.ends_with(" mot "), "{cut:?}");
        assert_eq!(cut.chars().count(), 12);
        // Much whitespace before the last words: still cut, and said so.
        let spaced = format!("début{}fin ", " ".repeat(200));
        assert_eq!(context_left(&spaced, 10), "…fin ");
    }

    #[test]
    fn the_right_context_keeps_its_space() {
        assert_eq!(context_right(" des gens", 50), " des gens");
        assert_eq!(context_right("s des gens", 50), "s des gens");
        assert_eq!(context_right(" un deux trois", 6), " un deu…");
    }
}
