//! Renders the four report charts on realistic French data into a directory (default
//! `/tmp/charts-preview`), as both SVG and PNG, for looking at them.
//!
//! `cargo run --example chart_preview [-- OUT_DIR]`

use std::path::{Path, PathBuf};

use filrouge::chart::{
    Bar, BarChart, Column, Heatmap, ImageFormat, NetEdge, NetNode, Network, Series, Trajectories,
    heatmap, network, theme_bars, trajectories,
};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)?;
    println!("{}", path.display());
    Ok(())
}

const THEMES: [&str; 10] = [
    "coopération",
    "confiance",
    "posture",
    "participation citoyenne",
    "intelligence collective",
    "droit à l'erreur",
    "co-construction",
    "légitimité",
    "essaimage",
    "souveraineté",
];

fn bars() -> BarChart {
    let values = [48.0, 41.0, 35.0, 29.0, 27.0, 22.0, 18.0, 12.0, 9.0, 6.0];
    let groups = [2, 2, 1, 2, 1, 1, 0, 1, 0, 0];
    BarChart {
        title: "Les thèmes qui reviennent d'un événement à l'autre".to_owned(),
        x_label: "Nombre d'occurrences (mots pleins)".to_owned(),
        items: THEMES
            .iter()
            .zip(values)
            .zip(groups)
            .map(|((label, value), group)| Bar {
                label: (*label).to_owned(),
                value,
                group,
            })
            .collect(),
        group_names: vec![
            "1 événement".to_owned(),
            "2 événements".to_owned(),
            "3 événements".to_owned(),
        ],
    }
}

const EVENTS: [&str; 3] = [
    "Forum ouvert 14/09/2020",
    "Réunion des porteurs 29/09/2020",
    "Université 16–17/11/2021",
];

fn matrix() -> Heatmap {
    let ateliers = [
        ("Forum 2020 · Atelier 1", 0),
        ("Forum 2020 · Atelier 2", 0),
        ("Forum 2020 · Atelier 3", 0),
        ("Forum 2020 · Atelier 4", 0),
        ("Réunion 2020 · Atelier 1", 1),
        ("Réunion 2020 · Atelier 2", 1),
        ("Université 2021 · Atelier 1", 2),
        ("Université 2021 · Atelier 2", 2),
        ("Université 2021 · Atelier 3", 2),
        ("Université 2021 · Atelier 4", 2),
        ("Université 2021 · Atelier 5", 2),
    ];
    let values = THEMES
        .iter()
        .enumerate()
        .map(|(i, _)| {
            (0..ateliers.len())
                .map(|j| (((i * 7 + j * 3) % 11) as f64 * (10 - i) as f64 / 4.0).floor())
                .collect()
        })
        .collect();
    Heatmap {
        title: "Présence des thèmes dans chaque atelier".to_owned(),
        rows: THEMES.iter().map(|t| (*t).to_owned()).collect(),
        columns: ateliers
            .iter()
            .map(|(label, e)| Column {
                label: (*label).to_owned(),
                group: EVENTS[*e].to_owned(),
            })
            .collect(),
        values,
        value_label: "Occurrences".to_owned(),
    }
}

fn lines() -> Trajectories {
    let values = [
        [3.1, 2.4, 4.2],
        [2.8, 3.9, 3.0],
        [1.2, 2.2, 3.1],
        [2.5, 0.8, 2.9],
        [1.9, 1.1, 2.8],
        [0.4, 0.9, 2.7],
        [1.0, 2.9, 1.2],
        [0.6, 1.8, 0.7],
        [0.0, 0.5, 1.6],
        [0.3, 0.2, 1.3],
    ];
    Trajectories {
        title: "Trajectoires des thèmes d'un événement à l'autre".to_owned(),
        x_labels: EVENTS.iter().map(|e| (*e).to_owned()).collect(),
        // Days since the first event: 14/09/2020, 29/09/2020, 16/11/2021.
        x_positions: vec![0.0, 15.0, 428.0],
        y_label: "Fréquence pour 1 000 mots".to_owned(),
        series: THEMES
            .iter()
            .zip(values)
            .map(|(t, v)| Series {
                label: (*t).to_owned(),
                values: v.to_vec(),
            })
            .collect(),
    }
}

fn graph() -> Network {
    let extra = [
        "élus",
        "agents",
        "territoire",
        "expérimentation",
        "usagers",
        "laboratoire d'innovation",
        "évaluation",
        "transversalité",
    ];
    let labels: Vec<&str> = THEMES.iter().copied().chain(extra).collect();
    // A deterministic "force-like" layout: three clusters on a circle, jittered.
    let nodes: Vec<NetNode> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let group = i % 3;
            let centre = std::f64::consts::TAU * group as f64 / 3.0;
            let a = i as f64 * 2.4;
            let spread = 0.35 + 0.1 * (i % 4) as f64;
            NetNode {
                label: (*label).to_owned(),
                x: 100.0 * (centre.cos() + spread * a.cos()),
                y: 100.0 * (centre.sin() + spread * a.sin()),
                size: (30 - i) as f64,
                group,
                named: false,
            }
        })
        .collect();
    let mut edges = Vec::new();
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            if (i * 5 + j * 3) % 7 == 0 || (i % 3 == j % 3 && (i + j) % 4 == 0) {
                edges.push(NetEdge {
                    source: i,
                    target: j,
                    weight: ((i + 2 * j) % 9 + 1) as f64,
                });
            }
        }
    }
    Network {
        title: "Réseau des thèmes : cooccurrences dans les ateliers".to_owned(),
        nodes,
        edges,
        group_names: vec![
            "Communauté « coopération »".to_owned(),
            "Communauté « confiance »".to_owned(),
            "Communauté « posture »".to_owned(),
        ],
    }
}

/// The same matrix with long atelier names, which the heatmap sets vertically.
fn matrix_long_labels() -> Heatmap {
    let mut m = matrix();
    for (i, c) in m.columns.iter_mut().enumerate() {
        c.label = format!("{} — atelier participatif n° {}", c.group, i + 1);
    }
    m.title = "Présence des thèmes (intitulés d'ateliers longs)".to_owned();
    m
}

type Chart = fn(ImageFormat) -> Result<Vec<u8>, filrouge::chart::ChartError>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/charts-preview"));
    std::fs::create_dir_all(&dir)?;
    let charts: [(&str, Chart); 5] = [
        ("themes", |f| theme_bars(&bars(), f)),
        ("heatmap", |f| heatmap(&matrix(), f)),
        ("heatmap-long-labels", |f| heatmap(&matrix_long_labels(), f)),
        ("trajectories", |f| trajectories(&lines(), f)),
        ("network", |f| network(&graph(), f)),
    ];
    for (name, chart) in charts {
        for format in [ImageFormat::Svg, ImageFormat::Png] {
            let ext = format.extension();
            write(&dir, &format!("{name}.{ext}"), &chart(format)?)?;
        }
    }
    Ok(())
}
