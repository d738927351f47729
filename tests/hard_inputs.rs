//! Hard inputs: every file is accounted for, each refused one with one clear reason naming it, and
//! the load goes on.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use filrouge::corpus::readers::{Limits, Magic, SourceFormat};
use filrouge::corpus::{Corpus, LoadOptions, SkipReason};

const NOTE: &str = "# Atelier 1\n\n## Synthèse\n\nLa confiance entre agents et élus.\n";

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A zip holding one deflated entry.
fn zip_with(name: &str, data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file(name, opts).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap().into_inner()
}

/// A valid one-page PDF whose page draws a line and holds no text.
fn pdf_without_text() -> Vec<u8> {
    let content = "0 0 m 200 200 l S\n";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Path → reason for skipped files, and the list of loaded documents' paths.
fn outcome(c: &Corpus) -> (BTreeMap<PathBuf, SkipReason>, Vec<PathBuf>) {
    let skipped = c
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.clone()))
        .collect();
    let docs = c.documents.iter().map(|d| d.path.to_path_buf()).collect();
    (skipped, docs)
}

#[test]
fn hard_inputs_are_each_accounted_for() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "ok.md", NOTE.as_bytes());
    write(root, "empty.md", b"");
    write(root, "zero.docx", b"");
    let good = zip_with("word/document.xml", b"<w:document/>");
    write(root, "truncated.docx", &good[..good.len() / 2]);
    write(root, "text.docx", "Synthèse\nPas un zip".as_bytes());
    write(root, "page.pdf", b"<html><body>pas un PDF</body></html>");
    write(
        root,
        "bomb.docx",
        &zip_with("word/document.xml", &vec![b' '; 8 << 20]),
    );
    write(root, "scan.pdf", &pdf_without_text());
    write(root, "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");

    let corpus = Corpus::load(root).unwrap();
    let (skipped, docs) = outcome(&corpus);
    assert_eq!(docs, [PathBuf::from("ok.md")]);
    let reason = |name: &str| skipped.get(Path::new(name)).cloned();
    assert_eq!(reason("empty.md"), Some(SkipReason::Empty));
    assert_eq!(reason("zero.docx"), Some(SkipReason::Empty));
    assert!(
        matches!(reason("truncated.docx"), Some(SkipReason::Corrupt(m)) if m.contains("zip")),
        "{:?}",
        reason("truncated.docx")
    );
    assert_eq!(
        reason("text.docx"),
        Some(SkipReason::WrongContent {
            format: SourceFormat::Docx,
            expected: Magic::Zip,
            found: Magic::Text
        })
    );
    assert_eq!(
        reason("text.docx").unwrap().to_string(),
        "not a real .docx file: expected a zip archive, found plain text"
    );
    assert!(matches!(
        reason("page.pdf"),
        Some(SkipReason::WrongContent {
            expected: Magic::Pdf,
            ..
        })
    ));
    let bomb = reason("bomb.docx").unwrap();
    assert!(matches!(bomb, SkipReason::TooLarge { .. }), "{bomb:?}");
    assert!(bomb.to_string().contains("zip bomb"), "{bomb}");
    assert_eq!(reason("scan.pdf"), Some(SkipReason::NoTextLayer));
    assert_eq!(
        SkipReason::NoTextLayer.to_string(),
        "no text layer (scanned PDF?)"
    );
    assert_eq!(reason("image.png"), Some(SkipReason::Unsupported));
    // Every input file is accounted for exactly once.
    assert_eq!(skipped.len() + docs.len(), 9);
    assert_eq!(corpus.skipped.len(), skipped.len());
}

#[test]
fn entry_larger_than_the_limit_is_refused_without_inflating() {
    let tmp = tempfile::tempdir().unwrap();
    // 1 MiB of varied text: compresses modestly, so only the size limit refuses it.
    let body: String = (0..40_000).map(|i| format!("<w:t>mot{i}</w:t>")).collect();
    write(
        tmp.path(),
        "gros.docx",
        &zip_with("word/document.xml", body.as_bytes()),
    );
    let opts = LoadOptions {
        limits: Limits {
            max_entry_bytes: 64 * 1024,
            ..Limits::default()
        },
        ..LoadOptions::default()
    };
    let corpus = Corpus::load_with(tmp.path(), &opts).unwrap();
    assert!(corpus.documents.is_empty());
    let s = &corpus.skipped[0];
    assert_eq!(s.path, Path::new("gros.docx"));
    assert!(
        matches!(&s.reason, SkipReason::TooLarge { limit, what } if *limit == 65536 && what.to_string().contains("word/document.xml")),
        "{:?}",
        s.reason
    );
    // A file larger than the file limit is not even read.
    let opts = LoadOptions {
        limits: Limits {
            max_file_bytes: 10,
            ..Limits::default()
        },
        ..LoadOptions::default()
    };
    let corpus = Corpus::load_with(tmp.path(), &opts).unwrap();
    assert!(matches!(
        corpus.skipped[0].reason,
        SkipReason::TooLarge { limit: 10, .. }
    ));
}

#[cfg(unix)]
#[test]
fn directory_symlink_loop_is_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "event/note.md", NOTE.as_bytes());
    std::os::unix::fs::symlink("..", tmp.path().join("event/boucle")).unwrap();
    let corpus = Corpus::load(tmp.path()).unwrap();
    let (skipped, docs) = outcome(&corpus);
    assert_eq!(docs, [PathBuf::from("event/note.md")]);
    assert_eq!(
        skipped.get(Path::new("event/boucle")),
        Some(&SkipReason::Unreadable(
            "directory already visited (symbolic link loop)".into()
        ))
    );
    assert_eq!(corpus.skipped.len(), 1);
}

/// A named pipe among the notes is skipped, not read: reading it blocked the run until killed.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_skipped_not_waited_for() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "ev/a.md", NOTE.as_bytes());
    let fifo = tmp.path().join("ev/tube.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let corpus = Corpus::load(tmp.path()).unwrap();
    let (skipped, docs) = outcome(&corpus);
    assert_eq!(docs, [PathBuf::from("ev/a.md")]);
    assert_eq!(
        skipped.get(Path::new("ev/tube.txt")),
        Some(&SkipReason::NotAFile)
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_skipped_or_root_can_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "secret.md", NOTE.as_bytes());
    let p = tmp.path().join("secret.md");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let corpus = Corpus::load(tmp.path()).unwrap();
    if std::fs::read(&p).is_ok() {
        // Running as root (as CI does): mode 000 does not stop root from reading, so the note
        // is loaded. The refusal path is covered when the tests run as an ordinary user.
        assert_eq!(corpus.documents.len(), 1);
        assert!(corpus.skipped.is_empty());
    } else {
        assert!(corpus.documents.is_empty());
        assert_eq!(corpus.skipped[0].path, Path::new("secret.md"));
        assert!(matches!(
            corpus.skipped[0].reason,
            SkipReason::Unreadable(_)
        ));
        assert!(
            corpus.skipped[0]
                .reason
                .to_string()
                .starts_with("cannot read")
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_name_is_loaded_and_shown_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"notes-\xe9t\xe9.md");
    std::fs::write(tmp.path().join(name), NOTE).unwrap();
    write(tmp.path(), "autre.md", NOTE.as_bytes());
    let corpus = Corpus::load(tmp.path()).unwrap();
    assert_eq!(corpus.documents.len(), 2);
    let shown: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| d.path.display().to_string())
        .collect();
    assert!(
        shown.contains(&"notes-\u{fffd}t\u{fffd}.md".to_string()),
        "{shown:?}"
    );
}

#[test]
fn manifest_pointing_at_missing_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "present.md", NOTE.as_bytes());
    write(
        tmp.path(),
        "filrouge.toml",
        b"[[event]]\nid = \"forum\"\n\n[[file]]\npath = \"present.md\"\nevent = \"forum\"\n\n\
          [[file]]\npath = \"absent.docx\"\nevent = \"forum\"\n",
    );
    let corpus = Corpus::load(tmp.path()).unwrap();
    let (skipped, docs) = outcome(&corpus);
    assert_eq!(docs, [PathBuf::from("present.md")]);
    assert_eq!(
        skipped.get(Path::new("absent.docx")),
        Some(&SkipReason::NotFound)
    );
    assert!(
        corpus
            .warnings
            .iter()
            .any(|w| w.message.contains("absent.docx"))
    );
}

/// A manifest's `exclude` keeps a whole folder out (internal notes must never be analysed), with
/// `./` or without; an entry that matches no file is said, at its line; a `[[file]]` entry for
/// the whole folder (`path = "."`) does not pick up the manifest itself.
#[test]
fn manifest_excludes_folders_and_says_which_entries_match_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "ev/a.md", NOTE.as_bytes());
    write(tmp.path(), "ev/b.txt", NOTE.as_bytes());
    write(tmp.path(), "ev/interne/secret.md", b"# Interne\n\nsecret\n");
    write(tmp.path(), "ev/brouillon.md", b"# Brouillon\n\nsecret\n");
    write(
        tmp.path(),
        "filrouge.toml",
        b"exclude = [\n  \"./ev/interne\",\n  \"ev/*.txt\",\n  \"ev/brouillon.md\",\n  \"absent.md\",\n]\n\n\
          [[event]]\nid = \"forum\"\n\n[[file]]\npath = \".\"\nevent = \"forum\"\n",
    );
    let corpus = Corpus::load(tmp.path()).unwrap();
    let (skipped, docs) = outcome(&corpus);
    assert_eq!(docs, [PathBuf::from("ev/a.md"), PathBuf::from("ev/b.txt")]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let said: Vec<(Option<usize>, bool)> = corpus
        .warnings
        .iter()
        .map(|w| (w.line, w.message.contains("ne correspond à aucun fichier")))
        .collect();
    assert_eq!(said, [(Some(3), true), (Some(5), true)]);

    // A path out of the manifest's folder, or the whole folder, is refused.
    for bad in ["../elsewhere", "."] {
        write(
            tmp.path(),
            "filrouge.toml",
            format!("exclude = [{bad:?}]\n[[event]]\nid = \"forum\"\n").as_bytes(),
        );
        let e = Corpus::load(tmp.path()).unwrap_err().to_string();
        assert!(e.contains("filrouge.toml") && e.contains("exclude"), "{e}");
    }
}

/// A file listed by two entries of the manifest for two events stays with the first, and the
/// second entry is warned about at its line (it was ignored silently).
#[test]
fn a_file_listed_twice_for_two_events_is_said() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "ev/x.md", NOTE.as_bytes());
    write(
        tmp.path(),
        "filrouge.toml",
        b"[[event]]\nid = \"a\"\n\n[[event]]\nid = \"b\"\n\n\
          [[file]]\npath = \"ev\"\nevent = \"a\"\n\n[[file]]\npath = \"ev/x.md\"\nevent = \"b\"\n",
    );
    let corpus = Corpus::load(tmp.path()).unwrap();
    let keys: Vec<&str> = corpus.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["a"]);
    let said: Vec<(Option<usize>, &str)> = corpus
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (
                Some(12),
                "ev/x.md : déjà listé ligne 8 pour l'événement « a » : gardé là, pas dans \
                 l'événement « b »"
            ),
            (
                Some(5),
                "l'événement « b » n'a aucun document : laissé de côté"
            ),
        ]
    );
}

/// A declared event without any document is left out, with a warning at its line: kept, it was
/// an empty last point in every theme's trajectory, and every theme looked as if it faded.
#[test]
fn a_declared_event_without_documents_is_left_out_and_said() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/note.md", NOTE.as_bytes());
    write(tmp.path(), "c/note.md", NOTE.as_bytes());
    write(
        tmp.path(),
        "filrouge.toml",
        b"[[event]]\nid = \"a\"\ndate = \"2020-01-01\"\n\n\
          [[event]]\nid = \"b\"\ndate = \"2021-01-01\"\n\n\
          [[event]]\nid = \"c\"\ndate = \"2020-06-01\"\n\n\
          [[file]]\npath = \"a\"\nevent = \"a\"\n\n[[file]]\npath = \"c\"\nevent = \"c\"\n",
    );
    let corpus = Corpus::load(tmp.path()).unwrap();
    let keys: Vec<&str> = corpus.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["a", "c"]);
    for (i, e) in corpus.events.iter().enumerate() {
        assert_eq!(e.id.index(), i);
        assert!(!e.ateliers.is_empty());
    }
    let said: Vec<(Option<usize>, &str)> = corpus
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            Some(6),
            "l'événement « b » n'a aucun document : laissé de côté"
        )]
    );
}

/// Found by `cargo fuzz run read_pdf`: a mutated PDF whose page refers to a missing object makes
/// pdf-extract panic ("missing object reference"); the reader turns that into a skip.
#[test]
fn fuzz_pdf_with_missing_object_is_corrupt_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/readers/fuzz/pdf-missing-object.pdf",
        tmp.path().join("casse.pdf"),
    )
    .unwrap();
    let corpus = Corpus::load(tmp.path()).unwrap();
    assert!(corpus.documents.is_empty());
    assert_eq!(corpus.skipped[0].path, Path::new("casse.pdf"));
    assert!(
        matches!(&corpus.skipped[0].reason, SkipReason::Corrupt(m) if m.starts_with("PDF:")),
        "{:?}",
        corpus.skipped[0].reason
    );
}

/// One stray Latin-1 byte in a UTF-8 note (pasted from an old file) costs that byte only: the
/// note stays UTF-8, its accents intact, with a warning at the byte's line. Read as
/// Windows-1252, every accent of the note was garbled (`élus` as `Ã©lus`).
#[test]
fn a_stray_byte_in_a_utf8_note_is_replaced_not_the_whole_note_garbled() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = NOTE.as_bytes().to_vec();
    bytes.extend_from_slice(b"Caf\xe9 partag\xe9.\n");
    write(tmp.path(), "note.md", &bytes);
    let corpus = Corpus::load(tmp.path()).unwrap();
    let text = corpus.text(corpus.documents[0].id);
    assert!(
        text.contains("## Synthèse") && text.contains("entre agents et élus"),
        "{text}"
    );
    assert!(text.contains("Caf\u{FFFD} partag\u{FFFD}."), "{text}");
    let w: Vec<_> = corpus
        .warnings
        .iter()
        .map(|w| (w.path.to_string_lossy().into_owned(), w.line))
        .collect();
    assert_eq!(w, [("note.md".to_string(), Some(6))]);
    assert!(
        corpus.warnings[0]
            .message
            .contains("2 séquences d'octets invalides")
    );
}
