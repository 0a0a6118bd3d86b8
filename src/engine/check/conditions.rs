//! Pass: conditions that can never hold — beats never shown, choices never offered, branches
//! never taken, judged from what is known statically about the scenario's values.

use super::context::{Ctx, El, IdMap, IdSet};
use crate::engine::diagnostic::Code;
use crate::engine::model::{Cmp, Condition, Effect, Scenario, Then, Variable};

impl Ctx<'_> {
    pub(super) fn conditions(&mut self) {
        let facts = Facts::of(self.s);
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            for (k, b) in n.beats.iter().enumerate() {
                if let Some(c) = b.when()
                    && facts.eval(c) == Some(false)
                {
                    self.warn(
                        self.at_str(span, b.text()),
                        Code::NeverHolds,
                        format!(
                            "beat {} of node `{}` is never shown: its condition can never hold",
                            k + 1,
                            n.id
                        ),
                        facts.why_never(c),
                    );
                }
            }
            match &n.then {
                Then::Choices(cs) => {
                    for (j, c) in cs.iter().enumerate() {
                        if let Some(w) = &c.when
                            && facts.eval(w) == Some(false)
                        {
                            self.warn(
                                self.at_field(El::Arm(i, j), "when"),
                                Code::NeverHolds,
                                format!("choice `{}` is never offered: its condition can never hold", c.id),
                                facts.why_never(w),
                            );
                        }
                    }
                }
                Then::Random(bs) => {
                    for (j, b) in bs.iter().enumerate() {
                        if let Some(w) = &b.when
                            && facts.eval(w) == Some(false)
                        {
                            self.warn(
                                self.at_field(El::Arm(i, j), "when"),
                                Code::NeverHolds,
                                format!("branch `{}` is never taken: its condition can never hold", b.id),
                                facts.why_never(w),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            for (field, list) in [("debrief", &e.debrief), ("strong_leader", &e.strong_leader)] {
                for (k, p) in list.iter().enumerate() {
                    if let Some(c) = &p.when
                        && facts.eval(c) == Some(false)
                    {
                        self.warn(
                            self.at_str(El::Ending(i), &p.text),
                            Code::NeverHolds,
                            format!(
                                "`{field}` paragraph {} of ending `{}` is never shown: its condition can never hold",
                                k + 1,
                                e.id
                            ),
                            facts.why_never(c),
                        );
                    }
                }
            }
        }
    }
}

/// What can be known statically about values: which variables never change, which flag
/// values can occur, which characters' trust never moves.
struct Facts<'a> {
    s: &'a Scenario,
    changed_ints: IdSet<&'a str>,
    flag_values: IdMap<&'a str, IdSet<bool>>,
    trust_moves: IdSet<&'a str>,
}

impl<'a> Facts<'a> {
    fn of(s: &'a Scenario) -> Self {
        let mut f = Facts {
            s,
            changed_ints: IdSet::default(),
            flag_values: IdMap::default(),
            trust_moves: IdSet::default(),
        };
        for v in &s.variables {
            if let Variable::Flag { id, initial, .. } = v {
                f.flag_values.entry(id.as_str()).or_default().insert(*initial);
            }
        }
        let mut all: Vec<&Effect> = Vec::new();
        for n in &s.nodes {
            all.extend(n.effects.iter());
            match &n.then {
                Then::Choices(cs) => cs.iter().for_each(|c| all.extend(c.effects.iter())),
                Then::Random(bs) => bs.iter().for_each(|b| all.extend(b.effects.iter())),
                _ => {}
            }
        }
        for e in all {
            match e {
                Effect::Trust(who, d) if *d != 0 => {
                    f.trust_moves.insert(who.as_str());
                }
                Effect::Add(v, _) | Effect::Set(v, _) => {
                    f.changed_ints.insert(v.as_str());
                }
                Effect::Flag(v, b) => {
                    f.flag_values.entry(v.as_str()).or_default().insert(*b);
                }
                _ => {}
            }
        }
        f
    }

    /// `Some(b)` when the condition is known to always be `b`; `None` when it depends on play.
    fn eval(&self, c: &Condition) -> Option<bool> {
        match c {
            Condition::Var(v, cmp, n) => {
                if self.changed_ints.contains(v.as_str()) {
                    return None;
                }
                match self.s.variable(v) {
                    Some(Variable::Int { initial, .. }) => Some(cmp.holds(*initial, *n)),
                    _ => None,
                }
            }
            Condition::Flag(v) => {
                let vals = self.flag_values.get(v.as_str())?;
                if vals.len() == 1 {
                    vals.iter().next().copied()
                } else {
                    None
                }
            }
            Condition::Trust(who, cmp, n) => {
                if !self.trust_moves.contains(who.as_str()) {
                    let t = self.s.character(who)?.trust.clamp(0, 100);
                    return Some(cmp.holds(t, *n));
                }
                let any = (0..=100).any(|t| cmp.holds(t, *n));
                let every = (0..=100).all(|t| cmp.holds(t, *n));
                if !any {
                    Some(false)
                } else if every {
                    Some(true)
                } else {
                    None
                }
            }
            Condition::Visited(_) | Condition::Chose(_) | Condition::Read(_) => None,
            Condition::All(cs) => {
                let vals: Vec<_> = cs.iter().map(|c| self.eval(c)).collect();
                if vals.contains(&Some(false)) {
                    Some(false)
                } else if vals.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            Condition::Any(cs) => {
                let vals: Vec<_> = cs.iter().map(|c| self.eval(c)).collect();
                if vals.contains(&Some(true)) {
                    Some(true)
                } else if vals.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            Condition::Not(c) => self.eval(c).map(|b| !b),
        }
    }

    fn why_never(&self, c: &Condition) -> String {
        match c {
            Condition::Var(v, cmp, n) => format!(
                "`{v}` is never changed by any effect, so it is always {}; `{v} {} {n}` is false",
                self.s.variable(v).map(|v| v.initial()).map_or(0, |v| match v {
                    crate::engine::model::Value::Int(i) => i,
                    crate::engine::model::Value::Flag(b) => i64::from(b),
                }),
                cmp.symbol()
            ),
            Condition::Flag(v) => format!("no effect ever sets `{v}` to true and it starts false"),
            Condition::Trust(who, cmp, n)
                if matches!(cmp, Cmp::Gt | Cmp::Ge | Cmp::Lt | Cmp::Le | Cmp::Eq) && (*n < 0 || *n > 100) =>
            {
                format!(
                    "trust runs from 0 to 100, so `{who} {} {n}` is never true",
                    cmp.symbol()
                )
            }
            Condition::Trust(who, _, _) => {
                format!("no effect ever changes `{who}`'s trust, so this is decided at the start")
            }
            Condition::All(cs) => cs
                .iter()
                .find(|c| self.eval(c) == Some(false))
                .map_or_else(|| "one of its parts is never true".into(), |c| self.why_never(c)),
            _ => {
                "check the condition against the variables' starting values and the effects that change them"
                    .into()
            }
        }
    }
}
