//! Writing outputs without ever leaving a half-written file or folder.
//!
//! A file is written to a temporary file in the same folder, flushed, then renamed over the
//! target (a rename within one file system is atomic). A folder of outputs is built as a
//! temporary sibling folder, then swapped in: a failed run leaves the previous outputs as they
//! were.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(write_err(path))?;
    tmp.write_all(bytes).map_err(write_err(path))?;
    tmp.as_file().sync_all().map_err(write_err(path))?;
    tmp.persist(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// A folder of outputs being built next to its final place; [`StagedDir::commit`] swaps it in.
/// Dropped without a commit, it is removed and the final place is left untouched.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: Option<tempfile::TempDir>,
}

impl StagedDir {
    /// Prepares a staging folder beside `target` (which need not exist). Fails early when the
    /// parent folder cannot be written.
    pub fn new(target: &Path) -> Result<StagedDir> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(write_err(&parent))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(&parent)
            .map_err(write_err(&parent))?;
        Ok(StagedDir {
            target: target.to_path_buf(),
            staging: Some(staging),
        })
    }

    /// The staging folder: write outputs here.
    pub fn path(&self) -> &Path {
        self.staging
            .as_ref()
            .map(|s| s.path())
            .unwrap_or(&self.target)
    }

    /// Writes one file (creating its folders) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        std::fs::write(&path, bytes).map_err(write_err(&path))
    }

    /// Creates one file (and its folders) inside the staging folder, to be written by the
    /// caller (through a buffer: a `File` writes each call through).
    pub fn create(&self, rel: &str) -> Result<std::fs::File> {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        std::fs::File::create(&path).map_err(write_err(&path))
    }

    /// Replaces the target folder by the staging folder. The old target is moved aside first
    /// and removed only once the new one is in place.
    pub fn commit(mut self) -> Result<PathBuf> {
        let staging = self
            .staging
            .take()
            .expect("staging present until commit")
            .keep();
        let old = if self.target.exists() {
            let aside = staging.with_extension("old");
            std::fs::rename(&self.target, &aside).map_err(write_err(&self.target))?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staging, &self.target) {
            if let Some(aside) = &old {
                let _ = std::fs::rename(aside, &self.target);
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::Write {
                path: self.target.clone(),
                source: e,
            });
        }
        if let Some(aside) = old {
            std::fs::remove_dir_all(&aside).map_err(write_err(&aside))?;
        }
        Ok(self.target.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_dir_replaces_or_leaves_alone() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.txt"), "old").unwrap();
        {
            let staged = StagedDir::new(&target).unwrap();
            staged.write("index.html", b"half").unwrap();
            // Dropped without commit: nothing changes.
        }
        assert!(target.join("old.txt").exists());
        assert!(!target.join("index.html").exists());
        let staged = StagedDir::new(&target).unwrap();
        staged.write("data/x.csv", b"a,b\n").unwrap();
        staged.commit().unwrap();
        assert!(!target.join("old.txt").exists());
        assert_eq!(std::fs::read(target.join("data/x.csv")).unwrap(), b"a,b\n");
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn atomic_file() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path().join("g.graphml");
        write_atomic(&p, b"<graphml/>").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"<graphml/>");
        assert!(write_atomic(&root.path().join("missing/g.graphml"), b"x").is_err());
    }
}
