//! Louvain communities (Blondel et al. 2008): groups of nodes more linked to each other than
//! chance would have it, found by greedy modularity optimisation.
//!
//! Implemented here rather than taken from a crate: petgraph has no community detection, and
//! the determinism contract needs control of the visiting order and the tie-breaks.
//!
//! - Phase 1: nodes are visited in an order drawn from a seeded ChaCha8 generator (one shuffle
//!   per level, reused across passes); each node moves to the neighbouring community with the
//!   largest modularity gain, ties going to the lowest community id, and only when that gain is
//!   strictly better than staying. Passes repeat until no node moves.
//! - Phase 2: communities become nodes (internal weight becomes a self-loop), and phase 1 runs
//!   again, until a level merges nothing.
//! - Communities are then renumbered by size (largest first), ties by smallest member index.
//!
//! Only edges of positive finite weight count (see the module [`crate::graph`] conventions).

use std::collections::BTreeMap;

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Graph, SeededRng};

/// Settings of [`louvain`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LouvainParams {
    /// Seed of the node visiting order.
    pub seed: u64,
    /// Resolution γ of the modularity `Q = Σ_c [L_c/m − γ (d_c/2m)²]`: above 1 gives more,
    /// smaller communities; below 1 fewer, larger ones. Default 1.
    pub resolution: f64,
}

impl Default for LouvainParams {
    fn default() -> Self {
        LouvainParams {
            seed: 42,
            resolution: 1.0,
        }
    }
}

/// A partition of the nodes into communities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partition {
    /// Community of each node (by node index). Community 0 is the largest; ties are ordered by
    /// their smallest member index. An isolated node is a community of its own.
    pub membership: Vec<u32>,
    /// Number of communities.
    pub count: u32,
    /// Modularity of the partition (γ = 1), in [−1/2, 1]; 0 for a graph without edges.
    pub modularity: f64,
    /// Aggregation levels that merged something.
    pub levels: u32,
}

impl Partition {
    /// The members of each community, in community order, each list ascending.
    pub fn communities(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.count as usize];
        for (i, &c) in self.membership.iter().enumerate() {
            out[c as usize].push(i);
        }
        out
    }
}

/// Louvain communities of `graph`, deterministic for a given `params.seed`.
pub fn louvain(graph: &Graph, params: &LouvainParams) -> Partition {
    louvain_petgraph(&graph.to_petgraph(), params)
}

/// Louvain communities of a petgraph undirected graph with `f64` edge weights; node `i` of the
/// result is `NodeIndex::new(i)`.
pub fn louvain_petgraph<N>(g: &UnGraph<N, f64>, params: &LouvainParams) -> Partition {
    let n = g.node_count();
    let mut level = Level::from_petgraph(g);
    let mut rng = SeededRng::new(params.seed);
    let mut membership: Vec<usize> = (0..n).collect();
    let mut levels = 0;
    if level.total_degree() > 0.0 {
        loop {
            let (comm, k) = level.one_level(&mut rng, params.resolution);
            if k == level.len() {
                break;
            }
            for m in &mut membership {
                *m = comm[*m];
            }
            level = level.aggregate(&comm, k);
            levels += 1;
        }
    }
    let membership = renumber(&membership);
    let count = membership.iter().map(|&c| c + 1).max().unwrap_or(0);
    let modularity = modularity_petgraph(g, &membership);
    Partition {
        membership,
        count,
        modularity,
        levels,
    }
}

/// Modularity (γ = 1) of a partition of `graph`, counting positive-weight edges only:
/// `Q = Σ_c [L_c/m − (d_c/2m)²]`, `L_c` the weight inside `c`, `d_c` its total degree, `m` the
/// total weight. 0 for a graph without such edges.
pub fn modularity(graph: &Graph, membership: &[u32]) -> f64 {
    modularity_petgraph(&graph.to_petgraph(), membership)
}

fn modularity_petgraph<N>(g: &UnGraph<N, f64>, membership: &[u32]) -> f64 {
    let k = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut inside = vec![0.0; k];
    let mut degree = vec![0.0; k];
    let mut m = 0.0;
    for e in g.edge_references() {
        let w = *e.weight();
        if !(w > 0.0 && w.is_finite()) {
            continue;
        }
        let (a, b) = (
            membership[e.source().index()] as usize,
            membership[e.target().index()] as usize,
        );
        m += w;
        degree[a] += w;
        degree[b] += w;
        if a == b {
            inside[a] += w;
        }
    }
    if m == 0.0 {
        return 0.0;
    }
    (0..k)
        .map(|c| inside[c] / m - (degree[c] / (2.0 * m)).powi(2))
        .sum()
}

/// Renumbers communities by size (descending), then smallest member index.
fn renumber(membership: &[usize]) -> Vec<u32> {
    let k = membership.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (i, &c) in membership.iter().enumerate() {
        size[c] += 1;
        first[c] = first[c].min(i);
    }
    let mut used: Vec<usize> = (0..k).filter(|&c| size[c] > 0).collect();
    used.sort_by_key(|&c| (std::cmp::Reverse(size[c]), first[c]));
    let mut new_id = vec![0u32; k];
    for (rank, &c) in used.iter().enumerate() {
        new_id[c] = rank as u32;
    }
    membership.iter().map(|&c| new_id[c]).collect()
}

/// One level of the Louvain hierarchy: a weighted graph without parallel edges.
struct Level {
    /// Neighbours and edge weights, self excluded, ascending by neighbour.
    adj: Vec<Vec<(usize, f64)>>,
    /// Self-loop weight (internal weight of an aggregated community; each edge once).
    self_w: Vec<f64>,
}

impl Level {
    fn from_petgraph<N>(g: &UnGraph<N, f64>) -> Level {
        let n = g.node_count();
        let mut pairs: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let mut self_w = vec![0.0; n];
        for e in g.edge_references() {
            let w = *e.weight();
            if !(w > 0.0 && w.is_finite()) {
                continue;
            }
            let (a, b) = (e.source().index(), e.target().index());
            if a == b {
                self_w[a] += w;
            } else {
                *pairs.entry((a.min(b), a.max(b))).or_insert(0.0) += w;
            }
        }
        Level::from_pairs(n, pairs, self_w)
    }

    fn from_pairs(n: usize, pairs: BTreeMap<(usize, usize), f64>, self_w: Vec<f64>) -> Level {
        let mut adj = vec![Vec::new(); n];
        for ((a, b), w) in pairs {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
        for list in &mut adj {
            list.sort_by_key(|&(j, _)| j);
        }
        Level { adj, self_w }
    }

    fn len(&self) -> usize {
        self.adj.len()
    }

    /// Weighted degree, a self-loop counting twice.
    fn degree(&self, i: usize) -> f64 {
        2.0 * self.self_w[i] + self.adj[i].iter().map(|&(_, w)| w).sum::<f64>()
    }

    /// Twice the total weight.
    fn total_degree(&self) -> f64 {
        (0..self.len()).map(|i| self.degree(i)).sum()
    }

    /// Phase 1: local moves until stable. Returns the community of each node, renumbered
    /// 0..k by first appearance, and k.
    fn one_level(&self, rng: &mut SeededRng, resolution: f64) -> (Vec<usize>, usize) {
        let n = self.len();
        let k: Vec<f64> = (0..n).map(|i| self.degree(i)).collect();
        let m2: f64 = k.iter().sum();
        let eps = 1e-12 * m2.max(1.0);
        let mut comm: Vec<usize> = (0..n).collect();
        let mut tot = k.clone();
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut neigh_w = vec![0.0; n];
        let mut seen = vec![false; n];
        let mut touched: Vec<usize> = Vec::new();
        // Each pass strictly increases modularity, so this terminates; the cap is a guard
        // against rounding cycles.
        for _pass in 0..1000 {
            let mut moves = 0;
            for &i in &order {
                let ci = comm[i];
                touched.clear();
                for &(j, w) in &self.adj[i] {
                    let c = comm[j];
                    if !seen[c] {
                        seen[c] = true;
                        touched.push(c);
                    }
                    neigh_w[c] += w;
                }
                tot[ci] -= k[i];
                let gain = |c: usize, w_ic: f64| w_ic - resolution * tot[c] * k[i] / m2;
                let stay = gain(ci, neigh_w[ci]);
                touched.sort_unstable();
                let mut best = ci;
                let mut best_gain = f64::NEG_INFINITY;
                for &c in &touched {
                    if c == ci {
                        continue;
                    }
                    let g = gain(c, neigh_w[c]);
                    if g > best_gain {
                        best = c;
                        best_gain = g;
                    }
                }
                if best == ci || best_gain <= stay + eps {
                    best = ci;
                } else {
                    moves += 1;
                }
                tot[best] += k[i];
                comm[i] = best;
                for &c in &touched {
                    neigh_w[c] = 0.0;
                    seen[c] = false;
                }
            }
            if moves == 0 {
                break;
            }
        }
        let mut new_id = vec![usize::MAX; n];
        let mut next = 0;
        for c in &mut comm {
            if new_id[*c] == usize::MAX {
                new_id[*c] = next;
                next += 1;
            }
            *c = new_id[*c];
        }
        (comm, next)
    }

    /// Phase 2: one node per community.
    fn aggregate(&self, comm: &[usize], k: usize) -> Level {
        let mut self_w = vec![0.0; k];
        let mut pairs: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for i in 0..self.len() {
            self_w[comm[i]] += self.self_w[i];
            for &(j, w) in &self.adj[i] {
                if j < i {
                    continue;
                }
                let (a, b) = (comm[i], comm[j]);
                if a == b {
                    self_w[a] += w;
                } else {
                    *pairs.entry((a.min(b), a.max(b))).or_insert(0.0) += w;
                }
            }
        }
        Level::from_pairs(k, pairs, self_w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, GraphKind, Measure, Node, NodeKind};

    fn graph(n: usize, edges: &[(usize, usize)]) -> Graph {
        let nodes = (0..n)
            .map(|i| Node::new(format!("n{i}"), format!("N{i}"), NodeKind::Theme))
            .collect();
        let edges = edges
            .iter()
            .map(|&(a, b)| Edge::new(a, b, 1.0, 1))
            .collect();
        Graph::new(GraphKind::Themes, Measure::Count, nodes, edges)
    }

    fn two_cliques() -> Graph {
        // Nodes 0..4 and 4..8 are 4-cliques, joined by 3–4.
        let mut edges = Vec::new();
        for base in [0, 4] {
            for a in base..base + 4 {
                for b in a + 1..base + 4 {
                    edges.push((a, b));
                }
            }
        }
        edges.push((3, 4));
        graph(8, &edges)
    }

    const KARATE: [(usize, usize); 78] = [
        (0, 1),
        (0, 2),
        (0, 3),
        (0, 4),
        (0, 5),
        (0, 6),
        (0, 7),
        (0, 8),
        (0, 10),
        (0, 11),
        (0, 12),
        (0, 13),
        (0, 17),
        (0, 19),
        (0, 21),
        (0, 31),
        (1, 2),
        (1, 3),
        (1, 7),
        (1, 13),
        (1, 17),
        (1, 19),
        (1, 21),
        (1, 30),
        (2, 3),
        (2, 7),
        (2, 8),
        (2, 9),
        (2, 13),
        (2, 27),
        (2, 28),
        (2, 32),
        (3, 7),
        (3, 12),
        (3, 13),
        (4, 6),
        (4, 10),
        (5, 6),
        (5, 10),
        (5, 16),
        (6, 16),
        (8, 30),
        (8, 32),
        (8, 33),
        (9, 33),
        (13, 33),
        (14, 32),
        (14, 33),
        (15, 32),
        (15, 33),
        (18, 32),
        (18, 33),
        (19, 33),
        (20, 32),
        (20, 33),
        (22, 32),
        (22, 33),
        (23, 25),
        (23, 27),
        (23, 29),
        (23, 32),
        (23, 33),
        (24, 25),
        (24, 27),
        (24, 31),
        (25, 31),
        (26, 29),
        (26, 33),
        (27, 33),
        (28, 31),
        (28, 33),
        (29, 32),
        (29, 33),
        (30, 32),
        (30, 33),
        (31, 32),
        (31, 33),
        (32, 33),
    ];

    #[test]
    fn two_cliques_give_two_communities() {
        let g = two_cliques();
        for seed in 0..20 {
            let p = louvain(
                &g,
                &LouvainParams {
                    seed,
                    ..LouvainParams::default()
                },
            );
            assert_eq!(p.count, 2, "seed {seed}");
            assert_eq!(
                p.communities(),
                vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]],
                "seed {seed}"
            );
            // Q = 2 × (6/13 − (13/26)²) = 12/13 − 1/2.
            assert!((p.modularity - (12.0 / 13.0 - 0.5)).abs() < 1e-12);
        }
    }

    #[test]
    fn karate_club_reaches_known_modularity() {
        let g = graph(34, &KARATE);
        for seed in [0, 1, 42] {
            let p = louvain(
                &g,
                &LouvainParams {
                    seed,
                    ..LouvainParams::default()
                },
            );
            assert!(p.modularity >= 0.40, "seed {seed}: Q = {}", p.modularity);
            assert!(
                (3..=5).contains(&p.count),
                "seed {seed}: {} communities",
                p.count
            );
            assert!(
                (p.modularity - modularity(&g, &p.membership)).abs() < 1e-12,
                "reported modularity is the partition's"
            );
            // The two leaders (0 and 33) end up apart.
            assert_ne!(p.membership[0], p.membership[33]);
        }
    }

    #[test]
    fn same_seed_same_partition() {
        let g = graph(34, &KARATE);
        let params = LouvainParams {
            seed: 7,
            ..LouvainParams::default()
        };
        assert_eq!(louvain(&g, &params), louvain(&g, &params));
    }

    #[test]
    fn renumbering_is_by_size_then_first_member() {
        // Community 2 has 3 members, 5 has 2, 9 has 1.
        assert_eq!(renumber(&[5, 2, 2, 5, 9, 2]), vec![1, 0, 0, 1, 2, 0]);
        assert_eq!(renumber(&[3, 1, 3, 1]), vec![0, 1, 0, 1]);
    }

    #[test]
    fn isolated_nodes_and_empty_graphs() {
        let g = graph(3, &[]);
        let p = louvain(&g, &LouvainParams::default());
        assert_eq!(p.membership, vec![0, 1, 2]);
        assert_eq!(p.modularity, 0.0);
        let mut edges: Vec<(usize, usize)> = Vec::new();
        for a in 0..4 {
            for b in a + 1..4 {
                edges.push((a, b));
            }
        }
        let g = graph(6, &edges);
        let p = louvain(&g, &LouvainParams::default());
        assert_eq!(p.membership, vec![0, 0, 0, 0, 1, 2]);
        let p = louvain(&graph(0, &[]), &LouvainParams::default());
        assert_eq!((p.count, p.membership.len()), (0, 0));
    }

    #[test]
    fn negative_edges_are_ignored() {
        let mut g = two_cliques();
        g.edges.push(Edge::new(0, 7, -5.0, 1));
        let g = Graph::new(g.kind, g.measure, g.nodes, g.edges);
        let p = louvain(&g, &LouvainParams::default());
        assert_eq!(p.communities(), vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }
}
