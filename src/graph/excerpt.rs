//! The part of a large graph worth drawing.
//!
//! Five thousand ateliers drawn at once are a blot: every node hides behind its neighbours, and
//! the drawing (89,352 links, 11 MB of SVG) tells nothing a reader can use. [`excerpt`] keeps at
//! most a given number of nodes, taken from every community in proportion to its size, the best
//! connected of each first, and lays them out again on their own. The exports keep the whole
//! graph; only the picture is an excerpt, and its title says so.

use super::{Graph, LayoutParams, layout::apply_layout};

/// At most `max` nodes of `graph` and the edges between them, laid out anew with `seed`; `None`
/// when the graph has no more than `max` nodes (draw it whole).
///
/// Each community (as [`Graph::annotate`] found them; nodes without one form a group of their
/// own) gets a share of `max` in proportion to its size (largest remainders; ties to the lower
/// community number), so the excerpt shows every large group and not only the densest one.
/// Within a community, nodes are taken by weighted degree, ties to the lower index. The kept
/// nodes keep their order, ids and measures (community, degree, betweenness describe the whole
/// graph); only their positions are new.
pub fn excerpt(graph: &Graph, max: usize, seed: u64) -> Option<Graph> {
    let n = graph.nodes.len();
    if n <= max {
        return None;
    }
    // Members of each community, best connected first.
    let mut groups: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, node) in graph.nodes.iter().enumerate() {
        groups
            .entry(node.community.unwrap_or(u32::MAX))
            .or_default()
            .push(i);
    }
    for members in groups.values_mut() {
        members.sort_by(|&a, &b| {
            graph.nodes[b]
                .weighted_degree
                .total_cmp(&graph.nodes[a].weighted_degree)
                .then(a.cmp(&b))
        });
    }
    // Shares by largest remainders: `max × size / n`, whole parts first.
    let mut shares: Vec<(u32, usize, usize)> = groups
        .iter()
        .map(|(&c, m)| (c, max * m.len() / n, max * m.len() % n))
        .collect();
    let given: usize = shares.iter().map(|s| s.1).sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|&a, &b| shares[b].2.cmp(&shares[a].2).then(a.cmp(&b)));
    for &i in by_remainder.iter().take(max - given) {
        shares[i].1 += 1;
    }
    let mut keep: Vec<usize> = shares
        .iter()
        .flat_map(|&(c, share, _)| groups[&c][..share].iter().copied())
        .collect();
    keep.sort_unstable();
    let mut new_index = vec![usize::MAX; n];
    for (k, &i) in keep.iter().enumerate() {
        new_index[i] = k;
    }
    let nodes = keep.iter().map(|&i| graph.nodes[i].clone()).collect();
    let edges = graph
        .edges
        .iter()
        .filter(|e| new_index[e.source] != usize::MAX && new_index[e.target] != usize::MAX)
        .map(|e| {
            let mut e = e.clone();
            (e.source, e.target) = (new_index[e.source], new_index[e.target]);
            e
        })
        .collect();
    let mut part = Graph::new(graph.kind, graph.measure, nodes, edges);
    apply_layout(
        &mut part,
        &LayoutParams {
            seed,
            ..LayoutParams::default()
        },
    );
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, GraphKind, Measure, Node, NodeKind};

    /// Two cliques, of 30 and 10 nodes, joined by one link; node `i` is `n{i}`.
    fn two_cliques() -> Graph {
        let nodes = (0..40)
            .map(|i| Node::new(format!("n{i}"), format!("Atelier {i}"), NodeKind::Atelier))
            .collect();
        let mut edges = Vec::new();
        for (lo, hi) in [(0, 30), (30, 40)] {
            for a in lo..hi {
                for b in a + 1..hi {
                    // Node 0 and node 30 are the best connected of their cliques.
                    let w = if a == lo { 2.0 } else { 1.0 };
                    edges.push(Edge::new(a, b, w, 1));
                }
            }
        }
        edges.push(Edge::new(29, 39, 0.5, 1));
        let mut g = Graph::new(GraphKind::Ateliers, Measure::Cosine, nodes, edges);
        g.annotate(7);
        g
    }

    #[test]
    fn a_small_graph_is_drawn_whole() {
        assert!(excerpt(&two_cliques(), 40, 1).is_none());
    }

    /// Eight of forty nodes: six from the clique of thirty, two from the clique of ten, the best
    /// connected of each among them, with the links between kept ones only, laid out anew in the
    /// unit square, deterministically.
    #[test]
    fn an_excerpt_takes_from_every_community_by_size() {
        let g = two_cliques();
        let big = g.nodes[0].community.unwrap();
        assert!(g.nodes[..30].iter().all(|n| n.community == Some(big)));
        assert!(g.nodes[30..].iter().all(|n| n.community != Some(big)));
        let part = excerpt(&g, 8, 1).unwrap();
        assert_eq!(part.nodes.len(), 8);
        let ids: Vec<&str> = part.nodes.iter().map(|n| n.id.as_str()).collect();
        let from_big = part
            .nodes
            .iter()
            .filter(|n| n.community == Some(big))
            .count();
        assert_eq!((from_big, part.nodes.len() - from_big), (6, 2), "{ids:?}");
        // The best connected of each clique, then the ends of the link between them (whose
        // weight adds to their degree).
        for id in ["n0", "n30", "n29", "n39"] {
            assert!(ids.contains(&id), "{id} not in {ids:?}");
        }
        // Six of a clique, two of the other, and the link between: 15 + 1 + 1 links, none to a
        // node left out.
        assert_eq!(part.edges.len(), 17);
        for e in &part.edges {
            let (a, b) = (&part.nodes[e.source].id, &part.nodes[e.target].id);
            let (ia, ib) = (
                g.nodes.iter().position(|n| &n.id == a).unwrap(),
                g.nodes.iter().position(|n| &n.id == b).unwrap(),
            );
            let original = g
                .edges
                .iter()
                .find(|x| (x.source, x.target) == (ia.min(ib), ia.max(ib)))
                .unwrap();
            assert_eq!(e.weight, original.weight);
        }
        assert!(
            part.nodes
                .iter()
                .all(|n| (0.0..=1.0).contains(&n.x) && (0.0..=1.0).contains(&n.y))
        );
        assert_eq!(excerpt(&g, 8, 1).unwrap(), part, "deterministic");
    }
}
