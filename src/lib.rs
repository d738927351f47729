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
//! - [`corpus`]: loading files and manifests, decoding, structure (events, ateliers, sections).
//! - [`text`]: the French analyser — segmentation, elisions, compounds, token kinds, stop words,
//!   stemming.
//! - [`vocab`]: interned stems and their readable labels.
//!
//! The library never prints and never sets rayon's global pool; the `filrouge` binary is a thin
//! shell over it.

pub mod analysis;
pub mod chart;
pub mod corpus;
pub mod error;
pub mod graph;
pub mod output;
pub mod reference;
pub mod report;
pub mod stats;
pub mod text;
pub mod themes;
pub mod vocab;

pub use error::{Error, Result};
