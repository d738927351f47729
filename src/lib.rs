//! # filrouge
//!
//! Finds the *fil rouge* — the recurring themes — across French workshop notes.
//!
//! The library is a pipeline of stages, each a module with one job. Data flows one way:
//!
//! ```text
//! files ──corpus──▶ Corpus ──text──▶ tokens ──stats──▶ TermStats ──themes──▶ ThemeSet
//!                                                                  │
//!                                        graph ◀───────────────────┘
//!                                          │
//!                              chart / report (HTML, Markdown, CSV, JSON, SVG, PNG)
//! ```
//!
//! - [`corpus`]: loading files and manifests, decoding, readers (Word, LibreOffice, PDF, HTML,
//!   CSV, IRaMuTeQ), structure (events, ateliers, sections, page furniture, people).
//! - [`text`]: the French analyser — segmentation, elisions, compounds, token kinds, stop words,
//!   stemming.
//! - [`vocab`]: interned stems and their readable labels.
//! - [`reference`](mod@reference): general-French word frequencies (wordfreq), the yardstick of specificity.
//! - [`stats`]: mergeable term statistics, counted in parallel; G², log ratio, p-values.
//! - [`themes`]: recurring themes (words, expressions, lexicon themes), their scores, trends,
//!   evidence, keyness and concordances.
//! - [`graph`]: co-occurrence graphs, communities, centrality, layout, exports.
//! - [`chart`]: plotters charts with an embedded font.
//! - [`report`]: the insight report and its data files.
//! - [`lang`]: the language filrouge writes in (the report, the labels it makes up).
//! - [`build_info`]: which version and commit this build is (for `--version` and `run.json`).
//! - [`analysis`]: the pipeline up to themes in one call; [`progress`]: how a long run goes;
//!   [`output`]: atomic writes.
//!
//! The library never prints and never sets rayon's global pool; the `filrouge` binary is a thin
//! shell over it.

#![warn(missing_docs)]

pub mod analysis;
pub mod build_info;
pub mod chart;
pub mod corpus;
pub mod error;
pub mod graph;
pub mod lang;
pub mod output;
pub mod progress;
pub mod reference;
pub mod report;
pub mod stats;
pub mod text;
pub mod themes;
pub mod vocab;

pub use error::{Error, Result};
