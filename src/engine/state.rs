//! The mutable part of a run: variables, trust, visited nodes and taken choices;
//! evaluating conditions and applying effects against it.

use super::model::{Condition, Effect, Scenario, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const TRUST_MIN: i64 = 0;
pub const TRUST_MAX: i64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct State {
    pub vars: BTreeMap<String, Value>,
    pub trust: BTreeMap<String, i64>,
    pub visited: BTreeSet<String>,
    pub chosen: BTreeSet<String>,
}

impl State {
    pub fn initial(s: &Scenario) -> Self {
        State {
            vars: s
                .variables
                .iter()
                .map(|v| (v.id().to_string(), v.initial()))
                .collect(),
            trust: s
                .characters
                .iter()
                .map(|c| (c.id.clone(), c.trust.clamp(TRUST_MIN, TRUST_MAX)))
                .collect(),
            visited: BTreeSet::new(),
            chosen: BTreeSet::new(),
        }
    }

    /// An integer variable's value (a flag reads as 0 or 1; unknown as 0).
    pub fn int(&self, id: &str) -> i64 {
        match self.vars.get(id) {
            Some(Value::Int(n)) => *n,
            Some(Value::Flag(b)) => i64::from(*b),
            None => 0,
        }
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

    pub fn apply(&mut self, e: &Effect) {
        match e {
            Effect::Trust(who, d) => {
                let t = self.trust.entry(who.clone()).or_insert(0);
                *t = t.saturating_add(*d).clamp(TRUST_MIN, TRUST_MAX);
            }
            Effect::Add(v, d) => {
                let n = self.int(v).saturating_add(*d);
                self.vars.insert(v.clone(), Value::Int(n));
            }
            Effect::Set(v, n) => {
                self.vars.insert(v.clone(), Value::Int(*n));
            }
            Effect::Flag(v, b) => {
                self.vars.insert(v.clone(), Value::Flag(*b));
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
            vars: BTreeMap::new(),
            trust: BTreeMap::new(),
            visited: BTreeSet::new(),
            chosen: BTreeSet::new(),
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
}
