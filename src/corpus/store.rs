//! Where document texts live: in memory, or spilled to a temporary file and read back.
//!
//! A large corpus does not fit in memory as text, and need not: the statistics passes read each
//! document once, in order, and the report reads back only the quotes it shows. So when a corpus
//! is large (see [`TextStorage`]), the loader appends each file's decoded texts — or, for a
//! JSON Lines file, each ~1 MiB chunk's — to an unnamed temporary file (the [`Spool`]), and a
//! [`Document`](super::Document) keeps only where its text is ([`DocText::Spilled`]). A pass
//! reads texts through a [`TextCursor`], which reads a whole spilled chunk at once (one read of
//! ~1 MiB, not one per document) and keeps it while the next documents come from it.
//!
//! The temporary file is deleted by the system when the corpus is dropped (or the process ends).
//! What is written is the decoded text (UTF-8, `\n`, NFC), so every byte offset of the corpus
//! (block spans, quotes) means the same in memory and on disk: outputs are byte-identical either
//! way.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::sync::Mutex;

/// Where a corpus keeps its document texts, chosen at load time. Serialised as its `--texts`
/// name (`auto`, `memory`, `disk`), as `run.json` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextStorage {
    /// In memory for a small corpus, on disk when the input files add up to more than
    /// [`SPILL_ABOVE_BYTES`].
    #[default]
    Auto,
    /// Always in memory (fastest; memory grows with the corpus).
    Memory,
    /// Always in a temporary file (memory bounded by the chunks being read).
    Disk,
}

/// Input size above which [`TextStorage::Auto`] keeps texts on disk: 32 MiB.
pub const SPILL_ABOVE_BYTES: u64 = 32 << 20;

impl std::str::FromStr for TextStorage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(TextStorage::Auto),
            "memory" => Ok(TextStorage::Memory),
            "disk" => Ok(TextStorage::Disk),
            _ => Err("attendu : auto, memory ou disk".to_string()),
        }
    }
}

/// The text of a document: held, or where it is in the corpus's [`Spool`].
#[derive(Debug, Clone)]
pub enum DocText {
    /// In memory.
    Held(Box<str>),
    /// In the spool: chunk `chunk`, bytes `start..start + len` of it.
    Spilled {
        /// The chunk (one append to the spool).
        chunk: u32,
        /// Offset in the chunk.
        start: u32,
        /// Length in bytes.
        len: u32,
    },
}

impl DocText {
    /// Its length in bytes.
    pub fn len(&self) -> usize {
        match self {
            DocText::Held(s) => s.len(),
            DocText::Spilled { len, .. } => *len as usize,
        }
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An append-only temporary file of texts, read back by position from any thread.
#[derive(Debug)]
pub struct Spool {
    file: File,
    state: Mutex<SpoolState>,
    /// Whether a spill failed: texts are then kept in memory, and only that first failure is
    /// told (a full temporary disk failed every later chunk: 460 warnings alike).
    failed: std::sync::atomic::AtomicBool,
}

#[derive(Debug, Default)]
struct SpoolState {
    /// Bytes written so far.
    len: u64,
    /// Where each chunk starts, and its length.
    chunks: Vec<(u64, u32)>,
    /// The first error met reading back (a pass cannot stop; the run reports it at the end).
    read_error: Option<String>,
}

/// Largest chunk appended at once (a chunk's offsets are `u32`).
const MAX_CHUNK: usize = u32::MAX as usize;

impl Spool {
    /// A new spool in the system's temporary folder (deleted when dropped).
    pub fn new() -> io::Result<Spool> {
        Ok(Spool {
            file: tempfile::tempfile()?,
            state: Mutex::new(SpoolState::default()),
            failed: Default::default(),
        })
    }

    /// A spool on `file`, for tests: one whose writes fail (`/dev/full`), one whose bytes are
    /// damaged behind its back.
    #[cfg(test)]
    pub(crate) fn on(file: File) -> Spool {
        Spool {
            file,
            state: Mutex::new(SpoolState::default()),
            failed: Default::default(),
        }
    }

    /// Appends the texts of `texts` as one chunk, replacing each by where it now is.
    /// Texts already spilled are left as they are. Once a spill has failed (a full disk), texts
    /// are left in memory: the first failure is the error, later calls return `Ok` and spill
    /// nothing.
    pub fn spill<'a>(&self, texts: impl IntoIterator<Item = &'a mut DocText>) -> io::Result<()> {
        use std::sync::atomic::Ordering;
        if self.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        match self.spill_all(texts) {
            // Two threads failing at once: one tells.
            Err(e) if !self.failed.swap(true, Ordering::Relaxed) => Err(e),
            _ => Ok(()),
        }
    }

    fn spill_all<'a>(&self, texts: impl IntoIterator<Item = &'a mut DocText>) -> io::Result<()> {
        let mut buf = String::new();
        let mut spilled: Vec<(&'a mut DocText, u32, u32)> = Vec::new();
        for t in texts {
            if let DocText::Held(s) = t {
                if buf.len() + s.len() > MAX_CHUNK && !buf.is_empty() {
                    self.flush_chunk(&mut buf, &mut spilled)?;
                }
                let start = buf.len() as u32;
                buf.push_str(s);
                let len = s.len() as u32;
                spilled.push((t, start, len));
            }
        }
        self.flush_chunk(&mut buf, &mut spilled)
    }

    fn flush_chunk(
        &self,
        buf: &mut String,
        spilled: &mut Vec<(&mut DocText, u32, u32)>,
    ) -> io::Result<()> {
        if spilled.is_empty() {
            return Ok(());
        }
        let chunk = {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let offset = st.len;
            write_all_at(&self.file, buf.as_bytes(), offset)?;
            st.len += buf.len() as u64;
            st.chunks.push((offset, buf.len() as u32));
            (st.chunks.len() - 1) as u32
        };
        for (t, start, len) in spilled.drain(..) {
            *t = DocText::Spilled { chunk, start, len };
        }
        buf.clear();
        Ok(())
    }

    /// Appends `bytes` (any bytes, not only text) as one chunk and returns its number, to read
    /// back with [`Spool::read_bytes`]. For data a pass writes for a later pass (see
    /// [`crate::stats::TokenLog`]).
    pub fn append_bytes(&self, bytes: &[u8]) -> io::Result<u32> {
        if bytes.len() > MAX_CHUNK {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("chunk of {} bytes: at most {MAX_CHUNK}", bytes.len()),
            ));
        }
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let offset = st.len;
        write_all_at(&self.file, bytes, offset)?;
        st.len += bytes.len() as u64;
        st.chunks.push((offset, bytes.len() as u32));
        Ok((st.chunks.len() - 1) as u32)
    }

    /// Reads bytes `start..start + len` of chunk `chunk` (all of it with `None`) into `buf`
    /// (replacing its content), as [`Spool::append_bytes`] wrote them.
    pub fn read_bytes(
        &self,
        chunk: u32,
        part: Option<(u32, u32)>,
        buf: &mut Vec<u8>,
    ) -> io::Result<()> {
        self.read_raw(chunk, part, buf)
    }

    /// Bytes held on disk.
    pub fn len(&self) -> u64 {
        self.state.lock().map(|s| s.len).unwrap_or(0)
    }

    /// Whether nothing was spilled.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads bytes `start..start + len` of chunk `chunk` (all of it with `None`) into `buf`
    /// (replacing its content).
    fn read_chunk(&self, chunk: u32, part: Option<(u32, u32)>, buf: &mut String) -> io::Result<()> {
        let mut bytes = std::mem::take(buf).into_bytes();
        self.read_raw(chunk, part, &mut bytes)?;
        // Each pass reads every chunk back (`String::from_utf8` was 1.8 % of a Grand Débat run);
        // the standard check runs only to describe a failure.
        *buf = super::decode::utf8_string(bytes).map_err(|bytes| {
            let why = std::str::from_utf8(&bytes)
                .err()
                .map_or_else(|| "invalid UTF-8".to_string(), |e| e.to_string());
            io::Error::new(io::ErrorKind::InvalidData, why)
        })?;
        Ok(())
    }

    /// Reads bytes `start..start + len` of chunk `chunk` (all of it with `None`) into `bytes`
    /// (replacing its content).
    fn read_raw(
        &self,
        chunk: u32,
        part: Option<(u32, u32)>,
        bytes: &mut Vec<u8>,
    ) -> io::Result<()> {
        let (offset, chunk_len) = {
            let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            st.chunks.get(chunk as usize).copied().ok_or_else(|| {
                io::Error::new(io::ErrorKind::NotFound, format!("no chunk {chunk}"))
            })?
        };
        let (start, len) = part.unwrap_or((0, chunk_len));
        if u64::from(start) + u64::from(len) > u64::from(chunk_len) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("text {start}+{len} out of chunk {chunk}"),
            ));
        }
        bytes.clear();
        bytes.resize(len as usize, 0);
        read_exact_at(&self.file, bytes, offset + u64::from(start))
    }

    /// Records a read error (the first one is kept).
    fn record(&self, e: &io::Error) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.read_error.get_or_insert_with(|| e.to_string());
    }

    /// The first error met reading texts back, if any.
    pub fn read_error(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.read_error.clone())
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

/// Reads document texts for one worker of a pass, keeping the last spilled chunk read: documents
/// of one chunk come one after the other, so a pass reads each chunk once.
///
/// A text that cannot be read back (the temporary file is gone, the disk failed) reads as empty;
/// the error is kept by the spool and reported by [`Corpus::check_texts`](super::Corpus::check_texts).
#[derive(Debug)]
pub struct TextCursor<'c> {
    spool: Option<&'c Spool>,
    chunk: Option<u32>,
    buf: String,
}

impl<'c> TextCursor<'c> {
    /// A cursor over the texts of a corpus whose spool (if any) is `spool`.
    pub(crate) fn new(spool: Option<&'c Spool>) -> Self {
        TextCursor {
            spool,
            chunk: None,
            buf: String::new(),
        }
    }

    /// The text `t`.
    pub fn get<'a>(&'a mut self, t: &'a DocText) -> &'a str {
        match t {
            DocText::Held(s) => s,
            &DocText::Spilled { chunk, start, len } => {
                let Some(spool) = self.spool else {
                    return "";
                };
                if self.chunk != Some(chunk) {
                    self.chunk = None;
                    if let Err(e) = spool.read_chunk(chunk, None, &mut self.buf) {
                        spool.record(&e);
                        return "";
                    }
                    self.chunk = Some(chunk);
                }
                let range = start as usize..(start + len) as usize;
                match self.buf.get(range) {
                    Some(s) => s,
                    None => {
                        spool.record(&io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("text {start}+{len} out of chunk {chunk}"),
                        ));
                        ""
                    }
                }
            }
        }
    }

    /// The bytes `range` of text `t`, borrowed when it is in memory, read back otherwise (just
    /// those bytes: a note read block by block is a document of 16 MiB per block, and reading
    /// it whole for each atelier question in it made loading an archive of booklets take
    /// minutes). Empty when `range` is not within the text or not on character boundaries.
    pub fn read_part(
        spool: Option<&'c Spool>,
        t: &'c DocText,
        range: std::ops::Range<usize>,
    ) -> Cow<'c, str> {
        if range.end > t.len() || range.start > range.end {
            return Cow::Borrowed("");
        }
        match (t, spool) {
            (DocText::Held(s), _) => Cow::Borrowed(s.get(range).unwrap_or_default()),
            (&DocText::Spilled { chunk, start, .. }, Some(spool)) => {
                let mut buf = String::new();
                let part = (start + range.start as u32, range.len() as u32);
                match spool.read_chunk(chunk, Some(part), &mut buf) {
                    Ok(()) => Cow::Owned(buf),
                    Err(e) => {
                        spool.record(&e);
                        Cow::Borrowed("")
                    }
                }
            }
            (DocText::Spilled { .. }, None) => Cow::Borrowed(""),
        }
    }

    /// The text `t`, borrowed when it is in memory, read back otherwise (just its bytes).
    pub fn read_once(spool: Option<&'c Spool>, t: &'c DocText) -> Cow<'c, str> {
        match (t, spool) {
            (DocText::Held(s), _) => Cow::Borrowed(s),
            (&DocText::Spilled { chunk, start, len }, Some(spool)) => {
                let mut buf = String::new();
                match spool.read_chunk(chunk, Some((start, len)), &mut buf) {
                    Ok(()) => Cow::Owned(buf),
                    Err(e) => {
                        spool.record(&e);
                        Cow::Borrowed("")
                    }
                }
            }
            (DocText::Spilled { .. }, None) => Cow::Borrowed(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_texts_read_back_the_same() {
        let spool = Spool::new().unwrap();
        let mut a = [
            DocText::Held("l’élu partage".into()),
            DocText::Held("".into()),
            DocText::Held("droit à l'erreur".into()),
        ];
        let mut b = [DocText::Held("essaimage".into())];
        spool.spill(a.iter_mut()).unwrap();
        spool.spill(b.iter_mut()).unwrap();
        assert!(
            a.iter()
                .chain(&b)
                .all(|t| matches!(t, DocText::Spilled { .. }))
        );
        assert_eq!(a[0].len(), "l’élu partage".len());
        let mut c = TextCursor::new(Some(&spool));
        // Out of order, across chunks: each read gives its text.
        assert_eq!(c.get(&b[0]), "essaimage");
        assert_eq!(c.get(&a[2]), "droit à l'erreur");
        assert_eq!(c.get(&a[1]), "");
        assert_eq!(c.get(&a[0]), "l’élu partage");
        let total = "l’élu partage".len() + "droit à l'erreur".len() + "essaimage".len();
        assert_eq!(spool.len(), total as u64);
        assert_eq!(spool.read_error(), None);
    }

    /// A spool that cannot be written (a full disk) fails its first spill and leaves the texts
    /// in memory; later spills leave theirs in memory too, without an error to tell again.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_told_once_and_texts_stay_in_memory() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .read(true)
            .open("/dev/full")
            .unwrap();
        let spool = Spool::on(full);
        let mut a = [DocText::Held("la confiance".into())];
        let mut b = [DocText::Held("la posture".into())];
        assert!(spool.spill(a.iter_mut()).is_err());
        assert!(spool.spill(b.iter_mut()).is_ok());
        let mut c = TextCursor::new(Some(&spool));
        assert_eq!(c.get(&a[0]), "la confiance");
        assert_eq!(c.get(&b[0]), "la posture");
        assert_eq!(spool.len(), 0);
    }

    #[test]
    fn a_text_without_its_spool_reads_empty_and_is_reported() {
        let spool = Spool::new().unwrap();
        let bad = DocText::Spilled {
            chunk: 7,
            start: 0,
            len: 3,
        };
        let mut c = TextCursor::new(Some(&spool));
        assert_eq!(c.get(&bad), "");
        assert!(spool.read_error().unwrap().contains("chunk 7"));
    }

    /// A chunk whose bytes are no longer UTF-8 when read back (a damaged temporary file) gives
    /// no text, and the read error says why and where.
    #[test]
    fn a_chunk_read_back_as_invalid_utf8_is_reported() {
        let file = tempfile::tempfile().unwrap();
        let spool = Spool::on(file.try_clone().unwrap());
        let mut t = [DocText::Held("élu".into())];
        spool.spill(t.iter_mut()).unwrap();
        // `é` is two bytes, 0xC3 0xA9: its first byte alone is not UTF-8.
        write_all_at(&file, b"\xC3x", 0).unwrap();
        let mut c = TextCursor::new(Some(&spool));
        assert_eq!(c.get(&t[0]), "");
        let why = spool.read_error().unwrap();
        assert!(why.contains("invalid utf-8"), "{why}");
        assert!(why.contains("index 0"), "{why}");
    }

    #[test]
    fn storage_names_parse() {
        assert_eq!("disk".parse(), Ok(TextStorage::Disk));
        assert_eq!("memory".parse(), Ok(TextStorage::Memory));
        assert_eq!("auto".parse(), Ok(TextStorage::Auto));
        assert!("ram".parse::<TextStorage>().is_err());
    }
}
