//! A summary of a loaded corpus, for `filrouge corpus` and the report's "corpus at a glance".

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::corpus::{AtelierKind, Corpus, Section, SectionId, SectionKind};
use crate::text::{Analyzer, TokenKind};

/// Counts per event, atelier and section, and the inputs that were skipped.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Overview {
    /// Corpus title.
    pub title: Option<String>,
    /// Documents loaded.
    pub documents: usize,
    /// Atelier-level units.
    pub ateliers: usize,
    /// Sections.
    pub sections: usize,
    /// Word tokens in analysed blocks (page furniture and name lists excluded).
    pub words: usize,
    /// How many people the notes name, each once (see [`crate::corpus::Corpus::people_count`]).
    pub people_named: usize,
    /// People named in the notes (metadata, never terms), one entry per person and atelier.
    pub people: Vec<crate::corpus::Person>,
    /// Events, in corpus order.
    pub events: Vec<EventOverview>,
    /// Inputs not analysed.
    pub skipped: Vec<SkippedOverview>,
    /// Inputs analysed with a warning (a file decoded as Windows-1252, a renamed atelier key).
    pub warnings: Vec<WarningOverview>,
}

/// One event.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventOverview {
    /// Key.
    pub key: String,
    /// Title.
    pub title: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`.
    pub dates: Option<String>,
    /// Word tokens analysed.
    pub words: usize,
    /// Its ateliers.
    pub ateliers: Vec<AtelierOverview>,
}

/// One atelier-level unit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AtelierOverview {
    /// Index in the corpus (what [`crate::corpus::Person::atelier`] gives).
    pub id: u32,
    /// Its stable key, as every export gives it (`forum-2020/atelier-1`).
    pub key: String,
    /// Label (`Atelier 2`).
    pub label: String,
    /// Kind (`atelier`, `document`, `plenary`).
    pub kind: String,
    /// Session numbers.
    pub sessions: Vec<u32>,
    /// Its question.
    pub question: Option<String>,
    /// Documents it appears in.
    pub documents: usize,
    /// Word tokens analysed.
    pub words: usize,
    /// Its sections.
    pub sections: Vec<SectionOverview>,
}

/// One section.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectionOverview {
    /// Kind (its machine name in JSON).
    pub kind: SectionKind,
    /// Heading as written.
    pub heading: Cow<'static, str>,
    /// Booklet part.
    pub part: Option<String>,
    /// Source document.
    pub document: Location,
    /// Blocks.
    pub blocks: usize,
    /// Blocks that are page furniture.
    pub furniture_blocks: usize,
    /// Word tokens analysed.
    pub words: usize,
}

/// Where a document is: `path`, or `path:line` for a line of a JSON Lines file (a CSV row, an
/// IRaMuTeQ text). Written as that string in JSON; holds the document's shared path, so that
/// an overview of many one-line documents does not copy their path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The document's path, relative to the corpus root.
    pub path: Arc<PathBuf>,
    /// Its 1-based (first) line, for a document that is part of a file.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A skipped input.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SkippedOverview {
    /// `path` or `path:line`.
    pub location: String,
    /// Why: `reason`, a machine name (`empty`, `binary`…, as in `run.json`), and its `detail`
    /// when it has one.
    #[serde(flatten)]
    pub reason: crate::corpus::SkipReason,
}

/// A warning about an input read all the same.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WarningOverview {
    /// `path` or `path:line`.
    pub location: String,
    /// What happened, in French.
    pub message: String,
}

impl WarningOverview {
    /// The warning as shown: its place and its message.
    pub fn of(w: &crate::corpus::Warning) -> WarningOverview {
        WarningOverview {
            location: match w.line {
                Some(l) => format!("{}:{l}", w.path.display()),
                None => w.path.display().to_string(),
            },
            message: w.message.clone(),
        }
    }
}

impl Overview {
    /// Summarises a corpus, counting words with the default French analyser.
    ///
    /// Words are counted section by section in parallel (each count is independent, so the
    /// result does not depend on the number of threads); sections are grouped by atelier in
    /// one pass over the corpus.
    pub fn of(corpus: &Corpus) -> Overview {
        let analyzer = Analyzer::french();
        let section_words: Vec<usize> = corpus
            .sections
            .par_iter()
            .with_min_len(1024)
            .map_init(
                || corpus.cursor(),
                |texts, s| words_in(&analyzer, corpus, texts, s),
            )
            .collect();
        let mut by_atelier: Vec<Vec<SectionId>> = vec![Vec::new(); corpus.ateliers.len()];
        for s in &corpus.sections {
            by_atelier[s.atelier.index()].push(s.id);
        }
        let mut total = 0;
        let events = corpus
            .events
            .iter()
            .map(|ev| {
                let ateliers: Vec<AtelierOverview> = ev
                    .ateliers
                    .iter()
                    .map(|&aid| {
                        let a = &corpus.ateliers[aid.index()];
                        let sections: Vec<SectionOverview> = by_atelier[aid.index()]
                            .iter()
                            .map(|&sid| {
                                let s = &corpus.sections[sid.index()];
                                let doc = &corpus.documents[s.doc.index()];
                                let words = section_words[sid.index()];
                                SectionOverview {
                                    kind: s.kind,
                                    heading: s.heading_cow(),
                                    part: s.part().map(str::to_owned),
                                    document: Location {
                                        path: doc.path.clone(),
                                        line: doc.line.map(|l| l.get() as usize),
                                    },
                                    blocks: s.blocks.len(),
                                    furniture_blocks: s
                                        .blocks
                                        .iter()
                                        .filter(|b| b.furniture.is_some())
                                        .count(),
                                    words,
                                }
                            })
                            .collect();
                        AtelierOverview {
                            id: aid.0,
                            key: a.key.clone(),
                            label: a.label.clone(),
                            kind: match a.kind {
                                AtelierKind::Atelier => "atelier",
                                AtelierKind::Document => "document",
                                AtelierKind::Plenary => "plénière",
                            }
                            .to_string(),
                            sessions: a.sessions.clone(),
                            question: a.question.clone(),
                            documents: a.documents.len(),
                            words: sections.iter().map(|s| s.words).sum(),
                            sections,
                        }
                    })
                    .collect();
                let words = ateliers.iter().map(|a| a.words).sum();
                total += words;
                EventOverview {
                    key: ev.key.clone(),
                    title: ev.title.clone(),
                    dates: ev.dates.map(|d| d.to_string()),
                    words,
                    ateliers,
                }
            })
            .collect();
        Overview {
            title: corpus.title.clone(),
            documents: corpus.documents.len(),
            ateliers: corpus.ateliers.len(),
            sections: corpus.sections.len(),
            words: total,
            people_named: corpus.people_count(),
            people: corpus.people.clone(),
            events,
            skipped: corpus
                .skipped
                .iter()
                .map(|s| SkippedOverview {
                    location: match s.line {
                        Some(l) => format!("{}:{l}", s.path.display()),
                        None => s.path.display().to_string(),
                    },
                    reason: s.reason.clone(),
                })
                .collect(),
            warnings: corpus.warnings.iter().map(WarningOverview::of).collect(),
        }
    }
}

/// Word tokens in a section's analysed blocks (none in a list of names, none in furniture).
fn words_in(
    analyzer: &Analyzer,
    corpus: &Corpus,
    texts: &mut crate::corpus::TextCursor,
    s: &Section,
) -> usize {
    if s.kind.is_names() {
        return 0;
    }
    let text = texts.get(&corpus.documents[s.doc.index()].text);
    s.blocks
        .iter()
        .filter(|b| b.furniture.is_none())
        .map(|b| {
            analyzer
                .tokens(&text[b.span.range()])
                .filter(|t| t.kind == TokenKind::Word)
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::AtelierId;

    fn overview_with_threads(corpus: &Corpus, threads: usize) -> Overview {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| Overview::of(corpus))
    }

    #[test]
    fn counts_add_up_and_do_not_depend_on_threads() {
        let corpus = Corpus::load(std::path::Path::new("corpus")).expect("shipped corpus");
        let one = overview_with_threads(&corpus, 1);
        let two = overview_with_threads(&corpus, 2);
        assert_eq!(
            serde_json::to_string(&one).unwrap(),
            serde_json::to_string(&two).unwrap()
        );
        assert!(one.words > 1000);
        let first = &one.events[0].ateliers[0].sections[0];
        let doc = &corpus.documents[corpus
            .sections_of(AtelierId(one.events[0].ateliers[0].id))
            .next()
            .unwrap()
            .doc
            .index()];
        assert_eq!(first.document.to_string(), doc.location());
        let json = serde_json::to_value(first).unwrap();
        assert_eq!(json["document"], doc.location());
        assert_eq!(json["kind"], first.kind.as_str());
        assert_eq!(one.sections, corpus.sections.len());
        let listed: usize = one
            .events
            .iter()
            .flat_map(|e| &e.ateliers)
            .map(|a| a.sections.len())
            .sum();
        assert_eq!(listed, corpus.sections.len());
        assert_eq!(one.words, one.events.iter().map(|e| e.words).sum::<usize>());
        for e in &one.events {
            assert_eq!(e.words, e.ateliers.iter().map(|a| a.words).sum::<usize>());
            for a in &e.ateliers {
                assert_eq!(a.words, a.sections.iter().map(|s| s.words).sum::<usize>());
            }
        }
    }
}
