//! Cost of the graph stages on a theme-graph-sized input: 300 nodes in 6 planted groups,
//! about 3,000 edges. Each benchmark asserts its output so a broken stage cannot look fast.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use filrouge::graph::{
    Distance, Edge, Format, Graph, GraphKind, LayoutParams, LouvainParams, Measure, Node, NodeKind,
    betweenness, export, layout, louvain,
};

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
}

criterion_group!(benches, bench);
criterion_main!(benches);
