//! A map from word surfaces to ids, for the hot loops that look up every token.
//!
//! A `HashMap<Box<str>, u32>` follows a pointer to compare each candidate key (a likely cache
//! miss per token) and calls `memcmp`. Nearly every French word is at most 15 bytes long: such a
//! surface is packed, bytes and length, into one `u128` key, compared and hashed as an integer
//! with nothing to follow. Longer surfaces go to an ordinary string map.

use rustc_hash::FxHashMap;

/// Surfaces (any string) → `u32` ids, fast for short strings. See the module doc.
#[derive(Debug, Default, Clone)]
pub struct WordMap {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
}

/// The bytes of a string of at most 15 bytes and its length, as one integer (an injective
/// packing: the length byte tells `a` from `a\0`).
fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

impl WordMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of a surface.
    #[inline]
    pub fn get(&self, surface: &str) -> Option<u32> {
        match pack(surface) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(surface).copied(),
        }
    }

    /// Sets the id of a surface (replacing any previous one).
    pub fn insert(&mut self, surface: &str, id: u32) {
        match pack(surface) {
            Some(k) => self.short.insert(k, id),
            None => self.long.insert(surface.into(), id),
        };
    }

    /// Number of surfaces.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_surfaces_map_to_their_ids() {
        let mut m = WordMap::new();
        let words = [
            "",
            "a",
            "a\0",
            "élu",
            "collectivités",
            "123456789012345",
            "1234567890123456",
            "intercommunalités",
            "anticonstitutionnellement",
        ];
        for (i, w) in words.iter().enumerate() {
            assert_eq!(m.get(w), None);
            m.insert(w, i as u32);
        }
        assert_eq!(m.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(m.get(w), Some(i as u32), "{w:?}");
        }
        assert_eq!(m.get("b"), None);
        assert_eq!(m.get("12345678901234"), None);
        assert_eq!(m.get("intercommunalité"), None);
        m.insert("élu", 99);
        assert_eq!(m.get("élu"), Some(99));
        assert_eq!(m.len(), words.len());
    }
}
