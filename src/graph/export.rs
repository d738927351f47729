//! Graph files for other tools: GraphML (yEd, Cytoscape, networkx), GEXF 1.3 (Gephi), DOT
//! (Graphviz) and node-link JSON (d3, networkx `node_link_graph(data, edges="links")`).
//!
//! Every format carries the same data. Node: id, label, kind, event, community, occurrences,
//! ateliers, weighted_degree, betweenness and the layout position. Edge: weight, measure, count,
//! shared (labels joined with `"; "`) and cross_event. The graph carries its kind and measure.
//!
//! Output is byte-deterministic: nodes and edges in the graph's order, floats printed with
//! [`DECIMALS`] decimals (`-0` printed as `0`), no timestamps. Text is UTF-8, accents kept;
//! XML special characters are escaped, and control characters that XML 1.0 forbids become
//! U+FFFD. Absent values (`event`, `community` = `None`) are omitted in XML and DOT, `null` in
//! JSON.
//!
//! Positions: GraphML and JSON keep the unit square `x, y ∈ [0, 1]`. GEXF writes
//! `viz:position` scaled to `[−GEXF_SCALE/2, GEXF_SCALE/2]` (Gephi draws nodes about 10 units
//! wide) and colours nodes by community. DOT writes `pos="x,y!"` in inches, scaled to
//! `[0, DOT_SCALE]`, and sets `layout=neato` so that Graphviz keeps those positions
//! (`dot -Tsvg file.dot` then draws the computed layout).
//!
//! To add a format: a variant of [`Format`], its names in `as_str`/`FromStr`/`extension`, and a
//! `to_…(&Graph) -> String` function called from [`export`].

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Graph, UnknownName};

/// Decimals of every float written.
pub const DECIMALS: usize = 6;
/// Width of the GEXF drawing (Gephi units), centred on the origin.
pub const GEXF_SCALE: f64 = 1000.0;
/// Width of the DOT drawing, in inches.
pub const DOT_SCALE: f64 = 10.0;

/// Node colours by community (Tableau 10), cycled; nodes without a community are grey.
const PALETTE: [(u8, u8, u8); 10] = [
    (0x4e, 0x79, 0xa7),
    (0xf2, 0x8e, 0x2b),
    (0xe1, 0x57, 0x59),
    (0x76, 0xb7, 0xb2),
    (0x59, 0xa1, 0x4f),
    (0xed, 0xc9, 0x48),
    (0xb0, 0x7a, 0xa1),
    (0xff, 0x9d, 0xa7),
    (0x9c, 0x75, 0x5f),
    (0xba, 0xb0, 0xac),
];
const NO_COMMUNITY: (u8, u8, u8) = (0xcc, 0xcc, 0xcc);

/// A graph file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// GraphML (XML).
    Graphml,
    /// GEXF 1.3 (XML), Gephi's format.
    Gexf,
    /// Graphviz DOT.
    Dot,
    /// Node-link JSON (`nodes` / `links`).
    Json,
}

impl Format {
    /// Every format, in declaration order.
    pub const ALL: [Format; 4] = [Format::Graphml, Format::Gexf, Format::Dot, Format::Json];

    /// The canonical name (`graphml`, `gexf`, `dot`, `json`), accepted back by [`FromStr`].
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Dot => "dot",
            Format::Json => "json",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = UnknownName;

    /// Case-insensitive; `gv` is accepted for DOT.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "graphml" => Ok(Format::Graphml),
            "gexf" => Ok(Format::Gexf),
            "dot" | "gv" => Ok(Format::Dot),
            "json" => Ok(Format::Json),
            _ => Err(UnknownName {
                what: "format inconnu",
                given: s.to_owned(),
                expected: "graphml, gexf, dot, json",
            }),
        }
    }
}

/// The graph written in `format`.
pub fn export(graph: &Graph, format: Format) -> String {
    match format {
        Format::Graphml => to_graphml(graph),
        Format::Gexf => to_gexf(graph),
        Format::Dot => to_dot(graph),
        Format::Json => to_json(graph),
    }
}

/// A float with [`DECIMALS`] decimals; `-0` as `0`; non-finite as XML Schema's `NaN`, `INF`,
/// `-INF`.
fn num(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "INF" } else { "-INF" }.to_owned();
    }
    let s = format!("{x:.DECIMALS$}");
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s[1..].to_owned()
    } else {
        s
    }
}

/// Text escaped for an XML attribute value or element content.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text as a quoted DOT string: `"` and `\` escaped, line breaks as `\n`.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn colour(community: Option<u32>) -> (u8, u8, u8) {
    community.map_or(NO_COMMUNITY, |c| PALETTE[c as usize % PALETTE.len()])
}

fn shared(e: &super::Edge) -> String {
    e.shared.join("; ")
}

/// GraphML: one `<key>` per attribute (typed), node ids as given, edges `e0`, `e1`, ….
pub fn to_graphml(graph: &Graph) -> String {
    const KEYS: [(&str, &str, &str, &str); 17] = [
        ("graph_kind", "graph", "kind", "string"),
        ("graph_measure", "graph", "measure", "string"),
        ("label", "node", "label", "string"),
        ("kind", "node", "kind", "string"),
        ("event", "node", "event", "string"),
        ("community", "node", "community", "int"),
        ("occurrences", "node", "occurrences", "long"),
        ("ateliers", "node", "ateliers", "int"),
        ("weighted_degree", "node", "weighted_degree", "double"),
        ("betweenness", "node", "betweenness", "double"),
        ("x", "node", "x", "double"),
        ("y", "node", "y", "double"),
        ("weight", "edge", "weight", "double"),
        ("measure", "edge", "measure", "string"),
        ("count", "edge", "count", "long"),
        ("shared", "edge", "shared", "string"),
        ("cross_event", "edge", "cross_event", "boolean"),
    ];
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, domain, name, ty) in KEYS {
        out.push_str(&format!(
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>\n"
        ));
    }
    out.push_str("  <graph id=\"filrouge\" edgedefault=\"undirected\">\n");
    out.push_str(&format!(
        "    <data key=\"graph_kind\">{}</data>\n    <data key=\"graph_measure\">{}</data>\n",
        graph.kind.as_str(),
        graph.measure.as_str()
    ));
    let data = |out: &mut String, key: &str, value: &str| {
        out.push_str(&format!("      <data key=\"{key}\">{value}</data>\n"));
    };
    for node in &graph.nodes {
        out.push_str(&format!("    <node id=\"{}\">\n", xml(&node.id)));
        data(&mut out, "label", &xml(&node.label));
        data(&mut out, "kind", node.kind.as_str());
        if let Some(event) = &node.event {
            data(&mut out, "event", &xml(event));
        }
        if let Some(c) = node.community {
            data(&mut out, "community", &c.to_string());
        }
        data(&mut out, "occurrences", &node.occurrences.to_string());
        data(&mut out, "ateliers", &node.ateliers.to_string());
        data(&mut out, "weighted_degree", &num(node.weighted_degree));
        data(&mut out, "betweenness", &num(node.betweenness));
        data(&mut out, "x", &num(node.x));
        data(&mut out, "y", &num(node.y));
        out.push_str("    </node>\n");
    }
    for (k, e) in graph.edges.iter().enumerate() {
        out.push_str(&format!(
            "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\">\n",
            xml(&graph.nodes[e.source].id),
            xml(&graph.nodes[e.target].id)
        ));
        data(&mut out, "weight", &num(e.weight));
        data(&mut out, "measure", graph.measure.as_str());
        data(&mut out, "count", &e.count.to_string());
        data(&mut out, "shared", &xml(&shared(e)));
        data(
            &mut out,
            "cross_event",
            if e.cross_event { "true" } else { "false" },
        );
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// GEXF 1.3: declared attributes, native `label` and edge `weight`, `viz:position` and
/// `viz:color` per node.
pub fn to_gexf(graph: &Graph) -> String {
    const NODE_ATTRS: [(&str, &str); 7] = [
        ("kind", "string"),
        ("event", "string"),
        ("community", "integer"),
        ("occurrences", "long"),
        ("ateliers", "integer"),
        ("weighted_degree", "double"),
        ("betweenness", "double"),
    ];
    const EDGE_ATTRS: [(&str, &str); 4] = [
        ("measure", "string"),
        ("count", "long"),
        ("shared", "string"),
        ("cross_event", "boolean"),
    ];
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" \
         version=\"1.3\">\n",
    );
    out.push_str(&format!(
        "  <meta>\n    <creator>filrouge</creator>\n    <description>{} graph, \
         edge weight: {}</description>\n  </meta>\n",
        graph.kind.as_str(),
        graph.measure.as_str()
    ));
    out.push_str("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n");
    for (class, attrs) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
        out.push_str(&format!(
            "    <attributes class=\"{class}\" mode=\"static\">\n"
        ));
        for (name, ty) in attrs {
            out.push_str(&format!(
                "      <attribute id=\"{name}\" title=\"{name}\" type=\"{ty}\"/>\n"
            ));
        }
        out.push_str("    </attributes>\n");
    }
    let attvalue = |out: &mut String, key: &str, value: &str| {
        out.push_str(&format!(
            "          <attvalue for=\"{key}\" value=\"{value}\"/>\n"
        ));
    };
    out.push_str("    <nodes>\n");
    for node in &graph.nodes {
        out.push_str(&format!(
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>\n",
            xml(&node.id),
            xml(&node.label)
        ));
        attvalue(&mut out, "kind", node.kind.as_str());
        if let Some(event) = &node.event {
            attvalue(&mut out, "event", &xml(event));
        }
        if let Some(c) = node.community {
            attvalue(&mut out, "community", &c.to_string());
        }
        attvalue(&mut out, "occurrences", &node.occurrences.to_string());
        attvalue(&mut out, "ateliers", &node.ateliers.to_string());
        attvalue(&mut out, "weighted_degree", &num(node.weighted_degree));
        attvalue(&mut out, "betweenness", &num(node.betweenness));
        out.push_str("        </attvalues>\n");
        let (r, g, b) = colour(node.community);
        out.push_str(&format!(
            "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n        \
             <viz:position x=\"{}\" y=\"{}\" z=\"0.0\"/>\n      </node>\n",
            num((node.x - 0.5) * GEXF_SCALE),
            num((node.y - 0.5) * GEXF_SCALE)
        ));
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (k, e) in graph.edges.iter().enumerate() {
        out.push_str(&format!(
            "      <edge id=\"{k}\" source=\"{}\" target=\"{}\" weight=\"{}\">\n        \
             <attvalues>\n",
            xml(&graph.nodes[e.source].id),
            xml(&graph.nodes[e.target].id),
            num(e.weight)
        ));
        attvalue(&mut out, "measure", graph.measure.as_str());
        attvalue(&mut out, "count", &e.count.to_string());
        attvalue(&mut out, "shared", &xml(&shared(e)));
        attvalue(
            &mut out,
            "cross_event",
            if e.cross_event { "true" } else { "false" },
        );
        out.push_str("        </attvalues>\n      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// Graphviz DOT: an undirected graph with quoted ids, every attribute quoted, `pos` pinned
/// (`!`) and `layout=neato`, nodes filled with their community colour.
pub fn to_dot(graph: &Graph) -> String {
    let mut out = String::new();
    out.push_str("graph \"filrouge\" {\n");
    out.push_str(&format!(
        "  graph [kind={}, measure={}, layout=\"neato\", outputorder=\"edgesfirst\"];\n",
        dot_str(graph.kind.as_str()),
        dot_str(graph.measure.as_str())
    ));
    out.push_str("  node [shape=\"ellipse\", style=\"filled\", fontname=\"sans-serif\"];\n");
    for node in &graph.nodes {
        let mut attrs = vec![
            ("label", dot_str(&node.label)),
            ("kind", dot_str(node.kind.as_str())),
        ];
        if let Some(event) = &node.event {
            attrs.push(("event", dot_str(event)));
        }
        if let Some(c) = node.community {
            attrs.push(("community", dot_str(&c.to_string())));
        }
        let (r, g, b) = colour(node.community);
        attrs.extend([
            ("occurrences", dot_str(&node.occurrences.to_string())),
            ("ateliers", dot_str(&node.ateliers.to_string())),
            ("weighted_degree", dot_str(&num(node.weighted_degree))),
            ("betweenness", dot_str(&num(node.betweenness))),
            ("x", dot_str(&num(node.x))),
            ("y", dot_str(&num(node.y))),
            (
                "pos",
                dot_str(&format!(
                    "{},{}!",
                    num(node.x * DOT_SCALE),
                    num(node.y * DOT_SCALE)
                )),
            ),
            ("fillcolor", dot_str(&format!("#{r:02x}{g:02x}{b:02x}"))),
        ]);
        out.push_str(&format!(
            "  {} [{}];\n",
            dot_str(&node.id),
            dot_attrs(&attrs)
        ));
    }
    for e in &graph.edges {
        let attrs = [
            ("weight", dot_str(&num(e.weight))),
            ("measure", dot_str(graph.measure.as_str())),
            ("count", dot_str(&e.count.to_string())),
            ("shared", dot_str(&shared(e))),
            (
                "cross_event",
                dot_str(if e.cross_event { "true" } else { "false" }),
            ),
        ];
        out.push_str(&format!(
            "  {} -- {} [{}];\n",
            dot_str(&graph.nodes[e.source].id),
            dot_str(&graph.nodes[e.target].id),
            dot_attrs(&attrs)
        ));
    }
    out.push_str("}\n");
    out
}

fn dot_attrs(attrs: &[(&str, String)]) -> String {
    attrs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A float for JSON: rounded to [`DECIMALS`] decimals; non-finite as `null`.
fn json_num(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Null;
    }
    let scale = 10f64.powi(DECIMALS as i32);
    let r = (x * scale).round() / scale;
    json!(if r == 0.0 { 0.0 } else { r })
}

/// Node-link JSON as networkx's `node_link_data(G, edges="links")`: `directed`, `multigraph`,
/// `graph` {kind, measure}, `nodes` [{id, label, …}], `links` [{source, target, weight, …}]
/// with `source`/`target` the node ids. Keys sorted, two-space indent, final newline.
pub fn to_json(graph: &Graph) -> String {
    let nodes: Vec<Value> = graph
        .nodes
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("id".into(), json!(n.id));
            m.insert("label".into(), json!(n.label));
            m.insert("kind".into(), json!(n.kind.as_str()));
            m.insert("event".into(), json!(n.event));
            m.insert("community".into(), json!(n.community));
            m.insert("occurrences".into(), json!(n.occurrences));
            m.insert("ateliers".into(), json!(n.ateliers));
            m.insert("weighted_degree".into(), json_num(n.weighted_degree));
            m.insert("betweenness".into(), json_num(n.betweenness));
            m.insert("x".into(), json_num(n.x));
            m.insert("y".into(), json_num(n.y));
            Value::Object(m)
        })
        .collect();
    let links: Vec<Value> = graph
        .edges
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("source".into(), json!(graph.nodes[e.source].id));
            m.insert("target".into(), json!(graph.nodes[e.target].id));
            m.insert("weight".into(), json_num(e.weight));
            m.insert("measure".into(), json!(graph.measure.as_str()));
            m.insert("count".into(), json!(e.count));
            m.insert("shared".into(), json!(shared(e)));
            m.insert("cross_event".into(), json!(e.cross_event));
            Value::Object(m)
        })
        .collect();
    let doc = json!({
        "directed": false,
        "multigraph": false,
        "graph": { "kind": graph.kind.as_str(), "measure": graph.measure.as_str() },
        "nodes": nodes,
        "links": links,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("a JSON value always serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, GraphKind, Measure, Node, NodeKind};

    fn tiny() -> Graph {
        let mut a = Node::new("t1", "élu & \"citoyen\" <local>", NodeKind::Theme);
        a.event = Some("Lyon 2020".into());
        a.community = Some(0);
        a.occurrences = 12;
        a.ateliers = 3;
        a.weighted_degree = 0.5;
        a.betweenness = -0.0;
        a.x = 0.25;
        a.y = 1.0;
        let b = Node::new("t2", "forêt", NodeKind::Theme);
        let mut e = Edge::new(0, 1, 0.5, 4);
        e.shared = vec!["élu".into(), "forêt".into()];
        Graph::new(GraphKind::Themes, Measure::Npmi, vec![a, b], vec![e])
    }

    #[test]
    fn numbers_and_escapes() {
        assert_eq!(num(0.1), "0.100000");
        assert_eq!(num(-0.0), "0.000000");
        assert_eq!(num(-1e-9), "0.000000");
        assert_eq!(num(-2.5), "-2.500000");
        assert_eq!(num(f64::INFINITY), "INF");
        assert_eq!(
            xml("a<b & \"c\" 'd' é\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos; é&#10;\u{FFFD}"
        );
        assert_eq!(dot_str("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(json_num(1.0 / 3.0), json!(0.333333));
        assert_eq!(json_num(f64::NAN), Value::Null);
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
        }
        assert_eq!("GV".parse::<Format>(), Ok(Format::Dot));
        assert!("svg".parse::<Format>().is_err());
    }

    #[test]
    fn dot_snapshot() {
        let want = r##"graph "filrouge" {
  graph [kind="themes", measure="npmi", layout="neato", outputorder="edgesfirst"];
  node [shape="ellipse", style="filled", fontname="sans-serif"];
  "t1" [label="élu & \"citoyen\" <local>", kind="theme", event="Lyon 2020", community="0", occurrences="12", ateliers="3", weighted_degree="0.500000", betweenness="0.000000", x="0.250000", y="1.000000", pos="2.500000,10.000000!", fillcolor="#4e79a7"];
  "t2" [label="forêt", kind="theme", occurrences="0", ateliers="0", weighted_degree="0.000000", betweenness="0.000000", x="0.000000", y="0.000000", pos="0.000000,0.000000!", fillcolor="#cccccc"];
  "t1" -- "t2" [weight="0.500000", measure="npmi", count="4", shared="élu; forêt", cross_event="false"];
}
"##;
        assert_eq!(to_dot(&tiny()), want);
    }

    #[test]
    fn json_snapshot() {
        let got: Value = serde_json::from_str(&to_json(&tiny())).unwrap();
        let want = json!({
            "directed": false,
            "multigraph": false,
            "graph": {"kind": "themes", "measure": "npmi"},
            "nodes": [
                {"id": "t1", "label": "élu & \"citoyen\" <local>", "kind": "theme",
                 "event": "Lyon 2020", "community": 0, "occurrences": 12, "ateliers": 3,
                 "weighted_degree": 0.5, "betweenness": 0.0, "x": 0.25, "y": 1.0},
                {"id": "t2", "label": "forêt", "kind": "theme", "event": null,
                 "community": null, "occurrences": 0, "ateliers": 0, "weighted_degree": 0.0,
                 "betweenness": 0.0, "x": 0.0, "y": 0.0},
            ],
            "links": [
                {"source": "t1", "target": "t2", "weight": 0.5, "measure": "npmi", "count": 4,
                 "shared": "élu; forêt", "cross_event": false},
            ],
        });
        assert_eq!(got, want);
    }

    #[test]
    fn xml_formats_escape_labels_and_carry_attributes() {
        let g = tiny();
        let graphml = to_graphml(&g);
        assert!(
            graphml
                .contains("<data key=\"label\">élu &amp; &quot;citoyen&quot; &lt;local&gt;</data>")
        );
        assert!(graphml.contains("<data key=\"shared\">élu; forêt</data>"));
        assert!(graphml.contains("<data key=\"event\">Lyon 2020</data>"));
        assert_eq!(graphml.matches("<data key=\"event\">").count(), 1);
        assert!(graphml.contains("<edge id=\"e0\" source=\"t1\" target=\"t2\">"));
        let gexf = to_gexf(&g);
        assert!(
            gexf.contains("<node id=\"t1\" label=\"élu &amp; &quot;citoyen&quot; &lt;local&gt;\">")
        );
        assert!(gexf.contains("<viz:position x=\"-250.000000\" y=\"500.000000\" z=\"0.0\"/>"));
        assert!(gexf.contains("<edge id=\"0\" source=\"t1\" target=\"t2\" weight=\"0.500000\">"));
        assert!(gexf.contains("<attvalue for=\"community\" value=\"0\"/>"));
        // No raw special character leaks from the label into the markup.
        assert!(!gexf.contains("<local>") && !graphml.contains("<local>"));
        for f in Format::ALL {
            assert_eq!(export(&g, f), export(&tiny(), f));
        }
    }
}
