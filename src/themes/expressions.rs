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
use crate::stats::{GramStats, TermStats};
use crate::vocab::StemId;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

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
    // One gram after another, in parallel (rayon keeps their order).
    let mut out: Vec<Expression> = stats
        .grams
        .par_iter()
        .filter_map(|g| expression(stats, opts, n, g))
        .collect();
    // The largest count of a longer expression containing each shorter sequence (a look-up
    // table only: its order never shows; sequences borrowed, not copied).
    let mut inside: FxHashMap<&[StemId], u32> = FxHashMap::default();
    for e in &out {
        for len in 2..e.stems.len() {
            for w in e.stems.windows(len) {
                let slot = inside.entry(w).or_default();
                *slot = (*slot).max(e.count);
            }
        }
    }
    let keep: Vec<bool> = out
        .iter()
        .map(|e| {
            inside
                .get(e.stems.as_slice())
                .is_none_or(|&c| f64::from(c) < 0.8 * f64::from(e.count))
        })
        .collect();
    drop(inside);
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(false));
    out
}

/// The expression a gram is, if it is one: at least `min_expression_count` times, two or more
/// stems, not starting and ending with the same one, associated (NPMI, G²) above the thresholds.
fn expression(stats: &TermStats, opts: &ThemeOptions, n: f64, g: &GramStats) -> Option<Expression> {
    if g.count < opts.min_expression_count || g.stems.len() < 2 {
        return None;
    }
    let (x, y) = (g.stems[0], g.stems[g.stems.len() - 1]);
    if x == y {
        return None;
    }
    let (cx, cy) = (
        stats.stems[x.index()].count as f64,
        stats.stems[y.index()].count as f64,
    );
    let a = f64::from(g.count);
    let pxy = a / n;
    let npmi = if pxy >= 1.0 {
        1.0
    } else {
        (pxy / ((cx / n) * (cy / n))).ln() / -pxy.ln()
    };
    let b = (cx - a).max(0.0);
    let c = (cy - a).max(0.0);
    let d = (n - a - b - c).max(0.0);
    let g2 = g2(a, b, c, d);
    // Its content words, for the expressions kept only (most grams are not).
    let content = || -> Vec<StemId> {
        g.stems
            .iter()
            .enumerate()
            .filter(|&(i, s)| i == 0 || i == g.stems.len() - 1 || stats.stems[s.index()].count > 0)
            .map(|(_, &s)| s)
            .collect()
    };
    (npmi >= MIN_NPMI && g2 >= G2_CRITICAL_0_001).then(|| Expression {
        stems: g.stems.to_vec(),
        content: content(),
        count: g.count,
        npmi,
        g2,
    })
}
