//! Word documents (`.docx`): the body of `word/document.xml`, with paragraph styles from
//! `word/styles.xml`.
//!
//! - a paragraph whose style is a heading (`heading 1`, `Titre 2`, or any style with an outline
//!   level, directly or through `basedOn`) becomes a `#` heading of that level; the `Title` style
//!   a level-1 heading;
//! - a numbered or bulleted paragraph (`w:numPr`, or a list style) becomes a `- ` bullet;
//! - a table row becomes `| cell | cell |` (a cell's paragraphs joined by spaces; a nested table
//!   is flattened into its cell);
//! - other paragraphs are paragraphs; line breaks inside them are kept.
//!
//! Deleted text of tracked changes (`w:delText`), field codes (`w:instrText`) and the fallback
//! copy of text boxes (`mc:Fallback`) are left out. Headers, footers, footnotes and comments live
//! in other parts and are not read: they are page furniture or side notes.

use std::collections::BTreeMap;

use super::xml::{X, walk};
use super::zipped::Archive;
use super::{
    Extracted, Input, Magic, MdWriter, Reader, SourceFormat, heading_level_of_style, is_list_style,
};
use crate::corpus::{SkipReason, TextEncoding};

/// Reads `.docx` files.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocxReader;

impl Reader for DocxReader {
    fn format(&self) -> SourceFormat {
        SourceFormat::Docx
    }

    fn expects(&self) -> Option<Magic> {
        Some(Magic::Zip)
    }

    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason> {
        let mut archive = Archive::open(input.bytes, input.limits)?;
        let Some(document) = archive.text("word/document.xml")? else {
            return Err(SkipReason::Corrupt(
                "zip archive without word/document.xml: not a Word document".into(),
            ));
        };
        let styles = match archive.text("word/styles.xml")? {
            Some(s) => read_styles(&s)?,
            None => Styles::default(),
        };
        let text = body_text(&document, &styles)?;
        Ok(Extracted::Text {
            text,
            encoding: TextEncoding::Extracted(SourceFormat::Docx),
            warnings: Vec::new(),
        })
    }
}

/// What a paragraph style means for structure.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<usize>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: BTreeMap<String, Style>,
}

impl Styles {
    /// Heading level of a style id, following `basedOn` (at most 10 steps).
    fn heading_level(&self, id: &str) -> Option<usize> {
        let mut cur = self.by_id.get(id);
        for _ in 0..10 {
            let s = cur?;
            if let Some(l) = heading_level_of_style(&s.name) {
                return Some(l);
            }
            if let Some(o) = s.outline {
                return Some(o);
            }
            cur = s.based_on.as_deref().and_then(|b| self.by_id.get(b));
        }
        None
    }

    fn is_list(&self, id: &str) -> bool {
        self.by_id.get(id).is_some_and(|s| is_list_style(&s.name)) || is_list_style(id)
    }
}

fn read_styles(xml: &str) -> Result<Styles, SkipReason> {
    let mut styles = Styles::default();
    let mut current: Option<(String, Style)> = None;
    walk(xml, "word/styles.xml", |e| match &e {
        X::Start { name, .. } if name == "w:style" => {
            let id = e.attr("w:styleId").unwrap_or_default().to_string();
            current = Some((id, Style::default()));
        }
        X::Start { name, .. } if name == "w:name" => {
            if let (Some((_, s)), Some(v)) = (current.as_mut(), e.attr("w:val")) {
                s.name = v.to_string();
            }
        }
        X::Start { name, .. } if name == "w:basedOn" => {
            if let (Some((_, s)), Some(v)) = (current.as_mut(), e.attr("w:val")) {
                s.based_on = Some(v.to_string());
            }
        }
        X::Start { name, .. } if name == "w:outlineLvl" => {
            if let (Some((_, s)), Some(v)) = (current.as_mut(), e.attr("w:val"))
                && let Ok(n) = v.parse::<usize>()
                && n < 9
            {
                s.outline = Some(n + 1);
            }
        }
        X::End(name) if name == "w:style" => {
            if let Some((id, s)) = current.take() {
                styles.by_id.insert(id, s);
            }
        }
        _ => {}
    })?;
    Ok(styles)
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    numbered: bool,
    outline: Option<usize>,
}

/// A table being read: its finished rows' cells are emitted at once, row by row.
#[derive(Debug, Default)]
struct Table {
    cells: Vec<String>,
}

fn body_text(xml: &str, styles: &Styles) -> Result<String, SkipReason> {
    let mut w = MdWriter::default();
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut in_t = false;
    // Depth inside a subtree whose text is left out (mc:Fallback, w:del…).
    let mut skip = 0usize;
    walk(xml, "word/document.xml", |e| match e {
        X::Start { ref name, .. } => {
            if skip > 0 || matches!(name.as_str(), "mc:Fallback" | "w:instrText" | "w:delText") {
                skip += 1;
                return;
            }
            match name.as_str() {
                "w:p" => paras.push(Para::default()),
                "w:pStyle" => {
                    if let (Some(p), Some(v)) = (paras.last_mut(), e.attr("w:val")) {
                        p.style = Some(v.to_string());
                    }
                }
                "w:numPr" => {
                    if let Some(p) = paras.last_mut() {
                        p.numbered = true;
                    }
                }
                "w:outlineLvl" => {
                    if let (Some(p), Some(v)) = (paras.last_mut(), e.attr("w:val"))
                        && let Ok(n) = v.parse::<usize>()
                        && n < 9
                    {
                        p.outline = Some(n + 1);
                    }
                }
                "w:t" => in_t = true,
                "w:tab" | "w:ptab" => push(&mut paras, " "),
                "w:br" | "w:cr" => push(&mut paras, "\n"),
                "w:noBreakHyphen" => push(&mut paras, "-"),
                "w:tbl" => tables.push(Table::default()),
                "w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.cells.clear();
                    }
                }
                "w:tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cells.push(String::new());
                    }
                }
                _ => {}
            }
        }
        X::End(ref name) => {
            if skip > 0 {
                skip -= 1;
                return;
            }
            match name.as_str() {
                "w:t" => in_t = false,
                "w:p" => {
                    let Some(p) = paras.pop() else { return };
                    if let Some(outer) = paras.last_mut() {
                        // A text box's paragraph inside a paragraph: its text joins the outer one.
                        outer.text.push(' ');
                        outer.text.push_str(&p.text);
                    } else if let Some(t) = tables.last_mut() {
                        if let Some(c) = t.cells.last_mut() {
                            c.push(' ');
                            c.push_str(&p.text.replace('\n', " "));
                        }
                    } else {
                        emit(&mut w, &p, styles);
                    }
                }
                "w:tr" => {
                    if tables.len() == 1 {
                        w.row(&tables[0].cells);
                    } else if tables.len() > 1 {
                        let row = tables
                            .last()
                            .map(|t| t.cells.join(" ; "))
                            .unwrap_or_default();
                        let parent = tables.len() - 2;
                        if let Some(c) = tables[parent].cells.last_mut() {
                            c.push(' ');
                            c.push_str(&row);
                        }
                    }
                }
                "w:tbl" => {
                    tables.pop();
                }
                _ => {}
            }
        }
        X::Text(t) => {
            if skip == 0 && in_t {
                push(&mut paras, &t);
            }
        }
    })?;
    Ok(w.finish())
}

fn push(paras: &mut [Para], s: &str) {
    if let Some(p) = paras.last_mut() {
        p.text.push_str(s);
    }
}

fn emit(w: &mut MdWriter, p: &Para, styles: &Styles) {
    let style = p.style.as_deref().unwrap_or("");
    let level = p.outline.or_else(|| styles.heading_level(style));
    if let Some(level) = level {
        w.heading(level, &p.text);
    } else if p.numbered || (!style.is_empty() && styles.is_list(style)) {
        w.bullet(&p.text);
    } else {
        w.paragraph(&p.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="x">
        <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Perso"><w:name w:val="Mon titre"/><w:basedOn w:val="Titre1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Paragraphedeliste"><w:name w:val="List Paragraph"/></w:style>
    </w:styles>"#;

    #[test]
    fn styles_lists_tables_and_skipped_text() {
        let doc = r#"<w:document xmlns:w="x" xmlns:mc="m"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Titre1"/></w:pPr><w:r><w:t>Synthèse</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">La </w:t></w:r><w:r><w:t>confiance</w:t><w:delText>supprimé</w:delText></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>essaimage</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Paragraphedeliste"/></w:pPr><w:r><w:t>REX</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Perso"/></w:pPr><w:r><w:t>Participants</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nom</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Structure</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>Anne LECHENE</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>CNFPT</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t>Fin</w:t><w:br/><w:t>ligne</w:t><w:instrText>PAGE</w:instrText></w:r>
              <mc:AlternateContent><mc:Choice/><mc:Fallback><w:p><w:r><w:t>double</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:p>
        </w:body></w:document>"#;
        let styles = read_styles(STYLES).unwrap();
        let text = body_text(doc, &styles).unwrap();
        assert_eq!(
            text,
            "# Synthèse\n\nLa confiance\n\n- essaimage\n\n- REX\n\n# Participants\n\n\
             | Nom | Structure |\n| Anne LECHENE | CNFPT |\n\nFin\nligne\n"
        );
    }
}
