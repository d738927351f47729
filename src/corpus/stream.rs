//! Large text files read block by block, so that memory stays bounded.
//!
//! A JSON Lines file larger than [`STREAM_JSONL_ABOVE_BYTES`] or a plain text / Markdown note
//! larger than [`STREAM_ABOVE_BYTES`] is not read whole when its texts go to disk (see
//! [`super::store`]): it is read in blocks of about [`BLOCK_BYTES`] (a JSON Lines file's first
//! ones smaller), each cut after a line end (a JSON Lines line is never split) — for a note,
//! after a blank line when there is one, so that a paragraph stays whole. Each block is decoded (UTF-8, or Windows-1252 when it is not
//! valid UTF-8, with a warning), parsed and its texts spilled before the next one is read.
//!
//! A note read this way gives one document per block, each with the line it starts at (quotes
//! are located by that line), in the unit the note read whole is in: its own, unless the note's
//! headings name ateliers. Each block goes on in the atelier, part and section the block before
//! ended in (see [`structure::parse_block`]). What differs from the note read whole (the README
//! lists it): its blocks are counted as documents; text before its first atelier heading, when
//! that heading comes after the first block, is the note's own unit rather than the plenary; a
//! line repeated from an earlier block is not set aside as a repeat; headings at a block's end
//! are a section of their own.
//! A file with a UTF-16 byte order mark is read whole, as usual (its line ends are two bytes
//! wide).

use std::io::Read;

use super::decode::{self, DecodeFailure};
use super::store::Spool;
use super::{
    DocText, FileOutcome, Format, Planned, RawBody, RawDoc, SkipReason, Skipped, TextEncoding,
    Warning, jsonl, structure,
};

/// Notes larger than this are read block by block when their texts go to disk: 64 MiB (a note
/// read so gives one document per block).
pub const STREAM_ABOVE_BYTES: u64 = 64 << 20;

/// JSON Lines files larger than this are read block by block when their texts go to disk: 16
/// MiB, one block. Their lines are records, whole or by blocks the same documents; by blocks,
/// the next is read while the current one is parsed, and the file is never held whole (the
/// Grand Débat file's reading: 0.266 → 0.250 s, its peak 109 → 94 MiB).
pub const STREAM_JSONL_ABOVE_BYTES: u64 = BLOCK_BYTES as u64;

/// Bytes read at once (a block ends at the next line end after this): 16 MiB.
pub const BLOCK_BYTES: usize = 16 << 20;

/// The first block of a JSON Lines file: 1 MiB, the next ones twice the one before, up to
/// [`BLOCK_BYTES`]. Nothing is parsed while the first block is read, and reading (and
/// fingerprinting) 16 MiB kept the other cores waiting 30 ms; a note's blocks are its documents,
/// so they are all alike.
const FIRST_JSONL_BLOCK_BYTES: usize = 1 << 20;

/// The format a file of `len` bytes is read in block by block, if it is: a large JSON Lines
/// file or note, when texts go to disk — not a UTF-16 file, nor an IRaMuTeQ corpus (recognised
/// by its first line; it is read whole by its reader).
pub(super) fn streams(p: &Planned, len: u64, spool: Option<&Spool>) -> Option<Format> {
    let format = super::format_of(&p.rel)?;
    let above = match format {
        Format::Jsonl => STREAM_JSONL_ABOVE_BYTES,
        Format::Note => STREAM_ABOVE_BYTES,
        Format::Reader => return None,
    };
    if spool.is_none() || len <= above {
        return None;
    }
    let mut head = Vec::with_capacity(1 << 16);
    let file = std::fs::File::open(&p.abs).ok()?;
    file.take(1 << 16).read_to_end(&mut head).ok()?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return None;
    }
    if format == Format::Note
        && super::is_plain_text(&p.rel)
        && super::readers::is_iramuteq(&String::from_utf8_lossy(&head))
    {
        return None;
    }
    // A Word, LibreOffice or PDF document saved as a note is read whole by its reader (as it
    // is with texts in memory), not streamed as text.
    if format == Format::Note && (head.starts_with(b"PK\x03\x04") || head.starts_with(b"%PDF-")) {
        return None;
    }
    Some(format)
}

/// Reads a large file block by block into `out`, spilling each block's texts to `spool`. The
/// next block is read and decoded (one thread) while the current one is parsed (the others):
/// two blocks at most are held at once.
pub(super) fn read(
    p: &Planned,
    format: Format,
    spool: &Spool,
    fingerprint: bool,
    out: &mut FileOutcome,
) {
    let mut blocks = match Blocks::open(p, format, fingerprint) {
        Ok(b) => b,
        Err(e) => {
            out.skipped.push(Skipped {
                path: p.rel.clone(),
                line: None,
                reason: SkipReason::Unreadable(e.to_string()),
            });
            return;
        }
    };
    let (rel, event) = p.shared();
    // A note's blocks are parsed one after another, each going on from where the one before
    // left (in the atelier whose heading came blocks before).
    let parse =
        |decoded: decode::Decoded, first_line: usize, carry: &mut Option<structure::Carry>| {
            let mut part = FileOutcome::default();
            match format {
                Format::Jsonl => jsonl::read(
                    &rel,
                    &event,
                    &p.fields,
                    decoded,
                    first_line,
                    Some(spool),
                    &mut part,
                ),
                _ => {
                    let mut decoded = decoded;
                    decoded.text = structure::without_html_tags(decoded.text);
                    let parsed = structure::parse_block(&decoded.text, &p.parse, carry);
                    part.push_doc(RawDoc {
                        rel: rel.clone(),
                        line: super::line_number(first_line + 1),
                        external_id: None,
                        event: event.clone(),
                        event_date: None,
                        // The note's unit, as when read whole: its own, or its headings'
                        // ateliers (with the plenary for what is under none).
                        atelier: None,
                        variables: thin_vec::ThinVec::new(),
                        encoding: decoded.encoding,
                        text: DocText::Held(decoded.text.into_boxed_str()),
                        body: RawBody::Note(Box::new(parsed)),
                    });
                }
            }
            super::spill(Some(spool), &p.rel, &mut part);
            part
        };
    let mut side = FileOutcome::default();
    let mut next = blocks.next(&mut side);
    append(out, side);
    // What each step outputs comes in the order of a reading one block after another: the
    // current block's documents, then what reading the next one met (skipped lines, warnings).
    let mut carry = None;
    while let Some((decoded, first_line)) = next {
        let mut side = FileOutcome::default();
        let (part, after) = rayon::join(
            || parse(decoded, first_line, &mut carry),
            || blocks.next(&mut side),
        );
        append(out, part);
        append(out, side);
        next = after;
    }
    out.fingerprint = blocks.hasher.map(super::fingerprint::Hasher::finish);
    if !blocks.read_any && out.skipped.is_empty() {
        out.skipped.push(Skipped {
            path: p.rel.clone(),
            line: None,
            reason: SkipReason::Empty,
        });
    }
}

fn append(out: &mut FileOutcome, part: FileOutcome) {
    out.batches.extend(part.batches);
    out.skipped.extend(part.skipped);
    out.warnings.extend(part.warnings);
}

/// The blocks of a large file, read and decoded one after another.
struct Blocks<'p> {
    p: &'p Planned,
    format: Format,
    file: std::fs::File,
    /// Bytes read and not yet given out.
    pending: Vec<u8>,
    /// Lines of the file before `pending`.
    first_line: usize,
    /// The size the next block is cut after (see [`FIRST_JSONL_BLOCK_BYTES`]).
    block_bytes: usize,
    at_start: bool,
    eof: bool,
    /// Whether the Windows-1252 warning was given.
    warned: bool,
    /// Whether a block with text was given out.
    read_any: bool,
    /// The fingerprint of the bytes read so far, if the file is fingerprinted (none once a read
    /// error has stopped the reading: it would be of a part of the file).
    hasher: Option<super::fingerprint::Hasher>,
}

impl<'p> Blocks<'p> {
    fn open(p: &'p Planned, format: Format, fingerprint: bool) -> std::io::Result<Self> {
        Ok(Blocks {
            p,
            format,
            file: std::fs::File::open(&p.abs)?,
            pending: Vec::new(),
            first_line: 0,
            block_bytes: match format {
                Format::Jsonl => FIRST_JSONL_BLOCK_BYTES,
                _ => BLOCK_BYTES,
            },
            at_start: true,
            eof: false,
            warned: false,
            read_any: false,
            hasher: fingerprint.then(super::fingerprint::Hasher::new),
        })
    }

    /// A part of the file skipped, from line `line`.
    fn skipped(&self, line: Option<usize>, reason: SkipReason) -> Skipped {
        Skipped {
            path: self.p.rel.clone(),
            line,
            reason,
        }
    }

    /// Stops at a read error: the rest of the file is skipped from the current line.
    fn unreadable<T>(&mut self, e: std::io::Error, out: &mut FileOutcome) -> Option<T> {
        let line = Some(self.first_line + 1);
        out.skipped
            .push(self.skipped(line, SkipReason::Unreadable(e.to_string())));
        self.eof = true;
        self.hasher = None;
        self.pending.clear();
        None
    }

    /// The next block with text, decoded, and the number of lines before it; `None` at the
    /// end of the file or after a read error. What is skipped or warned on the way goes to
    /// `out`.
    fn next(&mut self, out: &mut FileOutcome) -> Option<(decode::Decoded, usize)> {
        let p = self.p;
        let mut target = self.block_bytes;
        while !self.eof || !self.pending.is_empty() {
            // Fill up to the target, then cut after the last line end (or take all at the end).
            while !self.eof && self.pending.len() < target {
                let have = self.pending.len();
                self.pending.resize(target, 0);
                match self.file.read(&mut self.pending[have..]) {
                    Ok(0) => {
                        self.pending.truncate(have);
                        self.eof = true;
                    }
                    Ok(n) => {
                        if let Some(h) = &mut self.hasher {
                            h.update(&self.pending[have..have + n]);
                        }
                        self.pending.truncate(have + n);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                        self.pending.truncate(have)
                    }
                    Err(e) => return self.unreadable(e, out),
                }
            }
            let cut = match cut_point(&self.pending, self.format) {
                _ if self.eof => self.pending.len(),
                Some(c) => c,
                None if (self.pending.len() as u64) < p.limits.max_file_bytes => {
                    // No line end in a whole block: read on until one comes.
                    target += BLOCK_BYTES;
                    continue;
                }
                None => {
                    // A line longer than a whole file may be: skipped, its bytes read and dropped.
                    let bytes = match drop_line(
                        &mut self.file,
                        &mut self.pending,
                        &mut self.eof,
                        self.hasher.as_mut(),
                    ) {
                        Ok(n) => n,
                        Err(e) => return self.unreadable(e, out),
                    };
                    out.skipped.push(self.skipped(
                        Some(self.first_line + 1),
                        SkipReason::TooLarge {
                            what: super::Oversize::Line {
                                bytes: bytes as u64,
                            },
                            limit: p.limits.max_file_bytes,
                        },
                    ));
                    self.first_line += 1;
                    self.at_start = false;
                    target = self.block_bytes;
                    continue;
                }
            };
            target = self.block_bytes;
            self.block_bytes = (2 * self.block_bytes).min(BLOCK_BYTES);
            let rest = self.pending.split_off(cut);
            let mut block = std::mem::replace(&mut self.pending, rest);
            let lines = memchr::memchr_iter(b'\n', &block).count();
            let first_line = self.first_line;
            self.first_line += lines;
            let bom_utf8 = self.at_start && block.starts_with(b"\xEF\xBB\xBF");
            if bom_utf8 {
                block.drain(..3);
            }
            self.at_start = false;
            let decoded = match decode::decode_owned_with(block, self.format.cleaning()) {
                Ok(mut d) => {
                    if bom_utf8 {
                        d.encoding = TextEncoding::Utf8Bom;
                    }
                    d
                }
                Err(DecodeFailure::Empty) => continue,
                Err(DecodeFailure::Binary) => {
                    out.skipped
                        .push(self.skipped(Some(first_line + 1), SkipReason::Binary));
                    continue;
                }
            };
            self.read_any = true;
            if !self.warned
                && let Some((line, message)) = decoded.encoding.warning(Some(&decoded.text))
            {
                self.warned = true;
                let message = if decoded.encoding == TextEncoding::Windows1252 {
                    "pas de l'UTF-8 valide à partir de cette ligne : décodé en Windows-1252".into()
                } else {
                    message
                };
                out.warnings.push(Warning {
                    path: p.rel.clone(),
                    line: Some(first_line + line.unwrap_or(1)),
                    message,
                });
            }
            return Some((decoded, first_line));
        }
        None
    }
}

/// Drops the line that `pending` starts (it has no line end yet) and the rest of it still in
/// `file`, block by block; leaves in `pending` what follows its line end. Returns the line's
/// length in bytes, line end included.
fn drop_line(
    file: &mut std::fs::File,
    pending: &mut Vec<u8>,
    eof: &mut bool,
    mut hasher: Option<&mut super::fingerprint::Hasher>,
) -> std::io::Result<u64> {
    let mut dropped = pending.len() as u64;
    pending.clear();
    let mut buf = vec![0u8; BLOCK_BYTES];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => {
                *eof = true;
                return Ok(dropped);
            }
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(h) = hasher.as_mut() {
            h.update(&buf[..n]);
        }
        if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
            pending.extend_from_slice(&buf[i + 1..n]);
            return Ok(dropped + i as u64 + 1);
        }
        dropped += n as u64;
    }
}

/// Where to cut a block: after its last blank line (a note) or its last line end; `None` when
/// it has no line end.
fn cut_point(bytes: &[u8], format: Format) -> Option<usize> {
    if format == Format::Note
        && let Some(i) = last_blank_line(bytes)
    {
        return Some(i);
    }
    bytes.iter().rposition(|&b| b == b'\n').map(|i| i + 1)
}

/// The end of the last `\n\n` (or `\n\r\n`) in the second half of `bytes`.
fn last_blank_line(bytes: &[u8]) -> Option<usize> {
    let half = bytes.len() / 2;
    let tail = &bytes[half..];
    tail.windows(2)
        .rposition(|w| w == b"\n\n")
        .map(|i| half + i + 2)
        .or_else(|| {
            tail.windows(3)
                .rposition(|w| w == b"\n\r\n")
                .map(|i| half + i + 3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of file `name`, written with `bytes` in `dir`.
    fn planned(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Planned {
        let abs = dir.join(name);
        std::fs::write(&abs, bytes).unwrap();
        Planned {
            abs,
            rel: name.into(),
            event: "e".into(),
            parse: Default::default(),
            fields: Default::default(),
            limits: Default::default(),
        }
    }

    /// The blocks of a large file, as `Blocks` cuts them: their sizes in bytes.
    fn block_sizes(text: &str, format: Format, name: &str) -> Vec<usize> {
        let dir = tempfile::tempdir().unwrap();
        let p = planned(dir.path(), name, text.as_bytes());
        let mut blocks = Blocks::open(&p, format, false).unwrap();
        let mut out = FileOutcome::default();
        let mut sizes = Vec::new();
        while let Some((decoded, _)) = blocks.next(&mut out) {
            sizes.push(decoded.text.len());
        }
        assert!(out.skipped.is_empty() && out.warnings.is_empty());
        assert_eq!(sizes.iter().sum::<usize>(), text.len());
        sizes
    }

    /// A JSON Lines file's blocks start at 1 MiB and double up to 16 MiB, each the whole lines
    /// that fit; a note's are all of 16 MiB.
    #[test]
    fn json_lines_blocks_start_small_and_double() {
        let line = format!(
            "{{\"id\": \"x\", \"text\": \"{}\"}}\n",
            "la confiance ".repeat(80)
        );
        let text = line.repeat((48 << 20) / line.len());
        let sizes = block_sizes(&text, Format::Jsonl, "a.jsonl");
        let mib = 1 << 20;
        let targets = [mib, 2 * mib, 4 * mib, 8 * mib, 16 * mib, 16 * mib];
        assert_eq!(sizes.len(), targets.len() + 1, "{sizes:?}");
        for (size, target) in sizes.iter().zip(targets) {
            assert!(*size <= target && *size > target - line.len(), "{sizes:?}");
        }
        let note = "La confiance des agents.\n\n".repeat((40 << 20) / 26);
        let sizes = block_sizes(&note, Format::Note, "a.txt");
        assert_eq!(sizes.len(), 3, "{sizes:?}");
        assert!(sizes[..2].iter().all(|&s| s > 15 * mib && s <= 16 * mib));
    }

    #[test]
    fn blocks_end_after_a_blank_line_in_notes_and_a_line_end_in_json_lines() {
        let mut text = vec![b'a'; 100];
        text.extend_from_slice(b"\n\nbb\ncc");
        assert_eq!(cut_point(&text, Format::Note), Some(102));
        assert_eq!(cut_point(&text, Format::Jsonl), Some(105));
        assert_eq!(cut_point(b"no line end", Format::Jsonl), None);
    }

    /// A large note whose bytes are a Word, LibreOffice or PDF document is not streamed as
    /// text: it goes to its reader, as with texts in memory (it was read as binary lines).
    #[test]
    fn a_large_document_saved_as_a_note_is_not_streamed() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::new().unwrap();
        let plan = |name: &str, bytes: &[u8]| planned(dir.path(), name, bytes);
        let large = STREAM_ABOVE_BYTES + 1;
        let word = std::fs::read("tests/fixtures/readers/notes.docx").unwrap();
        let pdf = std::fs::read("tests/fixtures/readers/notes.pdf").unwrap();
        for (name, bytes) in [("a.txt", &word), ("b.md", &pdf)] {
            assert_eq!(
                streams(&plan(name, bytes), large, Some(&spool)),
                None,
                "{name}"
            );
        }
        let text = plan("c.txt", b"La confiance des agents.\n");
        assert_eq!(streams(&text, large, Some(&spool)), Some(Format::Note));
    }
}
