//! Shared by the reader targets: run a reader on bytes, check what it gives.

use std::path::Path;

use filrouge::corpus::JsonlFields;
use filrouge::corpus::readers::{self, Extracted, Input, Limits};

/// Small limits, so that a fuzzed zip bomb is refused fast and memory stays low.
pub fn limits() -> Limits {
    Limits {
        max_file_bytes: 8 << 20,
        max_entry_bytes: 8 << 20,
        ..Limits::default()
    }
}

/// Reads `bytes` as the file `name`; a refusal is fine, a panic is a bug.
pub fn read(name: &str, bytes: &[u8]) {
    let path = Path::new(name);
    let reader = readers::reader_for(path)
        .or_else(|| name.ends_with(".txt").then(readers::iramuteq_reader))
        .expect("a reader");
    let fields = JsonlFields::default();
    let limits = limits();
    let input = Input {
        path,
        bytes,
        fields: &fields,
        limits: &limits,
    };
    match readers::read_checked(reader, &input) {
        Ok(Extracted::Text { text, .. }) => {
            let text = filrouge::corpus::decode::clean_text(&text);
            let _ = filrouge::corpus::structure::parse(&text, &Default::default());
        }
        Ok(Extracted::Records { records, .. }) => {
            for r in records {
                assert!(r.line >= 1);
            }
        }
        Err(reason) => {
            assert!(!reason.to_string().is_empty());
        }
    }
}

/// A zip archive holding `entries`, deflated (used by the .docx and .odt targets only).
#[allow(dead_code)]
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}
