//! The graph exports read by their real consumers: networkx (GraphML, GEXF, node-link JSON) and
//! Graphviz (`dot -Tsvg`), on a small graph whose French labels hold accents, quotes, `<` and
//! `&`; and byte-identical exports for two builds of the same graph.
//!
//! The Python interpreter is `$FILROUGE_PYTHON`, else `python3`; it needs networkx. When
//! networkx or `dot` is missing the test prints "skipped: …" and passes, except under CI (env
//! `CI` set), where it fails.

mod common;
use common::{python_with_networkx, skip_unless_ci};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use filrouge::graph::{
    Format, Graph, GraphKind, Measure, Node, NodeKind, cooccurrence_edges, export,
};
use serde_json::Value;

/// Labels chosen to break naive escaping.
const LABELS: [&str; 7] = [
    "élu & \"citoyen\"",
    "forêt <domaniale>",
    "l'été",
    "R&D",
    "co-construction",
    "égalité femmes–hommes",
    "île isolée",
];

/// A themes graph: two groups of three themes, bridged, plus an isolated theme; annotated.
fn build() -> Graph {
    let unit_counts = [10u64, 8, 9, 7, 9, 6, 2];
    let mut pairs = BTreeMap::new();
    for (pair, ab) in [
        ((0, 1), 6u64),
        ((0, 2), 5),
        ((1, 2), 5),
        ((3, 4), 5),
        ((3, 5), 4),
        ((4, 5), 4),
        ((2, 3), 1),
    ] {
        pairs.insert(pair, ab);
    }
    let edges = cooccurrence_edges(40, &unit_counts, &pairs, Measure::Dice, 0.0);
    let nodes: Vec<Node> = LABELS
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut n = Node::new(format!("theme-{i}"), *label, NodeKind::Theme);
            n.occurrences = unit_counts[i];
            n.ateliers = 1 + i as u32 % 3;
            n.event = Some(if i < 3 { "Lyon" } else { "Saint-Étienne" }.to_owned());
            n
        })
        .collect();
    let mut graph = Graph::new(GraphKind::Themes, Measure::Dice, nodes, edges);
    for e in &mut graph.edges {
        e.shared = vec![LABELS[e.source].to_owned(), LABELS[e.target].to_owned()];
    }
    graph.mark_cross_event();
    graph.annotate(7);
    graph
}

fn write_all(graph: &Graph, dir: &Path) {
    for f in Format::ALL {
        std::fs::write(dir.join(format!("g.{}", f.extension())), export(graph, f)).unwrap();
    }
}

const READ_BACK: &str = r#"
import json, sys
import networkx as nx

def summary(g):
    def pair(u, v):
        return "|".join(sorted([str(u), str(v)]))
    return {
        "directed": g.is_directed(),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "labels": {str(n): d.get("label") for n, d in g.nodes(data=True)},
        "communities": {str(n): d.get("community") for n, d in g.nodes(data=True)},
        "events": {str(n): d.get("event") for n, d in g.nodes(data=True)},
        "weights": {pair(u, v): d["weight"] for u, v, d in g.edges(data=True)},
        "shared": {pair(u, v): d.get("shared") for u, v, d in g.edges(data=True)},
        "cross_event": {pair(u, v): d.get("cross_event") for u, v, d in g.edges(data=True)},
    }

def structure(g):
    # networkx's own betweenness (length = 1/weight) and modularity of our communities.
    for u, v, d in g.edges(data=True):
        d["length"] = 1.0 / d["weight"]
    groups = {}
    for n, d in g.nodes(data=True):
        groups.setdefault(d["community"], set()).add(n)
    return {
        "betweenness": nx.betweenness_centrality(g, weight="length", normalized=True),
        "modularity": nx.community.modularity(g, list(groups.values()), weight="weight"),
    }

graphml, gexf, js, dense = sys.argv[1:5]
with open(js, encoding="utf-8") as f:
    data = json.load(f)
positions = {
    str(n): [d["viz"]["position"]["x"], d["viz"]["position"]["y"]]
    for n, d in nx.read_gexf(gexf, version="1.3").nodes(data=True)
}
out = {
    "gexf_positions": positions,
    "graphml": summary(nx.read_graphml(graphml)),
    "gexf": summary(nx.read_gexf(gexf, version="1.3")),
    "json": summary(nx.node_link_graph(data, edges="links")),
    "structure": structure(nx.read_graphml(graphml)),
    "dense": structure(nx.read_graphml(dense)),
}
print(json.dumps(out, ensure_ascii=False))
"#;

#[test]
fn networkx_reads_graphml_gexf_and_json() {
    let Some(python) = python_with_networkx() else {
        skip_unless_ci("networkx");
        return;
    };
    let graph = build();
    let dir = tempfile::tempdir().unwrap();
    write_all(&graph, dir.path());
    let dense = dense();
    std::fs::write(
        dir.path().join("dense.graphml"),
        export(&dense, Format::Graphml),
    )
    .unwrap();
    let out = Command::new(&python)
        .arg("-c")
        .arg(READ_BACK)
        .arg(dir.path().join("g.graphml"))
        .arg(dir.path().join("g.gexf"))
        .arg(dir.path().join("g.json"))
        .arg(dir.path().join("dense.graphml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "networkx failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();

    let pair = |a: usize, b: usize| format!("{}|{}", graph.nodes[a].id, graph.nodes[b].id);
    for format in ["graphml", "gexf", "json"] {
        let r = &report[format];
        assert_eq!(r["directed"], false, "{format}");
        assert_eq!(r["nodes"], graph.nodes.len(), "{format}");
        assert_eq!(r["edges"], graph.edges.len(), "{format}");
        for node in &graph.nodes {
            assert_eq!(r["labels"][&node.id], node.label.as_str(), "{format}");
            assert_eq!(
                r["communities"][&node.id],
                node.community.unwrap(),
                "{format}"
            );
            assert_eq!(
                r["events"][&node.id],
                node.event.as_deref().unwrap(),
                "{format}"
            );
        }
        let weights = r["weights"].as_object().unwrap();
        assert_eq!(weights.len(), graph.edges.len(), "{format}");
        for e in &graph.edges {
            let key = pair(e.source, e.target);
            let w = weights[&key].as_f64().unwrap();
            assert!(
                (w - e.weight).abs() < 1e-6,
                "{format} {key}: {w} vs {}",
                e.weight
            );
            assert_eq!(r["shared"][&key], e.shared.join("; "), "{format} {key}");
            assert_eq!(r["cross_event"][&key], e.cross_event, "{format} {key}");
        }
    }
    // Gephi positions: the unit square scaled to [−500, 500].
    for node in &graph.nodes {
        let p = &report["gexf_positions"][&node.id];
        let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
        assert!(
            (x - (node.x - 0.5) * 1000.0).abs() < 1e-5,
            "{}: x {x}",
            node.id
        );
        assert!(
            (y - (node.y - 0.5) * 1000.0).abs() < 1e-5,
            "{}: y {y}",
            node.id
        );
    }
    // The bridge 2–3 joins Lyon to Saint-Étienne.
    assert_eq!(report["graphml"]["cross_event"][pair(2, 3)], true);

    // networkx agrees with our betweenness and with the modularity of our partition.
    let s = &report["structure"];
    for node in &graph.nodes {
        let theirs = s["betweenness"][&node.id].as_f64().unwrap();
        assert!(
            (theirs - node.betweenness).abs() < 1e-6,
            "{}: networkx {theirs}, ours {}",
            node.id,
            node.betweenness
        );
    }
    // Bridge ends: each lies on 6 of the 15 pairs that avoid it ({0,1}×{3,4,5} for node 2).
    for i in [2, 3] {
        assert!((graph.nodes[i].betweenness - 0.4).abs() < 1e-12, "node {i}");
    }
    let membership: Vec<u32> = graph.nodes.iter().map(|n| n.community.unwrap()).collect();
    let ours = filrouge::graph::modularity(&graph, &membership);
    let theirs = s["modularity"].as_f64().unwrap();
    assert!(
        (theirs - ours).abs() < 1e-6,
        "networkx {theirs}, ours {ours}"
    );

    // The same on a denser graph with many alternative weighted paths.
    let s = &report["dense"];
    for node in &dense.nodes {
        let theirs = s["betweenness"][&node.id].as_f64().unwrap();
        assert!(
            (theirs - node.betweenness).abs() < 1e-6,
            "{}: networkx {theirs}, ours {}",
            node.id,
            node.betweenness
        );
    }
    assert!(dense.nodes.iter().filter(|n| n.betweenness > 0.01).count() > 10);
    let membership: Vec<u32> = dense.nodes.iter().map(|n| n.community.unwrap()).collect();
    let ours = filrouge::graph::modularity(&dense, &membership);
    let theirs = s["modularity"].as_f64().unwrap();
    assert!(
        (theirs - ours).abs() < 1e-6,
        "networkx {theirs}, ours {ours}"
    );
    assert!(ours > 0.3, "planted groups found: Q = {ours}");
}

/// 40 nodes in 4 planted groups, irregular weights (no two paths of equal length), annotated.
fn dense() -> Graph {
    let n = 40;
    let nodes = (0..n)
        .map(|i| Node::new(format!("d{i}"), format!("nœud {i}"), NodeKind::Theme))
        .collect();
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let h = ((a * 7919 + b * 104_729) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
            let p = if a % 4 == b % 4 { 0.5 } else { 0.06 };
            let u = h as f64 / (1u64 << 24) as f64;
            if u < p {
                edges.push(filrouge::graph::Edge::new(
                    a,
                    b,
                    0.5 + 4.0 * u + 1e-3 * (a + b) as f64,
                    1,
                ));
            }
        }
    }
    let mut g = Graph::new(GraphKind::Themes, Measure::Count, nodes, edges);
    g.annotate(3);
    g
}

#[test]
fn graphviz_draws_the_dot_file() {
    let dot_ok = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !dot_ok {
        skip_unless_ci("dot (graphviz)");
        return;
    }
    let graph = build();
    let dir = tempfile::tempdir().unwrap();
    write_all(&graph, dir.path());
    let svg_path = dir.path().join("g.svg");
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("g.dot"))
        .arg("-o")
        .arg(&svg_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains("<svg"), "not an SVG");
    assert_eq!(svg.matches("class=\"node\"").count(), graph.nodes.len());
    assert_eq!(svg.matches("class=\"edge\"").count(), graph.edges.len());
    // Labels survive with their accents and specials (re-escaped by Graphviz for SVG).
    assert!(svg.contains("forêt &lt;domaniale&gt;"), "{svg}");
    assert!(svg.contains("élu &amp; &quot;citoyen&quot;"), "{svg}");
}

#[test]
fn exports_are_byte_identical_across_builds() {
    let (a, b) = (build(), build());
    for f in Format::ALL {
        assert_eq!(export(&a, f).as_bytes(), export(&b, f).as_bytes(), "{f}");
    }
    // The annotation really ran: two communities plus the isolated theme, positions spread.
    let communities: Vec<u32> = a.nodes.iter().map(|n| n.community.unwrap()).collect();
    assert_eq!(communities, vec![0, 0, 0, 1, 1, 1, 2]);
    assert!(a.nodes.iter().any(|n| n.x > 0.9) && a.nodes.iter().any(|n| n.x < 0.1));
}
