//! `filrouge graph` on the shipped corpus: every format, read back by real consumers.

mod common;

use common::{filrouge, python_with_networkx, skip_unless_ci, stderr, stdout};
use serde_json::Value;

fn graph(args: &[&str]) -> String {
    let mut all = vec!["graph"];
    all.extend_from_slice(args);
    let o = filrouge(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn atelier_graph_links_2020_and_2021_with_shared_themes() {
    let v: Value = serde_json::from_str(&graph(&["--of", "ateliers", "--format", "json"])).unwrap();
    let nodes = v["nodes"].as_array().unwrap();
    let booklet = nodes
        .iter()
        .filter(|n| {
            n["id"]
                .as_str()
                .unwrap()
                .starts_with("universite-2021/atelier-")
        })
        .count();
    assert_eq!(booklet, 4);
    let event = |id: &Value| {
        nodes.iter().find(|n| n["id"] == *id).unwrap()["event"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let cross: Vec<&Value> = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            let (a, b) = (event(&l["source"]), event(&l["target"]));
            (a == "forum-2020" && b == "universite-2021")
                || (a == "universite-2021" && b == "forum-2020")
        })
        .collect();
    assert!(!cross.is_empty());
    for l in cross {
        assert_eq!(l["cross_event"], true);
        assert!(!l["shared"].as_str().unwrap().is_empty());
    }
}

/// `--max-links N`: every atelier keeps at most its N strongest links (a link staying when
/// either end keeps it); 0 and the default keep all of the shipped corpus's links (9 ateliers).
#[test]
fn atelier_links_are_limited_per_atelier() {
    let links = |extra: &[&str]| -> Vec<(String, String, f64)> {
        let mut args = vec!["--of", "ateliers", "--format", "json"];
        args.extend_from_slice(extra);
        let v: Value = serde_json::from_str(&graph(&args)).unwrap();
        v["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let id = |k: &str| l[k].as_str().unwrap().to_string();
                (id("source"), id("target"), l["weight"].as_f64().unwrap())
            })
            .collect()
    };
    let all = links(&[]);
    assert_eq!(all, links(&["--max-links", "0"]));
    let one = links(&["--max-links", "1"]);
    assert!(
        !one.is_empty() && one.len() < all.len(),
        "{} of {}",
        one.len(),
        all.len()
    );
    // Each kept link is the strongest of one of its ends.
    let strongest = |node: &str| {
        all.iter()
            .filter(|(a, b, _)| a == node || b == node)
            .map(|l| l.2)
            .fold(f64::MIN, f64::max)
    };
    for (a, b, w) in &one {
        assert!(*w == strongest(a) || *w == strongest(b), "{a} – {b}: {w}");
    }
}

#[test]
fn theme_graph_measures_tree_and_determinism() {
    for m in ["count", "jaccard", "dice", "npmi", "ll"] {
        let v: Value = serde_json::from_str(&graph(&["--measure", m, "--format", "json"])).unwrap();
        assert!(!v["links"].as_array().unwrap().is_empty(), "{m}");
    }
    let full: Value = serde_json::from_str(&graph(&["--format", "json"])).unwrap();
    let tree: Value = serde_json::from_str(&graph(&["--tree", "--format", "json"])).unwrap();
    let n = tree["nodes"].as_array().unwrap().len();
    assert!(tree["links"].as_array().unwrap().len() < n);
    assert!(tree["links"].as_array().unwrap().len() <= full["links"].as_array().unwrap().len());
    let windowed: Value = serde_json::from_str(&graph(&[
        "--window",
        "3",
        "--measure",
        "count",
        "--min-weight",
        "1",
        "--format",
        "json",
    ]))
    .unwrap();
    let sentence: Value = serde_json::from_str(&graph(&[
        "--measure",
        "count",
        "--min-weight",
        "1",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(
        windowed["links"].as_array().unwrap().len() < sentence["links"].as_array().unwrap().len()
    );
    let a = graph(&["--format", "gexf"]);
    let one = stdout(&filrouge(&["--threads", "1", "graph", "--format", "gexf"]));
    assert_eq!(a, one);
}

#[test]
fn networkx_and_graphviz_read_the_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for of in ["themes", "ateliers", "bipartite"] {
        let json: Value = serde_json::from_str(&graph(&["--of", of, "--format", "json"])).unwrap();
        for f in ["graphml", "gexf", "dot"] {
            let p = dir.path().join(format!("{of}.{f}"));
            let o = filrouge(&[
                "graph",
                "--of",
                of,
                "--format",
                f,
                "-o",
                p.to_str().unwrap(),
            ]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            files.push((
                p,
                f,
                json["nodes"].as_array().unwrap().len(),
                json["links"].as_array().unwrap().len(),
            ));
        }
    }
    match python_with_networkx() {
        None => skip_unless_ci("python with networkx"),
        Some(py) => {
            for (p, f, nodes, edges) in files.iter().filter(|x| x.1 != "dot") {
                let reader = if *f == "graphml" {
                    "read_graphml"
                } else {
                    "read_gexf"
                };
                let script = format!(
                    "import networkx as nx; g = nx.{reader}({:?}); print(g.number_of_nodes(), g.number_of_edges())",
                    p.to_str().unwrap()
                );
                let o = std::process::Command::new(&py)
                    .args(["-c", &script])
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                assert_eq!(
                    stdout(&o).trim(),
                    format!("{nodes} {edges}"),
                    "{}",
                    p.display()
                );
            }
        }
    }
    let dot_ok = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !dot_ok {
        skip_unless_ci("graphviz dot");
        return;
    }
    for (p, _, _, _) in files.iter().filter(|x| x.1 == "dot") {
        let o = std::process::Command::new("dot")
            .args(["-Tsvg", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("<svg"));
    }
}

/// Options a graph does not use are refused with the reason, not ignored (`--tree` on the
/// bipartite graph gave all 239 links, as if it were a tree).
#[test]
fn options_a_graph_does_not_use_are_refused() {
    for (of, option) in [
        ("bipartite", &["--tree"][..]),
        ("ateliers", &["--window", "5"][..]),
        ("bipartite", &["--window", "5"][..]),
        ("ateliers", &["--measure", "dice"][..]),
        ("themes", &["--max-links", "1"][..]),
        ("bipartite", &["--max-links", "1"][..]),
    ] {
        let o = filrouge(&[&["graph", "--of", of][..], option].concat());
        assert_eq!(o.status.code(), Some(2), "{of} {option:?}");
        let err = stderr(&o);
        assert!(err.contains(option[0]), "{err}");
    }
    // Where they apply, they are taken.
    for (of, option) in [("ateliers", "--tree"), ("themes", "--tree")] {
        let o = filrouge(&["graph", "--of", of, option, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

/// `filrouge graph --of ateliers` names the ateliers as the report's atelier graph and
/// `ateliers.json` do, with their event's date (`Atelier 1 · 14/09/2020`): it gave the year
/// alone, which two events of one year share.
#[test]
fn atelier_labels_are_the_reports() {
    let v: Value = serde_json::from_str(&graph(&["--of", "ateliers", "--format", "json"])).unwrap();
    let mut cli: Vec<String> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap().to_string())
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = filrouge(&[
        "analyze",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ateliers: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/ateliers.json")).unwrap())
            .unwrap();
    let mut report: Vec<String> = ateliers
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["short_label"].as_str().unwrap().to_string())
        .collect();
    cli.sort();
    report.sort();
    assert_eq!(cli, report);
    assert!(
        cli.contains(&"Atelier 1 · 14/09/2020".to_string()),
        "{cli:?}"
    );
}

/// `-o` naming a folder is refused before the work, with an example of what to give: a graph
/// file (the message showed `corpus.txt`, the export command's example).
#[test]
fn an_output_that_is_a_folder_is_refused_with_a_graph_file_example() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = filrouge(&["graph", "--format", "gexf", "-o", d]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("est un dossier"), "{err}");
    assert!(err.contains(&format!("-o {d}/graphe.gexf")), "{err}");
    assert!(!err.contains("corpus.txt"), "{err}");
}

/// `graph` with its defaults writes the report's own graph files (`data/theme-graph.graphml`,
/// `data/atelier-graph.graphml`): a researcher checking the report's graph gets the same
/// themes. It took 60 themes where the report takes 40.
#[test]
fn graph_defaults_give_the_reports_graphs() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let o = filrouge(&["analyze", "--out", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (of, file) in [
        ("themes", "theme-graph.graphml"),
        ("ateliers", "atelier-graph.graphml"),
    ] {
        let written = std::fs::read_to_string(dir.join("data").join(file)).unwrap();
        assert_eq!(graph(&["--of", of]), written, "{of}");
    }
}
