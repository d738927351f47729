//! Byte spans into a document's text, 32 bits a side.
//!
//! Every line of every note becomes a [`Block`](super::Block) with a span: a 500 MB note has
//! twelve million of them, a corpus of short answers one per answer. Two `u32` instead of a
//! `Range<usize>` halve that record. A document's text is never longer than `u32::MAX` bytes:
//! longer ones are refused when read (see [`MAX_DOC_BYTES`]).

use std::ops::Range;

/// Longest document text, in bytes, whose spans fit in a [`Span`]. Readers refuse longer
/// documents (reason [`SkipReason::TooLarge`](super::SkipReason::TooLarge)); file size limits
/// keep far below it by default.
pub const MAX_DOC_BYTES: usize = u32::MAX as usize;

/// A byte range `start..end` in a document's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span of a byte range of a document no longer than [`MAX_DOC_BYTES`]. A bound beyond
    /// it is clamped (such a document is refused before its blocks are used).
    pub fn new(r: Range<usize>) -> Span {
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Span {
            start: clamp(r.start),
            end: clamp(r.end),
        }
    }

    /// As a range, to slice the text with: `&text[span.range()]`.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether it is empty.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_gives_back_its_range() {
        for r in [0..0, 3..17, 0..MAX_DOC_BYTES] {
            assert_eq!(Span::new(r.clone()).range(), r);
            assert_eq!(Span::new(r.clone()).len(), r.len());
            assert_eq!(Span::new(r.clone()).is_empty(), r.is_empty());
        }
        assert_eq!(std::mem::size_of::<Span>(), 8);
        assert_eq!(std::mem::size_of::<super::super::Block>(), 12);
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn bounds_beyond_32_bits_are_clamped() {
        let s = Span::new(5..MAX_DOC_BYTES + 10);
        assert_eq!(s.range(), 5..MAX_DOC_BYTES);
    }
}
