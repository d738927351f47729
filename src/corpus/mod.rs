//! The corpus: notes loaded from files, with their events, ateliers, sections and blocks.
//!
//! [`Corpus::load`] takes a folder (with or without a [`manifest`](manifest::MANIFEST_NAME)), a
//! manifest file, or a single note. Each file is decoded ([`decode`]), its structure inferred
//! ([`structure`]) and placed in the hierarchy
//!
//! ```text
//! Corpus → Event → Atelier → Section → Block (a line: paragraph, bullet, heading, table row)
//! ```
//!
//! Everything is stored in flat vectors indexed by typed ids ([`EventId`], [`AtelierId`],
//! [`DocId`], [`SectionId`]), in a deterministic order: events by date then id, ateliers by event
//! then number, documents by path. Sentences are found later, by the [`crate::text`] analyser,
//! inside each block.
//!
//! Besides Markdown and text notes and JSON Lines, the [`readers`] extract Word (.docx),
//! LibreOffice (.odt), PDF and HTML files into the same Markdown-like form before structure
//! inference, and read CSV/TSV rows and IRaMuTeQ corpora as documents with metadata.
//!
//! Per-file problems never stop a load: an empty, binary, missing, unreadable, corrupt, oversized
//! or mislabelled file (a `.docx` that is not a zip archive), or a PDF without a text layer, is
//! recorded in [`Corpus::skipped`] with its reason, and a file decoded as Windows-1252 gets a
//! [`Corpus::warnings`] entry. Only a broken manifest or an unreadable corpus folder is an error.

pub mod date;
pub mod decode;
pub mod fingerprint;
pub mod fold;
mod in_place;
pub mod jsonl;
pub mod manifest;
pub mod overview;
pub mod readers;
pub mod small;
pub mod span;
pub mod store;
mod stream;
pub mod structure;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::num::NonZeroU32;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use compact_str::CompactString;
use rayon::prelude::*;
use thin_vec::ThinVec;

pub use date::{Date, DateRange};
pub use decode::TextEncoding;
pub use fingerprint::Fingerprint;
pub use manifest::{JsonlFields, Manifest};
pub use small::SmallList;
pub use span::{MAX_DOC_BYTES, Span};
pub use store::{DocText, TextCursor, TextStorage};

use crate::error::{Error, Result};
use structure::{ParseOptions, ParsedDoc, ParsedSection};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into the corpus's vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of an [`Event`] in [`Corpus::events`].
    EventId
);
id_type!(
    /// Index of an [`Atelier`] in [`Corpus::ateliers`].
    AtelierId
);
id_type!(
    /// Index of a [`Document`] in [`Corpus::documents`].
    DocId
);
id_type!(
    /// Index of a [`Section`] in [`Corpus::sections`].
    SectionId
);

/// What a section of notes is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// The atelier's question.
    Question,
    /// Its synthesis.
    Synthese,
    /// Notes of the discussion ("Éléments importants de la discussion", a booklet round).
    Discussion,
    /// Ideas to dig into, next steps.
    Idees,
    /// The list of participants (names: metadata, not analysed).
    Participants,
    /// The porteur(s) of the question (names: metadata, not analysed).
    Porteur,
    /// A programme, an agenda, a table of contents.
    Programme,
    /// Anything else (a preamble, an untitled part).
    Other,
}

impl SectionKind {
    /// All kinds, in display order.
    pub const ALL: [SectionKind; 8] = [
        SectionKind::Question,
        SectionKind::Synthese,
        SectionKind::Discussion,
        SectionKind::Idees,
        SectionKind::Participants,
        SectionKind::Porteur,
        SectionKind::Programme,
        SectionKind::Other,
    ];

    /// Machine name, as in JSON (`synthese`, `idees`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Question => "question",
            SectionKind::Synthese => "synthese",
            SectionKind::Discussion => "discussion",
            SectionKind::Idees => "idees",
            SectionKind::Participants => "participants",
            SectionKind::Porteur => "porteur",
            SectionKind::Programme => "programme",
            SectionKind::Other => "other",
        }
    }

    /// French label for people (`Synthèse`, `Idées à creuser`).
    pub fn label_fr(self) -> &'static str {
        match self {
            SectionKind::Question => "Question",
            SectionKind::Synthese => "Synthèse",
            SectionKind::Discussion => "Discussion",
            SectionKind::Idees => "Idées à creuser",
            SectionKind::Participants => "Participants",
            SectionKind::Porteur => "Porteur",
            SectionKind::Programme => "Programme",
            SectionKind::Other => "Autre",
        }
    }

    /// Whether the section lists people rather than discussion: never analysed.
    pub fn is_names(self) -> bool {
        matches!(self, SectionKind::Participants | SectionKind::Porteur)
    }

    /// Parses a machine name or a heading (`synthèse`, `Idées à creuser`).
    pub fn parse(s: &str) -> Option<SectionKind> {
        let k = fold::key(s);
        SectionKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == k)
            .or_else(|| match structure::heading_kind(s) {
                Some(structure::HeadingClass::Section(kind)) => Some(kind),
                _ => None,
            })
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a block is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading line.
    Heading,
    /// A line of running text.
    Paragraph,
    /// A bullet item.
    Bullet,
    /// A table row.
    TableRow,
    /// A quoted line (`> …`).
    Quote,
}

/// Why a block is page furniture: kept in the text, kept out of term statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Furniture {
    /// A structural heading (`Synthèse`, `Atelier 2`, a booklet part title).
    Heading,
    /// A table of contents.
    TableOfContents,
    /// A page number, arrows, lone symbols.
    PageNumber,
    /// An e-mail address or a contacts section.
    Contact,
    /// The training calendar (training codes such as `SXC6J.007`).
    TrainingCalendar,
    /// A line naming a person.
    Person,
    /// An atelier question repeated in a later round.
    Repeat,
}

/// The kind of an atelier-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AtelierKind {
    /// A numbered atelier of an event (`Atelier 2`), merged across rounds and sessions.
    Atelier,
    /// A note with no atelier in it (a meeting's minutes), as one unit.
    Document,
    /// Material of an event outside any atelier (plenary questions, interviews, closing essay).
    Plenary,
}

/// A dated event: a forum, a meeting, a two-day université.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    /// Its id.
    pub id: EventId,
    /// Its key, from the manifest or the folder name (`forum-2020`).
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its date or date range, when known.
    pub dates: Option<DateRange>,
    /// Its ateliers, in order.
    pub ateliers: Vec<AtelierId>,
}

/// An atelier (or another atelier-level unit, see [`AtelierKind`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Atelier {
    /// Its id.
    pub id: AtelierId,
    /// Its event.
    pub event: EventId,
    /// A stable key for exports: `forum-2020/atelier-1`, `universite-2021/pleniere`,
    /// `porteurs-2020/reunion-des-porteurs`.
    pub key: String,
    /// What kind of unit it is.
    pub kind: AtelierKind,
    /// Its number within the event, for a numbered atelier.
    pub number: Option<u32>,
    /// A short label (`Atelier 2`, `Réunion des porteurs`, `Plénière`).
    pub label: String,
    /// The title line as written (`Atelier 1 - Emergence - Session 2`).
    pub title: Option<String>,
    /// Its question, as first written.
    pub question: Option<String>,
    /// Session numbers seen in its titles.
    pub sessions: Vec<u32>,
    /// The documents it appears in.
    pub documents: Vec<DocId>,
}

/// A loaded document: a note file, or one line of a JSON Lines file.
///
/// Its title and variables are read with [`Document::title`] and [`Document::variables`]: an
/// answer of a consultation (millions of records in a large one) has neither, so both are stored
/// behind one pointer, only when there is one (8 bytes where the two fields took 24).
#[derive(Debug, Clone)]
pub struct Document {
    /// Its id.
    pub id: DocId,
    /// Its path, relative to the corpus root (shared by the documents of one file). An
    /// `Arc<PathBuf>` is one pointer where an `Arc<Path>` is two: there is one per answer.
    pub path: Arc<PathBuf>,
    /// For a JSON Lines line, a CSV row or an IRaMuTeQ text, its 1-based (first) line. Four bytes
    /// with its `None` (a line number is never 0), not eight: there is one per answer of a
    /// consultation; a line number beyond `u32::MAX` (a file of over four billion lines) is kept
    /// as `u32::MAX`.
    pub line: Option<NonZeroU32>,
    /// For a JSON Lines, CSV or IRaMuTeQ document, its id field (column, variable). An id of up
    /// to 24 bytes (`gdn-000042`) is stored inside the record, with no allocation of its own:
    /// there is one per answer of a consultation.
    pub external_id: Option<CompactString>,
    /// Its event.
    pub event: EventId,
    /// How it was decoded.
    pub encoding: TextEncoding,
    /// Its text: UTF-8, `\n` line endings, NFC. Block spans index into it. It may be on disk
    /// (see [`store`]): read it with [`Corpus::cursor`] or [`Corpus::text`].
    pub text: DocText,
    /// Its sections (contiguous ids, in order).
    pub sections: SectionRange,
    /// Its title and variables, when it has either.
    extra: Option<Box<DocExtra>>,
}

/// A document's title and variables, when it has either.
#[derive(Debug, Clone)]
struct DocExtra {
    title: Option<Box<str>>,
    variables: Vec<(String, String)>,
}

/// The sections of one document: contiguous ids, stored as their bounds (eight bytes, whatever
/// their number). Iterating yields the ids in order; serialised as the list of ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SectionRange {
    start: u32,
    end: u32,
}

impl SectionRange {
    /// The sections `start..end`.
    pub fn new(ids: Range<u32>) -> SectionRange {
        SectionRange {
            start: ids.start,
            end: ids.end.max(ids.start),
        }
    }

    /// The ids, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = SectionId> + use<> {
        (self.start..self.end).map(SectionId)
    }

    /// How many sections.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The first section, if any.
    pub fn first(&self) -> Option<SectionId> {
        (!self.is_empty()).then_some(SectionId(self.start))
    }

    /// Whether `id` is one of them.
    pub fn contains(&self, id: SectionId) -> bool {
        (self.start..self.end).contains(&id.0)
    }
}

impl IntoIterator for &SectionRange {
    type Item = SectionId;
    type IntoIter = std::iter::Map<Range<u32>, fn(u32) -> SectionId>;

    fn into_iter(self) -> Self::IntoIter {
        (self.start..self.end).map(SectionId as fn(u32) -> SectionId)
    }
}

impl serde::Serialize for SectionRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl serde::Serialize for Document {
    /// The fields as they read, in declaration order, `title` and `variables` with them
    /// (`variables` only when there are some); the text is not serialised.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let variables = self.variables();
        let mut st = s.serialize_struct("Document", 8 + usize::from(!variables.is_empty()))?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("path", &*self.path)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("external_id", &self.external_id)?;
        st.serialize_field("event", &self.event)?;
        st.serialize_field("title", &self.title())?;
        st.serialize_field("encoding", &self.encoding)?;
        st.serialize_field("sections", &self.sections)?;
        if variables.is_empty() {
            st.skip_field("variables")?;
        } else {
            st.serialize_field("variables", variables)?;
        }
        st.end()
    }
}

impl Document {
    /// Its title (its first heading or line).
    pub fn title(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.title.as_deref())
    }

    /// Metadata with no dedicated field, as (name, value) in input order: extra CSV columns,
    /// IRaMuTeQ starred variables other than event, atelier, section, date and id.
    pub fn variables(&self) -> &[(String, String)] {
        self.extra.as_ref().map_or(&[], |e| &e.variables)
    }

    /// `path` or `path:line`, for messages and evidence.
    pub fn location(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

/// A section of a document, in one atelier-level unit.
///
/// Its heading and part are read with [`Section::heading`] and [`Section::part`]: a record's
/// section (one per answer of a consultation) is headed by its kind's label and has no part, so
/// both are stored only when they say more, behind one pointer (8 bytes where the two fields took
/// 40: the sections of a 1 GB consultation are millions of records).
#[derive(Debug, Clone)]
pub struct Section {
    /// Its id.
    pub id: SectionId,
    /// Its document.
    pub doc: DocId,
    /// Its atelier-level unit.
    pub atelier: AtelierId,
    /// What it is.
    pub kind: SectionKind,
    /// Its heading and part, unless the heading is the kind's label and there is no part.
    names: Option<Box<SectionNames>>,
    /// Its blocks.
    pub blocks: SmallList<Block>,
}

/// A section's heading and booklet part, when they are not its kind's label and none.
#[derive(Debug, Clone)]
struct SectionNames {
    heading: Box<str>,
    part: Option<Box<str>>,
}

impl Section {
    /// A section with its heading (as written, the booklet part's title, or a record's section
    /// kind label) and the booklet part (round) it belongs to.
    pub fn new(
        id: SectionId,
        doc: DocId,
        atelier: AtelierId,
        kind: SectionKind,
        heading: Cow<'static, str>,
        part: Option<Box<str>>,
        blocks: SmallList<Block>,
    ) -> Section {
        let names = (part.is_some() || heading != kind.label_fr()).then(|| {
            Box::new(SectionNames {
                heading: heading.into_owned().into_boxed_str(),
                part,
            })
        });
        Section {
            id,
            doc,
            atelier,
            kind,
            names,
            blocks,
        }
    }

    /// Its heading as written (or the booklet part's title; a record's section kind label).
    pub fn heading(&self) -> &str {
        match &self.names {
            Some(n) => &n.heading,
            None => self.kind.label_fr(),
        }
    }

    /// [`Section::heading`], borrowed for as long as needed when it is the kind's label.
    pub fn heading_cow(&self) -> Cow<'static, str> {
        match &self.names {
            Some(n) => Cow::Owned(n.heading.to_string()),
            None => Cow::Borrowed(self.kind.label_fr()),
        }
    }

    /// The booklet part (round) it belongs to.
    pub fn part(&self) -> Option<&str> {
        self.names.as_ref().and_then(|n| n.part.as_deref())
    }
}

impl serde::Serialize for Section {
    /// The fields as they read: `heading` and `part` with the others, in declaration order.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Section", 7)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("doc", &self.doc)?;
        st.serialize_field("atelier", &self.atelier)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("heading", self.heading())?;
        st.serialize_field("part", &self.part())?;
        st.serialize_field("blocks", &self.blocks)?;
        st.end()
    }
}

/// A block: one line of a note.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    /// Byte span of its content in the document text.
    pub span: Span,
    /// How it is written.
    pub kind: BlockKind,
    /// Why it is furniture, if it is.
    pub furniture: Option<Furniture>,
}

/// In what capacity a note names a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    /// Holds the atelier's question (porteur, porteuse, animateur).
    Porteur,
    /// Took part.
    Participant,
    /// Named elsewhere (an interviewee, an author).
    Mentioned,
}

/// A person named in the notes. Names are metadata: never terms, and pseudonymised on request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    /// The name as first written.
    pub name: String,
    /// Their role.
    pub role: PersonRole,
    /// Their atelier, when the note says.
    pub atelier: Option<AtelierId>,
}

/// Why a file (or a line of a JSON Lines file) was not analysed. Serialised (`run.json`,
/// `corpus --json`) as `reason`, a machine name, and, when it has one, `detail`, always an
/// object: `{"error": …}` for what the system or a parser said, `{"field": …}` for a missing
/// field, the variant's fields otherwise (a bare string here and an object there was awkward to
/// read into a table).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum SkipReason {
    /// No text in it.
    Empty,
    /// Binary content.
    Binary,
    /// The manifest names it but it does not exist.
    NotFound,
    /// The operating system refused to read it.
    #[serde(serialize_with = "detail_error")]
    Unreadable(String),
    /// Not a format filrouge reads.
    Unsupported,
    /// A JSON Lines line that is not a JSON object.
    #[serde(serialize_with = "detail_error")]
    InvalidJson(String),
    /// A JSON Lines line, CSV row or IRaMuTeQ text without text.
    #[serde(serialize_with = "detail_field")]
    MissingText(String),
    /// A JSON Lines line whose text field holds something else than text (a number, an array,
    /// an object, true or false).
    NotText {
        /// The field.
        field: String,
        /// What it holds, in words (`a number`).
        found: &'static str,
    },
    /// A damaged file: a truncated zip archive, malformed XML, an unreadable PDF.
    #[serde(serialize_with = "detail_error")]
    Corrupt(String),
    /// Larger than a reading limit (a file, or an archive entry: a zip bomb).
    TooLarge {
        /// What is too large, and how large.
        what: Oversize,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A PDF with no text in it (a scan): it would need OCR.
    NoTextLayer,
    /// Protected by a password.
    Encrypted,
    /// The content does not match the extension (a `.docx` that is not a zip archive).
    WrongContent {
        /// The format the extension announces.
        format: readers::SourceFormat,
        /// The content it needs.
        expected: readers::Magic,
        /// The content found.
        found: readers::Magic,
    },
    /// Not a regular file: a named pipe, a socket, a device.
    NotAFile,
    /// A file that documents the folder (`README.md`, `SOURCES.md`, `LICENSE`), not notes:
    /// skipped unless the manifest lists it.
    FolderDocumentation,
    /// A CSV/TSV file without the text column.
    MissingColumn {
        /// The column looked for.
        column: String,
        /// The columns the file has.
        columns: Vec<String>,
    },
}

/// A [`SkipReason`]'s message from the system or a parser, as the detail `{"error": …}`.
fn detail_error<S: serde::Serializer>(error: &str, s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry("error", error)?;
    m.end()
}

/// A [`SkipReason`]'s missing field, as the detail `{"field": …}` (as [`SkipReason::NotText`]
/// names it).
fn detail_field<S: serde::Serializer>(field: &str, s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry("field", field)?;
    m.end()
}

/// What is larger than a reading limit ([`SkipReason::TooLarge`]), and how large.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Oversize {
    /// The whole file.
    File {
        /// Its size.
        bytes: u64,
    },
    /// One line of a JSON Lines file.
    Line {
        /// Its size, line end included.
        bytes: u64,
    },
    /// One document's text.
    Document {
        /// Its size.
        bytes: u64,
    },
    /// An entry of an archive (`.docx`, `.odt`), by the size it declares.
    Entry {
        /// Its name in the archive.
        name: String,
        /// Its declared uncompressed size.
        declared: u64,
    },
    /// An entry that inflates far more than text does (a zip bomb?).
    Inflates {
        /// Its name in the archive.
        name: String,
        /// Its declared uncompressed size.
        declared: u64,
        /// Its compressed size.
        compressed: u64,
    },
    /// An entry that inflates past the size it declares.
    InflatesPast {
        /// Its name in the archive.
        name: String,
        /// Its declared uncompressed size.
        declared: u64,
    },
}

impl fmt::Display for Oversize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Oversize::File { bytes } => write!(f, "the file has {bytes} bytes"),
            Oversize::Line { bytes } => write!(f, "a line of {bytes} bytes"),
            Oversize::Document { bytes } => write!(f, "a document of {bytes} bytes"),
            Oversize::Entry { name, declared } => {
                write!(f, "{name} declares {declared} bytes uncompressed")
            }
            Oversize::Inflates {
                name,
                declared,
                compressed,
            } => write!(
                f,
                "{name} inflates {}:1 ({declared} bytes from {compressed}), a zip bomb?",
                declared / (*compressed).max(1)
            ),
            Oversize::InflatesPast { name, declared } => {
                write!(f, "{name} inflates past its declared {declared} bytes")
            }
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::Binary => f.write_str("binary file, not text"),
            SkipReason::NotFound => f.write_str("named in the manifest but not found"),
            SkipReason::Unreadable(e) => write!(f, "cannot read: {e}"),
            SkipReason::Unsupported => f.write_str(
                "unsupported format (filrouge reads .md, .markdown, .txt, .jsonl, .docx, .odt, \
                 .pdf, .html, .htm, .csv, .tsv)",
            ),
            SkipReason::NotAFile => {
                f.write_str("not a regular file (a named pipe, a socket or a device)")
            }
            SkipReason::FolderDocumentation => f.write_str(
                "documents the folder (README, SOURCES…), not notes: list it in filrouge.toml to \
                 analyse it",
            ),
            SkipReason::InvalidJson(e) => write!(f, "not a JSON object: {e}"),
            SkipReason::MissingText(field) => write!(f, "no text in field {field:?}"),
            SkipReason::NotText { field, found } => {
                write!(f, "field {field:?} holds {found}, not text")
            }
            SkipReason::Corrupt(e) => write!(f, "corrupt file: {e}"),
            SkipReason::TooLarge { what, limit } => {
                write!(f, "too large: {what} (limit {limit} bytes)")
            }
            SkipReason::NoTextLayer => f.write_str("no text layer (scanned PDF?)"),
            SkipReason::Encrypted => f.write_str("encrypted (password-protected)"),
            SkipReason::WrongContent {
                format,
                expected,
                found,
            } => write!(
                f,
                "not a real .{} file: expected {}, found {}",
                format.as_str(),
                expected.describe(),
                found.describe()
            ),
            SkipReason::MissingColumn { column, columns } => {
                let named = crate::report::i18n::named_columns(columns);
                let found = if named.is_empty() {
                    "the first line names no column".to_string()
                } else {
                    format!("columns: {named}")
                };
                write!(
                    f,
                    "no column {column:?} ({found}); name the text column in the manifest's \
                     `fields`"
                )
            }
        }
    }
}

/// A file or line that was not analysed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The file, relative to the corpus root when inside it.
    pub path: PathBuf,
    /// The line, for a JSON Lines line.
    pub line: Option<usize>,
    /// Why.
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// Something worth telling about a file that was analysed anyway.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The file.
    pub path: PathBuf,
    /// The line, when known.
    pub line: Option<usize>,
    /// What happened, in French like every message of the command line.
    pub message: String,
}

/// A loaded corpus.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Corpus {
    /// The corpus folder (or the folder of the manifest or single file given).
    pub root: PathBuf,
    /// The corpus title, from the manifest.
    pub title: Option<String>,
    /// Events, by date then key.
    pub events: Vec<Event>,
    /// Atelier-level units, by event, then kind, then number.
    pub ateliers: Vec<Atelier>,
    /// Documents, by path (then line).
    pub documents: Vec<Document>,
    /// Sections, by document then position.
    pub sections: Vec<Section>,
    /// People named in the notes: one entry per person (by name, case and accents aside) and
    /// atelier, so that each atelier's profile lists its own; see [`Corpus::people_count`].
    pub people: Vec<Person>,
    /// Files and lines not analysed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Warnings about files that were analysed.
    pub warnings: Vec<Warning>,
    #[serde(skip)]
    name_parts: BTreeSet<String>,
    /// Where spilled texts are (see [`store`]).
    #[serde(skip)]
    spool: Option<Arc<store::Spool>>,
    /// The fingerprints of the files read to their end, by path relative to the root (see
    /// [`Corpus::fingerprint`]).
    #[serde(skip)]
    fingerprints: BTreeMap<PathBuf, Fingerprint>,
    /// The manifest read, by path relative to the root (see [`Corpus::manifest_file`]).
    #[serde(skip)]
    manifest_file: Option<PathBuf>,
}

/// Options for [`Corpus::load_with`].
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// JSON Lines field names (and CSV/TSV column names) for files the manifest does not
    /// describe.
    pub jsonl_fields: JsonlFields,
    /// Size limits for reading files and archive entries.
    pub limits: readers::Limits,
    /// Where document texts are kept.
    pub texts: TextStorage,
    /// Whether to fingerprint each input file as it is read (see [`Corpus::fingerprint`]): what
    /// a run manifest lists. Off by default: a load for anything else need not hash the corpus.
    pub fingerprints: bool,
    /// The language of the few labels the loader makes up: the plenary's (`Plénière`,
    /// `Plenary`) and what tells events of one title apart (`(16 novembre 2021)`, `(sans
    /// date)`; `(16 November 2021)`, `(undated)`). French by default; a report in English asks
    /// for English.
    pub lang: crate::lang::Lang,
}

/// File extensions read as notes.
const NOTE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text"];
/// File extensions read as JSON Lines.
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Markdown or plain text (or an IRaMuTeQ corpus, recognised by content).
    Note,
    Jsonl,
    /// One of the [`readers`].
    Reader,
}

impl Format {
    /// Who cleans a file's text once decoded: a JSON Lines file is cleaned chunk by chunk as
    /// it is parsed (see [`jsonl::read`]), any other text at once.
    fn cleaning(self) -> decode::Cleaning {
        match self {
            Format::Jsonl => decode::Cleaning::ByPieces,
            Format::Note | Format::Reader => decode::Cleaning::Whole,
        }
    }
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if NOTE_EXTENSIONS.contains(&ext.as_str()) {
        Some(Format::Note)
    } else if JSONL_EXTENSIONS.contains(&ext.as_str()) {
        Some(Format::Jsonl)
    } else if readers::READER_EXTENSIONS.contains(&ext.as_str()) {
        Some(Format::Reader)
    } else {
        None
    }
}

/// A file to load, with what the manifest (or the folder layout) says of it.
#[derive(Debug, Clone)]
struct Planned {
    abs: PathBuf,
    rel: PathBuf,
    event: String,
    parse: ParseOptions,
    fields: JsonlFields,
    limits: readers::Limits,
}

impl Planned {
    /// The path and default event, shared by the documents read from this file.
    fn shared(&self) -> (Arc<PathBuf>, Arc<str>) {
        (Arc::new(self.rel.clone()), Arc::from(self.event.as_str()))
    }
}

/// One document as read from disk, before it is placed in the hierarchy.
#[derive(Debug)]
pub(crate) struct RawDoc {
    /// Shared by the documents of one file, and by their [`Document::path`].
    pub(crate) rel: Arc<PathBuf>,
    /// As [`Document::line`] keeps it (see [`line_number`]).
    pub(crate) line: Option<NonZeroU32>,
    pub(crate) external_id: Option<CompactString>,
    pub(crate) event: Arc<str>,
    pub(crate) event_date: Option<Date>,
    pub(crate) atelier: Option<Box<str>>,
    /// One pointer, no allocation when empty (as for nearly every record).
    pub(crate) variables: ThinVec<(String, String)>,
    pub(crate) encoding: TextEncoding,
    pub(crate) text: DocText,
    pub(crate) body: RawBody,
}

impl RawDoc {
    /// How many sections it becomes: a note's, or a record's one.
    fn section_count(&self) -> usize {
        match &self.body {
            RawBody::Note(p) => p.sections.len(),
            RawBody::Record { .. } => 1,
        }
    }
}

/// A 1-based line number as a record keeps it: four bytes with its `None` (a line number is never
/// 0), `u32::MAX` for a line beyond it (a file of over four billion lines). Every document of a
/// consultation has one, and all of them are held until the corpus is assembled.
pub(crate) fn line_number(line: usize) -> Option<NonZeroU32> {
    NonZeroU32::new(u32::try_from(line).unwrap_or(u32::MAX))
}

/// What was found in a document's text.
#[derive(Debug)]
pub(crate) enum RawBody {
    /// A note: its inferred structure.
    Note(Box<ParsedDoc>),
    /// A record (a JSON Lines line, a CSV row, an IRaMuTeQ text): one section of this kind,
    /// headed by the kind's label, with these blocks.
    Record {
        kind: SectionKind,
        blocks: SmallList<Block>,
    },
}

impl RawBody {
    /// The date found in a note, and whether it is surely the note's own (see
    /// [`ParsedDoc::date_is_own`]).
    fn date(&self) -> Option<(Date, bool)> {
        match self {
            RawBody::Note(p) => p.date.map(|d| (d, p.date_is_own)),
            RawBody::Record { .. } => None,
        }
    }
}

/// What reading one planned file gave.
#[derive(Debug, Default)]
pub(crate) struct FileOutcome {
    /// Documents read, in order, in batches: a large JSON Lines file gives one batch per
    /// parallel chunk, so that no vector of all its documents is ever built by copying.
    pub(crate) batches: Vec<Vec<RawDoc>>,
    pub(crate) skipped: Vec<Skipped>,
    pub(crate) warnings: Vec<Warning>,
    /// The file's fingerprint, when it was read to its end.
    pub(crate) fingerprint: Option<Fingerprint>,
}

impl FileOutcome {
    /// Adds a document after those read so far; refuses one whose text is too long for its
    /// spans (see [`MAX_DOC_BYTES`]).
    fn push_doc(&mut self, doc: RawDoc) {
        if doc.text.len() > MAX_DOC_BYTES {
            self.skipped.push(Skipped {
                path: doc.rel.to_path_buf(),
                line: doc.line.map(|l| l.get() as usize),
                reason: SkipReason::TooLarge {
                    what: Oversize::Document {
                        bytes: doc.text.len() as u64,
                    },
                    limit: MAX_DOC_BYTES as u64,
                },
            });
            return;
        }
        match self.batches.last_mut() {
            Some(b) => b.push(doc),
            None => self.batches.push(vec![doc]),
        }
    }

    /// The documents read, in order.
    #[cfg(test)]
    pub(crate) fn docs(&self) -> impl Iterator<Item = &RawDoc> {
        self.batches.iter().flatten()
    }
}

impl Corpus {
    /// Loads a corpus with default options. See [`Corpus::load_with`].
    pub fn load(path: &Path) -> Result<Corpus> {
        Corpus::load_with(path, &LoadOptions::default())
    }

    /// Loads a corpus from a folder (using its `filrouge.toml` when there is one), a manifest
    /// file, or a single note or JSON Lines file.
    ///
    /// Without a manifest, each first-level folder is an event (its key is the folder name; a
    /// `YYYY-MM-DD` prefix gives its date, otherwise the first French date in its notes), and
    /// files directly in the root belong to an event named after the root folder.
    pub fn load_with(path: &Path, opts: &LoadOptions) -> Result<Corpus> {
        let meta = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        // The manifest read comes with its path relative to the root: `filrouge.toml` in a
        // folder given, or the `.toml` file given.
        let read_manifest = |abs: &Path, rel: PathBuf| {
            Manifest::read_fingerprinted(abs).map(|(m, print)| (m, rel, print))
        };
        let (root, manifest, single) = if meta.is_dir() {
            let m = path.join(manifest::MANIFEST_NAME);
            let manifest = if m.is_file() {
                Some(read_manifest(&m, manifest::MANIFEST_NAME.into())?)
            } else {
                None
            };
            (path.to_path_buf(), manifest, None)
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = PathBuf::from(path.file_name().unwrap_or_default());
            (parent_dir(path), Some(read_manifest(path, rel)?), None)
        } else {
            (parent_dir(path), None, Some(path.to_path_buf()))
        };
        let mut fingerprints = BTreeMap::new();
        let (manifest, manifest_rel) = match manifest {
            Some((m, rel, print)) => {
                if opts.fingerprints {
                    fingerprints.insert(rel.clone(), print);
                }
                (Some(m), Some(rel))
            }
            None => (None, None),
        };
        let mut skipped = Vec::new();
        let mut warnings = Vec::new();
        let loose = manifest.is_none() && single.is_none();
        let planned = plan(
            &root,
            manifest.as_ref(),
            manifest_rel.as_deref(),
            single,
            opts,
            &mut skipped,
            &mut warnings,
        )?;

        let spool = match opts.texts {
            TextStorage::Memory => None,
            TextStorage::Disk => Some(new_spool(&root, &mut warnings)),
            TextStorage::Auto => {
                let bytes: u64 = planned
                    .iter()
                    .filter_map(|p| std::fs::metadata(&p.abs).ok())
                    .map(|m| m.len())
                    .sum();
                (bytes > store::SPILL_ABOVE_BYTES).then(|| new_spool(&root, &mut warnings))
            }
        }
        .flatten();
        let outcomes: Vec<FileOutcome> = planned
            .par_iter()
            .map(|p| read_planned(p, spool.as_ref(), opts.fingerprints))
            .collect();
        let mut raw_docs = Vec::new();
        for (p, o) in planned.iter().zip(outcomes) {
            raw_docs.extend(o.batches);
            skipped.extend(o.skipped);
            warnings.extend(o.warnings);
            if let Some(print) = o.fingerprint {
                fingerprints.insert(p.rel.clone(), print);
            }
        }
        let mut periods = HashMap::new();
        if loose && let Some(split) = split_loose_events(&mut raw_docs, &root_event_key(&root)) {
            warnings.push(split.warning);
            periods = split.periods;
        }
        let mut corpus = assemble(
            root,
            manifest.as_ref(),
            raw_docs,
            &periods,
            spool.as_ref(),
            opts.lang,
        );
        corpus.spool = spool.map(Arc::new);
        corpus.skipped = skipped;
        warnings.append(&mut corpus.warnings);
        corpus.warnings = warnings;
        corpus.fingerprints = fingerprints;
        corpus.manifest_file = manifest_rel;
        Ok(corpus)
    }

    /// How many people the notes name, each once however many ateliers list them.
    pub fn people_count(&self) -> usize {
        self.people
            .iter()
            .map(|p| fold::key(&p.name))
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Whether a word (lowercase) is part of a person's name listed in the notes: such words are
    /// metadata and never become terms.
    pub fn is_name_part(&self, lower: &str) -> bool {
        self.name_parts.contains(lower)
    }

    /// The lowercase name parts of all people (see [`Corpus::is_name_part`]).
    pub fn name_parts(&self) -> &BTreeSet<String> {
        &self.name_parts
    }

    /// The text of a block (read back from disk when the texts are there: a pass over many
    /// documents should use a [`Corpus::cursor`]).
    pub fn block_text(&self, doc: DocId, block: &Block) -> Cow<'_, str> {
        match self.text(doc) {
            Cow::Borrowed(t) => Cow::Borrowed(&t[block.span.range()]),
            Cow::Owned(t) => Cow::Owned(t[block.span.range()].to_owned()),
        }
    }

    /// The text of a document (read back from disk when the texts are there: a pass over many
    /// documents should use a [`Corpus::cursor`]).
    pub fn text(&self, doc: DocId) -> Cow<'_, str> {
        TextCursor::read_once(self.spool.as_deref(), &self.documents[doc.index()].text)
    }

    /// A reader of document texts for one worker of a pass over the documents in order.
    pub fn cursor(&self) -> TextCursor<'_> {
        TextCursor::new(self.spool.as_deref())
    }

    /// The size and SHA-256 of an input file (by path relative to the root), taken from the bytes
    /// the corpus was read from: each file read to its end (whole or block by block), and the
    /// manifest `filrouge.toml`, when the corpus was loaded with [`LoadOptions::fingerprints`].
    /// `None` for a file whose reading stopped on an error, or that was not read.
    pub fn fingerprint(&self, rel: &Path) -> Option<&Fingerprint> {
        self.fingerprints.get(rel)
    }

    /// The manifest the corpus was read with, by path relative to the root: `filrouge.toml` in
    /// the folder given, or the `.toml` file given; `None` without one (a single data file given
    /// is read without the manifest beside it).
    pub fn manifest_file(&self) -> Option<&Path> {
        self.manifest_file.as_deref()
    }

    /// Bytes of all the documents' texts (decoded: UTF-8), wherever they are kept: what a pass
    /// over the corpus goes through.
    pub fn text_bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.text.len() as u64).sum()
    }

    /// Whether the texts are kept on disk, and how many bytes there.
    pub fn spilled_bytes(&self) -> Option<u64> {
        self.spool.as_ref().map(|s| s.len())
    }

    /// Fails if a text could not be read back from disk during a pass (the pass read it as
    /// empty). Call it after the passes, before trusting their results.
    pub fn check_texts(&self) -> Result<()> {
        match self.spool.as_ref().and_then(|s| s.read_error()) {
            Some(message) => Err(Error::TextsLost(message)),
            None => Ok(()),
        }
    }

    /// The sections of an atelier, in corpus order.
    pub fn sections_of(&self, atelier: AtelierId) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.atelier == atelier)
    }

    /// The event of an atelier.
    pub fn event_of(&self, atelier: AtelierId) -> &Event {
        &self.events[self.ateliers[atelier.index()].event.index()]
    }

    /// A display name for an atelier with its event (`Forum 2020 · Atelier 1`).
    pub fn atelier_display(&self, atelier: AtelierId) -> String {
        let a = &self.ateliers[atelier.index()];
        format!("{} · {}", self.events[a.event.index()].title, a.label)
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether a file found in the folders (not listed by a manifest) documents them rather than
/// holding notes: a text file named `README`, `SOURCES`, `LICENSE`/`LICENCE`, `COPYING`,
/// `NOTICE`, `CHANGELOG`, `CONTRIBUTING` or `AUTHORS` (any case), with no extension, a text one
/// (`README.md`), a language (`LICENSE.fr`) or both (`README.en.md`). A folder of notes shared
/// as a repository has them; read as notes, a README's words became themes, and a `LICENSE.fr`
/// skipped as of an unknown format made the run exit as incomplete.
fn is_folder_documentation(rel: &Path) -> bool {
    const NAMES: [&str; 9] = [
        "readme",
        "sources",
        "license",
        "licence",
        "copying",
        "notice",
        "changelog",
        "contributing",
        "authors",
    ];
    let Some(name) = rel.file_name().and_then(|s| s.to_str()) else {
        return false;
    };
    let mut parts = name.split('.');
    let base = parts.next().unwrap_or_default();
    let language = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic());
    let text = |p: &str| {
        ["md", "markdown", "txt"]
            .iter()
            .any(|t| p.eq_ignore_ascii_case(t))
    };
    NAMES.iter().any(|n| base.eq_ignore_ascii_case(n)) && parts.all(|p| language(p) || text(p))
}

/// Events of one title (`Corpus seeds` for each period of loose notes, `Forum` for
/// `2020-01-10-forum` and `2021-01-12-forum`) take their date after it (`Corpus seeds (16
/// novembre 2021)`, `Corpus seeds (sans date)`): every table, profile heading and quote names
/// the event by its title.
fn distinguish_titles(events: &mut [Event], lang: crate::lang::Lang) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for e in events.iter() {
        *count.entry(e.title.clone()).or_default() += 1;
    }
    for e in events.iter_mut() {
        if count[&e.title] > 1 {
            let when = match e.dates {
                Some(d) if d.start == d.end => d.start.written(lang),
                // Written as in the report's table of events.
                Some(d) => lang.words().date_range(d),
                None => match lang {
                    crate::lang::Lang::Fr => "sans date".to_string(),
                    crate::lang::Lang::En => "undated".to_string(),
                },
            };
            e.title = format!("{} ({when})", e.title);
        }
    }
}

/// `key`, or the first of `key-2`, `key-3`… not in `taken` (then also `Some(key)`, the key it
/// would have had); the key returned is added to `taken`.
fn unique_key(key: String, taken: &mut HashSet<String>) -> (String, Option<String>) {
    if taken.insert(key.clone()) {
        return (key, None);
    }
    let mut n = 2u32;
    loop {
        let other = format!("{key}-{n}");
        if taken.insert(other.clone()) {
            return (other, Some(key));
        }
        n += 1;
    }
}

/// The event of the files directly in the root folder: the folder's name.
fn root_event_key(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "corpus".to_string())
}

/// Longest gap, in days, between two dates of one event met in loose notes: a two- or
/// three-day université is one event; meetings a week apart are two.
const EVENT_GAP_DAYS: i64 = 3;

/// Splits the notes lying loose in the root folder (no manifest, no event folder) into one
/// event per period when their own dates are further apart than [`EVENT_GAP_DAYS`]: notes of a
/// 2020 forum and of a 2021 université dropped in one folder are two events, and their two
/// « Atelier 1 » are not one atelier. A period's event key is its first date followed by the
/// folder's name (`2021-11-16-corpus-seeds`), which dates it. Undated notes stay in the folder's
/// event (nothing says which period they belong to); records (JSON Lines, CSV, IRaMuTeQ) keep
/// theirs. With the dates in one period, nothing changes. Returns, when it split, a warning
/// saying what was done and each period's event key with its dates, from the first to the last
/// date of its notes (its key says only the first: an event of sittings from 29 January to 8
/// February 2013 was dated 29 January alone).
fn split_loose_events(batches: &mut [Vec<RawDoc>], root_event: &str) -> Option<LooseSplit> {
    // Only a date surely the note's own: a date on a line that says more (`Prochaine séance :
    // 12 octobre 2020`) or on a heading about the past (`Rappel : la loi du 9 décembre 1905`)
    // would make an event of one note.
    fn loose_note<'d>(d: &'d RawDoc, root_event: &str) -> Option<&'d ParsedDoc> {
        match &d.body {
            RawBody::Note(p) if *d.event == *root_event && d.rel.components().count() == 1 => {
                Some(p)
            }
            _ => None,
        }
    }
    let loose_date = |d: &RawDoc| {
        loose_note(d, root_event)
            .filter(|p| p.date_is_own)
            .and_then(|p| p.date)
    };
    let mut dates: Vec<Date> = batches.iter().flatten().filter_map(loose_date).collect();
    dates.sort_unstable();
    dates.dedup();
    // The first and last dates of each period.
    let mut ranges: Vec<DateRange> = Vec::new();
    for (i, &d) in dates.iter().enumerate() {
        match ranges.last_mut() {
            Some(r) if d.day_number() - dates[i - 1].day_number() <= EVENT_GAP_DAYS => r.end = d,
            _ => ranges.push(DateRange { start: d, end: d }),
        }
    }
    if ranges.len() < 2 {
        return None;
    }
    let starts: Vec<Date> = ranges.iter().map(|r| r.start).collect();
    let keys: Vec<Arc<str>> = starts
        .iter()
        .map(|d| Arc::from(format!("{d}-{root_event}")))
        .collect();
    let mut undated = 0usize;
    for d in batches.iter_mut().flatten() {
        match loose_date(d) {
            Some(date) => {
                let period = starts.partition_point(|s| *s <= date) - 1;
                d.event = Arc::clone(&keys[period]);
            }
            None if loose_note(d, root_event).is_some() => {
                undated += 1;
                // A date on a line that says more is not surely the note's (that is why the
                // note stays): it no longer dates the folder's event, which took the period's
                // date and title with it (two events « Loose (12 mars 2023) »).
                if let RawBody::Note(p) = &mut d.body {
                    p.date = None;
                }
            }
            None => {}
        }
    }
    let periods = starts
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let rest = match undated {
        0 => String::new(),
        1 => format!(
            " ; la note sans date propre (sur son titre ou une ligne à elle seule) reste dans \
             l'événement « {root_event} »"
        ),
        n => format!(
            " ; les {n} notes sans date propre (sur leur titre ou une ligne à elle seule) \
             restent dans l'événement « {root_event} »"
        ),
    };
    let warning = Warning {
        // The root folder itself.
        path: PathBuf::from("."),
        line: None,
        message: format!(
            "notes de dates éloignées à la racine du dossier : {} événements, un par période \
             ({periods}){rest}. Un dossier par événement, ou un filrouge.toml, les range \
             autrement",
            starts.len()
        ),
    };
    Some(LooseSplit {
        warning,
        periods: keys.iter().map(|k| k.to_string()).zip(ranges).collect(),
    })
}

/// What [`split_loose_events`] did: the warning saying so, and the dates of each period's event
/// (by event key), which [`assemble`] gives those events.
struct LooseSplit {
    warning: Warning,
    periods: HashMap<String, DateRange>,
}

/// Lists the files to load: the manifest's entries, then any other readable file under the root
/// (with a warning when a manifest exists), each with its event.
fn plan(
    root: &Path,
    manifest: Option<&Manifest>,
    manifest_rel: Option<&Path>,
    single: Option<PathBuf>,
    opts: &LoadOptions,
    skipped: &mut Vec<Skipped>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Planned>> {
    let root_event = root_event_key(root);
    let inferred_event = |rel: &Path| -> String {
        let mut comps = rel.components();
        match (comps.next(), comps.next()) {
            (Some(first), Some(_)) => first.as_os_str().to_string_lossy().into_owned(),
            _ => root_event.clone(),
        }
    };
    let default_plan = |abs: PathBuf, rel: PathBuf, event: String| Planned {
        abs,
        rel,
        event,
        parse: ParseOptions::default(),
        fields: opts.jsonl_fields.clone(),
        limits: opts.limits,
    };

    if let Some(file) = single {
        let rel = PathBuf::from(file.file_name().unwrap_or(file.as_os_str()));
        let event = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| root_event.clone());
        return Ok(vec![default_plan(file, rel, event)]);
    }

    let mut planned: Vec<Planned> = Vec::new();
    // Files listed by the manifest: the line and event of the entry that took each.
    let mut claimed: HashMap<PathBuf, (usize, String)> = HashMap::new();
    let exclusions = manifest.map_or(&[][..], |m| &m.exclude[..]);
    // Which exclusions matched a file: one that matches none is said (a misspelt path, or a
    // pattern where a path is expected, would otherwise let the notes it meant to keep out in).
    let mut matched = vec![false; exclusions.len()];
    let mut excluded = |rel: &Path| {
        let mut hit = false;
        for (e, m) in exclusions.iter().zip(&mut matched) {
            if e.covers(rel) {
                *m = true;
                hit = true;
            }
        }
        hit
    };

    if let Some(m) = manifest {
        for spec in &m.files {
            let abs = root.join(&spec.path);
            let files = if abs.is_dir() {
                // A folder listed: its notes, not what documents it (left unclaimed, it is
                // said skipped below, unless an entry lists it by name).
                let mut files = walk(&abs, root, skipped)?;
                files.retain(|rel| !is_folder_documentation(rel));
                files
            } else if abs.exists() {
                vec![spec.path.clone()]
            } else {
                skipped.push(Skipped {
                    path: spec.path.clone(),
                    line: None,
                    reason: SkipReason::NotFound,
                });
                warnings.push(Warning {
                    path: m.path.clone(),
                    line: Some(spec.line),
                    message: format!("{} : listé ici mais introuvable", spec.path.display()),
                });
                continue;
            };
            for rel in files {
                if excluded(&rel) {
                    continue;
                }
                if let Some(first) = claimed.get(&rel) {
                    // Listed by an earlier entry too (a folder, then one of its files): the
                    // first entry keeps it; said, as the later one was likely meant.
                    if first.1 != spec.event {
                        warnings.push(Warning {
                            path: m.path.clone(),
                            line: Some(spec.line),
                            message: format!(
                                "{} : déjà listé ligne {} pour l'événement « {} » : gardé là, \
                                 pas dans l'événement « {} »",
                                rel.display(),
                                first.0,
                                first.1,
                                spec.event
                            ),
                        });
                    }
                    continue;
                }
                claimed.insert(rel.clone(), (spec.line, spec.event.clone()));
                if rel == Path::new(manifest::MANIFEST_NAME) || Some(rel.as_path()) == manifest_rel
                {
                    continue;
                }
                if format_of(&rel).is_none() {
                    skipped.push(Skipped {
                        path: rel,
                        line: None,
                        reason: SkipReason::Unsupported,
                    });
                    continue;
                }
                planned.push(Planned {
                    abs: root.join(&rel),
                    rel,
                    event: spec.event.clone(),
                    parse: ParseOptions {
                        parts: spec.parts.clone(),
                        furniture: spec.furniture.clone(),
                    },
                    fields: spec.fields.clone(),
                    limits: opts.limits,
                });
            }
        }
    }

    for rel in walk(root, root, skipped)? {
        if claimed.contains_key(&rel) || excluded(&rel) {
            continue;
        }
        if rel == Path::new(manifest::MANIFEST_NAME) || Some(rel.as_path()) == manifest_rel {
            continue;
        }
        let reason = if is_folder_documentation(&rel) {
            Some(SkipReason::FolderDocumentation)
        } else {
            format_of(&rel).is_none().then_some(SkipReason::Unsupported)
        };
        if let Some(reason) = reason {
            skipped.push(Skipped {
                path: rel,
                line: None,
                reason,
            });
            continue;
        }
        if let Some(m) = manifest {
            warnings.push(Warning {
                path: rel.clone(),
                line: None,
                message: format!(
                    "absent de {} : chargé comme événement « {} »",
                    m.path.display(),
                    inferred_event(&rel)
                ),
            });
        }
        let event = inferred_event(&rel);
        planned.push(default_plan(root.join(&rel), rel, event));
    }
    if let Some(m) = manifest {
        for (e, _) in exclusions.iter().zip(&matched).filter(|(_, m)| !**m) {
            warnings.push(Warning {
                path: m.path.clone(),
                line: Some(e.line),
                message: format!(
                    "le chemin exclu {} ne correspond à aucun fichier (un fichier ou un dossier, \
                     relatif à ce dossier ; les motifs comme *.txt ne sont pas lus)",
                    e.path.display()
                ),
            });
        }
    }
    planned.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(planned)
}

/// Lists the files under `dir` (relative to `root`), sorted, skipping hidden entries and
/// following directory symlinks at most once (a symlink loop is reported, not followed).
fn walk(dir: &Path, root: &Path, skipped: &mut Vec<Skipped>) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    if let Ok(c) = dir.canonicalize() {
        seen.insert(c);
    }
    walk_into(dir, root, &mut seen, &mut out, skipped, true)?;
    out.sort();
    Ok(out)
}

fn walk_into(
    dir: &Path,
    root: &Path,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
    top: bool,
) -> Result<()> {
    let rel_of = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) if top => {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
        Err(e) => {
            skipped.push(Skipped {
                path: rel_of(dir),
                line: None,
                reason: SkipReason::Unreadable(e.to_string()),
            });
            return Ok(());
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            if is_report_folder(&p) {
                continue;
            }
            match p.canonicalize() {
                Ok(c) if seen.insert(c.clone()) => walk_into(&p, root, seen, out, skipped, false)?,
                Ok(_) => skipped.push(Skipped {
                    path: rel_of(&p),
                    line: None,
                    reason: SkipReason::Unreadable(
                        "directory already visited (symbolic link loop)".into(),
                    ),
                }),
                Err(e) => skipped.push(Skipped {
                    path: rel_of(&p),
                    line: None,
                    reason: SkipReason::Unreadable(e.to_string()),
                }),
            }
        } else {
            out.push(rel_of(&p));
        }
    }
    Ok(())
}

/// Whether `dir` is a report filrouge wrote (its `run.json` says so): a report written inside
/// the corpus folder (`filrouge analyze .`) must not be read back as notes by the next run.
fn is_report_folder(dir: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(dir.join("run.json")) else {
        return false;
    };
    let mut head = Vec::with_capacity(64);
    if file.take(64).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let compact: String = head.split_whitespace().collect();
    compact.starts_with("{\"tool\":\"filrouge\"")
}

/// A spool for texts, or a warning saying why the texts stay in memory.
fn new_spool(root: &Path, warnings: &mut Vec<Warning>) -> Option<store::Spool> {
    match store::Spool::new() {
        Ok(s) => Some(s),
        Err(e) => {
            warnings.push(Warning {
                path: root.to_path_buf(),
                line: None,
                message: format!(
                    "pas de fichier temporaire pour les textes ({e}) : ils restent en mémoire"
                ),
            });
            None
        }
    }
}

/// Moves the texts of a file's documents to the spool, if any; on failure they stay in memory,
/// with a warning.
pub(crate) fn spill(spool: Option<&store::Spool>, rel: &Path, out: &mut FileOutcome) {
    let Some(spool) = spool else { return };
    let texts = out.batches.iter_mut().flatten().map(|d| &mut d.text);
    if let Err(e) = spool.spill(texts) {
        out.warnings.push(Warning {
            path: rel.to_path_buf(),
            line: None,
            message: format!(
                "impossible d'écrire son texte dans un fichier temporaire ({e}) : gardé en \
                 mémoire, comme ceux des fichiers lus ensuite"
            ),
        });
    }
}

fn read_planned(p: &Planned, spool: Option<&store::Spool>, fingerprint: bool) -> FileOutcome {
    let mut outcome = read_file(p, spool, fingerprint);
    spill(spool, &p.rel, &mut outcome);
    outcome
}

/// Reads one planned file; with `fingerprint`, also fingerprints the bytes read.
fn read_file(p: &Planned, spool: Option<&store::Spool>, fingerprint: bool) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let skip = |reason| Skipped {
        path: p.rel.clone(),
        line: None,
        reason,
    };
    let meta = std::fs::metadata(&p.abs);
    // A named pipe would block the run until someone writes to it; a device never ends.
    if meta.as_ref().is_ok_and(|m| !m.is_file()) {
        outcome.skipped.push(skip(SkipReason::NotAFile));
        return outcome;
    }
    if let Ok(m) = &meta
        && let Some(spool) = spool
        && let Some(format) = stream::streams(p, m.len(), Some(spool))
    {
        stream::read(p, format, spool, fingerprint, &mut outcome);
        return outcome;
    }
    match meta {
        Ok(m) if m.len() > p.limits.max_file_bytes => {
            outcome.skipped.push(skip(SkipReason::TooLarge {
                what: Oversize::File { bytes: m.len() },
                limit: p.limits.max_file_bytes,
            }));
            return outcome;
        }
        _ => {}
    }
    let bytes = match std::fs::read(&p.abs) {
        Ok(b) => b,
        Err(e) => {
            outcome
                .skipped
                .push(skip(SkipReason::Unreadable(e.to_string())));
            return outcome;
        }
    };
    let format = format_of(&p.rel);
    // A note that is in fact a Word, LibreOffice or PDF document (saved under the wrong name)
    // is read as what it is, and said.
    let by_content = match format {
        Some(Format::Note) => readers::reader_by_content(&bytes),
        _ => None,
    };
    if let Some(reader) = by_content {
        let what = match reader.format() {
            readers::SourceFormat::Docx => "un document Word",
            readers::SourceFormat::Odt => "un document LibreOffice",
            _ => "un PDF",
        };
        outcome.warnings.push(Warning {
            path: p.rel.clone(),
            line: None,
            message: format!(
                "ce fichier est {what}, pas du texte : lu comme tel (renommez-le en .{})",
                reader.format().as_str()
            ),
        });
    }
    let reader = match format {
        Some(Format::Reader) => by_content.or_else(|| readers::reader_for(&p.rel)),
        _ => by_content,
    };
    if let Some(reader) = reader {
        let input = readers::Input {
            path: &p.rel,
            bytes: &bytes,
            fields: &p.fields,
            limits: &p.limits,
        };
        outcome.fingerprint = fingerprint.then(|| Fingerprint::of(&bytes));
        match readers::read_checked(reader, &input) {
            Ok(extracted) => take_extracted(p, extracted, &mut outcome),
            Err(reason) => outcome.skipped.push(skip(reason)),
        }
        return outcome;
    }
    // Fingerprinted as it is decoded.
    let cleaning = format.map_or(decode::Cleaning::Whole, Format::cleaning);
    let (decoded, print) = decode::decode_owned_beside_with(bytes, cleaning, |b| {
        fingerprint.then(|| Fingerprint::of(b))
    });
    outcome.fingerprint = print;
    let decoded = match decoded {
        Ok(d) => d,
        Err(decode::DecodeFailure::Empty) => {
            outcome.skipped.push(skip(SkipReason::Empty));
            return outcome;
        }
        Err(decode::DecodeFailure::Binary) => {
            outcome.skipped.push(skip(SkipReason::Binary));
            return outcome;
        }
    };
    if let Some((line, message)) = decoded.encoding.warning(Some(&decoded.text)) {
        outcome.warnings.push(Warning {
            path: p.rel.clone(),
            line,
            message,
        });
    }
    match format {
        Some(Format::Jsonl) => {
            let (rel, event) = p.shared();
            jsonl::read(&rel, &event, &p.fields, decoded, 0, spool, &mut outcome);
        }
        _ if is_plain_text(&p.rel) && readers::is_iramuteq(&decoded.text) => {
            let (records, skipped) = readers::iramuteq::parse(&decoded.text);
            let extracted = readers::Extracted::Records {
                records,
                encoding: decoded.encoding,
                skipped,
                warnings: Vec::new(),
            };
            take_extracted(p, extracted, &mut outcome);
        }
        _ => {
            let mut decoded = decoded;
            decoded.text = structure::without_html_tags(decoded.text);
            let parsed = structure::parse(&decoded.text, &p.parse);
            let (rel, event) = p.shared();
            outcome.push_doc(RawDoc {
                rel,
                line: None,
                external_id: None,
                event,
                event_date: None,
                atelier: None,
                variables: ThinVec::new(),
                encoding: decoded.encoding,
                text: DocText::Held(decoded.text.into_boxed_str()),
                body: RawBody::Note(Box::new(parsed)),
            });
        }
    }
    outcome
}

/// `.txt` or `.text` (not Markdown, where a `****` line is a thematic break).
fn is_plain_text(rel: &Path) -> bool {
    rel.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text"))
}

/// Turns what a reader gave into documents, skips and warnings.
fn take_extracted(p: &Planned, extracted: readers::Extracted, out: &mut FileOutcome) {
    let warn = |line: Option<usize>, message: String| Warning {
        path: p.rel.clone(),
        line,
        message,
    };
    match extracted {
        readers::Extracted::Text {
            text,
            encoding,
            warnings,
        } => {
            out.warnings
                .extend(warnings.into_iter().map(|m| warn(None, m)));
            if let Some((line, message)) = encoding.warning(Some(&text)) {
                out.warnings.push(warn(line, message));
            }
            let text = decode::clean_text(&text);
            if !text.chars().any(char::is_alphanumeric) {
                out.skipped.push(Skipped {
                    path: p.rel.clone(),
                    line: None,
                    reason: SkipReason::Empty,
                });
                return;
            }
            let parsed = structure::parse(&text, &p.parse);
            let (rel, event) = p.shared();
            out.push_doc(RawDoc {
                rel,
                line: None,
                external_id: None,
                event,
                event_date: None,
                atelier: None,
                variables: ThinVec::new(),
                encoding,
                text: DocText::Held(text.into_boxed_str()),
                body: RawBody::Note(Box::new(parsed)),
            });
        }
        readers::Extracted::Records {
            records,
            encoding,
            skipped,
            warnings,
        } => {
            if let Some((line, message)) = encoding.warning(None) {
                out.warnings.push(warn(line, message));
            }
            out.warnings
                .extend(warnings.into_iter().map(|(l, m)| warn(l, m)));
            out.skipped
                .extend(skipped.into_iter().map(|(line, reason)| Skipped {
                    path: p.rel.clone(),
                    line: Some(line),
                    reason,
                }));
            let (rel, default_event) = p.shared();
            out.batches.push(Vec::with_capacity(records.len()));
            for r in records {
                let text = decode::clean_owned(r.text);
                let event_date = r.date.as_deref().and_then(|d| {
                    let parsed = Date::parse_iso(d.get(..10).unwrap_or(d));
                    if parsed.is_none() {
                        out.warnings.push(warn(Some(r.line), jsonl::not_a_date(d)));
                    }
                    parsed
                });
                let kind = r
                    .section
                    .as_deref()
                    .and_then(SectionKind::parse)
                    .unwrap_or(SectionKind::Discussion);
                let blocks = jsonl::line_blocks(&text);
                out.push_doc(RawDoc {
                    rel: rel.clone(),
                    line: line_number(r.line),
                    external_id: r.id.map(CompactString::from),
                    event: r.event.map_or_else(|| default_event.clone(), Arc::from),
                    event_date,
                    atelier: r.atelier.map(String::into_boxed_str),
                    variables: ThinVec::from(r.variables),
                    encoding,
                    text: DocText::Held(text.into_boxed_str()),
                    body: RawBody::Record { kind, blocks },
                });
            }
        }
    }
}

/// Key of an atelier-level unit while assembling: (event key, kind, number, label).
type UnitKey = (usize, AtelierKind, u32, String);

/// `a == b`, without calling `memcmp` for two empty labels: comparing the keys of the 352,362
/// Grand Débat answers (all in one plenary unit, with no label) that way took 40 ms of one thread.
fn same_unit(a: &UnitKey, b: &UnitKey) -> bool {
    a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && ((a.3.is_empty() && b.3.is_empty()) || a.3 == b.3)
}

/// Places documents in the hierarchy and numbers everything deterministically: batches are
/// placed in parallel, and the corpus is the same however the documents come in batches.
/// `periods` dates the events [`split_loose_events`] made, by key.
fn assemble(
    root: PathBuf,
    manifest: Option<&Manifest>,
    batches: Vec<Vec<RawDoc>>,
    periods: &HashMap<String, DateRange>,
    spool: Option<&store::Spool>,
    lang: crate::lang::Lang,
) -> Corpus {
    let docs = || batches.iter().flatten();
    // Events: the manifest's, then those met in files, ordered by date then key.
    struct EventDraft {
        key: String,
        title: String,
        dates: Option<DateRange>,
    }
    let mut drafts: Vec<EventDraft> = manifest
        .map(|m| {
            m.events
                .iter()
                .map(|e| EventDraft {
                    key: e.id.clone(),
                    title: e.title.clone(),
                    dates: e.date.map(|d| DateRange {
                        start: d,
                        end: e.end.unwrap_or(d),
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut declared = drafts.len();
    // Events met in the files, in one pass over the documents, with the earliest and latest
    // dates found in each one's notes: an event neither declared nor in a dated folder takes
    // them. The documents
    // of one file come together and share one `Arc` of their event key: a pointer comparison
    // passes them (comparing the strings took 40 ms of one thread for the 352,362 Grand Débat
    // answers; a scan per undated event compared millions of keys).
    let mut earliest: Vec<Option<(bool, Date)>> = vec![None; declared];
    let mut latest_own: Vec<Option<Date>> = vec![None; declared];
    let mut used = vec![false; declared];
    let mut last: Option<(&Arc<str>, usize)> = None;
    for d in docs() {
        let i = match last {
            Some((key, i)) if Arc::ptr_eq(key, &d.event) => i,
            _ => {
                let i = match drafts.iter().position(|e| *e.key == *d.event) {
                    Some(i) => i,
                    None => {
                        drafts.push(EventDraft {
                            key: d.event.to_string(),
                            title: shortened(&humanise(&d.event), MAX_LABEL_CHARS),
                            dates: periods.get(&*d.event).copied().or_else(|| {
                                date_prefix(&d.event).map(|start| DateRange { start, end: start })
                            }),
                        });
                        earliest.push(None);
                        latest_own.push(None);
                        drafts.len() - 1
                    }
                };
                last = Some((&d.event, i));
                if i < declared {
                    used[i] = true;
                }
                i
            }
        };
        if i >= declared
            && drafts[i].dates.is_none()
            && let Some(date) = d.event_date.map(|d| (d, true)).or(d.body.date())
        {
            // The earliest date surely a note's own; a date on a line that says more only
            // where the event has none of those.
            let key = (!date.1, date.0);
            earliest[i] = Some(earliest[i].map_or(key, |e: (bool, Date)| e.min(key)));
            if date.1 {
                latest_own[i] = latest_own[i].max(Some(date.0));
            }
        }
    }
    // A declared event with no document is left out, with a warning: kept, it would be an
    // empty point in every theme's trajectory (a last event without notes made every theme
    // look as if it were fading).
    let mut unused = Vec::new();
    if let Some(m) = manifest {
        for (spec, _) in m.events.iter().zip(&used).filter(|(_, u)| !**u) {
            unused.push(Warning {
                path: m.path.clone(),
                line: Some(spec.line),
                message: format!(
                    "l'événement « {} » n'a aucun document : laissé de côté",
                    spec.id
                ),
            });
        }
        // The declared events come first, in manifest order; those met in the files are kept.
        let kept: Vec<bool> = (0..drafts.len())
            .map(|i| used.get(i).copied().unwrap_or(true))
            .collect();
        let mut i = 0;
        drafts.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        let mut i = 0;
        earliest.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        let mut i = 0;
        latest_own.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        declared -= unused.len();
    }
    // From the first to the last of its notes' own dates (a note's date on a line that says
    // more is a day, not a range): loose notes of 16 and 18 November 2021 were dated the 16th.
    for ((e, first), last) in drafts
        .iter_mut()
        .zip(earliest)
        .zip(latest_own)
        .skip(declared)
    {
        if e.dates.is_none() {
            e.dates = first.map(|(said_more, start)| DateRange {
                start,
                end: last.filter(|_| !said_more).unwrap_or(start),
            });
        }
    }
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&drafts[a], &drafts[b]);
        (ea.dates.is_none(), ea.dates, &ea.key).cmp(&(eb.dates.is_none(), eb.dates, &eb.key))
    });
    let event_index: BTreeMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| (drafts[old].key.clone(), new))
        .collect();
    let mut events: Vec<Event> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| Event {
            id: EventId(new as u32),
            key: drafts[old].key.clone(),
            title: drafts[old].title.clone(),
            dates: drafts[old].dates,
            ateliers: Vec::new(),
        })
        .collect();
    distinguish_titles(&mut events, lang);

    // Documents and sections, batch by batch in parallel, each written in its place; each batch
    // tells the units (ateliers) it met, in order of first appearance, and what it says of them.
    // Placing the 6.3 million answers of a 1 GB corpus one after another took 0.83 s of one
    // thread while the other waited.
    let sizes: Vec<(usize, usize)> = batches
        .iter()
        .map(|b| (b.len(), b.iter().map(RawDoc::section_count).sum()))
        .collect();
    let mut firsts = Vec::with_capacity(sizes.len());
    let (mut doc_at, mut section_at) = (0u32, 0u32);
    for &(docs, sections) in &sizes {
        firsts.push((DocId(doc_at), SectionId(section_at)));
        doc_at += docs as u32;
        section_at += sections as u32;
    }
    let placed = |(batch, first): (Vec<RawDoc>, (DocId, SectionId)),
                  documents: &mut in_place::Slots<'_, Document>,
                  sections: &mut in_place::Slots<'_, Section>| {
        place_batch(batch, first, &event_index, spool, documents, sections)
    };
    let inputs: Vec<_> = batches.into_iter().zip(firsts).collect();
    let (documents, mut sections, placed) = in_place::fill_two(inputs, &sizes, placed);

    // Units numbered by order of first appearance over all batches, in batch order: as if the
    // documents had been placed one after another.
    let mut units: BTreeMap<UnitKey, u32> = BTreeMap::new();
    let mut unit_drafts: Vec<AtelierDraft> = Vec::new();
    let mut people_raw: Vec<(String, PersonRole, Option<UnitKey>)> = Vec::new();
    let mut ordinals: Vec<Vec<u32>> = Vec::with_capacity(placed.len());
    let mut section_units: Vec<Vec<u32>> = Vec::with_capacity(placed.len());
    for part in placed {
        ordinals.push(
            part.units
                .into_iter()
                .map(|(key, draft)| match units.get(&key) {
                    Some(&o) => {
                        unit_drafts[o as usize].absorb(draft);
                        o
                    }
                    None => {
                        let o = unit_drafts.len() as u32;
                        unit_drafts.push(draft);
                        units.insert(key, o);
                        o
                    }
                })
                .collect(),
        );
        section_units.push(part.section_units);
        people_raw.extend(part.people);
    }

    let unit_ids: BTreeMap<UnitKey, AtelierId> = units
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), AtelierId(i as u32)))
        .collect();
    let mut unit_of_ordinal = vec![AtelierId(0); units.len()];
    for (i, &o) in units.values().enumerate() {
        unit_of_ordinal[o as usize] = AtelierId(i as u32);
    }
    // Keys already given: two units can slug alike (`Transition écologique`, `Transition
    // ecologique`; `a/notes.md`, `b/notes.md`), and every export joins on the key.
    let mut taken: HashSet<String> = HashSet::new();
    let mut renamed: Vec<(AtelierId, String)> = Vec::new();
    let mut ateliers: Vec<Atelier> = units
        .into_iter()
        .enumerate()
        .map(|(i, (k, o))| {
            let mut u = std::mem::take(&mut unit_drafts[o as usize]);
            u.sessions.sort_unstable();
            let id = AtelierId(i as u32);
            events[k.0].ateliers.push(id);
            let event_key = &events[k.0].key;
            let key = match k.1 {
                AtelierKind::Atelier if k.2 != u32::MAX => format!("{event_key}/atelier-{}", k.2),
                AtelierKind::Atelier => {
                    format!("{event_key}/{}", slug(&shortened(&k.3, MAX_LABEL_CHARS)))
                }
                AtelierKind::Document => format!(
                    "{event_key}/{}",
                    slug(
                        &Path::new(&k.3)
                            .file_stem()
                            .unwrap_or_default()
                            .to_string_lossy()
                    )
                ),
                AtelierKind::Plenary => format!("{event_key}/pleniere"),
            };
            let (key, clash) = unique_key(key, &mut taken);
            if let Some(wanted) = clash {
                renamed.push((id, wanted));
            }
            Atelier {
                id,
                event: EventId(k.0 as u32),
                key,
                kind: k.1,
                number: (k.1 == AtelierKind::Atelier && k.2 != u32::MAX).then_some(k.2),
                label: u.label,
                title: u.title,
                question: u.question,
                sessions: u.sessions,
                documents: u.documents,
            }
        })
        .collect();
    name_notes_of_one_title(&mut ateliers, &documents);
    if lang == crate::lang::Lang::En {
        for a in ateliers
            .iter_mut()
            .filter(|a| a.kind == AtelierKind::Plenary)
        {
            a.label = "Plenary".to_string();
        }
    }
    for &(a, ref wanted) in &renamed {
        let a = &ateliers[a.index()];
        let first_doc = |a: &Atelier| {
            a.documents
                .first()
                .map(|d| documents[d.index()].path.display().to_string())
                .unwrap_or_default()
        };
        let Some(first) = ateliers.iter().find(|b| b.key == *wanted) else {
            continue;
        };
        unused.push(Warning {
            path: PathBuf::from(first_doc(a)),
            line: None,
            message: format!(
                "« {} » ({}) et « {} » ({}) auraient la même clé « {wanted} » : le second prend \
                 « {} » (deux graphies d'un même atelier ? écrites de la même façon, elles n'en \
                 font qu'un)",
                first.label,
                first_doc(first),
                a.label,
                first_doc(a),
                a.key
            ),
        });
    }
    // Each batch's sections, told their unit's id.
    in_place::runs(&mut sections, sizes.iter().map(|s| s.1))
        .into_par_iter()
        .zip(section_units)
        .zip(ordinals)
        .for_each(|((chunk, local), ordinals)| {
            for (s, &u) in chunk.iter_mut().zip(&local) {
                s.atelier = unit_of_ordinal[ordinals[u as usize] as usize];
            }
        });

    // People: one entry per name (folded) and atelier; name parts for masking.
    let mut people: Vec<Person> = Vec::new();
    let mut name_parts = BTreeSet::new();
    // Each entry's index by folded name and atelier (a scan per name was quadratic in people).
    let mut entry_of: HashMap<(String, Option<AtelierId>), usize> = HashMap::new();
    for (name, role, unit) in people_raw {
        let atelier = unit.and_then(|k| unit_ids.get(&k).copied());
        match entry_of.entry((fold::key(&name), atelier)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                // Keep the strongest role (porteur before participant before mentioned).
                let existing = &mut people[*e.get()];
                existing.role = existing.role.min(role);
                continue;
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(people.len());
            }
        }
        name_parts.extend(structure::name_parts(&name));
        people.push(Person {
            name,
            role,
            atelier,
        });
    }

    unused.extend(duplicate_ids(&documents));
    Corpus {
        spool: None,
        root,
        title: manifest.and_then(|m| m.title.clone()),
        events,
        ateliers,
        documents,
        sections,
        people,
        skipped: Vec::new(),
        warnings: unused,
        name_parts,
        fingerprints: BTreeMap::new(),
        manifest_file: None,
    }
}

/// A warning for each file in which two documents (JSON Lines lines, CSV rows) have the same id:
/// a file pasted twice, whose answers would count twice. Said once per file, at the first
/// repeat, with how many there are; the documents are analysed all the same.
fn duplicate_ids(documents: &[Document]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // Documents are in path order: a file's are together.
    for file in documents.chunk_by(|a, b| a.path == b.path) {
        if file.len() < 2 || file[0].external_id.is_none() {
            continue;
        }
        // The ids sorted with their place in the file, in parallel (a hash map of the 352,362
        // ids of the Grand Débat file took 50 ms of one thread; this, 18 ms of two): a
        // run of one id is its repeats, its first place first.
        let mut ids: Vec<(&str, u32)> = file
            .par_iter()
            .enumerate()
            .filter_map(|(i, d)| d.external_id.as_deref().map(|id| (id, i as u32)))
            .collect();
        ids.par_sort_unstable();
        let mut repeats = 0usize;
        // The earliest document that repeats an id, and the one it repeats.
        let mut earliest: Option<(u32, u32)> = None;
        for run in ids.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            repeats += run.len() - 1;
            let pair = (run[1].1, run[0].1);
            earliest = Some(earliest.map_or(pair, |e| e.min(pair)));
        }
        let first_repeat = earliest.map(|(again, first)| {
            let (again, first) = (&file[again as usize], &file[first as usize]);
            (
                again.external_id.as_deref().unwrap_or_default(),
                first.line,
                again.line,
            )
        });
        if let Some((id, before, line)) = first_repeat {
            let whose = match before {
                Some(l) => format!("de la ligne {l}"),
                None => "d'un autre document".to_string(),
            };
            let repeats = if repeats == 1 {
                "1 identifiant".to_string()
            } else {
                format!("{repeats} identifiants")
            };
            warnings.push(Warning {
                path: file[0].path.to_path_buf(),
                line: line.map(|l| l.get() as usize),
                message: format!(
                    "l'identifiant « {id} » est déjà celui {whose} ({repeats} en double dans ce \
                     fichier : un texte en double compte deux fois)"
                ),
            });
        }
    }
    warnings
}

/// What placing one batch of documents told about units and people (its documents and sections
/// are written in place, see [`in_place`]).
struct PlacedBatch {
    /// The units its sections belong to, in order of first appearance in the batch, each with
    /// what the batch says of it.
    units: Vec<(UnitKey, AtelierDraft)>,
    /// Each section's unit, as an index into `units` (4 bytes a section, not a key with its
    /// string).
    section_units: Vec<u32>,
    /// People listed in its notes, with their unit when a note says it.
    people: Vec<(String, PersonRole, Option<UnitKey>)>,
}

/// Places one batch of documents, the first of which is `first.0` and whose first section is
/// `first.1`: writes its documents and sections (each section's atelier is set once units are
/// numbered over all batches) and tells its units and people.
fn place_batch(
    batch: Vec<RawDoc>,
    first: (DocId, SectionId),
    event_index: &BTreeMap<String, usize>,
    spool: Option<&store::Spool>,
    documents: &mut in_place::Slots<'_, Document>,
    sections: &mut in_place::Slots<'_, Section>,
) -> PlacedBatch {
    let mut out = PlacedBatch {
        units: Vec::new(),
        section_units: Vec::new(),
        people: Vec::new(),
    };
    // Units by key (→ index in `out.units`). Consecutive sections nearly always share a unit:
    // the last one is checked first (a tree look-up per section, comparing keys with their
    // strings, took a second of one thread for the 6.3 million answers of a 1 GB corpus).
    let mut units: BTreeMap<UnitKey, u32> = BTreeMap::new();
    let mut last_unit: Option<(UnitKey, u32)> = None;
    let mut last_event: Option<(Arc<str>, usize)> = None;
    let mut section_at = first.1.0;
    for (di, d) in batch.into_iter().enumerate() {
        let ev = match &last_event {
            Some((key, ev)) if Arc::ptr_eq(key, &d.event) => *ev,
            _ => {
                let ev = event_index[&*d.event];
                last_event = Some((d.event.clone(), ev));
                ev
            }
        };
        let doc_id = DocId(first.0.0 + di as u32);
        // A note's sections, or a record's one section (no allocation for it).
        let mut ateliers_before = false;
        let (doc_title, people, note_sections, record) = match d.body {
            RawBody::Note(p) => {
                let p = *p;
                ateliers_before = p.ateliers_before;
                (p.title, p.people, p.sections, None)
            }
            RawBody::Record { kind, blocks } => (
                None,
                Vec::new(),
                Vec::new(),
                Some((
                    ParsedSection {
                        kind,
                        heading: Cow::Borrowed(kind.label_fr()),
                        part: None,
                        atelier: None,
                        blocks: Vec::new(),
                    },
                    blocks,
                )),
            ),
        };
        let has_ateliers = ateliers_before || note_sections.iter().any(|s| s.atelier.is_some());
        // The unit of what is under no atelier heading: the note's own when the note is one
        // (one atelier given by the manifest or the record, or a note without atelier
        // headings); otherwise the event's plenary for sections, and no atelier for the people
        // listed there (they were at the event).
        let note_unit: Option<UnitKey> = match &d.atelier {
            // An atelier field naming the plenary (`*atelier_pleniere` of an IRaMuTeQ corpus,
            // an answer's `"atelier": "Plénière"`) is the plenary.
            // (Its length first: a fold per answer of a consultation is an allocation each.)
            Some(field) if field.trim().len() <= 24 && fold::key(field) == "pleniere" => None,
            // `3` and `Atelier 3` are one atelier.
            Some(field) => Some(
                match field
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .or_else(|| structure::atelier_number(field))
                {
                    Some(n) => (ev, AtelierKind::Atelier, n, String::new()),
                    None => (ev, AtelierKind::Atelier, u32::MAX, field.to_string()),
                },
            ),
            // A note (a block of a large one too: all its blocks are that one unit).
            None if record.is_none() && !has_ateliers => Some((
                ev,
                AtelierKind::Document,
                0,
                d.rel.to_string_lossy().into_owned(),
            )),
            None => None,
        };
        let first_section = section_at;
        let note_sections = note_sections.into_iter().map(|mut s| {
            let blocks: SmallList<Block> = std::mem::take(&mut s.blocks)
                .into_iter()
                .map(|b| Block {
                    span: b.span,
                    kind: b.kind,
                    furniture: b.furniture,
                })
                .collect();
            (s, blocks)
        });
        for (s, blocks) in note_sections.chain(record) {
            let key: UnitKey = match (&s.atelier, &note_unit) {
                (Some(mark), _) => (ev, AtelierKind::Atelier, mark.number, String::new()),
                (None, Some(unit)) => unit.clone(),
                (None, None) => (ev, AtelierKind::Plenary, 0, String::new()),
            };
            let ordinal = match &last_unit {
                Some((last, ordinal)) if same_unit(last, &key) => *ordinal,
                _ => {
                    let ordinal = match units.get(&key) {
                        Some(&o) => o,
                        None => {
                            let o = out.units.len() as u32;
                            let draft = AtelierDraft::new(&key, doc_title.as_deref(), &d.rel);
                            out.units.push((key.clone(), draft));
                            units.insert(key.clone(), o);
                            o
                        }
                    };
                    last_unit = Some((key, ordinal));
                    ordinal
                }
            };
            let unit = &mut out.units[ordinal as usize].1;
            if let Some(mark) = &s.atelier {
                if unit.title.is_none() && d.line.is_none() && !mark.title.is_empty() {
                    unit.title = Some(mark.title.clone());
                }
                if let Some(sess) = mark.session
                    && !unit.sessions.contains(&sess)
                {
                    unit.sessions.push(sess);
                }
            }
            if s.kind == SectionKind::Question && unit.question.is_none() {
                // Only the section's bytes are read back.
                let lines = blocks.iter().filter(|b| b.furniture.is_none());
                let from = lines
                    .clone()
                    .map(|b| b.span.range().start)
                    .min()
                    .unwrap_or(0);
                let to = lines.clone().map(|b| b.span.range().end).max().unwrap_or(0);
                let text = TextCursor::read_part(spool, &d.text, from..to);
                let q: Vec<&str> = lines
                    .map(|b| {
                        let r = b.span.range();
                        text.get(r.start - from..r.end - from)
                            .unwrap_or_default()
                            .trim_matches(|c: char| c == '*' || c.is_whitespace())
                    })
                    .collect();
                if !q.is_empty() {
                    unit.question = Some(q.join(" "));
                }
            }
            // Documents come in order: a unit's last document is the only possible duplicate.
            if unit.documents.last() != Some(&doc_id) {
                unit.documents.push(doc_id);
            }
            let sid = SectionId(section_at);
            section_at += 1;
            out.section_units.push(ordinal);
            sections.push(Section::new(
                sid,
                doc_id,
                AtelierId(0),
                s.kind,
                s.heading,
                s.part.map(String::into_boxed_str),
                blocks,
            ));
        }
        for p in people {
            let unit = match p.atelier {
                Some(n) => Some((ev, AtelierKind::Atelier, n, String::new())),
                None => note_unit.clone(),
            };
            out.people.push((p.name, p.role, unit));
        }
        documents.push(Document {
            id: doc_id,
            path: d.rel,
            line: d.line,
            external_id: d.external_id,
            event: EventId(ev as u32),
            encoding: d.encoding,
            text: d.text,
            sections: SectionRange::new(first_section..section_at),
            extra: (doc_title.is_some() || !d.variables.is_empty()).then(|| {
                Box::new(DocExtra {
                    title: doc_title.map(String::into_boxed_str),
                    variables: d.variables.into_iter().collect(),
                })
            }),
        });
    }
    out
}

/// An atelier-level unit while documents are placed: what one batch, then all batches before the
/// current one, say of it.
#[derive(Default)]
struct AtelierDraft {
    label: String,
    title: Option<String>,
    question: Option<String>,
    sessions: Vec<u32>,
    documents: Vec<DocId>,
}

impl AtelierDraft {
    /// A unit met for the first time, labelled from its key (a document's unit from the
    /// document's title or file name).
    fn new(key: &UnitKey, doc_title: Option<&str>, rel: &Path) -> AtelierDraft {
        AtelierDraft {
            label: match key.1 {
                AtelierKind::Atelier if key.2 != u32::MAX => format!("Atelier {}", key.2),
                AtelierKind::Atelier => shortened(&key.3, MAX_LABEL_CHARS),
                // A first line longer than a title is a paragraph: the file names the unit.
                AtelierKind::Document => doc_title
                    .filter(|t| t.chars().count() <= MAX_LABEL_CHARS)
                    .map_or_else(|| file_label(rel), str::to_string),
                AtelierKind::Plenary => "Plénière".to_string(),
            },
            ..AtelierDraft::default()
        }
    }

    /// Adds what a later batch says of the same unit: its documents and sessions; its title and
    /// question only when none was found before (the first found is kept, as when documents are
    /// placed one after another).
    fn absorb(&mut self, later: AtelierDraft) {
        if self.title.is_none() {
            self.title = later.title;
        }
        if self.question.is_none() {
            self.question = later.question;
        }
        for s in later.sessions {
            if !self.sessions.contains(&s) {
                self.sessions.push(s);
            }
        }
        for d in later.documents {
            if self.documents.last() != Some(&d) {
                self.documents.push(d);
            }
        }
    }
}

/// Longest unit label, in characters: a label names the unit in every chart, table and graph
/// node (a note whose first line was a 50 MB paragraph had it as label in each).
const MAX_LABEL_CHARS: usize = 80;

/// `s` cut to at most `max` characters at a word boundary, with `…` when cut.
fn shortened(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut = s.char_indices().nth(max - 1).map_or(s.len(), |(i, _)| i);
    let head = &s[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i > cut / 2 => &head[..i],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// `Réunion des porteurs` → `reunion-des-porteurs`.
fn slug(s: &str) -> String {
    fold::key(s).replace(' ', "-")
}

/// `2020-09-14-forum-ouvert` → 2020-09-14.
fn date_prefix(name: &str) -> Option<Date> {
    name.get(..10).and_then(Date::parse_iso)
}

/// `2020-09-14-forum-ouvert` → `Forum ouvert`.
fn humanise(key: &str) -> String {
    let rest = if date_prefix(key).is_some() {
        key[10..].trim_start_matches(['-', '_', ' '])
    } else {
        key
    };
    let words = rest.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => key.to_string(),
    }
}

/// Notes of one event with one title (`# Compte rendu` in `matin.md` and `aprem.md`, or
/// `Compte Rendu`) would be ateliers of one name in every table: each says its file
/// (`Compte rendu (Matin)`), or its path when the file names are alike too (`ev/a/notes.md`,
/// `ev/b/notes.md`: `Compte rendu (ev/a/notes.md)`; `notes.md` and `notes.txt`).
fn name_notes_of_one_title(ateliers: &mut [Atelier], documents: &[Document]) {
    let title_key = |a: &Atelier| (a.event, a.label.to_lowercase());
    let mut groups: BTreeMap<(EventId, String), Vec<usize>> = BTreeMap::new();
    for (i, a) in ateliers.iter().enumerate() {
        if a.kind == AtelierKind::Document && !a.documents.is_empty() {
            groups.entry(title_key(a)).or_default().push(i);
        }
    }
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let paths: Vec<&Path> = members
            .iter()
            .map(|&i| documents[ateliers[i].documents[0].index()].path.as_path())
            .collect();
        let files: Vec<String> = paths.iter().map(|p| file_label(p)).collect();
        let alike = |f: &String| files.iter().filter(|g| *g == f).count() > 1;
        let alike: Vec<bool> = files.iter().map(alike).collect();
        for (((&i, file), path), alike) in members.iter().zip(files).zip(paths).zip(alike) {
            let says = if alike {
                path.to_string_lossy().into_owned()
            } else {
                file
            };
            let a = &mut ateliers[i];
            a.label = format!("{} ({says})", a.label);
        }
    }
}

fn file_label(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| humanise(&s.to_string_lossy()))
        .unwrap_or_else(|| rel.display().to_string())
}

#[cfg(test)]
mod tests {
    /// A skip reason's `detail` is an object whenever there is one (`run.json`, `corpus
    /// --json`): it was a bare string for some reasons (`"text"`) and an object for others
    /// (`{"field": "text", "found": "a number"}`), awkward to read into a table.
    #[test]
    fn skip_details_are_always_objects() {
        use super::SkipReason;
        let json = |r: &SkipReason| serde_json::to_value(r).unwrap();
        for (reason, name, detail) in [
            (
                SkipReason::MissingText("text".into()),
                "missing_text",
                r#"{"field":"text"}"#,
            ),
            (
                SkipReason::NotText {
                    field: "text".into(),
                    found: "a number",
                },
                "not_text",
                r#"{"field":"text","found":"a number"}"#,
            ),
            (
                SkipReason::Unreadable("refusé".into()),
                "unreadable",
                r#"{"error":"refusé"}"#,
            ),
            (
                SkipReason::InvalidJson("x".into()),
                "invalid_json",
                r#"{"error":"x"}"#,
            ),
            (
                SkipReason::Corrupt("PDF: y".into()),
                "corrupt",
                r#"{"error":"PDF: y"}"#,
            ),
        ] {
            let v = json(&reason);
            assert_eq!(v["reason"], name, "{v}");
            assert_eq!(v["detail"].to_string(), detail, "{v}");
        }
        // A reason without detail has no `detail` (not a string, not null).
        let v = json(&SkipReason::Empty);
        assert_eq!(v.to_string(), r#"{"reason":"empty"}"#);
    }

    /// A consultation has one document and one section per answer: their size is the corpus's
    /// memory (see issue 6's 1 GB measurement in the README).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn per_answer_records_stay_small() {
        assert!(std::mem::size_of::<super::Document>() <= 88);
        assert!(std::mem::size_of::<super::Section>() <= 40);
        assert!(std::mem::size_of::<super::Block>() <= 12);
        // Every record read is held until the corpus is assembled: at 1 GB that is the peak.
        assert!(std::mem::size_of::<super::RawDoc>() <= 152);
    }

    /// A heading and part are stored only when they say more than the kind's label, and read
    /// (and serialised) the same either way; so are a document's title and variables.
    #[test]
    fn names_stored_aside_read_as_fields() {
        use super::{
            Block, Cow, DocId, DocText, Document, EventId, Section, SectionId, SectionKind,
            SectionRange, TextEncoding,
        };
        let section = |heading: Cow<'static, str>, part: Option<&str>| {
            Section::new(
                SectionId(1),
                DocId(0),
                super::AtelierId(0),
                SectionKind::Synthese,
                heading,
                part.map(Box::from),
                Vec::<Block>::new().into_iter().collect(),
            )
        };
        let label = SectionKind::Synthese.label_fr();
        let record = section(Cow::Borrowed(label), None);
        assert!(record.names.is_none());
        assert_eq!((record.heading(), record.part()), (label, None));
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(
            (&json["heading"], &json["part"]),
            (&label.into(), &().into())
        );
        // The fields in declaration order, as the derived serialisation wrote them.
        let text = serde_json::to_string(&record).unwrap();
        let at: Vec<usize> = ["id", "doc", "atelier", "kind", "heading", "part", "blocks"]
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")).unwrap())
            .collect();
        assert!(at.is_sorted(), "{text}");
        let note = section(Cow::Owned("Synthèse de l'atelier".into()), None);
        assert_eq!(note.heading(), "Synthèse de l'atelier");
        let parted = section(Cow::Borrowed(label), Some("Tour 2"));
        assert_eq!((parted.heading(), parted.part()), (label, Some("Tour 2")));
        assert_eq!(parted.heading_cow(), label);
        assert_eq!(serde_json::to_value(&parted).unwrap()["part"], "Tour 2");

        let document = |extra: Option<Box<super::DocExtra>>| Document {
            id: DocId(3),
            path: std::sync::Arc::new("a/b.jsonl".into()),
            line: std::num::NonZeroU32::new(7),
            external_id: Some("gdn-1".into()),
            event: EventId(0),
            encoding: TextEncoding::Utf8,
            text: DocText::Held("".into()),
            sections: SectionRange::new(1..2),
            extra,
        };
        let plain = document(None);
        assert_eq!((plain.title(), plain.variables()), (None, &[][..]));
        let json = serde_json::to_value(&plain).unwrap();
        assert_eq!(json["path"], "a/b.jsonl");
        assert_eq!(json["line"], 7);
        assert_eq!(json["title"], serde_json::Value::Null);
        assert!(json.get("variables").is_none() && json.get("text").is_none());
        let rich = document(Some(Box::new(super::DocExtra {
            title: Some("Atelier 1".into()),
            variables: vec![("ville".into(), "Lyon".into())],
        })));
        assert_eq!(rich.title(), Some("Atelier 1"));
        let json = serde_json::to_value(&rich).unwrap();
        assert_eq!(json["title"], "Atelier 1");
        assert_eq!(json["variables"], serde_json::json!([["ville", "Lyon"]]));
    }

    #[test]
    fn a_section_range_reads_as_its_list_of_ids() {
        let r = super::SectionRange::new(3..6);
        let ids: Vec<u32> = r.iter().map(|s| s.0).collect();
        assert_eq!(ids, [3, 4, 5]);
        assert_eq!((&r).into_iter().count(), 3);
        assert_eq!((r.len(), r.first().map(|s| s.0)), (3, Some(3)));
        assert!(r.contains(super::SectionId(5)) && !r.contains(super::SectionId(6)));
        assert_eq!(serde_json::to_string(&r).unwrap(), "[3,4,5]");
        let empty = super::SectionRange::new(4..4);
        assert!(empty.is_empty() && empty.first().is_none());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
    }

    /// A JSON Lines file read block by block (each next block read while the current one is
    /// parsed) gives the documents, lines and texts of the same file read whole, and a block not
    /// valid UTF-8 is decoded as Windows-1252 with a warning at its own first line.
    #[test]
    fn a_file_read_block_by_block_gives_what_it_gives_read_whole() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.jsonl");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let filler = "la confiance des agents et le droit a l'erreur ".repeat(20);
        let mut n = 0usize;
        let mut bytes = 0u64;
        let mut latin_line = 0;
        // Above the threshold, and long enough for a third block.
        let size =
            (3 * super::stream::BLOCK_BYTES as u64).max(super::stream::STREAM_JSONL_ABOVE_BYTES);
        while bytes <= size + (1 << 20) {
            n += 1;
            // One line in the third block holds a byte of Windows-1252 (`é`).
            let line = if latin_line == 0 && bytes > 2 * super::stream::BLOCK_BYTES as u64 + 1000 {
                latin_line = n;
                let mut l = format!(r#"{{"id": "a{n}", "text": "{filler} d"#).into_bytes();
                l.push(0xE9);
                l.extend_from_slice(b"cision\"}\n");
                l
            } else {
                format!("{{\"id\": \"a{n}\", \"text\": \"{filler} {n}\"}}\n").into_bytes()
            };
            bytes += line.len() as u64;
            f.write_all(&line).unwrap();
        }
        f.flush().unwrap();
        drop(f);
        let load = |texts| {
            let opts = super::LoadOptions {
                texts,
                fingerprints: true,
                ..Default::default()
            };
            super::Corpus::load_with(&path, &opts).unwrap()
        };
        let (whole, blocks) = (
            load(super::TextStorage::Memory),
            load(super::TextStorage::Disk),
        );
        assert_eq!(blocks.documents.len(), n);
        assert_eq!(whole.documents.len(), n);
        let mut cursor = blocks.cursor();
        for (w, b) in whole.documents.iter().zip(&blocks.documents) {
            assert_eq!(
                (w.external_id.as_deref(), w.line),
                (b.external_id.as_deref(), b.line)
            );
            assert_eq!(whole.text(w.id), cursor.get(&b.text));
        }
        assert!(
            whole
                .text(super::DocId(latin_line as u32 - 1))
                .contains("décision")
        );
        let warned: Vec<_> = blocks
            .warnings
            .iter()
            .filter(|w| w.message.contains("1252"))
            .collect();
        assert_eq!(warned.len(), 1, "{:?}", blocks.warnings);
        let first = warned[0].line.unwrap();
        assert!(first > 1 && first <= latin_line, "{first} {latin_line}");
        assert!(blocks.skipped.is_empty() && whole.skipped.is_empty());
        // Both fingerprint every byte of the file.
        let want = super::Fingerprint::of(&std::fs::read(&path).unwrap());
        let rel = Path::new("answers.jsonl");
        assert_eq!(blocks.fingerprint(rel), Some(&want));
        assert_eq!(whole.fingerprint(rel), Some(&want));
    }

    /// A file read block by block whose second line is longer than a file may be: that line is
    /// skipped with its number and size — read and dropped, never held whole — and the lines
    /// around it are read.
    #[test]
    fn a_line_longer_than_the_file_limit_is_skipped_and_the_rest_read() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.jsonl");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, r#"{{"id": "a", "text": "La confiance des agents."}}"#).unwrap();
        let long = "confiance ".repeat(8 << 20);
        writeln!(f, r#"{{"id": "b", "text": "{long}"}}"#).unwrap();
        writeln!(f, r#"{{"id": "c", "text": "Le droit à l'erreur."}}"#).unwrap();
        f.flush().unwrap();
        drop(f);
        let opts = super::LoadOptions {
            texts: super::TextStorage::Disk,
            fingerprints: true,
            limits: super::readers::Limits {
                max_file_bytes: 32 << 20,
                ..Default::default()
            },
            ..Default::default()
        };
        let corpus = super::Corpus::load_with(&path, &opts).unwrap();
        let ids: Vec<_> = corpus
            .documents
            .iter()
            .map(|d| (d.external_id.as_deref(), d.line.map(|l| l.get())))
            .collect();
        assert_eq!(ids, [(Some("a"), Some(1)), (Some("c"), Some(3))]);
        assert_eq!(corpus.skipped.len(), 1, "{:?}", corpus.skipped);
        let s = &corpus.skipped[0];
        assert_eq!(s.line, Some(2));
        let line_bytes = long.len() + r#"{"id": "b", "text": ""}"#.len() + 1;
        assert_eq!(
            s.reason,
            super::SkipReason::TooLarge {
                what: super::Oversize::Line {
                    bytes: line_bytes as u64,
                },
                limit: 32 << 20,
            }
        );
        assert_eq!(corpus.text(super::DocId(1)), "Le droit à l'erreur.");
        // The dropped line's bytes are fingerprinted too.
        let want = super::Fingerprint::of(&std::fs::read(&path).unwrap());
        assert_eq!(corpus.fingerprint(Path::new("answers.jsonl")), Some(&want));
    }

    /// A file whose documents repeat ids (pasted twice) is told once, at the first repeat, with
    /// how many there are; its documents are all kept. Ids repeated across files are not.
    #[test]
    fn ids_repeated_in_a_file_are_told_once() {
        let dir = tempfile::tempdir().unwrap();
        let lines = |ids: &[&str]| -> String {
            ids.iter()
                .map(|id| format!("{{\"id\": \"{id}\", \"text\": \"La confiance {id}.\"}}\n"))
                .collect()
        };
        std::fs::write(
            dir.path().join("a.jsonl"),
            lines(&["x", "y", "z", "y", "x", "y"]),
        )
        .unwrap();
        std::fs::write(dir.path().join("b.jsonl"), lines(&["x", "w"])).unwrap();
        let corpus = super::Corpus::load(dir.path()).unwrap();
        assert_eq!(corpus.documents.len(), 8);
        let told: Vec<_> = corpus
            .warnings
            .iter()
            .filter(|w| w.message.contains("identifiant"))
            .map(|w| {
                (
                    w.path.to_string_lossy().into_owned(),
                    w.line,
                    w.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            told,
            [(
                "a.jsonl".to_string(),
                Some(4),
                "l'identifiant « y » est déjà celui de la ligne 2 (3 identifiants en double dans \
                 ce fichier : un texte en double compte deux fois)"
            )]
        );
    }

    /// A note just above the streaming threshold (five blocks or so), written by `write` with
    /// that many bytes, loaded read whole (texts in memory) and block by block (texts on disk).
    fn loaded_whole_and_by_blocks(
        write: impl Fn(&mut dyn std::io::Write, u64) -> std::io::Result<()>,
    ) -> (super::Corpus, super::Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("forum.md");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let size = super::stream::STREAM_ABOVE_BYTES + super::stream::BLOCK_BYTES as u64;
        write(&mut f, size).unwrap();
        std::io::Write::flush(&mut f).unwrap();
        drop(f);
        let load = |texts| {
            let opts = super::LoadOptions {
                texts,
                ..Default::default()
            };
            super::Corpus::load_with(&path, &opts).unwrap()
        };
        let (whole, blocks) = (
            load(super::TextStorage::Memory),
            load(super::TextStorage::Disk),
        );
        assert_eq!(whole.documents.len(), 1);
        assert!(blocks.documents.len() >= 5, "{}", blocks.documents.len());
        (whole, blocks)
    }

    /// The bytes of text by unit (key and label) and section kind.
    fn text_by_unit_and_kind(c: &super::Corpus) -> BTreeMap<(String, String, String), usize> {
        let mut bytes = BTreeMap::new();
        for s in &c.sections {
            let a = &c.ateliers[s.atelier.0 as usize];
            let b: usize = s.blocks.iter().map(|b| b.span.range().len()).sum();
            *bytes
                .entry((a.key.clone(), a.label.clone(), format!("{:?}", s.kind)))
                .or_default() += b;
        }
        bytes
    }

    /// A note above the streaming threshold, read block by block with its texts on disk, puts
    /// its lines in the ateliers its headings name, as the note read whole does: each block goes
    /// on in the atelier the block before ended in, its title is the plenary's, and so is a
    /// booklet part under no atelier, a whole block of it too. (The blocks after the first went
    /// to one atelier named after the file: 2 numbered ateliers instead of 3 in a reviewer's 87
    /// MB note; then a block under a part alone was a unit of its own, found by a review.)
    #[test]
    fn a_note_read_block_by_block_keeps_its_ateliers() {
        let (whole, blocks) = loaded_whole_and_by_blocks(|f, size| {
            // A table of contents names the part `Apostrophe`.
            writeln!(f, "Forum ouvert\n\nSommaire\n\nApostrophe ..... 3\n")?;
            let mut bytes = 0u64;
            // Each segment spans blocks (16 MiB), the part's a whole one at least.
            for (heading, until) in [
                ("# Atelier 1", 15),
                ("# Atelier 2", 30),
                ("Apostrophe", 80),
                ("# Atelier 3", 100),
            ] {
                writeln!(f, "{heading}\n")?;
                while bytes < until * size / 100 {
                    let p = format!("La confiance des agents, {heading}, {bytes}.\n\n");
                    bytes += p.len() as u64;
                    f.write_all(p.as_bytes())?;
                }
            }
            Ok(())
        });
        let want = text_by_unit_and_kind(&whole);
        let units: BTreeSet<&str> = want.keys().map(|k| k.1.as_str()).collect();
        assert_eq!(
            units,
            BTreeSet::from(["Atelier 1", "Atelier 2", "Atelier 3", "Plénière"])
        );
        let plenary: usize = want
            .iter()
            .filter(|(k, _)| k.1 == "Plénière")
            .map(|(_, b)| b)
            .sum();
        assert!(plenary > 32 << 20, "{want:?}");
        assert_eq!(text_by_unit_and_kind(&blocks), want);
    }

    /// A note above the streaming threshold without atelier headings is one unit of its own
    /// read block by block as read whole, and a section that crosses a block's end keeps its
    /// kind (it was a named atelier, and the second part of such a section a section of no kind:
    /// found by a batch-run review).
    #[test]
    fn a_note_read_block_by_block_keeps_its_unit_and_section_kinds() {
        let (whole, blocks) = loaded_whole_and_by_blocks(|f, size| {
            writeln!(f, "Compte rendu\n")?;
            let mut bytes = 0u64;
            let headings = ["## Synthèse", "## Idées à creuser", "## Notes communes"];
            // Sections of about 3 MiB: some cross the 16 MiB blocks' ends.
            for (i, heading) in headings.iter().cycle().enumerate() {
                if bytes >= size {
                    break;
                }
                writeln!(f, "{heading}\n")?;
                while bytes < (i as u64 + 1) * (3 << 20) {
                    let p = format!("- La posture des managers, point {bytes}.\n\n");
                    bytes += p.len() as u64;
                    f.write_all(p.as_bytes())?;
                }
            }
            Ok(())
        });
        let want = text_by_unit_and_kind(&whole);
        let units: BTreeSet<&str> = want.keys().map(|k| k.1.as_str()).collect();
        assert_eq!(units, BTreeSet::from(["Compte rendu"]));
        assert_eq!(whole.ateliers[0].kind, super::AtelierKind::Document);
        // (`Compte rendu` is a heading of discussion notes.)
        assert_eq!(want.len(), 3, "{want:?}");
        assert_eq!(text_by_unit_and_kind(&blocks), want);
    }

    /// Documents placed batch by batch in parallel make the corpus that placing them one after
    /// another makes: units numbered alike, with the title, question, sessions and documents
    /// that come from several batches merged as if read in order.
    #[test]
    fn a_corpus_assembled_from_any_batches_is_the_same() {
        // One atelier over a record (no title: records give none) and three notes, its title
        // from the first note, its question from the second (the third has another), two
        // sessions; a second atelier between; a note with no atelier (its own unit).
        let dir = tempfile::tempdir().unwrap();
        let event = dir.path().join("2020-09-14-forum");
        std::fs::create_dir(&event).unwrap();
        let notes = [
            (
                "0.jsonl",
                "{\"id\": \"r1\", \"text\": \"Des réponses.\", \"atelier\": \"1\"}\n",
            ),
            (
                "a.md",
                "# Atelier 1 - Session 1\n\n## Discussion\n\nLa confiance.\n",
            ),
            (
                "b.md",
                "# Atelier 2 - Posture\n\n## Discussion\n\nLa posture.\n",
            ),
            (
                "c.md",
                "# Atelier 1 - Emergence - Session 2\n\n## Question\n\nComment faire ?\n\n\
                 ## Discussion\n\nLe droit à l'erreur.\n",
            ),
            (
                "d.md",
                "# Atelier 1 - Essaimage - Session 1\n\n## Question\n\nComment essaimer ?\n",
            ),
            ("e.md", "## Discussion\n\nUne note sans atelier.\n"),
        ];
        for (name, text) in notes {
            std::fs::write(event.join(name), text).unwrap();
        }
        for root in [dir.path(), Path::new("corpus")] {
            let manifest = Manifest::read_fingerprinted(&root.join(manifest::MANIFEST_NAME))
                .ok()
                .map(|(m, _)| m);
            let read = || -> Vec<RawDoc> {
                let (mut skipped, mut warnings) = (Vec::new(), Vec::new());
                let opts = LoadOptions::default();
                plan(
                    root,
                    manifest.as_ref(),
                    None,
                    None,
                    &opts,
                    &mut skipped,
                    &mut warnings,
                )
                .unwrap()
                .iter()
                .flat_map(|p| read_planned(p, None, false).batches)
                .flatten()
                .collect()
            };
            let assembled = |batches| {
                assemble(
                    root.into(),
                    manifest.as_ref(),
                    batches,
                    &HashMap::new(),
                    None,
                    crate::lang::Lang::Fr,
                )
            };
            let whole = assembled(vec![read()]);
            let shown = format!("{whole:?}");
            // Each document alone, and the documents cut in twos and threes.
            let alone = assembled(read().into_iter().map(|d| vec![d]).collect());
            assert_eq!(format!("{alone:?}"), shown);
            let mut docs = read().into_iter().peekable();
            let mut uneven = Vec::new();
            while docs.peek().is_some() {
                let n = 2 + uneven.len() % 2;
                uneven.push(docs.by_ref().take(n).collect());
            }
            assert_eq!(format!("{:?}", assembled(uneven)), shown);
            if root == dir.path() {
                let first = &whole.ateliers[0];
                assert_eq!(first.number, Some(1));
                assert_eq!(first.documents, [DocId(0), DocId(1), DocId(3), DocId(4)]);
                assert_eq!(first.title.as_deref(), Some("Atelier 1 - Session 1"));
                assert_eq!(first.question.as_deref(), Some("Comment faire ?"));
                assert_eq!(first.sessions, [1, 2]);
                assert_eq!(whole.ateliers.len(), 3);
            }
        }
    }

    #[test]
    fn texts_on_disk_read_back_as_in_memory() {
        let load = |texts| {
            let opts = LoadOptions {
                texts,
                ..Default::default()
            };
            Corpus::load_with(Path::new("corpus"), &opts).unwrap()
        };
        let (mem, disk) = (load(TextStorage::Memory), load(TextStorage::Disk));
        assert_eq!(mem.spilled_bytes(), None);
        let total: usize = mem.documents.iter().map(|d| d.text.len()).sum();
        assert_eq!(disk.spilled_bytes(), Some(total as u64));
        assert_eq!(mem.documents.len(), disk.documents.len());
        let mut cursor = disk.cursor();
        for (m, d) in mem.documents.iter().zip(&disk.documents) {
            assert!(matches!(m.text, DocText::Held(_)));
            assert!(matches!(d.text, DocText::Spilled { .. }));
            assert_eq!(mem.text(m.id), cursor.get(&d.text), "{}", m.path.display());
            assert_eq!(mem.text(m.id), disk.text(d.id));
        }
        // The question of each atelier is read from the text at load time.
        let questions = |c: &Corpus| {
            c.ateliers
                .iter()
                .map(|a| a.question.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(questions(&mem), questions(&disk));
        assert!(questions(&disk).iter().any(Option::is_some));
        assert_eq!(
            readers::iramuteq::write(&mem),
            readers::iramuteq::write(&disk)
        );
        disk.check_texts().unwrap();
    }

    use super::*;

    #[test]
    fn long_labels_are_cut_at_a_word() {
        assert_eq!(
            shortened("Transition écologique", 80),
            "Transition écologique"
        );
        let long = "la confiance entre les élus et les citoyens ".repeat(5);
        let cut = shortened(&long, 80);
        assert!(cut.chars().count() <= 80, "{cut}");
        assert!(cut.ends_with("citoyens…") || cut.ends_with("les…"), "{cut}");
        assert_eq!(
            shortened(&"é".repeat(100), 10),
            format!("{}…", "é".repeat(9))
        );
    }

    #[test]
    fn humanised_keys() {
        assert_eq!(humanise("2020-09-14-forum-ouvert"), "Forum ouvert");
        assert_eq!(humanise("granddebat"), "Granddebat");
        assert_eq!(date_prefix("2020-09-14-forum"), Date::new(2020, 9, 14));
    }

    #[test]
    fn section_kind_parse() {
        assert_eq!(SectionKind::parse("synthese"), Some(SectionKind::Synthese));
        assert_eq!(
            SectionKind::parse("Idées à creuser"),
            Some(SectionKind::Idees)
        );
        assert_eq!(SectionKind::parse("bof"), None);
    }
}
