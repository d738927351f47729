//! Data exports for other tools: CSV tables (UTF-8, header row, deterministic order), JSON
//! (`themes.json` in the [`crate::themes::evidence`] schema, `ateliers.json`) and the graphs as
//! GraphML and GEXF.

use super::{OutputFile, Report, ReportError};
use crate::graph::{Format, Graph, export};

fn table(
    rows: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> Result<(), csv::Error>,
) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    rows(&mut w)?;
    w.flush().map_err(csv::Error::from)?;
    w.into_inner()
        .map_err(|e| ReportError::Csv(csv::Error::from(e.into_error())))
}

/// A float as written in CSV: shortest round-trip representation.
fn num(x: f64) -> String {
    if x == 0.0 { "0".into() } else { format!("{x}") }
}

/// `data/themes.csv`, `data/theme_atelier.csv`, `data/keyness.csv`, `data/graph_edges.csv`.
pub fn csv_files(r: &Report) -> Result<Vec<OutputFile>, ReportError> {
    let themes = table(|w| {
        w.write_record([
            "rank",
            "label",
            "kind",
            "score",
            "occurrences",
            "documents",
            "ateliers",
            "events",
            "trend",
            "weighted_occurrences",
            "dispersion",
            "specificity",
            "atelier_share",
            "event_share",
            "corpus_per_million",
            "reference_per_million",
            "log2_ratio",
            "forms",
        ])?;
        for t in &r.themes {
            let rec = &t.record;
            let c = &rec.components;
            w.write_record([
                rec.rank.to_string(),
                rec.label.clone(),
                rec.kind.clone(),
                num(rec.score),
                rec.occurrences.to_string(),
                rec.documents.to_string(),
                rec.ateliers.len().to_string(),
                rec.events.len().to_string(),
                rec.trend.clone(),
                num(c.weighted_occurrences),
                num(c.dispersion),
                num(c.specificity),
                num(c.atelier_share),
                num(c.event_share),
                num(c.corpus_per_million),
                c.reference_per_million.map(num).unwrap_or_default(),
                num(c.log2_ratio),
                rec.forms
                    .iter()
                    .map(|f| format!("{} ({})", f.form, f.count))
                    .collect::<Vec<_>>()
                    .join("; "),
            ])?;
        }
        Ok(())
    })?;
    let matrix = table(|w| {
        let mut header = vec!["rank".to_string(), "theme".to_string()];
        header.extend(r.ateliers.iter().map(|a| a.key.clone()));
        w.write_record(&header)?;
        for (t, row) in r.themes.iter().zip(&r.matrix) {
            let mut rec = vec![t.record.rank.to_string(), t.record.label.clone()];
            rec.extend(row.iter().map(u32::to_string));
            w.write_record(&rec)?;
        }
        Ok(())
    })?;
    let keyness = table(|w| {
        w.write_record([
            "partition_type",
            "partition",
            "partition_label",
            "theme_rank",
            "theme",
            "count_in",
            "words_in",
            "count_out",
            "words_out",
            "g2",
            "p_value",
            "log_ratio",
            "specific",
        ])?;
        for (kind, rows) in [
            ("atelier", &r.keyness.atelier),
            ("event", &r.keyness.event),
            ("section", &r.keyness.section),
        ] {
            for k in rows {
                w.write_record([
                    kind.to_string(),
                    k.partition.clone(),
                    k.partition_label.clone(),
                    (k.theme.index() + 1).to_string(),
                    k.label.clone(),
                    k.count_in.to_string(),
                    k.words_in.to_string(),
                    k.count_out.to_string(),
                    k.words_out.to_string(),
                    num(k.g2),
                    format!("{:e}", k.p_value),
                    num(k.log_ratio),
                    k.specific.to_string(),
                ])?;
            }
        }
        Ok(())
    })?;
    let edges = table(|w| {
        w.write_record([
            "graph",
            "source",
            "source_label",
            "target",
            "target_label",
            "measure",
            "weight",
            "count",
            "shared",
            "cross_event",
        ])?;
        for g in [&r.theme_graph, &r.atelier_graph] {
            for e in &g.edges {
                let (a, b) = (&g.nodes[e.source], &g.nodes[e.target]);
                w.write_record([
                    g.kind.as_str().to_string(),
                    a.id.clone(),
                    a.label.clone(),
                    b.id.clone(),
                    b.label.clone(),
                    g.measure.as_str().to_string(),
                    num(e.weight),
                    e.count.to_string(),
                    e.shared.join("; "),
                    e.cross_event.to_string(),
                ])?;
            }
        }
        Ok(())
    })?;
    Ok(vec![
        file("data/themes.csv", themes),
        file("data/theme_atelier.csv", matrix),
        file("data/keyness.csv", keyness),
        file("data/graph_edges.csv", edges),
    ])
}

fn file(path: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes,
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, ReportError> {
    let mut out = serde_json::to_vec_pretty(v)?;
    out.push(b'\n');
    Ok(out)
}

fn graph_files(name: &str, g: &Graph) -> Vec<OutputFile> {
    [Format::Graphml, Format::Gexf]
        .into_iter()
        .map(|f| {
            file(
                &format!("data/{name}.{}", f.extension()),
                export(g, f).into_bytes(),
            )
        })
        .collect()
}

/// `data/themes.json` (all themes, the `filrouge themes --json` schema), `data/ateliers.json`,
/// and the theme and atelier graphs as GraphML and GEXF.
pub fn json_files(r: &Report) -> Result<Vec<OutputFile>, ReportError> {
    let records: Vec<&crate::themes::evidence::ThemeRecord> =
        r.themes.iter().map(|t| &t.record).collect();
    let mut out = vec![
        file("data/themes.json", json(&records)?),
        file("data/ateliers.json", json(&r.ateliers)?),
    ];
    out.extend(graph_files("theme-graph", &r.theme_graph));
    out.extend(graph_files("atelier-graph", &r.atelier_graph));
    Ok(out)
}
