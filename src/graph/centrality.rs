//! Node centrality: weighted degree (how much a node is linked) and betweenness (how much it
//! bridges), the latter by Brandes' algorithm (2001), since petgraph has none.
//!
//! Betweenness walks shortest paths from every node: O(nodes × links), fine for a theme graph or
//! hundreds of ateliers, but 5,000 ateliers took 6 s of two threads. Above
//! [`EXACT_BETWEENNESS_UP_TO`] nodes it is estimated the way of Brandes and Pich (2007), as
//! networkx's `betweenness_centrality(G, k=…, seed=…)` does: from [`BETWEENNESS_SOURCES`]
//! sources drawn with a fixed seed, their dependencies scaled by nodes / sources. The same graph
//! gives the same estimate on every run and with any number of threads.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use serde::Serialize;

use super::{Graph, SeededRng};

/// Graphs of at most this many nodes get the exact betweenness; larger ones an estimate (see the
/// module doc).
pub const EXACT_BETWEENNESS_UP_TO: usize = 2000;

/// Sources of the estimated betweenness of a large graph.
pub const BETWEENNESS_SOURCES: usize = 1000;

/// Seed of the draw of those sources.
const BETWEENNESS_SEED: u64 = 42;

/// How long an edge is, for shortest paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    /// Every edge has length 1 (hops), whatever its weight.
    Unweighted,
    /// An edge of weight `w > 0` has length `1/w`: strong links are short. Edges of weight
    /// `≤ 0` are not paths at all.
    InverseWeight,
}

/// Sum of the weights of each node's incident edges (all edges, whatever their sign).
pub fn weighted_degree(graph: &Graph) -> Vec<f64> {
    let mut degree = vec![0.0; graph.nodes.len()];
    for e in &graph.edges {
        degree[e.source] += e.weight;
        degree[e.target] += e.weight;
    }
    degree
}

/// Normalised betweenness centrality of each node of `graph`: the share of shortest paths
/// between other pairs that go through it, split equally among equally short paths.
///
/// Raw betweenness counts each unordered pair once; it is divided by `(n−1)(n−2)/2`, the pairs
/// that do not involve the node, so values lie in [0, 1] (the centre of a star has 1). This is
/// networkx's `betweenness_centrality(G, normalized=True)` for undirected graphs. Graphs with
/// fewer than 3 nodes give zeros. With [`Distance::InverseWeight`], path lengths that differ by
/// less than one part in 10¹⁰ count as equal. Above [`EXACT_BETWEENNESS_UP_TO`] nodes, an
/// estimate (see the module doc), unbiased and therefore not clamped: a node that bridges
/// nearly every pair may get slightly more than 1 (the centre of a star of 2,501 nodes gets
/// 2,501 / 2,500 when it is not among the sources).
pub fn betweenness(graph: &Graph, distance: Distance) -> Vec<f64> {
    betweenness_with(graph, distance, EXACT_BETWEENNESS_UP_TO)
}

/// [`betweenness`], exact up to `exact_up_to` nodes.
pub(crate) fn betweenness_with(graph: &Graph, distance: Distance, exact_up_to: usize) -> Vec<f64> {
    let n = graph.nodes.len();
    let raw = betweenness_raw_from(
        &graph.to_petgraph(),
        distance,
        &betweenness_sources(n, exact_up_to),
    );
    if n < 3 {
        return vec![0.0; n];
    }
    let scale = 2.0 / ((n - 1) as f64 * (n - 2) as f64);
    raw.into_iter().map(|b| b * scale).collect()
}

/// Raw (unnormalised) betweenness of a petgraph undirected graph, each unordered pair counted
/// once; above [`EXACT_BETWEENNESS_UP_TO`] nodes, an estimate (see the module doc).
pub fn betweenness_raw<N>(g: &UnGraph<N, f64>, distance: Distance) -> Vec<f64> {
    let sources = betweenness_sources(g.node_count(), EXACT_BETWEENNESS_UP_TO);
    betweenness_raw_from(g, distance, &sources)
}

/// The sources of the betweenness of `n` nodes: all of them up to `exact_up_to`, else
/// [`BETWEENNESS_SOURCES`] of them drawn with [`BETWEENNESS_SEED`] (a partial Fisher–Yates
/// shuffle), in increasing order.
fn betweenness_sources(n: usize, exact_up_to: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    if n <= exact_up_to || n <= BETWEENNESS_SOURCES {
        return all;
    }
    let mut rng = SeededRng::new(BETWEENNESS_SEED);
    for i in 0..BETWEENNESS_SOURCES {
        let j = i + rng.below((n - i) as u64) as usize;
        all.swap(i, j);
    }
    all.truncate(BETWEENNESS_SOURCES);
    all.sort_unstable();
    all
}

/// Raw betweenness from the shortest paths of `sources` only, scaled by nodes / sources (the
/// exact value when every node is a source).
fn betweenness_raw_from<N>(g: &UnGraph<N, f64>, distance: Distance, sources: &[usize]) -> Vec<f64> {
    let n = g.node_count();
    // Adjacency with lengths, in a fixed order (by neighbour, then length).
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for e in g.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        if a == b {
            continue;
        }
        let len = match distance {
            Distance::Unweighted => 1.0,
            Distance::InverseWeight => {
                let w = *e.weight();
                if !(w > 0.0 && w.is_finite()) {
                    continue;
                }
                1.0 / w
            }
        };
        adj[a].push((b, len));
        adj[b].push((a, len));
    }
    for list in &mut adj {
        list.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
    }

    // Sources are walked in parallel, a batch at a time; each gives its dependencies, added to
    // the centralities in source order, so the sums are those of a walk one source after another
    // (floating-point addition is not associative).
    let mut centrality = vec![0.0; n];
    for batch in sources.chunks(SOURCES_PER_BATCH) {
        let deltas: Vec<Vec<f64>> = batch
            .par_iter()
            .map_init(
                || Scratch::new(n),
                |scratch, &s| scratch.dependencies(&adj, s, distance),
            )
            .collect();
        for delta in deltas {
            for (c, d) in centrality.iter_mut().zip(delta) {
                *c += d;
            }
        }
    }
    // Each unordered pair was seen from both ends.
    centrality.iter_mut().for_each(|c| *c /= 2.0);
    if sources.len() < n {
        // A share of the sources saw a share of the paths.
        let scale = n as f64 / sources.len() as f64;
        centrality.iter_mut().for_each(|c| *c *= scale);
    }
    centrality
}

/// Sources walked at once by [`betweenness_raw_from`]: as many dependency vectors held.
const SOURCES_PER_BATCH: usize = 64;

/// One worker's buffers for single-source walks.
struct Scratch {
    sigma: Vec<f64>,
    dist: Vec<f64>,
    preds: Vec<Vec<usize>>,
    stack: Vec<usize>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            sigma: vec![0.0; n],
            dist: vec![f64::INFINITY; n],
            preds: vec![Vec::new(); n],
            stack: Vec::with_capacity(n),
        }
    }

    /// The dependency of source `s` on every node (Brandes' δ; 0 for `s` itself and for the
    /// nodes it does not reach).
    fn dependencies(
        &mut self,
        adj: &[Vec<(usize, f64)>],
        s: usize,
        distance: Distance,
    ) -> Vec<f64> {
        let Scratch {
            sigma,
            dist,
            preds,
            stack,
        } = self;
        sigma.fill(0.0);
        dist.fill(f64::INFINITY);
        preds.iter_mut().for_each(Vec::clear);
        stack.clear();
        sigma[s] = 1.0;
        dist[s] = 0.0;
        match distance {
            Distance::Unweighted => bfs(adj, s, sigma, dist, preds, stack),
            Distance::InverseWeight => dijkstra(adj, s, sigma, dist, preds, stack),
        }
        let mut delta = vec![0.0; adj.len()];
        while let Some(w) = stack.pop() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
        }
        delta[s] = 0.0;
        delta
    }
}

/// Single-source shortest paths in hops, filling `stack` in non-decreasing distance order.
fn bfs(
    adj: &[Vec<(usize, f64)>],
    s: usize,
    sigma: &mut [f64],
    dist: &mut [f64],
    preds: &mut [Vec<usize>],
    stack: &mut Vec<usize>,
) {
    let mut queue = VecDeque::from([s]);
    while let Some(v) = queue.pop_front() {
        stack.push(v);
        for &(w, _) in &adj[v] {
            if dist[w].is_infinite() {
                dist[w] = dist[v] + 1.0;
                queue.push_back(w);
            }
            if dist[w] == dist[v] + 1.0 {
                sigma[w] += sigma[v];
                preds[w].push(v);
            }
        }
    }
}

/// A heap entry ordered so that the smallest distance (then smallest node) pops first.
#[derive(PartialEq)]
struct Visit(f64, usize);

impl Eq for Visit {}

impl Ord for Visit {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Visit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Single-source shortest paths with lengths, filling `stack` in non-decreasing distance order.
fn dijkstra(
    adj: &[Vec<(usize, f64)>],
    s: usize,
    sigma: &mut [f64],
    dist: &mut [f64],
    preds: &mut [Vec<usize>],
    stack: &mut Vec<usize>,
) {
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-10 * a.abs().max(b.abs()).max(1e-300);
    let mut done = vec![false; adj.len()];
    // Entries are (tentative distance, node); stale entries are skipped when popped. Sigma and
    // predecessors are accumulated on relaxation, so a node is final when first popped.
    let mut heap = BinaryHeap::from([Visit(0.0, s)]);
    while let Some(Visit(d, v)) = heap.pop() {
        if done[v] {
            continue;
        }
        done[v] = true;
        stack.push(v);
        for &(w, len) in &adj[v] {
            if done[w] {
                continue;
            }
            let candidate = d + len;
            if dist[w].is_infinite() || (candidate < dist[w] && !same(candidate, dist[w])) {
                dist[w] = candidate;
                sigma[w] = sigma[v];
                preds[w].clear();
                preds[w].push(v);
                heap.push(Visit(candidate, w));
            } else if same(candidate, dist[w]) {
                sigma[w] += sigma[v];
                preds[w].push(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
        crate::graph::test_graph(n, edges)
    }

    fn assert_close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn path_graph() {
        // 0–1–2–3–4: node 1 lies on 3 of the 6 pairs not involving it, node 2 on 4.
        let g = graph(5, &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 1.0), (3, 4, 0.5)]);
        let want = [0.0, 3.0 / 6.0, 4.0 / 6.0, 3.0 / 6.0, 0.0];
        assert_close(&betweenness(&g, Distance::Unweighted), &want);
        // A tree has one path per pair: lengths change nothing.
        assert_close(&betweenness(&g, Distance::InverseWeight), &want);
        assert_close(&weighted_degree(&g), &[1.0, 3.0, 3.0, 1.5, 0.5]);
    }

    #[test]
    fn star_graph() {
        let g = graph(5, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 3.0), (0, 4, 1.0)]);
        assert_close(
            &betweenness(&g, Distance::InverseWeight),
            &[1.0, 0.0, 0.0, 0.0, 0.0],
        );
        assert_close(&weighted_degree(&g), &[6.0, 1.0, 1.0, 3.0, 1.0]);
    }

    #[test]
    fn square_splits_paths_unless_weighted() {
        // Unweighted square: each opposite pair has two paths, so each node gets 1/2 raw;
        // normalised by 3 pairs → 1/6.
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (0, 3, 0.25)];
        let g = graph(4, &edges);
        assert_close(&betweenness(&g, Distance::Unweighted), &[1.0 / 6.0; 4]);
        // With length 1/w the 0–3 edge is 4 long: 0→3 goes 0–1–2–3 (3), 0→2 via 1, 1→3 via 2.
        // Raw: node 1 gets 2, node 2 gets 2 → normalised 2/3.
        assert_close(
            &betweenness(&g, Distance::InverseWeight),
            &[0.0, 2.0 / 3.0, 2.0 / 3.0, 0.0],
        );
    }

    #[test]
    fn equal_weighted_paths_are_split_despite_rounding() {
        // 0→3 through 1 (1/3 + 1/3 + 1/3) or through 2 (0.5 + 0.5): lengths 1 and 1.
        let edges = [
            (0, 1, 3.0),
            (1, 4, 3.0),
            (4, 3, 3.0),
            (0, 2, 2.0),
            (2, 3, 2.0),
        ];
        let g = graph(5, &edges);
        let raw = betweenness_raw(&g.to_petgraph(), Distance::InverseWeight);
        // Node 2 is on 0→3 (half) and is never otherwise needed: 1→2 etc. go direct or via 0/3.
        // Pairs through 2: (0,3) half → 0.5.
        assert!((raw[2] - 0.5).abs() < 1e-12, "{raw:?}");
    }

    #[test]
    fn disconnected_and_tiny_graphs() {
        let g = graph(6, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        let b = betweenness(&g, Distance::Unweighted);
        // Only 0–2 passes through 1: raw 1, normalised by 10.
        assert_close(&b, &[0.0, 0.1, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(
            betweenness(&graph(2, &[(0, 1, 1.0)]), Distance::Unweighted),
            vec![0.0; 2]
        );
        assert!(betweenness(&graph(0, &[]), Distance::Unweighted).is_empty());
    }

    /// A large graph's estimate ranks its bridges as the exact betweenness does, within a few per
    /// cent on the nodes that bridge most, the same with any number of threads; graphs at or
    /// below the limit keep the exact value.
    #[test]
    fn large_graphs_get_a_seeded_estimate() {
        // Six groups of 400 nodes, each node linked to 3 others of its group; the first node of
        // each group is linked to the next group's: the bridges.
        let mut rng = SeededRng::new(11);
        let (groups, size) = (6, 400);
        let mut edges = Vec::new();
        // A pair drawn twice is linked once (a graph gives each pair once).
        let mut linked = std::collections::BTreeSet::new();
        for g in 0..groups {
            for a in 0..size {
                for _ in 0..3 {
                    let b = rng.below(size as u64) as usize;
                    let w = 1.0 + rng.unit();
                    if a != b && linked.insert((g * size + a.min(b), g * size + a.max(b))) {
                        edges.push((g * size + a, g * size + b, w));
                    }
                }
            }
            edges.push((g * size, ((g + 1) % groups) * size, 1.0));
        }
        let g = graph(groups * size, &edges);
        assert!(g.nodes.len() > EXACT_BETWEENNESS_UP_TO);
        let exact = betweenness_with(&g, Distance::InverseWeight, usize::MAX);
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| betweenness(&g, Distance::InverseWeight))
        };
        let estimate = run(1);
        assert_eq!(estimate, run(2));
        assert_ne!(estimate, exact);
        let top = |b: &[f64]| {
            let mut order: Vec<usize> = (0..b.len()).collect();
            order.sort_by(|&x, &y| b[y].total_cmp(&b[x]).then(x.cmp(&y)));
            order.truncate(groups);
            order.sort_unstable();
            order
        };
        let bridges: Vec<usize> = (0..groups).map(|g| g * size).collect();
        assert_eq!(top(&exact), bridges);
        assert_eq!(top(&estimate), bridges);
        // Measured: 0.3 to 1.7 %.
        for &b in &bridges {
            let error = (estimate[b] - exact[b]).abs() / exact[b];
            assert!(error < 0.05, "node {b}: {} vs {}", estimate[b], exact[b]);
        }
        // Up to the limit every node is a source; above it, a fixed draw of distinct ones.
        let all = betweenness_sources(EXACT_BETWEENNESS_UP_TO, EXACT_BETWEENNESS_UP_TO);
        assert_eq!(all, (0..EXACT_BETWEENNESS_UP_TO).collect::<Vec<_>>());
        let n = EXACT_BETWEENNESS_UP_TO + 1;
        let drawn = betweenness_sources(n, EXACT_BETWEENNESS_UP_TO);
        assert_eq!(drawn.len(), BETWEENNESS_SOURCES);
        assert!(drawn.windows(2).all(|w| w[0] < w[1]) && drawn[drawn.len() - 1] < n);
        assert_eq!(drawn, betweenness_sources(n, EXACT_BETWEENNESS_UP_TO));
    }
}
