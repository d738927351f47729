//! A deterministic force-directed drawing: Fruchterman–Reingold (1991) with gravity.
//!
//! - Initial positions are uniform in the unit square, drawn from a seeded ChaCha8 generator.
//! - Every pair of nodes repels with force `k²/d`; every edge of positive weight attracts its
//!   ends with force `(w / w_max) · d²/k`, so stronger links are shorter; `k = √(1/n)`.
//! - A constant-magnitude gravity (as in ForceAtlas2) pulls every node toward the centre, so
//!   that isolated nodes and small components settle at a bounded distance instead of being
//!   pushed away for ever (which would crush the rest of the drawing after normalisation).
//! - A fixed number of iterations, with a temperature (maximum step) cooling linearly to zero.
//! - The result is scaled uniformly (aspect ratio kept) and centred into the unit square
//!   `[0, 1]²`: the larger extent spans exactly [0, 1].
//!
//! The cost is O(n²) per iteration (exact repulsion), fine for the hundreds of nodes of a
//! theme graph. Only sequential, IEEE-exact operations are used, so a seed gives the same
//! coordinates on every platform.

use serde::Serialize;

use super::{Graph, SeededRng};

/// Settings of [`layout`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LayoutParams {
    /// Seed of the initial positions.
    pub seed: u64,
    /// Number of iterations (default 300).
    pub iterations: u32,
    /// Strength of the pull toward the centre (default 1). Larger packs components and isolated
    /// nodes closer; 0 lets them drift.
    pub gravity: f64,
}

impl Default for LayoutParams {
    fn default() -> Self {
        LayoutParams {
            seed: 42,
            iterations: 300,
            gravity: 1.0,
        }
    }
}

/// The position of each node (by index) in the unit square.
pub fn layout(graph: &Graph, params: &LayoutParams) -> Vec<(f64, f64)> {
    let n = graph.nodes.len();
    match n {
        0 => return Vec::new(),
        1 => return vec![(0.5, 0.5)],
        _ => {}
    }
    let mut rng = SeededRng::new(params.seed);
    let mut pos: Vec<[f64; 2]> = (0..n).map(|_| [rng.unit(), rng.unit()]).collect();
    let w_max = graph
        .edges
        .iter()
        .map(|e| e.weight)
        .filter(|w| *w > 0.0 && w.is_finite())
        .fold(0.0, f64::max);
    let springs: Vec<(usize, usize, f64)> = graph
        .edges
        .iter()
        .filter(|e| e.weight > 0.0 && e.weight.is_finite() && e.source != e.target)
        .map(|e| (e.source, e.target, e.weight / w_max))
        .collect();

    let k = (1.0 / n as f64).sqrt();
    let k2 = k * k;
    let t0 = 0.1;
    let mut disp = vec![[0.0f64; 2]; n];
    for it in 0..params.iterations {
        let temperature = t0 * (1.0 - it as f64 / params.iterations as f64);
        disp.iter_mut().for_each(|d| *d = [0.0, 0.0]);
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy, dist) = separation(&pos, i, j);
                let f = k2 / dist;
                let (fx, fy) = (dx / dist * f, dy / dist * f);
                disp[i][0] += fx;
                disp[i][1] += fy;
                disp[j][0] -= fx;
                disp[j][1] -= fy;
            }
        }
        for &(a, b, w) in &springs {
            let (dx, dy, dist) = separation(&pos, a, b);
            let f = w * dist * dist / k;
            let (fx, fy) = (dx / dist * f, dy / dist * f);
            disp[a][0] -= fx;
            disp[a][1] -= fy;
            disp[b][0] += fx;
            disp[b][1] += fy;
        }
        for (p, d) in pos.iter().zip(disp.iter_mut()) {
            let (cx, cy) = (0.5 - p[0], 0.5 - p[1]);
            let r = (cx * cx + cy * cy).sqrt();
            if r > 1e-12 {
                d[0] += params.gravity * cx / r;
                d[1] += params.gravity * cy / r;
            }
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                p[0] += d[0] / len * step;
                p[1] += d[1] / len * step;
            }
        }
    }
    normalise(&pos)
}

/// Writes [`layout`]'s positions into the nodes' `x` and `y`.
pub fn apply_layout(graph: &mut Graph, params: &LayoutParams) {
    let positions = layout(graph, params);
    for (node, (x, y)) in graph.nodes.iter_mut().zip(positions) {
        node.x = x;
        node.y = y;
    }
}

/// Vector from `j` to `i` and its length; coincident nodes get a tiny deterministic split.
fn separation(pos: &[[f64; 2]], i: usize, j: usize) -> (f64, f64, f64) {
    let (mut dx, mut dy) = (pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]);
    let mut dist = (dx * dx + dy * dy).sqrt();
    if dist < 1e-9 {
        dx = 1e-9 * (1.0 + (i % 7) as f64);
        dy = 1e-9 * (1.0 + (j % 5) as f64);
        dist = (dx * dx + dy * dy).sqrt();
    }
    (dx, dy, dist)
}

/// Uniform scaling and centring into [0, 1]².
fn normalise(pos: &[[f64; 2]]) -> Vec<(f64, f64)> {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in pos {
        for a in 0..2 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    let extent = [hi[0] - lo[0], hi[1] - lo[1]];
    let span = extent[0].max(extent[1]);
    if !(span > 0.0 && span.is_finite()) {
        return vec![(0.5, 0.5); pos.len()];
    }
    let offset = [
        (1.0 - extent[0] / span) / 2.0,
        (1.0 - extent[1] / span) / 2.0,
    ];
    pos.iter()
        .map(|p| {
            let x = ((p[0] - lo[0]) / span + offset[0]).clamp(0.0, 1.0);
            let y = ((p[1] - lo[1]) / span + offset[1]).clamp(0.0, 1.0);
            (x, y)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Node, NodeKind};

    fn graph(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
        crate::graph::test_graph(n, edges)
    }

    fn cliques(sizes: &[usize], bridge: bool) -> (Graph, Vec<usize>) {
        let mut edges = Vec::new();
        let mut group = Vec::new();
        let mut base = 0;
        for (g, &s) in sizes.iter().enumerate() {
            for a in base..base + s {
                group.push(g);
                for b in a + 1..base + s {
                    edges.push((a, b, 1.0));
                }
            }
            base += s;
        }
        if bridge {
            edges.push((sizes[0] - 1, sizes[0], 0.5));
        }
        (graph(base, &edges), group)
    }

    fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    /// Mean distance within groups and between groups.
    fn intra_inter(pos: &[(f64, f64)], group: &[usize]) -> (f64, f64) {
        let (mut intra, mut ni, mut inter, mut ne) = (0.0, 0, 0.0, 0);
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                if group[i] == group[j] {
                    intra += dist(pos[i], pos[j]);
                    ni += 1;
                } else {
                    inter += dist(pos[i], pos[j]);
                    ne += 1;
                }
            }
        }
        (intra / ni as f64, inter / ne as f64)
    }

    #[test]
    fn deterministic_and_in_the_unit_square() {
        let (g, _) = cliques(&[4, 4], true);
        let p = LayoutParams::default();
        let a = layout(&g, &p);
        assert_eq!(a, layout(&g, &p));
        assert!(
            a.iter()
                .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y))
        );
        // The larger extent spans the unit interval.
        let xs = a.iter().map(|p| p.0);
        let ys = a.iter().map(|p| p.1);
        let span_x = xs.clone().fold(0.0, f64::max) - xs.fold(1.0, f64::min);
        let span_y = ys.clone().fold(0.0, f64::max) - ys.fold(1.0, f64::min);
        assert!((span_x.max(span_y) - 1.0).abs() < 1e-12);
        let other = layout(
            &g,
            &LayoutParams {
                seed: 1,
                ..LayoutParams::default()
            },
        );
        assert_ne!(a, other);
    }

    #[test]
    fn two_cliques_are_separated() {
        for seed in 0..5 {
            let (g, group) = cliques(&[4, 4], true);
            let pos = layout(
                &g,
                &LayoutParams {
                    seed,
                    ..LayoutParams::default()
                },
            );
            let (intra, inter) = intra_inter(&pos, &group);
            assert!(
                intra * 1.5 < inter,
                "seed {seed}: intra {intra}, inter {inter}"
            );
        }
    }

    #[test]
    fn components_and_isolated_nodes_stay_close() {
        // Two unlinked 5-cliques and two isolated nodes: each clique keeps a visible size.
        let (mut g, mut group) = cliques(&[5, 5], false);
        for i in 0..2 {
            g.nodes
                .push(Node::new(format!("iso{i}"), "isolé", NodeKind::Theme));
            group.push(2 + i);
        }
        let pos = layout(&g, &LayoutParams::default());
        for c in 0..2 {
            let members: Vec<(f64, f64)> = (0..5).map(|i| pos[c * 5 + i]).collect();
            let diameter = members
                .iter()
                .flat_map(|a| members.iter().map(move |b| dist(*a, *b)))
                .fold(0.0, f64::max);
            assert!(diameter > 0.1, "clique {c} crushed: diameter {diameter}");
        }
        let (intra, inter) = intra_inter(&pos[..10], &group[..10]);
        assert!(intra < inter, "intra {intra}, inter {inter}");
    }

    #[test]
    fn tiny_graphs() {
        assert!(layout(&graph(0, &[]), &LayoutParams::default()).is_empty());
        assert_eq!(
            layout(&graph(1, &[]), &LayoutParams::default()),
            vec![(0.5, 0.5)]
        );
        let two = layout(&graph(2, &[(0, 1, 1.0)]), &LayoutParams::default());
        assert!(dist(two[0], two[1]) > 0.99);
    }

    #[test]
    fn apply_layout_writes_nodes() {
        let (mut g, _) = cliques(&[3], false);
        apply_layout(&mut g, &LayoutParams::default());
        let got: Vec<(f64, f64)> = g.nodes.iter().map(|n| (n.x, n.y)).collect();
        assert_eq!(got, layout(&g, &LayoutParams::default()));
    }
}
