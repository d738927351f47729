//! Helpers shared by the integration tests: running the binary.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `filrouge` with arguments, from the crate root.
pub fn filrouge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run filrouge")
}

/// Runs `filrouge` in a given folder.
pub fn filrouge_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run filrouge")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A consumer is missing: fail under CI, else say the check is skipped.
pub fn skip_unless_ci(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} not available, and CI is set: the consumer test must run");
    }
    println!("skipped: {what} not available");
}

pub fn python_with_networkx() -> Option<String> {
    let python = std::env::var("FILROUGE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let ok = Command::new(&python)
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}
