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
        source: system_said(source),
    }
}

/// What the system said, without what `tempfile` adds to it (`at path "…/.report.tmp-x1Y2"`:
/// a staging name the user never chose; the message names the output already). `tempfile`
/// keeps the system's error private, so its text is cut.
fn system_said(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(at) => std::io::Error::new(e.kind(), &text[..at]),
        None => e,
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
///
/// The staging folder (`.report.tmp-XXXXXX` beside `report`) holds a lock file for as long as
/// its run lives. A run killed outright (`kill -9`, a power cut) cannot remove its staging
/// folder: the next run for the same target finds it unlocked and removes it, with the old
/// folder a failed swap left aside. A folder still locked belongs to a run in progress and is
/// left alone.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: Option<tempfile::TempDir>,
    /// The lock file held while the run lives (inside the staging folder).
    lock: Option<std::fs::File>,
}

/// What [`StagedDir::commit`] did.
#[derive(Debug)]
pub struct Published {
    /// The folder now in place.
    pub path: PathBuf,
    /// The previous folder, moved aside but not removed (files the user may not delete), and
    /// why: the new folder is in place all the same.
    pub left_aside: Option<(PathBuf, std::io::Error)>,
}

/// The lock file inside a staging folder, removed before the folder is swapped in.
const LOCK_NAME: &str = ".filrouge-lock";

impl StagedDir {
    /// Prepares a staging folder beside `target` (which need not exist), after removing the
    /// staging folders that runs killed outright left beside it. Fails early when the parent
    /// folder cannot be written.
    pub fn new(target: &Path) -> Result<StagedDir> {
        // `.`, `..`, `report/.`: the folder itself, named from its parent (path components
        // drop a final `.`, so the text is looked at).
        let raw = target.as_os_str().to_string_lossy();
        let dotted = [".", ".."].iter().any(|d| {
            raw == *d || raw.ends_with(&format!("/{d}")) || raw.ends_with(&format!("/{d}/"))
        });
        let target = match std::path::absolute(target) {
            Ok(abs) if dotted || target.file_name().is_none() => abs.canonicalize().unwrap_or(abs),
            _ => target.to_path_buf(),
        };
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(write_err(&parent))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let prefix = format!(".{name}.tmp-");
        remove_abandoned(&parent, &prefix, &target);
        let staging = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(write_err(&target))?;
        let lock_path = staging.path().join(LOCK_NAME);
        let lock = std::fs::File::create(&lock_path).map_err(write_err(&lock_path))?;
        // A file system without locks: the folder is still ours, only not protected.
        let _ = lock.try_lock();
        Ok(StagedDir {
            target,
            staging: Some(staging),
            lock: Some(lock),
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
    /// and removed once the new one is in place; if it cannot be removed, the new folder stays
    /// in place and [`Published::left_aside`] says where the old one is and why.
    pub fn commit(mut self) -> Result<Published> {
        let staging_dir = self.staging.take().expect("staging present until commit");
        let _ = std::fs::remove_file(staging_dir.path().join(LOCK_NAME));
        // Closed before the folder is renamed (a folder holding an open file cannot be renamed
        // on some systems); meanwhile the folder, just written, is too young to be taken for an
        // abandoned one.
        drop(self.lock.take());
        let staging = staging_dir.keep();
        // Named after the staging folder, so unique: an old folder left aside by an earlier
        // run is never in the way.
        let aside = PathBuf::from(format!("{}-old", staging.display()));
        let old = if self.target.exists() {
            if let Err(e) = std::fs::rename(&self.target, &aside) {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(Error::Write {
                    path: self.target.clone(),
                    source: e,
                });
            }
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
        let left_aside = old.and_then(|aside| match std::fs::remove_dir_all(&aside) {
            Ok(()) => None,
            Err(e) => Some((aside, e)),
        });
        Ok(Published {
            path: self.target.clone(),
            left_aside,
        })
    }
}

/// How long a staging folder is left alone, whatever its lock says: a run creates its folder, then
/// its lock file, then locks it; and closes the lock just before the swap. Ten seconds cover these
/// few system calls many times over.
const YOUNG_SECS: u64 = 10;

/// How long an unlocked-looking staging folder is kept where locks do not work (an `ENOLCK` file
/// system): a day, longer than any run.
const NO_LOCKS_SECS: u64 = 24 * 3600;

/// Removes the folders named `prefix…` in `parent` that no live run holds: staging folders of
/// runs killed outright, and old folders a swap left aside — or puts such an old folder back as
/// `target` when there is none (a run killed between moving the old report aside and putting the
/// new one in place). Errors are ignored (another run may be removing the same folder; a folder
/// the user may not delete stays).
fn remove_abandoned(parent: &Path, prefix: &str, target: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    // Staging folders first: an old folder set aside is kept while its staging folder is there.
    let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name().to_string_lossy().ends_with("-old"));
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(prefix) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .map_or(0, |a| a.as_secs());
        let abandoned = if let Some(staging) = name.strip_suffix("-old") {
            // An old folder set aside by a swap: its run removes it, or puts it back if the
            // swap fails, while its staging folder exists.
            !parent.join(staging).exists()
        } else if age <= YOUNG_SECS {
            false
        } else {
            // A staging folder is abandoned when its lock file can be locked; without a lock
            // file (a run killed before staging folders had locks), when it is older than a
            // young one.
            match std::fs::File::open(dir.join(LOCK_NAME)) {
                Ok(f) => match f.try_lock() {
                    Ok(()) => true,
                    Err(std::fs::TryLockError::WouldBlock) => false,
                    // Locks do not work here: only a folder older than any run.
                    Err(std::fs::TryLockError::Error(_)) => age > NO_LOCKS_SECS,
                },
                Err(_) => true,
            }
        };
        if abandoned {
            if name.ends_with("-old") && !target.exists() && std::fs::rename(&dir, target).is_ok() {
                continue;
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder that cannot be staged is named with what the system said, not with the
    /// staging name `tempfile` adds (`at path "…/.report.tmp-x1Y2"`).
    #[test]
    fn a_write_error_names_the_output_not_the_staging_folder() {
        let root = tempfile::tempdir().unwrap();
        let missing = root.path().join("absent");
        let e = tempfile::Builder::new().tempdir_in(&missing).unwrap_err();
        assert!(e.to_string().contains("at path"), "{e}");
        let said = system_said(e).to_string();
        assert!(said.ends_with("(os error 2)"), "{said}");
        assert!(!said.contains("absent"), "{said}");
        let own = std::io::Error::from_raw_os_error(13);
        assert_eq!(system_said(own).raw_os_error(), Some(13));
    }

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
        let published = staged.commit().unwrap();
        assert!(published.left_aside.is_none());
        assert!(!target.join("old.txt").exists());
        assert_eq!(std::fs::read(target.join("data/x.csv")).unwrap(), b"a,b\n");
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
        let inside: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(inside, ["data"], "no lock file published");
    }

    /// What a run killed outright leaves (its staging folder, an old folder set aside) is
    /// removed by the next run for the same target; a run in progress keeps its folder.
    #[test]
    fn leftovers_of_killed_runs_are_removed_not_those_of_live_ones() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        let names = || -> Vec<String> {
            let mut n: Vec<String> = std::fs::read_dir(root.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        // Written two minutes ago: past the age where a folder may be young.
        let age = |dir: &Path| {
            let then = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
            std::fs::File::open(dir)
                .unwrap()
                .set_modified(then)
                .unwrap();
        };
        // A live run: its folder must survive the next run's start, by its lock.
        let live = StagedDir::new(&target).unwrap();
        live.write("index.html", b"live").unwrap();
        age(live.path());
        // A killed run: its folder and lock file stay, nobody holds the lock.
        let killed = root.path().join(".report.tmp-k1ll3d");
        std::fs::create_dir_all(killed.join("data")).unwrap();
        std::fs::write(killed.join(LOCK_NAME), b"").unwrap();
        age(&killed);
        // The same, just made: it may be a run between its folder and its lock.
        let young = root.path().join(".report.tmp-y0ung0");
        std::fs::create_dir(&young).unwrap();
        std::fs::write(young.join(LOCK_NAME), b"").unwrap();
        // One killed before staging folders had locks.
        let legacy = root.path().join(".report.tmp-l3gacy");
        std::fs::create_dir(&legacy).unwrap();
        age(&legacy);
        // An old folder a swap could not remove, non-empty.
        let aside = root.path().join(".report.tmp-abc123-old");
        std::fs::create_dir_all(aside.join("data")).unwrap();
        std::fs::write(aside.join("data/f"), b"x").unwrap();
        // An old folder whose run is swapping (its staging folder is there): it may be put back.
        let swapping = root.path().join(".report.tmp-y0ung0-old");
        std::fs::create_dir(&swapping).unwrap();
        // An unrelated hidden folder.
        std::fs::create_dir(root.path().join(".other.tmp-x")).unwrap();
        let next = StagedDir::new(&target).unwrap();
        let left = names();
        assert!(!aside.exists(), "{left:?}");
        assert!(!killed.exists(), "{left:?}");
        assert!(!legacy.exists(), "{left:?}");
        assert!(young.exists(), "{left:?}");
        assert!(swapping.exists(), "{left:?}");
        assert!(live.path().exists(), "{left:?}");
        assert!(next.path().exists());
        assert!(left.contains(&".other.tmp-x".to_string()));
        next.write("index.html", b"next").unwrap();
        let published = next.commit().unwrap();
        assert_eq!(
            std::fs::read(published.path.join("index.html")).unwrap(),
            b"next"
        );
        live.commit().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"live");
    }

    /// A run killed between moving the old report aside and putting the new one in place left
    /// no report: the next run puts the old one back before it starts (and replaces it when
    /// done).
    #[test]
    fn an_old_report_left_aside_with_no_report_in_place_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        let aside = root.path().join(".report.tmp-k1ll3d-old");
        std::fs::create_dir_all(aside.join("data")).unwrap();
        std::fs::write(aside.join("run.json"), b"{}").unwrap();
        let next = StagedDir::new(&target).unwrap();
        assert!(!aside.exists());
        assert_eq!(std::fs::read(target.join("run.json")).unwrap(), b"{}");
        drop(next);
        assert!(
            target.join("run.json").exists(),
            "a failed run leaves it in place"
        );
    }

    /// `.` as the target is the current folder, named from its parent: staged beside it, not
    /// inside it.
    #[test]
    fn a_dot_target_is_staged_beside_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        std::fs::create_dir(&target).unwrap();
        // `report/.` too: its components drop the `.`, its text does not.
        let dotted = PathBuf::from(format!("{}/.", target.display()));
        let staged = StagedDir::new(&dotted).unwrap();
        staged.write("index.html", b"x").unwrap();
        assert_eq!(
            staged.path().parent().unwrap().canonicalize().unwrap(),
            root.path().canonicalize().unwrap()
        );
        let published = staged.commit().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"x");
        assert!(published.left_aside.is_none());
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
