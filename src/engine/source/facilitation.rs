//! The facilitator's notes a scenario carries for `rapport guide`: who it is for, a timing
//! plan, what to listen for at each decision, the decisions trainers disagree on (with the
//! case for each side) and how to use the turning points. Never shown to players.

use serde::{Deserialize, Serialize};

/// A scenario's `facilitation` section. Everything here is for the facilitator; the guide
/// prints it with the scenario's exhibits as handouts and its hot-wash questions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facilitation {
    /// Who the session is for ("engineers in their first year as a team lead").
    pub audience: String,
    /// What participants should know or have done before.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// The session plan: each segment and its minutes, in order.
    #[serde(default)]
    pub timing: Vec<(String, u32)>,
    /// Per decision node: what the room should be listening for while it decides.
    #[serde(default)]
    pub listen_for: Vec<ListenFor>,
    /// Decisions where experienced trainers genuinely disagree, with both sides argued.
    #[serde(default)]
    pub contested: Vec<Contested>,
    /// How to use the run's turning points in the debrief.
    #[serde(default)]
    pub turning_points: String,
}

/// What to listen for at one decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenFor {
    /// The decision node.
    pub node: String,
    pub note: String,
}

/// A decision trainers disagree on: the question it raises and the case for each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contested {
    /// The decision node.
    pub node: String,
    /// The question to put to the room ("Is it fair to name the vendor before the review?").
    pub question: String,
    /// At least two sides, each the choice it argues for and the argument.
    pub sides: Vec<Side>,
}

/// One side of a contested decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// The choice this side would take (a choice id of the contested node).
    pub choice: String,
    /// The case for it, in a trainer's words.
    pub case: String,
}
