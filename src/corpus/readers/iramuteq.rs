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
//! machine name), `*doc_N` (the document's index) and, when the event is dated, `*date_YYYYMMDD`.
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

/// Writes a corpus in IRaMuTeQ format: one text per analysable section (see the module doc).
/// Deterministic: documents in corpus order, sections in text order.
pub fn write(corpus: &Corpus) -> String {
    let mut out = String::new();
    let mut texts = corpus.cursor();
    for doc in &corpus.documents {
        let text = texts.get(&doc.text);
        let event = &corpus.events[doc.event.index()];
        for sid in &doc.sections {
            let section = &corpus.sections[sid.index()];
            if section.kind.is_names() {
                continue;
            }
            let lines: Vec<String> = section
                .blocks
                .iter()
                .filter(|b| b.furniture.is_none())
                .map(|b| clean_line(&text[b.span.range()]))
                .filter(|l| l.chars().any(char::is_alphanumeric))
                .collect();
            if lines.is_empty() {
                continue;
            }
            let atelier = &corpus.ateliers[section.atelier.index()];
            let ev = modality(&event.key);
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
            match doc.external_id.as_deref().map(modality) {
                Some(id) if !id.is_empty() => {
                    let _ = write!(out, " *doc_{id}");
                }
                _ => {
                    let _ = write!(out, " *doc_{}", doc.id.0);
                }
            }
            if let Some(d) = event.dates {
                let s = d.start;
                let _ = write!(out, " *date_{:04}{:02}{:02}", s.year, s.month, s.day);
            }
            out.push('\n');
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
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
