//! Pass: the facilitator's notes — they name decision nodes and those nodes' choices that
//! exist, each contested decision argues at least two sides, and the audience is written.

use super::context::{Ctx, El};
use crate::engine::diagnostic::Code;
use crate::engine::model::Then;

impl Ctx<'_> {
    pub(super) fn facilitation(&mut self) {
        let s = self.s;
        let Some(f) = &s.facilitation else {
            return;
        };
        let el = El::Facilitation;
        if f.audience.trim().is_empty() {
            self.warn(
                self.at_field(el, "audience"),
                Code::EmptyText,
                "the facilitation notes' `audience` is empty".into(),
                "say who the session is for; the guide opens with it".into(),
            );
        }
        let decisions: Vec<&str> = s
            .nodes
            .iter()
            .filter(|n| matches!(n.then, Then::Choices(_)))
            .map(|n| n.id.as_str())
            .collect();
        let nodes = f
            .listen_for
            .iter()
            .map(|l| l.node.as_str())
            .chain(f.contested.iter().map(|c| c.node.as_str()));
        for node in nodes.collect::<Vec<_>>() {
            if !decisions.contains(&node) {
                let pos = self.at_str(el, node);
                self.unknown(
                    pos,
                    "decision node",
                    node,
                    decisions.iter().copied(),
                    "`nodes` (a node with `Choices`)",
                );
            }
        }
        for c in &f.contested {
            let Some(n) = s.nodes.iter().find(|n| n.id == c.node) else {
                continue;
            };
            let Then::Choices(choices) = &n.then else {
                continue;
            };
            let ids: Vec<&str> = choices.iter().map(|ch| ch.id.as_str()).collect();
            for side in &c.sides {
                if !ids.contains(&side.choice.as_str()) {
                    let pos = self.at_str(el, &side.choice);
                    self.unknown(
                        pos,
                        &format!("choice in node `{}` named", c.node),
                        &side.choice,
                        ids.iter().copied(),
                        &format!("node `{}`'s choices", c.node),
                    );
                }
            }
            if c.sides.len() < 2 {
                self.warn(
                    self.at_str(el, &c.node),
                    Code::OneSidedContest,
                    format!(
                        "the contested decision at `{}` argues {}",
                        c.node,
                        if c.sides.is_empty() {
                            "no side"
                        } else {
                            "only one side"
                        }
                    ),
                    "argue at least two choices, each with the case a trainer would make for it".into(),
                );
            }
        }
    }
}
