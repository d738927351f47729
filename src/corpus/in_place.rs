//! Two vectors filled in place by parallel workers, part by part.
//!
//! The corpus's documents and sections are built from the batches the readers give, one batch
//! per worker at a time; each batch's documents and sections are known in number beforehand, so
//! each worker writes them straight into their place in the final vectors: no per-batch vector
//! copied into the whole afterwards (800 MB of records at 1 GB of consultation answers), and no
//! second copy held while it is made.

use std::mem::MaybeUninit;

use rayon::prelude::*;

/// A part's run of places in a vector being filled: items are pushed in order, and the part must
/// fill every place (see [`fill_two`]).
pub(crate) struct Slots<'a, T> {
    places: &'a mut [MaybeUninit<T>],
    filled: usize,
}

impl<'a, T> Slots<'a, T> {
    /// `places` cut into consecutive runs of the given lengths, each a part's slots.
    fn runs(places: &'a mut [MaybeUninit<T>], lengths: impl Iterator<Item = usize>) -> Vec<Self> {
        runs(places, lengths)
            .into_iter()
            .map(|places| Slots { places, filled: 0 })
            .collect()
    }

    /// Writes the next item. Panics when the part's places are all taken (a miscount: a bug).
    #[inline]
    pub(crate) fn push(&mut self, item: T) {
        self.places[self.filled].write(item);
        self.filled += 1;
    }

    fn is_full(&self) -> bool {
        self.filled == self.places.len()
    }
}

/// Builds two vectors from `inputs` in parallel: part `i` gets `inputs[i]` and writes exactly
/// `sizes[i].0` items of the first vector and `sizes[i].1` of the second, in place, after those
/// of the parts before it. Returns both vectors and each part's result, in part order.
///
/// Panics if a part writes more or fewer items than its sizes say (a miscount is a bug of the
/// caller); what was written is then leaked, never read.
pub(crate) fn fill_two<I, A, B, R>(
    inputs: Vec<I>,
    sizes: &[(usize, usize)],
    fill: impl Fn(I, &mut Slots<'_, A>, &mut Slots<'_, B>) -> R + Sync,
) -> (Vec<A>, Vec<B>, Vec<R>)
where
    I: Send,
    A: Send,
    B: Send,
    R: Send,
{
    assert_eq!(inputs.len(), sizes.len(), "one size per part");
    let mut a = Box::<[A]>::new_uninit_slice(sizes.iter().map(|s| s.0).sum());
    let mut b = Box::<[B]>::new_uninit_slice(sizes.iter().map(|s| s.1).sum());
    let parts_a = Slots::runs(&mut a, sizes.iter().map(|s| s.0));
    let parts_b = Slots::runs(&mut b, sizes.iter().map(|s| s.1));
    let results: Vec<(R, bool)> = inputs
        .into_par_iter()
        .zip(parts_a)
        .zip(parts_b)
        .map(|((input, mut sa), mut sb)| {
            let r = fill(input, &mut sa, &mut sb);
            (r, sa.is_full() && sb.is_full())
        })
        .collect();
    assert!(
        results.iter().all(|(_, full)| *full),
        "a part wrote fewer items than its size"
    );
    // SAFETY: the parts' places tile both slices (`runs`), and every part filled all of its
    // places (checked just above): every item of both slices is initialised.
    let (a, b) = unsafe { (a.assume_init(), b.assume_init()) };
    let results = results.into_iter().map(|(r, _)| r).collect();
    (a.into_vec(), b.into_vec(), results)
}

/// `slice` cut into consecutive runs of the given lengths (which add up to its length), to be
/// handed to parallel workers.
pub(crate) fn runs<T>(mut slice: &mut [T], lengths: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    let mut out = Vec::new();
    for n in lengths {
        let (head, tail) = std::mem::take(&mut slice).split_at_mut(n);
        out.push(head);
        slice = tail;
    }
    debug_assert!(slice.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_fill_their_places_in_order() {
        let inputs: Vec<Vec<u32>> = vec![vec![1, 2, 3], vec![], vec![4], vec![5, 6]];
        let sizes: Vec<(usize, usize)> = inputs.iter().map(|v| (v.len(), 2 * v.len())).collect();
        let (a, b, r) = fill_two(inputs, &sizes, |v, sa, sb| {
            for &x in &v {
                sa.push(x.to_string());
                sb.push(x);
                sb.push(10 * x);
            }
            v.len()
        });
        assert_eq!(a, ["1", "2", "3", "4", "5", "6"]);
        assert_eq!(b, [1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]);
        assert_eq!(r, [3, 0, 1, 2]);
    }

    #[test]
    #[should_panic(expected = "fewer items")]
    fn a_part_that_writes_too_few_is_refused() {
        let _ = fill_two(
            vec![2, 1],
            &[(2, 0), (1, 0)],
            |n, sa, _: &mut Slots<'_, u8>| {
                for i in 0..n - 1 {
                    sa.push(i.to_string());
                }
            },
        );
    }

    #[test]
    #[should_panic]
    fn a_part_that_writes_too_many_is_refused() {
        let _ = fill_two(vec![2], &[(1, 0)], |n, sa, _: &mut Slots<'_, u8>| {
            for i in 0..n {
                sa.push(i.to_string());
            }
        });
    }
}
