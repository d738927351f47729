//! Themes as people and tools read them: labels, ids of ateliers and events, and quotes with
//! their location. This is the schema of `filrouge themes --json` and of `themes.json`.

use crate::corpus::Corpus;

use super::occurrences::Quote;
use super::{Form, ScoreComponents, Theme, ThemeSet};

/// A sentence quoted as evidence, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// The sentence as written (white space collapsed).
    pub text: String,
    /// Character ranges (not bytes) of the theme's occurrences in `text`.
    pub highlights: Vec<(usize, usize)>,
    /// Event key.
    pub event: String,
    /// Event title.
    pub event_title: String,
    /// Atelier key.
    pub atelier: String,
    /// Atelier label.
    pub atelier_label: String,
    /// Section kind (machine name).
    pub section: String,
    /// Section heading as written.
    pub heading: String,
    /// `file` or `file:line` (1-based line of the sentence).
    pub location: String,
}

/// One theme in the JSON output.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ThemeRecord {
    /// Rank, from 1.
    pub rank: usize,
    /// Readable label.
    pub label: String,
    /// `word`, `expression` or `lexicon`.
    pub kind: String,
    /// Stems, for machines.
    pub stems: Vec<String>,
    /// Surface forms with counts.
    pub forms: Vec<Form>,
    /// Occurrences.
    pub occurrences: u64,
    /// Documents.
    pub documents: u32,
    /// Atelier keys.
    pub ateliers: Vec<String>,
    /// Occurrences per atelier key.
    pub atelier_counts: Vec<(String, u32)>,
    /// Event keys.
    pub events: Vec<String>,
    /// Occurrences per event.
    pub by_event: Vec<super::EventFrequency>,
    /// Occurrences per section kind.
    pub by_section: Vec<(String, u32)>,
    /// The score.
    pub score: f64,
    /// Its components.
    pub components: ScoreComponents,
    /// `persistent`, `emerging`, `fading` or `single-event`.
    pub trend: String,
    /// Quotes, best first.
    pub evidence: Vec<Evidence>,
}

/// Renders a quote for people: its sentence, highlights and location.
pub fn evidence(corpus: &Corpus, q: &Quote) -> Evidence {
    let doc = &corpus.documents[q.doc.index()];
    let doc_text = corpus.text(q.doc);
    let raw = &doc_text[q.span.clone()];
    // Collapse white space while mapping byte offsets of the hits to char offsets of the result.
    let mut text = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let mut chars = 0usize;
    let mut space = false;
    for (i, c) in raw.char_indices() {
        while map.len() <= i {
            map.push(chars);
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !text.is_empty() {
            text.push(' ');
            chars += 1;
        }
        space = false;
        map.resize(i, chars);
        map.push(chars);
        text.push(c);
        chars += 1;
    }
    map.resize(raw.len() + 1, chars);
    let highlights = q
        .hits
        .iter()
        .filter(|h| h.start >= q.span.start && h.end <= q.span.end)
        .map(|h| (map[h.start - q.span.start], map[h.end - q.span.start]))
        .collect();
    let atelier = &corpus.ateliers[q.atelier.index()];
    let event = &corpus.events[atelier.event.index()];
    let section = &corpus.sections[q.section.index()];
    let location = match doc.line {
        Some(l) => format!("{}:{l}", doc.path.display()),
        None => format!(
            "{}:{}",
            doc.path.display(),
            1 + doc_text[..q.span.start].matches('\n').count()
        ),
    };
    Evidence {
        text,
        highlights,
        event: event.key.clone(),
        event_title: event.title.clone(),
        atelier: atelier.key.clone(),
        atelier_label: atelier.label.clone(),
        section: q.kind.as_str().to_string(),
        heading: section.heading.to_string(),
        location,
    }
}

/// One record per theme, best first.
pub fn records(corpus: &Corpus, set: &ThemeSet) -> Vec<ThemeRecord> {
    records_top(corpus, set, usize::MAX)
}

/// Records of the `n` best themes.
pub fn records_top(corpus: &Corpus, set: &ThemeSet, n: usize) -> Vec<ThemeRecord> {
    set.themes
        .iter()
        .take(n)
        .map(|t| record(corpus, t))
        .collect()
}

/// The record of one theme.
pub fn record(corpus: &Corpus, t: &Theme) -> ThemeRecord {
    ThemeRecord {
        rank: t.id.index() + 1,
        label: t.label.clone(),
        kind: t.kind.as_str().to_string(),
        stems: t.stems.clone(),
        forms: t.forms.clone(),
        occurrences: t.occurrences,
        documents: t.documents,
        ateliers: t
            .by_atelier
            .iter()
            .map(|(a, _)| corpus.ateliers[a.index()].key.clone())
            .collect(),
        atelier_counts: t
            .by_atelier
            .iter()
            .map(|&(a, n)| (corpus.ateliers[a.index()].key.clone(), n))
            .collect(),
        events: t
            .by_event
            .iter()
            .filter(|e| e.count > 0)
            .map(|e| e.event.clone())
            .collect(),
        by_event: t.by_event.clone(),
        by_section: t
            .by_section
            .iter()
            .map(|(k, n)| (k.as_str().to_string(), *n))
            .collect(),
        score: t.score,
        components: t.components.clone(),
        trend: t.trend.as_str().to_string(),
        evidence: t.quotes.iter().map(|q| evidence(corpus, q)).collect(),
    }
}
