//! `filrouge analyze`: outputs, determinism, escaping, anonymisation, golden files and an
//! offline browser check of `index.html`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_filrouge");

/// Runs `filrouge [pre…] analyze <corpus> --out <out> [args…]`; panics with stderr on failure.
fn analyze(pre: &[&str], corpus: &Path, out: &Path, args: &[&str]) {
    let o = Command::new(BIN)
        .args(pre)
        .arg("analyze")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .expect("run filrouge");
    assert!(
        o.status.success(),
        "filrouge analyze failed ({}):\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let mut reader = png::Decoder::new(bytes).read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG decodes");
    (info.width, info.height)
}

const CHARTS: [&str; 5] = [
    "themes",
    "themes-by-atelier",
    "trajectories",
    "atelier-graph",
    "theme-graph",
];

#[test]
fn shipped_corpus_report_is_complete_and_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    analyze(&[], Path::new("corpus"), &a, &[]);
    let files = tree(&a);
    let mut expected: Vec<String> = vec![
        "index.html",
        "report.md",
        "run.json",
        "data/themes.csv",
        "data/theme_atelier.csv",
        "data/keyness.csv",
        "data/graph_edges.csv",
        "data/themes.json",
        "data/ateliers.json",
        "data/theme-graph.graphml",
        "data/theme-graph.gexf",
        "data/atelier-graph.graphml",
        "data/atelier-graph.gexf",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for c in CHARTS {
        expected.push(format!("charts/{c}.svg"));
        expected.push(format!("charts/{c}.png"));
    }
    for f in &expected {
        let bytes = files.get(f).unwrap_or_else(|| panic!("{f} missing"));
        assert!(!bytes.is_empty(), "{f} is empty");
        if f.ends_with(".png") {
            let (w, h) = png_size(bytes);
            assert!(w >= 600 && h >= 400, "{f}: {w}×{h}");
        }
    }
    assert_eq!(files.len(), expected.len(), "{:?}", files.keys());
    // No staging folder left beside the output.
    let siblings: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1);

    // The manifest fingerprints each input once and lists every output.
    let run: serde_json::Value = serde_json::from_slice(&files["run.json"]).unwrap();
    let inputs = run["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 6, "5 notes and the manifest");
    assert!(
        inputs
            .iter()
            .all(|i| i["sha256"].as_str().unwrap().len() == 64)
    );
    assert_eq!(run["analysed_files"], 5);
    assert_eq!(run["outputs"].as_array().unwrap().len(), files.len());
    // CSV: header row, every row the same width.
    let mut rdr = csv::Reader::from_reader(&files["data/keyness.csv"][..]);
    let width = rdr.headers().unwrap().len();
    let rows: Vec<_> = rdr.records().map(Result::unwrap).collect();
    assert!(rows.len() > 100 && rows.iter().all(|r| r.len() == width));
    for p in ["atelier", "event", "section"] {
        assert!(rows.iter().any(|r| &r[0] == p), "keyness by {p}");
    }
    // A theme absent from a partition has a row where its absence is significant (none had),
    // and only there.
    let absent: Vec<_> = rows.iter().filter(|r| &r[5] == "0").collect();
    assert!(!absent.is_empty());
    for r in &absent {
        let p: f64 = r[10].parse().unwrap();
        assert!(p < 0.001 && &r[12] == "false", "{r:?}");
    }
    // themes.json is the `filrouge themes --json` schema.
    let themes: serde_json::Value = serde_json::from_slice(&files["data/themes.json"]).unwrap();
    let first = &themes[0];
    assert_eq!(first["rank"], 1);
    for key in ["label", "components", "evidence", "trend", "by_event"] {
        assert!(!first[key].is_null(), "themes.json lacks {key}");
    }
    // No timestamp anywhere: the report says nothing of when it was made.
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Les thèmes récurrents") && html.contains("Méthode"));
    assert!(html.contains("wordfreq"), "reference attribution");
    assert!(!html.contains("ateli\u{e8}r"), "no stem shown");
    // A trend class longer than its list says how many more it holds.
    let persistent = themes
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["trend"] == "persistent")
        .count();
    assert!(persistent > 15, "{persistent} persistent themes");
    let md = String::from_utf8(files["report.md"].clone()).unwrap();
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Thèmes persistants**"))
        .expect("persistent themes listed");
    assert!(
        line.ends_with(&format!("… et {} autres", persistent - 15)),
        "{line}"
    );

    // Two runs into two folders give byte-identical trees, run.json too (its output folder is
    // not recorded). A run on one thread and a run with the texts on disk give the same files
    // but for the command line run.json records (`invocation`: `--threads`, `--texts`).
    analyze(&[], Path::new("corpus"), &b, &[]);
    analyze(&["--threads", "1"], Path::new("corpus"), &c, &[]);
    let d = tmp.path().join("d");
    analyze(&["--texts", "disk"], Path::new("corpus"), &d, &[]);
    let without_invocation = |bytes: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        v.as_object_mut().unwrap().remove("invocation").unwrap();
        v
    };
    for (i, other) in [tree(&b), tree(&c), tree(&d)].into_iter().enumerate() {
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>()
        );
        for (k, v) in &files {
            if k == "run.json" && i > 0 {
                assert_eq!(
                    without_invocation(&other[k]),
                    without_invocation(v),
                    "run.json differs beyond the command line"
                );
                continue;
            }
            assert!(other[k] == *v, "{k} differs between runs");
        }
    }
    let run_d: serde_json::Value = serde_json::from_slice(&tree(&d)["run.json"]).unwrap();
    assert_eq!(run["invocation"]["texts"], "auto");
    assert_eq!(run_d["invocation"]["texts"], "disk");
}

#[test]
fn english_report_and_format_selection() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("en");
    analyze(
        &[],
        Path::new("corpus"),
        &out,
        &["--lang", "en", "--format", "html,csv", "--top", "5"],
    );
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert!(names.contains(&"index.html") && names.contains(&"data/themes.csv"));
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".png") || n.ends_with(".svg") || n.ends_with(".md"))
    );
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("The recurring themes") && html.contains("Method"));
    assert!(html.contains("Plenary"));
    for fr in [
        "Méthode",
        "Sommaire",
        "thèmes récurrents",
        "événements",
        "Paramètres",
        "Fréquences de référence",
        "</strong> : ",
        // The label the loader makes up for the plenary.
        "Plénière",
    ] {
        assert!(
            !html.contains(fr),
            "French word {fr:?} in the English report"
        );
    }
    // An unwritable output location fails before any work and leaves nothing.
    let o = Command::new(BIN)
        .args(["analyze", "corpus", "--out"])
        .arg(tmp.path().join("en/index.html/x"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    // A folder that is not an earlier report is never replaced.
    let precious = tmp.path().join("notes");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("a.md"), "keep me").unwrap();
    let o = Command::new(BIN)
        .args(["analyze", "corpus", "--out"])
        .arg(&precious)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("n'est pas un rapport filrouge"));
    assert_eq!(
        std::fs::read_to_string(precious.join("a.md")).unwrap(),
        "keep me"
    );
    // An earlier report is replaced.
    analyze(&[], Path::new("corpus"), &out, &["--format", "md"]);
    assert!(out.join("report.md").is_file() && !out.join("index.html").exists());
}

/// A report written inside the corpus folder (`filrouge analyze .`) is not read back as notes by
/// the next run; and a report folder that holds the corpus is never replaced: that would delete
/// the notes.
#[test]
fn a_report_inside_the_corpus_is_not_read_and_never_replaces_it() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("notes");
    copy_dir(
        Path::new("corpus/2020-09-14-forum-ouvert"),
        &corpus.join("2020-09-14-forum-ouvert"),
    );
    let inside = corpus.join("report");
    analyze(&[], &corpus, &inside, &["--format", "md"]);
    let first = tree(&inside);
    // Read back, the report would add its own files (and `analyze` would fail: they are not
    // notes it can read).
    analyze(&[], &corpus, &inside, &["--format", "md"]);
    assert_eq!(tree(&inside), first);

    let around = tmp.path().join("around");
    analyze(&[], &corpus, &around, &["--format", "md"]);
    let moved = around.join("notes");
    std::fs::rename(&corpus, &moved).unwrap();
    let before = tree(&moved);
    let o = Command::new(BIN)
        .arg("analyze")
        .arg(&moved)
        .arg("--out")
        .arg(&around)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("contient le corpus"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(tree(&moved), before, "the notes are all still there");
}

/// Interrupted (`SIGINT`, as Ctrl-C sends), `analyze` removes the folder it was building beside
/// its target and exits with 130; the earlier report stays as it was. (The process ends
/// without unwinding: without the handler, the half-built folder stayed.)
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_unfinished_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rapport");
    analyze(&[], Path::new("corpus"), &out, &["--format", "md"]);
    let before = tree(&out);
    // The Grand Débat answers: over a second of work, interrupted well inside it.
    let child = Command::new(BIN)
        .args([
            "analyze",
            "../shared/data/bench/granddebat-answers.jsonl",
            "--out",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["rapport"], "nothing beside the report");
    assert_eq!(tree(&out), before);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A consultation (one file of answers, no ateliers) has its themes recur across documents,
/// and the report says so: its method, its table and its parameters speak of documents.
/// JSON Lines answers `r0`, `r1`… holding `texts`, one per line.
fn answer_lines(texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{{\"id\": \"r{i}\", \"text\": \"{t}\"}}"))
        .collect()
}

#[test]
fn a_report_on_answers_speaks_of_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("reponses.jsonl");
    let lines = answer_lines(&[
        "La transition écologique doit associer les habitants.",
        "Associer les habitants aux décisions de la commune.",
        "La transition écologique passe par les transports.",
        "Des transports publics pour tous les habitants.",
        "Les habitants veulent être écoutés sur la transition écologique.",
        "Réduire les impôts locaux et les taxes.",
    ]);
    std::fs::write(&answers, lines.join("\n")).unwrap();
    let out = tmp.path().join("r");
    analyze(
        &[],
        &answers,
        &out,
        &["--format", "md", "--min-ateliers", "3"],
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("un thème est récurrent quand il revient dans plusieurs documents"));
    assert!(
        md.contains("| Occurrences | Documents | Événements |"),
        "{md}"
    );
    assert!(md.contains("Un thème doit revenir dans au moins 3 documents."));
    assert!(md.contains("- Documents minimum pour un thème récurrent : 3"));
    assert!(!md.contains("Il doit revenir dans au moins deux ateliers"));
    // The habitants occur in 4 answers: the table says 4 documents, not 1 atelier.
    let row = md
        .lines()
        .find(|l| l.contains("| habitants |"))
        .expect("habitants is a theme");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[7], "4", "{row}");
    // With no theme, the report says none recurs across documents (not ateliers).
    std::fs::write(&answers, lines[4..].join("\n")).unwrap();
    let out = tmp.path().join("r2");
    analyze(&[], &answers, &out, &["--format", "md"]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("Aucun thème ne revient dans au moins 2 documents"),
        "{md}"
    );
    assert!(!md.contains("assez d'ateliers"));
}

/// Past `NETWORK_ATELIERS` (150) ateliers, the atelier graph's picture is an excerpt and its
/// title says so, while the graph's files keep every atelier: 200 ateliers, in four groups of
/// concerns, draw 150 (two circles each: a halo and the node), and the GraphML lists 200.
#[test]
fn a_graph_of_many_ateliers_is_drawn_as_an_excerpt() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("notes");
    std::fs::create_dir(&corpus).unwrap();
    let groups = [
        "La transition écologique demande des transports publics et des habitants associés.",
        "Le droit à l'erreur donne confiance aux agents et change la posture des managers.",
        "La participation citoyenne associe les élus et les habitants aux décisions.",
        "L'essaimage des projets demande de la légitimité et un portage par les élus.",
    ];
    for i in 0..200 {
        let (a, b) = (groups[i % 4], groups[(i / 4) % 4]);
        std::fs::write(
            corpus.join(format!("atelier-{i:03}.md")),
            format!("# Atelier {i}\n\n## Synthèse\n\n{a} {b}\n\n## Discussion\n\n- {a}\n"),
        )
        .unwrap();
    }
    let out = tmp.path().join("r");
    analyze(&[], &corpus, &out, &["--format", "svg,json"]);
    let svg = std::fs::read_to_string(out.join("charts/atelier-graph.svg")).unwrap();
    // The title is wrapped on two lines.
    for part in [
        "150 ateliers (sur 200)",
        "tous dans data/atelier-graph.gexf",
    ] {
        assert!(svg.contains(part), "{}", &svg[..svg.len().min(2000)]);
    }
    assert_eq!(svg.matches("<circle").count(), 2 * 150);
    let graphml = std::fs::read_to_string(out.join("data/atelier-graph.graphml")).unwrap();
    assert_eq!(graphml.matches("<node ").count(), 200);
    // Without the data files, the title points to none.
    let out = tmp.path().join("r-svg");
    analyze(&[], &corpus, &out, &["--format", "svg"]);
    assert!(!out.join("data").exists());
    let svg = std::fs::read_to_string(out.join("charts/atelier-graph.svg")).unwrap();
    assert!(svg.contains("150 ateliers (sur 200)"));
    assert!(!svg.contains("data/"), "{}", &svg[..svg.len().min(2000)]);
}

/// Writes `ateliers` atelier notes sharing the same concerns into each of the `events` folders
/// (`2022-01-10-forum`: the prefix is the event's date) under `corpus`.
fn dated_notes(corpus: &Path, events: &[&str], ateliers: usize) {
    let text = "La transition écologique demande des transports publics et des habitants \
                associés. La confiance des agents change la posture des managers. La \
                participation citoyenne associe les élus et les habitants.";
    for event in events {
        let dir = corpus.join(event);
        std::fs::create_dir_all(&dir).unwrap();
        for i in 1..=ateliers {
            std::fs::write(
                dir.join(format!("atelier-{i}.md")),
                format!("# Atelier {i}\n\n## Synthèse\n\n{text}\n\n## Discussion\n\n- {text}\n"),
            )
            .unwrap();
        }
    }
}

/// The distinct `cx` of the circles of an SVG, in increasing order.
fn circle_xs(svg: &str) -> Vec<i64> {
    let mut xs: Vec<i64> = svg
        .split("<circle cx=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').unwrap()]
                .parse::<f64>()
                .unwrap()
                .round() as i64
        })
        .collect();
    xs.sort_unstable();
    xs.dedup();
    xs
}

/// The trajectories' x axis is a time axis: events two weeks apart are drawn side by side, the
/// one fourteen months later far to the right (evenly spaced, they drew a collapse and a
/// recovery that took as long as two weeks).
#[test]
fn trajectories_place_events_by_date() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("notes");
    dated_notes(
        &corpus,
        &[
            "2022-01-10-forum",
            "2022-01-24-reunion",
            "2023-03-06-universite",
        ],
        2,
    );
    let out = tmp.path().join("r");
    analyze(&[], &corpus, &out, &["--format", "svg"]);
    let svg = std::fs::read_to_string(out.join("charts/trajectories.svg")).unwrap();
    // The first theme's points (discs) at the three events, then its end label's disc.
    let xs = circle_xs(&svg);
    assert_eq!(xs.len(), 4, "{xs:?}");
    let (near, far) = ((xs[1] - xs[0]) as f64, (xs[2] - xs[0]) as f64);
    // 14 days of 420.
    assert!((near / far - 14.0 / 420.0).abs() < 0.01, "{xs:?}");
}

/// A consultation is one atelier: a heatmap of one column and an atelier graph of one node said
/// nothing. Neither is drawn, neither report points to them, and the graph's section says why.
#[test]
fn a_single_atelier_draws_no_heatmap_nor_atelier_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("reponses.jsonl");
    let lines = answer_lines(&[
        "La transition écologique doit associer les habitants.",
        "Associer les habitants aux décisions de la commune.",
        "La transition écologique passe par les transports.",
        "Des transports publics pour tous les habitants.",
    ]);
    std::fs::write(&answers, lines.join("\n")).unwrap();
    let out = tmp.path().join("r");
    analyze(&[], &answers, &out, &["--format", "md,html,svg"]);
    assert!(out.join("charts/themes.svg").exists(), "themes are drawn");
    for chart in ["themes-by-atelier", "atelier-graph"] {
        assert!(!out.join(format!("charts/{chart}.svg")).exists(), "{chart}");
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for (name, text) in [("report.md", &md), ("index.html", &html)] {
        for absent in [
            "themes-by-atelier",
            "charts/atelier-graph",
            "Mentions de chaque thème par atelier",
            "Ateliers reliés par leurs préoccupations communes",
            "Couleur : l'événement",
        ] {
            assert!(!text.contains(absent), "{name} has {absent}");
        }
    }
    let why = "Il faut au moins deux ateliers pour les relier : pas de graphe des ateliers.";
    assert!(md.contains(why), "{md}");
    assert!(html.contains(&format!("<p>{why}</p>")));
}

/// Two ateliers with nothing in common: the atelier graph would be two nodes and no line. It is
/// not drawn, and the section says that no pair of ateliers is linked.
#[test]
fn ateliers_without_a_link_draw_no_atelier_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("notes");
    std::fs::create_dir(&corpus).unwrap();
    for (i, text) in [
        "Le covoiturage manque de soutien dans les villages. Le covoiturage rural demande des aires.",
        "Les pistes cyclables doivent être sûres. Des pistes cyclables pour les enfants.",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(
            corpus.join(format!("atelier-{}.md", i + 1)),
            format!("# Atelier {}\n\n## Synthèse\n\n{text}\n", i + 1),
        )
        .unwrap();
    }
    let out = tmp.path().join("r");
    analyze(&[], &corpus, &out, &["--format", "md,html,svg,json"]);
    assert!(!out.join("charts/atelier-graph.svg").exists());
    // The graph's data keeps both ateliers.
    let graphml = std::fs::read_to_string(out.join("data/atelier-graph.graphml")).unwrap();
    assert_eq!(graphml.matches("<node ").count(), 2);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!md.contains("charts/atelier-graph") && !html.contains("<img"));
    let why = "aucune paire d'ateliers n'en partage assez : pas de graphe des ateliers.";
    assert!(md.contains(why), "{md}");
    assert!(html.contains(&why.replace('\'', "&#39;")));
}

/// A corpus whose themes never come back together has no family of themes: the report says so
/// under its heading (it showed the heading over an empty list).
#[test]
fn a_report_without_theme_families_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("reponses.jsonl");
    let lines = answer_lines(&[
        "Le covoiturage manque de soutien.",
        "Plus de covoiturage pour les villages.",
        "Des pistes cyclables sûres.",
    ]);
    std::fs::write(&answers, lines.join("\n")).unwrap();
    let out = tmp.path().join("r");
    analyze(&[], &answers, &out, &["--format", "md,html"]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("**Familles de thèmes** : aucune — trop peu de thèmes"),
        "{md}"
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<ul>\n</ul>"), "an empty list in index.html");
    assert!(html.contains("<p>aucune — trop peu de thèmes"));
}

#[test]
fn corpus_text_is_escaped_in_html_and_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_dir(Path::new("corpus"), &corpus);
    std::fs::write(
        corpus.join("2020-09-14-forum-ouvert/atelier-4-emergence-session-1.md"),
        "# Atelier 4 - Emergence - Session 1\n\n## Question\n\nComment tester l'échappement ?\n\n\
         ## Synthèse\n\nLes citoyens, les usagers et les élus disent \"posture\" : \
         <script>alert(1)</script> et <img src=x onerror=alert(1)> pour les collectifs.\n",
    )
    .unwrap();
    let out = tmp.path().join("report");
    analyze(&[], &corpus, &out, &["--format", "html,md"]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the note is quoted, escaped"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("disent &quot;"));
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    assert!(md.contains("&lt;script>alert(1)&lt;/script>"));
    assert!(md.contains("&lt;img src=x onerror=alert(1)>"));
    assert!(!md.contains("<script>alert") && !md.contains("<img src=x"));
}

/// `data/themes.json` quotes the notes as the report does: without the bold marks and
/// superscript braces a converter left (`- **Première piste** :`, `7^{ème} édition`).
#[test]
fn themes_json_quotes_without_formatting_marks() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    analyze(&[], Path::new("corpus"), &out, &["--format", "json,md"]);
    let json = std::fs::read_to_string(out.join("data/themes.json")).unwrap();
    let themes: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut texts = Vec::new();
    for t in themes.as_array().unwrap() {
        for e in t["evidence"].as_array().unwrap() {
            let text = e["text"].as_str().unwrap();
            // Highlights still cover words of the cleaned text.
            for h in e["highlights"].as_array().unwrap() {
                let (a, b) = (h[0].as_u64().unwrap(), h[1].as_u64().unwrap());
                let word: String = text
                    .chars()
                    .skip(a as usize)
                    .take((b - a) as usize)
                    .collect();
                // Inclusive writing keeps its marks (`prêt.e`, `élu(e)`).
                assert!(
                    word.chars()
                        .all(|c| c.is_alphanumeric() || " -'’·.()".contains(c)),
                    "{word:?} in {text}"
                );
            }
            texts.push(text.to_string());
        }
    }
    for mark in ["**", "__", "^{"] {
        let left: Vec<_> = texts.iter().filter(|t| t.contains(mark)).collect();
        assert!(left.is_empty(), "{mark} left in {left:?}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Première piste : faire évoluer"))
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("la 7ème édition de votre budget"))
    );
    // The Markdown report quotes the same sentence the same way.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("Première piste : faire évoluer"), "{md}");
}

/// A file read with a warning (not UTF-8, decoded as Windows-1252) is said in the report, where
/// it lists the skipped files, in French and in English — not only on stderr and in `run.json`.
#[test]
fn a_warning_about_a_file_reaches_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("notes");
    std::fs::create_dir(&corpus).unwrap();
    let forum = Path::new("corpus/2020-09-14-forum-ouvert");
    for f in [
        "atelier-1-emergence-session-2.md",
        "atelier-2-emergence-session-1.txt",
    ] {
        std::fs::copy(forum.join(f), corpus.join(f)).unwrap();
    }
    // The third note in Latin-1, as `iconv -f utf-8 -t latin1` writes it.
    let text = std::fs::read_to_string(forum.join("atelier-3-emergence-session-1.txt")).unwrap();
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    std::fs::write(corpus.join("atelier-3.txt"), latin1).unwrap();
    let told = "`atelier-3.txt` — pas de l'UTF-8 valide : décodé en Windows-1252";

    let fr = tmp.path().join("fr");
    analyze(&[], &corpus, &fr, &["--format", "md,html,json"]);
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fr.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["warnings"].as_array().unwrap().len(), 1, "{run}");
    let md = std::fs::read_to_string(fr.join("report.md")).unwrap();
    assert!(md.contains("### Avertissements"), "{md}");
    assert!(md.contains(told), "{md}");
    let html = std::fs::read_to_string(fr.join("index.html")).unwrap();
    assert!(html.contains("<h3>Avertissements</h3>"));
    let row = "<tr><td><code>atelier-3.txt</code></td><td>pas de l&#39;UTF-8 valide : décodé \
               en Windows-1252</td></tr>";
    assert!(html.contains(row), "{html}");

    let en = tmp.path().join("en");
    analyze(&[], &corpus, &en, &["--format", "md,html", "--lang", "en"]);
    let md = std::fs::read_to_string(en.join("report.md")).unwrap();
    assert!(
        md.contains("### Warnings\n\nThese files were analysed"),
        "{md}"
    );
    assert!(md.contains(told), "{md}");
    let html = std::fs::read_to_string(en.join("index.html")).unwrap();
    assert!(html.contains("<h3>Warnings</h3>") && html.contains("décodé en Windows-1252"));

    // A name in the file's path is pseudonymised in run.json's warnings, as in the report.
    std::fs::rename(
        corpus.join("atelier-3.txt"),
        corpus.join("Florence Mensah.txt"),
    )
    .unwrap();
    let anon = tmp.path().join("anon");
    analyze(&[], &corpus, &anon, &["--format", "md,json", "--anonymize"]);
    let run = std::fs::read_to_string(anon.join("run.json")).unwrap();
    let md = std::fs::read_to_string(anon.join("report.md")).unwrap();
    assert!(md.contains("`[nom].txt` — pas de l'UTF-8 valide"), "{md}");
    let warnings = &serde_json::from_str::<serde_json::Value>(&run).unwrap()["warnings"];
    assert_eq!(warnings[0]["location"], "[nom].txt", "{warnings}");
    assert!(!run.contains("Mensah"), "{run}");
}

/// The counts in brackets after labels `label (n), label (n)…` of a list.
fn bracket_counts(list: &str) -> Vec<u64> {
    list.split("), ")
        .map(|item| {
            let n = item.rsplit_once(" (").expect("label (n)").1;
            n.trim_end_matches(')')
                .replace(['\u{202f}', '\u{a0}'], "")
                .parse()
                .expect(n)
        })
        .collect()
}

/// An atelier's « Thèmes propres » are listed in the order of the count shown beside each
/// (`transformation (15), lab (14), parcours (11), accompagnement (9)…`), in report.md and
/// index.html; ateliers.json keeps them strongest (G²) first, with their G².
#[test]
fn specific_themes_are_listed_by_the_count_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    analyze(
        &[],
        Path::new("corpus"),
        &out,
        &["--format", "md,html,json"],
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let prefix = "- **Thèmes propres à cet atelier** : ";
    let lists: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .filter(|l| l.ends_with(')'))
        .collect();
    assert!(lists.len() >= 5, "{md}");
    for list in &lists {
        let n = bracket_counts(list);
        assert!(n.windows(2).all(|w| w[0] >= w[1]), "{list}");
    }
    assert!(
        lists
            .iter()
            .any(|l| l
                .starts_with("transformation (15), lab (14), parcours (11), accompagnement (9)")),
        "{lists:?}"
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let chips: Vec<String> = html
        .split("Thèmes propres à cet atelier</strong>")
        .skip(1)
        .filter_map(|rest| {
            let chips = rest
                .split("</p>")
                .next()?
                .strip_prefix(" : <span class=\"chips\">")?;
            Some(
                chips
                    .replace("</span><span>", ", ")
                    .replace("<span>", "")
                    .replace("</span>", ""),
            )
        })
        .collect();
    assert_eq!(chips.len(), lists.len(), "{chips:?}");
    for list in &chips {
        let n = bracket_counts(list);
        assert!(n.windows(2).all(|w| w[0] >= w[1]), "{list}");
    }
    let ateliers: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/ateliers.json")).unwrap()).unwrap();
    for a in ateliers.as_array().unwrap() {
        let g2: Vec<f64> = a["specific"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["g2"].as_f64().unwrap())
            .collect();
        assert!(g2.windows(2).all(|w| w[0] >= w[1]), "{a}");
    }
}

/// Whether `needle` (lowercase) occurs in `hay` (lowercase) as a whole word.
fn has_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The full names and name parts (≥ 3 letters) of the people of a corpus, lowercase.
fn names_of(corpus: &Path) -> Vec<String> {
    let c = filrouge::corpus::Corpus::load(corpus).unwrap();
    let mut names: Vec<String> = c.people.iter().map(|p| p.name.to_lowercase()).collect();
    for p in &c.people {
        names.extend(filrouge::corpus::structure::name_parts(&p.name));
    }
    names.sort();
    names.dedup();
    names
}

fn leaked(dir: &Path, names: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in tree(dir) {
        if path.ends_with(".png") {
            continue; // text is rasterised; the same labels are checked in the SVG
        }
        let text = String::from_utf8(bytes).unwrap().to_lowercase();
        for n in names {
            if has_word(&text, n) {
                found.push(format!("{n} in {path}"));
            }
        }
    }
    found
}

#[test]
fn anonymize_leaves_no_name_anywhere() {
    let tmp = tempfile::tempdir().unwrap();
    for corpus in [Path::new("corpus"), Path::new("tests/fixtures/report-mini")] {
        let names = names_of(corpus);
        assert!(names.len() >= 6, "{names:?}");
        let plain = tmp.path().join("plain");
        analyze(&[], corpus, &plain, &["--format", "html,md,json,csv,svg"]);
        assert!(
            !leaked(&plain, &names).is_empty(),
            "without --anonymize names are shown (else this test proves nothing)"
        );
        let anon = tmp.path().join("anon");
        analyze(
            &[],
            corpus,
            &anon,
            &["--anonymize", "--format", "html,md,json,csv,svg"],
        );
        let found = leaked(&anon, &names);
        assert!(found.is_empty(), "names left: {found:?}");
        let html = std::fs::read_to_string(anon.join("index.html")).unwrap();
        assert!(html.contains("Participant·e 1"), "pseudonyms are shown");
    }
}

fn golden_dir() -> PathBuf {
    PathBuf::from("tests/golden/report-mini")
}

/// `report` with its build's commit taken out of the version line (`- Version de filrouge :
/// 0.1.0 (commit fb54b9d1c2e3)` → `… : 0.1.0`): it changes at every commit, and the golden file
/// holds what the analysis says. The line must say a commit (or that it is unknown).
fn without_commit(report: &str) -> String {
    const VERSION: &str = "- Version de filrouge : ";
    report
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix(VERSION) {
            Some(v) => {
                let (version, build) = v.split_once(" (").expect(line);
                let commit = match filrouge::build_info::BUILD.commit {
                    Some(c) => format!("commit {}", &c[..12]),
                    None => "commit inconnu".to_string(),
                };
                assert!(build.starts_with(&commit), "{line}");
                format!("{VERSION}{version}\n")
            }
            None => line.to_string(),
        })
        .collect()
}

#[test]
fn golden_report_of_the_mini_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    analyze(
        &[],
        Path::new("tests/fixtures/report-mini"),
        &out,
        &["--format", "md,json"],
    );
    let bless = std::env::var_os("FILROUGE_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (got, want) in [
        ("report.md", "report.md"),
        ("data/themes.json", "themes.json"),
    ] {
        let got = without_commit(&std::fs::read_to_string(out.join(got)).unwrap());
        let path = golden_dir().join(want);
        if bless {
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: run with FILROUGE_BLESS=1", path.display()));
        if got != expected {
            let line = got
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(expected.lines().count()));
            failures.push(format!(
                "{} differs from the golden file at line {}:\n  got:      {:?}\n  expected: {:?}",
                path.display(),
                line + 1,
                got.lines().nth(line).unwrap_or("<end>"),
                expected.lines().nth(line).unwrap_or("<end>")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the change is intended, rerun with FILROUGE_BLESS=1 and review the diff.",
        failures.join("\n")
    );
}

/// The probe injected into a test copy of the page: records script errors, CSP violations,
/// resources fetched and whether each image decoded, then writes them into the DOM.
const PROBE: &str = r#"<script>
window.__errors=[];window.__csp=[];
window.addEventListener('error',function(e){window.__errors.push(String(e.message||e.type));},true);
document.addEventListener('securitypolicyviolation',function(e){window.__csp.push(e.blockedURI+' '+e.violatedDirective);});
window.addEventListener('load',function(){
  var imgs=Array.prototype.map.call(document.images,function(i){return i.complete&&i.naturalWidth>0;});
  var res=performance.getEntriesByType('resource').map(function(r){return r.name;}).filter(function(n){return n.indexOf('data:')!==0;});
  var p=document.createElement('pre');p.id='probe';
  p.textContent='PROBE'+JSON.stringify({images:imgs,errors:window.__errors,csp:window.__csp,resources:res})+'END';
  document.body.appendChild(p);
});
</script>"#;

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("FILROUGE_CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("chromium")),
        Some(PathBuf::from("/usr/bin/chromium")),
    ];
    candidates.into_iter().flatten().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn headless(chrome: &Path, profile: &Path, extra: &[String], page: &Path) -> std::process::Output {
    Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

#[test]
fn report_opens_offline_in_a_browser() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium not found (set FILROUGE_CHROMIUM) and CI is set");
        }
        eprintln!("skipped: chromium not found (set FILROUGE_CHROMIUM)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    analyze(&[], Path::new("corpus"), &out, &["--format", "html"]);
    let page = out.join("index.html").canonicalize().unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    // Nothing external is referenced, and the page forbids loading anything anyway.
    for attr in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "url(http",
    ] {
        assert!(!html.contains(attr), "external reference {attr}");
    }
    assert!(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
    let n_images = html.matches("<img ").count();
    assert_eq!(n_images, 5, "five charts embedded");

    // A test copy with the probe right after the CSP tag.
    let probe_page = out.join("probe.html");
    let at = html.find("<meta name=\"viewport\"").unwrap();
    std::fs::write(
        &probe_page,
        format!("{}{PROBE}{}", &html[..at], &html[at..]),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let o = headless(
        &chrome,
        profile.path(),
        &["--virtual-time-budget=10000".into(), "--dump-dom".into()],
        &probe_page,
    );
    let dom = String::from_utf8_lossy(&o.stdout);
    let start = dom
        .find("<pre id=\"probe\">PROBE")
        .unwrap_or_else(|| panic!("probe did not run:\n{}", String::from_utf8_lossy(&o.stderr)))
        + "<pre id=\"probe\">PROBE".len();
    let end = dom[start..].find("END</pre>").unwrap() + start;
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let probe: serde_json::Value = serde_json::from_str(&json).unwrap();
    let images = probe["images"].as_array().unwrap();
    assert_eq!(images.len(), n_images);
    assert!(images.iter().all(|v| v == true), "an image failed: {probe}");
    assert_eq!(probe["errors"], serde_json::json!([]), "script errors");
    assert_eq!(probe["csp"], serde_json::json!([]), "blocked loads");
    assert_eq!(
        probe["resources"],
        serde_json::json!([]),
        "network requests"
    );
    let log = String::from_utf8_lossy(&o.stderr);
    for bad in ["Uncaught", "Refused to", "ERR_"] {
        assert!(!log.contains(bad), "browser log has {bad}:\n{log}");
    }

    // A screenshot of the real page, for people to look at.
    let shot = std::env::var_os("FILROUGE_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("report.png"));
    let profile = tempfile::tempdir().unwrap();
    let o = headless(
        &chrome,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000".into(),
            "--hide-scrollbars".into(),
        ],
        &page,
    );
    let bytes = std::fs::read(&shot)
        .unwrap_or_else(|_| panic!("no screenshot:\n{}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(png_size(&bytes), (1280, 4000));
}

/// `--min-ateliers` above the corpus's ateliers: the report says so, with both numbers, and
/// prints no empty table (it blamed a small corpus « ou réduit à un seul atelier » for the 9
/// ateliers of `corpus/`, then an empty table's header); standard error says it too.
#[test]
fn no_theme_says_min_ateliers_exceeds_the_ateliers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = Command::new(BIN)
        .args([
            "analyze",
            "corpus",
            "--min-ateliers",
            "100",
            "--format",
            "md,html",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let said = "--min-ateliers 100 demande 100 ateliers, et le corpus en compte 9";
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(said), "{err}");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains(said), "{md}");
    assert!(!md.contains("| Rang |"), "{md}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let themes = &html[html.find("<section id=\"themes\">").unwrap()..];
    let themes = &themes[..themes.find("</section>").unwrap()];
    assert!(
        themes.contains(said) && !themes.contains("<table"),
        "{themes}"
    );
    // Within the ateliers the corpus has, the threshold is named, and no atelier count blamed.
    let out9 = tmp.path().join("r9");
    analyze(
        &[],
        Path::new("corpus"),
        &out9,
        &["--min-ateliers", "9", "--format", "md"],
    );
    let md = std::fs::read_to_string(out9.join("report.md")).unwrap();
    assert!(
        md.contains("au moins 9 ateliers (--min-ateliers 9)"),
        "{md}"
    );
    assert!(!md.contains("| Rang |") && !md.contains("peut ê"), "{md}");
}

/// `analyze --alpha` sets the threshold of specific themes in keyness.csv and the report, and
/// run.json records it (`analyze` had no `--alpha`, yet recorded 0.001); out of (0, 1] it is
/// refused in French.
#[test]
fn analyze_alpha_sets_specific_themes() {
    let tmp = tempfile::tempdir().unwrap();
    let specific = |alpha: &str| -> (usize, String) {
        let out = tmp.path().join(format!("r{alpha}"));
        analyze(
            &[],
            Path::new("corpus"),
            &out,
            &["--alpha", alpha, "--format", "csv,md"],
        );
        let run: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
        assert_eq!(run["options"]["alpha"].to_string(), alpha);
        let mut rdr = csv::Reader::from_path(out.join("data/keyness.csv")).unwrap();
        let mut n = 0;
        for r in rdr.records().map(Result::unwrap) {
            let (p, lr, count): (f64, f64, u64) = (
                r[10].parse().unwrap(),
                r[11].parse().unwrap(),
                r[5].parse().unwrap(),
            );
            let want = p < alpha.parse::<f64>().unwrap() && lr > 0.0 && count >= 3;
            assert_eq!(&r[12] == "true", want, "{r:?}");
            n += usize::from(want);
        }
        (n, std::fs::read_to_string(out.join("report.md")).unwrap())
    };
    let (strict, _) = specific("0.001");
    let (loose, md) = specific("0.5");
    assert!(loose > strict, "{loose} vs {strict}");
    assert!(md.contains("seuil p < 0,5,"), "{md}");
    for bad in ["0", "1.5", "-1"] {
        let o = Command::new(BIN)
            .args(["analyze", "corpus", "--alpha", bad, "--out"])
            .arg(tmp.path().join("bad"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("« --alpha <P> » : doit être supérieur à 0"),
            "{err}"
        );
    }
}
