//! Which build of filrouge is running: its version and the commit it was built from, recorded
//! by `build.rs` at build time. Rankings change between commits while the version number stays,
//! so `filrouge --version`, the report and `run.json` name the commit.

use serde::Serialize;

/// A build of filrouge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BuildInfo {
    /// The package version (`Cargo.toml`).
    pub version: &'static str,
    /// The commit built (40 hex digits), or `None` when the sources were not a git checkout (a
    /// tarball) or git was missing.
    pub commit: Option<&'static str>,
    /// Whether the sources the program is built from (`src`, `data`, `build.rs`, `Cargo.toml`,
    /// `Cargo.lock`) differed from that commit; `None` when the commit is unknown.
    pub tree_modified: Option<bool>,
}

/// This build.
pub const BUILD: BuildInfo = BuildInfo {
    version: env!("CARGO_PKG_VERSION"),
    commit: non_empty(env!("FILROUGE_COMMIT")),
    tree_modified: flag(env!("FILROUGE_TREE_MODIFIED")),
};

const fn non_empty(s: &'static str) -> Option<&'static str> {
    if s.is_empty() { None } else { Some(s) }
}

const fn flag(s: &str) -> Option<bool> {
    match s.as_bytes() {
        b"true" => Some(true),
        b"false" => Some(false),
        _ => None,
    }
}

impl BuildInfo {
    /// The commit as people read it: its first 12 hex digits, `+` after when the sources were
    /// modified (`fb54b9d1c2e3+`), or `None` when unknown.
    pub fn short_commit(&self) -> Option<String> {
        self.commit.map(|c| {
            let short = c.get(..12).unwrap_or(c);
            match self.tree_modified {
                Some(true) => format!("{short}+"),
                _ => short.to_string(),
            }
        })
    }

    /// The line of `filrouge --version`, after the program's name, in French:
    /// `0.1.0 (commit <40 hex>)`, `0.1.0 (commit <40 hex>, sources modifiées)` or
    /// `0.1.0 (commit inconnu)`.
    pub fn describe_fr(&self) -> String {
        let commit = match (self.commit, self.tree_modified) {
            (Some(c), Some(true)) => format!("commit {c}, sources modifiées"),
            (Some(c), _) => format!("commit {c}"),
            (None, _) => "commit inconnu".to_string(),
        };
        format!("{} ({commit})", self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The build says its commit when built from a git checkout, and only then: the test runs
    /// `git` on the sources as `build.rs` does and compares.
    #[test]
    fn the_build_names_the_commit_of_its_sources() {
        let root = env!("CARGO_MANIFEST_DIR");
        let head = std::process::Command::new("git")
            .args(["-C", root, "rev-parse", "--show-toplevel", "HEAD"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        let head = head.and_then(|out| {
            let mut lines = out.lines();
            let top = std::path::Path::new(lines.next()?).canonicalize().ok()?;
            let ours = std::path::Path::new(root).canonicalize().ok()?;
            (top == ours).then(|| lines.next().map(str::to_string))?
        });
        assert_eq!(BUILD.commit.map(str::to_string), head);
        assert_eq!(BUILD.commit.is_some(), BUILD.tree_modified.is_some());
        assert_eq!(BUILD.version, env!("CARGO_PKG_VERSION"));
    }

    /// How a commit is shown, known, modified or unknown.
    #[test]
    fn commits_are_shown_as_known_modified_or_unknown() {
        let c = "fb54b9d1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7";
        let b = |commit, tree_modified| BuildInfo {
            version: "0.1.0",
            commit,
            tree_modified,
        };
        assert_eq!(
            b(Some(c), Some(false)).short_commit().unwrap(),
            "fb54b9d1c2e3"
        );
        assert_eq!(
            b(Some(c), Some(true)).short_commit().unwrap(),
            "fb54b9d1c2e3+"
        );
        assert_eq!(b(None, None).short_commit(), None);
        assert_eq!(
            b(Some(c), Some(true)).describe_fr(),
            format!("0.1.0 (commit {c}, sources modifiées)")
        );
        assert_eq!(b(None, None).describe_fr(), "0.1.0 (commit inconnu)");
    }
}
