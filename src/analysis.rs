//! The pipeline up to themes, in one call: corpus → statistics → themes.

use crate::corpus::Corpus;
use crate::error::Result;
use crate::progress::{Progress, Silent, Stage};
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
    ///
    /// Fails only when texts kept on disk, or the sentences the counting pass wrote down for the
    /// theme pass, could not be read back ([`crate::error::Error::TextsLost`],
    /// [`crate::error::Error::LogLost`]).
    pub fn run(
        corpus: Corpus,
        analyzer: &Analyzer,
        lexicon: Option<&Lexicon>,
        opts: &ThemeOptions,
    ) -> Result<Analysis> {
        Self::run_with(corpus, analyzer, lexicon, opts, &Silent)
    }

    /// [`Analysis::run`], telling `progress` how each pass over the corpus goes.
    pub fn run_with(
        corpus: Corpus,
        analyzer: &Analyzer,
        lexicon: Option<&Lexicon>,
        opts: &ThemeOptions,
        progress: &dyn Progress,
    ) -> Result<Analysis> {
        let bytes = corpus.text_bytes();
        progress.stage(Stage::Counting, bytes);
        // The counting pass writes its sentences down; the theme pass replays them.
        let (stats, log) = TermStats::collect_logged(&corpus, analyzer, progress);
        progress.stage(Stage::Finding, bytes);
        let themes = ThemeSet::extract_logged(
            &corpus,
            analyzer,
            &stats,
            lexicon,
            opts,
            log.as_ref(),
            progress,
        );
        corpus.check_texts()?;
        // Dropped here, before the report: the log has served.
        if let Some(e) = log.and_then(|l| l.read_error()) {
            return Err(crate::error::Error::LogLost(e));
        }
        Ok(Analysis {
            corpus,
            stats,
            themes,
        })
    }
}
