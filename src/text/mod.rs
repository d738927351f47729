//! French text analysis: from a string to word tokens with byte offsets, kinds, stop-word tags
//! and stems.
//!
//! CONTRACT (scaffold; the text work fills in the implementation and may extend it, but keeps
//! these names and meanings, which the other stages rely on):
//!
//! - [`Analyzer`] is `Send + Sync`, built by [`AnalyzerBuilder`] ([`Analyzer::french`] is the
//!   tuned default). It holds no per-call mutable state.
//! - [`Analyzer::tokens`] yields [`Token`]s in text order, punctuation excluded, each with byte
//!   offsets into the given text (`&text[t.start..t.end]` is the surface), a [`TokenKind`], a
//!   stop-word tag and the boundary that precedes it (sentence / line).
//! - [`StemCache`] is per-thread; [`StemCache::stem`] maps a token's surface to its normalised
//!   lowercase form and Snowball French stem without allocating on a cache hit.

/// What a token is. Only [`TokenKind::Word`] tokens are candidate theme terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// An ordinary word (possibly a hyphenated lexical compound such as `co-construction`).
    Word,
    /// An elided function word split off its host: `l'`, `qu'`, `jusqu'`.
    Elision,
    /// An all-capitals abbreviation: `CNFPT`, `DGS`, `N-1`.
    Acronym,
    /// A number, ordinal or fraction: `3`, `1.2`, `1ère`, `27e`.
    Number,
    /// A date: `14/09/2020`, `2020-09-14`.
    Date,
    /// A time of day: `14h30`, `9h`.
    Time,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// An alphanumeric code such as a training code `SXC6J.007`.
    Code,
}

/// Which boundary precedes a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// Same sentence and line as the previous token.
    None,
    /// A new line (bullet, line break) within the same sentence span is *not* this: a line
    /// break always ends a sentence in notes; this marks a soft break inside a sentence
    /// (a colon, semicolon, dash or parenthesis).
    Soft,
    /// A new sentence (after `.`, `!`, `?`, `…`, or at a line break).
    Sentence,
}

/// One word token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    /// Byte offset of the first byte, into the analysed text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Whether it is a stop word or a spoken filler (tagged, not removed).
    pub stop: bool,
    /// The boundary between the previous token and this one.
    pub boundary: Boundary,
}

// TEMPORARY stand-in until the text branch lands (replaced wholesale by the merge).
impl TokenKind {
    /// Machine name.
    pub fn as_str(self) -> &'static str {
        "word"
    }
}
/// Temporary analyser.
#[derive(Debug, Default)]
pub struct Analyzer;
/// Temporary analysed token.
pub struct Analyzed {
    /// Token.
    pub token: Token,
    /// Lowercase.
    pub lower: String,
    /// Stem.
    pub stem: String,
}
impl Analyzer {
    /// Default.
    pub fn french() -> Self {
        Analyzer
    }
    /// Tokens.
    pub fn tokens<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Token> + 't {
        use unicode_segmentation::UnicodeSegmentation;
        text.unicode_word_indices().map(|(s, w)| Token {
            start: s,
            end: s + w.len(),
            kind: TokenKind::Word,
            stop: false,
            boundary: Boundary::None,
        })
    }
    /// Analyse.
    pub fn analyze(&self, text: &str) -> Vec<Analyzed> {
        self.tokens(text)
            .map(|t| Analyzed {
                token: t,
                lower: text[t.start..t.end].to_lowercase(),
                stem: text[t.start..t.end].to_lowercase(),
            })
            .collect()
    }
}
