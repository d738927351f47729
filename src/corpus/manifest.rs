//! The corpus manifest, `filrouge.toml`: events with their dates, and which file belongs to which
//! event.
//!
//! ```toml
//! title = "Innovation publique territoriale"
//! exclude = ["NOTES-INTERNES.md", "brouillons"]   # files or folders (relative to the manifest)
//!                                                 # never loaded
//!
//! [[event]]
//! id = "forum-2020"                        # used in outputs; letters, digits, - and _
//! title = "Forum ouvert « Emergence »"
//! date = "2020-09-14"                      # or a native TOML date: 2020-09-14
//!
//! [[event]]
//! id = "universite-2021"
//! title = "Comment oser l'utopie…"
//! date = "2021-11-16"
//! end = "2021-11-17"                       # optional last day of a multi-day event
//!
//! [[file]]
//! path = "2020-09-14-forum-ouvert"         # a file, or a folder (every note under it)
//! event = "forum-2020"
//!
//! [[file]]
//! path = "2021-11-16-universite/livret.txt"
//! event = "universite-2021"
//! parts = ["Nulle part ailleurs"]          # optional: booklet rounds, besides the table of contents
//! furniture = ["Rappel de l'offre de formation"]   # optional: headings that start page furniture
//!
//! [[file]]
//! path = "consultation.jsonl"
//! event = "consultation"
//! fields = { text = "contribution", id = "uid", atelier = "theme" }   # JSON Lines fields or CSV columns
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Date;
use crate::error::{Error, Result};

/// The name of the manifest file in a corpus folder.
pub const MANIFEST_NAME: &str = "filrouge.toml";

/// Field names of a JSON Lines corpus (which JSON key holds what), also the column names of a
/// CSV/TSV table (see [`super::readers::csv`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct JsonlFields {
    /// The document's text (required in every line).
    pub text: String,
    /// A stable document id.
    pub id: String,
    /// The event key.
    pub event: String,
    /// The event's date (`YYYY-MM-DD`).
    pub date: String,
    /// The atelier (a number or a name).
    pub atelier: String,
    /// The section kind (`synthèse`, `idées`, …).
    pub section: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text: "text".into(),
            id: "id".into(),
            event: "event".into(),
            date: "date".into(),
            atelier: "atelier".into(),
            section: "section".into(),
        }
    }
}

/// An event as the manifest declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// First day.
    pub date: Option<Date>,
    /// Last day.
    pub end: Option<Date>,
    /// Its line in the manifest.
    pub line: usize,
}

/// A file (or folder) entry of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    /// Path relative to the manifest's folder.
    pub path: PathBuf,
    /// 1-based line of the entry in the manifest, for messages.
    pub line: usize,
    /// The event id.
    pub event: String,
    /// Booklet parts to recognise besides the table of contents.
    pub parts: Vec<String>,
    /// Headings that start page furniture.
    pub furniture: Vec<String>,
    /// Field names, for JSON Lines files.
    pub fields: JsonlFields,
}

/// A parsed and checked manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The manifest file.
    pub path: PathBuf,
    /// The corpus title.
    pub title: Option<String>,
    /// Events, in manifest order.
    pub events: Vec<EventSpec>,
    /// File entries, in manifest order.
    pub files: Vec<FileSpec>,
    /// Paths never loaded.
    pub exclude: Vec<Exclusion>,
}

/// A path the manifest excludes: a file, or a folder and everything under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// Relative to the manifest's folder, without `.` components.
    pub path: PathBuf,
    /// Its line in the manifest (to say which entry matched nothing).
    pub line: usize,
}

impl Exclusion {
    /// Whether it excludes `rel` (a path relative to the manifest's folder): `rel` is the path
    /// or lies under it.
    pub fn covers(&self, rel: &Path) -> bool {
        rel.starts_with(&self.path)
    }
}

/// A manifest path without its `.` components (`./notes/a.md` is `notes/a.md`, as the folder
/// walk finds it).
fn normal(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Whether a manifest path leaves the manifest's folder (absolute, or with `..`).
fn escapes(p: &Path) -> bool {
    p.is_absolute() || p.components().any(|c| c.as_os_str() == "..")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    title: Option<String>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    event: Vec<RawEvent>,
    #[serde(default)]
    file: Vec<RawFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Spanned<String>,
    title: Option<String>,
    date: Option<Spanned<RawDate>>,
    end: Option<Spanned<RawDate>>,
}

/// A date as a manifest writes it: a string (`"2021-11-16"`) or a TOML date (`2021-11-16`).
#[derive(Deserialize)]
#[serde(try_from = "toml::Value")]
enum RawDate {
    Text(String),
    Native(toml::value::Datetime),
}

impl TryFrom<toml::Value> for RawDate {
    type Error = String;

    /// Anything else is refused in French (serde's words for an untagged enum named the type).
    fn try_from(v: toml::Value) -> std::result::Result<Self, String> {
        match v {
            toml::Value::String(s) => Ok(RawDate::Text(s)),
            toml::Value::Datetime(d) => Ok(RawDate::Native(d)),
            other => Err(format!(
                "une date s'écrit AAAA-MM-JJ (2021-11-16), pas « {other} »"
            )),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    path: Spanned<String>,
    event: Spanned<String>,
    #[serde(default)]
    parts: Vec<String>,
    #[serde(default)]
    furniture: Vec<String>,
    #[serde(default)]
    fields: JsonlFields,
}

impl Manifest {
    /// Reads and checks a manifest file.
    pub fn read(path: &Path) -> Result<Manifest> {
        Manifest::read_fingerprinted(path).map(|(m, _)| m)
    }

    /// [`Manifest::read`], with the fingerprint of the bytes read.
    pub fn read_fingerprinted(path: &Path) -> Result<(Manifest, super::Fingerprint)> {
        let read_error = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let bytes = std::fs::read(path).map_err(read_error)?;
        let print = super::Fingerprint::of(&bytes);
        let src = String::from_utf8(bytes).map_err(|_| {
            // What `std::fs::read_to_string` says.
            read_error(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "le fichier n'est pas en UTF-8",
            ))
        })?;
        Ok((Manifest::parse(path, &src)?, print))
    }

    /// Parses and checks manifest text; `path` is used in messages.
    pub fn parse(path: &Path, src: &str) -> Result<Manifest> {
        let err = |line: usize, reason: String| Error::Manifest {
            path: path.to_path_buf(),
            line,
            reason,
        };
        let raw: RawManifest = toml::from_str(src).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(src, s.start));
            err(
                line,
                format!("TOML : {}", crate::error::one_line(e.message())),
            )
        })?;

        let mut events: Vec<EventSpec> = Vec::new();
        for ev in raw.event {
            let line = line_of(src, ev.id.span().start);
            let id = ev.id.into_inner();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                return Err(err(
                    line,
                    format!(
                        "l'identifiant d'événement « {id} » doit être fait de lettres, de \
                         chiffres, de '-' ou de '_'"
                    ),
                ));
            }
            if events.iter().any(|e| e.id == id) {
                return Err(err(
                    line,
                    format!("l'événement « {id} » est déclaré deux fois"),
                ));
            }
            let date = parse_date(src, ev.date).map_err(|(l, r)| err(l, r))?;
            let end = parse_date(src, ev.end).map_err(|(l, r)| err(l, r))?;
            if let (Some(d), Some(e)) = (date, end)
                && e < d
            {
                return Err(err(
                    line,
                    format!("l'événement « {id} » finit ({e}) avant de commencer ({d})"),
                ));
            }
            if end.is_some() && date.is_none() {
                return Err(err(
                    line,
                    format!("l'événement « {id} » a une fin (`end`) mais pas de `date`"),
                ));
            }
            events.push(EventSpec {
                title: ev.title.unwrap_or_else(|| id.clone()),
                id,
                date,
                end,
                line,
            });
        }

        // A path of the manifest, without `.` components, that must stay in the manifest's folder.
        let relative = |line: usize, raw: &str, what: &str| {
            let p = normal(Path::new(raw));
            if escapes(&p) {
                return Err(err(
                    line,
                    format!(
                        "{what} {} doit être relatif au dossier du manifeste, sans '..'",
                        p.display()
                    ),
                ));
            }
            Ok(p)
        };
        let mut files = Vec::new();
        for f in raw.file {
            let line = line_of(src, f.path.span().start);
            let event_line = line_of(src, f.event.span().start);
            let event = f.event.into_inner();
            if !events.iter().any(|e| e.id == event) {
                // An empty list said « (déclarés : ) ».
                let declared = if events.is_empty() {
                    "aucun [[event]] n'est déclaré".to_string()
                } else {
                    format!(
                        "déclarés : {}",
                        events
                            .iter()
                            .map(|e| e.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(err(
                    event_line,
                    format!(
                        "l'entrée [[file]] nomme l'événement « {event} », qu'aucun [[event]] ne \
                         déclare ({declared})"
                    ),
                ));
            }
            let p = relative(line, f.path.get_ref(), "le chemin de fichier (`path`)")?;
            files.push(FileSpec {
                path: p,
                line,
                event,
                parts: f.parts,
                furniture: f.furniture,
                fields: f.fields,
            });
        }
        let mut exclude = Vec::new();
        for e in raw.exclude {
            let line = line_of(src, e.span().start);
            let p = relative(line, e.get_ref(), "le chemin exclu (`exclude`)")?;
            if p.as_os_str().is_empty() {
                return Err(err(
                    line,
                    format!(
                        "le chemin exclu (`exclude`) « {} » exclurait tout le corpus",
                        e.get_ref()
                    ),
                ));
            }
            exclude.push(Exclusion { path: p, line });
        }
        Ok(Manifest {
            path: path.to_path_buf(),
            title: raw.title,
            events,
            files,
            exclude,
        })
    }
}

fn parse_date(
    src: &str,
    raw: Option<Spanned<RawDate>>,
) -> std::result::Result<Option<Date>, (usize, String)> {
    let Some(raw) = raw else { return Ok(None) };
    let line = line_of(src, raw.span().start);
    let text = match raw.into_inner() {
        RawDate::Text(s) => s,
        RawDate::Native(d) => d.to_string(),
    };
    Date::parse_iso(&text).map(Some).ok_or_else(|| {
        (
            line,
            format!("la date « {text} » n'est pas une date valide au format AAAA-MM-JJ"),
        )
    })
}

/// 1-based line number of a byte offset.
fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Essai"

[[event]]
id = "forum-2020"
title = "Forum"
date = "2020-09-14"

[[event]]
id = "u2021"
date = 2021-11-16
end = "2021-11-17"

[[file]]
path = "a/b.md"
event = "forum-2020"

[[file]]
path = "c.jsonl"
event = "u2021"
fields = { text = "contribution" }
"#;

    #[test]
    fn parses_events_and_files() {
        let m = Manifest::parse(Path::new("m.toml"), GOOD).unwrap();
        assert_eq!(m.title.as_deref(), Some("Essai"));
        assert_eq!(m.events[1].title, "u2021");
        assert_eq!(m.events[1].date, Date::new(2021, 11, 16));
        assert_eq!(m.events[1].end, Date::new(2021, 11, 17));
        assert_eq!(m.files[0].line, 15);
        assert_eq!(m.files[1].fields.text, "contribution");
        assert_eq!(m.files[1].fields.id, "id");
    }

    fn error_of(src: &str) -> (usize, String) {
        match Manifest::parse(Path::new("m.toml"), src).unwrap_err() {
            Error::Manifest { line, reason, .. } => (line, reason),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn errors_name_the_line() {
        let (line, reason) = error_of("[[event]]\nid = \"a\"\ndate = \"2020-13-01\"\n");
        assert_eq!(line, 3);
        assert!(reason.contains("2020-13-01"), "{reason}");

        let (line, reason) =
            error_of("[[event]]\nid = \"a\"\n\n[[file]]\npath = \"x.md\"\nevent = \"b\"\n");
        assert_eq!(line, 6);
        assert!(reason.contains("« b »"), "{reason}");
        assert!(reason.ends_with("(déclarés : a)"), "{reason}");

        // With no [[event]] at all, the message says so rather than list nothing.
        let (line, reason) = error_of("[[file]]\npath = \"a\"\nevent = \"nope\"\n");
        assert_eq!(line, 3);
        assert_eq!(
            reason,
            "l'entrée [[file]] nomme l'événement « nope », qu'aucun [[event]] ne déclare \
             (aucun [[event]] n'est déclaré)"
        );

        let (line, _) = error_of("[[event]]\nid = \"a\"\ntitle = \"unterminated\n");
        assert_eq!(line, 3);

        let (line, reason) = error_of("[[event]]\nid = \"a\"\ncolour = \"red\"\n");
        assert_eq!(line, 3);
        assert!(reason.contains("colour"), "{reason}");

        // A date of the wrong type says how to write one (it named serde's `RawDate`).
        let (line, reason) = error_of("[[event]]\nid = \"a\"\ndate = 20220314\n");
        assert_eq!(line, 3);
        assert!(reason.contains("une date s'écrit AAAA-MM-JJ"), "{reason}");
        assert!(reason.contains("« 20220314 »"), "{reason}");
        assert!(!reason.contains("RawDate"), "{reason}");
    }
}
