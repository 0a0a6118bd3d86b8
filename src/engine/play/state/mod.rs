//! The mutable part of a run: variables, trust, visited nodes and taken choices;
//! evaluating conditions and applying effects against it.

pub(crate) mod by_id;
mod seen;
#[cfg(test)]
mod tests;

pub use by_id::ById;
pub use seen::SeenIds;

use crate::engine::model::{Condition, Effect, Scenario, Value};
use serde::{Deserialize, Serialize};

pub const TRUST_MIN: i64 = 0;
pub const TRUST_MAX: i64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct State {
    pub vars: ById<Value>,
    pub trust: ById<i64>,
    pub visited: SeenIds,
    pub chosen: SeenIds,
    /// Exhibits opened (left out of saves while empty, so older saves read and write the same).
    #[serde(default, skip_serializing_if = "SeenIds::is_empty")]
    pub read: SeenIds,
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
            read: SeenIds::new(),
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
            Condition::Read(exhibit) => self.read.contains(exhibit),
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
