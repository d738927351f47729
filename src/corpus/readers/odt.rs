//! OpenDocument text (`.odt`, LibreOffice): the body of `content.xml`.
//!
//! - `text:h` is a heading of its `text:outline-level`; a `text:p` whose style (automatic styles
//!   are followed to their parent) is `Title`/`Titre` or `Heading N` is a heading too;
//! - a paragraph inside `text:list-item` is a `- ` bullet;
//! - `table:table-row` becomes `| cell | cell |` (nested tables flattened into their cell);
//! - `text:s` (repeated spaces), `text:tab` and `text:line-break` are honoured.
//!
//! Footnotes and endnotes (`text:note`), comments (`office:annotation`) and the record of tracked
//! changes (`text:tracked-changes`) are left out. The file's `mimetype` entry, when present, must
//! be an OpenDocument text type.

use std::collections::BTreeMap;

use super::xml::{X, walk};
use super::zipped::Archive;
use super::{Extracted, Input, Magic, MdWriter, Reader, SourceFormat, heading_level_of_style};
use crate::corpus::{SkipReason, TextEncoding};

/// Reads `.odt` files.
#[derive(Debug, Clone, Copy, Default)]
pub struct OdtReader;

impl Reader for OdtReader {
    fn format(&self) -> SourceFormat {
        SourceFormat::Odt
    }

    fn expects(&self) -> Option<Magic> {
        Some(Magic::Zip)
    }

    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason> {
        let mut archive = Archive::open(input.bytes, input.limits)?;
        if let Some(m) = archive.text("mimetype")? {
            let m = m.trim();
            if !m.starts_with("application/vnd.oasis.opendocument.text") {
                return Err(SkipReason::Corrupt(format!(
                    "OpenDocument of type {m:?}, not a text document"
                )));
            }
        }
        let Some(content) = archive.text("content.xml")? else {
            return Err(SkipReason::Corrupt(
                "zip archive without content.xml: not an OpenDocument file".into(),
            ));
        };
        let mut parents = BTreeMap::new();
        if let Some(styles) = archive.text("styles.xml")? {
            collect_styles(&styles, "styles.xml", &mut parents)?;
        }
        collect_styles(&content, "content.xml", &mut parents)?;
        Ok(Extracted::Text {
            text: body_text(&content, &parents)?,
            encoding: TextEncoding::Extracted(SourceFormat::Odt),
            warnings: Vec::new(),
        })
    }
}

/// Style name → parent style name (from `style:parent-style-name`), or itself when it has none.
fn collect_styles(
    xml: &str,
    part: &str,
    parents: &mut BTreeMap<String, Option<String>>,
) -> Result<(), SkipReason> {
    walk(xml, part, |e| {
        if let X::Start { name, .. } = &e
            && name == "style:style"
            && let Some(n) = e.attr("style:name")
        {
            parents.insert(
                n.to_string(),
                e.attr("style:parent-style-name").map(str::to_string),
            );
        }
    })
}

fn style_heading_level(style: &str, parents: &BTreeMap<String, Option<String>>) -> Option<usize> {
    let mut cur = Some(style.to_string());
    for _ in 0..10 {
        let s = cur?;
        if let Some(l) = heading_level_of_style(&s) {
            return Some(l);
        }
        cur = parents.get(&s).cloned().flatten();
    }
    None
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    heading: Option<usize>,
    style: Option<String>,
}

fn body_text(xml: &str, parents: &BTreeMap<String, Option<String>>) -> Result<String, SkipReason> {
    let mut w = MdWriter::default();
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Vec<String>> = Vec::new();
    let mut list_items = 0usize;
    let mut in_body = false;
    let mut skip = 0usize;
    walk(xml, "content.xml", |e| match e {
        X::Start { ref name, .. } => {
            if skip > 0
                || matches!(
                    name.as_str(),
                    "text:note" | "office:annotation" | "text:tracked-changes"
                )
            {
                skip += 1;
                return;
            }
            match name.as_str() {
                "office:text" => in_body = true,
                "text:p" | "text:h" => {
                    let heading = (name == "text:h").then(|| {
                        e.attr("text:outline-level")
                            .and_then(|l| l.parse::<usize>().ok())
                            .unwrap_or(1)
                    });
                    paras.push(Para {
                        text: String::new(),
                        heading,
                        style: e.attr("text:style-name").map(str::to_string),
                    });
                }
                "text:list-item" | "text:list-header" => list_items += 1,
                "text:s" => {
                    let n = e
                        .attr("text:c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(64);
                    push(&mut paras, &" ".repeat(n));
                }
                "text:tab" => push(&mut paras, " "),
                "text:line-break" => push(&mut paras, "\n"),
                "table:table" => tables.push(Vec::new()),
                "table:table-row" => {
                    if let Some(t) = tables.last_mut() {
                        t.clear();
                    }
                }
                "table:table-cell" => {
                    if let Some(t) = tables.last_mut() {
                        t.push(String::new());
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
                "office:text" => in_body = false,
                "text:p" | "text:h" => {
                    let Some(p) = paras.pop() else { return };
                    if !in_body {
                        return;
                    }
                    if let Some(outer) = paras.last_mut() {
                        outer.text.push(' ');
                        outer.text.push_str(&p.text);
                    } else if let Some(t) = tables.last_mut() {
                        if let Some(c) = t.last_mut() {
                            c.push(' ');
                            c.push_str(&p.text.replace('\n', " "));
                        }
                    } else {
                        let level = p.heading.or_else(|| {
                            p.style
                                .as_deref()
                                .and_then(|s| style_heading_level(s, parents))
                        });
                        if let Some(l) = level {
                            w.heading(l, &p.text);
                        } else if list_items > 0 {
                            w.bullet(&p.text);
                        } else {
                            w.paragraph(&p.text);
                        }
                    }
                }
                "text:list-item" | "text:list-header" => list_items = list_items.saturating_sub(1),
                "table:table-row" => {
                    if tables.len() == 1 {
                        w.row(&tables[0]);
                    } else if tables.len() > 1 {
                        let row = tables.last().map(|t| t.join(" ; ")).unwrap_or_default();
                        let parent = tables.len() - 2;
                        if let Some(c) = tables[parent].last_mut() {
                            c.push(' ');
                            c.push_str(&row);
                        }
                    }
                }
                "table:table" => {
                    tables.pop();
                }
                _ => {}
            }
        }
        X::Text(t) => {
            if skip == 0 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_tables_notes() {
        let content = r#"<office:document-content><office:automatic-styles>
            <style:style style:name="P1" style:parent-style-name="Title"/></office:automatic-styles>
            <office:body><office:text>
            <text:p text:style-name="P1">Forum ouvert</text:p>
            <text:h text:outline-level="2">Question</text:h>
            <text:p>Comment<text:s text:c="3"/>faire ?<text:note><text:note-body><text:p>note</text:p></text:note-body></text:note></text:p>
            <text:list><text:list-item><text:p>la confiance</text:p></text:list-item></text:list>
            <table:table><table:table-row><table:table-cell><text:p>Anne</text:p></table:table-cell>
            <table:table-cell><text:p>CNFPT</text:p></table:table-cell></table:table-row></table:table>
            </office:text></office:body></office:document-content>"#;
        let mut parents = BTreeMap::new();
        collect_styles(content, "content.xml", &mut parents).unwrap();
        let text = body_text(content, &parents).unwrap();
        assert_eq!(
            text,
            "# Forum ouvert\n\n## Question\n\nComment faire ?\n\n- la confiance\n\n| Anne | CNFPT |\n"
        );
    }
}
