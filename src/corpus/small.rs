//! [`SmallList`]: a read-only list that holds a single item without a heap allocation.
//!
//! A corpus of short answers (one JSON Lines line each) has one section per document and one
//! block per section: a `Vec` for each would cost an allocation (and its header) per document
//! for a single small item. Sections and blocks are stored in this list instead; it reads as a
//! slice. Several items go to a [`ThinVec`] (one pointer, its length on the heap), so that the
//! list of a 12-byte block takes 16 bytes, not the 24 a boxed slice would make it.

use std::fmt;
use std::ops::Deref;

use thin_vec::ThinVec;

/// A list stored inline when it has exactly one item, as a [`ThinVec`] otherwise. Dereferences
/// to a slice (`len`, `iter`, indexing); built from a `Vec` or an iterator.
#[derive(Clone, PartialEq, Eq)]
pub struct SmallList<T>(Repr<T>);

#[derive(Clone, PartialEq, Eq)]
enum Repr<T> {
    One(T),
    Many(ThinVec<T>),
}

impl<T> SmallList<T> {
    /// The items, as a slice.
    pub fn as_slice(&self) -> &[T] {
        match &self.0 {
            Repr::One(t) => std::slice::from_ref(t),
            Repr::Many(b) => b,
        }
    }
}

impl<T> Default for SmallList<T> {
    fn default() -> Self {
        SmallList(Repr::Many(ThinVec::new()))
    }
}

impl<T> Deref for SmallList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> From<Vec<T>> for SmallList<T> {
    fn from(mut v: Vec<T>) -> Self {
        match v.len() {
            1 => SmallList(Repr::One(v.pop().expect("one item"))),
            _ => SmallList(Repr::Many(ThinVec::from(v))),
        }
    }
}

impl<T> FromIterator<T> for SmallList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return SmallList::default();
        };
        let Some(second) = iter.next() else {
            return SmallList(Repr::One(first));
        };
        let mut v = ThinVec::with_capacity(2 + iter.size_hint().0);
        v.push(first);
        v.push(second);
        v.extend(iter);
        v.shrink_to_fit();
        SmallList(Repr::Many(v))
    }
}

impl<'a, T> IntoIterator for &'a SmallList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for SmallList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: serde::Serialize> serde::Serialize for SmallList<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_the_vec_it_was_built_from() {
        for n in 0..4u32 {
            let v: Vec<u32> = (0..n).collect();
            let l = SmallList::from(v.clone());
            assert_eq!(&*l, v.as_slice());
            let m: SmallList<u32> = v.iter().copied().collect();
            assert_eq!(l, m);
            assert_eq!((&l).into_iter().count(), n as usize);
            assert_eq!(format!("{l:?}"), format!("{v:?}"));
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
        }
    }

    #[test]
    fn one_item_is_inline() {
        assert!(matches!(SmallList::from(vec![7u32]).0, Repr::One(7)));
        assert!(std::mem::size_of::<SmallList<u32>>() <= std::mem::size_of::<Vec<u32>>());
        // A 12-byte item (a block) and its tag: 16 bytes.
        assert_eq!(std::mem::size_of::<SmallList<[u32; 3]>>(), 16);
    }
}
