//! The library's error type. Messages are in French, like every message of the command line
//! (filrouge's users are French public bodies); what the system says (`source`) stays as it
//! is.
//!
//! Errors live at the edges — loading files, reading a manifest, writing outputs. Once a corpus is
//! loaded the analysis is total, except that texts kept on disk must be read back
//! ([`Error::TextsLost`]), and so must the log of sentences the theme pass replays
//! ([`Error::LogLost`]). Per-file problems that do not stop a run (an undecodable or binary
//! file, say) are not errors but [`Skipped`](crate::corpus::Skipped) entries, reported alongside
//! the result.

use std::path::PathBuf;

/// Everything that can stop a library call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: lecture impossible : {source}")]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The manifest is malformed or inconsistent.
    #[error("{path}{}: manifeste invalide : {reason}", at_line(*line))]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// 1-based line of the problem, 0 when unknown.
        line: usize,
        /// What is wrong, and what to do about it.
        reason: String,
    },
    /// A user-supplied word list or lexicon is malformed.
    #[error("{path}{}: {reason}", at_line(*line))]
    Config {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem, 0 when unknown.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// An output could not be written.
    #[error("{path}: écriture impossible : {source}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The corpus holds nothing to analyse.
    #[error("{path}: aucun document à analyser ({reason})")]
    EmptyCorpus {
        /// The corpus path.
        path: PathBuf,
        /// Why nothing was found.
        reason: String,
    },
    /// Texts kept on disk during the run (see [`crate::corpus::store`]) could not be read back:
    /// the results would miss them.
    #[error("les textes du corpus n'ont pas pu être relus dans leur fichier temporaire : {0}")]
    TextsLost(String),
    /// The sentences the counting pass wrote down for the theme pass to replay (see
    /// [`crate::stats::TokenLog`]) could not be read back: the themes would miss documents.
    #[error("le journal des phrases du comptage n'a pas pu être relu : {0}")]
    LogLost(String),
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `:line` after a path in a message, or nothing when the line is unknown (0).
fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

/// A parser's message (the TOML reader's, quoted in ours) on one line: surrounding space
/// trimmed, line breaks as ` ; `.
pub fn one_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ; ")
}
