//! Records which commit the program is built from, for `filrouge --version` and `run.json`
//! (see `src/build_info.rs`): the rankings change from one commit to the next, and a report must
//! say which build made it.
//!
//! Sets two variables for the compiler:
//! - `FILROUGE_COMMIT`: the commit (`git rev-parse HEAD`), empty when unknown;
//! - `FILROUGE_TREE_MODIFIED`: `true` when the tracked files the program is built from
//!   ([`SOURCES`]) differ from that commit (`git status --porcelain --untracked-files=no` says
//!   something of them), `false` when not, empty when unknown. A changed README or test does not
//!   change the program, and does not count.
//!
//! Unknown when the sources are not a git checkout of their own (a tarball, a crate unpacked
//! inside another repository) or git is missing or fails: the build never fails for that.
//!
//! It runs again when the commit changes (`HEAD`, the branch's ref, `packed-refs`) and when the
//! sources do, so the modified flag follows edits without running at every build. Git is asked
//! not to refresh its index (`--no-optional-locks`): the build leaves the repository as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the program is built from: a change to one of them, against the commit, is a modified
/// build.
const SOURCES: [&str; 5] = ["build.rs", "Cargo.toml", "Cargo.lock", "src", "data"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    for watched in SOURCES {
        println!("cargo:rerun-if-changed={watched}");
    }
    let (commit, modified) = match git_dir(&root) {
        Some(git) => {
            // Only files that exist: cargo runs the script at every build for a missing one.
            let mut refs = vec![git.join("HEAD"), git.join("packed-refs")];
            // The branch's ref file, which a commit moves.
            if let Some(branch) = git_out(&root, &["symbolic-ref", "-q", "HEAD"]) {
                refs.push(git.join(branch));
            }
            for f in refs.iter().filter(|f| f.is_file()) {
                println!("cargo:rerun-if-changed={}", f.display());
            }
            let commit = git_out(&root, &["rev-parse", "--verify", "-q", "HEAD"])
                .filter(|c| c.len() >= 40 && c.bytes().all(|b| b.is_ascii_hexdigit()));
            let mut status = vec!["status", "--porcelain", "--untracked-files=no", "--"];
            status.extend(SOURCES);
            let modified = commit
                .as_ref()
                .and_then(|_| git_raw(&root, &status).map(|s| !s.trim().is_empty()));
            (commit, modified)
        }
        None => (None, None),
    };
    println!(
        "cargo:rustc-env=FILROUGE_COMMIT={}",
        commit.unwrap_or_default()
    );
    println!(
        "cargo:rustc-env=FILROUGE_TREE_MODIFIED={}",
        modified.map_or(String::new(), |m| m.to_string())
    );
}

/// The git folder of the repository whose top is `root`, or `None`: no git, no repository, or
/// a repository around `root` (the sources unpacked inside another project) whose commit would
/// not be theirs.
fn git_dir(root: &Path) -> Option<PathBuf> {
    let top = git_out(root, &["rev-parse", "--show-toplevel"])?;
    let same = match (Path::new(&top).canonicalize(), root.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same {
        return None;
    }
    let dir = PathBuf::from(git_out(root, &["rev-parse", "--git-dir"])?);
    Some(if dir.is_absolute() {
        dir
    } else {
        root.join(dir)
    })
}

/// The standard output of `git args` run in `root`, trimmed, if it succeeded and said something.
fn git_out(root: &Path, args: &[&str]) -> Option<String> {
    let out = git_raw(root, args)?;
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_string())
}

/// The standard output of `git args` run in `root`, if git ran and succeeded.
fn git_raw(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("--no-optional-locks")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()
}
