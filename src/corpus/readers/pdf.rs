//! PDF files: the text layer, page by page (pdf-extract), cleaned of page furniture and of
//! end-of-line hyphenation.
//!
//! **Page furniture.** A line among the first or last [`EDGE_LINES`] non-blank lines of a page is a
//! running header or footer when the same line (digits ignored, so `Page 3 / 12` matches
//! `Page 4 / 12`) sits at the edge of at least half the pages, and of at least two. Such lines,
//! and lone page numbers at the edges (`7`, `- 7 -`, `Page 7`, `7/12`), are dropped; a warning says
//! how many.
//!
//! **Visual lines.** A PDF breaks sentences where the page is full. A line followed by one that
//! starts with a lowercase letter is joined to it with a space, so that a sentence stays one block;
//! lines that start with a capital, a bullet or a digit, and blank lines, keep their breaks.
//!
//! **Hyphenation.** A line ending in `letters-` followed by a line starting with a lowercase letter
//! is joined to it without a space. The hyphen is kept when the document itself writes the joined
//! word with a hyphen elsewhere (`co-construction`), dropped when it writes it without
//! (`démocratie`); otherwise it is kept when the first part is a known compounding element
//! ([`KEEP_HYPHEN_AFTER`]: `co`, `auto`, `anti`, `sous`, `non`, …), when the second part is an
//! inverted pronoun or a demonstrative particle (`-t-il`, `-elle`, `-même`, `-ci`, `-là`), or
//! when the first part starts with a capital (`Saint-`, `Jean-`); and dropped in every other case
//! (`démo-\ncratie` → `démocratie`).
//!
//! A PDF whose pages hold no letters at all has no text layer (a scan): it is skipped with
//! [`SkipReason::NoTextLayer`]. An encrypted PDF that opens with the empty password is read;
//! another is skipped as [`SkipReason::Encrypted`].

use std::collections::{BTreeMap, BTreeSet};

use super::{Extracted, Input, Magic, Reader, SourceFormat};
use crate::corpus::{SkipReason, TextEncoding};

/// Reads `.pdf` files.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfReader;

/// How many non-blank lines at the top and at the bottom of a page may be headers or footers.
pub const EDGE_LINES: usize = 2;

/// First parts of French compounds that keep their hyphen across a line break.
pub const KEEP_HYPHEN_AFTER: &[&str] = &[
    "co", "auto", "anti", "non", "sous", "sur", "semi", "multi", "inter", "extra", "post", "pré",
    "ex", "vice", "demi", "mi", "néo", "quasi", "contre", "après", "avant", "arrière", "bien",
    "mal", "grand", "grande", "petit", "petite", "porte", "garde", "haut", "basse", "bas", "socio",
    "franco", "euro", "micro", "macro", "méta", "infra", "supra", "ultra", "hyper", "pluri",
    "trans", "peut", "soi", "est", "ouest", "nord", "sud", "e", "plus", "moins", "tout", "toutes",
    "vis", "face", "rendez", "savoir", "faire", "agir", "être", "vivre", "pouvoir",
];

/// Second parts that are inverted pronouns or particles: the hyphen stays (`pense-t-il`).
const KEEP_HYPHEN_BEFORE: &[&str] = &[
    "t", "il", "ils", "elle", "elles", "on", "je", "tu", "nous", "vous", "moi", "toi", "lui",
    "leur", "leurs", "même", "mêmes", "ci", "là", "y", "en", "le", "la", "les",
];

impl Reader for PdfReader {
    fn format(&self) -> SourceFormat {
        SourceFormat::Pdf
    }

    fn expects(&self) -> Option<Magic> {
        Some(Magic::Pdf)
    }

    fn read(&self, input: &Input<'_>) -> Result<Extracted, SkipReason> {
        let bytes = input.bytes;
        // pdf-extract can panic on malformed input: a panic is a corrupt file, not a crash.
        let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
            .map_err(|p| {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "text extraction failed".into());
                SkipReason::Corrupt(format!("PDF: {msg}"))
            })?
            .map_err(|e| {
                let m = e.to_string();
                if m.to_lowercase().contains("decrypt") || m.to_lowercase().contains("encrypt") {
                    SkipReason::Encrypted
                } else {
                    SkipReason::Corrupt(format!("PDF: {m}"))
                }
            })?;
        if !pages.iter().any(|p| p.chars().any(char::is_alphabetic)) {
            return Err(SkipReason::NoTextLayer);
        }
        let (pages, dropped) = drop_furniture(&pages);
        let text = dehyphenate(&pages.join("\n\n"));
        let mut warnings = Vec::new();
        if dropped > 0 {
            let s = if dropped == 1 { "" } else { "s" };
            warnings.push(format!(
                "{dropped} ligne{s} d'en-tête, de pied de page ou de numéro de page retirée{s}"
            ));
        }
        Ok(Extracted::Text {
            text,
            encoding: TextEncoding::Extracted(SourceFormat::Pdf),
            warnings,
        })
    }
}

/// Digits replaced by `#`, white space collapsed: the key of a running header or footer.
fn furniture_key(line: &str) -> String {
    super::one_line(line)
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// `7`, `- 7 -`, `Page 7`, `p. 7`, `7/12`, `7 sur 12`.
fn is_page_number(line: &str) -> bool {
    let k = super::one_line(line).to_lowercase();
    let k = k
        .trim_start_matches("page")
        .trim_start_matches("p.")
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let mut parts = k.split(['/', ' ']).filter(|p| !p.is_empty() && *p != "sur");
    let first_ok = parts
        .next()
        .is_some_and(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    first_ok && parts.all(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Drops running headers/footers and edge page numbers. Returns the pages and how many lines
/// were dropped.
pub fn drop_furniture(pages: &[String]) -> (Vec<String>, usize) {
    let edge_indices = |lines: &[&str]| -> Vec<usize> {
        let nonblank: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        let mut idx: Vec<usize> = nonblank.iter().take(EDGE_LINES).copied().collect();
        idx.extend(nonblank.iter().rev().take(EDGE_LINES).copied());
        idx.sort_unstable();
        idx.dedup();
        idx
    };
    let split: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().collect()).collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for lines in &split {
        let keys: BTreeSet<String> = edge_indices(lines)
            .into_iter()
            .map(|i| furniture_key(lines[i]))
            .filter(|k| k.chars().any(char::is_alphabetic))
            .collect();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let needed = pages.len().div_ceil(2).max(2);
    let mut dropped = 0;
    let out = split
        .iter()
        .map(|lines| {
            let edges: BTreeSet<usize> = edge_indices(lines).into_iter().collect();
            let kept: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, l)| {
                    let drop = edges.contains(i)
                        && (is_page_number(l)
                            || counts.get(&furniture_key(l)).is_some_and(|&n| n >= needed));
                    dropped += usize::from(drop);
                    !drop
                })
                .map(|(_, l)| *l)
                .collect();
            kept.join("\n")
        })
        .collect();
    (out, dropped)
}

/// Rejoins visual lines: a line followed by one starting with a lowercase letter continues on
/// it (joined by a space), and a word split by a hyphen at the line end is repaired (see the module
/// doc for the rule).
pub fn dehyphenate(text: &str) -> String {
    let vocabulary = words_of(text);
    let mut out = String::with_capacity(text.len());
    let mut cur = String::new();
    for (i, raw) in text.split('\n').enumerate() {
        let next = raw.trim_start();
        if i > 0 && !cur.trim().is_empty() && next.starts_with(|c: char| c.is_lowercase()) {
            let second: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
            if let Some((start, first)) = split_hyphen_end(&cur) {
                let keep = keep_hyphen(&first, &second, &vocabulary);
                cur.truncate(start);
                cur.push_str(&first);
                if keep {
                    cur.push('-');
                }
            } else {
                cur.truncate(cur.trim_end().len());
                cur.push(' ');
            }
            cur.push_str(next);
            continue;
        }
        if i > 0 {
            out.push_str(&cur);
            out.push('\n');
        }
        cur = raw.to_string();
    }
    out.push_str(&cur);
    out
}

/// `… la démo-` → (byte offset of `démo`, `démo`): where the split word starts, and its first
/// part.
fn split_hyphen_end(line: &str) -> Option<(usize, String)> {
    let t = line.trim_end();
    let body = t.strip_suffix('-')?;
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    let first = &body[start..];
    if first.starts_with('-') || first.ends_with('-') || !first.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((start, first.to_string()))
}

fn keep_hyphen(first: &str, second: &str, vocabulary: &BTreeSet<String>) -> bool {
    let last_part = first.rsplit('-').next().unwrap_or(first);
    let hyphenated = format!("{}-{}", last_part.to_lowercase(), second.to_lowercase());
    let solid = format!("{}{}", last_part.to_lowercase(), second.to_lowercase());
    if vocabulary.contains(&hyphenated) {
        return true;
    }
    if vocabulary.contains(&solid) {
        return false;
    }
    let lower = last_part.to_lowercase();
    KEEP_HYPHEN_AFTER.contains(&lower.as_str())
        || KEEP_HYPHEN_BEFORE.contains(&second.to_lowercase().as_str())
        || first.chars().next().is_some_and(char::is_uppercase)
        || first.contains('-')
}

/// Lowercase words of the text, hyphenated compounds kept whole (`co-construction`).
fn words_of(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_alphabetic() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenation_rule() {
        assert_eq!(
            dehyphenate("la démo-\ncratie locale"),
            "la démocratie locale"
        );
        assert_eq!(
            dehyphenate("une co-\nconstruction réussie"),
            "une co-construction réussie"
        );
        // The document's own spelling wins.
        assert_eq!(
            dehyphenate("la coopé-\nration.\nEt la coopération"),
            "la coopération.\nEt la coopération"
        );
        assert_eq!(
            dehyphenate("le e-\nlearning, le e-learning"),
            "le e-learning, le e-learning"
        );
        assert_eq!(
            dehyphenate("Saint-Martin-\nd'Hères"),
            "Saint-Martin-d'Hères"
        );
        assert_eq!(dehyphenate("Saint-\nmartin"), "Saint-martin");
        assert_eq!(dehyphenate("pense-\nt-il"), "pense-t-il");
        // A dash before a capital or a list is not a split word.
        assert_eq!(dehyphenate("item -\nSuite"), "item -\nSuite");
        assert_eq!(dehyphenate("fin-\n"), "fin-\n");
        // Visual lines of one sentence are rejoined; paragraphs stay apart.
        assert_eq!(
            dehyphenate("Une phrase\ncoupée en deux.\n\nAutre paragraphe"),
            "Une phrase coupée en deux.\n\nAutre paragraphe"
        );
    }

    #[test]
    fn headers_footers_and_page_numbers() {
        let bodies = [
            "La confiance se construit.\nElle demande du temps.\nEt des lieux.",
            "Le numérique aide.\nMais il ne suffit pas.\nIl faut des tiers-lieux.",
            "Les élus s'engagent.\nLes agents aussi.\nLa coopération avance.",
            "Synthèse finale.\nTrois pistes.\nUne feuille de route.",
        ];
        let pages: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(n, b)| {
                format!(
                    "Forum ouvert 2020 – compte rendu\n{b}\nPage {} / 4\n",
                    n + 1
                )
            })
            .collect();
        let (clean, dropped) = drop_furniture(&pages);
        assert_eq!(dropped, 8);
        assert_eq!(clean[0], bodies[0]);
        assert_eq!(clean[3], bodies[3]);
        assert!(is_page_number("- 7 -"));
        assert!(is_page_number("7/12"));
        assert!(is_page_number("p. 3"));
        assert!(!is_page_number("2020 en chiffres"));
    }
}
