//! A set of ids kept as runs of consecutive ids: the contacts an import
//! creates have consecutive ids, so a million of them take one entry.

use std::collections::BTreeMap;

/// A set of `i64` ids stored as disjoint, non-adjacent inclusive runs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct IdRanges {
    /// First id of each run → its last id.
    runs: BTreeMap<i64, i64>,
}

impl IdRanges {
    /// An empty set.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// True when `id` is in the set (by reference, like `HashSet::contains`).
    pub(crate) fn contains(&self, &id: &i64) -> bool {
        self.run_at_or_before(id)
            .is_some_and(|(_, last)| last >= id)
    }

    /// Adds `id`, joining it to the runs beside it.
    pub(crate) fn insert(&mut self, id: i64) {
        let before = self.run_at_or_before(id);
        if before.is_some_and(|(_, last)| last >= id) {
            return;
        }
        let after = id
            .checked_add(1)
            .and_then(|next| self.runs.get(&next).map(|&last| (next, last)));
        let joins_before = before.filter(|&(_, last)| last.checked_add(1) == Some(id));
        let last = match after {
            Some((next, last)) => {
                self.runs.remove(&next);
                last
            }
            None => id,
        };
        let first = joins_before.map_or(id, |(first, _)| first);
        self.runs.insert(first, last);
    }

    /// Removes every id.
    pub(crate) fn clear(&mut self) {
        self.runs.clear();
    }

    /// Runs in the set (for tests of its compactness).
    #[cfg(test)]
    fn runs(&self) -> usize {
        self.runs.len()
    }

    fn run_at_or_before(&self, id: i64) -> Option<(i64, i64)> {
        self.runs
            .range(..=id)
            .next_back()
            .map(|(&first, &last)| (first, last))
    }
}

impl Extend<i64> for IdRanges {
    fn extend<T: IntoIterator<Item = i64>>(&mut self, ids: T) {
        for id in ids {
            self.insert(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn consecutive_ids_make_one_run() {
        let mut s = IdRanges::new();
        s.extend(1..=1_000_000);
        assert_eq!(s.runs(), 1);
        assert!(s.contains(&1) && s.contains(&500_000) && s.contains(&1_000_000));
        assert!(!s.contains(&0) && !s.contains(&1_000_001) && !s.contains(&-5));
    }

    #[test]
    fn scattered_ids_are_kept_apart_and_gaps_stay_out() {
        let mut s = IdRanges::new();
        s.extend([10, 12, 3, 20, 21, 22]);
        assert_eq!(s.runs(), 4);
        for id in [3, 10, 12, 20, 21, 22] {
            assert!(s.contains(&id), "{id}");
        }
        for id in [2, 4, 9, 11, 13, 19, 23] {
            assert!(!s.contains(&id), "{id}");
        }
        // 11 fills the gap: 10..=12 is one run.
        s.insert(11);
        assert_eq!(s.runs(), 3);
        assert!(s.contains(&11));
    }

    #[test]
    fn ids_added_again_or_out_of_order_change_nothing_else() {
        let mut s = IdRanges::new();
        s.extend([5, 4, 6, 5, 4, 8, 7]);
        assert_eq!(s.runs(), 1);
        assert!((4..=8).all(|id| s.contains(&id)));
        assert!(!s.contains(&3) && !s.contains(&9));
    }

    #[test]
    fn ids_at_the_ends_of_i64_do_not_overflow() {
        let mut s = IdRanges::new();
        s.extend([i64::MAX, i64::MAX - 1, i64::MIN, i64::MIN + 1]);
        assert_eq!(s.runs(), 2);
        assert!(s.contains(&i64::MAX) && s.contains(&(i64::MIN + 1)));
        assert!(!s.contains(&0) && !s.contains(&(i64::MAX - 2)));
    }

    #[test]
    fn clear_empties_the_set() {
        let mut s = IdRanges::new();
        s.extend([1, 2, 3, 9]);
        s.clear();
        assert_eq!(s, IdRanges::new());
        assert!(![1, 2, 3, 9].iter().any(|&id| s.contains(&id)));
        s.insert(2);
        assert!(s.contains(&2) && !s.contains(&1) && !s.contains(&3));
    }

    proptest! {
        #[test]
        fn agrees_with_a_plain_set(
            ids in proptest::collection::vec(-40i64..40, 0..80),
            probes in proptest::collection::vec(-45i64..45, 0..40),
        ) {
            let mut s = IdRanges::new();
            let mut plain = BTreeSet::new();
            for id in ids {
                s.insert(id);
                plain.insert(id);
            }
            for id in probes.into_iter().chain(-45..45) {
                prop_assert_eq!(s.contains(&id), plain.contains(&id));
            }
            // Runs are as few as possible: one per gap-separated group.
            let groups = plain
                .iter()
                .zip(plain.iter().skip(1))
                .filter(|(a, b)| **b != **a + 1)
                .count()
                + usize::from(!plain.is_empty());
            prop_assert_eq!(s.runs(), groups);
        }
    }
}
