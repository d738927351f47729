//! Data exports for other tools: CSV tables (UTF-8, header row, deterministic order), JSON
//! (`themes.json` in the [`crate::themes::evidence`] schema, `ateliers.json`) and the graphs as
//! GraphML and GEXF.

//!
//! Each file is streamed into the [`Sink`] as it is written: a CSV table of 100 MB (the keyness
//! rows of 5,000 ateliers) never sits whole in memory.

use std::io::Write;

use super::{Report, ReportError, Sink};
use crate::graph::{Format, Graph, export};

/// Writes the CSV table `path` into `sink`, row by row, and returns its path.
fn table(
    sink: &dyn Sink,
    path: &str,
    mut rows: impl FnMut(&mut csv::Writer<&mut dyn Write>) -> Result<(), csv::Error>,
) -> Result<String, ReportError> {
    sink.file(path, &mut |out| {
        let mut w = csv::Writer::from_writer(out);
        rows(&mut w)?;
        w.flush().map_err(csv::Error::from)?;
        Ok(())
    })?;
    Ok(path.to_string())
}

/// A float as written in CSV: shortest round-trip representation, `0` for zero (either sign).
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == 0.0 {
            f.write_str("0")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// [`Num`] as a string.
fn num(x: f64) -> String {
    Num(x).to_string()
}

/// Formats a record's fields one at a time in one reused buffer, so that a large table costs
/// no allocation per cell.
#[derive(Default)]
struct Fields {
    buf: String,
}

impl Fields {
    /// Writes the field `args` formats to.
    fn field(
        &mut self,
        w: &mut csv::Writer<&mut dyn Write>,
        args: std::fmt::Arguments<'_>,
    ) -> Result<(), csv::Error> {
        use std::fmt::Write as _;
        self.buf.clear();
        // Formatting into a `String` cannot fail.
        let _ = self.buf.write_fmt(args);
        w.write_field(&self.buf)
    }

    /// Writes a value as it displays (an integer, a flag).
    fn show(
        &mut self,
        w: &mut csv::Writer<&mut dyn Write>,
        v: impl std::fmt::Display,
    ) -> Result<(), csv::Error> {
        self.field(w, format_args!("{v}"))
    }

    /// Writes a float as [`Num`].
    fn num(&mut self, w: &mut csv::Writer<&mut dyn Write>, x: f64) -> Result<(), csv::Error> {
        self.show(w, Num(x))
    }
}

/// `data/themes.csv`, `data/theme_atelier.csv`, `data/keyness.csv`, `data/graph_edges.csv`,
/// written into `sink`; returns their paths.
pub fn csv_files(r: &Report, sink: &dyn Sink) -> Result<Vec<String>, ReportError> {
    let themes = table(sink, "data/themes.csv", |w| {
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
    let matrix = table(sink, "data/theme_atelier.csv", |w| {
        let mut header = vec!["rank".to_string(), "theme".to_string()];
        header.extend(r.ateliers.iter().map(|a| a.key.clone()));
        w.write_record(&header)?;
        // Field by field: a thousand themes × a thousand ateliers are a million cells.
        let mut f = Fields::default();
        for (t, row) in r.themes.iter().zip(&r.matrix) {
            f.show(w, t.record.rank)?;
            w.write_field(&t.record.label)?;
            for n in row {
                f.show(w, n)?;
            }
            w.write_record(None::<&[u8]>)?;
        }
        Ok(())
    })?;
    let keyness = table(sink, "data/keyness.csv", |w| {
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
        // Field by field: 775,502 rows at 5,000 ateliers.
        let mut f = Fields::default();
        for (kind, rows) in [
            ("atelier", &r.keyness.atelier),
            ("event", &r.keyness.event),
            ("section", &r.keyness.section),
        ] {
            for k in rows {
                w.write_field(kind)?;
                w.write_field(k.partition.as_bytes())?;
                w.write_field(k.partition_label.as_bytes())?;
                f.show(w, k.theme.index() + 1)?;
                w.write_field(k.label.as_bytes())?;
                f.show(w, k.count_in)?;
                f.show(w, k.words_in)?;
                f.show(w, k.count_out)?;
                f.show(w, k.words_out)?;
                f.num(w, k.g2)?;
                f.field(w, format_args!("{:e}", k.p_value))?;
                f.num(w, k.log_ratio)?;
                f.show(w, k.specific)?;
                w.write_record(None::<&[u8]>)?;
            }
        }
        Ok(())
    })?;
    let edges = table(sink, "data/graph_edges.csv", |w| {
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
    Ok(vec![themes, matrix, keyness, edges])
}

/// Writes `v` as pretty JSON (and a final line feed) into `sink` as the file `path`; returns
/// the path.
fn json<T: serde::Serialize>(sink: &dyn Sink, path: &str, v: &T) -> Result<String, ReportError> {
    sink.file(path, &mut |out| {
        serde_json::to_writer_pretty(&mut *out, v)?;
        out.write_all(b"\n").map_err(super::write_failed(path))
    })?;
    Ok(path.to_string())
}

/// The graph `g` as GraphML and GEXF, written into `sink`; returns their paths.
fn graph_files(sink: &dyn Sink, name: &str, g: &Graph) -> Result<Vec<String>, ReportError> {
    [Format::Graphml, Format::Gexf]
        .into_iter()
        .map(|f| {
            let path = format!("data/{name}.{}", f.extension());
            super::put(sink, &path, export(g, f).as_bytes())?;
            Ok(path)
        })
        .collect()
}

/// `data/themes.json` (all themes, the `filrouge themes --json` schema), `data/ateliers.json`,
/// and the theme and atelier graphs as GraphML and GEXF, written into `sink`; returns their
/// paths.
pub fn json_files(r: &Report, sink: &dyn Sink) -> Result<Vec<String>, ReportError> {
    let records: Vec<&crate::themes::evidence::ThemeRecord> =
        r.themes.iter().map(|t| &t.record).collect();
    let mut out = vec![
        json(sink, "data/themes.json", &records)?,
        json(sink, "data/ateliers.json", &r.ateliers)?,
    ];
    out.extend(graph_files(sink, "theme-graph", &r.theme_graph)?);
    out.extend(graph_files(sink, "atelier-graph", &r.atelier_graph)?);
    Ok(out)
}
