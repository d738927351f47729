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
//! All of them are candidates, a shorter one inside a longer one too: whether the longer one
//! says it (holds at least 80 % of its occurrences and recurs) is known only once occurrences are
//! counted by atelier, and is decided when themes are ranked (see [`super`]). A shorter one that
//! a longer one holds by their counts is marked ([`Expression::held_by`]), so that it does not
//! take the place of another in the first cut of candidates.

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
    /// The longer expression that holds it, if one does: counted at least 80 % as often, the
    /// most often of those that contain it.
    pub held_by: Option<Vec<StemId>>,
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
    // The longer expression with the largest count containing each shorter sequence: every
    // sequence inside an expression that may be an expression itself (content words first and
    // last, as every gram), with that expression's count and place, sorted in parallel (140,000
    // expressions on a 100 MB corpus), the largest count first for each sequence (sequences
    // held inline: no pointer to follow at each comparison).
    let content = &|s: &StemId| counts[s.index()] > 0;
    let mut inside: Vec<(StemSeq, u32, u32)> = out
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, e)| {
            (2..e.stems.len()).flat_map(move |len| {
                e.stems
                    .windows(len)
                    .filter(|w| content(&w[0]) && content(&w[w.len() - 1]))
                    .map(move |w| (StemSeq::new(w.iter().copied()), e.count, i as u32))
            })
        })
        .collect();
    inside.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    inside.dedup_by(|later, first| later.0 == first.0);
    let holders: Vec<Option<u32>> = out
        .par_iter()
        .map(|e| {
            let i = inside
                .binary_search_by(|(w, _, _)| w.as_slice().cmp(e.stems.as_slice()))
                .ok()?;
            (f64::from(inside[i].1) >= 0.8 * f64::from(e.count)).then_some(inside[i].2)
        })
        .collect();
    drop(inside);
    for (i, holder) in holders.into_iter().enumerate() {
        out[i].held_by = holder.map(|h| out[h as usize].stems.clone());
    }
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
        held_by: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::text::Analyzer;

    /// On the shipped corpus and the Assembly debates: every gram that passes the thresholds is
    /// selected, in stem order, those held by a longer one too (whether the longer one says them
    /// is decided at ranking), marked with the one that holds them: a longer one counted at least
    /// 80 % as often, the most often of those; some are.
    #[test]
    fn every_expression_is_selected_held_ones_marked() {
        for path in ["corpus", "../shared/data/bench/debats-an-2013"] {
            check_all_selected(std::path::Path::new(path));
        }
    }

    fn check_all_selected(path: &std::path::Path) {
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
        assert_eq!(selected.len(), passing.len());
        let holds = |long: &Expression, short: &Expression| {
            long.stems.len() > short.stems.len()
                && long
                    .stems
                    .windows(short.stems.len())
                    .any(|w| w == short.stems)
        };
        let mut held = 0;
        for (e, p) in selected.iter().zip(&passing) {
            assert_eq!((&e.stems, e.count), (&p.stems, p.count));
            let best = passing
                .iter()
                .filter(|l| holds(l, e))
                .map(|l| l.count)
                .max();
            let is_held = best.is_some_and(|c| f64::from(c) >= 0.8 * f64::from(e.count));
            assert_eq!(e.held_by.is_some(), is_held, "{:?}", e.stems);
            if let Some(h) = &e.held_by {
                let holder = passing.iter().find(|l| &l.stems == h).unwrap();
                assert!(
                    holds(holder, e) && Some(holder.count) == best,
                    "{:?}",
                    e.stems
                );
                held += 1;
            }
        }
        assert!(held > 0 && selected.len() > 10, "{held} {}", selected.len());
    }
}
