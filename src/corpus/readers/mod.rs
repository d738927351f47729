//! Input readers: office files, PDFs, HTML pages, CSV/TSV tables and IRaMuTeQ corpora.
//!
//! A [`Reader`] turns one file's bytes into either
//!
//! - **one text in Markdown-like form** ([`Extracted::Text`]): headings as `#` lines (from Word or
//!   LibreOffice paragraph styles, HTML `<h1>`…), list items as `- ` bullets, table rows as
//!   `| cell | cell |`, paragraphs separated by blank lines, in reading order. That text then goes
//!   through the same structure inference as a Markdown note ([`super::structure::parse`]);
//! - or **several records with metadata** ([`Extracted::Records`]): one per CSV/TSV row or per
//!   IRaMuTeQ text, loaded like JSON Lines lines (one section each, no heading inference).
//!
//! The reader is chosen by the file's extension ([`reader_for`]) and the choice is checked against
//! the content ([`Magic`]): a `.docx` that is not a zip archive, or a `.pdf` without the `%PDF`
//! signature, is skipped with a reason saying what was expected and what was found. A `.txt` file
//! whose first non-blank line starts with `**** ` is an IRaMuTeQ corpus ([`is_iramuteq`]).
//!
//! Readers never trust sizes: a file larger than [`Limits::max_file_bytes`] is not read, archive
//! entries are inflated through a size-limited reader, and an entry whose compression ratio looks
//! like a zip bomb is refused before it is inflated (see [`zipped`]).

pub mod csv;
pub mod docx;
pub mod html;
pub mod iramuteq;
pub mod odt;
pub mod pdf;
mod xml;
pub mod zipped;

use std::path::Path;

use super::decode::{DecodeFailure, Decoded};
use super::{JsonlFields, SkipReason, TextEncoding};

/// Size limits applied while reading untrusted files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read whole, in bytes. A large JSON Lines file or note is not refused when
    /// texts go to disk: it is read block by block instead (see `corpus::stream`).
    pub max_file_bytes: u64,
    /// Largest uncompressed size of one archive entry (declared or real), in bytes.
    pub max_entry_bytes: u64,
    /// Largest compression ratio (uncompressed / compressed) accepted for an entry larger than
    /// [`Limits::ratio_floor_bytes`]: ordinary office XML compresses 5–50 times, a zip bomb
    /// hundreds or thousands of times.
    pub max_ratio: u64,
    /// Entries smaller than this (uncompressed) are never refused for their ratio.
    pub ratio_floor_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 << 20,
            max_entry_bytes: 256 << 20,
            max_ratio: 200,
            ratio_floor_bytes: 4 << 20,
        }
    }
}

/// What kind of content a file's first bytes show: used to check that the extension tells the
/// truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Magic {
    /// A zip archive (`PK\x03\x04`, or `PK\x05\x06` for an empty one): .docx, .odt, .xlsx.
    Zip,
    /// A PDF (`%PDF-`).
    Pdf,
    /// An OLE2 compound file: legacy .doc, .xls, .ppt.
    Ole2,
    /// A gzip stream.
    Gzip,
    /// A PNG, JPEG, GIF or TIFF image.
    Image,
    /// Bytes that decode as text.
    Text,
    /// Nothing recognisable.
    Binary,
    /// No bytes, or only white space.
    Empty,
}

impl Magic {
    /// Looks at the first bytes (at most 8 KiB are inspected).
    pub fn of(bytes: &[u8]) -> Magic {
        let b = bytes;
        if b.is_empty() {
            Magic::Empty
        } else if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
            Magic::Zip
        } else if b.starts_with(b"%PDF-") || pdf_header_near_start(b) {
            Magic::Pdf
        } else if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Magic::Ole2
        } else if b.starts_with(&[0x1F, 0x8B]) {
            Magic::Gzip
        } else if b.starts_with(b"\x89PNG")
            || b.starts_with(&[0xFF, 0xD8, 0xFF])
            || b.starts_with(b"GIF8")
            || b.starts_with(b"II*\0")
            || b.starts_with(b"MM\0*")
        {
            Magic::Image
        } else {
            // The decoder's binary check looks at the first 8 KiB only: so does this.
            match super::decode::decode(&b[..b.len().min(8192)]) {
                Ok(_) => Magic::Text,
                Err(DecodeFailure::Empty) if b.len() <= 8192 => Magic::Empty,
                Err(DecodeFailure::Empty) => Magic::Text,
                Err(DecodeFailure::Binary) => Magic::Binary,
            }
        }
    }

    /// The content, described in French, for messages.
    pub fn describe_fr(self) -> &'static str {
        match self {
            Magic::Zip => "une archive zip",
            Magic::Pdf => "un PDF",
            Magic::Ole2 => {
                "un fichier composé OLE2 (un ancien .doc/.xls, ou un fichier Office protégé par \
                 mot de passe)"
            }
            Magic::Gzip => "un flux gzip",
            Magic::Image => "une image",
            Magic::Text => "du texte brut",
            Magic::Binary => "des données binaires non reconnues",
            Magic::Empty => "aucun texte (rien que des blancs, ou 0 octet)",
        }
    }

    /// The content, described in English (see [`Magic::describe_fr`] for French).
    pub fn describe(self) -> &'static str {
        match self {
            Magic::Zip => "a zip archive",
            Magic::Pdf => "a PDF",
            Magic::Ole2 => {
                "an OLE2 compound file (a legacy .doc/.xls, or a password-protected Office file)"
            }
            Magic::Gzip => "a gzip stream",
            Magic::Image => "an image",
            Magic::Text => "plain text",
            Magic::Binary => "unrecognised binary data",
            Magic::Empty => "no text (only white space, or 0 bytes)",
        }
    }
}

/// PDF writers may put a few bytes of junk before `%PDF-` (the spec tolerates 1024).
fn pdf_header_near_start(b: &[u8]) -> bool {
    let head = &b[..b.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// The formats the readers handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Word 2007+ (`.docx`).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// PDF.
    Pdf,
    /// HTML (`.html`, `.htm`).
    Html,
    /// Comma- or semicolon-separated values (`.csv`).
    Csv,
    /// Tab-separated values (`.tsv`).
    Tsv,
    /// An IRaMuTeQ (Alceste-style) corpus (`.txt` starting with `**** `).
    Iramuteq,
}

impl SourceFormat {
    /// Short machine name (`docx`, `pdf`…).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Docx => "docx",
            SourceFormat::Odt => "odt",
            SourceFormat::Pdf => "pdf",
            SourceFormat::Html => "html",
            SourceFormat::Csv => "csv",
            SourceFormat::Tsv => "tsv",
            SourceFormat::Iramuteq => "iramuteq",
        }
    }
}

/// Extensions read by the readers (lowercase, without the dot).
pub const READER_EXTENSIONS: &[&str] = &["docx", "odt", "pdf", "html", "htm", "csv", "tsv"];

/// Everything a reader needs besides the bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file's path (for messages; relative to the corpus root).
    pub path: &'a Path,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// Column names for tabular inputs (the manifest's `fields`).
    pub fields: &'a JsonlFields,
    /// Size limits.
    pub limits: &'a Limits,
}

/// One record of a tabular input (a CSV row, an IRaMuTeQ text), with its metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// Its text (not yet cleaned).
    pub text: String,
    /// Its id.
    pub id: Option<String>,
    /// Its event key.
    pub event: Option<String>,
    /// Its event date, as written.
    pub date: Option<String>,
    /// Its atelier (number or name).
    pub atelier: Option<String>,
    /// Its section kind, as written.
    pub section: Option<String>,
    /// Other metadata (name, value), in input order.
    pub variables: Vec<(String, String)>,
}

/// What a reader gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
    /// One Markdown-like text, for [`super::structure::parse`].
    Text {
        /// The text (not yet cleaned: the loader normalises line endings and NFC).
        text: String,
        /// How the text was obtained.
        encoding: TextEncoding,
        /// Things worth telling (furniture dropped, a fallback encoding…).
        warnings: Vec<String>,
    },
    /// Several records, each one document.
    Records {
        /// The records, in input order.
        records: Vec<Record>,
        /// How the file was decoded.
        encoding: TextEncoding,
        /// Records not loaded: (1-based line, reason).
        skipped: Vec<(usize, SkipReason)>,
        /// Things worth telling: (line, message).
        warnings: Vec<(Option<usize>, String)>,
    },
}

/// A reader of one input format.
pub trait Reader: Sync {
    /// The format it reads.
    fn format(&self) -> SourceFormat;

    /// The content signature it expects, if any: a file whose [`Magic`] differs is skipped with
    /// [`SkipReason::WrongContent`] before [`Reader::read`] is called.
    fn expects(&self) -> Option<Magic>;

    /// Reads one file. Errors are the reason the file is skipped.
    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason>;
}

static DOCX: docx::DocxReader = docx::DocxReader;
static ODT: odt::OdtReader = odt::OdtReader;
static PDF: pdf::PdfReader = pdf::PdfReader;
static HTML: html::HtmlReader = html::HtmlReader;
static CSV: csv::CsvReader = csv::CsvReader { tabs: false };
static TSV: csv::CsvReader = csv::CsvReader { tabs: true };
static IRAMUTEQ: iramuteq::IramuteqReader = iramuteq::IramuteqReader;

/// The reader for a file, chosen by its extension (case-insensitive). `.txt` files are not
/// handled here: see [`is_iramuteq`].
pub fn reader_for(path: &Path) -> Option<&'static dyn Reader> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "docx" => &DOCX,
        "odt" => &ODT,
        "pdf" => &PDF,
        "html" | "htm" => &HTML,
        "csv" => &CSV,
        "tsv" => &TSV,
        _ => return None,
    })
}

/// The reader for a note (`.md`, `.txt`) whose bytes are a Word or LibreOffice document or a
/// PDF, as a file saved under the wrong name is (`compte-rendu.txt` that is a `.docx`); `None`
/// for anything else, text included. A zip archive is a Word document when it holds
/// `word/document.xml`, a LibreOffice one when its `mimetype` says so (both names are stored
/// as they are in the archive).
pub fn reader_by_content(bytes: &[u8]) -> Option<&'static dyn Reader> {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // The signatures only: no text decoded for a note that is text.
    if bytes.starts_with(b"PK\x03\x04") {
        if has(b"word/document.xml") {
            Some(&DOCX)
        } else if has(b"application/vnd.oasis.opendocument.text") {
            Some(&ODT)
        } else {
            None
        }
    } else if bytes.starts_with(b"%PDF-") {
        // (Not a `%PDF-` further in: a note may quote one.)
        Some(&PDF)
    } else {
        None
    }
}

/// The IRaMuTeQ reader (for `.txt` files that [`is_iramuteq`] recognises).
pub fn iramuteq_reader() -> &'static dyn Reader {
    &IRAMUTEQ
}

/// Whether decoded text is an IRaMuTeQ corpus: its first non-blank line starts with `**** `.
/// The loader asks this of `.txt` files only (in Markdown a `****` line is a thematic break).
pub fn is_iramuteq(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l == "****" || l.starts_with("**** "))
}

/// Checks the content signature, then reads.
pub fn read_checked(reader: &dyn Reader, input: &Input<'_>) -> Result<Extracted, SkipReason> {
    if input.bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    if let Some(expected) = reader.expects() {
        let found = Magic::of(input.bytes);
        if found != expected {
            return Err(SkipReason::WrongContent {
                format: reader.format(),
                expected,
                found,
            });
        }
    }
    reader.read(input)
}

/// Decodes the bytes of a text-based format (HTML, CSV, IRaMuTeQ) with the loader's rules.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    super::decode::decode(bytes).map_err(|e| match e {
        DecodeFailure::Empty => SkipReason::Empty,
        DecodeFailure::Binary => SkipReason::Binary,
    })
}

/// Accumulates Markdown-like lines: paragraphs separated by blank lines, table rows kept
/// together.
#[derive(Debug, Default)]
pub(crate) struct MdWriter {
    out: String,
    in_table: bool,
}

impl MdWriter {
    /// A heading of level 1–6.
    pub(crate) fn heading(&mut self, level: usize, text: &str) {
        let t = one_line(text);
        if t.is_empty() {
            return;
        }
        let level = level.clamp(1, 6);
        self.block(&format!("{} {t}", "#".repeat(level)));
    }

    /// A list item.
    pub(crate) fn bullet(&mut self, text: &str) {
        let t = one_line(text);
        if !t.is_empty() {
            self.block(&format!("- {t}"));
        }
    }

    /// A paragraph; its inner line breaks are kept as separate lines.
    pub(crate) fn paragraph(&mut self, text: &str) {
        let lines: Vec<String> = text
            .split('\n')
            .map(one_line)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            self.block(&lines.join("\n"));
        }
    }

    /// A table row.
    pub(crate) fn row(&mut self, cells: &[String]) {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| one_line(c).replace('|', "/"))
            .collect();
        if cells.iter().all(String::is_empty) {
            return;
        }
        if !self.in_table && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.in_table = true;
        self.out.push_str("| ");
        self.out.push_str(&cells.join(" | "));
        self.out.push_str(" |\n");
    }

    fn block(&mut self, s: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.in_table = false;
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// The text.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Collapses white space (including non-breaking spaces) to single spaces, trimmed.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Heading level of a paragraph style name, in English or French, as Word and LibreOffice name
/// them: `heading 1`, `Heading1`, `Titre 1`, `Titre1` → 1, `Titre 2` → 2…; the document title
/// style (`Title`, `Titre`) → 1 too. Other styles → `None`.
pub(crate) fn heading_level_of_style(name: &str) -> Option<usize> {
    let k: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect::<String>()
        .to_lowercase()
        .replace("20", "");
    if k == "title" || k == "titre" || k == "titredudocument" {
        return Some(1);
    }
    for prefix in ["heading", "titre", "überschrift", "titolo", "título"] {
        if let Some(rest) = k.strip_prefix(prefix)
            && let Ok(n) = rest.parse::<usize>()
            && (1..=9).contains(&n)
        {
            return Some(n.min(6));
        }
    }
    None
}

/// Whether a paragraph style is a list style (`List Paragraph`, `Paragraphe de liste`,
/// `List Bullet`, `Liste à puces`).
pub(crate) fn is_list_style(name: &str) -> bool {
    let k = name.to_lowercase().replace("_20_", " ");
    k.starts_with("list")
        || k.starts_with("liste")
        || k.starts_with("paragraphe de liste")
        || k.contains("bullet")
        || k.contains("puce")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes() {
        assert_eq!(Magic::of(b"PK\x03\x04rest"), Magic::Zip);
        assert_eq!(Magic::of(b"%PDF-1.7\n"), Magic::Pdf);
        assert_eq!(Magic::of(b""), Magic::Empty);
        assert_eq!(Magic::of("Synthèse\n- confiance".as_bytes()), Magic::Text);
        assert_eq!(Magic::of(b"\x89PNG\r\n\x1a\n\0\0"), Magic::Image);
        assert_eq!(Magic::of(b"\0\x01\x02\x03\x04"), Magic::Binary);
    }

    #[test]
    fn style_names() {
        assert_eq!(heading_level_of_style("heading 1"), Some(1));
        assert_eq!(heading_level_of_style("Titre 2"), Some(2));
        assert_eq!(heading_level_of_style("Heading_20_1"), Some(1));
        assert_eq!(heading_level_of_style("Title"), Some(1));
        assert_eq!(heading_level_of_style("Normal"), None);
        assert_eq!(heading_level_of_style("Titre du tableau"), None);
        assert!(is_list_style("List Paragraph"));
        assert!(is_list_style("Paragraphe de liste"));
        assert!(!is_list_style("Normal"));
    }

    #[test]
    fn md_writer_shapes() {
        let mut w = MdWriter::default();
        w.heading(2, "Synthèse");
        w.bullet("  la   confiance ");
        w.row(&["Nom".into(), "Rôle".into()]);
        w.row(&["Anne".into(), "a|b".into()]);
        w.paragraph("Fin\nde ligne");
        assert_eq!(
            w.finish(),
            "## Synthèse\n\n- la confiance\n\n| Nom | Rôle |\n| Anne | a/b |\n\nFin\nde ligne\n"
        );
    }

    #[test]
    fn iramuteq_sniff() {
        assert!(is_iramuteq("\n\n**** *event_forum\ntexte"));
        assert!(!is_iramuteq("# Titre\n**** *a"));
        assert!(!is_iramuteq("****x"));
    }
}
