//! The mutable part of a run: variables, trust, visited nodes and taken choices;
//! evaluating conditions and applying effects against it.

use crate::engine::model::{Condition, Effect, Scenario, Value};
use hashbrown::HashTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Arc;

pub const TRUST_MIN: i64 = 0;
pub const TRUST_MAX: i64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct State {
    pub vars: ById<Value>,
    pub trust: ById<i64>,
    pub visited: SeenIds,
    pub chosen: SeenIds,
}

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
struct Positions(HashTable<u32>);

fn hash_id(id: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(id)
}

impl Positions {
    fn with_capacity(n: usize) -> Self {
        Positions(HashTable::with_capacity(n))
    }

    /// The position of `id`, where `at` reads the id at a position.
    fn find<'a>(&self, id: &str, at: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.0
            .find(hash_id(id), |&p| at(p as usize) == id)
            .map(|&p| p as usize)
    }

    /// Records that `id` is at `pos`, unless an earlier position has it; false if one had.
    fn add<'a>(&mut self, id: &str, pos: usize, at: impl Fn(usize) -> &'a str) -> bool {
        let pos = u32::try_from(pos).expect("fewer than 2^32 ids");
        match self.0.entry(
            hash_id(id),
            |&p| at(p as usize) == id,
            |&p| hash_id(at(p as usize)),
        ) {
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

/// A set of ids: read, serialised, compared and printed like the `BTreeSet<String>` it
/// replaces, but hashed, so that checking or adding an id compares one id however many
/// nodes a run has visited, and packed into one string, so that adding one allocates
/// nothing most of the time.
#[derive(Clone, Default)]
pub struct SeenIds {
    /// Nothing until the first id (a set is one pointer wide while empty).
    inner: Option<Box<Inner>>,
}

#[derive(Clone)]
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
        self.inner.as_ref().map_or(0, |i| i.ids.count())
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn contains(&self, id: &str) -> bool {
        self.inner
            .as_ref()
            .is_some_and(|i| i.table.find(id, |p| i.ids.at(p)).is_some())
    }
    /// Adds `id`; false if it was there already.
    pub fn insert(&mut self, id: String) -> bool {
        self.insert_str(&id)
    }
    /// Adds `id` (copied; the copy shares one allocation with the others).
    pub fn insert_str(&mut self, id: &str) -> bool {
        let inner = self.inner.get_or_insert_with(|| {
            // Room for a typical run's worth of ids before anything grows.
            Box::new(Inner {
                ids: Packed {
                    text: String::with_capacity(16 * ROOM),
                    ends: Vec::with_capacity(ROOM),
                },
                table: Positions::with_capacity(ROOM),
            })
        });
        let Inner { ids, table } = &mut **inner;
        // Recorded at the position it is about to take; the table reads only earlier ones.
        if !table.add(id, ids.count(), |p| ids.at(p)) {
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
        let ids = self.inner.as_ref().map(|i| &i.ids);
        (0..self.len()).filter_map(move |n| ids.and_then(|ids| ids.id(n)))
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

impl State {
    /// Every variable at its initial value and every character at their starting trust (a
    /// `Story` computes this once; `Story::initial`).
    pub fn initial(s: &Scenario) -> Self {
        let vars = s
            .variables
            .iter()
            .map(|v| (v.id().to_string(), v.initial()))
            .collect();
        let trust = s
            .characters
            .iter()
            .map(|c| (c.id.clone(), c.trust.clamp(TRUST_MIN, TRUST_MAX)))
            .collect();
        State {
            vars,
            trust,
            visited: SeenIds::new(),
            chosen: SeenIds::new(),
        }
    }

    /// An integer variable's value (a flag reads as 0 or 1; unknown as 0).
    pub fn int(&self, id: &str) -> i64 {
        self.vars.get(id).map_or(0, Value::as_int)
    }

    pub fn flag(&self, id: &str) -> bool {
        match self.vars.get(id) {
            Some(Value::Flag(b)) => *b,
            Some(Value::Int(n)) => *n != 0,
            None => false,
        }
    }

    pub fn trust(&self, id: &str) -> i64 {
        self.trust.get(id).copied().unwrap_or(0)
    }

    pub fn holds(&self, c: &Condition) -> bool {
        match c {
            Condition::Var(v, cmp, n) => cmp.holds(self.int(v), *n),
            Condition::Flag(v) => self.flag(v),
            Condition::Trust(who, cmp, n) => cmp.holds(self.trust(who), *n),
            Condition::Visited(node) => self.visited.contains(node),
            Condition::Chose(choice) => self.chosen.contains(choice),
            Condition::All(cs) => cs.iter().all(|c| self.holds(c)),
            Condition::Any(cs) => cs.iter().any(|c| self.holds(c)),
            Condition::Not(c) => !self.holds(c),
        }
    }

    /// True when `when` is absent or holds.
    pub fn allows(&self, when: Option<&Condition>) -> bool {
        when.is_none_or(|c| self.holds(c))
    }

    /// Applies one effect. Ids already in the state are updated in place (no key is copied).
    pub fn apply(&mut self, e: &Effect) {
        match e {
            Effect::Trust(who, d) => {
                let clamped = |t: i64| t.saturating_add(*d).clamp(TRUST_MIN, TRUST_MAX);
                match self.trust.get_mut(who) {
                    Some(t) => *t = clamped(*t),
                    None => {
                        self.trust.insert(who.clone(), clamped(0));
                    }
                }
            }
            Effect::Add(v, d) => match self.vars.get_mut(v) {
                Some(x) => *x = Value::Int(x.as_int().saturating_add(*d)),
                None => self.set(v, Value::Int(0i64.saturating_add(*d))),
            },
            Effect::Set(v, n) => self.set(v, Value::Int(*n)),
            Effect::Flag(v, b) => self.set(v, Value::Flag(*b)),
        }
    }

    fn set(&mut self, id: &str, value: Value) {
        match self.vars.get_mut(id) {
            Some(v) => *v = value,
            None => {
                self.vars.insert(id.to_string(), value);
            }
        }
    }

    pub fn apply_all(&mut self, effects: &[Effect]) {
        for e in effects {
            self.apply(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Cmp;

    fn state() -> State {
        let mut s = State {
            vars: ById::new(),
            trust: ById::new(),
            visited: SeenIds::new(),
            chosen: SeenIds::new(),
        };
        s.vars.insert("minutes".into(), Value::Int(10));
        s.vars.insert("eta".into(), Value::Flag(false));
        s.trust.insert("cfo".into(), 45);
        s.visited.insert("open".into());
        s
    }

    #[test]
    fn conditions_combine() {
        let s = state();
        use Condition::*;
        assert!(s.holds(&Var("minutes".into(), Cmp::Ge, 10)));
        assert!(!s.holds(&Var("minutes".into(), Cmp::Gt, 10)));
        assert!(!s.holds(&Flag("eta".into())));
        assert!(s.holds(&Trust("cfo".into(), Cmp::Lt, 50)));
        assert!(s.holds(&Visited("open".into())));
        assert!(!s.holds(&Chose("x".into())));
        assert!(s.holds(&All(vec![
            Visited("open".into()),
            Not(Box::new(Flag("eta".into())))
        ])));
        assert!(!s.holds(&Any(vec![Flag("eta".into()), Chose("x".into())])));
        assert!(s.holds(&All(vec![])));
        assert!(!s.holds(&Any(vec![])));
    }

    #[test]
    fn trust_is_clamped_and_effects_apply() {
        let mut s = state();
        s.apply(&Effect::Trust("cfo".into(), 80));
        assert_eq!(s.trust("cfo"), 100);
        s.apply(&Effect::Trust("cfo".into(), -500));
        assert_eq!(s.trust("cfo"), 0);
        s.apply_all(&[Effect::Add("minutes".into(), 5), Effect::Flag("eta".into(), true)]);
        assert_eq!(s.int("minutes"), 15);
        assert!(s.flag("eta"));
        s.apply(&Effect::Set("minutes".into(), -2));
        assert_eq!(s.int("minutes"), -2);
        s.apply(&Effect::Add("minutes".into(), i64::MIN));
        assert_eq!(s.int("minutes"), i64::MIN);
    }

    /// Ids that hash and sort every which way, enough of them to need table growth.
    fn ids(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| match i % 4 {
                0 => format!("n{i}"),
                1 => format!("a_rather_longer_identifier_{i}"),
                2 => format!("{i}"),
                _ => format!("z{}", "x".repeat(i % 19)),
            })
            .collect()
    }

    #[test]
    fn id_maps_read_and_write_like_btree_maps() {
        for n in [0, 1, 5, 16, 17, 100] {
            let entries: Vec<(String, i64)> = ids(n)
                .into_iter()
                .chain(ids(n / 2)) // repeats: the last value counts
                .enumerate()
                .map(|(i, id)| (id, i as i64))
                .collect();
            let tree: BTreeMap<String, i64> = entries.iter().cloned().collect();
            let mut map: ById<i64> = entries.iter().cloned().collect();
            assert_eq!(map.len(), tree.len());
            assert_eq!(ron::to_string(&map).unwrap(), ron::to_string(&tree).unwrap());
            assert_eq!(
                serde_json::to_string(&map).unwrap(),
                serde_json::to_string(&tree).unwrap()
            );
            assert_eq!(format!("{map:?}"), format!("{tree:?}"));
            assert_eq!(map, ById::from(tree.clone()));
            let back: ById<i64> = ron::from_str(&ron::to_string(&tree).unwrap()).unwrap();
            assert_eq!(back, map);
            for (id, v) in &tree {
                assert_eq!(map.get(id), Some(v));
                assert_eq!(map[id.as_str()], *v);
            }
            assert_eq!(map.get("absent"), None);
            // Writing: an existing id in place, a new one in order; copies are independent.
            let copy = map.clone();
            let mut tree = tree;
            for (id, v) in [("n0", -1), ("absent", 7), ("", 3)] {
                assert_eq!(map.insert(id.to_string(), v), tree.insert(id.to_string(), v));
            }
            *map.get_mut("absent").unwrap() += 1;
            *tree.get_mut("absent").unwrap() += 1;
            assert_eq!(map, ById::from(tree.clone()));
            assert_eq!(ron::to_string(&map).unwrap(), ron::to_string(&tree).unwrap());
            assert_ne!(copy, map);
            assert_eq!(copy.get("absent"), None);
        }
    }

    #[test]
    fn id_sets_read_and_write_like_btree_sets() {
        for n in [0, 1, 5, 31, 32, 33, 200] {
            let mut tree = BTreeSet::new();
            let mut set = SeenIds::new();
            let mut reversed = SeenIds::new();
            for id in ids(n).into_iter().chain(ids(n / 3)) {
                assert_eq!(set.insert_str(&id), tree.insert(id.clone()), "{id}");
                assert!(set.contains(&id));
            }
            for id in tree.iter().rev() {
                reversed.insert(id.clone());
            }
            assert_eq!(set.len(), tree.len());
            assert_eq!(set, reversed, "equal whatever the order of adding");
            assert_eq!(
                set.iter().collect::<Vec<_>>(),
                tree.iter().map(String::as_str).collect::<Vec<_>>()
            );
            assert_eq!(ron::to_string(&set).unwrap(), ron::to_string(&tree).unwrap());
            assert_eq!(format!("{set:?}"), format!("{tree:?}"));
            let back: SeenIds = ron::from_str(&ron::to_string(&tree).unwrap()).unwrap();
            assert_eq!(back, set);
            assert!(!set.contains("absent") && !set.contains(""));
            let hash = |s: &SeenIds| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                s.hash(&mut h);
                h.finish()
            };
            assert_eq!(hash(&set), hash(&reversed));
            let mut more = set.clone();
            more.insert("absent".into());
            assert_ne!(more, set);
        }
    }

    #[test]
    fn the_initial_state_follows_the_scenario_as_it_is_now() {
        let mut s = crate::engine::generate::generate(60, 1);
        let first = State::initial(&s);
        assert_eq!(State::initial(&s), first, "the kept start is the same");
        // Changed in place (same vectors, same lengths): the kept start must not be used.
        s.characters[0].trust = 99;
        s.variables[0] = crate::engine::model::Variable::Int {
            id: "momentum".into(),
            initial: 5,
            label: None,
        };
        let now = State::initial(&s);
        assert_eq!(now.trust(&s.characters[0].id), 99);
        assert_eq!(now.int("momentum"), 5);
        s.characters[1].id = "renamed".into();
        let renamed = State::initial(&s);
        assert_eq!(renamed.trust("renamed"), s.characters[1].trust);
        assert!(!renamed.trust.contains_key("p1"));
        // Repeated ids: the last one counts, as it always has.
        s.variables.push(crate::engine::model::Variable::Flag {
            id: "momentum".into(),
            initial: true,
            label: None,
        });
        assert_eq!(State::initial(&s).vars.get("momentum"), Some(&Value::Flag(true)));
    }
}
