//! The scenario and skill-framework data model, exactly as authors write it in RON.

use serde::{Deserialize, Serialize};

pub use super::exhibit::{Exhibit, ExhibitKind};
pub use super::facilitation::{Contested, Facilitation, ListenFor, Side};
pub use super::paragraphs::{Paragraph, Paragraphs};

/// One branching workplace scenario (`scenarios/<id>.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id; must match the file name (`<id>.ron`).
    pub id: String,
    /// Bumped whenever a change would invalidate saved runs.
    pub version: u32,
    pub title: String,
    /// One line for the library card.
    pub summary: String,
    /// Who the player is ("Head of Infrastructure at a mid-size retailer").
    pub role: String,
    /// Where and when this happens, a short paragraph for the briefing.
    pub setting: String,
    /// What the player is accountable for, said neutrally (shown on the briefing instead of
    /// the objectives, which would give the answers away).
    #[serde(default)]
    pub accountable: Option<String>,
    /// Estimated minutes to play once.
    pub minutes: u32,
    pub difficulty: Difficulty,
    /// Where the scenario is set: decides the spelling, currency and law the text follows
    /// (default: the United Kingdom).
    #[serde(default, skip_serializing_if = "Region::is_default")]
    pub region: Region,
    /// Learning objectives: shown on the debrief and in reports, never on the briefing.
    pub objectives: Vec<String>,
    /// The skill dimensions this scenario assesses, each with a weight for the overall score.
    pub assesses: Vec<(String, u32)>,
    pub characters: Vec<Character>,
    #[serde(default)]
    pub variables: Vec<Variable>,
    /// Documents the player can open in the scenes that list them.
    #[serde(default)]
    pub exhibits: Vec<Exhibit>,
    /// Id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
    pub endings: Vec<Ending>,
    /// Questions for a workshop debrief ("hot wash").
    #[serde(default)]
    pub debrief_questions: Vec<String>,
    /// Notes for the facilitator's guide (`rapport guide`); never shown to players.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitation: Option<Facilitation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difficulty {
    Introductory,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Introductory => "introductory",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
    /// The label as a heading or menu item ("Introductory").
    pub fn title(self) -> &'static str {
        match self {
            Difficulty::Introductory => "Introductory",
            Difficulty::Intermediate => "Intermediate",
            Difficulty::Advanced => "Advanced",
        }
    }
}

/// Where a scenario is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Region {
    #[default]
    UnitedKingdom,
    UnitedStates,
}

impl Region {
    fn is_default(&self) -> bool {
        *self == Region::UnitedKingdom
    }
    pub fn label(self) -> &'static str {
        match self {
            Region::UnitedKingdom => "United Kingdom",
            Region::UnitedStates => "United States",
        }
    }
    /// The short form for library cards and tables ("UK", "US").
    pub fn short(self) -> &'static str {
        match self {
            Region::UnitedKingdom => "UK",
            Region::UnitedStates => "US",
        }
    }
}

/// A person in the scenario. Trust (0–100) is how much they trust the player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Character {
    pub id: String,
    pub name: String,
    /// Job title ("Chief Financial Officer").
    pub title: String,
    /// What they want and what pressure they are under.
    pub profile: String,
    pub trust: i64,
    /// A note for authors only (what they know that the player must find out); never shown
    /// in play, reports or handouts.
    #[serde(default)]
    pub private: Option<String>,
}

/// A named scenario variable: an integer or a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Variable {
    Int {
        id: String,
        initial: i64,
        /// Shown to the player under this label (e.g. "Minutes since the outage began").
        #[serde(default)]
        label: Option<String>,
    },
    Flag {
        id: String,
        initial: bool,
        #[serde(default)]
        label: Option<String>,
    },
}

impl Variable {
    pub fn id(&self) -> &str {
        match self {
            Variable::Int { id, .. } | Variable::Flag { id, .. } => id,
        }
    }
    pub fn label(&self) -> Option<&str> {
        match self {
            Variable::Int { label, .. } | Variable::Flag { label, .. } => label.as_deref(),
        }
    }
    pub fn initial(&self) -> Value {
        match self {
            Variable::Int { initial, .. } => Value::Int(*initial),
            Variable::Flag { initial, .. } => Value::Flag(*initial),
        }
    }
}

/// The value of a variable during a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Value {
    Int(i64),
    Flag(bool),
}

impl Value {
    /// As a number: a flag is 0 or 1.
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(n) => *n,
            Value::Flag(b) => i64::from(*b),
        }
    }
}

/// A scene: beats shown in order, then exactly one way on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// Effects applied when the node is entered (before its beats are evaluated).
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub beats: Vec<Beat>,
    /// A question for the room in workshop mode.
    #[serde(default)]
    pub prompt: Option<String>,
    /// Ids of the exhibits the player can open in this scene (a decision node).
    #[serde(default)]
    pub exhibits: Vec<String>,
    /// A timed decision: the player has `seconds`; then the `timeout` choice is taken.
    #[serde(default)]
    pub timer: Option<Timer>,
    pub then: Then,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timer {
    pub seconds: u32,
    /// Id of one of this node's choices, taken when time runs out.
    pub timeout: String,
}

/// One line of the scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Beat {
    /// Stage direction or situation text.
    Narrate {
        text: String,
        #[serde(default)]
        when: Option<Condition>,
    },
    /// A character speaks.
    Say {
        who: String,
        text: String,
        #[serde(default)]
        when: Option<Condition>,
    },
}

impl Beat {
    pub fn when(&self) -> Option<&Condition> {
        match self {
            Beat::Narrate { when, .. } | Beat::Say { when, .. } => when.as_ref(),
        }
    }
    pub fn text(&self) -> &str {
        match self {
            Beat::Narrate { text, .. } | Beat::Say { text, .. } => text,
        }
    }
    pub fn speaker(&self) -> Option<&str> {
        match self {
            Beat::Narrate { .. } => None,
            Beat::Say { who, .. } => Some(who),
        }
    }
}

/// How a node continues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Then {
    /// The player decides.
    Choices(Vec<Choice>),
    /// Continue straight to another node.
    Goto(String),
    /// A weighted draw from the run's seeded RNG among the outcomes whose condition holds.
    Random(Vec<Branch>),
    /// The scenario ends here with this ending id.
    End(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Unique across the whole scenario.
    pub id: String,
    pub text: String,
    /// Offered only while this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Never offered as a button; only taken when the node's timer runs out.
    #[serde(default)]
    pub timeout_only: bool,
    /// Skill evidence: what this choice shows about the player.
    #[serde(default)]
    pub skills: Vec<Evidence>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub next: String,
    /// A short note shown after the choice in coach mode.
    #[serde(default)]
    pub coach: String,
}

impl Choice {
    /// The sum of the choice's skill points.
    pub fn points(&self) -> i64 {
        self.skills.iter().map(|e| i64::from(e.points)).sum()
    }
    /// Whether taking it costs something visible: a negative skill point, trust lost, or a
    /// negative `Add` (spending what is left: `Add("budget_k", -20)`, `Add("hours_left", -2)`).
    pub fn costs(&self) -> bool {
        self.skills.iter().any(|e| e.points < 0)
            || self
                .effects
                .iter()
                .any(|e| matches!(e, Effect::Trust(_, d) | Effect::Add(_, d) if *d < 0))
    }
}

/// Signed points on one skill dimension, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub skill: String,
    pub points: i32,
    /// One sentence that teaches why.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub id: String,
    pub weight: u32,
    #[serde(default)]
    pub when: Option<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub next: String,
}

/// A change to the run state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Change a character's trust by a signed amount (clamped to 0–100).
    Trust(String, i64),
    /// Add a signed amount to an integer variable.
    Add(String, i64),
    /// Set an integer variable.
    Set(String, i64),
    /// Set a flag.
    Flag(String, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Cmp {
    pub fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Ge => a >= b,
            Cmp::Gt => a > b,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }
}

/// A test on the run state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Compare an integer variable with a number.
    Var(String, Cmp, i64),
    /// A flag is set.
    Flag(String),
    /// Compare a character's trust with a number.
    Trust(String, Cmp, i64),
    /// The run has entered this node.
    Visited(String),
    /// The run has taken this choice.
    Chose(String),
    /// The run has opened this exhibit.
    Read(String),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Success,
    Partial,
    Failure,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Partial => "partial",
            Outcome::Failure => "failure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub title: String,
    pub outcome: Outcome,
    /// What happened and why, for the debrief screen: a string, or paragraphs each shown when
    /// its condition holds at the end of the run.
    pub debrief: Paragraphs,
    /// What a strong leader would have done, and why (a string or paragraphs, as `debrief`).
    pub strong_leader: Paragraphs,
}

/// The skill framework (`assets/skills.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillFramework {
    pub version: u32,
    pub skills: Vec<Skill>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub description: String,
    pub anchors: Anchors,
}

/// What weak, competent and strong look like in practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchors {
    pub weak: String,
    pub competent: String,
    pub strong: String,
}

impl Node {
    /// The ids of the nodes this node can lead to (whatever the conditions).
    pub fn targets(&self) -> Vec<&str> {
        match &self.then {
            Then::Choices(cs) => cs.iter().map(|c| c.next.as_str()).collect(),
            Then::Random(bs) => bs.iter().map(|b| b.next.as_str()).collect(),
            Then::Goto(t) => vec![t.as_str()],
            Then::End(_) => Vec::new(),
        }
    }
}

impl Scenario {
    /// Node id → position in `nodes` (the first, if ids repeat).
    pub fn index(&self) -> std::collections::HashMap<&str, usize> {
        let mut index = std::collections::HashMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            index.entry(n.id.as_str()).or_insert(i);
        }
        index
    }

    /// The first node with this id, by a scan: a [`Story`](crate::engine::story::Story) finds it
    /// in constant time.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id == id)
    }
    pub fn character(&self, id: &str) -> Option<&Character> {
        self.characters.iter().find(|c| c.id == id)
    }
    pub fn variable(&self, id: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.id() == id)
    }
    pub fn exhibit(&self, id: &str) -> Option<&Exhibit> {
        self.exhibits.iter().find(|x| x.id == id)
    }
    /// Every choice in the scenario with the node it belongs to.
    pub fn choices(&self) -> impl Iterator<Item = (&Node, &Choice)> {
        self.nodes.iter().flat_map(|n| match &n.then {
            Then::Choices(cs) => cs.iter().map(move |c| (n, c)).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }
    pub fn choice(&self, id: &str) -> Option<(&Node, &Choice)> {
        self.choices().find(|(_, c)| c.id == id)
    }
    /// Every condition in the scenario as written: on beats, choices, branches and debrief
    /// paragraphs, in file order.
    pub fn conditions(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        for n in &self.nodes {
            out.extend(n.beats.iter().filter_map(|b| b.when()));
            match &n.then {
                Then::Choices(cs) => out.extend(cs.iter().filter_map(|c| c.when.as_ref())),
                Then::Random(bs) => out.extend(bs.iter().filter_map(|b| b.when.as_ref())),
                Then::Goto(_) | Then::End(_) => {}
            }
        }
        for e in &self.endings {
            out.extend(
                e.debrief
                    .iter()
                    .chain(&e.strong_leader)
                    .filter_map(|p| p.when.as_ref()),
            );
        }
        out
    }
}

impl Condition {
    /// Calls `f` on every test under this condition (everything but `All`, `Any`, `Not`).
    pub fn each_test<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.each_test(f)),
            Condition::Not(c) => c.each_test(f),
            test => f(test),
        }
    }
}
