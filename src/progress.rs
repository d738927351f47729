//! Progress of a long run, told to whoever shows it.
//!
//! The library never prints: the stages that read the whole corpus call a [`Progress`] they are
//! given — which stage starts and how many bytes of text it will go through, then how many bytes
//! are done, and anything met that makes the run slower without changing its results (a
//! [`Notice`]) — and the caller decides what to show. The CLI draws a progress bar with throughput
//! and ETA on a terminal and prints notices as warnings; a library user can log, or pass
//! [`Silent`].
//!
//! Calls come from the worker threads of the current rayon pool, once per block of documents
//! (at most once per document), so an implementation must be cheap and thread-safe (an atomic
//! add).

/// A stage of the pipeline that goes through the whole corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// First pass: tokens, stems and counts.
    Counting,
    /// The first pass's second step: exact counts of the word sequences that may recur,
    /// replaying its sentences (see [`crate::stats::TermStats::collect_logged`]).
    Recounting,
    /// Second pass: where each candidate theme occurs, with quotes and co-occurrences.
    Finding,
}

impl Stage {
    /// A short French name, for a progress bar.
    pub fn label_fr(self) -> &'static str {
        match self {
            Stage::Counting => "comptage",
            Stage::Recounting => "recompte",
            Stage::Finding => "thèmes",
        }
    }
}

/// Something a long run met that changes how it goes, not what it finds: worth telling the
/// person who waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// The counting pass could not write its sentences down for the theme pass (the reason:
    /// a temporary file that could not be created or written, a block too large to log). The
    /// theme pass tokenises the texts again: the same themes, found more slowly.
    LogDropped(String),
}

/// Receives the progress of a run. Both methods are called from worker threads.
pub trait Progress: Sync {
    /// A stage starts, and will go through `total_bytes` bytes of text.
    fn stage(&self, stage: Stage, total_bytes: u64);
    /// `bytes` more bytes of the current stage are done.
    fn advance(&self, bytes: u64);
    /// The run met something worth telling (see [`Notice`]); ignored unless implemented.
    fn notice(&self, _notice: &Notice) {}
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _stage: Stage, _total_bytes: u64) {}
    fn advance(&self, _bytes: u64) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records what it is told, to check the pipeline's calls.
    #[derive(Default)]
    pub(crate) struct Recorder {
        pub(crate) log: Mutex<Vec<(Stage, u64, u64)>>,
    }

    impl Progress for Recorder {
        fn stage(&self, stage: Stage, total_bytes: u64) {
            self.log.lock().unwrap().push((stage, total_bytes, 0));
        }
        fn advance(&self, bytes: u64) {
            if let Some(last) = self.log.lock().unwrap().last_mut() {
                last.2 += bytes;
            }
        }
    }

    #[test]
    fn each_pass_reports_all_of_its_bytes() {
        let corpus = crate::corpus::Corpus::load(std::path::Path::new("corpus")).unwrap();
        let analyzer = crate::text::Analyzer::french();
        let rec = Recorder::default();
        let _ = crate::analysis::Analysis::run_with(
            corpus,
            &analyzer,
            None,
            &crate::themes::ThemeOptions::default(),
            &rec,
        )
        .unwrap();
        let log = rec.log.into_inner().unwrap();
        assert_eq!(
            log.iter().map(|l| l.0).collect::<Vec<_>>(),
            [Stage::Counting, Stage::Recounting, Stage::Finding]
        );
        for (stage, total, done) in log {
            assert!(total > 10_000, "{stage:?}: {total} bytes");
            assert_eq!(done, total, "{stage:?}: all bytes reported");
        }
    }
}
