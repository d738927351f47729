//! Keyness: what is specific to each atelier, each event or each section kind, against the rest
//! of the corpus.
//!
//! For a theme seen `a` times among the `n₁` words of a partition and `b` times among the `n₂`
//! words of the rest: log-likelihood G² (Dunning), its p-value (χ², one degree of freedom), and
//! the effect size as Hardie's log ratio (log₂ of the ratio of relative frequencies). A theme is
//! called **specific** to the partition only when it is over-used there (log ratio > 0), occurs at
//! least [`MIN_SPECIFIC_COUNT`] times in it, and G² passes the threshold of the chosen p-value.
//! A theme absent from a partition is listed there always or only when its absence is
//! significant ([`Absences`]).

use std::sync::Arc;

use rayon::prelude::*;

use crate::corpus::{Corpus, SectionKind};
use crate::stats::measures::{keyness_g2, log_ratio, p_value};
use crate::stats::{TermStats, kind_index};

use super::{ThemeId, ThemeSet};

/// Fewest occurrences in a partition for a theme to be called specific to it.
pub const MIN_SPECIFIC_COUNT: u64 = 3;

/// What to partition the corpus by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Partition {
    /// Each atelier-level unit against the rest.
    Atelier,
    /// Each event against the rest.
    Event,
    /// Each section kind against the rest.
    Section,
}

impl std::str::FromStr for Partition {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "atelier" => Ok(Partition::Atelier),
            "event" => Ok(Partition::Event),
            "section" => Ok(Partition::Section),
            other => Err(format!(
                "unknown partition {other:?}: use atelier, event or section"
            )),
        }
    }
}

/// Which themes absent from a partition (`count_in` 0, the strongest under-use) get a row there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absences {
    /// Every one (`keyness --all`: every theme in every partition).
    All,
    /// Those whose absence is significant (p < `alpha`): `keyness.csv`, where every absence
    /// would double the file on a corpus of many small ateliers with rows that tell nothing of
    /// a theme too rare to be expected there.
    Significant,
}

/// The keyness of one theme in one partition. Serialised (`keyness --json`) with the names and
/// in the order of `keyness.csv`'s columns, so that one reader reads both.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyTerm {
    /// What the corpus is partitioned by (`atelier`, `event`, `section`): `partition_type`, as
    /// `keyness.csv` names it.
    #[serde(rename = "partition_type")]
    pub by: Partition,
    /// The partition's key (`forum-2020/atelier-1`, `forum-2020`, `synthese`), shared by the
    /// partition's rows (a corpus of a thousand ateliers has 355,000 rows).
    pub partition: Arc<str>,
    /// The partition's readable name, shared likewise.
    pub partition_label: Arc<str>,
    /// The theme. Serialised as `theme_rank`, its rank (1 for the first theme), the number the
    /// report, `themes.csv` and `keyness.csv` give it.
    #[serde(rename = "theme_rank", serialize_with = "serialize_rank")]
    pub theme: ThemeId,
    /// Its label, shared by the theme's rows. Serialised as `theme`, as `keyness.csv` names it
    /// (it was `label`).
    #[serde(rename = "theme")]
    pub label: Arc<str>,
    /// Occurrences in the partition.
    pub count_in: u64,
    /// Words in the partition.
    pub words_in: u64,
    /// Occurrences in the rest.
    pub count_out: u64,
    /// Words in the rest.
    pub words_out: u64,
    /// Log-likelihood G².
    pub g2: f64,
    /// Its p-value.
    pub p_value: f64,
    /// Log ratio (effect size).
    pub log_ratio: f64,
    /// Whether it passes the test.
    pub specific: bool,
}

fn serialize_rank<S: serde::Serializer>(theme: &ThemeId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(theme.index() as u64 + 1)
}

/// Keyness of every theme in every partition, sorted by partition then G² (specific first).
/// `alpha` is the p-value threshold (e.g. 0.001). A theme absent from a partition has a row
/// there as `absences` says (they were all left out, the strongest under-use never shown).
pub fn keyness(
    corpus: &Corpus,
    stats: &TermStats,
    themes: &ThemeSet,
    by: Partition,
    alpha: f64,
    absences: Absences,
) -> Vec<KeyTerm> {
    // Partitions: (key, label, words, per-theme counts). Words as the report's tables count
    // them (`Totals::words_by_atelier`).
    let parts: Vec<(String, String, u64, Vec<u64>)> = match by {
        Partition::Atelier => {
            // Counts per atelier, filled theme by theme: one pass over the themes' lists, not a
            // search in each list for each atelier (353 × 1000 searches in lists of up to 353
            // entries for the Grand Débat as 353 text files).
            let mut counts = vec![vec![0u64; themes.themes.len()]; corpus.ateliers.len()];
            for (ti, t) in themes.themes.iter().enumerate() {
                for &(a, n) in &t.by_atelier {
                    if let Some(row) = counts.get_mut(a.index()) {
                        row[ti] = u64::from(n);
                    }
                }
            }
            corpus
                .ateliers
                .iter()
                .zip(counts)
                .map(|(a, counts)| {
                    (
                        a.key.clone(),
                        corpus.atelier_display(a.id),
                        stats.totals.words_by_atelier[a.id.index()],
                        counts,
                    )
                })
                .collect()
        }
        Partition::Event => {
            let by_event = stats.totals.words_by_event(corpus);
            corpus
                .events
                .iter()
                .map(|e| {
                    (
                        e.key.clone(),
                        e.title.clone(),
                        by_event[e.id.index()],
                        themes
                            .themes
                            .iter()
                            .map(|t| t.by_event[e.id.index()].count)
                            .collect(),
                    )
                })
                .collect()
        }
        Partition::Section => SectionKind::ALL
            .iter()
            .filter(|k| stats.totals.by_kind[kind_index(**k)] > 0)
            .map(|&k| {
                (
                    k.as_str().to_string(),
                    k.label_fr().to_string(),
                    stats.totals.words_by_kind[kind_index(k)],
                    themes
                        .themes
                        .iter()
                        .map(|t| {
                            t.by_section
                                .iter()
                                .find(|(x, _)| *x == k)
                                .map_or(0, |&(_, n)| u64::from(n))
                        })
                        .collect(),
                )
            })
            .collect(),
    };
    let total_words = stats.totals.words();
    let theme_labels: Vec<Arc<str>> = themes
        .themes
        .iter()
        .map(|t| t.label.as_str().into())
        .collect();
    // Partitions in parallel; `collect` keeps their order. A partition holding every word has
    // no rest to be compared with (a corpus of one atelier, one event): no row, rather than rows
    // of `words_out = 0` and a log ratio of 0 where it is undefined.
    parts
        .into_par_iter()
        .filter(|(_, _, n_in, _)| *n_in < total_words)
        .flat_map_iter(|(key, label, n_in, counts)| {
            let (key, label): (Arc<str>, Arc<str>) = (key.into(), label.into());
            let mut rows: Vec<KeyTerm> = themes
                .themes
                .iter()
                .zip(&counts)
                .zip(&theme_labels)
                .filter_map(|((t, &a), theme_label)| {
                    let b = t.occurrences.saturating_sub(a);
                    let n_out = total_words.saturating_sub(n_in);
                    let g = keyness_g2(a as f64, n_in as f64, b as f64, n_out as f64);
                    let p = p_value(g);
                    if a == 0 && absences == Absences::Significant && p >= alpha {
                        return None;
                    }
                    let lr = log_ratio(a as f64, n_in as f64, b as f64, n_out as f64);
                    Some(KeyTerm {
                        by,
                        partition: key.clone(),
                        partition_label: label.clone(),
                        theme: t.id,
                        label: theme_label.clone(),
                        count_in: a,
                        words_in: n_in,
                        count_out: b,
                        words_out: n_out,
                        g2: round4(g),
                        p_value: p,
                        log_ratio: round4(lr),
                        specific: lr > 0.0 && a >= MIN_SPECIFIC_COUNT && p < alpha,
                    })
                })
                .collect();
            rows.sort_by(|x, y| {
                y.specific
                    .cmp(&x.specific)
                    .then(y.g2.total_cmp(&x.g2))
                    .then_with(|| x.label.cmp(&y.label))
            });
            rows
        })
        .collect()
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
