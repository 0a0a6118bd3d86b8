//! [`SeenIds`]: a set of ids (visited nodes, taken choices), hashed and packed into one string.

use super::by_id::Positions;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A set of ids: read, serialised, compared and printed like the `BTreeSet<String>` it
/// replaces, but hashed, so that checking or adding an id compares one id however many
/// nodes a run has visited, and packed into one string, so that adding one allocates
/// nothing most of the time.
#[derive(Clone, Default)]
pub struct SeenIds {
    /// Empty containers (no allocation) until the first id.
    inner: Inner,
}

#[derive(Clone, Default)]
struct Inner {
    ids: Packed,
    table: Positions,
}

/// How many ids an `SeenIds` makes room for at first.
const ROOM: usize = 32;

/// Ids back to back in the order they were added; `ends[i]` is where the `i`th one ends.
#[derive(Clone, Default)]
struct Packed {
    text: String,
    ends: Vec<usize>,
}

impl Packed {
    fn count(&self) -> usize {
        self.ends.len()
    }
    fn id(&self, pos: usize) -> Option<&str> {
        let end = *self.ends.get(pos)?;
        let start = pos.checked_sub(1).map_or(0, |p| self.ends[p]);
        Some(&self.text[start..end])
    }
    /// The id at a position known to be in the list.
    fn at(&self, pos: usize) -> &str {
        self.id(pos).expect("a position in the list")
    }
}

impl SeenIds {
    pub fn new() -> Self {
        SeenIds::default()
    }
    pub fn len(&self) -> usize {
        self.inner.ids.count()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn contains(&self, id: &str) -> bool {
        let i = &self.inner;
        i.table.find(id, |p| i.ids.at(p)).is_some()
    }
    /// [`SeenIds::contains`] with `id`'s hash already known (a story keeps every id's).
    pub(crate) fn contains_hashed(&self, id: &str, hash: u64) -> bool {
        let i = &self.inner;
        i.table.find_hashed(id, hash, |p| i.ids.at(p)).is_some()
    }
    /// Adds `id`; false if it was there already.
    pub fn insert(&mut self, id: String) -> bool {
        self.insert_str(&id)
    }
    /// Adds `id` (copied; the copy shares one allocation with the others).
    pub fn insert_str(&mut self, id: &str) -> bool {
        self.insert_hashed(id, super::by_id::hash_id(id))
    }
    /// [`SeenIds::insert_str`] with `id`'s hash already known.
    pub(crate) fn insert_hashed(&mut self, id: &str, hash: u64) -> bool {
        let Inner { ids, table } = &mut self.inner;
        if ids.ends.capacity() == 0 {
            // Room for a typical run's worth of ids before anything grows.
            ids.text.reserve(16 * ROOM);
            ids.ends.reserve(ROOM);
            *table = Positions::with_capacity(ROOM);
        }
        // Recorded at the position it is about to take; the table reads only earlier ones.
        if !table.add_hashed(id, hash, ids.count(), |p| ids.at(p)) {
            return false;
        }
        ids.text.push_str(id);
        ids.ends.push(ids.text.len());
        true
    }
    /// The ids in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.sorted().into_iter()
    }
    /// In the order they were added.
    fn added(&self) -> impl Iterator<Item = &str> {
        let ids = &self.inner.ids;
        (0..self.len()).filter_map(move |n| ids.id(n))
    }
    fn sorted(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.added().collect();
        ids.sort_unstable();
        ids
    }
}

impl<S: AsRef<str>> FromIterator<S> for SeenIds {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut set = SeenIds::new();
        for id in iter {
            set.insert_str(id.as_ref());
        }
        set
    }
}

impl PartialEq for SeenIds {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.added().all(|id| other.contains(id))
    }
}

impl Eq for SeenIds {}

impl Hash for SeenIds {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for id in self.sorted() {
            id.hash(state);
        }
    }
}

impl fmt::Debug for SeenIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.sorted()).finish()
    }
}

impl Serialize for SeenIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.sorted())
    }
}

impl<'de> Deserialize<'de> for SeenIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeSet::<String>::deserialize(deserializer).map(|set| set.into_iter().collect())
    }
}
