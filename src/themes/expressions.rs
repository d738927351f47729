//! Multi-word expressions found in the corpus itself.
//!
//! Candidates are the word sequences counted by [`crate::stats`]: 2 to 4 tokens, a content word
//! first and last, at most two function words inside (`droit à l'erreur`, `capacité d'agir`,
//! `participation citoyenne`, `théorie U`). A candidate is an expression when it recurs
//! (`min_expression_count`) and its first and last content words hold together:
//!
//! - normalised pointwise mutual information `NPMI = ln(p(xy) / (p(x) p(y))) / −ln p(xy)` of at
//!   least 0.3, with probabilities over content tokens;
//! - log-likelihood G² of the 2×2 table (sequence / first word alone / last word alone / rest)
//!   of at least 10.83 (p < 0.001).
//!
//! A shorter expression contained in a longer one that accounts for most of its occurrences is
//! dropped (the longer one says it).

use crate::stats::measures::{G2_CRITICAL_0_001, g2};
use crate::stats::{GramStats, StemSeq, TermStats};
use crate::vocab::StemId;
use rayon::prelude::*;

use super::ThemeOptions;

/// Minimum NPMI of an expression.
pub const MIN_NPMI: f64 = 0.3;

/// A selected expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// All its stems, function words included.
    pub stems: Vec<StemId>,
    /// Its content stems.
    pub content: Vec<StemId>,
    /// Occurrences.
    pub count: u32,
    /// Documents it occurs in.
    pub documents: u32,
    /// NPMI of its first and last content words.
    pub npmi: f64,
    /// G² of the same.
    pub g2: f64,
}

/// Selects the expressions of a corpus, in stem order.
pub fn select(stats: &TermStats, opts: &ThemeOptions) -> Vec<Expression> {
    let n = stats.totals.content_tokens as f64;
    if n <= 0.0 {
        return Vec::new();
    }
    // Each stem's count as a content word, in a table of its own: looked up twice per gram (over
    // a million grams on a 100 MB corpus), it stays in cache where the stems' statistics do not.
    let counts: Vec<u64> = stats.stems.par_iter().map(|s| s.count).collect();
    // One gram after another, in parallel (rayon keeps their order).
    let mut out: Vec<Expression> = stats
        .grams
        .par_iter()
        .filter_map(|g| expression(&counts, opts, n, g))
        .collect();
    // The largest count of a longer expression containing each shorter sequence: every
    // sequence inside an expression that may be an expression itself (content words first and
    // last, as every gram), with that expression's count, sorted in parallel (140,000
    // expressions on a 100 MB corpus), the largest count first for each sequence (sequences
    // held inline: no pointer to follow at each comparison).
    let content = &|s: &StemId| counts[s.index()] > 0;
    let mut inside: Vec<(StemSeq, u32)> = out
        .par_iter()
        .flat_map_iter(|e| {
            (2..e.stems.len()).flat_map(move |len| {
                e.stems
                    .windows(len)
                    .filter(|w| content(&w[0]) && content(&w[w.len() - 1]))
                    .map(move |w| (StemSeq::new(w.iter().copied()), e.count))
            })
        })
        .collect();
    inside.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    inside.dedup_by(|later, first| later.0 == first.0);
    let keep: Vec<bool> = out
        .par_iter()
        .map(|e| {
            inside
                .binary_search_by(|(w, _)| w.as_slice().cmp(e.stems.as_slice()))
                .map_or(true, |i| f64::from(inside[i].1) < 0.8 * f64::from(e.count))
        })
        .collect();
    drop(inside);
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(false));
    out
}

/// The expression a gram is, if it is one: at least `min_expression_count` times, two or more
/// stems, not starting and ending with the same one, associated (NPMI, G²) above the thresholds.
/// `counts` are the stems' counts as content words, `n` their sum.
fn expression(counts: &[u64], opts: &ThemeOptions, n: f64, g: &GramStats) -> Option<Expression> {
    if g.count < opts.min_expression_count || g.stems.len() < 2 {
        return None;
    }
    let (x, y) = (g.stems[0], g.stems[g.stems.len() - 1]);
    if x == y {
        return None;
    }
    let (cx, cy) = (counts[x.index()] as f64, counts[y.index()] as f64);
    let a = f64::from(g.count);
    let pxy = a / n;
    let npmi = if pxy >= 1.0 {
        1.0
    } else {
        (pxy / ((cx / n) * (cy / n))).ln() / -pxy.ln()
    };
    // Most grams fail here: G² (four logarithms) is computed only for those that pass.
    if npmi < MIN_NPMI {
        return None;
    }
    let b = (cx - a).max(0.0);
    let c = (cy - a).max(0.0);
    let d = (n - a - b - c).max(0.0);
    let g2 = g2(a, b, c, d);
    // Its content words, for the expressions kept only (most grams are not).
    let content = || -> Vec<StemId> {
        g.stems
            .iter()
            .enumerate()
            .filter(|&(i, s)| i == 0 || i == g.stems.len() - 1 || counts[s.index()] > 0)
            .map(|(_, &s)| s)
            .collect()
    };
    (g2 >= G2_CRITICAL_0_001).then(|| Expression {
        stems: g.stems.to_vec(),
        content: content(),
        count: g.count,
        documents: g.documents,
        npmi,
        g2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::text::Analyzer;

    /// On the shipped corpus and the Assembly debates: every gram that passes the thresholds is
    /// selected unless a longer one that passes holds it and accounts for at least 80 % of its
    /// occurrences; some are dropped so; the selection is in stem order.
    #[test]
    fn expressions_held_by_a_longer_one_are_dropped() {
        for path in ["corpus", "../shared/data/bench/debats-an-2013"] {
            check_held_are_dropped(std::path::Path::new(path));
        }
    }

    fn check_held_are_dropped(path: &std::path::Path) {
        let corpus = Corpus::load(path).unwrap();
        let stats = TermStats::collect(&corpus, &Analyzer::french());
        let opts = ThemeOptions::default();
        let selected = select(&stats, &opts);
        assert!(selected.windows(2).all(|w| w[0].stems < w[1].stems));
        let counts: Vec<u64> = stats.stems.iter().map(|s| s.count).collect();
        let n = stats.totals.content_tokens as f64;
        let passing: Vec<Expression> = stats
            .grams
            .iter()
            .filter_map(|g| expression(&counts, &opts, n, g))
            .collect();
        let holds = |long: &Expression, short: &Expression| {
            long.stems.len() > short.stems.len()
                && long
                    .stems
                    .windows(short.stems.len())
                    .any(|w| w == short.stems)
        };
        let mut dropped = 0;
        for e in &passing {
            let held = passing
                .iter()
                .any(|l| holds(l, e) && f64::from(l.count) >= 0.8 * f64::from(e.count));
            assert_eq!(selected.contains(e), !held, "{:?}", e.stems);
            dropped += usize::from(held);
        }
        assert!(
            dropped > 0 && selected.len() > 10,
            "{dropped} {}",
            selected.len()
        );
    }
}
