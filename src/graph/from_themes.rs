//! The corpus's graphs, built from its themes: theme–theme (similitude), atelier–atelier (shared
//! concerns) and atelier–theme (bipartite).

use std::collections::BTreeMap;

use crate::corpus::Corpus;
use crate::themes::{ThemeId, ThemeSet};

use rayon::prelude::*;

use super::build::{SparseRow, cosine_edges_sparse};
use super::{
    Edge, Graph, GraphKind, Measure, Node, NodeKind, cooccurrence_edges, maximum_spanning_tree,
};

/// How to build a graph.
#[derive(Debug, Clone)]
pub struct GraphOptions {
    /// How theme–theme links are weighed (atelier links always use TF-IDF cosine).
    pub measure: Measure,
    /// Links below this weight are dropped; `None` uses [`default_min_weight`].
    pub min_weight: Option<f64>,
    /// Theme graph: two themes are linked only when they meet in at least this many sentences
    /// (2 by default). One sentence is an anecdote, not a link, and association measures such as
    /// NPMI give rare pairs their highest weights: a pair of themes seen once each, in the same
    /// sentence, has an NPMI near 1.
    pub min_count: u64,
    /// Keep only the maximum spanning tree (theme and atelier graphs).
    pub tree: bool,
    /// How many themes (the best ranked) take part: 40 by default, as in the report's graph.
    pub top: usize,
    /// How many shared themes label an atelier link.
    pub shared_top: usize,
    /// Each atelier keeps its this many strongest links (a link stays when one of its two
    /// ateliers keeps it; see [`crate::graph::build::strongest_links`]); `usize::MAX`: all.
    pub max_links: usize,
    /// Seed of communities and layout.
    pub seed: u64,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            measure: Measure::Npmi,
            min_weight: None,
            min_count: DEFAULT_MIN_COUNT,
            tree: false,
            top: 40,
            shared_top: 3,
            max_links: 25,
            seed: 42,
        }
    }
}

/// The fewest sentences two themes meet in for a link of the theme graph, by default (see
/// [`GraphOptions::min_count`]).
pub const DEFAULT_MIN_COUNT: u64 = 2;

/// The default threshold of a measure: a co-occurrence seen twice, a Jaccard or Dice of 0.05 or
/// 0.1, an NPMI of 0.1, a log-likelihood of 3.84 (p < 0.05), a cosine of 0.1.
pub fn default_min_weight(measure: Measure) -> f64 {
    match measure {
        Measure::Count => 2.0,
        Measure::Jaccard => 0.05,
        Measure::Dice | Measure::Npmi | Measure::Cosine => 0.1,
        Measure::LogLikelihood => 3.84,
    }
}

fn top_themes(themes: &ThemeSet, top: usize) -> usize {
    themes.themes.len().min(top)
}

/// Themes linked when they occur in the same sentence (in at least `opts.min_count` sentences),
/// weighed by `opts.measure`, then annotated (communities, centrality, layout). A word and an expression that contains it are not linked
/// (they co-occur by construction), nor are themes counted as meeting in a sentence where their
/// occurrences all overlap (see `themes::occurrences`).
pub fn theme_graph(corpus: &Corpus, themes: &ThemeSet, opts: &GraphOptions) -> Graph {
    let n = top_themes(themes, opts.top);
    let list = &themes.themes[..n];
    let nodes: Vec<Node> = list
        .iter()
        .map(|t| {
            let mut node = Node::new(
                format!("t{}", t.id.index() + 1),
                t.label.clone(),
                NodeKind::Theme,
            );
            node.occurrences = t.occurrences;
            node.ateliers = t.atelier_count() as u32;
            node
        })
        .collect();
    let unit_counts: Vec<u64> = list.iter().map(|t| t.sentences).collect();
    let mut pairs: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for &(a, b, count) in &themes.pairs {
        let (a, b) = (a.index(), b.index());
        if a < n
            && b < n
            && count >= opts.min_count
            && !nested(themes, ThemeId(a as u32), ThemeId(b as u32))
        {
            pairs.insert((a, b), count);
        }
    }
    let min = opts
        .min_weight
        .unwrap_or_else(|| default_min_weight(opts.measure));
    let edges = cooccurrence_edges(themes.sentences, &unit_counts, &pairs, opts.measure, min);
    let _ = corpus;
    finish(
        Graph::new(GraphKind::Themes, opts.measure, nodes, edges),
        opts,
    )
}

/// Whether one theme's single-word pattern is part of the other's expression.
fn nested(themes: &ThemeSet, a: ThemeId, b: ThemeId) -> bool {
    let (ta, tb) = (&themes.themes[a.index()], &themes.themes[b.index()]);
    let inside = |small: &crate::themes::Theme, big: &crate::themes::Theme| {
        small.patterns.iter().filter(|p| p.len() == 1).any(|p| {
            big.patterns
                .iter()
                .any(|q| q.len() > 1 && q.contains(&p[0]))
        })
    };
    inside(ta, tb) || inside(tb, ta)
}

/// Ateliers linked by the concerns they share: cosine similarity of their TF-IDF weighted theme
/// profiles, each link labelled with the shared themes that weigh most. Links between ateliers
/// of different events are marked `cross_event`.
pub fn atelier_graph(corpus: &Corpus, themes: &ThemeSet, opts: &GraphOptions) -> Graph {
    let n = top_themes(themes, opts.top.max(themes.themes.len()));
    let labels: Vec<String> = themes.themes[..n].iter().map(|t| t.label.clone()).collect();
    // Each atelier's profile: the themes it mentions, by theme (a sparse row: thousands of
    // ateliers over a thousand themes are mostly zeros).
    let mut profiles: Vec<SparseRow> = vec![Vec::new(); corpus.ateliers.len()];
    for t in &themes.themes[..n] {
        for &(a, count) in &t.by_atelier {
            profiles[a.index()].push((t.id.index() as u32, f64::from(count)));
        }
    }
    profiles
        .par_iter_mut()
        .for_each(|row| row.sort_unstable_by_key(|&(c, _)| c));
    let nodes: Vec<Node> = corpus
        .ateliers
        .iter()
        .map(|a| {
            let event = &corpus.events[a.event.index()];
            let mut node = Node::new(
                a.key.clone(),
                atelier_short_label(corpus, a.id),
                NodeKind::Atelier,
            );
            node.event = Some(event.key.clone());
            node.occurrences = profiles[a.id.index()].iter().map(|&(_, v)| v).sum::<f64>() as u64;
            node.ateliers = 1;
            node
        })
        .collect();
    let min = opts
        .min_weight
        .unwrap_or(default_min_weight(Measure::Cosine));
    let edges = cosine_edges_sparse(&profiles, n, &labels, min, opts.shared_top, opts.max_links);
    let mut g = Graph::new(GraphKind::Ateliers, Measure::Cosine, nodes, edges);
    g.mark_cross_event();
    finish(g, opts)
}

/// A short label for an atelier node: its label with its event's date (`Atelier 2 ·
/// 16–17/11/2021`; two events of one year stay apart), or its event's key when undated.
pub fn atelier_short_label(corpus: &Corpus, atelier: crate::corpus::AtelierId) -> String {
    let a = &corpus.ateliers[atelier.index()];
    let event = &corpus.events[a.event.index()];
    match event.dates {
        Some(d) => format!("{} · {}", a.label, d.short()),
        None => format!("{} · {}", a.label, event.key),
    }
}

/// Ateliers linked to the themes they discuss, weighed by occurrences.
pub fn bipartite_graph(corpus: &Corpus, themes: &ThemeSet, opts: &GraphOptions) -> Graph {
    let n = top_themes(themes, opts.top);
    let mut nodes: Vec<Node> = corpus
        .ateliers
        .iter()
        .map(|a| {
            let mut node = Node::new(
                a.key.clone(),
                atelier_short_label(corpus, a.id),
                NodeKind::Atelier,
            );
            node.event = Some(corpus.events[a.event.index()].key.clone());
            node.ateliers = 1;
            node
        })
        .collect();
    let offset = nodes.len();
    let mut edges = Vec::new();
    for t in &themes.themes[..n] {
        let mut node = Node::new(
            format!("t{}", t.id.index() + 1),
            t.label.clone(),
            NodeKind::Theme,
        );
        node.occurrences = t.occurrences;
        node.ateliers = t.atelier_count() as u32;
        nodes.push(node);
        for &(a, count) in &t.by_atelier {
            nodes[a.index()].occurrences += u64::from(count);
            edges.push(Edge::new(
                a.index(),
                offset + t.id.index(),
                f64::from(count),
                u64::from(count),
            ));
        }
    }
    let min = opts.min_weight.unwrap_or(1.0);
    edges.retain(|e| e.weight >= min);
    let mut g = Graph::new(GraphKind::Bipartite, Measure::Count, nodes, edges);
    g.annotate(opts.seed);
    g
}

fn finish(mut g: Graph, opts: &GraphOptions) -> Graph {
    if opts.tree {
        g = maximum_spanning_tree(&g);
    }
    g.annotate(opts.seed);
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::text::Analyzer;
    use crate::themes::ThemeOptions;
    use std::path::Path;

    #[test]
    fn shipped_corpus_atelier_graph_links_2020_and_2021() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let a = Analysis::run(corpus, &Analyzer::french(), None, &ThemeOptions::default()).unwrap();
        let g = atelier_graph(&a.corpus, &a.themes, &GraphOptions::default());
        assert_eq!(g.nodes.len(), a.corpus.ateliers.len());
        let booklet_ateliers = g
            .nodes
            .iter()
            .filter(|n| n.id.starts_with("universite-2021/atelier-"))
            .count();
        assert_eq!(
            booklet_ateliers, 4,
            "the booklet's ateliers are merged across rounds"
        );
        let year = |i: usize| g.nodes[i].event.clone().unwrap();
        let cross: Vec<&Edge> = g
            .edges
            .iter()
            .filter(|e| {
                year(e.source) == "forum-2020" && year(e.target) == "universite-2021"
                    || year(e.source) == "universite-2021" && year(e.target) == "forum-2020"
            })
            .collect();
        assert!(
            !cross.is_empty(),
            "no link between a 2020 and a 2021 atelier"
        );
        assert!(cross.iter().all(|e| e.cross_event && !e.shared.is_empty()));
        let t = theme_graph(&a.corpus, &a.themes, &GraphOptions::default());
        assert!(!t.edges.is_empty());
        assert!(t.nodes.iter().any(|n| n.community.is_some()));
    }

    /// On the shipped corpus, most pairs of themes meet in one sentence only; the theme graph
    /// keeps the pairs seen in two sentences or more, and `min_count: 1` gives the others back.
    #[test]
    fn theme_links_need_two_sentences_by_default() {
        let corpus = Corpus::load(Path::new("corpus")).unwrap();
        let a = Analysis::run(corpus, &Analyzer::french(), None, &ThemeOptions::default()).unwrap();
        let t = theme_graph(&a.corpus, &a.themes, &GraphOptions::default());
        assert!(!t.edges.is_empty());
        assert!(
            t.edges.iter().all(|e| e.count >= 2),
            "a link on one sentence"
        );
        let all = theme_graph(
            &a.corpus,
            &a.themes,
            &GraphOptions {
                min_count: 1,
                ..GraphOptions::default()
            },
        );
        let once = all.edges.iter().filter(|e| e.count == 1).count();
        assert!(once > 0, "no pair of themes met in one sentence only");
        assert_eq!(all.edges.len() - once, t.edges.len());
    }
}
