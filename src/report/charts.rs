//! Chart specifications from a [`Report`], rendered by [`crate::chart`].
//!
//! Five charts, each a spec builder here and an entry of [`ALL`]:
//! 1. `themes` — the top recurring themes, bars coloured by the number of events spanned;
//! 2. `themes-by-atelier` — theme × atelier heatmap, ateliers grouped by event (needs two
//!    ateliers);
//! 3. `trajectories` — themes across dated events placed by date, per 1,000 words (needs two
//!    dated events);
//! 4. `atelier-graph` — the atelier graph, nodes coloured by event, edge width by weight (needs
//!    two ateliers and a link between two of them);
//! 5. `theme-graph` — the theme graph, nodes coloured by family, size by occurrences.
//!
//! To add a chart: write `fn spec_…(&Report, &Formats) -> Option<Spec>` and add it to [`ALL`]
//! (the formats say which data files this run writes, for a title to point to).

use rayon::prelude::*;

use super::{Formats, Report, ReportError};
use crate::chart::{
    Bar, BarChart, Column, Heatmap, ImageFormat, NetEdge, NetNode, Network, Series, Trajectories,
    heatmap, network, theme_bars, trajectories,
};

/// Themes shown in the heatmap (rows).
pub const HEATMAP_ROWS: usize = 25;
/// Ateliers shown in the heatmap (columns) at most. Past that a chart is no longer read (353
/// ateliers drew an image 15,896 pixels wide, 140 MB of pixels to encode): the ateliers where
/// the shown themes come back most are drawn, and the title says how many of how many; the
/// whole matrix stays in `data/theme_atelier.csv`.
pub const HEATMAP_COLUMNS: usize = 60;
/// Ateliers drawn in the atelier graph at most. Five thousand drawn at once are a blot (and
/// 11 MB of SVG): past this, an excerpt is drawn ([`crate::graph::excerpt()`]: from every
/// community in proportion, the best connected first), and the title says how many of how many;
/// the whole graph stays in `data/atelier-graph.gexf` and `.graphml`.
pub const NETWORK_ATELIERS: usize = 150;
/// Characters of an atelier's label in the heatmap, at most (cut at a word, see
/// [`super::cut`]): a question used as a title would otherwise stand a thousand pixels tall.
pub const HEATMAP_LABEL_CHARS: usize = 72;
/// Themes drawn as trajectories.
pub const TRAJECTORY_SERIES: usize = 8;

/// A chart specification of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// Bars.
    Bars(BarChart),
    /// Heatmap.
    Heatmap(Heatmap),
    /// Lines.
    Trajectories(Trajectories),
    /// Node-link drawing.
    Network(Network),
}

impl Spec {
    /// The chart's title (its alt text).
    pub fn title(&self) -> &str {
        match self {
            Spec::Bars(s) => &s.title,
            Spec::Heatmap(s) => &s.title,
            Spec::Trajectories(s) => &s.title,
            Spec::Network(s) => &s.title,
        }
    }

    /// Renders it.
    pub fn render(&self, format: ImageFormat) -> Result<Vec<u8>, crate::chart::ChartError> {
        match self {
            Spec::Bars(s) => theme_bars(s, format),
            Spec::Heatmap(s) => heatmap(s, format),
            Spec::Trajectories(s) => trajectories(s, format),
            Spec::Network(s) => network(s, format),
        }
    }
}

type Builder = fn(&Report, &Formats) -> Option<Spec>;

/// Every chart: its file name (without extension) and its spec builder, in report order.
pub const ALL: [(&str, Builder); 5] = [
    ("themes", spec_bars),
    ("themes-by-atelier", spec_heatmap),
    ("trajectories", spec_trajectories),
    ("atelier-graph", spec_atelier_graph),
    ("theme-graph", spec_theme_graph),
];

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// File name without extension.
    pub name: &'static str,
    /// Title.
    pub title: String,
    /// SVG bytes, when asked.
    pub svg: Option<Vec<u8>>,
    /// PNG bytes, when asked.
    pub png: Option<Vec<u8>>,
}

/// The charts of a report (those that apply: no trajectories without two dated events, no
/// heatmap nor atelier graph without two ateliers, no atelier graph without a link).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// In [`ALL`] order.
    pub charts: Vec<RenderedChart>,
}

impl Rendered {
    /// The chart of that name, if it was drawn.
    pub fn get(&self, name: &str) -> Option<&RenderedChart> {
        self.charts.iter().find(|c| c.name == name)
    }
}

/// Renders every applicable chart, in parallel (the output does not depend on the schedule): as
/// SVG when `formats` asks for SVG or HTML (which embeds it), as PNG when it asks for PNG.
pub fn render_all(report: &Report, formats: &Formats) -> Result<Rendered, ReportError> {
    let (svg, png) = (formats.svg || formats.html, formats.png);
    let specs: Vec<(&'static str, Spec)> = ALL
        .iter()
        .filter_map(|(name, build)| build(report, formats).map(|s| (*name, s)))
        .collect();
    let charts = specs
        .par_iter()
        .map(|(name, spec)| {
            let err = |source| ReportError::Chart { name, source };
            Ok(RenderedChart {
                name,
                title: spec.title().to_string(),
                svg: if svg {
                    Some(spec.render(ImageFormat::Svg).map_err(err)?)
                } else {
                    None
                },
                png: if png {
                    Some(spec.render(ImageFormat::Png).map_err(err)?)
                } else {
                    None
                },
            })
        })
        .collect::<Result<Vec<_>, ReportError>>()?;
    Ok(Rendered { charts })
}

/// Bars: the top themes by score, coloured by how many events they span.
pub fn spec_bars(r: &Report, _: &Formats) -> Option<Spec> {
    let w = r.words();
    let top = r.top_themes();
    if top.is_empty() {
        return None;
    }
    let n_events = r.events.len().max(1);
    Some(Spec::Bars(BarChart {
        title: w.chart_bars.to_string(),
        x_label: w.chart_bars_axis.to_string(),
        items: top
            .iter()
            .map(|t| Bar {
                label: t.record.label.clone(),
                value: t.record.score,
                group: t.events.clamp(1, n_events) - 1,
            })
            .collect(),
        group_names: (1..=n_events).map(|n| w.n_events(n)).collect(),
    }))
}

/// Heatmap: the top themes (at most [`HEATMAP_ROWS`]) × the ateliers (at most
/// [`HEATMAP_COLUMNS`], see [`heatmap_columns`]), grouped by event. None with fewer than two
/// ateliers: a single column compares nothing (the themes table has the counts).
pub fn spec_heatmap(r: &Report, formats: &Formats) -> Option<Spec> {
    let n = r.top_themes().len().min(HEATMAP_ROWS);
    if n == 0 || r.ateliers.len() < 2 {
        return None;
    }
    let events: Vec<usize> = r.ateliers.iter().map(|a| a.event_index).collect();
    let order = heatmap_columns(&r.matrix[..n], &events, HEATMAP_COLUMNS);
    let w = r.words();
    let title = if order.len() < r.ateliers.len() {
        w.chart_heatmap_top(
            order.len(),
            r.ateliers.len(),
            formats.csv.then_some("data/theme_atelier.csv"),
        )
    } else {
        w.chart_heatmap.to_string()
    };
    Some(Spec::Heatmap(Heatmap {
        title,
        rows: r.themes[..n]
            .iter()
            .map(|t| t.record.label.clone())
            .collect(),
        columns: order
            .iter()
            .map(|&i| Column {
                label: super::cut(&r.ateliers[i].label, HEATMAP_LABEL_CHARS),
                group: r.event_short(r.ateliers[i].event_index),
            })
            .collect(),
        values: r.matrix[..n]
            .iter()
            .map(|row| order.iter().map(|&i| f64::from(row[i])).collect())
            .collect(),
        value_label: w.occurrences.to_string(),
    }))
}

/// The heatmap's columns: indices of ateliers, grouped by event (`events[i]` is atelier `i`'s
/// event) and in their order within it. With more than `max` ateliers, only the `max` where the
/// shown themes (`rows[theme][atelier]`) have the most mentions, ties to the first atelier.
pub fn heatmap_columns(rows: &[Vec<u32>], events: &[usize], max: usize) -> Vec<usize> {
    let mut keep: Vec<usize> = (0..events.len()).collect();
    if keep.len() > max {
        let mass: Vec<u64> = keep
            .iter()
            .map(|&i| rows.iter().map(|row| u64::from(row[i])).sum())
            .collect();
        keep.sort_by_key(|&i| (std::cmp::Reverse(mass[i]), i));
        keep.truncate(max);
    }
    keep.sort_by_key(|&i| (events[i], i));
    keep
}

/// Trajectories: the top themes that span several events, per 1,000 words of each dated event,
/// each event placed by its date.
pub fn spec_trajectories(r: &Report, _: &Formats) -> Option<Spec> {
    let dated: Vec<usize> = (0..r.events.len())
        .filter(|&i| r.events[i].dates.is_some())
        .collect();
    if dated.len() < 2 {
        return None;
    }
    let series: Vec<Series> = r
        .top_themes()
        .iter()
        .filter(|t| t.events >= 2)
        .take(TRAJECTORY_SERIES)
        .map(|t| Series {
            label: t.record.label.clone(),
            values: dated
                .iter()
                .map(|&i| t.record.by_event[i].per_thousand)
                .collect(),
        })
        .collect();
    if series.is_empty() {
        return None;
    }
    Some(Spec::Trajectories(Trajectories {
        title: r.words().chart_trajectories.to_string(),
        x_labels: dated.iter().map(|&i| r.event_legend(i)).collect(),
        // A time axis: each event at its first day. The start, not the middle, of a range:
        // events are sorted by it, so the axis keeps their order (a long event's middle could
        // fall after a shorter one that began later).
        x_positions: dated
            .iter()
            .filter_map(|&i| r.events[i].dates)
            .map(|d| d.start.day_number() as f64)
            .collect(),
        y_label: r.words().per_thousand.to_string(),
        series,
    }))
}

/// Why the atelier graph is not drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAtelierGraph {
    /// Fewer than two ateliers: nothing to link (a single node said nothing).
    TooFew,
    /// Two ateliers or more, but no two linked: nodes scattered by the layout would say
    /// nothing the sentence that replaces them does not.
    Unlinked,
}

/// Whether the atelier graph is drawn: `None` when it is, or why not. The reports say why in
/// place of the chart, whatever formats are written.
pub fn atelier_graph_missing(r: &Report) -> Option<NoAtelierGraph> {
    let g = &r.atelier_graph;
    if g.nodes.len() < 2 {
        Some(NoAtelierGraph::TooFew)
    } else if !g.edges.iter().any(|e| e.weight > 0.0) {
        Some(NoAtelierGraph::Unlinked)
    } else {
        None
    }
}

/// The atelier graph: layout from the graph module, colour by event, edge width by weight.
/// None with fewer than two ateliers or no link (see [`atelier_graph_missing`]).
pub fn spec_atelier_graph(r: &Report, formats: &Formats) -> Option<Spec> {
    let whole = &r.atelier_graph;
    if atelier_graph_missing(r).is_some() {
        return None;
    }
    let part = crate::graph::excerpt(whole, NETWORK_ATELIERS, r.params.seed);
    let g = part.as_ref().unwrap_or(whole);
    let title = match &part {
        Some(p) => r.words().chart_atelier_graph_top(
            p.nodes.len(),
            whole.nodes.len(),
            !p.edges.is_empty(),
            formats.json.then_some("data/atelier-graph.gexf"),
        ),
        None => r.words().chart_atelier_graph.to_string(),
    };
    let event_of = |key: &Option<String>| {
        key.as_ref()
            .and_then(|k| r.events.iter().position(|e| &e.key == k))
            .unwrap_or(0)
    };
    Some(Spec::Network(Network {
        title,
        nodes: g
            .nodes
            .iter()
            .map(|n| NetNode {
                label: n.label.clone(),
                x: n.x,
                y: n.y,
                size: n.occurrences as f64,
                group: event_of(&n.event),
                named: false,
            })
            .collect(),
        edges: net_edges(g),
        group_names: (0..r.events.len()).map(|i| r.event_legend(i)).collect(),
    }))
}

/// The theme graph: colour by family, size by occurrences.
pub fn spec_theme_graph(r: &Report, _: &Formats) -> Option<Spec> {
    let g = &r.theme_graph;
    if g.nodes.is_empty() {
        return None;
    }
    let groups = g
        .nodes
        .iter()
        .filter_map(|n| n.community)
        .max()
        .map_or(1, |m| m as usize + 1);
    let w = r.words();
    Some(Spec::Network(Network {
        title: w.chart_theme_graph.to_string(),
        nodes: g
            .nodes
            .iter()
            .map(|n| NetNode {
                label: n.label.clone(),
                x: n.x,
                y: n.y,
                size: n.occurrences as f64,
                group: n.community.map_or(0, |c| c as usize),
                // The report names its bridging themes: their labels come first.
                named: r.bridges.iter().any(|(label, _)| *label == n.label),
            })
            .collect(),
        edges: net_edges(g),
        group_names: (1..=groups).map(|k| format!("{} {k}", w.family)).collect(),
    }))
}

fn net_edges(g: &crate::graph::Graph) -> Vec<NetEdge> {
    g.edges
        .iter()
        .filter(|e| e.weight > 0.0)
        .map(|e| NetEdge {
            source: e.source,
            target: e.target,
            weight: e.weight,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Up to the limit every atelier is a column, grouped by event; past it, the ateliers with
    /// the most mentions of the shown themes (ties to the first), still grouped by event.
    #[test]
    fn heatmap_keeps_the_ateliers_where_themes_come_back_most() {
        // Ateliers 0..6 of events 1, 0, 1, 0, 2, 0; mentions per atelier 3, 9, 0, 9, 5, 1.
        let rows = vec![vec![1, 4, 0, 9, 2, 1], vec![2, 5, 0, 0, 3, 0]];
        let events = [1, 0, 1, 0, 2, 0];
        assert_eq!(heatmap_columns(&rows, &events, 6), vec![1, 3, 5, 0, 2, 4]);
        assert_eq!(heatmap_columns(&rows, &events, 60), vec![1, 3, 5, 0, 2, 4]);
        // The three with most mentions: 1 and 3 (9 each), then 4 (5).
        assert_eq!(heatmap_columns(&rows, &events, 3), vec![1, 3, 4]);
        // Ties go to the first atelier: 1 before 3.
        assert_eq!(heatmap_columns(&rows, &events, 1), vec![1]);
        assert_eq!(heatmap_columns(&[], &events, 2), vec![1, 0]);
        assert!(heatmap_columns(&rows, &[], 3).is_empty());
    }
}
