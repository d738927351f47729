//! The size and SHA-256 of each input file, taken from the bytes as they are read.
//!
//! A run's manifest lists its input files with their fingerprints, so that a reader can check
//! that a report comes from the files they have. Hashing the bytes the loader already holds
//! fingerprints exactly what was analysed (a file changed during a long run is not described by
//! its later content) and spares reading every input a second time: on a corpus larger than
//! memory, that second read was the whole corpus again from disk.

use std::path::Path;

use sha2::{Digest, Sha256};

/// A file's size and the SHA-256 of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes.
    pub sha256: [u8; 32],
}

impl Fingerprint {
    /// The fingerprint of bytes held in memory.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        let mut h = Hasher::new();
        h.update(bytes);
        h.finish()
    }

    /// The fingerprint of a file, streamed through the hasher (a file can be as large as the
    /// corpus).
    pub fn read(path: &Path) -> std::io::Result<Fingerprint> {
        let mut h = Hasher::new();
        std::io::copy(&mut std::fs::File::open(path)?, &mut h)?;
        Ok(h.finish())
    }

    /// The SHA-256 in lowercase hexadecimal, as manifests show it.
    pub fn sha256_hex(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(64);
        for b in self.sha256 {
            write!(s, "{b:02x}").expect("writing to a String");
        }
        s
    }
}

/// A fingerprint taken piece by piece, for a file read block by block.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hasher {
    sha: Sha256,
    bytes: u64,
}

impl Hasher {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds the next bytes of the file.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.sha.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    pub(crate) fn finish(self) -> Fingerprint {
        Fingerprint {
            bytes: self.bytes,
            sha256: self.sha.finalize().into(),
        }
    }
}

/// A sink for `std::io::copy`.
impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-256 of `abc` from FIPS 180-2, whole, in pieces and from a file.
    #[test]
    fn fingerprints_agree_with_the_standard_and_each_other() {
        const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let whole = Fingerprint::of(b"abc");
        assert_eq!(whole.sha256_hex(), ABC);
        assert_eq!(whole.bytes, 3);
        let mut h = Hasher::new();
        h.update(b"a");
        h.update(b"");
        h.update(b"bc");
        assert_eq!(h.finish(), whole);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc.txt");
        std::fs::write(&path, "abc").unwrap();
        assert_eq!(Fingerprint::read(&path).unwrap(), whole);
        assert!(Fingerprint::read(&dir.path().join("absent")).is_err());
    }
}
