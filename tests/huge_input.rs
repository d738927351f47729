//! A 500 MB single text file is streamed: read block by block with its texts on disk, so the
//! process's peak memory stays below the file's size (what remains is the structure: a record
//! per line). Alone in its test binary, so that
//! the peak measured (`VmHWM` of this process) is this test's.

use std::io::Write;
use std::path::Path;

use filrouge::corpus::{Corpus, LoadOptions, TextStorage};

/// The process's peak resident memory, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes the reading takes out of `notes`: the pad's HTML tags in the booklet (`<p>`, `</p>`,
/// `<u>`, `</u>`; a paragraph tag leaves a space).
fn tag_bytes(notes: &str) -> u64 {
    let n = |t: &str| notes.matches(t).count() as u64;
    n("<p>") * 2 + n("</p>") * 3 + n("<u>") * 3 + n("</u>") * 4
}

/// Writes about `bytes` bytes of real notes (the shipped corpus's, repeated, each copy under
/// its own atelier heading) into one Markdown file. Returns the bytes written, and the bytes of
/// text the reading keeps of them.
fn write_huge_note(path: &Path, bytes: u64) -> (u64, u64) {
    let mut notes = String::new();
    for f in [
        "2020-09-14-forum-ouvert/atelier-1-emergence-session-2.md",
        "2021-11-16-universite-utopie/livret.txt",
    ] {
        notes.push_str(&std::fs::read_to_string(Path::new("corpus").join(f)).unwrap());
        notes.push_str("\n\n");
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0u64;
    let mut kept = 0u64;
    let mut i = 0;
    while written < bytes {
        i += 1;
        let head = format!("# Atelier {i}\n\n");
        out.write_all(head.as_bytes()).unwrap();
        out.write_all(notes.as_bytes()).unwrap();
        written += (head.len() + notes.len()) as u64;
        kept += (head.len() + notes.len()) as u64 - tag_bytes(&notes);
    }
    out.flush().unwrap();
    (written, kept)
}

#[test]
fn a_500_mb_note_is_streamed_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.md");
    let (size, kept) = write_huge_note(&path, 500 << 20);
    let before = peak_rss();

    let opts = LoadOptions {
        texts: TextStorage::Auto,
        ..Default::default()
    };
    let corpus = Corpus::load_with(&path, &opts).unwrap();

    // Nothing is lost: every byte of text (all but the pad's HTML tags) is in a document, read
    // back from disk.
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    assert!(kept < size);
    assert_eq!(corpus.spilled_bytes(), Some(kept));
    let total: u64 = corpus.documents.iter().map(|d| d.text.len() as u64).sum();
    assert_eq!(total, kept);
    assert!(
        corpus.documents.len() >= 30,
        "{} blocks",
        corpus.documents.len()
    );
    let first = corpus.text(corpus.documents[0].id);
    assert!(first.starts_with("# Atelier 1\n"), "{}", &first[..40]);
    let last = corpus.documents.last().unwrap();
    assert!(corpus.text(last.id).contains("# Atelier"));
    // Each block starts at its line of the file.
    assert_eq!(corpus.documents[0].line.map(|l| l.get()), Some(1));
    assert!(corpus.documents[1].line.unwrap().get() > 100_000);
    // The note's own atelier headings still make ateliers.
    assert!(
        corpus.ateliers.len() > 1000,
        "{} ateliers",
        corpus.ateliers.len()
    );
    corpus.check_texts().unwrap();

    // Peak memory: the text is not held, only the block being read and the structure found in
    // it — about 24 bytes a line (these notes have 42-byte lines on average: 12 million lines),
    // which is what remains proportional to the file: measured 450 MB here. Holding the text
    // too would add the 500 MB of the file itself: the bound tells the two apart.
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        let grew = after.saturating_sub(before);
        assert!(
            grew < size * 6 / 5,
            "peak memory grew by {} MB for a {} MB file",
            grew >> 20,
            size >> 20
        );
        eprintln!(
            "500 MB note: peak memory grew by {} MB ({} documents, {} ateliers)",
            grew >> 20,
            corpus.documents.len(),
            corpus.ateliers.len()
        );
    }
}
