//! The story's conditions and effects resolved once: variables and characters to their slots
//! in the starting state, nodes and choices to shared names with their hashes. A run whose
//! state still holds the starting state's ids (every run that only touches declared
//! variables and characters) reads and changes it by position; any other state is read by
//! name, through `State::holds` and `State::apply`, with the same result.

use super::{NodeId, Story};
use crate::engine::model::{Cmp, Condition, Effect, Scenario, Then, Value};
use crate::engine::play::name::Name;
use crate::engine::state::by_id::hash_id;
use crate::engine::state::{State, TRUST_MAX, TRUST_MIN};

/// A node's or choice's id, shared, with its hash for the run's sets of ids.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub name: Name,
    pub hash: u64,
}

impl Key {
    fn new(id: &str) -> Key {
        Key {
            name: Name::from(id),
            hash: hash_id(id),
        }
    }
}

/// A condition on state slots (a slot of `None` names nothing the starting state holds,
/// which reads as 0 or false, as by name).
#[derive(Debug, Clone)]
enum Cond {
    Int(Option<usize>, Cmp, i64),
    Flag(Option<usize>),
    Trust(Option<usize>, Cmp, i64),
    Visited(Key),
    Chose(Key),
    Read(Key),
    All(Box<[Cond]>),
    Any(Box<[Cond]>),
    Not(Box<Cond>),
}

/// An effect on a state slot.
#[derive(Debug, Clone, Copy)]
enum Fx {
    Trust(usize, i64),
    Add(usize, i64),
    Put(usize, Value),
}

/// A list of effects by slot, or `None` when one of them names something the starting state
/// does not hold (then the list is applied by name, which adds it).
#[derive(Debug, Clone)]
struct Effects(Option<Box<[Fx]>>);

/// A choice or a branch.
#[derive(Debug, Clone)]
struct Arm {
    key: Key,
    when: Option<Cond>,
    fx: Effects,
}

/// One node's rules, in the order of its source.
#[derive(Debug, Clone)]
pub(crate) struct NodeRules {
    key: Key,
    entry: Effects,
    beats: Box<[Option<Cond>]>,
    arms: Box<[Arm]>,
    /// The arms are choices (taking one records it), not branches.
    choices: bool,
}

/// Resolves every node's rules against the starting state.
pub(crate) fn resolve(s: &Scenario, initial: &State) -> Vec<NodeRules> {
    let cond = |c: &Option<Condition>| c.as_ref().map(|c| condition(c, initial));
    let fx = |e: &[Effect]| effects(e, initial);
    s.nodes
        .iter()
        .map(|n| {
            let (arms, choices): (Box<[Arm]>, bool) = match &n.then {
                Then::Choices(cs) => {
                    let arm = |c: &crate::engine::model::Choice| Arm {
                        key: Key::new(&c.id),
                        when: cond(&c.when),
                        fx: fx(&c.effects),
                    };
                    (cs.iter().map(arm).collect(), true)
                }
                Then::Random(bs) => {
                    let arm = |b: &crate::engine::model::Branch| Arm {
                        key: Key::new(&b.id),
                        when: cond(&b.when),
                        fx: fx(&b.effects),
                    };
                    (bs.iter().map(arm).collect(), false)
                }
                Then::Goto(_) | Then::End(_) => (Box::default(), false),
            };
            NodeRules {
                key: Key::new(&n.id),
                entry: fx(&n.effects),
                beats: n
                    .beats
                    .iter()
                    .map(|b| b.when().map(|c| condition(c, initial)))
                    .collect(),
                arms,
                choices,
            }
        })
        .collect()
}

fn condition(c: &Condition, initial: &State) -> Cond {
    let var = |v: &str| initial.vars.slot(v);
    let all = |cs: &[Condition]| cs.iter().map(|c| condition(c, initial)).collect();
    match c {
        Condition::Var(v, cmp, n) => Cond::Int(var(v), *cmp, *n),
        Condition::Flag(v) => Cond::Flag(var(v)),
        Condition::Trust(who, cmp, n) => Cond::Trust(initial.trust.slot(who), *cmp, *n),
        Condition::Visited(node) => Cond::Visited(Key::new(node)),
        Condition::Chose(choice) => Cond::Chose(Key::new(choice)),
        Condition::Read(exhibit) => Cond::Read(Key::new(exhibit)),
        Condition::All(cs) => Cond::All(all(cs)),
        Condition::Any(cs) => Cond::Any(all(cs)),
        Condition::Not(c) => Cond::Not(Box::new(condition(c, initial))),
    }
}

fn effects(es: &[Effect], initial: &State) -> Effects {
    let var = |v: &str| initial.vars.slot(v);
    let fx = |e: &Effect| match e {
        Effect::Trust(who, d) => initial.trust.slot(who).map(|i| Fx::Trust(i, *d)),
        Effect::Add(v, d) => var(v).map(|i| Fx::Add(i, *d)),
        Effect::Set(v, n) => var(v).map(|i| Fx::Put(i, Value::Int(*n))),
        Effect::Flag(v, b) => var(v).map(|i| Fx::Put(i, Value::Flag(*b))),
    };
    Effects(es.iter().map(fx).collect())
}

impl Cond {
    /// As `State::holds` on the source condition, for a state keyed as the starting one.
    fn holds(&self, st: &State) -> bool {
        match self {
            Cond::Int(slot, cmp, n) => cmp.holds(slot.map_or(0, |i| st.vars.at_slot(i).as_int()), *n),
            Cond::Flag(slot) => match slot.map(|i| st.vars.at_slot(i)) {
                Some(Value::Flag(b)) => *b,
                Some(Value::Int(n)) => *n != 0,
                None => false,
            },
            Cond::Trust(slot, cmp, n) => cmp.holds(slot.map_or(0, |i| *st.trust.at_slot(i)), *n),
            Cond::Visited(k) => st.visited.contains_hashed(&k.name, k.hash),
            Cond::Chose(k) => st.chosen.contains_hashed(&k.name, k.hash),
            Cond::Read(k) => st.read.contains_hashed(&k.name, k.hash),
            Cond::All(cs) => cs.iter().all(|c| c.holds(st)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(st)),
            Cond::Not(c) => !c.holds(st),
        }
    }
}

impl Fx {
    /// As `State::apply` on the source effect, for a state keyed as the starting one.
    fn apply(self, st: &mut State) {
        match self {
            Fx::Trust(i, d) => {
                let t = st.trust.at_slot_mut(i);
                *t = t.saturating_add(d).clamp(TRUST_MIN, TRUST_MAX);
            }
            Fx::Add(i, d) => {
                let x = st.vars.at_slot_mut(i);
                *x = Value::Int(x.as_int().saturating_add(d));
            }
            Fx::Put(i, v) => *st.vars.at_slot_mut(i) = v,
        }
    }
}

impl Story {
    fn rules(&self, node: NodeId) -> &NodeRules {
        &self.rules[node.index()]
    }

    /// Whether `st` holds exactly the starting state's ids, so slots apply.
    fn keyed(&self, st: &State) -> bool {
        st.vars.same_keys(&self.initial.vars) && st.trust.same_keys(&self.initial.trust)
    }

    fn holds(&self, st: &State, fast: Option<&Cond>, source: Option<&Condition>) -> bool {
        match fast {
            None => true,
            Some(c) if self.keyed(st) => c.holds(st),
            Some(_) => st.allows(source),
        }
    }

    fn apply(&self, st: &mut State, fast: &Effects, source: &[Effect]) {
        match &fast.0 {
            Some(fx) if self.keyed(st) => fx.iter().for_each(|f| f.apply(st)),
            _ => st.apply_all(source),
        }
    }

    /// A node's id, shared.
    pub fn node_name(&self, node: NodeId) -> &Name {
        &self.rules(node).key.name
    }

    /// The id of `node`'s `k`th choice or branch, shared.
    pub fn arm_name(&self, node: NodeId, k: usize) -> &Name {
        &self.rules(node).arms[k].key.name
    }

    /// Whether `node`'s beat `i` shows in this state.
    pub fn shows_beat(&self, st: &State, node: NodeId, i: usize) -> bool {
        let source = self.at(node).beats[i].when();
        self.holds(st, self.rules(node).beats[i].as_ref(), source)
    }

    /// Whether the condition on `node`'s `k`th choice or branch holds in this state.
    pub fn arm_allowed(&self, st: &State, node: NodeId, k: usize) -> bool {
        let source = match &self.at(node).then {
            Then::Choices(cs) => cs[k].when.as_ref(),
            Then::Random(bs) => bs[k].when.as_ref(),
            Then::Goto(_) | Then::End(_) => None,
        };
        self.holds(st, self.rules(node).arms[k].when.as_ref(), source)
    }

    /// Whether `node`'s `j`th choice is offered as a button in this state (not timeout-only,
    /// its condition holding).
    pub fn offers(&self, st: &State, node: NodeId, j: usize) -> bool {
        !self.choices_of(node)[j].timeout_only && self.arm_allowed(st, node, j)
    }

    /// Whether the player can act at decision `node` in this state: it has a timer, offers a
    /// choice, or lists an exhibit still unread (which may open a choice).
    pub fn can_decide(&self, st: &State, node: NodeId) -> bool {
        let n = self.at(node);
        n.timer.is_some()
            || (0..self.choices_of(node).len()).any(|j| self.offers(st, node, j))
            || n.exhibits.iter().any(|x| !st.read.contains(x))
    }

    /// Entering `node`: records the visit, then applies its entry effects.
    pub fn enter_node(&self, st: &mut State, node: NodeId) {
        let r = self.rules(node);
        st.visited.insert_hashed(&r.key.name, r.key.hash);
        self.apply(st, &r.entry, &self.at(node).effects);
    }

    /// Taking `node`'s `k`th choice or branch: applies its effects, then (a choice) records it.
    pub fn take_arm(&self, st: &mut State, node: NodeId, k: usize) {
        let r = self.rules(node);
        let arm = &r.arms[k];
        match &self.at(node).then {
            Then::Choices(cs) => self.apply(st, &arm.fx, &cs[k].effects),
            Then::Random(bs) => self.apply(st, &arm.fx, &bs[k].effects),
            Then::Goto(_) | Then::End(_) => {}
        }
        if r.choices {
            st.chosen.insert_hashed(&arm.key.name, arm.key.hash);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::generate::generate;
    use crate::engine::model::{Condition, Effect, Then};
    use crate::engine::story::Story;

    /// The slot form agrees with the by-name form on every condition and effect of a large
    /// generated story, along a walk that touches each node's arms in turn.
    #[test]
    fn slots_and_names_agree_on_every_rule() {
        let s = Story::new(generate(300, 5));
        let mut fast = s.initial().clone();
        let mut slow = s.initial().clone();
        // A copy through the save format no longer shares the starting ids: read by name.
        slow = ron::from_str(&ron::to_string(&slow).unwrap()).unwrap();
        assert!(s.keyed(&fast) && !s.keyed(&slow));
        for (i, n) in s.nodes.iter().enumerate() {
            let id = s.node_id(&n.id).unwrap();
            if id.index() != i {
                continue;
            }
            for b in 0..n.beats.len() {
                assert_eq!(s.shows_beat(&fast, id, b), s.shows_beat(&slow, id, b));
            }
            s.enter_node(&mut fast, id);
            s.enter_node(&mut slow, id);
            // Choices and branches only: a goto's target is not an arm.
            let arms = match &n.then {
                Then::Choices(cs) => cs.len(),
                Then::Random(bs) => bs.len(),
                Then::Goto(_) | Then::End(_) => 0,
            };
            for k in 0..arms {
                assert_eq!(s.arm_allowed(&fast, id, k), s.arm_allowed(&slow, id, k));
            }
            if arms > 0 {
                s.take_arm(&mut fast, id, i % arms);
                s.take_arm(&mut slow, id, i % arms);
            }
            assert_eq!(fast, slow, "after node {}", n.id);
        }
        assert!(s.keyed(&fast), "declared ids only: the slots still apply");
    }

    /// An effect on an undeclared variable adds it, by name; the state is read by name after.
    #[test]
    fn an_undeclared_variable_is_added_by_name() {
        let mut sc = generate(20, 1);
        let first = sc.nodes[0].id.clone();
        sc.nodes[0].effects.push(Effect::Add("surprise".into(), 3));
        sc.nodes[0].beats[0] = match sc.nodes[0].beats[0].clone() {
            crate::engine::model::Beat::Narrate { text, .. } => crate::engine::model::Beat::Narrate {
                text,
                when: Some(Condition::Var(
                    "surprise".into(),
                    crate::engine::model::Cmp::Eq,
                    3,
                )),
            },
            other => other,
        };
        let s = Story::new(sc);
        let id = s.node_id(&first).unwrap();
        let mut st = s.initial().clone();
        assert!(!s.shows_beat(&st, id, 0));
        s.enter_node(&mut st, id);
        assert_eq!(st.int("surprise"), 3);
        assert!(!s.keyed(&st));
        assert!(s.shows_beat(&st, id, 0));
    }
}
