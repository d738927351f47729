//! Counting candidate expressions (grams) of one accumulator.
//!
//! A large corpus holds millions of distinct grams (1.8 million on the Grand Débat answers, 85 %
//! of them seen once), so the table does not fit in cache and nearly every count is a cache miss
//! (and a TLB miss). The table is built for that:
//!
//! - a gram whose four slots are stem ids below `0xFFFF` (nearly all: a worker rarely sees 65 535
//!   stems) is packed into one `u64`; with its count and its number of documents, a slot is 16
//!   bytes, four to a cache line, in one open-addressing array (linear probing): one miss per
//!   count, where a `HashMap` touches its control bytes and then its bucket;
//! - a document's grams are gathered, sorted and counted first (which also counts documents
//!   without remembering the last document of each gram), then the slots of all of them are
//!   prefetched before they are counted, so the misses overlap instead of queueing.
//!
//! Grams with a larger id go to an ordinary hash map.

use rustc_hash::FxHashMap;

use super::MAX_GRAM;

/// A gram key: stem ids, unused slots `u32::MAX`.
pub(crate) type GramKey = [u32; MAX_GRAM];

/// Counts of one gram.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct GramCount {
    /// Occurrences.
    pub count: u32,
    /// Documents.
    pub documents: u32,
}

#[derive(Clone, Copy)]
#[repr(C, align(16))]
struct Slot {
    key: u64,
    count: u32,
    documents: u32,
}

/// Key of an empty slot: four unused ids (a gram has at least two).
const EMPTY: u64 = u64::MAX;

const EMPTY_SLOT: Slot = Slot {
    key: EMPTY,
    count: 0,
    documents: 0,
};

/// Largest stem id a packed key holds; `0xFFFF` marks an unused slot.
const PACKED_MAX: u32 = 0xFFFE;

/// The packed form of a gram key, if every id fits in 16 bits.
#[inline]
pub(crate) fn pack(key: &GramKey) -> Option<u64> {
    let mut k = 0u64;
    for (i, &id) in key.iter().enumerate() {
        let v = if id == u32::MAX {
            0xFFFF
        } else if id <= PACKED_MAX {
            id
        } else {
            return None;
        };
        k |= u64::from(v) << (16 * i);
    }
    Some(k)
}

/// The first stem id of a packed key.
#[inline]
pub(crate) fn first_of(key: u64) -> u32 {
    (key & 0xFFFF) as u32
}

fn unpack(key: u64) -> GramKey {
    let mut out = [u32::MAX; MAX_GRAM];
    for (i, slot) in out.iter_mut().enumerate() {
        let v = ((key >> (16 * i)) & 0xFFFF) as u32;
        if v != 0xFFFF {
            *slot = v;
        }
    }
    out
}

#[inline]
fn mix(mut k: u64) -> u64 {
    // MurmurHash3's finaliser: every key bit reaches every hash bit.
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// Gram counts. See the module doc.
#[derive(Default)]
pub(crate) struct GramTable {
    /// Power-of-two length (or empty), at most 5/8 full.
    slots: Vec<Slot>,
    len: usize,
    /// Grams with a stem id above [`PACKED_MAX`].
    wide: FxHashMap<GramKey, GramCount>,
}

impl GramTable {
    /// Number of distinct grams.
    pub(crate) fn len(&self) -> usize {
        self.len + self.wide.len()
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        mix(key) as usize & (self.slots.len() - 1)
    }

    /// Asks the processor to fetch the slot of a packed key (a hint: no effect on results).
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        if self.slots.is_empty() {
            return;
        }
        let slot = &self.slots[self.home(key)];
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: a prefetch is a hint: it reads nothing architecturally and never faults,
            // and the pointer is to a live slot anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((slot as *const Slot).cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            std::hint::black_box(slot.key);
        }
    }

    /// Adds counts to a packed key.
    #[inline]
    pub(crate) fn add_packed(&mut self, key: u64, count: u32, documents: u32) {
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            if s.key == key {
                s.count += count;
                s.documents += documents;
                return;
            }
            if s.key == EMPTY {
                *s = Slot {
                    key,
                    count,
                    documents,
                };
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds counts to a key.
    pub(crate) fn add(&mut self, key: &GramKey, count: u32, documents: u32) {
        match pack(key) {
            Some(k) => self.add_packed(k, count, documents),
            None => {
                let g = self.wide.entry(*key).or_default();
                g.count += count;
                g.documents += documents;
            }
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY_SLOT; cap]);
        let mask = cap - 1;
        for s in old.into_iter().filter(|s| s.key != EMPTY) {
            let mut i = self.home(s.key);
            while self.slots[i].key != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// Makes room for `additional` more grams.
    pub(crate) fn reserve(&mut self, additional: usize) {
        while (self.len + additional) * 8 > self.slots.len() * 5 {
            self.grow();
        }
    }

    /// Every gram and its counts, in no particular order.
    pub(crate) fn into_grams(self) -> impl Iterator<Item = (GramKey, GramCount)> {
        self.slots
            .into_iter()
            .filter(|s| s.key != EMPTY)
            .map(|s| {
                (
                    unpack(s.key),
                    GramCount {
                        count: s.count,
                        documents: s.documents,
                    },
                )
            })
            .chain(self.wide)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_and_wide_keys_count_like_a_map() {
        let mut t = GramTable::default();
        let mut want: std::collections::BTreeMap<GramKey, GramCount> = Default::default();
        let mut x = 12345u64;
        for n in 0..20_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = (x >> 40) as u32 % 300;
            let b = (x >> 20) as u32 % 300;
            let wide = if n % 97 == 0 { 70_000 + a } else { a };
            let key = match n % 3 {
                0 => [wide, b, u32::MAX, u32::MAX],
                1 => [a, 0, b, u32::MAX],
                _ => [0, a, PACKED_MAX, b],
            };
            let docs = n % 2;
            t.add(&key, 1 + n % 3, docs);
            let g = want.entry(key).or_default();
            g.count += 1 + n % 3;
            g.documents += docs;
        }
        assert_eq!(t.len(), want.len());
        let mut got: Vec<(GramKey, GramCount)> = t.into_grams().collect();
        got.sort();
        assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        assert_eq!(
            pack(&[1, 2, u32::MAX, u32::MAX]).map(unpack),
            Some([1, 2, u32::MAX, u32::MAX])
        );
        assert_eq!(pack(&[PACKED_MAX + 1, 2, u32::MAX, u32::MAX]), None);
    }
}
