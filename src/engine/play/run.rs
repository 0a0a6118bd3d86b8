//! The run state machine: where the player is, what they chose and when (in game time),
//! and the seeded RNG position. A run is plain data: saving and reloading it resumes exactly.

pub use super::draw::draw_below;
use super::name::Name;
use super::shown::Shown;
use super::step::{Flow, Walk, follow};
use super::text::interpolate;
use crate::engine::model::{Branch, Choice, Then, Timer};
use crate::engine::state::{ById, State};
use crate::engine::story::{Next, NodeId, Story};
use crate::engine::template::has_braces;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use super::step::MAX_AUTO_STEPS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub scenario: String,
    pub version: u32,
    pub seed: u64,
    /// How many numbers have been drawn from the RNG; with `seed` this is the whole RNG state.
    pub draws: u64,
    /// The node the run is at: a decision, or the node that ended it.
    pub node: String,
    pub state: State,
    /// Every node entered, in order.
    pub path: Vec<Name>,
    pub decisions: Vec<Decision>,
    pub rolls: Vec<Roll>,
    pub ending: Option<String>,
    /// Exhibits opened, in order (left out of saves while empty, so older saves are unchanged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<Reading>,
}

/// An exhibit the player opened, and when: `before` is the number of decisions taken by then
/// (the reading happened at the decision with that index). Replays read it at that point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    pub exhibit: String,
    pub before: usize,
}

/// One decision the player made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub node: Name,
    pub choice: Name,
    /// Game time since the run started, in milliseconds, as given by the caller.
    pub at_ms: u64,
    /// The choice was taken because the node's timer ran out.
    pub timed_out: bool,
    /// Everyone's trust just after this decision took effect.
    pub trust: ById<i64>,
}

/// One random branch taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roll {
    pub node: Name,
    pub branch: Name,
    /// Which draw of the RNG decided it (0-based).
    pub draw: u64,
}

/// A node the run entered, with the beats that were visible on entering.
#[derive(Clone, PartialEq, Eq)]
pub struct Entered {
    pub node: Name,
    /// The same node, by id.
    pub id: NodeId,
    pub beats: Shown,
    /// The visible beats whose text has placeholders, filled in from the state on entering
    /// (the moment their conditions were evaluated): `(beat, text)`.
    pub filled: Vec<(usize, String)>,
}

impl fmt::Debug for Entered {
    /// As the name and the list of beats it had before ids, with `filled` left out while
    /// empty (so transcripts of runs whose beats have no placeholders read exactly as before).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Entered");
        d.field("node", &self.node).field("beats", &self.beats);
        if !self.filled.is_empty() {
            d.field("filled", &self.filled);
        }
        d.finish()
    }
}

impl Entered {
    /// Beat `i`'s text as shown: filled in if it had placeholders, else as written in `node`.
    pub fn text<'a>(&'a self, node: &'a crate::engine::model::Node, i: usize) -> &'a str {
        self.filled
            .iter()
            .find(|(k, _)| *k == i)
            .map_or_else(|| node.beats[i].text(), |(_, t)| t.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The scenario refers to a node that does not exist.
    MissingNode(String),
    MissingEnding(String),
    /// No such choice here; `valid` lists the ids that are.
    UnknownChoice {
        given: String,
        valid: Vec<String>,
    },
    /// The run has already ended.
    Over,
    /// The node has no timer, so it cannot time out.
    NoTimer(String),
    /// No choice or branch is available at this node.
    Stuck(String),
    /// Gotos and branches went round without reaching a decision.
    Runaway(String),
    /// The exhibit is not available in the current scene (boxed: errors stay small).
    NotHere(Box<NotHere>),
    /// The scene lists an exhibit the scenario does not have.
    MissingExhibit(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::MissingNode(n) => write!(f, "the scenario has no node `{n}`"),
            RunError::MissingEnding(n) => write!(f, "the scenario has no ending `{n}`"),
            RunError::UnknownChoice { given, valid } => {
                write!(f, "`{given}` is not a choice here; valid: {}", valid.join(", "))
            }
            RunError::Over => write!(f, "the run has already ended"),
            RunError::NoTimer(n) => write!(f, "node `{n}` is not timed"),
            RunError::Stuck(n) => write!(f, "no choice or branch is available at node `{n}`"),
            RunError::NotHere(e) => {
                let NotHere {
                    exhibit,
                    node,
                    available,
                } = &**e;
                write!(f, "exhibit `{exhibit}` is not available at node `{node}`")?;
                if available.is_empty() {
                    write!(f, " (this scene has no exhibits)")
                } else {
                    write!(f, "; available here: {}", available.join(", "))
                }
            }
            RunError::MissingExhibit(x) => write!(f, "the scenario has no exhibit `{x}`"),
            RunError::Runaway(n) => {
                write!(
                    f,
                    "more than {MAX_AUTO_STEPS} automatic steps without a decision, last at `{n}`"
                )
            }
        }
    }
}

impl std::error::Error for RunError {}

/// An exhibit asked for where it is not available: `available` lists the scene's exhibits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotHere {
    pub exhibit: String,
    pub node: String,
    pub available: Vec<String>,
}

impl RunError {
    /// `RunError::NotHere` for `exhibit` at `node`, which offers `available`.
    pub fn not_here(exhibit: &str, node: &str, available: &[String]) -> RunError {
        RunError::NotHere(Box::new(NotHere {
            exhibit: exhibit.to_string(),
            node: node.to_string(),
            available: available.to_vec(),
        }))
    }
}

impl Run {
    /// Starts a run at the scenario's start node and advances to the first decision or ending.
    pub fn start(s: &Story, seed: u64) -> Result<(Run, Vec<Entered>), RunError> {
        let mut run = Run {
            scenario: s.id.clone(),
            version: s.version,
            seed,
            draws: 0,
            node: s.start.clone(),
            state: s.initial().clone(),
            // Room for a short playthrough (allocations under 1 KiB are the cheap ones).
            path: Vec::with_capacity(16),
            decisions: Vec::with_capacity(8),
            rolls: Vec::with_capacity(4),
            ending: None,
            reads: Vec::new(),
        };
        let entered = run.enter(s, s.start(), &s.start)?;
        Ok((run, entered))
    }

    pub fn is_over(&self) -> bool {
        self.ending.is_some()
    }

    /// The node the run is at, unless it has ended.
    fn here(&self, s: &Story) -> Option<NodeId> {
        if self.is_over() {
            return None;
        }
        s.node_id(&self.node)
    }

    /// The choices offered at the current node, in display order.
    pub fn options<'s>(&self, s: &'s Story) -> Vec<&'s Choice> {
        self.here(s).map_or(Vec::new(), |n| self.offered(s, n).collect())
    }

    /// The choices `node` offers in this state (none unless it is a decision).
    fn offered<'s>(&self, s: &'s Story, node: NodeId) -> impl Iterator<Item = &'s Choice> {
        let cs = s.choices_of(node);
        (0..cs.len())
            .filter(move |&j| self.offers(s, node, j))
            .map(move |j| &cs[j])
    }

    /// Whether `node`'s `j`th choice is offered as a button in this state.
    fn offers(&self, s: &Story, node: NodeId, j: usize) -> bool {
        s.offers(&self.state, node, j)
    }

    /// The current node's timer, if it has one and the run is waiting on it.
    pub fn timer<'s>(&self, s: &'s Story) -> Option<&'s Timer> {
        self.here(s).and_then(|n| s.at(n).timer.as_ref())
    }

    /// Takes an offered choice by id (the timer's timeout choice counts as letting it run out).
    pub fn choose(&mut self, s: &Story, choice: &str, at_ms: u64) -> Result<Vec<Entered>, RunError> {
        if self.is_over() {
            return Err(RunError::Over);
        }
        let Some(node) = s.node_id(&self.node) else {
            return Err(RunError::UnknownChoice {
                given: choice.to_string(),
                valid: Vec::new(),
            });
        };
        // The first offered choice with that id (only its condition is evaluated).
        if let Some(j) = s
            .choices_of(node)
            .iter()
            .enumerate()
            .position(|(j, c)| c.id == choice && self.offers(s, node, j))
        {
            return self.take(s, node, j, at_ms, false);
        }
        // Naming the timeout choice means letting the timer run out (analysis paths list it).
        if s.at(node).timer.as_ref().is_some_and(|t| t.timeout == choice) {
            return self.timeout(s, at_ms);
        }
        Err(RunError::UnknownChoice {
            given: choice.to_string(),
            valid: self.offered(s, node).map(|c| c.id.clone()).collect(),
        })
    }

    /// Opens exhibit `id`, which must be one of the current scene's. The first time, it is
    /// recorded (with the number of decisions so far) and its evidence counts; opening it again
    /// changes nothing. Returns whether this was the first time.
    pub fn read(&mut self, s: &Story, id: &str) -> Result<bool, RunError> {
        let node = self.here(s).ok_or(RunError::Over)?;
        let listed = &s.at(node).exhibits;
        if !listed.iter().any(|x| x == id) {
            return Err(RunError::not_here(id, &self.node, listed));
        }
        if s.exhibit(id).is_none() {
            return Err(RunError::MissingExhibit(id.to_string()));
        }
        if !self.state.read.insert_str(id) {
            return Ok(false);
        }
        self.reads.push(Reading {
            exhibit: id.to_string(),
            before: self.decisions.len(),
        });
        Ok(true)
    }

    /// The exhibits the current scene offers (those the scenario has), in the scene's order.
    pub fn exhibits<'s>(&self, s: &'s Story) -> Vec<&'s crate::engine::model::Exhibit> {
        self.here(s).map_or(Vec::new(), |n| {
            s.at(n).exhibits.iter().filter_map(|x| s.exhibit(x)).collect()
        })
    }

    /// The timer ran out: takes the node's timeout choice, whatever its condition.
    pub fn timeout(&mut self, s: &Story, at_ms: u64) -> Result<Vec<Entered>, RunError> {
        if self.is_over() {
            return Err(RunError::Over);
        }
        let node = s
            .node_id(&self.node)
            .ok_or_else(|| RunError::MissingNode(self.node.clone()))?;
        let timer = s
            .at(node)
            .timer
            .as_ref()
            .ok_or_else(|| RunError::NoTimer(self.node.clone()))?;
        let Next::Choices { timeout: Some(j), .. } = *s.next(node) else {
            return Err(RunError::UnknownChoice {
                given: timer.timeout.clone(),
                valid: Vec::new(),
            });
        };
        self.take(s, node, j, at_ms, true)
    }

    /// Takes the `j`th choice of `node`.
    fn take(
        &mut self,
        s: &Story,
        node: NodeId,
        j: usize,
        at_ms: u64,
        timed_out: bool,
    ) -> Result<Vec<Entered>, RunError> {
        let c = &s.choices_of(node)[j];
        s.take_arm(&mut self.state, node, j);
        self.decisions.push(Decision {
            node: s.node_name(node).clone(),
            choice: s.arm_name(node, j).clone(),
            at_ms,
            timed_out,
            trust: self.state.trust.clone(),
        });
        let Next::Choices { targets, .. } = s.next(node) else {
            unreachable!("only decisions have choices")
        };
        self.enter(s, targets[j], &c.next)
    }

    /// Enters `target` (named `name`, for errors) and follows gotos and random branches until
    /// a decision or an ending (the one rule: `step::follow`).
    fn enter<'s>(
        &mut self,
        s: &'s Story,
        target: Option<NodeId>,
        name: &'s str,
    ) -> Result<Vec<Entered>, RunError> {
        let mut walk = Walking {
            run: self,
            s,
            entered: Vec::new(),
        };
        follow(&mut walk, (target, name))?;
        Ok(walk.entered)
    }
}

/// A run walking through its story, writing down the nodes it enters.
struct Walking<'r, 's> {
    run: &'r mut Run,
    s: &'s Story,
    entered: Vec<Entered>,
}

impl<'s> Walking<'_, 's> {
    fn branches(&self, node: NodeId) -> &'s [Branch] {
        match &self.s.at(node).then {
            Then::Random(bs) => bs,
            _ => &[],
        }
    }
    fn is_open(&self, node: NodeId, k: usize) -> bool {
        self.branches(node)[k].weight > 0 && self.s.arm_allowed(&self.run.state, node, k)
    }
}

impl<'s> Walk for Walking<'_, 's> {
    type Node = NodeId;
    /// The target, and its name as written (for errors).
    type Target = (Option<NodeId>, &'s str);
    type Error = RunError;

    fn resolve(&self, target: Self::Target) -> Option<NodeId> {
        target.0
    }

    fn enter(&mut self, id: NodeId) -> Result<Flow<Self::Target>, RunError> {
        let (s, run) = (self.s, &mut *self.run);
        let node = s.at(id);
        let name = s.node_name(id);
        run.node.clone_from(&node.id);
        run.path.push(name.clone());
        s.enter_node(&mut run.state, id);
        let beats = s.shown_beats(&run.state, id);
        let filled = if s.templated(id) {
            beats
                .iter()
                .filter(|&i| has_braces(node.beats[i].text()))
                .map(|i| (i, interpolate(s, &run.state, node.beats[i].text()).into_owned()))
                .collect()
        } else {
            Vec::new()
        };
        self.entered.push(Entered {
            node: name.clone(),
            id,
            beats,
            filled,
        });
        Ok(match (&node.then, s.next(id)) {
            (Then::Choices(_), _) => Flow::Decide,
            (Then::End(e), Next::End(ending)) => {
                ending.ok_or_else(|| RunError::MissingEnding(e.clone()))?;
                run.ending = Some(e.clone());
                Flow::End
            }
            (Then::Goto(name), Next::Goto(t)) => Flow::Goto((*t, name)),
            (Then::Random(bs), _) => Flow::Random(bs.len()),
            _ => unreachable!("a story's edges follow its nodes"),
        })
    }

    /// A timer, an offered choice, or an exhibit still to open (which may open a choice).
    fn can_decide(&self, node: NodeId) -> bool {
        self.s.can_decide(&self.run.state, node)
    }

    fn open(&mut self, node: NodeId) -> Result<u64, RunError> {
        let bs = self.branches(node);
        let open = (0..bs.len()).filter(|&k| self.is_open(node, k));
        Ok(open.map(|k| u64::from(bs[k].weight)).sum())
    }

    fn weight(&self, node: NodeId, k: usize) -> u64 {
        if self.is_open(node, k) {
            u64::from(self.branches(node)[k].weight)
        } else {
            0
        }
    }

    fn draw(&mut self, bound: u64) -> u64 {
        let x = draw_below(self.run.seed, self.run.draws, bound);
        self.run.draws += 1;
        x
    }

    fn take(&mut self, node: NodeId, k: usize) -> Self::Target {
        let b = &self.branches(node)[k];
        self.run.rolls.push(Roll {
            node: self.s.node_name(node).clone(),
            branch: self.s.arm_name(node, k).clone(),
            draw: self.run.draws - 1,
        });
        self.s.take_arm(&mut self.run.state, node, k);
        let Next::Random(targets) = self.s.next(node) else {
            unreachable!("only random nodes have branches")
        };
        (targets[k], &b.next)
    }

    fn missing(&self, (_, name): Self::Target) -> RunError {
        RunError::MissingNode(name.to_string())
    }
    fn stuck(&self, node: NodeId) -> RunError {
        RunError::Stuck(self.s.at(node).id.clone())
    }
    fn runaway(&self, (_, name): Self::Target) -> RunError {
        RunError::Runaway(name.to_string())
    }
}
