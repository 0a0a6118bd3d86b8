//! What is shown, made into what the state space tells apart. The analyses track only what
//! choices and branches read (`compiled`), so for the cover every condition on a beat or a
//! debrief paragraph becomes a branch condition, in a copy of the scenario (as
//! `exhibits::expand` makes reading a choice):
//!
//! a node `n` with conditional beats (or an ending node whose ending has conditional
//! paragraphs), those asked for, keeps its id, effects and beats, and goes straight on to a chain of **probes**
//! `n#0`, `n#1`, …: random nodes with two branches, one open where the condition holds (`+`),
//! the other where it does not (`-`), so exactly one is ever open and the draw is certain.
//! The last node of the chain, `n#k`, has the node's own way on (and timer). Probes read the
//! state just after `n`'s effects, where the beats and paragraphs are evaluated, and change
//! nothing, so every playthrough is as before; their branch ids say what each shows. A probe
//! adds to what the states must tell apart (a paragraph's condition on an early choice keeps
//! that choice in every state up to the end), so the cover asks for a few at a time.

use super::{Item, Part};
use crate::engine::model::{Branch, Condition, Node, Scenario, Then};
use crate::engine::story::Story;
use hashbrown::HashMap;

/// A probe branch: what taking it shows (`None`: a paragraph not shown, nothing to cover).
pub(super) type Probes = HashMap<String, Option<Item>>;

/// `expanded` (the scenario, with exhibits as choices) with probes for those of `s`'s
/// conditional beats and paragraphs that `site` asks for (a beat by its `Item::Beat`, a
/// paragraph by its `Item::Paragraph`), and what each probe branch shows.
pub(super) fn expand(s: &Story, expanded: &Scenario, site: &dyn Fn(Item) -> bool) -> (Scenario, Probes) {
    let mut out = expanded.clone();
    let mut probes = Probes::new();
    out.nodes = Vec::with_capacity(expanded.nodes.len());
    for node in &expanded.nodes {
        // Only the story's own nodes have beats (an exhibit copy `n:<mask>` has none).
        let mut tests: Vec<(&Condition, Option<Item>, Option<Item>)> = Vec::new();
        if let Some(id) = s.node_id(&node.id) {
            for (i, b) in node.beats.iter().enumerate() {
                if let Some(c) = b.when().filter(|_| site(Item::Beat(id, i))) {
                    tests.push((c, Some(Item::Beat(id, i)), Some(Item::Without(id, i))));
                }
            }
        }
        if let Then::End(e) = &node.then
            && let Some(e) = s.ending_id(e)
        {
            let ending = s.ending_at(e);
            for (part, list) in [
                (Part::Debrief, &ending.debrief),
                (Part::StrongLeader, &ending.strong_leader),
            ] {
                for (i, p) in list.iter().enumerate() {
                    if let Some(c) = p.when.as_ref().filter(|_| site(Item::Paragraph(e, part, i))) {
                        tests.push((c, Some(Item::Paragraph(e, part, i)), None));
                    }
                }
            }
        }
        if tests.is_empty() {
            out.nodes.push(node.clone());
            continue;
        }
        let probe = |k: usize| format!("{}#{k}", node.id);
        let mut entry = node.clone();
        entry.then = Then::Goto(probe(0));
        entry.timer = None;
        out.nodes.push(entry);
        for (k, (c, shown, hidden)) in tests.iter().enumerate() {
            let next = probe(k + 1);
            let arm = |sign: char, when: Condition| Branch {
                id: format!("{}{sign}", probe(k)),
                weight: 1,
                when: Some(when),
                effects: Vec::new(),
                next: next.clone(),
            };
            let yes = arm('+', (*c).clone());
            let no = arm('-', Condition::Not(Box::new((*c).clone())));
            probes.insert(yes.id.clone(), *shown);
            probes.insert(no.id.clone(), *hidden);
            out.nodes.push(bare(probe(k), Then::Random(vec![yes, no])));
        }
        let mut last = bare(probe(tests.len()), node.then.clone());
        last.timer = node.timer.clone();
        out.nodes.push(last);
    }
    (out, probes)
}

/// A node with nothing but an id and a way on.
fn bare(id: String, then: Then) -> Node {
    Node {
        id,
        effects: Vec::new(),
        beats: Vec::new(),
        prompt: None,
        exhibits: Vec::new(),
        timer: None,
        then,
    }
}
