//! Cost of the graph stages on a theme-graph-sized input: 300 nodes in 6 planted groups,
//! about 3,000 edges; and on an archive of thousands of ateliers, where each large-graph method
//! is measured beside the exact one it replaces, at the threshold (1,000 nodes exact against
//! 1,001 nodes Barnes–Hut; 2,000 exact against 2,001 estimated betweenness; the dense cosine
//! matrix against the sparse edges). Each benchmark asserts its output so a broken stage cannot
//! look fast.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use filrouge::graph::{
    Distance, Edge, Format, Graph, GraphKind, LayoutParams, LouvainParams, Measure, Node, NodeKind,
    SparseRow, betweenness, cosine_edges_sparse, export, layout, louvain, tfidf_cosine,
};

/// A deterministic hash of two numbers, uniform in [0, 1).
fn unit(a: usize, b: usize) -> f64 {
    let h = ((a as u64) << 32 ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((h ^ h >> 29).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 11) as f64 / (1u64 << 53) as f64
}

/// `n` ateliers in `groups` groups, each linked to about `links` others, mostly of its group.
fn ateliers(n: usize, groups: usize, links: usize) -> Graph {
    let nodes = (0..n)
        .map(|i| Node::new(format!("a{i}"), format!("atelier n°{i}"), NodeKind::Atelier))
        .collect();
    let mut edges = Vec::new();
    for a in 0..n {
        for k in 0..links / 2 {
            let near = unit(a, k) < 0.9;
            let b = if near {
                (a + groups * (1 + (unit(k, a) * (n / groups) as f64) as usize)) % n
            } else {
                (unit(k, a) * n as f64) as usize
            };
            if a != b {
                edges.push(Edge::new(a, b, 0.1 + unit(a, b), 1));
            }
        }
    }
    Graph::new(GraphKind::Ateliers, Measure::Cosine, nodes, edges)
}

/// Theme profiles of `n` ateliers over `themes` themes: each mentions about `per` themes, the
/// frequent ones more often.
fn profiles(n: usize, themes: usize, per: usize) -> Vec<SparseRow> {
    (0..n)
        .map(|a| {
            (0..themes)
                .filter(|&t| {
                    unit(a, t) < per as f64 / themes as f64 * 2.0 * (1.0 - t as f64 / themes as f64)
                })
                .map(|t| {
                    (
                        t as u32,
                        (1.0 + 20.0 * unit(t, a) * (1.0 - t as f64 / themes as f64)).floor(),
                    )
                })
                .collect()
        })
        .collect()
}

/// A deterministic planted-partition graph (no RNG needed: a multiplicative hash decides).
fn planted(n: usize, groups: usize) -> Graph {
    let nodes = (0..n)
        .map(|i| Node::new(format!("t{i}"), format!("thème n°{i}"), NodeKind::Theme))
        .collect();
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let h = ((a * 7919 + b * 104_729) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
            let p = if a % groups == b % groups { 0.25 } else { 0.02 };
            if (h as f64) / ((1u64 << 24) as f64) < p {
                edges.push(Edge::new(a, b, 1.0 + (h % 5) as f64, 1 + h % 9));
            }
        }
    }
    Graph::new(GraphKind::Themes, Measure::Count, nodes, edges)
}

fn bench(c: &mut Criterion) {
    let g = planted(300, 6);
    let mut group = c.benchmark_group("graph_300");
    group.sample_size(10);
    group.bench_function("louvain", |b| {
        b.iter(|| {
            let p = louvain(black_box(&g), &LouvainParams::default());
            assert!(p.count >= 6 && p.modularity > 0.3);
        })
    });
    group.bench_function("betweenness_inverse_weight", |b| {
        b.iter(|| {
            let v = betweenness(black_box(&g), Distance::InverseWeight);
            assert_eq!(v.len(), 300);
        })
    });
    group.bench_function("layout_300_iterations", |b| {
        b.iter(|| {
            let pos = layout(black_box(&g), &LayoutParams::default());
            assert_eq!(pos.len(), 300);
        })
    });
    group.bench_function("export_all_formats", |b| {
        b.iter(|| {
            let bytes: usize = Format::ALL
                .iter()
                .map(|&f| export(black_box(&g), f).len())
                .sum();
            assert!(bytes > 100_000);
        })
    });
    group.finish();

    let mut group = c.benchmark_group("ateliers");
    group.sample_size(10);
    let exact = ateliers(1000, 20, 25);
    let approximate = ateliers(1001, 20, 25);
    group.bench_function("layout_1000_exact", |b| {
        b.iter(|| {
            assert_eq!(
                layout(black_box(&exact), &LayoutParams::default()).len(),
                1000
            )
        })
    });
    group.bench_function("layout_1001_barnes_hut", |b| {
        b.iter(|| {
            let pos = layout(black_box(&approximate), &LayoutParams::default());
            assert_eq!(pos.len(), 1001)
        })
    });
    let exact = ateliers(2000, 20, 25);
    let estimated = ateliers(2001, 20, 25);
    group.bench_function("betweenness_2000_exact", |b| {
        b.iter(|| {
            let v = betweenness(black_box(&exact), Distance::InverseWeight);
            assert!(v.len() == 2000 && v.iter().any(|&x| x > 0.0))
        })
    });
    group.bench_function("betweenness_2001_estimate", |b| {
        b.iter(|| {
            let v = betweenness(black_box(&estimated), Distance::InverseWeight);
            assert!(v.len() == 2001 && v.iter().any(|&x| x > 0.0))
        })
    });
    let rows = profiles(2000, 1000, 150);
    let labels: Vec<String> = (0..1000).map(|t| format!("thème {t}")).collect();
    let dense: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            let mut d = vec![0.0; 1000];
            r.iter().for_each(|&(c, v)| d[c as usize] = v);
            d
        })
        .collect();
    group.bench_function("cosine_matrix_dense_2000", |b| {
        b.iter(|| assert_eq!(tfidf_cosine(black_box(&dense)).len(), 2000))
    });
    group.bench_function("cosine_edges_sparse_2000", |b| {
        b.iter(|| {
            let edges = cosine_edges_sparse(black_box(&rows), 1000, &labels, 0.1, 3, 25);
            assert!(
                edges.len() >= 2000 * 25 / 2 && edges.len() <= 2000 * 25,
                "{}",
                edges.len()
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
