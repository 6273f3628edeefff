//! Sorting for the browser build through one shared copy of the standard sort. Every `sort_by` on a
//! new element type or with a new closure compiles the whole sort again (3–4 kB of wasm each; the
//! search chunk had seven); these sort positions with one non-generic routine, so the app carries it
//! once. Use them where the app sorts; the build step sorts as usual.

use std::cmp::Ordering;
use std::collections::BTreeMap;

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

/// The map of these pairs, as `collect()` makes it (a key given twice keeps its last value), without
/// its sort: `BTreeMap`'s `FromIterator` sorts the pairs first with the standard stable sort,
/// compiled again for each pair type (4–5 kB of wasm each), where inserting them one by one needs none.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// Values by key in a `Vec` sorted by key, each key once, looked up by binary search: for the maps the
/// browser fills once or a few entries at a time and then reads (a search index's loaded files, a
/// posting file's lists, the fold pairs), which a `BTreeMap` served with its own insertion, search and
/// drop code per type. Serialized as a map, in key order; a map read in any order reads as a
/// `BTreeMap` reads it (a key given twice keeps its last value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// From pairs in any order: in one pass when they are ascending, else through the shared sort; a
    /// key given twice keeps its last value.
    pub fn from_pairs(mut pairs: Vec<(K, V)>) -> SortedMap<K, V> {
        if !pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            // By key, then the last given first (a total order: the sort need not be stable), so that
            // keeping the first of each key keeps its last value.
            let at = order(pairs.len(), &|a, b| pairs[a].0.cmp(&pairs[b].0).then(b.cmp(&a)));
            let mut slots: Vec<Option<(K, V)>> = pairs.into_iter().map(Some).collect();
            pairs = at.into_iter().filter_map(|i| slots[i].take()).collect();
            pairs.dedup_by(|later, kept| later.0 == kept.0);
        }
        SortedMap(pairs)
    }

    fn at<Q: Ord + ?Sized>(&self, k: &Q) -> Result<usize, usize>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.0.binary_search_by(|(x, _)| x.borrow().cmp(k))
    }

    pub fn get<Q: Ord + ?Sized>(&self, k: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.at(k).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, k: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.at(k).is_ok()
    }

    /// Sets the value of `k`, replacing any before (at the end, in one step, when keys come in order).
    pub fn insert(&mut self, k: K, v: V) {
        match self.at(&k) {
            Ok(i) => self.0[i].1 = v,
            Err(i) => self.0.insert(i, (k, v)),
        }
    }

    /// Inserts these, as one pass over both when they are ascending (hundreds at once, into
    /// thousands), else one by one.
    pub fn merge(&mut self, add: Vec<(K, V)>) {
        if !add.windows(2).all(|w| w[0].0 < w[1].0) {
            for (k, v) in add {
                self.insert(k, v);
            }
            return;
        }
        let mut out = Vec::with_capacity(self.0.len() + add.len());
        let mut old = std::mem::take(&mut self.0).into_iter().peekable();
        for (k, v) in add {
            while let Some(e) = old.next_if(|e| e.0 < k) {
                out.push(e);
            }
            // Replaced, as `insert` replaces.
            old.next_if(|e| e.0 == k);
            out.push((k, v));
        }
        out.extend(old);
        self.0 = out;
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Ascending by key.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SortedMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SortedMap<K, V>, D::Error> {
        struct Pairs<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Pairs<K, V> {
            type Value = SortedMap<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SortedMap<K, V>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(SortedMap::from_pairs(pairs))
            }
        }
        d.deserialize_map(Pairs(std::marker::PhantomData))
    }
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
        let pairs = [('b', 1), ('a', 2), ('b', 3), ('c', 4), ('a', 5)];
        assert_eq!(map_of(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(map_of(pairs)[&'b'], 3);
        let sorted = SortedMap::from_pairs(pairs.to_vec());
        assert!(sorted.iter().map(|(k, v)| (*k, *v)).eq(map_of(pairs)));
    }
}
