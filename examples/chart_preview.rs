//! Renders the four report charts on realistic French data into a directory (default
//! `/tmp/charts-preview`), as both SVG and PNG, for looking at them.
//!
//! `cargo run --example chart_preview [-- OUT_DIR]`

use std::path::{Path, PathBuf};

use filrouge::chart::{Bar, BarChart, Column, Heatmap, ImageFormat, heatmap, theme_bars};

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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/charts-preview"));
    std::fs::create_dir_all(&dir)?;
    for format in [ImageFormat::Svg, ImageFormat::Png] {
        let ext = format.extension();
        write(
            &dir,
            &format!("themes.{ext}"),
            &theme_bars(&bars(), format)?,
        )?;
        write(
            &dir,
            &format!("heatmap.{ext}"),
            &heatmap(&matrix(), format)?,
        )?;
    }
    Ok(())
}
