//! Properties of the graph machinery on random inputs: measures stay in their ranges, the
//! structure is well formed (partition, centrality, layout box, spanning forest), and nothing
//! panics.

use filrouge::graph::{
    Distance, Edge, Format, Graph, GraphKind, Measure, Node, NodeKind, betweenness, export,
    maximum_spanning_tree, measure, modularity, tfidf_cosine,
};
use petgraph::unionfind::UnionFind;
use proptest::prelude::*;

/// Valid unit counts `(n, a, b, ab)`: `ab ≤ min(a, b)`, `a + b − ab ≤ n`.
fn counts() -> impl Strategy<Value = (u64, u64, u64, u64)> {
    (1u64..500)
        .prop_flat_map(|n| (Just(n), 0..=n, 0..=n))
        .prop_flat_map(|(n, a, b)| {
            let lo = (a + b).saturating_sub(n);
            (Just(n), Just(a), Just(b), lo..=a.min(b))
        })
}

/// A random graph of up to 25 nodes with weights in [−1, 5].
fn random_graph() -> impl Strategy<Value = Graph> {
    (1usize..25).prop_flat_map(|n| {
        proptest::collection::vec((0..n, 0..n, -1.0f64..5.0), 0..3 * n).prop_map(move |raw| {
            let mut seen = std::collections::BTreeSet::new();
            let edges = raw
                .into_iter()
                .filter(|&(a, b, _)| a != b && seen.insert((a.min(b), a.max(b))))
                .map(|(a, b, w)| Edge::new(a, b, w, 1))
                .collect();
            let nodes = (0..n)
                .map(|i| Node::new(format!("n{i}"), format!("thème {i}"), NodeKind::Theme))
                .collect();
            Graph::new(GraphKind::Themes, Measure::Count, nodes, edges)
        })
    })
}

proptest! {
    #[test]
    fn measures_stay_in_range((n, a, b, ab) in counts()) {
        for m in [Measure::Jaccard, Measure::Dice, Measure::Cosine] {
            let v = m.score(n, a, b, ab);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&v), "{m}: {v}");
        }
        let v = measure::npmi(n, a, b, ab);
        prop_assert!((-1.0..=1.0).contains(&v), "npmi {v}");
        let g2 = measure::log_likelihood(n, a, b, ab);
        prop_assert!(g2.is_finite());
        let attraction = (ab as f64) * (n as f64) - (a as f64) * (b as f64);
        if g2 > 1e-9 {
            prop_assert!(attraction > 0.0, "positive G² {g2} without attraction");
        }
        if g2 < -1e-9 {
            prop_assert!(attraction < 0.0, "negative G² {g2} without repulsion");
        }
    }

    #[test]
    fn annotation_is_well_formed(mut g in random_graph(), seed in 0u64..1000) {
        let p = g.annotate(seed);
        let n = g.nodes.len();
        prop_assert_eq!(p.membership.len(), n);
        // Community ids are 0..count, sizes non-increasing.
        let mut sizes = vec![0usize; p.count as usize];
        for &c in &p.membership {
            sizes[c as usize] += 1;
        }
        prop_assert!(sizes.iter().all(|&s| s > 0));
        prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
        prop_assert!((p.modularity - modularity(&g, &p.membership)).abs() < 1e-9);
        prop_assert!((-0.5 - 1e-9..=1.0).contains(&p.modularity));
        for node in &g.nodes {
            prop_assert!((0.0..=1.0).contains(&node.x) && (0.0..=1.0).contains(&node.y));
            prop_assert!((0.0..=1.0 + 1e-9).contains(&node.betweenness));
        }
        for b in betweenness(&g, Distance::Unweighted) {
            prop_assert!((0.0..=1.0 + 1e-9).contains(&b));
        }
        // Same seed, same bytes.
        let mut again = g.clone();
        again.annotate(seed);
        for f in Format::ALL {
            prop_assert_eq!(export(&g, f), export(&again, f));
        }
    }

    #[test]
    fn spanning_forest_spans_without_cycles(g in random_graph()) {
        let t = maximum_spanning_tree(&g);
        let n = g.nodes.len();
        let mut components = UnionFind::<usize>::new(n);
        for e in &g.edges {
            components.union(e.source, e.target);
        }
        let k = (0..n).filter(|&i| components.find(i) == i).count();
        prop_assert_eq!(t.edges.len(), n - k);
        let mut forest = UnionFind::<usize>::new(n);
        for e in &t.edges {
            prop_assert!(forest.union(e.source, e.target), "cycle through {}–{}", e.source, e.target);
            prop_assert!(g.edges.contains(e));
        }
    }

    #[test]
    fn tfidf_cosine_is_a_similarity(
        rows in proptest::collection::vec(proptest::collection::vec(0u8..5, 0..8), 0..8)
    ) {
        let profiles: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| r.iter().map(|&v| f64::from(v)).collect())
            .collect();
        let m = tfidf_cosine(&profiles);
        prop_assert_eq!(m.len(), profiles.len());
        for (i, row) in m.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                prop_assert!((-1e-12..=1.0 + 1e-12).contains(&v));
                prop_assert_eq!(v, m[j][i]);
            }
        }
    }
}
