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
//! Up to [`EXACT_REPULSION_UP_TO`] nodes the repulsion is exact, O(n²) per iteration: fine for
//! the hundreds of nodes of a theme graph, and the drawing of such graphs never changes. Above,
//! an archive of thousands of ateliers, it is approximated the Barnes–Hut way (1986): the nodes
//! are put in a quadtree each iteration, and a far group of nodes repels as one body of their
//! number at their centre, when the group's square is seen under less than [`THETA`]
//! (O(n log n)). Each node's repulsion is then summed on its own, in a fixed order, so the
//! nodes are shared among threads with the same result. 5,000 ateliers: 40 % of a 44 s run
//! went to the exact repulsion.
//!
//! Only IEEE-exact operations are used, each sum in a fixed order, so a seed gives the same
//! coordinates on every platform and with any number of threads.

use rayon::prelude::*;
use serde::Serialize;

use super::{Graph, SeededRng};

/// Graphs of at most this many nodes are drawn with the exact repulsion; larger ones with the
/// Barnes–Hut approximation (see the module doc). A thousand nodes: about 0.7 s exact.
pub const EXACT_REPULSION_UP_TO: usize = 1000;

/// Barnes–Hut opening criterion: a square of side `s` whose centre of mass is at distance `d`
/// acts as one body when `s / d < THETA`. 0.5 is the usual choice (a few per cent of error on
/// a node's repulsion); it must stay below `1/√2`, so that the square holding the node itself
/// is always opened.
pub const THETA: f64 = 0.5;

/// At most this many nodes in a leaf of the quadtree (they repel exactly).
const LEAF_NODES: usize = 8;

/// Below this depth the quadtree stops splitting (nodes at the same place share a leaf).
const MAX_DEPTH: u32 = 48;

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
    layout_with(graph, params, EXACT_REPULSION_UP_TO)
}

/// [`layout`], with the exact repulsion up to `exact_up_to` nodes.
pub(crate) fn layout_with(
    graph: &Graph,
    params: &LayoutParams,
    exact_up_to: usize,
) -> Vec<(f64, f64)> {
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
        if n <= exact_up_to {
            exact_repulsion(&pos, k2, &mut disp);
        } else {
            let tree = QuadTree::new(&pos);
            disp.par_iter_mut()
                .enumerate()
                .for_each_init(Vec::new, |stack, (i, d)| {
                    *d = tree.repulsion(&pos, i, k2, stack);
                });
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

/// The repulsion `k2 / d` of every pair of nodes, exactly, written into `disp`: each pair once,
/// lower index first.
fn exact_repulsion(pos: &[[f64; 2]], k2: f64, disp: &mut [[f64; 2]]) {
    disp.iter_mut().for_each(|d| *d = [0.0, 0.0]);
    for i in 0..pos.len() {
        for j in i + 1..pos.len() {
            let (dx, dy, dist) = separation(pos, i, j);
            let f = k2 / dist;
            let (fx, fy) = (dx / dist * f, dy / dist * f);
            disp[i][0] += fx;
            disp[i][1] += fy;
            disp[j][0] -= fx;
            disp[j][1] -= fy;
        }
    }
}

/// The lowest and highest coordinates of the nodes, per axis.
fn bounds(pos: &[[f64; 2]]) -> ([f64; 2], [f64; 2]) {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in pos {
        for a in 0..2 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    (lo, hi)
}

/// A square of the quadtree: the nodes in it, as one body, and its four quarters or its nodes.
#[derive(Debug, Clone, Copy)]
struct Square {
    /// Side length.
    side: f64,
    /// Centre of mass of its nodes.
    centre: [f64; 2],
    /// Number of its nodes.
    mass: f64,
    /// Its non-empty quarters (indices in the tree's squares), or none for a leaf.
    quarters: [u32; 4],
    /// For a leaf: its nodes are `order[first..first + len]`.
    first: u32,
    len: u32,
}

/// The quadtree of one iteration's positions (see the module doc).
struct QuadTree {
    squares: Vec<Square>,
    /// The nodes, grouped leaf by leaf.
    order: Vec<u32>,
}

/// No quarter.
const NONE: u32 = u32::MAX;

impl QuadTree {
    /// The tree of `pos`; the root (square 0) is the smallest square around all the nodes.
    fn new(pos: &[[f64; 2]]) -> QuadTree {
        let (lo, hi) = bounds(pos);
        let side = (hi[0] - lo[0]).max(hi[1] - lo[1]);
        let mut tree = QuadTree {
            squares: Vec::with_capacity(pos.len() / 2 + 1),
            order: (0..pos.len() as u32).collect(),
        };
        let mut scratch = Vec::with_capacity(pos.len());
        tree.build(pos, 0, pos.len(), lo, side, 0, &mut scratch);
        tree
    }

    /// Builds the square of corner `corner` and side `side` holding `order[from..to]`; returns
    /// its index.
    #[allow(clippy::too_many_arguments)]
    fn build(
        &mut self,
        pos: &[[f64; 2]],
        from: usize,
        to: usize,
        corner: [f64; 2],
        side: f64,
        depth: u32,
        scratch: &mut Vec<u32>,
    ) -> u32 {
        let me = self.squares.len() as u32;
        self.squares.push(Square {
            side,
            centre: [0.0; 2],
            mass: (to - from) as f64,
            quarters: [NONE; 4],
            first: from as u32,
            len: (to - from) as u32,
        });
        if to - from <= LEAF_NODES || depth >= MAX_DEPTH || side.is_nan() || side <= 0.0 {
            let mut c = [0.0; 2];
            for &j in &self.order[from..to] {
                c[0] += pos[j as usize][0];
                c[1] += pos[j as usize][1];
            }
            let m = (to - from) as f64;
            self.squares[me as usize].centre = [c[0] / m, c[1] / m];
            return me;
        }
        // The nodes, quarter by quarter, each quarter in their previous order.
        let half = side / 2.0;
        let mid = [corner[0] + half, corner[1] + half];
        let quarter = |j: u32| {
            let p = pos[j as usize];
            usize::from(p[0] >= mid[0]) | usize::from(p[1] >= mid[1]) << 1
        };
        let mut bounds = [from; 5];
        scratch.clear();
        for q in 0..4 {
            scratch.extend(self.order[from..to].iter().filter(|&&j| quarter(j) == q));
            bounds[q + 1] = from + scratch.len();
        }
        self.order[from..to].copy_from_slice(scratch);
        let mut quarters = [NONE; 4];
        let (mut c, mut m) = ([0.0; 2], 0.0);
        for q in 0..4 {
            if bounds[q] == bounds[q + 1] {
                continue;
            }
            let corner = [
                if q & 1 == 1 { mid[0] } else { corner[0] },
                if q & 2 == 2 { mid[1] } else { corner[1] },
            ];
            let s = self.build(
                pos,
                bounds[q],
                bounds[q + 1],
                corner,
                half,
                depth + 1,
                scratch,
            );
            quarters[q] = s;
            let sq = self.squares[s as usize];
            c[0] += sq.centre[0] * sq.mass;
            c[1] += sq.centre[1] * sq.mass;
            m += sq.mass;
        }
        let sq = &mut self.squares[me as usize];
        sq.quarters = quarters;
        sq.centre = [c[0] / m, c[1] / m];
        me
    }

    /// The repulsion `k2 / d` of every other node on node `i`, far squares as one body each;
    /// `stack` is scratch.
    fn repulsion(&self, pos: &[[f64; 2]], i: usize, k2: f64, stack: &mut Vec<u32>) -> [f64; 2] {
        let mut f = [0.0; 2];
        stack.clear();
        stack.push(0);
        while let Some(s) = stack.pop() {
            let sq = &self.squares[s as usize];
            if sq.quarters == [NONE; 4] {
                let (a, b) = (sq.first as usize, (sq.first + sq.len) as usize);
                for &j in &self.order[a..b] {
                    let j = j as usize;
                    if j == i {
                        continue;
                    }
                    // The pair as the exact loop sees it (lower index first), from `i`'s side.
                    let (dx, dy, dist) = if i < j {
                        separation(pos, i, j)
                    } else {
                        let (dx, dy, dist) = separation(pos, j, i);
                        (-dx, -dy, dist)
                    };
                    let r = k2 / dist;
                    f[0] += dx / dist * r;
                    f[1] += dy / dist * r;
                }
                continue;
            }
            let (dx, dy) = (pos[i][0] - sq.centre[0], pos[i][1] - sq.centre[1]);
            let dist = (dx * dx + dy * dy).sqrt();
            if dist > 0.0 && sq.side < THETA * dist {
                let r = sq.mass * k2 / dist;
                f[0] += dx / dist * r;
                f[1] += dy / dist * r;
            } else {
                // Pushed last to first: the quarters are visited in order.
                stack.extend(sq.quarters.iter().rev().filter(|&&q| q != NONE));
            }
        }
        f
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
    let (lo, hi) = bounds(pos);
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

    /// The exact repulsion on each node, as the exact drawing sums it.
    fn exact(pos: &[[f64; 2]], k2: f64) -> Vec<[f64; 2]> {
        let mut disp = vec![[0.0; 2]; pos.len()];
        exact_repulsion(pos, k2, &mut disp);
        disp
    }

    /// The quadtree's repulsion is within 3 % of the exact one on 99 % of the nodes
    /// (uniform nodes, clustered nodes, and nodes at the same place), and exact when no square
    /// is far enough to stand for its nodes.
    #[test]
    fn barnes_hut_repulsion_is_close_to_the_exact_one() {
        let mut rng = SeededRng::new(3);
        let uniform: Vec<[f64; 2]> = (0..1500).map(|_| [rng.unit(), rng.unit()]).collect();
        let clustered: Vec<[f64; 2]> = (0..1500)
            .map(|i| {
                let c = [(i % 5) as f64 * 0.2, (i % 3) as f64 * 0.3];
                [c[0] + rng.unit() * 0.02, c[1] + rng.unit() * 0.02]
            })
            .collect();
        let mut stacked = uniform[..300].to_vec();
        stacked.extend(std::iter::repeat_n([0.25, 0.75], 40));
        for (name, pos) in [
            ("uniform", &uniform),
            ("clustered", &clustered),
            ("stacked", &stacked),
        ] {
            let k2 = 1.0 / pos.len() as f64;
            let exact = exact(pos, k2);
            let tree = QuadTree::new(pos);
            assert_eq!(tree.order.len(), pos.len());
            let mut stack = Vec::new();
            let mut errors: Vec<f64> = (0..pos.len())
                .map(|i| {
                    let f = tree.repulsion(pos, i, k2, &mut stack);
                    let e = exact[i];
                    let diff = ((f[0] - e[0]).powi(2) + (f[1] - e[1]).powi(2)).sqrt();
                    diff / (e[0] * e[0] + e[1] * e[1]).sqrt()
                })
                .collect();
            errors.sort_by(f64::total_cmp);
            let median = errors[errors.len() / 2];
            let p99 = errors[errors.len() * 99 / 100];
            // Measured: medians 0.1 to 0.3 %, 99th percentiles 1 to 2 %.
            assert!(
                median < 0.005 && p99 < 0.03,
                "{name}: median {median}, p99 {p99}"
            );
            // Sums in another order differ by some 1e-15; an approximated square by far more.
            assert!(
                errors[errors.len() - 1] > 1e-6,
                "{name}: nothing approximated"
            );
        }
        // Nine nodes make one split; the quarters are too close to stand for their nodes.
        let few: Vec<[f64; 2]> = (0..9).map(|i| [(i % 3) as f64, (i / 3) as f64]).collect();
        let tree = QuadTree::new(&few);
        for (i, e) in exact(&few, 0.5).iter().enumerate() {
            let f = tree.repulsion(&few, i, 0.5, &mut Vec::new());
            assert!(
                (f[0] - e[0]).abs() < 1e-12 && (f[1] - e[1]).abs() < 1e-12,
                "{i}"
            );
        }
    }

    /// Drawn with the approximation, a large graph still separates its groups, stays in the
    /// unit square, and is the same with one thread or several.
    #[test]
    fn barnes_hut_layout_separates_groups_and_is_deterministic() {
        let (g, group) = cliques(&[40, 40, 40, 40, 40], true);
        let params = LayoutParams {
            iterations: 100,
            ..LayoutParams::default()
        };
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| layout_with(&g, &params, 0))
        };
        let pos = run(1);
        assert_eq!(pos, run(2));
        assert_eq!(pos, run(3));
        assert_ne!(pos, layout_with(&g, &params, usize::MAX));
        assert!(
            pos.iter()
                .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y))
        );
        let (intra, inter) = intra_inter(&pos, &group);
        assert!(intra * 3.0 < inter, "intra {intra}, inter {inter}");
        // The exact drawing of the same graph separates its groups about as well.
        let exact = layout_with(&g, &params, usize::MAX);
        let (ei, ee) = intra_inter(&exact, &group);
        assert!(
            (inter / intra) > 0.5 * (ee / ei),
            "approximate {} vs exact {}",
            inter / intra,
            ee / ei
        );
    }
}
