//! IRaMuTeQ corpora (the Alceste text format): reading them, and writing a [`Corpus`] as one.
//!
//! ## The format
//!
//! A corpus is a plain-text file. A line starting with four stars (`****`) opens a text (an
//! *unité de contexte initiale*) and carries its starred variables, separated by spaces:
//!
//! ```text
//! **** *event_forum2020 *atelier_forum2020atelier1 *section_synthese
//! Deux natures de transformation se dégagent...
//! ```
//!
//! Each variable is `*name_modality` (the first `_` separates the name from the modality). A
//! line `-*name_modality` inside a text starts a thematic part (it must be alone on its line).
//! The text itself must not contain `*`.
//!
//! ## Reading
//!
//! A `.txt` file whose first non-blank line starts with `**** ` is read as a corpus (see
//! [`super::is_iramuteq`]). Each text is one document (like a JSON Lines line), at the line of its
//! `****` line; a thematic line starts a new document with the same variables plus the theme's.
//! Variables map to metadata by name (accents and case ignored): `event`/`evenement` → event,
//! `atelier`/`groupe` → atelier, `section`/`partie`/`rubrique` → section kind, `date`
//! (`YYYYMMDD` or `YYYY-MM-DD`) → event date, `doc`/`id` → document id; every other variable is
//! kept on the document ([`crate::corpus::Document::variables`]). An atelier modality made of
//! the event's and `atelierN` or `pleniere`, as filrouge writes them, is atelier N or the
//! plenary. A text with no words is
//! skipped as empty, naming its line.
//!
//! ## Writing
//!
//! [`write()`] gives **one text per section**: IRaMuTeQ can then contrast syntheses with
//! discussions, ateliers and events. Each text carries `*event_…`, `*atelier_…` (the event's
//! modality, then `atelierN` for a numbered atelier, the label for other units:
//! `*atelier_forum2020atelier1`, `*atelier_universite2021pleniere`,
//! `*atelier_porteurs2020reuniondesporteurs`; IRaMuTeQ would read `*atelier_1` of two events as
//! one modality),
//! `*section_…` (the [`SectionKind`]
//! machine name), `*doc_N` (the document's id as a modality, or its index in the corpus) and, when
//! the event is dated, `*date_YYYYMMDD`. [`export()`] also says where each text comes from
//! ([`ExportedText`]: its `*doc_` modality, variables, event and atelier keys, file and line), the
//! table `filrouge export` writes beside the corpus, to join IRaMuTeQ's results back to the notes.
//! Modalities keep only ASCII letters and digits (accents folded, other characters dropped:
//! event `forum-2020` becomes `forum2020`). Sections listing people (participants, porteurs) and
//! page furniture blocks (headings, page numbers, names…) are left out, as in every analysis;
//! sections left with no text are not written. In the text, `*` is replaced by a space (it would
//! open a variable) and so is `_` (IRaMuTeQ reads `_word_` as a starred form); white space is
//! collapsed; each block is one line.

use std::fmt::Write as _;

use super::{Extracted, Input, Magic, Reader, Record, SourceFormat, decode_text};
use crate::corpus::fold::fold;
use crate::corpus::{Corpus, SectionKind, SkipReason};

/// Reads IRaMuTeQ corpora.
#[derive(Debug, Clone, Copy, Default)]
pub struct IramuteqReader;

impl Reader for IramuteqReader {
    fn format(&self) -> SourceFormat {
        SourceFormat::Iramuteq
    }

    fn expects(&self) -> Option<Magic> {
        Some(Magic::Text)
    }

    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason> {
        let decoded = decode_text(input.bytes)?;
        let (records, skipped) = parse(&decoded.text);
        Ok(Extracted::Records {
            records,
            encoding: decoded.encoding,
            skipped,
            warnings: Vec::new(),
        })
    }
}

/// One starred variable: `*atelier_2` → (`atelier`, `2`).
fn variable(token: &str) -> Option<(String, String)> {
    let t = token.strip_prefix('*')?;
    if t.is_empty() {
        return None;
    }
    Some(match t.split_once('_') {
        Some((n, m)) => (n.to_string(), m.to_string()),
        None => (t.to_string(), String::new()),
    })
}

/// A text being read: its first line, its variables, its lines.
type Open<'t> = (usize, Vec<(String, String)>, Vec<&'t str>);

/// Splits a corpus into records. Returns the records and the (line, reason) of empty texts.
pub fn parse(text: &str) -> (Vec<Record>, Vec<(usize, SkipReason)>) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut header: Vec<(String, String)> = Vec::new();
    let mut current: Option<Open<'_>> = None;
    let mut close = |cur: Option<Open<'_>>, records: &mut Vec<Record>| {
        if let Some((line, vars, lines)) = cur {
            let body = lines.join("\n");
            if body.chars().any(char::is_alphanumeric) {
                records.push(record(line, body.trim().to_string(), vars));
            } else {
                skipped.push((line, SkipReason::Empty));
            }
        }
    };
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        if let Some(vars) = line.strip_prefix("****") {
            close(current.take(), &mut records);
            header = vars.split_whitespace().filter_map(variable).collect();
            current = Some((lineno, header.clone(), Vec::new()));
        } else if let Some(rest) = line.trim_end().strip_prefix("-*")
            && !rest.is_empty()
            && !rest.contains(char::is_whitespace)
        {
            close(current.take(), &mut records);
            let mut vars = header.clone();
            if let Some(v) = variable(&format!("*{rest}")) {
                vars.push(v);
            }
            current = Some((lineno, vars, Vec::new()));
        } else if let Some((_, _, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    close(current.take(), &mut records);
    (records, skipped)
}

fn record(line: usize, text: String, vars: Vec<(String, String)>) -> Record {
    let mut r = Record {
        line,
        text,
        ..Record::default()
    };
    for (name, value) in vars {
        let slot = match fold(&name).as_str() {
            "event" | "evenement" | "evt" => &mut r.event,
            "atelier" | "groupe" | "group" | "workshop" => &mut r.atelier,
            "section" | "partie" | "rubrique" => &mut r.section,
            "date" => &mut r.date,
            "doc" | "id" | "document" => &mut r.id,
            _ => {
                r.variables.push((name, value));
                continue;
            }
        };
        if slot.is_none() && !value.is_empty() {
            *slot = Some(if fold(&name) == "date" {
                iso_date(&value)
            } else {
                value
            });
        } else {
            r.variables.push((name, value));
        }
    }
    // filrouge's own exports name the event in the atelier's modality
    // (`*event_forum2020 *atelier_forum2020atelier1`, `…pleniere`): read back as atelier 1 and
    // the plenary. Another modality is kept whole.
    if let (Some(ev), Some(atelier)) = (&r.event, &mut r.atelier)
        && let Some(rest) = atelier.strip_prefix(ev.as_str())
    {
        let number = rest
            .strip_prefix("atelier")
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if let Some(n) = number {
            *atelier = n.to_string();
        } else if rest == "pleniere" {
            *atelier = rest.to_string();
        }
    }
    r
}

/// `20200914` → `2020-09-14`; anything else unchanged.
fn iso_date(v: &str) -> String {
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..])
    } else {
        v.to_string()
    }
}

/// A modality: accents folded, only ASCII letters and digits kept.
pub fn modality(s: &str) -> String {
    fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A text line: `*` and `_` replaced by spaces, white space collapsed.
fn clean_line(s: &str) -> String {
    super::one_line(&s.replace(['*', '_'], " "))
}

/// One text of an export and where it comes from: a row of the table written beside the export
/// (`filrouge export --iramuteq -o F` writes it to `F`'s name with `.texts.csv`), so that what
/// IRaMuTeQ says of a text, or of a `*doc_` modality, can be joined back to the notes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportedText {
    /// Its rank in the export, from 1: the n-th `****` line.
    pub text: usize,
    /// The modality of its `*doc_` variable (the document's id, or its index in the corpus).
    pub doc: String,
    /// The modality of its `*section_` variable.
    pub section: &'static str,
    /// Its starred variables as written on its `****` line, after the stars.
    pub variables: String,
    /// Its event's key (`forum-2020`), as the other exports name it.
    pub event: String,
    /// Its atelier's key (`forum-2020/atelier-1`), as the other exports name it.
    pub atelier: String,
    /// The file, relative to the corpus root, `/` between folders.
    pub path: String,
    /// The line its text starts at (1-based, in the text as read, as `themes.json` counts);
    /// for a record (a JSON Lines or CSV line, an IRaMuTeQ text), the record's line.
    pub line: usize,
    /// `path:line`, as `themes.json` and the report locate quotes.
    pub location: String,
}

/// A corpus written in IRaMuTeQ format, with where each of its texts comes from.
#[derive(Debug, Clone, Default)]
pub struct Export {
    /// The IRaMuTeQ corpus.
    pub corpus: String,
    /// One row per text, in order.
    pub texts: Vec<ExportedText>,
}

/// The table of an export's texts as CSV (UTF-8, one header line: the fields of
/// [`ExportedText`]).
pub fn table_csv(texts: &[ExportedText]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for t in texts {
        w.serialize(t)?;
    }
    // serde writes the header with the first row: an empty table has it too.
    if texts.is_empty() {
        w.write_record([
            "text",
            "doc",
            "section",
            "variables",
            "event",
            "atelier",
            "path",
            "line",
            "location",
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Writes a corpus in IRaMuTeQ format: one text per analysable section (see the module doc).
/// Deterministic: documents in corpus order, sections in text order.
pub fn write(corpus: &Corpus) -> String {
    export(corpus).corpus
}

/// [`write()`], with where each text comes from ([`ExportedText`]).
pub fn export(corpus: &Corpus) -> Export {
    let mut out = String::new();
    let mut rows = Vec::new();
    let mut texts = corpus.cursor();
    for doc in &corpus.documents {
        let text = texts.get(&doc.text);
        let event = &corpus.events[doc.event.index()];
        let path: String = doc
            .path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        // Lines counted once through the document, sections coming in text order.
        let (mut counted_to, mut line) = (0usize, 1usize);
        for sid in &doc.sections {
            let section = &corpus.sections[sid.index()];
            if section.kind.is_names() {
                continue;
            }
            let mut first = None;
            let lines: Vec<String> = section
                .blocks
                .iter()
                .filter(|b| b.furniture.is_none())
                .map(|b| (b, clean_line(&text[b.span.range()])))
                .filter(|(_, l)| l.chars().any(char::is_alphanumeric))
                .map(|(b, l)| {
                    first.get_or_insert(b.span.range().start);
                    l
                })
                .collect();
            let Some(start) = first else {
                continue;
            };
            let at = match doc.line {
                Some(l) => l.get() as usize,
                None => {
                    if start >= counted_to {
                        line +=
                            memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..start]).count();
                    } else {
                        line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count();
                    }
                    counted_to = start;
                    line
                }
            };
            let atelier = &corpus.ateliers[section.atelier.index()];
            let ev = modality(&event.key);
            let header_start = out.len();
            out.push_str("****");
            let _ = write!(out, " *event_{ev}");
            // Each modality names its event: IRaMuTeQ reads `*atelier_1` of two events as one
            // modality, while they are two ateliers.
            match (atelier.kind, atelier.number) {
                (_, Some(n)) => {
                    let _ = write!(out, " *atelier_{ev}atelier{n}");
                }
                // A plenary or a note of its own (a meeting) is a unit of the analysis like
                // a numbered atelier: IRaMuTeQ's contrasts by atelier see it too.
                (_, None) if !modality(&atelier.label).is_empty() => {
                    let label = modality(&atelier.label);
                    // Read back from an export, the label already names its event.
                    let prefix = if label.starts_with(&ev) { "" } else { &ev };
                    let _ = write!(out, " *atelier_{prefix}{label}");
                }
                _ => {}
            }
            let _ = write!(out, " *section_{}", section_kind_modality(section.kind));
            let doc_modality = match doc.external_id.as_deref().map(modality) {
                Some(id) if !id.is_empty() => id,
                _ => doc.id.0.to_string(),
            };
            let _ = write!(out, " *doc_{doc_modality}");
            if let Some(d) = event.dates {
                let s = d.start;
                let _ = write!(out, " *date_{:04}{:02}{:02}", s.year, s.month, s.day);
            }
            rows.push(ExportedText {
                text: rows.len() + 1,
                doc: doc_modality,
                section: section_kind_modality(section.kind),
                variables: out[header_start + "**** ".len()..].to_string(),
                event: event.key.clone(),
                atelier: atelier.key.clone(),
                location: format!("{path}:{at}"),
                path: path.clone(),
                line: at,
            });
            out.push('\n');
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    Export {
        corpus: out,
        texts: rows,
    }
}

fn section_kind_modality(k: SectionKind) -> &'static str {
    k.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_variables_and_themes() {
        let corpus = "**** *event_forum2020 *atelier_2 *section_synthese *ville_Lyon\n\
                      La confiance d'abord.\nDeuxième ligne.\n\n\
                      -*theme_numerique\nLes outils.\n\
                      **** *evenement_univ *date_20211116 *drapeau\n\n\
                      **** *groupe_B\nTexte B.\n";
        let (records, skipped) = parse(corpus);
        assert_eq!(records.len(), 3);
        let r = &records[0];
        assert_eq!(r.line, 1);
        assert_eq!(r.text, "La confiance d'abord.\nDeuxième ligne.");
        assert_eq!(r.event.as_deref(), Some("forum2020"));
        assert_eq!(r.atelier.as_deref(), Some("2"));
        assert_eq!(r.section.as_deref(), Some("synthese"));
        assert_eq!(r.variables, [("ville".to_string(), "Lyon".to_string())]);
        let t = &records[1];
        assert_eq!((t.line, t.text.as_str()), (5, "Les outils."));
        assert_eq!(
            t.variables.last().unwrap(),
            &("theme".into(), "numerique".into())
        );
        assert_eq!(skipped, [(7, SkipReason::Empty)]);
        assert_eq!(records[2].atelier.as_deref(), Some("B"));
        assert_eq!(iso_date("20211116"), "2021-11-16");
        assert_eq!(modality("Forum-2020 Émergence"), "forum2020emergence");
        assert_eq!(clean_line("**Première** piste_a"), "Première piste a");
    }

    /// Each text of an export is listed with its `*doc_` modality, its starred line, and the
    /// line it starts at: in a note, the line of its first text; in a JSON Lines file, the
    /// record's line. Sections listing people, and empty ones, are not texts.
    #[test]
    fn the_export_says_where_each_text_comes_from() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "# Atelier 1\n\n## Participants\n\nAnne Martin\n\n## Synthèse\n\n\
             La confiance d'abord.\n\n## Discussion\n\nLe droit à l'erreur.\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("r.jsonl"),
            "{\"text\": \"Première réponse.\", \"id\": \"r-1\"}\n\n\
             {\"text\": \"Seconde réponse.\"}\n",
        )
        .unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        let e = export(&corpus);
        let got: Vec<(usize, &str, &str, &str)> = e
            .texts
            .iter()
            .map(|t| (t.text, t.doc.as_str(), t.section, t.location.as_str()))
            .collect();
        let stars: Vec<&str> = e
            .corpus
            .lines()
            .filter_map(|l| l.strip_prefix("**** "))
            .collect();
        assert_eq!(stars.len(), e.texts.len());
        for (t, s) in e.texts.iter().zip(&stars) {
            assert_eq!(t.variables, *s);
        }
        assert_eq!(got[0], (1, "0", "synthese", "a.md:9"));
        assert_eq!(got[1], (2, "0", "discussion", "a.md:13"));
        assert_eq!(got[2].1, "r1");
        assert_eq!(got[2].3, "r.jsonl:1");
        assert_eq!(got[3].3, "r.jsonl:3");
        assert_eq!(got.len(), 4);
        // The table: a header, then the rows; an empty export has the header alone.
        let csv = String::from_utf8(table_csv(&e.texts).unwrap()).unwrap();
        assert!(csv.starts_with("text,doc,section,variables,event,atelier,path,line,location\n"));
        assert_eq!(csv.lines().count(), 5);
        assert_eq!(
            String::from_utf8(table_csv(&[]).unwrap()).unwrap(),
            "text,doc,section,variables,event,atelier,path,line,location\n"
        );
    }

    /// An atelier modality that names its event, as filrouge writes it, is read back as the
    /// atelier's number or the plenary; any other modality is kept whole.
    #[test]
    fn atelier_modalities_naming_their_event() {
        let corpus = "**** *event_forum2020 *atelier_forum2020atelier12\nUn.\n\
                      **** *event_univ2021 *atelier_univ2021pleniere\nDeux.\n\
                      **** *event_univ2021 *atelier_univ2021reunion\nTrois.\n\
                      **** *event_a *atelier_atelier1\nQuatre.\n\
                      **** *event_b *atelier_batelier\nCinq.\n";
        let (records, _) = parse(corpus);
        let ateliers: Vec<&str> = records
            .iter()
            .map(|r| r.atelier.as_deref().unwrap())
            .collect();
        assert_eq!(
            ateliers,
            ["12", "pleniere", "univ2021reunion", "atelier1", "batelier"]
        );
    }
}
