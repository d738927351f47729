//! Node-link drawing of a theme network from positions computed elsewhere.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, ShapeStyle};

use super::{
    ChartError, Draw, ImageFormat, Label, LegendEntry, Palette, TEXT, Target, WHITE, check_finite,
    disc, draw_legend, draw_title, legend_height, render, text_size, title_height,
};

/// A node: its label, layout position (any range; rescaled to the canvas), size and group.
#[derive(Debug, Clone, PartialEq)]
pub struct NetNode {
    /// The theme, as shown.
    pub label: String,
    /// Layout x (any unit; the drawing rescales).
    pub x: f64,
    /// Layout y (any unit; larger is lower on the canvas, as in screen coordinates).
    pub y: f64,
    /// Node weight (e.g. occurrences), ≥ 0; the radius grows with its square root.
    pub size: f64,
    /// Index into [`Network::group_names`] (event or community).
    pub group: usize,
    /// Named in the report's text (a bridging theme): its label is placed before the others,
    /// so that a crowded drawing drops another one.
    pub named: bool,
}

/// An undirected, weighted link between two nodes (indices into [`Network::nodes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NetEdge {
    /// One end.
    pub source: usize,
    /// The other end.
    pub target: usize,
    /// Link strength, ≥ 0; wider and more opaque when stronger.
    pub weight: f64,
}

/// A network to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// The chart title.
    pub title: String,
    /// The nodes.
    pub nodes: Vec<NetNode>,
    /// The links.
    pub edges: Vec<NetEdge>,
    /// Legend labels of the node colour groups.
    pub group_names: Vec<String>,
}

const CHART: &str = "network";
const WIDTH: i32 = 1200;
const HEIGHT: i32 = 900;
const MARGIN: i32 = 30;
const LABEL_SIZE: f64 = 16.0;
const SMALL_LABEL_SIZE: f64 = 13.0;
const MIN_R: f64 = 6.0;
const MAX_R: f64 = 22.0;
const EDGE_COLOR: RGBColor = RGBColor(0x44, 0x44, 0x55);

/// Draws the network: node colour by group (with a legend), radius by size, edge width and
/// opacity by weight, labels beside the nodes placed greedily (named nodes, then the largest,
/// first) where they overlap neither another label nor a node; a label that fits nowhere is
/// shrunk, then dropped, unless its node is named: that one goes farther out, with a leader
/// line.
pub fn network(spec: &Network, format: ImageFormat) -> Result<Vec<u8>, ChartError> {
    for n in &spec.nodes {
        check_finite(CHART, &format!("le x de « {} »", n.label), n.x)?;
        check_finite(CHART, &format!("le y de « {} »", n.label), n.y)?;
        check_finite(CHART, &format!("la taille de « {} »", n.label), n.size)?;
        if n.size < 0.0 || n.group >= spec.group_names.len() {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!(
                    "le nœud « {} » a une taille négative ou un groupe sans nom",
                    n.label
                ),
            });
        }
    }
    for e in &spec.edges {
        check_finite(CHART, "un poids de lien", e.weight)?;
        if e.source >= spec.nodes.len() || e.target >= spec.nodes.len() || e.weight < 0.0 {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!(
                    "le lien {}–{} (poids {}) mène à un nœud absent ou a un poids négatif",
                    e.source, e.target, e.weight
                ),
            });
        }
    }
    super::ensure_font()?;
    render(&Layout::new(spec), format)
}

/// An axis-aligned box `(x0, y0, x1, y1)`.
type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A placed node label.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    node: usize,
    rect: Rect,
    size: f64,
    /// Placed away from its node, joined to it by a line.
    leader: bool,
}

/// How far out, in steps of `LEADER_STEP` pixels, a named node's label may go.
const LEADER_STEPS: i32 = 8;
const LEADER_STEP: i32 = 16;
/// Pixels between a node's disc and its label.
const LABEL_GAP: i32 = 4;

struct Layout<'a> {
    spec: &'a Network,
    legend: Vec<LegendEntry<'a>>,
    /// Pixel centre and radius of each node.
    nodes: Vec<(i32, i32, i32)>,
    labels: Vec<Placed>,
}

/// Linear rescale of `v` from `[lo, hi]` to `[a, b]` (centre when the range is empty).
fn rescale(v: f64, lo: f64, hi: f64, a: i32, b: i32) -> i32 {
    if hi - lo < 1e-12 {
        (a + b) / 2
    } else {
        a + ((v - lo) / (hi - lo) * f64::from(b - a)).round() as i32
    }
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

impl<'a> Layout<'a> {
    fn new(spec: &'a Network) -> Self {
        let mut used = vec![false; spec.group_names.len()];
        for n in &spec.nodes {
            used[n.group] = true;
        }
        let legend: Vec<LegendEntry<'a>> = spec
            .group_names
            .iter()
            .enumerate()
            .filter(|(i, _)| used[*i])
            .map(|(i, name)| LegendEntry {
                label: name,
                color: Palette::categorical(i),
            })
            .collect();
        let head = title_height(&spec.title, WIDTH) + legend_height(&legend, WIDTH);

        // Node positions: leave room for the biggest node plus a label beside the outer nodes.
        let (x_lo, x_hi) = min_max(spec.nodes.iter().map(|n| n.x));
        let (y_lo, y_hi) = min_max(spec.nodes.iter().map(|n| n.y));
        let (s_lo, s_hi) = min_max(spec.nodes.iter().map(|n| n.size.sqrt()));
        let label_room = 110;
        let nodes: Vec<(i32, i32, i32)> = spec
            .nodes
            .iter()
            .map(|n| {
                let x = rescale(
                    n.x,
                    x_lo,
                    x_hi,
                    MARGIN + label_room,
                    WIDTH - MARGIN - label_room,
                );
                let y = rescale(n.y, y_lo, y_hi, head + 40, HEIGHT - MARGIN - 30);
                let t = if s_hi - s_lo < 1e-12 {
                    0.5
                } else {
                    (n.size.sqrt() - s_lo) / (s_hi - s_lo)
                };
                (x, y, (MIN_R + (MAX_R - MIN_R) * t).round() as i32)
            })
            .collect();
        let labels = place_labels(spec, &nodes, (8, head, WIDTH - 8, HEIGHT - 8));
        Self {
            spec,
            legend,
            nodes,
            labels,
        }
    }
}

/// Greedy, deterministic label placement: named nodes first, then by decreasing size (ties by
/// index); for each, the first of eight positions around the node whose box stays inside
/// `bounds` and overlaps no node disc and no label placed before; then the same at a smaller
/// size; else no label. A named node left without room is then labelled farther out, in the
/// same eight directions step by step, joined to its node by a leader line that crosses no
/// other node.
fn place_labels(spec: &Network, nodes: &[(i32, i32, i32)], bounds: Rect) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (&spec.nodes[a], &spec.nodes[b]);
        nb.named
            .cmp(&na.named)
            .then(nb.size.total_cmp(&na.size))
            .then(a.cmp(&b))
    });
    let discs: Vec<Rect> = nodes
        .iter()
        .map(|&(x, y, r)| (x - r - 2, y - r - 2, x + r + 2, y + r + 2))
        .collect();
    // The first free box for node `i`'s label at `reach` pixels from its centre, at either
    // size, that `accept` takes.
    let at = |i: usize, reach: i32, placed: &[Placed], accept: &dyn Fn(Rect) -> bool| {
        let (x, y, _) = nodes[i];
        [LABEL_SIZE, SMALL_LABEL_SIZE].iter().find_map(|&size| {
            let (w, _) = text_size(&spec.nodes[i].label, size, false);
            let h = (size * 0.95).round() as i32;
            let d = (f64::from(reach) * std::f64::consts::FRAC_1_SQRT_2).round() as i32;
            // Top-left corners of the candidate boxes: right, left, above, below, then
            // diagonals.
            let candidates = [
                (x + reach, y - h / 2),
                (x - reach - w, y - h / 2),
                (x - w / 2, y - reach - h),
                (x - w / 2, y + reach),
                (x + d, y - d - h),
                (x + d, y + d),
                (x - d - w, y - d - h),
                (x - d - w, y + d),
            ];
            candidates.iter().find_map(|&(x0, y0)| {
                let rect = (x0 - 2, y0 - 1, x0 + w + 2, y0 + h + 1);
                let inside = rect.0 >= bounds.0
                    && rect.1 >= bounds.1
                    && rect.2 <= bounds.2
                    && rect.3 <= bounds.3;
                let free = inside
                    && !discs.iter().any(|d| overlaps(*d, rect))
                    && !placed.iter().any(|p| overlaps(p.rect, rect))
                    && accept(rect);
                free.then_some(Placed {
                    node: i,
                    rect,
                    size,
                    leader: false,
                })
            })
        })
    };
    let mut placed: Vec<Placed> = Vec::new();
    for i in order {
        let reach = nodes[i].2 + LABEL_GAP;
        if let Some(p) = at(i, reach, &placed, &|_| true) {
            placed.push(p);
        }
    }
    // Then the named nodes still without a label, farther out, where the leader line crosses
    // no other node (it would seem to name that one): no label placed beside its node is
    // moved for them.
    for i in 0..nodes.len() {
        if !spec.nodes[i].named || placed.iter().any(|p| p.node == i) {
            continue;
        }
        let (x, y, r) = nodes[i];
        let clear = |rect: Rect| {
            let to = nearest_in(rect, (x, y));
            let misses_nodes = nodes.iter().enumerate().all(|(j, &(cx, cy, cr))| {
                j == i || segment_distance((cx, cy), (x, y), to) > f64::from(cr + 2)
            });
            // Nor does it run under a label (drawn on its halo, over the line), sampled every
            // two pixels.
            let steps = (f64::from(to.0 - x).hypot(f64::from(to.1 - y)) / 2.0).ceil() as i32;
            let misses_labels = (0..=steps.max(1)).all(|k| {
                let t = f64::from(k) / f64::from(steps.max(1));
                let px = x + (f64::from(to.0 - x) * t).round() as i32;
                let py = y + (f64::from(to.1 - y) * t).round() as i32;
                !placed
                    .iter()
                    .any(|p| p.rect.0 < px && px < p.rect.2 && p.rect.1 < py && py < p.rect.3)
            });
            misses_nodes && misses_labels
        };
        let far = (1..=LEADER_STEPS)
            .find_map(|k| at(i, r + LABEL_GAP + k * LEADER_STEP, &placed, &clear));
        if let Some(p) = far {
            placed.push(Placed { leader: true, ..p });
        }
    }
    placed
}

/// The distance from point `p` to the segment from `a` to `b`.
fn segment_distance(p: (i32, i32), a: (i32, i32), b: (i32, i32)) -> f64 {
    let (px, py) = (f64::from(p.0), f64::from(p.1));
    let (ax, ay) = (f64::from(a.0), f64::from(a.1));
    let (bx, by) = (f64::from(b.0), f64::from(b.1));
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    };
    (px - ax - t * dx).hypot(py - ay - t * dy)
}

/// The closest point of `rect` to `(x, y)`.
fn nearest_in(rect: Rect, (x, y): (i32, i32)) -> (i32, i32) {
    (x.clamp(rect.0, rect.2), y.clamp(rect.1, rect.3))
}

impl Draw for Layout<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH as u32, HEIGHT as u32)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), ChartError> {
        let spec = self.spec;
        let y = draw_title(root, target, &spec.title, WIDTH)?;
        draw_legend(root, target, &self.legend, y, WIDTH)?;

        // Edges, lightest first so strong links are drawn on top.
        let (w_lo, w_hi) = min_max(spec.edges.iter().map(|e| e.weight));
        let mut order: Vec<usize> = (0..spec.edges.len()).collect();
        order.sort_by(|&a, &b| {
            spec.edges[a]
                .weight
                .total_cmp(&spec.edges[b].weight)
                .then(a.cmp(&b))
        });
        for k in order {
            let e = &spec.edges[k];
            if e.source == e.target {
                continue;
            }
            let t = if w_hi - w_lo < 1e-12 {
                0.5
            } else {
                (e.weight - w_lo) / (w_hi - w_lo)
            };
            let (x0, y0, _) = self.nodes[e.source];
            let (x1, y1, _) = self.nodes[e.target];
            let style = ShapeStyle {
                color: EDGE_COLOR.mix(0.2 + 0.5 * t),
                filled: false,
                stroke_width: 1 + (5.0 * t).round() as u32,
            };
            root.draw(&PathElement::new(vec![(x0, y0), (x1, y1)], style))?;
        }

        // Nodes, largest first so small ones stay visible on top.
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by(|&a, &b| self.nodes[b].2.cmp(&self.nodes[a].2).then(a.cmp(&b)));
        for i in order {
            let (x, y, r) = self.nodes[i];
            let color = Palette::categorical(spec.nodes[i].group);
            disc(root, target, (x, y), f64::from(r) + 1.5, WHITE)?;
            disc(root, target, (x, y), f64::from(r), color)?;
        }

        // Leader lines from a node's edge to its label placed farther out.
        for p in self.labels.iter().filter(|p| p.leader) {
            let (x, y, r) = self.nodes[p.node];
            let (tx, ty) = nearest_in(p.rect, (x, y));
            let (dx, dy) = (f64::from(tx - x), f64::from(ty - y));
            let len = dx.hypot(dy).max(1.0);
            let from = (
                x + (dx / len * f64::from(r)).round() as i32,
                y + (dy / len * f64::from(r)).round() as i32,
            );
            let style = ShapeStyle {
                color: TEXT.to_rgba(),
                filled: false,
                stroke_width: 1,
            };
            root.draw(&PathElement::new(vec![from, (tx, ty)], style))?;
        }

        // Labels on a light halo so edges do not cross the text.
        for p in &self.labels {
            let (x0, y0, x1, y1) = p.rect;
            root.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                WHITE.mix(0.8).filled(),
            ))?;
            Label::new(p.size)
                .color(TEXT)
                .anchor(HPos::Left, VPos::Center)
                .draw(
                    root,
                    target,
                    &spec.nodes[p.node].label,
                    (x0 + 2, (y0 + y1) / 2),
                )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_util::{check_chart, svg_size};

    fn node(label: &str, x: f64, y: f64, size: f64, group: usize) -> NetNode {
        NetNode {
            label: label.to_owned(),
            x,
            y,
            size,
            group,
            named: false,
        }
    }

    fn sample() -> Network {
        Network {
            title: "Réseau des thèmes".to_owned(),
            nodes: vec![
                node("coopération", 0.0, 0.0, 40.0, 0),
                node("légitimité", 1.0, 0.5, 10.0, 1),
                node("droit à l'erreur", -1.0, 0.8, 20.0, 1),
                node("<élus> & \"agents\"", 0.3, -1.0, 5.0, 0),
            ],
            edges: vec![
                NetEdge {
                    source: 0,
                    target: 1,
                    weight: 3.0,
                },
                NetEdge {
                    source: 0,
                    target: 2,
                    weight: 1.0,
                },
                NetEdge {
                    source: 2,
                    target: 3,
                    weight: 0.5,
                },
            ],
            group_names: vec!["Communauté 1".to_owned(), "Communauté 2".to_owned()],
        }
    }

    #[test]
    fn renders_both_formats_with_all_labels() {
        let spec = sample();
        let svg = check_chart(|f| network(&spec, f));
        assert_eq!(svg_size(&svg), (1200, 900));
        for text in [
            "Réseau des thèmes",
            "coopération",
            "droit à l&apos;erreur",
            "&lt;élus&gt; &amp; &quot;agents&quot;",
            "Communauté 2",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
    }

    #[test]
    fn labels_never_overlap_each_other_or_nodes() {
        // A dense cluster: many labels cannot all fit, none may overlap.
        let nodes: Vec<NetNode> = (0..40)
            .map(|i| {
                let a = f64::from(i) * 0.7;
                node(
                    &format!("thème numéro {i}"),
                    a.cos() * f64::from(i % 5),
                    a.sin() * f64::from(i % 5),
                    f64::from(i % 7 + 1),
                    i as usize % 3,
                )
            })
            .collect();
        let spec = Network {
            title: "Dense".to_owned(),
            nodes,
            edges: vec![],
            group_names: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
        };
        crate::chart::ensure_font().unwrap();
        let layout = Layout::new(&spec);
        assert!(!layout.labels.is_empty());
        for (k, a) in layout.labels.iter().enumerate() {
            for b in &layout.labels[k + 1..] {
                assert!(!overlaps(a.rect, b.rect), "{a:?} overlaps {b:?}");
            }
            for &(x, y, r) in &layout.nodes {
                assert!(!overlaps(a.rect, (x - r, y - r, x + r, y + r)));
            }
            assert!(a.rect.0 >= 0 && a.rect.2 <= WIDTH && a.rect.3 <= HEIGHT);
        }
        // Deterministic placement.
        assert_eq!(layout.labels, Layout::new(&spec).labels);
    }

    /// A node the report names (a bridging theme) is labelled even where the labels of larger
    /// nodes, or other nodes, left no room beside it: beside it before the others' labels if
    /// there is room, else farther out with a leader line that crosses no other node, taking
    /// no other node's label.
    #[test]
    fn a_named_node_is_labelled() {
        // A grid of nodes with long labels: many cannot be labelled.
        let nodes: Vec<NetNode> = (0..144)
            .map(|i| {
                node(
                    &format!("thème au nom assez long {i}"),
                    f64::from(i % 12),
                    f64::from(i / 12),
                    f64::from(i % 7 + 1),
                    0,
                )
            })
            .collect();
        let spec = |nodes: &[NetNode]| Network {
            title: "Grille".to_owned(),
            nodes: nodes.to_vec(),
            edges: vec![],
            group_names: vec!["a".to_owned()],
        };
        crate::chart::ensure_font().unwrap();
        let plain = spec(&nodes);
        let before = Layout::new(&plain);
        let dropped: Vec<usize> = (0..nodes.len())
            .filter(|&i| !before.labels.iter().any(|p| p.node == i))
            .collect();
        assert!(dropped.len() >= 10, "{dropped:?}");
        let (mut beside, mut led) = (0, 0);
        for &i in &dropped {
            let mut named = nodes.clone();
            named[i].named = true;
            let spec = spec(&named);
            let after = Layout::new(&spec);
            let Some(p) = after.labels.iter().find(|p| p.node == i) else {
                continue;
            };
            if p.leader {
                led += 1;
                // No other label lost, none moved.
                let others: Vec<&Placed> = after.labels.iter().filter(|q| q.node != i).collect();
                assert_eq!(others, before.labels.iter().collect::<Vec<_>>(), "node {i}");
                let (x, y, _) = after.nodes[i];
                let to = nearest_in(p.rect, (x, y));
                for (j, &(cx, cy, cr)) in after.nodes.iter().enumerate() {
                    if j != i {
                        assert!(segment_distance((cx, cy), (x, y), to) > f64::from(cr));
                    }
                }
                // Nor under another label: pixel by pixel, no point of the line strictly
                // inside one.
                for q in others {
                    let n = 400;
                    assert!(
                        (0..=n).all(|k| {
                            let px =
                                f64::from(x) + f64::from(to.0 - x) * f64::from(k) / f64::from(n);
                            let py =
                                f64::from(y) + f64::from(to.1 - y) * f64::from(k) / f64::from(n);
                            let (l, t, r, b) = q.rect;
                            !(f64::from(l + 1) < px
                                && px < f64::from(r - 1)
                                && f64::from(t + 1) < py
                                && py < f64::from(b - 1))
                        }),
                        "node {i}'s line under {:?}",
                        q.rect
                    );
                }
            } else {
                assert_eq!(after.labels[0].node, i, "beside its node, placed first");
                beside += 1;
            }
        }
        // Some are labelled beside their node, some with a leader line (without the name, none
        // would be).
        assert!(
            beside > 0 && led > 0,
            "{beside} beside, {led} led, of {}",
            dropped.len()
        );
    }

    #[test]
    fn rejects_dangling_edges() {
        let mut spec = sample();
        spec.edges[0].target = 9;
        assert!(matches!(
            network(&spec, ImageFormat::Svg),
            Err(ChartError::InvalidSpec { .. })
        ));
    }

    #[test]
    fn single_node_is_centred() {
        let spec = Network {
            title: "Un seul thème".to_owned(),
            nodes: vec![node("confiance", 5.0, 5.0, 1.0, 0)],
            edges: vec![],
            group_names: vec!["Forum ouvert 14/09/2020".to_owned()],
        };
        crate::chart::ensure_font().unwrap();
        let layout = Layout::new(&spec);
        assert_eq!(layout.nodes[0].0, WIDTH / 2);
        assert_eq!(layout.labels.len(), 1);
        assert!(network(&spec, ImageFormat::Png).is_ok());
    }

    #[test]
    fn empty_network_still_renders() {
        let spec = Network {
            title: "Réseau vide".to_owned(),
            nodes: vec![],
            edges: vec![],
            group_names: vec![],
        };
        assert!(network(&spec, ImageFormat::Png).is_ok());
        assert!(network(&spec, ImageFormat::Svg).is_ok());
    }
}
