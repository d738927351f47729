//! The run manifest (`run.json`): what was analysed, how, by which build (version and commit),
//! so that a run can be cited, checked and run again. No timestamp, no duration, no output
//! folder: the same inputs and options give the same bytes.

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
}

/// A file given by option (a lexicon, a stop word list), as `run.json` records it: where it was
/// given and where that is, so that the run can be repeated with the same file, and its
/// fingerprint, to check it is the same.
#[derive(Debug, Clone, Serialize)]
pub struct GivenFile {
    /// The path as given on the command line.
    pub path: String,
    /// Its canonical absolute path (`None` if it could not be resolved).
    pub absolute: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

impl GivenFile {
    /// Fingerprints a file given by the user; an unreadable one is an error naming it.
    pub fn of(path: &Path) -> Result<GivenFile, crate::Error> {
        let print = Fingerprint::read(path).map_err(|source| crate::Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(GivenFile {
            path: path.display().to_string(),
            absolute: absolute(path),
            bytes: print.bytes,
            sha256: print.sha256_hex(),
        })
    }

    /// Its file name, as the report shows it (the folders above are in `run.json`).
    pub fn name(&self) -> &str {
        Path::new(&self.path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.path)
    }
}

/// The canonical absolute path of `path`, if it exists.
fn absolute(path: &Path) -> Option<String> {
    path.canonicalize().ok().map(|p| p.display().to_string())
}

/// How a run was asked for, as the command line gave it: what a reader needs to run it again.
/// The output folder is left out (`run.json` is in it, and two runs into two folders give the
/// same bytes).
#[derive(Debug, Clone, Serialize)]
pub struct Invocation {
    /// The command's arguments after the program's name, the output folder's value replaced by
    /// [`OUT_PLACEHOLDER`].
    pub arguments: Vec<String>,
    /// The corpus path as given (a folder, a manifest, a file).
    pub corpus: String,
    /// Its canonical absolute path (`None` if it could not be resolved).
    pub corpus_absolute: Option<String>,
    /// The outputs asked for (`--format`).
    pub formats: super::Formats,
    /// Where the texts were kept during the run (`--texts`).
    pub texts: crate::corpus::TextStorage,
}

/// What [`Invocation::arguments`] shows in place of the output folder.
pub const OUT_PLACEHOLDER: &str = "<dossier du rapport>";

impl Invocation {
    /// The invocation of `filrouge analyze` given its arguments (after the program's name): the
    /// value of `--out` (`--out DIR` or `--out=DIR`) is replaced by [`OUT_PLACEHOLDER`].
    pub fn new(
        arguments: &[std::ffi::OsString],
        corpus: &Path,
        formats: super::Formats,
        texts: crate::corpus::TextStorage,
    ) -> Invocation {
        let mut shown = Vec::with_capacity(arguments.len());
        let mut after_out = false;
        for a in arguments {
            let a = a.to_string_lossy();
            if after_out {
                shown.push(OUT_PLACEHOLDER.to_string());
                after_out = false;
            } else if a == "--out" {
                shown.push(a.into_owned());
                after_out = true;
            } else if a.starts_with("--out=") {
                shown.push(format!("--out={OUT_PLACEHOLDER}"));
            } else {
                shown.push(a.into_owned());
            }
        }
        Invocation {
            arguments: shown,
            corpus: corpus.display().to_string(),
            corpus_absolute: absolute(corpus),
            formats,
            texts,
        }
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
    /// Its version, the commit it was built from and whether its sources were modified
    /// (`version`, `commit`, `tree_modified`).
    #[serde(flatten)]
    pub build: crate::build_info::BuildInfo,
    /// How the run was asked for (`None` when the library was called without saying).
    pub invocation: Option<Invocation>,
    /// The options of the run.
    pub options: Params,
    /// The canonical absolute path of the corpus manifest read, if one was (it is listed in
    /// [`RunManifest::inputs`] by its path relative to the corpus).
    pub corpus_manifest: Option<String>,
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
    /// The manifest of a run, given its fingerprinted inputs ([`fingerprint_inputs`]) and how
    /// it was asked for. Paths and arguments are pseudonymised as the inputs are.
    pub fn build(
        corpus: &Corpus,
        inputs: Vec<InputFile>,
        params: &Params,
        invocation: Option<&Invocation>,
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
        let red_path = |s: &Option<String>| s.as_deref().map(|s| p.apply(s));
        let invocation = invocation.map(|i| Invocation {
            arguments: i.arguments.iter().map(|a| p.apply(a)).collect(),
            corpus: p.apply(&i.corpus),
            corpus_absolute: red_path(&i.corpus_absolute),
            ..i.clone()
        });
        let mut options = params.clone();
        for f in [&mut options.lexicon, &mut options.stopwords]
            .into_iter()
            .flatten()
        {
            f.path = p.apply(&f.path);
            f.absolute = red_path(&f.absolute);
        }
        RunManifest {
            tool: "filrouge".into(),
            build: crate::build_info::BUILD,
            invocation,
            options,
            corpus_manifest: red_path(
                &corpus
                    .manifest_file()
                    .and_then(|m| absolute(&corpus.root.join(m))),
            ),
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

    /// The output folder is left out of the arguments recorded, in both spellings of `--out`,
    /// and nothing else is changed: two runs into two folders record the same invocation.
    #[test]
    fn the_invocation_leaves_the_output_folder_out() {
        let args = |list: &[&str]| -> Vec<std::ffi::OsString> {
            list.iter().map(std::ffi::OsString::from).collect()
        };
        let formats = super::super::Formats::default();
        let texts = crate::corpus::TextStorage::Disk;
        let corpus = Path::new("absent-corpus");
        let a = Invocation::new(
            &args(&["analyze", "absent-corpus", "--out", "/tmp/a", "--top", "5"]),
            corpus,
            formats,
            texts,
        );
        assert_eq!(
            a.arguments,
            [
                "analyze",
                "absent-corpus",
                "--out",
                OUT_PLACEHOLDER,
                "--top",
                "5"
            ]
        );
        let b = Invocation::new(
            &args(&["analyze", "--out=/tmp/b", "absent-corpus", "--out-x"]),
            corpus,
            formats,
            texts,
        );
        assert_eq!(
            b.arguments,
            [
                "analyze",
                &format!("--out={OUT_PLACEHOLDER}"),
                "absent-corpus",
                "--out-x"
            ]
        );
        // A corpus that does not resolve has no absolute path, and says so.
        assert_eq!(a.corpus, "absent-corpus");
        assert_eq!(a.corpus_absolute, None);
    }

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
