//! Pass: content lints — a scenario that works but teaches less than it could. Reported with
//! severity `lint` (which `check --strict` does not fail on):
//!
//! - `free-answer`: at a decision with two or more options, exactly one scores positive (the
//!   sum of its evidence points is above 0) and it costs nothing: no negative point, no
//!   `Trust` effect below 0, and no cost in a variable, which is an `Add` with a negative
//!   amount (spend what is left: `Add("budget_k", -20)`, `Add("hours_left", -2)`).
//! - `dominated-option`: an option another option at the same decision beats: both lead to
//!   the same node with the same effects on variables, the other is offered whenever this
//!   one is, no condition tells which of the two was taken, and the other scores at least as
//!   much on every skill and moves every character's trust at least as far up, and more on
//!   one of them.
//! - `decorative-trust`: a character whose trust no condition reads.
//! - `unread-flag`: a variable some effect changes that no condition and no placeholder
//!   reads and the player is not shown (it has no `label`).

use super::context::{Ctx, El, IdSet};
use crate::engine::diagnostic::Code;
use crate::engine::model::{Choice, Condition, Effect, Then};
use crate::engine::template::{Piece, has_braces, parse};
use std::collections::BTreeMap;

/// The free answer among a decision's choices, if it has one: with two or more options
/// offered as buttons, exactly one scores positive and it costs nothing. Its index in `cs`.
pub fn free_answer(cs: &[Choice]) -> Option<usize> {
    let options: Vec<(usize, &Choice)> = cs.iter().enumerate().filter(|(_, c)| !c.timeout_only).collect();
    if options.len() < 2 {
        return None;
    }
    let positive: Vec<&(usize, &Choice)> = options.iter().filter(|(_, c)| c.points() > 0).collect();
    match positive.as_slice() {
        &[&(j, c)] if !c.costs() => Some(j),
        _ => None,
    }
}

impl Ctx<'_> {
    pub(super) fn lints(&mut self) {
        let reads = Reads::of(self.s);
        self.free_answers();
        self.dominated(&reads);
        self.decorative_trust(&reads);
        self.unread_variables(&reads);
    }

    fn free_answers(&mut self) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let Then::Choices(cs) = &n.then else { continue };
            let Some(j) = free_answer(cs) else { continue };
            let c = &cs[j];
            self.lint(
                self.at_field(El::Arm(i, j), "id"),
                Code::FreeAnswer,
                format!(
                    "at node `{}`, `{}` is the only option that scores and it costs nothing: the answer shows without judgement",
                    n.id, c.id
                ),
                "give it a price (a skill it neglects, trust it spends, or a cost such as `Add(\"budget_k\", -10)`), or give another option a real strength".into(),
            );
        }
    }

    fn dominated(&mut self, reads: &Reads) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let Then::Choices(cs) = &n.then else { continue };
            for (j, a) in cs.iter().enumerate() {
                if a.timeout_only || reads.choices.contains(a.id.as_str()) {
                    continue;
                }
                let better = cs.iter().enumerate().find(|&(k, b)| {
                    k != j && !b.timeout_only && !reads.choices.contains(b.id.as_str()) && dominates(b, a)
                });
                if let Some((_, b)) = better {
                    self.lint(
                        self.at_field(El::Arm(i, j), "id"),
                        Code::DominatedOption,
                        format!(
                            "at node `{}`, `{}` is dominated by `{}`: it leads to the same place, is no better on any skill or trust, and worse on one",
                            n.id, a.id, b.id
                        ),
                        "give it a strength of its own (a skill it shows, trust it earns, a different consequence), or remove it".into(),
                    );
                }
            }
        }
    }

    fn decorative_trust(&mut self, reads: &Reads) {
        for (i, c) in self.s.characters.iter().enumerate() {
            if !reads.trust.contains(c.id.as_str()) {
                self.lint(
                    self.at_field(El::Character(i), "trust"),
                    Code::DecorativeTrust,
                    format!("no condition reads `{}`'s trust, so it changes nothing that happens", c.id),
                    format!(
                        "let it matter: gate a later choice, branch, beat or debrief paragraph on `Trust(\"{}\", Ge, n)`",
                        c.id
                    ),
                );
            }
        }
    }

    fn unread_variables(&mut self, reads: &Reads) {
        let s = self.s;
        let mut effects: Vec<&Effect> = Vec::new();
        for n in &s.nodes {
            effects.extend(&n.effects);
            match &n.then {
                Then::Choices(cs) => cs.iter().for_each(|c| effects.extend(&c.effects)),
                Then::Random(bs) => bs.iter().for_each(|b| effects.extend(&b.effects)),
                _ => {}
            }
        }
        let changed: IdSet<&str> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Add(v, _) | Effect::Set(v, _) | Effect::Flag(v, _) => Some(v.as_str()),
                Effect::Trust(..) => None,
            })
            .collect();
        for (i, v) in s.variables.iter().enumerate() {
            if changed.contains(v.id()) && v.label().is_none() && !reads.vars.contains(v.id()) {
                self.lint(
                    self.at_field(El::Variable(i), "id"),
                    Code::UnreadFlag,
                    format!(
                        "`{}` is set but never read: no condition or placeholder uses it and it has no label",
                        v.id()
                    ),
                    "make a later scene depend on it (`when: Flag(…)` / `Var(…)`), show it with a `label` or a placeholder, or remove it".into(),
                );
            }
        }
    }
}

/// The sum of a choice's evidence points.
/// Points per skill and trust change per character of a choice.
fn profile(c: &Choice) -> (BTreeMap<&str, i64>, BTreeMap<&str, i64>) {
    let mut pts = BTreeMap::new();
    for e in &c.skills {
        *pts.entry(e.skill.as_str()).or_insert(0) += i64::from(e.points);
    }
    let mut trust = BTreeMap::new();
    for e in &c.effects {
        if let Effect::Trust(who, d) = e {
            *trust.entry(who.as_str()).or_insert(0) += d;
        }
    }
    (pts, trust)
}

/// Whether `b` beats `a` (see the module documentation).
fn dominates(b: &Choice, a: &Choice) -> bool {
    if b.next != a.next || (b.when.is_some() && b.when != a.when) {
        return false;
    }
    let others = |c: &Choice| -> Vec<String> {
        let mut v: Vec<String> = c
            .effects
            .iter()
            .filter(|e| !matches!(e, Effect::Trust(..)))
            .map(|e| format!("{e:?}"))
            .collect();
        v.sort();
        v
    };
    if others(a) != others(b) {
        return false;
    }
    let ((pa, ta), (pb, tb)) = (profile(a), profile(b));
    let mut strictly = false;
    for (ma, mb) in [(&pa, &pb), (&ta, &tb)] {
        let keys: std::collections::BTreeSet<&str> = ma.keys().chain(mb.keys()).copied().collect();
        for k in keys {
            let (x, y) = (ma.get(k).copied().unwrap_or(0), mb.get(k).copied().unwrap_or(0));
            if y < x {
                return false;
            }
            strictly |= y > x;
        }
    }
    strictly
}

/// What the scenario reads: trust and variables tested by conditions (or shown through
/// placeholders, for variables), and choices tested by `Chose`.
struct Reads<'a> {
    trust: IdSet<&'a str>,
    vars: IdSet<&'a str>,
    choices: IdSet<&'a str>,
}

impl<'a> Reads<'a> {
    fn of(s: &'a crate::engine::model::Scenario) -> Self {
        let mut r = Reads {
            trust: IdSet::default(),
            vars: IdSet::default(),
            choices: IdSet::default(),
        };
        for c in s.conditions() {
            c.each_test(&mut |t| match t {
                Condition::Trust(who, ..) => {
                    r.trust.insert(who.as_str());
                }
                Condition::Var(v, ..) | Condition::Flag(v) => {
                    r.vars.insert(v.as_str());
                }
                Condition::Chose(ch) => {
                    r.choices.insert(ch.as_str());
                }
                _ => {}
            });
        }
        let mut texts: Vec<&'a str> = Vec::new();
        for n in &s.nodes {
            texts.extend(n.beats.iter().map(|b| b.text()));
        }
        texts.extend(s.choices().map(|(_, c)| c.text.as_str()));
        for e in &s.endings {
            texts.extend(e.debrief.iter().chain(&e.strong_leader).map(|p| p.text.as_str()));
        }
        for t in texts.into_iter().filter(|t| has_braces(t)) {
            for p in parse(t).unwrap_or_default() {
                if let Piece::Var(v) = p.piece {
                    r.vars.insert(v);
                }
            }
        }
        r
    }
}
