//! The scenario and skill-framework data model, exactly as authors write it in RON.

use serde::{Deserialize, Serialize};

/// One branching workplace scenario (`scenarios/<id>.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id; must match the file name (`<id>.ron`).
    pub id: String,
    /// Bumped whenever a change would invalidate saved runs.
    pub version: u32,
    pub title: String,
    /// One line for the library card.
    pub summary: String,
    /// Who the player is ("Head of Infrastructure at a mid-size retailer").
    pub role: String,
    /// Where and when this happens, a short paragraph for the briefing.
    pub setting: String,
    /// Estimated minutes to play once.
    pub minutes: u32,
    pub difficulty: Difficulty,
    pub objectives: Vec<String>,
    /// The skill dimensions this scenario assesses, each with a weight for the overall score.
    pub assesses: Vec<(String, u32)>,
    pub characters: Vec<Character>,
    #[serde(default)]
    pub variables: Vec<Variable>,
    /// Id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
    pub endings: Vec<Ending>,
    /// Questions for a workshop debrief ("hot wash").
    #[serde(default)]
    pub debrief_questions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difficulty {
    Introductory,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Introductory => "introductory",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// A person in the scenario. Trust (0–100) is how much they trust the player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Character {
    pub id: String,
    pub name: String,
    /// Job title ("Chief Financial Officer").
    pub title: String,
    /// What they want and what pressure they are under.
    pub profile: String,
    pub trust: i64,
}

/// A named scenario variable: an integer or a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Variable {
    Int {
        id: String,
        initial: i64,
        /// Shown to the player under this label (e.g. "Minutes since the outage began").
        #[serde(default)]
        label: Option<String>,
    },
    Flag {
        id: String,
        initial: bool,
        #[serde(default)]
        label: Option<String>,
    },
}

impl Variable {
    pub fn id(&self) -> &str {
        match self {
            Variable::Int { id, .. } | Variable::Flag { id, .. } => id,
        }
    }
    pub fn label(&self) -> Option<&str> {
        match self {
            Variable::Int { label, .. } | Variable::Flag { label, .. } => label.as_deref(),
        }
    }
    pub fn initial(&self) -> Value {
        match self {
            Variable::Int { initial, .. } => Value::Int(*initial),
            Variable::Flag { initial, .. } => Value::Flag(*initial),
        }
    }
}

/// The value of a variable during a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Value {
    Int(i64),
    Flag(bool),
}

impl Value {
    /// As a number: a flag is 0 or 1.
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(n) => *n,
            Value::Flag(b) => i64::from(*b),
        }
    }
}

/// A scene: beats shown in order, then exactly one way on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// Effects applied when the node is entered (before its beats are evaluated).
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub beats: Vec<Beat>,
    /// A question for the room in workshop mode.
    #[serde(default)]
    pub prompt: Option<String>,
    /// A timed decision: the player has `seconds`; then the `timeout` choice is taken.
    #[serde(default)]
    pub timer: Option<Timer>,
    pub then: Then,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timer {
    pub seconds: u32,
    /// Id of one of this node's choices, taken when time runs out.
    pub timeout: String,
}

/// One line of the scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Beat {
    /// Stage direction or situation text.
    Narrate {
        text: String,
        #[serde(default)]
        when: Option<Condition>,
    },
    /// A character speaks.
    Say {
        who: String,
        text: String,
        #[serde(default)]
        when: Option<Condition>,
    },
}

impl Beat {
    pub fn when(&self) -> Option<&Condition> {
        match self {
            Beat::Narrate { when, .. } | Beat::Say { when, .. } => when.as_ref(),
        }
    }
    pub fn text(&self) -> &str {
        match self {
            Beat::Narrate { text, .. } | Beat::Say { text, .. } => text,
        }
    }
    pub fn speaker(&self) -> Option<&str> {
        match self {
            Beat::Narrate { .. } => None,
            Beat::Say { who, .. } => Some(who),
        }
    }
}

/// How a node continues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Then {
    /// The player decides.
    Choices(Vec<Choice>),
    /// Continue straight to another node.
    Goto(String),
    /// A weighted draw from the run's seeded RNG among the outcomes whose condition holds.
    Random(Vec<Branch>),
    /// The scenario ends here with this ending id.
    End(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Unique across the whole scenario.
    pub id: String,
    pub text: String,
    /// Offered only while this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Never offered as a button; only taken when the node's timer runs out.
    #[serde(default)]
    pub timeout_only: bool,
    /// Skill evidence: what this choice shows about the player.
    #[serde(default)]
    pub skills: Vec<Evidence>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub next: String,
    /// A short note shown after the choice in coach mode.
    #[serde(default)]
    pub coach: String,
}

/// Signed points on one skill dimension, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub skill: String,
    pub points: i32,
    /// One sentence that teaches why.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub id: String,
    pub weight: u32,
    #[serde(default)]
    pub when: Option<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub next: String,
}

/// A change to the run state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Change a character's trust by a signed amount (clamped to 0–100).
    Trust(String, i64),
    /// Add a signed amount to an integer variable.
    Add(String, i64),
    /// Set an integer variable.
    Set(String, i64),
    /// Set a flag.
    Flag(String, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Cmp {
    pub fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Ge => a >= b,
            Cmp::Gt => a > b,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }
}

/// A test on the run state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Compare an integer variable with a number.
    Var(String, Cmp, i64),
    /// A flag is set.
    Flag(String),
    /// Compare a character's trust with a number.
    Trust(String, Cmp, i64),
    /// The run has entered this node.
    Visited(String),
    /// The run has taken this choice.
    Chose(String),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Success,
    Partial,
    Failure,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Partial => "partial",
            Outcome::Failure => "failure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub title: String,
    pub outcome: Outcome,
    /// What happened and why, for the debrief screen.
    pub debrief: String,
    /// What a strong leader would have done, and why.
    pub strong_leader: String,
}

/// The skill framework (`assets/skills.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillFramework {
    pub version: u32,
    pub skills: Vec<Skill>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub description: String,
    pub anchors: Anchors,
}

/// What weak, competent and strong look like in practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchors {
    pub weak: String,
    pub competent: String,
    pub strong: String,
}

impl Node {
    /// The ids of the nodes this node can lead to (whatever the conditions).
    pub fn targets(&self) -> Vec<&str> {
        match &self.then {
            Then::Choices(cs) => cs.iter().map(|c| c.next.as_str()).collect(),
            Then::Random(bs) => bs.iter().map(|b| b.next.as_str()).collect(),
            Then::Goto(t) => vec![t.as_str()],
            Then::End(_) => Vec::new(),
        }
    }
}

impl Scenario {
    /// Node id → position in `nodes` (the first, if ids repeat).
    pub fn index(&self) -> std::collections::HashMap<&str, usize> {
        let mut index = std::collections::HashMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            index.entry(n.id.as_str()).or_insert(i);
        }
        index
    }

    /// The first node with this id; in constant time on a scenario with many nodes (see
    /// `lookup` below).
    pub fn node(&self, id: &str) -> Option<&Node> {
        lookup::position(&self.nodes, id).map(|i| &self.nodes[i])
    }
    pub fn ending(&self, id: &str) -> Option<&Ending> {
        lookup::position(&self.endings, id).map(|i| &self.endings[i])
    }
    pub fn character(&self, id: &str) -> Option<&Character> {
        self.characters.iter().find(|c| c.id == id)
    }
    pub fn variable(&self, id: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.id() == id)
    }
    /// Every choice in the scenario with the node it belongs to.
    pub fn choices(&self) -> impl Iterator<Item = (&Node, &Choice)> {
        self.nodes.iter().flat_map(|n| match &n.then {
            Then::Choices(cs) => cs.iter().map(move |c| (n, c)).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }
    pub fn choice(&self, id: &str) -> Option<(&Node, &Choice)> {
        self.choices().find(|(_, c)| c.id == id)
    }
}

/// Finding a node or ending by id without a scan, so that a step of a run costs the same on
/// a scenario of ten nodes or of ten thousand.
///
/// `Scenario` stays plain data (no hidden field: its serde form, its derives and every
/// struct literal are unchanged), so the tables live beside it: each thread keeps a few,
/// keyed on the address and length of the slice they index and built on the first lookup
/// in it. A table only proposes positions: a hit is the item at that position whose id is
/// compared equal right then, and a miss falls back to the scan, so even after the slice
/// was changed in place, or freed and another put at the same address, a lookup finds an
/// item with the id asked for whenever there is one. The one thing a stale table can get
/// wrong is which: given an id that a second, earlier item took after the table was built
/// (two nodes with one id is a validation error anyway), it finds the later item.
pub(crate) mod lookup {
    use super::{Ending, Node};
    use std::cell::RefCell;

    /// Below this many items a plain scan is as quick as hashing the id.
    const SCAN_BELOW: usize = 16;
    /// Tables kept per thread, most recently used first.
    const KEPT: usize = 8;

    /// Something found by its id.
    pub(crate) trait Keyed {
        fn key(&self) -> &str;
    }
    impl Keyed for Node {
        fn key(&self) -> &str {
            &self.id
        }
    }
    impl Keyed for Ending {
        fn key(&self) -> &str {
            &self.id
        }
    }
    impl Keyed for String {
        fn key(&self) -> &str {
            self
        }
    }

    /// Ids by position: what an [`IdTable`] indexes.
    pub(crate) trait Ids {
        fn count(&self) -> usize;
        fn id(&self, pos: usize) -> Option<&str>;
    }
    impl<T: Keyed> Ids for [T] {
        fn count(&self) -> usize {
            self.len()
        }
        fn id(&self, pos: usize) -> Option<&str> {
            self.get(pos).map(Keyed::key)
        }
    }

    /// Open addressing over the positions of a list's ids: `slots[h]` is a position + 1,
    /// or 0 when empty. The list itself is passed to every call.
    #[derive(Debug, Clone)]
    pub(crate) struct IdTable {
        shift: u32,
        slots: Box<[u32]>,
    }

    /// The 8 bytes of `b` from `at`.
    fn word(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
    }

    /// The last up to 8 bytes of `b`, as a number (overlapping earlier words when `b` is
    /// longer): with `word`s from the start, every byte of an id is read without a loop.
    fn tail(b: &[u8]) -> u64 {
        match b.len() {
            8.. => word(b, b.len() - 8),
            4.. => {
                let half = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"));
                u64::from(half(0)) | u64::from(half(b.len() - 4)) << 32
            }
            _ => b.iter().fold(0, |t, &x| t << 8 | u64::from(x)),
        }
    }

    /// Where probing for `id` starts in a table of `64 - shift` bits.
    fn slot(id: &str, shift: u32) -> usize {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let b = id.as_bytes();
        let mut h = (b.len() as u64).wrapping_mul(K);
        let mut at = 0;
        while at + 8 < b.len() {
            h = (h.rotate_left(23) ^ word(b, at)).wrapping_mul(K);
            at += 8;
        }
        h = (h.rotate_left(23) ^ tail(b)).wrapping_mul(K);
        (h >> shift) as usize
    }

    /// `a == b`, without a call out to `memcmp` for ids of up to 16 bytes (most of them).
    pub(crate) fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        a.len() == b.len()
            && match a.len() {
                0..=8 => tail(a) == tail(b),
                9..=16 => word(a, 0) == word(b, 0) && tail(a) == tail(b),
                _ => a == b,
            }
    }

    impl IdTable {
        /// Indexes `items` (fewer than 2^31); where ids repeat, the first one is found.
        pub(crate) fn build<L: Ids + ?Sized>(items: &L) -> IdTable {
            // Room to grow to twice the size before a rebuild (see `fill`).
            let mut t = IdTable::with_room(items.count() * 2);
            for pos in 0..items.count() {
                t.put(items, pos);
            }
            t
        }

        /// An empty table with room for `n` ids before it grows.
        pub(crate) fn with_room(n: usize) -> IdTable {
            let bits = (n * 2).next_power_of_two().trailing_zeros().max(2);
            IdTable {
                shift: 64 - bits,
                slots: vec![0u32; 1 << bits].into_boxed_slice(),
            }
        }

        /// Records `items[pos]` unless an earlier item has its id.
        fn put<L: Ids + ?Sized>(&mut self, items: &L, pos: usize) {
            let Some(key) = items.id(pos) else { return };
            let mask = self.slots.len() - 1;
            let mut i = slot(key, self.shift);
            loop {
                match self.slots[i] {
                    0 => {
                        self.slots[i] = u32::try_from(pos + 1).expect("fewer than 2^32 items");
                        return;
                    }
                    p if items.id(p as usize - 1).is_some_and(|k| same(k, key)) => return,
                    _ => i = (i + 1) & mask,
                }
            }
        }

        /// The position in `items` of an item with id `id` that this table knows of.
        pub(crate) fn find<L: Ids + ?Sized>(&self, items: &L, id: &str) -> Option<usize> {
            self.probe(items, id).ok()
        }

        /// `Ok(position)` of `id`, or `Err(slot)`: the empty slot where it would go.
        pub(crate) fn probe<L: Ids + ?Sized>(&self, items: &L, id: &str) -> Result<usize, usize> {
            let mask = self.slots.len() - 1;
            let mut i = slot(id, self.shift);
            loop {
                let Some(pos) = (self.slots[i] as usize).checked_sub(1) else {
                    return Err(i);
                };
                if items.id(pos).is_some_and(|k| same(k, id)) {
                    return Ok(pos);
                }
                i = (i + 1) & mask;
            }
        }

        /// Indexes the last of `items`, which `probe` said belongs in the empty `slot`.
        pub(crate) fn fill<L: Ids + ?Sized>(&mut self, items: &L, slot: usize) {
            if items.count() * 2 > self.slots.len() {
                *self = IdTable::build(items);
            } else if let Some(pos) = items.count().checked_sub(1) {
                self.slots[slot] = u32::try_from(pos + 1).expect("fewer than 2^32 items");
            }
        }
    }

    /// A table and the slice (address, length) it was built on.
    struct Cached {
        addr: usize,
        len: usize,
        table: IdTable,
    }

    thread_local! {
        static CACHED: RefCell<Vec<Cached>> = const { RefCell::new(Vec::new()) };
    }

    /// The position of the first item with id `id`.
    pub(crate) fn position<T: Keyed>(items: &[T], id: &str) -> Option<usize> {
        if items.len() >= SCAN_BELOW && u32::try_from(items.len()).is_ok() {
            let found = CACHED.with(|cached| {
                let mut cached = cached.borrow_mut();
                let here = (items.as_ptr() as usize, items.len());
                if cached.first().is_none_or(|c| (c.addr, c.len) != here) {
                    to_front(&mut cached, items);
                }
                cached[0].table.find(items, id)
            });
            if found.is_some() {
                return found;
            }
        }
        items.iter().position(|x| x.key() == id)
    }

    /// Puts the table for `items` first, building it if there is none.
    #[cold]
    #[inline(never)]
    fn to_front<T: Keyed>(cached: &mut Vec<Cached>, items: &[T]) {
        let here = (items.as_ptr() as usize, items.len());
        match cached.iter().position(|c| (c.addr, c.len) == here) {
            Some(i) => cached[..=i].rotate_right(1),
            None => {
                cached.truncate(KEPT - 1);
                cached.insert(
                    0,
                    Cached {
                        addr: here.0,
                        len: here.1,
                        table: IdTable::build(items),
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lookup::{IdTable, same};

    #[test]
    fn nodes_are_found_as_by_a_scan_even_after_changes_in_place() {
        let mut s = crate::engine::generate::generate(200, 2);
        let scan = |s: &super::Scenario, id: &str| s.nodes.iter().position(|n| n.id == id);
        let at = |s: &super::Scenario, id: &str| {
            s.node(id)
                .map(|n| std::ptr::from_ref(n) as usize - s.nodes.as_ptr() as usize)
        };
        let size = std::mem::size_of::<super::Node>();
        let check = |s: &super::Scenario| {
            for id in s
                .nodes
                .iter()
                .map(|n| n.id.clone())
                .chain(["nowhere".to_string()])
            {
                assert_eq!(at(s, &id), scan(s, &id).map(|i| i * size), "{id}");
            }
        };
        check(&s);
        // Repeated ids: the first is found, built before or after the repeat.
        let dup = s.nodes[7].id.clone();
        s.nodes[150].id = dup.clone();
        check(&s);
        assert_eq!(at(&s, &dup), Some(7 * size));
        // Renamed, swapped and removed in place, without the table being rebuilt first.
        s.nodes[3].id = "renamed".into();
        s.nodes.swap(10, 20);
        check(&s);
        let last = s.nodes.pop().unwrap();
        check(&s);
        s.nodes.push(last);
        check(&s);
        // The endings too (a short list, scanned).
        for e in &s.endings {
            assert_eq!(s.ending(&e.id).map(|x| &x.id), Some(&e.id));
        }
        assert!(s.ending("nowhere").is_none());
    }

    #[test]
    fn tables_find_every_id_and_nothing_else() {
        let ids: Vec<String> = (0..300).map(|i| format!("{}{i}", "x".repeat(i % 23))).collect();
        let table = IdTable::build(ids.as_slice());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.find(ids.as_slice(), id), Some(i));
            assert_eq!(table.find(ids.as_slice(), &format!("{id}.")), None);
        }
        assert_eq!(table.find(ids.as_slice(), ""), None);
    }

    #[test]
    fn same_is_string_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
        ];
        let longer: Vec<String> = (0..40).map(|n| "é".repeat(n / 2) + &"q".repeat(n % 2)).collect();
        let all: Vec<&str> = words
            .iter()
            .copied()
            .chain(longer.iter().map(String::as_str))
            .collect();
        for a in &all {
            for b in &all {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
                let mut c = b.to_string();
                if let Some(last) = c.pop() {
                    c.push(if last == 'z' { 'y' } else { 'z' });
                    assert_eq!(same(a, &c), *a == c, "{a:?} {c:?}");
                }
            }
        }
    }
}
