//! What a playthrough can show, as items: every scene, beat (and conditional beat's scene
//! without it), choice, branch, exhibit, ending and debrief paragraph, in the scenario's
//! order; what entering a node or ending a run shows; which items a condition decides.

use crate::engine::play::shown::Shown;
use crate::engine::state::State;
use crate::engine::story::{EndingId, NodeId, Story};
use crate::engine::text;
use hashbrown::HashMap;

/// Which debrief list a paragraph is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Debrief,
    StrongLeader,
}

/// Something a playthrough can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// A node entered.
    Scene(NodeId),
    /// Beat `i` of a node shown.
    Beat(NodeId, usize),
    /// A node entered with its conditional beat `i` not shown (the scene without it).
    Without(NodeId, usize),
    /// A node's `j`th choice taken (by the timer, for its timeout choice).
    Choice(NodeId, usize),
    /// A random node's `k`th branch drawn.
    Branch(NodeId, usize),
    /// The exhibit at this position in `Scenario::exhibits` opened.
    Exhibit(usize),
    Ending(EndingId),
    /// Paragraph `i` of an ending's debrief or strong-leader text shown.
    Paragraph(EndingId, Part, usize),
}

impl Item {
    /// Covered only after every other item: a scene without a conditional beat.
    pub fn secondary(self) -> bool {
        matches!(self, Item::Without(..))
    }
}

/// Every item of a story, in the scenario's order, and each one's index.
pub struct Items {
    pub(super) list: Vec<Item>,
    index: HashMap<Item, u32>,
}

impl Items {
    pub fn of(s: &Story) -> Items {
        let mut list = Vec::new();
        for (n, node) in s.nodes.iter().enumerate() {
            let id = s.node_id(&node.id).filter(|id| id.index() == n);
            let Some(id) = id else { continue };
            list.push(Item::Scene(id));
            for (i, b) in node.beats.iter().enumerate() {
                list.push(Item::Beat(id, i));
                if b.when().is_some() {
                    list.push(Item::Without(id, i));
                }
            }
            match &node.then {
                crate::engine::model::Then::Choices(cs) => {
                    list.extend((0..cs.len()).map(|j| Item::Choice(id, j)))
                }
                crate::engine::model::Then::Random(bs) => {
                    list.extend((0..bs.len()).map(|k| Item::Branch(id, k)))
                }
                _ => {}
            }
        }
        list.extend((0..s.exhibits.len()).map(Item::Exhibit));
        for (k, e) in s.endings.iter().enumerate() {
            let Some(id) = s.ending_id(&e.id).filter(|id| id.index() == k) else {
                continue;
            };
            list.push(Item::Ending(id));
            list.extend((0..e.debrief.iter().len()).map(|i| Item::Paragraph(id, Part::Debrief, i)));
            list.extend(
                (0..e.strong_leader.iter().len()).map(|i| Item::Paragraph(id, Part::StrongLeader, i)),
            );
        }
        let index = list.iter().zip(0u32..).map(|(&i, k)| (i, k)).collect();
        Items { list, index }
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn list(&self) -> &[Item] {
        &self.list
    }
    /// The index of an item of this story.
    pub fn index(&self, item: Item) -> u32 {
        self.index[&item]
    }
}

/// What entering `node` with `shown` beats visible shows.
pub(super) fn entered(s: &Story, node: NodeId, shown: &Shown, push: &mut impl FnMut(Item)) {
    push(Item::Scene(node));
    for (i, b) in s.at(node).beats.iter().enumerate() {
        if shown.iter().any(|k| k == i) {
            push(Item::Beat(node, i));
        } else if b.when().is_some() {
            push(Item::Without(node, i));
        }
    }
}

/// What ending at `e` in `state` shows: the ending and its paragraphs that apply.
pub(super) fn ended(s: &Story, e: EndingId, state: &State, push: &mut impl FnMut(Item)) {
    push(Item::Ending(e));
    let ending = s.ending_at(e);
    for i in text::shown(&ending.debrief, state) {
        push(Item::Paragraph(e, Part::Debrief, i));
    }
    for i in text::shown(&ending.strong_leader, state) {
        push(Item::Paragraph(e, Part::StrongLeader, i));
    }
}

/// Whether an item is shown only where a condition holds (a probe tells it).
pub(super) fn conditional(s: &Story, item: Item) -> bool {
    match item {
        Item::Beat(n, i) => s.at(n).beats[i].when().is_some(),
        Item::Without(..) => true,
        Item::Paragraph(e, part, i) => {
            let ending = s.ending_at(e);
            let list = match part {
                Part::Debrief => &ending.debrief,
                Part::StrongLeader => &ending.strong_leader,
            };
            list.0[i].when.is_some()
        }
        _ => false,
    }
}

/// The probe site that tells a conditional item (a beat's, for the scene without it).
pub(super) fn site_of(item: Item) -> Item {
    match item {
        Item::Without(n, i) => Item::Beat(n, i),
        other => other,
    }
}
