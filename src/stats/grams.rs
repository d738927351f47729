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
//!
//! When the counting pass writes its log, it counts grams in two steps instead, to spare those
//! tables: a [`GramFilter`] of a few megabytes tells which grams may occur more than once, and
//! [`super::recount`] then counts exactly only those (see there).

use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;

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

/// Hash of a gram for [`GramFilter`], from the hashes of its stems' texts ([`stem_hash`]): the
/// same in every worker, whatever ids the worker gave the stems.
#[inline]
pub(crate) fn gram_hash(stems: impl Iterator<Item = u64>) -> u64 {
    stems.fold(0x9e37_79b9_7f4a_7c15, |h, s| mix(h ^ s))
}

/// Hash of a stem's text, for [`gram_hash`].
pub(crate) fn stem_hash(stem: &str) -> u64 {
    use std::hash::BuildHasher;
    mix(rustc_hash::FxBuildHasher.hash_one(stem))
}

/// One cache line of a [`GramFilter`]: 256 "seen" bits, then the 256 "seen again" bits of the
/// same positions.
#[repr(C, align(64))]
struct FilterLine([AtomicU64; 8]);

/// Which grams may occur more than once, told apart from those that occur once, in little
/// memory: the first step of counting grams in two (see [`super::TermStats::collect_logged`]).
///
/// Each gram hash picks a cache line and two of its 256 positions; each position remembers
/// whether it was counted once, and twice or more. A gram counted twice has both positions
/// "twice", so [`GramFilter::maybe_repeated`] never misses one; a gram counted once passes
/// only when other grams filled both its positions (a few per cent of them, at the size
/// [`GramFilter::for_text`] gives), and is then counted exactly, once, by the second step.
///
/// Shared by all workers: the bits are set with atomic `or`s, and what they end up holding
/// depends only on how many times each position was counted, not on which thread counted it
/// or when.
pub(crate) struct GramFilter {
    lines: Vec<FilterLine>,
}

impl GramFilter {
    /// A filter of `lines` cache lines (rounded up to a power of two, at least one).
    pub(crate) fn with_lines(lines: usize) -> Self {
        let n = lines.max(1).next_power_of_two();
        GramFilter {
            lines: (0..n)
                .map(|_| FilterLine(std::array::from_fn(|_| AtomicU64::new(0))))
                .collect(),
        }
    }

    /// A filter sized for `bytes` of text: a position for every four bytes, at most 64 MB (4 MB
    /// for the 42 MB of the Grand Débat answers, where it lets 4.2 % of the grams seen once
    /// through).
    pub(crate) fn for_text(bytes: u64) -> Self {
        let lines = (bytes / (4 * 256)).clamp(64, 1 << 20);
        Self::with_lines(lines as usize)
    }

    #[inline]
    fn place(&self, h: u64) -> (&FilterLine, [u32; 2]) {
        let line = &self.lines[h as usize & (self.lines.len() - 1)];
        (line, [(h >> 40) as u32 & 255, (h >> 48) as u32 & 255])
    }

    /// Asks the processor to fetch the line of a gram hash (a hint: no effect on results).
    #[inline]
    pub(crate) fn prefetch(&self, h: u64) {
        prefetch_line(self.place(h).0 as *const FilterLine);
    }

    /// Counts one occurrence of the gram of hash `h`.
    #[inline]
    pub(crate) fn add(&self, h: u64) {
        let (line, positions) = self.place(h);
        for p in positions {
            let (word, bit) = ((p >> 6) as usize, 1u64 << (p & 63));
            if line.0[4 + word].load(Relaxed) & bit != 0 {
                continue;
            }
            if line.0[word].fetch_or(bit, Relaxed) & bit != 0 {
                line.0[4 + word].fetch_or(bit, Relaxed);
            }
        }
    }

    /// Whether the gram of hash `h` may have been counted more than once: always when it was.
    #[inline]
    pub(crate) fn maybe_repeated(&self, h: u64) -> bool {
        let (line, positions) = self.place(h);
        positions
            .iter()
            .all(|&p| line.0[4 + (p >> 6) as usize].load(Relaxed) & (1u64 << (p & 63)) != 0)
    }
}

/// Asks the processor to fetch the cache line at `p` (a hint: no effect on results).
#[inline]
fn prefetch_line<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint: it reads nothing architecturally and never faults.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = p;
    }
}

/// Slots (or filter lines) are fetched this many items ahead of their count, so that the cache
/// misses overlap.
const AHEAD: usize = 16;

/// Calls `f` on `state` and each item in order, having asked `prefetch` to fetch what the item
/// [`AHEAD`] further will touch.
#[inline]
pub(crate) fn with_prefetch<S: ?Sized, T: Copy>(
    state: &mut S,
    items: &[T],
    prefetch: impl Fn(&S, T),
    mut f: impl FnMut(&mut S, T),
) {
    for &item in items.iter().take(AHEAD) {
        prefetch(state, item);
    }
    for (i, &item) in items.iter().enumerate() {
        if let Some(&ahead) = items.get(i + AHEAD) {
            prefetch(state, ahead);
        }
        f(state, item);
    }
}

/// One document's grams, gathered so that each distinct gram is counted once, with its number
/// of occurrences and one document (see the module doc).
#[derive(Default)]
pub(crate) struct DocGrams {
    packed: Vec<u64>,
    runs: Vec<(u64, u32)>,
    wide: Vec<GramKey>,
}

impl DocGrams {
    /// Adds an occurrence.
    #[inline]
    pub(crate) fn push(&mut self, key: GramKey) {
        match pack(&key) {
            Some(k) => self.packed.push(k),
            None => self.wide.push(key),
        }
    }

    /// Counts the document's grams into `tables` (a gram into the table `table_of` its first
    /// stem id) and forgets them.
    pub(crate) fn count_into(&mut self, tables: &mut [GramTable], table_of: impl Fn(u32) -> usize) {
        self.packed.sort_unstable();
        self.runs.clear();
        for &k in &self.packed {
            match self.runs.last_mut() {
                Some((last, n)) if *last == k => *n += 1,
                _ => self.runs.push((k, 1)),
            }
        }
        self.packed.clear();
        with_prefetch(
            tables,
            &self.runs,
            |t, (k, _)| t[table_of(first_of(k))].prefetch(k),
            |t, (k, n)| t[table_of(first_of(k))].add_packed(k, n, 1),
        );
        if !self.wide.is_empty() {
            self.wide.sort_unstable();
            for run in self.wide.chunk_by(|a, b| a == b) {
                tables[table_of(run[0][0])].add(&run[0], run.len() as u32, 1);
            }
            self.wide.clear();
        }
    }
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
        prefetch_line(&self.slots[self.home(key)] as *const Slot);
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

    /// Gram hashes of `n` distinct grams of two to four random stems, with how many times each
    /// occurs: one time in `once_in`, else 2 to 4.
    fn grams(n: usize, once_in: u64, mut x: u64) -> Vec<(u64, u32)> {
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 16
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        while out.len() < n {
            let len = 2 + next() as usize % 3;
            let stems: Vec<u64> = (0..len)
                .map(|_| stem_hash(&(next() % 50_000).to_string()))
                .collect();
            let h = gram_hash(stems.iter().copied());
            if seen.insert(h) {
                let times = if next() % once_in != 0 {
                    1
                } else {
                    2 + next() as u32 % 3
                };
                out.push((h, times));
            }
        }
        out
    }

    /// The filter never misses a gram counted twice or more, even full (every position shared
    /// by many grams), and ends with the same bits whatever the threads that counted and in
    /// whatever order.
    #[test]
    fn the_filter_never_misses_a_repeated_gram() {
        let grams = grams(20_000, 3, 7);
        let occurrences: Vec<u64> = grams
            .iter()
            .flat_map(|&(h, n)| std::iter::repeat_n(h, n as usize))
            .collect();
        let bits = |f: &GramFilter| -> Vec<u64> {
            f.lines
                .iter()
                .flat_map(|l| l.0.iter().map(|w| w.load(Relaxed)))
                .collect()
        };
        for lines in [1, 16, 1024] {
            let one = GramFilter::with_lines(lines);
            for &h in &occurrences {
                one.add(h);
            }
            let two = GramFilter::with_lines(lines);
            std::thread::scope(|s| {
                // The second thread counts its half backwards.
                let (a, b) = occurrences.split_at(occurrences.len() / 2);
                let two = &two;
                s.spawn(move || a.iter().for_each(|&h| two.add(h)));
                s.spawn(move || b.iter().rev().for_each(|&h| two.add(h)));
            });
            assert_eq!(bits(&one), bits(&two), "{lines} lines");
            for &(h, n) in &grams {
                assert!(n == 1 || one.maybe_repeated(h), "{lines} lines: missed");
            }
        }
    }

    /// Sized as [`GramFilter::for_text`] sizes it, with as many distinct grams per byte as the
    /// Grand Débat answers have (1.8 million for 42 MB), 85 % of them seen once, the filter
    /// lets few of those through (4.2 % on the Grand Débat answers themselves).
    #[test]
    fn sized_for_its_text_the_filter_lets_few_single_grams_through() {
        let bytes = 4_200_000;
        let filter = GramFilter::for_text(bytes);
        let grams = grams(180_000, 7, 11);
        for &(h, n) in &grams {
            for _ in 0..n {
                filter.add(h);
            }
        }
        let once: Vec<u64> = grams.iter().filter(|g| g.1 == 1).map(|g| g.0).collect();
        assert!(once.len() > 140_000, "{}", once.len());
        let through = once.iter().filter(|&&h| filter.maybe_repeated(h)).count();
        assert!(
            through * 100 < once.len() * 8,
            "{through} of {}",
            once.len()
        );
    }
}
