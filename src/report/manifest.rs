//! The run manifest (`run.json`): what was analysed, how, by which version, so that a run can
//! be cited and checked. No timestamp and no duration: the same inputs and options give the
//! same bytes.

use std::collections::BTreeSet;
use std::path::Path;

use super::{Params, Pseudonymizer};
use crate::corpus::{Corpus, Fingerprint, SkipReason};
use rayon::prelude::*;
use serde::Serialize;

/// An input file and its fingerprint.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// Path relative to the corpus root (for option files: the file name).
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

impl InputFile {
    /// An input shown as `shown`, with its fingerprint.
    pub fn new(shown: String, print: &Fingerprint) -> InputFile {
        InputFile {
            path: shown,
            bytes: print.bytes,
            sha256: print.sha256_hex(),
        }
    }

    /// Fingerprints a file given by the user (a lexicon, a stop word list); records its name only.
    pub fn of(path: &Path) -> Result<InputFile, crate::Error> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        hash_file(path, name)
    }
}

fn hash_file(path: &Path, shown: String) -> Result<InputFile, crate::Error> {
    let print = Fingerprint::read(path).map_err(|source| crate::Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(InputFile::new(shown, &print))
}

/// A skipped input in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedInput {
    /// `path` or `path:line`.
    pub location: String,
    /// Why (machine name and detail).
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// The content of `run.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RunManifest {
    /// Always `filrouge`.
    pub tool: String,
    /// Its version.
    pub version: String,
    /// The options of the run.
    pub options: Params,
    /// The corpus title.
    pub corpus_title: Option<String>,
    /// Input files (manifest and documents), each once, by path.
    pub inputs: Vec<InputFile>,
    /// Files analysed.
    pub analysed_files: usize,
    /// Documents analysed (a JSON Lines file holds several).
    pub documents: usize,
    /// Skipped inputs, with reasons.
    pub skipped: Vec<SkippedInput>,
    /// Counts of skipped inputs per reason (machine name).
    pub skipped_by_reason: Vec<(String, usize)>,
    /// Inputs analysed with a warning (a file decoded as Windows-1252…), in French.
    pub warnings: Vec<crate::corpus::overview::WarningOverview>,
    /// Files of the report folder (filled by [`super::render`]).
    pub outputs: Vec<String>,
}

fn reason_name(r: &SkipReason) -> &'static str {
    match r {
        SkipReason::Empty => "empty",
        SkipReason::Binary => "binary",
        SkipReason::NotFound => "not_found",
        SkipReason::Unreadable(_) => "unreadable",
        SkipReason::Unsupported => "unsupported",
        SkipReason::NotAFile => "not_a_file",
        SkipReason::FolderDocumentation => "folder_documentation",
        SkipReason::InvalidJson(_) => "invalid_json",
        SkipReason::MissingText(_) => "missing_text",
        SkipReason::NotText { .. } => "not_text",
        SkipReason::Corrupt(_) => "corrupt",
        SkipReason::TooLarge { .. } => "too_large",
        SkipReason::NoTextLayer => "no_text_layer",
        SkipReason::Encrypted => "encrypted",
        SkipReason::WrongContent { .. } => "wrong_content",
        SkipReason::MissingColumn { .. } => "missing_column",
    }
}

/// A path relative to the corpus root as a run manifest shows it: `/` between components.
fn shown(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The input files of a corpus (its manifest and the files its documents come from), each
/// once, by path relative to the corpus root, fingerprinted: the [`RunManifest::inputs`] of a
/// run. The fingerprints are those the corpus took of the bytes it read
/// ([`Corpus::fingerprint`]); a file it has none for (a reading that stopped on an error, a
/// manifest not read) is read and hashed now, in parallel in the current rayon pool.
pub fn fingerprint_inputs(
    corpus: &Corpus,
    p: &Pseudonymizer,
) -> Result<Vec<InputFile>, crate::Error> {
    // One path per file, looked up once per run of its documents: collecting a path per
    // document first (what `collect` into a set does) held millions of them on a large JSON
    // Lines corpus, and a look-up per document (paths compared component by component) took
    // 2 s of one thread for the 6.3 million answers of the 1 GB corpus. The documents of one
    // file come together and share one `Arc` of its path: a pointer comparison passes them.
    let mut paths: BTreeSet<std::path::PathBuf> = BTreeSet::new();
    let mut last = None;
    for d in &corpus.documents {
        if last.is_some_and(|l| std::sync::Arc::ptr_eq(l, &d.path)) {
            continue;
        }
        last = Some(&d.path);
        if !paths.contains(&*d.path) {
            paths.insert(d.path.to_path_buf());
        }
    }
    if let Some(m) = corpus.manifest_file() {
        paths.insert(m.to_path_buf());
    }
    let paths: Vec<std::path::PathBuf> = paths.into_iter().collect();
    paths
        .par_iter()
        .map(|rel| {
            let shown = shown(rel);
            match corpus.fingerprint(rel) {
                Some(print) => Ok(InputFile::new(p.apply(&shown), print)),
                None => hash_file(&corpus.root.join(rel), p.apply(&shown)),
            }
        })
        .collect()
}

impl RunManifest {
    /// The manifest of a run, given its fingerprinted inputs ([`fingerprint_inputs`]).
    pub fn build(
        corpus: &Corpus,
        inputs: Vec<InputFile>,
        params: &Params,
        p: &Pseudonymizer,
    ) -> RunManifest {
        // The inputs are the analysed files, and the corpus manifest when there is one.
        let manifest = corpus.manifest_file().map(|m| p.apply(&shown(m)));
        let analysed_files = inputs
            .iter()
            .filter(|i| Some(&i.path) != manifest.as_ref())
            .count();
        let skipped: Vec<SkippedInput> = corpus
            .skipped
            .iter()
            .map(|s| SkippedInput {
                location: p.apply(&match s.line {
                    Some(l) => format!("{}:{l}", s.path.display()),
                    None => s.path.display().to_string(),
                }),
                reason: s.reason.clone(),
            })
            .collect();
        let mut by: std::collections::BTreeMap<String, usize> = Default::default();
        for s in &corpus.skipped {
            *by.entry(reason_name(&s.reason).to_string()).or_default() += 1;
        }
        RunManifest {
            tool: "filrouge".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            options: params.clone(),
            corpus_title: corpus.title.as_deref().map(|t| p.apply(t)),
            inputs,
            analysed_files,
            documents: corpus.documents.len(),
            skipped,
            skipped_by_reason: by.into_iter().collect(),
            // Pseudonymised as the report shows them.
            warnings: corpus
                .warnings
                .iter()
                .map(crate::corpus::overview::WarningOverview::of)
                .map(|w| crate::corpus::overview::WarningOverview {
                    location: p.apply(&w.location),
                    message: p.apply(&w.message),
                })
                .collect(),
            outputs: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An input the corpus read is listed with the fingerprint taken then, even if it has changed
    /// or gone since; every input of a corpus loaded without fingerprints is read when listed.
    /// The manifest listed is the one read, whatever its name.
    #[test]
    fn inputs_carry_the_fingerprints_of_the_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# Atelier\n\nLa confiance.\n").unwrap();
        std::fs::write(dir.path().join("b.txt"), "Le droit à l'erreur.\r\n").unwrap();
        let load = |fingerprints| {
            let opts = crate::corpus::LoadOptions {
                fingerprints,
                ..Default::default()
            };
            Corpus::load_with(dir.path(), &opts).unwrap()
        };
        let (corpus, plain) = (load(true), load(false));
        // Changed, and removed, after the reading: the run describes what was analysed.
        std::fs::write(dir.path().join("a.md"), "autre chose").unwrap();
        std::fs::remove_file(dir.path().join("b.txt")).unwrap();
        let inputs = fingerprint_inputs(&corpus, &Pseudonymizer::identity()).unwrap();
        let listed: Vec<(&str, u64, &str)> = inputs
            .iter()
            .map(|i| (i.path.as_str(), i.bytes, i.sha256.as_str()))
            .collect();
        let a = Fingerprint::of(b"# Atelier\n\nLa confiance.\n");
        let b = Fingerprint::of("Le droit à l'erreur.\r\n".as_bytes());
        assert_eq!(
            listed,
            [
                ("a.md", a.bytes, a.sha256_hex().as_str()),
                ("b.txt", b.bytes, b.sha256_hex().as_str()),
            ]
        );
        // Without fingerprints from the load, the files are read when listed: `a.md` as it is
        // now, and `b.txt`, gone, is an error naming it.
        match fingerprint_inputs(&plain, &Pseudonymizer::identity()) {
            Err(crate::Error::Read { path, .. }) => assert!(path.ends_with("b.txt"), "{path:?}"),
            other => panic!("{other:?}"),
        }
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        let inputs = fingerprint_inputs(&plain, &Pseudonymizer::identity()).unwrap();
        assert_eq!(
            inputs[0].sha256,
            Fingerprint::of(b"autre chose").sha256_hex()
        );
        // A manifest given by path is the one listed, not skipped as an unsupported file; a
        // `filrouge.toml` beside it, not read, is not listed.
        std::fs::write(dir.path().join("b.txt"), "Le droit à l'erreur.\r\n").unwrap();
        std::fs::write(dir.path().join("autre.toml"), "title = \"T\"\n").unwrap();
        std::fs::write(dir.path().join("filrouge.toml"), "title = \"U\"\n").unwrap();
        let opts = crate::corpus::LoadOptions {
            fingerprints: true,
            ..Default::default()
        };
        let given = Corpus::load_with(&dir.path().join("autre.toml"), &opts).unwrap();
        assert_eq!(given.manifest_file(), Some(Path::new("autre.toml")));
        assert!(given.skipped.is_empty(), "{:?}", given.skipped);
        let inputs = fingerprint_inputs(&given, &Pseudonymizer::identity()).unwrap();
        let paths: Vec<&str> = inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "autre.toml", "b.txt"]);
        assert_eq!(
            inputs[1].sha256,
            Fingerprint::of(b"title = \"T\"\n").sha256_hex()
        );
        // The folder given: its `filrouge.toml`.
        let folder = Corpus::load_with(dir.path(), &opts).unwrap();
        assert_eq!(folder.manifest_file(), Some(Path::new("filrouge.toml")));
        // A data file given: no manifest.
        let single = Corpus::load_with(&dir.path().join("a.md"), &opts).unwrap();
        assert_eq!(single.manifest_file(), None);
        let inputs = fingerprint_inputs(&single, &Pseudonymizer::identity()).unwrap();
        assert_eq!(inputs.len(), 1);
    }
}
