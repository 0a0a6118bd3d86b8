//! A scenario resolved once into a plain value: typed ids, every edge by index, name tables
//! and the starting state. Everything that plays, replays, scores or reports a scenario works
//! on a `Story`; nothing is cached anywhere else.
//!
//! A `Story` is built from any parsed [`Scenario`], checked or not, and never fails: a
//! reference that names nothing (only possible when the check reported an error) resolves to
//! `None`, and playing into it gives the run error it always has. For a scenario that passed
//! the check every edge resolves.
//!
//! It dereferences to its source `Scenario`, so the texts (titles, beats, choices, endings)
//! are read as authors wrote them; the lookups by name (`node`, `ending`, `choice`,
//! `character`, `variable`) are the indexed ones here, not the scans on `Scenario`.

mod rules;

use super::model::{Character, Choice, Ending, Exhibit, Node, Scenario, Then, Variable};
use super::state::State;
use foldhash::fast::FixedState;
use std::ops::Deref;

/// Names to ids (hashbrown's table with foldhash: quick on short ids).
type Table<I> = hashbrown::HashMap<Box<str>, I, FixedState>;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The position in the scenario's list this id stands for.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A node: its position in `Scenario::nodes`.
    NodeId
);
id!(
    /// A choice: its position among every choice of the scenario, in file order.
    ChoiceId
);
id!(
    /// An ending: its position in `Scenario::endings`.
    EndingId
);
id!(
    /// A character: its position in `Scenario::characters`.
    CharacterId
);
id!(
    /// A variable: its position in `Scenario::variables`.
    VarId
);

/// How a node continues, with every target resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A decision: the node's choices are `first..first + targets.len()`, each leading to
    /// its target; `timeout` is the position among them of the timer's timeout choice.
    Choices {
        first: ChoiceId,
        targets: Vec<Option<NodeId>>,
        timeout: Option<usize>,
    },
    Goto(Option<NodeId>),
    /// A weighted draw: one target per branch, in the node's order.
    Random(Vec<Option<NodeId>>),
    End(Option<EndingId>),
}

/// Where a choice is: its node and its position among the node's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceAt {
    pub node: NodeId,
    pub index: usize,
}

/// Names to ids, the first of each name winning where names repeat (a check error).
#[derive(Debug, Clone, Default)]
struct Names {
    nodes: Table<NodeId>,
    endings: Table<EndingId>,
    choices: Table<ChoiceId>,
    characters: Table<CharacterId>,
    variables: Table<VarId>,
    /// Exhibit names to positions in `Scenario::exhibits`.
    exhibits: Table<usize>,
}

/// The id of position `i` in a list of fewer than 2^32 items.
fn at<I>(i: usize, id: fn(u32) -> I) -> I {
    id(u32::try_from(i).expect("fewer than 2^32 items"))
}

/// Names in list order to ids, the first of a repeated name kept.
fn table<'a, I: Copy>(names: impl Iterator<Item = &'a str>, id: fn(u32) -> I) -> Table<I> {
    let mut t = Table::default();
    for (i, name) in names.enumerate() {
        t.entry(Box::from(name)).or_insert_with(|| at(i, id));
    }
    t
}

fn find<I: Copy>(t: &Table<I>, name: &str) -> Option<I> {
    t.get(name).copied()
}

/// The resolved scenario. See the module documentation.
#[derive(Debug, Clone)]
pub struct Story {
    source: Scenario,
    start: Option<NodeId>,
    next: Vec<Next>,
    choices: Vec<ChoiceAt>,
    names: Names,
    initial: State,
    rules: Vec<rules::NodeRules>,
    /// Per node: whether any of its beats has a placeholder (most have none, and entering such
    /// a node skips filling in altogether).
    templated: Vec<bool>,
}

impl Story {
    /// Resolves `scenario`. Never fails; see the module documentation.
    pub fn new(scenario: Scenario) -> Story {
        let s = &scenario;
        let names = Names {
            nodes: table(s.nodes.iter().map(|n| n.id.as_str()), NodeId),
            endings: table(s.endings.iter().map(|e| e.id.as_str()), EndingId),
            choices: table(s.choices().map(|(_, c)| c.id.as_str()), ChoiceId),
            characters: table(s.characters.iter().map(|c| c.id.as_str()), CharacterId),
            variables: table(s.variables.iter().map(Variable::id), VarId),
            exhibits: table(s.exhibits.iter().map(|x| x.id.as_str()), |i| i as usize),
        };
        let node = |name: &str| find(&names.nodes, name);
        let mut choices = Vec::new();
        let next = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| match &n.then {
                Then::Choices(cs) => {
                    let first = at(choices.len(), ChoiceId);
                    choices.extend((0..cs.len()).map(|index| ChoiceAt {
                        node: at(i, NodeId),
                        index,
                    }));
                    Next::Choices {
                        first,
                        targets: cs.iter().map(|c| node(&c.next)).collect(),
                        timeout: n
                            .timer
                            .as_ref()
                            .and_then(|t| cs.iter().position(|c| c.id == t.timeout)),
                    }
                }
                Then::Goto(t) => Next::Goto(node(t)),
                Then::Random(bs) => Next::Random(bs.iter().map(|b| node(&b.next)).collect()),
                Then::End(e) => Next::End(find(&names.endings, e)),
            })
            .collect();
        let initial = State::initial(s);
        let templated = s
            .nodes
            .iter()
            .map(|n| {
                n.beats
                    .iter()
                    .any(|b| crate::engine::template::has_braces(b.text()))
            })
            .collect();
        Story {
            start: node(&s.start),
            rules: rules::resolve(s, &initial),
            initial,
            templated,
            next,
            choices,
            names,
            source: scenario,
        }
    }

    /// The scenario as its author wrote it.
    pub fn scenario(&self) -> &Scenario {
        &self.source
    }

    /// The start node, if it exists.
    pub fn start(&self) -> Option<NodeId> {
        self.start
    }

    /// Every variable at its initial value and every character at their starting trust.
    pub fn initial(&self) -> &State {
        &self.initial
    }

    pub fn node_id(&self, name: &str) -> Option<NodeId> {
        find(&self.names.nodes, name)
    }
    pub fn ending_id(&self, name: &str) -> Option<EndingId> {
        find(&self.names.endings, name)
    }
    pub fn choice_id(&self, name: &str) -> Option<ChoiceId> {
        find(&self.names.choices, name)
    }
    pub fn character_id(&self, name: &str) -> Option<CharacterId> {
        find(&self.names.characters, name)
    }
    pub fn var_id(&self, name: &str) -> Option<VarId> {
        find(&self.names.variables, name)
    }

    /// The node an id stands for.
    pub fn at(&self, id: NodeId) -> &Node {
        &self.source.nodes[id.index()]
    }
    /// Whether any beat of the node has a placeholder to fill in.
    pub fn templated(&self, id: NodeId) -> bool {
        self.templated[id.index()]
    }
    /// How a node continues.
    pub fn next(&self, id: NodeId) -> &Next {
        &self.next[id.index()]
    }
    pub fn ending_at(&self, id: EndingId) -> &Ending {
        &self.source.endings[id.index()]
    }
    /// Where a choice is.
    pub fn choice_at(&self, id: ChoiceId) -> ChoiceAt {
        self.choices[id.index()]
    }
    /// A node's choices (none unless it is a decision).
    pub fn choices_of(&self, id: NodeId) -> &[Choice] {
        match &self.at(id).then {
            Then::Choices(cs) => cs,
            _ => &[],
        }
    }

    /// The first node with this id.
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.node_id(name).map(|id| self.at(id))
    }
    /// The first ending with this id.
    pub fn ending(&self, name: &str) -> Option<&Ending> {
        self.ending_id(name).map(|id| self.ending_at(id))
    }
    /// The first choice with this id, with its node.
    pub fn choice(&self, name: &str) -> Option<(&Node, &Choice)> {
        let at = self.choice_at(self.choice_id(name)?);
        Some((self.at(at.node), &self.choices_of(at.node)[at.index]))
    }
    pub fn character(&self, name: &str) -> Option<&Character> {
        self.character_id(name)
            .map(|id| &self.source.characters[id.index()])
    }
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.var_id(name).map(|id| &self.source.variables[id.index()])
    }
    /// The first exhibit with this id.
    pub fn exhibit(&self, name: &str) -> Option<&Exhibit> {
        find(&self.names.exhibits, name).map(|i| &self.source.exhibits[i])
    }
}

impl From<Scenario> for Story {
    fn from(s: Scenario) -> Story {
        Story::new(s)
    }
}

impl Deref for Story {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        &self.source
    }
}

impl PartialEq for Story {
    /// Two stories are equal when their sources are: everything else is derived.
    fn eq(&self, other: &Story) -> bool {
        self.source == other.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::generate::generate;

    #[test]
    fn lookups_find_the_first_item_with_a_name_as_a_scan_does() {
        let mut s = generate(200, 2);
        let dup = s.nodes[7].id.clone();
        s.nodes[150].id = dup.clone();
        let story = Story::new(s.clone());
        for (i, n) in s.nodes.iter().enumerate() {
            let first = s.nodes.iter().position(|m| m.id == n.id).unwrap();
            assert_eq!(story.node_id(&n.id).map(NodeId::index), Some(first), "{i}");
        }
        assert_eq!(story.node_id(&dup).map(NodeId::index), Some(7));
        assert!(story.node("nowhere").is_none());
        for (n, c) in s.choices() {
            let (m, d) = story.choice(&c.id).unwrap();
            assert_eq!((&m.id, &d.id), (&n.id, &c.id));
        }
        for e in &s.endings {
            assert_eq!(story.ending(&e.id).map(|x| &x.id), Some(&e.id));
        }
        for c in &s.characters {
            assert_eq!(story.character(&c.id).map(|x| &x.name), Some(&c.name));
        }
        assert!(story.ending("nowhere").is_none() && story.choice("nowhere").is_none());
    }

    #[test]
    fn edges_resolve_and_dangling_ones_are_none() {
        let mut s = generate(60, 1);
        let story = Story::new(s.clone());
        assert_eq!(
            story.start().map(|n| story.at(n).id.clone()),
            Some(s.start.clone())
        );
        for (i, n) in s.nodes.iter().enumerate() {
            let targets: Vec<Option<NodeId>> = match story.next(NodeId(i as u32)) {
                Next::Choices { targets, .. } | Next::Random(targets) => targets.clone(),
                Next::Goto(t) => vec![*t],
                Next::End(e) => {
                    assert!(e.is_some());
                    Vec::new()
                }
            };
            let names: Vec<Option<&str>> = targets
                .iter()
                .map(|t| t.map(|t| story.at(t).id.as_str()))
                .collect();
            assert_eq!(names, n.targets().into_iter().map(Some).collect::<Vec<_>>());
        }
        s.start = "nowhere".into();
        assert_eq!(Story::new(s).start(), None);
    }
}
