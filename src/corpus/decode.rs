//! Bytes to clean text: encoding detection, BOM, line endings, Unicode normalisation.
//!
//! Every document goes through [`decode`] before any structure is looked for, so the rest of the
//! pipeline sees one form of text: UTF-8, `\n` line endings, NFC. NFC matters for French: a
//! decomposed `é` (e + combining acute) would otherwise give other stems and other stop-word
//! matches than the composed one.

use std::borrow::Cow;

use rayon::prelude::*;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

/// The encoding a file was read with, reported per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (stripped).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// UTF-16, little-endian, without a byte-order mark: told by its NUL bytes (every other
    /// byte of French text), with a warning.
    Utf16LeNoBom,
    /// UTF-16, big-endian, without a byte-order mark (see [`TextEncoding::Utf16LeNoBom`]).
    Utf16BeNoBom,
    /// UTF-32, little-endian, with a byte-order mark.
    Utf32Le,
    /// UTF-32, big-endian, with a byte-order mark.
    Utf32Be,
    /// UTF-8 with a few invalid bytes (a stray Latin-1 byte, a character cut short), each
    /// invalid sequence replaced by U+FFFD `�`: see [`TextEncoding::warning`].
    Utf8Repaired,
    /// Not valid UTF-8: read as Windows-1252 (a superset of Latin-1 for printable text).
    Windows1252,
    /// Not decoded but extracted from a structured format (the XML of a .docx or .odt, the text
    /// layer of a PDF), which carries its own encoding.
    Extracted(super::readers::SourceFormat),
}

impl TextEncoding {
    /// A short name for messages and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Utf16LeNoBom => "utf-16le-no-bom",
            TextEncoding::Utf16BeNoBom => "utf-16be-no-bom",
            TextEncoding::Utf32Le => "utf-32le",
            TextEncoding::Utf32Be => "utf-32be",
            TextEncoding::Utf8Repaired => "utf-8-repaired",
            TextEncoding::Windows1252 => "windows-1252",
            TextEncoding::Extracted(f) => match f {
                super::readers::SourceFormat::Docx => "extracted-docx",
                super::readers::SourceFormat::Odt => "extracted-odt",
                super::readers::SourceFormat::Pdf => "extracted-pdf",
                super::readers::SourceFormat::Html => "extracted-html",
                super::readers::SourceFormat::Csv => "extracted-csv",
                super::readers::SourceFormat::Tsv => "extracted-tsv",
                super::readers::SourceFormat::Iramuteq => "extracted-iramuteq",
            },
        }
    }
}

impl TextEncoding {
    /// The warning a text decoded this way deserves, if any, with the 1-based line (in `text`,
    /// when given) it points at: where the first invalid byte was replaced, for
    /// [`TextEncoding::Utf8Repaired`].
    pub fn warning(self, text: Option<&str>) -> Option<(Option<usize>, String)> {
        match self {
            TextEncoding::Windows1252 => Some((
                None,
                "pas de l'UTF-8 valide : décodé en Windows-1252".into(),
            )),
            TextEncoding::Utf16LeNoBom | TextEncoding::Utf16BeNoBom => Some((
                None,
                "UTF-16 sans marque d'ordre des octets (BOM), reconnu à ses octets nuls : \
                 décodé en UTF-16"
                    .into(),
            )),
            TextEncoding::Utf8Repaired => {
                let said = "lu en UTF-8, chacune remplacée par \u{FFFD}";
                Some(match text {
                    Some(text) => {
                        let first = text.find('\u{FFFD}').unwrap_or(0);
                        let line =
                            1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..first]).count();
                        let n = text.matches('\u{FFFD}').count();
                        let s = if n == 1 { "" } else { "s" };
                        (
                            Some(line),
                            format!(
                                "UTF-8 invalide ici ({n} séquence{s} d'octets invalide{s}) : {said}"
                            ),
                        )
                    }
                    None => (None, format!("UTF-8 invalide par endroits : {said}")),
                })
            }
            _ => None,
        }
    }
}

/// Whether bytes that are not valid UTF-8 are UTF-8 all the same, with a few bad bytes (a stray
/// Latin-1 byte pasted in, a character cut at the end), rather than text in a one-byte encoding:
/// their valid multi-byte characters (accents, in French) are at least as many as their invalid
/// sequences. Windows-1252 text has next to none: an accented letter there is one byte, and the
/// letter after it is not a UTF-8 continuation byte. Read as Windows-1252, a UTF-8 file with one
/// stray byte would have every accent garbled (`intérêt` as `intÃ©rÃªt`).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && multibyte >= invalid
}

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeFailure {
    /// The file has no bytes, or only white space.
    Empty,
    /// The file looks binary (NUL bytes or many control characters).
    Binary,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// UTF-8, `\n` line endings, NFC (decoded with `Cleaning::ByPieces`: UTF-8, line endings
    /// and normalisation as in the file).
    pub text: String,
    /// The encoding detected.
    pub encoding: TextEncoding,
}

/// How many leading bytes are inspected to decide that a file is binary.
const SNIFF_LEN: usize = 8192;

/// Decodes a file's bytes: UTF-8 (BOM stripped; a few invalid bytes in otherwise UTF-8 text
/// replaced by `�`), UTF-16 with a BOM, otherwise Windows-1252.
/// Binary and empty files are refused. The result has `\n` line endings and is NFC.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeFailure> {
    decode_owned(bytes.to_vec())
}

/// Decodes a small file of settings (a lexicon, a stop-word list) as the notes are — UTF-8,
/// UTF-16 or UTF-32 with a BOM, otherwise Windows-1252 — but refuses what notes are read with a
/// repair, UTF-8 with a few invalid bytes: a stop word or a term would hold `�` and silently
/// match nothing. An empty file is empty text. Errors are `(line, reason)`, the line of the
/// first invalid byte (0: the whole file), the reason in French.
pub fn decode_settings(bytes: Vec<u8>) -> Result<String, (usize, String)> {
    let bad_line = std::str::from_utf8(&bytes).err().map(|e| {
        1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    });
    match decode_owned(bytes) {
        // A UTF-8 file with a BOM is read with repairs too (its encoding says `Utf8Bom`).
        Ok(d)
            if d.encoding == TextEncoding::Utf8Repaired
                || (d.encoding == TextEncoding::Utf8Bom && bad_line.is_some()) =>
        {
            Err((
                bad_line.unwrap_or(0),
                "le fichier n'est pas en UTF-8 valide (un octet d'un autre encodage) ; \
             réenregistrez-le en UTF-8"
                    .into(),
            ))
        }
        Ok(d) => Ok(d.text),
        Err(DecodeFailure::Empty) => Ok(String::new()),
        Err(DecodeFailure::Binary) => Err((0, "le fichier semble binaire, pas du texte".into())),
    }
}

/// [`decode`] taking the bytes by value: clean UTF-8 (the usual case) becomes the text without
/// being copied, so loading a large file holds it in memory once, not twice.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeFailure> {
    decode_owned_with(bytes, Cleaning::Whole)
}

/// [`decode_owned`], cleaning the text as `cleaning` says.
pub(crate) fn decode_owned_with(
    bytes: Vec<u8>,
    cleaning: Cleaning,
) -> Result<Decoded, DecodeFailure> {
    let inspected = inspect(&bytes, cleaning);
    finish(bytes, inspected)
}

/// [`decode_owned`], while `beside` reads the same bytes, on another worker of the current rayon
/// pool when one is free (`rayon::join`): the loader fingerprints a file as it is decoded.
pub fn decode_owned_beside<R: Send>(
    bytes: Vec<u8>,
    beside: impl FnOnce(&[u8]) -> R + Send,
) -> (Result<Decoded, DecodeFailure>, R) {
    decode_owned_beside_with(bytes, Cleaning::Whole, beside)
}

/// [`decode_owned_beside`], cleaning the text as `cleaning` says.
pub(crate) fn decode_owned_beside_with<R: Send>(
    bytes: Vec<u8>,
    cleaning: Cleaning,
    beside: impl FnOnce(&[u8]) -> R + Send,
) -> (Result<Decoded, DecodeFailure>, R) {
    let (inspected, r) = rayon::join(|| inspect(&bytes, cleaning), || beside(&bytes));
    (finish(bytes, inspected), r)
}

/// Who cleans decoded text (line endings to `\n`, NFC): the decoder, at once, or the reader of
/// the text, piece by piece (a JSON Lines file, whose lines end at line feeds only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cleaning {
    /// The decoder: the [`Decoded`] text is clean.
    Whole,
    /// The reader, with [`clean_piece`] on each piece that ends after a line end (a JSON Lines
    /// file: each chunk of lines, in parallel, as it is parsed): the [`Decoded`] text is valid
    /// UTF-8, its line endings and normalisation as in the file. A file of millions of lines
    /// with one decomposed accent is then not copied whole, one thread filling the copy, while
    /// its chunks are parsed.
    ByPieces,
}

/// What [`inspect`] found in a file's bytes.
enum Inspected {
    Failed(DecodeFailure),
    /// The bytes are UTF-8 already clean (`\n` line endings, NFC): they are the text.
    AsIs,
    /// The text, decoded or cleaned into a new string.
    Text(String, TextEncoding),
}

/// Decides how `bytes` decode, building the text only when it differs from the bytes (cleaned
/// or not, as `cleaning` says).
fn inspect(bytes: &[u8], cleaning: Cleaning) -> Inspected {
    // Before UTF-16: the UTF-32 little-endian mark starts with UTF-16's.
    if let Some((text, which)) = utf32_with_bom(bytes) {
        return decoded(text, which, cleaning);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (raw, which) = if enc == encoding_rs::UTF_8 {
            (
                String::from_utf8_lossy(body).into_owned(),
                TextEncoding::Utf8Bom,
            )
        } else {
            let (text, _) = enc.decode_without_bom_handling(body);
            let which = if enc == encoding_rs::UTF_16LE {
                TextEncoding::Utf16Le
            } else {
                TextEncoding::Utf16Be
            };
            (text.into_owned(), which)
        };
        return decoded(raw, which, cleaning);
    }
    if let Some(which) = utf16_without_bom(bytes) {
        let enc = if which == TextEncoding::Utf16LeNoBom {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return decoded(text.into_owned(), which, cleaning);
    }
    if has_stray_nuls(bytes) && (simdutf8::basic::from_utf8(bytes).is_ok() || mostly_utf8(bytes)) {
        // Text with a NUL byte or two pasted in: each is replaced, with the invalid bytes, by
        // `�`, which the warning counts and locates; the note is kept.
        let text = String::from_utf8_lossy(bytes).replace('\0', "\u{FFFD}");
        return decoded(text, TextEncoding::Utf8Repaired, cleaning);
    }
    if looks_binary(bytes) {
        return Inspected::Failed(DecodeFailure::Binary);
    }
    // A vectorised check (`simdutf8`): a large file is validated several times faster than by
    // `std::str::from_utf8`.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => Inspected::Failed(DecodeFailure::Empty),
        Ok(_) if cleaning == Cleaning::ByPieces => Inspected::AsIs,
        Ok(text) => match clean(text) {
            Cow::Borrowed(_) => Inspected::AsIs,
            Cow::Owned(t) => Inspected::Text(t, TextEncoding::Utf8),
        },
        Err(_) if mostly_utf8(bytes) => decoded(
            String::from_utf8_lossy(bytes).into_owned(),
            TextEncoding::Utf8Repaired,
            cleaning,
        ),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            decoded(text.into_owned(), TextEncoding::Windows1252, cleaning)
        }
    }
}

/// Decoded text, cleaned if `cleaning` says so, unless it is empty.
fn decoded(raw: String, encoding: TextEncoding, cleaning: Cleaning) -> Inspected {
    if raw.trim().is_empty() {
        return Inspected::Failed(DecodeFailure::Empty);
    }
    match cleaning {
        Cleaning::Whole => Inspected::Text(clean_owned(raw), encoding),
        Cleaning::ByPieces => Inspected::Text(raw, encoding),
    }
}

/// The decoded text, from the bytes [`inspect`] looked at and what it found.
fn finish(bytes: Vec<u8>, inspected: Inspected) -> Result<Decoded, DecodeFailure> {
    match inspected {
        Inspected::Failed(f) => Err(f),
        Inspected::AsIs => Ok(Decoded {
            // SAFETY: `inspect` found these very bytes valid UTF-8 (`finish` is only called
            // with the bytes given to `inspect`).
            text: unsafe { String::from_utf8_unchecked(bytes) },
            encoding: TextEncoding::Utf8,
        }),
        Inspected::Text(text, encoding) => Ok(Decoded { text, encoding }),
    }
}

/// The bytes as a `String` if they are UTF-8, the bytes back otherwise, by the vectorised
/// check [`inspect`] uses: texts kept on disk are checked again each time a pass reads them
/// back.
pub(crate) fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that `bytes` are valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        Err(bytes)
    }
}

/// Normalises decoded text: CRLF and lone CR to LF, then NFC.
pub fn clean_text(raw: &str) -> String {
    match clean(raw) {
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(s) => s,
    }
}

/// [`clean_text`] taking the text by value: returned as is (not copied) when it already has
/// `\n` line endings and is NFC, as nearly all text is.
pub fn clean_owned(raw: String) -> String {
    match clean(&raw) {
        Cow::Borrowed(_) => raw,
        Cow::Owned(s) => s,
    }
}

/// One piece of a JSON Lines text decoded with [`Cleaning::ByPieces`], cleaned: CRLF to LF, a
/// lone CR to a space, then NFC; borrowed when nothing changes (nearly always). A JSON Lines
/// record ends at a line feed only: a lone CR is not a line end (counted as one, it shifted
/// every later line number), and a space keeps the record, which a raw CR inside a string would
/// make invalid JSON. The piece must end after a line end (or at the end of the text), so that
/// no CRLF is split and normalisation is the same as the whole text's: a line feed never
/// composes with what surrounds it.
pub(crate) fn clean_piece(piece: &str) -> Cow<'_, str> {
    if !piece.contains('\r') {
        return nfc(piece);
    }
    let lf = piece.replace("\r\n", "\n").replace('\r', " ");
    match nfc(&lf) {
        Cow::Borrowed(_) => Cow::Owned(lf),
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// The number of line ends in `raw` as [`clean_piece`] sees them (line feeds; a lone CR is
/// none): the line number a reader of [`Cleaning::ByPieces`] text adds after a piece.
pub(crate) fn line_ends(raw: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', raw).count()
}

/// CRLF and lone CR to LF, then NFC; borrowed when nothing changes.
fn clean(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        // ASCII is NFC: only line endings can change.
        return if raw.contains('\r') {
            Cow::Owned(lf(raw))
        } else {
            Cow::Borrowed(raw)
        };
    }
    if raw.contains('\r') {
        let lf = lf(raw);
        match nfc(&lf) {
            Cow::Borrowed(_) => Cow::Owned(lf),
            Cow::Owned(s) => Cow::Owned(s),
        }
    } else {
        nfc(raw)
    }
}

/// CRLF and lone CR to LF.
fn lf(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// Texts above twice this size are normalised in parallel, by pieces of about this size.
const PARALLEL_PIECE: usize = 1 << 20;

/// NFC, borrowed when the text already is. A line feed is a stable starter (it never reorders
/// nor composes with a neighbour), so the NFC of a text is the NFC of its lines joined by line
/// feeds: a large text (a JSON Lines file read whole) is normalised by pieces that end after a
/// line feed, in parallel, and each piece line by line (see [`nfc_lines`]).
fn nfc(text: &str) -> Cow<'_, str> {
    if text.len() <= 2 * PARALLEL_PIECE {
        return nfc_lines(text);
    }
    let mut pieces = Vec::with_capacity(text.len() / PARALLEL_PIECE + 1);
    let mut rest = text;
    while rest.len() > PARALLEL_PIECE {
        let Some(i) = rest.as_bytes()[PARALLEL_PIECE..]
            .iter()
            .position(|&b| b == b'\n')
        else {
            break;
        };
        let (piece, tail) = rest.split_at(PARALLEL_PIECE + i + 1);
        pieces.push(piece);
        rest = tail;
    }
    pieces.push(rest);
    let parts: Vec<Cow<'_, str>> = pieces.par_iter().map(|p| nfc_lines(p)).collect();
    if parts.iter().all(|p| matches!(p, Cow::Borrowed(_))) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in &parts {
        out.push_str(p);
    }
    Cow::Owned(out)
}

/// [`nfc`] of one text, serially: a text not surely NFC at a glance (see [`surely_nfc`]) is
/// checked line by line, and only the lines that need it are checked in full and rewritten.
fn nfc_lines(text: &str) -> Cow<'_, str> {
    if surely_nfc(text) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut done = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if surely_nfc(line) || is_nfc(line) {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        o.push_str(&text[done..start]);
        o.extend(line.nfc());
        done = offset;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[done..]);
            Cow::Owned(o)
        }
    }
}

/// Whether every character is a starter (combining class 0) that NFC keeps as is, which makes
/// the text NFC. Characters below U+0300 all are: their UTF-8 lead bytes are below `0xCC`, so
/// only the characters whose lead byte is `0xCC` or more are looked up. The bytes are scanned 16
/// at a time (a block's largest byte, which the compiler computes with vector instructions):
/// French text has such a character every few hundred bytes (`’`, `…`, `€`), so nearly every
/// block is passed whole; a byte-by-byte search took 5 instructions a byte.
fn surely_nfc(text: &str) -> bool {
    const BLOCK: usize = 16;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + BLOCK)
            && block.iter().fold(0, |m, &b| m.max(b)) < 0xCC
        {
            i += BLOCK;
            continue;
        }
        if bytes[i] < 0xCC {
            i += 1;
            continue;
        }
        // A byte of `0xCC` or more is a lead byte (continuation bytes are below `0xC0`).
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        if canonical_combining_class(c) != 0
            || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
        {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// UTF-32 text with its byte-order mark (`FF FE 00 00` or `00 00 FE FF`), decoded (encoding_rs
/// has no UTF-32: each four bytes are one code point, an invalid one becomes `�`).
fn utf32_with_bom(bytes: &[u8]) -> Option<(String, TextEncoding)> {
    let (which, read): (_, fn([u8; 4]) -> u32) = match bytes.get(..4)? {
        [0xFF, 0xFE, 0, 0] => (TextEncoding::Utf32Le, u32::from_le_bytes),
        [0, 0, 0xFE, 0xFF] => (TextEncoding::Utf32Be, u32::from_be_bytes),
        _ => return None,
    };
    let body = &bytes[4..];
    let mut text = String::with_capacity(body.len() / 4);
    let mut units = body.chunks_exact(4);
    for unit in &mut units {
        let code = read([unit[0], unit[1], unit[2], unit[3]]);
        text.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
    }
    if !units.remainder().is_empty() {
        text.push('\u{FFFD}');
    }
    Some((text, which))
}

/// UTF-16 without a byte-order mark, told by where its NUL bytes fall in the first bytes: in
/// French text nearly every character is below U+0100, so one byte of each pair is NUL — the
/// second (little-endian) or the first (big-endian) — and the other almost never is. A binary
/// file's NULs fall on both sides.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut first, mut second) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        first += usize::from(pair[0] == 0);
        second += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(second) && rarely(first) {
        Some(TextEncoding::Utf16LeNoBom)
    } else if mostly(first) && rarely(second) {
        Some(TextEncoding::Utf16BeNoBom)
    } else {
        None
    }
}

/// The most NUL bytes the first bytes of a text may hold, none next to another, and still be
/// text with stray NULs (see [`has_stray_nuls`]).
const MAX_STRAY_NULS: usize = 8;

/// A file is binary when its first bytes hold a NUL or more than 10% control characters other
/// than tab, line feed, carriage return and form feed.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    head.contains(&0) || control_heavy(head)
}

/// Whether more than 10% of `head` are control characters other than tab, line feed, carriage
/// return and form feed.
fn control_heavy(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > head.len()
}

/// Whether the first bytes hold a few NUL bytes, at most [`MAX_STRAY_NULS`] and none next to
/// another, amid text otherwise (no more control characters than [`looks_binary`] allows): a
/// byte pasted into a note, which one NUL made skipped whole as binary. The headers of binary
/// formats (PNG, ZIP, PDF streams, executables) hold runs of NULs, or bytes that are no UTF-8,
/// and stay binary.
fn has_stray_nuls(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let nuls = memchr::memchr_iter(0, head).count();
    (1..=MAX_STRAY_NULS).contains(&nuls)
        && !head.windows(2).any(|w| w == [0, 0])
        && !control_heavy(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A UTF-8 text with a stray Latin-1 byte, or a character cut at its end, stays UTF-8: only
    /// the bad bytes become `�`, and the warning points at the line of the first; a text with
    /// no valid accent is still read as Windows-1252.
    #[test]
    fn a_few_bad_bytes_do_not_turn_utf8_into_windows_1252() {
        let mut stray = "Intérêt général\nLes élus\n".as_bytes().to_vec();
        stray.extend_from_slice(b"Caf\xe9\n");
        let d = decode(&stray).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8Repaired);
        assert_eq!(d.text, "Intérêt général\nLes élus\nCaf\u{FFFD}\n");
        let (line, message) = d.encoding.warning(Some(&d.text)).unwrap();
        assert_eq!(line, Some(3));
        assert!(
            message.contains("1 séquence d'octets invalide)"),
            "{message}"
        );

        let mut cut = "Les élus".as_bytes().to_vec();
        cut.push(0xC3);
        let d = decode(&cut).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Les élus\u{FFFD}", TextEncoding::Utf8Repaired)
        );

        // Windows-1252 text: one byte per accent, so no valid multi-byte character.
        let d = decode(b"Int\xe9r\xeat g\xe9n\xe9ral, Caf\xe9").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Intérêt général, Café", TextEncoding::Windows1252)
        );
        // More bad bytes than good accents: Windows-1252 (`é` read as `Ã©`).
        let d = decode(b"\xe9lus \xe9lu \xc3\xa9").unwrap();
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(d.encoding.warning(Some(&d.text)).unwrap().0, None);
    }

    /// Decoding for a reader that cleans piece by piece leaves line endings and normalisation
    /// as they are, and still refuses what is not text; `line_ends` counts the line ends the
    /// cleaning leaves (a JSON Lines file's: line feeds only).
    #[test]
    fn cleaning_by_pieces_is_left_to_the_reader() {
        let raw = "Synthe\u{300}se\r\nConfiance\rfin\n";
        let d = decode_owned_with(raw.as_bytes().to_vec(), Cleaning::ByPieces).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (raw, TextEncoding::Utf8));
        assert_eq!(clean_piece(&d.text), "Synthèse\nConfiance fin\n");
        assert_eq!(line_ends(raw.as_bytes()), 2);
        assert_eq!(clean_piece("a\r\r\nb\n\rc\r"), "a \nb\n c ");
        assert_eq!(line_ends(b"a\r\r\nb\n\rc\r"), 2);
        assert_eq!(line_ends(b"sans fin de ligne"), 0);
        let latin = decode_owned_with(b"\xe9lus\r\n".to_vec(), Cleaning::ByPieces).unwrap();
        assert_eq!(latin.text, "élus\r\n");
        assert_eq!(latin.encoding, TextEncoding::Windows1252);
        for (bytes, failure) in [
            (&b" \r\n "[..], DecodeFailure::Empty),
            (&b"\0\0\0\0binary\0\0\0"[..], DecodeFailure::Binary),
        ] {
            let got = decode_owned_with(bytes.to_vec(), Cleaning::ByPieces);
            assert_eq!(got.map(|d| d.text), Err(failure));
        }
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode("\u{feff}Synthèse\r\nConfiance\rfin".as_bytes()).unwrap();
        assert_eq!(d.text, "Synthèse\nConfiance\nfin");
        assert_eq!(d.encoding, TextEncoding::Utf8Bom);
    }

    #[test]
    fn windows_1252_fallback() {
        // "élus coopération" in Windows-1252.
        let bytes = b"\xe9lus coop\xe9ration \x93guillemets\x94";
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "élus coopération \u{201c}guillemets\u{201d}");
        assert_eq!(d.encoding, TextEncoding::Windows1252);
    }

    /// UTF-16 without its mark is told by its NULs, with a warning; UTF-32 with its mark is
    /// decoded (it was read as text with a NUL between letters: `A t e l i e r`); binary data
    /// with NULs on both sides of its pairs stays binary.
    #[test]
    fn utf16_without_bom_and_utf32_are_read() {
        let text = "# Atelier 5\n\nLa confiance des élus.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, want) in [
            (le, TextEncoding::Utf16LeNoBom),
            (be, TextEncoding::Utf16BeNoBom),
        ] {
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, want));
            assert!(d.encoding.warning(None).unwrap().1.contains("UTF-16"));
        }
        let mut le32 = vec![0xFF, 0xFE, 0, 0];
        le32.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
        let mut be32 = vec![0, 0, 0xFE, 0xFF];
        be32.extend(text.chars().flat_map(|c| (c as u32).to_be_bytes()));
        for (bytes, want) in [(le32, TextEncoding::Utf32Le), (be32, TextEncoding::Utf32Be)] {
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, want));
        }
        // A PNG header and NULs everywhere: binary.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
        assert_eq!(decode(png).unwrap_err(), DecodeFailure::Binary);
        assert_eq!(
            decode(&[0u8; 64]).unwrap_err(),
            DecodeFailure::Binary,
            "all NULs"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Légitimité".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Légitimité");
        assert_eq!(d.encoding, TextEncoding::Utf16Le);
    }

    #[test]
    fn nfd_becomes_nfc() {
        let d = decode("le\u{301}gitimite\u{301}".as_bytes()).unwrap();
        assert_eq!(d.text, "légitimité");
    }

    #[test]
    fn only_the_lines_that_need_it_are_normalised() {
        let text = "l\u{2019}\u{e9}lu \u{ab} ok \u{bb}\nle\u{301}gitimite\u{301}\n\u{1e9b}\u{323}\ncafe\u{301} \u{2026}";
        let expected: String = text.nfc().collect();
        assert_eq!(clean_text(text), expected);
        assert_eq!(
            clean_text(text),
            "l\u{2019}\u{e9}lu \u{ab} ok \u{bb}\nl\u{e9}gitimit\u{e9}\n\u{1e9b}\u{323}\ncaf\u{e9} \u{2026}"
        );
        assert!(surely_nfc(
            "l\u{2019}\u{e9}lu \u{ab}\u{153}uvre\u{bb} \u{2026}"
        ));
        assert!(!surely_nfc("e\u{301}"));
        assert!(!surely_nfc("\u{212b}"), "the Angstrom sign is not NFC");
        assert!(matches!(clean("d\u{e9}j\u{e0} NFC\n"), Cow::Borrowed(_)));
        assert_eq!(clean_owned("a\r\nb\rc".to_string()), "a\nb\nc");
    }

    proptest::proptest! {
        /// The block scan finds what a character-by-character check finds, wherever in a
        /// 16-byte block the characters to look up fall (mostly ASCII and Latin-1 text, with
        /// punctuation, combining marks and the Angstrom sign here and there).
        #[test]
        fn surely_nfc_checks_each_character(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => "[a-z ]{1,24}",
                    1 => "[é’…\u{301}\u{323}\u{212b}\u{2000}]",
                ],
                0..12,
            )
        ) {
            let s = pieces.concat();
            let reference = s.chars().all(|c| {
                c < '\u{300}'
                    || (canonical_combining_class(c) == 0
                        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
            });
            proptest::prop_assert_eq!(surely_nfc(&s), reference);
        }
    }

    /// A text large enough to be normalised by pieces in parallel gives the NFC of the whole,
    /// whether the lines to rewrite are in the first piece, the last, both or none, and is
    /// borrowed when nothing changes.
    #[test]
    fn large_texts_are_normalised_by_pieces() {
        let line = "la l\u{e9}gitimit\u{e9} de l\u{2019}\u{e9}lu, \u{153}uvre commune\n";
        let clean: String = line.repeat(3 * PARALLEL_PIECE / line.len());
        assert!(clean.len() > 2 * PARALLEL_PIECE);
        assert!(matches!(nfc(&clean), Cow::Borrowed(_)));
        let nfd = "le\u{301}gitimite\u{301} \u{212b}\n";
        for (head, tail) in [(true, false), (false, true), (true, true)] {
            let mut text = String::new();
            if head {
                text.push_str(nfd);
            }
            text.push_str(&clean);
            if tail {
                text.push_str("sans fin de ligne : caf");
                text.push_str("e\u{301}");
            }
            let want: String = text.nfc().collect();
            assert_ne!(want, text);
            assert_eq!(nfc(&text), want, "head {head}, tail {tail}");
        }
    }

    /// A note with a stray NUL byte is read, the byte replaced by `�` and said with its line;
    /// binary headers with NULs, and a NUL amid bytes that are no UTF-8, stay binary.
    #[test]
    fn a_stray_nul_byte_keeps_the_note() {
        let text = "Atelier 1\nLa confiance des élus\u{0}, au cœur du sujet.\nSynthèse\n";
        let d = decode(text.as_bytes()).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8Repaired);
        assert_eq!(
            d.text,
            "Atelier 1\nLa confiance des élus\u{FFFD}, au cœur du sujet.\nSynthèse\n"
        );
        let (line, _) = d.encoding.warning(Some(&d.text)).unwrap();
        assert_eq!(line, Some(2));
        for binary in [
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR and some more bytes"[..],
            b"PK\x03\x04\x14\0\0\0\x08\0word/document.xml",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
            b"%PDF-1.4 \xe9\xff\xfe\x00 \x9c\x8d stream \xff\xd8",
        ] {
            assert_eq!(
                decode(binary).unwrap_err(),
                DecodeFailure::Binary,
                "{binary:?}"
            );
        }
        // Many NULs apart: binary.
        let many: Vec<u8> = b"ab\0cd".repeat(20);
        assert_eq!(decode(&many).unwrap_err(), DecodeFailure::Binary);
    }

    #[test]
    fn empty_and_binary_refused() {
        assert_eq!(decode(b"").unwrap_err(), DecodeFailure::Empty);
        assert_eq!(decode(b"  \n\t\n").unwrap_err(), DecodeFailure::Empty);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            DecodeFailure::Binary
        );
    }
}
