//! Themes as people and tools read them: labels, ids of ateliers and events, and quotes with
//! their location. This is the schema of `filrouge themes --json` and of `themes.json`.

use rayon::prelude::*;

use crate::corpus::{Corpus, DocId};

use super::occurrences::Quote;
use super::{Form, ScoreComponents, Theme, ThemeSet};

/// A sentence quoted as evidence, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// The sentence as written (white space collapsed, bold marks and superscript braces taken
    /// out: `without_marks`), with its final punctuation and the brackets and quotation marks
    /// it would otherwise leave unpaired.
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
    /// `persistent`, `emerging`, `fading`, `intermittent`, `single-event` or `undated`.
    pub trend: String,
    /// Quotes, best first.
    pub evidence: Vec<Evidence>,
}

impl ThemeRecord {
    /// How widely the theme recurs: the ateliers it occurs in or, when themes recur across
    /// documents (a corpus of fewer than two ateliers), the documents.
    pub fn spread(&self, unit: super::RecurrenceUnit) -> u64 {
        match unit {
            super::RecurrenceUnit::Atelier => self.ateliers.len() as u64,
            super::RecurrenceUnit::Document => u64::from(self.documents),
        }
    }
}

/// Marks that end a sentence, taken into a quote after its last word.
const ENDING: &[char] = &['.', '…', '!', '?'];

/// Brackets and quotation marks: (opening, closing). A quote takes one in when it holds the
/// other too, so that it never shows a bracket left open or a lone closing mark.
const PAIRS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('«', '»'), ('“', '”'), ('"', '"')];

/// White space a French text puts inside its marks (`« mot »`, `quoi ?`), never a line break.
fn inline_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}')
}

/// Whether `text` leaves the pair opened by `open` open: more opening marks than closing ones
/// (straight quotes: an odd number).
fn left_open(text: &str, (open, close): (char, char)) -> bool {
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    if open == close {
        count(open) % 2 == 1
    } else {
        count(open) > count(close)
    }
}

/// A sentence's span (its first word to its last) widened to the marks that belong to it on
/// its line: the full stop, question or exclamation mark after it, and the brackets and
/// quotation marks around or inside it that it would otherwise leave unpaired — so that a quote
/// reads `(posture de facilitation, des parties prenantes).`, not `posture de facilitation, des
/// parties prenantes`, and `des savoir-être (posture de facilitation).`, not `des savoir-être
/// (posture de facilitation`.
fn quoted_span(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let pair_of_open = |c: char| PAIRS.iter().copied().find(|p| p.0 == c);
    let pair_of_close = |c: char| PAIRS.iter().copied().find(|p| p.1 == c);
    // Opening marks just before the first word, taken in for now.
    let mut start = span.start;
    loop {
        let before = text[..start].trim_end_matches(inline_blank);
        match before.chars().next_back() {
            Some(c) if pair_of_open(c).is_some() => start = before.len() - c.len_utf8(),
            _ => break,
        }
    }
    // Ending marks after the last word, and the closing marks of pairs left open.
    let mut end = span.end;
    loop {
        let rest = &text[end..];
        let after = rest.trim_start_matches(inline_blank);
        let Some(c) = after.chars().next() else { break };
        // A comma or a slash before an ellipsis (`parties prenantes, ...)`) goes with it.
        let ellipsis_next = || {
            let next = after[1..].trim_start_matches(inline_blank);
            next.starts_with('.') || next.starts_with('…')
        };
        let take = ENDING.contains(&c)
            || (matches!(c, ',' | '/') && ellipsis_next())
            || pair_of_close(c).is_some_and(|p| left_open(&text[start..end], p));
        if !take {
            break;
        }
        end += rest.len() - after.len() + c.len_utf8();
    }
    // Opening marks taken in above whose pair the quote does not close are left out again.
    while start < span.start {
        let c = text[start..]
            .chars()
            .next()
            .expect("a mark before the first word");
        let p = pair_of_open(c).expect("only opening marks are taken in before");
        if !left_open(&text[start..end], p) {
            break;
        }
        start += c.len_utf8();
        start += text[start..].len() - text[start..].trim_start_matches(inline_blank).len();
    }
    start..end
}

/// Longest superscript taken out of its `^{…}` marks, in characters (`7^{ème}`, `1^{er}`).
const MAX_SUPERSCRIPT: usize = 8;

/// `text` without the formatting marks that converters and editors leave in notes, and
/// `highlights` (character ranges) moved to match: bold marks `**` and `__`
/// (`**Première piste** :`) and a short superscript's `^{` and `}` (`7^{ème}` reads `7ème`).
/// Every output quotes the text so cleaned, so that `themes.json` reads as the report does.
/// A single `*` or `_` stays: it is also a footnote call, a wildcard or part of a name.
fn without_marks(text: &str, highlights: Vec<(usize, usize)>) -> (String, Vec<(usize, usize)>) {
    if !text.contains("**") && !text.contains("__") && !text.contains("^{") {
        return (text.to_string(), highlights);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut drop = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('*', Some('*')) | ('_', Some('_')) => {
                drop[i..i + 2].fill(true);
                i += 2;
            }
            ('^', Some('{')) => {
                let close = chars[i + 2..]
                    .iter()
                    .take(MAX_SUPERSCRIPT + 1)
                    .position(|&c| c == '}')
                    .filter(|&len| len > 0);
                match close {
                    Some(len) => {
                        drop[i..i + 2].fill(true);
                        drop[i + 2 + len] = true;
                        i += 3 + len;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    let mut out = String::with_capacity(text.len());
    // `map[i]`: the character offset in `out` of `chars[i]` (or of what follows it, if dropped).
    let mut map = Vec::with_capacity(chars.len() + 1);
    let mut n = 0usize;
    for (&c, &dropped) in chars.iter().zip(&drop) {
        map.push(n);
        // A mark between two spaces leaves one (`avis ** sur` reads `avis sur`), none at the start.
        let doubled = c == ' ' && (out.is_empty() || out.ends_with(' '));
        if !dropped && !doubled {
            out.push(c);
            n += 1;
        }
    }
    if out.ends_with(' ') {
        out.pop();
        n -= 1;
    }
    map.push(n);
    let highlights = highlights
        .into_iter()
        .map(|(a, b)| {
            let at = |k: usize| map[k.min(chars.len())].min(n);
            (at(a), at(b))
        })
        .filter(|(a, b)| a < b)
        .collect();
    (out, highlights)
}

/// Renders a quote for people: its sentence, highlights and location.
pub fn evidence(corpus: &Corpus, q: &Quote) -> Evidence {
    let doc_text = corpus.text(q.doc);
    evidence_in(corpus, q, &doc_text, None)
}

/// [`evidence`], given the text of the quote's document and, optionally, where its lines end
/// (the offsets of its `\n`, to find the quote's line without counting them again).
fn evidence_in(
    corpus: &Corpus,
    q: &Quote,
    doc_text: &str,
    line_ends: Option<&[usize]>,
) -> Evidence {
    let doc = &corpus.documents[q.doc.index()];
    let span = quoted_span(doc_text, q.span.clone());
    let raw = &doc_text[span.clone()];
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
        .map(|h| h.range())
        .filter(|h| h.start >= span.start && h.end <= span.end)
        .map(|h| (map[h.start - span.start], map[h.end - span.start]))
        .collect();
    let (text, highlights) = without_marks(&text, highlights);
    let atelier = &corpus.ateliers[q.atelier.index()];
    let event = &corpus.events[atelier.event.index()];
    let section = &corpus.sections[q.section.index()];
    let location = match doc.line {
        Some(l) => format!("{}:{l}", doc.path.display()),
        None => format!(
            "{}:{}",
            doc.path.display(),
            1 + match line_ends {
                Some(ends) => ends.partition_point(|&e| e < q.span.start),
                None => doc_text[..q.span.start].matches('\n').count(),
            }
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
        heading: section.heading().to_string(),
        location,
    }
}

/// One record per theme, best first.
pub fn records(corpus: &Corpus, set: &ThemeSet) -> Vec<ThemeRecord> {
    records_top(corpus, set, usize::MAX)
}

/// Records of the `n` best themes.
pub fn records_top(corpus: &Corpus, set: &ThemeSet, n: usize) -> Vec<ThemeRecord> {
    let themes = &set.themes[..n.min(set.themes.len())];
    themes
        .par_iter()
        .zip(evidences(corpus, themes))
        .map(|(t, evidence)| record_with(corpus, t, evidence))
        .collect()
}

/// The evidence of every quote of `themes`, theme by theme, in quote order. Quotes are gathered
/// by document and each document is read once (in parallel): a long note kept on disk gives
/// many quotes, and reading it back for each took seconds on a corpus of long notes.
fn evidences(corpus: &Corpus, themes: &[Theme]) -> Vec<Vec<Evidence>> {
    let mut wanted: Vec<(DocId, usize, usize)> = themes
        .iter()
        .enumerate()
        .flat_map(|(t, theme)| (0..theme.quotes.len()).map(move |i| (theme.quotes[i].doc, t, i)))
        .collect();
    wanted.sort_unstable();
    let found: Vec<((usize, usize), Evidence)> = wanted
        .par_chunk_by(|a, b| a.0 == b.0)
        .flat_map_iter(|group| {
            let doc = group[0].0;
            let text = corpus.text(doc);
            // Line numbers are counted only for documents that do not carry their own.
            let line_ends: Option<Vec<usize>> = corpus.documents[doc.index()]
                .line
                .is_none()
                .then(|| text.match_indices('\n').map(|(i, _)| i).collect());
            group
                .iter()
                .map(|&(_, t, i)| {
                    let q = &themes[t].quotes[i];
                    ((t, i), evidence_in(corpus, q, &text, line_ends.as_deref()))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out: Vec<Vec<Option<Evidence>>> = themes
        .iter()
        .map(|t| (0..t.quotes.len()).map(|_| None).collect())
        .collect();
    for ((t, i), e) in found {
        out[t][i] = Some(e);
    }
    out.into_iter()
        .map(|v| v.into_iter().flatten().collect())
        .collect()
}

/// The record of one theme.
pub fn record(corpus: &Corpus, t: &Theme) -> ThemeRecord {
    let evidence = evidences(corpus, std::slice::from_ref(t)).pop();
    record_with(corpus, t, evidence.unwrap_or_default())
}

/// The record of one theme, its quotes rendered as `evidence`.
fn record_with(corpus: &Corpus, t: &Theme, evidence: Vec<Evidence>) -> ThemeRecord {
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
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;

    /// The quote of the sentence from `first` to `last` (words of `text`).
    fn quote(text: &str, first: &str, last: &str) -> String {
        let start = text.find(first).unwrap();
        let end = text.rfind(last).unwrap() + last.len();
        text[quoted_span(text, start..end)].to_string()
    }

    #[test]
    fn a_quote_takes_its_marks_and_leaves_none_unpaired() {
        let cases = [
            // Its full stop, question mark (after a French space), closing bracket.
            ("Il faut oser. Ensuite", "Il", "oser", "Il faut oser."),
            (
                "Comment faire ? Puis",
                "Comment",
                "faire",
                "Comment faire ?",
            ),
            (
                "des savoir-être (posture de facilitation). Puis",
                "des",
                "facilitation",
                "des savoir-être (posture de facilitation).",
            ),
            // Brackets and quotation marks around it, when they close.
            (
                "(transformer son organisation)",
                "transformer",
                "organisation",
                "(transformer son organisation)",
            ),
            (
                "« Entre l'avant et l'après » dit-il",
                "Entre",
                "après",
                "« Entre l'avant et l'après »",
            ),
            (
                "\"Entre l'avant et l'après\". Puis",
                "Entre",
                "après",
                "\"Entre l'avant et l'après\".",
            ),
            // Never a mark left unpaired: a sentence inside brackets that go on, or after them.
            (
                "(voir plus haut. La suite)",
                "voir",
                "haut",
                "voir plus haut.",
            ),
            ("La suite) et après", "La", "suite", "La suite"),
            (
                "• Identification des personnes qui sont assumées (RH / juridique / ...)\n• Réajuster",
                "Identification",
                "juridique",
                "Identification des personnes qui sont assumées (RH / juridique / ...)",
            ),
            // An enumeration left open by an ellipsis.
            (
                "des savoir-être (posture, participation, ...). Introduire",
                "des",
                "participation",
                "des savoir-être (posture, participation, ...).",
            ),
            (
                "rôles (RH / juridique / ...) et",
                "rôles",
                "juridique",
                "rôles (RH / juridique / ...)",
            ),
            // Never past the line.
            ("Une idée\n. Autre", "Une", "idée", "Une idée"),
        ];
        for (text, first, last, want) in cases {
            assert_eq!(quote(text, first, last), want, "{text:?}");
        }
    }
    #[test]
    fn a_quote_loses_its_formatting_marks_and_keeps_its_highlights() {
        /// Text, its highlights, the text cleaned, the words highlighted in it.
        type Case = (
            &'static str,
            &'static [(usize, usize)],
            &'static str,
            &'static [&'static str],
        );
        let cases: [Case; 5] = [
            (
                "Première piste** : faire évoluer la posture",
                &[(36, 43)],
                "Première piste : faire évoluer la posture",
                &["posture"],
            ),
            (
                "la 7^{ème} édition du budget",
                &[(11, 18), (22, 28)],
                "la 7ème édition du budget",
                &["édition", "budget"],
            ),
            (
                "une **__posture__** ** claire",
                &[(8, 15)],
                "une posture claire",
                &["posture"],
            ),
            // Not a superscript: no closing brace near, or nothing inside.
            (
                "x^{} et y^{abcdefghijk}",
                &[],
                "x^{} et y^{abcdefghijk}",
                &[],
            ),
            // Nothing to take out: unchanged.
            ("2 * 3 = 6 et a_b", &[(0, 1)], "2 * 3 = 6 et a_b", &["2"]),
        ];
        for (text, hs, want, marked) in cases {
            let (got, hs) = without_marks(text, hs.to_vec());
            assert_eq!(got, want);
            let shown: Vec<String> = hs
                .iter()
                .map(|&(a, b)| got.chars().skip(a).take(b - a).collect())
                .collect();
            assert_eq!(shown, marked, "{text:?}");
        }
    }

    use crate::text::Analyzer;
    use crate::themes::ThemeOptions;

    /// Records read each document once for all its quotes, and give the evidence reading it
    /// for each quote gives — texts in memory or on disk, lines counted or carried.
    #[test]
    fn records_give_the_evidence_of_each_quote() {
        for storage in [
            crate::corpus::TextStorage::Memory,
            crate::corpus::TextStorage::Disk,
        ] {
            let opts = crate::corpus::LoadOptions {
                texts: storage,
                ..Default::default()
            };
            let corpus =
                Corpus::load_with(std::path::Path::new("corpus"), &opts).expect("corpus/ loads");
            let a =
                Analysis::run(corpus, &Analyzer::french(), None, &ThemeOptions::default()).unwrap();
            let recs = records(&a.corpus, &a.themes);
            assert_eq!(recs.len(), a.themes.themes.len());
            let mut quotes = 0;
            for (r, t) in recs.iter().zip(&a.themes.themes) {
                let one_by_one: Vec<Evidence> =
                    t.quotes.iter().map(|q| evidence(&a.corpus, q)).collect();
                assert_eq!(r.evidence, one_by_one, "{}", t.label);
                quotes += one_by_one.len();
            }
            assert!(quotes > 100, "{quotes} quotes");
            assert_eq!(records_top(&a.corpus, &a.themes, 3).len(), 3);
            assert_eq!(
                record(&a.corpus, &a.themes.themes[0]).evidence,
                recs[0].evidence
            );
        }
    }
}
