//! Building edges: from co-occurrence counts, from TF-IDF cosine similarity of profiles, and
//! thinning a dense graph to its maximum spanning tree backbone.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;
use rayon::prelude::*;

use super::{Edge, Graph, Measure};

/// Edges from co-occurrence counts.
///
/// `n_units` units were counted; `unit_counts[i]` of them contain item `i`; `pairs[(i, j)]` of
/// them contain both `i` and `j`. Each pair becomes an edge weighted by
/// [`Measure::score`], with `count` = the joint count, kept when its weight is finite and
/// `≥ min_weight`. Pairs that never co-occur (`ab = 0`) and self-pairs (`i = j`) give no edge.
///
/// Keys may be given in either order; give each pair once (if both `(i, j)` and `(j, i)` are
/// present, the larger count is used). Panics if a key is out of range of `unit_counts`.
///
/// The result is sorted by `(source, target)`, with `source < target`, and `shared` empty
/// (the caller knows the labels).
pub fn cooccurrence_edges(
    n_units: u64,
    unit_counts: &[u64],
    pairs: &BTreeMap<(usize, usize), u64>,
    measure: Measure,
    min_weight: f64,
) -> Vec<Edge> {
    let mut joint: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for (&(i, j), &ab) in pairs {
        if i == j || ab == 0 {
            continue;
        }
        let slot = joint.entry((i.min(j), i.max(j))).or_insert(0);
        *slot = (*slot).max(ab);
    }
    joint
        .into_iter()
        .filter_map(|((i, j), ab)| {
            let w = measure.score(n_units, unit_counts[i], unit_counts[j], ab);
            (w.is_finite() && w >= min_weight).then(|| Edge::new(i, j, w, ab))
        })
        .collect()
}

/// TF-IDF weighted, L2-normalised rows of a count matrix (rows = ateliers, columns = terms).
///
/// `tf` is the raw count; `idf(t) = ln((1 + N) / (1 + df(t))) + 1` with `N` rows and `df(t)` the
/// rows where `t` occurs (the smoothed idf of scikit-learn: a term present everywhere still
/// weighs 1, never 0, which matters with a handful of ateliers). Ragged rows are padded with
/// zeros to the longest; an all-zero row stays all-zero.
pub fn tfidf_weights(profiles: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n_rows = profiles.len();
    let n_cols = profiles.iter().map(Vec::len).max().unwrap_or(0);
    let mut df = vec![0usize; n_cols];
    for row in profiles {
        for (c, &v) in row.iter().enumerate() {
            if v > 0.0 {
                df[c] += 1;
            }
        }
    }
    let idf: Vec<f64> = df.iter().map(|&d| idf(n_rows, d)).collect();
    profiles
        .iter()
        .map(|row| {
            let mut w: Vec<f64> = (0..n_cols)
                .map(|c| row.get(c).copied().unwrap_or(0.0).max(0.0) * idf[c])
                .collect();
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                w.iter_mut().for_each(|x| *x /= norm);
            }
            w
        })
        .collect()
}

/// The smoothed inverse document frequency of a column used by `df` of `n_rows` rows (one
/// formula for the dense and the sparse weights: their results must be the same bits).
fn idf(n_rows: usize, df: usize) -> f64 {
    ((1.0 + n_rows as f64) / (1.0 + df as f64)).ln() + 1.0
}

/// Cosine similarity matrix of L2-normalised rows (such as [`tfidf_weights`]' output): the dot
/// products. The diagonal is 1 for a non-zero row, 0 for a zero row.
pub fn cosine_matrix(weighted: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = weighted.len();
    let dot = |i: usize, j: usize| -> f64 {
        weighted[i]
            .iter()
            .zip(&weighted[j])
            .map(|(x, y)| x * y)
            .sum()
    };
    // The upper triangle row by row in parallel (a thousand ateliers over a thousand themes
    // are half a million dot products), then mirrored. Each dot product is summed in column
    // order whatever the thread: the matrix is the same bit for bit.
    let upper: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map(|i| (i..n).map(|j| dot(i, j)).collect())
        .collect();
    let mut m = vec![vec![0.0; n]; n];
    for (i, row) in upper.into_iter().enumerate() {
        for (j, d) in (i..n).zip(row) {
            m[i][j] = d;
            m[j][i] = d;
        }
    }
    m
}

/// Cosine similarity of the TF-IDF weighted profiles (rows = ateliers, columns = term counts):
/// [`cosine_matrix`] of [`tfidf_weights`]. Symmetric, values in [0, 1].
pub fn tfidf_cosine(profiles: &[Vec<f64>]) -> Vec<Vec<f64>> {
    cosine_matrix(&tfidf_weights(profiles))
}

/// The columns that contribute most to the cosine of rows `i` and `j` of `weighted` (as from
/// [`tfidf_weights`]): `(column, w_i[c] · w_j[c])` for the positive products, largest first
/// (ties: lower column first), at most `top`. All contributions add up to the cosine.
pub fn cosine_contributions(
    weighted: &[Vec<f64>],
    i: usize,
    j: usize,
    top: usize,
) -> Vec<(usize, f64)> {
    let parts: Vec<(usize, f64)> = weighted[i]
        .iter()
        .zip(&weighted[j])
        .enumerate()
        .map(|(c, (x, y))| (c, x * y))
        .filter(|&(_, p)| p > 0.0)
        .collect();
    head_of_contributions(parts, top)
}

/// The `top` largest of `(column, contribution)` pairs, largest first, ties to the lower column.
fn head_of_contributions(mut parts: Vec<(usize, f64)>, top: usize) -> Vec<(usize, f64)> {
    // A total order (ties by column): the best `top` are picked, then only they are sorted.
    let order = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if top < parts.len() {
        if top > 0 {
            parts.select_nth_unstable_by(top - 1, order);
        }
        parts.truncate(top);
    }
    parts.sort_unstable_by(order);
    parts
}

/// A sparse row of a count or weight matrix: `(column, value)` in increasing column order,
/// only the positive values. An atelier's profile is a few hundred themes out of a thousand or
/// more: thousands of ateliers are held and compared without their zeros.
pub type SparseRow = Vec<(u32, f64)>;

/// The sparse rows of a dense matrix: its positive values, by column.
pub fn sparse_rows(dense: &[Vec<f64>]) -> Vec<SparseRow> {
    dense
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter(|&(_, &v)| v > 0.0)
                .map(|(c, &v)| (c as u32, v))
                .collect()
        })
        .collect()
}

/// [`tfidf_weights`] of sparse rows over `n_cols` columns: the same weights, bit for bit, without
/// the zeros. Rows must be sorted by column (as [`SparseRow`] says); panics if a column is
/// `n_cols` or more.
pub fn tfidf_weights_sparse(rows: &[SparseRow], n_cols: usize) -> Vec<SparseRow> {
    let mut df = vec![0usize; n_cols];
    for row in rows {
        for &(c, v) in row {
            if v > 0.0 {
                df[c as usize] += 1;
            }
        }
    }
    let idf: Vec<f64> = df.iter().map(|&d| idf(rows.len(), d)).collect();
    rows.par_iter()
        .map(|row| {
            let mut w: SparseRow = row
                .iter()
                .filter(|&&(_, v)| v > 0.0)
                .map(|&(c, v)| (c, v * idf[c as usize]))
                .collect();
            // The dense sum adds zeros too: adding zero to a sum changes nothing, so the
            // norm is the same number.
            let norm = w.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                w.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            w
        })
        .collect()
}

/// The columns two sparse rows both hold, with their two values, in column order.
fn common_columns(a: &[(u32, f64)], b: &[(u32, f64)]) -> Vec<(usize, f64, f64)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                out.push((a[i].0 as usize, a[i].1, b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Edges between the rows of a count matrix (ateliers × terms) weighted by TF-IDF cosine.
///
/// An edge is kept when the cosine is positive and `≥ min_weight`, and is among the
/// `max_links` strongest of one of its two rows at least ([`strongest_links`]; `usize::MAX`:
/// no limit). `count` is the number of columns both rows use; `shared` holds the labels
/// (`column_labels[c]`) of the `shared_top` columns that contribute most
/// ([`cosine_contributions`]). Sorted by `(source, target)`. Panics if `column_labels` is
/// shorter than the widest row.
///
/// This is [`cosine_edges_sparse`] of the matrix's [`sparse_rows`].
pub fn cosine_edges(
    profiles: &[Vec<f64>],
    column_labels: &[String],
    min_weight: f64,
    shared_top: usize,
    max_links: usize,
) -> Vec<Edge> {
    let n_cols = profiles.iter().map(Vec::len).max().unwrap_or(0);
    cosine_edges_sparse(
        &sparse_rows(profiles),
        n_cols,
        column_labels,
        min_weight,
        shared_top,
        max_links,
    )
}

/// [`cosine_edges`] of sparse rows over `n_cols` columns, without the similarity matrix: the
/// same edges, weights bit for bit. Each row must be strictly sorted by column (a
/// [`SparseRow`]: an unsorted row or a repeated column would miscount the shared themes);
/// panics if a column is `n_cols` or more.
///
/// Each row's cosines are summed from an inverted index (for each of its columns, the rows
/// that use it), one row at a time in parallel, column after column as a dense dot product
/// would (so the sums are the same numbers); the row keeps its `max_links` strongest links and
/// forgets the rest. Memory is one row of cosines per thread and the kept links, not the
/// ateliers² matrix (5,000 ateliers: 200 MB). The work is still quadratic in ateliers (each
/// row scans a row of cosines; a theme used by `k` ateliers costs `k²` products), but only the
/// products of the themes two ateliers share are made, not one per theme and pair: 2,000
/// ateliers over 1,000 themes, 4.5× faster than the dense matrix alone (`benches/graph.rs`).
pub fn cosine_edges_sparse(
    profiles: &[SparseRow],
    n_cols: usize,
    column_labels: &[String],
    min_weight: f64,
    shared_top: usize,
    max_links: usize,
) -> Vec<Edge> {
    let n = profiles.len();
    debug_assert!(
        profiles
            .iter()
            .all(|r| r.windows(2).all(|w| w[0].0 < w[1].0)),
        "sparse rows must be strictly sorted by column"
    );
    let weighted = tfidf_weights_sparse(profiles, n_cols);
    // Column → the rows using it, with their weights, in row order.
    let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n_cols];
    for (i, row) in weighted.iter().enumerate() {
        for &(c, w) in row {
            postings[c as usize].push((i as u32, w));
        }
    }
    let eligible = |w: f64| w > 0.0 && w >= min_weight;
    let mut kept: Vec<(u32, u32, f64)> = (0..n)
        .into_par_iter()
        .map_init(
            || vec![0.0f64; n],
            |acc, i| {
                for &(c, x) in &weighted[i] {
                    for &(j, y) in &postings[c as usize] {
                        acc[j as usize] += x * y;
                    }
                }
                let mut links: Vec<(f64, u32)> = Vec::new();
                // Without a limit every row keeps every link: each is listed by its first row.
                let from = if max_links == usize::MAX { i + 1 } else { 0 };
                for (j, a) in acc.iter_mut().enumerate() {
                    if j >= from && j != i && eligible(*a) {
                        links.push((*a, j as u32));
                    }
                    *a = 0.0;
                }
                keep_strongest(&mut links, max_links);
                let i = i as u32;
                links
                    .into_iter()
                    .map(|(w, j)| (i.min(j), i.max(j), w))
                    .collect::<Vec<_>>()
            },
        )
        .flatten_iter()
        .collect();
    // Both ends may keep a link: once. Its two cosines are the same number (the products are
    // the same, summed in the same column order).
    kept.par_sort_unstable_by_key(|&(i, j, _)| (i, j));
    kept.dedup_by_key(|&mut (i, j, _)| (i, j));
    kept.into_par_iter()
        .map(|(i, j, w)| {
            let (i, j) = (i as usize, j as usize);
            let both = common_columns(&weighted[i], &weighted[j]);
            let common = both.iter().filter(|&&(_, x, y)| x > 0.0 && y > 0.0).count() as u64;
            let parts = both
                .into_iter()
                .map(|(c, x, y)| (c, x * y))
                .filter(|&(_, p)| p > 0.0)
                .collect();
            let mut edge = Edge::new(i, j, w, common);
            edge.shared = head_of_contributions(parts, shared_top)
                .into_iter()
                .map(|(c, _)| column_labels[c].clone())
                .collect();
            edge
        })
        .collect()
}

/// For each row of a symmetric similarity matrix, the weakest of its `max` strongest eligible
/// links, as `(weight, column)`: a link `(i, j)` is among row `i`'s strongest when `w[i][j]`
/// is greater than that weight, or equal with `j` at most that column (ties go to the lower
/// column). `None` for a row with `max` eligible links or fewer (all are kept). The diagonal
/// is never a link.
///
/// Hundreds of ateliers that all share some concerns make a graph of every pair (1,058
/// ateliers: 212,887 links, 87 MB of edge list, a drawing nobody reads); each keeping its
/// strongest links bounds the graph to `max` links per atelier.
pub fn strongest_links(
    w: &[Vec<f64>],
    eligible: impl Fn(f64) -> bool + Sync,
    max: usize,
) -> Vec<Option<(f64, usize)>> {
    w.par_iter()
        .enumerate()
        .map(|(i, row)| {
            let mut links: Vec<(f64, usize)> = row
                .iter()
                .enumerate()
                .filter(|&(j, &x)| j != i && eligible(x))
                .map(|(j, &x)| (x, j))
                .collect();
            if links.len() <= max {
                return None;
            }
            keep_strongest(&mut links, max);
            // The `max`-th strongest is the last kept; with none kept, nothing is as strong as
            // infinity.
            Some(links.last().copied().unwrap_or((f64::INFINITY, 0)))
        })
        .collect()
}

/// Keeps the `max` strongest of a row's `(weight, column)` links (ties to the lower column), in
/// no particular order but the `max`-th strongest last. A row of `max` links or fewer keeps them
/// all, as they were.
fn keep_strongest<J: Ord>(links: &mut Vec<(f64, J)>, max: usize) {
    if links.len() <= max {
        return;
    }
    if max == 0 {
        links.clear();
        return;
    }
    links.select_nth_unstable_by(max - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    links.truncate(max);
}

/// The maximum spanning forest: the same nodes, and only the edges of a maximum-weight
/// spanning tree of each connected component (Kruskal).
///
/// Ties between equal weights go to the edge with the smaller `(source, target)`, so the result
/// is unique. All edges are candidates whatever their sign (filter first with `min_weight` if
/// negative links should not appear); weights are expected finite. The kept edges keep their
/// data and the canonical `(source, target)` order.
pub fn maximum_spanning_tree(graph: &Graph) -> Graph {
    let mut order: Vec<usize> = (0..graph.edges.len()).collect();
    order.sort_by(|&x, &y| {
        let (ex, ey) = (&graph.edges[x], &graph.edges[y]);
        match ey.weight.total_cmp(&ex.weight) {
            Ordering::Equal => (ex.source, ex.target).cmp(&(ey.source, ey.target)),
            other => other,
        }
    });
    let mut forest = UnionFind::<usize>::new(graph.nodes.len());
    let mut keep = vec![false; graph.edges.len()];
    for k in order {
        let e = &graph.edges[k];
        if forest.union(e.source, e.target) {
            keep[k] = true;
        }
    }
    let edges = graph
        .edges
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(e, _)| e.clone())
        .collect();
    Graph::new(graph.kind, graph.measure, graph.nodes.clone(), edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
        crate::graph::test_graph(n, edges)
    }

    fn pairs(g: &Graph) -> Vec<(usize, usize)> {
        g.edges.iter().map(|e| (e.source, e.target)).collect()
    }

    #[test]
    fn cooccurrence_edges_weigh_filter_and_sort() {
        // 10 units; counts of items 0..4.
        let counts = [4, 5, 4, 2];
        let mut p = BTreeMap::new();
        p.insert((1, 0), 3); // reversed key: normalised to (0, 1)
        p.insert((0, 2), 4);
        p.insert((2, 3), 0); // never together: no edge
        p.insert((1, 3), 1);
        p.insert((3, 3), 2); // self-pair: no edge
        let edges = cooccurrence_edges(10, &counts, &p, Measure::Jaccard, 0.2);
        let got: Vec<(usize, usize, f64, u64)> = edges
            .iter()
            .map(|e| (e.source, e.target, e.weight, e.count))
            .collect();
        // (0,1): 3/6; (0,2): 4/4; (1,3): 1/6 < 0.2 dropped.
        assert_eq!(got, vec![(0, 1, 0.5, 3), (0, 2, 1.0, 4)]);
        // Signed log-likelihood with threshold 0 keeps only attractions: (1,3) expected 1, seen 1
        // → 0 kept; a repulsion would be dropped.
        let mut rep = BTreeMap::new();
        rep.insert((0, 1), 1u64); // expected 2
        rep.insert((0, 2), 4u64);
        let ll = cooccurrence_edges(10, &counts, &rep, Measure::LogLikelihood, 0.0);
        let ll_pairs: Vec<(usize, usize)> = ll.iter().map(|e| (e.source, e.target)).collect();
        assert_eq!(ll_pairs, vec![(0, 2)]);
    }

    #[test]
    fn maximum_spanning_tree_by_hand() {
        // Component A (0..5) and component B (5, 6).
        //   2–3:5, 0–1:4, 1–2:3 are taken; 1–3:2 closes 1–2–3, 0–2:1 closes 0–1–2;
        //   3–4:1 joins 4. B: 5–6:2.
        let g = graph(
            7,
            &[
                (0, 1, 4.0),
                (0, 2, 1.0),
                (1, 2, 3.0),
                (1, 3, 2.0),
                (2, 3, 5.0),
                (3, 4, 1.0),
                (5, 6, 2.0),
            ],
        );
        let t = maximum_spanning_tree(&g);
        assert_eq!(pairs(&t), vec![(0, 1), (1, 2), (2, 3), (3, 4), (5, 6)]);
        assert_eq!(t.nodes.len(), 7);
        let total: f64 = t.edges.iter().map(|e| e.weight).sum();
        assert_eq!(total, 15.0);
    }

    #[test]
    fn maximum_spanning_tree_breaks_ties_by_pair() {
        // A square with equal weights: (0,1), (0,3), (1,2) come first; (2,3) closes the cycle.
        let g = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (0, 3, 1.0)]);
        assert_eq!(
            pairs(&maximum_spanning_tree(&g)),
            vec![(0, 1), (0, 3), (1, 2)]
        );
    }

    #[test]
    fn tfidf_cosine_by_hand() {
        // 3 rows, 3 columns. df = [2, 1, 3]; N = 3.
        // idf = [ln(4/3)+1, ln 2+1, 1].
        let profiles = vec![
            vec![1.0, 0.0, 1.0],
            vec![1.0, 2.0, 1.0],
            vec![0.0, 0.0, 3.0],
        ];
        let idf0 = (4.0f64 / 3.0).ln() + 1.0;
        let idf1 = 2.0f64.ln() + 1.0;
        let r0 = [idf0, 0.0, 1.0];
        let r1 = [idf0, 2.0 * idf1, 1.0];
        let r2 = [0.0, 0.0, 3.0];
        let norm = |r: &[f64; 3]| r.iter().map(|x| x * x).sum::<f64>().sqrt();
        let dot = |a: &[f64; 3], b: &[f64; 3]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        let cos = |a: &[f64; 3], b: &[f64; 3]| dot(a, b) / (norm(a) * norm(b));
        let m = tfidf_cosine(&profiles);
        assert!((m[0][1] - cos(&r0, &r1)).abs() < 1e-12);
        assert!((m[0][2] - cos(&r0, &r2)).abs() < 1e-12);
        assert!((m[1][2] - cos(&r1, &r2)).abs() < 1e-12);
        assert!((m[1][1] - 1.0).abs() < 1e-12);
        assert_eq!(m[0][1], m[1][0]);
        // Column 2 is shared by 0 and 2 only through it: the cosine is its contribution.
        let w = tfidf_weights(&profiles);
        let parts = cosine_contributions(&w, 0, 2, 5);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].0, 2);
        // Rows 0 and 1 share columns 0 and 2; column 0 weighs more (idf0 > 1).
        let parts = cosine_contributions(&w, 0, 1, 5);
        assert_eq!(parts.iter().map(|p| p.0).collect::<Vec<_>>(), vec![0, 2]);
        let sum: f64 = parts.iter().map(|p| p.1).sum();
        assert!((sum - m[0][1]).abs() < 1e-12);
        assert_eq!(cosine_contributions(&w, 0, 1, 1).len(), 1);
    }

    /// The best contributions, picked then sorted, are the first of a full sort: value first,
    /// ties by column, whatever `top`.
    #[test]
    fn cosine_contributions_are_the_head_of_the_full_order() {
        let a: Vec<f64> = (0..40).map(|c| f64::from((c * 7) % 5)).collect();
        let b: Vec<f64> = (0..40).map(|c| f64::from((c * 3) % 4)).collect();
        let weighted = vec![a, b];
        let mut full: Vec<(usize, f64)> = weighted[0]
            .iter()
            .zip(&weighted[1])
            .enumerate()
            .map(|(c, (x, y))| (c, x * y))
            .filter(|&(_, p)| p > 0.0)
            .collect();
        full.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        assert!(full.len() > 10 && full.windows(2).any(|w| w[0].1 == w[1].1));
        for top in [0, 1, 3, 10, full.len(), full.len() + 5] {
            let got = cosine_contributions(&weighted, 0, 1, top);
            assert_eq!(got, full[..top.min(full.len())], "top {top}");
        }
    }

    #[test]
    fn cosine_edges_carry_shared_labels() {
        let profiles = vec![
            vec![1.0, 0.0, 1.0],
            vec![1.0, 2.0, 1.0],
            vec![0.0, 0.0, 3.0],
            vec![0.0, 0.0, 0.0],
        ];
        let labels: Vec<String> = ["élu", "forêt", "usager"].map(String::from).to_vec();
        let edges = cosine_edges(&profiles, &labels, 0.0, 1, usize::MAX);
        let got: Vec<(usize, usize, u64, Vec<String>)> = edges
            .iter()
            .map(|e| (e.source, e.target, e.count, e.shared.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 1, 2, vec!["élu".to_owned()]),
                (0, 2, 1, vec!["usager".to_owned()]),
                (1, 2, 1, vec!["usager".to_owned()]),
            ]
        );
        // Cosines: (0,1) ≈ 0.43, (0,2) ≈ 0.61, (1,2) ≈ 0.27.
        let strong = cosine_edges(&profiles, &labels, 0.5, 1, usize::MAX);
        assert_eq!(strong.len(), 1);
        assert_eq!((strong[0].source, strong[0].target), (0, 2));
    }

    /// Each row keeps its strongest links (ties to the lower column), a link stays when one of
    /// its two rows keeps it, and a limit at or above a row's links keeps them all.
    #[test]
    fn each_row_keeps_its_strongest_links() {
        // A symmetric similarity matrix of 5 rows; row 4 links to nothing eligible but 0.
        let w = vec![
            vec![1.0, 0.9, 0.5, 0.5, 0.2],
            vec![0.9, 1.0, 0.8, 0.1, 0.0],
            vec![0.5, 0.8, 1.0, 0.7, 0.0],
            vec![0.5, 0.1, 0.7, 1.0, 0.0],
            vec![0.2, 0.0, 0.0, 0.0, 1.0],
        ];
        let eligible = |x: f64| x >= 0.15;
        let weakest = strongest_links(&w, eligible, 2);
        // Row 0: 0.9 (1), then 0.5 twice: the tie goes to column 2.
        assert_eq!(weakest[0], Some((0.5, 2)));
        // Row 1: 0.9 and 0.8 (0.1 and 0.0 not eligible): two links, all kept.
        assert_eq!(weakest[1], None);
        assert_eq!(weakest[2], Some((0.7, 3)));
        assert_eq!(weakest[3], None);
        assert_eq!(weakest[4], None);
        assert!(strongest_links(&w, eligible, 4).iter().all(Option::is_none));
        let none = strongest_links(&w, eligible, 0);
        assert!(
            none.iter()
                .all(|r| r.is_some_and(|(x, _)| x == f64::INFINITY))
        );
    }

    /// With a limit, a link is kept when either end counts it among its strongest; without one
    /// (or with a limit no row reaches) every eligible link is kept.
    #[test]
    fn cosine_edges_keep_what_either_end_keeps() {
        // Six ateliers over four themes: 0–2 close to one another, 3–5 too, all sharing theme 3.
        let profiles = vec![
            vec![4.0, 0.0, 0.0, 1.0],
            vec![3.0, 1.0, 0.0, 1.0],
            vec![2.0, 2.0, 0.0, 1.0],
            vec![0.0, 2.0, 2.0, 1.0],
            vec![0.0, 1.0, 3.0, 1.0],
            vec![0.0, 0.0, 4.0, 1.0],
        ];
        let labels: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let pairs = |edges: &[Edge]| -> Vec<(usize, usize)> {
            edges.iter().map(|e| (e.source, e.target)).collect()
        };
        let all = cosine_edges(&profiles, &labels, 0.0, 1, usize::MAX);
        assert_eq!(all.len(), 15, "{:?}", pairs(&all));
        assert_eq!(
            pairs(&cosine_edges(&profiles, &labels, 0.0, 1, 5)),
            pairs(&all)
        );
        let cos = tfidf_cosine(&profiles);
        for k in 1..5 {
            let kept = pairs(&cosine_edges(&profiles, &labels, 0.0, 1, k));
            // The k strongest links of each row, by brute force (ties to the lower column).
            let top = |i: usize| -> Vec<usize> {
                let mut js: Vec<usize> = (0..6).filter(|&j| j != i && cos[i][j] > 0.0).collect();
                js.sort_by(|&a, &b| cos[i][b].total_cmp(&cos[i][a]).then(a.cmp(&b)));
                js.truncate(k);
                js
            };
            let want: Vec<(usize, usize)> = (0..6)
                .flat_map(|i| (i + 1..6).map(move |j| (i, j)))
                .filter(|&(i, j)| cos[i][j] > 0.0 && (top(i).contains(&j) || top(j).contains(&i)))
                .collect();
            assert_eq!(kept, want, "k = {k}");
            assert!(
                kept.len() < all.len() && kept.len() >= 3 * k,
                "k = {k}: {kept:?}"
            );
        }
    }

    /// The edges as the similarity matrix gave them before the sparse path: every cosine of
    /// the dense weights, each row's weakest kept link, every pair either end keeps.
    fn dense_reference(
        profiles: &[Vec<f64>],
        labels: &[String],
        min_weight: f64,
        shared_top: usize,
        max_links: usize,
    ) -> Vec<Edge> {
        let weighted = tfidf_weights(profiles);
        let cos = cosine_matrix(&weighted);
        let eligible = |w: f64| w > 0.0 && w >= min_weight;
        let weakest = strongest_links(&cos, eligible, max_links);
        let kept_by = |i: usize, j: usize| match weakest[i] {
            None => true,
            Some((w, k)) => match cos[i][j].total_cmp(&w) {
                Ordering::Greater => true,
                Ordering::Equal => j <= k,
                Ordering::Less => false,
            },
        };
        let mut edges = Vec::new();
        for i in 0..profiles.len() {
            for j in i + 1..profiles.len() {
                let w = cos[i][j];
                if !eligible(w) || !(kept_by(i, j) || kept_by(j, i)) {
                    continue;
                }
                let common = weighted[i]
                    .iter()
                    .zip(&weighted[j])
                    .filter(|(x, y)| **x > 0.0 && **y > 0.0)
                    .count() as u64;
                let mut edge = Edge::new(i, j, w, common);
                edge.shared = cosine_contributions(&weighted, i, j, shared_top)
                    .into_iter()
                    .map(|(c, _)| labels[c].clone())
                    .collect();
                edges.push(edge);
            }
        }
        edges
    }

    /// The sparse path gives the dense one's edges exactly: the same pairs, the same weights
    /// bit for bit, counts and shared labels, with and without a limit, with ties (rows that
    /// repeat) and empty rows, and whatever the thread count.
    #[test]
    fn sparse_cosine_edges_are_the_dense_ones_bit_for_bit() {
        let mut rng = crate::graph::SeededRng::new(7);
        for round in 0..12 {
            let n = 5 + rng.below(60) as usize;
            let cols = 1 + rng.below(40) as usize;
            let density = 0.05 + rng.unit() * 0.5;
            let mut profiles: Vec<Vec<f64>> = (0..n)
                .map(|_| {
                    (0..cols)
                        .map(|_| {
                            if rng.unit() < density {
                                (1 + rng.below(5)) as f64
                            } else {
                                0.0
                            }
                        })
                        .collect()
                })
                .collect();
            // Repeated rows make equal cosines; a short row is padded with zeros.
            profiles[n - 1] = profiles[0].clone();
            profiles[n - 2] = profiles[1].clone();
            profiles[n - 3].truncate(cols / 2);
            let labels: Vec<String> = (0..cols).map(|c| format!("t{c}")).collect();
            let min_weight = [0.0, 0.1, 0.3][round % 3];
            for max_links in [0, 1, 2, 3, 5, usize::MAX] {
                let want = dense_reference(&profiles, &labels, min_weight, 3, max_links);
                for threads in [1, 2, 3] {
                    let got = rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .unwrap()
                        .install(|| cosine_edges(&profiles, &labels, min_weight, 3, max_links));
                    let key = |e: &Edge| {
                        (
                            e.source,
                            e.target,
                            e.weight.to_bits(),
                            e.count,
                            e.shared.clone(),
                        )
                    };
                    assert_eq!(
                        got.iter().map(key).collect::<Vec<_>>(),
                        want.iter().map(key).collect::<Vec<_>>(),
                        "round {round}, max_links {max_links}, {threads} threads"
                    );
                }
                if max_links == usize::MAX && round == 0 {
                    assert!(!want.is_empty());
                }
            }
        }
    }
}
