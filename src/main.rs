//! `filrouge`: the command-line shell over the library.
//!
//! Exit codes: 0 everything was analysed; 1 done, but some files (or lines) were skipped;
//! 2 fatal error (unreadable corpus, broken manifest, bad arguments, unwritable output).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) => {
            eprintln!("filrouge: erreur: {e}");
            ExitCode::from(2)
        }
    }
}
