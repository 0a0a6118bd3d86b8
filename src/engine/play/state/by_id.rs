//! [`ById`]: values by id, shared sorted ids with a hash table of positions ([`Positions`],
//! which [`SeenIds`](super::SeenIds) uses too).

use hashbrown::HashTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Arc;

/// Values by id, in id order: read, serialised, compared and printed like the
/// `BTreeMap<String, V>` it replaces, so saved runs are unchanged. The ids are shared
/// between copies of a map and hashed, so a copy (a run keeps everyone's trust at every
/// decision) costs one allocation, for the values, and a lookup compares one id.
#[derive(Clone)]
pub struct ById<V> {
    keys: Arc<Keys>,
    values: Vec<V>,
}

/// Sorted, distinct ids, hashed.
struct Keys {
    ids: Vec<String>,
    table: Positions,
}

impl Keys {
    fn new(ids: Vec<String>) -> Arc<Keys> {
        let mut table = Positions::with_capacity(ids.len());
        for (pos, id) in ids.iter().enumerate() {
            table.add(id, pos, |p| &ids[p]);
        }
        Arc::new(Keys { ids, table })
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.table.find(id, |p| &self.ids[p])
    }
}

/// Positions in a list of ids, found by id: a hash table (hashbrown's, with foldhash) holding
/// only positions, the ids staying in the list they index, which is passed to every call.
#[derive(Clone, Default)]
pub(super) struct Positions(HashTable<u32>);

/// The hash every id table here uses: a [`Story`](crate::engine::story::Story) computes it
/// once per id so a run's lookups by id need not.
pub(crate) fn hash_id(id: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(id)
}

impl Positions {
    pub(super) fn with_capacity(n: usize) -> Self {
        Positions(HashTable::with_capacity(n))
    }

    /// The position of `id`, where `at` reads the id at a position.
    pub(super) fn find<'a>(&self, id: &str, at: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.find_hashed(id, hash_id(id), at)
    }

    /// [`Positions::find`] with `id`'s [`hash_id`] already known.
    pub(super) fn find_hashed<'a>(
        &self,
        id: &str,
        hash: u64,
        at: impl Fn(usize) -> &'a str,
    ) -> Option<usize> {
        self.0.find(hash, |&p| at(p as usize) == id).map(|&p| p as usize)
    }

    /// Records that `id` is at `pos`, unless an earlier position has it; false if one had.
    pub(super) fn add<'a>(&mut self, id: &str, pos: usize, at: impl Fn(usize) -> &'a str) -> bool {
        self.add_hashed(id, hash_id(id), pos, at)
    }

    /// [`Positions::add`] with `id`'s [`hash_id`] already known.
    pub(super) fn add_hashed<'a>(
        &mut self,
        id: &str,
        hash: u64,
        pos: usize,
        at: impl Fn(usize) -> &'a str,
    ) -> bool {
        let pos = u32::try_from(pos).expect("fewer than 2^32 ids");
        match self
            .0
            .entry(hash, |&p| at(p as usize) == id, |&p| hash_id(at(p as usize)))
        {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(pos);
                true
            }
        }
    }
}

impl<V> ById<V> {
    pub fn new() -> Self {
        ById {
            keys: Keys::new(Vec::new()),
            values: Vec::new(),
        }
    }
    pub fn len(&self) -> usize {
        self.values.len()
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    pub fn get(&self, id: &str) -> Option<&V> {
        self.keys.position(id).map(|i| &self.values[i])
    }
    pub fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        self.keys.position(id).map(|i| &mut self.values[i])
    }
    pub fn contains_key(&self, id: &str) -> bool {
        self.keys.position(id).is_some()
    }
    /// Sets `id` to `value`, returning the value it replaces.
    pub fn insert(&mut self, id: String, value: V) -> Option<V> {
        if let Some(i) = self.keys.position(&id) {
            return Some(std::mem::replace(&mut self.values[i], value));
        }
        let at = self.keys.ids.partition_point(|k| *k < id);
        let mut ids = self.keys.ids.clone();
        ids.insert(at, id);
        self.keys = Keys::new(ids);
        self.values.insert(at, value);
        None
    }
    /// The entries in id order.
    /// Where `id` is among the ids (its slot), if present.
    pub(crate) fn slot(&self, id: &str) -> Option<usize> {
        self.keys.position(id)
    }
    /// Whether both maps hold the very same ids (shared, not merely equal): then a slot of
    /// one is the same id's slot in the other.
    pub(crate) fn same_keys(&self, other: &ById<V>) -> bool {
        Arc::ptr_eq(&self.keys, &other.keys)
    }
    /// The value in `slot` (see [`ById::slot`]).
    pub(crate) fn at_slot_mut(&mut self, slot: usize) -> &mut V {
        &mut self.values[slot]
    }
    pub(crate) fn at_slot(&self, slot: usize) -> &V {
        &self.values[slot]
    }
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &V)> {
        self.keys.ids.iter().zip(&self.values)
    }
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> {
        self.keys.ids.iter()
    }
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> {
        self.values.iter()
    }
}

impl<V> Default for ById<V> {
    fn default() -> Self {
        ById::new()
    }
}

impl<V> From<BTreeMap<String, V>> for ById<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        let (ids, values): (Vec<String>, Vec<V>) = map.into_iter().unzip();
        ById {
            keys: Keys::new(ids),
            values,
        }
    }
}

impl<V> FromIterator<(String, V)> for ById<V> {
    /// As for a `BTreeMap`: sorted by id, the last value given for an id kept.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut entries: Vec<(String, V)> = iter.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut ids: Vec<String> = Vec::with_capacity(entries.len());
        let mut values: Vec<V> = Vec::with_capacity(entries.len());
        for (id, value) in entries {
            match values.last_mut() {
                Some(last) if ids.last() == Some(&id) => *last = value,
                _ => {
                    ids.push(id);
                    values.push(value);
                }
            }
        }
        ById {
            keys: Keys::new(ids),
            values,
        }
    }
}

impl<'a, V> IntoIterator for &'a ById<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, V>>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.ids.iter().zip(&self.values)
    }
}

impl<V> std::ops::Index<&str> for ById<V> {
    type Output = V;
    fn index(&self, id: &str) -> &V {
        self.get(id).expect("no entry for that id")
    }
}

impl<V: PartialEq> PartialEq for ById<V> {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.keys, &other.keys) || self.keys.ids == other.keys.ids)
            && self.values == other.values
    }
}

impl<V: Eq> Eq for ById<V> {}

impl<V: Hash> Hash for ById<V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for (k, v) in self {
            k.hash(state);
            v.hash(state);
        }
    }
}

impl<V: fmt::Debug> fmt::Debug for ById<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self).finish()
    }
}

impl<V: Serialize> Serialize for ById<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for ById<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, V>::deserialize(deserializer).map(ById::from)
    }
}
