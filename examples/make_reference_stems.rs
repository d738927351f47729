//! Derives `data/reference/wordfreq-fr-stems.tsv` from `data/reference/wordfreq-fr.tsv`:
//! normalises and stems every word as the analyser does and sums frequencies per stem.
//!
//! Run from the crate root after regenerating the word table or changing the stemmer:
//! `cargo run --example make_reference_stems`. Writes a temporary file, then renames it.

use std::path::Path;
use std::process::ExitCode;

use filrouge::reference::ReferenceFrequencies;

fn main() -> ExitCode {
    let words = Path::new("data/reference/wordfreq-fr.tsv");
    let out = Path::new("data/reference/wordfreq-fr-stems.tsv");
    let tmp = Path::new("data/reference/wordfreq-fr-stems.tsv.tmp");
    let result = std::fs::read_to_string(words)
        .map_err(|e| format!("{}: cannot read: {e}", words.display()))
        .and_then(|text| {
            ReferenceFrequencies::from_word_tsv(&text, words).map_err(|e| e.to_string())
        })
        .and_then(|table| {
            let tsv = table.to_stem_tsv();
            std::fs::write(tmp, &tsv)
                .and_then(|()| std::fs::rename(tmp, out))
                .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
            Ok((table, tsv.len()))
        });
    match result {
        Ok((table, bytes)) => {
            println!(
                "wrote {}: {} stems from {} words, {bytes} bytes",
                out.display(),
                table.len(),
                table.coverage_words()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("make_reference_stems: {message}");
            ExitCode::FAILURE
        }
    }
}
