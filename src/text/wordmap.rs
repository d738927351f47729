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
/// packing: the length byte tells `a` from `a\0`). Built from a few overlapping loads rather
/// than a variable-length copy (a call to `memcpy` per look-up).
#[inline]
fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    let n = b.len();
    if n > 15 {
        return None;
    }
    let (lo, hi) = if n >= 8 {
        let lo = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
        (lo, load_short(&b[8..]))
    } else {
        (load_short(b), 0)
    };
    Some(u128::from(lo) | (u128::from(hi | (n as u64) << 56) << 64))
}

/// The bytes of a slice of at most 7 bytes, little-endian, zero above. Two overlapping loads
/// of the same bytes: where they overlap, both hold the same bits.
#[inline]
fn load_short(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let first = u32::from_le_bytes(b[..4].try_into().expect("4 bytes"));
        let last = u32::from_le_bytes(b[n - 4..].try_into().expect("4 bytes"));
        u64::from(first) | u64::from(last) << ((n - 4) * 8)
    } else if n >= 2 {
        let first = u16::from_le_bytes(b[..2].try_into().expect("2 bytes"));
        let last = u16::from_le_bytes(b[n - 2..].try_into().expect("2 bytes"));
        u64::from(first) | u64::from(last) << ((n - 2) * 8)
    } else if n == 1 {
        u64::from(b[0])
    } else {
        0
    }
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

    /// The packing is the bytes, zero-padded, with the length in the last byte.
    #[test]
    fn pack_is_bytes_then_length() {
        let s = "abcdefghijklmnopq";
        for n in 0..=s.len() {
            let want = (n <= 15).then(|| {
                let mut buf = [0u8; 16];
                buf[..n].copy_from_slice(&s.as_bytes()[..n]);
                buf[15] = n as u8;
                u128::from_le_bytes(buf)
            });
            assert_eq!(pack(&s[..n]), want, "{n}");
        }
    }

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
