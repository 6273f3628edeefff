//! Sorting for the browser build through one shared copy of the standard sort. Every `sort_by` on a
//! new element type or with a new closure compiles the whole sort again (3–4 kB of wasm each; the
//! search chunk had seven); these sort positions with one non-generic routine, so the app carries it
//! once. Use them where the app sorts; the build step sorts as usual.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The positions `0..len` in the order `cmp` gives them (not stable: make `cmp` total).
pub fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    sort_positions(&mut positions, cmp);
    positions
}

#[inline(never)]
fn sort_positions(positions: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_unstable_by(|&a, &b| cmp(a, b));
}

/// Sorts `v` by `cmp` (not stable: make `cmp` total).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let positions = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    // Each position appears once, so every slot is taken exactly once.
    *v = positions.into_iter().filter_map(|p| slots[p].take()).collect();
}

/// Sorts `v` in its natural order.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// The set of these items, as `collect()` makes it, without its sort: `BTreeSet`'s `FromIterator`
/// sorts the items first with the standard stable sort, compiled again for each element type (4–5 kB
/// of wasm each: the search chunk had four), where inserting them one by one needs none. Of equal
/// items the first is kept, not the last: the same set.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// The map of these pairs, as `collect()` makes it (a key given twice keeps its last value), without
/// its sort ([`set_of`]).
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut v = vec![5, 3, 9, 1, 3, 7];
        sort(&mut v);
        assert_eq!(v, [1, 3, 3, 5, 7, 9]);
        let mut w = vec![("b", 2), ("a", 2), ("c", 1)];
        sort_by(&mut w, |x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        assert_eq!(w, [("a", 2), ("b", 2), ("c", 1)]);
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        assert_eq!(order(3, &|a, b| b.cmp(&a)), [2, 1, 0]);
    }

    #[test]
    fn sets_and_maps_like_collect() {
        let items = [5, 3, 9, 1, 3, 7];
        assert_eq!(set_of(items), items.into_iter().collect::<BTreeSet<_>>());
        let pairs = [('b', 1), ('a', 2), ('b', 3), ('c', 4), ('a', 5)];
        assert_eq!(map_of(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(map_of(pairs)[&'b'], 3);
    }
}
