//! Pass: text the player would see empty — beats, choices and the endings' debrief fields.

use super::context::{Ctx, El};
use crate::engine::diagnostic::Code;
use crate::engine::model::Then;

impl Ctx<'_> {
    pub(super) fn texts(&mut self) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            if n.beats.iter().any(|b| b.text().trim().is_empty()) {
                self.error(
                    self.at_field(span, "beats"),
                    Code::EmptyText,
                    format!("node `{}` has a beat with no text", n.id),
                    "write the line, or delete the beat".into(),
                );
            }
            if let Then::Choices(cs) = &n.then {
                for (j, c) in cs.iter().enumerate() {
                    if c.text.trim().is_empty() {
                        self.error(
                            self.at_field(El::Arm(i, j), "text"),
                            Code::EmptyText,
                            format!("choice `{}` has no text", c.id),
                            "write what the player says or does".into(),
                        );
                    }
                }
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            for (field, text) in [
                ("title", &e.title),
                ("debrief", &e.debrief),
                ("strong_leader", &e.strong_leader),
            ] {
                if text.trim().is_empty() {
                    self.warn(
                        self.at_field(El::Ending(i), field),
                        Code::EmptyText,
                        format!("ending `{}` has an empty `{field}`", e.id),
                        "the debrief screen shows it; say what happened and what a strong leader would do"
                            .into(),
                    );
                }
            }
        }
    }
}
