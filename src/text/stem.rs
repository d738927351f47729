//! Stage 7 — stemming with a per-thread cache.
//!
//! Preconditions: the input is a token surface (any string works); it is normalised with
//! [`normalize`](fn@super::normalize) before stemming, so `Élus` and `élus` share a
//! stem.
//!
//! The stemmer is Snowball French (rust-stemmers, `Algorithm::French`), the reference
//! algorithm for French information retrieval; it is conservative with accents (kept) and
//! removes plural and common derivational suffixes (`collectivités` → `collect`).
//! Stemming is the costliest step, and word frequencies in French are Zipfian, so a cache keyed
//! by the normalised form turns almost every call into one hash look-up without allocation.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::normalize::{is_normalized, normalize};

/// A per-thread memo of normalised form → Snowball French stem.
///
/// Not shared between threads on purpose (no locking on the hot path): give each worker its
/// own cache. It grows with the vocabulary (one entry per distinct normalised form); call
/// [`StemCache::clear`] to bound memory on very long runs.
pub struct StemCache {
    stemmer: Stemmer,
    /// Normalised form → index into `entries` (an index, not a reference, so that a hit is
    /// one look-up and the borrow checker accepts returning into `entries`).
    map: FxHashMap<Box<str>, u32>,
    /// (normalised form, stem), in insertion order.
    entries: Vec<(Box<str>, Box<str>)>,
    buf: String,
}

impl Default for StemCache {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StemCache")
            .field("entries", &self.map.len())
            .finish()
    }
}

impl StemCache {
    /// An empty cache with a Snowball French stemmer.
    pub fn new() -> Self {
        StemCache {
            stemmer: Stemmer::create(Algorithm::French),
            map: FxHashMap::default(),
            entries: Vec::new(),
            buf: String::new(),
        }
    }

    /// The Snowball French stem of the normalised (lowercase, `'` apostrophe) form of
    /// `surface`. A cache hit does not allocate.
    pub fn stem(&mut self, surface: &str) -> &str {
        self.lower_and_stem(surface).1
    }

    /// The normalised lowercase form of `surface` and its stem, both borrowed from the cache.
    pub fn lower_and_stem(&mut self, surface: &str) -> (&str, &str) {
        let key: &str = if is_normalized(surface) {
            surface
        } else {
            normalize(surface, &mut self.buf);
            &self.buf
        };
        let i = match self.map.get(key) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.entries.len()).expect("fewer than 2^32 forms");
                let stem: Box<str> = self.stemmer.stem(key).into();
                self.entries.push((key.into(), stem));
                self.map.insert(key.into(), i);
                i
            }
        };
        let (k, v) = &self.entries[i as usize];
        (k, v)
    }

    /// Number of cached forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Forgets every cached stem (keeps the allocation).
    pub fn clear(&mut self) {
        self.map.clear();
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_normalised_forms_and_caches() {
        let mut cache = StemCache::new();
        assert_eq!(cache.stem("collectivités"), "collect");
        assert_eq!(cache.stem("COLLECTIVITÉS"), "collect");
        assert_eq!(cache.len(), 1, "both surfaces share one normalised entry");
        assert_eq!(cache.lower_and_stem("Élus"), ("élus", "élus"));
        let a = cache.stem("aujourd’hui").to_owned();
        assert_eq!(cache.stem("aujourd'hui"), a);
        assert_eq!(cache.len(), 3);
        cache.clear();
        assert!(cache.is_empty());
    }
}
