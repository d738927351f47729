//! The insight report of `filrouge analyze`: one [`Report`] built once from an
//! [`Analysis`], read by every exporter.
//!
//! - [`Report::build`] gathers everything people read: the corpus at a glance, the themes with
//!   their score components and quotes, trends, atelier profiles (keyness), the atelier and
//!   theme graphs with their families, and the run manifest. Names are pseudonymised here, once,
//!   when asked ([`anonymize`]), so no exporter can leak one.
//! - [`render`] turns it into files: `index.html` ([`html`]), `report.md` ([`markdown`]),
//!   `charts/*.svg|png` ([`charts`]), `data/*` ([`data`]) and `run.json` ([`manifest`]). Each
//!   file goes to a [`Sink`] as it is made: a [`StagedDir`](crate::output::StagedDir) writes it
//!   to disk at once (the data files are streamed there, never held whole), a [`MemorySink`]
//!   keeps the bytes.
//!
//! Every output is deterministic (no timestamp, no duration, sorted data): the same corpus and
//! options give byte-identical files, so a run can be cited.
//!
//! To add an export format: a field of [`Formats`] (and its name in [`Formats::parse`]), a
//! module with a `fn …(report: &Report, sink: &dyn Sink) -> Result<…, ReportError>` that hands
//! its files to the sink, and a call in [`render`]. To add a chart: a spec builder in [`charts`] and an entry in `charts::ALL`.

pub mod anonymize;
pub mod charts;
pub mod data;
pub mod html;
pub mod i18n;
pub mod manifest;
pub mod markdown;

use std::io::Write;
use std::path::PathBuf;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::corpus::date::DateRange;
use crate::corpus::{AtelierKind, PersonRole, SkipReason};
use crate::graph::from_themes::{GraphOptions, atelier_graph, atelier_short_label, theme_graph};
use crate::graph::{Graph, Measure};
use crate::themes::evidence::{ThemeRecord, records};
use crate::themes::keyness::{Absences, KeyTerm, Partition, keyness};
use crate::themes::{ThemeKind, Trend};

pub use anonymize::Pseudonymizer;
pub use i18n::Lang;
pub use manifest::RunManifest;

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A chart failed to render.
    #[error("graphique {name} : {source}")]
    Chart {
        /// Which chart.
        name: &'static str,
        /// What went wrong.
        source: crate::chart::ChartError,
    },
    /// A CSV table could not be written.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A JSON file could not be written.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An input file could not be read (for its fingerprint), or an output file not created.
    #[error(transparent)]
    Io(#[from] crate::Error),
    /// An output file could not be written.
    #[error("{path}: écriture impossible : {source}")]
    Write {
        /// The file, relative to the report folder.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// An unknown name in `--format`.
    #[error("format de sortie inconnu « {0} » : html, md, csv, json, svg ou png")]
    UnknownFormat(String),
    /// `--format` names no output.
    #[error("aucun format de sortie donné : un ou plusieurs de html, md, csv, json, svg, png")]
    NoFormat,
}

/// Which outputs to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Formats {
    /// `index.html`.
    pub html: bool,
    /// `report.md`.
    pub md: bool,
    /// `data/*.csv`.
    pub csv: bool,
    /// `data/*.json`, `data/*.graphml`, `data/*.gexf`.
    pub json: bool,
    /// `charts/*.svg`.
    pub svg: bool,
    /// `charts/*.png`.
    pub png: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            html: true,
            md: true,
            csv: true,
            json: true,
            svg: true,
            png: true,
        }
    }
}

impl Formats {
    /// Parses a comma-separated list (`html,md,csv,json,svg,png`).
    pub fn parse(list: &str) -> Result<Formats, ReportError> {
        let mut f = Formats {
            html: false,
            md: false,
            csv: false,
            json: false,
            svg: false,
            png: false,
        };
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "html" => f.html = true,
                "md" | "markdown" => f.md = true,
                "csv" => f.csv = true,
                "json" => f.json = true,
                "svg" => f.svg = true,
                "png" => f.png = true,
                other => return Err(ReportError::UnknownFormat(other.to_string())),
            }
        }
        if !(f.html || f.md || f.csv || f.json || f.svg || f.png) {
            return Err(ReportError::NoFormat);
        }
        Ok(f)
    }

    /// Number of steps [`render`] reports through its progress callback (the CSV and JSON
    /// files are one step: they are made at once).
    pub fn steps(&self) -> u64 {
        let charts = self.html || self.md || self.svg || self.png;
        [charts, self.html, self.md, self.csv || self.json, true]
            .iter()
            .filter(|b| **b)
            .count() as u64
    }
}

/// Options of a report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// How many themes the report and charts present.
    pub top: usize,
    /// Language of every word.
    pub lang: Lang,
    /// Replace people's names by pseudonyms.
    pub anonymize: bool,
    /// p-value threshold of keyness.
    pub alpha: f64,
    /// Options of the theme graph (the atelier graph uses all themes).
    pub graph: GraphOptions,
    /// Minimum number of ateliers of a recurring theme (recorded in the manifest).
    pub min_ateliers: usize,
    /// The lexicon file, if any (its path and fingerprint go in the manifest).
    pub lexicon: Option<PathBuf>,
    /// The extra stop words file, if any.
    pub stopwords: Option<PathBuf>,
    /// How the run was asked for, recorded in `run.json` (`None`: not said).
    pub invocation: Option<manifest::Invocation>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            top: 20,
            lang: Lang::Fr,
            anonymize: false,
            alpha: 0.001,
            graph: GraphOptions::default(),
            min_ateliers: 2,
            lexicon: None,
            stopwords: None,
            invocation: None,
        }
    }
}

/// The parameters of a run, as recorded in the report and `run.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Params {
    /// Themes presented.
    pub top: usize,
    /// Minimum ateliers of a recurring theme (documents, when themes recur across them).
    pub min_ateliers: usize,
    /// What themes recur across: ateliers, or documents in a corpus of fewer than two.
    pub recurrence_unit: crate::themes::RecurrenceUnit,
    /// Most themes kept (the best by score).
    pub max_themes: usize,
    /// Recurring themes found among the candidates scored, before that cap.
    pub recurring_themes: usize,
    /// Keyness threshold.
    pub alpha: f64,
    /// Measure of theme links.
    pub graph_measure: Measure,
    /// Themes in the theme graph.
    pub graph_top: usize,
    /// Seed of communities and layouts.
    pub seed: u64,
    /// Names pseudonymised.
    pub anonymize: bool,
    /// Language.
    pub lang: Lang,
    /// Lexicon file: its path as given and absolute, and its fingerprint.
    pub lexicon: Option<manifest::GivenFile>,
    /// Stop words file: its path as given and absolute, and its fingerprint.
    pub stopwords: Option<manifest::GivenFile>,
}

/// One event at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct EventSummary {
    /// Key.
    pub key: String,
    /// Title as written.
    pub title: String,
    /// Dates.
    pub dates: Option<DateRange>,
    /// Ateliers (atelier-level units).
    pub ateliers: usize,
    /// Documents of the event.
    pub documents: usize,
    /// Words analysed.
    pub words: usize,
}

/// A skipped input.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    /// `path` or `path:line`.
    pub location: String,
    /// Why.
    pub reason: SkipReason,
}

/// A quote: the sentence cut into plain and highlighted segments.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    /// `(text, highlighted)` segments, in order.
    pub segments: Vec<(String, bool)>,
    /// Event title.
    pub event: String,
    /// Atelier display name (`Forum … · Atelier 1`).
    pub atelier: String,
    /// Section kind.
    pub section: crate::corpus::SectionKind,
    /// `file:line`.
    pub location: String,
}

/// One theme: its record (the `themes.json` schema) and what the report needs beyond it.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeEntry {
    /// The record.
    pub record: ThemeRecord,
    /// Its kind.
    pub kind: ThemeKind,
    /// Its trend.
    pub trend: Trend,
    /// Number of events it occurs in.
    pub events: usize,
    /// Two or three quotes for the report (distinct ateliers first).
    pub quotes: Vec<QuoteView>,
}

/// A theme specific to an atelier.
#[derive(Debug, Clone, Serialize)]
pub struct Specific {
    /// Theme label.
    pub label: String,
    /// Occurrences in the atelier.
    pub count: u64,
    /// G².
    pub g2: f64,
    /// Log ratio.
    pub log_ratio: f64,
}

/// An atelier's profile (`ateliers.json`).
#[derive(Debug, Clone, Serialize)]
pub struct AtelierProfile {
    /// Key (`forum-2020/atelier-1`).
    pub key: String,
    /// Label (`Atelier 1`).
    pub label: String,
    /// Short label with the event's date (`Atelier 1 · 14/09/2020`), as in the graphs.
    pub short_label: String,
    /// Event key.
    pub event: String,
    /// Index of its event in [`Report::events`].
    pub event_index: usize,
    /// Kind of unit.
    pub kind: AtelierKind,
    /// Its question.
    pub question: Option<String>,
    /// Its porteur(s) (pseudonyms when anonymised).
    pub porteurs: Vec<String>,
    /// Its participants (pseudonyms when anonymised).
    pub participants: Vec<String>,
    /// Words analysed.
    pub words: usize,
    /// Its most frequent recurring themes `(label, occurrences)`.
    pub top_themes: Vec<(String, u32)>,
    /// Themes specific to it (keyness): the eight strongest at most, strongest (G²) first.
    /// The report lists them as [`AtelierProfile::specific_shown`] orders them.
    pub specific: Vec<Specific>,
}

impl AtelierProfile {
    /// Its specific themes as the report lists them, each with its count there: most mentioned
    /// first, then strongest (G²), then by label. A reader takes `parcours (11), lab (6),
    /// accompagnement (9)` for a list in no order: the number beside each label is the one
    /// thing the report shows, so it sets the order; G² stays in `ateliers.json` and
    /// `keyness.csv`, where the rows are in its order.
    pub fn specific_shown(&self) -> Vec<&Specific> {
        let mut shown: Vec<&Specific> = self.specific.iter().collect();
        shown.sort_by(|x, y| {
            y.count
                .cmp(&x.count)
                .then(y.g2.total_cmp(&x.g2))
                .then_with(|| x.label.cmp(&y.label))
        });
        shown
    }
}

/// A family (community) of the theme graph.
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    /// Its number: the graph's community number plus one (1 is the largest).
    pub number: u32,
    /// Its themes, most frequent first.
    pub members: Vec<String>,
}

/// A link between ateliers of two events.
#[derive(Debug, Clone, Serialize)]
pub struct CrossLink {
    /// One atelier (short label).
    pub a: String,
    /// The other.
    pub b: String,
    /// Cosine similarity.
    pub weight: f64,
    /// Themes that weigh most in it.
    pub shared: Vec<String>,
}

/// Keyness in the three partitions.
#[derive(Debug, Clone, Serialize)]
pub struct Keyness {
    /// By atelier.
    pub atelier: Vec<KeyTerm>,
    /// By event.
    pub event: Vec<KeyTerm>,
    /// By section kind.
    pub section: Vec<KeyTerm>,
}

/// Everything the exporters write, computed once.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// filrouge version.
    pub version: String,
    /// Parameters.
    pub params: Params,
    /// Corpus title.
    pub title: Option<String>,
    /// Documents analysed.
    pub documents: usize,
    /// Words analysed.
    pub words: usize,
    /// People named in the notes.
    pub people: usize,
    /// Events, in corpus order (dated events by date).
    pub events: Vec<EventSummary>,
    /// Skipped inputs.
    pub skipped: Vec<SkippedFile>,
    /// Warnings about inputs analysed all the same (a file decoded as Windows-1252…), as
    /// `run.json` and standard error give them: their place and their message, in French.
    pub warnings: Vec<crate::corpus::overview::WarningOverview>,
    /// All recurring themes, best first (the report shows the first [`Params::top`]).
    pub themes: Vec<ThemeEntry>,
    /// Number of dated events.
    pub dated_events: usize,
    /// Atelier profiles, in corpus order.
    pub ateliers: Vec<AtelierProfile>,
    /// Occurrences of each theme (rows, as [`Report::themes`]) in each atelier (columns).
    pub matrix: Vec<Vec<u32>>,
    /// Keyness.
    pub keyness: Keyness,
    /// The theme graph.
    pub theme_graph: Graph,
    /// The atelier graph.
    pub atelier_graph: Graph,
    /// Families of the theme graph.
    pub families: Vec<Family>,
    /// Bridging themes `(label, betweenness)`, strongest first.
    pub bridges: Vec<(String, f64)>,
    /// Strongest links between ateliers of different events.
    pub cross_links: Vec<CrossLink>,
    /// The run manifest.
    pub manifest: RunManifest,
}

/// Quotes kept per theme in the report.
pub const QUOTES_PER_THEME: usize = 3;
/// Longest quote shown, in characters (longer sentences are cut around the highlight).
pub const MAX_QUOTE_CHARS: usize = 320;

impl Report {
    /// Builds the report of an analysis. Reads the input files once, for their fingerprints.
    pub fn build(a: &Analysis, opts: &ReportOptions) -> Result<Report, ReportError> {
        let corpus = &a.corpus;
        let p = if opts.anonymize {
            Pseudonymizer::in_language(&corpus.people, opts.lang)
        } else {
            Pseudonymizer::identity()
        };
        let red = |s: &str| p.apply(s);
        // Words, as the corpus overview counts them, from the counting pass.
        let atelier_words = &a.stats.totals.words_by_atelier;
        let event_words = a.stats.totals.words_by_event(corpus);

        let events: Vec<EventSummary> = corpus
            .events
            .iter()
            .map(|e| EventSummary {
                key: e.key.clone(),
                title: red(&e.title),
                dates: e.dates,
                ateliers: e.ateliers.len(),
                documents: corpus.documents.iter().filter(|d| d.event == e.id).count(),
                words: event_words[e.id.index()] as usize,
            })
            .collect();
        let skipped = corpus
            .skipped
            .iter()
            .map(|s| SkippedFile {
                location: red(&match s.line {
                    Some(l) => format!("{}:{l}", s.path.display()),
                    None => s.path.display().to_string(),
                }),
                reason: s.reason.clone(),
            })
            .collect();
        let warnings = corpus
            .warnings
            .iter()
            .map(|w| {
                let mut w = crate::corpus::overview::WarningOverview::of(w);
                w.location = red(&w.location);
                w.message = red(&w.message);
                w
            })
            .collect();

        // Themes.
        // The inputs were fingerprinted as they were read.
        let inputs = manifest::fingerprint_inputs(corpus, &p)?;
        let recs = records(corpus, &a.themes);
        let themes: Vec<ThemeEntry> = recs
            .into_iter()
            .zip(&a.themes.themes)
            .map(|(mut r, t)| {
                let quotes = pick_quotes(&r, corpus, &p);
                anonymize_record(&mut r, &p);
                ThemeEntry {
                    record: r,
                    kind: t.kind,
                    trend: t.trend,
                    events: t.event_count(),
                    quotes,
                }
            })
            .collect();
        let dated_events = corpus.events.iter().filter(|e| e.dates.is_some()).count();

        let matrix: Vec<Vec<u32>> = a
            .themes
            .themes
            .iter()
            .map(|t| {
                let mut row = vec![0; corpus.ateliers.len()];
                for &(at, n) in &t.by_atelier {
                    row[at.index()] = n;
                }
                row
            })
            .collect();

        // The keyness rows and the two graphs do not depend on each other: made at once (a
        // graph's drawing and communities are serial work).
        let by = |partition| {
            keyness(
                corpus,
                &a.stats,
                &a.themes,
                partition,
                opts.alpha,
                Absences::Significant,
            )
        };
        let (mut kn, (mut tg, mut ag)) = rayon::join(
            || Keyness {
                atelier: by(Partition::Atelier),
                event: by(Partition::Event),
                section: by(Partition::Section),
            },
            || {
                rayon::join(
                    || theme_graph(corpus, &a.themes, &opts.graph),
                    || atelier_graph(corpus, &a.themes, &opts.graph),
                )
            },
        );
        // Each label is pseudonymised once, and stays shared.
        let mut redacted: FxHashMap<std::sync::Arc<str>, std::sync::Arc<str>> =
            FxHashMap::default();
        let mut red_shared = |s: &std::sync::Arc<str>| {
            redacted
                .entry(s.clone())
                .or_insert_with(|| red(s).into())
                .clone()
        };
        for k in kn
            .atelier
            .iter_mut()
            .chain(&mut kn.event)
            .chain(&mut kn.section)
        {
            k.label = red_shared(&k.label);
            k.partition_label = red_shared(&k.partition_label);
        }

        // Atelier profiles. The keyness rows of each atelier, gathered once (a corpus of
        // hundreds of ateliers has hundreds of thousands of rows: scanning them all for each
        // atelier took seconds), in their order.
        let mut rows_of: FxHashMap<&str, Vec<&KeyTerm>> = FxHashMap::default();
        for k in &kn.atelier {
            rows_of.entry(&*k.partition).or_default().push(k);
        }
        let mut ateliers = Vec::new();
        for at in &corpus.ateliers {
            let names = |role: PersonRole| -> Vec<String> {
                corpus
                    .people
                    .iter()
                    .filter(|x| x.atelier == Some(at.id) && x.role == role)
                    .map(|x| red(&x.name))
                    .collect()
            };
            // Its themes with their counts there, read down its column of the matrix (not by
            // searching every theme's list of ateliers: quadratic in ateliers).
            let mut top: Vec<(usize, u32)> = matrix
                .iter()
                .enumerate()
                .map(|(ti, row)| (ti, row[at.id.index()]))
                .filter(|&(_, n)| n > 0)
                .collect();
            top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            let specific = rows_of
                .get(at.key.as_str())
                .into_iter()
                .flatten()
                .filter(|k| k.specific)
                .take(8)
                .map(|k| Specific {
                    label: k.label.to_string(),
                    count: k.count_in,
                    g2: k.g2,
                    log_ratio: k.log_ratio,
                })
                .collect();
            ateliers.push(AtelierProfile {
                key: at.key.clone(),
                label: red(&at.label),
                short_label: red(&atelier_short_label(corpus, at.id)),
                event: corpus.events[at.event.index()].key.clone(),
                event_index: at.event.index(),
                kind: at.kind,
                question: at.question.as_deref().map(red),
                porteurs: names(PersonRole::Porteur),
                participants: names(PersonRole::Participant),
                words: atelier_words[at.id.index()] as usize,
                top_themes: top
                    .into_iter()
                    .take(8)
                    .map(|(i, n)| (red(&a.themes.themes[i].label), n))
                    .collect(),
                specific,
            });
        }

        // Graphs (made above).
        for n in tg.nodes.iter_mut().chain(ag.nodes.iter_mut()) {
            n.label = red(&n.label);
        }
        for e in tg.edges.iter_mut().chain(ag.edges.iter_mut()) {
            for s in &mut e.shared {
                *s = red(s);
            }
        }
        let families = families(&tg);
        let mut bridges: Vec<(String, f64)> = tg
            .nodes
            .iter()
            .filter(|n| n.betweenness > 0.0)
            .map(|n| (n.label.clone(), n.betweenness))
            .collect();
        bridges.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        bridges.truncate(5);
        let mut cross: Vec<CrossLink> = ag
            .edges
            .iter()
            .filter(|e| e.cross_event)
            .map(|e| CrossLink {
                a: ag.nodes[e.source].label.clone(),
                b: ag.nodes[e.target].label.clone(),
                weight: e.weight,
                shared: e.shared.clone(),
            })
            .collect();
        cross.sort_by(|x, y| {
            y.weight
                .total_cmp(&x.weight)
                .then_with(|| x.a.cmp(&y.a))
                .then_with(|| x.b.cmp(&y.b))
        });
        cross.truncate(6);

        let params = Params {
            top: opts.top.min(themes.len()),
            min_ateliers: opts.min_ateliers,
            recurrence_unit: a.themes.unit,
            max_themes: a.themes.max_themes,
            recurring_themes: a.themes.recurring,
            alpha: opts.alpha,
            graph_measure: opts.graph.measure,
            graph_top: opts.graph.top,
            seed: opts.graph.seed,
            anonymize: opts.anonymize,
            lang: opts.lang,
            lexicon: opts
                .lexicon
                .as_deref()
                .map(manifest::GivenFile::of)
                .transpose()?,
            stopwords: opts
                .stopwords
                .as_deref()
                .map(manifest::GivenFile::of)
                .transpose()?,
        };
        let manifest = RunManifest::build(corpus, inputs, &params, opts.invocation.as_ref(), &p);

        Ok(Report {
            version: env!("CARGO_PKG_VERSION").to_string(),
            params,
            title: corpus.title.as_deref().map(red),
            documents: corpus.documents.len(),
            words: a.stats.totals.words() as usize,
            people: corpus.people_count(),
            events,
            skipped,
            warnings,
            themes,
            dated_events,
            ateliers,
            matrix,
            keyness: kn,
            theme_graph: tg,
            atelier_graph: ag,
            families,
            bridges,
            cross_links: cross,
            manifest,
        })
    }

    /// The word table of the report's language.
    pub fn words(&self) -> &'static i18n::Words {
        self.params.lang.words()
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.params.lang
    }

    /// Why no theme recurs, in the report's language: `--min-ateliers` above the corpus's
    /// ateliers (or documents, when themes recur across them) is said as such.
    pub fn no_themes(&self) -> String {
        let units = match self.params.recurrence_unit {
            crate::themes::RecurrenceUnit::Atelier => self.ateliers.len(),
            crate::themes::RecurrenceUnit::Document => self.documents,
        };
        self.words()
            .no_themes(self.params.recurrence_unit, self.params.min_ateliers, units)
    }

    /// The themes the report presents (the first [`Params::top`]).
    pub fn top_themes(&self) -> &[ThemeEntry] {
        &self.themes[..self.params.top.min(self.themes.len())]
    }

    /// A short name of an event for charts and tables: its short date, or its key.
    pub fn event_short(&self, i: usize) -> String {
        let e = &self.events[i];
        match e.dates {
            Some(d) => d.short(),
            None => e.key.clone(),
        }
    }

    /// An event's name for legends: short date and title, cut at 48 characters.
    pub fn event_legend(&self, i: usize) -> String {
        let e = &self.events[i];
        let title = cut(&e.title, 48);
        match e.dates {
            Some(d) => format!("{} · {title}", d.short()),
            None => title,
        }
    }

    /// The display name of an atelier: event legend and label.
    pub fn atelier_display(&self, i: usize) -> String {
        let a = &self.ateliers[i];
        format!("{} · {}", self.event_legend(a.event_index), a.label)
    }
}

/// `s` cut to `max` characters at a word boundary, with an ellipsis.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max).collect();
    let head = match head.rfind(' ') {
        Some(i) if i > head.len() / 2 => head[..i].to_string(),
        _ => head,
    };
    format!("{}…", head.trim_end_matches([' ', ',', ';', ':']))
}

fn families(g: &Graph) -> Vec<Family> {
    let mut by: std::collections::BTreeMap<u32, Vec<(u64, usize)>> = Default::default();
    for (i, n) in g.nodes.iter().enumerate() {
        if let Some(c) = n.community {
            by.entry(c).or_default().push((n.occurrences, i));
        }
    }
    by.into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(c, mut m)| {
            m.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            Family {
                number: c + 1,
                members: m
                    .into_iter()
                    .map(|(_, i)| g.nodes[i].label.clone())
                    .collect(),
            }
        })
        .collect()
}

/// Text cut into segments from char-offset highlights.
fn segments(text: &str, highlights: &[(usize, usize)]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut hs: Vec<(usize, usize)> = highlights
        .iter()
        .map(|&(a, b)| (a.min(chars.len()), b.min(chars.len())))
        .filter(|(a, b)| a < b)
        .collect();
    hs.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in hs {
        if a < at {
            continue;
        }
        if a > at {
            out.push((chars[at..a].iter().collect(), false));
        }
        out.push((chars[a..b].iter().collect(), true));
        at = b;
    }
    if at < chars.len() {
        out.push((chars[at..].iter().collect(), false));
    }
    out
}

/// Rebuilds text and highlights from segments.
fn join_segments(segs: &[(String, bool)]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut hs = Vec::new();
    let mut n = 0;
    for (s, h) in segs {
        let len = s.chars().count();
        if *h {
            hs.push((n, n + len));
        }
        text.push_str(s);
        n += len;
    }
    (text, hs)
}

/// Cuts a long quote around its first highlight, keeping the start of its sentence when the
/// highlight fits in `max` characters from there (the subject: « Le passage d'une culture de
/// la négociation … entre les acteurs » read « … qui se s'apparente à … les acteurs »), else
/// starting at the earliest clause (after `,` `;` `:` `(` or a dash) from which it fits, else a
/// third of `max` before the highlight.
fn shorten(segs: Vec<(String, bool)>, max: usize) -> Vec<(String, bool)> {
    let (text, hs) = join_segments(&segs);
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return segs;
    }
    let (first, first_end) = hs.first().copied().unwrap_or((0, 0));
    // Some words after the highlight, too.
    let needed = (first_end + max / 6).min(chars.len());
    let clause = (needed.saturating_sub(max)..first)
        .find(|&i| {
            i == 0
                || (chars[i - 1].is_whitespace()
                    && i >= 2
                    && matches!(chars[i - 2], ',' | ';' | ':' | '(' | '—' | '–'))
        })
        .filter(|&i| i + max >= needed);
    let mut start = clause.unwrap_or_else(|| first.saturating_sub(max / 3));
    let mut end = (start + max).min(chars.len());
    if end == chars.len() && clause.is_none() {
        start = end.saturating_sub(max);
    }
    // To a word's start, never past the highlight (a long run without a space, `a/b/c/…`, ran
    // past the text's end).
    while start > 0 && start < first && !chars[start - 1].is_whitespace() {
        start += 1;
    }
    // Back to a word's end, never into the highlight: with no space after it, the cut stays.
    if end < chars.len()
        && let Some(space) = (first_end.max(start + 1)..=end)
            .rev()
            .find(|&i| chars[i].is_whitespace())
    {
        end = space;
    }
    let mut out = Vec::new();
    if start > 0 {
        out.push(("… ".to_string(), false));
    }
    let mut n = 0;
    for (s, h) in segs {
        let len = s.chars().count();
        let (a, b) = (n.max(start), (n + len).min(end));
        if a < b {
            out.push((s.chars().skip(a - n).take(b - a).collect(), h));
        }
        n += len;
    }
    if end < chars.len() {
        out.push((" …".to_string(), false));
    }
    out
}

fn pick_quotes(
    r: &ThemeRecord,
    corpus: &crate::corpus::Corpus,
    p: &Pseudonymizer,
) -> Vec<QuoteView> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen_ateliers = std::collections::BTreeSet::new();
    let mut seen_text = std::collections::BTreeSet::new();
    for (i, e) in r.evidence.iter().enumerate() {
        if chosen.len() < QUOTES_PER_THEME
            && seen_ateliers.insert(e.atelier.clone())
            && seen_text.insert(e.text.clone())
        {
            chosen.push(i);
        }
    }
    for (i, e) in r.evidence.iter().enumerate() {
        if chosen.len() < QUOTES_PER_THEME
            && !chosen.contains(&i)
            && seen_text.insert(e.text.clone())
        {
            chosen.push(i);
        }
    }
    chosen.sort();
    chosen
        .into_iter()
        .map(|i| {
            let e = &r.evidence[i];
            let segs = segments(&e.text, &e.highlights)
                .into_iter()
                // The evidence is already without formatting marks (`evidence::without_marks`).
                .map(|(s, h)| (p.apply(&s), h))
                .filter(|(s, _)| !s.is_empty())
                .collect();
            let atelier = corpus
                .ateliers
                .iter()
                .find(|a| a.key == e.atelier)
                .map_or_else(|| e.atelier_label.clone(), |a| corpus.atelier_display(a.id));
            QuoteView {
                segments: shorten(segs, MAX_QUOTE_CHARS),
                event: p.apply(&e.event_title),
                atelier: p.apply(&atelier),
                section: crate::corpus::SectionKind::parse(&e.section)
                    .unwrap_or(crate::corpus::SectionKind::Other),
                location: p.apply(&e.location),
            }
        })
        .collect()
}

/// Pseudonymises every free text of a record, keeping highlights right.
fn anonymize_record(r: &mut ThemeRecord, p: &Pseudonymizer) {
    if p.is_identity() {
        return;
    }
    r.label = p.apply(&r.label);
    for f in &mut r.forms {
        f.form = p.apply(&f.form);
    }
    for e in &mut r.evidence {
        let segs: Vec<(String, bool)> = segments(&e.text, &e.highlights)
            .into_iter()
            .map(|(s, h)| (p.apply(&s), h))
            .collect();
        let (text, hs) = join_segments(&segs);
        e.text = text;
        e.highlights = hs;
        e.event_title = p.apply(&e.event_title);
        e.atelier_label = p.apply(&e.atelier_label);
        e.heading = p.apply(&e.heading);
        e.location = p.apply(&e.location);
    }
}

/// One output file: its path inside the report folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the report folder, `/`-separated.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// What makes one output file: writes its bytes to the writer it is given.
pub type Fill<'a> = dyn FnMut(&mut dyn Write) -> Result<(), ReportError> + 'a;

/// Where [`render`] puts each output file, as soon as it is made, so that no output waits in
/// memory for the others (the data files of a corpus of a thousand ateliers weigh 150 MB).
/// Files may be made from two threads at once, each path once.
pub trait Sink: Sync {
    /// Makes the file at `path` (relative to the report folder, `/`-separated) from what
    /// `fill` writes.
    fn file(&self, path: &str, fill: &mut Fill<'_>) -> Result<(), ReportError>;
}

/// Writes each file into the staging folder (see [`crate::output::StagedDir`]), through a
/// 64 KiB buffer: nothing of it is held in memory.
impl Sink for crate::output::StagedDir {
    fn file(&self, path: &str, fill: &mut Fill<'_>) -> Result<(), ReportError> {
        fill_into(path, self.create(path)?, fill)
    }
}

/// Fills the file `path` through a buffer over `out`, then flushes it. A failed write is told
/// as such, with the file, whoever noticed it first (a CSV or JSON writer only says that some
/// write failed).
fn fill_into(path: &str, out: impl Write, fill: &mut Fill<'_>) -> Result<(), ReportError> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, WriteErrors::new(out));
    let filled = fill(&mut w);
    let flushed = w.flush();
    // What a failed flush left in the buffer is dropped, not written again.
    let (mut out, _) = w.into_parts();
    match (out.first_error.take(), filled, flushed) {
        (Some(source), _, _) | (None, Ok(()), Err(source)) => Err(write_failed(path)(source)),
        (None, filled, _) => filled,
    }
}

/// A writer that remembers its first error, so that an I/O failure inside a CSV or JSON
/// writer is reported with its file.
struct WriteErrors<W> {
    inner: W,
    first_error: Option<std::io::Error>,
}

impl<W: Write> WriteErrors<W> {
    fn new(inner: W) -> Self {
        WriteErrors {
            inner,
            first_error: None,
        }
    }

    fn keep<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        // An interrupted write is tried again by the writers above: not a failure.
        if let Err(e) = &r
            && e.kind() != std::io::ErrorKind::Interrupted
            && self.first_error.is_none()
        {
            self.first_error = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
        r
    }
}

impl<W: Write> Write for WriteErrors<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.keep(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.keep(r)
    }
}

/// Keeps the files' bytes in memory, for a caller that wants them rather than a folder.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files made, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn file(&self, path: &str, fill: &mut Fill<'_>) -> Result<(), ReportError> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        let file = OutputFile {
            path: path.to_string(),
            bytes,
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// Hands `bytes`, already made, to `sink` as the file `path`.
fn put(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), ReportError> {
    sink.file(path, &mut |w| {
        w.write_all(bytes).map_err(write_failed(path))
    })
}

/// The error of a failed write to the output file `path`.
fn write_failed(path: &str) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Write {
        path: path.to_string(),
        source,
    }
}

/// Renders every requested output into `sink`, each file as soon as it is made, and returns
/// their paths, sorted. `progress` is called as each step (see [`Formats::steps`]) starts, with
/// its name: `charts`, `data` (the CSV and JSON files), `report.md`, `index.html`, `run.json`.
/// `run.json` is always written.
pub fn render(
    report: &Report,
    formats: &Formats,
    sink: &dyn Sink,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<String>, ReportError> {
    let need_charts = formats.html || formats.md || formats.svg || formats.png;
    // Charts first: the largest chart's pixels (140 MB for the heatmap of 353 ateliers, say)
    // are freed before the CSV and JSON files are made. The charts stay in memory: the report
    // pages show them. The CSV and JSON files are made at once (on a corpus of many ateliers
    // the CSV files take half a second of one thread), each streamed into the sink: one step.
    let rendered = if need_charts {
        progress("charts");
        charts::render_all(report, formats)?
    } else {
        charts::Rendered::default()
    };
    let mut outputs: Vec<String> = Vec::new();
    if need_charts {
        for c in &rendered.charts {
            if formats.svg
                && let Some(svg) = &c.svg
            {
                let path = format!("charts/{}.svg", c.name);
                put(sink, &path, svg)?;
                outputs.push(path);
            }
            if let Some(png) = &c.png {
                let path = format!("charts/{}.png", c.name);
                put(sink, &path, png)?;
                outputs.push(path);
            }
        }
    }
    if formats.csv || formats.json {
        progress("data");
    }
    let (csv, json) = rayon::join(
        || {
            formats
                .csv
                .then(|| data::csv_files(report, sink))
                .transpose()
        },
        || {
            formats
                .json
                .then(|| data::json_files(report, sink))
                .transpose()
        },
    );
    if let Some(csv) = csv? {
        outputs.extend(csv);
    }
    if let Some(json) = json? {
        outputs.extend(json);
    }
    outputs.push("run.json".into());
    if formats.html {
        outputs.push("index.html".into());
    }
    if formats.md {
        outputs.push("report.md".into());
    }
    outputs.sort();
    if formats.md {
        progress("report.md");
        let ext = if formats.svg {
            Some("svg")
        } else if formats.png {
            Some("png")
        } else {
            None
        };
        let md = markdown::markdown(report, &rendered, ext, &outputs);
        put(sink, "report.md", md.as_bytes())?;
    }
    if formats.html {
        progress("index.html");
        put(
            sink,
            "index.html",
            html::html(report, &rendered, &outputs).as_bytes(),
        )?;
    }
    progress("run.json");
    let mut m = report.manifest.clone();
    m.outputs = outputs.clone();
    let mut json = serde_json::to_vec_pretty(&m)?;
    json.push(b'\n');
    put(sink, "run.json", &json)?;
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip_and_shorten_keeps_the_highlight() {
        let segs = segments("la posture du manager public", &[(3, 10)]);
        assert_eq!(
            segs,
            vec![
                ("la ".to_string(), false),
                ("posture".to_string(), true),
                (" du manager public".to_string(), false)
            ]
        );
        assert_eq!(
            join_segments(&segs),
            ("la posture du manager public".to_string(), vec![(3, 10)])
        );
        let long = format!("{} posture {}", "mot ".repeat(200), "fin ".repeat(200));
        let h = long.find("posture").unwrap();
        let short = shorten(segments(&long, &[(h, h + 7)]), 100);
        let (text, hs) = join_segments(&short);
        assert!(text.chars().count() <= 110, "{text}");
        assert!(text.starts_with("… ") && text.ends_with(" …"));
        assert_eq!(hs.len(), 1);
        let chars: Vec<char> = text.chars().collect();
        let got: String = chars[hs[0].0..hs[0].1].iter().collect();
        assert_eq!(got, "posture");
        // The sentence's start is kept when the highlight fits from there…
        let long = format!(
            "Le sujet {} les acteurs, {}",
            "mot ".repeat(20),
            "fin ".repeat(100)
        );
        let h = long.find("acteurs").unwrap();
        let (text, _) = join_segments(&shorten(segments(&long, &[(h, h + 7)]), 150));
        assert!(text.starts_with("Le sujet mot"), "{text}");
        assert!(text.ends_with(" …"), "{text}");
        // …else the quote starts at the earliest clause from which it fits.
        let long = format!(
            "{} ; la suite, puis les acteurs {}",
            "mot ".repeat(60),
            "fin ".repeat(100)
        );
        let h = long.find("acteurs").unwrap();
        let (text, hs) = join_segments(&shorten(segments(&long, &[(h, h + 7)]), 150));
        assert!(text.starts_with("… la suite, puis les"), "{text}");
        assert_eq!(hs.len(), 1);
        // A long run without a space around the highlight: no panic, the highlight kept.
        let long = format!(
            "Thèmes : {}mobilité/{}fin.",
            "logement/emploi/santé/".repeat(10),
            "logement/emploi/santé/".repeat(10)
        );
        let h = long[..long.find("mobilité").unwrap()].chars().count();
        let (text, hs) = join_segments(&shorten(segments(&long, &[(h, h + 8)]), 150));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[hs[0].0..hs[0].1].iter().collect::<String>(),
            "mobilité"
        );
    }

    /// A writer that takes `room` bytes, then fails (a full disk); or fails only on flush.
    struct Full {
        room: usize,
        fail_flush: bool,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::other("disque plein"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            if self.fail_flush {
                return Err(std::io::Error::other("flush refusé"));
            }
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_told_with_its_file() {
        let rows = |out: &mut dyn Write| -> Result<(), ReportError> {
            let mut w = csv::Writer::from_writer(out);
            for i in 0..10_000 {
                w.write_record([i.to_string(), "posture".into()])?;
            }
            w.flush().map_err(csv::Error::from)?;
            Ok(())
        };
        // The error and its file, or a panic.
        let write_error = |r: Result<(), ReportError>| match r {
            Err(ReportError::Write { path, source }) => (path, source.to_string()),
            other => panic!("{other:?}"),
        };
        let full = Full {
            room: 1000,
            fail_flush: false,
        };
        assert_eq!(
            write_error(fill_into("data/keyness.csv", full, &mut |w| rows(w))),
            ("data/keyness.csv".to_string(), "disque plein".to_string())
        );
        let flush_fails = Full {
            room: usize::MAX,
            fail_flush: true,
        };
        assert_eq!(
            write_error(fill_into("run.json", flush_fails, &mut |w| {
                w.write_all(b"{}").map_err(write_failed("run.json"))
            })),
            ("run.json".to_string(), "flush refusé".to_string())
        );
        // An interrupted write, tried again, is no failure.
        struct Interrupted(bool);
        impl Write for Interrupted {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if std::mem::replace(&mut self.0, false) {
                    return Err(std::io::ErrorKind::Interrupted.into());
                }
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        assert!(fill_into("data/keyness.csv", Interrupted(true), &mut |w| rows(w)).is_ok());
        let roomy = Full {
            room: usize::MAX,
            fail_flush: false,
        };
        assert!(fill_into("data/keyness.csv", roomy, &mut |w| rows(w)).is_ok());
    }

    #[test]
    fn the_memory_sink_and_a_folder_get_the_same_files() {
        let dir = tempfile::tempdir().unwrap();
        let staged = crate::output::StagedDir::new(&dir.path().join("rapport")).unwrap();
        let memory = MemorySink::default();
        for sink in [&staged as &dyn Sink, &memory] {
            rayon::join(
                || put(sink, "data/b.csv", "confiance,3\n".as_bytes()).unwrap(),
                || put(sink, "index.html", "<p>légitimité</p>".as_bytes()).unwrap(),
            );
        }
        let files = memory.into_files();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["data/b.csv", "index.html"]);
        let out = staged.commit().unwrap().path;
        for f in &files {
            assert_eq!(
                std::fs::read(out.join(&f.path)).unwrap(),
                f.bytes,
                "{}",
                f.path
            );
        }
    }

    #[test]
    fn formats_parse() {
        let f = Formats::parse("html,png").unwrap();
        assert!(f.html && f.png && !f.md && !f.svg);
        assert_eq!(f.steps(), 3);
        assert!(Formats::parse("pdf").is_err());
        assert_eq!(Formats::default().steps(), 5);
        assert_eq!(cut("un deux trois quatre", 10), "un deux…");
    }
}
