//! The pipeline up to themes, in one call: corpus → statistics → themes.

use crate::corpus::Corpus;
use crate::stats::TermStats;
use crate::text::Analyzer;
use crate::themes::{Lexicon, ThemeOptions, ThemeSet};

/// A corpus analysed up to its recurring themes.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The corpus.
    pub corpus: Corpus,
    /// Its term statistics.
    pub stats: TermStats,
    /// Its recurring themes.
    pub themes: ThemeSet,
}

impl Analysis {
    /// Runs the statistics and theme stages on a loaded corpus, in the current rayon pool.
    pub fn run(
        corpus: Corpus,
        analyzer: &Analyzer,
        lexicon: Option<&Lexicon>,
        opts: &ThemeOptions,
    ) -> Analysis {
        let stats = TermStats::collect(&corpus, analyzer);
        let themes = ThemeSet::extract(&corpus, analyzer, &stats, lexicon, opts);
        Analysis {
            corpus,
            stats,
            themes,
        }
    }
}
