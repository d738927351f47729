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
//!   lowercase form and stem ([`FrenchStemmer`]: Snowball French, corrected) without allocating
//!   on a cache hit.
//!
//! # Pipeline
//!
//! The stages run in this order, one file each (each file's doc states its preconditions and
//! the French decisions it makes):
//!
//! 1. `scan` — skip punctuation and whitespace between words, recording the [`Boundary`]
//!    (sentence at `. ! ? …` and every line break, soft at `: ; ( )` and dashes);
//! 2. `scan` + `kind` — the span of one word: URLs, e-mails and dotted initials first
//!    (`https://…`, `sandrine.heinen@cnfpt.fr`, `J.-C.`, `M.`), otherwise UAX #29 word pieces
//!    merged across hyphens, `digit/digit`, `alnum.digit`, `dd:dd`, plus digit groups
//!    (`80 000`);
//! 3. `elision` — `l'`, `qu'`, `jusqu'`… split off as [`TokenKind::Elision`] tokens;
//! 4. `compound` — lexical compounds stay whole, verb–pronoun inversions split
//!    (`a-t-il` → `a` + `-t-il`, as in the UD French gold);
//! 5. `kind` — number, date, time, URL, e-mail, code, acronym or word (all-caps heading
//!    lines hold words, not acronyms);
//! 6. `stopwords` — stop words and spoken fillers tagged (never dropped), on the
//!    normalised form ([`normalize`](fn@normalize): lowercase, `'` apostrophe, accents kept);
//! 7. `stem` — Snowball French stems, corrected for plurals it stems apart (`élus`), singulars
//!    in `-er` it reads as infinitives (`usager`), and words of local government it merges with
//!    others (`collectivités`, `collecte`), through a per-thread [`StemCache`].
//!
//! Stages 1–6 run inside [`Analyzer::tokens`]; stage 7 is the caller's (hot loops keep one
//! [`StemCache`] per thread), or [`Analyzer::analyze`] for convenience.
//!
//! Speed: chunks written in ASCII and Latin letters (nearly all French) are segmented by a
//! hand-written scanner that implements the same UAX #29 rules for that repertoire; other
//! text goes through `unicode-segmentation`. Both give identical tokens (tested on the bench
//! corpora and by property tests; [`AnalyzerBuilder::fast_path`] turns the scanner off).
//!
//! Measured against the UD French gold (dev sets, `tests/ud_tokenization.rs`), the tokens
//! reach F1 0.997–0.999. Known, deliberate differences: times and measures stay one token
//! (`14h30`, `160km`; UD splits them) and `km/h`-style letter slashes split.
//!
//! Input is assumed NFC (the corpus stage normalises). Any string is accepted: the analyser
//! never panics, and spans are always on character boundaries, strictly increasing.

mod compound;
mod elision;
mod inclusive;
mod kind;
mod normalize;
mod scan;
mod stem;
mod stopwords;
mod wordmap;

use std::path::Path;

pub use inclusive::inclusive_masculine;
pub use normalize::normalize;
pub use stem::{FrenchStemmer, StemCache, is_corrected_stem};
pub(crate) use stopwords::is_default_stop_word;
pub use wordmap::WordMap;

use crate::error::Error;

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

impl TokenKind {
    /// The kind's name as written in TSV and JSON outputs: `word`, `elision`, `acronym`,
    /// `number`, `date`, `time`, `url`, `email`, `code`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Elision => "elision",
            TokenKind::Acronym => "acronym",
            TokenKind::Number => "number",
            TokenKind::Date => "date",
            TokenKind::Time => "time",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Code => "code",
        }
    }
}

impl std::fmt::Display for TokenKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token with its normalised form and stem, for non-hot paths (the `tokenize` command,
/// concordances). Hot loops use [`Analyzer::tokens`] with a [`StemCache`] instead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Analyzed {
    /// The token (offsets, kind, stop tag, boundary).
    pub token: Token,
    /// The normalised lowercase form (`'` apostrophe, accents kept).
    pub lower: String,
    /// The stem of `lower` ([`FrenchStemmer`]).
    pub stem: String,
}

/// The French analyser: stop list and options. Immutable once built, so one instance can be
/// shared by every thread (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct Analyzer {
    /// The stop words (short words keyed as integers, for fast look-ups: see [`WordMap`]).
    stop_map: WordMap,
    /// Byte length of the longest stop word: longer forms skip the hash look-up.
    stop_max_len: usize,
    fast: bool,
}

impl Analyzer {
    /// The tuned default: Snowball French stop list, extra function words, spoken fillers.
    pub fn french() -> Self {
        Self::builder().build()
    }

    /// A builder to adjust the stop list.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder {
            fillers: true,
            fast: true,
            extra: Vec::new(),
        }
    }

    /// Whether the normalised form `lower` (see [`normalize`](fn@normalize)) is a stop word or
    /// a filler.
    pub fn is_stop(&self, lower: &str) -> bool {
        lower.len() <= self.stop_max_len && self.stop_map.get(lower).is_some()
    }

    /// The stop tag [`Analyzer::tokens`] gives a [`TokenKind::Word`] token written `surface`:
    /// [`Analyzer::is_stop`] of its normalised form, a clitic split off its verb (`-vous`,
    /// `-t-il`) being looked up without its hyphens (`vous`, `il`). `lower` is scratch space.
    ///
    /// For a caller that defers the tags (see [`TokenStream::defer_stop_tags`]) and asks once
    /// per distinct surface.
    pub fn is_stop_word(&self, surface: &str, lower: &mut String) -> bool {
        let bare = compound::without_hyphens(surface);
        if normalize::is_normalized(bare) {
            return self.is_stop(bare) || self.is_inclusive_stop(bare);
        }
        normalize(bare, lower);
        self.is_stop(lower) || self.is_inclusive_stop(lower)
    }

    /// [`Analyzer::is_stop_word`] of `surface` spelt as it is stemmed
    /// ([`crate::reference::stem_spelling`]: `tres`, `etre`, `ca` are the stop words `très`,
    /// `être`, `ça`): how every stage tells a stop word, so that the counting pass, the themes
    /// and the reference frequencies agree on which words are.
    pub fn is_stop_as_stemmed(&self, surface: &str, lower: &mut String) -> bool {
        self.is_stop_word(crate::reference::stem_spelling(surface), lower)
    }

    /// Whether a normalised word in inclusive writing extends a stop word (`tou·te·s`).
    fn is_inclusive_stop(&self, lower: &str) -> bool {
        inclusive_masculine(lower).is_some_and(|m| self.is_stop(&m))
    }

    /// The word tokens of `text`, in order (stages 1–6; see the module doc).
    pub fn tokens<'t>(&'t self, text: &'t str) -> TokenStream<'t> {
        self.tokens_with(text, TokenScratch::default())
    }

    /// [`Analyzer::tokens`], reusing the scratch buffers of an earlier stream (see
    /// [`TokenStream::into_scratch`]): a walk over many short texts allocates once.
    pub fn tokens_with<'t>(&'t self, text: &'t str, scratch: TokenScratch) -> TokenStream<'t> {
        let TokenScratch {
            mut queue,
            pieces,
            tails,
            lower,
        } = scratch;
        queue.clear();
        TokenStream {
            analyzer: self,
            text,
            pos: 0,
            boundary: Boundary::Sentence,
            line_start: 0,
            heading: None,
            queue,
            next: 0,
            pieces,
            tails,
            lower,
            defer_stop: false,
        }
    }

    /// The spelling each token of a phrase typed by a person (a concordance query, a lexicon
    /// term) is stemmed from, as the counting pass reads the notes
    /// ([`crate::reference::counted_spelling`]): `ETAT` as `état`, `impots` as `impôts`, and a
    /// phrase all in capitals (`DROIT A L'ERREUR`) as a paragraph all in capitals (`A` as `à`).
    pub fn phrase_spellings<'a>(
        &'a self,
        phrase: &'a str,
    ) -> impl Iterator<Item = (Token, &'a str)> + 'a {
        let shouting = !phrase.chars().any(char::is_lowercase);
        self.tokens(phrase).map(move |t| {
            let surface = &phrase[t.start..t.end];
            let spelling =
                crate::reference::counted_spelling(surface, shouting || is_capitals(surface));
            (t, spelling)
        })
    }

    /// Tokens with their lowercase form and stem, collected (allocates per token; for the
    /// `tokenize` command, not for counting).
    ///
    /// Each word is stemmed from the spelling the counting pass stems it from
    /// ([`crate::reference::counted_spelling`]): a word in capitals, or any word of a line
    /// written all in capitals (the counting pass reads a paragraph so; here a line stands for
    /// it), with its accents restored (`SOUVERAINETE` → `souveraineté`, `A` → `à`), another
    /// written without its usual accents as that spelling (`impots` → `impôts`); a word is a
    /// stop word as that spelling is (`tres` as `très`). Its lowercase form stays as written.
    pub fn analyze(&self, text: &str) -> Vec<Analyzed> {
        let mut cache = StemCache::new();
        let mut scratch = String::new();
        // The line of the last token, and whether it is written all in capitals.
        let mut line = (0, 0, false);
        self.tokens(text)
            .map(|mut token| {
                let surface = &text[token.start..token.end];
                if token.start >= line.1 {
                    let start = text[..token.start].rfind('\n').map_or(0, |i| i + 1);
                    let end = text[token.start..]
                        .find('\n')
                        .map_or(text.len(), |i| token.start + i);
                    line = (
                        start,
                        end,
                        !text[start..end].chars().any(char::is_lowercase),
                    );
                }
                let mut lower = String::new();
                normalize(surface, &mut lower);
                let caps = line.2 || is_capitals(surface);
                let spelling = crate::reference::counted_spelling(surface, caps);
                if token.kind == TokenKind::Word {
                    token.stop = self.is_stop_as_stemmed(surface, &mut scratch);
                }
                let stem = cache.stem(spelling).to_owned();
                Analyzed { token, lower, stem }
            })
            .collect()
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::french()
    }
}

/// Whether a word is written in capitals (`ÉLUS`, `CNFPT`, `L'ÉTAT`): two letters or more,
/// none lowercase. Such a word often drops its accents, so the counting pass stems it with
/// them restored; it says nothing about being a name.
pub fn is_capitals(surface: &str) -> bool {
    // Most words start in lowercase: the lowercase test usually stops at the first letter.
    !surface.chars().any(char::is_lowercase)
        && surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Builds an [`Analyzer`].
#[derive(Debug, Clone)]
pub struct AnalyzerBuilder {
    fillers: bool,
    fast: bool,
    extra: Vec<String>,
}

impl AnalyzerBuilder {
    /// Whether spoken fillers (`euh`, `ben`, `voilà`, `bcp`, `etc`, …) are stop words
    /// (default: yes — workshop notes transcribe speech).
    pub fn fillers(mut self, on: bool) -> Self {
        self.fillers = on;
        self
    }

    /// Whether to segment Latin-script text with the hand-written fast path (default: yes).
    /// The tokens are identical either way (tested on the benchmark corpora); turning it off
    /// runs every word through the general UAX #29 segmenter, for comparison.
    pub fn fast_path(mut self, on: bool) -> Self {
        self.fast = on;
        self
    }

    /// Adds stop words (normalised: lowercase, `'` apostrophe).
    pub fn extra_stopwords<I, S>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut lower = String::new();
        for w in words {
            normalize(w.as_ref().trim(), &mut lower);
            if !lower.is_empty() {
                self.extra.push(lower.clone());
            }
        }
        self
    }

    /// Adds the stop words of a user file (decoded as the notes are: UTF-8, UTF-16 with a BOM,
    /// otherwise Windows-1252): one word per line, `|` or `#` starts a
    /// comment. A malformed line is an [`Error::Config`] with its line number.
    pub fn stopwords_file(mut self, path: impl AsRef<Path>) -> Result<Self, Error> {
        self.extra.extend(stopwords::read_file(path.as_ref())?);
        Ok(self)
    }

    /// The analyser.
    pub fn build(self) -> Analyzer {
        let mut stop = stopwords::default_set(self.fillers);
        stop.extend(self.extra.into_iter().map(String::into_boxed_str));
        let mut stop_map = WordMap::new();
        for w in &stop {
            stop_map.insert(w, 0);
        }
        Analyzer {
            stop_map,
            stop_max_len: stop.iter().map(|w| w.len()).max().unwrap_or(0),
            fast: self.fast,
        }
    }
}

/// The scratch buffers of a [`TokenStream`], to reuse in another (see
/// [`Analyzer::tokens_with`]).
#[derive(Debug, Default)]
pub struct TokenScratch {
    queue: Vec<Token>,
    pieces: Vec<(usize, usize)>,
    tails: Vec<(usize, usize)>,
    lower: String,
}

/// The iterator returned by [`Analyzer::tokens`]. Holds only scratch buffers and a cursor.
#[derive(Debug)]
pub struct TokenStream<'t> {
    analyzer: &'t Analyzer,
    text: &'t str,
    /// Next byte to scan.
    pos: usize,
    /// Boundary for the next token.
    boundary: Boundary,
    /// Start of the current line and, once computed, whether it is an all-caps heading.
    line_start: usize,
    heading: Option<bool>,
    /// Tokens of the current word span not yet returned.
    queue: Vec<Token>,
    next: usize,
    pieces: Vec<(usize, usize)>,
    tails: Vec<(usize, usize)>,
    lower: String,
    /// Whether word tokens are left untagged (see [`TokenStream::defer_stop_tags`]).
    defer_stop: bool,
}

impl Iterator for TokenStream<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let t = self.next_of_spans()?;
        if t.kind == TokenKind::Word
            && self.next == self.queue.len()
            && matches!(&self.text[t.start..t.end], "co" | "Co")
        {
            return Some(self.join_detached_prefix(t));
        }
        Some(t)
    }
}

impl<'t> TokenStream<'t> {
    /// Starts over on another text, as [`Analyzer::tokens`] would, but keeps the scratch
    /// buffers: a walk over many short texts then allocates once, not once per text.
    pub fn restart(&mut self, text: &'t str) {
        self.text = text;
        self.pos = 0;
        self.boundary = Boundary::Sentence;
        self.line_start = 0;
        self.heading = None;
        self.queue.clear();
        self.next = 0;
    }

    /// From now on, [`TokenKind::Word`] tokens come with `stop` false, whatever they are
    /// (elisions are still tagged): the caller asks [`Analyzer::is_stop_word`] itself.
    ///
    /// For a hot loop that looks every word up in a table of its own anyway: it remembers the
    /// tag there, and the stream saves a stop-list look-up per token.
    pub fn defer_stop_tags(&mut self) {
        self.defer_stop = true;
    }

    /// The next token of the word spans (stages 1–6), before prefixes are joined.
    fn next_of_spans(&mut self) -> Option<Token> {
        loop {
            if let Some(&t) = self.queue.get(self.next) {
                self.next += 1;
                return Some(t);
            }
            self.queue.clear();
            self.next = 0;
            if !self.fill() {
                return None;
            }
        }
    }

    /// The prefix `co` written apart from its word, as notes often do (`co construction`,
    /// `Co construire`, `Co Construction`), joined to it: one word, which normalises as
    /// `co-construction` and so counts with it (see [`normalize`](fn@normalize)). `co` is no
    /// French word on its own; `CO` is an acronym (a *comité d'orientation*) and is never
    /// joined. Joined only across one space, to a word of three letters or more that is not a
    /// stop word (`co et`, `co 2` stay apart), written in lowercase after `co`, in lowercase or
    /// capitalised after `Co` (`co Paris` stays apart). The token after `co` is read here; when
    /// it is not joined it stays queued, as it was.
    fn join_detached_prefix(&mut self, co: Token) -> Token {
        let text = self.text;
        let Some(rest) = text[co.end..].strip_prefix(' ') else {
            return co;
        };
        let Some(initial) = rest.chars().next() else {
            return co;
        };
        let prefix = &text[co.start..co.end];
        let fits = match prefix {
            "co" => initial.is_lowercase(),
            _ => initial.is_alphabetic(),
        };
        if !fits {
            return co;
        }
        self.queue.clear();
        self.next = 0;
        if !self.fill() {
            return co;
        }
        let w = self.queue[0];
        let word = &text[w.start..w.end];
        // As the counting pass reads it (`tres` is the stop word `très`).
        let spelling = crate::reference::stem_spelling(word);
        if w.kind == TokenKind::Word
            && w.start == co.end + 1
            && w.boundary == Boundary::None
            && word.chars().nth(2).is_some()
            && !self.analyzer.is_stop_word(spelling, &mut self.lower)
        {
            self.next = 1;
            let stop = self.word_stop(&text[co.start..w.end]);
            return Token {
                start: co.start,
                end: w.end,
                kind: TokenKind::Word,
                stop,
                boundary: co.boundary,
            };
        }
        co
    }

    /// The stream's scratch buffers, for [`Analyzer::tokens_with`].
    pub fn into_scratch(self) -> TokenScratch {
        TokenScratch {
            queue: self.queue,
            pieces: self.pieces,
            tails: self.tails,
            lower: self.lower,
        }
    }

    /// Stage 1: skips to the next word start, accumulating the boundary. `None` at the end.
    fn skip(&mut self) -> Option<usize> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        // Whether the character before `i` is white space or `(` (a minus sign there starts a
        // number): known once a character is passed; before the first, looked up only when a
        // minus sign asks.
        let mut prev_space = None;
        while i < bytes.len() {
            let b = bytes[i];
            // The usual case, a space between two words: no boundary, not a line break.
            if b == b' ' {
                prev_space = Some(true);
                i += 1;
                continue;
            }
            let (c, len) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = text[i..].chars().next().expect("char boundary");
                (c, c.len_utf8())
            };
            if c.is_alphanumeric() {
                return Some(i);
            }
            if (c == '-' || c == '\u{2212}')
                && bytes.get(i + len).is_some_and(u8::is_ascii_digit)
                && prev_space.unwrap_or_else(|| {
                    i == 0
                        || text[..i]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_whitespace() || c == '(')
                })
            {
                return Some(i);
            }
            self.boundary = scan::stronger(self.boundary, scan::boundary_of(c));
            if scan::is_line_break(c) {
                self.line_start = i + len;
                self.heading = None;
            }
            prev_space = Some(c.is_whitespace() || c == '(');
            i += len;
        }
        self.pos = bytes.len();
        None
    }

    /// Whether the current line is written all in capitals (computed once per line, lazily).
    fn heading(&mut self) -> bool {
        if let Some(h) = self.heading {
            return h;
        }
        let line = &self.text[self.line_start..];
        let end = line.find(scan::is_line_break).unwrap_or(line.len());
        let h = !line[..end].chars().any(char::is_lowercase);
        self.heading = Some(h);
        h
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind, stop: bool) {
        let boundary = std::mem::replace(&mut self.boundary, Boundary::None);
        self.queue.push(Token {
            start,
            end,
            kind,
            stop,
            boundary,
        });
    }

    /// The stop tag of a word token (false when tags are deferred).
    fn word_stop(&mut self, surface: &str) -> bool {
        !self.defer_stop && self.analyzer.is_stop_word(surface, &mut self.lower)
    }

    /// Stages 2–6 for one word span. Returns `false` at the end of the text.
    fn fill(&mut self) -> bool {
        let Some(start) = self.skip() else {
            return false;
        };
        let text = self.text;
        // Most words: a run of letters in a chunk with nothing else to look at (stages 2–6 in
        // one scan; the same token the steps below give).
        if self.analyzer.fast
            && let Some(end) = scan::plain_span(text, start)
        {
            // `skip` stops at a letter or digit (or a minus sign, which `plain_span` refuses).
            debug_assert!(end > start, "an empty plain word at {start}");
            self.pos = end;
            let host = &text[start..end];
            let k = if host.chars().next().is_some_and(char::is_lowercase) {
                TokenKind::Word
            } else {
                let analyzer = self.analyzer;
                let mut heading = || self.heading();
                kind::classify(host, &mut heading, &|w| analyzer.is_stop(w))
            };
            let stop = k == TokenKind::Word && self.word_stop(host);
            self.push(start, end, k, stop);
            return true;
        }
        let info = scan::chunk_at(text, start);
        let cend = info.end;
        let chunk = &text[start..cend];
        // Stage 2, forms UAX #29 would cut apart.
        if info.url_chars
            && let Some(len) = kind::match_url(chunk)
        {
            self.push(start, start + len, TokenKind::Url, false);
            self.pos = start + len;
            return true;
        }
        if info.url_chars
            && chunk.len() > 4
            && chunk.contains('@')
            && let Some(len) = kind::match_email(chunk)
        {
            self.push(start, start + len, TokenKind::Email, false);
            self.pos = start + len;
            return true;
        }
        if info.url_chars
            && let Some(end) = kind::match_initials(text, start)
        {
            let letters = text[start..end]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            let k = if letters > 1 {
                TokenKind::Acronym
            } else {
                TokenKind::Word
            };
            let stop = k == TokenKind::Word && self.word_stop(&text[start..end]);
            self.push(start, end, k, stop);
            self.pos = end;
            return true;
        }
        // Stage 2, merged UAX #29 pieces.
        let plain_chunk = !(info.digit || info.url_chars || info.apostrophe || info.hyphen);
        let plain_end = if self.analyzer.fast && plain_chunk {
            scan::plain_word_end(text, start, cend)
        } else {
            None
        };
        let mut end = match plain_end {
            Some(e) => e,
            None => scan::word_end(
                text,
                start,
                cend,
                &mut self.pieces,
                self.analyzer.fast,
                info.url_chars,
            ),
        };
        if kind::abbreviation_dot(text, start, end) {
            end += 1;
        }
        if info.digit {
            end = kind::extend_digit_groups(text, &text[start..end], end);
        }
        self.pos = end;
        // Stage 3, elisions.
        let mut s = start;
        if info.apostrophe {
            loop {
                let span = &text[s..end];
                if span.chars().next_back().is_some_and(elision::is_apostrophe)
                    && elision::is_elided_word(span.trim_end_matches(elision::is_apostrophe))
                {
                    // A bare `l'` before a space.
                    self.push(s, end, TokenKind::Elision, true);
                    return true;
                }
                match elision::split_elision(span) {
                    Some(len) => {
                        self.push(s, s + len, TokenKind::Elision, true);
                        s += len;
                    }
                    None => break,
                }
            }
        }
        // Stage 4, clitics.
        let mut tails = std::mem::take(&mut self.tails);
        let host_end = if info.hyphen {
            s + compound::split_clitics(&text[s..end], &mut tails)
        } else {
            tails.clear();
            end
        };
        // Stage 5–6, kind and stop tag of the host.
        let host = &text[s..host_end];
        let analyzer = self.analyzer;
        let plain =
            !info.digit && !info.url_chars && host.chars().next().is_some_and(char::is_lowercase);
        let k = if plain {
            // Lowercase initial, no digit, `.` or `@`: `classify` could only say Word.
            TokenKind::Word
        } else {
            let mut heading = || self.heading();
            kind::classify(host, &mut heading, &|w| analyzer.is_stop(w))
        };
        let stop = k == TokenKind::Word && self.word_stop(host);
        self.push(s, host_end, k, stop);
        for &(ts, te) in &tails {
            let stop = self.word_stop(&text[s + ts..s + te]);
            self.push(s + ts, s + te, TokenKind::Word, stop);
        }
        self.tails = tails;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `surface/kind` for every token, `*` marking stop words.
    fn show(a: &Analyzer, text: &str) -> String {
        a.tokens(text)
            .map(|t| {
                let star = if t.stop { "*" } else { "" };
                format!("{}{star}/{}", &text[t.start..t.end], t.kind.as_str())
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks that the French analyser shows each text as its expected tokens (see [`show`]).
    fn assert_shows(cases: &[(&str, &str)]) {
        let a = Analyzer::french();
        for &(text, want) in cases {
            assert_eq!(show(&a, text), want, "{text}");
        }
    }

    /// A minus sign starts a number at the start of the text, after white space or `(`, not
    /// after anything else: where the scan starts (just after a word) included.
    #[test]
    fn a_minus_sign_starts_a_number_after_space_or_parenthesis_only() {
        assert_shows(&[
            ("-3 degrés", "-3/number degrés/word"),
            (
                "baisse de -0,8 (-5 %)",
                "baisse/word de*/word -0,8/number -5/number",
            ),
            (
                "(x)-3 mot.-3 «-3»",
                "x/word 3/number mot/word 3/number 3/number",
            ),
            ("a\t-4 puis −2", "a*/word -4/number puis*/word −2/number"),
        ]);
    }

    #[test]
    fn french_edge_cases() {
        assert_shows(&[
            ("L'État", "L'*/elision État/word"),
            (
                "l’élu d'aujourd'hui",
                "l’*/elision élu/word d'*/elision aujourd'hui/word",
            ),
            ("QU'EST-CE", "QU'*/elision EST*/word -CE*/word"),
            (
                "jusqu'alors lorsqu'on puisqu'il quoiqu'elle",
                "jusqu'*/elision alors*/word lorsqu'*/elision on*/word puisqu'*/elision il*/word quoiqu'*/elision elle*/word",
            ),
            ("si l'on veut", "si*/word l'on*/word veut*/word"),
            (
                "co-construction et savoir-être",
                "co-construction/word et*/word savoir-être/word",
            ),
            // The prefix `co` written apart is joined to its word, not to a stop word, a
            // number, a word in capitals, or across more than one space or a line.
            (
                "la co construction, Co construire le cadre",
                "la*/word co construction/word Co construire/word le*/word cadre/word",
            ),
            (
                "Co Construction ; co tres bien, co Paris\nCO CONSTRUCTION",
                "Co Construction/word co/word tres/word bien/word co/word Paris/word CO/acronym CONSTRUCTION/word",
            ),
            (
                "co et co 2 co Paris co  élaborer co\nconstruire co l'équipe",
                "co/word et*/word co/word 2/number co/word Paris/word co/word élaborer/word co/word construire/word co/word l'*/elision équipe/word",
            ),
            (
                "vis-à-vis, peut-être, porte-parole",
                "vis-à-vis/word peut-être*/word porte-parole/word",
            ),
            ("Police-Population", "Police-Population/word"),
            // A non-breaking hyphen (U+2011), as word processors put in, is a hyphen.
            (
                "ceux\u{2011}ci, sont\u{2011}elles",
                "ceux\u{2011}ci*/word sont*/word \u{2011}elles*/word",
            ),
            ("a-t-il", "a*/word -t-il*/word"),
            ("Recrute-t-on ?", "Recrute/word -t-on*/word"),
            (
                "pouvez-vous, prend-elle",
                "pouvez*/word -vous*/word prend/word -elle*/word",
            ),
            ("Connais-toi", "Connais/word -toi*/word"),
            (
                "les élu·e·s et tou·te·s",
                "les*/word élu·e·s/word et*/word tou·te·s*/word",
            ),
            (
                "sont-elles auprès des élus ou contre",
                "sont*/word -elles*/word auprès*/word des*/word élus/word ou*/word contre*/word",
            ),
            (
                "CNFPT DGS DGA REX FPH N-1",
                "CNFPT/acronym DGS/acronym DGA/acronym REX/acronym FPH/acronym N-1/acronym",
            ),
            (
                "CD93 SXC6J.007 SXIN3.067",
                "CD93/code SXC6J.007/code SXIN3.067/code",
            ),
            (
                "3 1,5 1.2 1ère 27e 27ème",
                "3/number 1,5/number 1.2/number 1ère/number 27e/number 27ème/number",
            ),
            ("80 000 personnes", "80 000/number personnes/word"),
            (
                "le 14/09/2020 ou 2020-09-14",
                "le*/word 14/09/2020/date ou*/word 2020-09-14/date",
            ),
            ("à 14h30 puis 9h", "à*/word 14h30/time puis*/word 9h/time"),
            (
                "voir https://www.cnfpt.fr/a?b=1.",
                "voir/word https://www.cnfpt.fr/a?b=1/url",
            ),
            (
                "www.cnfpt.fr et betagouv.fr",
                "www.cnfpt.fr/url et*/word betagouv.fr/url",
            ),
            (
                "(sandrine.heinen@cnfpt.fr)",
                "sandrine.heinen@cnfpt.fr/email",
            ),
            (
                "CHANGEMENT DE PARADIGME",
                "CHANGEMENT/word DE*/word PARADIGME/word",
            ),
            ("CONFIANCE", "CONFIANCE/word"),
            ("FORCES", "FORCES/word"),
            ("- SOUTIEN DIRECTION", "SOUTIEN/word DIRECTION/word"),
            (
                "INTELLIGENCE ET RESPONSABILITE COLLECTIVE",
                "INTELLIGENCE/word ET*/word RESPONSABILITE/word COLLECTIVE/word",
            ),
            (
                "COMMENT AMENER L'ÉLU, L'ÉLUE A PARTAGER SA SOUVERAINETE",
                "COMMENT*/word AMENER/word L'*/elision ÉLU/word L'*/elision ÉLUE/word A*/word PARTAGER/word SA*/word SOUVERAINETE/word",
            ),
            (
                "le maïs mais euh ben voilà",
                "le*/word maïs/word mais*/word euh*/word ben*/word voilà*/word",
            ),
            (
                "M. Dupont, av. J.-C.",
                "M.*/word Dupont/word av./word J.-C./acronym",
            ),
            (
                "les agent(s) élu(e)s",
                "les*/word agent(s)/word élu(e)s/word",
            ),
            (
                "ce moment-là, celui-ci",
                "ce*/word moment/word -là*/word celui-ci*/word",
            ),
            ("Rendez-vous n°3", "Rendez-vous/word n°*/word 3/number"),
            ("Objectifs:partager", "Objectifs/word partager/word"),
            (
                "e-mail : jean_dupont@mairie-paris.fr",
                "e-mail/word jean_dupont@mairie-paris.fr/email",
            ),
            ("Y a-t-il 50% ?", "Y*/word a*/word -t-il*/word 50/number"),
        ]);
    }

    #[test]
    fn boundaries() {
        let a = Analyzer::french();
        let text = "Objectifs : partager (vite) — ensemble. Puis\n- suite; fin… Oui? M. X";
        let got: Vec<(&str, Boundary)> = a
            .tokens(text)
            .map(|t| (&text[t.start..t.end], t.boundary))
            .collect();
        use Boundary::*;
        assert_eq!(
            got,
            [
                ("Objectifs", Sentence),
                ("partager", Soft),
                ("vite", Soft),
                ("ensemble", Soft),
                ("Puis", Sentence),
                ("suite", Sentence),
                ("fin", Soft),
                ("Oui", Sentence),
                ("M.", Sentence),
                ("X", None),
            ]
        );
    }

    #[test]
    fn a_restarted_stream_gives_the_tokens_of_a_new_one() {
        let a = Analyzer::french();
        let texts = [
            "L'État - a-t-il (vraiment) CONFIANCE ?",
            "co-construction et savoir-être",
            "",
            "voir https://www.cnfpt.fr/a?b=1. Puis\n- suite; fin…",
        ];
        let mut stream = a.tokens("Un premier texte, lu à moitié : reste");
        stream.next();
        for text in texts {
            stream.restart(text);
            let again: Vec<Token> = (&mut stream).collect();
            let fresh: Vec<Token> = a.tokens(text).collect();
            assert_eq!(again, fresh, "{text}");
        }
        // Scratch handed from a half-read stream to a new one.
        let mut stream = a.tokens("a-t-il L'État");
        stream.next();
        for text in texts {
            let mut other = a.tokens_with(text, stream.into_scratch());
            let again: Vec<Token> = (&mut other).collect();
            let fresh: Vec<Token> = a.tokens(text).collect();
            assert_eq!(again, fresh, "{text}");
            stream = a.tokens_with("qu'est-ce", other.into_scratch());
            stream.next();
        }
    }

    #[test]
    fn builder_extends_stop_list() {
        let a = Analyzer::builder()
            .fillers(false)
            .extra_stopwords(["Atelier", " séance "])
            .build();
        assert!(a.is_stop("atelier") && a.is_stop("séance") && a.is_stop("de"));
        assert!(!a.is_stop("euh"));
        assert!(Analyzer::french().is_stop("euh"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stop.txt");
        std::fs::write(&path, "# liste\ncollectivité | commentaire\n").unwrap();
        let a = Analyzer::builder().stopwords_file(&path).unwrap().build();
        assert!(a.is_stop("collectivité"));
        let toks: Vec<bool> = a.tokens("Une collectivité").map(|t| t.stop).collect();
        assert_eq!(toks, [true, true]);
    }

    /// `tokenize` stems a word as the counting pass does: accents restored in capitals, usual
    /// spelling for a word written without its accents.
    #[test]
    fn analyze_restores_accents_in_capitals() {
        let a = Analyzer::french();
        let out = a.analyze("SOUVERAINETE partagée, souveraineté des ÉLUS, A");
        let stem_of = |w: &str| {
            let x = out.iter().find(|x| x.lower == w).unwrap();
            x.stem.as_str()
        };
        assert_eq!(stem_of("souverainete"), stem_of("souveraineté"));
        assert_eq!(stem_of("élus"), "élu");
        assert_eq!(stem_of("a"), "a", "one letter is no word in capitals");
        // A line all in capitals is read as capitals, single letters included.
        let out = a.analyze("DROIT A L'ERREUR\nil a droit à l'erreur");
        assert_eq!(out[1].stem, "à");
        assert_eq!(out[5].stem, "a");
        // Written without its usual accents, as counted: `impots` is `impôts`, `tres` `très`.
        let out = a.analyze("les impots, les impôts, tres bien");
        assert_eq!(out[1].stem, out[3].stem);
        assert_eq!(out[1].lower, "impots");
        assert!(out[4].token.stop, "tres is très, a stop word");
        assert!(is_capitals("CNFPT") && is_capitals("L'ÉTAT") && !is_capitals("A"));
        assert!(!is_capitals("Élus"));
    }

    #[test]
    fn analyze_gives_lower_and_stem() {
        let a = Analyzer::french();
        let out = a.analyze("Les Collectivités territoriales");
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|x| (x.lower.as_str(), x.stem.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("les", "le"),
                ("collectivités", "collectivité"),
                ("territoriales", "territorial")
            ]
        );
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Analyzer>();
    }

    /// Inclusive writing with a full stop, hyphens or brackets stems as the masculine form, as
    /// with the middle dot (`élu.e`, `élu(e)`, `élu-e-s` with `élus`), and is a stop word when
    /// that form is one (`le(s)`, `Quelle.s`); what only looks like it keeps its own stem.
    #[test]
    fn inclusive_writing_with_other_marks_stems_as_the_masculine() {
        let a = Analyzer::french();
        let text = "L'élu.e est-il prêt.e ? Comment amener l' élu(e) à partager. Les élu-e-s, \
                    élu·e·s, le(s) élu(s), (élus), Quelle.s déclinaison.s, acteur(rice)s \
                    fin.et rapport.pdf peut-être co-construction vice-président";
        let out = a.analyze(text);
        let get = |w: &str| {
            let x = out
                .iter()
                .find(|x| x.lower == w)
                .unwrap_or_else(|| panic!("{w}"));
            (x.stem.as_str(), x.token.stop)
        };
        let elus = get("élus").0;
        assert_eq!(elus, "élu");
        for w in ["élu.e", "élu(e)", "élu-e-s", "élu·e·s", "élu(s)"] {
            assert_eq!(get(w), (elus, false), "{w}");
        }
        assert_eq!(get("prêt.e").0, a.analyze("prêt")[0].stem);
        assert_eq!(get("déclinaison.s").0, a.analyze("déclinaisons")[0].stem);
        assert_eq!(get("acteur(rice)s").0, a.analyze("acteurs")[0].stem);
        assert!(get("le(s)").1 && get("quelle.s").1, "stop words");
        for (w, own) in [
            ("fin.et", "fin.et"),
            ("rapport.pdf", "rapport.pdf"),
            ("peut-être", "peut-êtr"),
            ("vice-président", "vice-président"),
        ] {
            assert_eq!(get(w).0, own, "{w}");
        }
        assert_eq!(
            get("co-construction").0,
            a.analyze("coconstruction")[0].stem
        );
    }

    /// A compound written with its prefix apart is the same word as written with a hyphen.
    #[test]
    fn a_detached_prefix_stems_as_the_hyphenated_word() {
        let a = Analyzer::french();
        let stems = |text: &str| -> Vec<(String, String)> {
            a.analyze(text)
                .into_iter()
                .map(|x| (x.lower, x.stem))
                .collect()
        };
        let apart = stems("co constructions, Co construire");
        assert_eq!(apart, stems("co-constructions, co-construire"));
        assert_eq!(apart[0].0, "co-constructions");
        assert_ne!(apart[0].1, apart[1].1);
    }
}
