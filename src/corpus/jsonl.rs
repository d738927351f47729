//! JSON Lines corpora: one document per line, for batch runs over consultations and archives.
//!
//! Each line is a JSON object with a text field and optional id, event, date, atelier and section
//! fields (names configurable, see [`JsonlFields`]). A line's text is one section (of the kind its
//! section field names, discussion by default) whose blocks are its lines; no heading inference is
//! done inside an answer. A line that is not a JSON object, or has no text, is skipped with its line
//! number; the other lines are loaded.

use std::path::Path;

use serde_json::Value;

use super::decode::{Decoded, clean_text};
use super::structure::{ParsedBlock, ParsedDoc, ParsedSection};
use super::{
    BlockKind, Date, FileOutcome, JsonlFields, RawDoc, SectionKind, SkipReason, Skipped, Warning,
};

/// Reads every line of a decoded JSON Lines file into `out`.
pub(crate) fn read(
    rel: &Path,
    default_event: &str,
    fields: &JsonlFields,
    decoded: Decoded,
    out: &mut FileOutcome,
) {
    for (i, line) in decoded.text.lines().enumerate() {
        let lineno = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let skip = |reason| Skipped {
            path: rel.to_path_buf(),
            line: Some(lineno),
            reason,
        };
        let obj = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                out.skipped
                    .push(skip(SkipReason::InvalidJson("not an object".into())));
                continue;
            }
            Err(e) => {
                out.skipped
                    .push(skip(SkipReason::InvalidJson(e.to_string())));
                continue;
            }
        };
        let field = |name: &str| -> Option<String> {
            match obj.get(name)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let Some(text) = field(&fields.text) else {
            out.skipped
                .push(skip(SkipReason::MissingText(fields.text.clone())));
            continue;
        };
        let text = clean_text(&text);
        let event_date = field(&fields.date).and_then(|d| {
            let parsed = Date::parse_iso(d.get(..10).unwrap_or(&d));
            if parsed.is_none() {
                out.warnings.push(Warning {
                    path: rel.to_path_buf(),
                    line: Some(lineno),
                    message: format!("date {d:?} is not YYYY-MM-DD: ignored"),
                });
            }
            parsed
        });
        let kind = field(&fields.section)
            .and_then(|s| SectionKind::parse(&s))
            .unwrap_or(SectionKind::Discussion);
        let sections = vec![ParsedSection {
            kind,
            heading: kind.label_fr().to_string(),
            part: None,
            atelier: None,
            blocks: line_blocks(&text),
        }];
        out.docs.push(RawDoc {
            rel: rel.to_path_buf(),
            line: Some(lineno),
            external_id: field(&fields.id),
            event: field(&fields.event).unwrap_or_else(|| default_event.to_string()),
            event_date,
            atelier: field(&fields.atelier),
            variables: Vec::new(),
            encoding: decoded.encoding,
            text,
            parsed: ParsedDoc {
                title: None,
                date: None,
                sections,
                people: Vec::new(),
            },
        });
    }
}

/// One paragraph block per non-blank line, trimmed.
pub(crate) fn line_blocks(text: &str) -> Vec<ParsedBlock> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches('\n');
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        if !t.is_empty() {
            let start = offset + lead;
            blocks.push(ParsedBlock {
                span: start..start + t.len(),
                kind: BlockKind::Paragraph,
                furniture: None,
            });
        }
        offset += raw.len();
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::TextEncoding;

    #[test]
    fn lines_become_documents_and_bad_lines_are_skipped() {
        let text = "{\"id\": \"a1\", \"text\": \"La confiance.\\nDeuxième ligne\", \"atelier\": 2}\n\
                    not json\n\
                    {\"id\": \"a2\"}\n\
                    \n\
                    {\"id\": 7, \"text\": \"Essaimage\", \"event\": \"e2\", \"date\": \"2021-11-16\", \"section\": \"synthèse\"}\n";
        let mut out = FileOutcome::default();
        let decoded = Decoded {
            text: text.to_string(),
            encoding: TextEncoding::Utf8,
        };
        read(
            Path::new("x.jsonl"),
            "ev",
            &JsonlFields::default(),
            decoded,
            &mut out,
        );
        assert_eq!(out.docs.len(), 2);
        let d = &out.docs[0];
        assert_eq!(d.external_id.as_deref(), Some("a1"));
        assert_eq!(d.atelier.as_deref(), Some("2"));
        assert_eq!(d.event, "ev");
        assert_eq!(d.parsed.sections[0].blocks.len(), 2);
        let b = &d.parsed.sections[0].blocks[1];
        assert_eq!(&d.text[b.span.clone()], "Deuxième ligne");
        let e = &out.docs[1];
        assert_eq!((e.line, e.event.as_str()), (Some(5), "e2"));
        assert_eq!(e.event_date, Date::new(2021, 11, 16));
        assert_eq!(e.parsed.sections[0].kind, SectionKind::Synthese);
        let reasons: Vec<_> = out.skipped.iter().map(|s| (s.line, &s.reason)).collect();
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].0, Some(2));
        assert_eq!(
            reasons[1],
            (Some(3), &SkipReason::MissingText("text".into()))
        );
    }
}
