//! Loads a corpus and prints its size in memory: documents, sections, resident memory after
//! loading and its peak (Linux `/proc/self/status`), and bytes per document.
//!
//! `cargo run --release --example load_memory -- ../shared/data/bench/granddebat-answers.jsonl`

use std::path::PathBuf;

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: load_memory PATH")?;
    let before = status_kb("VmRSS:");
    let corpus = filrouge::corpus::Corpus::load(&path)?;
    let after = status_kb("VmRSS:");
    let peak = status_kb("VmHWM:");
    let text: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let n = corpus.documents.len().max(1) as u64;
    println!(
        "{} documents, {} sections, {} text bytes",
        corpus.documents.len(),
        corpus.sections.len(),
        text
    );
    println!(
        "resident after load {} KB (+{} KB), peak {} KB; {} bytes per document ({} of them text)",
        after,
        after - before,
        peak,
        (after - before) * 1024 / n,
        text as u64 / n
    );
    let o = filrouge::corpus::overview::Overview::of(&corpus);
    println!(
        "after overview: resident {} KB, peak {} KB ({} words)",
        status_kb("VmRSS:"),
        status_kb("VmHWM:"),
        o.words
    );
    Ok(())
}
