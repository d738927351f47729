//! CSV and TSV tables: one document per row.
//!
//! The first row names the columns. The manifest's `fields` entry (the same one JSON Lines uses,
//! see [`JsonlFields`](crate::corpus::JsonlFields)) says which column holds the text, the id, the
//! event, the date, the atelier and the section kind; every other non-empty column is kept as a
//! variable of the document. Column names match case-insensitively.
//!
//! `.tsv` files are tab-separated. For `.csv` files the separator is the one among `,`, `;` and tab
//! that occurs most in the header line (French spreadsheets export with `;`). The file is decoded
//! like a note (UTF-8, BOM, Windows-1252 fallback). A row without text is skipped with its line;
//! a file without the text column is skipped whole, naming the columns it has.

use super::{Extracted, Input, Magic, Reader, Record, SourceFormat, decode_text};
use crate::corpus::SkipReason;

/// Reads `.csv` (`tabs: false`) or `.tsv` (`tabs: true`) files.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvReader {
    /// Tab-separated.
    pub tabs: bool,
}

impl Reader for CsvReader {
    fn format(&self) -> SourceFormat {
        if self.tabs {
            SourceFormat::Tsv
        } else {
            SourceFormat::Csv
        }
    }

    fn expects(&self) -> Option<Magic> {
        Some(Magic::Text)
    }

    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason> {
        let decoded = decode_text(input.bytes)?;
        let text = &decoded.text;
        let delimiter = if self.tabs {
            b'\t'
        } else {
            let header = text.lines().next().unwrap_or("");
            [b',', b';', b'\t']
                .into_iter()
                .max_by_key(|d| (header.bytes().filter(|b| b == d).count(), *d == b','))
                .unwrap_or(b',')
        };
        let mut rdr = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| SkipReason::Corrupt(format!("CSV header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let f = input.fields;
        let Some(text_col) = col(&f.text) else {
            return Err(SkipReason::MissingColumn {
                column: f.text.clone(),
                columns: headers.clone(),
            });
        };
        let (id_col, event_col, date_col, atelier_col, section_col) = (
            col(&f.id),
            col(&f.event),
            col(&f.date),
            col(&f.atelier),
            col(&f.section),
        );
        let known = [
            Some(text_col),
            id_col,
            event_col,
            date_col,
            atelier_col,
            section_col,
        ];
        let mut records = Vec::new();
        let mut skipped = Vec::new();
        let mut warnings = Vec::new();
        let mut last_line = None;
        for row in rdr.records() {
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    skipped.push((line, SkipReason::Corrupt(format!("CSV row: {e}"))));
                    continue;
                }
            };
            let line = row
                .position()
                .map_or(0, |p| line_at(text, p.byte() as usize));
            last_line = Some(line);
            // A row of another width than the header is read by position all the same: said,
            // as its cells may sit under the wrong column.
            if row.len() != headers.len() && row.iter().any(|c| !c.trim().is_empty()) {
                warnings.push((
                    Some(line),
                    format!(
                        "ligne de {} champ{}, l'en-tête en a {} : lue par position",
                        row.len(),
                        if row.len() <= 1 { "" } else { "s" },
                        headers.len()
                    ),
                ));
            }
            let cell = |c: Option<usize>| -> Option<String> {
                let v = row.get(c?)?.trim();
                (!v.is_empty()).then(|| v.to_string())
            };
            let Some(text) = cell(Some(text_col)) else {
                if row.iter().any(|c| !c.trim().is_empty()) {
                    skipped.push((line, SkipReason::MissingText(f.text.clone())));
                }
                continue;
            };
            let variables = headers
                .iter()
                .enumerate()
                .filter(|(i, h)| !known.contains(&Some(*i)) && !h.is_empty())
                .filter_map(|(i, h)| cell(Some(i)).map(|v| (h.clone(), v)))
                .collect();
            records.push(Record {
                line,
                text,
                id: cell(id_col),
                event: cell(event_col),
                date: cell(date_col),
                atelier: cell(atelier_col),
                section: cell(section_col),
                variables,
            });
        }
        // An odd number of quotes: one field opened with `"` is never closed, and everything
        // after it, to the end of the file, was read as that one field.
        if memchr::memchr_iter(b'"', text.as_bytes()).count() % 2 == 1 {
            warnings.push((
                last_line,
                "un champ entre guillemets n'est jamais fermé (nombre impair de \" dans le \
                 fichier) : les lignes après son guillemet ouvrant ont été lues comme en faisant \
                 partie"
                    .to_string(),
            ));
        }
        Ok(Extracted::Records {
            records,
            encoding: decoded.encoding,
            skipped,
            warnings,
        })
    }
}

/// 1-based line of the first non-blank byte at or after `byte` (the csv crate places a record
/// after the blank lines that precede it).
fn line_at(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut b = byte.min(bytes.len());
    while b < bytes.len() && matches!(bytes[b], b'\n' | b'\r') {
        b += 1;
    }
    1 + bytes[..b].iter().filter(|&&c| c == b'\n').count()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::corpus::JsonlFields;
    use crate::corpus::readers::Limits;

    fn read(bytes: &[u8], tabs: bool, fields: &JsonlFields) -> Result<Extracted, SkipReason> {
        CsvReader { tabs }.read(&Input {
            path: Path::new("t.csv"),
            bytes,
            fields,
            limits: &Limits::default(),
        })
    }

    #[test]
    fn semicolon_rows_with_metadata() {
        let csv = "contribution;Theme;uid;Ville\n\"La confiance;\nd'abord\";2;a1;Lyon\n;3;a2;Paris\n\nL'essaimage;;a3;\n";
        let fields = JsonlFields {
            text: "contribution".into(),
            atelier: "theme".into(),
            id: "uid".into(),
            ..JsonlFields::default()
        };
        let Extracted::Records {
            records, skipped, ..
        } = read(csv.as_bytes(), false, &fields).unwrap()
        else {
            panic!("records expected")
        };
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].text, "La confiance;\nd'abord");
        assert_eq!(records[0].atelier.as_deref(), Some("2"));
        assert_eq!(records[0].id.as_deref(), Some("a1"));
        assert_eq!(
            records[0].variables,
            [("Ville".to_string(), "Lyon".to_string())]
        );
        assert_eq!(records[0].line, 2);
        assert_eq!(records[1].line, 6);
        assert_eq!(
            skipped,
            [(4, SkipReason::MissingText("contribution".into()))]
        );
    }

    /// Ragged rows and a quote never closed are said, at their lines; rows are still read.
    #[test]
    fn ragged_rows_and_an_open_quote_are_said() {
        let csv = "text,atelier,date\nLa confiance,a1,2020-01-01\nCourt\nLong,a2,2020,x,y\n\
                   \"Ouvert,a3,2020\nLa suite,a4,2020\n";
        let Extracted::Records {
            records, warnings, ..
        } = read(csv.as_bytes(), false, &JsonlFields::default()).unwrap()
        else {
            panic!("records expected")
        };
        let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "La confiance",
                "Court",
                "Long",
                "Ouvert,a3,2020\nLa suite,a4,2020"
            ]
        );
        let lines: Vec<Option<usize>> = warnings.iter().map(|w| w.0).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(5)]);
        assert!(warnings[0].1.contains("ligne de 1 champ, l'en-tête en a 3"));
        assert!(warnings[1].1.contains("ligne de 5 champs"));
        assert!(warnings[3].1.contains("jamais fermé"), "{:?}", warnings[3]);
        // Balanced quotes, rows as wide as the header: nothing to say.
        let Extracted::Records { warnings, .. } = read(
            b"text,atelier\n\"Dit \"\"ainsi\"\"\",a1\n",
            false,
            &JsonlFields::default(),
        )
        .unwrap() else {
            panic!()
        };
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn tsv_and_missing_column() {
        let tsv = "text\tevent\nUne idée\tforum\n";
        let Extracted::Records { records, .. } =
            read(tsv.as_bytes(), true, &JsonlFields::default()).unwrap()
        else {
            panic!()
        };
        assert_eq!(records[0].event.as_deref(), Some("forum"));
        let err = read(b"a,b\n1,2\n", false, &JsonlFields::default()).unwrap_err();
        assert_eq!(
            err,
            SkipReason::MissingColumn {
                column: "text".into(),
                columns: vec!["a".into(), "b".into()]
            }
        );
        let fr = |e: &SkipReason| crate::report::i18n::skip_reason(crate::lang::Lang::Fr, e);
        assert!(fr(&err).contains("(colonnes : a, b)"), "{}", fr(&err));
        // A first line of separators or blanks names no column: said so, not « (colonnes : , ) ».
        for header in [&b";;\n"[..], b"   \n"] {
            let mut csv = header.to_vec();
            csv.extend_from_slice(b"Une id\xc3\xa9e;forum\n");
            let err = read(&csv, false, &JsonlFields::default()).unwrap_err();
            assert_eq!(
                fr(&err),
                "pas de colonne « text » (la première ligne ne nomme aucune colonne) ; nommez la \
                 colonne du texte dans les `fields` du manifeste"
            );
            assert!(
                err.to_string().contains("(the first line names no column)"),
                "{err}"
            );
        }
    }
}
