//! Opening exhibits, for the analyses. Reading is a free action at a decision: the player
//! may open any of the scene's exhibits, in any order, before choosing (each once per run;
//! its evidence counts once). The analyses (`analyze`, `simulate`, their compiled form) see
//! this as choices, by analysing an expanded copy of the scenario:
//!
//! a decision node `n` listing exhibits keeps its id, effects and beats and goes straight on
//! to one copy of its decision per set of its exhibits already opened (`n:<mask>`, ids no
//! author can write). Each copy offers the node's choices (and timer), plus one choice per
//! exhibit not in its set: `read:<exhibit>`, offered while the exhibit is unread (the flag
//! `read:<exhibit>` the compiled form also reads for `Read(..)` conditions), scoring the
//! exhibit's evidence and leading to the copy with that exhibit added. The copies form no
//! loop, so the search and the node-graph bounds both see every order of reading exactly.
//!
//! Paths the analyses return may therefore hold `read:<exhibit>` steps ([`exhibit_step`]),
//! and `stuck` names the node (the copy's suffix is removed).

use crate::engine::model::{Choice, Condition, Effect, Evidence, Scenario, Then};
use std::borrow::Cow;

/// The flag variable that stands for "exhibit `id` has been opened" in the analysed form (a
/// name no author can write: ids have no `:`).
pub(crate) fn read_flag(id: &str) -> String {
    format!("read:{id}")
}

/// The exhibit a path step opens, when the step is `read:<exhibit>`.
pub fn exhibit_step(step: &str) -> Option<&str> {
    step.strip_prefix("read:")
}

/// The node an analysed node's id stands for (a decision copy `n:<mask>` stands for `n`).
pub fn source_node(id: &str) -> &str {
    id.split_once(':').map_or(id, |(n, _)| n)
}

/// The scenario with reading exhibits as choices (see the module documentation); the
/// scenario itself when no decision lists an existing exhibit.
pub(crate) fn expand(s: &Scenario) -> Cow<'_, Scenario> {
    let listed = |n: &crate::engine::model::Node| -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for x in &n.exhibits {
            if let Some(k) = s.exhibits.iter().position(|e| &e.id == x)
                && !out.contains(&k)
            {
                out.push(k);
            }
        }
        out.truncate(crate::engine::check::MAX_EXHIBITS_PER_NODE);
        out
    };
    if !s
        .nodes
        .iter()
        .any(|n| matches!(n.then, Then::Choices(_)) && !listed(n).is_empty())
    {
        return Cow::Borrowed(s);
    }
    let mut out = s.clone();
    out.nodes = Vec::with_capacity(s.nodes.len());
    for n in &s.nodes {
        let exhibits = listed(n);
        let Then::Choices(choices) = &n.then else {
            out.nodes.push(n.clone());
            continue;
        };
        if exhibits.is_empty() {
            out.nodes.push(n.clone());
            continue;
        }
        let copy = |mask: usize| format!("{}:{mask}", n.id);
        let mut entry = n.clone();
        entry.timer = None;
        entry.exhibits = Vec::new();
        entry.then = Then::Goto(copy(0));
        out.nodes.push(entry);
        for mask in 0..1usize << exhibits.len() {
            let mut arms: Vec<Choice> = choices.clone();
            for (bit, &k) in exhibits.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    continue;
                }
                let x = &s.exhibits[k];
                arms.push(Choice {
                    id: format!("read:{}", x.id),
                    text: x.title.clone(),
                    when: Some(Condition::Not(Box::new(Condition::Read(x.id.clone())))),
                    timeout_only: false,
                    skills: x
                        .evidence
                        .iter()
                        .map(|(skill, points)| Evidence {
                            skill: skill.clone(),
                            points: *points,
                            why: String::new(),
                        })
                        .collect(),
                    effects: vec![Effect::Flag(read_flag(&x.id), true)],
                    next: copy(mask | 1 << bit),
                    coach: String::new(),
                });
            }
            out.nodes.push(crate::engine::model::Node {
                id: copy(mask),
                effects: Vec::new(),
                beats: Vec::new(),
                prompt: None,
                exhibits: Vec::new(),
                timer: n.timer.clone(),
                then: Then::Choices(arms),
            });
        }
    }
    Cow::Owned(out)
}
