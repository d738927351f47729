//! Reading entries of zip-based documents (.docx, .odt) without trusting their sizes.
//!
//! An entry is refused before it is inflated when its declared uncompressed size exceeds
//! [`Limits::max_entry_bytes`], or when it is larger than [`Limits::ratio_floor_bytes`] and its
//! declared compression ratio exceeds [`Limits::max_ratio`] (a zip bomb). Because the declared size
//! may lie, inflation goes through a reader that stops one byte past the limit: memory stays
//! bounded by the limit whatever the header says.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::Limits;
use crate::corpus::{Oversize, SkipReason};

/// An opened zip archive held in memory.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
}

impl<'a> Archive<'a> {
    /// Opens an archive; a truncated or corrupt one gives [`SkipReason::Corrupt`].
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Archive<'a>, SkipReason> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_reason(&e, ""))?;
        Ok(Archive {
            zip,
            limits: *limits,
        })
    }

    /// Whether the archive has an entry of that name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Reads one entry as UTF-8 text, within the limits. `Ok(None)` when the entry is absent.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, SkipReason> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let limits = self.limits;
        let mut entry = self.zip.by_index(index).map_err(|e| zip_reason(&e, name))?;
        if entry.encrypted() {
            return Err(SkipReason::Encrypted);
        }
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > limits.max_entry_bytes {
            return Err(SkipReason::TooLarge {
                what: Oversize::Entry {
                    name: name.to_owned(),
                    declared,
                },
                limit: limits.max_entry_bytes,
            });
        }
        if declared > limits.ratio_floor_bytes && declared / compressed > limits.max_ratio {
            return Err(SkipReason::TooLarge {
                what: Oversize::Inflates {
                    name: name.to_owned(),
                    declared,
                    compressed,
                },
                limit: limits.max_entry_bytes,
            });
        }
        let mut buf = Vec::with_capacity(declared.min(limits.max_entry_bytes) as usize);
        let read = (&mut entry)
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut buf);
        if let Err(e) = read {
            return Err(SkipReason::Corrupt(format!("{name}: {e}")));
        }
        if buf.len() as u64 > limits.max_entry_bytes {
            return Err(SkipReason::TooLarge {
                what: Oversize::InflatesPast {
                    name: name.to_owned(),
                    declared,
                },
                limit: limits.max_entry_bytes,
            });
        }
        match String::from_utf8(buf) {
            Ok(s) => Ok(Some(s)),
            Err(e) => Ok(Some(String::from_utf8_lossy(e.as_bytes()).into_owned())),
        }
    }
}

fn zip_reason(e: &ZipError, name: &str) -> SkipReason {
    let at = if name.is_empty() {
        String::new()
    } else {
        format!("{name}: ")
    };
    match e {
        ZipError::InvalidPassword => SkipReason::Encrypted,
        ZipError::UnsupportedArchive(m) if m.contains("assword") || m.contains("ncrypt") => {
            SkipReason::Encrypted
        }
        _ => SkipReason::Corrupt(format!("{at}broken zip archive ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_with(name: &str, data: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_an_entry_within_limits() {
        let bytes = zip_with("content.xml", "<p>Synthèse</p>".as_bytes());
        let mut a = Archive::open(&bytes, &Limits::default()).unwrap();
        assert!(a.has("content.xml"));
        assert_eq!(
            a.text("content.xml").unwrap().as_deref(),
            Some("<p>Synthèse</p>")
        );
        assert_eq!(a.text("absent.xml").unwrap(), None);
    }

    #[test]
    fn refuses_large_and_bomb_like_entries() {
        let data = vec![b' '; 64 * 1024];
        let bytes = zip_with("word/document.xml", &data);
        let small = Limits {
            max_entry_bytes: 1000,
            ..Limits::default()
        };
        let mut a = Archive::open(&bytes, &small).unwrap();
        assert!(matches!(
            a.text("word/document.xml"),
            Err(SkipReason::TooLarge { limit: 1000, .. })
        ));
        let ratio = Limits {
            ratio_floor_bytes: 1024,
            max_ratio: 10,
            ..Limits::default()
        };
        let mut a = Archive::open(&bytes, &ratio).unwrap();
        let err = a.text("word/document.xml").unwrap_err();
        assert!(err.to_string().contains("zip bomb"), "{err}");
    }

    #[test]
    fn truncated_archive_is_corrupt() {
        let bytes = zip_with("content.xml", b"<p>texte</p>");
        let cut = &bytes[..bytes.len() / 2];
        assert!(matches!(
            Archive::open(cut, &Limits::default()),
            Err(SkipReason::Corrupt(_))
        ));
    }
}
