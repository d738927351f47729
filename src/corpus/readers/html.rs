//! HTML pages (`.html`, `.htm`): a pad or wiki export, a saved web page.
//!
//! The page is decoded like a note (UTF-8, BOM, Windows-1252 fallback), then tokenised by
//! html5gum (a WHATWG-conformant tokenizer: entities, unquoted attributes, unclosed tags and
//! `<script>` contents are handled as browsers do). From the tokens:
//!
//! - `<h1>`…`<h6>` become `#`…`######` headings;
//! - `<li>` items become `- ` bullets (nested lists flattened);
//! - `<tr>` rows become `| cell | cell |` (`<td>`/`<th>`);
//! - block elements (`<p>`, `<div>`, `<br>`, `<section>`, `<blockquote>`…) end a line;
//! - the contents of `<script>`, `<style>`, `<noscript>`, `<template>`, `<head>`, `<svg>`,
//!   `<nav>` and `<button>`, and HTML comments, are left out.
//!
//! No tree is built and no CSS is applied: text hidden by a style sheet is kept.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{Extracted, Input, Magic, MdWriter, Reader, SourceFormat, decode_text};
use crate::corpus::SkipReason;

/// Reads `.html` / `.htm` files.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn format(&self) -> SourceFormat {
        SourceFormat::Html
    }

    fn expects(&self) -> Option<Magic> {
        Some(Magic::Text)
    }

    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason> {
        let decoded = decode_text(input.bytes)?;
        Ok(Extracted::Text {
            text: html_to_markdown(&decoded.text),
            encoding: decoded.encoding,
            warnings: Vec::new(),
        })
    }
}

/// Elements whose content is never visible text.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "nav", "button", "select", "object",
    "iframe", "math",
];

/// Elements that end the current line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "figure",
    "figcaption",
    "address",
    "form",
    "fieldset",
    "body",
    "html",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Paragraph,
    Heading(usize),
    Bullet,
}

struct State {
    w: MdWriter,
    buf: String,
    kind: Line,
    hidden: Vec<String>,
    row: Option<Vec<String>>,
    in_cell: bool,
}

impl State {
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buf);
        if let Some(row) = self.row.as_mut().filter(|_| self.in_cell) {
            if let Some(c) = row.last_mut() {
                c.push(' ');
                c.push_str(&text);
            }
            return;
        }
        match self.kind {
            Line::Paragraph => self.w.paragraph(&super::one_line(&text)),
            Line::Heading(l) => self.w.heading(l, &text),
            Line::Bullet => self.w.bullet(&text),
        }
        self.kind = Line::Paragraph;
    }
}

/// Converts an HTML page to Markdown-like text.
pub fn html_to_markdown(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut s = State {
        w: MdWriter::default(),
        buf: String::new(),
        kind: Line::Paragraph,
        hidden: Vec::new(),
        row: None,
        in_cell: false,
    };
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if !s.hidden.is_empty() || HIDDEN.contains(&name.as_str()) {
                    if !tag.self_closing && !is_void(&name) {
                        s.hidden.push(name);
                    }
                    continue;
                }
                match name.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        s.flush();
                        s.kind = Line::Heading(usize::from(name.as_bytes()[1] - b'0'));
                    }
                    "li" => {
                        s.flush();
                        s.kind = Line::Bullet;
                    }
                    "tr" => {
                        s.flush();
                        s.in_cell = false;
                        if let Some(row) = s.row.take() {
                            s.w.row(&row);
                        }
                        s.row = Some(Vec::new());
                    }
                    "td" | "th" => {
                        if s.in_cell {
                            s.flush();
                        }
                        if s.row.is_none() {
                            s.flush();
                            s.row = Some(Vec::new());
                        }
                        if let Some(r) = s.row.as_mut() {
                            r.push(String::new());
                        }
                        s.in_cell = true;
                    }
                    "br" if s.in_cell => s.buf.push(' '),
                    n if BLOCKS.contains(&n) => s.flush(),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if !s.hidden.is_empty() {
                    if let Some(pos) = s.hidden.iter().rposition(|h| *h == name) {
                        s.hidden.truncate(pos);
                    }
                    continue;
                }
                match name.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => s.flush(),
                    "td" | "th" => {
                        s.flush();
                        s.in_cell = false;
                    }
                    "tr" | "table" => {
                        if s.in_cell {
                            s.flush();
                            s.in_cell = false;
                        }
                        if let Some(row) = s.row.take() {
                            s.w.row(&row);
                        }
                        if name == "table" {
                            s.flush();
                        }
                    }
                    n if BLOCKS.contains(&n) => s.flush(),
                    _ => {}
                }
            }
            Token::String(text) if s.hidden.is_empty() => {
                s.buf.push_str(&String::from_utf8_lossy(&text));
            }
            _ => {}
        }
    }
    if s.in_cell {
        s.flush();
        s.in_cell = false;
    }
    if let Some(row) = s.row.take() {
        s.w.row(&row);
    }
    s.flush();
    s.w.finish()
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img"
            | "hr"
            | "meta"
            | "link"
            | "input"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "source"
            | "track"
            | "wbr"
            | "param"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_export() {
        let html = "<!DOCTYPE html><html><head><title>Pad</title><style>p{color:red}</style>\
            <script>if (a < b) { document.write('<h1>non</h1>') }</script></head><body>\
            <nav><a href=x>Menu</a></nav>\
            <h1>Atelier 2 &ndash; Emergence</h1><h2>Question</h2><p>Comment <b>oser</b> l&#39;utopie&nbsp;?</p>\
            <h2>Synthèse</h2><ul><li>la confiance<li>l'essaimage</ul>\
            <table><tr><th>Nom<th>Structure<tr><td>Anne<br>LECHENE<td>CNFPT</table>\
            <!-- commentaire --><p>Fin<br>ligne</body></html>";
        assert_eq!(
            html_to_markdown(html),
            "# Atelier 2 – Emergence\n\n## Question\n\nComment oser l'utopie ?\n\n## Synthèse\n\n\
             - la confiance\n\n- l'essaimage\n\n| Nom | Structure |\n| Anne LECHENE | CNFPT |\n\nFin\n\nligne\n"
        );
    }
}
