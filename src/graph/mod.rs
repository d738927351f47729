//! Co-occurrence graphs: how to weigh a link, which links to keep, the graph's structure
//! (communities, centrality), a drawing (layout), and the files other tools read (exports).
//!
//! This module is generic: it knows nodes and weighted undirected edges, not themes. The caller
//! (the theme stage) counts units, fills [`Node`]s, and asks for edges:
//!
//! 1. [`measure`]: association measures from counts (Jaccard, Dice, NPMI, log-likelihood, …).
//! 2. [`build`]: edges from co-occurrence counts ([`cooccurrence_edges`]) or from TF-IDF cosine of
//!    profiles ([`cosine_edges`]); the maximum spanning tree backbone
//!    ([`maximum_spanning_tree`]).
//! 3. [`community`]: Louvain communities, seeded and deterministic.
//! 4. [`centrality`]: weighted degree and Brandes betweenness (estimated from seeded sources
//!    above 2,000 nodes).
//! 5. [`layout`](mod@layout): seeded Fruchterman–Reingold layout in the unit square (Barnes–Hut
//!    repulsion above 1,000 nodes).
//! 6. [`export`](mod@export): GraphML, GEXF 1.3, DOT and node-link JSON, byte-deterministic.
//!
//! [`Graph::annotate`] runs 3–5 and writes the results into the nodes.
//! [`excerpt`](mod@excerpt) keeps the part of a large graph worth drawing.
//!
//! Conventions shared by every algorithm here:
//! - edges are undirected, stored once with `source < target`, sorted by `(source, target)`;
//! - the structural algorithms (communities, weighted betweenness, layout attraction) use only
//!   edges of **positive** weight: a negative signed log-likelihood or NPMI says "these two
//!   avoid each other", which is no reason to group or draw them together;
//! - randomness comes from a seeded ChaCha8 generator, so a seed fixes the output on every
//!   platform.

pub mod build;
pub mod centrality;
pub mod community;
pub mod excerpt;
pub mod export;
pub mod from_themes;
pub mod layout;
pub mod measure;

use petgraph::graph::{NodeIndex, UnGraph};
use serde::Serialize;

pub use build::{
    SparseRow, cooccurrence_edges, cosine_contributions, cosine_edges, cosine_edges_sparse,
    cosine_matrix, maximum_spanning_tree, sparse_rows, tfidf_cosine, tfidf_weights,
    tfidf_weights_sparse,
};
pub use centrality::{Distance, betweenness, weighted_degree};
pub use community::{LouvainParams, Partition, louvain, modularity};
pub use excerpt::excerpt;
pub use export::{Format, export};
pub use layout::{LayoutParams, layout};
pub use measure::Measure;

/// Which graph this is: what its nodes stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GraphKind {
    /// Themes linked when they co-occur in the same units (sentences or windows).
    Themes,
    /// Ateliers linked when their theme profiles are similar.
    Ateliers,
    /// Ateliers linked to the themes they discuss (two kinds of nodes).
    Bipartite,
}

impl GraphKind {
    /// The stable lowercase name used in exports (`themes`, `ateliers`, `bipartite`).
    pub fn as_str(self) -> &'static str {
        match self {
            GraphKind::Themes => "themes",
            GraphKind::Ateliers => "ateliers",
            GraphKind::Bipartite => "bipartite",
        }
    }
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A theme (a term or group of terms).
    Theme,
    /// An atelier (one workshop's notes).
    Atelier,
}

impl NodeKind {
    /// The stable lowercase name used in exports (`theme`, `atelier`).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Theme => "theme",
            NodeKind::Atelier => "atelier",
        }
    }
}

/// A name that is not one of the accepted spellings of an enum ([`Measure`], [`Format`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} « {given} » ; attendu : {expected}")]
pub struct UnknownName {
    /// What was being parsed in French, with its adjective (`mesure inconnue`, `format inconnu`).
    pub what: &'static str,
    /// The text given.
    pub given: String,
    /// The accepted spellings, comma-separated.
    pub expected: &'static str,
}

/// One node of a graph, with the data every export carries.
///
/// The structural fields (`community`, `weighted_degree`, `betweenness`, `x`, `y`) start empty
/// ([`Node::new`]) and are filled by [`Graph::annotate`] or the individual algorithms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Stable identifier, unique within the graph (used as the node id in every export).
    pub id: String,
    /// Human-readable label (French, accents kept).
    pub label: String,
    /// Theme or atelier.
    pub kind: NodeKind,
    /// The event (session) the node belongs to, when it belongs to one.
    pub event: Option<String>,
    /// How often the node occurs (units for a theme, e.g. sentences; exported as its size).
    pub occurrences: u64,
    /// In how many ateliers the node occurs (1 for an atelier node itself).
    pub ateliers: u32,
    /// Community number from [`louvain`]: 0 is the largest community.
    pub community: Option<u32>,
    /// Sum of the weights of the incident edges.
    pub weighted_degree: f64,
    /// Normalised betweenness centrality, in [0, 1] (an estimate above 2,000 nodes, which may
    /// slightly exceed 1: see [`betweenness`]).
    pub betweenness: f64,
    /// Layout abscissa, in [0, 1].
    pub x: f64,
    /// Layout ordinate, in [0, 1].
    pub y: f64,
}

impl Node {
    /// A node with its identity and counts set and every structural field empty (zero).
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: NodeKind) -> Self {
        Node {
            id: id.into(),
            label: label.into(),
            kind,
            event: None,
            occurrences: 0,
            ateliers: 0,
            community: None,
            weighted_degree: 0.0,
            betweenness: 0.0,
            x: 0.0,
            y: 0.0,
        }
    }
}

/// One undirected edge between two nodes (indices into [`Graph::nodes`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Index of the first node; always smaller than `target`.
    pub source: usize,
    /// Index of the second node.
    pub target: usize,
    /// Strength of the link, in the graph's [`Measure`].
    pub weight: f64,
    /// Raw evidence: units where both occur (co-occurrence), or columns both profiles share
    /// (cosine).
    pub count: u64,
    /// Labels of the themes that weigh most in the link (most important first).
    pub shared: Vec<String>,
    /// Whether the two nodes belong to different events.
    pub cross_event: bool,
}

impl Edge {
    /// An edge between `a` and `b` (in either order: stored with `source < target`), with no
    /// shared labels and `cross_event` false.
    pub fn new(a: usize, b: usize, weight: f64, count: u64) -> Self {
        Edge {
            source: a.min(b),
            target: a.max(b),
            weight,
            count,
            shared: Vec::new(),
            cross_event: false,
        }
    }
}

/// A weighted undirected graph with its nodes' data: what every algorithm here reads and every
/// exporter writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graph {
    /// What the nodes stand for.
    pub kind: GraphKind,
    /// How the edge weights were computed.
    pub measure: Measure,
    /// The nodes; an edge refers to a node by its index here.
    pub nodes: Vec<Node>,
    /// The edges, `source < target`, sorted by `(source, target)`, no duplicates.
    pub edges: Vec<Edge>,
}

impl Graph {
    /// A graph from its parts. Edges are put in canonical form (`source < target`, sorted by
    /// `(source, target)`); self-loops are dropped. Node ids must be unique (every export
    /// names nodes by id) and each pair given once (both checked in debug builds). Panics if
    /// an edge refers to a missing node (a programming error of the caller).
    pub fn new(kind: GraphKind, measure: Measure, nodes: Vec<Node>, mut edges: Vec<Edge>) -> Self {
        let n = nodes.len();
        debug_assert!(
            {
                let mut ids: Vec<&str> = nodes.iter().map(|v| v.id.as_str()).collect();
                ids.sort_unstable();
                ids.windows(2).all(|w| w[0] != w[1])
            },
            "node ids must be unique"
        );
        edges.retain(|e| e.source != e.target);
        for e in &mut edges {
            assert!(
                e.source < n && e.target < n,
                "edge {}–{} refers to a node outside 0..{n}",
                e.source,
                e.target
            );
            if e.source > e.target {
                std::mem::swap(&mut e.source, &mut e.target);
            }
        }
        edges.sort_by_key(|e| (e.source, e.target));
        debug_assert!(
            edges
                .windows(2)
                .all(|w| (w[0].source, w[0].target) != (w[1].source, w[1].target)),
            "each pair must be given once"
        );
        Graph {
            kind,
            measure,
            nodes,
            edges,
        }
    }

    /// The petgraph view: node weight = index into [`Graph::nodes`] (petgraph's `NodeIndex`
    /// equals it), edge weight = [`Edge::weight`], edges added in [`Graph::edges`] order.
    pub fn to_petgraph(&self) -> UnGraph<usize, f64> {
        let mut g = UnGraph::with_capacity(self.nodes.len(), self.edges.len());
        for i in 0..self.nodes.len() {
            g.add_node(i);
        }
        for e in &self.edges {
            g.add_edge(NodeIndex::new(e.source), NodeIndex::new(e.target), e.weight);
        }
        g
    }

    /// Sets `cross_event` on every edge: true when both ends have an event and they differ.
    pub fn mark_cross_event(&mut self) {
        for e in &mut self.edges {
            let (a, b) = (&self.nodes[e.source].event, &self.nodes[e.target].event);
            e.cross_event = matches!((a, b), (Some(a), Some(b)) if a != b);
        }
    }

    /// Computes the structure and drawing and writes them into the nodes: weighted degree,
    /// betweenness (distance = 1/weight), Louvain communities and the layout, all seeded by
    /// `seed` with default settings. Returns the partition (with its modularity).
    pub fn annotate(&mut self, seed: u64) -> Partition {
        self.annotate_with(
            &LouvainParams {
                seed,
                ..LouvainParams::default()
            },
            &LayoutParams {
                seed,
                ..LayoutParams::default()
            },
            Distance::InverseWeight,
        )
    }

    /// [`Graph::annotate`] with explicit settings for each algorithm.
    pub fn annotate_with(
        &mut self,
        communities: &LouvainParams,
        drawing: &LayoutParams,
        distance: Distance,
    ) -> Partition {
        let degree = weighted_degree(self);
        // Three independent measures, each deterministic on its own: the drawing (serial up to
        // a thousand nodes) and the communities (serial) run beside the betweenness.
        let graph = &*self;
        let ((between, partition), positions) = rayon::join(
            || {
                rayon::join(
                    || betweenness(graph, distance),
                    || louvain(graph, communities),
                )
            },
            || layout(graph, drawing),
        );
        for (i, node) in self.nodes.iter_mut().enumerate() {
            node.weighted_degree = degree[i];
            node.betweenness = between[i];
            node.community = Some(partition.membership[i]);
            (node.x, node.y) = positions[i];
        }
        partition
    }
}

/// A small seeded random source shared by the algorithms: ChaCha8, portable across platforms.
pub(crate) struct SeededRng(rand_chacha::ChaCha8Rng);

impl SeededRng {
    /// A generator for `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        use rand_chacha::rand_core::SeedableRng;
        SeededRng(rand_chacha::ChaCha8Rng::seed_from_u64(seed))
    }

    /// A uniform float in [0, 1) with 53 random bits.
    pub(crate) fn unit(&mut self) -> f64 {
        use rand_chacha::rand_core::Rng;
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..bound` (`bound > 0`), by rejection so it is unbiased.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        use rand_chacha::rand_core::Rng;
        // 2^64 mod bound: values below it would make the low residues more likely.
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let v = self.0.next_u64();
            if v >= threshold {
                return v % bound;
            }
        }
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// A small weighted theme graph for unit tests: nodes `n0…`, edges with count 1.
#[cfg(test)]
pub(crate) fn test_graph(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
    let nodes = (0..n)
        .map(|i| Node::new(format!("n{i}"), format!("N{i}"), NodeKind::Theme))
        .collect();
    let edges = edges
        .iter()
        .map(|&(a, b, w)| Edge::new(a, b, w, 1))
        .collect();
    Graph::new(GraphKind::Themes, Measure::Count, nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_graph_canonicalises_edges() {
        let nodes = (0..3)
            .map(|i| Node::new(format!("n{i}"), format!("N{i}"), NodeKind::Theme))
            .collect();
        let edges = vec![
            Edge::new(2, 1, 1.0, 1),
            Edge {
                source: 1,
                target: 0,
                ..Edge::new(0, 1, 2.0, 2)
            },
            Edge::new(1, 1, 9.0, 9),
        ];
        let g = Graph::new(GraphKind::Themes, Measure::Count, nodes, edges);
        let pairs: Vec<_> = g.edges.iter().map(|e| (e.source, e.target)).collect();
        assert_eq!(pairs, vec![(0, 1), (1, 2)]);
        let pg = g.to_petgraph();
        assert_eq!(pg.node_count(), 3);
        assert_eq!(pg.edge_count(), 2);
        assert_eq!(pg[NodeIndex::new(2)], 2);
    }

    #[test]
    fn cross_event_needs_two_different_events() {
        let mut nodes: Vec<Node> = (0..3)
            .map(|i| Node::new(format!("n{i}"), "x", NodeKind::Atelier))
            .collect();
        nodes[0].event = Some("Lyon".into());
        nodes[1].event = Some("Paris".into());
        let edges = vec![
            Edge::new(0, 1, 1.0, 1),
            Edge::new(1, 2, 1.0, 1),
            Edge::new(0, 2, 1.0, 1),
        ];
        let mut g = Graph::new(GraphKind::Ateliers, Measure::Cosine, nodes, edges);
        g.mark_cross_event();
        let flags: Vec<bool> = g.edges.iter().map(|e| e.cross_event).collect();
        assert_eq!(flags, vec![true, false, false]);
    }

    #[test]
    fn rng_is_seeded_and_in_range() {
        let mut a = SeededRng::new(7);
        let mut b = SeededRng::new(7);
        let xs: Vec<f64> = (0..100).map(|_| a.unit()).collect();
        let ys: Vec<f64> = (0..100).map(|_| b.unit()).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|&x| (0.0..1.0).contains(&x)));
        let mut c = SeededRng::new(8);
        assert_ne!(xs[0], c.unit());
        let mut counts = [0u32; 3];
        for _ in 0..3000 {
            counts[a.below(3) as usize] += 1;
        }
        assert!(counts.iter().all(|&k| k > 800), "{counts:?}");
        let mut v: Vec<u32> = (0..10).collect();
        a.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    }
}
